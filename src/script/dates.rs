//! Dates in rules: date columns, date parameters and `ngay_xet` reach Rhai
//! as dates, not text, and compare with each other and with dates written
//! the way people write them (`ngay_tuyen_dung <= "30/06/2024"`, or the ISO
//! form `"2024-06-30"`). Text that is not a date is an error, never a
//! silently false comparison of strings.

use chrono::{Datelike, NaiveDate};
use rhai::{Dynamic, Engine, EvalAltResult, INT};
use std::cmp::Ordering;

type Res<T> = Result<T, Box<EvalAltResult>>;

/// A calendar date as Rhai sees it; prints as `31/12/2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ngay(pub NaiveDate);

impl std::fmt::Display for Ngay {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%d/%m/%Y"))
    }
}

use super::failure::HelperError;

/// Text as a date, in either of the forms data cells accept.
pub fn parse(s: &str) -> Res<NaiveDate> {
    crate::pack::parse_date(s).map_or_else(|| HelperError::InvalidDate(s.to_string()).throw(), Ok)
}

/// A date, or text holding one.
pub fn of(x: &Dynamic) -> Res<NaiveDate> {
    if let Some(d) = x.clone().try_cast::<Ngay>() {
        return Ok(d.0);
    }
    if let Some(s) = x.read_lock::<rhai::ImmutableString>() {
        return parse(s.as_str());
    }
    HelperError::NotADate(x.type_name().to_string()).throw()
}

pub fn register(e: &mut Engine) {
    e.register_type_with_name::<Ngay>("Ngay");
    e.register_fn("to_string", |d: &mut Ngay| d.to_string());
    e.register_fn("to_debug", |d: &mut Ngay| d.to_string());
    for name in ["ngay", "date"] {
        e.register_fn(name, |s: &str| -> Res<Ngay> { parse(s).map(Ngay) });
    }
    for (name, get) in [
        ("nam", (|d: &mut Ngay| d.0.year() as INT) as fn(&mut Ngay) -> INT),
        ("year", |d: &mut Ngay| d.0.year() as INT),
        ("thang", |d: &mut Ngay| d.0.month() as INT),
        ("month", |d: &mut Ngay| d.0.month() as INT),
        ("ngay", |d: &mut Ngay| d.0.day() as INT),
        ("day", |d: &mut Ngay| d.0.day() as INT),
    ] {
        e.register_get(name, get);
    }
    type Holds = fn(Ordering) -> bool;
    let ops: [(&str, Holds); 6] = [
        ("==", Ordering::is_eq),
        ("!=", Ordering::is_ne),
        ("<", Ordering::is_lt),
        ("<=", Ordering::is_le),
        (">", Ordering::is_gt),
        (">=", Ordering::is_ge),
    ];
    for (op, holds) in ops {
        e.register_fn(op, move |a: Ngay, b: Ngay| holds(a.cmp(&b)));
        e.register_fn(op, move |a: Ngay, b: &str| -> Res<bool> { Ok(holds(a.0.cmp(&parse(b)?))) });
        e.register_fn(op, move |a: &str, b: Ngay| -> Res<bool> { Ok(holds(parse(a)?.cmp(&b.0))) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(src: &str) -> Result<bool, String> {
        let e = crate::script::new_engine(&crate::script::ScriptLimits::default());
        let mut scope = rhai::Scope::new();
        let d = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        // A plain variable, as rules see columns: a constant would be folded
        // by the optimizer before the registered operators are seen.
        scope.push("ngay", Ngay(d));
        e.eval_with_scope::<bool>(&mut scope, src)
            .map_err(|e| crate::script::failure::RuleFailure::from_rhai(&e).render(crate::i18n::Lang::En))
    }

    #[test]
    fn dates_compare_as_dates_whichever_way_they_are_written() {
        assert_eq!(eval(r#"ngay == "01/01/2024""#), Ok(true));
        assert_eq!(eval(r#"ngay == "2024-01-01""#), Ok(true));
        assert_eq!(eval(r#""1/1/2024" == ngay"#), Ok(true));
        // As text, "2020-…" >= "1/1/2024" would hold; as dates it does not.
        assert_eq!(eval(r#"ngay("15/03/2020") >= "1/1/2024""#), Ok(false));
        assert_eq!(eval(r#"ngay < "02/01/2024" && ngay > "31/12/2023""#), Ok(true));
        assert_eq!(eval(r#"ngay.nam == 2024 && ngay.thang == 1 && ngay.ngay == 1"#), Ok(true));
        assert_eq!(eval(r#"months_between(ngay, "01/07/2024") == 6 && year_of(ngay) == 2024"#), Ok(true));
    }

    #[test]
    fn text_that_is_not_a_date_is_an_error_not_false() {
        let e = eval(r#"ngay == "hôm nay""#).unwrap_err();
        assert!(e.contains("invalid date `hôm nay`"), "{e}");
        assert!(eval(r#"ngay == "31/02/2024""#).is_err());
    }
}
