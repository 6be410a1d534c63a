//! The register's derivations, one test per case the spec decides, each on
//! the smallest inventory that shows it (issue 15's eight fixes).

use crate::common::{SELF, carto_in, inventory};

use crate::register::{processing as record, register_json_in, texts};

fn register_json(files: &[(&str, &str)]) -> serde_json::Value {
    let inv = inventory(files);
    register_json_in(inv.path(), &[])
}

fn rules(files: &[(&str, &str)]) -> Vec<String> {
    let inv = inventory(files);
    crate::common::findings(inv.path())
        .into_iter()
        .map(|(rule, _, message)| format!("{rule}: {message}"))
        .collect()
}

const PROC: &str = "purpose: p, legal_basis: legal-obligation, owner: chu";

/// Case 1: Each record shows its own transfers: Q declaring a destination does
/// not hide it from P's record, which names Q.
#[test]
fn each_record_shows_its_own_transfers() {
    let v = register_json(&[
        (
            "org.yaml",
            &format!("{SELF}  - {{id: usco, kind: processor, country: US}}\n"),
        ),
        (
            "a.yaml",
            "applications:\n  - {id: crm, data: [contact], hosting: {provider: usco}}\n",
        ),
        (
            "p.yaml",
            &format!(
                "processings:\n  - {{id: p, applications: [crm], data: [contact], {PROC}}}\n  - {{id: q, applications: [crm], data: [contact], transfers: [{{to: usco, country: US, safeguard: scc, ref: SCC-1}}], {PROC}}}\n"
            ),
        ),
    ]);
    let p = texts(&record(&v, "p")["transfers"]);
    assert!(
        p.iter().any(|t| t.contains("usco")
            && t.contains("NOT DECLARED")
            && t.contains("processing q declares the same destination")),
        "{p:?}"
    );
    let q = texts(&record(&v, "q")["transfers"]);
    assert!(
        q.iter().any(|t| t.contains("usco") && t.contains("scc")),
        "{q:?}"
    );
    assert!(!q.iter().any(|t| t.contains("NOT DECLARED")), "{q:?}");
}

/// Case 2: Only destinations reached by the processing's own data count.
#[test]
fn a_transfer_of_other_data_is_not_the_processings() {
    let v = register_json(&[
        (
            "org.yaml",
            &format!("{SELF}  - {{id: auco, kind: host, country: AU}}\n"),
        ),
        (
            "a.yaml",
            "applications:\n  - {id: hr, data: [professional], hosting: {provider: auco}}\n  - {id: gen, data: [genetic]}\n",
        ),
        (
            "p.yaml",
            &format!(
                "processings:\n  - {{id: p, applications: [hr, gen], data: [genetic], special_condition: h, {PROC}}}\n"
            ),
        ),
    ]);
    let t = texts(&record(&v, "p")["transfers"]);
    assert!(!t.iter().any(|x| x.contains("auco")), "{t:?}");
}

/// Case 3: Holding a broader category is not holding the processing's data: an
/// application that holds `health` gives no recipient to a processing of
/// `health.lab`.
#[test]
fn a_broader_category_is_not_the_processings_data() {
    let files = [
        ("org.yaml", SELF),
        (
            "a.yaml",
            "applications:\n  - {id: dpi, data: [health]}\ngroups:\n  - {id: staff, members: []}\naccess:\n  - {who: staff, to: dpi, level: read}\n",
        ),
        (
            "p.yaml",
            &format!(
                "processings:\n  - {{id: p, applications: [dpi], data: [health.lab], special_condition: h, {PROC}}}\n"
            ),
        ),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, &**b)).collect();
    assert!(
        !rules(&files).iter().any(|r| r.starts_with("GDPR012")),
        "{:?}",
        rules(&files)
    );
    let v = register_json(&files);
    assert!(
        !texts(&record(&v, "p")["recipients"])
            .iter()
            .any(|r| r.contains("staff"))
    );
    // Near miss: holding the category itself (or below it) does.
    let held = files[1].1.replace("data: [health]", "data: [health.lab]");
    let mut near = files.clone();
    near[1].1 = &held;
    assert!(
        rules(&near)
            .iter()
            .any(|r| r.starts_with("GDPR012: `staff` receives")),
        "{:?}",
        rules(&near)
    );
}

/// Case 4: A transfer to an adequate country (or to a DPF-certified US
/// organization) is still a transfer: listed, with its safeguard.
#[test]
fn adequate_transfers_are_listed() {
    let v = register_json(&[
        (
            "org.yaml",
            &format!(
                "{SELF}  - {{id: swissco, kind: processor, country: CH}}\n  - {{id: dpfco, kind: processor, country: US, certifications: [dpf]}}\n"
            ),
        ),
        (
            "a.yaml",
            "applications:\n  - {id: a, data: [contact], hosting: {provider: swissco}}\n  - {id: b, data: [contact], hosting: {provider: dpfco}}\n",
        ),
        (
            "p.yaml",
            &format!(
                "processings:\n  - {{id: p, applications: [a, b], data: [contact], {PROC}}}\n"
            ),
        ),
    ]);
    let t = texts(&record(&v, "p")["transfers"]);
    assert!(
        t.iter()
            .any(|x| x.contains("swissco") && x.contains("(CH): adequacy decision")),
        "{t:?}"
    );
    assert!(
        t.iter()
            .any(|x| x.contains("dpfco") && x.contains("Data Privacy Framework")),
        "{t:?}"
    );
}

