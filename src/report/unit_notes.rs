//! The notes column of a score report: why a unit's points pass a maximum,
//! why it is not proposed or was cut, how a tie or a vote placed it, why its
//! band is not the next one. One sentence each, in the run's language.

use super::score::column_words;
use super::score_view::{criterion_labels, BandNotes};
use crate::eval::score::{ProposalNote, UnitScore};
use crate::i18n::Lang;
use crate::pack::scorecard::{BonusKind, Node, Scorecard, Threshold, TieBreak, TiePolicy};
use crate::pack::Pack;
use rust_decimal::Decimal;

/// What a report needs to word any unit's notes, worked out once per report:
/// a sheet's labels are the same for every unit.
pub struct UnitNotes<'a> {
    pack: &'a Pack,
    sc: &'a Scorecard,
    lang: Lang,
    nodes: Vec<&'a Node>,
    labels: Vec<String>,
    maxima: Vec<Decimal>,
    /// The scorecard's maximum total, summed once per report.
    max_total: Decimal,
    /// Per criterion, its over-maximum sentence around the unit's points:
    /// `("I.3. …: ", " điểm, vượt tối đa 10 vì …")`.
    over_max: Vec<(String, String)>,
    band: BandNotes<'a>,
}

impl<'a> UnitNotes<'a> {
    pub fn new(pack: &'a Pack, sc: &'a Scorecard, lang: Lang) -> UnitNotes<'a> {
        let nodes = sc.nodes();
        let maxima: Vec<Decimal> = nodes.iter().map(|n| Scorecard::max_of(n)).collect();
        let labels = criterion_labels(sc, lang);
        let over_max = (0..sc.tree_len().min(nodes.len()))
            .map(|i| {
                let why = if nodes[i].is_group() {
                    lang.pick(
                        "điểm các tiêu chí con vượt tối đa được giữ lại (bảng điểm cho phép vượt tối đa: allow_over_max)",
                        "its items' points past their maximum are kept (the scorecard allows it: allow_over_max)",
                    )
                } else {
                    lang.pick("điểm thưởng khi vượt chỉ tiêu", "a bonus for exceeding the target")
                };
                let max = crate::i18n::number(maxima[i].normalize(), lang);
                let tail = match lang {
                    Lang::Vi => format!(" điểm, vượt tối đa {max} vì {why}"),
                    Lang::En => format!(" points, above its maximum {max} because of {why}"),
                };
                (format!("{}: ", labels[i]), tail)
            })
            .collect();
        let max_total = sc.max_total();
        UnitNotes { pack, sc, lang, labels, nodes, maxima, max_total, over_max, band: BandNotes::new(sc, lang) }
    }

    /// The items scored past their maximum (a bonus for exceeding a
    /// target, or a group's items kept past theirs), each said with why,
    /// handed to `each` as written into `buf`: a note of every such item
    /// on every unit of a national sheet, so no string is made per note.
    fn items_over_max(&self, u: &UnitScore, buf: &mut String, mut each: impl FnMut(&str)) {
        for (i, (head, tail)) in self.over_max.iter().enumerate().take(u.points.len()) {
            if u.points[i] <= self.maxima[i] {
                continue;
            }
            buf.clear();
            buf.push_str(head);
            crate::i18n::push_number(buf, u.points[i].normalize(), self.lang);
            buf.push_str(tail);
            each(buf);
        }
    }

    /// The total past the scorecard's maximum, said with why (bonus points
    /// the scorecard lets through, `allow_over_max`).
    fn total_over_max(&self, u: &UnitScore) -> Option<String> {
        let (sc, lang, nodes, labels) = (self.sc, self.lang, &self.nodes, &self.labels);
        let n = |d: Decimal| crate::i18n::number(d.normalize(), lang);
        let max_total = self.max_total;
        if u.total <= max_total {
            return None;
        }
        let bonuses: Vec<String> = (sc.tree_len()..nodes.len().min(u.points.len()))
            .filter(|&i| u.points[i] > Decimal::ZERO && nodes[i].kind != Some(BonusKind::Penalty))
            .map(|i| format!("{} (+{})", labels[i].trim_start_matches(['+', ' ']), n(u.points[i])))
            .collect();
        let from = if bonuses.is_empty() {
            lang.pick("điểm vượt tối đa của các tiêu chí", "points above the items' maximums").to_string()
        } else {
            bonuses.join(", ")
        };
        Some(match lang {
            Lang::Vi => format!(
                "Tổng điểm {} vượt {} vì {from}; bảng điểm cho phép vượt tối đa (allow_over_max)",
                n(u.total),
                n(max_total)
            ),
            Lang::En => format!(
                "Total {} above {} because of {from}; the scorecard allows it (allow_over_max)",
                n(u.total),
                n(max_total)
            ),
        })
    }

    /// Why a unit is not proposed, or was cut, or how a tie or a vote placed
    /// it, or why its points pass a maximum: one sentence each.
    pub fn of(&self, u: &UnitScore) -> Vec<String> {
        let mut out = Vec::new();
        self.items_over_max(u, &mut String::new(), |note| out.push(note.to_string()));
        out.extend(self.rest(u));
        out
    }

    /// [`UnitNotes::of`] joined by `sep` into `out`.
    pub fn push_joined(&self, u: &UnitScore, sep: &str, out: &mut String, buf: &mut String) {
        let mut first = true;
        let mut push = |note: &str| {
            if !first {
                out.push_str(sep);
            }
            first = false;
            out.push_str(note);
        };
        self.items_over_max(u, buf, &mut push);
        for note in self.rest(u) {
            push(&note);
        }
    }

    /// Every note but the items' past their maximum, in the order of `of`.
    fn rest(&self, u: &UnitScore) -> Vec<String> {
        let (pack, sc, lang) = (self.pack, self.sc, self.lang);
        let mut out: Vec<String> = self.total_over_max(u).into_iter().collect();
        for &g in &u.disqualified {
            let gate = &sc.disqualify[g];
            let text = lang.pick_text(&gate.text, gate.text_en.as_deref());
            let src = gate.source.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
            out.push(match lang {
                Lang::Vi => format!("Không được đề nghị: {text}{src}"),
                Lang::En => format!("Cannot be proposed: {text}{src}"),
            });
        }
        let pname = |p: usize| lang.pick_text(&sc.proposals[p].name, sc.proposals[p].name_en.as_deref()).to_string();
        for n in &u.notes {
            out.push(match (n, lang) {
                (ProposalNote::BelowMinTotal { proposal, min, rule }, Lang::Vi) => {
                    let sign = if *rule == Threshold::Above { ">" } else { "≥" };
                    format!(
                        "Chưa đủ điểm đề nghị {}: cần {sign} {}",
                        pname(*proposal),
                        crate::i18n::number(min.normalize(), lang)
                    )
                }
                (ProposalNote::BelowMinTotal { proposal, min, rule }, Lang::En) => {
                    let sign = if *rule == Threshold::Above { ">" } else { "≥" };
                    format!(
                        "Total too low for {}: needs {sign} {}",
                        pname(*proposal),
                        crate::i18n::number(min.normalize(), lang)
                    )
                }
                (ProposalNote::BandNotMet { proposal }, Lang::Vi) => {
                    format!("Chưa đạt mức xếp loại để đề nghị {}", pname(*proposal))
                }
                (ProposalNote::BandNotMet { proposal }, Lang::En) => {
                    format!("Band not reached for {}", pname(*proposal))
                }
                (ProposalNote::VotesBelow { proposal, have, need, rule }, Lang::Vi) => format!(
                    "Tỷ lệ phiếu {} % chưa đạt mức {} để đề nghị {}",
                    crate::i18n::number(have.round_dp(2).normalize(), lang),
                    threshold_words(*need, *rule, lang),
                    pname(*proposal)
                ),
                (ProposalNote::VotesBelow { proposal, have, need, rule }, Lang::En) => format!(
                    "Votes {} %, below {} for {}",
                    crate::i18n::number(have.round_dp(2).normalize(), lang),
                    threshold_words(*need, *rule, lang),
                    pname(*proposal)
                ),
                (ProposalNote::VotesMet { proposal, have, need, rule }, Lang::Vi) => format!(
                    "Tỷ lệ phiếu {} % (cần {} để đề nghị {})",
                    crate::i18n::number(have.round_dp(2).normalize(), lang),
                    threshold_words(*need, *rule, lang),
                    pname(*proposal)
                ),
                (ProposalNote::VotesMet { proposal, have, need, rule }, Lang::En) => format!(
                    "Votes {} % ({} needed for {})",
                    crate::i18n::number(have.round_dp(2).normalize(), lang),
                    threshold_words(*need, *rule, lang),
                    pname(*proposal)
                ),
                (ProposalNote::TieBroken { other, by, mine, theirs, above }, _) => {
                    let what = tie_break_words(pack, sc, &sc.ranking.tie_break[*by], lang);
                    let (m, t, o) = (value_words(mine, lang), value_words(theirs, lang), other.render(lang));
                    match (lang, above) {
                        (Lang::Vi, true) => format!("Bằng tổng điểm với {o}, xếp trên theo {what}: {m} so với {t}"),
                        (Lang::Vi, false) => format!("Bằng tổng điểm với {o}, xếp dưới theo {what}: {m} so với {t}"),
                        (Lang::En, true) => format!("Equal total with {o}, ranked above by {what}: {m} against {t}"),
                        (Lang::En, false) => format!("Equal total with {o}, ranked below by {what}: {m} against {t}"),
                    }
                }
                (n @ ProposalNote::TieAtCut { .. }, _) => tie_words(n, &pname, lang),
                (ProposalNote::OverQuota { proposal, quota }, Lang::Vi) => {
                    format!("Đạt tiêu chuẩn {} nhưng vượt số lượng ({quota})", pname(*proposal))
                }
                (ProposalNote::OverQuota { proposal, quota }, Lang::En) => {
                    format!("Meets the standard for {} but over the quota ({quota})", pname(*proposal))
                }
            });
        }
        out.extend(self.band.of(u));
        out
    }
}

