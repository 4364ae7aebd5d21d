//! Reading a CSV file into a typed [`Table`] checked against a dataset schema.

use super::err::{DataError, DataErrorKind as K};
use super::value::{parse_cell, CellProblem, Expected, Value};
use crate::i18n::Lang;
use crate::limits::{DataLimits, TextEncoding};
use crate::location::Location;
use crate::pack::Dataset;
use std::collections::HashMap;
use std::io::{BufRead, Read};
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
            Ok(v) => values.push(v),
            Err(p) => {
                ok = false;
                let exp = Expected::of(col, fmt);
                let kind = match p {
                    CellProblem::Empty => K::EmptyCell { expected: exp },
                    CellProblem::Invalid => K::BadCell { value: raw.trim().to_string(), expected: exp },
                };
                sink.push(DataError::new(locate(i, name), kind));
            }
        }
    }
    ok.then_some(values)
}

/// Reads and types a CSV file for a dataset: UTF-8 with or without BOM, CRLF
/// or LF, quoted fields. Extra columns are ignored; missing ones are errors.
pub fn read_csv(ds: &Dataset, path: &Path) -> Result<Table, Vec<DataError>> {
    read_csv_limited(ds, path, &DataLimits::default())
}

/// [`read_csv`] with explicit limits.
pub fn read_csv_limited(ds: &Dataset, path: &Path, limits: &DataLimits) -> Result<Table, Vec<DataError>> {
    let extra: Vec<&str> = ds.history.as_ref().map(|h| vec![h.year.as_str(), h.title.as_str()]).unwrap_or_default();
    read_csv_keyed(ds, path, &extra, limits)
}

/// Like [`read_csv`]; a key may repeat once per combination of the `extra`
/// columns (one row per unit and scoring stage; per subject, year and title).
pub fn read_csv_keyed(ds: &Dataset, path: &Path, extra: &[&str], limits: &DataLimits) -> Result<Table, Vec<DataError>> {
    if super::workbook::is_workbook(path) {
        return super::workbook::read_workbook(ds, path, limits.sheet.as_deref(), extra, limits);
    }
    let one = |k| vec![DataError::new(Location::file(path), k)];
    let file = std::fs::File::open(path).map_err(|e| one(K::Io(e.to_string())))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > limits.max_file_bytes {
        return Err(one(K::FileTooLarge { size, max: limits.max_file_bytes }));
    }
    read_csv_from(ds, path, std::io::BufReader::new(file), extra, limits)
}

/// Reads CSV from memory (tests, fuzzing).
pub fn read_csv_bytes(ds: &Dataset, path: &Path, bytes: &[u8], extra: &[&str]) -> Result<Table, Vec<DataError>> {
    read_csv_from(ds, path, bytes, extra, &DataLimits::default())
}

/// Fails a read once a line grows past a limit, so a file with no line
/// breaks never has to fit in memory.
struct LineGuard<R> {
    inner: R,
    line: usize,
    max: usize,
}

const LINE_TOO_LONG: &str = "thidua: line too long";

impl<R: Read> Read for LineGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            if b == b'\n' {
                self.line = 0;
            } else {
                self.line += 1;
                if self.line > self.max {
                    return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, LINE_TOO_LONG));
                }
            }
        }
        Ok(n)
    }
}

/// Turns a CSV reader error into a data error at the row it happened on.
fn csv_error(e: &csv::Error, path: &Path, row: usize, limits: &DataLimits) -> DataError {
    let kind = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => K::NotUtf8,
        csv::ErrorKind::Io(io) if io.to_string() == LINE_TOO_LONG => K::LineTooLong { max: limits.max_line_bytes() },
        _ => K::Csv(e.to_string()),
    };
    DataError::new(Location::row(path, row), kind)
}

/// The encoding to decode from, or `None` for UTF-8 (read as is).
fn detect_encoding<R: BufRead>(
    reader: &mut R,
    declared: TextEncoding,
) -> Result<Option<&'static encoding_rs::Encoding>, K> {
    let head = reader.fill_buf().map_err(|e| K::Io(e.to_string()))?;
    let utf16_bom = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    let valid_utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        // A character cut at the end of the buffer is not an error.
        Err(e) => e.error_len().is_none(),
    };
    Ok(match declared {
        TextEncoding::Utf8 if utf16_bom || !valid_utf8 => return Err(K::NotUtf8),
        TextEncoding::Utf8 => None,
        TextEncoding::Utf16 if head.starts_with(b"\xFE\xFF") => Some(encoding_rs::UTF_16BE),
        TextEncoding::Utf16 => Some(encoding_rs::UTF_16LE),
        TextEncoding::Windows1258 => Some(encoding_rs::WINDOWS_1258),
        TextEncoding::Auto if utf16_bom => {
            Some(if head.starts_with(b"\xFE\xFF") { encoding_rs::UTF_16BE } else { encoding_rs::UTF_16LE })
        }
        TextEncoding::Auto if valid_utf8 => None,
        TextEncoding::Auto => Some(encoding_rs::WINDOWS_1258),
    })
}

