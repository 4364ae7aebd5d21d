//! Exit codes and the error every command returns, with its messages.

use crate::data::DataError;
use crate::eval::EvalError;
use crate::i18n::{Lang, Localized};
use crate::output::OutputError;
use crate::pack::PackError;
use std::path::PathBuf;

/// Exit codes, documented in the README.
pub mod exit {
    pub const OK: i32 = 0;
    pub const USAGE: i32 = 2;
    pub const PACK: i32 = 3;
    pub const DATA: i32 = 4;
    pub const EVAL: i32 = 5;
    pub const TESTS_FAILED: i32 = 6;
    pub const OUTPUT: i32 = 7;
    pub const DIFFERENT: i32 = 8;
    /// The rounds' database (`--store`, `account`, `backup`) could not be
    /// opened, written or copied, or an account could not be made.
    pub const STORE: i32 = 9;
}

#[derive(Debug)]
pub enum AppError {
    Pack(Vec<PackError>),
    /// A name on the command line the pack does not have (`--award`,
    /// `--scorecard`, or none given where the pack has several): a mistake
    /// in how the command was written, not in the pack.
    Usage(Vec<PackError>),
    Data(Vec<DataError>),
    Eval(Vec<EvalError>),
    Output(OutputError),
    /// Some pack tests failed; the report is in the command's output.
    TestsFailed(String),
    /// A manifest or result file that cannot be read or parsed.
    Input {
        path: PathBuf,
        detail: String,
    },
    /// `verify` or `diff` found differences; the report is the text.
    Different(String),
    /// The rounds' database: what failed, in the user's words.
    Store {
        path: PathBuf,
        detail: String,
    },
    /// `serve` could not listen on its address.
    Listen {
        addr: String,
        kind: std::io::ErrorKind,
        detail: String,
    },
}

impl AppError {
    pub fn exit_code(&self) -> i32 {
        match self {
            AppError::Pack(_) => exit::PACK,
            AppError::Usage(_) => exit::USAGE,
            AppError::Data(_) => exit::DATA,
            AppError::Eval(_) => exit::EVAL,
            // Mistakes in how the command was written, found before anything ran.
            AppError::Output(OutputError::SamePath { .. } | OutputError::NeedsFile | OutputError::FolderExists(_)) => {
                exit::USAGE
            }
            AppError::Output(_) => exit::OUTPUT,
            AppError::TestsFailed(_) => exit::TESTS_FAILED,
            AppError::Input { .. } | AppError::Listen { .. } => exit::DATA,
            AppError::Different(_) => exit::DIFFERENT,
            AppError::Store { .. } => exit::STORE,
        }
    }

    /// Every message, one per line, then a count.
    pub fn render(&self, lang: Lang) -> String {
        fn all<T: Localized>(items: &[T], lang: Lang, vi: &str, en: &str) -> String {
            let mut s: String =
                items.iter().map(|e| format!("{} {}\n", lang.pick("lỗi:", "error:"), e.render(lang))).collect();
            s += &format!("{} {}\n", items.len(), lang.pick(vi, en));
            s
        }
        match self {
            AppError::Pack(e) => all(e, lang, "lỗi trong bộ quy tắc.", "error(s) in the rule pack."),
            AppError::Usage(e) => all(e, lang, "lỗi trong lệnh.", "error(s) in the command."),
            AppError::Data(e) => all(e, lang, "lỗi trong dữ liệu.", "error(s) in the data."),
            AppError::Eval(e) => all(e, lang, "lỗi khi đánh giá.", "error(s) during evaluation."),
            AppError::Output(e) => format!("{} {}\n", lang.pick("lỗi:", "error:"), e.render(lang)),
            AppError::TestsFailed(s) | AppError::Different(s) => s.clone(),
            AppError::Input { path, detail } => format!(
                "{} {}: {} {detail}\n",
                lang.pick("lỗi:", "error:"),
                path.display(),
                lang.pick("không đọc được:", "cannot read:")
            ),
            AppError::Store { path, detail } => format!(
                "{} {} {}: {detail}\n",
                lang.pick("lỗi:", "error:"),
                lang.pick("cơ sở dữ liệu kỳ chấm", "rounds database"),
                path.display(),
            ),
            AppError::Listen { addr, kind, detail } => {
                use std::io::ErrorKind as E;
                let why = match (kind, lang) {
                    (E::AddrInUse, Lang::Vi) => {
                        "địa chỉ đang được dùng (một `thidua serve` khác đang chạy?); chọn cổng khác bằng --bind".into()
                    }
                    (E::AddrInUse, Lang::En) => {
                        "the address is in use (another `thidua serve`?); choose another port with --bind".into()
                    }
                    (E::PermissionDenied, Lang::Vi) => {
                        "không có quyền mở cổng này (cổng dưới 1024 cần quyền quản trị); chọn cổng khác bằng --bind".into()
                    }
                    (E::PermissionDenied, Lang::En) => {
                        "no permission to open this port (ports below 1024 need an administrator); choose another with --bind"
                            .into()
                    }
                    (E::AddrNotAvailable, Lang::Vi) => "máy này không có địa chỉ này".into(),
                    (E::AddrNotAvailable, Lang::En) => "this machine has no such address".into(),
                    (_, Lang::Vi) => format!("lỗi của hệ điều hành ({detail})"),
                    (_, Lang::En) => detail.clone(),
                };
                format!("{} {}: {why}\n", lang.pick("lỗi: không mở được", "error: cannot listen on"), addr)
            }
        }
    }
}
