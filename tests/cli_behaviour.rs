//! How the command line behaves, whatever the command: one format model
//! (each command lists its formats in --help, accepts them, refuses the
//! others with exit 2), tables that fit the terminal, help with examples.

use crate::common::{carto, root};

/// The commands that answer data, with an argument when they need one.
const DATA_COMMANDS: &[&[&str]] = &[
    &["list"],
    &["list", "applications"],
    &["who", "health"],
    &["what", "n-mercier"],
    &["rules"],
    &["maturity"],
];

#[test]
fn every_data_command_answers_table_json_and_csv() {
    let inv = root("inventory");
    for cmd in DATA_COMMANDS {
        for (format, check) in [
            ("table", (|s: &str| s.contains('│')) as fn(&str) -> bool),
            ("json", |s: &str| {
                serde_json::from_str::<serde_json::Value>(s).is_ok()
            }),
            ("csv", |s: &str| {
                let mut r = csv::Reader::from_reader(s.as_bytes());
                let width = r.headers().map(|h| h.len()).unwrap_or(0);
                width > 1 && r.records().all(|x| x.is_ok_and(|x| x.len() == width))
            }),
        ] {
            let mut args = vec!["-i", inv.as_str()];
            args.extend_from_slice(cmd);
            args.extend_from_slice(&["--format", format]);
            let r = carto(&args);
            assert_eq!(r.code, 0, "{cmd:?} {format}: {}", r.all());
            assert!(check(&r.stdout), "{cmd:?} {format}:\n{}", r.stdout);
        }
    }
}

#[test]
fn formats_are_listed_and_others_refused() {
    let inv = root("inventory");
    // --help names every format of the command.
    for (cmd, formats) in [
        (
            "check",
            &["human", "json", "csv", "sarif", "github", "gitlab"][..],
        ),
        ("list", &["table", "json", "csv"][..]),
        (
            "register",
            &["md", "html", "csv", "xlsx", "ods", "json"][..],
        ),
        ("diagram", &["dot", "svg", "png", "mermaid"][..]),
        ("diff", &["human", "md", "json"][..]),
    ] {
        let r = carto(&[cmd, "--help"]);
        assert_eq!(r.code, 0);
        for f in formats {
            assert!(
                r.stdout.contains(&format!("- {f}:")),
                "{cmd}: {f}\n{}",
                r.stdout
            );
        }
        assert!(r.stdout.contains("--format <FORMAT>"), "{cmd}");
    }
    // A format the command does not write: exit 2, the list named.
    for args in [
        &["diagram", "ecosystem", "--format", "json"][..],
        &["list", "--format", "sarif"][..],
        &["check", "--format", "md"][..],
    ] {
        let mut all = vec!["-i", inv.as_str()];
        all.extend_from_slice(args);
        let r = carto(&all);
        assert_eq!(r.code, 2, "{args:?}: {}", r.all());
        assert!(r.stderr.contains("possible values"), "{}", r.stderr);
    }
    // Commands that answer no data have no --format.
    for args in [
        &["init", "x", "--format", "json"][..],
        &["completions", "bash", "--format", "json"][..],
        &["man", "--format", "json"][..],
    ] {
        let r = carto(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.all());
    }
}

/// In a 100-column terminal (a pseudo-terminal made by `script`), tables
/// fit: no line over 100 characters; piped, they stay whole; `--width`
/// sets the limit.
#[test]
fn tables_fit_the_terminal() {
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        has_script || std::env::var_os("CI").is_none(),
        "CI needs `script` (util-linux)"
    );
    let bin = env!("CARGO_BIN_EXE_carto");
    let inv = root("inventory");
    let widest = |text: &str| {
        text.lines()
            .map(|l| l.trim_end_matches('\r').chars().count())
            .max()
            .unwrap_or(0)
    };
    for args in ["rules", "list applications", "who health", "what n-mercier"] {
        if has_script {
            let out = std::process::Command::new("script")
                .args(["-qec", &format!("{bin} -i {inv} {args}"), "/dev/null"])
                .env("COLUMNS", "100")
                .env("NO_COLOR", "1")
                .env("CARTO_TODAY", "2026-11-22")
                .output()
                .expect("script runs");
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains('│'), "{args}: {text}");
            assert!(
                widest(&text) <= 100,
                "{args}: {} columns\n{text}",
                widest(&text)
            );
        }
        // Piped: whole rows, for tools.
        let mut all = vec!["-i", inv.as_str()];
        all.extend(args.split(' '));
        let piped = carto(&all).stdout;
        assert!(widest(&piped) > 100, "{args}: piped output was cut");
        // An explicit width applies anywhere.
        all.extend(["--width", "80"]);
        let narrow = carto(&all).stdout;
        assert!(
            widest(&narrow) <= 80,
            "{args}: {}\n{narrow}",
            widest(&narrow)
        );
    }
}

