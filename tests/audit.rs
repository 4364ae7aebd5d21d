//! Audit: manifests and verify, diff, traces, and identical bytes whatever
//! the thread count, the input row order and the run.

mod common;
use common::*;

const CHECK: [&str; 10] = [
    "check",
    "rules/luat-tdkt-2022",
    "--data",
    "data/luat-tdkt-2022/ca_nhan.csv",
    "--as-of",
    "2024-12-31",
    "--format",
    "json",
    "--output",
    "kq.json",
];

#[test]
fn verify_says_identical_then_names_the_changed_file_and_subject() {
    let s = Scratch::project("luat-tdkt-2022");
    let mut args = CHECK.to_vec();
    args.extend(["--manifest", "kq.manifest.json", "--trace", "kq.trace.jsonl"]);
    let r = thidua_in(s.dir.path(), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = thidua_in(s.dir.path(), &["verify", "kq.manifest.json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("Giống hệt: "), "{}", r.stdout);
    assert!(
        r.stdout.contains(" tệp đầu vào khớp mã băm; chạy lại cho 2 kết quả trùng từng byte với bản kê và với các tệp đã công bố.\nMã kiểm chứng: "),
        "{}",
        r.stdout
    );

    s.edit(
        "data/luat-tdkt-2022/ca_nhan.csv",
        "CN012,Lý Thị Mai,THA,01/09/2014,tot,có,0,0",
        "CN012,Lý Thị Mai,THA,01/09/2014,tot,có,1,0",
    );
    let r = thidua_in(s.dir.path(), &["verify", "kq.manifest.json"]);
    assert_eq!(r.code, 8, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        r.stdout,
        "tệp đầu vào đã thay đổi: data/luat-tdkt-2022/ca_nhan.csv\n\
         chạy lại cho kết quả khác bản kê: kết quả kq.json\n\
         CN012 Lý Thị Mai\n\
         \x20 Chiến sĩ thi đua cơ sở kết quả: không đạt → đạt\n\
         \x20   Chiến sĩ thi đua cơ sở — Hoàn thành xuất sắc nhiệm vụ, hoặc có sáng kiến được cơ sở công nhận, hoặc có đề tài, đề án, công trình KH&CN đã nghiệm thu, hoặc mưu trí, sáng tạo trong chiến đấu, phục vụ chiến đấu: tiêu chí: không đạt → đạt\n\
         \x20     dữ liệu Số sáng kiến được cơ sở công nhận trong năm: 0 → 1\n\
         1 đối tượng có thay đổi.\n\
         chạy lại cho kết quả khác bản kê: tệp vết kq.trace.jsonl\n\
         KHÔNG khớp với bản kê.\n"
    );
}

#[test]
fn verify_names_a_changed_rule_file() {
    let s = Scratch::project("cum-thi-dua-vi-2024");
    let args = ["score", "rules/cum-thi-dua-vi-2024", "--data", "data/cum-thi-dua-vi-2024", "--manifest", "m.json"];
    assert_eq!(thidua_in(s.dir.path(), &args).code, 0);
    assert_eq!(thidua_in(s.dir.path(), &["verify", "m.json"]).code, 0);
    s.edit(
        "rules/cum-thi-dua-vi-2024/scorecard.yaml",
        "points_each: 2\n    disqualify",
        "points_each: 3\n    disqualify",
    );
    let r = thidua_in(s.dir.path(), &["verify", "m.json", "--lang", "en"]);
    assert_eq!(r.code, 8);
    assert!(r.stdout.contains("input changed: rules/cum-thi-dua-vi-2024/scorecard.yaml"), "{}", r.stdout);
    assert!(r.stdout.contains("the re-run differs from the manifest: result (standard output)"), "{}", r.stdout);
}

#[test]
fn manifest_records_options_and_hashes_in_a_stable_order() {
    let s = Scratch::project("luat-tdkt-2022");
    let mut args = CHECK.to_vec();
    args.extend(["--manifest", "m.json"]);
    assert_eq!(thidua_in(s.dir.path(), &args).code, 0);
    let m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(s.path("m.json")).unwrap()).unwrap();
    let keys: Vec<&str> = m.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["manifest_version", "engine", "run_dir", "pack", "data", "options", "outputs", "warnings"]);
    // The awards left out for lack of data, as the error stream said.
    assert_eq!(m["warnings"][9], "cảnh báo: không xét «Cờ thi đua của Chính phủ» vì thiếu dữ liệu (--data tap_the=…)");
    assert_eq!(m["run_dir"], ".");
    assert_eq!(m["options"]["as_of"], "2024-12-31");
    assert_eq!(m["pack"]["files"][0]["path"], "rules/luat-tdkt-2022/pack.yaml");
    let out = std::fs::read(s.path("kq.json")).unwrap();
    assert_eq!(m["outputs"][0]["sha256"], format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(&out)));
    // The same run again writes the same manifest.
    let first = std::fs::read(s.path("m.json")).unwrap();
    assert_eq!(thidua_in(s.dir.path(), &args).code, 0);
    assert_eq!(std::fs::read(s.path("m.json")).unwrap(), first);
}

