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

#[test]
fn the_conference_workbook_holds_the_json_numbers() {
    use calamine::{open_workbook_auto, Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bang_diem.xlsx").display().to_string();
    let args = ["score", "rules/cum-thi-dua-vi-2024", "--data", "data/cum-thi-dua-vi-2024"];
    let mut x = args.to_vec();
    x.extend(["--format", "xlsx", "--output", &out]);
    assert_eq!(thidua(&x).code, 0);
    let mut j = args.to_vec();
    j.extend(["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&thidua(&j).stdout).unwrap();
    let mut wb = open_workbook_auto(&out).unwrap();
    assert_eq!(wb.sheet_names(), ["Tổng hợp", "Cụm VI"]);
    let sheet = wb.worksheet_range("Cụm VI").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let header = rows.iter().position(|r| r.first() == Some(&Data::String("Tiêu chí".into()))).unwrap();
    let total_row = rows.iter().find(|r| r.first() == Some(&Data::String("TỔNG ĐIỂM".into()))).unwrap();
    let units = json["units"].as_array().unwrap();
    for (k, u) in units.iter().enumerate() {
        // The column header starts with the unit's key.
        let head = match &rows[header][2 + k] {
            Data::String(s) => s.clone(),
            other => panic!("{other:?}"),
        };
        assert!(head.starts_with(u["unit"].as_str().unwrap()), "{head}");
        let want: f64 = u["total"].as_str().unwrap().parse().unwrap();
        match &total_row[2 + k] {
            Data::Float(f) => assert!((f - want).abs() < 1e-9, "{f} vs {want}"),
            Data::Int(i) => assert_eq!(*i as f64, want),
            other => panic!("total is not a number: {other:?}"),
        }
    }
    // Same bytes on a second run.
    let out2 = dir.path().join("lan2.xlsx").display().to_string();
    let mut x2 = args.to_vec();
    x2.extend(["--format", "xlsx", "--output", &out2]);
    assert_eq!(thidua(&x2).code, 0);
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&out2).unwrap());
}

#[test]
fn check_workbook_has_a_row_per_result_and_xlsx_needs_an_output_file() {
    use calamine::{open_workbook_auto, Reader};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ket_qua.xlsx").display().to_string();
    let r =
        thidua(&["check", "rules/yen-chau-2023", "--data", "data/yen-chau-2023", "--format", "xlsx", "--output", &out]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut wb = open_workbook_auto(&out).unwrap();
    let range = wb.worksheet_range("Kết quả xét").unwrap();
    assert_eq!(range.rows().count(), 1 + 18);
    let r = thidua(&["check", "rules/yen-chau-2023", "--data", "data/yen-chau-2023", "--format", "xlsx"]);
    assert_eq!(r.code, 7);
    assert!(r.stderr.contains("--format xlsx cần --output"), "{}", r.stderr);
}

#[test]
fn html_is_well_formed_and_holds_the_tables_and_chart() {
    let r = thidua(&["score", "rules/cum-thi-dua-vi-2024", "--data", "data/cum-thi-dua-vi-2024", "--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = r.stdout.replacen("<!DOCTYPE html>\n", "", 1);
    let doc = roxmltree::Document::parse(&html).expect("well-formed XHTML");
    let tables = doc.descendants().filter(|n| n.has_tag_name("table")).count();
    assert_eq!(tables, 2);
    let bars = doc.descendants().filter(|n| n.has_tag_name("rect")).count();
    assert_eq!(bars, 7, "one bar per commune");
    let text: String = doc.descendants().filter(|n| n.is_text()).map(|n| n.text().unwrap_or("")).collect();
    assert!(
        text.contains("Tổng điểm") && text.contains("104.47") && text.contains("Cờ thi đua của UBND tỉnh"),
        "{text}"
    );
    assert!(!html.contains("<link") && !html.contains("<script") && !html.contains("src="), "self-contained");
    let r = thidua(&["check", "rules/yen-chau-2023", "--data", "data/yen-chau-2023", "--format", "html"]);
    let html = r.stdout.replacen("<!DOCTYPE html>\n", "", 1);
    let doc = roxmltree::Document::parse(&html).expect("well-formed XHTML");
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("tr")).count(), 1 + 18);
}
