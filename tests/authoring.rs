//! Writing a pack the way a plan says it (#31): what an author writes is
//! read as the plan means it, or refused with a message for an author.

mod common;
use common::*;

const VI: &str = "cum-thi-dua-vi-2024";

fn score(s: &Scratch, extra: &[&str]) -> Run {
    let (pack, data) = (s.p("pack"), s.p("data"));
    let mut args = vec!["score", pack.as_str(), "--data", data.as_str()];
    args.extend_from_slice(extra);
    thidua(&args)
}

#[test]
fn a_parameter_stands_where_a_number_stands() {
    let plain = score(&Scratch::of(VI), &["--format", "csv"]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    // The plan's "trừ 2 điểm mỗi vụ" as a parameter: the same scores.
    let s = Scratch::of(VI);
    s.edit(
        "pack/pack.yaml",
        "\ndatasets:\n",
        "\nparameters:\n  diem_tru_moi_vu: { value: 2, text: \"Điểm trừ mỗi vụ tai nạn\" }\ndatasets:\n",
    );
    s.edit(
        "pack/scorecard.yaml",
        "value: so_vu_tngt_nghiem_trong\n            points_each: 2\n",
        "value: so_vu_tngt_nghiem_trong\n            points_each: diem_tru_moi_vu\n",
    );
    let named = score(&s, &["--format", "csv"]);
    assert_eq!(named.code, 0, "{}", named.stderr);
    assert_eq!(named.stdout, plain.stdout);
    // A misspelt name is refused with the name it resembles, never read as 0.
    s.edit("pack/scorecard.yaml", "points_each: diem_tru_moi_vu\n", "points_each: diem_tru_moi_vuu\n");
    let r = score(&s, &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "`diem_tru_moi_vuu` không phải là số, cũng không phải tham số kiểu số của bộ quy tắc; có phải là `diem_tru_moi_vu`?"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("scorecard.yaml:"), "{}", r.stderr);
    // A text parameter is not a number.
    s.edit("pack/pack.yaml", "value: 2,", "value: \"hai\",");
    s.edit("pack/scorecard.yaml", "points_each: diem_tru_moi_vuu\n", "points_each: diem_tru_moi_vu\n");
    let r = score(&s, &["--lang", "en"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("parameter `diem_tru_moi_vu` is not a number"), "{}", r.stderr);
}

/// A declaration refused for its own mistake is reported once, where it is
/// written; what refers to it does not add false errors.
#[test]
fn a_first_error_causes_no_false_second_one() {
    let s = Scratch::of(VI);
    s.edit("pack/pack.yaml", "    subject: unit\n", "    subject: units\n");
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("giá trị không hợp lệ `units`"), "{}", r.stderr);
    assert!(r.stderr.ends_with("1 lỗi trong bộ quy tắc.\n"), "{}", r.stderr);
    // Individuals refused: the collective rules that read their titles
    // are not reported as naming unknown titles.
    let s = Scratch::of("luat-tdkt-2022");
    s.edit("pack/pack.yaml", "  ca_nhan:\n    subject: individual\n", "  ca_nhan:\n    subject: individuall\n");
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.ends_with("1 lỗi trong bộ quy tắc.\n"), "{}", r.stderr);
    // One award refused: no "unknown title" where collectives read it.
    let s = Scratch::of("luat-tdkt-2022");
    s.edit(
        "pack/ca-nhan.yaml",
        "    dataset: ca_nhan\n    source: \"Luật Thi đua, khen thưởng 2022, Điều 24\"\n",
        "    dataset: ca_nhan\n    sourse: \"Luật Thi đua, khen thưởng 2022, Điều 24\"\n",
    );
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("khóa không hợp lệ `sourse`"), "{}", r.stderr);
    assert!(r.stderr.ends_with("1 lỗi trong bộ quy tắc.\n"), "{}", r.stderr);
}

