//! Errors in a rule pack: every one names the file, line and column.
//!
//! Each kind's words, in both languages, are in `PackErrorKind::words`,
//! grouped by what the kind is about; the dispatcher names every kind, so
//! that adding a kind without its words does not compile.

use crate::i18n::{Lang, Localized};
use crate::location::Location;

/// The kind of named thing an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thing {
    Award,
    Criterion,
    Dataset,
    Column,
    Parameter,
    Variable,
    Scorecard,
    Band,
    /// A title looked up in the history (`lich_su.so_lan("…", …)`).
    HistoryTitle,
    /// A numeric column of the history summed by `lich_su.tong("…", …)`.
    HistoryColumn,
    /// An award of the members read by `thanh_vien.ty_le_dat("…")`.
    MemberAward,
    /// A method of `lich_su` or `thanh_vien`, or a statistic of `thong_ke_cum`.
    Method,
    /// A numeric column of the cluster statistics (`thong_ke_cum.max.…`).
    ClusterColumn,
}

impl Thing {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Thing::Award => lang.pick("danh hiệu/hình thức", "award"),
            Thing::Criterion => lang.pick("tiêu chí", "criterion"),
            Thing::Dataset => lang.pick("bảng dữ liệu", "dataset"),
            Thing::Column => lang.pick("cột", "column"),
            Thing::Parameter => lang.pick("tham số", "parameter"),
            Thing::Variable => lang.pick("biến", "variable"),
            Thing::Scorecard => lang.pick("bảng chấm điểm", "scorecard"),
            Thing::Band => lang.pick("mức xếp loại", "band"),
            Thing::HistoryTitle => lang.pick("danh hiệu trong bảng lịch sử", "title in the history dataset"),
            Thing::HistoryColumn => lang.pick("cột số của bảng lịch sử", "numeric column of the history dataset"),
            Thing::MemberAward => lang.pick("danh hiệu xét cho thành viên", "award of the members"),
            Thing::Method => lang.pick("hàm", "function"),
            Thing::ClusterColumn => lang.pick("cột số trong thống kê cụm", "numeric column in the cluster statistics"),
        }
    }
}

/// The type of a value in a condition, as an author reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindLabel {
    Number,
    Text,
    Bool,
    Date,
}

