//! `thidua serve`'s JSON API against a real server on a free loopback port:
//! the JSON is byte for byte the CLI's for the same files and options;
//! errors carry the CLI's words and exit code; uploads and packs are bounded.

mod common;
use common::*;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

/// A multipart body: files (part name, file name, bytes) and fields.
fn multipart(files: &[(&str, &str, Vec<u8>)], fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "thidua-test-boundary-7e3c";
    let mut body = Vec::new();
    for (name, file, bytes) in files {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend(bytes);
        body.extend(b"\r\n");
    }
    for (name, value) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// POSTs a multipart body; the status and the body.
fn post(url: &str, files: &[(&str, &str, Vec<u8>)], fields: &[(&str, &str)]) -> (u16, Vec<u8>) {
    let (ctype, body) = multipart(files, fields);
    let mut r = agent().post(url).header("content-type", &ctype).send(&body[..]).unwrap();
    (r.status().as_u16(), r.body_mut().with_config().limit(1 << 30).read_to_vec().unwrap())
}

fn get(url: &str) -> (u16, String) {
    let mut r = agent().get(url).call().unwrap();
    (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
}

fn file(path: &str) -> Vec<u8> {
    std::fs::read(root().join(path)).unwrap()
}

#[test]
fn check_and_score_answer_with_the_clis_json() {
    let s = Server::start(&[]);
    // check: a CSV and a workbook, with and without --explain.
    for (data, explain) in
        [("data/luat-tdkt-2022/ca_nhan.csv", false), ("tests/fixtures/sheets/ca_nhan_may_vi.xlsx", true)]
    {
        let mut args = vec!["check", "rules/luat-tdkt-2022", "--as-of", "2024-12-31", "--format", "json"];
        let d = format!("ca_nhan={data}");
        args.extend(["--data", &d]);
        if explain {
            args.push("--explain");
        }
        let cli = thidua(&args);
        assert_eq!(cli.code, 0, "{}", cli.stderr);
        let name = data.rsplit('/').next().unwrap();
        let (status, body) = post(
            &format!("{}/api/v1/packs/luat-tdkt-2022/check", s.url),
            &[("ca_nhan", name, file(data))],
            &[("as_of", "2024-12-31"), ("explain", if explain { "true" } else { "false" })],
        );
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        assert_eq!(String::from_utf8(body).unwrap(), cli.stdout, "{data}");
    }
    // score: a cluster's sheet.
    let cli = thidua(&["score", "rules/cum-thi-dua-vi-2024", "--data", "data/cum-thi-dua-vi-2024", "--format", "json"]);
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    let (status, body) = post(
        &format!("{}/api/v1/packs/cum-thi-dua-vi-2024/score", s.url),
        &[("don_vi", "don_vi.csv", file("data/cum-thi-dua-vi-2024/don_vi.csv"))],
        &[],
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert_eq!(String::from_utf8(body).unwrap(), cli.stdout);
}

#[test]
fn errors_carry_the_clis_words_row_column_and_exit_code() {
    let s = Server::start(&["--lang", "en"]);
    let text = String::from_utf8(file("data/luat-tdkt-2022/ca_nhan.csv")).unwrap();
    let broken = text.replacen("02/09/2012,xuat_sac", "02/09/2012,xuatsac", 1);
    let (status, body) = post(
        &format!("{}/api/v1/packs/luat-tdkt-2022/check", s.url),
        &[("ca_nhan", "ds.csv", broken.into_bytes())],
        &[("as_of", "2024-12-31")],
    );
    assert_eq!(status, 422);
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["error"]["exit_code"], 4);
    let message = v["error"]["message"].as_str().unwrap();
    // Named as uploaded, never by the server's temporary folder.
    assert!(
        message.starts_with("error: du-lieu/ca_nhan/ds.csv, row 3, column \"muc_hoan_thanh\": invalid value `xuatsac`"),
        "{message}"
    );
    assert!(!message.contains("/tmp"), "{message}");
    // A file for a dataset the pack lacks; a pack that is not served.
    let (status, _) = post(
        &format!("{}/api/v1/packs/luat-tdkt-2022/check", s.url),
        &[("khong_co", "x.csv", b"a\n1\n".to_vec())],
        &[],
    );
    assert_eq!(status, 400);
    assert_eq!(get(&format!("{}/api/v1/packs/khong-co", s.url)).0, 404);
    // Packs are addressed by name only: a path never reaches the disk.
    assert_eq!(get(&format!("{}/goi/..%2F..%2Fetc", s.url)).0, 404);
    assert_eq!(get(&format!("{}/api/v1/packs/..%2Frules%2Fluat-tdkt-2022", s.url)).0, 404);
}

#[test]
fn uploads_larger_than_the_file_limit_are_refused() {
    use std::io::{Read, Write};
    let s = Server::start(&["--max-file-mb", "1"]);
    // Refused on its declared length, before the body is sent.
    let addr = s.url.trim_start_matches("http://");
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    let head = format!(
        "POST /api/v1/packs/luat-tdkt-2022/check HTTP/1.1\r\nHost: {addr}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        3 << 20
    );
    conn.write_all(head.as_bytes()).unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("--max-file-mb"), "{answer}");
    // Without a declared length, the body is cut at the limit as it is read.
    let big = vec![b'a'; 3 << 20];
    let (ctype, body) = multipart(&[("ca_nhan", "big.csv", big)], &[]);
    let r = agent()
        .post(&format!("{}/api/v1/packs/luat-tdkt-2022/check", s.url))
        .header("content-type", &ctype)
        .send(ureq::SendBody::from_reader(&mut &body[..]));
    // The server answers 413 and closes; a client still sending may see the
    // connection close first. Either way nothing was judged.
    if let Ok(r) = r {
        assert_eq!(r.status().as_u16(), 413);
    }
    assert_eq!(get(&format!("{}/api/v1/packs", s.url)).0, 200, "the server still answers");
}

#[test]
fn the_api_lists_and_describes_packs_by_its_openapi_document() {
    let s = Server::start(&[]);
    let (status, doc) = get(&format!("{}/api/v1/openapi.json", s.url));
    assert_eq!(status, 200);
    let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
    for path in ["/api/v1/packs", "/api/v1/packs/{pack}", "/api/v1/packs/{pack}/check", "/api/v1/packs/{pack}/score"] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
    let (_, list) = get(&format!("{}/api/v1/packs", s.url));
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    let ids: Vec<&str> = list["packs"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "cho-chu-2024",
            "cum-thi-dua-vi-2024",
            "dong-tan-2024",
            "khen-thuong-huyen-2024",
            "luat-tdkt-2022",
            "my-loc-2023",
            "nd-91-2017",
            "yen-chau-2023"
        ]
    );
    let (_, pack) = get(&format!("{}/api/v1/packs/luat-tdkt-2022", s.url));
    let pack: serde_json::Value = serde_json::from_str(&pack).unwrap();
    let ldtt = pack["awards"].as_array().unwrap().iter().find(|a| a["id"] == "lao_dong_tien_tien").unwrap();
    assert_eq!(ldtt["source"], "Luật Thi đua, khen thưởng 2022, Điều 24");
    assert_eq!(ldtt["criteria"].as_array().unwrap().len(), 4);
    assert_eq!(pack["datasets"]["ca_nhan"]["key"], "ma_ca_nhan");
}

