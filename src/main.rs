//! The `thidua` command: flags and wiring only; the work is in the library.

#![deny(unsafe_code)]

mod help;
mod watch;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use thidua::app::{self, exit, CheckArgs};
use thidua::data::Key;
use thidua::i18n::Lang;
use thidua::limits::{DataLimits, TextEncoding};
use thidua::report::Format;
use thidua::script::ScriptLimits;

// Reading and scoring allocate many small values from several threads;
// glibc's per-thread arenas grow by one `mprotect` call at a time (thousands
// per run on a 20k-unit scoring sheet), mimalloc does not: 20,000 units
// score in 150 ms against 160 ms with glibc even tuned (`mallopt` top pad
// and mmap threshold raised). Version 2 (Cargo.toml says why). Built without
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
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
struct Cli {
    /// Language of messages, help and reports: vi (default) or en.
    #[arg(long, global = true, value_enum, default_value_t = Lang::Vi)]
    lang: Lang,
    #[command(subcommand)]
    command: Command,
}

/// Bounds on what one rule may spend for one subject.
#[derive(clap::Args)]
struct RuleOpts {
    #[arg(long, value_name = "N", default_value_t = ScriptLimits::default().max_operations)]
    max_operations: u64,
    #[arg(long, value_name = "MB", default_value_t = ScriptLimits::default().max_bytes >> 20)]
    max_rule_mb: usize,
    #[arg(long, value_name = "MS", default_value_t = ScriptLimits::default().max_time.as_millis() as u64)]
    max_rule_ms: u64,
}

impl RuleOpts {
    fn limits(&self) -> ScriptLimits {
        ScriptLimits {
            max_operations: self.max_operations,
            max_time: std::time::Duration::from_millis(self.max_rule_ms),
            max_bytes: self.max_rule_mb.saturating_mul(1 << 20),
            ..ScriptLimits::default()
        }
    }
}

