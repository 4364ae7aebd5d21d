//! A scorecard fed by several files (#16): unit details, results joined by
//! key, and results in the long form (one row per unit and criterion).
//! Points are computed by hand in tests/fixtures/long-form/tests/.

mod common;
use common::*;

const DIR: &str = "tests/fixtures/long-form";

#[test]
fn three_files_make_one_conference_table() {
    let r = thidua(&["score", DIR, "--data", DIR, "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let want = "\u{feff}\
cum,ma,ten,kinh_te,thu_ngan_sach,tang_truong,xa_hoi,van_hoa,mo_hinh,tong_diem,xep_loai,xep_hang,loai_tru,de_nghi,ghi_chu
A,A1,Xã An,17,10,7,8,5,3,25,,1,không,,
A,A2,Xã Bình,19,9,10,5,0,5,24,,2,không,,
A,A3,Xã Châu,12.5,10,2.5,5,5,0,17.5,,3,không,,
";
    assert_eq!(r.stdout, want);
    let t = thidua(&["test", DIR]);
    assert_eq!(t.code, 0, "{}{}", t.stdout, t.stderr);
    assert!(t.stdout.ends_with("1 passed, 0 failed\n"), "{}", t.stdout);
}

#[test]
fn validate_shows_where_the_units_come_from_and_each_code() {
    let r = thidua(&["validate", DIR]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Dữ liệu: `don_vi` (đơn vị) + `ket_qua` (ghép theo mã) + `chi_tieu` (dạng dài: mã tiêu chí ở cột `ma_tieu_chi`, 3 tiêu chí đọc)"), "{}", r.stdout);
    assert!(
        r.stdout.contains("2. Tăng trưởng so với đơn vị dẫn đầu — 10 (đạt chỉ tiêu + so với đơn vị dẫn đầu, mã `1.2`)"),
        "{}",
        r.stdout
    );
    // Three datasets: the composed one is no file to give.
    assert!(r.stdout.contains("3 bảng dữ liệu"), "{}", r.stdout);
}

/// Runs `score` on the scratch copy after `edit` of one data file.
fn score_after(file: &str, from: &str, to: &str) -> Run {
    let s = Scratch::fixture("long-form");
    s.edit(&format!("pack/{file}"), from, to);
    thidua(&["score", &s.p("pack"), "--data", &s.p("pack")])
}

#[test]
fn a_misspelt_criterion_code_is_refused_with_the_likely_one() {
    let r = score_after("chi_tieu.csv", "A2,2.2,", "A2,2.3,");
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "chi_tieu.csv, dòng 7, cột \"ma_tieu_chi\": mã tiêu chí `2.3` không có trong bảng chấm điểm (có phải `2."
        ),
        "{}",
        r.stderr
    );
    // …and the unit left without that row is named too.
    assert!(r.stderr.contains("đơn vị `A2` không có dòng của tiêu chí `2.2` trong tệp"), "{}", r.stderr);
}

#[test]
fn a_row_for_no_unit_and_a_unit_without_its_row_are_refused() {
    let r = score_after("ket_qua.csv", "A2,90,100", "A9,90,100");
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(
        r.stderr.contains("ket_qua.csv, dòng 4, cột \"ma_dv\": mã `A9` không có trong danh sách đơn vị"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("don_vi.csv, dòng 3: đơn vị `A2` không có dòng nào trong tệp"), "{}", r.stderr);
    let en = {
        let s = Scratch::fixture("long-form");
        s.edit("pack/ket_qua.csv", "A2,90,100", "A9,90,100");
        thidua(&["score", &s.p("pack"), "--data", &s.p("pack"), "--lang", "en"])
    };
    assert!(en.stderr.contains("key `A9` is not in the list of units"), "{}", en.stderr);
}

#[test]
fn a_repeated_unit_and_criterion_is_a_duplicate() {
    let r = score_after("chi_tieu.csv", "A3,2.2,,,,0", "A3,2.1,,,không,");
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(
        r.stderr.contains("chi_tieu.csv, dòng 10, cột \"ma_dv\": mã `A3 / 2.1` bị trùng với dòng 9"),
        "{}",
        r.stderr
    );
}

/// Runs `validate` on the scratch copy after `edit` of its pack.yaml.
fn validate_after(from: &str, to: &str) -> Run {
    let s = Scratch::fixture("long-form");
    s.edit("pack/pack.yaml", from, to);
    thidua(&["validate", &s.p("pack")])
}

#[test]
fn ambiguous_or_wrong_sources_are_refused_at_load() {
    // A column in two of the files: which one is meant?
    let r = validate_after(
        "      thu_ngan_sach: decimal\n      du_toan",
        "      thu_ngan_sach: decimal\n      ten: text\n      du_toan",
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("cột `ten` có ở cả bảng `don_vi` và bảng `ket_qua`"), "{}", r.stderr);
    // Two criteria with one code.
    let r = validate_after("code: \"2.2\"", "code: \"2.1\"");
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("mã tiêu chí `2.1` trùng với tiêu chí ở"), "{}", r.stderr);
    // A long-form column read outside a criterion (a disqualifying gate).
    let r = validate_after(
        "    groups:\n",
        "    disqualify:\n      - { id: g, text: \"G\", when: \"dat\" }\n    groups:\n",
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("`dat`"), "{}", r.stderr);
    // A misspelt criterion column, and a dataset named twice.
    let r = validate_after("criterion: ma_tieu_chi", "criterion: ma_tieuchi");
    assert!(r.stderr.contains("không có cột `ma_tieuchi` (có phải `ma_tieu_chi`?)"), "{}", r.stderr);
    let r = validate_after("join: [ket_qua]", "join: [ket_qua, chi_tieu]");
    assert!(r.stderr.contains("bảng `chi_tieu` được ghi hai lần trong `join`/`long`"), "{}", r.stderr);
}
