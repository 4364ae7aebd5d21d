//! Rules as code: the sandboxed Rhai engine, rule helpers, and compiled
//! conditions (Rhai, plus a native tree for simple ones).

pub mod columnar;
pub mod compare;
pub mod condition;
pub mod context;
pub mod dates;
pub mod engine;
pub mod facts;
pub mod helpers;
pub mod lex;
pub mod names;
pub mod native;

pub use condition::{CompileError, Condition, Layout, NumExpr, Script, ScriptError};
pub use context::ScriptCtx;
pub use engine::{new_engine, ScriptLimits};

use crate::data::Value;
use crate::i18n::Lang;

/// The values a condition can read for one subject: the row, then the
/// per-run values (parameters, `ngay_xet`, `nam_xet`).
#[derive(Clone, Copy)]
pub struct Slots<'a> {
    pub row: &'a [Value],
    pub extra: &'a [Value],
}

impl<'a> Slots<'a> {
    pub fn get(&self, i: usize) -> &'a Value {
        if i < self.row.len() {
            &self.row[i]
        } else {
            &self.extra[i - self.row.len()]
        }
    }
}

/// Rhai's messages are English; the common ones get a Vietnamese rendering.
pub fn translate_rhai_message(m: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return m.to_string();
    }
    let table: &[(&str, &str)] = &[
        ("Too many operations", "quá nhiều phép tính (vòng lặp không dừng?)"),
        ("Division by zero", "chia cho 0"),
        ("Function not found: ", "không có hàm "),
        ("Undefined variable: ", "không có biến "),
        ("Variable not found: ", "không có biến "),
        ("Expecting ", "cần "),
        ("Unknown operator", "toán tử không hợp lệ"),
        ("Script is incomplete", "biểu thức chưa kết thúc"),
        ("Unexpected ", "không mong đợi "),
        ("Stack overflow", "đệ quy quá sâu"),
        ("Expression exceeds maximum complexity", "biểu thức quá phức tạp"),
        ("Length of string too large", "chuỗi quá dài"),
        ("Size of array too large", "mảng quá lớn"),
        ("Arithmetic overflow", "tràn số"),
        ("Arithmetic error: ", "lỗi số học: "),
        ("Runtime error: ", ""),
        ("Invalid character", "ký tự không hợp lệ"),
        ("invalid date `", "ngày không hợp lệ `"),
        ("expected a date, got ", "cần một ngày, nhận được "),
        ("expected a number, got ", "cần một số, nhận được "),
        ("unknown member award ", "không có danh hiệu của thành viên "),
        ("unknown history title ", "không có danh hiệu trong bảng lịch sử "),
        ("unknown history column ", "không có cột số của bảng lịch sử "),
        ("unknown member column ", "không có cột của thành viên "),
        ("member column ", "cột của thành viên "),
        (" never holds ", " không bao giờ có giá trị "),
        (" is not yes/no or a choice", " không phải cột có/không hoặc cột lựa chọn"),
        (" needs the value to count", " cần giá trị để đếm"),
        (" is not a number", " không phải cột số"),
        ("the number of years must be at least 1, got ", "số năm phải từ 1 trở lên, nhận được "),
        ("the list of titles is empty", "danh sách danh hiệu trống"),
        ("expected a title or a list of titles, got ", "cần một danh hiệu hoặc danh sách danh hiệu, nhận được "),
        ("a list of titles must hold only text", "danh sách danh hiệu chỉ được chứa văn bản"),
        ("history column ", "cột của bảng lịch sử "),
        (" holds several different values in ", " có nhiều giá trị khác nhau trong năm "),
        ("the number of decimal places must be between 0 and 28", "số chữ số thập phân phải từ 0 đến 28"),
        ("Unknown property", "không có thuộc tính"),
        ("Data type incorrect: ", "sai kiểu dữ liệu: "),
        ("Output type incorrect: ", "sai kiểu kết quả: "),
    ];
    let mut out = m.to_string();
    for (en, vi) in table {
        if out.contains(en) {
            out = out.replacen(en, vi, 1);
        }
    }
    out.replace("(line ", "(dòng ").replace(", position ", ", cột ")
}
