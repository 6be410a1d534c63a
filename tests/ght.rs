//! Hospital groups (GHT): establishments declared or given by folder, and
//! the findings per establishment.

use crate::common::{carto_in, findings, inventory, load_err};

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

fn rule_on<'a>(
    found: &'a [(String, String, String)],
    rule: &str,
) -> Vec<&'a (String, String, String)> {
    found.iter().filter(|f| f.0 == rule).collect()
}

/// A group where ch-a's staff and ch-b's processing meet on the shared DPI.
fn cross(recipients: &str, contract_a: &str, agreement: &str) -> tempfile::TempDir {
    inventory(&[
        ("carto.yaml", "self: ght-support\n"),
        (
            "orgs.yaml",
            &format!(
                "organizations:\n  - {{id: ght-support, kind: self, country: FR, dpo: {{name: D}}}}\n  - {{id: ch-a, kind: entity, country: FR{contract_a}}}\n  - {{id: ch-b, kind: entity, country: FR, contract: {{ref: CONV-B}}}}\n"
            ),
        ),
        (
            "shared.yaml",
            "applications:\n  - {id: dpi, owner: ght-support, data: [identity, health.record]}\n",
        ),
        (
            "establishments/ch-a/a.yaml",
            &format!(
                "groups:\n  - {{id: soignants-a}}\naccess:\n  - {{who: soignants-a, to: dpi, level: read, reviewed: 2026-11-01}}\napplications:\n  - {{id: lab-a, owner: ch-a, data: [health.lab]}}\nflows:\n  - {{from: lab-a, to: ch-b, data: [health.lab], encrypted: true{agreement}}}\n  - {{from: lab-a, to: soignants-a, data: [health.lab], encrypted: true}}\nprocessings:\n  - {{id: soins-a, purpose: care, legal_basis: public-task, special_condition: h, data: [health], applications: [dpi, lab-a], recipients: [soignants-a]}}\n"
            ),
        ),
        (
            "establishments/ch-b/b.yaml",
            &format!(
                "processings:\n  - {{id: soins-b, purpose: care, legal_basis: public-task, special_condition: h, data: [identity, health.record], applications: [dpi]{recipients}}}\n"
            ),
        ),
    ])
}

#[test]
fn cross_establishment_access_needs_a_declared_basis() {
    // ch-a's care team reads ch-b's patients' records on the shared DPI.
    let dir = cross("", ", contract: {ref: CONV-A}", "");
    let f = findings(dir.path());
    let acc = rule_on(&f, "ACC008");
    assert_eq!(acc.len(), 1, "{f:?}");
    assert_eq!(acc[0].1, "soins-b");
    assert!(
        acc[0].2.contains("`soignants-a` of `ch-a`")
            && acc[0].2.contains("shared application `dpi`")
            && acc[0].2.contains("health.record"),
        "{}",
        acc[0].2
    );
    // GDPR012 does not report the same recipient again.
    assert!(
        !rule_on(&f, "GDPR012")
            .iter()
            .any(|x| x.2.contains("soignants-a")),
        "{f:?}"
    );
    // Near miss: ch-b names ch-a among its recipients.
    let dir = cross(", recipients: [ch-a]", ", contract: {ref: CONV-A}", "");
    assert!(rule_on(&findings(dir.path()), "ACC008").is_empty());
    // Near miss: the same access in a single-organization inventory is GDPR012's.
    let single = inventory(&[(
        "i.yaml",
        "organizations:\n  - {id: me, kind: self, country: FR}\napplications:\n  - {id: dpi, data: [health.record]}\ngroups:\n  - {id: soignants}\naccess:\n  - {who: soignants, to: dpi, level: read}\nprocessings:\n  - {id: soins, purpose: care, legal_basis: public-task, special_condition: h, applications: [dpi]}\n",
    )]);
    let f = findings(single.path());
    assert!(rule_on(&f, "ACC008").is_empty(), "{f:?}");
    assert_eq!(rule_on(&f, "GDPR012").len(), 1, "{f:?}");
}

#[test]
fn each_member_needs_a_contract_with_the_support_establishment() {
    // ch-a has no contract: GDPR008 at ch-a; ch-b has one.
    let dir = cross(", recipients: [ch-a]", "", "");
    let f = findings(dir.path());
    let g = rule_on(&f, "GDPR008");
    assert_eq!(g.len(), 1, "{f:?}");
    assert_eq!(g[0].1, "ch-a");
    assert!(
        g[0].2.contains(
            "`ght-support` carries out `ch-a`'s processings on shared applications (dpi)"
        ),
        "{}",
        g[0].2
    );
    // Expired: reported with its reference.
    let dir = cross(
        ", recipients: [ch-a]",
        ", contract: {ref: CONV-A, expires: 2020-01-01}",
        "",
    );
    let f = findings(dir.path());
    let g = rule_on(&f, "GDPR008");
    assert_eq!(g.len(), 1, "{f:?}");
    assert!(
        g[0].2.contains("(CONV-A) expired on 2020-01-01"),
        "{}",
        g[0].2
    );
    // Near miss: a current contract; and the register names it.
    let dir = cross(", recipients: [ch-a]", ", contract: {ref: CONV-A}", "");
    assert!(rule_on(&findings(dir.path()), "GDPR008").is_empty());
    let r = carto_in(dir.path(), &["register", "--for", "ch-b", "--format", "md"]);
    assert!(
        r.stdout
            .contains("(support establishment: runs dpi for the group), contract CONV-B"),
        "{}",
        r.stdout
    );
}