/// The small things: an empty table is closed; relations in read as
/// sentences; counts agree in number.
#[test]
fn small_things() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().display().to_string();
    let inv = format!("{d}/inv");
    assert_eq!(carto(&["init", &inv]).code, 0);
    assert_eq!(carto(&["-i", &inv, "snapshot"]).code, 0);
    let r = carto(&["-i", &inv, "sql", "select * from snapshots where 0"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(
        lines[0].starts_with('┌') && lines[2].starts_with('└'),
        "{}",
        r.stdout
    );
    let r = carto(&["-i", &inv, "show", "records"]);
    assert!(
        r.stdout.contains("flow records->mailer names it in `from`"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("-->"), "{}", r.stdout);
    let csv = format!("{d}/one.csv");
    std::fs::write(&csv, "id,name\njdoe,Jane Doe\n").expect("csv");
    let r = carto(&["import", "csv", "--kind", "people", &csv]);
    assert!(r.stderr.contains("1 person imported"), "{}", r.stderr);
}

/// Errors that say how to fix: a grant pasted under `processings:` is one
/// error naming `access:`; enum values and country codes get a
/// case-insensitive suggestion; a wrong shape shows the right one; rule
/// ids are case-insensitive everywhere.
#[test]
fn errors_that_help() {
    let inv = crate::common::inventory(&[
        ("carto.yaml", "self: chu\n"),
        (
            "a.yaml",
            "organizations:\n  - {id: chu, kind: self, country: FR}\n  - {id: v, kind: host, country: USA}\napplications:\n  - {id: app, owner: chu, kind: SaaS}\npeople:\n  - {id: bob}\nprocessings:\n  - {id: p1, dpia: done}\n  - who: bob\n    to: app\n    level: write\naccess:\n  - {who: bob, to: app, level: administrator}\n",
        ),
    ]);
    let i = inv.path().display().to_string();
    let r = carto(&["-i", &i, "check"]);
    assert_eq!(r.code, 3, "{}", r.all());
    let all = r.all();
    for expected in [
        "`who`, `to`, `level` are fields of a grant, not of a processing: move this item under `access:`",
        "in the `access:` section it reads `- {who: bob, to: app, level: write}`",
        "did you mean `saas`?",
        "did you mean `US`?",
        "did you mean `admin`?",
        "for example `dpia: {status: ",
    ] {
        assert!(all.contains(expected), "missing `{expected}`:\n{all}");
    }
    // One error for the misplaced item: not also "unknown field" per key,
    // nor a missing `id`.
    assert!(!all.contains("unknown field `who`"), "{all}");
    assert!(
        !all.contains("missing required field `id` in processing"),
        "{all}"
    );

    let reference = root("inventory");
    let lower = carto(&["-i", &reference, "check", "-A", "inv009", "-W", "sec004"]);
    assert_eq!(lower.code, 1, "{}", lower.all());
    let upper = carto(&["-i", &reference, "check", "-A", "INV009", "-W", "SEC004"]);
    assert_eq!(
        lower.stdout.lines().last(),
        upper.stdout.lines().last(),
        "lower-case rule ids act as upper-case ones"
    );
    let waived = crate::common::inventory(&[
        ("carto.yaml", "self: chu\nrules:\n  inv009: off\n"),
        (
            "a.yaml",
            "organizations:\n  - {id: chu, kind: self, country: FR}\napplications:\n  - {id: app, data: [], ignore: [{rule: inv008, reason: kept on purpose}]}\n",
        ),
    ]);
    let r = carto(&["-i", &waived.path().display().to_string(), "check"]);
    assert!(!r.all().contains("unknown rule"), "{}", r.all());
    assert!(
        !r.all().contains("INV009") && !r.all().contains("INV008"),
        "{}",
        r.all()
    );
    // A French user's `registre` is the register.
    assert_eq!(
        carto(&["-i", &reference, "registre", "--format", "json"]).code,
        0
    );
}
