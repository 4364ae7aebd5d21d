//! The corpus of broken data files (tests/corpus/data), each with the exit
//! code and the message it must produce (tests/corpus/cases.tsv).

mod common;
use common::*;

#[test]
fn every_broken_file_gives_its_expected_error() {
    let cases = std::fs::read_to_string(root().join("tests/corpus/cases.tsv")).unwrap();
    let mut n = 0;
    for line in cases.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let mut parts = line.splitn(3, '\t');
        let (file, code, msg) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap_or(""));
        let path = format!("tests/corpus/data/{file}");
        let t = std::time::Instant::now();
        let r =
            thidua(&["check", "rules/luat-tdkt-2022", "--data", &format!("ca_nhan={path}"), "--as-of", "2024-12-31"]);
        assert!(t.elapsed().as_secs() < 10, "{file} took {:?}", t.elapsed());
        assert_eq!(r.code.to_string(), code, "{file}: {}", r.stderr);
        let want = msg.replace("{f}", &path);
        assert!(r.stderr.contains(&want), "{file}: expected `{want}` in\n{}", r.stderr);
        n += 1;
    }
    assert!(n >= 14, "the corpus has {n} cases");
}

#[test]
fn a_gigabyte_single_line_is_refused_quickly_without_reading_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ca_nhan.csv");
    let header = std::fs::read_to_string(root().join("data/luat-tdkt-2022/ca_nhan.csv")).unwrap();
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    use std::io::Write;
    f.write_all(header.lines().next().unwrap().as_bytes()).unwrap();
    f.write_all(b"\n").unwrap();
    // 64 MB in one line is enough to show the guard; the README gives the 1 GB figure.
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..64 {
        f.write_all(&chunk).unwrap();
    }
    drop(f);
    let t = std::time::Instant::now();
    let p = path.display().to_string();
    let r = thidua(&["check", "rules/luat-tdkt-2022", "--data", &p, "--as-of", "2024-12-31"]);
    assert!(t.elapsed().as_secs() < 5, "took {:?}", t.elapsed());
    assert_eq!(r.code, 4);
    assert!(r.stderr.contains("dòng 2: dòng dài quá 4096 KB"), "{}", r.stderr);
}

#[test]
fn limits_can_be_raised_and_lowered() {
    let r = thidua(&[
        "check",
        "rules/luat-tdkt-2022",
        "--data",
        "data/luat-tdkt-2022",
        "--as-of",
        "2024-12-31",
        "--max-rows",
        "10",
    ]);
    assert_eq!(r.code, 4);
    assert!(r.stderr.contains("dòng 12: tệp có hơn 10 dòng dữ liệu; nâng bằng --max-rows"), "{}", r.stderr);
    let r = thidua(&[
        "check",
        "rules/luat-tdkt-2022",
        "--data",
        "data/luat-tdkt-2022",
        "--as-of",
        "2024-12-31",
        "--max-file-mb",
        "0",
    ]);
    assert_eq!(r.code, 4);
    assert!(r.stderr.contains("tệp quá lớn"), "{}", r.stderr);
}

#[test]
fn hostile_yaml_ends_in_an_error_within_seconds() {
    let dir = tempfile::tempdir().unwrap();
    // Ten thousand levels of nesting.
    std::fs::write(dir.path().join("pack.yaml"), format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000))).unwrap();
    let p = dir.path().display().to_string();
    let r = thidua(&["validate", &p]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("lồng nhau quá sâu"), "{}", r.stderr);
    // "Billion laughs": aliases that expand exponentially.
    let mut y = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let names = "abcdefghij".chars().collect::<Vec<_>>();
    for w in names.windows(2) {
        y += &format!("{}: &{} [{}]\n", w[1], w[1], vec![format!("*{}", w[0]); 9].join(","));
    }
    std::fs::write(dir.path().join("pack.yaml"), y).unwrap();
    let t = std::time::Instant::now();
    let r = thidua(&["validate", &p]);
    assert!(t.elapsed().as_secs() < 5);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("bí danh (alias) được mở rộng quá nhiều lần"), "{}", r.stderr);
}

#[test]
fn other_encodings_and_decomposed_text_read_as_the_same_names() {
    let run = |f: &str, extra: &[&str]| {
        let data = format!("ca_nhan=tests/corpus/data/{f}");
        let mut args =
            vec!["check", "rules/luat-tdkt-2022", "--data", data.as_str(), "--as-of", "2024-12-31", "--format", "csv"];
        args.extend(extra);
        let r = thidua(&args);
        assert_eq!(r.code, 0, "{f}: {}", r.stderr);
        r.stdout
    };
    let utf16 = run("utf16.csv", &[]);
    assert!(utf16.contains("CN001,Nguyễn Văn An,"), "{utf16}");
    assert_eq!(run("windows_1258.csv", &[]), utf16);
    assert_eq!(run("windows_1258.csv", &["--encoding", "windows-1258"]), utf16);
    assert_eq!(run("nfd.csv", &[]), utf16);
    let r = thidua(&[
        "check",
        "rules/luat-tdkt-2022",
        "--data",
        "ca_nhan=tests/corpus/data/windows_1258.csv",
        "--as-of",
        "2024-12-31",
        "--encoding",
        "utf-8",
    ]);
    assert_eq!(r.code, 4);
    assert!(r.stderr.contains("tệp không phải UTF-8"), "{}", r.stderr);
}
