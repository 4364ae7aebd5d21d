//! The database's schema, one migration per version, applied in order at
//! open (the version is SQLite's `user_version`). A migration is never
//! edited once released: a change is a new one.

use rusqlite_migration::{Migrations, M};

const MIGRATIONS: &[M<'static>] = &[
    M::up(
        r#"
CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display     TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('hoi_dong', 'truong_cum', 'don_vi', 'kiem_tra')),
    scope       TEXT,
    hash        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    created_by  INTEGER REFERENCES accounts(id),
    CHECK ((role IN ('truong_cum', 'don_vi')) = (scope IS NOT NULL))
);
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    csrf        TEXT NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE TABLE login_failures (
    name        TEXT PRIMARY KEY COLLATE NOCASE,
    count       INTEGER NOT NULL,
    last_at     INTEGER NOT NULL
);
CREATE TABLE rounds (
    id          INTEGER PRIMARY KEY,
    pack        TEXT NOT NULL,
    scorecard   TEXT NOT NULL,
    title       TEXT NOT NULL,
    as_of       TEXT NOT NULL,
    units_name  TEXT NOT NULL,
    units_sha256 TEXT NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES accounts(id),
    created_at  INTEGER NOT NULL
);
CREATE TABLE round_stages (
    round_id    INTEGER NOT NULL REFERENCES rounds(id),
    idx         INTEGER NOT NULL,
    stage       TEXT NOT NULL,
    deadline    TEXT,
    PRIMARY KEY (round_id, idx)
);
CREATE TABLE round_units (
    round_id    INTEGER NOT NULL REFERENCES rounds(id),
    key         TEXT NOT NULL,
    name        TEXT NOT NULL,
    cluster     TEXT NOT NULL,
    fixed       TEXT NOT NULL,
    PRIMARY KEY (round_id, key)
);
CREATE TABLE sheets (
    round_id    INTEGER NOT NULL,
    unit        TEXT NOT NULL,
    stage       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('nhap', 'da_gui', 'tra_lai', 'da_nhan')),
    version     INTEGER NOT NULL,
    vals        TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    updated_by  INTEGER NOT NULL REFERENCES accounts(id),
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (round_id, unit, stage),
    FOREIGN KEY (round_id, unit) REFERENCES round_units(round_id, key)
);
CREATE TABLE history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id    INTEGER NOT NULL REFERENCES rounds(id),
    unit        TEXT,
    stage       TEXT,
    account_id  INTEGER REFERENCES accounts(id),
    at          INTEGER NOT NULL,
    action      TEXT NOT NULL,
    field       TEXT,
    before      TEXT,
    after       TEXT,
    reason      TEXT
);
CREATE INDEX history_by_sheet ON history(round_id, unit, stage);
CREATE TRIGGER history_is_kept BEFORE UPDATE ON history
    BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_is_never_removed BEFORE DELETE ON history
    BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TABLE evidence (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL,
    unit        TEXT NOT NULL,
    stage       TEXT NOT NULL,
    criterion   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    name        TEXT NOT NULL,
    mime        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    at          INTEGER NOT NULL,
    FOREIGN KEY (round_id, unit) REFERENCES round_units(round_id, key)
);
"#,
    ),
    // A province's round is read a cluster at a time.
    M::up("CREATE INDEX round_units_by_cluster ON round_units(round_id, cluster);"),
    // An account of someone who left is locked, never deleted: the history names it.
    M::up("ALTER TABLE accounts ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;"),
];

/// Brings the schema to the newest version; a database newer than this
/// program is refused, never written.
pub fn migrate(conn: &mut rusqlite::Connection) -> super::Result<()> {
    Migrations::from_slice(MIGRATIONS).to_latest(conn).map_err(|e| super::StoreError::Migration(e.to_string()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        assert!(rusqlite_migration::Migrations::from_slice(super::MIGRATIONS).validate().is_ok());
    }
}
