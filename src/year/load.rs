//! Reads a year file and checks it against its packs: every step's pack
//! loads, every name a step reads is produced by an earlier step, and every
//! column a step takes can hold what it is given. Nothing is evaluated.

use super::model::{Field, Step, StepFile, StepKind, Take, Year, YearFile};
use crate::compile::CompiledPack;
use crate::ground::names::suggest;
use crate::pack::err::{CarriedNeed, Thing};
use crate::pack::source::{read_yaml, typed, Source};
use crate::pack::{ColumnType, PackError, PackErrorKind as K};
use crate::script::ScriptLimits;
use std::path::Path;

/// The year in `file`, with each step's compiled pack; every mistake found,
/// each at its place.
pub fn load(file: &Path, limits: &ScriptLimits) -> Result<(Year, Vec<CompiledPack>), Vec<PackError>> {
    let root = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let (src, value) = read_yaml(root, file).map_err(|e| vec![e])?;
    let raw: YearFile = typed(&src, "", value).map_err(|e| vec![e])?;
    let mut errs = Vec::new();
    let mut steps: Vec<Step> = Vec::new();
    let mut packs: Vec<CompiledPack> = Vec::new();
    for (i, s) in raw.steps.iter().enumerate() {
        let base = format!("steps[{i}]");
        if let Some(first) = raw.steps[..i].iter().position(|o| o.id == s.id) {
            let first = src.value_loc(&format!("steps[{first}].id"));
            errs.push(PackError::new(
                src.value_loc(&format!("{base}.id")),
                K::Duplicate { what: Thing::Step, id: s.id.clone(), first },
            ));
        }
        let (kind, pack) = match (&s.check, &s.score) {
            (Some(p), None) => (StepKind::Check, p),
            (None, Some(p)) => (StepKind::Score, p),
            _ => {
                errs.push(PackError::new(src.loc(&base), K::StepKind(s.id.clone())));
                continue;
            }
        };
        for (option, given) in [("scorecard", s.scorecard.is_some()), ("awards", !s.awards.is_empty())] {
            if given && (option == "scorecard") != (kind == StepKind::Score) {
                errs.push(PackError::new(
                    src.loc(&format!("{base}.{option}")),
                    K::StepOption { step: s.id.clone(), option },
                ));
            }
        }
        let dir = root.join(pack);
        let cp = match crate::pack::load::load_partial(&dir) {
            Ok((p, e)) => match crate::compile::compile_with(p, limits, e) {
                Ok(cp) => cp,
                Err(mut e) => {
                    errs.append(&mut e);
                    continue;
                }
            },
            Err(e) => {
                errs.push(e);
                continue;
            }
        };
        let takes = takes(&src, &base, s, &cp, (&raw.steps[..i], &raw.steps[i..], &packs), &mut errs);
        let data = s.data.iter().map(|d| relative_to(root, d)).collect();
        steps.push(Step {
            id: s.id.clone(),
            name: s.name.clone().unwrap_or_else(|| s.id.clone()),
            kind,
            pack: dir,
            scorecard: s.scorecard.clone(),
            awards: s.awards.clone(),
            data,
            takes,
        });
        packs.push(cp);
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok((Year { file: file.to_path_buf(), id: raw.id, title: raw.title, as_of: raw.as_of, steps }, packs))
}

/// `FILE` or `DATASET=FILE`, its file made relative to the year file's folder.
fn relative_to(root: &Path, given: &str) -> String {
    match given.split_once('=') {
        Some((ds, f)) if crate::ground::names::is_id(ds) => format!("{ds}={}", root.join(f).display()),
        _ => root.join(given).display().to_string(),
    }
}

/// The columns step `s` takes from earlier steps (`before`, with their
/// packs), each checked: the dataset and column exist, the step is earlier,
/// it gives that field, and the column's type holds it. `later` is this
/// step and those after it.
fn takes(
    src: &Source,
    base: &str,
    s: &StepFile,
    cp: &CompiledPack,
    (before, later, packs): (&[StepFile], &[StepFile], &[CompiledPack]),
    errs: &mut Vec<PackError>,
) -> Vec<Take> {
    let mut out = Vec::new();
    for (ds_id, columns) in &s.from {
        let at = src.loc(&format!("{base}.from.{ds_id}"));
        let Some(ds) = cp.pack.datasets.get(ds_id) else {
            let suggestion = suggest(ds_id, cp.pack.datasets.keys().map(String::as_str));
            errs.push(PackError::new(at, K::Unknown { what: Thing::Dataset, name: ds_id.clone(), suggestion }));
            continue;
        };
        for (column, written) in columns {
            let at = src.value_loc(&format!("{base}.from.{ds_id}.{column}"));
            if *column == ds.key {
                let needs = CarriedNeed::NotTheKey;
                errs.push(PackError::new(at, K::CarriedType { column: column.clone(), from: written.clone(), needs }));
                continue;
            }
            let Some(col) = ds.columns.get(column) else {
                let suggestion = suggest(column, ds.columns.keys().map(String::as_str));
                errs.push(PackError::new(at, K::Unknown { what: Thing::Column, name: column.clone(), suggestion }));
                continue;
            };
            let (step_id, field) = written.split_once('.').unwrap_or((written.as_str(), ""));
            let Some(si) = before.iter().position(|b| b.id == step_id) else {
                let kind = match later.iter().any(|b| b.id == step_id) {
                    true => K::NotEarlier { step: s.id.clone(), reads: step_id.to_string() },
                    false => {
                        let suggestion = suggest(step_id, before.iter().map(|b| b.id.as_str()));
                        K::Unknown { what: Thing::Step, name: step_id.to_string(), suggestion }
                    }
                };
                errs.push(PackError::new(at, kind));
                continue;
            };
            let Some(earlier) = packs.get(si) else { continue }; // its pack had errors, reported there
                                                                 // A check step gives the awards it reports: those it names, else
                                                                 // every award of its pack but the internal ones.
            let given = |a: &crate::pack::Award| match before[si].awards.is_empty() {
                true => !a.internal,
                false => before[si].awards.contains(&a.id),
            };
            let field = match (before[si].score.is_some(), field) {
                (true, f) => Field::SCORE.iter().find(|(n, _)| *n == f).map(|(_, x)| x.clone()),
                (false, f) => earlier.pack.award(f).filter(|a| given(a)).map(|a| Field::Award(a.id.clone())),
            };
            let Some(field) = field else {
                let known: Vec<&str> = match before[si].score.is_some() {
                    true => Field::SCORE.iter().map(|(n, _)| *n).collect(),
                    false => earlier.pack.awards.iter().filter(|a| given(a)).map(|a| a.id.as_str()).collect(),
                };
                let name = written.split_once('.').map_or("", |x| x.1);
                errs.push(PackError::new(
                    at,
                    K::Unknown {
                        what: Thing::StepField,
                        name: name.to_string(),
                        suggestion: suggest(name, known.iter().copied()),
                    },
                ));
                continue;
            };
            if let Some(needs) = type_problem(&field, col, earlier, before[si].scorecard.as_deref()) {
                errs.push(PackError::new(at, K::CarriedType { column: column.clone(), from: written.clone(), needs }));
                continue;
            }
            out.push(Take {
                dataset: ds_id.clone(),
                column: column.clone(),
                step: si,
                field,
                written: written.clone(),
            });
        }
    }
    out
}

/// What a column must be declared to hold `field`, when it cannot.
fn type_problem(
    field: &Field,
    col: &crate::pack::Column,
    earlier: &CompiledPack,
    scorecard: Option<&str>,
) -> Option<CarriedNeed> {
    let sc = match scorecard {
        Some(id) => earlier.pack.scorecards.iter().find(|s| s.id == id),
        None => earlier.pack.scorecards.first(),
    };
    let choice_holds = |ids: Vec<&str>| {
        col.ty == ColumnType::Text
            || (col.ty == ColumnType::Enum && ids.iter().all(|i| col.values.iter().any(|v| v == i)))
    };
    match field {
        Field::Award(_) if col.ty != ColumnType::Bool => Some(CarriedNeed::Bool),
        Field::Total if col.ty != ColumnType::Decimal => Some(CarriedNeed::Decimal),
        Field::Rank if col.ty != ColumnType::Int || !col.optional => Some(CarriedNeed::OptionalInt),
        Field::Band
            if !col.optional
                || !choice_holds(sc.map(|s| s.bands.iter().map(|b| b.id.as_str()).collect()).unwrap_or_default()) =>
        {
            Some(CarriedNeed::OptionalBand)
        }
        Field::Proposal
            if !col.optional
                || !choice_holds(
                    sc.map(|s| s.proposals.iter().map(|p| p.award.as_str()).collect()).unwrap_or_default(),
                ) =>
        {
            Some(CarriedNeed::OptionalProposal)
        }
        _ => None,
    }
}
