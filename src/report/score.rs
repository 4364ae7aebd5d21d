//! Reports of `thidua score`: the conference table (criteria as rows, units
//! as columns), the ranking with proposals, stage differences; as text,
//! Markdown, CSV or JSON.

use super::json;
use super::score_view::{ScoreView, Table};
use super::text::{columns, md_cell};
use super::unit_notes::UnitNotes;
use super::Format;
use crate::eval::score::{ScoreOutcome, StageScores, UnitScore};
use crate::i18n::Lang;
use crate::pack::scorecard::{BonusKind, Node, Scorecard};
use crate::pack::Pack;
use rayon::prelude::*;
use rust_decimal::Decimal;

pub struct ScoreReport<'a> {
    pub pack: &'a Pack,
    pub outcome: &'a ScoreOutcome,
    pub lang: Lang,
    pub explain: bool,
    /// The run's fingerprint, printed in the footer of HTML and xlsx reports.
    pub fingerprint: Option<String>,
}

impl ScoreReport<'_> {
    pub fn sc(&self) -> &Scorecard {
        &self.pack.scorecards[self.outcome.scorecard]
    }
}

pub fn render(r: &ScoreReport, format: Format) -> String {
    match format {
        Format::Table => text(r, false),
        Format::Md => text(r, true),
        Format::Csv => csv(r),
        Format::Json => json::to_text(&to_json(r)),
        // Binary: written by `crate::report::xlsx::score`.
        Format::Xlsx => String::new(),
        Format::Html => super::html::score(r),
    }
}

pub fn num(d: Decimal) -> String {
    d.normalize().to_string()
}

fn node_name(n: &Node, lang: Lang) -> &str {
    lang.pick_text(&n.name, n.name_en.as_deref())
}

pub fn method_label(m: crate::pack::scorecard::Method, lang: Lang) -> &'static str {
    use crate::pack::scorecard::Method::*;
    match m {
        Target => lang.pick("so với chỉ tiêu", "against target"),
        TargetRelative => lang.pick("đạt chỉ tiêu + so với đơn vị dẫn đầu", "target + relative to the leader"),
        TargetLower => lang.pick("chỉ tiêu, thấp hơn là tốt", "target, lower is better"),
        PassFail => lang.pick("đạt/không đạt", "pass/fail"),
        Count => lang.pick("số lượng × điểm", "count × points"),
        Deduction => lang.pick("trừ điểm mỗi lần", "deduction per occurrence"),
        Bands => lang.pick("theo khoảng giá trị", "bands"),
        Manual => lang.pick("Cụm chấm", "entered by the council"),
        Relative => lang.pick("so với đơn vị tốt nhất Cụm", "relative to the cluster's best"),
        Script => lang.pick("công thức", "formula"),
    }
}

/// What a reader calls a column the scorecard reads: its label in the
/// scored dataset or a joined one, else its code.
pub(super) fn column_words(pack: &crate::pack::Pack, sc: &Scorecard, column: &str, lang: Lang) -> String {
    let mut sets = vec![sc.dataset.as_str()];
    sets.extend(sc.join.iter().map(String::as_str));
    if let Some(units) = pack.datasets.get(&sc.dataset).and_then(|d| d.composed.as_ref()) {
        sets.push(units.units.as_str());
    }
    sets.iter()
        .filter_map(|d| pack.datasets.get(*d))
        .find_map(|d| d.columns.get(column).map(|c| c.label_in(column, lang).to_string()))
        .unwrap_or_else(|| column.to_string())
}

