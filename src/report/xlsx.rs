//! Workbooks out, printed and signed like the HTML: the issuing body and the
//! Quốc hiệu at the top, the title and date line, the signature block at the
//! end, the table's header row repeated on every printed page. For `score`,
//! a summary sheet with the ranking and proposals, then the conference
//! workbook (one sheet per cluster: the criteria tree as rows, units as
//! columns); for `check`, the list a meeting reads (per award: its basis and
//! authority once, then who meets it) and a second sheet with every result
//! and its reasons. Numbers are written as numbers. Bytes are the same on
//! every run: the document's creation date is the evaluation date, never
//! the clock.

use super::check::CheckReport;
use super::score::ScoreReport;
use super::vocab::reasons;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

pub(crate) fn workbook(as_of: chrono::NaiveDate) -> Workbook {
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

pub(crate) fn setup_print(ws: &mut Worksheet, fingerprint: &Option<String>, lang: crate::i18n::Lang) {
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

/// The top of a document: the issuing body (left) and the Quốc hiệu and
/// tiêu ngữ (from column `right`), the title, the date line. Returns the
/// next free row.
fn document_head(
    ws: &mut Worksheet,
    pack: &crate::pack::Pack,
    title: &str,
    date_line: &str,
    right: u16,
    lang: crate::i18n::Lang,
) -> Result<u32, XlsxError> {
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    let motto =
        Format::new().set_bold().set_underline(rust_xlsxwriter::FormatUnderline::Single).set_align(FormatAlign::Center);
    let (nation, words) = match lang {
        crate::i18n::Lang::Vi => ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
        crate::i18n::Lang::En => ("SOCIALIST REPUBLIC OF VIETNAM", "Independence - Freedom - Happiness"),
    };
    for (i, line) in pack.report.issuer.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, line, &Format::new().set_bold())?;
    }
    ws.write_string_with_format(0, right, nation, &bold)?;
    ws.write_string_with_format(1, right, words, &motto)?;
    let row = document_head_rows(pack) - 3;
    ws.write_string_with_format(row, 0, title.to_uppercase(), &Format::new().set_bold().set_font_size(14))?;
    ws.write_string_with_format(row + 1, 0, date_line, &Format::new().set_italic())?;
    Ok(row + 3)
}

/// The rows [`document_head`] takes.
fn document_head_rows(pack: &crate::pack::Pack) -> u32 {
    (pack.report.issuer.len() as u32).max(2) + 4
}

/// The signature block from `row`: place and date above the last signer
/// (day and month left to be written at signing), one column per signer,
/// `step` columns apart, the last in column `last`.
fn signature_block(
    ws: &mut Worksheet,
    pack: &crate::pack::Pack,
    year: i32,
    row: u32,
    last: u16,
    step: u16,
    lang: crate::i18n::Lang,
) -> Result<(), XlsxError> {
    let place = pack.report.place.as_deref().unwrap_or("……………");
    let date = match lang {
        crate::i18n::Lang::Vi => format!("{place}, ngày …… tháng …… năm {year}"),
        crate::i18n::Lang::En => format!("{place}, …… / …… / {year}"),
    };
    let centre = Format::new().set_align(FormatAlign::Center);
    let role = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Center).set_align(FormatAlign::Top);
    let prepared =
        [crate::pack::Signer {
            role: lang.pick("NGƯỜI LẬP BIỂU", "PREPARED BY").into(), role_en: None, name: None
        }];
    let signers: &[crate::pack::Signer] = if pack.report.signers.is_empty() { &prepared } else { &pack.report.signers };
    let first = last.saturating_sub((signers.len() as u16 - 1) * step);
    for (i, s) in signers.iter().enumerate() {
        let col = first + (i as u16) * step;
        if i + 1 == signers.len() {
            ws.write_string_with_format(row, col, &date, &centre.clone().set_italic())?;
        }
        let words = lang.pick_text(&s.role, s.role_en.as_deref());
        ws.write_string_with_format(row + 1, col, words, &role)?;
        ws.set_row_height(row + 1, 15.0 * words.lines().count().max(1) as f64)?;
        if let Some(n) = &s.name {
            ws.write_string_with_format(row + 6, col, n, &Format::new().set_bold().set_align(FormatAlign::Center))?;
        }
    }
    Ok(())
}

