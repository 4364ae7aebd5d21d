//! What a scored leaf reads for one unit: its actual, target and value,
//! and its pass/fail condition, from the unit's cells or the pack's
//! expressions over them. Nearly every leaf reads columns as they are, and
//! takes [`read_cells`]; the rest, and every leaf whose inputs a trace
//! records, take [`read_raw`].

use super::points::Raw;
use crate::compile::CompiledNode;
use crate::data::Value;
use crate::pack::scorecard::EmptyCell;
use crate::script::{NumExpr, ScriptError, Slots};
use rhai::Engine;
use rust_decimal::Decimal;

fn num(x: &Option<NumExpr>, engine: &Engine, slots: &Slots) -> Result<Decimal, ScriptError> {
    match x {
        Some(e) => e.eval(engine, slots, &crate::script::ScriptCtx::default()),
        None => Ok(Decimal::ZERO),
    }
}

/// What a leaf reads for one unit; its named inputs too when `inputs` is given.
pub(super) fn read_raw(
    engine: &Engine,
    c: &CompiledNode,
    slots: &Slots,
    inputs: Option<&mut Vec<(String, Value)>>,
) -> Result<Raw, ScriptError> {
    if let Some(inputs) = inputs {
        for e in [&c.actual, &c.target, &c.value].into_iter().flatten() {
            inputs.extend(e.inputs(slots));
        }
        if let Some(w) = &c.when {
            inputs.extend(w.inputs(slots));
        }
        if let Some(s) = &c.script {
            inputs.extend(s.inputs(slots));
        }
    }
    // An empty cell is 0 only where the pack says so. A column read as it
    // is (nearly every leaf) skips the script machinery.
    let zero_if_empty = c.empty == EmptyCell::Zero;
    let read = |x: &Option<NumExpr>| match x {
        Some(NumExpr::Slot(i, _)) => match slots.get(*i).as_decimal() {
            Some(d) => Ok(d),
            None if zero_if_empty => Ok(Decimal::ZERO),
            None => Err(ScriptError::Empty),
        },
        _ => match num(x, engine, slots) {
            Err(ScriptError::Empty) if zero_if_empty => Ok(Decimal::ZERO),
            r => r,
        },
    };
    let mut raw = Raw { a: read(&c.actual)?, t: read(&c.target)?, v: read(&c.value)?, pass: false };
    if let Some(w) = &c.when {
        raw.pass = w.eval(engine, slots)?;
    }
    Ok(raw)
}

/// What a leaf whose inputs are columns read as they are (nearly every
/// leaf) reads, straight from the cells; `None` when a cell is empty and
/// may not be, or an input is computed: [`read_raw`] then reads it, and
/// says why it cannot.
pub(super) fn read_cells(c: &CompiledNode, slots: &Slots) -> Option<Raw> {
    if c.when.is_some() {
        return None;
    }
    let zero_if_empty = c.empty == EmptyCell::Zero;
    let cell = |x: &Option<NumExpr>| match x {
        None => Some(Decimal::ZERO),
        Some(NumExpr::Slot(i, _)) => slots.get(*i).as_decimal().or(zero_if_empty.then_some(Decimal::ZERO)),
        Some(_) => None,
    };
    Some(Raw { a: cell(&c.actual)?, t: cell(&c.target)?, v: cell(&c.value)?, pass: false })
}
