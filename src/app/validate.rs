//! `thidua validate`: the summary of a clean pack.

use super::error::AppError;
use super::load_pack;
use crate::i18n::Lang;
use crate::script::ScriptLimits;
use std::path::Path;

/// `thidua validate`: a one-paragraph summary of a clean pack.
pub fn validate(dir: &Path, limits: &ScriptLimits, lang: Lang) -> Result<String, AppError> {
    let cp = load_pack(dir, limits)?;
    let p = &cp.pack;
    let n_crit: usize = cp.awards.iter().map(|a| a.criteria.len()).sum();
    let n_native: usize = cp.awards.iter().flat_map(|a| &a.criteria).filter(|c| c.condition.is_native()).count();
    let n_tests = crate::testing::test_files(&p.dir).len();
    let n_sc = p.scorecards.len();
    let n_nodes: usize = p.scorecards.iter().map(|s| s.nodes().iter().filter(|n| !n.is_group()).count()).sum();
    let summary = match lang {
        Lang::Vi => format!(
            "Bộ quy tắc {} hợp lệ: {} bảng dữ liệu, {} danh hiệu, {n_crit} tiêu chí ({n_native} so sánh đơn giản, {} biểu thức Rhai), {n_sc} bảng chấm điểm ({n_nodes} tiêu chí chấm), {} tham số, {n_tests} tệp kiểm thử; hiệu lực {}.\n",
            p.id,
            p.file_datasets().count(),
            p.awards.len(),
            n_crit - n_native,
            p.parameters.len(),
            p.effective.render(lang)
        ),
        Lang::En => format!(
            "Rule pack {} is valid: {} datasets, {} awards, {n_crit} criteria ({n_native} simple comparisons, {} Rhai expressions), {n_sc} scorecards ({n_nodes} scored items), {} parameters, {n_tests} test files; in force {}.\n",
            p.id,
            p.file_datasets().count(),
            p.awards.len(),
            n_crit - n_native,
            p.parameters.len(),
            p.effective.render(lang)
        ),
    };
    Ok(summary + scorecard_trees(p, lang).as_str() + unverified_notes(p, lang).as_str())
}

/// Each scorecard's tree with its maximums, a group's shown as the sum of
/// its items, to hold against the paper sheet.
pub(crate) fn scorecard_trees(p: &crate::pack::Pack, lang: Lang) -> String {
    use crate::pack::scorecard::Scorecard;
    use crate::report::score_view::{numbering, RowKind};
    let num = |d: rust_decimal::Decimal| crate::i18n::number(d.normalize(), lang);
    let mut out = String::new();
    for sc in &p.scorecards {
        let nodes = sc.nodes();
        let numbers = numbering(sc);
        let total: rust_decimal::Decimal = sc.groups.iter().map(Scorecard::max_of).sum();
        out += &match lang {
            Lang::Vi => format!("Bảng chấm điểm {} ({}): tối đa {}\n", sc.id, sc.name, num(total)),
            Lang::En => format!(
                "Scorecard {} ({}): maximum {}\n",
                sc.id,
                lang.pick_text(&sc.name, sc.name_en.as_deref()),
                num(total)
            ),
        };
        out += &scorecard_sources(p, sc, lang);
        // A long form's rows carry the criterion's code: show the code the
        // file must use beside every criterion that reads it.
        let codes: Vec<&str> = match p.datasets.get(&sc.dataset).and_then(|d| d.composed.as_ref()) {
            Some(c) => c
                .parts
                .iter()
                .flat_map(|part| match part {
                    crate::pack::Part::Long { codes, .. } => codes.iter().map(String::as_str).collect(),
                    crate::pack::Part::Join { .. } => Vec::new(),
                })
                .collect(),
            None => Vec::new(),
        };
        for (n, (number, kind, depth)) in nodes.iter().zip(&numbers) {
            let name = lang.pick_text(&n.name, n.name_en.as_deref());
            let label = match kind {
                RowKind::Bonus | RowKind::Penalty => format!("{number} {name}"),
                _ => format!("{number}. {name}"),
            };
            let detail = if n.is_group() {
                let parts: Vec<String> = n.children().iter().map(|c| num(Scorecard::max_of(c))).collect();
                let cap = n.cap.map(|c| format!(", {} {}", lang.pick("trần", "cap"), num(c.0))).unwrap_or_default();
                format!("{} = {}{cap}", num(Scorecard::max_of(n)), parts.join(" + "))
            } else {
                let method = n.method.map(|m| crate::report::score::method_label(m, lang)).unwrap_or_default();
                let code = if codes.contains(&n.code()) {
                    format!(", {} `{}`", lang.pick("mã", "code"), n.code())
                } else {
                    String::new()
                };
                format!("{} ({method}{code})", num(Scorecard::max_of(n)))
            };
            out += &format!("  {}{label} — {detail}\n", "  ".repeat(*depth));
        }
    }
    out
}

