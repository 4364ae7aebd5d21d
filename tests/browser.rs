//! `thidua serve` in a real browser: headless Chromium driven through
//! ChromeDriver (Debian's `chromium` and `chromium-driver`; `.ci/run`
//! installs them) against a server on a free loopback port. Explore a pack,
//! pre-check a nomination and read the verdict as it is typed, upload a
//! workbook and download the results.

mod common;
mod rounds_support;
use chrono::Datelike;
use common::*;
use fantoccini::{Client, ClientBuilder, Locator};
use std::time::{Duration, Instant};

/// ChromeDriver on a free port, stopped when dropped.
struct Driver {
    child: std::process::Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn driver() -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = std::process::Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("chromedriver runs (Debian package chromium-driver; .ci/run installs it)");
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(20), "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Driver { child, port }
}

/// A headless Chromium session that downloads into `downloads`, sized as
/// an office PC's screen.
async fn browser(d: &Driver, downloads: &std::path::Path) -> Client {
    browser_in(d, downloads, "vi-VN").await
}

/// As [`browser`], with the browser set to `lang` (its date fields and
/// number formats follow it).
async fn browser_in(d: &Driver, downloads: &std::path::Path, lang: &str) -> Client {
    let profile = tempfile::tempdir().unwrap().keep();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1366,768", format!("--lang={lang}"), format!("--user-data-dir={}", profile.display())],
            "prefs": { "download.default_directory": downloads.display().to_string(),
                       "download.prompt_for_download": false, "intl.accept_languages": lang }
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", d.port))
        .await
        .expect("a Chromium session")
}

/// The text of the result frame once it holds `want` (the frame is filled by
/// the form's submission).
async fn frame_text(c: &Client, want: &str) -> String {
    frame_text_all(c, &[want]).await
}

