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
    let total_row = rows.iter().find(|r| r.first() == Some(&Data::String("Tổng điểm".into()))).unwrap();
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
    assert_eq!(r.code, 2, "a usage error, said before the run (#31)");
    assert!(r.stderr.contains("--format xlsx cần --output TỆP.xlsx"), "{}", r.stderr);
}

#[test]
fn html_is_well_formed_and_holds_the_tables_and_chart() {
    let r = thidua(&["score", "rules/cum-thi-dua-vi-2024", "--data", "data/cum-thi-dua-vi-2024", "--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = r.stdout.replacen("<!DOCTYPE html>\n", "", 1);
    let doc = roxmltree::Document::parse(&html).expect("well-formed XHTML");
    let tables = doc.descendants().filter(|n| n.has_tag_name("table")).count();
    assert_eq!(tables, 3, "the sheet, the ranking, the stage differences");
    let bars = doc.descendants().filter(|n| n.has_tag_name("rect")).count();
    assert_eq!(bars, 7, "one bar per commune");
    let text: String = doc.descendants().filter(|n| n.is_text()).map(|n| n.text().unwrap_or("")).collect();
    assert!(
        text.contains("Tổng điểm") && text.contains("104,47") && text.contains("Cờ thi đua của UBND tỉnh"),
        "{text}"
    );
    assert!(!html.contains("<link") && !html.contains("<script") && !html.contains("src="), "self-contained");
    let r = thidua(&["check", "rules/yen-chau-2023", "--data", "data/yen-chau-2023", "--format", "html"]);
    let html = r.stdout.replacen("<!DOCTYPE html>\n", "", 1);
    let doc = roxmltree::Document::parse(&html).expect("well-formed XHTML");
    // One list per award, one row per result.
    let rows = doc.descendants().filter(|n| n.has_tag_name("td") && n.attribute("class") == Some("key")).count();
    assert_eq!(rows, 18);
}

/// A workbook with the key column header, one person, and `extra` cells.
fn small_workbook(path: &std::path::Path, extra: &[(u32, u16, &str)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let header = std::fs::read_to_string(root().join("data/luat-tdkt-2022/ca_nhan.csv")).unwrap();
    let lines: Vec<&str> = header.lines().take(2).collect();
    for (r, line) in lines.iter().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    for (r, c, text) in extra {
        ws.write_string(*r, *c, *text).unwrap();
    }
    wb.save(path).unwrap();
}

fn check_workbook(path: &std::path::Path) -> (Run, std::time::Duration) {
    let t = std::time::Instant::now();
    let p = format!("ca_nhan={}", path.display());
    let r = thidua(&["check", "rules/luat-tdkt-2022", "--data", &p, "--as-of", "2024-12-31"]);
    (r, t.elapsed())
}

#[test]
fn a_stray_cell_at_the_end_of_the_grid_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ca_nhan.xlsx");
    small_workbook(&path, &[(1_048_575, 16_383, "x")]);
    let (r, took) = check_workbook(&path);
    assert!(took.as_secs() < 5, "took {took:?}");
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("Sheet1!XFD1048576: ô này nằm quá xa các ô khác"), "{}", r.stderr);
    // The same workbook without the stray cell reads.
    small_workbook(&path, &[]);
    assert_eq!(check_workbook(&path).0.code, 0);
}

#[test]
fn a_workbook_that_unpacks_to_gigabytes_is_refused_before_unpacking() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.xlsx");
    small_workbook(&plain, &[]);
    // The same workbook with 300 MB of blanks inside <sheetData>: it packs
    // to a few hundred kilobytes.
    let bomb = dir.path().join("ca_nhan.xlsx");
    let mut src = zip::ZipArchive::new(std::fs::File::open(&plain).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(&bomb).unwrap());
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    for i in 0..src.len() {
        let mut entry = src.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        out.start_file(name.as_str(), opts).unwrap();
        if name.ends_with("sheet1.xml") {
            let text = String::from_utf8(bytes).unwrap();
            let (head, tail) = text.split_once("<sheetData>").unwrap();
            out.write_all(head.as_bytes()).unwrap();
            out.write_all(b"<sheetData>").unwrap();
            let blanks = vec![b' '; 1 << 20];
            for _ in 0..300 {
                out.write_all(&blanks).unwrap();
            }
            out.write_all(tail.as_bytes()).unwrap();
        } else {
            out.write_all(&bytes).unwrap();
        }
    }
    out.finish().unwrap();
    assert!(std::fs::metadata(&bomb).unwrap().len() < 2 << 20);
    let (r, took) = check_workbook(&bomb);
    assert!(took.as_secs() < 5, "took {took:?}");
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("sổ tính giải nén ra quá "), "{}", r.stderr);
    assert!(r.stderr.contains(" MB (đến phần `xl/worksheets/sheet1.xml`)"), "{}", r.stderr);
    assert!(r.stderr.contains(" MB (đến phần `xl/worksheets/sheet1.xml`)"), "{}", r.stderr);
}

