//! One case per rule that must fire, and a near miss that must not.

use crate::common::{carto, inventory};
use carto::graph::Graph;
use carto::rules::{self, Levels};

const BASE: &str = "organizations:\n  - {id: chu, kind: self, country: FR, dpo: {name: D}}\n";

/// The rule ids found in an inventory (`BASE` + `yaml`).
fn found(yaml: &str) -> Vec<String> {
    let dir = inventory(&[("x.yaml", &format!("{BASE}{yaml}"))]);
    let l = crate::common::load(dir.path());
    let g = Graph::build(&l.inventory);
    Levels::default()
        .apply(&l.inventory, rules::run(&l.inventory, &g))
        .into_iter()
        .map(|d| d.rule)
        .collect()
}

fn case(rule: &str, fires: &str, near_miss: &str) {
    let yes = found(fires);
    assert!(
        yes.iter().any(|r| r == rule),
        "{rule} should fire on:\n{fires}\nfound {yes:?}"
    );
    let no = found(near_miss);
    assert!(
        !no.iter().any(|r| r == rule),
        "{rule} should not fire on:\n{near_miss}\nfound {no:?}"
    );
}

const APP_HEALTH: &str = "applications:\n  - {id: a, data: [health.record], owner: chu}\n";

#[test]
fn inv008_inv009() {
    case(
        "INV008",
        "applications:\n  - {id: a, owner: chu}\n",
        "applications:\n  - {id: a, owner: chu}\nprocessings:\n  - {id: p, applications: [a]}\n",
    );
    case(
        "INV008",
        "servers:\n  - {id: s}\n",
        "servers:\n  - {id: s}\napplications:\n  - {id: a, servers: [s]}\nprocessings:\n  - {id: p, applications: [a]}\n",
    );
    case(
        "INV009",
        "applications:\n  - {id: a}\n",
        "applications:\n  - {id: a, owner: chu}\n",
    );
}

#[test]
fn gdpr001_to_gdpr005() {
    case(
        "GDPR001",
        "processings:\n  - {id: p}\n",
        "processings:\n  - {id: p, purpose: Care}\n",
    );
    case(
        "GDPR002",
        "processings:\n  - {id: p}\n",
        "processings:\n  - {id: p, legal_basis: consent}\n",
    );
    case(
        "GDPR003",
        &format!("{APP_HEALTH}processings:\n  - {{id: p, applications: [a]}}\n"),
        &format!(
            "{APP_HEALTH}processings:\n  - {{id: p, applications: [a], special_condition: h}}\n"
        ),
    );
    case(
        "GDPR004",
        "processings:\n  - {id: p, legal_basis: legitimate-interests}\n",
        "processings:\n  - {id: p, legal_basis: legitimate-interests, legitimate_interest: fraud prevention}\n",
    );
    case(
        "GDPR005",
        "processings:\n  - {id: p}\n",
        "processings:\n  - {id: p, subjects: [patients]}\n",
    );
}

#[test]
fn gdpr006_retention_from_processing_or_category() {
    case(
        "GDPR006",
        "processings:\n  - {id: p, data: [contact]}\n",
        "processings:\n  - {id: p, data: [contact], retention: [{data: contact, period: 1y}]}\n",
    );
    // A retention on a broader category covers it; so does the category's default.
    case(
        "GDPR006",
        "processings:\n  - {id: p, data: [identity.nir]}\n",
        "processings:\n  - {id: p, data: [identity.nir], retention: [{data: identity, period: 5y}]}\n",
    );
    case(
        "GDPR006",
        "data:\n  - {id: badge, personal: true}\nprocessings:\n  - {id: p, data: [badge]}\n",
        "data:\n  - {id: badge, personal: true, retention: 1y}\nprocessings:\n  - {id: p, data: [badge]}\n",
    );
}

#[test]
fn gdpr007_undeclared_transfer() {
    let org = "  - {id: us, kind: processor, country: US, contract: {ref: C}}\napplications:\n  - {id: a, owner: chu, hosting: {provider: us}, data: [identity]}\n";
    case(
        "GDPR007",
        &format!("{org}processings:\n  - {{id: p, applications: [a]}}\n"),
        &format!(
            "{org}processings:\n  - {{id: p, applications: [a], transfers: [{{to: us, country: US, safeguard: scc}}]}}\n"
        ),
    );
    // DPF certification makes a US organization adequate.
    case(
        "GDPR007",
        "  - {id: us, kind: processor, country: US}\nflows:\n  - {from: chu, to: us, data: [identity]}\n",
        "  - {id: us, kind: processor, country: US, certifications: [dpf]}\nflows:\n  - {from: chu, to: us, data: [identity]}\n",
    );
}

