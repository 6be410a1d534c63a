//! `diff` derives access only for the applications whose inputs changed;
//! this proves it equal to deriving it for every application, on random
//! changes of every kind that access depends on.

use proptest::prelude::*;

/// A small hospital: people in nested groups, accounts, apps on servers,
/// hosted by organizations, grants to groups, people, accounts and servers,
/// flows between apps and through a gateway.
fn base_text() -> Vec<String> {
    let mut lines = vec![
        "organizations:".to_string(),
        "  - {id: chu, kind: self, country: FR}".into(),
        "  - {id: host, kind: host, country: FR}".into(),
        "  - {id: vendor, kind: supplier, country: US}".into(),
        "people:".into(),
    ];
    for i in 0..8 {
        lines.push(format!("  - {{id: p{i}, name: P{i}, org: chu}}"));
    }
    lines.push("groups:".into());
    lines.push("  - {id: g0, members: [p0, p1, g1]}".into());
    lines.push("  - {id: g1, members: [p2, p3, g2]}".into());
    lines.push("  - {id: g2, members: [p4, acc0]}".into());
    lines.push("  - {id: g3, members: [p5, p6]}".into());
    lines.push("accounts:".into());
    lines.push("  - {id: acc0, kind: service, owner: p7}".into());
    lines.push("  - {id: acc1, kind: admin, owner: p6}".into());
    lines.push("servers:".into());
    lines.push("  - {id: s0}".into());
    lines.push("  - {id: s1}".into());
    lines.push("applications:".into());
    lines.push("  - {id: a0, data: [health.record, identity], servers: [s0]}".into());
    lines.push("  - {id: a1, data: [identity], servers: [s0], hosting: {provider: host}}".into());
    lines.push("  - {id: a2, data: [financial], servers: [s1]}".into());
    lines.push("  - {id: a3, data: [health.lab]}".into());
    lines.push("  - {id: gw, kind: gateway}".into());
    lines.push("  - {id: a4, data: [contact], hosting: {provider: vendor}}".into());
    lines.push("flows:".into());
    lines.push("  - {id: f0, from: a0, to: a3, data: [identity], via: [gw]}".into());
    lines.push("  - {id: f1, from: a3, to: a2, data: [health.lab]}".into());
    lines.push("access:".into());
    lines.push("  - {id: r0, who: g0, to: a0, level: read}".into());
    lines.push("  - {id: r1, who: g1, to: a1, level: write}".into());
    lines.push("  - {id: r2, who: p5, to: a2, level: admin}".into());
    lines.push("  - {id: r3, who: acc1, to: s0, level: admin}".into());
    lines.push("  - {id: r4, who: g3, to: a3, level: read, data: [health]}".into());
    lines.push("  - {id: r5, who: g2, to: gw, level: read}".into());
    lines.push("  - {id: r6, who: chu, to: a4, level: read}".into());
    lines
}

