//! Scoring rounds on the page (`thidua serve --store`): a council opens a
//! round from a pack's scorecard and its units sheet; each unit fills its
//! own sheet (tự chấm), the cluster head reviews and scores (cụm chấm), the
//! council appraises (thẩm định) and enters the votes. Every point comes
//! from the engine over the stored cells, as `thidua score` computes it
//! from the round's export.

pub mod access;
mod auth;
mod evidence;
pub mod model;
mod overview;
mod people;
mod results;
mod sheet;
mod units;

use super::pages::{esc, problem};
use super::{Served, Shared, State};
use crate::i18n::Lang;
use crate::store::rounds::{Round, Unit};
use crate::store::sheets::Sheet;
use auth::Who;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

/// The rounds' routes; each checks who may do what itself.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/dang-nhap", get(auth::login_page).post(auth::login))
        .route("/dang-xuat", post(auth::logout))
        .route("/mat-khau", get(auth::password_page).post(auth::change_password))
        .route("/tai-khoan", get(people::page).post(people::create))
        .route("/tai-khoan/{id}/khoa", post(people::lock))
        .route("/ky-cham", get(overview::list))
        .route("/ky-cham/moi", get(units::new_page).post(units::open))
        .route("/ky-cham/{round}", get(overview::round))
        .route("/ky-cham/{round}/han", post(overview::deadlines))
        .route("/ky-cham/{round}/phieu", get(overview::votes_page).post(overview::votes))
        .route("/ky-cham/{round}/ket-qua", get(results::report))
        .route("/ky-cham/{round}/xuat", get(results::export))
        .route("/ky-cham/{round}/lich-su", get(results::history))
        .route("/ky-cham/{round}/don-vi/{unit}/{stage}", get(sheet::page).post(sheet::act))
        .route("/ky-cham/{round}/don-vi/{unit}/{stage}/tinh-thu", post(sheet::preview))
        .route("/ky-cham/{round}/don-vi/{unit}/{stage}/minh-chung", post(evidence::upload))
        .route("/ky-cham/{round}/minh-chung/{id}", get(evidence::download))
}

/// A round as a request sees it: the round, its pack, its units and sheets.
pub struct Ctx<'a> {
    pub round: Round,
    pub served: &'a Served,
    pub sc_index: usize,
    pub units: Vec<Unit>,
    pub sheets: Vec<Sheet>,
}

impl<'a> Ctx<'a> {
    pub fn model(&self) -> model::SheetModel<'a> {
        let pk = &self.served.cp.pack;
        let given: Vec<String> = self.units.first().map(|u| u.fixed.keys().cloned().collect()).unwrap_or_default();
        model::SheetModel::new(pk, &pk.scorecards[self.sc_index], &given)
            .expect("a round is opened only on a scorecard whose dataset exists")
    }

    pub fn unit(&self, key: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.key == key)
    }

    pub fn sheet(&self, unit: &str, stage: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.unit == unit && s.stage == stage)
    }

    pub fn href(&self) -> String {
        format!("/ky-cham/{}", self.round.id)
    }
}

