//! Files a pack names, read only from inside the pack's folder.

use std::path::{Path, PathBuf};

/// Reads a file named by a pack, refusing any path that leaves the pack
/// folder (`..`, absolute paths, symbolic links pointing out).
pub fn read_confined(dir: &Path, name: &str) -> Option<(PathBuf, String)> {
    let rel = Path::new(name);
    if rel.is_absolute() {
        return None;
    }
    let root = dir.canonicalize().ok()?;
    let full = dir.join(rel).canonicalize().ok()?;
    if !full.starts_with(&root) || !full.is_file() {
        return None;
    }
    if full.metadata().ok()?.len() > crate::limits::MAX_PACK_FILE_BYTES {
        return None;
    }
    let text = std::fs::read_to_string(&full).ok()?;
    Some((dir.join(rel), text))
}
