//! The store's commands: `thidua account` (the first council account is
//! made here, never with a default password) and `thidua backup`.

use crate::app::AppError;
use crate::i18n::Lang;
use crate::store::accounts::{self, Role};
use crate::store::Store;
use std::path::Path;

fn failed(path: &Path, detail: impl std::fmt::Display) -> AppError {
    AppError::Store { path: path.to_path_buf(), detail: detail.to_string() }
}

/// Opens the store for a command or the server.
pub fn open(path: &Path) -> Result<Store, AppError> {
    Store::open(path).map_err(|e| failed(path, e))
}

/// `thidua account NAME --store F --role R [--scope C] [--display D]`.
pub fn add_account(
    path: &Path,
    (name, display): (&str, Option<&str>),
    role: &str,
    scope: Option<&str>,
    password: &str,
    lang: Lang,
) -> Result<String, AppError> {
    let Some(role) = Role::from_code(role) else {
        let known: Vec<&str> = Role::ALL.iter().map(|r| r.code()).collect();
        return Err(failed(
            path,
            match lang {
                Lang::Vi => format!("vai trò `{role}` không có; dùng một trong: {}", known.join(", ")),
                Lang::En => format!("no role `{role}`; use one of: {}", known.join(", ")),
            },
        ));
    };
    let store = open(path)?;
    let made = store
        .write(|tx| accounts::create(tx, (name, display.unwrap_or(name)), role, scope, password, None))
        .map_err(|e| failed(path, e))?;
    match made {
        Ok(a) => Ok(match lang {
            Lang::Vi => format!("Đã tạo tài khoản `{}` ({}).\n", a.name, role.words(lang)),
            Lang::En => format!("Account `{}` made ({}).\n", a.name, role.words(lang)),
        }),
        Err(r) => Err(failed(path, r.words(lang))),
    }
}

/// `thidua backup LIVE COPY`: a consistent copy while the server runs.
pub fn backup(path: &Path, to: &Path, lang: Lang) -> Result<String, AppError> {
    if !path.is_file() {
        return Err(failed(path, lang.pick("không có tệp này", "no such file")));
    }
    let store = open(path)?;
    store.backup(to).map_err(|e| failed(to, e))?;
    Ok(match lang {
        Lang::Vi => format!("Đã sao {} thành {}.\n", path.display(), to.display()),
        Lang::En => format!("Copied {} to {}.\n", path.display(), to.display()),
    })
}
