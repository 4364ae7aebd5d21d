//! One view of a scoring run that every human-facing writer renders: the
//! text table, Markdown, HTML and the workbook show the same rows, columns
//! and words because they read them from here. Numbers keep their exact
//! value (for the workbook's number cells) beside their text, padded to the
//! scorecard's rounding places in the reader's style (`104,47`, `90,00`).

use super::score::ScoreReport;
use super::unit_notes::UnitNotes;
use crate::data::Key;
use crate::eval::score::{next_band_miss, UnitScore};
use crate::i18n::Lang;
use crate::pack::scorecard::{BonusKind, Node, Scorecard, Threshold};
use rust_decimal::Decimal;

/// A cell: its text, and its number when it is one.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub number: Option<Decimal>,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell { text: s.into(), number: None }
    }
}

/// What a row of the conference table is, for bold, indent and sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Group,
    Item,
    Bonus,
    Penalty,
    Total,
    Rank,
    Plain,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub kind: RowKind,
    /// Depth in the criteria tree (0 for top-level groups).
    pub depth: usize,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub head: Vec<String>,
    /// A second heading line per column (the unit's name under its key);
    /// empty where there is none.
    pub sub: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    /// Whether column `c` holds numbers (right-aligned).
    pub fn numeric(&self, c: usize) -> bool {
        let cells: Vec<&Cell> = self.rows.iter().filter_map(|r| r.cells.get(c)).collect();
        !cells.is_empty() && cells.iter().all(|x| x.number.is_some() || x.text.is_empty() || x.text == "—")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClusterView {
    /// "Cụm VI", "Khối 1", or "Bảng điểm" when the scorecard has no clusters.
    pub title: String,
    pub cluster: Key,
    pub sheet: Table,
    pub ranking: Table,
    /// Criteria whose points differ between scoring stages.
    pub stages: Option<Table>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScoreView {
    pub title: String,
    /// "Label: value" lines under the title.
    pub meta: Vec<(String, String)>,
    pub clusters: Vec<ClusterView>,
}

/// Formats points as the sheet writes them.
pub struct Points {
    places: u32,
    lang: Lang,
    /// Items kept exact (`rounding.at: total`) are shown rounded, as the
    /// sheet writes them; the total was rounded where it was computed.
    shown: Option<crate::pack::scorecard::RoundMode>,
}

impl Points {
    pub fn new(sc: &Scorecard, lang: Lang) -> Points {
        let shown = (sc.rounding.at == crate::pack::scorecard::RoundAt::Total).then_some(sc.rounding.mode);
        Points { places: sc.rounding.places, lang, shown }
    }
    /// Points padded to the rounding places: `8,50`, `90,00`.
    pub fn text(&self, d: Decimal) -> String {
        // Never fewer places than the value has: padding only, no rounding
        // of what was decided (exact items are shown at the sheet's places).
        let d = self.shown.map(|m| m.apply(d, self.places)).unwrap_or(d);
        let mut d = d.normalize();
        d.rescale(self.places.max(d.scale()));
        crate::i18n::number(d, self.lang)
    }
    pub fn cell(&self, d: Decimal) -> Cell {
        Cell { text: self.text(d), number: Some(d) }
    }
    /// A maximum or a threshold, as declared (`10`, `2,5`).
    pub fn plain(&self, d: Decimal) -> Cell {
        Cell { text: crate::i18n::number(d.normalize(), self.lang), number: Some(d) }
    }
}

fn node_name(n: &Node, lang: Lang) -> &str {
    lang.pick_text(&n.name, n.name_en.as_deref())
}

fn roman(mut n: usize) -> String {
    let table = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s += r;
            n -= v;
        }
    }
    s
}

