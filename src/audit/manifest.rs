//! The manifest of a run: what produced a result, hash by hash, so that an
//! auditor can prove it months later with `thidua verify`.

use serde::{Deserialize, Serialize};

/// A file and its sha256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileHash {
    pub path: String,
    pub sha256: String,
}

/// Everything needed to re-run a command exactly. Field order is the JSON
/// key order, so the file is stable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    pub command: String,
    pub pack: String,
    pub data: Vec<String>,
    /// The evaluation date actually used (resolved from the pack if not given).
    pub as_of: String,
    pub lang: String,
    pub format: String,
    pub explain: bool,
    #[serde(default)]
    pub by_decider: bool,
    /// `--by-subject`; absent from manifests written without it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_subject: bool,
    pub awards: Vec<String>,
    pub subjects: Vec<String>,
    pub scorecard: Option<String>,
    pub groups: Vec<String>,
    pub max_operations: u64,
    #[serde(default)]
    pub max_file_bytes: Option<u64>,
    #[serde(default)]
    pub max_rows: Option<usize>,
    #[serde(default)]
    pub max_field_bytes: Option<usize>,
    #[serde(default)]
    pub encoding: crate::limits::TextEncoding,
    #[serde(default)]
    pub sheet: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Engine {
    pub name: String,
    pub version: String,
    /// How rules are evaluated: the script engine and its build features.
    pub features: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackInfo {
    pub id: String,
    pub version: Option<String>,
    pub files: Vec<FileHash>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Output {
    /// `null` for standard output.
    pub path: Option<String>,
    pub kind: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub manifest_version: u32,
    pub engine: Engine,
    pub pack: PackInfo,
    pub data: Vec<FileHash>,
    pub options: Options,
    pub outputs: Vec<Output>,
}

pub fn engine() -> Engine {
    Engine {
        name: "thidua".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        features: vec!["rhai-1 (decimal, no_float, no_module, no_time, sync)".into(), "rust_decimal-1".into()],
    }
}

pub fn hash_files<'a>(paths: impl IntoIterator<Item = &'a std::path::Path>) -> Vec<FileHash> {
    paths
        .into_iter()
        .map(|p| FileHash { path: p.display().to_string(), sha256: super::sha256_file(p).unwrap_or_default() })
        .collect()
}

impl Manifest {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}
