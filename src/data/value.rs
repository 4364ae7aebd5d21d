//! Typed cell values and the parsing of cell text into them.
//!
//! Long (over 600 lines) on purpose: this is the one definition of what a
//! cell means, for every column type, shared by CSV, workbooks and pack
//! tests; the number styles' evidence is in `number_style.rs`.

pub use super::number_style::Class;
use crate::ground::text::{fold, nfc};
use crate::i18n::Lang;
use crate::pack::{Column, ColumnType, NumberFormat};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::sync::Arc;

/// One typed cell. Enum values are kept as their text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    /// An empty cell in an optional column.
    Null,
    Bool(bool),
    Int(i64),
    Dec(Decimal),
    Text(Arc<str>),
    Date(NaiveDate),
}

impl Value {
    pub fn text(s: &str) -> Value {
        Value::Text(Arc::from(s))
    }

    /// The value as a reader sees it.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Value::Null => lang.pick("(trống)", "(empty)").to_string(),
            Value::Bool(b) => crate::i18n::yes_no(lang, *b).to_string(),
            Value::Int(i) => i.to_string(),
            Value::Dec(d) => d.normalize().to_string(),
            Value::Text(s) if s.is_empty() => lang.pick("(trống)", "(empty)").to_string(),
            Value::Text(s) => s.to_string(),
            Value::Date(d) => d.format("%d/%m/%Y").to_string(),
        }
    }

    /// The value as JSON: decimals as strings so no reader turns them into
    /// binary floating point.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            Value::Int(i) => (*i).into(),
            Value::Dec(d) => d.normalize().to_string().into(),
            Value::Text(s) => s.to_string().into(),
            Value::Date(d) => d.to_string().into(),
        }
    }

    /// An empty cell: nothing, or empty text.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Null => true,
            Value::Text(s) => s.is_empty(),
            _ => false,
        }
    }

    /// Numeric view, for comparisons between integers and decimals.
    pub fn as_decimal(&self) -> Option<Decimal> {
        match self {
            Value::Int(i) => Some(Decimal::from(*i)),
            Value::Dec(d) => Some(*d),
            _ => None,
        }
    }
}

/// Why a cell's text is not a value of its column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellProblem {
    Empty,
    Invalid,
    /// `70%` in a number column not declared `percent: true`.
    Percent,
}

/// The choice a cell names: its code exactly, else the one value whose code
/// or label (Vietnamese or English) the text spells, in any case or spacing
/// ("Hoàn thành tốt nhiệm vụ" for `tot`). The loader refuses labels that
/// would make two values read alike.
fn enum_index(col: &Column, s: &str) -> Option<usize> {
    if let Some(i) = col.values.iter().position(|v| *v == *s) {
        return Some(i);
    }
    let f = fold(s);
    let spells = |v: &String| {
        fold(v) == f
            || col.labels.get(v).is_some_and(|l| fold(l) == f)
            || col.labels_en.get(v).is_some_and(|l| fold(l) == f)
    };
    let mut hits = col.values.iter().enumerate().filter(|(_, v)| spells(v)).map(|(i, _)| i);
    match (hits.next(), hits.next()) {
        (Some(i), None) => Some(i),
        _ => None,
    }
}

/// One typed cell before it is stored: text borrowed from the file when it
/// needs no normalisation, enum values as their index among the declared
/// values.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Dec(Decimal),
    Text(std::borrow::Cow<'a, str>),
    Enum(u16),
    Date(NaiveDate),
}

/// Whether `s` holds only characters below U+0300 or in Latin Extended
/// Additional (U+1E00–U+1EFF, the precomposed Vietnamese letters): all of
/// them are NFC whatever surrounds them (their NFC_Quick_Check is Yes), so
/// most Vietnamese text needs no table look-up.
fn surely_nfc(s: &str) -> bool {
    if s.is_ascii() {
        return true; // codes and numbers: checked a word at a time
    }
    // In UTF-8 every byte of those characters is below 0xCC (ASCII,
    // continuation bytes, leads 0xC2-0xCB), but for Latin Extended
    // Additional's lead 0xE1 followed by 0xB8-0xBB. One comparison a byte,
    // nearly always false, where a match on each character's lead byte was
    // a mispredicted branch per letter (2,000,000 titles: 391 -> 375 ms).
    let b = s.as_bytes();
    b.iter().enumerate().all(|(i, &x)| x < 0xCC || (x == 0xE1 && matches!(b.get(i + 1), Some(0xB8..=0xBB))))
}

