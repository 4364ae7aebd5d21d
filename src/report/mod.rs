//! Writers: they turn results into text and never decide anything.

pub mod by_subject;
pub mod check;
pub mod html;
pub mod json;
pub mod reason;
pub mod score;
pub mod score_view;
pub mod template;
pub mod text;
pub mod vocab;
pub mod words;
pub mod xlsx;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    Table,
    Csv,
    Json,
    Md,
    /// An Excel workbook (needs --output).
    Xlsx,
    /// One self-contained page that prints on A4.
    Html,
}
