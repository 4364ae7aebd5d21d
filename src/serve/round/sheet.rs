//! One unit's sheet at one stage: the form made from the scorecard tree
//! (code, name, maximum, method, the unit's targets, the cells to enter),
//! the points the engine gives shown beside each item, the earlier stage's
//! cells beside the reviewer's with differences marked, and the actions
//! its owner and its reviewer may take.

use super::auth::{self, token_field, Who};
use super::model::{counts, node_reads, SheetModel};
use super::{access, closed, deadline_words, field, forbidden, h, load, not_found, round_page, Ctx, Fields, Part};
use crate::i18n::{number, Lang};
use crate::store::rounds::Unit;
use crate::store::sheets::{self, Conflict, Status};
use axum::extract::{Path, State as St};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

use super::super::{Shared, State};

/// The round, the unit and the stage's index, for an account that may see
/// that sheet (404 otherwise: a sheet one may not see is not there).
fn place<'a>(
    s: &'a State,
    who: &Who,
    (id, unit, stage): &(i64, String, String),
) -> Result<(Ctx<'a>, Unit, usize), Response> {
    let c = load(s, who, *id, Part::ClusterOf(unit))?;
    let n = c.round.stages.len();
    let (Some(u), Some(k)) = (c.unit(unit).cloned(), c.round.stages.iter().position(|x| &x.id == stage)) else {
        return Err(not_found(s.lang));
    };
    if !access::sees_sheet(&who.account, &u, k, n) {
        return Err(forbidden(s.lang));
    }
    Ok((c, u, k))
}

/// The sheet a changing form is posted to, for an account that may see
/// it, with the session's form token.
fn placed<'a>(
    s: &'a State,
    who: &Who,
    p: &(i64, String, String),
    f: &Fields,
    headers: &HeaderMap,
) -> Result<(Ctx<'a>, Unit, usize), Response> {
    let placed = place(s, who, p)?;
    who.check(field(f, "csrf"), headers, s.lang)?;
    Ok(placed)
}

/// The points the engine gives `vals` for the unit at stage `k`, scored
/// with the cluster's other units that have sent that stage (a criterion
/// against the cluster's leader needs them): points per node, the total,
/// or the engine's messages.
pub fn points(
    s: &State,
    c: &Ctx,
    m: &SheetModel,
    (u, k): (&Unit, usize),
    vals: &BTreeMap<String, String>,
) -> Result<(Vec<Decimal>, Decimal), Vec<String>> {
    let lang = s.lang;
    let missing: Vec<String> = m
        .entered()
        .filter(|col| !vals.contains_key(*col) && m.column(col).is_some_and(|x| !x.optional && !x.checklist))
        .map(|col| m.column(col).map(|x| x.label_in(col, lang).to_string()).unwrap_or_else(|| col.to_string()))
        .collect();
    if !missing.is_empty() {
        return Err(vec![format!(
            "{} {}",
            lang.pick(
                "Điểm được tính khi đủ số liệu. Còn thiếu:",
                "Points are given once every figure is in. Still missing:"
            ),
            missing.join("; ")
        )]);
    }
    // The vote counts decide ranks and proposals, never an item's points:
    // a preview without them yet scores every item that does not read them.
    let reads_votes = m.sc.nodes().iter().any(|n| node_reads(n).iter().any(|r| m.votes.contains(&r.as_str())));
    let mut unit = u.clone();
    let mut others_units: Vec<Unit> = Vec::new();
    if !reads_votes {
        for v in &m.votes {
            unit.fixed.entry(v.to_string()).or_insert_with(|| "0".into());
        }
    }
    let u = &unit;
    let stage = &c.round.stages[k].id;
    for o in c.units.iter().filter(|o| o.cluster == u.cluster && o.key != u.key) {
        if c.sheet(&o.key, stage).is_some_and(counts) {
            let mut o = o.clone();
            if !reads_votes {
                for v in &m.votes {
                    o.fixed.entry(v.to_string()).or_insert_with(|| "0".into());
                }
            }
            others_units.push(o);
        }
    }
    let mut rows = vec![(u, k, vals)];
    rows.extend(others_units.iter().filter_map(|o| c.sheet(&o.key, stage).map(|x| (o, k, &x.vals))));
    let mut all = vec![unit.clone()];
    all.extend(others_units.iter().cloned());
    let csv = m.csv(&all, &rows);
    let stage_col: Vec<&str> = m.sc.stages.iter().map(|st| st.column.as_str()).collect();
    let file = std::path::PathBuf::from(format!("{}.csv", u.key));
    let in_words = |e: &crate::data::DataError| {
        let col = e.loc.field.as_deref().unwrap_or("");
        let label = m.column(col).map(|x| x.label_in(col, lang).to_string()).unwrap_or_else(|| col.to_string());
        format!("{label}: {}", e.message(lang))
    };
    let table = crate::data::table::read_csv_bytes(m.ds, &file, &csv, &stage_col)
        .map_err(|errs| errs.iter().map(in_words).collect::<Vec<_>>())?;
    let as_of = c.round.as_of.parse().unwrap_or_default();
    let opts = crate::eval::score::ScoreOptions {
        as_of,
        clusters: None,
        record_inputs: false,
        until: m.sc.stages.as_ref().map(|_| stage.clone()),
    };
    let outcome = crate::eval::score::score(&c.served.cp, c.sc_index, &table, &opts).map_err(|e| match e {
        crate::eval::score::ScoreError::Data(d) => d.iter().map(in_words).collect::<Vec<String>>(),
        crate::eval::score::ScoreError::Eval(d) => {
            d.iter().map(|e| crate::i18n::Localized::render(e, s.lang)).collect::<Vec<String>>()
        }
    })?;
    let mine = outcome.final_stage().units.iter().find(|x| crate::data::Key::of(&x.key).as_str() == u.key);
    mine.map(|x| (x.points.clone(), x.total)).ok_or_else(Vec::new)
}

