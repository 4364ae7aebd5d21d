//! `thidua template`: the workbook to hand out.

use super::error::AppError;
use super::load_pack;
use super::run::xlsx_error;
use crate::data::{self};
use crate::i18n::Lang;
use crate::limits::DataLimits;
use crate::location::Location;
use crate::pack::{self, PackError};
use crate::script::ScriptLimits;
use indexmap::IndexMap;
use std::path::{Path, PathBuf};

/// `thidua template`: the workbook to hand out for `datasets` (every dataset
/// read from files when none is named), filled with `data` when given.
pub fn template(
    pack_dir: &Path,
    datasets: &[String],
    data: &[String],
    output: &Path,
    limits: &ScriptLimits,
    data_limits: &DataLimits,
    lang: Lang,
) -> Result<String, AppError> {
    let cp = load_pack(pack_dir, limits)?;
    let p = &cp.pack;
    let mut chosen = Vec::new();
    for id in datasets {
        match p.file_datasets().find(|(k, _)| *k == id) {
            Some((_, d)) => chosen.push(d),
            None => {
                return Err(AppError::Pack(vec![PackError::new(
                    Location::file(&p.files[0]),
                    pack::PackErrorKind::Unknown {
                        what: pack::err::Thing::Dataset,
                        name: id.clone(),
                        suggestion: crate::ground::names::suggest(id, p.file_datasets().map(|(k, _)| k.as_str())),
                    },
                )]))
            }
        }
    }
    if chosen.is_empty() {
        chosen = p.file_datasets().map(|(_, d)| d).collect();
    }
    let files = if data.is_empty() { IndexMap::new() } else { data::files::assign(p, data).map_err(AppError::Data)? };
    // Read as the commands that use them read them: a unit may have a row
    // per scoring stage.
    let mut tables = IndexMap::new();
    let mut errs = Vec::new();
    for (id, path) in &files {
        let ds = &p.datasets[id];
        let mut keys = data::table::key_columns(ds);
        for sc in &p.scorecards {
            let units = p.datasets.get(&sc.dataset).and_then(|d| d.composed.as_ref()).map(|c| c.units.as_str());
            if sc.dataset == *id || units == Some(id.as_str()) {
                keys.extend(sc.stages.as_ref().map(|s| s.column.as_str()));
            }
        }
        match data::table::read_csv_keyed(ds, path, &keys, data_limits) {
            Ok(t) => {
                tables.insert(id.clone(), t);
            }
            Err(mut e) => errs.append(&mut e),
        }
    }
    if !errs.is_empty() {
        return Err(AppError::Data(errs));
    }
    let bytes = crate::report::template::workbook(p, &chosen, &tables, lang).map_err(xlsx_error)?;
    let inputs: Vec<PathBuf> = p.input_files().into_iter().chain(files.values().cloned()).collect();
    crate::output::deliver(output, &bytes, &inputs).map_err(AppError::Output)?;
    Ok(String::new())
}
