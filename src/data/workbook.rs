//! Reading a sheet of an Excel or OpenDocument workbook (`.xlsx`, `.xlsm`,
//! `.xls`, `.ods`) into a typed [`Table`], like a CSV: the header row is found
//! by the dataset's key column, numbers stored as numbers or as text in the
//! column's format, dates as dates. Errors name the cell (`Sheet1!C7`).

use super::err::{DataError, DataErrorKind as K};
use super::number_style::Reading;
use super::sink::ErrorSink;
use super::table::{type_cells_with, Row, Table};
use super::value::Value;
use crate::ground::text::nfc;
use crate::limits::DataLimits;
use crate::location::Location;
use crate::pack::{Dataset, NumberFormat};
use calamine::{open_workbook_auto, Data, Reader};
use chrono::Datelike;
use std::collections::HashMap;
use std::path::Path;

/// Whether a file is a workbook thidua reads with this module.
pub fn is_workbook(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(),
        Some("xlsx" | "xlsm" | "xls" | "xlsb" | "ods")
    )
}

/// A spreadsheet's name for column `c` (0-based): `0 → A`, `27 → AB`.
pub fn column_letters(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A number as Excel shows it: rounded to 15 significant digits. Excel
/// stores binary floating point, so a cell that shows 70 may hold
/// 69.99999999999999 and one where 0.1+0.2 was typed 0.30000000000000004;
/// what the user saw (and signed) is what is judged.
pub fn excel_number(f: f64) -> String {
    if f == 0.0 || !f.is_finite() {
        return if f == 0.0 { "0".into() } else { f.to_string() };
    }
    let sci = format!("{f:.14e}");
    match rust_decimal::Decimal::from_scientific(&sci) {
        Ok(d) => d.normalize().to_string(),
        Err(_) => f.to_string(), // beyond a decimal: refused as too large later
    }
}

/// A cell as the text a CSV would hold; numbers are plain whatever the
/// column's format.
fn cell_text(d: &Data) -> (String, Option<NumberFormat>) {
    match d {
        Data::Empty => (String::new(), None),
        Data::String(s) => (s.clone(), None),
        Data::Int(i) => (i.to_string(), Some(NumberFormat::Plain)),
        Data::Float(f) => (excel_number(*f), Some(NumberFormat::Plain)),
        Data::Bool(b) => (b.to_string(), None),
        // A serial number far outside the years people record (negative,
        // or year 99999) is no date anyone meant: kept as its number, which
        // no date column reads, so it is refused naming the cell.
        Data::DateTime(dt) => match dt.as_datetime().filter(|t| super::years::YEARS.contains(&(t.year() as i64))) {
            Some(t) => (t.date().format("%Y-%m-%d").to_string(), None),
            None => (excel_number(dt.as_f64()), None),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => (s.chars().take(10).collect(), None),
        Data::Error(e) => (format!("{e}"), None),
    }
}

/// Cells a sheet's used area may span (rows × columns): ten times a full
/// national sheet of a million rows and five columns. A far-away stray cell
/// (Excel's own last cell is XFD1048576) would otherwise make the reader
/// lay out billions of empty cells.
const MAX_GRID_CELLS: u64 = 50_000_000;

/// Checks a zip-based workbook (.xlsx, .xlsm, .xlsb, .ods) before anything
/// is unpacked: what it unpacks to may be at most 100 times its packed size
/// plus 64 MB (real workbooks pack 5 to 15 times; a whitespace bomb a
/// thousand), and never more than the file size limit. The zip reader stops
/// at each entry's declared size, so the declared sizes bound the reading.
/// (Public: the server checks an upload with it before listing its sheets.)
pub fn check_unpacked(path: &Path, limits: &DataLimits) -> Result<(), DataError> {
    let err = |k| DataError::new(Location::file(path), k);
    let file = std::fs::File::open(path).map_err(|e| err(K::Io(e.to_string())))?;
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return Ok(()); // not a zip: the workbook reader says what it is
    };
    let packed = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let max = packed.saturating_mul(100).saturating_add(64 << 20).min(limits.max_file_bytes);
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else { continue };
        total = total.saturating_add(entry.size());
        if total > max {
            return Err(err(K::UnpackedTooLarge {
                entry: entry.name().map(|n| n.to_string()).unwrap_or_default(),
                max,
            }));
        }
    }
    Ok(())
}