/// Case 5: A special category is personal data by definition.
#[test]
fn a_special_category_cannot_be_not_personal() {
    let inv = inventory(&[
        ("org.yaml", SELF),
        (
            "d.yaml",
            "data:\n  - {id: health.dental, parent: health, personal: false}\n  - {id: notes, personal: false}\n",
        ),
    ]);
    let r = carto_in(inv.path(), &["check"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.all().contains("data category `health.dental` is special (health, inherited from its parent) and so personal data by definition"),
        "{}",
        r.all()
    );
    assert_eq!(
        r.all().matches("error[INV005]").count(),
        1,
        "a non-special category may say personal: false"
    );
}

/// Case 6: GDPR011 checks every category of the application, not only that some
/// processing lists it.
#[test]
fn gdpr011_checks_each_category() {
    let base = |data: &str| {
        vec![
            ("org.yaml".to_string(), SELF.to_string()),
            (
                "a.yaml".to_string(),
                "applications:\n  - {id: dpi, data: [identity, health.record], owner: chu}\n"
                    .to_string(),
            ),
            (
                "p.yaml".to_string(),
                format!(
                    "processings:\n  - {{id: p, applications: [dpi], data: [{data}], special_condition: h, {PROC}}}\n"
                ),
            ),
        ]
    };
    let run = |files: Vec<(String, String)>| {
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        rules(&files)
    };
    let found = run(base("identity"));
    assert!(
        found.iter().any(|r| r == "GDPR011: application `dpi` holds personal data (health.record) that none of the processings listing it declares in its `data`"),
        "{found:?}"
    );
    // Near miss: an ancestor covers it.
    let found = run(base("identity, health"));
    assert!(!found.iter().any(|r| r.starts_with("GDPR011")), "{found:?}");
}

/// Case 7: An account stands for its owner: a group-owned account derives the
/// group; a person-owned one derives nothing.
#[test]
fn accounts_are_not_recipients() {
    let files = [
        ("org.yaml", SELF),
        (
            "a.yaml",
            "applications:\n  - {id: dpi, data: [contact]}\npeople:\n  - {id: pat}\ngroups:\n  - {id: bi-team, members: []}\naccounts:\n  - {id: svc-bi, kind: service, owner: bi-team}\n  - {id: svc-pat, kind: service, owner: pat}\n  - {id: svc-none, kind: service}\naccess:\n  - {who: svc-bi, to: dpi, level: read}\n  - {who: svc-pat, to: dpi, level: read}\n  - {who: svc-none, to: dpi, level: read}\n",
        ),
        (
            "p.yaml",
            &format!("processings:\n  - {{id: p, applications: [dpi], data: [contact], {PROC}}}\n"),
        ),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, &**b)).collect();
    let found: Vec<String> = rules(&files)
        .into_iter()
        .filter(|r| r.starts_with("GDPR012"))
        .collect();
    assert_eq!(
        found,
        [
            "GDPR012: `bi-team` receives the data of processing `p` (grant read on dpi, through account svc-bi) but is not declared in its `recipients` or `processors`"
        ]
    );
}

/// Case 8: Genetic data counts as health data for HDS hosting (SEC001) and the
/// DPIA's care criterion, as the rule pages say.
#[test]
fn genetic_data_counts_as_health_data() {
    let files = [
        (
            "org.yaml",
            &*format!("{SELF}  - {{id: lab, kind: host, country: FR}}\n"),
        ),
        (
            "a.yaml",
            "applications:\n  - {id: seq, data: [genetic], hosting: {provider: lab}, owner: chu}\n",
        ),
    ];
    let found = rules(&files);
    assert!(
        found
            .iter()
            .any(|r| r.starts_with("SEC001: application `seq` holds health data (genetic)")),
        "{found:?}"
    );
    let certified = files[0]
        .1
        .replace("country: FR}", "country: FR, certifications: [hds]}");
    let found = rules(&[("org.yaml", &certified), files[1]]);
    assert!(!found.iter().any(|r| r.starts_with("SEC001")), "{found:?}");
}

/// Contradictions are flagged in the record, beside the finding.
#[test]
fn contradictions_are_flagged_in_the_record() {
    let v = register_json(&[
        ("org.yaml", SELF),
        (
            "a.yaml",
            "applications:\n  - {id: dpi, data: [health.record]}\nuses:\n  - {id: care.x, parent: care}\n",
        ),
        (
            "p.yaml",
            "processings:\n  - {id: p, applications: [dpi], data: [health.record], uses: [care.x], dpia: {status: not-required}, purpose: p, legal_basis: public-task, owner: chu}\n",
        ),
    ]);
    let p = record(&v, "p");
    let field = |n: u64| -> String {
        p["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .find(|f| f["number"] == n)
            .map(|f| f.to_string())
            .unwrap_or_default()
    };
    assert!(
        field(16).contains("CONTRADICTION: the screening above requires a DPIA"),
        "{}",
        field(16)
    );
    assert!(
        field(6).contains("MISSING: the processing handles special data"),
        "{}",
        field(6)
    );
}
