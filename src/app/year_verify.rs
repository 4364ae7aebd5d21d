//! `thidua verify ho-so-2024/manifest.json` for a year: the year file and
//! every pack and data file against their hashes, then the whole year run
//! again and each output compared byte for byte with the manifest and with
//! the published file. A CSV that differs is named by its step, subject and
//! column.

use super::error::AppError;
use super::year::{build, YearArgs, YearManifest};
use super::VerifyArgs;
use crate::audit::manifest::FileHash;
use crate::i18n::Lang;
use std::path::{Path, PathBuf};

pub fn verify_year(args: &VerifyArgs, bytes: &[u8]) -> Result<String, AppError> {
    let lang = args.lang;
    let bad = |detail: String| AppError::Input { path: args.manifest.clone(), detail };
    let m: YearManifest = serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
    let dossier = match args.manifest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut report = Vec::new();
    if let Some(want) = &args.expect {
        if !want.eq_ignore_ascii_case(&m.code) {
            report.push(format!(
                "{} {want} ≠ {}",
                lang.pick("mã kiểm chứng khác:", "verification code differs:"),
                m.code
            ));
        }
    }
    if super::year::code(&m) != m.code {
        report.push(
            lang.pick(
                "bản kê đã bị sửa: mã kiểm chứng không khớp nội dung",
                "the manifest was edited: its code does not match its contents",
            )
            .into(),
        );
    }
    let year_file = dossier.join(&m.year_file.path);
    if crate::audit::sha256_file(&year_file).as_deref() != Some(m.year_file.sha256.as_str()) {
        report.push(format!(
            "{} {}",
            lang.pick("tệp năm đã thay đổi hoặc không có:", "year file changed or missing:"),
            year_file.display()
        ));
        return Err(AppError::Different(finish(report, lang)));
    }
    let lang_run = if m.lang == "en" { Lang::En } else { Lang::Vi };
    let (year, packs) = crate::year::load(&year_file, &args.limits).map_err(AppError::Pack)?;
    let scratch = tempfile::tempdir().map_err(|e| bad(e.to_string()))?;
    let run = YearArgs {
        file: year_file.clone(),
        output: dossier.clone(),
        lang: lang_run,
        limits: args.limits,
        data_limits: args.data_limits.clone(),
    };
    match build(&run, &year, &packs, scratch.path(), &m.year_file.path) {
        Err(e) => report.push(format!(
            "{}\n{}",
            lang.pick("chạy lại không thành công:", "the re-run failed:"),
            e.render(lang)
        )),
        Ok(_) => {
            let again: YearManifest = std::fs::read(scratch.path().join(super::year::MANIFEST))
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok())
                .ok_or_else(|| {
                    bad(lang.pick("lần chạy lại không ghi được bản kê", "the re-run wrote no manifest").into())
                })?;
            for (old, new) in m.steps.iter().zip(&again.steps) {
                let inputs = old.pack.files.iter().zip(&new.pack.files).chain(old.data.iter().zip(&new.data));
                for (a, b) in inputs {
                    if a != b {
                        report.push(format!("{} `{}`: {}", lang.pick("bước", "step"), old.id, changed(a, lang)));
                    }
                }
            }
            let outputs = m.steps.iter().flat_map(|s| s.outputs.iter().map(move |o| (Some(s.id.as_str()), o)));
            for (step, out) in outputs.chain(m.outputs.iter().map(|o| (None, o))) {
                report.extend(output_problem(step, out, &dossier, scratch.path(), lang));
            }
            if again.code != m.code && report.is_empty() {
                report.push(
                    lang.pick("mã kiểm chứng của lần chạy lại khác", "the re-run's verification code differs").into(),
                );
            }
        }
    }
    if report.is_empty() {
        let files: usize = m.steps.iter().map(|s| s.outputs.len()).sum::<usize>() + m.outputs.len();
        Ok(match lang {
            Lang::Vi => format!(
                "Giống hệt: tệp năm, mọi tệp quy tắc và dữ liệu khớp mã băm; chạy lại {} bước cho {files} tệp trùng từng byte với hồ sơ.\nMã kiểm chứng: {}\n",
                m.steps.len(),
                m.code
            ),
            Lang::En => format!(
                "Identical: the year file and every pack and data file match their hashes; re-running {} steps gives {files} files identical byte for byte to the dossier.\nVerification code: {}\n",
                m.steps.len(),
                m.code
            ),
        })
    } else {
        Err(AppError::Different(finish(report, lang)))
    }
}

