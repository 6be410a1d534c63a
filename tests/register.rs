//! The Art. 30 register: every format on the reference inventory, the
//! records against the inventory, DPIA screening, filters, and safe output
//! with hostile names (HTML, Markdown, CSV and XLSX read back by openpyxl).

use crate::common::{SELF, carto, inventory, root};

fn register_json(args: &[&str]) -> serde_json::Value {
    register_json_in(std::path::Path::new(&root("inventory")), args)
}

/// The JSON register of the inventory at `dir`.
pub(crate) fn register_json_in(dir: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["register", "--format", "json"];
    all.extend_from_slice(args);
    let r = crate::common::carto_in(dir, &all);
    assert_eq!(r.code, 0, "{}", r.all());
    serde_json::from_str(&r.stdout).expect("json")
}

pub(crate) fn processing<'a>(v: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    v["processings"]
        .as_array()
        .expect("processings")
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("{id}"))
}

pub(crate) fn texts(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|i| {
            format!(
                "{}{}",
                i["text"].as_str().unwrap_or(""),
                if i["derived"] == true {
                    " [derived]"
                } else {
                    ""
                }
            )
        })
        .collect()
}

#[test]
fn the_records_match_the_inventory() {
    let v = register_json(&[]);
    assert_eq!(v["version"], 2);
    assert_eq!(v["register"], "controller");
    assert_eq!(v["organization"]["id"], "chu-valmont");
    assert!(
        v["organization"]["dpo"]
            .as_str()
            .unwrap_or("")
            .contains("dpo@chu-valmont.example")
    );
    assert_eq!(
        v["processings"].as_array().map(|a| a.len()),
        Some(15),
        "the controller register has the 15 controller processings"
    );

    let care = processing(&v, "patient-care");
    assert_eq!(
        care["legal_basis"],
        "Art. 6(1)(e): task carried out in the public interest or in the exercise of official authority"
    );
    assert!(
        care["special_condition"]
            .as_str()
            .unwrap_or("")
            .starts_with("Art. 9(2)(h)")
    );
    for d in ["health.record", "health.imaging", "identity.nir"] {
        assert!(
            care["data"]
                .as_array()
                .expect("data")
                .iter()
                .any(|x| x == d),
            "{d}"
        );
    }
    assert!(
        care["special_data"]
            .as_array()
            .expect("special")
            .iter()
            .any(|x| x == "health.lab")
    );
    assert_eq!(care["dpia"]["required"], true);
    assert_eq!(care["dpia"]["status"], "done");
    assert!(
        texts(&care["processors"])
            .contains(&"BioLab Analyses (biolab), contract DPA-BIO-2021-04".to_string()),
        "{:?}",
        texts(&care["processors"])
    );
    // Items carry ids for tools: a declared recipient, a derived transfer.
    let first = &care["recipients"][0];
    assert!(
        first["id"].is_string() && first["kind"].is_string(),
        "{first}"
    );
    let tele_transfer = &processing(&v, "telemedicine")["transfers"][0];
    assert_eq!(tele_transfer["id"], "televisio");
    assert_eq!(tele_transfer["country"], "US");
    assert_eq!(tele_transfer["declared"], false);
    // A recipient found in the grants that the processing does not declare
    // is marked derived: for an account, its owning group, never the account.
    let recipients = texts(&care["recipients"]);
    assert!(
        recipients.iter().any(|r| r
            .starts_with("research-team (grant read on dpi, through account svc-edw-extract)")
            && r.ends_with("[derived]")),
        "{recipients:?}"
    );
    assert!(
        !recipients
            .iter()
            .any(|r| r.contains("(urgences-poste)") || r.contains("(adm-legacy)")),
        "{recipients:?}"
    );

    let tele = processing(&v, "telemedicine");
    assert!(
        texts(&tele["transfers"])
            .iter()
            .any(|t| t.contains("televisio")
                && t.contains("(US)")
                && t.contains("NOT DECLARED")
                && t.ends_with("[derived]")),
        "{:?}",
        texts(&tele["transfers"])
    );
    assert!(
        texts(&tele["processors"])
            .iter()
            .any(|t| t.starts_with("Televisio Inc. (televisio)") && t.ends_with("[derived]"))
    );
    let codes: Vec<&str> = tele["dpia"]["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|r| r["code"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(codes, ["cnil-health-care", "edpb-2-criteria"]);
    assert_eq!(tele["dpia"]["status"], "required");

    let research = processing(&v, "research-warehouse");
    assert!(
        texts(&research["processors"])
            .iter()
            .any(|t| t.starts_with("HexaCloud Santé (hexacloud)") && !t.ends_with("[derived]"))
    );
    assert!(
        texts(&research["retention"])
            .contains(&"health.pseudonymised: 20y, from collection".to_string())
    );
    assert_eq!(
        processing(&v, "video-surveillance")["legal_basis"],
        serde_json::Value::Null
    );
    // Retention from a category default is derived.
    assert!(
        texts(&processing(&v, "video-surveillance")["retention"])
            .contains(&"video: 30d (default of the category) [derived]".to_string())
    );
    // DPIA screening: procurement needs none; medical-information does (two EDPB criteria).
    assert_eq!(processing(&v, "procurement")["dpia"]["required"], false);
    assert_eq!(
        processing(&v, "medical-information")["dpia"]["required"],
        true
    );
    // Measures observed in the inventory.
    assert!(
        texts(&care["measures"])
            .iter()
            .any(|m| m.starts_with("Encryption: applications encrypted at rest:"))
    );
    assert!(
        texts(&care["measures"])
            .contains(&"Other (declared): Annual penetration test of the DPI".to_string())
    );
}

#[test]
fn processor_register_and_filters() {
    let v = register_json(&["--processor"]);
    assert_eq!(v["register"], "processor");
    let ids: Vec<&str> = v["processings"]
        .as_array()
        .expect("p")
        .iter()
        .map(|p| p["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids, ["ght-imaging-archive"]);
    let v = register_json(&["--processing", "transfusion"]);
    assert_eq!(v["processings"].as_array().map(|a| a.len()), Some(1));
    let inv = root("inventory");
    assert_eq!(
        carto(&["-i", &inv, "register", "--processing", "dpi"]).code,
        2
    );
    assert_eq!(
        carto(&["-i", &inv, "register", "--processing", "nope"]).code,
        2
    );
}

#[test]
fn every_format_and_the_format_from_the_extension() {
    let inv = root("inventory");
    let dir = tempfile::tempdir().expect("tmp");
    for ext in ["md", "html", "csv", "xlsx", "json"] {
        let path = dir.path().join(format!("register.{ext}"));
        let r = carto(&["-i", &inv, "register", "-o", &path.display().to_string()]);
        assert_eq!(r.code, 0, "{ext}: {}", r.all());
        let bytes = std::fs::read(&path).expect("written");
        match ext {
            "md" => assert!(
                String::from_utf8_lossy(&bytes)
                    .starts_with("# Register of processing activities (Art. 30(1) GDPR)")
            ),
            "html" => {
                let s = String::from_utf8_lossy(&bytes);
                assert!(
                    s.starts_with("<!DOCTYPE html>")
                        && s.contains("<nav class=\"toc\">")
                        && s.contains("@media print")
                );
                assert!(
                    !s.contains("http://") && !s.contains("https://"),
                    "self-contained"
                );
            }
            "csv" => {
                assert!(
                    String::from_utf8_lossy(&bytes)
                        .starts_with("\u{feff}id,1. Processing,2. Role,")
                )
            }
            "xlsx" => assert_eq!(&bytes[..2], b"PK"),
            _ => assert!(serde_json::from_slice::<serde_json::Value>(&bytes).is_ok()),
        }
    }
    let r = carto(&["-i", &inv, "register", "--format", "xlsx"]);
    assert_eq!(r.code, 2, "XLSX is not written to a terminal");
}

const HOSTILE: &str = "processings:\n  - id: evil\n    name: \"<script>alert('x')</script> *bold* | pipe\"\n    purpose: \"=HYPERLINK(\\\"http://evil.example\\\",\\\"click\\\")\"\n    sources: [\"@SUM(A1:A2)\", \"+1+1\", \"-2\", \"\\tTAB\"]\n    legal_basis: consent\n    subjects: [staff]\n";

#[test]
fn hostile_names_are_escaped_and_formulas_neutralised() {
    let dir = inventory(&[("x.yaml", &format!("{SELF}{HOSTILE}"))]);
    let p = dir.path().display().to_string();
    let html = carto(&["-i", &p, "register", "--format", "html"]).stdout;
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>"));
    let md = carto(&["-i", &p, "register", "--format", "md"]).stdout;
    assert!(
        md.contains("\\<script\\>alert('x')\\</script\\> \\*bold\\* \\| pipe"),
        "{md}"
    );
    let csv = carto(&["-i", &p, "register", "--format", "csv"]).stdout;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    for rec in reader.records() {
        for cell in rec.expect("csv row").iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula-like cell: {cell:?}"
            );
        }
    }
    assert!(csv.contains("'=HYPERLINK("), "{csv}");
    // XLSX, read back by a real spreadsheet library.
    let xlsx = dir.path().join("r.xlsx");
    assert_eq!(
        carto(&["-i", &p, "register", "-o", &xlsx.display().to_string()]).code,
        0
    );
    let script = "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\nfor ws in wb.worksheets:\n    for row in ws.iter_rows():\n        for c in row:\n            if c.value is not None:\n                print(ws.title + '\\t' + str(c.data_type) + '\\t' + repr(c.value))\n";
    match std::process::Command::new("python3")
        .args(["-c", script, &xlsx.display().to_string()])
        .output()
    {
        Ok(out) if out.status.success() => {
            let cells = String::from_utf8_lossy(&out.stdout);
            assert!(
                cells
                    .contains("Register\ts\t'Register of processing activities (Art. 30(1) GDPR)'"),
                "{cells}"
            );
            assert!(
                cells.contains("evil\ts\t\"<script>alert('x')</script> *bold* | pipe (evil)\""),
                "{cells}"
            );
            for line in cells.lines() {
                let mut parts = line.splitn(3, '\t');
                let (_, kind, value) = (parts.next(), parts.next(), parts.next().unwrap_or(""));
                assert_eq!(
                    kind,
                    Some("s"),
                    "every cell is text, never a formula: {line}"
                );
                // `value` is Python's repr: drop its opening quote to get the cell text.
                let text = value.get(1..).unwrap_or("");
                assert!(
                    !text.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{line}"
                );
            }
            assert!(cells.contains("'=HYPERLINK("), "{cells}");
        }
        other => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI needs python3 with openpyxl: {other:?}"
            );
            eprintln!(
                "notice: python3 with openpyxl not available; the XLSX read-back check is skipped (pip install openpyxl)"
            );
        }
    }
}

