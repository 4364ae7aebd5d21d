//! A register as offices keep it: one row per person and year with several
//! facts (rating, title, initiatives), read without reshaping the file.

mod common;
use common::*;

const PACK: &str = "tests/fixtures/register";

fn check(s: &Scratch) -> Run {
    thidua(&["check", &s.p("pack"), "--data", &s.p("pack/data")])
}

fn scratch() -> Scratch {
    let dir = tempfile::tempdir().unwrap();
    let s = Scratch { dir };
    let copy = |from: &std::path::Path, to: &std::path::Path| {
        std::fs::create_dir_all(to.join("data")).unwrap();
        for f in ["pack.yaml", "data/ca_nhan.csv", "data/so_theo_doi.csv"] {
            std::fs::copy(from.join(f), to.join(f)).unwrap();
        }
    };
    copy(&root().join(PACK), &s.path("pack"));
    s
}

#[test]
fn streaks_counts_and_any_fact_of_a_year_read_from_a_register() {
    let r = thidua(&["check", PACK, "--data", &format!("{PACK}/data"), "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(
        lines[1].starts_with("P1,Người đạt,ca_nhan,khen_thuong,Khen thưởng theo sổ theo dõi,dat,,"),
        "{}",
        r.stdout
    );
    assert!(
        lines[2].contains(",khong_dat,ba_nam_htt;hai_lan_cstdcs;xuat_sac_nam_thanh_tich;sang_kien_nam_truoc,"),
        "{}",
        r.stdout
    );
    let r = thidua(&["check", PACK, "--data", &format!("{PACK}/data")]);
    for want in [
        "2 năm liên tục đạt Hoàn thành tốt nhiệm vụ hoặc Hoàn thành xuất sắc nhiệm vụ tính đến năm 2024, cần ≥ 3 năm",
        "1 lần đạt Chiến sĩ thi đua cơ sở trong 2 năm liên tục đạt Hoàn thành tốt nhiệm vụ hoặc Hoàn thành xuất sắc nhiệm vụ (2023–2024), cần ≥ 2 lần",
        "Mức xếp loại năm 2024: Hoàn thành tốt nhiệm vụ, cần Hoàn thành xuất sắc nhiệm vụ",
        "Số sáng kiến năm 2023: 0, cần ≥ 1",
    ] {
        assert!(r.stdout.contains(want), "missing `{want}` in\n{}", r.stdout);
    }
}

#[test]
fn a_registers_value_the_column_never_holds_is_refused_at_load() {
    let s = scratch();
    s.edit("pack/pack.yaml", "nam_thanh_tich) == \"xuat_sac\"", "nam_thanh_tich) == \"xuat_sac_\"");
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("cột `xep_loai` không bao giờ có giá trị \"xuat_sac_\""), "{}", r.stderr);
    let s = scratch();
    s.edit("pack/pack.yaml", "lich_su.gia_tri(\"so_sang_kien\"", "lich_su.gia_tri(\"so_sang_kienn\"");
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("`so_sang_kienn` (có phải `so_sang_kien`?)"), "{}", r.stderr);
}

#[test]
fn a_year_whose_rows_disagree_is_an_error_not_a_guess() {
    let s = scratch();
    // Two rows for P1 in 2024 with different ratings.
    s.edit(
        "pack/data/so_theo_doi.csv",
        "P1,2024,xuat_sac,chien_si_thi_dua_co_so,1\n",
        "P1,2024,xuat_sac,chien_si_thi_dua_co_so,1\nP1,2024,tot,lao_dong_tien_tien,1\n",
    );
    let r = check(&s);
    assert_eq!(r.code, 5, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("`xep_loai`"), "{}", r.stderr);
}
