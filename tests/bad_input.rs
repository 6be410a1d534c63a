//! Every kind of bad input of the foundation issue: the exit code, the
//! message, and the `file:line:col` it points at. None may panic or hang.

use crate::common::{carto, fixture, inventory};

/// Runs `check` on a bad fixture: exit 3, and each expected piece is printed.
fn fails_with(name: &str, expected: &[&str]) -> String {
    let r = carto(&["-i", &fixture(&format!("bad/{name}")), "check"]);
    let all = r.all();
    assert_eq!(r.code, 3, "{name}: exit code\n{all}");
    for e in expected {
        assert!(all.contains(e), "{name}: expected {e:?} in\n{all}");
    }
    assert!(!all.contains("panicked"), "{all}");
    all
}

#[test]
fn yaml_syntax_error() {
    fails_with(
        "yaml-syntax",
        &["error[INV000]: unclosed bracket", "--> base.yaml:6:11"],
    );
}

#[test]
fn duplicate_key() {
    fails_with(
        "duplicate-key",
        &["error[INV000]: duplicate key `name`", "--> base.yaml:7:5"],
    );
}

#[test]
fn duplicate_id_names_both_places() {
    fails_with(
        "duplicate-id",
        &[
            "error[INV003]: duplicate id `dpi`: already declared as an application",
            "--> b.yaml:2:9",
            "--> a.yaml:5:9 (first declared here)",
        ],
    );
}

#[test]
fn unknown_reference_suggests_the_near_miss() {
    fails_with(
        "unknown-reference",
        &[
            "error[INV001]: unknown reference `dpi-cor` in `to`",
            "--> base.yaml:9:9",
            "did you mean `dpi-core`?",
        ],
    );
}

#[test]
fn a_failed_reference_does_not_hide_or_invent_other_errors() {
    // The other fields of the flow are still read: no INV004 for `protocol`,
    // but the misspelt `encypted` is still reported.
    let dir = inventory(&[(
        "x.yaml",
        &format!(
            "{}applications:\n  - id: a\nflows:\n  - {{from: a, to: nowhere, data: [identity], protocol: hl7v2, encypted: true}}\nprocessings:\n  - id: p\n    transfers: [{{to: nobody, country: US, safeguard: scc}}]\n",
            crate::common::SELF
        ),
    )]);
    let r = carto(&[
        "-i",
        &dir.path().display().to_string(),
        "check",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 3);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let rules: Vec<String> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| format!("{} {}", f["rule"].as_str().unwrap_or(""), f["line"]))
        .collect();
    assert_eq!(rules, ["INV001 6", "INV004 6", "INV001 9"]);
}

#[test]
fn reference_to_the_wrong_kind() {
    fails_with(
        "wrong-kind",
        &[
            "error[INV002]: `dmz` is a zone, but `to` takes an application, an organization, a person or a group",
            "--> base.yaml:10:9",
        ],
    );
}

#[test]
fn unknown_field_suggests_the_field() {
    fails_with(
        "unknown-field",
        &[
            "error[INV004]: unknown field `encypted` in flow",
            "--> base.yaml:11:5",
            "did you mean `encrypted`?",
        ],
    );
}

#[test]
fn invalid_values_are_all_reported_in_one_run() {
    let all = fails_with(
        "invalid-values",
        &[
            "invalid country `XX`",
            "--> base.yaml:4:40",
            "invalid value `critical` for `criticality`: expected one of low, medium, high, vital",
            "--> base.yaml:7:18",
            "`rto` expects a duration",
            "--> base.yaml:8:10",
            "`reviewed` expects a date `YYYY-MM-DD`, found `2025-02-30`",
            "--> base.yaml:13:15",
            "4 errors",
        ],
    );
    assert_eq!(all.matches("error[INV005]").count(), 4, "{all}");
}

#[test]
fn membership_cycle_is_named() {
    fails_with(
        "membership-cycle",
        &[
            "error[INV006]: membership cycle: a -> b -> c -> a",
            "--> base.yaml:7:23",
        ],
    );
}

#[test]
fn zero_or_two_self_organizations() {
    fails_with("no-self", &["error[INV007]: no `self` organization"]);
    fails_with(
        "two-self",
        &[
            "error[INV007]: 2 organizations have `kind: self`",
            "--> base.yaml:2:10",
            "--> base.yaml:3:10 (`ght` is also self)",
        ],
    );
}

#[test]
fn alias_bomb_stops_with_an_error() {
    fails_with("alias-bomb", &["error[INV000]", "alias", "--> bomb.yaml:"]);
}

#[test]
fn deep_nesting_is_refused() {
    fails_with(
        "deep-nesting",
        &["nesting deeper than 64 levels", "--> base.yaml:5:"],
    );
}

#[test]
fn non_utf8_file_is_named() {
    fails_with(
        "non-utf8",
        &["`latin1.yaml` is not UTF-8 text (invalid byte at line 3, column 12)"],
    );
}

