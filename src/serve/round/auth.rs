//! Signing in and out, and who is asking: every round route takes a
//! [`Who`], read on the server from the session cookie, and every form that
//! changes something carries the session's own token (checked here), so a
//! page of another site cannot make a signed-in browser act.

use super::super::pages::{esc, page, problem};
use super::super::Shared;
use crate::i18n::Lang;
use crate::store::accounts::{self, Account, LoginRefused};
use crate::store::Store;
use axum::extract::{FromRequestParts, State as St};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use std::sync::Arc;

/// The session cookie's name.
pub const COOKIE: &str = "thidua_phien";

/// The account behind a request, and its session's form token.
pub struct Who {
    pub account: Account,
    pub csrf: String,
    pub store: Arc<Store>,
}

/// The store, or the page saying the server keeps none.
pub fn store_of(s: &Shared) -> Result<Arc<Store>, Response> {
    s.store.clone().ok_or_else(|| {
        problem(
            s.lang,
            StatusCode::NOT_FOUND,
            s.lang.pick("Máy phục vụ không giữ kỳ chấm", "This server keeps no scoring rounds"),
            s.lang.pick(
                "Trang kỳ chấm cần máy phục vụ chạy với --store TỆP.db.",
                "Scoring rounds need the server started with --store FILE.db.",
            ),
        )
    })
}

fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .flatten()
        .find(|c| c.name() == COOKIE)
        .map(|c| c.value().to_string())
}

impl FromRequestParts<Shared> for Who {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, s: &Shared) -> Result<Self, Self::Rejection> {
        let store = store_of(s)?;
        let found = match session_token(&parts.headers) {
            Some(t) => store.read(|c| accounts::session(c, &t)).map_err(|e| failure(s.lang, &e))?,
            None => None,
        };
        match found {
            Some((account, csrf)) => Ok(Who { account, csrf, store }),
            // A page asked for: sign in, then come back; anything else: 401.
            None if parts.method == axum::http::Method::GET => {
                let back = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/ky-cham");
                let to = format!("/dang-nhap?tiep={}", percent(back));
                Err(Redirect::to(&to).into_response())
            }
            None => Err(problem(
                s.lang,
                StatusCode::UNAUTHORIZED,
                s.lang.pick("Cần đăng nhập", "Sign in first"),
                s.lang.pick("Phiên làm việc đã hết hoặc chưa đăng nhập.", "The session has ended or was never begun."),
            )),
        }
    }
}

impl Who {
    /// Refuses a changing request whose form token is not the session's,
    /// or that comes from another site's page.
    pub fn check(&self, token: &str, headers: &HeaderMap, lang: Lang) -> Result<(), Response> {
        use subtle::ConstantTimeEq;
        let same = bool::from(token.as_bytes().ct_eq(self.csrf.as_bytes()));
        if same && same_origin(headers) {
            return Ok(());
        }
        Err(problem(
            lang,
            StatusCode::FORBIDDEN,
            lang.pick("Yêu cầu bị từ chối", "Request refused"),
            lang.pick(
                "Biểu mẫu không mang mã của phiên làm việc này (trang cũ, hoặc gửi từ trang khác). Tải lại trang rồi làm lại.",
                "The form does not carry this session's token (an old page, or sent from another site). Reload the page and try again.",
            ),
        ))
    }
}

/// A request's `Origin`, when the browser sends one, is this server's.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else { return true };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    origin.split_once("://").is_some_and(|(_, rest)| rest == host)
}

/// A store failure as a page (the database's own words, for the officer
/// to pass on).
pub fn failure(lang: Lang, e: &crate::store::StoreError) -> Response {
    problem(
        lang,
        StatusCode::INTERNAL_SERVER_ERROR,
        lang.pick("Lỗi cơ sở dữ liệu", "Database error"),
        &format!("{}: {e}", lang.pick("Không ghi hoặc đọc được", "Could not read or write")),
    )
}

/// `?tiep=`, written safely into a link.
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Where to go after signing in: a path of this site only.
fn local(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/ky-cham"
    }
}

#[derive(serde::Deserialize)]
pub struct Next {
    tiep: Option<String>,
}

