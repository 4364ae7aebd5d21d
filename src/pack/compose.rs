//! Scorecards that read several datasets (`join`, `long`): checks what they
//! name and builds the dataset the scorecard reads, whose columns are the
//! unit dataset's, then each part's. Loading only: the rows are put together
//! by `data::compose` when a run reads the files.

use super::err::{SourceProblem, Thing};
use super::model::{long_column, Column, ColumnType, Composition, Dataset, Part};
use super::scorecard::{Node, Scorecard};
use super::source::Errors;
use super::{Pack, PackErrorKind as K};
use crate::ground::names::suggest;
use indexmap::IndexMap;
use std::collections::HashMap;

/// Replaces the `dataset` of every scorecard with `join` or `long` by the
/// dataset composed of them.
pub(crate) fn compose(pack: &mut Pack, errs: &mut Errors) {
    for si in 0..pack.scorecards.len() {
        let sc = &pack.scorecards[si];
        if sc.join.is_empty() && sc.long.is_none() {
            continue;
        }
        // An unknown `dataset` is reported with the scorecard's other checks.
        let Some(units) = pack.datasets.get(&sc.dataset) else { continue };
        if let Some(ds) = composed(pack, sc, units, errs) {
            let id = ds.id.clone();
            pack.datasets.insert(id.clone(), ds);
            pack.scorecards[si].dataset = id;
        }
    }
}

/// Columns gathered so far, and which dataset each came from.
struct Gathered {
    columns: IndexMap<String, Column>,
    origin: HashMap<String, String>,
}

impl Gathered {
    fn add(&mut self, name: &str, col: &Column, from: &Dataset, sc: &Scorecard, errs: &mut Errors) -> bool {
        if let Some(first) = self.origin.get(name) {
            errs.push(
                sc.loc.clone(),
                K::ColumnInTwoSources { column: name.into(), first: first.clone(), second: from.id.clone() },
            );
            return false;
        }
        self.origin.insert(name.into(), from.id.clone());
        self.columns.insert(name.into(), own_format(col, from));
        true
    }
}

/// A column copied out of its dataset keeps the number format that dataset
/// declares for it (none: read from its cells).
fn own_format(col: &Column, from: &Dataset) -> Column {
    let mut c = col.clone();
    c.format = from.declared_format_of(col);
    c
}

