//! Reports of `thidua check`: terminal table, CSV, JSON, Markdown.

pub use super::by_subject::SubjectTable;
use super::json;
use super::reason;
use super::text::{columns, md_cell};
use super::vocab::{
    award_name, criterion_title, dataset_id, inputs_text, name_of, reasons, shown_key, status_mark, status_word,
    verdict, verdict_code, why_failed,
};
use super::words::Words;
use super::Format;
use crate::eval::{AwardResult, CriterionStatus, Outcome};
use crate::i18n::Lang;
use crate::pack::{Award, Pack};

pub struct CheckReport<'a> {
    pub pack: &'a Pack,
    pub outcome: &'a Outcome,
    pub lang: Lang,
    pub explain: bool,
    /// Add the list of proposals grouped by who decides (Law 2022 Art 80).
    pub by_decider: bool,
    /// CSV: one row per subject, one column per award (`--by-subject`).
    pub by_subject: bool,
    /// The reported awards, in pack order (the columns of `--by-subject`).
    pub columns: Vec<usize>,
    /// The run's fingerprint, printed in the footer of HTML and xlsx reports.
    pub fingerprint: Option<String>,
}

/// The subjects eligible for one award.
type AwardWinners<'a> = (&'a Award, Vec<&'a AwardResult>);

/// Eligible subjects per decider, then per award, in pack order.
fn proposals_by_decider<'a>(r: &'a CheckReport) -> Vec<(String, Vec<AwardWinners<'a>>)> {
    let none = r.lang.pick("(chưa ghi thẩm quyền)", "(no decider given)").to_string();
    let mut out: Vec<(String, Vec<AwardWinners>)> = Vec::new();
    for (ai, a) in r.pack.awards.iter().enumerate() {
        let winners: Vec<&AwardResult> = r.outcome.results.iter().filter(|x| x.award == ai && x.eligible).collect();
        if winners.is_empty() {
            continue;
        }
        let d = a.decider.clone().unwrap_or_else(|| none.clone());
        match out.iter_mut().find(|(k, _)| *k == d) {
            Some((_, v)) => v.push((a, winners)),
            None => out.push((d, vec![(a, winners)])),
        }
    }
    out
}

fn decider_section(r: &CheckReport, md: bool) -> String {
    let lang = r.lang;
    let mut s = if md {
        format!("\n## {}\n\n", lang.pick("Đề nghị theo thẩm quyền quyết định", "Proposals by decider"))
    } else {
        format!("\n{}\n", lang.pick("Đề nghị theo thẩm quyền quyết định:", "Proposals by decider:"))
    };
    for (decider, awards) in proposals_by_decider(r) {
        s += &if md { format!("\n### {decider}\n\n") } else { format!("\n{decider}\n") };
        for (a, winners) in awards {
            let names: Vec<String> = winners
                .iter()
                .map(|x| match &x.name {
                    Some(n) => format!("{} {}", x.key.render(lang), n.render(lang)),
                    None => x.key.render(lang),
                })
                .collect();
            s += &format!(
                "{}{} ({}): {}\n",
                if md { "- " } else { "  " },
                award_name(a, lang),
                winners.len(),
                names.join(", ")
            );
        }
    }
    s
}

pub fn render(r: &CheckReport, format: Format) -> String {
    match format {
        Format::Table => table(r),
        Format::Md => markdown(r),
        Format::Csv => csv(r),
        Format::Json => {
            let mut out = Vec::new();
            // Writing to memory cannot fail; the text is UTF-8 JSON.
            let _ = write_json(r, &mut out);
            String::from_utf8(out).unwrap_or_default()
        }
        // Binary: written by `crate::report::xlsx::check`.
        Format::Xlsx => String::new(),
        Format::Html => super::html::check(r),
    }
}

