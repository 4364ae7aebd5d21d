//! The year file as written, and as resolved against its packs.

use serde::Deserialize;
use std::path::PathBuf;

/// A year file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct YearFile {
    pub id: String,
    pub title: String,
    pub as_of: chrono::NaiveDate,
    pub steps: Vec<StepFile>,
}

/// One step as written: `check: PACK` or `score: PACK`, its data, and the
/// columns it takes from earlier steps (`dataset: { column: buoc.truong }`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StepFile {
    pub id: String,
    /// What the step is, in the reader's words ("Xét danh hiệu cá nhân").
    pub name: Option<String>,
    pub check: Option<String>,
    pub score: Option<String>,
    pub scorecard: Option<String>,
    #[serde(default)]
    pub awards: Vec<String>,
    #[serde(default)]
    pub data: Vec<String>,
    #[serde(default)]
    pub from: indexmap::IndexMap<String, indexmap::IndexMap<String, String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Check,
    Score,
}

/// What a step's results give a later step, per subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// Whether the subject was awarded `award` (met it, within any quota).
    Award(String),
    /// `tong_diem`: the unit's total.
    Total,
    /// `xep_hang`: its rank (none when unranked).
    Rank,
    /// `xep_loai`: its band's id (none when no band).
    Band,
    /// `de_nghi`: the proposal's award id (none when not proposed).
    Proposal,
}

impl Field {
    /// The fields every score step gives, by the name a year file uses.
    pub const SCORE: [(&'static str, Field); 4] = [
        ("tong_diem", Field::Total),
        ("xep_hang", Field::Rank),
        ("xep_loai", Field::Band),
        ("de_nghi", Field::Proposal),
    ];
}

/// A column a step takes from an earlier step.
#[derive(Debug, Clone)]
pub struct Take {
    pub dataset: String,
    pub column: String,
    /// Index of the earlier step.
    pub step: usize,
    pub field: Field,
    /// As written (`cham_diem.tong_diem`), for messages.
    pub written: String,
}

/// A step, resolved: its pack folder and data files (paths relative to the
/// year file made whole), and what it takes.
#[derive(Debug, Clone)]
pub struct Step {
    pub id: String,
    /// Its name, else its id: what the dossier's pages call it.
    pub name: String,
    pub kind: StepKind,
    pub pack: PathBuf,
    pub scorecard: Option<String>,
    pub awards: Vec<String>,
    /// `FILE` or `DATASET=FILE`, as the command line takes them.
    pub data: Vec<String>,
    pub takes: Vec<Take>,
}

/// A year, resolved and checked.
#[derive(Debug, Clone)]
pub struct Year {
    pub file: PathBuf,
    pub id: String,
    pub title: String,
    pub as_of: chrono::NaiveDate,
    pub steps: Vec<Step>,
}
