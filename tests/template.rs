//! `thidua template` (#17): the workbook a council hands out. Filled with a
//! shipped pack's data and read back, it gives exactly the same results as
//! the CSV files it was made from, for every shipped pack.

mod common;
use common::*;

/// Each shipped pack, the evaluation date its data is for, whether it has
/// awards to check, and its scorecards.
const PACKS: &[(&str, &str, bool, &[&str])] = &[
    ("luat-tdkt-2022", "2024-12-31", true, &[]),
    ("nd-91-2017", "2023-12-31", true, &[]),
    ("yen-chau-2023", "2023-06-30", true, &[]),
    ("cho-chu-2024", "2024-12-31", true, &["phong_trao_thi_dua_2024"]),
    ("cum-thi-dua-vi-2024", "2024-12-31", false, &["cum_thi_dua_vi"]),
    ("dong-tan-2024", "2024-12-31", true, &["cham_diem_chi_tieu_kt_xh_2024"]),
    ("my-loc-2023", "2023-12-31", true, &["cham_diem_xa_thi_tran_2023"]),
];

fn run(args: &[String]) -> String {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = thidua(&a);
    assert!(r.code == 0 || r.code == 1, "{a:?}: {}", r.stderr);
    r.stdout
}

#[test]
fn every_shipped_packs_data_round_trips_through_its_template() {
    let dir = tempfile::tempdir().unwrap();
    for (pack, as_of, awards, scorecards) in PACKS {
        let (rules, data) = (format!("rules/{pack}"), format!("data/{pack}"));
        let book = dir.path().join(format!("{pack}.xlsx")).display().to_string();
        let made = thidua(&["template", &rules, "--data", &data, "--output", &book]);
        assert_eq!(made.code, 0, "{pack}: {}", made.stderr);
        // The same data, every dataset read from its sheet of the workbook.
        let mut from_book: Vec<String> = Vec::new();
        for f in std::fs::read_dir(root().join(&data)).unwrap() {
            let stem = f.unwrap().path().file_stem().unwrap().to_string_lossy().to_string();
            from_book.extend(["--data".to_string(), format!("{stem}={book}")]);
        }
        let base = |cmd: &str| {
            vec![cmd.to_string(), rules.clone(), "--as-of".into(), as_of.to_string(), "--format".into(), "csv".into()]
        };
        let with = |mut args: Vec<String>, data: &[String]| {
            args.extend_from_slice(data);
            args
        };
        let csv_data = ["--data".to_string(), data.clone()];
        if *awards {
            let a = run(&with(base("check"), &csv_data));
            let b = run(&with(base("check"), &from_book));
            assert!(a.lines().count() > 1, "{pack}: {a}");
            assert_eq!(a, b, "{pack}: check differs when read from the template");
        }
        for sc in *scorecards {
            let mut args = base("score");
            args.extend(["--scorecard".to_string(), sc.to_string()]);
            let a = run(&with(args.clone(), &csv_data));
            let b = run(&with(args, &from_book));
            assert_eq!(a, b, "{pack} {sc}: score differs when read from the template");
        }
    }
}

#[test]
fn the_template_names_an_unknown_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mau.xlsx").display().to_string();
    let r = thidua(&["template", "rules/luat-tdkt-2022", "--dataset", "ca_nhann", "--output", &out]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("không có bảng dữ liệu `ca_nhann` (có phải `ca_nhan`?)"), "{}", r.stderr);
    let r = thidua(&["template", "rules/luat-tdkt-2022", "--dataset", "ca_nhan", "--output", &out]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::metadata(&out).unwrap().len() > 1000);
}

/// The guide names, for each column, what reads it: award criteria, what an
/// award applies to, scorecard items, the cluster column.
#[test]
fn the_guide_names_every_rule_reading_a_column() {
    use calamine::Reader;
    let dir = tempfile::tempdir().unwrap();
    let guide = |pack: &str| -> Vec<(String, String)> {
        let book = dir.path().join(format!("{}.xlsx", pack.replace('/', "_")));
        let folder = if pack.contains('/') { pack.to_string() } else { format!("rules/{pack}") };
        let r = thidua(&["template", &folder, "--output", book.to_str().unwrap()]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
        let range = wb.worksheet_range("Hướng dẫn").unwrap();
        range.rows().skip(1).map(|row| (row[2].to_string(), row[5].to_string())).collect()
    };
    let sc = guide("cum-thi-dua-vi-2024");
    let read_by = |rows: &[(String, String)], code: &str| {
        rows.iter().find(|(c, _)| c == code).map(|(_, r)| r.clone()).unwrap_or_else(|| panic!("{code}"))
    };
    assert!(
        read_by(&sc, "so_vu_tngt_nghiem_trong").contains("Không để xảy ra tai nạn giao thông nghiêm trọng"),
        "{sc:#?}"
    );
    assert!(read_by(&sc, "ma_cum").contains("cụm của đơn vị"), "{sc:#?}");
    assert!(read_by(&sc, "so_phieu_suy_ton").contains("tỷ lệ phiếu bầu"), "{sc:#?}");
    // Columns read from another dataset's rules: the members' by the
    // collective's (`thanh_vien`), the collective's by its members' (`tap_the`).
    let district = guide("khen-thuong-huyen-2024");
    assert!(
        read_by(&district, "lao_dong_tien_tien")
            .contains("Giấy khen của Chủ tịch UBND huyện cho tập thể: Từ 70 % cán bộ"),
        "{district:#?}"
    );
    let ranked = guide("tests/fixtures/ranked-choices");
    let by: Vec<&String> = ranked.iter().filter(|(c, _)| c == "xep_loai").map(|(_, r)| r).collect();
    assert!(
        by.iter().any(|r| r.contains("Lao động tiên tiến: Tổ trưởng không được xếp loại cao hơn tập thể")),
        "{ranked:#?}"
    );
    // Every column of the scorecard's sheet is read by something.
    for (code, by) in &sc {
        let code = code.split(' ').next().unwrap();
        if !["ten_don_vi", "ma_don_vi"].contains(&code) {
            assert!(!by.is_empty(), "{code} is read by nothing in {sc:#?}");
        }
    }
}
