//! Places a scorecard's nodes in their YAML file and cross-checks it against
//! its dataset: every problem found is an error with its line and column.

use super::err::{PackErrorKind as K, Thing};
use super::model::Pack;
use super::scorecard::*;
use super::source::{Errors, Source};
use crate::ground::{
    files::read_confined,
    names::{is_id, suggest},
};
use std::collections::HashMap;
use std::path::Path;

/// Fills in locations of the scorecard's nodes and gates (before cross-checks).
pub(crate) fn place(src: &Source, base: &str, sc: &mut Scorecard, dir: &Path, errs: &mut Errors) {
    sc.loc = src.value_loc(base);
    fn walk(src: &Source, path: String, n: &mut Node, dir: &Path, errs: &mut Errors) {
        n.loc = src.value_loc(&path);
        for f in ["actual", "target", "value", "when", "script"] {
            n.expr_locs.push((f, src.text_loc(&format!("{path}.{f}"))));
        }
        // Folded blocks keep their line breaks, so that places in them are places in the file.
        let written = |f: &str, t: &mut String| *t = src.spans.as_written(&format!("{path}.{f}"), t).to_string();
        for (f, e) in [("actual", &mut n.actual), ("target", &mut n.target), ("value", &mut n.value)] {
            if let Some(e) = e.as_mut() {
                written(f, &mut e.0);
            }
        }
        if let Some(t) = n.when.as_mut() {
            written("when", t);
        }
        if let Some(t) = n.script.as_mut() {
            written("script", t);
        }
        if let Some(file) = n.file.clone() {
            match read_confined(dir, &file) {
                Some((p, text)) => {
                    n.script = Some(text);
                    n.expr_locs.retain(|(f, _)| *f != "script");
                    n.expr_locs.push(("script", crate::location::Location::at(p, 1, 1)));
                }
                None => errs.push(src.value_loc(&format!("{path}.file")), K::ScriptOutsidePack(file)),
            }
        }
        n.path = path.clone();
        if let Some(items) = n.items.as_mut() {
            for (i, c) in items.iter_mut().enumerate() {
                walk(src, format!("{path}.items[{i}]"), c, dir, errs);
            }
        }
    }
    for (i, g) in sc.groups.iter_mut().enumerate() {
        walk(src, format!("{base}.groups[{i}]"), g, dir, errs);
    }
    for (i, b) in sc.bonuses.iter_mut().enumerate() {
        walk(src, format!("{base}.bonuses[{i}]"), b, dir, errs);
    }
    for (i, g) in sc.disqualify.iter_mut().enumerate() {
        g.loc = src.text_loc(&format!("{base}.disqualify[{i}].when"));
        g.when = src.spans.as_written(&format!("{base}.disqualify[{i}].when"), &g.when).to_string();
    }
}

fn need(n: &Node, present: bool, field: &'static str, errs: &mut Errors) {
    if !present {
        errs.push(n.loc.clone(), K::MissingNodeField { node: n.id.clone(), field });
    }
}

fn check_leaf(n: &Node, errs: &mut Errors) {
    let Some(m) = n.method else {
        errs.push(n.loc.clone(), K::MissingNodeField { node: n.id.clone(), field: "method" });
        return;
    };
    need(n, n.max.is_some(), "max", errs);
    match m {
        Method::Target | Method::TargetRelative | Method::TargetLower => {
            need(n, n.actual.is_some(), "actual", errs);
            need(n, n.target.is_some(), "target", errs);
        }
        Method::PassFail => need(n, n.when.is_some(), "when", errs),
        Method::Count | Method::Deduction => {
            need(n, n.value.is_some(), "value", errs);
            need(n, n.points_each.is_some(), "points_each", errs);
        }
        Method::Bands => {
            need(n, n.value.is_some(), "value", errs);
            need(n, n.bands.as_ref().is_some_and(|b| !b.is_empty()), "bands", errs);
        }
        Method::Manual | Method::Relative => need(n, n.value.is_some(), "value", errs),
        Method::Script => need(n, n.script.is_some(), "script", errs),
    }
    // A choice for another method would silently do nothing.
    if n.no_leader.is_some() && m != Method::TargetRelative {
        errs.push(
            n.loc.clone(),
            K::FieldNotForMethod { node: n.id.clone(), field: "no_leader", method: "target_relative" },
        );
    }
    if n.empty.is_some() && matches!(m, Method::PassFail | Method::Script) {
        errs.push(
            n.loc.clone(),
            K::FieldNotForMethod {
                node: n.id.clone(),
                field: "empty",
                method:
                    "target`, `target_relative`, `target_lower`, `count`, `deduction`, `bands`, `manual`, `relative",
            },
        );
    }
    if n.zero_target.is_some() && !matches!(m, Method::Target | Method::TargetRelative) {
        errs.push(
            n.loc.clone(),
            K::FieldNotForMethod { node: n.id.clone(), field: "zero_target", method: "target`, `target_relative" },
        );
    }
    if let Some(s) = n.share {
        if s.0 < rust_decimal::Decimal::ZERO || s.0 > rust_decimal::Decimal::ONE {
            errs.push(n.loc.clone(), K::ShareOutOfRange(n.id.clone()));
        }
    }
}