/// `s.trim()`, without its character-by-character check when `s` starts and
/// ends with printable ASCII (nearly every cell), which never trims.
fn trim(s: &str) -> &str {
    if untrimmed(s.as_bytes()) {
        s
    } else {
        s.trim()
    }
}

/// Whether `s` starts and ends with printable ASCII: then trimming leaves
/// it as it is, and it is not empty.
#[inline]
fn untrimmed(s: &[u8]) -> bool {
    let printable = |b: Option<&u8>| b.is_some_and(|b| (0x21..0x7F).contains(b));
    printable(s.first()) && printable(s.last())
}

/// Why a key cell cannot name a subject: it is empty, or it holds a
/// character nobody can see (a zero-width space, a NUL, a non-breaking
/// space), which would make two keys that look the same different subjects
/// and let a duplicate through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyProblem {
    Empty,
    Invisible(char),
}

/// Checks the text of a key cell (already trimmed and NFC).
pub fn key_problem(key: &str) -> Option<KeyProblem> {
    if key.is_empty() {
        return Some(KeyProblem::Empty);
    }
    if key.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return None; // printable ASCII: nothing hidden
    }
    key.chars().find(|&c| is_invisible(c)).map(KeyProblem::Invisible)
}

/// Control and format characters (Unicode Cc and Cf) and every white space
/// but the plain space.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c,
            '\u{00AD}' | '\u{0600}'..='\u{0605}' | '\u{061C}' | '\u{06DD}' | '\u{070F}' | '\u{180E}'
            | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Text as stored: trimmed and NFC; borrowed when it already is.
fn text_cell(s: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    if surely_nfc(s) || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(nfc(s))
    }
}

/// Parses cell text for a column into a [`Cell`], with what a number cell
/// tells of its column's style. Surrounding spaces are ignored; text is
/// normalised to NFC. A number only the other style reads is read by it (the
/// caller weighs the [`Class`]: see [`super::number_style`]). The one
/// definition of what a cell means: [`parse_cell`] and the columnar reader
/// both use it.
///
/// Always inlined (its general part never): in the reader's loop the cell
/// it returns is then pushed where it is made, not passed back through
/// memory. 2,000,000 titles 374.6 -> 352.6 ms, processor 653 -> 606 ms.
#[inline(always)]
pub fn parse_typed<'a>(col: &Column, format: NumberFormat, raw: &'a str) -> Result<(Cell<'a>, Class), CellProblem> {
    // The usual cells, read as the general reader below reads them but in
    // one pass: a plain decimal (with the style it tells of), digits (both
    // styles read them alike), text with nothing to trim or normalise, and
    // an enum value spelt as declared.
    let b = raw.as_bytes();
    match col.ty {
        ColumnType::Decimal if format == NumberFormat::Plain => {
            if let Some((d, class)) = plain_decimal_cell(b) {
                return Ok((Cell::Dec(d), class));
            }
        }
        ColumnType::Int => {
            if let Some(n) = plain_int_fast(b) {
                return Ok((Cell::Int(n), Class::Same));
            }
        }
        ColumnType::Text if untrimmed(b) && surely_nfc(raw) => {
            return Ok((Cell::Text(std::borrow::Cow::Borrowed(raw)), Class::Same));
        }
        // ASCII is NFC: the general reader would look the value up as it is.
        ColumnType::Enum if untrimmed(b) && raw.is_ascii() => {
            if let Some(i) = col.values.iter().position(|v| v.as_str() == raw) {
                return Ok((Cell::Enum(i as u16), Class::Same));
            }
        }
        _ => {}
    }
    parse_typed_general(col, format, raw)
}

