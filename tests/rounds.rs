//! Scoring rounds on the page (`thidua serve --store`), against a real
//! server and database: a round walked end to end (its results equal the
//! CLI's on the same figures, its export verifies), every route refused to
//! every role it is not for, saves that survive a killed server, two
//! people saving one sheet, sign-in throttling, evidence kept and served
//! only to those allowed, a backup of the live database.

mod common;
mod rounds_support;
use common::*;
use rounds_support::*;

const PW: &str = "mat-khau-thu-nghiem";

struct Round {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    server: Server,
}

/// A server on a fresh database with a council account and one round of
/// the sample cluster opened by it.
fn round() -> (Round, Session) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("thidua.db");
    assert_eq!(account(&db, "hoidong", "hoi_dong", None, PW).code, 0);
    let server = Server::start(&["--store", db.to_str().unwrap()]);
    let council = login(&server.url, "hoidong", PW).unwrap_or_else(|a| panic!("{}", a.body));
    let opened = council.upload(
        "/ky-cham/moi",
        &[("don_vi", "don_vi.csv", units_sheet())],
        &[("bang_diem", "cum-thi-dua-vi-2024/cum_thi_dua_vi"), ("ten", "Cụm VI năm 2024"), ("ngay_xet", "")],
    );
    assert_eq!((opened.status, opened.location.as_deref()), (303, Some("/ky-cham/1")), "{}", opened.body);
    (Round { _dir: dir, db, server }, council)
}

/// Makes an account on the council's page and signs it in.
fn member(council: &Session, name: &str, role: &str, scope: &str) -> Session {
    let made = council.post(
        "/tai-khoan",
        &[("ten", name), ("hien_thi", name), ("vai_tro", role), ("pham_vi", scope), ("mat_khau", PW)],
    );
    assert_eq!(made.status, 303, "{}", made.body);
    login(&council.url, name, PW).unwrap_or_else(|a| panic!("{}", a.body))
}

fn sheet(unit: &str, stage: &str) -> String {
    format!("/ky-cham/1/don-vi/{unit}/{stage}")
}