#[test]
fn gdpr008_processor_contract() {
    let flow = "applications:\n  - {id: a, data: [identity]}\nflows:\n  - {from: a, to: lab, data: [identity]}\n";
    case(
        "GDPR008",
        &format!("  - {{id: lab, kind: processor, country: FR}}\n{flow}"),
        &format!(
            "  - {{id: lab, kind: processor, country: FR, contract: {{ref: DPA-1, signed: 2024-01-01}}}}\n{flow}"
        ),
    );
    case(
        "GDPR008",
        &format!(
            "  - {{id: lab, kind: processor, country: FR, contract: {{ref: DPA-1, expires: 2001-01-01}}}}\n{flow}"
        ),
        &format!(
            "  - {{id: lab, kind: partner, country: FR, contract: {{ref: DPA-1, expires: 2001-01-01}}}}\n{flow}"
        ),
    );
}

#[test]
fn gdpr009_dpia() {
    case(
        "GDPR009",
        &format!(
            "{APP_HEALTH}processings:\n  - {{id: p, uses: [care.treatment], applications: [a], dpia: {{status: required}}}}\n"
        ),
        &format!(
            "{APP_HEALTH}processings:\n  - {{id: p, uses: [care.treatment], applications: [a], dpia: {{status: in-progress}}}}\n"
        ),
    );
    // Two EDPB criteria: special data and vulnerable subjects; one alone is not enough.
    case(
        "GDPR009",
        &format!(
            "{APP_HEALTH}processings:\n  - {{id: p, uses: [research], applications: [a], subjects: [minors]}}\n"
        ),
        &format!(
            "{APP_HEALTH}processings:\n  - {{id: p, uses: [research], applications: [a], subjects: [visitors]}}\n"
        ),
    );
}

#[test]
fn gdpr010_gdpr011_gdpr012() {
    let r = carto(&[
        "-i",
        &inventory(&[("x.yaml", "organizations:\n  - {id: chu, kind: self}\n")])
            .path()
            .display()
            .to_string(),
        "check",
        "--format",
        "json",
    ]);
    assert!(r.stdout.contains("\"GDPR010\""), "{}", r.stdout);
    assert!(!found("").contains(&"GDPR010".to_string()));
    case(
        "GDPR011",
        "applications:\n  - {id: a, data: [identity]}\n",
        "applications:\n  - {id: a, data: [identity]}\nprocessings:\n  - {id: p, applications: [a]}\n",
    );
    let grant = "applications:\n  - {id: a, data: [identity]}\ngroups:\n  - {id: g}\naccess:\n  - {who: g, to: a, level: read}\n";
    case(
        "GDPR012",
        &format!("{grant}processings:\n  - {{id: p, applications: [a]}}\n"),
        &format!("{grant}processings:\n  - {{id: p, applications: [a], recipients: [g]}}\n"),
    );
}

#[test]
fn sec001_to_sec004() {
    case(
        "SEC001",
        "  - {id: h, kind: host, country: FR}\napplications:\n  - {id: a, hosting: {provider: h}, data: [health.lab]}\n",
        "  - {id: h, kind: host, country: FR, certifications: [hds]}\napplications:\n  - {id: a, hosting: {provider: h}, data: [health.lab]}\n",
    );
    case(
        "SEC002",
        "sites:\n  - {id: s, country: US}\napplications:\n  - {id: a, hosting: {site: s}, data: [health.lab]}\n",
        "sites:\n  - {id: s, country: DE}\napplications:\n  - {id: a, hosting: {site: s}, data: [health.lab]}\n",
    );
    case(
        "SEC003",
        "applications:\n  - {id: a}\n  - {id: b}\nflows:\n  - {from: a, to: b, data: [identity], encrypted: false}\n",
        "applications:\n  - {id: a}\n  - {id: b}\nflows:\n  - {from: a, to: b, data: [identity], encrypted: true}\n",
    );
    case(
        "SEC004",
        &format!(
            "{APP_HEALTH}people:\n  - {{id: p}}\naccess:\n  - {{who: p, to: a, level: read, remote: true}}\n"
        ),
        &format!(
            "{APP_HEALTH}people:\n  - {{id: p}}\naccess:\n  - {{who: p, to: a, level: read, remote: true, mfa: true}}\n"
        ),
    );
}