fn login_form(lang: Lang, next: &str, message: Option<&str>) -> String {
    let err = message.map(|m| format!("<p class=\"errors\" role=\"alert\">{}</p>", esc(m))).unwrap_or_default();
    format!(
        "{err}<form method=\"post\" action=\"/dang-nhap\" class=\"login\">\
<input type=\"hidden\" name=\"tiep\" value=\"{next}\"/>\
<p><label>{name}<br/><input name=\"ten\" autocomplete=\"username\" required=\"required\" autofocus=\"autofocus\"/></label></p>\
<p><label>{pw}<br/><input type=\"password\" name=\"mat_khau\" autocomplete=\"current-password\" required=\"required\"/></label></p>\
<p><button type=\"submit\">{go}</button></p></form>",
        next = esc(next),
        name = lang.pick("Tên đăng nhập", "Login name"),
        pw = lang.pick("Mật khẩu", "Password"),
        go = lang.pick("Đăng nhập", "Sign in"),
    )
}

pub async fn login_page(St(s): St<Shared>, q: axum::extract::Query<Next>) -> Response {
    if let Err(r) = store_of(&s) {
        return r;
    }
    let next = local(q.tiep.as_deref().unwrap_or("/ky-cham")).to_string();
    page(s.lang, s.lang.pick("Đăng nhập", "Sign in"), &[], &login_form(s.lang, &next, None))
}

#[derive(serde::Deserialize)]
pub struct Login {
    ten: String,
    mat_khau: String,
    #[serde(default)]
    tiep: String,
}

