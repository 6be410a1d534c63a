//! The reference inventory: it loads, it is as big as promised, and `check`
//! finds exactly the problems its README documents for the rules that exist.

use crate::common::{carto, load, root};
use carto::model::{AppKind, Kind, OrgKind};

#[test]
fn check_finds_the_documented_findings_and_no_others() {
    // The list is inventory/README.md's, as "rule entity file:line"; a change
    // to the rules or the inventory shows up here as a snapshot diff.
    let r = carto(&["-i", &root("inventory"), "check", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let found: Vec<String> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}:{}",
                f["severity"].as_str().unwrap_or(""),
                f["rule"].as_str().unwrap_or(""),
                f["entity"].as_str().unwrap_or("-"),
                f["file"].as_str().unwrap_or("-"),
                f["line"]
            )
        })
        .collect();
    insta::assert_snapshot!("reference_findings", found.join("\n"));
    assert_eq!(v["summary"]["error"], 68);
    assert_eq!(v["summary"]["warning"], 26);
}

#[test]
fn has_what_the_issue_asks_for() {
    let inv = load(std::path::Path::new(&root("inventory"))).inventory;
    assert!(inv.count(Kind::Application) >= 30);
    assert!(inv.count(Kind::Flow) >= 60);
    assert!(inv.count(Kind::Processing) >= 8);
    let protocols: std::collections::BTreeSet<&str> = inv
        .flows
        .iter()
        .filter_map(|f| f.protocol.as_deref())
        .collect();
    for p in ["hl7v2", "fhir", "dicom", "sftp", "https"] {
        assert!(protocols.contains(p), "{p}");
    }
    assert!(inv.applications.iter().any(|a| a.kind == AppKind::Gateway));
    assert!(inv.applications.iter().any(|a| a.kind == AppKind::Device));
    assert!(inv.applications.iter().any(|a| a.kind == AppKind::Saas));
    let org = |k: OrgKind| inv.organizations.iter().filter(|o| o.kind == k).count();
    assert!(org(OrgKind::Host) >= 1 && org(OrgKind::Processor) >= 1);
    // A non-EEA SaaS, an HDS host.
    assert!(
        inv.organizations
            .iter()
            .any(|o| o.country.is_some_and(|c| !inv.in_eea(c)))
    );
    assert!(
        inv.organizations
            .iter()
            .any(|o| o.kind == OrgKind::Host && o.certified("hds"))
    );
    // Nested groups: some group contains a group that contains a group.
    let nested = inv.groups.iter().any(|g| {
        g.members.iter().any(|m| match m.ix {
            carto::model::Target::Group(c) => inv[c]
                .members
                .iter()
                .any(|x| matches!(x.ix, carto::model::Target::Group(_))),
            _ => false,
        })
    });
    assert!(nested);
    assert_eq!(
        inv.self_org.map(|o| &*inv[o].common.id),
        Some("chu-valmont")
    );
}

#[test]
fn minimal_example_is_clean() {
    let r = carto(&["-i", &root("examples/minimal"), "check", "--deny-warnings"]);
    assert_eq!(r.code, 0, "{}", r.all());
}
