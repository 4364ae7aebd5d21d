//! A round's results, export and history, for the council and auditors.
//! Results are `thidua score` run on the round's export (the units and
//! their stages as one file), up to the last stage every unit has sent;
//! the export is that run's verifiable record, with the evidence list and
//! the history beside it.

use super::auth::{self, Who};
use super::model::standing;
use super::{access, forbidden, h, load, round_page, Ctx, Part};
use crate::i18n::Lang;
use crate::report::Format;
use crate::store::sheets;
use axum::extract::{Path, Query, State as St};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::super::run::{Done, Failed, Request, Upload};
use super::super::{pages::problem, Shared};

/// A history entry's action in words.
pub fn action_words(action: &str, lang: Lang) -> String {
    let (vi, en) = match action {
        "mo_ky" => ("Mở kỳ chấm", "Round opened"),
        "sua" => ("Sửa", "Changed"),
        "da_gui" => ("Gửi", "Sent"),
        "tra_lai" => ("Trả lại", "Returned"),
        "da_nhan" => ("Nhận", "Accepted"),
        "bat_dau" => ("Bắt đầu vòng (từ vòng trước)", "Stage begun (from the previous)"),
        "minh_chung" => ("Thêm minh chứng", "Evidence added"),
        "phieu" => ("Nhập số phiếu", "Votes entered"),
        "han" => ("Đặt hạn", "Deadline set"),
        other => (other, other),
    };
    lang.pick(vi, en).to_string()
}

/// The round's one data file as the CLI reads it, and the stage it stands
/// at (`None`: every stage is sent); or why no result can be made yet.
fn export_file(c: &Ctx, lang: Lang) -> Result<(Upload, Option<String>), String> {
    let m = c.model();
    let upto = standing(&c.units, &c.sheets, &m.stages).map_err(|missing| {
        let keys: Vec<&str> = missing.iter().map(|u| u.key.as_str()).collect();
        match lang {
            Lang::Vi => format!(
                "Chưa có kết quả: các đơn vị chưa gửi {}: {}",
                m.stage_words(&m.stages[0], lang),
                keys.join(", ")
            ),
            Lang::En => format!(
                "No results yet: units that have not sent {}: {}",
                m.stage_words(&m.stages[0], lang),
                keys.join(", ")
            ),
        }
    })?;
    let stages = &m.stages;
    let rows: Vec<_> = c
        .units
        .iter()
        .flat_map(|u| (0..=upto).filter_map(move |k| c.sheet(&u.key, &stages[k]).map(|x| (u, k, &x.vals))))
        .collect();
    let bytes = m.csv(&c.units, &rows);
    let stage = (m.sc.stages.is_some() && upto + 1 < m.stages.len()).then(|| m.stages[upto].clone());
    Ok((Upload { dataset: m.ds.id.clone(), name: format!("{}.csv", m.ds.id), bytes: bytes.into() }, stage))
}

/// What a run of the round needs once its file is made: the round's
/// sheets are let go before the engine reads the file.
struct Job {
    file: Upload,
    stage: Option<String>,
    pack: String,
    scorecard: String,
    as_of: Option<chrono::NaiveDate>,
}

fn job_of(c: Ctx<'_>, lang: Lang) -> Result<Job, Response> {
    let (file, stage) = export_file(&c, lang)
        .map_err(|m| problem(lang, StatusCode::CONFLICT, lang.pick("Chưa chấm được", "Cannot score yet"), &m))?;
    let Ctx { round, .. } = c;
    Ok(Job { file, stage, pack: round.pack, scorecard: round.scorecard, as_of: round.as_of.parse().ok() })
}

