//! Evidence files per criterion: bounded in size, only document and image
//! types (checked by their first bytes, not only their name), stored by
//! content hash outside the web root, and served back only to accounts
//! that may read the sheet they belong to, always as a download.

use super::auth::{self, token_field, Who};
use super::units::read_parts;
use super::{access, closed, forbidden, h, load, not_found, Ctx, Part};
use crate::store::evidence::{self, NewEvidence};
use crate::store::rounds::Unit;
use axum::extract::{Multipart, Path, State as St};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use super::super::{Shared, State};

/// Largest evidence file.
pub const MAX_BYTES: u64 = 10 << 20;

/// The kinds accepted: extension, MIME type, first bytes.
const KINDS: &[(&str, &str, &[u8])] = &[
    ("pdf", "application/pdf", b"%PDF-"),
    ("png", "image/png", b"\x89PNG\r\n\x1a\n"),
    ("jpg", "image/jpeg", b"\xff\xd8\xff"),
    ("jpeg", "image/jpeg", b"\xff\xd8\xff"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    ("odt", "application/vnd.oasis.opendocument.text", b"PK\x03\x04"),
    ("ods", "application/vnd.oasis.opendocument.spreadsheet", b"PK\x03\x04"),
    ("doc", "application/msword", b"\xd0\xcf\x11\xe0"),
    ("xls", "application/vnd.ms-excel", b"\xd0\xcf\x11\xe0"),
];

/// The MIME type of an accepted file, or `None`.
pub fn kind_of(name: &str, bytes: &[u8]) -> Option<&'static str> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_lowercase())?;
    KINDS.iter().find(|(e, _, magic)| *e == ext && bytes.starts_with(magic)).map(|(_, mime, _)| *mime)
}

/// The evidence of a sheet, by criterion, with the owner's upload form.
pub fn section(s: &State, who: &Who, c: &Ctx, (u, k): (&Unit, usize), editable: bool) -> String {
    let lang = s.lang;
    let stage = &c.round.stages[k].id;
    let files = who.store.read(|cn| evidence::of_sheet(cn, c.round.id, &u.key, stage)).unwrap_or_default();
    let m = c.model();
    let nodes = m.sc.nodes();
    let labels = crate::report::score_view::criterion_labels(m.sc, lang);
    let name_of = |id: &str| -> String {
        nodes.iter().position(|n| n.id == id).map(|i| labels[i].clone()).unwrap_or_else(|| id.to_string())
    };
    let mut out = format!("<h2>{}</h2><ul class=\"evidence\">", lang.pick("Minh chứng", "Evidence"));
    let mine: Vec<_> = files.iter().filter(|e| e.unit == u.key && &e.stage == stage).collect();
    if mine.is_empty() {
        out += &format!("<li>{}</li>", lang.pick("Chưa có tệp minh chứng.", "No evidence files yet."));
    }
    for e in mine {
        out += &format!(
            "<li>{}: <a href=\"{}/minh-chung/{}\">{}</a> ({} KB, {})</li>",
            h(&name_of(&e.criterion)),
            c.href(),
            e.id,
            h(&e.name),
            (e.size + 1023) / 1024,
            crate::store::local_time(e.at)
        );
    }
    out += "</ul>";
    if editable {
        let options: String = nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.items.is_none())
            .map(|(i, n)| format!("<option value=\"{}\">{}</option>", h(&n.id), h(&labels[i])))
            .collect();
        out += &format!(
            "<form method=\"post\" enctype=\"multipart/form-data\" action=\"{}/don-vi/{}/{}/minh-chung\">{}\
<label>{} <select name=\"tieu_chi\">{options}</select></label> <input type=\"file\" name=\"tep\" accept=\".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt,.ods,.doc,.xls\"/> \
<button type=\"submit\">{}</button> <small>{}</small></form>",
            c.href(),
            h(&u.key),
            h(stage),
            token_field(who),
            lang.pick("Tiêu chí", "Criterion"),
            lang.pick("Tải lên", "Upload"),
            lang.pick("PDF, ảnh, Word, Excel; tối đa 10 MB", "PDF, images, Word, Excel; at most 10 MB"),
        );
    }
    out
}

