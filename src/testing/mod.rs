//! `thidua test`: runs a pack's own cases (`rules/<pack>/tests/*.yaml`):
//! input rows and the expected outcome per award, optionally the failed
//! criteria. A failing case names its file and line and what differed.
//!
//! Just over 600 lines on purpose: check cases, score cases and their
//! shared reading of case rows, each short, in the order a case runs.

use crate::compile::CompiledPack;
use crate::data::number_style::Reading;
use crate::data::sink::ErrorSink;
use crate::data::table::{type_cells_with, Row, Table};
use crate::eval::{self, CheckOptions, Verdict};
use crate::i18n::{Lang, Localized};
use crate::location::Location;
use crate::pack::scorecard::{Num, Scorecard};
use crate::pack::source::{read_yaml, typed, Source};
use crate::pack::NumberFormat;
use crate::pack::{de_opt_date, PackError};
use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTestFile {
    #[serde(default, deserialize_with = "de_opt_date")]
    as_of: Option<NaiveDate>,
    dataset: Option<String>,
    /// Cases of this file score units with this scorecard.
    scorecard: Option<String>,
    #[serde(default)]
    defaults: IndexMap<String, serde_yaml::Value>,
    cases: Vec<serde_yaml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: String,
    #[serde(default, deserialize_with = "de_opt_date")]
    as_of: Option<NaiveDate>,
    dataset: Option<String>,
    scorecard: Option<String>,
    row: Option<IndexMap<String, serde_yaml::Value>>,
    rows: Option<Vec<IndexMap<String, serde_yaml::Value>>>,
    /// Rows of several datasets (members, history): `{ dataset: [rows] }`;
    /// `expect` is then keyed by subject, then award.
    data: Option<IndexMap<String, Vec<IndexMap<String, serde_yaml::Value>>>>,
    expect: serde_yaml::Value,
}

/// What a scorecard case expects of one unit; every key optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitExpect {
    total: Option<Num>,
    rank: Option<serde_yaml::Value>,
    proposal: Option<serde_yaml::Value>,
    band: Option<serde_yaml::Value>,
    disqualified: Option<bool>,
    #[serde(default)]
    points: IndexMap<String, Num>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Expectation {
    Short(Verdict),
    Full { result: Verdict, failed: Option<Vec<String>> },
}

impl Expectation {
    fn parts(&self) -> (Verdict, Option<&Vec<String>>) {
        match self {
            Expectation::Short(v) => (*v, None),
            Expectation::Full { result, failed } => (*result, failed.as_ref()),
        }
    }
}

/// The outcome of a pack's tests.
#[derive(Debug, Default)]
pub struct TestRun {
    pub lines: Vec<String>,
    pub passed: usize,
    pub failed: usize,
}

/// A verdict as a case's expectation reads, lower case within a sentence.
fn verdict_text(v: Verdict, lang: Lang) -> String {
    crate::report::vocab::verdict_words(v, lang).to_lowercase()
}

/// Turns a YAML scalar into the cell text a CSV would hold.
/// A case's row as typed in YAML: its line, each column's text, and which
/// cells are YAML numbers.
type CaseRow = (usize, Vec<Option<String>>, Vec<bool>);

/// Typed rows of a case (line, cells): numbers written as YAML numbers are
/// plain; numbers written as text show their column's style, settled over
/// the rows as in a data file.
fn type_case_rows(
    ds: &crate::pack::Dataset,
    path: &Path,
    rows: &[CaseRow],
) -> (Vec<Option<Vec<crate::data::Value>>>, Vec<crate::data::DataError>) {
    let type_all = |reading: &mut Reading| {
        let mut sink = ErrorSink::new(path);
        let typed = rows
            .iter()
            .map(|(line, texts, yaml_number)| {
                let cells = |k: usize| texts[k].as_deref().map(|t| (t, yaml_number[k].then_some(NumberFormat::Plain)));
                type_cells_with(ds, cells, |_, name| Location::cell(path, *line, name), &mut sink, reading)
            })
            .collect::<Vec<_>>();
        (typed, sink)
    };
    let mut reading = Reading::new(ds);
    let (mut typed, mut sink) = type_all(&mut reading);
    let (mut style_errors, pins) = reading.settle(ds);
    if !pins.is_empty() {
        reading = Reading::pinned(ds, &pins);
        (typed, sink) = type_all(&mut reading);
        style_errors = reading.settle(ds).0;
    }
    for e in style_errors {
        sink.push(e);
    }
    (typed, sink.finish())
}

