//! Where every reader of data files (CSV, workbook, streamed, composed,
//! pack tests) gathers its errors: up to a bound, the rest counted.

use super::err::{DataError, DataErrorKind as K};
use crate::location::Location;
use std::path::{Path, PathBuf};

/// How many errors to report before giving up on a file.
pub const MAX_ERRORS: usize = 50;

/// Collects errors up to [`MAX_ERRORS`], counting the rest.
pub struct ErrorSink {
    pub errors: Vec<DataError>,
    dropped: usize,
    file: PathBuf,
}

impl ErrorSink {
    pub fn new(file: &Path) -> Self {
        ErrorSink { errors: vec![], dropped: 0, file: file.to_path_buf() }
    }
    pub fn push(&mut self, e: DataError) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(e);
        } else {
            self.dropped += 1;
        }
    }
    pub fn add_dropped(&mut self, n: usize) {
        self.dropped += n;
    }
    /// The errors kept and how many more there were.
    pub fn into_parts(self) -> (Vec<DataError>, usize) {
        (self.errors, self.dropped)
    }
    pub fn finish(mut self) -> Vec<DataError> {
        if self.dropped > 0 {
            self.errors.push(DataError::new(Location::file(&self.file), K::TooManyErrors(self.dropped)));
        }
        self.errors
    }
}
