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

/// A register judged a year at a time (#16, item 6): every row on the run's
/// day and month of its own year, under the criteria in force then.
#[test]
fn a_register_mixing_years_is_judged_under_each_years_rules_in_one_run() {
    let dir = "tests/fixtures/register-years";
    let r = thidua(&["check", dir, "--data", dir, "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The last two columns are the register's shown values: the streak of
    // "tốt" or better up to the row's year, and initiatives over that year
    // and the one before. By hand: A meets both years; B lacks an initiative under the 2023 rule
    // and has two excellent years by 2024; C was only "tốt" in 2023, which
    // still counts towards 2024's two years; D has one year.
    let want = "\u{feff}ma,ten,ngay_xet,bang_du_lieu,danh_hieu,ten_danh_hieu,ket_qua,tieu_chi_khong_dat,ly_do,so_nam_tot_tro_len,sang_kien_hai_nam
A,Nguyễn An,2023-12-31,so_theo_doi,chien_si_thi_dua_co_so,Chiến sĩ thi đua cơ sở,dat,,,1,1
A,Nguyễn An,2024-12-31,so_theo_doi,chien_si_thi_dua_co_so,Chiến sĩ thi đua cơ sở,dat,,,2,1
B,Trần Bình,2023-12-31,so_theo_doi,chien_si_thi_dua_co_so,Chiến sĩ thi đua cơ sở,khong_dat,sang_kien,Có sáng kiến được công nhận (quy định cũ): không đạt với dữ liệu: Số sáng kiến: 0,1,0
B,Trần Bình,2024-12-31,so_theo_doi,chien_si_thi_dua_co_so,Chiến sĩ thi đua cơ sở,dat,,,2,2
C,Lê Châu,2023-12-31,so_theo_doi,chien_si_thi_dua_co_so,Chiến sĩ thi đua cơ sở,khong_dat,xuat_sac,\"Hoàn thành xuất sắc nhiệm vụ trong năm: xep_loai: Hoàn thành tốt nhiệm vụ, cần Hoàn thành xuất sắc nhiệm vụ\",1,3
C,Lê Châu,2024-12-31,so_theo_doi,chien_si_thi_dua_co_so,Chiến sĩ thi đua cơ sở,dat,,,2,3
D,Phạm Dũng,2024-12-31,so_theo_doi,chien_si_thi_dua_co_so,Chiến sĩ thi đua cơ sở,khong_dat,hai_nam_lien_tuc,\"02 năm liên tục hoàn thành tốt nhiệm vụ trở lên tính đến năm xét (quy định mới): 1 năm liên tục đạt Hoàn thành tốt nhiệm vụ hoặc Hoàn thành xuất sắc nhiệm vụ tính đến năm 2024, cần ≥ 2 năm\",1,1
";
    assert_eq!(r.stdout, want);
    let table = thidua(&["check", dir, "--data", dir]);
    assert!(table.stdout.contains("Ngày xét: 31/12 của năm xét ghi ở từng dòng (2023, 2024)"), "{}", table.stdout);
    assert!(table.stdout.contains("B (2023)  Trần Bình"), "{}", table.stdout);
    let t = thidua(&["test", dir]);
    assert_eq!(t.code, 0, "{}{}", t.stdout, t.stderr);
}

#[test]
fn a_register_row_repeated_for_one_year_or_a_year_not_a_number_is_refused() {
    let s = Scratch::fixture("register-years");
    s.edit("pack/so_theo_doi.csv", "D,Phạm Dũng,2024", "C,Lê Châu,2024");
    let r = thidua(&["check", &s.p("pack"), "--data", &s.p("pack")]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("dòng 8, cột \"ma\": mã `C / 2024` bị trùng với dòng 7"), "{}", r.stderr);
    let s = Scratch::fixture("register-years");
    s.edit("pack/pack.yaml", "lich_su.tong(\"so_sang_kien\"", "lich_su.tong(\"so_sang_kienn\"");
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("pack.yaml:24:30: không có cột số của bảng lịch sử `so_sang_kienn`"),
        "a shown value's error is placed in its text: {}",
        r.stderr
    );
    assert!(r.stderr.contains("so_sang_kienn"), "{}", r.stderr);
    let s = Scratch::fixture("register-years");
    s.edit("pack/pack.yaml", "      nam: int", "      nam: text");
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("cột năm `nam` phải có kiểu int"), "{}", r.stderr);
}

/// Several histories of one subject, each read by its own name (#16, item 5).
#[test]
fn two_registers_of_one_person_are_read_by_their_own_names() {
    let dir = "tests/fixtures/two-histories";
    let r = thidua(&["check", dir, "--data", dir, "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A: two years of LĐTT, a warning in 2020 (outside 2022–2024); B: a
    // reprimand in 2022; C: one year of LĐTT.
    let results: Vec<(&str, &str)> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0], f[6])
        })
        .collect();
    assert_eq!(results, [("A", ""), ("B", "khong_ky_luat"), ("C", "hai_nam_ldtt")]);
    // A title misspelt in the second register is checked against that register.
    let s = Scratch::fixture("two-histories");
    s.edit("pack/pack.yaml", r#"["khien_trach", "canh_cao"]"#, r#"["khien_trach", "canh_cao", "lao_dong_tien_tien"]"#);
    let v = thidua(&["validate", &s.p("pack")]);
    assert_eq!(v.code, 3, "{}", v.stderr);
    assert!(v.stderr.contains("không có danh hiệu trong bảng lịch sử `lao_dong_tien_tien`"), "{}", v.stderr);
    // Two registers under one name: which one would a rule read?
    let s = Scratch::fixture("two-histories");
    s.edit("pack/pack.yaml", ", name: lich_su_ky_luat", "");
    let v = thidua(&["validate", &s.p("pack")]);
    assert_eq!(v.code, 3, "{}", v.stderr);
    assert!(v.stderr.contains("đặt cho mỗi bảng lịch sử một tên riêng"), "{}", v.stderr);
}
