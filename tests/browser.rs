//! `thidua serve` in a real browser: headless Chromium driven through
//! ChromeDriver (Debian's `chromium` and `chromium-driver`; `.ci/run`
//! installs them) against a server on a free loopback port. Explore a pack,
//! pre-check a nomination and read the verdict as it is typed, upload a
//! workbook and download the results.

mod common;
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
    let profile = tempfile::tempdir().unwrap().keep();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1366,768", format!("--user-data-dir={}", profile.display())],
            "prefs": { "download.default_directory": downloads.display().to_string(),
                       "download.prompt_for_download": false }
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
    // Chrome reserves the name with an empty file and writes beside it
    // (`.crdownload`): done when that is gone and the file has its bytes.
    let path = downloads.path().join("ket_qua.xlsx");
    let start = Instant::now();
    loop {
        let partial = std::fs::read_dir(downloads.path())
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".crdownload"));
        if !partial && std::fs::metadata(&path).is_ok_and(|m| m.len() > 0) {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "no download");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let out = tempfile::tempdir().unwrap();
    let cli_path = out.path().join("cli.xlsx");
    let data = format!("ca_nhan={}", workbook.display());
    let cli = thidua(&[
        "check",
        "rules/luat-tdkt-2022",
        "--data",
        &data,
        "--as-of",
        "2024-12-31",
        "--explain",
        "--format",
        "xlsx",
        "--output",
        cli_path.to_str().unwrap(),
    ]);
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), std::fs::read(&cli_path).unwrap());
    c.close().await.unwrap();
}
