//! The words of pack errors about rules and the values they compare:
//! comparisons that can never mean what they say, names a rule reuses,
//! parameters, literals and the scorecard's sources.

use super::err::{KindLabel, PackErrorKind, SourceProblem};
use crate::i18n::Lang;

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

impl PackErrorKind {
    /// Rules and the values they compare.
    pub(super) fn rule_words(&self, lang: Lang) -> Option<String> {
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
            SwitchOnRanked(column) => match lang {
                Lang::Vi => format!(
                    "`switch` không dùng được với cột lựa chọn có thứ bậc `{column}`: không trường hợp nào khớp; viết `{column} == \"…\"` hoặc `{column} in [\"…\", \"…\"]`"
                ),
                Lang::En => format!(
                    "`switch` does not work on the ranked choice column `{column}`: no case would match; write `{column} == \"…\"` or `{column} in [\"…\", \"…\"]`"
                ),
            },
            UnorderedChoice { column, op } => match lang {
                Lang::Vi => format!(
                    "cột `{column}` là cột lựa chọn chưa khai báo thứ bậc, nên `{op}` sẽ so các mã theo chữ cái (\"kha\" < \"tot\" < \"xuat_sac\" chỉ là tình cờ): ghi `ordered: highest_first` ở cột nếu `values` liệt kê từ cao xuống thấp, `ordered: lowest_first` nếu từ thấp lên cao; hoặc so bằng `==`, `in [...]`"
                ),
                Lang::En => format!(
                    "column `{column}` is a choice column with no declared order, so `{op}` would order its codes by their letters: add `ordered: highest_first` to the column if `values` lists them from highest to lowest, `ordered: lowest_first` if from lowest; or compare with `==`, `in [...]`"
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
            BadParameter { name, value, problem } => parameter_words(name, value, problem, lang),
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

/// A parameter whose value does not have one clear type.
fn parameter_words(name: &str, value: &str, problem: &crate::pack::model::ParamProblem, lang: Lang) -> String {
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
