//! Eligibility: every (subject, award) pair, criterion by criterion. Pure:
//! takes compiled rules and typed tables, returns results; no I/O.

pub mod batch;
pub mod err;
mod quota;
pub mod score;

pub use err::{EvalError, EvalErrorKind};

use crate::compile::CompiledPack;
use crate::data::{Table, Value};
use crate::location::Location;
use crate::script::context::{History, HistoryData, HistoryNames, Members, MembersData};
use crate::script::native::Shortfall;
use crate::script::ScriptCtx;
use crate::script::{Layout, ScriptError, Slots};
use chrono::Datelike;
use chrono::NaiveDate;
use indexmap::IndexMap;
use rayon::prelude::*;
use rhai::Dynamic;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

#[cfg(test)]
mod collation_tests {
    use super::*;

    #[test]
    fn vietnamese_names_sort_by_the_vietnamese_alphabet() {
        let mut names: Vec<Value> = ["Đào", "Dương", "Ân", "Anh", "Ăn", "Bình", "Ơn", "Ông", "Oanh", "Ưng", "Uyên"]
            .iter()
            .map(|s| Value::text(s))
            .collect();
        names.sort_by(key_order);
        let got: Vec<String> = names.iter().map(|v| v.render(crate::i18n::Lang::Vi)).collect();
        assert_eq!(got, ["Anh", "Ăn", "Ân", "Bình", "Dương", "Đào", "Oanh", "Ông", "Ơn", "Uyên", "Ưng"]);
    }
}

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
    /// What the rule's helpers computed, passed or failed, when inputs are
    /// recorded: the streaks, counts and shares an auditor checks.
    pub computed: Vec<crate::script::native::Finding>,
}

/// A decided criterion's computed values: those its explanation already
/// found, else found by running its condition again.
pub(crate) fn computed(
    cond: &crate::script::Condition,
    engine: &rhai::Engine,
    slots: &Slots,
    ctx: &crate::script::ScriptCtx,
    status: CriterionStatus,
    shortfalls: &[Shortfall],
) -> Vec<crate::script::native::Finding> {
    match status {
        CriterionStatus::Failed => shortfalls
            .iter()
            .find_map(|s| match s {
                Shortfall::Found(f) => Some(f.clone()),
                _ => None,
            })
            .unwrap_or_default(),
        CriterionStatus::Passed => cond.computed(engine, slots, ctx),
        _ => Vec::new(),
    }
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
    /// Met the standard but was cut by the award's quota.
    pub over_quota: Option<QuotaCut>,
    /// For an award with a quota: the subject's place, cut or not (set for
    /// every subject that met the standard).
    pub quota: Option<QuotaCut>,
    /// The date this row was judged on, when its dataset has an evaluation
    /// year (else the run's date).
    pub as_of: Option<NaiveDate>,
    /// The dataset's shown `values` for this subject, in declared order.
    pub values: Vec<(String, Value)>,
}

/// Why a subject that meets the standard is not proposed: its group's quota.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaCut {
    /// The group (value of the quota's `within` column).
    pub group: String,
    /// How many the quota allows in the group, and the base it was computed on.
    pub allowed: u32,
    pub base: u32,
    /// The legal basis of the quota that cut the subject.
    pub source: Option<String>,
    /// The subject's place among the `candidates` of its group who met
    /// the standard, in the quota's ranking (1 = first).
    pub rank: u32,
    pub candidates: u32,
}

impl AwardResult {
    pub fn dataset_id<'p>(&self, cp: &'p CompiledPack) -> &'p str {
        cp.pack.datasets.get_index(self.dataset).map(|(k, _)| k.as_str()).unwrap_or("")
    }

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
        if self.over_quota.is_some() {
            ids.push("quota");
        }
        ids
    }
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub as_of: NaiveDate,
    pub results: Vec<AwardResult>,
}

/// The Vietnamese collator (a, ă, â, b, c, d, đ, e, ê, …; tones after
/// letters), from ICU's compiled data.
fn vietnamese() -> Option<&'static icu_collator::CollatorBorrowed<'static>> {
    static C: std::sync::OnceLock<Option<icu_collator::CollatorBorrowed<'static>>> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        icu_collator::Collator::try_new(
            icu_locale_core::locale!("vi").into(),
            icu_collator::options::CollatorOptions::default(),
        )
        .ok()
    })
    .as_ref()
}

