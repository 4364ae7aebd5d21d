//! Values rules read beyond the subject's own row: its history of earlier
//! years (`lich_su`) and its members' results (`thanh_vien`). Both are
//! registered with Rhai as types with methods that read naturally:
//! `lich_su.so_nam_lien_tuc("chien_si_thi_dua_co_so") >= 3`,
//! `thanh_vien.ty_le_dat("lao_dong_tien_tien") >= 70`.

use rhai::{Dynamic, Engine, EvalAltResult, Position, INT};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

type Res<T> = Result<T, Box<EvalAltResult>>;

fn err<T>(msg: String) -> Res<T> {
    Err(Box::new(EvalAltResult::ErrorRuntime(msg.into(), Position::NONE)))
}

/// The titles and numeric columns a rule may look up in a history.
#[derive(Debug, Default)]
pub struct HistoryNames {
    pub titles: std::collections::HashSet<String>,
    pub columns: std::collections::HashSet<String>,
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
}

#[derive(Debug, Clone, Default)]
pub struct History(pub Arc<HistoryData>);

impl History {
    /// An error for a title no rule can mean (computed at run time, so the
    /// loader could not see it).
    fn title(&self, t: &str) -> Res<()> {
        match &self.0.known {
            Some(k) if !k.titles.contains(t) => err(format!("unknown history title `{t}`")),
            _ => Ok(()),
        }
    }
    fn column(&self, c: &str) -> Res<()> {
        match &self.0.known {
            Some(k) if !k.columns.contains(c) => err(format!("unknown history column `{c}`")),
            _ => Ok(()),
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
        (from..=to).filter(|y| self.had(title, *y)).count() as i64
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
}

#[derive(Debug, Clone, Default)]
pub struct Members(pub Arc<MembersData>);

impl Members {
    fn eligible(&self, award: &str) -> Res<i64> {
        match self.0.eligible.get(award) {
            Some(n) => Ok(*n),
            None => err(format!("unknown member award `{award}`")),
        }
    }
}

/// The extra variables a script can read for one subject.
#[derive(Clone, Default)]
pub struct ScriptCtx {
    pub cum: Option<Dynamic>,
    pub lich_su: Option<Dynamic>,
    pub thanh_vien: Option<Dynamic>,
}

impl ScriptCtx {
    pub fn get(&self, name: &str) -> Option<&Dynamic> {
        match name {
            "thong_ke_cum" => self.cum.as_ref(),
            "lich_su" => self.lich_su.as_ref(),
            "thanh_vien" => self.thanh_vien.as_ref(),
            _ => None,
        }
    }
}

pub fn register(e: &mut Engine) {
    e.register_type_with_name::<History>("LichSu");
    for name in ["so_nam_lien_tuc", "streak"] {
        e.register_fn(name, |h: &mut History, t: &str| -> Res<INT> {
            h.title(t)?;
            Ok(h.streak_until(t, h.0.year) as INT)
        });
    }
    for name in ["so_nam_lien_tuc_den", "streak_until"] {
        e.register_fn(name, |h: &mut History, t: &str, y: INT| -> Res<INT> {
            h.title(t)?;
            Ok(h.streak_until(t, y) as INT)
        });
    }
    for name in ["co_danh_hieu", "had_title"] {
        e.register_fn(name, |h: &mut History, t: &str, y: INT| -> Res<bool> {
            h.title(t)?;
            Ok(h.had(t, y))
        });
    }
    for name in ["so_lan", "count_titles"] {
        e.register_fn(name, |h: &mut History, t: &str, from: INT, to: INT| -> Res<INT> {
            h.title(t)?;
            Ok(h.count(t, from, to) as INT)
        });
    }
    for name in ["tong", "sum_of"] {
        e.register_fn(name, |h: &mut History, c: &str, from: INT, to: INT| -> Res<Decimal> {
            h.column(c)?;
            Ok(h.sum(c, from, to))
        });
    }

    e.register_type_with_name::<Members>("ThanhVien");
    for name in ["so_nguoi", "count"] {
        e.register_fn(name, |m: &mut Members| m.0.total as INT);
    }
    for name in ["so_dat", "count_eligible"] {
        e.register_fn(name, |m: &mut Members, a: &str| -> Res<INT> { m.eligible(a) });
    }
    for name in ["ty_le_dat", "percent_eligible"] {
        e.register_fn(name, |m: &mut Members, a: &str| -> Res<Decimal> {
            let n = m.eligible(a)?;
            Ok(if m.0.total == 0 {
                Decimal::ZERO
            } else {
                Decimal::from(n) * Decimal::ONE_HUNDRED / Decimal::from(m.0.total)
            })
        });
    }
    for name in ["tat_ca_dat", "all_eligible"] {
        e.register_fn(name, |m: &mut Members, a: &str| -> Res<bool> {
            Ok(m.0.total > 0 && m.eligible(a)? == m.0.total)
        });
    }
    for name in ["co_nguoi_dat", "any_eligible"] {
        e.register_fn(name, |m: &mut Members, a: &str| -> Res<bool> { Ok(m.eligible(a)? > 0) });
    }
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
