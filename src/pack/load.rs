//! Reads a pack folder into a [`Pack`] and cross-checks it. Nothing is
//! evaluated or compiled here; every problem found is collected, so an author
//! sees all of them in one run. Checks across files (links, cycles, the
//! evaluation order) are in `links.rs`.
//!
//! Long (over 600 lines) on purpose: reading files, headers, each dataset's
//! own checks and probing each scorecard node share the loader's error
//! collector and source positions.

use super::err::{PackError, PackErrorKind as K, Thing};
use super::links::cross_check;
pub use super::links::evaluation_order;
use super::model::*;
use super::source::{read_yaml, typed, Errors, Source};
use crate::ground::files::read_confined;
use crate::ground::names::{is_id, suggest};
use crate::location::Location;
use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Names thidua puts into every rule's scope.
pub const RESERVED: &[&str] = &["ngay_xet", "nam_xet", "lich_su", "thanh_vien", "thong_ke_cum"];

/// The top level of any pack file; sections stay raw so each item can fail on
/// its own without hiding the others.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    id: Option<String>,
    title: Option<String>,
    title_en: Option<String>,
    version: Option<String>,
    issuer: Option<String>,
    description: Option<String>,
    legal_basis: Option<Vec<String>>,
    effective: Option<serde_yaml::Value>,
    #[serde(default, deserialize_with = "de_opt_date")]
    as_of: Option<chrono::NaiveDate>,
    #[serde(default)]
    parameters: IndexMap<String, serde_yaml::Value>,
    #[serde(default)]
    datasets: IndexMap<String, serde_yaml::Value>,
    #[serde(default)]
    awards: Vec<serde_yaml::Value>,
    #[serde(default)]
    scorecards: Vec<serde_yaml::Value>,
    report: Option<serde_yaml::Value>,
}

/// The YAML files of a pack: `pack.yaml` first, then the others by name.
pub fn pack_files(dir: &Path) -> Result<Vec<PathBuf>, PackError> {
    let main = dir.join("pack.yaml");
    if !main.is_file() {
        return Err(PackError::new(Location::file(dir), K::NotAPack));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| PackError::new(Location::file(dir), K::Io(e.to_string())))?;
    let mut others: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.file_name() != Some("pack.yaml".as_ref())
                && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
        })
        .collect();
    others.sort();
    let mut files = vec![main];
    files.extend(others);
    Ok(files)
}

/// Loads and cross-checks the pack in `dir`.
pub fn load(dir: &Path) -> Result<Pack, Vec<PackError>> {
    let (pack, errs) = load_partial(dir).map_err(|e| vec![e])?;
    if errs.is_empty() {
        Ok(pack)
    } else {
        Err(errs)
    }
}

