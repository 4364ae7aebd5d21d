//! What a subject's rules can see besides its own row: its histories (the
//! titles and facts of past years) and, for a collective, its members rolled
//! up. Built once per award from whole tables, then looked up by key for each
//! row a Rhai condition reads.

use crate::compile::CompiledPack;
use crate::data::{Key, Table, Value};
use crate::script::choice::Ranking;
use crate::script::context::{History, HistoryData, HistoryNames, Members, MembersData};
use crate::script::ScriptCtx;
use chrono::{Datelike, NaiveDate};
use indexmap::IndexMap;
use rhai::Dynamic;
use std::collections::HashMap;
use std::sync::Arc;

/// Each subject's value for one name rules read, by subject key, and the
/// value for a subject without an entry.
pub type ByKey = (HashMap<Key, Dynamic>, Dynamic);

/// A batch's surroundings: what its rows' rules read beyond the row, and
/// which rows are wanted at all.
#[derive(Default, Clone, Copy)]
pub struct Surroundings<'a> {
    /// Each history, and a member's collective (`tap_the`), by the name
    /// rules read it by.
    pub histories: &'a [(String, ByKey)],
    /// The collective's members (`thanh_vien`).
    pub members: Option<&'a ByKey>,
    /// Only the subjects with these keys need judging (`--subject`, when
    /// nothing else needs every subject).
    pub only: Option<&'a [Key]>,
}

impl Surroundings<'_> {
    /// Whether rules see nothing but the row.
    pub fn is_bare(&self) -> bool {
        self.histories.is_empty() && self.members.is_none()
    }

    /// What Rhai sees for the subject with `key`.
    pub fn script_ctx(&self, key: &Key) -> ScriptCtx {
        if self.is_bare() {
            return ScriptCtx::default();
        }
        let pick = |(m, empty): &ByKey| m.get(key).cloned().unwrap_or_else(|| empty.clone());
        ScriptCtx {
            cum: None,
            histories: self.histories.iter().map(|(name, h)| (name.clone(), pick(h))).collect(),
            thanh_vien: self.members.map(pick),
        }
    }
}

/// Each history of the subjects of `dataset`: the name rules read it by,
/// and each subject's history as Rhai values by key, plus the value for a
/// subject without one.
pub type Histories = Vec<(String, ByKey)>;

pub fn histories_of(cp: &CompiledPack, tables: &IndexMap<String, Table>, dataset: &str, as_of: NaiveDate) -> Histories {
    cp.pack
        .histories_of(dataset)
        .filter_map(|h| Some((h.history.as_ref()?.var().to_string(), history_of(cp, tables, h, as_of)?)))
        .collect()
}

