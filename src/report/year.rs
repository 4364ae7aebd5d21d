//! A year's summary: the proposals of every step grouped by the authority
//! that decides them, each list with its legal basis and count, as a
//! document to sign; and the year's titles written as next year's history
//! register. Words only: what was decided comes from the steps' results.

use super::html::{esc, page};
use crate::data::Key;
use crate::i18n::Lang;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// One subject proposed for one award by one step.
#[derive(Debug, Clone)]
pub struct Proposed {
    /// Who decides (the pack's `decider`); none when the pack does not say.
    pub decider: Option<String>,
    pub award: String,
    pub source: Option<String>,
    pub key: Key,
    pub name: Option<String>,
    pub step: String,
    /// The title of the pack that decided it.
    pub pack: String,
    /// Its group under the award's quota and what the quota allows there
    /// (group, allowed, base), when the award has one.
    pub quota: Option<(String, u32, u32)>,
}

/// Each quota group of a list: how many it proposes against what the quota
/// allows ("UBX 2/2 (trên 11)"), in the order first met.
fn quota_words(ps: &[&Proposed], lang: Lang) -> Option<String> {
    let mut groups: Vec<(&str, u32, u32, usize)> = Vec::new();
    for p in ps {
        let Some((g, allowed, base)) = &p.quota else { continue };
        match groups.iter_mut().find(|x| x.0 == g) {
            Some(x) => x.3 += 1,
            None => groups.push((g, *allowed, *base, 1)),
        }
    }
    if groups.is_empty() {
        return None;
    }
    let each: Vec<String> = groups
        .iter()
        .map(|(g, allowed, base, n)| format!("{g} {n}/{allowed} ({} {base})", lang.pick("trên", "of")))
        .collect();
    Some(format!("{}: {}", lang.pick("hạn mức", "quota"), each.join(", ")))
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub title: String,
    pub as_of: NaiveDate,
    pub proposed: Vec<Proposed>,
}

/// One award's list under one authority: the award, its legal basis, the
/// subjects proposed.
type AwardList<'a> = (&'a str, Option<&'a str>, Vec<&'a Proposed>);

/// One authority's lists.
type Authority<'a> = (String, Vec<AwardList<'a>>);

/// A title held this year, for next year's history register.
#[derive(Debug, Clone)]
pub struct Held {
    pub dataset: String,
    /// The dataset's key column: the register's first column.
    pub key_column: String,
    pub key: Key,
    pub award: String,
}

/// The lists: by decider, then award, in the order first met; each list's
/// subjects in the order their steps gave them.
fn lists(s: &Summary) -> Vec<Authority<'_>> {
    let mut out: Vec<Authority<'_>> = Vec::new();
    for p in &s.proposed {
        let decider = p.decider.clone().unwrap_or_default();
        let at = match out.iter().position(|(d, _)| *d == decider) {
            Some(i) => i,
            None => {
                out.push((decider, Vec::new()));
                out.len() - 1
            }
        };
        let awards = &mut out[at].1;
        match awards.iter_mut().find(|(a, src, _)| *a == p.award && *src == p.source.as_deref()) {
            Some((_, _, v)) => v.push(p),
            None => awards.push((&p.award, p.source.as_deref(), vec![p])),
        }
    }
    out
}

fn decider_words(d: &str, lang: Lang) -> String {
    match d {
        "" => lang.pick("(bộ quy tắc chưa ghi cấp quyết định)", "(the pack does not name who decides)").into(),
        d => d.to_string(),
    }
}

