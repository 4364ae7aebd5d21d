//! Regimes by date: the same person's data evaluated for 2023 (Law 2003,
//! 2013 and Decree 91/2017) and for 2024 (Law 2022) gives what each prescribes,
//! and no pack fires outside its period.

mod common;
use common::*;

fn check(pack: &str, as_of: &str, subject: &str) -> Run {
    thidua(&[
        "check",
        pack,
        "--data",
        "ca_nhan=data/nd-91-2017/ca_nhan.csv",
        "--as-of",
        as_of,
        "--subject",
        subject,
        "--award",
        "lao_dong_tien_tien",
        "--award",
        "chien_si_thi_dua_co_so",
        "--format",
        "csv",
    ])
}

fn result(r: &Run, award: &str) -> String {
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line =
        r.stdout.lines().find(|l| l.contains(&format!(",{award},"))).unwrap_or_else(|| panic!("{award}: {}", r.stdout));
    line.split(',').nth(5).unwrap().to_string()
}

#[test]
fn excellent_without_initiative_is_cstdcs_only_under_the_2022_law() {
    // CN004: rated excellent, no initiative. NĐ 91/2017 Art 9.3 requires one; Law 2022 Art 23 does not.
    let old = check("rules/nd-91-2017", "2023-12-31", "CN004");
    let new = check("rules/luat-tdkt-2022", "2024-12-31", "CN004");
    assert_eq!(result(&old, "chien_si_thi_dua_co_so"), "khong_dat");
    assert_eq!(result(&new, "chien_si_thi_dua_co_so"), "dat");
    assert!(old.stdout.contains("sang_kien"), "{}", old.stdout);
}

#[test]
fn seven_months_of_service_is_enough_only_under_the_2022_rules() {
    // CN005: recruited 31/05/2023. Old regime: < 10 months excluded (NĐ 91 Art 10);
    // new regime: < 6 months excluded (TT 01/2024).
    assert_eq!(result(&check("rules/nd-91-2017", "2023-12-31", "CN005"), "lao_dong_tien_tien"), "khong_dat");
    assert_eq!(result(&check("rules/luat-tdkt-2022", "2024-01-01", "CN005"), "lao_dong_tien_tien"), "dat");
}

#[test]
fn a_pack_never_fires_outside_its_period() {
    let r = check("rules/luat-tdkt-2022", "2023-12-31", "CN004");
    assert_eq!(r.code, 5);
    assert!(
        r.stderr.contains("ngày xét 31/12/2023 nằm ngoài thời hạn hiệu lực của bộ quy tắc (từ 01/01/2024)"),
        "{}",
        r.stderr
    );
    let r = check("rules/nd-91-2017", "2024-06-30", "CN004");
    assert_eq!(r.code, 5);
    assert!(r.stderr.contains("nằm ngoài thời hạn hiệu lực"), "{}", r.stderr);
}

/// The quota block of nd-91-2017's Chiến sĩ thi đua cơ sở.
const QUOTA: &str = r#"    quota:
      within: ma_don_vi
      percent: 15
      of: lao_dong_tien_tien
      rounding: down
      rank_by: [{ column: so_phieu_binh_xet, order: desc }, { column: so_sang_kien, order: desc }, key]
      source: "Nghị định 91/2017/NĐ-CP, Điều 9 khoản 3: không quá 15% tổng số cá nhân đạt danh hiệu Lao động tiên tiến"
"#;

#[test]
fn a_quota_changes_with_the_regime_under_one_award_id() {
    let s = Scratch::of("nd-91-2017");
    s.edit(
        "pack/ca-nhan.yaml",
        QUOTA,
        r#"    quota:
      - within: ma_don_vi
        percent: 15
        of: lao_dong_tien_tien
        rounding: down
        rank_by: [{ column: so_phieu_binh_xet, order: desc }, { column: so_sang_kien, order: desc }, key]
        source: "Nghị định 91/2017/NĐ-CP, Điều 9 khoản 3"
        effective: { to: 2019-12-31 }
      - within: ma_don_vi
        percent: 100
        source: "Hạn mức thử từ năm 2020"
        effective: { from: 2020-01-01 }
"#,
    );
    let over = |as_of: &str| {
        let r = thidua(&[
            "check",
            &s.p("pack"),
            "--data",
            &s.p("data"),
            "--award",
            "chien_si_thi_dua_co_so",
            "--as-of",
            as_of,
            "--format",
            "csv",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout.lines().filter(|l| l.contains(",vuot_han_muc,")).map(|l| l[..5].to_string()).collect::<Vec<_>>()
    };
    // Under the first regime, the pack's own 15 % (as the single quota cuts
    // on that date); under the second, everyone through.
    assert_eq!(over("2019-12-31"), ["CN002", "CN003", "CN017", "CN027"]);
    assert!(over("2023-12-31").is_empty());
    // The reason names the quota that cut the subject.
    let r = thidua(&["check", &s.p("pack"), "--data", &s.p("data"), "--subject", "CN003", "--as-of", "2019-12-31"]);
    assert!(r.stdout.contains("vượt hạn mức (Nghị định 91/2017/NĐ-CP, Điều 9 khoản 3)"), "{}", r.stdout);
}

#[test]
fn two_quotas_in_force_together_are_refused() {
    let s = Scratch::of("nd-91-2017");
    let twice = format!(
        "{}{}",
        QUOTA
            .replacen("    quota:\n      within", "    quota:\n      - within", 1)
            .replace("\n      ", "\n        ")
            .replacen("        - within", "      - within", 1),
        "      - { within: ma_don_vi, count: 1, effective: { from: 2019-01-01 } }\n"
    );
    s.edit("pack/ca-nhan.yaml", QUOTA, &twice);
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("danh hiệu `chien_si_thi_dua_co_so` có hai hạn mức cùng hiệu lực"), "{}", r.stderr);
}

#[test]
fn a_misspelt_quota_field_is_named_in_either_form() {
    for quota in [
        "    quota:\n      within: ma_don_vi\n      percnt: 15\n",
        "    quota:\n      - { within: ma_don_vi, percent: 15, effective: { to: 2019-12-31 } }\n      - { within: ma_don_vi, percnt: 20, effective: { from: 2020-01-01 } }\n",
    ] {
        let s = Scratch::of("nd-91-2017");
        s.edit("pack/ca-nhan.yaml", QUOTA, quota);
        let r = thidua(&["validate", &s.p("pack")]);
        assert_eq!(r.code, 3, "{}", r.stderr);
        assert!(r.stderr.contains("khóa không hợp lệ `percnt`; các khóa hợp lệ: within, count, percent"), "{}", r.stderr);
    }
}
