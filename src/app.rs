//! The commands, as library functions: each wires loading, evaluation and
//! reporting together and returns the text to print or a typed error that
//! knows its exit code. The binary only parses flags and prints.

use crate::compile::CompiledPack;
use crate::data::{self, DataError, DataErrorKind, Table};
use crate::eval::{self, CheckOptions, EvalError, EvalErrorKind};
use crate::i18n::{Lang, Localized};
use crate::location::Location;
use crate::output::{write_atomic, OutputError};
use crate::pack::{self, PackError};
use crate::report::check::CheckReport;
use crate::report::Format;
use crate::script::ScriptLimits;
use chrono::NaiveDate;
use indexmap::IndexMap;
use std::path::{Path, PathBuf};

/// Exit codes, documented in the README.
pub mod exit {
    pub const OK: i32 = 0;
    pub const USAGE: i32 = 2;
    pub const PACK: i32 = 3;
    pub const DATA: i32 = 4;
    pub const EVAL: i32 = 5;
    pub const TESTS_FAILED: i32 = 6;
    pub const OUTPUT: i32 = 7;
}

#[derive(Debug)]
pub enum AppError {
    Pack(Vec<PackError>),
    Data(Vec<DataError>),
    Eval(Vec<EvalError>),
    Output(OutputError),
    /// Some pack tests failed; the report is in the command's output.
    TestsFailed(String),
}

impl AppError {
    pub fn exit_code(&self) -> i32 {
        match self {
            AppError::Pack(_) => exit::PACK,
            AppError::Data(_) => exit::DATA,
            AppError::Eval(_) => exit::EVAL,
            AppError::Output(_) => exit::OUTPUT,
            AppError::TestsFailed(_) => exit::TESTS_FAILED,
        }
    }

    /// Every message, one per line, then a count.
    pub fn render(&self, lang: Lang) -> String {
        fn all<T: Localized>(items: &[T], lang: Lang, vi: &str, en: &str) -> String {
            let mut s: String =
                items.iter().map(|e| format!("{} {}\n", lang.pick("lỗi:", "error:"), e.render(lang))).collect();
            s += &format!("{} {}\n", items.len(), lang.pick(vi, en));
            s
        }
        match self {
            AppError::Pack(e) => all(e, lang, "lỗi trong bộ quy tắc.", "error(s) in the rule pack."),
            AppError::Data(e) => all(e, lang, "lỗi trong dữ liệu.", "error(s) in the data."),
            AppError::Eval(e) => all(e, lang, "lỗi khi đánh giá.", "error(s) during evaluation."),
            AppError::Output(e) => format!("{} {}\n", lang.pick("lỗi:", "error:"), e.render(lang)),
            AppError::TestsFailed(s) => s.clone(),
        }
    }
}

/// Loads and compiles a pack.
pub fn load_pack(dir: &Path, limits: &ScriptLimits) -> Result<CompiledPack, AppError> {
    let (p, errs) = pack::load::load_partial(dir).map_err(|e| AppError::Pack(vec![e]))?;
    crate::compile::compile_with(p, limits, errs).map_err(AppError::Pack)
}

/// `thidua validate`: a one-paragraph summary of a clean pack.
pub fn validate(dir: &Path, limits: &ScriptLimits, lang: Lang) -> Result<String, AppError> {
    let cp = load_pack(dir, limits)?;
    let p = &cp.pack;
    let n_crit: usize = cp.awards.iter().map(|a| a.criteria.len()).sum();
    let n_native: usize = cp.awards.iter().flat_map(|a| &a.criteria).filter(|c| c.condition.is_native()).count();
    let n_tests = crate::testing::test_files(&p.dir).len();
    let n_sc = p.scorecards.len();
    let n_nodes: usize = p.scorecards.iter().map(|s| s.nodes().iter().filter(|n| !n.is_group()).count()).sum();
    Ok(match lang {
        Lang::Vi => format!(
            "Bộ quy tắc {} hợp lệ: {} bảng dữ liệu, {} danh hiệu, {n_crit} tiêu chí ({n_native} so sánh đơn giản, {} biểu thức Rhai), {n_sc} bảng chấm điểm ({n_nodes} tiêu chí chấm), {} tham số, {n_tests} tệp kiểm thử; hiệu lực {}.\n",
            p.id,
            p.datasets.len(),
            p.awards.len(),
            n_crit - n_native,
            p.parameters.len(),
            p.effective.render()
        ),
        Lang::En => format!(
            "Rule pack {} is valid: {} datasets, {} awards, {n_crit} criteria ({n_native} simple comparisons, {} Rhai expressions), {n_sc} scorecards ({n_nodes} scored items), {} parameters, {n_tests} test files; in force {}.\n",
            p.id,
            p.datasets.len(),
            p.awards.len(),
            n_crit - n_native,
            p.parameters.len(),
            p.effective.render()
        ),
    })
}

