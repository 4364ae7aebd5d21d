//! The pages: packs, awards with their criteria and legal sources,
//! scorecard trees, and the upload of a whole sheet. Plain server-made HTML
//! that works without script; the one script only makes the pre-check answer
//! as the officer types.

use super::run::{Request, Upload};
use super::{bounded, Shared, State};
use crate::i18n::Lang;
use crate::pack::scorecard::Node;
use crate::pack::{Award, Pack, Period};
use crate::report::Format;
use axum::extract::{Multipart, Path, State as St};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const CSS: &str = include_str!("thidua.css");
const JS: &str = include_str!("thidua.js");

pub async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response()
}

pub async fn script() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], JS).into_response()
}

/// A whole page: the title, a trail of links back, the body.
pub fn page(lang: Lang, title: &str, trail: &[(String, String)], body: &str) -> Response {
    let mut crumbs = format!("<a href=\"/\">{}</a>", lang.pick("Các bộ quy tắc", "Rule packs"));
    for (href, text) in trail {
        crumbs += &format!(" › <a href=\"{}\">{}</a>", esc(href), esc(text));
    }
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\"/>\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\
<title>{title} — thidua</title><link rel=\"stylesheet\" href=\"/thidua.css\"/>\
<script src=\"/thidua.js\" defer></script></head>\
<body><header><span class=\"brand\">thidua</span><nav>{crumbs}</nav></header><main>\
<h1>{title}</h1>{body}</main></body></html>\n",
        code = lang.code(),
        title = esc(title),
    );
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

/// A page saying what went wrong, with the status it goes with.
pub fn problem(lang: Lang, status: StatusCode, title: &str, message: &str) -> Response {
    let body = format!("<pre class=\"errors\">{}</pre>", esc(message));
    let mut r = page(lang, title, &[], &body);
    *r.status_mut() = status;
    r
}

pub async fn not_found(St(s): St<Shared>) -> Response {
    problem(
        s.lang,
        StatusCode::NOT_FOUND,
        s.lang.pick("Không có trang này", "No such page"),
        s.lang.pick(
            "Địa chỉ không dẫn tới bộ quy tắc, danh hiệu hay bảng điểm nào.",
            "The address leads to no pack, award or scorecard.",
        ),
    )
}

/// A table's opening and its header row.
fn table_head(class: &str, heads: &[&str]) -> String {
    let cells: String = heads.iter().map(|h| format!("<th>{}</th>", esc(h))).collect();
    format!("<table class=\"{class}\"><thead><tr>{cells}</tr></thead><tbody>")
}

fn period(p: &Period, lang: Lang) -> String {
    let d = |x: Option<chrono::NaiveDate>| x.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_else(|| "…".into());
    match (p.from, p.to) {
        (None, None) => lang.pick("không giới hạn", "open").into(),
        _ => format!("{} – {}", d(p.from), d(p.to)),
    }
}

pub async fn index(St(s): St<Shared>) -> Response {
    let lang = s.lang;
    let mut body = format!(
        "<p>{}</p>",
        lang.pick(
            "Chọn một bộ quy tắc để xem các danh hiệu, tiêu chí và căn cứ pháp lý, kiểm tra trước một hồ sơ, hoặc tải lên cả một bảng.",
            "Choose a rule pack to read its awards, criteria and legal sources, pre-check one nomination, or upload a whole sheet."
        )
    );
    body += &table_head(
        "packs",
        &[
            lang.pick("Bộ quy tắc", "Rule pack"),
            lang.pick("Hiệu lực", "In force"),
            lang.pick("Danh hiệu", "Awards"),
            lang.pick("Bảng điểm", "Scorecards"),
        ],
    );
    for p in &s.packs {
        let pk = &p.cp.pack;
        body += &format!(
            "<tr><td><a href=\"/goi/{id}\">{title}</a><small>{id}{ver}</small></td><td>{period}</td><td class=\"n\">{a}</td><td class=\"n\">{sc}</td></tr>",
            id = esc(&p.id),
            title = esc(lang.pick_text(&pk.title, pk.title_en.as_deref())),
            ver = pk.version.as_deref().map(|v| format!(" · {}", esc(v))).unwrap_or_default(),
            period = period(&pk.effective, lang),
            a = pk.awards.iter().filter(|a| !a.internal).count(),
            sc = pk.scorecards.len(),
        );
    }
    body += "</tbody></table>";
    body += &super::year::index_section(&s);
    body += &format!(
        "<p class=\"note\">{} <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a></p>",
        lang.pick("API JSON cho phần mềm khác:", "JSON API for other software:")
    );
    page(lang, lang.pick("Thi đua, khen thưởng", "Emulation and commendation"), &[], &body)
}

