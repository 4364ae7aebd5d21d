//! `thidua run nam-2024.yaml --output ho-so-2024/`: a council's year, step
//! by step, into one dossier. Each step is the `check` or `score` a user
//! would run, over its data and the columns it takes from earlier steps;
//! its report goes to its own folder in three forms (CSV, HTML, xlsx).
//! Then the list of proposals by deciding authority, the year's titles as
//! next year's history, and one manifest over every input and output.
//! The dossier is built beside its place and moved in whole.

use super::error::AppError;
use super::run::{Outputs, RunArgs, StepResults};
use super::{CheckArgs, ScoreArgs};
use crate::audit::manifest::{engine, FileHash, PackInfo};
use crate::compile::CompiledPack;
use crate::data::carry::{Carried, CarriedColumn};
use crate::data::{Key, Value};
use crate::i18n::Lang;
use crate::limits::DataLimits;
use crate::output::OutputError;
use crate::report::year::{Held, Proposed, Summary};
use crate::report::Format;
use crate::script::ScriptLimits;
use crate::year::{Field, StepKind, Year};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct YearArgs {
    pub file: PathBuf,
    pub output: PathBuf,
    pub lang: Lang,
    pub limits: ScriptLimits,
    pub data_limits: DataLimits,
}

/// The name a year's manifest has in its dossier.
pub const MANIFEST: &str = "manifest.json";

/// One step as the year's manifest records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepRecord {
    pub id: String,
    pub command: String,
    pub pack: PackInfo,
    pub data: Vec<FileHash>,
    /// Columns taken from earlier steps: `dataset.column ← step.field`.
    pub takes: Vec<String>,
    pub outputs: Vec<FileHash>,
}

/// The manifest of a year: what `thidua verify` re-runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearManifest {
    pub kind: String,
    pub engine: crate::audit::manifest::Engine,
    pub year_file: FileHash,
    pub as_of: String,
    pub lang: String,
    pub steps: Vec<StepRecord>,
    pub outputs: Vec<FileHash>,
    /// The sha256 of everything above: the verification code on every page.
    pub code: String,
}

/// Runs the year and writes its dossier; returns what to print.
pub fn run_year(args: &YearArgs) -> Result<String, AppError> {
    let (year, packs) = crate::year::load(&args.file, &args.limits).map_err(AppError::Pack)?;
    let staging = staging_dir(&args.output)?;
    let recorded = year_path_from(&args.file, &args.output);
    let result = build(args, &year, &packs, &staging, &recorded);
    match result {
        Ok(text) => {
            move_into_place(&staging, &args.output)?;
            Ok(text)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(e)
        }
    }
}

