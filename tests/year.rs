//! A council's year as one run (#32): `thidua run` on the shipped year, its
//! dossier held against figures worked from the steps' own inputs, its
//! verification, and a year file's mistakes refused before anything runs.

mod common;
use common::*;

fn run(s: &Scratch, extra: &[&str]) -> Run {
    let mut args = vec!["run", "rules/nam-2024.yaml", "--output", "ho-so"];
    args.extend_from_slice(extra);
    thidua_in(s.dir.path(), &args)
}

fn read(s: &Scratch, rel: &str) -> String {
    std::fs::read_to_string(s.path(rel)).unwrap().trim_start_matches('\u{feff}').to_string()
}

/// Rows of a CSV as maps from header to cell.
fn rows(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records().map(|x| head.iter().cloned().zip(x.unwrap().iter().map(str::to_string)).collect()).collect()
}

#[test]
fn the_year_runs_end_to_end_and_each_step_reads_the_earlier_results() {
    let s = Scratch::year();
    let r = run(&s, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in [
        "01-danh_hieu/ket-qua.csv",
        "02-cham_diem_cum/ket-qua.html",
        "03-khen_thuong_huyen/ket-qua.xlsx",
        "tong-hop.csv",
        "tong-hop.xlsx",
        "tong-hop.html",
        "manifest.json",
        "lich-su-2024/ca_nhan.csv",
    ] {
        assert!(s.path("ho-so").join(f).is_file(), "{f}");
    }
    let titles = rows(&read(&s, "ho-so/01-danh_hieu/ket-qua.csv"));
    let scores = rows(&read(&s, "ho-so/02-cham_diem_cum/ket-qua.csv"));
    let awards = rows(&read(&s, "ho-so/03-khen_thuong_huyen/ket-qua.csv"));

    // Step 3's communes: exactly the one ranked first in step 2 with band
    // xuất sắc (all are "không vi phạm" in xa.csv). The cluster sheet worked
    // by hand (tests/score.rs, cluster_vi_figures_worked_by_hand) puts X01 first.
    let final_round = scores.iter().filter(|u| u["vong_cham"] == "tham_dinh").collect::<Vec<_>>();
    let first: Vec<&str> = final_round.iter().filter(|u| u["xep_hang"] == "1").map(|u| u["ma"].as_str()).collect();
    assert_eq!(first, ["X01"]);
    let proposed: Vec<&str> = awards
        .iter()
        .filter(|a| a["danh_hieu"] == "giay_khen_xa_dan_dau_cum" && a["ket_qua"] == "dat")
        .map(|a| a["ma"].as_str())
        .collect();
    assert_eq!(proposed, ["X01"]);

    // Step 3's collectives: the share of each office's staff who got LĐTT
    // in step 1, counted here from step 1's own result and can_bo.csv.
    let staff = rows(&std::fs::read_to_string(s.path("data/khen-thuong-huyen-2024/can_bo.csv")).unwrap());
    for office in ["UBX", "THA", "TYT"] {
        let members: Vec<&str> =
            staff.iter().filter(|c| c["ma_don_vi"] == office).map(|c| c["ma_ca_nhan"].as_str()).collect();
        let got = titles
            .iter()
            .filter(|t| {
                t["danh_hieu"] == "lao_dong_tien_tien" && t["ket_qua"] == "dat" && members.contains(&t["ma"].as_str())
            })
            .count();
        let row = awards.iter().find(|a| a["ma"] == office && a["danh_hieu"] == "giay_khen_tap_the").unwrap();
        // The reason quotes the count the collective rule read: carried, not retyped.
        assert!(
            row["ly_do"].contains(&format!("({got}/{})", members.len())),
            "{office}: {got}/{} in {}",
            members.len(),
            row["ly_do"]
        );
        assert_eq!(row["ket_qua"], if got * 100 >= 70 * members.len() { "dat" } else { "khong_dat" });
    }

    // The summary lists every proposal of every step, by deciding authority.
    let summary = rows(&read(&s, "ho-so/tong-hop.csv"));
    let eligible_titles = titles.iter().filter(|t| t["ket_qua"] == "dat").count();
    let cluster_proposals = final_round.iter().filter(|u| !u["de_nghi"].is_empty()).count();
    let district = awards.iter().filter(|a| a["ket_qua"] == "dat").count();
    assert_eq!(summary.len(), eligible_titles + cluster_proposals + district);
    assert!(summary.iter().any(|p| p["ma"] == "X01" && p["cap_quyet_dinh"].contains("Chủ tịch UBND cấp huyện")));
    // A draft decision per authority, its list attached: the district's names X01.
    let deciders: std::collections::BTreeSet<&str> = summary.iter().map(|p| p["cap_quyet_dinh"].as_str()).collect();
    let drafts: Vec<String> =
        (1..=deciders.len()).map(|i| read(&s, &format!("ho-so/du-thao-quyet-dinh/{i:02}.html"))).collect();
    assert!(!s.path(&format!("ho-so/du-thao-quyet-dinh/{:02}.html", deciders.len() + 1)).exists());
    let district = drafts
        .iter()
        .find(|d| d.contains("Giấy khen của Chủ tịch UBND huyện cho xã dẫn đầu Cụm thi đua: 1 đối tượng"))
        .unwrap();
    assert!(district.contains("DỰ THẢO") && district.contains("QUYẾT ĐỊNH:") && district.contains("<td>X01</td>"));

    // Next year's history: one row per title held this year, as a history reads it.
    let history = read(&s, "ho-so/lich-su-2024/ca_nhan.csv");
    assert!(history.starts_with("ma_ca_nhan,nam,danh_hieu\n"), "{history}");
    let ca_nhan_titles = titles.iter().filter(|t| t["ket_qua"] == "dat" && t["bang_du_lieu"] == "ca_nhan").count();
    assert_eq!(history.lines().count() - 1, ca_nhan_titles);

    // The code on the summary page is the manifest's, and `verify` re-runs the year.
    let manifest: serde_json::Value = serde_json::from_str(&read(&s, "ho-so/manifest.json")).unwrap();
    let code = manifest["code"].as_str().unwrap();
    assert!(read(&s, "ho-so/tong-hop.html").contains(code));
    assert!(r.stdout.contains(code));
    let v = thidua_in(s.dir.path(), &["verify", "ho-so/manifest.json", "--expect", code]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    assert!(v.stdout.starts_with("Giống hệt: tệp năm"), "{}", v.stdout);

    // The same inputs give the same bytes: a second run replaces the dossier with itself.
    let before: Vec<(String, Vec<u8>)> = files(&s.path("ho-so"));
    let again = run(&s, &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(files(&s.path("ho-so")), before);

    // A changed figure in one step's data is named by step, subject and column.
    s.edit(
        "data/cum-thi-dua-vi-2024/don_vi.csv",
        "X01,Xã Thanh Sơn,VI,tham_dinh,\"5.820,5\"",
        "X01,Xã Thanh Sơn,VI,tham_dinh,\"4.820,5\"",
    );
    let v = thidua_in(s.dir.path(), &["verify", "ho-so/manifest.json"]);
    let said = format!("{}{}", v.stdout, v.stderr);
    assert_eq!(v.code, 8, "{said}");
    assert!(
        said.contains("bước `cham_diem_cum`: tệp đầu vào đã thay đổi: ../data/cum-thi-dua-vi-2024/don_vi.csv"),
        "{said}"
    );
    assert!(said.contains("bước `cham_diem_cum`, 02-cham_diem_cum/ket-qua.csv: dòng"), "{said}");
}

fn files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walk(dir) {
        out.push((e.strip_prefix(dir).unwrap().display().to_string(), std::fs::read(&e).unwrap()));
    }
    out.sort();
    out
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p))
        } else {
            out.push(p)
        }
    }
    out
}

