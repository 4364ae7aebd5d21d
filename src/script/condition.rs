//! A criterion's condition, compiled once per pack: always a Rhai AST
//! (compiled with strict variables, so a misspelt column fails at load), plus
//! a native tree when the condition is simple enough.

use super::choice::Ranking;
use super::names::Side;
use super::native::{self, BuildIssue, CmpOp, Expr, Finding, Kind, Resolver, Shortfall, VarInfo};
use super::{ScriptCtx, Slots};
use crate::data::Value;
use crate::ground::lex;
use crate::pack::{ColumnType, Dataset, ParamValue, Parameter};
use chrono::{Datelike, NaiveDate};
use indexmap::IndexMap;
use rhai::{Dynamic, Engine, EvalAltResult, Scope, AST};
use rust_decimal::Decimal;
use std::sync::Arc;

/// The variables rules can read for subjects of one dataset, and their slots.
#[derive(Debug, Clone)]
pub struct Layout {
    vars: IndexMap<String, VarInfo>,
    optional: Vec<bool>,
    n_cols: usize,
    /// Context variables this dataset's rules may read (its histories'
    /// names, `thanh_vien`).
    extras: Vec<String>,
}

fn kind_of_column(t: ColumnType) -> Kind {
    match t {
        ColumnType::Int | ColumnType::Decimal => Kind::Num,
        ColumnType::Text | ColumnType::Enum => Kind::Text,
        ColumnType::Bool => Kind::Bool,
        ColumnType::Date => Kind::Date,
    }
}

pub fn param_value(p: &ParamValue) -> Value {
    match p {
        ParamValue::Int(i) => Value::Int(*i),
        ParamValue::Decimal(d) => Value::Dec(*d),
        ParamValue::Text(s) => Value::text(s),
        ParamValue::Bool(b) => Value::Bool(*b),
        ParamValue::Date(d) => Value::Date(*d),
    }
}

impl Layout {
    pub fn new(ds: &Dataset, params: &IndexMap<String, Parameter>, extras: Vec<String>) -> Layout {
        let mut vars = IndexMap::new();
        let mut optional = Vec::new();
        for (i, (name, c)) in ds.columns.iter().enumerate() {
            let values = (c.ty == ColumnType::Enum).then(|| c.values.clone());
            let ranking = c.ranked().map(|values| Arc::new(Ranking { column: name.clone(), values }));
            let kind = kind_of_column(c.ty);
            vars.insert(name.clone(), VarInfo { name: name.clone(), slot: i, kind, values, ranking });
            optional.push(c.optional);
        }
        let n_cols = ds.columns.len();
        for (j, (name, p)) in params.iter().enumerate() {
            let kind = native::kind_of(&param_value(&p.value)).unwrap_or(Kind::Text);
            vars.insert(
                name.clone(),
                VarInfo { name: name.clone(), slot: n_cols + j, kind, values: None, ranking: None },
            );
            optional.push(false);
        }
        let n = vars.len();
        vars.insert(
            "ngay_xet".into(),
            VarInfo { name: "ngay_xet".into(), slot: n, kind: Kind::Date, values: None, ranking: None },
        );
        vars.insert(
            "nam_xet".into(),
            VarInfo { name: "nam_xet".into(), slot: n + 1, kind: Kind::Num, values: None, ranking: None },
        );
        optional.extend([false, false]);
        Layout { vars, optional, n_cols, extras }
    }

    /// This layout where each `(name, column)` pair makes `name` read
    /// `column`: a criterion of a long-form sheet reads its own row's cells
    /// under the long dataset's column names.
    pub fn aliased(&self, pairs: &[(String, String)]) -> Layout {
        let mut out = self.clone();
        for (name, column) in pairs {
            if let Some(v) = self.vars.get(column) {
                out.vars.insert(name.clone(), VarInfo { name: name.clone(), ..v.clone() });
            }
        }
        out
    }

    /// Per-run values after the row: parameters, then `ngay_xet`, `nam_xet`.
    pub fn extra_values(params: &IndexMap<String, Parameter>, as_of: NaiveDate) -> Vec<Value> {
        let mut v: Vec<Value> = params.values().map(|p| param_value(&p.value)).collect();
        v.push(Value::Date(as_of));
        v.push(Value::Int(as_of.year() as i64));
        v
    }