/// `cap_quyet_dinh,hinh_thuc,can_cu,ma,ten,buoc,bo_quy_tac`: one row per proposal.
pub fn csv(s: &Summary, lang: Lang) -> String {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let head = match lang {
        Lang::Vi => ["cap_quyet_dinh", "hinh_thuc", "can_cu", "ma", "ten", "buoc", "bo_quy_tac"],
        Lang::En => ["decider", "award", "basis", "key", "name", "step", "pack"],
    };
    let _ = w.write_record(head);
    for (decider, awards) in lists(s) {
        for (award, source, ps) in awards {
            for p in ps {
                let _ = w.write_record([
                    decider_words(&decider, lang).as_str(),
                    award,
                    source.unwrap_or(""),
                    p.key.as_str(),
                    p.name.as_deref().unwrap_or(""),
                    &p.step,
                    &p.pack,
                ]);
            }
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The lists as a signable page, the verification code at its foot.
pub fn html(s: &Summary, code: &str, lang: Lang) -> String {
    let (nation, motto) = match lang {
        Lang::Vi => ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
        Lang::En => ("SOCIALIST REPUBLIC OF VIETNAM", "Independence - Freedom - Happiness"),
    };
    let mut body = format!(
        "<div class=\"head\"><div></div><div><b>{nation}</b><span class=\"motto\">{motto}</span></div></div>\n<h1>{}</h1>\n<p class=\"meta\">{} {}</p>\n",
        esc(&s.title),
        esc(lang.pick("Danh sách đề nghị khen thưởng theo cấp quyết định. Ngày xét:", "Proposals by deciding authority. Evaluation date:")),
        s.as_of.format("%d/%m/%Y")
    );
    if s.proposed.is_empty() {
        body += &format!("<p>{}</p>\n", esc(lang.pick("Không có đề nghị nào.", "No proposals.")));
    }
    for (decider, awards) in lists(s) {
        body += &format!("<h2>{}</h2>\n", esc(&decider_words(&decider, lang)));
        for (award, source, ps) in awards {
            let basis = source.map(|b| format!(" — {}: {}", lang.pick("căn cứ", "basis"), b)).unwrap_or_default();
            let quota = quota_words(&ps, lang).map(|q| format!("; {q}")).unwrap_or_default();
            body += &format!(
                "<h3>{}{} ({} {}{})</h3>\n",
                esc(award),
                esc(&basis),
                ps.len(),
                lang.pick("đề nghị", "proposed"),
                esc(&quota)
            );
            body += &list_table(&ps, lang);
        }
    }
    let date = match lang {
        Lang::Vi => format!("……………, ngày …… tháng …… năm {}", s.as_of.year()),
        Lang::En => format!("……………, …… / …… / {}", s.as_of.year()),
    };
    body += &format!(
        "<div class=\"sign\"><div></div><div><div class=\"date\">{date}</div><div class=\"who\">{}</div><div class=\"name\"></div></div></div>\n",
        lang.pick("NGƯỜI LẬP BIỂU", "PREPARED BY")
    );
    body += &format!(
        "<p class=\"fp\">{} <code>{code}</code></p>\n",
        esc(lang.pick("Mã kiểm chứng của hồ sơ (thidua verify):", "Verification code of the dossier (thidua verify):"))
    );
    page(lang.code(), &s.title, &body)
}

/// How many authorities the summary lists: one draft decision each.
pub fn authorities(s: &Summary) -> usize {
    lists(s).len()
}

/// The draft decision (dự thảo quyết định) of authority `i` of the
/// summary: the usual parts of a commendation decision around its lists,
/// every blank an official fills in left as dots, marked as a draft.
pub fn decision_html(s: &Summary, i: usize, code: &str, lang: Lang) -> String {
    let all = lists(s);
    let Some((decider, awards)) = all.get(i) else { return String::new() };
    let who = decider_words(decider, lang);
    let year = s.as_of.year();
    let (nation, motto) = match lang {
        Lang::Vi => ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
        Lang::En => ("SOCIALIST REPUBLIC OF VIETNAM", "Independence - Freedom - Happiness"),
    };
    let mut body = format!(
        "<div class=\"head\"><div><b>……………………</b><br/>{}</div><div><b>{nation}</b><span class=\"motto\">{motto}</span></div></div>\n",
        lang.pick("Số: ……/QĐ-……", "No.: ……/QĐ-……")
    );
    body += &format!("<p class=\"meta\"><b>{}</b></p>\n", lang.pick("DỰ THẢO", "DRAFT"));
    body += &format!(
        "<h1>{}</h1>\n<p style=\"text-align:center\">{} {}</p>\n<h2 style=\"text-align:center\">{}</h2>\n",
        lang.pick("QUYẾT ĐỊNH", "DECISION"),
        lang.pick("Về việc khen thưởng thành tích năm", "On commendations for the year"),
        year,
        esc(&who)
    );
    let mut bases: Vec<&str> = awards.iter().filter_map(|(_, b, _)| *b).collect();
    bases.dedup();
    for b in bases {
        body += &format!("<p>{} {};</p>\n", lang.pick("Căn cứ", "Having regard to"), esc(b));
    }
    body += &format!(
        "<p>{}</p>\n<h2>{}</h2>\n",
        lang.pick("Xét đề nghị của ……………………,", "On the proposal of ……………………,"),
        lang.pick("QUYẾT ĐỊNH:", "DECIDES:")
    );
    body += &match lang {
        Lang::Vi => "<p><b>Điều 1.</b> Khen thưởng các cá nhân, tập thể có tên trong danh sách kèm theo:</p>\n<ul>\n"
            .to_string(),
        Lang::En => "<p><b>Article 1.</b> Those named in the attached list are commended:</p>\n<ul>\n".to_string(),
    };
    for (award, _, ps) in awards {
        body += &match lang {
            Lang::Vi => format!("<li>{}: {} đối tượng;</li>\n", esc(award), ps.len()),
            Lang::En => format!("<li>{}: {};</li>\n", esc(award), ps.len()),
        };
    }
    body += "</ul>\n";
    body += &format!(
        "<p><b>{}</b> {}</p>\n<p><b>{}</b> {}</p>\n",
        lang.pick("Điều 2.", "Article 2."),
        lang.pick("Quyết định có hiệu lực kể từ ngày ký.", "This decision takes effect on signature."),
        lang.pick("Điều 3.", "Article 3."),
        lang.pick(
            "……………………… và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
            "……………………… and those named in Article 1 are responsible for carrying out this decision."
        )
    );
    body += &format!(
        "<div class=\"sign\"><div></div><div><div class=\"date\">……………, {}</div><div class=\"who\">{}</div><div class=\"name\"></div></div></div>\n",
        match lang {
            Lang::Vi => format!("ngày …… tháng …… năm {year}"),
            Lang::En => format!("…… / …… / {year}"),
        },
        esc(&who)
    );
    body += &format!("<h2>{}</h2>\n", lang.pick("DANH SÁCH KÈM THEO", "ATTACHED LIST"));
    for (award, _, ps) in awards {
        body += &format!("<h3>{} ({})</h3>\n", esc(award), ps.len());
        body += &list_table(ps, lang);
    }
    body += &format!(
        "<p class=\"fp\">{} <code>{code}</code></p>\n",
        esc(lang.pick("Mã kiểm chứng của hồ sơ (thidua verify):", "Verification code of the dossier (thidua verify):"))
    );
    // A decision is printed upright, unlike the wide result tables.
    let body = format!("<div style=\"page: portrait\">\n{body}</div>\n");
    page(lang.code(), &format!("{} — {}", lang.pick("Dự thảo quyết định", "Draft decision"), who), &body)
}

/// One award's subjects as a numbered table.
fn list_table(ps: &[&Proposed], lang: Lang) -> String {
    let mut t = format!(
        "<table>\n<colgroup><col style=\"width:7%\"/><col style=\"width:15%\"/><col style=\"width:48%\"/><col style=\"width:30%\"/></colgroup>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        lang.pick("STT", "No."),
        lang.pick("Mã", "Key"),
        lang.pick("Tên", "Name"),
        lang.pick("Bước", "Step")
    );
    for (i, p) in ps.iter().enumerate() {
        t += &format!(
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            i + 1,
            esc(p.key.as_str()),
            esc(p.name.as_deref().unwrap_or("")),
            esc(&p.step)
        );
    }
    t + "</table>\n"
}

/// The lists as a workbook to print and sign: the same header, lists and
/// signature block as the page, the code in every printed page's footer.
pub fn xlsx(s: &Summary, code: &str, lang: Lang) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};
    let mut wb = super::xlsx::workbook(s.as_of);
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("Tong hop", "Summary"))?;
    super::xlsx::setup_print(ws, &Some(code.to_string()), lang);
    let (nation, motto) = match lang {
        Lang::Vi => ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
        Lang::En => ("SOCIALIST REPUBLIC OF VIETNAM", "Independence - Freedom - Happiness"),
    };
    let bold = Format::new().set_bold();
    let centre = Format::new().set_bold().set_align(FormatAlign::Center);
    let head = Format::new().set_bold().set_border(FormatBorder::Thin).set_align(FormatAlign::Center);
    let cell = Format::new().set_border(FormatBorder::Thin);
    for (c, w) in [(0u16, 7.0), (1, 14.0), (2, 40.0), (3, 40.0)] {
        ws.set_column_width(c, w)?;
    }
    ws.write_string_with_format(0, 2, nation, &centre)?;
    ws.write_string_with_format(1, 2, motto, &centre)?;
    ws.write_string_with_format(3, 0, s.title.to_uppercase(), &bold.clone().set_font_size(14))?;
    let date = format!(
        "{} {}",
        lang.pick(
            "Danh sách đề nghị khen thưởng theo cấp quyết định. Ngày xét:",
            "Proposals by deciding authority. Evaluation date:"
        ),
        s.as_of.format("%d/%m/%Y")
    );
    ws.write_string_with_format(4, 0, date, &Format::new().set_italic())?;
    let mut row = 6u32;
    for (decider, awards) in lists(s) {
        ws.write_string_with_format(row, 0, decider_words(&decider, lang), &bold)?;
        row += 1;
        for (award, source, ps) in awards {
            let basis = source.map(|b| format!(" — {}: {b}", lang.pick("căn cứ", "basis"))).unwrap_or_default();
            let quota = quota_words(&ps, lang).map(|q| format!("; {q}")).unwrap_or_default();
            let line = format!("{award}{basis} ({} {}{quota})", ps.len(), lang.pick("đề nghị", "proposed"));
            ws.write_string_with_format(row, 0, line, &Format::new().set_bold().set_italic())?;
            row += 1;
            for (c, h) in
                [lang.pick("STT", "No."), lang.pick("Mã", "Key"), lang.pick("Tên", "Name"), lang.pick("Bước", "Step")]
                    .into_iter()
                    .enumerate()
            {
                ws.write_string_with_format(row, c as u16, h, &head)?;
            }
            row += 1;
            for (i, p) in ps.iter().enumerate() {
                ws.write_number_with_format(row, 0, (i + 1) as f64, &cell)?;
                ws.write_string_with_format(row, 1, p.key.as_str(), &cell)?;
                ws.write_string_with_format(row, 2, p.name.as_deref().unwrap_or(""), &cell)?;
                ws.write_string_with_format(row, 3, &p.step, &cell)?;
                row += 1;
            }
            row += 1;
        }
    }
    let date = match lang {
        Lang::Vi => format!("……………, ngày …… tháng …… năm {}", s.as_of.year()),
        Lang::En => format!("……………, …… / …… / {}", s.as_of.year()),
    };
    ws.write_string_with_format(row + 1, 3, date, &Format::new().set_italic().set_align(FormatAlign::Center))?;
    ws.write_string_with_format(row + 2, 3, lang.pick("NGƯỜI LẬP BIỂU", "PREPARED BY"), &centre)?;
    wb.save_to_buffer()
}