#[test]
fn a_year_files_mistakes_are_refused_before_anything_runs() {
    let s = Scratch::year();
    // Reading a step that comes later (a cycle would need one).
    s.edit("rules/nam-2024.yaml", "tong_diem: cham_diem_cum.tong_diem", "tong_diem: khen_thuong_huyen.tong_diem");
    let r = run(&s, &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("nam-2024.yaml:"), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "bước `khen_thuong_huyen` đọc kết quả của bước `khen_thuong_huyen`, nhưng bước đó không đứng trước"
        ),
        "{}",
        r.stderr
    );
    assert!(!s.path("ho-so").exists());
    // A misspelt step and a misspelt result, each with the nearest name.
    s.edit("rules/nam-2024.yaml", "tong_diem: khen_thuong_huyen.tong_diem", "tong_diem: cham_diem_cumm.tong_diem");
    s.edit("rules/nam-2024.yaml", "xep_hang: cham_diem_cum.xep_hang", "xep_hang: cham_diem_cum.xep_hangg");
    let r = run(&s, &["--lang", "en"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("`cham_diem_cumm`") && r.stderr.contains("`cham_diem_cum`?"), "{}", r.stderr);
    assert!(r.stderr.contains("`xep_hangg`") && r.stderr.contains("`xep_hang`?"), "{}", r.stderr);
    // An award the earlier step does not judge (its `awards:` leave it out).
    let s = Scratch::year();
    s.edit(
        "rules/nam-2024.yaml",
        "awards: [lao_dong_tien_tien, chien_si_thi_dua_co_so, tap_the_lao_dong_tien_tien]",
        "awards: [lao_dong_tien_tien, tap_the_lao_dong_tien_tien]",
    );
    let r = run(&s, &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("`chien_si_thi_dua_co_so`"), "{}", r.stderr);
    // The key column is the subject's code in the file, never carried.
    let s = Scratch::year();
    s.edit("rules/nam-2024.yaml", "tong_diem: cham_diem_cum.tong_diem", "ma_don_vi: cham_diem_cum.tong_diem");
    let r = run(&s, &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("cột `ma_don_vi` nhận `cham_diem_cum.tong_diem`, nên phải khai báo một cột khác: cột khóa"),
        "{}",
        r.stderr
    );
    // A column that cannot hold what it is given.
    let s = Scratch::year();
    s.edit(
        "rules/khen-thuong-huyen-2024/pack.yaml",
        "xep_hang: { type: int, optional: true,",
        "xep_hang: { type: int,",
    );
    let r = run(&s, &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "cột `xep_hang` nhận `cham_diem_cum.xep_hang`, nên phải khai báo `type: int` với `optional: true`"
        ),
        "{}",
        r.stderr
    );
    let r = run(&s, &["--lang", "en"]);
    assert!(
        r.stderr.contains("must be declared `type: int` with `optional: true` (an unranked unit has no rank)"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_carried_column_is_never_guessed() {
    // The file writes a column the year takes from an earlier step.
    let s = Scratch::year();
    s.edit(
        "data/khen-thuong-huyen-2024/xa.csv",
        "ma_don_vi,ten_don_vi,khong_vi_pham\n",
        "ma_don_vi,ten_don_vi,khong_vi_pham,tong_diem\n",
    );
    let r = run(&s, &[]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(r.stderr.contains("cột `tong_diem` lấy từ kết quả `cham_diem_cum.tong_diem"), "{}", r.stderr);
    // A member the earlier step never judged: named by its row, not read as "no".
    let s = Scratch::year();
    let path = s.path("data/khen-thuong-huyen-2024/can_bo.csv");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("CN999,UBX\n");
    std::fs::write(&path, text).unwrap();
    let r = run(&s, &[]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "can_bo.csv, dòng 32, cột \"lao_dong_tien_tien\": `CN999` không có kết quả ở `danh_hieu.lao_dong_tien_tien"
        ),
        "{}",
        r.stderr
    );
    assert!(!s.path("ho-so").exists(), "a failed year leaves no dossier");
    // A folder that is not an earlier dossier is never replaced.
    std::fs::create_dir_all(s.path("ho-so")).unwrap();
    s.write("ho-so/ghi-chu.txt", b"giu nguyen");
    let s2 = Scratch::year();
    std::fs::create_dir_all(s2.path("ho-so")).unwrap();
    s2.write("ho-so/ghi-chu.txt", b"giu nguyen");
    let r = run(&s2, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(std::fs::read(s2.path("ho-so/ghi-chu.txt")).unwrap(), b"giu nguyen");
}
