//! Why a rule could not be compiled or stopped while it ran, as data: what
//! thidua's own helpers refuse ([`HelperError`]), what Rhai reports at run
//! time ([`RuleFailure`], from its `EvalAltResult` kinds) and at compile time
//! ([`SyntaxError`], from its `ParseErrorType` kinds). Each is put into words
//! here, in Vietnamese or English, from its kind, never by matching the
//! English text of a message. A kind this file does not know keeps Rhai's
//! own words, with a Vietnamese lead-in.

use crate::i18n::Lang;
use rhai::{Dynamic, EvalAltResult, Position};

/// What a rule helper (`lich_su.so_lan`, `thanh_vien.ty_le_dat`, `ngay`,
/// `lam_tron`, …) refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelperError {
    UnknownHistoryTitle(String),
    UnknownHistoryColumn(String),
    HistoryColumnAmbiguous {
        column: String,
        year: i64,
    },
    UnknownMemberColumn(String),
    MemberValueNever {
        column: String,
        value: String,
    },
    MemberNeedsValue(String),
    MemberNotCountable(String),
    MemberColumnNotNumber(String),
    UnknownMemberAward(String),
    TitlesNotText,
    TitlesNotList(String),
    TitlesEmpty,
    ValuesNotText,
    ValuesNotList(String),
    ValuesEmpty,
    YearsBelowOne(i64),
    InvalidDate(String),
    NotADate(String),
    NotANumber(String),
    DecimalPlaces,
    DivisionByZero,
    Overflow,
    /// A ranked choice compared with a code its column never holds.
    NotAChoice {
        column: String,
        value: String,
        allowed: Vec<String>,
    },
    /// Two ranked choices of columns whose lists differ.
    ChoicesRankedApart {
        left: String,
        right: String,
    },
    /// `tap_the.gia_tri(c)` with `c` not a column of the collective.
    UnknownCollectiveColumn(String),
    /// `tap_the` read for a member whose rows name different collectives.
    SeveralCollectives,
    /// A share of members asked of a collective with none: 0 of 0 is no
    /// percentage, neither 0 % nor 100 %.
    NoMembers,
}

impl HelperError {
    /// The error a helper returns to Rhai; [`RuleFailure::from_rhai`] finds
    /// it again.
    pub fn throw<T>(self) -> Result<T, Box<EvalAltResult>> {
        Err(Box::new(EvalAltResult::ErrorRuntime(Dynamic::from(self), Position::NONE)))
    }

