//! Cluster scoring: points per criterion, totals, gates, bands, ranks and
//! award proposals. Pure: compiled rules and typed rows in, scores out.

use super::err::{EvalError, EvalErrorKind};
use super::key_order;
use super::leaf_inputs::{read_cells, read_raw};
pub use super::points::{cluster_best, leaf_points, negative_input, Best, Input, Raw};
pub use super::rank::quota_of;
use super::rank::rank_and_propose;
use crate::compile::{CompiledPack, CompiledScorecard, RankBy};
use crate::data::{DataError, DataErrorKind, Key, Row, Table, Value};
use crate::location::Location;
use crate::pack::scorecard::*;
use crate::pack::scoring::Scoring;
use crate::script::{Layout, ScriptError, Slots};
use chrono::NaiveDate;
use rayon::prelude::*;
use rhai::Dynamic;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Why a unit was not proposed for an award it was ranked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProposalNote {
    BelowMinTotal {
        rule: Threshold,
        proposal: usize,
        min: Decimal,
    },
    BandNotMet {
        proposal: usize,
    },
    VotesBelow {
        proposal: usize,
        have: Decimal,
        need: Decimal,
        rule: crate::pack::scorecard::Threshold,
    },
    /// The vote share that met a proposal's threshold.
    VotesMet {
        proposal: usize,
        have: Decimal,
        need: Decimal,
        rule: crate::pack::scorecard::Threshold,
    },
    OverQuota {
        proposal: usize,
        quota: u32,
    },
    /// Equal total with `other`; the tie-break `by` (index in the ranking's
    /// list) placed this unit above (or below) it, with these values.
    TieBroken {
        other: Value,
        by: usize,
        mine: Value,
        theirs: Value,
        above: bool,
    },
    /// Units the tie-breaks cannot separate straddle a proposal's quota
    /// (`places` left for them); settled by the declared policy.
    TieAtCut {
        proposal: usize,
        others: Vec<Value>,
        places: u32,
        policy: crate::pack::scorecard::TiePolicy,
        /// Whether the policy settled it (`Votes` with votes tied goes to the meeting).
        settled: bool,
        won: bool,
    },
}

#[derive(Debug, Clone)]
pub struct UnitScore {
    pub key: Value,
    pub name: Option<String>,
    pub cluster: Key,
    pub row: usize,
    /// Points per node, parallel to `Scorecard::nodes()`.
    pub points: Vec<Decimal>,
    /// Inputs each node read, parallel to `Scorecard::nodes()`; empty when
    /// `ScoreOptions::record_inputs` is off.
    pub inputs: Vec<Vec<(String, Value)>>,
    pub total: Decimal,
    /// Indices of the disqualifying gates that hold.
    pub disqualified: Vec<usize>,
    pub band: Option<usize>,
    pub rank: Option<u32>,
    pub votes_percent: Option<Decimal>,
    /// The values of the ranking's column tie-breaks, in its order (Null
    /// for the others): read with the row, so that ranking needs no row
    /// (rows typed on one YAML line share a line number).
    pub tie_values: Vec<Value>,
    pub proposal: Option<usize>,
    pub notes: Vec<ProposalNote>,
    /// The points bands' per-criterion floors were checked on, when they
    /// differ from `points` (`rounding.floors`).
    pub floor_points: Option<Vec<Decimal>>,
}

impl UnitScore {
    /// The points a band's per-criterion floor reads.
    pub fn floor_basis(&self) -> &[Decimal] {
        self.floor_points.as_deref().unwrap_or(&self.points)
    }
}

#[derive(Debug, Clone)]
pub struct StageScores {
    pub stage: Option<String>,
    /// Ordered by cluster, then rank (unranked last), then key.
    pub units: Vec<UnitScore>,
    /// Who leads each cluster on each criterion scored against the leader,
    /// in cluster, then node order: what an auditor holds against the
    /// council's own sheet.
    pub leaders: Vec<Leader>,
}