/// Reads the posted cells: each entered column as its type reads it;
/// problems named on their fields. `whole`: every required cell filled
/// (sending); a draft may leave cells empty.
fn read_cells(
    m: &SheetModel,
    f: &Fields,
    whole: bool,
    lang: Lang,
) -> (BTreeMap<String, String>, Vec<(String, String)>) {
    let (mut vals, mut problems) = (BTreeMap::new(), Vec::new());
    for col_name in m.entered() {
        let Some(col) = m.column(col_name) else { continue };
        let raw = field(f, &format!("c_{col_name}")).trim();
        let label = col.label_in(col_name, lang).to_string();
        if raw.is_empty() {
            if whole && !col.optional && !col.checklist {
                problems.push((
                    col_name.to_string(),
                    format!("{label}: {}", lang.pick("cần nhập trước khi gửi", "needed before sending")),
                ));
            }
            continue;
        }
        match super::super::fields::read(m.ds, col, raw, &label, lang) {
            Ok(Some(r)) => {
                vals.insert(col_name.to_string(), r.cell);
            }
            Ok(None) => {}
            Err(e) => problems.push((col_name.to_string(), e)),
        }
    }
    (vals, problems)
}

fn input(m: &SheetModel, col_name: &str, value: &str, editable: bool, lang: Lang) -> String {
    let Some(col) = m.column(col_name) else { return String::new() };
    let label = col.label_in(col_name, lang);
    let shown = shown(m, col_name, value, lang);
    if !editable {
        return format!("<span class=\"cell\" title=\"{}\">{}</span>", h(label), h(&shown));
    }
    if let Some(options) = super::super::fields::choices(m.pack, m.ds, col_name, col, lang) {
        let mut s =
            format!("<select name=\"c_{}\" aria-label=\"{}\"><option value=\"\"></option>", h(col_name), h(label));
        for (v, text) in options {
            let sel = if v == value { " selected=\"selected\"" } else { "" };
            s += &format!("<option value=\"{}\"{sel}>{}</option>", h(&v), h(&text));
        }
        return s + "</select>";
    }
    format!(
        "<input name=\"c_{}\" value=\"{}\" aria-label=\"{}\" size=\"10\" inputmode=\"decimal\"/>",
        h(col_name),
        h(&shown),
        h(label)
    )
}

/// A stored cell as the officer reads it (a decimal with a comma in Vietnamese).
fn shown(m: &SheetModel, col_name: &str, value: &str, lang: Lang) -> String {
    let col = m.column(col_name);
    match col.map(|c| c.ty) {
        Some(crate::pack::ColumnType::Decimal) | Some(crate::pack::ColumnType::Int) => value
            .parse::<Decimal>()
            .map(|d| number(d, lang).replace(if lang == Lang::Vi { "." } else { "," }, ""))
            .unwrap_or_else(|_| value.to_string()),
        Some(crate::pack::ColumnType::Bool) if !value.is_empty() => {
            crate::i18n::yes_no(lang, value == "có").to_string()
        }
        Some(crate::pack::ColumnType::Enum) => col.map(|c| c.value_label(value, lang).to_string()).unwrap_or_default(),
        _ => value.to_string(),
    }
}

