//! `thidua score` on the shipped cluster packs, compared with reviewed golden
//! outputs, and its errors.

mod common;
use common::*;

fn score(args: &[&str]) -> String {
    let r = thidua(args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

const VI: [&str; 4] = ["score", "rules/cum-thi-dua-vi-2024", "--data", "data/cum-thi-dua-vi-2024"];

/// The golden files below are snapshots the code rewrites with
/// `UPDATE_GOLDEN=1`. What was worked by hand, from the appraisal-stage rows
/// of data/cum-thi-dua-vi-2024/don_vi.csv and the methods of
/// rules/cum-thi-dua-vi-2024/scorecard.yaml (docs/scorecards.md), without
/// running thidua, is asserted here. rules/cum-thi-dua-vi-2024/tests/
/// works every method on invented rows, with the arithmetic in comments.
#[test]
fn cluster_vi_figures_worked_by_hand() {
    let mut args = VI.to_vec();
    args.extend(["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&score(&args)).unwrap();
    let unit = |k: &str| v["units"].as_array().unwrap().iter().find(|u| u["unit"] == k).unwrap().clone();
    let (x01, x02) = (unit("X01"), unit("X02"));
    let want = [
        // X01: revenue 5.820,5 against 5.300 is 9,82 % over: 9 full percents
        // × 0,1 → 10 + 0,9.
        (&x01, "thu_ngan_sach", "10.9"),
        // 2 crimes against at most 3: lower is better, met → 6.
        (&x01, "pham_toi", "6"),
        // 6 new members × 1, capped at 5.
        (&x01, "dang_vien_moi", "5"),
        // Flag last year: +5 (the total may pass 100).
        (&x01, "co_thi_dua_nam_truoc", "5"),
        // X02: 4.950 of 5.000 → 10 × 0,99.
        (&x02, "thu_ngan_sach", "9.9"),
        // 4 crimes against 3: 6 × 3/4.
        (&x02, "pham_toi", "4.5"),
        // 1 serious accident: 8 − 2.
        (&x02, "tai_nan_giao_thong", "6"),
        // 2 of 3 schools up to standard: pass/fail → 0.
        (&x02, "truong_chuan_quoc_gia", "0"),
        // Entered by the cluster: 8.
        (&x02, "cai_cach_hanh_chinh", "8"),
    ];
    for (u, node, pts) in want {
        assert_eq!(u["points"][node], pts, "{} {node}", u["unit"]);
    }
    // X01 leads (104,47) and 15 of 21 votes (71,43 % ≥ 50 %) carry the flag.
    assert_eq!((x01["rank"].as_u64(), x01["award"].as_str()), (Some(1), Some("co_thi_dua_ubnd_tinh")));
    // X02's 79,58 is under the 80 of "Hoàn thành tốt".
    assert_eq!(x02["band"], "hoan_thanh");
}

#[test]
fn cluster_vi_conference_table() {
    golden("cum-thi-dua-vi-2024.table.txt", &score(&VI));
}

#[test]
fn cluster_vi_formats() {
    for (fmt, file) in
        [("json", "cum-thi-dua-vi-2024.json"), ("csv", "cum-thi-dua-vi-2024.csv"), ("md", "cum-thi-dua-vi-2024.md")]
    {
        let mut args = VI.to_vec();
        args.extend(["--format", fmt]);
        golden(file, &score(&args));
    }
}

#[test]
fn cluster_vi_english_explain() {
    let mut args = VI.to_vec();
    args.extend(["--explain", "--lang", "en", "--group", "VI"]);
    golden("cum-thi-dua-vi-2024.explain.en.txt", &score(&args));
}

#[test]
fn dong_tan_scorecard() {
    golden("dong-tan-2024.score.txt", &score(&["score", "rules/dong-tan-2024", "--data", "data/dong-tan-2024"]));
}

#[test]
fn json_units_have_the_documented_keys() {
    let mut args = VI.to_vec();
    args.extend(["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&score(&args)).unwrap();
    let units = v["units"].as_array().unwrap();
    assert_eq!(units.len(), 7);
    let first = &units[0];
    assert_eq!(first["unit"], "X01");
    assert_eq!(first["cluster"], "VI");
    assert_eq!(first["rank"], 1);
    assert_eq!(first["award"], "co_thi_dua_ubnd_tinh");
    assert_eq!(first["disqualified"], false);
    assert!(first["total"].is_string(), "decimals are strings");
    assert!(first["points"]["thu_ngan_sach"].is_string());
    let x05 = units.iter().find(|u| u["unit"] == "X05").unwrap();
    assert_eq!(x05["rank"], serde_json::Value::Null);
    assert_eq!(x05["disqualified"], true);
    assert_eq!(x05["award"], serde_json::Value::Null);
    assert_eq!(v["stages"].as_array().unwrap().len(), 3);
}

#[test]
fn manual_points_outside_the_range_are_a_data_error() {
    let s = Scratch::of("cum-thi-dua-vi-2024");
    s.edit(
        "data/don_vi.csv",
        "X03,Xã Tân Thành,VI,tham_dinh,6.300,5.600,55,52,19,72,70,\"2,1\",\"2,5\",96,95,\"92,6\",4,4,14,13,1,2,0,5,9,",
        "X03,Xã Tân Thành,VI,tham_dinh,6.300,5.600,55,52,19,72,70,\"2,1\",\"2,5\",96,95,\"92,6\",4,4,14,13,1,2,0,5,12,",
    );
    let r = thidua(&["score", &s.p("pack"), "--data", &s.p("data")]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(
        r.stderr.contains("dòng 18, cột \"diem_cai_cach_hanh_chinh\": điểm chấm tay 12 nằm ngoài khoảng 0..10"),
        "{}",
        r.stderr
    );
}

#[test]
fn scorecard_mistakes_are_located() {
    let s = Scratch::of("cum-thi-dua-vi-2024");
    s.edit("pack/scorecard.yaml", "            max: 5\n            method: count", "            method: count");
    s.edit(
        "pack/scorecard.yaml",
        "method: target_lower\n            actual: so_vu_pham_toi",
        "method: target_lowr\n            actual: so_vu_pham_toi",
    );
    s.edit("pack/scorecard.yaml", "value: ty_le_gia_dinh_van_hoa", "value: ty_le_gia_dinh_vn_hoa");
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let f = s.p("pack/scorecard.yaml");
    assert!(r.stderr.contains(&format!("{f}:104:13: `dang_vien_moi` thiếu trường bắt buộc `max`")), "{}", r.stderr);
    assert!(r.stderr.contains("giá trị không hợp lệ `target_lowr`"), "{}", r.stderr);
    assert!(
        r.stderr.contains("không có biến `ty_le_gia_dinh_vn_hoa` (có phải `ty_le_gia_dinh_van_hoa`?)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.ends_with("3 lỗi trong bộ quy tắc.\n"), "{}", r.stderr);
}

#[test]
fn unknown_scorecard_is_named() {
    let mut args = VI.to_vec();
    args.extend(["--scorecard", "cum_thi_dua_v"]);
    let r = thidua(&args);
    assert_eq!(r.code, 2, "a name on the command line the pack lacks is a usage error (#31)");
    assert!(
        r.stderr.contains(
            "không có bảng chấm điểm `cum_thi_dua_v`; bộ quy tắc có: cum_thi_dua_vi (có phải `cum_thi_dua_vi`?)"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn score_output_file_is_atomic_and_refuses_inputs() {
    let dir = tempfile::tempdir().unwrap();
    // A CSV sheet goes to the file piece by piece; the bytes are those
    // printed (this sheet has two stages, each its own pieces).
    for format in ["json", "csv"] {
        let out = dir.path().join(format!("bang_diem.{format}")).display().to_string();
        let mut args = VI.to_vec();
        args.extend(["--format", format, "--output", &out]);
        assert_eq!(score(&args), "");
        let mut plain = VI.to_vec();
        plain.extend(["--format", format]);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), score(&plain), "{format}");
    }
    let mut bad = VI.to_vec();
    bad.extend(["--output", "data/cum-thi-dua-vi-2024/don_vi.csv"]);
    assert_eq!(thidua(&bad).code, 7);
}

#[test]
fn row_order_does_not_change_the_result() {
    let s = Scratch::of("cum-thi-dua-vi-2024");
    let text = std::fs::read_to_string(s.path("data/don_vi.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    lines.reverse();
    lines.swap(3, 11);
    s.write("data/don_vi.csv", format!("{header}\n{}\n", lines.join("\n")).as_bytes());
    let mut args = VI.to_vec();
    args.extend(["--format", "json"]);
    let original = score(&args);
    let shuffled = score(&["score", &s.p("pack"), "--data", &s.p("data"), "--format", "json"]);
    // Only the spreadsheet row numbers may differ.
    let strip = |j: &str| {
        let mut v: serde_json::Value = serde_json::from_str(j).unwrap();
        for u in v["units"].as_array_mut().unwrap() {
            u.as_object_mut().unwrap().remove("row");
        }
        v
    };
    assert_eq!(strip(&original), strip(&shuffled));
}

#[test]
fn numbers_beyond_what_the_engine_can_sum_are_data_errors_not_crashes() {
    let s = Scratch::of("cum-thi-dua-vi-2024");
    s.edit(
        "data/don_vi.csv",
        "X01,Xã Thanh Sơn,VI,tham_dinh,\"5.820,5\"",
        "X01,Xã Thanh Sơn,VI,tham_dinh,79.228.162.514.264.337.593.543.950.335",
    );
    let r = thidua(&["score", &s.p("pack"), "--data", &s.p("data")]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("dòng 16, cột \"thu_ngan_sach\": giá trị `79.228.162.514.264.337.593.543.950.335` không hợp lệ"),
        "{}",
        r.stderr
    );
}

/// A scoring sheet of `n` units in `n / 10` clusters for the bench pack:
/// every method branch (under, at and over target; lower-is-better), ties,
/// and disqualified units.
fn bench_units(n: usize) -> String {
    let mut s = String::from("ma_don_vi,ten_don_vi,ma_cum");
    for k in 1..=30 {
        s += &format!(",k{k:02}_ke_hoach,k{k:02}_thuc_hien");
    }
    s += ",vi_pham_nghiem_trong\n";
    for u in 0..n {
        s += &format!("DV{u:05},\"Đơn vị {u}, xã {}\",CUM{:03}", u % 7, (u * 7) % (n / 10));
        for k in 1..=30 {
            let plan = 100 + (u * k) % 50;
            let done = plan * (80 + (u + 3 * k) % 40) / 100;
            s += &format!(",{plan},{done}.{}", (u + k) % 10);
        }
        s += if u % 13 == 0 { ",1\n" } else { ",0\n" };
    }
    s
}

#[test]
fn parallel_scoring_gives_the_same_bytes_at_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("don_vi.csv");
    std::fs::write(&data, bench_units(600)).unwrap();
    let data = format!("don_vi={}", data.display());
    for extra in [&["--format", "csv"][..], &["--format", "json", "--explain"][..]] {
        let run = |threads: &str| {
            let mut args = vec!["score", "bench/khoi-luong-chuan", "--threads", threads, "--data", &data];
            args.extend_from_slice(extra);
            score(&args)
        };
        let one = run("1");
        assert!(one.lines().count() > 600, "{one}");
        assert_eq!(one, run("2"), "{extra:?}");
        assert_eq!(one, run("4"), "{extra:?}");
    }
    // Written to a file, the sheet of 600 units is three pieces of rows.
    let out = dir.path().join("bang_diem.csv").display().to_string();
    let to_file = ["score", "bench/khoi-luong-chuan", "--threads", "2", "--data", &data, "--format", "csv"];
    let printed = score(&to_file);
    assert_eq!(score(&[&to_file[..], &["--output", &out]].concat()), "");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), printed);
}

#[test]
fn a_sheet_past_its_first_block_is_judged_on_all_its_bytes() {
    // Every byte ASCII but the last unit's name, written in Windows-1258
    // ("Lê": L, 0xEA), past the first 64 KiB: the sheet is Windows-1258.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("don_vi.csv");
    let ascii = bench_units(600).replace("Đơn vị", "Don vi").replace("xã", "xa");
    let mut sheet = ascii.into_bytes();
    assert!(sheet.len() > 70_000);
    let at = sheet.windows(10).rposition(|w| w == b"Don vi 599").unwrap();
    sheet.splice(at..at + 6, *b"L\xEA");
    std::fs::write(&path, &sheet).unwrap();
    let data = format!("don_vi={}", path.display());
    let args = ["score", "bench/khoi-luong-chuan", "--data", &data, "--format", "csv"];
    let printed = score(&args);
    assert!(printed.contains("Lê 599, xa"), "{printed}");
    // A UTF-8 sheet with one stray byte there: that row alone is refused.
    let mut stray = bench_units(600).into_bytes();
    let at = stray.windows(8).rposition(|w| w == "vị 599".as_bytes()).unwrap();
    stray[at + 4] = 0xFF;
    std::fs::write(&path, &stray).unwrap();
    let r = thidua(&args);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("dòng 601: tệp không phải UTF-8"), "{}", r.stderr);
    assert_eq!(r.stderr.matches("không phải UTF-8").count(), 1, "{}", r.stderr);
}

/// Points per unit and criterion from `score --format json`.
fn points_of(scorecard: &str) -> std::collections::BTreeMap<(String, String), String> {
    let dir = "tests/fixtures/scoring-variants";
    let data = format!("{dir}/don_vi.csv");
    let out = score(&["score", dir, "--data", &data, "--scorecard", scorecard, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut m = std::collections::BTreeMap::new();
    for u in v["units"].as_array().unwrap() {
        for (id, p) in u["points"].as_object().unwrap() {
            m.insert((u["unit"].as_str().unwrap().to_string(), id.clone()), p.as_str().unwrap().to_string());
        }
        m.insert((u["unit"].as_str().unwrap().to_string(), "band".into()), u["band"].as_str().unwrap_or("").into());
    }
    m
}

#[test]
fn what_a_target_of_zero_gives_is_declared() {
    // max 10: U2 did 50 of 100 → 10·50/100 = 5 whatever the choice; U3 did
    // 30 against 0, U4 nothing against 0.
    let p = points_of("so_chi_tieu");
    let want = [
        ("U2", "t_md", "5"),
        ("U2", "t_khong", "5"),
        ("U2", "t_co_lam", "5"),
        // default: a target of 0 is met
        ("U3", "t_md", "10"),
        ("U4", "t_md", "10"),
        // zero_target: zero
        ("U3", "t_khong", "0"),
        ("U4", "t_khong", "0"),
        // zero_target: pass_fail: did anything
        ("U3", "t_co_lam", "10"),
        ("U4", "t_co_lam", "0"),
    ];
    for (unit, node, pts) in want {
        assert_eq!(p[&(unit.to_string(), node.to_string())], pts, "{unit} {node}");
    }
}

#[test]
fn leader_relative_variants_are_declared_and_computed_by_hand() {
    // max 10, share 0.5. Cluster A: nobody exceeds its target (U1 at it,
    // U2 at half, U3 and U4 with target 0, U3 did something). Cluster B:
    // V1 and V3 lead at +50 %, V2 at +20 %, V4 has target 0.
    let p = points_of("tuong_doi");
    let want = [
        // default: at target with nobody ahead → all of max; target 0 → as met
        ("U1", "md", "10"),
        ("U2", "md", "2.5"),
        ("U3", "md", "10"),
        ("U4", "md", "10"),
        ("V1", "md", "10"),
        ("V2", "md", "7"),
        ("V3", "md", "10"),
        ("V4", "md", "5"),
        // no_leader: share → nobody leads, at target gets share × max
        ("U1", "kdd", "5"),
        ("U2", "kdd", "2.5"),
        ("U3", "kdd", "5"),
        ("U4", "kdd", "5"),
        ("V1", "kdd", "10"),
        ("V2", "kdd", "7"),
        ("V3", "kdd", "10"),
        ("V4", "kdd", "5"),
        // zero_target: zero
        ("U3", "ct0_khong", "0"),
        ("U4", "ct0_khong", "0"),
        ("V4", "ct0_khong", "0"),
        ("U1", "ct0_khong", "10"),
        // zero_target: pass_fail ("did anything")
        ("U3", "ct0_co_lam", "10"),
        ("U4", "ct0_co_lam", "0"),
        ("V4", "ct0_co_lam", "10"),
        ("V2", "ct0_co_lam", "7"),
    ];
    for (unit, node, points) in want {
        assert_eq!(p[&(unit.to_string(), node.to_string())], points, "{unit} {node}");
    }
}

#[test]
fn a_bands_floor_applies_at_the_declared_level() {
    let p = points_of("san_nhom");
    let band = |u: &str| p[&(u.to_string(), "band".to_string())].clone();
    // U2: X at 1 of 5 fails the per-item floor, but group 1 holds 6 of 10.
    assert_eq!(band("U1"), "san_tieu_chi");
    assert_eq!(band("U2"), "san_nhom");
    assert_eq!(band("U3"), "duoi_san");
}

#[test]
fn a_method_choice_on_another_method_is_refused() {
    let s = Scratch::of("cum-thi-dua-vi-2024");
    s.edit(
        "pack/scorecard.yaml",
        "bonus: { per_percent: 0.1, cap: 1 }",
        "bonus: { per_percent: 0.1, cap: 1 }\n            no_leader: share",
    );
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("tiêu chí `thu_ngan_sach` có `no_leader`, chỉ dùng với `method: target_relative`"),
        "{}",
        r.stderr
    );
    // zero_target goes with both target methods, and nothing else.
    s.edit("pack/scorecard.yaml", "\n            no_leader: share", "\n            zero_target: zero");
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    s.edit("pack/scorecard.yaml", "points_each: 1\n", "points_each: 1\n            zero_target: zero\n");
    let r = thidua(&["validate", &s.p("pack")]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("tiêu chí `dang_vien_moi` có `zero_target`, chỉ dùng với `method: target`, `target_relative`"),
        "{}",
        r.stderr
    );
}

/// The paper says how every tie was settled, with the numbers: which
/// tie-break placed a unit, which declared choice settled a tie at a quota,
/// and the vote share wherever it decides (#29, item 1).
#[test]
fn the_paper_says_how_ties_and_votes_decided() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("dv.csv");
    std::fs::write(
        &data,
        "ma,ten,cum,diem,phieu,tong_phieu\nA,Xã A,1,95,15,30\nB,Xã B,1,95,18,30\nC,Xã C,1,90,20,30\n",
    )
    .unwrap();
    let data = format!("dv={}", data.display());
    let notes = |card: &str| {
        let r =
            thidua(&["score", "tests/fixtures/tie-at-first", "--data", &data, "--scorecard", card, "--format", "csv"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let meeting = notes("meeting");
    assert!(
        meeting.contains(
            "1,A,Xã A,95,95,95,,1,không,,Ngang hạng với B ở Cờ thi đua (còn 1 suất): chờ hội nghị quyết định\n"
        ),
        "{meeting}"
    );
    assert!(meeting.contains("1,C,Xã C,90,90,90,,3,không,bang_khen,"), "{meeting}");
    let all = notes("all");
    assert!(all.contains("Ngang hạng với A ở Cờ thi đua (còn 1 suất): bộ quy tắc quy định đề nghị tất cả các đơn vị ngang hạng, vượt số lượng; được đề nghị"), "{all}");
    let key = notes("key");
    assert!(key.contains("Ngang hạng với A ở Cờ thi đua (còn 1 suất): bộ quy tắc quy định xét theo thứ tự mã đơn vị; không được đề nghị"), "{key}");
    let votes = notes("votes");
    assert!(
        votes.contains(
            "Ngang hạng với A ở Cờ thi đua (còn 1 suất): quyết định theo tỷ lệ phiếu bình chọn; được đề nghị"
        ),
        "{votes}"
    );
    let by = notes("by_votes_column");
    assert!(by.contains("Bằng tổng điểm với A, xếp trên theo Số phiếu suy tôn: 18 so với 15; Tỷ lệ phiếu 60 % (cần từ 50 % trở lên để đề nghị Cờ thi đua)"), "{by}");
    assert!(by.contains("Bằng tổng điểm với B, xếp dưới theo Số phiếu suy tôn: 15 so với 18"), "{by}");
    // Exactly half: "trên 50%" is not met, and the paper says "trên".
    std::fs::write(dir.path().join("dv.csv"), "ma,ten,cum,diem,phieu,tong_phieu\nA,Xã A,1,95,15,30\n").unwrap();
    let above = notes("above_half");
    assert!(above.contains("Tỷ lệ phiếu 50 % chưa đạt mức trên 50 % để đề nghị Cờ thi đua"), "{above}");
}

/// A criterion numbered by the plan ("4a") prints as declared, and the
/// document names the pack by its title, never by its id (#29, item 2).
#[test]
fn declared_codes_print_as_declared_and_the_pack_by_its_title() {
    let s = Scratch::project("cum-thi-dua-vi-2024");
    let card = "rules/cum-thi-dua-vi-2024/scorecard.yaml";
    let text = std::fs::read_to_string(s.path(card)).unwrap();
    let at = text.find("- id: thu_ngan_sach").expect("the first criterion");
    let indent = &text[text[..at].rfind('\n').unwrap() + 1..at];
    s.write(
        card,
        text.replacen("- id: thu_ngan_sach", &format!("- id: thu_ngan_sach\n{indent}  code: \"1a\""), 1).as_bytes(),
    );
    let r = thidua_in(
        s.dir.path(),
        &["score", "rules/cum-thi-dua-vi-2024", "--data", "data/cum-thi-dua-vi-2024", "--format", "md"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("|   1a. Thu ngân sách so với dự toán | 10 |"), "{}", r.stdout);
    assert!(!r.stdout.contains("cum-thi-dua-vi-2024 —"), "{}", r.stdout);
    assert!(r.stdout.contains("Bộ quy tắc: Chấm điểm thi đua Cụm thi đua số VI"), "{}", r.stdout);
}

#[test]
fn clusters_are_named_in_the_packs_words() {
    let ml = ["score", "rules/my-loc-2023", "--data", "data/my-loc-2023", "--as-of", "2023-12-31"];
    let out = score(&ml);
    // `group_word: "Khối"`: a bloc, not a cluster, and never `Cụm: 1`.
    assert!(out.contains("\nKhối 1\n") && out.contains("\nKhối 2\n"), "{out}");
    assert!(!out.contains("Cụm"), "{out}");
    let en = score(&[&ml[..], &["--lang", "en"]].concat());
    assert!(en.contains("\nBloc 1\n"), "{en}");
    // Without the word, the default; an enum group column's label wins.
    let s = Scratch::project("my-loc-2023");
    s.edit("rules/my-loc-2023/scorecard.yaml", "    group_word: \"Khối\"\n", "");
    let r = thidua_in(s.dir.path(), &ml);
    assert!(r.stdout.contains("\nCụm 1\n"), "{}", r.stdout);
    s.edit(
        "rules/my-loc-2023/pack.yaml",
        "ma_khoi: { type: text,",
        "ma_khoi: { type: enum, values: [\"1\", \"2\"], labels: { \"1\": \"Khối thi đua số 1 (thị trấn và các xã phía Bắc)\" },",
    );
    let r = thidua_in(s.dir.path(), &ml);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\nKhối thi đua số 1 (thị trấn và các xã phía Bắc)\n"), "{}", r.stdout);
    assert!(r.stdout.contains("\nCụm 2\n"), "{}", r.stdout);
    // A sheet that writes the word in its codes is not given it twice
    // ("Khối Khối các xã" in an officer's trial of a new pack).
    let s = Scratch::project("my-loc-2023");
    let path = s.path("data/my-loc-2023/xa_thi_tran.csv");
    let text = std::fs::read_to_string(&path).unwrap().replace(",1,my_loc,", ",Khối các xã phía Bắc,my_loc,");
    std::fs::write(&path, text).unwrap();
    let r = thidua_in(s.dir.path(), &ml);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\nKhối các xã phía Bắc\n") && !r.stdout.contains("Khối Khối"), "{}", r.stdout);
}

/// `--stage`: a round in progress ranked on the stage it has reached. The
/// interim ranking is the ranking of that stage's rows alone, scored as if
/// final; a later stage's row is refused by row, a misspelt stage by name,
/// and the manifest makes `verify` run it the same way.
#[test]
fn a_round_in_progress_is_ranked_on_the_stage_it_has_reached() {
    let s = Scratch::project("cum-thi-dua-vi-2024");
    let all = std::fs::read_to_string(s.path("data/cum-thi-dua-vi-2024/don_vi.csv")).unwrap();
    let upto: String = all.lines().filter(|l| !l.contains(",tham_dinh,")).map(|l| format!("{l}\n")).collect();
    s.write("upto.csv", upto.as_bytes());
    // The same rows with cum_cham as the only stage: what ranking on cum_cham must give.
    let only: String = all
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || l.contains(",cum_cham,"))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    s.write("only.csv", only.as_bytes());
    let interim = thidua_in(
        s.dir.path(),
        &["score", "rules/cum-thi-dua-vi-2024", "--data", "don_vi=upto.csv", "--stage", "cum_cham", "--format", "json"],
    );
    assert_eq!(interim.code, 0, "{}", interim.stderr);
    let json: serde_json::Value = serde_json::from_str(&interim.stdout).unwrap();
    assert_eq!(json["stage"], "cum_cham");
    let ranks = |v: &serde_json::Value| -> Vec<(String, String, serde_json::Value)> {
        v["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| (u["unit"].to_string(), u["total"].to_string(), u["rank"].clone()))
            .collect()
    };
    let alone = thidua_in(
        s.dir.path(),
        &["score", "rules/cum-thi-dua-vi-2024", "--data", "don_vi=only.csv", "--stage", "cum_cham", "--format", "json"],
    );
    assert_eq!(alone.code, 0, "{}", alone.stderr);
    assert_eq!(ranks(&json), ranks(&serde_json::from_str(&alone.stdout).unwrap()));
    // A later stage's row, a misspelt stage, a scorecard without stages.
    let later = thidua_in(
        s.dir.path(),
        &["score", "rules/cum-thi-dua-vi-2024", "--data", "data/cum-thi-dua-vi-2024", "--stage", "cum_cham"],
    );
    assert_eq!(later.code, 4);
    assert!(
        later.stderr.contains("dòng 16, cột \"giai_doan\": dòng của vòng `tham_dinh`, sau vòng `cum_cham`"),
        "{}",
        later.stderr
    );
    let typo = thidua_in(
        s.dir.path(),
        &["score", "rules/cum-thi-dua-vi-2024", "--data", "don_vi=upto.csv", "--stage", "cum_chamm"],
    );
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr.contains("không có vòng chấm `cum_chamm`") && typo.stderr.contains("(có phải `cum_cham`?)"),
        "{}",
        typo.stderr
    );
    // Recorded, and re-run the same way.
    let out = thidua_in(
        s.dir.path(),
        &[
            "score",
            "rules/cum-thi-dua-vi-2024",
            "--data",
            "don_vi=upto.csv",
            "--stage",
            "cum_cham",
            "--format",
            "csv",
            "--output",
            "kq.csv",
            "--manifest",
            "m.json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(std::fs::read_to_string(s.path("m.json")).unwrap().contains("\"stage\": \"cum_cham\""));
    let v = thidua_in(s.dir.path(), &["verify", "m.json"]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
}