/// A plain decimal cell (`-?[0-9]+(\.[0-9]+)?`, at most 18 digits) and what
/// it tells of its column's style: both styles read a whole number alike;
/// only the plain style reads a point, unless three digits follow it
/// (`1.234` groups thousands the other way), which is left to the general
/// reader. `None` for anything else.
fn plain_decimal_cell(s: &[u8]) -> Option<(Decimal, Class)> {
    let (d, frac_digits) = plain_decimal_parts(s)?;
    match frac_digits {
        None => Some((d, Class::Same)),
        Some(3) => None,
        Some(_) => Some((d, Class::Only(NumberFormat::Plain))),
    }
}

#[inline(never)]
fn parse_typed_general<'a>(col: &Column, format: NumberFormat, raw: &'a str) -> Result<(Cell<'a>, Class), CellProblem> {
    let trimmed = trim(raw);
    if trimmed.is_empty() {
        return match col.ty {
            // An empty text cell is a value only where the pack allows one:
            // an empty unit code or group would be a group of its own.
            ColumnType::Text if col.optional => Ok(Cell::Text(std::borrow::Cow::Borrowed(""))),
            // A checklist's unmarked box.
            ColumnType::Bool if col.checklist => Ok(Cell::Bool(false)),
            _ if col.optional => Ok(Cell::Null),
            _ => Err(CellProblem::Empty),
        }
        .map(|c| (c, Class::Same));
    }
    let invalid = CellProblem::Invalid;
    // A percentage (`70%`) counts in percent points where the column says
    // so, and is refused elsewhere: read as 0.7 or 70 by guess, a share
    // compared with `>= 70` could fail or pass without a word.
    let trimmed = match (col.ty, trimmed.strip_suffix('%')) {
        (ColumnType::Int | ColumnType::Decimal, Some(n)) if col.percent => n.trim_end(),
        (ColumnType::Int | ColumnType::Decimal, Some(_)) => return Err(CellProblem::Percent),
        _ => trimmed,
    };
    // Numbers are read from the text as it is: normalising never makes or
    // removes an ASCII digit, sign or separator, the only bytes they accept.
    match col.ty {
        ColumnType::Int => {
            return read_number(trimmed, format, parse_int).map(|(n, c)| (Cell::Int(n), c)).ok_or(invalid);
        }
        ColumnType::Decimal => {
            return read_number(trimmed, format, parse_decimal).map(|(d, c)| (Cell::Dec(d), c)).ok_or(invalid);
        }
        _ => {}
    }
    // NFC first: Windows-1258 spells "có" with a combining accent.
    let s = text_cell(trimmed);
    let cell = match col.ty {
        ColumnType::Text => Cell::Text(s),
        ColumnType::Int | ColumnType::Decimal => return Err(invalid),
        ColumnType::Bool => parse_bool(&s).map(Cell::Bool).ok_or(invalid)?,
        ColumnType::Enum => enum_index(col, &s).map(|i| Cell::Enum(i as u16)).ok_or(invalid)?,
        ColumnType::Date => crate::pack::parse_date(&s).map(Cell::Date).ok_or(invalid)?,
    };
    Ok((cell, Class::Same))
}

/// Reads a number by `format`, or by the other style when only it reads the
/// text; says which styles read it.
pub fn read_number<T: PartialEq>(
    s: &str,
    format: NumberFormat,
    parse: impl Fn(&str, NumberFormat) -> Option<T>,
) -> Option<(T, Class)> {
    let b = s.as_bytes();
    if !b.iter().any(|&c| c == b'.' || c == b',') {
        return parse(s, format).map(|v| (v, Class::Same));
    }
    let other = match format {
        NumberFormat::Plain => NumberFormat::Vi,
        NumberFormat::Vi => NumberFormat::Plain,
    };
    // A separator groups thousands only before exactly three digits: most
    // cells need one reading, not two.
    let groups_before_last = |sep: u8| b.len() >= 4 && b[b.len() - 4] == sep;
    let may_read = |f: NumberFormat| match f {
        NumberFormat::Plain => b.contains(&b'.') || groups_before_last(b','),
        NumberFormat::Vi => b.contains(&b',') || groups_before_last(b'.'),
    };
    match may_read(format).then(|| parse(s, format)).flatten() {
        Some(v) => {
            let class = match may_read(other).then(|| parse(s, other)).flatten() {
                Some(w) if w == v => Class::Same,
                Some(_) => Class::Ambiguous,
                None => Class::Only(format),
            };
            Some((v, class))
        }
        None => may_read(other).then(|| parse(s, other)).flatten().map(|w| (w, Class::Only(other))),
    }
}

