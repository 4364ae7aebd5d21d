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
    let units: Vec<Session> = UNITS.iter().map(|u| member(&council, &u.to_lowercase(), "don_vi", u)).collect();
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
    // Cụm chấm cannot begin before tự chấm is accepted, however it is asked.
    let early = act(&head, &sheet("X01", "cum_cham"), &sheet_fields("X01", "cum_cham"), "luu", &[]);
    assert_eq!(early.status, 409, "{}", early.body);
    let early_file = head.upload(
        &format!("{}/minh-chung", sheet("X01", "cum_cham")),
        &[("tep", "a.pdf", b"%PDF-1.4".to_vec())],
        &[("tieu_chi", "thu_ngan_sach")],
    );
    assert_eq!(early_file.status, 409);
    // The cluster head returns X02 with a reason; X02 corrects and resends.
    let no_reason = act(&head, &sheet("X02", "tu_cham"), &[], "tra_lai", &[]);
    assert_eq!(no_reason.status, 422);
    let back = act(
        &head,
        &sheet("X02", "tu_cham"),
        &[],
        "tra_lai",
        &[("ly_do", "Thu ngân sách sai, xem lại báo cáo quyết toán")],
    );
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
    // The cluster head reads its cluster's results: the same run on its rows.
    let heads = head.get("/ky-cham/1/ket-qua?dinh-dang=csv");
    assert_eq!(heads.body, cli_result(&["--format", "csv", "--group", "VI"], &sample_file));
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
    assert!(
        history.contains("Thu ngân sách sai, xem lại báo cáo quyết toán") && history.contains("50100"),
        "{history}"
    );
    drop(r);
}

/// One route, how it is asked, and the roles it is for.
struct Route {
    method: &'static str,
    path: &'static str,
    fields: Vec<(&'static str, &'static str)>,
    multipart: bool,
    allowed: &'static [&'static str],
}

