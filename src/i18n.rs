//! The language a user reads, and the labels shared by several reports.
//!
//! Messages live next to the error or report that emits them, always as a
//! Vietnamese/English pair passed through [`Lang::pick`], so a translator sees
//! both side by side and no message can exist in only one language.

use std::fmt;

/// The language of everything a user reads. Vietnamese is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Chooses the text for this language.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// Chooses between an author's Vietnamese text and an optional English one,
    /// falling back to the Vietnamese when the pack gives no translation.
    pub fn pick_text<'a>(self, vi: &'a str, en: Option<&'a str>) -> &'a str {
        match (self, en) {
            (Lang::En, Some(en)) => en,
            _ => vi,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Something that can be shown to a user in either language.
pub trait Localized {
    fn render(&self, lang: Lang) -> String;
}

/// "đạt" / "không đạt" and friends.
pub fn yes_no(lang: Lang, yes: bool) -> &'static str {
    match (lang, yes) {
        (Lang::Vi, true) => "có",
        (Lang::Vi, false) => "không",
        (Lang::En, true) => "yes",
        (Lang::En, false) => "no",
    }
}

/// A day in words, so that a swapped day and month cannot pass unseen:
/// "ngày 1 tháng 8 năm 2024", "1 August 2024".
pub fn date_in_words(d: chrono::NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    match lang {
        Lang::Vi => format!("ngày {} tháng {} năm {}", d.day(), d.month(), d.year()),
        Lang::En => d.format("%-d %B %Y").to_string(),
    }
}

/// A number as a reader of `lang` writes it: `1.347,5` in Vietnamese,
/// `1,347.5` in English, `1.265` as `1.265`: every number is a quantity.
/// A year is not a quantity and is written by its callers as it is (`2024`):
/// see `Column::year`.
/// A number that may run on (a share, exact points): three places, cut
/// towards zero and marked `…` when there are more (`33,333…`).
pub fn number_cut(d: rust_decimal::Decimal, lang: Lang) -> String {
    let short = d.round_dp_with_strategy(3, rust_decimal::RoundingStrategy::ToZero);
    if short == d {
        number(d.normalize(), lang)
    } else {
        format!("{}…", number(short, lang))
    }
}

pub fn number(d: rust_decimal::Decimal, lang: Lang) -> String {
    let mut out = String::new();
    push_number(&mut out, d, lang);
    out
}

/// [`number`] appended to `out`, with no string of its own: notes print a
/// number for every item above its maximum, on every unit of a national
/// sheet.
pub fn push_number(out: &mut String, d: rust_decimal::Decimal, lang: Lang) {
    let (group, point) = match lang {
        Lang::Vi => (".", ","),
        Lang::En => (",", "."),
    };
    let start = out.len();
    crate::decimal_text::push(out, d, false);
    let int_start = start + usize::from(out[start..].starts_with('-'));
    let int_end = out[int_start..].find('.').map_or(out.len(), |p| int_start + p);
    if int_end < out.len() {
        out.replace_range(int_end..int_end + 1, point);
    }
    let int_len = int_end - int_start;
    if int_len > 3 {
        let mut grouped = String::with_capacity(int_len + int_len / 3);
        for (i, c) in out[int_start..int_end].chars().enumerate() {
            if i > 0 && (int_len - i) % 3 == 0 {
                grouped.push_str(group);
            }
            grouped.push(c);
        }
        out.replace_range(int_start..int_end, &grouped);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn numbers_as_readers_write_them() {
        let n = |s: &str, l| number(s.parse::<Decimal>().unwrap(), l);
        assert_eq!(n("1347.5", Lang::Vi), "1.347,5");
        assert_eq!(n("1347.5", Lang::En), "1,347.5");
        assert_eq!(n("1265", Lang::Vi), "1.265");
        assert_eq!(n("999", Lang::Vi), "999");
        assert_eq!(n("20240", Lang::Vi), "20.240");
        assert_eq!(n("-1234567.25", Lang::Vi), "-1.234.567,25");
        assert_eq!(n("90.00", Lang::Vi), "90,00");
        assert_eq!(n("0.5", Lang::En), "0.5");
        // Appended after what is there, a leading minus included.
        let mut s = "a-b: ".to_string();
        push_number(&mut s, "-1234.5".parse().unwrap(), Lang::Vi);
        push_number(&mut s, "7.25".parse().unwrap(), Lang::Vi);
        assert_eq!(s, "a-b: -1.234,57,25");
    }
}
