//! Why a rule's text does not compile, in the pack author's words: Rhai's
//! parse errors read as a sentence, never as Rhai's own text.

use crate::i18n::Lang;
use rhai::ParseErrorType;

/// Why a rule's text does not compile (an undefined name has its own,
/// richer message: see `CompileError::UndefinedVariable`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxError {
    Incomplete,
    UnknownOperator(String),
    MissingToken {
        token: String,
        context: String,
    },
    TypeMismatch {
        expected: String,
        found: String,
    },
    ExpressionExpected(String),
    BadCharacter(String),
    UnterminatedString,
    TooComplex,
    Reserved(String),
    /// A kind not put into words here: Rhai's text.
    Other(String),
}

impl SyntaxError {
    pub fn from_rhai(e: &ParseErrorType) -> SyntaxError {
        use rhai::LexError;
        match e {
            ParseErrorType::UnexpectedEOF => SyntaxError::Incomplete,
            ParseErrorType::UnknownOperator(op) => SyntaxError::UnknownOperator(op.clone()),
            ParseErrorType::MissingToken(token, context) => {
                SyntaxError::MissingToken { token: token.clone(), context: context.clone() }
            }
            ParseErrorType::MismatchedType(expected, found) => {
                SyntaxError::TypeMismatch { expected: expected.clone(), found: found.clone() }
            }
            ParseErrorType::ExprExpected(what) => SyntaxError::ExpressionExpected(what.clone()),
            ParseErrorType::BadInput(LexError::UnexpectedInput(c)) => SyntaxError::BadCharacter(c.clone()),
            ParseErrorType::BadInput(LexError::UnterminatedString) => SyntaxError::UnterminatedString,
            ParseErrorType::ExprTooDeep => SyntaxError::TooComplex,
            ParseErrorType::Reserved(word) => SyntaxError::Reserved(word.clone()),
            other => SyntaxError::Other(other.to_string()),
        }
    }

    pub fn render(&self, lang: Lang) -> String {
        use SyntaxError::*;
        let vi = lang == Lang::Vi;
        match self {
            Incomplete if vi => "biểu thức chưa kết thúc".into(),
            Incomplete => "the expression is incomplete".into(),
            UnknownOperator(op) if vi => format!("toán tử không hợp lệ `{op}`"),
            UnknownOperator(op) => format!("unknown operator `{op}`"),
            MissingToken { token, context } if vi => format!("thiếu `{token}` ({context})"),
            MissingToken { token, context } => format!("expecting `{token}` {context}"),
            TypeMismatch { expected, found } if vi => format!("cần {expected}, không phải {found}"),
            TypeMismatch { expected, found } => format!("expecting {expected}, not {found}"),
            ExpressionExpected(what) if vi => format!("thiếu biểu thức ({what})"),
            ExpressionExpected(what) => format!("expecting {what} expression"),
            BadCharacter(c) if vi => format!("ký tự không hợp lệ `{c}`"),
            BadCharacter(c) => format!("unexpected character `{c}`"),
            UnterminatedString if vi => "chuỗi thiếu dấu nháy đóng".into(),
            UnterminatedString => "a string is not closed".into(),
            TooComplex if vi => "biểu thức quá phức tạp".into(),
            TooComplex => "the expression is too complex".into(),
            Reserved(w) if vi => format!("`{w}` là từ khóa dành riêng"),
            Reserved(w) => format!("`{w}` is a reserved word"),
            Other(m) if vi => format!("lỗi cú pháp ({m})"),
            Other(m) => m.clone(),
        }
    }
}
