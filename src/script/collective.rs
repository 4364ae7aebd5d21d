//! A member's view of its collective: rules on the members' dataset read
//! the collective's own row as `tap_the.gia_tri("xep_loai")`, so that
//! "tổ trưởng không được xếp loại cao hơn tập thể" is a condition
//! (`chuc_vu != "to_truong" || xep_loai <= tap_the.gia_tri("xep_loai")`).
//! Only the collective's data is read, never its results: members are
//! judged before their collectives.

use super::choice::Ranking;
use super::facts::{note, Fact};
use super::failure::HelperError as H;
use crate::data::Value;
use rhai::{Dynamic, Engine, EvalAltResult, NativeCallContext};
use std::sync::Arc;

type Res<T> = Result<T, Box<EvalAltResult>>;

/// The name rules read a member's collective by.
pub const VAR: &str = "tap_the";

/// The collective dataset's columns, in row order, each with its ranking
/// when it is a ranked choice.
#[derive(Debug, Default)]
pub struct CollectiveColumns {
    pub names: Vec<String>,
    pub rankings: Vec<Option<Arc<Ranking>>>,
}

/// One member's collective: its row, or none when the member names no
/// collective (an empty link cell).
#[derive(Debug, Clone)]
pub struct TapThe {
    pub columns: Arc<CollectiveColumns>,
    pub row: Option<Arc<[Value]>>,
    /// The member's rows name different collectives (a register by year).
    pub several: bool,
}

fn value_of(c: NativeCallContext, t: &mut TapThe, col: &str) -> Res<Dynamic> {
    let Some(i) = t.columns.names.iter().position(|n| n == col) else {
        return H::UnknownCollectiveColumn(col.to_string()).throw();
    };
    if t.several {
        return H::SeveralCollectives.throw();
    }
    let v = t.row.as_ref().map(|r| r[i].clone()).filter(|v| !v.is_empty());
    note(c.call_position(), || Fact::Collective { column: col.to_string(), value: v.clone() });
    Ok(v.map_or(Dynamic::UNIT, |v| super::choice::dynamic(&v, t.columns.rankings[i].as_ref())))
}

pub fn register(e: &mut Engine) {
    e.register_type_with_name::<TapThe>("TapThe");
    for name in ["gia_tri", "value_of"] {
        e.register_fn(name, value_of);
    }
}
