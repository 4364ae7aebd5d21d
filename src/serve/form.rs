//! Pre-checking one nomination: a form made from the dataset's schema (a
//! field per column: dropdowns for choices and yes/no, date fields), with
//! rows for earlier years and for members where the dataset has them. The
//! form's values become one-row CSV files that the CLI judges; the answer is
//! the CLI's own report, shown beside the form as the officer types.

use super::pages::{esc, failed, not_found};
use super::run::{Request, Upload};
use super::{bounded, fields, Shared};
use crate::i18n::Lang;
use crate::pack::{Column, ColumnType, Dataset, Pack};
use crate::report::Format;
use axum::extract::{Form, Path, State as St};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// Rows shown at first for earlier years and for members; the officer adds
/// and removes rows as needed (and pastes them from a spreadsheet).
const ROWS: usize = 3;

/// The datasets whose rows hang off one subject of `ds_id`: its histories
/// (linked by the key) and its members (linked by `via`).
fn related<'a>(pk: &'a Pack, ds_id: &'a str) -> Vec<(&'a str, &'a Dataset, &'a str)> {
    let ds = &pk.datasets[ds_id];
    let mut out: Vec<(&str, &Dataset, &str)> = pk
        .datasets
        .iter()
        .filter(|(_, d)| d.history.as_ref().is_some_and(|h| h.of == ds_id))
        .map(|(id, d)| (id.as_str(), d, d.key.as_str()))
        .collect();
    if let Some(m) = &ds.members {
        if let Some(md) = pk.datasets.get(&m.dataset) {
            out.push((m.dataset.as_str(), md, m.via.as_str()));
        }
    }
    out
}

/// One field for a column; `name` is the form field's name. Dates are typed
/// as Vietnamese write them (ngày/tháng/năm) whatever the browser's
/// language, and echoed in words beside the field.
fn input(pk: &Pack, ds: &Dataset, col: &Column, code: &str, name: &str, value: &str, lang: Lang) -> String {
    let label = fields::label(ds, code, col, lang);
    if let Some(options) = fields::choices(pk, ds, code, col, lang) {
        let mut s =
            format!("<select name=\"{}\" aria-label=\"{}\"><option value=\"\"></option>", esc(name), esc(&label));
        for (v, text) in options {
            let sel = if v == value { " selected=\"selected\"" } else { "" };
            s += &format!("<option value=\"{}\"{sel}>{}</option>", esc(&v), esc(&text));
        }
        return s + "</select>";
    }
    match col.ty {
        ColumnType::Date => format!(
            "<span class=\"date\"><input type=\"text\" class=\"date\" inputmode=\"numeric\" autocomplete=\"off\" name=\"{}\" value=\"{}\" aria-label=\"{}\" placeholder=\"{}\" size=\"10\"/><small class=\"echo\"></small></span>",
            esc(name),
            esc(value),
            esc(&label),
            lang.pick("ngày/tháng/năm", "day/month/year")
        ),
        ColumnType::Int | ColumnType::Decimal => format!(
            "<input type=\"text\" inputmode=\"decimal\" name=\"{}\" value=\"{}\" aria-label=\"{}\" size=\"8\"/>",
            esc(name),
            esc(value),
            esc(&label)
        ),
        _ => format!(
            "<input type=\"text\" name=\"{}\" value=\"{}\" aria-label=\"{}\"/>",
            esc(name),
            esc(value),
            esc(&label)
        ),
    }
}

/// `*` after a column that must be filled.
fn required(col: &Column) -> &'static str {
    if col.optional || col.checklist {
        ""
    } else {
        " <b class=\"req\" title=\"bắt buộc / required\">*</b>"
    }
}

/// The columns a related row is typed with: all but the link to the subject.
fn row_columns<'a>(rd: &'a Dataset, link: &str) -> Vec<(&'a String, &'a Column)> {
    rd.columns.iter().filter(|(c, _)| c.as_str() != link).collect()
}

/// One row of a related table; `i` is its index in field names.
fn row_html(pk: &Pack, rid: &str, rd: &Dataset, link: &str, i: &str, lang: Lang) -> String {
    let mut row = String::from("<tr>");
    for (code, col) in row_columns(rd, link) {
        row += &format!("<td>{}</td>", input(pk, rd, col, code, &format!("{rid}.{i}.{code}"), "", lang));
    }
    row.push_str(&format!(
        "<td class=\"act\"><button type=\"button\" class=\"remove\" title=\"{0}\" aria-label=\"{0}\">×</button></td></tr>",
        lang.pick("Xoá dòng", "Remove the row")
    ));
    row
}

