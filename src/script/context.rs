//! Values rules read beyond the subject's own row: its history of earlier
//! years (`lich_su`) and its members' results (`thanh_vien`). Both are
//! registered with Rhai as types with methods that read naturally:
//! `lich_su.so_nam_lien_tuc("chien_si_thi_dua_co_so") >= 3`,
//! `thanh_vien.ty_le_dat("lao_dong_tien_tien") >= 70`.

use rhai::{Dynamic, Engine, EvalAltResult, NativeCallContext, INT};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

type Res<T> = Result<T, Box<EvalAltResult>>;

use super::failure::HelperError as H;

/// The titles and numeric columns a rule may look up in a history.
#[derive(Debug, Default)]
pub struct HistoryNames {
    pub titles: std::collections::HashSet<String>,
    /// Numeric columns (`tong`, `chua_dung`).
    pub columns: std::collections::HashSet<String>,
    /// Every column (`gia_tri`).
    pub all_columns: std::collections::HashSet<String>,
    /// The ranked choice columns, whose facts compare by rank.
    pub rankings: HashMap<String, Arc<super::choice::Ranking>>,
}

/// One subject's earlier results, by year.
#[derive(Debug, Default)]
pub struct HistoryData {
    /// The evaluation year: streaks end here.
    pub year: i64,
    /// What may be looked up; a name outside it is an error, never 0.
    /// `None` checks nothing (unit tests).
    pub known: Option<Arc<HistoryNames>>,
    pub titles: BTreeMap<i64, Vec<String>>,
    /// Numeric columns summed per year.
    pub sums: BTreeMap<i64, HashMap<String, Decimal>>,
    /// Every non-empty value of every column, per year (a register keeps
    /// several facts on one row).
    pub cells: BTreeMap<i64, HashMap<String, Vec<crate::data::Value>>>,
}

#[derive(Debug, Clone, Default)]
pub struct History(pub Arc<HistoryData>);

impl History {
    /// An error for a title no rule can mean (computed at run time, so the
    /// loader could not see it).
    fn title(&self, t: &str) -> Res<()> {
        match &self.0.known {
            Some(k) if !k.titles.contains(t) => H::UnknownHistoryTitle(t.to_string()).throw(),
            _ => Ok(()),
        }
    }
    fn column(&self, c: &str) -> Res<()> {
        match &self.0.known {
            Some(k) if !k.columns.contains(c) => H::UnknownHistoryColumn(c.to_string()).throw(),
            _ => Ok(()),
        }
    }
    fn any_column(&self, c: &str) -> Res<()> {
        match &self.0.known {
            Some(k) if !k.all_columns.contains(c) => H::UnknownHistoryColumn(c.to_string()).throw(),
            _ => Ok(()),
        }
    }
    /// The value of column `c` in `year`: none when the year has no row or
    /// the cell is empty; an error when the year's rows disagree.
    pub fn value(&self, c: &str, year: i64) -> Res<Option<crate::data::Value>> {
        match self.0.cells.get(&year).and_then(|m| m.get(c)).map(Vec::as_slice) {
            None | Some([]) => Ok(None),
            Some([one]) => Ok(Some(one.clone())),
            Some(_) => H::HistoryColumnAmbiguous { column: c.to_string(), year }.throw(),
        }
    }
    /// Consecutive years ending at `end` (inclusive) with `title`; a gap resets it.
    pub fn streak_until(&self, title: &str, end: i64) -> i64 {
        let mut n = 0;
        let mut y = end;
        while self.0.titles.get(&y).is_some_and(|t| t.iter().any(|x| x == title)) {
            n += 1;
            y -= 1;
        }
        n
    }
    pub fn had(&self, title: &str, year: i64) -> bool {
        self.0.titles.get(&year).is_some_and(|t| t.iter().any(|x| x == title))
    }
    pub fn count(&self, title: &str, from: i64, to: i64) -> i64 {
        self.count_any(&[title.to_string()], from, to)
    }
    pub fn sum(&self, column: &str, from: i64, to: i64) -> Decimal {
        if from > to {
            return Decimal::ZERO; // an empty span; BTreeMap::range would panic
        }
        self.0.sums.range(from..=to).filter_map(|(_, m)| m.get(column)).sum()
    }
}

