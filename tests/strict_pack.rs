//! What a pack declares or a rule names is resolved when the pack loads, or
//! the pack is refused: each test breaks a shipped pack the way an author
//! might, and asserts exit 3 with the place (file:line:column) and the fix.

mod common;
use common::*;

const LAW: &str = "luat-tdkt-2022";

fn validate(s: &Scratch) -> Run {
    let pack = s.p("pack");
    thidua(&["validate", pack.as_str()])
}

/// Asserts that `validate` refuses the pack with `want` (where `{p}` is the
/// scratch pack folder) in its message.
fn refused(s: &Scratch, want: &str) {
    let r = validate(s);
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    let want = want.replace("{p}", &s.p("pack"));
    assert!(r.stderr.contains(&want), "expected `{want}` in\n{}", r.stderr);
}

#[test]
fn a_misspelt_history_column_is_refused_at_its_place() {
    let s = Scratch::of(LAW);
    s.edit(
        "pack/sang-kien-trong-chuoi.rhai",
        "lich_su.chua_dung(\"so_sang_kien\", \"so_sang_kien_da_dung\"",
        "lich_su.chua_dung(\"so_sang_kienn\", \"so_sang_kien_da_dun\"",
    );
    // Both columns of `chua_dung` are names, each checked at its place.
    refused(
        &s,
        "{p}/sang-kien-trong-chuoi.rhai:9:19: không có cột số của bảng lịch sử `so_sang_kienn` (có phải `so_sang_kien`?)",
    );
    refused(
        &s,
        "{p}/sang-kien-trong-chuoi.rhai:9:36: không có cột số của bảng lịch sử `so_sang_kien_da_dun` (có phải `so_sang_kien_da_dung`?)",
    );
}

#[test]
fn a_misspelt_title_in_a_list_of_titles_is_refused_at_its_place() {
    let s = Scratch::of(LAW);
    s.edit(
        "pack/ca-nhan-cao.yaml",
        "\"hoan_thanh_xuat_sac_nhiem_vu\"], nam_thanh_tich) >= 5",
        "\"hoan_thanh_xuat_sac_nhiem_vuu\"], nam_thanh_tich) >= 5",
    );
    refused(
        &s,
        "{p}/ca-nhan-cao.yaml:142:72: không có danh hiệu trong bảng lịch sử `hoan_thanh_xuat_sac_nhiem_vuu` (có phải `hoan_thanh_xuat_sac_nhiem_vu`?)",
    );
}

#[test]
fn a_misspelt_history_title_is_refused_at_its_place() {
    let s = Scratch::of(LAW);
    s.edit(
        "pack/ca-nhan-cao.yaml",
        "lich_su.so_nam_lien_tuc_den(\"chien_si_thi_dua_co_so\", nam_thanh_tich) >= 3",
        "lich_su.so_nam_lien_tuc_den(\"chien_si_thi_dua_co_sp\", nam_thanh_tich) >= 3",
    );
    refused(
        &s,
        "{p}/ca-nhan-cao.yaml:20:44: không có danh hiệu trong bảng lịch sử `chien_si_thi_dua_co_sp` (có phải `chien_si_thi_dua_co_so`?)",
    );
}

#[test]
fn a_misspelt_member_award_is_refused_at_its_place() {
    let s = Scratch::of(LAW);
    s.edit(
        "pack/tap-the.yaml",
        "thanh_vien.ty_le_dat(\"lao_dong_tien_tien\") >= ty_le_ldtt_toi_thieu_ttldxs",
        "thanh_vien.ty_le_dat(\"lao_dong_tien_tienn\") >= ty_le_ldtt_toi_thieu_ttldxs",
    );
    refused(
        &s,
        "{p}/tap-the.yaml:51:37: không có danh hiệu xét cho thành viên `lao_dong_tien_tienn` (có phải `lao_dong_tien_tien`?)",
    );
}

#[test]
fn a_misspelt_method_is_refused() {
    let s = Scratch::of(LAW);
    s.edit(
        "pack/tap-the.yaml",
        "thanh_vien.ty_le_dat(\"lao_dong_tien_tien\") >= ty_le_ldtt_toi_thieu_ttldxs",
        "thanh_vien.ty_le_da(\"lao_dong_tien_tien\") >= ty_le_ldtt_toi_thieu_ttldxs",
    );
    refused(&s, "{p}/tap-the.yaml:51:27: không có hàm `ty_le_da` (có phải `ty_le_dat`?)");
}

#[test]
fn a_misspelt_cluster_statistic_column_is_refused() {
    let s = Scratch::of("cum-thi-dua-vi-2024");
    s.edit("pack/scorecard.yaml", "thong_ke_cum.max.ty_le_ho_so_dung_han", "thong_ke_cum.max.ty_le_ho_so_dung_hn");
    refused(&s, "không có cột số trong thống kê cụm `ty_le_ho_so_dung_hn` (có phải `ty_le_ho_so_dung_han`?)");
}

