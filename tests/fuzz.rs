//! Robustness: arbitrary and mutated YAML fed to the loader never panics,
//! always answers (loaded or a located error), and within a bounded time.

use proptest::prelude::*;
use std::time::{Duration, Instant};

/// Runs the loader on one file; returns how long it took. Panics fail the test.
fn load_text(text: &[u8]) -> Duration {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("x.yaml"), text).expect("write");
    let started = Instant::now();
    match carto::load::load(dir.path()) {
        Ok(l) => {
            // A loaded inventory answers queries without panicking either.
            let g = carto::graph::Graph::build(&l.inventory);
            let _ = carto::rules::run(&l.inventory, &g);
        }
        Err(f) => {
            assert!(!f.diagnostics.is_empty(), "a failed load says why");
            for d in &f.diagnostics {
                if let Some(at) = d.at {
                    assert!(at.line >= 1 && at.col >= 1 || at.is_builtin(), "{d:?}");
                }
            }
        }
    }
    started.elapsed()
}

/// Pieces of the format to assemble and break.
const PIECES: &[&str] = &[
    "organizations:\n",
    "  - {id: chu, kind: self, country: FR}\n",
    "applications:\n",
    "  - id: dpi\n",
    "    data: [health, identity]\n",
    "flows:\n",
    "  - {from: dpi, to: chu, data: [identity]}\n",
    "access:\n",
    "  - {who: [chu], to: dpi, level: admin}\n",
    "groups:\n",
    "  - {id: g, members: [g]}\n",
    "---\n",
    "&a [*a]\n",
    "key: &x {a: *x}\n",
    "  - \n",
    "\t",
    ": :\n",
    "[[[[",
    "]]]",
    "{",
    "}",
    "'",
    "\"",
    "\\u00",
    "- - - -\n",
    "policies:\n",
    "  - {id: p, target: flow, when: {data: {any: [health], all: []}}}\n",
    "!!binary aGk=\n",
    "? complex\n",
    "data:\n  - {id: x, parent: x}\n",
    "people:\n  - {id: p, left: 2026-02-30}\n",
];

fn assembled() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..24)
        .prop_map(|v| v.concat().into_bytes())
}

fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let base = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/minimal/inventory.yaml"
    ))
    .unwrap_or_default();
    (proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..12)).prop_map(
        move |edits| {
            let mut b = base.clone();
            for (i, byte) in edits {
                if b.is_empty() {
                    break;
                }
                let at = i.index(b.len());
                match byte % 3 {
                    0 => b[at] = byte,
                    1 => {
                        b.insert(at, byte);
                    }
                    _ => {
                        b.remove(at);
                    }
                }
            }
            b
        },
    )
}

proptest! {
    // Bounded: a few hundred cases in a few seconds, in every CI run.
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        prop_assert!(load_text(&bytes) < Duration::from_secs(5));
    }

    #[test]
    fn assembled_fragments_never_panic(text in assembled()) {
        prop_assert!(load_text(&text) < Duration::from_secs(5));
    }

    #[test]
    fn mutated_inventories_never_panic(text in mutated()) {
        prop_assert!(load_text(&text) < Duration::from_secs(5));
    }
}
