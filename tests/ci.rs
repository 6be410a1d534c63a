//! CI adoption (docs/ci.md): fingerprints, baselines, SARIF that code
//! scanning links, GitLab Code Quality, the GitHub job summary, and `diff`
//! on pull requests, in both repository layouts.

use crate::common::{carto, git, root};
use std::path::Path;
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read") {
        let e = e.expect("entry");
        let target = to.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).expect("copy");
        }
    }
}

/// A git repository holding the reference inventory at `sub` ("" for the
/// root), committed on `main`.
fn repo(sub: &str) -> tempfile::TempDir {
    let repo = tempfile::tempdir().expect("tmp");
    copy_dir(Path::new(&root("inventory")), &repo.path().join(sub));
    git(repo.path(), &["init", "-q", "-b", "main"]);
    git(repo.path(), &["config", "user.email", "ci@example.org"]);
    git(repo.path(), &["config", "user.name", "ci"]);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-qm", "base"]);
    repo
}

fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> crate::common::Run {
    let out = Command::new(assert_cmd::cargo::cargo_bin("carto"))
        .current_dir(dir)
        .env("CARTO_TODAY", "2026-11-22")
        .env("NO_COLOR", "1")
        .env_remove("CARTO_INVENTORY")
        .env_remove("GITHUB_STEP_SUMMARY")
        .envs(env.iter().copied())
        .args(args)
        .output()
        .expect("runs");
    crate::common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The grant of docs/ci.md's example: an old ACC005 error changes wording.
const LIS_GRANT: &str =
    "  - {who: clinicians, to: lis, level: read, reviewed: 2026-04-15, reason: results}\n";

fn add_lis_grant(inv: &Path) {
    let p = inv.join("access/grants.yaml");
    let text = std::fs::read_to_string(&p).expect("grants");
    let at = text.find("  - {who: physicians").expect("a grant line");
    let mut new = text.clone();
    new.insert_str(at, LIS_GRANT);
    std::fs::write(p, new).expect("write");
}

/// SARIF from a repository: every location resolves to an existing file
/// from the repository root, every result has a fingerprint, rules carry
/// full descriptions; also with the inventory at the root and `-i .`.
#[test]
fn sarif_locations_resolve_from_the_repository_root() {
    for (sub, i) in [("inventory", "inventory"), ("", ".")] {
        let r = repo(sub);
        let run = run_in(r.path(), &["-i", i, "check", "--format", "sarif"], &[]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("sarif");
        let results = doc["runs"][0]["results"].as_array().expect("results");
        assert_eq!(results.len(), 94);
        for res in results {
            let fp = res["partialFingerprints"]["cartoFindingId/v1"]
                .as_str()
                .expect("fingerprint");
            assert_eq!(fp.len(), 16);
            if let Some(loc) =
                res["locations"][0]["physicalLocation"]["artifactLocation"].as_object()
            {
                let uri = loc["uri"].as_str().expect("uri");
                assert!(
                    r.path().join(uri).is_file(),
                    "{uri} from the root ({sub:?})"
                );
                assert_eq!(loc["uriBaseId"], "SRCROOT");
            }
        }
        let base = &doc["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"];
        assert!(
            base.as_str()
                .is_some_and(|u| u.starts_with("file:///") && u.ends_with('/'))
        );
        for rule in doc["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules")
        {
            for field in ["shortDescription", "fullDescription"] {
                assert!(
                    rule[field]["text"].as_str().is_some_and(|t| !t.is_empty()),
                    "{rule}"
                );
            }
            assert!(
                rule["help"]["markdown"]
                    .as_str()
                    .is_some_and(|t| t.contains("## Why"))
            );
            let plain = rule["help"]["text"].as_str().expect("help.text");
            assert!(
                !plain
                    .lines()
                    .any(|l| l.starts_with('#') || l.starts_with("```")),
                "{plain}"
            );
        }
        // Absolute paths give the same locations.
        let abs = r.path().join(sub).display().to_string();
        let again = run_in(
            Path::new("/"),
            &["-i", &abs, "check", "--format", "sarif"],
            &[],
        );
        let doc2: serde_json::Value = serde_json::from_str(&again.stdout).expect("sarif");
        assert_eq!(doc["runs"][0]["results"], doc2["runs"][0]["results"]);
    }
}

/// An independent SARIF validator, Microsoft's SARIF Multitool, with its
/// GitHub ingestion rules (`Gh`) and the specification's (`Sarif`): no error.
/// `.ci/run` installs it (npm) and sets `CARTO_SARIF_MULTITOOL`.
#[test]
fn sarif_passes_the_sarif_multitool_with_githubs_rules() {
    let Some(tool) = std::env::var_os("CARTO_SARIF_MULTITOOL") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must set CARTO_SARIF_MULTITOOL (see .ci/run)"
        );
        eprintln!("notice: CARTO_SARIF_MULTITOOL is not set; the SARIF Multitool check is skipped");
        return;
    };
    let r = repo("inventory");
    let out = tempfile::tempdir().expect("tmp");
    let sarif = out.path().join("carto.sarif");
    let baseline = out.path().join("baseline.json");
    let b = baseline.display().to_string();
    run_in(
        r.path(),
        &["-i", "inventory", "check", "--write-baseline", &b, "-q"],
        &[],
    );
    add_lis_grant(&r.path().join("inventory"));
    let run = run_in(
        r.path(),
        &[
            "-i",
            "inventory",
            "check",
            "--baseline",
            &b,
            "--format",
            "sarif",
            "-o",
            &sarif.display().to_string(),
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let log = out.path().join("validation.sarif");
    let v = Command::new(&tool)
        .args(["validate", "--rule-kind", "Gh;Sarif", "-o"])
        .arg(&log)
        .arg(&sarif)
        .output()
        .expect("the SARIF Multitool runs");
    let text = String::from_utf8_lossy(&v.stdout);
    assert!(log.is_file(), "{text}");
    let errors: Vec<&str> = text.lines().filter(|l| l.contains(": error ")).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator is live: a result without a message is an error.
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("sarif")).expect("json");
    doc["runs"][0]["tool"]["driver"]["rules"][0]
        .as_object_mut()
        .expect("rule")
        .remove("fullDescription");
    let broken = out.path().join("broken.sarif");
    std::fs::write(&broken, doc.to_string()).expect("write");
    let v = Command::new(&tool)
        .args(["validate", "--rule-kind", "Gh;Sarif", "-o"])
        .arg(out.path().join("broken-log.sarif"))
        .arg(&broken)
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&v.stdout).contains("GH2012"));
}

