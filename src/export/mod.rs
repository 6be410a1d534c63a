//! Exports: the Art. 30 register as one table model ([`register`]) and its
//! formats (Markdown, HTML, CSV, XLSX, JSON). Every text from the inventory is
//! escaped for its format.

pub mod archimate;
pub mod formats;
pub mod lang;
mod measures;
pub mod ods;
pub mod register;
pub mod xlsx;

pub use register::{Register, Selection};