/// What the page shows: the typed values (after a refused save) or the stored.
struct View<'v> {
    vals: &'v BTreeMap<String, String>,
    typed: Option<&'v Fields>,
    problems: &'v [(String, String)],
    message: Option<String>,
}

fn cell_value(m: &SheetModel, view: &View, col: &str, lang: Lang) -> String {
    match view.typed {
        Some(f) => field(f, &format!("c_{col}")).to_string(),
        None => view.vals.get(col).map(|v| shown(m, col, v, lang)).unwrap_or_default(),
    }
}

/// The fields of one item's figures, and the earlier stage's values beside
/// them (each marked where they differ).
fn figure_fields(
    m: &SheetModel,
    view: &View,
    cols: &[&str],
    prev: Option<&BTreeMap<String, String>>,
    (editable, lang): (bool, Lang),
) -> (String, String) {
    let mut inputs = String::new();
    let mut before = String::new();
    for col in cols {
        let label = m.column(col).map(|x| x.label_in(col, lang)).unwrap_or(col);
        let value = cell_value(m, view, col, lang);
        let bad = view
            .problems
            .iter()
            .find(|(c, _)| c == col)
            .map(|(_, t)| format!("<small class=\"bad\">{}</small>", h(t)))
            .unwrap_or_default();
        let differs = prev.is_some_and(|p| p.get(*col) != view.vals.get(*col));
        // The earlier stage's value as this field holds it, for the page
        // to mark a difference as it is typed.
        let before_attr = prev
            .map(|p| {
                let raw = p.get(*col).map(String::as_str).unwrap_or("");
                let as_field = match m.column(col).map(|x| x.ty) {
                    Some(crate::pack::ColumnType::Bool | crate::pack::ColumnType::Enum) => raw.to_string(),
                    _ => shown(m, col, raw, lang),
                };
                format!(" data-truoc=\"{}\"", h(&as_field))
            })
            .unwrap_or_default();
        inputs += &format!(
            "<label class=\"fig{}\"{before_attr}>{}<br/>{}{bad}</label>",
            if differs { " khac" } else { "" },
            h(label),
            input(m, col, &value, editable, lang)
        );
        if let Some(p) = prev {
            before += &format!("<div>{}</div>", h(&shown(m, col, p.get(*col).map(String::as_str).unwrap_or(""), lang)));
        }
    }
    (inputs, before)
}

