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

/// A temporary file beside `path` to write a result into, refused when
/// `path` is one of the inputs. [`commit`] renames it over `path`.
pub fn begin(path: &Path, inputs: &[PathBuf]) -> Result<tempfile::NamedTempFile, OutputError> {
    if inputs.iter().any(|i| same_file(i, path)) {
        return Err(OutputError::WouldOverwriteInput(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    tempfile::NamedTempFile::new_in(dir).map_err(|e| write_error(path, e))
}

fn write_error(path: &Path, e: std::io::Error) -> OutputError {
    OutputError::Write { path: path.to_path_buf(), detail: e.to_string() }
}

/// Makes a file started with [`begin`] durable and puts it in place, so a
/// reader sees the old file or the new one, never half of one.
pub fn commit(tmp: tempfile::NamedTempFile, path: &Path) -> Result<(), OutputError> {
    tmp.as_file().sync_all().map_err(|e| write_error(path, e))?;
    tmp.persist(path).map_err(|e| write_error(path, e.error))?;
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over
/// `path`.
pub fn write_atomic(path: &Path, bytes: &[u8], inputs: &[PathBuf]) -> Result<(), OutputError> {
    let mut tmp = begin(path, inputs)?;
    tmp.write_all(bytes).map_err(|e| write_error(path, e))?;
    commit(tmp, path)
}
