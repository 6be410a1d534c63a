//! The threat model of docs/security.md: an inventory and git revisions
//! from people the hospital does not control. Each test plays one attack.

use crate::common::{SELF, carto, carto_in, inventory};
use std::path::Path;
use std::process::Command;

fn git_out(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> String {
    use std::io::Write;
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(dir).args(args);
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("git runs");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("write");
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn repo_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let repo = inventory(files);
    let g = |a: &[&str]| git_out(repo.path(), a, None);
    g(&["init", "-q"]);
    g(&["config", "user.email", "ci@example.org"]);
    g(&["config", "user.name", "ci"]);
    g(&["add", "-A"]);
    g(&["commit", "-qm", "base"]);
    repo
}

const APP: &str = "applications:\n  - {id: dpi, name: DPI, owner: chu}\n";

/// A commit whose inventory tree holds an entry named `..` (git accepts it
/// with mktree) must not make `diff` write anywhere: refused, nothing written.
#[test]
fn diff_refuses_a_tree_with_dot_dot() {
    let repo = repo_with(&[("inventory/org.yaml", SELF), ("inventory/apps.yaml", APP)]);
    let r = repo.path();
    let blob = git_out(
        r,
        &["hash-object", "-w", "--stdin"],
        Some(b"applications:\n  - {id: evil, name: Evil}\n"),
    );
    let inner = git_out(
        r,
        &["mktree"],
        Some(format!("100644 blob {blob}\tpwned.yaml\n").as_bytes()),
    );
    let org = git_out(r, &["rev-parse", "HEAD:inventory/org.yaml"], None);
    let inv_tree = git_out(
        r,
        &["mktree"],
        Some(format!("040000 tree {inner}\t..\n100644 blob {org}\torg.yaml\n").as_bytes()),
    );
    let root = git_out(
        r,
        &["mktree"],
        Some(format!("040000 tree {inv_tree}\tinventory\n").as_bytes()),
    );
    let commit = git_out(r, &["commit-tree", &root, "-m", "evil"], None);
    let tmp = tempfile::tempdir().expect("tmp");
    let out = Command::new(assert_cmd::cargo::cargo_bin("carto"))
        .current_dir(r)
        .env("TMPDIR", tmp.path())
        .env("NO_COLOR", "1")
        .args(["-i", "inventory", "diff", &commit])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("not a plain relative path"), "{stderr}");
    // Nothing written: not beside the inventory, not in the temp directory.
    assert!(!r.join("pwned.yaml").exists());
    assert!(!r.join("inventory/pwned.yaml").exists());
    assert_eq!(std::fs::read_dir(tmp.path()).expect("tmp").count(), 0);
}