#[test]
fn flows_between_establishments_name_their_agreement() {
    let dir = cross(", recipients: [ch-a]", ", contract: {ref: CONV-A}", "");
    let f = findings(dir.path());
    let g = rule_on(&f, "GDPR013");
    // lab-a -> ch-b crosses establishments; lab-a -> soignants-a does not.
    assert_eq!(g.len(), 1, "{f:?}");
    assert_eq!(g[0].1, "lab-a->ch-b");
    assert!(
        g[0].2.contains("carries health.lab from `ch-a` to `ch-b`"),
        "{}",
        g[0].2
    );
    // Near miss: the agreement is named.
    let dir = cross(
        ", recipients: [ch-a]",
        ", contract: {ref: CONV-A}",
        ", agreement: CONV-GHT-7",
    );
    assert!(rule_on(&findings(dir.path()), "GDPR013").is_empty());
}

#[test]
fn shared_applications_users_and_accounts_across_establishments() {
    let root = crate::common::root("examples/ght");
    let r = crate::common::carto(&["-i", &root, "show", "dpi"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.ends_with("shared application, used by:\n  ch-arnay  (declared in used_by)\n  ch-sorel  (declared in used_by)\n  ch-belval  (declared in used_by)\n"),
        "{}",
        r.stdout
    );
    let r = crate::common::carto(&["-i", &root, "show", "pacs", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(
        v["used_by"],
        serde_json::json!([{"establishment": "ch-sorel", "from": "processing"}]),
        "{}",
        r.stdout
    );
    let r = crate::common::carto(&["-i", &root, "what", "medecin-sorel"]);
    assert!(
        r.stdout.ends_with(
            "accounts owned by medecin-sorel (of ch-sorel):\n  medecin-sorel-belval (ch-belval)\n"
        ),
        "{}",
        r.stdout
    );
    let r = crate::common::carto(&["-i", &root, "what", "medecin-sorel", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(
        v["accounts"],
        serde_json::json!([{"account": "medecin-sorel-belval", "establishment": "ch-belval"}])
    );
    // Outside a group, `what` prints no such section.
    let r = crate::common::carto(&[
        "-i",
        &crate::common::root("inventory"),
        "what",
        "it-fournier",
    ]);
    assert!(!r.stdout.contains("accounts owned"), "{}", r.stdout);
}

/// The site of a group: an establishments table on the home page, and on
/// each establishment's page what belongs to it.
#[test]
fn the_site_has_a_section_per_establishment() {
    let out = tempfile::tempdir().expect("tmp");
    let o = out.path().display().to_string();
    let r = crate::common::carto(&[
        "-i",
        &crate::common::root("examples/ght"),
        "site",
        "-o",
        &o,
        "--no-diagrams",
        "--lang",
        "en",
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    let home = std::fs::read_to_string(out.path().join("index.html")).expect("home");
    assert!(
        home.contains("<h2 id=\"establishments\">Establishments</h2>"),
        "{home}"
    );
    // ch-belval: no application, one processing, one person; GDPR008 and
    // GDPR009 (errors), ACC003 (warning).
    assert!(
        home.contains(">ch-belval</a></td><td>0</td><td>1</td><td>1</td><td>2</td><td>1</td></tr>"),
        "{home}"
    );
    let page = std::fs::read_dir(out.path().join("e"))
        .expect("pages")
        .flatten()
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("organization-ch-arnay-")
        })
        .expect("ch-arnay's page");
    let text = std::fs::read_to_string(page.path()).expect("page");
    assert!(text.contains("<h2 id=\"members\">Belongs to this establishment</h2>"));
    assert!(text.contains(">lis-arnay</a></dd>"), "{text}");
    // Outside a group there is no such section.
    let single = tempfile::tempdir().expect("tmp");
    let s = single.path().display().to_string();
    let r = crate::common::carto(&[
        "-i",
        &crate::common::root("examples/minimal"),
        "site",
        "-o",
        &s,
        "--no-diagrams",
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    let home = std::fs::read_to_string(single.path().join("index.html")).expect("home");
    assert!(!home.contains("id=\"establishments\""));
}

/// Usage of a shared application derived from a grant and from a flow,
/// beside the declared one; `used_by` naming an outside organization is a
/// load error at its position.
#[test]
fn usage_is_derived_from_grants_and_flows() {
    let dir = inventory(&[
        ("carto.yaml", "self: ght-support\n"),
        ("orgs.yaml", GROUP),
        (
            "shared.yaml",
            "applications:\n  - {id: pacs, owner: ght-support, used_by: [ch-b]}\n",
        ),
        (
            "establishments/ch-a/a.yaml",
            "groups:\n  - {id: radio-a}\naccess:\n  - {who: radio-a, to: pacs, level: read}\n",
        ),
        (
            "establishments/ght-support/s.yaml",
            "applications:\n  - {id: modal-s, owner: ght-support}\nflows:\n  - {from: modal-s, to: pacs, data: []}\n",
        ),
    ]);
    let r = carto_in(dir.path(), &["show", "pacs", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(
        v["used_by"],
        serde_json::json!([
            {"establishment": "ght-support", "from": "flow"},
            {"establishment": "ch-a", "from": "grant"},
            {"establishment": "ch-b", "from": "used_by"}
        ]),
        "{}",
        r.stdout
    );
    let bad = inventory(&[
        ("carto.yaml", "self: ght-support\n"),
        ("orgs.yaml", GROUP),
        (
            "shared.yaml",
            "applications:\n  - {id: pacs, used_by: [editeur]}\n",
        ),
    ]);
    let errs = load_err(bad.path());
    assert!(
        errs.iter().any(|d| d.rule == "INV005"
            && d.message.contains("`used_by` names `editeur`")
            && d.at.is_some_and(|at| at.line == 2 && at.col == 26)),
        "{errs:?}"
    );
}
