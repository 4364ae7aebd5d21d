//! The command line's words: every command and option described in
//! Vietnamese (the default) and English, clap's headings and usage lines in
//! the same language, and usage errors told from clap's structured error
//! kinds rather than from its English text.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use thidua::i18n::Lang;

/// The language asked for on the command line (`--lang en`, `--lang=en`),
/// before clap has parsed it; Vietnamese otherwise.
pub fn lang_of(args: impl Iterator<Item = std::ffi::OsString>) -> Lang {
    let args: Vec<String> = args.map(|a| a.to_string_lossy().into_owned()).collect();
    let en = args.windows(2).any(|w| w[0] == "--lang" && w[1] == "en") || args.iter().any(|a| a == "--lang=en");
    if en {
        Lang::En
    } else {
        Lang::Vi
    }
}

/// (command, argument id) → (Vietnamese, English). Command "" is the top level.
const ARGS: &[(&str, &str, &str, &str)] = &[
    (
        "",
        "lang",
        "Ngôn ngữ của thông báo, hướng dẫn và báo cáo: vi hoặc en",
        "Language of messages, help and reports: vi or en",
    ),
    (
        "*",
        "max_operations",
        "Số phép tính Rhai tối đa cho một điều kiện và một đối tượng (vòng lặp không dừng sẽ dừng ở đây)",
        "Rhai operations allowed per condition and subject (a loop that never ends stops here)",
    ),
    (
        "*",
        "max_rule_mb",
        "Bộ nhớ tối đa một quy tắc được giữ cho một đối tượng, tính bằng MB",
        "Memory a rule may hold for one subject, in MB",
    ),
    (
        "*",
        "max_rule_ms",
        "Thời gian tối đa một quy tắc được chạy cho một đối tượng, tính bằng mili giây",
        "Time a rule may run for one subject, in milliseconds",
    ),
    ("*", "max_file_mb", "Tệp dữ liệu lớn nhất được nhận, tính bằng MB", "Largest data file accepted, in MB"),
    ("*", "max_rows", "Số dòng dữ liệu tối đa của một tệp", "Most data rows accepted per file"),
    ("*", "max_field_kb", "Ô dữ liệu dài nhất được nhận, tính bằng KB", "Longest cell accepted, in KB"),
    (
        "*",
        "encoding",
        "Bảng mã của tệp CSV: auto (UTF-8, UTF-16 có BOM, nếu không thì Windows-1258), utf-8, utf-16, windows-1258",
        "Text encoding of CSV files: auto (UTF-8, UTF-16 with BOM, else Windows-1258), utf-8, utf-16, windows-1258",
    ),
    (
        "*",
        "sheet",
        "Trang tính cần đọc trong sổ tính .xlsx/.ods (mặc định: trang đầu tiên có cột khóa)",
        "The sheet to read from .xlsx/.ods workbooks (default: the first with the key column)",
    ),
    (
        "*",
        "threads",
        "Số luồng tính toán (kết quả như nhau với mọi số luồng)",
        "Evaluation threads (results are identical whatever the number)",
    ),
    ("validate", "packs", "Thư mục bộ quy tắc (rules/<gói>)", "Rule pack folders (rules/<pack>)"),
    ("run", "year", "Tệp năm (ví dụ rules/nam-2024.yaml)", "The year file (e.g. rules/nam-2024.yaml)"),
    (
        "run",
        "dossier",
        "Thư mục hồ sơ cần ghi (ghi trọn vẹn hoặc không ghi gì; thay được hồ sơ cũ của năm)",
        "The dossier folder to write (whole or not at all; replaces an earlier dossier)",
    ),
    (
        "test",
        "packs",
        "Thư mục bộ quy tắc có ca kiểm thử (rules/<gói>/tests/*.yaml)",
        "Rule pack folders with test cases (rules/<pack>/tests/*.yaml)",
    ),
    ("*", "pack", "Thư mục bộ quy tắc (rules/<gói>)", "The rule pack folder (rules/<pack>)"),
    (
        "*",
        "data",
        "Dữ liệu: TỆP.csv, BẢNG=TỆP.csv, hoặc thư mục chứa các tệp <bảng>.csv (nhận cả .xlsx, .ods)",
        "Data: FILE.csv, DATASET=FILE.csv, or a folder of <dataset>.csv files (.xlsx and .ods too)",
    ),
    ("*", "award", "Chỉ xét danh hiệu này (lặp lại được)", "Only this award (repeatable)"),
    ("*", "subject", "Chỉ xét đối tượng có mã này (lặp lại được)", "Only this subject key (repeatable)"),
    (
        "*",
        "as_of",
        "Ngày xét (YYYY-MM-DD hoặc DD/MM/YYYY); mặc định: ngày xét của bộ quy tắc",
        "Evaluation date (YYYY-MM-DD or DD/MM/YYYY); default: the pack's",
    ),
    (
        "*",
        "format",
        "Định dạng kết quả: table, csv, json, md, xlsx (cần --output), html",
        "Output format: table, csv, json, md, xlsx (needs --output), html",
    ),
    (
        "check",
        "explain",
        "Hiện mọi tiêu chí cùng dữ liệu đã đọc (cho người soạn bộ quy tắc)",
        "Show every criterion with the inputs it read (for pack authors)",
    ),
    (
        "score",
        "explain",
        "Hiện điểm từng tiêu chí cùng dữ liệu của từng công thức",
        "Show each unit's points with the inputs of each formula",
    ),
    (
        "*",
        "by_decider",
        "Thêm danh sách đề nghị theo người có thẩm quyền quyết định (Luật TĐKT 2022, Điều 80)",
        "Add the proposals grouped by who decides them (Law 2022, Art 80)",
    ),
    (
        "*",
        "by_subject",
        "Với --format csv: mỗi đối tượng một dòng, mỗi danh hiệu một cột, kèm danh hiệu cao nhất đạt được",
        "With --format csv: one row per subject, one column per award, and the highest awards met",
    ),
    (
        "*",
        "output",
        "Ghi kết quả vào tệp này (ghi trọn vẹn hoặc không ghi gì) thay vì ra màn hình",
        "Write to this file (whole or not at all) instead of standard output",
    ),
    (
        "*",
        "trace",
        "Ghi mọi quyết định cùng dữ liệu đầu vào (JSON Lines) vào tệp này",
        "Write every decision with its inputs as JSON Lines to this file",
    ),
    (
        "check",
        "manifest",
        "Ghi biên bản kiểm chứng (mã băm của mọi tệp vào và ra) vào tệp này",
        "Write an audit manifest (hashes of every input and output) to this file",
    ),
    (
        "score",
        "manifest",
        "Ghi biên bản kiểm chứng (mã băm của mọi tệp vào và ra) vào tệp này",
        "Write an audit manifest (hashes of every input and output) to this file",
    ),
    (
        "*",
        "scorecard",
        "Mã bảng chấm điểm (khi bộ quy tắc có nhiều bảng)",
        "The scorecard id (when the pack has several)",
    ),
    (
        "*",
        "group",
        "Chỉ in Cụm này (giá trị của cột group_by; lặp lại được)",
        "Only this cluster (a value of the scorecard's group_by column; repeatable)",
    ),
    (
        "*",
        "stage",
        "Chấm đến vòng này và xếp hạng theo nó, như kỳ chấm đang dở (một giá trị của stages.order); dòng của vòng sau bị từ chối",
        "Score up to this stage and rank on it, as a round in progress stands (a value of stages.order); rows of later stages are refused",
    ),
    (
        "verify",
        "manifest",
        "Biên bản kiểm chứng (--manifest) của lần chạy cần kiểm tra",
        "The manifest (--manifest) of the run to check",
    ),
    (
        "*",
        "expect",
        "Mã kiểm chứng in trên văn bản đã ký: biên bản phải là của đúng lần chạy đó (từ 12 ký tự)",
        "The fingerprint printed on the signed paper: the manifest must be that run's (12 characters or more)",
    ),
    ("*", "old", "Kết quả JSON cũ (--format json)", "The older JSON result (--format json)"),
    ("*", "new", "Kết quả JSON mới (--format json)", "The newer JSON result (--format json)"),
    (
        "template",
        "dataset",
        "Chỉ bảng dữ liệu này (lặp lại được; mặc định: mọi bảng)",
        "Only this dataset (repeatable; default: every dataset)",
    ),
    (
        "template",
        "data",
        "Điền sẵn dữ liệu này vào mẫu (như --data của check)",
        "Fill the template with this data (as check's --data)",
    ),
    ("template", "output", "Tệp .xlsx cần ghi", "The .xlsx file to write"),
    (
        "test",
        "watch",
        "Chạy lại mỗi khi một tệp của bộ quy tắc được lưu (Ctrl+C để dừng)",
        "Run again each time a file of the pack is saved (Ctrl+C to stop)",
    ),
    ("new", "dir", "Thư mục mới cho bộ quy tắc (chưa được có)", "The new pack's folder (must not exist)"),
    (
        "new",
        "scorecard",
        "Bắt đầu bằng một bảng chấm điểm Cụm thay vì danh hiệu",
        "Start with a cluster scorecard instead of titles",
    ),
    (
        "serve",
        "packs",
        "Thư mục chứa các bộ quy tắc (mỗi thư mục con một bộ)",
        "The folder of rule packs (one per subfolder)",
    ),
    (
        "serve",
        "bind",
        "Địa chỉ và cổng lắng nghe; 0.0.0.0:8080 để cả mạng nội bộ dùng",
        "Address and port to listen on; 0.0.0.0:8080 to share on the office network",
    ),
    ("serve", "timeout", "Số giây tối đa cho một lần xét", "Seconds one run may take at most"),
    ("serve", "concurrent", "Số lần xét chạy cùng lúc; các lần khác chờ", "Runs at a time; others wait"),
    (
        "serve",
        "store",
        "Tệp cơ sở dữ liệu (SQLite) giữ các kỳ chấm, tài khoản, minh chứng; không có thì máy không giữ gì",
        "Database file (SQLite) keeping scoring rounds, accounts and evidence; without it the server keeps nothing",
    ),
    (
        "account",
        "store",
        "Tệp cơ sở dữ liệu của thidua serve --store (tạo mới nếu chưa có)",
        "The database file of thidua serve --store (made if missing)",
    ),
    ("account", "name", "Tên đăng nhập (chữ không dấu, số, . - _)", "Login name (letters a–z, digits, . - _)"),
    (
        "account",
        "role",
        "Vai trò: hoi_dong (hội đồng), truong_cum (trưởng cụm), don_vi (đơn vị), kiem_tra (chỉ xem)",
        "Role: hoi_dong (council), truong_cum (cluster head), don_vi (unit), kiem_tra (auditor, read only)",
    ),
    (
        "account",
        "scope",
        "Mã cụm (trưởng cụm) hoặc mã đơn vị (đơn vị) mà tài khoản làm việc cho",
        "The cluster code (cluster head) or unit code (unit) the account acts for",
    ),
    ("account", "display", "Tên hiển thị, ví dụ tên cơ quan", "Name shown, e.g. the office's name"),
    ("backup", "store", "Tệp cơ sở dữ liệu đang chạy", "The live database file"),
    ("backup", "to", "Tệp bản sao (ghi trọn vẹn rồi mới thay vào chỗ)", "The copy's file (written whole, then moved into place)"),
    ("*", "help", "In hướng dẫn này", "Print this help"),
    ("*", "version", "In số phiên bản", "Print the version"),
];