/// The manifest handed out names files as the bundle holds them, never by a
/// server folder, and describes the report the page shows; the bundle (#28,
/// item 4) verifies from any folder with the code printed on the paper.
#[test]
fn the_downloaded_bundle_verifies_anywhere_with_the_printed_code() {
    let s = Server::start(&[]);
    let url = format!("{}/goi/luat-tdkt-2022/tai-len", s.url);
    let upload = || vec![("ca_nhan", "ca_nhan.csv", file("data/luat-tdkt-2022/ca_nhan.csv"))];
    let (status, body) = post(&url, &upload(), &[("as_of", "31/12/2024"), ("viec", "check"), ("format", "manifest")]);
    assert_eq!(status, 200);
    let text = String::from_utf8(body.clone()).unwrap();
    assert!(!text.contains("/tmp") && !text.contains(&root().display().to_string()), "{text}");
    let m: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(m["data"][0]["path"], "du-lieu/ca_nhan/ca_nhan.csv");
    assert_eq!(m["options"]["data"][0], "ca_nhan=du-lieu/ca_nhan/ca_nhan.csv");
    assert_eq!(m["options"]["pack"], "luat-tdkt-2022");
    assert_eq!(m["pack"]["files"][0]["path"], "luat-tdkt-2022/pack.yaml");
    assert_eq!(m["outputs"][0]["path"], "ket_qua.html");
    let expected = format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(file("data/luat-tdkt-2022/ca_nhan.csv")));
    assert_eq!(m["data"][0]["sha256"], expected);
    // The page's report carries the code of that manifest.
    let (_, page) = post(&url, &upload(), &[("as_of", "31/12/2024"), ("viec", "check"), ("format", "html")]);
    let page = String::from_utf8(page).unwrap();
    let (status, zip) = post(&url, &upload(), &[("as_of", "31/12/2024"), ("viec", "check"), ("format", "zip")]);
    assert_eq!(status, 200);
    let dir = tempfile::tempdir().unwrap();
    zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap().extract(dir.path()).unwrap();
    let folder = std::fs::read_dir(dir.path()).unwrap().next().unwrap().unwrap().path();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest, m, "the bundle's manifest is the one handed out");
    let code = page.split("--expect): <code>").nth(1).unwrap().split("</code>").next().unwrap().to_string();
    assert_eq!(code.len(), 64, "{page}");
    // From another folder, with the first characters of the printed code.
    let elsewhere = tempfile::tempdir().unwrap();
    let v = thidua_in(
        elsewhere.path(),
        &["verify", folder.join("manifest.json").to_str().unwrap(), "--expect", &code[..16]],
    );
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    assert!(v.stdout.contains(&code), "{}", v.stdout);
    // An xlsx bundle holds the workbook the page hands out, and verifies.
    let (_, xlsx) = post(&url, &upload(), &[("as_of", "31/12/2024"), ("viec", "check"), ("format", "xlsx")]);
    let (_, zip) = post(&url, &upload(), &[("as_of", "31/12/2024"), ("viec", "check"), ("format", "zip-xlsx")]);
    let dir = tempfile::tempdir().unwrap();
    zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap().extract(dir.path()).unwrap();
    let folder = std::fs::read_dir(dir.path()).unwrap().next().unwrap().unwrap().path();
    assert_eq!(std::fs::read(folder.join("ket_qua.xlsx")).unwrap(), xlsx);
    let v = thidua_in(elsewhere.path(), &["verify", folder.join("manifest.json").to_str().unwrap()]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
}

