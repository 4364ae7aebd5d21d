//! A number where a pack writes one: a literal (`10`, `0.5`, `"0.5"`) or the
//! name of a numeric parameter (`points_each: diem_tru`), read as its value.
//! A name that is no parameter is refused, never read as zero.

use super::model::{decimal_from_yaml_float, ParamValue, Parameter};
use crate::ground::names::{is_id, suggest};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use std::cell::RefCell;

/// An exact number. Points, percentages and thresholds stay below a
/// trillion, so no product of them overflows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Num(pub Decimal);

/// Each parameter's name, and its value when numeric.
type Named = Vec<(String, Option<Decimal>)>;

thread_local! {
    /// The parameters of the pack being read (name, value when numeric):
    /// serde gives a deserializer no context, and a pack is read on one thread.
    static PARAMETERS: RefCell<Option<Named>> = const { RefCell::new(None) };
}

/// The pack's parameters, for the numbers of the files read while
/// [`ParameterNumbers::in_scope`] holds.
pub struct ParameterNumbers(Named);

/// While alive, numbers may name the parameters; dropped, they may not.
pub struct InScope(());

impl ParameterNumbers {
    pub fn of(params: &IndexMap<String, Parameter>) -> Self {
        ParameterNumbers(
            params
                .iter()
                .map(|(name, p)| {
                    let n = match p.value {
                        ParamValue::Int(i) => Some(Decimal::from(i)),
                        ParamValue::Decimal(d) => Some(d),
                        _ => None,
                    };
                    (name.clone(), n)
                })
                .collect(),
        )
    }

    pub fn in_scope(&self) -> InScope {
        PARAMETERS.with(|p| *p.borrow_mut() = Some(self.0.clone()));
        InScope(())
    }
}

impl Drop for InScope {
    fn drop(&mut self) {
        PARAMETERS.with(|p| *p.borrow_mut() = None);
    }
}

/// The value a name stands for, or the message that refuses it. The
/// messages' shapes are put into Vietnamese by `dependency_messages`.
fn named(s: &str) -> Result<Decimal, String> {
    PARAMETERS.with(|p| {
        let p = p.borrow();
        let params = p.as_deref().unwrap_or(&[]);
        match params.iter().find(|(n, _)| n == s) {
            Some((_, Some(v))) => Ok(*v),
            Some((_, None)) => Err(format!("parameter `{s}` is not a number")),
            None => {
                let hint = suggest(s, params.iter().filter(|(_, v)| v.is_some()).map(|(n, _)| n.as_str()))
                    .map(|x| format!("; did you mean `{x}`?"))
                    .unwrap_or_default();
                Err(format!("`{s}` is neither a number nor a numeric parameter of the pack{hint}"))
            }
        }
    })
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = Num::deserialize_unbounded(d)?;
        if n.0.abs() > Decimal::from(1_000_000_000_000i64) {
            return Err(serde::de::Error::custom("number too large (at most 1000000000000)"));
        }
        Ok(n)
    }
}

impl Num {
    fn deserialize_unbounded<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Num;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a parameter")
            }
            fn visit_i64<E>(self, n: i64) -> Result<Num, E> {
                Ok(Num(Decimal::from(n)))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Num, E> {
                Ok(Num(Decimal::from(n)))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Num, E> {
                decimal_from_yaml_float(n).map(Num)
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Num, E> {
                let t = s.trim();
                if let Ok(d) = t.parse::<Decimal>() {
                    return Ok(Num(d));
                }
                if is_id(t) {
                    return named(t).map(Num).map_err(E::custom);
                }
                Err(E::custom(format!("`{s}` is not a number")))
            }
        }
        d.deserialize_any(V)
    }
}