/// A tie-break as the paper names it.
fn tie_break_words(pack: &crate::pack::Pack, sc: &Scorecard, t: &TieBreak, lang: Lang) -> String {
    match t {
        TieBreak::Key => lang.pick("mã đơn vị", "unit code").into(),
        TieBreak::Node(id) => {
            let labels = super::score_view::criterion_labels(sc, lang);
            match sc.nodes().iter().position(|n| &n.id == id) {
                Some(i) => format!("{} {}", lang.pick("điểm", "points of"), labels[i]),
                None => id.clone(),
            }
        }
        TieBreak::Column { column, .. } => column_words(pack, sc, column, lang),
    }
}

/// A value on the paper: numbers in the run's language.
fn value_words(v: &crate::data::Value, lang: Lang) -> String {
    match v.as_decimal() {
        Some(d) => crate::i18n::number(d.normalize(), lang),
        None => v.render(lang),
    }
}

/// "từ 50% trở lên" / "trên 50%".
fn threshold_words(need: Decimal, rule: Threshold, lang: Lang) -> String {
    let n = crate::i18n::number(need.normalize(), lang);
    match (rule, lang) {
        (Threshold::AtLeast, Lang::Vi) => format!("từ {n} % trở lên"),
        (Threshold::Above, Lang::Vi) => format!("trên {n} %"),
        (Threshold::AtLeast, Lang::En) => format!("{n} % or more"),
        (Threshold::Above, Lang::En) => format!("more than {n} %"),
    }
}

