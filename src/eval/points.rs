//! A scored leaf's points from what it read and its cluster's best value,
//! method by method, in checked decimal arithmetic: an overflow ends in an
//! error the caller reports, never a panic or a wrapped number.

use crate::pack::scorecard::Direction;
use crate::pack::scoring::Scoring;
use rust_decimal::Decimal;

/// The raw numbers a leaf read for one unit, before cluster-wide methods:
/// actual, target, value, and the pass/fail condition.
#[derive(Debug, Clone, Default)]
pub struct Raw {
    pub a: Decimal,
    pub t: Decimal,
    pub v: Decimal,
    pub pass: bool,
}

/// How far `a` is past `t`, as a fraction of `t` (0 when `t` is 0).
pub(super) fn ratio(a: Decimal, t: Decimal) -> Option<Decimal> {
    if t.is_zero() {
        Some(Decimal::ZERO)
    } else {
        a.checked_sub(t)?.checked_div(t)
    }
}

/// A cluster's best value for a leaf: `value` as shown (a ratio past
/// target for `target_relative`, the value itself for `relative`), kept
/// also as the fraction `num / den` it came from, so that a unit's points
/// are one division of exact products, never a quotient divided again
/// (which can turn an exact x.xx5 into x.xx4999… and round it down).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Best {
    pub value: Decimal,
    pub num: Decimal,
    pub den: Decimal,
}

impl Best {
    fn new(num: Decimal, den: Decimal) -> Option<Best> {
        Some(Best { value: if den == Decimal::ONE { num } else { num.checked_div(den)? }, num, den })
    }

    /// Orders two bests by their exact fractions (denominators are
    /// positive); by the shown values if the cross products overflow.
    fn cmp_exact(&self, other: &Best) -> std::cmp::Ordering {
        match (self.num.checked_mul(other.den), other.num.checked_mul(self.den)) {
            (Some(x), Some(y)) => x.cmp(&y),
            _ => self.value.cmp(&other.value),
        }
    }

    /// Whether `num / den` (with `den` positive) is this best, exactly.
    pub fn is(&self, num: Decimal, den: Decimal) -> bool {
        Best::new(num, den).is_some_and(|b| b.cmp_exact(self) == std::cmp::Ordering::Equal)
    }
}

/// Which input of a leaf a method refuses when it is negative: ratios and
/// counts have no meaning below zero (a negative target would make every
/// shortfall a surplus), so such a cell is an error in the data, never a
/// number quietly clamped or turned upside down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Actual,
    Target,
    Value,
}

/// The first input `raw` holds below zero that `s` cannot score.
pub fn negative_input(s: &Scoring, raw: &Raw) -> Option<(Input, Decimal)> {
    let zero = Decimal::ZERO;
    let checks: &[Input] = match s {
        Scoring::Target { .. } | Scoring::TargetRelative { .. } | Scoring::TargetLower { .. } => {
            &[Input::Target, Input::Actual]
        }
        Scoring::Count { .. } | Scoring::Deduction { .. } | Scoring::Relative { .. } => &[Input::Value],
        Scoring::PassFail { .. } | Scoring::Bands { .. } | Scoring::Manual { .. } | Scoring::Script { .. } => &[],
    };
    checks.iter().find_map(|&i| {
        let v = match i {
            Input::Actual => raw.a,
            Input::Target => raw.t,
            Input::Value => raw.v,
        };
        (v < zero).then_some((i, v))
    })
}

/// Checked decimal arithmetic: data and Rhai results may be large enough to
/// overflow, which must end in an error, never a panic.
fn mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_mul(b)
}
fn div(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_div(b)
}

/// The whole percents `a` is past `t` (`a ≥ t > 0`): ⌊100·(a − t) / t⌋ in
/// 128-bit integers, the cells' digits scaled to one scale. The same
/// number the decimal division floors, without its cost (a quarter of a
/// target leaf's); `None` when the inputs do not fit, and the caller then
/// divides decimals.
fn whole_percents_over(a: Decimal, t: Decimal) -> Option<i128> {
    let scale = a.scale().max(t.scale());
    let at = |d: Decimal| d.mantissa().checked_mul(10i128.checked_pow(scale - d.scale())?);
    let (a, t) = (at(a)?, at(t)?);
    if t <= 0 || a < t {
        return None;
    }
    a.checked_sub(t)?.checked_mul(100)?.checked_div(t)
}

