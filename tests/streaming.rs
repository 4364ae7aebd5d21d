//! Streamed `check` (awards judged row by row): the one-row-per-subject
//! layout, and the same bytes whatever the row order, the thread count or
//! where a window's chunks are cut.

mod common;
use common::*;
use std::path::Path;

const PACK: &str = "bench/khoi-luong-chuan";
const HEADER: &str =
    "ma_ca_nhan,ma_don_vi,ho_ten,muc_hoan_thanh,ky_luat,so_ngay_nghi,so_sang_kien,diem_danh_gia,so_nam_cstdcs_lien_tuc\n";

fn write(dir: &Path, name: &str, rows: &[String]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, format!("{HEADER}{}", rows.concat())).unwrap();
    path.display().to_string()
}

fn check(data: &str, extra: &[&str]) -> Run {
    let arg = format!("ca_nhan={data}");
    let mut args = vec!["check", PACK, "--data", &arg, "--format", "csv"];
    args.extend_from_slice(extra);
    thidua(&args)
}

#[test]
fn by_subject_gives_one_row_per_subject_with_its_highest_award() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        "CN3,DV1,Lê Văn Cường,xuat_sac,,10,2,95.5,3\n".to_string(),
        "CN1,DV1,Nguyễn Văn An,tot,,5,0,80,0\n".to_string(),
        "CN2,DV1,\"Trần, Thị Bình\",hoan_thanh,,0,1,99,5\n".to_string(),
    ];
    let r = check(&write(dir.path(), "ca_nhan.csv", &rows), &["--by-subject"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "\u{feff}ma,ten,bang_du_lieu,danh_hieu_cao_nhat,lao_dong_tien_tien,chien_si_thi_dua_co_so,chien_si_thi_dua_tinh\n\
         CN1,Nguyễn Văn An,ca_nhan,lao_dong_tien_tien,dat,khong_dat,khong_dat\n\
         CN2,\"Trần, Thị Bình\",ca_nhan,,khong_dat,khong_dat,khong_dat\n\
         CN3,Lê Văn Cường,ca_nhan,chien_si_thi_dua_tinh,dat,dat,dat\n"
    );
}

/// Rows with every outcome; some names quoted with commas and line breaks,
/// so chunk cuts must respect quotes.
fn rows(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let muc = ["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"][i % 4];
            let name =
                if i % 7 == 0 { format!("\"Người {i},\nghi chú \"\"x\"\"\"") } else { format!("Người {i}") };
            let ky_luat = if i % 11 == 0 { "khien_trach" } else { "" };
            format!(
                "CN{i:06},DV{},{name},{muc},{ky_luat},{},{},{}.{:02},{}\n",
                i % 13,
                i % 50,
                i % 3,
                80 + i % 21,
                i % 100,
                i % 4
            )
        })
        .collect()
}

#[test]
fn row_order_threads_and_chunk_cuts_do_not_change_a_byte() {
    let dir = tempfile::tempdir().unwrap();
    let sorted = rows(3000);
    let mut shuffled = sorted.clone();
    shuffled.reverse();
    shuffled.swap(10, 2000);
    let a = write(dir.path(), "a.csv", &sorted);
    let b = write(dir.path(), "b.csv", &shuffled);
    for layout in [&["--by-subject"][..], &[][..]] {
        let first = check(&a, layout);
        assert_eq!(first.code, 0, "{}", first.stderr);
        assert_eq!(first.stdout.matches("\nCN").count(), if layout.is_empty() { 9000 } else { 3000 });
        assert_eq!(check(&b, layout).stdout, first.stdout, "row order changed the result");
        let arg = format!("ca_nhan={a}");
        let mut one = vec!["check", PACK, "--threads", "1", "--data", &arg, "--format", "csv"];
        one.extend_from_slice(layout);
        assert_eq!(thidua(&one).stdout, first.stdout, "the thread count changed the result");
    }
    // Written to a file, the result is the same bytes as on standard output.
    let out = dir.path().join("kq.csv");
    let r = check(&b, &["--by-subject", "--output", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), check(&a, &["--by-subject"]).stdout);
}

