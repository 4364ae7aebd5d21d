//! Conditions made only of comparisons, set membership and `&&`/`||`/`!` are
//! also compiled to this small tree. It evaluates without Rhai and, when a
//! condition fails, says which part failed, with the actual value and what was
//! needed (`so_sang_kien = 0, cần ≥ 1`). Anything else stays with Rhai.

use super::compare;
use super::Slots;
use crate::data::Value;
use crate::ground::lex::{lex, Tok};
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum CmpOp {
    #[serde(rename = "==")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
}

impl CmpOp {
    /// The operator written as in Rhai (`>=`).
    pub fn from_code(code: &str) -> Option<CmpOp> {
        Some(match code {
            "==" => CmpOp::Eq,
            "!=" => CmpOp::Ne,
            "<" => CmpOp::Lt,
            "<=" => CmpOp::Le,
            ">" => CmpOp::Gt,
            ">=" => CmpOp::Ge,
            _ => return None,
        })
    }
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "≠",
            CmpOp::Lt => "<",
            CmpOp::Le => "≤",
            CmpOp::Gt => ">",
            CmpOp::Ge => "≥",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
    pub fn flip(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            o => o,
        }
    }
    fn negate(self) -> CmpOp {
        match self {
            CmpOp::Eq => CmpOp::Ne,
            CmpOp::Ne => CmpOp::Eq,
            CmpOp::Lt => CmpOp::Ge,
            CmpOp::Le => CmpOp::Gt,
            CmpOp::Gt => CmpOp::Le,
            CmpOp::Ge => CmpOp::Lt,
        }
    }
    pub fn holds(self, o: Ordering) -> bool {
        match self {
            CmpOp::Eq => o == Ordering::Equal,
            CmpOp::Ne => o != Ordering::Equal,
            CmpOp::Lt => o == Ordering::Less,
            CmpOp::Le => o != Ordering::Greater,
            CmpOp::Gt => o == Ordering::Greater,
            CmpOp::Ge => o != Ordering::Less,
        }
    }
}

/// The broad type of an operand, checked when the tree is built so that
/// evaluation never compares unlike things.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Num,
    Text,
    Bool,
    Date,
}

pub fn kind_of(v: &Value) -> Option<Kind> {
    match v {
        Value::Int(_) | Value::Dec(_) => Some(Kind::Num),
        Value::Text(_) => Some(Kind::Text),
        Value::Bool(_) => Some(Kind::Bool),
        Value::Date(_) => Some(Kind::Date),
        Value::Null => None,
    }
}

/// A variable a condition reads: resolved by the caller to a slot in the
/// evaluation environment.
#[derive(Debug, Clone)]
pub struct VarInfo {
    pub name: String,
    pub slot: usize,
    pub kind: Kind,
    /// Declared values, for enum columns.
    pub values: Option<Vec<String>>,
    /// The rank of each value, for a choice column declared `ordered`.
    pub ranking: Option<std::sync::Arc<super::choice::Ranking>>,
}

#[derive(Debug, Clone)]
pub enum Operand {
    Var(usize, String),
    Lit(Value),
}

#[derive(Debug, Clone)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Cmp(Operand, CmpOp, Operand),
    In(Operand, Vec<Value>),
    Truthy(Operand),
}