/// Runs every step and writes the dossier into `dir`.
pub(crate) fn build(
    args: &YearArgs,
    year: &Year,
    packs: &[CompiledPack],
    dir: &Path,
    year_path: &str,
) -> Result<String, AppError> {
    let lang = args.lang;
    let mut kept: Vec<StepResults> = Vec::new();
    let mut records = Vec::new();
    let mut summary = Summary { title: year.title.clone(), as_of: year.as_of, proposed: Vec::new() };
    let mut titles: Vec<Held> = Vec::new();
    for (i, (step, cp)) in year.steps.iter().zip(packs).enumerate() {
        let carried = carried(step, year, packs, &kept);
        let folder = format!("{:02}-{}", i + 1, step.id);
        std::fs::create_dir_all(dir.join(&folder)).map_err(|e| write_error(&dir.join(&folder), e))?;
        let mut outputs = Vec::new();
        let mut results = None;
        let mut data_files = Vec::new();
        for format in [Format::Csv, Format::Html, Format::Xlsx] {
            let run = RunArgs {
                pack: step.pack.clone(),
                data: step.data.clone(),
                as_of: Some(year.as_of),
                format,
                explain: false,
                outputs: Outputs::default(),
                lang,
                limits: args.limits,
                data_limits: args.data_limits.clone(),
                carried: carried.clone(),
                keep_results: format == Format::Csv,
            };
            let out = match step.kind {
                StepKind::Check => super::run_check_on(
                    cp,
                    &CheckArgs {
                        run,
                        awards: step.awards.clone(),
                        subjects: vec![],
                        by_decider: false,
                        by_subject: false,
                    },
                    false,
                )?,
                StepKind::Score => super::run_score_on(
                    cp,
                    &ScoreArgs { run, scorecard: step.scorecard.clone(), groups: vec![], stage: None },
                    false,
                )?,
            };
            let name = format!("{folder}/ket-qua.{}", extension(format));
            write(&dir.join(&name), &out.text)?;
            outputs.push(name);
            data_files = out.data_files;
            if out.results.is_some() {
                results = out.results;
            }
        }
        let Some(results) = results else { continue };
        collect(cp, step, &results, &mut summary, &mut titles);
        records.push(StepRecord {
            id: step.id.clone(),
            command: match step.kind {
                StepKind::Check => "check".into(),
                StepKind::Score => "score".into(),
            },
            pack: pack_info(cp),
            data: crate::audit::manifest::hash_files_as(data_files.iter().map(PathBuf::as_path), |p| {
                shown(p, &year.file)
            }),
            takes: step.takes.iter().map(|t| format!("{}.{} ← {}", t.dataset, t.column, t.written)).collect(),
            outputs: hash_outputs(dir, &outputs),
        });
        kept.push(results);
    }
    let done = Done { summary, titles, records };
    finish(dir, year, done, year_path, lang)
}

/// What the steps gave the dossier's closing files.
struct Done {
    summary: Summary,
    titles: Vec<Held>,
    records: Vec<StepRecord>,
}

/// The lists, the history register, the manifest and its code, the pages
/// that print the code; returns what the command prints.
fn finish(dir: &Path, year: &Year, done: Done, year_path: &str, lang: Lang) -> Result<String, AppError> {
    let Done { summary, titles, records } = done;
    let mut outputs = vec!["tong-hop.csv".to_string(), "tong-hop.html".to_string()];
    write(&dir.join("tong-hop.csv"), crate::report::year::csv(&summary, lang).as_bytes())?;
    let history = crate::report::year::history(&titles, year.as_of);
    for (dataset, text) in &history {
        let name = format!("lich-su-{}/{dataset}.csv", year.as_of.format("%Y"));
        std::fs::create_dir_all(dir.join(format!("lich-su-{}", year.as_of.format("%Y"))))
            .map_err(|e| write_error(dir, e))?;
        write(&dir.join(&name), text.as_bytes())?;
        outputs.push(name);
    }
    let mut manifest = YearManifest {
        kind: "year".into(),
        engine: engine(),
        year_file: FileHash {
            path: year_path.to_string(),
            sha256: crate::audit::sha256_file(&year.file).unwrap_or_default(),
        },
        as_of: year.as_of.to_string(),
        lang: lang.code().into(),
        steps: records,
        outputs: Vec::new(),
        code: String::new(),
    };
    // The code covers every input and every step's output; the summary
    // prints it, so it is the one output written after it is known.
    manifest.outputs = hash_outputs(dir, &outputs[..1]);
    manifest.outputs.extend(hash_outputs(dir, &outputs[2..]));
    manifest.code = code(&manifest);
    write(&dir.join("tong-hop.html"), crate::report::year::html(&summary, &manifest.code, lang).as_bytes())?;
    let book = crate::report::year::xlsx(&summary, &manifest.code, lang).map_err(super::run::xlsx_error)?;
    write(&dir.join("tong-hop.xlsx"), &book)?;
    outputs.push("tong-hop.xlsx".into());
    // A draft decision for each authority, its lists attached.
    std::fs::create_dir_all(dir.join("du-thao-quyet-dinh")).map_err(|e| write_error(dir, e))?;
    for i in 0..crate::report::year::authorities(&summary) {
        let name = format!("du-thao-quyet-dinh/{:02}.html", i + 1);
        let html = crate::report::year::decision_html(&summary, i, &manifest.code, lang);
        write(&dir.join(&name), html.as_bytes())?;
        outputs.push(name);
    }
    manifest.outputs = hash_outputs(dir, &outputs);
    let json = serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n";
    write(&dir.join(MANIFEST), json.as_bytes())?;
    Ok(crate::report::year::text(&summary, &manifest.code, lang))
}

