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
