//! The list of rounds, a round's overview (every unit the account may see,
//! each stage's state), the council's deadlines and votes.

use super::auth::{self, token_field, Who};
use super::{access, closed, deadline_words, field, forbidden, h, load, managed, round_page, Ctx, Fields, Part};
use crate::i18n::Lang;
use axum::extract::{Path, State as St};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;

use super::super::Shared;

pub async fn list(St(s): St<Shared>, who: Who) -> Response {
    let lang = s.lang;
    let read = who.store.read(|c| {
        let mut out = Vec::new();
        for r in crate::store::rounds::all(c)? {
            let units = crate::store::rounds::units(c, r.id)?;
            if units.iter().any(|u| access::sees_unit(&who.account, u)) {
                out.push((r, units.len()));
            }
        }
        Ok(out)
    });
    let rounds = match read {
        Ok(r) => r,
        Err(e) => return auth::failure(lang, &e),
    };
    let mut body = String::new();
    if access::manages(&who.account) {
        body += &format!(
            "<p><a class=\"button\" href=\"/ky-cham/moi\">{}</a> <a href=\"/tai-khoan\">{}</a></p>",
            lang.pick("Mở kỳ chấm mới", "Open a scoring round"),
            lang.pick("Tài khoản", "Accounts")
        );
    }
    if rounds.is_empty() {
        body += &format!("<p>{}</p>", lang.pick("Chưa có kỳ chấm nào.", "No rounds yet."));
    } else {
        body += &format!(
            "<table class=\"rounds\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            lang.pick("Kỳ chấm", "Round"),
            lang.pick("Bộ quy tắc", "Pack"),
            lang.pick("Ngày xét", "Evaluation date"),
            lang.pick("Số đơn vị", "Units"),
        );
        for (r, n) in rounds {
            body += &format!(
                "<tr><td><a href=\"/ky-cham/{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"n\">{n}</td></tr>",
                r.id,
                h(&r.title),
                h(&r.pack),
                h(&day(&r.as_of))
            );
        }
        body += "</tbody></table>";
    }
    round_page(lang, &who, lang.pick("Các kỳ chấm", "Scoring rounds"), &[], &body)
}

/// The stages with their deadlines; the council's form to move them.
fn stages_html(c: &Ctx, who: &Who, lang: Lang) -> String {
    let m = c.model();
    let mut s = format!("<h2>{}</h2>", lang.pick("Các vòng chấm", "Stages"));
    let manage = access::manages(&who.account);
    if manage {
        s += &format!("<form method=\"post\" action=\"{}/han\">{}", c.href(), token_field(who));
    }
    s += "<ol class=\"stages\">";
    let n = c.round.stages.len();
    for (k, st) in c.round.stages.iter().enumerate() {
        let owner = access::owner(k, n).words(lang);
        let field = if manage {
            format!(
                " · <label>{} <input name=\"han_{}\" size=\"10\" placeholder=\"31/01/2025\" value=\"{}\"/></label>",
                lang.pick("đổi hạn", "set deadline"),
                h(&st.id),
                st.deadline.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default()
            )
        } else {
            String::new()
        };
        s += &format!(
            "<li><b>{}</b> — {owner}; {}{field}</li>",
            h(&m.stage_words(&st.id, lang)),
            h(&deadline_words(st.deadline, lang))
        );
    }
    s += "</ol>";
    if manage {
        s += &format!("<button type=\"submit\">{}</button></form>", lang.pick("Lưu hạn", "Save deadlines"));
    }
    s
}