fn copy_into(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_into(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn a_pack_edited_while_serving_is_never_recorded_as_what_judged() {
    // The server judges with the packs it compiled at start; a manifest would
    // hash the files on disk. Once they differ, runs are refused.
    let dir = tempfile::tempdir().unwrap();
    copy_into(&root().join("rules/luat-tdkt-2022"), &dir.path().join("rules/luat-tdkt-2022"));
    let s = Server::start_in(dir.path(), &[]);
    let url = format!("{}/api/v1/packs/luat-tdkt-2022/check", s.url);
    let send = || {
        post(&url, &[("ca_nhan", "ca_nhan.csv", file("data/luat-tdkt-2022/ca_nhan.csv"))], &[("as_of", "2024-12-31")])
    };
    assert_eq!(send().0, 200);
    let pack = dir.path().join("rules/luat-tdkt-2022/pack.yaml");
    let text = std::fs::read_to_string(&pack).unwrap();
    std::fs::write(&pack, text.clone() + "\n# edited\n").unwrap();
    let (status, body) = send();
    assert_eq!(status, 422);
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["error"]["exit_code"], 3);
    assert!(v["error"]["message"].as_str().unwrap().contains("đã thay đổi từ khi máy khởi động"), "{v}");
    // Restored, it judges again; a file added to the pack is refused too
    // (it would join the pack at its next load, and `verify` would read it).
    std::fs::write(&pack, &text).unwrap();
    assert_eq!(send().0, 200);
    std::fs::write(dir.path().join("rules/luat-tdkt-2022/them.yaml"), "awards: []\n").unwrap();
    let (status, body) = send();
    assert_eq!(status, 422, "{}", String::from_utf8_lossy(&body));
}

#[test]
fn an_address_in_use_is_refused_in_words_an_official_can_act_on() {
    let first = Server::start(&[]);
    let addr = first.url.trim_start_matches("http://").to_string();
    let r = thidua_in(&root(), &["serve", "rules", "--bind", &addr]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "lỗi: không mở được {addr}: địa chỉ đang được dùng (một `thidua serve` khác đang chạy?); chọn cổng khác bằng --bind\n"
        )
    );
}