/// A related table: its rows, a button that adds one, a box to paste rows
/// copied from a spreadsheet (columns in the table's order).
fn related_html(pk: &Pack, rid: &str, rd: &Dataset, link: &str, lang: Lang) -> String {
    let cols = row_columns(rd, link);
    let mut body = format!(
        "<fieldset class=\"rows\" data-rows=\"{}\"><legend>{}</legend><table><thead><tr>",
        esc(rid),
        esc(rd.title.as_deref().unwrap_or(rid))
    );
    for (code, col) in &cols {
        body += &format!("<th>{}{}</th>", esc(&fields::label(rd, code, col, lang)), required(col));
    }
    body += "<th></th></tr></thead><tbody>";
    for i in 0..ROWS {
        body += &row_html(pk, rid, rd, link, &i.to_string(), lang);
    }
    body += "</tbody></table>";
    body += &format!("<template>{}</template>", row_html(pk, rid, rd, link, "__i__", lang));
    let heads: Vec<String> = cols.iter().map(|(c, col)| fields::label(rd, c, col, lang)).collect();
    body += &format!(
        "<p class=\"row-tools\"><button type=\"button\" class=\"add\">{}</button></p><details class=\"paste\"><summary>{}</summary><p><small>{}</small></p><textarea rows=\"4\" aria-label=\"{}\"></textarea><button type=\"button\" class=\"paste\">{}</button></details></fieldset>",
        lang.pick("+ Thêm dòng", "+ Add a row"),
        lang.pick("Dán nhiều dòng từ bảng tính", "Paste rows from a spreadsheet"),
        esc(&match lang {
            Lang::Vi => format!("Chép các dòng từ Excel (các cột theo thứ tự: {}) rồi dán vào đây.", heads.join("; ")),
            Lang::En => format!("Copy rows from Excel (columns in this order: {}) and paste them here.", heads.join("; ")),
        }),
        lang.pick("Dán dòng từ bảng tính", "Paste rows"),
        lang.pick("Đưa vào bảng", "Add to the table"),
    );
    body
}

/// The pack's evaluation date, if it has one (else the officer gives it).
fn pack_date(pk: &Pack) -> Option<chrono::NaiveDate> {
    pk.as_of.or(pk.effective.to)
}

pub async fn page_for(s: &Shared, id: &str, ds_id: &str) -> Response {
    let lang = s.lang;
    let Some(p) = s.pack(id) else { return not_found(St(s.clone())).await };
    let pk = &p.cp.pack;
    let Some(ds) = pk.datasets.get(ds_id).filter(|d| d.composed.is_none() && d.history.is_none()) else {
        return not_found(St(s.clone())).await;
    };
    // Tables of many columns (a collective's members) take the page's width.
    let wide = related(pk, ds_id).iter().any(|(_, rd, link)| row_columns(rd, link).len() > 5);
    let mut body = format!(
        "<p>{}</p><div class=\"precheck{}\"><form method=\"post\" action=\"/goi/{}/kiem-tra/{}\" target=\"ket-qua\" class=\"live\">",
        lang.pick(
            "Nhập số liệu của một hồ sơ: kết quả hiện bên cạnh ngay khi nhập, bằng đúng lời của báo cáo. Ô có dấu * là bắt buộc. Ngày viết theo kiểu Việt Nam: ngày/tháng/năm.",
            "Type one nomination's data: the answer appears beside it as you type, in the report's own words. Fields marked * are required. Dates are day/month/year."
        ),
        if wide { " wide" } else { "" },
        esc(id),
        esc(ds_id)
    );
    body += &format!("<fieldset><legend>{}</legend>", esc(ds.title.as_deref().unwrap_or(ds_id)));
    for (code, col) in &ds.columns {
        body += &format!(
            "<label><span>{}{}</span>{}</label>",
            esc(&fields::label(ds, code, col, lang)),
            required(col),
            input(pk, ds, col, code, &format!("c.{code}"), "", lang)
        );
    }
    body += "</fieldset>";
    for (rid, rd, link) in related(pk, ds_id) {
        body += &related_html(pk, rid, rd, link, lang);
    }
    let as_of = pack_date(pk).map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default();
    body += &format!(
        "<fieldset><label><span>{}{}</span><span class=\"date\"><input type=\"text\" class=\"date\" inputmode=\"numeric\" autocomplete=\"off\" name=\"as_of\" value=\"{as_of}\" aria-label=\"{0}\" placeholder=\"{}\" size=\"10\"/><small class=\"echo\"></small></span></label></fieldset><p class=\"buttons\"><button type=\"submit\">{}</button><button type=\"button\" class=\"print\">{}</button><button type=\"submit\" name=\"format\" value=\"zip\" class=\"secondary\">{}</button></p></form>",
        lang.pick("Ngày xét", "Evaluation date"),
        if pack_date(pk).is_none() { " <b class=\"req\">*</b>" } else { "" },
        lang.pick("ngày/tháng/năm", "day/month/year"),
        lang.pick("Xét", "Check"),
        lang.pick("In kết quả", "Print the result"),
        lang.pick("Tải hồ sơ kiểm chứng (zip)", "Download the verifiable record (zip)"),
    );
    body += "<iframe name=\"ket-qua\" class=\"result\" title=\"ket-qua\"></iframe></div>";
    let trail = vec![(format!("/goi/{id}"), lang.pick_text(&pk.title, pk.title_en.as_deref()).to_string())];
    super::pages::page(lang, lang.pick("Kiểm tra trước một hồ sơ", "Pre-check one nomination"), &trail, &body)
}

