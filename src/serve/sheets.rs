//! What the upload page offers beside each file: the dataset's template to
//! download, and a chooser of the sheet to read when a workbook has several
//! (each sheet named with the dataset its headers look like).

use super::pages::{not_found, read_multipart};
use super::Shared;
use crate::i18n::Lang;
use axum::extract::{Multipart, Path, State as St};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// `GET /goi/{pack}/mau/{dataset}.xlsx`: the template `thidua template`
/// makes for the dataset.
pub async fn template(St(s): St<Shared>, Path((id, file)): Path<(String, String)>) -> Response {
    let Some(p) = s.pack(&id) else { return not_found(St(s.clone())).await };
    let pk = &p.cp.pack;
    let Some(ds) = file.strip_suffix(".xlsx").and_then(|d| pk.file_datasets().find(|(k, _)| *k == d).map(|(_, d)| d))
    else {
        return not_found(St(s.clone())).await;
    };
    match crate::report::template::workbook(pk, &[ds], &indexmap::IndexMap::new(), s.lang) {
        Ok(bytes) => {
            let mut r =
                ([(header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")], bytes)
                    .into_response();
            if let Ok(v) = format!("attachment; filename=\"mau_{}.xlsx\"", ds.id).parse() {
                r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            r
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `POST /goi/{pack}/trang-tinh`: the sheets of one uploaded workbook, each
/// with the dataset its headers look like, for the page's chooser.
pub async fn list(St(s): St<Shared>, Path(id): Path<String>, mp: Multipart) -> Response {
    let lang = s.lang;
    let Some(p) = s.pack(&id) else { return StatusCode::NOT_FOUND.into_response() };
    let Ok(_intake) = s.intake.clone().acquire_owned().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let sent = match read_multipart(&p.cp.pack, mp, s.data_limits.max_file_bytes, lang).await {
        Ok(x) => x,
        Err((status, e)) => return (status, axum::Json(json!({ "error": e }))).into_response(),
    };
    let Some(f) = sent.files.into_iter().next() else { return StatusCode::BAD_REQUEST.into_response() };
    // Read off the async threads, within the run limits, and only after the
    // workbook passed the reader's unpacked-size check: a bomb is refused
    // here as it is by a run.
    let (state, id) = (s.clone(), id.clone());
    let listed = super::bounded(&s, move || {
        let tmp = tempfile::NamedTempFile::new().ok()?;
        std::fs::write(tmp.path(), &f.bytes).ok()?;
        let lower = f.name.to_lowercase();
        let zipped = [".xlsx", ".xlsm", ".xlsb", ".ods"].iter().any(|x| lower.ends_with(x));
        if zipped {
            if let Err(e) = crate::data::workbook::check_unpacked(tmp.path(), &state.data_limits) {
                return Some(Err(super::words::plain(&e.message(state.lang))));
            }
        }
        let pk = &state.pack(&id)?.cp.pack;
        Some(Ok(super::words::sheets_with_guess(pk, &f)
            .into_iter()
            .map(|(name, like)| (name, like.map(str::to_string)))
            .collect::<Vec<(String, Option<String>)>>()))
    })
    .await
    .flatten();
    let listed = match listed {
        Some(Ok(l)) => l,
        Some(Err(e)) => return (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(json!({ "error": e }))).into_response(),
        None => Vec::new(),
    };
    let sheets: Vec<serde_json::Value> = listed
        .into_iter()
        .map(|(name, like)| {
            let label = match like {
                Some(t) => match lang {
                    Lang::Vi => format!("{name} — giống bảng «{t}»"),
                    Lang::En => format!("{name} — looks like «{t}»"),
                },
                None => name.clone(),
            };
            json!({ "name": name, "label": label })
        })
        .collect();
    axum::Json(json!({ "sheets": sheets })).into_response()
}
