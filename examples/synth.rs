#![allow(clippy::print_stderr, clippy::needless_range_loop)]
//! Generates a realistic synthetic inventory, for benchmarks and scale tests.
//!
//! ```sh
//! cargo run --release --example synth -- --apps 10000 --seed 1 /tmp/inv-10k
//! ```
//!
//! Per application: about 5 flows, 2 people, 10 grants; one processing per 10
//! applications; organizations, sites, zones, servers, nested groups; spread
//! over many files like a real team's tree. The same seed gives the same files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// splitmix64: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const DATA: &[&str] = &[
    "identity",
    "identity.nir",
    "contact",
    "professional",
    "financial",
    "connection",
    "location",
    "health",
    "health.record",
    "health.imaging",
    "health.lab",
    "health.prescription",
];
const PROTOCOLS: &[&str] = &["hl7v2", "fhir", "dicom", "sftp", "https", "api", "mllp"];
const LEVELS: &[&str] = &["read", "read", "read", "write", "write", "admin"];
const TRUST: &[&str] = &["internal", "restricted", "dmz", "admin"];
const CRITICALITY: &[&str] = &["low", "medium", "high", "vital"];
const COUNTRIES: &[&str] = &["FR", "FR", "FR", "DE", "BE", "IE", "US", "CH"];

struct Args {
    apps: usize,
    seed: u64,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut apps = 1000;
    let mut seed = 1;
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--apps" => {
                apps = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--apps takes a number")?
            }
            "--seed" => {
                seed = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--seed takes a number")?
            }
            "-h" | "--help" => return Err(String::new()),
            other if out.is_none() && !other.starts_with('-') => out = Some(PathBuf::from(other)),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok(Args {
        apps: apps.max(10),
        seed,
        out: out.ok_or("missing OUT_DIR")?,
    })
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p)?;
    }
    std::fs::write(path, text)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("synth: {e}");
            }
            eprintln!("usage: synth --apps N --seed S OUT_DIR");
            std::process::exit(2);
        }
    };
    if let Err(e) = generate(&args) {
        eprintln!("synth: {e}");
        std::process::exit(1);
    }
}

