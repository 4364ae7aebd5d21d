//! Reading a CSV file into a typed [`Table`] checked against a dataset schema.

use super::chunked::Settled;
use super::err::{DataError, DataErrorKind as K};
use super::number_style::{Reading, Seen};
use super::sink::{ErrorSink, MAX_ERRORS};
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
    /// What the reader noticed and the reader of the results should know
    /// (text dates among real ones): printed and recorded, not fatal.
    pub warnings: Vec<DataError>,
}

#[derive(Debug, Clone)]
pub struct Row {
    /// The spreadsheet row number (header = 1).
    pub line: usize,
    pub values: Vec<Value>,
}

/// Parses one record's cells (by schema column) into values, reporting bad
/// cells. A cell may override its column's number format (a
/// spreadsheet number is always plain, and tells nothing of how the column
/// writes numbers) and errors are placed by `locate`. Number cells' styles
/// are noted in `reading`, for the caller to settle.
pub(crate) fn type_cells_with<'a>(
    ds: &Dataset,
    cells: impl Fn(usize) -> Option<(&'a str, Option<crate::pack::NumberFormat>)>,
    locate: impl Fn(usize, &str) -> Location,
    sink: &mut ErrorSink,
    reading: &mut Reading,
) -> Option<Vec<Value>> {
    let mut values = Vec::with_capacity(ds.columns.len());
    let mut ok = true;
    for (i, (name, col)) in ds.columns.iter().enumerate() {
        let (raw, fmt_override) = cells(i).unwrap_or(("", None));
        let fmt = fmt_override.unwrap_or(reading.style(i));
        match parse_cell(col, fmt, raw) {
            Ok((v, class)) => {
                if fmt_override.is_none() {
                    reading.evidence.note(i, class, || Seen { at: locate(i, name), text: raw.trim().to_string() });
                }
                // A date typed as text tells its column's order, as in a CSV.
                if matches!(v, Value::Date(_)) {
                    let order = super::number_style::DateOrder::of(raw);
                    reading.evidence.note_date(i, order, || Seen { at: locate(i, name), text: raw.trim().to_string() });
                }
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
            Err(CellProblem::Empty) if *name == ds.key => {
                ok = false;
                sink.push(DataError::new(locate(i, name), K::BadKey(super::value::KeyProblem::Empty)));
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
        CellProblem::Invalid if col.ty == crate::pack::ColumnType::Date && two_digit_year(raw.trim()) => {
            K::TwoDigitYear { value: raw.trim().to_string() }
        }
        CellProblem::Invalid => K::BadCell { value: raw.trim().to_string(), expected },
        CellProblem::Percent => K::PercentCell { value: raw.trim().to_string() },
    };
    DataError::new(at, kind)
}

/// `15/03/15`: a date whose year has two digits, as a spreadsheet set to
/// a short date format saves it.
fn two_digit_year(s: &str) -> bool {
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    parts.len() == 3
        && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && parts[0].len() <= 2
        && parts[1].len() <= 2
        && parts[2].len() == 2
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
    // A register judged by year has one row per subject and year, whatever
    // its titles: two rows would judge the subject twice for one year.
    if let Some(y) = ds.evaluation_year.as_deref() {
        return vec![y];
    }
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
        return super::workbook::read_workbook(ds, path, limits.sheet_of(&ds.id), extra, limits);
    }
    // A pipe or a device can be read once only.
    let rereadable = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    read_again(ds, path, extra, rereadable, |settled| super::chunked::CsvChunks::open(ds, path, limits, settled))
}

/// Reads CSV from memory (tests, fuzzing).
pub fn read_csv_bytes(ds: &Dataset, path: &Path, bytes: &[u8], extra: &[&str]) -> Result<Table, Vec<DataError>> {
    read_again(ds, path, extra, true, |settled| {
        let reader = Box::new(std::io::Cursor::new(bytes.to_vec()));
        Ok(super::chunked::CsvChunks::from_reader(ds, path, reader, &DataLimits::default())?.with_pins(&settled.pins))
    })
}

/// Reads a file, and again when a reading cannot stand (see
/// [`super::chunked::CsvChunks::finish`]): judged on all its bytes when the
/// first reading took it for UTF-8 on its head's word and met another
/// byte or an error; with number styles fixed when ambiguous numbers were
/// read the other way than their columns (see [`super::number_style`]).
/// The reading for number styles settles every column: it is the last.
fn read_again<'d>(
    ds: &'d Dataset,
    path: &Path,
    extra: &[&str],
    rereadable: bool,
    open: impl Fn(&Settled) -> Result<super::chunked::CsvChunks<'d>, Vec<DataError>>,
) -> Result<Table, Vec<DataError>> {
    let (mut settled, mut rereadable) = (Settled::default(), rereadable);
    loop {
        let (table, again) = collect_rows(ds, path, open(&settled)?, extra, rereadable)?;
        let Some(again) = again else { return Ok(table) };
        rereadable = rereadable && again.pins.is_empty();
        settled = again;
    }
}

/// A key as a duplicate's message shows it: with the values that make a
/// row unique besides the key (year and title, stage, criterion code).
pub(crate) fn key_text(key: &Value, extra: &[Value]) -> String {
    std::iter::once(key).chain(extra).map(|v| v.render(Lang::Vi)).collect::<Vec<_>>().join(" / ")
}

/// The rows of a table kept so far, in file order, each key (with the
/// `extra` columns) once; a row repeating a key is refused with its place.
struct Kept<'a> {
    ds: &'a Dataset,
    path: &'a Path,
    key_idx: usize,
    extra_idx: Vec<usize>,
    seen: HashMap<(Value, Vec<Value>), usize>,
    rows: Vec<Row>,
    dups: Vec<DataError>,
    dropped: usize,
}

