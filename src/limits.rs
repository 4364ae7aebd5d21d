//! Resource limits on inputs: each has a default, a command-line override,
//! and a clear error when hit. They keep a mangled or hostile file from
//! exhausting the machine.

/// Limits on data files.
#[derive(Debug, Clone, Copy)]
pub struct DataLimits {
    /// Largest data file accepted, in bytes (`--max-file-mb`).
    pub max_file_bytes: u64,
    /// Most data rows per file (`--max-rows`).
    pub max_rows: usize,
    /// Longest cell, in bytes (`--max-field-kb`); also bounds a line.
    pub max_field_bytes: usize,
}

impl Default for DataLimits {
    fn default() -> Self {
        DataLimits { max_file_bytes: 2048 * 1024 * 1024, max_rows: 20_000_000, max_field_bytes: 64 * 1024 }
    }
}

impl DataLimits {
    /// A line may hold many cells, but no more than this.
    pub fn max_line_bytes(&self) -> usize {
        self.max_field_bytes.saturating_mul(64).max(1024 * 1024)
    }
}

/// The largest rule-pack file (YAML or Rhai) accepted: packs are written by
/// people, so anything bigger is a mistake or an attack.
pub const MAX_PACK_FILE_BYTES: u64 = 8 * 1024 * 1024;
