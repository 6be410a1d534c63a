//! The YAML parsing floor of an inventory: the time granit-parser (carto's
//! full YAML parser) needs just to produce its events for every file, on one
//! core and on all cores, next to carto's own parse to its node tree (its line
//! reader for files in the block style inventories are written in, the
//! parser's events for the others). The line reader makes carto's parse
//! faster than the parser's events alone.
//!
//!   cargo run --release --example parse_floor -- DIR [ROUNDS]
//!
//! Prints the best of ROUNDS (default 3) for each, in seconds.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            yaml_files(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
    Ok(())
}

/// Events of one file; panics on a parse error (the floor is measured on
/// valid inventories).
fn events(text: &str) -> usize {
    let mut p = granit_parser::Parser::new_from_str(text);
    let mut n = 0;
    while let Some(ev) = p.next_event() {
        if let Err(e) = ev {
            panic!("not a valid YAML file: {e}");
        }
        n += 1;
    }
    n
}

fn best(rounds: usize, mut f: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: parse_floor DIR [ROUNDS]")?);
    let rounds: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(3);
    let mut paths = Vec::new();
    yaml_files(&dir, &mut paths)?;
    let texts: Vec<String> = paths
        .iter()
        .map(std::fs::read_to_string)
        .collect::<Result<_, _>>()?;
    let bytes: usize = texts.iter().map(String::len).sum();
    let count: usize = texts.iter().map(|t| events(t)).sum();
    let one = best(rounds, || {
        texts.iter().for_each(|t| {
            events(t);
        })
    });
    let all = best(rounds, || {
        carto::par::parallel_map(texts.len(), |i| events(&texts[i]));
    });
    let tree = best(rounds, || {
        carto::par::parallel_map(texts.len(), |i| {
            carto::load::yaml::parse(&texts[i], i as u32).map(|d| d.len())
        });
    });
    println!(
        "{} files, {:.1} MB, {count} events: parser events {:.2} s on one core, {:.2} s on all cores; carto's node tree {:.2} s on all cores",
        texts.len(),
        bytes as f64 / 1e6,
        one.as_secs_f64(),
        all.as_secs_f64(),
        tree.as_secs_f64()
    );
    Ok(())
}
