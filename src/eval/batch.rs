//! The evaluator: every award of one dataset judged over a [`Batch`] of rows
//! at once. Simple conditions run down columns ([`ColCond`]); the others run
//! in Rhai for the rows that need them, with each row's [`Surroundings`]
//! (histories, members). Awards are judged in the pack's order, one at a
//! time ([`BatchEvaluator::evaluate_next`]), so that a caller holding the
//! whole table can apply an award's quota before the awards that require it
//! are judged. Pure: batches in, verdicts out.

use super::context::Surroundings;
use super::{AwardResult, CriterionResult, CriterionStatus, EvalError, EvalErrorKind};
use crate::compile::CompiledPack;
use crate::data::batch::Batch;
use crate::data::{Key, Value};
use crate::i18n::Lang;
use crate::location::Location;
use crate::script::columnar::ColCond;
use crate::script::{Condition, Layout, ScriptCtx, ScriptError, Slots};
use chrono::NaiveDate;
use std::path::Path;

/// How one condition is evaluated.
enum Plan<'a> {
    Columns(ColCond),
    Rows(&'a Condition),
    /// Down the columns, except rows with an empty cell in one of the listed
    /// optional columns, which the condition's Rhai script judges.
    ColumnsWherePresent(ColCond, &'a Condition, &'a [usize]),
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

/// The awards judged so far for a batch, in the evaluator's award order.
#[derive(Debug, Clone, Default)]
pub struct BatchVerdicts {
    pub awards: Vec<AwardVerdicts>,
    pub errors: Vec<EvalError>,
    /// Each row's shown `values`, worked out the first time an award applies
    /// to it (none when the dataset shows none).
    pub shown: Vec<Option<Vec<(String, Value)>>>,
}

/// Judges a fixed set of awards of one dataset over batches.
pub struct BatchEvaluator<'a> {
    cp: &'a CompiledPack,
    dataset: usize,
    key_col: usize,
    name_col: Option<usize>,
    extra: Vec<Value>,
    plans: Vec<AwardPlan<'a>>,
    shown: &'a [(String, crate::script::Script)],
}

/// Whether `awards` (indices into `pack.awards`) can be judged a batch at a
/// time while a file streams past: no quota, no roll-up over members, no
/// reading of history, no shown values, one evaluation date.
pub fn streamable(cp: &CompiledPack, awards: &[usize]) -> bool {
    let pack = &cp.pack;
    awards.iter().all(|&ai| {
        let a = &pack.awards[ai];
        let ds = pack.datasets.get(&a.dataset_id);
        !a.quota.is_some()
            && ds.is_some_and(|d| d.members.is_none() && d.evaluation_year.is_none())
            && !pack.datasets.values().any(|h| h.history.as_ref().is_some_and(|h| h.of == a.dataset_id))
            && (pack.collectives_of(&a.dataset_id).next().is_none()
                || !crate::compile::reads(cp, a, crate::script::collective::VAR, 0))
    })
}

impl<'a> BatchEvaluator<'a> {
    /// Plans `awards` (already closed over `requires`) for `dataset`, in the
    /// pack's evaluation order, leaving out those not in force on `as_of`.
    pub fn new(cp: &'a CompiledPack, dataset: &str, awards: &[usize], as_of: NaiveDate) -> BatchEvaluator<'a> {
        let pack = &cp.pack;
        let ds = &pack.datasets[dataset];
        let n_cols = ds.columns.len();
        // An empty optional text cell is the empty text, never a null: its
        // column runs as a column like any other.
        let nullable: Vec<bool> =
            ds.columns.values().map(|c| c.optional && c.ty != crate::pack::ColumnType::Text).collect();
        let extra = Layout::extra_values(&pack.parameters, as_of);
        let never_null = vec![false; n_cols];
        let plan = |c: &'a Condition| {
            if let Some(cc) = c.native_tree().and_then(|e| ColCond::compile(e, n_cols, &extra, &nullable)) {
                return Plan::Columns(cc);
            }
            match c.tree_where_present() {
                Some((e, slots)) => match ColCond::compile(e, n_cols, &extra, &never_null) {
                    Some(cc) => Plan::ColumnsWherePresent(cc, c, slots),
                    None => Plan::Rows(c),
                },
                None => Plan::Rows(c),
            }
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
            shown: cp.shown.get(dataset).map(Vec::as_slice).unwrap_or(&[]),
        }
    }

