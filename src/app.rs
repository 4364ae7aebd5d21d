//! The commands, as library functions: each wires loading, evaluation and
//! reporting together and returns the text to print or a typed error that
//! knows its exit code. The binary only parses flags and prints.

use crate::compile::CompiledPack;
use crate::data::{self, DataError, DataErrorKind, Table};
use crate::eval::{self, CheckOptions, EvalError, EvalErrorKind};
use crate::i18n::{Lang, Localized};
use crate::limits::DataLimits;
use crate::location::Location;
use crate::output::{deliver, OutputError};
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
    pub const DIFFERENT: i32 = 8;
}

#[derive(Debug)]
pub enum AppError {
    Pack(Vec<PackError>),
    Data(Vec<DataError>),
    Eval(Vec<EvalError>),
    Output(OutputError),
    /// Some pack tests failed; the report is in the command's output.
    TestsFailed(String),
    /// A manifest or result file that cannot be read or parsed.
    Input {
        path: PathBuf,
        detail: String,
    },
    /// `verify` or `diff` found differences; the report is the text.
    Different(String),
}

impl AppError {
    pub fn exit_code(&self) -> i32 {
        match self {
            AppError::Pack(_) => exit::PACK,
            AppError::Data(_) => exit::DATA,
            AppError::Eval(_) => exit::EVAL,
            AppError::Output(OutputError::SamePath { .. }) => exit::USAGE,
            AppError::Output(_) => exit::OUTPUT,
            AppError::TestsFailed(_) => exit::TESTS_FAILED,
            AppError::Input { .. } => exit::DATA,
            AppError::Different(_) => exit::DIFFERENT,
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
            AppError::TestsFailed(s) | AppError::Different(s) => s.clone(),
            AppError::Input { path, detail } => format!(
                "{} {}: {} {detail}\n",
                lang.pick("lỗi:", "error:"),
                path.display(),
                lang.pick("không đọc được:", "cannot read:")
            ),
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
    let summary = match lang {
        Lang::Vi => format!(
            "Bộ quy tắc {} hợp lệ: {} bảng dữ liệu, {} danh hiệu, {n_crit} tiêu chí ({n_native} so sánh đơn giản, {} biểu thức Rhai), {n_sc} bảng chấm điểm ({n_nodes} tiêu chí chấm), {} tham số, {n_tests} tệp kiểm thử; hiệu lực {}.\n",
            p.id,
            p.file_datasets().count(),
            p.awards.len(),
            n_crit - n_native,
            p.parameters.len(),
            p.effective.render()
        ),
        Lang::En => format!(
            "Rule pack {} is valid: {} datasets, {} awards, {n_crit} criteria ({n_native} simple comparisons, {} Rhai expressions), {n_sc} scorecards ({n_nodes} scored items), {} parameters, {n_tests} test files; in force {}.\n",
            p.id,
            p.file_datasets().count(),
            p.awards.len(),
            n_crit - n_native,
            p.parameters.len(),
            p.effective.render()
        ),
    };
    Ok(summary + scorecard_trees(p, lang).as_str() + unverified_notes(p, lang).as_str())
}

/// Each scorecard's tree with its maximums, a group's shown as the sum of
/// its items, to hold against the paper sheet.
fn scorecard_trees(p: &crate::pack::Pack, lang: Lang) -> String {
    use crate::pack::scorecard::Scorecard;
    use crate::report::score_view::{numbering, RowKind};
    let num = |d: rust_decimal::Decimal| crate::i18n::number(d.normalize(), lang);
    let mut out = String::new();
    for sc in &p.scorecards {
        let nodes = sc.nodes();
        let numbers = numbering(sc);
        let total: rust_decimal::Decimal = sc.groups.iter().map(Scorecard::max_of).sum();
        out += &match lang {
            Lang::Vi => format!("Bảng chấm điểm {} ({}): tối đa {}\n", sc.id, sc.name, num(total)),
            Lang::En => format!(
                "Scorecard {} ({}): maximum {}\n",
                sc.id,
                lang.pick_text(&sc.name, sc.name_en.as_deref()),
                num(total)
            ),
        };
        out += &scorecard_sources(p, sc, lang);
        // A long form's rows carry the criterion's code: show the code the
        // file must use beside every criterion that reads it.
        let codes: Vec<&str> = match p.datasets.get(&sc.dataset).and_then(|d| d.composed.as_ref()) {
            Some(c) => c
                .parts
                .iter()
                .flat_map(|part| match part {
                    crate::pack::Part::Long { codes, .. } => codes.iter().map(String::as_str).collect(),
                    crate::pack::Part::Join { .. } => Vec::new(),
                })
                .collect(),
            None => Vec::new(),
        };
        for (n, (number, kind, depth)) in nodes.iter().zip(&numbers) {
            let name = lang.pick_text(&n.name, n.name_en.as_deref());
            let label = match kind {
                RowKind::Bonus | RowKind::Penalty => format!("{number} {name}"),
                _ => format!("{number}. {name}"),
            };
            let detail = if n.is_group() {
                let parts: Vec<String> = n.children().iter().map(|c| num(Scorecard::max_of(c))).collect();
                let cap = n.cap.map(|c| format!(", {} {}", lang.pick("trần", "cap"), num(c.0))).unwrap_or_default();
                format!("{} = {}{cap}", num(Scorecard::max_of(n)), parts.join(" + "))
            } else {
                let method = n.method.map(|m| crate::report::score::method_label(m, lang)).unwrap_or_default();
                let code = if codes.contains(&n.code()) {
                    format!(", {} `{}`", lang.pick("mã", "code"), n.code())
                } else {
                    String::new()
                };
                format!("{} ({method}{code})", num(Scorecard::max_of(n)))
            };
            out += &format!("  {}{label} — {detail}\n", "  ".repeat(*depth));
        }
    }
    out
}

/// Where a scorecard with `join`/`long` reads its units from: one line.
fn scorecard_sources(p: &crate::pack::Pack, sc: &crate::pack::Scorecard, lang: Lang) -> String {
    use crate::pack::Part;
    let Some(c) = p.datasets.get(&sc.dataset).and_then(|d| d.composed.as_ref()) else {
        return String::new();
    };
    let mut parts = vec![match lang {
        Lang::Vi => format!("`{}` (đơn vị)", c.units),
        Lang::En => format!("`{}` (units)", c.units),
    }];
    for part in &c.parts {
        parts.push(match (part, lang) {
            (Part::Join { dataset, .. }, Lang::Vi) => format!("`{dataset}` (ghép theo mã)"),
            (Part::Join { dataset, .. }, Lang::En) => format!("`{dataset}` (joined by key)"),
            (Part::Long { dataset, criterion, codes, .. }, Lang::Vi) => {
                format!("`{dataset}` (dạng dài: mã tiêu chí ở cột `{criterion}`, {} tiêu chí đọc)", codes.len())
            }
            (Part::Long { dataset, criterion, codes, .. }, Lang::En) => {
                format!("`{dataset}` (long form: criterion code in `{criterion}`, read by {} criteria)", codes.len())
            }
        });
    }
    format!("  {}: {}\n", lang.pick("Dữ liệu", "Data"), parts.join(" + "))
}

/// Every citation or decider the pack marks as not checked against the law,
/// as warnings: the pack is usable, but whoever signs should know.
fn unverified_notes(p: &crate::pack::Pack, lang: Lang) -> String {
    let mut lines = Vec::new();
    let mut add = |what: String, cited: Option<&str>, note: &Option<String>| {
        if let Some(note) = note {
            let cited = cited.map(|c| format!(" «{c}»")).unwrap_or_default();
            lines.push(format!("  - {what}{cited}: {note}"));
        }
    };
    let (param, award, crit, decider) = match lang {
        Lang::Vi => ("tham số", "danh hiệu", "tiêu chí", "người quyết định"),
        Lang::En => ("parameter", "award", "criterion", "decider"),
    };
    for (id, x) in &p.parameters {
        add(format!("{param} {id}"), x.source.as_deref(), &x.unverified.source);
    }
    for a in &p.awards {
        add(format!("{award} {}", a.id), a.source.as_deref(), &a.unverified.source);
        add(format!("{award} {}, {decider}", a.id), a.decider.as_deref(), &a.unverified.decider);
        for c in &a.criteria {
            add(format!("{crit} {}/{}", a.id, c.id), c.source.as_deref(), &c.unverified.source);
            if c.unverified.decider.is_some() {
                add(format!("{crit} {}/{}, {decider}", a.id, c.id), None, &c.unverified.decider);
            }
        }
    }
    if lines.is_empty() {
        return String::new();
    }
    let head = match lang {
        Lang::Vi => {
            format!("Cảnh báo: {} căn cứ chưa được đối chiếu với văn bản (ghi trong `unverified`):", lines.len())
        }
        Lang::En => {
            format!("Warning: {} citations not yet checked against the text of the law (`unverified`):", lines.len())
        }
    };
    format!("{head}\n{}\n", lines.join("\n"))
}

/// Where a run's results go: `--output`, `--trace`, `--manifest`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outputs {
    pub output: Option<PathBuf>,
    pub trace: Option<PathBuf>,
    pub manifest: Option<PathBuf>,
    /// Print the run's fingerprint in HTML and xlsx reports even without a
    /// manifest (`verify` re-running a run that had one).
    pub stamp: bool,
}

impl Outputs {
    /// Whether HTML and xlsx reports carry the run's fingerprint.
    fn stamps(&self) -> bool {
        self.manifest.is_some() || self.stamp
    }
}

/// The fingerprint a run's manifest will have, for the footer of its HTML
/// or xlsx report; `None` for other formats or runs without a manifest.
fn report_fingerprint(
    outs: &Outputs,
    format: Format,
    pack: &crate::pack::Pack,
    data_files: &[PathBuf],
    options: &crate::audit::manifest::Options,
) -> Option<String> {
    use crate::audit::manifest::{engine, fingerprint, hash_files, PackInfo, VERSION};
    if !outs.stamps() || !matches!(format, Format::Html | Format::Xlsx) {
        return None;
    }
    let files = pack.input_files();
    let info = PackInfo {
        id: pack.id.clone(),
        version: pack.version.clone(),
        files: hash_files(files.iter().map(PathBuf::as_path)),
    };
    let data = hash_files(data_files.iter().map(PathBuf::as_path));
    Some(fingerprint(VERSION, &engine(), &info, &data, options))
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckArgs {
    pub pack: PathBuf,
    pub data: Vec<String>,
    pub awards: Vec<String>,
    pub subjects: Vec<String>,
    pub as_of: Option<NaiveDate>,
    pub format: Format,
    pub explain: bool,
    pub by_decider: bool,
    /// CSV: one row per subject, one column per award.
    pub by_subject: bool,
    pub outputs: Outputs,
    pub lang: Lang,
    pub limits: ScriptLimits,
    pub data_limits: DataLimits,
}

/// A finished evaluation, before anything is written.
pub struct RunOutput {
    /// The result: text, or a workbook's bytes for `--format xlsx`.
    pub text: Vec<u8>,
    /// Or the result already written, streamed into this file beside `--output`.
    pub written: Option<crate::output::Pending>,
    pub trace: Option<String>,
    /// Pack files and data files the result depends on.
    pub pack_files: Vec<PathBuf>,
    pub data_files: Vec<PathBuf>,
    pub pack_id: String,
    pub pack_version: Option<String>,
    pub options: crate::audit::manifest::Options,
    /// What the run did not do and the reader should know (printed on the
    /// error stream; the result stays whole).
    pub warnings: Vec<String>,
}

/// What `check` and `score` share in their manifest options.
struct RunCommon<'a> {
    pack: &'a Path,
    data: &'a [String],
    lang: Lang,
    format: Format,
    explain: bool,
}

/// The manifest options every run records; commands add their own filters.
fn run_options(
    command: &str,
    c: &RunCommon,
    as_of: NaiveDate,
    limits: &ScriptLimits,
    data_limits: &DataLimits,
) -> crate::audit::manifest::Options {
    crate::audit::manifest::Options {
        command: command.into(),
        pack: c.pack.display().to_string(),
        data: c.data.to_vec(),
        as_of: as_of.to_string(),
        lang: c.lang.code().into(),
        format: format_name(c.format).into(),
        explain: c.explain,
        by_decider: false,
        by_subject: false,
        awards: vec![],
        subjects: vec![],
        scorecard: None,
        groups: vec![],
        max_operations: limits.max_operations,
        max_file_bytes: Some(data_limits.max_file_bytes),
        max_rows: Some(data_limits.max_rows),
        max_field_bytes: Some(data_limits.max_field_bytes),
        encoding: data_limits.encoding,
        sheet: data_limits.sheet.clone(),
    }
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::Output(OutputError::Write { path: PathBuf::from("xlsx"), detail: e.to_string() })
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Xlsx => "xlsx",
        Format::Html => "html",
        Format::Table => "table",
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Md => "md",
    }
}

