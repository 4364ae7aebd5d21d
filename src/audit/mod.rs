//! Audit: manifests of runs, re-verification, differences between results,
//! and decision traces.

pub mod cells;
pub mod diff;
pub mod manifest;
pub mod trace;

use sha2::{Digest, Sha256};

/// The sha256 of some bytes, as lowercase hex.
pub fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// The sha256 of a file, or `None` when it cannot be read.
pub fn sha256_file(path: &std::path::Path) -> Option<String> {
    std::fs::read(path).ok().map(|b| sha256(&b))
}

/// Why a file named by a manifest could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    Missing,
    /// A device, pipe or folder: never read (`/dev/zero` would not end).
    NotRegular,
    TooLarge,
    Unreadable(String),
}

impl FileProblem {
    pub fn render(&self, lang: crate::i18n::Lang) -> String {
        match self {
            FileProblem::Missing => lang.pick("không có tệp", "no such file").into(),
            FileProblem::NotRegular => lang
                .pick(
                    "không phải tệp thường (thiết bị, ống hay thư mục): không đọc",
                    "not a regular file (a device, pipe or folder): not read",
                )
                .into(),
            FileProblem::TooLarge => lang.pick("tệp quá lớn", "file too large").into(),
            FileProblem::Unreadable(e) => format!("{}: {e}", lang.pick("không đọc được", "cannot read")),
        }
    }
}

/// A regular file's bytes, up to `max` bytes; anything else is refused
/// without being opened for reading.
pub fn read_regular(path: &std::path::Path, max: u64) -> Result<Vec<u8>, FileProblem> {
    let m = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(FileProblem::Missing),
        Err(e) => return Err(FileProblem::Unreadable(e.to_string())),
    };
    if !m.is_file() {
        return Err(FileProblem::NotRegular);
    }
    if m.len() > max {
        return Err(FileProblem::TooLarge);
    }
    let mut bytes = Vec::with_capacity(m.len() as usize);
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| FileProblem::Unreadable(e.to_string()))?;
    f.take(max + 1).read_to_end(&mut bytes).map_err(|e| FileProblem::Unreadable(e.to_string()))?;
    if bytes.len() as u64 > max {
        return Err(FileProblem::TooLarge);
    }
    Ok(bytes)
}