pub async fn round(St(s): St<Shared>, who: Who, Path(id): Path<i64>) -> Response {
    let lang = s.lang;
    let c = match load(&s, &who, id, Part::States) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let m = c.model();
    let n = c.round.stages.len();
    let sc = m.sc;
    let mut body = format!(
        "<p>{}: {} — {}; {}: {}</p>",
        lang.pick("Bảng chấm điểm", "Scorecard"),
        h(lang.pick_text(&sc.name, sc.name_en.as_deref())),
        h(&c.round.pack),
        lang.pick("ngày xét", "evaluation date"),
        h(&day(&c.round.as_of))
    );
    body += &stages_html(&c, &who, lang);
    if access::audits(&who.account) {
        body += &format!(
            "<p class=\"actions\"><a class=\"button\" href=\"{r}/ket-qua\">{}</a> <a href=\"{r}/ket-qua?dinh-dang=xlsx\">Excel</a> <a href=\"{r}/ket-qua?dinh-dang=csv\">CSV</a> · <a href=\"{r}/xuat\">{}</a> · <a href=\"{r}/lich-su\">{}</a>{}</p>",
            lang.pick("Kết quả chấm điểm", "Results"),
            lang.pick("Xuất hồ sơ kiểm chứng (zip)", "Export the verifiable record (zip)"),
            lang.pick("Lịch sử thay đổi", "History of changes"),
            if access::manages(&who.account) {
                format!(" · <a href=\"{}/phieu\">{}</a>", c.href(), lang.pick("Nhập số phiếu", "Enter the votes"))
            } else {
                String::new()
            },
            r = c.href(),
        );
    }
    if who.account.role == crate::store::accounts::Role::ClusterHead {
        body += &format!(
            "<p class=\"actions\"><a class=\"button\" href=\"{r}/ket-qua\">{}</a> <a href=\"{r}/ket-qua?dinh-dang=xlsx\">Excel</a></p>",
            lang.pick("Kết quả chấm điểm của cụm", "The cluster's results"),
            r = c.href(),
        );
    }
    body += &format!(
        "<h2>{}</h2><table class=\"units\"><thead><tr><th>{}</th><th>{}</th><th>{}</th>",
        lang.pick("Các đơn vị", "Units"),
        lang.pick("Mã", "Code"),
        lang.pick("Đơn vị", "Unit"),
        h(sc.group_word.as_deref().unwrap_or(lang.pick("Cụm", "Cluster")))
    );
    for st in &c.round.stages {
        body += &format!("<th>{}</th>", h(&m.stage_words(&st.id, lang)));
    }
    body += "</tr></thead><tbody>";
    for u in c.units.iter().filter(|u| access::sees_unit(&who.account, u)) {
        body += &format!("<tr><td>{}</td><td>{}</td><td>{}</td>", h(&u.key), h(&u.name), h(&u.cluster));
        for (k, st) in c.round.stages.iter().enumerate() {
            let state =
                c.sheet(&u.key, &st.id).map(|x| x.status.words(lang)).unwrap_or(lang.pick("Chưa có", "Not begun"));
            let cell = if access::sees_sheet(&who.account, u, k, n) {
                format!("<a href=\"{}/don-vi/{}/{}\">{}</a>", c.href(), h(&u.key), h(&st.id), h(state))
            } else {
                "—".into()
            };
            body += &format!("<td class=\"st\">{cell}</td>");
        }
        body += "</tr>";
    }
    body += "</tbody></table>";
    round_page(lang, &who, &c.round.title, &[], &body)
}

pub async fn deadlines(
    St(s): St<Shared>,
    who: Who,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let lang = s.lang;
    let c = match managed(&s, &who, (id, Part::States), &f, &headers) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let mut changes = Vec::new();
    for st in &c.round.stages {
        let typed = field(&f, &format!("han_{}", st.id)).trim();
        let d = match typed {
            "" => None,
            t => match super::super::fields::parse_date(t) {
                Some(d) => Some(d),
                None => {
                    return super::super::pages::problem(
                        lang,
                        StatusCode::UNPROCESSABLE_ENTITY,
                        lang.pick("Hạn không đọc được", "Unreadable deadline"),
                        &format!("«{t}»: {}", lang.pick("cần ngày/tháng/năm", "type day/month/year")),
                    )
                }
            },
        };
        if d != st.deadline {
            changes.push((st.id.clone(), d));
        }
    }
    let saved = who.store.write(|tx| {
        for (stage, d) in &changes {
            crate::store::rounds::set_deadline(tx, id, stage, *d, who.account.id)?;
        }
        Ok(())
    });
    match saved {
        Ok(()) => Redirect::to(&c.href()).into_response(),
        Err(e) => auth::failure(lang, &e),
    }
}

pub async fn votes_page(St(s): St<Shared>, who: Who, Path(id): Path<i64>) -> Response {
    let lang = s.lang;
    let c = match load(&s, &who, id, Part::Units) {
        Ok(c) => c,
        Err(r) => return r,
    };
    if !access::manages(&who.account) {
        return forbidden(lang);
    }
    votes_html(&c, &who, lang, None)
}

