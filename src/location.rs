//! Where in an input a problem is: a file and, when known, a line and column
//! (YAML, Rhai) or a spreadsheet row and column name (CSV).

use crate::i18n::Lang;
use std::fmt::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub file: PathBuf,
    /// 1-based line (YAML/Rhai) or spreadsheet row (CSV: the header is row 1).
    pub line: Option<usize>,
    /// 1-based column number in text files.
    pub column: Option<usize>,
    /// The column name, for tabular data.
    pub field: Option<String>,
    /// A spreadsheet cell reference, `Sheet1!C7`, for workbooks.
    pub sheet_cell: Option<String>,
}

impl Location {
    pub fn file(file: impl AsRef<Path>) -> Self {
        Location { file: file.as_ref().to_path_buf(), ..Default::default() }
    }

    /// The file position of (line, column) inside a text that starts here
    /// (a condition in YAML: block scalars and `.rhai` files keep columns).
    pub fn inside(&self, line: usize, column: usize) -> Location {
        let (l0, c0) = (self.line.unwrap_or(1), self.column.unwrap_or(1));
        let (l, c) = if line <= 1 { (l0, c0 + column - 1) } else { (l0 + line - 1, column + c0 - 1) };
        Location::at(&self.file, l, c)
    }

    pub fn at(file: impl AsRef<Path>, line: usize, column: usize) -> Self {
        Location {
            file: file.as_ref().to_path_buf(),
            line: Some(line),
            column: Some(column),
            field: None,
            sheet_cell: None,
        }
    }

    /// A whole row of a table.
    pub fn row(file: impl AsRef<Path>, row: usize) -> Self {
        Location { file: file.as_ref().to_path_buf(), line: Some(row), column: None, field: None, sheet_cell: None }
    }

    pub fn cell(file: impl AsRef<Path>, row: usize, field: impl Into<String>) -> Self {
        Location {
            file: file.as_ref().to_path_buf(),
            line: Some(row),
            column: None,
            field: Some(field.into()),
            sheet_cell: None,
        }
    }

    /// `file:line:col` for text, `file, dòng N, cột "x"` for tables,
    /// `file, Sheet1!C7, cột "x"` for workbooks.
    pub fn render(&self, lang: Lang) -> String {
        let mut s = self.file.display().to_string();
        if let Some(cell) = &self.sheet_cell {
            let _ = write!(s, ", {cell}");
            if let Some(field) = &self.field {
                let _ = write!(s, ", {} \"{field}\"", lang.pick("cột", "column"));
            }
            return s;
        }
        match (&self.field, self.line, self.column) {
            (Some(field), Some(row), _) => {
                let _ = write!(s, ", {} {row}, {} \"{field}\"", lang.pick("dòng", "row"), lang.pick("cột", "column"));
            }
            (Some(field), None, _) => {
                let _ = write!(s, ", {} \"{field}\"", lang.pick("cột", "column"));
            }
            (None, Some(line), Some(col)) => {
                let _ = write!(s, ":{line}:{col}");
            }
            (None, Some(row), None) => {
                let _ = write!(s, ", {} {row}", lang.pick("dòng", "row"));
            }
            _ => {}
        }
        s
    }
}
