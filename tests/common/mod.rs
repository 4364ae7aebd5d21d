//! Helpers for the integration tests: run the real binary, copy packs into
//! temporary folders to break them, compare with golden files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `thidua` from the project root.
pub fn thidua(args: &[&str]) -> Run {
    thidua_in(&root(), args)
}

/// Runs `thidua` from `dir`.
pub fn thidua_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the thidua binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Compares `actual` with `tests/golden/<name>`; `UPDATE_GOLDEN=1` rewrites
/// the file instead (review the diff before committing it).
pub fn golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("missing golden file {}", path.display()));
    assert_eq!(actual, expected, "output differs from {}", path.display());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A scratch copy of a shipped pack and its data, to break on purpose.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    /// A scratch copy laid out like the project (`rules/<pack>`, `data/<pack>`),
    /// to run commands from with relative paths, as an auditor would.
    pub fn project(pack: &str) -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&root().join("rules").join(pack), &dir.path().join("rules").join(pack));
        copy_dir(&root().join("data").join(pack), &dir.path().join("data").join(pack));
        Scratch { dir }
    }

    pub fn of(pack: &str) -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&root().join("rules").join(pack), &dir.path().join("pack"));
        copy_dir(&root().join("data").join(pack), &dir.path().join("data"));
        Scratch { dir }
    }
    /// A scratch copy of the shipped year (`rules/nam-2024.yaml`) with the
    /// packs and data it reads, laid out like the project.
    pub fn year() -> Scratch {
        let s = Scratch::project("luat-tdkt-2022");
        for pack in ["cum-thi-dua-vi-2024", "khen-thuong-huyen-2024"] {
            copy_dir(&root().join("rules").join(pack), &s.path("rules").join(pack));
            copy_dir(&root().join("data").join(pack), &s.path("data").join(pack));
        }
        std::fs::copy(root().join("rules/nam-2024.yaml"), s.path("rules/nam-2024.yaml")).unwrap();
        s
    }
    /// A scratch copy of a test fixture (pack and data in one folder) at `pack/`.
    pub fn fixture(name: &str) -> Scratch {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&root().join("tests/fixtures").join(name), &dir.path().join("pack"));
        Scratch { dir }
    }
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    pub fn p(&self, rel: &str) -> String {
        self.path(rel).display().to_string()
    }
    /// Replaces the one occurrence of `from` in a file.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.path(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once in {rel}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    pub fn write(&self, rel: &str, bytes: &[u8]) {
        std::fs::write(self.path(rel), bytes).unwrap();
    }
}

/// A `thidua serve` started for a test on a free loopback port, stopped
/// when dropped.
pub struct Server {
    child: std::process::Child,
    pub url: String,
}

impl Server {
    /// Serves `rules/` with `extra` options; waits for the line that says
    /// where.
    pub fn start(extra: &[&str]) -> Server {
        Server::start_in(&root(), extra)
    }

    /// Serves `dir/rules`, from `dir`.
    pub fn start_in(dir: &Path, extra: &[&str]) -> Server {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_thidua"))
            .args(["serve", "rules", "--bind", "127.0.0.1:0"])
            .args(extra)
            .current_dir(dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("thidua serve starts");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.split_whitespace().last().expect("the address line").trim_end_matches('/').to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "{line}");
        Server { child, url }
    }
}

impl Server {
    /// Kills the server at once (SIGKILL: no shutdown, nothing flushed).
    #[allow(dead_code)]
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
