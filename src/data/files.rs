//! Which data file belongs to which dataset of a pack.

use super::err::{DataError, DataErrorKind as K};
use crate::location::Location;
use crate::pack::Pack;
use indexmap::IndexMap;
use std::path::{Path, PathBuf};

/// Resolves `--data` arguments: `FILE`, `DATASET=FILE`, or a folder whose
/// CSV files are named after datasets (`ca_nhan.csv`).
///
/// A dataset is read from one file. A second file for the same dataset
/// (two `--data` arguments, two upload parts, `ca_nhan.csv` beside
/// `ca_nhan.xlsx` in a folder) is refused naming both: judging only one of
/// them would drop the other's rows without a word.
pub fn assign(pack: &Pack, args: &[String]) -> Result<IndexMap<String, PathBuf>, Vec<DataError>> {
    let mut out: IndexMap<String, PathBuf> = IndexMap::new();
    let mut errs = Vec::new();
    let known: Vec<String> = pack.file_datasets().map(|(k, _)| k.clone()).collect();
    let put =
        |out: &mut IndexMap<String, PathBuf>, errs: &mut Vec<DataError>, ds: &str, file: PathBuf| match out.get(ds) {
            Some(first) => errs.push(DataError::new(
                Location::file(&file),
                K::TwoFilesForDataset { dataset: ds.to_string(), first: first.clone() },
            )),
            None => {
                out.insert(ds.to_string(), file);
            }
        };
    for arg in args {
        if let Some((ds, file)) = arg.split_once('=').filter(|(d, _)| known.iter().any(|k| k == d)) {
            put(&mut out, &mut errs, ds, PathBuf::from(file));
            continue;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            let mut found = false;
            for id in &known {
                for ext in ["csv", "xlsx", "xls", "ods"] {
                    let f = path.join(format!("{id}.{ext}"));
                    if f.is_file() {
                        put(&mut out, &mut errs, id, f);
                        found = true;
                    }
                }
            }
            if !found {
                errs.push(DataError::new(Location::file(path), K::UnknownDataset { known: known.clone() }));
            }
            continue;
        }
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if known.iter().any(|k| k == stem) {
            put(&mut out, &mut errs, stem, path.to_path_buf());
        } else if known.len() == 1 {
            put(&mut out, &mut errs, &known[0], path.to_path_buf());
        } else {
            errs.push(DataError::new(Location::file(path), K::UnknownDataset { known: known.clone() }));
        }
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(errs)
    }
}