    /// The names rule text can write (a long-form sheet's composed columns,
    /// `cot@ma`, are read through [`Layout::aliased`] only).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.vars.keys().map(String::as_str).filter(|n| !n.contains('@'))
    }

    pub fn n_cols(&self) -> usize {
        self.n_cols
    }

    /// The broad type of a column, parameter or built-in variable (optional
    /// columns included, unlike [`Resolver::var`]).
    pub fn kind(&self, name: &str) -> Option<Kind> {
        self.vars.get(name).map(|v| v.kind)
    }

    /// Whether rules read `name` from the pack or the data: a column, a
    /// parameter, a built-in variable, a history or the members.
    pub fn has(&self, name: &str) -> bool {
        self.vars.contains_key(name) || self.extras.iter().any(|e| e == name)
    }

    /// A scope naming every variable, for strict-variable compilation. Plain
    /// variables, not constants: the optimizer would fold constants' dummy
    /// values into the AST.
    fn full_scope(&self, with_cum: bool) -> Scope<'static> {
        let mut s = Scope::new();
        for name in self.vars.keys() {
            s.push_dynamic(name.clone(), Dynamic::UNIT);
        }
        for e in &self.extras {
            s.push_dynamic(e.clone(), Dynamic::UNIT);
        }
        if with_cum {
            s.push_dynamic(CUM, Dynamic::UNIT);
        }
        s
    }

    /// The slot of a numeric column or parameter, when `name` is one.
    fn numeric_slot(&self, name: &str) -> Option<usize> {
        let v = self.vars.get(name)?;
        (v.kind == Kind::Num && !self.optional[v.slot]).then_some(v.slot)
    }
}

impl Resolver for Layout {
    fn var(&self, name: &str) -> Option<VarInfo> {
        let v = self.vars.get(name)?;
        // Empty cells of optional columns are `()` in Rhai, whose comparison
        // rules differ; conditions reading them stay with Rhai.
        (!self.optional[v.slot]).then(|| v.clone())
    }
    fn constant(&self, _name: &str) -> Option<Value> {
        None
    }
}

/// The layout's names with optional columns included: a tree built through
/// it is right only for rows whose optional cells it reads hold a value.
struct WithOptional<'l>(&'l Layout);

impl Resolver for WithOptional<'_> {
    fn var(&self, name: &str) -> Option<VarInfo> {
        self.0.vars.get(name).cloned()
    }
    fn constant(&self, _name: &str) -> Option<Value> {
        None
    }
}

/// A condition that failed to compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompileError {
    Syntax { error: crate::ground::syntax::SyntaxError, line: usize, column: usize },
    UndefinedVariable { name: String, suggestion: Option<String>, line: usize, column: usize },
    Native(BuildIssue),
}

/// A condition that failed while running for one subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptError {
    /// The operation limit was reached: most likely a loop that never ends.
    TooManyOperations,
    /// The time budget per condition and subject ran out.
    OutOfTime,
    /// The condition held more memory than its budget.
    OutOfMemory,
    NotBool(String),
    NotNumber(String),
    /// A number was read from an empty cell.
    Empty,
    /// A `script` method returned points outside 0..max.
    PointsOutOfRange {
        points: Decimal,
        max: Decimal,
    },
    Failed(super::failure::RuleFailure),
}

impl ScriptError {
    /// A share of a collective's members asked when it has none: the
    /// criterion is not met (0 of 0 is no share, so neither `≥ 70 %` nor
    /// `≤ 20 %` holds), and its reason says why; not a failure of the run.
    pub fn is_no_share(&self) -> bool {
        matches!(self, ScriptError::Failed(f)
            if f.kind == super::failure::FailureKind::Helper(super::failure::HelperError::NoMembers))
    }
}

/// The name of the cluster-statistics map in scorecard scripts.
pub const CUM: &str = "thong_ke_cum";

