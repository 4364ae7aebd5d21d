//! Says in words why a criterion failed, with the values that decided it:
//! `Số trẻ em … đang được đến trường: 1, cần ≥ 2`, `2 năm liên tục đạt Chiến
//! sĩ thi đua cơ sở tính đến năm 2024, cần ≥ 3 năm`. Never a rule's source.

use super::words::Words;
use crate::data::Value;
use crate::script::facts::{Fact, MembersNeed};
use crate::script::native::{CmpOp, Finding, Shortfall};
use rust_decimal::Decimal;

fn values(w: &Words, var: &str, vs: &[Value]) -> String {
    vs.iter().map(|v| w.value(var, v)).collect::<Vec<_>>().join(", ")
}

/// The needed side of a comparison: "≥ 1", "khác 0", "có".
fn needed(w: &Words, var: &str, op: CmpOp, other: &Value, unit: &str) -> String {
    let other = w.value(var, other);
    match op {
        CmpOp::Eq => format!("{other}{unit}"),
        CmpOp::Ne => format!("{} {other}{unit}", w.pick("khác", "other than")),
        op => format!("{} {other}{unit}", op.symbol()),
    }
}

pub fn shortfall(s: &Shortfall, w: &Words) -> String {
    let need = w.pick("cần", "needs");
    match s {
        Shortfall::Compare { var, actual, op, other, .. } => {
            format!("{}: {}, {need} {}", w.column(var), w.value(var, actual), needed(w, var, *op, other, ""))
        }
        Shortfall::OneOf { var, actual, allowed } if allowed.len() == 1 => {
            format!("{}: {}, {need} {}", w.column(var), w.value(var, actual), w.value(var, &allowed[0]))
        }
        Shortfall::OneOf { var, actual, allowed } => format!(
            "{}: {}, {need} {} {}",
            w.column(var),
            w.value(var, actual),
            w.pick("một trong:", "one of:"),
            values(w, var, allowed)
        ),
        Shortfall::NoneOf { var, actual, refused } => format!(
            "{}: {}, {need} {} {}",
            w.column(var),
            w.value(var, actual),
            w.pick("khác:", "none of:"),
            values(w, var, refused)
        ),
        Shortfall::Any(alts) => {
            let atoms: Option<Vec<(String, String)>> =
                alts.iter().map(|a| if a.len() == 1 { atom(&a[0], w) } else { None }).collect();
            match atoms {
                // "a: 0, b: không; cần ít nhất một trong: a ≥ 1, b: có"
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
                        actual.join("; "),
                        w.pick("cần ít nhất một trong:", "needs at least one of:"),
                        needs.join(w.pick(" hoặc ", " or "))
                    )
                }
                None => {
                    let parts: Vec<String> = alts.iter().map(|a| all(a, w)).collect();
                    format!(
                        "{} {}",
                        w.pick("cần ít nhất một trong:", "needs at least one of:"),
                        parts.join(w.pick(" | hoặc ", " | or "))
                    )
                }
            }
        }
        Shortfall::Found(found) => found.iter().map(|f| finding(f, w)).collect::<Vec<_>>().join("; "),
        Shortfall::Holds(_) => w.pick("điều kiện chưa thỏa", "condition not met").to_string(),
    }
}

/// A single comparison split into what is there and what is needed.
fn atom(s: &Shortfall, w: &Words) -> Option<(String, String)> {
    match s {
        Shortfall::Compare { var, actual, op, other, .. } => Some((
            format!("{}: {}", w.column(var), w.value(var, actual)),
            match op {
                CmpOp::Eq => format!("{}: {}", w.column(var), w.value(var, other)),
                _ => format!("{} {}", w.column(var), needed(w, var, *op, other, "")),
            },
        )),
        Shortfall::OneOf { var, actual, allowed } => Some((
            format!("{}: {}", w.column(var), w.value(var, actual)),
            match allowed.as_slice() {
                [one] => format!("{}: {}", w.column(var), w.value(var, one)),
                _ => format!("{} {} {}", w.column(var), w.pick("thuộc", "in"), values(w, var, allowed)),
            },
        )),
        _ => None,
    }
}

