//! Tie-breaks resolved to positions once, when the pack is compiled. Ranking
//! never looks a criterion or column up by name, so a name it cannot find is
//! a load error (the pack checker's), never a silent first column.

use crate::pack::scorecard::{Order, Scorecard, TieBreak};
use crate::pack::{AwardQuota, Dataset};

/// One resolved tie-break, in the order the pack declares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankBy {
    /// The unit's key (the ordinal style's "ties broken by the key").
    Key,
    /// A scorecard node's points, higher first: its index in `Scorecard::nodes()`.
    Points(usize),
    /// A column of the dataset, by its schema position.
    Column { index: usize, order: Order },
}

/// A scorecard's tie-breaks, or the first name that resolves to nothing.
pub fn of_scorecard(sc: &Scorecard, ds: &Dataset) -> Result<Vec<RankBy>, String> {
    let nodes = sc.nodes();
    sc.ranking
        .tie_break
        .iter()
        .map(|t| match t {
            TieBreak::Key => Ok(RankBy::Key),
            TieBreak::Node(id) => nodes.iter().position(|n| &n.id == id).map(RankBy::Points).ok_or_else(|| id.clone()),
            TieBreak::Column { column, order } => column_of(ds, column, *order),
        })
        .collect()
}

/// A quota's `rank_by`: a bare name there is a column, higher first.
pub fn of_quota(q: &AwardQuota, ds: &Dataset) -> Result<Vec<RankBy>, String> {
    q.rank_by
        .iter()
        .map(|t| match t {
            TieBreak::Key => Ok(RankBy::Key),
            TieBreak::Node(column) => column_of(ds, column, Order::Desc),
            TieBreak::Column { column, order } => column_of(ds, column, *order),
        })
        .collect()
}

fn column_of(ds: &Dataset, column: &str, order: Order) -> Result<RankBy, String> {
    ds.column_index(column).map(|index| RankBy::Column { index, order }).ok_or_else(|| column.to_string())
}
