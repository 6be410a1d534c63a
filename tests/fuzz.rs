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
    .expect("examples/minimal/inventory.yaml is the base of the mutations");
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

/// A YAML double-quoted scalar holding any text (escapes for everything
/// outside printable ASCII).
fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Text an attacker would choose: terminal escapes, newlines that start
/// workflow commands, direction overrides, C1 controls.
fn hostile() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "\n::error file=x::pwned\n",
        "::add-mask::",
        "\u{1b}]0;title\u{7}",
        "\u{1b}[2K\r",
        "\u{9b}31m",
        "\u{202e}",
        "\u{7f}",
        "\t",
        "abc",
        "é",
    ]);
    proptest::collection::vec(atoms, 1..6).prop_map(|v| v.concat())
}

/// Whether text shown to people carries a raw control character (other
/// than the newlines carto writes) or a line that GitHub would run.
fn unsafe_for_people(text: &str) -> bool {
    text.chars().any(|c| c != '\n' && carto::text::is_unsafe(c))
        || text.lines().any(|l| l.trim_start().starts_with("::"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Hostile names, enum values and file names, on lines of any length:
    /// the rendered report escapes them all and stays small.
    #[test]
    fn hostile_text_is_escaped_and_bounded(
        name in hostile(),
        value in hostile(),
        file in hostile(),
        pad in 0usize..300_000,
    ) {
        let dir = tempfile::tempdir().expect("tmp");
        let file = format!("{}.yaml", file.replace(['/', '\0'], "_"));
        let text = format!(
            "organizations:\n  - {{id: chu, kind: self, country: FR}}\napplications:\n  - {{id: dpi, owner: chu, name: {}, description: \"{}\", kind: {}}}\n",
            yaml_quoted(&name),
            "x".repeat(pad),
            yaml_quoted(&value),
        );
        std::fs::write(dir.path().join(&file), text).expect("write");
        let failure = match carto::load::load(dir.path()) {
            Ok(_) => return Ok(()),
            Err(f) => f,
        };
        let shown = carto::diag::render_human(
            &failure.diagnostics,
            &failure.sources,
            carto::diag::Style { color: false },
        );
        prop_assert!(!unsafe_for_people(&shown), "{}", shown);
        prop_assert!(shown.len() < 20_000, "{} bytes", shown.len());
    }
}

/// Symbolic links of every kind: what is outside the root is never read.
#[cfg(unix)]
#[test]
fn links_never_lead_out() {
    let outside = tempfile::tempdir().expect("tmp");
    std::fs::write(
        outside.path().join("secret.yaml"),
        "applications: [{id: secret-marker-7f3a}]\n",
    )
    .expect("write");
    let targets: Vec<std::path::PathBuf> = vec![
        outside.path().join("secret.yaml"),
        outside.path().to_path_buf(),
        "/proc/self/environ".into(),
        "/dev/zero".into(),
        "/nonexistent/x.yaml".into(),
        "..".into(),
        "../..".into(),
    ];
    for (i, t) in targets.iter().enumerate() {
        for name in ["l.yaml", "dir"] {
            let inv = tempfile::tempdir().expect("tmp");
            std::fs::write(
                inv.path().join("org.yaml"),
                "organizations:\n  - {id: chu, kind: self, country: FR}\n",
            )
            .expect("write");
            std::os::unix::fs::symlink(t, inv.path().join(name)).expect("link");
            let started = Instant::now();
            let (sources, diags) = match carto::load::load(inv.path()) {
                Ok(l) => (l.inventory.sources, l.warnings),
                Err(f) => (f.sources, f.diagnostics),
            };
            assert!(started.elapsed() < Duration::from_secs(5), "{t:?}");
            for f in &sources.files {
                assert!(!f.text.contains("secret-marker"), "{i} {t:?} {name}");
                assert!(f.path == "org.yaml", "{t:?}: read {}", f.path);
            }
            assert!(
                diags
                    .iter()
                    .any(|d| d.message.contains(&format!("skipped `{name}`")))
                    || name == "dir" && i == 4,
                "{t:?} {name}: {diags:?}"
            );
        }
    }
}

/// Long lines of non-ASCII text (columns are counted in characters) load in
/// time linear in their length, with the right columns: a first version of
/// the YAML line reader counted from the start of the line for every node
/// (16 s in a release build for a 300,000-item list on one line).
#[test]
fn long_non_ascii_lines_load_in_bounded_time() {
    let items: Vec<String> = (0..200_000).map(|i| format!("é{i}")).collect();
    let line = format!("tags: [{}]\n", items.join(", "));
    let started = Instant::now();
    let docs = carto::load::yaml::parse(&line, 0).expect("parses");
    assert!(started.elapsed() < Duration::from_secs(5));
    let carto::load::yaml::Value::Map(entries) = &docs[0].value else {
        panic!("a mapping");
    };
    let carto::load::yaml::Value::Seq(list) = &entries[0].1.value else {
        panic!("a list");
    };
    let last = list.last().expect("items");
    let before = line.rfind("é199999").expect("last item");
    assert_eq!(last.at.col as usize, line[..before].chars().count() + 1);
    assert!(
        load_text(format!("x: {}\n", "é".repeat(2_000_000)).as_bytes()) < Duration::from_secs(5)
    );
}