/// Writes what a run produced: the trace, the result (or returns it for
/// standard output), then the manifest with the hash of each.
fn finish(run: RunOutput, outs: &Outputs) -> Result<String, AppError> {
    use crate::audit::manifest::Output;
    for w in &run.warnings {
        eprintln!("{w}");
    }
    let mut inputs = run.pack_files.clone();
    inputs.extend(run.data_files.iter().cloned());
    // Hashes only when a manifest records them: hashing a national result
    // costs as much as writing it.
    let hash = |bytes: &[u8]| if outs.manifest.is_some() { crate::audit::sha256(bytes) } else { String::new() };
    let mut outputs = Vec::new();
    if let (Some(path), Some(trace)) = (&outs.trace, &run.trace) {
        deliver(path, trace.as_bytes(), &inputs).map_err(AppError::Output)?;
        outputs.push(Output {
            path: Some(path.display().to_string()),
            kind: "trace".into(),
            sha256: hash(trace.as_bytes()),
        });
    }
    let result_hash = match &run.written {
        Some(tmp) if outs.manifest.is_some() => crate::audit::sha256_file(tmp.path()).unwrap_or_default(),
        _ => hash(&run.text),
    };
    outputs.insert(
        0,
        Output {
            path: outs.output.as_ref().map(|p| p.display().to_string()),
            kind: "result".into(),
            sha256: result_hash,
        },
    );
    // The result is delivered before the manifest that hashes it is written.
    let mut run = run;
    match (outs.output.as_deref().map(crate::output::target), run.written.take()) {
        (Some(crate::output::Target::Replace(path)), Some(tmp)) => {
            crate::output::commit(tmp, &path).map_err(AppError::Output)?
        }
        (Some(_), _) => {
            deliver(outs.output.as_deref().unwrap_or(Path::new("-")), &run.text, &inputs).map_err(AppError::Output)?
        }
        (None, _) => {
            if std::str::from_utf8(&run.text).is_err() {
                return Err(AppError::Output(OutputError::NeedsFile));
            }
            crate::output::to_stdout(&run.text).map_err(AppError::Output)?
        }
    }
    if let Some(path) = &outs.manifest {
        let m = manifest_of(&run, outputs, crate::audit::manifest::run_dir(path));
        let mut refused = inputs.clone();
        refused.extend(outs.output.iter().cloned());
        refused.extend(outs.trace.iter().cloned());
        deliver(path, m.to_json().as_bytes(), &refused).map_err(AppError::Output)?;
        // On the error stream, so that results on standard output stay
        // clean; the official copies it on the paper they sign.
        let fp = m.fingerprint();
        let lang = if run.options.lang == "en" { Lang::En } else { Lang::Vi };
        eprintln!("{} {fp} ({})", lang.pick("Mã kiểm chứng:", "Fingerprint:"), path.display());
    }
    Ok(String::new())
}

