//! Workbooks in: the same data as .xlsx and as .csv gives the same results;
//! errors name the sheet and cell.

mod common;
use common::*;

fn json_without_rows(text: &str, list: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
    for u in v[list].as_array_mut().unwrap() {
        u.as_object_mut().unwrap().remove("row");
    }
    v
}

#[test]
fn cluster_scores_from_xlsx_equal_those_from_csv() {
    // The workbook has a notes sheet first, a title row above the header,
    // numbers stored as numbers, and one column left as Vietnamese text.
    let x = thidua(&[
        "score",
        "rules/cum-thi-dua-vi-2024",
        "--data",
        "don_vi=tests/fixtures/xlsx/don_vi.xlsx",
        "--format",
        "json",
    ]);
    let c = thidua(&["score", "rules/cum-thi-dua-vi-2024", "--data", "data/cum-thi-dua-vi-2024", "--format", "json"]);
    assert_eq!(x.code, 0, "{}", x.stderr);
    assert_eq!(json_without_rows(&x.stdout, "units"), json_without_rows(&c.stdout, "units"));
}

#[test]
fn eligibility_from_xlsx_with_real_dates_equals_csv() {
    let x = thidua(&[
        "check",
        "rules/luat-tdkt-2022",
        "--data",
        "ca_nhan=tests/fixtures/xlsx/ca_nhan.xlsx",
        "--as-of",
        "2024-12-31",
        "--format",
        "csv",
    ]);
    let c = thidua(&[
        "check",
        "rules/luat-tdkt-2022",
        "--data",
        "data/luat-tdkt-2022/ca_nhan.csv",
        "--as-of",
        "2024-12-31",
        "--format",
        "csv",
    ]);
    assert_eq!(x.code, 0, "{}", x.stderr);
    assert_eq!(x.stdout, c.stdout);
}

#[test]
fn a_bad_cell_is_named_by_sheet_and_cell() {
    let r = thidua(&[
        "check",
        "rules/luat-tdkt-2022",
        "--data",
        "ca_nhan=tests/fixtures/xlsx/ca_nhan_loi.xlsx",
        "--as-of",
        "2024-12-31",
    ]);
    assert_eq!(r.code, 4);
    assert!(
        r.stderr.contains("tests/fixtures/xlsx/ca_nhan_loi.xlsx, Cá nhân!G5, cột \"so_sang_kien\": giá trị `một` không hợp lệ, cần số nguyên"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_missing_sheet_lists_the_sheets() {
    let r = thidua(&[
        "score",
        "rules/cum-thi-dua-vi-2024",
        "--data",
        "don_vi=tests/fixtures/xlsx/don_vi.xlsx",
        "--sheet",
        "Trang 1",
    ]);
    assert_eq!(r.code, 4);
    assert!(r.stderr.contains("trang tính `Trang 1` không có, hoặc không có cột khóa `ma_don_vi` ở 20 dòng đầu; sổ tính có: Ghi chú, Bảng số liệu"), "{}", r.stderr);
}