/// `-o`'s extension decides the format only when the command writes it; a
/// name that misdescribes the file is refused (exit 2), never silent Markdown.
#[test]
fn output_extensions_never_misdescribe_the_file() {
    let inv = root("inventory");
    let dir = tempfile::tempdir().expect("tmp");
    let o = |name: &str| dir.path().join(name).display().to_string();
    for (args, file) in [
        (vec!["register"], "register.pdf"),
        (vec!["register", "--format", "md"], "register.html"),
        (vec!["diagram", "ecosystem"], "map.jpg"),
        (vec!["check", "--format", "sarif"], "report.md"),
    ] {
        let mut all = vec!["-i", inv.as_str()];
        all.extend(args.iter().copied());
        let out = o(file);
        all.extend(["-o", out.as_str()]);
        let r = carto(&all);
        assert_eq!(r.code, 2, "{args:?} -o {file}: {}", r.all());
        assert!(r.stderr.contains("`-o` names a ."), "{}", r.stderr);
        assert!(!dir.path().join(file).exists());
    }
    // Upper-case extensions, JSON-family formats into .json, and check's JSON.
    let r = carto(&["-i", &inv, "register", "-o", &o("REGISTER.HTML")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        std::fs::read_to_string(dir.path().join("REGISTER.HTML"))
            .expect("html")
            .starts_with("<!DOCTYPE html>")
    );
    let r = carto(&[
        "-i",
        &inv,
        "check",
        "--format",
        "gitlab",
        "-o",
        &o("gl.json"),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let r = carto(&["-i", &inv, "check", "-o", &o("findings.json")]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("findings.json")).expect("json"),
    )
    .expect("JSON, from the extension");
    assert_eq!(v["version"], 1);
}

/// The CSV register starts with a UTF-8 byte-order mark (LibreOffice and
/// Excel then read `Sécurité` right); `--no-bom` leaves it out.
#[test]
fn csv_register_has_a_bom() {
    let inv = root("inventory");
    let r = carto(&["-i", &inv, "register", "--format", "csv"]);
    assert!(r.stdout.starts_with('\u{feff}'), "{}", &r.stdout[..20]);
    let r = carto(&["-i", &inv, "register", "--format", "csv", "--no-bom"]);
    assert!(r.stdout.starts_with("id,"), "{}", &r.stdout[..20]);
}

/// The XLSX and ODS registers printed by LibreOffice (headless, to PDF): every page
/// carries the title of what it holds (the summary's table header, or the
/// record's name on every page of the record), each record starts on a
/// page of its own and has its 17 fields, none cut. `.ci/run` installs
/// LibreOffice and poppler-utils; without them (outside CI) a notice.
#[test]
fn the_spreadsheet_registers_print_in_libreoffice() {
    // Present when it runs at all (pdftotext has no --version exit 0).
    let have = |cmd: &str| std::process::Command::new(cmd).arg("-v").output().is_ok();
    if !have("soffice") || !have("pdftotext") {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install libreoffice-calc-nogui and poppler-utils (see .ci/run)"
        );
        eprintln!("notice: LibreOffice or pdftotext missing; the print check is skipped");
        return;
    }
    for ext in ["xlsx", "ods"] {
        prints_in_libreoffice(ext);
    }
}

fn prints_in_libreoffice(ext: &str) {
    let dir = tempfile::tempdir().expect("tmp");
    let xlsx = dir.path().join(format!("register.{ext}"));
    let inv = root("inventory");
    let r = carto(&["-i", &inv, "register", "-o", &xlsx.display().to_string()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&carto(&["-i", &inv, "register", "--format", "json"]).stdout)
            .expect("json");
    let out = std::process::Command::new("soffice")
        .env("HOME", dir.path())
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&xlsx)
        .output()
        .expect("soffice runs");
    let pdf = dir.path().join("register.pdf");
    assert!(pdf.is_file(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    let records: Vec<(String, String)> = json["processings"]
        .as_array()
        .expect("processings")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap_or("").to_string(),
                format!(
                    "{} ({})",
                    p["name"].as_str().unwrap_or(""),
                    p["id"].as_str().unwrap_or("")
                ),
            )
        })
        .collect();
    assert!(records.len() >= 8);
    let mut record_pages = 0;
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains("CHU de Valmont"),
            "page {} has no running header",
            i + 1
        );
        assert!(
            page.contains(&format!("Page {} / {}", i + 1, pages.len())),
            "page {} number",
            i + 1
        );
        let title = records
            .iter()
            .find(|(_, t)| page.lines().take(4).any(|l| l.trim() == t));
        // The summary: its table header, or (first page) the register's own header.
        let summary = (page.contains("Processing")
            && page.contains("Legal basis")
            && page.contains("Retention"))
            || (i == 0 && page.contains("Organization") && page.contains("Inventory revision"));
        assert!(
            title.is_some() || summary,
            "{ext}: page {} shows neither a record's title nor the table header:\n{page}",
            i + 1
        );
        if title.is_some() {
            record_pages += 1;
        }
    }
    // Each record: its 17 fields, once, on pages that carry its title.
    for (id, t) in &records {
        let on: Vec<&&str> = pages
            .iter()
            .filter(|p| p.lines().take(4).any(|l| l.trim() == t))
            .collect();
        assert!(!on.is_empty(), "{id}: no page");
        for n in 1..=17 {
            let label = format!("{n}. ");
            let count: usize = on
                .iter()
                .map(|p| {
                    p.lines()
                        .filter(|l| l.trim_start().starts_with(&label))
                        .count()
                })
                .sum();
            assert!(count >= 1, "{id}: field {n} is not on the record's pages");
        }
    }
    // The page count is what the layout implies: the summary's pages, then
    // each record on its own page(s), nothing else.
    let summary_pages = pages.len() - record_pages;
    // (XLSX fits the summary on 2 pages, ODS on 4: LibreOffice cannot
    // scale an ODS to the page width, so it keeps its column widths.)
    assert!(
        (1..=5).contains(&summary_pages),
        "{ext}: {summary_pages} summary pages"
    );
    assert!(
        record_pages >= records.len() && record_pages <= records.len() * 3,
        "{ext}: {record_pages} record pages"
    );
}