/// A compiled Rhai expression and the variables it reads.
#[derive(Clone)]
pub struct Script {
    pub source: Arc<str>,
    ast: AST,
    /// Variables the expression reads, with their slots, in order of appearance.
    reads: Vec<(String, usize)>,
    /// For each read, its ranking when it is a ranked choice column.
    rankings: Vec<Option<Arc<Ranking>>>,
    /// Context variables it reads (`thong_ke_cum`, a history, `thanh_vien`).
    ctx_reads: Vec<String>,
    /// Helper calls compared with one value, to pair with what they found.
    needs: Arc<[super::names::CallNeed]>,
}

impl Script {
    pub fn compile(engine: &Engine, src: &str, layout: &Layout, with_cum: bool) -> Result<Script, Vec<CompileError>> {
        let ast = engine.compile_with_scope(&layout.full_scope(with_cum), src).map_err(|e| {
            let (line, column) = (e.1.line().unwrap_or(1), e.1.position().unwrap_or(1));
            vec![match *e.0 {
                rhai::ParseErrorType::VariableUndefined(name) => CompileError::UndefinedVariable {
                    suggestion: crate::ground::names::suggest(&name, layout.names()),
                    name,
                    line,
                    column,
                },
                other => {
                    CompileError::Syntax { error: crate::ground::syntax::SyntaxError::from_rhai(&other), line, column }
                }
            }]
        })?;
        let idents = lex::identifiers(src);
        let mut allowed: Vec<String> = layout.extras.clone();
        if with_cum {
            allowed.push(CUM.to_string());
        }
        let ctx_reads = allowed.into_iter().filter(|e| idents.iter().any(|n| n == e)).collect();
        let vars: Vec<&VarInfo> = idents.iter().filter_map(|n| layout.vars.get(n)).collect();
        let reads = vars.iter().map(|v| (v.name.clone(), v.slot)).collect();
        let rankings = vars.iter().map(|v| v.ranking.clone()).collect();
        let needs = super::names::call_needs(src).into();
        Ok(Script { source: Arc::from(src), ast, reads, rankings, ctx_reads, needs })
    }

    /// Runs the expression with the subject's context (cluster statistics,
    /// history, members).
    pub fn run(&self, engine: &Engine, slots: &Slots, ctx: &ScriptCtx) -> Result<Dynamic, ScriptError> {
        let mut scope = Scope::new();
        for ((name, slot), ranking) in self.reads.iter().zip(&self.rankings) {
            scope.push_constant_dynamic(name.clone(), super::choice::dynamic(slots.get(*slot), ranking.as_ref()));
        }
        for name in &self.ctx_reads {
            scope.push_constant_dynamic(name.clone(), ctx.get(name).cloned().unwrap_or(Dynamic::UNIT));
        }
        super::engine::start_clock();
        engine.eval_ast_with_scope::<Dynamic>(&mut scope, &self.ast).map_err(|e| match *e {
            EvalAltResult::ErrorTooManyOperations(_) => ScriptError::TooManyOperations,
            EvalAltResult::ErrorTerminated(token, _)
                if token.clone().into_immutable_string().is_ok_and(|t| t == super::engine::OUT_OF_MEMORY) =>
            {
                ScriptError::OutOfMemory
            }
            EvalAltResult::ErrorTerminated(..) => ScriptError::OutOfTime,
            other => ScriptError::Failed(super::failure::RuleFailure::from_rhai(&other)),
        })
    }

    /// The variables read, with this subject's values.
    pub fn inputs(&self, slots: &Slots) -> Vec<(String, Value)> {
        self.reads.iter().map(|(n, s)| (n.clone(), slots.get(*s).clone())).collect()
    }