fn pack_trail(id: &str, pk: &Pack, lang: Lang) -> Vec<(String, String)> {
    vec![(format!("/goi/{id}"), lang.pick_text(&pk.title, pk.title_en.as_deref()).to_string())]
}

/// The datasets a form can be made for: those awards are judged on.
fn judged_datasets(pk: &Pack) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for a in pk.awards.iter().filter(|a| !a.internal) {
        if pk.datasets.get(&a.dataset_id).is_some_and(|d| d.composed.is_none()) && !out.contains(&a.dataset_id.as_str())
        {
            out.push(&a.dataset_id);
        }
    }
    out
}

fn dataset_title(pk: &Pack, id: &str) -> String {
    pk.datasets.get(id).and_then(|d| d.title.clone()).unwrap_or_else(|| id.to_string())
}

pub async fn pack(St(s): St<Shared>, Path(id): Path<String>) -> Response {
    let lang = s.lang;
    let Some(p) = s.pack(&id) else { return not_found(St(s.clone())).await };
    let pk = &p.cp.pack;
    let mut body = String::from("<dl class=\"facts\">");
    let fact = |k: &str, v: String| format!("<dt>{}</dt><dd>{v}</dd>", esc(k));
    body += &fact(lang.pick("Mã", "Id"), format!("<code>{}</code>", esc(&pk.id)));
    if let Some(v) = &pk.version {
        body += &fact(lang.pick("Phiên bản", "Version"), esc(v));
    }
    body += &fact(lang.pick("Hiệu lực", "In force"), period(&pk.effective, lang));
    if let Some(i) = &pk.issuer {
        body += &fact(lang.pick("Cơ quan ban hành", "Issued by"), esc(i));
    }
    if !pk.legal_basis.is_empty() {
        let items: String = pk.legal_basis.iter().map(|b| format!("<li>{}</li>", esc(b))).collect();
        body += &fact(lang.pick("Căn cứ", "Legal basis"), format!("<ul>{items}</ul>"));
    }
    body += "</dl>";
    // What an officer does here.
    body += &format!("<h2>{}</h2><ul class=\"actions\">", lang.pick("Kiểm tra", "Check"));
    for ds in judged_datasets(pk) {
        body += &format!(
            "<li><a href=\"/goi/{}/kiem-tra/{}\">{} {}</a></li>",
            esc(&p.id),
            esc(ds),
            lang.pick("Kiểm tra trước một hồ sơ:", "Pre-check one nomination:"),
            esc(&dataset_title(pk, ds))
        );
    }
    body += &format!(
        "<li><a href=\"/goi/{}/tai-len\">{}</a></li></ul>",
        esc(&p.id),
        lang.pick("Tải lên cả một bảng (xlsx, csv)", "Upload a whole sheet (xlsx, csv)")
    );
    body += &format!("<h2>{}</h2>", lang.pick("Danh hiệu, hình thức khen thưởng", "Awards"));
    body += &table_head(
        "awards",
        &[
            lang.pick("Danh hiệu", "Award"),
            lang.pick("Đối tượng", "Subject"),
            lang.pick("Căn cứ", "Source"),
            lang.pick("Cấp quyết định", "Decided by"),
            lang.pick("Hiệu lực", "In force"),
        ],
    );
    for a in pk.awards.iter().filter(|a| !a.internal) {
        body += &format!(
            "<tr><td><a href=\"/goi/{}/danh-hieu/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&p.id),
            esc(&a.id),
            esc(lang.pick_text(&a.name, a.name_en.as_deref())),
            esc(&dataset_title(pk, &a.dataset_id)),
            esc(a.source.as_deref().unwrap_or("")),
            esc(a.decider.as_deref().unwrap_or("")),
            a.effective.as_ref().map(|e| period(e, lang)).unwrap_or_else(|| period(&pk.effective, lang)),
        );
    }
    body += "</tbody></table>";
    if !pk.scorecards.is_empty() {
        body += &format!("<h2>{}</h2><ul>", lang.pick("Bảng điểm thi đua", "Scorecards"));
        for sc in &pk.scorecards {
            body += &format!(
                "<li><a href=\"/goi/{}/bang-diem/{}\">{}</a></li>",
                esc(&p.id),
                esc(&sc.id),
                esc(lang.pick_text(&sc.name, sc.name_en.as_deref()))
            );
        }
        body += "</ul>";
    }
    page(lang, lang.pick_text(&pk.title, pk.title_en.as_deref()), &[], &body)
}

