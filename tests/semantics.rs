//! Loader semantics (sections 3 and 5 of the format) through the library.

use crate::common::{SELF, inventory, load, load_err};
use carto::model::{Kind, Special, Target};

#[test]
fn generated_ids_for_flows_and_grants() {
    let dir = inventory(&[(
        "a.yaml",
        &format!(
            "{SELF}applications:\n  - id: a\n  - id: b\n  - id: c\nflows:\n  - {{from: a, to: b, data: []}}\n  - {{from: a, to: b, data: []}}\n  - {{id: named, from: b, to: c, data: []}}\npeople:\n  - id: p\n  - id: q\naccess:\n  - {{who: [p, q], to: [a, b], level: read}}\n  - {{who: p, to: a, level: admin}}\n"
        ),
    )]);
    let l = load(dir.path());
    let inv = &l.inventory;
    let flows: Vec<&str> = inv.flows.iter().map(|f| &*f.common.id).collect();
    assert_eq!(flows, ["a->b", "a->b#2", "named"]);
    assert!(inv.flows[0].common.generated_id && !inv.flows[2].common.generated_id);
    let grants: Vec<&str> = inv.grants.iter().map(|g| &*g.common.id).collect();
    assert_eq!(grants, ["p->a", "p->b", "q->a", "q->b", "p->a#2"]);
    // Generated ids are addressable like written ones.
    assert!(matches!(
        inv.entity_index.get("a->b#2"),
        Some(Target::Flow(_))
    ));
}

#[test]
fn membership_declared_on_either_side_is_merged() {
    let dir = inventory(&[
        (
            "groups.yaml",
            "groups:\n  - {id: cardio, members: [alice]}\n  - {id: clinicians, members: [cardio]}\n",
        ),
        (
            "people.yaml",
            &format!(
                "{SELF}people:\n  - {{id: alice, groups: [cardio]}}\n  - {{id: bob, groups: [clinicians]}}\naccounts:\n  - {{id: svc, kind: service, groups: [cardio]}}\n"
            ),
        ),
    ]);
    let inv = load(dir.path()).inventory;
    let cardio = &inv.groups[0];
    let members: Vec<&str> = cardio.members.iter().map(|m| &*m.id).collect();
    // alice declared on both sides counts once; svc from the account side.
    assert_eq!(members, ["alice", "svc"]);
    let clinicians: Vec<&str> = inv.groups[1].members.iter().map(|m| &*m.id).collect();
    assert_eq!(clinicians, ["cardio", "bob"]);
    assert_eq!(inv.people[0].groups.len(), 1);
    assert_eq!(&*inv.accounts[0].groups[0].id, "cardio");
}

#[test]
fn taxonomy_children_inherit_unless_they_set() {
    let dir = inventory(&[(
        "data.yaml",
        &format!(
            "{SELF}data:\n  - {{id: health.dental, parent: health}}\n  - {{id: health.dental.xray, parent: health.dental, retention: 10y}}\n  - {{id: network-logs}}\n  - {{id: badge, special: biometric}}\n  - {{id: photo, parent: identity}}\nsubjects:\n  - {{id: newborns, parent: minors}}\n  - {{id: donors}}\n"
        ),
    )]);
    let inv = load(dir.path()).inventory;
    let d = |id: &str| &inv[inv.data_index[id]];
    assert_eq!(d("health.dental").special, Some(Special::Health));
    assert!(d("health.dental").personal);
    assert_eq!(d("health.dental.xray").special, Some(Special::Health));
    assert_eq!(
        d("health.dental.xray")
            .retention
            .as_ref()
            .map(|r| r.to_string())
            .as_deref(),
        Some("10y")
    );
    assert!(
        !d("network-logs").personal,
        "a root that says nothing is not personal"
    );
    assert!(d("badge").personal, "special implies personal");
    assert!(d("photo").personal && d("photo").special.is_none());
    // Built-ins: identity.nir is nir, health.* is health.
    assert_eq!(d("identity.nir").special, Some(Special::Nir));
    assert_eq!(d("health.imaging").special, Some(Special::Health));
    assert!(inv.data_within(
        inv.data_index["health.dental.xray"],
        inv.data_index["health"]
    ));
    assert!(!inv.data_within(inv.data_index["identity.nir"], inv.data_index["health"]));
    let s = |id: &str| &inv[inv.subject_index[id]];
    assert!(s("newborns").vulnerable && !s("donors").vulnerable);
}

#[test]
fn builtins_cannot_be_redeclared() {
    let dir = inventory(&[(
        "d.yaml",
        &format!("{SELF}data:\n  - {{id: health, special: health}}\n"),
    )]);
    let d = load_err(dir.path());
    assert_eq!(d[0].rule, "INV003");
    assert!(
        d[0].message
            .contains("`health` is a built-in data category"),
        "{}",
        d[0].message
    );
}

