//! Workbooks out: for `score`, the conference workbook (one sheet per
//! cluster: the criteria tree as rows, group headings bold, units as
//! columns, total and rank rows, frozen panes) and a summary sheet with the
//! ranking and proposals; for `check`, one row per subject and award.
//! Numbers are written as numbers. Bytes are the same on every run: the
//! document's creation date is the evaluation date, never the clock.

use super::check::{reasons, CheckReport};
use super::score::ScoreReport;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

fn workbook(as_of: chrono::NaiveDate) -> Workbook {
    use chrono::Datelike;
    let mut wb = Workbook::new();
    let t = rust_xlsxwriter::ExcelDateTime::from_ymd(as_of.year() as u16, as_of.month() as u8, as_of.day() as u8)
        .unwrap_or_else(|_| rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1).expect("a valid date"));
    wb.set_properties(&DocProperties::new().set_creation_datetime(&t).set_author("thidua"));
    wb
}

/// Sheet names: at most 31 characters, none of `[]:*?/\`.
pub(crate) fn sheet_name(s: &str) -> String {
    crate::data::workbook::sheet_name(s)
}

fn num(d: Decimal) -> f64 {
    d.to_f64().unwrap_or_default()
}

fn setup_print(ws: &mut Worksheet, fingerprint: &Option<String>, lang: crate::i18n::Lang) {
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    // Every printed page carries the run's fingerprint (`verify --expect`).
    let pages = lang.pick("Trang &P/&N", "Page &P/&N");
    match fingerprint {
        Some(fp) => ws.set_footer(format!("&L&8{} {fp}&R{pages}", lang.pick("Mã kiểm chứng:", "Fingerprint:"))),
        None => ws.set_footer(format!("&R{pages}")),
    };
}

/// Rows a cell's text takes when wrapped at `width` characters (Excel does
/// not grow rows for wrapped text that a program wrote).
pub(crate) fn wrapped_lines(text: &str, width: f64) -> u32 {
    text.split('\n')
        .map(|l| ((l.chars().count() as f64 * 1.1) / width.max(1.0)).ceil().max(1.0) as u32)
        .sum::<u32>()
        .max(1)
}

/// Writes a view table from `row`, heading first; returns the next free row.
fn write_table(
    ws: &mut Worksheet,
    t: &super::score_view::Table,
    row: u32,
    col0: u16,
    widths: &[f64],
    f: &Formats,
) -> Result<u32, XlsxError> {
    use super::score_view::RowKind;
    for (c, h) in t.head.iter().enumerate() {
        let text = match t.sub.get(c).filter(|x| !x.is_empty()) {
            Some(sub) => format!("{h}\n{sub}"),
            None => h.clone(),
        };
        ws.write_string_with_format(row, col0 + c as u16, text, &f.head)?;
    }
    let mut at = row + 1;
    for r in &t.rows {
        let bold = matches!(r.kind, RowKind::Group | RowKind::Total | RowKind::Rank);
        let mut height = 1;
        for (c, cell) in r.cells.iter().enumerate() {
            let col = col0 + c as u16;
            match cell.number {
                Some(n) => {
                    // Shown as the view shows it: whole (ranks, maxima) or to the places.
                    let whole = n.fract().is_zero() && !cell.text.contains([',', '.']);
                    let fmt = match (bold, whole) {
                        (true, true) => &f.bold,
                        (false, true) => &f.cell,
                        (true, false) => &f.bold_number,
                        (false, false) => &f.number,
                    };
                    ws.write_number_with_format(at, col, num(n), fmt)?;
                }
                None => {
                    let text = if c == 0 {
                        format!("{}{}", "    ".repeat(r.depth), cell.text.trim_start())
                    } else {
                        cell.text.clone()
                    };
                    height = height.max(wrapped_lines(&text, widths.get(c).copied().unwrap_or(12.0)));
                    ws.write_string_with_format(at, col, text, if bold { &f.bold } else { &f.cell })?;
                }
            }
        }
        if height > 1 {
            ws.set_row_height(at, 15.0 * height as f64)?;
        }
        at += 1;
    }
    Ok(at)
}

struct Formats {
    head: Format,
    cell: Format,
    bold: Format,
    number: Format,
    bold_number: Format,
}

impl Formats {
    fn new() -> Formats {
        // Two places, grouped: Excel shows them in the reader's own style.
        Formats {
            head: Format::new()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_text_wrap()
                .set_border(FormatBorder::Thin),
            cell: Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin),
            bold: Format::new().set_bold().set_align(FormatAlign::Top).set_border(FormatBorder::Thin),
            number: Format::new().set_num_format("#,##0.00").set_align(FormatAlign::Top).set_border(FormatBorder::Thin),
            bold_number: Format::new().set_bold().set_num_format("#,##0.00").set_border(FormatBorder::Thin),
        }
    }
}

