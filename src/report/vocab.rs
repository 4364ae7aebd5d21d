//! The words every report shares: a verdict, a criterion and its status, a
//! subject's key and name, and why a subject fails an award. Each writer
//! (text, CSV, JSON, HTML, xlsx, the per-subject table, pack tests) says
//! these the same way because it says them through here.

use super::reason;
use super::words::Words;
use crate::eval::{AwardResult, CriterionStatus, Verdict};
use crate::i18n::Lang;
use crate::pack::{Award, Criterion, Pack};

pub fn award_name(a: &Award, lang: Lang) -> &str {
    lang.pick_text(&a.name, a.name_en.as_deref())
}

/// The result in words: "Đạt", "Không đạt", "Đạt tiêu chuẩn, vượt hạn mức".
pub fn verdict(x: &AwardResult, lang: Lang) -> &'static str {
    verdict_words(x.verdict(), lang)
}

/// A verdict in words, as a document's «Kết quả» column writes it.
pub fn verdict_words(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::OverQuota => lang.pick("Đạt tiêu chuẩn, vượt hạn mức", "Meets the standard, over the quota"),
        Verdict::Eligible => lang.pick("Đạt", "Eligible"),
        Verdict::NotEligible => lang.pick("Không đạt", "Not eligible"),
        Verdict::NotApplicable => lang.pick("Không áp dụng", "Not applicable"),
    }
}

pub fn criterion_title(c: &Criterion, lang: Lang) -> String {
    let text = lang.pick_text(&c.text, c.text_en.as_deref());
    match &c.source {
        Some(s) => format!("{text} ({s})"),
        None => text.to_string(),
    }
}

/// One sentence per reason the subject fails the award.
pub fn reasons(pack: &Pack, r: &AwardResult, lang: Lang) -> Vec<String> {
    reasons_naming(pack, r, lang, |spec, _| criterion_title(spec, lang))
}

/// The same, naming each criterion by its number in the award's list
/// ("Tiêu chuẩn 2"), for documents that print the list once above.
pub fn reasons_numbered(pack: &Pack, r: &AwardResult, lang: Lang) -> Vec<String> {
    reasons_naming(pack, r, lang, |_, i| format!("{} {}", lang.pick("Tiêu chuẩn", "Criterion"), i + 1))
}

pub fn reasons_naming(
    pack: &Pack,
    r: &AwardResult,
    lang: Lang,
    name: impl Fn(&Criterion, usize) -> String,
) -> Vec<String> {
    let award = &pack.awards[r.award];
    let mut out = Vec::new();
    for (req, met) in &r.requires {
        if !met {
            let name = pack.award(req).map(|a| award_name(a, lang)).unwrap_or(req);
            out.push(match lang {
                Lang::Vi => format!("Chưa đạt điều kiện tiên quyết “{name}”"),
                Lang::En => format!("Does not meet the prerequisite “{name}”"),
            });
        }
    }
    if let Some(q) = &r.over_quota {
        let src = q.source.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
        let group = if q.group.is_empty() { String::new() } else { format!(" {}", q.group) };
        out.push(match lang {
            Lang::Vi => format!(
                "Đạt tiêu chuẩn nhưng vượt hạn mức{src}: nhóm{group} chỉ được {} (cơ sở tính: {})",
                q.allowed, q.base
            ),
            Lang::En => format!(
                "Meets the standard but is over the quota{src}: group{group} may have {} (base: {})",
                q.allowed, q.base
            ),
        });
    }
    for c in r.criteria.iter().filter(|c| c.status == CriterionStatus::Failed) {
        let spec = &award.criteria[c.index];
        let w = Words::new(pack, r.dataset, lang);
        let mut s = format!("{}: {}", name(spec, c.index), why_failed(&w, c));
        if let Some(h) = lang_hint(spec, lang) {
            s += &format!(" — {h}");
        }
        out.push(s);
    }
    out
}

/// Why a criterion failed, in words: what the comparisons or the rule's
/// helpers found, else the values the condition read. Every writer and the
/// trace say it the same way.
pub fn why_failed(w: &Words, c: &crate::eval::CriterionResult) -> String {
    if reason::needs_inputs(&c.shortfalls) && !c.inputs.is_empty() {
        format!("{} {}", w.pick("không đạt với dữ liệu:", "not met with:"), inputs_text(&c.inputs, w))
    } else {
        reason::all(&c.shortfalls, w)
    }
}