/// Runs `thidua score` on the round's file, off the request threads.
async fn run(s: &Shared, job: Job, format: Format) -> Result<(Done, Upload), Response> {
    let lang = s.lang;
    let Job { file, stage, pack, scorecard, as_of } = job;
    let state = s.clone();
    let up = file.clone();
    let outcome = super::super::bounded(s, move || -> Result<Done, Failed> {
        let served = state.pack(&pack).ok_or_else(|| Failed { message: pack.clone(), code: 3, data: Vec::new() })?;
        let dir = state.root.join(&served.id);
        let req = Request {
            pack: &dir,
            root: &state.root,
            cp: &served.cp,
            hashes: &served.hashes,
            files: vec![up],
            awards: Vec::new(),
            stage,
            subjects: Vec::new(),
            as_of,
            format,
            explain: false,
            lang: state.lang,
            limits: &state.limits,
            data_limits: &state.data_limits,
        };
        super::super::run::run(&req, Some(Some(scorecard)))
    })
    .await;
    match outcome {
        Some(Ok(done)) => Ok((done, file)),
        Some(Err(f)) => Err(problem(
            lang,
            StatusCode::UNPROCESSABLE_ENTITY,
            lang.pick("Chưa chấm được", "Cannot score yet"),
            &f.message,
        )),
        None => Err(problem(lang, StatusCode::SERVICE_UNAVAILABLE, lang.pick("Quá thời gian", "Took too long"), "")),
    }
}

#[derive(serde::Deserialize)]
pub struct Wanted {
    #[serde(rename = "dinh-dang")]
    format: Option<String>,
}

/// The results: the whole round's for the council and auditors, a
/// cluster head's own cluster's (`thidua score` on that cluster's rows: a
/// cluster is ranked within itself, so its part is the same either way).
pub async fn report(St(s): St<Shared>, who: Who, Path(id): Path<i64>, Query(q): Query<Wanted>) -> Response {
    let part = match access::results_of(&who.account) {
        Some(None) => Part::All,
        Some(Some(cluster)) => Part::Cluster(cluster),
        None => {
            // Whether the round exists for this account decides 404 or 403.
            return match load(&s, &who, id, Part::States) {
                Ok(_) => forbidden(s.lang),
                Err(r) => r,
            };
        }
    };
    let c = match load(&s, &who, id, part) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let format = match q.format.as_deref() {
        Some("csv") => Format::Csv,
        Some("xlsx") => Format::Xlsx,
        _ => Format::Html,
    };
    let job = match job_of(c, s.lang) {
        Ok(j) => j,
        Err(r) => return r,
    };
    let (done, _) = match run(&s, job, format).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let ctype = match format {
        Format::Csv => "text/csv; charset=utf-8",
        Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "text/html; charset=utf-8",
    };
    let mut r = ([(header::CONTENT_TYPE, ctype)], done.result).into_response();
    if format != Format::Html {
        if let Ok(v) = format!("attachment; filename=\"ket-qua-ky-{id}.{}\"", format.extension()).parse() {
            r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
        }
    }
    if let Ok(v) = done.fingerprint.parse() {
        r.headers_mut().insert("x-thidua-fingerprint", v);
    }
    r
}

fn csv_of(head: &[&str], rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(head);
    for r in rows {
        let _ = w.write_record(r);
    }
    w.into_inner().unwrap_or_default()
}

