//! `thidua verify`: re-hash the inputs, re-run, compare.

use super::check::{run_check, CheckArgs};
use super::error::AppError;
use super::run::{Outputs, RunArgs};
use super::score::{run_score, ScoreArgs};
use crate::data::Key;
use crate::i18n::Lang;
use crate::limits::DataLimits;
use crate::report::Format;
use crate::script::ScriptLimits;
use std::path::{Path, PathBuf};

/// The run a manifest records, within `caps` (verify's own limits): the
/// inverse of [`check_options`] and [`score_options`], field by field.
pub fn run_of(
    o: &crate::audit::manifest::Options,
    caps: (&ScriptLimits, &DataLimits),
    stamp: bool,
) -> Result<Run, String> {
    let crate::audit::manifest::Options {
        command,
        pack,
        data,
        as_of,
        lang,
        format,
        explain,
        by_decider,
        by_subject,
        awards,
        subjects,
        scorecard,
        groups,
        stage,
        max_operations,
        max_file_bytes,
        max_rows,
        max_field_bytes,
        encoding,
        sheet,
        sheets,
    } = o;
    let (sl, dl) = caps;
    let as_of = crate::pack::parse_date(as_of).ok_or_else(|| format!("as_of `{as_of}`"))?;
    let format = Format::parse(format).ok_or_else(|| format!("format `{format}`"))?;
    let lang = match lang.as_str() {
        "vi" => Lang::Vi,
        "en" => Lang::En,
        other => return Err(format!("lang `{other}`")),
    };
    let limits = ScriptLimits { max_operations: (*max_operations).min(sl.max_operations), ..*sl };
    let data_limits = DataLimits {
        max_file_bytes: max_file_bytes.unwrap_or(dl.max_file_bytes).min(dl.max_file_bytes),
        max_rows: max_rows.unwrap_or(dl.max_rows).min(dl.max_rows),
        max_field_bytes: max_field_bytes.unwrap_or(dl.max_field_bytes).min(dl.max_field_bytes),
        encoding: *encoding,
        sheet: sheet.clone(),
        sheets: sheets.clone(),
    };
    let run = RunArgs {
        pack: PathBuf::from(pack),
        data: data.clone(),
        as_of: Some(as_of),
        format,
        explain: *explain,
        outputs: Outputs { stamp, ..Outputs::default() },
        lang,
        limits,
        data_limits,
        carried: Default::default(),
        keep_results: false,
    };
    match command.as_str() {
        "check" => Ok(Run::Check(CheckArgs {
            run,
            awards: awards.clone(),
            subjects: subjects.iter().map(|s| Key::text(s)).collect(),
            by_decider: *by_decider,
            by_subject: *by_subject,
        })),
        "score" => Ok(Run::Score(ScoreArgs {
            run,
            scorecard: scorecard.clone(),
            groups: groups.iter().map(|s| Key::text(s)).collect(),
            stage: stage.clone(),
        })),
        other => Err(format!("command `{other}`")),
    }
}

/// A command a manifest can record.
#[derive(Debug, Clone, PartialEq)]
pub enum Run {
    Check(CheckArgs),
    Score(ScoreArgs),
}

/// `thidua verify`: re-hashes the inputs a manifest names, re-runs the
/// command it records and compares the outputs byte for byte.
/// What `thidua verify` is asked.
pub struct VerifyArgs {
    pub manifest: PathBuf,
    /// The fingerprint printed on the signed paper (`--expect`).
    pub expect: Option<String>,
    pub lang: Lang,
    /// Verify's own limits: the re-run never uses more than these, whatever
    /// the manifest records.
    pub limits: ScriptLimits,
    pub data_limits: DataLimits,
}

