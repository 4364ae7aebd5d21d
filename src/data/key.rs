//! A cell used as an identity: what joins a history or a collective's members
//! to their subject, groups a quota, and matches `--subject` and `--group`.
//! Never display text: how a report shows a value depends on its language
//! (an empty cell is "(trống)" or "(empty)", yes is "có" or "yes"), and an
//! identity must not.

use super::Value;

/// Two cells are the same key when they write the same value: text as it
/// is (already trimmed and NFC when read), numbers in plain digits (an int
/// `12` in one file and the text `12` in another are the same subject, as a
/// reader would take them), dates as `YYYY-MM-DD`, yes/no as `true`/`false`.
/// An empty cell is the empty key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Key(String);

impl Key {
    pub fn of(v: &Value) -> Key {
        Key(match v {
            Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Dec(d) => d.normalize().to_string(),
            Value::Text(s) => s.to_string(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        })
    }

    /// A key read as text (a text or choice cell, a key typed on the
    /// command line).
    pub fn text(s: &str) -> Key {
        Key(s.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Written as its text: what JSON results and traces hold.
impl serde::Serialize for Key {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_the_value_not_its_words() {
        assert_eq!(Key::of(&Value::Int(12)), Key::of(&Value::text("12")));
        assert_eq!(Key::of(&Value::Dec("12.50".parse().unwrap())).as_str(), "12.5");
        assert_eq!(Key::of(&Value::Null), Key::of(&Value::text("")));
        assert_eq!(Key::of(&Value::Bool(true)).as_str(), "true");
        let d = chrono::NaiveDate::from_ymd_opt(2024, 3, 9).unwrap();
        assert_eq!(Key::of(&Value::Date(d)).as_str(), "2024-03-09");
        assert_ne!(Key::of(&Value::text("CN01")), Key::of(&Value::text("cn01")));
    }
}
