//! Eligibility for a whole [`Batch`] at once, for awards whose subjects can be
//! judged one row at a time (no quota, no roll-up, no history). Simple
//! conditions run down columns ([`ColCond`]); the others run in Rhai row by
//! row. Pure: batches in, verdicts out. The per-row results are the same as
//! [`super::check`]'s; `tests/columnar_differential.rs` holds both to it.

use super::{AwardResult, CriterionResult, CriterionStatus, EvalError, EvalErrorKind};
use crate::compile::CompiledPack;
use crate::data::batch::Batch;
use crate::data::Value;
use crate::location::Location;
use crate::script::columnar::ColCond;
use crate::script::{Condition, Layout, ScriptCtx, ScriptError, Slots};
use chrono::NaiveDate;
use std::path::Path;

/// How one condition is evaluated.
enum Plan<'a> {
    Columns(ColCond),
    Rows(&'a Condition),
}

struct CriterionPlan<'a> {
    in_force: bool,
    applies: Option<Plan<'a>>,
    condition: Plan<'a>,
}

struct AwardPlan<'a> {
    award: usize,
    applies: Option<Plan<'a>>,
    criteria: Vec<CriterionPlan<'a>>,
    /// Required awards: id, and the position of its plan (evaluated earlier).
    requires: Vec<(String, Option<usize>)>,
}

/// The verdicts of one award for every row of a batch.
#[derive(Debug, Clone)]
pub struct AwardVerdicts {
    /// Index into `pack.awards`.
    pub award: usize,
    /// `applies_when` held: the row has a result for this award.
    pub applies: Vec<bool>,
    /// Per criterion, per row.
    pub criteria: Vec<Vec<CriterionStatus>>,
    pub eligible: Vec<bool>,
}

/// Every award's verdicts for a batch, in the evaluator's award order.
#[derive(Debug, Clone, Default)]
pub struct BatchVerdicts {
    pub awards: Vec<AwardVerdicts>,
    pub errors: Vec<EvalError>,
}

/// Evaluates a fixed set of awards of one dataset over batches.
pub struct BatchEvaluator<'a> {
    cp: &'a CompiledPack,
    dataset: usize,
    key_col: usize,
    name_col: Option<usize>,
    extra: Vec<Value>,
    plans: Vec<AwardPlan<'a>>,
}

/// Whether `awards` (indices into `pack.awards`) can be judged row by row:
/// no quota, no roll-up over members, no reading of history, one
/// evaluation date.
pub fn row_by_row(cp: &CompiledPack, awards: &[usize]) -> bool {
    let pack = &cp.pack;
    awards.iter().all(|&ai| {
        let a = &pack.awards[ai];
        let ds = pack.datasets.get(&a.dataset_id);
        !a.quota.is_some()
            && ds.is_some_and(|d| d.members.is_none() && d.evaluation_year.is_none() && d.values.is_empty())
            && !pack.datasets.values().any(|h| h.history.as_ref().is_some_and(|h| h.of == a.dataset_id))
    })
}

impl<'a> BatchEvaluator<'a> {
    /// Plans `awards` (already closed over `requires`) for `dataset`, in the
    /// pack's evaluation order.
    pub fn new(cp: &'a CompiledPack, dataset: &str, awards: &[usize], as_of: NaiveDate) -> BatchEvaluator<'a> {
        let pack = &cp.pack;
        let ds = &pack.datasets[dataset];
        let n_cols = ds.columns.len();
        let nullable: Vec<bool> = ds.columns.values().map(|c| c.optional).collect();
        let extra = Layout::extra_values(&pack.parameters, as_of);
        let plan = |c: &'a Condition| match c.native_tree().and_then(|e| ColCond::compile(e, n_cols, &extra, &nullable))
        {
            Some(cc) => Plan::Columns(cc),
            None => Plan::Rows(c),
        };
        let mut plans: Vec<AwardPlan> = Vec::new();
        for &ai in &cp.order {
            let a = &pack.awards[ai];
            if !awards.contains(&ai)
                || a.dataset_id != dataset
                || a.effective.as_ref().is_some_and(|p| !p.contains(as_of))
            {
                continue;
            }
            let compiled = &cp.awards[ai];
            let criteria = compiled
                .criteria
                .iter()
                .zip(&a.criteria)
                .map(|(cc, spec)| CriterionPlan {
                    in_force: spec.effective.as_ref().is_none_or(|p| p.contains(as_of)),
                    applies: cc.applies_when.as_ref().map(plan),
                    condition: plan(&cc.condition),
                })
                .collect();
            let requires = a
                .requires
                .iter()
                .map(|r| (r.clone(), plans.iter().position(|p| pack.awards[p.award].id == *r)))
                .collect();
            plans.push(AwardPlan { award: ai, applies: compiled.applies_when.as_ref().map(plan), criteria, requires });
        }
        BatchEvaluator {
            cp,
            dataset: pack.datasets.get_index_of(dataset).unwrap_or(0),
            key_col: ds.column_index(&ds.key).unwrap_or(0),
            name_col: ds.name_column.as_ref().and_then(|n| ds.column_index(n)),
            extra,
            plans,
        }
    }

    /// The awards evaluated, in order (indices into `pack.awards`).
    pub fn awards(&self) -> impl Iterator<Item = usize> + '_ {
        self.plans.iter().map(|p| p.award)
    }

