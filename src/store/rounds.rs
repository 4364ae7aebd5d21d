//! A scoring round (kỳ chấm): a pack's scorecard for a year, its units as
//! the council's units sheet gives them, its stages and their deadlines.

use super::{now, Result};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;

/// A round as opened.
#[derive(Debug, Clone)]
pub struct Round {
    pub id: i64,
    pub pack: String,
    pub scorecard: String,
    pub title: String,
    /// The evaluation date (YYYY-MM-DD).
    pub as_of: String,
    /// The units sheet, as uploaded: its name and hash (the file itself is
    /// kept with the evidence, by hash).
    pub units_name: String,
    pub units_sha256: String,
    pub created_at: i64,
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub id: String,
    /// The last day a sheet of this stage may be saved or sent.
    pub deadline: Option<chrono::NaiveDate>,
}

/// A unit of a round: its code, name, cluster, and the cells the units
/// sheet gave it (targets and the like), canonical text by column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub key: String,
    pub name: String,
    pub cluster: String,
    pub fixed: BTreeMap<String, String>,
}

/// What opening a round needs.
pub struct NewRound<'a> {
    pub pack: &'a str,
    pub scorecard: &'a str,
    pub title: &'a str,
    pub as_of: &'a str,
    pub units_name: &'a str,
    pub units_sha256: &'a str,
    pub stages: &'a [Stage],
    pub units: &'a [Unit],
    pub by: i64,
}

pub fn open(tx: &Connection, r: &NewRound) -> Result<i64> {
    tx.execute(
        "INSERT INTO rounds (pack, scorecard, title, as_of, units_name, units_sha256, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![r.pack, r.scorecard, r.title, r.as_of, r.units_name, r.units_sha256, r.by, now()],
    )?;
    let id = tx.last_insert_rowid();
    for (i, s) in r.stages.iter().enumerate() {
        tx.execute(
            "INSERT INTO round_stages (round_id, idx, stage, deadline) VALUES (?1, ?2, ?3, ?4)",
            params![id, i as i64, s.id, s.deadline.map(|d| d.to_string())],
        )?;
    }
    for u in r.units {
        tx.execute(
            "INSERT INTO round_units (round_id, key, name, cluster, fixed) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, u.key, u.name, u.cluster, serde_json::to_string(&u.fixed).unwrap_or_default()],
        )?;
    }
    super::sheets::log(tx, id, (None, None), r.by, "mo_ky", None, Some(r.title), None)?;
    Ok(id)
}