/// Each node's number on the sheet ("I", "1", "1.2"; "+" or "−" for bonus
/// and penalty rows), kind and depth, in `Scorecard::nodes()` order. A node
/// that declares its `code` ("4a", as the plan numbers it) prints that.
pub fn numbering(sc: &Scorecard) -> Vec<(String, RowKind, usize)> {
    fn walk(n: &Node, depth: usize, number: String, out: &mut Vec<(String, RowKind, usize)>) {
        let number = n.code.clone().filter(|c| !c.trim().is_empty()).unwrap_or(number);
        let kind = if n.is_group() { RowKind::Group } else { RowKind::Item };
        out.push((number.clone(), kind, depth));
        for (i, c) in n.children().iter().enumerate() {
            let sub = if depth == 0 { format!("{}", i + 1) } else { format!("{number}.{}", i + 1) };
            walk(c, depth + 1, sub, out);
        }
    }
    let mut out = Vec::new();
    for (i, g) in sc.groups.iter().enumerate() {
        walk(g, 0, roman(i + 1), &mut out);
    }
    for b in &sc.bonuses {
        match b.kind.unwrap_or(BonusKind::Bonus) {
            BonusKind::Bonus => out.push(("+".into(), RowKind::Bonus, 0)),
            BonusKind::Penalty => out.push(("−".into(), RowKind::Penalty, 0)),
        }
    }
    out
}

/// The word for a scoring stage: the label of the stage column's value.
pub fn stage_label(r: &ScoreReport, stage: &Option<String>) -> String {
    let sc = r.sc();
    let Some(code) = stage else { return String::new() };
    let column = sc.stages.as_ref().and_then(|s| r.pack.datasets.get(&sc.dataset)?.columns.get(&s.column));
    column.map_or_else(|| code.clone(), |c| c.value_label(code, r.lang).to_string())
}

/// Why a unit's band is not the next better one, in words: "Chưa đạt mức
/// Hoàn thành tốt nhiệm vụ: I.2. Thu nhập … 4,95 điểm, dưới mức tối thiểu
/// 5,00". Made once per report: the labels of the sheet are worked out once.
pub struct BandNotes<'a> {
    sc: &'a Scorecard,
    tree: Vec<&'a Node>,
    labels: Vec<String>,
    pts: Points,
    lang: Lang,
}

