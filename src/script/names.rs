//! The names a condition passes as text: titles and columns of the history
//! (`lich_su.so_lan("chien_si_thi_dua_co_so", …)`, `lich_su.tong("so_sang_kien",
//! …)`), members' awards (`thanh_vien.ty_le_dat("lao_dong_tien_tien")`),
//! cluster statistics (`thong_ke_cum.max.diem`) and the values an enum column
//! is compared with (`muc == "tot"`). Rhai sees only strings and map keys
//! there, so a misspelt name would count as 0 or fail every subject at run
//! time; this scan finds them so that the loader can resolve each one.

/// One use of a name, at its line and column in the expression (1-based,
/// counted in characters like Rhai's positions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameUse {
    pub kind: NameKind,
    /// The name as written; `None` when the argument is not a string literal.
    pub name: Option<String>,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameKind {
    /// `recv.method(first, …)`: a method of `lich_su` or `thanh_vien`, and
    /// its first argument.
    /// `arg` is the argument's index (a list of names gives one use per item).
    /// `recv` is `thanh_vien` or the name of one of the subject's histories.
    Call { recv: String, method: String, arg: usize, method_line: usize, method_column: usize },
    /// `thong_ke_cum.<stat>.<column>` or `thong_ke_cum.<stat>`.
    ClusterStat { stat: String },
    /// An enum column compared with a text literal (`==`, `!=`, `in [...]`).
    EnumValue { column: String },
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(String),
    Punct(&'static str),
    Other,
}

/// Operators and delimiters the scans look at; two-character ones first.
const PUNCT: &[&str] = &[
    "==", "!=", "<=", ">=", "&&", "||", "?.", ".", "(", ")", "[", "]", ",", "+", "-", "*", "/", "%", "<", ">", "!",
    "{", "}", ";", "=",
];

/// Tokens with their positions; comments are skipped, strings unescaped
/// (only the escapes that matter for names: `\"` and `\\`).
fn tokens(src: &str) -> Vec<(Tok, usize, usize)> {
    let chars: Vec<char> = src.chars().collect();
    let (mut line, mut col) = (1usize, 1usize);
    let mut out = Vec::new();
    let mut i = 0;
    // Advances over `n` characters, keeping the position.
    let step = |i: &mut usize, n: usize, line: &mut usize, col: &mut usize| {
        for _ in 0..n {
            if chars.get(*i) == Some(&'\n') {
                *line += 1;
                *col = 1;
            } else {
                *col += 1;
            }
            *i += 1;
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let (l0, c0) = (line, col);
        if c.is_whitespace() {
            step(&mut i, 1, &mut line, &mut col);
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                step(&mut i, 1, &mut line, &mut col);
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            step(&mut i, 2, &mut line, &mut col);
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                step(&mut i, 1, &mut line, &mut col);
            }
            let rest = chars.len() - i;
            step(&mut i, 2.min(rest), &mut line, &mut col);
        } else if c == '"' || c == '`' {
            let mut s = String::new();
            step(&mut i, 1, &mut line, &mut col);
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    step(&mut i, 1, &mut line, &mut col);
                }
                s.push(chars[i]);
                step(&mut i, 1, &mut line, &mut col);
            }
            let rest = chars.len() - i;
            step(&mut i, 1.min(rest), &mut line, &mut col);
            out.push((Tok::Str(s), l0, c0));
        } else if c.is_ascii_digit() {
            let mut s = String::new();
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == '.') {
                // `1.max(2)`: a dot followed by a letter is a method call.
                if chars[i] == '.' && !chars.get(i + 1).is_some_and(char::is_ascii_digit) {
                    break;
                }
                s.push(chars[i]);
                step(&mut i, 1, &mut line, &mut col);
            }
            out.push((Tok::Num(s), l0, c0));
        } else if c.is_alphabetic() || c == '_' {
            let mut s = String::new();
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                s.push(chars[i]);
                step(&mut i, 1, &mut line, &mut col);
            }
            out.push((Tok::Ident(s), l0, c0));
        } else {
            let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
            match PUNCT.iter().find(|p| two.starts_with(**p)) {
                Some(&p) => {
                    step(&mut i, p.chars().count(), &mut line, &mut col);
                    out.push((Tok::Punct(if p == "?." { "." } else { p }), l0, c0));
                }
                None => {
                    step(&mut i, 1, &mut line, &mut col);
                    out.push((Tok::Other, l0, c0));
                }
            }
        }
    }
    out
}