#[test]
fn namespaces_are_separate() {
    // An entity may share a name with a data category; a field knows its namespace.
    let dir = inventory(&[(
        "x.yaml",
        &format!(
            "{SELF}applications:\n  - {{id: health, data: [health]}}\nflows:\n  - {{from: health, to: chu, data: [health]}}\n"
        ),
    )]);
    let inv = load(dir.path()).inventory;
    assert_eq!(inv.lookup("health").len(), 2);
    assert_eq!(inv.applications[0].data[0].ix, inv.data_index["health"]);
}

#[test]
fn yaml_1_2_scalars_norway_is_a_country() {
    let dir = inventory(&[(
        "x.yaml",
        "organizations:\n  - {id: chu, kind: self, country: FR}\n  - {id: osl, kind: partner, country: NO}\n",
    )]);
    let inv = load(dir.path()).inventory;
    assert_eq!(
        inv.organizations[1]
            .country
            .map(|c| c.to_string())
            .as_deref(),
        Some("NO")
    );
    // `yes` is text, so a boolean field refuses it.
    let dir = inventory(&[(
        "x.yaml",
        &format!("{SELF}applications:\n  - {{id: a, internet_facing: yes}}\n"),
    )]);
    let d = load_err(dir.path());
    assert!(
        d[0].message
            .contains("`internet_facing` expects `true` or `false`, found `yes`"),
        "{}",
        d[0].message
    );
}

#[test]
fn required_fields_are_load_errors() {
    let dir = inventory(&[(
        "x.yaml",
        &format!(
            "{SELF}  - {{id: host, kind: host}}\nsites:\n  - {{id: s}}\nzones:\n  - {{id: z}}\nflows:\n  - {{from: chu, to: chu}}\naccess:\n  - {{who: chu, to: chu}}\n"
        ),
    )]);
    let msgs: Vec<String> = load_err(dir.path())
        .into_iter()
        .map(|d| d.message)
        .collect();
    let all = msgs.join("\n");
    for want in [
        "missing required field `country` in organization",
        "missing required field `country` in site",
        "missing required field `trust` in zone",
        "missing required field `data` in flow",
        "missing required field `level` in grant",
        "`chu` is an organization, but `to` takes an application or a server",
    ] {
        assert!(all.contains(want), "{want:?} not in\n{all}");
    }
}

#[test]
fn waivers_need_a_reason() {
    let dir = inventory(&[(
        "x.yaml",
        &format!("{SELF}applications:\n  - id: a\n    ignore:\n      - {{rule: INV008}}\n"),
    )]);
    let d = load_err(dir.path());
    assert!(
        d[0].message.contains("a waiver needs a `reason`"),
        "{:?}",
        d
    );
}

#[test]
fn settings_name_self_and_override_rules() {
    let dir = inventory(&[
        (
            "carto.yaml",
            "version: 1\nself: chu\nrules:\n  INV008: off\n  INV009: error\neea: [FR, DE]\nmax_group_depth: 5\nreview_max_age: 6M\n",
        ),
        (
            "org.yaml",
            "organizations:\n  - {id: chu, kind: entity, country: FR}\napplications:\n  - id: lonely\n",
        ),
    ]);
    let l = load(dir.path());
    let inv = &l.inventory;
    assert_eq!(inv.self_org.map(|o| &*inv[o].common.id), Some("chu"));
    assert_eq!(inv.settings.eea.len(), 2);
    assert_eq!(inv.settings.max_group_depth, 5);
    let graph = carto::graph::Graph::build(inv);
    let findings = carto::rules::Levels::default().apply(inv, carto::rules::run(inv, &graph));
    // INV008 (orphan) is off; INV009 (no owner) raised to error.
    assert!(findings.iter().all(|f| f.rule != "INV008"));
    assert!(
        findings
            .iter()
            .any(|f| f.rule == "INV009" && f.severity == carto::model::Severity::Error)
    );
}

#[test]
fn settings_errors() {
    let dir = inventory(&[
        ("carto.yaml", "version: 2\nself: nobody\nrule: {}\n"),
        ("org.yaml", SELF),
    ]);
    let all: Vec<String> = load_err(dir.path())
        .into_iter()
        .map(|d| d.message)
        .collect();
    let all = all.join("\n");
    assert!(all.contains("unsupported format version `2`"), "{all}");
    assert!(
        all.contains("unknown reference `nobody` in `self`"),
        "{all}"
    );
    assert!(all.contains("unknown field `rule` in carto.yaml"), "{all}");
}

#[test]
fn self_named_in_settings_conflicts_with_another_self() {
    let dir = inventory(&[
        ("carto.yaml", "self: ght\n"),
        (
            "org.yaml",
            "organizations:\n  - {id: chu, kind: self}\n  - {id: ght, kind: entity}\n",
        ),
    ]);
    let d = load_err(dir.path());
    assert_eq!(d[0].rule, "INV007");
}