/// Command → (about in Vietnamese, in English).
const COMMANDS: &[(&str, &str, &str)] = &[
    (
        "",
        "thidua — xét danh hiệu thi đua, chấm điểm Cụm thi đua theo bộ quy tắc",
        "thidua — emulation titles and cluster scoring by rule packs",
    ),
    (
        "validate",
        "Nạp, biên dịch và kiểm tra chéo bộ quy tắc; chỉ trả mã 0 khi không có lỗi",
        "Load, compile and cross-check rule packs; exit 0 only when clean",
    ),
    (
        "check",
        "Xét ai đạt danh hiệu nào, và vì sao chưa đạt",
        "Check which subjects qualify for which awards, and why not",
    ),
    (
        "score",
        "Chấm điểm các đơn vị trong Cụm: bảng điểm, xếp hạng, đề nghị khen thưởng",
        "Score the units of each cluster: conference table, ranking, proposals",
    ),
    (
        "verify",
        "Chạy lại lần chạy mà biên bản kiểm chứng ghi, đối chiếu từng tệp vào và ra",
        "Re-run what a manifest records and check every input and output against it",
    ),
    (
        "diff",
        "So sánh hai kết quả JSON (check hoặc score, --format json)",
        "What changed between two JSON results (check or score, --format json)",
    ),
    (
        "test",
        "Chạy các ca kiểm thử của bộ quy tắc (rules/<gói>/tests/*.yaml)",
        "Run a pack's own test cases (rules/<pack>/tests/*.yaml)",
    ),
    (
        "run",
        "Chạy cả năm theo tệp năm: mọi bước xét, chấm, đề nghị, thành một hồ sơ có mã kiểm chứng",
        "Run a council's year from its year file: every step, into one dossier with one verification code",
    ),
    (
        "schema",
        "In JSON Schema của định dạng bộ quy tắc, để trình soạn thảo gợi ý khóa và báo lỗi khi gõ",
        "Print the JSON Schema of the pack format, for editors to complete keys and flag mistakes",
    ),
    (
        "new",
        "Tạo bộ quy tắc mới để sửa theo kế hoạch: một bảng dữ liệu, danh hiệu (hoặc bảng điểm), ca kiểm thử, dữ liệu mẫu",
        "Start a new rule pack to edit after a plan: a dataset, awards (or a scorecard), tests, sample data",
    ),
    (
        "template",
        "Tạo sổ tính mẫu (.xlsx) để phát cho các đơn vị: tiêu đề theo nhãn, danh sách chọn, hướng dẫn từng cột",
        "Make the .xlsx template to hand out: headers by label, dropdowns, a guide to every column",
    ),
    (
        "serve",
        "Mở trang web cho xã, huyện: tra cứu bộ quy tắc, kiểm tra trước hồ sơ, tải lên bảng số liệu; kèm API JSON",
        "Serve the web page for communes and councils: explore packs, pre-check nominations, upload sheets; with a JSON API",
    ),
    (
        "account",
        "Tạo tài khoản cho trang kỳ chấm (mật khẩu nhập từ bàn phím, không hiện, hoặc một dòng từ đầu vào chuẩn)",
        "Make an account for the scoring rounds' pages (password typed without echo, or one line on standard input)",
    ),
    (
        "backup",
        "Sao cơ sở dữ liệu kỳ chấm đang chạy thành một bản nhất quán, kèm các tệp minh chứng",
        "Copy the live rounds database consistently, with its evidence files",
    ),
];

