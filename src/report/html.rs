//! One self-contained HTML file (no external assets) that prints cleanly on
//! A4: the same tables as the text report, and for `score` an inline SVG bar
//! chart of totals per cluster. Written as well-formed XHTML so any XML tool
//! can read it back.

use super::check::{reasons, CheckReport};
use super::score::{notes, num, ScoreReport};
use crate::pack::scorecard::Scorecard;
use rust_decimal::prelude::ToPrimitive;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const STYLE: &str = "@page { size: A4 landscape; margin: 12mm; }
body { font-family: 'Times New Roman', serif; font-size: 11pt; color: #000; }
h1 { font-size: 15pt; margin: 0 0 4pt; } h2 { font-size: 13pt; margin: 12pt 0 4pt; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin-bottom: 8pt; page-break-inside: auto; }
th, td { border: 0.5pt solid #444; padding: 2pt 4pt; vertical-align: top; }
th { background: #eee; } td.n { text-align: right; white-space: nowrap; }
tr.g td { font-weight: bold; background: #f6f6f6; } tr.t td { font-weight: bold; }
tr { page-break-inside: avoid; } thead { display: table-header-group; }
.meta { margin: 0 0 8pt; } svg { margin: 4pt 0 10pt; }
.fp { margin-top: 12pt; font-size: 9pt; } .fp code { font-size: 8pt; word-break: break-all; }";

/// The closing line of a report made with a manifest: the fingerprint an
/// auditor checks with `thidua verify --expect`.
fn footer(fingerprint: &Option<String>, lang: crate::i18n::Lang) -> String {
    match fingerprint {
        Some(fp) => format!(
            "<p class=\"fp\">{} <code>{fp}</code></p>\n",
            esc(lang.pick("Mã kiểm chứng (thidua verify --expect):", "Fingerprint (thidua verify --expect):"))
        ),
        None => String::new(),
    }
}

fn page(lang: &str, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        esc(title)
    )
}

fn row(cells: &[(String, bool)], class: &str) -> String {
    let tds: String = cells
        .iter()
        .map(|(c, n)| if *n { format!("<td class=\"n\">{}</td>", esc(c)) } else { format!("<td>{}</td>", esc(c)) })
        .collect();
    if class.is_empty() {
        format!("<tr>{tds}</tr>\n")
    } else {
        format!("<tr class=\"{class}\">{tds}</tr>\n")
    }
}

fn head(cols: &[String]) -> String {
    format!("<thead><tr>{}</tr></thead>\n", cols.iter().map(|c| format!("<th>{}</th>", esc(c))).collect::<String>())
}

/// A horizontal bar per unit, scaled to the cluster's highest total.
fn chart(units: &[&crate::eval::score::UnitScore], lang: crate::i18n::Lang) -> String {
    let max = units.iter().filter_map(|u| u.total.to_f64()).fold(0.0_f64, f64::max).max(1.0);
    let (bar_h, gap, label_w, width) = (16.0, 6.0, 170.0, 640.0);
    let h = units.len() as f64 * (bar_h + gap) + gap;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{h}\" role=\"img\" aria-label=\"{}\">\n",
        width + label_w + 60.0,
        esc(lang.pick("Tổng điểm theo đơn vị", "Total points by unit"))
    );
    for (i, u) in units.iter().enumerate() {
        let y = gap + i as f64 * (bar_h + gap);
        let w = u.total.to_f64().unwrap_or(0.0) / max * width;
        let name = u.name.clone().unwrap_or_else(|| u.key.render(lang));
        s += &format!(
            "<text x=\"0\" y=\"{}\" font-size=\"10\">{}</text><rect x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{bar_h}\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{}\" font-size=\"10\">{}</text>\n",
            y + bar_h - 4.0,
            esc(&name),
            if u.disqualified.is_empty() { "#4a6fa5" } else { "#b0b0b0" },
            label_w + w + 4.0,
            y + bar_h - 4.0,
            num(u.total)
        );
    }
    s + "</svg>\n"
}

pub fn score(r: &ScoreReport) -> String {
    let lang = r.lang;
    let sc: &Scorecard = &r.pack.scorecards[r.outcome.scorecard];
    let nodes = sc.nodes();
    let fin = r.outcome.final_stage();
    let title = lang.pick_text(&sc.name, sc.name_en.as_deref()).to_string();
    let mut body = format!(
        "<h1>{}</h1>\n<p class=\"meta\">{}: {} — {}: {}</p>\n",
        esc(&title),
        lang.pick("Bộ quy tắc", "Rule pack"),
        esc(&r.pack.id),
        lang.pick("Ngày xét", "Evaluation date"),
        r.outcome.as_of.format("%d/%m/%Y")
    );
    let mut clusters: Vec<&str> = fin.units.iter().map(|u| u.cluster.as_str()).collect();
    clusters.dedup();
    for cluster in clusters {
        let units: Vec<_> = fin.units.iter().filter(|u| u.cluster == cluster).collect();
        body += &format!("<h2>{} {}</h2>\n", lang.pick("Cụm", "Cluster"), esc(cluster));
        body += &chart(&units, lang);
        let mut cols = vec![lang.pick("Tiêu chí", "Criterion").to_string(), lang.pick("Tối đa", "Max").to_string()];
        cols.extend(units.iter().map(|u| u.key.render(lang)));
        body += "<table>\n";
        body += &head(&cols);
        body += "<tbody>\n";
        for (i, n) in nodes.iter().enumerate() {
            let mut cells = vec![
                (lang.pick_text(&n.name, n.name_en.as_deref()).to_string(), false),
                (num(Scorecard::max_of(n)), true),
            ];
            cells.extend(units.iter().map(|u| (num(u.points[i]), true)));
            body += &row(&cells, if n.is_group() { "g" } else { "" });
        }
        let mut total = vec![(lang.pick("Tổng điểm", "Total").to_string(), false), (num(r.outcome.max_total), true)];
        total.extend(units.iter().map(|u| (num(u.total), true)));
        body += &row(&total, "t");
        let mut rank = vec![(lang.pick("Xếp hạng", "Rank").to_string(), false), (String::new(), false)];
        rank.extend(units.iter().map(|u| (u.rank.map(|k| k.to_string()).unwrap_or_else(|| "—".into()), true)));
        body += &row(&rank, "t");
        body += "</tbody>\n</table>\n";
        let cols: Vec<String> = [
            lang.pick("Hạng", "Rank"),
            lang.pick("Mã", "Key"),
            lang.pick("Tên", "Name"),
            lang.pick("Tổng điểm", "Total"),
            lang.pick("Đề nghị", "Proposal"),
            lang.pick("Ghi chú", "Notes"),
        ]
        .map(String::from)
        .to_vec();
        body += "<table>\n";
        body += &head(&cols);
        body += "<tbody>\n";
        for u in &units {
            let prop = u
                .proposal
                .map(|p| lang.pick_text(&sc.proposals[p].name, sc.proposals[p].name_en.as_deref()).to_string());
            body += &row(
                &[
                    (u.rank.map(|k| k.to_string()).unwrap_or_else(|| "—".into()), true),
                    (u.key.render(lang), false),
                    (u.name.clone().unwrap_or_default(), false),
                    (num(u.total), true),
                    (prop.unwrap_or_default(), false),
                    (notes(sc, u, lang).join("; "), false),
                ],
                "",
            );
        }
        body += "</tbody>\n</table>\n";
    }
    body += &footer(&r.fingerprint, lang);
    page(lang.code(), &title, &body)
}

pub fn check(r: &CheckReport) -> String {
    let lang = r.lang;
    let title = lang.pick_text(&r.pack.title, r.pack.title_en.as_deref()).to_string();
    let mut body = format!(
        "<h1>{}</h1>\n<p class=\"meta\">{}: {}</p>\n<table>\n",
        esc(&title),
        lang.pick("Ngày xét", "Evaluation date"),
        r.outcome.as_of.format("%d/%m/%Y")
    );
    let cols: Vec<String> = [
        lang.pick("Mã", "Key"),
        lang.pick("Tên", "Name"),
        lang.pick("Danh hiệu", "Award"),
        lang.pick("Kết quả", "Result"),
        lang.pick("Lý do", "Reasons"),
    ]
    .map(String::from)
    .to_vec();
    body += &head(&cols);
    body += "<tbody>\n";
    for x in &r.outcome.results {
        let award = &r.pack.awards[x.award];
        let result = super::check::verdict(x, lang);
        body += &row(
            &[
                (x.key.render(lang), false),
                (x.name.as_ref().map(|n| n.render(lang)).unwrap_or_default(), false),
                (lang.pick_text(&award.name, award.name_en.as_deref()).to_string(), false),
                (result.to_string(), false),
                (reasons(r.pack, x, lang).join(" | "), false),
            ],
            "",
        );
    }
    body += "</tbody>\n</table>\n";
    body += &footer(&r.fingerprint, lang);
    page(lang.code(), &title, &body)
}
