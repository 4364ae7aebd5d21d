//! `thidua check`: streamed or in memory.

use super::error::AppError;
use super::needs::datasets_for;
use super::run::{
    check_outputs, data_warnings, finish, report_fingerprint, run_options, xlsx_error, RunArgs, RunOutput,
};
use super::{load_pack, resolve_as_of};
use crate::compile::CompiledPack;
use crate::data::{self, DataError, DataErrorKind, Key, Table};
use crate::eval::{self, CheckOptions};
use crate::i18n::Lang;
use crate::limits::DataLimits;
use crate::location::Location;
use crate::output::OutputError;
use crate::pack::{self, PackError};
use crate::report::check::CheckReport;
use crate::report::Format;
use chrono::NaiveDate;
use indexmap::IndexMap;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub struct CheckArgs {
    pub run: RunArgs,
    pub awards: Vec<String>,
    /// `--subject`: only these subjects' results.
    pub subjects: Vec<Key>,
    pub by_decider: bool,
    /// CSV: one row per subject, one column per award.
    pub by_subject: bool,
}

/// The awards to evaluate: those asked for (their data must be given), or,
/// when none is named, every award whose data was given — a commune checking
/// its officials need not supply household data.
/// The awards a run checks, and the warnings for those it leaves out for
/// lack of data (named ones are errors instead).
pub(crate) fn awards_to_check(
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
            let name = args.run.lang.pick_text(&a.name, a.name_en.as_deref());
            let data = m.iter().map(|d| format!("--data {d}=…")).collect::<Vec<_>>().join(" ");
            skipped.push(match args.run.lang {
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
pub(crate) fn read_tables(
    cp: &CompiledPack,
    files: &IndexMap<String, PathBuf>,
    limits: &DataLimits,
    carried: &data::carry::Carried,
) -> Result<IndexMap<String, Table>, AppError> {
    let mut errs = Vec::new();
    let mut tables = IndexMap::new();
    for (ds_id, path) in files {
        let ds = &cp.pack.datasets[ds_id];
        match data::carry::read(ds, path, &data::table::key_columns(ds), limits, carried) {
            Ok(t) => {
                tables.insert(ds_id.clone(), t);
            }
            Err(mut e) => errs.append(&mut e),
        }
    }
    errs.extend(data::links::check(&cp.pack, &tables));
    errs.extend(data::years::check(&cp.pack, &tables));
    if !errs.is_empty() {
        return Err(AppError::Data(errs));
    }
    Ok(tables)
}

/// `thidua check`: returns the report, or writes it to `--output` and
/// returns an empty string.
pub fn check(args: &CheckArgs) -> Result<String, AppError> {
    check_outputs(&args.run.outputs, args.run.format)?;
    let run = run_check(args, args.run.outputs.trace.is_some())?;
    finish(run, &args.run.outputs)
}

/// The awards a report shows, as indices in pack order.
pub(crate) fn reported_awards(cp: &CompiledPack, ids: &[String]) -> Vec<usize> {
    (0..cp.pack.awards.len()).filter(|&i| ids.contains(&cp.pack.awards[i].id)).collect()
}

/// What `check` produced: a CSV the pipeline rendered as it went (in memory,
/// or already in the temporary file beside `--output`), or the results for a
/// report.
pub(crate) enum Checked {
    Rendered { text: Vec<u8>, written: Option<crate::output::Pending>, warnings: Vec<DataError>, matched: Vec<Key> },
    Results(eval::Outcome, Vec<DataError>, Vec<Key>),
}

/// Runs the pipeline: CSV is rendered as it goes (to the temporary output file
/// when there is one: a national result never has to fit in memory); other
/// formats get the results.
pub(crate) fn check_streamed(
    job: &crate::pipeline::Job,
    args: &CheckArgs,
    record_inputs: bool,
    data_files: &[PathBuf],
) -> Result<Checked, AppError> {
    use crate::pipeline::{Failure, Render};
    let pack = &job.cp.pack;
    let table = crate::report::check::SubjectTable::new(pack, &job.reported);
    let shown = crate::report::check::shown_ids(pack, &job.reported);
    let (render, head) = match (args.run.format, args.by_subject) {
        (Format::Csv, true) => (Render::BySubject(&table), table.head(pack, args.run.lang)),
        (Format::Csv, false) => (
            Render::Long { explain: args.run.explain, shown: &shown },
            crate::report::check::csv_head_shown(args.run.lang, &shown),
        ),
        (Format::Json, _) if !args.by_decider => (Render::Json, Vec::new()),
        _ => (Render::Results { record_inputs }, Vec::new()),
    };
    let out_path = args.run.outputs.output.clone().unwrap_or_default();
    let failure = |f: Failure| match f {
        Failure::Data(e) => AppError::Data(e),
        Failure::Eval(e) => AppError::Eval(e),
        Failure::Write(e) => AppError::Output(OutputError::Write { path: out_path.clone(), detail: e.to_string() }),
    };
    // Only a regular file is streamed into: a device or pipe is written
    // through when the run is done.
    let replaced = args.run.outputs.output.as_deref().map(crate::output::target);
    if let Render::Json = render {
        return json_streamed(job, &render, replaced, data_files, &failure);
    }
    match (replaced, &render) {
        (_, Render::Results { .. }) => {
            let judged = crate::pipeline::run(job, &render, &mut Vec::new()).map_err(failure)?;
            Ok(Checked::Results(
                eval::Outcome { as_of: job.as_of, results: judged.results },
                judged.warnings,
                judged.matched,
            ))
        }
        (Some(crate::output::Target::Replace(path)), _) => {
            let mut tmp = super::run::begin_output(pack, &path, data_files)?;
            let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
            std::io::Write::write_all(&mut w, &head).map_err(|e| failure(Failure::Write(e)))?;
            let judged = crate::pipeline::run(job, &render, &mut w).map_err(failure)?;
            std::io::Write::flush(&mut w).map_err(|e| failure(Failure::Write(e)))?;
            drop(w);
            Ok(Checked::Rendered {
                text: Vec::new(),
                written: Some(tmp),
                warnings: judged.warnings,
                matched: judged.matched,
            })
        }
        (_, _) => {
            let mut text = head;
            let judged = crate::pipeline::run(job, &render, &mut text).map_err(failure)?;
            Ok(Checked::Rendered { text, written: None, warnings: judged.warnings, matched: judged.matched })
        }
    }
}

/// A JSON check rendered as the rows are judged: memory holds a window of
/// rows, never every result. The elements wait in an unnamed temporary
/// file, since the summary that opens the document counts them; then the
/// document is written whole, to the temporary file beside `--output` or
/// to memory for standard output.
fn json_streamed(
    job: &crate::pipeline::Job,
    render: &crate::pipeline::Render,
    replaced: Option<crate::output::Target>,
    data_files: &[PathBuf],
    failure: &dyn Fn(crate::pipeline::Failure) -> AppError,
) -> Result<Checked, AppError> {
    use crate::pipeline::Failure;
    use std::io::{Read, Seek, Write};
    let io = |e: std::io::Error| failure(Failure::Write(e));
    let mut spill = tempfile::tempfile().map_err(io)?;
    let judged = {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, &mut spill);
        let judged = crate::pipeline::run(job, render, &mut w).map_err(failure)?;
        w.flush().map_err(io)?;
        judged
    };
    let (open, close) =
        crate::report::check::json_frame(&job.cp.pack, job.lang, job.as_of, judged.checks, judged.eligible);
    // The first element's separator (`,\n`) is not written.
    spill.seek(std::io::SeekFrom::Start(2.min(spill.metadata().map_err(io)?.len()))).map_err(io)?;
    match replaced {
        Some(crate::output::Target::Replace(path)) => {
            let mut tmp = super::run::begin_output(&job.cp.pack, &path, data_files)?;
            let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
            w.write_all(&open).map_err(io)?;
            std::io::copy(&mut spill, &mut w).map_err(io)?;
            w.write_all(&close).map_err(io)?;
            w.flush().map_err(io)?;
            drop(w);
            Ok(Checked::Rendered {
                text: Vec::new(),
                written: Some(tmp),
                warnings: judged.warnings,
                matched: judged.matched,
            })
        }
        _ => {
            let mut text = open;
            spill.read_to_end(&mut text).map_err(io)?;
            text.extend_from_slice(&close);
            Ok(Checked::Rendered { text, written: None, warnings: judged.warnings, matched: judged.matched })
        }
    }
}

/// The `--subject` keys the datasets of the `needed` awards hold.
fn subjects_in(cp: &CompiledPack, tables: &IndexMap<String, Table>, needed: &[usize], asked: &[Key]) -> Vec<Key> {
    let mut found = Vec::new();
    for (id, t) in tables {
        let Some(ds) = cp.pack.datasets.get(id).filter(|_| needed.iter().any(|&a| cp.pack.awards[a].dataset_id == *id))
        else {
            continue;
        };
        let Some(k) = ds.column_index(&ds.key) else { continue };
        found.extend(t.rows.iter().map(|r| Key::of(&r.values[k])).filter(|key| asked.contains(key)));
    }
    found
}

/// A `--subject` key no data file holds is refused: a misspelt key would otherwise print an empty report that passes for
/// "nobody to check".
fn unknown_subjects(cp: &CompiledPack, args: &CheckArgs, matched: &[Key], data: &[PathBuf]) -> Result<(), AppError> {
    let missing: Vec<&Key> = args.subjects.iter().filter(|k| !matched.contains(k)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let at = data.first().map(crate::location::Location::file).unwrap_or_else(|| {
        crate::location::Location::file(
            cp.pack.files.first().map(PathBuf::as_path).unwrap_or(std::path::Path::new(".")),
        )
    });
    Err(AppError::Data(
        missing
            .into_iter()
            .map(|k| DataError::new(at.clone(), data::DataErrorKind::UnknownSubject { key: k.as_str().to_string() }))
            .collect(),
    ))
}

/// Evaluates eligibility and renders the report; writes nothing.
pub fn run_check(args: &CheckArgs, want_trace: bool) -> Result<RunOutput, AppError> {
    run_check_on(&load_pack(&args.run.pack, &args.run.limits)?, args, want_trace)
}

/// [`run_check`] on a pack already loaded from `args.run.pack` (the server keeps
/// its packs compiled).
pub fn run_check_on(cp: &CompiledPack, args: &CheckArgs, want_trace: bool) -> Result<RunOutput, AppError> {
    for id in &args.awards {
        if cp.pack.award(id).is_none() {
            let e = PackError::new(
                Location::file(&cp.pack.files[0]),
                pack::PackErrorKind::Unknown {
                    what: pack::err::Thing::Award,
                    name: id.clone(),
                    suggestion: crate::ground::names::suggest(id, cp.pack.awards.iter().map(|a| a.id.as_str())),
                },
            );
            return Err(AppError::Usage(vec![e]));
        }
    }
    let files = data::files::assign(&cp.pack, &args.run.data).map_err(AppError::Data)?;
    let (awards, warnings) = awards_to_check(cp, args, &files)?;
    let as_of = resolve_as_of(cp, args.run.as_of)?;
    eval::check_in_force(cp, as_of).map_err(|e| AppError::Eval(vec![e]))?;
    let mut needed: Vec<usize> = eval::needed_awards(cp, &Some(awards.clone())).into_iter().collect();
    needed.sort();
    let reported = reported_awards(cp, &awards);
    let record_inputs = args.run.explain || args.run.format == Format::Json || want_trace;
    let data_files: Vec<PathBuf> = files.values().cloned().collect();
    // Awards judged one row at a time stream through the pipeline; quotas,
    // roll-ups and history need every row at once, and so does a row per
    // subject over several datasets (a person may be in each).
    let datasets: std::collections::HashSet<&str> =
        needed.iter().map(|&i| cp.pack.awards[i].dataset_id.as_str()).collect();
    let merge_subjects = args.by_subject && datasets.len() > 1;
    let in_memory = want_trace || merge_subjects || args.run.keep_results || !args.run.carried.is_empty();
    let checked = if eval::batch::streamable(cp, &needed) && !in_memory {
        let job = crate::pipeline::Job {
            cp,
            files: &files,
            needed,
            reported: reported.clone(),
            subjects: (!args.subjects.is_empty()).then(|| args.subjects.clone()),
            as_of,
            lang: args.run.lang,
            limits: &args.run.data_limits,
        };
        check_streamed(&job, args, record_inputs, &data_files)?
    } else {
        let tables = read_tables(cp, &files, &args.run.data_limits, &args.run.carried)?;
        let opts = CheckOptions {
            as_of,
            awards: Some(awards.clone()),
            subjects: (!args.subjects.is_empty()).then(|| args.subjects.clone()),
            record_inputs,
        };
        let noticed = tables.values().flat_map(|t| t.warnings.iter().cloned()).collect();
        let matched = subjects_in(cp, &tables, &needed, &args.subjects);
        Checked::Results(eval::check(cp, &tables, &opts).map_err(AppError::Eval)?, noticed, matched)
    };
    let (rendered, outcome, noticed) = match checked {
        Checked::Rendered { text, written, warnings, matched } => {
            unknown_subjects(cp, args, &matched, &data_files)?;
            (Some((text, written)), eval::Outcome { as_of, results: Vec::new() }, warnings)
        }
        Checked::Results(o, warnings, matched) => {
            unknown_subjects(cp, args, &matched, &data_files)?;
            (None, o, warnings)
        }
    };
    let mut warnings = warnings;
    warnings.extend(data_warnings(&noticed, args.run.lang));
    let options = check_options(args, as_of);
    let report = CheckReport {
        pack: &cp.pack,
        outcome: &outcome,
        lang: args.run.lang,
        explain: args.run.explain,
        by_decider: args.by_decider,
        by_subject: args.by_subject,
        columns: reported,
        fingerprint: report_fingerprint(&args.run.outputs, args.run.format, &cp.pack, &data_files, &options),
    };
    let (text, written) = match (rendered, args.run.format) {
        (Some(done), _) => done,
        (None, Format::Xlsx) => (crate::report::xlsx::check(&report).map_err(xlsx_error)?, None),
        // JSON into a file is written as it is rendered, result by result:
        // the document of a national file never has to fit in memory.
        (None, Format::Json) => match args.run.outputs.output.as_deref().map(crate::output::target) {
            Some(crate::output::Target::Replace(path)) => {
                let mut tmp = super::run::begin_output(&cp.pack, &path, &data_files)?;
                let write_error = |e: std::io::Error| {
                    AppError::Output(OutputError::Write { path: path.clone(), detail: e.to_string() })
                };
                let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
                crate::report::check::write_json(&report, &mut w).map_err(write_error)?;
                std::io::Write::flush(&mut w).map_err(write_error)?;
                drop(w);
                (Vec::new(), Some(tmp))
            }
            _ => (crate::report::check::render(&report, Format::Json).into_bytes(), None),
        },
        (None, f) => (crate::report::check::render(&report, f).into_bytes(), None),
    };
    let trace = want_trace.then(|| crate::audit::trace::check(&cp.pack, &outcome, args.run.lang));
    Ok(RunOutput {
        text,
        written,
        trace,
        results: args.run.keep_results.then_some(super::run::StepResults::Check(outcome)),
        pack_files: cp.pack.input_files(),
        data_files,
        pack_id: cp.pack.id.clone(),
        pack_version: cp.pack.version.clone(),
        options,
        warnings,
        recorded: args.run.outputs.recorded.clone(),
    })
}

/// The options a `check` records: every field of its arguments is either
/// recorded or named here as not deciding the result, so a new flag cannot
/// be forgotten by the manifest (the compiler asks).
pub fn check_options(args: &CheckArgs, as_of: NaiveDate) -> crate::audit::manifest::Options {
    let CheckArgs { run, awards, subjects, by_decider, by_subject } = args;
    crate::audit::manifest::Options {
        by_decider: *by_decider,
        by_subject: *by_subject,
        awards: awards.clone(),
        subjects: subjects.iter().map(|k| k.as_str().to_string()).collect(),
        ..run_options("check", run, as_of)
    }
}