/// Orders keys the way a reader expects: numbers by value, text in
/// Vietnamese dictionary order (bytes break remaining ties, so the order is
/// total and the same on every machine).
pub fn key_order(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Text(x), Value::Text(y)) => {
            let c = if x.is_ascii() && y.is_ascii() {
                Ordering::Equal
            } else {
                vietnamese().map(|v| v.compare(x, y)).unwrap_or(Ordering::Equal)
            };
            c.then_with(|| if x.is_ascii() && y.is_ascii() { x.as_bytes().cmp(y.as_bytes()) } else { Ordering::Equal })
                .then_with(|| x.as_bytes().cmp(y.as_bytes()))
        }
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
pub fn needed_awards(cp: &CompiledPack, selected: &Option<Vec<String>>) -> HashSet<usize> {
    let awards = &cp.pack.awards;
    let mut need: HashSet<usize> = HashSet::new();
    let mut stack: Vec<usize> = match selected {
        None => (0..awards.len()).collect(),
        Some(ids) => (0..awards.len()).filter(|&i| ids.contains(&awards[i].id)).collect(),
    };
    while let Some(i) = stack.pop() {
        if need.insert(i) {
            let a = &awards[i];
            for r in a.requires.iter().chain(a.quota.iter().filter_map(|q| q.of.as_ref())) {
                if let Some(j) = awards.iter().position(|b| &b.id == r) {
                    stack.push(j);
                }
            }
            // Roll-ups read every award of the member dataset.
            if let Some(m) = cp.pack.datasets.get(&a.dataset_id).and_then(|d| d.members.as_ref()) {
                stack.extend((0..awards.len()).filter(|&j| awards[j].dataset_id == m.dataset));
            }
        }
    }
    need
}

/// The date a row of `year` is judged on: the run's day and month in that
/// year (28 February for a 29th outside a leap year).
pub fn in_year(as_of: NaiveDate, year: i64) -> Option<NaiveDate> {
    let y = i32::try_from(year).ok()?;
    NaiveDate::from_ymd_opt(y, as_of.month(), as_of.day()).or_else(|| NaiveDate::from_ymd_opt(y, as_of.month(), 28))
}

/// The rows of `table` judged in `year` (all of them when its dataset has
/// no evaluation year).
fn rows_of_year(cp: &CompiledPack, table: &Table, year: i64) -> Table {
    let ds = &cp.pack.datasets[&table.dataset];
    let Some(i) = ds.evaluation_year.as_ref().and_then(|y| ds.column_index(y)) else {
        return table.clone();
    };
    let rows = table.rows.iter().filter(|r| r.values[i] == Value::Int(year)).cloned().collect();
    Table { dataset: table.dataset.clone(), file: table.file.clone(), rows, warnings: Vec::new() }
}