/// Reading a revision writes nothing to disk, so an interrupted `diff`
/// leaves no copy of the inventory behind; it also works at the root of a
/// repository, and with a file name that is not UTF-8.
#[test]
fn diff_reads_revisions_in_memory() {
    let repo = repo_with(&[("org.yaml", SELF), ("apps.yaml", APP)]);
    let r = repo.path();
    std::fs::write(
        r.join("apps.yaml"),
        format!("{APP}  - {{id: lab, name: Lab, owner: chu}}\n"),
    )
    .expect("write");
    let tmp = tempfile::tempdir().expect("tmp");
    let run = |args: &[&str]| {
        Command::new(assert_cmd::cargo::cargo_bin("carto"))
            .current_dir(r)
            .env("TMPDIR", tmp.path())
            .env("NO_COLOR", "1")
            .env("CARTO_TODAY", "2026-11-22")
            .args(args)
            .output()
            .expect("runs")
    };
    let out = run(&["-i", ".", "diff", "HEAD"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("added application Lab (lab)"), "{stdout}");
    assert_eq!(std::fs::read_dir(tmp.path()).expect("tmp").count(), 0);

    // A file name that is not UTF-8, committed: check and diff agree.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.yaml");
        std::fs::write(r.join(name), "groups:\n  - {id: g1, name: G}\n").expect("write");
        git_out(r, &["add", "-A"], None);
        git_out(r, &["commit", "-qm", "latin1 name"], None);
        let out = run(&["-i", ".", "diff", "HEAD"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("no semantic change"));
    }
    // An option-looking revision is not passed to git as an option.
    let out = run(&["-i", ".", "diff", "--output=/tmp/x"]);
    assert_ne!(out.status.code(), Some(0));
}

/// A blob over the file limit is refused from its size, before it is read.
#[test]
fn diff_checks_blob_sizes_before_reading() {
    let repo = repo_with(&[("org.yaml", SELF)]);
    let r = repo.path();
    let big = vec![b'#'; (carto::load::MAX_FILE_BYTES + 1) as usize];
    std::fs::write(r.join("big.yaml"), &big).expect("write");
    git_out(r, &["add", "-A"], None);
    git_out(r, &["commit", "-qm", "big"], None);
    std::fs::remove_file(r.join("big.yaml")).expect("rm");
    let i = r.display().to_string();
    let run = carto(&["-i", &i, "diff", "HEAD"]);
    assert_eq!(run.code, 3, "{}", run.all());
    assert!(run.stderr.contains("larger than 64 MiB"), "{}", run.stderr);
}

/// A symbolic link out of the inventory is skipped with a warning that
/// names it; its target is never read or printed. Links inside are followed;
/// FIFOs are skipped (reading one would hang).
#[cfg(unix)]
#[test]
fn links_out_of_the_inventory_are_not_followed() {
    let outside = inventory(&[("secret.yaml", "applications: [{id: SECRET-TOKEN-42}]\n")]);
    let inv = inventory(&[("org.yaml", SELF), ("apps/a.yaml", APP)]);
    let d = inv.path();
    std::os::unix::fs::symlink("/proc/self/environ", d.join("env.yaml")).expect("link");
    std::os::unix::fs::symlink(outside.path(), d.join("elsewhere")).expect("link");
    std::os::unix::fs::symlink(outside.path().join("secret.yaml"), d.join("s.yaml")).expect("link");
    std::os::unix::fs::symlink(d.join("apps"), d.join("apps-again")).expect("link");
    std::os::unix::fs::symlink("apps/a.yaml", d.join("inside.yaml")).expect("link");
    let fifo = Command::new("mkfifo")
        .arg(d.join("pipe.yaml"))
        .status()
        .is_ok_and(|s| s.success());
    let out = Command::new(assert_cmd::cargo::cargo_bin("carto"))
        .env("CARTO_SECRET_FOR_TEST", "hunter2-do-not-print")
        .env("NO_COLOR", "1")
        .env("CARTO_TODAY", "2026-11-22")
        .args(["-i", &d.display().to_string(), "check"])
        .output()
        .expect("runs");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains("hunter2"), "{all}");
    assert!(!all.contains("SECRET-TOKEN"), "{all}");
    for name in ["env.yaml", "elsewhere", "s.yaml"] {
        assert!(
            all.contains(&format!(
                "skipped `{name}`: it is a symbolic link to a place outside the inventory"
            )),
            "{name}: {all}"
        );
    }
    if fifo {
        assert!(
            all.contains("skipped `pipe.yaml`: it is not a regular file"),
            "{all}"
        );
    }
    // `inside.yaml` is read (a duplicate of `dpi`), `apps-again` is not a loop
    // of its own but the same directory: read once.
    assert!(all.contains("INV003"), "{all}");
}

