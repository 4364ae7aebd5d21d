//! Eligibility: every (subject, award) pair, criterion by criterion. Pure:
//! takes compiled rules and typed tables, returns results; no I/O.

pub mod err;
pub mod score;

pub use err::{EvalError, EvalErrorKind};

use crate::compile::CompiledPack;
use crate::data::{Table, Value};
use crate::location::Location;
use crate::script::native::Shortfall;
use crate::script::{Layout, ScriptError, Slots};
use chrono::NaiveDate;
use indexmap::IndexMap;
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::HashSet;

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub as_of: NaiveDate,
    /// Only these awards (their required awards are still evaluated).
    pub awards: Option<Vec<String>>,
    /// Only these subject keys.
    pub subjects: Option<Vec<String>>,
    /// Keep every criterion's inputs (for `--explain`, JSON, traces); when
    /// false only failed criteria keep theirs, which reasons need.
    pub record_inputs: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CriterionStatus {
    Passed,
    Failed,
    /// `applies_when` is false for this subject.
    NotApplicable,
    /// The criterion is not in force on the evaluation date.
    NotInForce,
}

#[derive(Debug, Clone)]
pub struct CriterionResult {
    /// Index into the award's criteria.
    pub index: usize,
    pub status: CriterionStatus,
    pub inputs: Vec<(String, Value)>,
    pub shortfalls: Vec<Shortfall>,
}

#[derive(Debug, Clone)]
pub struct AwardResult {
    /// Index into `pack.datasets`.
    pub dataset: usize,
    pub key: Value,
    /// The value of the dataset's name column.
    pub name: Option<Value>,
    /// Spreadsheet row of the subject in its data file.
    pub row: usize,
    /// Index into `pack.awards`.
    pub award: usize,
    pub eligible: bool,
    /// Required awards and whether each is met.
    pub requires: Vec<(String, bool)>,
    pub criteria: Vec<CriterionResult>,
}

impl AwardResult {
    /// Ids of what failed: required awards not met, then failed criteria.
    pub fn failed_ids<'a>(&'a self, pack: &'a crate::pack::Pack) -> Vec<&'a str> {
        let award = &pack.awards[self.award];
        let mut ids: Vec<&str> = self.requires.iter().filter(|r| !r.1).map(|r| r.0.as_str()).collect();
        ids.extend(
            self.criteria
                .iter()
                .filter(|c| c.status == CriterionStatus::Failed)
                .map(|c| award.criteria[c.index].id.as_str()),
        );
        ids
    }
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub as_of: NaiveDate,
    pub results: Vec<AwardResult>,
}

/// Orders keys the way a reader expects: numbers by value, text by bytes.
pub fn key_order(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Text(x), Value::Text(y)) => x.as_bytes().cmp(y.as_bytes()),
        _ => a.render(crate::i18n::Lang::En).cmp(&b.render(crate::i18n::Lang::En)),
    }
}

/// Checks that the evaluation date is inside the pack's period.
pub fn check_in_force(cp: &CompiledPack, as_of: NaiveDate) -> Result<(), EvalError> {
    if cp.pack.effective.contains(as_of) {
        return Ok(());
    }
    Err(EvalError {
        loc: Location::file(&cp.pack.files[0]),
        award: None,
        criterion: None,
        subject: None,
        kind: EvalErrorKind::NotInForce {
            as_of: as_of.format("%d/%m/%Y").to_string(),
            period: cp.pack.effective.render(),
        },
    })
}

/// The awards to evaluate: the selected ones and everything they require.
fn needed_awards(cp: &CompiledPack, selected: &Option<Vec<String>>) -> HashSet<usize> {
    let awards = &cp.pack.awards;
    let mut need: HashSet<usize> = HashSet::new();
    let mut stack: Vec<usize> = match selected {
        None => (0..awards.len()).collect(),
        Some(ids) => (0..awards.len()).filter(|&i| ids.contains(&awards[i].id)).collect(),
    };
    while let Some(i) = stack.pop() {
        if need.insert(i) {
            for r in &awards[i].requires {
                if let Some(j) = awards.iter().position(|a| &a.id == r) {
                    stack.push(j);
                }
            }
        }
    }
    need
}

