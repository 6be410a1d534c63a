//! carto maps an information system and its personal data from a
//! declarative YAML inventory: it loads and checks the inventory, answers who
//! can reach what, and exports what the regulations ask for.
//!
//! Data flows one way: [`load`] builds a [`model::Inventory`], the other
//! modules read it and return values; only the binary's `cli` prints.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod cli;
pub mod continuity;
pub mod crisis;
pub mod diag;
pub mod diff;
pub mod export;
pub mod graph;
pub mod hash;
pub mod import;
pub mod load;
pub mod maturity;
pub mod model;
pub mod par;
pub mod render;
pub mod review;
pub mod rules;
pub mod schema;
pub mod site;
pub mod store;
pub mod text;
pub mod tier;
