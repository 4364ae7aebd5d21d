//! `thidua template`: the workbook a council sends to its communes. One sheet
//! per dataset, headed by the columns' labels (which the reader accepts as
//! well as the codes), with dropdowns for choices and yes/no, number and date
//! checks, a hint on every column, and a sheet explaining each column and
//! the criteria that read it. Filled with data when given, so that last
//! year's file can be sent back to be corrected.

use crate::data::{Table, Value};
use crate::i18n::Lang;
use crate::pack::{Column, ColumnType, Dataset, Pack};
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};

/// The guide's column widths, in characters.
const GUIDE_WIDTHS: [f64; 6] = [16.0, 40.0, 24.0, 45.0, 10.0, 70.0];

/// Rows a template's checks cover below the header.
const ROWS: u32 = 5000;

/// The header a template writes for a column: its label, else its code.
fn header(name: &str, col: &Column, lang: Lang) -> String {
    col.label_in(name, lang).to_string()
}

/// What a cell of a choice column may hold, as people type it.
fn words(col: &Column, lang: Lang) -> Vec<String> {
    col.values.iter().map(|v| col.value_label(v, lang).to_string()).collect()
}

fn yes_no(lang: Lang) -> [&'static str; 2] {
    [crate::i18n::yes_no(lang, true), crate::i18n::yes_no(lang, false)]
}

/// The rules that read a column of `ds`: each award's criteria (and what
/// it applies to), each scorecard item, gate and vote count naming it.
fn readers(pack: &Pack, ds: &Dataset, column: &str, lang: Lang) -> Vec<String> {
    let reads = |src: &str| crate::ground::lex::identifiers(src).iter().any(|i| i == column);
    let mut out = Vec::new();
    // Rules on other datasets naming this column: a collective's on its
    // members' columns (`thanh_vien.so_co("…")`), a member's on its
    // collective's (`tap_the.gia_tri("…")`).
    let named_by = |src: &str, recv: &str| {
        crate::script::names::name_uses(src, &[], &[recv]).iter().any(|u| {
            matches!(&u.kind, crate::script::names::NameKind::Call { recv: r, arg: 0, .. } if r == recv)
                && u.name.as_deref() == Some(column)
        })
    };
    let via = |a: &crate::pack::Award| -> Option<&'static str> {
        let on = pack.datasets.get(&a.dataset_id)?;
        if on.members.as_ref().is_some_and(|m| m.dataset == ds.id) {
            return Some("thanh_vien");
        }
        ds.members.as_ref().is_some_and(|m| m.dataset == a.dataset_id).then_some(crate::script::collective::VAR)
    };
    for a in pack.awards.iter() {
        let Some(recv) = via(a) else { continue };
        for c in a.criteria.iter().filter(|c| named_by(&c.condition, recv)) {
            let award = lang.pick_text(&a.name, a.name_en.as_deref());
            out.push(format!("{award}: {}", crate::report::vocab::criterion_title(c, lang)));
        }
    }
    for a in pack.awards.iter().filter(|a| a.dataset_id == ds.id) {
        let award = lang.pick_text(&a.name, a.name_en.as_deref());
        if a.applies_when.as_deref().is_some_and(reads) {
            out.push(format!("{award}: {}", lang.pick("đối tượng được xét", "who is considered")));
        }
        for c in &a.criteria {
            if std::iter::once(&c.condition).chain(c.applies_when.iter()).any(|src| reads(src)) {
                out.push(format!("{award}: {}", crate::report::vocab::criterion_title(c, lang)));
            }
        }
    }
    for sc in pack.scorecards.iter().filter(|sc| sc.dataset == ds.id || sc.join.contains(&ds.id)) {
        let card = lang.pick_text(&sc.name, sc.name_en.as_deref());
        for n in sc.nodes() {
            let texts = [&n.actual, &n.target, &n.value].into_iter().flatten().map(|e| e.0.as_str());
            if texts.chain(n.when.as_deref()).chain(n.script.as_deref()).any(reads) {
                out.push(format!("{card}: {}", lang.pick_text(&n.name, n.name_en.as_deref())));
            }
        }
        for g in sc.disqualify.iter().filter(|g| reads(&g.when)) {
            out.push(format!("{card}: {}", lang.pick_text(&g.text, g.text_en.as_deref())));
        }
        if sc.votes.as_ref().is_some_and(|v| v.for_ == column || v.of == column) {
            out.push(format!("{card}: {}", lang.pick("tỷ lệ phiếu bầu", "vote share")));
        }
        if sc.stages.as_ref().is_some_and(|st| st.column == column) {
            out.push(format!("{card}: {}", lang.pick("vòng chấm", "scoring stage")));
        }
        if sc.group_by.as_deref() == Some(column) {
            out.push(format!("{card}: {}", lang.pick("cụm của đơn vị", "the unit's cluster")));
        }
    }
    out
}