/// The manifest of a run: what it read (hashed), its options, its outputs.
pub fn manifest_of(
    run: &RunOutput,
    outputs: Vec<crate::audit::manifest::Output>,
    run_dir: Option<String>,
) -> crate::audit::manifest::Manifest {
    use crate::audit::manifest::{hash_files, Manifest, PackInfo};
    Manifest {
        manifest_version: crate::audit::manifest::VERSION,
        engine: crate::audit::manifest::engine(),
        run_dir,
        pack: PackInfo {
            id: run.pack_id.clone(),
            version: run.pack_version.clone(),
            files: hash_files(run.pack_files.iter().map(PathBuf::as_path)),
        },
        data: hash_files(run.data_files.iter().map(PathBuf::as_path)),
        options: run.options.clone(),
        outputs,
        warnings: run.warnings.clone(),
    }
}

/// Refuses a run whose outputs name one file twice, before it starts.
fn check_outputs(outs: &Outputs) -> Result<(), AppError> {
    crate::output::distinct(&[
        ("--output", outs.output.as_deref()),
        ("--trace", outs.trace.as_deref()),
        ("--manifest", outs.manifest.as_deref()),
    ])
    .map_err(AppError::Output)
}

/// Reads the data files for the datasets the selected awards need.
/// Whether an award, or one it requires, has a rule that reads `name`.
fn reads(cp: &CompiledPack, award: &crate::pack::Award, name: &str, depth: usize) -> bool {
    // The values shown beside its results are read with it.
    let shown = cp.pack.datasets.get(&award.dataset_id).into_iter().flat_map(|d| d.values.values().map(|v| &v.value));
    let own = award
        .applies_when
        .iter()
        .chain(award.criteria.iter().flat_map(|c| std::iter::once(&c.condition).chain(c.applies_when.iter())))
        .chain(shown);
    own.into_iter().any(|src| crate::script::lex::identifiers(src).iter().any(|i| i == name))
        || (depth < 16 && award.requires.iter().filter_map(|r| cp.pack.award(r)).any(|r| reads(cp, r, name, depth + 1)))
}