/// Evaluates eligibility for every subject in `tables` and every award.
/// Datasets with an evaluation year are judged a year at a time, each row
/// on the run's day and month of its own year.
pub fn check(
    cp: &CompiledPack,
    tables: &IndexMap<String, Table>,
    opts: &CheckOptions,
) -> Result<Outcome, Vec<EvalError>> {
    let yearly = |id: &str| cp.pack.datasets.get(id).is_some_and(|d| d.evaluation_year.is_some());
    let mut years: Vec<i64> = tables
        .values()
        .filter(|t| yearly(&t.dataset))
        .flat_map(|t| {
            let ds = &cp.pack.datasets[&t.dataset];
            let i = ds.evaluation_year.as_ref().and_then(|y| ds.column_index(y)).unwrap_or(0);
            t.rows.iter().filter_map(move |r| match r.values[i] {
                Value::Int(y) => Some(y),
                _ => None,
            })
        })
        .collect();
    if years.is_empty() {
        return check_on(cp, tables, tables, opts);
    }
    years.sort();
    years.dedup();
    let mut results = Vec::new();
    let mut errors = Vec::new();
    let run = |as_of: NaiveDate, year: i64, keep: &dyn Fn(&str) -> bool, stamp: bool| {
        let part: IndexMap<String, Table> =
            tables.iter().map(|(id, t)| (id.clone(), rows_of_year(cp, t, year))).collect();
        check_on(cp, &part, tables, &CheckOptions { as_of, ..opts.clone() }).map(|o| {
            o.results
                .into_iter()
                .filter(|r| keep(r.dataset_id(cp)))
                .map(|mut r| {
                    r.as_of = stamp.then_some(as_of);
                    r
                })
                .collect::<Vec<_>>()
        })
    };
    for &y in &years {
        let got = match in_year(opts.as_of, y) {
            Some(as_of) => run(as_of, y, &|d| yearly(d), true),
            None => Err(vec![EvalError {
                loc: Location::file(&cp.pack.files[0]),
                award: None,
                criterion: None,
                subject: None,
                kind: EvalErrorKind::NotInForce { as_of: y.to_string(), period: cp.pack.effective.render() },
            }]),
        };
        match got {
            Ok(mut r) => results.append(&mut r),
            Err(mut e) => errors.append(&mut e),
        }
    }
    // Datasets without a year are judged once, on the run's date, beside the
    // rows of that year.
    if tables.keys().any(|d| !yearly(d)) {
        match run(opts.as_of, i64::from(opts.as_of.year()), &|d| !yearly(d), false) {
            Ok(mut r) => results.append(&mut r),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    results.sort_by(|a, b| {
        a.dataset
            .cmp(&b.dataset)
            .then_with(|| key_order(&a.key, &b.key))
            .then_with(|| a.as_of.cmp(&b.as_of))
            .then_with(|| a.award.cmp(&b.award))
    });
    Ok(Outcome { as_of: opts.as_of, results })
}

/// [`check`] on one date; histories are built from `all` (every year).
fn check_on(
    cp: &CompiledPack,
    tables: &IndexMap<String, Table>,
    all: &IndexMap<String, Table>,
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
    // Quotas and roll-ups need every subject, so `--subject` can only skip
    // rows early when the pack has neither.
    let prefilter =
        !pack.awards.iter().any(|a| a.quota.is_some()) && !pack.datasets.values().any(|d| d.members.is_some());

    for &ai in &cp.order {
        let award = &pack.awards[ai];
        if !needed.contains(&ai) || award.effective.as_ref().is_some_and(|p| !p.contains(opts.as_of)) {
            continue;
        }
        let Some(table) = tables.get(&award.dataset_id) else {
            continue;
        };
        let histories = histories_of(cp, all, &award.dataset_id, opts.as_of);
        let members = members_of(cp, tables, &award.dataset_id, &eligible);
        let ctx = RowCtx {
            cp,
            opts,
            ai,
            table,
            extra: &extra,
            eligible: &eligible,
            histories: &histories,
            members: members.as_ref(),
            prefilter,
        };
        // Rows are independent once the awards they require are known; the
        // collected order is the row order whatever the thread count.
        let outcomes: Vec<RowOutcome> = table.rows.par_iter().enumerate().map(|(ri, row)| ctx.eval(ri, row)).collect();
        let mut flags = vec![false; table.rows.len()];
        let mut mine: Vec<(usize, AwardResult)> = Vec::new();
        for (ri, o) in outcomes.into_iter().enumerate() {
            errors.extend(o.errors);
            if let Some(r) = o.result {
                flags[ri] = r.eligible;
                mine.push((ri, r));
            }
        }
        if let Some(q) = award.quota.in_force(opts.as_of) {
            quota::apply(cp, ai, q, table, &eligible, &mut flags, &mut mine);
        }
        results.extend(mine.into_iter().map(|(_, r)| r));
        eligible[ai] = flags;
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Report only what was asked for, in a stable order: dataset, key, award.
    results.retain(|r| {
        let a = &pack.awards[r.award];
        match &opts.awards {
            Some(ids) => ids.contains(&a.id),
            None => !a.internal,
        }
    });
    if let Some(keys) = &opts.subjects {
        results.retain(|r| keys.contains(&r.key.render(crate::i18n::Lang::Vi)));
    }
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
    histories: &'a Histories,
    members: Option<&'a (HashMap<String, Dynamic>, Dynamic)>,
    prefilter: bool,
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
        let key_text = row.values[key_idx].render(crate::i18n::Lang::Vi);
        if let (Some(keys), true) = (&opts.subjects, self.prefilter) {
            if !keys.contains(&key_text) {
                return out;
            }
        }
        let compiled = &cp.awards[ai];
        let slots = Slots { row: &row.values, extra: self.extra };
        let sctx = ScriptCtx {
            cum: None,
            histories: self
                .histories
                .iter()
                .map(|(name, (h, empty))| (name.clone(), h.get(&key_text).cloned().unwrap_or_else(|| empty.clone())))
                .collect(),
            thanh_vien: self.members.map(|(m, empty)| m.get(&key_text).cloned().unwrap_or_else(|| empty.clone())),
        };
        let fail = |criterion: Option<&str>, e: ScriptError| EvalError {
            loc: Location::row(&self.table.file, row.line),
            award: Some(award.id.clone()),
            criterion: criterion.map(str::to_string),
            subject: Some(row.values[key_idx].render(crate::i18n::Lang::Vi)),
            kind: EvalErrorKind::Script(e),
        };
        if let Some(aw) = &compiled.applies_when {
            match aw.eval_with(&cp.engine, &slots, &sctx) {
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
                    Some(c) => c.eval_with(&cp.engine, &slots, &sctx),
                };
                match applies.and_then(|a| {
                    if a {
                        cc.condition.eval_with(&cp.engine, &slots, &sctx).map(Some)
                    } else {
                        Ok(None)
                    }
                }) {
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
            let shortfalls = if failed { cc.condition.explain(&cp.engine, &slots, &sctx) } else { vec![] };
            let inputs = if failed || opts.record_inputs { cc.condition.inputs(&slots) } else { vec![] };
            let computed = if opts.record_inputs {
                computed(&cc.condition, &cp.engine, &slots, &sctx, status, &shortfalls)
            } else {
                vec![]
            };
            criteria.push(CriterionResult { index: ci, status, inputs, shortfalls, computed });
        }
        let ok = requires.iter().all(|r| r.1) && criteria.iter().all(|c| c.status != CriterionStatus::Failed);
        let mut shown = Vec::new();
        for (id, script) in cp.shown.get(&award.dataset_id).map(Vec::as_slice).unwrap_or(&[]) {
            match script.run(&cp.engine, &slots, &sctx) {
                Ok(v) => shown.push((id.clone(), crate::script::condition::from_dynamic(&v))),
                Err(e) => out.errors.push(fail(Some(id), e)),
            }
        }
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
            over_quota: None,
            quota: None,
            as_of: None,
            values: shown,
        });
        out
    }
}

/// Each history of the subjects of `dataset`: the name rules read it by,
/// and each subject's history as Rhai values by key, plus the value for a
/// subject without one.
type Histories = Vec<(String, (HashMap<String, Dynamic>, Dynamic))>;

fn histories_of(cp: &CompiledPack, tables: &IndexMap<String, Table>, dataset: &str, as_of: NaiveDate) -> Histories {
    cp.pack
        .histories_of(dataset)
        .filter_map(|h| Some((h.history.as_ref()?.var().to_string(), history_of(cp, tables, h, as_of)?)))
        .collect()
}

/// One history dataset's contents, by subject key.
fn history_of(
    cp: &CompiledPack,
    tables: &IndexMap<String, Table>,
    hds: &crate::pack::Dataset,
    as_of: NaiveDate,
) -> Option<(HashMap<String, Dynamic>, Dynamic)> {
    let hid = &hds.id;
    let spec = hds.history.as_ref()?;
    let year = as_of.year() as i64;
    // The names a rule may look up; the loader checked the literal ones, a
    // name computed at run time is checked against these.
    let known = Arc::new(HistoryNames {
        titles: crate::compile::history_titles(&cp.pack, hds).into_iter().map(str::to_string).collect(),
        columns: hds
            .columns
            .iter()
            .filter(|(_, c)| matches!(c.ty, crate::pack::ColumnType::Int | crate::pack::ColumnType::Decimal))
            .map(|(n, _)| n.clone())
            .collect(),
        all_columns: hds.columns.keys().cloned().collect(),
    });
    let fresh = || HistoryData { year, known: Some(known.clone()), ..Default::default() };
    let mut by_key: HashMap<String, HistoryData> = HashMap::new();
    if let Some(t) = tables.get(hid) {
        let key_idx = hds.column_index(&hds.key).unwrap_or(0);
        let yi = hds.column_index(&spec.year).unwrap_or(0);
        let title_cols: Vec<usize> = spec.title_columns().iter().filter_map(|t| hds.column_index(t)).collect();
        let others: Vec<(usize, &String)> =
            hds.columns.keys().enumerate().filter(|(i, _)| *i != key_idx && *i != yi).collect();
        let numeric: Vec<(usize, &String)> = hds
            .columns
            .iter()
            .enumerate()
            .filter(|(_, (_, c))| matches!(c.ty, crate::pack::ColumnType::Int | crate::pack::ColumnType::Decimal))
            .map(|(i, (n, _))| (i, n))
            .collect();
        for row in &t.rows {
            let key = row.values[key_idx].render(crate::i18n::Lang::Vi);
            let Value::Int(y) = row.values[yi] else { continue };
            let h = by_key.entry(key).or_insert_with(fresh);
            for &ti in &title_cols {
                let title = row.values[ti].render(crate::i18n::Lang::Vi);
                if !row.values[ti].is_empty() && !h.titles.get(&y).is_some_and(|t| t.contains(&title)) {
                    h.titles.entry(y).or_default().push(title);
                }
            }
            // Every fact of the year, for `gia_tri`.
            let cells = h.cells.entry(y).or_default();
            for (i, n) in &others {
                if !row.values[*i].is_empty() {
                    let vs = cells.entry((*n).clone()).or_default();
                    if !vs.contains(&row.values[*i]) {
                        vs.push(row.values[*i].clone());
                    }
                }
            }
            let sums = h.sums.entry(y).or_default();
            for (i, n) in &numeric {
                if let Some(d) = row.values[*i].as_decimal() {
                    *sums.entry((*n).clone()).or_default() += d;
                }
            }
        }
    }
    let empty = Dynamic::from(History(Arc::new(fresh())));
    Some((by_key.into_iter().map(|(k, h)| (k, Dynamic::from(History(Arc::new(h))))).collect(), empty))
}

/// Each collective's members, for roll-ups on `dataset`, by key; plus the
/// value for a collective without members.
fn members_of(
    cp: &CompiledPack,
    tables: &IndexMap<String, Table>,
    dataset: &str,
    eligible: &[Vec<bool>],
) -> Option<(HashMap<String, Dynamic>, Dynamic)> {
    let spec = cp.pack.datasets.get(dataset)?.members.as_ref()?;
    let mds = cp.pack.datasets.get(&spec.dataset)?;
    let awards: Vec<(usize, &str)> = cp
        .pack
        .awards
        .iter()
        .enumerate()
        .filter(|(_, a)| a.dataset_id == spec.dataset)
        .map(|(i, a)| (i, a.id.as_str()))
        .collect();
    use crate::pack::ColumnType;
    use crate::script::context::Rollup;
    // The members' own columns, rolled up per collective.
    let columns: Arc<Vec<String>> = Arc::new(mds.columns.keys().cloned().collect());
    let fresh_rollups: Vec<Rollup> = mds
        .columns
        .values()
        .map(|c| match c.ty {
            ColumnType::Bool => Rollup::Yes(0),
            ColumnType::Enum => Rollup::Values(Arc::new(c.values.clone()), vec![0; c.values.len()]),
            ColumnType::Int | ColumnType::Decimal => Rollup::Sum(rust_decimal::Decimal::ZERO),
            ColumnType::Text | ColumnType::Date => Rollup::None,
        })
        .collect();
    let empty = MembersData {
        total: 0,
        eligible: awards.iter().map(|(_, a)| (a.to_string(), 0)).collect(),
        columns: columns.clone(),
        rollups: fresh_rollups.clone(),
    };
    let mut by_group: HashMap<String, MembersData> = HashMap::new();
    if let Some(t) = tables.get(&spec.dataset) {
        let via = mds.column_index(&spec.via).unwrap_or(0);
        for (ri, row) in t.rows.iter().enumerate() {
            let g = by_group.entry(row.values[via].render(crate::i18n::Lang::Vi)).or_insert_with(|| MembersData {
                total: 0,
                eligible: empty.eligible.clone(),
                columns: columns.clone(),
                rollups: fresh_rollups.clone(),
            });
            g.total += 1;
            for (r, v) in g.rollups.iter_mut().zip(&row.values) {
                match (r, v) {
                    (Rollup::Yes(n), Value::Bool(true)) => *n += 1,
                    (Rollup::Values(values, counts), Value::Text(t)) => {
                        if let Some(i) = values.iter().position(|x| x.as_str() == &**t) {
                            counts[i] += 1;
                        }
                    }
                    (Rollup::Sum(s), v) => *s += v.as_decimal().unwrap_or_default(),
                    _ => {}
                }
            }
            for (ai, id) in &awards {
                if eligible.get(*ai).and_then(|e| e.get(ri)).copied().unwrap_or(false) {
                    *g.eligible.entry(id.to_string()).or_default() += 1;
                }
            }
        }
    }
    Some((
        by_group.into_iter().map(|(k, m)| (k, Dynamic::from(Members(Arc::new(m))))).collect(),
        Dynamic::from(Members(Arc::new(empty))),
    ))
}
