//! `who`, `what`, `where`, `path`, `impact` end to end on the reference
//! inventory: answers, explanations, JSON contracts, CSV, usage errors.

use crate::common::{SELF, carto, inventory, root};

fn json(args: &[&str]) -> serde_json::Value {
    let inv = root("inventory");
    let mut all = vec!["-i", inv.as_str()];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let r = carto(&all);
    assert_eq!(r.code, 0, "{}", r.all());
    serde_json::from_str(&r.stdout).expect("json")
}

fn rows_of(v: &serde_json::Value) -> &Vec<serde_json::Value> {
    v["rows"].as_array().expect("rows")
}

#[test]
fn who_health_lists_the_left_nurse_flagged_with_her_path() {
    let v = json(&["who", "health", "--kind", "person"]);
    assert_eq!(v["version"], 1);
    assert_eq!(v["target"], "health");
    let rows = rows_of(&v);
    let mercier: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| r["principal"] == "n-mercier")
        .collect();
    assert!(!mercier.is_empty());
    let dpi = mercier
        .iter()
        .find(|r| r["application"] == "dpi" && r["level"] == "write")
        .expect("write on dpi");
    assert_eq!(dpi["kind"], "person");
    assert_eq!(dpi["flags"][0], "inactive");
    let steps: Vec<&str> = dpi["path"]
        .as_array()
        .expect("path")
        .iter()
        .map(|s| s["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(&steps[..3], ["n-mercier", "nurses", "dpi"]);
    assert_eq!(dpi["path"][1]["file"], "access/people.yaml");
    assert_eq!(dpi["path"][2]["fact"], "grant write on dpi");
    // Every row is about health data and every principal is a person.
    for r in rows {
        assert_eq!(r["kind"], "person");
        assert!(
            r["data"]
                .as_array()
                .expect("data")
                .iter()
                .all(|d| d.as_str().unwrap_or("").starts_with("health")),
            "{r}"
        );
    }
}

#[test]
fn who_reaches_through_a_server_grant_and_four_nested_groups() {
    let v = json(&["who", "dpi", "--level", "admin"]);
    let principals: Vec<&str> = rows_of(&v)
        .iter()
        .map(|r| r["principal"].as_str().unwrap_or(""))
        .collect();
    // adm-dpi has admin on the DPI's servers, not on the application itself.
    assert!(principals.contains(&"adm-dpi"), "{principals:?}");
    assert!(rows_of(&v).iter().all(|r| r["level"] == "admin"));
    let v = json(&["what", "dr-faure", "--special"]);
    assert_eq!(v["principal"], "dr-faure");
    let dpi = rows_of(&v)
        .iter()
        .find(|r| r["application"] == "dpi")
        .expect("dpi");
    // `what` rows name the application, not the principal asked about.
    let keys: Vec<&String> = dpi.as_object().expect("row").keys().collect();
    assert_eq!(keys, ["level", "data", "application", "path", "flags"]);
    let groups: Vec<&str> = dpi["path"]
        .as_array()
        .expect("path")
        .iter()
        .filter(|s| s["fact"].as_str().unwrap_or("").starts_with("member of"))
        .map(|s| s["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(groups, ["cardio-night-rota", "cardiology", "physicians"]);
}

#[test]
fn who_explain_prints_the_chain_with_lines() {
    let inv = root("inventory");
    let r = carto(&["-i", &inv, "who", "telecons", "--explain"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("dr-faure -> member of cardio-night-rota (access/groups.yaml:12) -> member of cardiology (access/groups.yaml:6) -> grant write on telecons (access/grants.yaml:16)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("televisio (organization) admin on telecons"),
        "{}",
        r.stdout
    );
}

#[test]
fn what_an_organization_receives() {
    let v = json(&["what", "biolab"]);
    assert_eq!(v["principal"], "biolab");
    let row = &rows_of(&v)[0];
    assert_eq!(row["application"], "lis");
    assert_eq!(row["level"], "read");
    assert!(
        row["data"]
            .as_array()
            .expect("data")
            .iter()
            .any(|d| d == "health.lab")
    );
    assert!(row.get("principal").is_none());
}

#[test]
fn where_health_finds_the_undeclared_us_transfer() {
    let v = json(&["where", "health"]);
    assert_eq!(v["data"], "health");
    let has = |key: &str, id: &str| v[key].as_array().expect(key).iter().any(|x| x == id);
    assert!(has("applications", "telecons") && has("applications", "dpi"));
    assert!(has("organizations", "televisio") && has("organizations", "biolab"));
    assert!(has("countries", "US") && has("countries", "FR"));
    assert!(has("flows", "lis-results"));
    let t = &v["transfers"].as_array().expect("transfers")[0];
    assert_eq!(
        (
            t["organization"].as_str(),
            t["country"].as_str(),
            t["declared"].as_bool()
        ),
        (Some("televisio"), Some("US"), Some(false))
    );
}

#[test]
fn path_between_a_person_and_an_application() {
    let v = json(&["path", "dr-faure", "dpi"]);
    let paths: Vec<Vec<&str>> = v["paths"]
        .as_array()
        .expect("paths")
        .iter()
        .map(|p| {
            p.as_array()
                .expect("path")
                .iter()
                .map(|l| l["field"].as_str().unwrap_or(""))
                .collect()
        })
        .collect();
    // Every path is a shortest one (5 facts); the access route is among them.
    assert!(paths.iter().all(|p| p.len() == 5), "{paths:?}");
    assert!(
        paths.contains(&vec!["members", "members", "members", "who", "to"]),
        "{paths:?}"
    );
}

#[test]
fn impact_of_the_teleconsultation_processor() {
    let v = json(&["impact", "televisio"]);
    assert_eq!(v["target"], "televisio");
    assert_eq!(v["applications"], serde_json::json!(["telecons"]));
    assert_eq!(v["processings"], serde_json::json!(["telemedicine"]));
    assert!(
        v["data"]
            .as_array()
            .expect("data")
            .iter()
            .any(|d| d == "health.record")
    );
    assert_eq!(v["notification"]["authority"], true);
    assert_eq!(v["notification"]["subjects"], true);
    let v = json(&["impact", "dpi"]);
    assert!(
        v["processings"]
            .as_array()
            .expect("p")
            .iter()
            .any(|p| p == "patient-care")
    );
    assert!(
        v["organizations"]
            .as_array()
            .expect("o")
            .iter()
            .any(|o| o == "cnam")
    );
}

#[test]
fn csv_for_access_reviews() {
    let inv = root("inventory");
    let r = carto(&["-i", &inv, "who", "data:payroll", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let mut lines = r.stdout.lines();
    assert_eq!(
        lines.next(),
        Some("principal,kind,name,level,application,data,flags,why")
    );
    assert!(
        r.stdout
            .contains("a-michel,person,Sarah Michel,write,payroll,payroll,,"),
        "{}",
        r.stdout
    );
}

#[test]
fn csv_cells_from_the_inventory_cannot_be_formulas() {
    let dir = inventory(&[(
        "x.yaml",
        &format!(
            "{SELF}applications:\n  - {{id: app, data: [health]}}\npeople:\n  - {{id: mallory, name: \"=HYPERLINK(\\\"http://evil\\\")\"}}\n  - {{id: eve, name: \"@SUM(A1)\"}}\naccess:\n  - {{who: [mallory, eve], to: app, level: read}}\n"
        ),
    )]);
    let r = carto(&[
        "-i",
        &dir.path().display().to_string(),
        "who",
        "health",
        "--format",
        "csv",
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(",'@SUM(A1),"), "{}", r.stdout);
    for line in r.stdout.lines().skip(1) {
        for cell in line.split(',') {
            assert!(!cell.starts_with(['=', '+', '@']), "{line}");
        }
    }
}

#[test]
fn unknown_or_wrong_ids_are_usage_errors() {
    let inv = root("inventory");
    let r = carto(&["-i", &inv, "who", "helth"]);
    r.assert_suggests("health");
    let r = carto(&["-i", &inv, "who", "dr-roux"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("use `carto what`"), "{}", r.stderr);
    let r = carto(&["-i", &inv, "what", "dpi"]);
    assert_eq!(r.code, 2);
    let r = carto(&["-i", &inv, "where", "dpi"]);
    assert_eq!(r.code, 2);
    let r = carto(&["-i", &inv, "who", "health", "--level", "owner"]);
    assert_eq!(r.code, 2);
    let r = carto(&["-i", &inv, "impact", "health"]);
    assert_eq!(r.code, 2);
    let r = carto(&["-i", &inv, "path", "dpi", "nowhere"]);
    assert_eq!(r.code, 2);
}

#[test]
fn queries_exit_0_whatever_the_findings() {
    // The reference inventory has warnings; queries do not care.
    let inv = root("inventory");
    for args in [
        vec!["who", "health"],
        vec!["what", "it-ops"],
        vec!["where", "identity.nir"],
        vec!["path", "gam", "cnam"],
        vec!["impact", "srv-dpi-db"],
    ] {
        let mut all = vec!["-i", inv.as_str()];
        all.extend(args.iter().copied());
        let r = carto(&all);
        assert_eq!(r.code, 0, "{args:?}: {}", r.all());
        assert!(!r.stdout.is_empty());
    }
}