fn ask(s: &Session, r: &Route) -> Answer {
    match (r.method, r.multipart) {
        ("GET", _) => s.get(r.path),
        (_, true) => {
            s.upload(r.path, &[("tep", "bien-ban.pdf", pdf()), ("don_vi", "don_vi.csv", units_sheet())], &r.fields)
        }
        _ => s.post(r.path, &r.fields),
    }
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

#[test]
fn every_route_refuses_every_role_it_is_not_for() {
    let (r, council) = round();
    let mut who: Vec<(&str, Session)> = vec![("council", council)];
    let c = &who[0].1;
    let made = [
        ("auditor", member(c, "kiemtra", "kiem_tra", "")),
        ("head", member(c, "cum6", "truong_cum", "VI")),
        ("other_head", member(c, "cum7", "truong_cum", "VII")),
        ("x01", member(c, "x01", "don_vi", "X01")),
        ("x02", member(c, "x02", "don_vi", "X02")),
    ];
    who.extend(made);
    let get = |n: &str| &who.iter().find(|(k, _)| *k == n).unwrap().1;
    // X01 has a draft and one evidence file.
    assert_eq!(act(get("x01"), &sheet("X01", "tu_cham"), &sheet_fields("X01", "tu_cham"), "luu", &[]).status, 303);
    let up = get("x01").upload(
        &format!("{}/minh-chung", sheet("X01", "tu_cham")),
        &[("tep", "bien-ban.pdf", pdf())],
        &[("tieu_chi", "thu_ngan_sach")],
    );
    assert_eq!(up.status, 303, "{}", up.body);
    let all: &[&str] = &["council", "auditor", "head", "other_head", "x01", "x02"];
    let routes = vec![
        Route { method: "GET", path: "/ky-cham", fields: vec![], multipart: false, allowed: all },
        Route { method: "GET", path: "/ky-cham/moi", fields: vec![], multipart: false, allowed: &["council"] },
        Route { method: "GET", path: "/mat-khau", fields: vec![], multipart: false, allowed: all },
        Route { method: "GET", path: "/tai-khoan", fields: vec![], multipart: false, allowed: &["council"] },
        Route {
            method: "GET",
            path: "/ky-cham/1",
            fields: vec![],
            multipart: false,
            allowed: &["council", "auditor", "head", "x01", "x02"],
        },
        Route {
            method: "POST",
            path: "/ky-cham/1/han",
            fields: vec![("han_tu_cham", "")],
            multipart: false,
            allowed: &["council"],
        },
        Route { method: "GET", path: "/ky-cham/1/phieu", fields: vec![], multipart: false, allowed: &["council"] },
        Route { method: "POST", path: "/ky-cham/1/phieu", fields: vec![], multipart: false, allowed: &["council"] },
        Route {
            method: "GET",
            path: "/ky-cham/1/ket-qua",
            fields: vec![],
            multipart: false,
            allowed: &["council", "auditor", "head"],
        },
        Route {
            method: "GET",
            path: "/ky-cham/1/xuat",
            fields: vec![],
            multipart: false,
            allowed: &["council", "auditor"],
        },
        Route {
            method: "GET",
            path: "/ky-cham/1/lich-su",
            fields: vec![],
            multipart: false,
            allowed: &["council", "auditor"],
        },
        Route {
            method: "GET",
            path: "/ky-cham/1/don-vi/X01/tu_cham",
            fields: vec![],
            multipart: false,
            allowed: &["council", "auditor", "head", "x01"],
        },
        Route {
            method: "GET",
            path: "/ky-cham/1/don-vi/X01/cum_cham",
            fields: vec![],
            multipart: false,
            allowed: &["council", "auditor", "head"],
        },
        Route {
            method: "GET",
            path: "/ky-cham/1/don-vi/X01/tham_dinh",
            fields: vec![],
            multipart: false,
            allowed: &["council", "auditor"],
        },
        Route {
            method: "POST",
            path: "/ky-cham/1/don-vi/X01/tu_cham",
            fields: vec![("hanh_dong", "luu"), ("phien_ban", "1")],
            multipart: false,
            allowed: &["x01"],
        },
        Route {
            method: "POST",
            path: "/ky-cham/1/don-vi/X01/tu_cham",
            fields: vec![("hanh_dong", "nhan"), ("phien_ban", "2")],
            multipart: false,
            allowed: &["head"],
        },
        Route {
            method: "POST",
            path: "/ky-cham/1/don-vi/X01/tu_cham/tinh-thu",
            fields: vec![],
            multipart: false,
            allowed: &["council", "auditor", "head", "x01"],
        },
        Route {
            method: "POST",
            path: "/ky-cham/1/don-vi/X01/tu_cham/minh-chung",
            fields: vec![("tieu_chi", "thu_ngan_sach")],
            multipart: true,
            allowed: &["x01"],
        },
        Route {
            method: "GET",
            path: "/ky-cham/1/minh-chung/1",
            fields: vec![],
            multipart: false,
            allowed: &["council", "auditor", "head", "x01"],
        },
        Route {
            method: "POST",
            path: "/tai-khoan",
            fields: vec![("ten", "moi1"), ("vai_tro", "kiem_tra"), ("mat_khau", PW)],
            multipart: false,
            allowed: &["council"],
        },
        Route {
            method: "POST",
            path: "/ky-cham/moi",
            fields: vec![("bang_diem", "cum-thi-dua-vi-2024/cum_thi_dua_vi"), ("ten", "Kỳ hai")],
            multipart: true,
            allowed: &["council"],
        },
        // Unlocking the auditor (already unlocked): harmless when allowed.
        Route {
            method: "POST",
            path: "/tai-khoan/2/khoa",
            fields: vec![("khoa", "0")],
            multipart: false,
            allowed: &["council"],
        },
    ];
    let anon =
        Session { url: r.server.url.clone(), cookie: "thidua_phien=khong-phai-phien".into(), csrf: String::new() };
    for route in &routes {
        // Refused first, so that an allowed change cannot hide a refusal.
        for (role, s) in who.iter().filter(|(k, _)| !route.allowed.contains(k)) {
            let a = ask(s, route);
            let round_scoped = route.path.starts_with("/ky-cham/1");
            let expected = if *role == "other_head" && round_scoped { 404 } else { 403 };
            assert_eq!(a.status, expected, "{} {} as {role}: {}", route.method, route.path, a.body);
        }
        let a = ask(&anon, route);
        match route.method {
            "GET" => assert_eq!(
                (a.status, a.location.as_deref().map(|l| l.starts_with("/dang-nhap"))),
                (303, Some(true)),
                "{} anonymous",
                route.path
            ),
            _ => assert_eq!(a.status, 401, "{} {} anonymous", route.method, route.path),
        }
        for (role, s) in who.iter().filter(|(k, _)| route.allowed.contains(k)) {
            let a = ask(s, route);
            assert!(
                ![401, 403, 404].contains(&a.status),
                "{} {} as {role}: {} {}",
                route.method,
                route.path,
                a.status,
                a.body
            );
        }
    }
    // A form without the session's token, or posted from another site, changes nothing.
    let x01 = get("x01");
    let forged = Session { url: x01.url.clone(), cookie: x01.cookie.clone(), csrf: "0".repeat(64) };
    let before = x01.version(&sheet("X01", "tu_cham"));
    assert_eq!(forged.post(&sheet("X01", "tu_cham"), &[("hanh_dong", "gui"), ("phien_ban", &before)]).status, 403);
    let cross = rounds_support::agent()
        .post(format!("{}{}", x01.url, sheet("X01", "tu_cham")))
        .header("cookie", &x01.cookie)
        .header("origin", "http://evil.example")
        .send_form([("csrf", x01.csrf.as_str()), ("hanh_dong", "gui"), ("phien_ban", &before)])
        .unwrap();
    assert_eq!(cross.status().as_u16(), 403);
    assert_eq!(x01.version(&sheet("X01", "tu_cham")), before, "nothing was saved");
    // Signing out ends the session on the server.
    assert_eq!(x01.post("/dang-xuat", &[]).status, 303);
    assert_eq!(x01.get("/ky-cham").status, 303);
}

#[test]
fn two_people_saving_one_sheet_never_overwrite_each_other_silently() {
    let (_r, council) = round();
    let a = member(&council, "x01", "don_vi", "X01");
    let b = login(&council.url, "x01", PW).unwrap_or_else(|x| panic!("{}", x.body));
    let page = sheet("X01", "tu_cham");
    let mut fields = sheet_fields("X01", "tu_cham");
    assert_eq!(act(&a, &page, &fields, "luu", &[]).status, 303);
    // Both open version 1; A saves first, B's save from version 1 is refused.
    let seen = a.version(&page);
    let mut post = |s: &Session, value: &str| {
        fields.iter_mut().find(|(k, _)| k == "c_so_dang_vien_moi").unwrap().1 = value.into();
        let mut all: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        all.extend([("hanh_dong", "luu"), ("phien_ban", seen.as_str())]);
        s.post(&page, &all)
    };
    assert_eq!(post(&a, "7").status, 303);
    let late = post(&b, "9");
    assert_eq!(late.status, 409, "{}", late.body);
    assert!(late.body.contains("CHƯA được lưu"), "{}", late.body);
    assert!(late.body.contains("value=\"9\""), "what B typed is still on the page");
    let now = a.get(&page).body;
    assert!(now.contains("value=\"7\"") && !now.contains("value=\"9\""), "A's save stands");
}

#[test]
fn a_server_killed_mid_save_keeps_every_save_it_answered() {
    let (r, council) = round();
    let x01 = member(&council, "x01", "don_vi", "X01");
    let page = sheet("X01", "tu_cham");
    let mut fields = sheet_fields("X01", "tu_cham");
    assert_eq!(act(&x01, &page, &fields, "luu", &[]).status, 303);
    let Round { _dir, db, mut server } = r;
    // Saves one after another until the server is killed under them.
    let url = server.url.clone();
    let (cookie, csrf) = (x01.cookie.clone(), x01.csrf.clone());
    let saver = std::thread::spawn(move || {
        let s = Session { url, cookie, csrf };
        let mut answered = 0;
        for i in 1..10_000 {
            let seen = match std::panic::catch_unwind(|| s.version(&page)) {
                Ok(v) => v,
                Err(_) => break,
            };
            fields.iter_mut().find(|(k, _)| k == "c_so_dang_vien_moi").unwrap().1 = i.to_string();
            let mut all: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            all.extend([("hanh_dong", "luu"), ("phien_ban", seen.as_str())]);
            let sent = std::panic::catch_unwind(|| s.post(&page, &all).status);
            match sent {
                Ok(303) => answered = i,
                _ => break,
            }
        }
        answered
    });
    std::thread::sleep(std::time::Duration::from_millis(1500));
    server.kill();
    let answered = saver.join().unwrap();
    assert!(answered > 3, "saves were made before the kill ({answered})");
    // Restarted on the same file: every answered save is there.
    let again = Server::start(&["--store", db.to_str().unwrap()]);
    let x01 = login(&again.url, "x01", PW).unwrap_or_else(|a| panic!("{}", a.body));
    let body = x01.get(&sheet("X01", "tu_cham")).body;
    let at = body.find("name=\"c_so_dang_vien_moi\" value=\"").unwrap() + 33;
    let kept: u32 = body[at..].split('"').next().unwrap().parse().unwrap();
    assert!(kept >= answered, "answered save {answered} kept as {kept}");
    drop(_dir);
}

#[test]
fn repeated_failed_sign_ins_are_slowed() {
    let (r, _council) = round();
    for _ in 0..5 {
        assert_eq!(login(&r.server.url, "hoidong", "sai-mat-khau-roi").err().map(|a| a.status), Some(401));
    }
    let slowed = login(&r.server.url, "hoidong", PW).err().expect("refused while slowed");
    assert_eq!(slowed.status, 429);
    assert!(slowed.body.contains("giây"), "{}", slowed.body);
    // A name nobody has is answered as a wrong password, never "no such account".
    let unknown = login(&r.server.url, "khong-co-ai", PW).err().unwrap();
    assert_eq!(unknown.status, 401);
    assert!(unknown.body.contains("Sai tên đăng nhập hoặc mật khẩu"));
}

#[test]
fn evidence_is_checked_kept_by_hash_and_served_only_as_a_download() {
    let (r, council) = round();
    let x01 = member(&council, "x01", "don_vi", "X01");
    let to = format!("{}/minh-chung", sheet("X01", "tu_cham"));
    let up = |name: &str, bytes: Vec<u8>| x01.upload(&to, &[("tep", name, bytes)], &[("tieu_chi", "thu_ngan_sach")]);
    assert_eq!(up("trang.html", b"<script>alert(1)</script>".to_vec()).status, 415);
    assert_eq!(up("gia.pdf", b"<html><script>alert(1)</script>".to_vec()).status, 415, "a page named .pdf");
    assert_eq!(up("that.pdf", pdf()).status, 303);
    assert_eq!(up("ban-sao.pdf", pdf()).status, 303);
    let stored: Vec<_> = walk(&crate_files(&r.db));
    assert_eq!(stored.len(), 2, "the units sheet and one PDF, however often uploaded: {stored:?}");
    let got = council.get("/ky-cham/1/minh-chung/1");
    assert_eq!(got.status, 200);
    assert_eq!(got.bytes, pdf());
    assert!(got.header("content-disposition").unwrap().starts_with("attachment"));
    assert_eq!(got.header("x-content-type-options"), Some("nosniff"));
    let big = vec![b'%'; 11 << 20];
    assert_eq!(up("lon.pdf", big).status, 413);
}

fn crate_files(db: &std::path::Path) -> std::path::PathBuf {
    let mut name = db.file_name().unwrap().to_os_string();
    name.push(".tep");
    db.with_file_name(name)
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

#[test]
fn a_backup_of_the_live_database_opens_with_everything_committed() {
    let (r, council) = round();
    let x01 = member(&council, "x01", "don_vi", "X01");
    assert_eq!(act(&x01, &sheet("X01", "tu_cham"), &sheet_fields("X01", "tu_cham"), "luu", &[]).status, 303);
    let copy = r.db.with_file_name("ban-sao.db");
    let b = thidua(&["backup", r.db.to_str().unwrap(), copy.to_str().unwrap()]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let again = Server::start(&["--store", copy.to_str().unwrap()]);
    let x01 = login(&again.url, "x01", PW).unwrap_or_else(|a| panic!("{}", a.body));
    let page = x01.get(&sheet("X01", "tu_cham")).body;
    assert!(page.contains("name=\"c_so_dang_vien_moi\" value=\"6\""), "{page}");
    assert_eq!(walk(&crate_files(&copy)).len(), 1, "the units sheet is copied beside");
    // A missing database is an error with its own exit code, nothing made.
    let none = thidua(&["backup", "/khong/co/tep.db", copy.to_str().unwrap()]);
    assert_eq!(none.code, 9, "{}", none.stderr);
}

#[test]
fn accounts_never_have_a_default_or_short_password() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let short = account(&db, "hoidong", "hoi_dong", None, "ngan");
    assert_eq!(short.code, 9);
    assert!(short.stderr.contains("ít nhất 10 ký tự"), "{}", short.stderr);
    let empty = account(&db, "hoidong", "hoi_dong", None, "");
    assert_eq!(empty.code, 9);
    let role = account(&db, "hoidong", "chu_tich", None, PW);
    assert!(role.stderr.contains("hoi_dong, truong_cum, don_vi, kiem_tra"), "{}", role.stderr);
    let unscoped = account(&db, "x01", "don_vi", None, PW);
    assert!(unscoped.stderr.contains("--scope"), "{}", unscoped.stderr);
    assert_eq!(account(&db, "hoidong", "hoi_dong", None, PW).code, 0);
    assert_eq!(account(&db, "HoiDong", "hoi_dong", None, PW).code, 9, "names are one whatever their case");
    // Without --store the server keeps nothing and says so.
    let s = Server::start(&[]);
    let a = rounds_support::agent().get(format!("{}/ky-cham", s.url)).call().unwrap();
    assert_eq!(a.status().as_u16(), 404);
}

#[test]
fn a_closed_stage_takes_no_more_saves_until_the_council_moves_its_deadline() {
    let (_r, council) = round();
    let x01 = member(&council, "x01", "don_vi", "X01");
    let page = sheet("X01", "tu_cham");
    let f = sheet_fields("X01", "tu_cham");
    assert_eq!(council.post("/ky-cham/1/han", &[("han_tu_cham", "01/01/2020")]).status, 303);
    assert!(council.get("/ky-cham/1").body.contains("đã hết hạn 01/01/2020"));
    let late = act(&x01, &page, &f, "luu", &[]);
    assert_eq!(late.status, 403, "{}", late.body);
    assert!(late.body.contains("đã hết hạn"), "{}", late.body);
    assert!(!x01.get(&page).body.contains("name=\"hanh_dong\" value=\"gui\""), "no send button past the deadline");
    assert_eq!(council.post("/ky-cham/1/han", &[("han_tu_cham", "31/12/2099")]).status, 303);
    assert_eq!(act(&x01, &page, &f, "gui", &[]).status, 303);
    let unreadable = council.post("/ky-cham/1/han", &[("han_tu_cham", "12/31/2099")]);
    assert_eq!(unreadable.status, 422);
    let hist = council.get("/ky-cham/1/lich-su").body;
    assert!(hist.contains("Đặt hạn") && hist.contains("2020-01-01") && hist.contains("2099-12-31"), "{hist}");
}

#[test]
fn a_units_sheet_that_is_not_the_scorecards_is_refused_with_its_columns_named() {
    let (_r, council) = round();
    let open = |scorecard: &str, sheet: Vec<u8>| {
        council.upload(
            "/ky-cham/moi",
            &[("don_vi", "don_vi.csv", sheet)],
            &[("bang_diem", scorecard), ("ten", "Kỳ sai")],
        )
    };
    // The cluster's sheet offered to another plan's scorecard.
    let other = open("cho-chu-2024/phong_trao_thi_dua_2024", units_sheet());
    assert_eq!(other.status, 422, "{}", other.body);
    assert!(other.body.contains("không thuộc bảng dữ liệu") && other.body.contains("ma_cum"), "{}", other.body);
    // A misspelt header is named with the likely one.
    let text = String::from_utf8(units_sheet()).unwrap().replacen("du_toan_thu", "du_toan_thuu", 1);
    let typo = open("cum-thi-dua-vi-2024/cum_thi_dua_vi", text.into_bytes());
    assert_eq!(typo.status, 422);
    assert!(typo.body.contains("`du_toan_thuu` (có phải `du_toan_thu`?)"), "{}", typo.body);
    // A bad number is named by row and column; nothing is opened.
    let text = String::from_utf8(units_sheet()).unwrap().replacen("5.300", "năm nghìn", 1);
    let bad = open("cum-thi-dua-vi-2024/cum_thi_dua_vi", text.into_bytes());
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("dòng 2") && bad.body.contains("du_toan_thu"), "{}", bad.body);
    assert!(!council.get("/ky-cham").body.contains("Kỳ sai"));
}

#[test]
fn a_password_is_changed_only_with_the_current_one_and_other_sessions_end() {
    let (r, council) = round();
    let here = member(&council, "x01", "don_vi", "X01");
    let elsewhere = login(&r.server.url, "x01", PW).unwrap_or_else(|a| panic!("{}", a.body));
    let change =
        |cur: &str, new: &str, again: &str| here.post("/mat-khau", &[("cu", cur), ("moi", new), ("moi_lai", again)]);
    assert_eq!(change("sai-mat-khau-roi", "mat-khau-moi-dai-du", "mat-khau-moi-dai-du").status, 403);
    assert_eq!(change(PW, "ngan", "ngan").status, 422);
    assert_eq!(change(PW, "mat-khau-moi-dai-du", "mat-khau-moi-khac").status, 422);
    let done = change(PW, "mat-khau-moi-dai-du", "mat-khau-moi-dai-du");
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains("Đã đổi mật khẩu"));
    assert_eq!(here.get("/ky-cham").status, 200, "this session goes on");
    assert_eq!(elsewhere.get("/ky-cham").status, 303, "the other session has ended");
    assert_eq!(login(&r.server.url, "x01", PW).err().map(|a| a.status), Some(401));
    assert!(login(&r.server.url, "x01", "mat-khau-moi-dai-du").is_ok());
}