/// A baseline: adopt carto with 94 known findings, fail only on new ones.
#[test]
fn a_baseline_fails_only_on_new_findings() {
    let r = repo("");
    let out = tempfile::tempdir().expect("tmp");
    let b = out.path().join("baseline.json").display().to_string();
    let run = run_in(
        r.path(),
        &["-i", ".", "check", "--write-baseline", &b, "-q"],
        &[],
    );
    assert_eq!(run.code, 1);
    let base: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&b).expect("baseline")).expect("json");
    assert_eq!(base["findings"].as_array().map(Vec::len), Some(94));
    let run = run_in(r.path(), &["-i", ".", "check", "--baseline", &b], &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("baseline: 0 new, 94 known (not shown), 0 fixed"),
        "{}",
        run.stdout
    );
    // A reworded old finding stays known; a new error fails.
    add_lis_grant(r.path());
    let run = run_in(r.path(), &["-i", ".", "check", "--baseline", &b], &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    std::fs::write(
        r.path().join("new.yaml"),
        "applications:\n  - {id: shadow-it, name: Shadow, data: [health.record]}\n",
    )
    .expect("write");
    let run = run_in(r.path(), &["-i", ".", "check", "--baseline", &b], &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("shadow-it") && !run.stdout.contains("n-mercier"),
        "{}",
        run.stdout
    );
    let json = run_in(
        r.path(),
        &["-i", ".", "check", "--baseline", &b, "--format", "json"],
        &[],
    );
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let states: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["baseline"].as_str())
        .collect();
    assert!(states.contains(&"new") && states.contains(&"unchanged"));
    // SARIF marks each result.
    let sarif = run_in(
        r.path(),
        &["-i", ".", "check", "--baseline", &b, "--format", "sarif"],
        &[],
    );
    let v: serde_json::Value = serde_json::from_str(&sarif.stdout).expect("sarif");
    let states: Vec<&str> = v["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["baselineState"].as_str())
        .collect();
    assert!(
        states.contains(&"new") && states.contains(&"unchanged"),
        "{states:?}"
    );
    // A file that is not a baseline is a usage error.
    std::fs::write(out.path().join("bad.json"), "[1, 2]").expect("write");
    let bad = out.path().join("bad.json").display().to_string();
    assert_eq!(
        run_in(r.path(), &["-i", ".", "check", "--baseline", &bad], &[]).code,
        2
    );
}

