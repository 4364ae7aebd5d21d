//! What changed between two JSON results of `check` or `score`: subjects
//! whose eligibility, points or rank changed, and the criteria and inputs
//! that caused each change.

use crate::eval::Verdict;
use crate::i18n::Lang;
use crate::report::json::{CheckDoc, CheckResult, CriterionDoc, Doc, InputWords, ScoreDoc, UnitDoc};
use indexmap::IndexMap;
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

/// Points as the report writes them: padded to the scorecard's places.
fn points(v: &Value, places: Option<u32>, lang: Lang) -> String {
    match (text(v).parse::<rust_decimal::Decimal>(), places) {
        (Ok(d), Some(p)) => {
            let mut d = d.normalize();
            d.rescale(p.max(d.scale()));
            crate::i18n::number(d, lang)
        }
        _ => shown(v, lang),
    }
}

fn points_were(lang: Lang, what: &str, old: &Value, new: &Value, places: Option<u32>) -> String {
    format!("{what}: {} → {}", points(old, places, lang), points(new, places, lang))
}

/// What the documents call their inputs: the new one's words, else the old's.
struct Said<'a> {
    words: &'a InputWords,
    dataset: &'a str,
    lang: Lang,
}

impl Said<'_> {
    /// A value by its choice's words, else as the reader writes it.
    fn value(&self, k: &str, v: &Value) -> String {
        match v {
            Value::String(s) => match self.words.value(self.dataset, k, s) {
                Some(w) => w.to_string(),
                None => shown(v, self.lang),
            },
            Value::Bool(b) => crate::i18n::yes_no(self.lang, *b).to_string(),
            Value::Null => self.lang.pick("(trống)", "(empty)").to_string(),
            _ => shown(v, self.lang),
        }
    }
}

/// Differences in inputs between two `{name: value}` maps, by their words.
fn input_changes(o: &IndexMap<String, Value>, n: &IndexMap<String, Value>, said: &Said, out: &mut Vec<String>) {
    for (k, nv) in n {
        let ov = o.get(k).unwrap_or(&Value::Null);
        if ov != nv {
            let name = said.words.name(said.dataset, k).unwrap_or(k);
            out.push(format!(
                "    {} {name}: {} → {}",
                said.lang.pick("dữ liệu", "input"),
                said.value(k, ov),
                said.value(k, nv)
            ));
        }
    }
}

/// A criterion's recorded status in words.
fn status(s: &str, lang: Lang) -> Value {
    let said = match s {
        "passed" => lang.pick("đạt", "passed"),
        "failed" => lang.pick("không đạt", "failed"),
        "not_applicable" => lang.pick("không áp dụng", "not applicable"),
        "not_in_force" => lang.pick("chưa/hết hiệu lực", "not in force"),
        other => other,
    };
    Value::String(said.into())
}