/// Evaluates eligibility for every subject in `tables` and every award.
pub fn check(
    cp: &CompiledPack,
    tables: &IndexMap<String, Table>,
    opts: &CheckOptions,
) -> Result<Outcome, Vec<EvalError>> {
    check_in_force(cp, opts.as_of).map_err(|e| vec![e])?;
    let pack = &cp.pack;
    let needed = needed_awards(cp, &opts.awards);
    let extra = Layout::extra_values(&pack.parameters, opts.as_of);
    let mut errors = Vec::new();
    // eligible[award][row]
    let mut eligible: Vec<Vec<bool>> = vec![Vec::new(); pack.awards.len()];
    let mut results: Vec<AwardResult> = Vec::new();

    for &ai in &cp.order {
        let award = &pack.awards[ai];
        if !needed.contains(&ai) || award.effective.as_ref().is_some_and(|p| !p.contains(opts.as_of)) {
            continue;
        }
        let Some(table) = tables.get(&award.dataset_id) else {
            continue;
        };
        let ctx = RowCtx { cp, opts, ai, table, extra: &extra, eligible: &eligible };
        // Rows are independent once the awards they require are known; the
        // collected order is the row order whatever the thread count.
        let outcomes: Vec<RowOutcome> = table.rows.par_iter().enumerate().map(|(ri, row)| ctx.eval(ri, row)).collect();
        let mut flags = vec![false; table.rows.len()];
        for (ri, o) in outcomes.into_iter().enumerate() {
            errors.extend(o.errors);
            if let Some(r) = o.result {
                flags[ri] = r.eligible;
                results.push(r);
            }
        }
        eligible[ai] = flags;
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Report only what was asked for, in a stable order: dataset, key, award.
    results.retain(|r| opts.awards.as_ref().is_none_or(|ids| ids.contains(&pack.awards[r.award].id)));
    results.sort_by(|a, b| {
        a.dataset.cmp(&b.dataset).then_with(|| key_order(&a.key, &b.key)).then_with(|| a.award.cmp(&b.award))
    });
    Ok(Outcome { as_of: opts.as_of, results })
}

/// What one award needs to evaluate one row.
struct RowCtx<'a> {
    cp: &'a CompiledPack,
    opts: &'a CheckOptions,
    ai: usize,
    table: &'a Table,
    extra: &'a [Value],
    eligible: &'a [Vec<bool>],
}

#[derive(Default)]
struct RowOutcome {
    result: Option<AwardResult>,
    errors: Vec<EvalError>,
}

impl RowCtx<'_> {
    fn eval(&self, ri: usize, row: &crate::data::Row) -> RowOutcome {
        let (cp, opts, ai) = (self.cp, self.opts, self.ai);
        let pack = &cp.pack;
        let award = &pack.awards[ai];
        let ds = &pack.datasets[&award.dataset_id];
        let key_idx = ds.column_index(&ds.key).unwrap_or(0);
        let mut out = RowOutcome::default();
        // Required awards are about the same subject, so rows outside
        // `--subject` need no evaluation at all.
        if let Some(keys) = &opts.subjects {
            if !keys.contains(&row.values[key_idx].render(crate::i18n::Lang::Vi)) {
                return out;
            }
        }
        let compiled = &cp.awards[ai];
        let slots = Slots { row: &row.values, extra: self.extra };
        let fail = |criterion: Option<&str>, e: ScriptError| EvalError {
            loc: Location::row(&self.table.file, row.line),
            award: Some(award.id.clone()),
            criterion: criterion.map(str::to_string),
            subject: Some(row.values[key_idx].render(crate::i18n::Lang::Vi)),
            kind: EvalErrorKind::Script(e),
        };
        if let Some(aw) = &compiled.applies_when {
            match aw.eval(&cp.engine, &slots) {
                Ok(true) => {}
                Ok(false) => return out,
                Err(e) => {
                    out.errors.push(fail(None, e));
                    return out;
                }
            }
        }
        let requires: Vec<(String, bool)> = award
            .requires
            .iter()
            .map(|r| {
                let j = pack.awards.iter().position(|a| &a.id == r).unwrap_or(ai);
                (r.clone(), self.eligible[j].get(ri).copied().unwrap_or(false))
            })
            .collect();
        let mut criteria = Vec::with_capacity(compiled.criteria.len());
        for (ci, cc) in compiled.criteria.iter().enumerate() {
            let spec = &award.criteria[ci];
            let status = if spec.effective.as_ref().is_some_and(|p| !p.contains(opts.as_of)) {
                CriterionStatus::NotInForce
            } else {
                let applies = match &cc.applies_when {
                    None => Ok(true),
                    Some(c) => c.eval(&cp.engine, &slots),
                };
                match applies.and_then(|a| if a { cc.condition.eval(&cp.engine, &slots).map(Some) } else { Ok(None) }) {
                    Ok(Some(true)) => CriterionStatus::Passed,
                    Ok(Some(false)) => CriterionStatus::Failed,
                    Ok(None) => CriterionStatus::NotApplicable,
                    Err(e) => {
                        out.errors.push(fail(Some(&spec.id), e));
                        CriterionStatus::Failed
                    }
                }
            };
            let failed = status == CriterionStatus::Failed;
            let shortfalls = if failed { cc.condition.explain(&slots) } else { vec![] };
            let inputs = if failed || opts.record_inputs { cc.condition.inputs(&slots) } else { vec![] };
            criteria.push(CriterionResult { index: ci, status, inputs, shortfalls });
        }
        let ok = requires.iter().all(|r| r.1) && criteria.iter().all(|c| c.status != CriterionStatus::Failed);
        let name_idx = ds.name_column.as_ref().and_then(|n| ds.column_index(n));
        out.result = Some(AwardResult {
            dataset: pack.datasets.get_index_of(&award.dataset_id).unwrap_or(0),
            key: row.values[key_idx].clone(),
            name: name_idx.map(|i| row.values[i].clone()),
            row: row.line,
            award: ai,
            eligible: ok,
            requires,
            criteria,
        });
        out
    }
}
