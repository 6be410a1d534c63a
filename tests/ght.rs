//! Hospital groups (GHT): establishments declared or given by folder, and
//! the findings per establishment.

use crate::common::{carto_in, inventory, load_err};

const GROUP: &str = "organizations:\n  - {id: ght-support, kind: self, country: FR, name: CHU support}\n  - {id: ch-a, kind: entity, country: FR}\n  - {id: ch-b, kind: entity, country: FR}\n  - {id: editeur, kind: supplier, country: FR}\n";

#[test]
fn establishments_by_field_and_by_folder() {
    let dir = inventory(&[
        ("carto.yaml", "self: ght-support\n"),
        ("orgs.yaml", GROUP),
        // Shared: at the root.
        (
            "shared.yaml",
            "applications:\n  - {id: dpi, owner: ght-support}\n",
        ),
        // By folder.
        (
            "establishments/ch-a/apps.yaml",
            "applications:\n  - {id: lab-a, owner: ch-a}\n",
        ),
        // By field, outside any folder.
        (
            "b.yaml",
            "applications:\n  - {id: lab-b, owner: ch-b, establishment: ch-b}\n",
        ),
    ]);
    let l = crate::common::load(dir.path());
    let inv = &l.inventory;
    let est = |id: &str| {
        let t = inv.lookup(id)[0];
        inv.common(t)
            .establishment
            .as_ref()
            .map(|e| e.id.to_string())
    };
    assert_eq!(est("lab-a").as_deref(), Some("ch-a"));
    assert_eq!(est("lab-b").as_deref(), Some("ch-b"));
    assert_eq!(est("dpi"), None);
    // Findings per establishment: lab-a and lab-b hold nothing and have no
    // zone (same findings each), the shared DPI has its own.
    let r = carto_in(dir.path(), &["check", "--by", "establishment"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout
            .starts_with("establishment        errors  warnings  info\n"),
        "{}",
        r.stdout
    );
    for row in ["ch-a", "ch-b", "(no establishment)"] {
        assert!(
            r.stdout.lines().any(|l| l.starts_with(row)),
            "{row}: {}",
            r.stdout
        );
    }
    let a = carto_in(dir.path(), &["check", "--for", "ch-a", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&a.stdout).expect("json");
    let entities: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["entity"].as_str().unwrap_or(""))
        .collect();
    assert!(!entities.is_empty(), "{}", a.stdout);
    assert!(entities.iter().all(|e| *e == "lab-a"), "{entities:?}");
    let r = carto_in(dir.path(), &["check", "--for", "ch-z"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("ch-a, ch-b"), "{}", r.all());
}

#[test]
fn establishment_errors_are_located() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "establishments/ch-z/x.yaml",
            "applications:\n  - {id: app}\n",
            "the folder `establishments/ch-z/` names no organization",
        ),
        (
            "establishments/ch-a/x.yaml",
            "applications:\n  - {id: app, establishment: ch-b}\n",
            "`establishment: ch-b` contradicts the folder `establishments/ch-a/`",
        ),
        (
            "x.yaml",
            "applications:\n  - {id: app, establishment: editeur}\n",
            "`editeur` is an organization of kind supplier",
        ),
    ];
    for (file, text, want) in cases {
        let dir = inventory(&[("orgs.yaml", GROUP), (file, text)]);
        let errs = load_err(dir.path());
        assert!(
            errs.iter()
                .any(|d| d.message.contains(want) && d.at.is_some()),
            "{want}: {errs:#?}"
        );
    }
}