/// The result frame's text once it shows every one of `wants`: a live
/// pre-check may show an answer to the form as it was a moment before.
async fn frame_text_all(c: &Client, wants: &[&str]) -> String {
    let want = wants.join(" + ");
    let start = Instant::now();
    loop {
        let text = c
            .execute(
                "const f = document.querySelector('iframe[name=\"ket-qua\"]'); \
                 return f && f.contentDocument && f.contentDocument.body ? f.contentDocument.body.innerText : '';",
                vec![],
            )
            .await
            .unwrap();
        let text = text.as_str().unwrap_or("").to_string();
        if wants.iter().all(|w| text.contains(w)) {
            return text;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "the result frame never showed {want:?}; it shows:\n{text}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn set(c: &Client, name: &str, value: &str) {
    // Date fields take the ISO value whatever the browser's locale shows.
    c.execute(
        "const e = document.querySelector(`[name=\"${arguments[0]}\"]`); e.value = arguments[1]; \
         e.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![name.into(), value.into()],
    )
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_explorer_links_packs_awards_and_criteria() {
    let (s, d) = (Server::start(&[]), driver());
    let dir = tempfile::tempdir().unwrap();
    let c = browser(&d, dir.path()).await;
    c.goto(&s.url).await.unwrap();
    c.find(Locator::LinkText("Xét danh hiệu thi đua theo Luật Thi đua, khen thưởng 2022"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::LinkText("Chiến sĩ thi đua cơ sở")).await.unwrap().click().await.unwrap();
    let h1 = c.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert_eq!(h1, "Chiến sĩ thi đua cơ sở");
    assert!(c.current_url().await.unwrap().path().ends_with("/goi/luat-tdkt-2022/danh-hieu/chien_si_thi_dua_co_so"));
    let facts = c.find(Locator::Css("dl.facts")).await.unwrap().text().await.unwrap();
    assert!(facts.contains("Luật Thi đua, khen thưởng 2022, Điều 23"), "{facts}");
    // Each criterion has its own address.
    let first = c.find(Locator::Css("tbody tr")).await.unwrap();
    let id = first.attr("id").await.unwrap().unwrap();
    assert!(id.starts_with("tieu-chi-"), "{id}");
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pre_check_answers_as_the_officer_types() {
    let (s, d) = (Server::start(&[]), driver());
    let dir = tempfile::tempdir().unwrap();
    let c = browser(&d, dir.path()).await;
    c.goto(&format!("{}/goi/luat-tdkt-2022/kiem-tra/ca_nhan", s.url)).await.unwrap();
    for (name, value) in [
        ("c.ma_ca_nhan", "CN9"),
        ("c.ho_ten", "Nguyễn Thị Mai"),
        ("c.ma_don_vi", "UBX"),
        ("c.so_sang_kien", "0"),
        ("c.so_de_tai", "0"),
    ] {
        c.find(Locator::Css(&format!("[name=\"{name}\"]"))).await.unwrap().send_keys(value).await.unwrap();
    }
    for (name, value) in [
        ("c.muc_hoan_thanh", "tot"),
        ("c.tu_luc_doan_ket", "có"),
        ("c.muu_tri_sang_tao", "không"),
        ("c.dang_xem_xet_ky_luat", "không"),
    ] {
        c.find(Locator::Css(&format!("[name=\"{name}\"]"))).await.unwrap().select_by_value(value).await.unwrap();
    }
    set(&c, "c.ngay_tuyen_dung", "2015-03-15").await;
    set(&c, "as_of", "2024-12-31").await;
    c.find(Locator::Css("form.live button[type=submit]")).await.unwrap().click().await.unwrap();
    let text = frame_text_all(&c, &["Lao động tiên tiến", "CN9\tNguyễn Thị Mai\tĐạt", "Không đạt"]).await;
    assert!(text.contains("CN9\tNguyễn Thị Mai\tĐạt"), "{text}");
    assert!(text.contains("Không đạt"), "{text}");
    // Changed without pressing anything: the answer follows.
    c.find(Locator::Css("[name=\"c.muc_hoan_thanh\"]"))
        .await
        .unwrap()
        .select_by_value("khong_hoan_thanh")
        .await
        .unwrap();
    let text = frame_text(&c, "1 lượt xét, 0 đạt, 1 không đạt").await;
    assert!(text.contains("Mức xếp loại hoàn thành nhiệm vụ"), "{text}");
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_uploaded_workbook_is_shown_and_its_results_downloaded() {
    let (s, d) = (Server::start(&[]), driver());
    let downloads = tempfile::tempdir().unwrap();
    let c = browser(&d, downloads.path()).await;
    c.goto(&format!("{}/goi/luat-tdkt-2022/tai-len", s.url)).await.unwrap();
    let workbook = root().join("tests/fixtures/sheets/ca_nhan_may_vi.xlsx");
    c.find(Locator::Css("input[name=\"ca_nhan\"]")).await.unwrap().send_keys(workbook.to_str().unwrap()).await.unwrap();
    set(&c, "as_of", "2024-12-31").await;
    c.find(Locator::Css("button[value=\"html\"]")).await.unwrap().click().await.unwrap();
    let text = frame_text(&c, "Lao động tiên tiến").await;
    assert!(text.contains("Nguyễn Văn An"), "{text}");
    // The same file, downloaded as a workbook: the CLI's workbook.
    c.find(Locator::Css("button[value=\"xlsx\"]")).await.unwrap().click().await.unwrap();
    let xlsx = downloaded(downloads.path(), "ket_qua.xlsx").await;
    // The workbook carries its code, and its bundle holds the same bytes
    // and verifies.
    c.find(Locator::Css("button[value=\"zip-xlsx\"]")).await.unwrap().click().await.unwrap();
    let zip = downloaded_like(downloads.path(), "ho-so-kiem-chung-").await;
    let (folder, _keep) = unzip(&zip);
    assert_eq!(std::fs::read(folder.join("ket_qua.xlsx")).unwrap(), std::fs::read(&xlsx).unwrap());
    let v = thidua(&["verify", folder.join("manifest.json").to_str().unwrap()]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    c.close().await.unwrap();
}

/// The file `name` in `dir` once the browser has finished writing it.
async fn downloaded(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    downloaded_where(dir, |n| n == name).await
}

/// The first file whose name starts with `prefix`, once written whole.
async fn downloaded_like(dir: &std::path::Path, prefix: &str) -> std::path::PathBuf {
    downloaded_where(dir, |n| n.starts_with(prefix) && !n.ends_with(".crdownload")).await
}

async fn downloaded_where(dir: &std::path::Path, want: impl Fn(&str) -> bool) -> std::path::PathBuf {
    // Chrome reserves the name with an empty file and writes beside it
    // (`.crdownload`): done when that is gone and the file has its bytes.
    let start = Instant::now();
    loop {
        let names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        let partial = names.iter().any(|n| n.ends_with(".crdownload"));
        if let Some(n) = names.iter().find(|n| want(n)) {
            let path = dir.join(n);
            if !partial && std::fs::metadata(&path).is_ok_and(|m| m.len() > 0) {
                return path;
            }
        }
        assert!(start.elapsed() < Duration::from_secs(30), "no download among {names:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A downloaded bundle unpacked: its one folder (and the temporary folder
/// holding it, removed when dropped).
fn unzip(zip: &std::path::Path) -> (std::path::PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap().extract(dir.path()).unwrap();
    let folder = std::fs::read_dir(dir.path()).unwrap().next().unwrap().unwrap().path();
    (folder, dir)
}

/// A picture of the page, for a person to look at (`target/screenshots/`).
async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    let dir = root().join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

/// The fingerprint the result frame prints.
fn code_in(text: &str) -> String {
    let at = text.find("--expect)").expect("a fingerprint line");
    text[at..].split_whitespace().nth(1).unwrap().trim().to_string()
}

async fn type_in(c: &Client, name: &str, value: &str) {
    let e = c.find(Locator::Css(&format!("[name=\"{name}\"]"))).await.unwrap();
    e.clear().await.unwrap();
    e.send_keys(value).await.unwrap();
}

async fn choose(c: &Client, name: &str, value: &str) {
    c.find(Locator::Css(&format!("[name=\"{name}\"]"))).await.unwrap().select_by_value(value).await.unwrap();
}

/// The text beside a field: its date in words, or the problem found in it.
async fn beside(c: &Client, name: &str, class: &str) -> String {
    let start = Instant::now();
    loop {
        let t = c
            .execute(
                "const e = document.querySelector(`[name=\"${arguments[0]}\"]`); \
                 const s = e && e.parentNode.querySelector('small.' + arguments[1]); return s ? s.textContent : '';",
                vec![name.into(), class.into()],
            )
            .await
            .unwrap();
        let t = t.as_str().unwrap_or("").to_string();
        if !t.is_empty() {
            return t;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "nothing beside {name}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// 01/08/2024 typed in a browser set to English is 1 August, as a Vietnamese
/// officer means it: echoed in words beside the field and in the verdict,
/// and a person recruited five months before the evaluation date is not
/// Lao động tiên tiến. A wrong number is answered on its field, in words.
#[tokio::test(flavor = "multi_thread")]
async fn a_day_first_date_in_an_english_browser_is_read_as_meant_and_echoed() {
    let (s, d) = (Server::start(&[]), driver());
    let downloads = tempfile::tempdir().unwrap();
    let c = browser_in(&d, downloads.path(), "en-US").await;
    c.goto(&format!("{}/goi/luat-tdkt-2022/kiem-tra/ca_nhan", s.url)).await.unwrap();
    for (name, value) in [("c.ma_ca_nhan", "CN9"), ("c.ho_ten", "Nguyễn Thị Mai"), ("c.ma_don_vi", "UBX")] {
        type_in(&c, name, value).await;
    }
    type_in(&c, "c.so_sang_kien", "hai").await;
    type_in(&c, "c.so_de_tai", "0").await;
    for (name, value) in [
        ("c.muc_hoan_thanh", "tot"),
        ("c.tu_luc_doan_ket", "có"),
        ("c.muu_tri_sang_tao", "không"),
        ("c.dang_xem_xet_ky_luat", "không"),
    ] {
        choose(&c, name, value).await;
    }
    type_in(&c, "c.ngay_tuyen_dung", "01/08/2024").await;
    type_in(&c, "as_of", "31/12/2024").await;
    assert_eq!(beside(&c, "c.ngay_tuyen_dung", "echo").await, "ngày 1 tháng 8 năm 2024");
    // The wrong number, marked on its field in words.
    let problem = beside(&c, "c.so_sang_kien", "problem").await;
    assert_eq!(
        problem,
        "Số sáng kiến được cơ sở công nhận trong năm: «hai» không hợp lệ, cần số nguyên, ví dụ 1234 (hoặc 1.234)"
    );
    shot(&c, "precheck-wrong-value").await;
    type_in(&c, "c.so_sang_kien", "0").await;
    let text =
        frame_text_all(&c, &["Ngày tuyển dụng: ngày 1 tháng 8 năm 2024", "CN9\tNguyễn Thị Mai\tKhông đạt"]).await;
    assert!(text.contains("Ngày xét: ngày 31 tháng 12 năm 2024"), "{text}");
    assert!(text.contains("06 tháng"), "the reason names the six months: {text}");
    shot(&c, "precheck-english-browser").await;
    // The record of that answer verifies with the code it printed.
    let code = code_in(&text);
    c.find(Locator::Css("button[value=\"zip\"]")).await.unwrap().click().await.unwrap();
    let zip = downloaded_like(downloads.path(), "ho-so-kiem-chung-").await;
    let (folder, _keep) = unzip(&zip);
    let elsewhere = tempfile::tempdir().unwrap();
    let v = thidua_in(elsewhere.path(), &["verify", folder.join("manifest.json").to_str().unwrap(), "--expect", &code]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    assert!(v.stdout.contains("Giống hệt"), "{}", v.stdout);
    c.close().await.unwrap();
}

/// Rows pasted from a spreadsheet into a related table: 15 years of history
/// for a higher title, 12 members of a collective; every row reaches the run.
#[tokio::test(flavor = "multi_thread")]
async fn fifteen_years_of_history_and_twelve_members_are_pre_checked() {
    let (s, d) = (Server::start(&[]), driver());
    let downloads = tempfile::tempdir().unwrap();
    let c = browser(&d, downloads.path()).await;
    c.goto(&format!("{}/goi/luat-tdkt-2022/kiem-tra/ca_nhan_xet_cao", s.url)).await.unwrap();
    for (name, value) in
        [("c.ma_ca_nhan", "CN7"), ("c.ho_ten", "Lê Văn Bảy"), ("c.ma_don_vi", "UBX"), ("c.nam_thanh_tich", "2024")]
    {
        type_in(&c, name, value).await;
    }
    for (name, value) in [
        ("c.tieu_bieu_cap_tinh", "có"),
        ("c.tieu_bieu_toan_quoc", "không"),
        ("c.pham_vi_sang_kien", "bo_tinh"),
        ("c.thanh_tich_phong_trao", "khong"),
        ("c.thanh_tich_dot_xuat", "khong"),
        ("c.dong_gop_lon", "không"),
        ("c.dang_xem_xet_ky_luat", "không"),
    ] {
        choose(&c, name, value).await;
    }
    type_in(&c, "as_of", "31/12/2024").await;
    // Fifteen years, copied from a spreadsheet: titles by their words.
    let years: Vec<String> = (2010..2025).map(|y| format!("{y}\tChiến sĩ thi đua cơ sở\t1\t0\t0\t0\tQĐ {y}")).collect();
    paste_rows(&c, "lich_su", &years.join("\n")).await;
    let rows = c.find_all(Locator::Css("fieldset[data-rows=\"lich_su\"] tbody tr")).await.unwrap().len();
    assert_eq!(rows, 15);
    let text = frame_text(&c, "CN7").await;
    assert!(!text.contains("cần nhập thêm"), "{text}");
    shot(&c, "precheck-fifteen-years").await;
    c.find(Locator::Css("button[value=\"zip\"]")).await.unwrap().click().await.unwrap();
    let zip = downloaded_like(downloads.path(), "ho-so-kiem-chung-").await;
    let (folder, _keep) = unzip(&zip);
    let history = std::fs::read_to_string(folder.join("du-lieu/lich_su/lich_su.csv")).unwrap();
    assert_eq!(history.lines().count(), 16, "a header and 15 years:\n{history}");
    assert!(history.contains("CN7,2010,chien_si_thi_dua_co_so,1,0,0,0,QĐ 2010"), "{history}");
    std::fs::remove_file(&zip).unwrap();
    // A collective of twelve.
    c.goto(&format!("{}/goi/luat-tdkt-2022/kiem-tra/tap_the", s.url)).await.unwrap();
    type_in(&c, "c.ma_don_vi", "THB").await;
    type_in(&c, "c.ten_don_vi", "Trường THCS xã").await;
    for (name, value) in [
        ("c.muc_hoan_thanh", "xuat_sac"),
        ("c.tich_cuc_phong_trao", "có"),
        ("c.noi_bo_doan_ket", "có"),
        ("c.dang_xem_xet_ky_luat", "không"),
    ] {
        choose(&c, name, value).await;
    }
    type_in(&c, "as_of", "31/12/2024").await;
    let members: Vec<String> = (1..=12)
        .map(|i| format!("GV{i:02}\tGiáo viên {i}\t01/09/2015\tHoàn thành tốt nhiệm vụ\tCó\t0\t0\tKhông\tKhông"))
        .collect();
    paste_rows(&c, "ca_nhan", &members.join("\n")).await;
    let rows = c.find_all(Locator::Css("fieldset[data-rows=\"ca_nhan\"] tbody tr")).await.unwrap().len();
    assert_eq!(rows, 12);
    let text = frame_text(&c, "THB").await;
    assert!(text.contains("0/12 thành viên đạt Chiến sĩ thi đua cơ sở"), "every member counted: {text}");
    shot(&c, "precheck-twelve-members").await;
    c.close().await.unwrap();
}

async fn paste_rows(c: &Client, table: &str, text: &str) {
    let fs = format!("fieldset[data-rows=\"{table}\"]");
    c.find(Locator::Css(&format!("{fs} details.paste summary"))).await.unwrap().click().await.unwrap();
    c.execute(
        "document.querySelector(arguments[0] + ' textarea').value = arguments[1];",
        vec![fs.clone().into(), text.into()],
    )
    .await
    .unwrap();
    c.find(Locator::Css(&format!("{fs} button.paste"))).await.unwrap().click().await.unwrap();
}

/// An upload is answered in the officer's terms: a workbook mixing real and
/// text dates shows the CLI's warning above the verdict; a sheet of people
/// chosen for the collectives' field is recognised; a workbook with several
/// sheets offers a chooser, each sheet named by what it looks like.
#[tokio::test(flavor = "multi_thread")]
async fn uploads_are_answered_in_words_with_warnings_first() {
    let (s, d) = (Server::start(&[]), driver());
    let downloads = tempfile::tempdir().unwrap();
    let c = browser(&d, downloads.path()).await;
    let dir = tempfile::tempdir().unwrap();
    // A workbook of people: one date a real date, one typed as text.
    let text = std::fs::read_to_string(root().join("data/luat-tdkt-2022/ca_nhan.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mixed = dir.path().join("ca_nhan_lan_ngay.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Cá nhân").unwrap();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, line) in lines.take(3).enumerate() {
        for (c, v) in line.split(',').enumerate() {
            let (row, col) = (r as u32 + 1, c as u16);
            if header[c] == "ngay_tuyen_dung" && r == 0 {
                let d = chrono::NaiveDate::parse_from_str(v, "%d/%m/%Y").unwrap();
                let dt =
                    rust_xlsxwriter::ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).unwrap();
                ws.write_datetime_with_format(row, col, &dt, &date).unwrap();
            } else {
                ws.write_string(row, col, v).unwrap();
            }
        }
    }
    // A second sheet: the collectives, so the workbook offers two.
    let ws = wb.add_worksheet().set_name("Tập thể").unwrap();
    let units = std::fs::read_to_string(root().join("data/luat-tdkt-2022/tap_the.csv")).unwrap();
    for (r, line) in units.lines().enumerate() {
        for (c, v) in line.split(',').enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    wb.save(&mixed).unwrap();
    c.goto(&format!("{}/goi/luat-tdkt-2022/tai-len", s.url)).await.unwrap();
    c.find(Locator::Css("input[name=\"ca_nhan\"]")).await.unwrap().send_keys(mixed.to_str().unwrap()).await.unwrap();
    // The chooser lists both sheets with what they look like.
    let start = Instant::now();
    while c.find_all(Locator::Css("select[name=\"sheet.ca_nhan\"] option")).await.unwrap().len() < 3 {
        assert!(start.elapsed() < Duration::from_secs(20), "no sheet chooser");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let options = c.find(Locator::Css("select[name=\"sheet.ca_nhan\"]")).await.unwrap().text().await.unwrap();
    assert!(options.contains("Cá nhân — giống bảng «Cá nhân đề nghị xét danh hiệu»"), "{options}");
    c.find(Locator::Css("select[name=\"sheet.ca_nhan\"]")).await.unwrap().select_by_value("Cá nhân").await.unwrap();
    type_in(&c, "as_of", "31/12/2024").await;
    assert_eq!(beside(&c, "as_of", "echo").await, "ngày 31 tháng 12 năm 2024");
    c.find(Locator::Css("button[value=\"html\"]")).await.unwrap().click().await.unwrap();
    let text = frame_text(&c, "Lao động tiên tiến").await;
    let warning = text.find("lẫn ngày ghi bằng chữ").expect(&text);
    let verdict = text.find("Lao động tiên tiến").unwrap();
    assert!(warning < verdict, "the warning comes before the verdict:\n{text}");
    shot(&c, "upload-mixed-dates").await;
    // The people's workbook chosen for the collectives.
    c.goto(&format!("{}/goi/luat-tdkt-2022/tai-len", s.url)).await.unwrap();
    let people = root().join("data/luat-tdkt-2022/ca_nhan.csv");
    c.find(Locator::Css("input[name=\"tap_the\"]")).await.unwrap().send_keys(people.to_str().unwrap()).await.unwrap();
    type_in(&c, "as_of", "31/12/2024").await;
    c.find(Locator::Css("button[value=\"html\"]")).await.unwrap().click().await.unwrap();
    let text = frame_text(&c, "Không xét được").await;
    assert!(
        text.contains("Tệp «ca_nhan.csv» giống bảng «Cá nhân đề nghị xét danh hiệu»")
            && text.contains("không phải bảng «"),
        "{text}"
    );
    assert!(text.lines().count() < 12, "a few lines, not thirty:\n{text}");
    assert!(!text.contains("--") && !text.contains("/tmp"), "{text}");
    shot(&c, "upload-wrong-sheet").await;
    // The template is downloadable beside the field.
    c.find(Locator::Css("a[href$=\"/mau/tap_the.xlsx\"]")).await.unwrap().click().await.unwrap();
    let tpl = downloaded(downloads.path(), "mau_tap_the.xlsx").await;
    assert!(std::fs::metadata(tpl).unwrap().len() > 1000);
    c.close().await.unwrap();
}

/// Signs in through the page.
async fn sign_in(c: &Client, url: &str, name: &str) {
    c.goto(&format!("{url}/ky-cham")).await.unwrap();
    type_in(c, "ten", name).await;
    type_in(c, "mat_khau", ROUND_PW).await;
    click_and_wait(c, "form.login button").await;
}

async fn sign_out(c: &Client) {
    click_and_wait(c, "form.who button").await;
}

/// Clicks and waits for the page the click leads to (the old one gone).
async fn click_and_wait(c: &Client, css: &str) {
    c.execute("window.__before = true;", vec![]).await.unwrap();
    c.find(Locator::Css(css)).await.unwrap().click().await.unwrap();
    let start = Instant::now();
    loop {
        let gone =
            c.execute("return window.__before === undefined && document.readyState === 'complete';", vec![]).await;
        if gone.ok().and_then(|v| v.as_bool()) == Some(true) {
            return;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no page after clicking {css}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

const ROUND_PW: &str = "mat-khau-trinh-duyet";

/// Types a unit's figures of a stage into its sheet, as the sample has them.
async fn fill_sheet(c: &Client, unit: &str, stage: &str, changes: &[(&str, &str)]) {
    for (name, value) in rounds_support::sheet_fields(unit, stage) {
        let value = changes.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()).unwrap_or(value);
        let e = c.find(Locator::Css(&format!("[name=\"{name}\"]"))).await.unwrap();
        if e.tag_name().await.unwrap() == "select" {
            e.select_by_value(&value).await.unwrap();
        } else {
            e.clear().await.unwrap();
            e.send_keys(&value).await.unwrap();
        }
    }
}

async fn press(c: &Client, action: &str) {
    click_and_wait(c, &format!("button[name=\"hanh_dong\"][value=\"{action}\"]")).await;
}

async fn state(c: &Client) -> String {
    c.find(Locator::Css("p.state b")).await.unwrap().text().await.unwrap()
}

/// The total the page shows once the engine has answered the figures typed.
async fn total_shown(c: &Client) -> String {
    let start = Instant::now();
    loop {
        let t = c.find(Locator::Css("[data-diem=\"tong\"]")).await.unwrap().text().await.unwrap();
        if t.chars().any(|ch| ch.is_ascii_digit()) {
            return t;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no total shown");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A round in the browser: the council opens it and makes the accounts,
/// two units send, one is returned and resends, the cluster head and the
/// council score, the votes are entered, the export is downloaded and
/// verified with the code on the results page.
#[tokio::test(flavor = "multi_thread")]
async fn a_scoring_round_is_walked_through_in_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("thidua.db");
    assert_eq!(rounds_support::account(&db, "hoidong", "hoi_dong", None, ROUND_PW).code, 0);
    let units = dir.path().join("don_vi.csv");
    let all = String::from_utf8(rounds_support::units_sheet()).unwrap();
    let two: Vec<&str> = all.lines().take(3).collect();
    std::fs::write(&units, two.join("\n") + "\n").unwrap();
    let (s, d) = (Server::start(&["--store", db.to_str().unwrap()]), driver());
    let downloads = tempfile::tempdir().unwrap();
    let c = browser(&d, downloads.path()).await;
    sign_in(&c, &s.url, "hoidong").await;
    c.goto(&format!("{}/ky-cham/moi", s.url)).await.unwrap();
    choose(&c, "bang_diem", "cum-thi-dua-vi-2024/cum_thi_dua_vi").await;
    type_in(&c, "ten", "Cụm VI năm 2024 (thử)").await;
    c.find(Locator::Css("input[name=\"don_vi\"]")).await.unwrap().send_keys(units.to_str().unwrap()).await.unwrap();
    click_and_wait(&c, "form[action=\"/ky-cham/moi\"] button").await;
    shot(&c, "round-overview").await;
    for (name, role, scope) in [("x01", "don_vi", "X01"), ("x02", "don_vi", "X02"), ("cum6", "truong_cum", "VI")] {
        c.goto(&format!("{}/tai-khoan", s.url)).await.unwrap();
        type_in(&c, "ten", name).await;
        choose(&c, "vai_tro", role).await;
        type_in(&c, "pham_vi", scope).await;
        type_in(&c, "mat_khau", ROUND_PW).await;
        click_and_wait(&c, "main form[action=\"/tai-khoan\"] button").await;
    }
    sign_out(&c).await;
    // Tự chấm: the points follow the figures as they are typed.
    for (unit, changes) in [("X01", vec![]), ("X02", vec![("c_thu_ngan_sach", "50100")])] {
        sign_in(&c, &s.url, &unit.to_lowercase()).await;
        c.goto(&format!("{}/ky-cham/1/don-vi/{unit}/tu_cham", s.url)).await.unwrap();
        fill_sheet(&c, unit, "tu_cham", &changes).await;
        let total = total_shown(&c).await;
        assert!(total.contains(','), "a Vietnamese total: {total}");
        shot(&c, &format!("round-sheet-{unit}")).await;
        press(&c, "gui").await;
        assert_eq!(state(&c).await, "Đã gửi");
        sign_out(&c).await;
    }
    // The cluster head returns X02 with a reason.
    sign_in(&c, &s.url, "cum6").await;
    c.goto(&format!("{}/ky-cham/1/don-vi/X02/tu_cham", s.url)).await.unwrap();
    type_in(&c, "ly_do", "Thu ngân sách sai").await;
    press(&c, "tra_lai").await;
    sign_out(&c).await;
    sign_in(&c, &s.url, "x02").await;
    c.goto(&format!("{}/ky-cham/1/don-vi/X02/tu_cham", s.url)).await.unwrap();
    let why = c.find(Locator::Css("p.returned")).await.unwrap().text().await.unwrap();
    assert!(why.contains("Thu ngân sách sai"), "{why}");
    fill_sheet(&c, "X02", "tu_cham", &[]).await;
    press(&c, "gui").await;
    sign_out(&c).await;
    // Cụm chấm, then thẩm định: each accepts the stage before and scores.
    for (who, stage, before) in [("cum6", "cum_cham", "tu_cham"), ("hoidong", "tham_dinh", "cum_cham")] {
        sign_in(&c, &s.url, who).await;
        for unit in ["X01", "X02"] {
            c.goto(&format!("{}/ky-cham/1/don-vi/{unit}/{before}", s.url)).await.unwrap();
            press(&c, "nhan").await;
            c.goto(&format!("{}/ky-cham/1/don-vi/{unit}/{stage}", s.url)).await.unwrap();
            fill_sheet(&c, unit, stage, &[]).await;
            total_shown(&c).await;
            if stage == "cum_cham" && unit == "X01" {
                let marked = c.find_all(Locator::Css("label.khac")).await.unwrap().len();
                assert!(marked > 0, "figures changed from tự chấm are marked");
                shot(&c, "round-cluster-review").await;
            }
            press(&c, "gui").await;
            assert_eq!(state(&c).await, "Đã gửi");
        }
        if who == "cum6" {
            sign_out(&c).await;
        }
    }
    // The votes, the results with their code, the export that verifies.
    c.goto(&format!("{}/ky-cham/1/phieu", s.url)).await.unwrap();
    for unit in ["X01", "X02"] {
        let (f, of) = rounds_support::votes(unit);
        type_in(&c, &format!("{unit}|so_phieu_suy_ton"), &f).await;
        type_in(&c, &format!("{unit}|tong_so_phieu"), &of).await;
    }
    click_and_wait(&c, "table.votes ~ p button").await;
    c.goto(&format!("{}/ky-cham/1/ket-qua", s.url)).await.unwrap();
    let report = c.find(Locator::Css("body")).await.unwrap().text().await.unwrap();
    shot(&c, "round-results").await;
    assert!(report.contains("Xã Thanh Sơn") && report.contains("Thẩm định"), "{report}");
    let code = code_in(&report);
    c.goto(&format!("{}/ky-cham/1", s.url)).await.unwrap();
    c.find(Locator::Css("a[href=\"/ky-cham/1/xuat\"]")).await.unwrap().click().await.unwrap();
    let zip = downloaded_like(downloads.path(), "ho-so-kiem-chung-").await;
    let (folder, _keep) = unzip(&zip);
    let v = thidua(&["verify", folder.join("manifest.json").to_str().unwrap(), "--expect", &code]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    c.close().await.unwrap();
}
