//! Scoring rounds kept between requests: one SQLite file (WAL, migrations
//! applied at open) and, beside it, the evidence files by content hash.
//! Only `thidua serve --store` and `thidua backup` open it; the engine never
//! does. Every write is one transaction; history is append-only (the
//! database itself refuses to change or delete a history row).

pub mod accounts;
pub mod evidence;
pub mod rounds;
mod schema;
pub mod sheets;

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Why the store could not do what was asked.
#[derive(Debug)]
pub enum StoreError {
    /// The database refused or failed (corrupt file, disk full…).
    Sql(rusqlite::Error),
    /// The schema could not be brought to this version.
    Migration(String),
    /// A file beside the database (evidence, a backup) could not be written.
    Io(std::io::Error),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Sql(e) => write!(f, "{e}"),
            StoreError::Migration(e) => write!(f, "{e}"),
            StoreError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sql(e)
    }
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        StoreError::Io(e)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The open store. One connection behind a lock: SQLite writes one
/// transaction at a time anyway, and a round's pages are small reads.
pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl Store {
    /// Opens (or creates) the database at `path`, in WAL mode, every commit
    /// on disk before it is answered, and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: a commit is on disk before the page says "saved", even if the
        // machine loses power just after.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        schema::migrate(&mut conn)?;
        std::fs::create_dir_all(evidence::folder_of(path))?;
        Ok(Store { conn: Mutex::new(conn), path: path.to_path_buf() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on the connection (reads).
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn)
    }

    /// Runs `f` in one transaction: all of it is committed, or none.
    pub fn write<T>(&self, f: impl FnOnce(&rusqlite::Transaction) -> Result<T>) -> Result<T> {
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// A consistent copy of the live database at `to` (SQLite's online
    /// backup, so writers may go on), written beside it and renamed into
    /// place; the evidence files are copied beside it.
    pub fn backup(&self, to: &Path) -> Result<()> {
        let dir = to.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let tmp = tempfile::Builder::new().prefix(".thidua-backup-").tempfile_in(dir)?;
        {
            let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
            let mut dst = Connection::open(tmp.path())?;
            let b = rusqlite::backup::Backup::new(&conn, &mut dst)?;
            b.run_to_completion(256, std::time::Duration::ZERO, None)?;
        }
        evidence::copy_all(&self.path, to)?;
        tmp.persist(to).map_err(|e| StoreError::Io(e.error))?;
        Ok(())
    }
}

/// Seconds since 1970, the store's clock.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// A moment as an office in Vietnam reads it: 05/12/2026 14:03 (UTC+7).
pub fn local_time(secs: i64) -> String {
    let offset = chrono::FixedOffset::east_opt(7 * 3600).unwrap_or(chrono::FixedOffset::east_opt(0).unwrap());
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.with_timezone(&offset).format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_default()
}

/// Today as an office in Vietnam reads it (deadlines are days).
pub fn local_today(secs: i64) -> chrono::NaiveDate {
    chrono::DateTime::from_timestamp(secs + 7 * 3600, 0).map(|t| t.date_naive()).unwrap_or_default()
}

/// `n` random bytes from the system's source, as hex.
pub fn random_hex(n: usize) -> String {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).expect("the system's random source is available");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}
