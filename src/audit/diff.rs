//! What changed between two JSON results of `check` or `score`: subjects
//! whose eligibility, points or rank changed, and the criteria and inputs
//! that caused each change.

use crate::i18n::Lang;
use serde_json::Value;
use std::collections::BTreeMap;

/// One changed subject: its key and the lines that say what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub subject: String,
    /// The subject's name, when the results carry one.
    pub name: Option<String>,
    pub lines: Vec<String>,
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

/// Eligibility and criterion statuses in words.
fn verdict(v: &Value, lang: Lang) -> Value {
    let s = match v {
        Value::Bool(true) => lang.pick("đạt", "eligible"),
        Value::Bool(false) => lang.pick("không đạt", "not eligible"),
        Value::String(s) if s == "passed" => lang.pick("đạt", "passed"),
        Value::String(s) if s == "failed" => lang.pick("không đạt", "failed"),
        Value::String(s) if s == "not_applicable" => lang.pick("không áp dụng", "not applicable"),
        Value::String(s) if s == "not_in_force" => lang.pick("chưa/hết hiệu lực", "not in force"),
        other => return other.clone(),
    };
    Value::String(s.into())
}

fn map<'a>(v: &'a Value, key: &str) -> BTreeMap<String, &'a Value> {
    v.get(key).and_then(Value::as_object).map(|m| m.iter().map(|(k, v)| (k.clone(), v)).collect()).unwrap_or_default()
}

/// A value as a reader writes it: numbers in the language's style.
fn shown(v: &Value, lang: Lang) -> String {
    let t = text(v);
    match (v, t.parse::<rust_decimal::Decimal>()) {
        (Value::String(_) | Value::Number(_), Ok(d)) => crate::i18n::number(d, lang),
        _ => t,
    }
}

fn was(lang: Lang, what: &str, old: &Value, new: &Value) -> String {
    format!("{what}: {} → {}", shown(old, lang), shown(new, lang))
}

/// Differences in inputs between two `{name: value}` maps.
fn input_changes(old: &Value, new: &Value, lang: Lang, out: &mut Vec<String>) {
    let (o, n) = (old.as_object(), new.as_object());
    let (Some(o), Some(n)) = (o, n) else { return };
    for (k, nv) in n {
        let ov = o.get(k).unwrap_or(&Value::Null);
        if ov != nv {
            out.push(format!("    {} {}", lang.pick("dữ liệu", "input"), was(lang, k, ov, nv)));
        }
    }
}

/// Compares two `check` results, subject by subject and award by award.
fn check_diff(old: &Value, new: &Value, lang: Lang) -> Vec<Change> {
    let index = |v: &Value| -> BTreeMap<(String, String), Value> {
        v["results"]
            .as_array()
            .map(|a| a.iter().map(|r| ((text(&r["subject"]), text(&r["award"])), r.clone())).collect())
            .unwrap_or_default()
    };
    let (o, n) = (index(old), index(new));
    let mut by_subject: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let keys: std::collections::BTreeSet<_> = o.keys().chain(n.keys()).cloned().collect();
    for (subject, award_id) in keys {
        let lines = by_subject.entry(subject.clone()).or_default();
        let (ra, rb) = (o.get(&(subject.clone(), award_id.clone())), n.get(&(subject.clone(), award_id.clone())));
        // People read names: the subject's, the award's, the criterion's.
        let any = rb.or(ra).expect("a key of either side");
        if let Some(name) = any["name"].as_str() {
            names.insert(subject.clone(), name.to_string());
        }
        let award = any["award_name"].as_str().map_or_else(|| award_id.clone(), str::to_string);
        match (ra, rb) {
            (Some(_), None) => lines
                .push(format!("{award}: {}", lang.pick("không còn trong kết quả mới", "absent from the new result"))),
            (None, Some(_)) => {
                lines.push(format!("{award}: {}", lang.pick("mới có trong kết quả mới", "new in the new result")))
            }
            (Some(a), Some(b)) => {
                if a["eligible"] != b["eligible"] {
                    let (x, y) = (verdict(&a["eligible"], lang), verdict(&b["eligible"], lang));
                    lines.push(was(lang, &format!("{award} {}", lang.pick("kết quả", "result")), &x, &y));
                }
                let crit = |v: &Value| -> BTreeMap<String, Value> {
                    v["criteria"]
                        .as_array()
                        .map(|c| c.iter().map(|x| (text(&x["id"]), x.clone())).collect())
                        .unwrap_or_default()
                };
                let (ca, cb) = (crit(a), crit(b));
                for (cid, xb) in &cb {
                    let Some(xa) = ca.get(cid) else { continue };
                    let id = xb["text"].as_str().map_or_else(|| cid.clone(), str::to_string);
                    let mut detail = Vec::new();
                    input_changes(&xa["inputs"], &xb["inputs"], lang, &mut detail);
                    if xa["status"] != xb["status"] {
                        let (x, y) = (verdict(&xa["status"], lang), verdict(&xb["status"], lang));
                        lines.push(format!(
                            "  {award} — {id}: {}",
                            was(lang, lang.pick("tiêu chí", "criterion"), &x, &y)
                        ));
                        lines.extend(detail);
                    } else if !detail.is_empty() {
                        lines.push(format!(
                            "  {award} — {id}: {}",
                            lang.pick(
                                "dữ liệu thay đổi, kết quả tiêu chí giữ nguyên",
                                "inputs changed, criterion unchanged"
                            )
                        ));
                        lines.extend(detail);
                    }
                }
            }
            (None, None) => {}
        }
    }
    by_subject
        .into_iter()
        .filter(|(_, l)| !l.is_empty())
        .map(|(subject, lines)| Change { name: names.get(&subject).cloned(), subject, lines })
        .collect()
}