/// One collective's members: how many, and how many meet each award of the
/// member dataset.
#[derive(Debug, Default)]
pub struct MembersData {
    pub total: i64,
    pub eligible: HashMap<String, i64>,
    /// Roll-ups of the members' own columns, by column name.
    pub columns: Arc<Vec<String>>,
    pub rollups: Vec<Rollup>,
}

/// One member column rolled up over a collective's members.
#[derive(Debug, Clone, PartialEq)]
pub enum Rollup {
    /// Members whose yes/no cell is yes.
    Yes(i64),
    /// Members per value of an enum column (in the column's order).
    Values(Arc<Vec<String>>, Vec<i64>),
    /// The sum of a numeric column over the members (empty cells count 0).
    Sum(Decimal),
    /// A column rules cannot roll up (text, dates).
    None,
}

#[derive(Debug, Clone, Default)]
pub struct Members(pub Arc<MembersData>);

impl Members {
    fn rollup(&self, column: &str) -> Res<&Rollup> {
        match self.0.columns.iter().position(|c| c == column).and_then(|i| self.0.rollups.get(i)) {
            Some(Rollup::None) | None => H::UnknownMemberColumn(column.to_string()).throw(),
            Some(r) => Ok(r),
        }
    }
    /// Members whose `column` is yes (no value) or equals `value`.
    /// Members whose yes/no cell is yes (`wanted` empty), or whose choice
    /// is any of `wanted`.
    fn count_with(&self, column: &str, wanted: &[String]) -> Res<i64> {
        match (self.rollup(column)?, wanted.is_empty()) {
            (Rollup::Yes(n), true) => Ok(*n),
            (Rollup::Values(values, counts), false) => {
                let mut n = 0i64;
                for v in wanted {
                    match values.iter().position(|x| x == v) {
                        Some(i) => n = n.saturating_add(counts[i]),
                        None => {
                            return H::MemberValueNever { column: column.to_string(), value: v.to_string() }.throw()
                        }
                    }
                }
                Ok(n)
            }
            (Rollup::Values(..), true) => H::MemberNeedsValue(column.to_string()).throw(),
            _ => H::MemberNotCountable(column.to_string()).throw(),
        }
    }
    fn eligible(&self, award: &str) -> Res<i64> {
        match self.0.eligible.get(award) {
            Some(n) => Ok(*n),
            None => H::UnknownMemberAward(award.to_string()).throw(),
        }
    }
}

/// The extra variables a script can read for one subject.
#[derive(Clone, Default)]
pub struct ScriptCtx {
    pub cum: Option<Dynamic>,
    /// The subject's histories, by the name rules read each by.
    pub histories: Vec<(String, Dynamic)>,
    pub thanh_vien: Option<Dynamic>,
}

impl ScriptCtx {
    pub fn get(&self, name: &str) -> Option<&Dynamic> {
        match name {
            "thong_ke_cum" => self.cum.as_ref(),
            "thanh_vien" => self.thanh_vien.as_ref(),
            _ => self.histories.iter().find(|(n, _)| n == name).map(|(_, d)| d),
        }
    }
}

/// One text or a list of texts, as rules pass titles and choices:
/// `"tot"` or `["tot", "xuat_sac"]`; each refusal is the caller's words.
fn text_list(v: &Dynamic, not_text: H, not_list: fn(String) -> H, empty: H) -> Res<Vec<String>> {
    let list: Vec<String> = if let Some(s) = v.read_lock::<rhai::ImmutableString>() {
        vec![s.to_string()]
    } else if let Some(a) = v.read_lock::<rhai::Array>() {
        a.iter()
            .map(|x| x.read_lock::<rhai::ImmutableString>().map(|s| s.to_string()))
            .collect::<Option<Vec<_>>>()
            .map_or_else(|| not_text.throw(), Ok)?
    } else {
        return not_list(v.type_name().to_string()).throw();
    };
    if list.is_empty() {
        return empty.throw();
    }
    Ok(list)
}