fn award_html(p: &str, pk: &Pack, a: &Award, lang: Lang) -> String {
    let mut body = String::from("<dl class=\"facts\">");
    let mut fact = |k: &str, v: String| body += &format!("<dt>{}</dt><dd>{v}</dd>", esc(k));
    fact(lang.pick("Mã", "Id"), format!("<code>{}</code>", esc(&a.id)));
    fact(lang.pick("Đối tượng", "Subject"), esc(&dataset_title(pk, &a.dataset_id)));
    if let Some(src) = &a.source {
        fact(lang.pick("Căn cứ", "Source"), esc(src));
    }
    if let Some(d) = &a.decider {
        fact(lang.pick("Cấp quyết định", "Decided by"), esc(d));
    }
    fact(
        lang.pick("Hiệu lực", "In force"),
        a.effective.as_ref().map(|e| period(e, lang)).unwrap_or_else(|| period(&pk.effective, lang)),
    );
    if !a.requires.is_empty() {
        let links: Vec<String> = a
            .requires
            .iter()
            .map(|r| {
                let name = pk
                    .award(r)
                    .map(|x| lang.pick_text(&x.name, x.name_en.as_deref()).to_string())
                    .unwrap_or_else(|| r.clone());
                format!("<a href=\"/goi/{}/danh-hieu/{}\">{}</a>", esc(p), esc(r), esc(&name))
            })
            .collect();
        fact(lang.pick("Cần đạt trước", "Requires"), links.join(", "));
    }
    if let Some(d) = &a.description {
        fact(lang.pick("Mô tả", "Description"), esc(d));
    }
    body += "</dl>";
    body += &format!("<h2>{}</h2>", lang.pick("Tiêu chí", "Criteria"));
    body += &table_head(
        "criteria",
        &["#", lang.pick("Tiêu chí", "Criterion"), lang.pick("Căn cứ", "Source"), lang.pick("Hiệu lực", "In force")],
    );
    for (i, c) in a.criteria.iter().enumerate() {
        body += &format!(
            "<tr id=\"tieu-chi-{id}\"><td><a href=\"#tieu-chi-{id}\">{n}</a></td><td>{text}<small><code>{id}</code></small></td><td>{src}</td><td>{eff}</td></tr>",
            id = esc(&c.id),
            n = i + 1,
            text = esc(lang.pick_text(&c.text, c.text_en.as_deref())),
            src = esc(c.source.as_deref().unwrap_or("")),
            eff = c.effective.as_ref().map(|e| period(e, lang)).unwrap_or_default(),
        );
    }
    body += "</tbody></table>";
    body += &format!(
        "<p><a class=\"button\" href=\"/goi/{}/kiem-tra/{}\">{}</a></p>",
        esc(p),
        esc(&a.dataset_id),
        lang.pick("Kiểm tra trước một hồ sơ", "Pre-check a nomination")
    );
    body
}

