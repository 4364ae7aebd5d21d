//! Positions of YAML nodes by path (`awards[0].criteria[1].when`).
//!
//! serde_yaml gives typed values but forgets where they came from; this index,
//! built from the YAML event stream, lets every later check (duplicate ids,
//! unknown references, Rhai errors) name the line and column of the node.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// 1-based line and column.
pub type Pos = (usize, usize);

#[derive(Debug, Default, Clone)]
pub struct Spans {
    values: HashMap<String, Pos>,
    keys: HashMap<String, Pos>,
    /// Paths whose value is a quoted scalar: its text starts one column later.
    quoted: std::collections::HashSet<String>,
    /// Folded block scalars (`>`) as written, line breaks kept: YAML joins
    /// their lines, which would put every later line of a rule on its first.
    folded: HashMap<String, String>,
}

enum Frame {
    Map { path: String, key: Option<String>, first_key_seen: bool },
    Seq { path: String, next: usize },
}

#[derive(Default)]
struct Builder<'s> {
    spans: Spans,
    stack: Vec<Frame>,
    /// The file's lines, to keep a folded block as written.
    lines: Vec<&'s str>,
}

fn join_key(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

fn pos(m: &Marker) -> Pos {
    (m.line(), m.col() + 1)
}

/// The lines of a folded block starting at `start` as the file writes them,
/// each less the block's indentation; `folded` (what YAML made of them) when
/// the lines do not fold back to it.
fn as_written(lines: &[&str], start: Pos, folded: &str) -> String {
    let indent = start.1.saturating_sub(1);
    let mut out: Vec<&str> = Vec::new();
    for l in lines.iter().skip(start.0.saturating_sub(1)) {
        let blank = l.trim().is_empty();
        // The block's lines start with its indentation in spaces; a line
        // that does not (less indented, or a letter there) ends the block.
        let rest = l.get(..indent).filter(|h| h.bytes().all(|b| b == b' ')).map(|_| &l[indent..]);
        match (blank, rest) {
            (true, _) => out.push(""),
            (false, Some(r)) => out.push(r),
            (false, None) => break,
        }
    }
    while out.last() == Some(&"") {
        out.pop();
    }
    let written = out.join("\n");
    // Only the same words, joined otherwise, are kept.
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    if words(&written) == words(folded) {
        written
    } else {
        folded.to_string()
    }
}

impl Builder<'_> {
    /// Assigns a path to the node that starts at `m`, or records a map key.
    /// Returns `None` when the node was a key.
    fn node(&mut self, m: &Marker, scalar: Option<&str>) -> Option<String> {
        match self.stack.last_mut() {
            None => {
                self.spans.values.insert(String::new(), pos(m));
                Some(String::new())
            }
            Some(Frame::Seq { path, next }) => {
                let p = format!("{path}[{next}]");
                *next += 1;
                self.spans.values.insert(p.clone(), pos(m));
                Some(p)
            }
            Some(Frame::Map { path, key, first_key_seen }) => match key.take() {
                None => {
                    let k = scalar.unwrap_or("?").to_string();
                    let p = join_key(path, &k);
                    self.spans.keys.insert(p.clone(), pos(m));
                    if !*first_key_seen {
                        // A block mapping's start marker is unreliable; its
                        // first key is where a reader sees it begin.
                        *first_key_seen = true;
                        self.spans.values.insert(path.clone(), pos(m));
                    }
                    *key = Some(k);
                    None
                }
                Some(k) => {
                    let p = join_key(path, &k);
                    self.spans.values.insert(p.clone(), pos(m));
                    Some(p)
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder<'_> {
    fn on_event(&mut self, ev: Event, m: Marker) {
        match ev {
            Event::Scalar(ref s, style, ..) => {
                if let Some(path) = self.node(&m, Some(s)) {
                    if matches!(style, TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted) {
                        self.spans.quoted.insert(path);
                    } else if style == TScalarStyle::Folded {
                        let written = as_written(&self.lines, pos(&m), s);
                        self.spans.folded.insert(path, written);
                    }
                }
            }
            Event::Alias(_) => {
                self.node(&m, Some("*"));
            }
            Event::MappingStart(..) => {
                let path = self.node(&m, None).unwrap_or_default();
                self.stack.push(Frame::Map { path, key: None, first_key_seen: false });
            }
            Event::SequenceStart(..) => {
                let path = self.node(&m, None).unwrap_or_default();
                self.stack.push(Frame::Seq { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

/// A YAML syntax error found while indexing.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

impl Spans {
    pub fn index(src: &str) -> Result<Spans, SyntaxError> {
        let mut b = Builder { lines: src.lines().collect(), ..Builder::default() };
        let mut parser = Parser::new_from_str(src);
        parser.load(&mut b, false).map_err(|e| SyntaxError {
            pos: (e.marker().line(), e.marker().col() + 1),
            message: e.info().to_string(),
        })?;
        Ok(b.spans)
    }

    /// A folded block's text with its line breaks, for a text that rules
    /// read (the same expression: a line break is a space to Rhai), so that
    /// a place in it is a place in the file.
    pub fn as_written<'a>(&'a self, path: &str, text: &'a str) -> &'a str {
        self.folded.get(path).map(String::as_str).unwrap_or(text)
    }

    pub fn value(&self, path: &str) -> Option<Pos> {
        self.values.get(path).copied()
    }

    pub fn key(&self, path: &str) -> Option<Pos> {
        self.keys.get(path).copied()
    }

    /// The key of `path` if it is a map entry, else its value, else the
    /// nearest enclosing node that has a position.
    pub fn nearest(&self, path: &str) -> Pos {
        let mut p = path.to_string();
        loop {
            if let Some(pos) = self.key(&p).or_else(|| self.value(&p)) {
                return pos;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p.truncate(i),
                None if !p.is_empty() => p.clear(),
                None => return (1, 1),
            }
        }
    }

    /// Where the text of a scalar value starts (after its opening quote).
    pub fn text_start(&self, path: &str) -> Option<Pos> {
        let (l, c) = self.value(path)?;
        Some((l, c + usize::from(self.quoted.contains(path))))
    }

    /// Where the value of `path` starts, falling back like [`Spans::nearest`].
    pub fn value_or_nearest(&self, path: &str) -> Pos {
        self.value(path).unwrap_or_else(|| self.nearest(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_point_at_keys_and_values() {
        let src = "id: x\nawards:\n  - id: a\n    criteria:\n      - id: c\n        when: 'so >= 1'\n";
        let s = Spans::index(src).unwrap();
        assert_eq!(s.key("awards"), Some((2, 1)));
        assert_eq!(s.value("awards[0].id"), Some((3, 9)));
        assert_eq!(s.key("awards[0].criteria[0].when"), Some((6, 9)));
        assert_eq!(s.value("awards[0].criteria[0].when"), Some((6, 15)));
        assert_eq!(s.nearest("awards[0].criteria[0].nope"), (5, 9));
    }

    #[test]
    fn a_folded_block_keeps_its_lines_and_ends_at_any_text() {
        let src = "a:\n  when: >\n    x + 1\n    && ạ\nạb: 2\n";
        let s = Spans::index(src).unwrap();
        assert_eq!(s.as_written("a.when", "x + 1 && ạ"), "x + 1\n&& ạ");
        // A folded text whose lines cannot be found stays as YAML gave it.
        assert_eq!(as_written(&["ạạ"], (1, 3), "x"), "x");
    }

    #[test]
    fn syntax_error_has_position() {
        let e = Spans::index("x: [1, 2\n").unwrap_err();
        assert_eq!(e.pos.0, 2);
    }
}
