//! What the page says, in the officer's terms: a problem on its field ("Số
//! sáng kiến: cần số nguyên"), a bad upload by its file, row and column
//! label, a wrong sheet recognised by its headers; never a server path, a
//! temporary file or a command-line flag. The CLI's messages are the source;
//! this module only names their places as the page shows them.

use super::fields::Problem;
use super::pages::{esc, page};
use super::run::{upload_path, Failed, Upload};
use crate::data::{DataError, DataErrorKind};
use crate::i18n::Lang;
use crate::pack::{Dataset, Pack};
use axum::http::StatusCode;
use axum::response::Response;

/// A page listing what to correct; each item names its form field
/// (`data-field`), which the form's script marks beside the field.
pub fn problems_page(lang: Lang, title: &str, problems: &[Problem]) -> Response {
    let items: String =
        problems.iter().map(|p| format!("<li data-field=\"{}\">{}</li>", esc(&p.field), esc(&p.text))).collect();
    let body = format!(
        "<p>{}</p><ul class=\"problems\">{items}</ul>",
        lang.pick(
            "Chưa xét được. Sửa các ô sau rồi xét lại:",
            "Not checked yet. Correct these fields and check again:"
        )
    );
    let mut r = page(lang, title, &[], &body);
    *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    r
}

/// The warnings a run's manifest records, in the officer's terms: files by
/// the name they were uploaded under, columns by their labels; those about
/// the uploaded data first (what was read a doubtful way), then the rest.
pub fn run_warnings(manifest: &str, pk: &Pack, files: &[Upload], lang: Lang) -> Vec<String> {
    let all: Vec<String> = serde_json::from_str::<serde_json::Value>(manifest)
        .ok()
        .and_then(|m| m["warnings"].as_array().map(|a| a.iter().filter_map(|w| w.as_str().map(plain)).collect()))
        .unwrap_or_default();
    let prefix = lang.pick("cảnh báo: ", "warning: ");
    let (mut about_data, rest): (Vec<String>, Vec<String>) = all
        .into_iter()
        .map(|w| w.strip_prefix(prefix).map(str::to_string).unwrap_or(w))
        .partition(|w| files.iter().any(|f| w.contains(&upload_path(f))));
    about_data = about_data.into_iter().map(|w| officer_terms(&w, pk, files, lang)).collect();
    about_data.extend(rest);
    about_data
}

/// A CLI message with each upload named as uploaded (`«ds.xlsx» (bảng «Cá
/// nhân»)`) and each of its columns by its label.
pub fn officer_terms(text: &str, pk: &Pack, files: &[Upload], lang: Lang) -> String {
    let mut s = text.to_string();
    for f in files {
        let Some(ds) = pk.datasets.get(&f.dataset) else { continue };
        let named = match lang {
            Lang::Vi => format!("tệp «{}» (bảng «{}»)", f.name, title_of(pk, &f.dataset)),
            Lang::En => format!("file «{}» (dataset «{}»)", f.name, title_of(pk, &f.dataset)),
        };
        s = s.replace(&upload_path(f), &named);
        for (code, col) in &ds.columns {
            let label = super::fields::label(ds, code, col, lang);
            s = s.replace(&format!("\"{code}\""), &format!("«{label}»"));
            s = s.replace(&format!("`{code}`"), &format!("«{label}»"));
        }
    }
    s
}