pub async fn award(St(s): St<Shared>, Path((id, award)): Path<(String, String)>) -> Response {
    let lang = s.lang;
    let Some(p) = s.pack(&id) else { return not_found(St(s.clone())).await };
    let pk = &p.cp.pack;
    let Some(a) = pk.award(&award).filter(|a| !a.internal) else { return not_found(St(s.clone())).await };
    page(
        lang,
        lang.pick_text(&a.name, a.name_en.as_deref()),
        &pack_trail(&p.id, pk, lang),
        &award_html(&p.id, pk, a, lang),
    )
}

fn node_rows(n: &Node, depth: usize, lang: Lang, out: &mut String) {
    let method = n.method.map(|m| format!("{m:?}")).unwrap_or_default();
    let max = n.max.or(n.cap).map(|m| m.0.normalize().to_string()).unwrap_or_default();
    out.push_str(&format!(
        "<tr id=\"tieu-chi-{id}\" class=\"d{depth}{group}\"><td><a href=\"#tieu-chi-{id}\">{code}</a></td><td>{name}</td><td class=\"n\">{max}</td><td>{method}</td><td>{src}</td></tr>",
        id = esc(&n.id),
        code = esc(n.code.as_deref().unwrap_or(&n.id)),
        depth = depth.min(3),
        group = if n.items.is_some() { " g" } else { "" },
        name = esc(lang.pick_text(&n.name, n.name_en.as_deref())),
        method = esc(&snake(&method)),
        src = esc(n.source.as_deref().unwrap_or("")),
    ));
    for c in n.items.iter().flatten() {
        node_rows(c, depth + 1, lang, out);
    }
}

