//! Confinement: a pack reads only files inside its own folder, and rules have
//! no file, network, process or clock access.

mod common;
use common::*;

const WHEN: &str = "when: \"tu_luc_doan_ket\"";

fn with_rule(rule: &str) -> (Scratch, Run) {
    let s = Scratch::of("luat-tdkt-2022");
    s.edit("pack/ca-nhan.yaml", WHEN, rule);
    let r = thidua(&["check", &s.p("pack"), "--data", &s.p("data"), "--as-of", "2024-12-31", "--subject", "CN001"]);
    (s, r)
}

#[test]
fn scripts_outside_the_pack_are_refused() {
    for path in ["../../../../etc/passwd", "/etc/passwd", "../data/ca_nhan.csv"] {
        let (_s, r) = with_rule(&format!("script: \"{path}\""));
        assert_eq!(r.code, 3, "{path}: {}", r.stderr);
        assert!(r.stderr.contains(&format!("tệp kịch bản `{path}` nằm ngoài thư mục bộ quy tắc")), "{}", r.stderr);
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_pointing_out_is_refused() {
    let s = Scratch::of("luat-tdkt-2022");
    std::fs::write(s.path("outside.rhai"), "true").unwrap();
    std::os::unix::fs::symlink(s.path("outside.rhai"), s.path("pack/link.rhai")).unwrap();
    s.edit("pack/ca-nhan.yaml", WHEN, "script: link.rhai");
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("tệp kịch bản `link.rhai` nằm ngoài thư mục"), "{}", r.stderr);
    // The same script inside the pack is accepted.
    std::fs::write(s.path("pack/inside.rhai"), "tu_luc_doan_ket").unwrap();
    s.edit("pack/ca-nhan.yaml", "script: link.rhai", "script: inside.rhai");
    assert_eq!(thidua(&["validate", &s.p("pack")]).code, 0);
}

#[test]
fn rules_cannot_import_modules_or_eval_code() {
    let (_s, r) = with_rule("when: 'import \"x\" as y; true'");
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("lỗi trong biểu thức Rhai"), "{}", r.stderr);
    let (_s, r) = with_rule("when: 'eval(\"true\")'");
    assert_eq!(r.code, 3, "{}", r.stderr);
}

#[test]
fn rules_have_no_clock_files_network_or_processes() {
    for f in [
        "timestamp()",
        "open_file(\"/etc/passwd\")",
        "system(\"ls\")",
        "http_get(\"http://127.0.0.1\")",
        "read_file(\"x\")",
    ] {
        let (_s, r) = with_rule(&format!("when: '{f} == 1'"));
        assert_eq!(r.code, 5, "{f}: {}", r.stderr);
        assert!(r.stderr.contains("không có hàm"), "{f}: {}", r.stderr);
    }
}

#[test]
fn a_rule_may_not_grow_unbounded_strings_or_arrays() {
    let (_s, r) = with_rule("when: 'let s = \"x\"; loop { s += s; } true'");
    assert_eq!(r.code, 5, "{}", r.stderr);
    let (_s, r) = with_rule("when: 'let a = []; loop { a.push(1); } true'");
    assert_eq!(r.code, 5, "{}", r.stderr);
}