pub struct CheckArgs {
    pub pack: PathBuf,
    pub data: Vec<String>,
    pub awards: Vec<String>,
    pub subjects: Vec<String>,
    pub as_of: Option<NaiveDate>,
    pub format: Format,
    pub explain: bool,
    pub output: Option<PathBuf>,
    pub lang: Lang,
    pub limits: ScriptLimits,
}

/// Reads the data files for the datasets the selected awards need.
fn read_tables(cp: &CompiledPack, args: &CheckArgs) -> Result<(IndexMap<String, Table>, Vec<PathBuf>), AppError> {
    let files = data::files::assign(&cp.pack, &args.data).map_err(AppError::Data)?;
    let mut errs = Vec::new();
    let mut needed: Vec<&str> = cp
        .pack
        .awards
        .iter()
        .filter(|a| args.awards.is_empty() || args.awards.contains(&a.id))
        .map(|a| a.dataset_id.as_str())
        .collect();
    needed.dedup();
    for d in needed {
        if !files.contains_key(d) {
            errs.push(DataError::new(Location::file(&cp.pack.dir), DataErrorKind::MissingDataset(d.to_string())));
        }
    }
    let mut tables = IndexMap::new();
    for (ds_id, path) in &files {
        match data::read_csv(&cp.pack.datasets[ds_id], path) {
            Ok(t) => {
                tables.insert(ds_id.clone(), t);
            }
            Err(mut e) => errs.append(&mut e),
        }
    }
    if !errs.is_empty() {
        return Err(AppError::Data(errs));
    }
    Ok((tables, files.into_values().collect()))
}

/// The evaluation date: the command line, else the pack's `as_of`, else the
/// end of the pack's period. Never today's date.
pub fn resolve_as_of(cp: &CompiledPack, given: Option<NaiveDate>) -> Result<NaiveDate, AppError> {
    given.or(cp.pack.as_of).or(cp.pack.effective.to).ok_or_else(|| {
        AppError::Eval(vec![EvalError {
            loc: Location::file(&cp.pack.files[0]),
            award: None,
            criterion: None,
            subject: None,
            kind: EvalErrorKind::NoAsOf,
        }])
    })
}

/// `thidua check`: returns the report, or writes it to `--output` and
/// returns an empty string.
pub fn check(args: &CheckArgs) -> Result<String, AppError> {
    let cp = load_pack(&args.pack, &args.limits)?;
    for id in &args.awards {
        if cp.pack.award(id).is_none() {
            let e = PackError::new(
                Location::file(&cp.pack.files[0]),
                pack::PackErrorKind::Unknown {
                    what: pack::err::Thing::Award,
                    name: id.clone(),
                    suggestion: pack::load::suggest(id, cp.pack.awards.iter().map(|a| a.id.as_str())),
                },
            );
            return Err(AppError::Pack(vec![e]));
        }
    }
    let (tables, data_files) = read_tables(&cp, args)?;
    let as_of = resolve_as_of(&cp, args.as_of)?;
    let opts = CheckOptions {
        as_of,
        awards: (!args.awards.is_empty()).then(|| args.awards.clone()),
        subjects: (!args.subjects.is_empty()).then(|| args.subjects.clone()),
        record_inputs: args.explain || args.format == Format::Json,
    };
    let outcome = eval::check(&cp, &tables, &opts).map_err(AppError::Eval)?;
    let report = CheckReport { pack: &cp.pack, outcome: &outcome, lang: args.lang, explain: args.explain };
    let text = crate::report::check::render(&report, args.format);
    match &args.output {
        None => Ok(text),
        Some(path) => {
            let mut inputs = cp.pack.files.clone();
            inputs.extend(data_files);
            write_atomic(path, text.as_bytes(), &inputs).map_err(AppError::Output)?;
            Ok(String::new())
        }
    }
}

