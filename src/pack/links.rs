//! Checks across a loaded pack's files: parameters that shadow names,
//! awards and datasets that refer to each other, `requires` without cycles,
//! and the order awards are judged in (required awards first).

use super::err::{PackErrorKind as K, Thing};
use super::load::RESERVED;
use super::model::*;
use super::source::Errors;
use crate::ground::names::{is_id, suggest};
use crate::location::Location;
use std::collections::HashSet;

pub(super) fn cross_check(pack: &mut Pack, broken: &[String], errs: &mut Errors) {
    // Parameters must not shadow columns or built-ins.
    for name in pack.parameters.keys() {
        if RESERVED.contains(&name.as_str()) {
            errs.push(Location::file(&pack.files[0]), K::Reserved(name.clone()));
        }
    }
    // Resolve each award's dataset.
    let ids: Vec<String> = pack.awards.iter().map(|a| a.id.clone()).collect();
    let known = |r: &String| ids.contains(r) || broken.contains(r);
    for a in pack.awards.iter_mut() {
        let resolved = match (&a.dataset, a.subject) {
            (Some(d), _) => {
                if pack.datasets.contains_key(d) {
                    Some(d.clone())
                } else {
                    errs.push(
                        a.loc.clone(),
                        K::Unknown {
                            what: Thing::Dataset,
                            name: d.clone(),
                            suggestion: suggest(d, pack.datasets.keys().map(String::as_str)),
                        },
                    );
                    None
                }
            }
            (None, Some(kind)) => {
                let c: Vec<String> =
                    pack.datasets.values().filter(|d| d.subject == kind).map(|d| d.id.clone()).collect();
                match c.len() {
                    1 => Some(c[0].clone()),
                    0 => {
                        errs.push(a.loc.clone(), K::NoDataset { award: a.id.clone() });
                        None
                    }
                    _ => {
                        errs.push(a.loc.clone(), K::AmbiguousDataset { award: a.id.clone(), candidates: c });
                        None
                    }
                }
            }
            (None, None) if pack.datasets.len() == 1 => pack.datasets.keys().next().cloned(),
            (None, None) => {
                errs.push(a.loc.clone(), K::NoDataset { award: a.id.clone() });
                None
            }
        };
        a.dataset_id = resolved.unwrap_or_default();
        for r in &a.requires {
            if !known(r) {
                errs.push(
                    a.loc.clone(),
                    K::Unknown {
                        what: Thing::Award,
                        name: r.clone(),
                        suggestion: suggest(r, ids.iter().map(String::as_str)),
                    },
                );
            }
        }
    }
    for a in &pack.awards {
        for r in &a.requires {
            if let Some(req) = pack.award(r) {
                if !a.dataset_id.is_empty() && !req.dataset_id.is_empty() && req.dataset_id != a.dataset_id {
                    errs.push(a.loc.clone(), K::RequiresOtherDataset { award: a.id.clone(), required: r.clone() });
                }
            }
        }
    }
    check_links(pack, errs);
    if let Some(cycle) = find_cycle(pack) {
        let loc = pack.award(&cycle[0]).map(|a| a.loc.clone()).unwrap_or_default();
        errs.push(loc, K::Cycle(cycle));
    }
}

