//! Which way a column writes its numbers: `9.5` (decimal point) or `3,5` and
//! `1.234,5` (decimal comma, dots grouping thousands). People type what
//! their machine's locale writes, whatever the pack declares, so a column's
//! style is read from its own cells:
//!
//! - a cell only one style reads (`9.5`, `3,5`, `12.345.678`) is read by it
//!   and tells the column's style;
//! - a cell both read alike (`12`) tells nothing;
//! - a cell both read differently (`1.234`: one and a quarter, or twelve
//!   hundred) follows the style the column's other cells show, else the one
//!   the pack declares, else is refused;
//! - a column whose cells show both styles is refused: `1,5` next to `9.5`
//!   may be a thousands comma.
//!
//! A streamed file cannot wait for its last row to read its first, so an
//! ambiguous cell is read at once by the declared style (plain when none)
//! and [`Evidence::settle`] says afterwards whether that was right; when it
//! was not, the file is read again with the style pinned.

use super::err::{DataError, DataErrorKind as K};
use crate::location::Location;
use crate::pack::{ColumnType, Dataset, NumberFormat};

/// What one number cell says about its column's style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Both styles read it, alike (`12`, `-3`).
    Same,
    /// Only the style given reads it.
    Only(NumberFormat),
    /// Both styles read it, differently (`1.234`).
    Ambiguous,
}

/// A cell that showed something: where it is and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub at: Location,
    pub text: String,
}

impl Seen {
    fn row(&self) -> usize {
        self.at.line.unwrap_or(0)
    }
}

/// What a column's cells showed so far: the first of each kind.
#[derive(Debug, Clone, Default)]
struct ColumnEvidence {
    plain: Option<Seen>,
    vi: Option<Seen>,
    ambiguous: Option<Seen>,
    /// A date `dd/mm/yyyy` whose day is past 12: the column writes the day
    /// first.
    day_first: Option<Seen>,
    /// A date whose day and month are both 12 or less and differ
    /// (`03/05/2015`): read day first, which nothing else in the column may
    /// confirm.
    either_date: Option<Seen>,
}

/// What a date cell tells of its column's order (`dd/mm` or `mm/dd`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// ISO, or day and month alike: nothing.
    Tells,
    /// The day, first, is past 12.
    DayFirst,
    /// Either order reads it, differently.
    Either,
}

impl DateOrder {
    /// The order a date cell's text shows (`31/12/2024` is day first).
    pub fn of(text: &str) -> DateOrder {
        let mut parts = text.trim().split('/');
        let (Some(d), Some(m)) = (parts.next(), parts.next()) else { return DateOrder::Tells };
        match (d.parse::<u32>(), m.parse::<u32>()) {
            (Ok(d), Ok(_)) if d > 12 => DateOrder::DayFirst,
            (Ok(d), Ok(m)) if d != m && m <= 12 => DateOrder::Either,
            _ => DateOrder::Tells,
        }
    }
}

/// The evidence of a file's number columns, merged in file order.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    columns: Vec<ColumnEvidence>,
}

/// A style fixed for a column after reading it: the column and the style.
pub type Pin = (usize, NumberFormat);

/// How a file's number columns are being read: the style each ambiguous
/// cell is read by, and what the cells showed.
#[derive(Debug, Clone)]
pub struct Reading {
    styles: Vec<NumberFormat>,
    pub evidence: Evidence,
}

impl Reading {
    /// A first reading: each column by its declared style, else plain.
    pub fn new(ds: &Dataset) -> Self {
        Self::pinned(ds, &[])
    }

    /// A reading with some columns' styles fixed by an earlier one.
    pub fn pinned(ds: &Dataset, pins: &[Pin]) -> Self {
        let mut styles: Vec<NumberFormat> = ds.columns.values().map(|c| ds.number_format_of(c)).collect();
        for &(i, f) in pins {
            styles[i] = f;
        }
        Reading { styles, evidence: Evidence::new(ds.columns.len()) }
    }