/// The workbooks are documents, as the HTML is: the issuing body and the
/// Quốc hiệu on top, the title and date line, the signature block; the
/// check workbook's first sheet is the short list a meeting reads (the
/// authority once per award), the reasons on a second sheet whose header
/// row prints on every page (#29, item 3).
#[test]
fn workbooks_carry_the_documents_header_and_signatures() {
    use calamine::{open_workbook_auto, Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let texts = |path: &str, sheet: &str| -> Vec<String> {
        let mut wb = open_workbook_auto(path).unwrap();
        let range = wb.worksheet_range(sheet).unwrap();
        range.used_cells().filter(|&(_, _, c)| matches!(c, Data::String(_))).map(|(_, _, c)| c.to_string()).collect()
    };
    let check = dir.path().join("kq.xlsx").display().to_string();
    let r = thidua(&[
        "check",
        "rules/luat-tdkt-2022",
        "--data",
        "data/luat-tdkt-2022",
        "--as-of",
        "2024-12-31",
        "--format",
        "xlsx",
        "--output",
        &check,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let names = open_workbook_auto(&check).unwrap().sheet_names();
    assert_eq!(names, ["Danh sách đề nghị", "Kết quả xét"]);
    let list = texts(&check, "Danh sách đề nghị");
    for want in
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Ngày xét: 31/12/2024", "NGƯỜI LẬP BIỂU"]
    {
        assert!(list.iter().any(|t| t == want), "{want} in {list:?}");
    }
    assert!(list.iter().any(|t| t == "XÉT DANH HIỆU THI ĐUA THEO LUẬT THI ĐUA, KHEN THƯỞNG 2022"), "{list:?}");
    // The authority once per award with results, not once per row.
    let awards = list.iter().filter(|t| t.starts_with("Thẩm quyền:")).count();
    let headings = list.iter().filter(|t| t.contains("lượt xét")).count();
    assert_eq!(awards, headings, "{list:?}");
    assert!(!texts(&check, "Kết quả xét").iter().any(|t| t.starts_with("Chủ tịch UBND")), "no authority column");
    // The header row of the results repeats on every printed page.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&check).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains("_xlnm.Print_Titles"), "{xml}");
    // The score workbook's summary: the cluster's header and its signers.
    let score = dir.path().join("bd.xlsx").display().to_string();
    let r = thidua(&[
        "score",
        "rules/cum-thi-dua-vi-2024",
        "--data",
        "data/cum-thi-dua-vi-2024",
        "--format",
        "xlsx",
        "--output",
        &score,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let summary = texts(&score, "Tổng hợp");
    for want in [
        "UBND HUYỆN HỮU LŨNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TRƯỞNG CỤM THI ĐUA",
        "Hữu Lũng, ngày …… tháng …… năm 2024",
    ] {
        assert!(summary.iter().any(|t| t == want), "{want} in {summary:?}");
    }
}
