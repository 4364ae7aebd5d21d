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
    /// `--stage`; absent when the run scored every stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
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
    /// Sheets chosen per dataset; absent when none was (older manifests,
    /// fingerprints unchanged).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub sheets: std::collections::BTreeMap<String, String>,
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
    /// The folder the run was made in, relative to the manifest's own
    /// folder: every path below is relative to it, so `verify` works from
    /// anywhere. Absent in version 1 manifests (paths relative to the
    /// folder `verify` is run from).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_dir: Option<String>,
    pub pack: PackInfo,
    pub data: Vec<FileHash>,
    pub options: Options,
    pub outputs: Vec<Output>,
    /// What the run printed as warnings, in its language: what it left out
    /// for lack of data, cells worth a look. Derived from the inputs, so not
    /// part of the fingerprint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// The manifest version this thidua writes.
pub const VERSION: u32 = 2;

pub fn engine() -> Engine {
    Engine {
        name: "thidua".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        features: vec!["rhai-1 (decimal, no_float, no_module, no_time, sync)".into(), "rust_decimal-1".into()],
    }
}

pub fn hash_files<'a>(paths: impl IntoIterator<Item = &'a std::path::Path>) -> Vec<FileHash> {
    hash_files_as(paths, |p| p.display().to_string())
}

/// [`hash_files`], each file recorded under the name `name` gives it.
pub fn hash_files_as<'a>(
    paths: impl IntoIterator<Item = &'a std::path::Path>,
    name: impl Fn(&std::path::Path) -> String,
) -> Vec<FileHash> {
    paths.into_iter().map(|p| FileHash { path: name(p), sha256: super::sha256_file(p).unwrap_or_default() }).collect()
}

impl Manifest {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The run's fingerprint ("mã kiểm chứng"): the sha256 of the canonical
    /// JSON of everything that decides the result — engine, pack files,
    /// data files, options — but not the outputs' hashes, so that a report
    /// can print it in its own footer. Printed on the signed paper, it fixes
    /// which manifest is the true one: a manifest re-forged with other
    /// inputs has another fingerprint (`verify --expect`), and the outputs
    /// are checked by re-running, whatever the manifest claims for them.
    pub fn fingerprint(&self) -> String {
        fingerprint(self.manifest_version, &self.engine, &self.pack, &self.data, &self.options)
    }
}

/// See [`Manifest::fingerprint`]; computed before a report is rendered, so
/// that it can print it.
pub fn fingerprint(version: u32, engine: &Engine, pack: &PackInfo, data: &[FileHash], options: &Options) -> String {
    let canonical = serde_json::json!({
        "manifest_version": version,
        "engine": engine,
        "pack": pack,
        "data": data,
        "options": options,
    });
    super::sha256(serde_json::to_string(&canonical).unwrap_or_default().as_bytes())
}

/// The folder of the run (the current one) relative to the manifest's.
pub fn run_dir(manifest: &std::path::Path) -> Option<String> {
    let cwd = std::env::current_dir().ok()?.canonicalize().ok()?;
    let dir = match manifest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let dir = dir.canonicalize().ok()?;
    let rel = pathdiff::diff_paths(&cwd, &dir)?;
    Some(if rel.as_os_str().is_empty() { ".".into() } else { rel.display().to_string() })
}
