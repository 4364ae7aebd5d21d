//! Turns a loaded [`Pack`] into a [`CompiledPack`]: one sandboxed engine, and
//! every condition compiled once. Compile errors are pack errors, located at
//! the condition in its YAML (or `.rhai`) file.

mod ranking;

pub use ranking::RankBy;

use crate::location::Location;
use crate::pack::err::Thing;
use crate::pack::{Pack, PackError, PackErrorKind as K};
use crate::script::native::{BuildIssue, Kind};
use crate::script::{new_engine, CompileError, Condition, Layout, NumExpr, ScriptLimits};
use indexmap::IndexMap;
use rhai::Engine;

pub struct CompiledCriterion {
    pub condition: Condition,
    pub applies_when: Option<Condition>,
}

pub struct CompiledAward {
    pub applies_when: Option<Condition>,
    pub criteria: Vec<CompiledCriterion>,
    /// Parallel to the award's quotas: each one's `rank_by`, resolved.
    pub quota_rank: Vec<Vec<RankBy>>,
}

/// The compiled expressions of one scorecard node (empty for groups).
#[derive(Default)]
pub struct CompiledNode {
    pub actual: Option<NumExpr>,
    pub target: Option<NumExpr>,
    pub value: Option<NumExpr>,
    pub when: Option<Condition>,
    pub script: Option<NumExpr>,
    /// A leaf's method with its own fields (none for a group).
    pub scoring: Option<crate::pack::scoring::Scoring>,
    /// What an empty input cell means for this leaf.
    pub empty: crate::pack::scorecard::EmptyCell,
}

pub struct CompiledScorecard {
    /// Parallel to `Scorecard::nodes()`.
    pub nodes: Vec<CompiledNode>,
    /// Parallel to `Scorecard::disqualify`.
    pub gates: Vec<Condition>,
    /// The declared tie-breaks, resolved.
    pub rank_by: Vec<RankBy>,
}

pub struct CompiledPack {
    pub pack: Pack,
    pub engine: Engine,
    /// Variable layout per dataset id.
    pub layouts: IndexMap<String, Layout>,
    /// Parallel to `pack.awards`.
    pub awards: Vec<CompiledAward>,
    /// Indices into `pack.awards`, required awards first.
    pub order: Vec<usize>,
    /// Parallel to `pack.scorecards`.
    pub scorecards: Vec<CompiledScorecard>,
    /// Each dataset's shown `values`, in declared order.
    pub shown: IndexMap<String, Vec<(String, crate::script::Script)>>,
}

/// The file position of (line, column) inside a condition whose text starts
/// at `start`. Block scalars and `.rhai` files keep their columns.
fn inside(start: &Location, line: usize, column: usize) -> Location {
    start.inside(line, column)
}

fn to_pack_error(loc: &Location, e: CompileError) -> PackError {
    let (loc, kind) = match e {
        CompileError::Syntax { error, line, column } => (inside(loc, line, column), K::Script { error }),
        CompileError::UndefinedVariable { name, suggestion, line, column } => {
            (inside(loc, line, column), K::Unknown { what: Thing::Variable, name, suggestion })
        }
        CompileError::Native(BuildIssue::NotAnEnumValue { column, value, allowed }) => {
            (loc.clone(), K::NotAnEnumValue { column, value, allowed })
        }
    };
    PackError::new(loc, kind)
}

/// Methods of `lich_su`, with what each argument that names something names.
pub const HISTORY_METHODS: &[(&str, &[HistoryArg])] = {
    use HistoryArg::{AnyColumn as A, Column as C, Other as O, Title as T};
    &[
        ("so_nam_lien_tuc", &[T]),
        ("streak", &[T]),
        ("so_nam_lien_tuc_den", &[T, O]),
        ("streak_until", &[T, O]),
        ("co_danh_hieu", &[T, O]),
        ("had_title", &[T, O]),
        ("so_lan", &[T, O, O]),
        ("count_titles", &[T, O, O]),
        ("so_lan_trong", &[T, O, O]),
        ("count_within", &[T, O, O]),
        ("so_lan_trong_chuoi", &[T, T, O]),
        ("count_in_streak", &[T, T, O]),
        ("tong", &[C, O, O]),
        ("sum_of", &[C, O, O]),
        ("chua_dung", &[C, C, O, O]),
        ("unused", &[C, C, O, O]),
        ("gia_tri", &[A, O]),
        ("value_in", &[A, O]),
    ]
};

