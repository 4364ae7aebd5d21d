//! The words of a year file's errors: its steps and what each takes from
//! the earlier ones.

use super::err::{CarriedNeed, PackErrorKind};
use crate::i18n::Lang;

impl PackErrorKind {
    pub(super) fn year_words(&self, lang: Lang) -> Option<String> {
        use PackErrorKind::*;
        Some(match self {
            StepKind(s) => match lang {
                Lang::Vi => format!("bước `{s}` cần đúng một trong hai: `check: GÓI` (xét danh hiệu) hoặc `score: GÓI` (chấm điểm)"),
                Lang::En => format!("step `{s}` needs exactly one of `check: PACK` (judge awards) or `score: PACK` (score)"),
            },
            NotEarlier { step, reads } => match lang {
                Lang::Vi => format!(
                    "bước `{step}` đọc kết quả của bước `{reads}`, nhưng bước đó không đứng trước: một bước chỉ đọc được các bước trước nó (không có vòng lặp); đổi thứ tự các bước"
                ),
                Lang::En => format!(
                    "step `{step}` reads the results of step `{reads}`, which does not come before it: a step reads only earlier steps (no cycles); reorder the steps"
                ),
            },
            CarriedType { column, from, needs } => {
                let needs = need_words(*needs, lang);
                match lang {
                    Lang::Vi => format!("cột `{column}` nhận `{from}`, nên phải khai báo {needs}"),
                    Lang::En => format!("column `{column}` takes `{from}`, so it must be declared {needs}"),
                }
            }
            StepOption { step, option } => match lang {
                Lang::Vi => format!("bước `{step}` có `{option}`, chỉ dùng cho bước {}", if *option == "scorecard" { "`score`" } else { "`check`" }),
                Lang::En => format!("step `{step}` has `{option}`, which goes with a {} step only", if *option == "scorecard" { "`score`" } else { "`check`" }),
            },
            // Another group's kind: see `words`.
            _ => return None,
        })
    }
}

fn need_words(n: CarriedNeed, lang: Lang) -> &'static str {
    use CarriedNeed::*;
    match n {
        Bool => "`type: bool`",
        Decimal => "`type: decimal`",
        OptionalInt => lang.pick(
            "`type: int` với `optional: true` (đơn vị không được xếp hạng thì không có hạng)",
            "`type: int` with `optional: true` (an unranked unit has no rank)",
        ),
        OptionalBand => lang.pick(
            "`type: text` (hoặc `enum` có mọi mức xếp loại) với `optional: true`",
            "`type: text` (or an `enum` holding every band) with `optional: true`",
        ),
        OptionalProposal => lang.pick(
            "`type: text` (hoặc `enum` có mọi hình thức đề nghị) với `optional: true`",
            "`type: text` (or an `enum` holding every proposal) with `optional: true`",
        ),
        NotTheKey => lang.pick(
            "một cột khác: cột khóa là mã của đối tượng trong tệp, không lấy từ bước khác",
            "another column: the key column is the subject's code in the file, never taken from another step",
        ),
    }
}