pub struct ScoreArgs {
    pub pack: PathBuf,
    pub data: Vec<String>,
    pub scorecard: Option<String>,
    pub groups: Vec<String>,
    pub as_of: Option<NaiveDate>,
    pub format: Format,
    pub explain: bool,
    pub output: Option<PathBuf>,
    pub lang: Lang,
    pub limits: ScriptLimits,
}

/// Which scorecard to run: the one named, or the pack's only one.
fn pick_scorecard(cp: &CompiledPack, id: &Option<String>) -> Result<usize, AppError> {
    let all = &cp.pack.scorecards;
    let found = match id {
        Some(id) => all.iter().position(|s| &s.id == id),
        None if all.len() == 1 => Some(0),
        None => None,
    };
    found.ok_or_else(|| {
        let name = id.clone().unwrap_or_default();
        AppError::Pack(vec![PackError::new(
            Location::file(&cp.pack.files[0]),
            pack::PackErrorKind::NoScorecard {
                name: name.clone(),
                known: all.iter().map(|s| s.id.clone()).collect(),
                suggestion: pack::load::suggest(&name, all.iter().map(|s| s.id.as_str())),
            },
        )])
    })
}

/// `thidua score`: the conference table, ranking and proposals.
pub fn score(args: &ScoreArgs) -> Result<String, AppError> {
    let cp = load_pack(&args.pack, &args.limits)?;
    let si = pick_scorecard(&cp, &args.scorecard)?;
    let sc = &cp.pack.scorecards[si];
    let files = data::files::assign(&cp.pack, &args.data).map_err(AppError::Data)?;
    let Some(path) = files.get(&sc.dataset) else {
        return Err(AppError::Data(vec![DataError::new(
            Location::file(&cp.pack.dir),
            DataErrorKind::MissingDataset(sc.dataset.clone()),
        )]));
    };
    let stage_col = sc.stages.as_ref().map(|s| s.column.as_str());
    let table = data::table::read_csv_keyed(&cp.pack.datasets[&sc.dataset], path, stage_col).map_err(AppError::Data)?;
    let as_of = resolve_as_of(&cp, args.as_of)?;
    let opts =
        crate::eval::score::ScoreOptions { as_of, clusters: (!args.groups.is_empty()).then(|| args.groups.clone()) };
    let outcome = crate::eval::score::score(&cp, si, &table, &opts).map_err(|e| match e {
        crate::eval::score::ScoreError::Data(d) => AppError::Data(d),
        crate::eval::score::ScoreError::Eval(e) => AppError::Eval(e),
    })?;
    let report =
        crate::report::score::ScoreReport { pack: &cp.pack, outcome: &outcome, lang: args.lang, explain: args.explain };
    let text = crate::report::score::render(&report, args.format);
    match &args.output {
        None => Ok(text),
        Some(out) => {
            let mut inputs = cp.pack.files.clone();
            inputs.push(path.clone());
            write_atomic(out, text.as_bytes(), &inputs).map_err(AppError::Output)?;
            Ok(String::new())
        }
    }
}

/// `thidua test`: the report, closing with `N passed, N failed`.
pub fn test(dir: &Path, limits: &ScriptLimits, lang: Lang) -> Result<String, AppError> {
    let cp = load_pack(dir, limits)?;
    let run = crate::testing::run(&cp, lang).map_err(AppError::Pack)?;
    let mut out = format!("{} {}\n", lang.pick("Kiểm thử bộ quy tắc", "Testing rule pack"), cp.pack.id);
    for l in &run.lines {
        out += l;
        out.push('\n');
    }
    out += &format!("{} passed, {} failed\n", run.passed, run.failed);
    if run.failed > 0 {
        Err(AppError::TestsFailed(out))
    } else {
        Ok(out)
    }
}
