//! Sheets made the usual way (#17): headers by their Vietnamese labels,
//! choices by their words, and CSV outputs a spreadsheet shows but never
//! runs.

mod common;
use common::*;

const PACK: &str = "rules/luat-tdkt-2022";

/// `check` of Lao động tiên tiến on one `ca_nhan` file, as CSV.
fn check_ldtt(file: &str) -> Run {
    check_ldtt_as(file, "csv", &[])
}

/// The same in another format, with more options.
fn check_ldtt_as(file: &str, format: &str, extra: &[&str]) -> Run {
    let data = format!("ca_nhan={file}");
    let mut args = vec![
        "check",
        PACK,
        "--data",
        &data,
        "--award",
        "lao_dong_tien_tien",
        "--as-of",
        "2024-12-31",
        "--format",
        format,
    ];
    args.extend(extra);
    thidua(&args)
}

/// The shipped `ca_nhan.csv` with its header and choice cells rewritten.
fn rewritten(dir: &std::path::Path, header: &[(&str, &str)], cells: &[(&str, &str)]) -> String {
    let text = std::fs::read_to_string(root().join("data/luat-tdkt-2022/ca_nhan.csv")).unwrap();
    let mut lines = text.lines();
    let mut head = lines.next().unwrap().to_string();
    for (from, to) in header {
        head = head.replacen(from, to, 1);
    }
    let mut out = head + "\n";
    for l in lines {
        let mut l = l.to_string();
        for (from, to) in cells {
            l = l.replacen(from, to, 1);
        }
        out += &l;
        out += "\n";
    }
    let path = dir.join("ca_nhan.csv");
    std::fs::write(&path, out).unwrap();
    path.display().to_string()
}

#[test]
fn headers_by_label_and_choices_by_words_read_as_the_codes_do() {
    let dir = tempfile::tempdir().unwrap();
    let by_codes = check_ldtt("data/luat-tdkt-2022/ca_nhan.csv");
    assert_eq!(by_codes.code, 0, "{}", by_codes.stderr);
    // Labels in any case and spacing; choices typed as words, in any case.
    let file = rewritten(
        dir.path(),
        &[("ngay_tuyen_dung", "NGÀY  TUYỂN DỤNG"), ("muc_hoan_thanh", "Mức xếp loại hoàn thành nhiệm vụ")],
        &[(",tot,", ",Hoàn thành tốt nhiệm vụ,"), (",xuat_sac,", ",hoàn thành  xuất sắc nhiệm vụ,")],
    );
    let by_words = check_ldtt(&file);
    assert_eq!(by_words.code, 0, "{}", by_words.stderr);
    assert_eq!(by_words.stdout, by_codes.stdout);
}

#[test]
fn a_file_with_none_of_the_columns_is_told_which_it_needs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ca_nhan.csv");
    std::fs::write(&path, "a,b\n1,2\n").unwrap();
    let r = check_ldtt(path.to_str().unwrap());
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "cần các cột (tên mã hoặc nhãn): ma_ca_nhan, ho_ten, ma_don_vi (Mã đơn vị (tập thể) nơi cá nhân công tác), ngay_tuyen_dung (Ngày tuyển dụng)"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn a_misspelt_choice_is_refused_with_the_words_to_type() {
    let dir = tempfile::tempdir().unwrap();
    let file = rewritten(dir.path(), &[], &[(",tot,", ",Hoàn thành tốtt,")]);
    let r = check_ldtt(&file);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(
        r.stderr.contains("giá trị `Hoàn thành tốtt` không hợp lệ, cần một trong: Hoàn thành xuất sắc nhiệm vụ (xuat_sac), Hoàn thành tốt nhiệm vụ (tot)"),
        "{}",
        r.stderr
    );
}

#[test]
fn labels_that_would_read_alike_are_refused_at_load() {
    let s = Scratch::of("luat-tdkt-2022");
    s.edit("pack/pack.yaml", "ngay_tuyen_dung: { type: date, label: \"Ngày tuyển dụng\" }", "ngay_tuyen_dung: { type: date, label: \"Họ tên\" }\n      ho_ten_khac: { type: text, optional: true, label: \"HỌ TÊN\" }");
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("tiêu đề «họ tên» vừa chỉ cột"), "{}", r.stderr);
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_written_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = rewritten(dir.path(), &[], &[("Nguyễn Văn An", "=1+1"), ("Trần Thị Bình", "<b>Bình</b>")]);
    let r = check_ldtt(&file);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\nCN001,'=1+1,ca_nhan,"), "{}", r.stdout);
    let md = check_ldtt_as(&file, "md", &[]);
    assert!(md.stdout.contains("| CN002 | &lt;b&gt;Bình&lt;/b&gt; |"), "{}", md.stdout);
}

