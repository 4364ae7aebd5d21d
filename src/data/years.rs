//! A year column holds years as people write them, with four digits: `23`
//! in a history's year column would be the year 23 AD, and a streak
//! counted up to 2024 would quietly miss it. The years a history or a
//! register judged by year (`evaluation_year`) reads are refused outside
//! 1900–2199, as two-digit dates are.

use super::err::{DataError, DataErrorKind as K};
use super::{Table, Value};
use crate::location::Location;
use crate::pack::Pack;
use indexmap::IndexMap;

/// The first year and the one past the last a year column may hold.
pub const YEARS: std::ops::Range<i64> = 1900..2200;

/// Year cells of `tables` outside [`YEARS`].
pub fn check(pack: &Pack, tables: &IndexMap<String, Table>) -> Vec<DataError> {
    let mut errors = Vec::new();
    for (id, t) in tables {
        let Some(ds) = pack.datasets.get(id) else { continue };
        let mut columns: Vec<&str> = ds.history.iter().map(|h| h.year.as_str()).collect();
        columns.extend(ds.evaluation_year.as_deref().filter(|y| !columns.contains(y)));
        for c in columns {
            let Some(i) = ds.column_index(c) else { continue };
            let bad = t.rows.iter().filter_map(|r| match r.values[i] {
                Value::Int(y) if !YEARS.contains(&y) => Some((r.line, y)),
                _ => None,
            });
            for (line, year) in bad.take(super::sink::MAX_ERRORS) {
                errors.push(DataError::new(Location::cell(&t.file, line, c), K::ImplausibleYear { year }));
            }
        }
    }
    errors
}
