//! Pre-checking one nomination: a form made from the dataset's schema (a
//! field per column: dropdowns for choices and yes/no, date fields), with
//! rows for earlier years and for members where the dataset has them. The
//! form's values become one-row CSV files that the CLI judges; the answer is
//! the CLI's own report, shown beside the form as the officer types.

use super::pages::{esc, failed, not_found};
use super::run::{Request, Upload};
use super::{bounded, Shared};
use crate::i18n::Lang;
use crate::pack::{Column, ColumnType, Dataset, Pack};
use crate::report::Format;
use axum::extract::{Form, Path, State as St};
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// Blank rows offered for earlier years and for members.
const ROWS: usize = 5;

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

/// One field for a column; `name` is the form field's name.
fn input(col: &Column, code: &str, name: &str, value: &str, lang: Lang) -> String {
    let label = col.label_in(code, lang);
    let choice = |options: Vec<(String, String)>| {
        let mut s =
            format!("<select name=\"{}\" aria-label=\"{}\"><option value=\"\"></option>", esc(name), esc(label));
        for (v, text) in options {
            let sel = if v == value { " selected=\"selected\"" } else { "" };
            s += &format!("<option value=\"{}\"{sel}>{}</option>", esc(&v), esc(&text));
        }
        s + "</select>"
    };
    match col.ty {
        ColumnType::Enum => {
            choice(col.values.iter().map(|v| (v.clone(), col.value_label(v, lang).to_string())).collect())
        }
        ColumnType::Bool => choice(vec![
            ("có".into(), crate::i18n::yes_no(lang, true).into()),
            ("không".into(), crate::i18n::yes_no(lang, false).into()),
        ]),
        ColumnType::Date => format!(
            "<input type=\"date\" name=\"{}\" value=\"{}\" aria-label=\"{}\"/>",
            esc(name),
            esc(value),
            esc(label)
        ),
        ColumnType::Int | ColumnType::Decimal => format!(
            "<input type=\"text\" inputmode=\"decimal\" name=\"{}\" value=\"{}\" aria-label=\"{}\" size=\"8\"/>",
            esc(name),
            esc(value),
            esc(label)
        ),
        ColumnType::Text => format!(
            "<input type=\"text\" name=\"{}\" value=\"{}\" aria-label=\"{}\"/>",
            esc(name),
            esc(value),
            esc(label)
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

pub async fn page_for(s: &Shared, id: &str, ds_id: &str) -> Response {
    let lang = s.lang;
    let Some(p) = s.pack(id) else { return not_found(St(s.clone())).await };
    let pk = &p.cp.pack;
    let Some(ds) = pk.datasets.get(ds_id).filter(|d| d.composed.is_none() && d.history.is_none()) else {
        return not_found(St(s.clone())).await;
    };
    let mut body = format!(
        "<p>{}</p><div class=\"precheck\"><form method=\"post\" action=\"/goi/{}/kiem-tra/{}\" target=\"ket-qua\" class=\"live\">",
        lang.pick(
            "Nhập số liệu của một hồ sơ: kết quả hiện bên cạnh ngay khi nhập, bằng đúng lời của báo cáo. Ô có dấu * là bắt buộc.",
            "Type one nomination's data: the answer appears beside it as you type, in the report's own words. Fields marked * are required."
        ),
        esc(id),
        esc(ds_id)
    );
    body += &format!("<fieldset><legend>{}</legend>", esc(ds.title.as_deref().unwrap_or(ds_id)));
    for (code, col) in &ds.columns {
        body += &format!(
            "<label><span>{}{}</span>{}</label>",
            esc(col.label_in(code, lang)),
            required(col),
            input(col, code, &format!("c.{code}"), "", lang)
        );
    }
    body += "</fieldset>";
    for (rid, rd, link) in related(pk, ds_id) {
        let cols: Vec<(&String, &Column)> = rd.columns.iter().filter(|(c, _)| c.as_str() != link).collect();
        body += &format!(
            "<fieldset class=\"rows\"><legend>{}</legend><table><thead><tr>",
            esc(rd.title.as_deref().unwrap_or(rid))
        );
        for (code, col) in &cols {
            body += &format!("<th>{}</th>", esc(col.label_in(code, lang)));
        }
        body += "</tr></thead><tbody>";
        for i in 0..ROWS {
            body += "<tr>";
            for (code, col) in &cols {
                body += &format!("<td>{}</td>", input(col, code, &format!("{rid}.{i}.{code}"), "", lang));
            }
            body += "</tr>";
        }
        body += "</tbody></table></fieldset>";
    }
    // The pack's evaluation date, filled in; a pack without one (a law in
    // force until replaced) needs the officer's.
    let as_of = match pk.as_of.or(pk.effective.to) {
        Some(d) => format!("value=\"{d}\""),
        None => "required=\"required\"".into(),
    };
    body += &format!(
        "<fieldset><label><span>{}{}</span><input type=\"date\" name=\"as_of\" {as_of}/></label></fieldset><p><button type=\"submit\">{}</button><button type=\"button\" class=\"print\">{}</button></p></form>",
        lang.pick("Ngày xét", "Evaluation date"),
        if pk.as_of.or(pk.effective.to).is_none() { " <b class=\"req\">*</b>" } else { "" },
        lang.pick("Xét", "Check"),
        lang.pick("In kết quả", "Print the result")
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

/// The files a filled-in form stands for: the subject's row, and the rows
/// of its histories and members that have anything typed (linked to it).
fn files_of(pk: &Pack, ds_id: &str, fields: &[(String, String)]) -> Vec<Upload> {
    let ds = &pk.datasets[ds_id];
    let own: Vec<(String, String)> = fields
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("c.").map(|c| (c.to_string(), v.trim().to_string())))
        .collect();
    let key = own.iter().find(|(c, _)| *c == ds.key).map(|(_, v)| v.clone()).unwrap_or_default();
    let mut files = vec![Upload { dataset: ds_id.into(), name: format!("{ds_id}.csv"), bytes: csv_of(ds, &[own]) }];
    for (rid, rd, link) in related(pk, ds_id) {
        let mut rows = Vec::new();
        for i in 0..ROWS {
            let prefix = format!("{rid}.{i}.");
            let row: Vec<(String, String)> = fields
                .iter()
                .filter_map(|(k, v)| k.strip_prefix(&prefix).map(|c| (c.to_string(), v.trim().to_string())))
                .filter(|(_, v)| !v.is_empty())
                .collect();
            if !row.is_empty() {
                let mut row = row;
                row.push((link.to_string(), key.clone()));
                rows.push(row);
            }
        }
        // No rows typed: the dataset is not given, and awards that need it
        // say so (a file with a header only is refused as empty).
        if !rows.is_empty() {
            files.push(Upload { dataset: rid.into(), name: format!("{rid}.csv"), bytes: csv_of(rd, &rows) });
        }
    }
    files
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

/// The report with notes above it (awards not checked for want of rows,
/// the run's warnings): what the CLI prints on its error stream.
fn with_warnings(report: Vec<u8>, manifest: &str, notes: &[String]) -> Vec<u8> {
    let mut warnings: Vec<String> = notes.to_vec();
    warnings.extend(
        serde_json::from_str::<serde_json::Value>(manifest)
            .ok()
            .and_then(|m| {
                m["warnings"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|w| w.as_str().map(str::to_string)).collect::<Vec<_>>())
            })
            .unwrap_or_default(),
    );
    if warnings.is_empty() {
        return report;
    }
    let text = String::from_utf8_lossy(&report).into_owned();
    let list: String = warnings.iter().map(|w| format!("<li>{}</li>", esc(w))).collect();
    let block = format!(
        "<ul class=\"warnings\" style=\"border:1pt solid #b8860b;background:#fff8e1;padding:4pt 4pt 4pt 18pt;font-size:10pt\">{list}</ul>"
    );
    match text.find("<body>") {
        Some(i) => format!("{}{block}{}", &text[..i + 6], &text[i + 6..]).into_bytes(),
        None => format!("{block}{text}").into_bytes(),
    }
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
    let files = files_of(pk, &ds_id, &fields);
    let (awards, notes) = awards_for(&p.cp, &ds_id, &files, lang);
    if awards.is_empty() {
        return super::pages::problem(
            lang,
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            lang.pick("Chưa xét được", "Nothing to check yet"),
            &notes.join("\n"),
        );
    }
    let as_of_text = fields.iter().find(|(k, v)| k == "as_of" && !v.is_empty()).map(|(_, v)| v.clone());
    let as_of = match as_of_text.as_deref().map(crate::pack::parse_date) {
        Some(None) => {
            return super::pages::problem(
                lang,
                axum::http::StatusCode::BAD_REQUEST,
                lang.pick("Ngày xét không hợp lệ", "Invalid evaluation date"),
                "",
            )
        }
        Some(d) => d,
        None => None,
    };
    let state = s.clone();
    let id = id.clone();
    let outcome = bounded(&s, move || {
        let req = Request {
            pack: &dir,
            cp: &state.pack(&id)?.cp,
            hashes: &state.pack(&id)?.hashes,
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
    match failed(lang, outcome) {
        Ok(done) => {
            let body = with_warnings(done.result, &done.manifest, &notes);
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
        }
        Err(r) => r,
    }
}