/// The report with, above it, what the reader must see before the verdict:
/// the run's warnings, awards not checked, and every date used, in words.
pub fn with_notes(
    report: Vec<u8>,
    dates: &[(String, chrono::NaiveDate)],
    notes: &[String],
    warnings: &[String],
    lang: Lang,
) -> Vec<u8> {
    let mut block = String::new();
    let mut said: Vec<&String> = warnings.iter().collect();
    said.extend(notes);
    if !said.is_empty() {
        let list: String = said.iter().map(|w| format!("<li>{}</li>", esc(w))).collect();
        block += &format!(
            "<div class=\"warnings\" style=\"border:1pt solid #b8860b;background:#fff8e1;padding:4pt 6pt;margin:0 0 6pt;font-size:10pt\"><b>{}</b><ul style=\"margin:2pt 0 0;padding-left:16pt\">{list}</ul></div>",
            lang.pick("Cảnh báo — đọc trước khi dùng kết quả:", "Warnings — read before using the result:")
        );
    }
    if !dates.is_empty() {
        let list: String = dates
            .iter()
            .map(|(what, d)| {
                format!(
                    "<li>{}: <b>{}</b> ({})</li>",
                    esc(what),
                    esc(&crate::i18n::date_in_words(*d, lang)),
                    d.format("%d/%m/%Y")
                )
            })
            .collect();
        block += &format!(
            "<div class=\"dates\" style=\"border:1pt solid #9bb;background:#f3f8f8;padding:4pt 6pt;margin:0 0 6pt;font-size:10pt\">{}<ul style=\"margin:2pt 0 0;padding-left:16pt\">{list}</ul></div>",
            lang.pick("Các ngày đã dùng để xét:", "Dates used:")
        );
    }
    if block.is_empty() {
        return report;
    }
    let text = String::from_utf8_lossy(&report).into_owned();
    match text.find("<body>") {
        Some(i) => format!("{}{block}{}", &text[..i + 6], &text[i + 6..]).into_bytes(),
        None => format!("{block}{text}").into_bytes(),
    }
}

/// Where a data error lies, as the page shows it.
pub enum Source<'a> {
    /// The pre-check form: for each related table, the field prefix of each
    /// written row and its number as shown.
    Form { own: &'a str, rows: &'a [(String, Vec<(usize, String)>)] },
    /// Uploaded files.
    Uploads,
}

/// A run that failed, answered in the officer's terms.
pub fn failure_page(lang: Lang, pk: &Pack, f: &Failed, files: &[Upload], source: Source) -> Response {
    let problems: Vec<Problem> = if f.data.is_empty() {
        vec![Problem { field: String::new(), text: plain(&f.message) }]
    } else {
        data_problems(lang, pk, &f.data, files, &source)
    };
    problems_page(lang, lang.pick("Không xét được", "Could not be checked"), &problems)
}

fn title_of<'a>(pk: &'a Pack, ds: &'a str) -> &'a str {
    pk.datasets.get(ds).and_then(|d| d.title.as_deref()).unwrap_or(ds)
}