/// Value names of options and arguments, by id.
const VALUE_NAMES: &[(&str, &str, &str)] = &[
    ("packs", "GÓI", "PACK"),
    ("dir", "THƯ_MỤC", "DIR"),
    ("dossier", "THƯ_MỤC", "DIR"),
    ("year", "TỆP_NĂM", "YEAR_FILE"),
    ("pack", "GÓI", "PACK"),
    ("data", "DỮ_LIỆU", "DATA"),
    ("award", "DANH_HIỆU", "AWARD"),
    ("subject", "MÃ", "KEY"),
    ("as_of", "NGÀY", "DATE"),
    ("format", "ĐỊNH_DẠNG", "FORMAT"),
    ("output", "TỆP", "FILE"),
    ("trace", "TỆP", "FILE"),
    ("manifest", "TỆP", "FILE"),
    ("scorecard", "MÃ", "ID"),
    ("group", "CỤM", "CLUSTER"),
    ("store", "TỆP.db", "FILE.db"),
    ("name", "TÊN", "NAME"),
    ("role", "VAI_TRÒ", "ROLE"),
    ("scope", "MÃ", "CODE"),
    ("display", "TÊN_HIỂN_THỊ", "DISPLAY_NAME"),
    ("to", "BẢN_SAO.db", "COPY.db"),
    ("stage", "VÒNG", "STAGE"),
    ("expect", "MÃ_KIỂM_CHỨNG", "FINGERPRINT"),
    ("old", "CŨ.json", "OLD.json"),
    ("new", "MỚI.json", "NEW.json"),
    ("sheet", "TRANG", "SHEET"),
    ("encoding", "BẢNG_MÃ", "ENCODING"),
    ("lang", "NGÔN_NGỮ", "LANG"),
    ("dataset", "BẢNG", "DATASET"),
];