#[test]
fn a_duplicate_key_in_a_file_out_of_order_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = rows(200);
    r.reverse();
    r.push(rows(1)[0].clone());
    let data = write(dir.path(), "ca_nhan.csv", &r);
    let out = dir.path().join("kq.csv");
    let run = check(&data, &["--by-subject", "--output", out.to_str().unwrap()]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("dòng 202, cột \"ma_ca_nhan\": mã `CN000000` bị trùng với dòng 201"), "{}", run.stderr);
    assert!(!out.exists(), "a failed run wrote its output");
}

#[test]
fn by_subject_needs_csv() {
    let r = thidua(&["check", PACK, "--data", "ca_nhan=data/none.csv", "--by-subject"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--by-subject chỉ dùng với --format csv"), "{}", r.stderr);
}

#[test]
fn bytes_that_are_not_utf8_past_the_first_block_name_their_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ca_nhan.csv");
    let mut bytes = HEADER.as_bytes().to_vec();
    for r in rows(3000) {
        bytes.extend_from_slice(r.as_bytes());
    }
    // Row 3002: a two-byte letter cut by a comma (each half alone is not
    // UTF-8, though the record's bytes joined would be); row 3003: a stray byte.
    bytes.extend_from_slice(b"CN900001,DV1,Nguy\xc3,\xa9n,tot,,5,0,80,0\n");
    bytes.extend_from_slice(b"CN900002,DV1,L\xff,tot,,5,0,80,0\n");
    bytes.extend_from_slice(b"CN900003,DV1,B\xc3\xacnh,tot,,5,0,80,0\n");
    std::fs::write(&path, &bytes).unwrap();
    let r = check(&path.display().to_string(), &["--encoding", "utf-8"]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("dòng 3002: tệp không phải UTF-8"), "{}", r.stderr);
    assert!(r.stderr.contains("dòng 3003: tệp không phải UTF-8"), "{}", r.stderr);
    assert!(!r.stderr.contains("dòng 3004"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

/// Every declared column is typed, read by a rule or not: a sheet with a
/// malformed cell is refused whole, the same way `check` streamed or not
/// and the same way whatever the rules read, never half-trusted.
#[test]
fn a_malformed_cell_in_a_column_no_rule_reads_is_refused_like_any_other() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("pack");
    let src = root().join(PACK);
    std::fs::create_dir_all(&pack).unwrap();
    for f in ["pack.yaml", "danh-hieu.yaml", "cham-diem.yaml"] {
        std::fs::copy(src.join(f), pack.join(f)).unwrap();
    }
    let yaml = std::fs::read_to_string(pack.join("pack.yaml")).unwrap();
    let line = "      so_nam_cstdcs_lien_tuc: { type: int, label: \"Số năm liên tục đạt CSTĐCS trước năm xét\" }\n";
    assert!(yaml.contains(line));
    std::fs::write(pack.join("pack.yaml"), yaml.replacen(line, &format!("{line}      so_con: int\n"), 1)).unwrap();
    let data = dir.path().join("ca_nhan.csv");
    std::fs::write(
        &data,
        format!(
            "{}so_con\nCN1,DV1,An,tot,,5,0,80,0,2\nCN2,DV1,Bình,tot,,5,0,80,0,ba\n",
            HEADER.trim_end().to_owned() + ","
        ),
    )
    .unwrap();
    let out = dir.path().join("ket_qua.csv");
    let (p, d, o) = (pack.display().to_string(), format!("ca_nhan={}", data.display()), out.display().to_string());
    let r = thidua(&["check", &p, "--data", &d, "--format", "csv", "--output", &o]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("dòng 3, cột \"so_con\": giá trị `ba` không hợp lệ"), "{}", r.stderr);
    assert!(!out.exists());
}