/// Points of a leaf, given its raw inputs and its cluster's best values
/// (before rounding); `None` when the arithmetic overflows. Inputs that
/// [`negative_input`] names are refused before this is called; given them
/// anyway, the result is still within `0..=ceiling` or `None`, never a panic.
pub fn leaf_points(s: &Scoring, raw: &Raw, best: Option<Best>, script: Option<Decimal>) -> Option<Decimal> {
    use crate::pack::scorecard::{NoLeader, ZeroTarget};
    let zero = Decimal::ZERO;
    let hundred = Decimal::ONE_HUNDRED;
    let (a, t, v) = (raw.a, raw.t, raw.v);
    let p = match s {
        Scoring::Target { max, bonus, zero_target } => {
            let max = *max;
            if t.is_zero() && *zero_target != ZeroTarget::AsMet {
                match zero_target {
                    ZeroTarget::PassFail if a > zero => max,
                    _ => zero,
                }
            } else if t <= zero || a >= t {
                let bonus = match (bonus, t > zero) {
                    (Some(b), true) => {
                        let full_percents = match whole_percents_over(a, t) {
                            Some(n) => Decimal::from(n),
                            None => div(mul(hundred, a.checked_sub(t)?)?, t)?.floor(),
                        };
                        mul(b.per_percent, full_percents)?.min(b.cap)
                    }
                    _ => zero,
                };
                max.checked_add(bonus)?
            } else {
                div(mul(max, a)?, t)?
            }
        }
        Scoring::TargetRelative { max, share, no_leader, zero_target } => {
            let (max, share) = (*max, *share);
            let no_leader = match no_leader {
                NoLeader::Full => max,
                NoLeader::Share => mul(share, max)?,
            };
            if t.is_zero() && *zero_target != ZeroTarget::AsMet {
                match zero_target {
                    ZeroTarget::PassFail if a > zero => max,
                    _ => zero,
                }
            } else if t > zero && a < t {
                div(mul(mul(share, max)?, a)?, t)?
            } else {
                match best {
                    // share·max + (1−share)·max · ((a−t)/t) / (num/den), as
                    // one division of products, so exact results stay exact
                    // (half-up rounding at .xx5 depends on it); the ceiling
                    // below absorbs division noise past the maximum.
                    Some(b) if b.value > zero => {
                        let rest = mul(Decimal::ONE.checked_sub(share)?, max)?;
                        let exact = mul(mul(rest, a.checked_sub(t)?)?, b.den)
                            .and_then(|n| Some((n, mul(t, b.num)?)))
                            .and_then(|(n, d)| div(n, d));
                        let over = match exact {
                            Some(x) => x,
                            // Products too large for a decimal: the ratios.
                            None => div(mul(rest, ratio(a, t)?)?, b.value)?,
                        };
                        mul(share, max)?.checked_add(over)?
                    }
                    _ => no_leader,
                }
            }
        }
        Scoring::TargetLower { max } => {
            if a <= t {
                *max
            } else if t <= zero {
                zero
            } else {
                div(mul(*max, t)?, a)?
            }
        }
        Scoring::PassFail { max } => {
            if raw.pass {
                *max
            } else {
                zero
            }
        }
        Scoring::Count { max, each } => mul(v, *each)?.min(*max),
        Scoring::Deduction { max, each } => max.checked_sub(mul(v, *each)?)?,
        Scoring::Bands { bands, .. } => bands
            .iter()
            .find(|b| b.from.is_none_or(|f| v >= f) && b.below.is_none_or(|u| v < u))
            .map(|b| b.points)
            .unwrap_or(zero),
        Scoring::Manual { .. } => v,
        Scoring::Relative { max, direction } => match (direction, best.map(|b| b.value)) {
            (Direction::Higher, Some(b)) if b > zero => div(mul(*max, v)?, b)?,
            (Direction::Higher, _) => zero,
            (Direction::Lower, _) if v <= zero => *max,
            (Direction::Lower, Some(b)) => div(mul(*max, b.max(zero))?, v)?,
            (Direction::Lower, None) => zero,
        },
        Scoring::Script { .. } => script.unwrap_or(zero),
    };
    Some(p.max(zero).min(s.ceiling()?))
}

/// The best value of a cluster for the methods that need one.
pub fn cluster_best(s: &Scoring, raws: &[&Raw]) -> Option<Best> {
    let one = Decimal::ONE;
    match s {
        Scoring::TargetRelative { .. } => raws
            .iter()
            .filter(|r| r.t > Decimal::ZERO && r.a >= r.t)
            .filter_map(|r| Best::new(r.a.checked_sub(r.t)?, r.t))
            .max_by(Best::cmp_exact),
        Scoring::Relative { direction: Direction::Higher, .. } => {
            raws.iter().map(|r| r.v).max().and_then(|v| Best::new(v, one))
        }
        Scoring::Relative { direction: Direction::Lower, .. } => {
            raws.iter().map(|r| r.v).filter(|v| *v > Decimal::ZERO).min().and_then(|v| Best::new(v, one))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn whole_percents_are_floored() {
        assert_eq!(whole_percents_over(Decimal::new(11050, 2), Decimal::new(100, 0)), Some(10));
        assert_eq!(whole_percents_over(Decimal::new(100, 0), Decimal::new(100, 0)), Some(0));
        assert_eq!(whole_percents_over(Decimal::new(1999, 3), Decimal::ONE), Some(99));
        assert_eq!(whole_percents_over(Decimal::new(99, 0), Decimal::new(100, 0)), None);
        assert_eq!(whole_percents_over(Decimal::ONE, Decimal::ZERO), None);
        // Cells past what 128 bits hold at one scale: the decimal path decides.
        assert_eq!(whole_percents_over(Decimal::MAX, Decimal::new(1, 28)), None);
    }

    proptest! {
        /// Whatever the scales, the same whole percents as decimal division.
        #[test]
        fn whole_percents_agree_with_decimal_division(
            t in 1i64..1_000_000_000_000, over in 0i64..1_000_000_000_000, st in 0u32..5, sa in 0u32..5,
        ) {
            let t = Decimal::new(t, st);
            let a = t + Decimal::new(over, sa);
            let by_decimals = (Decimal::ONE_HUNDRED * (a - t) / t).floor();
            prop_assert_eq!(whole_percents_over(a, t).map(Decimal::from), Some(by_decimals));
        }
    }
}