/// What an argument of a `lich_su` method names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryArg {
    /// A title (or a list of titles) of the history.
    Title,
    /// A numeric column of the history.
    Column,
    /// Any column of the history.
    AnyColumn,
    /// A year or a count.
    Other,
}

/// What argument `arg` of history method `method` names, when it is one.
pub fn history_arg(method: &str, arg: usize) -> Option<HistoryArg> {
    HISTORY_METHODS
        .iter()
        .find(|(m, _)| *m == method)
        .map(|(_, args)| args.get(arg).copied().unwrap_or(HistoryArg::Other))
}

/// Methods of `thanh_vien` whose first argument is an award of the members.
pub const MEMBER_AWARD_METHODS: &[&str] = &[
    "so_dat",
    "count_eligible",
    "ty_le_dat",
    "percent_eligible",
    "tat_ca_dat",
    "all_eligible",
    "co_nguoi_dat",
    "any_eligible",
];
/// Methods of `thanh_vien` without arguments.
const MEMBER_COUNT_METHODS: &[&str] = &["so_nguoi", "count"];
/// Methods of `thanh_vien` whose first argument is a column of the members
/// (yes/no or choice; numeric for `tong`), the second a value of it.
pub const MEMBER_COLUMN_METHODS: &[&str] = &["so_co", "count_with", "ty_le_co", "percent_with", "tong", "sum_of"];

