//! What `==`, `<`, `>=` and `in [...]` mean between data values: numbers by
//! value (an int and a decimal compare), text by its bytes, dates and yes/no
//! among their own kind; values of unlike kinds never compare, and an empty
//! cell is equal only to another empty one. The one comparison semantics of
//! the native tree (a row of [`Value`]s) and of the columns (a [`Batch`] of
//! typed cells). Rhai gives the same answers on the same conditions:
//! `tests/columnar_differential.rs` holds both to it.
//!
//! [`Batch`]: crate::data::batch::Batch

use super::native::CmpOp;
use crate::data::Value;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// One value, borrowed: a cell of a column or a [`Value`].
#[derive(Debug, Clone, Copy)]
pub enum Scalar<'a> {
    Null,
    Int(i64),
    Dec(Decimal),
    Text(&'a str),
    Bool(bool),
    Date(NaiveDate),
}

impl<'a> From<&'a Value> for Scalar<'a> {
    fn from(v: &'a Value) -> Scalar<'a> {
        match v {
            Value::Null => Scalar::Null,
            Value::Int(i) => Scalar::Int(*i),
            Value::Dec(d) => Scalar::Dec(*d),
            Value::Text(s) => Scalar::Text(s),
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Date(d) => Scalar::Date(*d),
        }
    }
}

impl Scalar<'_> {
    fn number(self) -> Option<Decimal> {
        match self {
            Scalar::Int(i) => Some(Decimal::from(i)),
            Scalar::Dec(d) => Some(d),
            _ => None,
        }
    }
}

/// How `a` and `b` are ordered; `None` when they do not compare. Always
/// inlined: in a column's loop both kinds are known and the match folds away.
#[inline(always)]
pub fn order(a: Scalar, b: Scalar) -> Option<Ordering> {
    match (a, b) {
        (Scalar::Int(x), Scalar::Int(y)) => Some(x.cmp(&y)),
        (Scalar::Text(x), Scalar::Text(y)) => Some(x.as_bytes().cmp(y.as_bytes())),
        (Scalar::Date(x), Scalar::Date(y)) => Some(x.cmp(&y)),
        (Scalar::Bool(x), Scalar::Bool(y)) => Some(x.cmp(&y)),
        _ => Some(a.number()?.cmp(&b.number()?)),
    }
}

/// Whether `a op b` holds; never when they do not compare.
#[inline(always)]
pub fn holds(a: Scalar, op: CmpOp, b: Scalar) -> bool {
    order(a, b).is_some_and(|o| op.holds(o))
}

/// Equality for `in [...]`: numbers by value, everything else exactly.
#[inline]
pub fn same(a: Scalar, b: Scalar) -> bool {
    match (a, b) {
        (Scalar::Null, Scalar::Null) => true,
        (Scalar::Text(x), Scalar::Text(y)) => x == y,
        (Scalar::Bool(x), Scalar::Bool(y)) => x == y,
        (Scalar::Date(x), Scalar::Date(y)) => x == y,
        _ => matches!((a.number(), b.number()), (Some(x), Some(y)) if x == y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_by_value_and_unlike_kinds_never() {
        let d = |s: &str| Scalar::Dec(s.parse().unwrap());
        assert_eq!(order(Scalar::Int(2), d("2.00")), Some(Ordering::Equal));
        assert!(holds(d("89.99"), CmpOp::Lt, Scalar::Int(90)));
        assert!(same(Scalar::Int(1), d("1.0")));
        assert_eq!(order(Scalar::Text("1"), Scalar::Int(1)), None);
        assert!(!holds(Scalar::Text("1"), CmpOp::Ne, Scalar::Int(1)));
        assert!(!same(Scalar::Text("1"), Scalar::Int(1)));
        assert!(same(Scalar::Null, Scalar::Null));
        assert!(!same(Scalar::Null, Scalar::Text("")));
        assert_eq!(order(Scalar::Null, Scalar::Null), None);
        assert_eq!(order(Scalar::Text("Z"), Scalar::Text("a")), Some(Ordering::Less));
    }
}