/// The leader of one cluster on one criterion (`target_relative`,
/// `relative`).
#[derive(Debug, Clone)]
pub struct Leader {
    pub cluster: Key,
    /// Index into `Scorecard::nodes()`.
    pub node: usize,
    /// `target_relative`: the leader's (A − T) / T; `relative`: its value.
    pub best: Decimal,
    /// Every unit at `best` (ties lead together), in key order.
    pub units: Vec<Value>,
}

#[derive(Debug, Clone)]
pub struct ScoreOutcome {
    pub scorecard: usize,
    pub as_of: NaiveDate,
    pub max_total: Decimal,
    /// In the declared stage order; the last is final (ranked, proposed).
    pub stages: Vec<StageScores>,
}

impl ScoreOutcome {
    pub fn final_stage(&self) -> &StageScores {
        &self.stages[self.stages.len() - 1]
    }
}

#[derive(Debug)]
pub enum ScoreError {
    Data(Vec<DataError>),
    Eval(Vec<EvalError>),
}

#[derive(Debug, Clone)]
pub struct ScoreOptions {
    pub as_of: NaiveDate,
    /// Only these clusters (values of `group_by`).
    pub clusters: Option<Vec<Key>>,
    /// Keep the inputs each criterion read (explanations, traces); off, the
    /// scores are the same and no per-criterion lists are built.
    pub record_inputs: bool,
    /// `--stage`: score the stages up to this one and rank on it, as a
    /// round in progress stands; rows of later stages are refused.
    pub until: Option<String>,
}

/// What scoring reads, shared by every unit and cluster (and thread).
struct Ctx<'a> {
    cp: &'a CompiledPack,
    sc: &'a Scorecard,
    csc: &'a CompiledScorecard,
    nodes: Vec<&'a Node>,
    table: &'a Table,
    extra: Vec<Value>,
    record_inputs: bool,
    /// Schema positions of the key, name and cluster columns.
    key_idx: usize,
    name_idx: Option<usize>,
    group_idx: Option<usize>,
    /// The most points the criteria tree gives (bonuses aside), and how many
    /// of `nodes` belong to it (bonus trees follow).
    max_total: Decimal,
    n_tree: usize,
    /// Numeric columns, for the cluster statistics `script` criteria read;
    /// empty when no criterion is a script.
    stats_cols: Vec<(String, usize)>,
    /// Whether a band has a per-criterion floor (`min_percent_each`): only
    /// then are the points it reads kept apart from those shown.
    band_floors: bool,
    /// Items are rounded and nothing reads their exact points (no band
    /// floor): points short of a target may come rounded straight away.
    round_short_of_target: bool,
}

/// The errors a stage's scoring found, in row order, then cluster order.
#[derive(Default)]
struct Found {
    errors: Vec<EvalError>,
    data_errors: Vec<DataError>,
}

impl Found {
    fn extend(&mut self, other: Found) {
        self.errors.extend(other.errors);
        self.data_errors.extend(other.data_errors);
    }
}

impl Ctx<'_> {
    fn failure(&self, row: &Row, node: &str, e: ScriptError) -> EvalError {
        EvalError {
            loc: Location::row(&self.table.file, row.line),
            award: None,
            scorecard: Some(self.sc.id.clone()),
            criterion: Some(node.to_string()),
            subject: Some(row.values[self.key_idx].render(crate::i18n::Lang::Vi)),
            kind: EvalErrorKind::Script(e),
            rule_at: None,
        }
    }

    fn cluster_of(&self, row: &Row) -> Key {
        self.group_idx.map(|g| Key::of(&row.values[g])).unwrap_or_default()
    }
}

/// The dataset's numeric columns, by name and position.
fn numeric_columns(ds: &crate::pack::Dataset) -> Vec<(String, usize)> {
    ds.columns
        .iter()
        .enumerate()
        .filter(|(_, (_, c))| matches!(c.ty, crate::pack::ColumnType::Int | crate::pack::ColumnType::Decimal))
        .map(|(i, (n, _))| (n.clone(), i))
        .collect()
}

