//! The language a user reads, and the labels shared by several reports.
//!
//! Messages live next to the error or report that emits them, always as a
//! Vietnamese/English pair passed through [`Lang::pick`], so a translator sees
//! both side by side and no message can exist in only one language.

use std::fmt;

/// The language of everything a user reads. Vietnamese is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
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
