//! Rules as code: the sandboxed Rhai engine, rule helpers, and compiled
//! conditions (Rhai, plus a native tree for simple ones).

pub mod choice;
pub mod collective;
pub mod columnar;
pub mod compare;
pub mod condition;
pub mod context;
pub mod dates;
pub mod engine;
pub mod facts;
pub mod failure;
pub mod helpers;
pub mod names;
pub mod native;

pub use condition::{CompileError, Condition, Layout, NumExpr, Script, ScriptError};
pub use context::ScriptCtx;
pub use engine::{new_engine, ScriptLimits};

use crate::data::Value;

/// The values a condition can read for one subject: the row, then the
/// per-run values (parameters, `ngay_xet`, `nam_xet`).
#[derive(Clone, Copy)]
pub struct Slots<'a> {
    pub row: &'a [Value],
    pub extra: &'a [Value],
}

impl<'a> Slots<'a> {
    pub fn get(&self, i: usize) -> &'a Value {
        if i < self.row.len() {
            &self.row[i]
        } else {
            &self.extra[i - self.row.len()]
        }
    }
}
