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

/// Escapes a cell for a Markdown table.
pub fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', "<br>")
}