fn votes_html(c: &Ctx, who: &Who, lang: Lang, message: Option<&str>) -> Response {
    let m = c.model();
    let mut body = message.map(|x| format!("<pre class=\"errors\" role=\"alert\">{}</pre>", h(x))).unwrap_or_default();
    if m.votes.is_empty() {
        body += &format!(
            "<p>{}</p>",
            lang.pick("Bảng chấm điểm này không tính phiếu bầu.", "This scorecard counts no votes.")
        );
        return round_page(lang, who, lang.pick("Số phiếu", "Votes"), &[(c.href(), c.round.title.clone())], &body);
    }
    let last = c.round.stages.last().map(|s| s.deadline).unwrap_or(None);
    body += &format!("<p>{}</p>", h(&deadline_words(last, lang)));
    body += &format!(
        "<form method=\"post\" action=\"{}/phieu\">{}<table class=\"votes\"><thead><tr><th>{}</th><th>{}</th>",
        c.href(),
        token_field(who),
        lang.pick("Mã", "Code"),
        lang.pick("Đơn vị", "Unit")
    );
    for v in &m.votes {
        let label = m.column(v).map(|col| col.label_in(v, lang).to_string()).unwrap_or_else(|| v.to_string());
        body += &format!("<th>{}</th>", h(&label));
    }
    body += "</tr></thead><tbody>";
    for u in &c.units {
        body += &format!("<tr><td>{}</td><td>{}</td>", h(&u.key), h(&u.name));
        for v in &m.votes {
            let value = u.fixed.get(*v).cloned().unwrap_or_default();
            body +=
                &format!(
                "<td><input name=\"{}|{}\" value=\"{}\" size=\"6\" inputmode=\"numeric\" aria-label=\"{} {}\"/></td>",
                h(&u.key), h(v), h(&value), h(&u.key), h(v)
            );
        }
        body += "</tr>";
    }
    body += &format!(
        "</tbody></table><p><button type=\"submit\">{}</button></p></form>",
        lang.pick("Lưu số phiếu", "Save the votes")
    );
    round_page(lang, who, lang.pick("Số phiếu", "Votes"), &[(c.href(), c.round.title.clone())], &body)
}

pub async fn votes(
    St(s): St<Shared>,
    who: Who,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let lang = s.lang;
    let c = match managed(&s, &who, (id, Part::Units), &f, &headers) {
        Ok(c) => c,
        Err(r) => return r,
    };
    if closed(c.round.stages.last().and_then(|s| s.deadline)) {
        return votes_html(
            &c,
            &who,
            lang,
            Some(lang.pick(
                "Vòng cuối đã hết hạn; dời hạn trước khi sửa.",
                "The last stage is closed; move its deadline first.",
            )),
        );
    }
    let m = c.model();
    // Each unit's vote cells as read, and the problems of those that do not read.
    type Cells = Vec<(String, String)>;
    let (mut cells, mut problems): (Vec<(String, Cells)>, Vec<String>) = (Vec::new(), Vec::new());
    for u in &c.units {
        let mut mine = Vec::new();
        for v in &m.votes {
            let raw = field(&f, &format!("{}|{v}", u.key));
            let Some(col) = m.column(v) else { continue };
            let what = format!("{} — {}", u.key, col.label_in(v, lang));
            match super::super::fields::read(m.ds, col, raw, &what, lang) {
                Ok(Some(r)) => mine.push((v.to_string(), r.cell)),
                Ok(None) => mine.push((v.to_string(), String::new())),
                Err(_) if raw.trim().is_empty() => mine.push((v.to_string(), String::new())),
                Err(e) => problems.push(e),
            }
        }
        cells.push((u.key.clone(), mine));
    }
    if !problems.is_empty() {
        return votes_html(&c, &who, lang, Some(&problems.join("\n")));
    }
    let saved = who.store.write(|tx| {
        for (key, mine) in &cells {
            crate::store::rounds::set_unit_cells(tx, id, key, mine, who.account.id)?;
        }
        Ok(())
    });
    match saved {
        Ok(()) => Redirect::to(&c.href()).into_response(),
        Err(e) => auth::failure(lang, &e),
    }
}

/// A stored date (2024-12-31) as an office writes it: 31/12/2024.
fn day(iso: &str) -> String {
    iso.parse::<chrono::NaiveDate>().map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_else(|_| iso.to_string())
}
