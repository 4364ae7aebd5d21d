//! A scored leaf's method as the checked model: each method with exactly
//! the fields it uses, its defaults applied. A [`Node`] is what the YAML
//! says (every method's fields, each optional); a [`Scoring`] is what is
//! scored, built once when the pack is compiled, so no field left out is
//! ever read as zero.

use super::scorecard::{Direction, Method, NoLeader, Node, ZeroTarget};
use rust_decimal::Decimal;

/// Points over target: per full percent over, at most `cap`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bonus {
    pub per_percent: Decimal,
    pub cap: Decimal,
}

/// One band of `bands`: `points` for a value in `from..below`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    pub from: Option<Decimal>,
    pub below: Option<Decimal>,
    pub points: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Scoring {
    /// `max × actual / target`, all of `max` at or over target, plus `bonus`.
    Target {
        max: Decimal,
        bonus: Option<Bonus>,
        /// What a target of 0 gives (default: as met, all of `max`).
        zero_target: ZeroTarget,
    },
    /// Under target: `share × max × actual / target`; over: the rest of
    /// `max` by how far over, against the cluster's leader.
    TargetRelative {
        max: Decimal,
        share: Decimal,
        no_leader: NoLeader,
        zero_target: ZeroTarget,
    },
    /// Lower is better: `max × target / actual` over target.
    TargetLower {
        max: Decimal,
    },
    PassFail {
        max: Decimal,
    },
    Count {
        max: Decimal,
        each: Decimal,
    },
    Deduction {
        max: Decimal,
        each: Decimal,
    },
    Bands {
        max: Decimal,
        bands: Vec<Band>,
    },
    Manual {
        max: Decimal,
    },
    /// Against the cluster's best value.
    Relative {
        max: Decimal,
        direction: Direction,
    },
    Script {
        max: Decimal,
    },
}

impl Scoring {
    /// The method of the leaf `n`; `Err` names the field it lacks (the pack
    /// checker refuses such a leaf first, with its place).
    pub fn of(n: &Node) -> Result<Scoring, &'static str> {
        let max = n.max.ok_or("max")?.0;
        let each = || n.points_each.map(|p| p.0).ok_or("points_each");
        Ok(match n.method.ok_or("method")? {
            Method::Target => Scoring::Target {
                max,
                bonus: n.bonus.as_ref().map(|b| Bonus { per_percent: b.per_percent.0, cap: b.cap.0 }),
                zero_target: n.zero_target.unwrap_or_default(),
            },
            Method::TargetRelative => Scoring::TargetRelative {
                max,
                share: n.share.map(|s| s.0).unwrap_or(Decimal::new(5, 1)),
                no_leader: n.no_leader.unwrap_or_default(),
                zero_target: n.zero_target.unwrap_or_default(),
            },
            Method::TargetLower => Scoring::TargetLower { max },
            Method::PassFail => Scoring::PassFail { max },
            Method::Count => Scoring::Count { max, each: each()? },
            Method::Deduction => Scoring::Deduction { max, each: each()? },
            Method::Bands => Scoring::Bands {
                max,
                bands: n
                    .bands
                    .as_deref()
                    .filter(|b| !b.is_empty())
                    .ok_or("bands")?
                    .iter()
                    .map(|b| Band { from: b.from.map(|f| f.0), below: b.below.map(|u| u.0), points: b.points.0 })
                    .collect(),
            },
            Method::Manual => Scoring::Manual { max },
            Method::Relative => Scoring::Relative { max, direction: n.direction.unwrap_or_default() },
            Method::Script => Scoring::Script { max },
        })
    }

    pub fn max(&self) -> Decimal {
        match self {
            Scoring::Target { max, .. }
            | Scoring::TargetRelative { max, .. }
            | Scoring::TargetLower { max }
            | Scoring::PassFail { max }
            | Scoring::Count { max, .. }
            | Scoring::Deduction { max, .. }
            | Scoring::Bands { max, .. }
            | Scoring::Manual { max }
            | Scoring::Relative { max, .. }
            | Scoring::Script { max } => *max,
        }
    }

    /// The most a leaf can get: its `max`, and only `target` past it, by
    /// its declared bonus.
    pub fn ceiling(&self) -> Option<Decimal> {
        match self {
            Scoring::Target { max, bonus: Some(b), .. } => max.checked_add(b.cap.max(Decimal::ZERO)),
            other => Some(other.max()),
        }
    }
}
