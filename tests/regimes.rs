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
        r.stderr.contains("ngày xét 31/12/2023 nằm ngoài thời hạn hiệu lực của bộ quy tắc (2024-01-01 → …)"),
        "{}",
        r.stderr
    );
    let r = check("rules/nd-91-2017", "2024-06-30", "CN004");
    assert_eq!(r.code, 5);
    assert!(r.stderr.contains("nằm ngoài thời hạn hiệu lực"), "{}", r.stderr);
}