/// One history dataset's contents, by subject key.
fn history_of(
    cp: &CompiledPack,
    tables: &IndexMap<String, Table>,
    hds: &crate::pack::Dataset,
    as_of: NaiveDate,
) -> Option<ByKey> {
    let hid = &hds.id;
    let spec = hds.history.as_ref()?;
    let year = as_of.year() as i64;
    // The names a rule may look up; the loader checked the literal ones, a
    // name computed at run time is checked against these.
    let known = Arc::new(HistoryNames {
        titles: crate::compile::history_titles(&cp.pack, hds).into_iter().map(str::to_string).collect(),
        columns: hds
            .columns
            .iter()
            .filter(|(_, c)| matches!(c.ty, crate::pack::ColumnType::Int | crate::pack::ColumnType::Decimal))
            .map(|(n, _)| n.clone())
            .collect(),
        all_columns: hds.columns.keys().cloned().collect(),
        rankings: hds
            .columns
            .iter()
            .filter_map(|(n, c)| Some((n.clone(), Arc::new(Ranking { column: n.clone(), values: c.ranked()? }))))
            .collect(),
    });
    let fresh = || HistoryData { year, known: Some(known.clone()), ..Default::default() };
    let mut by_key: HashMap<Key, HistoryData> = HashMap::new();
    if let Some(t) = tables.get(hid) {
        let key_idx = hds.column_index(&hds.key).unwrap_or(0);
        let yi = hds.column_index(&spec.year).unwrap_or(0);
        let title_cols: Vec<usize> = spec.title_columns().iter().filter_map(|t| hds.column_index(t)).collect();
        let others: Vec<(usize, &String)> =
            hds.columns.keys().enumerate().filter(|(i, _)| *i != key_idx && *i != yi).collect();
        let numeric: Vec<(usize, &String)> = hds
            .columns
            .iter()
            .enumerate()
            .filter(|(_, (_, c))| matches!(c.ty, crate::pack::ColumnType::Int | crate::pack::ColumnType::Decimal))
            .map(|(i, (n, _))| (i, n))
            .collect();
        for row in &t.rows {
            let key = Key::of(&row.values[key_idx]);
            let Value::Int(y) = row.values[yi] else { continue };
            let h = by_key.entry(key).or_insert_with(fresh);
            for &ti in &title_cols {
                // A title is its text as written, whatever the language.
                let title = Key::of(&row.values[ti]).as_str().to_string();
                if !row.values[ti].is_empty() && !h.titles.get(&y).is_some_and(|t| t.contains(&title)) {
                    h.titles.entry(y).or_default().push(title);
                }
            }
            // Every fact of the year, for `gia_tri`.
            let cells = h.cells.entry(y).or_default();
            for (i, n) in &others {
                if !row.values[*i].is_empty() {
                    let vs = cells.entry((*n).clone()).or_default();
                    if !vs.contains(&row.values[*i]) {
                        vs.push(row.values[*i].clone());
                    }
                }
            }
            let sums = h.sums.entry(y).or_default();
            for (i, n) in &numeric {
                if let Some(d) = row.values[*i].as_decimal() {
                    *sums.entry((*n).clone()).or_default() += d;
                }
            }
        }
    }
    let empty = Dynamic::from(History(Arc::new(fresh())));
    Some((by_key.into_iter().map(|(k, h)| (k, Dynamic::from(History(Arc::new(h))))).collect(), empty))
}

/// Each collective's members, for roll-ups on `dataset`, by key; plus the
/// value for a collective without members.
pub fn members_of(
    cp: &CompiledPack,
    tables: &IndexMap<String, Table>,
    dataset: &str,
    eligible: &[Vec<bool>],
) -> Option<ByKey> {
    let spec = cp.pack.datasets.get(dataset)?.members.as_ref()?;
    let mds = cp.pack.datasets.get(&spec.dataset)?;
    let awards: Vec<(usize, &str)> = cp
        .pack
        .awards
        .iter()
        .enumerate()
        .filter(|(_, a)| a.dataset_id == spec.dataset)
        .map(|(i, a)| (i, a.id.as_str()))
        .collect();
    use crate::pack::ColumnType;
    use crate::script::context::Rollup;
    // The members' own columns, rolled up per collective.
    let columns: Arc<Vec<String>> = Arc::new(mds.columns.keys().cloned().collect());
    let fresh_rollups: Vec<Rollup> = mds
        .columns
        .values()
        .map(|c| match c.ty {
            ColumnType::Bool => Rollup::Yes(0),
            ColumnType::Enum => Rollup::Values(Arc::new(c.values.clone()), vec![0; c.values.len()]),
            ColumnType::Int | ColumnType::Decimal => Rollup::Sum(rust_decimal::Decimal::ZERO),
            ColumnType::Text | ColumnType::Date => Rollup::None,
        })
        .collect();
    let empty = MembersData {
        total: 0,
        eligible: awards.iter().map(|(_, a)| (a.to_string(), 0)).collect(),
        columns: columns.clone(),
        rollups: fresh_rollups.clone(),
    };
    let mut by_group: HashMap<Key, MembersData> = HashMap::new();
    if let Some(t) = tables.get(&spec.dataset) {
        let via = mds.column_index(&spec.via).unwrap_or(0);
        for (ri, row) in t.rows.iter().enumerate() {
            let g = by_group.entry(Key::of(&row.values[via])).or_insert_with(|| MembersData {
                total: 0,
                eligible: empty.eligible.clone(),
                columns: columns.clone(),
                rollups: fresh_rollups.clone(),
            });
            g.total += 1;
            for (r, v) in g.rollups.iter_mut().zip(&row.values) {
                match (r, v) {
                    (Rollup::Yes(n), Value::Bool(true)) => *n += 1,
                    (Rollup::Values(values, counts), Value::Text(t)) => {
                        if let Some(i) = values.iter().position(|x| x.as_str() == &**t) {
                            counts[i] += 1;
                        }
                    }
                    (Rollup::Sum(s), v) => *s += v.as_decimal().unwrap_or_default(),
                    _ => {}
                }
            }
            for (ai, id) in &awards {
                if eligible.get(*ai).and_then(|e| e.get(ri)).copied().unwrap_or(false) {
                    *g.eligible.entry(id.to_string()).or_default() += 1;
                }
            }
        }
    }
    Some((
        by_group.into_iter().map(|(k, m)| (k, Dynamic::from(Members(Arc::new(m))))).collect(),
        Dynamic::from(Members(Arc::new(empty))),
    ))
}