/// Compares two `score` results unit by unit.
fn score_diff(old: &Value, new: &Value, lang: Lang) -> Vec<Change> {
    let index = |v: &Value| -> BTreeMap<String, Value> {
        v["units"].as_array().map(|a| a.iter().map(|u| (text(&u["unit"]), u.clone())).collect()).unwrap_or_default()
    };
    let (o, n) = (index(old), index(new));
    let keys: std::collections::BTreeSet<_> = o.keys().chain(n.keys()).cloned().collect();
    // Criteria by their names on the sheet.
    let criterion: BTreeMap<String, String> = new["criteria"]
        .as_array()
        .map(|c| c.iter().map(|x| (text(&x["id"]), text(&x["name"]))).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    for k in keys {
        let mut lines = Vec::new();
        let name = n.get(&k).or(o.get(&k)).and_then(|u| u["name"].as_str()).map(str::to_string);
        match (o.get(&k), n.get(&k)) {
            (Some(_), None) => {
                lines.push(lang.pick("không còn trong kết quả mới", "absent from the new result").to_string())
            }
            (None, Some(_)) => lines.push(lang.pick("mới có trong kết quả mới", "new in the new result").to_string()),
            (Some(a), Some(b)) => {
                for (field, label) in [
                    ("total", lang.pick("tổng điểm", "total")),
                    ("rank", lang.pick("xếp hạng", "rank")),
                    ("band", lang.pick("xếp loại", "band")),
                    ("award", lang.pick("đề nghị", "proposal")),
                    ("disqualified", lang.pick("loại trừ", "disqualified")),
                ] {
                    if a[field] != b[field] {
                        lines.push(was(lang, label, &a[field], &b[field]));
                    }
                }
                let (pa, pb) = (map(a, "points"), map(b, "points"));
                for (id, vb) in &pb {
                    let va = pa.get(id).copied().unwrap_or(&Value::Null);
                    if va != *vb {
                        let label = criterion.get(id).unwrap_or(id);
                        lines.push(format!("  {}", was(lang, label, va, vb)));
                        let (ia, ib) = (&a["inputs"][id.as_str()], &b["inputs"][id.as_str()]);
                        input_changes(ia, ib, lang, &mut lines);
                    }
                }
            }
            (None, None) => {}
        }
        if !lines.is_empty() {
            out.push(Change { subject: k, name, lines });
        }
    }
    out
}

/// Compares two results of the same kind; `None` when they are not both
/// `check` or both `score` results.
pub fn diff(old: &Value, new: &Value, lang: Lang) -> Option<Vec<Change>> {
    match (old.get("results"), new.get("results"), old.get("units"), new.get("units")) {
        (Some(_), Some(_), _, _) => Some(check_diff(old, new, lang)),
        (_, _, Some(_), Some(_)) => Some(score_diff(old, new, lang)),
        _ => None,
    }
}

/// The changes as text: a heading per subject, then its lines.
pub fn render(changes: &[Change], lang: Lang) -> String {
    if changes.is_empty() {
        return format!("{}\n", lang.pick("Không có khác biệt.", "No differences."));
    }
    let mut s = String::new();
    for c in changes {
        match &c.name {
            Some(n) => s += &format!("{} {n}\n", c.subject),
            None => s += &format!("{}\n", c.subject),
        }
        for l in &c.lines {
            s += &format!("  {l}\n");
        }
    }
    s += &match lang {
        Lang::Vi => format!("{} đối tượng có thay đổi.\n", changes.len()),
        Lang::En => format!("{} subjects changed.\n", changes.len()),
    };
    s
}