/// A result format the page does not make is a 400 naming the ones it does,
/// never a manifest in its place (#28, item 5); two uploads for one dataset
/// are refused naming both, never half-read (#27).
#[test]
fn an_unknown_format_is_a_400_and_two_uploads_for_one_dataset_are_refused() {
    let s = Server::start(&[]);
    let url = format!("{}/goi/luat-tdkt-2022/tai-len", s.url);
    let data = || ("ca_nhan", "ca_nhan.csv", file("data/luat-tdkt-2022/ca_nhan.csv"));
    let (status, body) = post(&url, &[data()], &[("as_of", "2024-12-31"), ("viec", "check"), ("format", "pdf")]);
    assert_eq!(status, 400);
    let body = String::from_utf8(body).unwrap();
    assert!(body.contains("`pdf`: chọn html, xlsx, json, csv, zip, zip-xlsx hoặc manifest."), "{body}");
    let second = ("ca_nhan", "thon2.csv", file("data/luat-tdkt-2022/ca_nhan.csv"));
    let (status, body) =
        post(&url, &[data(), second], &[("as_of", "2024-12-31"), ("viec", "check"), ("format", "csv")]);
    assert_eq!(status, 422);
    let body = String::from_utf8(body).unwrap();
    assert!(body.contains("Tệp «thon2.csv» (bảng «Cá nhân đề nghị xét danh hiệu»)"), "{body}");
    assert!(body.contains("bảng dữ liệu `ca_nhan` đã có tệp du-lieu/ca_nhan/ca_nhan.csv"), "{body}");
}

/// A request whose headers never finish is closed after the header-read
/// timeout, and a crowd of idle connections does not stop the server from
/// answering the next person (#28, item 5).
#[test]
fn half_sent_requests_are_closed_and_idle_crowds_do_not_starve_others() {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};
    let s = Server::start(&[]);
    let addr: std::net::SocketAddr = s.url.trim_start_matches("http://").trim_end_matches('/').parse().unwrap();
    let start = Instant::now();
    let mut half = std::net::TcpStream::connect(addr).unwrap();
    half.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    half.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
    let mut buf = [0u8; 512];
    // Closed (a 408 or no answer at all), never left open: a read that
    // merely times out is an open connection.
    let open = |e: &std::io::Error| matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut);
    let first = half.read(&mut buf);
    assert!(!first.as_ref().is_err_and(open), "still open after 40 s");
    let closed = match (first, half.read(&mut buf)) {
        (Ok(0), _) => true,
        (_, Ok(0)) => true,
        (_, Err(e)) => !open(&e),
        _ => false,
    };
    assert!(closed, "the half-sent request is closed");
    let waited = start.elapsed();
    assert!(waited >= Duration::from_secs(8) && waited < Duration::from_secs(30), "{waited:?}");
    // 1,100 idle connections; the next request is still answered.
    let idle: Vec<std::net::TcpStream> = (0..1100)
        .filter_map(|_| std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok())
        .collect();
    assert!(idle.len() > 600, "{} connections opened", idle.len());
    let start = Instant::now();
    let (status, _) = get(&s.url);
    assert_eq!(status, 200);
    assert!(start.elapsed() < Duration::from_secs(40), "{:?}", start.elapsed());
    drop(idle);
}

