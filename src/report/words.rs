//! The words a report uses for a pack's codes: column labels, the words of an
//! enum's values, award names for titles, numbers as readers write them.
//! Codes stay in CSV and JSON; everything printed goes through here.

use crate::data::Value;
use crate::i18n::{self, Lang};
use crate::pack::{Dataset, Pack};
use rust_decimal::Decimal;

#[derive(Clone, Copy)]
pub struct Words<'p> {
    pub pack: &'p Pack,
    /// The dataset whose columns a reason names.
    pub dataset: Option<&'p Dataset>,
    pub lang: Lang,
}

impl<'p> Words<'p> {
    pub fn new(pack: &'p Pack, dataset: usize, lang: Lang) -> Words<'p> {
        Words { pack, dataset: pack.datasets.get_index(dataset).map(|(_, d)| d), lang }
    }

    pub fn pick<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(vi, en)
    }

    /// A column of the dataset (or a parameter), by its label.
    pub fn column(&self, name: &str) -> String {
        match (self.dataset.and_then(|d| d.columns.get(name)), name) {
            (Some(c), _) => c.label_in(name, self.lang).to_string(),
            (None, "ngay_xet") => self.pick("Ngày xét", "Evaluation date").to_string(),
            (None, "nam_xet") => self.pick("Năm xét", "Evaluation year").to_string(),
            // A parameter by where its figure comes from, never by its code.
            (None, _) => match self.pack.parameters.get(name) {
                Some(p) => match (&p.source, &p.text) {
                    (Some(s), _) => format!("{} ({s})", self.pick("mức quy định", "the set level")),
                    (None, Some(t)) => t.clone(),
                    (None, None) => name.to_string(),
                },
                None => name.to_string(),
            },
        }
    }

    /// A numeric column of the history datasets, by its label.
    pub fn history_column(&self, name: &str) -> String {
        let col = self.pack.datasets.values().filter(|d| d.history.is_some()).find_map(|d| d.columns.get(name));
        col.map_or_else(|| name.to_string(), |c| c.label_in(name, self.lang).to_string())
    }

    /// A column of the collective whose members the reason's subjects are.
    fn collective_col(&self, name: &str) -> Option<&'p crate::pack::Column> {
        let id = &self.dataset?.id;
        let d = self.pack.datasets.values().find(|d| d.members.as_ref().is_some_and(|m| &m.dataset == id))?;
        d.columns.get(name)
    }

    /// A column of the member's collective, by its label.
    pub fn collective_column(&self, name: &str) -> String {
        self.collective_col(name).map_or_else(|| name.to_string(), |c| c.label_in(name, self.lang).to_string())
    }

    /// A value of a column of the member's collective, in words.
    pub fn collective_value(&self, column: &str, v: &Value) -> String {
        match (self.collective_col(column), v) {
            (Some(c), Value::Text(t)) => c.value_label(t, self.lang).to_string(),
            _ => self.plain(v),
        }
    }

    /// A column of the members' dataset (of the reason's collective), by its label.
    pub fn member_column(&self, name: &str) -> String {
        match self.member_col(name) {
            Some(c) => c.label_in(name, self.lang).to_string(),
            None => name.to_string(),
        }
    }

    /// A value of a members' enum column, in words.
    pub fn member_value(&self, column: &str, v: &str) -> String {
        self.member_col(column).map_or_else(|| v.to_string(), |c| c.value_label(v, self.lang).to_string())
    }

    fn member_col(&self, name: &str) -> Option<&'p crate::pack::Column> {
        let m = self.dataset?.members.as_ref()?;
        self.pack.datasets.get(&m.dataset)?.columns.get(name)
    }

    /// A value of a history column, in words.
    pub fn history_value(&self, column: &str, v: &Value) -> String {
        let d = self.pack.datasets.values().filter(|d| d.history.is_some()).find(|d| d.columns.contains_key(column));
        match (d.and_then(|d| d.columns.get(column)), v) {
            (Some(c), Value::Text(t)) => c.value_label(t, self.lang).to_string(),
            (Some(_), Value::Int(i)) if d.is_some_and(|d| d.is_year(column)) => i.to_string(),
            _ => self.plain(v),
        }
    }

    /// A value of column `column`: an enum's word, yes/no, a number or a date
    /// as readers write them.
    pub fn value(&self, column: &str, v: &Value) -> String {
        let d = self.dataset;
        match (d.and_then(|d| d.columns.get(column)), v) {
            (Some(c), Value::Text(t)) => c.value_label(t, self.lang).to_string(),
            // A year reads as a year (2024), not as a quantity (2.024).
            (Some(_), Value::Int(i)) if d.is_some_and(|d| d.is_year(column)) => i.to_string(),
            _ => self.plain(v),
        }
    }

    /// A value outside any column (a parameter, a literal).
    pub fn plain(&self, v: &Value) -> String {
        match v {
            Value::Int(i) => self.number(Decimal::from(*i)),
            Value::Dec(d) => self.number(d.normalize()),
            other => other.render(self.lang),
        }
    }

    pub fn number(&self, d: Decimal) -> String {
        i18n::number(d, self.lang)
    }

    /// A title of the history, or an award: the word the history's title
    /// column gives it, else the award's name, else the code.
    pub fn title(&self, code: &str) -> String {
        // The history's own word first: the pack's author chose it for the
        // register ("Bằng khen cấp tỉnh" rather than the award's full name).
        for d in self.pack.datasets.values() {
            let Some(h) = &d.history else { continue };
            for c in h.title_columns().iter().filter_map(|t| d.columns.get(t)) {
                if c.labels.contains_key(code) {
                    return c.value_label(code, self.lang).to_string();
                }
            }
        }
        match self.pack.awards.iter().find(|a| a.id == code) {
            Some(a) => self.lang.pick_text(&a.name, a.name_en.as_deref()).to_string(),
            None => code.to_string(),
        }
    }

    /// Several titles, any of which counts: "A hoặc B".
    pub fn titles(&self, codes: &[String]) -> String {
        let names: Vec<String> = codes.iter().map(|c| self.title(c)).collect();
        names.join(self.pick(" hoặc ", " or "))
    }
}

/// A pack as a paper names it: its title and version, never its code.
pub fn pack_name(pack: &Pack, lang: Lang) -> String {
    let title = lang.pick_text(&pack.title, pack.title_en.as_deref());
    match &pack.version {
        Some(v) => format!("{title} ({} {v})", lang.pick("phiên bản", "version")),
        None => title.to_string(),
    }
}