/// `who --for`: the principals of an establishment; `what --for`: its
/// applications; `maturity --for`: its objects.
#[test]
fn queries_for_one_establishment() {
    let dir = inventory(&[
        ("carto.yaml", "self: ght-support\n"),
        ("orgs.yaml", GROUP),
        (
            "shared.yaml",
            "data:\n  - {id: dossier, parent: health}\napplications:\n  - {id: dpi, owner: ght-support, data: [dossier]}\ngroups:\n  - {id: soignants, members: [nurse-a, nurse-b]}\naccess:\n  - {who: soignants, to: dpi, level: write}\n",
        ),
        (
            "establishments/ch-a/a.yaml",
            "people:\n  - {id: nurse-a, org: ch-a}\napplications:\n  - {id: lab-a, owner: ch-a, data: [dossier]}\naccess:\n  - {who: nurse-a, to: lab-a, level: read}\n",
        ),
        (
            "establishments/ch-b/b.yaml",
            "people:\n  - {id: nurse-b, org: ch-b}\n",
        ),
    ]);
    let who = |extra: &[&str]| {
        let mut args = vec!["who", "dpi", "--kind", "person", "--format", "json"];
        args.extend_from_slice(extra);
        let r = carto_in(dir.path(), &args);
        assert_eq!(r.code, 0, "{}", r.all());
        r.stdout
    };
    let all = who(&[]);
    assert!(all.contains("nurse-a") && all.contains("nurse-b"), "{all}");
    let a = who(&["--for", "ch-a"]);
    assert!(a.contains("nurse-a") && !a.contains("nurse-b"), "{a}");
    let r = carto_in(
        dir.path(),
        &["what", "nurse-a", "--for", "ch-a", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.contains("lab-a") && !r.stdout.contains("\"dpi\""),
        "{}",
        r.stdout
    );
    let r = carto_in(dir.path(), &["who", "dpi", "--for", "editeur"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("establishments: ght-support, ch-a, ch-b"),
        "{}",
        r.all()
    );
    let m = |extra: &[&str]| {
        let mut args = vec!["maturity", "--format", "json"];
        args.extend_from_slice(extra);
        let r = carto_in(dir.path(), &args);
        assert_eq!(r.code, 0, "{}", r.all());
        r.stdout
    };
    assert_ne!(m(&[]), m(&["--for", "ch-b"]));
}

/// A member's processing on a shared application: the support
/// establishment is its processor in the member's register, and the
/// processing appears in the support establishment's Art. 30(2) register.
#[test]
fn the_support_establishment_is_the_members_processor() {
    let dir = inventory(&[
        ("carto.yaml", "self: ght-support\n"),
        ("orgs.yaml", GROUP),
        (
            "shared.yaml",
            "applications:\n  - {id: dpi, owner: ght-support, data: [health]}\n",
        ),
        (
            "establishments/ch-a/a.yaml",
            "processings:\n  - {id: soins-a, name: Soins CH A, purpose: care, legal_basis: public-task, special_condition: h, data: [health], applications: [dpi]}\n  - {id: paie-a, purpose: payroll, legal_basis: legal-obligation, data: [identity], applications: [paie]}\napplications:\n  - {id: paie, owner: ch-a, data: [identity]}\n",
        ),
    ]);
    let reg = |args: &[&str]| {
        let mut all = vec!["register", "--format", "json"];
        all.extend_from_slice(args);
        let r = carto_in(dir.path(), &all);
        assert_eq!(r.code, 0, "{}", r.all());
        r.stdout
    };
    let member = reg(&["--for", "ch-a"]);
    assert!(
        member.contains("soins-a") && member.contains("paie-a"),
        "{member}"
    );
    assert!(
        member.contains("(support establishment: runs dpi for the group)"),
        "{member}"
    );
    // The payroll runs on ch-a's own application: no processor derived.
    let v: serde_json::Value = serde_json::from_str(&member).expect("json");
    let paie = v["processings"]
        .as_array()
        .or_else(|| v["records"].as_array())
        .expect("records")
        .iter()
        .find(|r| r["id"] == "paie-a")
        .expect("paie-a");
    assert_eq!(paie["processors"], serde_json::json!([]), "{paie}");
    let support = reg(&["--processor", "--for", "ght-support"]);
    assert!(support.contains("soins-a"), "{support}");
    assert!(!support.contains("paie-a"), "{support}");
    assert!(
        support.contains("Processor, on behalf of ch-a (the shared applications it runs for it)"),
        "{support}"
    );
    // In French too.
    let fr = reg(&["--for", "ch-a", "--lang", "fr"]);
    assert!(fr.contains("établissement support : exploite dpi"), "{fr}");
}

/// The reference group loads; each member's register names the support
/// establishment as processor for its processings on shared applications.
#[test]
fn the_reference_group() {
    let root = crate::common::root("examples/ght");
    let r = crate::common::carto(&["-i", &root, "check", "--by", "establishment"]);
    assert_eq!(r.code, 0, "{}", r.all());
    for e in ["ch-arnay", "ch-belval", "ch-sorel", "(no establishment)"] {
        assert!(
            r.stdout.lines().any(|l| l.starts_with(e)),
            "{e}: {}",
            r.stdout
        );
    }
    let r = crate::common::carto(&[
        "-i",
        &root,
        "check",
        "--for",
        "ch-belval",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(
        r.stdout.contains("GDPR009") && r.stdout.contains("soins-belval"),
        "{}",
        r.stdout
    );
    for m in ["ch-arnay", "ch-sorel", "ch-belval"] {
        let r = crate::common::carto(&[
            "-i", &root, "register", "--for", m, "--format", "md", "--lang", "en",
        ]);
        assert_eq!(r.code, 0, "{}", r.all());
        assert!(
            r.stdout.contains("(support establishment: runs dpi"),
            "{m}: {}",
            r.stdout
        );
    }
    let r = crate::common::carto(&[
        "-i",
        &root,
        "register",
        "--processor",
        "--for",
        "chu-loire",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    for p in ["soins-arnay", "soins-sorel", "soins-belval"] {
        assert!(r.stdout.contains(p), "{p}: {}", r.stdout);
    }
    assert!(
        !r.stdout.contains("soins-chu"),
        "the support's own processing is not carried out for a member"
    );
}

/// `maturity --by establishment`: each level over all views, per
/// establishment and for the shared objects.
#[test]
fn maturity_per_establishment() {
    let root = crate::common::root("examples/ght");
    let r = crate::common::carto(&["-i", &root, "maturity", "--by", "establishment"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(
        lines[0].starts_with("establishment        level 1"),
        "{}",
        r.stdout
    );
    // The support's objects are the shared ones: nothing of its own.
    let support = lines
        .iter()
        .find(|l| l.starts_with("chu-loire"))
        .expect("chu-loire");
    assert_eq!(
        support.split_whitespace().skip(1).collect::<Vec<_>>(),
        ["-", "-", "-"]
    );
    let arnay = lines
        .iter()
        .find(|l| l.starts_with("ch-arnay"))
        .expect("ch-arnay");
    assert!(arnay.contains('%'), "{arnay}");
    assert!(lines.iter().any(|l| l.starts_with("(no establishment)")));
}