/// Several shortfalls that must all be fixed.
pub fn all(s: &[Shortfall], w: &Words) -> String {
    s.iter().map(|x| shortfall(x, w)).collect::<Vec<_>>().join("; ")
}

/// Whether any shortfall could say nothing but "not met" (its inputs are
/// worth showing then).
pub fn needs_inputs(s: &[Shortfall]) -> bool {
    s.iter().any(|x| matches!(x, Shortfall::Holds(_)))
}

/// What a helper found, and what its comparison needed.
fn finding(f: &Finding, w: &Words) -> String {
    let mut s = fact(&f.fact, w);
    if let Some((op, other, met)) = &f.need {
        let unit = unit(&f.fact, w);
        let need = match (&f.fact, op) {
            // A register's fact compared with a value: that value's word.
            (Fact::Value { column, .. }, CmpOp::Eq) => w.history_value(column, other),
            (Fact::Value { column, .. }, CmpOp::Ne) => {
                format!("{} {}", w.pick("khác", "other than"), w.history_value(column, other))
            }
            (Fact::Collective { column, .. }, CmpOp::Eq) => w.collective_value(column, other),
            (Fact::Collective { column, .. }, CmpOp::Ne) => {
                format!("{} {}", w.pick("khác", "other than"), w.collective_value(column, other))
            }
            _ => needed(w, "", *op, other, unit),
        };
        s += &if *met {
            format!(" ({}, {} {need})", w.pick("đạt", "met"), w.pick("cần", "needs"))
        } else {
            format!(", {} {need}", w.pick("cần", "needs"))
        };
    }
    s
}

fn unit(f: &Fact, w: &Words) -> &'static str {
    match f {
        Fact::MemberShare { .. } | Fact::Percent { .. } | Fact::MembersWith { share: true, .. } => " %",
        Fact::Streak { .. } => w.pick(" năm", " years"),
        Fact::Count { .. } | Fact::CountInStreak { .. } => w.pick(" lần", " times"),
        Fact::Months { .. } => w.pick(" tháng", " months"),
        Fact::Days { .. } => w.pick(" ngày", " days"),
        _ => "",
    }
}

/// A span of years as people write it.
fn years(from: i64, to: i64, w: &Words) -> String {
    match from.cmp(&to) {
        std::cmp::Ordering::Greater => w.pick("(không có năm nào để tính)", "(no year to count)").to_string(),
        std::cmp::Ordering::Equal => format!("{} {to}", w.pick("trong năm", "in")),
        // A span from the first years of the calendar means "ever".
        _ if from <= 1900 => format!("{} {to}", w.pick("tính đến năm", "up to")),
        _ => format!("{} {from}–{to}", w.pick("trong các năm", "in")),
    }
}

fn int(n: i64, w: &Words) -> String {
    w.number(Decimal::from(n))
}

/// A percentage that is exact at three places, else cut (never rounded up
/// across a threshold) and marked as continuing: `69,995… %`.
fn percent(eligible: i64, total: i64, w: &Words) -> String {
    cut(crate::script::facts::share(eligible, total), w)
}

fn cut(p: Decimal, w: &Words) -> String {
    crate::i18n::number_cut(p, w.lang)
}

/// One fact in words.
pub fn fact(f: &Fact, w: &Words) -> String {
    history_fact(f, w).unwrap_or_else(|| member_or_date_fact(f, w))
}