/// `thidua verify`: the manifest is the run's (`--expect`), every input is
/// the one hashed, the re-run gives the recorded outputs, and every published
/// output is still the one recorded. Paths are read from the manifest's own
/// folder, so it may be run from anywhere.
pub fn verify(args: &VerifyArgs) -> Result<String, AppError> {
    use crate::audit::{manifest::Manifest, read_regular, FileProblem};
    let lang = args.lang;
    let bad = |detail: String| AppError::Input { path: args.manifest.clone(), detail };
    // The manifest itself: a regular file of sane size, in the strict schema.
    let bytes = read_regular(&args.manifest, 64 << 20).map_err(|p| bad(p.render(lang)))?;
    // A year's dossier has its own manifest.
    if serde_json::from_slice::<serde_json::Value>(&bytes).is_ok_and(|v| v["kind"] == "year") {
        return super::year_verify::verify_year(args, &bytes);
    }
    let m: Manifest = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
    let o = &m.options;
    // The recorded run, field by field, within verify's own limits.
    let run = run_of(o, (&args.limits, &args.data_limits), m.manifest_version >= 2)
        .map_err(|what| bad(format!("{} {what}", lang.pick("giá trị không hợp lệ:", "invalid value:"))))?;
    if m.pack.files.is_empty() || m.data.is_empty() || m.outputs.is_empty() {
        return Err(bad(lang
            .pick(
                "bản kê không ghi tệp quy tắc, tệp dữ liệu hoặc kết quả nào: không có gì để kiểm chứng",
                "the manifest names no pack file, data file or output: there is nothing to verify",
            )
            .into()));
    }
    let mut report = Vec::new();
    let fp = m.fingerprint();
    if let Some(want) = &args.expect {
        report.extend(expect_problem(want, &fp, lang));
    }
    // Paths are relative to the folder of the run, found from the manifest's.
    let manifest_dir = match args.manifest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let base = match &m.run_dir {
        Some(r) => manifest_dir.join(r),
        None => PathBuf::from("."),
    };
    let at = |p: &str| base.join(p);
    let max_file = args.data_limits.max_file_bytes.max(crate::limits::MAX_PACK_FILE_BYTES);
    let mut missing = 0;
    // A changed input outside the manifest's folder is not re-run: the
    // re-run's messages quote what it reads, and a received manifest could
    // name any file of this machine (one whose hash matches, its author knew).
    let home = manifest_dir.canonicalize().unwrap_or_else(|_| manifest_dir.clone());
    let outside = |p: &Path| !p.canonicalize().is_ok_and(|c| c.starts_with(&home));
    let mut foreign: Vec<&str> = Vec::new();
    let inputs: Vec<&crate::audit::manifest::FileHash> = m.pack.files.iter().chain(&m.data).collect();
    for f in &inputs {
        let read = read_regular(&at(&f.path), max_file);
        if !matches!(&read, Ok(b) if crate::audit::sha256(b) == f.sha256)
            && at(&f.path).exists()
            && outside(&at(&f.path))
        {
            foreign.push(&f.path);
        }
        match read {
            Ok(b) if crate::audit::sha256(&b) == f.sha256 => {}
            Ok(_) => report.push(format!("{} {}", lang.pick("tệp đầu vào đã thay đổi:", "input changed:"), f.path)),
            Err(FileProblem::Missing) => {
                missing += 1;
                report.push(format!("{} {}", lang.pick("thiếu tệp đầu vào:", "missing input:"), f.path));
            }
            Err(p) => report.push(format!("{}: {}", f.path, p.render(lang))),
        }
    }
    if missing == inputs.len() {
        report.push(none_found(&base, lang));
    }
    if !foreign.is_empty() {
        report.push(not_rerun(&foreign, lang));
        let mut s = report.join("\n");
        s += "\n";
        s += lang.pick("KHÔNG khớp với bản kê.\n", "Does NOT match the manifest.\n");
        return Err(AppError::Different(s));
    }
    // The re-run, in the run's folder.
    let want_trace = m.outputs.iter().any(|x| x.kind == "trace");
    let here = std::env::current_dir().ok();
    std::env::set_current_dir(&base).map_err(|e| bad(format!("{}: {e}", base.display())))?;
    let rerun = match &run {
        Run::Score(a) => run_score(a, want_trace),
        Run::Check(a) => run_check(a, want_trace),
    };
    match rerun {
        Err(e) => report.push(format!(
            "{}\n{}",
            lang.pick("chạy lại không thành công:", "the re-run failed:"),
            e.render(lang)
        )),
        Ok(run) => {
            // The warnings printed with the result are part of it: what the
            // run left out or read in a way the reader should know.
            if run.warnings != m.warnings {
                report.push(warnings_differ(&m.warnings, &run.warnings, lang));
            }
            for out in &m.outputs {
                report.extend(output_problems(out, &run, o, max_file, lang));
            }
        }
    }
    if let Some(h) = here {
        let _ = std::env::set_current_dir(h);
    }
    if report.is_empty() {
        Ok(identical(inputs.len(), m.outputs.len(), &fp, lang))
    } else {
        let mut s = report.join("\n");
        s += "\n";
        s += lang.pick("KHÔNG khớp với bản kê.\n", "Does NOT match the manifest.\n");
        Err(AppError::Different(s))
    }
}