/// Every criterion with its status and inputs, for `--explain`.
fn trace_lines(pack: &Pack, r: &AwardResult, lang: Lang) -> Vec<String> {
    let award = &pack.awards[r.award];
    let mut out = Vec::new();
    let w = Words::new(pack, r.dataset, lang);
    for (req, met) in &r.requires {
        let mark = if *met { "✓" } else { "✗" };
        out.push(format!("{mark} {}: {}", lang.pick("Điều kiện tiên quyết", "Prerequisite"), w.title(req)));
    }
    for c in &r.criteria {
        let spec = &award.criteria[c.index];
        let mut s =
            format!("{} {} — {}", status_mark(c.status), criterion_title(spec, lang), status_word(c.status, lang));
        if c.status == CriterionStatus::Failed {
            s += &format!(": {}", why_failed(&w, c));
            // For the pack's author: the condition that said no.
            if reason::needs_inputs(&c.shortfalls) {
                s += &format!(" — {}", spec.condition.trim());
            }
        }
        if !c.inputs.is_empty() {
            s += &format!(" [{}: {}]", lang.pick("dữ liệu", "inputs"), inputs_text(&c.inputs, &w));
        }
        out.push(s);
    }
    out
}

fn header_lines(r: &CheckReport) -> String {
    let lang = r.lang;
    let p = r.pack;
    let mut s = format!("{}: {}\n", lang.pick("Bộ quy tắc", "Rule pack"), super::words::pack_name(p, lang));
    s += &format!("{}: {}\n", lang.pick("Ngày xét", "Evaluation date"), judged_on(r));
    s
}

/// The evaluation date as a report's header gives it: the run's date, or,
/// when rows are judged in their own years, its day and month and the years.
pub fn judged_on(r: &CheckReport) -> String {
    use chrono::Datelike;
    let mut years: Vec<i32> = r.outcome.results.iter().filter_map(|x| x.as_of.map(|d| d.year())).collect();
    years.sort();
    years.dedup();
    if years.is_empty() {
        return r.outcome.as_of.format("%d/%m/%Y").to_string();
    }
    let list = years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", ");
    match r.lang {
        Lang::Vi => format!("{} của năm xét ghi ở từng dòng ({list})", r.outcome.as_of.format("%d/%m")),
        Lang::En => format!("{} of each row's evaluation year ({list})", r.outcome.as_of.format("%d/%m")),
    }
}

fn summary(r: &CheckReport) -> String {
    let n = r.outcome.results.len();
    let ok = r.outcome.results.iter().filter(|x| x.eligible).count();
    match r.lang {
        Lang::Vi => format!("Tổng: {n} lượt xét, {ok} đạt, {} không đạt.\n", n - ok),
        Lang::En => format!("Total: {n} checks, {ok} eligible, {} not eligible.\n", n - ok),
    }
}

fn row_cells(r: &CheckReport, x: &AwardResult) -> Vec<String> {
    let lang = r.lang;
    vec![
        shown_key(x, lang),
        name_of(x, lang),
        award_name(&r.pack.awards[x.award], lang).to_string(),
        verdict(x, lang).to_string(),
    ]
}

fn head_cells(lang: Lang) -> Vec<String> {
    [lang.pick("Mã", "Key"), lang.pick("Tên", "Name"), lang.pick("Danh hiệu", "Award"), lang.pick("Kết quả", "Result")]
        .map(String::from)
        .to_vec()
}

fn table(r: &CheckReport) -> String {
    let lang = r.lang;
    let rows: Vec<Vec<String>> = r.outcome.results.iter().map(|x| row_cells(r, x)).collect();
    let mut out = header_lines(r) + "\n" + columns(&head_cells(lang), &rows).as_str();
    let details: Vec<&AwardResult> = r.outcome.results.iter().filter(|x| r.explain || !x.eligible).collect();
    if !details.is_empty() {
        out += &format!("\n{}\n", lang.pick("Chi tiết:", "Details:"));
        for x in details {
            let name = x.name.as_ref().map(|n| format!(" {}", n.render(lang))).unwrap_or_default();
            out += &format!(
                "\n{}{name} — {}: {}\n",
                shown_key(x, lang),
                award_name(&r.pack.awards[x.award], lang),
                verdict(x, lang).to_uppercase()
            );
            let lines = if r.explain { trace_lines(r.pack, x, lang) } else { reasons(r.pack, x, lang) };
            for l in lines {
                out += &format!("  {l}\n");
            }
        }
    }
    if r.by_decider {
        out += &decider_section(r, false);
    }
    out + "\n" + summary(r).as_str()
}

