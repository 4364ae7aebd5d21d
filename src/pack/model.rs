//! The rule-pack model: what a pack's YAML files say, as typed values.
//!
//! The same structs are what serde reads (`deny_unknown_fields` everywhere, so
//! a typo is an error) and what the rest of thidua uses after loading; the
//! `#[serde(skip)]` fields are filled in by the loader (locations, resolved
//! references). A scored leaf is the exception: its fields are read here as
//! written and checked into [`super::scoring::Scoring`], one variant per
//! method, which is what is scored.
//!
//! Long (over 600 lines) on purpose: every key a pack may write, with its
//! type and its meaning, in one place an author's reference is made from.

use crate::location::Location;
use chrono::NaiveDate;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use std::path::PathBuf;

/// What is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Individual,
    Collective,
    Household,
    Village,
    Unit,
}

impl SubjectKind {
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        use SubjectKind::*;
        match self {
            Individual => lang.pick("cá nhân", "individual"),
            Collective => lang.pick("tập thể", "collective"),
            Household => lang.pick("hộ gia đình", "household"),
            Village => lang.pick("thôn, bản, tổ dân phố", "village"),
            Unit => lang.pick("đơn vị", "unit"),
        }
    }
}

/// A period a pack, award or criterion is in force for; both ends inclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    #[serde(default, deserialize_with = "de_opt_date")]
    #[schemars(with = "Option<super::schema::Day>")]
    pub from: Option<NaiveDate>,
    #[serde(default, deserialize_with = "de_opt_date")]
    #[schemars(with = "Option<super::schema::Day>")]
    pub to: Option<NaiveDate>,
}

impl Period {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= d) && self.to.is_none_or(|t| d <= t)
    }

    /// Whether two periods share a day.
    pub fn overlaps(&self, o: &Period) -> bool {
        let from = self.from.max(o.from);
        let to = match (self.to, o.to) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match (from, to) {
            (Some(f), Some(t)) => f <= t,
            _ => true,
        }
    }

    /// "01/02/2023 – 30/06/2023", "từ 01/01/2024": days as a reader writes them.
    pub fn render(&self, lang: crate::i18n::Lang) -> String {
        let day = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
        match (self.from, self.to) {
            (Some(f), Some(t)) => format!("{} – {}", day(f), day(t)),
            (Some(f), None) => format!("{} {}", lang.pick("từ", "from"), day(f)),
            (None, Some(t)) => format!("{} {}", lang.pick("đến", "until"), day(t)),
            (None, None) => lang.pick("không giới hạn", "without limit").to_string(),
        }
    }
}

/// How numbers are written in a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NumberFormat {
    /// `1234.5`
    #[default]
    Plain,
    /// `1.234,5` (dot groups thousands, comma marks decimals)
    Vi,
}

pub use super::column::{ChoiceOrder, Column, ColumnType};

/// A table of subjects, one row each.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    pub subject: SubjectKind,
    pub key: String,
    /// A column with a human-readable name to show beside the key.
    pub name_column: Option<String>,
    pub title: Option<String>,
    /// Number format for the numeric columns of this dataset that declare
    /// none; undeclared, each column's style is read from its cells.
    #[serde(default)]
    pub number_format: Option<NumberFormat>,
    pub columns: IndexMap<String, Column>,
    /// This dataset holds earlier years' results of the subjects of another
    /// dataset (one row per subject, year and title).
    pub history: Option<HistorySpec>,
    /// This dataset's subjects have members in another dataset.
    pub members: Option<MembersSpec>,
    /// A column with each row's evaluation year, for data that mixes years
    /// (a register judged for 2023 and 2024 in one run): each row is judged
    /// on the run's day and month of its own year, under the awards,
    /// criteria and quotas in force then. A subject may have a row per year.
    pub evaluation_year: Option<String>,
    /// Values computed for every subject and shown beside its results (CSV
    /// columns, JSON `values`): what an auditor holds against the council's
    /// own sheet (a streak's length, a share of members).
    #[serde(default)]
    pub values: IndexMap<String, ShownValue>,
    #[serde(skip)]
    pub id: String,
    #[serde(skip)]
    pub loc: Location,
    /// Set on the dataset a scorecard reads when it has `join` or `long`:
    /// built at load from the datasets named there, never read from a file.
    #[serde(skip)]
    pub composed: Option<Composition>,
}