#[allow(clippy::too_many_arguments)]
fn tree_html(
    s: &State,
    c: &Ctx,
    m: &SheetModel,
    (u, k): (&Unit, usize),
    editable: bool,
    view: &View,
    prev: Option<&BTreeMap<String, String>>,
) -> String {
    let lang = s.lang;
    let nodes = m.sc.nodes();
    let labels = crate::report::score_view::criterion_labels(m.sc, lang);
    let pts = points(s, c, m, (u, k), view.vals);
    let prev_head = match (prev, k) {
        (Some(_), k) if k > 0 => format!("<th>{}</th>", h(&m.stage_words(&c.round.stages[k - 1].id, lang))),
        _ => String::new(),
    };
    let mut out = format!(
        "<table class=\"sheet\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>{prev_head}<th>{}</th></tr></thead><tbody>",
        lang.pick("Tiêu chí", "Criterion"),
        lang.pick("Tối đa", "Max"),
        lang.pick("Cách chấm; chỉ tiêu giao", "Method; targets set"),
        lang.pick("Số liệu", "Figures"),
        lang.pick("Điểm", "Points"),
    );
    for (i, n) in nodes.iter().enumerate() {
        let max = n.max.or(n.cap).map(|x| number(x.0.normalize(), lang)).unwrap_or_default();
        let p = match &pts {
            Ok((p, _)) => number(p[i], lang),
            Err(_) => "…".into(),
        };
        if n.items.is_some() {
            out += &format!(
                "<tr class=\"g\"><td colspan=\"4\">{}</td>{}<td class=\"n\" data-diem=\"{}\"><b>{p}</b></td></tr>",
                h(&labels[i]),
                if prev_head.is_empty() { "" } else { "<td></td>" },
                i
            );
            continue;
        }
        let reads = node_reads(n);
        let targets: Vec<String> = m
            .fixed
            .iter()
            .filter(|f| reads.iter().any(|r| r == *f))
            .map(|f| {
                let label = m.column(f).map(|c| c.label_in(f, lang)).unwrap_or(f);
                format!("{}: {}", label, shown(m, f, u.fixed.get(*f).map(String::as_str).unwrap_or(""), lang))
            })
            .collect();
        let method = n.method.map(|x| crate::report::score::method_label(x, lang)).unwrap_or("");
        let cols: &[&str] = m.leaves.iter().find(|(j, _)| *j == i).map(|(_, c)| c.as_slice()).unwrap_or(&[]);
        let (inputs, before) = figure_fields(m, view, cols, prev, (editable, lang));
        let prev_cell = if prev_head.is_empty() { String::new() } else { format!("<td class=\"prev\">{before}</td>") };
        out += &format!(
            "<tr><td>{}</td><td class=\"n\">{max}</td><td>{}{}</td><td>{inputs}</td>{prev_cell}<td class=\"n\" data-diem=\"{i}\">{p}</td></tr>",
            h(&labels[i]),
            h(method),
            if targets.is_empty() { String::new() } else { format!("<br/><small>{}</small>", h(&targets.join("; "))) },
        );
    }
    let total = match &pts {
        Ok((_, t)) => number(*t, lang),
        Err(_) => "…".into(),
    };
    out += &format!("<tr class=\"total\"><td colspan=\"4\"><b>{}</b></td>{}<td class=\"n\" data-diem=\"tong\"><b>{total}</b></td></tr></tbody></table>",
        lang.pick("Tổng điểm", "Total"), if prev_head.is_empty() { "" } else { "<td></td>" });
    let waiting = match &pts {
        Err(msgs) if !msgs.is_empty() => msgs.join("\n"),
        _ => String::new(),
    };
    out += &format!(
        "<pre class=\"errors preview\" aria-live=\"polite\"{}>{}</pre>",
        if waiting.is_empty() { " hidden=\"hidden\"" } else { "" },
        h(&waiting)
    );
    let other: Vec<&str> = m.other.clone();
    if !other.is_empty() {
        out += &format!("<h3>{}</h3><div class=\"other\">", lang.pick("Số liệu khác", "Other figures"));
        for col in other {
            let label = m.column(col).map(|x| x.label_in(col, lang)).unwrap_or(col);
            let value = cell_value(m, view, col, lang);
            out += &format!("<label class=\"fig\">{}<br/>{}</label> ", h(label), input(m, col, &value, editable, lang));
        }
        out += "</div>";
    }
    out
}

pub async fn page(St(s): St<Shared>, who: Who, Path(p): Path<(i64, String, String)>) -> Response {
    let (c, u, k) = match place(&s, &who, &p) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let empty = BTreeMap::new();
    let vals = c.sheet(&u.key, &p.2).map(|x| &x.vals).unwrap_or(&empty);
    render(&s, &who, (&c, &u, k), View { vals, typed: None, problems: &[], message: None })
}

