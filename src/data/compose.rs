//! The rows a scorecard reads when its data is kept in several files
//! (`join`, `long`): one row per unit (and stage), in the columns of the
//! dataset composed at load (`pack::compose`). Every row of every file must
//! find its unit, and every unit its rows: a misspelt key or criterion code
//! is an error, never a silently empty score.

use super::err::{DataError, DataErrorKind as K};
use super::sink::ErrorSink;
use super::table::{Row, Table};
use super::Value;
use crate::i18n::Lang;
use crate::location::Location;
use crate::pack::{Composition, Dataset, Pack, Part};
use indexmap::IndexMap;
use std::collections::{HashMap, HashSet};

/// The extra key columns each source of `composed` is read with: the stage
/// column where a source has it, and a long form's criterion column.
pub fn key_columns<'a>(pack: &'a Pack, source: &str, stage: Option<&'a str>, c: &'a Composition) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for p in &c.parts {
        if let Part::Long { dataset, criterion, .. } = p {
            if dataset == source {
                out.push(criterion);
            }
        }
    }
    if let Some(s) = stage.filter(|s| pack.datasets.get(source).is_some_and(|d| d.columns.contains_key(*s))) {
        out.push(s);
    }
    out
}

/// Where a source's rows are found by unit: its key column and its stage
/// column, if any.
struct Keys {
    key: usize,
    stage: Option<usize>,
}

impl Keys {
    fn of(d: &Dataset, stage: Option<&str>) -> Keys {
        Keys { key: d.column_index(&d.key).unwrap_or(0), stage: stage.and_then(|s| d.column_index(s)) }
    }
    fn unit<'r>(&self, row: &'r Row) -> (&'r Value, Option<&'r Value>) {
        (&row.values[self.key], self.stage.map(|i| &row.values[i]))
    }
}

/// Joins `tables` (by dataset id: the units and every part) into one table
/// of `composed`.
pub fn compose(
    pack: &Pack,
    composed: &Dataset,
    tables: &IndexMap<String, Table>,
    stage: Option<&str>,
) -> Result<Table, Vec<DataError>> {
    let c = composed.composed.as_ref().expect("a composed dataset");
    let units_ds = &pack.datasets[&c.units];
    let units = &tables[&c.units];
    let uk = Keys::of(units_ds, stage);
    let mut sink = ErrorSink::new(&units.file);
    let mut rows: Vec<Row> = units.rows.clone();
    let known_units: HashSet<&Value> = units.rows.iter().map(|r| &r.values[uk.key]).collect();
    for part in &c.parts {
        let (id, long) = match part {
            Part::Join { dataset, .. } => (dataset, None),
            Part::Long { dataset, criterion, codes, known, .. } => (dataset, Some((criterion, codes, known))),
        };
        let d = &pack.datasets[id];
        let t = &tables[id];
        let k = Keys::of(d, stage);
        let code_idx = long.and_then(|(criterion, ..)| d.column_index(criterion));
        // Each of the part's rows, by unit (and stage) and criterion code.
        let mut found: HashMap<(&Value, Option<&Value>, Option<&str>), &Row> = HashMap::new();
        for r in &t.rows {
            let (key, st) = k.unit(r);
            if !known_units.contains(key) {
                sink.push(DataError::new(
                    Location::cell(&t.file, r.line, &d.key),
                    K::NotAUnit { key: key.render(Lang::Vi), units: units.file.clone() },
                ));
                continue;
            }
            let code = code_idx.map(|i| match &r.values[i] {
                Value::Text(s) => s.as_ref(),
                _ => "",
            });
            if let (Some(code), Some((criterion, _, known))) = (code, long) {
                if !known.iter().any(|x| x == code) {
                    sink.push(DataError::new(
                        Location::cell(&t.file, r.line, criterion.as_str()),
                        K::UnknownCode {
                            code: code.to_string(),
                            suggestion: crate::ground::names::suggest(code, known.iter().map(String::as_str)),
                        },
                    ));
                    continue;
                }
            }
            found.insert((key, st, code), r);
        }
        let columns = match part {
            Part::Join { columns, .. } | Part::Long { columns, .. } => columns,
        };
        let idx: Vec<usize> = columns.iter().filter_map(|n| d.column_index(n)).collect();
        let codes: Vec<Option<&str>> = match long {
            Some((_, codes, _)) => codes.iter().map(|s| Some(s.as_str())).collect(),
            None => vec![None],
        };
        for (row, unit_row) in rows.iter_mut().zip(&units.rows) {
            let (key, st) = uk.unit(unit_row);
            // A part without the stage column holds one row for all stages.
            let st = if k.stage.is_some() { st } else { None };
            for code in &codes {
                match found.get(&(key, st, *code)) {
                    Some(r) => row.values.extend(idx.iter().map(|&i| r.values[i].clone())),
                    None => {
                        sink.push(DataError::new(
                            Location::row(&units.file, unit_row.line),
                            K::NoRowFor {
                                key: key.render(Lang::Vi),
                                code: code.map(str::to_string),
                                file: t.file.clone(),
                            },
                        ));
                        row.values.extend(idx.iter().map(|_| Value::Null));
                    }
                }
            }
        }
    }
    let errors = sink.finish();
    if !errors.is_empty() {
        return Err(errors);
    }
    let warnings = tables.values().flat_map(|t| t.warnings.iter().cloned()).collect();
    Ok(Table { dataset: composed.id.clone(), file: units.file.clone(), rows, warnings })
}