#[test]
fn a_cluster_head_reads_its_own_clusters_results_once_its_units_have_sent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("thidua.db");
    assert_eq!(account(&db, "hoidong", "hoi_dong", None, PW).code, 0);
    let server = Server::start(&["--store", db.to_str().unwrap()]);
    let council = login(&server.url, "hoidong", PW).unwrap_or_else(|a| panic!("{}", a.body));
    // X07 belongs to another cluster in this round.
    let sheet_text = String::from_utf8(units_sheet()).unwrap().replace("X07,Xã Yên Vượng,VI", "X07,Xã Yên Vượng,VII");
    assert!(sheet_text.contains(",VII,"));
    let opened = council.upload(
        "/ky-cham/moi",
        &[("don_vi", "don_vi.csv", sheet_text.into_bytes())],
        &[("bang_diem", "cum-thi-dua-vi-2024/cum_thi_dua_vi"), ("ten", "Hai cụm")],
    );
    assert_eq!(opened.status, 303, "{}", opened.body);
    let head = member(&council, "cum6", "truong_cum", "VI");
    let mut votes_typed: Vec<(String, String)> = Vec::new();
    for u in UNITS {
        let (f, of) = votes(u);
        votes_typed.extend([(format!("{u}|so_phieu_suy_ton"), f), (format!("{u}|tong_so_phieu"), of)]);
    }
    let vf: Vec<(&str, &str)> = votes_typed.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(council.post("/ky-cham/1/phieu", &vf).status, 303);
    for u in UNITS.iter().filter(|u| **u != "X07") {
        let s = member(&council, &u.to_lowercase(), "don_vi", u);
        assert_eq!(act(&s, &sheet(u, "tu_cham"), &sheet_fields(u, "tu_cham"), "gui", &[]).status, 303);
    }
    // Cluster VI is complete: its head has its results, without X07.
    let mine = head.get("/ky-cham/1/ket-qua?dinh-dang=csv");
    assert_eq!(mine.status, 200, "{}", mine.body);
    assert!(mine.body.contains("X06") && !mine.body.contains("X07"), "{}", mine.body);
    // The whole round waits for X07, and says so.
    let all = council.get("/ky-cham/1/ket-qua?dinh-dang=csv");
    assert_eq!(all.status, 409);
    assert!(all.body.contains("chưa gửi Tự chấm: X07"), "{}", all.body);
}

