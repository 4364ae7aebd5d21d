//! Says in words why a criterion failed: `so_sang_kien = 0, cần ≥ 1`.

use crate::data::Value;
use crate::i18n::Lang;
use crate::script::native::{CmpOp, Shortfall};

fn values(vs: &[Value], lang: Lang) -> String {
    vs.iter().map(|v| v.render(lang)).collect::<Vec<_>>().join(", ")
}

/// The needed side of a comparison: "≥ 1", "khác 0", "≥ ke_hoach (100)".
fn needed(op: CmpOp, other: &Value, other_name: &Option<String>, lang: Lang) -> String {
    let other = match other_name {
        Some(n) => format!("{n} ({})", other.render(lang)),
        None => other.render(lang),
    };
    let op = match op {
        CmpOp::Ne => lang.pick("khác", "other than"),
        op => op.symbol(),
    };
    format!("{op} {other}")
}

pub fn shortfall(s: &Shortfall, lang: Lang) -> String {
    let need = lang.pick("cần", "needs");
    match s {
        Shortfall::Compare { var, actual, op, other, other_name } => {
            format!("{var} = {}, {need} {}", actual.render(lang), needed(*op, other, other_name, lang))
        }
        Shortfall::OneOf { var, actual, allowed } if allowed.len() == 1 => {
            format!("{var} = {}, {need} = {}", actual.render(lang), allowed[0].render(lang))
        }
        Shortfall::OneOf { var, actual, allowed } => format!(
            "{var} = {}, {need} {} {}",
            actual.render(lang),
            lang.pick("một trong:", "one of:"),
            values(allowed, lang)
        ),
        Shortfall::NoneOf { var, actual, refused } => format!(
            "{var} = {}, {need} {} {}",
            actual.render(lang),
            lang.pick("khác:", "none of:"),
            values(refused, lang)
        ),
        Shortfall::Any(alts) => {
            let atoms: Option<Vec<(String, String)>> =
                alts.iter().map(|a| if a.len() == 1 { atom(&a[0], lang) } else { None }).collect();
            match atoms {
                // "a = 0, b = không; cần ít nhất một trong: a ≥ 1, b = có"
                Some(atoms) => {
                    let mut actual: Vec<String> = Vec::new();
                    for (a, _) in &atoms {
                        if !actual.contains(a) {
                            actual.push(a.clone());
                        }
                    }
                    let needs: Vec<&str> = atoms.iter().map(|(_, n)| n.as_str()).collect();
                    format!(
                        "{}; {} {}",
                        actual.join(", "),
                        lang.pick("cần ít nhất một trong:", "needs at least one of:"),
                        needs.join(lang.pick(" hoặc ", " or "))
                    )
                }
                None => {
                    let parts: Vec<String> = alts.iter().map(|a| all(a, lang)).collect();
                    format!(
                        "{} {}",
                        lang.pick("cần ít nhất một trong:", "needs at least one of:"),
                        parts.join(lang.pick(" | hoặc ", " | or "))
                    )
                }
            }
        }
        Shortfall::Holds(expr) => format!("{}: {expr}", lang.pick("điều kiện chưa thỏa", "condition not met")),
    }
}

/// A single comparison split into what is there and what is needed.
fn atom(s: &Shortfall, lang: Lang) -> Option<(String, String)> {
    match s {
        Shortfall::Compare { var, actual, op, other, other_name } => Some((
            format!("{var} = {}", actual.render(lang)),
            format!("{var} {}", needed(*op, other, other_name, lang)),
        )),
        Shortfall::OneOf { var, actual, allowed } => Some((
            format!("{var} = {}", actual.render(lang)),
            format!("{var} {} {}", lang.pick("thuộc", "in"), values(allowed, lang)),
        )),
        _ => None,
    }
}

/// Several shortfalls that must all be fixed.
pub fn all(s: &[Shortfall], lang: Lang) -> String {
    s.iter().map(|x| shortfall(x, lang)).collect::<Vec<_>>().join("; ")
}