/// How data files are read, and by how many threads.
#[derive(clap::Args)]
struct DataOpts {
    #[arg(long, value_name = "MB", default_value_t = DataLimits::default().max_file_bytes / 1_048_576)]
    max_file_mb: u64,
    #[arg(long, value_name = "N", default_value_t = DataLimits::default().max_rows)]
    max_rows: usize,
    #[arg(long, value_name = "KB", default_value_t = DataLimits::default().max_field_bytes / 1024)]
    max_field_kb: usize,
    #[arg(long, value_enum, default_value_t = TextEncoding::Auto)]
    encoding: TextEncoding,
    #[arg(long)]
    sheet: Option<String>,
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

impl DataOpts {
    fn limits(&self) -> DataLimits {
        if let Some(n) = self.threads {
            // Only fails if a pool exists already, which cannot happen here.
            let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
        }
        DataLimits {
            max_file_bytes: self.max_file_mb.saturating_mul(1_048_576),
            max_rows: self.max_rows,
            max_field_bytes: self.max_field_kb.saturating_mul(1024),
            encoding: self.encoding,
            sheet: self.sheet.clone(),
            sheets: Default::default(),
        }
    }
}

/// What `check` and `score` both read: the pack, its data, the date.
#[derive(clap::Args)]
struct RunInput {
    pack: PathBuf,
    #[arg(long, required = true, num_args = 1..)]
    data: Vec<String>,
}

/// How `check` and `score` write their result, and their limits.
#[derive(clap::Args)]
struct RunOutput {
    #[arg(long, value_parser = parse_date)]
    as_of: Option<chrono::NaiveDate>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[arg(long)]
    explain: bool,
    #[arg(long)]
    output: Option<PathBuf>,
    #[arg(long)]
    trace: Option<PathBuf>,
    #[arg(long)]
    manifest: Option<PathBuf>,
    #[command(flatten)]
    rules: RuleOpts,
    #[command(flatten)]
    input: DataOpts,
}

impl RunOutput {
    fn args(self, what: RunInput, lang: Lang) -> app::RunArgs {
        app::RunArgs {
            pack: what.pack,
            data: what.data,
            as_of: self.as_of,
            format: self.format,
            explain: self.explain,
            outputs: app::Outputs {
                output: self.output,
                trace: self.trace,
                manifest: self.manifest,
                stamp: false,
                recorded: Vec::new(),
            },
            lang,
            limits: self.rules.limits(),
            data_limits: self.input.limits(),
            carried: Default::default(),
            keep_results: false,
        }
    }
}

/// Each command declares only the options it uses; their help texts, in
/// both languages, are in `help.rs`.
#[derive(Subcommand)]
enum Command {
    Validate {
        #[arg(required = true)]
        packs: Vec<PathBuf>,
        #[command(flatten)]
        rules: RuleOpts,
    },
    Check {
        #[command(flatten)]
        what: RunInput,
        #[arg(long)]
        award: Vec<String>,
        #[arg(long, value_parser = parse_key)]
        subject: Vec<Key>,
        #[arg(long)]
        by_decider: bool,
        #[arg(long)]
        by_subject: bool,
        #[command(flatten)]
        out: RunOutput,
    },
    Score {
        #[command(flatten)]
        what: RunInput,
        #[arg(long)]
        scorecard: Option<String>,
        #[arg(long, value_parser = parse_key)]
        group: Vec<Key>,
        #[arg(long)]
        stage: Option<String>,
        #[command(flatten)]
        out: RunOutput,
    },
    Verify {
        manifest: PathBuf,
        #[arg(long)]
        expect: Option<String>,
        #[command(flatten)]
        rules: RuleOpts,
        #[command(flatten)]
        input: DataOpts,
    },
    Diff {
        old: PathBuf,
        new: PathBuf,
    },
    Run {
        year: PathBuf,
        #[arg(long = "output", required = true)]
        dossier: PathBuf,
        #[command(flatten)]
        rules: RuleOpts,
        #[command(flatten)]
        input: DataOpts,
    },
    Template {
        pack: PathBuf,
        #[arg(long)]
        dataset: Vec<String>,
        #[arg(long, num_args = 1..)]
        data: Vec<String>,
        #[arg(long, required = true)]
        output: PathBuf,
        #[command(flatten)]
        rules: RuleOpts,
        #[command(flatten)]
        input: DataOpts,
    },
    Schema,
    New {
        dir: PathBuf,
        #[arg(long)]
        scorecard: bool,
    },
    Test {
        #[arg(required = true)]
        packs: Vec<PathBuf>,
        #[arg(long)]
        watch: bool,
        #[command(flatten)]
        rules: RuleOpts,
    },
    #[cfg(feature = "serve")]
    Serve {
        packs: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: std::net::SocketAddr,
        #[arg(long, value_name = "S", default_value_t = 60)]
        timeout: u64,
        #[arg(long, value_name = "N", default_value_t = 4)]
        concurrent: usize,
        #[arg(long)]
        store: Option<PathBuf>,
        #[command(flatten)]
        rules: RuleOpts,
        #[command(flatten)]
        input: DataOpts,
    },
    #[cfg(feature = "serve")]
    Account {
        name: String,
        #[arg(long)]
        store: PathBuf,
        #[arg(long)]
        role: String,
        #[arg(long)]
        scope: Option<String>,
        #[arg(long)]
        display: Option<String>,
    },
    #[cfg(feature = "serve")]
    Backup {
        store: PathBuf,
        to: PathBuf,
    },
}

/// A new account's password: typed twice without echo at a terminal, else
/// the first line of standard input. Never an argument (it would be in the
/// shell's history and the process list), never a default.
#[cfg(feature = "serve")]
fn read_password(lang: Lang) -> Result<String, app::AppError> {
    use std::io::IsTerminal;
    let failed = |detail: String| app::AppError::Store { path: "-".into(), detail };
    if std::io::stdin().is_terminal() {
        let first =
            rpassword::prompt_password(lang.pick("Mật khẩu: ", "Password: ")).map_err(|e| failed(e.to_string()))?;
        let again = rpassword::prompt_password(lang.pick("Nhập lại mật khẩu: ", "Password again: "))
            .map_err(|e| failed(e.to_string()))?;
        if first != again {
            return Err(failed(lang.pick("hai lần nhập mật khẩu không khớp", "the two passwords differ").into()));
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).map_err(|e| failed(e.to_string()))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    // The message is made in the user's language by `help::usage_error`.
    thidua::pack::parse_date(s).ok_or_else(|| "YYYY-MM-DD, DD/MM/YYYY".to_string())
}

/// A subject or cluster key as typed: its text, matched as the data's keys are.
fn parse_key(s: &str) -> Result<Key, String> {
    Ok(Key::text(s))
}

fn main() {
    // Help and usage errors speak the language asked for, so it is read
    // before clap parses anything.
    let lang = help::lang_of(std::env::args_os());
    let cli = match help::localize(Cli::command(), lang).try_get_matches().and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(c) => c,
        Err(e) => std::process::exit(help::usage_error(&e, lang)),
    };
    let lang = cli.lang;
    // An interrupted run removes its half-written temporary files; the
    // outputs it had not renamed into place are left as they were.
    // The server stops on its own signal handling, after its requests.
    #[cfg(feature = "serve")]
    let serving = matches!(cli.command, Command::Serve { .. });
    #[cfg(not(feature = "serve"))]
    let serving = false;
    if !serving {
        let _ = ctrlc::set_handler(|| {
            thidua::output::remove_pending();
            std::process::exit(130);
        });
    }
    let result = run(cli.command, lang);
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
    end(code);
}

/// Ends the process once what it printed is out. The C library's exit
/// handlers are skipped: mimalloc's would hand every page back to the
/// kernel one call at a time, just before the kernel frees them all at
/// once (about 1 ms of a commune-sized run, more on a national sheet).
/// Nothing else registers one: results are committed before this point.
#[allow(unsafe_code)]
fn end(code: i32) -> ! {
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: `_exit` takes a plain integer and does not return.
    unsafe { libc::_exit(code) }
}

/// Runs the command asked for: its text for standard output, or that and
/// the errors that end it.
fn run(command: Command, lang: Lang) -> Result<String, (String, Vec<app::AppError>)> {
    match command {
        #[cfg(feature = "serve")]
        #[cfg(feature = "serve")]
        Command::Account { name, store, role, scope, display } => {
            let password = read_password(lang).map_err(|e| (String::new(), vec![e]))?;
            thidua::serve::admin::add_account(
                &store,
                (&name, display.as_deref()),
                &role,
                scope.as_deref(),
                &password,
                lang,
            )
            .map_err(|e| (String::new(), vec![e]))
        }
        #[cfg(feature = "serve")]
        Command::Backup { store, to } => {
            thidua::serve::admin::backup(&store, &to, lang).map_err(|e| (String::new(), vec![e]))
        }
        Command::Serve { packs, bind, timeout, concurrent, store, rules, input } => {
            thidua::serve::serve(thidua::serve::ServeOptions {
                store,
                root: packs,
                bind,
                lang,
                limits: rules.limits(),
                data_limits: input.limits(),
                timeout: std::time::Duration::from_secs(timeout),
                concurrent,
            })
            .map(|()| String::new())
            .map_err(|e| (String::new(), vec![e]))
        }
        Command::Validate { packs, rules } => each(&packs, |p| app::validate(p, &rules.limits(), lang)),
        Command::Test { packs, watch: true, rules } => {
            Err((String::new(), vec![watch::watch(&packs, &rules.limits(), lang)]))
        }
        Command::Test { packs, watch: false, rules } => each(&packs, |p| app::test(p, &rules.limits(), lang)),
        Command::Verify { manifest, expect, rules, input } => app::verify(&app::VerifyArgs {
            manifest,
            expect,
            lang,
            limits: rules.limits(),
            data_limits: input.limits(),
        })
        .map_err(|e| (String::new(), vec![e])),
        Command::Schema => Ok(thidua::pack::schema::pack_schema()),
        Command::Run { year, dossier, rules, input } => app::run_year(&app::YearArgs {
            file: year,
            output: dossier,
            lang,
            limits: rules.limits(),
            data_limits: input.limits(),
        })
        .map_err(|e| (String::new(), vec![e])),
        Command::New { dir, scorecard } => app::new_pack(&dir, scorecard, lang).map_err(|e| (String::new(), vec![e])),
        Command::Diff { old, new } => app::diff(&old, &new, lang).map_err(|e| (String::new(), vec![e])),
        Command::Template { pack, dataset, data, output, rules, input } => {
            app::template(&pack, &dataset, &data, &output, &rules.limits(), &input.limits(), lang)
                .map_err(|e| (String::new(), vec![e]))
        }
        Command::Score { what, scorecard, group, stage, out } => {
            app::score(&app::ScoreArgs { run: out.args(what, lang), scorecard, groups: group, stage })
                .map_err(|e| (String::new(), vec![e]))
        }
        Command::Check { what, award, subject, by_decider, by_subject, out } => {
            if by_subject && out.format != Format::Csv {
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
                run: out.args(what, lang),
                awards: award,
                subjects: subject,
                by_decider,
                by_subject,
            })
        }
        .map_err(|e| (String::new(), vec![e])),
    }
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
