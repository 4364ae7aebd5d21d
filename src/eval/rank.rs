//! Ranking the units of each cluster and allocating proposals (the final
//! stage of a scorecard), by total and the declared tie-breaks.

use super::key_order;
use super::score::*;
use crate::compile::RankBy;
use crate::data::Value;
use crate::pack::scorecard::*;
use rayon::prelude::*;
use std::cmp::Ordering;

/// What ranks units: the scorecard and its tie-breaks, resolved at compile.
struct Ranker<'a> {
    sc: &'a Scorecard,
    rank_by: &'a [RankBy],
}

impl Ranker<'_> {
    /// The value the `k`-th tie-break reads for `u`.
    fn value(&self, k: usize, u: &UnitScore) -> Value {
        match self.rank_by[k] {
            RankBy::Key => u.key.clone(),
            RankBy::Points(i) => Value::Dec(u.points[i]),
            // Read with the unit's row, when it was scored.
            RankBy::Column { .. } => u.tie_values[k].clone(),
        }
    }

    /// The `k`-th tie-break's order of `a` and `b`: higher first, unless declared `asc`.
    fn by(&self, k: usize, a: &UnitScore, b: &UnitScore) -> Ordering {
        match self.rank_by[k] {
            RankBy::Key => key_order(&a.key, &b.key),
            RankBy::Points(i) => b.points[i].cmp(&a.points[i]),
            RankBy::Column { order, .. } => {
                let (va, vb) = (self.value(k, a), self.value(k, b));
                let c = match (va.as_decimal(), vb.as_decimal()) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    _ => key_order(&va, &vb),
                };
                match order {
                    Order::Desc => c.reverse(),
                    Order::Asc => c,
                }
            }
        }
    }

    /// Total, then each declared tie-break; `Equal` when they cannot
    /// separate the two (the key decides only where declared: as a
    /// tie-break, or by the ordinal style, "ties broken by the key").
    fn cmp(&self, a: &UnitScore, b: &UnitScore) -> Ordering {
        let mut o = b.total.cmp(&a.total);
        for k in 0..self.rank_by.len() {
            if o != Ordering::Equal {
                return o;
            }
            o = self.by(k, a, b);
        }
        if o == Ordering::Equal && self.sc.ranking.style == RankStyle::Ordinal {
            o = key_order(&a.key, &b.key);
        }
        o
    }

    /// The tie-break that separated two units of equal total, if one did.
    fn decided_by(&self, a: &UnitScore, b: &UnitScore) -> Option<usize> {
        if a.total != b.total {
            return None;
        }
        (0..self.rank_by.len()).find(|&k| self.by(k, a, b) != Ordering::Equal)
    }
}

/// Ranks the units of each cluster and allocates proposals (final stage).
pub(super) fn rank_and_propose(sc: &Scorecard, rank_by: &[RankBy], units: &mut [UnitScore]) {
    let ranker = Ranker { sc, rank_by };
    // Each cluster is ranked, proposed and ordered on its own, the clusters
    // in parallel. Scoring gives units cluster by cluster already; otherwise
    // they are brought together first (a stable sort: row order kept).
    if !units.is_sorted_by(|a, b| a.cluster <= b.cluster) {
        let mut order: Vec<usize> = (0..units.len()).collect();
        order.sort_by(|&a, &b| units[a].cluster.cmp(&units[b].cluster));
        permute(units, order);
    }
    units.par_chunk_by_mut(|a, b| a.cluster == b.cluster).for_each(|cluster| {
        let members: Vec<usize> = (0..cluster.len()).collect();
        rank_cluster(sc, &ranker, &members, cluster);
        put_in_order(cluster);
    });
}

/// Ranks the units at `members` (one cluster's) and settles their proposals.
fn rank_cluster(sc: &Scorecard, ranker: &Ranker, members: &[usize], units: &mut [UnitScore]) {
    let mut ranked: Vec<usize> =
        members.iter().copied().filter(|&i| units[i].disqualified.is_empty() || sc.ranking.rank_disqualified).collect();
    // Units the tie-breaks cannot separate are listed by key, and share
    // a rank unless the style is ordinal.
    ranked.sort_by(|&a, &b| ranker.cmp(&units[a], &units[b]).then_with(|| key_order(&units[a].key, &units[b].key)));
    let mut prev: Option<usize> = None;
    let mut rank = 0u32;
    for (pos, &i) in ranked.iter().enumerate() {
        let tied = prev.is_some_and(|p| ranker.cmp(&units[p], &units[i]) == Ordering::Equal);
        if !tied {
            rank = match sc.ranking.style {
                RankStyle::Dense => rank + 1,
                _ => pos as u32 + 1,
            };
        }
        units[i].rank = Some(rank);
        // A rank a tie-break decided says so, with the numbers.
        if let Some(p) = prev {
            if let Some(t) = ranker.decided_by(&units[p], &units[i]) {
                let (vp, vi) = (ranker.value(t, &units[p]), ranker.value(t, &units[i]));
                let (kp, ki) = (units[p].key.clone(), units[i].key.clone());
                units[p].notes.push(ProposalNote::TieBroken {
                    other: ki,
                    by: t,
                    mine: vp.clone(),
                    theirs: vi.clone(),
                    above: true,
                });
                units[i].notes.push(ProposalNote::TieBroken { other: kp, by: t, mine: vi, theirs: vp, above: false });
            }
        }
        prev = Some(i);
    }
    propose(sc, ranker, &ranked, members.len(), units);
}

/// Order: cluster, then rank (unranked last), then key. Positions are
/// sorted, then the units moved once: a unit is a few hundred bytes, and
/// a sort moves each of them many times.
fn put_in_order(units: &mut [UnitScore]) {
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&units[a], &units[b]);
        a.cluster
            .cmp(&b.cluster)
            .then_with(|| a.rank.unwrap_or(u32::MAX).cmp(&b.rank.unwrap_or(u32::MAX)))
            .then_with(|| key_order(&a.key, &b.key))
    });
    permute(units, order);
}

