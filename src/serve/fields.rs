//! A form's fields as an officer knows them: what each is called, which
//! choices it offers (by their words), and each typed value read the way
//! its column reads a cell — then written back in one spelling the CLI
//! cannot misread (a date as 2024-08-01, a number without grouping). A
//! value that does not read is answered on its field, in words.

use crate::data::value::{parse_cell, CellProblem, Class, Expected, Value};
use crate::i18n::Lang;
use crate::pack::{Column, ColumnType, Dataset, Pack, SubjectKind};
use chrono::NaiveDate;

/// What a field is called on the page: the pack's label, else the words
/// for the part the column plays (the key, the name, a history's year or
/// title), never its code where words exist.
pub fn label(ds: &Dataset, code: &str, col: &Column, lang: Lang) -> String {
    if col.label.is_some() || col.label_en.is_some() {
        return col.label_in(code, lang).to_string();
    }
    let history = ds.history.as_ref();
    let words = if code == ds.key {
        match ds.subject {
            SubjectKind::Individual => lang.pick("Mã cá nhân", "Person's code"),
            SubjectKind::Collective => lang.pick("Mã tập thể", "Collective's code"),
            SubjectKind::Household => lang.pick("Mã hộ", "Household's code"),
            SubjectKind::Village => lang.pick("Mã thôn, tổ dân phố", "Village's code"),
            SubjectKind::Unit => lang.pick("Mã đơn vị", "Unit's code"),
        }
    } else if ds.name_column.as_deref() == Some(code) {
        match ds.subject {
            SubjectKind::Individual => lang.pick("Họ và tên", "Full name"),
            SubjectKind::Household => lang.pick("Chủ hộ", "Head of household"),
            _ => lang.pick("Tên", "Name"),
        }
    } else if history.is_some_and(|h| h.year == code) {
        lang.pick("Năm", "Year")
    } else if history.is_some_and(|h| h.title.0.iter().any(|t| t == code)) {
        lang.pick("Danh hiệu, hình thức khen thưởng", "Title or award")
    } else {
        code
    };
    words.to_string()
}

/// The choices a field offers, each with its words: an enum's values (its
/// labels, else the name of the pack's award of that id); a history's
/// title column written as free text offers the pack's awards.
pub fn choices(pk: &Pack, ds: &Dataset, code: &str, col: &Column, lang: Lang) -> Option<Vec<(String, String)>> {
    let words = |v: &str| -> String {
        if col.labels.contains_key(v) || col.labels_en.contains_key(v) {
            return col.value_label(v, lang).to_string();
        }
        match pk.award(v) {
            Some(a) => lang.pick_text(&a.name, a.name_en.as_deref()).to_string(),
            None => v.to_string(),
        }
    };
    match col.ty {
        ColumnType::Enum => Some(col.values.iter().map(|v| (v.clone(), words(v))).collect()),
        ColumnType::Bool => Some(vec![
            ("có".into(), capitalised(crate::i18n::yes_no(lang, true))),
            ("không".into(), capitalised(crate::i18n::yes_no(lang, false))),
        ]),
        ColumnType::Text if ds.history.as_ref().is_some_and(|h| h.title.0.iter().any(|t| t == code)) => {
            Some(pk.awards.iter().filter(|a| !a.internal).map(|a| (a.id.clone(), words(&a.id))).collect())
        }
        _ => None,
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// A field the officer must correct: its form name and what to do, in words.
#[derive(Debug, Clone)]
pub struct Problem {
    pub field: String,
    pub text: String,
}

/// A value that reads: the cell to write, and the day it is when a date.
pub struct Read {
    pub cell: String,
    pub date: Option<NaiveDate>,
}

/// A date as a Vietnamese writes it (31/12/2024), or as a date field sends
/// it (2024-12-31); never month first.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    crate::pack::parse_date(&s.replace(['.', '-'], "/")).or_else(|| crate::pack::parse_date(s))
}

/// Reads one typed value for `col`; `Ok(None)` when empty and allowed.
/// `what` names the field in the message ("Số sáng kiến", "Lịch sử, dòng 2:
/// Năm").
pub fn read(ds: &Dataset, col: &Column, raw: &str, what: &str, lang: Lang) -> Result<Option<Read>, String> {
    let raw = raw.trim();
    let format = ds.number_format_of(col);
    if raw.is_empty() {
        if col.optional || col.checklist {
            return Ok(None);
        }
        return Err(match lang {
            Lang::Vi => format!("{what}: cần nhập (ô bắt buộc)"),
            Lang::En => format!("{what}: required"),
        });
    }
    let expected = || Expected::of(col, format).render(lang);
    if col.ty == ColumnType::Date {
        return match parse_date(raw) {
            Some(d) => Ok(Some(Read { cell: d.format("%Y-%m-%d").to_string(), date: Some(d) })),
            None => Err(match lang {
                Lang::Vi => format!("{what}: «{raw}» không phải ngày; cần ngày/tháng/năm, ví dụ 01/08/2024"),
                Lang::En => format!("{what}: «{raw}» is not a date; type day/month/year, e.g. 01/08/2024"),
            }),
        };
    }
    match parse_cell(col, format, raw) {
        Ok((_, Class::Ambiguous)) => Err(match lang {
            Lang::Vi => format!(
                "{what}: «{raw}» đọc được hai cách (dấu chấm, dấu phẩy có thể là phân cách hàng nghìn hoặc thập phân); viết số không có dấu phân cách hàng nghìn, thập phân bằng dấu phẩy, ví dụ 1500 hoặc 1,5"
            ),
            Lang::En => format!(
                "{what}: «{raw}» reads two ways (a point or comma may group thousands or mark decimals); write it without grouping, e.g. 1500 or 1.5"
            ),
        }),
        Ok((value, _)) => Ok(Some(Read { cell: canonical(&value, format), date: None })),
        Err(CellProblem::Percent) => Err(match lang {
            Lang::Vi => format!("{what}: nhập số, không có dấu %"),
            Lang::En => format!("{what}: type the number without %"),
        }),
        Err(_) => Err(match lang {
            Lang::Vi => format!("{what}: «{raw}» không hợp lệ, cần {}", expected()),
            Lang::En => format!("{what}: «{raw}» is not valid, expected {}", expected()),
        }),
    }
}

/// A read value in the one spelling its column reads back as the same value.
pub(crate) fn canonical(v: &Value, format: crate::pack::NumberFormat) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "có" } else { "không" }.into(),
        Value::Int(i) => i.to_string(),
        Value::Dec(d) => crate::data::value::format_decimal(*d, format).replace(
            '.',
            match format {
                // A grouped Vietnamese number would read two ways; ungrouped it reads one.
                crate::pack::NumberFormat::Vi => "",
                crate::pack::NumberFormat::Plain => ".",
            },
        ),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        other => other.render(Lang::Vi),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_date;
    use chrono::NaiveDate;

    #[test]
    fn dates_are_day_first_whatever_the_separator() {
        let aug1 = NaiveDate::from_ymd_opt(2024, 8, 1);
        assert_eq!(parse_date("01/08/2024"), aug1);
        assert_eq!(parse_date("1/8/2024"), aug1);
        assert_eq!(parse_date("01-08-2024"), aug1);
        assert_eq!(parse_date("01.08.2024"), aug1);
        assert_eq!(parse_date("2024-08-01"), aug1);
        assert_eq!(parse_date("08/01/24"), None);
        assert_eq!(parse_date("13/13/2024"), None);
    }
}
