//! Simple conditions (the [`native`](super::native) subset: comparisons, set
//! membership, `&&`, `||`, `!`) run down whole columns of a [`Batch`] at once,
//! with the run's parameters folded in as constants. The answers are the
//! native tree's, which are Rhai's: a differential test checks all three.

use super::native::{CmpOp, Expr, Operand};
use crate::data::batch::{Batch, ColumnData};
use crate::data::Value;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// A condition compiled against a dataset's columns.
#[derive(Debug, Clone)]
pub enum ColCond {
    Const(bool),
    And(Vec<ColCond>),
    Or(Vec<ColCond>),
    Not(Box<ColCond>),
    /// `column op constant`
    CmpLit {
        col: usize,
        op: CmpOp,
        lit: Value,
    },
    /// `column op column`
    CmpCols {
        a: usize,
        op: CmpOp,
        b: usize,
    },
    In {
        col: usize,
        items: Vec<Value>,
    },
    Truthy {
        col: usize,
    },
}

/// One cell, borrowed, for comparisons that are not worth a typed loop.
#[derive(Debug, Clone, Copy)]
enum Scalar<'a> {
    Int(i64),
    Dec(Decimal),
    Text(&'a str),
    Bool(bool),
    Date(NaiveDate),
}

impl Scalar<'_> {
    fn num(&self) -> Option<Decimal> {
        match self {
            Scalar::Int(i) => Some(Decimal::from(*i)),
            Scalar::Dec(d) => Some(*d),
            _ => None,
        }
    }
}

fn scalar(b: &Batch, col: usize, row: usize) -> Scalar<'_> {
    match &b.columns[col].data {
        ColumnData::Text(t) => Scalar::Text(t.get(row)),
        ColumnData::Enum(v, names) => Scalar::Text(&names[v[row] as usize]),
        ColumnData::Int(v) => Scalar::Int(v[row]),
        ColumnData::Dec(v) => Scalar::Dec(v[row]),
        ColumnData::Bool(v) => Scalar::Bool(v[row]),
        ColumnData::Date(v) => Scalar::Date(v[row]),
    }
}

fn lit_scalar(v: &Value) -> Option<Scalar<'_>> {
    Some(match v {
        Value::Int(i) => Scalar::Int(*i),
        Value::Dec(d) => Scalar::Dec(*d),
        Value::Text(s) => Scalar::Text(s),
        Value::Bool(b) => Scalar::Bool(*b),
        Value::Date(d) => Scalar::Date(*d),
        Value::Null => return None,
    })
}

/// The native tree's ordering: numbers by value, text by bytes; unlike
/// kinds do not compare.
fn order(a: Scalar, b: Scalar) -> Option<Ordering> {
    match (a, b) {
        (Scalar::Int(x), Scalar::Int(y)) => Some(x.cmp(&y)),
        (Scalar::Text(x), Scalar::Text(y)) => Some(x.as_bytes().cmp(y.as_bytes())),
        (Scalar::Date(x), Scalar::Date(y)) => Some(x.cmp(&y)),
        (Scalar::Bool(x), Scalar::Bool(y)) => Some(x.cmp(&y)),
        _ => Some(a.num()?.cmp(&b.num()?)),
    }
}

/// Equality for `in [...]`: numbers by value, everything else exactly.
fn same(a: Scalar, b: Scalar) -> bool {
    match (a.num(), b.num()) {
        (Some(x), Some(y)) => x == y,
        _ => match (a, b) {
            (Scalar::Text(x), Scalar::Text(y)) => x == y,
            (Scalar::Bool(x), Scalar::Bool(y)) => x == y,
            (Scalar::Date(x), Scalar::Date(y)) => x == y,
            _ => false,
        },
    }
}

fn holds(op: CmpOp, o: Ordering) -> bool {
    op.holds(o)
}

fn flip(op: CmpOp) -> CmpOp {
    op.flip()
}