/// `TargetRelative` → `target_relative`, as packs write it.
fn snake(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

pub async fn scorecard(St(s): St<Shared>, Path((id, sc)): Path<(String, String)>) -> Response {
    let lang = s.lang;
    let Some(p) = s.pack(&id) else { return not_found(St(s.clone())).await };
    let pk = &p.cp.pack;
    let Some(card) = pk.scorecards.iter().find(|c| c.id == sc) else { return not_found(St(s.clone())).await };
    let mut body = String::new();
    if let Some(src) = &card.source {
        body += &format!("<p>{} {}</p>", lang.pick("Căn cứ:", "Source:"), esc(src));
    }
    body += &table_head(
        "tree",
        &[
            lang.pick("Mã", "Code"),
            lang.pick("Tiêu chí", "Criterion"),
            lang.pick("Điểm tối đa", "Max points"),
            lang.pick("Cách chấm", "Method"),
            lang.pick("Căn cứ", "Source"),
        ],
    );
    for n in card.groups.iter().chain(&card.bonuses) {
        node_rows(n, 0, lang, &mut body);
    }
    body += "</tbody></table>";
    body += &format!(
        "<p><a class=\"button\" href=\"/goi/{}/tai-len\">{}</a></p>",
        esc(&p.id),
        lang.pick("Tải lên bảng số liệu của cụm để chấm điểm", "Upload a cluster's sheet to score it")
    );
    page(lang, lang.pick_text(&card.name, card.name_en.as_deref()), &pack_trail(&p.id, pk, lang), &body)
}

/// Formats offered for results, and what each is called.
fn formats(lang: Lang) -> [(&'static str, &'static str); 6] {
    [
        ("html", lang.pick("Xem trên trang", "Show on the page")),
        ("xlsx", lang.pick("Tải Excel (xlsx)", "Download Excel (xlsx)")),
        ("json", lang.pick("Tải JSON", "Download JSON")),
        ("csv", lang.pick("Tải CSV", "Download CSV")),
        (
            "zip",
            lang.pick("Tải hồ sơ kiểm chứng (zip, báo cáo HTML)", "Download the verifiable record (zip, HTML report)"),
        ),
        (
            "zip-xlsx",
            lang.pick(
                "Tải hồ sơ kiểm chứng (zip, báo cáo Excel)",
                "Download the verifiable record (zip, Excel report)",
            ),
        ),
    ]
}

pub async fn upload_page(St(s): St<Shared>, Path(id): Path<String>) -> Response {
    let lang = s.lang;
    let Some(p) = s.pack(&id) else { return not_found(St(s.clone())).await };
    let pk = &p.cp.pack;
    let mut body = format!(
        "<p>{}</p><form class=\"upload\" method=\"post\" enctype=\"multipart/form-data\" action=\"/goi/{}/tai-len\" target=\"ket-qua\">",
        lang.pick(
            "Chọn tệp cho từng bảng dữ liệu (mẫu do thidua template tạo, hoặc CSV/xlsx có các cột của bảng). Bảng nào không có tệp thì các danh hiệu của bảng đó không được xét.",
            "Choose a file for each dataset (the template thidua makes, or CSV/xlsx with the dataset's columns). Awards on a dataset without a file are not checked."
        ),
        esc(&p.id)
    );
    body += "<fieldset><legend>";
    body += lang.pick("Tệp dữ liệu", "Data files");
    body += "</legend>";
    for (ds_id, ds) in pk.file_datasets() {
        // The sheet chooser fills itself (script) from the workbook chosen.
        body += &format!(
            "<div class=\"file\" data-dataset=\"{id}\"><label>{title}<input type=\"file\" name=\"{id}\" accept=\".xlsx,.xls,.ods,.csv,.txt\"/></label><label class=\"sheet\" hidden=\"hidden\">{sheet} <select name=\"sheet.{id}\"><option value=\"\">{auto}</option></select></label><a class=\"template\" href=\"/goi/{pack}/mau/{id}.xlsx\">{tpl}</a></div>",
            id = esc(ds_id),
            title = esc(ds.title.as_deref().unwrap_or(ds_id)),
            pack = esc(&p.id),
            sheet = lang.pick("Trang tính", "Sheet"),
            auto = lang.pick("(tự tìm trang có cột khóa)", "(find the sheet with the key column)"),
            tpl = lang.pick("Tải tệp mẫu (xlsx)", "Download the template (xlsx)"),
        );
    }
    body += "</fieldset><fieldset><legend>";
    body += lang.pick("Việc cần làm", "What to do");
    body += "</legend>";
    let awards = pk.awards.iter().any(|a| !a.internal);
    if awards {
        body += &format!(
            "<label><input type=\"radio\" name=\"viec\" value=\"check\" checked=\"checked\"/> {}</label>",
            lang.pick("Xét danh hiệu", "Check awards")
        );
    }
    for sc in &pk.scorecards {
        body += &format!(
            "<label><input type=\"radio\" name=\"viec\" value=\"score:{}\"{}/> {} {}</label>",
            esc(&sc.id),
            if awards { "" } else { " checked=\"checked\"" },
            lang.pick("Chấm điểm:", "Score:"),
            esc(lang.pick_text(&sc.name, sc.name_en.as_deref()))
        );
    }
    body += &format!(
        "<label>{} <span class=\"date\"><input type=\"text\" class=\"date\" inputmode=\"numeric\" autocomplete=\"off\" name=\"as_of\" placeholder=\"{}\" size=\"10\"/><small class=\"echo\"></small></span></label><small>{}</small>",
        lang.pick("Ngày xét", "Evaluation date"),
        lang.pick("ngày/tháng/năm", "day/month/year"),
        lang.pick("Để trống: ngày xét của bộ quy tắc.", "Empty: the pack's evaluation date.")
    );
    body += "</fieldset><p class=\"buttons\">";
    for (f, label) in formats(lang) {
        body += &format!("<button type=\"submit\" name=\"format\" value=\"{f}\">{label}</button>");
    }
    body += &format!(
        "<button type=\"button\" class=\"print\">{}</button></p></form><iframe name=\"ket-qua\" class=\"result\" title=\"ket-qua\"></iframe>",
        lang.pick("In kết quả", "Print the results")
    );
    page(lang, lang.pick("Tải lên cả một bảng", "Upload a whole sheet"), &pack_trail(&p.id, pk, lang), &body)
}

/// What an upload form or API call sent.
#[derive(Default)]
pub struct Sent {
    pub files: Vec<Upload>,
    pub fields: Vec<(String, String)>,
}

impl Sent {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
    }
    pub fn all(&self, name: &str) -> Vec<String> {
        self.fields.iter().filter(|(k, v)| k == name && !v.is_empty()).map(|(_, v)| v.clone()).collect()
    }
}

