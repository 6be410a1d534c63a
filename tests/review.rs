//! Access review campaigns end to end: workbooks filled by an independent
//! library (openpyxl, as a reviewer's spreadsheet program would), decisions
//! applied as minimal text changes, checked with `carto diff` and `check`.

use crate::common::{carto, git, root};
use std::path::Path;

fn openpyxl() -> bool {
    crate::common::python_has("openpyxl")
}

/// Fills decisions in the campaign's workbooks: `(grant id, decision,
/// comment)`, found through campaign.json's fingerprints. `tamper` edits
/// the level cell of that grant's row instead.
const FILL: &str = r#"
import json, sys, glob, os, openpyxl
camp, decisions, tamper = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
lines = json.load(open(os.path.join(camp, "campaign.json")))["lines"]
by_fp = {l["fingerprint"]: l["grant"] for l in lines}
for path in sorted(glob.glob(os.path.join(camp, "review-*.xlsx"))):
    wb = openpyxl.load_workbook(path)
    ws = wb["Review"]
    changed = False
    for row in range(2, ws.max_row + 1):
        grant = by_fp.get(ws.cell(row=row, column=1).value)
        if grant in decisions:
            ws.cell(row=row, column=12).value = decisions[grant][0]
            ws.cell(row=row, column=13).value = decisions[grant][1]
            changed = True
        if grant == tamper:
            ws.cell(row=row, column=6).value = "admin"
            changed = True
    if changed:
        wb.save(path)
"#;

fn fill(camp: &Path, decisions: &[(&str, &str, &str)], tamper: &str) {
    let map: serde_json::Map<String, serde_json::Value> = decisions
        .iter()
        .map(|(g, d, c)| (g.to_string(), serde_json::json!([d, c])))
        .collect();
    let out = std::process::Command::new("python3")
        .args(["-c", FILL])
        .arg(camp)
        .arg(serde_json::Value::Object(map).to_string())
        .arg(tamper)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every comment line of every YAML file, with its file.
fn comment_lines(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.ends_with(".git") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                let text = std::fs::read_to_string(&p).expect("yaml");
                for l in text.lines().filter(|l| l.trim_start().starts_with('#')) {
                    out.push((p.display().to_string(), l.to_string()));
                }
            }
        }
    }
    out.sort();
    out
}

fn copy_reference() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    let inv = tmp.path().join("inventory");
    let ok = std::process::Command::new("cp")
        .args(["-r", &root("inventory")])
        .arg(&inv)
        .status()
        .expect("cp");
    assert!(ok.success());
    git(&inv, &["init", "-q"]);
    git(&inv, &["add", "-A"]);
    git(
        &inv,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@x",
            "commit",
            "-qm",
            "base",
        ],
    );
    tmp
}