#[test]
fn diff_lists_changed_units_with_points_and_inputs() {
    let s = Scratch::project("cum-thi-dua-vi-2024");
    let base =
        ["score", "rules/cum-thi-dua-vi-2024", "--data", "data/cum-thi-dua-vi-2024", "--format", "json", "--explain"];
    let mut a = base.to_vec();
    a.extend(["--output", "a.json"]);
    assert_eq!(thidua_in(s.dir.path(), &a).code, 0);
    s.edit(
        "data/cum-thi-dua-vi-2024/don_vi.csv",
        "X06,Xã Minh Hòa,VI,tham_dinh,3.950,4.000",
        "X06,Xã Minh Hòa,VI,tham_dinh,4.400,4.000",
    );
    let mut b = base.to_vec();
    b.extend(["--output", "b.json"]);
    assert_eq!(thidua_in(s.dir.path(), &b).code, 0);
    let r = thidua_in(s.dir.path(), &["diff", "a.json", "b.json"]);
    assert_eq!(r.code, 8, "{}", r.stderr);
    assert!(r.stdout.starts_with("X06 Xã Minh Hòa\n  tổng điểm: 89,99 → 91,11\n"), "{}", r.stdout);
    // Criteria by their names on the sheet, numbers the Vietnamese way.
    assert!(
        r.stdout.contains("    Thu ngân sách so với dự toán: 9,88 → 11,00\n"),
        "points as the report writes them: {}",
        r.stdout
    );
    // Inputs by their columns' labels, quantities grouped (the document's `words`).
    assert!(r.stdout.contains("dữ liệu Thu ngân sách trên địa bàn (triệu đồng): 3.950 → 4.400"), "{}", r.stdout);
    assert_eq!(thidua_in(s.dir.path(), &["diff", "a.json", "a.json"]).stdout, "Không có khác biệt.\n");
}

#[test]
fn trace_has_one_json_line_per_decision() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("t.jsonl").display().to_string();
    let r = thidua(&[
        "check",
        "rules/luat-tdkt-2022",
        "--data",
        "data/luat-tdkt-2022/ca_nhan.csv",
        "--as-of",
        "2024-12-31",
        "--award",
        "lao_dong_tien_tien",
        "--award",
        "chien_si_thi_dua_co_so",
        "--trace",
        &trace,
    ]);
    assert_eq!(r.code, 0);
    let text = std::fs::read_to_string(&trace).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // 30 people × (4 + 1 criteria) + 60 award decisions.
    assert_eq!(lines.len(), 30 * 5 + 60);
    let first = &lines[0];
    assert_eq!(first["decision"], "criterion");
    assert_eq!(first["inputs"]["muc_hoan_thanh"], "tot");
}

