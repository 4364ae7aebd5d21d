//! Simple conditions (the [`native`](super::native) subset: comparisons, set
//! membership, `&&`, `||`, `!`) run down whole columns of a [`Batch`] at once,
//! with the run's parameters folded in as constants. Comparisons mean what
//! [`super::compare`] says, as in the native tree; Rhai agrees (a
//! differential test checks all three).

use super::compare::{holds, same, Scalar};
use super::native::{CmpOp, Expr, Operand};
use crate::data::batch::{Batch, ColumnData};
use crate::data::Value;
use rust_decimal::Decimal;

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
                (Side::Lit(lit), Side::Col(col)) => ColCond::CmpLit { col, op: op.flip(), lit },
                (Side::Lit(x), Side::Lit(y)) => ColCond::Const(holds((&x).into(), *op, (&y).into())),
            },
            Expr::In(a, items) => match side(a)? {
                Side::Col(col) => ColCond::In { col, items: items.clone() },
                Side::Lit(v) => ColCond::Const(items.iter().any(|y| same((&v).into(), y.into()))),
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
                (0..n).map(|r| holds(scalar(b, *a, r), *op, scalar(b, *c, r))).collect()
            }
            ColCond::In { col, items } => in_set(b, *col, items),
            ColCond::Truthy { col } => match &b.columns[*col].data {
                ColumnData::Bool(v) => v.clone(),
                _ => vec![false; n],
            },
        }
    }
}

/// `column op constant`. Each common pair of kinds gets its own loop, where
/// [`holds`] is inlined with both kinds known: the same semantics, without a
/// kind test per row.
fn cmp_lit(b: &Batch, col: usize, op: CmpOp, lit: &Value) -> Vec<bool> {
    let n = b.len();
    let l = Scalar::from(lit);
    match (&b.columns[col].data, l) {
        (_, Scalar::Null) => vec![false; n],
        (ColumnData::Int(v), Scalar::Int(x)) => v.iter().map(|&a| holds(Scalar::Int(a), op, Scalar::Int(x))).collect(),
        // A whole decimal compares with ints as the int it equals.
        (ColumnData::Int(v), Scalar::Dec(x)) if x.fract().is_zero() && i64::try_from(x).is_ok() => {
            let x = i64::try_from(x).unwrap_or_default();
            v.iter().map(|&a| holds(Scalar::Int(a), op, Scalar::Int(x))).collect()
        }
        (ColumnData::Dec(v), Scalar::Int(_) | Scalar::Dec(_)) => {
            let x = match l {
                Scalar::Int(i) => Decimal::from(i),
                Scalar::Dec(d) => d,
                _ => Decimal::ZERO,
            };
            v.iter().map(|&a| holds(Scalar::Dec(a), op, Scalar::Dec(x))).collect()
        }
        (ColumnData::Text(t), Scalar::Text(x)) => {
            (0..n).map(|r| holds(Scalar::Text(t.get(r)), op, Scalar::Text(x))).collect()
        }
        (ColumnData::Enum(v, names), _) => {
            // Each declared value's answer, once; then a lookup per row.
            let by_code: Vec<bool> = names.iter().map(|s| holds(Scalar::Text(s), op, l)).collect();
            v.iter().map(|&c| by_code[c as usize]).collect()
        }
        _ => (0..n).map(|r| holds(scalar(b, col, r), op, l)).collect(),
    }
}

/// `column in [items]`.
fn in_set(b: &Batch, col: usize, items: &[Value]) -> Vec<bool> {
    let n = b.len();
    let lits: Vec<Scalar> = items.iter().map(Scalar::from).collect();
    match &b.columns[col].data {
        ColumnData::Enum(v, names) => {
            let by_code: Vec<bool> = names.iter().map(|s| lits.iter().any(|l| same(Scalar::Text(s), *l))).collect();
            v.iter().map(|&c| by_code[c as usize]).collect()
        }
        _ => (0..n).map(|r| lits.iter().any(|l| same(scalar(b, col, r), *l))).collect(),
    }
}
