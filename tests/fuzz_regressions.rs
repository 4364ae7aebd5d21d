//! Every input a fuzzer ever crashed on (tests/fuzz_regressions/<target>/),
//! replayed through the same code path as its fuzz target.

use std::path::{Path, PathBuf};
use thidua::script::{new_engine, Condition, Layout, ScriptLimits, Slots};

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions").join(target);
    let mut v: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| (e.path(), std::fs::read(e.path()).unwrap())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn schema() -> thidua::pack::Pack {
    thidua::pack::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-schema")).unwrap()
}

#[test]
fn rhai_criteria() {
    let pack = schema();
    let ds = &pack.datasets["ds"];
    let layout = Layout::new(ds, &pack.parameters, vec![]);
    let engine = new_engine(&ScriptLimits { max_operations: 20_000, ..ScriptLimits::default() });
    let csv = "ma,chu,so_nguyen,so_nguyen_vi,thap_phan,thap_phan_vi,co_khong,muc,ngay,tuy_chon\nA,x,1,1.000,2.5,\"1,5\",có,a,31/12/2024,\n";
    let table = thidua::data::table::read_csv_bytes(ds, Path::new("f.csv"), csv.as_bytes(), &[]).unwrap();
    let extra = Layout::extra_values(&pack.parameters, chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap());
    let found = inputs("rhai_criteria");
    assert!(!found.is_empty());
    for (path, bytes) in found {
        let Ok(src) = std::str::from_utf8(&bytes) else { continue };
        if let Ok(c) = Condition::compile(&engine, src, &layout) {
            let slots = Slots { row: &table.rows[0].values, extra: &extra };
            let _ = c.eval(&engine, &slots);
            let _ = c.explain(&engine, &slots, &thidua::script::ScriptCtx::default());
        }
        eprintln!("ok {}", path.display());
    }
}

#[test]
fn pack_yaml() {
    for (_, bytes) in inputs("pack_yaml") {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pack.yaml"), bytes).unwrap();
        if let Ok((pack, errs)) = thidua::pack::load::load_partial(dir.path()) {
            let _ = thidua::compile::compile_with(pack, &ScriptLimits::default(), errs);
        }
    }
}

#[test]
fn csv_data() {
    let pack = schema();
    for (_, bytes) in inputs("csv_data") {
        let _ = thidua::data::table::read_csv_bytes(&pack.datasets["ds"], Path::new("f.csv"), &bytes, &[]);
    }
}
