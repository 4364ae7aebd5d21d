//! Reading a CSV file into a typed [`Table`] checked against a dataset schema.

use super::err::{DataError, DataErrorKind as K};
use super::value::{key_problem, parse_cell, CellProblem, Expected, Value};
use crate::i18n::Lang;
use crate::limits::DataLimits;
use crate::location::Location;
use crate::pack::Dataset;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Rows of one dataset, values in the schema's column order.
#[derive(Debug, Clone)]
pub struct Table {
    pub dataset: String,
    pub file: PathBuf,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone)]
pub struct Row {
    /// The spreadsheet row number (header = 1).
    pub line: usize,
    pub values: Vec<Value>,
}

/// How many errors to report before giving up on a file.
pub const MAX_ERRORS: usize = 50;

/// Collects errors up to [`MAX_ERRORS`], counting the rest.
pub(crate) struct ErrorSink {
    pub errors: Vec<DataError>,
    dropped: usize,
    file: PathBuf,
}

impl ErrorSink {
    pub fn new(file: &Path) -> Self {
        ErrorSink { errors: vec![], dropped: 0, file: file.to_path_buf() }
    }
    pub fn push(&mut self, e: DataError) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(e);
        } else {
            self.dropped += 1;
        }
    }
    pub fn add_dropped(&mut self, n: usize) {
        self.dropped += n;
    }
    /// The errors kept and how many more there were.
    pub fn into_parts(self) -> (Vec<DataError>, usize) {
        (self.errors, self.dropped)
    }
    pub fn finish(mut self) -> Vec<DataError> {
        if self.dropped > 0 {
            self.errors.push(DataError::new(Location::file(&self.file), K::TooManyErrors(self.dropped)));
        }
        self.errors
    }
}

/// Parses one record's cells (by schema column) into values, reporting bad cells.
pub(crate) fn type_cells<'a>(
    ds: &Dataset,
    cells: impl Fn(usize) -> Option<&'a str>,
    file: &Path,
    row: usize,
    sink: &mut ErrorSink,
) -> Option<Vec<Value>> {
    type_cells_with(ds, |i| cells(i).map(|c| (c, None)), |_, name| Location::cell(file, row, name), sink)
}

/// [`type_cells`] where a cell may override its column's number format (a
/// spreadsheet number is always plain) and errors are placed by `locate`.
pub(crate) fn type_cells_with<'a>(
    ds: &Dataset,
    cells: impl Fn(usize) -> Option<(&'a str, Option<crate::pack::NumberFormat>)>,
    locate: impl Fn(usize, &str) -> Location,
    sink: &mut ErrorSink,
) -> Option<Vec<Value>> {
    let mut values = Vec::with_capacity(ds.columns.len());
    let mut ok = true;
    for (i, (name, col)) in ds.columns.iter().enumerate() {
        let (raw, fmt_override) = cells(i).unwrap_or(("", None));
        let fmt = fmt_override.unwrap_or(ds.number_format_of(col));
        match parse_cell(col, fmt, raw) {
            Ok(v) => {
                let bad_key = match &v {
                    Value::Text(t) if *name == ds.key => key_problem(t),
                    _ => None,
                };
                match bad_key {
                    Some(problem) => {
                        ok = false;
                        sink.push(DataError::new(locate(i, name), K::BadKey(problem)));
                    }
                    None => values.push(v),
                }
            }
            Err(p) => {
                ok = false;
                sink.push(cell_error(p, col, fmt, raw, locate(i, name)));
            }
        }
    }
    ok.then_some(values)
}

/// The error for a cell whose text is not a value of its column.
pub(crate) fn cell_error(
    p: CellProblem,
    col: &crate::pack::Column,
    fmt: crate::pack::NumberFormat,
    raw: &str,
    at: Location,
) -> DataError {
    let expected = Expected::of(col, fmt);
    let kind = match p {
        CellProblem::Empty => K::EmptyCell { expected },
        CellProblem::Invalid => K::BadCell { value: raw.trim().to_string(), expected },
    };
    DataError::new(at, kind)
}