#[test]
fn sec005_admin_path() {
    let base = "zones:\n  - {id: adm, trust: admin}\n  - {id: lan, trust: internal}\napplications:\n  - {id: a}\n  - {id: bastion, kind: gateway, zone: adm}\n  - {id: jump, kind: gateway, zone: lan}\npeople:\n  - {id: p}\n";
    case(
        "SEC005",
        &format!("{base}access:\n  - {{who: p, to: a, level: admin, mfa: true, via: jump}}\n"),
        &format!("{base}access:\n  - {{who: p, to: a, level: admin, mfa: true, via: bastion}}\n"),
    );
    case(
        "SEC005",
        &format!("{base}access:\n  - {{who: p, to: a, level: admin, via: bastion}}\n"),
        &format!("{base}access:\n  - {{who: p, to: a, level: write, via: bastion}}\n"),
    );
}

#[test]
fn sec006_to_sec011() {
    case(
        "SEC006",
        "zones:\n  - {id: z, trust: internal}\napplications:\n  - {id: a, zone: z, internet_facing: true}\n",
        "zones:\n  - {id: z, trust: dmz}\napplications:\n  - {id: a, zone: z, internet_facing: true}\n",
    );
    let zones = "zones:\n  - {id: z1, trust: internal}\n  - {id: z2, trust: restricted}\napplications:\n  - {id: a, zone: z1}\n  - {id: b, zone: z2}\n  - {id: gw, kind: gateway}\n";
    case(
        "SEC007",
        &format!("{zones}flows:\n  - {{from: a, to: b, data: []}}\n"),
        &format!("{zones}flows:\n  - {{from: a, to: b, via: [gw], data: []}}\n"),
    );
    case(
        "SEC008",
        "applications:\n  - {id: a, criticality: vital, backup: {offline: true}}\n",
        "applications:\n  - {id: a, criticality: vital, backup: {offline: true, last_restore_test: 2999-01-01}}\n",
    );
    case(
        "SEC008",
        "applications:\n  - {id: a, criticality: high, backup: {last_restore_test: 2999-01-01}}\n",
        "applications:\n  - {id: a, criticality: medium, backup: {last_restore_test: 2999-01-01}}\n",
    );
    case(
        "SEC009",
        "applications:\n  - {id: a, data: [health]}\n",
        "applications:\n  - {id: a, data: [health], logging: {enabled: true}}\n",
    );
    case(
        "SEC009",
        "applications:\n  - {id: a, data: [health]}\n",
        "applications:\n  - {id: a, data: [identity]}\n",
    );
    case(
        "SEC010",
        "applications:\n  - {id: a, data: [genetic]}\n",
        "applications:\n  - {id: a, data: [genetic], encrypted_at_rest: true}\n",
    );
    case(
        "SEC011",
        "applications:\n  - {id: a, criticality: high, rto: 4h}\n",
        "applications:\n  - {id: a, criticality: high, rto: 4h, rpo: 1h}\n",
    );
}

#[test]
fn acc001_to_acc004() {
    case(
        "ACC001",
        &format!(
            "{APP_HEALTH}accounts:\n  - {{id: desk, kind: shared}}\naccess:\n  - {{who: desk, to: a, level: read}}\n"
        ),
        &format!(
            "{APP_HEALTH}accounts:\n  - {{id: desk, kind: service}}\naccess:\n  - {{who: desk, to: a, level: read}}\n"
        ),
    );
    case(
        "ACC002",
        "groups:\n  - {id: it}\naccounts:\n  - {id: adm, kind: admin, owner: it}\n",
        "people:\n  - {id: bob}\naccounts:\n  - {id: adm, kind: admin, owner: bob}\n",
    );
    case(
        "ACC003",
        &format!(
            "{APP_HEALTH}people:\n  - {{id: p}}\naccess:\n  - {{who: p, to: a, level: read, reviewed: 2001-01-01}}\n"
        ),
        &format!(
            "{APP_HEALTH}people:\n  - {{id: p}}\naccess:\n  - {{who: p, to: a, level: read, reviewed: 2999-01-01}}\n"
        ),
    );
    case(
        "ACC004",
        "applications:\n  - {id: a}\npeople:\n  - {id: p}\naccess:\n  - {who: p, to: a, level: read, expires: 2001-01-01}\n",
        "applications:\n  - {id: a}\npeople:\n  - {id: p}\naccess:\n  - {who: p, to: a, level: read, expires: 2999-01-01}\n",
    );
}