/// The datasets an award needs: its own, its members' when its rules read
/// `thanh_vien`, the history of its subjects when they read `lich_su`.
pub fn datasets_for<'a>(cp: &'a CompiledPack, award: &'a crate::pack::Award) -> Vec<&'a str> {
    let mut needed: Vec<&str> = vec![award.dataset_id.as_str()];
    let ds = cp.pack.datasets.get(&award.dataset_id);
    if let Some(m) = ds.and_then(|d| d.members.as_ref()).filter(|_| reads(cp, award, "thanh_vien", 0)) {
        needed.push(m.dataset.as_str());
        // The members' own awards may read their histories.
        for b in cp.pack.awards.iter().filter(|b| b.dataset_id == m.dataset) {
            needed.extend(histories_read(cp, b, &m.dataset));
        }
    }
    needed.extend(histories_read(cp, award, &award.dataset_id));
    needed.sort();
    needed.dedup();
    needed
}

/// The histories of `dataset` that `award` (or one it requires) reads, each
/// by its own name.
fn histories_read<'a>(cp: &'a CompiledPack, award: &crate::pack::Award, dataset: &'a str) -> Vec<&'a str> {
    cp.pack
        .histories_of(dataset)
        .filter(|h| h.history.as_ref().is_some_and(|s| reads(cp, award, s.var(), 0)))
        .map(|h| h.id.as_str())
        .collect()
}

/// The awards to evaluate: those asked for (their data must be given), or,
/// when none is named, every award whose data was given — a commune checking
/// its officials need not supply household data.
/// The awards a run checks, and the warnings for those it leaves out for
/// lack of data (named ones are errors instead).
fn awards_to_check(
    cp: &CompiledPack,
    args: &CheckArgs,
    files: &IndexMap<String, PathBuf>,
) -> Result<(Vec<String>, Vec<String>), AppError> {
    let missing = |a: &crate::pack::Award| -> Vec<String> {
        datasets_for(cp, a).into_iter().filter(|d| !files.contains_key(*d)).map(str::to_string).collect()
    };
    let mut errs: Vec<String> = Vec::new();
    let mut chosen = Vec::new();
    let mut skipped = Vec::new();
    for a in &cp.pack.awards {
        let named = args.awards.contains(&a.id);
        if !args.awards.is_empty() && !named {
            continue;
        }
        let m = missing(a);
        if m.is_empty() {
            if named || !a.internal {
                chosen.push(a.id.clone());
            }
        } else if named {
            errs.extend(m);
        } else if !a.internal {
            let name = args.lang.pick_text(&a.name, a.name_en.as_deref());
            let data = m.iter().map(|d| format!("--data {d}=…")).collect::<Vec<_>>().join(" ");
            skipped.push(match args.lang {
                Lang::Vi => format!("cảnh báo: không xét «{name}» vì thiếu dữ liệu ({data})"),
                Lang::En => format!("warning: «{name}» not checked for lack of data ({data})"),
            });
        }
    }
    if chosen.is_empty() && errs.is_empty() {
        errs.extend(cp.pack.awards.iter().flat_map(missing));
    }
    if errs.is_empty() {
        return Ok((chosen, skipped));
    }
    errs.sort();
    errs.dedup();
    Err(AppError::Data(
        errs.into_iter()
            .map(|d| DataError::new(Location::file(&cp.pack.dir), DataErrorKind::MissingDataset(d)))
            .collect(),
    ))
}

/// Reads every given data file into memory.
fn read_tables(
    cp: &CompiledPack,
    files: &IndexMap<String, PathBuf>,
    limits: &DataLimits,
) -> Result<IndexMap<String, Table>, AppError> {
    let mut errs = Vec::new();
    let mut tables = IndexMap::new();
    for (ds_id, path) in files {
        match data::table::read_csv_limited(&cp.pack.datasets[ds_id], path, limits) {
            Ok(t) => {
                tables.insert(ds_id.clone(), t);
            }
            Err(mut e) => errs.append(&mut e),
        }
    }
    if !errs.is_empty() {
        return Err(AppError::Data(errs));
    }
    Ok(tables)
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
    check_outputs(&args.outputs)?;
    let run = run_check(args, args.outputs.trace.is_some())?;
    finish(run, &args.outputs)
}

/// The awards a report shows, as indices in pack order.
fn reported_awards(cp: &CompiledPack, ids: &[String]) -> Vec<usize> {
    (0..cp.pack.awards.len()).filter(|&i| ids.contains(&cp.pack.awards[i].id)).collect()
}

/// What `check` produced: a CSV the pipeline rendered as it went (in memory,
/// or already in the temporary file beside `--output`), or the results for a
/// report.
enum Checked {
    Rendered { text: Vec<u8>, written: Option<crate::output::Pending>, warnings: Vec<DataError> },
    Results(eval::Outcome, Vec<DataError>),
}

/// Runs the pipeline: CSV is rendered as it goes (to the temporary output file
/// when there is one: a national result never has to fit in memory); other
/// formats get the results.
fn check_streamed(
    job: &crate::pipeline::Job,
    args: &CheckArgs,
    record_inputs: bool,
    data_files: &[PathBuf],
) -> Result<Checked, AppError> {
    use crate::pipeline::{Failure, Render};
    let pack = &job.cp.pack;
    let table = crate::report::check::SubjectTable::new(pack, &job.reported);
    let (render, head) = match (args.format, args.by_subject) {
        (Format::Csv, true) => (Render::BySubject(&table), table.head(pack, args.lang)),
        (Format::Csv, false) => (Render::Long { explain: args.explain }, crate::report::check::csv_head(args.lang)),
        _ => (Render::Results { record_inputs }, Vec::new()),
    };
    let out_path = args.outputs.output.clone().unwrap_or_default();
    let failure = |f: Failure| match f {
        Failure::Data(e) => AppError::Data(e),
        Failure::Eval(e) => AppError::Eval(e),
        Failure::Write(e) => AppError::Output(OutputError::Write { path: out_path.clone(), detail: e.to_string() }),
    };
    // Only a regular file is streamed into: a device or pipe is written
    // through when the run is done.
    let replaced = args.outputs.output.as_deref().map(crate::output::target);
    match (replaced, &render) {
        (_, Render::Results { .. }) => {
            let judged = crate::pipeline::run(job, &render, &mut Vec::new()).map_err(failure)?;
            Ok(Checked::Results(eval::Outcome { as_of: job.as_of, results: judged.results }, judged.warnings))
        }
        (Some(crate::output::Target::Replace(path)), _) => {
            let mut inputs = pack.input_files();
            inputs.extend(data_files.iter().cloned());
            let mut tmp = crate::output::begin(&path, &inputs).map_err(AppError::Output)?;
            let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
            std::io::Write::write_all(&mut w, &head).map_err(|e| failure(Failure::Write(e)))?;
            let judged = crate::pipeline::run(job, &render, &mut w).map_err(failure)?;
            std::io::Write::flush(&mut w).map_err(|e| failure(Failure::Write(e)))?;
            drop(w);
            Ok(Checked::Rendered { text: Vec::new(), written: Some(tmp), warnings: judged.warnings })
        }
        (_, _) => {
            let mut text = head;
            let judged = crate::pipeline::run(job, &render, &mut text).map_err(failure)?;
            Ok(Checked::Rendered { text, written: None, warnings: judged.warnings })
        }
    }
}