/// Fingerprints ignore wording, lines and counts, and tell apart two
/// findings of one rule on one entity.
#[test]
fn fingerprints_are_stable_and_distinct() {
    let fps = |dir: &Path| -> Vec<(String, String, String)> {
        let run = carto(&[
            "-i",
            &dir.display().to_string(),
            "check",
            "--format",
            "json",
        ]);
        let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
        let mut out: Vec<(String, String, String)> = v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                (
                    f["fingerprint"].as_str().unwrap_or("").to_string(),
                    f["rule"].as_str().unwrap_or("").to_string(),
                    f["message"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        out.sort();
        out
    };
    let base = fps(Path::new(&root("inventory")));
    let unique: std::collections::HashSet<&str> = base.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(unique.len(), base.len(), "two findings share a fingerprint");
    // Lines moved (a comment on top of every file) and a count changed.
    let moved = tempfile::tempdir().expect("tmp");
    copy_dir(Path::new(&root("inventory")), moved.path());
    for f in [
        "access/grants.yaml",
        "access/people.yaml",
        "applications/clinical.yaml",
    ] {
        let p = moved.path().join(f);
        let text = std::fs::read_to_string(&p).expect("read");
        std::fs::write(&p, format!("# moved\n# down\n{text}")).expect("write");
    }
    add_lis_grant(moved.path());
    let after = fps(moved.path());
    let before_ids: std::collections::HashSet<&str> = base.iter().map(|f| f.0.as_str()).collect();
    let acc005 = after.iter().find(|f| f.1 == "ACC005").expect("ACC005");
    assert!(
        before_ids.contains(acc005.0.as_str()),
        "ACC005 keeps its fingerprint"
    );
    assert!(!base.iter().any(|f| f.2 == acc005.2), "its wording changed");
}

/// The scenario of docs/ci.md: a reworded ACC005 is "changed", not new, and
/// `diff` exits 0; the documented lines are what carto prints.
#[test]
fn diff_reports_a_reworded_finding_as_changed() {
    let r = repo("inventory");
    add_lis_grant(&r.path().join("inventory"));
    let run = run_in(r.path(), &["-i", "inventory", "diff", "main"], &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        !run.stdout.contains("Findings introduced"),
        "{}",
        run.stdout
    );
    let doc = std::fs::read_to_string(root("docs/ci.md")).expect("docs");
    let block = doc
        .split("## What `diff` says")
        .nth(1)
        .and_then(|s| s.split("```text\n").nth(1))
        .and_then(|s| s.split("```").next())
        .expect("the example block");
    for line in block.lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            run.stdout.contains(line),
            "docs/ci.md shows `{line}`, carto prints:\n{}",
            run.stdout
        );
    }
    let json = run_in(
        r.path(),
        &["-i", "inventory", "diff", "main", "--format", "json"],
        &[],
    );
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(v["findings"]["changed"][0]["after"]["rule"], "ACC005");
    assert_eq!(v["introduces_errors"], false);
}

/// A level change is one line per principal and application; the Markdown
/// renders with no stray backslash and no placeholder.
#[test]
fn diff_access_lines_and_markdown_render_cleanly() {
    let r = repo("");
    let grants = r.path().join("access/grants.yaml");
    let text = std::fs::read_to_string(&grants).expect("grants");
    let changed = text.replacen(
        "{who: physicians, to: dpi, level: write",
        "{who: physicians, to: dpi, level: admin",
        1,
    );
    assert_ne!(changed, text);
    std::fs::write(&grants, changed).expect("write");
    let run = run_in(r.path(), &["-i", ".", "diff", "HEAD"], &[]);
    assert!(
        run.stdout
            .contains("Dr Julie Faure (dr-faure) (person): write -> admin ("),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stdout.matches("(dr-faure) (person)").count(),
        1,
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("**"), "plain text has no Markdown");
    let md = run_in(
        r.path(),
        &["-i", ".", "diff", "HEAD", "--format", "md"],
        &[],
    );
    let html = {
        let parser = pulldown_cmark::Parser::new(&md.stdout);
        let mut s = String::new();
        pulldown_cmark::html::push_html(&mut s, parser);
        s
    };
    let text: String = {
        let mut t = String::new();
        for ev in pulldown_cmark::Parser::new(&md.stdout) {
            if let pulldown_cmark::Event::Text(x) | pulldown_cmark::Event::Code(x) = ev {
                t.push_str(&x);
                t.push('\n');
            }
        }
        t
    };
    assert!(html.contains("<h3>"), "{html}");
    assert!(!text.contains('\\'), "stray backslash in:\n{text}");
    assert!(!text.contains("<position>"), "{text}");
    assert!(text.contains("write -> admin"), "{text}");
}

/// GitLab Code Quality report, and the GitHub job summary past 10 errors.
#[test]
fn gitlab_report_and_github_summary() {
    let r = repo("inventory");
    let run = run_in(
        r.path(),
        &["-i", "inventory", "check", "--format", "gitlab"],
        &[],
    );
    assert_eq!(run.code, 1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let issues = v.as_array().expect("an array");
    assert_eq!(issues.len(), 94);
    for i in issues {
        for f in ["description", "check_name", "fingerprint", "severity"] {
            assert!(i[f].is_string(), "{i}");
        }
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap_or(""))
        );
        let path = i["location"]["path"].as_str().expect("path");
        assert!(r.path().join(path).is_file(), "{path}");
        assert!(
            i["location"]["lines"]["begin"]
                .as_u64()
                .is_some_and(|l| l >= 1)
        );
    }
    let summary = r.path().join("summary.md");
    let s = summary.display().to_string();
    let run = run_in(
        r.path(),
        &["-i", "inventory", "check", "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", s.as_str())],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("::error file=inventory/access/"),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(&summary).expect("summary written");
    assert!(
        text.contains("## carto check") && text.contains("### ACC005 (1)"),
        "{text}"
    );
    assert_eq!(text.lines().filter(|l| l.starts_with("- ")).count(), 94);
}