/// One cell as a spreadsheet should hold it: numbers as numbers when the
/// number survives the spreadsheet's binary form, dates as dates, choices
/// and yes/no as words.
fn write_value(
    ws: &mut Worksheet,
    row: u32,
    c: u16,
    v: &Value,
    col: &Column,
    lang: Lang,
    date: &Format,
) -> Result<(), XlsxError> {
    match v {
        Value::Null => Ok(()),
        Value::Int(i) if i.unsigned_abs() < (1u64 << 53) => ws.write_number(row, c, *i as f64).map(|_| ()),
        Value::Dec(d) => {
            use rust_decimal::prelude::ToPrimitive;
            let f = d.to_f64().unwrap_or_default();
            // Written as a number only when it reads back as the same number.
            if format!("{f}").parse::<rust_decimal::Decimal>().ok() == Some(d.normalize()) {
                ws.write_number(row, c, f).map(|_| ())
            } else {
                ws.write_string(row, c, d.normalize().to_string()).map(|_| ())
            }
        }
        Value::Date(d) => {
            use chrono::Datelike;
            let t = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(row, c, &t, date).map(|_| ())
        }
        Value::Bool(false) if col.checklist => Ok(()),
        Value::Bool(true) if col.checklist => ws.write_string(row, c, "x").map(|_| ()),
        Value::Bool(b) => ws.write_string(row, c, crate::i18n::yes_no(lang, *b)).map(|_| ()),
        Value::Text(t) if col.ty == ColumnType::Enum => ws.write_string(row, c, col.value_label(t, lang)).map(|_| ()),
        other => ws.write_string(row, c, other.render(lang)).map(|_| ()),
    }
}

/// The workbook for `datasets` of `pack`, with `tables` filled in.
pub fn workbook(
    pack: &Pack,
    datasets: &[&Dataset],
    tables: &indexmap::IndexMap<String, Table>,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_background_color("DDEBF7");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    // Choice lists live on a sheet of their own: a list written into the
    // check itself may not exceed 255 characters.
    let mut lists: Vec<(String, Vec<String>)> = Vec::new();
    for ds in datasets {
        let ws = wb.add_worksheet();
        ws.set_name(super::xlsx::sheet_name(&ds.id))?;
        for (c, (name, col)) in ds.columns.iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(0, c, header(name, col, lang), &head)?;
            let longest = tables
                .get(&ds.id)
                .map(|t| t.rows.iter().map(|r| r.values[c as usize].render(lang).chars().count()).max().unwrap_or(0))
                .unwrap_or(0);
            let width = header(name, col, lang).chars().count().min(30).max(longest + 2).clamp(12, 40);
            ws.set_column_width(c, width as f64)?;
            let expected = crate::data::value::Expected::of(col, ds.number_format_of(col)).render(lang);
            let need = if col.optional {
                lang.pick("có thể để trống", "may be left empty")
            } else {
                lang.pick("bắt buộc", "required")
            };
            let hint: String = format!("{expected}; {need}").chars().take(255).collect();
            let title: String = header(name, col, lang).chars().take(32).collect();
            let rule = match col.ty {
                ColumnType::Enum | ColumnType::Bool => {
                    let items: Vec<String> = match col.ty {
                        ColumnType::Enum => words(col, lang),
                        // A checklist is marked or left empty.
                        _ if col.checklist => vec!["x".to_string()],
                        _ => yes_no(lang).map(String::from).to_vec(),
                    };
                    let at = lists.len() as u32 + 1;
                    lists.push((format!("{}.{name}", ds.id), items.clone()));
                    let list_sheet = lang.pick("Danh mục", "Lists");
                    let range = format!(
                        "='{list_sheet}'!${col}${first}:${col}${last}",
                        col = crate::data::workbook::column_letters(at - 1),
                        first = 2,
                        last = items.len() + 1
                    );
                    DataValidation::new().allow_list_formula(Formula::new(range))
                }
                ColumnType::Int => {
                    DataValidation::new().allow_whole_number(DataValidationRule::Between(i32::MIN, i32::MAX))
                }
                ColumnType::Decimal => {
                    DataValidation::new().allow_decimal_number(DataValidationRule::Between(f64::MIN, f64::MAX))
                }
                ColumnType::Date => {
                    let lo = ExcelDateTime::from_ymd(1900, 1, 1)?;
                    let hi = ExcelDateTime::from_ymd(9999, 12, 31)?;
                    ws.set_column_format(c, &date)?;
                    DataValidation::new().allow_date(DataValidationRule::Between(lo, hi))
                }
                ColumnType::Text => DataValidation::new().allow_any_value(),
            };
            let rule =
                rule.ignore_blank(col.optional || col.checklist).set_input_title(title)?.set_input_message(hint)?;
            ws.add_data_validation(1, c, ROWS, c, &rule)?;
        }
        ws.set_freeze_panes(1, 0)?;
        ws.set_row_height(0, 45)?;
        ws.set_landscape();
        ws.set_paper_size(9); // A4
        if let Some(t) = tables.get(&ds.id) {
            for (r, row) in t.rows.iter().enumerate() {
                for (c, ((_, col), v)) in ds.columns.iter().zip(&row.values).enumerate() {
                    write_value(ws, r as u32 + 1, c as u16, v, col, lang, &date)?;
                }
            }
        }
    }
    guide_sheet(wb.add_worksheet(), pack, datasets, lang, &head, &wrap)?;
    let list_ws = wb.add_worksheet();
    list_ws.set_name(lang.pick("Danh mục", "Lists"))?;
    for (c, (title, items)) in lists.iter().enumerate() {
        list_ws.write_string_with_format(0, c as u16, title, &head)?;
        for (i, item) in items.iter().enumerate() {
            list_ws.write_string(i as u32 + 1, c as u16, item)?;
        }
        list_ws.set_column_width(c as u16, 30)?;
    }
    wb.save_to_buffer()
}