pub async fn page(St(s): St<Shared>, Path((id, ds_id)): Path<(String, String)>) -> Response {
    page_for(&s, &id, &ds_id).await
}

/// One CSV file from form fields: the header of every column, then each row.
fn csv_of(ds: &Dataset, rows: &[Vec<(String, String)>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(ds.columns.keys());
    for r in rows {
        let cells = ds.columns.keys().map(|c| r.iter().find(|(k, _)| k == c).map(|(_, v)| v.as_str()).unwrap_or(""));
        let _ = w.write_record(cells);
    }
    w.into_inner().unwrap_or_default()
}

/// A filled-in form read: the files it stands for, the days it used (to
/// echo in words), and, for the rows of each related table, the field
/// prefix of each row written (to name a row of a file as the form shows it).
pub struct Typed {
    pub files: Vec<Upload>,
    pub dates: Vec<(String, chrono::NaiveDate)>,
    pub rows: Vec<(String, Vec<(usize, String)>)>,
    pub as_of: Option<chrono::NaiveDate>,
}

/// Reads a filled-in form: every field as its column reads it, every
/// problem named on its field. A related table's rows are those typed, in
/// the order shown, however many (up to the row limit).
pub fn typed(
    pk: &Pack,
    ds_id: &str,
    form: &[(String, String)],
    max_rows: usize,
    lang: Lang,
) -> Result<Typed, Vec<fields::Problem>> {
    let ds = &pk.datasets[ds_id];
    let value = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("");
    let (mut problems, mut dates) = (Vec::new(), Vec::new());
    let mut own = Vec::new();
    for (code, col) in &ds.columns {
        let name = format!("c.{code}");
        let what = fields::label(ds, code, col, lang);
        match fields::read(ds, col, value(&name), &what, lang) {
            Ok(Some(r)) => {
                if let Some(d) = r.date {
                    dates.push((what, d));
                }
                own.push((code.clone(), r.cell));
            }
            Ok(None) => {}
            Err(text) => problems.push(fields::Problem { field: name, text }),
        }
    }
    let key = own.iter().find(|(c, _)| *c == ds.key).map(|(_, v)| v.clone()).unwrap_or_default();
    let mut files =
        vec![Upload { dataset: ds_id.into(), name: format!("{ds_id}.csv"), bytes: csv_of(ds, &[own]).into() }];
    let mut positions = Vec::new();
    for (rid, rd, link) in related(pk, ds_id) {
        let title = rd.title.as_deref().unwrap_or(rid);
        // Rows by their index in field names: as many as were sent.
        let mut by_index: std::collections::BTreeMap<usize, Vec<(&str, &str)>> = Default::default();
        for (k, v) in form {
            let Some((i, code)) = k.strip_prefix(rid).and_then(|r| r.strip_prefix('.')).and_then(|r| r.split_once('.'))
            else {
                continue;
            };
            if let Ok(i) = i.parse::<usize>() {
                by_index.entry(i).or_default().push((code, v.as_str()));
            }
        }
        if by_index.len() > max_rows {
            problems.push(fields::Problem {
                field: String::new(),
                text: match lang {
                    Lang::Vi => format!("«{title}»: {} dòng, quá giới hạn {max_rows} dòng", by_index.len()),
                    Lang::En => format!("«{title}»: {} rows, more than the limit of {max_rows}", by_index.len()),
                },
            });
            continue;
        }
        let (mut rows, mut written) = (Vec::new(), Vec::new());
        // The same day in many rows is echoed once, with its rows.
        let mut days: Vec<(String, chrono::NaiveDate, Vec<usize>)> = Vec::new();
        for (shown, (i, cells)) in by_index.iter().enumerate() {
            if cells.iter().all(|(_, v)| v.trim().is_empty()) {
                continue;
            }
            let mut row = vec![(link.to_string(), key.clone())];
            for (code, col) in row_columns(rd, link) {
                let name = format!("{rid}.{i}.{code}");
                let raw = cells.iter().find(|(c, _)| c == code).map(|(_, v)| *v).unwrap_or("");
                let what = match lang {
                    Lang::Vi => format!("«{title}», dòng {}: {}", shown + 1, fields::label(rd, code, col, lang)),
                    Lang::En => format!("«{title}», row {}: {}", shown + 1, fields::label(rd, code, col, lang)),
                };
                match fields::read(rd, col, raw, &what, lang) {
                    Ok(Some(r)) => {
                        if let Some(d) = r.date {
                            let label = fields::label(rd, code, col, lang);
                            match days.iter_mut().find(|(l, day, _)| *l == label && *day == d) {
                                Some((_, _, at)) => at.push(shown + 1),
                                None => days.push((label, d, vec![shown + 1])),
                            }
                        }
                        row.push((code.clone(), r.cell));
                    }
                    Ok(None) => {}
                    Err(text) => problems.push(fields::Problem { field: name, text }),
                }
            }
            rows.push(row);
            written.push((shown + 1, format!("{rid}.{i}.")));
        }
        for (label, d, at) in days {
            let what = match lang {
                Lang::Vi => format!("«{title}», dòng {}: {label}", row_list(&at)),
                Lang::En => format!("«{title}», rows {}: {label}", row_list(&at)),
            };
            dates.push((what, d));
        }
        // No rows typed: the dataset is not given, and awards that need it
        // say so (a file with a header only is refused as empty).
        if !rows.is_empty() {
            files.push(Upload { dataset: rid.into(), name: format!("{rid}.csv"), bytes: csv_of(rd, &rows).into() });
            positions.push((rid.to_string(), written));
        }
    }
    let when = lang.pick("Ngày xét", "Evaluation date").to_string();
    let as_of = evaluation_date(pk, value("as_of"), &when, lang, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    if let Some(d) = as_of.or(pack_date(pk)) {
        dates.insert(0, (when, d));
    }
    Ok(Typed { files, dates, rows: positions, as_of })
}

/// The evaluation date typed on the form: day first, required when the pack
/// sets none; a problem on the `as_of` field otherwise.
fn evaluation_date(
    pk: &Pack,
    typed: &str,
    when: &str,
    lang: Lang,
    problems: &mut Vec<fields::Problem>,
) -> Option<chrono::NaiveDate> {
    match typed.trim() {
        "" if pack_date(pk).is_none() => {
            problems.push(fields::Problem {
                field: "as_of".into(),
                text: match lang {
                    Lang::Vi => format!("{when}: cần nhập (bộ quy tắc không định sẵn ngày xét)"),
                    Lang::En => format!("{when}: required (the pack sets no evaluation date)"),
                },
            });
            None
        }
        "" => None,
        raw => match fields::parse_date(raw) {
            Some(d) => Some(d),
            None => {
                problems.push(fields::Problem {
                    field: "as_of".into(),
                    text: match lang {
                        Lang::Vi => format!("{when}: «{raw}» không phải ngày; cần ngày/tháng/năm, ví dụ 31/12/2024"),
                        Lang::En => format!("{when}: «{raw}» is not a date; type day/month/year, e.g. 31/12/2024"),
                    },
                });
                None
            }
        },
    }
}

/// Row numbers as a reader counts them: `1–12`, `2, 5, 7–9`.
fn row_list(rows: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j + 1 < rows.len() && rows[j + 1] == rows[j] + 1 {
            j += 1;
        }
        parts.push(if j > i + 1 { format!("{}–{}", rows[i], rows[j]) } else { rows[i].to_string() });
        if j == i + 1 {
            parts.push(rows[j].to_string());
        }
        i = j + 1;
    }
    parts.join(", ")
}

/// The awards judged on `ds_id` that the form's rows let the CLI check, and
/// a note for each that needs rows not typed (earlier years, members).
fn awards_for(
    cp: &crate::compile::CompiledPack,
    ds_id: &str,
    files: &[Upload],
    lang: Lang,
) -> (Vec<String>, Vec<String>) {
    let pk = &cp.pack;
    let (mut ready, mut notes) = (Vec::new(), Vec::new());
    for a in pk.awards.iter().filter(|a| a.dataset_id == ds_id && !a.internal) {
        let missing: Vec<&str> =
            crate::app::datasets_for(cp, a).into_iter().filter(|d| !files.iter().any(|f| f.dataset == *d)).collect();
        if missing.is_empty() {
            ready.push(a.id.clone());
            continue;
        }
        let what: Vec<String> = missing
            .iter()
            .map(|d| {
                format!("«{}»", pk.datasets.get(*d).and_then(|x| x.title.clone()).unwrap_or_else(|| d.to_string()))
            })
            .collect();
        let name = lang.pick_text(&a.name, a.name_en.as_deref());
        notes.push(match lang {
            Lang::Vi => format!("chưa xét «{name}»: cần nhập thêm các dòng {}", what.join(", ")),
            Lang::En => format!("«{name}» not checked: it needs rows of {}", what.join(", ")),
        });
    }
    (ready, notes)
}

pub async fn verdict(
    St(s): St<Shared>,
    Path((id, ds_id)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let lang = s.lang;
    let (Some(p), Some(dir)) = (s.pack(&id), s.pack_dir(&id)) else { return not_found(St(s.clone())).await };
    let pk = &p.cp.pack;
    if pk.datasets.get(&ds_id).is_none_or(|d| d.composed.is_some() || d.history.is_some()) {
        return not_found(St(s.clone())).await;
    }
    let typed = match typed(pk, &ds_id, &fields, s.data_limits.max_rows, lang) {
        Ok(t) => t,
        Err(problems) => return super::words::problems_page(lang, lang.pick("Cần sửa", "To correct"), &problems),
    };
    let bundle = fields.iter().any(|(k, v)| k == "format" && v == "zip");
    let (awards, notes) = awards_for(&p.cp, &ds_id, &typed.files, lang);
    if awards.is_empty() {
        let problems: Vec<fields::Problem> =
            notes.iter().map(|n| fields::Problem { field: String::new(), text: n.clone() }).collect();
        return super::words::problems_page(lang, lang.pick("Chưa xét được", "Nothing to check yet"), &problems);
    }
    let state = s.clone();
    let (id2, as_of, files) = (id.clone(), typed.as_of, typed.files.clone());
    let outcome = bounded(&s, move || {
        let req = Request {
            stage: None,
            pack: &dir,
            root: &state.root,
            cp: &state.pack(&id2)?.cp,
            hashes: &state.pack(&id2)?.hashes,
            files,
            awards,
            subjects: Vec::new(),
            as_of,
            format: Format::Html,
            explain: true,
            lang: state.lang,
            limits: &state.limits,
            data_limits: &state.data_limits,
        };
        Some(super::run::run(&req, None))
    })
    .await
    .flatten();
    match outcome {
        Some(Ok(done)) if bundle => super::bundle::delivered(&s, &id, &typed.files, done),
        Some(Ok(done)) => {
            let warnings = super::words::run_warnings(&done.manifest, pk, &typed.files, lang);
            let body = super::words::with_notes(done.result, &typed.dates, &notes, &warnings, lang);
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
        }
        Some(Err(f)) => {
            let source = super::words::Source::Form { own: &ds_id, rows: &typed.rows };
            super::words::failure_page(lang, pk, &f, &typed.files, source)
        }
        None => match failed(lang, None) {
            Ok(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
            Err(r) => r,
        },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rows_are_listed_as_ranges() {
        assert_eq!(super::row_list(&[1, 2, 3, 4]), "1–4");
        assert_eq!(super::row_list(&[2, 5, 7, 8, 9]), "2, 5, 7–9");
        assert_eq!(super::row_list(&[1, 2]), "1, 2");
        assert_eq!(super::row_list(&[3]), "3");
    }
}