#[test]
fn parent_cycles_are_reported() {
    let dir = inventory(&[(
        "x.yaml",
        &format!("{SELF}data:\n  - {{id: x, parent: y}}\n  - {{id: y, parent: x}}\n"),
    )]);
    let d = load_err(dir.path());
    assert!(
        d.iter()
            .any(|d| d.rule == "INV006" && d.message.contains("x -> y -> x")),
        "{d:?}"
    );
}

#[test]
fn files_are_read_recursively_in_sorted_order_and_hidden_ones_skipped() {
    let dir = inventory(&[
        ("b/flows.yaml", "flows:\n  - {from: a, to: chu, data: []}\n"),
        ("a/apps.yml", &format!("{SELF}applications:\n  - id: a\n")),
        (".hidden/x.yaml", "garbage: [\n"),
        (
            "multi.yaml",
            "people:\n  - id: p1\n---\npeople:\n  - id: p2\n",
        ),
        ("notes.txt", "not yaml"),
    ]);
    let inv = load(dir.path()).inventory;
    let paths: Vec<&str> = inv.sources.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["a/apps.yml", "b/flows.yaml", "multi.yaml"]);
    assert_eq!(inv.people.len(), 2);
    assert_eq!(inv.count(Kind::Flow), 1);
}

#[test]
fn every_reference_keeps_its_location() {
    let dir = inventory(&[(
        "x.yaml",
        &format!(
            "{SELF}applications:\n  - id: a\n    data:\n      - identity\n      - health.lab\n"
        ),
    )]);
    let inv = load(dir.path()).inventory;
    let r = &inv.applications[0].data[1];
    assert_eq!((r.at.line, r.at.col), (7, 9));
    assert_eq!(inv.sources.file_line_col(r.at), "x.yaml:7:9");
}

/// Items convert in runs of a few thousand on several cores: an inventory
/// larger than a run loads exactly as if converted one by one (order kept,
/// memberships and taxonomy facts across runs, errors from every run).
#[test]
fn large_inventories_convert_in_parallel_as_in_sequence() {
    const N: usize = 9000;
    let mut people = format!("{SELF}people:\n");
    for i in 0..N {
        // The last people join a group declared at the very end.
        let groups = if i >= N - 3 { ", groups: [late]" } else { "" };
        people.push_str(&format!("  - {{id: p{i}{groups}}}\n"));
    }
    let mut rest = String::from("data:\n  - {id: d-root, special: health}\n");
    for i in 0..5000 {
        rest.push_str(&format!("  - {{id: d{i}, parent: d-root}}\n"));
    }
    rest.push_str("  - {id: d-leaf, parent: d4999}\n");
    rest.push_str("groups:\n  - {id: early, members: [p0, p8999]}\n  - {id: late}\n");
    let dir = inventory(&[("a.yaml", &people), ("b.yaml", &rest)]);
    let inv = load(dir.path()).inventory;
    assert_eq!(inv.people.len(), N);
    assert!(
        inv.people
            .iter()
            .enumerate()
            .all(|(i, p)| *p.common.id == format!("p{i}")),
        "declaration order kept"
    );
    let Target::Group(late) = inv.entity_index["late"] else {
        panic!("a group")
    };
    let late = &inv[late];
    let members: Vec<&str> = late.members.iter().map(|m| &*m.id).collect();
    assert_eq!(members, ["p8997", "p8998", "p8999"]);
    assert_eq!(&*inv.people[8999].groups[0].id, "late");
    assert_eq!(&*inv.people[8999].groups[1].id, "early");
    let d = |id: &str| &inv[inv.data_index[id]];
    assert_eq!(
        d("d-leaf").special,
        Some(Special::Health),
        "inherited across runs"
    );
    assert!(d("d2500").personal);

    // Errors from every run, each at its place.
    let bad = people
        .replace("{id: p10}", "{id: p10, wrong: 1}")
        .replace("{id: p8000}", "{id: p8000, groups: [nobody]}");
    let dir = inventory(&[("a.yaml", &bad), ("b.yaml", &rest)]);
    let Err(failure) = carto::load::load(dir.path()) else {
        panic!("errors expected")
    };
    let lines: Vec<u32> = failure
        .diagnostics
        .iter()
        .filter_map(|d| d.at.map(|l| l.line))
        .collect();
    let line_of = |needle: &str| {
        bad.lines()
            .position(|l| l.contains(needle))
            .map(|i| i as u32 + 1)
    };
    let expected: Vec<u32> = ["p10,", "p8000,"]
        .iter()
        .filter_map(|n| line_of(n))
        .collect();
    assert_eq!(lines, expected, "{:?}", failure.diagnostics);
}
