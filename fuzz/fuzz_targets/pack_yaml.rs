//! The pack loader on arbitrary YAML: load, cross-check and compile must
//! never panic, whatever the bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pack.yaml"), data).unwrap();
    if let Ok((pack, errs)) = thidua::pack::load::load_partial(dir.path()) {
        let _ = thidua::compile::compile_with(pack, &thidua::script::ScriptLimits::default(), errs);
    }
});
