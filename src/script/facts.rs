//! What a rule's helpers found, recorded while a failed condition is run again
//! to explain it: "2 năm liên tục đạt Chiến sĩ thi đua cơ sở tính đến năm
//! 2024", "1.402/2.003 thành viên đạt Lao động tiên tiến". Reports say these
//! instead of printing the condition's source.
//!
//! Recording is off unless [`recording`] is running on this thread, so the
//! first, deciding evaluation pays one thread-local check per helper call.
//! Each fact carries the source position of its call, which is how a report
//! pairs it with the comparison around it (see `super::names::call_needs`).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::cell::RefCell;

/// One helper call's result, with the names it was given (codes; reports
/// turn them into labels).
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    /// Consecutive years ending at `end` holding any of `titles`.
    Streak { titles: Vec<String>, end: i64, years: i64 },
    /// Whether any of `titles` was held in `year`.
    Had { titles: Vec<String>, year: i64, had: bool },
    /// Years in `from..=to` holding `title` (any of `titles`).
    Count { titles: Vec<String>, from: i64, to: i64, times: i64 },
    /// Years in the streak of `streak` ending at `end` (`years` long) holding
    /// any of `titles`: "trong thời gian đó".
    CountInStreak { titles: Vec<String>, streak: Vec<String>, end: i64, years: i64, times: i64 },
    /// A numeric history column summed over `from..=to`.
    Sum { column: String, from: i64, to: i64, total: Decimal },
    /// Items of `column` over `from..=to` less those `used` for another title.
    Unused { column: String, from: i64, to: i64, total: Decimal, used: Decimal },
    /// Members meeting `award`, of `total`; `all` when the rule needs every
    /// member (`tat_ca_dat`), `any` when it needs one (`co_nguoi_dat`).
    Members { award: String, eligible: i64, total: i64, need: MembersNeed },
    /// The same as a percentage (`percent` exact; reports round it down).
    MemberShare { award: String, eligible: i64, total: i64 },
    /// Members whose own column is yes (`value` none) or equals `value`;
    /// `share` when the rule asked for a percentage.
    MembersWith { column: String, value: Vec<String>, count: i64, total: i64, share: bool },
    /// A numeric member column summed over the members.
    MembersSum { column: String, total: Decimal },
    /// How many members the collective has.
    MemberCount { total: i64 },
    /// A register's fact for one year (`None`: no row or an empty cell).
    Value { column: String, year: i64, value: Option<crate::data::Value> },
    /// A column of the member's collective (`None`: an empty cell, or no collective).
    Collective { column: String, value: Option<crate::data::Value> },
    /// `part` as a percentage of `whole` (`percent(a, b)`).
    Percent { part: Decimal, whole: Decimal },
    /// Whole months between two dates.
    Months { from: NaiveDate, to: NaiveDate, months: i64 },
    /// Days between two dates.
    Days { from: NaiveDate, to: NaiveDate, days: i64 },
}

impl Fact {
    /// The number a comparison around the call reads.
    pub fn number(&self) -> Option<Decimal> {
        Some(match self {
            Fact::Streak { years, .. } => Decimal::from(*years),
            Fact::Count { times, .. } | Fact::CountInStreak { times, .. } => Decimal::from(*times),
            Fact::Sum { total, .. } => *total,
            Fact::Unused { total, used, .. } => *total - *used,
            Fact::Members { eligible, .. } => Decimal::from(*eligible),
            Fact::Percent { part, whole } => {
                if whole.is_zero() {
                    return None;
                }
                part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(*whole)?
            }
            Fact::MemberShare { eligible, total, .. } => share(*eligible, *total),
            Fact::MemberCount { total } => Decimal::from(*total),
            Fact::MembersWith { count, total, share: true, .. } => share(*count, *total),
            Fact::MembersWith { count, .. } => Decimal::from(*count),
            Fact::MembersSum { total, .. } => *total,
            Fact::Months { months, .. } => Decimal::from(*months),
            Fact::Days { days, .. } => Decimal::from(*days),
            Fact::Had { .. } => return None,
            Fact::Value { value, .. } | Fact::Collective { value, .. } => {
                return value.as_ref().and_then(crate::data::Value::as_decimal)
            }
        })
    }
}

/// What a members' helper asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembersNeed {
    /// A count, compared by the rule.
    Count,
    /// Every member.
    All,
    /// At least one member.
    Any,
}

/// `eligible` of `total` as an exact percentage (0 when there is nobody).
pub fn share(eligible: i64, total: i64) -> Decimal {
    if total == 0 {
        Decimal::ZERO
    } else {
        Decimal::from(eligible) * Decimal::ONE_HUNDRED / Decimal::from(total)
    }
}

/// A fact and where its call is in the condition (1-based line and column,
/// counted in characters as Rhai counts them).
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub line: usize,
    pub column: usize,
    pub fact: Fact,
}

thread_local! {
    static LOG: RefCell<Option<Vec<Recorded>>> = const { RefCell::new(None) };
}

/// Notes a helper's result when a condition is being explained.
pub fn note(pos: rhai::Position, fact: impl FnOnce() -> Fact) {
    LOG.with(|l| {
        if let Some(log) = l.borrow_mut().as_mut() {
            let r = Recorded { line: pos.line().unwrap_or(0), column: pos.position().unwrap_or(0), fact: fact() };
            // A call run again (in a loop) keeps its last result.
            if !pos.is_none() {
                log.retain(|x| (x.line, x.column) != (r.line, r.column));
            }
            log.push(r);
        }
    });
}

/// Runs `f` with recording on and returns what the helpers noted, in the
/// order of their last call.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, Vec<Recorded>) {
    LOG.with(|l| *l.borrow_mut() = Some(Vec::new()));
    let out = f();
    let log = LOG.with(|l| l.borrow_mut().take()).unwrap_or_default();
    (out, log)
}