    pub fn render(&self, lang: Lang) -> String {
        use HelperError::*;
        let vi = lang == Lang::Vi;
        match self {
            UnknownHistoryTitle(t) if vi => format!("không có danh hiệu trong bảng lịch sử `{t}`"),
            UnknownHistoryTitle(t) => format!("unknown history title `{t}`"),
            UnknownHistoryColumn(c) if vi => format!("không có cột số của bảng lịch sử `{c}`"),
            UnknownHistoryColumn(c) => format!("unknown history column `{c}`"),
            HistoryColumnAmbiguous { column, year } if vi => {
                format!("cột của bảng lịch sử `{column}` có nhiều giá trị khác nhau trong năm {year}")
            }
            HistoryColumnAmbiguous { column, year } => {
                format!("history column `{column}` holds several different values in {year}")
            }
            UnknownMemberColumn(c) if vi => format!("không có cột của thành viên `{c}`"),
            UnknownMemberColumn(c) => format!("unknown member column `{c}`"),
            MemberValueNever { column, value } if vi => {
                format!("cột của thành viên `{column}` không bao giờ có giá trị `{value}`")
            }
            MemberValueNever { column, value } => format!("member column `{column}` never holds `{value}`"),
            MemberNeedsValue(c) if vi => format!("cột của thành viên `{c}` cần giá trị để đếm"),
            MemberNeedsValue(c) => format!("member column `{c}` needs the value to count"),
            MemberNotCountable(c) if vi => {
                format!("cột của thành viên `{c}` không phải cột có/không hoặc cột lựa chọn")
            }
            MemberNotCountable(c) => format!("member column `{c}` is not yes/no or a choice"),
            MemberColumnNotNumber(c) if vi => format!("cột của thành viên `{c}` không phải cột số"),
            MemberColumnNotNumber(c) => format!("member column `{c}` is not a number"),
            UnknownMemberAward(a) if vi => format!("không có danh hiệu của thành viên `{a}`"),
            UnknownMemberAward(a) => format!("unknown member award `{a}`"),
            TitlesNotText if vi => "danh sách danh hiệu chỉ được chứa văn bản".into(),
            TitlesNotText => "a list of titles must hold only text".into(),
            TitlesNotList(t) if vi => {
                format!("cần một danh hiệu hoặc danh sách danh hiệu, nhận được {}", type_word(t, lang))
            }
            TitlesNotList(t) => format!("expected a title or a list of titles, got {}", type_word(t, lang)),
            ValuesNotText if vi => "danh sách giá trị chỉ được chứa văn bản".into(),
            ValuesNotText => "a list of values must hold only text".into(),
            ValuesNotList(t) if vi => {
                format!("cần một giá trị hoặc danh sách giá trị, nhận được {}", type_word(t, lang))
            }
            ValuesNotList(t) => format!("expected a value or a list of values, got {}", type_word(t, lang)),
            ValuesEmpty if vi => "danh sách giá trị trống".into(),
            ValuesEmpty => "the list of values is empty".into(),
            TitlesEmpty if vi => "danh sách danh hiệu trống".into(),
            TitlesEmpty => "the list of titles is empty".into(),
            YearsBelowOne(n) if vi => format!("số năm phải từ 1 trở lên, nhận được {n}"),
            YearsBelowOne(n) => format!("the number of years must be at least 1, got {n}"),
            InvalidDate(s) if vi => format!("ngày không hợp lệ `{s}`"),
            InvalidDate(s) => format!("invalid date `{s}`"),
            NotADate(t) if vi => format!("cần một ngày, nhận được {}", type_word(t, lang)),
            NotADate(t) => format!("expected a date, got {}", type_word(t, lang)),
            NotANumber(t) if vi => format!("cần một số, nhận được {}", type_word(t, lang)),
            NotANumber(t) => format!("expected a number, got {}", type_word(t, lang)),
            DecimalPlaces if vi => "số chữ số thập phân phải từ 0 đến 28".into(),
            DecimalPlaces => "the number of decimal places must be between 0 and 28".into(),
            NoMembers if vi => "tập thể không có thành viên nào trong bảng thành viên, nên không có tỷ lệ (0 trên 0 không phải 0 %): kiểm tra mã tập thể ở cột liên kết của bảng thành viên, hoặc viết điều kiện có `thanh_vien.so_nguoi() > 0 &&` đứng trước".into(),
            NoMembers => "the collective has no members in the members' table, so there is no share (0 of 0 is not 0 %): check the collective's code in the members' link column, or guard the condition with `thanh_vien.so_nguoi() > 0 &&`".into(),
            NotAChoice { column, value, allowed } if vi => format!(
                "cột `{column}` không có lựa chọn `{value}` (các lựa chọn, từ thấp đến cao: {})",
                allowed.join(", ")
            ),
            NotAChoice { column, value, allowed } => format!(
                "column `{column}` has no choice `{value}` (its choices, lowest first: {})",
                allowed.join(", ")
            ),
            ChoicesRankedApart { left, right } if vi => format!(
                "không so thứ bậc được giữa cột `{left}` và cột `{right}`: hai cột có danh sách lựa chọn khác nhau; khai báo cùng `values` theo cùng thứ tự cho cả hai"
            ),
            ChoicesRankedApart { left, right } => format!(
                "the ranks of `{left}` and `{right}` cannot be compared: their lists of choices differ; declare the same `values` in the same order on both"
            ),
            UnknownCollectiveColumn(c) if vi => format!("tập thể không có cột `{c}`"),
            UnknownCollectiveColumn(c) => format!("the collective has no column `{c}`"),
            SeveralCollectives if vi => "các dòng của người này ghi những tập thể khác nhau, nên `tap_the` không rõ là tập thể nào: sửa mã tập thể cho thống nhất".into(),
            SeveralCollectives => "this member's rows name different collectives, so `tap_the` could be any of them: make the collective codes agree".into(),
            DivisionByZero if vi => "chia cho 0".into(),
            DivisionByZero => "division by zero".into(),
            Overflow if vi => "tràn số".into(),
            Overflow => "arithmetic overflow".into(),
        }
    }
}