/// Reads a multipart body: parts named after a dataset with a file are
/// data files (empty ones skipped: a form's unused file input); the others
/// are fields.
pub async fn read_multipart(
    pk: &Pack,
    mut mp: Multipart,
    limit: u64,
    lang: Lang,
) -> Result<Sent, (StatusCode, String)> {
    // Past the size limit the status says so (413).
    let bad = |e: axum::extract::multipart::MultipartError| (e.status(), e.body_text());
    let mut sent = Sent::default();
    while let Some(mut part) = mp.next_field().await.map_err(bad)? {
        let name = part.name().unwrap_or("").to_string();
        let file = part.file_name().map(str::to_string);
        // Read piece by piece into one buffer, refused at the file limit as
        // it grows: a part is held once, never past the limit.
        let mut buf: Vec<u8> = Vec::new();
        while let Some(chunk) = part.chunk().await.map_err(bad)? {
            if (buf.len() + chunk.len()) as u64 > limit {
                let mb = limit >> 20;
                return Err((
                    StatusCode::PAYLOAD_TOO_LARGE,
                    match lang {
                        Lang::Vi => format!(
                            "tệp «{}» lớn hơn giới hạn {mb} MB của máy phục vụ",
                            file.as_deref().unwrap_or(&name)
                        ),
                        Lang::En => format!(
                            "file «{}» is larger than the server's limit of {mb} MB",
                            file.as_deref().unwrap_or(&name)
                        ),
                    },
                ));
            }
            buf.extend_from_slice(&chunk);
        }
        let bytes = axum::body::Bytes::from(buf);
        match file {
            Some(f) if pk.datasets.get(&name).is_some_and(|d| d.composed.is_none()) => {
                if !bytes.is_empty() {
                    sent.files.push(Upload { dataset: name, name: f, bytes });
                }
            }
            Some(_) => {
                return Err((
                    StatusCode::BAD_REQUEST,
                    match lang {
                        Lang::Vi => format!("`{name}`: bộ quy tắc không có bảng dữ liệu này"),
                        Lang::En => format!("`{name}`: the pack has no such dataset"),
                    },
                ))
            }
            None => sent.fields.push((name, String::from_utf8_lossy(&bytes).into_owned())),
        }
    }
    Ok(sent)
}

/// The result of a run as a response: shown, downloaded, or its manifest.
pub fn delivered(delivery: Delivery, done: super::run::Done) -> Response {
    let (ctype, name, bytes) = match delivery {
        Delivery::Report(Format::Html) => ("text/html; charset=utf-8", None, done.result),
        Delivery::Report(Format::Xlsx) => {
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Some("ket_qua.xlsx"), done.result)
        }
        Delivery::Report(Format::Json) => ("application/json", Some("ket_qua.json"), done.result),
        Delivery::Report(Format::Csv) => ("text/csv; charset=utf-8", Some("ket_qua.csv"), done.result),
        Delivery::Report(Format::Table | Format::Md) => ("text/plain; charset=utf-8", None, done.result),
        Delivery::Manifest | Delivery::Bundle(_) => {
            ("application/json", Some("manifest.json"), done.manifest.into_bytes())
        }
    };
    let mut r = ([(header::CONTENT_TYPE, ctype)], bytes).into_response();
    if let Some(n) = name {
        r.headers_mut().insert(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{n}\"").parse().expect("an ASCII header"),
        );
    }
    if let Ok(v) = done.fingerprint.parse() {
        r.headers_mut().insert("x-thidua-fingerprint", v);
    }
    r
}