/// Statistics of a cluster for `script` methods: `cum.max.col`, `cum.min.col`,
/// `cum.sum.col`, `cum.count`.
fn cluster_stats(rows: &[&Row], layout_cols: &[(String, usize)]) -> Dynamic {
    let mut max = rhai::Map::new();
    let mut min = rhai::Map::new();
    let mut sum = rhai::Map::new();
    for (name, i) in layout_cols {
        let vals: Vec<Decimal> = rows.iter().filter_map(|r| r.values[*i].as_decimal()).collect();
        if let (Some(mx), Some(mn)) = (vals.iter().max(), vals.iter().min()) {
            max.insert(name.as_str().into(), Dynamic::from_decimal(*mx));
            min.insert(name.as_str().into(), Dynamic::from_decimal(*mn));
        }
        // Data cells are bounded (see `parse_decimal`), so this sum cannot
        // overflow; checked anyway, a missing sum is an error in the script.
        if let Some(total) = vals.iter().try_fold(Decimal::ZERO, |acc, v| acc.checked_add(*v)) {
            sum.insert(name.as_str().into(), Dynamic::from_decimal(total));
        }
    }
    let mut m = rhai::Map::new();
    m.insert("max".into(), max.into());
    m.insert("min".into(), min.into());
    m.insert("sum".into(), sum.into());
    m.insert("count".into(), Dynamic::from_int(rows.len() as i64));
    m.into()
}

/// Sums groups bottom-up over the pre-order node list; returns the node's
/// points, `None` when a sum overflows (the group's points are then 0).
fn sum_tree(n: &Node, idx: &mut usize, points: &mut [Decimal]) -> Option<Decimal> {
    let me = *idx;
    *idx += 1;
    if n.is_group() {
        let mut s = Some(Decimal::ZERO);
        for c in n.children() {
            let p = sum_tree(c, idx, points);
            s = s.zip(p).and_then(|(s, p)| s.checked_add(p));
        }
        if let Some(cap) = n.cap {
            s = s.map(|s| s.min(cap.0));
        }
        points[me] = s.unwrap_or_default();
        return s;
    }
    Some(points[me])
}

/// The failure of a sum or product past what a decimal holds.
fn overflow() -> ScriptError {
    use crate::script::failure::{FailureKind, HelperError, RuleFailure};
    ScriptError::Failed(RuleFailure::new(FailureKind::Helper(HelperError::Overflow)))
}

/// What one unit's leaves read (pass 1), with the errors reading them raised.
struct UnitRead {
    raws: Vec<Raw>,
    inputs: Vec<Vec<(String, Value)>>,
    errors: Vec<EvalError>,
}

fn read_unit(ctx: &Ctx, row: &Row) -> UnitRead {
    let n_nodes = ctx.nodes.len();
    let slots = Slots { row: &row.values, extra: &ctx.extra };
    let mut raws = vec![Raw::default(); n_nodes];
    let mut inputs = if ctx.record_inputs { vec![Vec::new(); n_nodes] } else { Vec::new() };
    let mut errors = Vec::new();
    for (i, n) in ctx.nodes.iter().enumerate() {
        if n.is_group() {
            continue;
        }
        if !ctx.record_inputs {
            if let Some(raw) = read_cells(&ctx.csc.nodes[i], &slots) {
                raws[i] = raw;
                continue;
            }
        }
        match read_raw(&ctx.cp.engine, &ctx.csc.nodes[i], &slots, inputs.get_mut(i)) {
            Ok(raw) => raws[i] = raw,
            Err(e) => errors.push(ctx.failure(row, &n.id, e)),
        }
    }
    UnitRead { raws, inputs, errors }
}

/// What scoring one cluster gave: its units in row order, its leaders, the
/// errors reading its rows raised (by row index, to be put in row order
/// with the other clusters'), and the errors scoring them raised.
struct ClusterScores {
    units: Vec<UnitScore>,
    leaders: Vec<Leader>,
    read_errors: Vec<(usize, EvalError)>,
    found: Found,
}

