//! `thidua score`.

use super::error::AppError;
use super::run::{
    check_outputs, data_warnings, finish, report_fingerprint, run_options, xlsx_error, RunArgs, RunOutput,
};
use super::{load_pack, resolve_as_of};
use crate::compile::CompiledPack;
use crate::data::{self, DataError, DataErrorKind, Table};
use crate::limits::DataLimits;
use crate::location::Location;
use crate::pack::{self, PackError};
use crate::report::Format;
use chrono::NaiveDate;
use indexmap::IndexMap;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub struct ScoreArgs {
    pub run: RunArgs,
    pub scorecard: Option<String>,
    /// `--group`: only these clusters.
    pub groups: Vec<crate::data::Key>,
    /// `--stage`: score up to this stage, ranked as final.
    pub stage: Option<String>,
}

/// Which scorecard to run: the one named, or the pack's only one.
pub(crate) fn pick_scorecard(cp: &CompiledPack, id: &Option<String>) -> Result<usize, AppError> {
    let all = &cp.pack.scorecards;
    let found = match id {
        Some(id) => all.iter().position(|s| &s.id == id),
        None if all.len() == 1 => Some(0),
        None => None,
    };
    found.ok_or_else(|| {
        let name = id.clone().unwrap_or_default();
        AppError::Usage(vec![PackError::new(
            Location::file(&cp.pack.files[0]),
            pack::PackErrorKind::NoScorecard {
                name: name.clone(),
                known: all.iter().map(|s| s.id.clone()).collect(),
                suggestion: crate::ground::names::suggest(&name, all.iter().map(|s| s.id.as_str())),
            },
        )])
    })
}

/// `--stage` names one of the scorecard's stages: a mistake in how the
/// command was written, refused before any data is read.
fn check_stage(cp: &CompiledPack, sc: &crate::pack::Scorecard, stage: &Option<String>) -> Result<(), AppError> {
    let Some(name) = stage else { return Ok(()) };
    let known: Vec<String> = sc.stages.as_ref().map(|s| s.order.clone()).unwrap_or_default();
    if known.contains(name) {
        return Ok(());
    }
    Err(AppError::Usage(vec![PackError::new(
        Location::file(&cp.pack.files[0]),
        pack::PackErrorKind::NoStage {
            name: name.clone(),
            suggestion: crate::ground::names::suggest(name, known.iter().map(String::as_str)),
            known,
        },
    )]))
}

/// `thidua score`: the conference table, ranking and proposals.
pub fn score(args: &ScoreArgs) -> Result<String, AppError> {
    check_outputs(&args.run.outputs, args.run.format)?;
    let run = run_score(args, args.run.outputs.trace.is_some())?;
    finish(run, &args.run.outputs)
}

