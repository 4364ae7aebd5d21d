//! A pack's YAML files as the loader reads them: each file's text with the
//! positions of its nodes, values read with the exact place of a mistake,
//! and the list errors gather in (every part of the loader and its checks
//! share these; the loading itself is `load.rs`).

use super::err::{PackError, PackErrorKind as K};
use super::spans::Spans;
use crate::location::Location;
use std::path::{Path, PathBuf};

/// One YAML file of a pack, with the index of its node positions.
pub(crate) struct Source {
    pub path: PathBuf,
    pub spans: Spans,
}

impl Source {
    pub fn at(&self, pos: (usize, usize)) -> Location {
        Location::at(&self.path, pos.0, pos.1)
    }
    pub fn loc(&self, path: &str) -> Location {
        self.at(self.spans.nearest(path))
    }
    /// Where a scalar's text begins, for positions inside it (Rhai errors).
    pub fn text_loc(&self, path: &str) -> Location {
        match self.spans.text_start(path) {
            Some(p) => self.at(p),
            None => self.value_loc(path),
        }
    }
    pub fn value_loc(&self, path: &str) -> Location {
        self.at(self.spans.value_or_nearest(path))
    }
}

/// A pack's errors, and what the author declared that could not be read.
#[derive(Default)]
pub(crate) struct Errors(pub Vec<PackError>, Vec<(super::err::Thing, String)>);

impl Errors {
    pub fn push(&mut self, loc: Location, kind: K) {
        // A thing declared but unreadable has its own error already: a
        // reference to it is not a second one ("no dataset `don_vi`").
        if let K::Unknown { what, name, .. } = &kind {
            if self.1.iter().any(|(w, n)| w == what && n == name) {
                return;
            }
        }
        self.0.push(PackError::new(loc, kind));
    }

    /// `name` was declared, but its declaration was refused.
    pub fn unreadable(&mut self, what: super::err::Thing, name: &str) {
        self.1.push((what, name.to_string()));
    }

    pub fn take_unreadable(&mut self) -> Vec<(super::err::Thing, String)> {
        std::mem::take(&mut self.1)
    }
}

/// Reads a YAML file of the pack in `root`: text, node positions, and the
/// serde value tree. A file that is not the pack's own (a link leading out
/// of its folder, a device) is refused unread, so that its contents never
/// reach a message.
pub(crate) fn read_yaml(root: &Path, path: &Path) -> Result<(Source, serde_yaml::Value), PackError> {
    let inside = match (root.canonicalize(), path.canonicalize()) {
        (Ok(r), Ok(p)) => p.starts_with(&r) && p.is_file(),
        _ => false,
    };
    if !inside {
        return Err(PackError::new(Location::file(path), K::FileOutsidePack));
    }
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > crate::limits::MAX_PACK_FILE_BYTES {
        return Err(PackError::new(Location::file(path), K::FileTooLarge(crate::limits::MAX_PACK_FILE_BYTES)));
    }
    let bytes = std::fs::read(path).map_err(|e| PackError::new(Location::file(path), K::Io(e.to_string())))?;
    let text = String::from_utf8(bytes).map_err(|_| PackError::new(Location::file(path), K::NotUtf8))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // Two parsers of the same text, run side by side: positions, then values.
    let (spans, value) = rayon::join(|| Spans::index(text), || serde_yaml::from_str::<serde_yaml::Value>(text));
    let spans = spans.map_err(|e| PackError::new(Location::at(path, e.pos.0, e.pos.1), K::Syntax(e.message)))?;
    let value = value.map_err(|e| {
        let loc = match e.location() {
            Some(l) => Location::at(path, l.line(), l.column()),
            None => Location::file(path),
        };
        PackError::new(loc, K::Syntax(e.to_string()))
    })?;
    Ok((Source { path: path.to_path_buf(), spans }, value))
}

/// Deserializes one node, naming the exact place of a structural error.
pub(crate) fn typed<T: serde::de::DeserializeOwned>(
    src: &Source,
    base: &str,
    value: serde_yaml::Value,
) -> Result<T, PackError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let inner = e.path().to_string();
        let full = match (base.is_empty(), inner.as_str()) {
            (_, ".") | (_, "") => base.to_string(),
            (true, p) => p.to_string(),
            (false, p) if p.starts_with('[') => format!("{base}{p}"),
            (false, p) => format!("{base}.{p}"),
        };
        PackError::new(src.loc(&full), K::Structure(e.into_inner().to_string()))
    })
}