#[test]
fn an_enum_compared_with_a_value_it_never_holds_is_refused_even_in_rhai() {
    // `||` with a member roll-up keeps this condition out of the native
    // tree; the value is still checked against the column's values.
    let s = Scratch::of(LAW);
    s.edit(
        "pack/tap-the.yaml",
        "when: 'muc_hoan_thanh == \"xuat_sac\"'",
        "when: 'muc_hoan_thanh == \"xuat_sac_\" || thanh_vien.so_nguoi() == 0'",
    );
    refused(&s, "{p}/tap-the.yaml:35:34: cột `muc_hoan_thanh` không bao giờ có giá trị \"xuat_sac_\"");
}

#[test]
fn a_history_name_computed_at_run_time_fails_the_subject_instead_of_counting_zero() {
    let s = Scratch::of(LAW);
    s.edit(
        "pack/sang-kien-trong-chuoi.rhai",
        "lich_su.so_nam_lien_tuc_den(\"chien_si_thi_dua_co_so\", t)",
        "lich_su.so_nam_lien_tuc_den(\"chien_si_thi_dua_\" + \"co_sp\", t)",
    );
    assert_eq!(validate(&s).code, 0, "the loader cannot see a computed name");
    let (pack, data) = (s.p("pack"), s.p("data"));
    let r = thidua(&["check", &pack, "--data", &data, "--award", "bang_khen_bo_tinh", "--as-of", "2024-12-31"]);
    assert_eq!(r.code, 5, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("không có danh hiệu trong bảng lịch sử `chien_si_thi_dua_co_sp`"), "{}", r.stderr);
}

