//! The pack format as a JSON Schema (`thidua schema`), for editors that
//! complete keys and flag mistakes while an author types. Derived from the
//! same types the loader reads; the few read by hand are described here.
//! The loader stays the judge: the schema helps, it does not decide.

use super::column::ColumnFull;
use super::model::{Award, Parameter, ReportSettings};
use super::scorecard::Scorecard;
use super::{Dataset, Period};
use indexmap::IndexMap;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;

/// Any file of a pack: `pack.yaml` holds the header, every file may hold
/// parameters, datasets, awards and scorecards. The loader's `RawFile` keeps
/// its sections raw (each item fails on its own); this is the same file typed.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "thidua rule pack file")]
#[allow(dead_code)]
struct PackFile {
    id: Option<String>,
    title: Option<String>,
    title_en: Option<String>,
    version: Option<String>,
    issuer: Option<String>,
    description: Option<String>,
    legal_basis: Option<Vec<String>>,
    effective: Option<Period>,
    as_of: Option<Day>,
    parameters: Option<IndexMap<String, Parameter>>,
    datasets: Option<IndexMap<String, Dataset>>,
    awards: Option<Vec<Award>>,
    scorecards: Option<Vec<Scorecard>>,
    report: Option<ReportSettings>,
}

/// The schema, as JSON text. The types' doc comments are for developers,
/// in English; an author's editor would show them as hints, so they are
/// left out: the keys, their kinds and their choices are what helps.
pub fn pack_schema() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(PackFile)).unwrap_or_default();
    drop_descriptions(&mut schema);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

fn drop_descriptions(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            // A keyword's text; a key `description` of a pack item (under
            // `properties`) has a schema for its value, and stays.
            if m.get("description").is_some_and(serde_json::Value::is_string) {
                m.shift_remove("description");
            }
            m.values_mut().for_each(drop_descriptions);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(drop_descriptions),
        _ => {}
    }
}

/// A day: `2024-12-31` or `31/12/2024`.
pub struct Day;

impl JsonSchema for Day {
    fn schema_name() -> Cow<'static, str> {
        "Day".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "description": "A day: 2024-12-31 or 31/12/2024",
                       "pattern": "^(\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{4})$" })
    }
}

impl JsonSchema for super::num::Num {
    fn schema_name() -> Cow<'static, str> {
        "Number".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "description": "A number (10, 0.5, \"0.5\") or the name of a numeric parameter",
                       "anyOf": [{ "type": "number" }, { "type": "string" }] })
    }
}

impl JsonSchema for super::scorecard::ExprText {
    fn schema_name() -> Cow<'static, str> {
        "Expression".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "description": "A column, a parameter, a number or a Rhai expression",
                       "anyOf": [{ "type": "number" }, { "type": "string" }] })
    }
}

impl JsonSchema for super::scorecard::TieBreak {
    fn schema_name() -> Cow<'static, str> {
        "TieBreak".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "description": "`key`, a criterion or group id, or { column, order }",
                       "anyOf": [{ "type": "string" },
                                 { "type": "object", "additionalProperties": false, "required": ["column"],
                                   "properties": { "column": { "type": "string" },
                                                   "order": { "enum": ["asc", "desc"] } } }] })
    }
}

impl JsonSchema for super::column::Column {
    fn schema_name() -> Cow<'static, str> {
        "Column".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let full = g.subschema_for::<ColumnFull>();
        let ty = g.subschema_for::<super::ColumnType>();
        json_schema!({ "description": "A column: its type alone (`text`), or a map with `type`",
                       "anyOf": [ty, full] })
    }
}

impl JsonSchema for super::model::TitleColumns {
    fn schema_name() -> Cow<'static, str> {
        "TitleColumns".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "description": "A title column, or a list of them",
                       "anyOf": [{ "type": "string" }, { "type": "array", "items": { "type": "string" } }] })
    }
}

impl JsonSchema for super::model::ParamValue {
    fn schema_name() -> Cow<'static, str> {
        "ParameterValue".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "description": "A number, a text, true/false or a day",
                       "type": ["number", "string", "boolean"] })
    }
}

impl JsonSchema for super::model::Quotas {
    fn schema_name() -> Cow<'static, str> {
        "Quotas".into()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        let one = g.subschema_for::<super::model::AwardQuota>();
        json_schema!({ "description": "A quota, or a list of quotas each with `effective`",
                       "anyOf": [one.clone(), { "type": "array", "items": one }] })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_schema_is_json_with_every_section() {
        let v: serde_json::Value = serde_json::from_str(&super::pack_schema()).unwrap();
        for k in ["datasets", "awards", "scorecards", "parameters", "effective"] {
            assert!(v["properties"].get(k).is_some(), "{k}");
        }
    }
}