pub async fn login(St(s): St<Shared>, headers: HeaderMap, Form(f): Form<Login>) -> Response {
    let lang = s.lang;
    let store = match store_of(&s) {
        Ok(st) => st,
        Err(r) => return r,
    };
    if !same_origin(&headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let next = local(&f.tiep).to_string();
    let (name, password) = (f.ten.trim().to_string(), f.mat_khau);
    // Hashing is slow on purpose: off the request threads.
    let st = store.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        st.write(|tx| match accounts::login(tx, &name, &password)? {
            Ok(a) => Ok(Ok(accounts::begin_session(tx, &a)?)),
            Err(r) => Ok(Err(r)),
        })
    })
    .await;
    let refused = |status: StatusCode, m: String| {
        let mut r = page(lang, lang.pick("Đăng nhập", "Sign in"), &[], &login_form(lang, &next, Some(&m)));
        *r.status_mut() = status;
        r
    };
    match outcome {
        Ok(Ok(Ok(session))) => {
            let c = cookie::Cookie::build((COOKIE, session.token))
                .http_only(true)
                .secure(true)
                .same_site(cookie::SameSite::Strict)
                .path("/")
                .max_age(cookie::time::Duration::seconds(accounts::SESSION_SECS))
                .build();
            let mut r = Redirect::to(&next).into_response();
            if let Ok(v) = c.to_string().parse() {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            r
        }
        Ok(Ok(Err(LoginRefused::Wrong))) => refused(
            StatusCode::UNAUTHORIZED,
            lang.pick("Sai tên đăng nhập hoặc mật khẩu.", "Wrong login name or password.").into(),
        ),
        Ok(Ok(Err(LoginRefused::Wait(secs)))) => refused(
            StatusCode::TOO_MANY_REQUESTS,
            match lang {
                Lang::Vi => format!("Đăng nhập sai nhiều lần; thử lại sau {secs} giây."),
                Lang::En => format!("Too many failed sign-ins; try again in {secs} seconds."),
            },
        ),
        Ok(Err(e)) => failure(lang, &e),
        Err(e) => refused(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

#[derive(serde::Deserialize)]
pub struct Token {
    csrf: String,
}

pub async fn logout(St(s): St<Shared>, who: Who, headers: HeaderMap, Form(t): Form<Token>) -> Response {
    if let Err(r) = who.check(&t.csrf, &headers, s.lang) {
        return r;
    }
    if let Some(token) = session_token(&headers) {
        if let Err(e) = who.store.write(|tx| accounts::end_session(tx, &token)) {
            return failure(s.lang, &e);
        }
    }
    let mut r = Redirect::to("/dang-nhap").into_response();
    let gone = format!("{COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict");
    if let Ok(v) = gone.parse() {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

/// The line under every round page: who is signed in, and the way out.
pub fn signed_in(who: &Who, lang: Lang) -> String {
    let scope = who.account.scope.as_deref().map(|s| format!(" {s}")).unwrap_or_default();
    format!(
        "<form method=\"post\" action=\"/dang-xuat\" class=\"who\"><span>{} — {}{}</span> \
<a href=\"/mat-khau\">{}</a> \
<input type=\"hidden\" name=\"csrf\" value=\"{}\"/><button type=\"submit\">{}</button></form>",
        esc(&who.account.display),
        esc(who.account.role.words(lang)),
        esc(&scope),
        lang.pick("Đổi mật khẩu", "Change password"),
        esc(&who.csrf),
        lang.pick("Đăng xuất", "Sign out")
    )
}

fn password_form(who: &Who, lang: Lang, message: Option<(&str, bool)>) -> String {
    let note = match message {
        Some((m, true)) => format!("<p class=\"note\" role=\"status\">{}</p>", esc(m)),
        Some((m, false)) => format!("<p class=\"errors\" role=\"alert\">{}</p>", esc(m)),
        None => String::new(),
    };
    format!(
        "{note}<form method=\"post\" action=\"/mat-khau\" class=\"login\">{}\
<p><label>{}<br/><input type=\"password\" name=\"cu\" autocomplete=\"current-password\" required=\"required\"/></label></p>\
<p><label>{}<br/><input type=\"password\" name=\"moi\" autocomplete=\"new-password\" required=\"required\"/></label></p>\
<p><label>{}<br/><input type=\"password\" name=\"moi_lai\" autocomplete=\"new-password\" required=\"required\"/></label></p>\
<p><button type=\"submit\">{}</button></p></form>",
        token_field(who),
        lang.pick("Mật khẩu hiện tại", "Current password"),
        match lang {
            Lang::Vi => format!("Mật khẩu mới (ít nhất {} ký tự)", accounts::MIN_PASSWORD),
            Lang::En => format!("New password (at least {} characters)", accounts::MIN_PASSWORD),
        },
        lang.pick("Nhập lại mật khẩu mới", "New password again"),
        lang.pick("Đổi mật khẩu", "Change password"),
    )
}

pub async fn password_page(St(s): St<Shared>, who: Who) -> Response {
    let title = s.lang.pick("Đổi mật khẩu", "Change password");
    super::round_page(s.lang, &who, title, &[], &password_form(&who, s.lang, None))
}

#[derive(serde::Deserialize)]
pub struct NewPassword {
    csrf: String,
    cu: String,
    moi: String,
    moi_lai: String,
}

/// Changes the signed-in account's own password; other sessions end.
pub async fn change_password(St(s): St<Shared>, who: Who, headers: HeaderMap, Form(f): Form<NewPassword>) -> Response {
    let lang = s.lang;
    if let Err(r) = who.check(&f.csrf, &headers, lang) {
        return r;
    }
    let token = session_token(&headers).unwrap_or_default();
    let (store, account) = (who.store.clone(), who.account.clone());
    let done = tokio::task::spawn_blocking(move || {
        store.write(|tx| accounts::change_password(tx, &account, (&f.cu, &f.moi, &f.moi_lai), &token))
    })
    .await;
    let title = lang.pick("Đổi mật khẩu", "Change password");
    let (status, message, ok) = match done {
        Ok(Ok(Ok(()))) => (
            StatusCode::OK,
            lang.pick(
                "Đã đổi mật khẩu; các phiên khác của tài khoản đã kết thúc.",
                "Password changed; the account's other sessions have ended.",
            )
            .to_string(),
            true,
        ),
        Ok(Ok(Err(accounts::ChangeRefused::WrongCurrent))) => (
            StatusCode::FORBIDDEN,
            lang.pick("Mật khẩu hiện tại không đúng.", "The current password is wrong.").to_string(),
            false,
        ),
        Ok(Ok(Err(accounts::ChangeRefused::Differ))) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            lang.pick("Hai lần nhập mật khẩu mới không khớp.", "The two new passwords differ.").to_string(),
            false,
        ),
        Ok(Ok(Err(accounts::ChangeRefused::ShortPassword))) => {
            (StatusCode::UNPROCESSABLE_ENTITY, accounts::Refusal::ShortPassword.words(lang), false)
        }
        Ok(Err(e)) => return failure(lang, &e),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string(), false),
    };
    let mut r = super::round_page(lang, &who, title, &[], &password_form(&who, lang, Some((&message, ok))));
    *r.status_mut() = status;
    r
}

/// The hidden field every changing form carries.
pub fn token_field(who: &Who) -> String {
    format!("<input type=\"hidden\" name=\"csrf\" value=\"{}\"/>", esc(&who.csrf))
}
