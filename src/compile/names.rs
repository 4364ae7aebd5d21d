//! Names a rule passes as text, resolved when the pack loads: history
//! titles and columns, members' awards and columns, the collective's columns,
//! cluster statistics and choices; and comparisons that can never mean what
//! they say. Each unknown or meaningless one is a pack error at its place.

use super::inside;
use crate::location::Location;
use crate::pack::err::Thing;
use crate::pack::{Pack, PackError, PackErrorKind as K};
use crate::script::native::Kind;
use crate::script::Layout;

/// Methods of `lich_su`, with what each argument that names something names.
pub const HISTORY_METHODS: &[(&str, &[HistoryArg])] = {
    use HistoryArg::{AnyColumn as A, Column as C, Other as O, Title as T};
    &[
        ("so_nam_lien_tuc", &[T]),
        ("streak", &[T]),
        ("so_nam_lien_tuc_den", &[T, O]),
        ("streak_until", &[T, O]),
        ("co_danh_hieu", &[T, O]),
        ("had_title", &[T, O]),
        ("so_lan", &[T, O, O]),
        ("count_titles", &[T, O, O]),
        ("so_lan_trong", &[T, O, O]),
        ("count_within", &[T, O, O]),
        ("so_lan_trong_chuoi", &[T, T, O]),
        ("count_in_streak", &[T, T, O]),
        ("tong", &[C, O, O]),
        ("sum_of", &[C, O, O]),
        ("chua_dung", &[C, C, O, O]),
        ("unused", &[C, C, O, O]),
        ("gia_tri", &[A, O]),
        ("value_in", &[A, O]),
    ]
};

/// What an argument of a `lich_su` method names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryArg {
    /// A title (or a list of titles) of the history.
    Title,
    /// A numeric column of the history.
    Column,
    /// Any column of the history.
    AnyColumn,
    /// A year or a count.
    Other,
}

/// What argument `arg` of history method `method` names, when it is one.
pub fn history_arg(method: &str, arg: usize) -> Option<HistoryArg> {
    HISTORY_METHODS
        .iter()
        .find(|(m, _)| *m == method)
        .map(|(_, args)| args.get(arg).copied().unwrap_or(HistoryArg::Other))
}

/// Methods of `thanh_vien` whose first argument is an award of the members.
pub const MEMBER_AWARD_METHODS: &[&str] = &[
    "so_dat",
    "count_eligible",
    "ty_le_dat",
    "percent_eligible",
    "tat_ca_dat",
    "all_eligible",
    "co_nguoi_dat",
    "any_eligible",
];
/// Methods of `thanh_vien` without arguments.
const MEMBER_COUNT_METHODS: &[&str] = &["so_nguoi", "count"];
/// Methods of `thanh_vien` whose first argument is a column of the members
/// (yes/no or choice; numeric for `tong`), the second a value of it.
pub const MEMBER_COLUMN_METHODS: &[&str] = &["so_co", "count_with", "ty_le_co", "percent_with", "tong", "sum_of"];

