//! The JSON documents of `check` and `score` (documented in docs/json.md) as
//! typed structs: the writers serialise them and `diff` reads them back, so
//! a field renamed on one side cannot go unnoticed on the other. Values that
//! are the data's own (keys, inputs) stay JSON values.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackRef {
    pub id: String,
    pub title: String,
    pub version: Option<String>,
}

/// `thidua check --format json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckDoc {
    pub pack: PackRef,
    pub as_of: String,
    pub lang: String,
    pub summary: CheckSummary,
    pub results: Vec<CheckResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_decider: Option<Vec<DeciderGroup>>,
    /// What the inputs are called, so a reader of the document alone (`diff`)
    /// says "Mức xếp loại: Hoàn thành tốt", not `muc_hoan_thanh: tot`.
    #[serde(default, skip_serializing_if = "InputWords::is_empty")]
    pub words: InputWords,
}

/// The words of a result's inputs, in the run's language: each dataset's
/// labelled columns (and their choices' words), and the parameters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputWords {
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub columns: std::collections::BTreeMap<String, std::collections::BTreeMap<String, ColumnWords>>,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub parameters: std::collections::BTreeMap<String, String>,
}

impl InputWords {
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty() && self.parameters.is_empty()
    }

    /// Input `name` of a result of `dataset`, by its words when it has some.
    /// The result's own dataset first, then any other (a score reads joined
    /// datasets), then the parameters.
    pub fn name(&self, dataset: &str, name: &str) -> Option<&str> {
        let column = self.column(dataset, name).and_then(|c| c.label.as_deref());
        column.or_else(|| self.parameters.get(name).map(String::as_str))
    }

    /// A choice's words (`tot` → "Hoàn thành tốt nhiệm vụ").
    pub fn value(&self, dataset: &str, name: &str, value: &str) -> Option<&str> {
        self.column(dataset, name)?.values.get(value).map(String::as_str)
    }

    fn column(&self, dataset: &str, name: &str) -> Option<&ColumnWords> {
        let own = self.columns.get(dataset).and_then(|c| c.get(name));
        own.or_else(|| self.columns.values().find_map(|c| c.get(name)))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnWords {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub values: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSummary {
    pub checks: usize,
    pub eligible: usize,
    pub not_eligible: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckResult {
    pub subject: Value,
    /// The date the row was judged on, when its dataset has an evaluation
    /// year (else absent: the document's `as_of`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    pub name: Option<String>,
    pub dataset: String,
    pub row: usize,
    pub award: String,
    pub award_name: String,
    pub decider: Option<String>,
    pub eligible: bool,
    /// The dataset's shown `values` for this subject (absent when it
    /// declares none).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub values: IndexMap<String, Value>,
    /// For an award with a quota, every subject that met the standard: its
    /// group, the quota and its place.
    #[serde(default)]
    pub quota: Option<QuotaDoc>,
    pub over_quota: Option<QuotaDoc>,
    pub failed: Vec<String>,
    pub requires: Vec<RequirementDoc>,
    pub criteria: Vec<CriterionDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotaDoc {
    pub group: String,
    pub allowed: u32,
    pub base: u32,
    /// The subject's place among those in its group who met the standard.
    #[serde(default)]
    pub rank: u32,
    /// How many in its group met the standard.
    #[serde(default)]
    pub candidates: u32,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementDoc {
    pub award: String,
    pub met: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionDoc {
    pub id: String,
    pub text: String,
    pub source: Option<String>,
    /// `passed`, `failed`, `not_applicable` or `not_in_force`.
    pub status: String,
    pub passed: Option<bool>,
    pub inputs: IndexMap<String, Value>,
    pub reason: Option<String>,
    /// What the rule's helpers computed (streaks, counts, shares), each
    /// with its comparison and in words; see docs/json.md.
    #[serde(default)]
    pub computed: Vec<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeciderGroup {
    pub decider: String,
    pub awards: Vec<DeciderAward>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeciderAward {
    pub award: String,
    pub subjects: Vec<Value>,
}

/// `thidua score --format json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreDoc {
    pub pack: PackRef,
    pub scorecard: ScorecardRef,
    pub as_of: String,
    pub lang: String,
    pub stage: Option<String>,
    pub criteria: Vec<ScoreCriterion>,
    pub units: Vec<UnitDoc>,
    /// Who leads each cluster on each criterion scored against the leader.
    #[serde(default)]
    pub leaders: Vec<LeaderDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stages: Option<Vec<StageDoc>>,
    /// What the inputs (`--explain`) are called: see [`CheckDoc::words`].
    #[serde(default, skip_serializing_if = "InputWords::is_empty")]
    pub words: InputWords,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaderDoc {
    pub cluster: String,
    pub criterion: String,
    /// `target_relative`: the leader's (actual − target) / target;
    /// `relative`: the leader's value.
    pub best: String,
    pub units: Vec<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorecardRef {
    pub id: String,
    pub name: String,
    pub max_total: String,
    /// Decimal places points are rounded to: how the report writes them
    /// (`9,90`), so that `diff` writes them alike. Absent in older results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub places: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreCriterion {
    pub id: String,
    pub name: String,
    pub max: String,
    pub group: bool,
    /// `criterion`, `bonus` or `penalty`.
    pub kind: String,
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitDoc {
    pub unit: Value,
    pub name: Option<String>,
    pub cluster: String,
    pub row: usize,
    pub total: String,
    pub rank: Option<u32>,
    pub disqualified: bool,
    pub disqualified_by: Vec<String>,
    pub band: Option<String>,
    pub award: Option<String>,
    pub award_name: Option<String>,
    pub notes: Vec<String>,
    pub points: IndexMap<String, String>,
    /// With `--explain`: the inputs of each criterion's formula.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs: Option<IndexMap<String, IndexMap<String, Value>>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageDoc {
    pub stage: Option<String>,
    pub units: Vec<StageUnit>,
    #[serde(default)]
    pub leaders: Vec<LeaderDoc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageUnit {
    pub unit: Value,
    pub cluster: String,
    pub total: String,
    pub points: IndexMap<String, String>,
}

/// A result document of either command.
#[derive(Debug, Clone, PartialEq)]
pub enum Doc {
    Check(CheckDoc),
    Score(ScoreDoc),
}

impl Doc {
    /// Reads a result; `None` when the JSON is neither a check nor a score
    /// result of this version of thidua.
    pub fn read(v: &Value) -> Option<Doc> {
        if v.get("results").is_some() {
            serde_json::from_value(v.clone()).ok().map(Doc::Check)
        } else if v.get("units").is_some() {
            serde_json::from_value(v.clone()).ok().map(Doc::Score)
        } else {
            None
        }
    }
}

/// Pretty JSON with a final newline, as every JSON output ends.
pub fn to_text<T: Serialize>(doc: &T) -> String {
    serde_json::to_string_pretty(doc).unwrap_or_default() + "\n"
}