fn render(s: &State, who: &Who, (c, u, k): (&Ctx, &Unit, usize), view: View) -> Response {
    let lang = s.lang;
    let m = c.model();
    let n = c.round.stages.len();
    let stage = &c.round.stages[k];
    let sheet = c.sheet(&u.key, &stage.id);
    let status = sheet.map(|x| x.status).unwrap_or(Status::Draft);
    let editable =
        access::edits(&who.account, u, k, n) && status.open() && !closed(stage.deadline) && (k == 0 || sheet.is_some());
    let prev = (k > 0).then(|| c.sheet(&u.key, &c.round.stages[k - 1].id).map(|x| &x.vals)).flatten();
    let mut body = String::new();
    if let Some(msg) = &view.message {
        body += &format!("<pre class=\"errors\" role=\"alert\">{}</pre>", h(msg));
    }
    body += &format!(
        "<p class=\"state\"><b>{}</b> — {}; {}</p>",
        h(status.words(lang)),
        h(&deadline_words(stage.deadline, lang)),
        match sheet {
            Some(x) => format!(
                "{} {} {} {}",
                lang.pick("lưu lần cuối bởi", "last saved by"),
                h(&x.updated_by),
                lang.pick("lúc", "at"),
                crate::store::local_time(x.updated_at)
            ),
            None => lang.pick("chưa nhập", "nothing entered yet").into(),
        }
    );
    let hist = who.store.read(|cn| sheets::history(cn, c.round.id, Some(&u.key))).unwrap_or_default();
    if let Some(r) = hist.iter().rev().find(|e| e.stage.as_deref() == Some(&stage.id) && e.action == "tra_lai") {
        if status == Status::Returned {
            body += &format!(
                "<p class=\"returned\" role=\"alert\">{}: {}</p>",
                lang.pick("Lý do trả lại", "Returned because"),
                h(r.after.as_deref().unwrap_or(""))
            );
        }
    }
    if k > 0 && sheet.is_none() {
        body += &format!(
            "<p>{}</p>",
            lang.pick(
                "Vòng này bắt đầu khi vòng trước được nhận.",
                "This stage begins when the previous one is accepted."
            )
        );
    }
    let action = format!("{}/don-vi/{}/{}", c.href(), h(&u.key), h(&stage.id));
    body += &format!("<form method=\"post\" action=\"{action}\" class=\"sheet\"{}>{}<input type=\"hidden\" name=\"phien_ban\" value=\"{}\"/>",
        if editable { format!(" data-preview=\"{action}/tinh-thu\"") } else { String::new() },
        token_field(who), sheet.map_or(0, |x| x.version));
    body += &tree_html(s, c, &m, (u, k), editable, &view, prev);
    let comment = match view.typed {
        Some(f) => field(f, "ghi_chu").to_string(),
        None => sheet.map(|x| x.comment.clone()).unwrap_or_default(),
    };
    if editable {
        body += &format!(
            "<p><label>{}<br/><textarea name=\"ghi_chu\" rows=\"3\" cols=\"80\">{}</textarea></label></p>",
            lang.pick("Ghi chú", "Comment"),
            h(&comment)
        );
        body += &format!(
            "<p class=\"actions\"><button type=\"submit\" name=\"hanh_dong\" value=\"luu\">{}</button> <button type=\"submit\" name=\"hanh_dong\" value=\"gui\">{}</button> <small>{}</small></p>",
            lang.pick("Lưu", "Save"), lang.pick("Gửi", "Send"),
            lang.pick("Gửi thì phiếu bị khoá; chỉ mở lại khi bị trả lại.", "Sending locks the sheet; it opens again only if returned.")
        );
    } else if !comment.is_empty() {
        body += &format!("<p>{}: {}</p>", lang.pick("Ghi chú", "Comment"), h(&comment));
    }
    let review_open = k + 1 >= n || !closed(c.round.stages[k + 1].deadline);
    if access::reviews(&who.account, u, k, n) && status == Status::Submitted && review_open {
        body += &format!(
            "<fieldset class=\"review\"><legend>{}</legend><p><label>{}<br/><textarea name=\"ly_do\" rows=\"2\" cols=\"80\"></textarea></label></p>\
<p><button type=\"submit\" name=\"hanh_dong\" value=\"nhan\">{}</button> <button type=\"submit\" name=\"hanh_dong\" value=\"tra_lai\">{}</button></p></fieldset>",
            lang.pick("Xem xét phiếu", "Review"), lang.pick("Lý do (bắt buộc khi trả lại)", "Reason (needed to return)"),
            lang.pick("Nhận", "Accept"), lang.pick("Trả lại", "Return")
        );
    }
    body += "</form>";
    body += &super::evidence::section(s, who, c, (u, k), editable);
    body += &history_html(&hist, &stage.id, &m, lang);
    let title = format!("{} — {}", u.name, m.stage_words(&stage.id, lang));
    let mut r = round_page(lang, who, &title, &[(c.href(), c.round.title.clone())], &body);
    if view.typed.is_some() {
        *r.status_mut() =
            if view.problems.is_empty() { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
    }
    r
}

fn history_html(hist: &[sheets::Entry], stage: &str, m: &SheetModel, lang: Lang) -> String {
    let rows: String = hist
        .iter()
        .filter(|e| e.stage.as_deref() == Some(stage))
        .map(|e| {
            let what = e
                .field
                .as_deref()
                .map(|f| m.column(f).map(|c| c.label_in(f, lang).to_string()).unwrap_or_else(|| f.to_string()))
                .unwrap_or_default();
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                crate::store::local_time(e.at),
                h(&e.who),
                h(&super::results::action_words(&e.action, lang)),
                h(&what),
                h(e.before.as_deref().unwrap_or("")),
                h(e.after.as_deref().unwrap_or(""))
            )
        })
        .collect();
    format!(
        "<details class=\"history\"><summary>{}</summary><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{rows}</tbody></table></details>",
        lang.pick("Lịch sử của phiếu", "The sheet's history"), lang.pick("Lúc", "When"), lang.pick("Ai", "Who"),
        lang.pick("Việc", "What"), lang.pick("Ô", "Cell"), lang.pick("Trước", "Before"), lang.pick("Sau / lý do", "After / reason")
    )
}