fn pick(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    lang.pick(vi, en)
}

fn arg_help(cmd: &str, id: &str, lang: Lang) -> Option<&'static str> {
    let exact = ARGS.iter().find(|(c, a, ..)| *c == cmd && *a == id);
    let any = || ARGS.iter().find(|(c, a, ..)| *c == "*" && *a == id);
    exact.or_else(any).map(|(_, _, vi, en)| pick(lang, vi, en))
}

fn localize_args(mut c: Command, name: &str, lang: Lang) -> Command {
    let ids: Vec<String> = c.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let help = arg_help(name, &id, lang);
        let value = VALUE_NAMES.iter().find(|(a, ..)| *a == id).map(|(_, vi, en)| pick(lang, vi, en));
        c = c.mut_arg(&id, |a| {
            // Defaults and choices go into the sentence, in the reader's words.
            let default: Vec<String> =
                a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
            let a = a.hide_default_value(true).hide_possible_values(true);
            let a = match (help, default.is_empty()) {
                (Some(h), true) => a.help(h),
                (Some(h), false) => {
                    a.help(format!("{h} ({} {})", pick(lang, "mặc định:", "default:"), default.join(", ")))
                }
                (None, _) => a,
            };
            match value {
                Some(v) if a.get_action().takes_values() => a.value_name(v),
                _ => a,
            }
        });
    }
    c
}

