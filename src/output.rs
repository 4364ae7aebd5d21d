//! Writing results: whole or not at all, and never over an input.

use crate::i18n::{Lang, Localized};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputError {
    /// A binary format (xlsx) cannot go to the terminal.
    NeedsFile,
    WouldOverwriteInput(PathBuf),
    Write {
        path: PathBuf,
        detail: String,
    },
}

impl Localized for OutputError {
    fn render(&self, lang: Lang) -> String {
        match self {
            OutputError::NeedsFile => {
                lang.pick("--format xlsx cần --output TEP.xlsx", "--format xlsx needs --output FILE.xlsx").to_string()
            }
            OutputError::WouldOverwriteInput(p) => match lang {
                Lang::Vi => format!("{}: tệp kết quả trùng với một tệp đầu vào; không ghi đè dữ liệu gốc", p.display()),
                Lang::En => format!("{}: the output file is one of the inputs; refusing to overwrite it", p.display()),
            },
            OutputError::Write { path, detail } => match lang {
                Lang::Vi => format!("{}: không ghi được tệp kết quả: {detail}", path.display()),
                Lang::En => format!("{}: cannot write the output: {detail}", path.display()),
            },
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over
/// `path`, so a reader sees the old file or the new one, never half of one.
pub fn write_atomic(path: &Path, bytes: &[u8], inputs: &[PathBuf]) -> Result<(), OutputError> {
    if inputs.iter().any(|i| same_file(i, path)) {
        return Err(OutputError::WouldOverwriteInput(path.to_path_buf()));
    }
    let err = |e: std::io::Error| OutputError::Write { path: path.to_path_buf(), detail: e.to_string() };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}
