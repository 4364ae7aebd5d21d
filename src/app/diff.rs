//! `thidua diff`: what changed between two JSON results.

use super::error::AppError;
use crate::i18n::Lang;
use std::path::Path;

pub(crate) fn read_json(path: &Path) -> Result<serde_json::Value, AppError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| AppError::Input { path: path.to_path_buf(), detail: e.to_string() })?;
    serde_json::from_str(&text).map_err(|e| AppError::Input { path: path.to_path_buf(), detail: e.to_string() })
}

/// `thidua diff`: what changed between two JSON results.
pub fn diff(old: &Path, new: &Path, lang: Lang) -> Result<String, AppError> {
    let (a, b) = (read_json(old)?, read_json(new)?);
    let Some(changes) = crate::audit::diff::diff(&a, &b, lang) else {
        return Err(AppError::Input {
            path: new.to_path_buf(),
            detail: lang
                .pick(
                    "cần hai kết quả JSON cùng loại (check hoặc score, --format json)",
                    "needs two JSON results of the same kind (check or score, --format json)",
                )
                .into(),
        });
    };
    let text = crate::audit::diff::render(&changes, lang);
    if changes.is_empty() {
        Ok(text)
    } else {
        Err(AppError::Different(text))
    }
}