/// The help template: clap's parts under headings in the reader's language.
fn template(c: &Command, lang: Lang, top: bool) -> String {
    let mut t = format!("{{about}}\n\n{} {{usage}}\n", pick(lang, "Cách dùng:", "Usage:"));
    if top {
        t += &format!("\n{}\n{{subcommands}}\n", pick(lang, "Lệnh:", "Commands:"));
    }
    if c.get_positionals().next().is_some() {
        t += &format!("\n{}\n{{positionals}}\n", pick(lang, "Tham số:", "Arguments:"));
    }
    t += &format!("\n{}\n{{options}}\n", pick(lang, "Tùy chọn:", "Options:"));
    if top {
        t += &format!(
            "\n{}\n",
            pick(
                lang,
                "Xem hướng dẫn của từng lệnh: thidua <LỆNH> --help",
                "Help on a command: thidua <COMMAND> --help"
            )
        );
    }
    t
}

/// "thidua check [TÙY_CHỌN] --data <DỮ_LIỆU>... <GÓI>": the options a
/// command needs, then its arguments (clap would write `[OPTIONS]`).
fn usage_line(c: &Command, name: &str, lang: Lang) -> String {
    let value = |a: &Arg| {
        let v = a
            .get_value_names()
            .and_then(|v| v.first())
            .map(|v| v.to_string())
            .unwrap_or_else(|| a.get_id().to_string());
        let many = matches!(a.get_action(), ArgAction::Append);
        format!("<{v}>{}", if many { "..." } else { "" })
    };
    let mut parts = vec![format!("thidua {name}"), pick(lang, "[TÙY_CHỌN]", "[OPTIONS]").to_string()];
    for a in c.get_arguments().filter(|a| !a.is_positional() && a.is_required_set()) {
        parts.push(format!("--{} {}", a.get_long().unwrap_or_default(), value(a)));
    }
    for a in c.get_positionals() {
        parts.push(value(a));
    }
    parts.join(" ")
}

fn help_arg(lang: Lang) -> Arg {
    Arg::new("help").short('h').long("help").action(ArgAction::Help).help(pick(
        lang,
        "In hướng dẫn này",
        "Print this help",
    ))
}

/// The command line in `lang`: every about, help text, value name, heading
/// and usage line.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    let about = |name: &str| COMMANDS.iter().find(|(c, ..)| *c == name).map(|(_, vi, en)| pick(lang, vi, en));
    let mut top = cmd
        .about(about("").unwrap_or_default())
        .arg(help_arg(lang))
        .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help(pick(
            lang,
            "In số phiên bản",
            "Print the version",
        )))
        .subcommand_value_name(pick(lang, "LỆNH", "COMMAND"));
    top = localize_args(top, "", lang);
    let names: Vec<String> = top.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        top = top.mut_subcommand(&name, |s| {
            let s = localize_args(s.about(about(&name).unwrap_or_default()).arg(help_arg(lang)), &name, lang);
            let usage = usage_line(&s, &name, lang);
            let t = template(&s, lang, false);
            s.help_template(t).override_usage(usage)
        });
    }
    let t = template(&top, lang, true);
    let usage = format!("thidua {} <{}>", pick(lang, "[TÙY_CHỌN]", "[OPTIONS]"), pick(lang, "LỆNH", "COMMAND"));
    top.help_template(t).override_usage(usage)
}