    /// Judges every row of `b`; `file` names the rows in errors.
    pub fn evaluate(&self, b: &Batch, file: &Path) -> BatchVerdicts {
        let n = b.len();
        let mut rows = RowValues { batch: b, values: Vec::new() };
        let mut out = BatchVerdicts::default();
        for plan in &self.plans {
            let award = &self.cp.pack.awards[plan.award];
            let everyone = vec![true; n];
            let mut errors = Vec::new();
            let mut fail = |row: usize, criterion: Option<&str>, e: ScriptError| {
                errors.push(EvalError {
                    loc: Location::row(file, b.lines[row]),
                    award: Some(award.id.clone()),
                    criterion: criterion.map(str::to_string),
                    subject: Some(b.value(self.key_col, row).render(crate::i18n::Lang::Vi)),
                    kind: EvalErrorKind::Script(e),
                })
            };
            let applies = match &plan.applies {
                None => everyone,
                Some(p) => self.run(p, &everyone, &mut rows, |r, e| fail(r, None, e)),
            };
            let mut eligible = applies.clone();
            for (_, pos) in &plan.requires {
                match pos {
                    Some(j) => {
                        for (e, met) in eligible.iter_mut().zip(&out.awards[*j].eligible) {
                            *e &= met;
                        }
                    }
                    None => eligible.iter_mut().for_each(|e| *e = false),
                }
            }
            let mut criteria = Vec::with_capacity(plan.criteria.len());
            for (cp_, spec) in plan.criteria.iter().zip(&award.criteria) {
                if !cp_.in_force {
                    criteria.push(vec![CriterionStatus::NotInForce; n]);
                    continue;
                }
                let relevant = match &cp_.applies {
                    None => applies.clone(),
                    Some(p) => {
                        let a = self.run(p, &applies, &mut rows, |r, e| fail(r, Some(&spec.id), e));
                        a.iter().zip(&applies).map(|(x, y)| *x && *y).collect()
                    }
                };
                let held = self.run(&cp_.condition, &relevant, &mut rows, |r, e| fail(r, Some(&spec.id), e));
                let status: Vec<CriterionStatus> = (0..n)
                    .map(|r| match (relevant[r], held[r]) {
                        (false, _) => CriterionStatus::NotApplicable,
                        (true, true) => CriterionStatus::Passed,
                        (true, false) => CriterionStatus::Failed,
                    })
                    .collect();
                for (e, s) in eligible.iter_mut().zip(&status) {
                    *e &= *s != CriterionStatus::Failed;
                }
                criteria.push(status);
            }
            out.awards.push(AwardVerdicts { award: plan.award, applies, criteria, eligible });
            out.errors.append(&mut errors);
        }
        out
    }

    /// Runs a condition for the rows in `wanted` (others are `false`). A
    /// failing row is reported through `fail` and counts as `false`.
    fn run(
        &self,
        plan: &Plan,
        wanted: &[bool],
        rows: &mut RowValues,
        mut fail: impl FnMut(usize, ScriptError),
    ) -> Vec<bool> {
        match plan {
            Plan::Columns(c) => c.eval(rows.batch).into_iter().zip(wanted).map(|(v, w)| v && *w).collect(),
            Plan::Rows(cond) => {
                let engine = &self.cp.engine;
                (0..wanted.len())
                    .map(|r| {
                        if !wanted[r] {
                            return false;
                        }
                        let slots = Slots { row: rows.get(r), extra: &self.extra };
                        match cond.eval_with(engine, &slots, &ScriptCtx::default()) {
                            Ok(v) => v,
                            Err(e) => {
                                fail(r, e);
                                false
                            }
                        }
                    })
                    .collect()
            }
        }
    }

