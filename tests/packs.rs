//! Every shipped pack validates and passes its own tests; the test runner
//! reports failures with file and line.

mod common;
use common::*;

fn packs() -> Vec<String> {
    // Each pack folder; a year file beside them is not a pack.
    let mut v: Vec<String> = std::fs::read_dir(root().join("rules"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| format!("rules/{}", e.file_name().to_string_lossy()))
        .collect();
    v.push("bench/khoi-luong-chuan".into());
    v.sort();
    assert!(v.len() >= 2, "expected the shipped packs");
    v
}

#[test]
fn every_pack_validates() {
    for p in packs() {
        let r = thidua(&["validate", &p]);
        assert_eq!(r.code, 0, "{p}: {}", r.stderr);
        assert!(r.stdout.contains("hợp lệ"), "{p}: {}", r.stdout);
    }
}

#[test]
fn every_pack_passes_its_tests() {
    for p in packs() {
        assert!(root().join(&p).join("tests").is_dir(), "{p} ships no tests/");
        let r = thidua(&["test", &p]);
        assert_eq!(r.code, 0, "{p}:\n{}{}", r.stdout, r.stderr);
        let last = r.stdout.lines().last().unwrap();
        assert!(last.ends_with(" passed, 0 failed"), "{p}: {last}");
        let passed: usize = last.split(' ').next().unwrap().parse().unwrap();
        assert!(passed >= 5, "{p} has only {passed} cases");
    }
}

#[test]
fn failing_case_names_file_line_and_difference() {
    let r = thidua(&["test", "tests/fixtures/failing-pack"]);
    assert_eq!(r.code, 6, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("FAIL  tests/fixtures/failing-pack/tests/cases.yaml:8:5  sai kỳ vọng"), "{}", r.stdout);
    assert!(
        r.stdout.contains("dat_chuan: cần đạt, kết quả không đạt (Điểm từ 5 trở lên (Điều 1): diem: 4, cần ≥ 5)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("tiêu chí không đạt cần là [khac], thực tế [diem_du]"), "{}", r.stdout);
    assert!(r.stdout.ends_with("1 passed, 2 failed\n"), "{}", r.stdout);
}

#[test]
fn validate_reports_a_clean_summary_in_english() {
    let r = thidua(&["validate", "rules/luat-tdkt-2022", "--lang", "en"]);
    assert_eq!(r.code, 0);
    let mut lines = r.stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "Rule pack luat-tdkt-2022 is valid: 6 datasets, 13 awards, 58 criteria (39 simple comparisons, 19 Rhai expressions), 0 scorecards (0 scored items), 8 parameters, 8 test files; in force from 01/01/2024."
    );
    // Every citation the pack marks as unchecked is listed, with its note.
    assert_eq!(
        lines.next().unwrap(),
        "Warning: 18 citations not yet checked against the text of the law (`unverified`):"
    );
    assert!(r.stdout.contains("\n  - award thon_to_dan_pho_van_hoa, decider «Chủ tịch UBND cấp huyện (Luật TĐKT 2022, Điều 80 khoản 2)»: Từ 01/07/2025 không còn cấp huyện; người quyết định thay thế chưa xác minh\n"), "{}", r.stdout);
    assert_eq!(lines.count(), 18);
}

#[test]
fn validate_shows_a_scorecards_tree_with_its_totals_and_no_warnings_when_all_is_verified() {
    let r = thidua(&["validate", "rules/cum-thi-dua-vi-2024"]);
    assert_eq!(r.code, 0);
    // The tree as the paper sheet has it: each group's maximum as the sum of its items.
    for want in [
        "\nBảng chấm điểm cum_thi_dua_vi (Bảng chấm điểm thi đua Cụm thi đua số VI năm 2024): tối đa 100\n",
        "\n  I. Phát triển kinh tế — 35 = 10 + 10 + 10 + 5\n",
        "\n    2. Thu nhập bình quân đầu người — 10 (đạt chỉ tiêu + so với đơn vị dẫn đầu)\n",
        "\n  − Bị cấp trên phê bình bằng văn bản (trừ 2 điểm mỗi lần) — 6 (số lượng × điểm)\n",
    ] {
        assert!(r.stdout.contains(want), "missing `{want}` in\n{}", r.stdout);
    }
    assert!(!r.stdout.contains("Cảnh báo"), "{}", r.stdout);
}

#[test]
fn ranking_styles_and_quotas() {
    let r = thidua(&["test", "tests/fixtures/rank-styles"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.ends_with("3 passed, 0 failed\n"), "{}", r.stdout);
}

#[test]
fn history_members_and_quotas() {
    let r = thidua(&["test", "tests/fixtures/roll-up"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.ends_with("1 passed, 0 failed\n"), "{}", r.stdout);
}

/// A tie at rank 1 for a one-flag proposal, under each declared choice
/// (meeting, all, key, votes), a tie-break by votes, and a vote threshold
/// "từ … trở lên" against "trên …" (#29, item 1).
#[test]
fn ties_for_one_flag_are_settled_by_the_declared_choice() {
    let r = thidua(&["test", "tests/fixtures/tie-at-first"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.ends_with("7 passed, 0 failed\n"), "{}", r.stdout);
}

/// `defaults:` are the cells every row shares, under `data:` too: each
/// dataset takes the defaults it has columns for; a default that no dataset
/// of the case has is a typo, said once (#31).
#[test]
fn defaults_apply_to_the_rows_under_data() {
    let s = Scratch::of("luat-tdkt-2022");
    let case = r#"as_of: 2024-12-31
defaults:
  ma_don_vi: TKH
  ngay_tuyen_dung: 01/01/2015
  tu_luc_doan_ket: có
  so_sang_kien: 0
  so_de_tai: 0
  muu_tri_sang_tao: không
  dang_xem_xet_ky_luat: không
cases:
  - name: "một thành viên không hoàn thành nhiệm vụ"
    data:
      ca_nhan:
        - { ma_ca_nhan: C1, ho_ten: "C1", muc_hoan_thanh: xuat_sac }
        - { ma_ca_nhan: C2, ho_ten: "C2", muc_hoan_thanh: tot }
        - { ma_ca_nhan: C3, ho_ten: "C3", muc_hoan_thanh: tot }
        - { ma_ca_nhan: C4, ho_ten: "C4", muc_hoan_thanh: khong_hoan_thanh }
      tap_the:
        - { ten_don_vi: "Tập thể TKH", muc_hoan_thanh: xuat_sac, tich_cuc_phong_trao: có, noi_bo_doan_ket: có }
    expect:
      TKH:
        tap_the_lao_dong_xuat_sac: { result: khong_dat, failed: [tat_ca_hoan_thanh_nhiem_vu] }
        tap_the_lao_dong_tien_tien: { result: khong_dat, failed: [ty_le_hoan_thanh_nhiem_vu] }
"#;
    std::fs::remove_dir_all(s.path("pack/tests")).unwrap();
    std::fs::create_dir_all(s.path("pack/tests")).unwrap();
    s.write("pack/tests/mac_dinh.yaml", case.as_bytes());
    let r = thidua(&["test", &s.p("pack")]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.ends_with("1 passed, 0 failed\n"), "{}", r.stdout);
    s.write("pack/tests/mac_dinh.yaml", case.replace("  so_de_tai: 0\n", "  so_de_tia: 0\n").as_bytes());
    let r = thidua(&["test", &s.p("pack")]);
    assert_ne!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout.contains("`defaults.so_de_tia`: không bảng dữ liệu nào của ca kiểm thử có cột này"),
        "{}",
        r.stdout
    );
}
