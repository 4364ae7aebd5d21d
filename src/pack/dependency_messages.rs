//! The words of serde's and the YAML parser's messages in Vietnamese. Neither
//! gives kinds, only English text fixed in shape, so these read the shapes;
//! the tests hold them to the real messages, so that an upgrade which
//! rewords one fails here and not in an official's report.

use crate::i18n::Lang;

/// serde's messages are English and fixed in shape; this turns the common
/// ones into Vietnamese.
pub fn translate_serde(m: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return m.to_string();
    }
    let ticks = |s: &str| -> Vec<String> {
        s.split('`').enumerate().filter(|(i, _)| i % 2 == 1).map(|(_, t)| t.to_string()).collect()
    };
    if let Some(rest) = m.strip_prefix("unknown field ") {
        let names = ticks(rest);
        if let Some((bad, ok)) = names.split_first() {
            return format!("khóa không hợp lệ `{bad}`; các khóa hợp lệ: {}", ok.join(", "));
        }
    }
    if let Some(rest) = m.strip_prefix("unknown variant ") {
        let names = ticks(rest);
        if let Some((bad, ok)) = names.split_first() {
            return format!("giá trị không hợp lệ `{bad}`; các giá trị hợp lệ: {}", ok.join(", "));
        }
    }
    if let Some(rest) = m.strip_prefix("missing field ") {
        return format!("thiếu trường bắt buộc {rest}");
    }
    if let Some(rest) = m.strip_prefix("invalid type: ") {
        if let Some((got, want)) = rest.split_once(", expected ") {
            return format!("sai kiểu: nhận được {}, cần {}", vi_kind(got), vi_kind(want));
        }
    }
    // The shapes of `pack::num`'s own messages.
    if let Some(rest) = m.strip_prefix("parameter ").and_then(|r| r.strip_suffix(" is not a number")) {
        return format!("tham số {rest} không phải là số");
    }
    if let Some((name, rest)) = m.split_once(" is neither a number nor a numeric parameter of the pack") {
        let hint = rest.strip_prefix("; did you mean ").and_then(|h| h.strip_suffix('?'));
        let hint = hint.map(|h| format!("; có phải là {h}?")).unwrap_or_default();
        return format!("{name} không phải là số, cũng không phải tham số kiểu số của bộ quy tắc{hint}");
    }
    if let Some(name) = m.strip_suffix(" is not a number") {
        return format!("{name} không phải là số");
    }
    if let Some(rest) = m.strip_prefix("number too large (at most ") {
        return format!("số quá lớn (tối đa {rest}");
    }
    if let Some(rest) = m.strip_prefix("invalid date ") {
        return format!("ngày không hợp lệ {}", rest.replace(", expected", ", cần dạng"));
    }
    format!("cấu trúc không hợp lệ: {m}")
}

fn vi_kind(s: &str) -> String {
    let s = s.trim();
    let table = [
        ("a string", "một chuỗi văn bản"),
        ("string", "một chuỗi văn bản"),
        ("a sequence", "một danh sách"),
        ("sequence", "một danh sách"),
        ("a map", "một bảng khóa-giá trị"),
        ("map", "một bảng khóa-giá trị"),
        ("a boolean", "true/false"),
        ("a number or a parameter", "một số hoặc tên tham số"),
        ("a number", "một số"),
        ("boolean", "true/false"),
        ("unit value", "giá trị rỗng"),
        ("a number, a text or true/false", "một số, văn bản hoặc true/false"),
    ];
    for (en, vi) in table {
        if s == en {
            return vi.to_string();
        }
    }
    if let Some(rest) = s.strip_prefix("integer ") {
        return format!("số nguyên {rest}");
    }
    if let Some(rest) = s.strip_prefix("string ") {
        return format!("chuỗi {rest}");
    }
    if let Some(rest) = s.strip_prefix("floating point ") {
        return format!("số {rest}");
    }
    s.to_string()
}

