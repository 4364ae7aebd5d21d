//! The data loader on arbitrary bytes, against a schema with every column
//! type and both number formats.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn pack() -> &'static thidua::pack::Pack {
    static PACK: OnceLock<thidua::pack::Pack> = OnceLock::new();
    PACK.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/fuzz-schema");
        thidua::pack::load(&dir).expect("the fuzz schema loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let ds = &pack().datasets["ds"];
    let _ = thidua::data::table::read_csv_bytes(ds, std::path::Path::new("fuzz.csv"), data, &[]);
});
