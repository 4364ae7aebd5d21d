//! Runs `check` and `score` for a request exactly as the command line does:
//! the uploaded files are written into a temporary folder (removed when the
//! run is done), the CLI's own functions read them, and the result and its
//! manifest are handed back. Nothing is kept.
//!
//! The manifest names every file as a bundle of the run holds it — the pack
//! under its folder name, each upload under `du-lieu/<dataset>/<name>` — so
//! the code printed on the paper is the one `thidua verify --expect` checks
//! against the downloaded bundle, on any machine.

use crate::app::{self, CheckArgs, Outputs, RunArgs, ScoreArgs};
use crate::audit::manifest::Output;
use crate::i18n::Lang;
use crate::limits::DataLimits;
use crate::report::Format;
use crate::script::ScriptLimits;
use chrono::NaiveDate;
use std::path::Path;

/// One data file of a request: the dataset it is for, the name it was
/// uploaded under, its bytes.
#[derive(Clone)]
pub struct Upload {
    pub dataset: String,
    pub name: String,
    pub bytes: axum::body::Bytes,
}

/// What a request asks to run.
pub struct Request<'a> {
    pub pack: &'a Path,
    /// The folder of the served packs: the pack is recorded by its name in it.
    pub root: &'a Path,
    /// The pack as the server compiled it at start, from `pack`, and its
    /// files' hashes then.
    pub cp: &'a crate::compile::CompiledPack,
    pub hashes: &'a [crate::audit::manifest::FileHash],
    pub files: Vec<Upload>,
    pub awards: Vec<String>,
    /// `score`: up to this stage (`--stage`).
    pub stage: Option<String>,
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
    /// The data errors, for a page to name each on its field or row.
    pub data: Vec<crate::data::DataError>,
}

/// The folder uploads are recorded under, beside the pack's folder.
pub const DATA_DIR: &str = "du-lieu";

/// Where an upload is written, and recorded: `du-lieu/<dataset>/<name>`.
pub fn upload_path(f: &Upload) -> String {
    format!("{DATA_DIR}/{}/{}", f.dataset, safe_name(&f.name, &f.dataset))
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
        let path = dir.join(upload_path(f));
        if let Some(sub) = path.parent() {
            std::fs::create_dir_all(sub)?;
        }
        std::fs::write(&path, &f.bytes)?;
        data.push(format!("{}={}", f.dataset, path.display()));
    }
    Ok(data)
}

/// Runs `check` (or `score` with `scorecard`) and returns what it made,
/// with its manifest. The manifest names each upload by dataset and name
/// (`ca_nhan/ds.xlsx`), not by the temporary folder, and its fingerprint is
/// of that manifest; reports carry no fingerprint (the temporary paths would
/// be in it).
pub fn run(req: &Request, scorecard: Option<Option<String>>) -> Result<Done, Failed> {
    let io_failed = |e: std::io::Error| Failed { message: e.to_string(), code: app::exit::OUTPUT, data: Vec::new() };
    let tmp = tempfile::Builder::new().prefix("thidua-serve-").tempdir().map_err(io_failed)?;
    let dir = tmp.path();
    let data = write_uploads(dir, &req.files).map_err(io_failed)?;
    // HTML and xlsx carry the code of the manifest handed out with them.
    let recorded = vec![(dir.to_path_buf(), String::new()), (req.root.to_path_buf(), String::new())];
    let run = RunArgs {
        pack: req.pack.to_path_buf(),
        data,
        as_of: req.as_of,
        format: req.format,
        explain: req.explain,
        outputs: Outputs { output: None, trace: None, manifest: None, stamp: true, recorded },
        lang: req.lang,
        limits: *req.limits,
        data_limits: req.data_limits.clone(),
        carried: Default::default(),
        keep_results: false,
    };
    let result = match scorecard {
        None => app::run_check_on(
            req.cp,
            &CheckArgs {
                run,
                awards: req.awards.clone(),
                subjects: req.subjects.iter().map(|s| crate::data::Key::text(s)).collect(),
                by_decider: false,
                by_subject: false,
            },
            false,
        ),
        Some(scorecard) => app::run_score_on(
            req.cp,
            &ScoreArgs { run, scorecard, groups: Vec::new(), stage: req.stage.clone() },
            false,
        ),
    };
    let run = result.map_err(|e| Failed {
        // Files named as the manifest names them: no server folder.
        message: unplace(&unplace(&e.render(req.lang), dir), req.root),
        code: e.exit_code(),
        data: match e {
            app::AppError::Data(d) => d.into_iter().map(|e| relocated(e, &[dir, req.root])).collect(),
            _ => Vec::new(),
        },
    })?;
    let name = format!("ket_qua.{}", req.format.extension());
    let output = Output { path: Some(name), kind: "result".into(), sha256: crate::audit::sha256(&run.text) };
    let mut m = app::manifest_of(&run, vec![output], Some(".".into()));
    // Files edited, removed, or added (a new YAML file joins the pack at
    // its next load, and `verify` would load it): the pack served is not
    // the pack on disk.
    let added = crate::pack::load::pack_files(req.pack).map_or(true, |now| now != req.cp.pack.files);
    if m.pack.files != req.hashes || added {
        let message = req.lang.pick(
            "các tệp của bộ quy tắc trên máy phục vụ đã thay đổi từ khi máy khởi động; kết quả không được ghi nhận theo tệp khác với tệp đã dùng để xét. Hãy báo người quản trị khởi động lại máy phục vụ.",
            "the rule pack's files on the server changed since it started; a result is never recorded under files other than those it was judged by. Ask the administrator to restart the server.",
        );
        return Err(Failed { message: message.into(), code: app::exit::PACK, data: Vec::new() });
    }
    m.warnings = m.warnings.iter().map(|w| unplace(w, dir)).collect();
    Ok(Done { fingerprint: m.fingerprint(), manifest: m.to_json(), result: run.text })
}

/// A data error naming its files as the manifest does, under no server folder.
fn relocated(mut e: crate::data::DataError, dirs: &[&Path]) -> crate::data::DataError {
    use crate::data::DataErrorKind as K;
    let strip = |p: &mut std::path::PathBuf| {
        for d in dirs {
            if let Ok(rest) = p.strip_prefix(d) {
                *p = rest.to_path_buf();
                return;
            }
        }
    };
    strip(&mut e.loc.file);
    match &mut e.kind {
        K::TwoFilesForDataset { first, .. } => strip(first),
        K::NoSuchSubject { file, .. } | K::NoRowFor { file, .. } => strip(file),
        K::NotAUnit { units, .. } => strip(units),
        _ => {}
    }
    e
}

/// Names uploaded files as uploaded: the temporary folder is no place a
/// reader knows.
fn unplace(text: &str, dir: &Path) -> String {
    let mut s = text.replace(&format!("{}/", dir.display()), "");
    if let Ok(canon) = dir.canonicalize() {
        s = s.replace(&format!("{}/", canon.display()), "");
    }
    s
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
