//! Typed rows stored by column: one chunk of a data file, in file order.
//! Text lives in one buffer per column, numbers in plain vectors, so typing a
//! row allocates nothing and a condition can run down a whole column.

use super::value::{Cell, Value};
use crate::pack::{ColumnType, Dataset};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::sync::Arc;

/// Text cells of one column: their bytes end to end, and where each ends.
#[derive(Debug, Clone, Default)]
pub struct TextColumn {
    bytes: String,
    ends: Vec<usize>,
}

impl TextColumn {
    pub fn get(&self, row: usize) -> &str {
        let start = if row == 0 { 0 } else { self.ends[row - 1] };
        &self.bytes[start..self.ends[row]]
    }
    #[inline]
    fn push(&mut self, s: &str) {
        self.bytes.push_str(s);
        self.ends.push(self.bytes.len());
    }
}

#[derive(Debug, Clone)]
pub enum ColumnData {
    Text(TextColumn),
    /// Index into the declared values (shared, so a value costs no allocation).
    Enum(Vec<u16>, Arc<[Arc<str>]>),
    Int(Vec<i64>),
    Dec(Vec<Decimal>),
    Bool(Vec<bool>),
    Date(Vec<NaiveDate>),
}

/// One column of a batch; `nulls` only for optional columns.
#[derive(Debug, Clone)]
pub struct BatchColumn {
    pub data: ColumnData,
    pub nulls: Option<Vec<bool>>,
}

impl BatchColumn {
    pub fn is_null(&self, row: usize) -> bool {
        self.nulls.as_ref().is_some_and(|n| n[row])
    }
}

/// Room for `more` elements after `v`'s (see [`renew`]); also for a
/// result's buffer kept from an earlier window.
pub(crate) fn room<T>(v: &mut Vec<T>, more: usize) {
    if renew(v.len(), v.capacity(), more) {
        *v = Vec::with_capacity(more + more / 8);
    } else {
        v.reserve(more);
    }
}

/// Whether an emptied buffer too small for `more` is better given new
/// memory, an eighth larger (a recycled batch's or result's next chunk is
/// about as long), than grown: growing would copy its old, unused memory
/// first.
fn renew(len: usize, capacity: usize, more: usize) -> bool {
    len == 0 && capacity > 0 && capacity < more
}

/// Rows of one dataset in columns, in the schema's column order.
#[derive(Debug, Clone)]
pub struct Batch {
    pub columns: Vec<BatchColumn>,
    /// The spreadsheet row of each row (header = 1).
    pub lines: Vec<usize>,
}

impl Batch {
    pub fn new(ds: &Dataset) -> Batch {
        Batch::with_capacity(ds, 0)
    }

    /// An empty batch with room for `rows` rows: filling it up to that many
    /// never moves its fixed-size columns (text grows as it comes).
    pub fn with_capacity(ds: &Dataset, rows: usize) -> Batch {
        let columns = ds
            .columns
            .values()
            .map(|c| BatchColumn {
                data: match c.ty {
                    ColumnType::Text => {
                        ColumnData::Text(TextColumn { bytes: String::new(), ends: Vec::with_capacity(rows) })
                    }
                    ColumnType::Enum => ColumnData::Enum(
                        Vec::with_capacity(rows),
                        c.values.iter().map(|v| Arc::from(v.as_str())).collect(),
                    ),
                    ColumnType::Int => ColumnData::Int(Vec::with_capacity(rows)),
                    ColumnType::Decimal => ColumnData::Dec(Vec::with_capacity(rows)),
                    ColumnType::Bool => ColumnData::Bool(Vec::with_capacity(rows)),
                    ColumnType::Date => ColumnData::Date(Vec::with_capacity(rows)),
                },
                nulls: c.optional.then(|| Vec::with_capacity(rows)),
            })
            .collect();
        Batch { columns, lines: Vec::with_capacity(rows) }
    }

    /// Empties the batch, keeping its memory, with room for `rows` rows.
    pub fn clear(&mut self, rows: usize) {
        fn empty<T>(v: &mut Vec<T>, rows: usize) {
            v.clear();
            room(v, rows);
        }
        empty(&mut self.lines, rows);
        for c in &mut self.columns {
            if let Some(n) = &mut c.nulls {
                empty(n, rows);
            }
            match &mut c.data {
                ColumnData::Text(t) => {
                    t.bytes.clear();
                    empty(&mut t.ends, rows);
                }
                ColumnData::Enum(v, _) => empty(v, rows),
                ColumnData::Int(v) => empty(v, rows),
                ColumnData::Dec(v) => empty(v, rows),
                ColumnData::Bool(v) => empty(v, rows),
                ColumnData::Date(v) => empty(v, rows),
            }
        }
    }

    /// Room for `bytes` more bytes of text in each text column.
    pub fn reserve_text(&mut self, bytes: usize) {
        for c in &mut self.columns {
            if let ColumnData::Text(t) = &mut c.data {
                if renew(t.bytes.len(), t.bytes.capacity(), bytes) {
                    t.bytes = String::with_capacity(bytes + bytes / 8);
                } else {
                    t.bytes.reserve(bytes);
                }
            }
        }
    }

