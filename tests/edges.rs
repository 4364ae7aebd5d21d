//! No silent wrong answer at the edges (#27): every row lands somewhere,
//! every cell means what it shows, arithmetic and order never surprise,
//! rules stay inside their limits. Each test runs the real binary on a
//! scratch copy of a shipped pack or fixture, broken the way offices' files
//! really are, and asserts the refusal (exit code, place, words) or the
//! result.

mod common;
use common::*;

const LAW: &str = "luat-tdkt-2022";
const CLUSTER: &str = "cum-thi-dua-vi-2024";

fn check(s: &Scratch, data: &[&str], extra: &[&str]) -> Run {
    let pack = s.p("pack");
    let mut args = vec!["check".to_string(), pack, "--as-of".into(), "2024-12-31".into()];
    for d in data {
        args.push("--data".into());
        args.push(d.to_string());
    }
    args.extend(extra.iter().map(|x| x.to_string()));
    thidua(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

fn score(s: &Scratch, extra: &[&str]) -> Run {
    let (pack, data) = (s.p("pack"), s.p("data"));
    let mut args = vec!["score", pack.as_str(), "--data", data.as_str(), "--as-of", "2024-12-31"];
    args.extend(extra);
    thidua(&args)
}

// 1. Every row lands somewhere.

#[test]
fn two_files_for_one_dataset_are_refused_naming_both() {
    let s = Scratch::of(LAW);
    let text = std::fs::read_to_string(s.path("data/ca_nhan.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let (a, b) = rows.split_at(rows.len() / 2);
    s.write("thon1.csv", format!("{header}\n{}\n", a.join("\n")).as_bytes());
    s.write("thon2.csv", format!("{header}\n{}\n", b.join("\n")).as_bytes());
    let (one, two) = (format!("ca_nhan={}", s.p("thon1.csv")), format!("ca_nhan={}", s.p("thon2.csv")));
    let r = check(&s, &[&one, &two], &["--award", "lao_dong_tien_tien"]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains(&s.p("thon1.csv")) && r.stderr.contains(&s.p("thon2.csv")), "{}", r.stderr);
    assert!(r.stderr.contains("gộp các dòng vào một tệp"), "{}", r.stderr);
    // A folder holding the dataset twice (CSV and workbook) is refused too.
    std::fs::copy(s.path("data/ca_nhan.csv"), s.path("data/ca_nhan.xlsx")).unwrap();
    let r = check(&s, &[&s.p("data")], &["--award", "lao_dong_tien_tien"]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("ca_nhan.xlsx") && r.stderr.contains("ca_nhan.csv"), "{}", r.stderr);
}

#[test]
fn a_history_row_for_nobody_is_refused_unless_the_pack_allows_it() {
    let s = Scratch::of(LAW);
    s.edit("data/lich_su.csv", "CN001,2023,", "CN01,2023,");
    let r = check(&s, &[&s.p("data")], &[]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("lich_su.csv, dòng 2, cột \"ma_ca_nhan\""), "{}", r.stderr);
    assert!(r.stderr.contains("mã `CN01` không có trong bảng `ca_nhan_xet_cao`"), "{}", r.stderr);
    assert!(r.stderr.contains("unmatched: ignore"), "{}", r.stderr);
    s.edit(
        "pack/pack.yaml",
        "history: { of: ca_nhan_xet_cao, year: nam, title: danh_hieu }",
        "history: { of: ca_nhan_xet_cao, year: nam, title: danh_hieu, unmatched: ignore }",
    );
    let r = check(&s, &[&s.p("data")], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_member_of_no_collective_is_refused() {
    let s = Scratch::of(LAW);
    s.edit("data/ca_nhan.csv", "CN001,Nguyễn Văn An,UBX,", "CN001,Nguyễn Văn An,UBX.,");
    let r = check(&s, &[&s.p("data")], &[]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("ca_nhan.csv, dòng 2, cột \"ma_don_vi\""), "{}", r.stderr);
    assert!(r.stderr.contains("mã `UBX.` không có trong bảng `tap_the`"), "{}", r.stderr);
}

#[test]
fn a_collective_without_members_has_no_share_and_does_not_pass() {
    let s = Scratch::of(LAW);
    let mut t = std::fs::read_to_string(s.path("data/tap_the.csv")).unwrap();
    t.push_str("RONG,Tổ không có người,xuat_sac,có,có,không,có,có,có,có\n");
    s.write("data/tap_the.csv", t.as_bytes());
    // A share that must stay low: 0 of 0 must not pass it either.
    s.edit(
        "pack/tap-the.yaml",
        "when: 'thanh_vien.ty_le_dat(\"lao_dong_tien_tien\") >= ty_le_ldtt_toi_thieu_tttt'",
        "when: 'thanh_vien.ty_le_dat(\"lao_dong_tien_tien\") <= 100'",
    );
    let r = check(&s, &[&s.p("data")], &["--subject", "RONG", "--award", "tap_the_lao_dong_tien_tien"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Không đạt"), "{}", r.stdout);
    assert!(r.stdout.contains("không có thành viên nào"), "{}", r.stdout);
    assert!(!r.stdout.contains("0 % thành viên"), "{}", r.stdout);
}

#[test]
fn two_rows_for_one_person_and_year_are_refused_even_when_they_differ() {
    let s = Scratch::fixture("register-years");
    let mut t = std::fs::read_to_string(s.path("pack/so_theo_doi.csv")).unwrap();
    t.push_str("A,Nguyễn An,2024,tot,0\n");
    s.write("pack/so_theo_doi.csv", t.as_bytes());
    let r = check(&s, &[&s.p("pack/so_theo_doi.csv")], &[]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("trùng"), "{}", r.stderr);
}

#[test]
fn an_empty_required_text_cell_is_refused() {
    let s = Scratch::of(LAW);
    s.edit("data/ca_nhan.csv", "CN001,Nguyễn Văn An,UBX,", "CN001,Nguyễn Văn An,,");
    let r = check(&s, &[&s.p("data/ca_nhan.csv")], &["--award", "lao_dong_tien_tien"]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("ca_nhan.csv, dòng 2, cột \"ma_don_vi\""), "{}", r.stderr);
}

#[test]
fn a_unit_without_its_final_stage_row_is_refused() {
    let s = Scratch::of(CLUSTER);
    let text = std::fs::read_to_string(s.path("data/don_vi.csv")).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("X01,Xã Thanh Sơn,VI,tham_dinh,")).collect();
    assert_eq!(kept.len() + 1, text.lines().count());
    s.write("data/don_vi.csv", format!("{}\n", kept.join("\n")).as_bytes());
    let r = score(&s, &[]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("đơn vị `X01`") && r.stderr.contains("`tham_dinh`"), "{}", r.stderr);
}

// 2. Every cell means what it shows.

#[test]
fn a_comma_before_three_digits_is_ambiguous_like_a_dot() {
    let s = Scratch::of(CLUSTER);
    s.edit(
        "pack/pack.yaml",
        "chi_tieu_thu_nhap_bq: { type: decimal, format: vi,",
        "chi_tieu_thu_nhap_bq: { type: decimal,",
    );
    s.edit(
        "data/don_vi.csv",
        "X01,Xã Thanh Sơn,VI,tu_cham,\"5.820,5\",5.300,\"52,4\",50,",
        "X01,Xã Thanh Sơn,VI,tu_cham,\"5.820,5\",5.300,\"52,4\",\"1,500\",",
    );
    let r = score(&s, &[]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("`1,500` đọc được hai cách (1500"), "{}", r.stderr);
    assert!(r.stderr.contains("1.5 nếu dấu phẩy là dấu thập phân"), "{}", r.stderr);
}

#[test]
fn a_stray_byte_in_a_utf8_file_is_refused_at_its_line() {
    let s = Scratch::of(LAW);
    let text = std::fs::read(s.path("data/ca_nhan.csv")).unwrap();
    // The byte on line 4, and again past the first 64 KiB.
    let mut lines: Vec<Vec<u8>> = text.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    lines[3].insert(20, 0xFF);
    s.write("data/ca_nhan.csv", &lines.join(&b'\n'));
    let r = check(&s, &[&s.p("data/ca_nhan.csv")], &["--award", "lao_dong_tien_tien"]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("dòng 4: tệp không phải UTF-8"), "{}", r.stderr);
    assert!(!r.stderr.contains("dòng 5"), "the rest of the file is UTF-8: {}", r.stderr);

    let header = "ma_ca_nhan,ho_ten,ma_don_vi,ngay_tuyen_dung,muc_hoan_thanh,tu_luc_doan_ket,so_sang_kien,so_de_tai,muu_tri_sang_tao,dang_xem_xet_ky_luat\n";
    let mut big = header.as_bytes().to_vec();
    for i in 0..2000 {
        big.extend(format!("CN{i:05},Nguyen Van A,UBX,15/03/2015,tot,có,0,0,không,không\n").as_bytes());
    }
    big.extend(b"CN99999,L\xEA Th\xFF B,UBX,15/03/2015,tot,c\xC3\xB3,0,0,kh\xC3\xB4ng,kh\xC3\xB4ng\n");
    assert!(big.len() > 70_000);
    s.write("data/ca_nhan.csv", &big);
    let r = check(&s, &[&s.p("data/ca_nhan.csv")], &["--award", "lao_dong_tien_tien"]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("dòng 2002: tệp không phải UTF-8"), "{}", r.stderr);
}

#[test]
fn windows_1258_past_the_first_block_is_read_as_windows_1258() {
    let s = Scratch::of(LAW);
    let header = "ma_ca_nhan,ho_ten,ma_don_vi,ngay_tuyen_dung,muc_hoan_thanh,tu_luc_doan_ket,so_sang_kien,so_de_tai,muu_tri_sang_tao,dang_xem_xet_ky_luat\n";
    let mut big = header.as_bytes().to_vec();
    for i in 0..2000 {
        big.extend(format!("CN{i:05},Nguyen Van A,UBX,15/03/2015,tot,1,0,0,0,0\n").as_bytes());
    }
    // "Lê" in Windows-1258: L, 0xEA.
    big.extend(b"CN99999,L\xEA Van B,UBX,15/03/2015,tot,1,0,0,0,0\n");
    s.write("data/ca_nhan.csv", &big);
    let r = check(
        &s,
        &[&s.p("data/ca_nhan.csv")],
        &["--award", "lao_dong_tien_tien", "--subject", "CN99999", "--format", "csv"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Lê Van B"), "{}", r.stdout);
}

#[test]
fn row_numbers_are_the_spreadsheet_s_blank_lines_included() {
    let s = Scratch::of(LAW);
    for newline in ["\n", "\r\n"] {
        let text = std::fs::read_to_string(s.path("data/ca_nhan.csv")).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        // A blank line before the header, two after the first row; row 6
        // of the sheet (CN002's old line) then holds a bad number.
        lines[2] = lines[2].replace(",0,0,không,không", ",x,0,không,không");
        lines.insert(2, String::new());
        lines.insert(2, String::new());
        lines.insert(0, String::new());
        s.write("data/ca_nhan.csv", lines.join(newline).as_bytes());
        let r = check(&s, &[&s.p("data/ca_nhan.csv")], &["--award", "lao_dong_tien_tien"]);
        assert_eq!(r.code, 4, "{}", r.stderr);
        assert!(r.stderr.contains("ca_nhan.csv, dòng 6, cột \"so_sang_kien\""), "{newline:?}: {}", r.stderr);
    }
}

#[test]
fn a_percentage_cell_of_a_workbook_is_read_as_shown_or_refused() {
    let s = Scratch::fixture("number-styles");
    let book = s.path("don_vi.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let percent = rust_xlsxwriter::Format::new().set_num_format("0%");
    for (c, h) in ["ma_don_vi", "ty_le", "so_tien", "quy_khen_thuong"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    // Shown 95%, stored 0.95: against `ty_le >= 90` it must never be 0.95.
    ws.write_string(1, 0, "A").unwrap();
    ws.write_number_with_format(1, 1, 0.95, &percent).unwrap();
    ws.write_number(1, 2, 1000.0).unwrap();
    wb.save(&book).unwrap();
    let data = format!("don_vi={}", book.display());
    let r = check(&s, &[&data], &["--format", "csv"]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("ô `95%` viết (hoặc định dạng) theo phần trăm"), "{}", r.stderr);
    assert!(r.stderr.contains("percent: true"), "{}", r.stderr);
    // Declared as counted in percent points, it reads 95, as it shows.
    s.edit("pack/pack.yaml", "ty_le: { type: decimal,", "ty_le: { type: decimal, percent: true,");
    let r = check(&s, &[&data], &["--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(",dat,") && r.stdout.contains(",95,"), "{}", r.stdout);
    // Typed `95%` in a CSV reads the same.
    s.write("don_vi.csv", b"ma_don_vi,ty_le,so_tien,quy_khen_thuong\nA,95%,1000,\n");
    let r = check(&s, &[&format!("don_vi={}", s.p("don_vi.csv"))], &["--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(",dat,") && r.stdout.contains(",95,"), "{}", r.stdout);
}

#[test]
fn a_date_column_that_cannot_tell_its_order_is_read_day_first_with_a_warning() {
    let s = Scratch::of(LAW);
    let text = std::fs::read_to_string(s.path("data/ca_nhan.csv")).unwrap();
    let header = text.lines().next().unwrap();
    s.write(
        "data/ca_nhan.csv",
        format!("{header}\nCN001,An,UBX,03/05/2015,tot,có,0,0,không,không\nCN002,Bình,UBX,01/01/2014,tot,có,0,0,không,không\n")
            .as_bytes(),
    );
    let manifest = s.p("kq.manifest.json");
    let out = s.p("kq.csv");
    let data = s.p("data/ca_nhan.csv");
    let r = check(&s, &[&data], &["--award", "lao_dong_tien_tien", "--output", &out, "--manifest", &manifest]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("cột \"ngay_tuyen_dung\": cột ngày `ngay_tuyen_dung` không có ô nào có ngày lớn hơn 12")
            && r.stderr.contains("`03/05/2015` là ngày 3 tháng 5 năm 2015"),
        "{}",
        r.stderr
    );
    let m = std::fs::read_to_string(&manifest).unwrap();
    assert!(m.contains("ngay_tuyen_dung"), "the warning is recorded: {m}");
    // The warning is part of what `verify` holds the run to (#29 item 4).
    assert_eq!(thidua(&["verify", &manifest]).code, 0);
    std::fs::write(&manifest, m.replace("không có ô nào có ngày lớn hơn 12", "đã kiểm tra, không có gì")).unwrap();
    let v = thidua(&["verify", &manifest]);
    assert_eq!(v.code, 8, "{}", v.stdout);
    assert!(v.stdout.contains("cảnh báo ghi trong bản kê khác với cảnh báo khi chạy lại"), "{}", v.stdout);
    std::fs::write(&manifest, &m).unwrap();
    // One day past 12 tells the order: no warning.
    s.edit("data/ca_nhan.csv", "01/01/2014", "21/01/2014");
    let r = check(&s, &[&data], &["--award", "lao_dong_tien_tien"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("ngay_tuyen_dung"), "{}", r.stderr);
}

#[test]
fn a_subject_key_that_names_nobody_is_refused() {
    let s = Scratch::of(LAW);
    // Streamed, and in memory (`--trace` holds every row).
    let trace = s.p("vet.jsonl");
    for extra in [vec![], vec!["--trace", trace.as_str()]] {
        let mut args = vec!["--award", "lao_dong_tien_tien", "--subject", "CN001", "--subject", "CN0001"];
        args.extend(extra.iter().copied());
        let r = check(&s, &[&s.p("data")], &args);
        assert_eq!(r.code, 4, "{extra:?}: {}", r.stderr);
        assert!(r.stderr.contains("--subject `CN0001`: không có đối tượng nào có mã này"), "{}", r.stderr);
        assert!(!r.stderr.contains("`CN001`"), "{}", r.stderr);
        assert!(r.stdout.is_empty(), "{}", r.stdout);
    }
}

#[test]
fn a_cluster_that_names_nothing_in_the_data_is_refused() {
    let s = Scratch::of(CLUSTER);
    let r = score(&s, &["--group", "VI", "--group", "V1"]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("--group `V1`: dữ liệu không có cụm hay khối nào có mã này"), "{}", r.stderr);
    assert!(!r.stderr.contains("`VI`"), "{}", r.stderr);
    assert_eq!(score(&s, &["--group", "VI"]).code, 0);
}

#[test]
fn a_workbook_of_text_dates_that_cannot_tell_their_order_warns_too() {
    let s = Scratch::of(LAW);
    let text = std::fs::read_to_string(s.path("data/ca_nhan.csv")).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let row = ["CN001", "An", "UBX", "03/05/2015", "tot", "có", "0", "0", "không", "không"];
    let book = s.path("ca_nhan.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, (h, v)) in header.iter().zip(row).enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
        ws.write_string(1, c as u16, v).unwrap();
    }
    wb.save(&book).unwrap();
    let data = format!("ca_nhan={}", book.display());
    let r = check(&s, &[&data], &["--award", "lao_dong_tien_tien"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("`03/05/2015` là ngày 3 tháng 5 năm 2015"), "{}", r.stderr);
}

#[test]
fn a_two_digit_year_in_a_history_is_refused() {
    let s = Scratch::of(LAW);
    s.edit("data/lich_su.csv", "CN001,2023,", "CN001,23,");
    let r = check(&s, &[&s.p("data")], &[]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(
        r.stderr.contains("lich_su.csv, dòng 2, cột \"nam\": năm `23` không phải một năm có thể có"),
        "{}",
        r.stderr
    );
}

// 3. Arithmetic and order never surprise.

#[test]
fn a_negative_target_is_refused_naming_the_cell() {
    let s = Scratch::of(CLUSTER);
    s.edit(
        "data/don_vi.csv",
        "X01,Xã Thanh Sơn,VI,tham_dinh,\"5.820,5\",5.300,",
        "X01,Xã Thanh Sơn,VI,tham_dinh,\"5.820,5\",-5.300,",
    );
    let r = score(&s, &[]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("cột \"du_toan_thu\"") && r.stderr.contains("số âm -5300"), "{}", r.stderr);
}

#[test]
fn the_same_subjects_print_in_the_same_order_whatever_the_row_order() {
    let s = Scratch::of(LAW);
    let text = std::fs::read_to_string(s.path("data/ca_nhan.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_string();
    let row = lines.next().unwrap().split_once(',').unwrap().1.to_string();
    let keys = ["a", "Ă", "B", "b", "Ba", "_x", "CN-1", "cn1"];
    let mut outputs = Vec::new();
    for rotation in 0..keys.len() {
        let mut body = header.clone() + "\n";
        for k in keys.iter().cycle().skip(rotation).take(keys.len()) {
            body += &format!("{k},{row}\n");
        }
        s.write("data/ca_nhan.csv", body.as_bytes());
        let r = check(&s, &[&s.p("data/ca_nhan.csv")], &["--award", "lao_dong_tien_tien", "--format", "csv"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        outputs.push(r.stdout);
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]), "{outputs:#?}");
}

#[test]
fn a_tie_break_column_not_in_the_dataset_is_a_load_error() {
    let s = Scratch::of(CLUSTER);
    s.edit(
        "pack/scorecard.yaml",
        "{ column: so_phieu_suy_ton, order: desc }",
        "{ column: so_phieu_suy_tonn, order: desc }",
    );
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("không có cột `so_phieu_suy_tonn` (có phải `so_phieu_suy_ton`?)"), "{}", r.stderr);
}

// 4. Rules stay inside their limits.

#[test]
fn sleep_is_not_a_function_rules_can_call() {
    let s = Scratch::of(LAW);
    s.edit("pack/ca-nhan.yaml", "when: \"!dang_xem_xet_ky_luat\"", "when: \"sleep(10) == ()\"");
    let started = std::time::Instant::now();
    let r = check(&s, &[&s.p("data")], &["--award", "lao_dong_tien_tien"]);
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(r.stderr.contains("không có hàm `sleep`"), "{}", r.stderr);
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "a rule slept");
}

#[test]
fn a_rule_that_shadows_a_column_or_orders_numbers_as_text_is_refused_at_load() {
    let s = Scratch::of(LAW);
    s.edit(
        "pack/ca-nhan.yaml",
        "when: \"!dang_xem_xet_ky_luat\"",
        "when: \"let so_sang_kien = 100; so_sang_kien > 50\"",
    );
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("`let so_sang_kien = …` đặt lại tên `so_sang_kien`"), "{}", r.stderr);
    let s = Scratch::of(LAW);
    s.edit("pack/ca-nhan.yaml", "when: \"!dang_xem_xet_ky_luat\"", "when: \"ma_don_vi < \\\"10\\\"\"");
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("phép so sánh `ma_don_vi < \"10\"` so hai văn bản theo từng ký tự"), "{}", r.stderr);
}

// 5. Memory bounded: JSON streams like CSV, and gives the same bytes as the
// in-memory report (which `--trace` forces), whatever the threads and order.
#[test]
fn a_streamed_json_check_is_byte_for_byte_the_in_memory_one() {
    let s = Scratch::of(LAW);
    let text = std::fs::read_to_string(s.path("data/ca_nhan.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    lines.reverse(); // out of key order: sorted at the end
    s.write("data/ca_nhan.csv", format!("{header}\n{}\n", lines.join("\n")).as_bytes());
    let data = s.p("data/ca_nhan.csv");
    let run = |extra: &[&str]| {
        let mut args = vec!["--award", "lao_dong_tien_tien", "--format", "json"];
        args.extend(extra);
        let r = check(&s, &[&data], &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let trace = s.p("vet.jsonl");
    let in_memory = run(&["--trace", &trace]);
    assert!(in_memory.contains("\"results\": [") && in_memory.contains("\"checks\": 30"), "{in_memory}");
    assert_eq!(run(&[]), in_memory);
    assert_eq!(run(&["--threads", "1"]), in_memory);
    let out = s.p("kq.json");
    run(&["--output", &out]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), in_memory);
    // No result (the award does not apply to a worker who is no farmer):
    // an empty list, as the in-memory writer prints it.
    let s = Scratch::of("cho-chu-2024");
    let data = s.p("data/nong_dan.csv");
    let run = |extra: &[&str]| {
        let mut args = vec!["--award", "nong_dan_sxkd_gioi", "--subject", "LD001", "--format", "json"];
        args.extend(extra);
        let r = check(&s, &[&data], &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let none = run(&["--trace", &s.p("vet.jsonl")]);
    assert!(none.contains("\"results\": []"), "{none}");
    assert_eq!(run(&[]), none);
}

#[test]
fn a_year_reads_as_a_year_and_a_quantity_is_grouped() {
    let s = Scratch::of(LAW);
    s.edit(
        "pack/ca-nhan-cao.yaml",
        "when: 'lich_su.so_nam_lien_tuc_den(\"chien_si_thi_dua_co_so\", nam_thanh_tich) >= 3'",
        "when: 'nam_thanh_tich >= 2030'",
    );
    let r = check(&s, &[&s.p("data")], &["--award", "chien_si_thi_dua_cap_tinh"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // `year: true` on the column: both the value and the threshold are years.
    assert!(r.stdout.contains("tính đến năm này): 2024, cần ≥ 2030"), "{}", r.stdout);
    // The same column without the flag is a quantity, grouped as one.
    s.edit("pack/pack.yaml", "nam_thanh_tich: { type: int, year: true,", "nam_thanh_tich: { type: int,");
    let r = check(&s, &[&s.p("data")], &["--award", "chien_si_thi_dua_cap_tinh"]);
    assert!(r.stdout.contains("tính đến năm này): 2.024, cần ≥ 2.030"), "{}", r.stdout);
    // And the flag on a column that is not a whole number is refused.
    s.edit(
        "pack/pack.yaml",
        "ma_don_vi: { type: text, label: \"Đơn vị công tác\" }",
        "ma_don_vi: { type: text, year: true }",
    );
    let r = check(&s, &[&s.p("data")], &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("có `year: true` nhưng không phải cột số nguyên"), "{}", r.stderr);
}