/// A failing pack test names the line of the subject's own row and of its
/// expectation, also for rows written in one flow block.
#[test]
fn a_failing_case_names_its_rows_line() {
    let s = Scratch::of(VI);
    let file = "pack/tests/cham_diem.yaml";
    let row = "      - { ma_don_vi: C, thu_ngan_sach: \"1.125\" }";
    let expect = "      C: { points: { thu_ngan_sach: 11 }, total: 101, rank: 1 }";
    s.edit(file, expect, "      C: { points: { thu_ngan_sach: 11 }, total: 100, rank: 1 }");
    let text = std::fs::read_to_string(s.path(file)).unwrap();
    let line_of = |t: &str| text.lines().position(|l| l.starts_with(t)).unwrap() + 1;
    let (row_line, expect_line) = (line_of(row), line_of("      C: { points: { thu_ngan_sach: 11 }, total: 100"));
    let r = thidua(&["test", &s.p("pack")]);
    assert_eq!(r.code, 6, "{}", r.stdout);
    let want = format!("C.total (dữ liệu dòng {row_line}, kỳ vọng dòng {expect_line}): cần 100, thực tế 101");
    assert!(r.stdout.contains(&want), "missing `{want}` in\n{}", r.stdout);
    // A misspelt criterion in `failed:` is named, with the one it resembles.
    let s = Scratch::of("khen-thuong-huyen-2024");
    s.edit("pack/tests/giay_khen.yaml", "failed: [dan_dau_cum] }", "failed: [dan_dau_cumm] }");
    let r = thidua(&["test", &s.p("pack")]);
    assert_eq!(r.code, 6, "{}", r.stdout);
    assert!(
        r.stdout.contains("`dan_dau_cumm` không phải tiêu chí của danh hiệu (có phải `dan_dau_cum`?)"),
        "{}",
        r.stdout
    );
}

/// A scorecard's failing formula is reported as the scorecard's, not as an
/// award's ("danh hiệu").
#[test]
fn a_scorecards_errors_call_it_a_scorecard() {
    let s = Scratch::of(VI);
    s.edit(
        "pack/scorecard.yaml",
        "script: \"5 * ty_le_ho_so_dung_han / thong_ke_cum.max.ty_le_ho_so_dung_han\"",
        "script: \"5 * ty_le_ho_so_dung_han / (thong_ke_cum.max.ty_le_ho_so_dung_han - thong_ke_cum.max.ty_le_ho_so_dung_han)\"",
    );
    let r = score(&s, &[]);
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(
        r.stderr.contains(", bảng điểm cum_thi_dua_vi, tiêu chí ho_so_dung_han: lỗi khi chạy quy tắc: chia cho 0 ("),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("danh hiệu"), "{}", r.stderr);
}

/// What an empty optional cell means for a scoring method is declared on
/// the criterion: an error naming the cell (default), or 0.
#[test]
fn an_empty_cell_means_what_the_criterion_declares() {
    let s = Scratch::of(VI);
    s.edit(
        "pack/pack.yaml",
        "so_vu_tngt_nghiem_trong: { type: int,",
        "so_vu_tngt_nghiem_trong: { type: int, optional: true,",
    );
    // X01's first row (tự chấm) leaves the count of serious accidents empty.
    let csv = std::fs::read_to_string(s.path("data/don_vi.csv")).unwrap();
    let head: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = head.iter().position(|c| *c == "so_vu_tngt_nghiem_trong").unwrap();
    let mut rdr = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(rdr.headers().unwrap()).unwrap();
    for (i, rec) in rdr.records().enumerate() {
        let mut rec: Vec<String> = rec.unwrap().iter().map(str::to_string).collect();
        if i == 0 {
            assert_eq!(rec[col], "0");
            rec[col] = String::new();
        }
        w.write_record(&rec).unwrap();
    }
    s.write("data/don_vi.csv", &w.into_inner().unwrap());
    let r = score(&s, &[]);
    assert_eq!(r.code, 5, "{}", r.stderr);
    assert!(
        r.stderr.contains("dòng 2, đối tượng X01, bảng điểm cum_thi_dua_vi, tiêu chí tai_nan_giao_thong: cần một số nhưng ô trống: điền ô trong dữ liệu, hoặc nếu kế hoạch coi ô trống là 0, khai báo `empty: zero` trên tiêu chí"),
        "{}",
        r.stderr
    );
    // Declared as "none happened": the same scores as the 0 it replaced.
    s.edit(
        "pack/scorecard.yaml",
        "value: so_vu_tngt_nghiem_trong\n",
        "value: so_vu_tngt_nghiem_trong\n            empty: zero\n",
    );
    let declared = score(&s, &["--format", "csv"]);
    assert_eq!(declared.code, 0, "{}", declared.stderr);
    assert_eq!(declared.stdout, score(&Scratch::of(VI), &["--format", "csv"]).stdout);
    // A choice the method never reads is refused.
    s.edit(
        "pack/scorecard.yaml",
        "method: pass_fail\n        when:",
        "method: pass_fail\n        empty: zero\n        when:",
    );
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("có `empty`, chỉ dùng với `method: target`"), "{}", r.stderr);
}