#[test]
fn a_checklist_column_reads_a_mark_as_yes_and_a_blank_as_no() {
    let s = Scratch::of("luat-tdkt-2022");
    let run = || {
        thidua(&[
            "check",
            &s.p("pack"),
            "--data",
            &s.p("data"),
            "--award",
            "lao_dong_tien_tien",
            "--as-of",
            "2024-12-31",
            "--format",
            "csv",
        ])
    };
    let by_words = run();
    assert_eq!(by_words.code, 0, "{}", by_words.stderr);
    s.edit("pack/pack.yaml", "tu_luc_doan_ket: { type: bool,", "tu_luc_doan_ket: { type: bool, checklist: true,");
    // The same file kept as a checklist: `x` for có, nothing for không.
    let text = std::fs::read_to_string(s.path("data/ca_nhan.csv")).unwrap();
    let marked: String = text
        .lines()
        .map(|l| {
            let mut f: Vec<&str> = l.split(',').collect();
            f[5] = match f[5] {
                "có" => "X",
                "không" => "",
                other => other,
            };
            f.join(",") + "\n"
        })
        .collect();
    assert!(marked.contains(",X,") && marked.contains(",,"), "{marked}");
    s.write("data/ca_nhan.csv", marked.as_bytes());
    let by_marks = run();
    assert_eq!(by_marks.code, 0, "{}", by_marks.stderr);
    assert_eq!(by_marks.stdout, by_words.stdout);
    // Only a required yes/no column can be a checklist.
    s.edit("pack/pack.yaml", "ngay_tuyen_dung: { type: date,", "ngay_tuyen_dung: { type: date, checklist: true,");
    let v = thidua(&["validate", &s.p("pack")]);
    assert_eq!(v.code, 3, "{}", v.stderr);
    assert!(
        v.stderr.contains("cột `ngay_tuyen_dung` có `checklist: true` nhưng không phải cột có/không bắt buộc"),
        "{}",
        v.stderr
    );
}

#[test]
fn awards_left_out_for_lack_of_data_are_named() {
    let r = thidua(&[
        "check",
        PACK,
        "--data",
        "ca_nhan=data/luat-tdkt-2022/ca_nhan.csv",
        "--as-of",
        "2024-12-31",
        "--format",
        "csv",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("cảnh báo: không xét «Tập thể lao động xuất sắc» vì thiếu dữ liệu (--data tap_the=…)"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("lao_dong_tien_tien"), "{}", r.stdout);
}

#[test]
fn semicolon_and_unicode_text_exports_read_as_the_comma_file_does() {
    let dir = tempfile::tempdir().unwrap();
    let by_commas = check_ldtt("data/luat-tdkt-2022/ca_nhan.csv");
    let text = std::fs::read_to_string(root().join("data/luat-tdkt-2022/ca_nhan.csv")).unwrap();
    // A European locale's "CSV": semicolons (no cell of this file holds one).
    let semi = dir.path().join("semi.csv");
    std::fs::write(&semi, text.replace(',', ";")).unwrap();
    let r = check_ldtt(semi.to_str().unwrap());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, by_commas.stdout);
    // Excel's "Unicode Text": UTF-16 little-endian with a BOM, tabs, CRLF.
    let tabbed = text.replace(',', "\t").replace('\n', "\r\n");
    let mut bytes = vec![0xFF, 0xFE];
    for u in tabbed.encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let utf16 = dir.path().join("unicode.txt");
    std::fs::write(&utf16, bytes).unwrap();
    let r = check_ldtt(utf16.to_str().unwrap());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, by_commas.stdout);
}

