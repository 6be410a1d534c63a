//! Snapshots, read-only SQL, and `diff` between directories and git revisions.

use crate::common::{carto, fixture, git, root};

fn db_in(dir: &tempfile::TempDir) -> String {
    dir.path().join("carto.db").display().to_string()
}

#[test]
fn snapshot_then_sql_round_trip() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = db_in(&dir);
    let inv = root("inventory");
    let r = carto(&["-i", &inv, "snapshot", "--db", &db, "--label", "first"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.starts_with("snapshot 1 written"), "{}", r.stdout);
    let r = carto(&[
        "sql",
        "select principal from special_data_access where principal_kind = 'person' and data = 'health.transfusion' and application = 'blood-bank' order by principal",
        "--db",
        &db,
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let people: Vec<&str> = v["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|x| x["principal"].as_str().unwrap_or(""))
        .collect();
    // The lab team writes; every clinician reads (dr-faure through four groups).
    assert!(
        people.contains(&"dr-lambert")
            && people.contains(&"dr-faure")
            && people.contains(&"n-mercier"),
        "{people:?}"
    );
    // The findings of the snapshot are those of `check`.
    let r = carto(&[
        "sql",
        "select count(*) n from latest_findings where severity = 'error'",
        "--db",
        &db,
        "--format",
        "csv",
    ]);
    assert_eq!(r.stdout, "n\n68\n");
    // Entities keep their fields and attributes as JSON.
    let r = carto(&[
        "sql",
        "select json_extract(fields, '$.criticality') c from latest_entities where kind = 'application' and id = 'dpi'",
        "--db",
        &db,
        "--format",
        "csv",
    ]);
    assert_eq!(r.stdout, "c\nvital\n");
    // History: a second snapshot, and :snapshot selects one.
    assert_eq!(carto(&["-i", &inv, "snapshot", "--db", &db]).code, 0);
    let r = carto(&[
        "sql",
        "select count(*) n from findings where snapshot = :snapshot",
        "--db",
        &db,
        "--snapshot",
        "1",
        "--format",
        "csv",
    ]);
    assert_eq!(r.stdout, "n\n94\n");
    let r = carto(&[
        "sql",
        "select id, label from snapshots",
        "--db",
        &db,
        "--format",
        "csv",
    ]);
    assert_eq!(r.stdout, "id,label\n1,first\n2,\n");
}

#[test]
fn sql_refuses_writes_and_bad_databases() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = db_in(&dir);
    assert_eq!(
        carto(&["-i", &root("examples/minimal"), "snapshot", "--db", &db]).code,
        0
    );
    for write in [
        "delete from findings",
        "drop table access",
        "insert into snapshots (taken, inventory, carto_version) values ('x','y','z')",
        "pragma user_version = 9",
    ] {
        let r = carto(&["sql", write, "--db", &db]);
        assert_eq!(r.code, 2, "{write}: {}", r.all());
        assert!(r.stderr.contains("read-only"), "{write}: {}", r.stderr);
    }
    // Still intact.
    assert_eq!(
        carto(&[
            "sql",
            "select count(*) from snapshots",
            "--db",
            &db,
            "--format",
            "csv"
        ])
        .stdout,
        "count(*)\n1\n"
    );
    let junk = dir.path().join("junk.db");
    std::fs::write(
        &junk,
        b"this is not sqlite at all, just some bytes to be refused",
    )
    .expect("write");
    let r = carto(&["sql", "select 1", "--db", &junk.display().to_string()]);
    assert_eq!(r.code, 4);
    assert!(r.stderr.contains("is not a carto database"), "{}", r.stderr);
    // A real SQLite database of another program.
    let foreign = dir.path().join("foreign.db");
    let c = rusqlite::Connection::open(&foreign).expect("open");
    c.execute_batch("create table t(x); insert into t values (1);")
        .expect("sql");
    drop(c);
    for args in [
        vec!["sql", "select 1", "--db"],
        vec!["-i", &root("examples/minimal"), "snapshot", "--db"],
    ] {
        let mut a = args.clone();
        let f = foreign.display().to_string();
        a.push(&f);
        let r = carto(&a);
        assert_eq!(r.code, 4, "{a:?}");
        assert!(r.stderr.contains("not a carto database"), "{}", r.stderr);
    }
    assert_eq!(
        carto(&["sql", "select 1", "--db", "/nonexistent/x.db"]).code,
        4
    );
}

#[test]
fn diff_of_two_inventories_with_every_kind_of_change() {
    let r = carto(&[
        "-i",
        &fixture("diff/head"),
        "diff",
        &fixture("diff/base"),
        "--format",
        "md",
    ]);
    assert_eq!(
        r.code,
        1,
        "an error finding is introduced (undeclared transfer): {}",
        r.all()
    );
    insta::assert_snapshot!("diff_md", r.stdout);
    let r = carto(&[
        "diff",
        &fixture("diff/base"),
        &fixture("diff/head"),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["introduces_errors"], true);
    assert_eq!(v["version"], 2);
    // One line per (principal, application), each with how its levels moved.
    let access: Vec<String> = v["access"]
        .as_array()
        .expect("access")
        .iter()
        .map(|a| {
            let changes: Vec<String> = a["changes"]
                .as_array()
                .expect("changes")
                .iter()
                .map(|c| {
                    format!(
                        "{} {}->{} {}",
                        c["change"].as_str().unwrap_or(""),
                        c["before"].as_str().unwrap_or("-"),
                        c["after"].as_str().unwrap_or("-"),
                        c["data"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(|d| d.as_str())
                            .collect::<Vec<_>>()
                            .join(",")
                    )
                })
                .collect();
            format!(
                "{} on {}: {}",
                a["principal"]["id"].as_str().unwrap_or(""),
                a["application"]["id"].as_str().unwrap_or(""),
                changes.join("; ")
            )
        })
        .collect();
    assert_eq!(
        access,
        [
            "alice on dpi: raised read->write health.record,identity",
            "carol on dpi: gained -->read health.record,identity",
            "bob on old: lost read->- identity",
        ],
        "{access:?}"
    );
    assert_eq!(v["flows"]["added"], serde_json::json!(["dpi->cloud"]));
    assert_eq!(v["countries"]["added"], serde_json::json!(["US"]));
    assert_eq!(v["transfers"]["added"][0]["organization"], "cloud");
    assert!(
        v["findings"]["resolved"]
            .as_array()
            .expect("r")
            .iter()
            .any(|f| f["rule"] == "SEC003")
    );
    assert!(
        v["findings"]["introduced"]
            .as_array()
            .expect("i")
            .iter()
            .any(|f| f["rule"] == "GDPR007")
    );
    let changed = &v["entities"]["changed"];
    assert!(
        changed
            .as_array()
            .expect("c")
            .iter()
            .any(|e| e["id"] == "old"
                && e["fields"][0]["field"] == "name"
                && e["fields"][0]["after"] == "Legacy archive")
    );
    // The other way round, the unencrypted flow comes back: SEC003 is introduced.
    let r = carto(&[
        "diff",
        &fixture("diff/head"),
        &fixture("diff/base"),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let rules: Vec<&str> = v["findings"]["introduced"]
        .as_array()
        .expect("i")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or(""))
        .collect();
    assert!(
        rules.contains(&"SEC003") && !rules.contains(&"GDPR007"),
        "{rules:?}"
    );
}

#[test]
fn no_change_is_an_empty_diff() {
    let inv = root("inventory");
    let r = carto(&["-i", &inv, "diff", &inv]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "no semantic change\n");
}

#[test]
fn diff_between_git_revisions() {
    let repo = tempfile::tempdir().expect("tmp");
    let inv = repo.path().join("inventory");
    std::fs::create_dir(&inv).expect("mkdir");
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["config", "user.email", "ci@example.org"]);
    git(repo.path(), &["config", "user.name", "ci"]);
    std::fs::copy(
        fixture("diff/base/inventory.yaml"),
        inv.join("inventory.yaml"),
    )
    .expect("copy");
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-qm", "base"]);
    std::fs::copy(
        fixture("diff/head/inventory.yaml"),
        inv.join("inventory.yaml"),
    )
    .expect("copy");
    git(repo.path(), &["commit", "-qam", "head"]);
    let i = inv.display().to_string();
    let r = carto(&["-i", &i, "diff", "HEAD~1", "HEAD", "--format", "md"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout
            .contains("- `carol` (person): gains read (`health.record`, `identity`) on `dpi`"),
        "{}",
        r.stdout
    );
    // HEAD defaults to the inventory on disk: the same answer.
    let r2 = carto(&["-i", &i, "diff", "HEAD~1", "--format", "md"]);
    assert_eq!(r2.stdout, r.stdout);
    // The work tree and the index are untouched.
    let status = std::process::Command::new("git")
        .arg("-C")
        .arg(repo.path())
        .args(["status", "--porcelain"])
        .output()
        .expect("git");
    assert!(
        status.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
    let r = carto(&["-i", &i, "diff", "no-such-rev"]);
    assert_eq!(r.code, 2, "{}", r.all());
}

#[test]
fn one_view_per_entity_kind() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = db_in(&dir);
    assert_eq!(
        carto(&["-i", &root("inventory"), "snapshot", "--db", &db]).code,
        0
    );
    for (view, n) in [
        ("applications", 39),
        ("flows", 69),
        ("grants", 55),
        ("processings", 16),
        ("people", 27),
        ("data_categories", 25),
    ] {
        let r = carto(&[
            "sql",
            &format!("select count(*) n from {view} where snapshot = 1"),
            "--db",
            &db,
            "--format",
            "csv",
        ]);
        assert_eq!(r.stdout, format!("n\n{n}\n"), "{view}: {}", r.all());
    }
}

/// Every view of a database, answered before and after the next snapshot
/// migrates it to the current schema: row for row the same.
fn migrates(fixture_db: &str, snapshots: usize, check_history: impl Fn(&str)) {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("old.db");
    std::fs::copy(fixture(fixture_db), &db).expect("copy");
    let d = db.display().to_string();
    let inv = root("inventory");
    let n = snapshots;
    let queries = [
        format!(
            "select snapshot, principal, principal_kind, application, data, level, special, flags from access where snapshot <= {n} order by 1, 2, 3, 4, 5, 6, 7, 8"
        ),
        format!(
            "select snapshot, kind, id, name, file, line, fields, attributes from entities where snapshot <= {n} order by 1, 2, 3"
        ),
        format!(
            "select snapshot, from_kind, from_id, field, to_kind, to_id, file, line from relations where snapshot <= {n} order by 1, 2, 3, 4, 5, 6, 7, 8"
        ),
        format!(
            "select snapshot, data, what, id, country from reach where snapshot <= {n} order by 1, 2, 3, 4, 5"
        ),
        format!(
            "select snapshot, rule, severity, message, entity, file, line, col from findings where snapshot <= {n} order by 1, 2, 3, 4, 5, 6, 7, 8"
        ),
        "select id, taken, label from snapshots order by id".to_string(),
    ];
    let answers = |q: &str| {
        let r = carto(&["-i", &inv, "sql", q, "--db", &d, "--format", "csv"]);
        assert_eq!(r.code, 0, "{q}: {}", r.all());
        r.stdout
    };
    let before: Vec<String> = queries.iter().map(|q| answers(q)).collect();
    // `history` reads the old file as it is.
    let h = carto(&["history", "--db", &d, "--format", "csv"]);
    assert_eq!(h.code, 0, "{}", h.all());
    check_history(&h.stdout);
    assert!(
        before[0].lines().count() > 1000,
        "the fixture holds access rows"
    );
    let size = |p: &std::path::Path| std::fs::metadata(p).expect("db").len();
    let old_size = size(&db);
    let r = carto(&["-i", &inv, "snapshot", "--db", &d, "--label", "next"]);
    assert_eq!(r.code, 0, "{}", r.all());
    // The old tables' pages are given back: smaller, with one more snapshot.
    assert!(size(&db) < old_size, "{old_size} then {} bytes", size(&db));
    assert!(
        r.stdout.contains(&format!("snapshot {} written", n + 1)),
        "{}",
        r.stdout
    );
    for (q, b) in queries.iter().zip(&before) {
        let after = answers(q);
        if q.starts_with("select id, taken") {
            assert!(after.starts_with(b.as_str()), "{q}");
        } else {
            assert_eq!(&after, b, "{q}");
        }
    }
    // And `history` answers the same from the new tables.
    let again = carto(&["history", "--db", &d, "--format", "csv"]);
    assert!(
        again.stdout.starts_with(&h.stdout),
        "{}\n{}",
        h.stdout,
        again.stdout
    );
    let version = carto(&[
        "-i",
        &inv,
        "sql",
        "pragma user_version",
        "--db",
        &d,
        "--format",
        "csv",
    ]);
    assert!(version.stdout.contains("\n3"), "{}", version.all());
}

/// A database written by carto 0.1 (schema version 1, two snapshots of the
/// reference inventory) moves to version 3 on the next snapshot.
#[test]
fn a_version_1_database_migrates() {
    migrates("store/v1.db", 2, |h| {
        assert!(h.contains("\n1,2026-11-22,first,"), "{h}");
        assert!(h.contains(",60,11,0\n"), "{h}");
    });
}

/// A database of schema version 2 (the reference inventory, the GHT example,
/// the reference inventory again) moves to version 3 on the next snapshot.
#[test]
fn a_version_2_database_migrates() {
    migrates("store/v2.db", 3, |h| {
        assert!(h.contains(",first,"), "{h}");
        assert!(h.contains(",68,26,0\n"), "{h}");
    });
}

/// Version 2 stores what repeats once: a second snapshot of an unchanged
/// inventory adds references only, and every view still answers in full.
#[test]
fn an_unchanged_snapshot_costs_little() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("h.db");
    let d = db.display().to_string();
    let inv = root("inventory");
    assert_eq!(carto(&["-i", &inv, "snapshot", "--db", &d]).code, 0);
    let first = std::fs::metadata(&db).expect("db").len();
    assert_eq!(carto(&["-i", &inv, "snapshot", "--db", &d]).code, 0);
    let second = std::fs::metadata(&db).expect("db").len();
    assert!(second - first < first / 10, "{first} then {second} bytes");
    let count = |q: &str| {
        carto(&["-i", &inv, "sql", q, "--db", &d, "--format", "csv"])
            .stdout
            .lines()
            .nth(1)
            .unwrap_or("")
            .to_string()
    };
    for table in ["access", "entities", "relations", "findings", "reach"] {
        let one = count(&format!("select count(*) from {table} where snapshot = 1"));
        let two = count(&format!("select count(*) from {table} where snapshot = 2"));
        assert_eq!(one, two, "{table}");
        assert_ne!(one, "0", "{table}");
    }
}

/// `history`: one line per snapshot, with the figures of that snapshot.
#[test]
fn history_follows_the_snapshots() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().join("h.db").display().to_string();
    let reference = root("inventory");
    let small = dir.path().join("small").display().to_string();
    assert_eq!(carto(&["init", &small]).code, 0);
    assert_eq!(
        carto(&["-i", &reference, "snapshot", "--db", &d, "--label", "big"]).code,
        0
    );
    assert_eq!(
        carto(&["-i", &small, "snapshot", "--db", &d, "--label", "small"]).code,
        0
    );
    let r = carto(&["history", "--db", &d, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let snaps = v["snapshots"].as_array().expect("snapshots");
    assert_eq!(snaps.len(), 2);
    assert_eq!(snaps[0]["label"], "big");
    assert_eq!(snaps[0]["errors"], 68);
    assert_eq!(snaps[0]["warnings"], 26);
    assert!(snaps[0]["special_access"].as_i64().unwrap_or(0) > 100);
    assert_eq!(snaps[1]["errors"], 0);
    assert_eq!(snaps[1]["special_access"], 0);
    assert_eq!(snaps[1]["applications"], 2);
    // The same figures as the views, counted the long way.
    let special = carto(&[
        "sql",
        "--db",
        &d,
        "select count(*) from access where snapshot = 1 and special = 1",
        "--format",
        "csv",
    ]);
    assert_eq!(
        special.stdout.lines().nth(1).unwrap_or(""),
        snaps[0]["special_access"].to_string()
    );
    let table = carto(&["history", "--db", &d]);
    assert!(table.stdout.contains("│ big "), "{}", table.stdout);
}

/// PostgreSQL as the shared store of a group, against a real server (CI
/// starts one: .ci/postgres.sh; CARTO_TEST_PG holds its connection string).
#[test]
fn postgres_shared_store() {
    let Some(base) = std::env::var("CARTO_TEST_PG").ok() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must start PostgreSQL (.ci/postgres.sh) and set CARTO_TEST_PG"
        );
        eprintln!("notice: CARTO_TEST_PG is not set; the PostgreSQL test is skipped");
        return;
    };
    // A fresh database for this run.
    let name = format!("carto_test_{}", std::process::id());
    let mut admin = postgres::Client::connect(&base, postgres::NoTls).expect("connect");
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .expect("drop database");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create database");
    let db = base.replace("dbname=postgres", &format!("dbname={name}"));
    let reference = root("inventory");
    let dir = tempfile::tempdir().expect("tmp");
    let small = dir.path().join("ch-b").display().to_string();
    assert_eq!(carto(&["init", &small]).code, 0);

    // Two establishments into one store.
    let r = carto(&["-i", &reference, "snapshot", "--db", &db, "--label", "w1"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let r = carto(&[
        "-i",
        &small,
        "snapshot",
        "--db",
        &db,
        "--establishment",
        "ch-b",
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    let q = |sql: &str| {
        let r = carto(&["sql", "--db", &db, sql, "--format", "csv"]);
        assert_eq!(r.code, 0, "{sql}: {}", r.all());
        r.stdout
    };
    assert_eq!(
        q(
            "select s.establishment, count(*) from findings f join snapshots s on s.id = f.snapshot group by 1 order by 1"
        ),
        "establishment,count\nchu-valmont,94\n"
    );
    // The same logical schema as SQLite: the same answer to a documented query.
    let sqlite = dir.path().join("s.db").display().to_string();
    assert_eq!(
        carto(&["-i", &reference, "snapshot", "--db", &sqlite]).code,
        0
    );
    let recipe = "select principal, application, level from special_data_access where data = 'health.record' order by application, principal";
    let lite = carto(&["sql", "--db", &sqlite, recipe, "--format", "csv"]).stdout;
    assert_eq!(q(recipe), lite);
    assert!(
        q("select count(*) from applications").contains("\n41\n"),
        "{}",
        q("select count(*) from applications")
    );
    // The dashboard query of docs/store.md.
    let dashboard = q(
        "SELECT s.taken::date AS time, s.establishment, count(*) FILTER (WHERE a.special = 1) AS special_access, count(DISTINCT a.principal) FILTER (WHERE a.special = 1) AS principals FROM snapshots s JOIN access a ON a.snapshot = s.id GROUP BY 1, 2 ORDER BY 1, 2",
    );
    assert!(dashboard.contains(",chu-valmont,474,58"), "{dashboard}");
    let h = carto(&["history", "--db", &db, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&h.stdout).expect("json");
    assert_eq!(v["snapshots"][0]["establishment"], "chu-valmont");
    assert_eq!(v["snapshots"][1]["establishment"], "ch-b");
    // diff between stored snapshots reads PostgreSQL too.
    let d = carto(&["diff", "--db", &db, "1", "1", "--format", "json"]);
    assert_eq!(d.code, 0, "{}", d.all());
    serde_json::from_str::<serde_json::Value>(&d.stdout).expect("json");
    // Read-only: writes are refused, nothing changes.
    for w in [
        "delete from findings",
        "with x as (delete from findings returning 1) select * from x",
    ] {
        let r = carto(&["sql", "--db", &db, w]);
        assert_eq!(r.code, 2, "{w}: {}", r.all());
    }
    assert!(q("select count(*) from findings").contains("\n94\n"));
    // A snapshot killed mid-way leaves nothing of itself.
    let big = dir.path().join("big");
    if let Some(synth) = crate::common::synth() {
        let ok = std::process::Command::new(synth)
            .args(["--apps", "400", "--seed", "2"])
            .arg(&big)
            .status()
            .expect("synth");
        assert!(ok.success());
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_carto"))
            .args(["-i"])
            .arg(&big)
            .args(["snapshot", "--db", &db, "--establishment", "big"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(700));
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(q("select count(*) from snapshots"), "count\n2\n");
        assert_eq!(
            q("select count(*) from access where snapshot not in (select id from snapshots)"),
            "count\n0\n"
        );
    }
    // A password is never printed.
    let wrong = "postgres://cartopg:s3cret-pass@127.0.0.1:1/nope";
    let r = carto(&["sql", "--db", wrong, "select 1"]);
    assert_eq!(r.code, 4, "{}", r.all());
    assert!(!r.all().contains("s3cret"), "{}", r.all());
    drop(admin);
    let mut admin = postgres::Client::connect(&base, postgres::NoTls).expect("connect");
    let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
}

/// `diff --db DB A B` compares two stored snapshots without the YAML, with
/// the semantics of `diff` on the inventories themselves.
#[test]
fn diff_between_stored_snapshots() {
    let dir = tempfile::tempdir().expect("tmp");
    let base = root("inventory");
    let head = dir.path().join("inv");
    let copy = std::process::Command::new("cp")
        .args(["-r", &base])
        .arg(&head)
        .status()
        .expect("cp");
    assert!(copy.success());
    std::fs::write(
        head.join("zz.yaml"),
        "people:\n  - {id: new-hire, name: New Hire, org: chu-valmont}\naccess:\n  - {who: new-hire, to: dpi, level: read}\n",
    )
    .expect("write");
    let h = head.display().to_string();
    let db = dir.path().join("h.db").display().to_string();
    assert_eq!(carto(&["-i", &base, "snapshot", "--db", &db]).code, 0);
    assert_eq!(carto(&["-i", &h, "snapshot", "--db", &db]).code, 0);
    let stored = carto(&["diff", "--db", &db, "1", "2"]);
    let live = carto(&["-i", &h, "diff", &base]);
    assert_eq!(stored.code, live.code, "{}", stored.all());
    assert_eq!(stored.stdout, live.stdout);
    // The latest is the default head; the same snapshot twice is no change.
    assert_eq!(carto(&["diff", "--db", &db, "1"]).stdout, live.stdout);
    let same = carto(&["diff", "--db", &db, "2", "2", "--format", "json"]);
    assert_eq!(same.code, 0, "{}", same.all());
    let none = carto(&["diff", "--db", &db, "1", "9"]);
    assert_eq!(none.code, 2, "{}", none.all());
    assert!(none.stderr.contains("no snapshot 9"), "{}", none.stderr);
}

/// The relation fields a snapshot numbers first cover every relation the
/// reference inventory and the examples declare (one missing would only be
/// numbered later, and take a longer number).
#[test]
fn every_relation_field_is_numbered_first() {
    for dir in ["inventory", "examples/ght", "examples/minimal"] {
        let loaded = crate::common::load(std::path::Path::new(&root(dir)));
        let inv = &loaded.inventory;
        let mut seen = 0;
        for r in inv.all_relations() {
            seen += 1;
            assert!(
                carto::model::Inventory::RELATION_FIELDS.contains(&r.field),
                "{dir}: {}",
                r.field
            );
        }
        assert!(seen > 10, "{dir}: {seen} relations");
    }
}

/// An answer larger than what `-o FILE` holds in memory goes on into the
/// temporary file: the file gets every row, the same as stdout, and no
/// temporary file is left beside it.
#[test]
fn a_large_answer_to_a_file_is_whole() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("s.db").display().to_string();
    let inv = root("inventory");
    assert_eq!(carto(&["-i", &inv, "-q", "snapshot", "--db", &db]).code, 0);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("dir");
    let file = out.join("big.csv");
    let q = "with recursive n(x) as (select 1 union all select x + 1 from n limit 300000) select x, printf('%040d', x) pad from n";
    let f = file.display().to_string();
    let r = carto(&["sql", q, "--db", &db, "--format", "csv", "-o", &f]);
    assert_eq!(r.code, 0, "{}", r.all());
    let written = std::fs::read_to_string(&file).expect("written");
    assert!(written.len() > 9 << 20, "{} bytes", written.len());
    assert_eq!(written.lines().count(), 300_001);
    assert!(written.ends_with("300000,0000000000000000000000000000000000300000\n"));
    let stdout = carto(&["sql", q, "--db", &db, "--format", "csv"]);
    assert_eq!(stdout.stdout, written);
    let left: Vec<_> = std::fs::read_dir(&out)
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("big.csv")]);
}

/// Texts the compact storage rewrites (names with quotes, backslashes,
/// control characters and placeholders; a finding quoting them) come back
/// from the views exactly as carto has them.
#[test]
fn hostile_texts_come_back_whole() {
    let yaml = "organizations:\n  - {id: chu, kind: self, country: FR, dpo: {name: DPO}}\napplications:\n  - {id: dpi, name: \"D\\\"P\\\\I \\x01\\x02 é\", owner: chu, data: [health], description: \"a\\u0003b\"}\n  - {id: lab, name: \"\\x04lab\", owner: chu}\nflows:\n  - {from: dpi, to: lab, protocol: hl7v2, data: [health]}\n";
    let dir = crate::common::inventory(&[("inv.yaml", yaml)]);
    let d = dir.path().display().to_string();
    let db = dir.path().join("s.db").display().to_string();
    assert_eq!(carto(&["-i", &d, "-q", "snapshot", "--db", &db]).code, 0);
    for id in ["dpi", "lab", "dpi->lab"] {
        let shown = carto(&["-i", &d, "show", id, "--format", "json"]);
        assert_eq!(shown.code, 0, "{}", shown.all());
        let shown: serde_json::Value = serde_json::from_str(&shown.stdout).expect("json");
        let q = format!("select fields from entities where id = '{id}'");
        let stored = carto(&["sql", &q, "--db", &db, "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&stored.stdout).expect("json");
        let fields: serde_json::Value =
            serde_json::from_str(v["rows"][0]["fields"].as_str().expect("fields"))
                .expect("fields json");
        for key in ["id", "name", "description", "generated_id"] {
            let want = shown
                .get("fields")
                .and_then(|f| f.get(key))
                .or(shown.get(key));
            assert_eq!(fields.get(key), want, "{id} {key}: {fields}");
        }
    }
    // Findings' messages, whatever they quote, as `check` prints them.
    let messages = |json: &str, list: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(json).expect("json");
        v[list]
            .as_array()
            .expect(list)
            .iter()
            .map(|f| f["message"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let check = carto(&["-i", &d, "check", "--format", "json"]);
    let mut printed = messages(&check.stdout, "findings");
    let q = "select message from findings";
    let stored = carto(&["sql", q, "--db", &db, "--format", "json"]);
    let mut back = messages(&stored.stdout, "rows");
    printed.sort();
    back.sort();
    assert!(!back.is_empty());
    assert_eq!(back, printed);
}
