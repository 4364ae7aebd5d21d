//! Number columns read the way their cells are written (#17): `9.5` or
//! `3,5` and `1.234,5`, whatever the pack declares; ambiguous cells follow
//! their column; columns that mix the two, or give no hint, are refused.

mod common;
use common::*;

const PACK: &str = "tests/fixtures/number-styles";
const HEAD: &str = "ma_don_vi,ty_le,so_tien,quy_khen_thuong\n";

/// `check` on a `don_vi` file written into a temporary folder, as CSV.
fn check(rows: &str, lang_en: bool) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("don_vi.csv");
    std::fs::write(&path, format!("{HEAD}{rows}")).unwrap();
    let data = format!("don_vi={}", path.display());
    let mut args = vec!["check", PACK, "--data", &data, "--format", "csv"];
    if lang_en {
        args.splice(0..0, ["--lang", "en"]);
    }
    thidua(&args)
}

/// The values each row was read as: key, ty_le, so_tien, quy_khen_thuong
/// (the pack's `values:` columns).
fn read_as(r: &Run) -> Vec<String> {
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
        .lines()
        .skip(1)
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            format!("{} {}", cells[0], cells[cells.len() - 3..].join(" ")).trim_end().to_string()
        })
        .collect()
}

#[test]
fn a_column_is_read_by_the_style_its_cells_show() {
    // Decimal commas and dot-grouped thousands, in a pack that declares no
    // style: `1.234` in row 4 follows its column (twelve hundred).
    let r = check("A,\"89,5\",1.200.000,\nB,\"1.234,5\",12,\nC,1.234,5,\n", false);
    assert_eq!(read_as(&r), ["A 89.5 1200000", "B 1234.5 12", "C 1234 5"]);
    // Decimal points: `1.234` is one and a bit.
    let r = check("A,1.234,7,\nB,90.5,8,\n", false);
    assert_eq!(read_as(&r), ["A 1.234 7", "B 90.5 8"]);
}

#[test]
fn a_column_read_first_by_the_declared_style_is_read_again_by_its_own() {
    // `quy_khen_thuong` declares `format: vi`, yet `0.500` can only be a
    // decimal point: `1.234` above it is read as 1.234, not 1234, and the
    // run is made from the second reading only.
    let r = check("A,90,1,1.234\nB,91,2,0.500\n", false);
    assert_eq!(read_as(&r), ["A 90 1 1.234", "B 91 2 0.5"]);
    // Without that hint, the declared style reads it.
    let r = check("A,90,1,1.234\nB,91,2,\n", false);
    assert_eq!(read_as(&r), ["A 90 1 1234", "B 91 2"]);
}

#[test]
fn a_column_that_writes_numbers_both_ways_is_refused_at_the_later_cell() {
    let r = check("A,9.5,1,\nB,\"3,5\",2,\n", false);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "dòng 3, cột \"ty_le\": `3,5` viết số với dấu phẩy thập phân, nhưng dòng 2 của cột này viết `9.5` với dấu chấm thập phân"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn an_ambiguous_number_nothing_decides_is_refused_with_what_to_write() {
    let r = check("A,1.234,1,\nB,12,2,\n", true);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "row 2, column \"ty_le\": `1.234` reads two ways (1.234 if the dot is the decimal point and commas group thousands; 1234 if the comma is the decimal comma and dots group thousands) and no other cell of the column tells which: write the number without a thousands separator, or declare `format: vi` or `format: plain`"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn piped_data_that_would_need_a_second_reading_is_refused() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["check", PACK, "--data", "don_vi=/dev/stdin", "--format", "csv"])
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{HEAD}A,1.234,1,\nB,\"3,5\",2,\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("dòng 2, cột \"ty_le\": `1.234` đã được đọc theo cách khác với cột"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_cell_neither_style_reads_names_both() {
    let r = check("A,9.5.1,1,\n", false);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("giá trị `9.5.1` không hợp lệ, cần số, ví dụ 1234.5 (hoặc 1.234,5)"), "{}", r.stderr);
}
