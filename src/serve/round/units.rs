//! Opening a round: the council picks a pack's scorecard, names the round,
//! and uploads the units sheet (code, name, cluster, and any targets given
//! once per unit). The sheet is read by the dataset's own column types, its
//! problems named by row and column, and kept by hash for the record.

use super::auth::{self, token_field, Who};
use super::{access, forbidden, h, round_page};
use crate::i18n::Lang;
use crate::pack::{Dataset, Scorecard};
use crate::store::rounds::{NewRound, Stage, Unit};
use axum::extract::{Multipart, State as St};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::BTreeMap;

use super::super::Shared;

/// Fields and files of a multipart form, each file bounded by `limit`.
pub struct Parts {
    pub fields: Vec<(String, String)>,
    pub files: Vec<(String, String, Vec<u8>)>,
}

impl Parts {
    pub fn field(&self, name: &str) -> &str {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).unwrap_or("")
    }
}

pub async fn read_parts(mut mp: Multipart, limit: u64, lang: Lang) -> Result<Parts, Response> {
    let bad = |e: axum::extract::multipart::MultipartError| (e.status(), e.body_text()).into_response();
    let mut out = Parts { fields: Vec::new(), files: Vec::new() };
    // Past the limit the rest of the request is still read (the server's
    // body limit bounds it) and dropped, then refused: answered while the
    // browser is still sending, the officer would see the connection cut
    // instead of the message.
    let mut over = false;
    while let Some(mut part) = mp.next_field().await.map_err(bad)? {
        let name = part.name().unwrap_or("").to_string();
        let file = part.file_name().map(str::to_string);
        let mut buf = Vec::new();
        while let Some(chunk) = part.chunk().await.map_err(bad)? {
            over |= (buf.len() + chunk.len()) as u64 > limit;
            if over {
                buf = Vec::new();
            } else {
                buf.extend_from_slice(&chunk);
            }
        }
        match file {
            _ if over => {}
            Some(f) => out.files.push((name, f, buf)),
            None => out.fields.push((name, String::from_utf8_lossy(&buf).into_owned())),
        }
    }
    if over {
        let mb = limit >> 20;
        let m = match lang {
            Lang::Vi => format!("tệp lớn hơn giới hạn {mb} MB"),
            Lang::En => format!("file larger than the limit of {mb} MB"),
        };
        return Err((StatusCode::PAYLOAD_TOO_LARGE, m).into_response());
    }
    Ok(out)
}

/// The scorecards a round can be opened on: a plain dataset (the page
/// writes one file a row per unit and stage).
fn openable(s: &super::super::State) -> Vec<(&str, &Scorecard)> {
    s.packs
        .iter()
        .flat_map(|p| p.cp.pack.scorecards.iter().map(move |sc| (p, sc)))
        .filter(|(p, sc)| {
            sc.join.is_empty()
                && sc.long.is_none()
                && p.cp.pack.datasets.get(&sc.dataset).is_some_and(|d| d.composed.is_none())
        })
        .map(|(p, sc)| (p.id.as_str(), sc))
        .collect()
}

fn form(s: &super::super::State, who: &Who, message: Option<&str>) -> String {
    let lang = s.lang;
    let err = message.map(|m| format!("<pre class=\"errors\" role=\"alert\">{}</pre>", h(m))).unwrap_or_default();
    let options: String = openable(s)
        .iter()
        .map(|(p, sc)| {
            format!(
                "<option value=\"{p}/{id}\">{name} ({p})</option>",
                p = h(p),
                id = h(&sc.id),
                name = h(lang.pick_text(&sc.name, sc.name_en.as_deref()))
            )
        })
        .collect();
    format!(
        "{err}<form method=\"post\" action=\"/ky-cham/moi\" enctype=\"multipart/form-data\">{token}\
<p><label>{l_sc}<br/><select name=\"bang_diem\" required=\"required\"><option value=\"\"></option>{options}</select></label></p>\
<p><label>{l_title}<br/><input name=\"ten\" size=\"60\" required=\"required\"/></label></p>\
<p><label>{l_date}<br/><input name=\"ngay_xet\" placeholder=\"31/12/2024\" size=\"12\"/></label> <small>{h_date}</small></p>\
<p><label>{l_units}<br/><input type=\"file\" name=\"don_vi\" required=\"required\" accept=\".csv,.xlsx,.xls,.ods\"/></label><br/><small>{h_units}</small></p>\
<p><button type=\"submit\">{go}</button></p></form>",
        token = token_field(who),
        l_sc = lang.pick("Bảng chấm điểm", "Scorecard"),
        l_title = lang.pick("Tên kỳ chấm", "Round title"),
        l_date = lang.pick("Ngày xét", "Evaluation date"),
        h_date = lang.pick("để trống: ngày xét của bộ quy tắc", "empty: the pack's date"),
        l_units = lang.pick("Danh sách đơn vị (CSV hoặc Excel)", "Units sheet (CSV or Excel)"),
        h_units = lang.pick(
            "Cột mã đơn vị, tên, cụm; thêm các cột chỉ tiêu giao cho từng đơn vị nếu có. Các cột còn lại đơn vị tự nhập ở từng vòng.",
            "The unit code, name and cluster columns; add the targets set for each unit, if any. The other columns are entered at each stage.",
        ),
        go = lang.pick("Mở kỳ chấm", "Open the round"),
    )
}