/// What is wrong with the fingerprint an auditor gives (`--expect`): too
/// short to tell runs apart, or not this manifest's.
fn expect_problem(want: &str, fp: &str, lang: Lang) -> Vec<String> {
    let mut problems = Vec::new();
    let want = want.trim().to_ascii_lowercase();
    if want.chars().count() < 12 {
        // Too short to tell one run from another: said as such, not as
        // a mismatch the auditor would chase.
        problems.push(match lang {
            Lang::Vi => format!(
                "--expect `{want}` có {} ký tự: cần ít nhất 12 ký tự đầu của mã kiểm chứng in trên giấy (mã đủ có {} ký tự)",
                want.chars().count(),
                fp.len()
            ),
            Lang::En => format!(
                "--expect `{want}` has {} characters: give at least the first 12 of the fingerprint printed on the paper ({} in full)",
                want.chars().count(),
                fp.len()
            ),
        });
    } else if !fp.starts_with(&want) {
        problems.push(format!(
            "{} {want}, {} {fp}",
            lang.pick("mã kiểm chứng không khớp: giấy ghi", "fingerprint mismatch: the paper says"),
            lang.pick("bản kê này là", "this manifest is")
        ));
    }
    problems
}

/// What differs for one recorded output: the re-run's bytes, the published
/// file's, and, for a workbook or a JSON result, which cells or subjects.
fn output_problems(
    out: &crate::audit::manifest::Output,
    run: &super::run::RunOutput,
    o: &crate::audit::manifest::Options,
    max_file: u64,
    lang: Lang,
) -> Vec<String> {
    use crate::audit::{read_regular, FileProblem};
    let mut problems = Vec::new();
    let (raw, what) = match out.kind.as_str() {
        "trace" => (run.trace.clone().unwrap_or_default().into_bytes(), lang.pick("tệp vết", "trace")),
        _ => (run.text.clone(), lang.pick("kết quả", "result")),
    };
    let place = out.path.clone().unwrap_or_else(|| lang.pick("(màn hình)", "(standard output)").into());
    let rerun_same = crate::audit::sha256(&raw) == out.sha256;
    if !rerun_same {
        problems.push(format!(
            "{} {what} {place}",
            lang.pick("chạy lại cho kết quả khác bản kê:", "the re-run differs from the manifest:")
        ));
    }
    // The published file must still be the one recorded.
    let Some(path) = &out.path else { return problems };
    let published = match read_regular(Path::new(path), max_file.max(1 << 30)) {
        Ok(b) => b,
        Err(FileProblem::Missing) => {
            problems.push(format!(
                "{} {path}",
                lang.pick("thiếu tệp kết quả đã công bố:", "the published output is missing:")
            ));
            return problems;
        }
        Err(p) => {
            problems.push(format!("{path}: {}", p.render(lang)));
            return problems;
        }
    };
    let published_same = crate::audit::sha256(&published) == out.sha256;
    if !published_same {
        problems.push(format!(
            "{} {path}",
            lang.pick(
                "tệp kết quả đã công bố đã bị sửa (mã băm khác bản kê):",
                "the published output was altered (its hash differs from the manifest):"
            )
        ));
    }
    // A workbook: which cells differ, or only its bytes (saved
    // again by a spreadsheet program, no value changed).
    if !published_same && rerun_same && o.format == "xlsx" {
        if let Some(changes) = crate::audit::cells::changes(&raw, &published) {
            if changes.is_empty() {
                problems.push(
                    lang.pick(
                        "  (tệp đã được lưu lại, nội dung các ô không đổi)",
                        "  (the file was saved again; no cell's value changed)",
                    )
                    .to_string(),
                );
            }
            for c in changes.iter().take(20) {
                problems.push(format!("  {}", c.render(lang)));
            }
            if changes.len() > 20 {
                problems.push(match lang {
                    Lang::Vi => format!("  … và {} ô khác", changes.len() - 20),
                    Lang::En => format!("  … and {} more cells", changes.len() - 20),
                });
            }
        }
    }
    // Name the subjects whose published result is not the re-run's.
    if (!rerun_same || !published_same) && out.kind == "result" && o.format == "json" {
        if let (Ok(a), Ok(b)) =
            (serde_json::from_slice::<serde_json::Value>(&published), serde_json::from_slice::<serde_json::Value>(&raw))
        {
            if let Some(changes) = crate::audit::diff::diff(&a, &b, lang) {
                problems.push(crate::audit::diff::render(&changes, lang).trim_end().to_string());
            }
        }
    }
    problems
}