/// The used cells of an .xlsx sheet, read one by one (never laid out over
/// the sheet's declared dimension), refused when they spread over more than
/// [`MAX_GRID_CELLS`].
fn xlsx_range<RS: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsx<RS>,
    path: &Path,
    sheet: &str,
) -> Result<Option<calamine::Range<Data>>, DataError> {
    let err = |k| DataError::new(Location::file(path), k);
    let mut reader = match wb.worksheet_cells_reader(sheet) {
        Ok(r) => r,
        Err(_) => return Ok(None),
    };
    let mut cells = Vec::new();
    let (mut lo, mut hi) = ((u32::MAX, u32::MAX), (0u32, 0u32));
    while let Some((c, style)) = reader.next_cell_with_style_id().map_err(|e| err(K::Workbook(e.to_string())))? {
        let (r, col) = c.get_position();
        let mut value: Data = c.get_value().clone().into();
        if value == Data::Empty {
            continue;
        }
        // A number formatted as a percentage shows `70%` and stores 0.7: it
        // is read as what it shows, which only a column counted in percent
        // points accepts (`percent: true`); elsewhere it is refused.
        if is_percent(reader.styles().get(style)) {
            if let Some(shown) = percent_shown(&value) {
                value = Data::String(shown);
            }
        }
        lo = (lo.0.min(r), lo.1.min(col));
        hi = (hi.0.max(r), hi.1.max(col));
        let area = (hi.0 - lo.0 + 1) as u64 * (hi.1 - lo.1 + 1) as u64;
        if col >= 16_384 || r >= 1_048_576 || area > MAX_GRID_CELLS {
            let mut loc = Location::file(path);
            loc.sheet_cell = Some(format!("{sheet}!{}{}", column_letters(col), r + 1));
            return Err(DataError::new(loc, K::SheetTooSpread { max: MAX_GRID_CELLS }));
        }
        cells.push(calamine::Cell::new((r, col), value));
    }
    Ok(Some(calamine::Range::from_sparse(cells)))
}

/// Whether a cell's number format shows a percentage (`0%`, `0.00%`, a
/// custom format with `%` outside quotes and brackets).
fn is_percent(style: Option<&calamine::Style>) -> bool {
    let Some(code) = style.and_then(|s| s.number_format.as_ref()).map(|f| f.format_code.as_str()) else {
        return false;
    };
    let (mut quoted, mut bracket, mut escaped) = (false, false, false);
    for ch in code.chars() {
        match ch {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            ';' if !quoted && !bracket => return false, // the first section decides
            '%' if !quoted && !bracket => return true,
            _ => {}
        }
    }
    false
}

/// A percentage cell's number as it shows: 0.7 is `70%`.
fn percent_shown(value: &Data) -> Option<String> {
    let f = match value {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        _ => return None,
    };
    let d: rust_decimal::Decimal = excel_number(f).parse().ok()?;
    Some(format!("{}%", d.checked_mul(rust_decimal::Decimal::ONE_HUNDRED)?.normalize()))
}

/// Reads one sheet; like CSV, a key may repeat once per combination of the
/// `extra` columns (scoring stages; history years and titles).
/// A name a spreadsheet accepts for a sheet: at most 31 characters, none of
/// `[]:*?/\`.
pub fn sheet_name(s: &str) -> String {
    s.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect()
}