/// Parses cell text for a column, with what a number cell tells of its
/// column's style. Surrounding spaces are ignored; text is normalised to NFC.
pub fn parse_cell(col: &Column, format: NumberFormat, raw: &str) -> Result<(Value, Class), CellProblem> {
    let (cell, class) = parse_typed(col, format, raw)?;
    let value = match cell {
        Cell::Null => Value::Null,
        Cell::Bool(b) => Value::Bool(b),
        Cell::Int(i) => Value::Int(i),
        Cell::Dec(d) => Value::Dec(d),
        Cell::Text(t) => Value::text(&t),
        Cell::Enum(i) => Value::text(&col.values[i as usize]),
        Cell::Date(d) => Value::Date(d),
    };
    Ok((value, class))
}

/// `-?[0-9]{1,18}` read without allocating; `None` means "use the general
/// reader", which gives the same answer for everything this accepts.
fn plain_int_fast(s: &[u8]) -> Option<i64> {
    let (neg, digits) = match s.first()? {
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut n: i64 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + (b - b'0') as i64;
    }
    Some(if neg { -n } else { n })
}

/// `-?[0-9]+(\.[0-9]+)?` with at most 18 digits, read without allocating; the
/// same mantissa and scale as `Decimal::from_str`.
fn plain_decimal_fast(s: &[u8]) -> Option<Decimal> {
    plain_decimal_parts(s).map(|(d, _)| d)
}