#[test]
fn acc005_to_acc007() {
    case(
        "ACC005",
        "applications:\n  - {id: a}\ngroups:\n  - {id: g}\npeople:\n  - {id: p, left: 2001-01-01, groups: [g]}\naccess:\n  - {who: g, to: a, level: read}\n",
        "applications:\n  - {id: a}\ngroups:\n  - {id: g}\npeople:\n  - {id: p, left: 2999-01-01, groups: [g]}\naccess:\n  - {who: g, to: a, level: read}\n",
    );
    let ext = "  - {id: vendor, kind: supplier, country: FR}\npeople:\n  - {id: v, org: vendor}\n";
    case(
        "ACC006",
        &format!("{ext}{APP_HEALTH}access:\n  - {{who: v, to: a, level: admin}}\n"),
        &format!(
            "{ext}{APP_HEALTH}access:\n  - {{who: v, to: a, level: admin, expires: 2999-01-01}}\n"
        ),
    );
    let groups = "groups:\n  - {id: g1}\n  - {id: g2, members: [g1]}\n  - {id: g3, members: [g2]}\n  - {id: g4, members: [g3]}\npeople:\n  - {id: p, groups: [g1]}\n";
    case(
        "ACC007",
        &format!("{groups}{APP_HEALTH}access:\n  - {{who: g4, to: a, level: read}}\n"),
        &format!("{groups}{APP_HEALTH}access:\n  - {{who: g3, to: a, level: read}}\n"),
    );
}

#[test]
fn policies_match_each_target() {
    let pol = |target: &str, when: &str| {
        format!("policies:\n  - {{id: x, target: {target}, severity: warning, when: {when}}}\n")
    };
    let flows = "applications:\n  - {id: a}\n  - {id: b}\nflows:\n  - {from: a, to: b, data: [health.imaging], encrypted: ENC}\n";
    case(
        "POL:x",
        &format!(
            "{}{}",
            pol("flow", "{data: {any: [health]}, encrypted: false}"),
            flows.replace("ENC", "false")
        ),
        &format!(
            "{}{}",
            pol("flow", "{data: {any: [health]}, encrypted: false}"),
            flows.replace("ENC", "true")
        ),
    );
    case(
        "POL:x",
        &format!(
            "{}processings:\n  - {{id: p, data: [health.lab], uses: [marketing]}}\n",
            pol(
                "processing",
                "{data: {any: [health]}, uses: {any: [marketing]}}"
            )
        ),
        &format!(
            "{}processings:\n  - {{id: p, data: [health.lab], uses: [care]}}\n",
            pol(
                "processing",
                "{data: {any: [health]}, uses: {any: [marketing]}}"
            )
        ),
    );
    case(
        "POL:x",
        &format!(
            "{}{APP_HEALTH}people:\n  - {{id: p}}\naccess:\n  - {{who: p, to: a, level: admin, remote: true}}\n",
            pol("access", "{level: [admin], remote: true, mfa: false}")
        ),
        &format!(
            "{}{APP_HEALTH}people:\n  - {{id: p}}\naccess:\n  - {{who: p, to: a, level: admin, remote: true, mfa: true}}\n",
            pol("access", "{level: [admin], remote: true, mfa: false}")
        ),
    );
    case(
        "POL:x",
        &format!(
            "  - {{id: us, kind: host, country: US}}\n{}applications:\n  - {{id: a, hosting: {{provider: us}}, data: [identity]}}\n",
            pol("application", "{to_country: {not_in: [EEA, ADEQUATE]}}")
        ),
        &format!(
            "  - {{id: us, kind: host, country: CH}}\n{}applications:\n  - {{id: a, hosting: {{provider: us}}, data: [identity]}}\n",
            pol("application", "{to_country: {not_in: [EEA, ADEQUATE]}}")
        ),
    );
    case(
        "POL:x",
        &format!(
            "{}processings:\n  - {{id: p, data: [health.lab, identity]}}\n",
            pol("processing", "{data: {only: [health]}}")
                .replace("only: [health]", "none: [identity.nir]")
        ),
        &format!(
            "{}processings:\n  - {{id: p, data: [identity.nir]}}\n",
            pol("processing", "{data: {none: [identity.nir]}}")
        ),
    );
}