/// The warnings a run printed are part of its result: what it left out or
/// read in a way the reader should know.
fn warnings_differ(recorded: &[String], rerun: &[String], lang: Lang) -> String {
    let shown = |ws: &[String]| match ws.is_empty() {
        true => lang.pick("(không có)", "(none)").to_string(),
        false => ws.join(" | "),
    };
    match lang {
        Lang::Vi => format!(
            "cảnh báo ghi trong bản kê khác với cảnh báo khi chạy lại: bản kê ghi {}; chạy lại cho {}",
            shown(recorded),
            shown(rerun)
        ),
        Lang::En => format!(
            "the warnings recorded in the manifest differ from the re-run's: recorded {}; re-run {}",
            shown(recorded),
            shown(rerun)
        ),
    }
}

/// No input was where the manifest says: most likely copied without its data.
fn none_found(base: &Path, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!(
            "(không tìm thấy tệp đầu vào nào: các đường dẫn tính từ thư mục {}; bản kê có được chép cùng dữ liệu không?)",
            base.display()
        ),
        Lang::En => format!(
            "(no input was found: paths are read from {}; was the manifest copied with its data?)",
            base.display()
        ),
    }
}

/// Changed inputs outside the manifest's folder: never re-run, as the re-run's
/// messages would quote what they read.
fn not_rerun(foreign: &[&str], lang: Lang) -> String {
    match lang {
        Lang::Vi => format!(
            "không chạy lại: {} nằm ngoài thư mục của bản kê và không khớp mã băm; nội dung không được đọc để in ra",
            foreign.join(", ")
        ),
        Lang::En => format!(
            "not re-run: {} lies outside the manifest's folder and does not match its hash; its contents are not read out",
            foreign.join(", ")
        ),
    }
}

/// What a verification that found nothing different says.
fn identical(inputs: usize, outputs: usize, fp: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!(
            "Giống hệt: {inputs} tệp đầu vào khớp mã băm; chạy lại cho {outputs} kết quả trùng từng byte với bản kê và với các tệp đã công bố.\nMã kiểm chứng: {fp}\n"
        ),
        Lang::En => format!(
            "Identical: {inputs} input files match their hashes; the re-run gives {outputs} outputs identical byte for byte to the manifest and to the published files.\nFingerprint: {fp}\n"
        ),
    }
}