/// One change of a line that access depends on.
fn mutate(lines: &mut Vec<String>, kind: u8, n: usize) {
    let pick = |lines: &Vec<String>, prefix: &str| -> Option<usize> {
        let found: Vec<usize> = (0..lines.len())
            .filter(|i| lines[*i].trim_start().starts_with(prefix))
            .collect();
        (!found.is_empty()).then(|| found[n % found.len()])
    };
    match kind % 12 {
        0 => {
            // A new person in a group, by membership on the person.
            let at = pick(lines, "- {id: p").unwrap_or(5);
            lines.insert(
                at,
                format!("  - {{id: new{n}, org: chu, groups: [g{}]}}", n % 4),
            );
        }
        1 => {
            if let Some(i) = pick(lines, "- {id: r") {
                lines[i] = lines[i]
                    .replace("level: read", "level: TMP")
                    .replace("level: admin", "level: read")
                    .replace("level: write", "level: admin")
                    .replace("level: TMP", "level: write");
            }
        }
        2 => {
            if let Some(i) = pick(lines, "- {id: g") {
                lines[i] = lines[i]
                    .replace(", p", ", q")
                    .replace("[p", "[q")
                    .replace("q", "p");
                lines[i] = match n % 3 {
                    0 => lines[i].replacen("members: [", "members: [p7, ", 1),
                    1 => lines[i].replacen(", g1", "", 1).replacen(", g2", "", 1),
                    _ => lines[i].replacen("members: [", "members: [acc1, ", 1),
                };
            }
        }
        3 => {
            if let Some(i) = pick(lines, "- {id: p") {
                lines[i] = lines[i].replace("}", ", active: false}");
            }
        }
        4 => {
            if let Some(i) = pick(lines, "- {id: a") {
                lines[i] = lines[i]
                    .replace("data: [identity]", "data: [identity, health.record]")
                    .replace("data: [financial]", "data: []");
            }
        }
        5 => {
            let at = pick(lines, "- {id: f").unwrap_or(lines.len());
            lines.insert(
                at,
                format!(
                    "  - {{id: nf{n}, from: a{}, to: a{}, data: [health]}}",
                    n % 5,
                    (n + 1) % 5
                ),
            );
        }
        6 => {
            if let Some(i) = pick(lines, "- {id: f") {
                lines.remove(i);
            }
        }
        7 => {
            if let Some(i) = pick(lines, "- {id: r") {
                lines.remove(i);
            }
        }
        8 => {
            let at = pick(lines, "- {id: r").unwrap_or(lines.len());
            let who = ["p1", "g2", "acc0", "g0", "host"][n % 5];
            let to = ["a1", "s1", "a3", "gw", "a4"][(n / 5) % 5];
            lines.insert(
                at,
                format!(
                    "  - {{id: nr{n}, who: {who}, to: {to}, level: write, expires: 2020-01-01}}"
                ),
            );
        }
        9 => {
            if let Some(i) = pick(lines, "- {id: a") {
                lines[i] = lines[i]
                    .replace("servers: [s0]", "servers: [s1]")
                    .replace("hosting: {provider: host}", "hosting: {provider: vendor}");
            }
        }
        10 => {
            if let Some(i) = pick(lines, "- {id: acc") {
                lines[i] = lines[i]
                    .replace("owner: p7", "owner: p1")
                    .replace("kind: admin", "kind: shared");
            }
        }
        _ => {
            if let Some(i) = pick(lines, "- {id: p") {
                lines[i] = lines[i].replace("name: P", "name: Renamed P");
            }
        }
    }
}

fn load(lines: &[String]) -> Option<carto::load::Loaded> {
    let text = lines.join("\n") + "\n";
    carto::load::load_blobs(
        std::path::Path::new("inv"),
        vec![("inv.yaml".to_string(), text.into_bytes())],
        Vec::new(),
    )
    .ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn incremental_access_equals_full(changes in proptest::collection::vec((any::<u8>(), 0usize..40), 1..4)) {
        let base_lines = base_text();
        let base = load(&base_lines).expect("the base loads");
        let mut head_lines = base_lines.clone();
        for (k, n) in &changes {
            mutate(&mut head_lines, *k, *n);
        }
        let Some(head) = load(&head_lines) else { return Ok(()) };
        let (bg, hg) = (
            carto::graph::Graph::build(&base.inventory),
            carto::graph::Graph::build(&head.inventory),
        );
        let b = carto::diff::Side { inv: &base.inventory, graph: &bg, findings: &[] };
        let h = carto::diff::Side { inv: &head.inventory, graph: &hg, findings: &[] };
        let fast = carto::diff::compare_with(&b, &h, false);
        let full = carto::diff::compare_with(&b, &h, true);
        prop_assert_eq!(&fast.access, &full.access, "changes {:?}", changes);
    }
}

/// The generator makes changes that matter: most change access.
#[test]
fn the_changes_change_access() {
    let base_lines = base_text();
    let base = load(&base_lines).expect("the base loads");
    let mut changed = 0;
    for k in 0..12u8 {
        let mut head_lines = base_lines.clone();
        mutate(&mut head_lines, k, 3);
        let head = load(&head_lines).unwrap_or_else(|| panic!("change {k} loads: {head_lines:#?}"));
        let (bg, hg) = (
            carto::graph::Graph::build(&base.inventory),
            carto::graph::Graph::build(&head.inventory),
        );
        let b = carto::diff::Side {
            inv: &base.inventory,
            graph: &bg,
            findings: &[],
        };
        let h = carto::diff::Side {
            inv: &head.inventory,
            graph: &hg,
            findings: &[],
        };
        if !carto::diff::compare_with(&b, &h, true).access.is_empty() {
            changed += 1;
        }
    }
    assert!(
        changed >= 8,
        "only {changed} of 12 kinds of change move access"
    );
}