impl Kept<'_> {
    fn add(&mut self, row: Row) {
        let values = &row.values;
        let key = (values[self.key_idx].clone(), self.extra_idx.iter().map(|&i| values[i].clone()).collect());
        if let Some(&first) = self.seen.get(&key) {
            if self.dups.len() >= MAX_ERRORS {
                self.dropped += 1;
            } else {
                self.dups.push(DataError::new(
                    Location::cell(self.path, row.line, &self.ds.key),
                    K::DuplicateKey { key: key_text(&key.0, &key.1), first_row: first },
                ));
            }
            return;
        }
        self.seen.insert(key, row.line);
        self.rows.push(row);
    }
}

/// Reads every row into memory, in file order, checking that keys (with the
/// `extra` columns) are unique.
fn collect_rows(
    ds: &Dataset,
    path: &Path,
    mut chunks: super::chunked::CsvChunks,
    extra: &[&str],
    rereadable: bool,
) -> Result<(Table, Option<Settled>), Vec<DataError>> {
    let mut kept = Kept {
        ds,
        path,
        key_idx: ds.column_index(&ds.key).unwrap_or(0),
        extra_idx: extra.iter().filter_map(|c| ds.column_index(c)).collect(),
        seen: HashMap::new(),
        rows: Vec::new(),
        dups: Vec::new(),
        dropped: 0,
    };
    let mut window = chunks.next_window();
    while let Some(batches) = window {
        // While this window's rows are made (in parallel) and kept (in file
        // order), the next window is read and typed.
        let keep = || {
            let made: Vec<Vec<Row>> = batches
                .par_iter()
                .map(|b| (0..b.len()).map(|r| Row { line: b.lines[r], values: b.row_values(r) }).collect())
                .collect();
            made.into_iter().flatten().for_each(|row| kept.add(row));
        };
        window = rayon::join(keep, || chunks.next_window()).1;
    }
    chunks.add_errors(kept.dups, kept.dropped);
    let warnings = chunks.warnings();
    let again = chunks.finish(rereadable)?;
    Ok((Table { dataset: ds.id.clone(), file: path.to_path_buf(), rows: kept.rows, warnings }, again))
}