pub async fn export(St(s): St<Shared>, who: Who, Path(id): Path<i64>) -> Response {
    let lang = s.lang;
    let c = match load(&s, &who, id, Part::All) {
        Ok(c) => c,
        Err(r) => return r,
    };
    if !access::audits(&who.account) {
        return forbidden(lang);
    }
    let (units_sha, units_name) = (c.round.units_sha256.clone(), c.round.units_name.clone());
    let job = match job_of(c, lang) {
        Ok(j) => j,
        Err(r) => return r,
    };
    let (done, file) = match run(&s, job, Format::Html).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    // The history is written as it is read: a province's is large.
    let mut hw = csv::Writer::from_writer(Vec::new());
    let _ = hw.write_record(["thoi_diem", "nguoi", "ma_don_vi", "vong", "viec", "o", "truoc", "sau"]);
    let files = who.store.read(|cn| {
        sheets::each_history(cn, id, None, |e| {
            let _ = hw.write_record([
                crate::store::local_time(e.at),
                e.who,
                e.unit.unwrap_or_default(),
                e.stage.unwrap_or_default(),
                e.action,
                e.field.unwrap_or_default(),
                e.before.unwrap_or_default(),
                e.after.unwrap_or_default(),
            ]);
        })?;
        crate::store::evidence::of_round(cn, id)
    });
    let files = match files {
        Ok(x) => x,
        Err(e) => return auth::failure(lang, &e),
    };
    let history = hw.into_inner().unwrap_or_default();
    let evidence = csv_of(
        &["ma_don_vi", "vong", "tieu_chi", "ten_tep", "sha256", "kich_thuoc", "thoi_diem"],
        files
            .iter()
            .map(|e| {
                vec![
                    e.unit.clone(),
                    e.stage.clone(),
                    e.criterion.clone(),
                    e.name.clone(),
                    e.sha256.clone(),
                    e.size.to_string(),
                    crate::store::local_time(e.at),
                ]
            })
            .collect(),
    );
    let mut extra =
        vec![("ky-cham/minh-chung.csv".to_string(), evidence), ("ky-cham/lich-su.csv".to_string(), history)];
    if let Ok(units) = crate::store::evidence::read(who.store.path(), &units_sha) {
        // Named by the round, never by the uploaded name (a path in a zip).
        let lower = units_name.to_lowercase();
        let ext =
            ["xlsx", "xlsm", "xls", "ods"].into_iter().find(|e| lower.ends_with(&format!(".{e}"))).unwrap_or("csv");
        extra.push((format!("ky-cham/danh-sach-don-vi.{ext}"), units));
    }
    match super::super::bundle::zip_of(&s.root, &[file], &done, lang, extra) {
        Ok((bytes, name)) => {
            let mut r = ([(header::CONTENT_TYPE, "application/zip")], bytes).into_response();
            if let Ok(v) = format!("attachment; filename=\"{name}\"").parse() {
                r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            if let Ok(v) = done.fingerprint.parse() {
                r.headers_mut().insert("x-thidua-fingerprint", v);
            }
            r
        }
        Err(e) => problem(lang, StatusCode::CONFLICT, lang.pick("Không tạo được hồ sơ", "Cannot make the record"), &e),
    }
}

pub async fn history(St(s): St<Shared>, who: Who, Path(id): Path<i64>) -> Response {
    let lang = s.lang;
    let c = match load(&s, &who, id, Part::States) {
        Ok(c) => c,
        Err(r) => return r,
    };
    if !access::audits(&who.account) {
        return forbidden(lang);
    }
    let hist = match who.store.read(|cn| sheets::history(cn, id, None)) {
        Ok(x) => x,
        Err(e) => return auth::failure(lang, &e),
    };
    let m = c.model();
    let mut body = format!(
        "<table class=\"history\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        lang.pick("Lúc", "When"), lang.pick("Ai", "Who"), lang.pick("Đơn vị", "Unit"), lang.pick("Vòng", "Stage"),
        lang.pick("Việc", "What"), lang.pick("Ô", "Cell"), lang.pick("Trước", "Before"), lang.pick("Sau / lý do", "After / reason")
    );
    for e in &hist {
        body += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            crate::store::local_time(e.at),
            h(&e.who),
            h(e.unit.as_deref().unwrap_or("")),
            h(&e.stage.as_deref().map(|x| m.stage_words(x, lang)).unwrap_or_default()),
            h(&action_words(&e.action, lang)),
            h(e.field.as_deref().unwrap_or("")),
            h(e.before.as_deref().unwrap_or("")),
            h(e.after.as_deref().unwrap_or(""))
        );
    }
    body += "</tbody></table>";
    round_page(
        lang,
        &who,
        lang.pick("Lịch sử thay đổi", "History of changes"),
        &[(c.href(), c.round.title.clone())],
        &body,
    )
}
