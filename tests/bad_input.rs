//! One test per class of bad input: each asserts the exit code and that the
//! message names the place (file, line/row, column) and what was expected.

mod common;
use common::*;

const PACK: &str = "luat-tdkt-2022";

fn check(s: &Scratch, extra: &[&str]) -> Run {
    let pack = s.p("pack");
    let data = s.p("data/ca_nhan.csv");
    let mut args = vec!["check", pack.as_str(), "--data", data.as_str(), "--as-of", "2024-12-31"];
    args.extend(extra);
    thidua(&args)
}

fn validate(s: &Scratch, extra: &[&str]) -> Run {
    let pack = s.p("pack");
    let mut args = vec!["validate", pack.as_str()];
    args.extend(extra);
    thidua(&args)
}

#[test]
fn broken_yaml() {
    let s = Scratch::of(PACK);
    s.edit("pack/ca-nhan.yaml", "    requires: [lao_dong_tien_tien]", "    requires: [lao_dong_tien_tien");
    let r = validate(&s, &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("ca-nhan.yaml:"), "{}", r.stderr);
    assert!(r.stderr.contains("lỗi cú pháp YAML"), "{}", r.stderr);
}

#[test]
fn unknown_key_names_line_column_and_valid_keys() {
    let s = Scratch::of(PACK);
    s.edit("pack/ca-nhan.yaml", "        when: \"tu_luc_doan_ket\"", "        whem: \"tu_luc_doan_ket\"");
    let r = validate(&s, &[]);
    assert_eq!(r.code, 3);
    let want = format!(
        "{}:20:9: khóa không hợp lệ `whem`; các khóa hợp lệ: id, text, text_en, source, when",
        s.p("pack/ca-nhan.yaml")
    );
    assert!(r.stderr.contains(&want), "{}", r.stderr);
    let r = validate(&s, &["--lang", "en"]);
    assert!(r.stderr.contains("unknown field `whem`"), "{}", r.stderr);
}