/// A fact of the history (streaks, counts, sums, a year's value).
fn history_fact(f: &Fact, w: &Words) -> Option<String> {
    let vi = w.lang == crate::i18n::Lang::Vi;
    Some(match f {
        Fact::Streak { titles, end, years } => match vi {
            true => format!("{years} năm liên tục đạt {} tính đến năm {end}", w.titles(titles)),
            false => format!("{years} consecutive years of {} up to {end}", w.titles(titles)),
        },
        Fact::Had { titles, year, had } => match (vi, had) {
            (true, true) => format!("năm {year} có {}", w.titles(titles)),
            (true, false) => format!("năm {year} không có {}", w.titles(titles)),
            (false, true) => format!("{} in {year}", w.titles(titles)),
            (false, false) => format!("no {} in {year}", w.titles(titles)),
        },
        Fact::Count { titles, from, to, times } => match vi {
            true => format!("{} lần đạt {} {}", int(*times, w), w.titles(titles), years(*from, *to, w)),
            false => format!("{} times {} {}", int(*times, w), w.titles(titles), years(*from, *to, w)),
        },
        Fact::CountInStreak { titles, streak, end, years: 0, .. } => match vi {
            true => format!(
                "không có chuỗi năm liên tục đạt {} đến năm {end}, nên 0 lần đạt {}",
                w.titles(streak),
                w.titles(titles)
            ),
            false => format!("no run of {} up to {end}, so 0 times {}", w.titles(streak), w.titles(titles)),
        },
        Fact::CountInStreak { titles, streak, end, years, times } => {
            let span = if *years == 1 { end.to_string() } else { format!("{}–{end}", end - years + 1) };
            match vi {
                true => format!(
                    "{} lần đạt {} trong {years} năm liên tục đạt {} ({span})",
                    int(*times, w),
                    w.titles(titles),
                    w.titles(streak)
                ),
                false => format!(
                    "{} times {} within {years} consecutive years of {} ({span})",
                    int(*times, w),
                    w.titles(titles),
                    w.titles(streak)
                ),
            }
        }
        Fact::Sum { column, from, to, total } => {
            format!("{}: {} {}", w.history_column(column), w.number(total.normalize()), years(*from, *to, w))
        }
        Fact::Unused { column, from, to, total, used } => match vi {
            true => format!(
                "{}: {} {}, đã dùng cho danh hiệu khác {}, còn {}",
                w.history_column(column),
                w.number(total.normalize()),
                years(*from, *to, w),
                w.number(used.normalize()),
                w.number((*total - *used).normalize())
            ),
            false => format!(
                "{}: {} {}, already used for another title {}, {} left",
                w.history_column(column),
                w.number(total.normalize()),
                years(*from, *to, w),
                w.number(used.normalize()),
                w.number((*total - *used).normalize())
            ),
        },
        Fact::Members { award, eligible, total, need } => {
            let mut s = match vi {
                true => format!("{}/{} thành viên đạt {}", int(*eligible, w), int(*total, w), w.title(award)),
                false => format!("{}/{} members meet {}", int(*eligible, w), int(*total, w), w.title(award)),
            };
            match need {
                MembersNeed::All => s += w.pick(", cần tất cả", ", needs all"),
                MembersNeed::Any => s += w.pick(", cần ít nhất 1", ", needs at least 1"),
                MembersNeed::Count => {}
            }
            s
        }
        Fact::Value { column, year, value } => {
            let v = match value {
                Some(v) => w.history_value(column, v),
                None => w.pick("(không có)", "(none)").to_string(),
            };
            format!("{} {} {year}: {v}", w.history_column(column), w.pick("năm", "in"))
        }
        Fact::Collective { column, value } => {
            let v = match value {
                Some(v) => w.collective_value(column, v),
                None => w.pick("(không có)", "(none)").to_string(),
            };
            format!("{} — {}: {v}", w.pick("Tập thể", "Collective"), w.collective_column(column))
        }
        _ => return None,
    })
}