impl KindLabel {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            KindLabel::Number => lang.pick("số", "a number"),
            KindLabel::Text => lang.pick("chữ", "text"),
            KindLabel::Bool => lang.pick("có/không", "yes/no"),
            KindLabel::Date => lang.pick("ngày", "a date"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackErrorKind {
    NotAPack,
    Io(String),
    FileTooLarge(u64),
    NotUtf8,
    Syntax(String),
    /// A serde message (unknown key, missing field, wrong type), translated on render.
    Structure(String),
    OnlyInPackYaml(String),
    MissingPackField(&'static str),
    Duplicate {
        what: Thing,
        id: String,
        first: Location,
    },
    Unknown {
        what: Thing,
        name: String,
        suggestion: Option<String>,
    },
    BadId {
        what: Thing,
        id: String,
    },
    Reserved(String),
    /// Two values of a choice column that a typed word would name alike.
    AmbiguousChoice {
        column: String,
        word: String,
        first: String,
        second: String,
    },
    /// A history's `name` that is not an id or names something rules read.
    HistoryNameTaken(String),
    Cycle(Vec<String>),
    NoDataset {
        award: String,
    },
    AmbiguousDataset {
        award: String,
        candidates: Vec<String>,
    },
    RequiresOtherDataset {
        award: String,
        required: String,
    },
    MissingNodeField {
        node: String,
        field: &'static str,
    },
    GroupWithMethod(String),
    NoScorecard {
        name: String,
        known: Vec<String>,
        suggestion: Option<String>,
    },
    ShareOutOfRange(String),
    VotesUndeclared(String),
    /// `ranking.ties: votes` in a scorecard that declares no `votes`.
    TiesByUndeclaredVotes,
    BadQuota(String),
    EnumWithoutValues(String),
    ValuesOnNonEnum(String),
    /// Two quotas of one award are in force on the same day.
    OverlappingQuotas(String),
    /// A scorecard node has a field of another scoring method.
    FieldNotForMethod {
        node: String,
        field: &'static str,
        method: &'static str,
    },
    /// `labels:` names a value the column does not have.
    LabelForUnknownValue {
        column: String,
        value: String,
        suggestion: Option<String>,
    },
    FormatOnNonNumber(String),
    YearFlagNotInt(String),
    /// `checklist: true` on a column that is not a required yes/no.
    ChecklistNotBool(String),
    BadKeyColumn(String),
    /// A year column (history, evaluation year) that is not a required int.
    YearColumnNotInt(String),
    EmptyAward(String),
    WhenAndScript,
    NoCondition,
    ScriptOutsidePack(String),
    /// A YAML file of the pack that is a link out of its folder, or not a
    /// regular file.
    FileOutsidePack,
    BadPeriod,
    NotAnEnumValue {
        column: String,
        value: String,
        allowed: Vec<String>,
    },
    /// A group whose declared `max` differs from what its items add up to
    /// (after its `cap`).
    GroupMaxMismatch {
        node: String,
        declared: rust_decimal::Decimal,
        items: rust_decimal::Decimal,
        capped: bool,
    },
    /// A comparison between values of different types: never true.
    TypeMismatch {
        left: String,
        left_kind: KindLabel,
        op: &'static str,
        right: String,
        right_kind: KindLabel,
    },
    /// `"10" < "9"`: texts that look like numbers ordered as text (true).
    NumbersAsText {
        left: String,
        op: &'static str,
        right: String,
    },
    /// `let d = 100` where `d` is a column or parameter the rule reads.
    ShadowsName {
        name: String,
    },
    /// A parameter whose value does not have one clear type.
    BadParameter {
        name: String,
        value: String,
        problem: crate::pack::model::ParamProblem,
    },
    /// A number literal that would be rounded (over 28 decimal places).
    InexactNumber(String),
    /// A date compared with text that is not a date.
    NotADate {
        text: String,
    },
    /// A second history dataset for subjects that already have one.
    SecondHistory {
        of: String,
        first: String,
    },
    /// A column of that name comes from two of the datasets a scorecard reads.
    ColumnInTwoSources {
        column: String,
        first: String,
        second: String,
    },
    /// A dataset a scorecard cannot read in `join` or `long`.
    BadScoreSource {
        dataset: String,
        problem: SourceProblem,
    },
    /// A long-form dataset's criterion column is not text.
    CodeColumnNotText(String),
    /// Two criteria of one scorecard with the same code.
    DuplicateCode {
        code: String,
        first: Location,
    },
    /// A long-form dataset none of whose columns a criterion reads.
    LongUnread(String),
    /// A Rhai compile error, with the position inside the expression.
    Script {
        error: crate::ground::syntax::SyntaxError,
    },
}

/// Why a dataset cannot feed a scorecard as `join` or `long`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceProblem {
    /// It is the scorecard's own `dataset`.
    IsUnits,
    /// It is named twice.
    Twice,
    /// It is a history register (rows per year, not per unit).
    History,
}

/// How to write a comparison of two types so that it means something.
fn type_fix(left: &str, lk: KindLabel, right: &str, rk: KindLabel, lang: Lang) -> String {
    use KindLabel::*;
    let unquoted = |s: &str| s.trim_matches('"').to_string();
    match (lk, rk) {
        (Bool, Text) | (Text, Bool) => {
            let v = if lk == Bool { left } else { right };
            match lang {
                Lang::Vi => format!("; với cột có/không, viết `{v}` (có) hoặc `!{v}` (không)"),
                Lang::En => format!("; for a yes/no column write `{v}` (yes) or `!{v}` (no)"),
            }
        }
        (Number, Text) if right.starts_with('"') && unquoted(right).parse::<rust_decimal::Decimal>().is_ok() => {
            match lang {
                Lang::Vi => format!("; bỏ ngoặc kép: `{left} … {}`", unquoted(right)),
                Lang::En => format!("; drop the quotes: `{left} … {}`", unquoted(right)),
            }
        }
        (Text, Number) if left.starts_with('"') && unquoted(left).parse::<rust_decimal::Decimal>().is_ok() => {
            match lang {
                Lang::Vi => format!("; bỏ ngoặc kép: `{} … {right}`", unquoted(left)),
                Lang::En => format!("; drop the quotes: `{} … {right}`", unquoted(left)),
            }
        }
        (Date, _) | (_, Date) => match lang {
            Lang::Vi => {
                "; so sánh ngày với ngày, viết ngày trong ngoặc kép: `ngay_tuyen_dung <= \"30/06/2024\"`".into()
            }
            Lang::En => "; compare a date with a date, written in quotes: `ngay_tuyen_dung <= \"30/06/2024\"`".into(),
        },
        _ => String::new(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    pub loc: Location,
    pub kind: PackErrorKind,
}

impl PackError {
    pub fn new(loc: Location, kind: PackErrorKind) -> Self {
        PackError { loc, kind }
    }
}

fn list(items: &[String]) -> String {
    items.join(", ")
}

impl Localized for PackError {
    fn render(&self, lang: Lang) -> String {
        let msg = self.kind.words(lang);
        format!("{}: {msg}", self.loc.render(lang))
    }
}

impl PackErrorKind {
    /// The message in the reader's words, without its place. Each group of
    /// kinds has its words in one function, so none is a page of arms.
    pub fn words(&self, lang: Lang) -> String {
        use PackErrorKind::*;
        // Every kind named here, so that a kind without words does not compile.
        let words = match self {
            NotAPack
            | Io(..)
            | NotUtf8
            | FileTooLarge(..)
            | Syntax(..)
            | Structure(..)
            | OnlyInPackYaml(..)
            | MissingPackField(..)
            | Duplicate { .. }
            | Unknown { .. }
            | BadId { .. } => self.file_and_name_words(lang),
            AmbiguousChoice { .. }
            | HistoryNameTaken(..)
            | Reserved(..)
            | Cycle(..)
            | NoDataset { .. }
            | AmbiguousDataset { .. }
            | RequiresOtherDataset { .. }
            | EnumWithoutValues(..)
            | LabelForUnknownValue { .. }
            | FieldNotForMethod { .. }
            | OverlappingQuotas(..)
            | ValuesOnNonEnum(..)
            | ChecklistNotBool(..)
            | FormatOnNonNumber(..)
            | YearFlagNotInt(..)
            | BadKeyColumn(..)
            | YearColumnNotInt(..) => self.dataset_words(lang),
            EmptyAward(..)
            | WhenAndScript
            | NoCondition
            | FileOutsidePack
            | ScriptOutsidePack(..)
            | BadPeriod
            | MissingNodeField { .. }
            | NoScorecard { .. }
            | GroupWithMethod(..)
            | ShareOutOfRange(..)
            | TiesByUndeclaredVotes
            | VotesUndeclared(..)
            | BadQuota(..)
            | NotAnEnumValue { .. }
            | GroupMaxMismatch { .. } => self.award_and_scorecard_words(lang),
            NumbersAsText { .. }
            | ShadowsName { .. }
            | TypeMismatch { .. }
            | BadParameter { .. }
            | InexactNumber(..)
            | NotADate { .. }
            | SecondHistory { .. }
            | ColumnInTwoSources { .. }
            | BadScoreSource { .. }
            | CodeColumnNotText(..)
            | DuplicateCode { .. }
            | LongUnread(..)
            | Script { .. } => self.rule_words(lang),
        };
        words.unwrap_or_else(|| format!("{self:?}"))
    }
    /// Files, YAML, ids and names.
    fn file_and_name_words(&self, lang: Lang) -> Option<String> {
        use PackErrorKind::*;
        let l = |vi: &str, en: &str| lang.pick(vi, en).to_string();
        Some(match self {
            NotAPack => l("không phải bộ quy tắc: thiếu tệp pack.yaml", "not a rule pack: pack.yaml is missing"),
            Io(e) => format!("{}: {e}", l("không đọc được tệp", "cannot read the file")),
            NotUtf8 => l("tệp không phải UTF-8", "the file is not UTF-8"),
            FileTooLarge(max) => match lang {
                Lang::Vi => format!("tệp quá lớn cho một bộ quy tắc (giới hạn {} MB)", max / 1_048_576),
                Lang::En => format!("file too large for a rule pack (limit {} MB)", max / 1_048_576),
            },
            Syntax(m) => format!(
                "{}: {}",
                l("lỗi cú pháp YAML", "YAML syntax error"),
                super::dependency_messages::translate_yaml(m, lang)
            ),
            Structure(m) => super::dependency_messages::translate_serde(m, lang),
            OnlyInPackYaml(k) => match lang {
                Lang::Vi => format!("khóa `{k}` chỉ được khai báo trong pack.yaml"),
                Lang::En => format!("key `{k}` belongs in pack.yaml only"),
            },
            MissingPackField(f) => match lang {
                Lang::Vi => format!("pack.yaml thiếu trường bắt buộc `{f}`"),
                Lang::En => format!("pack.yaml lacks the required field `{f}`"),
            },
            Duplicate { what, id, first } => match lang {
                Lang::Vi => format!("{} `{id}` bị trùng; đã khai báo tại {}", what.label(lang), first.render(lang)),
                Lang::En => format!("duplicate {} `{id}`; first declared at {}", what.label(lang), first.render(lang)),
            },
            Unknown { what, name, suggestion } => {
                let mut s = match lang {
                    Lang::Vi => format!("không có {} `{name}`", what.label(lang)),
                    Lang::En => format!("unknown {} `{name}`", what.label(lang)),
                };
                if let Some(sug) = suggestion {
                    s += &match lang {
                        Lang::Vi => format!(" (có phải `{sug}`?)"),
                        Lang::En => format!(" (did you mean `{sug}`?)"),
                    };
                }
                s
            }
            BadId { what, id } => match lang {
                Lang::Vi => format!(
                    "mã {} `{id}` không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và `_`, bắt đầu bằng chữ",
                    what.label(lang)
                ),
                Lang::En => format!(
                    "invalid {} id `{id}`: use lowercase ASCII letters, digits and `_`, starting with a letter",
                    what.label(lang)
                ),
            },
            // Another group's kind: see `words`.
            _ => return None,
        })
    }

    /// Datasets, columns and their choices.
    fn dataset_words(&self, lang: Lang) -> Option<String> {
        use PackErrorKind::*;
        let l = |vi: &str, en: &str| lang.pick(vi, en).to_string();
        Some(match self {
            AmbiguousChoice { column, word, first, second } if column.is_empty() => match lang {
                Lang::Vi => format!("tiêu đề «{word}» vừa chỉ cột `{first}` vừa chỉ cột `{second}` (mã, nhãn hoặc `aliases`); đặt nhãn khác nhau để mỗi tiêu đề chỉ một cột"),
                Lang::En => format!("header «{word}» names both `{first}` and `{second}` (code, label or `aliases`); give them different labels so that a header names one column"),
            },
            AmbiguousChoice { column, word, first, second } => match lang {
                Lang::Vi => format!("cột `{column}`: «{word}» vừa là `{first}` vừa là `{second}` (mã hoặc nhãn); người nhập gõ chữ này sẽ không biết là giá trị nào, hãy đặt nhãn khác nhau"),
                Lang::En => format!("column `{column}`: «{word}» spells both `{first}` and `{second}` (code or label); give them different labels so that a typed word names one"),
            },
            HistoryNameTaken(n) => match lang {
                Lang::Vi => format!("tên bảng lịch sử `{n}` trùng với một cột, tham số hoặc biến có sẵn, hoặc không phải tên hợp lệ; đặt tên khác (chữ thường không dấu, nối bằng `_`)"),
                Lang::En => format!("history name `{n}` is a column, parameter or built-in variable, or not a valid name; choose another (lower-case ASCII joined by `_`)"),
            },
            Reserved(n) => match lang {
                Lang::Vi => format!("tên `{n}` đã được thidua dùng cho biến có sẵn; hãy đặt tên khác"),
                Lang::En => format!("the name `{n}` is reserved for a built-in variable; choose another"),
            },
            Cycle(path) => format!(
                "{}: {}",
                l("các danh hiệu yêu cầu lẫn nhau thành vòng", "awards require each other in a cycle"),
                path.join(" → ")
            ),
            NoDataset { award } => match lang {
                Lang::Vi => format!("danh hiệu `{award}` không chỉ rõ bảng dữ liệu: thêm `dataset:` hoặc `subject:`"),
                Lang::En => format!("award `{award}` names no dataset: add `dataset:` or `subject:`"),
            },
            AmbiguousDataset { award, candidates } => match lang {
                Lang::Vi => format!(
                    "danh hiệu `{award}`: có nhiều bảng dữ liệu cùng loại đối tượng ({}); thêm `dataset:`",
                    list(candidates)
                ),
                Lang::En => format!(
                    "award `{award}`: several datasets have this subject kind ({}); add `dataset:`",
                    list(candidates)
                ),
            },
            RequiresOtherDataset { award, required } => match lang {
                Lang::Vi => format!(
                    "danh hiệu `{award}` yêu cầu `{required}`, nhưng hai danh hiệu xét trên hai bảng dữ liệu khác nhau"
                ),
                Lang::En => {
                    format!("award `{award}` requires `{required}`, but they are evaluated on different datasets")
                }
            },
            EnumWithoutValues(c) => match lang {
                Lang::Vi => format!("cột `{c}` kiểu enum cần danh sách `values`"),
                Lang::En => format!("enum column `{c}` needs a `values` list"),
            },
            LabelForUnknownValue { column, value, suggestion } => {
                let hint = match (suggestion, lang) {
                    (Some(s), Lang::Vi) => format!(" (có phải `{s}`?)"),
                    (Some(s), Lang::En) => format!(" (did you mean `{s}`?)"),
                    (None, _) => String::new(),
                };
                match lang {
                    Lang::Vi => format!("`labels` của cột `{column}` đặt tên cho giá trị `{value}`, không có trong `values`{hint}"),
                    Lang::En => format!("`labels` of column `{column}` names value `{value}`, which is not in `values`{hint}"),
                }
            }
            FieldNotForMethod { node, field, method } => match lang {
                Lang::Vi => format!("tiêu chí `{node}` có `{field}`, chỉ dùng với `method: {method}`"),
                Lang::En => format!("criterion `{node}` has `{field}`, which only goes with `method: {method}`"),
            },
            OverlappingQuotas(a) => match lang {
                Lang::Vi => format!("danh hiệu `{a}` có hai hạn mức cùng hiệu lực trong một khoảng thời gian; ghi `effective` cho từng hạn mức sao cho không giao nhau"),
                Lang::En => format!("award `{a}` has two quotas in force at the same time; give each an `effective` period that does not meet the others"),
            },
            ValuesOnNonEnum(c) => match lang {
                Lang::Vi => format!("cột `{c}` có `values` nhưng không phải kiểu enum"),
                Lang::En => format!("column `{c}` has `values` but is not an enum"),
            },
            ChecklistNotBool(c) => match lang {
                Lang::Vi => format!("cột `{c}` có `checklist: true` nhưng không phải cột có/không bắt buộc (`type: bool`, không `optional`): ô trống của danh sách đánh dấu đã có nghĩa là \"không\""),
                Lang::En => format!("column `{c}` has `checklist: true` but is not a required yes/no (`type: bool`, not `optional`): a checklist's empty cell already means \"no\""),
            },
            FormatOnNonNumber(c) => match lang {
                Lang::Vi => format!("cột `{c}` có `format` nhưng không phải cột số"),
                Lang::En => format!("column `{c}` has a `format` but is not numeric"),
            },
            YearFlagNotInt(c) => match lang {
                Lang::Vi => format!("cột `{c}` có `year: true` nhưng không phải cột số nguyên (`type: int`): một năm là số nguyên như 2024"),
                Lang::En => format!("column `{c}` has `year: true` but is not a whole-number column (`type: int`): a year is a whole number like 2024"),
            },
            BadKeyColumn(c) => match lang {
                Lang::Vi => format!("cột khóa `{c}` phải có kiểu text, int hoặc enum và không được để trống"),
                Lang::En => format!("key column `{c}` must be text, int or enum and not optional"),
            },
            YearColumnNotInt(c) => match lang {
                Lang::Vi => format!("cột năm `{c}` phải có kiểu int và không được để trống (bỏ `optional`)"),
                Lang::En => format!("year column `{c}` must be an int and not optional"),
            },
            // Another group's kind: see `words`.
            _ => return None,
        })
    }

    /// Awards, criteria, scorecards and quotas.
    fn award_and_scorecard_words(&self, lang: Lang) -> Option<String> {
        use PackErrorKind::*;
        let l = |vi: &str, en: &str| lang.pick(vi, en).to_string();
        Some(match self {
            EmptyAward(a) => match lang {
                Lang::Vi => format!("danh hiệu `{a}` không có tiêu chí nào"),
                Lang::En => format!("award `{a}` has no criteria"),
            },
            WhenAndScript => l(
                "tiêu chí chỉ được có một trong hai: `when` hoặc `script`",
                "a criterion takes either `when` or `script`, not both",
            ),
            NoCondition => l(
                "tiêu chí thiếu điều kiện: thêm `when` hoặc `script`",
                "the criterion has no condition: add `when` or `script`",
            ),
            FileOutsidePack => lang
                .pick(
                    "tệp này không thuộc thư mục bộ quy tắc (liên kết ra ngoài, hoặc không phải tệp thường): không đọc; chép tệp vào thư mục bộ quy tắc",
                    "this file is not inside the pack's folder (a link leading out, or not a regular file): not read; copy the file into the pack",
                )
                .to_string(),
            ScriptOutsidePack(p) => match lang {
                Lang::Vi => format!("tệp kịch bản `{p}` nằm ngoài thư mục bộ quy tắc hoặc không tồn tại"),
                Lang::En => format!("script file `{p}` is outside the pack folder or does not exist"),
            },
            BadPeriod => l("thời hạn hiệu lực không hợp lệ: `from` sau `to`", "invalid period: `from` is after `to`"),
            MissingNodeField { node, field } => match lang {
                Lang::Vi => format!("`{node}` thiếu trường bắt buộc `{field}`"),
                Lang::En => format!("`{node}` lacks the required field `{field}`"),
            },
            NoScorecard { name, known, suggestion } => {
                let mut s = match (lang, name.is_empty()) {
                    (Lang::Vi, true) => {
                        format!("hãy chọn bảng chấm điểm bằng --scorecard; bộ quy tắc có: {}", list(known))
                    }
                    (Lang::En, true) => format!("choose a scorecard with --scorecard; the pack has: {}", list(known)),
                    (Lang::Vi, false) => format!("không có bảng chấm điểm `{name}`; bộ quy tắc có: {}", list(known)),
                    (Lang::En, false) => format!("no scorecard `{name}`; the pack has: {}", list(known)),
                };
                if known.is_empty() {
                    s = lang.pick("bộ quy tắc không có bảng chấm điểm nào", "the pack has no scorecard").to_string();
                }
                if let Some(sug) = suggestion {
                    s += &match lang {
                        Lang::Vi => format!(" (có phải `{sug}`?)"),
                        Lang::En => format!(" (did you mean `{sug}`?)"),
                    };
                }
                s
            }
            GroupWithMethod(n) => match lang {
                Lang::Vi => format!(
                    "`{n}`: một nhóm (có `items`) không có `method`; điểm cộng/trừ phải là tiêu chí, không phải nhóm"
                ),
                Lang::En => {
                    format!("`{n}`: a group (with `items`) has no `method`; bonuses must be criteria, not groups")
                }
            },
            ShareOutOfRange(n) => match lang {
                Lang::Vi => format!("`{n}`: `share` phải từ 0 đến 1"),
                Lang::En => format!("`{n}`: `share` must be between 0 and 1"),
            },
            TiesByUndeclaredVotes => lang
                .pick(
                    "`ranking.ties: votes` phân định đơn vị ngang hạng bằng tỷ lệ phiếu, nhưng bảng chấm điểm chưa khai báo `votes`: khai báo `votes: {for: …, of: …}`, hoặc chọn `ties: meeting`, `all` hay `key`",
                    "`ranking.ties: votes` settles ties by the vote share, but the scorecard declares no `votes`: declare `votes: {for: …, of: …}`, or choose `ties: meeting`, `all` or `key`",
                )
                .into(),
            VotesUndeclared(a) => match lang {
                Lang::Vi => format!("đề nghị `{a}` dùng `min_vote_percent` nhưng bảng chấm điểm chưa khai báo `votes`"),
                Lang::En => format!("proposal `{a}` uses `min_vote_percent` but the scorecard declares no `votes`"),
            },
            BadQuota(a) => match lang {
                Lang::Vi => format!("đề nghị `{a}`: `quota` cần đúng một trong `count` hoặc `percent`"),
                Lang::En => format!("proposal `{a}`: `quota` needs exactly one of `count` or `percent`"),
            },
            NotAnEnumValue { column, value, allowed } => match lang {
                Lang::Vi => format!(
                    "cột `{column}` không bao giờ có giá trị \"{value}\" (các giá trị: {}); điều kiện này luôn sai",
                    list(allowed)
                ),
                Lang::En => format!(
                    "column `{column}` never holds \"{value}\" (its values: {}); the condition is always false",
                    list(allowed)
                ),
            },
            GroupMaxMismatch { node, declared, items, capped } => {
                let (d, i) = (declared.normalize(), items.normalize());
                match (lang, capped) {
                    (Lang::Vi, false) => format!(
                        "nhóm `{node}` ghi `max: {d}` nhưng các mục con cộng lại được {i} điểm; sửa điểm tối đa của nhóm hoặc của các mục cho khớp với bảng chấm giấy (muốn giới hạn điểm nhóm thấp hơn tổng thì dùng `cap:`)"
                    ),
                    (Lang::En, false) => format!(
                        "group `{node}` says `max: {d}` but its items add up to {i} points; make the group's or the items' maximums match the paper sheet (to hold a group below its items' total, use `cap:`)"
                    ),
                    (Lang::Vi, true) => format!(
                        "nhóm `{node}` ghi `max: {d}` nhưng điểm tối đa của nhóm (các mục con, giới hạn bởi `cap`) là {i}; sửa cho khớp với bảng chấm giấy"
                    ),
                    (Lang::En, true) => format!(
                        "group `{node}` says `max: {d}` but its maximum (its items, held by `cap`) is {i}; make them match the paper sheet"
                    ),
                }
            }
            // Another group's kind: see `words`.
            _ => return None,
        })
    }

    /// Rules and the values they compare.
    fn rule_words(&self, lang: Lang) -> Option<String> {
        use PackErrorKind::*;
        Some(match self {
            NumbersAsText { left, op, right } => match lang {
                Lang::Vi => format!(
                    "phép so sánh `{left} {op} {right}` so hai văn bản theo từng ký tự, nên số viết trong ngoặc kép bị xếp sai (\"10\" < \"9\" là đúng): viết số không có ngoặc kép, hoặc khai báo cột là `int` hay `decimal`"
                ),
                Lang::En => format!(
                    "the comparison `{left} {op} {right}` orders two texts character by character, so numbers in quotes order wrongly (\"10\" < \"9\" is true): write the number without quotes, or declare the column `int` or `decimal`"
                ),
            },
            ShadowsName { name } => match lang {
                Lang::Vi => format!(
                    "`let {name} = …` đặt lại tên `{name}`, vốn là một cột hay tham số của bộ quy tắc: từ đó quy tắc đọc giá trị đặt lại, không phải dữ liệu; đặt tên khác cho biến"
                ),
                Lang::En => format!(
                    "`let {name} = …` reuses the name `{name}` of a column or parameter of the pack: from there on the rule reads the value set, not the data; give the variable another name"
                ),
            },
            TypeMismatch { left, left_kind, op, right, right_kind } => {
                let how = type_fix(left, *left_kind, right, *right_kind, lang);
                match lang {
                    Lang::Vi => format!(
                        "phép so sánh `{left} {op} {right}` luôn sai: `{left}` là {}, `{right}` là {}{how}",
                        left_kind.label(lang),
                        right_kind.label(lang)
                    ),
                    Lang::En => format!(
                        "the comparison `{left} {op} {right}` is never true: `{left}` is {}, `{right}` is {}{how}",
                        left_kind.label(lang),
                        right_kind.label(lang)
                    ),
                }
            }
            BadParameter { name, value, problem } => {
                use crate::pack::model::{ParamProblem as P, ParamType as T};
                let ty = |t: &T| match (t, lang) {
                    (T::Int, Lang::Vi) => "số nguyên",
                    (T::Int, Lang::En) => "an integer",
                    (T::Decimal, Lang::Vi) => "số (dấu chấm thập phân, ví dụ 69.99)",
                    (T::Decimal, Lang::En) => "a number (decimal point, e.g. 69.99)",
                    (T::Text, Lang::Vi) => "chữ trong ngoặc kép",
                    (T::Text, Lang::En) => "text in quotes",
                    (T::Bool, Lang::Vi) => "true hoặc false",
                    (T::Bool, Lang::En) => "true or false",
                    (T::Date, Lang::Vi) => "ngày (31/12/2024 hoặc 2024-12-31)",
                    (T::Date, Lang::En) => "a date (31/12/2024 or 2024-12-31)",
                };
                match (problem, lang) {
                    (P::NumberAsText, Lang::Vi) => format!(
                        "tham số `{name}` có giá trị {value} là chữ nhưng trông như số: so sánh với số sẽ luôn sai. Bỏ ngoặc kép (`value: 70`), hoặc khai báo `type: decimal` (số dài) hay `type: text` (nếu đúng là chữ)"
                    ),
                    (P::NumberAsText, Lang::En) => format!(
                        "parameter `{name}` has the value {value}, text that looks like a number: comparing it with a number would always be false. Drop the quotes (`value: 70`), or declare `type: decimal` (long numbers) or `type: text` (if it really is text)"
                    ),
                    (P::NotOfType(t), Lang::Vi) => format!("tham số `{name}` khai báo `type` là {} nhưng giá trị là {value}", ty(t)),
                    (P::NotOfType(t), Lang::En) => format!("parameter `{name}` declares its type as {} but its value is {value}", ty(t)),
                }
            }
            InexactNumber(n) => match lang {
                Lang::Vi => format!(
                    "số `{n}` có quá nhiều chữ số để tính chính xác (tối đa 28 chữ số sau dấu phẩy); máy sẽ làm tròn nó mà không báo, hãy viết ít chữ số hơn"
                ),
                Lang::En => format!(
                    "the number `{n}` has more digits than can be held exactly (at most 28 after the point); it would be rounded without a word, so write fewer digits"
                ),
            },
            NotADate { text } => match lang {
                Lang::Vi => format!("\"{text}\" không phải là ngày; viết ngày dạng \"31/12/2024\" hoặc \"2024-12-31\""),
                Lang::En => format!("\"{text}\" is not a date; write a date as \"31/12/2024\" or \"2024-12-31\""),
            },
            SecondHistory { of, first } => match lang {
                Lang::Vi => format!(
                    "bảng `{of}` đã có bảng lịch sử `{first}` cùng tên đọc trong quy tắc; đặt cho mỗi bảng lịch sử một tên riêng (`history: {{ …, name: lich_su_khen_thuong }}`)"
                ),
                Lang::En => format!(
                    "dataset `{of}` already has the history dataset `{first}` under the same name; give each history its own (`history: {{ …, name: lich_su_khen_thuong }}`)"
                ),
            },
            ColumnInTwoSources { column, first, second } => match lang {
                Lang::Vi => format!(
                    "cột `{column}` có ở cả bảng `{first}` và bảng `{second}` mà bảng chấm điểm đọc; đổi tên một cột để mỗi tên chỉ một giá trị"
                ),
                Lang::En => format!(
                    "column `{column}` is in both `{first}` and `{second}`, which the scorecard reads; rename one so that each name means one value"
                ),
            },
            BadScoreSource { dataset, problem } => match (problem, lang) {
                (SourceProblem::IsUnits, Lang::Vi) => format!("bảng `{dataset}` đã là `dataset` của bảng chấm điểm; `join`/`long` chỉ ghi các bảng khác"),
                (SourceProblem::IsUnits, Lang::En) => format!("`{dataset}` is already the scorecard's `dataset`; `join`/`long` name other datasets"),
                (SourceProblem::Twice, Lang::Vi) => format!("bảng `{dataset}` được ghi hai lần trong `join`/`long`"),
                (SourceProblem::Twice, Lang::En) => format!("`{dataset}` is named twice in `join`/`long`"),
                (SourceProblem::History, Lang::Vi) => format!("bảng `{dataset}` là bảng lịch sử (mỗi năm một dòng), không ghép vào bảng chấm điểm được"),
                (SourceProblem::History, Lang::En) => format!("`{dataset}` is a history register (a row per year); a scorecard cannot join it"),
            },
            CodeColumnNotText(c) => match lang {
                Lang::Vi => format!("cột mã tiêu chí `{c}` phải là cột chữ (`text` hoặc `enum`)"),
                Lang::En => format!("the criterion code column `{c}` must be text (`text` or `enum`)"),
            },
            DuplicateCode { code, first } => match lang {
                Lang::Vi => format!("mã tiêu chí `{code}` trùng với tiêu chí ở {}; ghi `code` khác nhau cho mỗi tiêu chí", first.render(lang)),
                Lang::En => format!("criterion code `{code}` is also used at {}; give each criterion its own `code`", first.render(lang)),
            },
            LongUnread(d) => match lang {
                Lang::Vi => format!("không tiêu chí nào đọc cột của bảng `{d}` (dạng dài); ghi tên cột của bảng đó trong `actual`, `target`, `value` hoặc `when` của tiêu chí"),
                Lang::En => format!("no criterion reads a column of the long-form dataset `{d}`; name its columns in a criterion's `actual`, `target`, `value` or `when`"),
            },
            Script { error } => match lang {
                Lang::Vi => format!("lỗi trong biểu thức Rhai: {}", error.render(lang)),
                Lang::En => format!("error in the Rhai expression: {}", error.render(lang)),
            },
            // Another group's kind: see `words`.
            _ => return None,
        })
    }
}