    /// Runs the expression again, recording what its helpers found, each
    /// paired with the value its call was compared with.
    pub fn findings(&self, engine: &Engine, slots: &Slots, ctx: &ScriptCtx) -> Vec<Finding> {
        let (_, log) = super::facts::recording(|| self.run(engine, slots, ctx));
        log.into_iter()
            .map(|r| {
                let need = self.needs.iter().find(|n| (n.line, n.column) == (r.line, r.column)).and_then(|n| {
                    let op = CmpOp::from_code(n.op)?;
                    let other = match &n.other {
                        Side::Num(t) => t.replace('_', "").parse::<Decimal>().ok().map(Value::Dec)?,
                        Side::Var(v) => slots.get(self.reads.iter().find(|(name, _)| name == v)?.1).clone(),
                        Side::Text(t) => Value::text(t),
                        Side::Bool => return None,
                    };
                    let met = match (&r.fact, &other) {
                        // A register's text fact: equal or not.
                        (super::facts::Fact::Value { value, .. }, Value::Text(_)) => {
                            let same = value.as_ref() == Some(&other);
                            match op {
                                CmpOp::Eq => same,
                                CmpOp::Ne => !same,
                                _ => return None,
                            }
                        }
                        _ => op.holds(r.fact.number()?.cmp(&other.as_decimal()?)),
                    };
                    Some((op, other, met))
                });
                Finding { fact: r.fact, need }
            })
            .collect()
    }
}

/// A condition: a Rhai script, plus a native tree when the shape allows.
#[derive(Clone)]
pub struct Condition {
    pub script: Script,
    native: Option<Expr>,
    /// For a simple condition that reads optional columns: its tree, right
    /// where those cells hold a value, and the slots of those columns (a row
    /// with an empty one is left to Rhai).
    where_present: Option<(Expr, Vec<usize>)>,
}

impl std::fmt::Debug for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Condition").field("source", &self.script.source).finish()
    }
}

impl Condition {
    pub fn compile(engine: &Engine, src: &str, layout: &Layout) -> Result<Condition, Vec<CompileError>> {
        Self::compile_in(engine, src, layout, false)
    }

    /// Compiles; `with_cum` lets the condition read the cluster statistics.
    pub fn compile_in(
        engine: &Engine,
        src: &str,
        layout: &Layout,
        with_cum: bool,
    ) -> Result<Condition, Vec<CompileError>> {
        let script = Script::compile(engine, src, layout, with_cum)?;
        let (native, issues) = native::build(src, layout);
        if !issues.is_empty() {
            return Err(issues.into_iter().map(CompileError::Native).collect());
        }
        let where_present = match native {
            Some(_) => None,
            None => match native::build(src, &WithOptional(layout)) {
                (Some(e), issues) if issues.is_empty() => {
                    let slots = e.slots().into_iter().filter(|&s| layout.optional[s]).collect();
                    Some((e, slots))
                }
                _ => None,
            },
        };
        Ok(Condition { script, native, where_present })
    }

    /// The tree for rows whose optional cells it reads all hold a value, and
    /// those cells' slots (see [`Condition::native_tree`] for every row).
    pub fn tree_where_present(&self) -> Option<(&Expr, &[usize])> {
        self.where_present.as_ref().map(|(e, s)| (e, s.as_slice()))
    }

    pub fn is_native(&self) -> bool {
        self.native.is_some()
    }

    /// The native tree, when the condition has one.
    pub fn native_tree(&self) -> Option<&Expr> {
        self.native.as_ref()
    }

    /// Evaluates the condition, natively when possible.
    pub fn eval(&self, engine: &Engine, slots: &Slots) -> Result<bool, ScriptError> {
        self.eval_with(engine, slots, &ScriptCtx::default())
    }

    /// Evaluates with Rhai, whatever the condition (differential tests use it).
    pub fn eval_rhai(&self, engine: &Engine, slots: &Slots, ctx: &ScriptCtx) -> Result<bool, ScriptError> {
        let r = self.script.run(engine, slots, ctx)?;
        r.as_bool().map_err(|t| ScriptError::NotBool(t.to_string()))
    }

    /// Evaluates with the subject's context available to Rhai.
    pub fn eval_with(&self, engine: &Engine, slots: &Slots, ctx: &ScriptCtx) -> Result<bool, ScriptError> {
        match &self.native {
            Some(e) => Ok(e.eval(slots)),
            None => self.eval_rhai(engine, slots, ctx),
        }
    }

