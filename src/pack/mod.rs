//! Rule packs: the model, loading from YAML, and cross-checks.

mod column;
mod compose;
pub mod dependency_messages;
pub mod err;
pub mod links;
pub mod load;
pub mod model;
mod num;
mod rule_messages;
pub mod schema;
pub mod scorecard;
mod scorecard_check;
pub mod scoring;
pub(crate) mod source;
pub mod spans;
mod year_messages;

pub use err::{PackError, PackErrorKind};
pub use load::load;
pub use model::*;
pub use scorecard::Scorecard;
