//! `thidua test`: a pack's own cases.

use super::error::AppError;
use super::load_pack;
use crate::i18n::Lang;
use crate::script::ScriptLimits;
use std::path::Path;

/// `thidua test`: the report, closing with `N passed, N failed`.
pub fn test(dir: &Path, limits: &ScriptLimits, lang: Lang) -> Result<String, AppError> {
    let cp = load_pack(dir, limits)?;
    let run = crate::testing::run(&cp, lang).map_err(AppError::Pack)?;
    let mut out = format!("{} {}\n", lang.pick("Kiểm thử bộ quy tắc", "Testing rule pack"), cp.pack.id);
    for l in &run.lines {
        out += l;
        out.push('\n');
    }
    out += &format!("{} passed, {} failed\n", run.passed, run.failed);
    if run.failed > 0 {
        Err(AppError::TestsFailed(out))
    } else {
        Ok(out)
    }
}
