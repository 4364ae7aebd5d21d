//! A small lexer for the subset of Rhai that thidua compiles natively, and an
//! identifier scan used to know which variables any condition reads.

use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Ident(String),
    Int(i64),
    Dec(Decimal),
    Str(String),
    Bool(bool),
    In,
    Op(&'static str),
}

const OPS: &[&str] = &["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", "[", "]", ","];

/// Tokens of `src`, or `None` if it uses anything outside the subset.
pub fn lex(src: &str) -> Option<Vec<Tok>> {
    let b = src.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    'outer: while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let s = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            let w = &src[s..i];
            out.push(match w {
                "true" => Tok::Bool(true),
                "false" => Tok::Bool(false),
                "in" => Tok::In,
                _ => Tok::Ident(w.to_string()),
            });
            continue;
        }
        if c.is_ascii_digit() {
            let s = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
                i += 1;
            }
            let mut is_dec = false;
            if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
                is_dec = true;
                i += 1;
                while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
                    i += 1;
                }
            }
            if i < b.len() && (b[i].is_ascii_alphabetic() || b[i] == b'.') {
                return None; // 1e5, 1.x, method calls: leave to Rhai
            }
            let text = src[s..i].replace('_', "");
            out.push(if is_dec { Tok::Dec(text.parse().ok()?) } else { Tok::Int(text.parse().ok()?) });
            continue;
        }
        if c == b'"' {
            let mut s = String::new();
            let mut chars = src[i + 1..].char_indices();
            while let Some((j, ch)) = chars.next() {
                match ch {
                    '"' => {
                        out.push(Tok::Str(s));
                        i = i + 1 + j + 1;
                        continue 'outer;
                    }
                    '\\' => match chars.next()?.1 {
                        '"' => s.push('"'),
                        '\\' => s.push('\\'),
                        _ => return None,
                    },
                    '\n' => return None,
                    ch => s.push(ch),
                }
            }
            return None;
        }
        for op in OPS {
            if src[i..].starts_with(op) {
                out.push(Tok::Op(op));
                i += op.len();
                continue 'outer;
            }
        }
        return None;
    }
    Some(out)
}

/// Every identifier in `src` outside string literals and comments, in order
/// of first appearance. Over-approximates (function names are included);
/// callers keep only the names that are variables.
pub fn identifiers(src: &str) -> Vec<String> {
    let b = src.as_bytes();
    let mut i = 0;
    let mut out: Vec<String> = Vec::new();
    while i < b.len() {
        let c = b[i];
        if c == b'"' || c == b'\'' {
            let q = c;
            i += 1;
            while i < b.len() && b[i] != q {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
        } else if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            // Byte search: `i` may sit inside a multi-byte character.
            match b[i + 2..].windows(2).position(|w| w == b"*/") {
                Some(j) => i += j + 4,
                None => break,
            }
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let s = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            let w = &src[s..i];
            if !out.iter().any(|x| x == w) {
                out.push(w.to_string());
            }
        } else if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'.') {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out
}
