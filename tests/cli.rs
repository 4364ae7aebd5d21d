//! The command line speaks the reader's language: help, usage lines and
//! usage errors in Vietnamese by default, English with `--lang en`; each
//! command lists only the options it uses.

mod common;
use common::*;

#[test]
fn help_is_vietnamese_by_default_and_english_on_request() {
    let r = thidua(&["--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("thidua — xét danh hiệu thi đua"), "{}", r.stdout);
    for want in [
        "Cách dùng: thidua [TÙY_CHỌN] <LỆNH>",
        "Lệnh:",
        "  check     Xét ai đạt danh hiệu nào, và vì sao chưa đạt",
        "Tùy chọn:",
    ] {
        assert!(r.stdout.contains(want), "missing `{want}` in\n{}", r.stdout);
    }
    let r = thidua(&["check", "--help"]);
    assert!(r.stdout.contains("Cách dùng: thidua check [TÙY_CHỌN] --data <DỮ_LIỆU>... <GÓI>"), "{}", r.stdout);
    assert!(r.stdout.contains("--as-of <NGÀY>"), "{}", r.stdout);
    assert!(
        !r.stdout.contains("Usage") && !r.stdout.contains("Options") && !r.stdout.contains("[default"),
        "{}",
        r.stdout
    );
    let r = thidua(&["score", "--help", "--lang", "en"]);
    assert!(r.stdout.contains("Usage: thidua score [OPTIONS] --data <DATA>... <PACK>"), "{}", r.stdout);
    assert!(r.stdout.contains("Only this cluster"), "{}", r.stdout);
}

#[test]
fn each_command_lists_only_the_options_it_uses() {
    let diff = thidua(&["diff", "--help"]).stdout;
    for absent in ["--max-rows", "--encoding", "--threads", "--max-operations", "--sheet"] {
        assert!(!diff.contains(absent), "diff lists {absent}:\n{diff}");
    }
    let validate = thidua(&["validate", "--help"]).stdout;
    assert!(validate.contains("--max-operations") && !validate.contains("--encoding"), "{validate}");
    let check = thidua(&["check", "--help"]).stdout;
    assert!(
        check.contains("--encoding") && check.contains("--by-subject") && !check.contains("--scorecard"),
        "{check}"
    );
}

#[test]
fn usage_errors_name_the_value_and_the_choices_in_the_readers_language() {
    let r = thidua(&["check", "rules/luat-tdkt-2022", "--data", "data/luat-tdkt-2022", "--format", "pdf"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with(
            "lỗi: giá trị `pdf` không hợp lệ cho --format <ĐỊNH_DẠNG>; chọn một trong: table, csv, json, md, xlsx, html"
        ),
        "{}",
        r.stderr
    );
    let r =
        thidua(&["check", "rules/luat-tdkt-2022", "--data", "data/luat-tdkt-2022", "--format", "pdf", "--lang", "en"]);
    assert!(r.stderr.starts_with("error: invalid value `pdf` for --format <FORMAT>; one of:"), "{}", r.stderr);
    let r = thidua(&["chekc"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("lỗi: không có lệnh `chekc` (có phải `check`?)"), "{}", r.stderr);
    let r = thidua(&["check", "rules/luat-tdkt-2022"]);
    assert!(r.stderr.starts_with("lỗi: thiếu --data <DỮ_LIỆU>..."), "{}", r.stderr);
    let r = thidua(&["check", "rules/luat-tdkt-2022", "--data", "x", "--as-of", "31/13/2024"]);
    assert!(
        r.stderr.starts_with(
            "lỗi: giá trị `31/13/2024` không hợp lệ cho --as-of <NGÀY> (cần dạng: YYYY-MM-DD, DD/MM/YYYY)"
        ),
        "{}",
        r.stderr
    );
    let r = thidua(&["diff", "a.json", "b.json", "--threads", "2"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("lỗi: không có tùy chọn `--threads` cho lệnh này"), "{}", r.stderr);
}

/// `--format xlsx` to the terminal is a mistake in how the command was
/// written: exit 2, in words with their diacritics (#31).
#[test]
fn xlsx_without_an_output_file_is_a_usage_error() {
    let r = thidua(&["check", "rules/luat-tdkt-2022", "--data", "data/luat-tdkt-2022", "--format", "xlsx"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--format xlsx cần --output TỆP.xlsx"), "{}", r.stderr);
}
