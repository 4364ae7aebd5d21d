//! What a round's sheet holds, read from the pack: the columns a unit's
//! units sheet gives once (code, name, cluster, targets), the columns
//! entered at each stage (grouped under the criterion that reads them),
//! the vote counts the council enters; and the round written back as the
//! one file `thidua score` reads, a row per unit and stage.

use crate::pack::scorecard::Node;
use crate::pack::{Column, Dataset, Pack, Scorecard};
use crate::store::rounds::Unit;
use crate::store::sheets::{Sheet, Status};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The stage id of a round whose scorecard declares no stages.
pub const ONLY_STAGE: &str = "cham_diem";

pub struct SheetModel<'a> {
    pub pack: &'a Pack,
    pub ds: &'a Dataset,
    pub sc: &'a Scorecard,
    pub stages: Vec<String>,
    /// Columns each unit's units sheet gives.
    pub fixed: Vec<&'a str>,
    /// The vote counts (`votes: { for, of }`), entered by the council.
    pub votes: Vec<&'a str>,
    /// Each scored item (index into `Scorecard::nodes()`) and the entered
    /// columns it is the first to read.
    pub leaves: Vec<(usize, Vec<&'a str>)>,
    /// Entered columns no item reads (gates, tie-breaks).
    pub other: Vec<&'a str>,
}

impl<'a> SheetModel<'a> {
    /// The model of `sc` for a round whose units sheet gave `given`.
    pub fn new(pack: &'a Pack, sc: &'a Scorecard, given: &[String]) -> Option<SheetModel<'a>> {
        let ds = pack.datasets.get(&sc.dataset)?;
        let stages = sc.stages.as_ref().map_or_else(|| vec![ONLY_STAGE.to_string()], |s| s.order.clone());
        let votes: Vec<&str> = sc.votes.iter().flat_map(|v| [v.for_.as_str(), v.of.as_str()]).collect();
        let own = |c: &str| {
            c == ds.key
                || ds.name_column.as_deref() == Some(c)
                || sc.group_by.as_deref() == Some(c)
                || sc.stages.as_ref().is_some_and(|s| s.column == c)
        };
        // Sets, not lists: a province's sheet has hundreds of columns.
        let given: HashSet<&str> = given.iter().map(String::as_str).collect();
        let fixed: Vec<&str> = ds
            .columns
            .keys()
            .map(String::as_str)
            .filter(|c| !own(c) && !votes.contains(c) && given.contains(c))
            .collect();
        let entered: Vec<&str> = ds
            .columns
            .keys()
            .map(String::as_str)
            .filter(|c| !own(c) && !fixed.contains(c) && !votes.contains(c))
            .collect();
        let place: HashMap<&str, usize> = entered.iter().enumerate().map(|(i, c)| (*c, i)).collect();
        let mut taken: HashSet<&str> = HashSet::new();
        let mut leaves = Vec::new();
        for (i, n) in sc.nodes().iter().enumerate().filter(|(_, n)| n.items.is_none()) {
            let mut mine: Vec<&str> = node_reads(n)
                .iter()
                .filter_map(|r| place.get_key_value(r.as_str()).map(|(c, _)| *c))
                .filter(|c| taken.insert(c))
                .collect();
            mine.sort_by_key(|c| place[c]);
            leaves.push((i, mine));
        }
        let other = entered.iter().copied().filter(|c| !taken.contains(c)).collect();
        Some(SheetModel { pack, ds, sc, stages, fixed, votes, leaves, other })
    }

    pub fn column(&self, name: &str) -> Option<&'a Column> {
        self.ds.columns.get(name)
    }

    /// Every column entered at a stage.
    pub fn entered(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.leaves.iter().flat_map(|(_, c)| c.iter().copied()).chain(self.other.iter().copied())
    }

    /// A stage as people call it: the stage column's label for it.
    pub fn stage_words(&self, stage: &str, lang: crate::i18n::Lang) -> String {
        let col = self.sc.stages.as_ref().and_then(|s| self.ds.columns.get(&s.column));
        match col {
            Some(c) => c.value_label(stage, lang).to_string(),
            None => lang.pick("Chấm điểm", "Scoring").to_string(),
        }
    }

    /// One file for `thidua score`: the dataset's header, then a row per
    /// unit and stage of `sheets` (in the units' order, then stage order).
    pub fn csv(&self, units: &[Unit], sheets: &[(&Unit, usize, &BTreeMap<String, String>)]) -> Vec<u8> {
        let stage_col = self.sc.stages.as_ref().map(|s| s.column.as_str());
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(self.ds.columns.keys());
        for u in units {
            for (_, k, vals) in sheets.iter().filter(|(x, _, _)| x.key == u.key) {
                let cells = self.ds.columns.keys().map(|c| {
                    if *c == self.ds.key {
                        u.key.clone()
                    } else if self.ds.name_column.as_ref() == Some(c) {
                        u.name.clone()
                    } else if self.sc.group_by.as_ref() == Some(c) {
                        u.cluster.clone()
                    } else if Some(c.as_str()) == stage_col {
                        self.stages[*k].clone()
                    } else if let Some(v) = u.fixed.get(c) {
                        v.clone()
                    } else {
                        vals.get(c).cloned().unwrap_or_default()
                    }
                });
                let _ = w.write_record(cells);
            }
        }
        w.into_inner().unwrap_or_default()
    }
}

/// The identifiers an item's expressions read.
pub fn node_reads(n: &Node) -> Vec<String> {
    let texts = [&n.actual, &n.target, &n.value].into_iter().flatten().map(|e| e.0.as_str());
    texts.chain(n.when.as_deref()).chain(n.script.as_deref()).flat_map(crate::ground::lex::identifiers).collect()
}

/// Whether a sheet counts in results: sent by its owner, or accepted.
pub fn counts(s: &Sheet) -> bool {
    matches!(s.status, Status::Submitted | Status::Accepted)
}

/// How far a round's results go: the last stage every unit has sent (and
/// every earlier one), or, when not even the first is, the units missing.
pub fn standing<'u>(units: &'u [Unit], sheets: &[Sheet], stages: &[String]) -> Result<usize, Vec<&'u Unit>> {
    let sent = |u: &Unit, stage: &str| sheets.iter().any(|s| s.unit == u.key && s.stage == stage && counts(s));
    let missing: Vec<&Unit> = units.iter().filter(|u| !sent(u, &stages[0])).collect();
    if !missing.is_empty() || units.is_empty() {
        return Err(missing);
    }
    let mut upto = 0;
    while upto + 1 < stages.len() && units.iter().all(|u| sent(u, &stages[upto + 1])) {
        upto += 1;
    }
    Ok(upto)
}
