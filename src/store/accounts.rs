//! Accounts, their passwords (Argon2id, memory-hard), sessions and the
//! slowing of repeated failed logins. A session token is random, sent only
//! in a cookie and kept only as its hash; each session has its own token
//! against cross-site forms.

use super::{now, random_hex, Result};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::{params, Connection, OptionalExtension};

/// Who an account is: what it may see and do is decided from this alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Hội đồng thi đua – khen thưởng: opens rounds, makes accounts,
    /// appraises (the last stage), enters votes.
    Council,
    /// Trưởng cụm: scores its cluster's units (middle stages).
    ClusterHead,
    /// Đơn vị: fills its own sheet (the first stage).
    Unit,
    /// Kiểm tra: reads everything, changes nothing.
    Auditor,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Council, Role::ClusterHead, Role::Unit, Role::Auditor];

    pub fn code(self) -> &'static str {
        match self {
            Role::Council => "hoi_dong",
            Role::ClusterHead => "truong_cum",
            Role::Unit => "don_vi",
            Role::Auditor => "kiem_tra",
        }
    }

    pub fn from_code(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }

    /// Whether the account belongs to one cluster or unit (its scope).
    pub fn scoped(self) -> bool {
        matches!(self, Role::ClusterHead | Role::Unit)
    }

    pub fn words(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Role::Council => lang.pick("Hội đồng thi đua – khen thưởng", "Emulation and commendation council"),
            Role::ClusterHead => lang.pick("Trưởng cụm", "Cluster head"),
            Role::Unit => lang.pick("Đơn vị", "Unit"),
            Role::Auditor => lang.pick("Kiểm tra (chỉ xem)", "Auditor (read only)"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub display: String,
    pub role: Role,
    /// The cluster (cluster head) or unit (unit) it acts for.
    pub scope: Option<String>,
}

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

/// Why an account could not be made.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    ShortPassword,
    NameTaken,
    BadName,
    ScopeNeeded,
    ScopeNotWanted,
}

impl Refusal {
    pub fn words(&self, lang: crate::i18n::Lang) -> String {
        match self {
            Refusal::ShortPassword => match lang {
                crate::i18n::Lang::Vi => format!("mật khẩu cần ít nhất {MIN_PASSWORD} ký tự"),
                crate::i18n::Lang::En => format!("a password needs at least {MIN_PASSWORD} characters"),
            },
            Refusal::NameTaken => lang.pick("tên đăng nhập này đã có", "this login name is taken").into(),
            Refusal::BadName => lang
                .pick(
                    "tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới (3–64 ký tự)",
                    "a login name is 3–64 letters a–z, digits, '.', '-' or '_'",
                )
                .into(),
            Refusal::ScopeNeeded => lang
                .pick(
                    "tài khoản trưởng cụm hoặc đơn vị cần mã cụm hoặc mã đơn vị (--scope)",
                    "a cluster head's or unit's account needs its cluster or unit code (--scope)",
                )
                .into(),
            Refusal::ScopeNotWanted => lang
                .pick(
                    "tài khoản hội đồng hoặc kiểm tra không gắn với cụm hay đơn vị nào",
                    "a council or auditor account belongs to no cluster or unit",
                )
                .into(),
        }
    }
}

fn hasher() -> Argon2<'static> {
    // Argon2id, the crate's defaults (19 MiB, 2 passes): OWASP's minimum.
    Argon2::default()
}

/// The stored form of a password (salt and parameters included).
fn hash_password(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the system's random source is available");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes encode");
    hasher().hash_password(password.as_bytes(), &salt).expect("Argon2 hashes any password").to_string()
}

fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| hasher().verify_password(password.as_bytes(), &h).is_ok())
}