/// The rows a scorecard scores, and the files they came from: its dataset's
/// file, or each file of a scorecard with `join`/`long`, put together.
pub(crate) fn read_scored(
    cp: &CompiledPack,
    sc: &crate::pack::Scorecard,
    files: &IndexMap<String, PathBuf>,
    limits: &DataLimits,
    carried: &data::carry::Carried,
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
        let table = data::carry::read(ds, path, &stage.into_iter().collect::<Vec<_>>(), limits, carried)
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
        match data::carry::read(&cp.pack.datasets[id], path, &keys, limits, carried) {
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
    run_score_on(&load_pack(&args.run.pack, &args.run.limits)?, args, want_trace)
}

/// A `--group` naming no cluster of the data is refused: a misspelt cluster
/// would otherwise print an empty table that passes for "no units".
fn unknown_groups(
    cp: &CompiledPack,
    sc: &crate::pack::Scorecard,
    table: &data::Table,
    groups: &[data::Key],
) -> Result<(), AppError> {
    if groups.is_empty() {
        return Ok(()); // no `--group` given: nothing to look for
    }
    let ds = &cp.pack.datasets[&sc.dataset];
    let Some(g) = sc.group_by.as_ref().and_then(|g| ds.column_index(g)) else { return Ok(()) };
    let present: std::collections::HashSet<data::Key> =
        table.rows.iter().map(|r| data::Key::of(&r.values[g])).collect();
    let errors: Vec<data::DataError> = groups
        .iter()
        .filter(|k| !present.contains(k))
        .map(|k| {
            data::DataError::new(
                Location::file(&table.file),
                data::DataErrorKind::UnknownGroup { key: k.as_str().to_string() },
            )
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Data(errors))
    }
}

/// [`run_score`] on a pack already loaded from `args.run.pack`.
pub fn run_score_on(cp: &CompiledPack, args: &ScoreArgs, want_trace: bool) -> Result<RunOutput, AppError> {
    let si = pick_scorecard(cp, &args.scorecard)?;
    let sc = &cp.pack.scorecards[si];
    check_stage(cp, sc, &args.stage)?;
    let files = data::files::assign(&cp.pack, &args.run.data).map_err(AppError::Data)?;
    let (table, data_files) = read_scored(cp, sc, &files, &args.run.data_limits, &args.run.carried)?;
    unknown_groups(cp, sc, &table, &args.groups)?;
    let as_of = resolve_as_of(cp, args.run.as_of)?;
    let opts = crate::eval::score::ScoreOptions {
        as_of,
        clusters: (!args.groups.is_empty()).then(|| args.groups.clone()),
        record_inputs: args.run.explain || want_trace,
        until: args.stage.clone(),
    };
    let outcome = crate::eval::score::score(cp, si, &table, &opts).map_err(|e| match e {
        crate::eval::score::ScoreError::Data(d) => AppError::Data(d),
        crate::eval::score::ScoreError::Eval(e) => AppError::Eval(e),
    })?;
    // The rows are scored: let them go before the report is made, freed
    // by a worker meanwhile (a national file's rows take milliseconds).
    let warnings = data_warnings(&table.warnings, args.run.lang);
    rayon::spawn(move || drop(table));
    let options = score_options(args, as_of, &sc.id);
    let report = crate::report::score::ScoreReport {
        pack: &cp.pack,
        outcome: &outcome,
        lang: args.run.lang,
        explain: args.run.explain,
        fingerprint: report_fingerprint(&args.run.outputs, args.run.format, &cp.pack, &data_files, &options),
    };
    let (text, written) = match (args.run.format, args.run.outputs.output.as_deref().map(crate::output::target)) {
        (Format::Xlsx, _) => (crate::report::xlsx::score(&report).map_err(xlsx_error)?, None),
        (Format::Csv, Some(crate::output::Target::Replace(path))) => {
            (Vec::new(), Some(write_pieces(cp, &path, &data_files, &report)?))
        }
        (f, _) => (crate::report::score::render(&report, f).into_bytes(), None),
    };
    let trace = want_trace.then(|| crate::audit::trace::score(&cp.pack, &outcome));
    Ok(RunOutput {
        written,
        text,
        trace,
        results: if args.run.keep_results {
            Some(super::run::StepResults::Score(outcome))
        } else {
            // Freed by a worker while the result is made durable.
            rayon::spawn(move || drop(outcome));
            None
        },
        pack_files: cp.pack.input_files(),
        data_files,
        pack_id: cp.pack.id.clone(),
        pack_version: cp.pack.version.clone(),
        options,
        warnings,
        recorded: args.run.outputs.recorded.clone(),
    })
}

/// A sheet written into the temporary file beside `path` piece by piece as
/// it is rendered, each let go once written: a national sheet is never
/// joined in memory.
fn write_pieces(
    cp: &CompiledPack,
    path: &std::path::Path,
    data_files: &[PathBuf],
    report: &crate::report::score::ScoreReport,
) -> Result<crate::output::Pending, AppError> {
    use std::io::Write as _;
    let mut tmp = super::run::begin_output(&cp.pack, path, data_files)?;
    let file = tmp.as_file_mut();
    crate::report::score::csv_pieces(report, &mut |piece| file.write_all(&piece)).map_err(|e| {
        AppError::Output(crate::output::OutputError::Write { path: path.to_path_buf(), detail: e.to_string() })
    })?;
    Ok(tmp)
}

/// The options a `score` records (see [`check_options`]).
pub fn score_options(args: &ScoreArgs, as_of: NaiveDate, scorecard: &str) -> crate::audit::manifest::Options {
    let ScoreArgs { run, scorecard: _ /* recorded resolved */, groups, stage } = args;
    crate::audit::manifest::Options {
        scorecard: Some(scorecard.to_string()),
        stage: stage.clone(),
        groups: groups.iter().map(|k| k.as_str().to_string()).collect(),
        ..run_options("score", run, as_of)
    }
}