/// Each data error named where the officer finds it; the missing columns of
/// one file said once, with what the file looks like instead.
fn data_problems(lang: Lang, pk: &Pack, errors: &[DataError], files: &[Upload], source: &Source) -> Vec<Problem> {
    let mut out = Vec::new();
    let upload_of =
        |e: &DataError| files.iter().find(|f| e.loc.file.ends_with(upload_path(f)) || e.loc.file.ends_with(&f.name));
    let mut missing: Vec<(&Upload, Vec<String>)> = Vec::new();
    for e in errors {
        let Some(f) = upload_of(e) else {
            out.push(Problem { field: String::new(), text: plain(&e.message(lang)) });
            continue;
        };
        let ds = pk.datasets.get(&f.dataset);
        let column = |c: &str| {
            ds.and_then(|d| d.columns.get(c).map(|col| super::fields::label(d, c, col, lang))).unwrap_or(c.to_string())
        };
        match (&e.kind, source) {
            (DataErrorKind::MissingColumn { .. }, Source::Uploads) => {
                let label = column(e.loc.field.as_deref().unwrap_or(""));
                match missing.iter_mut().find(|(u, _)| std::ptr::eq(*u, f)) {
                    Some((_, list)) => list.push(label),
                    None => missing.push((f, vec![label])),
                }
            }
            (DataErrorKind::NoKnownColumns { .. }, Source::Uploads) => {
                out.push(Problem { field: String::new(), text: wrong_sheet(lang, pk, f, false) });
            }
            (DataErrorKind::NoSheetWithKey { .. }, Source::Uploads) => {
                out.push(Problem { field: String::new(), text: wrong_sheet(lang, pk, f, true) });
            }
            (DataErrorKind::Workbook(_), Source::Uploads) => out.push(Problem {
                field: String::new(),
                text: match lang {
                    Lang::Vi => format!("Tệp «{}» bị hỏng hoặc không phải sổ tính Excel/LibreOffice (xlsx, xls, ods) hay CSV: mở lại bằng Excel, lưu lại rồi tải lên.", f.name),
                    Lang::En => format!("File «{}» is damaged or is not an Excel/LibreOffice workbook (xlsx, xls, ods) or CSV: open it in Excel, save it again and upload it.", f.name),
                },
            }),
            (_, Source::Form { own, rows }) => {
                let (field, what) = form_place(lang, pk, f, e, own, rows);
                let text = match &what {
                    Some(w) => format!("{w}: {}", plain(&e.message(lang))),
                    None => plain(&e.message(lang)),
                };
                out.push(Problem { field, text });
            }
            (_, Source::Uploads) => {
                let mut place = match lang {
                    Lang::Vi => format!("Tệp «{}» (bảng «{}»)", f.name, title_of(pk, &f.dataset)),
                    Lang::En => format!("File «{}» (dataset «{}»)", f.name, title_of(pk, &f.dataset)),
                };
                match (&e.loc.sheet_cell, e.loc.line) {
                    (Some(cell), _) => place += &format!(", {} {cell}", lang.pick("ô", "cell")),
                    (None, Some(row)) => place += &format!(", {} {row}", lang.pick("dòng", "row")),
                    _ => {}
                }
                if let Some(c) = &e.loc.field {
                    place += &format!(", {} «{}»", lang.pick("cột", "column"), column(c));
                }
                out.push(Problem { field: String::new(), text: format!("{place}: {}", plain(&e.message(lang))) });
            }
        }
    }
    for (f, labels) in missing {
        let shown: Vec<String> = labels.iter().take(6).map(|l| format!("«{l}»")).collect();
        let more = labels.len().saturating_sub(6);
        let mut text = match lang {
            Lang::Vi => format!(
                "Tệp «{}» thiếu {} cột của bảng «{}»: {}",
                f.name,
                labels.len(),
                title_of(pk, &f.dataset),
                shown.join(", ")
            ),
            Lang::En => format!(
                "File «{}» lacks {} columns of «{}»: {}",
                f.name,
                labels.len(),
                title_of(pk, &f.dataset),
                shown.join(", ")
            ),
        };
        if more > 0 {
            text += &match lang {
                Lang::Vi => format!(" và {more} cột khác"),
                Lang::En => format!(" and {more} more"),
            };
        }
        // What the file looks like first: the likeliest fix is the other field.
        let text = match looks_like(pk, f, lang) {
            Some(like) => format!("{like} ({text})"),
            None => {
                text + lang.pick(
                    ". Tải tệp mẫu của bảng ở trên để có đủ các cột.",
                    ". Download the dataset's template above for every column.",
                )
            }
        };
        out.push(Problem { field: String::new(), text });
    }
    out
}

/// A form error's field and the words that place it: the subject's own
/// field, or a related table's row as shown.
fn form_place(
    lang: Lang,
    pk: &Pack,
    f: &Upload,
    e: &DataError,
    own: &str,
    rows: &[(String, Vec<(usize, String)>)],
) -> (String, Option<String>) {
    let ds = pk.datasets.get(&f.dataset);
    let label = |c: &str| ds.and_then(|d| d.columns.get(c).map(|col| super::fields::label(d, c, col, lang)));
    let col = e.loc.field.as_deref();
    if f.dataset == own {
        let field = col.map(|c| format!("c.{c}")).unwrap_or_default();
        return (field, col.and_then(label));
    }
    // Row 1 of the file is its header; the second row is the first written.
    let written = rows.iter().find(|(d, _)| *d == f.dataset).map(|(_, w)| w.as_slice()).unwrap_or(&[]);
    let row = e.loc.line.and_then(|r| r.checked_sub(2)).and_then(|i| written.get(i));
    let title = title_of(pk, &f.dataset);
    match row {
        Some((shown, prefix)) => {
            let at = match lang {
                Lang::Vi => format!("«{title}», dòng {shown}"),
                Lang::En => format!("«{title}», row {shown}"),
            };
            let what = match col.and_then(label) {
                Some(l) => format!("{at}: {l}"),
                None => at,
            };
            (col.map(|c| format!("{prefix}{c}")).unwrap_or_default(), Some(what))
        }
        None => (String::new(), Some(format!("«{title}»"))),
    }
}