/// A Rhai type's name (`i64`, `string`, `decimal`, a Rust path for
/// thidua's own types) as a reader says it; an unknown one as it is.
pub(crate) fn type_word(name: &str, lang: Lang) -> String {
    // Rhai names a text as "str | ImmutableString | String": one word.
    if name.contains(" | ") {
        let mut words: Vec<String> = name.split(" | ").map(|t| type_word(t.trim(), lang)).collect();
        words.dedup();
        return words.join(lang.pick(" hoặc ", " or "));
    }
    let name = name.trim_start_matches('&');
    let last = name.rsplit("::").next().unwrap_or(name);
    let (vi, en) = match last {
        "i64" | "i32" | "INT" => ("số nguyên", "a whole number"),
        "decimal" | "Decimal" => ("số thập phân", "a decimal number"),
        "string" | "ImmutableString" | "String" | "&str" | "str" => ("văn bản", "text"),
        "bool" => ("đúng/sai", "true/false"),
        "()" => ("ô trống", "an empty cell"),
        "array" | "Array" => ("danh sách", "a list"),
        "map" | "Map" => ("bảng khóa-giá trị", "a map"),
        "Ngay" => ("ngày", "a date"),
        "LuaChon" | "Choice" => ("lựa chọn có thứ bậc", "a ranked choice"),
        "TapThe" => ("tập thể", "the collective"),
        _ => return name.to_string(),
    };
    lang.pick(vi, en).to_string()
}

/// A call Rhai found no function for, in an author's words: Rhai writes
/// `+ ((), i64)`; an author reads "`+` không dùng được với ô trống và số nguyên".
fn function_words(sig: &str, lang: Lang) -> String {
    let (name, args) = match sig.split_once(" (") {
        Some((n, rest)) => (n.trim(), rest.strip_suffix(')').unwrap_or(rest)),
        None => (sig.trim(), ""),
    };
    let kinds: Vec<String> =
        args.split(", ").filter(|a| !a.is_empty()).map(|a| type_word(a.trim_start_matches('&'), lang)).collect();
    let empty = args.split(", ").any(|a| a == "()");
    let and = lang.pick(" và ", " and ");
    let operator = !name.chars().any(|c| c.is_alphanumeric() || c == '_');
    let kinds = kinds.join(and);
    let mut out = match (lang, operator) {
        (Lang::Vi, true) => format!("phép `{name}` không dùng được với {kinds}"),
        (Lang::En, true) => format!("`{name}` cannot be used with {kinds}"),
        (Lang::Vi, false) if kinds.is_empty() => format!("không có hàm `{name}`"),
        (Lang::En, false) if kinds.is_empty() => format!("no function `{name}`"),
        (Lang::Vi, false) => format!("không có hàm `{name}` nhận {kinds}"),
        (Lang::En, false) => format!("no function `{name}` takes {kinds}"),
    };
    if empty {
        out += lang.pick(
            " (ô trống không được coi là 0: điền ô trong dữ liệu, hoặc khai báo trong bộ quy tắc ô trống nghĩa là gì)",
            " (an empty cell is not taken as 0: fill the cell, or declare in the pack what an empty cell means)",
        );
    }
    out
}

/// Why a rule stopped while it ran, with where in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleFailure {
    pub kind: FailureKind,
    /// Line and column in the rule's text, when Rhai knows them.
    pub at: Option<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailureKind {
    Helper(HelperError),
    FunctionNotFound(String),
    VariableNotFound(String),
    PropertyNotFound(String),
    /// `x.name` on a value that has no such field (an empty cell, a number).
    NoField {
        name: String,
        on: String,
    },
    /// Rhai's own arithmetic (`+`, `/` on integers): its words.
    Arithmetic(String),
    DataType {
        expected: String,
        actual: String,
    },
    StackOverflow,
    TooLarge(String),
    /// A kind not put into words here: Rhai's text.
    Other(String),
}

impl RuleFailure {
    pub fn new(kind: FailureKind) -> RuleFailure {
        RuleFailure { kind, at: None }
    }

