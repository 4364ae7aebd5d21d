//! Runs `check` and `score` for a request exactly as the command line does:
//! the uploaded files are written into a temporary folder (removed when the
//! run is done), the CLI's own functions read them and write the result and
//! its manifest there, and the bytes are handed back. Nothing is kept.

use crate::app::{self, CheckArgs, Outputs, ScoreArgs};
use crate::i18n::Lang;
use crate::limits::DataLimits;
use crate::report::Format;
use crate::script::ScriptLimits;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// One data file of a request: the dataset it is for, the name it was
/// uploaded under, its bytes.
pub struct Upload {
    pub dataset: String,
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What a request asks to run.
pub struct Request<'a> {
    pub pack: &'a Path,
    pub files: Vec<Upload>,
    pub awards: Vec<String>,
    pub subjects: Vec<String>,
    pub as_of: Option<NaiveDate>,
    pub format: Format,
    pub explain: bool,
    pub lang: Lang,
    pub limits: &'a ScriptLimits,
    pub data_limits: &'a DataLimits,
}

/// A finished run: the result's bytes and the manifest written beside it.
pub struct Done {
    pub result: Vec<u8>,
    pub manifest: String,
    pub fingerprint: String,
}

/// A run that failed: the messages as the CLI prints them (uploaded files
/// named as uploaded), and its exit code.
pub struct Failed {
    pub message: String,
    pub code: i32,
}

/// A file name safe to write into the temporary folder: the uploaded name's
/// last component, without characters a path could use to escape.
fn safe_name(name: &str, dataset: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String =
        base.chars().filter(|c| !c.is_control() && !matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|')).collect();
    let clean = clean.trim_start_matches('.').to_string();
    if clean.is_empty() {
        format!("{dataset}.csv")
    } else {
        clean
    }
}

/// Writes the uploads into `dir` (one subfolder per dataset, so that two
/// files uploaded under one name stay apart) and returns `--data` values.
fn write_uploads(dir: &Path, files: &[Upload]) -> std::io::Result<Vec<String>> {
    let mut data = Vec::new();
    for f in files {
        let sub = dir.join(&f.dataset);
        std::fs::create_dir_all(&sub)?;
        let path = sub.join(safe_name(&f.name, &f.dataset));
        std::fs::write(&path, &f.bytes)?;
        data.push(format!("{}={}", f.dataset, path.display()));
    }
    Ok(data)
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::Xlsx => "xlsx",
        Format::Html => "html",
        Format::Table => "txt",
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Md => "md",
    }
}

/// Runs `check` (or `score` with `scorecard`) and returns what it wrote.
pub fn run(req: &Request, scorecard: Option<Option<String>>) -> Result<Done, Failed> {
    let io_failed = |e: std::io::Error| Failed { message: e.to_string(), code: app::exit::OUTPUT };
    let tmp = tempfile::Builder::new().prefix("thidua-serve-").tempdir().map_err(io_failed)?;
    let dir = tmp.path();
    let data = write_uploads(dir, &req.files).map_err(io_failed)?;
    let out = dir.join(format!("ket_qua.{}", extension(req.format)));
    let manifest = dir.join("manifest.json");
    let outputs = Outputs { output: Some(out.clone()), trace: None, manifest: Some(manifest.clone()), stamp: false };
    let result = match scorecard {
        None => app::check(&CheckArgs {
            pack: req.pack.to_path_buf(),
            data,
            awards: req.awards.clone(),
            subjects: req.subjects.clone(),
            as_of: req.as_of,
            format: req.format,
            explain: req.explain,
            by_decider: false,
            by_subject: false,
            outputs,
            lang: req.lang,
            limits: *req.limits,
            data_limits: req.data_limits.clone(),
        }),
        Some(scorecard) => app::score(&ScoreArgs {
            pack: req.pack.to_path_buf(),
            data,
            scorecard,
            groups: Vec::new(),
            as_of: req.as_of,
            format: req.format,
            explain: req.explain,
            outputs,
            lang: req.lang,
            limits: *req.limits,
            data_limits: req.data_limits.clone(),
        }),
    };
    if let Err(e) = result {
        return Err(Failed { message: unplace(&e.render(req.lang), dir), code: e.exit_code() });
    }
    let bytes = std::fs::read(&out).map_err(io_failed)?;
    let manifest_text = std::fs::read_to_string(&manifest).map_err(io_failed)?;
    let fingerprint = serde_json::from_str::<crate::audit::manifest::Manifest>(&manifest_text)
        .map(|m| m.fingerprint())
        .unwrap_or_default();
    Ok(Done { result: bytes, manifest: unplace(&manifest_text, dir), fingerprint })
}

/// Names uploaded files as uploaded: the temporary folder is no place a
/// reader knows.
fn unplace(text: &str, dir: &Path) -> String {
    let prefix = format!("{}/", dir.display());
    let mut s = text.replace(&prefix, "");
    // Each dataset's subfolder: `ca_nhan/ds.csv` reads as the upload `ds.csv`.
    if let Ok(canon) = dir.canonicalize() {
        s = s.replace(&format!("{}/", canon.display()), "");
    }
    s
}

/// Where a pack folder is, checked to be one of the served packs.
pub fn pack_dir(root: &Path, id: &str, packs: &[String]) -> Option<PathBuf> {
    packs.iter().any(|p| p == id).then(|| root.join(id))
}

#[cfg(test)]
mod tests {
    #[test]
    fn uploaded_names_cannot_leave_the_folder() {
        assert_eq!(super::safe_name("../../etc/passwd", "ca_nhan"), "passwd");
        assert_eq!(super::safe_name("C:\\Users\\a\\ds.xlsx", "ca_nhan"), "ds.xlsx");
        assert_eq!(super::safe_name("..", "ca_nhan"), "ca_nhan.csv");
        assert_eq!(super::safe_name("", "ca_nhan"), "ca_nhan.csv");
    }
}