pub fn lang_hint(c: &Criterion, lang: Lang) -> Option<&str> {
    c.hint.as_deref().map(|h| lang.pick_text(h, c.hint_en.as_deref()))
}

pub fn status_word(s: CriterionStatus, lang: Lang) -> &'static str {
    match s {
        CriterionStatus::Passed => lang.pick("đạt", "passed"),
        CriterionStatus::Failed => lang.pick("không đạt", "failed"),
        CriterionStatus::NotApplicable => lang.pick("không áp dụng", "not applicable"),
        CriterionStatus::NotInForce => lang.pick("chưa/hết hiệu lực", "not in force"),
    }
}

pub fn status_mark(s: CriterionStatus) -> &'static str {
    match s {
        CriterionStatus::Passed => "✓",
        CriterionStatus::Failed => "✗",
        _ => "–",
    }
}

pub fn inputs_text(inputs: &[(String, crate::data::Value)], w: &Words) -> String {
    inputs.iter().map(|(n, v)| format!("{}: {}", w.column(n), w.value(n, v))).collect::<Vec<_>>().join("; ")
}

/// A subject's key as reports show it: with its evaluation year when rows
/// are judged in their own years (a subject then has a row per year).
pub fn shown_key(x: &AwardResult, lang: Lang) -> String {
    use chrono::Datelike;
    match x.as_of {
        Some(d) => format!("{} ({})", x.key.render(lang), d.year()),
        None => x.key.render(lang),
    }
}

pub fn name_of(x: &AwardResult, lang: Lang) -> String {
    x.name.as_ref().map(|n| n.render(lang)).unwrap_or_default()
}

pub fn dataset_id<'a>(pack: &'a Pack, x: &AwardResult) -> &'a str {
    pack.datasets.get_index(x.dataset).map(|(k, _)| k.as_str()).unwrap_or("")
}

/// A verdict as a CSV cell codes it (`dat`, `vuot_han_muc`; in English
/// `eligible`, `over_quota`): for filters in a spreadsheet.
pub fn verdict_code(v: Verdict, lang: Lang) -> &'static str {
    match (v, lang) {
        (Verdict::OverQuota, Lang::Vi) => "vuot_han_muc",
        (Verdict::OverQuota, Lang::En) => "over_quota",
        (Verdict::Eligible, Lang::Vi) => "dat",
        (Verdict::Eligible, Lang::En) => "eligible",
        (Verdict::NotEligible, Lang::Vi) => "khong_dat",
        (Verdict::NotEligible, Lang::En) => "not_eligible",
        (Verdict::NotApplicable, Lang::Vi) => "khong_ap_dung",
        (Verdict::NotApplicable, Lang::En) => "not_applicable",
    }
}

/// The words of every labelled column and every parameter of `pack`.
pub fn input_words(pack: &Pack, lang: Lang) -> super::json::InputWords {
    let mut out = super::json::InputWords::default();
    for (name, d) in &pack.datasets {
        let mut cols = std::collections::BTreeMap::new();
        for (c, col) in &d.columns {
            let label = (col.label.is_some() || (lang == Lang::En && col.label_en.is_some()))
                .then(|| col.label_in(c, lang).to_string());
            let values: std::collections::BTreeMap<String, String> = col
                .values
                .iter()
                .filter(|v| col.value_label(v, lang) != v.as_str())
                .map(|v| (v.clone(), col.value_label(v, lang).to_string()))
                .collect();
            if label.is_some() || !values.is_empty() {
                cols.insert(c.clone(), super::json::ColumnWords { label, values });
            }
        }
        if !cols.is_empty() {
            out.columns.insert(name.clone(), cols);
        }
    }
    let w = Words::new(pack, usize::MAX, lang);
    for p in pack.parameters.keys().map(String::as_str).chain(["ngay_xet", "nam_xet"]) {
        let said = w.column(p);
        if said != p {
            out.parameters.insert(p.to_string(), said);
        }
    }
    out
}
