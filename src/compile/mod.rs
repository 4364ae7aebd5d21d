//! Turns a loaded [`Pack`] into a [`CompiledPack`]: one sandboxed engine, and
//! every condition compiled once. Compile errors are pack errors, located at
//! the condition in its YAML (or `.rhai`) file.

mod names;
mod ranking;

use names::resolve_names;
pub use names::{
    history_arg, history_titles, HistoryArg, HISTORY_METHODS, MEMBER_AWARD_METHODS, MEMBER_COLUMN_METHODS,
};
pub use ranking::RankBy;

use crate::location::Location;
use crate::pack::err::Thing;
use crate::pack::{Pack, PackError, PackErrorKind as K};
use crate::script::native::BuildIssue;
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

/// Whether an award, or one it requires, has a rule that reads `name`.
pub fn reads(cp: &CompiledPack, award: &crate::pack::Award, name: &str, depth: usize) -> bool {
    // The values shown beside its results are read with it.
    let shown = cp.pack.datasets.get(&award.dataset_id).into_iter().flat_map(|d| d.values.values().map(|v| &v.value));
    let own = award
        .applies_when
        .iter()
        .chain(award.criteria.iter().flat_map(|c| std::iter::once(&c.condition).chain(c.applies_when.iter())))
        .chain(shown);
    own.into_iter().any(|src| crate::ground::lex::identifiers(src).iter().any(|i| i == name))
        || (depth < 16 && award.requires.iter().filter_map(|r| cp.pack.award(r)).any(|r| reads(cp, r, name, depth + 1)))
}

/// The context variables rules on dataset `id` may read: its histories,
/// its members (`thanh_vien`), its collective (`tap_the`) unless a column
/// takes that name.
fn context_vars(pack: &Pack, id: &str) -> Vec<String> {
    let mut extras: Vec<String> =
        pack.histories_of(id).filter_map(|h| h.history.as_ref()).map(|h| h.var().to_string()).collect();
    let ds = pack.datasets.get(id);
    if ds.is_some_and(|d| d.members.is_some()) {
        extras.push("thanh_vien".to_string());
    }
    let var = crate::script::collective::VAR;
    if pack.collectives_of(id).next().is_some() && !ds.is_some_and(|d| d.columns.contains_key(var)) {
        extras.push(var.to_string());
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
pub fn compile_with(pack: Pack, limits: &ScriptLimits, errs: Vec<PackError>) -> Result<CompiledPack, Vec<PackError>> {
    compile_with_engine(pack, new_engine(limits), errs)
}

/// [`compile_with`] on an engine already built ([`new_engine`]): building
/// one registers Rhai's packages, a cost independent of the pack that a
/// caller can pay while the pack is being read.
pub fn compile_with_engine(
    pack: Pack,
    engine: rhai::Engine,
    mut errs: Vec<PackError>,
) -> Result<CompiledPack, Vec<PackError>> {
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
