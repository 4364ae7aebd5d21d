//! Turns a loaded [`Pack`] into a [`CompiledPack`]: one sandboxed engine, and
//! every condition compiled once. Compile errors are pack errors, located at
//! the condition in its YAML (or `.rhai`) file.

use crate::location::Location;
use crate::pack::err::Thing;
use crate::pack::{Pack, PackError, PackErrorKind as K};
use crate::script::native::BuildIssue;
use crate::script::{new_engine, CompileError, Condition, Layout, ScriptLimits};
use indexmap::IndexMap;
use rhai::Engine;

pub struct CompiledCriterion {
    pub condition: Condition,
    pub applies_when: Option<Condition>,
}

pub struct CompiledAward {
    pub applies_when: Option<Condition>,
    pub criteria: Vec<CompiledCriterion>,
}

pub struct CompiledPack {
    pub pack: Pack,
    pub engine: Engine,
    /// Variable layout per dataset id.
    pub layouts: IndexMap<String, Layout>,
    /// Parallel to `pack.awards`.
    pub awards: Vec<CompiledAward>,
    /// Indices into `pack.awards`, required awards first.
    pub order: Vec<usize>,
}

fn to_pack_error(loc: &Location, e: CompileError) -> PackError {
    let kind = match e {
        CompileError::Syntax { message, line, column } => K::Script { message, line, column },
        CompileError::UndefinedVariable { name, suggestion, .. } => K::Unknown { what: Thing::Variable, name, suggestion },
        CompileError::Native(BuildIssue::NotAnEnumValue { column, value, allowed }) => {
            K::NotAnEnumValue { column, value, allowed }
        }
    };
    PackError::new(loc.clone(), kind)
}

pub fn compile(pack: Pack, limits: &ScriptLimits) -> Result<CompiledPack, Vec<PackError>> {
    let engine = new_engine(limits);
    let layouts: IndexMap<String, Layout> = pack
        .datasets
        .iter()
        .map(|(id, ds)| (id.clone(), Layout::new(ds, &pack.parameters)))
        .collect();
    let mut errs = Vec::new();
    let one = |src: &Option<String>, loc: &Location, layout: &Layout, errs: &mut Vec<PackError>| {
        src.as_ref().and_then(|s| match Condition::compile(&engine, s, layout) {
            Ok(c) => Some(c),
            Err(es) => {
                errs.extend(es.into_iter().map(|e| to_pack_error(loc, e)));
                None
            }
        })
    };
    let mut awards = Vec::new();
    for a in &pack.awards {
        let Some(layout) = layouts.get(&a.dataset_id) else {
            continue;
        };
        let applies_when = one(&a.applies_when, &a.applies_when_loc, layout, &mut errs);
        let mut criteria = Vec::new();
        for c in &a.criteria {
            let cond = one(&Some(c.condition.clone()), &c.condition_loc, layout, &mut errs);
            let aw = one(&c.applies_when, &c.applies_when_loc, layout, &mut errs);
            if let Some(condition) = cond {
                criteria.push(CompiledCriterion { condition, applies_when: aw });
            }
        }
        awards.push(CompiledAward { applies_when, criteria });
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let order = crate::pack::load::evaluation_order(&pack);
    Ok(CompiledPack { pack, engine, layouts, awards, order })
}
