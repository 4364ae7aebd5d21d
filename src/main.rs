//! The `thidua` command: flags and wiring only; the work is in the library.

use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use thidua::app::{self, exit, CheckArgs};
use thidua::i18n::Lang;
use thidua::limits::{DataLimits, TextEncoding};
use thidua::report::Format;
use thidua::script::ScriptLimits;

// Reading and scoring allocate many small values from several threads;
// glibc's per-thread arenas grow by one `mprotect` call at a time (thousands
// per run on a 20k-unit scoring sheet), mimalloc does not. Built without
// transparent huge pages (`no_thp`): with them a fault zeroed 2 MiB and could
// stall on compaction, so identical scoring runs took 0.02 s to 0.27 s of
// system time (0.06 s to 0.08 s without), and a tiny run spent 8 % of its
// time zeroing its first pages.
// Wrapped to count each thread's bytes, so that a rule holding too much
// memory is stopped (`--max-rule-mb`).
#[global_allocator]
static ALLOC: thidua::alloc::Counting<mimalloc::MiMalloc> = thidua::alloc::Counting(mimalloc::MiMalloc);

#[derive(Parser)]
#[command(
    name = "thidua",
    version,
    about = "Xét danh hiệu thi đua, chấm điểm Cụm thi đua — rules engine for Vietnamese emulation and commendation"
)]
struct Cli {
    /// Language of messages and reports: vi (default) or en.
    #[arg(long, global = true, value_enum, default_value_t = Lang::Vi)]
    lang: Lang,
    /// Rhai operation limit per condition and subject (a loop that never ends stops here).
    #[arg(long, global = true, default_value_t = ScriptLimits::default().max_operations)]
    max_operations: u64,
    /// Memory a rule may hold for one subject, in MB.
    #[arg(long, global = true, default_value_t = ScriptLimits::default().max_bytes >> 20)]
    max_rule_mb: usize,
    /// Time a rule may run for one subject, in milliseconds (one operation can be slow).
    #[arg(long, global = true, default_value_t = ScriptLimits::default().max_time.as_millis() as u64)]
    max_rule_ms: u64,
    /// Largest data file accepted, in MB.
    #[arg(long, global = true, default_value_t = DataLimits::default().max_file_bytes / 1_048_576)]
    max_file_mb: u64,
    /// Most data rows accepted per file.
    #[arg(long, global = true, default_value_t = DataLimits::default().max_rows)]
    max_rows: usize,
    /// Longest cell accepted, in KB.
    #[arg(long, global = true, default_value_t = DataLimits::default().max_field_bytes / 1024)]
    max_field_kb: usize,
    /// Text encoding of CSV files: auto (UTF-8, UTF-16 with BOM, else Windows-1258), utf-8, utf-16, windows-1258.
    #[arg(long, global = true, value_enum, default_value_t = TextEncoding::Auto)]
    encoding: TextEncoding,
    /// The sheet to read from .xlsx/.ods workbooks (default: the first with the key column).
    #[arg(long, global = true)]
    sheet: Option<String>,
    /// Evaluation threads (results are identical whatever the number).
    #[arg(long, global = true)]
    threads: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load, compile and cross-check a rule pack; exit 0 only when it is clean.
    Validate {
        /// Folders of rule packs (rules/<pack>).
        #[arg(required = true)]
        packs: Vec<PathBuf>,
    },
    /// Check which subjects qualify for which awards, and why not.
    Check {
        /// The rule pack folder (rules/<pack>).
        pack: PathBuf,
        /// Data: FILE.csv, DATASET=FILE.csv, or a folder of <dataset>.csv files.
        #[arg(long, required = true, num_args = 1..)]
        data: Vec<String>,
        /// Only this award (repeatable).
        #[arg(long)]
        award: Vec<String>,
        /// Only this subject key (repeatable).
        #[arg(long)]
        subject: Vec<String>,
        /// Evaluation date (YYYY-MM-DD or DD/MM/YYYY); default: the pack's.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<chrono::NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Show every criterion with the inputs it read.
        #[arg(long)]
        explain: bool,
        /// Add the proposals grouped by who decides them (Law 2022 Art 80).
        #[arg(long)]
        by_decider: bool,
        /// With --format csv: one row per subject, one column per award, and the highest awards met.
        #[arg(long)]
        by_subject: bool,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Write every decision with its inputs as JSON Lines to this file.
        #[arg(long)]
        trace: Option<PathBuf>,
        /// Write an audit manifest (hashes of every input and output) to this file.
        #[arg(long)]
        manifest: Option<PathBuf>,
    },
    /// Score the units of a cluster: conference table, ranking, proposals.
    Score {
        /// The rule pack folder (rules/<pack>).
        pack: PathBuf,
        /// Data: FILE.csv, DATASET=FILE.csv, or a folder of <dataset>.csv files.
        #[arg(long, required = true, num_args = 1..)]
        data: Vec<String>,
        /// The scorecard id (needed when the pack has several).
        #[arg(long)]
        scorecard: Option<String>,
        /// Only this cluster (a value of the scorecard's group_by column; repeatable).
        #[arg(long)]
        group: Vec<String>,
        /// Evaluation date (YYYY-MM-DD or DD/MM/YYYY); default: the pack's.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<chrono::NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Show each unit's points with the inputs of each formula.
        #[arg(long)]
        explain: bool,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Write every decision with its inputs as JSON Lines to this file.
        #[arg(long)]
        trace: Option<PathBuf>,
        /// Write an audit manifest (hashes of every input and output) to this file.
        #[arg(long)]
        manifest: Option<PathBuf>,
    },
    /// Re-run what a manifest records and check every input and output against it.
    Verify {
        manifest: PathBuf,
        /// The fingerprint ("mã kiểm chứng") printed on the signed paper: the
        /// manifest must be that run's (12 characters or more).
        #[arg(long)]
        expect: Option<String>,
    },
    /// What changed between two JSON results (check or score, --format json).
    Diff { old: PathBuf, new: PathBuf },
    /// Run a pack's own test cases (rules/<pack>/tests/*.yaml).
    Test {
        #[arg(required = true)]
        packs: Vec<PathBuf>,
    },
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    thidua::pack::parse_date(s).ok_or_else(|| format!("ngày không hợp lệ / invalid date: {s} (YYYY-MM-DD, DD/MM/YYYY)"))
}

