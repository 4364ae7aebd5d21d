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
    /// A step of a year file.
    Step,
    /// What a step's results give a later step (an award id, `tong_diem`…).
    StepField,
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
            Thing::Step => lang.pick("bước", "step"),
            Thing::StepField => lang.pick("kết quả của bước", "result of the step"),
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
    /// `score --stage` naming a stage the scorecard does not have.
    NoStage {
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
    /// A year file's step with neither or both of `check:` and `score:`.
    StepKind(String),
    /// A step reads a step that does not come before it.
    NotEarlier {
        step: String,
        reads: String,
    },
    /// A carried column whose declared type cannot hold what the step gives.
    CarriedType {
        column: String,
        from: String,
        needs: CarriedNeed,
    },
    /// `scorecard:` on a check step, `awards:` on a score step.
    StepOption {
        step: String,
        option: &'static str,
    },
    /// `tap_the` read by the members of several collectives.
    MembersOfSeveral {
        dataset: String,
        collectives: Vec<String>,
    },
    /// `ordered:` on a column that is not a choice (`enum`).
    OrderedNotChoice(String),
    /// `switch` on a ranked choice column.
    SwitchOnRanked(String),
    /// `<`, `>=`… on a choice column whose values have no declared order.
    UnorderedChoice {
        column: String,
        op: &'static str,
    },
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

/// What a column must be declared to take a year step's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CarriedNeed {
    Bool,
    Decimal,
    OptionalInt,
    OptionalBand,
    OptionalProposal,
    /// The key column is the subject's code in the file.
    NotTheKey,
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
            | OrderedNotChoice(..)
            | MembersOfSeveral { .. }
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
            | NoStage { .. }
            | GroupWithMethod(..)
            | ShareOutOfRange(..)
            | TiesByUndeclaredVotes
            | VotesUndeclared(..)
            | BadQuota(..)
            | NotAnEnumValue { .. }
            | GroupMaxMismatch { .. } => self.award_and_scorecard_words(lang),
            StepKind(..) | NotEarlier { .. } | CarriedType { .. } | StepOption { .. } => self.year_words(lang),
            NumbersAsText { .. }
            | UnorderedChoice { .. }
            | SwitchOnRanked(..)
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
            MembersOfSeveral { dataset, collectives } => match lang {
                Lang::Vi => format!(
                    "bảng `{dataset}` là thành viên của nhiều tập thể ({}), nên `tap_the` không rõ là tập thể nào; để mỗi bảng thành viên thuộc một bảng tập thể",
                    list(collectives)
                ),
                Lang::En => format!(
                    "`{dataset}` holds the members of several collectives ({}), so `tap_the` could mean any of them; give each members' dataset one collective",
                    list(collectives)
                ),
            },
            OrderedNotChoice(c) => match lang {
                Lang::Vi => format!("cột `{c}` có `ordered` nhưng không phải cột lựa chọn (`type: enum` với `values`)"),
                Lang::En => format!("column `{c}` has `ordered` but is not a choice column (`type: enum` with `values`)"),
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
            NoStage { name, known, suggestion } => {
                let mut s = match (lang, known.is_empty()) {
                    (Lang::Vi, false) => format!("--stage: bảng chấm điểm không có vòng chấm `{name}`; các vòng: {}", list(known)),
                    (Lang::En, false) => format!("--stage: the scorecard has no stage `{name}`; its stages: {}", list(known)),
                    (Lang::Vi, true) => "--stage: bảng chấm điểm này không chia vòng chấm (không có stages)".to_string(),
                    (Lang::En, true) => "--stage: this scorecard has no scoring stages (no stages)".to_string(),
                };
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
}
