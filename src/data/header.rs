//! Which file column holds which dataset column: a header cell names a
//! column by its code, its Vietnamese or English label, or a declared alias,
//! in any case, spacing or Unicode form ("Mã cá nhân", "MÃ CÁ NHÂN").

use super::err::{DataError, DataErrorKind as K};
use super::sink::ErrorSink;
use crate::location::Location;
use crate::pack::Dataset;

/// The file position of every dataset column (`usize::MAX` when missing,
/// reported), and whether any matched. A file column naming one dataset
/// column twice is reported.
pub(crate) fn map(
    ds: &Dataset,
    header: &[String],
    at: impl Fn(&str) -> Location,
    sink: &mut ErrorSink,
) -> (Vec<usize>, bool) {
    let mut index = vec![usize::MAX; ds.columns.len()];
    let mut any = false;
    for (i, h) in header.iter().enumerate().filter(|(_, h)| !h.is_empty()) {
        let Some(c) = ds.column_for_header(h) else { continue };
        if index[c] != usize::MAX {
            sink.push(DataError::new(at(h), K::DuplicateColumn));
            continue;
        }
        index[c] = i;
        any = true;
    }
    let present: Vec<&str> = header.iter().map(String::as_str).filter(|h| !h.is_empty()).collect();
    let missing = ds.columns.iter().zip(&index).filter(|(_, &i)| i == usize::MAX).map(|(c, _)| c);
    for (name, col) in missing {
        let suggestion = crate::ground::names::suggest(name, present.iter().copied())
            .or_else(|| col.label.as_deref().and_then(|l| crate::ground::names::suggest(l, present.iter().copied())));
        sink.push(DataError::new(at(name), K::MissingColumn { suggestion }));
    }
    (index, any)
}

/// The columns a file of `ds` must have, as a message lists them: the code,
/// and the label a header may use instead.
pub(crate) fn expected(ds: &Dataset) -> Vec<String> {
    ds.columns
        .iter()
        .map(|(name, c)| match &c.label {
            Some(l) => format!("{name} ({l})"),
            None => name.clone(),
        })
        .collect()
}
