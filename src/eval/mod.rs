//! Eligibility: every (subject, award) pair, criterion by criterion. Pure:
//! takes compiled rules and typed tables, returns results; no I/O.

pub mod batch;
pub mod context;
pub mod err;
mod leaf_inputs;
mod points;
mod quota;
mod rank;
pub mod score;
mod short_of_target;

pub use err::{EvalError, EvalErrorKind};

use crate::compile::CompiledPack;
use crate::data::batch::Batch;
use crate::data::{Table, Value};
use crate::location::Location;
use crate::script::native::Shortfall;
use crate::script::Slots;
use batch::BatchVerdicts;
use chrono::Datelike;
use chrono::NaiveDate;
use context::Surroundings;
use indexmap::IndexMap;
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::HashSet;

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
    pub subjects: Option<Vec<crate::data::Key>>,
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

/// What a subject got for an award: the one answer every report, test and
/// comparison gives, matched rather than rebuilt from `eligible` and
/// `over_quota`. The spellings are the pack tests' (`dat`, `khong_dat`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
pub enum Verdict {
    #[serde(rename = "dat")]
    Eligible,
    #[serde(rename = "khong_dat")]
    NotEligible,
    /// Meets the standard but is cut by the award's quota.
    #[serde(rename = "vuot_han_muc")]
    OverQuota,
    /// The award does not apply to the subject (no result for it).
    #[serde(rename = "khong_ap_dung")]
    NotApplicable,
}

impl Verdict {
    /// The verdict of a result, or of its absence.
    pub fn of(r: Option<&AwardResult>) -> Verdict {
        r.map_or(Verdict::NotApplicable, AwardResult::verdict)
    }

    /// From a result's recorded parts (a JSON document read back).
    pub fn from_parts(eligible: bool, over_quota: bool) -> Verdict {
        match (eligible, over_quota) {
            (_, true) => Verdict::OverQuota,
            (true, false) => Verdict::Eligible,
            (false, false) => Verdict::NotEligible,
        }
    }

    /// Whether the subject is proposed for the award.
    pub fn proposed(self) -> bool {
        self == Verdict::Eligible
    }
}

impl AwardResult {
    pub fn verdict(&self) -> Verdict {
        Verdict::from_parts(self.eligible, self.over_quota.is_some())
    }

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
        (Value::Text(x), Value::Text(y)) => text_order(x, y),
        _ => a.render(crate::i18n::Lang::En).cmp(&b.render(crate::i18n::Lang::En)),
    }
}

/// One total order on text, whatever the characters: the collator, then
/// bytes. Codes of digits and letters of one case (`CN001`, `xa_12` is not
/// one: `_` is punctuation) are ordered by the collator exactly as by their
/// bytes, so they skip it; every other pair goes through it, so no three
/// keys can form a cycle (`a` < `Ă` < `B` < `a` did when ASCII pairs
/// compared by bytes and the rest by the collator).
fn text_order(x: &str, y: &str) -> Ordering {
    #[derive(PartialEq)]
    enum Plain {
        Digits,
        Upper,
        Lower,
        Other,
    }
    fn plain(s: &str) -> Plain {
        let (mut upper, mut lower) = (false, false);
        for b in s.bytes() {
            match b {
                b'0'..=b'9' => {}
                b'A'..=b'Z' => upper = true,
                b'a'..=b'z' => lower = true,
                _ => return Plain::Other,
            }
        }
        match (upper, lower) {
            (false, false) => Plain::Digits,
            (true, false) => Plain::Upper,
            (false, true) => Plain::Lower,
            (true, true) => Plain::Other,
        }
    }
    let (px, py) = (plain(x), plain(y));
    let same_class =
        px != Plain::Other && py != Plain::Other && (px == py || px == Plain::Digits || py == Plain::Digits);
    if same_class {
        return x.as_bytes().cmp(y.as_bytes());
    }
    vietnamese().map(|v| v.compare(x, y)).unwrap_or(Ordering::Equal).then_with(|| x.as_bytes().cmp(y.as_bytes()))
}