/// The titles rules may look up in history dataset `h`: the values of an
/// enum title column, else the pack's award ids.
pub fn history_titles<'p>(pack: &'p Pack, h: &'p crate::pack::Dataset) -> Vec<&'p str> {
    let Some(spec) = h.history.as_ref() else {
        return Vec::new();
    };
    // The values of enum title columns; a text title column holds award ids.
    let mut out: Vec<&str> = Vec::new();
    for c in spec.title_columns().iter().filter_map(|c| h.columns.get(c)) {
        if c.ty == crate::pack::ColumnType::Enum {
            out.extend(c.values.iter().map(String::as_str));
        } else {
            out.extend(pack.awards.iter().map(|a| a.id.as_str()));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The name a call at `method_at` passes first: the column whose value a
/// member helper's second argument is.
fn first_argument(uses: &[crate::script::names::NameUse], method_at: (usize, usize)) -> Option<&str> {
    use crate::script::names::NameKind;
    uses.iter().find_map(|o| match &o.kind {
        NameKind::Call { arg: 0, method_line: l, method_column: c, .. } if (*l, *c) == method_at => o.name.as_deref(),
        _ => None,
    })
}

/// Resolves every name a condition on dataset `ds_id` passes as text (see
/// [`crate::script::names`]): history titles and columns, members' awards,
/// cluster statistics, enum values. Each unknown one is a pack error at its
/// place, with the nearest known name.
pub(super) fn resolve_names(
    pack: &Pack,
    layout: &Layout,
    ds_id: &str,
    src: &str,
    loc: &Location,
    errs: &mut Vec<PackError>,
) {
    use crate::pack::ColumnType;
    use crate::script::names::{name_uses, NameKind};
    let Some(ds) = pack.datasets.get(ds_id) else { return };
    let enums: Vec<&str> =
        ds.columns.iter().filter(|(_, c)| c.ty == ColumnType::Enum).map(|(n, _)| n.as_str()).collect();
    let histories: Vec<&crate::pack::Dataset> = pack.histories_of(ds_id).collect();
    let history_vars: Vec<&str> = histories.iter().filter_map(|h| h.history.as_ref().map(|s| s.var())).collect();
    let member_awards: Vec<&str> = ds
        .members
        .as_ref()
        .map(|m| pack.awards.iter().filter(|a| a.dataset_id == m.dataset).map(|a| a.id.as_str()).collect())
        .unwrap_or_default();
    check_comparisons(layout, ds, src, loc, errs);
    let collectives: Vec<&crate::pack::Dataset> = pack.collectives_of(ds_id).collect();
    let mut readers: Vec<(&str, &crate::pack::Dataset)> =
        histories.iter().map(|h| (h.history.as_ref().map_or("", |s| s.var()), *h)).collect();
    if let [c] = collectives.as_slice() {
        readers.push((crate::script::collective::VAR, c));
    }
    check_literals(&readers, src, loc, errs);
    let mut receivers = history_vars.clone();
    receivers.extend(collectives.first().map(|_| crate::script::collective::VAR));
    let uses = name_uses(src, &enums, &receivers);
    let members_ds = ds.members.as_ref().and_then(|m| pack.datasets.get(&m.dataset));
    for u in &uses {
        let at = inside(loc, u.line, u.column);
        // A method is placed at its own name, anything else at the name used.
        let method_at = match &u.kind {
            NameKind::Call { method_line, method_column, .. } => inside(loc, *method_line, *method_column),
            _ => at.clone(),
        };
        // A members' dataset or award that could not be read is reported
        // once, where it is declared.
        let unreadable = |name: &str| {
            (ds.members.is_some() && members_ds.is_none())
                || pack.unreadable.iter().any(|(w, n)| *w == Thing::Award && n == name)
        };
        let mut unknown = |what: Thing, name: &str, known: &[&str]| {
            if what == Thing::MemberAward && unreadable(name) {
                return;
            }
            if !known.contains(&name) {
                let suggestion = crate::ground::names::suggest(name, known.iter().copied());
                let at = if what == Thing::Method { method_at.clone() } else { at.clone() };
                errs.push(PackError::new(at, K::Unknown { what, name: name.to_string(), suggestion }));
            }
        };
        match (&u.kind, u.name.as_deref()) {
            (NameKind::Call { recv, method, arg, .. }, name) if recv == crate::script::collective::VAR => {
                errs.extend(collective_call(ds_id, &collectives, (method, *arg, name), &at, &method_at))
            }
            (NameKind::Call { recv, method, arg, .. }, name) if recv != "thanh_vien" => {
                let history = pack.history_named(ds_id, recv);
                let known = match (history_arg(method, *arg), history) {
                    (Some(HistoryArg::Title), Some(h)) => Some((Thing::HistoryTitle, history_titles(pack, h))),
                    (Some(HistoryArg::Column), Some(h)) => Some((Thing::HistoryColumn, numeric(h))),
                    (Some(HistoryArg::AnyColumn), Some(h)) => {
                        Some((Thing::HistoryColumn, h.columns.keys().map(String::as_str).collect()))
                    }
                    (None, _) if *arg == 0 => Some((Thing::Method, HISTORY_METHODS.iter().map(|(m, _)| *m).collect())),
                    _ => None,
                };
                match (known, name) {
                    (Some((Thing::Method, all)), _) => unknown(Thing::Method, method, &all),
                    (Some((what, all)), Some(n)) => unknown(what, n, &all),
                    _ => {}
                }
            }
            (NameKind::Call { method, arg, method_line, method_column, .. }, name) => {
                if MEMBER_AWARD_METHODS.contains(&method.as_str()) {
                    if let (Some(n), 0) = (name, arg) {
                        unknown(Thing::MemberAward, n, &member_awards);
                    }
                } else if MEMBER_COLUMN_METHODS.contains(&method.as_str()) {
                    let Some(mds) = members_ds else { continue };
                    let numeric = matches!(method.as_str(), "tong" | "sum_of");
                    match (arg, name) {
                        (0, Some(n)) => {
                            let fits: Vec<&str> = mds
                                .columns
                                .iter()
                                .filter(|(_, c)| match numeric {
                                    true => matches!(c.ty, ColumnType::Int | ColumnType::Decimal),
                                    false => matches!(c.ty, ColumnType::Bool | ColumnType::Enum),
                                })
                                .map(|(k, _)| k.as_str())
                                .collect();
                            unknown(Thing::Column, n, &fits);
                        }
                        (1, Some(v)) => {
                            let column = first_argument(&uses, (*method_line, *method_column));
                            errs.extend(choice_problem(mds, column, v, &at));
                        }
                        _ => {}
                    }
                } else if *arg == 0 {
                    let all = [MEMBER_AWARD_METHODS, MEMBER_COUNT_METHODS, MEMBER_COLUMN_METHODS].concat();
                    unknown(Thing::Method, method, &all);
                }
            }
            (NameKind::ClusterStat { stat }, name) => match (stat.as_str(), name) {
                ("max" | "min" | "sum", Some(n)) => unknown(Thing::ClusterColumn, n, &numeric(ds)),
                ("max" | "min" | "sum" | "count", _) => {}
                (other, _) => unknown(Thing::Method, other, &["max", "min", "sum", "count"]),
            },
            (NameKind::EnumValue { column }, Some(v)) => errs.extend(choice_problem(ds, Some(column), v, &at)),
            (NameKind::EnumValue { .. }, None) => {}
        }
    }
}

/// A call on `tap_the`: `gia_tri` of a column of the one collective whose
/// members the subjects are.
fn collective_call(
    ds_id: &str,
    collectives: &[&crate::pack::Dataset],
    (method, arg, name): (&str, usize, Option<&str>),
    at: &Location,
    method_at: &Location,
) -> Option<PackError> {
    let unknown = |what: Thing, name: &str, known: Vec<&str>, at: &Location| {
        let suggestion = crate::ground::names::suggest(name, known.iter().copied());
        (!known.contains(&name))
            .then(|| PackError::new(at.clone(), K::Unknown { what, name: name.to_string(), suggestion }))
    };
    match (collectives, method, arg, name) {
        ([c], "gia_tri" | "value_of", 0, Some(n)) => {
            unknown(Thing::Column, n, c.columns.keys().map(String::as_str).collect(), at)
        }
        ([_], "gia_tri" | "value_of", ..) => None,
        ([_], m, 0, _) => unknown(Thing::Method, m, vec!["gia_tri", "value_of"], method_at),
        ([_, ..], _, 0, _) => Some(PackError::new(
            at.clone(),
            K::MembersOfSeveral {
                dataset: ds_id.to_string(),
                collectives: collectives.iter().map(|c| c.id.clone()).collect(),
            },
        )),
        _ => None,
    }
}

/// A dataset's numeric columns.
fn numeric(d: &crate::pack::Dataset) -> Vec<&str> {
    use crate::pack::ColumnType;
    d.columns
        .iter()
        .filter(|(_, c)| matches!(c.ty, ColumnType::Int | ColumnType::Decimal))
        .map(|(n, _)| n.as_str())
        .collect()
}

/// Literals a rule cannot mean: a register's or the collective's choice
/// (`readers`: each by the name rules read it by) compared with text the
/// column never holds, and a number past what a decimal keeps exactly.
fn check_literals(readers: &[(&str, &crate::pack::Dataset)], src: &str, loc: &Location, errs: &mut Vec<PackError>) {
    use crate::pack::ColumnType;
    // A register's or the collective's choice compared with text the column
    // never holds.
    for n in crate::script::names::call_needs(src) {
        let (crate::script::names::Side::Text(v), Some(col)) = (&n.other, &n.first) else { continue };
        if !matches!(n.name.as_str(), "gia_tri" | "value_in" | "value_of") {
            continue;
        }
        let Some((_, d)) = readers.iter().find(|(r, _)| n.recv.as_deref() == Some(*r)) else { continue };
        let unordered = d.columns.get(col).is_some_and(|c| c.ty == ColumnType::Enum && c.ordered.is_none());
        if unordered && matches!(n.op, "<" | "<=" | ">" | ">=") {
            errs.push(PackError::new(
                inside(loc, n.line, n.column),
                K::UnorderedChoice { column: col.clone(), op: n.op },
            ));
        }
        if let Some(c) = d.columns.get(col).filter(|c| c.ty == ColumnType::Enum && !c.values.contains(v)) {
            errs.push(PackError::new(
                inside(loc, n.line, n.column),
                K::NotAnEnumValue { column: col.clone(), value: v.clone(), allowed: c.values.clone() },
            ));
        }
    }
    for (text, line, column) in crate::script::names::inexact_numbers(src) {
        errs.push(PackError::new(inside(loc, line, column), K::InexactNumber(text)));
    }
}

/// A choice column (the subject's or its members') compared with a value
/// it never holds.
fn choice_problem(mds: &crate::pack::Dataset, column: Option<&str>, v: &str, at: &Location) -> Option<PackError> {
    let (name, col) = column.and_then(|c| mds.columns.get(c).map(|x| (c, x)))?;
    (col.ty == crate::pack::ColumnType::Enum && !col.values.iter().any(|x| x == v)).then(|| {
        PackError::new(
            at.clone(),
            K::NotAnEnumValue { column: name.to_string(), value: v.to_string(), allowed: col.values.clone() },
        )
    })
}

/// Refuses comparisons that can never hold because their sides are of
/// different types (`ok == "có"` on a yes/no column, `a == "7"` on a number,
/// `ngay > 5`), and dates compared with text that is not a date.
fn check_comparisons(layout: &Layout, ds: &crate::pack::Dataset, src: &str, loc: &Location, errs: &mut Vec<PackError>) {
    use crate::script::names::{comparisons, Side};
    // Choices without a declared order have no "higher": their codes' letters
    // would decide.
    let unordered: Vec<&str> = ds
        .columns
        .iter()
        .filter(|(_, c)| c.ty == crate::pack::ColumnType::Enum && c.ordered.is_none())
        .map(|(n, _)| n.as_str())
        .collect();
    for (column, op, line, column_at) in crate::script::names::ordered_uses(src, &unordered) {
        errs.push(PackError::new(inside(loc, line, column_at), K::UnorderedChoice { column, op }));
    }
    // A ranked choice is no text to `switch` on: every case would miss.
    let ranked: Vec<&str> = ds.columns.iter().filter(|(_, c)| c.ordered.is_some()).map(|(n, _)| n.as_str()).collect();
    for (column, line, column_at) in crate::script::names::switched(src, &ranked) {
        errs.push(PackError::new(inside(loc, line, column_at), K::SwitchOnRanked(column)));
    }
    for (name, line, column) in crate::script::names::lets(src) {
        if layout.has(&name) {
            errs.push(PackError::new(inside(loc, line, column), K::ShadowsName { name }));
        }
    }
    for c in comparisons(src) {
        let kind = |s: &Side| match s {
            Side::Var(v) => layout.kind(v),
            Side::Text(_) => Some(Kind::Text),
            Side::Num(_) => Some(Kind::Num),
            Side::Bool => Some(Kind::Bool),
        };
        let (Some(kl), Some(kr)) = (kind(&c.left), kind(&c.right)) else { continue };
        let shown = |s: &Side| match s {
            Side::Var(v) => v.clone(),
            Side::Text(t) => format!("\"{t}\""),
            Side::Num(n) => n.clone(),
            Side::Bool => "true/false".into(),
        };
        let at = inside(loc, c.line, c.column);
        let text_of = |s: &Side| match s {
            Side::Text(t) => Some(t.clone()),
            _ => None,
        };
        let bad_date = match (kl, kr) {
            (Kind::Date, Kind::Text) => text_of(&c.right),
            (Kind::Text, Kind::Date) => text_of(&c.left),
            _ => None,
        };
        if let Some(t) = bad_date {
            if crate::pack::parse_date(&t).is_none() {
                errs.push(PackError::new(at, K::NotADate { text: t }));
            }
            continue;
        }
        let numberish = |s: &Side| matches!(s, Side::Text(t) if t.trim().parse::<rust_decimal::Decimal>().is_ok());
        let ordering = matches!(c.op, "<" | "<=" | ">" | ">=");
        if ordering && kl == Kind::Text && kr == Kind::Text && (numberish(&c.left) || numberish(&c.right)) {
            errs.push(PackError::new(at, K::NumbersAsText { left: shown(&c.left), op: c.op, right: shown(&c.right) }));
            continue;
        }
        if kl != kr {
            errs.push(PackError::new(
                at,
                K::TypeMismatch {
                    left: shown(&c.left),
                    left_kind: kind_label(kl),
                    op: c.op,
                    right: shown(&c.right),
                    right_kind: kind_label(kr),
                },
            ));
        }
    }
}

fn kind_label(k: Kind) -> crate::pack::err::KindLabel {
    use crate::pack::err::KindLabel as L;
    match k {
        Kind::Num => L::Number,
        Kind::Text => L::Text,
        Kind::Bool => L::Bool,
        Kind::Date => L::Date,
    }
}