fn markdown(r: &CheckReport) -> String {
    let lang = r.lang;
    let mut out = format!("# {}\n\n", lang.pick("Kết quả xét danh hiệu", "Eligibility results"));
    for l in header_lines(r).lines() {
        out += &format!("- {l}\n");
    }
    let mut head = head_cells(lang);
    head.push(lang.pick("Lý do", "Reasons").to_string());
    out += &format!("\n| {} |\n|{}\n", head.join(" | "), "---|".repeat(head.len()));
    for x in &r.outcome.results {
        let mut cells = row_cells(r, x);
        let lines = if r.explain { trace_lines(r.pack, x, lang) } else { reasons(r.pack, x, lang) };
        cells.push(lines.join("\n"));
        out += &format!("| {} |\n", cells.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | "));
    }
    if r.by_decider {
        out += &decider_section(r, true);
    }
    out + "\n" + summary(r).as_str()
}

fn csv(r: &CheckReport) -> String {
    if r.by_subject {
        return String::from_utf8(super::by_subject::csv_by_subject(r)).unwrap_or_default();
    }
    let dated = r.outcome.results.iter().any(|x| x.as_of.is_some());
    let shown = shown_ids(r.pack, &r.columns);
    let mut out = csv_head_dated(r.lang, dated, &shown);
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let extra = Extra { dated, shown: &shown };
    write_csv_rows_dated(r.pack, r.lang, r.explain, r.outcome.results.iter(), &mut w, &extra);
    out.extend(w.into_inner().unwrap_or_default());
    String::from_utf8(out).unwrap_or_default()
}

/// The start of a CSV result: a byte-order mark (Excel reads UTF-8 CSV as the
/// local code page without one) and the header.
pub fn csv_head(lang: Lang) -> Vec<u8> {
    csv_head_dated(lang, false, &[])
}

/// The ids of the values the reported awards' datasets show (`values:`),
/// each once, in dataset and declared order: the CSV's last columns. Known
/// from the pack, before any row is read, so a streamed CSV has them too.
pub fn shown_ids(pack: &Pack, reported: &[usize]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (id, ds) in &pack.datasets {
        if !reported.iter().any(|&a| pack.awards[a].dataset_id == *id) {
            continue;
        }
        for v in ds.values.keys() {
            if !out.contains(v) {
                out.push(v.clone());
            }
        }
    }
    out
}

/// The head of a streamed CSV result whose last columns are `shown`.
pub fn csv_head_shown(lang: Lang, shown: &[String]) -> Vec<u8> {
    csv_head_dated(lang, false, shown)
}

/// [`write_csv_rows`] with the shown values as the last columns.
pub fn write_csv_rows_shown<'a, W: std::io::Write>(
    pack: &Pack,
    lang: Lang,
    explain: bool,
    results: impl Iterator<Item = &'a AwardResult>,
    w: &mut ::csv::Writer<W>,
    shown: &[String],
) {
    write_csv_rows_dated(pack, lang, explain, results, w, &Extra { dated: false, shown })
}

/// The columns a CSV of results has beyond the standard ones.
struct Extra<'a> {
    dated: bool,
    shown: &'a [String],
}