/// Reads and scores the units of one cluster: every leaf needs the
/// cluster's best values (pass 1 reads them all), and `script` leaves its
/// statistics.
fn score_cluster(ctx: &Ctx, cluster: &Key, members: &[usize], rows: &[&Row]) -> ClusterScores {
    let mut found = Found::default();
    let n_nodes = ctx.nodes.len();
    // One large cluster (a scorecard without `group_by`) is read in
    // parallel too; small ones are each one task already.
    let mut reads: Vec<UnitRead> = if members.len() >= 1024 {
        members.par_iter().map(|&u| read_unit(ctx, rows[u])).collect()
    } else {
        members.iter().map(|&u| read_unit(ctx, rows[u])).collect()
    };
    let read_errors = members
        .iter()
        .zip(&mut reads)
        .flat_map(|(&u, r)| std::mem::take(&mut r.errors).into_iter().map(move |e| (u, e)))
        .collect();
    let stats = crate::script::ScriptCtx {
        cum: (!ctx.stats_cols.is_empty()).then(|| {
            let member_rows: Vec<&Row> = members.iter().map(|&u| rows[u]).collect();
            cluster_stats(&member_rows, &ctx.stats_cols)
        }),
        ..Default::default()
    };
    let bests: Vec<Option<Best>> = (0..n_nodes)
        .map(|i| {
            let s = ctx.csc.nodes[i].scoring.as_ref()?;
            if !matches!(s, Scoring::TargetRelative { .. } | Scoring::Relative { .. }) {
                return None; // the only methods that compare with the cluster
            }
            let rs: Vec<&Raw> = reads.iter().map(|r| &r.raws[i]).collect();
            cluster_best(s, &rs)
        })
        .collect();
    let units = members
        .iter()
        .zip(&mut reads)
        .map(|(&u, read)| {
            let mut unit = score_unit(ctx, cluster, rows[u], &read.raws, &bests, &stats, &mut found);
            unit.inputs = std::mem::take(&mut read.inputs);
            unit
        })
        .collect();
    let leaders = bests
        .iter()
        .enumerate()
        .filter_map(|(i, best)| {
            let exact = (*best)?;
            let best = exact.value;
            let n = ctx.nodes[i];
            // Nobody over target: nobody leads (what units at target get is
            // the node's `no_leader`).
            if n.method == Some(Method::TargetRelative) && best <= Decimal::ZERO {
                return None;
            }
            let at_best = |r: &Raw| match n.method {
                Some(Method::TargetRelative) => {
                    r.t > Decimal::ZERO && r.a >= r.t && r.a.checked_sub(r.t).is_some_and(|n| exact.is(n, r.t))
                }
                _ => r.v == best,
            };
            let mut units: Vec<Value> = members
                .iter()
                .zip(&reads)
                .filter(|(_, r)| at_best(&r.raws[i]))
                .map(|(&u, _)| rows[u].values[ctx.key_idx].clone())
                .collect();
            units.sort_by(key_order);
            Some(Leader { cluster: cluster.clone(), node: i, best, units })
        })
        .collect();
    ClusterScores { units, leaders, read_errors, found }
}

/// A unit's total: its groups' points (each summed up its tree and capped),
/// plus bonuses, less penalties; never below zero, nor above the maximum
/// unless the scorecard allows it. An overflow is an error of the unit.
fn total_of(ctx: &Ctx, row: &Row, points: &mut [Decimal], found: &mut Found) -> Decimal {
    let sc = ctx.sc;
    let mut idx = 0;
    let mut total = Some(Decimal::ZERO);
    for g in &sc.groups {
        let p = sum_tree(g, &mut idx, points);
        total = total.zip(p).and_then(|(t, p)| t.checked_add(p));
    }
    for b in &sc.bonuses {
        let p = sum_tree(b, &mut idx, points);
        total = total.zip(p).and_then(|(t, p)| match b.kind.unwrap_or(BonusKind::Bonus) {
            BonusKind::Bonus => t.checked_add(p),
            BonusKind::Penalty => t.checked_sub(p),
        });
    }
    let mut total = match total {
        Some(t) => t,
        None => {
            found.errors.push(ctx.failure(row, &sc.id, overflow()));
            Decimal::ZERO
        }
    };
    if sc.rounding.at == RoundAt::Total {
        total = sc.rounding.mode.apply(total, sc.rounding.places);
    }
    total = total.max(Decimal::ZERO);
    if !sc.allow_over_max {
        total = total.min(ctx.max_total);
    }
    total
}