impl ColCond {
    /// Compiles a native tree: slots below `n_cols` are columns, the others
    /// index `extra` (parameters, `ngay_xet`, `nam_xet`: constant for a run).
    /// `None` when a column may be empty (such conditions stay with Rhai).
    pub fn compile(e: &Expr, n_cols: usize, extra: &[Value], nullable: &[bool]) -> Option<ColCond> {
        enum Side {
            Col(usize),
            Lit(Value),
        }
        let side = |o: &Operand| -> Option<Side> {
            match o {
                Operand::Var(s, _) if *s < n_cols => (!nullable[*s]).then_some(Side::Col(*s)),
                Operand::Var(s, _) => extra.get(s - n_cols).cloned().map(Side::Lit),
                Operand::Lit(v) => Some(Side::Lit(v.clone())),
            }
        };
        let all =
            |xs: &[Expr]| xs.iter().map(|x| Self::compile(x, n_cols, extra, nullable)).collect::<Option<Vec<_>>>();
        Some(match e {
            Expr::And(xs) => ColCond::And(all(xs)?),
            Expr::Or(xs) => ColCond::Or(all(xs)?),
            Expr::Not(x) => ColCond::Not(Box::new(Self::compile(x, n_cols, extra, nullable)?)),
            Expr::Cmp(a, op, b) => match (side(a)?, side(b)?) {
                (Side::Col(a), Side::Col(b)) => ColCond::CmpCols { a, op: *op, b },
                (Side::Col(col), Side::Lit(lit)) => ColCond::CmpLit { col, op: *op, lit },
                (Side::Lit(lit), Side::Col(col)) => ColCond::CmpLit { col, op: flip(*op), lit },
                (Side::Lit(x), Side::Lit(y)) => ColCond::Const(match (lit_scalar(&x), lit_scalar(&y)) {
                    (Some(x), Some(y)) => order(x, y).is_some_and(|o| holds(*op, o)),
                    _ => false,
                }),
            },
            Expr::In(a, items) => match side(a)? {
                Side::Col(col) => ColCond::In { col, items: items.clone() },
                Side::Lit(v) => ColCond::Const(
                    lit_scalar(&v).is_some_and(|x| items.iter().filter_map(lit_scalar).any(|y| same(x, y))),
                ),
            },
            Expr::Truthy(a) => match side(a)? {
                Side::Col(col) => ColCond::Truthy { col },
                Side::Lit(v) => ColCond::Const(matches!(v, Value::Bool(true))),
            },
        })
    }

    /// The condition for every row of the batch.
    pub fn eval(&self, b: &Batch) -> Vec<bool> {
        let n = b.len();
        match self {
            ColCond::Const(c) => vec![*c; n],
            ColCond::And(xs) => {
                let mut out = vec![true; n];
                for x in xs {
                    for (o, v) in out.iter_mut().zip(x.eval(b)) {
                        *o &= v;
                    }
                }
                out
            }
            ColCond::Or(xs) => {
                let mut out = vec![false; n];
                for x in xs {
                    for (o, v) in out.iter_mut().zip(x.eval(b)) {
                        *o |= v;
                    }
                }
                out
            }
            ColCond::Not(x) => x.eval(b).into_iter().map(|v| !v).collect(),
            ColCond::CmpLit { col, op, lit } => cmp_lit(b, *col, *op, lit),
            ColCond::CmpCols { a, op, b: c } => {
                (0..n).map(|r| order(scalar(b, *a, r), scalar(b, *c, r)).is_some_and(|o| holds(*op, o))).collect()
            }
            ColCond::In { col, items } => in_set(b, *col, items),
            ColCond::Truthy { col } => match &b.columns[*col].data {
                ColumnData::Bool(v) => v.clone(),
                _ => vec![false; n],
            },
        }
    }
}

/// `column op constant`, with a typed loop for the common column types.
fn cmp_lit(b: &Batch, col: usize, op: CmpOp, lit: &Value) -> Vec<bool> {
    let n = b.len();
    let Some(l) = lit_scalar(lit) else { return vec![false; n] };
    match (&b.columns[col].data, l) {
        (ColumnData::Int(v), Scalar::Int(x)) => v.iter().map(|a| holds(op, a.cmp(&x))).collect(),
        (ColumnData::Int(v), Scalar::Dec(x)) if x.fract().is_zero() && i64::try_from(x).is_ok() => {
            let x = i64::try_from(x).unwrap_or_default();
            v.iter().map(|a| holds(op, a.cmp(&x))).collect()
        }
        (ColumnData::Dec(v), Scalar::Int(_) | Scalar::Dec(_)) => {
            let x = l.num().unwrap_or_default();
            v.iter().map(|a| holds(op, a.cmp(&x))).collect()
        }
        (ColumnData::Text(t), Scalar::Text(x)) => {
            (0..n).map(|r| holds(op, t.get(r).as_bytes().cmp(x.as_bytes()))).collect()
        }
        (ColumnData::Enum(v, names), Scalar::Text(x)) => {
            // Each declared value's answer, once; then a lookup per row.
            let by_code: Vec<bool> = names.iter().map(|s| holds(op, s.as_bytes().cmp(x.as_bytes()))).collect();
            v.iter().map(|&c| by_code[c as usize]).collect()
        }
        (ColumnData::Bool(v), Scalar::Bool(x)) => v.iter().map(|a| holds(op, a.cmp(&x))).collect(),
        (ColumnData::Date(v), Scalar::Date(x)) => v.iter().map(|a| holds(op, a.cmp(&x))).collect(),
        _ => (0..n).map(|r| order(scalar(b, col, r), l).is_some_and(|o| holds(op, o))).collect(),
    }
}

/// `column in [items]`.
fn in_set(b: &Batch, col: usize, items: &[Value]) -> Vec<bool> {
    let n = b.len();
    let lits: Vec<Scalar> = items.iter().filter_map(lit_scalar).collect();
    match &b.columns[col].data {
        ColumnData::Enum(v, names) => {
            let by_code: Vec<bool> = names.iter().map(|s| lits.iter().any(|l| same(Scalar::Text(s), *l))).collect();
            v.iter().map(|&c| by_code[c as usize]).collect()
        }
        _ => (0..n).map(|r| lits.iter().any(|l| same(scalar(b, col, r), *l))).collect(),
    }
}