/// `values: { so_nam: { label: "…", value: 'lich_su.so_nam_lien_tuc("…")' } }`
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShownValue {
    pub label: Option<String>,
    pub label_en: Option<String>,
    /// A Rhai expression over the subject's row (and `lich_su`, `thanh_vien`).
    pub value: String,
    #[serde(skip)]
    pub loc: Location,
}

/// Where a composed dataset's columns come from: the unit dataset's own
/// columns first, then each part's, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composition {
    /// The dataset with one row per unit (and stage).
    pub units: String,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// One row per unit: `columns` are appended as they are.
    Join { dataset: String, columns: Vec<String> },
    /// One row per unit and criterion: for each of `codes` (the criteria
    /// that read these columns), each of `columns` is appended as
    /// [`long_column`]`(column, code)`. `known` holds every criterion's code:
    /// a row with another is a typo.
    Long { dataset: String, criterion: String, columns: Vec<String>, codes: Vec<String>, known: Vec<String> },
}

impl Composition {
    /// Every dataset read for the units, the unit dataset first.
    pub fn sources(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.units.as_str()).chain(self.parts.iter().map(|p| match p {
            Part::Join { dataset, .. } | Part::Long { dataset, .. } => dataset.as_str(),
        }))
    }
}

/// The composed column holding long-form `column` for criterion `code`. The
/// `@` keeps it out of reach of rule text, where it is no name.
pub fn long_column(column: &str, code: &str) -> String {
    format!("{column}@{code}")
}

/// `history: { of: ca_nhan, year: nam, title: danh_hieu }`
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistorySpec {
    /// The dataset whose subjects this is the history of (keys match).
    pub of: String,
    /// The column with the year.
    pub year: String,
    /// The column with the title or rating obtained that year, or several
    /// (`[xep_loai, danh_hieu]`: a register keeping one row per year with
    /// the rating and the title side by side). Every non-empty value of
    /// these columns is a title held that year.
    pub title: TitleColumns,
    /// The name rules read it by (default `lich_su`): a subject may have
    /// several histories (`lich_su_khen_thuong`, `lich_su_ky_luat`).
    pub name: Option<String>,
    /// A row whose key names no subject: refused (a misspelt code would
    /// drop a year from someone's streak), or `ignore`d by a register that
    /// keeps people not judged this year.
    #[serde(default)]
    pub unmatched: Unmatched,
}

/// What a row that joins to nothing means (a history row whose key is no
/// subject's, a member whose collective code is no collective's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unmatched {
    /// An error naming the row: the default.
    #[default]
    Refuse,
    /// Left out, as the pack declares: the file legitimately holds more.
    Ignore,
}

/// One title column or a list of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleColumns(pub Vec<String>);

impl<'de> Deserialize<'de> for TitleColumns {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        one_or_many(d, "a column name or a list of them").map(TitleColumns)
    }
}

/// One `T` or a list of them. Read through a visitor rather than an
/// untagged enum, so that an error inside (a misspelt field) keeps its own
/// message instead of "did not match any variant".
fn one_or_many<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D, what: &'static str) -> Result<Vec<T>, D::Error> {
    use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer, StrDeserializer};
    struct V<T>(&'static str, std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Vec<T>, E> {
            T::deserialize(StrDeserializer::<E>::new(s)).map(|t| vec![t])
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, m: A) -> Result<Vec<T>, A::Error> {
            T::deserialize(MapAccessDeserializer::new(m)).map(|t| vec![t])
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, s: A) -> Result<Vec<T>, A::Error> {
            Vec::<T>::deserialize(SeqAccessDeserializer::new(s))
        }
    }
    d.deserialize_any(V(what, std::marker::PhantomData))
}

