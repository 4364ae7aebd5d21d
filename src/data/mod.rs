//! Datasets: typed values, CSV reading against a pack's schema.

pub mod batch;
pub mod carry;
pub mod chunked;
pub mod compose;
pub mod encoding;
pub mod err;
pub mod files;
mod header;
pub mod key;
pub mod links;
pub mod number_style;
pub mod records;
pub mod sink;
pub mod slice_records;
pub mod table;
pub mod value;
pub mod workbook;
pub mod years;

pub use err::{DataError, DataErrorKind};
pub use key::Key;
pub use table::{read_csv, Row, Table};
pub use value::Value;