pub fn score(r: &ScoreReport) -> Result<Vec<u8>, XlsxError> {
    let lang = r.lang;
    let view = super::score_view::ScoreView::build(r);
    let mut wb = workbook(r.outcome.as_of);
    let f = Formats::new();
    let title = Format::new().set_bold().set_font_size(14);
    let meta = Format::new().set_italic();
    let meta_line = view.meta.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join("   ");

    // Summary first: the ranking and the proposals of every cluster, fitted
    // to the width of an A4 page at a readable size.
    {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(lang.pick("Tổng hợp", "Summary")))?;
        setup_print(ws, &r.fingerprint, lang);
        ws.write_string_with_format(0, 0, &view.title, &title)?;
        ws.write_string_with_format(1, 0, &meta_line, &meta)?;
        let widths = [6.0, 8.0, 20.0, 10.0, 18.0, 24.0, 60.0];
        let mut row = 3;
        for c in &view.clusters {
            ws.write_string_with_format(row, 0, &c.title, &f.bold)?;
            row = write_table(ws, &c.ranking, row + 1, 0, &widths, &f)? + 1;
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    }

    // One sheet per cluster: the conference table, then the stage differences.
    for c in &view.clusters {
        let ws = wb.add_worksheet();
        let name = if c.cluster.is_empty() {
            lang.pick("Bảng điểm", "Scores").to_string()
        } else {
            format!("{} {}", lang.pick("Cụm", "Cluster"), c.cluster)
        };
        ws.set_name(sheet_name(&name))?;
        setup_print(ws, &r.fingerprint, lang);
        ws.write_string_with_format(0, 0, format!("{} — {}", view.title, c.title), &title)?;
        ws.write_string_with_format(1, 0, &meta_line, &meta)?;
        let mut widths = vec![60.0, 8.0];
        widths.extend(std::iter::repeat_n(14.0, c.sheet.head.len().saturating_sub(2)));
        let mut row = write_table(ws, &c.sheet, 2, 0, &widths, &f)?;
        ws.set_row_height(2, 45)?;
        if let Some(st) = &c.stages {
            row += 1;
            ws.write_string_with_format(
                row,
                0,
                lang.pick("Chênh lệch điểm giữa các vòng chấm", "Differences between scoring stages"),
                &f.bold,
            )?;
            // Key, name and criterion share the wide first column.
            let mut flat = st.clone();
            flat.head = std::iter::once(format!("{} — {} — {}", st.head[0], st.head[1], st.head[2]))
                .chain(st.head[3..].iter().cloned())
                .collect();
            for r in &mut flat.rows {
                let first = format!("{} {} — {}", r.cells[0].text, r.cells[1].text, r.cells[2].text);
                r.cells =
                    std::iter::once(super::score_view::Cell::text(first)).chain(r.cells[3..].iter().cloned()).collect();
            }
            write_table(ws, &flat, row + 1, 0, &widths, &f)?;
        }
        for (j, w) in widths.iter().enumerate() {
            ws.set_column_width(j as u16, *w)?;
        }
        ws.set_freeze_panes(3, 2)?;
        ws.set_repeat_rows(2, 2)?;
    }
    wb.save_to_buffer()
}

pub fn check(r: &CheckReport) -> Result<Vec<u8>, XlsxError> {
    let lang = r.lang;
    let mut wb = workbook(r.outcome.as_of);
    let head = Format::new().set_bold().set_text_wrap().set_border(FormatBorder::Thin);
    let cell = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(lang.pick("Kết quả xét", "Results")))?;
    setup_print(ws, &r.fingerprint, lang);
    let cols = [
        lang.pick("Mã", "Key"),
        lang.pick("Tên", "Name"),
        lang.pick("Danh hiệu", "Award"),
        lang.pick("Kết quả", "Result"),
        lang.pick("Thẩm quyền", "Decider"),
        lang.pick("Lý do", "Reasons"),
    ];
    for (c, h) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
    }
    for (i, x) in r.outcome.results.iter().enumerate() {
        let row = 1 + i as u32;
        let award = &r.pack.awards[x.award];
        let result = super::check::verdict(x, lang);
        ws.write_string_with_format(row, 0, super::check::shown_key(x, lang), &cell)?;
        ws.write_string_with_format(row, 1, x.name.as_ref().map(|n| n.render(lang)).unwrap_or_default(), &cell)?;
        ws.write_string_with_format(row, 2, lang.pick_text(&award.name, award.name_en.as_deref()), &cell)?;
        ws.write_string_with_format(row, 3, result, &cell)?;
        ws.write_string_with_format(row, 4, award.decider.clone().unwrap_or_default(), &cell)?;
        let why = reasons(r.pack, x, lang).join("\n");
        let lines = wrapped_lines(&why, 90.0).max(wrapped_lines(&award.decider.clone().unwrap_or_default(), 30.0));
        ws.write_string_with_format(row, 5, why, &cell)?;
        if lines > 1 {
            ws.set_row_height(row, 15.0 * lines as f64)?;
        }
    }
    for (c, w) in [10.0, 24.0, 30.0, 14.0, 30.0, 90.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 2)?;
    wb.save_to_buffer()
}