/// How much of a round a request reads: a page of a province's round
/// reads its cluster, not the province.
#[derive(Clone, Copy)]
pub enum Part<'k> {
    /// Every unit and sheet state, no figures (the overview, deadlines).
    States,
    /// Every unit with its own cells, sheet states (the votes).
    Units,
    /// Everything (results, export).
    All,
    /// The cluster of this unit, with every figure (a sheet, its evidence).
    ClusterOf(&'k str),
    /// One cluster, with every figure (its head's results).
    Cluster(&'k str),
}

/// Loads round `id` for `who`: not found (404) when it does not exist, or
/// holds nothing of a unit's or cluster head's (in the part read).
pub fn load<'a>(s: &'a State, who: &Who, id: i64, part: Part) -> Result<Ctx<'a>, Response> {
    use crate::store::{rounds, sheets};
    let lang = s.lang;
    let read = who.store.read(|c| {
        let Some(round) = rounds::get(c, id)? else { return Ok(None) };
        let (units, sheets) = match part {
            Part::States => (rounds::units_where(c, id, None, false)?, sheets::of_round_where(c, id, None, false)?),
            Part::Units => (rounds::units(c, id)?, sheets::of_round_where(c, id, None, false)?),
            Part::All => (rounds::units(c, id)?, sheets::of_round(c, id)?),
            Part::ClusterOf(key) => {
                let Some(cluster) = rounds::cluster_of(c, id, key)? else { return Ok(None) };
                (
                    rounds::units_where(c, id, Some(&cluster), true)?,
                    sheets::of_round_where(c, id, Some(&cluster), true)?,
                )
            }
            Part::Cluster(cluster) => {
                (rounds::units_where(c, id, Some(cluster), true)?, sheets::of_round_where(c, id, Some(cluster), true)?)
            }
        };
        Ok(Some((round, units, sheets)))
    });
    let (round, units, sheets) = match read {
        Ok(Some(x)) => x,
        Ok(None) => return Err(not_found(lang)),
        Err(e) => return Err(auth::failure(lang, &e)),
    };
    if !units.iter().any(|u| access::sees_unit(&who.account, u)) {
        return Err(not_found(lang));
    }
    let Some(served) = s.pack(&round.pack) else {
        return Err(problem(
            lang,
            StatusCode::CONFLICT,
            lang.pick("Bộ quy tắc của kỳ chấm không còn", "The round's rule pack is gone"),
            &format!("{}: {}", lang.pick("Máy phục vụ không có bộ quy tắc", "The server has no pack"), round.pack),
        ));
    };
    let Some(sc_index) = served.cp.pack.scorecards.iter().position(|c| c.id == round.scorecard) else {
        return Err(not_found(lang));
    };
    Ok(Ctx { round, served, sc_index, units, sheets })
}

pub fn not_found(lang: Lang) -> Response {
    problem(
        lang,
        StatusCode::NOT_FOUND,
        lang.pick("Không tìm thấy", "Not found"),
        lang.pick(
            "Không có trang này, hoặc tài khoản không được xem.",
            "No such page, or not one this account may see.",
        ),
    )
}

/// The answer to a request the account's role does not allow.
pub fn forbidden(lang: Lang) -> Response {
    problem(
        lang,
        StatusCode::FORBIDDEN,
        lang.pick("Không được phép", "Not allowed"),
        lang.pick("Tài khoản này không được làm việc này trong kỳ chấm.", "This account may not do this in the round."),
    )
}

/// A round page: the signed-in line above the body.
pub fn round_page(lang: Lang, who: &Who, title: &str, trail: &[(String, String)], body: &str) -> Response {
    let mut t = vec![("/ky-cham".to_string(), lang.pick("Các kỳ chấm", "Scoring rounds").to_string())];
    t.extend_from_slice(trail);
    super::pages::page(lang, title, &t, &format!("{}{body}", auth::signed_in(who, lang)))
}

/// A deadline in words, and whether it has passed.
pub fn deadline_words(d: Option<chrono::NaiveDate>, lang: Lang) -> String {
    match d {
        None => lang.pick("không hạn", "no deadline").into(),
        Some(d) => {
            let past = crate::store::local_today(crate::store::now()) > d;
            let day = d.format("%d/%m/%Y");
            match (lang, past) {
                (Lang::Vi, false) => format!("hạn {day}"),
                (Lang::Vi, true) => format!("đã hết hạn {day}"),
                (Lang::En, false) => format!("due {day}"),
                (Lang::En, true) => format!("closed {day}"),
            }
        }
    }
}

/// Whether a stage's deadline has passed (its last day is over, Vietnam time).
pub fn closed(d: Option<chrono::NaiveDate>) -> bool {
    d.is_some_and(|d| crate::store::local_today(crate::store::now()) > d)
}

/// A posted form's fields, as sent.
pub type Fields = Vec<(String, String)>;

/// A field of a posted form ("" when absent).
pub fn field<'f>(f: &'f Fields, name: &str) -> &'f str {
    f.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

/// The round for a council's changing form (deadlines, votes): loaded,
/// the account a council's, the form token the session's.
pub fn managed<'a>(
    s: &'a State,
    who: &Who,
    (id, part): (i64, Part),
    f: &Fields,
    headers: &axum::http::HeaderMap,
) -> Result<Ctx<'a>, Response> {
    let c = load(s, who, id, part)?;
    if !access::manages(&who.account) {
        return Err(forbidden(s.lang));
    }
    who.check(field(f, "csrf"), headers, s.lang)?;
    Ok(c)
}

/// Escaped text (a shorthand for the round pages).
pub fn h(s: &str) -> String {
    esc(s)
}