/// Where an argument of a call stands: a token, or the text items of a
/// list literal (`["a", "b"]`).
enum Arg {
    Single(usize),
    List(Vec<usize>),
}

/// The arguments of a call whose first argument starts at token `start`
/// (just past the opening bracket), up to the closing one.
fn arguments(toks: &[(Tok, usize, usize)], start: usize) -> Vec<Arg> {
    let t = |i: usize| toks.get(i).map(|x| &x.0);
    let mut out = Vec::new();
    let mut i = start;
    loop {
        let arg_start = i;
        let mut depth = 0usize;
        while let Some(tok) = t(i) {
            match tok {
                Tok::Punct("(" | "[" | "{") => depth += 1,
                Tok::Punct(")" | "]" | "}") if depth == 0 => break,
                Tok::Punct(")" | "]" | "}") => depth -= 1,
                Tok::Punct(",") if depth == 0 => break,
                _ => {}
            }
            i += 1;
        }
        // `["a", "b"]` as the whole argument: its text items.
        let list = t(arg_start) == Some(&Tok::Punct("["))
            && i > arg_start + 1
            && t(i - 1) == Some(&Tok::Punct("]"))
            && (arg_start + 1..i - 1).all(|j| match t(j) {
                Some(Tok::Str(_)) => (j - arg_start) % 2 == 1,
                Some(Tok::Punct(",")) => (j - arg_start) % 2 == 0,
                _ => false,
            });
        out.push(if list { Arg::List((arg_start + 1..i - 1).step_by(2).collect()) } else { Arg::Single(arg_start) });
        match t(i) {
            Some(Tok::Punct(",")) => i += 1,
            _ => return out,
        }
    }
}