/// The owner's save or send (`a`: "luu" or "gui"): the store's answer, or
/// the page refusing it.
fn owner_act(
    s: &State,
    who: &Who,
    (c, u, k): (&Ctx, &Unit, usize),
    f: &Fields,
    a: &str,
) -> Result<crate::store::Result<sheets::Change>, Response> {
    let (lang, n) = (s.lang, c.round.stages.len());
    let stage = c.round.stages[k].id.clone();
    let seen: i64 = field(f, "phien_ban").parse().unwrap_or(-1);
    let key = (c.round.id, u.key.as_str(), stage.as_str());
    let by = who.account.id;
    if !access::edits(&who.account, u, k, n) {
        return Err(forbidden(lang));
    }
    if closed(c.round.stages[k].deadline) {
        let m = lang.pick(
            "Vòng này đã hết hạn; không lưu hay gửi được nữa. Hội đồng có thể dời hạn.",
            "This stage is closed; it can no longer be saved or sent. The council may move the deadline.",
        );
        return Err(refused(s, who, (c, u, k), f, StatusCode::FORBIDDEN, m.into()));
    }
    if k > 0 && c.sheet(&u.key, &stage).is_none() {
        let m = lang
            .pick("Vòng này bắt đầu khi vòng trước được nhận.", "This stage begins when the previous one is accepted.");
        return Err(refused(s, who, (c, u, k), f, StatusCode::CONFLICT, m.into()));
    }
    let m = c.model();
    let (vals, problems) = read_cells(&m, f, a == "gui", lang);
    if !problems.is_empty() {
        let empty = BTreeMap::new();
        let view = View {
            vals: &empty,
            typed: Some(f),
            problems: &problems,
            message: Some(problems.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>().join("\n")),
        };
        return Err(render(s, who, (c, u, k), view));
    }
    let comment = field(f, "ghi_chu").trim().to_string();
    Ok(who.store.write(|tx| {
        let saved = sheets::save(tx, key, seen, &vals, &comment, by)?;
        match saved {
            Ok(v) if a == "gui" => {
                sheets::transition(tx, key, v, (&[Status::Draft, Status::Returned], Status::Submitted), None, by)
            }
            other => Ok(other),
        }
    }))
}

/// The reviewer's accept or return (`a`: "nhan" or "tra_lai").
fn reviewer_act(
    s: &State,
    who: &Who,
    (c, u, k): (&Ctx, &Unit, usize),
    f: &Fields,
    a: &str,
) -> Result<crate::store::Result<sheets::Change>, Response> {
    let (lang, n) = (s.lang, c.round.stages.len());
    let stage = c.round.stages[k].id.clone();
    let seen: i64 = field(f, "phien_ban").parse().unwrap_or(-1);
    let key = (c.round.id, u.key.as_str(), stage.as_str());
    let by = who.account.id;
    if !access::reviews(&who.account, u, k, n) {
        return Err(forbidden(lang));
    }
    if k + 1 < n && closed(c.round.stages[k + 1].deadline) {
        let m = lang.pick("Vòng xem xét đã hết hạn.", "The reviewing stage is closed.");
        return Err(refused(s, who, (c, u, k), f, StatusCode::FORBIDDEN, m.into()));
    }
    let reason = field(f, "ly_do").trim().to_string();
    if a == "tra_lai" && reason.is_empty() {
        let m = lang.pick("Trả lại phiếu cần ghi lý do.", "Returning a sheet needs a reason.");
        return Err(refused(s, who, (c, u, k), f, StatusCode::UNPROCESSABLE_ENTITY, m.into()));
    }
    let next = c.round.stages.get(k + 1).map(|x| x.id.clone());
    Ok(who.store.write(|tx| {
        if a == "tra_lai" {
            return sheets::transition(tx, key, seen, (&[Status::Submitted], Status::Returned), Some(&reason), by);
        }
        let done = sheets::transition(
            tx,
            key,
            seen,
            (&[Status::Submitted], Status::Accepted),
            (!reason.is_empty()).then_some(reason.as_str()),
            by,
        )?;
        if let (Ok(_), Some(next)) = (&done, &next) {
            sheets::start_from(tx, c.round.id, &u.key, (&stage, next), by)?;
        }
        Ok(done)
    }))
}