#[test]
fn severity_settings_and_waivers() {
    let dir = inventory(&[
        ("carto.yaml", "rules:\n  SEC003: warning\n  INV009: off\n"),
        (
            "x.yaml",
            &format!(
                "{BASE}applications:\n  - {{id: a}}\n  - {{id: b, ignore: [{{rule: SEC003, reason: \"lab network, isolated\"}}]}}\nflows:\n  - {{from: a, to: b, data: [identity]}}\n"
            ),
        ),
    ]);
    let p = dir.path().display().to_string();
    let r = carto(&["-i", &p, "check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let rules: Vec<String> = v["findings"]
        .as_array()
        .expect("f")
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap_or(""),
                f["severity"].as_str().unwrap_or("")
            )
        })
        .collect();
    // SEC003 is on the flow, not on b: the waiver on b does not apply; carto.yaml makes it a warning.
    assert!(rules.contains(&"SEC003 warning".to_string()), "{rules:?}");
    assert!(!rules.iter().any(|r| r.starts_with("INV009")), "{rules:?}");
    assert_eq!(r.code, 0, "{rules:?}");
    // -D wins over carto.yaml; -A turns off.
    assert_eq!(carto(&["-i", &p, "check", "-q", "-D", "SEC003"]).code, 1);
    let r = carto(&["-i", &p, "check", "--format", "json", "-A", "SEC003"]);
    assert!(!r.stdout.contains("SEC003"), "{}", r.stdout);
    assert_eq!(carto(&["-i", &p, "check", "-q", "--deny-warnings"]).code, 1);
    // An unknown rule on the command line is a usage error; in carto.yaml or ignore, an error finding.
    let r = carto(&["-i", &p, "check", "-D", "SEC03"]);
    r.assert_suggests("SEC003");
    let dir = inventory(&[(
        "x.yaml",
        &format!(
            "{BASE}applications:\n  - {{id: a, owner: chu, ignore: [{{rule: INV08, reason: x}}]}}\n"
        ),
    )]);
    let r = carto(&["-i", &dir.path().display().to_string(), "check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("unknown rule `INV08`") && r.stdout.contains("did you mean `INV008`?"),
        "{}",
        r.stdout
    );
}

#[test]
fn github_and_sarif_formats() {
    let dir = inventory(&[(
        "flows/x.yaml",
        &format!(
            "{BASE}applications:\n  - {{id: a, owner: chu}}\n  - {{id: b, owner: chu}}\nflows:\n  - {{from: a, to: b, data: [identity], encrypted: false}}\nprocessings:\n  - {{id: p, purpose: x, legal_basis: consent, subjects: [staff], applications: [a, b], retention: [{{data: identity, period: 1y}}], owner: chu}}\n"
        ),
    )]);
    let p = dir.path().display().to_string();
    let r = carto(&["-i", &p, "check", "--format", "github", "-q"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("::error file=flows/x.yaml,line=7,col=5,title=SEC003::flow `a->b` carries personal data (identity) in clear"), "{}", r.stdout);
    let r = carto(&["-i", &p, "check", "--format", "sarif"]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "carto");
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "SEC003");
    assert_eq!(result["level"], "error");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        7
    );
    assert_eq!(run["tool"]["driver"]["rules"][0]["id"], "SEC003");
}

