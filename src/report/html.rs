//! One self-contained HTML file (no external assets) that prints on A4 as a
//! document a council signs: national motto and issuing body, title, the
//! tables, place and date, signature block, page numbers, and the run's
//! fingerprint when a manifest was written. The score report renders the
//! same view as the terminal one ([`super::score_view`]); the check report
//! gives one list per award, one reason per line. Written as well-formed
//! XHTML so any XML tool can read it back.

use super::check::CheckReport;
use super::score::ScoreReport;
use super::score_view::{RowKind, ScoreView, Table};
use super::vocab::reasons_numbered;
use crate::i18n::Lang;
use crate::pack::Pack;
use rust_decimal::prelude::ToPrimitive;

pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Escaped text whose line breaks stay line breaks.
fn lines(s: &str) -> String {
    s.split('\n').map(esc).collect::<Vec<_>>().join("<br/>")
}

// Tables take 99.5 % of the line: at 100 % a collapsed border's outer half
// falls past the page's margin and Chromium clips it off the printed page.
const STYLE: &str = "@page { size: A4 landscape; margin: 14mm 12mm 16mm 12mm;
  @bottom-center { content: counter(page) \" / \" counter(pages); font: 9pt 'Times New Roman', serif; } }
@page portrait { size: A4 portrait; }
body { font-family: 'Times New Roman', serif; font-size: 11pt; color: #000; margin: 0; }
.head { display: table; width: 100%; margin-bottom: 10pt; }
.head > div { display: table-cell; width: 50%; text-align: center; vertical-align: top; }
.head b { display: block; } .head .motto { text-decoration: underline; font-weight: bold; }
h1 { font-size: 14pt; text-align: center; margin: 6pt 0 2pt; text-transform: uppercase; }
.sub { text-align: center; margin: 0 0 8pt; font-style: italic; }
h2 { font-size: 12.5pt; margin: 12pt 0 4pt; page-break-after: avoid; }
h3 { font-size: 11.5pt; margin: 10pt 0 4pt; page-break-after: avoid; }
.meta { margin: 0 0 8pt; } .meta span { margin-right: 14pt; }
table { border-collapse: collapse; width: 99.5%; margin-bottom: 8pt; page-break-inside: auto; }
th, td { border: 0.5pt solid #444; padding: 2pt 4pt; vertical-align: top; }
th { background: #eee; font-weight: bold; } th small { display: block; font-weight: normal; }
td.n { text-align: right; white-space: nowrap; } td.c { text-align: center; white-space: nowrap; }
tr.g td { font-weight: bold; background: #f6f6f6; } tr.t td { font-weight: bold; }
tr.d1 td:first-child { padding-left: 12pt; } tr.d2 td:first-child { padding-left: 22pt; }
tr.d3 td:first-child { padding-left: 32pt; }
tr { page-break-inside: avoid; } thead { display: table-header-group; }
th { white-space: nowrap; } th small { white-space: normal; }
table.list { font-size: 10pt; } table.list tr { page-break-inside: auto; }
td.key, td.name { white-space: nowrap; }
.ok { font-weight: bold; } .no { font-style: italic; }
.summary { margin: 4pt 0 6pt; } ol.crit { margin: 0 0 6pt; padding-left: 18pt; font-size: 10pt; }
.sign { display: table; width: 100%; margin-top: 14pt; page-break-inside: avoid; }
.sign > div { display: table-cell; text-align: center; vertical-align: top; }
.sign .date { font-style: italic; margin-bottom: 2pt; }
.sign .who { font-weight: bold; white-space: pre-line; } .sign .name { margin-top: 60pt; font-weight: bold; }
svg { margin: 4pt 0 10pt; }
.fp { margin-top: 12pt; font-size: 9pt; } .fp code { font-size: 8pt; word-break: break-all; }";

/// Quốc hiệu and tiêu ngữ on the right, the issuing body on the left.
fn national_header(pack: &Pack, lang: Lang) -> String {
    // The body that issues this paper (the pack's `report.issuer`), not the
    // one that issued the law the pack encodes.
    let issuer: String = pack.report.issuer.iter().map(|l| format!("<b>{}</b>", esc(l))).collect();
    let (nation, motto) = match lang {
        Lang::Vi => ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
        Lang::En => ("SOCIALIST REPUBLIC OF VIETNAM", "Independence - Freedom - Happiness"),
    };
    format!(
        "<div class=\"head\"><div>{issuer}</div><div><b>{nation}</b><span class=\"motto\">{motto}</span></div></div>\n"
    )
}

/// Place and date (day and month left to be written at signing: the run
/// never reads the clock), then one column per signer.
fn signature(pack: &Pack, year: i32, lang: Lang) -> String {
    let place = pack.report.place.as_deref().unwrap_or("……………");
    let date = match lang {
        Lang::Vi => format!("{}, ngày …… tháng …… năm {year}", esc(place)),
        Lang::En => format!("{}, …… / …… / {year}", esc(place)),
    };
    let signers = &pack.report.signers;
    if signers.is_empty() {
        let who = lang.pick("NGƯỜI LẬP BIỂU", "PREPARED BY");
        return format!(
            "<div class=\"sign\"><div></div><div><div class=\"date\">{date}</div><div class=\"who\">{who}</div><div class=\"name\"></div></div></div>\n"
        );
    }
    let n = signers.len();
    let cols: String = signers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            // The date stands above the last signer, who signs for the body.
            let d = if i + 1 == n {
                format!("<div class=\"date\">{date}</div>")
            } else {
                "<div class=\"date\">&#160;</div>".into()
            };
            let role = lang.pick_text(&s.role, s.role_en.as_deref());
            format!(
                "<div>{d}<div class=\"who\">{}</div><div class=\"name\">{}</div></div>",
                esc(role),
                esc(s.name.as_deref().unwrap_or(""))
            )
        })
        .collect();
    format!("<div class=\"sign\">{cols}</div>\n")
}

/// The closing line of a report made with a manifest: the fingerprint an
/// auditor checks with `thidua verify --expect`.
fn footer(fingerprint: &Option<String>, lang: Lang) -> String {
    match fingerprint {
        Some(fp) => format!(
            "<p class=\"fp\">{} <code>{fp}</code></p>\n",
            esc(lang.pick("Mã kiểm chứng (thidua verify --expect):", "Fingerprint (thidua verify --expect):"))
        ),
        None => String::new(),
    }
}

pub(crate) fn page(lang: &str, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        esc(title)
    )
}

/// A table of the view: numeric columns right-aligned, rows classed by kind
/// and depth, unit names under their keys.
fn table(t: &Table, widths: &[u8]) -> String {
    let numeric: Vec<bool> = (0..t.head.len()).map(|c| t.numeric(c)).collect();
    let mut s = String::from("<table>\n");
    if !widths.is_empty() {
        s += "<colgroup>";
        for w in widths {
            s += &if *w == 0 { "<col/>".to_string() } else { format!("<col style=\"width:{w}%\"/>") };
        }
        s += "</colgroup>\n";
    }
    s += "<thead><tr>";
    for (c, h) in t.head.iter().enumerate() {
        match t.sub.get(c).filter(|x| !x.is_empty()) {
            Some(sub) => s += &format!("<th>{}<small>{}</small></th>", esc(h), esc(sub)),
            None => s += &format!("<th>{}</th>", esc(h)),
        }
    }
    s += "</tr></thead>\n<tbody>\n";
    for r in &t.rows {
        let mut class = match r.kind {
            RowKind::Group => "g".to_string(),
            RowKind::Total | RowKind::Rank => "t".to_string(),
            _ => String::new(),
        };
        if r.depth > 0 {
            class = format!("{class} d{}", r.depth.min(3)).trim().to_string();
        }
        s += &if class.is_empty() { "<tr>".to_string() } else { format!("<tr class=\"{class}\">") };
        for (c, cell) in r.cells.iter().enumerate() {
            // The label column is indented by its class, not by spaces.
            let text = if c == 0 { cell.text.trim_start() } else { cell.text.as_str() };
            if numeric[c] {
                s += &format!("<td class=\"n\">{}</td>", esc(text));
            } else {
                s += &format!("<td>{}</td>", lines(text));
            }
        }
        s += "</tr>\n";
    }
    s + "</tbody>\n</table>\n"
}

/// A horizontal bar per unit, scaled to the cluster's highest total. The
/// chart only draws: its numbers are the view's text.
fn chart(units: &[(&str, f64, String, bool)], lang: Lang) -> String {
    let max = units.iter().map(|u| u.1).fold(0.0_f64, f64::max).max(1.0);
    let (bar_h, gap, label_w, width) = (16.0, 6.0, 170.0, 640.0);
    let h = units.len() as f64 * (bar_h + gap) + gap;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{h}\" role=\"img\" aria-label=\"{}\">\n",
        width + label_w + 60.0,
        esc(lang.pick("Tổng điểm theo đơn vị", "Total points by unit"))
    );
    for (i, (name, total, text, excluded)) in units.iter().enumerate() {
        let y = gap + i as f64 * (bar_h + gap);
        let w = total / max * width;
        s += &format!(
            "<text x=\"0\" y=\"{}\" font-size=\"10\">{}</text><rect x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{bar_h}\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"10\">{}</text>\n",
            y + bar_h - 4.0,
            esc(name),
            if *excluded { "#b0b0b0" } else { "#4a6fa5" },
            label_w + w + 4.0,
            y + bar_h - 4.0,
            esc(text)
        );
    }
    s + "</svg>\n"
}

pub fn score(r: &ScoreReport) -> String {
    use chrono::Datelike;
    let lang = r.lang;
    let view = ScoreView::build(r);
    let fin = r.outcome.final_stage();
    let mut body = national_header(r.pack, lang);
    body += &format!("<h1>{}</h1>\n<p class=\"meta\">", esc(&view.title));
    for (k, v) in &view.meta {
        body += &format!("<span>{}: {}</span> ", esc(k), esc(v));
    }
    body += "</p>\n";
    for c in &view.clusters {
        body += &format!("<h2>{}</h2>\n", esc(&c.title));
        let bars: Vec<(&str, f64, String, bool)> = fin
            .units
            .iter()
            .filter(|u| u.cluster == c.cluster)
            .zip(&c.ranking.rows)
            .map(|(u, row)| {
                let name = u.name.as_deref().unwrap_or("");
                (name, u.total.to_f64().unwrap_or(0.0), row.cells[3].text.clone(), !u.disqualified.is_empty())
            })
            .collect();
        body += &chart(&bars, lang);
        body += &table(&c.sheet, &[]);
        body +=
            &format!("<h3>{}</h3>\n", esc(lang.pick("Xếp hạng và đề nghị khen thưởng", "Ranking and award proposals")));
        // Rank, key, name, total, band, proposal; the notes take the rest.
        body += &table(&c.ranking, &[5, 5, 12, 7, 13, 16, 0]);
        if let Some(st) = &c.stages {
            body += &format!(
                "<h3>{}</h3>\n",
                esc(lang.pick("Chênh lệch điểm giữa các vòng chấm", "Differences between scoring stages"))
            );
            body += &table(st, &[]);
        }
    }
    body += &signature(r.pack, r.outcome.as_of.year(), lang);
    body += &footer(&r.fingerprint, lang);
    page(lang.code(), &view.title, &body)
}

/// One list per award: who is proposed, who is not and why (one reason per
/// line), with the article and who decides.
pub fn check(r: &CheckReport) -> String {
    use chrono::Datelike;
    let lang = r.lang;
    let title = lang.pick_text(&r.pack.title, r.pack.title_en.as_deref()).to_string();
    let mut body = national_header(r.pack, lang);
    body += &format!(
        "<h1>{}</h1>\n<p class=\"sub\">{}: {}</p>\n",
        esc(&title),
        lang.pick("Ngày xét", "Evaluation date"),
        esc(&super::check::judged_on(r))
    );
    for (ai, award) in r.pack.awards.iter().enumerate() {
        let results: Vec<_> = r.outcome.results.iter().filter(|x| x.award == ai).collect();
        if results.is_empty() {
            continue;
        }
        body += &format!("<h2>{}</h2>\n", esc(lang.pick_text(&award.name, award.name_en.as_deref())));
        let mut facts = Vec::new();
        if let Some(s) = &award.source {
            facts.push(format!("{}: {}", lang.pick("Căn cứ", "Basis"), s));
        }
        if let Some(d) = &award.decider {
            facts.push(format!("{}: {}", lang.pick("Thẩm quyền", "Decided by"), d));
        }
        let met = results.iter().filter(|x| x.verdict().proposed()).count();
        facts.push(match lang {
            Lang::Vi => format!("{} lượt xét, {met} đạt, {} không đạt", results.len(), results.len() - met),
            Lang::En => format!("{} checked, {met} met, {} not met", results.len(), results.len() - met),
        });
        body +=
            &format!("<p class=\"summary\">{}</p>\n", facts.iter().map(|f| esc(f)).collect::<Vec<_>>().join("<br/>"));
        // The criteria once, numbered; the rows below name them by number.
        body += "<ol class=\"crit\">";
        for c in &award.criteria {
            body += &format!("<li>{}</li>", esc(&super::vocab::criterion_title(c, lang)));
        }
        body += "</ol>\n";
        body += "<table class=\"list\">\n<colgroup><col style=\"width:4%\"/><col style=\"width:7%\"/><col style=\"width:15%\"/><col style=\"width:9%\"/><col/></colgroup>\n";
        body += &format!(
            "<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            lang.pick("STT", "No."),
            lang.pick("Mã", "Key"),
            lang.pick("Họ tên / Tên", "Name"),
            lang.pick("Kết quả", "Result"),
            lang.pick("Lý do chưa đạt", "Why not met")
        );
        // Those who qualify first: the list the council votes on.
        let mut ordered = results.clone();
        ordered.sort_by_key(|x| !(x.verdict().proposed()));
        for (i, x) in ordered.iter().enumerate() {
            let ok = x.verdict().proposed();
            let why = reasons_numbered(r.pack, x, lang);
            body += &format!(
                "<tr><td class=\"c\">{}</td><td class=\"key\">{}</td><td class=\"name\">{}</td><td class=\"{}\">{}</td><td>{}</td></tr>\n",
                i + 1,
                esc(&super::vocab::shown_key(x, lang)),
                esc(&x.name.as_ref().map(|n| n.render(lang)).unwrap_or_default()),
                if ok { "ok" } else { "no" },
                esc(super::vocab::verdict(x, lang)),
                why.iter().map(|w| esc(w)).collect::<Vec<_>>().join("<br/>")
            );
        }
        body += "</tbody>\n</table>\n";
    }
    body += &signature(r.pack, r.outcome.as_of.year(), lang);
    body += &footer(&r.fingerprint, lang);
    page(lang.code(), &title, &body)
}