/// Every `carto` command in docs/ci.md, as written, on a repository with
/// the inventory in `inventory/` and on one whose root is the inventory,
/// with a pull request that adds a new error (an undeclared transfer).
#[test]
fn ci_recipes_run_as_written() {
    let doc = std::fs::read_to_string(root("docs/ci.md")).expect("docs/ci.md");
    let mut commands: Vec<String> = Vec::new();
    let mut in_code = false;
    for line in doc.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            continue;
        }
        let t = line
            .trim_start()
            .trim_start_matches("- ")
            .trim_start_matches("run: ");
        if t.starts_with("carto ") {
            commands.push(t.to_string());
        }
    }
    assert!(commands.len() >= 10, "{commands:#?}");
    for (sub, flag) in [("inventory", "-i inventory"), ("", "-i .")] {
        let r = repo(sub);
        git(
            r.path(),
            &["update-ref", "refs/remotes/origin/main", "HEAD"],
        );
        // The baseline is committed on main (the first-time command of the page).
        let first = format!("carto {flag} check --write-baseline carto-baseline.json -q");
        assert!(commands.contains(&first), "docs/ci.md lacks `{first}`");
        let run = run_in(r.path(), &first.split(' ').skip(1).collect::<Vec<_>>(), &[]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(r.path().join("carto-baseline.json").is_file());
        git(r.path(), &["checkout", "-q", "-b", "pr"]);
        std::fs::write(
            r.path().join(sub).join("cloud.yaml"),
            "organizations:\n  - {id: cloud-x, kind: processor, country: US}\nflows:\n  - {from: dpi, to: cloud-x, protocol: https, encrypted: true, data: [identity]}\n",
        )
        .expect("write");
        let bin = assert_cmd::cargo::cargo_bin("carto");
        let bin_dir = bin.parent().expect("dir").display().to_string();
        let path = format!("{bin_dir}:{}", std::env::var("PATH").unwrap_or_default());
        let mut ran = 0;
        for c in commands
            .iter()
            .filter(|c| c.contains(flag) && !c.contains("--write-baseline"))
        {
            let line = c
                .replace("${{ github.base_ref }}", "main")
                .replace("$CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main");
            let out = Command::new("sh")
                .arg("-c")
                .arg(&line)
                .current_dir(r.path())
                .env("PATH", &path)
                .env("CARTO_TODAY", "2026-11-22")
                .env_remove("GITHUB_STEP_SUMMARY")
                .output()
                .expect("sh");
            let code = out.status.code().unwrap_or(-1);
            // New error findings: check and diff fail (1); `|| true` and the
            // baseline's first write do not stop the job.
            let expected = if line.contains("|| true") || line.contains("|| exit 1") {
                if line.contains("|| exit 1") { 1 } else { 0 }
            } else if line.contains(" site ") {
                // The site is built whatever the findings.
                0
            } else {
                1
            };
            assert_eq!(
                code,
                expected,
                "{sub:?}: {line}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
        assert!(ran >= 2, "{sub:?}: {ran} commands");
        if sub == "inventory" {
            // The Pages recipes' site.
            assert!(
                r.path().join("public/index.html").is_file(),
                "{sub:?}: no site"
            );
            assert!(r.path().join("public/search.html").is_file());
        }
        let dir = r.path();
        if sub.is_empty() {
            let sarif: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(dir.join("carto.sarif")).expect("sarif"),
            )
            .expect("json");
            assert!(sarif["runs"][0]["results"][0]["baselineState"].is_string());
        } else {
            let gl: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(dir.join("gl-code-quality-report.json")).expect("gitlab"),
            )
            .expect("json");
            // Only the pull request's new findings, all about the new processor.
            let issues = gl.as_array().expect("array");
            assert!(!issues.is_empty() && issues.len() < 94, "{gl}");
            assert!(
                issues
                    .iter()
                    .all(|i| i["description"].as_str().unwrap_or("").contains("cloud-x")),
                "{gl}"
            );
        }
        let comment = std::fs::read_to_string(dir.join("carto-diff.md")).expect("diff written");
        assert!(
            comment.contains("transfer to `cloud-x` in `US`: NOT declared"),
            "{comment}"
        );
    }
}