/// The answer to a run that failed, or took too long.
pub fn failed(
    lang: Lang,
    outcome: Option<Result<super::run::Done, super::run::Failed>>,
) -> Result<super::run::Done, Response> {
    match outcome {
        Some(Ok(done)) => Ok(done),
        Some(Err(f)) => Err(problem(lang, StatusCode::UNPROCESSABLE_ENTITY, lang.pick("Không xét được", "Could not be checked"), &super::words::plain(&f.message))),
        None => Err(problem(
            lang,
            StatusCode::SERVICE_UNAVAILABLE,
            lang.pick("Quá thời gian", "Took too long"),
            lang.pick("Việc xét quá thời hạn cho phép hoặc máy đang bận; thử lại, hoặc dùng dòng lệnh cho bảng lớn.", "The run took longer than allowed or the server is busy; try again, or use the command line for a large sheet."),
        )),
    }
}

pub async fn upload(St(s): St<Shared>, Path(id): Path<String>, mp: Multipart) -> Response {
    let lang = s.lang;
    let Some(p) = s.pack(&id) else { return not_found(St(s.clone())).await };
    // Uploads held in memory are bounded like runs: at most `--concurrent`
    // requests read and keep their files at a time.
    let Ok(_intake) = s.intake.clone().acquire_owned().await else {
        return failed(lang, None).err().unwrap_or_else(|| StatusCode::SERVICE_UNAVAILABLE.into_response());
    };
    let sent = match read_multipart(&p.cp.pack, mp, s.data_limits.max_file_bytes, lang).await {
        Ok(x) => x,
        Err((status, e)) => {
            return problem(lang, status, lang.pick("Không đọc được tệp tải lên", "Cannot read the upload"), &e)
        }
    };
    if sent.files.is_empty() {
        return problem(
            lang,
            StatusCode::BAD_REQUEST,
            lang.pick("Chưa chọn tệp", "No file chosen"),
            lang.pick("Chọn ít nhất một tệp dữ liệu.", "Choose at least one data file."),
        );
    }
    let asked = sent.field("format").unwrap_or("html");
    let Some(delivery) = Delivery::parse(asked) else {
        return problem(
            lang,
            StatusCode::BAD_REQUEST,
            lang.pick("Không có dạng kết quả này", "No such result format"),
            &match lang {
                Lang::Vi => format!("`{asked}`: chọn html, xlsx, json, csv, zip, zip-xlsx hoặc manifest."),
                Lang::En => format!("`{asked}`: choose html, xlsx, json, csv, zip, zip-xlsx or manifest."),
            },
        );
    };
    let as_of = match sent.field("as_of").map(super::fields::parse_date) {
        Some(None) => {
            let problem = super::fields::Problem {
                field: "as_of".into(),
                text: lang
                    .pick(
                        "Ngày xét: cần ngày/tháng/năm, ví dụ 31/12/2024",
                        "Evaluation date: type day/month/year, e.g. 31/12/2024",
                    )
                    .into(),
            };
            return super::words::problems_page(lang, lang.pick("Cần sửa", "To correct"), &[problem]);
        }
        Some(d) => d,
        None if p.cp.pack.as_of.or(p.cp.pack.effective.to).is_none() => {
            let problem = super::fields::Problem {
                field: "as_of".into(),
                text: lang
                    .pick(
                        "Ngày xét: cần nhập (bộ quy tắc không định sẵn ngày xét), ví dụ 31/12/2024",
                        "Evaluation date: required (the pack sets none), e.g. 31/12/2024",
                    )
                    .into(),
            };
            return super::words::problems_page(lang, lang.pick("Cần sửa", "To correct"), &[problem]);
        }
        None => None,
    };
    let files = sent.files.clone();
    let scorecard = sent.field("viec").and_then(|v| v.strip_prefix("score:")).map(|sc| Some(sc.to_string()));
    let outcome = judge(&s, &id, sent, delivery.format(), scorecard, true).await;
    match outcome {
        Some(Ok(done)) => match delivery {
            Delivery::Bundle(_) => super::bundle::delivered(&s, &id, &files, done),
            Delivery::Report(Format::Html) => {
                let warnings = super::words::run_warnings(&done.manifest, &p.cp.pack, &files, lang);
                let used = as_of.or(p.cp.pack.as_of).or(p.cp.pack.effective.to);
                let dates: Vec<(String, chrono::NaiveDate)> =
                    used.map(|d| (lang.pick("Ngày xét", "Evaluation date").to_string(), d)).into_iter().collect();
                let body = super::words::with_notes(done.result, &dates, &[], &warnings, lang);
                let mut r = delivered(delivery, super::run::Done { result: body, ..done });
                *r.status_mut() = StatusCode::OK;
                r
            }
            _ => delivered(delivery, done),
        },
        Some(Err(f)) => super::words::failure_page(lang, &p.cp.pack, &f, &files, super::words::Source::Uploads),
        None => failed(lang, None).err().unwrap_or_else(|| StatusCode::SERVICE_UNAVAILABLE.into_response()),
    }
}