fn table_block(md: bool, head: Vec<String>, rows: Vec<Vec<String>>) -> String {
    if md {
        let mut s = format!(
            "| {} |\n|{}\n",
            head.iter().map(|h| md_cell(h)).collect::<Vec<_>>().join(" | "),
            "---|".repeat(head.len())
        );
        for r in rows {
            s += &format!("| {} |\n", r.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | "));
        }
        s
    } else {
        columns(&head, &rows)
    }
}

fn text(r: &ScoreReport, md: bool) -> String {
    let lang = r.lang;
    let sc = r.sc();
    let view = ScoreView::build(r);
    let h = |s: &str| if md { format!("## {s}\n\n") } else { format!("{s}\n") };
    let h3 = |s: &str| if md { format!("### {s}\n\n") } else { format!("{s}\n") };
    let mut out = if md { format!("# {}\n\n", view.title) } else { format!("{}\n", view.title) };
    for (k, v) in &view.meta {
        out += &if md { format!("- {k}: {v}\n") } else { format!("{k}: {v}\n") };
    }
    out += "\n";
    // One line per cell: notes of several sentences join with "; ".
    let texts = |t: &Table| -> Vec<Vec<String>> {
        t.rows.iter().map(|r| r.cells.iter().map(|c| c.text.replace('\n', "; ")).collect()).collect()
    };
    let nodes = sc.nodes();
    let fin = r.outcome.final_stage();
    for c in &view.clusters {
        out += &h(&c.title);
        out += &table_block(md, c.sheet.head.clone(), texts(&c.sheet));
        out += "\n";
        out += &h3(lang.pick("Xếp hạng và đề nghị khen thưởng", "Ranking and award proposals"));
        out += &table_block(md, c.ranking.head.clone(), texts(&c.ranking));
        out += "\n";
        if let Some(st) = &c.stages {
            out += &h3(lang.pick("Chênh lệch điểm giữa các vòng chấm", "Differences between scoring stages"));
            out += &table_block(md, st.head.clone(), texts(st));
            out += "\n";
        }
        if r.explain {
            out += &h3(lang.pick("Chi tiết cách tính", "How each score was computed"));
            let labels = super::score_view::criterion_labels(sc, lang);
            let pts = super::score_view::Points::new(sc, lang);
            // An input by its column's label and its value as the reader
            // writes it: the unit's dataset first, then those joined to it.
            let datasets: Vec<usize> = std::iter::once(&sc.dataset)
                .chain(&sc.join)
                .chain(sc.long.as_ref().map(|l| &l.dataset))
                .filter_map(|d| r.pack.datasets.get_index_of(d))
                .collect();
            let input = |k: &str, v: &crate::data::Value| {
                let at = datasets.iter().copied().find(|&d| r.pack.datasets[d].columns.contains_key(k));
                let w = super::words::Words::new(r.pack, at.or(datasets.first().copied()).unwrap_or(usize::MAX), lang);
                format!("{} = {}", w.column(k), w.value(k, v))
            };
            for u in fin.units.iter().filter(|u| u.cluster == c.cluster) {
                out += &format!(
                    "{}{} {}\n",
                    if md { "- " } else { "" },
                    u.key.render(lang),
                    u.name.clone().unwrap_or_default()
                );
                for (i, n) in nodes.iter().enumerate() {
                    if n.is_group() {
                        continue;
                    }
                    let ins = u.inputs[i].iter().map(|(k, v)| input(k, v)).collect::<Vec<_>>().join("; ");
                    let method = n.method.map(|m| method_label(m, lang)).unwrap_or_default();
                    out += &format!(
                        "{}  {}: {} / {} ({method}; {ins})\n",
                        if md { "  -" } else { "" },
                        labels[i],
                        pts.text(u.points[i]),
                        pts.plain(Scorecard::max_of(n)).text
                    );
                }
            }
            out += "\n";
        }
    }
    out
}

fn csv(r: &ScoreReport) -> String {
    let mut pieces = Vec::new();
    let _ = csv_pieces(r, &mut |p| {
        pieces.push(p);
        Ok(())
    });
    // One allocation of the whole file: growing it by doubling would touch
    // (and copy) twice its size, and fresh pages are what a large sheet's
    // run spends most on.
    let mut bytes = Vec::with_capacity(pieces.iter().map(Vec::len).sum());
    pieces.iter().for_each(|p| bytes.extend_from_slice(p));
    String::from_utf8(bytes).unwrap_or_default()
}

/// Units rendered together before their rows are handed on; the next block
/// is rendered while this one is written.
const CSV_BLOCK: usize = 2048;

/// The CSV sheet in pieces, handed to `emit` in order as they are made: the
/// header row (with the BOM), then the units a few hundred at a time. A file
/// is written while the rest is rendered, so a national sheet is never held
/// whole, and most of it is on disk by the time the last row is made.
/// Stops at `emit`'s first error.
pub fn csv_pieces(
    r: &ScoreReport,
    emit: &mut (dyn FnMut(Vec<u8>) -> std::io::Result<()> + Send),
) -> std::io::Result<()> {
    let lang = r.lang;
    let sc = r.sc();
    let nodes = sc.nodes();
    // Excel reads UTF-8 CSV as the local code page unless it starts with a BOM.
    let mut w = ::csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
    let staged = r.outcome.stages.len() > 1;
    let mut head: Vec<String> = match lang {
        Lang::Vi => vec!["cum", "ma", "ten"],
        Lang::En => vec!["cluster", "key", "name"],
    }
    .into_iter()
    .map(String::from)
    .collect();
    if staged {
        head.push(lang.pick("vong_cham", "stage").into());
    }
    head.extend(nodes.iter().map(|n| n.id.clone()));
    let tail = match lang {
        Lang::Vi => ["tong_diem", "xep_loai", "xep_hang", "loai_tru", "de_nghi", "ghi_chu"],
        Lang::En => ["total", "band", "rank", "disqualified", "proposal", "notes"],
    };
    head.extend(tail.iter().map(|s| s.to_string()));
    let _ = w.write_record(&head);
    emit(w.into_inner().unwrap_or_default())?;
    // Rows are independent: rendered in parallel, kept in order. Numbers
    // go through one reused buffer, not a string each.
    let unit_notes = UnitNotes::new(r.pack, sc, lang);
    let record = |w: &mut ::csv::Writer<Vec<u8>>, bufs: &mut [String; 2], st: &StageScores, u: &UnitScore| {
        let [buf, note] = bufs;
        let safe = super::text::csv_text;
        let _ = w.write_field(&*safe(u.cluster.as_str()));
        let _ = w.write_field(&*safe(&u.key.render(lang)));
        let _ = w.write_field(&*safe(u.name.as_deref().unwrap_or_default()));
        if staged {
            let _ = w.write_field(&*safe(st.stage.as_deref().unwrap_or_default()));
        }
        for p in u.points.iter().chain([&u.total]) {
            buf.clear();
            crate::decimal_text::push(buf, *p, true);
            let _ = w.write_field(&*buf);
        }
        let _ = w.write_field(u.band.map(|b| sc.bands[b].id.as_str()).unwrap_or_default());
        let _ = w.write_field(u.rank.map(|x| x.to_string()).unwrap_or_default());
        let _ = w.write_field(crate::i18n::yes_no(lang, !u.disqualified.is_empty()));
        let _ = w.write_field(u.proposal.map(|p| sc.proposals[p].award.as_str()).unwrap_or_default());
        buf.clear();
        unit_notes.push_joined(u, "; ", buf, note);
        let _ = w.write_field(&*safe(buf));
        let _ = w.write_record(None::<&[u8]>);
    };
    let mut ready: Vec<Vec<u8>> = Vec::new();
    for st in &r.outcome.stages {
        for block in st.units.chunks(CSV_BLOCK) {
            let render = || -> Vec<Vec<u8>> {
                block
                    .par_chunks(256)
                    .map(|units| {
                        let mut bufs = [String::new(), String::new()];
                        let mut w = ::csv::Writer::from_writer(Vec::new());
                        let Some((first, rest)) = units.split_first() else { return Vec::new() };
                        record(&mut w, &mut bufs, st, first);
                        // The piece is sized from its first row, a quarter to
                        // spare: grown by doubling, it was copied into fresh
                        // memory a dozen times, and on a virtual machine a
                        // fresh page costs more than the rows written on it.
                        let mut piece = w.into_inner().unwrap_or_default();
                        let want = piece.len().saturating_mul(units.len());
                        piece.reserve(want.saturating_add(want / 4));
                        let mut w = ::csv::Writer::from_writer(piece);
                        for u in rest {
                            record(&mut w, &mut bufs, st, u);
                        }
                        w.into_inner().unwrap_or_default()
                    })
                    .collect()
            };
            let done = std::mem::take(&mut ready);
            let (made, handed) = rayon::join(render, || done.into_iter().try_for_each(&mut *emit));
            handed?;
            ready = made;
        }
    }
    ready.into_iter().try_for_each(emit)
}

fn unit_json(
    sc: &Scorecard,
    nodes: &[&Node],
    unit_notes: &UnitNotes,
    u: &UnitScore,
    lang: Lang,
    explain: bool,
) -> json::UnitDoc {
    let notes = unit_notes.of(u);
    json::UnitDoc {
        unit: u.key.to_json(),
        name: u.name.clone(),
        cluster: u.cluster.as_str().to_string(),
        row: u.row,
        total: num(u.total),
        rank: u.rank,
        disqualified: !u.disqualified.is_empty(),
        disqualified_by: u.disqualified.iter().map(|&g| sc.disqualify[g].id.clone()).collect(),
        band: u.band.map(|b| sc.bands[b].id.clone()),
        award: u.proposal.map(|p| sc.proposals[p].award.clone()),
        award_name: u
            .proposal
            .map(|p| lang.pick_text(&sc.proposals[p].name, sc.proposals[p].name_en.as_deref()).to_string()),
        notes,
        points: nodes.iter().zip(&u.points).map(|(n, p)| (n.id.clone(), num(*p))).collect(),
        inputs: explain.then(|| {
            nodes
                .iter()
                .zip(&u.inputs)
                .filter(|(_, i)| !i.is_empty())
                .map(|(n, i)| (n.id.clone(), i.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()))
                .collect()
        }),
    }
}

/// The JSON document of a scoring run; documented in docs/json.md.
pub fn to_json(r: &ScoreReport) -> json::ScoreDoc {
    let lang = r.lang;
    let sc = r.sc();
    let nodes = sc.nodes();
    let fin = r.outcome.final_stage();
    let criteria = nodes
        .iter()
        .map(|n| json::ScoreCriterion {
            id: n.id.clone(),
            name: node_name(n, lang).to_string(),
            max: num(Scorecard::max_of(n)),
            group: n.is_group(),
            kind: match n.kind {
                Some(BonusKind::Penalty) => "penalty",
                Some(BonusKind::Bonus) => "bonus",
                None if sc.bonuses.iter().any(|b| b.id == n.id) => "bonus",
                None => "criterion",
            }
            .to_string(),
            source: n.source.clone(),
        })
        .collect();
    let points = |u: &UnitScore| nodes.iter().zip(&u.points).map(|(n, p)| (n.id.clone(), num(*p))).collect();
    let leaders = |s: &crate::eval::score::StageScores| {
        s.leaders
            .iter()
            .map(|l| json::LeaderDoc {
                cluster: l.cluster.as_str().to_string(),
                criterion: nodes[l.node].id.clone(),
                best: num(l.best),
                units: l.units.iter().map(|k| k.to_json()).collect(),
            })
            .collect::<Vec<_>>()
    };
    let stages = (r.outcome.stages.len() > 1).then(|| {
        r.outcome
            .stages
            .iter()
            .map(|s| json::StageDoc {
                stage: s.stage.clone(),
                units: s
                    .units
                    .iter()
                    .map(|u| json::StageUnit {
                        unit: u.key.to_json(),
                        cluster: u.cluster.as_str().to_string(),
                        total: num(u.total),
                        points: points(u),
                    })
                    .collect(),
                leaders: leaders(s),
            })
            .collect()
    });
    json::ScoreDoc {
        pack: json::PackRef { id: r.pack.id.clone(), title: r.pack.title.clone(), version: r.pack.version.clone() },
        scorecard: json::ScorecardRef {
            id: sc.id.clone(),
            name: lang.pick_text(&sc.name, sc.name_en.as_deref()).to_string(),
            max_total: num(r.outcome.max_total),
            places: Some(sc.rounding.places),
        },
        as_of: r.outcome.as_of.to_string(),
        lang: lang.code().to_string(),
        stage: fin.stage.clone(),
        criteria,
        units: {
            let unit_notes = UnitNotes::new(r.pack, sc, lang);
            fin.units.iter().map(|u| unit_json(sc, &nodes, &unit_notes, u, lang, r.explain)).collect()
        },
        leaders: leaders(fin),
        stages,
        // The inputs' words, where there are inputs to name.
        words: match r.explain {
            true => super::vocab::input_words(r.pack, lang),
            false => json::InputWords::default(),
        },
    }
}