#[test]
fn empty_file_is_a_warning_only() {
    let r = carto(&["-i", &fixture("bad/empty-file"), "check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains("warning[INV000]: `empty.yaml` is empty"),
        "{}",
        r.stdout
    );
    let r = carto(&["-i", &fixture("bad/empty-file"), "check", "--deny-warnings"]);
    assert_eq!(r.code, 1);
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_skipped_with_a_warning() {
    let dir = inventory(&[("org.yaml", crate::common::SELF)]);
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    std::os::unix::fs::symlink("..", dir.path().join("sub/up")).expect("symlink");
    std::os::unix::fs::symlink("up", dir.path().join("sub/self-loop")).expect("symlink");
    let r = carto(&["-i", &dir.path().display().to_string(), "check"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("symlink loop"), "{}", r.stdout);
    // The organization was read once, not once per path.
    assert!(r.stdout.contains("1 file and 1 entity"), "{}", r.stdout);
}

#[test]
fn oversized_file_fails_fast_without_reading_it() {
    let dir = inventory(&[("org.yaml", crate::common::SELF)]);
    let f = std::fs::File::create(dir.path().join("huge.yaml")).expect("create");
    // Sparse: 65 MiB on paper, nothing on disk; reading it all would be slow.
    f.set_len(65 * 1024 * 1024).expect("set_len");
    let r = carto(&["-i", &dir.path().display().to_string(), "check"]);
    assert_eq!(r.code, 3);
    assert!(
        r.all().contains("`huge.yaml` is larger than 64 MiB"),
        "{}",
        r.all()
    );
}

#[test]
fn empty_inventory_suggests_init() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = carto(&["-i", &dir.path().display().to_string(), "check"]);
    assert_eq!(r.code, 3);
    assert!(r.all().contains("the inventory is empty"), "{}", r.all());
    assert!(r.all().contains("carto init"), "{}", r.all());
}

#[test]
fn missing_inventory_directory() {
    let r = carto(&["-i", "/nonexistent/carto-inventory", "list"]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr
            .contains("cannot read the inventory `/nonexistent/carto-inventory`"),
        "{}",
        r.stderr
    );
}

#[test]
fn load_errors_of_other_commands_go_to_stderr() {
    let r = carto(&["-i", &fixture("bad/unknown-reference"), "list"]);
    assert_eq!(r.code, 3);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("--> base.yaml:9:9"), "{}", r.stderr);
}

#[test]
fn check_json_locates_each_error() {
    let r = carto(&[
        "-i",
        &fixture("bad/invalid-values"),
        "check",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 3);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["version"], 1);
    assert_eq!(v["summary"]["error"], 4);
    let f = &v["findings"][1];
    assert_eq!(f["rule"], "INV005");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["file"], "base.yaml");
    assert_eq!(f["line"], 7);
    assert_eq!(f["column"], 18);
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A few hostile shapes beyond the fixtures: each must load or fail cleanly.
    let cases: &[&str] = &[
        "- just\n- a list\n",
        "organizations: 12\n",
        "organizations:\n  - 12\n  - [a]\n",
        "? [a, b]\n: c\n",
        "organizations:\n  - {id: UPPER, kind: self}\n",
        "organizations:\n  - {id: chu, kind: self, tags: {a: b}, attributes: [1]}\n",
        "applications:\n  - id: x\n    data: !!binary aGVsbG8=\n",
        "%YAML 1.2\n---\n...\n",
        "\t\tbad: tab\n",
        "organizations: &a\n  - *a\n",
    ];
    for (i, text) in cases.iter().enumerate() {
        let dir = inventory(&[("x.yaml", text)]);
        let r = carto(&["-i", &dir.path().display().to_string(), "check"]);
        assert!(
            r.code == 0 || r.code == 1 || r.code == 3,
            "case {i}: {}",
            r.all()
        );
        assert!(!r.all().contains("panicked"), "case {i}: {}", r.all());
    }
}

#[test]
fn inventory_over_the_total_limit_fails_before_reading() {
    let dir = inventory(&[("org.yaml", crate::common::SELF)]);
    // 17 sparse files of 64 MiB: each within the file limit, 1088 MiB in total.
    for i in 0..17 {
        let f = std::fs::File::create(dir.path().join(format!("big-{i:02}.yaml"))).expect("create");
        f.set_len(64 * 1024 * 1024).expect("set_len");
    }
    let started = std::time::Instant::now();
    let r = carto(&["-i", &dir.path().display().to_string(), "check"]);
    assert_eq!(r.code, 3);
    assert!(
        r.all()
            .contains("more than the limit of 1024 MiB: nothing was read"),
        "{}",
        r.all()
    );
    // Reading 1 GiB of zeros through the YAML parser would take far longer.
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let files: Vec<(String, String)> = (0..60)
        .map(|i| {
            (
                format!("apps/a{i:02}.yaml"),
                // Four applications per file: enough for the snapshot's bar too.
                format!(
                    "applications:\n  - {{id: app-{i}}}\n  - {{id: app-{i}-b}}\n  - {{id: app-{i}-c}}\n  - {{id: app-{i}-d}}\n"
                ),
            )
        })
        .collect();
    let mut refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    refs.push(("org.yaml", crate::common::SELF));
    let dir = inventory(&refs);
    let r = carto(&[
        "-i",
        &dir.path().display().to_string(),
        "list",
        "applications",
    ]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stderr, "", "nothing drawn on a non-terminal stderr");
    let db = dir.path().join("db.sqlite").display().to_string();
    let inv = dir.path().display().to_string();
    let r = carto(&["-i", &inv, "snapshot", "--db", &db]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert_eq!(r.stderr, "", "no snapshot bar either");
}