#[test]
fn rhai_syntax_error() {
    let s = Scratch::of(PACK);
    s.edit("pack/ca-nhan.yaml", "when: \"!dang_xem_xet_ky_luat\"", "when: \"!dang_xem_xet_ky_luat &&\"");
    let r = validate(&s, &[]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains(&format!(
            "{}:32:40: lỗi trong biểu thức Rhai: biểu thức chưa kết thúc",
            s.p("pack/ca-nhan.yaml")
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn misspelt_column_in_a_rule_fails_at_load_with_a_suggestion() {
    let s = Scratch::of(PACK);
    s.edit("pack/ca-nhan.yaml", "|| so_sang_kien >= 1", "|| so_sang_kein >= 1");
    let r = validate(&s, &[]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("không có biến `so_sang_kein` (có phải `so_sang_kien`?)"), "{}", r.stderr);
    assert!(r.stderr.contains("ca-nhan.yaml:47:48"), "{}", r.stderr);
}

#[test]
fn enum_value_that_can_never_match_is_refused() {
    let s = Scratch::of(PACK);
    s.edit("pack/ca-nhan.yaml", "in [\"tot\", \"xuat_sac\"]", "in [\"tot\", \"xuat_xac\"]");
    let r = validate(&s, &[]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("cột `muc_hoan_thanh` không bao giờ có giá trị \"xuat_xac\""), "{}", r.stderr);
}

#[test]
fn rule_that_never_ends_stops_quickly_naming_its_criterion() {
    let s = Scratch::of(PACK);
    s.edit("pack/ca-nhan.yaml", "when: \"tu_luc_doan_ket\"", "when: \"loop { } ; tu_luc_doan_ket\"");
    let t = std::time::Instant::now();
    let r = check(&s, &["--subject", "CN001"]);
    assert!(t.elapsed().as_secs() < 10, "took {:?}", t.elapsed());
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(r.stderr.contains("dòng 2, đối tượng CN001, danh hiệu lao_dong_tien_tien, tiêu chí tu_luc_doan_ket: quy tắc chạy quá số phép tính cho phép"), "{}", r.stderr);
}

#[test]
fn several_pack_problems_are_reported_in_one_run() {
    let s = Scratch::of(PACK);
    s.edit("pack/ca-nhan.yaml", "  - id: chien_si_thi_dua_co_so", "  - id: lao_dong_tien_tien");
    s.edit(
        "pack/pack.yaml",
        "title: \"Cá nhân đề nghị xét danh hiệu\"\n    key: ma_ca_nhan",
        "title: \"Cá nhân đề nghị xét danh hiệu\"\n    key: ma_so",
    );
    s.edit("pack/ca-nhan.yaml", "when: \"tu_luc_doan_ket\"", "when: \"tu_luc\"");
    let r = validate(&s, &[]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("danh hiệu/hình thức `lao_dong_tien_tien` bị trùng; đã khai báo tại"), "{}", r.stderr);
    assert!(r.stderr.contains("không có cột `ma_so`"), "{}", r.stderr);
    assert!(r.stderr.contains("không có biến `tu_luc`"), "{}", r.stderr);
    // The renamed award was read by a roll-up on the members.
    assert!(r.stderr.contains("không có danh hiệu xét cho thành viên `chien_si_thi_dua_co_so`"), "{}", r.stderr);
    assert!(r.stderr.ends_with("4 lỗi trong bộ quy tắc.\n"), "{}", r.stderr);
}

#[test]
fn requires_cycle() {
    let s = Scratch::of(PACK);
    s.edit("pack/ca-nhan.yaml", "    dataset: ca_nhan\n    source: \"Luật Thi đua, khen thưởng 2022, Điều 24\"", "    dataset: ca_nhan\n    requires: [chien_si_thi_dua_co_so]\n    source: \"Luật Thi đua, khen thưởng 2022, Điều 24\"");
    let r = validate(&s, &[]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("thành vòng: lao_dong_tien_tien → chien_si_thi_dua_co_so → lao_dong_tien_tien"),
        "{}",
        r.stderr
    );
}

#[test]
fn wrong_cell_type_names_row_column_value_and_expectation() {
    let s = Scratch::of(PACK);
    s.edit(
        "data/ca_nhan.csv",
        "CN002,Trần Thị Bình,UBX,02/09/2012,xuat_sac,có,0,0",
        "CN002,Trần Thị Bình,UBX,02/09/2012,xuat_sac,có,một,0",
    );
    s.edit("data/ca_nhan.csv", "CN005,Hoàng Văn Em,UBX,01/07/2024", "CN005,Hoàng Văn Em,UBX,31/02/2024");
    let r = check(&s, &[]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    let f = s.p("data/ca_nhan.csv");
    assert!(
        r.stderr.contains(&format!(
            "{f}, dòng 3, cột \"so_sang_kien\": giá trị `một` không hợp lệ, cần số nguyên, ví dụ 1234"
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains(&format!("{f}, dòng 6, cột \"ngay_tuyen_dung\": giá trị `31/02/2024` không hợp lệ, cần ngày")),
        "{}",
        r.stderr
    );
    let r = check(&s, &["--lang", "en"]);
    assert!(
        r.stderr.contains(&format!("{f}, row 3, column \"so_sang_kien\": invalid value `một`, expected an integer")),
        "{}",
        r.stderr
    );
}

#[test]
fn missing_column_suggests_the_misspelt_header() {
    let s = Scratch::of(PACK);
    s.edit("data/ca_nhan.csv", "so_sang_kien,", "so_sang_kein,");
    let r = check(&s, &[]);
    assert_eq!(r.code, 4);
    assert!(
        r.stderr.contains(
            "dòng 1, cột \"so_sang_kien\": thiếu cột bắt buộc `so_sang_kien` ở dòng tiêu đề (tệp có cột `so_sang_kein`"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn bom_and_crlf_give_the_same_result() {
    let s = Scratch::of(PACK);
    let plain = check(&s, &["--format", "json"]);
    let text = std::fs::read_to_string(s.path("data/ca_nhan.csv")).unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(text.replace('\n', "\r\n").as_bytes());
    s.write("data/ca_nhan.csv", &bytes);
    let bom = check(&s, &["--format", "json"]);
    assert_eq!(plain.code, 0);
    assert_eq!(bom.code, 0, "{}", bom.stderr);
    assert_eq!(plain.stdout, bom.stdout);
}

#[test]
fn duplicate_key_names_both_rows() {
    let s = Scratch::of(PACK);
    s.edit("data/ca_nhan.csv", "CN003,Lê Văn Cường", "CN001,Lê Văn Cường");
    let r = check(&s, &[]);
    assert_eq!(r.code, 4);
    assert!(r.stderr.contains("dòng 4, cột \"ma_ca_nhan\": mã `CN001` bị trùng với dòng 2"), "{}", r.stderr);
}

#[test]
fn empty_file_and_header_only() {
    let s = Scratch::of(PACK);
    s.write("data/ca_nhan.csv", b"");
    let r = check(&s, &[]);
    assert_eq!(r.code, 4);
    assert!(r.stderr.contains("tệp rỗng: không có dòng tiêu đề"), "{}", r.stderr);
    let header = std::fs::read_to_string(root().join("data/luat-tdkt-2022/ca_nhan.csv")).unwrap();
    s.write("data/ca_nhan.csv", header.lines().next().unwrap().as_bytes());
    let r = check(&s, &[]);
    assert_eq!(r.code, 4);
    assert!(r.stderr.contains("tệp chỉ có dòng tiêu đề, không có dữ liệu"), "{}", r.stderr);
}

#[test]
fn not_utf8_is_a_clear_error() {
    let s = Scratch::of(PACK);
    s.write("data/ca_nhan.csv", b"ma_ca_nhan,ho_ten\nCN001,Nguy\xe1n\n");
    // Declared UTF-8: the bad byte is an error (undeclared, it would be read
    // as Windows-1258).
    let r = check(&s, &["--encoding", "utf-8"]);
    assert_eq!(r.code, 4);
    assert!(r.stderr.contains("tệp không phải UTF-8"), "{}", r.stderr);
}

#[test]
fn evaluation_date_outside_the_pack_period() {
    let r = thidua(&["check", "rules/yen-chau-2023", "--data", "data/yen-chau-2023", "--as-of", "15/07/2023"]);
    assert_eq!(r.code, 5);
    assert!(
        r.stderr.contains("ngày xét 15/07/2023 nằm ngoài thời hạn hiệu lực của bộ quy tắc (01/02/2023 – 30/06/2023)"),
        "{}",
        r.stderr
    );
}

#[test]
fn law_pack_needs_an_evaluation_date() {
    let r = thidua(&["check", "rules/luat-tdkt-2022", "--data", "data/luat-tdkt-2022"]);
    assert_eq!(r.code, 5);
    assert!(r.stderr.contains("chưa có ngày xét: thêm --as-of"), "{}", r.stderr);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(thidua(&["check"]).code, 2);
    assert_eq!(thidua(&["nonsense"]).code, 2);
    assert_eq!(thidua(&["check", "rules/luat-tdkt-2022", "--data", "x.csv", "--as-of", "2024-13-45"]).code, 2);
}

#[test]
fn not_a_pack() {
    let r = thidua(&["validate", "data"]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("không phải bộ quy tắc: thiếu tệp pack.yaml"), "{}", r.stderr);
}

#[test]
fn unknown_award_filter_is_an_error() {
    let r = thidua(&[
        "check",
        "rules/luat-tdkt-2022",
        "--data",
        "data/luat-tdkt-2022",
        "--as-of",
        "2024-12-31",
        "--award",
        "lao_dong_tien_tienn",
    ]);
    // A name on the command line the pack lacks: a usage error (#31).
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("(có phải `lao_dong_tien_tien`?)"), "{}", r.stderr);
}

#[test]
fn a_cell_longer_than_the_limit_is_named_by_row_and_column() {
    let s = Scratch::of(PACK);
    let long = "A".repeat(1500);
    s.edit("data/ca_nhan.csv", "CN002,Trần Thị Bình,", &format!("CN002,Trần Thị Bình {long},"));
    let r = check(&s, &["--max-field-kb", "1"]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("dòng 3, cột \"ho_ten\": ô dài quá 1 KB; nâng bằng --max-field-kb"), "{}", r.stderr);
    // Within the limit, the same file is read.
    assert_eq!(check(&s, &["--max-field-kb", "2"]).code, 0);
}

#[test]
fn a_rule_of_few_slow_operations_stops_at_its_time_budget() {
    // Each `pad` is one operation taking milliseconds: well within the
    // operation limit, the loop would run for about a minute per subject.
    let s = Scratch::of(PACK);
    s.edit(
        "pack/ca-nhan.yaml",
        "when: \"tu_luc_doan_ket\"",
        "when: 'let x = \"\"; for i in 0..20000 { x = \"\".pad(65000, \"y\"); } tu_luc_doan_ket'",
    );
    let t = std::time::Instant::now();
    let r = check(&s, &["--subject", "CN001", "--max-rule-ms", "200"]);
    assert!(t.elapsed().as_secs() < 10, "took {:?}", t.elapsed());
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(
        r.stderr.contains("tiêu chí tu_luc_doan_ket: quy tắc chạy quá thời gian cho phép cho một đối tượng"),
        "{}",
        r.stderr
    );
}

#[cfg(unix)]
#[test]
fn pack_yaml_files_that_lead_out_of_the_pack_are_refused_unread() {
    // A YAML file elsewhere, and one that is not YAML at all.
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("bi_mat.yaml");
    std::fs::write(&secret, "mat_khau: khong_duoc_in_ra\n").unwrap();
    for (link, target) in [("pack/ngoai.yaml", secret.clone()), ("pack/tests/ngoai.yaml", secret.clone())] {
        let s = Scratch::of(PACK);
        std::os::unix::fs::symlink(&target, s.path(link)).unwrap();
        let pack = s.p("pack");
        let r = if link.contains("tests") { thidua(&["test", &pack]) } else { validate(&s, &[]) };
        assert_eq!(r.code, 3, "{link}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains("tệp này không thuộc thư mục bộ quy tắc"), "{}", r.stderr);
        assert!(!r.stderr.contains("khong_duoc_in_ra") && !r.stdout.contains("khong_duoc_in_ra"), "{}", r.stderr);
    }
}

#[test]
fn a_rule_holding_too_much_memory_stops_at_its_budget() {
    // Each string is within Rhai's 64 KB, the map within its 10,000 items;
    // together they would hold 585 MB per subject and thread.
    let s = Scratch::of(PACK);
    s.edit(
        "pack/ca-nhan.yaml",
        "when: \"tu_luc_doan_ket\"",
        "when: 'let s = \"\"; s.pad(65000, \"y\"); let m = #{}; for i in 0..9000 { m[`k${i}`] = s + i; } tu_luc_doan_ket'",
    );
    let r = check(&s, &["--subject", "CN001", "--max-rule-mb", "32"]);
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(
        r.stderr.contains("tiêu chí tu_luc_doan_ket: quy tắc giữ quá nhiều bộ nhớ cho một đối tượng"),
        "{}",
        r.stderr
    );
}