/// Makes an account. The password is hashed here and never stored.
pub fn create(
    tx: &Connection,
    (name, display): (&str, &str),
    role: Role,
    scope: Option<&str>,
    password: &str,
    by: Option<i64>,
) -> Result<std::result::Result<Account, Refusal>> {
    let ok_name = (3..=64).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    let scope = scope.map(str::trim).filter(|s| !s.is_empty());
    let refusal = if !ok_name {
        Some(Refusal::BadName)
    } else if password.chars().count() < MIN_PASSWORD {
        Some(Refusal::ShortPassword)
    } else if role.scoped() && scope.is_none() {
        Some(Refusal::ScopeNeeded)
    } else if !role.scoped() && scope.is_some() {
        Some(Refusal::ScopeNotWanted)
    } else if by_name(tx, name)?.is_some() {
        Some(Refusal::NameTaken)
    } else {
        None
    };
    if let Some(r) = refusal {
        return Ok(Err(r));
    }
    let display = if display.trim().is_empty() { name } else { display.trim() };
    tx.execute(
        "INSERT INTO accounts (name, display, role, scope, hash, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![name, display, role.code(), scope, hash_password(password), now(), by],
    )?;
    Ok(Ok(Account {
        id: tx.last_insert_rowid(),
        name: name.into(),
        display: display.into(),
        role,
        scope: scope.map(Into::into),
    }))
}

fn account_of(r: &rusqlite::Row) -> rusqlite::Result<Account> {
    let role: String = r.get(3)?;
    Ok(Account {
        id: r.get(0)?,
        name: r.get(1)?,
        display: r.get(2)?,
        role: Role::from_code(&role).unwrap_or(Role::Auditor),
        scope: r.get(4)?,
    })
}

const COLUMNS: &str = "id, name, display, role, scope";

pub fn by_name(c: &Connection, name: &str) -> Result<Option<Account>> {
    Ok(c.query_row(&format!("SELECT {COLUMNS} FROM accounts WHERE name = ?1"), [name], account_of).optional()?)
}

pub fn all(c: &Connection) -> Result<Vec<Account>> {
    let mut st = c.prepare(&format!("SELECT {COLUMNS} FROM accounts ORDER BY role, scope, name"))?;
    let rows = st.query_map([], account_of)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The accounts locked by the council.
pub fn locked(c: &Connection) -> Result<std::collections::HashSet<i64>> {
    let mut st = c.prepare("SELECT id FROM accounts WHERE disabled = 1")?;
    let rows = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Locks or unlocks an account; locking ends its sessions. A locked
/// account signs in as an unknown name does: refused, in the same words.
pub fn set_locked(tx: &Connection, id: i64, lock: bool) -> Result<bool> {
    let n = tx.execute("UPDATE accounts SET disabled = ?2 WHERE id = ?1", params![id, lock as i64])?;
    if lock {
        tx.execute("DELETE FROM sessions WHERE account_id = ?1", [id])?;
    }
    Ok(n == 1)
}

pub fn count(c: &Connection) -> Result<i64> {
    Ok(c.query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))?)
}

/// Failed logins allowed before each further try must wait.
pub const FREE_FAILURES: i64 = 5;

/// Why a login was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum LoginRefused {
    /// Wrong name or password (which, never said).
    Wrong,
    /// Too many failures: try again after this many seconds.
    Wait(i64),
}

/// How long the next try must wait after `failures` failures: nothing for
/// the first few, then doubling from 2 seconds up to 15 minutes.
fn wait_after(failures: i64) -> i64 {
    if failures < FREE_FAILURES {
        0
    } else {
        (1i64 << (failures - FREE_FAILURES + 1).min(10)).min(900)
    }
}

