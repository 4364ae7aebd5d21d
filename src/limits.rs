//! Resource limits on inputs: each has a default, a command-line override,
//! and a clear error when hit. They keep a mangled or hostile file from
//! exhausting the machine.

/// The text encoding of a CSV file (`--encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum TextEncoding {
    /// UTF-8; UTF-16 when the file starts with its byte-order mark; otherwise
    /// Windows-1258, what Vietnamese Excel writes for "CSV".
    #[default]
    Auto,
    #[cfg_attr(feature = "cli", value(name = "utf-8"))]
    Utf8,
    #[cfg_attr(feature = "cli", value(name = "utf-16"))]
    Utf16,
    #[cfg_attr(feature = "cli", value(name = "windows-1258"))]
    Windows1258,
}

/// How data files are read: limits on their size, their text encoding, the
/// sheet of a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataLimits {
    /// Largest data file accepted, in bytes (`--max-file-mb`).
    pub max_file_bytes: u64,
    /// Most data rows per file (`--max-rows`).
    pub max_rows: usize,
    /// Longest cell, in bytes (`--max-field-kb`); also bounds a line.
    pub max_field_bytes: usize,
    pub encoding: TextEncoding,
    /// The sheet to read from workbooks (`--sheet`); default: the first whose
    /// top rows hold the dataset's key column.
    pub sheet: Option<String>,
    /// The sheet of one dataset's workbook, chosen for it (the page's sheet
    /// chooser); before `sheet`.
    pub sheets: std::collections::BTreeMap<String, String>,
}

impl Default for DataLimits {
    fn default() -> Self {
        DataLimits {
            max_file_bytes: 2048 * 1024 * 1024,
            max_rows: 20_000_000,
            max_field_bytes: 64 * 1024,
            encoding: TextEncoding::Auto,
            sheet: None,
            sheets: Default::default(),
        }
    }
}

impl DataLimits {
    /// The sheet to read for `dataset`'s workbook, if one was chosen.
    pub fn sheet_of(&self, dataset: &str) -> Option<&str> {
        self.sheets.get(dataset).or(self.sheet.as_ref()).map(String::as_str)
    }

    /// A line may hold many cells, but no more than this.
    pub fn max_line_bytes(&self) -> usize {
        self.max_field_bytes.saturating_mul(64).max(1024 * 1024)
    }
}

/// The largest rule-pack file (YAML or Rhai) accepted: packs are written by
/// people, so anything bigger is a mistake or an attack.
pub const MAX_PACK_FILE_BYTES: u64 = 8 * 1024 * 1024;
