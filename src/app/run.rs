//! What a run produced and where it goes: outputs written whole, the manifest, warnings. The one place output is handled.

use super::error::AppError;
use crate::data::DataError;
use crate::i18n::{Lang, Localized};
use crate::limits::DataLimits;
use crate::output::{deliver, OutputError};
use crate::report::Format;
use crate::script::ScriptLimits;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// Where a run's results go: `--output`, `--trace`, `--manifest`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outputs {
    pub output: Option<PathBuf>,
    pub trace: Option<PathBuf>,
    pub manifest: Option<PathBuf>,
    /// Print the run's fingerprint in HTML and xlsx reports even without a
    /// manifest (`verify` re-running a run that had one).
    pub stamp: bool,
    /// Folders the manifest names otherwise: a path under one is recorded
    /// relative to it, under the given name (the server records an upload
    /// as its bundle holds it, never by its temporary folder). Empty: paths
    /// are recorded as given.
    pub recorded: Vec<(PathBuf, String)>,
}

/// How a path is recorded in a manifest: as given, or renamed by the first
/// folder of `recorded` it lies under.
pub(crate) fn recorded_name(recorded: &[(PathBuf, String)], p: &Path) -> String {
    for (dir, name) in recorded {
        if let Ok(rest) = p.strip_prefix(dir) {
            return Path::new(name).join(rest).display().to_string();
        }
    }
    p.display().to_string()
}

impl Outputs {
    /// Whether HTML and xlsx reports carry the run's fingerprint.
    fn stamps(&self) -> bool {
        self.manifest.is_some() || self.stamp
    }
}

/// The fingerprint a run's manifest will have, for the footer of its HTML
/// or xlsx report; `None` for other formats or runs without a manifest.
pub(crate) fn report_fingerprint(
    outs: &Outputs,
    format: Format,
    pack: &crate::pack::Pack,
    data_files: &[PathBuf],
    options: &crate::audit::manifest::Options,
) -> Option<String> {
    use crate::audit::manifest::{engine, fingerprint, hash_files_as, PackInfo, VERSION};
    if !outs.stamps() || !matches!(format, Format::Html | Format::Xlsx) {
        return None;
    }
    let files = pack.input_files();
    let info = PackInfo {
        id: pack.id.clone(),
        version: pack.version.clone(),
        files: hash_files_as(files.iter().map(PathBuf::as_path), |p| recorded_name(&outs.recorded, p)),
    };
    let data = hash_files_as(data_files.iter().map(PathBuf::as_path), |p| recorded_name(&outs.recorded, p));
    Some(fingerprint(VERSION, &engine(), &info, &data, options))
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
    /// How its paths are recorded (see [`Outputs::recorded`]).
    pub recorded: Vec<(PathBuf, String)>,
    /// The results, when [`RunArgs::keep_results`] asked for them.
    pub results: Option<StepResults>,
}

/// A run's results, kept for a year's later steps.
#[derive(Debug)]
pub enum StepResults {
    Check(crate::eval::Outcome),
    Score(crate::eval::score::ScoreOutcome),
}

/// What `check` and `score` both take: a pack, its data, the evaluation
/// date, how the result is written and the limits of the run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunArgs {
    pub pack: PathBuf,
    /// `FILE` or `DATASET=FILE`, as given.
    pub data: Vec<String>,
    /// None: the pack's `as_of`.
    pub as_of: Option<NaiveDate>,
    pub format: Format,
    pub explain: bool,
    pub outputs: Outputs,
    pub lang: Lang,
    pub limits: ScriptLimits,
    pub data_limits: DataLimits,
    /// Columns taken from an earlier step of a year instead of the files.
    pub carried: crate::data::carry::Carried,
    /// Keep the results in [`RunOutput::results`] (a year's later steps read them).
    pub keep_results: bool,
}

/// The manifest options every run records; commands add their own filters.
/// Every field of the arguments is either recorded or named here as not
/// deciding the result, so a new flag cannot be forgotten by the manifest
/// (the compiler asks).
pub(crate) fn run_options(command: &str, run: &RunArgs, as_of: NaiveDate) -> crate::audit::manifest::Options {
    let RunArgs {
        pack,
        data,
        as_of: _, // recorded resolved
        format,
        explain,
        outputs, // where results go, hashed separately; how paths are named
        lang,
        limits,
        data_limits,
        carried: _,      // a year's manifest records the steps they come from
        keep_results: _, // what is kept in memory, not what is decided
    } = run;
    let recorded = &outputs.recorded;
    crate::audit::manifest::Options {
        command: command.into(),
        stage: None,
        pack: recorded_name(recorded, pack),
        data: data
            .iter()
            .map(|d| match d.split_once('=') {
                Some((ds, path)) if !recorded.is_empty() => {
                    format!("{ds}={}", recorded_name(recorded, Path::new(path)))
                }
                _ => d.clone(),
            })
            .collect(),
        as_of: as_of.to_string(),
        lang: lang.code().into(),
        format: format.name().into(),
        explain: *explain,
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
        sheets: data_limits.sheets.clone(),
    }
}

pub(crate) fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::Output(OutputError::Write { path: PathBuf::from("xlsx"), detail: e.to_string() })
}

/// Writes what a run produced: the trace, the result (or returns it for
/// standard output), then the manifest with the hash of each.
pub(crate) fn finish(run: RunOutput, outs: &Outputs) -> Result<String, AppError> {
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
    use crate::audit::manifest::{hash_files_as, Manifest, PackInfo};
    let name = |p: &Path| recorded_name(&run.recorded, p);
    Manifest {
        manifest_version: crate::audit::manifest::VERSION,
        engine: crate::audit::manifest::engine(),
        run_dir,
        pack: PackInfo {
            id: run.pack_id.clone(),
            version: run.pack_version.clone(),
            files: hash_files_as(run.pack_files.iter().map(PathBuf::as_path), name),
        },
        data: hash_files_as(run.data_files.iter().map(PathBuf::as_path), name),
        options: run.options.clone(),
        outputs,
        warnings: run.warnings.clone(),
    }
}

/// Refuses a run whose outputs name one file twice, before it starts.
pub(crate) fn check_outputs(outs: &Outputs, format: Format) -> Result<(), AppError> {
    // A workbook is bytes no terminal shows: said before anything runs.
    if format == Format::Xlsx && outs.output.is_none() {
        return Err(AppError::Output(OutputError::NeedsFile));
    }
    crate::output::distinct(&[
        ("--output", outs.output.as_deref()),
        ("--trace", outs.trace.as_deref()),
        ("--manifest", outs.manifest.as_deref()),
    ])
    .map_err(AppError::Output)
}

/// Data warnings as the error stream and the manifest show them.
pub(crate) fn data_warnings(noticed: &[DataError], lang: Lang) -> Vec<String> {
    noticed.iter().map(|w| format!("{} {}", lang.pick("cảnh báo:", "warning:"), w.render(lang))).collect()
}

/// The temporary file a result is written into as it is made, beside
/// `path` (refused when `path` is one of the run's inputs), synced as it
/// is written.
pub(crate) fn begin_output(
    pack: &crate::pack::Pack,
    path: &std::path::Path,
    data_files: &[PathBuf],
) -> Result<crate::output::Pending, AppError> {
    let mut inputs = pack.input_files();
    inputs.extend(data_files.iter().cloned());
    let mut tmp = crate::output::begin(path, &inputs).map_err(AppError::Output)?;
    tmp.sync_as_written();
    Ok(tmp)
}