/// One unit's points, total, gates, band and votes, given its cluster's bests.
fn score_unit(
    ctx: &Ctx,
    cluster: &Key,
    row: &Row,
    raws: &[Raw],
    bests: &[Option<Best>],
    stats: &crate::script::ScriptCtx,
    found: &mut Found,
) -> UnitScore {
    let sc = ctx.sc;
    let ds = &ctx.cp.pack.datasets[&sc.dataset];
    let slots = Slots { row: &row.values, extra: &ctx.extra };
    let mut points = vec![Decimal::ZERO; ctx.nodes.len()];
    let mut raw = Vec::new();
    for (i, n) in ctx.nodes.iter().enumerate() {
        if n.is_group() {
            continue;
        }
        // Compiling gave every leaf its method (a group has none).
        let Some(scoring) = ctx.csc.nodes[i].scoring.as_ref() else { continue };
        let max = scoring.max();
        let mut script = None;
        if let Some(s) = &ctx.csc.nodes[i].script {
            match s.eval(&ctx.cp.engine, &slots, stats) {
                Ok(p) if p >= Decimal::ZERO && p <= max => script = Some(p),
                Ok(p) => found.errors.push(ctx.failure(row, &n.id, ScriptError::PointsOutOfRange { points: p, max })),
                Err(e) => found.errors.push(ctx.failure(row, &n.id, e).placed(Some(&n.expr_loc("script")))),
            }
        }
        if n.method == Some(Method::Manual) {
            let v = raws[i].v;
            if v < Decimal::ZERO || v > max {
                let field = match &ctx.csc.nodes[i].value {
                    Some(crate::script::NumExpr::Slot(_, c)) => c.clone(),
                    _ => n.id.clone(),
                };
                found.data_errors.push(DataError::new(
                    Location::cell(&ctx.table.file, row.line, field),
                    DataErrorKind::ManualOutOfRange { value: v, max },
                ));
            }
        }
        if let Some((input, value)) = negative_input(scoring, &raws[i]) {
            let expr = match input {
                Input::Actual => &ctx.csc.nodes[i].actual,
                Input::Target => &ctx.csc.nodes[i].target,
                Input::Value => &ctx.csc.nodes[i].value,
            };
            let field = match expr {
                Some(crate::script::NumExpr::Slot(_, c)) => c.clone(),
                _ => n.id.clone(),
            };
            found.data_errors.push(DataError::new(
                Location::cell(&ctx.table.file, row.line, field),
                DataErrorKind::NegativeInput { value, criterion: n.id.clone(), method: n.method },
            ));
            continue;
        }
        // Points short of a target come rounded in integers when only the
        // rounded points are kept (see `short_of_target`).
        if ctx.round_short_of_target {
            if let Some(q) = super::short_of_target::rounded(scoring, &raws[i], sc.rounding.places, sc.rounding.mode) {
                points[i] = q;
                continue;
            }
        }
        let p = match leaf_points(scoring, &raws[i], bests[i], script) {
            Some(p) => p,
            None => {
                found.errors.push(ctx.failure(row, &n.id, overflow()));
                Decimal::ZERO
            }
        };
        points[i] = match sc.rounding.at {
            RoundAt::Items => sc.rounding.mode.apply(p, sc.rounding.places),
            RoundAt::Total => p,
        };
        if ctx.band_floors && points[i] != p {
            raw.push((i, p));
        }
    }
    let total = total_of(ctx, row, &mut points, found);
    // Only a band's per-criterion floor reads them.
    let floor_points = if ctx.band_floors { floor_points(sc, &points, &raw) } else { None };
    let mut disqualified = Vec::new();
    for (gi, g) in ctx.csc.gates.iter().enumerate() {
        match g.eval(&ctx.cp.engine, &slots) {
            Ok(true) => disqualified.push(gi),
            Ok(false) => {}
            Err(e) => found.errors.push(ctx.failure(row, &sc.disqualify[gi].id, e)),
        }
    }
    let band = band_of(sc, &ctx.nodes[..ctx.n_tree], floor_points.as_deref().unwrap_or(&points), total);
    let votes_percent = sc.votes.as_ref().and_then(|v| {
        let f = ds.column_index(&v.for_).and_then(|i| row.values[i].as_decimal())?;
        let of = ds.column_index(&v.of).and_then(|i| row.values[i].as_decimal())?;
        (of > Decimal::ZERO).then(|| Decimal::ONE_HUNDRED.checked_mul(f).and_then(|x| x.checked_div(of))).flatten()
    });
    UnitScore {
        key: row.values[ctx.key_idx].clone(),
        name: ctx.name_idx.map(|i| row.values[i].render(crate::i18n::Lang::Vi)),
        cluster: cluster.clone(),
        row: row.line,
        points,
        inputs: Vec::new(),
        total,
        disqualified,
        band,
        rank: None,
        votes_percent,
        tie_values: ctx
            .csc
            .rank_by
            .iter()
            .map(|t| match *t {
                RankBy::Column { index, .. } => row.values[index].clone(),
                _ => Value::Null,
            })
            .collect(),
        proposal: None,
        notes: vec![],
        floor_points,
    }
}