pub async fn upload(
    St(s): St<Shared>,
    who: Who,
    Path((id, unit, stage)): Path<(i64, String, String)>,
    headers: HeaderMap,
    mp: Multipart,
) -> Response {
    let lang = s.lang;
    let parts = match read_parts(mp, MAX_BYTES, lang).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if let Err(r) = who.check(parts.field("csrf"), &headers, lang) {
        return r;
    }
    let c = match load(&s, &who, id, Part::ClusterOf(&unit)) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let n = c.round.stages.len();
    let (Some(u), Some(k)) = (c.unit(&unit).cloned(), c.round.stages.iter().position(|x| x.id == stage)) else {
        return not_found(lang);
    };
    // The first stage's sheet may begin with its evidence; a later one
    // exists once the stage before it is accepted.
    let begun = match c.sheet(&u.key, &stage) {
        Some(x) => x.status.open(),
        None => k == 0,
    };
    let open = begun && !closed(c.round.stages[k].deadline);
    if !access::edits(&who.account, &u, k, n) {
        return forbidden(lang);
    }
    let criterion = parts.field("tieu_chi").to_string();
    let m = c.model();
    let known = m.sc.nodes().iter().any(|x| x.id == criterion && x.items.is_none());
    let Some((_, name, bytes)) = parts.files.iter().find(|(f, _, b)| f == "tep" && !b.is_empty()) else {
        return (StatusCode::UNPROCESSABLE_ENTITY, lang.pick("chưa chọn tệp", "no file chosen")).into_response();
    };
    let Some(mime) = kind_of(name, bytes) else {
        return (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            lang.pick(
                "chỉ nhận PDF, ảnh PNG/JPEG, Word, Excel, OpenDocument (tệp phải đúng loại như đuôi tên của nó)",
                "only PDF, PNG/JPEG images, Word, Excel, OpenDocument are accepted (a file must be what its name says)",
            ),
        )
            .into_response();
    };
    if !open || !known {
        return (
            StatusCode::CONFLICT,
            lang.pick("phiếu đã khoá, hoặc tiêu chí không có", "the sheet is locked, or no such criterion"),
        )
            .into_response();
    }
    let base = name.rsplit(['/', '\\']).next().unwrap_or("tep").to_string();
    let sha = match evidence::keep(who.store.path(), bytes) {
        Ok(x) => x,
        Err(e) => return auth::failure(lang, &e),
    };
    let new = NewEvidence {
        round: id,
        unit: &u.key,
        stage: &stage,
        criterion: &criterion,
        sha256: &sha,
        name: &base,
        mime,
        size: bytes.len() as i64,
        by: who.account.id,
    };
    match who.store.write(|tx| evidence::add(tx, &new)) {
        Ok(_) => Redirect::to(&format!("{}/don-vi/{}/{}", c.href(), u.key, stage)).into_response(),
        Err(e) => auth::failure(lang, &e),
    }
}

pub async fn download(St(s): St<Shared>, who: Who, Path((id, file)): Path<(i64, i64)>) -> Response {
    let lang = s.lang;
    let e = match who.store.read(|cn| evidence::get(cn, id, file)) {
        Ok(Some(e)) => e,
        Ok(None) => return not_found(lang),
        Err(err) => return auth::failure(lang, &err),
    };
    let c = match load(&s, &who, id, Part::ClusterOf(&e.unit)) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let n = c.round.stages.len();
    let k = c.round.stages.iter().position(|x| x.id == e.stage).unwrap_or(0);
    match c.unit(&e.unit) {
        Some(u) if access::sees_sheet(&who.account, u, k, n) => {}
        _ => return forbidden(lang),
    }
    let bytes = match evidence::read(who.store.path(), &e.sha256) {
        Ok(b) => b,
        Err(err) => return auth::failure(lang, &err),
    };
    let ascii: String =
        e.name.chars().map(|ch| if ch.is_ascii_alphanumeric() || ".-_".contains(ch) { ch } else { '_' }).collect();
    let disposition = format!("attachment; filename=\"{ascii}\"");
    let mut r = ([(header::CONTENT_TYPE, e.mime.clone())], bytes).into_response();
    if let Ok(v) = disposition.parse() {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, header::HeaderValue::from_static("nosniff"));
    r.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("private, no-store"));
    r
}