/// The guide sheet: every column, how to fill it, and the criteria that read it.
fn guide_sheet(
    guide: &mut rust_xlsxwriter::Worksheet,
    pack: &Pack,
    datasets: &[&Dataset],
    lang: Lang,
    head: &Format,
    wrap: &Format,
) -> Result<(), XlsxError> {
    guide.set_name(lang.pick("Hướng dẫn", "Guide"))?;
    let cols = [
        lang.pick("Trang", "Sheet"),
        lang.pick("Cột (tiêu đề)", "Column (header)"),
        lang.pick("Mã cột", "Code"),
        lang.pick("Cách nhập", "How to fill"),
        lang.pick("Bắt buộc", "Required"),
        lang.pick("Tiêu chí đọc cột này", "Criteria reading it"),
    ];
    for (c, h) in cols.iter().enumerate() {
        guide.write_string_with_format(0, c as u16, *h, head)?;
    }
    let mut r = 1u32;
    for ds in datasets {
        for (name, col) in &ds.columns {
            let expected = crate::data::value::Expected::of(col, ds.number_format_of(col)).render(lang);
            let key_note = if *name == ds.key { lang.pick(" (mã, không trùng)", " (key, unique)") } else { "" };
            let cells = [
                super::xlsx::sheet_name(&ds.id),
                header(name, col, lang),
                format!("{name}{key_note}"),
                expected,
                crate::i18n::yes_no(lang, !col.optional).to_string(),
                readers(pack, ds, name, lang).join("\n"),
            ];
            // Rows as tall as their longest cell: a spreadsheet does not
            // grow them by itself for a written file.
            let mut lines = 1;
            for (c, (text, width)) in cells.iter().zip(GUIDE_WIDTHS).enumerate() {
                guide.write_string_with_format(r, c as u16, text, wrap)?;
                lines = lines.max(super::xlsx::wrapped_lines(text, width));
            }
            if lines > 1 {
                guide.set_row_height(r, 15.0 * lines as f64)?;
            }
            r += 1;
        }
    }
    for (c, w) in GUIDE_WIDTHS.iter().enumerate() {
        guide.set_column_width(c as u16, *w)?;
    }
    guide.set_freeze_panes(1, 0)?;
    guide.set_landscape();
    guide.set_paper_size(9); // A4
    guide.set_print_fit_to_pages(1, 0);
    Ok(())
}
