//! Every row that names another table's subject finds it: a history row its
//! subject, a member its collective. A row that joins to nothing would be
//! dropped without a word (a streak one year short, a collective's share
//! computed without a member), so it is an error naming the row, unless the
//! pack declares `unmatched: ignore` for a file that legitimately holds more.

use super::err::{DataError, DataErrorKind as K};
use super::{Key, Table};
use crate::location::Location;
use crate::pack::{Pack, Unmatched};
use indexmap::IndexMap;
use std::collections::HashSet;

/// The rows of `tables` that name a subject missing from its table.
pub fn check(pack: &Pack, tables: &IndexMap<String, Table>) -> Vec<DataError> {
    let mut errors = Vec::new();
    for ds in pack.datasets.values() {
        if let Some(h) = ds.history.as_ref().filter(|h| h.unmatched == Unmatched::Refuse && h.of != ds.id) {
            if let (Some(rows), Some(subjects)) = (tables.get(&ds.id), tables.get(&h.of)) {
                let key = &pack.datasets[&h.of].key;
                orphans(pack, rows, &ds.key, subjects, key, false, &mut errors);
            }
        }
        if let Some(m) = ds.members.as_ref().filter(|m| m.unmatched == Unmatched::Refuse) {
            if let (Some(members), Some(collectives)) = (tables.get(&m.dataset), tables.get(&ds.id)) {
                orphans(pack, members, &m.via, collectives, &ds.key, true, &mut errors);
            }
        }
    }
    errors
}

/// Rows of `rows` whose `via` cell is no key of `targets`; with
/// `empty_ok`, an empty cell joins nothing on purpose.
fn orphans(
    pack: &Pack,
    rows: &Table,
    via: &str,
    targets: &Table,
    target_key: &str,
    empty_ok: bool,
    errors: &mut Vec<DataError>,
) {
    let (Some(rds), Some(tds)) = (pack.datasets.get(&rows.dataset), pack.datasets.get(&targets.dataset)) else {
        return;
    };
    let (Some(vi), Some(ki)) = (rds.column_index(via), tds.column_index(target_key)) else { return };
    let known: HashSet<Key> = targets.rows.iter().map(|r| Key::of(&r.values[ki])).collect();
    let mut shown = 0;
    let mut more = 0;
    for r in &rows.rows {
        let v = &r.values[vi];
        if (empty_ok && v.is_empty()) || known.contains(&Key::of(v)) {
            continue;
        }
        if shown < super::sink::MAX_ERRORS {
            shown += 1;
            errors.push(DataError::new(
                Location::cell(&rows.file, r.line, via),
                K::NoSuchSubject {
                    key: Key::of(v).as_str().to_string(),
                    dataset: targets.dataset.clone(),
                    file: targets.file.clone(),
                    declared_in: rds_or(pack, &rows.dataset, &targets.dataset),
                    members: empty_ok,
                },
            ));
        } else {
            more += 1;
        }
    }
    if more > 0 {
        errors.push(DataError::new(Location::file(&rows.file), K::TooManyErrors(more)));
    }
}

/// The dataset whose spec holds `unmatched:` for this join: the history's
/// own, or the collective's `members:`.
fn rds_or(pack: &Pack, rows: &str, targets: &str) -> String {
    match pack.datasets.get(rows).and_then(|d| d.history.as_ref()) {
        Some(h) if h.of == targets => rows.to_string(),
        _ => targets.to_string(),
    }
}