    /// The awards evaluated, in order (indices into `pack.awards`).
    pub fn awards(&self) -> impl Iterator<Item = usize> + '_ {
        self.plans.iter().map(|p| p.award)
    }

    /// Judges every award for every row of `b`, where rules read nothing but
    /// the row; `file` names the rows in errors.
    pub fn evaluate(&self, b: &Batch, file: &Path) -> BatchVerdicts {
        let mut out = BatchVerdicts::default();
        while self.evaluate_next(b, file, &Surroundings::default(), &mut out) {}
        out
    }

    /// Judges the next award (number `v.awards.len()` in
    /// [`BatchEvaluator::awards`] order) for every row of `b`; `false` when
    /// every award has been judged.
    pub fn evaluate_next(&self, b: &Batch, file: &Path, around: &Surroundings, v: &mut BatchVerdicts) -> bool {
        let Some(plan) = self.plans.get(v.awards.len()) else { return false };
        let n = b.len();
        let award = &self.cp.pack.awards[plan.award];
        let mut rows = RowValues { batch: b, key_col: self.key_col, around, values: Vec::new(), ctx: Vec::new() };
        let mut errors = Vec::new();
        // `text_at`: where the failing rule's text starts in the pack.
        let mut fail = |row: usize, criterion: Option<&str>, text_at: Option<&Location>, e: ScriptError| {
            errors.push(
                EvalError {
                    loc: Location::row(file, b.lines[row]),
                    award: Some(award.id.clone()),
                    scorecard: None,
                    criterion: criterion.map(str::to_string),
                    subject: Some(b.value(self.key_col, row).render(Lang::Vi)),
                    kind: EvalErrorKind::Script(e),
                    rule_at: None,
                }
                .placed(text_at),
            )
        };
        let wanted: Vec<bool> = match around.only {
            None => vec![true; n],
            Some(keys) => (0..n).map(|r| keys.contains(&rows_key(b, self.key_col, r))).collect(),
        };
        let applies = match &plan.applies {
            None => wanted,
            Some(p) => self.run(p, &wanted, &mut rows, |r, e| fail(r, None, Some(&award.applies_when_loc), e)),
        };
        let mut eligible = applies.clone();
        for (_, pos) in &plan.requires {
            match pos {
                Some(j) => {
                    for (e, met) in eligible.iter_mut().zip(&v.awards[*j].eligible) {
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
                    self.run(p, &applies, &mut rows, |r, e| fail(r, Some(&spec.id), Some(&spec.applies_when_loc), e))
                }
            };
            let held = self.run(&cp_.condition, &relevant, &mut rows, |r, e| {
                fail(r, Some(&spec.id), Some(&spec.condition_loc), e)
            });
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
        if !self.shown.is_empty() {
            v.shown.resize(n, None);
            for (r, _) in applies.iter().enumerate().filter(|(_, a)| **a) {
                if v.shown[r].is_some() {
                    continue;
                }
                let mut values = Vec::with_capacity(self.shown.len());
                for (id, script) in self.shown {
                    let (row, ctx) = rows.get(r);
                    match script.run(&self.cp.engine, &Slots { row, extra: &self.extra }, ctx) {
                        Ok(x) => values.push((id.clone(), crate::script::condition::from_dynamic(&x))),
                        Err(e) => fail(r, Some(id), None, e),
                    }
                }
                v.shown[r] = Some(values);
            }
        }
        // Errors in row order, each row's in the order it was judged.
        errors.sort_by_key(|e| e.loc.line);
        v.awards.push(AwardVerdicts { award: plan.award, applies, criteria, eligible });
        v.errors.append(&mut errors);
        true
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
                (0..wanted.len()).map(|r| wanted[r] && self.judge_row(cond, r, rows, &mut fail)).collect()
            }
            Plan::ColumnsWherePresent(c, cond, slots) => {
                let b = rows.batch;
                let mut out: Vec<bool> = c.eval(b).into_iter().zip(wanted).map(|(v, w)| v && *w).collect();
                for (r, o) in out.iter_mut().enumerate() {
                    if wanted[r] && slots.iter().any(|&s| b.columns[s].is_null(r)) {
                        *o = self.judge_row(cond, r, rows, &mut fail);
                    }
                }
                out
            }
        }
    }

    /// One row's answer from the condition's own evaluation (Rhai, or its
    /// native tree); a failing row is reported through `fail` and is `false`.
    fn judge_row(
        &self,
        cond: &Condition,
        r: usize,
        rows: &mut RowValues,
        fail: &mut impl FnMut(usize, ScriptError),
    ) -> bool {
        let (row, ctx) = rows.get(r);
        match cond.eval_with(&self.cp.engine, &Slots { row, extra: &self.extra }, ctx) {
            Ok(v) => v,
            Err(e) if e.is_no_share() => false,
            Err(e) => {
                fail(r, e);
                false
            }
        }
    }

    /// The result of award number `k` (in [`BatchEvaluator::awards`] order)
    /// for `row`, with the explanations a report shows; `None` when it does
    /// not apply. Worked out only for the rows a report shows.
    pub fn result(
        &self,
        v: &BatchVerdicts,
        b: &Batch,
        k: usize,
        row: usize,
        record_inputs: bool,
        around: &Surroundings,
    ) -> Option<AwardResult> {
        let plan = &self.plans[k];
        let av = &v.awards[k];
        if !av.applies[row] {
            return None;
        }
        let compiled = &self.cp.awards[plan.award];
        let values = b.row_values(row);
        let slots = Slots { row: &values, extra: &self.extra };
        let ctx = around.script_ctx(&rows_key(b, self.key_col, row));
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
            values: v.shown.get(row).cloned().flatten().unwrap_or_default(),
        })
    }
}

/// A row's key, as histories and members are looked up by.
pub(crate) fn rows_key(b: &Batch, key_col: usize, row: usize) -> Key {
    match b.text(key_col, row) {
        Some(t) => Key::text(t),
        None => Key::of(&b.value(key_col, row)),
    }
}

/// Rows as values, and what their rules see around them, made only for the
/// rows a Rhai condition reads.
struct RowValues<'b> {
    batch: &'b Batch,
    key_col: usize,
    around: &'b Surroundings<'b>,
    values: Vec<Option<Vec<Value>>>,
    ctx: Vec<Option<ScriptCtx>>,
}

impl RowValues<'_> {
    fn get(&mut self, row: usize) -> (&[Value], &ScriptCtx) {
        if self.values.is_empty() {
            self.values = vec![None; self.batch.len()];
            self.ctx = vec![None; self.batch.len()];
        }
        let (b, around, key_col) = (self.batch, self.around, self.key_col);
        let values = self.values[row].get_or_insert_with(|| b.row_values(row));
        let ctx = self.ctx[row].get_or_insert_with(|| around.script_ctx(&rows_key(b, key_col, row)));
        (values, ctx)
    }
}