impl Expr {
    /// The slots the tree reads, ascending.
    pub fn slots(&self) -> Vec<usize> {
        fn walk(e: &Expr, out: &mut Vec<usize>) {
            let operands: Vec<&Operand> = match e {
                Expr::And(xs) | Expr::Or(xs) => return xs.iter().for_each(|x| walk(x, out)),
                Expr::Not(x) => return walk(x, out),
                Expr::Cmp(a, _, b) => vec![a, b],
                Expr::In(a, _) | Expr::Truthy(a) => vec![a],
            };
            out.extend(operands.into_iter().filter_map(|o| match o {
                Operand::Var(s, _) => Some(*s),
                Operand::Lit(_) => None,
            }));
        }
        let mut out = Vec::new();
        walk(self, &mut out);
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Why a native condition failed, part by part.
#[derive(Debug, Clone, PartialEq)]
pub enum Shortfall {
    /// `var` has `actual` but needs `op other` (`other_name` when the other
    /// side is itself a variable or parameter).
    Compare {
        var: String,
        actual: Value,
        op: CmpOp,
        other: Value,
        other_name: Option<String>,
    },
    OneOf {
        var: String,
        actual: Value,
        allowed: Vec<Value>,
    },
    NoneOf {
        var: String,
        actual: Value,
        refused: Vec<Value>,
    },
    /// At least one of these would have been enough.
    Any(Vec<Vec<Shortfall>>),
    /// What the rule's helpers found (streaks, counts, members' shares), each
    /// with what its comparison needed when it was compared with one value.
    Found(Vec<Finding>),
    /// A part that is not a simple comparison: its text must hold. Reports
    /// show the values it read; its source is for `--explain`.
    Holds(String),
}

/// One helper result of a failed condition, and what it was compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub fact: super::facts::Fact,
    /// `op other` as the rule compares it; `met` says whether it held.
    pub need: Option<(CmpOp, Value, bool)>,
}

/// Resolves names while building the tree.
pub trait Resolver {
    fn var(&self, name: &str) -> Option<VarInfo>;
    fn constant(&self, name: &str) -> Option<Value>;
}

/// Problems worth stopping the pack for, found while building the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildIssue {
    /// An enum column compared with a value it can never hold.
    NotAnEnumValue { column: String, value: String, allowed: Vec<String> },
}

struct Parser<'r, R: Resolver> {
    toks: Vec<Tok>,
    pos: usize,
    r: &'r R,
    issues: Vec<BuildIssue>,
}

/// Builds the tree for `src`, or `None` when the condition is not in the
/// simple subset (then Rhai alone evaluates it).
pub fn build<R: Resolver>(src: &str, r: &R) -> (Option<Expr>, Vec<BuildIssue>) {
    let Some(toks) = lex(src) else {
        return (None, vec![]);
    };
    let mut p = Parser { toks, pos: 0, r, issues: vec![] };
    let e = p.or();
    let done = p.pos == p.toks.len();
    let issues = std::mem::take(&mut p.issues);
    match e {
        Some(e) if done => (Some(e), issues),
        _ => (None, issues),
    }
}