impl HistorySpec {
    pub fn title_columns(&self) -> &[String] {
        &self.title.0
    }
    /// The variable rules read this history by.
    pub fn var(&self) -> &str {
        self.name.as_deref().unwrap_or("lich_su")
    }
}

/// `members: { dataset: ca_nhan, via: ma_don_vi }`: the members are the
/// rows of `dataset` whose `via` column holds this subject's key.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MembersSpec {
    pub dataset: String,
    pub via: String,
    /// A member whose `via` code is no collective's (see [`Unmatched`]);
    /// a member with an empty `via` cell belongs to no collective.
    #[serde(default)]
    pub unmatched: Unmatched,
}

impl Dataset {
    /// Whether column `name` holds years (`year: true`, or this history's
    /// year column): written as `2024`, never grouped as a quantity.
    pub fn is_year(&self, name: &str) -> bool {
        self.columns.get(name).is_some_and(|c| c.year) || self.history.as_ref().is_some_and(|h| h.year == name)
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.get_index_of(name)
    }

    /// The column a data file's header cell names: by code, label or alias,
    /// in any case, spacing or Unicode form.
    pub fn column_for_header(&self, header: &str) -> Option<usize> {
        if let Some(i) = self.columns.get_index_of(header) {
            return Some(i);
        }
        let h = crate::ground::text::fold(header);
        self.columns.iter().position(|(name, c)| c.headers(name).any(|x| crate::ground::text::fold(x) == h))
    }

    /// The style a number column is read by first (see
    /// [`crate::data::number_style`]): the declared one, else plain.
    pub fn number_format_of(&self, c: &Column) -> NumberFormat {
        self.declared_format_of(c).unwrap_or_default()
    }

    /// The style the pack declares for a number column, if any.
    pub fn declared_format_of(&self, c: &Column) -> Option<NumberFormat> {
        c.format.or(self.number_format)
    }
}

/// A named value rule authors use instead of a number written into a rule, for
/// thresholds a province sets, which the law leaves to it.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    pub value: ParamValue,
    /// The declared type; without it the type is the value's (see
    /// [`Parameter::resolve`]).
    #[serde(rename = "type", default)]
    pub ty: Option<ParamType>,
    pub text: Option<String>,
    pub source: Option<String>,
    #[serde(default)]
    pub unverified: Unverified,
}

/// The parts of a printed report that are not results: the issuing body
/// (upper left, under which the national motto stands on the right), the
/// place written before the date, and the signature block.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportSettings {
    /// One line per level, the parent body first: ["UBND HUYỆN HỮU LŨNG",
    /// "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"].
    #[serde(default)]
    pub issuer: Vec<String>,
    /// "Hữu Lũng": printed as "Hữu Lũng, ngày … tháng … năm 2024".
    pub place: Option<String>,
    /// Signature columns, left to right.
    #[serde(default)]
    pub signers: Vec<Signer>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    /// "NGƯỜI LẬP BIỂU", "TM. HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG\nCHỦ TỊCH".
    pub role: String,
    pub role_en: Option<String>,
    /// Left out to be written by hand.
    pub name: Option<String>,
}

/// What in a citation or a decider has not been checked against the text of
/// the law, in the author's words. Reports print the citation plain; `validate`
/// lists every note, so nobody signs a paper resting on one unknowingly.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unverified {
    /// Why `source` is not certain (an article number inferred, a text not retrieved).
    pub source: Option<String>,
    /// Why `decider` is not certain (awards only).
    pub decider: Option<String>,
}

/// The types a parameter may declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParamType {
    Int,
    Decimal,
    Text,
    Bool,
    Date,
}

/// Why a parameter's value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamProblem {
    /// Text that reads as a number (`"70"`, `070`, `1_0`): a comparison with
    /// a number would silently be false.
    NumberAsText,
    /// The value is not of the declared type.
    NotOfType(ParamType),
}

