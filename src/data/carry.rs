//! Columns a step of a year takes from an earlier step's results instead of
//! from its file: a collective's members' titles decided this year, a unit's
//! total, rank and band from the cluster's scorecard. The file is read
//! without them, then each row gets its value by key; a row the earlier step
//! gave no value is an error naming the row, never an empty cell.

use super::{DataError, DataErrorKind, Key, Table, Value};
use crate::limits::DataLimits;
use crate::location::Location;
use crate::pack::Dataset;
use indexmap::IndexMap;
use std::collections::HashMap;
use std::path::Path;

/// One carried column: where its values come from (`buoc.truong`, for
/// messages) and each subject's value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CarriedColumn {
    pub from: String,
    pub values: HashMap<Key, Value>,
}

/// The carried columns of each dataset, by dataset and column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Carried(pub IndexMap<String, IndexMap<String, CarriedColumn>>);

impl Carried {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Reads `ds` from `path`, its carried columns from `carried`.
pub fn read(
    ds: &Dataset,
    path: &Path,
    extra: &[&str],
    limits: &DataLimits,
    carried: &Carried,
) -> Result<Table, Vec<DataError>> {
    let Some(given) = carried.0.get(&ds.id).filter(|g| !g.is_empty()) else {
        return super::table::read_csv_keyed(ds, path, extra, limits);
    };
    let mut reduced = ds.clone();
    reduced.columns.retain(|name, _| !given.contains_key(name));
    let read = super::table::read_csv_keyed(&reduced, path, extra, limits)?;
    let mut errors = given_twice(ds, path, given);
    let key_at = reduced.column_index(&ds.key).unwrap_or(0);
    let mut rows = Vec::with_capacity(read.rows.len());
    for row in read.rows {
        let key = Key::of(&row.values[key_at]);
        let mut own = row.values.into_iter();
        let mut values = Vec::with_capacity(ds.columns.len());
        for name in ds.columns.keys() {
            match given.get(name) {
                None => values.push(own.next().unwrap_or(Value::Null)),
                Some(c) => match c.values.get(&key) {
                    Some(v) => values.push(v.clone()),
                    None => {
                        errors.push(DataError::new(
                            Location::cell(path, row.line, name.clone()),
                            DataErrorKind::NoCarriedValue { key: key.as_str().to_string(), from: c.from.clone() },
                        ));
                        values.push(Value::Null);
                    }
                },
            }
        }
        rows.push(super::table::Row { line: row.line, values });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Table { rows, ..read })
}

/// A carried column the file also has: which value counts would be a guess.
fn given_twice(ds: &Dataset, path: &Path, given: &IndexMap<String, CarriedColumn>) -> Vec<DataError> {
    if super::workbook::is_workbook(path) {
        return Vec::new(); // a workbook's header row is not read here
    }
    let Ok(mut r) = csv::ReaderBuilder::new().flexible(true).from_path(path) else { return Vec::new() };
    // Bytes, not text: a legacy encoding still shows its ASCII codes.
    let Ok(headers) = r.byte_headers() else { return Vec::new() };
    let fold = crate::ground::text::fold;
    let written: Vec<String> =
        headers.iter().map(|h| fold(String::from_utf8_lossy(h).trim_start_matches('\u{feff}'))).collect();
    given
        .iter()
        .filter(|(name, _)| ds.columns.get(*name).is_some_and(|c| c.headers(name).any(|h| written.contains(&fold(h)))))
        .map(|(name, c)| {
            DataError::new(
                Location::file(path),
                DataErrorKind::CarriedAndWritten { column: name.clone(), from: c.from.clone() },
            )
        })
        .collect()
}
