//! A council's year on the page: the year files beside the packs are listed,
//! and one runs from uploaded sheets (one per step and dataset), giving the
//! dossier as a zip that verifies. The run is `thidua run` itself, in a
//! temporary folder laid out as the zip holds it: the packs under `rules/`,
//! the year file there with its data pointing at the uploads under
//! `du-lieu/<bước>/`, the dossier under `ho-so/`. Nothing is kept.

use super::pages::{esc, page, problem};
use super::{Shared, State};
use crate::app::AppError;
use crate::compile::CompiledPack;
use crate::i18n::Lang;
use crate::year::Year;
use axum::extract::{Multipart, Path, State as St};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;

/// A year file found beside the packs, loaded and checked at start.
pub struct ServedYear {
    pub year: Year,
    pub packs: Vec<CompiledPack>,
    /// Each step's datasets read from files: (step id, dataset id, title).
    pub slots: Vec<(String, String, String)>,
}

/// The year files of `root`: each `*.yaml` directly in it that has `steps:`.
/// One that does not load stops the server with the CLI's messages.
pub fn load_years(
    root: &std::path::Path,
    state: (&crate::script::ScriptLimits, Lang),
) -> Result<Vec<ServedYear>, AppError> {
    let (limits, _) = state;
    let Ok(entries) = std::fs::read_dir(root) else { return Ok(Vec::new()) };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml"))
        .filter(|p| std::fs::read_to_string(p).is_ok_and(|t| t.lines().any(|l| l.starts_with("steps:"))))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let (year, packs) = crate::year::load(&f, limits).map_err(AppError::Pack)?;
        let mut slots = Vec::new();
        for (step, cp) in year.steps.iter().zip(&packs) {
            let assigned = crate::data::files::assign(&cp.pack, &step.data).map_err(AppError::Data)?;
            for ds in assigned.keys() {
                let title = cp.pack.datasets[ds].title.clone().unwrap_or_else(|| ds.clone());
                slots.push((step.id.clone(), ds.clone(), title));
            }
        }
        out.push(ServedYear { year, packs, slots });
    }
    Ok(out)
}

impl State {
    pub fn year(&self, id: &str) -> Option<&ServedYear> {
        self.years.iter().find(|y| y.year.id == id)
    }
}

/// The index's list of years, if any.
pub fn index_section(s: &State) -> String {
    if s.years.is_empty() {
        return String::new();
    }
    let lang = s.lang;
    let mut out = format!("<h2>{}</h2><ul>", lang.pick("Năm tổng kết", "Council years"));
    for y in &s.years {
        out += &format!(
            "<li><a href=\"/nam/{id}\">{title}</a> <small>{id} · {n} {steps}</small></li>",
            id = esc(&y.year.id),
            title = esc(&y.year.title),
            n = y.year.steps.len(),
            steps = lang.pick("bước", "steps")
        );
    }
    out + "</ul>"
}

/// The year's page: its steps, and a file input for each step's dataset.
pub async fn year_page(St(s): St<Shared>, Path(id): Path<String>) -> Response {
    let lang = s.lang;
    let Some(y) = s.year(&id) else { return super::pages::not_found(St(s.clone())).await };
    let mut body = format!(
        "<p>{}</p><form class=\"upload\" method=\"post\" enctype=\"multipart/form-data\" action=\"/nam/{}\">",
        lang.pick(
            "Chọn tệp cho từng bảng dữ liệu của từng bước. Các cột một bước lấy từ kết quả của bước trước không cần có trong tệp. Kết quả là hồ sơ cả năm (zip), kiểm chứng được bằng thidua verify.",
            "Choose a file for each dataset of each step. Columns a step takes from an earlier step's results need not be in the file. The result is the year's dossier (zip), verifiable with thidua verify."
        ),
        esc(&y.year.id)
    );
    for step in &y.year.steps {
        body += &format!("<fieldset><legend>{}</legend>", esc(&step.name));
        for (_, ds, title) in y.slots.iter().filter(|(st, ..)| *st == step.id) {
            body += &format!(
                "<div class=\"file\"><label>{}<input type=\"file\" name=\"{}/{}\" accept=\".xlsx,.xls,.ods,.csv,.txt\"/></label></div>",
                esc(title),
                esc(&step.id),
                esc(ds)
            );
        }
        body += "</fieldset>";
    }
    body += &format!(
        "<p class=\"buttons\"><button type=\"submit\">{}</button></p></form>",
        lang.pick("Chạy cả năm, tải hồ sơ (zip)", "Run the year, download the dossier (zip)")
    );
    page(lang, &y.year.title, &[], &body)
}

