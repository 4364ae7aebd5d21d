//! The one-row-per-subject CSV of `thidua check --by-subject`: a subject's
//! key, name and datasets, its highest awards, and each award's result.

use super::check::CheckReport;
use super::vocab::{dataset_id, name_of, shown_key, verdict_code};
use crate::eval::{AwardResult, Verdict};
use crate::i18n::Lang;
use crate::pack::Pack;

/// The one-row-per-subject CSV (`--by-subject`): key, name, dataset, the
/// highest awards met, then one column per reported award with its result.
pub struct SubjectTable {
    /// The reported awards (indices into `pack.awards`), in pack order.
    pub awards: Vec<usize>,
    /// `reach[i][j]`: award `i` requires award `j`, directly or through others.
    reach: Vec<Vec<bool>>,
}

impl SubjectTable {
    pub fn new(pack: &Pack, awards: &[usize]) -> SubjectTable {
        let requires = |a: usize, b: usize| {
            let mut stack = vec![a];
            let mut seen = vec![false; pack.awards.len()];
            while let Some(x) = stack.pop() {
                for r in &pack.awards[x].requires {
                    if let Some(j) = pack.awards.iter().position(|w| &w.id == r) {
                        if j == b {
                            return true;
                        }
                        if !std::mem::replace(&mut seen[j], true) {
                            stack.push(j);
                        }
                    }
                }
            }
            false
        };
        let reach = awards.iter().map(|&a| awards.iter().map(|&b| a != b && requires(a, b)).collect()).collect();
        SubjectTable { awards: awards.to_vec(), reach }
    }

    /// Byte-order mark and header.
    pub fn head(&self, pack: &Pack, lang: Lang) -> Vec<u8> {
        let mut head: Vec<&str> = match lang {
            Lang::Vi => vec!["ma", "ten", "bang_du_lieu", "danh_hieu_cao_nhat"],
            Lang::En => vec!["key", "name", "dataset", "highest_awards"],
        };
        head.extend(self.awards.iter().map(|&a| pack.awards[a].id.as_str()));
        let mut w = ::csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
        let _ = w.write_record(head);
        w.into_inner().unwrap_or_default()
    }

    /// The end of a subject's record after its key and name: the dataset,
    /// the highest awards, each award's result, the line break, as CSV. The
    /// same for every subject with the same results, so a writer makes it
    /// once per pattern. `results` is parallel to `awards`; the highest
    /// awards are those met that no other award met requires (";" between).
    pub fn tail(&self, pack: &Pack, lang: Lang, dataset: &str, results: &[Verdict]) -> Vec<u8> {
        let met = |i: usize| results[i] == Verdict::Eligible;
        let mut highest = String::new();
        for i in (0..self.awards.len()).filter(|&i| met(i)) {
            if !(0..self.awards.len()).any(|m| met(m) && self.reach[m][i]) {
                if !highest.is_empty() {
                    highest.push(';');
                }
                highest.push_str(&pack.awards[self.awards[i]].id);
            }
        }
        let mut w = ::csv::Writer::from_writer(Vec::new());
        let mut record = vec![dataset, &highest];
        record.extend(results.iter().map(|r| verdict_code(*r, lang)));
        let _ = w.write_record(record);
        let mut bytes = w.into_inner().unwrap_or_default();
        // Written after a key and a name: the tail starts with a separator.
        bytes.insert(0, b',');
        bytes
    }

    /// Bytes enough for any [`tail`] of `dataset` whose ids need no quotes:
    /// for sizing an output ahead, so that it is not copied as it grows.
    ///
    /// [`tail`]: SubjectTable::tail
    pub fn longest_tail(&self, pack: &Pack, dataset: &str) -> usize {
        let verdicts = [Verdict::Eligible, Verdict::NotEligible, Verdict::OverQuota, Verdict::NotApplicable];
        let code =
            verdicts.iter().flat_map(|&v| [Lang::Vi, Lang::En].map(|l| verdict_code(v, l).len())).max().unwrap_or(0);
        let ids: usize = self.awards.iter().map(|&a| pack.awards[a].id.len() + 1).sum();
        // Separator, dataset, separator, highest awards, results, CRLF.
        1 + dataset.len() + 1 + ids + self.awards.len() * (1 + code) + 2
    }

    /// Appends one subject's record: its key and name, then its [`tail`].
    ///
    /// [`tail`]: SubjectTable::tail
    pub fn write_subject(out: &mut Vec<u8>, key: &str, name: &str, tail: &[u8]) {
        super::text::push_csv_field(out, key);
        out.push(b',');
        super::text::push_csv_field(out, name);
        out.extend_from_slice(tail);
    }
}

/// The outcome as one row per subject. A subject is its kind and key: a
/// person in two datasets (this year's and the higher titles') is one row
/// over every award of both, never two rows that disagree on the highest.
/// Rows come in the order subjects first appear (results are sorted by
/// dataset and key).
pub(crate) fn csv_by_subject(r: &CheckReport) -> Vec<u8> {
    let lang = r.lang;
    let table = SubjectTable::new(r.pack, &r.columns);
    let mut out = table.head(r.pack, lang);
    // A subject judged in several years is a row per year.
    let mut subjects: indexmap::IndexMap<(crate::pack::SubjectKind, String), Vec<&AwardResult>> =
        indexmap::IndexMap::new();
    for x in &r.outcome.results {
        let kind = r.pack.datasets[x.dataset].subject;
        subjects.entry((kind, shown_key(x, Lang::Vi))).or_default().push(x);
    }
    for results in subjects.values() {
        let first = results[0];
        let mut line = vec![Verdict::NotApplicable; table.awards.len()];
        let mut datasets: Vec<&str> = Vec::new();
        for x in results {
            if let Some(k) = table.awards.iter().position(|&a| a == x.award) {
                line[k] = x.verdict();
            }
            let ds = dataset_id(r.pack, x);
            if !datasets.contains(&ds) {
                datasets.push(ds);
            }
        }
        let key = shown_key(first, lang);
        let name = results.iter().map(|x| name_of(x, lang)).find(|n| !n.is_empty()).unwrap_or_default();
        let tail = table.tail(r.pack, lang, &datasets.join(";"), &line);
        SubjectTable::write_subject(&mut out, &key, &name, &tail);
    }
    out
}