pub async fn act(
    St(s): St<Shared>,
    who: Who,
    Path(p): Path<(i64, String, String)>,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let lang = s.lang;
    let (c, u, k) = match placed(&s, &who, &p, &f, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let stage = c.round.stages[k].id.clone();
    let outcome = match field(&f, "hanh_dong") {
        a @ ("luu" | "gui") => match owner_act(&s, &who, (&c, &u, k), &f, a) {
            Ok(x) => x,
            Err(r) => return r,
        },
        a @ ("nhan" | "tra_lai") => match reviewer_act(&s, &who, (&c, &u, k), &f, a) {
            Ok(x) => x,
            Err(r) => return r,
        },
        _ => return (StatusCode::BAD_REQUEST, lang.pick("hành động không rõ", "unknown action")).into_response(),
    };
    match outcome {
        Ok(Ok(_)) => Redirect::to(&format!("{}/don-vi/{}/{}", c.href(), u.key, stage)).into_response(),
        Ok(Err(conflict)) => {
            let m = match conflict {
                Conflict::Stale { now, by } => match lang {
                    Lang::Vi => format!("Phiếu đã được {by} lưu (lần {now}) sau khi bạn mở trang; thay đổi của bạn CHƯA được lưu. Các giá trị bạn đã nhập còn nguyên bên dưới: so với bản mới rồi lưu lại."),
                    Lang::En => format!("The sheet was saved by {by} (version {now}) after you opened it; your changes were NOT saved. What you typed is kept below: compare it with the new version, then save again."),
                },
                Conflict::State(st) => format!("{}: {}", lang.pick("Phiếu đang ở trạng thái", "The sheet is"), st.words(lang)),
                Conflict::Missing => lang.pick("Phiếu của vòng này chưa có.", "This stage's sheet does not exist yet.").into(),
            };
            refused(&s, &who, (&c, &u, k), &f, StatusCode::CONFLICT, m)
        }
        Err(e) => auth::failure(lang, &e),
    }
}

/// The sheet again with what was typed and why it was not taken.
fn refused(
    s: &State,
    who: &Who,
    (c, u, k): (&Ctx, &Unit, usize),
    f: &Fields,
    status: StatusCode,
    message: String,
) -> Response {
    // The stored sheet as it is now, with the typed values over it.
    let fresh = match load(s, who, c.round.id, Part::ClusterOf(&u.key)) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let vals = fresh.sheet(&u.key, &c.round.stages[k].id).map(|x| x.vals.clone()).unwrap_or_default();
    let mut r =
        render(s, who, (&fresh, u, k), View { vals: &vals, typed: Some(f), problems: &[], message: Some(message) });
    *r.status_mut() = status;
    r
}

/// The points as the officer types: JSON of each node's points and the
/// total, or the engine's messages (nothing is saved).
pub async fn preview(
    St(s): St<Shared>,
    who: Who,
    Path(p): Path<(i64, String, String)>,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let lang = s.lang;
    let (c, u, k) = match placed(&s, &who, &p, &f, &headers) {
        Ok(x) => x,
        Err(r) => return r,
    };
    let m = c.model();
    let (vals, problems) = read_cells(&m, &f, false, lang);
    let body = if !problems.is_empty() {
        serde_json::json!({ "problems": problems.iter().map(|(_, t)| t).collect::<Vec<_>>() })
    } else {
        match points(&s, &c, &m, (&u, k), &vals) {
            Ok((pts, total)) => serde_json::json!({
                "points": pts.iter().map(|x| number(*x, lang)).collect::<Vec<_>>(),
                "total": number(total, lang),
            }),
            Err(msgs) => serde_json::json!({ "problems": msgs }),
        }
    };
    ([(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}
