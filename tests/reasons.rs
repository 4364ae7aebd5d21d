//! What an officer reads when a nomination fails: the values that decided
//! it, in words, never the rule's source and never a draft marker.

mod common;
use common::*;

/// Every shipped pack that has sample data for `check`.
const CHECK_PACKS: &[(&str, &str)] = &[
    ("luat-tdkt-2022", "2024-12-31"),
    ("nd-91-2017", "2023-12-31"),
    ("yen-chau-2023", "2023-06-30"),
    ("cho-chu-2024", "2024-12-31"),
];

/// Text that only rule source (or a draft marker) would put in a report.
const CODE: &[&str] = &[
    "lich_su.",
    "thanh_vien.",
    "months_between",
    "so_nam_lien_tuc",
    "&&",
    "||",
    "==",
    "!=",
    "let ",
    "while ",
    "⚠",
    "❓",
    "điều kiện chưa thỏa",
];

#[test]
fn no_report_of_a_shipped_pack_prints_rule_source_or_draft_markers() {
    let dir = tempfile::tempdir().unwrap();
    for (pack, as_of) in CHECK_PACKS {
        let (rules, data) = (format!("rules/{pack}"), format!("data/{pack}"));
        for (lang, format) in
            [("vi", "table"), ("vi", "md"), ("vi", "csv"), ("vi", "json"), ("vi", "html"), ("en", "table")]
        {
            let out = dir.path().join(format!("{pack}.{format}"));
            let out = out.to_str().unwrap();
            let r = thidua(&[
                "check", &rules, "--data", &data, "--as-of", as_of, "--format", format, "--lang", lang, "--output", out,
            ]);
            assert!(r.code == 0 || r.code == 1, "{pack} {format}: {}", r.stderr);
            let text = std::fs::read_to_string(out).unwrap();
            for code in CODE {
                // HTML escapes `&&`, but a condition's source would still show its `==`, `let ` or helper names.
                let hit = text.lines().find(|l| l.contains(code));
                assert!(hit.is_none(), "{pack} --format {format} --lang {lang} prints `{code}`: {}", hit.unwrap());
            }
        }
    }
}

fn check_law(args: &[&str]) -> String {
    let mut all = vec!["check", "rules/luat-tdkt-2022", "--data", "data/luat-tdkt-2022", "--as-of", "2024-12-31"];
    all.extend_from_slice(args);
    let r = thidua(&all);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    r.stdout
}

#[test]
fn each_failed_higher_title_criterion_shows_the_number_that_decided_it() {
    let out = check_law(&["--subject", "CN010"]);
    for want in [
        // Streak of one title, ending at the achievement year.
        "Có 03 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở, tính đến năm thành tích (Luật TĐKT 2022, Điều 22, khoản 1 điểm a): 1 năm liên tục đạt Chiến sĩ thi đua cơ sở tính đến năm 2024, cần ≥ 3 năm",
        // Count since the first years: "ever".
        "Đã được tặng Bằng khen cấp bộ, ban, ngành, tỉnh (Luật TĐKT 2022, Điều 73 khoản 1 điểm b): 0 lần đạt Bằng khen cấp bộ, ban, ngành, tỉnh tính đến năm 2024, cần ≥ 1 lần",
        // Streak over a set of ratings.
        "năm liên tục đạt Hoàn thành tốt nhiệm vụ hoặc Hoàn thành xuất sắc nhiệm vụ tính đến năm 2024, cần ≥ 5 năm",
        // Items within the streak not already used for another title.
        "đã dùng cho danh hiệu khác",
    ] {
        assert!(out.contains(want), "missing `{want}` in\n{out}");
    }
}

#[test]
fn in_that_period_counts_within_the_streak() {
    let out = check_law(&["--subject", "CN012", "--award", "bang_khen_thu_tuong"]);
    assert!(
        out.contains("Trong thời gian đó có 03 lần đạt danh hiệu Chiến sĩ thi đua cơ sở (Luật TĐKT 2022, Điều 73 khoản 1 điểm b): 0 lần đạt Chiến sĩ thi đua cơ sở trong 1 năm liên tục đạt Hoàn thành tốt nhiệm vụ hoặc Hoàn thành xuất sắc nhiệm vụ (2024), cần ≥ 3 lần"),
        "{out}"
    );
}