/// Rows a cell's text takes when wrapped at `width` characters (Excel does
/// not grow rows for wrapped text that a program wrote).
pub(crate) fn wrapped_lines(text: &str, width: f64) -> u32 {
    text.split('\n')
        .map(|l| ((l.chars().count() as f64 * 0.8) / width.max(1.0)).ceil().max(1.0) as u32)
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
        let widths = [6.0, 8.0, 20.0, 10.0, 18.0, 24.0, 60.0];
        let mut row = document_head(ws, r.pack, &view.title, &meta_line, 5, lang)?;
        let mut breaks = Vec::new();
        for (i, c) in view.clusters.iter().enumerate() {
            // Each cluster's list from the top of a page: a heading and its
            // header row are never left at the foot of the one before.
            if i > 0 {
                breaks.push(row);
            }
            ws.write_string_with_format(row, 0, &c.title, &f.bold)?;
            // One cluster: its header row on every printed page. Several:
            // each begins a page with its own header (a repeated row would
            // print the first cluster's header above the next one's).
            if view.clusters.len() == 1 {
                ws.set_repeat_rows(row + 1, row + 1)?;
            }
            row = write_table(ws, &c.ranking, row + 1, 0, &widths, &f)? + 1;
        }
        ws.set_page_breaks(&breaks)?;
        signature_block(ws, r.pack, chrono::Datelike::year(&r.outcome.as_of), row + 1, 6, 2, lang)?;
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    }

    // One sheet per cluster: the conference table, then the stage differences.
    for c in &view.clusters {
        let ws = wb.add_worksheet();
        let name = c.title.clone();
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
    use chrono::Datelike;
    let lang = r.lang;
    let mut wb = workbook(r.outcome.as_of);
    let head = Format::new().set_bold().set_text_wrap().set_border(FormatBorder::Thin).set_align(FormatAlign::Center);
    let cell = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
    let title = lang.pick_text(&r.pack.title, r.pack.title_en.as_deref()).to_string();
    let date_line = format!("{}: {}", lang.pick("Ngày xét", "Evaluation date"), super::check::judged_on(r));
    // The list a meeting reads: per award, its basis and authority once,
    // then who meets it; the reasons are on the next sheet.
    {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(lang.pick("Danh sách đề nghị", "Proposals")))?;
        setup_print(ws, &r.fingerprint, lang);
        ws.set_portrait();
        let mut row = document_head(ws, r.pack, &title, &date_line, 3, lang)?;
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        let widths = [6.0, 12.0, 30.0, 40.0];
        for (ai, award) in r.pack.awards.iter().enumerate() {
            let results: Vec<_> = r.outcome.results.iter().filter(|x| x.award == ai).collect();
            if results.is_empty() {
                continue;
            }
            let met: Vec<_> = results.iter().filter(|x| x.verdict().proposed()).collect();
            ws.write_string_with_format(
                row,
                0,
                lang.pick_text(&award.name, award.name_en.as_deref()),
                &Format::new().set_bold().set_font_size(12),
            )?;
            row += 1;
            let mut facts = Vec::new();
            if let Some(s) = &award.source {
                facts.push(format!("{}: {s}", lang.pick("Căn cứ", "Basis")));
            }
            if let Some(d) = &award.decider {
                facts.push(format!("{}: {d}", lang.pick("Thẩm quyền", "Decided by")));
            }
            facts.push(match lang {
                crate::i18n::Lang::Vi => format!(
                    "{} lượt xét, {} đạt, {} không đạt (lý do ở trang «Kết quả xét»)",
                    results.len(),
                    met.len(),
                    results.len() - met.len()
                ),
                crate::i18n::Lang::En => format!(
                    "{} checked, {} met, {} not met (reasons on the «Results» sheet)",
                    results.len(),
                    met.len(),
                    results.len() - met.len()
                ),
            });
            for f in facts {
                ws.merge_range(row, 0, row, 3, &f, &wrap)?;
                ws.set_row_height(row, 15.0 * wrapped_lines(&f, 85.0) as f64)?;
                row += 1;
            }
            if met.is_empty() {
                ws.write_string(row, 0, lang.pick("(không có ai đạt)", "(nobody meets it)"))?;
                row += 2;
                continue;
            }
            for (c, h) in [
                lang.pick("STT", "No."),
                lang.pick("Mã", "Key"),
                lang.pick("Họ tên / Tên", "Name"),
                lang.pick("Ghi chú", "Note"),
            ]
            .iter()
            .enumerate()
            {
                ws.write_string_with_format(row, c as u16, *h, &head)?;
            }
            row += 1;
            for (i, x) in met.iter().enumerate() {
                ws.write_number_with_format(row, 0, (i + 1) as f64, &cell)?;
                ws.write_string_with_format(row, 1, super::vocab::shown_key(x, lang), &cell)?;
                ws.write_string_with_format(
                    row,
                    2,
                    x.name.as_ref().map(|n| n.render(lang)).unwrap_or_default(),
                    &cell,
                )?;
                ws.write_string_with_format(row, 3, "", &cell)?;
                row += 1;
            }
            row += 1;
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        signature_block(ws, r.pack, r.outcome.as_of.year(), row + 1, 3, 1, lang)?;
        ws.set_margins(0.5, 0.4, 0.6, 0.6, 0.3, 0.3);
    }
    results_sheet(wb.add_worksheet(), r, &head, &cell)?;
    wb.save_to_buffer()
}