fn finish(report: Vec<String>, lang: Lang) -> String {
    let mut s = report.join("\n");
    s += "\n";
    s += lang.pick("KHÔNG khớp với bản kê.\n", "Does NOT match the manifest.\n");
    s
}

fn changed(f: &FileHash, lang: Lang) -> String {
    format!("{} {}", lang.pick("tệp đầu vào đã thay đổi:", "input changed:"), f.path)
}

/// What differs in one output: against the manifest, and against the
/// published file; a CSV names the first subject and column that differ.
fn output_problem(step: Option<&str>, out: &FileHash, dossier: &Path, rerun: &Path, lang: Lang) -> Option<String> {
    let now = std::fs::read(rerun.join(&out.path)).ok();
    let published = std::fs::read(dossier.join(&out.path)).ok();
    let now_hash = now.as_deref().map(crate::audit::sha256);
    let where_ = match step {
        Some(s) => format!("{} `{s}`, {}", lang.pick("bước", "step"), out.path),
        None => out.path.clone(),
    };
    if now_hash.as_deref() == Some(out.sha256.as_str()) && published.as_deref() == now.as_deref() {
        return None;
    }
    let detail = match (&published, &now) {
        (None, _) => lang.pick("không có trong hồ sơ", "missing from the dossier").to_string(),
        (Some(p), Some(n)) if out.path.ends_with(".csv") => csv_difference(p, n, lang),
        _ => lang.pick("khác với lần chạy lại", "differs from the re-run").to_string(),
    };
    Some(format!("{where_}: {detail}"))
}

/// The first cell that differs between two CSV results: the row's key (its
/// first cells) and the column's name.
fn csv_difference(published: &[u8], now: &[u8], lang: Lang) -> String {
    let rows = |b: &[u8]| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(b)
            .records()
            .filter_map(Result::ok)
            .map(|r| r.iter().map(|c| c.trim_start_matches('\u{feff}').to_string()).collect())
            .collect()
    };
    let (a, b) = (rows(published), rows(now));
    let head = a.first().cloned().unwrap_or_default();
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        if let Some(c) = (0..x.len().max(y.len())).find(|&c| x.get(c) != y.get(c)) {
            // The row's subject: its key, with the award or round beside it.
            let names = ["ma", "key", "danh_hieu", "award", "vong_cham", "round"];
            let key: Vec<&str> =
                head.iter().zip(x).filter(|(h, _)| names.contains(&h.as_str())).map(|(_, v)| v.as_str()).collect();
            let col = head.get(c).map_or("?", String::as_str);
            let (was, is) = (x.get(c).map_or("", String::as_str), y.get(c).map_or("", String::as_str));
            return match lang {
                Lang::Vi => {
                    format!("dòng {} ({}), cột `{col}`: hồ sơ ghi «{was}», chạy lại được «{is}»", i + 1, key.join(", "))
                }
                Lang::En => format!(
                    "row {} ({}), column `{col}`: the dossier has «{was}», the re-run gives «{is}»",
                    i + 1,
                    key.join(", ")
                ),
            };
        }
    }
    match lang {
        Lang::Vi => format!("số dòng khác: hồ sơ {} dòng, chạy lại {} dòng", a.len(), b.len()),
        Lang::En => format!("row counts differ: the dossier has {}, the re-run {}", a.len(), b.len()),
    }
}
