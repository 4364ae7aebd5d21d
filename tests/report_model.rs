//! Every writer renders the one view of a scoring run: each cell of the
//! view's tables appears, in the view's words, in the terminal table,
//! Markdown and HTML, and as the view's number in the workbook.

mod common;
use common::*;
use thidua::i18n::Lang;
use thidua::report::score::ScoreReport;
use thidua::report::score_view::ScoreView;

fn view_and_outputs(lang: Lang) -> (ScoreView, Vec<(&'static str, String)>, Vec<u8>) {
    let limits = thidua::script::ScriptLimits::default();
    let cp = thidua::app::load_pack(&root().join("rules/cum-thi-dua-vi-2024"), &limits).unwrap_or_else(|_| panic!());
    let ds = &cp.pack.datasets["don_vi"];
    let table = thidua::data::table::read_csv_keyed(
        ds,
        &root().join("data/cum-thi-dua-vi-2024/don_vi.csv"),
        &["giai_doan"],
        &thidua::limits::DataLimits::default(),
    )
    .unwrap_or_else(|_| panic!("the sample data reads"));
    let opts = thidua::eval::score::ScoreOptions {
        as_of: chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
        clusters: None,
        record_inputs: false,
        until: None,
    };
    let outcome = thidua::eval::score::score(&cp, 0, &table, &opts).unwrap_or_else(|_| panic!("scores"));
    let report = ScoreReport { pack: &cp.pack, outcome: &outcome, lang, explain: false, fingerprint: None };
    let view = ScoreView::build(&report);
    use thidua::report::Format;
    let outputs = vec![
        ("table", thidua::report::score::render(&report, Format::Table)),
        ("md", thidua::report::score::render(&report, Format::Md)),
        ("html", thidua::report::score::render(&report, Format::Html)),
    ];
    let xlsx = thidua::report::xlsx::score(&report).unwrap();
    (view, outputs, xlsx)
}

fn html_text(s: &str) -> String {
    s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("<br/>", "\n")
}

#[test]
fn every_writer_shows_every_cell_of_the_view() {
    for lang in [Lang::Vi, Lang::En] {
        let (view, outputs, _) = view_and_outputs(lang);
        for (format, out) in &outputs {
            let out = if *format == "html" { html_text(out) } else { out.clone() };
            assert!(out.contains(&view.title), "{format}: title");
            for (k, v) in &view.meta {
                assert!(out.contains(k.as_str()) && out.contains(v.as_str()), "{format}: {k}: {v}");
            }
            for c in &view.clusters {
                let tables = [Some(&c.sheet), Some(&c.ranking), c.stages.as_ref()];
                for t in tables.into_iter().flatten() {
                    for h in &t.head {
                        assert!(out.contains(h.as_str()), "{format}: heading {h}");
                    }
                    for row in &t.rows {
                        for cell in &row.cells {
                            for line in cell.text.trim().split('\n').filter(|l| !l.is_empty()) {
                                assert!(out.contains(line), "{format} ({lang:?}) lacks `{line}`");
                            }
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn the_view_reads_as_a_vietnamese_sheet() {
    let (view, _, _) = view_and_outputs(Lang::Vi);
    let c = &view.clusters[0];
    // Points padded to the rounding places, in Vietnamese style.
    let total = c.sheet.rows.iter().find(|r| r.cells[0].text == "Tổng điểm").unwrap();
    let totals: Vec<&str> = total.cells[2..].iter().map(|c| c.text.as_str()).collect();
    assert_eq!(totals, ["104,47", "97,98", "94,47", "89,99", "79,58", "73,58", "99,55"]);
    // A penalty reads as points taken off.
    let penalty = c.sheet.rows.iter().find(|r| r.cells[0].text.starts_with("− ")).unwrap();
    assert_eq!(penalty.cells[3].text, "−2,00");
    // The stage that ranks, by its word.
    assert!(view.meta.contains(&("Vòng chấm dùng để xếp hạng".into(), "Thẩm định".into())));
    // A unit held back from a band by one item's floor says so.
    let x06 = c.ranking.rows.iter().find(|r| r.cells[1].text == "X06").unwrap();
    assert_eq!(x06.cells[4].text, "Hoàn thành nhiệm vụ");
    assert!(
        x06.cells[6].text.contains("Chưa đạt mức «Hoàn thành tốt nhiệm vụ»: I.2. Thu nhập bình quân đầu người được 4,95 điểm, dưới mức tối thiểu 50 % điểm tối đa (5,00)"),
        "{}",
        x06.cells[6].text
    );
    // Stage differences name the criterion and the stages in words.
    let st = c.stages.as_ref().unwrap();
    assert_eq!(st.head, ["Mã", "Tên", "Tiêu chí", "Tự chấm", "Cụm chấm", "Thẩm định"]);
    assert_eq!(st.rows[0].cells[2].text, "IV.2. Cải cách hành chính (Cụm chấm)");
}

#[test]
fn the_workbook_holds_the_views_numbers() {
    use calamine::{Data, Reader};
    let (view, _, xlsx) = view_and_outputs(Lang::Vi);
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    let sheet = wb.worksheet_range("Cụm VI").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let c = &view.clusters[0];
    for vr in &c.sheet.rows {
        let label = vr.cells[0].text.trim_start();
        let row = rows
            .iter()
            .find(|r| matches!(r.first(), Some(Data::String(s)) if s.trim_start() == label))
            .unwrap_or_else(|| panic!("no row `{label}`"));
        for (j, cell) in vr.cells.iter().enumerate().skip(1) {
            if let Some(n) = cell.number {
                let want: f64 = n.to_string().parse().unwrap();
                match &row[j] {
                    Data::Float(f) => assert!((f - want).abs() < 1e-9, "{label} col {j}: {f} vs {want}"),
                    Data::Int(i) => assert_eq!(*i as f64, want),
                    other => panic!("{label} col {j}: {other:?}"),
                }
            }
        }
    }
}

#[test]
fn json_results_read_back_into_the_typed_documents_byte_for_byte() {
    use thidua::report::json::{to_text, Doc};
    for args in [
        vec![
            "check",
            "rules/luat-tdkt-2022",
            "--data",
            "data/luat-tdkt-2022",
            "--as-of",
            "2024-12-31",
            "--format",
            "json",
        ],
        vec!["check", "rules/yen-chau-2023", "--data", "data/yen-chau-2023", "--format", "json", "--by-decider"],
        vec![
            "score",
            "rules/cum-thi-dua-vi-2024",
            "--data",
            "data/cum-thi-dua-vi-2024",
            "--format",
            "json",
            "--explain",
        ],
    ] {
        let r = thidua(&args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let again = match Doc::read(&v).unwrap_or_else(|| panic!("{args:?} does not read back")) {
            Doc::Check(d) => to_text(&d),
            Doc::Score(d) => to_text(&d),
        };
        assert_eq!(again, r.stdout, "{args:?}");
    }
    // A document with a field thidua does not write is not a thidua result.
    let mut v: serde_json::Value = serde_json::from_str(
        &thidua(&["score", "rules/cum-thi-dua-vi-2024", "--data", "data/cum-thi-dua-vi-2024", "--format", "json"])
            .stdout,
    )
    .unwrap();
    v["units"][0]["diem"] = 1.into();
    assert!(Doc::read(&v).is_none());
}
