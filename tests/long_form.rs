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

/// A 1,000-point cluster sheet of 231 nodes (21 groups, 210 criteria), every
/// criterion leader-relative, read from the long form: the shape real
/// sheets of 150–250 criteria come in.
#[test]
fn a_thousand_point_sheet_of_231_nodes_from_the_long_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut pack = String::from(
        "id: tram-tieu-chi\ntitle: \"Bảng 1.000 điểm\"\neffective: { from: 2024-01-01 }\nas_of: 2024-12-31\n\
datasets:\n  don_vi: { subject: unit, key: ma, columns: { ma: text, cum: text } }\n  \
chi_tieu: { subject: unit, key: ma, columns: { ma: text, ma_tc: text, chi_tieu: decimal, thuc_hien: decimal } }\n\
scorecards:\n  - id: cum\n    name: \"Bảng chấm điểm\"\n    dataset: don_vi\n    group_by: cum\n    \
long: { dataset: chi_tieu, criterion: ma_tc }\n    groups:\n",
    );
    let mut long = String::from("ma,ma_tc,chi_tieu,thuc_hien\n");
    // Over target by 50 %, 25 %, 0 % and under it by half.
    let units = [("U1", "150"), ("U2", "125"), ("U3", "100"), ("U4", "50")];
    for g in 1..=21 {
        let max = if g == 21 { "10" } else { "4.5" };
        pack += &format!("      - id: g{g}\n        name: \"Nhóm {g}\"\n        items:\n");
        for i in 1..=10 {
            let variant = ["no_leader: share", "no_leader: full", "zero_target: zero"][(g + i) % 3];
            pack += &format!(
                "          - {{ id: c{g}_{i}, code: \"{g}.{i}\", name: \"Tiêu chí {g}.{i}\", max: {max}, \
method: target_relative, actual: thuc_hien, target: chi_tieu, share: 0.5, {variant} }}\n"
            );
            for (u, actual) in units {
                long += &format!("{u},{g}.{i},100,{actual}\n");
            }
        }
    }
    std::fs::write(dir.path().join("pack.yaml"), pack).unwrap();
    std::fs::write(dir.path().join("don_vi.csv"), "ma,cum\nU1,A\nU2,A\nU3,A\nU4,A\n").unwrap();
    std::fs::write(dir.path().join("chi_tieu.csv"), long).unwrap();
    let p = dir.path().to_str().unwrap();
    let v = thidua(&["validate", p]);
    assert_eq!(v.code, 0, "{}", v.stderr);
    assert!(v.stdout.contains("tối đa 1.000"), "{}", v.stdout);
    assert!(v.stdout.contains("210 tiêu chí đọc"), "{}", v.stdout);
    let r = thidua(&["score", p, "--data", p, "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // By hand, per criterion of 4.5 (of 10): U1 leads, all of it; U2 gets
    // 0.5·max + 0.5·max·0.25/0.5 = 3.375 → 3.38 (7.5); U3 at target 2.25 (5);
    // U4 at half 0.5·max·0.5 = 1.125 → 1.13 (2.5). Totals: 200 criteria of
    // 4.5 and 10 of 10.
    let totals: Vec<(String, String)> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[1].to_string(), f[f.len() - 6].to_string())
        })
        .collect();
    let want = [("U1", "1000"), ("U2", "751"), ("U3", "500"), ("U4", "251")];
    assert_eq!(totals, want.map(|(u, t)| (u.to_string(), t.to_string())).to_vec(), "{}", r.stdout);
}