#[test]
fn a_collectives_share_of_members_is_printed_cut_not_rounded_up() {
    // 1402 of 2003 members are Advanced Workers: 69.995…%, which rounds to
    // 70 and would read as a pass. The report cuts it and marks it.
    let s = Scratch::of("luat-tdkt-2022");
    let mut members = String::from(
        "ma_ca_nhan,ho_ten,ma_don_vi,ngay_tuyen_dung,muc_hoan_thanh,tu_luc_doan_ket,so_sang_kien,so_de_tai,muu_tri_sang_tao,dang_xem_xet_ky_luat\n",
    );
    for i in 0..2003 {
        let ok = if i < 1402 { "có" } else { "không" };
        members += &format!("X{i:04},Người {i},LON,01/01/2010,xuat_sac,{ok},1,0,không,không\n");
    }
    s.write("data/ca_nhan.csv", members.as_bytes());
    s.write(
        "data/tap_the.csv",
        "ma_don_vi,ten_don_vi,muc_hoan_thanh,tich_cuc_phong_trao,noi_bo_doan_ket,dang_xem_xet_ky_luat,dan_dau_cum_khoi,vuot_muc_chi_tieu,dang_doan_the_trong_sach,di_dau_tiet_kiem\nLON,Đơn vị lớn,xuat_sac,có,có,không,,,,\n"
            .as_bytes(),
    );
    let (pack, data) = (s.p("pack"), s.p("data"));
    let (members, units) = (format!("ca_nhan={data}/ca_nhan.csv"), format!("tap_the={data}/tap_the.csv"));
    let run = |lang: &str| {
        thidua(&[
            "check",
            &pack,
            "--data",
            &members,
            "--data",
            &units,
            "--award",
            "tap_the_lao_dong_xuat_sac",
            "--award",
            "lao_dong_tien_tien",
            "--as-of",
            "2024-12-31",
            "--lang",
            lang,
        ])
    };
    let r = run("vi");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("69,995… % thành viên đạt Lao động tiên tiến (1.402/2.003), cần ≥ 70 %"), "{}", r.stdout);
    let r = run("en");
    assert!(r.stdout.contains("69.995… % of members meet Advanced Worker (1,402/2,003), needs ≥ 70 %"), "{}", r.stdout);
}

#[test]
fn codes_become_words_and_numbers_read_the_vietnamese_way() {
    let out = check_law(&["--subject", "CN004", "--award", "lao_dong_tien_tien"]);
    assert!(
        out.contains("Mức xếp loại hoàn thành nhiệm vụ: Hoàn thành nhiệm vụ, cần một trong: Hoàn thành tốt nhiệm vụ, Hoàn thành xuất sắc nhiệm vụ"),
        "{out}"
    );
    let out = check_law(&["--subject", "T02"]);
    assert!(out.contains("77,222… % (139/180), cần ≥ 80 %"), "{out}");
    let out = check_law(&["--subject", "CN005", "--award", "lao_dong_tien_tien"]);
    assert!(out.contains("5 tháng từ 01/07/2024 đến 31/12/2024, cần ≥ 6 tháng"), "{out}");
}

#[test]
fn explain_keeps_the_source_for_pack_authors() {
    // A condition the report can only state with its inputs shows its
    // source under --explain, where pack authors look.
    let r = thidua(&["check", "rules/yen-chau-2023", "--data", "data/yen-chau-2023", "--explain"]);
    assert!(r.stdout.contains("dat_xanh_sach_dep == true"), "{}", r.stdout);
}

/// A start date after the evaluation date never reads "-2 tháng", and a
/// parameter is cited by where its figure comes from, not by its code
/// (#29, item 2).
#[test]
fn a_period_not_yet_begun_and_a_parameter_read_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("ca_nhan.csv");
    std::fs::write(
        &data,
        "ma_ca_nhan,ho_ten,ma_don_vi,ngay_tuyen_dung,muc_hoan_thanh,tu_luc_doan_ket,so_sang_kien,so_de_tai,muu_tri_sang_tao,dang_xem_xet_ky_luat\nCN9,A,UBX,2025-03-01,tot,có,0,0,không,không\n",
    )
    .unwrap();
    let data = format!("ca_nhan={}", data.display());
    let r = thidua(&[
        "check",
        "rules/luat-tdkt-2022",
        "--data",
        &data,
        "--as-of",
        "2024-12-31",
        "--award",
        "lao_dong_tien_tien",
        "--explain",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("ngày 01/03/2025 là sau ngày 31/12/2024 (chưa bắt đầu tính), cần ≥ 6 tháng"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("-2 tháng") && !r.stdout.contains("so_thang_cong_tac_toi_thieu"), "{}", r.stdout);
    assert!(r.stdout.contains("mức quy định (Thông tư 01/2024/TT-BNV): 6"), "{}", r.stdout);
}