/// The second sheet of the check workbook: every result with its reasons,
/// one row each, for those who must know why.
fn results_sheet(ws: &mut Worksheet, r: &CheckReport, head: &Format, cell: &Format) -> Result<(), XlsxError> {
    let lang = r.lang;
    ws.set_name(sheet_name(lang.pick("Kết quả xét", "Results")))?;
    setup_print(ws, &r.fingerprint, lang);
    let cols = [
        lang.pick("Mã", "Key"),
        lang.pick("Tên", "Name"),
        lang.pick("Danh hiệu", "Award"),
        lang.pick("Kết quả", "Result"),
        lang.pick("Lý do", "Reasons"),
    ];
    for (c, h) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, head)?;
    }
    for (i, x) in r.outcome.results.iter().enumerate() {
        let row = 1 + i as u32;
        let award = &r.pack.awards[x.award];
        let result = super::vocab::verdict(x, lang);
        ws.write_string_with_format(row, 0, super::vocab::shown_key(x, lang), cell)?;
        ws.write_string_with_format(row, 1, x.name.as_ref().map(|n| n.render(lang)).unwrap_or_default(), cell)?;
        ws.write_string_with_format(row, 2, lang.pick_text(&award.name, award.name_en.as_deref()), cell)?;
        ws.write_string_with_format(row, 3, result, cell)?;
        let why = reasons(r.pack, x, lang).join("\n");
        let lines =
            wrapped_lines(&why, 90.0).max(wrapped_lines(lang.pick_text(&award.name, award.name_en.as_deref()), 30.0));
        ws.write_string_with_format(row, 4, why, cell)?;
        if lines > 1 {
            ws.set_row_height(row, 15.0 * lines as f64)?;
        }
    }
    for (c, w) in [10.0, 24.0, 30.0, 14.0, 90.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 2)?;
    // The header row on every printed page.
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}