/// Where a scorecard with `join`/`long` reads its units from: one line.
pub(crate) fn scorecard_sources(p: &crate::pack::Pack, sc: &crate::pack::Scorecard, lang: Lang) -> String {
    use crate::pack::Part;
    let Some(c) = p.datasets.get(&sc.dataset).and_then(|d| d.composed.as_ref()) else {
        return String::new();
    };
    let mut parts = vec![match lang {
        Lang::Vi => format!("`{}` (đơn vị)", c.units),
        Lang::En => format!("`{}` (units)", c.units),
    }];
    for part in &c.parts {
        parts.push(match (part, lang) {
            (Part::Join { dataset, .. }, Lang::Vi) => format!("`{dataset}` (ghép theo mã)"),
            (Part::Join { dataset, .. }, Lang::En) => format!("`{dataset}` (joined by key)"),
            (Part::Long { dataset, criterion, codes, .. }, Lang::Vi) => {
                format!("`{dataset}` (dạng dài: mã tiêu chí ở cột `{criterion}`, {} tiêu chí đọc)", codes.len())
            }
            (Part::Long { dataset, criterion, codes, .. }, Lang::En) => {
                format!("`{dataset}` (long form: criterion code in `{criterion}`, read by {} criteria)", codes.len())
            }
        });
    }
    format!("  {}: {}\n", lang.pick("Dữ liệu", "Data"), parts.join(" + "))
}

/// Every citation or decider the pack marks as not checked against the law,
/// as warnings: the pack is usable, but whoever signs should know.
pub(crate) fn unverified_notes(p: &crate::pack::Pack, lang: Lang) -> String {
    let mut lines = Vec::new();
    let mut add = |what: String, cited: Option<&str>, note: &Option<String>| {
        if let Some(note) = note {
            let cited = cited.map(|c| format!(" «{c}»")).unwrap_or_default();
            lines.push(format!("  - {what}{cited}: {note}"));
        }
    };
    let (param, award, crit, decider) = match lang {
        Lang::Vi => ("tham số", "danh hiệu", "tiêu chí", "người quyết định"),
        Lang::En => ("parameter", "award", "criterion", "decider"),
    };
    for (id, x) in &p.parameters {
        add(format!("{param} {id}"), x.source.as_deref(), &x.unverified.source);
    }
    for a in &p.awards {
        add(format!("{award} {}", a.id), a.source.as_deref(), &a.unverified.source);
        add(format!("{award} {}, {decider}", a.id), a.decider.as_deref(), &a.unverified.decider);
        for c in &a.criteria {
            add(format!("{crit} {}/{}", a.id, c.id), c.source.as_deref(), &c.unverified.source);
            if c.unverified.decider.is_some() {
                add(format!("{crit} {}/{}, {decider}", a.id, c.id), None, &c.unverified.decider);
            }
        }
    }
    if lines.is_empty() {
        return String::new();
    }
    let head = match lang {
        Lang::Vi => {
            format!("Cảnh báo: {} căn cứ chưa được đối chiếu với văn bản (ghi trong `unverified`):", lines.len())
        }
        Lang::En => {
            format!("Warning: {} citations not yet checked against the text of the law (`unverified`):", lines.len())
        }
    };
    format!("{head}\n{}\n", lines.join("\n"))
}