#[test]
fn a_locked_account_is_signed_out_and_cannot_sign_in_until_unlocked() {
    let (r, council) = round();
    let x01 = member(&council, "x01", "don_vi", "X01");
    let page = council.get("/tai-khoan").body;
    let at = page.find("action=\"/tai-khoan/").expect("a lock button") + "action=\"/tai-khoan/".len();
    let id = page[at..].split('/').next().unwrap().to_string();
    let lock = |value: &str| council.post(&format!("/tai-khoan/{id}/khoa"), &[("khoa", value)]);
    assert_eq!(lock("1").status, 303);
    assert!(council.get("/tai-khoan").body.contains("(đã khoá)"));
    assert_eq!(x01.get("/ky-cham").status, 303, "its session has ended");
    let refused = login(&r.server.url, "x01", PW).err().expect("a locked account cannot sign in");
    assert_eq!(refused.status, 401);
    assert!(refused.body.contains("Sai tên đăng nhập hoặc mật khẩu"), "the same words as any refusal");
    assert_eq!(lock("0").status, 303);
    assert!(login(&r.server.url, "x01", PW).is_ok());
    // The council cannot lock itself out.
    let own = council.get("/tai-khoan").body;
    assert_eq!(own.matches("/khoa\"").count(), 1, "a button for x01 only: {own}");
    assert_eq!(council.post("/tai-khoan/1/khoa", &[("khoa", "1")]).status, 400);
}