/// Cross-checks every scorecard of the pack.
pub(crate) fn check(pack: &Pack, errs: &mut Errors) {
    let mut seen_sc: HashMap<&str, &crate::location::Location> = HashMap::new();
    for sc in &pack.scorecards {
        if !is_id(&sc.id) {
            errs.push(sc.loc.clone(), K::BadId { what: Thing::Scorecard, id: sc.id.clone() });
        }
        if let Some(first) = seen_sc.insert(&sc.id, &sc.loc) {
            errs.push(sc.loc.clone(), K::Duplicate { what: Thing::Scorecard, id: sc.id.clone(), first: first.clone() });
        }
        let Some(ds) = pack.datasets.get(&sc.dataset) else {
            errs.push(
                sc.loc.clone(),
                K::Unknown {
                    what: Thing::Dataset,
                    name: sc.dataset.clone(),
                    suggestion: suggest(&sc.dataset, pack.datasets.keys().map(String::as_str)),
                },
            );
            continue;
        };
        let column = |name: &str, errs: &mut Errors| {
            if !ds.columns.contains_key(name) {
                errs.push(
                    sc.loc.clone(),
                    K::Unknown {
                        what: Thing::Column,
                        name: name.to_string(),
                        suggestion: suggest(name, ds.columns.keys().map(String::as_str)),
                    },
                );
            }
        };
        if let Some(g) = &sc.group_by {
            column(g, errs);
        } else if sc.group_word.is_some() || sc.group_word_en.is_some() {
            // A word for groups the scorecard does not make: `group_by` forgotten.
            errs.push(sc.loc.clone(), K::MissingNodeField { node: sc.id.clone(), field: "group_by" });
        }
        if let Some(s) = &sc.stages {
            column(&s.column, errs);
            if s.order.is_empty() {
                errs.push(sc.loc.clone(), K::MissingNodeField { node: sc.id.clone(), field: "stages.order" });
            }
        }
        if let Some(v) = &sc.votes {
            column(&v.for_, errs);
            column(&v.of, errs);
        }
        if sc.groups.is_empty() {
            errs.push(sc.loc.clone(), K::MissingNodeField { node: sc.id.clone(), field: "groups" });
        }
        check_nodes(sc, errs);
        let node_ids: Vec<&str> = sc.nodes().iter().map(|n| n.id.as_str()).collect();
        for t in &sc.ranking.tie_break {
            match t {
                TieBreak::Key => {}
                TieBreak::Node(id) if !node_ids.contains(&id.as_str()) => errs.push(
                    sc.loc.clone(),
                    K::Unknown {
                        what: Thing::Criterion,
                        name: id.clone(),
                        suggestion: suggest(id, node_ids.iter().copied()),
                    },
                ),
                TieBreak::Node(_) => {}
                TieBreak::Column { column: c, .. } => column(c, errs),
            }
        }
        if sc.ranking.ties == TiePolicy::Votes && sc.votes.is_none() {
            errs.push(sc.loc.clone(), K::TiesByUndeclaredVotes);
        }
        check_proposals(sc, errs);
    }
}

/// A scorecard's nodes: unique ids, groups with items and a maximum that
/// adds up, leaves with what their method needs.
fn check_nodes(sc: &Scorecard, errs: &mut Errors) {
    // Node ids are unique within the scorecard.
    let mut ids: HashMap<&str, &crate::location::Location> = HashMap::new();
    for n in sc.nodes() {
        if !is_id(&n.id) {
            errs.push(n.loc.clone(), K::BadId { what: Thing::Criterion, id: n.id.clone() });
        }
        if let Some(first) = ids.insert(&n.id, &n.loc) {
            errs.push(n.loc.clone(), K::Duplicate { what: Thing::Criterion, id: n.id.clone(), first: first.clone() });
        }
        if n.is_group() {
            if n.children().is_empty() {
                errs.push(n.loc.clone(), K::MissingNodeField { node: n.id.clone(), field: "items" });
            }
            if n.method.is_some() {
                errs.push(n.loc.clone(), K::GroupWithMethod(n.id.clone()));
            }
            // A group's stated maximum is what the paper sheet prints:
            // a different sum of its items is a typo somewhere, never a
            // silent cap (that is `cap:`).
            if let Some(declared) = n.max {
                let items = Scorecard::max_of(n);
                if declared.0 != items {
                    errs.push(
                        n.loc.clone(),
                        K::GroupMaxMismatch {
                            node: n.id.clone(),
                            declared: declared.0,
                            items,
                            capped: n.cap.is_some(),
                        },
                    );
                }
            }
        } else {
            check_leaf(n, errs);
        }
    }
    for b in &sc.bonuses {
        if b.is_group() {
            errs.push(b.loc.clone(), K::GroupWithMethod(b.id.clone()));
        }
    }
}

/// A scorecard's proposals: known bands, votes declared where a vote
/// decides, one kind of quota.
fn check_proposals(sc: &Scorecard, errs: &mut Errors) {
    let band_ids: Vec<&str> = sc.bands.iter().map(|b| b.id.as_str()).collect();
    for p in &sc.proposals {
        if !is_id(&p.award) {
            errs.push(sc.loc.clone(), K::BadId { what: Thing::Award, id: p.award.clone() });
        }
        for b in &p.bands {
            if !band_ids.contains(&b.as_str()) {
                errs.push(
                    sc.loc.clone(),
                    K::Unknown { what: Thing::Band, name: b.clone(), suggestion: suggest(b, band_ids.iter().copied()) },
                );
            }
        }
        if p.min_vote_percent.is_some() && sc.votes.is_none() {
            errs.push(sc.loc.clone(), K::VotesUndeclared(p.award.clone()));
        }
        if let Some(q) = &p.quota {
            if q.count.is_some() == q.percent.is_some() {
                errs.push(sc.loc.clone(), K::BadQuota(p.award.clone()));
            }
        }
    }
}