/// How a tie at a quota was settled, in words.
fn tie_words(note: &ProposalNote, pname: &dyn Fn(usize) -> String, lang: Lang) -> String {
    let ProposalNote::TieAtCut { proposal, others, places, policy, settled, won } = note else {
        return String::new();
    };
    let with: Vec<String> = others.iter().map(|k| k.render(lang)).collect();
    let (with, award) = (with.join(", "), pname(*proposal));
    let how = match (policy, settled, lang) {
        (TiePolicy::All, _, Lang::Vi) => {
            "bộ quy tắc quy định đề nghị tất cả các đơn vị ngang hạng, vượt số lượng".to_string()
        }
        (TiePolicy::All, _, Lang::En) => "the pack proposes every tied unit, past the quota".to_string(),
        (TiePolicy::Key, _, Lang::Vi) => "bộ quy tắc quy định xét theo thứ tự mã đơn vị".to_string(),
        (TiePolicy::Key, _, Lang::En) => "the pack settles it by unit code order".to_string(),
        (TiePolicy::Votes, true, Lang::Vi) => "quyết định theo tỷ lệ phiếu bình chọn".to_string(),
        (TiePolicy::Votes, true, Lang::En) => "settled by the vote share".to_string(),
        (TiePolicy::Votes, false, Lang::Vi) => "tỷ lệ phiếu không phân định được: chờ hội nghị quyết định".to_string(),
        (TiePolicy::Votes, false, Lang::En) => "the votes do not settle it: for the meeting to decide".to_string(),
        (TiePolicy::Meeting, _, Lang::Vi) => "chờ hội nghị quyết định".to_string(),
        (TiePolicy::Meeting, _, Lang::En) => "for the meeting to decide".to_string(),
    };
    let outcome = match (settled, won, lang) {
        (false, _, _) => String::new(),
        (true, true, Lang::Vi) => "; được đề nghị".into(),
        (true, true, Lang::En) => "; proposed".into(),
        (true, false, Lang::Vi) => "; không được đề nghị".into(),
        (true, false, Lang::En) => "; not proposed".into(),
    };
    match lang {
        Lang::Vi => format!("Ngang hạng với {with} ở {award} (còn {places} suất): {how}{outcome}"),
        Lang::En => format!("Tied with {with} for {award} ({places} place(s) left): {how}{outcome}"),
    }
}
