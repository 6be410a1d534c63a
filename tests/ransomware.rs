//! Ransomware readiness: tier 0 (declared and derived), attack paths, the
//! backup and continuity rules, the crisis pack (rendered by Chromium).

use crate::common::{carto, carto_in, inventory, root};

/// A small hospital: a directory (tier 0) on its own server, a bastion in
/// the admin zone, an admin group, a vendor with an account; `extra` is
/// appended to the grants.
fn small(extra: &str) -> tempfile::TempDir {
    inventory(&[(
        "i.yaml",
        &format!(
            "organizations:\n  - {{id: me, kind: self, country: FR}}\n  - {{id: vendor, kind: supplier, country: FR, support: {{name: Desk, phone: '+33 1'}}}}\nzones:\n  - {{id: z-admin, trust: admin}}\n  - {{id: z-lan, trust: internal}}\nservers:\n  - {{id: srv-ad, zone: z-admin}}\n  - {{id: srv-app, zone: z-lan}}\napplications:\n  - {{id: ad, tier: 0, servers: [srv-ad], zone: z-admin}}\n  - {{id: bastion, kind: gateway, zone: z-admin, auth: {{mfa: true}}}}\n  - {{id: app, servers: [srv-app], zone: z-lan, auth: {{directory: ad}}}}\npeople:\n  - {{id: alice}}\n  - {{id: ext-bob, org: vendor}}\ngroups:\n  - {{id: admins, members: [adm-alice]}}\naccounts:\n  - {{id: adm-alice, kind: admin, owner: alice}}\n  - {{id: vnd-bob, kind: service, owner: ext-bob}}\naccess:\n  - {{who: admins, to: ad, level: admin, via: bastion, mfa: true}}\n  - {{who: alice, to: app, level: read}}\n{extra}"
        ),
    )])
}

/// The (entity, message) of one rule's findings.
fn rules_found(dir: &std::path::Path, rule: &str) -> Vec<(String, String)> {
    crate::common::findings(dir)
        .into_iter()
        .filter(|f| f.0 == rule)
        .map(|(_, e, m)| (e, m))
        .collect()
}