/// A fact of the members, a share, or a span of dates.
fn member_or_date_fact(f: &Fact, w: &Words) -> String {
    let vi = w.lang == crate::i18n::Lang::Vi;
    match f {
        Fact::Percent { part, whole } => match f.number() {
            Some(p) => format!("{} % ({}/{})", cut(p, w), w.number(part.normalize()), w.number(whole.normalize())),
            None => format!("{}/{}", w.number(part.normalize()), w.number(whole.normalize())),
        },
        Fact::MemberShare { award, total: 0, .. } => match vi {
            true => format!("không có thành viên nào, nên không có tỷ lệ thành viên đạt {} (0/0)", w.title(award)),
            false => format!("no members, so no share of members meeting {} (0/0)", w.title(award)),
        },
        Fact::MembersWith { column, total: 0, share: true, .. } => match vi {
            true => {
                format!("không có thành viên nào, nên không có tỷ lệ thành viên có {} (0/0)", w.member_column(column))
            }
            false => format!("no members, so no share of members with {} (0/0)", w.member_column(column)),
        },
        Fact::MemberShare { award, eligible, total } => match vi {
            true => format!(
                "{} % thành viên đạt {} ({}/{})",
                percent(*eligible, *total, w),
                w.title(award),
                int(*eligible, w),
                int(*total, w)
            ),
            false => format!(
                "{} % of members meet {} ({}/{})",
                percent(*eligible, *total, w),
                w.title(award),
                int(*eligible, w),
                int(*total, w)
            ),
        },
        Fact::MembersWith { column, value, count, total, share } => {
            let what = if value.is_empty() {
                w.member_column(column)
            } else {
                let or = if vi { " hoặc " } else { " or " };
                let each: Vec<String> = value.iter().map(|v| w.member_value(column, v)).collect();
                format!("{}: {}", w.member_column(column), each.join(or))
            };
            match (share, vi) {
                (true, true) => format!(
                    "{} % thành viên có {what} ({}/{})",
                    cut(crate::script::facts::share(*count, *total), w),
                    int(*count, w),
                    int(*total, w)
                ),
                (true, false) => format!(
                    "{} % of members with {what} ({}/{})",
                    cut(crate::script::facts::share(*count, *total), w),
                    int(*count, w),
                    int(*total, w)
                ),
                (false, true) => format!("{}/{} thành viên có {what}", int(*count, w), int(*total, w)),
                (false, false) => format!("{}/{} members with {what}", int(*count, w), int(*total, w)),
            }
        }
        Fact::MembersSum { column, total } => {
            format!(
                "{} {}: {}",
                w.member_column(column),
                w.pick("của các thành viên cộng lại", "over the members"),
                w.number(total.normalize())
            )
        }
        Fact::MemberCount { total } => format!("{} {}", int(*total, w), w.pick("thành viên", "members")),
        // A start after the end is no negative count: said as it is.
        Fact::Months { from, to, months } if *months < 0 => later(from, to, w),
        Fact::Days { from, to, days } if *days < 0 => later(from, to, w),
        Fact::Months { from, to, months } => format!(
            "{months} {} {} {} {} {}",
            w.pick("tháng", "months"),
            w.pick("từ", "from"),
            from.format("%d/%m/%Y"),
            w.pick("đến", "to"),
            to.format("%d/%m/%Y")
        ),
        Fact::Days { from, to, days } => format!(
            "{days} {} {} {} {} {}",
            w.pick("ngày", "days"),
            w.pick("từ", "from"),
            from.format("%d/%m/%Y"),
            w.pick("đến", "to"),
            to.format("%d/%m/%Y")
        ),
        // Said by `history_fact`; named so that a new kind must be said somewhere.
        Fact::Streak { .. }
        | Fact::Had { .. }
        | Fact::Count { .. }
        | Fact::CountInStreak { .. }
        | Fact::Sum { .. }
        | Fact::Unused { .. }
        | Fact::Members { .. }
        | Fact::Value { .. }
        | Fact::Collective { .. } => String::new(),
    }
}