    /// The style column `i`'s ambiguous cells are read by.
    pub fn style(&self, i: usize) -> NumberFormat {
        self.styles[i]
    }

    pub fn styles(&self) -> &[NumberFormat] {
        &self.styles
    }

    /// See [`Evidence::settle`].
    pub fn settle(&self, ds: &Dataset) -> (Vec<DataError>, Vec<Pin>) {
        self.evidence.settle(ds, |i| self.styles[i])
    }

    /// The errors for columns that would need a second reading, where
    /// there can be none (a pipe): at each column's first ambiguous cell.
    pub fn too_late(&self, pins: &[Pin]) -> Vec<DataError> {
        pins.iter()
            .filter_map(|&(i, f)| {
                let a = self.evidence.columns[i].ambiguous.as_ref()?;
                Some(DataError::new(
                    a.at.clone(),
                    K::NumberStyleTooLate { text: a.text.clone(), vi: f == NumberFormat::Vi },
                ))
            })
            .collect()
    }
}

impl Evidence {
    pub fn new(columns: usize) -> Self {
        Evidence { columns: vec![ColumnEvidence::default(); columns] }
    }

    /// Notes a cell of column `col`; only the first of each kind is kept.
    #[inline]
    pub fn note(&mut self, col: usize, class: Class, seen: impl FnOnce() -> Seen) {
        let e = &mut self.columns[col];
        let slot = match class {
            Class::Same => return,
            Class::Only(NumberFormat::Plain) => &mut e.plain,
            Class::Only(NumberFormat::Vi) => &mut e.vi,
            Class::Ambiguous => &mut e.ambiguous,
        };
        if slot.is_none() {
            *slot = Some(seen());
        }
    }

    /// Notes a date cell of column `col`; only the first of each kind is kept.
    #[inline]
    pub fn note_date(&mut self, col: usize, order: DateOrder, seen: impl FnOnce() -> Seen) {
        let e = &mut self.columns[col];
        let slot = match order {
            DateOrder::Tells => return,
            DateOrder::DayFirst => &mut e.day_first,
            DateOrder::Either => &mut e.either_date,
        };
        if slot.is_none() {
            *slot = Some(seen());
        }
    }

    /// Adds what a later part of the file showed (rows already placed).
    pub fn merge(&mut self, later: Evidence) {
        for (e, l) in self.columns.iter_mut().zip(later.columns) {
            e.plain = e.plain.take().or(l.plain);
            e.vi = e.vi.take().or(l.vi);
            e.ambiguous = e.ambiguous.take().or(l.ambiguous);
            e.day_first = e.day_first.take().or(l.day_first);
            e.either_date = e.either_date.take().or(l.either_date);
        }
    }

    /// Moves every row number by `by` (a chunk's rows, placed in the file).
    pub fn shift_rows(&mut self, by: usize) {
        for e in &mut self.columns {
            let slots = [&mut e.plain, &mut e.vi, &mut e.ambiguous, &mut e.day_first, &mut e.either_date];
            for s in slots.into_iter().flatten() {
                s.at.line = s.at.line.map(|l| l + by);
            }
        }
    }

    /// Date columns whose every `dd/mm/yyyy` cell reads either way (no day
    /// past 12): read day first, as Vietnamese write dates, with a warning
    /// naming the first such cell and the day it was read as, so that a
    /// sheet written month first is seen before anything is signed. (A
    /// column written month first shows a month past 12 in some cell once
    /// it has a day past 12, and that cell is refused.)
    pub fn date_warnings(&self, ds: &Dataset) -> Vec<DataError> {
        ds.columns
            .iter()
            .zip(&self.columns)
            .filter(|((_, c), e)| c.ty == ColumnType::Date && e.day_first.is_none())
            .filter_map(|((name, _), e)| {
                let s = e.either_date.as_ref()?;
                let day = crate::pack::parse_date(&s.text)?;
                Some(DataError::new(
                    s.at.clone(),
                    K::DateOrderUnknown { column: name.clone(), text: s.text.clone(), day },
                ))
            })
            .collect()
    }