/// Reads and types a CSV file for a dataset: UTF-8 with or without BOM, CRLF
/// or LF, quoted fields. Extra columns are ignored; missing ones are errors.
pub fn read_csv(ds: &Dataset, path: &Path) -> Result<Table, Vec<DataError>> {
    read_csv_limited(ds, path, &DataLimits::default())
}

/// [`read_csv`] with explicit limits.
pub fn read_csv_limited(ds: &Dataset, path: &Path, limits: &DataLimits) -> Result<Table, Vec<DataError>> {
    read_csv_keyed(ds, path, &key_columns(ds), limits)
}

/// The columns that, with the key, make a row of `ds` unique: a history's
/// year and titles, the evaluation year.
pub fn key_columns(ds: &Dataset) -> Vec<&str> {
    let mut extra: Vec<&str> = ds
        .history
        .as_ref()
        .map(|h| std::iter::once(h.year.as_str()).chain(h.title_columns().iter().map(String::as_str)).collect())
        .unwrap_or_default();
    // A subject may have a row per evaluation year.
    if let Some(y) = ds.evaluation_year.as_deref().filter(|y| !extra.contains(y)) {
        extra.push(y);
    }
    extra
}

/// Like [`read_csv`]; a key may repeat once per combination of the `extra`
/// columns (one row per unit and scoring stage; per subject, year and title).
pub fn read_csv_keyed(ds: &Dataset, path: &Path, extra: &[&str], limits: &DataLimits) -> Result<Table, Vec<DataError>> {
    if super::workbook::is_workbook(path) {
        return super::workbook::read_workbook(ds, path, limits.sheet.as_deref(), extra, limits);
    }
    collect_rows(ds, path, super::chunked::CsvChunks::open(ds, path, limits)?, extra)
}

/// Reads CSV from memory (tests, fuzzing).
pub fn read_csv_bytes(ds: &Dataset, path: &Path, bytes: &[u8], extra: &[&str]) -> Result<Table, Vec<DataError>> {
    let reader = Box::new(std::io::Cursor::new(bytes.to_vec()));
    collect_rows(ds, path, super::chunked::CsvChunks::from_reader(ds, path, reader, &DataLimits::default())?, extra)
}

/// A key as a duplicate's message shows it: with the values that make a
/// row unique besides the key (year and title, stage, criterion code).
pub(crate) fn key_text(key: &Value, extra: &[Value]) -> String {
    std::iter::once(key).chain(extra).map(|v| v.render(Lang::Vi)).collect::<Vec<_>>().join(" / ")
}

/// Reads every row into memory, in file order, checking that keys (with the
/// `extra` columns) are unique.
fn collect_rows(
    ds: &Dataset,
    path: &Path,
    mut chunks: super::chunked::CsvChunks,
    extra: &[&str],
) -> Result<Table, Vec<DataError>> {
    let key_idx = ds.column_index(&ds.key).unwrap_or(0);
    let extra_idx: Vec<usize> = extra.iter().filter_map(|c| ds.column_index(c)).collect();
    let mut seen: HashMap<(Value, Vec<Value>), usize> = HashMap::new();
    let mut rows = Vec::new();
    let mut dups = Vec::new();
    let mut dropped = 0;
    while let Some(batches) = chunks.next_window() {
        // Rows are made in parallel; duplicates are found in file order.
        let made: Vec<Vec<Row>> = batches
            .par_iter()
            .map(|b| (0..b.len()).map(|r| Row { line: b.lines[r], values: b.row_values(r) }).collect())
            .collect();
        for batch_rows in made {
            for Row { line: row_no, values } in batch_rows {
                let key = (values[key_idx].clone(), extra_idx.iter().map(|&i| values[i].clone()).collect());
                if let Some(&first) = seen.get(&key) {
                    if dups.len() >= MAX_ERRORS {
                        dropped += 1;
                        continue;
                    }
                    dups.push(DataError::new(
                        Location::cell(path, row_no, &ds.key),
                        K::DuplicateKey { key: key_text(&key.0, &key.1), first_row: first },
                    ));
                    continue;
                }
                seen.insert(key, row_no);
                rows.push(Row { line: row_no, values });
            }
        }
    }
    chunks.add_errors(dups, dropped);
    chunks.finish()?;
    Ok(Table { dataset: ds.id.clone(), file: path.to_path_buf(), rows })
}