impl<R: Resolver> Parser<'_, R> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn eat(&mut self, t: &Tok) -> bool {
        if self.peek() == Some(t) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn or(&mut self) -> Option<Expr> {
        let mut xs = vec![self.and()?];
        while self.eat(&Tok::Op("||")) {
            xs.push(self.and()?);
        }
        Some(if xs.len() == 1 { xs.pop()? } else { Expr::Or(xs) })
    }
    fn and(&mut self) -> Option<Expr> {
        let mut xs = vec![self.unary()?];
        while self.eat(&Tok::Op("&&")) {
            xs.push(self.unary()?);
        }
        Some(if xs.len() == 1 { xs.pop()? } else { Expr::And(xs) })
    }
    fn unary(&mut self) -> Option<Expr> {
        if self.eat(&Tok::Op("!")) {
            if matches!(self.peek(), Some(Tok::Op("(" | "!"))) {
                return Some(Expr::Not(Box::new(self.unary()?)));
            }
            // Rhai binds `!` tighter than comparisons: `!x == y` is `(!x) == y`.
            // Only the plain `!flag` form is taken here.
            let (a, k, _) = self.operand()?;
            if k != Kind::Bool
                || matches!(self.peek(), Some(Tok::Op("==" | "!=" | "<" | "<=" | ">" | ">=")) | Some(Tok::In))
            {
                return None;
            }
            return Some(Expr::Not(Box::new(Expr::Truthy(a))));
        }
        if self.eat(&Tok::Op("(")) {
            let e = self.or()?;
            if !self.eat(&Tok::Op(")")) {
                return None;
            }
            return Some(e);
        }
        self.comparison()
    }
    fn operand(&mut self) -> Option<(Operand, Kind, Option<Vec<String>>)> {
        let t = self.peek()?.clone();
        self.pos += 1;
        match t {
            Tok::Ident(name) => {
                if let Some(v) = self.r.var(&name) {
                    Some((Operand::Var(v.slot, name), v.kind, v.values))
                } else {
                    let c = self.r.constant(&name)?;
                    let k = kind_of(&c)?;
                    Some((Operand::Lit(c), k, None))
                }
            }
            Tok::Int(i) => Some((Operand::Lit(Value::Int(i)), Kind::Num, None)),
            Tok::Dec(d) => Some((Operand::Lit(Value::Dec(d)), Kind::Num, None)),
            Tok::Str(s) => Some((Operand::Lit(Value::text(&s)), Kind::Text, None)),
            Tok::Bool(b) => Some((Operand::Lit(Value::Bool(b)), Kind::Bool, None)),
            _ => None,
        }
    }
    fn check_enum(&mut self, a: &Operand, values: &Option<Vec<String>>, lit: &Value) {
        if let (Operand::Var(_, name), Some(allowed), Value::Text(s)) = (a, values, lit) {
            if !allowed.iter().any(|v| **v == **s) {
                self.issues.push(BuildIssue::NotAnEnumValue {
                    column: name.clone(),
                    value: s.to_string(),
                    allowed: allowed.clone(),
                });
            }
        }
    }
    fn comparison(&mut self) -> Option<Expr> {
        let (a, ka, va) = self.operand()?;
        let op = match self.peek() {
            Some(Tok::Op("==")) => CmpOp::Eq,
            Some(Tok::Op("!=")) => CmpOp::Ne,
            Some(Tok::Op("<")) => CmpOp::Lt,
            Some(Tok::Op("<=")) => CmpOp::Le,
            Some(Tok::Op(">")) => CmpOp::Gt,
            Some(Tok::Op(">=")) => CmpOp::Ge,
            Some(Tok::In) => {
                self.pos += 1;
                return self.membership(a, ka, va);
            }
            _ => {
                return (ka == Kind::Bool).then_some(Expr::Truthy(a));
            }
        };
        self.pos += 1;
        let (b, kb, vb) = self.operand()?;
        // A date compared with text written as a date compares as dates
        // (the loader refuses text that is not one).
        let (a, ka) = as_date_if(a, ka, kb);
        let (b, kb) = as_date_if(b, kb, ka);
        if ka != kb || (ka == Kind::Bool && !matches!(op, CmpOp::Eq | CmpOp::Ne)) {
            return None;
        }
        if let Operand::Lit(l) = &b {
            self.check_enum(&a, &va, l);
        }
        if let Operand::Lit(l) = &a {
            self.check_enum(&b, &vb, l);
        }
        // Choices rank by their place in a declared order, not by their
        // letters: Rhai compares them (see `script::choice`).
        if !matches!(op, CmpOp::Eq | CmpOp::Ne) && (va.is_some() || vb.is_some()) {
            return None;
        }
        Some(Expr::Cmp(a, op, b))
    }
    fn membership(&mut self, a: Operand, ka: Kind, va: Option<Vec<String>>) -> Option<Expr> {
        if !self.eat(&Tok::Op("[")) {
            return None;
        }
        let mut items = Vec::new();
        if !self.eat(&Tok::Op("]")) {
            loop {
                let (o, k, _) = self.operand()?;
                let Operand::Lit(v) = o else { return None };
                if k != ka {
                    return None;
                }
                self.check_enum(&a, &va, &v);
                items.push(v);
                if self.eat(&Tok::Op("]")) {
                    break;
                }
                if !self.eat(&Tok::Op(",")) {
                    return None;
                }
            }
        }
        Some(Expr::In(a, items))
    }
}

/// A text literal that is a date, when the other side of its comparison is
/// a date.
fn as_date_if(o: Operand, k: Kind, other: Kind) -> (Operand, Kind) {
    match (&o, k, other) {
        (Operand::Lit(Value::Text(s)), Kind::Text, Kind::Date) => match crate::pack::parse_date(s) {
            Some(d) => (Operand::Lit(Value::Date(d)), Kind::Date),
            None => (o, k),
        },
        _ => (o, k),
    }
}

fn get<'v>(o: &'v Operand, slots: &'v Slots) -> &'v Value {
    match o {
        Operand::Var(i, _) => slots.get(*i),
        Operand::Lit(v) => v,
    }
}