/// The year file's path as the dossier's manifest records it: from the
/// dossier's folder, so that `verify` finds it wherever both are moved to.
fn year_path_from(file: &Path, output: &Path) -> String {
    let abs = |p: &Path| p.canonicalize().ok();
    let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let out = abs(parent).map(|p| p.join(output.file_name().unwrap_or_default()));
    match (abs(file), out) {
        (Some(f), Some(o)) => {
            pathdiff::diff_paths(f, o).map_or_else(|| file.display().to_string(), |r| r.display().to_string())
        }
        _ => file.display().to_string(),
    }
}

/// The sha256 of a manifest without its code.
pub fn code(m: &YearManifest) -> String {
    let mut m = m.clone();
    m.code = String::new();
    // The pages that print the code cannot be hashed into it.
    m.outputs.retain(|o| !o.path.starts_with("tong-hop.") || o.path == "tong-hop.csv");
    m.outputs.retain(|o| !o.path.starts_with("du-thao-quyet-dinh/"));
    crate::audit::sha256(serde_json::to_string(&m).unwrap_or_default().as_bytes())
}

/// The columns `step` takes, from the results kept of earlier steps.
fn carried(step: &crate::year::Step, year: &Year, packs: &[CompiledPack], kept: &[StepResults]) -> Carried {
    let mut out = Carried::default();
    for t in &step.takes {
        let (Some(results), Some(cp)) = (kept.get(t.step), packs.get(t.step)) else { continue };
        let values = match (results, &t.field) {
            (StepResults::Check(o), Field::Award(id)) => o
                .results
                .iter()
                .filter(|r| cp.pack.awards[r.award].id == *id)
                .map(|r| (Key::of(&r.key), Value::Bool(r.eligible)))
                .collect(),
            (StepResults::Score(o), f) => {
                let sc = &cp.pack.scorecards[o.scorecard];
                o.final_stage()
                    .units
                    .iter()
                    .map(|u| {
                        let v = match f {
                            Field::Total => Value::Dec(u.total),
                            Field::Rank => u.rank.map_or(Value::Null, |r| Value::Int(r as i64)),
                            Field::Band => u.band.map_or(Value::Null, |b| Value::text(&sc.bands[b].id)),
                            Field::Proposal => u.proposal.map_or(Value::Null, |p| Value::text(&sc.proposals[p].award)),
                            Field::Award(_) => Value::Null,
                        };
                        (Key::of(&u.key), v)
                    })
                    .collect()
            }
            _ => continue,
        };
        let from = format!("{} ({})", t.written, shown(&year.file, &year.file));
        out.0.entry(t.dataset.clone()).or_default().insert(t.column.clone(), CarriedColumn { from, values });
    }
    out
}

