//! Ranked choices in rules: a cell of a choice column declared `ordered`
//! reaches Rhai as a [`Choice`], which knows its place in the column's list.
//! `xep_loai >= "tot"` then compares places ("xuất sắc" above "tốt"), not
//! letters; equality and `in [...]` still read the code as text. A code
//! the column never holds, or two choices of differently ranked columns,
//! is an error, never a silently false comparison.

use super::failure::HelperError;
use rhai::{Dynamic, Engine, EvalAltResult, ImmutableString};
use std::cmp::Ordering;
use std::sync::Arc;

type Res<T> = Result<T, Box<EvalAltResult>>;

/// A ranked column's choices, lowest first.
#[derive(Debug, PartialEq, Eq)]
pub struct Ranking {
    pub column: String,
    pub values: Vec<String>,
}

impl Ranking {
    fn place(&self, code: &str) -> Res<usize> {
        match self.values.iter().position(|v| v == code) {
            Some(i) => Ok(i),
            None => HelperError::NotAChoice {
                column: self.column.clone(),
                value: code.to_string(),
                allowed: self.values.clone(),
            }
            .throw(),
        }
    }
}

/// One cell of a ranked column: its code and place.
#[derive(Debug, Clone)]
pub struct Choice {
    pub place: usize,
    pub of: Arc<Ranking>,
}

impl Choice {
    /// The cell holding `code`, when the column has it (the data reader
    /// refused any other).
    pub fn of(code: &str, ranking: &Arc<Ranking>) -> Option<Choice> {
        let place = ranking.values.iter().position(|v| v == code)?;
        Some(Choice { place, of: ranking.clone() })
    }
    pub fn code(&self) -> &str {
        &self.of.values[self.place]
    }
    fn cmp_text(&self, code: &str) -> Res<Ordering> {
        Ok(self.place.cmp(&self.of.place(code)?))
    }
    fn cmp_choice(&self, other: &Choice) -> Res<Ordering> {
        if self.of.values != other.of.values {
            return HelperError::ChoicesRankedApart { left: self.of.column.clone(), right: other.of.column.clone() }
                .throw();
        }
        Ok(self.place.cmp(&other.place))
    }
}

impl std::fmt::Display for Choice {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

pub fn register(e: &mut Engine) {
    e.register_type_with_name::<Choice>("LuaChon");
    e.register_fn("to_string", |c: &mut Choice| c.code().to_string());
    e.register_fn("to_debug", |c: &mut Choice| c.code().to_string());
    // Equality is by code: a value the column never holds is simply not
    // equal (the loader refuses it where it is written).
    e.register_fn("==", |a: Choice, b: ImmutableString| a.code() == b.as_str());
    e.register_fn("==", |a: ImmutableString, b: Choice| a.as_str() == b.code());
    e.register_fn("!=", |a: Choice, b: ImmutableString| a.code() != b.as_str());
    e.register_fn("!=", |a: ImmutableString, b: Choice| a.as_str() != b.code());
    e.register_fn("==", |a: Choice, b: Choice| a.cmp_choice(&b).map(Ordering::is_eq));
    e.register_fn("!=", |a: Choice, b: Choice| a.cmp_choice(&b).map(Ordering::is_ne));
    type Holds = fn(Ordering) -> bool;
    let ops: [(&str, Holds); 4] =
        [("<", Ordering::is_lt), ("<=", Ordering::is_le), (">", Ordering::is_gt), (">=", Ordering::is_ge)];
    for (op, holds) in ops {
        e.register_fn(op, move |a: Choice, b: Choice| a.cmp_choice(&b).map(holds));
        e.register_fn(op, move |a: Choice, b: ImmutableString| a.cmp_text(&b).map(holds));
        e.register_fn(op, move |a: ImmutableString, b: Choice| b.cmp_text(&a).map(|o| holds(o.reverse())));
    }
}

/// A cell as Rhai sees it: a [`Choice`] when its column ranks.
pub fn dynamic(v: &crate::data::Value, ranking: Option<&Arc<Ranking>>) -> Dynamic {
    match (v, ranking) {
        (crate::data::Value::Text(t), Some(r)) => {
            Choice::of(t, r).map_or_else(|| Dynamic::from(t.to_string()), Dynamic::from)
        }
        _ => super::condition::to_dynamic(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(src: &str) -> Result<bool, String> {
        let e = crate::script::new_engine(&crate::script::ScriptLimits::default());
        let r = Arc::new(Ranking {
            column: "xep_loai".into(),
            values: vec!["kha".into(), "tot".into(), "xuat_sac".into()],
        });
        let other = Arc::new(Ranking { column: "muc".into(), values: vec!["xuat_sac".into(), "tot".into()] });
        let mut scope = rhai::Scope::new();
        scope.push_constant("a", Choice::of("tot", &r).unwrap());
        scope.push_constant("b", Choice::of("xuat_sac", &r).unwrap());
        scope.push_constant("m", Choice::of("tot", &other).unwrap());
        e.eval_with_scope::<bool>(&mut scope, src).map_err(|e| match *e {
            EvalAltResult::ErrorRuntime(d, _) => d.try_cast::<HelperError>().map_or("?".into(), |h| format!("{h:?}")),
            other => other.to_string(),
        })
    }

    #[test]
    fn choices_compare_by_place_not_letters() {
        // The letters would put "kha" above "hoan_thanh" and below "tot"
        // whatever the plan says; places decide.
        assert_eq!(eval(r#"a >= "tot" && a < "xuat_sac" && a > "kha" && b > a"#), Ok(true));
        assert_eq!(eval(r#""xuat_sac" > a && "kha" <= a"#), Ok(true));
        assert_eq!(eval(r#"a == "tot" && a != "kha" && a in ["tot", "kha"] && !(a in ["xuat_sac"])"#), Ok(true));
        assert_eq!(eval(r#"a.to_string() == "tot""#), Ok(true));
    }

    #[test]
    fn a_code_the_column_never_holds_or_another_ranking_is_an_error() {
        assert!(eval(r#"a >= "tott""#).unwrap_err().contains("NotAChoice"));
        assert!(eval("a >= m").unwrap_err().contains("ChoicesRankedApart"));
        assert_eq!(eval(r#"a == "tott""#), Ok(false));
    }
}
