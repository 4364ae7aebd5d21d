//! `thidua new DIR`: a starting pack an author edits from a published plan —
//! one dataset, one award (or a scorecard), pack tests and a sample sheet,
//! which validate and pass as written.

use super::error::AppError;
use crate::i18n::Lang;
use crate::output::OutputError;
use std::path::{Path, PathBuf};

/// The files of a starting pack: (path in the folder, text).
fn files(id: &str, scorecard: bool) -> Vec<(&'static str, String)> {
    let (pack, test, csv, test_name, csv_name) = if scorecard {
        (
            include_str!("starter/scorecard.yaml"),
            include_str!("starter/scorecard_test.yaml"),
            include_str!("starter/scorecard.csv"),
            "tests/cham_diem.yaml",
            "du-lieu/don_vi.csv",
        )
    } else {
        (
            include_str!("starter/titles.yaml"),
            include_str!("starter/titles_test.yaml"),
            include_str!("starter/titles.csv"),
            "tests/ca_nhan.yaml",
            "du-lieu/ca_nhan.csv",
        )
    };
    vec![
        ("pack.yaml", pack.replace("__ID__", id)),
        (test_name, test.to_string()),
        (csv_name, csv.to_string()),
        // What the editor reads to complete keys (the first line of pack.yaml names it).
        ("pack.schema.json", crate::pack::schema::pack_schema()),
    ]
}

/// The pack id a folder name gives: lower-case letters, digits and `-`.
fn id_of(dir: &Path) -> String {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        name.to_string()
    } else {
        "bo-quy-tac-moi".to_string()
    }
}

/// Writes the starting pack into `dir`, which must not exist: the files are
/// written into a folder beside it, which is then renamed into place, so a
/// failure leaves nothing half made.
pub fn new_pack(dir: &Path, scorecard: bool, lang: Lang) -> Result<String, AppError> {
    if dir.exists() {
        return Err(AppError::Output(OutputError::FolderExists(dir.to_path_buf())));
    }
    let write_err =
        |path: PathBuf, e: std::io::Error| AppError::Output(OutputError::Write { path, detail: e.to_string() });
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".thidua-new-")
        .tempdir_in(&parent)
        .map_err(|e| write_err(parent.clone(), e))?;
    let made = files(&id_of(dir), scorecard);
    for (rel, text) in &made {
        let path = tmp.path().join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| write_err(p.to_path_buf(), e))?;
        }
        std::fs::write(&path, text).map_err(|e| write_err(dir.join(rel), e))?;
    }
    let tmp = tmp.keep();
    if let Err(e) = std::fs::rename(&tmp, dir) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(write_err(dir.to_path_buf(), e));
    }
    let d = dir.display();
    let list: String = made.iter().map(|(rel, _)| format!("  {d}/{rel}\n")).collect();
    let (data, run) = (made[2].0, if scorecard { "score" } else { "check" });
    Ok(match lang {
        Lang::Vi => format!(
            "Đã tạo bộ quy tắc mới:\n{list}\nBước tiếp theo:\n  thidua validate {d}\n  thidua test {d}\n  thidua {run} {d} --data {d}/{data}\nSửa pack.yaml theo kế hoạch, thêm ca kiểm thử cho từng ngưỡng, rồi chạy lại hai lệnh đầu.\n"
        ),
        Lang::En => format!(
            "Created a new rule pack:\n{list}\nNext:\n  thidua validate {d}\n  thidua test {d}\n  thidua {run} {d} --data {d}/{data}\nEdit pack.yaml after the plan, add a test case for each threshold, and run the first two again.\n"
        ),
    })
}
