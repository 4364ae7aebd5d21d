//! `thidua check` on the shipped packs and data, compared byte for byte with
//! reviewed golden outputs.

mod common;
use common::*;

fn check(args: &[&str]) -> String {
    let r = thidua(args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    r.stdout
}

const LUAT: [&str; 6] = ["check", "rules/luat-tdkt-2022", "--data", "data/luat-tdkt-2022", "--as-of", "2024-12-31"];

#[test]
fn luat_2022_table() {
    golden("luat-tdkt-2022.table.txt", &check(&LUAT));
}

#[test]
fn luat_2022_formats() {
    for (fmt, file) in [("json", "luat-tdkt-2022.json"), ("csv", "luat-tdkt-2022.csv"), ("md", "luat-tdkt-2022.md")] {
        let mut args = LUAT.to_vec();
        args.extend(["--format", fmt]);
        golden(file, &check(&args));
    }
}

#[test]
fn luat_2022_english_explain_for_one_subject() {
    let mut args = LUAT.to_vec();
    args.extend(["--subject", "CN019", "--explain", "--lang", "en"]);
    golden("luat-tdkt-2022.CN019.en.txt", &check(&args));
}

#[test]
fn json_has_documented_keys_and_string_decimals() {
    let mut args = LUAT.to_vec();
    args.extend(["--format", "json", "--award", "chien_si_thi_dua_co_so", "--subject", "CN001"]);
    let v: serde_json::Value = serde_json::from_str(&check(&args)).unwrap();
    let r = &v["results"][0];
    assert_eq!(r["subject"], "CN001");
    assert_eq!(r["award"], "chien_si_thi_dua_co_so");
    assert_eq!(r["eligible"], false);
    assert_eq!(v["results"].as_array().unwrap().len(), 1);
    let c = &r["criteria"][0];
    assert_eq!(c["id"], "thanh_tich_noi_bat");
    assert_eq!(c["passed"], false);
    assert_eq!(c["source"], "Luật TĐKT 2022, Điều 23 (tiêu chuẩn thứ hai)");
    assert_eq!(c["inputs"]["so_sang_kien"], 0);
}

#[test]
fn yen_chau_campaign() {
    golden("yen-chau-2023.table.txt", &check(&["check", "rules/yen-chau-2023", "--data", "data/yen-chau-2023"]));
}

#[test]
fn output_file_is_written_whole_and_matches_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ket_qua.csv");
    let mut args = LUAT.to_vec();
    args.extend(["--format", "csv"]);
    let stdout = check(&args);
    let out_s = out.display().to_string();
    args.extend(["--output", &out_s]);
    assert_eq!(check(&args), "");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), stdout);
    // Nothing else (no temporary file) is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn output_refuses_to_overwrite_an_input() {
    let s = Scratch::of("luat-tdkt-2022");
    let data = s.p("data/ca_nhan.csv");
    let before = std::fs::read(&data).unwrap();
    let r = thidua(&["check", &s.p("pack"), "--data", &data, "--as-of", "2024-12-31", "--output", &data]);
    assert_eq!(r.code, 7, "{}", r.stderr);
    assert!(r.stderr.contains("không ghi đè dữ liệu gốc"), "{}", r.stderr);
    assert_eq!(std::fs::read(&data).unwrap(), before);
}

#[test]
fn same_bytes_on_every_run() {
    let a = check(&LUAT);
    let b = check(&LUAT);
    assert_eq!(a, b);
}

#[test]
fn proposals_grouped_by_decider() {
    let out = check(&["check", "rules/yen-chau-2023", "--data", "data/yen-chau-2023", "--by-decider"]);
    assert!(out.contains("Đề nghị theo thẩm quyền quyết định:\n\nChủ tịch UBND huyện Yên Châu (trên cơ sở đề nghị của Hội đồng TĐKT thị trấn)\n  Tập thể có thành tích xuất sắc trong đợt thi đua kỷ niệm 75 năm (4): TT01 Đảng ủy thị trấn, TT02 Ủy ban MTTQ thị trấn, TT04 UBND thị trấn, TT07 Tiểu khu 1\n"), "{out}");
    let json =
        check(&["check", "rules/yen-chau-2023", "--data", "data/yen-chau-2023", "--by-decider", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["by_decider"][0]["awards"][2]["subjects"][0], "YC05");
}