/// One uploaded sheet: its slot and the extension it is kept under.
struct Sheet {
    step: String,
    dataset: String,
    extension: &'static str,
    bytes: Vec<u8>,
}

/// Runs the year on the uploaded sheets and answers with the dossier's zip.
pub async fn run_year(St(s): St<Shared>, Path(id): Path<String>, mut mp: Multipart) -> Response {
    let lang = s.lang;
    let Some(y) = s.year(&id) else { return super::pages::not_found(St(s.clone())).await };
    let Ok(_intake) = s.intake.clone().acquire_owned().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let cannot = |m: String| {
        problem(lang, StatusCode::BAD_REQUEST, lang.pick("Không đọc được tệp tải lên", "Cannot read the upload"), &m)
    };
    let mut sheets: Vec<Sheet> = Vec::new();
    loop {
        let part = match mp.next_field().await {
            Ok(Some(p)) => p,
            Ok(None) => break,
            Err(e) => {
                return problem(
                    lang,
                    e.status(),
                    lang.pick("Không đọc được tệp tải lên", "Cannot read the upload"),
                    &e.body_text(),
                )
            }
        };
        let name = part.name().unwrap_or("").to_string();
        let extension = extension_of(part.file_name().unwrap_or(""));
        let Some((step, dataset)) =
            y.slots.iter().find(|(st, ds, _)| format!("{st}/{ds}") == name).map(|(st, ds, _)| (st.clone(), ds.clone()))
        else {
            return cannot(format!(
                "`{name}`: {}",
                lang.pick("năm không có bước và bảng dữ liệu này", "the year has no such step and dataset")
            ));
        };
        let bytes = match read_part(part, s.data_limits.max_file_bytes).await {
            Ok(b) => b,
            Err(m) => return cannot(m),
        };
        if !bytes.is_empty() {
            sheets.push(Sheet { step, dataset, extension, bytes });
        }
    }
    let missing: Vec<String> = y
        .slots
        .iter()
        .filter(|(st, ds, _)| !sheets.iter().any(|x| x.step == *st && x.dataset == *ds))
        .map(|(st, ds, t)| format!("{st}: {t} ({ds})"))
        .collect();
    if !missing.is_empty() {
        return cannot(format!(
            "{}\n{}",
            lang.pick("Còn thiếu tệp cho:", "Files still missing for:"),
            missing.join("\n")
        ));
    }
    let state = s.clone();
    let outcome = super::bounded(&s, move || dossier_zip(&state, &id, &sheets)).await;
    match outcome {
        Some(Ok((zip, code))) => {
            let name = format!("attachment; filename=\"ho-so-{}.zip\"", &code[..code.len().min(12)]);
            let mut r = ([(header::CONTENT_TYPE, "application/zip")], zip).into_response();
            if let Ok(v) = name.parse() {
                r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            if let Ok(v) = code.parse() {
                r.headers_mut().insert("x-thidua-code", v);
            }
            r
        }
        Some(Err(message)) => problem(
            lang,
            StatusCode::UNPROCESSABLE_ENTITY,
            lang.pick("Không chạy được năm", "The year could not be run"),
            &message,
        ),
        None => problem(
            lang,
            StatusCode::SERVICE_UNAVAILABLE,
            lang.pick("Quá thời gian", "Took too long"),
            lang.pick(
                "Việc chạy quá thời hạn cho phép hoặc máy đang bận; thử lại, hoặc dùng thidua run.",
                "The run took longer than allowed or the server is busy; try again, or use thidua run.",
            ),
        ),
    }
}

/// A part's bytes, refused past `limit` as they arrive.
async fn read_part(mut part: axum::extract::multipart::Field<'_>, limit: u64) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    while let Some(chunk) = part.chunk().await.map_err(|e| e.body_text())? {
        if (buf.len() + chunk.len()) as u64 > limit {
            return Err(format!("> {} MB", limit >> 20));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf)
}

/// The extension a sheet is kept under: one the readers know, else CSV.
fn extension_of(name: &str) -> &'static str {
    let lower = name.to_lowercase();
    ["xlsx", "xls", "ods", "txt"].into_iter().find(|e| lower.ends_with(&format!(".{e}"))).unwrap_or("csv")
}