/// Each member's collective, as rules on `dataset` read it (`tap_the`), by
/// member key; `None` when no single collective has `dataset` as its members
/// (several are refused where a rule reads `tap_the`).
pub fn collective_of(cp: &CompiledPack, tables: &IndexMap<String, Table>, dataset: &str) -> Option<(String, ByKey)> {
    use crate::script::collective::{CollectiveColumns, TapThe, VAR};
    let mds = cp.pack.datasets.get(dataset)?;
    let mut all = cp.pack.collectives_of(dataset);
    let (cds, None) = (all.next()?, all.next()) else { return None };
    if mds.columns.contains_key(VAR) {
        return None; // the column is read instead
    }
    let spec = cds.members.as_ref()?;
    let columns = Arc::new(CollectiveColumns {
        names: cds.columns.keys().cloned().collect(),
        rankings: cds
            .columns
            .iter()
            .map(|(n, c)| Some(Arc::new(Ranking { column: n.clone(), values: c.ranked()? })))
            .collect(),
    });
    let view = |row, several| Dynamic::from(TapThe { columns: columns.clone(), row, several });
    let (Some(ct), Some(mt)) = (tables.get(&cds.id), tables.get(dataset)) else {
        return Some((VAR.to_string(), (HashMap::new(), view(None, false))));
    };
    let ckey = cds.column_index(&cds.key).unwrap_or(0);
    let rows: HashMap<Key, Arc<[Value]>> =
        ct.rows.iter().map(|r| (Key::of(&r.values[ckey]), Arc::from(r.values.as_slice()))).collect();
    let (mkey, via) = (mds.column_index(&mds.key).unwrap_or(0), mds.column_index(&spec.via).unwrap_or(0));
    // A member of a register kept by year may move between collectives: a
    // key with rows in two is refused where a rule reads its collective.
    let mut of_member: HashMap<Key, Option<Key>> = HashMap::new();
    let mut several: std::collections::HashSet<Key> = std::collections::HashSet::new();
    for r in &mt.rows {
        let k = Key::of(&r.values[mkey]);
        let c = (!r.values[via].is_empty()).then(|| Key::of(&r.values[via]));
        match of_member.get(&k) {
            Some(seen) if *seen != c => {
                several.insert(k);
            }
            Some(_) => {}
            None => {
                of_member.insert(k, c);
            }
        }
    }
    let by_key = of_member
        .into_iter()
        .map(|(k, c)| {
            let row = c.and_then(|c| rows.get(&c).cloned());
            let v = view(row, several.contains(&k));
            (k, v)
        })
        .collect();
    Some((VAR.to_string(), (by_key, view(None, false))))
}