/// The points bands' floors read when they are not the points shown: the
/// exact ones (`raw`: each rounded leaf's exact points) summed up the tree,
/// or each node's exact points rounded as shown.
fn floor_points(sc: &Scorecard, points: &[Decimal], raw: &[(usize, Decimal)]) -> Option<Vec<Decimal>> {
    match (sc.rounding.at, sc.rounding.floors_on()) {
        (RoundAt::Items, FloorPoints::Raw) if !raw.is_empty() => {
            let mut exact = points.to_vec();
            for &(i, p) in raw {
                exact[i] = p;
            }
            let mut idx = 0;
            for g in &sc.groups {
                sum_tree(g, &mut idx, &mut exact);
            }
            Some(exact)
        }
        (RoundAt::Total, FloorPoints::Rounded) => {
            Some(points.iter().map(|p| sc.rounding.mode.apply(*p, sc.rounding.places)).collect())
        }
        _ => None,
    }
}

/// Scores one stage's rows: clusters read and scored in parallel, results
/// and errors in row and cluster order whatever the thread count.
fn score_rows(ctx: &Ctx, rows: &[&Row], found: &mut Found) -> (Vec<UnitScore>, Vec<Leader>) {
    // Clusters, in key order of the cluster value.
    let mut by_cluster: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    for (u, row) in rows.iter().enumerate() {
        by_cluster.entry(ctx.cluster_of(row)).or_default().push(u);
    }
    let clusters: Vec<(Key, Vec<usize>)> = by_cluster.into_iter().collect();
    // A cluster's units are read and scored together, so what they read is
    // held for one cluster at a time, not for the whole file.
    let mut scored: Vec<ClusterScores> =
        clusters.par_iter().map(|(c, members)| score_cluster(ctx, c, members, rows)).collect();
    // Reading errors in row order, then scoring errors in cluster order.
    let mut read_errors: Vec<(usize, EvalError)> = Vec::new();
    for s in &mut scored {
        read_errors.append(&mut s.read_errors);
    }
    read_errors.sort_by_key(|(u, _)| *u);
    found.errors.extend(read_errors.into_iter().map(|(_, e)| e));
    let mut units = Vec::with_capacity(rows.len());
    let mut leaders = Vec::new();
    for s in scored {
        found.extend(s.found);
        leaders.extend(s.leaders);
        units.extend(s.units);
    }
    (units, leaders)
}

/// The first band whose total and per-criterion floor the unit meets;
/// `tree` is the criteria tree's part of the node list.
fn band_of(sc: &Scorecard, tree: &[&Node], points: &[Decimal], total: Decimal) -> Option<usize> {
    sc.bands.iter().position(|b| {
        b.min_total.is_none_or(|m| b.min_total_rule.met(total, m.0))
            && b.min_percent_each.is_none_or(|pct| {
                tree.iter()
                    .zip(points)
                    .filter(|(n, _)| b.floors(sc, n))
                    .all(|(n, p)| floor_of(n, pct.0).is_some_and(|floor| *p >= floor))
            })
    })
}