/// A computed value as JSON (docs/json.md, `computed`): what it is, its
/// parts as codes and machine numbers, the comparison the rule made, and
/// the same in words.
pub fn computed_json(f: &Finding, w: &Words) -> serde_json::Value {
    use serde_json::{json, Value as J};
    let d = |x: &Decimal| J::String(x.normalize().to_string());
    let (kind, mut fields) = match &f.fact {
        Fact::Streak { titles, end, years } => ("streak", json!({ "titles": titles, "end": end, "years": years })),
        Fact::Had { titles, year, had } => ("had", json!({ "titles": titles, "year": year, "had": had })),
        Fact::Count { titles, from, to, times } => {
            ("count", json!({ "titles": titles, "from": from, "to": to, "times": times }))
        }
        Fact::CountInStreak { titles, streak, end, years, times } => (
            "count_in_streak",
            json!({ "titles": titles, "streak": streak, "end": end, "years": years, "times": times }),
        ),
        Fact::Sum { column, from, to, total } => {
            ("sum", json!({ "column": column, "from": from, "to": to, "total": d(total) }))
        }
        Fact::Unused { column, from, to, total, used } => {
            ("unused", json!({ "column": column, "from": from, "to": to, "total": d(total), "used": d(used) }))
        }
        Fact::Members { award, eligible, total, .. } => {
            ("members", json!({ "award": award, "eligible": eligible, "total": total }))
        }
        Fact::MemberShare { award, eligible, total } => (
            "member_share",
            json!({ "award": award, "eligible": eligible, "total": total,
                    "percent": (*total > 0).then(|| d(&crate::script::facts::share(*eligible, *total))) }),
        ),
        Fact::MembersWith { column, value, count, total, share } => (
            "members_with",
            json!({ "column": column,
                    "value": match value.as_slice() { [] => json!(null), [one] => json!(one), many => json!(many) },
                    "count": count, "total": total,
                    "percent": (*share && *total > 0).then(|| d(&crate::script::facts::share(*count, *total))) }),
        ),
        Fact::MembersSum { column, total } => ("members_sum", json!({ "column": column, "total": d(total) })),
        Fact::MemberCount { total } => ("member_count", json!({ "total": total })),
        Fact::Value { column, year, value } => (
            "value",
            json!({ "column": column, "year": year, "value": value.as_ref().map(crate::data::Value::to_json) }),
        ),
        Fact::Collective { column, value } => {
            ("collective", json!({ "column": column, "value": value.as_ref().map(crate::data::Value::to_json) }))
        }
        Fact::Percent { part, whole } => {
            ("percent", json!({ "part": d(part), "whole": d(whole), "percent": f.fact.number().map(|p| d(&p)) }))
        }
        Fact::Months { from, to, months } => {
            ("months", json!({ "from": from.to_string(), "to": to.to_string(), "months": months }))
        }
        Fact::Days { from, to, days } => {
            ("days", json!({ "from": from.to_string(), "to": to.to_string(), "days": days }))
        }
    };
    let (need, met) = match &f.need {
        Some((op, other, met)) => {
            // Numbers as decimal strings, whether the rule wrote 6 or 6.0.
            let value = other.as_decimal().map(|x| d(&x)).unwrap_or_else(|| other.to_json());
            (json!({ "op": op.symbol(), "value": value }), Some(*met))
        }
        None => (J::Null, None),
    };
    let mut out = serde_json::Map::new();
    out.insert("kind".into(), J::String(kind.into()));
    if let J::Object(m) = &mut fields {
        out.append(m);
    }
    out.insert("need".into(), need);
    out.insert("met".into(), met.map(J::Bool).unwrap_or(J::Null));
    out.insert("text".into(), J::String(finding(f, w)));
    J::Object(out)
}

/// "ngày 01/03/2025 là sau ngày 31/12/2024": a period that has not begun.
fn later(from: &chrono::NaiveDate, to: &chrono::NaiveDate, w: &Words) -> String {
    format!(
        "{} {} {} {} ({})",
        w.pick("ngày", "the date"),
        from.format("%d/%m/%Y"),
        w.pick("là sau ngày", "is after"),
        to.format("%d/%m/%Y"),
        w.pick("chưa bắt đầu tính", "the period has not begun")
    )
}
