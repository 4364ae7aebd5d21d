//! Functions rule authors call: exact half-up rounding (Rhai's own `round`
//! is banker's), percentages, ranges, counts and date arithmetic.

use chrono::{Datelike, NaiveDate};
use rhai::{Array, Dynamic, Engine, EvalAltResult, NativeCallContext, INT};
use rust_decimal::{Decimal, RoundingStrategy};

type Res<T> = Result<T, Box<EvalAltResult>>;

use super::failure::HelperError;

/// Half-up (away from zero at .5), the way Vietnamese scoring sheets round.
pub fn round_half_up(d: Decimal, places: u32) -> Decimal {
    d.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

fn dec(x: &Dynamic) -> Res<Decimal> {
    if let Ok(i) = x.as_int() {
        return Ok(Decimal::from(i));
    }
    if let Some(d) = x.clone().try_cast::<Decimal>() {
        return Ok(d);
    }
    HelperError::NotANumber(x.type_name().to_string()).throw()
}

fn places(p: INT) -> Res<u32> {
    if (0..=28).contains(&p) {
        Ok(p as u32)
    } else {
        HelperError::DecimalPlaces.throw()
    }
}

fn div(a: Decimal, b: Decimal) -> Res<Decimal> {
    if b.is_zero() {
        return HelperError::DivisionByZero.throw();
    }
    a.checked_div(b).map_or_else(|| HelperError::Overflow.throw(), Ok)
}

fn mul(a: Decimal, b: Decimal) -> Res<Decimal> {
    a.checked_mul(b).map_or_else(|| HelperError::Overflow.throw(), Ok)
}

/// Whole months from `a` to `b` (negative when `b` is earlier).
pub fn months_between(a: NaiveDate, b: NaiveDate) -> i64 {
    let mut m = (b.year() as i64 - a.year() as i64) * 12 + (b.month() as i64 - a.month() as i64);
    if m > 0 && b.day() < a.day() {
        m -= 1;
    } else if m < 0 && b.day() > a.day() {
        m += 1;
    }
    m
}

pub fn register(e: &mut Engine) {
    // Division is exact: `10 / 4` is 2.5, not Rhai's integer 2, so that
    // `a / b * 100 >= 70` means what it says on integer columns. (The engine
    // turns fast operators off so that this overrides the built-in.)
    e.register_fn("/", |a: INT, b: INT| div(Decimal::from(a), Decimal::from(b)));
    // Without fast operators, `!` comes from a package the sandbox leaves out.
    e.register_fn("!", |b: bool| !b);
    e.register_fn("round", |d: Decimal| round_half_up(d, 0));
    e.register_fn("round", |d: Decimal, p: INT| places(p).map(|p| round_half_up(d, p)));
    e.register_fn("round", |i: INT| i);
    e.register_fn("round", |i: INT, _p: INT| i);
    e.register_fn("round_half_up", |d: Decimal, p: INT| places(p).map(|p| round_half_up(d, p)));
    e.register_fn("round_half_even", |d: Decimal, p: INT| {
        places(p).map(|p| d.round_dp_with_strategy(p, RoundingStrategy::MidpointNearestEven))
    });
    e.register_fn("round_down", |d: Decimal, p: INT| {
        places(p).map(|p| d.round_dp_with_strategy(p, RoundingStrategy::ToZero))
    });

    // percent(part, whole): part as a percentage of whole.
    e.register_fn("percent", |c: NativeCallContext, a: Dynamic, b: Dynamic| -> Res<Decimal> {
        let (part, whole) = (dec(&a)?, dec(&b)?);
        super::facts::note(c.call_position(), || super::facts::Fact::Percent { part, whole });
        div(mul(part, Decimal::ONE_HUNDRED)?, whole)
    });
    // percent_of(pct, base): pct % of base.
    e.register_fn("percent_of", |p: Dynamic, b: Dynamic| -> Res<Decimal> {
        div(mul(dec(&p)?, dec(&b)?)?, Decimal::ONE_HUNDRED)
    });
    e.register_fn("ratio", |a: Dynamic, b: Dynamic| -> Res<Decimal> { div(dec(&a)?, dec(&b)?) });
    e.register_fn("between", |x: Dynamic, lo: Dynamic, hi: Dynamic| -> Res<bool> {
        let x = dec(&x)?;
        Ok(dec(&lo)? <= x && x <= dec(&hi)?)
    });
    e.register_fn("clamp", |x: Dynamic, lo: Dynamic, hi: Dynamic| -> Res<Decimal> {
        let (x, lo, hi) = (dec(&x)?, dec(&lo)?, dec(&hi)?);
        Ok(x.max(lo).min(hi))
    });
    e.register_fn("min_of", |a: Dynamic, b: Dynamic| -> Res<Decimal> { Ok(dec(&a)?.min(dec(&b)?)) });
    e.register_fn("max_of", |a: Dynamic, b: Dynamic| -> Res<Decimal> { Ok(dec(&a)?.max(dec(&b)?)) });
    // count_true([a, b, c]): how many conditions hold.
    e.register_fn("count_true", |xs: Array| -> INT {
        xs.iter().filter(|x| x.as_bool().unwrap_or(false)).count() as INT
    });
    // Dates, or text holding one (see `dates`).
    use super::dates::of as date;
    use super::facts::{note, Fact};
    e.register_fn("months_between", |c: NativeCallContext, a: Dynamic, b: Dynamic| -> Res<INT> {
        let (from, to) = (date(&a)?, date(&b)?);
        let months = months_between(from, to);
        note(c.call_position(), || Fact::Months { from, to, months });
        Ok(months)
    });
    e.register_fn("days_between", |c: NativeCallContext, a: Dynamic, b: Dynamic| -> Res<INT> {
        let (from, to) = (date(&a)?, date(&b)?);
        let days = (to - from).num_days();
        note(c.call_position(), || Fact::Days { from, to, days });
        Ok(days)
    });
    // The larger and smaller of two whole numbers (years, streak lengths).
    e.register_fn("max", |a: INT, b: INT| a.max(b));
    e.register_fn("min", |a: INT, b: INT| a.min(b));
    e.register_fn("year_of", |a: Dynamic| -> Res<INT> { Ok(date(&a)?.year() as INT) });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_count_whole_months() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(months_between(d("2024-01-15"), d("2024-07-14")), 5);
        assert_eq!(months_between(d("2024-01-15"), d("2024-07-15")), 6);
        assert_eq!(months_between(d("2024-07-15"), d("2024-01-15")), -6);
    }
}