/// The points a band's floor asks of node `n`: `pct` % of its maximum, in
/// checked arithmetic (pack numbers are bounded, so `None` never happens in
/// practice; it counts as not met).
fn floor_of(n: &Node, pct: Decimal) -> Option<Decimal> {
    Scorecard::max_of(n).checked_mul(pct)?.checked_div(Decimal::ONE_HUNDRED)
}

/// Why a unit's total did not reach a better band: the band, the total it
/// needed when short of it, and each item under the band's floor (node index
/// in the tree, the points the floor asks for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BandMiss {
    pub band: usize,
    pub total_needed: Option<Decimal>,
    /// How `total_needed` is met: from it, or above it.
    pub rule: Threshold,
    pub floors: Vec<(usize, Decimal)>,
}

/// What kept a unit out of the band just above `reached` (the lowest band
/// when none was reached); `tree` is the criteria tree's part of
/// `Scorecard::nodes()`. Computed only for the units a report explains.
pub fn next_band_miss(
    sc: &Scorecard,
    tree: &[&Node],
    points: &[Decimal],
    total: Decimal,
    reached: Option<usize>,
) -> Option<BandMiss> {
    let bi = reached.unwrap_or(sc.bands.len()).checked_sub(1)?;
    let b = &sc.bands[bi];
    let floors = match b.min_percent_each {
        Some(pct) => tree
            .iter()
            .zip(points)
            .enumerate()
            .filter(|(_, (n, p))| b.floors(sc, n) && floor_of(n, pct.0).is_none_or(|floor| **p < floor))
            .map(|(i, (n, _))| (i, floor_of(n, pct.0).unwrap_or(Scorecard::max_of(n))))
            .collect(),
        None => Vec::new(),
    };
    let total_needed = b.min_total.map(|m| m.0).filter(|m| !b.min_total_rule.met(total, *m));
    Some(BandMiss { band: bi, total_needed, rule: b.min_total_rule, floors })
}

/// Rows a staged scorecard would drop without a word: a stage the
/// scorecard does not name, and a unit with no row at the final stage
/// (it would vanish from the ranking and the next unit take its award).
fn stage_gaps(
    ctx: &Ctx,
    (full, st): (&crate::pack::scorecard::Stages, &crate::pack::scorecard::Stages),
    col: usize,
    found: &mut Found,
) {
    use crate::data::Key;
    let Some(last) = st.order.last() else { return };
    let mut finals: std::collections::HashSet<Key> = std::collections::HashSet::new();
    for r in &ctx.table.rows {
        let stage = Key::of(&r.values[col]);
        if st.order.len() < full.order.len()
            && full.order.iter().any(|o| o == stage.as_str())
            && stage.as_str() != last
            && !st.order.iter().any(|o| o == stage.as_str())
        {
            found.data_errors.push(DataError::new(
                Location::cell(&ctx.table.file, r.line, &st.column),
                DataErrorKind::StageAfterUntil { value: stage.as_str().to_string(), until: last.clone() },
            ));
        } else if !st.order.iter().any(|o| o == stage.as_str()) {
            found.data_errors.push(DataError::new(
                Location::cell(&ctx.table.file, r.line, &st.column),
                DataErrorKind::UnknownStage { value: stage.as_str().to_string(), known: full.order.clone() },
            ));
        } else if stage.as_str() == last {
            finals.insert(Key::of(&r.values[ctx.key_idx]));
        }
    }
    let mut told: std::collections::HashSet<Key> = std::collections::HashSet::new();
    for r in &ctx.table.rows {
        let key = Key::of(&r.values[ctx.key_idx]);
        if !finals.contains(&key) && told.insert(key.clone()) {
            found.data_errors.push(DataError::new(
                Location::cell(&ctx.table.file, r.line, &st.column),
                DataErrorKind::MissingStage { key: key.as_str().to_string(), stage: last.clone() },
            ));
        }
    }
}