/// One error on a huge line prints a window, not the line; thousands of
/// errors are capped per file with a count of the rest.
#[test]
fn output_bombs_are_capped() {
    let long = format!(
        "applications:\n  - {{id: dpi, name: \"{}\", kind: nope, owner: chu}}\n",
        "x".repeat(2_000_000)
    );
    let many: String = (0..5_000)
        .map(|i| format!("{{id: BAD{i}}}, "))
        .collect::<String>();
    let many = format!("groups: [{many}]\n");
    let inv = inventory(&[
        ("org.yaml", SELF),
        ("long.yaml", &long),
        ("many.yaml", &many),
    ]);
    let run = carto_in(inv.path(), &["check"]);
    assert_eq!(run.code, 3);
    let all = run.all();
    assert!(all.len() < 100_000, "{} bytes", all.len());
    assert!(all.contains("..."), "window marker");
    assert!(
        all.contains("more errors not shown (at most 50 per file and 500 in all"),
        "{}",
        &all[all.len().saturating_sub(2000)..]
    );
    // Other commands print the same capped report on stderr.
    let run = carto_in(inv.path(), &["list"]);
    assert_eq!(run.code, 3);
    assert!(run.stderr.len() < 100_000 && run.stderr.contains("more errors not shown"));
    // JSON keeps every error and the count.
    let json = carto_in(inv.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert!(v["summary"]["error"].as_u64().unwrap_or(0) >= 5_000);
}

/// A syntax error in one file does not make every reference to its ids an
/// INV001: one note says they could not be checked.
#[test]
fn a_broken_file_does_not_cascade() {
    let inv = inventory(&[
        ("org.yaml", SELF),
        (
            "apps.yaml",
            "applications:\n  - {id: dpi, name: DPI, owner: chu\n  - id: lab\n",
        ),
        (
            "flows.yaml",
            "flows:\n  - {from: dpi, to: lab, protocol: hl7v2, data: [identity]}\n  - {from: dpi, to: nowhere, protocol: hl7v2, data: [identity]}\n",
        ),
    ]);
    let run = carto_in(inv.path(), &["check"]);
    assert_eq!(run.code, 3);
    let all = run.all();
    assert_eq!(all.matches("error[INV001]").count(), 1, "{all}");
    assert!(all.contains("unknown reference `nowhere`"));
    assert!(
        all.contains("3 references to ids that `apps.yaml` seems to declare could not be checked"),
        "{all}"
    );
    // The message names the kinds without a mangled article.
    let inv = inventory(&[
        ("org.yaml", SELF),
        (
            "p.yaml",
            "processings:\n  - {id: p, name: P, data: [nope]}\n",
        ),
    ]);
    let run = carto_in(inv.path(), &["check"]);
    assert!(
        run.all().contains("there is no data category with this id"),
        "{}",
        run.all()
    );
}

/// Control characters from the inventory never reach the terminal or a CI
/// log raw: no ESC, BEL or CR, and no line that starts a workflow command.
#[test]
fn control_characters_are_escaped() {
    let hostile = "applications:\n  - {id: dpi, name: \"DPI\\n::error file=x::pwned\\e]0;title\\a\", kind: \"saas\\n::add-mask::x\", owner: chu}\n";
    let inv = inventory(&[("org.yaml", SELF), ("apps.yaml", hostile)]);
    let i = inv.path().display().to_string();
    let bad = |text: &str| {
        text.contains('\u{1b}')
            || text.contains('\u{7}')
            || text.contains('\r')
            || text.lines().any(|l| l.trim_start().starts_with("::"))
    };
    let run = carto(&["-i", &i, "check"]);
    assert_eq!(run.code, 3, "{}", run.all());
    assert!(run.all().contains("saas\\n::add-mask::x"), "{}", run.all());
    assert!(!bad(&run.all()), "{}", run.all());
    // Loaded (a valid kind): list and show print the name escaped.
    let ok = hostile.replace("saas\\n::add-mask::x", "saas");
    let inv = inventory(&[("org.yaml", SELF), ("apps.yaml", &ok)]);
    let i = inv.path().display().to_string();
    for args in [
        vec!["list", "applications"],
        vec!["show", "dpi"],
        vec!["check"],
    ] {
        let mut all = vec!["-i", i.as_str()];
        all.extend(args.iter().copied());
        let run = carto(&all);
        assert!(!bad(&run.all()), "{args:?}: {}", run.all());
    }
    let run = carto(&["-i", &i, "show", "dpi"]);
    assert!(
        run.stdout
            .contains("DPI\\n::error file=x::pwned\\u{1b}]0;title\\u{7}"),
        "{}",
        run.stdout
    );
}

/// A C0 control character in a name keeps every SVG view well-formed XML.
#[test]
fn svg_stays_xml_with_control_characters() {
    if Command::new("dot").arg("-V").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "CI must install Graphviz");
        return;
    }
    let inv = inventory(&[
        ("org.yaml", SELF),
        (
            "apps.yaml",
            "applications:\n  - {id: dpi, name: \"D\\x01P\\x1bI\", owner: chu, data: [health], zone: lan}\n  - {id: lab, name: \"L\\x02\", owner: chu}\nzones:\n  - {id: lan, name: \"LAN\\x03\", trust: internal}\nflows:\n  - {from: dpi, to: lab, protocol: hl7v2, data: [health]}\naccess:\n  - {who: chu, to: dpi, level: read}\n",
        ),
    ]);
    let i = inv.path().display().to_string();
    for view in [
        vec!["ecosystem"],
        vec!["applications"],
        vec!["flows"],
        vec!["data", "health"],
        vec!["access", "dpi"],
        vec!["infrastructure"],
        vec!["gdpr"],
    ] {
        let mut args = vec!["-i", i.as_str(), "diagram"];
        args.extend(view.iter().copied());
        args.extend(["--format", "svg"]);
        let run = carto(&args);
        assert_eq!(run.code, 0, "{view:?}: {}", run.stderr);
        let opts = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        roxmltree::Document::parse_with_options(&run.stdout, opts)
            .unwrap_or_else(|e| panic!("{view:?}: {e}"));
    }
}

