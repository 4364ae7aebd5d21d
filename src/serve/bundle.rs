//! The record of a page's run as one zip an auditor can verify anywhere:
//! the manifest, the pack's files and the uploads under the names the
//! manifest gives them, and the result. Unpacked in any folder,
//! `thidua verify <folder>/manifest.json --expect <code on the paper>`
//! re-runs it. Every file is checked against the manifest's hash as it is
//! packed: a pack edited on the server since the run is refused, never
//! packed under the old hash.

use super::run::{upload_path, Done, Upload};
use super::Shared;
use crate::audit::manifest::Manifest;
use crate::i18n::Lang;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::io::Write;
use std::path::Path;

/// The zip's bytes and its file name (with the code's first characters).
/// `extra`: files recorded beside the run that it does not read (a round's
/// evidence list and history), zipped as given.
pub fn zip_of(
    root: &Path,
    files: &[Upload],
    done: &Done,
    lang: Lang,
    extra: Vec<(String, Vec<u8>)>,
) -> Result<(Vec<u8>, String), String> {
    let m: Manifest = serde_json::from_str(&done.manifest).map_err(|e| e.to_string())?;
    let code = &done.fingerprint[..done.fingerprint.len().min(12)];
    let folder = format!("ho-so-kiem-chung-{code}");
    let mut entries: Vec<(String, Vec<u8>)> = vec![("manifest.json".into(), done.manifest.clone().into_bytes())];
    let changed = |path: &str| match lang {
        Lang::Vi => format!("tệp `{path}` không còn như khi xét; hãy xét lại"),
        Lang::En => format!("file `{path}` is no longer as it was judged; run it again"),
    };
    for f in &m.pack.files {
        let bytes = std::fs::read(root.join(&f.path)).map_err(|_| changed(&f.path))?;
        if crate::audit::sha256(&bytes) != f.sha256 {
            return Err(changed(&f.path));
        }
        entries.push((f.path.clone(), bytes));
    }
    for f in &m.data {
        let up = files.iter().find(|u| upload_path(u) == f.path).ok_or_else(|| changed(&f.path))?;
        entries.push((f.path.clone(), up.bytes.to_vec()));
    }
    for o in &m.outputs {
        if let Some(p) = &o.path {
            entries.push((p.clone(), done.result.clone()));
        }
    }
    entries.extend(extra);
    entries.push((
        lang.pick("DOC-TRUOC.txt", "README.txt").into(),
        match lang {
            Lang::Vi => format!(
                "Hồ sơ kiểm chứng của một lần xét bằng thidua.\r\nMã kiểm chứng: {}\r\n\r\nKiểm chứng (ở bất kỳ máy nào, từ bất kỳ thư mục nào):\r\n  thidua verify {folder}/manifest.json --expect {code}\r\n\r\nmanifest.json ghi mã băm của mọi tệp trong hồ sơ; lệnh trên xét lại và so từng byte với kết quả.\r\n",
                done.fingerprint
            ),
            Lang::En => format!(
                "The verifiable record of one thidua run.\r\nFingerprint: {}\r\n\r\nTo verify (on any machine, from any folder):\r\n  thidua verify {folder}/manifest.json --expect {code}\r\n\r\nmanifest.json records the hash of every file here; the command re-runs and compares the result byte for byte.\r\n",
                done.fingerprint
            ),
        }
        .into_bytes(),
    ));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // A fixed time: the same run gives the same zip.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, bytes) in entries {
        zip.start_file(format!("{folder}/{name}"), options).map_err(|e| e.to_string())?;
        zip.write_all(&bytes).map_err(|e| e.to_string())?;
    }
    let out = zip.finish().map_err(|e| e.to_string())?.into_inner();
    Ok((out, format!("{folder}.zip")))
}

/// The zip as a download, or why it cannot be made.
pub fn delivered(s: &Shared, id: &str, files: &[Upload], done: Done) -> Response {
    let lang = s.lang;
    if s.pack(id).is_none() {
        return StatusCode::NOT_FOUND.into_response();
    }
    match zip_of(&s.root, files, &done, lang, Vec::new()) {
        Ok((bytes, name)) => {
            let mut r = ([(header::CONTENT_TYPE, "application/zip")], bytes).into_response();
            if let Ok(v) = format!("attachment; filename=\"{name}\"").parse() {
                r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            if let Ok(v) = done.fingerprint.parse() {
                r.headers_mut().insert("x-thidua-fingerprint", v);
            }
            r
        }
        Err(e) => super::pages::problem(
            lang,
            StatusCode::CONFLICT,
            lang.pick("Không tạo được hồ sơ kiểm chứng", "Cannot make the verifiable record"),
            &e,
        ),
    }
}
