//! `check`, `list`, `show` and the global options, end to end.

use crate::common::{SELF, carto, inventory, root};

fn minimal() -> String {
    root("examples/minimal")
}

#[test]
fn check_clean_inventory_exits_0_with_summary() {
    let r = carto(&["-i", &minimal(), "check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(
        r.stdout,
        "carto: checked 1 file and 7 entities: 0 errors, 0 warnings, 0 info\n"
    );
    let q = carto(&["-i", &minimal(), "check", "-q"]);
    assert_eq!(q.stdout, "");
}

#[test]
fn check_warnings_and_deny_warnings() {
    let dir = inventory(&[("x.yaml", &format!("{SELF}applications:\n  - id: lonely\n"))]);
    let p = dir.path().display().to_string();
    let r = carto(&["-i", &p, "check"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains(
            "warning[INV008]: application `lonely` is used by no processing, flow or grant"
        )
    );
    assert!(
        r.stdout
            .contains("warning[INV009]: application `lonely` has no owner")
    );
    assert!(r.stdout.contains("--> x.yaml:4:9"), "{}", r.stdout);
    assert_eq!(carto(&["-i", &p, "check", "--deny-warnings"]).code, 1);
    // Waived with a reason: gone.
    let dir = inventory(&[(
        "x.yaml",
        &format!(
            "{SELF}applications:\n  - id: lonely\n    owner: chu\n    ignore: [{{rule: INV008, reason: decommissioned next month}}]\n"
        ),
    )]);
    let r = carto(&["-i", &dir.path().display().to_string(), "check"]);
    assert!(!r.stdout.contains("INV008"), "{}", r.stdout);
}

#[test]
fn list_table_json_and_tag_filter() {
    let r = carto(&["-i", &minimal(), "list", "applications"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("patient-record"));
    assert!(!r.stdout.contains("dr-morel "), "{}", r.stdout);
    let r = carto(&["-i", &minimal(), "list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["version"], 1);
    let ids: Vec<&str> = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        ids,
        [
            "clinic",
            "labco",
            "patient-record",
            "patient-record->labco",
            "dr-morel",
            "dr-morel->patient-record",
            "patient-care"
        ]
    );
    // Built-in taxonomy is listed under data.
    let r = carto(&["-i", &minimal(), "list", "data"]);
    assert!(
        r.stdout.contains("identity.nir") && r.stdout.contains("special: nir"),
        "{}",
        r.stdout
    );
    let dir = inventory(&[(
        "x.yaml",
        &format!(
            "{SELF}applications:\n  - {{id: a, tags: [gxp, vital]}}\n  - {{id: b, tags: [gxp]}}\n"
        ),
    )]);
    let r = carto(&[
        "-i",
        &dir.path().display().to_string(),
        "list",
        "--tag",
        "gxp",
        "--tag",
        "vital",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["items"].as_array().map(|a| a.len()), Some(1));
    assert_eq!(v["items"][0]["id"], "a");
}

#[test]
fn list_unknown_kind_is_a_usage_error() {
    let r = carto(&["-i", &minimal(), "list", "aplications"]);
    r.assert_suggests("applications");
}

#[test]
fn show_relations_in_both_directions() {
    let r = carto(&[
        "-i",
        &minimal(),
        "show",
        "patient-record",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["kind"], "application");
    assert_eq!(v["file"], "inventory.yaml");
    assert_eq!(v["fields"]["criticality"], "high");
    let out: Vec<String> = v["relations"]["out"]
        .as_array()
        .expect("out")
        .iter()
        .map(|r| format!("{} {}", r["field"], r["id"]))
        .collect();
    assert!(
        out.contains(&"\"owner\" \"dr-morel\"".to_string()),
        "{out:?}"
    );
    let inc: Vec<String> = v["relations"]["in"]
        .as_array()
        .expect("in")
        .iter()
        .map(|r| format!("{} {} {}", r["kind"], r["id"], r["field"]))
        .collect();
    assert_eq!(
        inc,
        [
            "\"flow\" \"patient-record->labco\" \"from\"",
            "\"grant\" \"dr-morel->patient-record\" \"to\"",
            "\"processing\" \"patient-care\" \"applications\""
        ]
    );
    let human = carto(&["-i", &minimal(), "show", "patient-record"]);
    assert!(human.stdout.contains("relations in:"), "{}", human.stdout);
    assert!(
        human
            .stdout
            .contains("grant dr-morel->patient-record names it in `to`  (inventory.yaml:45)"),
        "{}",
        human.stdout
    );
}

#[test]
fn show_generated_id_and_builtin() {
    let r = carto(&["-i", &minimal(), "show", "patient-record->labco"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let r = carto(&["-i", &minimal(), "show", "health.lab"]);
    assert!(r.stdout.contains("declared at <built-in>"), "{}", r.stdout);
}

#[test]
fn show_unknown_or_ambiguous_id_is_a_usage_error() {
    let r = carto(&["-i", &minimal(), "show", "patient-recrod"]);
    r.assert_suggests("patient-record");
    let dir = inventory(&[(
        "x.yaml",
        &format!("{SELF}applications:\n  - {{id: health}}\n"),
    )]);
    let p = dir.path().display().to_string();
    let r = carto(&["-i", &p, "show", "health"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("write `entity:health` or `data:health`"),
        "{}",
        r.stderr
    );
    assert_eq!(carto(&["-i", &p, "show", "data:health"]).code, 0);
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("list.json");
    let t = target.display().to_string();
    let r = carto(&["-i", &minimal(), "list", "--format", "json", "-o", &t]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.is_empty());
    let written = std::fs::read_to_string(&target).expect("written");
    let direct = carto(&["-i", &minimal(), "list", "--format", "json"]).stdout;
    assert_eq!(written, direct);
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
    // `-o -` is stdout.
    assert_eq!(
        carto(&["-i", &minimal(), "list", "--format", "json", "-o", "-"]).stdout,
        direct
    );
    // An unwritable target is exit 4 with a message.
    let r = carto(&["-i", &minimal(), "list", "-o", "/nonexistent-dir/x.txt"]);
    assert_eq!(r.code, 4);
    assert!(r.stderr.contains("cannot write the output"), "{}", r.stderr);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(carto(&["frobnicate"]).code, 2);
    assert_eq!(
        carto(&["-i", &minimal(), "check", "--format", "yaml"]).code,
        2
    );
    assert_eq!(carto(&["-i", &minimal(), "show"]).code, 2);
    assert_eq!(carto(&["--version"]).code, 0);
}

#[test]
fn inventory_from_environment() {
    let out = assert_cmd::Command::cargo_bin("carto")
        .expect("bin")
        .args(["check", "-q"])
        .env("CARTO_INVENTORY", minimal())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn color_is_chosen_by_the_flag() {
    let dir = inventory(&[("x.yaml", &format!("{SELF}applications:\n  - id: lonely\n"))]);
    let p = dir.path().display().to_string();
    let always = carto(&["-i", &p, "check", "--color", "always"]);
    assert!(
        always.stdout.contains("\x1b[1;33mwarning\x1b[0m"),
        "{}",
        always.stdout
    );
    let never = carto(&["-i", &p, "check", "--color", "never"]);
    assert!(!never.stdout.contains('\x1b') && never.stdout.contains("warning[INV008]"));
    // Written to a file, never colored.
    let out = dir.path().join("out.txt");
    carto(&[
        "-i",
        &p,
        "check",
        "--color",
        "always",
        "-o",
        &out.display().to_string(),
    ]);
    assert!(
        !std::fs::read_to_string(out)
            .expect("written")
            .contains('\x1b')
    );
}

#[test]
fn verbose_prints_phase_timings_on_stderr() {
    let r = carto(&["-i", &root("inventory"), "-v", "check", "-q"]);
    for want in [
        "carto: loaded 24 files",
        "read and parse",
        "graph built in",
        "rules checked in",
        "slowest rules:",
    ] {
        assert!(r.stderr.contains(want), "{want:?} in {}", r.stderr);
    }
    assert!(
        carto(&["-i", &root("inventory"), "check", "-q"])
            .stderr
            .is_empty()
    );
}

#[test]
fn where_explain_path_limit_register_tag_diagram_cluster() {
    let inv = root("inventory");
    let r = carto(&["-i", &inv, "where", "health.transfusion", "--explain"]);
    assert!(
        r.stdout
            .contains("blood-bank holds health.transfusion (applications/diagnostics.yaml:"),
        "{}",
        r.stdout
    );
    let r = carto(&[
        "-i", &inv, "path", "dr-faure", "dpi", "--limit", "1", "--format", "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["paths"].as_array().map(|p| p.len()), Some(1));
    let dir = inventory(&[(
        "x.yaml",
        &format!("{SELF}processings:\n  - {{id: p1, tags: [hr]}}\n  - {{id: p2}}\n"),
    )]);
    let r = carto(&[
        "-i",
        &dir.path().display().to_string(),
        "register",
        "--tag",
        "hr",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let ids: Vec<&str> = v["processings"]
        .as_array()
        .expect("p")
        .iter()
        .map(|p| p["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids, ["p1"]);
    let by_zone = carto(&[
        "-i",
        &inv,
        "diagram",
        "applications",
        "--no-aggregate",
        "--format",
        "dot",
    ])
    .stdout;
    let by_site = carto(&[
        "-i",
        &inv,
        "diagram",
        "applications",
        "--cluster",
        "site",
        "--no-aggregate",
        "--format",
        "dot",
    ])
    .stdout;
    let none = carto(&[
        "-i",
        &inv,
        "diagram",
        "applications",
        "--cluster",
        "none",
        "--no-aggregate",
        "--format",
        "dot",
    ])
    .stdout;
    assert!(by_zone.contains("label=\"Clinical LAN (restricted)\""));
    assert!(
        by_site.contains("label=\"CHU de Valmont, main campus\"")
            && !by_site.contains("Clinical LAN")
    );
    assert_eq!(none.matches("subgraph cluster_").count(), 0, "no groups");
    assert_eq!(
        carto(&["-i", &inv, "diagram", "applications", "--cluster", "rack"]).code,
        2
    );
}
