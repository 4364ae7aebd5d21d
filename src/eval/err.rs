//! Errors while evaluating a rule for one subject.

use crate::i18n::{Lang, Localized};
use crate::location::Location;
use crate::script::ScriptError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvalErrorKind {
    Script(ScriptError),
    NotInForce {
        as_of: chrono::NaiveDate,
        period: crate::pack::Period,
    },
    /// A row's evaluation year no calendar holds.
    NoSuchYear(i64),
    NoAsOf,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError {
    /// The data row being evaluated (or the pack, for run-level errors).
    pub loc: Location,
    pub award: Option<String>,
    /// The scorecard being scored (instead of an award).
    pub scorecard: Option<String>,
    pub criterion: Option<String>,
    pub subject: Option<String>,
    pub kind: EvalErrorKind,
    /// Where in the pack the failing part of the rule is written, when
    /// known: a place inside a folded block is a place in the file.
    pub rule_at: Option<Location>,
}

impl EvalError {
    /// Places a rule failure that knows its line and column in the rule's
    /// text at that point of the pack file, given where the text starts.
    pub fn placed(mut self, text_at: Option<&Location>) -> EvalError {
        if let (Some(start), EvalErrorKind::Script(ScriptError::Failed(f))) = (text_at, &self.kind) {
            if let (Some((line, column)), Some(_)) = (f.at, start.line) {
                self.rule_at = Some(start.inside(line, column));
            }
        }
        self
    }
}

impl Localized for EvalError {
    fn render(&self, lang: Lang) -> String {
        let mut head = self.loc.render(lang);
        if let Some(s) = &self.subject {
            head += &format!(", {} {s}", lang.pick("đối tượng", "subject"));
        }
        if let Some(a) = &self.award {
            head += &format!(", {} {a}", lang.pick("danh hiệu", "award"));
        }
        if let Some(sc) = &self.scorecard {
            head += &format!(", {} {sc}", lang.pick("bảng điểm", "scorecard"));
        }
        if let Some(c) = &self.criterion {
            head += &format!(", {} {c}", lang.pick("tiêu chí", "criterion"));
        }
        let msg = match &self.kind {
            EvalErrorKind::Script(ScriptError::TooManyOperations) => lang
                .pick(
                    "quy tắc chạy quá số phép tính cho phép (có vòng lặp không dừng?)",
                    "the rule exceeded its operation limit (a loop that never ends?)",
                )
                .to_string(),
            EvalErrorKind::Script(ScriptError::OutOfTime) => lang
                .pick(
                    "quy tắc chạy quá thời gian cho phép cho một đối tượng (nâng bằng --max-rule-ms nếu thật cần)",
                    "the rule ran past its time budget for one subject (raise it with --max-rule-ms if really needed)",
                )
                .to_string(),
            EvalErrorKind::Script(ScriptError::OutOfMemory) => lang
                .pick(
                    "quy tắc giữ quá nhiều bộ nhớ cho một đối tượng (nâng bằng --max-rule-mb nếu thật cần)",
                    "the rule held more memory than allowed for one subject (raise it with --max-rule-mb if really needed)",
                )
                .to_string(),
            EvalErrorKind::Script(ScriptError::NotBool(t)) if t == "()" => lang
                .pick(
                    "điều kiện phải cho kết quả đúng/sai, nhưng ô có/không bị bỏ trống: điền ô, hoặc viết `cột == true` nếu kế hoạch coi ô trống là chưa đạt",
                    "the condition must give true or false, but the yes/no cell is empty: fill it in, or write `column == true` if the plan takes an empty cell as not met",
                )
                .to_string(),
            EvalErrorKind::Script(ScriptError::NotBool(t)) => {
                let t = crate::script::failure::type_word(t, lang);
                match lang {
                    Lang::Vi => format!("điều kiện phải cho kết quả đúng/sai, nhưng cho {t}"),
                    Lang::En => format!("the condition must give true or false, but gave {t}"),
                }
            }
            EvalErrorKind::Script(ScriptError::Empty) => lang
                .pick(
                    "cần một số nhưng ô trống: điền ô trong dữ liệu, hoặc nếu kế hoạch coi ô trống là 0, khai báo `empty: zero` trên tiêu chí",
                    "a number is needed but the cell is empty: fill it in, or if the plan takes an empty cell as 0, declare `empty: zero` on the criterion",
                )
                .to_string(),
            EvalErrorKind::Script(ScriptError::NotNumber(t)) => {
                let t = crate::script::failure::type_word(t, lang);
                match lang {
                    Lang::Vi => format!("biểu thức phải cho một số, nhưng cho {t}"),
                    Lang::En => format!("the expression must give a number, but gave {t}"),
                }
            }
            EvalErrorKind::Script(ScriptError::PointsOutOfRange { points, max }) => match lang {
                Lang::Vi => format!("công thức cho {} điểm, ngoài khoảng 0..{}", points.normalize(), max.normalize()),
                Lang::En => format!("the formula gave {} points, outside 0..{}", points.normalize(), max.normalize()),
            },
            EvalErrorKind::Script(ScriptError::Failed(f)) => {
                let what = match &self.rule_at {
                    Some(at) => format!("{} ({})", f.render_unplaced(lang), at.render(lang)),
                    None => f.render(lang),
                };
                format!("{}: {what}", lang.pick("lỗi khi chạy quy tắc", "rule failed"))
            }
            EvalErrorKind::NotInForce { as_of, period } => {
                let (day, period) = (as_of.format("%d/%m/%Y"), period.render(lang));
                match lang {
                    Lang::Vi => format!("ngày xét {day} nằm ngoài thời hạn hiệu lực của bộ quy tắc ({period})"),
                    Lang::En => format!("evaluation date {day} is outside the pack's period in force ({period})"),
                }
            }
            EvalErrorKind::NoSuchYear(y) => match lang {
                Lang::Vi => format!("năm xét {y} không có trong lịch: sửa cột năm của dữ liệu"),
                Lang::En => format!("evaluation year {y} is not a calendar year: correct the data's year column"),
            },
            EvalErrorKind::NoAsOf => lang
                .pick(
                    "chưa có ngày xét: thêm --as-of NGÀY hoặc khai báo `as_of` trong pack.yaml",
                    "no evaluation date: pass --as-of DATE or declare `as_of` in pack.yaml",
                )
                .to_string(),
        };
        format!("{head}: {msg}")
    }
}