/// Checks a name and password; a failure is counted against the name
/// (known or not, so names cannot be probed by timing the answer).
pub fn login(tx: &Connection, name: &str, password: &str) -> Result<std::result::Result<Account, LoginRefused>> {
    let t = now();
    let failed: Option<(i64, i64)> = tx
        .query_row("SELECT count, last_at FROM login_failures WHERE name = ?1", [name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((n, last)) = failed {
        let wait = last + wait_after(n) - t;
        if wait > 0 {
            return Ok(Err(LoginRefused::Wait(wait)));
        }
    }
    let stored: Option<(String, Account)> = tx
        .query_row(&format!("SELECT {COLUMNS}, hash FROM accounts WHERE name = ?1 AND disabled = 0"), [name], |r| {
            Ok((r.get(5)?, account_of(r)?))
        })
        .optional()?;
    // An unknown name costs the same hashing as a known one.
    let ok = match &stored {
        Some((hash, _)) => verify_password(password, hash),
        None => {
            let _ = verify_password(password, DUMMY_HASH);
            false
        }
    };
    match stored.filter(|_| ok) {
        Some((_, account)) => {
            tx.execute("DELETE FROM login_failures WHERE name = ?1", [name])?;
            Ok(Ok(account))
        }
        None => {
            tx.execute(
                "INSERT INTO login_failures (name, count, last_at) VALUES (?1, 1, ?2)
                 ON CONFLICT(name) DO UPDATE SET count = count + 1, last_at = ?2",
                params![name, t],
            )?;
            Ok(Err(LoginRefused::Wrong))
        }
    }
}

/// A hash of no one's password, checked against when the name is unknown.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$wM6YiBDTqJj5LKjUs1CmC7fHWqZzYvL1Rx0d1tH8ZHQ";

/// Why a password was not changed.
#[derive(Debug, PartialEq, Eq)]
pub enum ChangeRefused {
    /// The current password given is not the account's.
    WrongCurrent,
    ShortPassword,
    /// The two new passwords differ.
    Differ,
}

/// Changes an account's password, given its current one; every other
/// session of the account ends (a password is changed when it leaked).
pub fn change_password(
    tx: &Connection,
    account: &Account,
    (current, new, again): (&str, &str, &str),
    keep_session: &str,
) -> Result<std::result::Result<(), ChangeRefused>> {
    let stored: String = tx.query_row("SELECT hash FROM accounts WHERE id = ?1", [account.id], |r| r.get(0))?;
    if !verify_password(current, &stored) {
        return Ok(Err(ChangeRefused::WrongCurrent));
    }
    if new != again {
        return Ok(Err(ChangeRefused::Differ));
    }
    if new.chars().count() < MIN_PASSWORD {
        return Ok(Err(ChangeRefused::ShortPassword));
    }
    tx.execute("UPDATE accounts SET hash = ?2 WHERE id = ?1", params![account.id, hash_password(new)])?;
    tx.execute(
        "DELETE FROM sessions WHERE account_id = ?1 AND token_hash != ?2",
        params![account.id, crate::audit::sha256(keep_session.as_bytes())],
    )?;
    Ok(Ok(()))
}

/// How long a session lasts.
pub const SESSION_SECS: i64 = 12 * 3600;

/// A session begun: the token for the cookie (never stored as is) and the
/// token its forms carry.
pub struct Session {
    pub token: String,
    pub csrf: String,
}

pub fn begin_session(tx: &Connection, account: &Account) -> Result<Session> {
    let (token, csrf) = (random_hex(32), random_hex(32));
    tx.execute("DELETE FROM sessions WHERE expires_at < ?1", [now()])?;
    tx.execute(
        "INSERT INTO sessions (token_hash, account_id, csrf, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![crate::audit::sha256(token.as_bytes()), account.id, csrf, now() + SESSION_SECS],
    )?;
    Ok(Session { token, csrf })
}

/// The account and form token of a live session.
pub fn session(c: &Connection, token: &str) -> Result<Option<(Account, String)>> {
    let sql =
        "SELECT a.id, a.name, a.display, a.role, a.scope, s.csrf FROM sessions s JOIN accounts a ON a.id = s.account_id
         WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND a.disabled = 0";
    Ok(c.query_row(sql, params![crate::audit::sha256(token.as_bytes()), now()], |r| Ok((account_of(r)?, r.get(5)?)))
        .optional()?)
}

pub fn end_session(tx: &Connection, token: &str) -> Result<()> {
    tx.execute("DELETE FROM sessions WHERE token_hash = ?1", [crate::audit::sha256(token.as_bytes())])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_after_the_free_failures_and_stop_at_fifteen_minutes() {
        assert_eq!(wait_after(4), 0);
        assert_eq!(wait_after(5), 2);
        assert_eq!(wait_after(6), 4);
        assert_eq!(wait_after(40), 900);
    }

    #[test]
    fn a_password_is_stored_only_as_its_argon2id_hash() {
        let h = hash_password("mat-khau-dai-du");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("mat-khau-dai-du", &h));
        assert!(!verify_password("mat-khau-khac", &h));
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
