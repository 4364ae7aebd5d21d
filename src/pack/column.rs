//! A dataset's column as a pack declares it: its type, its words (label,
//! choices' labels, other headers a file may use) and how its cells read
//! (number format, checklist, percent, year). Written either as a bare type
//! (`so_sang_kien: int`) or as a map with `type`.

use super::model::NumberFormat;
use indexmap::IndexMap;
use serde::{Deserialize, Deserializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    Text,
    Int,
    Decimal,
    Bool,
    Enum,
    Date,
}

impl ColumnType {
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        use ColumnType::*;
        match self {
            Text => lang.pick("văn bản", "text"),
            Int => lang.pick("số nguyên", "integer"),
            Decimal => lang.pick("số thập phân", "decimal number"),
            Bool => lang.pick("có/không", "yes/no"),
            Enum => lang.pick("giá trị trong danh sách", "one of a list"),
            Date => lang.pick("ngày", "date"),
        }
    }
}

/// One typed column of a dataset. In YAML either `so_sang_kien: int` or a map.
#[derive(Debug, Clone)]
pub struct Column {
    pub ty: ColumnType,
    pub format: Option<NumberFormat>,
    pub values: Vec<String>,
    pub optional: bool,
    pub label: Option<String>,
    pub label_en: Option<String>,
    /// Words for an enum's values (`tot: "Hoàn thành tốt nhiệm vụ"`), shown
    /// by reports instead of the codes.
    pub labels: IndexMap<String, String>,
    pub labels_en: IndexMap<String, String>,
    /// Other headers a data file may give this column ("Mã CB", "Mã số").
    pub aliases: Vec<String>,
    /// A yes/no column kept as a checklist: a mark (`x`) is yes and an
    /// empty cell is no.
    pub checklist: bool,
    /// A number column counted in percent points: `70%` (typed, or a
    /// workbook cell formatted as a percentage, which stores 0.7) reads 70.
    /// Without it such a cell is refused: 0.7 against a rule's `>= 70`
    /// would fail without a word.
    pub percent: bool,
    /// A whole-number column holding a year (`nam_sinh`): printed as `1975`,
    /// never grouped as a quantity (`1.975`). A history's year column is one
    /// without saying so.
    pub year: bool,
    /// A choice column whose values rank (`xuat_sac` above `tot`): rules may
    /// compare them with `<`, `>=`; without it such a comparison is refused,
    /// since text would order them by their letters.
    pub ordered: Option<ChoiceOrder>,
}

/// How an ordered choice column's `values` are listed. Said in words, both
/// ways, so that a list read top-down is never taken upside down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChoiceOrder {
    /// The first value is the highest ("Hoàn thành xuất sắc" first).
    HighestFirst,
    /// The first value is the lowest.
    LowestFirst,
}

impl Column {
    /// The choices from lowest to highest, when they rank.
    pub fn ranked(&self) -> Option<Vec<String>> {
        let mut v = self.values.clone();
        match self.ordered? {
            ChoiceOrder::LowestFirst => {}
            ChoiceOrder::HighestFirst => v.reverse(),
        }
        Some(v)
    }

    /// Every header that names this column `name`: its code, its labels and
    /// aliases (compared folded: any case, spacing or Unicode form).
    pub fn headers<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        std::iter::once(name)
            .chain(self.label.as_deref())
            .chain(self.label_en.as_deref())
            .chain(self.aliases.iter().map(String::as_str))
    }

    /// What a report calls this column.
    pub fn label_in<'a>(&'a self, name: &'a str, lang: crate::i18n::Lang) -> &'a str {
        match (lang, &self.label_en, &self.label) {
            (crate::i18n::Lang::En, Some(en), _) => en,
            (_, _, Some(vi)) => vi,
            _ => name,
        }
    }
    /// What a report calls value `v` of this (enum) column.
    pub fn value_label<'a>(&'a self, v: &'a str, lang: crate::i18n::Lang) -> &'a str {
        let en = (lang == crate::i18n::Lang::En).then(|| self.labels_en.get(v)).flatten();
        en.or_else(|| self.labels.get(v)).map_or(v, String::as_str)
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ColumnFull {
    #[serde(rename = "type")]
    ty: ColumnType,
    format: Option<NumberFormat>,
    #[serde(default)]
    values: Vec<String>,
    #[serde(default)]
    optional: bool,
    label: Option<String>,
    label_en: Option<String>,
    #[serde(default)]
    labels: IndexMap<String, String>,
    #[serde(default)]
    labels_en: IndexMap<String, String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    checklist: bool,
    #[serde(default)]
    percent: bool,
    #[serde(default)]
    year: bool,
    ordered: Option<ChoiceOrder>,
}

impl<'de> Deserialize<'de> for Column {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Column;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a column type (text, int, decimal, bool, enum, date) or a map with `type`")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Column, E> {
                let ty = ColumnType::deserialize(serde::de::value::StrDeserializer::<E>::new(s))?;
                Ok(Column {
                    ty,
                    format: None,
                    values: vec![],
                    optional: false,
                    label: None,
                    label_en: None,
                    labels: IndexMap::new(),
                    labels_en: IndexMap::new(),
                    aliases: Vec::new(),
                    checklist: false,
                    percent: false,
                    year: false,
                    ordered: None,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, m: A) -> Result<Column, A::Error> {
                let c = ColumnFull::deserialize(serde::de::value::MapAccessDeserializer::new(m))?;
                Ok(Column {
                    ty: c.ty,
                    format: c.format,
                    values: c.values,
                    optional: c.optional,
                    label: c.label,
                    label_en: c.label_en,
                    labels: c.labels,
                    labels_en: c.labels_en,
                    aliases: c.aliases,
                    checklist: c.checklist,
                    percent: c.percent,
                    year: c.year,
                    ordered: c.ordered,
                })
            }
        }
        d.deserialize_any(V)
    }
}