    /// The result of award number `k` (in [`BatchEvaluator::awards`] order)
    /// for `row`, as the report shows it; `None` when it does not apply.
    pub fn result(
        &self,
        v: &BatchVerdicts,
        b: &Batch,
        k: usize,
        row: usize,
        record_inputs: bool,
    ) -> Option<AwardResult> {
        let plan = &self.plans[k];
        let av = &v.awards[k];
        if !av.applies[row] {
            return None;
        }
        let compiled = &self.cp.awards[plan.award];
        let values = b.row_values(row);
        let slots = Slots { row: &values, extra: &self.extra };
        let requires = plan
            .requires
            .iter()
            .map(|(id, pos)| (id.clone(), pos.is_some_and(|j| v.awards[j].eligible[row])))
            .collect();
        let criteria = av
            .criteria
            .iter()
            .enumerate()
            .map(|(ci, statuses)| {
                let status = statuses[row];
                let cond = &compiled.criteria[ci].condition;
                let failed = status == CriterionStatus::Failed;
                let ctx = ScriptCtx::default();
                let shortfalls = if failed { cond.explain(&self.cp.engine, &slots, &ctx) } else { vec![] };
                CriterionResult {
                    index: ci,
                    status,
                    inputs: if failed || record_inputs { cond.inputs(&slots) } else { vec![] },
                    computed: if record_inputs {
                        super::computed(cond, &self.cp.engine, &slots, &ctx, status, &shortfalls)
                    } else {
                        vec![]
                    },
                    shortfalls,
                }
            })
            .collect();
        Some(AwardResult {
            dataset: self.dataset,
            key: values[self.key_col].clone(),
            name: self.name_col.map(|i| values[i].clone()),
            row: b.lines[row],
            award: plan.award,
            eligible: av.eligible[row],
            requires,
            criteria,
            over_quota: None,
            quota: None,
            as_of: None,
            values: Vec::new(),
        })
    }
}

/// Rows as values, made only for the rows a Rhai condition reads.
struct RowValues<'b> {
    batch: &'b Batch,
    values: Vec<Option<Vec<Value>>>,
}

impl RowValues<'_> {
    fn get(&mut self, row: usize) -> &[Value] {
        if self.values.is_empty() {
            self.values = vec![None; self.batch.len()];
        }
        let b = self.batch;
        self.values[row].get_or_insert_with(|| b.row_values(row))
    }
}

/// Judges in-memory tables with the batch evaluator, results in the order of
/// [`super::check`]'s; `None` when some award needs every row at once. For
/// differential checks: pack tests run both and compare.
pub fn check_tables(
    cp: &CompiledPack,
    tables: &indexmap::IndexMap<String, crate::data::Table>,
    opts: &super::CheckOptions,
) -> Option<Vec<AwardResult>> {
    let mut needed: Vec<usize> = super::needed_awards(cp, &opts.awards).into_iter().collect();
    needed.sort();
    if !row_by_row(cp, &needed) {
        return None;
    }
    let pack = &cp.pack;
    let reported = |ai: usize| match &opts.awards {
        Some(ids) => ids.contains(&pack.awards[ai].id),
        None => !pack.awards[ai].internal,
    };
    let mut out = Vec::new();
    for (id, ds) in &pack.datasets {
        let Some(t) = tables.get(id) else { continue };
        let ev = BatchEvaluator::new(cp, id, &needed, opts.as_of);
        let b = Batch::from_values(ds, t.rows.iter().map(|r| (r.line, &r.values[..])));
        let v = ev.evaluate(&b, &t.file);
        if !v.errors.is_empty() {
            return Some(Vec::new());
        }
        let order: Vec<usize> = ev.awards().collect();
        for r in 0..b.len() {
            for ai in (0..pack.awards.len()).filter(|&a| reported(a)) {
                if let Some(k) = order.iter().position(|&x| x == ai) {
                    out.extend(ev.result(&v, &b, k, r, opts.record_inputs));
                }
            }
        }
    }
    if let Some(keys) = &opts.subjects {
        out.retain(|r| keys.contains(&r.key.render(crate::i18n::Lang::Vi)));
    }
    out.sort_by(|a, b| {
        a.dataset.cmp(&b.dataset).then_with(|| super::key_order(&a.key, &b.key)).then_with(|| a.award.cmp(&b.award))
    });
    Some(out)
}