    /// Decides each column's style once the whole file was read, given the
    /// style each ambiguous cell was read by (`read_as`). Returns the errors
    /// (mixed styles; an ambiguous cell nothing decides) and the columns
    /// whose ambiguous cells must be read again by another style.
    pub fn settle(&self, ds: &Dataset, read_as: impl Fn(usize) -> NumberFormat) -> (Vec<DataError>, Vec<Pin>) {
        let (mut errors, mut pins) = (Vec::new(), Vec::new());
        for (i, (col, e)) in ds.columns.values().zip(&self.columns).enumerate() {
            if !matches!(col.ty, ColumnType::Int | ColumnType::Decimal) {
                continue;
            }
            let at = |s: &Seen| s.at.clone();
            let shown = match (&e.plain, &e.vi) {
                (Some(p), Some(v)) => {
                    let (first, later) = if p.row() <= v.row() { (p, v) } else { (v, p) };
                    errors.push(DataError::new(
                        at(later),
                        K::MixedNumberStyles {
                            text: later.text.clone(),
                            first_row: first.row(),
                            first_text: first.text.clone(),
                            later_is_vi: std::ptr::eq(later, v),
                        },
                    ));
                    continue;
                }
                (Some(_), None) => Some(NumberFormat::Plain),
                (None, Some(_)) => Some(NumberFormat::Vi),
                (None, None) => None,
            };
            let Some(a) = &e.ambiguous else { continue };
            match (shown, ds.declared_format_of(col)) {
                (Some(s), _) if s != read_as(i) => pins.push((i, s)),
                (Some(_), _) | (None, Some(_)) => {}
                (None, None) => errors.push(DataError::new(at(a), K::AmbiguousNumber { text: a.text.clone() })),
            }
        }
        (errors, pins)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::value::{parse_decimal, parse_int, read_number};

    fn dec(s: &str) -> Class {
        read_number(s, NumberFormat::Plain, parse_decimal).expect(s).1
    }

    #[test]
    fn cells_tell_their_style_when_only_one_reads_them() {
        use NumberFormat::*;
        assert_eq!(dec("12"), Class::Same);
        assert_eq!(dec("-3"), Class::Same);
        assert_eq!(dec("9.5"), Class::Only(Plain));
        assert_eq!(dec("1234.56"), Class::Only(Plain));
        assert_eq!(dec("0.500"), Class::Only(Plain), "a group never starts with 0");
        assert_eq!(dec("3,5"), Class::Only(Vi));
        assert_eq!(dec("1.234,5"), Class::Only(Vi));
        assert_eq!(dec("12.345.678"), Class::Only(Vi));
        assert_eq!(dec("1.234"), Class::Ambiguous);
        assert_eq!(dec("-12.500"), Class::Ambiguous);
        assert_eq!(dec("1,234"), Class::Ambiguous, "a decimal comma, or a comma grouping thousands");
        assert_eq!(dec("92,000"), Class::Ambiguous);
        assert_eq!(dec("1,5"), Class::Only(Vi), "a comma before one digit groups nothing");
        assert_eq!(dec("1234,500"), Class::Only(Vi), "a group has at most three digits");
        assert_eq!(dec("1,234.5"), Class::Only(Plain));
        assert_eq!(dec("1,234,567"), Class::Only(Plain));
        assert_eq!(
            read_number("1,500", NumberFormat::Vi, parse_decimal).unwrap().0,
            rust_decimal::Decimal::new(15, 1),
            "read by the column's style"
        );
        assert_eq!(
            read_number("1.234", NumberFormat::Plain, parse_int).unwrap().1,
            Class::Only(Vi),
            "an integer has no decimal point"
        );
        assert_eq!(read_number("1234", NumberFormat::Vi, parse_int).unwrap().1, Class::Same);
    }
}