/// A title or a list of titles, as rules pass them: `"chien_si_thi_dua_co_so"`
/// or `["hoan_thanh_tot_nhiem_vu", "hoan_thanh_xuat_sac_nhiem_vu"]`.
fn titles_arg(h: &History, t: &Dynamic) -> Res<Vec<String>> {
    let list = text_list(t, H::TitlesNotText, H::TitlesNotList, H::TitlesEmpty)?;
    for x in &list {
        h.title(x)?;
    }
    Ok(list)
}

impl History {
    fn had_any(&self, titles: &[String], year: i64) -> bool {
        self.0.titles.get(&year).is_some_and(|t| t.iter().any(|x| titles.contains(x)))
    }
    /// Consecutive years ending at `end` holding any of `titles`.
    pub fn streak_any(&self, titles: &[String], end: i64) -> i64 {
        let mut n = 0;
        while self.had_any(titles, end - n) {
            n += 1;
        }
        n
    }
    /// Years in `from..=to` holding any of `titles` (walks the years held,
    /// not the span, which a rule may make as wide as it likes).
    fn count_any(&self, titles: &[String], from: i64, to: i64) -> i64 {
        if from > to {
            return 0;
        }
        self.0.titles.range(from..=to).filter(|(_, t)| t.iter().any(|x| titles.contains(x))).count() as i64
    }
}

/// Registers `f` under a Vietnamese and an English name.
macro_rules! both {
    ($e:expr, [$($name:literal),+], $f:expr) => {
        $( $e.register_fn($name, $f); )+
    };
}

// The helpers, one function each: every one notes what it found (see
// `facts`), so that a failed condition can be explained in words.
use super::facts::{note, Fact, MembersNeed};
type Ctx<'a> = NativeCallContext<'a>;

fn streak(c: Ctx, h: &mut History, t: Dynamic) -> Res<INT> {
    streak_until(c, h, t, h.0.year)
}
fn streak_until(c: Ctx, h: &mut History, t: Dynamic, end: INT) -> Res<INT> {
    let titles = titles_arg(h, &t)?;
    let years = h.streak_any(&titles, end);
    note(c.call_position(), || Fact::Streak { titles, end, years });
    Ok(years)
}
fn had_title(c: Ctx, h: &mut History, t: Dynamic, year: INT) -> Res<bool> {
    let titles = titles_arg(h, &t)?;
    let had = h.had_any(&titles, year);
    note(c.call_position(), || Fact::Had { titles, year, had });
    Ok(had)
}
fn count_titles(c: Ctx, h: &mut History, t: Dynamic, from: INT, to: INT) -> Res<INT> {
    let titles = titles_arg(h, &t)?;
    let times = h.count_any(&titles, from, to);
    note(c.call_position(), || Fact::Count { titles, from, to, times });
    Ok(times)
}
/// "N lần trong M năm": the M years up to `end`.
fn count_within(c: Ctx, h: &mut History, t: Dynamic, years: INT, end: INT) -> Res<INT> {
    if years < 1 {
        return H::YearsBelowOne(years).throw();
    }
    count_titles(c, h, t, end - years + 1, end)
}
/// "Trong thời gian đó": times `t` was held within the streak of `chuoi` ending at `end`.
fn count_in_streak(c: Ctx, h: &mut History, t: Dynamic, chuoi: Dynamic, end: INT) -> Res<INT> {
    let titles = titles_arg(h, &t)?;
    let streak = titles_arg(h, &chuoi)?;
    let years = h.streak_any(&streak, end);
    let times = h.count_any(&titles, end - years + 1, end);
    note(c.call_position(), || Fact::CountInStreak { titles, streak, end, years, times });
    Ok(times)
}
fn sum_of(c: Ctx, h: &mut History, col: &str, from: INT, to: INT) -> Res<Decimal> {
    h.column(col)?;
    let total = h.sum(col, from, to);
    note(c.call_position(), || Fact::Sum { column: col.to_string(), from, to, total });
    Ok(total)
}
/// Any fact of a year, from a register of several facts per row.
fn value_in(c: Ctx, h: &mut History, col: &str, year: INT) -> Res<Dynamic> {
    h.any_column(col)?;
    let v = h.value(col, year)?;
    note(c.call_position(), || Fact::Value { column: col.to_string(), year, value: v.clone() });
    let ranking = h.0.known.as_ref().and_then(|k| k.rankings.get(col));
    Ok(v.as_ref().map_or(Dynamic::UNIT, |v| super::choice::dynamic(v, ranking)))
}
/// Items (initiatives) over the years not already used for another title.
fn unused(c: Ctx, h: &mut History, col: &str, used_col: &str, from: INT, to: INT) -> Res<Decimal> {
    h.column(col)?;
    h.column(used_col)?;
    let (total, used) = (h.sum(col, from, to), h.sum(used_col, from, to));
    note(c.call_position(), || Fact::Unused { column: col.to_string(), from, to, total, used });
    match total.checked_sub(used) {
        Some(d) => Ok(d),
        None => H::Overflow.throw(),
    }
}