/// `-o` never follows a link planted at the target or beside it, and is
/// refused where it would write a file of the inventory.
#[cfg(unix)]
#[test]
fn output_files_are_created_safely() {
    let inv = inventory(&[("org.yaml", SELF), ("apps.yaml", APP)]);
    let i = inv.path().display().to_string();
    let out = tempfile::tempdir().expect("tmp");
    let victim = out.path().join("victim.txt");
    std::fs::write(&victim, "precious").expect("write");
    // The old predictable temporary names, planted as links to the victim.
    for pid in 0..64 {
        let _ = std::os::unix::fs::symlink(
            &victim,
            out.path().join(format!(".report.json.carto-{pid}.tmp")),
        );
    }
    let list_to = |p: &Path| {
        carto(&[
            "-i",
            &i,
            "list",
            "--format",
            "json",
            "-o",
            &p.display().to_string(),
        ])
    };
    let target = out.path().join("report.json");
    let run = list_to(&target);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
    assert!(
        std::fs::read_to_string(&target)
            .expect("read")
            .contains("\"dpi\"")
    );
    // A link at the target itself is replaced, not followed.
    let link = out.path().join("link.json");
    std::os::unix::fs::symlink(&victim, &link).expect("link");
    let run = list_to(&link);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
    assert!(
        !std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    // A device is written to, not replaced by a regular file.
    let run = carto(&["-i", &i, "list", "--format", "json", "-o", "/dev/null"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    {
        use std::os::unix::fs::FileTypeExt;
        let m = std::fs::symlink_metadata("/dev/null").expect("meta");
        assert!(m.file_type().is_char_device());
    }
    // Into the inventory: refused, nothing written.
    let inside = inv.path().join("register.yaml");
    let run = carto(&[
        "-i",
        &i,
        "list",
        "--format",
        "json",
        "-o",
        &inside.display().to_string(),
    ]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("inside the inventory"),
        "{}",
        run.stderr
    );
    assert!(!inside.exists());
    let run = carto(&[
        "-i",
        &i,
        "check",
        "-o",
        &inv.path().join("apps.yaml").display().to_string(),
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(
        std::fs::read_to_string(inv.path().join("apps.yaml")).expect("read"),
        APP
    );
}

/// `import csv` writes YAML that loads whatever the cells hold, reports
/// rows the loader would reject with their CSV line, and never overwrites.
#[test]
fn import_writes_only_loadable_yaml() {
    let dir = tempfile::tempdir().expect("tmp");
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "id,name,email\nalice,\"Alice\u{7f} \u{ffff} \u{1b}[31m\",a@x\nbob,\"Bob\nsecond line\",b@x\n",
    )
    .expect("write");
    let out = dir.path().join("inv/people.yaml");
    std::fs::create_dir_all(out.parent().expect("parent")).expect("mkdir");
    std::fs::write(out.parent().expect("p").join("org.yaml"), SELF).expect("write");
    let o = out.display().to_string();
    let run = carto(&[
        "import",
        "csv",
        "--kind",
        "people",
        &csv.display().to_string(),
        "-o",
        &o,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let loaded = crate::common::load(out.parent().expect("p"));
    let names: Vec<String> = loaded
        .inventory
        .people
        .iter()
        .map(|p| p.common.display_name().to_string())
        .collect();
    assert_eq!(
        names,
        ["Alice\u{7f} \u{ffff} \u{1b}[31m", "Bob\nsecond line"]
    );
    // Refuses to overwrite without --force.
    let again = carto(&[
        "import",
        "csv",
        "--kind",
        "people",
        &csv.display().to_string(),
        "-o",
        &o,
    ]);
    assert_eq!(again.code, 2, "{}", again.all());
    assert!(again.stderr.contains("--force"));
    let forced = carto(&[
        "import",
        "csv",
        "--kind",
        "people",
        &csv.display().to_string(),
        "-o",
        &o,
        "--force",
    ]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);

    // Ids the format rejects, duplicate columns: exit 4 or 2, nothing written.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "id,name\n_x,Under\nok,Fine\n").expect("write");
    let target = dir.path().join("bad.yaml");
    let run = carto(&[
        "import",
        "csv",
        "--kind",
        "people",
        &bad.display().to_string(),
        "-o",
        &target.display().to_string(),
    ]);
    assert_eq!(run.code, 4, "{}", run.all());
    assert!(run.stderr.contains("line 2"), "{}", run.stderr);
    assert!(!target.exists());
    std::fs::write(&bad, "id,name,mail\nx,X,a@b\n").expect("write");
    let run = carto(&[
        "import",
        "csv",
        "--kind",
        "people",
        &bad.display().to_string(),
        "--map",
        "mail=name",
    ]);
    assert_eq!(run.code, 2, "{}", run.all());
    assert!(
        run.stderr.contains("two columns give `name`"),
        "{}",
        run.stderr
    );
    // A file name with a newline cannot inject a section into the header comment.
    let evil = dir.path().join("x\napplications:\n  - {id: pwned}\n.csv");
    std::fs::write(&evil, "id,name\nz,Z\n").expect("write");
    let run = carto(&[
        "import",
        "csv",
        "--kind",
        "people",
        &evil.display().to_string(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("\napplications:"), "{}", run.stdout);
}

/// A killed snapshot (hot journal) is rolled back and said so; a database
/// locked by another writer is "busy", not "not a carto database".
#[test]
fn database_errors_say_what_happened() {
    // The reference inventory: enough rows for a write to reach the file.
    let i = crate::common::root("inventory");
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("c.db");
    let d = db.display().to_string();
    assert_eq!(carto(&["-i", &i, "snapshot", "--db", &d]).code, 0);
    // Another writer holds the lock.
    let conn = rusqlite_connection(&db);
    conn.execute_batch("BEGIN EXCLUSIVE").expect("lock");
    let run = carto(&["-i", &i, "snapshot", "--db", &d]);
    assert_eq!(run.code, 4, "{}", run.all());
    assert!(
        run.stderr
            .contains("is busy: another carto snapshot is writing"),
        "{}",
        run.stderr
    );
    let run = carto(&["sql", "--db", &d, "select count(*) from snapshots"]);
    assert!(run.stderr.contains("is busy"), "{}", run.all());
    conn.execute_batch("ROLLBACK").expect("unlock");
    drop(conn);
    // A snapshot killed mid-way: copy the database and its journal while a
    // write is in progress (what a kill -9 leaves behind).
    let conn = rusqlite_connection(&db);
    conn.execute_batch("PRAGMA journal_mode=DELETE; PRAGMA cache_size=1; BEGIN; DELETE FROM entity_versions; DELETE FROM finding_rows;")
        .expect("write");
    let crashed = dir.path().join("crashed.db");
    std::fs::copy(&db, &crashed).expect("copy");
    let journal = dir.path().join("c.db-journal");
    assert!(
        std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0),
        "no journal"
    );
    std::fs::copy(&journal, dir.path().join("crashed.db-journal")).expect("journal");
    drop(conn);
    let run = carto(&[
        "sql",
        "--db",
        &crashed.display().to_string(),
        "select count(*) as n from entities",
    ]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(
        run.stderr
            .contains("the last snapshot was interrupted; it was rolled back"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("│ 0 "), "{}", run.stdout);
}

fn rusqlite_connection(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).expect("open")
}

/// `sql` stops an endless query at --timeout and streams large answers.
#[test]
fn sql_has_a_timeout() {
    let inv = inventory(&[("org.yaml", SELF), ("apps.yaml", APP)]);
    let i = inv.path().display().to_string();
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().join("c.db").display().to_string();
    assert_eq!(carto(&["-i", &i, "snapshot", "--db", &d]).code, 0);
    let started = std::time::Instant::now();
    let run = carto(&[
        "sql",
        "--db",
        &d,
        "--timeout",
        "1",
        "with recursive n(x) as (select 1 union all select x + 1 from n) select count(*) from n",
    ]);
    assert_eq!(run.code, 4, "{}", run.all());
    assert!(run.stderr.contains("ran longer than 1 s"), "{}", run.stderr);
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    let run = carto(&[
        "sql",
        "--db",
        &d,
        "--format",
        "csv",
        "with recursive n(x) as (select 1 union all select x + 1 from n where x < 100000) select x from n",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 100_001);
    let run = carto(&[
        "sql",
        "--db",
        &d,
        "--format",
        "json",
        "select 1 as a, 'x' as b",
    ]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(v["rows"][0]["b"], "x");
    let run = carto(&[
        "sql",
        "--db",
        &d,
        "--format",
        "json",
        "select 1 as a where 0",
    ]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(v["rows"].as_array().map(Vec::len), Some(0));
}

/// The smaller holes of the issue, one assertion each.
#[test]
fn smaller_holes() {
    // A single-file inventory.
    let inv = inventory(&[("one.yaml", &format!("{SELF}{APP}"))]);
    let f = inv.path().join("one.yaml").display().to_string();
    let run = carto(&["-i", &f, "list", "applications"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("dpi"));
    // An impossible CARTO_TODAY is a usage error.
    let out = Command::new(assert_cmd::cargo::cargo_bin("carto"))
        .env("CARTO_TODAY", "2026-02-30")
        .args(["-i", &f, "check"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("CARTO_TODAY=`2026-02-30` is not a valid date")
    );
    // path --limit 0 is refused.
    let run = carto(&["-i", &f, "path", "dpi", "chu", "--limit", "0"]);
    assert_eq!(run.code, 2, "{}", run.all());
    // SARIF uris are percent-encoded.
    let inv = inventory(&[
        ("org.yaml", SELF),
        (
            "my apps#1%.yaml",
            "applications:\n  - {id: dpi, name: DPI}\n",
        ),
    ]);
    let run = carto_in(inv.path(), &["check", "--format", "sarif"]);
    assert!(
        run.stdout.contains("my%20apps%231%25.yaml"),
        "{}",
        run.stdout
    );
    // A processing named `register` and a text over 32,767 characters: the XLSX still exports.
    let long = "y".repeat(40_000);
    let inv = inventory(&[
        ("org.yaml", SELF),
        (
            "p.yaml",
            &format!(
                "processings:\n  - {{id: register, name: R, purpose: \"{long}\", legal_basis: legal-obligation, owner: chu}}\n  - {{id: register-2, name: R2, purpose: p, legal_basis: legal-obligation, owner: chu}}\n"
            ),
        ),
    ]);
    let dir = tempfile::tempdir().expect("tmp");
    let x = dir.path().join("r.xlsx");
    let run = carto_in(inv.path(), &["register", "-o", &x.display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(std::fs::metadata(&x).is_ok_and(|m| m.len() > 1000));
}

/// A dotted id whose prefix names a category that is not its ancestor.
#[test]
fn inv010_dotted_ids_outside_the_hierarchy() {
    let inv = inventory(&[
        ("org.yaml", SELF),
        (
            "data.yaml",
            "data:\n  - {id: health.dental, name: Dental}\n  - {id: health.eye, name: Eye, parent: health}\n  - {id: billing, name: Billing}\n  - {id: billing.x.y, name: Deep, parent: billing}\n  - {id: other.thing, name: No prefix}\n",
        ),
    ]);
    let run = carto_in(inv.path(), &["check"]);
    assert_eq!(
        run.stdout.matches("warning[INV010]").count(),
        1,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("data category `health.dental` is not below `health`"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("add `parent: health`"));
}