#[test]
fn rules_command_lists_and_explains() {
    let r = carto(&["rules", "--format", "json"]);
    assert_eq!(r.code, 0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let ids: Vec<&str> = v["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|x| x["id"].as_str().unwrap_or(""))
        .collect();
    for id in ["INV001", "GDPR007", "SEC011", "ACC007", "POL"] {
        assert!(ids.contains(&id), "{id}");
    }
    for id in &ids {
        let r = carto(&["rules", "explain", id]);
        assert_eq!(r.code, 0, "{id}");
        assert!(r.stdout.starts_with(&format!("# {id} ")), "{id}");
        assert!(r.stdout.contains("## Fix"), "{id}");
    }
    assert_eq!(carto(&["rules", "explain", "POL:my-policy"]).code, 0);
    let r = carto(&["rules", "explain", "SEC99"]);
    assert_eq!(r.code, 2);
}

/// The SARIF output validates against the official SARIF 2.1.0 schema
/// (OASIS, shipped in the npm package `@microsoft/jest-sarif`, fetched by
/// `.ci/run` into the path in `CARTO_SARIF_SCHEMA`). Required in CI; a
/// developer without the schema sees a notice.
#[test]
fn sarif_output_validates_against_the_official_schema() {
    let Some(path) = std::env::var_os("CARTO_SARIF_SCHEMA") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must set CARTO_SARIF_SCHEMA (see .ci/run)"
        );
        eprintln!(
            "notice: CARTO_SARIF_SCHEMA is not set; SARIF schema validation skipped (bash .ci/sarif-schema.sh sets it up)"
        );
        return;
    };
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("schema readable"))
            .expect("schema is JSON");
    // The official schema's pattern for `run.language` (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`,
    // a stray `]`) fails this validator's meta-schema check. carto never writes
    // `language`; every copy of the pattern is repaired to its evident meaning before compiling.
    let schema: serde_json::Value =
        serde_json::from_str(&serde_json::to_string(&schema).expect("json").replace(
            "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
            "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
        ))
        .expect("json");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    // The reference inventory (71 findings of every family) and a load failure.
    for inv in [
        crate::common::root("inventory"),
        crate::common::fixture("bad/invalid-values"),
    ] {
        let r = carto(&["-i", &inv, "check", "--format", "sarif"]);
        let doc: serde_json::Value = serde_json::from_str(&r.stdout).expect("sarif is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{inv}: {errors:#?}");
        assert!(
            !doc["runs"][0]["results"]
                .as_array()
                .expect("results")
                .is_empty()
        );
        // The validator is live: a level SARIF does not define is rejected.
        let mut bad = doc.clone();
        bad["runs"][0]["results"][0]["level"] = "fatal".into();
        assert!(!validator.is_valid(&bad));
    }
}

#[test]
fn maturity_per_view_and_level() {
    let inv = crate::common::root("inventory");
    let r = carto(&["-i", &inv, "maturity", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let views: Vec<&str> = v["views"]
        .as_array()
        .expect("views")
        .iter()
        .map(|x| x["view"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        views,
        [
            "ecosystem",
            "business",
            "applications",
            "administration",
            "logical-infrastructure",
            "physical-infrastructure"
        ]
    );
    let business = &v["views"][1]["levels"][0];
    assert_eq!(business["level"], 1);
    assert_eq!(
        (business["met"].as_u64(), business["total"].as_u64()),
        (Some(63), Some(64))
    );
    assert_eq!(business["percent"], 98);
    assert_eq!(business["missing"][0]["id"], "video-surveillance");
    assert_eq!(business["missing"][0]["fields"][0], "legal_basis");
    // An empty string counts as missing; a criterion that does not apply is not counted.
    let dir = inventory(&[(
        "x.yaml",
        "organizations:\n  - {id: chu, kind: self, name: \"\", country: FR}\n  - {id: p, kind: partner, name: P, country: FR}\n",
    )]);
    let r = carto(&[
        "-i",
        &dir.path().display().to_string(),
        "maturity",
        "--view",
        "ecosystem",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let l1 = &v["views"][0]["levels"][0];
    assert_eq!(
        (l1["met"].as_u64(), l1["total"].as_u64()),
        (Some(3), Some(4)),
        "{l1}"
    );
    assert_eq!(l1["missing"][0]["id"], "chu");
    let l2 = &v["views"][0]["levels"][1];
    // contract (partner p) and dpo (self chu): 2 checks, both missing.
    assert_eq!(
        (l2["met"].as_u64(), l2["total"].as_u64()),
        (Some(0), Some(2)),
        "{l2}"
    );
    let r = carto(&["-i", &inv, "maturity", "--view", "aplications"]);
    r.assert_suggests("applications");
}

#[test]
fn maturity_doc_lists_every_criterion() {
    let doc =
        std::fs::read_to_string(crate::common::root("docs/maturity.md")).expect("docs/maturity.md");
    for c in carto::maturity::CRITERIA {
        let row = format!(
            "| {} | {} | {} |",
            c.level,
            format!("{:?}", c.kind).to_lowercase(),
            c.field
        );
        assert!(doc.contains(&row), "docs/maturity.md lacks {row}");
    }
}
