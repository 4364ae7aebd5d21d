//! Workbooks out: for `score`, the conference workbook (one sheet per
//! cluster: the criteria tree as rows, group headings bold, units as
//! columns, total and rank rows, frozen panes) and a summary sheet with the
//! ranking and proposals; for `check`, one row per subject and award.
//! Numbers are written as numbers. Bytes are the same on every run: the
//! document's creation date is the evaluation date, never the clock.

use super::check::{reasons, CheckReport};
use super::score::{notes, ScoreReport};
use crate::pack::scorecard::{BonusKind, Node, Scorecard};
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
fn sheet_name(s: &str) -> String {
    s.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect()
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

pub fn score(r: &ScoreReport) -> Result<Vec<u8>, XlsxError> {
    let lang = r.lang;
    let sc: &Scorecard = &r.pack.scorecards[r.outcome.scorecard];
    let nodes = sc.nodes();
    let fin = r.outcome.final_stage();
    let mut wb = workbook(r.outcome.as_of);
    let bold = Format::new().set_bold().set_border(FormatBorder::Thin);
    let head = Format::new().set_bold().set_align(FormatAlign::Center).set_text_wrap().set_border(FormatBorder::Thin);
    let cell = Format::new().set_border(FormatBorder::Thin);
    let number = Format::new().set_num_format("0.00").set_border(FormatBorder::Thin);
    let bold_number = Format::new().set_bold().set_num_format("0.00").set_border(FormatBorder::Thin);
    let title = Format::new().set_bold().set_font_size(14);

    // Summary first: the ranking and the proposals of every cluster.
    {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(lang.pick("Tổng hợp", "Summary")))?;
        setup_print(ws, &r.fingerprint, lang);
        ws.write_string_with_format(0, 0, lang.pick_text(&sc.name, sc.name_en.as_deref()), &title)?;
        ws.write_string(
            1,
            0,
            format!("{}: {}", lang.pick("Ngày xét", "Evaluation date"), r.outcome.as_of.format("%d/%m/%Y")),
        )?;
        let cols = [
            lang.pick("Cụm", "Cluster"),
            lang.pick("Hạng", "Rank"),
            lang.pick("Mã", "Key"),
            lang.pick("Tên", "Name"),
            lang.pick("Tổng điểm", "Total"),
            lang.pick("Xếp loại", "Band"),
            lang.pick("Đề nghị", "Proposal"),
            lang.pick("Ghi chú", "Notes"),
        ];
        for (c, h) in cols.iter().enumerate() {
            ws.write_string_with_format(3, c as u16, *h, &head)?;
        }
        for (i, u) in fin.units.iter().enumerate() {
            let row = 4 + i as u32;
            ws.write_string_with_format(row, 0, &u.cluster, &cell)?;
            match u.rank {
                Some(k) => ws.write_number_with_format(row, 1, k as f64, &cell)?,
                None => ws.write_string_with_format(row, 1, "—", &cell)?,
            };
            ws.write_string_with_format(row, 2, u.key.render(lang), &cell)?;
            ws.write_string_with_format(row, 3, u.name.clone().unwrap_or_default(), &cell)?;
            ws.write_number_with_format(row, 4, num(u.total), &number)?;
            let band = u.band.map(|b| lang.pick_text(&sc.bands[b].name, sc.bands[b].name_en.as_deref()).to_string());
            ws.write_string_with_format(row, 5, band.unwrap_or_default(), &cell)?;
            let prop = u
                .proposal
                .map(|p| lang.pick_text(&sc.proposals[p].name, sc.proposals[p].name_en.as_deref()).to_string());
            ws.write_string_with_format(row, 6, prop.unwrap_or_default(), &cell)?;
            ws.write_string_with_format(row, 7, notes(sc, u, lang).join("; "), &cell)?;
        }
        for (c, w) in [10.0, 7.0, 10.0, 28.0, 11.0, 26.0, 36.0, 60.0].iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        ws.set_freeze_panes(4, 0)?;
    }

    // One sheet per cluster: the conference table.
    let mut clusters: Vec<&str> = fin.units.iter().map(|u| u.cluster.as_str()).collect();
    clusters.dedup();
    for cluster in clusters {
        let units: Vec<_> = fin.units.iter().filter(|u| u.cluster == cluster).collect();
        let ws = wb.add_worksheet();
        let name = if cluster.is_empty() {
            lang.pick("Bảng điểm", "Scores").to_string()
        } else {
            format!("{} {cluster}", lang.pick("Cụm", "Cluster"))
        };
        ws.set_name(sheet_name(&name))?;
        setup_print(ws, &r.fingerprint, lang);
        ws.write_string_with_format(
            0,
            0,
            format!("{} — {name}", lang.pick_text(&sc.name, sc.name_en.as_deref())),
            &title,
        )?;
        ws.write_string_with_format(2, 0, lang.pick("Tiêu chí", "Criterion"), &head)?;
        ws.write_string_with_format(2, 1, lang.pick("Tối đa", "Max"), &head)?;
        for (j, u) in units.iter().enumerate() {
            let label = match &u.name {
                Some(n) => format!("{}\n{n}", u.key.render(lang)),
                None => u.key.render(lang),
            };
            ws.write_string_with_format(2, 2 + j as u16, label, &head)?;
        }
        let last_col = 1 + units.len() as u16;
        let mut row = 3u32;
        fn depth_of(sc: &Scorecard, id: &str) -> usize {
            fn walk(n: &Node, id: &str, d: usize) -> Option<usize> {
                if n.id == id {
                    return Some(d);
                }
                n.children().iter().find_map(|c| walk(c, id, d + 1))
            }
            sc.groups.iter().find_map(|g| walk(g, id, 0)).unwrap_or(0)
        }
        for (i, n) in nodes.iter().enumerate() {
            let is_bonus = sc.bonuses.iter().any(|b| b.id == n.id);
            let indent = "    ".repeat(depth_of(sc, &n.id));
            let label = match (is_bonus, n.kind) {
                (true, Some(BonusKind::Penalty)) => format!("− {}", lang.pick_text(&n.name, n.name_en.as_deref())),
                (true, _) => format!("+ {}", lang.pick_text(&n.name, n.name_en.as_deref())),
                _ => format!("{indent}{}", lang.pick_text(&n.name, n.name_en.as_deref())),
            };
            let (lf, nf) = if n.is_group() { (&bold, &bold_number) } else { (&cell, &number) };
            ws.write_string_with_format(row, 0, label, lf)?;
            ws.write_number_with_format(row, 1, num(Scorecard::max_of(n)), nf)?;
            for (j, u) in units.iter().enumerate() {
                ws.write_number_with_format(row, 2 + j as u16, num(u.points[i]), nf)?;
            }
            row += 1;
        }
        ws.write_string_with_format(row, 0, lang.pick("TỔNG ĐIỂM", "TOTAL"), &bold)?;
        ws.write_number_with_format(row, 1, num(r.outcome.max_total), &bold_number)?;
        for (j, u) in units.iter().enumerate() {
            ws.write_number_with_format(row, 2 + j as u16, num(u.total), &bold_number)?;
        }
        row += 1;
        ws.write_string_with_format(row, 0, lang.pick("Xếp hạng", "Rank"), &bold)?;
        ws.write_string_with_format(row, 1, "", &cell)?;
        for (j, u) in units.iter().enumerate() {
            match u.rank {
                Some(k) => ws.write_number_with_format(row, 2 + j as u16, k as f64, &bold)?,
                None => ws.write_string_with_format(row, 2 + j as u16, "—", &bold)?,
            };
        }
        ws.merge_range(
            1,
            0,
            1,
            last_col.max(1),
            &format!("{}: {}", lang.pick("Ngày xét", "Evaluation date"), r.outcome.as_of.format("%d/%m/%Y")),
            &Format::new().set_italic(),
        )?;
        ws.set_column_width(0, 60)?;
        ws.set_column_width(1, 8)?;
        for j in 0..units.len() {
            ws.set_column_width(2 + j as u16, 14)?;
        }
        ws.set_row_height(2, 45)?;
        ws.set_freeze_panes(3, 2)?;
        ws.set_repeat_rows(2, 2)?;
    }
    wb.save_to_buffer()
}

pub fn check(r: &CheckReport) -> Result<Vec<u8>, XlsxError> {
    let lang = r.lang;
    let mut wb = workbook(r.outcome.as_of);
    let head = Format::new().set_bold().set_text_wrap().set_border(FormatBorder::Thin);
    let cell = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
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
        ws.write_string_with_format(row, 0, x.key.render(lang), &cell)?;
        ws.write_string_with_format(row, 1, x.name.as_ref().map(|n| n.render(lang)).unwrap_or_default(), &cell)?;
        ws.write_string_with_format(row, 2, lang.pick_text(&award.name, award.name_en.as_deref()), &cell)?;
        ws.write_string_with_format(row, 3, result, &cell)?;
        ws.write_string_with_format(row, 4, award.decider.clone().unwrap_or_default(), &cell)?;
        ws.write_string_with_format(row, 5, reasons(r.pack, x, lang).join("\n"), &cell)?;
    }
    for (c, w) in [10.0, 24.0, 30.0, 14.0, 30.0, 90.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 2)?;
    wb.save_to_buffer()
}