/// Compares two `check` results, subject by subject and award by award.
fn check_diff(old: &CheckDoc, new: &CheckDoc, lang: Lang) -> Vec<Change> {
    let index = |d: &CheckDoc| -> BTreeMap<(String, String), CheckResult> {
        // A subject judged in several years is one subject per year.
        let subject = |r: &CheckResult| match &r.as_of {
            Some(d) => format!("{} ({})", text(&r.subject), d.get(..4).unwrap_or(d)),
            None => text(&r.subject),
        };
        d.results.iter().map(|r| ((subject(r), r.award.clone()), r.clone())).collect()
    };
    let (o, n) = (index(old), index(new));
    let mut by_subject: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let keys: std::collections::BTreeSet<_> = o.keys().chain(n.keys()).cloned().collect();
    for key in keys {
        let (subject, _) = &key;
        let lines = by_subject.entry(subject.clone()).or_default();
        let (ra, rb) = (o.get(&key), n.get(&key));
        // People read names: the subject's, the award's, the criterion's.
        let Some(any) = rb.or(ra) else { continue };
        if let Some(name) = &any.name {
            names.insert(subject.clone(), name.clone());
        }
        let award = &any.award_name;
        match (ra, rb) {
            (Some(_), None) => lines
                .push(format!("{award}: {}", lang.pick("không còn trong kết quả mới", "absent from the new result"))),
            (None, Some(_)) => {
                lines.push(format!("{award}: {}", lang.pick("mới có trong kết quả mới", "new in the new result")))
            }
            (Some(a), Some(b)) => {
                let of = |r: &CheckResult| Verdict::from_parts(r.eligible, r.over_quota.is_some());
                if of(a) != of(b) {
                    let said = |r| Value::String(crate::report::vocab::verdict_words(of(r), lang).to_lowercase());
                    lines.push(was(lang, &format!("{award} {}", lang.pick("kết quả", "result")), &said(a), &said(b)));
                }
                let ca: BTreeMap<&str, &CriterionDoc> = a.criteria.iter().map(|c| (c.id.as_str(), c)).collect();
                for xb in &b.criteria {
                    let Some(xa) = ca.get(xb.id.as_str()) else { continue };
                    let mut detail = Vec::new();
                    let words = if new.words.is_empty() { &old.words } else { &new.words };
                    input_changes(&xa.inputs, &xb.inputs, &Said { words, dataset: &b.dataset, lang }, &mut detail);
                    let id = &xb.text;
                    if xa.status != xb.status {
                        let (x, y) = (status(&xa.status, lang), status(&xb.status, lang));
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
fn score_diff(old: &ScoreDoc, new: &ScoreDoc, lang: Lang) -> Vec<Change> {
    let index =
        |d: &ScoreDoc| -> BTreeMap<String, UnitDoc> { d.units.iter().map(|u| (text(&u.unit), u.clone())).collect() };
    let (o, n) = (index(old), index(new));
    let keys: std::collections::BTreeSet<_> = o.keys().chain(n.keys()).cloned().collect();
    // Criteria by their names on the sheet.
    let criterion: BTreeMap<&str, &str> = new.criteria.iter().map(|c| (c.id.as_str(), c.name.as_str())).collect();
    let opt = |s: &Option<String>| s.clone().map_or(Value::Null, Value::String);
    let mut out = Vec::new();
    for k in keys {
        let mut lines = Vec::new();
        let name = n.get(&k).or(o.get(&k)).and_then(|u| u.name.clone());
        match (o.get(&k), n.get(&k)) {
            (Some(_), None) => {
                lines.push(lang.pick("không còn trong kết quả mới", "absent from the new result").to_string())
            }
            (None, Some(_)) => lines.push(lang.pick("mới có trong kết quả mới", "new in the new result").to_string()),
            (Some(a), Some(b)) => {
                let rank = |u: &UnitDoc| u.rank.map_or(Value::Null, Value::from);
                for (label, x, y) in [
                    (lang.pick("tổng điểm", "total"), Value::String(a.total.clone()), Value::String(b.total.clone())),
                    (lang.pick("xếp hạng", "rank"), rank(a), rank(b)),
                    (lang.pick("xếp loại", "band"), opt(&a.band), opt(&b.band)),
                    // The proposal by its name, as the report writes it.
                    (
                        lang.pick("đề nghị", "proposal"),
                        opt(&a.award_name.clone().or(a.award.clone())),
                        opt(&b.award_name.clone().or(b.award.clone())),
                    ),
                    (lang.pick("loại trừ", "disqualified"), Value::Bool(a.disqualified), Value::Bool(b.disqualified)),
                ] {
                    if x != y && label == lang.pick("tổng điểm", "total") {
                        lines.push(points_were(lang, label, &x, &y, new.scorecard.places));
                    } else if x != y {
                        lines.push(was(lang, label, &x, &y));
                    }
                }
                let none = IndexMap::new();
                for (id, vb) in &b.points {
                    let va = a.points.get(id);
                    if va != Some(vb) {
                        let label = criterion.get(id.as_str()).copied().unwrap_or(id);
                        let va = va.cloned().map_or(Value::Null, Value::String);
                        let vb = Value::String(vb.clone());
                        lines.push(format!("  {}", points_were(lang, label, &va, &vb, new.scorecard.places)));
                        let ins = |u: &UnitDoc| u.inputs.as_ref().and_then(|i| i.get(id)).unwrap_or(&none).clone();
                        let words = if new.words.is_empty() { &old.words } else { &new.words };
                        input_changes(&ins(a), &ins(b), &Said { words, dataset: "", lang }, &mut lines);
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
    match (Doc::read(old)?, Doc::read(new)?) {
        (Doc::Check(a), Doc::Check(b)) => Some(check_diff(&a, &b, lang)),
        (Doc::Score(a), Doc::Score(b)) => Some(score_diff(&a, &b, lang)),
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