fn context(e: &clap::Error, k: ContextKind) -> Option<String> {
    match e.get(k)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Prints a help or version request, or a usage error in `lang`; returns
/// the exit code (0 for help and version, 2 for errors).
pub fn usage_error(e: &clap::Error, lang: Lang) -> i32 {
    use thidua::app::exit;
    match e.kind() {
        ErrorKind::DisplayHelp => {
            let _ = e.print();
            return exit::OK;
        }
        ErrorKind::DisplayVersion => {
            println!("thidua {}", env!("CARGO_PKG_VERSION"));
            return exit::OK;
        }
        _ => {}
    }
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let valid = context(e, ContextKind::ValidValue);
    let suggested = context(e, ContextKind::SuggestedArg)
        .or_else(|| context(e, ContextKind::SuggestedSubcommand))
        .or_else(|| context(e, ContextKind::SuggestedValue));
    let vi = lang == Lang::Vi;
    let mut msg = match e.kind() {
        ErrorKind::InvalidValue => match (vi, &valid) {
            (true, Some(v)) => format!("giá trị `{value}` không hợp lệ cho {arg}; chọn một trong: {v}"),
            (false, Some(v)) => format!("invalid value `{value}` for {arg}; one of: {v}"),
            (true, None) => format!("thiếu giá trị cho {arg}"),
            (false, None) => format!("{arg} needs a value"),
        },
        ErrorKind::ValueValidation => match vi {
            true => format!("giá trị `{value}` không hợp lệ cho {arg} (cần dạng: {})", source_text(e)),
            false => format!("invalid value `{value}` for {arg} (expected: {})", source_text(e)),
        },
        ErrorKind::UnknownArgument => match vi {
            true => format!("không có tùy chọn `{arg}` cho lệnh này"),
            false => format!("unexpected option `{arg}` for this command"),
        },
        ErrorKind::InvalidSubcommand => {
            let cmd = context(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            match vi {
                true => format!("không có lệnh `{cmd}`"),
                false => format!("unknown command `{cmd}`"),
            }
        }
        ErrorKind::MissingRequiredArgument => match vi {
            true => format!("thiếu {arg}"),
            false => format!("missing {arg}"),
        },
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => match vi {
            true => "cần một lệnh: new, validate, test, check, score, run, template, verify, diff, schema, serve"
                .to_string(),
            false => {
                "a command is needed: new, validate, test, check, score, run, template, verify, diff, schema, serve"
                    .to_string()
            }
        },
        ErrorKind::ArgumentConflict => match vi {
            true => format!("{arg} không dùng cùng {}", context(e, ContextKind::PriorArg).unwrap_or_default()),
            false => format!("{arg} cannot be used with {}", context(e, ContextKind::PriorArg).unwrap_or_default()),
        },
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => match vi {
            true => format!("số giá trị cho {arg} không đúng"),
            false => format!("wrong number of values for {arg}"),
        },
        // Kinds thidua's command line cannot produce: clap's own words.
        _ => e.to_string().trim_start_matches("error: ").trim_end().to_string(),
    };
    // clap may offer several ("schema, check" for `chekc`): the nearest one.
    let typed = context(e, ContextKind::InvalidSubcommand).unwrap_or_else(|| {
        if value.is_empty() {
            arg.clone()
        } else {
            value.clone()
        }
    });
    let suggested = suggested
        .and_then(|all| all.split(", ").min_by_key(|s| strsim::damerau_levenshtein(&typed, s)).map(str::to_string));
    if let Some(s) = suggested {
        msg += &match vi {
            true => format!(" (có phải `{s}`?)"),
            false => format!(" (did you mean `{s}`?)"),
        };
    }
    let usage = context(e, ContextKind::Usage).map(|u| u.replace("Usage: ", "")).unwrap_or_default();
    let mut out = format!("{}: {msg}\n", pick(lang, "lỗi", "error"));
    if !usage.trim().is_empty() {
        out += &format!("\n{} {}\n", pick(lang, "Cách dùng:", "Usage:"), usage.trim());
    }
    out += &format!("\n{}\n", pick(lang, "Xem thêm: thidua --help", "For more: thidua --help"));
    eprint!("{out}");
    exit::USAGE
}

/// The message of a value parser's error (the expected form).
fn source_text(e: &clap::Error) -> String {
    use std::error::Error;
    e.source().map(|s| s.to_string()).unwrap_or_default()
}
