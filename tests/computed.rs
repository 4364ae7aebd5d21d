//! Computed values are part of the result (#16, item 9): what the helpers
//! computed, a quota's base, allowed count and each candidate's place, and
//! each criterion's leader, in JSON and in the trace. Figures by hand.

mod common;
use common::*;
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let r = thidua(args);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn result<'a>(doc: &'a Value, subject: &str, award: &str) -> &'a Value {
    doc["results"].as_array().unwrap().iter().find(|r| r["subject"] == subject && r["award"] == award).unwrap()
}

#[test]
fn a_passed_criterion_carries_what_its_helper_computed() {
    let doc = json(&[
        "check",
        "rules/luat-tdkt-2022",
        "--data",
        "data/luat-tdkt-2022",
        "--as-of",
        "2024-12-31",
        "--format",
        "json",
    ]);
    let r = result(&doc, "CN001", "lao_dong_tien_tien");
    let c = r["criteria"].as_array().unwrap().iter().find(|c| c["id"] == "du_thoi_gian_cong_tac").unwrap();
    assert_eq!(c["status"], "passed");
    // 15/03/2015 to 31/12/2024: 9 years and 9 months, whole months only.
    let want = serde_json::json!([{
        "kind": "months", "from": "2015-03-15", "to": "2024-12-31", "months": 117,
        "need": { "op": "≥", "value": "6" }, "met": true,
        "text": "117 tháng từ 15/03/2015 đến 31/12/2024 (đạt, cần ≥ 6 tháng)"
    }]);
    assert_eq!(c["computed"], want);
}

#[test]
fn every_candidate_of_a_quota_has_its_place() {
    let doc = json(&["check", "rules/nd-91-2017", "--data", "data/nd-91-2017", "--format", "json"]);
    // Group VP: 14 reach Lao động tiên tiến, 15 % of 14 = 2.1, rounded down: 2
    // allowed; three meet the standard, the third is cut.
    let place = |s: &str| result(&doc, s, "chien_si_thi_dua_co_so")["quota"].clone();
    for (subject, rank) in [("CN001", 1), ("CN002", 2), ("CN003", 3)] {
        let q = place(subject);
        assert_eq!((q["group"].as_str(), q["allowed"].as_u64(), q["base"].as_u64()), (Some("VP"), Some(2), Some(14)));
        assert_eq!((q["rank"].as_u64(), q["candidates"].as_u64()), (Some(rank), Some(3)), "{subject}");
    }
    let cut = result(&doc, "CN003", "chien_si_thi_dua_co_so");
    assert_eq!(cut["eligible"], false);
    assert_eq!(cut["over_quota"], cut["quota"]);
    assert!(result(&doc, "CN001", "chien_si_thi_dua_co_so")["over_quota"].is_null());
}

#[test]
fn each_criterions_leader_is_in_the_json_and_the_trace() {
    let dir = "tests/fixtures/scoring-variants";
    let data = format!("{dir}/don_vi.csv");
    let doc = json(&["score", dir, "--data", &data, "--scorecard", "tuong_doi", "--format", "json"]);
    let leaders = doc["leaders"].as_array().unwrap();
    // Cluster B: V1 and V3 both at +50 % lead together; cluster A has nobody
    // over a positive target, so no leader is listed there.
    let md_b = leaders.iter().find(|l| l["cluster"] == "B" && l["criterion"] == "md").unwrap();
    assert_eq!(md_b["best"], "0.5");
    assert_eq!(md_b["units"], serde_json::json!(["V1", "V3"]));
    assert!(!leaders.iter().any(|l| l["cluster"] == "A" && l["criterion"] == "md"), "{leaders:?}");
    let t = tempfile::tempdir().unwrap();
    let trace = t.path().join("trace.jsonl");
    let r = thidua(&["score", dir, "--data", &data, "--scorecard", "tuong_doi", "--trace", trace.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(&trace).unwrap();
    assert!(
        text.lines().any(|l| l.contains("\"decision\":\"leader\"")
            && l.contains("\"node\":\"md\"")
            && l.contains("\"units\":[\"V1\",\"V3\"]")),
        "{text}"
    );
}