/// [`csv_head`], with a `ngay_xet` column after the name when rows are
/// judged in their own years, and the shown values last.
fn csv_head_dated(lang: Lang, dated: bool, shown: &[String]) -> Vec<u8> {
    let mut head = match lang {
        Lang::Vi => {
            vec!["ma", "ten", "bang_du_lieu", "danh_hieu", "ten_danh_hieu", "ket_qua", "tieu_chi_khong_dat", "ly_do"]
        }
        Lang::En => vec!["key", "name", "dataset", "award", "award_name", "result", "failed_criteria", "reasons"],
    };
    if dated {
        head.insert(2, lang.pick("ngay_xet", "as_of"));
    }
    head.extend(shown.iter().map(String::as_str));
    let mut w = ::csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
    let _ = w.write_record(head);
    w.into_inner().unwrap_or_default()
}

/// CSV records, one per result (no header): any run of results can be
/// rendered on its own and the pieces joined.
pub fn csv_rows<'a>(pack: &Pack, lang: Lang, explain: bool, results: impl Iterator<Item = &'a AwardResult>) -> Vec<u8> {
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    write_csv_rows(pack, lang, explain, results, &mut w);
    w.into_inner().unwrap_or_default()
}

/// [`csv_rows`] into a writer.
pub fn write_csv_rows<'a, W: std::io::Write>(
    pack: &Pack,
    lang: Lang,
    explain: bool,
    results: impl Iterator<Item = &'a AwardResult>,
    w: &mut ::csv::Writer<W>,
) {
    write_csv_rows_dated(pack, lang, explain, results, w, &Extra { dated: false, shown: &[] })
}

fn write_csv_rows_dated<'a, W: std::io::Write>(
    pack: &Pack,
    lang: Lang,
    explain: bool,
    results: impl Iterator<Item = &'a AwardResult>,
    w: &mut ::csv::Writer<W>,
    extra: &Extra,
) {
    let dated = extra.dated;
    for x in results {
        let award = &pack.awards[x.award];
        let failed = x.failed_ids(pack).join(";");
        let why = if explain { trace_lines(pack, x, lang) } else { reasons(pack, x, lang) };
        let date = x.as_of.map(|d| d.to_string()).unwrap_or_default();
        let key = super::text::csv_text(&x.key.render(lang)).into_owned();
        let name = super::text::csv_text(&name_of(x, lang)).into_owned();
        let mut record = vec![key.as_str(), name.as_str()];
        if dated {
            record.push(date.as_str());
        }
        let why = super::text::csv_text(&why.join(" | ")).into_owned();
        record.extend([
            dataset_id(pack, x),
            award.id.as_str(),
            award_name(award, lang),
            verdict_code(x.verdict(), lang),
            failed.as_str(),
            why.as_str(),
        ]);
        // As a data file would hold them: decimals with a point, dates
        // YYYY-MM-DD, nothing found as an empty cell.
        let cell = |v: &crate::data::Value| match v {
            crate::data::Value::Null => String::new(),
            crate::data::Value::Date(d) => d.to_string(),
            other => super::text::csv_text(&other.render(lang)).into_owned(),
        };
        let shown: Vec<String> = extra
            .shown
            .iter()
            .map(|id| x.values.iter().find(|(v, _)| v == id).map(|(_, v)| cell(v)).unwrap_or_default())
            .collect();
        record.extend(shown.iter().map(String::as_str));
        let _ = w.write_record(record);
    }
}

fn quota_doc(q: &crate::eval::QuotaCut) -> json::QuotaDoc {
    json::QuotaDoc {
        group: q.group.clone(),
        allowed: q.allowed,
        base: q.base,
        rank: q.rank,
        candidates: q.candidates,
        source: q.source.clone(),
    }
}

/// The JSON document of a check; documented in docs/json.md.
pub fn to_json(r: &CheckReport) -> json::CheckDoc {
    let (head, by_decider) = json_head(r);
    json::CheckDoc {
        pack: head.pack,
        as_of: head.as_of,
        lang: head.lang,
        summary: head.summary,
        results: r.outcome.results.iter().map(|x| result_doc(r.pack, r.lang, x)).collect(),
        by_decider,
        words: super::vocab::input_words(r.pack, r.lang),
    }
}

