//! Outputs are never destroyed and never lost: devices and pipes are written
//! through, a failed write to standard output is exit 7 (and no manifest
//! records it), two outputs on one file are refused, an interrupted run
//! leaves no temporary file, and new files get the usual permissions.
#![cfg(unix)]

mod common;
use common::*;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};

fn check_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["check", "rules/luat-tdkt-2022", "--data", "data/luat-tdkt-2022", "--as-of", "2024-12-31"];
    a.extend_from_slice(extra);
    a
}

#[test]
fn a_device_is_written_through_not_replaced() {
    let r = thidua(&check_args(&["--output", "/dev/null", "--format", "csv"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let m = std::fs::metadata("/dev/null").unwrap();
    assert!(m.file_type().is_char_device(), "/dev/null is no longer a device");
}

#[test]
fn a_fifo_is_written_through_and_a_link_keeps_pointing() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("ket_qua.csv");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(&fifo).unwrap())
    };
    let f = fifo.display().to_string();
    let r = thidua(&check_args(&["--output", &f, "--format", "csv"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got = reader.join().unwrap();
    let direct = thidua(&check_args(&["--format", "csv"]));
    assert_eq!(String::from_utf8(got).unwrap(), direct.stdout);
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // A link to a regular file: the file is replaced, the link stays.
    let target = dir.path().join("that.csv");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let l = link.display().to_string();
    assert_eq!(thidua(&check_args(&["--output", &l, "--format", "csv"])).code, 0);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), direct.stdout);
}

#[test]
fn a_result_that_cannot_be_delivered_is_exit_7_and_no_manifest_claims_it() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("m.json");
    let m = manifest.display().to_string();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(check_args(&["--manifest", &m]))
        .current_dir(root())
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("đầu ra chuẩn: không ghi được kết quả"));
    assert!(!manifest.exists(), "a manifest records a result that was never delivered");
}

#[test]
fn two_outputs_on_one_file_are_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("x.csv").display().to_string();
    let r = thidua(&check_args(&["--output", &x, "--trace", &x]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--output và --trace cùng là"), "{}", r.stderr);
    // The same file named two ways.
    let r = thidua_in(
        dir.path(),
        &[
            "check",
            &root().join("rules/luat-tdkt-2022").display().to_string(),
            "--data",
            &root().join("data/luat-tdkt-2022").display().to_string(),
            "--as-of",
            "2024-12-31",
            "--output",
            "r.csv",
            "--manifest",
            &dir.path().join("r.csv").display().to_string(),
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--output và --manifest cùng là"), "{}", r.stderr);
    assert!(!dir.path().join("r.csv").exists());
}

#[test]
fn new_outputs_honour_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    let o = out.display().to_string();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 022 && exec \"$0\" check rules/luat-tdkt-2022 --data data/luat-tdkt-2022 --as-of 2024-12-31 --output {o}"
        ))
        .arg(env!("CARGO_BIN_EXE_thidua"))
        .current_dir(root())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o644);
}

#[test]
fn an_interrupted_run_leaves_no_temporary_file_and_a_later_run_clears_old_ones() {
    let s = Scratch::of("luat-tdkt-2022");
    // A slow rule (about 40 ms a subject) keeps the run going while its
    // output is half written.
    s.edit(
        "pack/ca-nhan.yaml",
        "when: \"tu_luc_doan_ket\"",
        "when: 'let n = 0; for i in 0..150000 { n += 1; } n > 0 && tu_luc_doan_ket'",
    );
    let out = s.path("out/r.csv");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    // A leftover of a run that died long ago (no such process).
    let stale = s.path("out/.r.csv.thidua-4000000000-abcdef.tmp");
    std::fs::write(&stale, "half").unwrap();
    let (pack, data, o) = (s.p("pack"), s.p("data/ca_nhan.csv"), out.display().to_string());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["check", &pack, "--data", &data, "--as-of", "2024-12-31", "--format", "csv", "--output", &o])
        .args(["--threads", "1"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let temps = || -> Vec<String> {
        std::fs::read_dir(out.parent().unwrap())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    };
    let t = std::time::Instant::now();
    while !temps().iter().any(|n| n.contains(&format!("thidua-{}-", child.id()))) {
        assert!(t.elapsed().as_secs() < 20, "no temporary file appeared: {:?}", temps());
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(!stale.exists(), "the stale leftover was not removed");
    let pid = child.id().to_string();
    assert!(std::process::Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert!(temps().is_empty(), "left behind: {:?}", temps());
    assert!(!out.exists(), "a half result was put in place");
}

/// Feeds `bytes` into a new FIFO from a thread; returns its path.
fn fifo_with(dir: &std::path::Path, name: &str, bytes: Vec<u8>) -> (String, std::thread::JoinHandle<()>) {
    let fifo = dir.join(name);
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let path = fifo.clone();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        let _ = f.write_all(&bytes); // the reader may stop early, by design
    });
    (fifo.display().to_string(), writer)
}

#[test]
fn a_pipe_is_read_once_even_out_of_order_and_bounded_as_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("data/luat-tdkt-2022/ca_nhan.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1..].reverse();
    let reversed = lines.join("\n") + "\n";
    let (fifo, writer) = fifo_with(dir.path(), "ca_nhan.csv", reversed.clone().into_bytes());
    let from_pipe = thidua(
        &check_args(&["--award", "lao_dong_tien_tien", "--format", "csv"])
            .iter()
            .map(|a| if *a == "data/luat-tdkt-2022" { fifo.as_str() } else { a })
            .collect::<Vec<_>>(),
    );
    writer.join().unwrap();
    std::fs::create_dir(dir.path().join("tep")).unwrap();
    let file = dir.path().join("tep/ca_nhan.csv");
    std::fs::write(&file, &reversed).unwrap();
    let f = file.display().to_string();
    let from_file = thidua(
        &check_args(&["--award", "lao_dong_tien_tien", "--format", "csv"])
            .iter()
            .map(|a| if *a == "data/luat-tdkt-2022" { f.as_str() } else { a })
            .collect::<Vec<_>>(),
    );
    assert_eq!(from_pipe.code, 0, "{}", from_pipe.stderr);
    assert_eq!(from_pipe.stdout, from_file.stdout);
    // Two megabytes through a pipe with a one-megabyte limit.
    let mut big = lines[0].to_string() + "\n";
    for i in 0..40_000 {
        big += &format!("K{i:06},Nguyễn Văn An,UBX,15/03/2015,tot,có,0,0,không,không\n");
    }
    std::fs::create_dir(dir.path().join("lon")).unwrap();
    let (fifo, writer) = fifo_with(&dir.path().join("lon"), "ca_nhan.csv", big.into_bytes());
    let args: Vec<&str> = check_args(&["--max-file-mb", "1"])
        .iter()
        .map(|a| if *a == "data/luat-tdkt-2022" { fifo.as_str() } else { a })
        .collect();
    let r = thidua(&args);
    writer.join().unwrap();
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("đã đọc quá 1 MB mà tệp chưa hết"), "{}", r.stderr);
}