pub async fn new_page(St(s): St<Shared>, who: Who) -> Response {
    if !access::manages(&who.account) {
        return forbidden(s.lang);
    }
    round_page(s.lang, &who, s.lang.pick("Mở kỳ chấm mới", "Open a scoring round"), &[], &form(&s, &who, None))
}

pub async fn open(St(s): St<Shared>, who: Who, headers: HeaderMap, mp: Multipart) -> Response {
    let lang = s.lang;
    if !access::manages(&who.account) {
        return forbidden(lang);
    }
    let parts = match read_parts(mp, s.data_limits.max_file_bytes, lang).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if let Err(r) = who.check(parts.field("csrf"), &headers, lang) {
        return r;
    }
    let again = |m: String| {
        let mut r =
            round_page(lang, &who, lang.pick("Mở kỳ chấm mới", "Open a scoring round"), &[], &form(&s, &who, Some(&m)));
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        r
    };
    let chosen = parts.field("bang_diem").to_string();
    let Some((pack_id, sc)) = openable(&s).into_iter().find(|(p, sc)| format!("{p}/{}", sc.id) == chosen) else {
        return again(
            lang.pick("Chọn một bảng chấm điểm trong danh sách.", "Choose a scorecard from the list.").into(),
        );
    };
    let title = parts.field("ten").to_string();
    if title.is_empty() {
        return again(lang.pick("Cần tên kỳ chấm.", "The round needs a title.").into());
    }
    let Some(served) = s.pack(pack_id) else { return again(String::new()) };
    let as_of = match parts.field("ngay_xet") {
        "" => served.cp.pack.as_of,
        d => match super::super::fields::parse_date(d) {
            Some(d) => Some(d),
            None => {
                return again(format!(
                    "{}: «{d}»",
                    lang.pick("Ngày xét không đọc được (ngày/tháng/năm)", "Unreadable date (day/month/year)")
                ))
            }
        },
    };
    let Some(as_of) = as_of else {
        return again(
            lang.pick("Bộ quy tắc không có ngày xét; nhập ngày xét.", "The pack has no evaluation date; type one.")
                .into(),
        );
    };
    let Some((_, file_name, bytes)) = parts.files.iter().find(|(n, _, b)| n == "don_vi" && !b.is_empty()) else {
        return again(lang.pick("Cần tệp danh sách đơn vị.", "The units sheet is needed.").into());
    };
    let ds = &served.cp.pack.datasets[&sc.dataset];
    let units = match read_units(ds, sc, file_name, bytes, &s.data_limits, lang) {
        Ok(u) => u,
        Err(m) => return again(m),
    };
    let stages: Vec<Stage> = sc
        .stages
        .as_ref()
        .map_or_else(|| vec![super::model::ONLY_STAGE.to_string()], |st| st.order.clone())
        .into_iter()
        .map(|id| Stage { id, deadline: None })
        .collect();
    let sha = match crate::store::evidence::keep(who.store.path(), bytes) {
        Ok(sha) => sha,
        Err(e) => return auth::failure(lang, &e),
    };
    let as_of = as_of.to_string();
    let new = NewRound {
        pack: pack_id,
        scorecard: &sc.id,
        title: &title,
        as_of: &as_of,
        units_name: file_name,
        units_sha256: &sha,
        stages: &stages,
        units: &units,
        by: who.account.id,
    };
    match who.store.write(|tx| crate::store::rounds::open(tx, &new)) {
        Ok(id) => Redirect::to(&format!("/ky-cham/{id}")).into_response(),
        Err(e) => auth::failure(lang, &e),
    }
}