fn read_csv_from<R: Read>(
    ds: &Dataset,
    path: &Path,
    reader: R,
    extra: &[&str],
    limits: &DataLimits,
) -> Result<Table, Vec<DataError>> {
    let one = |k| vec![DataError::new(Location::file(path), k)];
    let mut reader = std::io::BufReader::new(reader);
    let encoding = detect_encoding(&mut reader, limits.encoding).map_err(one)?;
    // Everything after this point reads UTF-8: other encodings are decoded
    // on the fly, a byte-order mark is dropped.
    let decoded: Box<dyn Read> = match encoding {
        None => Box::new(reader),
        Some(enc) => Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(enc)).bom_sniffing(true).build(reader),
        ),
    };
    let mut reader = std::io::BufReader::new(LineGuard { inner: decoded, line: 0, max: limits.max_line_bytes() });
    if let Ok(head) = reader.fill_buf() {
        if head.starts_with(b"\xEF\xBB\xBF") {
            reader.consume(3);
        }
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(reader);
    let mut records = reader.records();
    let header = match records.next() {
        None => return Err(one(K::Empty)),
        Some(Err(e)) => return Err(vec![csv_error(&e, path, 1, limits)]),
        Some(Ok(h)) => h,
    };
    let mut sink = ErrorSink::new(path);
    // Map schema columns to file positions.
    let mut positions: HashMap<&str, usize> = HashMap::new();
    let header: Vec<String> = header.iter().map(|h| super::value::nfc(h.trim())).collect();
    for (i, h) in header.iter().enumerate() {
        let h = h.as_str();
        if h.is_empty() {
            continue;
        }
        if positions.insert(h, i).is_some() {
            sink.push(DataError::new(Location::cell(path, 1, h), K::DuplicateColumn));
        }
    }
    let mut index = Vec::with_capacity(ds.columns.len());
    for name in ds.columns.keys() {
        match positions.get(name.as_str()) {
            Some(&i) => index.push(Some(i)),
            None => {
                let suggestion = crate::pack::load::suggest(name, positions.keys().copied());
                sink.push(DataError::new(Location::cell(path, 1, name), K::MissingColumn { suggestion }));
                index.push(None);
            }
        }
    }
    if index.iter().all(Option::is_none) {
        // Not one column matched: the file is not this table, or not text.
        return Err(one(K::NoKnownColumns { found: header.iter().take(5).cloned().collect() }));
    }
    if !sink.errors.is_empty() {
        return Err(sink.finish());
    }
    let key_idx = ds.column_index(&ds.key).unwrap_or(0);
    let extra_idx: Vec<usize> = extra.iter().filter_map(|c| ds.column_index(c)).collect();
    let mut seen: HashMap<(Value, Vec<Value>), usize> = HashMap::new();
    let mut rows = Vec::new();
    for (n, rec) in records.enumerate() {
        let row_no = n + 2;
        if n >= limits.max_rows {
            sink.push(DataError::new(Location::row(path, row_no), K::TooManyRows { max: limits.max_rows }));
            break;
        }
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                sink.push(csv_error(&e, path, row_no, limits));
                if fatal {
                    break;
                }
                continue;
            }
        };
        if let Some((i, _)) = rec.iter().enumerate().find(|(_, c)| c.len() > limits.max_field_bytes) {
            let field = index
                .iter()
                .position(|p| *p == Some(i))
                .map(|k| ds.columns.get_index(k).map(|(n, _)| n.clone()).unwrap_or_default())
                .unwrap_or_else(|| format!("#{}", i + 1));
            sink.push(DataError::new(
                Location::cell(path, row_no, field),
                K::FieldTooLong { max: limits.max_field_bytes },
            ));
            continue;
        }
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue; // blank lines at the end of exported sheets
        }
        let cells = |i: usize| index[i].and_then(|p| rec.get(p));
        if let Some(values) = type_cells(ds, cells, path, row_no, &mut sink) {
            let key = (values[key_idx].clone(), extra_idx.iter().map(|&i| values[i].clone()).collect());
            if let Some(&first) = seen.get(&key) {
                sink.push(DataError::new(
                    Location::cell(path, row_no, &ds.key),
                    K::DuplicateKey { key: key.0.render(Lang::Vi), first_row: first },
                ));
                continue;
            }
            seen.insert(key, row_no);
            rows.push(Row { line: row_no, values });
        }
    }
    if sink.errors.is_empty() && rows.is_empty() {
        return Err(one(K::NoRows));
    }
    if !sink.errors.is_empty() {
        return Err(sink.finish());
    }
    Ok(Table { dataset: ds.id.clone(), file: path.to_path_buf(), rows })
}