/// Every use of a name in `src`. `enum_columns` are the columns whose
/// comparisons with text are checked; `histories` the names the subject's
/// histories are read by (`lich_su`, …).
pub fn name_uses(src: &str, enum_columns: &[&str], histories: &[&str]) -> Vec<NameUse> {
    let toks = tokens(src);
    let t = |i: usize| toks.get(i).map(|x| &x.0);
    let mut out = Vec::new();
    // The use whose name is the string literal at token `at`, if it is one
    // (else a dynamic name, placed at token `fallback`).
    let literal = |kind: NameKind, at: usize, fallback: usize| {
        // A literal followed by `+` or a method call is only part of the name.
        let whole = !matches!(t(at + 1), Some(Tok::Punct("+" | ".")));
        let (name, pos) = match t(at) {
            Some(Tok::Str(s)) if whole => (Some(s.clone()), at),
            _ => (None, fallback),
        };
        let (line, column) = toks.get(pos).map_or((1, 1), |x| (x.1, x.2));
        NameUse { kind, name, line, column }
    };
    // The use whose name is `name`, at token `at`.
    let named = |kind: NameKind, name: Option<String>, at: usize| {
        let (line, column) = toks.get(at).map_or((1, 1), |x| (x.1, x.2));
        NameUse { kind, name, line, column }
    };
    for i in 0..toks.len() {
        // A property of a value is not a variable: `x.lich_su` is not ours.
        let after_dot = i > 0 && t(i - 1) == Some(&Tok::Punct("."));
        let Some(Tok::Ident(id)) = t(i) else { continue };
        if after_dot {
            continue;
        }
        match id.as_str() {
            recv if recv == "thanh_vien" || histories.contains(&recv) => {
                if let (Some(Tok::Punct(".")), Some(Tok::Ident(m))) = (t(i + 1), t(i + 2)) {
                    let (_, method_line, method_column) = toks[i + 2].clone();
                    let kind = |arg| NameKind::Call {
                        recv: recv.to_string(),
                        method: m.clone(),
                        arg,
                        method_line,
                        method_column,
                    };
                    if t(i + 3) == Some(&Tok::Punct("(")) && t(i + 4) != Some(&Tok::Punct(")")) {
                        for (arg, at) in arguments(&toks, i + 4).into_iter().enumerate() {
                            match at {
                                // A list of names: each is resolved.
                                Arg::List(items) => items.into_iter().for_each(|j| out.push(literal(kind(arg), j, j))),
                                // The first argument is always a name (a computed one
                                // is reported as such); later ones only when written as text.
                                Arg::Single(j) if arg == 0 || matches!(t(j), Some(Tok::Str(_))) => {
                                    out.push(literal(kind(arg), j, i + 2))
                                }
                                Arg::Single(_) => {}
                            }
                        }
                    } else {
                        // No argument: only the method is to resolve.
                        out.push(named(kind(0), None, i + 2));
                    }
                }
            }
            "thong_ke_cum" => {
                if let (Some(Tok::Punct(".")), Some(Tok::Ident(stat))) = (t(i + 1), t(i + 2)) {
                    let kind = NameKind::ClusterStat { stat: stat.clone() };
                    match (t(i + 3), t(i + 4)) {
                        (Some(Tok::Punct(".")), Some(Tok::Ident(c))) => out.push(named(kind, Some(c.clone()), i + 4)),
                        _ => out.push(named(kind, None, i + 2)),
                    }
                }
            }
            col if enum_columns.contains(&col) => {
                let kind = || NameKind::EnumValue { column: col.to_string() };
                match (t(i + 1), t(i + 2)) {
                    (Some(Tok::Punct("==" | "!=" | "<" | "<=" | ">" | ">=")), Some(Tok::Str(_))) => {
                        out.push(literal(kind(), i + 2, i))
                    }
                    (Some(Tok::Ident(w)), Some(Tok::Punct("["))) if w == "in" => {
                        let mut j = i + 3;
                        while let Some(Tok::Str(_)) = t(j) {
                            out.push(literal(kind(), j, j));
                            if t(j + 1) != Some(&Tok::Punct(",")) {
                                break;
                            }
                            j += 2;
                        }
                    }
                    _ => {}
                }
                if i >= 2 {
                    if let (Some(Tok::Str(_)), Some(Tok::Punct("==" | "!=" | "<" | "<=" | ">" | ">="))) =
                        (t(i - 2), t(i - 1))
                    {
                        out.push(literal(kind(), i - 2, i));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Number literals a decimal cannot hold exactly (more than 28 digits after
/// the point, or too large): Rhai would round them silently.
pub fn inexact_numbers(src: &str) -> Vec<(String, usize, usize)> {
    tokens(src)
        .into_iter()
        .filter_map(|(t, line, column)| match t {
            Tok::Num(n) if n.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'_') => {
                let digits = n.replace('_', "");
                rust_decimal::Decimal::from_str_exact(&digits).is_err().then_some((n, line, column))
            }
            _ => None,
        })
        .collect()
}

/// One side of a comparison that is a single token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    Var(String),
    Text(String),
    Num(String),
    Bool,
}

/// A comparison whose two sides are single tokens (`ok == "có"`, `a < b`),
/// at the position of its operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub left: Side,
    pub op: &'static str,
    pub right: Side,
    pub line: usize,
    pub column: usize,
}

/// Whether what stands at token `i` (before a side) binds looser than a
/// comparison: the start, an opening bracket, `&&`, `||`, a separator.
fn opens(toks: &[(Tok, usize, usize)], i: Option<usize>) -> bool {
    match i.and_then(|i| toks.get(i)).map(|x| &x.0) {
        None => true,
        Some(Tok::Punct(p)) => matches!(*p, "(" | "&&" | "||" | "," | "{" | ";" | "=" | "["),
        Some(Tok::Ident(w)) => matches!(w.as_str(), "if" | "while" | "return"),
        _ => false,
    }
}

/// The same after a side: the end, a closing bracket, `&&`, `||`, a separator.
fn closes(toks: &[(Tok, usize, usize)], i: usize) -> bool {
    match toks.get(i).map(|x| &x.0) {
        None => true,
        Some(Tok::Punct(p)) => matches!(*p, ")" | "&&" | "||" | "," | "}" | ";" | "{" | "]"),
        _ => false,
    }
}

/// The one-token side at `i`, if it is one.
fn side(toks: &[(Tok, usize, usize)], i: usize) -> Option<Side> {
    match &toks.get(i)?.0 {
        Tok::Ident(w) if w == "true" || w == "false" => Some(Side::Bool),
        Tok::Ident(w) => Some(Side::Var(w.clone())),
        Tok::Str(s) => Some(Side::Text(s.clone())),
        Tok::Num(n) => Some(Side::Num(n.clone())),
        _ => None,
    }
}

/// Every name `src` declares with `let` or `const`, at its place.
pub fn lets(src: &str) -> Vec<(String, usize, usize)> {
    let toks = tokens(src);
    toks.windows(2)
        .filter_map(|w| match (&w[0].0, &w[1]) {
            (Tok::Ident(kw), (Tok::Ident(name), line, column)) if kw == "let" || kw == "const" => {
                Some((name.clone(), *line, *column))
            }
            _ => None,
        })
        .collect()
}

/// Every comparison in `src` whose sides are exactly one token each. A side
/// is exactly one token when what stands beyond it binds looser than a
/// comparison (`&&`, `||`, a bracket, a separator, the start or the end):
/// `a + 1 == "x"` compares a sum, and is left alone.
pub fn comparisons(src: &str) -> Vec<Comparison> {
    let toks = tokens(src);
    let (opens, closes, side) = (|i| opens(&toks, i), |i| closes(&toks, i), |i| side(&toks, i));
    let mut out = Vec::new();
    for (i, (tok, line, column)) in toks.iter().enumerate().skip(1) {
        let Tok::Punct(op @ ("==" | "!=" | "<" | "<=" | ">" | ">=")) = *tok else { continue };
        if !opens(i.checked_sub(2)) || !closes(i + 2) {
            continue;
        }
        if let (Some(left), Some(right)) = (side(i - 1), side(i + 1)) {
            out.push(Comparison { left, op, right, line: *line, column: *column });
        }
    }
    out
}

/// Each of `columns` written beside an ordering operator (`<`, `<=`, `>`,
/// `>=`), whatever stands on the other side: the column, the operator and
/// the column's place.
pub fn ordered_uses(src: &str, columns: &[&str]) -> Vec<(String, &'static str, usize, usize)> {
    let toks = tokens(src);
    let op_at = |i: usize| match toks.get(i).map(|t| &t.0) {
        Some(Tok::Punct(op @ ("<" | "<=" | ">" | ">="))) => Some(*op),
        _ => None,
    };
    let mut out = Vec::new();
    for (i, (tok, line, column)) in toks.iter().enumerate() {
        let Tok::Ident(id) = tok else { continue };
        let property = i > 0 && toks[i - 1].0 == Tok::Punct(".");
        if property || !columns.contains(&id.as_str()) {
            continue;
        }
        if let Some(op) = op_at(i + 1).or_else(|| i.checked_sub(1).and_then(op_at)) {
            out.push((id.clone(), op, *line, *column));
        }
    }
    out
}

/// Each of `columns` that a `switch` reads (`switch xep_loai { … }`): the
/// column and its place.
pub fn switched(src: &str, columns: &[&str]) -> Vec<(String, usize, usize)> {
    let toks = tokens(src);
    toks.windows(2)
        .filter_map(|w| match (&w[0].0, &w[1].0) {
            (Tok::Ident(kw), Tok::Ident(c)) if kw == "switch" && columns.contains(&c.as_str()) => {
                Some((c.clone(), w[1].1, w[1].2))
            }
            _ => None,
        })
        .collect()
}

/// A comparison of a helper's result with one token (`lich_su.so_lan(…) >= 3`,
/// `70 <= thanh_vien.ty_le_dat(…)`): the call's name is at `line`/`column`,
/// where Rhai places the call; `op` reads with the call on the left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallNeed {
    pub line: usize,
    pub column: usize,
    pub op: &'static str,
    pub other: Side,
    /// The called function or method, and its first argument when that is text.
    pub name: String,
    pub first: Option<String>,
    /// What the method is called on (`lich_su`, `tap_the`), when it is a method.
    pub recv: Option<String>,
}

/// Every comparison in `src` of a call with a single token.
pub fn call_needs(src: &str) -> Vec<CallNeed> {
    let toks = tokens(src);
    let t = |i: usize| toks.get(i).map(|x| &x.0);
    let (opens, closes) = (|i| opens(&toks, i), |i| closes(&toks, i));
    // A call compared with `true`/`false` says nothing a reader needs.
    let side = |i| side(&toks, i).filter(|s| *s != Side::Bool);
    let ident = |i: usize| match t(i) {
        Some(Tok::Ident(n)) => Some(n.clone()),
        _ => None,
    };
    let recv_of = |name: usize| match name.checked_sub(1).and_then(t) {
        Some(Tok::Punct(".")) => name.checked_sub(2).and_then(ident),
        _ => None,
    };
    let named = |name: usize| -> (String, Option<String>) {
        let n = ident(name).unwrap_or_default();
        let first = match (t(name + 2), t(name + 3)) {
            (Some(Tok::Str(s)), Some(Tok::Punct("," | ")"))) => Some(s.clone()),
            _ => None,
        };
        (n, first)
    };
    // The call `[recv .] name ( … )` whose closing bracket is token `close`:
    // the index of its first token and of its name.
    let call_ending = |close: usize| -> Option<(usize, usize)> {
        if t(close) != Some(&Tok::Punct(")")) {
            return None;
        }
        let mut depth = 0usize;
        let mut j = close;
        loop {
            match t(j)? {
                Tok::Punct(")") => depth += 1,
                Tok::Punct("(") => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            j = j.checked_sub(1)?;
        }
        let name = j.checked_sub(1)?;
        let Some(Tok::Ident(_)) = t(name) else { return None };
        match (name.checked_sub(1).and_then(t), name.checked_sub(2).and_then(t)) {
            (Some(Tok::Punct(".")), Some(Tok::Ident(_))) => Some((name - 2, name)),
            _ => Some((name, name)),
        }
    };
    // The call starting at token `start`: the index of its closing bracket and of its name.
    let call_starting = |start: usize| -> Option<(usize, usize)> {
        let name = match (t(start)?, t(start + 1), t(start + 2)) {
            (Tok::Ident(_), Some(Tok::Punct(".")), Some(Tok::Ident(_))) => start + 2,
            (Tok::Ident(_), _, _) => start,
            _ => return None,
        };
        if t(name + 1) != Some(&Tok::Punct("(")) {
            return None;
        }
        let mut depth = 0usize;
        let mut j = name + 1;
        loop {
            match t(j)? {
                Tok::Punct("(") => depth += 1,
                Tok::Punct(")") => {
                    depth -= 1;
                    if depth == 0 {
                        return Some((j, name));
                    }
                }
                _ => {}
            }
            j += 1;
        }
    };
    let flip = |op: &'static str| match op {
        "<" => ">",
        "<=" => ">=",
        ">" => "<",
        ">=" => "<=",
        other => other,
    };
    let mut out = Vec::new();
    for (i, (tok, ..)) in toks.iter().enumerate().skip(1) {
        let Tok::Punct(op @ ("==" | "!=" | "<" | "<=" | ">" | ">=")) = *tok else { continue };
        // call op token
        if let (Some((first, name)), Some(other)) = (call_ending(i - 1), side(i + 1)) {
            if opens(first.checked_sub(1)) && closes(i + 2) {
                let (n, a) = named(name);
                let recv = recv_of(name);
                out.push(CallNeed { line: toks[name].1, column: toks[name].2, op, other, name: n, first: a, recv });
                continue;
            }
        }
        // token op call
        if let (Some(other), Some((close, name))) = (side(i - 1), call_starting(i + 1)) {
            if opens(i.checked_sub(2)) && closes(close + 1) {
                let (n, a) = named(name);
                let (op, recv) = (flip(op), recv_of(name));
                out.push(CallNeed { line: toks[name].1, column: toks[name].2, op, other, name: n, first: a, recv });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_compared_with_one_token() {
        let src = "let t = x;\nlich_su.so_lan(\"a\", t - 2, t) >= 3 || 70 < thanh_vien.ty_le_dat(\"b\") && f(a) + 1 > 2 && months_between(a, b) == nguong";
        let got: Vec<String> =
            call_needs(src).iter().map(|n| format!("{}:{} {} {:?}", n.line, n.column, n.op, n.other)).collect();
        assert_eq!(got, vec!["2:9 >= Num(\"3\")", "2:55 > Num(\"70\")", "2:89 == Var(\"nguong\")"]);
    }

    fn names(src: &str) -> Vec<(String, Option<String>, usize, usize)> {
        name_uses(src, &["muc"], &["lich_su"])
            .into_iter()
            .map(|u| {
                let k = match u.kind {
                    NameKind::Call { recv, method, .. } => format!("{recv}.{method}"),
                    NameKind::ClusterStat { stat } => format!("cum.{stat}"),
                    NameKind::EnumValue { column } => format!("enum {column}"),
                };
                (k, u.name, u.line, u.column)
            })
            .collect()
    }

    #[test]
    fn finds_history_member_cluster_and_enum_names_with_positions() {
        let src = "lich_su.tong(\"so_sang_kienn\", 2023, 2024) > 0 &&\n  thanh_vien.ty_le_dat( \"ldtt\" ) >= 70 && thong_ke_cum.max.diem > 1 && muc == \"tott\"";
        assert_eq!(
            names(src),
            vec![
                ("lich_su.tong".into(), Some("so_sang_kienn".into()), 1, 14),
                ("thanh_vien.ty_le_dat".into(), Some("ldtt".into()), 2, 25),
                ("cum.max".into(), Some("diem".into()), 2, 60),
                ("enum muc".into(), Some("tott".into()), 2, 79),
            ]
        );
    }

    #[test]
    fn comparisons_of_single_tokens_only() {
        let got =
            comparisons("ok == \"có\" && (a + 1 == \"x\" || ngay >= \"1/1/2024\") && !b == c && f(x) < 3 && 2.5 <= d");
        let shown: Vec<String> = got.iter().map(|c| format!("{:?} {} {:?}", c.left, c.op, c.right)).collect();
        assert_eq!(
            shown,
            vec!["Var(\"ok\") == Text(\"có\")", "Var(\"ngay\") >= Text(\"1/1/2024\")", "Num(\"2.5\") <= Var(\"d\")",]
        );
    }

    #[test]
    fn columns_beside_an_ordering_operator() {
        let got = ordered_uses(
            "xep_loai >= \"tot\" && \"kha\" < xep_loai || muc == \"a\" || x.xep_loai > 1 || xep_loai <= f(muc)",
            &["xep_loai", "muc"],
        );
        let shown: Vec<(String, &str, usize)> = got.into_iter().map(|(c, op, _, col)| (c, op, col)).collect();
        assert_eq!(
            shown,
            vec![("xep_loai".into(), ">=", 1), ("xep_loai".into(), "<", 30), ("xep_loai".into(), "<=", 74)]
        );
    }

    #[test]
    fn comments_strings_and_dynamic_arguments() {
        let src = "// lich_su.tong(\"x\", 1, 2)\nlet t = \"lich_su.so_lan(\\\"y\\\")\"; lich_su.so_lan(t, 1, 2) + thanh_vien.so_nguoi() > 0 || [\"a\"] == muc || \"b\" != muc || muc in [\"c\", \"d\"]";
        let got = names(src);
        assert_eq!(got[0], ("lich_su.so_lan".into(), None, 2, 42));
        assert_eq!(got[1].0, "thanh_vien.so_nguoi");
        let enums: Vec<Option<String>> = got[2..].iter().map(|g| g.1.clone()).collect();
        assert_eq!(enums, vec![Some("b".into()), Some("c".into()), Some("d".into())]);
    }
}