/// "Từ 90 điểm trở lên" and "trên 90 điểm" are both sayable, for a band's
/// and a proposal's total as for the vote share.
#[test]
fn a_total_threshold_says_whether_it_is_inclusive() {
    let band = |s: &Scratch, unit: &str| {
        let r = score(s, &["--format", "json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let u = v["units"].as_array().unwrap().iter().find(|u| u["unit"] == unit).unwrap().clone();
        (u["band"].as_str().unwrap_or("").to_string(), u["award"].as_str().unwrap_or("").to_string())
    };
    // X03 totals 97,98 and X01 104,47 (tests/golden/cum-thi-dua-vi-2024.table.txt).
    let s = Scratch::of(VI);
    s.edit(
        "pack/scorecard.yaml",
        "name_en: \"Excellent\", min_total: 90,",
        "name_en: \"Excellent\", min_total: 97.98,",
    );
    s.edit("pack/scorecard.yaml", "        min_total: 90\n", "        min_total: 104.47\n");
    assert_eq!(band(&s, "X03").0, "xuat_sac");
    assert_eq!(band(&s, "X01"), ("xuat_sac".into(), "co_thi_dua_ubnd_tinh".into()));
    s.edit("pack/scorecard.yaml", "min_total: 97.98,", "min_total: 97.98, min_total_rule: above,");
    s.edit(
        "pack/scorecard.yaml",
        "        min_total: 104.47\n",
        "        min_total: 104.47\n        min_total_rule: above\n",
    );
    assert_eq!(band(&s, "X03").0, "tot");
    // Not above 104,47: no flag; the next proposal takes it.
    assert_eq!(band(&s, "X01"), ("xuat_sac".into(), "bang_khen_chu_tich_ubnd_tinh".into()));
    let r = score(&s, &[]);
    assert!(r.stdout.contains("tổng điểm 97,98, cần trên 97,98"), "{}", r.stdout);
    assert!(
        r.stdout.contains("Chưa đủ điểm đề nghị Cờ thi đua của UBND tỉnh (đơn vị dẫn đầu Cụm): cần > 104,47"),
        "{}",
        r.stdout
    );
}

/// `thidua new` starts a pack that validates, whose tests pass and whose
/// sample sheet runs: for titles and for a cluster scorecard.
#[test]
fn a_new_pack_validates_and_passes_its_tests() {
    let dir = tempfile::tempdir().unwrap();
    for (name, extra, run, data) in [
        ("xet-2025", None, "check", "du-lieu/ca_nhan.csv"),
        ("cum-a", Some("--scorecard"), "score", "du-lieu/don_vi.csv"),
    ] {
        let mut args = vec!["new", name];
        args.extend(extra);
        let r = thidua_in(dir.path(), &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.contains(&format!("thidua {run} {name} --data {name}/{data}")), "{}", r.stdout);
        let pack = dir.path().join(name);
        let yaml = std::fs::read_to_string(pack.join("pack.yaml")).unwrap();
        assert!(yaml.contains(&format!("\nid: {name}\n")), "{yaml}");
        for cmd in [vec!["validate", name], vec!["test", name], vec![run, name, "--data", &format!("{name}/{data}")]] {
            let r = thidua_in(dir.path(), &cmd.iter().map(|s| s.as_ref()).collect::<Vec<&str>>());
            assert_eq!(r.code, 0, "{cmd:?}: {}{}", r.stdout, r.stderr);
        }
        // Never over an existing folder.
        let r = thidua_in(dir.path(), &args);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("thư mục đã có"), "{}", r.stderr);
    }
}

/// `thidua test --watch` runs the tests again when a file of the pack is
/// saved, and says which case now fails.
#[test]
fn watched_tests_run_again_on_save() {
    use std::io::BufRead;
    let s = Scratch::of(VI);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["test", &s.p("pack"), "--watch"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let wait_for = |want: &str| -> Vec<String> {
        let mut seen = Vec::new();
        while let Ok(l) = rx.recv_timeout(std::time::Duration::from_secs(20)) {
            let done = l.contains(want);
            seen.push(l);
            if done {
                return seen;
            }
        }
        panic!("no `{want}` in {seen:#?}");
    };
    wait_for("Đang theo dõi thay đổi");
    s.edit(
        "pack/tests/cham_diem.yaml",
        "      A: { total: 100, rank: 1, band: xuat_sac, proposal: co_thi_dua_ubnd_tinh }",
        "      A: { total: 99, rank: 1, band: xuat_sac, proposal: co_thi_dua_ubnd_tinh }",
    );
    let again = wait_for(" failed");
    let _ = child.kill();
    let _ = child.wait();
    assert!(again.iter().any(|l| l.contains("── Chạy lại ──")), "{again:#?}");
    assert!(again.iter().any(|l| l.contains("A.total (dữ liệu dòng")), "{again:#?}");
    assert!(again.last().unwrap().ends_with("14 passed, 1 failed"), "{again:#?}");
}

/// The pack docs/from-plan-to-pack.md builds validates, passes its tests
/// and runs on its sample sheet.
#[test]
fn the_guides_pack_works_as_the_guide_says() {
    let r = thidua(&["validate", "docs/guide-pack"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = thidua(&["test", "docs/guide-pack"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.ends_with("9 passed, 0 failed\n"), "{}", r.stdout);
    let r = thidua(&[
        "check",
        "docs/guide-pack",
        "--data",
        "tap_the=docs/guide-pack/du-lieu/tap_the.csv",
        "--format",
        "csv",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let verdict = |k: &str| r.stdout.lines().find(|l| l.starts_with(k)).unwrap().split(',').nth(5).unwrap().to_string();
    assert_eq!(
        [verdict("TT01,"), verdict("TT02,"), verdict("TT03,")],
        ["dat".to_string(), "dat".to_string(), "khong_dat".to_string()],
        "{}",
        r.stdout
    );
}

/// A place inside a folded block (`>`) is a place in the pack file: at
/// load (a syntax error) and at run time (a division by zero), once.
#[test]
fn a_place_in_a_folded_block_is_a_place_in_the_file() {
    let s = Scratch::of(VI);
    s.edit(
        "pack/scorecard.yaml",
        "            script: \"5 * ty_le_ho_so_dung_han / thong_ke_cum.max.ty_le_ho_so_dung_han\"\n",
        "            script: >\n              5 * ty_le_ho_so_dung_han\n              / (thong_ke_cum.max.ty_le_ho_so_dung_han - thong_ke_cum.max.ty_le_ho_so_dung_han)\n",
    );
    let text = std::fs::read_to_string(s.path("pack/scorecard.yaml")).unwrap();
    let line = text.lines().position(|l| l.starts_with("              / (thong_ke_cum")).unwrap() + 1;
    let r = score(&s, &[]);
    assert_eq!(r.code, 5, "{}", r.stderr);
    let at = format!("lỗi khi chạy quy tắc: chia cho 0 ({}:{line}:15)\n", s.p("pack/scorecard.yaml"));
    assert!(r.stderr.contains(&at), "missing `{at}` in {}", r.stderr);
    assert!(!r.stderr.contains("(dòng 1,"), "{}", r.stderr);
    // At load: the end of an unfinished expression on the block's second line.
    s.edit(
        "pack/scorecard.yaml",
        "thong_ke_cum.max.ty_le_ho_so_dung_han)\n",
        "thong_ke_cum.max.ty_le_ho_so_dung_han +\n",
    );
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains(&format!("scorecard.yaml:{line}:")), "{}", r.stderr);
}

/// A plan that rounds only the total is not lifted over a line by
/// rounding each item: three items of 10 × 2/3 are 6,67 each rounded
/// (20,01), 20,00 exactly.
#[test]
fn rounding_is_declared_at_the_level_the_plan_means() {
    let dir = tempfile::tempdir().unwrap();
    let pack = |at: &str, bands: &str| {
        format!(
            r#"id: lam-tron
title: "Làm tròn"
effective: {{ from: 2024-01-01 }}
as_of: 2024-12-31
datasets:
  don_vi:
    subject: unit
    key: ma
    columns: {{ ma: text, a: decimal, t: decimal }}
scorecards:
  - id: bang
    name: "Bảng"
    dataset: don_vi
    rounding: {{ places: 2{at} }}
    groups:
      - id: g
        name: "Nhóm"
        items:
          - {{ id: i1, name: "Một", max: 10, method: target, actual: a, target: t }}
          - {{ id: i2, name: "Hai", max: 10, method: target, actual: a, target: t }}
          - {{ id: i3, name: "Ba", max: 10, method: target, actual: a, target: t }}
    bands:
{bands}      - {{ id: chua, name: "Chưa đạt" }}
"#
        )
    };
    let by_total = "      - { id: dat, name: \"Đạt\", min_total: 20.01 }\n";
    std::fs::write(dir.path().join("d.csv"), "ma,a,t\nX,2,3\n").unwrap();
    let run_with = |at: &str, bands: &str| {
        let p = dir.path().join("p");
        std::fs::create_dir_all(&p).unwrap();
        std::fs::write(p.join("pack.yaml"), pack(at, bands)).unwrap();
        let data = dir.path().join("d.csv");
        let r = thidua(&["score", p.to_str().unwrap(), "--data", data.to_str().unwrap(), "--format", "json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let u = v["units"][0].clone();
        let table = thidua(&["score", p.to_str().unwrap(), "--data", data.to_str().unwrap()]).stdout;
        (u["total"].as_str().unwrap().to_string(), u["band"].as_str().unwrap().to_string(), table)
    };
    let run = |at: &str| run_with(at, by_total);
    let (total, band, _) = run("");
    assert_eq!((total.as_str(), band.as_str()), ("20.01", "dat"));
    let (total, band, table) = run(", at: total");
    assert_eq!((total.as_str(), band.as_str()), ("20", "chua"));
    // Items are shown at the sheet's places; the total is the exact sum, rounded.
    assert!(table.contains("6,67"), "{table}");
    assert!(table.contains("20,00"), "{table}");

    // A floor of 66,67 % of 10 points (6,667) on items worth 6,666… exactly
    // and 6,67 rounded: met on rounded points, missed on exact ones, as
    // declared (by default the points the items add up as).
    let by_floor = "      - { id: deu, name: \"Đều\", min_percent_each: 66.67 }\n";
    let band = |at: &str| run_with(at, by_floor).1;
    assert_eq!(band(""), "deu");
    assert_eq!(band(", floors: raw"), "chua");
    assert_eq!(band(", at: total"), "chua");
    assert_eq!(band(", at: total, floors: rounded"), "deu");
    assert_eq!(band(", at: items, floors: rounded"), "deu");
    // The note says the exact points the floor read, not a 6,67 "under" 6,67.
    let (_, _, table) = run_with(", floors: raw", by_floor);
    assert!(
        table.contains("I.1. Một được 6,666… điểm chưa làm tròn, dưới mức tối thiểu 66,67 % điểm tối đa (6,667)"),
        "{table}"
    );
}

/// `thidua schema` accepts every file of every shipped pack and the guide's,
/// and flags a misspelt key where an editor would underline it.
#[test]
fn the_schema_accepts_the_shipped_packs_and_flags_a_typo() {
    let r = thidua(&["schema"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let schema: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    // Each pack folder (a year file beside them is not a pack file).
    let mut dirs: Vec<std::path::PathBuf> =
        std::fs::read_dir(root().join("rules")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.push(root().join("docs/guide-pack"));
    let mut files = 0;
    for dir in dirs {
        for f in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
            if f.extension().is_some_and(|e| e == "yaml") {
                let v: serde_json::Value = serde_yaml::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
                let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
                assert!(errors.is_empty(), "{}: {errors:#?}", f.display());
                files += 1;
            }
        }
    }
    assert!(files > 20, "{files}");
    let text = std::fs::read_to_string(root().join("rules/cum-thi-dua-vi-2024/scorecard.yaml")).unwrap();
    let typo: serde_json::Value = serde_yaml::from_str(&text.replacen("points_each:", "point_each:", 1)).unwrap();
    assert!(!validator.is_valid(&typo));
    // The copy the guide's pack and docs point editors at is the current one.
    let shipped = std::fs::read_to_string(root().join("docs/pack.schema.json")).unwrap();
    assert_eq!(shipped, r.stdout, "docs/pack.schema.json is stale: thidua schema > docs/pack.schema.json");
}

/// "Tổ trưởng không được xếp loại cao hơn tập thể": choices that rank, and
/// a member's view of its collective, worked by hand on the fixture: A1
/// (leader, xuất sắc) in T1 (tốt) and C1 (leader, tốt) in T3 (hoàn thành)
/// rate above their collectives; B1 (xuất sắc) in T2 (xuất sắc) does not;
/// D1 is in no collective and no leader. T2 has 1 of 2 members meeting
/// LĐTT (50 %), T1 1 of 3.
#[test]
fn choices_rank_and_a_member_reads_its_collective() {
    let s = Scratch::fixture("ranked-choices");
    let check = |s: &Scratch, extra: &[&str]| {
        let (pack, data) = (s.p("pack"), s.p("pack/data"));
        let mut args = vec!["check", pack.as_str(), "--data", data.as_str()];
        args.extend_from_slice(extra);
        thidua(&args)
    };
    let r = check(&s, &["--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, std::fs::read_to_string(s.path("pack/expected.csv")).unwrap());
    let verdicts: Vec<(&str, &str)> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0], f[5])
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("T1", "khong_dat"),
            ("T2", "dat"),
            ("T3", "khong_dat"),
            ("A1", "khong_dat"),
            ("A2", "dat"),
            ("A3", "khong_dat"),
            ("B1", "dat"),
            ("B2", "khong_dat"),
            ("C1", "khong_dat"),
            ("D1", "dat")
        ]
    );
    assert!(r.stdout.contains(
        "Tổ trưởng không được xếp loại cao hơn tập thể: Tập thể — Xếp loại tập thể: Hoàn thành tốt nhiệm vụ"
    ));

    // The members' award alone still reads the collectives' sheet, and asks for it.
    let r = check(&s, &["--award", "lao_dong_tien_tien", "--format", "csv"]);
    assert_eq!(r.stdout.lines().filter(|l| l.contains(",khong_dat,khong_cao_hon_tap_the,")).count(), 2, "{}", r.stdout);
    let only_members = s.p("pack/data/can_bo.csv");
    let r = thidua(&["check", &s.p("pack"), "--data", &only_members, "--award", "lao_dong_tien_tien"]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("chưa có dữ liệu cho bảng `to_cong_tac`"), "{}", r.stderr);

    // Without a declared order, `>=` would compare the codes' letters: refused.
    let s2 = Scratch::fixture("ranked-choices");
    s2.edit(
        "pack/pack.yaml",
        "        label: \"Xếp loại cá nhân\"\n        ordered: highest_first\n",
        "        label: \"Xếp loại cá nhân\"\n",
    );
    let r = check(&s2, &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("cột `xep_loai` là cột lựa chọn chưa khai báo thứ bậc, nên `>=` sẽ so các mã theo chữ cái"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("ghi `ordered: highest_first` ở cột"), "{}", r.stderr);
    // … on either side, and on the collective's column read through `tap_the`.
    assert!(r.stderr.contains("`<=` sẽ so"), "{}", r.stderr);
    let s3 = Scratch::fixture("ranked-choices");
    s3.edit(
        "pack/pack.yaml",
        "        label: \"Xếp loại tập thể\"\n        ordered: highest_first\n",
        "        label: \"Xếp loại tập thể\"\n",
    );
    s3.edit("pack/pack.yaml", "xep_loai <= tap_the.gia_tri(\"xep_loai\")", "tap_the.gia_tri(\"xep_loai\") >= \"tot\"");
    let r = check(&s3, &["--lang", "en"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("column `xep_loai` is a choice column with no declared order, so `>=`"), "{}", r.stderr);

    // A code the column never holds, a misspelt collective column, an order
    // on a column that is not a choice: each refused where it is written.
    let s4 = Scratch::fixture("ranked-choices");
    s4.edit(
        "pack/pack.yaml",
        "when: 'xep_loai >= \"tot\"'\n      - id: khong",
        "when: 'xep_loai >= \"tott\"'\n      - id: khong",
    );
    s4.edit("pack/pack.yaml", "tap_the.gia_tri(\"xep_loai\")", "tap_the.gia_tri(\"xep_loaii\")");
    s4.edit(
        "pack/pack.yaml",
        "      ho_ten: text\n      ma_to:",
        "      ho_ten: { type: text, ordered: lowest_first }\n      ma_to:",
    );
    let r = check(&s4, &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("không bao giờ có giá trị \"tott\""), "{}", r.stderr);
    assert!(r.stderr.contains("`xep_loaii`") && r.stderr.contains("`xep_loai`?"), "{}", r.stderr);
    assert!(r.stderr.contains("cột `ho_ten` có `ordered` nhưng không phải cột lựa chọn"), "{}", r.stderr);
    assert!(r.stderr.ends_with("3 lỗi trong bộ quy tắc.\n"), "{}", r.stderr);
    // `switch` on a ranked choice would match no text case: refused.
    let s5 = Scratch::fixture("ranked-choices");
    s5.edit(
        "pack/pack.yaml",
        "when: 'xep_loai >= \"tot\"'\n      - id: khong",
        "when: 'switch xep_loai { \"xuat_sac\" => true, \"tot\" => true, _ => false }'\n      - id: khong",
    );
    let r = check(&s5, &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("`switch` không dùng được với cột lựa chọn có thứ bậc `xep_loai`"), "{}", r.stderr);
}