    /// Why the (false) condition is false, as precisely as its shape allows:
    /// the comparisons that failed, else what the rule's helpers found.
    pub fn explain(&self, engine: &Engine, slots: &Slots, ctx: &ScriptCtx) -> Vec<Shortfall> {
        match &self.native {
            Some(e) => e.explain(slots),
            None => {
                let found = self.script.findings(engine, slots, ctx);
                if found.is_empty() {
                    vec![Shortfall::Holds(self.script.source.trim().to_string())]
                } else {
                    vec![Shortfall::Found(found)]
                }
            }
        }
    }

    /// The variables read, with this subject's values.
    pub fn inputs(&self, slots: &Slots) -> Vec<(String, Value)> {
        self.script.inputs(slots)
    }

    /// What the rule's helpers computed (streaks, counts, shares), each with
    /// the comparison around it; none for a simple comparison, which calls
    /// no helper.
    pub fn computed(&self, engine: &Engine, slots: &Slots, ctx: &ScriptCtx) -> Vec<Finding> {
        match &self.native {
            Some(_) => Vec::new(),
            None => self.script.findings(engine, slots, ctx),
        }
    }
}

/// A number a scoring method reads: a column or parameter, a literal, or a
/// Rhai expression.
#[derive(Clone)]
pub enum NumExpr {
    Slot(usize, String),
    Const(Decimal),
    Script(Script),
}

impl NumExpr {
    pub fn compile(engine: &Engine, src: &str, layout: &Layout, with_cum: bool) -> Result<NumExpr, Vec<CompileError>> {
        let t = src.trim();
        if let Some(slot) = layout.numeric_slot(t) {
            return Ok(NumExpr::Slot(slot, t.to_string()));
        }
        if let Ok(d) = t.parse::<Decimal>() {
            return Ok(NumExpr::Const(d));
        }
        Script::compile(engine, src, layout, with_cum).map(NumExpr::Script)
    }

    pub fn eval(&self, engine: &Engine, slots: &Slots, ctx: &ScriptCtx) -> Result<Decimal, ScriptError> {
        match self {
            NumExpr::Const(d) => Ok(*d),
            NumExpr::Slot(i, _) => slots.get(*i).as_decimal().ok_or(ScriptError::Empty),
            NumExpr::Script(s) => {
                let r = s.run(engine, slots, ctx)?;
                if r.is_unit() {
                    return Err(ScriptError::Empty);
                }
                if let Ok(i) = r.as_int() {
                    return Ok(Decimal::from(i));
                }
                r.clone().try_cast::<Decimal>().ok_or_else(|| ScriptError::NotNumber(r.type_name().to_string()))
            }
        }
    }

    pub fn inputs(&self, slots: &Slots) -> Vec<(String, Value)> {
        match self {
            NumExpr::Const(_) => vec![],
            NumExpr::Slot(i, n) => vec![(n.clone(), slots.get(*i).clone())],
            NumExpr::Script(s) => s.inputs(slots),
        }
    }
}

pub fn to_dynamic(v: &Value) -> Dynamic {
    match v {
        Value::Null => Dynamic::UNIT,
        Value::Bool(b) => Dynamic::from_bool(*b),
        Value::Int(i) => Dynamic::from_int(*i),
        Value::Dec(d) => Dynamic::from_decimal(*d),
        Value::Text(s) => Dynamic::from(s.to_string()),
        Value::Date(d) => Dynamic::from(super::dates::Ngay(*d)),
    }
}

/// A script's result as a value to report: numbers, yes/no, text and dates
/// as they are; `()` (nothing found) as an empty cell.
pub fn from_dynamic(d: &Dynamic) -> Value {
    if d.is_unit() {
        Value::Null
    } else if let Ok(b) = d.as_bool() {
        Value::Bool(b)
    } else if let Ok(i) = d.as_int() {
        Value::Int(i)
    } else if let Ok(x) = d.as_decimal() {
        Value::Dec(x)
    } else if let Some(n) = d.read_lock::<super::dates::Ngay>() {
        Value::Date(n.0)
    } else if let Some(c) = d.read_lock::<super::choice::Choice>() {
        Value::text(c.code())
    } else {
        Value::text(&d.to_string())
    }
}
