//! `thidua test --watch`: runs a pack's tests, then again each time one of
//! its files is saved, until interrupted. An author edits in one window and
//! reads the verdicts in another.

use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;
use thidua::app;
use thidua::i18n::Lang;
use thidua::script::ScriptLimits;

/// Whether a change to `p` can change a test's result: the pack's YAML and
/// Rhai files and its tests (editors' swap and backup files are not).
fn matters(p: &std::path::Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    !name.starts_with('.') && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "rhai"))
}

fn run_all(packs: &[PathBuf], limits: &ScriptLimits, lang: Lang) {
    let mut out = String::new();
    for p in packs {
        match app::test(p, limits, lang) {
            Ok(t) | Err(app::AppError::TestsFailed(t)) => out += &t,
            Err(e) => out += &e.render(lang),
        }
    }
    let _ = std::io::stdout().write_all(out.as_bytes());
    let _ = std::io::stdout().flush();
}

/// Runs the tests, then re-runs them after each burst of saves. Returns only
/// when the folders cannot be watched (the message says why).
pub fn watch(packs: &[PathBuf], limits: &ScriptLimits, lang: Lang) -> app::AppError {
    use notify::{RecursiveMode, Watcher};
    run_all(packs, limits, lang);
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
        if let Ok(e) = e {
            if e.paths.iter().any(|p| matters(p)) {
                let _ = tx.send(());
            }
        }
    }) {
        Ok(w) => w,
        Err(e) => return app::AppError::Input { path: packs[0].clone(), detail: e.to_string() },
    };
    for p in packs {
        if let Err(e) = watcher.watch(p, RecursiveMode::Recursive) {
            return app::AppError::Input { path: p.clone(), detail: e.to_string() };
        }
    }
    let waiting = lang.pick(
        "Đang theo dõi thay đổi; lưu tệp để chạy lại, Ctrl+C để dừng.\n",
        "Watching for changes; save a file to run again, Ctrl+C to stop.\n",
    );
    let _ = std::io::stdout().write_all(waiting.as_bytes());
    let _ = std::io::stdout().flush();
    while rx.recv().is_ok() {
        // An editor's save is several events: wait for the burst to end.
        while rx.recv_timeout(Duration::from_millis(300)).is_ok() {}
        let _ = std::io::stdout().write_all(lang.pick("\n── Chạy lại ──\n", "\n── Running again ──\n").as_bytes());
        run_all(packs, limits, lang);
    }
    app::AppError::Input { path: packs[0].clone(), detail: lang.pick("dừng theo dõi", "stopped watching").into() }
}