impl Parameter {
    /// Gives the value its one type: the declared one (quoted numbers, such
    /// as long ones YAML cannot hold, are read exactly), else the YAML
    /// value's: a number, true/false, a date written as one, or text. Text
    /// that looks like a number is refused rather than compared as text.
    pub fn resolve(&mut self) -> Result<(), ParamProblem> {
        use ParamValue as V;
        let bad = |t| Err(ParamProblem::NotOfType(t));
        self.value = match (self.ty, &self.value) {
            (None, V::Text(s)) if looks_numeric(s) => return Err(ParamProblem::NumberAsText),
            (None, V::Text(s)) => parse_date(s).map_or_else(|| V::Text(s.clone()), V::Date),
            (None, v) => v.clone(),
            (Some(ParamType::Int), V::Int(i)) => V::Int(*i),
            (Some(ParamType::Int), V::Decimal(d)) if d.fract().is_zero() => {
                V::Int(i64::try_from(*d).map_err(|_| ParamProblem::NotOfType(ParamType::Int))?)
            }
            (Some(ParamType::Int), V::Text(s)) => match s.trim().parse::<i64>() {
                Ok(i) => V::Int(i),
                Err(_) => return bad(ParamType::Int),
            },
            (Some(ParamType::Decimal), V::Int(i)) => V::Decimal(Decimal::from(*i)),
            (Some(ParamType::Decimal), V::Decimal(d)) => V::Decimal(*d),
            (Some(ParamType::Decimal), V::Text(s)) => match Decimal::from_str_exact(s.trim()) {
                Ok(d) if d.abs() <= Decimal::from(1_000_000_000_000i64) => V::Decimal(d),
                _ => return bad(ParamType::Decimal),
            },
            (Some(ParamType::Text), V::Text(s)) => V::Text(s.clone()),
            (Some(ParamType::Bool), V::Bool(b)) => V::Bool(*b),
            (Some(ParamType::Date), V::Text(s)) => match parse_date(s) {
                Some(d) => V::Date(d),
                None => return bad(ParamType::Date),
            },
            (Some(ParamType::Date), V::Date(d)) => V::Date(*d),
            (Some(t), _) => return bad(t),
        };
        Ok(())
    }
}

impl ParamValue {
    /// The value as written in YAML, for messages.
    pub fn shown(&self) -> String {
        match self {
            ParamValue::Int(i) => i.to_string(),
            ParamValue::Decimal(d) => d.to_string(),
            ParamValue::Text(s) => format!("\"{s}\""),
            ParamValue::Bool(b) => b.to_string(),
            ParamValue::Date(d) => d.format("%d/%m/%Y").to_string(),
        }
    }
}

/// Text made of digits and number punctuation only.
fn looks_numeric(s: &str) -> bool {
    let s = s.trim();
    s.bytes().any(|b| b.is_ascii_digit()) && s.bytes().all(|b| b.is_ascii_digit() || b"+-.,_eE ".contains(&b))
}

/// Parameter values are exact: numbers become integers or decimals.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    Int(i64),
    Decimal(Decimal),
    Text(String),
    Bool(bool),
    Date(NaiveDate),
}