/// Puts `v[order[k]]` at position `k`, in place, following each cycle of
/// the permutation once (every element moves at most once per swap).
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..v.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at];
            order[at] = DONE;
            if from == start {
                break; // `at` already holds what started the cycle
            }
            v.swap(at, from);
            at = from;
        }
    }
}

/// Proposals, in declared order; a unit gets at most one. Where units the
/// tie-breaks cannot separate straddle a quota, the declared policy settles
/// it, and the units it left to the meeting get no later proposal either.
fn propose(sc: &Scorecard, ranker: &Ranker, ranked: &[usize], size: usize, units: &mut [UnitScore]) {
    let mut pending: Vec<usize> = Vec::new();
    for (pi, p) in sc.proposals.iter().enumerate() {
        let quota = quota_of(p, size);
        let mut eligible: Vec<usize> = Vec::new();
        for &i in ranked {
            let u = &units[i];
            if u.proposal.is_some() || !u.disqualified.is_empty() || pending.contains(&i) {
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
                if !p.min_total_rule.met(u.total, m.0) {
                    notes.push(ProposalNote::BelowMinTotal { proposal: pi, min: m.0, rule: p.min_total_rule });
                }
            }
            if !p.bands.is_empty() && !u.band.is_some_and(|b| p.bands.contains(&sc.bands[b].id)) {
                notes.push(ProposalNote::BandNotMet { proposal: pi });
            }
            if let Some(need) = p.min_vote_percent {
                let have = u.votes_percent.unwrap_or_default();
                if !p.min_vote_rule.met(have, need.0) {
                    notes.push(ProposalNote::VotesBelow { proposal: pi, have, need: need.0, rule: p.min_vote_rule });
                }
            }
            if notes.is_empty() {
                eligible.push(i);
            } else {
                units[i].notes.extend(notes);
            }
        }
        let (taken, tied_out) = settle(sc, ranker, &eligible, quota, pi, units);
        pending.extend(tied_out);
        for &i in &eligible {
            if taken.contains(&i) {
                units[i].proposal = Some(pi);
                if let (Some(need), Some(have)) = (p.min_vote_percent, units[i].votes_percent) {
                    units[i].notes.push(ProposalNote::VotesMet {
                        proposal: pi,
                        have,
                        need: need.0,
                        rule: p.min_vote_rule,
                    });
                }
            } else if !pending.contains(&i) {
                units[i].notes.push(ProposalNote::OverQuota { proposal: pi, quota: quota.unwrap_or(0) });
            }
        }
    }
}

/// Which eligible units (in rank order) a proposal takes within `quota`,
/// and which tied units it leaves to the meeting.
fn settle(
    sc: &Scorecard,
    ranker: &Ranker,
    eligible: &[usize],
    quota: Option<u32>,
    pi: usize,
    units: &mut [UnitScore],
) -> (Vec<usize>, Vec<usize>) {
    let Some(q) = quota.map(|q| q as usize).filter(|q| *q < eligible.len()) else {
        return (eligible.to_vec(), Vec::new());
    };
    // A cut inside a tie: the last place taken and the first left out are
    // units the declared tie-breaks do not separate.
    if q == 0 || ranker.cmp(&units[eligible[q - 1]], &units[eligible[q]]) != Ordering::Equal {
        return (eligible[..q].to_vec(), Vec::new());
    }
    let same = |a: usize, b: usize| ranker.cmp(&units[a], &units[b]) == Ordering::Equal;
    let start = (0..q).rev().take_while(|&k| same(eligible[k], eligible[q - 1])).last().unwrap_or(q - 1);
    let end = (q..eligible.len()).take_while(|&k| same(eligible[k], eligible[q - 1])).last().unwrap_or(q);
    let group: Vec<usize> = eligible[start..=end].to_vec();
    let places = (q - start) as u32;
    let policy = sc.ranking.ties;
    let mut order = group.clone();
    let settled = match policy {
        TiePolicy::All => true,
        TiePolicy::Key => true,
        TiePolicy::Meeting => false,
        TiePolicy::Votes => {
            let votes = |i: usize| units[i].votes_percent;
            order.sort_by_key(|&i| std::cmp::Reverse(votes(i)));
            let p = places as usize;
            group.iter().all(|&i| votes(i).is_some()) && votes(order[p - 1]) != votes(order[p])
        }
    };
    let won: Vec<usize> = match (policy, settled) {
        (TiePolicy::All, _) => group.clone(),
        (_, true) => order[..places as usize].to_vec(),
        (_, false) => Vec::new(),
    };
    for &i in &group {
        let others = group.iter().filter(|&&o| o != i).map(|&o| units[o].key.clone()).collect();
        units[i].notes.push(ProposalNote::TieAtCut {
            proposal: pi,
            others,
            places,
            policy,
            settled,
            won: won.contains(&i),
        });
    }
    let mut taken = eligible[..start].to_vec();
    taken.extend(won);
    let left = if settled { Vec::new() } else { group };
    (taken, left)
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn permuting_in_place_equals_gathering(keys in proptest::collection::vec(0u8..8, 0..60)) {
            let mut order: Vec<usize> = (0..keys.len()).collect();
            order.sort_by_key(|&i| keys[i]);
            let gathered: Vec<(u8, usize)> = order.iter().map(|&i| (keys[i], i)).collect();
            let mut v: Vec<(u8, usize)> = keys.iter().copied().zip(0..).collect();
            super::permute(&mut v, order);
            prop_assert_eq!(v, gathered);
        }
    }
}