/// The YAML parser's messages that a user may meet on a hostile file.
pub(crate) fn translate_yaml(m: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return m.to_string();
    }
    let table = [
        ("recursion limit exceeded", "lồng nhau quá sâu (giới hạn độ sâu)"),
        ("repetition limit exceeded", "bí danh (alias) được mở rộng quá nhiều lần"),
        ("did not find expected node content", "thiếu nội dung ở vị trí này"),
        ("while parsing a flow sequence, expected ',' or ']'", "danh sách [...] thiếu dấu ',' hoặc ']'"),
        ("while parsing a flow mapping, did not find expected ',' or '}'", "bảng {...} thiếu dấu ',' hoặc '}'"),
        ("mapping values are not allowed in this context", "không được đặt `khóa: giá trị` ở đây (thụt lề sai?)"),
        ("found character that cannot start any token", "ký tự không hợp lệ (có thể là tab?)"),
        ("duplicate entry with key", "khóa bị lặp"),
        ("illegal placement of ':' indicator", "dấu ':' đặt sai chỗ (thiếu ']' hoặc '}' ở dòng trên?)"),
        ("tabs disallowed within this context", "không được thụt lề bằng tab; dùng dấu cách"),
    ];
    for (en, vi) in table {
        if m.contains(en) {
            return format!("{vi} ({m})");
        }
    }
    m.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Node {
        so: i64,
        kieu: Kind,
        #[serde(default)]
        ds: Vec<String>,
        #[serde(default)]
        co: bool,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Mot,
        Hai,
    }

    fn structure(yaml: &str) -> String {
        let v: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        translate_serde(&serde_yaml::from_value::<Node>(v).unwrap_err().to_string(), Lang::Vi)
    }

    fn syntax(yaml: &str) -> String {
        let m = match crate::pack::spans::Spans::index(yaml) {
            Err(e) => e.message,
            Ok(_) => serde_yaml::from_str::<serde_yaml::Value>(yaml).unwrap_err().to_string(),
        };
        translate_yaml(&m, Lang::Vi)
    }

    #[test]
    fn serde_messages_are_put_into_vietnamese() {
        assert_eq!(
            structure("so: 1\nkieu: mot\nthua: 1"),
            "khóa không hợp lệ `thua`; các khóa hợp lệ: so, kieu, ds, co"
        );
        assert_eq!(structure("so: 1\nkieu: ba"), "giá trị không hợp lệ `ba`; các giá trị hợp lệ: mot, hai");
        assert_eq!(structure("kieu: mot"), "thiếu trường bắt buộc `so`");
        assert!(
            structure("so: abc\nkieu: mot").starts_with("sai kiểu: nhận được chuỗi"),
            "{}",
            structure("so: abc\nkieu: mot")
        );
        assert!(structure("so: 1\nkieu: mot\nds: 5").starts_with("sai kiểu: nhận được số nguyên"));
        assert!(
            structure("so: 1\nkieu: mot\nco: [1]").ends_with("cần true/false"),
            "{}",
            structure("so: 1\nkieu: mot\nco: [1]")
        );
    }

    #[test]
    fn yaml_parser_messages_are_put_into_vietnamese() {
        for (yaml, vi) in [
            ("a: [1, 2\nb: 3", "dấu ':' đặt sai chỗ (thiếu ']' hoặc '}' ở dòng trên?)"),
            ("a: {b: 1\nc: 2", "bảng {...} thiếu dấu ',' hoặc '}'"),
            ("a: b: c", "không được đặt `khóa: giá trị` ở đây"),
            ("a:\n\t- 1", "không được thụt lề bằng tab; dùng dấu cách"),
            ("a: 1\na: 2", "khóa bị lặp"),
        ] {
            let got = syntax(yaml);
            assert!(got.starts_with(vi), "{yaml:?}: {got}");
        }
    }
}
