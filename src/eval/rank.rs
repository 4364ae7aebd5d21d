//! Ranking the units of each cluster and allocating proposals (the final
//! stage of a scorecard), by total and the declared tie-breaks.

use super::key_order;
use super::score::*;
use crate::data::{Row, Table};
use crate::pack::scorecard::*;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// The values a unit is ranked by: total, then each tie-break (key last
/// only when declared). Higher sorts first.
fn rank_cmp(
    sc: &Scorecard,
    nodes: &[&Node],
    ds: &crate::pack::Dataset,
    rows: &BTreeMap<usize, &Row>,
    a: &UnitScore,
    b: &UnitScore,
    with_key: bool,
) -> Ordering {
    let mut o = b.total.cmp(&a.total);
    for t in &sc.ranking.tie_break {
        if o != Ordering::Equal {
            return o;
        }
        o = match t {
            TieBreak::Key => {
                if with_key {
                    key_order(&a.key, &b.key)
                } else {
                    Ordering::Equal
                }
            }
            TieBreak::Node(id) => match nodes.iter().position(|n| &n.id == id) {
                Some(i) => b.points[i].cmp(&a.points[i]),
                None => Ordering::Equal,
            },
            TieBreak::Column { column, order } => {
                // The pack checker refused a tie-break column the dataset
                // lacks (a load error): never another column in its place.
                let Some(i) = ds.column_index(column) else {
                    debug_assert!(false, "tie-break column `{column}` passed the pack checker");
                    continue;
                };
                let va = &rows[&a.row].values[i];
                let vb = &rows[&b.row].values[i];
                let c = match (va.as_decimal(), vb.as_decimal()) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    _ => key_order(va, vb),
                };
                match order {
                    Order::Desc => c.reverse(),
                    Order::Asc => c,
                }
            }
        };
    }
    o
}

/// Ranks the units of each cluster and allocates proposals (final stage).
pub(super) fn rank_and_propose(
    sc: &Scorecard,
    nodes: &[&Node],
    ds: &crate::pack::Dataset,
    table: &Table,
    units: &mut [UnitScore],
) {
    let rows: BTreeMap<usize, &Row> = table.rows.iter().map(|r| (r.line, r)).collect();
    let mut by_cluster: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, u) in units.iter().enumerate() {
        by_cluster.entry(u.cluster.clone()).or_default().push(i);
    }
    for members in by_cluster.values() {
        let mut ranked: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| units[i].disqualified.is_empty() || sc.ranking.rank_disqualified)
            .collect();
        ranked.sort_by(|&a, &b| {
            rank_cmp(sc, nodes, ds, &rows, &units[a], &units[b], true)
                .then_with(|| key_order(&units[a].key, &units[b].key))
        });
        let mut prev: Option<usize> = None;
        let mut rank = 0u32;
        for (pos, &i) in ranked.iter().enumerate() {
            let tied = prev.is_some_and(|p| {
                sc.ranking.style != RankStyle::Ordinal
                    && rank_cmp(sc, nodes, ds, &rows, &units[p], &units[i], true) == Ordering::Equal
            });
            if !tied {
                rank = match sc.ranking.style {
                    RankStyle::Dense => rank + 1,
                    _ => pos as u32 + 1,
                };
            }
            units[i].rank = Some(rank);
            prev = Some(i);
        }
        // Proposals, in declared order; a unit gets at most one.
        let size = members.len();
        for (pi, p) in sc.proposals.iter().enumerate() {
            let quota = quota_of(p, size);
            let mut taken = 0u32;
            for &i in &ranked {
                let u = &units[i];
                if u.proposal.is_some() || !u.disqualified.is_empty() {
                    continue;
                }
                let Some(r) = u.rank else { continue };
                let range = p.ranks.as_ref();
                let from = range.map(|x| x.from).unwrap_or(1);
                let to = range.and_then(|x| x.to);
                if r < from || to.is_some_and(|t| r > t) {
                    continue;
                }
                let mut notes = Vec::new();
                if let Some(m) = p.min_total {
                    if u.total < m.0 {
                        notes.push(ProposalNote::BelowMinTotal { proposal: pi, min: m.0 });
                    }
                }
                if !p.bands.is_empty() && !u.band.is_some_and(|b| p.bands.contains(&sc.bands[b].id)) {
                    notes.push(ProposalNote::BandNotMet { proposal: pi });
                }
                if let Some(need) = p.min_vote_percent {
                    let have = u.votes_percent.unwrap_or_default();
                    if have < need.0 {
                        notes.push(ProposalNote::VotesBelow { proposal: pi, have, need: need.0 });
                    }
                }
                if notes.is_empty() {
                    if quota.is_none_or(|q| taken < q) {
                        taken += 1;
                        units[i].proposal = Some(pi);
                    } else {
                        units[i].notes.push(ProposalNote::OverQuota { proposal: pi, quota: quota.unwrap_or(0) });
                    }
                } else {
                    units[i].notes.extend(notes);
                }
            }
        }
    }
    // Order: cluster, then rank (unranked last), then key.
    units.sort_by(|a, b| {
        a.cluster
            .as_bytes()
            .cmp(b.cluster.as_bytes())
            .then_with(|| a.rank.unwrap_or(u32::MAX).cmp(&b.rank.unwrap_or(u32::MAX)))
            .then_with(|| key_order(&a.key, &b.key))
    });
}

/// How many units a proposal may take in a cluster of `size` units.
pub fn quota_of(p: &Proposal, size: usize) -> Option<u32> {
    let q = p.quota.as_ref()?;
    let n = match (q.count, q.percent) {
        (Some(c), _) => c,
        (None, Some(pct)) => super::quota::percent_count(pct.0, size as u64, q.rounding),
        (None, None) => return None,
    };
    Some(n.max(q.at_least.unwrap_or(0)))
}
