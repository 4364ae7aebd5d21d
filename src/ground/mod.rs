//! The ground floor: words and helpers that every other module may use.
//! Nothing here imports from the floors above (`pack`, `data`, `script`,
//! `eval`, `report`, …), so no arrow runs back up.

pub mod files;
pub mod lex;
pub mod names;
pub mod syntax;
pub mod text;
