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
pub mod unit_notes;
pub mod vocab;
pub mod words;
pub mod xlsx;
pub mod year;

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

impl Format {
    const ALL: [Format; 6] = [Format::Table, Format::Csv, Format::Json, Format::Md, Format::Xlsx, Format::Html];

    /// The name `--format` takes and a manifest records.
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Html => "html",
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Md => "md",
        }
    }

    /// The format a name means (a manifest's record, a form's choice).
    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == s)
    }

    /// The file extension of a report in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Table => "txt",
            other => other.name(),
        }
    }
}
