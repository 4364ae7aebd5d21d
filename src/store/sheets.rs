//! One unit's sheet at one stage: the cells entered, its state, and every
//! change to it in the history. A save names the version it was made from:
//! a sheet saved meanwhile by someone else is never overwritten silently.

use super::{now, Result};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;

/// Where a sheet is in its stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Being filled (nháp).
    Draft,
    /// Sent by its owner, locked (đã gửi).
    Submitted,
    /// Sent back by the reviewer with a reason, open again (trả lại).
    Returned,
    /// Accepted by the reviewer; the next stage starts from it (đã nhận).
    Accepted,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "nhap",
            Status::Submitted => "da_gui",
            Status::Returned => "tra_lai",
            Status::Accepted => "da_nhan",
        }
    }

    fn from_code(s: &str) -> Status {
        match s {
            "da_gui" => Status::Submitted,
            "tra_lai" => Status::Returned,
            "da_nhan" => Status::Accepted,
            _ => Status::Draft,
        }
    }

    /// Whether its owner may still change it.
    pub fn open(self) -> bool {
        matches!(self, Status::Draft | Status::Returned)
    }

    pub fn words(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Status::Draft => lang.pick("Đang nhập", "Draft"),
            Status::Submitted => lang.pick("Đã gửi", "Submitted"),
            Status::Returned => lang.pick("Bị trả lại", "Returned"),
            Status::Accepted => lang.pick("Đã nhận", "Accepted"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Sheet {
    pub unit: String,
    pub stage: String,
    pub status: Status,
    pub version: i64,
    /// Canonical cell text by column.
    pub vals: BTreeMap<String, String>,
    pub comment: String,
    pub updated_at: i64,
    pub updated_by: String,
}

fn sheet_of(r: &rusqlite::Row) -> rusqlite::Result<Sheet> {
    let status: String = r.get(2)?;
    let vals: String = r.get(4)?;
    Ok(Sheet {
        unit: r.get(0)?,
        stage: r.get(1)?,
        status: Status::from_code(&status),
        version: r.get(3)?,
        vals: serde_json::from_str(&vals).unwrap_or_default(),
        comment: r.get(5)?,
        updated_at: r.get(6)?,
        updated_by: r.get(7)?,
    })
}

const SELECT: &str = "SELECT s.unit, s.stage, s.status, s.version, s.vals, s.comment, s.updated_at, a.display
    FROM sheets s JOIN accounts a ON a.id = s.updated_by";

const STATES: &str = "SELECT s.unit, s.stage, s.status, s.version, '{}', s.comment, s.updated_at, a.display
    FROM sheets s JOIN accounts a ON a.id = s.updated_by";

pub fn get(c: &Connection, round: i64, unit: &str, stage: &str) -> Result<Option<Sheet>> {
    Ok(c.query_row(
        &format!("{SELECT} WHERE s.round_id = ?1 AND s.unit = ?2 AND s.stage = ?3"),
        params![round, unit, stage],
        sheet_of,
    )
    .optional()?)
}

/// Every sheet of a round.
pub fn of_round(c: &Connection, round: i64) -> Result<Vec<Sheet>> {
    of_round_where(c, round, None, true)
}

/// The sheets of a round's units, of one cluster or all, with or without
/// their figures (a page listing states needs none).
pub fn of_round_where(c: &Connection, round: i64, cluster: Option<&str>, figures: bool) -> Result<Vec<Sheet>> {
    let select = if figures { SELECT } else { STATES };
    let mut st = match cluster {
        Some(_) => c.prepare(&format!(
            "{select} WHERE s.round_id = ?1 AND s.unit IN
                 (SELECT key FROM round_units WHERE round_id = ?1 AND cluster = ?2) ORDER BY s.unit, s.stage"
        ))?,
        None => c.prepare(&format!("{select} WHERE s.round_id = ?1 AND ?2 IS NULL ORDER BY s.unit, s.stage"))?,
    };
    let rows = st.query_map(params![round, cluster], sheet_of)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Why a change to a sheet was not made.
#[derive(Debug, PartialEq, Eq)]
pub enum Conflict {
    /// Saved by someone else since it was opened (the version they saw).
    Stale { now: i64, by: String },
    /// Not in a state that allows it (sent, accepted, not sent yet).
    State(Status),
    /// Not there (an earlier stage is not accepted yet).
    Missing,
}

pub type Change = std::result::Result<i64, Conflict>;

/// Saves the owner's cells (and comment) of an open sheet made from
/// `seen` (0 for a sheet not yet there); every changed cell is logged.
pub fn save(
    tx: &Connection,
    (round, unit, stage): (i64, &str, &str),
    seen: i64,
    vals: &BTreeMap<String, String>,
    comment: &str,
    by: i64,
) -> Result<Change> {
    let before = get(tx, round, unit, stage)?;
    let (old, version) = match &before {
        None if seen == 0 => (BTreeMap::new(), 0),
        None => return Ok(Err(Conflict::Missing)),
        Some(s) if s.version != seen => return Ok(Err(Conflict::Stale { now: s.version, by: s.updated_by.clone() })),
        Some(s) if !s.status.open() => return Ok(Err(Conflict::State(s.status))),
        Some(s) => (s.vals.clone(), s.version),
    };
    let columns: std::collections::BTreeSet<&String> = old.keys().chain(vals.keys()).collect();
    for col in columns {
        let (a, b) = (old.get(col), vals.get(col));
        if a != b {
            log(
                tx,
                round,
                (Some(unit), Some(stage)),
                by,
                "sua",
                Some(col),
                b.map(String::as_str),
                a.map(String::as_str),
            )?;
        }
    }
    let status = before.as_ref().map_or(Status::Draft, |s| s.status);
    write(tx, (round, unit, stage), status, version + 1, vals, comment, by)?;
    Ok(Ok(version + 1))
}

#[allow(clippy::too_many_arguments)]
fn write(
    tx: &Connection,
    (round, unit, stage): (i64, &str, &str),
    status: Status,
    version: i64,
    vals: &BTreeMap<String, String>,
    comment: &str,
    by: i64,
) -> Result<()> {
    tx.execute(
        "INSERT INTO sheets (round_id, unit, stage, status, version, vals, comment, updated_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(round_id, unit, stage) DO UPDATE SET status = ?4, version = ?5, vals = ?6, comment = ?7,
             updated_by = ?8, updated_at = ?9",
        params![
            round,
            unit,
            stage,
            status.code(),
            version,
            serde_json::to_string(vals).unwrap_or_default(),
            comment,
            by,
            now()
        ],
    )?;
    Ok(())
}

/// Moves a sheet from one state to another (send, return, accept), made
/// from version `seen`, with the reason in the history.
pub fn transition(
    tx: &Connection,
    (round, unit, stage): (i64, &str, &str),
    seen: i64,
    (from, to): (&[Status], Status),
    reason: Option<&str>,
    by: i64,
) -> Result<Change> {
    let Some(s) = get(tx, round, unit, stage)? else { return Ok(Err(Conflict::Missing)) };
    if s.version != seen {
        return Ok(Err(Conflict::Stale { now: s.version, by: s.updated_by }));
    }
    if !from.contains(&s.status) {
        return Ok(Err(Conflict::State(s.status)));
    }
    log(tx, round, (Some(unit), Some(stage)), by, to.code(), None, reason, Some(s.status.code()))?;
    write(tx, (round, unit, stage), to, s.version + 1, &s.vals, &s.comment, by)?;
    Ok(Ok(s.version + 1))
}

/// Starts the next stage's sheet from an accepted one's cells (kept if it
/// is already there).
pub fn start_from(tx: &Connection, round: i64, unit: &str, (from, next): (&str, &str), by: i64) -> Result<()> {
    if get(tx, round, unit, next)?.is_some() {
        return Ok(());
    }
    let Some(s) = get(tx, round, unit, from)? else { return Ok(()) };
    log(tx, round, (Some(unit), Some(next)), by, "bat_dau", None, Some(from), None)?;
    write(tx, (round, unit, next), Status::Draft, 1, &s.vals, "", by)
}

/// One entry of the history.
#[derive(Debug, Clone)]
pub struct Entry {
    pub at: i64,
    pub who: String,
    pub unit: Option<String>,
    pub stage: Option<String>,
    pub action: String,
    pub field: Option<String>,
    pub after: Option<String>,
    pub before: Option<String>,
}

/// Appends to the history (the only write the history table allows).
#[allow(clippy::too_many_arguments)]
pub fn log(
    tx: &Connection,
    round: i64,
    (unit, stage): (Option<&str>, Option<&str>),
    by: i64,
    action: &str,
    field: Option<&str>,
    after: Option<&str>,
    before: Option<&str>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO history (round_id, unit, stage, account_id, at, action, field, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![round, unit, stage, by, now(), action, field, before, after],
    )?;
    Ok(())
}

/// The history of a round, or of one unit's sheets, oldest first.
pub fn history(c: &Connection, round: i64, unit: Option<&str>) -> Result<Vec<Entry>> {
    let mut out = Vec::new();
    each_history(c, round, unit, |e| out.push(e))?;
    Ok(out)
}

/// Each history entry in turn, never all held at once (a province's round
/// has hundreds of thousands).
pub fn each_history(c: &Connection, round: i64, unit: Option<&str>, mut f: impl FnMut(Entry)) -> Result<()> {
    // Two statements, so that a unit's history is read by its index, not by
    // scanning the round's (an `IS NULL OR` would defeat the index).
    let select = "SELECT h.at, a.display, h.unit, h.stage, h.action, h.field, h.after, h.before
         FROM history h LEFT JOIN accounts a ON a.id = h.account_id WHERE h.round_id = ?1";
    let mut st = match unit {
        Some(_) => c.prepare(&format!("{select} AND h.unit = ?2 ORDER BY h.id"))?,
        None => c.prepare(&format!("{select} AND ?2 IS NULL ORDER BY h.id"))?,
    };
    let rows = st.query_map(params![round, unit], |r| {
        Ok(Entry {
            at: r.get(0)?,
            who: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            unit: r.get(2)?,
            stage: r.get(3)?,
            action: r.get(4)?,
            field: r.get(5)?,
            after: r.get(6)?,
            before: r.get(7)?,
        })
    })?;
    for e in rows {
        f(e?);
    }
    Ok(())
}