    /// A batch from rows of values (a workbook's sheet, a test case).
    pub fn from_values<'v>(ds: &Dataset, rows: impl Iterator<Item = (usize, &'v [Value])>) -> Batch {
        let mut b = Batch::new(ds);
        let cols: Vec<&crate::pack::Column> = ds.columns.values().collect();
        for (line, values) in rows {
            for (k, v) in values.iter().enumerate() {
                let cell = match v {
                    Value::Null => Cell::Null,
                    Value::Bool(x) => Cell::Bool(*x),
                    Value::Int(i) => Cell::Int(*i),
                    Value::Dec(d) => Cell::Dec(*d),
                    Value::Date(d) => Cell::Date(*d),
                    Value::Text(t) if cols[k].ty == ColumnType::Enum => {
                        Cell::Enum(cols[k].values.iter().position(|x| **x == **t).unwrap_or(0) as u16)
                    }
                    Value::Text(t) => Cell::Text(std::borrow::Cow::Borrowed(t)),
                };
                b.push_cell(k, &cell);
            }
            b.end_row(line);
        }
        b
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// The bytes of a text column's cells together (0 for other columns).
    pub fn text_bytes(&self, col: usize) -> usize {
        match &self.columns[col].data {
            ColumnData::Text(t) => t.bytes.len(),
            _ => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Appends a row of typed cells, one per schema column.
    pub fn push(&mut self, line: usize, cells: &[Cell]) {
        for (k, cell) in cells.iter().enumerate() {
            self.push_cell(k, cell);
        }
        self.lines.push(line);
    }

    /// Appends one cell of the row being built; [`Batch::end_row`] or
    /// [`Batch::drop_row`] completes it. Always inlined: the reader's loop
    /// then stores the cell it has just typed without a call (whole-program
    /// optimisation did not inline it, and 2,000,000 titles took 3 % longer
    /// than with the release profile).
    #[inline(always)]
    pub fn push_cell(&mut self, col: usize, cell: &Cell) {
        let col = &mut self.columns[col];
        if let Some(n) = &mut col.nulls {
            n.push(matches!(cell, Cell::Null));
        }
        match (&mut col.data, cell) {
            (ColumnData::Text(t), Cell::Text(s)) => t.push(s),
            (ColumnData::Text(t), _) => t.push(""),
            (ColumnData::Enum(v, _), Cell::Enum(i)) => v.push(*i),
            (ColumnData::Enum(v, _), _) => v.push(0),
            (ColumnData::Int(v), Cell::Int(i)) => v.push(*i),
            (ColumnData::Int(v), _) => v.push(0),
            (ColumnData::Dec(v), Cell::Dec(d)) => v.push(*d),
            (ColumnData::Dec(v), _) => v.push(Decimal::ZERO),
            (ColumnData::Bool(v), Cell::Bool(b)) => v.push(*b),
            (ColumnData::Bool(v), _) => v.push(false),
            (ColumnData::Date(v), Cell::Date(d)) => v.push(*d),
            (ColumnData::Date(v), _) => v.push(NaiveDate::MIN),
        }
    }

    pub fn end_row(&mut self, line: usize) {
        self.lines.push(line);
    }

    /// Forgets the cells pushed since the last complete row.
    pub fn drop_row(&mut self) {
        let n = self.lines.len();
        for c in &mut self.columns {
            if let Some(nulls) = &mut c.nulls {
                nulls.truncate(n);
            }
            match &mut c.data {
                ColumnData::Text(t) => {
                    t.ends.truncate(n);
                    let end = t.ends.last().copied().unwrap_or(0);
                    t.bytes.truncate(end);
                }
                ColumnData::Enum(v, _) => v.truncate(n),
                ColumnData::Int(v) => v.truncate(n),
                ColumnData::Dec(v) => v.truncate(n),
                ColumnData::Bool(v) => v.truncate(n),
                ColumnData::Date(v) => v.truncate(n),
            }
        }
    }

    /// A new batch with the given rows, in that order.
    pub fn select(&self, rows: &[usize]) -> Batch {
        let columns = self
            .columns
            .iter()
            .map(|c| BatchColumn {
                data: match &c.data {
                    ColumnData::Text(t) => {
                        let mut out = TextColumn::default();
                        for &r in rows {
                            out.push(t.get(r));
                        }
                        ColumnData::Text(out)
                    }
                    ColumnData::Enum(v, names) => ColumnData::Enum(rows.iter().map(|&r| v[r]).collect(), names.clone()),
                    ColumnData::Int(v) => ColumnData::Int(rows.iter().map(|&r| v[r]).collect()),
                    ColumnData::Dec(v) => ColumnData::Dec(rows.iter().map(|&r| v[r]).collect()),
                    ColumnData::Bool(v) => ColumnData::Bool(rows.iter().map(|&r| v[r]).collect()),
                    ColumnData::Date(v) => ColumnData::Date(rows.iter().map(|&r| v[r]).collect()),
                },
                nulls: c.nulls.as_ref().map(|n| rows.iter().map(|&r| n[r]).collect()),
            })
            .collect();
        Batch { columns, lines: rows.iter().map(|&r| self.lines[r]).collect() }
    }

    /// The cell of `col` in `row` as a [`Value`].
    pub fn value(&self, col: usize, row: usize) -> Value {
        let c = &self.columns[col];
        if c.is_null(row) {
            return Value::Null;
        }
        match &c.data {
            ColumnData::Text(t) => Value::text(t.get(row)),
            ColumnData::Enum(v, names) => Value::Text(names[v[row] as usize].clone()),
            ColumnData::Int(v) => Value::Int(v[row]),
            ColumnData::Dec(v) => Value::Dec(v[row]),
            ColumnData::Bool(v) => Value::Bool(v[row]),
            ColumnData::Date(v) => Value::Date(v[row]),
        }
    }

    /// A whole row as values, in schema order.
    pub fn row_values(&self, row: usize) -> Vec<Value> {
        (0..self.columns.len()).map(|c| self.value(c, row)).collect()
    }

    /// The text of a text or enum cell, without allocating.
    pub fn text(&self, col: usize, row: usize) -> Option<&str> {
        match &self.columns[col].data {
            ColumnData::Text(t) => Some(t.get(row)),
            ColumnData::Enum(v, names) => Some(&names[v[row] as usize]),
            _ => None,
        }
    }
}
