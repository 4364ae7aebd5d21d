//! What changed between two workbooks, cell by cell: an auditor holding a
//! published workbook that no longer matches its manifest is told the
//! sheet, the cell, the value recorded and the value found, or that the
//! file was only saved again (its bytes differ, no cell's value does).

use calamine::{Data, Reader};

/// One cell whose value differs: `Sheet!B7`, as recorded and as found;
/// or (`cell` without `!`) a sheet only one side has.
#[derive(Debug, Clone, PartialEq)]
pub struct CellChange {
    pub cell: String,
    pub recorded: String,
    pub found: String,
}

impl CellChange {
    /// The change in the reader's words.
    pub fn render(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Lang;
        let shown =
            |v: &str| if v.is_empty() { lang.pick("(trống)", "(empty)").to_string() } else { format!("`{v}`") };
        match (self.cell.contains('!'), lang) {
            (true, Lang::Vi) => {
                format!("{}: bản ghi {}, tệp có {}", self.cell, shown(&self.recorded), shown(&self.found))
            }
            (true, Lang::En) => {
                format!("{}: recorded {}, found {}", self.cell, shown(&self.recorded), shown(&self.found))
            }
            (false, Lang::Vi) if self.found.is_empty() => format!("trang tính {} không còn trong tệp", self.cell),
            (false, Lang::Vi) => format!("trang tính {} không có trong bản ghi", self.cell),
            (false, Lang::En) if self.found.is_empty() => format!("sheet {} is no longer in the file", self.cell),
            (false, Lang::En) => format!("sheet {} is not in the recorded workbook", self.cell),
        }
    }
}

/// The cells whose values differ between `recorded` and `found` (sheets
/// compared by name; a sheet only one side has is one change at `A1`), or
/// `None` when either is not a workbook calamine reads.
pub fn changes(recorded: &[u8], found: &[u8]) -> Option<Vec<CellChange>> {
    let open = |b: &[u8]| calamine::open_workbook_auto_from_rs(std::io::Cursor::new(b.to_vec())).ok();
    let (mut a, mut b) = (open(recorded)?, open(found)?);
    let mut names = a.sheet_names();
    for n in b.sheet_names() {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    let mut out = Vec::new();
    for name in names {
        let (ra, rb) = (a.worksheet_range(&name).ok(), b.worksheet_range(&name).ok());
        let (Some(ra), Some(rb)) = (ra, rb) else {
            out.push(CellChange {
                cell: name.clone(),
                recorded: presence(a.sheet_names().contains(&name)),
                found: presence(b.sheet_names().contains(&name)),
            });
            continue;
        };
        let (ea, eb) = (ra.end().unwrap_or((0, 0)), rb.end().unwrap_or((0, 0)));
        for row in 0..=ea.0.max(eb.0) {
            for col in 0..=ea.1.max(eb.1) {
                let x = ra.get_value((row, col)).unwrap_or(&Data::Empty);
                let y = rb.get_value((row, col)).unwrap_or(&Data::Empty);
                if x != y {
                    out.push(CellChange {
                        cell: format!("{name}!{}{}", crate::data::workbook::column_letters(col), row + 1),
                        recorded: x.to_string(),
                        found: y.to_string(),
                    });
                }
            }
        }
    }
    Some(out)
}

/// Non-empty when the sheet is there (see [`CellChange::render`]).
fn presence(there: bool) -> String {
    if there {
        "+".into()
    } else {
        String::new()
    }
}
