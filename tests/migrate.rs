//! Migrations: `carto import mercator` from recorded API responses
//! (tests/fixtures/mercator, written from Mercator's documented format),
//! through `--from` and through a local HTTP server; the result loads and
//! answers; a second import keeps the ids.

use crate::common::{carto, fixture};
use std::path::Path;

/// A project holding the import: carto.yaml names the imported hospital as `self`.
fn project(dir: &Path) {
    std::fs::create_dir_all(dir).expect("mkdir");
    std::fs::write(dir.join("carto.yaml"), "self: ch-exemple\n").expect("carto.yaml");
}

fn import_from(inv: &Path, from: &str, extra: &[&str]) -> crate::common::Run {
    let i = inv.display().to_string();
    let out = inv.join("mercator.yaml").display().to_string();
    let mut args = vec!["-i", &i, "import", "mercator", "--from", from, "-o", &out];
    args.extend_from_slice(extra);
    carto(&args)
}

#[test]
fn a_mercator_export_becomes_an_inventory_that_answers() {
    let tmp = tempfile::tempdir().expect("tmp");
    let inv = tmp.path().join("inv");
    project(&inv);
    let report = tmp.path().join("report.json");
    let r = import_from(
        &inv,
        &fixture("mercator"),
        &["--report", &report.display().to_string()],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stderr.contains("3 applications"), "{}", r.all());
    let i = inv.display().to_string();
    // It loads and checks (findings are fine, load errors are not).
    let r = carto(&["-i", &i, "check"]);
    assert!(r.code == 0 || r.code == 1, "{}", r.all());
    // who: the administrator account from Mercator's admin users.
    let r = carto(&["-i", &i, "who", "dpi", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.stdout.contains("\"adm-dupont\""), "{}", r.stdout);
    // The register: the data processing, its application and its basis.
    let r = carto(&["-i", &i, "register", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let reg: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let text = reg.to_string();
    assert!(text.contains("Soins et suivi des patients"), "{text}");
    assert!(text.contains("\"dpi\""), "{text}");
    // Health data recognized from Mercator's sensitivity; the contract kept.
    let yaml = std::fs::read_to_string(inv.join("mercator.yaml")).expect("yaml");
    assert!(yaml.contains("  - id: dossier-patient\n"), "{yaml}");
    assert!(yaml.contains("    parent: health\n"), "{yaml}");
    assert!(
        yaml.contains("contract: {ref: \"HDS-2024-01\", signed: 2024-01-01, expires: 2027-12-31}"),
        "{yaml}"
    );
    assert!(yaml.contains("    rto: 4h\n    rpo: 1h\n"), "{yaml}");
    // The report: what had no place, with its file and field.
    let rep: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("json");
    let has =
        |file: &str, field: &str| rep.iter().any(|u| u["file"] == file && u["field"] == field);
    assert!(has("applications/1.json", "responsible"), "{rep:?}");
    assert!(has("fluxes/2.json", "source/destination"), "{rep:?}");
    assert!(has("activities/1.json", "(object)"), "{rep:?}");
    assert!(has("applications/2.json", "rto"), "{rep:?}");
    // Objects of an endpoint carto does not read are counted, not dropped.
    assert!(has("workstations.json", "(endpoint)"), "{rep:?}");
}

#[test]
fn a_second_import_keeps_the_ids() {
    let tmp = tempfile::tempdir().expect("tmp");
    let inv = tmp.path().join("inv");
    project(&inv);
    let r = import_from(&inv, &fixture("mercator"), &[]);
    assert_eq!(r.code, 0, "{}", r.all());
    // Mercator renames the DPI; the import after it keeps `dpi`.
    let copy = tmp.path().join("mercator");
    let ok = std::process::Command::new("cp")
        .args(["-r", &fixture("mercator")])
        .arg(&copy)
        .status()
        .expect("cp");
    assert!(ok.success());
    for f in ["applications.json", "applications/1.json"] {
        let p = copy.join(f);
        let t = std::fs::read_to_string(&p).expect("json");
        std::fs::write(&p, t.replace("\"DPI\"", "\"Dossier patient v2\"")).expect("write");
    }
    let c = copy.display().to_string();
    let r = import_from(&inv, &c, &[]);
    assert_eq!(r.code, 2, "an existing file needs --force: {}", r.all());
    let r = import_from(&inv, &c, &["--force"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let yaml = std::fs::read_to_string(inv.join("mercator.yaml")).expect("yaml");
    assert!(
        yaml.contains("  - id: dpi\n    name: \"Dossier patient v2\""),
        "{yaml}"
    );
    assert_eq!(yaml.matches("mercator: \"applications/1\"").count(), 1);
    let r = carto(&["-i", &inv.display().to_string(), "show", "dpi"]);
    assert_eq!(r.code, 0, "{}", r.all());
}

/// A local server answering like Mercator's API: `/api/<endpoint>` and
/// `/api/<endpoint>/<id>` from the fixture files, 401 without the token.
const SERVER: &str = r#"
import http.server, json, os, sys
root, token = sys.argv[1], sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        if self.headers.get("Authorization") != "Bearer " + token:
            self.send_response(401); self.end_headers(); return
        path = self.path.split("?")[0]
        if not path.startswith("/api/"):
            self.send_response(404); self.end_headers(); return
        f = os.path.join(root, path[5:] + ".json")
        if ".." in path or not os.path.isfile(f):
            self.send_response(404); self.end_headers(); return
        body = open(f, "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
"#;

#[test]
fn the_api_gives_the_same_inventory_as_the_files() {
    let Ok(mut server) = std::process::Command::new("python3")
        .args(["-c", SERVER, &fixture("mercator"), "s3cret"])
        .stdout(std::process::Stdio::piped())
        .spawn()
    else {
        eprintln!("notice: python3 is not installed; the API import is not tested");
        return;
    };
    let mut port = String::new();
    if let Some(out) = server.stdout.as_mut() {
        use std::io::BufRead;
        let _ = std::io::BufReader::new(out).read_line(&mut port);
    }
    let url = format!("http://127.0.0.1:{}", port.trim());
    let tmp = tempfile::tempdir().expect("tmp");
    let inv = tmp.path().join("inv");
    project(&inv);
    let i = inv.display().to_string();
    let run = |token: &str| {
        assert_cmd::Command::cargo_bin("carto")
            .expect("binary")
            .args(["-i", &i, "import", "mercator", "--url", &url])
            .env("CARTO_MERCATOR_TOKEN", token)
            .env("NO_COLOR", "1")
            .output()
            .expect("runs")
    };
    let denied = run("wrong");
    let api = run("s3cret");
    let _ = server.kill();
    assert_eq!(denied.status.code(), Some(4));
    let err = String::from_utf8_lossy(&denied.stderr);
    assert!(err.contains("CARTO_MERCATOR_TOKEN"), "{err}");
    assert!(!err.contains("wrong"), "the token is never printed: {err}");
    assert!(
        api.status.success(),
        "{}",
        String::from_utf8_lossy(&api.stderr)
    );
    let from_api = String::from_utf8_lossy(&api.stdout).into_owned();
    let r = carto(&[
        "-i",
        &i,
        "import",
        "mercator",
        "--from",
        &fixture("mercator"),
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    // The same inventory but for the first comment line (the source).
    let body = |s: &str| s.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&from_api), body(&r.stdout));
}

/// Reads a model with pyArchimate and prints, one per line: elements
/// (`E type|carto id|name`), relationships (`R type|source carto id|target
/// carto id|carto id`), views (`V name|nodes`).
const READ_BACK: &str = r#"
import sys
from pyArchimate import Model
m = Model("x")
m.read(sys.argv[1])
ids = {}
for e in m.elements:
    ids[e.uuid] = e.props.get("carto id", "")
    print("E", "|".join([e.type, e.props.get("carto id", ""), e.name]))
for r in m.relationships:
    print("R", "|".join([r.type, r.source.props.get("carto id", ""), r.target.props.get("carto id", ""), r.props.get("carto id", "")]))
for v in m.views:
    print("V", "|".join([v.name, str(len(v.nodes))]))
print("INVALID", len(m.check_invalid_relationships()))
"#;

fn read_back(model: &str) -> String {
    let out = std::process::Command::new("python3")
        .args(["-c", READ_BACK, model])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_archimate_export_reads_back() {
    let tmp = tempfile::tempdir().expect("tmp");
    let model = tmp.path().join("model.xml");
    let m = model.display().to_string();
    let r = carto(&[
        "-i",
        &crate::common::root("inventory"),
        "export",
        "archimate",
        "-o",
        &m,
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    let xml = std::fs::read_to_string(&model).expect("xml");
    assert!(xml.starts_with("<?xml") && xml.contains("xsi:type=\"ApplicationComponent\""));
    if !crate::common::python_has("pyArchimate") {
        eprintln!("notice: pyArchimate is not installed; the export is not read back");
        return;
    }
    let text = read_back(&m);
    let lines: Vec<&str> = text.lines().collect();
    let inv = crate::common::load(Path::new(&crate::common::root("inventory"))).inventory;
    // Every application, organization and flow between applications.
    for a in &inv.applications {
        let want = format!("E ApplicationComponent|{}|", a.common.id);
        assert!(lines.iter().any(|l| l.starts_with(&want)), "{want}");
    }
    for o in &inv.organizations {
        let want = format!("E BusinessActor|{}|", o.common.id);
        assert!(lines.iter().any(|l| l.starts_with(&want)), "{want}");
    }
    for f in &inv.flows {
        if let (carto::model::Target::App(_), carto::model::Target::App(_)) = (f.from.ix, f.to.ix) {
            let want = format!("R Flow|{}|{}|{}", f.from.id, f.to.id, f.common.id);
            assert!(lines.iter().any(|l| *l == want), "{want}");
        }
    }
    // The DPI holds health.record; four views with their elements; all
    // relationships valid in ArchiMate.
    assert!(lines.contains(&"R Access|dpi|health.record|"), "{text}");
    for v in ["Ecosystem", "Applications", "Infrastructure", "GDPR"] {
        assert!(
            lines.iter().any(|l| l.starts_with(&format!("V {v}|"))),
            "{v}"
        );
    }
    assert!(lines.contains(&"INVALID 0"), "{text}");
    // Hostile names are text.
    let hostile = crate::common::inventory(&[(
        "a.yaml",
        "organizations:\n  - {id: chu, kind: self, country: FR, name: \"<x> & \\\"y\\\" ]]>\"}\napplications:\n  - {id: app, owner: chu, name: \"</name><element>\"}\n",
    )]);
    let h = tmp.path().join("h.xml").display().to_string();
    let r = carto(&[
        "-i",
        &hostile.path().display().to_string(),
        "export",
        "archimate",
        "-o",
        &h,
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    let text = read_back(&h);
    assert!(
        text.contains("E ApplicationComponent|app|</name><element>"),
        "{text}"
    );
    assert!(
        text.contains("E BusinessActor|chu|<x> & \"y\" ]]>"),
        "{text}"
    );
}

/// fideslang manifests (written by the team) become an inventory whose
/// policies find what Fides finds at the declaration level: checked
/// against `fides --local evaluate` 2.78 on the same files, which also
/// reports `Care without a name` for a field of the dataset `dpi_db`
/// (Fides evaluates each dataset, collection and field on its own; carto
/// evaluates the declaration: docs/migrate.md).
#[test]
fn fides_manifests_become_an_inventory_with_the_same_violations() {
    let tmp = tempfile::tempdir().expect("tmp");
    let inv = tmp.path().join("inv");
    std::fs::create_dir_all(&inv).expect("mkdir");
    std::fs::write(inv.join("carto.yaml"), "version: 1\n").expect("carto.yaml");
    let i = inv.display().to_string();
    let out = inv.join("fides.yaml").display().to_string();
    let r = carto(&["-i", &i, "import", "fides", &fixture("fides"), "-o", &out]);
    assert_eq!(r.code, 0, "{}", r.all());
    let yaml = std::fs::read_to_string(&out).expect("yaml");
    // The taxonomy: built-in categories where carto has them, the others
    // below their fideslang parent; the legal bases.
    for want in [
        "    data: [health, user.name]\n",
        "  - {id: user.health_and_medical.lab_result, name: \"Lab result\", parent: health}\n",
        "  - {id: user.contact.email, parent: contact}\n",
        "    data: [identity.nir, user.health_and_medical.lab_result]\n",
        "    legal_basis: public-task\n    special_condition: h\n",
        "  - {from: dpi, to: lab, data: [user.health_and_medical.lab_result]}\n",
        // ALL is carto's only; a value stands for the mapped keys below it.
        "when: {data: {only: [contact]}, uses: {any: [marketing.communications]}, subjects: {any: [patients]}}",
        "when: {data: {any: [genetic, health]}, uses: {any: [marketing]}, subjects: {any: [patients]}}",
    ] {
        assert!(yaml.contains(want), "{want} not in\n{yaml}");
    }
    assert_eq!(
        yaml.matches("from: dpi, to: lab").count(),
        1,
        "egress and ingress are one flow"
    );
    let r = carto(&["-i", &i, "check", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let mut found: Vec<String> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"].as_str().unwrap_or("").starts_with("POL:"))
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap_or(""),
                f["entity"].as_str().unwrap_or("")
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "POL:hospital.no-health-data-for-marketing lab.analyses",
            "POL:hospital.only-contact-for-communications dpi.newsletter",
        ]
    );
    let r = carto(&["-i", &i, "import", "fides", "/nonexistent"]);
    assert_eq!(r.code, 2, "{}", r.all());
    // A manifest that is not YAML: its file, line and column.
    let bad = tmp.path().join("bad");
    std::fs::create_dir_all(&bad).expect("mkdir");
    std::fs::write(
        bad.join("system.yml"),
        "system:\n  - fides_key: [unclosed\n",
    )
    .expect("write");
    let r = carto(&["-i", &i, "import", "fides", &bad.display().to_string()]);
    assert_eq!(r.code, 4, "{}", r.all());
    assert!(
        r.stderr.contains("system.yml:2:16: unclosed bracket"),
        "{}",
        r.all()
    );
}