fn generate(a: &Args) -> std::io::Result<()> {
    let mut r = Rng(a.seed);
    let n = a.apps;
    let per_file = 100;
    let n_orgs = 20 + n / 100;
    let n_sites = 5 + n / 500;
    let n_zones = 10 + n / 200;
    let n_servers = n / 5;
    let n_people = 2 * n;
    let n_groups = (n / 5).max(8);
    let out = &a.out;

    write(&out.join("carto.yaml"), "version: 1\nself: org-self\n")?;

    let mut s = String::from(
        "organizations:\n  - {id: org-self, kind: self, country: FR, dpo: {name: DPO, email: dpo@example.org}}\n",
    );
    for i in 0..n_orgs {
        let kind = r.pick(&[
            "processor",
            "host",
            "partner",
            "supplier",
            "recipient",
            "entity",
        ]);
        let country = r.pick(COUNTRIES);
        let certs = if r.chance(50) {
            "[hds, iso27001]"
        } else {
            "[]"
        };
        let _ = writeln!(
            s,
            "  - {{id: org-{i}, kind: {kind}, country: {country}, certifications: {certs}, contract: {{ref: C-{i}, signed: 2024-01-01}}}}"
        );
    }
    write(&out.join("organizations.yaml"), &s)?;

    let mut s = String::from("sites:\n");
    for i in 0..n_sites {
        let _ = writeln!(
            s,
            "  - {{id: site-{i}, country: {}, operator: org-self}}",
            if i == 0 { "FR" } else { r.pick(COUNTRIES) }
        );
    }
    s.push_str("zones:\n");
    for i in 0..n_zones {
        let _ = writeln!(
            s,
            "  - {{id: zone-{i}, trust: {}, site: site-{}}}",
            r.pick(TRUST),
            r.below(n_sites)
        );
    }
    s.push_str("servers:\n");
    for i in 0..n_servers {
        let _ = writeln!(
            s,
            "  - {{id: srv-{i}, zone: zone-{}, site: site-{}, os: linux}}",
            r.below(n_zones),
            r.below(n_sites)
        );
    }
    write(&out.join("infrastructure.yaml"), &s)?;

    // Applications; the first ten are gateways; app-10 is a directory and
    // app-11 a backup platform, both tier 0. Ransomware facts (tier, the
    // directory and backup system, targets) come from a second generator so
    // that everything else is the same as before they existed.
    let mut rr = Rng(a.seed ^ 0x005e_ed0f_7e12);
    let mut app_data: Vec<Vec<&str>> = Vec::with_capacity(n);
    for chunk in 0..n.div_ceil(per_file) {
        let mut s = String::from("applications:\n");
        for i in chunk * per_file..((chunk + 1) * per_file).min(n) {
            let k = 1 + r.below(3);
            let mut data: Vec<&str> = (0..k).map(|_| *r.pick(DATA)).collect();
            data.sort_unstable();
            data.dedup();
            let kind = if i < 10 {
                "gateway"
            } else {
                r.pick(&["application", "application", "database", "saas", "device"])
            };
            let hosting = if r.chance(20) {
                format!("\n    hosting: {{provider: org-{}}}", r.below(n_orgs))
            } else {
                String::new()
            };
            let servers = if n_servers > 0 && r.chance(70) {
                format!("\n    servers: [srv-{}]", r.below(n_servers))
            } else {
                String::new()
            };
            let directory = if i != 10 && n > 12 && rr.chance(50) {
                ", directory: app-10"
            } else {
                ""
            };
            let exposed = if rr.chance(1) {
                "\n    internet_facing: true"
            } else {
                ""
            };
            let resilience = if i == 10 || i == 11 {
                "\n    tier: 0\n    rto: 4h\n    backup: {frequency: 1d, offline: true, restore_time: 12h}".to_string()
            } else if n > 12 && rr.chance(50) {
                format!(
                    "\n    rto: {}h\n    rpo: 24h\n    backup: {{frequency: 1d, restore_time: {}h, system: app-11}}",
                    1 + rr.below(24),
                    1 + rr.below(24)
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "  - id: app-{i}\n    name: Application {i}\n    kind: {kind}\n    owner: group-{}\n    zone: zone-{}\n    data: [{}]\n    subjects: [patients]\n    criticality: {}\n    auth: {{sso: true, mfa: {}{directory}}}\n    encrypted_at_rest: {}{hosting}{servers}{exposed}{resilience}",
                r.below(n_groups),
                r.below(n_zones),
                data.join(", "),
                r.pick(CRITICALITY),
                r.chance(60),
                r.chance(80),
            );
            app_data.push(data);
        }
        write(&out.join(format!("applications/part-{chunk:04}.yaml")), &s)?;
    }

    // Flows: about five per application.
    for chunk in 0..n.div_ceil(per_file) {
        let mut s = String::from("flows:\n");
        for i in chunk * per_file..((chunk + 1) * per_file).min(n) {
            for _ in 0..5 {
                let to = if r.chance(5) {
                    format!("org-{}", r.below(n_orgs))
                } else {
                    format!("app-{}", r.below(n))
                };
                let data = r.pick(&app_data[i]);
                let via = if r.chance(30) {
                    format!(", via: [app-{}]", r.below(10))
                } else {
                    String::new()
                };
                let _ = writeln!(
                    s,
                    "  - {{from: app-{i}, to: {to}, data: [{data}], protocol: {}, encrypted: {}{via}}}",
                    r.pick(PROTOCOLS),
                    r.chance(85)
                );
            }
        }
        write(&out.join(format!("flows/part-{chunk:04}.yaml")), &s)?;
    }

    // Groups: a tree (group i inside group (i-1)/4), so nesting is a few levels deep.
    let mut s = String::from("groups:\n");
    for i in 0..n_groups {
        let sub: Vec<String> = (4 * i + 1..=4 * i + 4)
            .filter(|c| *c < n_groups)
            .map(|c| format!("group-{c}"))
            .collect();
        let _ = writeln!(
            s,
            "  - {{id: group-{i}, kind: team, members: [{}]}}",
            sub.join(", ")
        );
    }
    write(&out.join("access/groups.yaml"), &s)?;

    for chunk in 0..n_people.div_ceil(per_file * 2) {
        let mut s = String::from("people:\n");
        for i in chunk * per_file * 2..((chunk + 1) * per_file * 2).min(n_people) {
            let g = n_groups / 2 + r.below(n_groups - n_groups / 2);
            let active = if r.chance(3) { ", active: false" } else { "" };
            let _ = writeln!(
                s,
                "  - {{id: person-{i}, name: Person {i}, groups: [group-{g}]{active}}}"
            );
        }
        write(&out.join(format!("access/people-{chunk:04}.yaml")), &s)?;
    }
    let mut s = String::from("accounts:\n");
    for i in 0..(n / 10).max(1) {
        let kind = r.pick(&["service", "shared", "admin"]);
        let _ = writeln!(
            s,
            "  - {{id: account-{i}, kind: {kind}, owner: person-{}}}",
            r.below(n_people)
        );
    }
    write(&out.join("access/accounts.yaml"), &s)?;

    // Grants: about ten per application.
    for chunk in 0..n.div_ceil(per_file) {
        let mut s = String::from("access:\n");
        for i in chunk * per_file..((chunk + 1) * per_file).min(n) {
            for _ in 0..10 {
                // Mostly teams (the leaves of the group tree), sometimes a department, rarely a person.
                let leaves = n_groups / 4;
                let who = if r.chance(75) {
                    format!("group-{}", n_groups - 1 - r.below(n_groups - leaves))
                } else if r.chance(80) {
                    format!("group-{}", leaves + r.below(n_groups / 2 - leaves / 2))
                } else {
                    format!("person-{}", r.below(n_people))
                };
                let to = if n_servers > 0 && r.chance(5) {
                    format!("srv-{}", r.below(n_servers))
                } else {
                    format!("app-{i}")
                };
                let restrict = if r.chance(20) {
                    format!(", data: [{}]", r.pick(&app_data[i]))
                } else {
                    String::new()
                };
                let _ = writeln!(
                    s,
                    "  - {{who: {who}, to: {to}, level: {}, reviewed: 2026-0{}-01{restrict}}}",
                    r.pick(LEVELS),
                    1 + r.below(9)
                );
            }
        }
        write(&out.join(format!("access/grants-{chunk:04}.yaml")), &s)?;
    }

    let mut s = String::from("processings:\n");
    for p in 0..n / 10 {
        let apps: Vec<String> = (0..3).map(|_| format!("app-{}", r.below(n))).collect();
        let _ = writeln!(
            s,
            "  - id: processing-{p}\n    purpose: Purpose {p}\n    owner: group-{}\n    uses: [care]\n    legal_basis: public-task\n    special_condition: h\n    subjects: [patients]\n    applications: [{}]\n    retention: [{{data: health, period: 20y}}]",
            r.below(n_groups),
            apps.join(", ")
        );
    }
    write(&out.join("processings.yaml"), &s)?;
    Ok(())
}
