// Errors carry their location and are built only on failure paths; boxing
// them would cost clarity for no measurable gain.
#![allow(clippy::result_large_err)]
// Two exceptions, each allowed where it is and justified there: the
// counting allocator (a `GlobalAlloc` impl is unsafe by definition) and the
// unchecked view of CSV fields already checked as UTF-8 (the hot path).
#![deny(unsafe_code)]

//! thidua: a rules engine for Vietnamese emulation and commendation
//! ("thi đua, khen thưởng").
//!
//! The pipeline, one module per arrow:
//! [`pack`] (load YAML) → [`compile`] (Rhai, once) ; [`data`] (typed CSV) →
//! [`eval`] (per subject, pure) → [`report`] (text, CSV, JSON, Markdown).
//! [`app`] wires them for the command line; [`i18n`] holds the language.

pub mod alloc;
pub mod app;
pub mod audit;
pub mod compile;
pub mod data;
pub mod decimal_text;
pub mod eval;
pub mod ground;
pub mod i18n;
pub mod limits;
pub mod location;
pub mod output;
pub mod pack;
pub mod pipeline;
pub mod report;
pub mod script;
#[cfg(feature = "serve")]
pub mod serve;
#[cfg(feature = "serve")]
pub mod store;
pub mod testing;
pub mod year;