impl Expr {
    /// Evaluates over `slots` (values indexed by the slots the resolver gave).
    pub fn eval(&self, slots: &Slots) -> bool {
        match self {
            Expr::And(xs) => xs.iter().all(|x| x.eval(slots)),
            Expr::Or(xs) => xs.iter().any(|x| x.eval(slots)),
            Expr::Not(x) => !x.eval(slots),
            Expr::Cmp(a, op, b) => compare::holds(get(a, slots).into(), *op, get(b, slots).into()),
            Expr::In(a, items) => {
                let a = get(a, slots).into();
                items.iter().any(|i| compare::same(a, i.into()))
            }
            Expr::Truthy(a) => matches!(get(a, slots), Value::Bool(true)),
        }
    }

    /// The parts that make this (false) condition false.
    pub fn explain(&self, slots: &Slots) -> Vec<Shortfall> {
        match self {
            Expr::And(xs) => xs.iter().filter(|x| !x.eval(slots)).flat_map(|x| x.explain(slots)).collect(),
            Expr::Or(xs) => vec![Shortfall::Any(xs.iter().map(|x| x.explain(slots)).collect())],
            Expr::Not(x) => match &**x {
                Expr::Cmp(a, op, b) => compare(a, op.negate(), b, slots),
                Expr::In(a, items) => {
                    vec![Shortfall::NoneOf { var: name_of(a), actual: get(a, slots).clone(), refused: items.clone() }]
                }
                Expr::Truthy(a) => compare(a, CmpOp::Eq, &Operand::Lit(Value::Bool(false)), slots),
                Expr::Not(inner) => inner.explain(slots),
                other => vec![Shortfall::Holds(format!("!({})", other.text()))],
            },
            Expr::Cmp(a, op, b) => compare(a, *op, b, slots),
            Expr::In(a, items) => {
                vec![Shortfall::OneOf { var: name_of(a), actual: get(a, slots).clone(), allowed: items.clone() }]
            }
            Expr::Truthy(a) => compare(a, CmpOp::Eq, &Operand::Lit(Value::Bool(true)), slots),
        }
    }

    /// The condition written back as Rhai.
    pub fn text(&self) -> String {
        let join = |xs: &[Expr], sep: &str| {
            xs.iter()
                .map(|x| match x {
                    Expr::And(_) | Expr::Or(_) => format!("({})", x.text()),
                    _ => x.text(),
                })
                .collect::<Vec<_>>()
                .join(sep)
        };
        match self {
            Expr::And(xs) => join(xs, " && "),
            Expr::Or(xs) => join(xs, " || "),
            Expr::Not(x) => format!("!({})", x.text()),
            Expr::Cmp(a, op, b) => format!("{} {} {}", op_text(a), op.code(), op_text(b)),
            Expr::In(a, items) => {
                format!("{} in [{}]", op_text(a), items.iter().map(lit_text).collect::<Vec<_>>().join(", "))
            }
            Expr::Truthy(a) => op_text(a),
        }
    }
}

fn lit_text(v: &Value) -> String {
    match v {
        Value::Text(s) => format!("{s:?}"),
        other => other.render(crate::i18n::Lang::En),
    }
}

fn op_text(o: &Operand) -> String {
    match o {
        Operand::Var(_, n) => n.clone(),
        Operand::Lit(v) => lit_text(v),
    }
}

fn name_of(o: &Operand) -> String {
    op_text(o)
}

fn compare(a: &Operand, op: CmpOp, b: &Operand, slots: &Slots) -> Vec<Shortfall> {
    // Put the variable on the left: "x = 0, cần ≥ 1".
    let (var, op, other) = match (a, b) {
        (Operand::Lit(_), Operand::Var(..)) => (b, op.flip(), a),
        _ => (a, op, b),
    };
    vec![Shortfall::Compare {
        var: name_of(var),
        actual: get(var, slots).clone(),
        op,
        other: get(other, slots).clone(),
        other_name: match other {
            Operand::Var(_, n) => Some(n.clone()),
            Operand::Lit(_) => None,
        },
    }]
}
