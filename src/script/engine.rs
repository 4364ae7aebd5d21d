//! The sandboxed Rhai engine every rule runs in.
//!
//! It starts from `Engine::new_raw()` (no file access, no module resolver;
//! the crate is built with `no_module`, `no_time` and `no_float`, so there is
//! no `import`, no clock and every literal like `0.1` is an exact decimal),
//! then adds only the packages rules need and thidua's helpers.

use super::helpers;
use rhai::packages::{
    ArithmeticPackage, BasicArrayPackage, BasicFnPackage, BasicIteratorPackage, BasicMapPackage, BasicMathPackage,
    BasicStringPackage, MoreStringPackage, Package,
};
use rhai::Engine;

/// Resource limits for rules; each a rule author or a hostile pack could hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScriptLimits {
    /// Rhai operations per evaluation of one condition for one subject.
    pub max_operations: u64,
    pub max_call_levels: usize,
    pub max_expr_depth: usize,
    pub max_string_size: usize,
    pub max_array_size: usize,
    /// Wall-clock time per condition and subject: one operation may take
    /// milliseconds (`s.pad(65000, "y")`), so the operation count alone
    /// bounds no time.
    pub max_time: std::time::Duration,
    /// Bytes a condition may hold for one subject: Rhai bounds each string
    /// and array, not their sum.
    pub max_bytes: usize,
}

impl Default for ScriptLimits {
    fn default() -> Self {
        ScriptLimits {
            max_operations: 1_000_000,
            max_call_levels: 32,
            max_expr_depth: 64,
            max_string_size: 64 * 1024,
            max_array_size: 10_000,
            max_time: std::time::Duration::from_secs(1),
            max_bytes: 256 << 20,
        }
    }
}

thread_local! {
    /// When the condition running on this thread started.
    static STARTED: std::cell::Cell<Option<std::time::Instant>> = const { std::cell::Cell::new(None) };
    /// The bytes this thread held then.
    static HELD_AT_START: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

/// The token a script stopped by its memory budget ends with.
pub const OUT_OF_MEMORY: &str = "thidua: memory budget";

/// The token a script stopped by its time budget ends with.
pub const OUT_OF_TIME: &str = "thidua: time budget";

/// Starts the clock of one condition for one subject on this thread.
pub fn start_clock() {
    STARTED.with(|d| d.set(Some(std::time::Instant::now())));
    HELD_AT_START.with(|h| h.set(crate::alloc::thread_bytes()));
}

pub fn new_engine(limits: &ScriptLimits) -> Engine {
    let mut e = Engine::new_raw();
    // Rhai's `CorePackage` less its `LanguageCorePackage`: that one holds
    // `sleep` (blocks a thread for as long as asked in one operation, past
    // the time budget, which is checked between operations), `exit`, `tag`,
    // `parse_json` and function metadata, none of which a rule needs. The
    // clock functions are not built at all (`no_time`).
    e.register_global_module(ArithmeticPackage::new().as_shared_module());
    e.register_global_module(BasicStringPackage::new().as_shared_module());
    e.register_global_module(BasicIteratorPackage::new().as_shared_module());
    e.register_global_module(BasicFnPackage::new().as_shared_module());
    e.register_global_module(BasicArrayPackage::new().as_shared_module());
    e.register_global_module(BasicMapPackage::new().as_shared_module());
    e.register_global_module(BasicMathPackage::new().as_shared_module());
    e.register_global_module(MoreStringPackage::new().as_shared_module());
    helpers::register(&mut e);
    super::dates::register(&mut e);
    super::choice::register(&mut e);
    super::collective::register(&mut e);
    super::context::register(&mut e);
    e.set_strict_variables(true);
    // Registered operators (exact integer division) must win over built-ins.
    e.set_fast_operators(false);
    e.set_max_operations(limits.max_operations);
    e.set_max_call_levels(limits.max_call_levels);
    e.set_max_expr_depths(limits.max_expr_depth, limits.max_expr_depth);
    e.set_max_string_size(limits.max_string_size);
    e.set_max_array_size(limits.max_array_size);
    e.set_max_map_size(limits.max_array_size);
    // `eval` would let a rule compile new code at run time, outside the checks
    // done when the pack loads.
    e.disable_symbol("eval");
    // The clock is read every 16 operations: cheap next to them, and a
    // slow operation overshoots the budget by 16 of itself at most.
    let (budget, bytes) = (limits.max_time, limits.max_bytes as i64);
    e.on_progress(move |ops| {
        if ops % 16 != 0 {
            return None;
        }
        let held = crate::alloc::thread_bytes() - HELD_AT_START.with(|h| h.get());
        if held > bytes {
            return Some(OUT_OF_MEMORY.into());
        }
        let late = STARTED.with(|d| d.get()).is_some_and(|t| t.elapsed() > budget);
        late.then(|| OUT_OF_TIME.into())
    });
    e.on_print(|_| {});
    e.on_debug(|_, _, _| {});
    e
}