fn stages_of(c: &Connection, id: i64) -> Result<Vec<Stage>> {
    let mut st = c.prepare("SELECT stage, deadline FROM round_stages WHERE round_id = ?1 ORDER BY idx")?;
    let rows = st
        .query_map([id], |r| {
            let d: Option<String> = r.get(1)?;
            Ok(Stage { id: r.get(0)?, deadline: d.and_then(|d| d.parse().ok()) })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

const COLUMNS: &str = "id, pack, scorecard, title, as_of, units_name, units_sha256, created_at";

fn round_of(r: &rusqlite::Row) -> rusqlite::Result<Round> {
    Ok(Round {
        id: r.get(0)?,
        pack: r.get(1)?,
        scorecard: r.get(2)?,
        title: r.get(3)?,
        as_of: r.get(4)?,
        units_name: r.get(5)?,
        units_sha256: r.get(6)?,
        created_at: r.get(7)?,
        stages: Vec::new(),
    })
}

pub fn get(c: &Connection, id: i64) -> Result<Option<Round>> {
    let r = c.query_row(&format!("SELECT {COLUMNS} FROM rounds WHERE id = ?1"), [id], round_of).optional()?;
    match r {
        Some(mut r) => {
            r.stages = stages_of(c, id)?;
            Ok(Some(r))
        }
        None => Ok(None),
    }
}

pub fn all(c: &Connection) -> Result<Vec<Round>> {
    let mut st = c.prepare(&format!("SELECT {COLUMNS} FROM rounds ORDER BY id DESC"))?;
    let mut rounds = st.query_map([], round_of)?.collect::<rusqlite::Result<Vec<_>>>()?;
    for r in &mut rounds {
        r.stages = stages_of(c, r.id)?;
    }
    Ok(rounds)
}

fn unit_of(r: &rusqlite::Row) -> rusqlite::Result<Unit> {
    let fixed: String = r.get(3)?;
    Ok(Unit {
        key: r.get(0)?,
        name: r.get(1)?,
        cluster: r.get(2)?,
        fixed: serde_json::from_str(&fixed).unwrap_or_default(),
    })
}

/// The round's units in the units sheet's order.
pub fn units(c: &Connection, round: i64) -> Result<Vec<Unit>> {
    units_where(c, round, None, true)
}

/// The round's units, of one cluster or all, with or without the cells the
/// units sheet gave (a page listing states needs none of them).
pub fn units_where(c: &Connection, round: i64, cluster: Option<&str>, fixed: bool) -> Result<Vec<Unit>> {
    let cells = if fixed { "fixed" } else { "'{}'" };
    let filter = if cluster.is_some() { "cluster = ?2" } else { "?2 IS NULL" };
    let mut st = c.prepare(&format!(
        "SELECT key, name, cluster, {cells} FROM round_units WHERE round_id = ?1 AND {filter} ORDER BY rowid"
    ))?;
    let rows = st.query_map(params![round, cluster], unit_of)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The cluster of a unit of the round.
pub fn cluster_of(c: &Connection, round: i64, key: &str) -> Result<Option<String>> {
    Ok(c.query_row("SELECT cluster FROM round_units WHERE round_id = ?1 AND key = ?2", params![round, key], |r| {
        r.get(0)
    })
    .optional()?)
}

pub fn unit(c: &Connection, round: i64, key: &str) -> Result<Option<Unit>> {
    Ok(c.query_row(
        "SELECT key, name, cluster, fixed FROM round_units WHERE round_id = ?1 AND key = ?2",
        params![round, key],
        unit_of,
    )
    .optional()?)
}

/// Sets cells of a unit's own (votes entered by the council), each change
/// in the history.
pub fn set_unit_cells(tx: &Connection, round: i64, key: &str, cells: &[(String, String)], by: i64) -> Result<bool> {
    let Some(mut u) = unit(tx, round, key)? else { return Ok(false) };
    for (col, value) in cells {
        let before = u.fixed.get(col).cloned();
        if before.as_deref() == Some(value.as_str()) || (before.is_none() && value.is_empty()) {
            continue;
        }
        super::sheets::log(tx, round, (Some(key), None), by, "phieu", Some(col), Some(value), before.as_deref())?;
        if value.is_empty() {
            u.fixed.remove(col);
        } else {
            u.fixed.insert(col.clone(), value.clone());
        }
    }
    tx.execute(
        "UPDATE round_units SET fixed = ?3 WHERE round_id = ?1 AND key = ?2",
        params![round, key, serde_json::to_string(&u.fixed).unwrap_or_default()],
    )?;
    Ok(true)
}

/// Moves a stage's deadline (the council's decision, in the history).
pub fn set_deadline(
    tx: &Connection,
    round: i64,
    stage: &str,
    deadline: Option<chrono::NaiveDate>,
    by: i64,
) -> Result<()> {
    let before: Option<Option<String>> = tx
        .query_row("SELECT deadline FROM round_stages WHERE round_id = ?1 AND stage = ?2", params![round, stage], |r| {
            r.get(0)
        })
        .optional()?;
    let after = deadline.map(|d| d.to_string());
    tx.execute(
        "UPDATE round_stages SET deadline = ?3 WHERE round_id = ?1 AND stage = ?2",
        params![round, stage, after],
    )?;
    let before = before.flatten();
    super::sheets::log(tx, round, (None, Some(stage)), by, "han", None, after.as_deref(), before.as_deref())?;
    Ok(())
}