#[test]
fn a_group_whose_stated_maximum_is_not_its_items_sum_is_refused() {
    let s = Scratch::of("cum-thi-dua-vi-2024");
    s.edit("pack/scorecard.yaml", "name: \"Phát triển kinh tế\"\n", "name: \"Phát triển kinh tế\"\n        max: 30\n");
    refused(&s, "nhóm `kinh_te` ghi `max: 30` nhưng các mục con cộng lại được 35 điểm");
    // The right figure is accepted.
    let s = Scratch::of("cum-thi-dua-vi-2024");
    s.edit("pack/scorecard.yaml", "name: \"Phát triển kinh tế\"\n", "name: \"Phát triển kinh tế\"\n        max: 35\n");
    let r = validate(&s);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_second_history_of_the_same_subjects_is_refused() {
    let s = Scratch::of("nd-91-2017");
    s.edit(
        "pack/pack.yaml",
        "  tap_the:\n",
        "  lich_su_khac:\n    subject: individual\n    key: ma_ca_nhan\n    history: { of: ca_nhan, year: nam, title: danh_hieu }\n    columns: { ma_ca_nhan: text, nam: int, danh_hieu: text }\n\n  tap_the:\n",
    );
    refused(&s, "bảng `ca_nhan` đã có bảng lịch sử `lich_su`");
}

#[test]
fn comparisons_between_types_that_never_match_are_refused() {
    let cases = [
        ("tu_luc_doan_ket == \"có\"", "phép so sánh `tu_luc_doan_ket == \"có\"` luôn sai: `tu_luc_doan_ket` là có/không, `\"có\"` là chữ; với cột có/không, viết `tu_luc_doan_ket` (có) hoặc `!tu_luc_doan_ket` (không)"),
        ("so_sang_kien == \"7\"", "phép so sánh `so_sang_kien == \"7\"` luôn sai: `so_sang_kien` là số, `\"7\"` là chữ; bỏ ngoặc kép: `so_sang_kien … 7`"),
        ("ngay_tuyen_dung > 5", "phép so sánh `ngay_tuyen_dung > 5` luôn sai: `ngay_tuyen_dung` là ngày, `5` là số"),
        ("ngay_tuyen_dung <= \"30/6/24\"", "\"30/6/24\" không phải là ngày; viết ngày dạng \"31/12/2024\" hoặc \"2024-12-31\""),
        // Also where the condition is too complex for the native form.
        ("tu_luc_doan_ket && (months_between(ngay_tuyen_dung, ngay_xet) > 6 || ho_ten == 1)", "`ho_ten` là chữ, `1` là số"),
    ];
    for (cond, want) in cases {
        let s = Scratch::of(LAW);
        s.edit("pack/ca-nhan.yaml", "when: \"tu_luc_doan_ket\"", &format!("when: '{cond}'"));
        refused(&s, "{p}/ca-nhan.yaml:20:");
        refused(&s, want);
    }
}

#[test]
fn dates_in_conditions_are_written_the_way_people_write_them() {
    // The evaluation date written in the Vietnamese way holds on that very
    // day, natively and in Rhai.
    for cond in ["ngay_xet == \"31/12/2024\"", "ngay_xet == \"31/12/2024\" && year_of(ngay_xet) == 2024"] {
        let s = Scratch::of(LAW);
        s.edit("pack/ca-nhan.yaml", "when: \"tu_luc_doan_ket\"", &format!("when: '{cond}'"));
        let (pack, data) = (s.p("pack"), s.p("data/ca_nhan.csv"));
        let args = ["check", &pack, "--data", &data, "--as-of", "2024-12-31", "--subject", "CN001", "--format", "csv"];
        let r = thidua(&args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(!r.stdout.contains("tu_luc_doan_ket"), "{cond}: {}", r.stdout);
        let r = thidua(&[&args[..4], &["--as-of", "2024-12-30", "--subject", "CN001", "--format", "csv"]].concat());
        assert!(r.stdout.contains("tu_luc_doan_ket"), "{cond} fails on another day: {}", r.stdout);
    }
}

/// `check` of one subject with CSV output (failed criteria are listed).
fn check_csv(s: &Scratch, subject: &str) -> Run {
    let (pack, data) = (s.p("pack"), s.p("data/ca_nhan.csv"));
    thidua(&["check", &pack, "--data", &data, "--as-of", "2024-12-31", "--subject", subject, "--format", "csv"])
}

#[test]
fn division_is_exact_decimal_even_between_integer_columns() {
    // CN001 has so_sang_kien = 0; 10 / 4 is 2.5, not Rhai's integer 2.
    let s = Scratch::of(LAW);
    s.edit("pack/ca-nhan.yaml", "when: \"tu_luc_doan_ket\"", "when: '(so_sang_kien + 10) / 4 == 2.5'");
    let r = check_csv(&s, "CN001");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("tu_luc_doan_ket"), "{}", r.stdout);
}

#[test]
fn parameters_have_one_type_and_quoted_numbers_are_refused() {
    for (value, want) in [
        ("\"70\"", "tham số `ty_le_ldtt_toi_thieu_ttldxs` có giá trị \"70\" là chữ nhưng trông như số"),
        ("\"69.99\"", "có giá trị \"69.99\" là chữ nhưng trông như số"),
        ("1_0", "có giá trị \"1_0\" là chữ nhưng trông như số"),
    ] {
        let s = Scratch::of(LAW);
        s.edit("pack/pack.yaml", "    value: 70\n", &format!("    value: {value}\n"));
        refused(&s, "{p}/pack.yaml:34:5: ");
        refused(&s, want);
    }
    // A declared type reads a quoted number exactly.
    let s = Scratch::of(LAW);
    s.edit("pack/pack.yaml", "    value: 70\n", "    value: \"69.999999999999999999\"\n    type: decimal\n");
    assert_eq!(validate(&s).code, 0, "{}", validate(&s).stderr);
    let s = Scratch::of(LAW);
    s.edit("pack/pack.yaml", "    value: 70\n", "    value: \"bảy mươi\"\n    type: decimal\n");
    refused(&s, "tham số `ty_le_ldtt_toi_thieu_ttldxs` khai báo `type` là số");
}

#[test]
fn numbers_the_engine_cannot_hold_exactly_are_refused() {
    let s = Scratch::of(LAW);
    s.edit(
        "pack/ca-nhan.yaml",
        "when: \"tu_luc_doan_ket\"",
        "when: 'so_sang_kien >= 0.99999999999999999999999999999999'",
    );
    refused(&s, "{p}/ca-nhan.yaml:20:32: số `0.99999999999999999999999999999999` có quá nhiều chữ số");
    // In data, the same number is a bad cell rather than 1.
    let s = Scratch::of("cum-thi-dua-vi-2024");
    let path = s.path("data/don_vi.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "ty_le_ho_so_dung_han").unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut cells: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    cells[col] = "0.99999999999999999999999999999999".into();
    lines[1] = cells.join(",");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let (pack, data) = (s.p("pack"), s.p("data"));
    let r = thidua(&["score", &pack, "--data", &data]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("giá trị `0.99999999999999999999999999999999` không hợp lệ"), "{}", r.stderr);
}

#[test]
fn by_subject_gives_one_row_per_person_over_every_dataset() {
    let r = thidua(&[
        "check",
        "rules/luat-tdkt-2022",
        "--data",
        "data/luat-tdkt-2022",
        "--as-of",
        "2024-12-31",
        "--format",
        "csv",
        "--by-subject",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let keys: Vec<&str> = r.stdout.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(keys.len(), unique.len(), "a subject on two rows:\n{}", r.stdout);
    let cn002 = r.stdout.lines().find(|l| l.starts_with("CN002,")).unwrap();
    assert!(cn002.starts_with("CN002,Trần Thị Bình,ca_nhan;ca_nhan_xet_cao,chien_si_thi_dua_cap_tinh;"), "{cn002}");
}