/// The titles rules may look up in history dataset `h`: the values of an
/// enum title column, else the pack's award ids.
pub fn history_titles<'p>(pack: &'p Pack, h: &'p crate::pack::Dataset) -> Vec<&'p str> {
    let Some(spec) = h.history.as_ref() else {
        return Vec::new();
    };
    // The values of enum title columns; a text title column holds award ids.
    let mut out: Vec<&str> = Vec::new();
    for c in spec.title_columns().iter().filter_map(|c| h.columns.get(c)) {
        if c.ty == crate::pack::ColumnType::Enum {
            out.extend(c.values.iter().map(String::as_str));
        } else {
            out.extend(pack.awards.iter().map(|a| a.id.as_str()));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The name a call at `method_at` passes first: the column whose value a
/// member helper's second argument is.
fn first_argument(uses: &[crate::script::names::NameUse], method_at: (usize, usize)) -> Option<&str> {
    use crate::script::names::NameKind;
    uses.iter().find_map(|o| match &o.kind {
        NameKind::Call { arg: 0, method_line: l, method_column: c, .. } if (*l, *c) == method_at => o.name.as_deref(),
        _ => None,
    })
}

/// Resolves every name a condition on dataset `ds_id` passes as text (see
/// [`crate::script::names`]): history titles and columns, members' awards,
/// cluster statistics, enum values. Each unknown one is a pack error at its
/// place, with the nearest known name.
fn resolve_names(pack: &Pack, layout: &Layout, ds_id: &str, src: &str, loc: &Location, errs: &mut Vec<PackError>) {
    use crate::pack::ColumnType;
    use crate::script::names::{name_uses, NameKind};
    let Some(ds) = pack.datasets.get(ds_id) else { return };
    let enums: Vec<&str> =
        ds.columns.iter().filter(|(_, c)| c.ty == ColumnType::Enum).map(|(n, _)| n.as_str()).collect();
    let numeric = |d: &crate::pack::Dataset| -> Vec<String> {
        d.columns
            .iter()
            .filter(|(_, c)| matches!(c.ty, ColumnType::Int | ColumnType::Decimal))
            .map(|(n, _)| n.clone())
            .collect()
    };
    let histories: Vec<&crate::pack::Dataset> = pack.histories_of(ds_id).collect();
    let history_vars: Vec<&str> = histories.iter().filter_map(|h| h.history.as_ref().map(|s| s.var())).collect();
    let member_awards: Vec<&str> = ds
        .members
        .as_ref()
        .map(|m| pack.awards.iter().filter(|a| a.dataset_id == m.dataset).map(|a| a.id.as_str()).collect())
        .unwrap_or_default();
    check_comparisons(layout, src, loc, errs);
    check_literals(&histories, src, loc, errs);
    let uses = name_uses(src, &enums, &history_vars);
    let members_ds = ds.members.as_ref().and_then(|m| pack.datasets.get(&m.dataset));
    for u in &uses {
        let at = inside(loc, u.line, u.column);
        // A method is placed at its own name, anything else at the name used.
        let method_at = match &u.kind {
            NameKind::Call { method_line, method_column, .. } => inside(loc, *method_line, *method_column),
            _ => at.clone(),
        };
        // A members' dataset or award that could not be read is reported
        // once, where it is declared.
        let unreadable = |name: &str| {
            (ds.members.is_some() && members_ds.is_none())
                || pack.unreadable.iter().any(|(w, n)| *w == Thing::Award && n == name)
        };
        let mut unknown = |what: Thing, name: &str, known: &[&str]| {
            if what == Thing::MemberAward && unreadable(name) {
                return;
            }
            if !known.contains(&name) {
                let suggestion = crate::ground::names::suggest(name, known.iter().copied());
                let at = if what == Thing::Method { method_at.clone() } else { at.clone() };
                errs.push(PackError::new(at, K::Unknown { what, name: name.to_string(), suggestion }));
            }
        };
        match (&u.kind, u.name.as_deref()) {
            (NameKind::Call { recv, method, arg, .. }, name) if recv != "thanh_vien" => {
                let history = pack.history_named(ds_id, recv);
                match history_arg(method, *arg) {
                    Some(HistoryArg::Title) => {
                        if let (Some(n), Some(h)) = (name, history) {
                            unknown(Thing::HistoryTitle, n, &history_titles(pack, h));
                        }
                    }
                    Some(HistoryArg::Column) => {
                        if let (Some(n), Some(h)) = (name, history) {
                            let cols = numeric(h);
                            unknown(Thing::HistoryColumn, n, &cols.iter().map(String::as_str).collect::<Vec<_>>());
                        }
                    }
                    Some(HistoryArg::AnyColumn) => {
                        if let (Some(n), Some(h)) = (name, history) {
                            unknown(Thing::HistoryColumn, n, &h.columns.keys().map(String::as_str).collect::<Vec<_>>());
                        }
                    }
                    Some(HistoryArg::Other) => {}
                    None if *arg == 0 => {
                        let all: Vec<&str> = HISTORY_METHODS.iter().map(|(m, _)| *m).collect();
                        unknown(Thing::Method, method, &all);
                    }
                    None => {}
                }
            }
            (NameKind::Call { method, arg, method_line, method_column, .. }, name) => {
                if MEMBER_AWARD_METHODS.contains(&method.as_str()) {
                    if let (Some(n), 0) = (name, arg) {
                        unknown(Thing::MemberAward, n, &member_awards);
                    }
                } else if MEMBER_COLUMN_METHODS.contains(&method.as_str()) {
                    let Some(mds) = members_ds else { continue };
                    let numeric = matches!(method.as_str(), "tong" | "sum_of");
                    match (arg, name) {
                        (0, Some(n)) => {
                            let fits: Vec<&str> = mds
                                .columns
                                .iter()
                                .filter(|(_, c)| match numeric {
                                    true => matches!(c.ty, ColumnType::Int | ColumnType::Decimal),
                                    false => matches!(c.ty, ColumnType::Bool | ColumnType::Enum),
                                })
                                .map(|(k, _)| k.as_str())
                                .collect();
                            unknown(Thing::Column, n, &fits);
                        }
                        (1, Some(v)) => {
                            let column = first_argument(&uses, (*method_line, *method_column));
                            errs.extend(choice_problem(mds, column, v, &at));
                        }
                        _ => {}
                    }
                } else if *arg == 0 {
                    let all = [MEMBER_AWARD_METHODS, MEMBER_COUNT_METHODS, MEMBER_COLUMN_METHODS].concat();
                    unknown(Thing::Method, method, &all);
                }
            }
            (NameKind::ClusterStat { stat }, name) => match (stat.as_str(), name) {
                ("max" | "min" | "sum", Some(n)) => {
                    let cols = numeric(ds);
                    unknown(Thing::ClusterColumn, n, &cols.iter().map(String::as_str).collect::<Vec<_>>());
                }
                ("max" | "min" | "sum" | "count", _) => {}
                (other, _) => unknown(Thing::Method, other, &["max", "min", "sum", "count"]),
            },
            (NameKind::EnumValue { column }, Some(v)) => errs.extend(choice_problem(ds, Some(column), v, &at)),
            (NameKind::EnumValue { .. }, None) => {}
        }
    }
}

/// Literals a rule cannot mean: a register's choice compared with text the
/// column never holds, and a number past what a decimal keeps exactly.
fn check_literals(histories: &[&crate::pack::Dataset], src: &str, loc: &Location, errs: &mut Vec<PackError>) {
    use crate::pack::ColumnType;
    // A register's enum fact compared with text the column never holds.
    for h in histories {
        for n in crate::script::names::call_needs(src) {
            let (crate::script::names::Side::Text(v), Some(col)) = (&n.other, &n.first) else { continue };
            if !matches!(n.name.as_str(), "gia_tri" | "value_in") {
                continue;
            }
            if let Some(c) = h.columns.get(col).filter(|c| c.ty == ColumnType::Enum && !c.values.contains(v)) {
                errs.push(PackError::new(
                    inside(loc, n.line, n.column),
                    K::NotAnEnumValue { column: col.clone(), value: v.clone(), allowed: c.values.clone() },
                ));
            }
        }
    }
    for (text, line, column) in crate::script::names::inexact_numbers(src) {
        errs.push(PackError::new(inside(loc, line, column), K::InexactNumber(text)));
    }
}

/// A choice column (the subject's or its members') compared with a value
/// it never holds.
fn choice_problem(mds: &crate::pack::Dataset, column: Option<&str>, v: &str, at: &Location) -> Option<PackError> {
    let (name, col) = column.and_then(|c| mds.columns.get(c).map(|x| (c, x)))?;
    (col.ty == crate::pack::ColumnType::Enum && !col.values.iter().any(|x| x == v)).then(|| {
        PackError::new(
            at.clone(),
            K::NotAnEnumValue { column: name.to_string(), value: v.to_string(), allowed: col.values.clone() },
        )
    })
}

/// Refuses comparisons that can never hold because their sides are of
/// different types (`ok == "có"` on a yes/no column, `a == "7"` on a number,
/// `ngay > 5`), and dates compared with text that is not a date.
fn check_comparisons(layout: &Layout, src: &str, loc: &Location, errs: &mut Vec<PackError>) {
    use crate::script::names::{comparisons, Side};
    for (name, line, column) in crate::script::names::lets(src) {
        if layout.has(&name) {
            errs.push(PackError::new(inside(loc, line, column), K::ShadowsName { name }));
        }
    }
    for c in comparisons(src) {
        let kind = |s: &Side| match s {
            Side::Var(v) => layout.kind(v),
            Side::Text(_) => Some(Kind::Text),
            Side::Num(_) => Some(Kind::Num),
            Side::Bool => Some(Kind::Bool),
        };
        let (Some(kl), Some(kr)) = (kind(&c.left), kind(&c.right)) else { continue };
        let shown = |s: &Side| match s {
            Side::Var(v) => v.clone(),
            Side::Text(t) => format!("\"{t}\""),
            Side::Num(n) => n.clone(),
            Side::Bool => "true/false".into(),
        };
        let at = inside(loc, c.line, c.column);
        let text_of = |s: &Side| match s {
            Side::Text(t) => Some(t.clone()),
            _ => None,
        };
        let bad_date = match (kl, kr) {
            (Kind::Date, Kind::Text) => text_of(&c.right),
            (Kind::Text, Kind::Date) => text_of(&c.left),
            _ => None,
        };
        if let Some(t) = bad_date {
            if crate::pack::parse_date(&t).is_none() {
                errs.push(PackError::new(at, K::NotADate { text: t }));
            }
            continue;
        }
        let numberish = |s: &Side| matches!(s, Side::Text(t) if t.trim().parse::<rust_decimal::Decimal>().is_ok());
        let ordering = matches!(c.op, "<" | "<=" | ">" | ">=");
        if ordering && kl == Kind::Text && kr == Kind::Text && (numberish(&c.left) || numberish(&c.right)) {
            errs.push(PackError::new(at, K::NumbersAsText { left: shown(&c.left), op: c.op, right: shown(&c.right) }));
            continue;
        }
        if kl != kr {
            errs.push(PackError::new(
                at,
                K::TypeMismatch {
                    left: shown(&c.left),
                    left_kind: kind_label(kl),
                    op: c.op,
                    right: shown(&c.right),
                    right_kind: kind_label(kr),
                },
            ));
        }
    }
}

fn kind_label(k: Kind) -> crate::pack::err::KindLabel {
    use crate::pack::err::KindLabel as L;
    match k {
        Kind::Num => L::Number,
        Kind::Text => L::Text,
        Kind::Bool => L::Bool,
        Kind::Date => L::Date,
    }
}

/// The context variables rules on dataset `id` may read.
fn context_vars(pack: &Pack, id: &str) -> Vec<String> {
    let mut extras: Vec<String> =
        pack.histories_of(id).filter_map(|h| h.history.as_ref()).map(|h| h.var().to_string()).collect();
    if pack.datasets.get(id).is_some_and(|d| d.members.is_some()) {
        extras.push("thanh_vien".to_string());
    }
    extras
}

/// For a scorecard dataset composed with a long form: per criterion code,
/// the long columns' names and the composed columns they read.
fn long_columns(pack: &Pack, ds_id: &str) -> Vec<(String, Vec<(String, String)>)> {
    use crate::pack::{long_column, Part};
    let parts = pack.datasets.get(ds_id).and_then(|d| d.composed.as_ref()).map(|c| c.parts.as_slice()).unwrap_or(&[]);
    let mut out = Vec::new();
    for p in parts {
        if let Part::Long { columns, codes, .. } = p {
            for code in codes {
                out.push((code.clone(), columns.iter().map(|c| (c.clone(), long_column(c, code))).collect()));
            }
        }
    }
    out
}

pub fn compile(pack: Pack, limits: &ScriptLimits) -> Result<CompiledPack, Vec<PackError>> {
    compile_with(pack, limits, Vec::new())
}

/// Compiles each scorecard's expressions (a leaf's `actual`, `target`,
/// `value`, `when` and `script`, and the disqualifying gates) against the
/// layout of the dataset it scores.
fn compile_scorecards(
    pack: &Pack,
    engine: &rhai::Engine,
    layouts: &IndexMap<String, Layout>,
    errs: &mut Vec<PackError>,
) -> Vec<CompiledScorecard> {
    let mut scorecards = Vec::new();
    for sc in &pack.scorecards {
        let Some(layout) = layouts.get(&sc.dataset) else {
            continue;
        };
        let num = |src: &Option<crate::pack::scorecard::ExprText>,
                   loc: Location,
                   layout: &Layout,
                   errs: &mut Vec<PackError>| {
            src.as_ref().and_then(|s| match NumExpr::compile(engine, &s.0, layout, false) {
                Ok(c) => {
                    resolve_names(pack, layout, &sc.dataset, &s.0, &loc, errs);
                    Some(c)
                }
                Err(es) => {
                    errs.extend(es.into_iter().map(|e| to_pack_error(&loc, e)));
                    None
                }
            })
        };
        let long = long_columns(pack, &sc.dataset);
        let mut nodes = Vec::new();
        for n in sc.nodes() {
            // A criterion of a long-form sheet reads its own row's cells.
            let own;
            let layout = match long.iter().find(|(code, _)| code == n.code()) {
                Some((_, pairs)) => {
                    own = layout.aliased(pairs);
                    &own
                }
                None => layout,
            };
            // A leaf lacking a field its method needs was refused by the
            // scorecard checker, with its place; a pack with errors never runs.
            let scoring = (!n.is_group()).then(|| crate::pack::scoring::Scoring::of(n).ok()).flatten();
            let mut c = CompiledNode {
                scoring,
                actual: num(&n.actual, n.expr_loc("actual"), layout, errs),
                target: num(&n.target, n.expr_loc("target"), layout, errs),
                value: num(&n.value, n.expr_loc("value"), layout, errs),
                empty: n.empty.unwrap_or_default(),
                ..Default::default()
            };
            if let Some(w) = &n.when {
                match Condition::compile(engine, w, layout) {
                    Ok(cond) => {
                        resolve_names(pack, layout, &sc.dataset, w, &n.expr_loc("when"), errs);
                        c.when = Some(cond)
                    }
                    Err(es) => errs.extend(es.into_iter().map(|e| to_pack_error(&n.expr_loc("when"), e))),
                }
            }
            if let Some(s) = &n.script {
                match NumExpr::compile(engine, s, layout, true) {
                    Ok(x) => {
                        resolve_names(pack, layout, &sc.dataset, s, &n.expr_loc("script"), errs);
                        c.script = Some(x)
                    }
                    Err(es) => errs.extend(es.into_iter().map(|e| to_pack_error(&n.expr_loc("script"), e))),
                }
            }
            nodes.push(c);
        }
        let mut gates = Vec::new();
        for g in &sc.disqualify {
            match Condition::compile(engine, &g.when, layout) {
                Ok(c) => {
                    resolve_names(pack, layout, &sc.dataset, &g.when, &g.loc, errs);
                    gates.push(c)
                }
                Err(es) => errs.extend(es.into_iter().map(|e| to_pack_error(&g.loc, e))),
            }
        }
        let rank_by = resolved(ranking::of_scorecard(sc, &pack.datasets[&sc.dataset]), &sc.loc, errs);
        scorecards.push(CompiledScorecard { nodes, gates, rank_by });
    }
    scorecards
}

/// Tie-breaks resolved, or none when a name resolves to nothing. The pack
/// checker has refused that name already, so it is said here only when no
/// earlier error could explain it: never twice, never silently.
fn resolved(r: Result<Vec<RankBy>, String>, loc: &Location, errs: &mut Vec<PackError>) -> Vec<RankBy> {
    r.unwrap_or_else(|name| {
        if errs.is_empty() {
            errs.push(PackError { loc: loc.clone(), kind: K::Unknown { what: Thing::Column, name, suggestion: None } });
        }
        Vec::new()
    })
}

/// Compiles, adding its errors to `errs` (from loading) so that an author
/// sees every problem of the pack in one run.
pub fn compile_with(
    pack: Pack,
    limits: &ScriptLimits,
    mut errs: Vec<PackError>,
) -> Result<CompiledPack, Vec<PackError>> {
    let engine = new_engine(limits);
    let layouts: IndexMap<String, Layout> = pack
        .datasets
        .iter()
        .map(|(id, ds)| (id.clone(), Layout::new(ds, &pack.parameters, context_vars(&pack, id))))
        .collect();
    let one = |src: &Option<String>, loc: &Location, ds_id: &str, layout: &Layout, errs: &mut Vec<PackError>| {
        src.as_ref().and_then(|s| match Condition::compile(&engine, s, layout) {
            Ok(c) => {
                resolve_names(&pack, layout, ds_id, s, loc, errs);
                Some(c)
            }
            Err(es) => {
                errs.extend(es.into_iter().map(|e| to_pack_error(loc, e)));
                None
            }
        })
    };
    let mut awards = Vec::new();
    for a in &pack.awards {
        let Some(layout) = layouts.get(&a.dataset_id) else {
            continue;
        };
        let ds_id = a.dataset_id.as_str();
        let applies_when = one(&a.applies_when, &a.applies_when_loc, ds_id, layout, &mut errs);
        let mut criteria = Vec::new();
        for c in &a.criteria {
            let cond = one(&Some(c.condition.clone()), &c.condition_loc, ds_id, layout, &mut errs);
            let aw = one(&c.applies_when, &c.applies_when_loc, ds_id, layout, &mut errs);
            if let Some(condition) = cond {
                criteria.push(CompiledCriterion { condition, applies_when: aw });
            }
        }
        let ds = &pack.datasets[ds_id];
        let quota_rank = a.quota.iter().map(|q| resolved(ranking::of_quota(q, ds), &a.loc, &mut errs)).collect();
        awards.push(CompiledAward { applies_when, criteria, quota_rank });
    }
    let mut shown = IndexMap::new();
    for (ds_id, ds) in &pack.datasets {
        let Some(layout) = layouts.get(ds_id) else { continue };
        let mut list = Vec::new();
        for (id, v) in &ds.values {
            match crate::script::Script::compile(&engine, &v.value, layout, false) {
                Ok(s) => {
                    resolve_names(&pack, layout, ds_id, &v.value, &v.loc, &mut errs);
                    list.push((id.clone(), s));
                }
                Err(es) => errs.extend(es.into_iter().map(|e| to_pack_error(&v.loc, e))),
            }
        }
        if !list.is_empty() {
            shown.insert(ds_id.clone(), list);
        }
    }
    let scorecards = compile_scorecards(&pack, &engine, &layouts, &mut errs);
    if !errs.is_empty() {
        return Err(errs);
    }
    let mut order = crate::pack::load::evaluation_order(&pack);
    // Member datasets first: a collective's roll-ups read its members' results.
    let depth = |ds: &str| {
        let mut d = 0;
        let mut cur = pack.datasets.get(ds);
        while let Some(m) = cur.and_then(|x| x.members.as_ref()) {
            d += 1;
            cur = pack.datasets.get(&m.dataset);
            if d > pack.datasets.len() {
                break;
            }
        }
        d
    };
    order.sort_by_key(|&i| depth(&pack.awards[i].dataset_id));
    Ok(CompiledPack { pack, engine, layouts, awards, order, scorecards, shown })
}
