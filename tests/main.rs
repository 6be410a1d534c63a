#![allow(clippy::print_stderr, clippy::print_stdout)]
//! The one integration-test binary: end-to-end CLI cases over fixture
//! directories, and loader semantics through the library.

mod bad_input;
mod ci;
mod cli_behaviour;
mod commands;
mod common;
mod diagrams;
mod docs;
mod fuzz;
mod gdpr_derivations;
mod ght;
mod graph;
mod incremental;
mod legibility;
mod migrate;
mod onboard;
mod queries;
mod ransomware;
mod reference;
mod register;
mod review;
mod rules;
mod security;
mod semantics;
mod site;
mod store;
mod yaml;