/// The headers of an uploaded file: a CSV's first line, or the first
/// non-empty row of each sheet of a workbook.
pub(crate) fn headers(f: &Upload) -> Vec<(String, Vec<String>)> {
    let lower = f.name.to_lowercase();
    if [".xlsx", ".xlsm", ".xls", ".ods"].iter().any(|x| lower.ends_with(x)) {
        use calamine::Reader;
        let Ok(mut wb) = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(&f.bytes[..])) else {
            return Vec::new();
        };
        let names = wb.sheet_names();
        return names
            .iter()
            .map(|n| {
                let head = wb.worksheet_range(n).ok().and_then(|r| {
                    r.rows()
                        .take(20)
                        .map(|row| row.iter().map(|c| c.to_string().trim().to_string()).collect::<Vec<_>>())
                        .find(|row| row.iter().filter(|c| !c.is_empty()).count() >= 2)
                });
                (n.clone(), head.unwrap_or_default())
            })
            .collect();
    }
    let text = String::from_utf8_lossy(&f.bytes[..f.bytes.len().min(64 << 10)]).into_owned();
    let Some(line) = text.lines().find(|l| !l.trim().is_empty()) else { return Vec::new() };
    let sep = [',', ';', '\t'].into_iter().max_by_key(|c| line.matches(*c).count()).unwrap_or(',');
    vec![(String::new(), line.split(sep).map(|h| h.trim().trim_matches('"').to_string()).collect())]
}

/// The dataset whose columns `heads` name most (at least two).
fn best_match<'a>(pk: &'a Pack, heads: &[String]) -> Option<(&'a str, usize)> {
    pk.file_datasets().map(|(id, d)| (id.as_str(), matches(d, heads))).filter(|(_, n)| *n >= 2).max_by_key(|(_, n)| *n)
}

/// Each sheet of an upload with the title of the dataset it looks like.
pub fn sheets_with_guess<'a>(pk: &'a Pack, f: &Upload) -> Vec<(String, Option<&'a str>)> {
    headers(f).into_iter().map(|(name, heads)| (name, best_match(pk, &heads).map(|(id, _)| title_of(pk, id)))).collect()
}

/// How many of `heads` name a column of `ds`.
fn matches(ds: &Dataset, heads: &[String]) -> usize {
    heads.iter().filter(|h| !h.is_empty() && ds.column_for_header(&crate::ground::text::nfc(h)).is_some()).count()
}

/// "This file looks like «Cá nhân», not «Đơn vị»": the dataset whose columns
/// the file's headers name most, when it is another than the one chosen.
fn looks_like(pk: &Pack, f: &Upload, lang: Lang) -> Option<String> {
    let sheets = headers(f);
    let own = pk.datasets.get(&f.dataset)?;
    let here = sheets.iter().map(|(_, h)| matches(own, h)).max().unwrap_or(0);
    let (best, n) = pk
        .file_datasets()
        .filter(|(id, _)| **id != f.dataset)
        .map(|(id, d)| (id, sheets.iter().map(|(_, h)| matches(d, h)).max().unwrap_or(0)))
        .max_by_key(|(_, n)| *n)?;
    let (like, chosen) = (title_of(pk, best), title_of(pk, &f.dataset));
    (n >= 2 && n > here).then(|| match lang {
        Lang::Vi => format!(
            "Tệp «{}» giống bảng «{like}» ({n} cột trùng), không phải bảng «{chosen}»: có phải chọn nhầm tệp cho ô này?", f.name
        ),
        Lang::En => format!(
            "File «{}» looks like «{like}» ({n} columns in common), not «{chosen}»: was it chosen for the wrong field?", f.name
        ),
    })
}

