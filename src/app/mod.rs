//! The commands, as library functions: each wires loading, evaluation and
//! reporting together and returns the text to print or a typed error that
//! knows its exit code. The binary only parses flags and prints.
//!
//! One module per command; `run` holds what every run shares (outputs,
//! manifests, warnings), `error` the error type and exit codes, `needs` which
//! datasets an award reads.

mod check;
mod diff;
mod error;
mod needs;
mod new;
mod pack_test;
mod run;
mod score;
mod template;
mod validate;
mod verify;
mod year;
mod year_verify;

pub use check::*;
pub use diff::*;
pub use error::*;
pub use needs::*;
pub use new::*;
pub use pack_test::*;
pub use run::*;
pub use score::*;
pub use template::*;
pub use validate::*;
pub use verify::*;
pub use year::*;

use crate::compile::CompiledPack;
use crate::eval::{EvalError, EvalErrorKind};
use crate::location::Location;
use crate::pack::{self};
use crate::script::ScriptLimits;
use chrono::NaiveDate;
use std::path::Path;

/// Loads and compiles a pack.
pub fn load_pack(dir: &Path, limits: &ScriptLimits) -> Result<CompiledPack, AppError> {
    // The script engine does not depend on the pack: it is built while the
    // pack's files are read.
    let (engine, loaded) = rayon::join(|| crate::script::new_engine(limits), || pack::load::load_partial(dir));
    let (p, errs) = loaded.map_err(|e| AppError::Pack(vec![e]))?;
    crate::compile::compile_with_engine(p, engine, errs).map_err(AppError::Pack)
}

/// The evaluation date: the command line, else the pack's `as_of`, else the
/// end of the pack's period. Never today's date.
pub fn resolve_as_of(cp: &CompiledPack, given: Option<NaiveDate>) -> Result<NaiveDate, AppError> {
    given.or(cp.pack.as_of).or(cp.pack.effective.to).ok_or_else(|| {
        AppError::Eval(vec![EvalError {
            loc: Location::file(&cp.pack.files[0]),
            award: None,
            scorecard: None,
            criterion: None,
            subject: None,
            kind: EvalErrorKind::NoAsOf,
            rule_at: None,
        }])
    })
}