/// The page answers mistakes in the officer's terms: a damaged workbook says
/// so, a missing evaluation date is asked for by its field, and no answer
/// names a server folder or a command-line flag (#28, item 3).
#[test]
fn page_answers_name_no_server_path_and_no_flag() {
    let s = Server::start(&[]);
    let url = format!("{}/goi/luat-tdkt-2022/tai-len", s.url);
    let clean = |body: &str| {
        let root = root().display().to_string();
        assert!(!body.contains("/tmp") && !body.contains(&root) && !body.contains(" --"), "{body}");
    };
    // Not a workbook at all, under a workbook's name.
    let (status, body) = post(
        &url,
        &[("ca_nhan", "bang.xlsx", b"PK\x03\x04 this is not a workbook".to_vec())],
        &[("as_of", "31/12/2024"), ("viec", "check"), ("format", "html")],
    );
    let body = String::from_utf8(body).unwrap();
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("Tệp «bang.xlsx» bị hỏng hoặc không phải sổ tính"), "{body}");
    clean(&body);
    // No evaluation date, in a pack that sets none.
    let (status, body) = post(
        &url,
        &[("ca_nhan", "ca_nhan.csv", file("data/luat-tdkt-2022/ca_nhan.csv"))],
        &[("viec", "check"), ("format", "html")],
    );
    let body = String::from_utf8(body).unwrap();
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("data-field=\"as_of\">Ngày xét: cần nhập"), "{body}");
    clean(&body);
    // A pre-check row whose member code repeats another's: the row and the
    // field as the form shows them.
    let form = [
        ("c.ma_don_vi", "THB"),
        ("c.ten_don_vi", "Trường"),
        ("c.muc_hoan_thanh", "tot"),
        ("c.tich_cuc_phong_trao", "có"),
        ("c.noi_bo_doan_ket", "có"),
        ("c.dang_xem_xet_ky_luat", "không"),
        ("as_of", "31/12/2024"),
    ];
    let member = |i: usize, code: &str| {
        [
            (format!("ca_nhan.{i}.ma_ca_nhan"), code.to_string()),
            (format!("ca_nhan.{i}.ho_ten"), format!("Người {i}")),
            (format!("ca_nhan.{i}.ngay_tuyen_dung"), "01/09/2015".into()),
            (format!("ca_nhan.{i}.muc_hoan_thanh"), "tot".into()),
            (format!("ca_nhan.{i}.tu_luc_doan_ket"), "có".into()),
            (format!("ca_nhan.{i}.so_sang_kien"), "0".into()),
            (format!("ca_nhan.{i}.so_de_tai"), "0".into()),
            (format!("ca_nhan.{i}.muu_tri_sang_tao"), "không".into()),
            (format!("ca_nhan.{i}.dang_xem_xet_ky_luat"), "không".into()),
        ]
    };
    let mut fields: Vec<(String, String)> = form.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    fields.extend(member(0, "GV1"));
    fields.extend(member(7, "GV1"));
    let mut r = agent()
        .post(&format!("{}/goi/luat-tdkt-2022/kiem-tra/tap_the", s.url))
        .send_form(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .unwrap();
    let body = r.body_mut().read_to_string().unwrap();
    assert!(body.contains("data-field=\"ca_nhan.7.ma_ca_nhan\""), "{body}");
    assert!(body.contains("«Cá nhân đề nghị xét danh hiệu», dòng 2: Mã cá nhân:"), "{body}");
    clean(&body);
}