/// A larger data set from the sample: each person 200 times under new keys,
/// in a scrambled order.
fn many_rows(shuffle: bool) -> String {
    let text = std::fs::read_to_string(root().join("data/luat-tdkt-2022/ca_nhan.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_string();
    let rows: Vec<&str> = lines.collect();
    let mut out: Vec<String> = Vec::new();
    for k in 0..200 {
        for r in &rows {
            let (key, rest) = r.split_once(',').unwrap();
            out.push(format!("{key}_{k:03},{rest}"));
        }
    }
    if shuffle {
        // A fixed permutation: reverse, then interleave halves.
        out.reverse();
        let half = out.len() / 2;
        let (a, b) = out.split_at(half);
        out = a.iter().zip(b).flat_map(|(x, y)| [y.clone(), x.clone()]).collect();
    }
    format!("{header}\n{}\n", out.join("\n"))
}

#[test]
fn identical_bytes_at_any_thread_count_and_row_order() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("ca_nhan.csv");
    std::fs::write(&plain, many_rows(false)).unwrap();
    let shuffled = dir.path().join("tron").join("ca_nhan.csv");
    std::fs::create_dir_all(shuffled.parent().unwrap()).unwrap();
    std::fs::write(&shuffled, many_rows(true)).unwrap();
    let run = |data: &std::path::Path, threads: &str| {
        let d = data.display().to_string();
        let r = thidua(&[
            "check",
            "rules/luat-tdkt-2022",
            "--data",
            &d,
            "--as-of",
            "2024-12-31",
            "--format",
            "csv",
            "--threads",
            threads,
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let one = run(&plain, "1");
    assert_eq!(one.lines().count(), 1 + 6000 * 2);
    assert_eq!(one, run(&plain, "2"));
    assert_eq!(one, run(&plain, "4"));
    assert_eq!(one, run(&shuffled, "2"));
    let score = |threads: &str| {
        thidua(&[
            "score",
            "rules/cum-thi-dua-vi-2024",
            "--data",
            "data/cum-thi-dua-vi-2024",
            "--format",
            "json",
            "--threads",
            threads,
        ])
        .stdout
    };
    assert_eq!(score("1"), score("2"));
}

/// A run with a manifest in a scratch project; returns the fingerprint it
/// printed.
fn published_run(s: &Scratch) -> String {
    let mut args = CHECK.to_vec();
    args.extend(["--manifest", "kq.manifest.json"]);
    let r = thidua_in(s.dir.path(), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r.stderr.lines().find(|l| l.starts_with("Mã kiểm chứng: ")).expect("the fingerprint is printed");
    line["Mã kiểm chứng: ".len()..].split(' ').next().unwrap().to_string()
}

#[test]
fn verify_checks_the_published_result_itself() {
    let s = Scratch::project("luat-tdkt-2022");
    published_run(&s);
    // Flip one subject's result in the published file.
    let text = std::fs::read_to_string(s.path("kq.json")).unwrap();
    let flipped = text.replacen("\"eligible\": true", "\"eligible\": false", 1);
    assert_ne!(flipped, text);
    std::fs::write(s.path("kq.json"), flipped).unwrap();
    let r = thidua_in(s.dir.path(), &["verify", "kq.manifest.json"]);
    assert_eq!(r.code, 8, "{}", r.stdout);
    assert!(
        r.stdout.starts_with("tệp kết quả đã công bố đã bị sửa (mã băm khác bản kê): kq.json\nCN001 Nguyễn Văn An\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("1 đối tượng có thay đổi."), "{}", r.stdout);
    // Deleted.
    std::fs::remove_file(s.path("kq.json")).unwrap();
    let r = thidua_in(s.dir.path(), &["verify", "kq.manifest.json"]);
    assert_eq!(r.code, 8);
    assert_eq!(r.stdout, "thiếu tệp kết quả đã công bố: kq.json\nKHÔNG khớp với bản kê.\n");
}

#[test]
fn verify_runs_from_any_folder_and_tells_missing_from_changed() {
    let s = Scratch::project("luat-tdkt-2022");
    published_run(&s);
    let manifest = s.p("kq.manifest.json");
    let r = thidua_in(std::path::Path::new("/"), &["verify", &manifest]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // Moved away from its data, it says so rather than "changed".
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("kq.manifest.json");
    std::fs::copy(&manifest, &copy).unwrap();
    let r = thidua(&["verify", &copy.display().to_string()]);
    assert_eq!(r.code, 8);
    assert!(r.stdout.contains("thiếu tệp đầu vào: rules/luat-tdkt-2022/pack.yaml"), "{}", r.stdout);
    assert!(r.stdout.contains("(không tìm thấy tệp đầu vào nào: các đường dẫn tính từ thư mục"), "{}", r.stdout);
    assert!(!r.stdout.contains("đã thay đổi"), "{}", r.stdout);
}

#[test]
fn verify_refuses_hollow_or_malformed_manifests_without_hanging() {
    let s = Scratch::project("luat-tdkt-2022");
    published_run(&s);
    let path = s.path("kq.manifest.json");
    let original: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    type Edit = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(Edit, i32, &str)> = vec![
        (Box::new(|m| m["data"] = serde_json::json!([])), 4, "không có gì để kiểm chứng"),
        (Box::new(|m| m["outputs"] = serde_json::json!([])), 4, "không có gì để kiểm chứng"),
        (Box::new(|m| m["options"]["as_of"] = "garbage".into()), 4, "giá trị không hợp lệ: as_of `garbage`"),
        (Box::new(|m| m["options"]["command"] = "rm".into()), 4, "giá trị không hợp lệ: command `rm`"),
        (Box::new(|m| m["extra"] = 1.into()), 4, "unknown field `extra`"),
        (Box::new(|m| m["options"]["format"] = "pdf".into()), 4, "giá trị không hợp lệ: format `pdf`"),
        (Box::new(|m| m["options"]["max_operations"] = u64::MAX.into()), 0, "Giống hệt"),
        (Box::new(|m| m["data"][0]["path"] = "/dev/zero".into()), 8, "/dev/zero: không phải tệp thường"),
    ];
    for (edit, code, want) in cases {
        let mut m = original.clone();
        edit(&mut m);
        std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
        let t = std::time::Instant::now();
        let r = thidua_in(s.dir.path(), &["verify", "kq.manifest.json"]);
        assert!(t.elapsed().as_secs() < 10, "{want}: took {:?}", t.elapsed());
        assert_eq!(r.code, code, "{want}: {}{}", r.stdout, r.stderr);
        assert!(r.stdout.contains(want) || r.stderr.contains(want), "{want}: {}{}", r.stdout, r.stderr);
    }
}

#[test]
fn verify_holds_the_manifest_to_the_fingerprint_on_paper() {
    let s = Scratch::project("luat-tdkt-2022");
    let fp = published_run(&s);
    assert_eq!(fp.len(), 64);
    let r = thidua_in(s.dir.path(), &["verify", "kq.manifest.json", "--expect", &fp[..16]]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    // Too short to tell runs apart: said so, with how many it needs (#29).
    let r = thidua_in(s.dir.path(), &["verify", "kq.manifest.json", "--expect", &fp[..8]]);
    assert_eq!(r.code, 8, "{}", r.stdout);
    assert!(
        r.stdout.starts_with(&format!(
            "--expect `{}` có 8 ký tự: cần ít nhất 12 ký tự đầu của mã kiểm chứng in trên giấy (mã đủ có 64 ký tự)",
            &fp[..8]
        )),
        "{}",
        r.stdout
    );
    // Re-forged whole: other data, hashes recomputed by a new run.
    s.edit(
        "data/luat-tdkt-2022/ca_nhan.csv",
        "CN012,Lý Thị Mai,THA,01/09/2014,tot,có,0,0",
        "CN012,Lý Thị Mai,THA,01/09/2014,tot,có,1,0",
    );
    let forged = published_run(&s);
    assert_ne!(forged, fp);
    assert_eq!(thidua_in(s.dir.path(), &["verify", "kq.manifest.json"]).code, 0, "self-consistent");
    let r = thidua_in(s.dir.path(), &["verify", "kq.manifest.json", "--expect", &fp]);
    assert_eq!(r.code, 8);
    assert!(
        r.stdout.starts_with(&format!("mã kiểm chứng không khớp: giấy ghi {fp}, bản kê này là {forged}")),
        "{}",
        r.stdout
    );
}

#[test]
fn html_and_xlsx_reports_carry_the_fingerprint_and_still_verify() {
    let s = Scratch::project("cum-thi-dua-vi-2024");
    for (format, out) in [("html", "bang_diem.html"), ("xlsx", "bang_diem.xlsx")] {
        let args = [
            "score",
            "rules/cum-thi-dua-vi-2024",
            "--data",
            "data/cum-thi-dua-vi-2024",
            "--format",
            format,
            "--output",
            out,
            "--manifest",
            "m.json",
        ];
        let r = thidua_in(s.dir.path(), &args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let fp = r.stderr.lines().find_map(|l| l.strip_prefix("Mã kiểm chứng: ")).unwrap().split(' ').next().unwrap();
        let bytes = std::fs::read(s.path(out)).unwrap();
        let text = if format == "html" {
            String::from_utf8(bytes).unwrap()
        } else {
            // The footer lives in each sheet's XML inside the workbook.
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut all = String::new();
            for i in 0..zip.len() {
                let mut f = zip.by_index(i).unwrap();
                std::io::Read::read_to_string(&mut f, &mut all).unwrap();
            }
            all
        };
        assert!(text.contains(fp), "{format}: the fingerprint {fp} is not in the report");
        let r = thidua_in(s.dir.path(), &["verify", "m.json", "--expect", fp]);
        assert_eq!(r.code, 0, "{format}: {}", r.stdout);
    }
}

#[test]
fn a_run_recorded_in_a_manifest_is_the_same_run_read_back() {
    use thidua::app::{check_options, run_of, score_options, CheckArgs, Outputs, Run, RunArgs, ScoreArgs};
    use thidua::data::Key;
    use thidua::limits::{DataLimits, TextEncoding};
    use thidua::script::ScriptLimits;
    let date = chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
    let limits = ScriptLimits { max_operations: 12_345, ..ScriptLimits::default() };
    let data_limits = DataLimits {
        max_file_bytes: 7 << 20,
        max_rows: 99,
        max_field_bytes: 2048,
        encoding: TextEncoding::Windows1258,
        sheet: Some("Trang 2".into()),
        sheets: [("a".to_string(), "Trang 3".to_string())].into(),
    };
    let check = CheckArgs {
        run: RunArgs {
            pack: "rules/p".into(),
            data: vec!["a=x.csv".into(), "y".into()],
            as_of: Some(date),
            format: thidua::report::Format::Csv,
            explain: true,
            outputs: Outputs::default(),
            lang: thidua::i18n::Lang::En,
            limits,
            data_limits: data_limits.clone(),
            carried: Default::default(),
            keep_results: false,
        },
        awards: vec!["a1".into()],
        subjects: vec![Key::text("K1"), Key::text("K2")],
        by_decider: true,
        by_subject: true,
    };
    let caps = (&ScriptLimits::default(), &DataLimits::default());
    let back = run_of(&check_options(&check, date), caps, false).unwrap();
    assert_eq!(back, Run::Check(check));
    let score = ScoreArgs {
        run: RunArgs {
            pack: "rules/s".into(),
            data: vec!["d".into()],
            as_of: Some(date),
            format: thidua::report::Format::Html,
            explain: true,
            outputs: Outputs::default(),
            lang: thidua::i18n::Lang::Vi,
            limits,
            data_limits,
            carried: Default::default(),
            keep_results: false,
        },
        scorecard: Some("sc".into()),
        groups: vec![Key::text("VI")],
        stage: Some("cum_cham".into()),
    };
    let back = run_of(&score_options(&score, date, "sc"), caps, false).unwrap();
    assert_eq!(back, Run::Score(score));
}

/// A received manifest may name any file of the auditor's machine: one
/// outside the manifest's folder that does not match its hash is reported,
/// and never read out by a re-run's messages (#29 item 4).
#[test]
fn verify_never_prints_a_file_outside_the_manifest_folder() {
    let s = Scratch::project("luat-tdkt-2022");
    published_run(&s);
    let elsewhere = tempfile::tempdir().unwrap();
    let secret = elsewhere.path().join("bi_mat.csv");
    std::fs::write(&secret, "BI_MAT_123,KHONG_DUOC_IN\n1,2\n").unwrap();
    let secret = secret.display().to_string();
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.path("kq.manifest.json")).unwrap()).unwrap();
    m["data"] = serde_json::json!([{ "path": secret, "sha256": "0".repeat(64) }]);
    m["options"]["data"] = serde_json::json!([format!("ca_nhan={secret}")]);
    std::fs::write(s.path("kq.manifest.json"), serde_json::to_string_pretty(&m).unwrap()).unwrap();
    let r = thidua_in(s.dir.path(), &["verify", "kq.manifest.json"]);
    assert_eq!(r.code, 8, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("không chạy lại:") && r.stdout.contains("nằm ngoài thư mục của bản kê"), "{}", r.stdout);
    assert!(!r.stdout.contains("BI_MAT_123") && !r.stderr.contains("BI_MAT_123"), "{}{}", r.stdout, r.stderr);
}

/// Copies every sheet's values into a new workbook (what "Save" in another
/// spreadsheet program does to the bytes), changing the cells in `edits`.
fn resave(from: &std::path::Path, to: &std::path::Path, edits: &[(&str, u32, u16, &str)]) {
    use calamine::{Data, Reader};
    let mut src = calamine::open_workbook_auto(from).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for name in src.sheet_names() {
        let range = src.worksheet_range(&name).unwrap();
        let ws = wb.add_worksheet();
        ws.set_name(&name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, row) in range.rows().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r0 + r as u32, (c0 as usize + c) as u16);
                match v {
                    Data::String(s) => ws.write_string(r, c, s).map(|_| ()),
                    Data::Float(f) => ws.write_number(r, c, *f).map(|_| ()),
                    Data::Int(i) => ws.write_number(r, c, *i as f64).map(|_| ()),
                    Data::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                    Data::DateTime(d) => ws.write_number_with_format(r, c, d.as_f64(), &date).map(|_| ()),
                    _ => Ok(()),
                }
                .unwrap();
            }
        }
        for (sheet, r, c, text) in edits {
            if *sheet == name {
                ws.write_string(*r, *c, *text).unwrap();
            }
        }
    }
    wb.save(to).unwrap();
}

/// A published workbook that no longer matches: the cell, the value
/// recorded and the value found; saved again unchanged: said so (#29 item 4).
#[test]
fn verify_names_the_changed_cell_of_a_published_workbook() {
    let s = Scratch::project("luat-tdkt-2022");
    let mut args: Vec<&str> = CHECK.iter().copied().filter(|a| *a != "json").collect();
    let at = args.iter().position(|a| *a == "--format").unwrap();
    args.insert(at + 1, "xlsx");
    let out = args.iter().position(|a| *a == "--output").unwrap();
    args[out + 1] = "kq.xlsx";
    args.extend(["--manifest", "kq.manifest.json"]);
    let r = thidua_in(s.dir.path(), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(thidua_in(s.dir.path(), &["verify", "kq.manifest.json"]).code, 0);
    let book = s.path("kq.xlsx");
    let copy = s.path("copy.xlsx");
    std::fs::copy(&book, &copy).unwrap();
    resave(&copy, &book, &[]);
    let v = thidua_in(s.dir.path(), &["verify", "kq.manifest.json"]);
    assert_eq!(v.code, 8, "{}", v.stdout);
    assert!(v.stdout.contains("(tệp đã được lưu lại, nội dung các ô không đổi)"), "{}", v.stdout);
    let mut src = calamine::open_workbook_auto(&copy).unwrap();
    let first = calamine::Reader::sheet_names(&src)[0].clone();
    let range = calamine::Reader::worksheet_range(&mut src, &first).unwrap();
    // The first cell with a value (a document's top-left corner may be empty).
    let (dr, dc, value) = range.used_cells().next().unwrap();
    let (start_r, start_c) = range.start().unwrap();
    let (r0, c0) = (start_r + dr as u32, start_c + dc as u32);
    let was = value.to_string();
    resave(&copy, &book, &[(first.as_str(), r0, c0 as u16, "SỬA")]);
    let v = thidua_in(s.dir.path(), &["verify", "kq.manifest.json"]);
    assert_eq!(v.code, 8, "{}", v.stdout);
    let cell = format!("{first}!{}{}", thidua::data::workbook::column_letters(c0), r0 + 1);
    assert!(v.stdout.contains(&format!("{cell}: bản ghi `{was}`, tệp có `SỬA`")), "{}", v.stdout);
}

#[test]
fn diff_names_inputs_and_choices_by_their_words() {
    let s = Scratch::project("luat-tdkt-2022");
    let base =
        ["check", "rules/luat-tdkt-2022", "--data", "data/luat-tdkt-2022", "--format", "json", "--as-of", "2024-12-31"];
    assert_eq!(thidua_in(s.dir.path(), &[&base[..], &["--output", "a.json"]].concat()).code, 0);
    s.edit(
        "data/luat-tdkt-2022/ca_nhan.csv",
        "CN001,Nguyễn Văn An,UBX,15/03/2015,tot,",
        "CN001,Nguyễn Văn An,UBX,15/03/2015,xuat_sac,",
    );
    assert_eq!(thidua_in(s.dir.path(), &[&base[..], &["--output", "b.json"]].concat()).code, 0);
    let r = thidua_in(s.dir.path(), &["diff", "a.json", "b.json"]);
    assert_eq!(r.code, 8, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "dữ liệu Mức xếp loại hoàn thành nhiệm vụ: Hoàn thành tốt nhiệm vụ → Hoàn thành xuất sắc nhiệm vụ"
        ),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("muc_hoan_thanh") && !r.stdout.contains("xuat_sac"), "{}", r.stdout);
    // A result written before documents carried their words: codes, as before.
    for f in ["a.json", "b.json"] {
        let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(s.path(f)).unwrap()).unwrap();
        v.as_object_mut().unwrap().remove("words");
        s.write(f, serde_json::to_string_pretty(&v).unwrap().as_bytes());
    }
    let r = thidua_in(s.dir.path(), &["diff", "a.json", "b.json"]);
    assert!(r.stdout.contains("dữ liệu muc_hoan_thanh: tot → xuat_sac"), "{}", r.stdout);
}