#[test]
fn tier0_is_declared_and_derived() {
    let dir = small("");
    let r = carto_in(dir.path(), &["tier0", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let members: Vec<(String, String)> = v["tier0"]
        .as_array()
        .expect("tier0")
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap_or("").to_string(),
                m["why"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let why = |id: &str| {
        members
            .iter()
            .find(|(m, _)| m == id)
            .map(|(_, w)| w.as_str())
    };
    assert_eq!(why("ad"), Some("declared `tier: 0`"), "{members:?}");
    // Its server, the group that administers it, the group's member, the
    // member's owner, the bastion its admin sessions go through.
    assert_eq!(why("srv-ad"), Some("hosts ad"));
    assert_eq!(why("admins"), Some("admin of ad"));
    assert_eq!(why("adm-alice"), Some("member of admins"));
    assert_eq!(why("alice"), Some("owns adm-alice"));
    assert_eq!(why("bastion"), Some("rides the admin sessions of ad"));
    // Near misses: an application the directory authenticates is controlled
    // by it, not the reverse; a read grant gives no control; the vendor
    // has no way in.
    for out in ["app", "srv-app", "ext-bob", "vnd-bob", "vendor"] {
        assert_eq!(why(out), None, "{out}: {members:?}");
    }
    // Each reason carries its file:line; --explain prints the chain.
    assert!(
        v["tier0"][1]["at"]
            .as_str()
            .unwrap_or("")
            .starts_with("i.yaml:"),
        "{}",
        r.stdout
    );
    let r = carto_in(dir.path(), &["tier0", "--explain"]);
    assert!(
        r.stdout.contains("person alice: owns adm-alice  (i.yaml:")
            && r.stdout
                .contains("    adm-alice member of admins  (i.yaml:")
            && r.stdout.contains("    admins admin of ad  (i.yaml:"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_vendor_path_to_tier0_without_mfa() {
    // The vendor's account administers the directory's server remotely.
    let dir = small("  - {who: vnd-bob, to: srv-ad, level: admin, remote: true}\n");
    let r = carto_in(dir.path(), &["paths", "--to", "tier0", "--from", "vendors"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.starts_with(
            "vendor -> srv-ad  [a login without MFA]\n    vendor employs ext-bob  (i.yaml:"
        ) && r.stdout.contains("    ext-bob owns vnd-bob  (i.yaml:")
            && r.stdout
                .contains("    vnd-bob admin of srv-ad (no MFA)  (i.yaml:"),
        "{}",
        r.stdout
    );
    let sec012 = rules_found(dir.path(), "SEC012");
    assert_eq!(sec012.len(), 1, "{sec012:?}");
    assert_eq!(sec012[0].0, "vnd-bob->srv-ad");
    assert!(
        sec012[0]
            .1
            .contains("path from vendor to the tier-0 asset `srv-ad` (3 steps)"),
        "{}",
        sec012[0].1
    );
    // SEC014: remote, no bastion.
    let sec014 = rules_found(dir.path(), "SEC014");
    assert_eq!(sec014.len(), 1, "{sec014:?}");
    // Near miss: the same path through the bastion with MFA.
    let dir = small("  - {who: vnd-bob, to: srv-ad, level: admin, via: bastion, mfa: true}\n");
    assert!(rules_found(dir.path(), "SEC012").is_empty());
    assert!(rules_found(dir.path(), "SEC014").is_empty());
    let r = carto_in(
        dir.path(),
        &["paths", "--from", "vendors", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["paths"][0]["mfa_on_every_login"], true, "{}", r.stdout);
    // From the internet: nothing is exposed.
    let r = carto_in(dir.path(), &["paths", "--from", "internet"]);
    assert_eq!(r.stdout, "no path\n0 paths\n", "{}", r.all());
    // A bad --from is a usage error.
    let r = carto_in(dir.path(), &["paths", "--from", "health"]);
    assert_eq!(r.code, 2, "{}", r.all());
}

#[test]
fn tier_mixing_is_reported() {
    // adm-alice administers the directory and also the application server.
    let dir = small("  - {who: adm-alice, to: srv-app, level: admin, via: bastion, mfa: true}\n");
    let f = rules_found(dir.path(), "SEC013");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "adm-alice");
    assert!(
        f[0].1
            .contains("administers tier-0 ad and also reaches srv-app outside tier 0"),
        "{}",
        f[0].1
    );
    // Near miss: alice's own account reaches the app, her admin account only tier 0.
    assert!(rules_found(small("").path(), "SEC013").is_empty());
}

/// Applications with backups and targets; `dpi` authenticates against `ad`.
fn backups(ad: &str, dpi: &str, backup: &str) -> tempfile::TempDir {
    inventory(&[(
        "i.yaml",
        &format!(
            "organizations:\n  - {{id: me, kind: self, country: FR}}\napplications:\n  - {{id: ad, rto: 2h{ad}}}\n  - {{id: vault{backup}}}\n  - {{id: dpi, rto: 4h, rpo: 1h, auth: {{directory: ad}}{dpi}}}\nprocessings:\n  - {{id: care, applications: [dpi], rto: 2h}}\n"
        ),
    )])
}

#[test]
fn backups_and_recovery_targets() {
    // SEC016: daily backups for a 1h RPO; a 24h restore for a 2h RTO.
    let dir = backups(
        ", backup: {restore_time: 24h}",
        ", backup: {frequency: 1d, system: vault}",
        ", auth: {directory: ad}",
    );
    let f = rules_found(dir.path(), "SEC016");
    assert_eq!(f.len(), 2, "{f:?}");
    assert!(
        f.iter()
            .any(|(e, m)| e == "dpi" && m.contains("backups every 1d cannot meet its RPO of 1h"))
    );
    assert!(
        f.iter()
            .any(|(e, m)| e == "ad" && m.contains("its restore takes 24h, over its RTO of 2h"))
    );
    // SEC015: the backup system authenticates against the DPI's directory.
    let f = rules_found(dir.path(), "SEC015");
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].1
            .contains("it authenticates against `ad`, the directory of what it protects (dpi)"),
        "{}",
        f[0].1
    );
    // SEC017: the DPI (4h) waits for the directory (24h); the care
    // processing (2h) through it.
    let f = rules_found(dir.path(), "SEC017");
    assert!(
        f.iter().any(|(e, m)| e == "dpi"
            && m == "`dpi` has an RTO of 4h, but it depends on `ad` (authenticates its users), whose backup restore time is 24h"),
        "{f:?}"
    );
    assert!(
        f.iter()
            .any(|(e, m)| e == "care" && m.contains("through its application `dpi`")),
        "{f:?}"
    );
    // Near misses: hourly backups, a 1h restore, a separate directory for the vault.
    let dir = backups(
        ", backup: {restore_time: 1h}",
        ", backup: {frequency: 1h, system: vault}",
        ", auth: {directory: adm-forest}\n  - {id: adm-forest}",
    );
    for rule in ["SEC015", "SEC016", "SEC017"] {
        assert!(rules_found(dir.path(), rule).is_empty(), "{rule}");
    }
    // continuity shows the break, and the restore order puts the directory
    // and the vault before the DPI.
    let dir = backups(
        ", backup: {restore_time: 24h}",
        ", backup: {system: vault}",
        "",
    );
    let r = carto_in(dir.path(), &["continuity", "dpi", "--format", "csv"]);
    assert_eq!(
        r.stdout,
        "id,kind,rto,rpo,status\ndpi,application,4h,1h,\"depends on `ad` (authenticates its users), whose backup restore time is 24h\"\n",
        "{}",
        r.all()
    );
    let r = carto_in(
        dir.path(),
        &["continuity", "--order", "dpi", "--format", "csv"],
    );
    let order: Vec<&str> = r
        .stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1))
        .collect();
    assert_eq!(order.len(), 3, "{}", r.stdout);
    assert_eq!(order[2], "dpi", "its dependencies first: {}", r.stdout);
}

/// The restore order: dependencies first, then the most urgent of what is
/// ready (an application without an RTO that a 1h application waits for
/// comes before a 48h chain declared earlier), groups of applications that
/// depend on each other together.
#[test]
fn the_restore_order_follows_urgency() {
    let dir = inventory(&[(
        "i.yaml",
        "organizations:\n  - {id: me, kind: self, country: FR}\napplications:\n  - {id: slow, criticality: high, rto: 48h}\n  - {id: feeds-slow}\n  - {id: urgent, criticality: vital, rto: 1h}\n  - {id: feeds-urgent}\n  - {id: ring-a, criticality: high, rto: 8h}\n  - {id: ring-b, rto: 4h}\nflows:\n  - {from: feeds-slow, to: slow, data: []}\n  - {from: feeds-urgent, to: urgent, data: []}\n  - {from: ring-a, to: ring-b, data: []}\n  - {from: ring-b, to: ring-a, data: []}\n",
    )]);
    let r = carto_in(dir.path(), &["continuity", "--order", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let order: Vec<&str> = r
        .stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1))
        .collect();
    assert_eq!(
        order,
        [
            "feeds-urgent",
            "urgent",
            "ring-b",
            "ring-a",
            "feeds-slow",
            "slow"
        ],
        "{}",
        r.stdout
    );
}

#[test]
fn the_reference_inventory_has_the_planted_vendor_path() {
    let inv = root("inventory");
    let r = carto(&[
        "-i", &inv, "paths", "--to", "tier0", "--from", "vendors", "--format", "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let path = v["paths"]
        .as_array()
        .expect("paths")
        .iter()
        .find(|p| p["from"] == "backupsoft")
        .expect("the backupsoft path");
    assert_eq!(path["to"], "srv-backup");
    assert_eq!(path["mfa_on_every_login"], false);
    let steps: Vec<String> = path["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| {
            format!(
                "{} {} {} {}",
                s["from"].as_str().unwrap_or(""),
                s["fact"].as_str().unwrap_or(""),
                s["to"].as_str().unwrap_or(""),
                s["at"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            "backupsoft employs ext-durand access/people.yaml:46",
            "ext-durand owns vnd-backupsoft access/accounts.yaml:24",
            "vnd-backupsoft member of backup-operators access/accounts.yaml:24",
            "backup-operators admin of srv-backup access/grants.yaml:53",
        ]
    );
}

#[test]
fn continuity_lists_the_chain_down_to_servers_and_hosting() {
    let r = carto(&[
        "-i",
        &root("inventory"),
        "continuity",
        "dpi",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(
        v["servers"],
        serde_json::json!(["srv-dpi-app", "srv-dpi-db"])
    );
    assert_eq!(v["hosting"], "self");
    let deps = v["dependencies"].as_array().expect("dependencies");
    // Nearest first: the directory, then the backup platform.
    assert_eq!(deps[0]["application"], "directory");
    assert_eq!(deps[0]["because"], "authenticates its users");
    assert_eq!(deps[0]["recovery"], "24h");
    assert_eq!(deps[0]["servers"], serde_json::json!(["srv-ad"]));
    assert_eq!(deps[1]["application"], "backup");
    // Transitive: the HR system feeds the directory.
    assert!(
        deps.iter()
            .any(|d| d["application"] == "hr" && d["needed_by"] == "directory"),
        "{}",
        r.stdout
    );
    // A dependency hosted elsewhere says by whom.
    assert!(
        deps.iter()
            .any(|d| d["application"] == "telecons" && d["hosting"] == "televisio")
    );
}

#[test]
fn the_crisis_pack_prints_on_a4() {
    let dir = tempfile::tempdir().expect("tmp");
    let pack = dir.path().join("pack.html");
    let p = pack.display().to_string();
    let r = carto(&["-i", &root("inventory"), "-o", &p, "crisis"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let html = std::fs::read_to_string(&pack).expect("pack");
    // Self-contained: no script, no external resource.
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("href="));
    // One section per vital application, each starting a page.
    let vital = [
        "gam",
        "emergency",
        "anesthesia",
        "dpi",
        "monitors",
        "eai",
        "directory",
        "backup",
    ];
    assert_eq!(
        html.matches("<section class=\"app\">").count(),
        vital.len(),
        "{html}"
    );
    for id in vital {
        assert!(html.contains(&format!("({id})</h2>")), "{id}");
    }
    assert!(html.contains("@page{size:A4"));
    for expected in [
        "BackupSoft support · +33 1 70 00 00 20",
        "PRO-DPI-002 (paper records, read-only replica)",
        "break-glass-dpi",
        "backupsoft employs ext-durand",
        "depends on `directory` (authenticates its users), whose backup restore time is 24h",
    ] {
        assert!(html.contains(expected), "{expected}");
    }
    let Some(browser) = crate::site::chromium() else {
        eprintln!("notice: chromium is not installed; the crisis pack is not printed");
        return;
    };
    let pdf = dir.path().join("pack.pdf");
    let out = crate::site::headless(browser)
        .args([
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{p}"),
        ])
        .output()
        .expect("chromium runs");
    assert!(pdf.exists(), "{}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(&pdf).expect("pdf");
    let text = String::from_utf8_lossy(&bytes);
    // A4 pages (595 x 842 points), at least one per vital application after the cover.
    let pages = text.matches("/Type /Page\n").count()
        + text.matches("/Type /Page/").count()
        + text.matches("/Type /Page>").count();
    assert!(
        text.contains("/MediaBox [0 0 594.95996 841.91998]") || text.contains("/MediaBox [0 0 595"),
        "not A4"
    );
    assert!(pages > vital.len(), "{pages} pages");
}

#[test]
fn hostile_names_stay_text_in_the_pack() {
    let dir = inventory(&[(
        "i.yaml",
        "organizations:\n  - {id: me, kind: self, country: FR, name: \"<script>alert(1)</script>\"}\napplications:\n  - {id: dpi, name: \"<img src=x onerror=alert(1)>\", criticality: vital, degraded_mode: \"<b>paper</b>\"}\n",
    )]);
    let out = dir.path().join("p.html");
    let r = carto_in(dir.path(), &["-o", &out.display().to_string(), "crisis"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let html = std::fs::read_to_string(&out).expect("pack");
    assert!(!html.contains("<script>") && !html.contains("<img") && !html.contains("<b>paper"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
}

#[test]
fn bad_input_is_a_clear_error() {
    // A tier outside 0-2, or not a number, is a load error at its position.
    let dir = inventory(&[(
        "i.yaml",
        "organizations:\n  - {id: me, kind: self, country: FR}\napplications:\n  - {id: ad, tier: 3}\nservers:\n  - {id: s, tier: zero}\n",
    )]);
    let r = carto_in(dir.path(), &["tier0"]);
    assert_eq!(r.code, 3, "{}", r.all());
    assert!(
        r.stderr.contains("i.yaml:4:") && r.stderr.contains("0, 1 or 2"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("i.yaml:6:"), "{}", r.stderr);
    // Wrong kinds and unknown ids on the command line are usage errors.
    let dir = small("");
    for args in [
        &["paths", "--to", "admins"][..],
        &["paths", "--from", "nobody-here"],
        &["continuity", "alice"],
        &["crisis", "--min-criticality", "extreme"],
    ] {
        let r = carto_in(dir.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.all());
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
    // A directory that authenticates itself, a backup system that backs up
    // itself, and flows in a circle: answers, no hang.
    let dir = inventory(&[(
        "i.yaml",
        "organizations:\n  - {id: me, kind: self, country: FR}\napplications:\n  - {id: a, tier: 0, rto: 1h, auth: {directory: a}, backup: {system: a, restore_time: 2h}}\n  - {id: b, rto: 1h}\nflows:\n  - {from: a, to: b, data: []}\n  - {from: b, to: a, data: []}\n",
    )]);
    for args in [
        &["tier0"][..],
        &["paths"],
        &["continuity"],
        &["continuity", "--order"],
        &["check"],
    ] {
        let r = carto_in(dir.path(), args);
        assert!(r.code == 0 || r.code == 1, "{args:?}: {}", r.all());
    }
    let r = carto_in(dir.path(), &["continuity", "b", "--format", "csv"]);
    assert!(
        r.stdout
            .contains("depends on `a` (sends it data), whose backup restore time is 2h"),
        "{}",
        r.stdout
    );
}

#[test]
fn the_crisis_pack_speaks_french() {
    let dir = tempfile::tempdir().expect("tmp");
    let pack = dir.path().join("pack.html");
    let r = carto(&[
        "-i",
        &root("inventory"),
        "-o",
        &pack.display().to_string(),
        "crisis",
        "--lang",
        "fr",
    ]);
    assert_eq!(r.code, 0, "{}", r.all());
    let html = std::fs::read_to_string(&pack).expect("pack");
    for expected in [
        "<html lang=\"fr\">",
        "<h2>Qui appeler</h2>",
        "<h2>Ordre de restauration</h2>",
        "Accès d'administration et d'urgence",
        "dépend de `directory` (authentifie ses utilisateurs), dont la durée de restauration est de 24h",
        "backupsoft emploie ext-durand",
        "vitale, DMIA 4h, PDMA 1h",
    ] {
        assert!(html.contains(expected), "{expected}");
    }
    for english in ["Who to call", "Restore order", "Depends on", "no MFA"] {
        assert!(!html.contains(english), "{english} left in English");
    }
}

#[test]
fn paths_to_one_asset_and_a_wider_pack() {
    // --to an application or server instead of tier 0.
    let dir = small("  - {who: vnd-bob, to: srv-app, level: admin}\n");
    let r = carto_in(
        dir.path(),
        &[
            "paths", "--to", "srv-app", "--from", "vendors", "--format", "csv",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.stdout.starts_with("from,to,mfa_on_every_login,step,who,fact,what,at\nvendor,srv-app,false,1,vendor,employs,ext-bob,i.yaml:"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(",3,vnd-bob,admin of,srv-app,i.yaml:"),
        "{}",
        r.stdout
    );
    // --min-criticality high gives the high applications a page too.
    let out = tempfile::tempdir().expect("tmp");
    let page = |min: &str| {
        let p = out.path().join(format!("{min}.html"));
        let r = carto(&[
            "-i",
            &root("inventory"),
            "-o",
            &p.display().to_string(),
            "crisis",
            "--min-criticality",
            min,
        ]);
        assert_eq!(r.code, 0, "{}", r.all());
        std::fs::read_to_string(p)
            .expect("pack")
            .matches("<section class=\"app\">")
            .count()
    };
    let (vital, high) = (page("vital"), page("high"));
    assert_eq!(vital, 8);
    assert!(high > vital + 10, "{high}");
}

/// A chain of 20,000 applications, each fed by the one after it (so that a
/// search from the first goes down the whole chain): the
/// dependency components and the restore order are computed without
/// recursion (a recursive search overflowed the stack on a chain this long).
#[test]
fn a_long_dependency_chain_does_not_overflow() {
    let n = 20_000;
    let mut yaml = String::from(
        "organizations:\n  - {id: chu, kind: self, country: FR, dpo: {name: DPO}}\napplications:\n",
    );
    for i in 0..n {
        yaml.push_str(&format!("  - {{id: a{i}, rto: 4h}}\n"));
    }
    yaml.push_str("flows:\n");
    for i in 1..n {
        yaml.push_str(&format!("  - {{from: a{i}, to: a{}, data: []}}\n", i - 1));
    }
    let dir = inventory(&[("chain.yaml", &yaml)]);
    let d = dir.path().display().to_string();
    let last = format!("a{}", n - 1);
    let r = carto(&["-i", &d, "continuity", "a0", "--format", "json"]);
    // (The chain, down to its last application.)
    assert_eq!(r.code, 0, "{}", r.all());
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert!(
        r.stdout.contains(&format!("\"{last}\"")),
        "{}",
        &r.stdout[..r.stdout.len().min(400)]
    );
    assert!(v.is_object() || v.is_array());
    let order = carto(&["-i", &d, "continuity", "a0", "--order", "--format", "csv"]);
    assert_eq!(order.code, 0, "{}", order.all());
    // Dependencies first: the last one, ..., a1, then a0.
    let pos = |id: &str| {
        order
            .stdout
            .lines()
            .position(|l| l.split(',').any(|c| c == id))
            .unwrap_or(usize::MAX)
    };
    assert!(pos(&last) < pos("a1"), "{}", order.all());
    assert!(
        pos("a1") < pos("a0") && pos("a0") < usize::MAX,
        "{}",
        order.all()
    );
    // The rules run on threads of their own, with smaller stacks than the
    // main thread's: made smaller still, a recursion on the chain overflows.
    let check = assert_cmd::Command::cargo_bin("carto")
        .expect("binary built")
        .args(["-i", &d, "-q", "check", "--format", "json"])
        .env("RUST_MIN_STACK", "262144")
        .env("CARTO_TODAY", "2026-11-22")
        .output()
        .expect("runs");
    assert!(
        matches!(check.status.code(), Some(0 | 1)),
        "{:?} {}",
        check.status,
        String::from_utf8_lossy(&check.stderr)
    );
}