/// Checks that the evaluation date is inside the pack's period.
pub fn check_in_force(cp: &CompiledPack, as_of: NaiveDate) -> Result<(), EvalError> {
    if cp.pack.effective.contains(as_of) {
        return Ok(());
    }
    Err(EvalError {
        loc: Location::file(&cp.pack.files[0]),
        award: None,
        scorecard: None,
        criterion: None,
        subject: None,
        kind: EvalErrorKind::NotInForce { as_of, period: cp.pack.effective.clone() },
        rule_at: None,
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
                scorecard: None,
                criterion: None,
                subject: None,
                kind: EvalErrorKind::NoSuchYear(y),
                rule_at: None,
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

/// Rows judged together: small enough to spread a table over the threads,
/// large enough that a column runs without overhead.
const CHUNK_ROWS: usize = 4096;

/// A table cut into batches, with the verdicts so far of each.
struct Judged<'a> {
    ev: batch::BatchEvaluator<'a>,
    table: &'a Table,
    /// The subjects' histories: the same for every award of the dataset.
    histories: context::Histories,
    /// The first row of each batch, the batch, its verdicts.
    chunks: Vec<(usize, Batch, BatchVerdicts)>,
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
    let mut needed: Vec<usize> = needed_awards(cp, &opts.awards).into_iter().collect();
    needed.sort();
    let mut errors = Vec::new();
    // eligible[award][row]
    let mut eligible: Vec<Vec<bool>> = vec![Vec::new(); pack.awards.len()];
    let mut results: Vec<AwardResult> = Vec::new();
    // Quotas and roll-ups need every subject, so `--subject` can only skip
    // rows early when the pack has neither.
    let prefilter =
        !pack.awards.iter().any(|a| a.quota.is_some()) && !pack.datasets.values().any(|d| d.members.is_some());
    let only = opts.subjects.as_deref().filter(|_| prefilter);
    let mut judged: IndexMap<&str, Judged> = IndexMap::new();
    for &ai in &cp.order {
        let award = &pack.awards[ai];
        if !needed.contains(&ai) || award.effective.as_ref().is_some_and(|p| !p.contains(opts.as_of)) {
            continue;
        }
        let Some(table) = tables.get(&award.dataset_id) else {
            continue;
        };
        let j = judged.entry(award.dataset_id.as_str()).or_insert_with(|| {
            let ds = &pack.datasets[&award.dataset_id];
            let chunks = table
                .rows
                .chunks(CHUNK_ROWS)
                .enumerate()
                .map(|(c, rows)| {
                    let b = Batch::from_values(ds, rows.iter().map(|r| (r.line, &r.values[..])));
                    (c * CHUNK_ROWS, b, BatchVerdicts::default())
                })
                .collect();
            Judged {
                ev: batch::BatchEvaluator::new(cp, &award.dataset_id, &needed, opts.as_of),
                table,
                histories: context::histories_of(cp, all, &award.dataset_id, opts.as_of)
                    .into_iter()
                    .chain(context::collective_of(cp, all, &award.dataset_id))
                    .collect(),
                chunks,
            }
        });
        // Members change as their awards are judged; histories do not.
        let members = context::members_of(cp, tables, &award.dataset_id, &eligible);
        let Judged { ev, table, histories, chunks } = j;
        let around = Surroundings { histories, members: members.as_ref(), only };
        let file = &table.file;
        // The evaluator plans the same awards, in the same order, as this
        // loop skips: award `ai` is its next one.
        let Some(k) = ev.awards().position(|a| a == ai) else { continue };
        debug_assert!(chunks.iter().all(|c| c.2.awards.len() == k));
        chunks.par_iter_mut().for_each(|(_, b, v)| {
            ev.evaluate_next(b, file, &around, v);
        });
        for (_, _, v) in chunks.iter_mut() {
            errors.append(&mut v.errors);
        }
        // Every row's result, in row order whatever the thread count.
        let mut mine: Vec<(usize, AwardResult)> = chunks
            .par_iter()
            .flat_map_iter(|(start, b, v)| {
                let (around, ev) = (&around, &*ev);
                (0..b.len())
                    .filter_map(move |r| ev.result(v, b, k, r, opts.record_inputs, around).map(|x| (start + r, x)))
            })
            .collect();
        let mut flags = vec![false; table.rows.len()];
        for (ri, r) in &mine {
            flags[*ri] = r.eligible;
        }
        if let Some((qi, q)) = award.quota.in_force(opts.as_of) {
            let rank_by = &cp.awards[ai].quota_rank[qi];
            quota::apply(cp, ai, (q, rank_by), table, &eligible, &mut flags, &mut mine);
            // Awards that require this one see who is left within the quota.
            for (start, b, v) in chunks.iter_mut() {
                if let Some(av) = v.awards.get_mut(k) {
                    av.eligible.copy_from_slice(&flags[*start..*start + b.len()]);
                }
            }
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
        results.retain(|r| keys.contains(&crate::data::Key::of(&r.key)));
    }
    results.sort_by(|a, b| {
        a.dataset.cmp(&b.dataset).then_with(|| key_order(&a.key, &b.key)).then_with(|| a.award.cmp(&b.award))
    });
    Ok(Outcome { as_of: opts.as_of, results })
}