fn composed(pack: &Pack, sc: &Scorecard, units: &Dataset, errs: &mut Errors) -> Option<Dataset> {
    let stage = sc.stages.as_ref().map(|s| s.column.as_str());
    let mut g = Gathered { columns: IndexMap::new(), origin: HashMap::new() };
    for (name, col) in &units.columns {
        g.add(name, col, units, sc, errs);
    }
    let mut named: Vec<&str> = vec![units.id.as_str()];
    let mut parts = Vec::new();
    let mut ok = true;
    // A joined or long dataset shares the unit key (under its own column
    // name) and, with stages, may carry the stage column: neither is new.
    let shared = |d: &Dataset, name: &str| name == d.key || Some(name) == stage;
    let long_id = sc.long.as_ref().map(|l| l.dataset.as_str());
    let items = sc.join.iter().map(|j| (j.as_str(), false)).chain(long_id.map(|l| (l, true)));
    for (id, is_long) in items {
        let Some(d) = source(pack, sc, id, &mut named, errs) else {
            ok = false;
            continue;
        };
        if !is_long {
            let mut columns = Vec::new();
            for (name, col) in d.columns.iter().filter(|(n, _)| !shared(d, n)) {
                ok &= g.add(name, col, d, sc, errs);
                columns.push(name.clone());
            }
            parts.push(Part::Join { dataset: id.into(), columns });
            continue;
        }
        let criterion = &sc.long.as_ref().expect("long_id is set").criterion;
        match d.columns.get(criterion) {
            None => {
                ok = false;
                errs.push(
                    sc.loc.clone(),
                    K::Unknown {
                        what: Thing::Column,
                        name: criterion.clone(),
                        suggestion: suggest(criterion, d.columns.keys().map(String::as_str)),
                    },
                );
                continue;
            }
            Some(c) if !matches!(c.ty, ColumnType::Text | ColumnType::Enum) => {
                ok = false;
                errs.push(sc.loc.clone(), K::CodeColumnNotText(criterion.clone()));
                continue;
            }
            Some(_) => {}
        }
        let values: Vec<(&String, &Column)> =
            d.columns.iter().filter(|(n, _)| !shared(d, n) && *n != criterion).collect();
        // The long columns read per criterion must not hide a unit column.
        for (name, _) in &values {
            if let Some(first) = g.origin.get(name.as_str()) {
                ok = false;
                errs.push(
                    sc.loc.clone(),
                    K::ColumnInTwoSources { column: (*name).clone(), first: first.clone(), second: d.id.clone() },
                );
            }
        }
        let names: Vec<String> = values.iter().map(|(n, _)| (*n).clone()).collect();
        let codes = reading_codes(sc, &names, errs);
        if codes.is_empty() {
            ok = false;
            errs.push(sc.loc.clone(), K::LongUnread(id.into()));
        }
        for code in &codes {
            for (name, col) in &values {
                g.columns.insert(long_column(name, code), own_format(col, d));
            }
        }
        let known = sc.nodes().iter().filter(|n| !n.is_group()).map(|n| n.code().to_string()).collect();
        parts.push(Part::Long { dataset: id.into(), criterion: criterion.clone(), columns: names, codes, known });
    }
    if !ok {
        return None;
    }
    let mut ds = units.clone();
    ds.id = format!("{}+{}", units.id, sc.id);
    ds.columns = g.columns;
    ds.history = None;
    ds.members = None;
    ds.composed = Some(Composition { units: units.id.clone(), parts });
    Some(ds)
}

/// The dataset `id` names, if a scorecard can read it.
fn source<'p>(
    pack: &'p Pack,
    sc: &Scorecard,
    id: &str,
    named: &mut Vec<&'p str>,
    errs: &mut Errors,
) -> Option<&'p Dataset> {
    let Some((known, d)) = pack.datasets.get_key_value(id) else {
        errs.push(
            sc.loc.clone(),
            K::Unknown {
                what: Thing::Dataset,
                name: id.into(),
                suggestion: suggest(id, pack.datasets.keys().map(String::as_str)),
            },
        );
        return None;
    };
    let problem = if named.first() == Some(&id) {
        Some(SourceProblem::IsUnits)
    } else if named.contains(&id) {
        Some(SourceProblem::Twice)
    } else if d.history.is_some() {
        Some(SourceProblem::History)
    } else {
        None
    };
    named.push(known.as_str());
    if let Some(problem) = problem {
        errs.push(sc.loc.clone(), K::BadScoreSource { dataset: id.into(), problem });
        return None;
    }
    Some(d)
}

/// The codes of the criteria whose expressions read a long-form column, in
/// sheet order; two criteria with one code are refused.
fn reading_codes(sc: &Scorecard, long_columns: &[String], errs: &mut Errors) -> Vec<String> {
    let mut first: HashMap<&str, &Node> = HashMap::new();
    let mut codes = Vec::new();
    for n in sc.nodes().into_iter().filter(|n| !n.is_group()) {
        if let Some(other) = first.insert(n.code(), n) {
            errs.push(n.loc.clone(), K::DuplicateCode { code: n.code().into(), first: other.loc.clone() });
            continue;
        }
        let texts = [n.actual.as_ref().map(|e| &e.0), n.target.as_ref().map(|e| &e.0), n.value.as_ref().map(|e| &e.0)];
        let reads = texts
            .into_iter()
            .flatten()
            .chain(n.when.as_ref())
            .chain(n.script.as_ref())
            .any(|src| crate::ground::lex::identifiers(src).iter().any(|i| long_columns.contains(i)));
        if reads {
            codes.push(n.code().to_string());
        }
    }
    codes
}
