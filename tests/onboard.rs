//! Onboarding: init, the JSON Schema against the loader, completions, man,
//! CSV import round trips.

use crate::common::{carto, fixture, root};
use std::path::Path;

#[test]
fn init_then_check_and_never_overwrite() {
    let dir = tempfile::tempdir().expect("tmp");
    let inv = dir.path().join("inv");
    let i = inv.display().to_string();
    let r = carto(&["init", &i]);
    assert_eq!(r.code, 0, "{}", r.all());
    let r = carto(&["-i", &i, "check", "--deny-warnings"]);
    assert_eq!(r.code, 0, "the starter is clean: {}", r.all());
    let before = std::fs::read_to_string(inv.join("inventory.yaml")).expect("written");
    std::fs::write(inv.join("inventory.yaml"), format!("{before}\n# my edit\n")).expect("edit");
    let r = carto(&["init", &i]);
    assert_eq!(r.code, 4);
    assert!(r.stderr.contains("refusing to overwrite"), "{}", r.stderr);
    assert!(
        std::fs::read_to_string(inv.join("inventory.yaml"))
            .expect("kept")
            .ends_with("# my edit\n")
    );
}

fn yaml_docs(path: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).expect("readable");
    serde_saphyr::from_multiple::<serde_json::Value>(&text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn yaml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
        {
            continue;
        }
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}

