//! Evidence files (and each round's units sheet): stored once by their
//! sha256 in a folder beside the database, never under the web root, and
//! listed per sheet and criterion in the database. Who may read one is
//! decided by the pages from the sheet it belongs to.

use super::{now, Result};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::{Path, PathBuf};

/// `<database>.tep/`: the folder of stored files.
pub fn folder_of(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".tep");
    db.with_file_name(name)
}

fn blob_path(db: &Path, sha256: &str) -> PathBuf {
    folder_of(db).join(&sha256[..2]).join(sha256)
}

/// Keeps `bytes` (once: the same file twice is one file), written whole
/// before its row is committed; returns its hash.
pub fn keep(db: &Path, bytes: &[u8]) -> Result<String> {
    let sha = crate::audit::sha256(bytes);
    let path = blob_path(db, &sha);
    if !path.exists() {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        std::io::Write::write_all(&mut tmp, bytes)?;
        tmp.as_file().sync_all()?;
        tmp.persist(&path).map_err(|e| super::StoreError::Io(e.error))?;
    }
    Ok(sha)
}

pub fn read(db: &Path, sha256: &str) -> Result<Vec<u8>> {
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(super::StoreError::Io(std::io::ErrorKind::NotFound.into()));
    }
    Ok(std::fs::read(blob_path(db, sha256))?)
}

/// Copies every stored file beside a backup (files never change, so a
/// file already there is kept).
pub fn copy_all(db: &Path, backup: &Path) -> Result<()> {
    let (from, to) = (folder_of(db), folder_of(backup));
    let Ok(dirs) = std::fs::read_dir(&from) else { return Ok(()) };
    for d in dirs.flatten() {
        for f in std::fs::read_dir(d.path())?.flatten() {
            let dest = to.join(d.file_name()).join(f.file_name());
            if !dest.exists() {
                std::fs::create_dir_all(dest.parent().unwrap_or(&to))?;
                std::fs::copy(f.path(), &dest)?;
            }
        }
    }
    Ok(())
}

/// One evidence file of a sheet.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub id: i64,
    pub unit: String,
    pub stage: String,
    pub criterion: String,
    pub sha256: String,
    pub name: String,
    pub mime: String,
    pub size: i64,
    pub at: i64,
}

pub struct NewEvidence<'a> {
    pub round: i64,
    pub unit: &'a str,
    pub stage: &'a str,
    pub criterion: &'a str,
    pub sha256: &'a str,
    pub name: &'a str,
    pub mime: &'a str,
    pub size: i64,
    pub by: i64,
}

pub fn add(tx: &Connection, e: &NewEvidence) -> Result<i64> {
    tx.execute(
        "INSERT INTO evidence (round_id, unit, stage, criterion, sha256, name, mime, size, account_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![e.round, e.unit, e.stage, e.criterion, e.sha256, e.name, e.mime, e.size, e.by, now()],
    )?;
    let id = tx.last_insert_rowid();
    super::sheets::log(
        tx,
        e.round,
        (Some(e.unit), Some(e.stage)),
        e.by,
        "minh_chung",
        Some(e.criterion),
        Some(e.name),
        None,
    )?;
    Ok(id)
}

const COLUMNS: &str = "id, unit, stage, criterion, sha256, name, mime, size, at";

fn evidence_of(r: &rusqlite::Row) -> rusqlite::Result<Evidence> {
    Ok(Evidence {
        id: r.get(0)?,
        unit: r.get(1)?,
        stage: r.get(2)?,
        criterion: r.get(3)?,
        sha256: r.get(4)?,
        name: r.get(5)?,
        mime: r.get(6)?,
        size: r.get(7)?,
        at: r.get(8)?,
    })
}

/// A round's evidence, by unit, stage, criterion, then upload order.
pub fn of_round(c: &Connection, round: i64) -> Result<Vec<Evidence>> {
    let mut st =
        c.prepare(&format!("SELECT {COLUMNS} FROM evidence WHERE round_id = ?1 ORDER BY unit, stage, criterion, id"))?;
    let rows = st.query_map([round], evidence_of)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One sheet's evidence, by criterion, then upload order.
pub fn of_sheet(c: &Connection, round: i64, unit: &str, stage: &str) -> Result<Vec<Evidence>> {
    let mut st = c.prepare(&format!(
        "SELECT {COLUMNS} FROM evidence WHERE round_id = ?1 AND unit = ?2 AND stage = ?3 ORDER BY criterion, id"
    ))?;
    let rows = st.query_map(params![round, unit, stage], evidence_of)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn get(c: &Connection, round: i64, id: i64) -> Result<Option<Evidence>> {
    Ok(c.query_row(
        &format!("SELECT {COLUMNS} FROM evidence WHERE round_id = ?1 AND id = ?2"),
        params![round, id],
        evidence_of,
    )
    .optional()?)
}