/// [`plain_decimal_fast`], and how many digits follow the point, if any.
/// `-0` and its like are left to the general reader (they keep a sign).
/// One pass over the bytes: most cells of a scoring sheet come here.
#[inline]
fn plain_decimal_parts(s: &[u8]) -> Option<(Decimal, Option<usize>)> {
    let (neg, body) = match s.first()? {
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let (mut mantissa, mut digits, mut point) = (0i64, 0usize, None);
    for &b in body {
        match b {
            // Wrapping: past 18 digits the number is refused below.
            b'0'..=b'9' => {
                mantissa = mantissa.wrapping_mul(10).wrapping_add(i64::from(b - b'0'));
                digits += 1;
            }
            b'.' if point.is_none() => point = Some(digits),
            _ => return None,
        }
    }
    let int_len = point.unwrap_or(digits);
    if int_len == 0 || point == Some(digits) || digits > 18 || (neg && mantissa == 0) {
        return None;
    }
    let frac_len = digits - int_len;
    let d = Decimal::new(if neg { -mantissa } else { mantissa }, frac_len as u32);
    Some((d, point.map(|_| frac_len)))
}

/// Splits a number into sign, integer digits and fraction digits, checking
/// the grouping rules of its format. Rejects exponents, NaN, infinities.
fn split_number(s: &str, format: NumberFormat) -> Option<(bool, String, Option<&str>)> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    // A plain number may group thousands with commas (`1,234.5`, what a
    // machine set to English writes), so `1,500` reads two ways: 1500 here,
    // one and a half with a decimal comma.
    let (group_sep, dec_sep) = match format {
        NumberFormat::Plain => (Some(','), '.'),
        NumberFormat::Vi => (Some('.'), ','),
    };
    let (int_part, frac) = match body.split_once(dec_sep) {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    if int_part.is_empty() {
        return None;
    }
    let digits = match group_sep {
        Some(sep) if int_part.contains(sep) => {
            let groups: Vec<&str> = int_part.split(sep).collect();
            // A group never starts a number with 0: `0.500` is not 500.
            let first_ok = (1..=3).contains(&groups[0].len()) && !groups[0].starts_with('0');
            let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
            if !first_ok || !rest_ok {
                return None;
            }
            groups.concat()
        }
        _ => int_part.to_string(),
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((neg, digits, frac))
}

pub fn parse_int(s: &str, format: NumberFormat) -> Option<i64> {
    if format == NumberFormat::Plain {
        if let Some(n) = plain_int_fast(s.as_bytes()) {
            return Some(n);
        }
    }
    let (neg, digits, frac) = split_number(s, format)?;
    if frac.is_some() {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    (n < 1_000_000_000_000_000_000).then_some(if neg { -n } else { n })
}

/// The largest magnitude a data cell may hold: ten to the 18th (a national
/// budget in đồng is about 10^15). Bounding data keeps every sum and product
/// the engine forms far from Decimal's limit.
pub fn max_magnitude() -> Decimal {
    Decimal::from(1_000_000_000_000_000_000i64)
}

pub fn parse_decimal(s: &str, format: NumberFormat) -> Option<Decimal> {
    if format == NumberFormat::Plain {
        if let Some(d) = plain_decimal_fast(s.as_bytes()) {
            return Some(d);
        }
    }
    let d = parse_decimal_unbounded(s, format)?;
    (d.abs() < max_magnitude()).then_some(d)
}

fn parse_decimal_unbounded(s: &str, format: NumberFormat) -> Option<Decimal> {
    let (neg, digits, frac) = split_number(s, format)?;
    let text = match frac {
        Some(f) => format!("{}{digits}.{f}", if neg { "-" } else { "" }),
        None => format!("{}{digits}", if neg { "-" } else { "" }),
    };
    // `parse` would round digits past what a decimal holds (28 places):
    // `0.99999999999999999999999999999999` must not become 1.
    Decimal::from_str_exact(&text).ok()
}

/// Writes a number in a column's format: `1234.5` or `1.234,5`.
pub fn format_decimal(d: Decimal, format: NumberFormat) -> String {
    let text = d.to_string();
    match format {
        NumberFormat::Plain => text,
        NumberFormat::Vi => {
            let (sign, body) = match text.strip_prefix('-') {
                Some(b) => ("-", b),
                None => ("", text.as_str()),
            };
            let (int, frac) = match body.split_once('.') {
                Some((i, f)) => (i, Some(f)),
                None => (body, None),
            };
            let mut grouped = String::new();
            for (k, c) in int.chars().enumerate() {
                if k > 0 && (int.len() - k) % 3 == 0 {
                    grouped.push('.');
                }
                grouped.push(c);
            }
            match frac {
                Some(f) => format!("{sign}{grouped},{f}"),
                None => format!("{sign}{grouped}"),
            }
        }
    }
}

/// Yes/no as Vietnamese spreadsheets write it.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "true" | "có" | "co" | "x" | "đạt" | "dat" => return Some(true),
        "0" | "false" | "không" | "khong" | "không đạt" | "khong_dat" => return Some(false),
        _ => {}
    }
    match s.to_lowercase().as_str() {
        "1" | "true" | "có" | "co" | "x" | "đạt" | "dat" => Some(true),
        "0" | "false" | "không" | "khong" | "không đạt" | "khong_dat" => Some(false),
        _ => None,
    }
}

/// What a column expects, kept for error messages rendered later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub ty: ColumnType,
    pub format: NumberFormat,
    pub values: Vec<String>,
    /// Each value's words, Vietnamese and English, where the pack gives them.
    pub words: Vec<(Option<String>, Option<String>)>,
}

impl Expected {
    pub fn of(col: &Column, format: NumberFormat) -> Self {
        let words = col.values.iter().map(|v| (col.labels.get(v).cloned(), col.labels_en.get(v).cloned())).collect();
        Expected { ty: col.ty, format, values: col.values.clone(), words }
    }

    pub fn render(&self, lang: Lang) -> String {
        if self.ty == ColumnType::Enum && self.words.iter().any(|w| w.0.is_some() || w.1.is_some()) {
            // People type the words: show them, each with its code.
            let each: Vec<String> = self
                .values
                .iter()
                .zip(&self.words)
                .map(|(v, (vi, en))| match lang.pick_text(vi.as_deref().unwrap_or(""), en.as_deref()) {
                    "" => v.clone(),
                    w => format!("{w} ({v})"),
                })
                .collect();
            return format!("{} {}", lang.pick("một trong:", "one of:"), each.join(", "));
        }
        expected(self.ty, self.format, &self.values, lang)
    }
}

