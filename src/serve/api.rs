//! The JSON API (`/api/v1/…`), described by the OpenAPI document it serves.
//! `check` and `score` answer with the very bytes `thidua check|score
//! --format json` writes for the same files and options; errors are JSON
//! with the CLI's messages and exit code.

use super::pages::{judge, read_multipart};
use super::Shared;
use crate::pack::Pack;
use axum::extract::{Multipart, Path, State as St};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

const OPENAPI: &str = include_str!("openapi.json");

pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

fn error(status: StatusCode, code: i32, message: &str) -> Response {
    (status, axum::Json(json!({ "error": { "exit_code": code, "message": message } }))).into_response()
}

fn no_pack(id: &str, lang: crate::i18n::Lang) -> Response {
    let message = match lang {
        crate::i18n::Lang::Vi => format!("không có bộ quy tắc `{id}`"),
        crate::i18n::Lang::En => format!("no rule pack `{id}`"),
    };
    error(StatusCode::NOT_FOUND, crate::app::exit::USAGE, &message)
}

pub async fn packs(St(s): St<Shared>) -> Response {
    let list: Vec<serde_json::Value> = s
        .packs
        .iter()
        .map(|p| {
            let pk = &p.cp.pack;
            json!({ "id": p.id, "pack_id": pk.id, "title": pk.title, "version": pk.version,
                    "effective": { "from": pk.effective.from, "to": pk.effective.to } })
        })
        .collect();
    axum::Json(json!({ "packs": list })).into_response()
}

/// A pack as a program reads it: datasets and their columns, awards and
/// their criteria with sources, scorecards.
fn description(id: &str, pk: &Pack) -> serde_json::Value {
    let datasets: serde_json::Map<String, serde_json::Value> = pk
        .file_datasets()
        .map(|(ds_id, ds)| {
            let columns: Vec<serde_json::Value> = ds
                .columns
                .iter()
                .map(|(c, col)| {
                    json!({ "id": c, "type": col.ty.label(crate::i18n::Lang::En), "label": col.label,
                            "optional": col.optional, "values": col.values })
                })
                .collect();
            (ds_id.clone(), json!({ "subject": format!("{:?}", ds.subject).to_lowercase(), "key": ds.key, "title": ds.title, "columns": columns }))
        })
        .collect();
    let awards: Vec<serde_json::Value> = pk
        .awards
        .iter()
        .filter(|a| !a.internal)
        .map(|a| {
            let criteria: Vec<serde_json::Value> =
                a.criteria.iter().map(|c| json!({ "id": c.id, "text": c.text, "source": c.source })).collect();
            json!({ "id": a.id, "name": a.name, "dataset": a.dataset_id, "source": a.source, "decider": a.decider,
                    "requires": a.requires, "criteria": criteria })
        })
        .collect();
    let scorecards: Vec<serde_json::Value> =
        pk.scorecards.iter().map(|s| json!({ "id": s.id, "name": s.name, "dataset": s.dataset })).collect();
    json!({ "id": id, "pack_id": pk.id, "title": pk.title, "version": pk.version, "legal_basis": pk.legal_basis,
            "effective": { "from": pk.effective.from, "to": pk.effective.to }, "as_of": pk.as_of,
            "datasets": datasets, "awards": awards, "scorecards": scorecards })
}

pub async fn describe(St(s): St<Shared>, Path(id): Path<String>) -> Response {
    match s.pack(&id) {
        Some(p) => axum::Json(description(&p.id, &p.cp.pack)).into_response(),
        None => no_pack(&id, s.lang),
    }
}

async fn run(s: Shared, id: String, mp: Multipart, score: bool) -> Response {
    let Some(p) = s.pack(&id) else { return no_pack(&id, s.lang) };
    let Ok(_intake) = s.intake.clone().acquire_owned().await else {
        return error(StatusCode::SERVICE_UNAVAILABLE, crate::app::exit::EVAL, "");
    };
    let sent = match read_multipart(&p.cp.pack, mp, s.data_limits.max_file_bytes, s.lang).await {
        Ok(x) => x,
        Err((status, e)) => return error(status, crate::app::exit::USAGE, &e),
    };
    let scorecard = score.then(|| sent.field("scorecard").map(str::to_string));
    // As `--explain` on the command line: asked for, not assumed.
    let explain = sent.field("explain").is_some_and(|v| v == "true" || v == "1");
    match judge(&s, &id, sent, crate::report::Format::Json, scorecard, explain).await {
        Some(Ok(done)) => {
            let mut r = ([(header::CONTENT_TYPE, "application/json")], done.result).into_response();
            if let Ok(v) = done.fingerprint.parse() {
                r.headers_mut().insert("x-thidua-fingerprint", v);
            }
            r
        }
        Some(Err(f)) => error(StatusCode::UNPROCESSABLE_ENTITY, f.code, &f.message),
        None => error(
            StatusCode::SERVICE_UNAVAILABLE,
            crate::app::exit::EVAL,
            s.lang.pick(
                "quá thời gian cho phép (--timeout), hoặc máy đang bận",
                "took longer than allowed (--timeout), or the server is busy",
            ),
        ),
    }
}

pub async fn check(St(s): St<Shared>, Path(id): Path<String>, mp: Multipart) -> Response {
    run(s, id, mp, false).await
}

pub async fn score(St(s): St<Shared>, Path(id): Path<String>, mp: Multipart) -> Response {
    run(s, id, mp, true).await
}