/// Loads what can be loaded, with every problem found; fails outright only
/// when `dir` is not a pack. Lets the compiler report its errors too.
pub fn load_partial(dir: &Path) -> Result<(Pack, Vec<PackError>), PackError> {
    let files = pack_files(dir)?;
    let mut errs = Errors::default();
    let mut pack = Pack {
        id: String::new(),
        title: String::new(),
        title_en: None,
        version: None,
        issuer: None,
        legal_basis: vec![],
        effective: Period::default(),
        as_of: None,
        parameters: IndexMap::new(),
        datasets: IndexMap::new(),
        awards: vec![],
        scorecards: vec![],
        report: Default::default(),
        dir: dir.to_path_buf(),
        files: files.clone(),
        unreadable: Vec::new(),
    };
    // Where each id was first declared, for duplicate reports.
    let mut award_locs: HashMap<String, Location> = HashMap::new();
    let mut broken: Vec<String> = Vec::new();

    // The files are parsed side by side; what they hold is read in order.
    let parsed: Vec<_> = files.par_iter().map(|path| read_yaml(dir, path)).collect();
    let mut read = Vec::new();
    for (file_no, parsed) in parsed.into_iter().enumerate() {
        let (src, value) = match parsed {
            Ok(x) => x,
            Err(e) => {
                errs.0.push(e);
                continue;
            }
        };
        if value.is_null() {
            continue;
        }
        let mut raw: RawFile = match typed(&src, "", value) {
            Ok(r) => r,
            Err(e) => {
                errs.0.push(e);
                continue;
            }
        };
        if file_no == 0 {
            read_header(&src, raw_header(&raw), &mut pack, &mut errs);
        } else {
            for (key, present) in raw_header(&raw).present() {
                if present {
                    errs.push(src.loc(key), K::OnlyInPackYaml(key.to_string()));
                }
            }
        }
        // Every file's parameters first: a number's place may name one
        // declared in any file.
        read_parameters(&src, std::mem::take(&mut raw.parameters), &mut pack, &mut errs);
        read.push((src, raw));
    }
    let numbers = super::scorecard::ParameterNumbers::of(&pack.parameters);
    for (src, raw) in read {
        let _named = numbers.in_scope();
        read_datasets(&src, raw.datasets, &mut pack, &mut errs);
        for (i, v) in raw.awards.into_iter().enumerate() {
            let base = format!("awards[{i}]");
            let v_id = v.get("id").and_then(|x| x.as_str()).map(str::to_string);
            match typed::<Award>(&src, &base, v) {
                Ok(mut a) => {
                    a.loc = src.value_loc(&base);
                    if let Some(first) = award_locs.get(&a.id) {
                        errs.push(
                            src.value_loc(&format!("{base}.id")),
                            K::Duplicate { what: Thing::Award, id: a.id.clone(), first: first.clone() },
                        );
                        continue;
                    }
                    award_locs.insert(a.id.clone(), a.loc.clone());
                    place_award(&src, &base, &mut a, dir, &mut errs);
                    pack.awards.push(a);
                }
                Err(e) => {
                    // Remember its id, so references to it do not pile up
                    // as further errors.
                    if let Some(id) = v_id {
                        errs.unreadable(Thing::Award, &id);
                        broken.push(id);
                    }
                    errs.0.push(e)
                }
            }
        }
        for (i, v) in raw.scorecards.into_iter().enumerate() {
            let base = format!("scorecards[{i}]");
            let (v, probe) = probe_scorecard(&src, &base, v);
            let had_errors = !probe.is_empty();
            errs.0.extend(probe);
            let Some(v) = v else { continue };
            match typed::<super::scorecard::Scorecard>(&src, &base, v) {
                Err(_) if had_errors => {}
                Ok(mut sc) => {
                    super::scorecard_check::place(&src, &base, &mut sc, dir, &mut errs);
                    pack.scorecards.push(sc);
                }
                Err(e) => errs.0.push(e),
            }
        }
    }

    cross_check(&mut pack, &broken, &mut errs);
    super::compose::compose(&mut pack, &mut errs);
    super::scorecard_check::check(&pack, &mut errs);
    pack.unreadable = errs.take_unreadable();
    Ok((pack, errs.0))
}

/// A file's parameters, each resolved to one clear type.
fn read_parameters(src: &Source, raw: IndexMap<String, serde_yaml::Value>, pack: &mut Pack, errs: &mut Errors) {
    for (name, v) in raw {
        let base = format!("parameters.{name}");
        if !is_id(&name) {
            errs.push(src.loc(&base), K::BadId { what: Thing::Parameter, id: name.clone() });
        }
        if pack.parameters.contains_key(&name) {
            errs.push(
                src.loc(&base),
                K::Duplicate { what: Thing::Parameter, id: name.clone(), first: Location::default() },
            );
            continue;
        }
        match typed::<Parameter>(src, &base, v) {
            Ok(mut p) => {
                if let Err(problem) = p.resolve() {
                    let value = p.value.shown();
                    errs.push(
                        src.loc(&format!("{base}.value")),
                        K::BadParameter { name: name.clone(), value, problem },
                    );
                }
                pack.parameters.insert(name, p);
            }
            Err(e) => {
                errs.unreadable(Thing::Parameter, &name);
                errs.0.push(e)
            }
        }
    }
}

/// A file's datasets, each checked on its own (its columns, keys, values).
fn read_datasets(src: &Source, raw: IndexMap<String, serde_yaml::Value>, pack: &mut Pack, errs: &mut Errors) {
    for (name, v) in raw {
        let base = format!("datasets.{name}");
        match typed::<Dataset>(src, &base, v) {
            Ok(mut d) => {
                d.id = name.clone();
                d.loc = src.loc(&base);
                for (id, v) in d.values.iter_mut() {
                    v.loc = src.text_loc(&format!("{base}.values.{id}.value"));
                    if !is_id(id) {
                        errs.push(
                            src.loc(&format!("{base}.values.{id}")),
                            K::BadId { what: Thing::Variable, id: id.clone() },
                        );
                    }
                }
                if let Some(first) = pack.datasets.get(&name) {
                    errs.push(d.loc.clone(), K::Duplicate { what: Thing::Dataset, id: name, first: first.loc.clone() });
                    continue;
                }
                check_dataset(src, &base, &d, errs);
                pack.datasets.insert(name, d);
            }
            Err(e) => {
                errs.unreadable(Thing::Dataset, &name);
                errs.0.push(e)
            }
        }
    }
}