#[test]
fn title_rows_above_a_csv_header_are_skipped_and_rows_keep_their_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("data/luat-tdkt-2022/ca_nhan.csv")).unwrap();
    let titled = format!("BÁO CÁO THI ĐUA NĂM 2024,,,\nĐơn vị: UBND xã,,,\n{text}");
    let path = dir.path().join("ca_nhan.csv");
    std::fs::write(&path, &titled).unwrap();
    let r = check_ldtt(path.to_str().unwrap());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, check_ldtt("data/luat-tdkt-2022/ca_nhan.csv").stdout);
    // CN002 is the fifth row of the sheet: errors say so.
    std::fs::write(&path, titled.replacen("02/09/2012,xuat_sac", "02/09/2012,xuatsac", 1)).unwrap();
    let r = check_ldtt(path.to_str().unwrap());
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("ca_nhan.csv, dòng 5, cột \"muc_hoan_thanh\": giá trị `xuatsac`"), "{}", r.stderr);
}

// Files LibreOffice made (scripts/make-sheet-fixtures.sh), as a commune
// office's machine saves them.
const SHEETS: &str = "tests/fixtures/sheets";

#[test]
fn a_workbook_saved_on_a_vietnamese_machine_reads_as_the_csv_does() {
    let r = check_ldtt(&format!("{SHEETS}/ca_nhan_may_vi.xlsx"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, check_ldtt("data/luat-tdkt-2022/ca_nhan.csv").stdout);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn decimal_commas_and_points_from_either_machine_score_alike() {
    // The pack declares `format: vi`; the US machine's file writes points.
    let score = |file: &str| {
        let data = format!("don_vi={file}");
        thidua(&["score", "rules/cum-thi-dua-vi-2024", "--data", &data, "--format", "csv"])
    };
    let shipped = score("data/cum-thi-dua-vi-2024/don_vi.csv");
    assert_eq!(shipped.code, 0, "{}", shipped.stderr);
    for f in ["don_vi_cham_phay.csv", "don_vi_may_en.csv"] {
        let r = score(&format!("{SHEETS}/{f}"));
        assert_eq!(r.code, 0, "{f}: {}", r.stderr);
        assert_eq!(r.stdout, shipped.stdout, "{f}");
    }
}

#[test]
fn real_and_text_dates_in_one_column_are_named_in_a_warning_and_the_manifest() {
    // Opened on a US machine, 02/09/2012 became a real date (9 February)
    // and 15/03/2015 stayed text: both kinds are named.
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("m.json");
    let r = check_ldtt_as(&format!("{SHEETS}/ca_nhan_may_en.xlsx"), "csv", &["--manifest", manifest.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let warning = "cảnh báo: tests/fixtures/sheets/ca_nhan_may_en.xlsx, cột \"ngay_tuyen_dung\": cột có ngày nhập đúng kiểu ngày (như ô ca_nhan!D3: ngày 9 tháng 2 năm 2012) lẫn ngày ghi bằng chữ: ca_nhan!D2 `15/03/2015` (đọc là ngày 15 tháng 3 năm 2015);";
    assert!(r.stderr.contains(warning), "{}", r.stderr);
    assert!(r.stderr.contains("và 5 ô khác"), "{}", r.stderr);
    let recorded: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    let warnings = recorded["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].as_str().unwrap().starts_with(warning));
    // Re-run from the manifest, the same bytes.
    let v = thidua(&["verify", manifest.to_str().unwrap()]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
}

#[test]
fn two_digit_years_a_short_date_format_saves_are_refused_with_what_to_do() {
    // LibreOffice in Vietnamese saves CSV dates as 15/03/15; the semicolon
    // and "Unicode Text" exports read up to their dates.
    for f in ["ca_nhan_cham_phay.csv", "ca_nhan_unicode.txt"] {
        let r = check_ldtt(&format!("{SHEETS}/{f}"));
        assert_eq!(r.code, 4, "{f}: {}", r.stderr);
        let first = format!(
            "lỗi: {SHEETS}/{f}, dòng 2, cột \"ngay_tuyen_dung\": `15/03/15` ghi năm bằng hai chữ số, không biết là năm 20.. hay 19..: ghi đủ bốn chữ số (như 15/03/2015)"
        );
        assert!(r.stderr.starts_with(&first), "{f}: {}", r.stderr);
        // Nothing else in those files is refused.
        assert_eq!(r.stderr.matches("hai chữ số").count(), r.stderr.lines().filter(|l| l.starts_with("lỗi")).count());
    }
}