fn cli_result(args: &[&str], data: &std::path::Path) -> String {
    let d = format!("don_vi={}", data.display());
    let mut all = vec!["score", "rules/cum-thi-dua-vi-2024", "--data", &d];
    all.extend_from_slice(args);
    let r = thidua(&all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

#[test]
fn a_round_walks_from_self_scoring_to_a_verified_export() {
    let (r, council) = round();
    let head = member(&council, "cum6", "truong_cum", "VI");
    let units: Vec<Session> =
        UNITS.iter().map(|u| member(&council, &u.to_lowercase(), "don_vi", u)).collect();
    // Tự chấm: X02 first sends a wrong revenue; everyone else its own figures.
    for (u, s) in UNITS.iter().zip(&units) {
        let mut f = sheet_fields(u, "tu_cham");
        if *u == "X02" {
            f.iter_mut().find(|(k, _)| k == "c_thu_ngan_sach").unwrap().1 = "50100".into();
        }
        // The points as typed: the engine's, before anything is saved.
        let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let preview = s.post(&format!("{}/tinh-thu", sheet(u, "tu_cham")), &fields);
        assert!(preview.body.contains("\"total\""), "{}", preview.body);
        assert_eq!(act(s, &sheet(u, "tu_cham"), &f, "luu", &[]).status, 303);
        let sent = act(s, &sheet(u, "tu_cham"), &f, "gui", &[]);
        assert_eq!(sent.status, 303, "{u}: {}", sent.body);
    }
    // A sent sheet is locked for its unit.
    let locked = act(&units[0], &sheet("X01", "tu_cham"), &sheet_fields("X01", "tu_cham"), "luu", &[]);
    assert_eq!(locked.status, 409, "{}", locked.body);
    // The cluster head returns X02 with a reason; X02 corrects and resends.
    let no_reason = act(&head, &sheet("X02", "tu_cham"), &[], "tra_lai", &[]);
    assert_eq!(no_reason.status, 422);
    let back = act(&head, &sheet("X02", "tu_cham"), &[], "tra_lai", &[("ly_do", "Thu ngân sách sai, xem lại báo cáo quyết toán")]);
    assert_eq!(back.status, 303, "{}", back.body);
    let page = units[1].get(&sheet("X02", "tu_cham")).body;
    assert!(page.contains("Thu ngân sách sai, xem lại báo cáo quyết toán") && page.contains("Bị trả lại"), "{page}");
    let f = sheet_fields("X02", "tu_cham");
    assert_eq!(act(&units[1], &sheet("X02", "tu_cham"), &f, "gui", &[]).status, 303);
    // Before the votes are in, the results say what is missing, never guess.
    let early = council.get("/ky-cham/1/ket-qua?dinh-dang=csv");
    assert_eq!(early.status, 422, "{}", early.body);
    assert!(early.body.contains("so_phieu_suy_ton"), "{}", early.body);
    let (head_row, rows) = sample();
    let tmp = tempfile::tempdir().unwrap();
    let only_self = tmp.path().join("tu_cham.csv");
    let mut w = csv::Writer::from_path(&only_self).unwrap();
    w.write_record(&head_row).unwrap();
    for row in rows.iter().filter(|r| r[3] == "tu_cham") {
        w.write_record(row).unwrap();
    }
    w.flush().unwrap();
    drop(w);
    // The council enters the votes.
    let mut vote_fields: Vec<(String, String)> = Vec::new();
    for u in UNITS {
        let (f, of) = votes(u);
        vote_fields.push((format!("{u}|so_phieu_suy_ton"), f));
        vote_fields.push((format!("{u}|tong_so_phieu"), of));
    }
    let vf: Vec<(&str, &str)> = vote_fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(council.post("/ky-cham/1/phieu", &vf).status, 303);
    // Interim results rank on tự chấm, as `thidua score --stage tu_cham` does.
    let interim = council.get("/ky-cham/1/ket-qua?dinh-dang=csv");
    assert_eq!(interim.status, 200, "{}", interim.body);
    assert_eq!(interim.body, cli_result(&["--stage", "tu_cham", "--format", "csv"], &only_self));
    // Cụm chấm: accepted, then the cluster head's figures, differences marked.
    for u in UNITS {
        assert_eq!(act(&head, &sheet(u, "tu_cham"), &[], "nhan", &[]).status, 303);
        let f = sheet_fields(u, "cum_cham");
        assert_eq!(act(&head, &sheet(u, "cum_cham"), &f, "gui", &[]).status, 303, "{u}");
    }
    assert!(head.get(&sheet("X01", "cum_cham")).body.contains("fig khac"), "a changed figure is marked");
    // Thẩm định by the council.
    for u in UNITS {
        assert_eq!(act(&council, &sheet(u, "cum_cham"), &[], "nhan", &[]).status, 303);
        let f = sheet_fields(u, "tham_dinh");
        assert_eq!(act(&council, &sheet(u, "tham_dinh"), &f, "gui", &[]).status, 303, "{u}");
    }
    // The page's result is the CLI's on the sample's own file, byte for byte.
    let sample_file = root().join("data/cum-thi-dua-vi-2024/don_vi.csv");
    let page_csv = council.get("/ky-cham/1/ket-qua?dinh-dang=csv");
    assert_eq!(page_csv.body, cli_result(&["--format", "csv"], &sample_file));
    let html = council.get("/ky-cham/1/ket-qua");
    assert_eq!(html.status, 200);
    let code = html.header("x-thidua-fingerprint").unwrap().to_string();
    // The export verifies anywhere with the code the page gives.
    let zip = council.get("/ky-cham/1/xuat");
    assert_eq!(zip.status, 200, "{}", zip.body);
    let out = tempfile::tempdir().unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.bytes.clone())).unwrap();
    archive.extract(out.path()).unwrap();
    let folder = std::fs::read_dir(out.path()).unwrap().next().unwrap().unwrap().path();
    let verified = thidua(&["verify", folder.join("manifest.json").to_str().unwrap(), "--expect", &code]);
    assert_eq!(verified.code, 0, "{}{}", verified.stdout, verified.stderr);
    let result_html = std::fs::read_to_string(folder.join("ket_qua.html")).unwrap();
    assert_eq!(result_html, html.body, "the export holds the page's own result");
    let history = std::fs::read_to_string(folder.join("ky-cham/lich-su.csv")).unwrap();
    assert!(history.contains("Thu ngân sách sai, xem lại báo cáo quyết toán") && history.contains("50100"), "{history}");
    drop(r);
}
