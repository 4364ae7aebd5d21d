//! Criteria as Rhai source: compile against a schema, then evaluate on a
//! typed row. Must never panic or hang (the operation limit stops loops).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use thidua::script::{new_engine, Condition, Layout, ScriptLimits, Slots};

struct Fixture {
    pack: thidua::pack::Pack,
    engine: rhai::Engine,
    layout: Layout,
    row: Vec<thidua::data::Value>,
    extra: Vec<thidua::data::Value>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/fuzz-schema");
        let pack = thidua::pack::load(&dir).expect("the fuzz schema loads");
        let ds = &pack.datasets["ds"];
        let csv = "ma,chu,so_nguyen,so_nguyen_vi,thap_phan,thap_phan_vi,co_khong,muc,ngay,tuy_chon\nA,x,1,1.000,2.5,\"1,5\",có,a,31/12/2024,\n";
        let table = thidua::data::table::read_csv_bytes(ds, std::path::Path::new("f.csv"), csv.as_bytes(), &[]).expect("row");
        let layout = Layout::new(ds, &pack.parameters, vec![]);
        let extra = Layout::extra_values(&pack.parameters, chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap());
        let limits = ScriptLimits { max_operations: 20_000, ..ScriptLimits::default() };
        Fixture { engine: new_engine(&limits), layout, row: table.rows[0].values.clone(), extra, pack }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let f = fixture();
    let _ = &f.pack;
    if let Ok(c) = Condition::compile(&f.engine, src, &f.layout) {
        let slots = Slots { row: &f.row, extra: &f.extra };
        let native = c.eval(&f.engine, &slots);
        let _ = c.explain(&f.engine, &slots, &thidua::script::ScriptCtx::default());
        // The native tree and Rhai must agree whenever both give an answer.
        if c.is_native() {
            let rhai = c.eval_rhai(&f.engine, &slots, &Default::default());
            if let (Ok(a), Ok(b)) = (&native, &rhai) {
                assert_eq!(a, b, "native and Rhai disagree on {src:?}");
            }
        }
    }
});
