//! Plain-text layout helpers: aligned columns by display width.

use unicode_width::UnicodeWidthStr;

/// Lays out rows as aligned columns separated by two spaces, with a rule
/// under the header. The last column is not padded.
pub fn columns(header: &[String], rows: &[Vec<String>]) -> String {
    let n = header.len();
    let mut w: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(n) {
            w[i] = w[i].max(c.width());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            s.push_str(c);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(w[i] - c.width() + 2));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(header);
    out += &line(&w.iter().map(|&k| "─".repeat(k)).collect::<Vec<_>>());
    for r in rows {
        out += &line(r);
    }
    out
}

/// Escapes a cell for a Markdown table: a name or reason holding `<` is
/// text, never a tag a renderer would run (`&` stays: "KH&CN" reads as
/// written, and an entity runs nothing).
pub fn md_cell(s: &str) -> String {
    s.replace('<', "&lt;").replace('>', "&gt;").replace('|', "\\|").replace('\n', "<br>")
}

/// A text cell of a CSV output as a spreadsheet will show it, never run it:
/// Excel and LibreOffice take a cell starting with `=`, `+`, `-` or `@`
/// (or a tab or carriage return) as a formula, so such a cell gets a
/// leading `'`, which both show as text. Numbers (`-2.5` points) are left
/// as they are.
pub fn csv_text(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if s.parse::<rust_decimal::Decimal>().is_err() => {
            std::borrow::Cow::Owned(format!("'{s}"))
        }
        _ => std::borrow::Cow::Borrowed(s),
    }
}

/// Appends `s` as one field of a CSV record (through [`csv_text`]). A field
/// with no separator, quote or line break is written as it is, as the `csv`
/// crate would; the others are quoted by it.
pub fn push_csv_field(out: &mut Vec<u8>, s: &str) {
    // The usual field (a code, a name) is copied as it is. Its bytes are
    // looked at without stopping at the first that matters: a loop with no
    // early exit compares several at once (a national file writes two such
    // fields a row).
    let b = s.as_bytes();
    let formula = matches!(b.first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'));
    let special = b.iter().fold(false, |any, &c| any | matches!(c, b',' | b'"' | b'\r' | b'\n'));
    if !formula && !special {
        out.extend_from_slice(b);
        return;
    }
    let s = csv_text(s);
    if !s.bytes().any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n')) {
        out.extend_from_slice(s.as_bytes());
        return;
    }
    // A whole record of one field: the closing quote comes with its end.
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let _ = w.write_record([&*s]);
    let bytes = w.into_inner().unwrap_or_default();
    out.extend_from_slice(bytes.strip_suffix(b"\n").unwrap_or(&bytes));
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Any field reads back as the `csv` crate writes what
        /// [`csv_text`] makes of it: quoted, escaped and guarded alike.
        #[test]
        fn any_field_is_written_as_the_csv_crate_writes_it(field in "[=+@\\-\t\r\n,\"a-zA-Zà-ỹ0-9. ]{0,12}") {
            let mut ours = Vec::new();
            push_csv_field(&mut ours, &field);
            ours.extend_from_slice(b",x\n");
            let mut w = ::csv::Writer::from_writer(Vec::new());
            w.write_record([&*csv_text(&field), "x"]).unwrap();
            proptest::prop_assert_eq!(ours, w.into_inner().unwrap());
        }
    }

    #[test]
    fn a_field_is_quoted_only_when_the_csv_crate_would() {
        for field in ["An", "Nguyễn Văn An", "a,b", "say \"hi\"", "two\nlines", "cr\r", "", "=1+1", " spaced "] {
            let mut ours = Vec::new();
            push_csv_field(&mut ours, field);
            ours.extend_from_slice(b",x\n");
            let mut w = ::csv::Writer::from_writer(Vec::new());
            w.write_record([&*csv_text(field), "x"]).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(w.into_inner().unwrap()).unwrap(),
                "{field:?}"
            );
        }
    }

    #[test]
    fn a_formula_is_written_as_text_and_a_number_as_it_is() {
        assert_eq!(csv_text("=1+1"), "'=1+1");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("-cmd"), "'-cmd");
        assert_eq!(csv_text("-2.5"), "-2.5");
        assert_eq!(csv_text("+3"), "+3");
        assert_eq!(csv_text("Nguyễn Văn An"), "Nguyễn Văn An");
        assert_eq!(md_cell("<b>a|b</b>\nc"), "&lt;b&gt;a\\|b&lt;/b&gt;<br>c");
    }
}