struct Header {
    id: Option<String>,
    title: Option<String>,
    title_en: Option<String>,
    version: Option<String>,
    issuer: Option<String>,
    description: Option<String>,
    legal_basis: Option<Vec<String>>,
    effective: Option<serde_yaml::Value>,
    as_of: Option<chrono::NaiveDate>,
    report: Option<serde_yaml::Value>,
}

impl Header {
    fn present(&self) -> [(&'static str, bool); 10] {
        [
            ("id", self.id.is_some()),
            ("title", self.title.is_some()),
            ("title_en", self.title_en.is_some()),
            ("version", self.version.is_some()),
            ("issuer", self.issuer.is_some()),
            ("description", self.description.is_some()),
            ("legal_basis", self.legal_basis.is_some()),
            ("effective", self.effective.is_some()),
            ("as_of", self.as_of.is_some()),
            ("report", self.report.is_some()),
        ]
    }
}

fn raw_header(raw: &RawFile) -> Header {
    Header {
        id: raw.id.clone(),
        title: raw.title.clone(),
        title_en: raw.title_en.clone(),
        version: raw.version.clone(),
        issuer: raw.issuer.clone(),
        description: raw.description.clone(),
        legal_basis: raw.legal_basis.clone(),
        effective: raw.effective.clone(),
        as_of: raw.as_of,
        report: raw.report.clone(),
    }
}

fn read_header(src: &Source, h: Header, pack: &mut Pack, errs: &mut Errors) {
    match h.id {
        Some(id) => pack.id = id,
        None => errs.push(src.loc(""), K::MissingPackField("id")),
    }
    match h.title {
        Some(t) => pack.title = t,
        None => errs.push(src.loc(""), K::MissingPackField("title")),
    }
    pack.title_en = h.title_en;
    pack.version = h.version;
    pack.issuer = h.issuer;
    pack.legal_basis = h.legal_basis.unwrap_or_default();
    pack.as_of = h.as_of;
    if let Some(v) = h.report {
        if let Ok(r) = typed::<crate::pack::ReportSettings>(src, "report", v).map_err(|e| errs.0.push(e)) {
            pack.report = r;
        }
    }
    if let Some(v) = h.effective {
        match typed::<Period>(src, "effective", v) {
            Ok(p) => {
                if matches!((p.from, p.to), (Some(f), Some(t)) if f > t) {
                    errs.push(src.loc("effective"), K::BadPeriod);
                }
                pack.effective = p;
            }
            Err(e) => errs.0.push(e),
        }
    }
}

fn check_dataset(src: &Source, base: &str, d: &Dataset, errs: &mut Errors) {
    if !is_id(&d.id) {
        errs.push(d.loc.clone(), K::BadId { what: Thing::Dataset, id: d.id.clone() });
    }
    // A file's header names a column by code, label or alias: no header may
    // name two columns.
    let mut headers: std::collections::HashMap<String, &String> = std::collections::HashMap::new();
    for (name, c) in &d.columns {
        for h in c.headers(name).map(crate::ground::text::fold) {
            if let Some(other) = headers.insert(h.clone(), name).filter(|o| *o != name) {
                errs.push(
                    src.loc(&format!("{base}.columns.{name}")),
                    K::AmbiguousChoice { column: String::new(), word: h, first: other.clone(), second: name.clone() },
                );
            }
        }
    }
    for (name, c) in &d.columns {
        let cpath = format!("{base}.columns.{name}");
        if !is_id(name) {
            errs.push(src.loc(&cpath), K::BadId { what: Thing::Column, id: name.clone() });
        }
        if RESERVED.contains(&name.as_str()) {
            errs.push(src.loc(&cpath), K::Reserved(name.clone()));
        }
        match c.ty {
            ColumnType::Enum if c.values.is_empty() => errs.push(src.loc(&cpath), K::EnumWithoutValues(name.clone())),
            ColumnType::Enum => {}
            _ if !c.values.is_empty() => errs.push(src.loc(&cpath), K::ValuesOnNonEnum(name.clone())),
            _ => {}
        }
        if c.ordered.is_some() && c.ty != ColumnType::Enum {
            errs.push(src.loc(&cpath), K::OrderedNotChoice(name.clone()));
        }
        if (c.format.is_some() || c.percent) && !matches!(c.ty, ColumnType::Int | ColumnType::Decimal) {
            errs.push(src.loc(&cpath), K::FormatOnNonNumber(name.clone()));
        }
        if c.year && c.ty != ColumnType::Int {
            errs.push(src.loc(&cpath), K::YearFlagNotInt(name.clone()));
        }
        if c.checklist && (c.ty != ColumnType::Bool || c.optional) {
            errs.push(src.loc(&cpath), K::ChecklistNotBool(name.clone()));
        }
        // A cell may name a choice by its words: no two values may read alike.
        let mut words: std::collections::HashMap<String, &String> = std::collections::HashMap::new();
        for v in &c.values {
            let spelt = [Some(v), c.labels.get(v), c.labels_en.get(v)];
            for w in spelt.into_iter().flatten().map(|w| crate::ground::text::fold(w)) {
                match words.insert(w.clone(), v) {
                    Some(other) if other != v => errs.push(
                        src.loc(&cpath),
                        K::AmbiguousChoice { column: name.clone(), word: w, first: other.clone(), second: v.clone() },
                    ),
                    _ => {}
                }
            }
        }
        // Words for values that do not exist would hide a renamed code.
        for (field, labels) in [("labels", &c.labels), ("labels_en", &c.labels_en)] {
            for v in labels.keys().filter(|v| !c.values.contains(v)) {
                let suggestion = suggest(v, c.values.iter().map(String::as_str));
                errs.push(
                    src.loc(&format!("{cpath}.{field}.{v}")),
                    K::LabelForUnknownValue { column: name.clone(), value: v.clone(), suggestion },
                );
            }
        }
    }
    let names = || d.columns.keys().map(String::as_str);
    match d.columns.get(&d.key) {
        None => errs.push(
            src.value_loc(&format!("{base}.key")),
            K::Unknown { what: Thing::Column, name: d.key.clone(), suggestion: suggest(&d.key, names()) },
        ),
        Some(c) if c.optional || !matches!(c.ty, ColumnType::Text | ColumnType::Int | ColumnType::Enum) => {
            errs.push(src.value_loc(&format!("{base}.key")), K::BadKeyColumn(d.key.clone()))
        }
        Some(_) => {}
    }
    if let Some(n) = &d.name_column {
        if !d.columns.contains_key(n) {
            errs.push(
                src.value_loc(&format!("{base}.name_column")),
                K::Unknown { what: Thing::Column, name: n.clone(), suggestion: suggest(n, names()) },
            );
        }
    }
}

/// Fills in locations and condition texts of an award and its criteria.
fn place_award(src: &Source, base: &str, a: &mut Award, dir: &Path, errs: &mut Errors) {
    if !is_id(&a.id) {
        errs.push(src.value_loc(&format!("{base}.id")), K::BadId { what: Thing::Award, id: a.id.clone() });
    }
    a.applies_when_loc = src.text_loc(&format!("{base}.applies_when"));
    // Folded blocks keep their line breaks, so that places in them are places in the file.
    let written = |path: String, t: &mut String| *t = src.spans.as_written(&path, t).to_string();
    if let Some(t) = a.applies_when.as_mut() {
        written(format!("{base}.applies_when"), t);
    }
    if a.criteria.is_empty() && a.requires.is_empty() {
        errs.push(a.loc.clone(), K::EmptyAward(a.id.clone()));
    }
    if let Some(p) = &a.effective {
        if matches!((p.from, p.to), (Some(f), Some(t)) if f > t) {
            errs.push(src.loc(&format!("{base}.effective")), K::BadPeriod);
        }
    }
    let mut seen: HashMap<String, Location> = HashMap::new();
    for (j, c) in a.criteria.iter_mut().enumerate() {
        let cbase = format!("{base}.criteria[{j}]");
        c.loc = src.value_loc(&cbase);
        c.applies_when_loc = src.text_loc(&format!("{cbase}.applies_when"));
        if let Some(t) = c.applies_when.as_mut() {
            written(format!("{cbase}.applies_when"), t);
        }
        if !is_id(&c.id) {
            errs.push(src.value_loc(&format!("{cbase}.id")), K::BadId { what: Thing::Criterion, id: c.id.clone() });
        }
        if let Some(first) = seen.get(&c.id) {
            errs.push(
                src.value_loc(&format!("{cbase}.id")),
                K::Duplicate { what: Thing::Criterion, id: c.id.clone(), first: first.clone() },
            );
        } else {
            seen.insert(c.id.clone(), c.loc.clone());
        }
        if let Some(p) = &c.effective {
            if matches!((p.from, p.to), (Some(f), Some(t)) if f > t) {
                errs.push(src.loc(&format!("{cbase}.effective")), K::BadPeriod);
            }
        }
        match (&c.when, &c.script) {
            (Some(_), Some(_)) => errs.push(c.loc.clone(), K::WhenAndScript),
            (None, None) => errs.push(c.loc.clone(), K::NoCondition),
            (Some(w), None) => {
                c.condition = src.spans.as_written(&format!("{cbase}.when"), w).to_string();
                c.condition_loc = src.text_loc(&format!("{cbase}.when"));
            }
            (None, Some(file)) => match read_confined(dir, file) {
                Some((path, text)) => {
                    c.condition = text;
                    c.condition_loc = Location::at(path, 1, 1);
                }
                None => errs.push(src.value_loc(&format!("{cbase}.script")), K::ScriptOutsidePack(file.clone())),
            },
        }
    }
}

/// serde stops at a scorecard's first structural error; this checks each
/// node on its own (children set aside) and the scorecard's own fields, so
/// that every such error is reported in one run. A node that fails is
/// replaced in the returned value by a harmless placeholder with the same id
/// (keeping every other node at its path, hence at its position), so the rest
/// of the scorecard is still checked and compiled; `None` when the
/// scorecard's own fields are wrong.
fn probe_scorecard(src: &Source, base: &str, v: serde_yaml::Value) -> (Option<serde_yaml::Value>, Vec<PackError>) {
    use serde_yaml::Value;
    fn without(v: &Value, keys: &[&str]) -> Value {
        let mut v = v.clone();
        if let Value::Mapping(m) = &mut v {
            for k in keys {
                if let Some(x) = m.get_mut(*k) {
                    *x = Value::Sequence(vec![]);
                }
            }
        }
        v
    }
    fn placeholder(n: &Value, children: Option<Value>) -> Value {
        let id = n.get("id").and_then(Value::as_str).unwrap_or("khong_ro").to_string();
        let mut m = serde_yaml::Mapping::new();
        m.insert("id".into(), id.clone().into());
        m.insert("name".into(), id.into());
        match children {
            Some(Value::Sequence(c)) if !c.is_empty() => {
                m.insert("items".into(), Value::Sequence(c));
            }
            _ => {
                m.insert("max".into(), 0.into());
                m.insert("method".into(), "pass_fail".into());
                m.insert("when".into(), "false".into());
            }
        }
        Value::Mapping(m)
    }
    /// Checks the nodes of `list`; returns it with failing nodes replaced.
    fn nodes(src: &Source, path: &str, list: Option<&Value>, out: &mut Vec<PackError>) -> Option<Value> {
        let Some(Value::Sequence(items)) = list else { return list.cloned() };
        let mut kept = Vec::new();
        for (i, n) in items.iter().enumerate() {
            let p = format!("{path}[{i}]");
            let children = nodes(src, &format!("{p}.items"), n.get("items"), out);
            match typed::<super::scorecard::Node>(src, &p, without(n, &["items"])) {
                Err(e) => {
                    out.push(e);
                    kept.push(placeholder(n, children));
                }
                Ok(_) => {
                    let mut n = n.clone();
                    if let (Value::Mapping(m), Some(c)) = (&mut n, children) {
                        m.insert("items".into(), c);
                    }
                    kept.push(n);
                }
            }
        }
        Some(Value::Sequence(kept))
    }
    let mut out = Vec::new();
    if let Err(e) = typed::<super::scorecard::Scorecard>(src, base, without(&v, &["groups", "bonuses"])) {
        out.push(e);
        return (None, out);
    }
    let groups = nodes(src, &format!("{base}.groups"), v.get("groups"), &mut out);
    let bonuses = nodes(src, &format!("{base}.bonuses"), v.get("bonuses"), &mut out);
    let mut v = v;
    if let Value::Mapping(m) = &mut v {
        if let Some(g) = groups {
            m.insert("groups".into(), g);
        }
        if let Some(b) = bonuses {
            m.insert("bonuses".into(), b);
        }
    }
    (Some(v), out)
}
