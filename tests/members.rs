//! Roll-ups over the members' own columns: no pass-through award needed
//! for a member flag, a choice or a number.

mod common;
use common::*;

const AWARD: &str = r#"
  - id: thu_cuon_len
    name: "Thử cuộn lên cột của thành viên"
    dataset: tap_the
    criteria:
      - id: doan_ket
        text: "Ít nhất 85% thành viên tự lực, đoàn kết"
        when: 'thanh_vien.ty_le_co("tu_luc_doan_ket") >= 85'
      - id: xuat_sac
        text: "Ít nhất 30% thành viên hoàn thành xuất sắc nhiệm vụ"
        when: 'thanh_vien.ty_le_co("muc_hoan_thanh", "xuat_sac") >= 30'
      - id: sang_kien
        text: "Các thành viên có từ 3 sáng kiến"
        when: 'thanh_vien.tong("so_sang_kien") >= 3'
"#;

fn scratch(award: &str) -> Scratch {
    let s = Scratch::of("luat-tdkt-2022");
    let path = s.path("pack/tap-the.yaml");
    let text = std::fs::read_to_string(&path).unwrap() + award;
    std::fs::write(path, text).unwrap();
    s
}

#[test]
fn member_columns_roll_up_by_hand() {
    // From data/luat-tdkt-2022/ca_nhan.csv: UBX 10 of 11 united, 2 excellent,
    // 1 initiative; THA 8 of 10, 3, 5; TYT 8 of 9, 3, 4.
    let s = scratch(AWARD);
    let r = thidua(&[
        "check",
        &s.p("pack"),
        "--data",
        &s.p("data"),
        "--as-of",
        "2024-12-31",
        "--award",
        "thu_cuon_len",
        "--format",
        "csv",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let row = |k: &str| r.stdout.lines().find(|l| l.starts_with(k)).unwrap().to_string();
    assert!(row("UBX,").contains(",khong_dat,xuat_sac;sang_kien,"), "{}", r.stdout);
    assert!(row("THA,").contains(",khong_dat,doan_ket,"), "{}", r.stdout);
    assert!(row("TYT,").contains(",dat,,"), "{}", r.stdout);
    let r =
        thidua(&["check", &s.p("pack"), "--data", &s.p("data"), "--as-of", "2024-12-31", "--award", "thu_cuon_len"]);
    for want in [
        "80 % thành viên có Tự lực, tự cường, đoàn kết, tương trợ, tích cực tham gia phong trào thi đua (8/10), cần ≥ 85 %",
        "18,181… % thành viên có Mức xếp loại hoàn thành nhiệm vụ: Hoàn thành xuất sắc nhiệm vụ (2/11), cần ≥ 30 %",
        "Số sáng kiến được cơ sở công nhận trong năm của các thành viên cộng lại: 1, cần ≥ 3",
    ] {
        assert!(r.stdout.contains(want), "missing `{want}` in\n{}", r.stdout);
    }
}

#[test]
fn a_misspelt_member_column_or_value_is_refused_at_load() {
    let s = scratch(&AWARD.replace("\"tu_luc_doan_ket\"", "\"tu_luc_doan_kett\""));
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("`tu_luc_doan_kett` (có phải `tu_luc_doan_ket`?)"), "{}", r.stderr);
    let s = scratch(&AWARD.replace("\"xuat_sac\") >= 30", "\"xuat_sacc\") >= 30"));
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("cột `muc_hoan_thanh` không bao giờ có giá trị \"xuat_sacc\""), "{}", r.stderr);
    // A number column where a yes/no or a choice is needed.
    let s = scratch(&AWARD.replace("ty_le_co(\"tu_luc_doan_ket\")", "ty_le_co(\"so_sang_kien\")"));
    assert_eq!(thidua(&["validate", &s.p("pack")]).code, 3);
}

#[test]
fn a_member_column_named_at_run_time_fails_the_subject_in_words() {
    let s = scratch(&AWARD.replace("ty_le_co(\"tu_luc_doan_ket\")", "ty_le_co(\"tu_luc\" + \"_doan_kett\")"));
    assert_eq!(thidua(&["validate", &s.p("pack")]).code, 0, "the loader cannot see a computed name");
    let r =
        thidua(&["check", &s.p("pack"), "--data", &s.p("data"), "--as-of", "2024-12-31", "--award", "thu_cuon_len"]);
    assert_eq!(r.code, 5, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("không có cột của thành viên `tu_luc_doan_kett`"), "{}", r.stderr);
}

#[test]
fn a_member_value_may_be_any_of_a_list() {
    // "Tỷ lệ hoàn thành tốt nhiệm vụ trở lên ≥ 80 %": xuat_sac or tot. From
    // data/luat-tdkt-2022/ca_nhan.csv: UBX 2 + 7 of 11 (81.8 %), THA 3 + 5
    // of 10 (80 %), TYT 3 + 4 of 9 (77.7 %).
    let s = scratch(
        r#"
  - id: tot_tro_len
    name: "Tỷ lệ hoàn thành tốt nhiệm vụ trở lên"
    dataset: tap_the
    criteria:
      - id: tot_tro_len
        text: "Ít nhất 80% thành viên hoàn thành tốt nhiệm vụ trở lên"
        when: 'thanh_vien.ty_le_co("muc_hoan_thanh", ["xuat_sac", "tot"]) >= 80 && thanh_vien.so_co("muc_hoan_thanh", ["xuat_sac"]) >= 2'
"#,
    );
    let v = thidua(&["validate", &s.p("pack")]);
    assert_eq!(v.code, 0, "{}", v.stderr);
    let args = ["check", &s.p("pack"), "--data", &s.p("data"), "--as-of", "2024-12-31", "--award", "tot_tro_len"];
    let r = thidua(&[&args[..], &["--format", "csv"]].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let row = |k: &str| r.stdout.lines().find(|l| l.starts_with(k)).unwrap().to_string();
    assert!(row("UBX,").contains(",dat,"), "{}", r.stdout);
    assert!(row("THA,").contains(",dat,"), "{}", r.stdout);
    assert!(row("TYT,").contains(",khong_dat,tot_tro_len,"), "{}", r.stdout);
    let r = thidua(&args);
    let want = "77,777… % thành viên có Mức xếp loại hoàn thành nhiệm vụ: Hoàn thành xuất sắc nhiệm vụ hoặc Hoàn thành tốt nhiệm vụ (7/9), cần ≥ 80 %";
    assert!(r.stdout.contains(want), "missing `{want}` in\n{}", r.stdout);
    // A misspelt value inside the list is refused at load, as a lone one is.
    let s = scratch(&AWARD.replace("\"xuat_sac\") >= 30", "[\"xuat_sac\", \"tott\"]) >= 30"));
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("cột `muc_hoan_thanh` không bao giờ có giá trị \"tott\""), "{}", r.stderr);
}