    /// The failure a Rhai error stands for.
    pub fn from_rhai(e: &EvalAltResult) -> RuleFailure {
        use EvalAltResult as E;
        let kind = match e {
            // A function defined in the rule itself failed: what failed inside.
            E::ErrorInFunctionCall(_, _, inner, _) => return RuleFailure::from_rhai(inner),
            E::ErrorRuntime(d, _) => match d.clone().try_cast::<HelperError>() {
                Some(h) => FailureKind::Helper(h),
                None => FailureKind::Other(d.to_string()),
            },
            E::ErrorFunctionNotFound(sig, _) => FailureKind::FunctionNotFound(sig.clone()),
            E::ErrorVariableNotFound(name, _) => FailureKind::VariableNotFound(name.clone()),
            E::ErrorPropertyNotFound(name, _) => FailureKind::PropertyNotFound(name.clone()),
            // Rhai's words, fixed in shape: "Unknown property 'x' - a getter
            // is not registered for type '()'".
            E::ErrorDotExpr(m, _) => match m
                .strip_prefix("Unknown property '")
                .and_then(|r| r.split_once("' - a getter is not registered for type '"))
            {
                Some((name, on)) => {
                    FailureKind::NoField { name: name.to_string(), on: on.trim_end_matches('\'').to_string() }
                }
                None => FailureKind::Other(m.clone()),
            },
            E::ErrorArithmetic(m, _) => FailureKind::Arithmetic(m.clone()),
            E::ErrorMismatchDataType(expected, actual, _) | E::ErrorMismatchOutputType(expected, actual, _) => {
                FailureKind::DataType { expected: expected.clone(), actual: actual.clone() }
            }
            E::ErrorStackOverflow(_) => FailureKind::StackOverflow,
            E::ErrorDataTooLarge(what, _) => FailureKind::TooLarge(what.clone()),
            other => FailureKind::Other(other.to_string()),
        };
        let p = e.position();
        RuleFailure { kind, at: p.line().map(|l| (l, p.position().unwrap_or(1))) }
    }

    pub fn render(&self, lang: Lang) -> String {
        let what = self.render_unplaced(lang);
        match self.at {
            Some((line, col)) if lang == Lang::Vi => format!("{what} (dòng {line}, cột {col})"),
            Some((line, col)) => format!("{what} (line {line}, column {col})"),
            None => what,
        }
    }

    /// What failed, without where in the rule's text.
    pub fn render_unplaced(&self, lang: Lang) -> String {
        use FailureKind::*;
        let vi = lang == Lang::Vi;
        let what = match &self.kind {
            Helper(h) => h.render(lang),
            FunctionNotFound(sig) => function_words(sig, lang),
            NoField { name, on } if vi => format!("không đọc được `.{name}` của {}", type_word(on, lang)),
            NoField { name, on } => format!("cannot read `.{name}` of {}", type_word(on, lang)),
            VariableNotFound(n) if vi => format!("không có biến {n}"),
            VariableNotFound(n) => format!("variable not found: {n}"),
            PropertyNotFound(n) if vi => format!("không có thuộc tính {n}"),
            PropertyNotFound(n) => format!("property not found: {n}"),
            Arithmetic(m) if vi && m.starts_with("Division by zero") => "chia cho 0".to_string(),
            Arithmetic(m) if vi && m.contains("overflow") => "kết quả quá lớn (tràn số)".to_string(),
            Arithmetic(m) if vi => format!("lỗi số học ({m})"),
            Arithmetic(m) => format!("arithmetic error: {m}"),
            DataType { expected, actual } if vi => {
                format!("sai kiểu dữ liệu: cần {}, nhận được {}", type_word(expected, lang), type_word(actual, lang))
            }
            DataType { expected, actual } => {
                format!("wrong data type: expected {}, got {}", type_word(expected, lang), type_word(actual, lang))
            }
            StackOverflow if vi => "đệ quy quá sâu".into(),
            StackOverflow => "recursion too deep".into(),
            TooLarge(what) if vi => format!("dữ liệu quá lớn ({what})"),
            TooLarge(what) => format!("data too large ({what})"),
            Other(m) if vi => format!("lỗi Rhai: {m}"),
            Other(m) => m.clone(),
        };
        what
    }
}

