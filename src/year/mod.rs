//! A council's year as one run: a year file (`nam-2024.yaml`, beside the
//! packs) names the evaluation date and the steps, each a pack run over its
//! data, in order. A step may take columns of its data from an earlier
//! step's results (`from:`): the members' titles decided this year, a
//! unit's total, rank, band and proposal from the cluster's scorecard.
//! Loading checks every name and type against the packs; running is
//! `app::year`.

pub mod load;
pub mod model;

pub use load::load;
pub use model::{Field, Step, StepKind, Year};