impl<'a> BandNotes<'a> {
    pub fn new(sc: &'a Scorecard, lang: Lang) -> BandNotes<'a> {
        let mut tree = sc.nodes();
        tree.truncate(sc.tree_len());
        let labels =
            if sc.bands.iter().any(|b| b.min_percent_each.is_some()) { criterion_labels(sc, lang) } else { vec![] };
        BandNotes { sc, tree, labels, pts: Points::new(sc, lang), lang }
    }

    pub fn of(&self, u: &UnitScore) -> Option<String> {
        let (sc, lang, pts) = (self.sc, self.lang, &self.pts);
        let m = next_band_miss(sc, &self.tree, u.floor_basis(), u.total, u.band)?;
        if m.total_needed.is_none() && m.floors.is_empty() {
            return None;
        }
        let band = &sc.bands[m.band];
        let mut why = Vec::new();
        if let Some(need) = m.total_needed {
            let (have, need) = (pts.text(u.total), pts.text(need));
            why.push(match (lang, m.rule) {
                (Lang::Vi, Threshold::AtLeast) => format!("tổng điểm {have} dưới {need}"),
                (Lang::Vi, Threshold::Above) => format!("tổng điểm {have}, cần trên {need}"),
                (Lang::En, Threshold::AtLeast) => format!("total {have} below {need}"),
                (Lang::En, Threshold::Above) => format!("total {have}, needs more than {need}"),
            });
        }
        let pct = band.min_percent_each.map(|p| crate::i18n::number(p.0.normalize(), lang)).unwrap_or_default();
        // Floors on exact points say the exact points, or a 6,67 would
        // read as under a floor of 6,67.
        let exact = sc.rounding.floors_on() == crate::pack::scorecard::FloorPoints::Raw;
        let shown = |d: Decimal| if exact { crate::i18n::number_cut(d, lang) } else { pts.text(d) };
        let unrounded = match (exact, lang) {
            (false, _) => "",
            (true, Lang::Vi) => " chưa làm tròn",
            (true, Lang::En) => " before rounding",
        };
        for (i, floor) in &m.floors {
            let (label, got, floor) = (&self.labels[*i], shown(u.floor_basis()[*i]), shown(*floor));
            why.push(match lang {
                Lang::Vi => {
                    format!("{label} được {got} điểm{unrounded}, dưới mức tối thiểu {pct} % điểm tối đa ({floor})")
                }
                Lang::En => {
                    format!("{label} scored {got}{unrounded}, below the floor of {pct} % of its maximum ({floor})")
                }
            });
        }
        let name = lang.pick_text(&band.name, band.name_en.as_deref());
        Some(match lang {
            Lang::Vi => format!("Chưa đạt mức «{name}»: {}", why.join("; ")),
            Lang::En => format!("Not «{name}»: {}", why.join("; ")),
        })
    }
}

/// Every node's label as a reader finds it on the sheet, in node order.
pub fn criterion_labels(sc: &Scorecard, lang: Lang) -> Vec<String> {
    let numbers = numbering(sc);
    let mut group = String::new();
    sc.nodes()
        .iter()
        .zip(&numbers)
        .map(|(n, (num, kind, depth))| {
            if *depth == 0 && *kind == RowKind::Group {
                group = num.clone();
            }
            let name = node_name(n, lang);
            match (kind, depth) {
                (RowKind::Bonus | RowKind::Penalty, _) => format!("{num} {name}"),
                (_, 0) => format!("{num}. {name}"),
                _ => format!("{group}.{num}. {name}"),
            }
        })
        .collect()
}

fn clusters(units: &[UnitScore]) -> Vec<(&Key, Vec<&UnitScore>)> {
    let mut out: Vec<(&Key, Vec<&UnitScore>)> = Vec::new();
    for u in units {
        match out.last_mut() {
            Some((c, v)) if **c == u.cluster => v.push(u),
            _ => out.push((&u.cluster, vec![u])),
        }
    }
    out
}

fn rank_text(u: &UnitScore) -> Cell {
    match u.rank {
        Some(k) => Cell { text: k.to_string(), number: Some(Decimal::from(k)) },
        None => Cell::text("—"),
    }
}

impl ScoreView {
    pub fn build(r: &ScoreReport) -> ScoreView {
        let lang = r.lang;
        let sc = r.sc();
        let pts = Points::new(sc, lang);
        let fin = r.outcome.final_stage();
        let mut meta = vec![
            (lang.pick("Bộ quy tắc", "Rule pack").to_string(), super::words::pack_name(r.pack, lang)),
            (lang.pick("Ngày xét", "Evaluation date").to_string(), r.outcome.as_of.format("%d/%m/%Y").to_string()),
            (lang.pick("Điểm tối đa", "Maximum points").to_string(), pts.plain(r.outcome.max_total).text),
        ];
        if fin.stage.is_some() {
            meta.push((
                lang.pick("Vòng chấm dùng để xếp hạng", "Stage used for ranking").to_string(),
                stage_label(r, &fin.stage),
            ));
        }
        let nodes = sc.nodes();
        let numbers = numbering(sc);
        let unit_notes = UnitNotes::new(r.pack, sc, lang);
        let labels = criterion_labels(sc, lang);
        let clusters = clusters(&fin.units)
            .into_iter()
            .map(|(cluster, units)| {
                let title = if cluster.as_str().is_empty() {
                    lang.pick("Bảng điểm", "Scores").to_string()
                } else {
                    sc.cluster_name(r.pack, cluster.as_str(), lang)
                };
                // The conference table: criteria as rows, units as columns.
                let mut head =
                    vec![lang.pick("Tiêu chí", "Criterion").to_string(), lang.pick("Tối đa", "Max").to_string()];
                head.extend(units.iter().map(|u| u.key.render(lang)));
                let mut sub = vec![String::new(), String::new()];
                sub.extend(units.iter().map(|u| u.name.clone().unwrap_or_default()));
                let mut rows = Vec::new();
                for (i, n) in nodes.iter().enumerate() {
                    let (number, kind, depth) = &numbers[i];
                    let label = match kind {
                        RowKind::Bonus | RowKind::Penalty => format!("{number} {}", node_name(n, lang)),
                        _ => format!("{}{number}. {}", "  ".repeat(*depth), node_name(n, lang)),
                    };
                    let mut cells = vec![Cell::text(label), pts.plain(Scorecard::max_of(n))];
                    cells.extend(units.iter().map(|u| {
                        let p = u.points[i];
                        // A penalty is taken off: it reads as such.
                        if *kind == RowKind::Penalty && !p.is_zero() {
                            Cell { text: format!("−{}", pts.text(p)), number: Some(-p) }
                        } else {
                            pts.cell(p)
                        }
                    }));
                    rows.push(Row { kind: *kind, depth: *depth, cells });
                }
                let mut total = vec![Cell::text(lang.pick("Tổng điểm", "Total")), pts.plain(r.outcome.max_total)];
                total.extend(units.iter().map(|u| pts.cell(u.total)));
                rows.push(Row { kind: RowKind::Total, depth: 0, cells: total });
                let mut rank = vec![Cell::text(lang.pick("Xếp hạng", "Rank")), Cell::text("")];
                rank.extend(units.iter().map(|u| rank_text(u)));
                rows.push(Row { kind: RowKind::Rank, depth: 0, cells: rank });
                let sheet = Table { head, sub, rows };

                // Ranking, bands and proposals, with why.
                let head: Vec<String> = [
                    lang.pick("Hạng", "Rank"),
                    lang.pick("Mã", "Key"),
                    lang.pick("Tên", "Name"),
                    lang.pick("Tổng điểm", "Total"),
                    lang.pick("Xếp loại", "Band"),
                    lang.pick("Đề nghị", "Proposal"),
                    lang.pick("Ghi chú", "Notes"),
                ]
                .map(String::from)
                .to_vec();
                let rows = units
                    .iter()
                    .map(|u| {
                        let band = u
                            .band
                            .map(|b| lang.pick_text(&sc.bands[b].name, sc.bands[b].name_en.as_deref()).to_string());
                        let proposal = u.proposal.map(|p| {
                            lang.pick_text(&sc.proposals[p].name, sc.proposals[p].name_en.as_deref()).to_string()
                        });
                        let why = unit_notes.of(u);
                        Row {
                            kind: RowKind::Plain,
                            depth: 0,
                            cells: vec![
                                rank_text(u),
                                Cell::text(u.key.render(lang)),
                                Cell::text(u.name.clone().unwrap_or_default()),
                                pts.cell(u.total),
                                Cell::text(band.unwrap_or_default()),
                                Cell::text(proposal.unwrap_or_default()),
                                Cell::text(why.join("\n")),
                            ],
                        }
                    })
                    .collect();
                let ranking = Table { head, sub: vec![], rows };
                let stages =
                    (r.outcome.stages.len() > 1).then(|| stage_table(r, cluster, &nodes, &labels, &pts)).flatten();
                ClusterView { title, cluster: cluster.clone(), sheet, ranking, stages }
            })
            .collect();
        ScoreView { title: lang.pick_text(&sc.name, sc.name_en.as_deref()).to_string(), meta, clusters }
    }
}

/// Criteria whose points differ between stages, unit by unit.
fn stage_table(r: &ScoreReport, cluster: &Key, nodes: &[&Node], labels: &[String], pts: &Points) -> Option<Table> {
    let lang = r.lang;
    let fin = r.outcome.final_stage();
    let mut rows = Vec::new();
    for u in fin.units.iter().filter(|u| &u.cluster == cluster) {
        let per_stage: Vec<Option<&UnitScore>> =
            r.outcome.stages.iter().map(|s| s.units.iter().find(|x| &x.cluster == cluster && x.key == u.key)).collect();
        for (i, n) in nodes.iter().enumerate() {
            if n.is_group() {
                continue;
            }
            let vals: Vec<Option<Decimal>> = per_stage.iter().map(|s| s.map(|x| x.points[i])).collect();
            if vals.windows(2).any(|w| w[0] != w[1]) {
                let mut cells = vec![
                    Cell::text(u.key.render(lang)),
                    Cell::text(u.name.clone().unwrap_or_default()),
                    Cell::text(labels[i].clone()),
                ];
                cells.extend(vals.iter().map(|v| v.map(|p| pts.cell(p)).unwrap_or_else(|| Cell::text("—"))));
                rows.push(Row { kind: RowKind::Plain, depth: 0, cells });
            }
        }
    }
    if rows.is_empty() {
        return None;
    }
    let mut head = vec![
        lang.pick("Mã", "Key").to_string(),
        lang.pick("Tên", "Name").to_string(),
        lang.pick("Tiêu chí", "Criterion").to_string(),
    ];
    head.extend(r.outcome.stages.iter().map(|s| stage_label(r, &s.stage)));
    Some(Table { head, sub: vec![], rows })
}