/// What a step's results add to the summary and to next year's history.
fn collect(
    cp: &CompiledPack,
    step: &crate::year::Step,
    results: &StepResults,
    summary: &mut Summary,
    titles: &mut Vec<Held>,
) {
    let pack = &cp.pack;
    match results {
        StepResults::Check(o) => {
            for r in o.results.iter().filter(|r| r.eligible) {
                let a = &pack.awards[r.award];
                let ds = &pack.datasets[r.dataset];
                summary.proposed.push(Proposed {
                    decider: a.decider.clone(),
                    award: a.name.clone(),
                    source: a.source.clone(),
                    key: Key::of(&r.key),
                    name: r.name.as_ref().map(|n| n.render(Lang::Vi)),
                    step: step.name.clone(),
                    pack: pack.title.clone(),
                    quota: r.quota.as_ref().map(|q| (q.group.clone(), q.allowed, q.base)),
                });
                titles.push(Held {
                    dataset: ds.id.clone(),
                    key_column: ds.key.clone(),
                    key: Key::of(&r.key),
                    award: a.id.clone(),
                });
            }
        }
        StepResults::Score(o) => {
            let sc = &pack.scorecards[o.scorecard];
            for u in &o.final_stage().units {
                let Some(p) = u.proposal.map(|p| &sc.proposals[p]) else { continue };
                summary.proposed.push(Proposed {
                    decider: p.decider.clone(),
                    award: p.name.clone(),
                    source: p.source.clone(),
                    key: Key::of(&u.key),
                    name: u.name.clone(),
                    step: step.name.clone(),
                    pack: pack.title.clone(),
                    quota: None,
                });
            }
        }
    }
}

fn pack_info(cp: &CompiledPack) -> PackInfo {
    let files = cp.pack.input_files();
    PackInfo {
        id: cp.pack.id.clone(),
        version: cp.pack.version.clone(),
        files: crate::audit::manifest::hash_files_as(files.iter().map(PathBuf::as_path), |p| {
            shown(p, &cp.pack.dir.join("pack.yaml"))
        }),
    }
}

/// A path as a manifest records it: relative to the folder of `beside`
/// when inside it, so a dossier moved with its inputs still verifies.
fn shown(p: &Path, beside: &Path) -> String {
    let base = beside.parent().unwrap_or(Path::new(""));
    let rel = p.strip_prefix(base).unwrap_or(p);
    rel.display().to_string()
}

fn hash_outputs(dir: &Path, names: &[String]) -> Vec<FileHash> {
    names
        .iter()
        .map(|n| FileHash { path: n.clone(), sha256: crate::audit::sha256_file(&dir.join(n)).unwrap_or_default() })
        .collect()
}

fn extension(f: Format) -> &'static str {
    match f {
        Format::Csv => "csv",
        Format::Html => "html",
        Format::Xlsx => "xlsx",
        Format::Json => "json",
        Format::Md => "md",
        Format::Table => "txt",
    }
}

fn write_error(path: &Path, e: std::io::Error) -> AppError {
    AppError::Output(OutputError::Write { path: path.to_path_buf(), detail: e.to_string() })
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    std::fs::write(path, bytes).map_err(|e| write_error(path, e))
}

/// A fresh folder beside `output`, on the same file system, to build in.
fn staging_dir(output: &Path) -> Result<PathBuf, AppError> {
    let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| write_error(parent, e))?;
    let dir =
        tempfile::Builder::new().prefix(".thidua-year-").tempdir_in(parent).map_err(|e| write_error(parent, e))?;
    Ok(dir.keep())
}

/// Moves the built dossier to `output`. A folder already there is replaced
/// only when it is an earlier dossier (it has a year manifest); anything
/// else is refused, never overwritten.
fn move_into_place(staging: &Path, output: &Path) -> Result<(), AppError> {
    if output.exists() {
        let earlier = output.join(MANIFEST).is_file()
            && std::fs::read_to_string(output.join(MANIFEST)).is_ok_and(|t| t.contains("\"kind\": \"year\""));
        let empty = std::fs::read_dir(output).is_ok_and(|mut d| d.next().is_none());
        if !earlier && !empty {
            let _ = std::fs::remove_dir_all(staging);
            return Err(AppError::Output(OutputError::FolderExists(output.to_path_buf())));
        }
        let old = staging.with_extension("old");
        std::fs::rename(output, &old).map_err(|e| write_error(output, e))?;
        std::fs::rename(staging, output).map_err(|e| write_error(output, e))?;
        let _ = std::fs::remove_dir_all(&old);
        return Ok(());
    }
    std::fs::rename(staging, output).map_err(|e| write_error(output, e))
}