/// Writes the JSON document of [`to_json`], byte for byte, one result at a
/// time: no document of every result is held (a national file's results
/// would take gigabytes as a tree).
pub fn write_json(r: &CheckReport, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    use serde::ser::{SerializeSeq, SerializeStruct, Serializer};
    struct Results<'a, 'b>(&'a CheckReport<'b>);
    impl serde::Serialize for Results<'_, '_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(self.0.outcome.results.len()))?;
            for x in &self.0.outcome.results {
                seq.serialize_element(&result_doc(self.0.pack, self.0.lang, x))?;
            }
            seq.end()
        }
    }
    struct Doc<'a, 'b>(&'a CheckReport<'b>);
    impl serde::Serialize for Doc<'_, '_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let (head, by_decider) = json_head(self.0);
            // The fields of `json::CheckDoc`, in its order.
            let mut doc = s.serialize_struct("CheckDoc", 7)?;
            doc.serialize_field("pack", &head.pack)?;
            doc.serialize_field("as_of", &head.as_of)?;
            doc.serialize_field("lang", &head.lang)?;
            doc.serialize_field("summary", &head.summary)?;
            doc.serialize_field("results", &Results(self.0))?;
            if let Some(b) = &by_decider {
                doc.serialize_field("by_decider", b)?;
            }
            let words = super::vocab::input_words(self.0.pack, self.0.lang);
            if !words.is_empty() {
                doc.serialize_field("words", &words)?;
            }
            doc.end()
        }
    }
    let mut ser = serde_json::Serializer::pretty(&mut *w);
    serde::Serialize::serialize(&Doc(r), &mut ser).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

/// Appends one element of a JSON document's `results` as [`write_json`]
/// writes it inside the array: `,\n` then the element, every line indented
/// by four spaces (strings in JSON hold no raw line break). The caller drops
/// the first element's `,\n`.
pub fn json_element(pack: &Pack, lang: Lang, x: &AwardResult, out: &mut Vec<u8>) {
    let text = serde_json::to_string_pretty(&result_doc(pack, lang, x)).unwrap_or_default();
    out.extend_from_slice(b",\n    ");
    out.extend_from_slice(text.replace('\n', "\n    ").as_bytes());
}

/// The JSON document of a streamed check around its results: what comes
/// before the results' elements and what follows them, given the counts.
pub fn json_frame(
    pack: &Pack,
    lang: Lang,
    as_of: chrono::NaiveDate,
    checks: usize,
    eligible: usize,
) -> (Vec<u8>, Vec<u8>) {
    #[derive(serde::Serialize)]
    struct Head<'a> {
        pack: &'a json::PackRef,
        as_of: &'a str,
        lang: &'a str,
        summary: &'a json::CheckSummary,
    }
    let pack_ref = json::PackRef { id: pack.id.clone(), title: pack.title.clone(), version: pack.version.clone() };
    let summary = json::CheckSummary { checks, eligible, not_eligible: checks - eligible };
    let head = Head { pack: &pack_ref, as_of: &as_of.to_string(), lang: lang.code(), summary: &summary };
    let text = serde_json::to_string_pretty(&head).unwrap_or_default();
    // `{ … "summary": {…}\n}` less its closing brace, then the array.
    let open = text.strip_suffix("\n}").unwrap_or(&text);
    // The fields after the results, as the whole document writes them.
    #[derive(serde::Serialize)]
    struct Tail {
        words: json::InputWords,
    }
    let words = super::vocab::input_words(pack, lang);
    let tail = match words.is_empty() {
        true => String::new(),
        false => {
            let t = serde_json::to_string_pretty(&Tail { words }).unwrap_or_default();
            format!(",\n{}", t.strip_prefix("{\n").and_then(|t| t.strip_suffix("\n}")).unwrap_or_default())
        }
    };
    if checks == 0 {
        return (format!("{open},\n  \"results\": []{tail}\n}}\n").into_bytes(), Vec::new());
    }
    (format!("{open},\n  \"results\": [\n").into_bytes(), format!("\n  ]{tail}\n}}\n").into_bytes())
}