/// Evaluates eligibility and renders the report; writes nothing.
pub fn run_check(args: &CheckArgs, want_trace: bool) -> Result<RunOutput, AppError> {
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
    let files = data::files::assign(&cp.pack, &args.data).map_err(AppError::Data)?;
    let (awards, warnings) = awards_to_check(&cp, args, &files)?;
    let as_of = resolve_as_of(&cp, args.as_of)?;
    eval::check_in_force(&cp, as_of).map_err(|e| AppError::Eval(vec![e]))?;
    let mut needed: Vec<usize> = eval::needed_awards(&cp, &Some(awards.clone())).into_iter().collect();
    needed.sort();
    let reported = reported_awards(&cp, &awards);
    let record_inputs = args.explain || args.format == Format::Json || want_trace;
    let data_files: Vec<PathBuf> = files.values().cloned().collect();
    // Awards judged one row at a time stream through the pipeline; quotas,
    // roll-ups and history need every row at once, and so does a row per
    // subject over several datasets (a person may be in each).
    let datasets: std::collections::HashSet<&str> =
        needed.iter().map(|&i| cp.pack.awards[i].dataset_id.as_str()).collect();
    let merge_subjects = args.by_subject && datasets.len() > 1;
    let checked = if eval::batch::row_by_row(&cp, &needed) && !want_trace && !merge_subjects {
        let job = crate::pipeline::Job {
            cp: &cp,
            files: &files,
            needed,
            reported: reported.clone(),
            subjects: (!args.subjects.is_empty()).then(|| args.subjects.clone()),
            as_of,
            lang: args.lang,
            limits: &args.data_limits,
        };
        check_streamed(&job, args, record_inputs, &data_files)?
    } else {
        let tables = read_tables(&cp, &files, &args.data_limits)?;
        let opts = CheckOptions {
            as_of,
            awards: Some(awards.clone()),
            subjects: (!args.subjects.is_empty()).then(|| args.subjects.clone()),
            record_inputs,
        };
        let noticed = tables.values().flat_map(|t| t.warnings.iter().cloned()).collect();
        Checked::Results(eval::check(&cp, &tables, &opts).map_err(AppError::Eval)?, noticed)
    };
    let (rendered, outcome, noticed) = match checked {
        Checked::Rendered { text, written, warnings } => {
            (Some((text, written)), eval::Outcome { as_of, results: Vec::new() }, warnings)
        }
        Checked::Results(o, warnings) => (None, o, warnings),
    };
    let mut warnings = warnings;
    warnings.extend(data_warnings(&noticed, args.lang));
    let options = check_options(args, as_of);
    let report = CheckReport {
        pack: &cp.pack,
        outcome: &outcome,
        lang: args.lang,
        explain: args.explain,
        by_decider: args.by_decider,
        by_subject: args.by_subject,
        columns: reported,
        fingerprint: report_fingerprint(&args.outputs, args.format, &cp.pack, &data_files, &options),
    };
    let (text, written) = match (rendered, args.format) {
        (Some(done), _) => done,
        (None, Format::Xlsx) => (crate::report::xlsx::check(&report).map_err(xlsx_error)?, None),
        (None, f) => (crate::report::check::render(&report, f).into_bytes(), None),
    };
    Ok(RunOutput {
        text,
        written,
        trace: want_trace.then(|| crate::audit::trace::check(&cp.pack, &outcome, args.lang)),
        pack_files: cp.pack.input_files(),
        data_files,
        pack_id: cp.pack.id.clone(),
        pack_version: cp.pack.version.clone(),
        options,
        warnings,
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScoreArgs {
    pub pack: PathBuf,
    pub data: Vec<String>,
    pub scorecard: Option<String>,
    pub groups: Vec<String>,
    pub as_of: Option<NaiveDate>,
    pub format: Format,
    pub explain: bool,
    pub outputs: Outputs,
    pub lang: Lang,
    pub limits: ScriptLimits,
    pub data_limits: DataLimits,
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
    check_outputs(&args.outputs)?;
    let run = run_score(args, args.outputs.trace.is_some())?;
    finish(run, &args.outputs)
}

/// The rows a scorecard scores, and the files they came from: its dataset's
/// file, or each file of a scorecard with `join`/`long`, put together.
fn read_scored(
    cp: &CompiledPack,
    sc: &crate::pack::Scorecard,
    files: &IndexMap<String, PathBuf>,
    limits: &DataLimits,
) -> Result<(Table, Vec<PathBuf>), AppError> {
    let ds = &cp.pack.datasets[&sc.dataset];
    let stage = sc.stages.as_ref().map(|s| s.column.as_str());
    let Some(c) = &ds.composed else {
        let Some(path) = files.get(&sc.dataset) else {
            return Err(AppError::Data(vec![DataError::new(
                Location::file(&cp.pack.dir),
                DataErrorKind::MissingDataset(sc.dataset.clone()),
            )]));
        };
        let table = data::table::read_csv_keyed(ds, path, &stage.into_iter().collect::<Vec<_>>(), limits)
            .map_err(AppError::Data)?;
        return Ok((table, vec![path.clone()]));
    };
    let mut tables = IndexMap::new();
    let (mut errs, mut paths) = (Vec::new(), Vec::new());
    for id in c.sources() {
        let Some(path) = files.get(id) else {
            errs.push(DataError::new(Location::file(&cp.pack.dir), DataErrorKind::MissingDataset(id.to_string())));
            continue;
        };
        let keys = data::compose::key_columns(&cp.pack, id, stage, c);
        match data::table::read_csv_keyed(&cp.pack.datasets[id], path, &keys, limits) {
            Ok(t) => {
                tables.insert(id.to_string(), t);
            }
            Err(mut e) => errs.append(&mut e),
        }
        paths.push(path.clone());
    }
    if !errs.is_empty() {
        return Err(AppError::Data(errs));
    }
    let table = data::compose::compose(&cp.pack, ds, &tables, stage).map_err(AppError::Data)?;
    Ok((table, paths))
}

/// Scores and renders the report; writes nothing.
pub fn run_score(args: &ScoreArgs, want_trace: bool) -> Result<RunOutput, AppError> {
    let cp = load_pack(&args.pack, &args.limits)?;
    let si = pick_scorecard(&cp, &args.scorecard)?;
    let sc = &cp.pack.scorecards[si];
    let files = data::files::assign(&cp.pack, &args.data).map_err(AppError::Data)?;
    let (table, data_files) = read_scored(&cp, sc, &files, &args.data_limits)?;
    let as_of = resolve_as_of(&cp, args.as_of)?;
    let opts = crate::eval::score::ScoreOptions {
        as_of,
        clusters: (!args.groups.is_empty()).then(|| args.groups.clone()),
        record_inputs: args.explain || want_trace,
    };
    let outcome = crate::eval::score::score(&cp, si, &table, &opts).map_err(|e| match e {
        crate::eval::score::ScoreError::Data(d) => AppError::Data(d),
        crate::eval::score::ScoreError::Eval(e) => AppError::Eval(e),
    })?;
    let options = score_options(args, as_of, &sc.id);
    let report = crate::report::score::ScoreReport {
        pack: &cp.pack,
        outcome: &outcome,
        lang: args.lang,
        explain: args.explain,
        fingerprint: report_fingerprint(&args.outputs, args.format, &cp.pack, &data_files, &options),
    };
    Ok(RunOutput {
        written: None,
        text: match args.format {
            Format::Xlsx => crate::report::xlsx::score(&report).map_err(xlsx_error)?,
            f => crate::report::score::render(&report, f).into_bytes(),
        },
        trace: want_trace.then(|| crate::audit::trace::score(&cp.pack, &outcome)),
        pack_files: cp.pack.input_files(),
        data_files,
        pack_id: cp.pack.id.clone(),
        pack_version: cp.pack.version.clone(),
        options,
        warnings: data_warnings(&table.warnings, args.lang),
    })
}

/// Data warnings as the error stream and the manifest show them.
fn data_warnings(noticed: &[DataError], lang: Lang) -> Vec<String> {
    noticed.iter().map(|w| format!("{} {}", lang.pick("cảnh báo:", "warning:"), w.render(lang))).collect()
}

/// `thidua template`: the workbook to hand out for `datasets` (every dataset
/// read from files when none is named), filled with `data` when given.
pub fn template(
    pack_dir: &Path,
    datasets: &[String],
    data: &[String],
    output: &Path,
    limits: &ScriptLimits,
    data_limits: &DataLimits,
    lang: Lang,
) -> Result<String, AppError> {
    let cp = load_pack(pack_dir, limits)?;
    let p = &cp.pack;
    let mut chosen = Vec::new();
    for id in datasets {
        match p.file_datasets().find(|(k, _)| *k == id) {
            Some((_, d)) => chosen.push(d),
            None => {
                return Err(AppError::Pack(vec![PackError::new(
                    Location::file(&p.files[0]),
                    pack::PackErrorKind::Unknown {
                        what: pack::err::Thing::Dataset,
                        name: id.clone(),
                        suggestion: pack::load::suggest(id, p.file_datasets().map(|(k, _)| k.as_str())),
                    },
                )]))
            }
        }
    }
    if chosen.is_empty() {
        chosen = p.file_datasets().map(|(_, d)| d).collect();
    }
    let files = if data.is_empty() { IndexMap::new() } else { data::files::assign(p, data).map_err(AppError::Data)? };
    // Read as the commands that use them read them: a unit may have a row
    // per scoring stage.
    let mut tables = IndexMap::new();
    let mut errs = Vec::new();
    for (id, path) in &files {
        let ds = &p.datasets[id];
        let mut keys = data::table::key_columns(ds);
        for sc in &p.scorecards {
            let units = p.datasets.get(&sc.dataset).and_then(|d| d.composed.as_ref()).map(|c| c.units.as_str());
            if sc.dataset == *id || units == Some(id.as_str()) {
                keys.extend(sc.stages.as_ref().map(|s| s.column.as_str()));
            }
        }
        match data::table::read_csv_keyed(ds, path, &keys, data_limits) {
            Ok(t) => {
                tables.insert(id.clone(), t);
            }
            Err(mut e) => errs.append(&mut e),
        }
    }
    if !errs.is_empty() {
        return Err(AppError::Data(errs));
    }
    let bytes = crate::report::template::workbook(p, &chosen, &tables, lang).map_err(xlsx_error)?;
    let inputs: Vec<PathBuf> = p.input_files().into_iter().chain(files.values().cloned()).collect();
    crate::output::deliver(output, &bytes, &inputs).map_err(AppError::Output)?;
    Ok(String::new())
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

fn read_json(path: &Path) -> Result<serde_json::Value, AppError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| AppError::Input { path: path.to_path_buf(), detail: e.to_string() })?;
    serde_json::from_str(&text).map_err(|e| AppError::Input { path: path.to_path_buf(), detail: e.to_string() })
}

/// `thidua diff`: what changed between two JSON results.
pub fn diff(old: &Path, new: &Path, lang: Lang) -> Result<String, AppError> {
    let (a, b) = (read_json(old)?, read_json(new)?);
    let Some(changes) = crate::audit::diff::diff(&a, &b, lang) else {
        return Err(AppError::Input {
            path: new.to_path_buf(),
            detail: lang
                .pick(
                    "cần hai kết quả JSON cùng loại (check hoặc score, --format json)",
                    "needs two JSON results of the same kind (check or score, --format json)",
                )
                .into(),
        });
    };
    let text = crate::audit::diff::render(&changes, lang);
    if changes.is_empty() {
        Ok(text)
    } else {
        Err(AppError::Different(text))
    }
}

fn parse_format(s: &str) -> Option<Format> {
    [Format::Xlsx, Format::Html, Format::Csv, Format::Json, Format::Md, Format::Table]
        .into_iter()
        .find(|f| format_name(*f) == s)
}

/// The options a `check` records: every field of its arguments is either
/// recorded or named here as not deciding the result, so a new flag cannot
/// be forgotten by the manifest (the compiler asks).
pub fn check_options(args: &CheckArgs, as_of: NaiveDate) -> crate::audit::manifest::Options {
    let CheckArgs {
        pack,
        data,
        awards,
        subjects,
        as_of: _, // recorded resolved, below
        format,
        explain,
        by_decider,
        by_subject,
        outputs: _, // where results go, hashed separately
        lang,
        limits,
        data_limits,
    } = args;
    crate::audit::manifest::Options {
        by_decider: *by_decider,
        by_subject: *by_subject,
        awards: awards.clone(),
        subjects: subjects.clone(),
        ..run_options(
            "check",
            &RunCommon { pack, data, lang: *lang, format: *format, explain: *explain },
            as_of,
            limits,
            data_limits,
        )
    }
}

/// The options a `score` records (see [`check_options`]).
pub fn score_options(args: &ScoreArgs, as_of: NaiveDate, scorecard: &str) -> crate::audit::manifest::Options {
    let ScoreArgs {
        pack,
        data,
        scorecard: _, // recorded resolved
        groups,
        as_of: _,
        format,
        explain,
        outputs: _,
        lang,
        limits,
        data_limits,
    } = args;
    crate::audit::manifest::Options {
        scorecard: Some(scorecard.to_string()),
        groups: groups.clone(),
        ..run_options(
            "score",
            &RunCommon { pack, data, lang: *lang, format: *format, explain: *explain },
            as_of,
            limits,
            data_limits,
        )
    }
}

/// The run a manifest records, within `caps` (verify's own limits): the
/// inverse of [`check_options`] and [`score_options`], field by field.
pub fn run_of(
    o: &crate::audit::manifest::Options,
    caps: (&ScriptLimits, &DataLimits),
    stamp: bool,
) -> Result<Run, String> {
    let crate::audit::manifest::Options {
        command,
        pack,
        data,
        as_of,
        lang,
        format,
        explain,
        by_decider,
        by_subject,
        awards,
        subjects,
        scorecard,
        groups,
        max_operations,
        max_file_bytes,
        max_rows,
        max_field_bytes,
        encoding,
        sheet,
    } = o;
    let (sl, dl) = caps;
    let as_of = crate::pack::parse_date(as_of).ok_or_else(|| format!("as_of `{as_of}`"))?;
    let format = parse_format(format).ok_or_else(|| format!("format `{format}`"))?;
    let lang = match lang.as_str() {
        "vi" => Lang::Vi,
        "en" => Lang::En,
        other => return Err(format!("lang `{other}`")),
    };
    let limits = ScriptLimits { max_operations: (*max_operations).min(sl.max_operations), ..*sl };
    let data_limits = DataLimits {
        max_file_bytes: max_file_bytes.unwrap_or(dl.max_file_bytes).min(dl.max_file_bytes),
        max_rows: max_rows.unwrap_or(dl.max_rows).min(dl.max_rows),
        max_field_bytes: max_field_bytes.unwrap_or(dl.max_field_bytes).min(dl.max_field_bytes),
        encoding: *encoding,
        sheet: sheet.clone(),
    };
    let outputs = Outputs { stamp, ..Outputs::default() };
    match command.as_str() {
        "check" => Ok(Run::Check(CheckArgs {
            pack: PathBuf::from(pack),
            data: data.clone(),
            awards: awards.clone(),
            subjects: subjects.clone(),
            as_of: Some(as_of),
            format,
            explain: *explain,
            by_decider: *by_decider,
            by_subject: *by_subject,
            outputs,
            lang,
            limits,
            data_limits,
        })),
        "score" => Ok(Run::Score(ScoreArgs {
            pack: PathBuf::from(pack),
            data: data.clone(),
            scorecard: scorecard.clone(),
            groups: groups.clone(),
            as_of: Some(as_of),
            format,
            explain: *explain,
            outputs,
            lang,
            limits,
            data_limits,
        })),
        other => Err(format!("command `{other}`")),
    }
}

/// A command a manifest can record.
#[derive(Debug, Clone, PartialEq)]
pub enum Run {
    Check(CheckArgs),
    Score(ScoreArgs),
}

/// `thidua verify`: re-hashes the inputs a manifest names, re-runs the
/// command it records and compares the outputs byte for byte.
/// What `thidua verify` is asked.
pub struct VerifyArgs {
    pub manifest: PathBuf,
    /// The fingerprint printed on the signed paper (`--expect`).
    pub expect: Option<String>,
    pub lang: Lang,
    /// Verify's own limits: the re-run never uses more than these, whatever
    /// the manifest records.
    pub limits: ScriptLimits,
    pub data_limits: DataLimits,
}

/// `thidua verify`: the manifest is the run's (`--expect`), every input is
/// the one hashed, the re-run gives the recorded outputs, and every published
/// output is still the one recorded. Paths are read from the manifest's own
/// folder, so it may be run from anywhere.
pub fn verify(args: &VerifyArgs) -> Result<String, AppError> {
    use crate::audit::{manifest::Manifest, read_regular, FileProblem};
    let lang = args.lang;
    let bad = |detail: String| AppError::Input { path: args.manifest.clone(), detail };
    // The manifest itself: a regular file of sane size, in the strict schema.
    let bytes = read_regular(&args.manifest, 64 << 20).map_err(|p| bad(p.render(lang)))?;
    let m: Manifest = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
    let o = &m.options;
    // The recorded run, field by field, within verify's own limits.
    let run = run_of(o, (&args.limits, &args.data_limits), m.manifest_version >= 2)
        .map_err(|what| bad(format!("{} {what}", lang.pick("giá trị không hợp lệ:", "invalid value:"))))?;
    if m.pack.files.is_empty() || m.data.is_empty() || m.outputs.is_empty() {
        return Err(bad(lang
            .pick(
                "bản kê không ghi tệp quy tắc, tệp dữ liệu hoặc kết quả nào: không có gì để kiểm chứng",
                "the manifest names no pack file, data file or output: there is nothing to verify",
            )
            .into()));
    }
    let mut report = Vec::new();
    let fp = m.fingerprint();
    if let Some(want) = &args.expect {
        let want = want.trim().to_ascii_lowercase();
        if want.len() < 12 || !fp.starts_with(&want) {
            report.push(format!(
                "{} {want}, {} {fp}",
                lang.pick("mã kiểm chứng không khớp: giấy ghi", "fingerprint mismatch: the paper says"),
                lang.pick("bản kê này là", "this manifest is")
            ));
        }
    }
    // Paths are relative to the folder of the run, found from the manifest's.
    let manifest_dir = match args.manifest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let base = match &m.run_dir {
        Some(r) => manifest_dir.join(r),
        None => PathBuf::from("."),
    };
    let at = |p: &str| base.join(p);
    let max_file = args.data_limits.max_file_bytes.max(crate::limits::MAX_PACK_FILE_BYTES);
    let mut missing = 0;
    let inputs: Vec<&crate::audit::manifest::FileHash> = m.pack.files.iter().chain(&m.data).collect();
    for f in &inputs {
        match read_regular(&at(&f.path), max_file) {
            Ok(b) if crate::audit::sha256(&b) == f.sha256 => {}
            Ok(_) => report.push(format!("{} {}", lang.pick("tệp đầu vào đã thay đổi:", "input changed:"), f.path)),
            Err(FileProblem::Missing) => {
                missing += 1;
                report.push(format!("{} {}", lang.pick("thiếu tệp đầu vào:", "missing input:"), f.path));
            }
            Err(p) => report.push(format!("{}: {}", f.path, p.render(lang))),
        }
    }
    if missing == inputs.len() {
        report.push(match lang {
            Lang::Vi => format!(
                "(không tìm thấy tệp đầu vào nào: các đường dẫn tính từ thư mục {}; bản kê có được chép cùng dữ liệu không?)",
                base.display()
            ),
            Lang::En => format!(
                "(no input was found: paths are read from {}; was the manifest copied with its data?)",
                base.display()
            ),
        });
    }
    // The re-run, in the run's folder.
    let want_trace = m.outputs.iter().any(|x| x.kind == "trace");
    let here = std::env::current_dir().ok();
    std::env::set_current_dir(&base).map_err(|e| bad(format!("{}: {e}", base.display())))?;
    let rerun = match &run {
        Run::Score(a) => run_score(a, want_trace),
        Run::Check(a) => run_check(a, want_trace),
    };
    match rerun {
        Err(e) => report.push(format!(
            "{}\n{}",
            lang.pick("chạy lại không thành công:", "the re-run failed:"),
            e.render(lang)
        )),
        Ok(run) => {
            for out in &m.outputs {
                let (raw, what) = match out.kind.as_str() {
                    "trace" => (run.trace.clone().unwrap_or_default().into_bytes(), lang.pick("tệp vết", "trace")),
                    _ => (run.text.clone(), lang.pick("kết quả", "result")),
                };
                let place = out.path.clone().unwrap_or_else(|| lang.pick("(màn hình)", "(standard output)").into());
                let rerun_same = crate::audit::sha256(&raw) == out.sha256;
                if !rerun_same {
                    report.push(format!(
                        "{} {what} {place}",
                        lang.pick("chạy lại cho kết quả khác bản kê:", "the re-run differs from the manifest:")
                    ));
                }
                // The published file must still be the one recorded.
                let Some(path) = &out.path else { continue };
                let published = match read_regular(Path::new(path), max_file.max(1 << 30)) {
                    Ok(b) => b,
                    Err(FileProblem::Missing) => {
                        report.push(format!(
                            "{} {path}",
                            lang.pick("thiếu tệp kết quả đã công bố:", "the published output is missing:")
                        ));
                        continue;
                    }
                    Err(p) => {
                        report.push(format!("{path}: {}", p.render(lang)));
                        continue;
                    }
                };
                let published_same = crate::audit::sha256(&published) == out.sha256;
                if !published_same {
                    report.push(format!(
                        "{} {path}",
                        lang.pick(
                            "tệp kết quả đã công bố đã bị sửa (mã băm khác bản kê):",
                            "the published output was altered (its hash differs from the manifest):"
                        )
                    ));
                }
                // Name the subjects whose published result is not the re-run's.
                if (!rerun_same || !published_same) && out.kind == "result" && o.format == "json" {
                    if let (Ok(a), Ok(b)) = (
                        serde_json::from_slice::<serde_json::Value>(&published),
                        serde_json::from_slice::<serde_json::Value>(&raw),
                    ) {
                        if let Some(changes) = crate::audit::diff::diff(&a, &b, lang) {
                            report.push(crate::audit::diff::render(&changes, lang).trim_end().to_string());
                        }
                    }
                }
            }
        }
    }
    if let Some(h) = here {
        let _ = std::env::set_current_dir(h);
    }
    if report.is_empty() {
        Ok(match lang {
            Lang::Vi => format!(
                "Giống hệt: {} tệp đầu vào khớp mã băm; chạy lại cho {} kết quả trùng từng byte với bản kê và với các tệp đã công bố.\nMã kiểm chứng: {fp}\n",
                inputs.len(),
                m.outputs.len()
            ),
            Lang::En => format!(
                "Identical: {} input files match their hashes; the re-run gives {} outputs identical byte for byte to the manifest and to the published files.\nFingerprint: {fp}\n",
                inputs.len(),
                m.outputs.len()
            ),
        })
    } else {
        let mut s = report.join("\n");
        s += "\n";
        s += lang.pick("KHÔNG khớp với bản kê.\n", "Does NOT match the manifest.\n");
        Err(AppError::Different(s))
    }
}