fn expected(ty: ColumnType, format: NumberFormat, values: &[String], lang: Lang) -> String {
    match ty {
        // Either style is read (see `number_style`): the column's first.
        ColumnType::Int => match format {
            NumberFormat::Plain => {
                lang.pick("số nguyên, ví dụ 1234 (hoặc 1.234)", "an integer, e.g. 1234 (or 1.234)").into()
            }
            NumberFormat::Vi => {
                lang.pick("số nguyên, ví dụ 1.234 (hoặc 1234)", "an integer, e.g. 1.234 (or 1234)").into()
            }
        },
        ColumnType::Decimal => match format {
            NumberFormat::Plain => {
                lang.pick("số, ví dụ 1234.5 (hoặc 1.234,5)", "a number, e.g. 1234.5 (or 1.234,5)").into()
            }
            NumberFormat::Vi => {
                lang.pick("số, ví dụ 1.234,5 (hoặc 1234.5)", "a number, e.g. 1.234,5 (or 1234.5)").into()
            }
        },
        ColumnType::Bool => {
            lang.pick("có/không (1, 0, có, không, x, true, false)", "yes/no (1, 0, có, không, x, true, false)").into()
        }
        ColumnType::Enum => format!("{} {}", lang.pick("một trong:", "one of:"), values.join(", ")),
        ColumnType::Date => {
            lang.pick("ngày dạng 31/12/2024 hoặc 2024-12-31", "a date like 31/12/2024 or 2024-12-31").into()
        }
        ColumnType::Text => lang.pick("văn bản", "text").into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn plain_and_vietnamese_numbers() {
        assert_eq!(parse_decimal("1234.5", NumberFormat::Plain), Some(d("1234.5")));
        assert_eq!(parse_decimal("1.234,5", NumberFormat::Vi), Some(d("1234.5")));
        assert_eq!(parse_decimal("454,5", NumberFormat::Vi), Some(d("454.5")));
        assert_eq!(parse_int("5.451.000.000", NumberFormat::Vi), Some(5_451_000_000));
        assert_eq!(parse_decimal("-0,05", NumberFormat::Vi), Some(d("-0.05")));
        for bad in ["1,2,3", "1e400", "NaN", "inf", "1.2.3", "12.34.567", "", "-", "1,", ",5"] {
            assert_eq!(parse_decimal(bad, NumberFormat::Vi), None, "{bad}");
        }
        for bad in ["1,23.5", "12,34", "1e3", "NaN", "1.", ".5", "1 000", "0,500"] {
            assert_eq!(parse_decimal(bad, NumberFormat::Plain), None, "{bad}");
        }
        // Commas may group thousands in a plain number, as English machines write.
        assert_eq!(parse_decimal("1,234.5", NumberFormat::Plain), Some(d("1234.5")));
        assert_eq!(parse_int("1,500", NumberFormat::Plain), Some(1500));
        assert_eq!(parse_int("12.5", NumberFormat::Plain), None);
        assert_eq!(parse_int("99999999999999999999", NumberFormat::Plain), None);
    }

    #[test]
    fn the_trim_shortcut_agrees_with_str_trim() {
        let edges = ["", " ", "\t", "\u{a0}", "\u{3000}", "\u{b}", "\u{7f}", "\u{1}", "a", "~", "!", "ễ", "\u{2028}"];
        for a in edges {
            for b in edges {
                for mid in ["", "x", " y ", "Nguyễn Văn"] {
                    let s = format!("{a}{mid}{b}");
                    assert_eq!(trim(&s), s.trim(), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn the_nfc_prefilter_only_passes_normalised_text() {
        use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
        for c in (0u32..0x2000).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            if surely_nfc(&s) {
                assert_eq!(is_nfc_quick(s.chars()), IsNormalized::Yes, "U+{:04X}", c as u32);
                assert_eq!(s.nfc().collect::<String>(), s, "U+{:04X}", c as u32);
            }
        }
        // And it passes exactly what is below U+0300 or a precomposed
        // Vietnamese letter, which is every letter a Vietnamese name needs.
        for c in (0u32..=0x10FFFF).filter_map(char::from_u32) {
            let plain = (c as u32) < 0x300 || (0x1E00..=0x1EFF).contains(&(c as u32));
            assert_eq!(surely_nfc(&format!("a{c}b")), plain, "U+{:04X}", c as u32);
        }
        assert!(surely_nfc("Nguyễn Thị Hằng, Đặng Ưng"));
        assert!(!surely_nfc("Ho\u{0300}a"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// A decimal column's one-pass reading gives the general reader's
        /// cell, scale and style class, on any text of number-like bytes.
        #[test]
        fn plain_decimal_cells_read_as_the_general_reader_reads_them(
            s in proptest::prop_oneof!["[-+0-9., %]{0,12}", "-?[0-9]{1,10}(\\.[0-9]{0,10})?"],
        ) {
            for optional in [false, true] {
                let col: Column = serde_yaml::from_str(if optional {
                    "{type: decimal, optional: true}"
                } else {
                    "decimal"
                })
                .unwrap();
                let general = parse_typed_general(&col, NumberFormat::Plain, &s);
                let fast = parse_typed(&col, NumberFormat::Plain, &s);
                proptest::prop_assert_eq!(format!("{fast:?}"), format!("{general:?}"), "{:?}", s);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Every column type's one-pass reading gives the general reader's
        /// cell and class, in both styles, on text of digits, separators,
        /// spaces, accents (composed and not) and an enum's values.
        #[test]
        fn one_pass_cells_read_as_the_general_reader_reads_them(
            s in proptest::prop_oneof![
                "[-+0-9., %]{0,12}",
                "[ a-z_]{0,3}(tot|xuat_sac|Tốt)?[ a-z]{0,2}",
                "[ \u{a0}a-zA-Z0-9àầẩ\u{300}\u{301}\u{3000}]{0,10}",
            ],
        ) {
            let columns = [
                "int", "{type: int, optional: true}", "{type: int, percent: true}",
                "text", "{type: text, optional: true}",
                "{type: enum, values: [tot, xuat_sac], labels: {tot: \"Tốt\"}}",
                "{type: enum, values: [tot, xuat_sac], optional: true}",
                "decimal",
            ];
            for yaml in columns {
                let col: Column = serde_yaml::from_str(yaml).unwrap();
                for format in [NumberFormat::Plain, NumberFormat::Vi] {
                    let general = parse_typed_general(&col, format, &s);
                    let fast = parse_typed(&col, format, &s);
                    proptest::prop_assert_eq!(format!("{fast:?}"), format!("{general:?}"), "{:?} {}", s, yaml);
                }
            }
        }
    }

    #[test]
    fn plain_decimal_cells_take_the_one_pass_reading() {
        for (s, class) in
            [("93.45", Some(Class::Only(NumberFormat::Plain))), ("12", Some(Class::Same)), ("1.234", None)]
        {
            assert_eq!(plain_decimal_cell(s.as_bytes()).map(|(_, c)| c), class, "{s}");
        }
    }

    #[test]
    fn fast_paths_agree_with_the_general_reader() {
        for s in [
            "0",
            "7",
            "-7",
            "90.00",
            "0.5",
            "-0.50",
            "123456789012345678",
            "1234567890123456789",
            "00012.3400",
            "-0",
            "-0.0",
            "1.",
            ".5",
            "1..2",
            "12a",
            "-",
            "1.2.3",
            "999999999999999999.9",
        ] {
            let slow = parse_decimal_unbounded(s, NumberFormat::Plain).filter(|d| d.abs() < max_magnitude());
            let fast = plain_decimal_fast(s.as_bytes());
            if let Some(f) = fast {
                let g = slow.unwrap_or_else(|| panic!("{s}: fast path accepted what the reader refuses"));
                assert_eq!(
                    (f.mantissa(), f.scale(), f.is_sign_negative()),
                    (g.mantissa(), g.scale(), g.is_sign_negative()),
                    "{s}"
                );
            }
            assert_eq!(parse_decimal(s, NumberFormat::Plain), slow, "{s}");
        }
        for s in ["0", "-0", "12", "-12", "123456789012345678", "1234567890123456789", "1.0", "+1", "1 2"] {
            if let Some(f) = plain_int_fast(s.as_bytes()) {
                assert_eq!(s.parse::<i64>().ok(), Some(f), "{s}");
            }
        }
    }
}
