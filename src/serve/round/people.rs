//! The council's accounts page: every account, and a form to make one.
//! The council types each new account's first password (no default); the
//! password is hashed at once and never shown again.

use super::auth::{self, token_field, Who};
use super::{access, forbidden, h, round_page};
use crate::i18n::Lang;
use crate::store::accounts::{self, Role};
use axum::extract::State as St;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;

use super::super::Shared;

fn html(who: &Who, lang: Lang, message: Option<&str>) -> Result<String, crate::store::StoreError> {
    let (all, locked) = who.store.read(|c| Ok((accounts::all(c)?, accounts::locked(c)?)))?;
    let mut body = message.map(|m| format!("<p class=\"errors\" role=\"alert\">{}</p>", h(m))).unwrap_or_default();
    body += &format!(
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th></th></tr></thead><tbody>",
        lang.pick("Tên đăng nhập", "Login name"),
        lang.pick("Tên hiển thị", "Display name"),
        lang.pick("Vai trò", "Role"),
        lang.pick("Cụm / đơn vị", "Cluster / unit")
    );
    for a in all {
        let is_locked = locked.contains(&a.id);
        let action = if a.id == who.account.id {
            String::new()
        } else {
            format!(
                "<form method=\"post\" action=\"/tai-khoan/{}/khoa\">{}<input type=\"hidden\" name=\"khoa\" value=\"{}\"/><button type=\"submit\">{}</button></form>",
                a.id,
                token_field(who),
                if is_locked { "0" } else { "1" },
                if is_locked { lang.pick("Mở khoá", "Unlock") } else { lang.pick("Khoá", "Lock") }
            )
        };
        body += &format!(
            "<tr><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{action}</td></tr>",
            h(&a.name),
            if is_locked { format!(" <b>({})</b>", lang.pick("đã khoá", "locked")) } else { String::new() },
            h(&a.display),
            h(a.role.words(lang)),
            h(a.scope.as_deref().unwrap_or(""))
        );
    }
    body += "</tbody></table>";
    let roles: String =
        Role::ALL.iter().map(|r| format!("<option value=\"{}\">{}</option>", r.code(), h(r.words(lang)))).collect();
    body += &format!(
        "<h2>{}</h2><form method=\"post\" action=\"/tai-khoan\">{}\
<p><label>{}<br/><input name=\"ten\" required=\"required\" autocomplete=\"off\"/></label></p>\
<p><label>{}<br/><input name=\"hien_thi\" size=\"40\"/></label></p>\
<p><label>{}<br/><select name=\"vai_tro\">{roles}</select></label></p>\
<p><label>{}<br/><input name=\"pham_vi\"/></label> <small>{}</small></p>\
<p><label>{}<br/><input type=\"password\" name=\"mat_khau\" autocomplete=\"new-password\" required=\"required\"/></label> <small>{}</small></p>\
<p><button type=\"submit\">{}</button></p></form>",
        lang.pick("Tạo tài khoản", "Make an account"),
        token_field(who),
        lang.pick("Tên đăng nhập", "Login name"),
        lang.pick("Tên hiển thị", "Display name"),
        lang.pick("Vai trò", "Role"),
        lang.pick("Mã cụm hoặc mã đơn vị", "Cluster or unit code"),
        lang.pick("trưởng cụm: mã cụm; đơn vị: mã đơn vị; hội đồng, kiểm tra: để trống", "cluster head: the cluster's code; unit: the unit's code; council, auditor: empty"),
        lang.pick("Mật khẩu ban đầu", "First password"),
        match lang {
            Lang::Vi => format!("ít nhất {} ký tự; báo riêng cho người dùng", accounts::MIN_PASSWORD),
            Lang::En => format!("at least {} characters; tell the user privately", accounts::MIN_PASSWORD),
        },
        lang.pick("Tạo", "Make"),
    );
    Ok(body)
}

pub async fn page(St(s): St<Shared>, who: Who) -> Response {
    if !access::manages(&who.account) {
        return forbidden(s.lang);
    }
    match html(&who, s.lang, None) {
        Ok(body) => round_page(s.lang, &who, s.lang.pick("Tài khoản", "Accounts"), &[], &body),
        Err(e) => auth::failure(s.lang, &e),
    }
}

#[derive(serde::Deserialize)]
pub struct NewAccount {
    csrf: String,
    ten: String,
    #[serde(default)]
    hien_thi: String,
    vai_tro: String,
    #[serde(default)]
    pham_vi: String,
    mat_khau: String,
}

pub async fn create(St(s): St<Shared>, who: Who, headers: HeaderMap, Form(f): Form<NewAccount>) -> Response {
    let lang = s.lang;
    if !access::manages(&who.account) {
        return forbidden(lang);
    }
    if let Err(r) = who.check(&f.csrf, &headers, lang) {
        return r;
    }
    let Some(role) = Role::from_code(&f.vai_tro) else {
        let known: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
        let m = match lang {
            Lang::Vi => format!("vai trò `{}` không có; dùng một trong: {}", f.vai_tro, known.join(", ")),
            Lang::En => format!("no role `{}`; use one of: {}", f.vai_tro, known.join(", ")),
        };
        return (StatusCode::BAD_REQUEST, m).into_response();
    };
    let (store, by) = (who.store.clone(), who.account.id);
    let made = tokio::task::spawn_blocking(move || {
        let scope = Some(f.pham_vi.as_str());
        store.write(|tx| accounts::create(tx, (f.ten.trim(), &f.hien_thi), role, scope, &f.mat_khau, Some(by)))
    })
    .await;
    match made {
        Ok(Ok(Ok(_))) => Redirect::to("/tai-khoan").into_response(),
        Ok(Ok(Err(refusal))) => match html(&who, lang, Some(&refusal.words(lang))) {
            Ok(body) => {
                let mut r = round_page(lang, &who, lang.pick("Tài khoản", "Accounts"), &[], &body);
                *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                r
            }
            Err(e) => auth::failure(lang, &e),
        },
        Ok(Err(e)) => auth::failure(lang, &e),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

#[derive(serde::Deserialize)]
pub struct Lock {
    csrf: String,
    khoa: String,
}

/// Locks or unlocks an account (never one's own): a locked account's
/// sessions end and it cannot sign in; its history stays.
pub async fn lock(
    St(s): St<Shared>,
    who: Who,
    axum::extract::Path(id): axum::extract::Path<i64>,
    headers: HeaderMap,
    Form(f): Form<Lock>,
) -> Response {
    let lang = s.lang;
    if !access::manages(&who.account) {
        return forbidden(lang);
    }
    if let Err(r) = who.check(&f.csrf, &headers, lang) {
        return r;
    }
    if id == who.account.id {
        return (
            StatusCode::BAD_REQUEST,
            lang.pick("không tự khoá tài khoản của mình", "an account cannot lock itself"),
        )
            .into_response();
    }
    match who.store.write(|tx| accounts::set_locked(tx, id, f.khoa == "1")) {
        Ok(true) => Redirect::to("/tai-khoan").into_response(),
        Ok(false) => super::not_found(lang),
        Err(e) => auth::failure(lang, &e),
    }
}
