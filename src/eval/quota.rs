//! Quotas: within each group, at most N subjects (a count or a percentage of
//! a base) keep an award, chosen by a declared ranking with the key as the
//! final tie-break. Those cut meet the standard but are over the quota.

use super::{key_order, AwardResult, QuotaCut};
use crate::compile::CompiledPack;
use crate::compile::RankBy;
use crate::data::{Key, Table};
use crate::pack::scorecard::Order;
use crate::pack::AwardQuota;
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::collections::BTreeMap;

pub(super) fn apply(
    cp: &CompiledPack,
    ai: usize,
    (q, rank_by): (&AwardQuota, &[RankBy]),
    table: &Table,
    eligible: &[Vec<bool>],
    flags: &mut [bool],
    results: &mut [(usize, AwardResult)],
) {
    let pack = &cp.pack;
    let award = &pack.awards[ai];
    let ds = &pack.datasets[&award.dataset_id];
    let within = q.within.as_ref().and_then(|w| ds.column_index(w));
    // Groups are told apart by their keys; a report shows a group's cell.
    let group_of = |ri: usize| within.map(|w| Key::of(&table.rows[ri].values[w])).unwrap_or_default();
    let shown_group =
        |ri: usize| within.map(|w| table.rows[ri].values[w].render(crate::i18n::Lang::Vi)).unwrap_or_default();
    let base_award = q.of.as_ref().and_then(|o| pack.awards.iter().position(|a| &a.id == o));
    // Base per group.
    let mut base: BTreeMap<Key, u32> = BTreeMap::new();
    for (ri, &flag) in flags.iter().enumerate().take(table.rows.len()) {
        let counts = match base_award {
            Some(b) if b == ai => flag,
            Some(b) => eligible.get(b).and_then(|e| e.get(ri)).copied().unwrap_or(false),
            None => true,
        };
        let entry = base.entry(group_of(ri)).or_default();
        if counts {
            *entry += 1;
        }
    }
    let allowed = |b: u32| -> u32 {
        let n = match (q.count, q.percent) {
            (Some(c), _) => c,
            (None, Some(p)) => percent_count(p.0, b as u64, q.rounding),
            (None, None) => u32::MAX,
        };
        n.max(q.at_least.unwrap_or(0))
    };
    // Candidates per group, best first.
    let mut groups: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    for (k, (ri, r)) in results.iter().enumerate() {
        if r.eligible {
            groups.entry(group_of(*ri)).or_default().push(k);
        }
    }
    let key_idx = ds.column_index(&ds.key).unwrap_or(0);
    for (g, mut members) in groups {
        members.sort_by(|&x, &y| {
            let (rx, ry) = (&table.rows[results[x].0], &table.rows[results[y].0]);
            let mut o = Ordering::Equal;
            for t in rank_by {
                if o != Ordering::Equal {
                    break;
                }
                let (i, order) = match *t {
                    RankBy::Key => {
                        o = key_order(&rx.values[key_idx], &ry.values[key_idx]);
                        continue;
                    }
                    // A quota ranks subjects, not scorecard nodes.
                    RankBy::Points(_) => continue,
                    RankBy::Column { index, order } => (index, order),
                };
                let c = match (rx.values[i].as_decimal(), ry.values[i].as_decimal()) {
                    (Some(a), Some(b)) => a.cmp(&b),
                    _ => key_order(&rx.values[i], &ry.values[i]),
                };
                o = if order == Order::Desc { c.reverse() } else { c };
            }
            o.then_with(|| key_order(&rx.values[key_idx], &ry.values[key_idx]))
        });
        let b = base.get(&g).copied().unwrap_or(0);
        let n = allowed(b) as usize;
        let candidates = members.len() as u32;
        let shown = shown_group(results[members[0]].0);
        for (place, &k) in members.iter().enumerate() {
            let (ri, r) = &mut results[k];
            let at = QuotaCut {
                group: shown.clone(),
                allowed: n.min(u32::MAX as usize) as u32,
                base: b,
                source: q.source.clone(),
                rank: place as u32 + 1,
                candidates,
            };
            if place >= n {
                r.eligible = false;
                r.over_quota = Some(at.clone());
                flags[*ri] = false;
            }
            r.quota = Some(at);
        }
    }
}

/// `pct` % of `base` subjects, rounded as the pack says: how many a quota
/// allows. Checked: a pack's numbers (at most 10^12) times a count of rows
/// cannot overflow a decimal, and a result past `u32` is the whole count.
pub fn percent_count(pct: Decimal, base: u64, rounding: crate::pack::scorecard::RoundMode) -> u32 {
    let Some(exact) = pct.checked_mul(Decimal::from(base)).and_then(|x| x.checked_div(Decimal::ONE_HUNDRED)) else {
        return u32::MAX;
    };
    let r = rounding.apply(exact, 0);
    u32::try_from(r.mantissa() / 10i128.pow(r.scale())).unwrap_or(u32::MAX)
}