#[cfg(test)]
mod tests {
    //! Each kind is made by the real engine, so an upgrade of Rhai that
    //! changes its errors' kinds fails here rather than in a user's report.
    use super::*;
    use crate::ground::syntax::SyntaxError;
    use crate::script::{new_engine, ScriptLimits};

    fn run(src: &str) -> RuleFailure {
        let e = new_engine(&ScriptLimits::default());
        let err = e.eval::<rhai::Dynamic>(src).expect_err(src);
        RuleFailure::from_rhai(&err)
    }

    fn compile(src: &str) -> SyntaxError {
        let e = new_engine(&ScriptLimits::default());
        let err = e.compile_expression(src).expect_err(src);
        SyntaxError::from_rhai(&err.0)
    }

    #[test]
    fn helper_refusals_come_back_as_themselves_with_their_place() {
        let f = run("round(1.5, 40)");
        assert_eq!(f.kind, FailureKind::Helper(HelperError::DecimalPlaces));
        assert_eq!(f.render(Lang::Vi), "số chữ số thập phân phải từ 0 đến 28 (dòng 1, cột 1)");
        assert_eq!(f.render(Lang::En), "the number of decimal places must be between 0 and 28 (line 1, column 1)");
        assert_eq!(run(r#"ngay("hôm nay")"#).kind, FailureKind::Helper(HelperError::InvalidDate("hôm nay".into())));
        let f = run(r#"ratio("mot", 2)"#);
        assert!(matches!(&f.kind, FailureKind::Helper(HelperError::NotANumber(_))), "{f:?}");
        assert!(f.render(Lang::Vi).starts_with("cần một số, nhận được văn bản"), "{}", f.render(Lang::Vi));
    }

    #[test]
    fn rhai_errors_are_read_by_kind() {
        assert!(
            matches!(run("khong_co_ham(1)").kind, FailureKind::FunctionNotFound(s) if s.starts_with("khong_co_ham"))
        );
        assert_eq!(run("1 / 0").kind, FailureKind::Helper(HelperError::DivisionByZero));
        assert!(run("1 / 0").render(Lang::Vi).starts_with("chia cho 0"));
        assert!(matches!(run("9223372036854775807 + 1").kind, FailureKind::Arithmetic(_)));
        assert_eq!(
            run("khong_co_ham(1)").render(Lang::Vi),
            "không có hàm `khong_co_ham` nhận số nguyên (dòng 1, cột 1)"
        );
    }

    #[test]
    fn an_empty_cell_is_named_as_one_never_as_a_rust_type() {
        let f = run("let x = (); x + 1");
        assert_eq!(
            f.render(Lang::Vi),
            "phép `+` không dùng được với ô trống và số nguyên (ô trống không được coi là 0: điền ô trong dữ liệu, hoặc khai báo trong bộ quy tắc ô trống nghĩa là gì) (dòng 1, cột 15)"
        );
        assert!(f.render(Lang::En).starts_with("`+` cannot be used with an empty cell and a whole number"));
        let f = run("let x = (); x.abc");
        assert_eq!(f.render(Lang::Vi), "không đọc được `.abc` của ô trống (dòng 1, cột 15)");
        assert_eq!(f.render(Lang::En), "cannot read `.abc` of an empty cell (line 1, column 15)");
        let f = run(r#"let t = "a"; t - 1.5"#);
        for lang in [Lang::Vi, Lang::En] {
            let m = f.render(lang);
            for word in ["()", "ImmutableString", "&str", "i64", "getter", " str"] {
                assert!(!m.contains(word), "{m}");
            }
        }
    }

    #[test]
    fn syntax_errors_are_read_by_kind() {
        assert_eq!(compile("1 +"), SyntaxError::Incomplete);
        assert_eq!(compile("1 +").render(Lang::Vi), "biểu thức chưa kết thúc");
        assert!(matches!(compile(r#""abc"#), SyntaxError::UnterminatedString));
        assert!(matches!(compile("(1 + 2"), SyntaxError::MissingToken { .. }));
        assert!(matches!(compile("1 # 2"), SyntaxError::BadCharacter(_) | SyntaxError::UnknownOperator(_)));
    }
}