fn main() {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { exit::USAGE } else { exit::OK };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    let lang = cli.lang;
    // An interrupted run removes its half-written temporary files; the
    // outputs it had not renamed into place are left as they were.
    let _ = ctrlc::set_handler(|| {
        thidua::output::remove_pending();
        std::process::exit(130);
    });
    if let Some(n) = cli.threads {
        // Only fails if a pool exists already, which cannot happen here.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
    }
    let limits = ScriptLimits {
        max_operations: cli.max_operations,
        max_time: std::time::Duration::from_millis(cli.max_rule_ms),
        max_bytes: cli.max_rule_mb.saturating_mul(1 << 20),
        ..ScriptLimits::default()
    };
    let data_limits = DataLimits {
        max_file_bytes: cli.max_file_mb.saturating_mul(1_048_576),
        max_rows: cli.max_rows,
        max_field_bytes: cli.max_field_kb.saturating_mul(1024),
        encoding: cli.encoding,
        sheet: cli.sheet.clone(),
    };
    let result = match cli.command {
        Command::Validate { packs } => each(&packs, |p| app::validate(p, &limits, lang)),
        Command::Test { packs } => each(&packs, |p| app::test(p, &limits, lang)),
        Command::Verify { manifest, expect } => {
            app::verify(&app::VerifyArgs { manifest, expect, lang, limits, data_limits: data_limits.clone() })
                .map_err(|e| (String::new(), vec![e]))
        }
        Command::Diff { old, new } => app::diff(&old, &new, lang).map_err(|e| (String::new(), vec![e])),
        Command::Score { pack, data, scorecard, group, as_of, format, explain, output, trace, manifest } => {
            app::score(&app::ScoreArgs {
                pack,
                data,
                scorecard,
                groups: group,
                as_of,
                format,
                explain,
                outputs: app::Outputs { output, trace, manifest, stamp: false },
                lang,
                limits,
                data_limits: data_limits.clone(),
            })
            .map_err(|e| (String::new(), vec![e]))
        }
        Command::Check {
            pack,
            data,
            award,
            subject,
            as_of,
            format,
            explain,
            by_decider,
            by_subject,
            output,
            trace,
            manifest,
        } => {
            if by_subject && format != Format::Csv {
                eprintln!(
                    "{}",
                    lang.pick(
                        "lỗi: --by-subject chỉ dùng với --format csv",
                        "error: --by-subject goes with --format csv"
                    )
                );
                std::process::exit(exit::USAGE);
            }
            app::check(&CheckArgs {
                pack,
                data,
                awards: award,
                subjects: subject,
                as_of,
                format,
                explain,
                by_decider,
                by_subject,
                outputs: app::Outputs { output, trace, manifest, stamp: false },
                lang,
                limits,
                data_limits: data_limits.clone(),
            })
        }
        .map_err(|e| (String::new(), vec![e])),
    };
    // What reached standard output is checked: a full disk or a closed pipe
    // is a failure to deliver (exit 7), not success.
    let print = |text: &str, code: &mut i32| {
        if let Err(e) = thidua::output::to_stdout(text.as_bytes()) {
            let _ = std::io::stderr().write_all(app::AppError::Output(e).render(lang).as_bytes());
            *code = (*code).max(exit::OUTPUT);
        }
    };
    let code = match result {
        Ok(text) => {
            let mut code = exit::OK;
            print(&text, &mut code);
            code
        }
        Err((text, errors)) => {
            let mut code = exit::OK;
            print(&text, &mut code);
            for e in errors {
                match &e {
                    app::AppError::TestsFailed(report) | app::AppError::Different(report) => print(report, &mut code),
                    other => {
                        let _ = std::io::stderr().write_all(other.render(lang).as_bytes());
                    }
                }
                code = code.max(e.exit_code());
            }
            code
        }
    };
    std::process::exit(code);
}

/// Runs a command on several packs, keeping every output and error.
fn each(
    packs: &[PathBuf],
    f: impl Fn(&std::path::Path) -> Result<String, app::AppError>,
) -> Result<String, (String, Vec<app::AppError>)> {
    let mut out = String::new();
    let mut errs = Vec::new();
    for p in packs {
        match f(p) {
            Ok(t) => out += &t,
            Err(e) => errs.push(e),
        }
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err((out, errs))
    }
}