fn member_count(c: Ctx, m: &mut Members) -> INT {
    note(c.call_position(), || Fact::MemberCount { total: m.0.total });
    m.0.total as INT
}
fn members_meeting(c: &Ctx, m: &Members, a: &str, need: MembersNeed) -> Res<i64> {
    let eligible = m.eligible(a)?;
    note(c.call_position(), || Fact::Members { award: a.to_string(), eligible, total: m.0.total, need });
    Ok(eligible)
}
fn count_eligible(c: Ctx, m: &mut Members, a: &str) -> Res<INT> {
    members_meeting(&c, m, a, MembersNeed::Count)
}
fn all_eligible(c: Ctx, m: &mut Members, a: &str) -> Res<bool> {
    Ok(m.0.total > 0 && members_meeting(&c, m, a, MembersNeed::All)? == m.0.total)
}
fn any_eligible(c: Ctx, m: &mut Members, a: &str) -> Res<bool> {
    Ok(members_meeting(&c, m, a, MembersNeed::Any)? > 0)
}
fn percent_eligible(c: Ctx, m: &mut Members, a: &str) -> Res<Decimal> {
    let eligible = m.eligible(a)?;
    note(c.call_position(), || Fact::MemberShare { award: a.to_string(), eligible, total: m.0.total });
    if m.0.total == 0 {
        return H::NoMembers.throw();
    }
    Ok(super::facts::share(eligible, m.0.total))
}
/// The values a member helper counts: one (`"a"`) or any of a list
/// (`["a", "b"]`), as title helpers take them.
fn values_arg(v: &Dynamic) -> Res<Vec<String>> {
    text_list(v, H::ValuesNotText, H::ValuesNotList, H::ValuesEmpty)
}

/// Members whose own column is yes (`wanted` empty) or holds any of
/// `wanted`; as a count or (`share`) a percentage.
fn members_with(c: &Ctx, m: &Members, col: &str, wanted: Vec<String>, share: bool) -> Res<Decimal> {
    let count = m.count_with(col, &wanted)?;
    let total = m.0.total;
    note(c.call_position(), || Fact::MembersWith { column: col.to_string(), value: wanted, count, total, share });
    if share && total == 0 {
        return H::NoMembers.throw();
    }
    Ok(if share { super::facts::share(count, total) } else { Decimal::from(count) })
}
fn members_sum(c: Ctx, m: &mut Members, col: &str) -> Res<Decimal> {
    let Rollup::Sum(total) = m.rollup(col)? else {
        return H::MemberColumnNotNumber(col.to_string()).throw();
    };
    let total = *total;
    note(c.call_position(), || Fact::MembersSum { column: col.to_string(), total });
    Ok(total)
}