/// Which cells of a case's row are YAML numbers.
fn yaml_numbers(
    ds: &crate::pack::Dataset,
    row: &IndexMap<String, serde_yaml::Value>,
    defaults: &IndexMap<String, serde_yaml::Value>,
) -> Vec<bool> {
    ds.columns
        .keys()
        .map(|c| matches!(row.get(c).or_else(|| defaults.get(c)), Some(serde_yaml::Value::Number(_))))
        .collect()
}

fn cell_text(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::Null => Some(String::new()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// The test files of a pack, sorted by name.
pub fn test_files(pack_dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(pack_dir.join("tests"))
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Runs every case of every test file. Errors in a test file itself (YAML,
/// unknown keys) are returned as pack errors.
pub fn run(cp: &CompiledPack, lang: Lang) -> Result<TestRun, Vec<PackError>> {
    let mut run = TestRun::default();
    let mut errs = Vec::new();
    for file in test_files(&cp.pack.dir) {
        match run_file(cp, &file, lang, &mut run) {
            Ok(()) => {}
            Err(mut e) => errs.append(&mut e),
        }
    }
    if errs.is_empty() {
        Ok(run)
    } else {
        Err(errs)
    }
}

fn run_file(cp: &CompiledPack, file: &Path, lang: Lang, run: &mut TestRun) -> Result<(), Vec<PackError>> {
    let (src, value) = read_yaml(&cp.pack.dir, file).map_err(|e| vec![e])?;
    let raw: RawTestFile = typed(&src, "", value).map_err(|e| vec![e])?;
    let mut errs = Vec::new();
    let mut cases = Vec::new();
    for (i, v) in raw.cases.into_iter().enumerate() {
        match typed::<RawCase>(&src, &format!("cases[{i}]"), v) {
            Ok(c) => cases.push((i, c)),
            Err(e) => errs.push(e),
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    for (i, case) in cases {
        let loc = src.value_loc(&format!("cases[{i}]"));
        let problems = match (case.scorecard.as_ref().or(raw.scorecard.as_ref()), &case.data) {
            (Some(sc), _) => run_score_case(cp, &src, i, sc, &raw.as_of, &raw.defaults, &case, lang),
            (None, Some(_)) => run_data_case(cp, &src, i, &raw.as_of, &raw.defaults, &case, lang),
            (None, None) => run_case(cp, &src, i, &raw.as_of, &raw.dataset, &raw.defaults, &case, lang),
        };
        let place = loc.render(lang);
        if problems.is_empty() {
            run.passed += 1;
            run.lines.push(format!("ok    {place}  {}", case.name));
        } else {
            run.failed += 1;
            run.lines.push(format!("FAIL  {place}  {}", case.name));
            for p in problems {
                run.lines.push(format!("      {p}"));
            }
        }
    }
    Ok(())
}

/// Runs one case; returns what differed (empty when it passed).
#[allow(clippy::too_many_arguments)]
fn run_case(
    cp: &CompiledPack,
    src: &Source,
    i: usize,
    file_as_of: &Option<NaiveDate>,
    file_dataset: &Option<String>,
    defaults: &IndexMap<String, serde_yaml::Value>,
    case: &RawCase,
    lang: Lang,
) -> Vec<String> {
    let pack = &cp.pack;
    let mut problems = Vec::new();
    let ds_id = case.dataset.clone().or_else(|| file_dataset.clone()).or_else(|| {
        (pack.file_datasets().count() == 1).then(|| pack.file_datasets().next().map(|(k, _)| k.clone())).flatten()
    });
    let Some(ds) = ds_id.as_ref().and_then(|d| pack.datasets.get(d)) else {
        return vec![lang
            .pick(
                "không xác định được bảng dữ liệu của ca kiểm thử: thêm `dataset:`",
                "cannot tell the case's dataset: add `dataset:`",
            )
            .to_string()];
    };
    let row_path = format!("cases[{i}].row");
    let empty = IndexMap::new();
    let row = case.row.as_ref().unwrap_or(&empty);
    let expect: IndexMap<String, Expectation> = match serde_yaml::from_value(case.expect.clone()) {
        Ok(e) => e,
        Err(e) => return vec![crate::pack::dependency_messages::translate_serde(&e.to_string(), lang)],
    };
    for k in row.keys().chain(defaults.keys()) {
        if !ds.columns.contains_key(k) {
            let e = crate::data::DataError::new(
                Location { field: Some(k.clone()), ..src.loc(&format!("{row_path}.{k}")) },
                crate::data::DataErrorKind::UnknownTestColumn,
            );
            problems.push(e.render(lang));
        }
    }
    let texts: Vec<Option<String>> =
        ds.columns.keys().map(|c| row.get(c).or_else(|| defaults.get(c)).and_then(cell_text)).collect();
    let (line, _) = src.spans.value_or_nearest(&row_path);
    let (mut typed, errors) = type_case_rows(ds, &src.path, &[(line, texts, yaml_numbers(ds, row, defaults))]);
    problems.extend(errors.iter().map(|e| e.render(lang)));
    let Some(values) = typed.pop().flatten() else {
        return problems;
    };
    if !problems.is_empty() {
        return problems;
    }
    let table = Table {
        dataset: ds.id.clone(),
        file: src.path.clone(),
        rows: vec![Row { line, values }],
        warnings: Vec::new(),
    };
    let Some(as_of) = case.as_of.or(*file_as_of).or(pack.as_of).or(pack.effective.to) else {
        return vec![lang.pick("ca kiểm thử thiếu `as_of`", "the case needs `as_of`").to_string()];
    };
    let mut tables = IndexMap::new();
    tables.insert(ds.id.clone(), table);
    let opts = CheckOptions { as_of, awards: None, subjects: None, record_inputs: true };
    let outcome = match eval::check(cp, &tables, &opts) {
        Ok(o) => o,
        Err(es) => return es.iter().map(|e| e.render(lang)).collect(),
    };
    let mine: Vec<&crate::eval::AwardResult> = outcome.results.iter().collect();
    problems.extend(compare(pack, &mine, &expect, lang));
    problems
}

/// Compares one subject's results with what a case expects per award.
fn compare(
    pack: &crate::pack::Pack,
    results: &[&crate::eval::AwardResult],
    expect: &IndexMap<String, Expectation>,
    lang: Lang,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (award_id, exp) in expect {
        let (want, want_failed) = exp.parts();
        let Some(ai) = pack.awards.iter().position(|a| &a.id == award_id) else {
            problems.push(match lang {
                Lang::Vi => format!("{award_id}: không có danh hiệu này trong bộ quy tắc"),
                Lang::En => format!("{award_id}: no such award in the pack"),
            });
            continue;
        };
        let got = results.iter().find(|r| r.award == ai).copied();
        let got_verdict = Verdict::of(got);
        if got_verdict != want {
            let why = got
                .map(|r| crate::report::vocab::reasons(pack, r, lang).join("; "))
                .filter(|s| !s.is_empty())
                .map(|s| format!(" ({s})"))
                .unwrap_or_default();
            problems.push(match lang {
                Lang::Vi => format!(
                    "{award_id}: cần {}, kết quả {}{why}",
                    verdict_text(want, lang),
                    verdict_text(got_verdict, lang)
                ),
                Lang::En => format!(
                    "{award_id}: expected {}, got {}{why}",
                    verdict_text(want, lang),
                    verdict_text(got_verdict, lang)
                ),
            });
            continue;
        }
        if let (Some(want_failed), Some(r)) = (want_failed, got) {
            let want_set: BTreeSet<&str> = want_failed.iter().map(String::as_str).collect();
            let got_set: BTreeSet<&str> = r.failed_ids(pack).into_iter().collect();
            if want_set != got_set {
                let show = |s: &BTreeSet<&str>| s.iter().copied().collect::<Vec<_>>().join(", ");
                let hint = misspelt_ids(pack, r.award, &want_set, lang);
                problems.push(match lang {
                    Lang::Vi => format!(
                        "{award_id}: tiêu chí không đạt cần là [{}], thực tế [{}]{hint}",
                        show(&want_set),
                        show(&got_set)
                    ),
                    Lang::En => format!(
                        "{award_id}: failed criteria expected [{}], got [{}]{hint}",
                        show(&want_set),
                        show(&got_set)
                    ),
                });
            }
        }
    }
    problems
}

/// Ids a case expects to fail that the award does not have (a criterion,
/// a required award, `quota`), each with the nearest one it has.
fn misspelt_ids(pack: &crate::pack::Pack, award: usize, wanted: &BTreeSet<&str>, lang: Lang) -> String {
    let a = &pack.awards[award];
    let known: Vec<&str> = a
        .criteria
        .iter()
        .map(|c| c.id.as_str())
        .chain(a.requires.iter().map(String::as_str))
        .chain(std::iter::once("quota"))
        .collect();
    wanted
        .iter()
        .filter(|w| !known.contains(w))
        .map(|w| {
            let near = crate::ground::names::suggest(w, known.iter().copied());
            match (lang, near) {
                (Lang::Vi, Some(n)) => format!("; `{w}` không phải tiêu chí của danh hiệu (có phải `{n}`?)"),
                (Lang::Vi, None) => format!("; `{w}` không phải tiêu chí của danh hiệu"),
                (Lang::En, Some(n)) => format!("; `{w}` is not a criterion of the award (did you mean `{n}`?)"),
                (Lang::En, None) => format!("; `{w}` is not a criterion of the award"),
            }
        })
        .collect()
}

/// Types the rows of a case (each merged over the file's defaults).
fn case_rows(
    ds: &crate::pack::Dataset,
    src: &Source,
    base: &str,
    rows: &[IndexMap<String, serde_yaml::Value>],
    defaults: &IndexMap<String, serde_yaml::Value>,
    lang: Lang,
) -> Result<Vec<Row>, Vec<String>> {
    let mut problems = Vec::new();
    let mut cases = Vec::new();
    for (j, row) in rows.iter().enumerate() {
        let path = format!("{base}[{j}]");
        for k in row.keys().chain(defaults.keys()) {
            if !ds.columns.contains_key(k) {
                let e = crate::data::DataError::new(
                    Location { field: Some(k.clone()), ..src.loc(&format!("{path}.{k}")) },
                    crate::data::DataErrorKind::UnknownTestColumn,
                );
                problems.push(e.render(lang));
            }
        }
        let texts: Vec<Option<String>> =
            ds.columns.keys().map(|c| row.get(c).or_else(|| defaults.get(c)).and_then(cell_text)).collect();
        let (line, _) = src.spans.value_or_nearest(&path);
        cases.push((line, texts, yaml_numbers(ds, row, defaults)));
    }
    let (typed, errors) = type_case_rows(ds, &src.path, &cases);
    problems.extend(errors.iter().map(|e| e.render(lang)));
    let out: Vec<Row> =
        cases.iter().zip(typed).filter_map(|((line, ..), v)| Some(Row { line: *line, values: v? })).collect();
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn opt_text(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::Null => None,
        serde_yaml::Value::String(s) => Some(s.clone()),
        other => cell_text(other),
    }
}

/// A scorecard case's units: `rows:`, and for a scorecard with `join` or
/// `long` the rows of each of its other datasets under `data:`, put
/// together as a run puts their files together.
fn score_case_table(
    pack: &crate::pack::Pack,
    sc: &Scorecard,
    src: &Source,
    i: usize,
    defaults: &IndexMap<String, serde_yaml::Value>,
    case: &RawCase,
    lang: Lang,
) -> Result<Table, Vec<String>> {
    let ds = &pack.datasets[&sc.dataset];
    let units = ds.composed.as_ref().map(|c| &pack.datasets[&c.units]).unwrap_or(ds);
    let rows = case_rows(units, src, &format!("cases[{i}].rows"), case.rows.as_deref().unwrap_or(&[]), defaults, lang)?;
    let units_table = Table { dataset: units.id.clone(), file: src.path.clone(), rows, warnings: Vec::new() };
    let Some(c) = &ds.composed else {
        return Ok(units_table);
    };
    let data = case.data.clone().unwrap_or_default();
    let mut problems = Vec::new();
    for id in data.keys().filter(|id| !c.sources().skip(1).any(|s| s == id.as_str())) {
        problems.push(match lang {
            Lang::Vi => format!("`data.{id}`: bảng chấm điểm không đọc bảng `{id}`"),
            Lang::En => format!("`data.{id}`: the scorecard does not read dataset `{id}`"),
        });
    }
    let mut tables = IndexMap::new();
    tables.insert(units.id.clone(), units_table);
    for id in c.sources().skip(1) {
        let part = &pack.datasets[id];
        let rows = data.get(id).map(Vec::as_slice).unwrap_or(&[]);
        match case_rows(part, src, &format!("cases[{i}].data.{id}"), rows, &IndexMap::new(), lang) {
            Ok(rows) => {
                tables.insert(
                    id.to_string(),
                    Table { dataset: id.to_string(), file: src.path.clone(), rows, warnings: Vec::new() },
                );
            }
            Err(p) => problems.extend(p),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let stage = sc.stages.as_ref().map(|s| s.column.as_str());
    crate::data::compose::compose(pack, ds, &tables, stage).map_err(|es| es.iter().map(|e| e.render(lang)).collect())
}

/// Runs one scorecard case; returns what differed.
#[allow(clippy::too_many_arguments)]
fn run_score_case(
    cp: &CompiledPack,
    src: &Source,
    i: usize,
    sc_id: &str,
    file_as_of: &Option<NaiveDate>,
    defaults: &IndexMap<String, serde_yaml::Value>,
    case: &RawCase,
    lang: Lang,
) -> Vec<String> {
    let pack = &cp.pack;
    let Some(si) = pack.scorecards.iter().position(|s| s.id == sc_id) else {
        return vec![match lang {
            Lang::Vi => format!("không có bảng chấm điểm `{sc_id}`"),
            Lang::En => format!("no scorecard `{sc_id}`"),
        }];
    };
    let sc: &Scorecard = &pack.scorecards[si];
    let expect: IndexMap<String, UnitExpect> = match serde_yaml::from_value(case.expect.clone()) {
        Ok(e) => e,
        Err(e) => return vec![crate::pack::dependency_messages::translate_serde(&e.to_string(), lang)],
    };
    let table = match score_case_table(pack, sc, src, i, defaults, case, lang) {
        Ok(t) => t,
        Err(p) => return p,
    };
    let Some(as_of) = case.as_of.or(*file_as_of).or(pack.as_of).or(pack.effective.to) else {
        return vec![lang.pick("ca kiểm thử thiếu `as_of`", "the case needs `as_of`").to_string()];
    };
    let opts = crate::eval::score::ScoreOptions { as_of, clusters: None, record_inputs: true, until: None };
    let outcome = match crate::eval::score::score(cp, si, &table, &opts) {
        Ok(o) => o,
        Err(crate::eval::score::ScoreError::Data(es)) => return es.iter().map(|e| e.render(lang)).collect(),
        Err(crate::eval::score::ScoreError::Eval(es)) => return es.iter().map(|e| e.render(lang)).collect(),
    };
    let nodes = sc.nodes();
    let fin = outcome.final_stage();
    let mut problems = Vec::new();
    let mut differ = |what: String, want: String, got: String| {
        problems.push(match lang {
            Lang::Vi => format!("{what}: cần {want}, thực tế {got}"),
            Lang::En => format!("{what}: expected {want}, got {got}"),
        })
    };
    let none = || "null".to_string();
    for (key, exp) in &expect {
        let Some(u) = fin.units.iter().find(|u| crate::data::Key::of(&u.key).as_str() == key) else {
            differ(
                key.clone(),
                lang.pick("có trong kết quả", "present").into(),
                lang.pick("không có", "absent").into(),
            );
            continue;
        };
        let num = crate::report::score::num;
        let at = lines_of(src, i, key, Some(u.row), lang);
        if let Some(t) = exp.total {
            if t.0 != u.total {
                differ(format!("{key}.total{at}"), num(t.0), num(u.total));
            }
        }
        if let Some(r) = &exp.rank {
            let want = opt_text(r);
            let got = u.rank.map(|x| x.to_string());
            if want != got {
                differ(format!("{key}.rank{at}"), want.unwrap_or_else(none), got.unwrap_or_else(none));
            }
        }
        if let Some(p) = &exp.proposal {
            let want = opt_text(p);
            let got = u.proposal.map(|x| sc.proposals[x].award.clone());
            if want != got {
                differ(format!("{key}.proposal{at}"), want.unwrap_or_else(none), got.unwrap_or_else(none));
            }
        }
        if let Some(b) = &exp.band {
            let want = opt_text(b);
            let got = u.band.map(|x| sc.bands[x].id.clone());
            if want != got {
                differ(format!("{key}.band{at}"), want.unwrap_or_else(none), got.unwrap_or_else(none));
            }
        }
        if let Some(d) = exp.disqualified {
            if d == u.disqualified.is_empty() {
                differ(format!("{key}.disqualified{at}"), d.to_string(), (!d).to_string());
            }
        }
        for (id, want) in &exp.points {
            match nodes.iter().position(|n| &n.id == id) {
                Some(ni) if u.points[ni] == want.0 => {}
                Some(ni) => differ(format!("{key}.points.{id}{at}"), num(want.0), num(u.points[ni])),
                None => differ(
                    format!("{key}.points.{id}{at}"),
                    num(want.0),
                    lang.pick("không có tiêu chí này", "no such criterion").into(),
                ),
            }
        }
    }
    problems
}

/// Where to look for a subject of case `i`: its own data row and its
/// expectation, by line (" (dữ liệu dòng 48, kỳ vọng dòng 58)").
fn lines_of(src: &Source, i: usize, subject: &str, row: Option<usize>, lang: Lang) -> String {
    let expected = src.spans.value_or_nearest(&format!("cases[{i}].expect.{subject}")).0;
    match (row, lang) {
        (Some(row), Lang::Vi) => format!(" (dữ liệu dòng {row}, kỳ vọng dòng {expected})"),
        (Some(row), Lang::En) => format!(" (data line {row}, expected at line {expected})"),
        (None, Lang::Vi) => format!(" (kỳ vọng dòng {expected})"),
        (None, Lang::En) => format!(" (expected at line {expected})"),
    }
}

/// The file's `defaults:` that are columns of `ds`: cells shared by every
/// row of every case, each dataset taking those it has.
fn defaults_for(
    ds: &crate::pack::Dataset,
    defaults: &IndexMap<String, serde_yaml::Value>,
) -> IndexMap<String, serde_yaml::Value> {
    defaults.iter().filter(|(k, _)| ds.columns.contains_key(*k)).map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// Runs a case with rows of several datasets (members, history).
#[allow(clippy::too_many_arguments)]
fn run_data_case(
    cp: &CompiledPack,
    src: &Source,
    i: usize,
    file_as_of: &Option<NaiveDate>,
    defaults: &IndexMap<String, serde_yaml::Value>,
    case: &RawCase,
    lang: Lang,
) -> Vec<String> {
    let pack = &cp.pack;
    let expect: IndexMap<String, IndexMap<String, Expectation>> = match serde_yaml::from_value(case.expect.clone()) {
        Ok(e) => e,
        Err(e) => return vec![crate::pack::dependency_messages::translate_serde(&e.to_string(), lang)],
    };
    let mut tables = IndexMap::new();
    let mut problems = Vec::new();
    // A default that no dataset of the case has is a typo, said once.
    for k in defaults.keys() {
        let known =
            case.data.iter().flatten().any(|(d, _)| pack.datasets.get(d).is_some_and(|d| d.columns.contains_key(k)));
        if !known {
            problems.push(match lang {
                Lang::Vi => format!("`defaults.{k}`: không bảng dữ liệu nào của ca kiểm thử có cột này"),
                Lang::En => format!("`defaults.{k}`: no dataset of the case has this column"),
            });
        }
    }
    for (ds_id, rows) in case.data.as_ref().into_iter().flatten() {
        let Some(ds) = pack.datasets.get(ds_id) else {
            problems.push(match lang {
                Lang::Vi => format!("không có bảng dữ liệu `{ds_id}`"),
                Lang::En => format!("no dataset `{ds_id}`"),
            });
            continue;
        };
        match case_rows(ds, src, &format!("cases[{i}].data.{ds_id}"), rows, &defaults_for(ds, defaults), lang) {
            Ok(r) => {
                tables.insert(
                    ds_id.clone(),
                    Table { dataset: ds_id.clone(), file: src.path.clone(), rows: r, warnings: Vec::new() },
                );
            }
            Err(p) => problems.extend(p),
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    let Some(as_of) = case.as_of.or(*file_as_of).or(pack.as_of).or(pack.effective.to) else {
        return vec![lang.pick("ca kiểm thử thiếu `as_of`", "the case needs `as_of`").to_string()];
    };
    let opts = CheckOptions { as_of, awards: None, subjects: None, record_inputs: true };
    let outcome = match eval::check(cp, &tables, &opts) {
        Ok(o) => o,
        Err(es) => return es.iter().map(|e| e.render(lang)).collect(),
    };
    for (subject, awards) in &expect {
        let mine: Vec<&crate::eval::AwardResult> =
            // A subject judged in several years is named with its year: `B (2024)`.
            outcome.results.iter().filter(|r| crate::report::vocab::shown_key(r, Lang::Vi) == *subject).collect();
        let place = format!("{subject}{}", lines_of(src, i, subject, mine.first().map(|r| r.row), lang));
        problems.extend(compare(pack, &mine, awards, lang).into_iter().map(|p| format!("{place}: {p}")));
    }
    problems
}