/// History and member links between datasets, and award quotas.
fn check_links(pack: &Pack, errs: &mut Errors) {
    let unknown_ds = |name: &str| K::Unknown {
        what: Thing::Dataset,
        name: name.to_string(),
        suggestion: suggest(name, pack.datasets.keys().map(String::as_str)),
    };
    let unknown_col = |ds: &Dataset, name: &str| K::Unknown {
        what: Thing::Column,
        name: name.to_string(),
        suggestion: suggest(name, ds.columns.keys().map(String::as_str)),
    };
    let mut history_of: std::collections::HashMap<(&str, &str), &str> = std::collections::HashMap::new();
    for d in pack.datasets.values() {
        if let Some(h) = &d.history {
            if let Some(first) = history_of.insert((h.of.as_str(), h.var()), d.id.as_str()) {
                errs.push(d.loc.clone(), K::SecondHistory { of: h.of.clone(), first: first.to_string() });
            }
            // Its own name must name nothing else a rule on its subjects reads.
            if let Some(n) = &h.name {
                let taken = pack.datasets.get(&h.of).is_some_and(|o| o.columns.contains_key(n))
                    || pack.parameters.contains_key(n)
                    || (RESERVED.contains(&n.as_str()) && n != "lich_su");
                if !is_id(n) || taken {
                    errs.push(d.loc.clone(), K::HistoryNameTaken(n.clone()));
                }
            }
            if !pack.datasets.contains_key(&h.of) {
                errs.push(d.loc.clone(), unknown_ds(&h.of));
            }
            for c in std::iter::once(&h.year).chain(h.title_columns()) {
                if !d.columns.contains_key(c) {
                    errs.push(d.loc.clone(), unknown_col(d, c));
                }
            }
            if d.columns.get(&h.year).is_some_and(|c| c.ty != ColumnType::Int) {
                errs.push(d.loc.clone(), K::YearColumnNotInt(h.year.clone()));
            }
        }
        if let Some(y) = &d.evaluation_year {
            match d.columns.get(y) {
                None => errs.push(d.loc.clone(), unknown_col(d, y)),
                Some(c) if c.ty != ColumnType::Int || c.optional => {
                    errs.push(d.loc.clone(), K::YearColumnNotInt(y.clone()))
                }
                Some(_) => {}
            }
        }
        if let Some(m) = &d.members {
            match pack.datasets.get(&m.dataset) {
                None => errs.push(d.loc.clone(), unknown_ds(&m.dataset)),
                Some(md) if !md.columns.contains_key(&m.via) => errs.push(d.loc.clone(), unknown_col(md, &m.via)),
                Some(md) if md.members.as_ref().is_some_and(|x| x.dataset == d.id) || md.id == d.id => {
                    errs.push(d.loc.clone(), K::Cycle(vec![d.id.clone(), md.id.clone(), d.id.clone()]))
                }
                Some(_) => {}
            }
        }
    }
    for a in &pack.awards {
        let Some(ds) = pack.datasets.get(&a.dataset_id) else { continue };
        // Quotas of one award for different regimes must not meet.
        let qs: Vec<&crate::pack::AwardQuota> = a.quota.iter().collect();
        for (i, x) in qs.iter().enumerate() {
            for y in &qs[i + 1..] {
                let always = Period::default();
                if x.effective.as_ref().unwrap_or(&always).overlaps(y.effective.as_ref().unwrap_or(&always)) {
                    errs.push(a.loc.clone(), K::OverlappingQuotas(a.id.clone()));
                }
            }
        }
        for q in qs {
            if q.count.is_some() == q.percent.is_some() {
                errs.push(a.loc.clone(), K::BadQuota(a.id.clone()));
            }
            if let Some(w) = &q.within {
                if !ds.columns.contains_key(w) {
                    errs.push(a.loc.clone(), unknown_col(ds, w));
                }
            }
            if let Some(of) = &q.of {
                if pack.award(of).is_none_or(|b| b.dataset_id != a.dataset_id) {
                    errs.push(
                        a.loc.clone(),
                        K::Unknown {
                            what: Thing::Award,
                            name: of.clone(),
                            suggestion: suggest(of, pack.awards.iter().map(|b| b.id.as_str())),
                        },
                    );
                }
            }
            for t in &q.rank_by {
                let col = match t {
                    super::scorecard::TieBreak::Key => continue,
                    super::scorecard::TieBreak::Node(c) => c,
                    super::scorecard::TieBreak::Column { column, .. } => column,
                };
                if !ds.columns.contains_key(col) {
                    errs.push(a.loc.clone(), unknown_col(ds, col));
                }
            }
        }
    }
}

/// A cycle in `requires`, as the list of award ids around it.
fn find_cycle(pack: &Pack) -> Option<Vec<String>> {
    fn visit<'a>(
        pack: &'a Pack,
        id: &'a str,
        stack: &mut Vec<&'a str>,
        done: &mut HashSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| *s == id) {
            let mut c: Vec<String> = stack[i..].iter().map(|s| s.to_string()).collect();
            c.push(id.to_string());
            return Some(c);
        }
        if done.contains(id) {
            return None;
        }
        stack.push(id);
        if let Some(a) = pack.award(id) {
            for r in a.requires.iter().chain(a.quota.iter().filter_map(|q| q.of.as_ref()).filter(|o| *o != id)) {
                if let Some(c) = visit(pack, r, stack, done) {
                    return Some(c);
                }
            }
        }
        stack.pop();
        done.insert(id);
        None
    }
    let mut done = HashSet::new();
    for a in &pack.awards {
        if let Some(c) = visit(pack, &a.id, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

/// Award ids ordered so that every award comes after the ones it requires;
/// ties keep declaration order. Assumes no cycle (checked at load).
pub fn evaluation_order(pack: &Pack) -> Vec<usize> {
    let mut order = Vec::new();
    let mut placed = vec![false; pack.awards.len()];
    while order.len() < pack.awards.len() {
        let before = order.len();
        for (i, a) in pack.awards.iter().enumerate() {
            if !placed[i]
                && a.requires.iter().all(|r| pack.awards.iter().position(|b| &b.id == r).is_none_or(|j| placed[j]))
            {
                placed[i] = true;
                order.push(i);
            }
        }
        if order.len() == before {
            break;
        }
    }
    order
}
