//! Audit: manifests of runs, re-verification, differences between results,
//! and decision traces.

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