/// The parts of the JSON document before and after its results.
struct JsonHead {
    pack: json::PackRef,
    as_of: String,
    lang: String,
    summary: json::CheckSummary,
}

fn json_head(r: &CheckReport) -> (JsonHead, Option<Vec<json::DeciderGroup>>) {
    let (p, lang) = (r.pack, r.lang);
    let eligible = r.outcome.results.iter().filter(|x| x.eligible).count();
    let by_decider = r.by_decider.then(|| {
        proposals_by_decider(r)
            .into_iter()
            .map(|(d, awards)| json::DeciderGroup {
                decider: d,
                awards: awards
                    .iter()
                    .map(|(a, w)| json::DeciderAward {
                        award: a.id.clone(),
                        subjects: w.iter().map(|x| x.key.to_json()).collect(),
                    })
                    .collect(),
            })
            .collect()
    });
    let head = JsonHead {
        pack: json::PackRef { id: p.id.clone(), title: p.title.clone(), version: p.version.clone() },
        as_of: r.outcome.as_of.to_string(),
        lang: lang.code().to_string(),
        summary: json::CheckSummary {
            checks: r.outcome.results.len(),
            eligible,
            not_eligible: r.outcome.results.len() - eligible,
        },
    };
    (head, by_decider)
}

/// One result as the JSON document writes it.
fn result_doc(p: &Pack, lang: Lang, x: &AwardResult) -> json::CheckResult {
    let award = &p.awards[x.award];
    let criteria = x
        .criteria
        .iter()
        .map(|c| {
            let spec = &award.criteria[c.index];
            json::CriterionDoc {
                id: spec.id.clone(),
                text: lang.pick_text(&spec.text, spec.text_en.as_deref()).to_string(),
                source: spec.source.clone(),
                status: match c.status {
                    CriterionStatus::Passed => "passed",
                    CriterionStatus::Failed => "failed",
                    CriterionStatus::NotApplicable => "not_applicable",
                    CriterionStatus::NotInForce => "not_in_force",
                }
                .to_string(),
                passed: match c.status {
                    CriterionStatus::Passed => Some(true),
                    CriterionStatus::Failed => Some(false),
                    _ => None,
                },
                inputs: c.inputs.iter().map(|(n, v)| (n.clone(), v.to_json())).collect(),
                reason: (c.status == CriterionStatus::Failed).then(|| why_failed(&Words::new(p, x.dataset, lang), c)),
                computed: c
                    .computed
                    .iter()
                    .map(|f| super::reason::computed_json(f, &Words::new(p, x.dataset, lang)))
                    .collect(),
            }
        })
        .collect();
    json::CheckResult {
        subject: x.key.to_json(),
        as_of: x.as_of.map(|d| d.to_string()),
        values: x.values.iter().map(|(k, v)| (k.clone(), v.to_json())).collect(),
        name: x.name.as_ref().map(|n| n.render(lang)),
        dataset: dataset_id(p, x).to_string(),
        row: x.row,
        award: award.id.clone(),
        award_name: award_name(award, lang).to_string(),
        decider: award.decider.clone(),
        eligible: x.eligible,
        quota: x.quota.as_ref().map(quota_doc),
        over_quota: x.over_quota.as_ref().map(quota_doc),
        failed: x.failed_ids(p).into_iter().map(String::from).collect(),
        requires: x.requires.iter().map(|(a, m)| json::RequirementDoc { award: a.clone(), met: *m }).collect(),
        criteria,
    }
}