/// What a page's run hands back: a report in one of the CLI's formats, its
/// manifest, or the zip holding both with every input. Anything else asked
/// for is a 400, never a guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Report(Format),
    Manifest,
    Bundle(Format),
}

impl Delivery {
    pub fn parse(s: &str) -> Option<Delivery> {
        Some(match s {
            "html" | "xlsx" | "json" | "csv" => Delivery::Report(Format::parse(s)?),
            "manifest" => Delivery::Manifest,
            "zip" => Delivery::Bundle(Format::Html),
            "zip-xlsx" => Delivery::Bundle(Format::Xlsx),
            _ => return None,
        })
    }

    /// The format the run renders: a manifest describes the report the page
    /// shows (HTML), so that it verifies what was looked at.
    pub fn format(self) -> Format {
        match self {
            Delivery::Report(f) | Delivery::Bundle(f) => f,
            Delivery::Manifest => Format::Html,
        }
    }
}

/// Runs check or score for what was sent, bounded.
pub async fn judge(
    s: &Shared,
    id: &str,
    sent: Sent,
    fmt: Format,
    scorecard: Option<Option<String>>,
    explain: bool,
) -> Option<Result<super::run::Done, super::run::Failed>> {
    let lang = s.lang;
    let as_of = match sent.field("as_of").map(super::fields::parse_date) {
        Some(None) => {
            return Some(Err(super::run::Failed {
                message: lang
                    .pick(
                        "ngày xét không hợp lệ (cần 31/12/2024 hoặc 2024-12-31)",
                        "invalid evaluation date (31/12/2024 or 2024-12-31)",
                    )
                    .into(),
                code: crate::app::exit::USAGE,
                data: Vec::new(),
            }))
        }
        Some(d) => d,
        None => None,
    };
    let dir = s.pack_dir(id)?;
    let state: Shared = s.clone();
    let id = id.to_string();
    // A sheet chosen for a dataset's workbook (the page's sheet chooser).
    let mut data_limits = s.data_limits.clone();
    for (k, v) in &sent.fields {
        if let Some(ds) = k.strip_prefix("sheet.").filter(|_| !v.is_empty()) {
            data_limits.sheets.insert(ds.to_string(), v.clone());
        }
    }
    bounded(s, move || {
        let st: &State = &state;
        let req = Request {
            stage: None,
            pack: &dir,
            root: &st.root,
            cp: &st.pack(&id)?.cp,
            hashes: &st.pack(&id)?.hashes,
            awards: sent.all("award"),
            subjects: sent.all("subject"),
            files: sent.files,
            as_of,
            format: fmt,
            explain,
            lang: st.lang,
            limits: &st.limits,
            data_limits: &data_limits,
        };
        Some(super::run::run(&req, scorecard))
    })
    .await
    .flatten()
}