fn validator(settings: bool) -> jsonschema::Validator {
    let mut args = vec!["schema"];
    if settings {
        args.push("--settings");
    }
    let r = carto(&args);
    assert_eq!(r.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&r.stdout).expect("schema is JSON");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

#[test]
fn bundled_inventories_validate_against_the_schema() {
    let (inv, settings) = (validator(false), validator(true));
    let mut files = Vec::new();
    yaml_files(Path::new(&root("inventory")), &mut files);
    yaml_files(Path::new(&root("examples")), &mut files);
    yaml_files(Path::new(&fixture("diff")), &mut files);
    assert!(files.len() > 20, "{files:?}");
    for f in files {
        let v = if f.file_name().is_some_and(|n| n == "carto.yaml") {
            &settings
        } else {
            &inv
        };
        for doc in yaml_docs(&f) {
            let errors: Vec<String> = v
                .iter_errors(&doc)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", f.display());
        }
    }
}

#[test]
fn what_the_loader_refuses_the_schema_refuses() {
    let inv = validator(false);
    for (case, file) in [
        ("unknown-field", "base.yaml"),
        ("invalid-values", "base.yaml"),
        ("wrong-kind", "base.yaml"),
    ] {
        let docs = yaml_docs(&Path::new(&fixture(&format!("bad/{case}"))).join(file));
        let valid = docs.iter().all(|d| inv.is_valid(d));
        match case {
            // A wrong-kind reference is well-formed: only the loader can see it.
            "wrong-kind" => assert!(valid, "{case}"),
            _ => assert!(!valid, "{case} should fail the schema"),
        }
    }
}

/// The fields the loader accepts in a section, read from its own error:
/// an unknown field gets the help "<kind> takes: a, b, c ...".
fn loader_fields(section: &str) -> Vec<String> {
    let item = match section {
        "flows" => "{from: x, to: x, data: [], zzzzzzzzzz: 1}",
        "access" => "{who: x, to: x, level: read, zzzzzzzzzz: 1}",
        _ => "{id: probe, zzzzzzzzzz: 1}",
    };
    let dir = crate::common::inventory(&[("x.yaml", &format!("{section}:\n  - {item}\n"))]);
    let r = carto(&[
        "-i",
        &dir.path().display().to_string(),
        "check",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let help = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "INV004")
        .and_then(|f| f["help"].as_str())
        .unwrap_or_else(|| panic!("{section}: no INV004 help in {}", r.stdout))
        .to_string();
    let list = help
        .split_once("takes: ")
        .map(|x| x.1)
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("");
    let mut fields: Vec<String> = list
        .split(", ")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    fields.sort();
    fields
}

#[test]
fn schema_and_loader_know_the_same_fields() {
    for (section, own) in carto::schema::SECTIONS {
        let mut schema: Vec<String> = carto::schema::COMMON
            .iter()
            .chain(own.iter())
            .map(|(n, _)| n.to_string())
            .collect();
        schema.sort();
        assert_eq!(loader_fields(section), schema, "section `{section}`");
    }
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = carto(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}");
        // Subcommands and flags everywhere; values (formats, views, kinds)
        // where the shell's script lists them.
        let values: &[&str] = if matches!(shell, "bash" | "zsh" | "fish") {
            &["sarif", "ecosystem", "processings"]
        } else {
            &[]
        };
        for word in ["diagram", "--format"].iter().chain(values) {
            assert!(r.stdout.contains(word), "{shell}: no `{word}`");
        }
    }
    assert_eq!(carto(&["completions", "tcsh"]).code, 2);
    // Dynamic completion: entity ids from the inventory, views, rule ids.
    let dynamic = |words: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("carto")
            .expect("binary")
            .env("COMPLETE", "fish")
            .env("CARTO_INVENTORY", root("inventory"))
            .arg("--")
            .args(words)
            .output()
            .expect("runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let ids = dynamic(&["carto", "show", "dp"]);
    assert!(
        ids.lines().any(|l| l.starts_with("dpi\tapplication")),
        "{ids}"
    );
    let views = dynamic(&["carto", "diagram", "gd"]);
    assert!(views.starts_with("gdpr"), "{views}");
    let rules = dynamic(&["carto", "check", "-A", "GDPR00"]);
    assert!(rules.lines().count() >= 9, "{rules}");

    // The man pages: carto's, and with --dir one per command, each with
    // the sections people look for.
    let r = carto(&["man"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains(".TH carto"),
        "{}",
        &r.stdout[..200.min(r.stdout.len())]
    );
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().display().to_string();
    let r = carto(&["man", "--dir", &d]);
    assert_eq!(r.code, 0, "{}", r.all());
    let commands = [
        "check",
        "list",
        "show",
        "who",
        "what",
        "where",
        "path",
        "impact",
        "rules",
        "maturity",
        "register",
        "diagram",
        "snapshot",
        "sql",
        "diff",
        "init",
        "schema",
        "import",
        "completions",
        "man",
    ];
    for c in commands {
        let page = std::fs::read_to_string(dir.path().join(format!("carto-{c}.1")))
            .unwrap_or_else(|e| panic!("carto-{c}.1: {e}"));
        for section in [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
            ".SH EXAMPLES",
        ] {
            assert!(page.contains(section), "carto-{c}.1 lacks {section}");
        }
        assert!(page.contains(&format!("carto {c}")), "carto-{c}.1");
    }
    // Every page another page refers to exists.
    let main = std::fs::read_to_string(dir.path().join("carto.1")).expect("carto.1");
    for c in commands {
        assert!(
            main.contains(&format!("carto\\-{c}(1)")),
            "carto.1 does not list carto-{c}(1)"
        );
    }
    // man itself reads them, when it is installed.
    if std::process::Command::new("man")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        let out = std::process::Command::new("man")
            .args(["-l", &format!("{d}/carto-check.1")])
            .env("MANWIDTH", "80")
            .env("MANPAGER", "cat")
            .output()
            .expect("man runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("EXIT STATUS") && text.contains("EXAMPLES"),
            "{text}"
        );
    }
    // --help shows examples.
    for c in ["check", "who", "register", "diagram"] {
        let r = carto(&[c, "--help"]);
        assert!(
            r.stdout.contains("Examples:\n  carto "),
            "{c} --help:\n{}",
            r.stdout
        );
    }
}

#[test]
fn import_csv_round_trip() {
    let dir = tempfile::tempdir().expect("tmp");
    let inv = dir.path().join("inv");
    assert_eq!(carto(&["init", &inv.display().to_string()]).code, 0);
    let csvs = [
        (
            "people",
            "sAMAccountName;displayName;mail;memberOf;Department\njdoe;John Doe;j.doe@x.org;Cardiology|All Staff;Cardio\nasmith;Ann Smith;a.smith@x.org;All Staff;HR\n",
            vec![
                "--map",
                "sAMAccountName=id",
                "--map",
                "displayName=name",
                "--map",
                "mail=email",
                "--map",
                "memberOf=groups",
            ],
        ),
        (
            "groups",
            "id,name,kind\ncardiology,Cardiology,team\nall-staff,All staff,directory\n",
            vec![],
        ),
        (
            "applications",
            "id,name,criticality,data,owner\nLab System,Laboratory,HIGH,health.lab;identity,staff\n",
            vec![],
        ),
        (
            "access",
            "who,to,level,reviewed\ncardiology,lab-system,read,2026-05-01\n",
            vec![],
        ),
    ];
    for (kind, text, map) in &csvs {
        let csv_path = dir.path().join(format!("{kind}.csv"));
        std::fs::write(&csv_path, text).expect("csv");
        let out = inv.join(format!("imported-{kind}.yaml"));
        let mut args = vec![
            "import",
            "csv",
            "--kind",
            kind,
            csv_path.to_str().expect("utf8"),
            "-o",
            out.to_str().expect("utf8"),
        ];
        args.extend(map.iter().copied());
        let r = carto(&args);
        assert_eq!(r.code, 0, "{kind}: {}", r.all());
    }
    // The imported entities load, with their relations.
    let i = inv.display().to_string();
    let r = carto(&["-i", &i, "show", "jdoe", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["fields"]["email"], "j.doe@x.org");
    assert_eq!(
        v["fields"]["groups"],
        serde_json::json!(["cardiology", "all-staff"])
    );
    let r = carto(&[
        "-i",
        &i,
        "who",
        "lab-system",
        "--kind",
        "person",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["rows"][0]["principal"], "jdoe");
    let r = carto(&["-i", &i, "show", "lab-system", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["fields"]["criticality"], "high");
}

#[test]
fn import_reports_bad_rows_with_their_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let csv_path = dir.path().join("bad.csv");
    std::fs::write(&csv_path, "who,to,level,reviewed\nstaff,records,superuser,2026-01-01\nstaff,records,read,2026-13-01\n,records,read,\n").expect("csv");
    let r = carto(&[
        "import",
        "csv",
        "--kind",
        "access",
        csv_path.to_str().expect("utf8"),
    ]);
    assert_eq!(r.code, 4);
    for want in [
        "line 2: invalid level `superuser`: expected one of read, write, admin",
        "line 3: `reviewed` expects a date YYYY-MM-DD, found `2026-13-01`",
        "line 4: missing `who`",
    ] {
        assert!(r.stderr.contains(want), "{want:?} in {}", r.stderr);
    }
    assert!(
        !r.stderr.contains("line 2: missing `level`"),
        "{}",
        r.stderr
    );
    let r = carto(&[
        "import",
        "csv",
        "--kind",
        "people",
        csv_path.to_str().expect("utf8"),
        "--map",
        "who=nickname",
    ]);
    assert_eq!(r.code, 2);
}

/// Run where there is no inventory, carto says so (exit 2) instead of
/// reading the tree; a folder with a carto.yaml is an inventory; settings
/// in a subfolder are skipped with a warning; the database lives next to
/// the inventory, which `init` keeps out of git.
#[test]
fn where_carto_looks() {
    let run_in = |dir: &Path, args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("carto")
            .expect("binary")
            .args(args)
            .current_dir(dir)
            .env("CARTO_TODAY", "2026-11-22")
            .env_remove("CARTO_INVENTORY")
            .env("NO_COLOR", "1")
            .output()
            .expect("runs");
        (
            out.status.code().unwrap_or(-1),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    };
    let empty = tempfile::tempdir().expect("tmp");
    std::fs::write(empty.path().join("notes.yaml"), "version: 1\n").expect("write");
    let (code, err) = run_in(empty.path(), &["check"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("no inventory here") && err.contains("-i DIR"),
        "{err}"
    );
    // Commands that read no inventory still work there.
    assert_eq!(run_in(empty.path(), &["rules", "--format", "json"]).0, 0);

    let parent = tempfile::tempdir().expect("tmp");
    let (code, err) = run_in(parent.path(), &["init", "hosp"]);
    assert_eq!(code, 0, "{err}");
    let ignore = std::fs::read_to_string(parent.path().join("hosp/.gitignore")).expect("ignore");
    assert!(ignore.lines().any(|l| l == ".carto/carto.db"), "{ignore}");
    // A nested carto.yaml belongs to another inventory: skipped, said.
    std::fs::create_dir(parent.path().join("hosp/other")).expect("mkdir");
    std::fs::write(parent.path().join("hosp/other/carto.yaml"), "self: nope\n").expect("write");
    let (code, err) = run_in(parent.path(), &["-i", "hosp", "check"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("skipped `other/carto.yaml`: settings are read only at the inventory's root"),
        "{err}"
    );
    // The snapshot database goes next to the inventory, from anywhere.
    let (code, err) = run_in(parent.path(), &["-i", "hosp", "snapshot"]);
    assert_eq!(code, 0, "{err}");
    assert!(parent.path().join("hosp/.carto/carto.db").is_file());
    assert!(!parent.path().join(".carto").exists());
    let (code, err) = run_in(
        parent.path(),
        &["-i", "hosp", "sql", "select count(*) from snapshots"],
    );
    assert_eq!(code, 0, "{err}");
    // Inside the inventory (it has a carto.yaml), no -i is needed.
    let (code, err) = run_in(&parent.path().join("hosp"), &["check"]);
    assert_eq!(code, 0, "{err}");
}