pub fn read_workbook(
    ds: &Dataset,
    path: &Path,
    sheet: Option<&str>,
    extra: &[&str],
    limits: &DataLimits,
) -> Result<Table, Vec<DataError>> {
    let one = |k| vec![DataError::new(Location::file(path), k)];
    let size = std::fs::metadata(path).map(|m| m.len()).map_err(|e| one(K::Io(e.to_string())))?;
    if size > limits.max_file_bytes {
        return Err(one(K::FileTooLarge { size, max: limits.max_file_bytes }));
    }
    check_unpacked(path, limits).map_err(|e| vec![e])?;
    let mut wb = open_workbook_auto(path).map_err(|e| one(K::Workbook(e.to_string())))?;
    let names = wb.sheet_names();
    // The sheet: the one named, else the one named after the dataset (a
    // template's), else the first whose top rows hold the key column.
    let own = sheet_name(&ds.id);
    let mut order: Vec<&String> = names.iter().filter(|n| sheet.is_none_or(|s| s == n.as_str())).collect();
    order.sort_by_key(|n| **n != own);
    let mut chosen = None;
    for name in order {
        let range = match &mut wb {
            calamine::Sheets::Xlsx(x) => match xlsx_range(x, path, name).map_err(|e| vec![e])? {
                Some(r) => r,
                None => continue,
            },
            other => match other.worksheet_range(name) {
                Ok(r) => r,
                Err(_) => continue,
            },
        };
        let key = ds.column_index(&ds.key);
        let header = range
            .rows()
            .take(20)
            .position(|r| r.iter().any(|c| ds.column_for_header(&nfc(cell_text(c).0.trim())) == key));
        if let Some(h) = header {
            chosen = Some((name.clone(), range, h));
            break;
        }
    }
    let Some((name, range, header_idx)) = chosen else {
        return Err(one(K::NoSheetWithKey {
            key: ds.key.clone(),
            sheets: names.clone(),
            asked: sheet.map(str::to_string),
        }));
    };
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let rows: Vec<&[Data]> = range.rows().collect();
    let header: Vec<String> = rows[header_idx].iter().map(|c| nfc(cell_text(c).0.trim())).collect();
    let header_row = row0 as usize + header_idx + 1;
    let mut sink = ErrorSink::new(path);
    let at = |h: &str| {
        let mut loc = Location::cell(path, header_row, h);
        loc.sheet_cell = Some(format!("{name}!{header_row}"));
        loc
    };
    let (found, _) = super::header::map(ds, &header, at, &mut sink);
    let index: Vec<Option<usize>> = found.into_iter().map(|i| (i != usize::MAX).then_some(i)).collect();
    if !sink.errors.is_empty() {
        return Err(sink.finish());
    }
    let sheet = Sheet { ds, path, name: &name, rows: &rows, header_idx, row0: row0 as usize, col0, index: &index };
    // Numbers typed as text show the column's style; a second reading fixes
    // it where the first read an ambiguous cell the other way.
    let mut reading = Reading::new(ds);
    let (mut out, mut sink) = sheet.type_rows(extra, limits, &mut reading);
    let (mut style_errors, pins) = reading.settle(ds);
    if !pins.is_empty() {
        reading = Reading::pinned(ds, &pins);
        (out, sink) = sheet.type_rows(extra, limits, &mut reading);
        style_errors = reading.settle(ds).0;
    }
    for e in style_errors {
        sink.push(e);
    }
    if !sink.errors.is_empty() {
        return Err(sink.finish());
    }
    if out.is_empty() {
        return Err(one(K::NoRows));
    }
    let mut warnings = sheet.date_warnings();
    warnings.extend(reading.evidence.date_warnings(ds));
    Ok(Table { dataset: ds.id.clone(), file: path.to_path_buf(), rows: out, warnings })
}

/// A sheet's rows under the header, and where its columns are.
struct Sheet<'a> {
    ds: &'a Dataset,
    path: &'a Path,
    name: &'a str,
    rows: &'a [&'a [Data]],
    header_idx: usize,
    row0: usize,
    col0: u32,
    /// For each schema column, its position in the sheet's rows.
    index: &'a [Option<usize>],
}

/// Text dates a warning names, at most.
const SHOWN_TEXT_DATES: usize = 5;