/// What the command prints: the count of each list and the code.
pub fn text(s: &Summary, code: &str, lang: Lang) -> String {
    let mut out = format!("{}\n", s.title);
    for (decider, awards) in lists(s) {
        out += &format!("{}\n", decider_words(&decider, lang));
        for (award, _, ps) in awards {
            let quota = quota_words(&ps, lang).map(|q| format!(" ({q})")).unwrap_or_default();
            out += &format!("  {award}: {}{quota}\n", ps.len());
        }
    }
    out += &format!("{} {code}\n", lang.pick("Mã kiểm chứng:", "Verification code:"));
    out
}

/// The year's titles as next year's history register, one file per
/// dataset: its key column, `nam`, `danh_hieu`, a row per title held.
pub fn history(titles: &[Held], as_of: NaiveDate) -> Vec<(String, String)> {
    let mut by_dataset: BTreeMap<&str, Vec<&Held>> = BTreeMap::new();
    for h in titles {
        by_dataset.entry(&h.dataset).or_default().push(h);
    }
    by_dataset
        .into_iter()
        .map(|(ds, rows)| {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record([rows[0].key_column.as_str(), "nam", "danh_hieu"]);
            for h in rows {
                let _ = w.write_record([h.key.as_str(), &as_of.year().to_string(), &h.award]);
            }
            (ds.to_string(), String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proposed(key: &str, quota: Option<(&str, u32, u32)>) -> Proposed {
        Proposed {
            decider: Some("Chủ tịch UBND cấp huyện".into()),
            award: "Chiến sĩ thi đua cơ sở".into(),
            source: Some("Điều 23".into()),
            key: Key::text(key),
            name: None,
            step: "Bước 1".into(),
            pack: "Gói".into(),
            quota: quota.map(|(g, a, b)| (g.to_string(), a, b)),
        }
    }

    #[test]
    fn a_list_under_a_quota_counts_each_group_against_it() {
        let s = Summary {
            title: "Năm".into(),
            as_of: NaiveDate::from_ymd_opt(2024, 12, 31).unwrap(),
            proposed: vec![
                proposed("A1", Some(("UBX", 2, 11))),
                proposed("A2", Some(("UBX", 2, 11))),
                proposed("B1", Some(("THA", 1, 6))),
            ],
        };
        let text = text(&s, "c0de", Lang::Vi);
        assert!(
            text.contains("  Chiến sĩ thi đua cơ sở: 3 (hạn mức: UBX 2/2 (trên 11), THA 1/1 (trên 6))\n"),
            "{text}"
        );
        let page = html(&s, "c0de", Lang::Vi);
        assert!(page.contains("(3 đề nghị; hạn mức: UBX 2/2 (trên 11), THA 1/1 (trên 6))"), "{page}");
        // Without a quota the count stands alone.
        let plain = Summary { proposed: vec![proposed("A1", None)], ..s };
        assert!(text_of(&plain).contains("  Chiến sĩ thi đua cơ sở: 1\n"));
    }

    fn text_of(s: &Summary) -> String {
        text(s, "c0de", Lang::Vi)
    }
}