/// The units of a units sheet: the dataset's columns the sheet has, read
/// by their types (every problem named by row and column, as the CLI
/// names it); the key and, when the scorecard groups, the cluster needed.
pub fn read_units(
    ds: &Dataset,
    sc: &Scorecard,
    name: &str,
    bytes: &[u8],
    limits: &crate::limits::DataLimits,
    lang: Lang,
) -> Result<Vec<Unit>, String> {
    use crate::ground::text::fold;
    let up = super::super::run::Upload { dataset: ds.id.clone(), name: name.into(), bytes: bytes.to_vec().into() };
    let heads: Vec<String> = super::super::words::headers(&up).into_iter().next().map(|(_, h)| h).unwrap_or_default();
    let heads: Vec<String> = heads.iter().map(|x| fold(x)).collect();
    let has = |col: &str| ds.columns.get(col).is_some_and(|c| c.headers(col).any(|x| heads.contains(&fold(x))));
    // Every column must be the dataset's: a sheet of another plan (or a
    // misspelt header) is refused, never read as "no targets".
    let known = |x: &str| ds.columns.iter().any(|(n, c)| c.headers(n).any(|hd| fold(hd) == x));
    let strangers: Vec<String> = heads.iter().filter(|x| !x.is_empty() && !known(x)).cloned().collect();
    if !strangers.is_empty() {
        let names = ds.columns.keys().map(String::as_str);
        let said: Vec<String> = strangers
            .iter()
            .map(|x| match crate::ground::names::suggest(x, names.clone()) {
                Some(s) => format!("`{x}` ({} `{s}`?)", lang.pick("có phải", "did you mean")),
                None => format!("`{x}`"),
            })
            .collect();
        return Err(match lang {
            Lang::Vi => format!(
                "Danh sách đơn vị có cột không thuộc bảng dữ liệu `{}` của bảng chấm điểm đã chọn: {}. Kiểm tra đã chọn đúng bảng chấm điểm, hoặc sửa tên cột.",
                ds.id,
                said.join(", ")
            ),
            Lang::En => format!(
                "The units sheet has columns the chosen scorecard's dataset `{}` does not: {}. Check the scorecard chosen, or correct the header.",
                ds.id,
                said.join(", ")
            ),
        });
    }
    let mut needed = vec![ds.key.as_str()];
    needed.extend(sc.group_by.as_deref());
    let missing: Vec<&str> = needed.into_iter().filter(|c| !has(c)).collect();
    if !missing.is_empty() {
        return Err(match lang {
            Lang::Vi => format!("Danh sách đơn vị thiếu cột: {}", missing.join(", ")),
            Lang::En => format!("The units sheet lacks the columns: {}", missing.join(", ")),
        });
    }
    if let Some(st) = sc.stages.as_ref().filter(|st| has(&st.column)) {
        return Err(match lang {
            Lang::Vi => format!(
                "Danh sách đơn vị có cột vòng chấm `{}`: mỗi đơn vị một dòng, các vòng do trang ghi; bỏ cột này",
                st.column
            ),
            Lang::En => format!(
                "The units sheet has the stage column `{}`: one row per unit, the page writes the stages; remove it",
                st.column
            ),
        });
    }
    let mut reduced = ds.clone();
    reduced.columns.retain(|n, _| has(n));
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let path = tmp.path().join(super::super::run::upload_path(&up).rsplit('/').next().unwrap_or("don_vi.csv"));
    std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
    let table = crate::data::table::read_csv_keyed(&reduced, &path, &[], limits).map_err(|errs| {
        errs.iter()
            .map(|e| crate::i18n::Localized::render(e, lang).replace(&format!("{}/", tmp.path().display()), ""))
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let text = |i: usize, v: &crate::data::Value| {
        let col = &reduced.columns[i];
        super::super::fields::canonical(v, reduced.number_format_of(col))
    };
    let (key_i, name_i, group_i) = (
        reduced.column_index(&ds.key),
        ds.name_column.as_ref().and_then(|n| reduced.column_index(n)),
        sc.group_by.as_ref().and_then(|g| reduced.column_index(g)),
    );
    let mut units = Vec::new();
    for row in &table.rows {
        let cell = |i: Option<usize>| i.map(|i| text(i, &row.values[i])).unwrap_or_default();
        let key = cell(key_i);
        let mut fixed = BTreeMap::new();
        for (i, (col, _)) in reduced.columns.iter().enumerate() {
            if Some(i) != key_i && Some(i) != name_i && Some(i) != group_i {
                fixed.insert(col.clone(), text(i, &row.values[i]));
            }
        }
        let name = if name_i.is_some() { cell(name_i) } else { key.clone() };
        units.push(Unit { name, cluster: cell(group_i), key, fixed });
    }
    if units.is_empty() {
        return Err(lang.pick("Danh sách đơn vị không có dòng nào.", "The units sheet has no rows.").into());
    }
    Ok(units)
}
