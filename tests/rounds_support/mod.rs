// Each test binary uses a part of it.
#![allow(dead_code)]
//! A browserless client for the rounds' pages: a session cookie, the
//! session's form token, forms posted as a browser posts them.

use super::common::*;
use std::path::Path;

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into()
}

/// `thidua account` with the password on standard input.
pub fn account(db: &Path, name: &str, role: &str, scope: Option<&str>, password: &str) -> Run {
    use std::io::Write;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_thidua"));
    cmd.args(["account", name, "--store", db.to_str().unwrap(), "--role", role]);
    if let Some(s) = scope {
        cmd.args(["--scope", s]);
    }
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{password}\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A signed-in browser, as far as the server can tell.
pub struct Session {
    pub url: String,
    pub cookie: String,
    pub csrf: String,
}

/// A response: status, body, and where it sends the browser.
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub location: Option<String>,
    pub bytes: Vec<u8>,
    pub headers: Vec<(String, String)>,
}

fn answer(mut r: ureq::http::Response<ureq::Body>) -> Answer {
    let status = r.status().as_u16();
    let location = r.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string);
    let headers = r.headers().iter().map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string())).collect();
    let bytes = r.body_mut().with_config().limit(1 << 30).read_to_vec().unwrap();
    Answer { status, body: String::from_utf8_lossy(&bytes).into_owned(), location, bytes, headers }
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Signs in; `None` when refused (the answer says why).
pub fn login(url: &str, name: &str, password: &str) -> Result<Session, Answer> {
    let r = agent()
        .post(format!("{url}/dang-nhap"))
        .send_form([("ten", name), ("mat_khau", password), ("tiep", "/ky-cham")])
        .unwrap();
    let cookie = r
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .map(|c| c.split(';').next().unwrap_or("").to_string());
    let a = answer(r);
    let Some(cookie) = cookie.filter(|_| a.status == 303) else { return Err(a) };
    let mut s = Session { url: url.into(), cookie, csrf: String::new() };
    let page = s.get("/ky-cham");
    s.csrf = token_in(&page.body).expect("a signed-in page carries the form token");
    Ok(s)
}

pub fn token_in(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    Some(html[at..].split('"').next()?.to_string())
}

impl Session {
    pub fn get(&self, path: &str) -> Answer {
        answer(agent().get(format!("{}{path}", self.url)).header("cookie", &self.cookie).call().unwrap())
    }

    /// A form as a browser posts it, with the session's token.
    pub fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let mut all: Vec<(&str, &str)> = vec![("csrf", &self.csrf)];
        all.extend_from_slice(fields);
        answer(agent().post(format!("{}{path}", self.url)).header("cookie", &self.cookie).send_form(all).unwrap())
    }

    /// A multipart form with files (part, file name, bytes), with the token.
    pub fn upload(&self, path: &str, files: &[(&str, &str, Vec<u8>)], fields: &[(&str, &str)]) -> Answer {
        let boundary = "thidua-round-boundary-51";
        let mut body = Vec::new();
        let mut all: Vec<(&str, &str)> = vec![("csrf", &self.csrf)];
        all.extend_from_slice(fields);
        for (name, value) in all {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        for (name, file, bytes) in files {
            body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
            body.extend(bytes);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").as_bytes());
        answer(
            agent()
                .post(format!("{}{path}", self.url))
                .header("cookie", &self.cookie)
                .header("content-type", &format!("multipart/form-data; boundary={boundary}"))
                .send(&body[..])
                .unwrap(),
        )
    }

    /// The version a sheet page shows (its form's `phien_ban`).
    pub fn version(&self, sheet: &str) -> String {
        let page = self.get(sheet).body;
        let at = page.find("name=\"phien_ban\" value=\"").expect("the sheet's version") + 24;
        page[at..].split('"').next().unwrap().to_string()
    }
}

/// The sample cluster's rows (`data/cum-thi-dua-vi-2024/don_vi.csv`) as
/// header and records.
pub fn sample() -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(root().join("data/cum-thi-dua-vi-2024/don_vi.csv")).unwrap();
    let head = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r.records().map(|x| x.unwrap().iter().map(str::to_string).collect()).collect();
    (head, rows)
}

/// The columns a units sheet gives once per unit in these tests.
pub const GIVEN: [&str; 10] = [
    "ma_don_vi",
    "ten_don_vi",
    "ma_cum",
    "du_toan_thu",
    "chi_tieu_thu_nhap_bq",
    "chi_tieu_lao_dong_qua_dao_tao",
    "chi_tieu_ho_ngheo",
    "chi_tieu_bhyt",
    "chi_tieu_tuyen_quan",
    "chi_tieu_pham_toi",
];

/// The units sheet made from the sample: one row per unit.
pub fn units_sheet() -> Vec<u8> {
    let (head, rows) = sample();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(GIVEN).unwrap();
    for r in rows.iter().filter(|r| r[3] == "tu_cham") {
        w.write_record(GIVEN.iter().map(|c| r[head.iter().position(|h| h == c).unwrap()].as_str())).unwrap();
    }
    w.into_inner().unwrap()
}

/// A unit's sheet fields at a stage, as the sample writes them, typed as a
/// form takes them (no thousands point: "5.010" would read two ways).
pub fn sheet_fields(unit: &str, stage: &str) -> Vec<(String, String)> {
    let (head, rows) = sample();
    let row = rows.iter().find(|r| r[0] == unit && r[3] == stage).unwrap();
    head.iter()
        .zip(row)
        .filter(|(h, _)| {
            !GIVEN.contains(&h.as_str()) && !["giai_doan", "so_phieu_suy_ton", "tong_so_phieu"].contains(&h.as_str())
        })
        .map(|(h, v)| (format!("c_{h}"), v.replace('.', "")))
        .collect()
}

/// The sample's vote counts of a unit.
pub fn votes(unit: &str) -> (String, String) {
    let (head, rows) = sample();
    let row = rows.iter().find(|r| r[0] == unit).unwrap();
    let at = |c: &str| row[head.iter().position(|h| h == c).unwrap()].clone();
    (at("so_phieu_suy_ton"), at("tong_so_phieu"))
}

pub const UNITS: [&str; 7] = ["X01", "X02", "X03", "X04", "X05", "X06", "X07"];

/// Posts a sheet: the fields, an action, the version seen.
pub fn act(s: &Session, sheet: &str, fields: &[(String, String)], action: &str, extra: &[(&str, &str)]) -> Answer {
    let version = s.version(sheet);
    let mut all: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    all.push(("hanh_dong", action));
    all.push(("phien_ban", &version));
    all.extend_from_slice(extra);
    s.post(sheet, &all)
}