impl<'de> Deserialize<'de> for ParamValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = ParamValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number, a text or true/false")
            }
            fn visit_bool<E>(self, b: bool) -> Result<ParamValue, E> {
                Ok(ParamValue::Bool(b))
            }
            fn visit_i64<E>(self, n: i64) -> Result<ParamValue, E> {
                Ok(ParamValue::Int(n))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<ParamValue, E> {
                i64::try_from(n).map(ParamValue::Int).map_err(|_| E::custom("number too large"))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<ParamValue, E> {
                decimal_from_yaml_float(n).map(ParamValue::Decimal)
            }
            fn visit_str<E>(self, s: &str) -> Result<ParamValue, E> {
                Ok(ParamValue::Text(s.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// YAML numbers with a fraction arrive as f64. Rust prints an f64 as the
/// shortest text that reads back to it, so any literal a person writes with
/// up to 15 significant digits comes back exactly as written.
pub fn decimal_from_yaml_float<E: serde::de::Error>(n: f64) -> Result<Decimal, E> {
    if !n.is_finite() {
        return Err(E::custom("number is not finite"));
    }
    let text = n.to_string();
    let digits = text.chars().filter(|c| c.is_ascii_digit()).count();
    if digits > 15 {
        return Err(E::custom(
            "number has more than 15 significant digits; write it in quotes and declare `type: decimal`",
        ));
    }
    text.parse::<Decimal>().map_err(E::custom)
}

/// A title or form of commendation and its criteria.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Award {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub subject: Option<SubjectKind>,
    pub dataset: Option<String>,
    /// The legal basis of the award as a whole.
    pub source: Option<String>,
    /// Who decides (Law 2022 Art 80), e.g. "Chủ tịch UBND cấp xã".
    pub decider: Option<String>,
    #[serde(default)]
    pub unverified: Unverified,
    #[serde(default)]
    pub requires: Vec<String>,
    /// Which subjects of the dataset the award is for at all (e.g. farmers).
    pub applies_when: Option<String>,
    pub effective: Option<Period>,
    pub description: Option<String>,
    /// A cap on how many subjects of a group may receive the award (a list
    /// when it changes with the regime).
    #[serde(default)]
    pub quota: Quotas,
    /// Evaluated for other rules (roll-ups, requires) but not reported.
    #[serde(default)]
    pub internal: bool,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    #[serde(skip)]
    pub loc: Location,
    /// The dataset id, resolved by the loader.
    #[serde(skip)]
    pub dataset_id: String,
    #[serde(skip)]
    pub applies_when_loc: Location,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    pub text: String,
    pub text_en: Option<String>,
    pub source: Option<String>,
    /// A Rhai expression that is true when the criterion is met.
    pub when: Option<String>,
    /// A `.rhai` file in the pack folder, instead of `when`.
    pub script: Option<String>,
    /// The criterion only applies to subjects for which this holds.
    pub applies_when: Option<String>,
    /// What the subject must do to meet it, in the author's words.
    pub hint: Option<String>,
    pub hint_en: Option<String>,
    pub effective: Option<Period>,
    #[serde(default)]
    pub unverified: Unverified,
    #[serde(skip)]
    pub loc: Location,
    /// The condition's source text and where it starts (after `script` is read).
    #[serde(skip)]
    pub condition: String,
    #[serde(skip)]
    pub condition_loc: Location,
    #[serde(skip)]
    pub applies_when_loc: Location,
}

/// `quota: { within: ma_don_vi, percent: 15, of: lao_dong_tien_tien, rank_by: [...] }`
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AwardQuota {
    /// The column that forms the groups (e.g. the unit); all subjects when absent.
    pub within: Option<String>,
    pub count: Option<u32>,
    pub percent: Option<super::scorecard::Num>,
    /// The base of the percentage: subjects of the group eligible for this
    /// award; default: every subject of the group.
    pub of: Option<String>,
    #[serde(default = "round_down")]
    pub rounding: super::scorecard::RoundMode,
    pub at_least: Option<u32>,
    /// Who is chosen first; the key breaks remaining ties.
    #[serde(default)]
    pub rank_by: Vec<super::scorecard::TieBreak>,
    pub source: Option<String>,
    /// The period the quota is in force (one award id may span a change of
    /// decree, each with its own quota).
    pub effective: Option<Period>,
}

/// An award's quotas: one, or a list with an `effective` period each.
#[derive(Debug, Clone, Default)]
pub struct Quotas(pub Vec<AwardQuota>);

impl<'de> Deserialize<'de> for Quotas {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        one_or_many(d, "a quota, or a list of quotas each with `effective`").map(Quotas)
    }
}

impl Quotas {
    pub fn is_some(&self) -> bool {
        !self.0.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = &AwardQuota> {
        self.0.iter()
    }
    /// The quota in force on `d`, if any (the loader refuses overlaps).
    /// The quota in force on `d`, with its place in the list.
    pub fn in_force(&self, d: NaiveDate) -> Option<(usize, &AwardQuota)> {
        self.0.iter().enumerate().find(|(_, q)| q.effective.as_ref().is_none_or(|p| p.contains(d)))
    }
}

fn round_down() -> super::scorecard::RoundMode {
    super::scorecard::RoundMode::Down
}

/// A loaded, cross-checked pack. Nothing in it has been evaluated.
#[derive(Debug, Clone)]
pub struct Pack {
    pub id: String,
    pub title: String,
    pub title_en: Option<String>,
    pub version: Option<String>,
    pub issuer: Option<String>,
    pub legal_basis: Vec<String>,
    pub effective: Period,
    /// The evaluation date when the command line gives none.
    pub as_of: Option<NaiveDate>,
    pub parameters: IndexMap<String, Parameter>,
    pub datasets: IndexMap<String, Dataset>,
    pub awards: Vec<Award>,
    pub scorecards: Vec<super::scorecard::Scorecard>,
    /// How printed reports name the issuing body, the place and the signers.
    pub report: ReportSettings,
    pub dir: PathBuf,
    /// Every file the pack was loaded from, in load order.
    pub files: Vec<PathBuf>,
    /// Datasets, awards and parameters declared but refused when read: a
    /// later reference to one is not reported as a second error.
    pub unreadable: Vec<(super::err::Thing, String)>,
}

impl Pack {
    /// The history datasets of the subjects of `id`, in declared order.
    pub fn histories_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Dataset> + 'a {
        self.datasets.values().filter(move |d| d.history.as_ref().is_some_and(|h| h.of == id))
    }

    /// The collectives whose members are the subjects of `id` (rules on
    /// `id` read theirs as `tap_the`).
    pub fn collectives_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Dataset> + 'a {
        self.datasets.values().filter(move |d| d.members.as_ref().is_some_and(|m| m.dataset == id))
    }

    /// The history of the subjects of `id` that rules read as `var`.
    pub fn history_named(&self, id: &str, var: &str) -> Option<&Dataset> {
        self.datasets
            .values()
            .filter(|d| d.history.as_ref().is_some_and(|h| h.of == id))
            .find(|d| d.history.as_ref().is_some_and(|h| h.var() == var))
    }

    /// The datasets read from files: all but those composed for scorecards.
    pub fn file_datasets(&self) -> impl Iterator<Item = (&String, &Dataset)> {
        self.datasets.iter().filter(|(_, d)| d.composed.is_none())
    }

    pub fn award(&self, id: &str) -> Option<&Award> {
        self.awards.iter().find(|a| a.id == id)
    }

    /// Every file the evaluation depends on: the YAML files, then the `.rhai`
    /// scripts they name (each once, in name order).
    pub fn input_files(&self) -> Vec<PathBuf> {
        let mut scripts: Vec<PathBuf> = self
            .awards
            .iter()
            .flat_map(|a| &a.criteria)
            .filter(|c| c.script.is_some())
            .map(|c| c.condition_loc.file.clone())
            .chain(
                self.scorecards
                    .iter()
                    .flat_map(|s| s.nodes())
                    .filter(|n| n.file.is_some())
                    .map(|n| n.expr_loc("script").file),
            )
            .collect();
        scripts.sort();
        scripts.dedup();
        let mut all = self.files.clone();
        all.extend(scripts);
        all
    }

    pub fn scorecard(&self, id: &str) -> Option<&super::scorecard::Scorecard> {
        self.scorecards.iter().find(|s| s.id == id)
    }
}

/// Dates in packs: ISO `2024-12-31` or Vietnamese `31/12/2024`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    // chrono reads "20" as the year 20; a date here always has a 4-digit year.
    let year_ok = match (s.split('-').next(), s.rsplit('/').next()) {
        (Some(y), _) if s.contains('-') => y.len() == 4,
        (_, Some(y)) if s.contains('/') => y.len() == 4,
        _ => false,
    };
    if !year_ok {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y")).ok()
}

pub fn de_opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    let s: Option<String> = Option::deserialize(d)?;
    match s {
        None => Ok(None),
        Some(s) => parse_date(&s)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid date `{s}`, expected YYYY-MM-DD or DD/MM/YYYY"))),
    }
}