/// Lays the year out in a temporary folder, runs it, zips the folder.
fn dossier_zip(s: &State, id: &str, sheets: &[Sheet]) -> Result<(Vec<u8>, String), String> {
    let lang = s.lang;
    let y = s.year(id).ok_or_else(|| id.to_string())?;
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = tmp.path();
    let io = |e: std::io::Error| e.to_string();
    // The packs, under their folder names, only the files they read.
    let mut steps_yaml = Vec::new();
    for (step, cp) in y.year.steps.iter().zip(&y.packs) {
        let folder = cp.pack.dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for f in cp.pack.input_files() {
            let rel = f.strip_prefix(&cp.pack.dir).map_err(|e| e.to_string())?;
            let to = root.join("rules").join(&folder).join(rel);
            std::fs::create_dir_all(to.parent().unwrap_or(root)).map_err(io)?;
            std::fs::copy(&f, &to).map_err(io)?;
        }
        let mut data = Vec::new();
        for sh in sheets.iter().filter(|x| x.step == step.id) {
            let rel = format!("du-lieu/{}/{}.{}", sh.step, sh.dataset, sh.extension);
            std::fs::create_dir_all(root.join(format!("du-lieu/{}", sh.step))).map_err(io)?;
            std::fs::write(root.join(&rel), &sh.bytes).map_err(io)?;
            data.push(format!("{}=../{rel}", sh.dataset));
        }
        steps_yaml.push((step.id.clone(), folder, data));
    }
    let year_name = y.year.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or("nam.yaml".into());
    let text = std::fs::read_to_string(&y.year.file).map_err(io)?;
    let mut doc: serde_yaml::Value = serde_yaml::from_str(&text).map_err(|e| e.to_string())?;
    if let Some(steps) = doc.get_mut("steps").and_then(|v| v.as_sequence_mut()) {
        for (st, (_, folder, data)) in steps.iter_mut().zip(&steps_yaml) {
            for kind in ["check", "score"] {
                if let Some(v) = st.get_mut(kind) {
                    *v = serde_yaml::Value::String(folder.clone());
                }
            }
            if let Some(m) = st.as_mapping_mut() {
                let list = data.iter().map(|d| serde_yaml::Value::String(d.clone())).collect();
                m.insert("data".into(), serde_yaml::Value::Sequence(list));
            }
        }
    }
    let year_file = root.join("rules").join(&year_name);
    std::fs::write(&year_file, serde_yaml::to_string(&doc).map_err(|e| e.to_string())?).map_err(io)?;
    let args = crate::app::YearArgs {
        file: year_file,
        output: root.join("ho-so"),
        lang,
        limits: s.limits,
        data_limits: s.data_limits.clone(),
    };
    crate::app::run_year(&args).map_err(|e| e.render(lang))?;
    // The code as the dossier's manifest records it, not as a line printed.
    let manifest = std::fs::read(root.join("ho-so").join(crate::app::MANIFEST)).map_err(io)?;
    let manifest: crate::app::YearManifest = serde_json::from_slice(&manifest).map_err(|e| e.to_string())?;
    let code = manifest.code;
    Ok((zip_folder(root).map_err(|e| e.to_string())?, code))
}

/// Every file under `root`, zipped under its path from `root`, in path order.
fn zip_folder(root: &std::path::Path) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    use std::io::Write;
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for f in files {
        let name = f.strip_prefix(root)?.to_string_lossy().replace('\\', "/");
        zip.start_file(name, opts)?;
        zip.write_all(&std::fs::read(&f)?)?;
    }
    Ok(zip.finish()?.into_inner())
}