/// A file with none of its dataset's columns, or a workbook without a sheet
/// holding them: what it looks like, and what the sheet needs.
fn wrong_sheet(lang: Lang, pk: &Pack, f: &Upload, workbook: bool) -> String {
    let title = title_of(pk, &f.dataset);
    let own = pk.datasets.get(&f.dataset);
    let key = own.map(|d| {
        let col = &d.columns[d.key.as_str()];
        super::fields::label(d, &d.key, col, lang)
    });
    let mut text = match (lang, looks_like(pk, f, lang)) {
        (_, Some(like)) => like,
        (Lang::Vi, None) => format!(
            "Tệp «{}» không có dòng tiêu đề của bảng «{title}» (cần ít nhất cột «{}»).",
            f.name,
            key.clone().unwrap_or_default()
        ),
        (Lang::En, None) => format!(
            "File «{}» has no header row of «{title}» (it needs at least the column «{}»).",
            f.name,
            key.clone().unwrap_or_default()
        ),
    };
    if workbook {
        let sheets = sheet_names(f);
        if sheets.len() > 1 {
            text += &match lang {
                Lang::Vi => format!(
                    " Sổ tính có các trang: {}; chọn đúng trang ở ô «Trang tính» bên cạnh tệp.",
                    sheets.join(", ")
                ),
                Lang::En => format!(
                    " The workbook has sheets {}; choose the right one under «Sheet» beside the file.",
                    sheets.join(", ")
                ),
            };
        }
    }
    text + lang.pick(
        " Tải tệp mẫu của bảng ở trên để có đúng các cột.",
        " Download the dataset's template above for the right columns.",
    )
}

/// The sheets of an uploaded workbook, in order.
pub fn sheet_names(f: &Upload) -> Vec<String> {
    use calamine::Reader;
    calamine::open_workbook_auto_from_rs(std::io::Cursor::new(&f.bytes[..]))
        .map(|wb| wb.sheet_names())
        .unwrap_or_default()
}

/// A CLI message as the page says it: no command-line flags (the page has
/// its fields instead), no server folders.
pub fn plain(text: &str) -> String {
    const FLAGS: [(&str, &str, &str); 8] = [
        ("--as-of", "Ngày xét", "the evaluation date"),
        ("--data", "tệp dữ liệu", "a data file"),
        ("--sheet", "ô Trang tính", "the Sheet field"),
        ("--max-file-mb", "giới hạn của máy phục vụ", "the server's limit"),
        ("--max-rows", "giới hạn của máy phục vụ", "the server's limit"),
        ("--encoding", "bảng mã", "the encoding"),
        ("--award", "danh hiệu", "the award"),
        ("--scorecard", "bảng điểm", "the scorecard"),
    ];
    // A parenthesis that only tells how to change a flag is dropped whole.
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find(" (") {
        let Some(close) = rest[open..].find(')') else { break };
        let inner = &rest[open..open + close + 1];
        out += &rest[..open];
        if !inner.contains("--") {
            out += inner;
        }
        rest = &rest[open + close + 1..];
    }
    out += rest;
    let vi = !text.is_ascii();
    for (flag, w_vi, w_en) in FLAGS {
        out =
            out.replace(&format!("`{flag}`"), if vi { w_vi } else { w_en }).replace(flag, if vi { w_vi } else { w_en });
    }
    out.replace("thidua serve", "máy phục vụ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn flags_never_reach_the_page() {
        let s = super::plain("tệp quá lớn (3 MB, giới hạn 2 MB; nâng bằng --max-file-mb)");
        assert_eq!(s, "tệp quá lớn");
        let s = super::plain("chưa có dữ liệu cho bảng `don_vi`: thêm --data");
        assert!(!s.contains("--"), "{s}");
    }
}