impl Sheet<'_> {
    /// A sheet's cell reference (`ca_nhan!D7`).
    fn cell_ref(&self, row_idx: usize, col: usize) -> String {
        format!("{}!{}{}", self.name, column_letters(self.col0 + col as u32), self.row0 + row_idx + 1)
    }

    /// Date columns where some cells are real dates and others text: what a
    /// sheet passed through a machine with another locale looks like, where
    /// the two may mean different days (day and month swapped).
    fn date_warnings(&self) -> Vec<DataError> {
        let mut out = Vec::new();
        for (i, (name, col)) in self.ds.columns.iter().enumerate() {
            let Some(p) = self.index[i].filter(|_| col.ty == crate::pack::ColumnType::Date) else { continue };
            let (mut real, mut texts, mut more) = (None, Vec::new(), 0usize);
            for (k, r) in self.rows.iter().enumerate().skip(self.header_idx + 1) {
                match r.get(p) {
                    Some(Data::DateTime(d)) if real.is_none() => {
                        real = d.as_datetime().map(|t| (self.cell_ref(k, p), t.date()))
                    }
                    Some(Data::DateTimeIso(d)) if real.is_none() => {
                        real = crate::pack::parse_date(&d.chars().take(10).collect::<String>())
                            .map(|day| (self.cell_ref(k, p), day))
                    }
                    Some(Data::String(t)) if !t.trim().is_empty() => match crate::pack::parse_date(&nfc(t.trim())) {
                        Some(d) if texts.len() < SHOWN_TEXT_DATES => {
                            texts.push((self.cell_ref(k, p), t.trim().to_string(), d))
                        }
                        Some(_) => more += 1,
                        None => {} // refused as a bad cell already
                    },
                    _ => {}
                }
            }
            if let (Some(real), false) = (real, texts.is_empty()) {
                let mut loc = Location::file(self.path);
                loc.field = Some(name.clone());
                out.push(DataError::new(loc, K::MixedDates { real, texts, more }));
            }
        }
        out
    }

    /// Types every row under the header, keys unique with the `extra` columns.
    fn type_rows(&self, extra: &[&str], limits: &DataLimits, reading: &mut Reading) -> (Vec<Row>, ErrorSink) {
        let Sheet { ds, path, name, rows, header_idx, row0, col0, index } = *self;
        let mut sink = ErrorSink::new(path);
        let key_idx = ds.column_index(&ds.key).unwrap_or(0);
        let extra_idx: Vec<usize> = extra.iter().filter_map(|c| ds.column_index(c)).collect();
        let mut seen: HashMap<(Value, Vec<Value>), usize> = HashMap::new();
        let mut out = Vec::new();
        for (k, r) in rows.iter().enumerate().skip(header_idx + 1) {
            let excel_row = row0 + k + 1;
            if out.len() >= limits.max_rows {
                sink.push(DataError::new(Location::row(path, excel_row), K::TooManyRows { max: limits.max_rows }));
                break;
            }
            let texts: Vec<(String, Option<NumberFormat>)> =
                index.iter().map(|p| p.and_then(|p| r.get(p)).map(cell_text).unwrap_or_default()).collect();
            if texts.iter().all(|(t, _)| t.trim().is_empty()) {
                continue;
            }
            let locate = |i: usize, field: &str| {
                let col = index[i].map(|p| col0 + p as u32).unwrap_or(col0);
                let mut loc = Location::cell(path, excel_row, field);
                loc.sheet_cell = Some(format!("{name}!{}{excel_row}", column_letters(col)));
                loc
            };
            let Some(values) =
                type_cells_with(ds, |i| texts.get(i).map(|(t, f)| (t.as_str(), *f)), locate, &mut sink, reading)
            else {
                continue;
            };
            let key = (values[key_idx].clone(), extra_idx.iter().map(|&i| values[i].clone()).collect::<Vec<_>>());
            if let Some(&first) = seen.get(&key) {
                let loc = locate(key_idx, &ds.key);
                sink.push(DataError::new(
                    loc,
                    K::DuplicateKey { key: super::table::key_text(&key.0, &key.1), first_row: first },
                ));
                continue;
            }
            seen.insert(key, excel_row);
            out.push(Row { line: excel_row, values });
        }
        (out, sink)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(super::excel_number(69.99999999999999), "70");
        assert_eq!(super::excel_number(0.1 + 0.2), "0.3");
        assert_eq!(super::excel_number(-1234.5), "-1234.5");
        assert_eq!(super::excel_number(1e-7), "0.0000001");
        assert_eq!(super::excel_number(123456789012345678.0), "123456789012346000");
        assert_eq!(super::excel_number(0.0), "0");
    }

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(super::column_letters(0), "A");
        assert_eq!(super::column_letters(2), "C");
        assert_eq!(super::column_letters(25), "Z");
        assert_eq!(super::column_letters(26), "AA");
        assert_eq!(super::column_letters(27), "AB");
    }
}