pub fn register(e: &mut Engine) {
    e.register_type_with_name::<History>("LichSu");
    // A title may be one code or a list ("hoàn thành tốt nhiệm vụ trở lên").
    both!(e, ["so_nam_lien_tuc", "streak"], streak);
    both!(e, ["so_nam_lien_tuc_den", "streak_until"], streak_until);
    both!(e, ["co_danh_hieu", "had_title"], had_title);
    both!(e, ["so_lan", "count_titles"], count_titles);
    both!(e, ["so_lan_trong", "count_within"], count_within);
    both!(e, ["so_lan_trong_chuoi", "count_in_streak"], count_in_streak);
    both!(e, ["tong", "sum_of"], sum_of);
    both!(e, ["gia_tri", "value_in"], value_in);
    both!(e, ["chua_dung", "unused"], unused);

    e.register_type_with_name::<Members>("ThanhVien");
    both!(e, ["so_nguoi", "count"], member_count);
    both!(e, ["so_dat", "count_eligible"], count_eligible);
    both!(e, ["ty_le_dat", "percent_eligible"], percent_eligible);
    both!(e, ["tat_ca_dat", "all_eligible"], all_eligible);
    both!(e, ["co_nguoi_dat", "any_eligible"], any_eligible);
    // Roll-ups over the members' own columns.
    // A value may be one choice or a list of them ("any of").
    both!(e, ["so_co", "count_with"], |c: Ctx, m: &mut Members, col: &str| -> Res<INT> {
        members_with(&c, m, col, Vec::new(), false).map(|d| d.try_into().unwrap_or(INT::MAX))
    });
    both!(e, ["so_co", "count_with"], |c: Ctx, m: &mut Members, col: &str, v: Dynamic| -> Res<INT> {
        members_with(&c, m, col, values_arg(&v)?, false).map(|d| d.try_into().unwrap_or(INT::MAX))
    });
    both!(e, ["ty_le_co", "percent_with"], |c: Ctx, m: &mut Members, col: &str| -> Res<Decimal> {
        members_with(&c, m, col, Vec::new(), true)
    });
    both!(e, ["ty_le_co", "percent_with"], |c: Ctx, m: &mut Members, col: &str, v: Dynamic| -> Res<Decimal> {
        members_with(&c, m, col, values_arg(&v)?, true)
    });
    both!(e, ["tong", "sum_of"], members_sum);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_resets_the_streak() {
        // MoHA ruling: CSTĐCS in 2019, 2021, 2022, 2023 → 3 consecutive (2021–2023).
        let mut d = HistoryData { year: 2023, ..Default::default() };
        for y in [2019, 2021, 2022, 2023] {
            d.titles.insert(y, vec!["cstdcs".into()]);
        }
        let h = History(Arc::new(d));
        assert_eq!(h.streak_until("cstdcs", 2023), 3);
        assert_eq!(h.streak_until("cstdcs", 2020), 0);
        assert_eq!(h.streak_until("cstdcs", 2019), 1);
        assert_eq!(h.count("cstdcs", 2019, 2023), 4);
        assert_eq!(h.count("cstdcs", 2023, 2019), 0);
        assert_eq!(h.sum("so_sang_kien", 2023, 2019), Decimal::ZERO);
    }
}

#[cfg(test)]
mod fact_tests {
    use super::*;
    use crate::script::facts::{recording, Fact};

    #[test]
    fn helpers_note_their_results_at_the_call() {
        let mut d = HistoryData { year: 2024, ..Default::default() };
        for y in [2022, 2023, 2024] {
            d.titles.insert(y, vec!["a".into()]);
        }
        let engine = crate::script::new_engine(&crate::script::ScriptLimits::default());
        let mut scope = rhai::Scope::new();
        scope.push_constant("lich_su", History(Arc::new(d)));
        let src = "let n = 1;\n  lich_su.so_nam_lien_tuc_den([\"a\", \"b\"], 2024) >= 4 || months_between(\"2024-01-01\", \"2024-03-01\") > n + 5";
        let (r, log) = recording(|| engine.eval_with_scope::<bool>(&mut scope, src).unwrap());
        assert!(!r);
        let got: Vec<(usize, usize, Fact)> = log.into_iter().map(|r| (r.line, r.column, r.fact)).collect();
        assert_eq!(got[0].2, Fact::Streak { titles: vec!["a".into(), "b".into()], end: 2024, years: 3 });
        assert_eq!((got[0].0, got[0].1), (2, 11));
        assert_eq!((got[1].0, got[1].1), (2, 57));
    }
}