fn findings_on(inv: &str, rules: &[&str]) -> Vec<String> {
    let r = carto(&["-i", inv, "check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| rules.contains(&f["rule"].as_str().unwrap_or("")))
        .map(|f| f["entity"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn a_campaign_from_start_to_evidence() {
    let tmp = copy_reference();
    let inv = tmp.path().join("inventory");
    let i = inv.display().to_string();
    let camp = tmp.path().join("campaign");
    let c = camp.display().to_string();
    let r = carto(&["-i", &i, "review", "start", "-o", &c]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stderr.contains("55 grants"), "{}", r.all());
    assert!(camp.join("campaign.json").exists());
    assert!(camp.join("review-dr-bernard.xlsx").exists());
    let r = carto(&["review", "status", &c]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains("55 of 55 decisions missing"),
        "{}",
        r.stdout
    );
    if !openpyxl() {
        eprintln!("notice: python3-openpyxl is not installed; the campaign is not filled");
        return;
    }
    let before_comments = comment_lines(&inv);
    let stale = findings_on(&i, &["ACC003", "ACC004"]);
    for g in [
        "catering-team->catering",
        "ext-weber->pacs",
        "ext-martin->dpi",
    ] {
        assert!(stale.iter().any(|s| s == g), "{g} in {stale:?}");
    }
    let decisions = [
        (
            "catering-team->catering",
            "keep - conserver",
            "still needed",
        ),
        ("ext-weber->pacs", "keep", ""),
        ("ext-martin->dpi", "revoke - retirer", "contract ended"),
        ("radiology->pacs", "revoke", ""),
        ("nurses->dpi", "set read - lecture", "read is enough"),
    ];
    // A tampered row first: refused with its file and row, nothing written.
    fill(&camp, &decisions, "physicians->dpi");
    let r = carto(&["-i", &i, "review", "apply", &c]);
    assert_eq!(r.code, 4, "{}", r.all());
    assert!(
        r.stderr.contains("review-dr-bernard.xlsx, row ")
            && r.stderr.contains("\"level / niveau\" was changed")
            && r.stderr.contains("nothing written"),
        "{}",
        r.all()
    );
    let st = std::process::Command::new("git")
        .args(["-C", &i, "status", "--porcelain"])
        .output()
        .expect("git");
    assert!(
        st.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&st.stdout)
    );
    // The same decisions, untampered.
    std::fs::remove_dir_all(&camp).expect("rm");
    let r = carto(&["-i", &i, "review", "start", "-o", &c]);
    assert_eq!(r.code, 0, "{}", r.all());
    fill(&camp, &decisions, "");
    let r = carto(&["review", "status", &c]);
    assert!(
        r.stdout.contains("50 of 55 decisions missing"),
        "{}",
        r.stdout
    );
    let r = carto(&["-i", &i, "review", "apply", &c, "--date", "2026-11-20"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout
            .contains("5 decisions applied to access/grants.yaml"),
        "{}",
        r.all()
    );
    // It loads, and diff shows exactly the decisions.
    let r = carto(&["-i", &i, "diff", "HEAD", "--format", "json"]);
    let d: serde_json::Value = serde_json::from_str(&r.stdout).expect("diff json");
    let ids = |key: &str| -> Vec<String> {
        let mut v: Vec<String> = d["entities"][key]
            .as_array()
            .expect("list")
            .iter()
            .map(|e| {
                format!(
                    "{} {}",
                    e["kind"].as_str().unwrap_or(""),
                    e["id"].as_str().unwrap_or("")
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(ids("added"), Vec::<String>::new());
    assert_eq!(
        ids("removed"),
        ["grant ext-martin->dpi", "grant radiology->pacs"]
    );
    assert_eq!(
        ids("changed"),
        [
            "grant catering-team->catering",
            "grant ext-weber->pacs",
            "grant nurses->dpi"
        ]
    );
    for e in d["entities"]["changed"].as_array().expect("changed") {
        let fields: Vec<String> = e["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| format!("{}={}", f["field"].as_str().unwrap_or(""), f["after"]))
            .collect();
        let want: &[&str] = if e["id"] == "nurses->dpi" {
            &["level=\"read\"", "reviewed=\"2026-11-20\""]
        } else {
            &["reviewed=\"2026-11-20\""]
        };
        assert_eq!(fields, want, "{e}");
    }
    // Comment lines byte for byte; the stale findings on the decided grants gone.
    assert_eq!(comment_lines(&inv), before_comments);
    let after = findings_on(&i, &["ACC003", "ACC004"]);
    for g in [
        "catering-team->catering",
        "ext-weber->pacs",
        "ext-martin->dpi",
    ] {
        assert!(!after.iter().any(|s| s == g), "{g} still in {after:?}");
    }
    // The evidence: JSON and printable HTML.
    let r = carto(&["-i", &i, "review", "report", &c, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let rep: serde_json::Value = serde_json::from_str(&r.stdout).expect("report json");
    assert_eq!(rep["applied"]["date"], "2026-11-20");
    let decided: Vec<&str> = rep["decisions"]
        .as_array()
        .expect("decisions")
        .iter()
        .filter(|x| !x["decision"].is_null())
        .map(|x| x["grant"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(decided.len(), 5, "{decided:?}");
    let overdue: Vec<&str> = rep["overdue"]
        .as_array()
        .expect("overdue")
        .iter()
        .map(|x| x["grant"].as_str().unwrap_or(""))
        .collect();
    assert!(overdue.contains(&"svc-eai->eai"), "{overdue:?}");
    assert!(!overdue.contains(&"ext-weber->pacs"), "{overdue:?}");
    let html = tmp.path().join("evidence.html");
    let h = html.display().to_string();
    let r = carto(&["-i", &i, "review", "report", &c, "-o", &h]);
    assert_eq!(r.code, 0, "{}", r.all());
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(
        page.contains("<td>contract ended</td>") && page.contains("Still overdue"),
        "{page}"
    );
}

#[test]
fn campaign_errors_are_clear() {
    let tmp = tempfile::tempdir().expect("tmp");
    let c = tmp.path().join("none").display().to_string();
    let r = carto(&["review", "status", &c]);
    assert_eq!(r.code, 4, "{}", r.all());
    assert!(
        r.stderr.contains("carto review start -o DIR"),
        "{}",
        r.all()
    );
    let r = carto(&["-i", &root("inventory"), "review", "start"]);
    assert_eq!(r.code, 2, "{}", r.all());
    let r = carto(&[
        "-i",
        &root("inventory"),
        "review",
        "start",
        "--app",
        "nope",
        "-o",
        &c,
    ]);
    assert_eq!(r.code, 2, "{}", r.all());
    // A workbook that is not one.
    let camp = tmp.path().join("camp");
    let cs = camp.display().to_string();
    let r = carto(&[
        "-i",
        &root("inventory"),
        "review",
        "start",
        "--app",
        "dpi",
        "-o",
        &cs,
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    std::fs::write(camp.join("review-dr-bernard.xlsx"), "not a workbook").expect("write");
    let r = carto(&["review", "status", &cs]);
    assert_eq!(r.code, 4, "{}", r.all());
    assert!(
        r.stderr
            .contains("review-dr-bernard.xlsx: not a readable XLSX"),
        "{}",
        r.all()
    );
    // A second campaign in the same folder is refused.
    let r = carto(&["-i", &root("inventory"), "review", "start", "-o", &cs]);
    assert_eq!(r.code, 2, "{}", r.all());
}

/// Grants imported from a directory export are reviewed like the others.
#[test]
fn imported_grants_are_reviewed_too() {
    let tmp = copy_reference();
    let inv = tmp.path().join("inventory");
    let i = inv.display().to_string();
    let csv = tmp.path().join("ad.csv");
    std::fs::write(
        &csv,
        "who,to,level\ndr-bernard,gam,read\nn-dupont,gam,write\n",
    )
    .expect("csv");
    let out = inv.join("access/imported.yaml").display().to_string();
    let r = carto(&[
        "-i",
        &i,
        "import",
        "csv",
        "--kind",
        "access",
        &csv.display().to_string(),
        "-o",
        &out,
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    let camp = tmp.path().join("camp");
    let c = camp.display().to_string();
    let r = carto(&["-i", &i, "review", "start", "--app", "gam", "-o", &c]);
    assert_eq!(r.code, 0, "{}", r.all());
    if !openpyxl() {
        return;
    }
    fill(
        &camp,
        &[
            ("dr-bernard->gam", "revoke", ""),
            ("n-dupont->gam", "keep", ""),
        ],
        "",
    );
    let r = carto(&["-i", &i, "review", "apply", &c, "--date", "2026-11-20"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let text = std::fs::read_to_string(&out).expect("imported");
    assert!(!text.contains("dr-bernard"), "{text}");
    assert!(
        text.contains(
            "  - {who: [\"n-dupont\"], to: [\"gam\"], level: \"write\", reviewed: 2026-11-20}\n"
        ),
        "{text}"
    );
    assert!(text.starts_with("# Imported from"), "{text}");
}