/// The sheet chooser lists a workbook's sheets with what each looks like,
/// and lists nothing for a workbook that unpacks past the reader's limit
/// (its check runs before any sheet is read).
#[test]
fn the_sheet_chooser_names_sheets_and_refuses_a_bomb() {
    let s = Server::start(&[]);
    let url = format!("{}/goi/luat-tdkt-2022/trang-tinh", s.url);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let people = std::fs::read_to_string(root().join("data/luat-tdkt-2022/ca_nhan.csv")).unwrap();
    for (name, text) in [("Ghi chú", "a,b\n1,2\n"), ("Cá nhân", people.as_str())] {
        let ws = wb.add_worksheet().set_name(name).unwrap();
        for (r, line) in text.lines().enumerate() {
            for (c, v) in line.split(',').enumerate() {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    let (status, body) = post(&url, &[("ca_nhan", "hai_trang.xlsx", wb.save_to_buffer().unwrap())], &[]);
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["sheets"][0]["label"], "Ghi chú");
    assert_eq!(v["sheets"][1]["label"], "Cá nhân — giống bảng «Cá nhân đề nghị xét danh hiệu»");
    // A sheet of 80 MB of spaces packs to some 80 KB: refused unread (past
    // 100 times its packed size plus 64 MB), with the reader's words.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    std::io::Write::write_all(&mut zip, &vec![b' '; 80 << 20]).unwrap();
    let bomb = zip.finish().unwrap().into_inner();
    let (status, body) = post(&url, &[("ca_nhan", "bom.xlsx", bomb)], &[]);
    assert_eq!(status, 422, "{}", String::from_utf8_lossy(&body));
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(v["error"].as_str().unwrap().contains("sổ tính giải nén ra quá"), "{v}");
}

/// A year on the page (#32): listed on the index, run from one uploaded
/// sheet per step and dataset, answered with the dossier's zip; unpacked
/// anywhere, `thidua verify` re-runs it and matches the code sent with it.
#[test]
fn a_year_runs_from_uploaded_sheets_into_a_zip_that_verifies() {
    let s = Server::start(&[]);
    let (status, index) = get(&format!("{}/", s.url));
    assert_eq!(status, 200);
    assert!(index.contains("<a href=\"/nam/nam-2024\">"), "{index}");
    let (status, form) = get(&format!("{}/nam/nam-2024", s.url));
    assert_eq!(status, 200);
    let slots = [
        ("danh_hieu/ca_nhan", "data/luat-tdkt-2022/ca_nhan.csv"),
        ("danh_hieu/tap_the", "data/luat-tdkt-2022/tap_the.csv"),
        ("cham_diem_cum/don_vi", "data/cum-thi-dua-vi-2024/don_vi.csv"),
        ("khen_thuong_huyen/xa", "data/khen-thuong-huyen-2024/xa.csv"),
        ("khen_thuong_huyen/co_quan", "data/khen-thuong-huyen-2024/co_quan.csv"),
        ("khen_thuong_huyen/can_bo", "data/khen-thuong-huyen-2024/can_bo.csv"),
    ];
    for (slot, _) in slots {
        assert!(form.contains(&format!("name=\"{slot}\"")), "{slot}");
    }
    // A sheet missing: named, nothing run.
    let some: Vec<(&str, &str, Vec<u8>)> = slots[..5].iter().map(|(n, p)| (*n, "x.csv", file(p))).collect();
    let (status, body) = post(&format!("{}/nam/nam-2024", s.url), &some, &[]);
    assert_eq!(status, 400);
    assert!(
        String::from_utf8_lossy(&body).contains("khen_thuong_huyen: can_bo (can_bo)"),
        "{}",
        String::from_utf8_lossy(&body)
    );
    // A slot the year does not have is refused.
    let (status, _) =
        post(&format!("{}/nam/nam-2024", s.url), &[("danh_hieu/khong_co", "x.csv", b"a\n".to_vec())], &[]);
    assert_eq!(status, 400);
    // Every sheet: the dossier's zip.
    let all: Vec<(&str, &str, Vec<u8>)> = slots.iter().map(|(n, p)| (*n, "bang.csv", file(p))).collect();
    let (ctype, body) = multipart(&all, &[]);
    let mut r =
        agent().post(&format!("{}/nam/nam-2024", s.url)).header("content-type", &ctype).send(&body[..]).unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let code = r.headers().get("x-thidua-code").unwrap().to_str().unwrap().to_string();
    let zip = r.body_mut().with_config().limit(1 << 30).read_to_vec().unwrap();
    let dir = tempfile::tempdir().unwrap();
    zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap().extract(dir.path()).unwrap();
    for f in ["ho-so/manifest.json", "ho-so/tong-hop.html", "rules/nam-2024.yaml", "du-lieu/danh_hieu/ca_nhan.csv"] {
        assert!(dir.path().join(f).is_file(), "{f}");
    }
    let v = thidua_in(dir.path(), &["verify", "ho-so/manifest.json", "--expect", &code]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    // The page's run decides what the command line decides on the same sheets.
    let cli = tempfile::tempdir().unwrap();
    let out = cli.path().join("ho-so");
    let r = thidua(&["run", "rules/nam-2024.yaml", "--output", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in
        ["01-danh_hieu/ket-qua.csv", "02-cham_diem_cum/ket-qua.csv", "03-khen_thuong_huyen/ket-qua.csv", "tong-hop.csv"]
    {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(dir.path().join("ho-so").join(f)).unwrap(),
            "{f}"
        );
    }
}