/// The stages scored: all of them, or those up to `until` (the last of
/// which is then final). A stage the scorecard does not have is refused.
fn until_stage(
    st: &crate::pack::scorecard::Stages,
    until: Option<&str>,
) -> Result<crate::pack::scorecard::Stages, DataErrorKind> {
    let Some(until) = until else { return Ok(st.clone()) };
    let Some(at) = st.order.iter().position(|o| o == until) else {
        return Err(DataErrorKind::UnknownStage { value: until.to_string(), known: st.order.clone() });
    };
    Ok(crate::pack::scorecard::Stages { order: st.order[..=at].to_vec(), ..st.clone() })
}

/// Scores every stage of a scorecard over its dataset's table.
pub fn score(
    cp: &CompiledPack,
    sc_index: usize,
    table: &Table,
    opts: &ScoreOptions,
) -> Result<ScoreOutcome, ScoreError> {
    super::check_in_force(cp, opts.as_of).map_err(|e| ScoreError::Eval(vec![e]))?;
    let sc = &cp.pack.scorecards[sc_index];
    let ds = &cp.pack.datasets[&sc.dataset];
    let group_idx = sc.group_by.as_ref().and_then(|g| ds.column_index(g));
    let any_script = cp.scorecards[sc_index].nodes.iter().any(|c| c.script.is_some());
    let band_floors = sc.bands.iter().any(|b| b.min_percent_each.is_some());
    let ctx = Ctx {
        cp,
        sc,
        csc: &cp.scorecards[sc_index],
        nodes: sc.nodes(),
        table,
        extra: Layout::extra_values(&cp.pack.parameters, opts.as_of),
        record_inputs: opts.record_inputs,
        key_idx: ds.column_index(&ds.key).unwrap_or(0),
        name_idx: ds.name_column.as_ref().and_then(|n| ds.column_index(n)),
        group_idx,
        max_total: sc.max_total(),
        n_tree: sc.tree_len(),
        stats_cols: if any_script { numeric_columns(ds) } else { Vec::new() },
        band_floors,
        round_short_of_target: sc.rounding.at == RoundAt::Items && !band_floors,
    };
    let mut found = Found::default();
    let in_scope = |r: &&Row| match (&opts.clusters, group_idx) {
        (Some(cs), Some(g)) => cs.contains(&Key::of(&r.values[g])),
        _ => true,
    };
    let mut stages = Vec::new();
    match &sc.stages {
        None if opts.until.is_some() => {
            let value = opts.until.clone().unwrap_or_default();
            let kind = DataErrorKind::UnknownStage { value, known: Vec::new() };
            return Err(ScoreError::Data(vec![DataError::new(Location::file(&table.file), kind)]));
        }
        None => {
            let rows: Vec<&Row> = table.rows.iter().filter(in_scope).collect();
            let (units, leaders) = score_rows(&ctx, &rows, &mut found);
            stages.push(StageScores { stage: None, units, leaders });
        }
        Some(st) => {
            let col = ds.column_index(&st.column).unwrap_or(0);
            let full = st;
            let st = &until_stage(st, opts.until.as_deref())
                .map_err(|kind| ScoreError::Data(vec![DataError::new(Location::file(&table.file), kind)]))?;
            stage_gaps(&ctx, (full, st), col, &mut found);
            for name in &st.order {
                let rows: Vec<&Row> = table
                    .rows
                    .iter()
                    .filter(in_scope)
                    .filter(|r| crate::data::Key::of(&r.values[col]).as_str() == name)
                    .collect();
                let (units, leaders) = score_rows(&ctx, &rows, &mut found);
                stages.push(StageScores { stage: Some(name.clone()), units, leaders });
            }
        }
    }
    if !found.data_errors.is_empty() {
        return Err(ScoreError::Data(found.data_errors));
    }
    if !found.errors.is_empty() {
        return Err(ScoreError::Eval(found.errors));
    }
    let n_stages = stages.len();
    for (i, st) in stages.iter_mut().enumerate() {
        let last = i + 1 == n_stages;
        if last {
            rank_and_propose(sc, &ctx.csc.rank_by, &mut st.units);
        } else {
            st.units.sort_by(|a, b| a.cluster.cmp(&b.cluster).then_with(|| key_order(&a.key, &b.key)));
        }
    }
    Ok(ScoreOutcome { scorecard: sc_index, as_of: opts.as_of, max_total: sc.max_total(), stages })
}
