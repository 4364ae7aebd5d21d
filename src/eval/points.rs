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

/// Checked decimal arithmetic: data and Rhai results may be large enough to
/// overflow, which must end in an error, never a panic.
fn mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_mul(b)
}
fn div(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_div(b)
}

/// Points of a leaf, given its raw inputs and its cluster's best values
/// (before rounding); `None` when the arithmetic overflows.
pub fn leaf_points(s: &Scoring, raw: &Raw, best: Option<Decimal>, script: Option<Decimal>) -> Option<Decimal> {
    use crate::pack::scorecard::{NoLeader, ZeroTarget};
    let zero = Decimal::ZERO;
    let hundred = Decimal::ONE_HUNDRED;
    let (a, t, v) = (raw.a, raw.t, raw.v);
    let p = match s {
        Scoring::Target { max, bonus } => {
            let max = *max;
            if t <= zero || a >= t {
                let bonus = match (bonus, t > zero) {
                    (Some(b), true) => {
                        let full_percents = div(mul(hundred, a.checked_sub(t)?)?, t)?.floor();
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
                let e = ratio(a, t)?;
                match best {
                    // Multiply before dividing, so exact results stay exact
                    // (half-up rounding at .xx5 depends on it); the ceiling
                    // below absorbs division noise past the maximum.
                    Some(b) if b > zero => mul(share, max)? + div(mul(mul(Decimal::ONE - share, max)?, e)?, b)?,
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
        Scoring::Relative { max, direction } => match (direction, best) {
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
pub fn cluster_best(s: &Scoring, raws: &[&Raw]) -> Option<Decimal> {
    match s {
        Scoring::TargetRelative { .. } => {
            raws.iter().filter(|r| r.t > Decimal::ZERO && r.a >= r.t).filter_map(|r| ratio(r.a, r.t)).max()
        }
        Scoring::Relative { direction: Direction::Higher, .. } => raws.iter().map(|r| r.v).max(),
        Scoring::Relative { direction: Direction::Lower, .. } => {
            raws.iter().map(|r| r.v).filter(|v| *v > Decimal::ZERO).min()
        }
        _ => None,
    }
}