/// `--lang fr`: every label, heading and derived sentence is French. The
/// words of the English side of the word table that its French side does
/// not use must not appear in the French register (ids and values written
/// in the inventory aside), in Markdown, HTML and CSV.
#[test]
fn the_french_register_has_no_english_left() {
    let inv = crate::common::fixture("fr");
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
            .filter(|w| w.len() > 1)
            .map(|w| w.trim_matches('\'').to_lowercase())
            .collect()
    };
    let mut french: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut english: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (en, fr) in carto::export::lang::entries() {
        english.extend(words(en));
        french.extend(words(fr));
    }
    // What the inventory itself writes: ids (built-in categories are English
    // ids), names, codes.
    let mut inventory_words: std::collections::HashSet<String> = std::collections::HashSet::new();
    for kind in ["", "data", "subjects", "uses"] {
        let mut args = vec!["-i", inv.as_str(), "list"];
        if !kind.is_empty() {
            args.push(kind);
        }
        args.extend(["--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&carto(&args).stdout).expect("json");
        for item in v["items"].as_array().into_iter().flatten() {
            for f in ["id", "name"] {
                inventory_words.extend(words(item[f].as_str().unwrap_or("")));
            }
        }
    }
    // Country codes are the same in every language.
    inventory_words.extend(["fr", "us", "ch"].map(String::from));
    // The values the fixture writes (never its field names, which are English).
    fn values(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| values(x, out)),
            serde_json::Value::Object(m) => m.values().for_each(|x| values(x, out)),
            _ => {}
        }
    }
    for id in ["soins", "chu-exemple", "hebergeur", "dossier"] {
        let v: serde_json::Value =
            serde_json::from_str(&carto(&["-i", &inv, "show", id, "--format", "json"]).stdout)
                .expect("json");
        let mut texts = Vec::new();
        values(&v["fields"], &mut texts);
        for t in texts {
            inventory_words.extend(words(&t));
        }
    }
    let label_words = |all: Vec<String>| -> std::collections::BTreeSet<String> {
        all.into_iter()
            .filter(|w| !french.contains(w) && !inventory_words.contains(w))
            // Words, not codes: letters only (dates, hashes, `12M`,
            // `cnil-health-care` are the same in every language).
            .filter(|w| w.chars().all(|c| c.is_alphabetic() || c == '\''))
            .collect()
    };
    let table_english = label_words(english.iter().cloned().collect());
    assert!(
        table_english.len() > 100,
        "the check has words to look for: {}",
        table_english.len()
    );
    // The text of a rendering, without markup nor style sheet.
    let text_of = |out: &str| -> String {
        let raw = match (out.find("<style>"), out.find("</style>")) {
            (Some(a), Some(b)) => format!("{}{}", &out[..a], &out[b..]),
            _ => out.to_string(),
        };
        let mut text = String::new();
        let mut in_tag = false;
        for c in raw.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    text.push(' ');
                }
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        text
    };
    for format in ["md", "html", "csv"] {
        let r = carto(&["-i", &inv, "register", "--lang", "fr", "--format", format]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        // English label words: the table's, and every word of the English
        // register that is not the inventory's (a string missing from the
        // table shows up there).
        let en = carto(&["-i", &inv, "register", "--lang", "en", "--format", format]);
        let mut leftovers = label_words(words(&text_of(&en.stdout)));
        leftovers.extend(table_english.iter().cloned());
        let body = text_of(&r.stdout);
        let found: Vec<String> = words(&body)
            .into_iter()
            .filter(|w| leftovers.contains(w))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert!(found.is_empty(), "{format}: English left: {found:?}");
        assert!(
            body.contains("Destinataires") && body.contains("Transferts hors de l"),
            "{format}"
        );
    }
    // carto.yaml's `language: fr` is the default; --lang en wins over it.
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::copy(
        format!("{inv}/inventaire.yaml"),
        dir.path().join("inventaire.yaml"),
    )
    .expect("copy");
    std::fs::write(dir.path().join("carto.yaml"), "language: fr\n").expect("write");
    let d = dir.path().display().to_string();
    assert!(
        carto(&["-i", &d, "register"])
            .stdout
            .contains("# Registre des activités de traitement")
    );
    assert!(
        carto(&["-i", &d, "register", "--lang", "en"])
            .stdout
            .contains("# Register of processing activities")
    );
}

/// docs/register.md's French excerpt is what carto prints.
#[test]
fn the_french_excerpt_in_the_docs_is_current() {
    let doc = std::fs::read_to_string(root("docs/register.md")).expect("docs");
    let block = doc
        .split("An excerpt of the French register")
        .nth(1)
        .and_then(|s| s.split("```text\n").nth(1))
        .and_then(|s| s.split("```").next())
        .expect("the excerpt");
    let r = carto(&[
        "-i",
        &root("inventory"),
        "register",
        "--lang",
        "fr",
        "--processing",
        "telemedicine",
    ]);
    assert!(
        r.stdout.contains(block.trim_end()),
        "docs/register.md shows:\n{block}\ncarto prints:\n{}",
        r.stdout
    );
}
