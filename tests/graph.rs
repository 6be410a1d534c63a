//! Every derivation of section 4 of the format on small hand-made
//! inventories, and the monotonicity properties of `who`.

use crate::common::{SELF, inventory, load};
use carto::graph::{AccessRow, Filter, Graph};
use carto::model::{Inventory, Target};
use proptest::prelude::*;

fn inv(yaml: &str) -> Inventory {
    let dir = inventory(&[("x.yaml", &format!("{SELF}{yaml}"))]);
    load(dir.path()).inventory
}

fn target(inv: &Inventory, id: &str) -> Target {
    let found = inv.lookup(id);
    assert_eq!(found.len(), 1, "{id}: {found:?}");
    found[0]
}

/// `principal app level [data] flags` per row, for compact assertions.
fn show(inv: &Inventory, rows: &[AccessRow]) -> Vec<String> {
    rows.iter()
        .map(|r| {
            let data: Vec<&str> = r.data.iter().map(|d| &*inv[*d].common.id).collect();
            let app = r.application.map_or("-", |a| &*inv[a].common.id);
            let mut s = format!(
                "{} {app} {} [{}]",
                inv.id(r.principal),
                r.level,
                data.join(",")
            );
            if !r.flags.is_empty() {
                s.push_str(&format!(" {}", r.flags.join(",")));
            }
            s
        })
        .collect()
}

fn who(inv: &Inventory, id: &str) -> Vec<String> {
    let g = Graph::build(inv);
    show(inv, &g.who(target(inv, id), &Filter::default()))
}

fn path_facts(row: &AccessRow) -> Vec<String> {
    row.path
        .iter()
        .skip(1)
        .map(|s| s.fact.to_string())
        .collect()
}

#[test]
fn person_reaches_data_only_through_three_nested_groups() {
    let inv = inv(
        "applications:\n  - {id: lab, data: [health.lab]}\npeople:\n  - {id: alice, groups: [g1]}\ngroups:\n  - {id: g1}\n  - {id: g2, members: [g1]}\n  - {id: g3, members: [g2]}\naccess:\n  - {who: g3, to: lab, level: read}\n",
    );
    let g = Graph::build(&inv);
    let rows = g.who(target(&inv, "health"), &Filter::default());
    assert_eq!(
        show(&inv, &rows),
        [
            "alice lab read [health.lab]",
            "g1 lab read [health.lab]",
            "g2 lab read [health.lab]",
            "g3 lab read [health.lab]"
        ]
    );
    assert_eq!(
        path_facts(&rows[0]),
        [
            "member of g1",
            "member of g2",
            "member of g3",
            "grant read on lab"
        ]
    );
    // Each fact is located: the membership of alice is written on her side.
    let at = rows[0].path[1].at.expect("located");
    assert_eq!(inv.sources.file_line(at), "x.yaml:6");
    assert_eq!(&*rows[0].holds[0].fact, "lab holds health.lab");
}

#[test]
fn person_reaches_data_only_through_a_server_admin_grant() {
    let inv = inv(
        "servers:\n  - {id: srv}\napplications:\n  - {id: app, servers: [srv], data: [health.record]}\n  - {id: other, data: [identity]}\npeople:\n  - {id: bob}\naccess:\n  - {who: bob, to: srv, level: admin}\n",
    );
    let g = Graph::build(&inv);
    let rows = g.who(target(&inv, "health.record"), &Filter::default());
    assert_eq!(show(&inv, &rows), ["bob app admin [health.record]"]);
    assert_eq!(
        path_facts(&rows[0]),
        ["grant admin on srv", "srv hosts app"]
    );
    // Admin implies read: a --level read filter keeps it.
    let f = Filter {
        level: Some(carto::model::Level::Read),
        ..Filter::default()
    };
    assert_eq!(g.who(target(&inv, "health"), &f).len(), 1);
    assert_eq!(who(&inv, "identity"), Vec::<String>::new());
}

#[test]
fn person_reaches_data_only_through_a_copy_received_by_a_flow() {
    let inv = inv(
        "applications:\n  - {id: a, data: [health.lab]}\n  - {id: b}\nflows:\n  - {from: a, to: b, data: [health.lab]}\npeople:\n  - {id: carol}\naccess:\n  - {who: carol, to: b, level: read}\n",
    );
    let g = Graph::build(&inv);
    let rows = g.who(target(&inv, "health.lab"), &Filter::default());
    assert_eq!(show(&inv, &rows), ["carol b read [health.lab]"]);
    assert_eq!(
        &*rows[0].holds[0].fact,
        "b receives health.lab from a by flow a->b"
    );
}

#[test]
fn a_grant_restricted_to_other_data_does_not_reach_the_category() {
    let inv = inv(
        "applications:\n  - {id: a, data: [identity, health.lab]}\n  - {id: h, data: [health]}\npeople:\n  - {id: dave}\n  - {id: eve}\naccess:\n  - {who: dave, to: a, level: write, data: [identity]}\n  - {who: eve, to: h, level: read, data: [health.lab]}\n",
    );
    assert_eq!(who(&inv, "health.lab"), ["eve h read [health.lab]"]);
    assert_eq!(who(&inv, "identity"), ["dave a write [identity]"]);
    // A restriction below what the application holds reaches the restriction only.
    assert_eq!(who(&inv, "health"), ["eve h read [health.lab]"]);
    assert_eq!(who(&inv, "health.imaging"), Vec::<String>::new());
}

#[test]
fn holding_a_category_does_not_mean_holding_its_children() {
    let inv = inv(
        "applications:\n  - {id: a, data: [identity]}\npeople:\n  - {id: p}\naccess:\n  - {who: p, to: a, level: read}\n",
    );
    assert_eq!(who(&inv, "identity.nir"), Vec::<String>::new());
    assert_eq!(who(&inv, "identity"), ["p a read [identity]"]);
}

#[test]
fn a_bidirectional_flow_gives_its_data_to_both_ends() {
    let inv = inv(
        "applications:\n  - {id: a}\n  - {id: b, data: [health.record]}\nflows:\n  - {from: a, to: b, data: [health.record], bidirectional: true}\npeople:\n  - {id: erin}\naccess:\n  - {who: erin, to: a, level: read}\n",
    );
    let g = Graph::build(&inv);
    let rows = g.who(target(&inv, "health"), &Filter::default());
    assert_eq!(show(&inv, &rows), ["erin a read [health.record]"]);
    assert_eq!(
        &*rows[0].holds[0].fact,
        "a receives health.record from b by flow a->b"
    );
}

#[test]
fn a_gateway_in_via_holds_the_data_it_relays() {
    let inv = inv(
        "applications:\n  - {id: a, data: [health.lab]}\n  - {id: b}\n  - {id: gw, kind: gateway}\nflows:\n  - {from: a, to: b, via: [gw], data: [health.lab]}\npeople:\n  - {id: frank}\naccess:\n  - {who: frank, to: gw, level: admin}\n",
    );
    let g = Graph::build(&inv);
    let rows = g.who(target(&inv, "health.lab"), &Filter::default());
    assert_eq!(show(&inv, &rows), ["frank gw admin [health.lab]"]);
    assert_eq!(&*rows[0].holds[0].fact, "gw relays health.lab in flow a->b");
}

#[test]
fn inactive_people_and_expired_grants_are_listed_and_flagged() {
    // CARTO_TODAY is not set in-process: use dates far from any test date.
    let inv = inv(
        "applications:\n  - {id: a, data: [health.record]}\npeople:\n  - {id: gina, active: false, groups: [team]}\n  - {id: hugo, left: 2000-01-01, groups: [team]}\n  - {id: ines, left: 2999-01-01, groups: [team]}\ngroups:\n  - {id: team}\naccess:\n  - {who: team, to: a, level: read}\n  - {who: ines, to: a, level: write, expires: 2001-01-01}\n",
    );
    assert_eq!(
        who(&inv, "health"),
        [
            "gina a read [health.record] inactive",
            "hugo a read [health.record] inactive",
            "ines a write [health.record] expired",
            "team a read [health.record]",
        ]
    );
}

#[test]
fn organizations_reach_what_they_host_and_receive() {
    let inv = inv(
        "  - {id: host, kind: host, country: FR}\n  - {id: lab, kind: processor, country: FR}\napplications:\n  - {id: app, hosting: {provider: host}, data: [health.record]}\n  - {id: mine, data: [identity]}\ngroups:\n  - {id: outside, members: [olga]}\npeople:\n  - {id: olga}\nflows:\n  - {from: app, to: lab, data: [health.lab]}\n  - {from: mine, to: outside, data: [identity]}\n",
    );
    assert_eq!(
        who(&inv, "health"),
        [
            "host app admin [health.record]",
            "lab app read [health.lab]"
        ]
    );
    // A receiving group's members read too; `self` as implicit host is not listed.
    assert_eq!(
        who(&inv, "identity"),
        ["olga mine read [identity]", "outside mine read [identity]"]
    );
    // People do not inherit their employer's reach: olga is not the lab.
    let g = Graph::build(&inv);
    let lab = g.what(target(&inv, "lab"), &Filter::default());
    assert_eq!(show(&inv, &lab), ["lab app read [health.lab]"]);
}

#[test]
fn what_a_principal_reaches_through_its_groups() {
    let inv = inv(
        "applications:\n  - {id: a, data: [identity, health.record]}\n  - {id: b, data: [contact]}\npeople:\n  - {id: p, groups: [small]}\ngroups:\n  - {id: small}\n  - {id: big, members: [small]}\naccess:\n  - {who: small, to: a, level: write, data: [identity]}\n  - {who: big, to: a, level: read}\n  - {who: big, to: b, level: admin}\n",
    );
    let g = Graph::build(&inv);
    let rows = g.what(target(&inv, "p"), &Filter::default());
    // Each category at its best level; one row per route that wins something.
    assert_eq!(
        show(&inv, &rows),
        [
            "p a write [identity]",
            "p a read [health.record]",
            "p b admin [contact]"
        ]
    );
    let special = g.what(
        target(&inv, "p"),
        &Filter {
            special: true,
            ..Filter::default()
        },
    );
    assert_eq!(show(&inv, &special), ["p a read [health.record]"]);
}

#[test]
fn reach_countries_and_transfers() {
    let inv = inv(
        "  - {id: us-saas, kind: processor, country: US}\n  - {id: us-dpf, kind: processor, country: US, certifications: [dpf]}\n  - {id: jp, kind: partner, country: JP}\n  - {id: covered, kind: processor, country: IN}\nsites:\n  - {id: dc-us, country: US}\napplications:\n  - {id: a, data: [health.record]}\n  - {id: saas, hosting: {provider: us-saas, site: dc-us}, data: [health.record]}\n  - {id: dpf, hosting: {provider: us-dpf}}\nflows:\n  - {from: a, to: dpf, data: [health.record]}\n  - {from: a, to: jp, data: [health.record]}\n  - {from: a, to: covered, data: [health.record]}\nprocessings:\n  - id: p\n    applications: [a]\n    transfers: [{to: covered, country: IN, safeguard: scc}]\n",
    );
    let g = Graph::build(&inv);
    let r = g.reach(inv.data_index["health"]);
    let apps: Vec<&str> = r
        .applications
        .iter()
        .map(|(a, _)| &*inv[*a].common.id)
        .collect();
    assert_eq!(apps, ["a", "saas", "dpf"]);
    let countries: Vec<String> = r.countries.iter().map(|c| c.to_string()).collect();
    assert_eq!(countries, ["FR", "IN", "JP", "US"]);
    let transfers: Vec<String> = r
        .transfers
        .iter()
        .map(|t| format!("{} {} {}", inv[t.org].common.id, t.country, t.declared))
        .collect();
    // The DPF-certified US org and Japan (adequacy) are not transfers.
    assert_eq!(transfers, ["us-saas US false", "covered IN true"]);
    // The country of an application without sites is its provider's, else self's.
    assert_eq!(
        g.app_countries(
            inv.applications
                .iter()
                .position(|a| &*a.common.id == "dpf")
                .map(|i| carto::model::AppIx(i as u32))
                .expect("dpf")
        )
        .len(),
        1
    );
}

#[test]
fn impact_of_an_application_and_of_a_processor() {
    let inv = inv(
        "  - {id: proc, kind: processor, country: FR}\napplications:\n  - {id: a, data: [health.record], subjects: [patients]}\n  - {id: b}\n  - {id: c}\nflows:\n  - {from: a, to: b, data: [health.record]}\n  - {from: b, to: c, data: [identity]}\n  - {from: c, to: proc, data: [identity]}\nprocessings:\n  - {id: care, applications: [a], subjects: [patients], processors: [proc]}\n",
    );
    let g = Graph::build(&inv);
    let im = g.impact(target(&inv, "a"));
    let ids = |v: Vec<Target>| {
        v.into_iter()
            .map(|t| inv.id(t).to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(im.flows.iter().map(|f| Target::Flow(*f)).collect()),
        ["a->b", "b->c", "c->proc"]
    );
    assert_eq!(
        ids(im.organizations.iter().map(|o| Target::Org(*o)).collect()),
        ["proc"]
    );
    assert_eq!(
        ids(im
            .processings
            .iter()
            .map(|p| Target::Processing(*p))
            .collect()),
        ["care"]
    );
    assert!(im.notification.authority && im.notification.subjects);
    let im = g.impact(target(&inv, "proc"));
    assert_eq!(
        ids(im.data.iter().map(|d| Target::Data(*d)).collect()),
        ["identity"]
    );
    assert_eq!(
        ids(im
            .processings
            .iter()
            .map(|p| Target::Processing(*p))
            .collect()),
        ["care"]
    );
    assert!(im.notification.authority);
    // Identity only, and patients are vulnerable but not at scale: Art. 34 not indicated.
    assert!(!im.notification.subjects, "{:?}", im.notification.reasons);
    let inv = crate::graph::inv(
        "  - {id: proc, kind: processor, country: FR}\napplications:\n  - {id: a, data: [identity]}\nflows:\n  - {from: a, to: proc, data: [identity]}\nprocessings:\n  - {id: care, applications: [a], subjects: [patients], large_scale: true}\n",
    );
    let g = Graph::build(&inv);
    let im = g.impact(target(&inv, "proc"));
    assert!(im.notification.subjects, "{:?}", im.notification.reasons);
    assert!(
        im.notification
            .reasons
            .iter()
            .any(|r| r.contains("vulnerable subjects (patients)"))
    );
}

#[test]
fn paths_follow_declared_facts() {
    let inv = inv(
        "applications:\n  - {id: a}\npeople:\n  - {id: p, groups: [g]}\ngroups:\n  - {id: g}\naccess:\n  - {who: g, to: a, level: read}\n",
    );
    let g = Graph::build(&inv);
    let paths = g.paths(target(&inv, "p"), target(&inv, "a"), 5);
    assert_eq!(paths.len(), 1);
    let fields: Vec<&str> = paths[0].iter().map(|l| l.field).collect();
    assert_eq!(fields, ["members", "who", "to"]);
    assert!(
        g.paths(target(&inv, "p"), target(&inv, "chu"), 5)
            .is_empty()
    );
}

// --- properties -------------------------------------------------------

/// A small random inventory: people, acyclic groups, applications, grants.
#[derive(Clone, Debug)]
struct Small {
    memberships: Vec<(usize, usize)>, // (group, member: person < P, else group P+j with j > group)
    apps: Vec<Vec<usize>>,            // data per app, indices into DATA
    grants: Vec<(usize, usize, usize, Option<usize>)>, // (principal, app, level, restriction)
}

const P: usize = 4;
const G: usize = 4;
const DATA: [&str; 5] = [
    "identity",
    "health",
    "health.lab",
    "health.record",
    "contact",
];
const LEVELS: [&str; 3] = ["read", "write", "admin"];

fn principal(i: usize) -> String {
    if i < P {
        format!("p{i}")
    } else {
        format!("g{}", i - P)
    }
}

impl Small {
    fn yaml(&self) -> String {
        let mut s = String::from("people:\n");
        for i in 0..P {
            s.push_str(&format!("  - {{id: p{i}}}\n"));
        }
        s.push_str("groups:\n");
        for g in 0..G {
            let members: Vec<String> = self
                .memberships
                .iter()
                .filter(|m| m.0 == g)
                .map(|m| principal(m.1))
                .collect();
            s.push_str(&format!(
                "  - {{id: g{g}, members: [{}]}}\n",
                members.join(", ")
            ));
        }
        s.push_str("applications:\n");
        for (i, d) in self.apps.iter().enumerate() {
            let d: Vec<&str> = d.iter().map(|x| DATA[*x]).collect();
            s.push_str(&format!("  - {{id: a{i}, data: [{}]}}\n", d.join(", ")));
        }
        s.push_str("access:\n");
        for (who, app, level, r) in &self.grants {
            let r = r
                .map(|x| format!(", data: [{}]", DATA[x]))
                .unwrap_or_default();
            s.push_str(&format!(
                "  - {{who: {}, to: a{app}, level: {}{r}}}\n",
                principal(*who),
                LEVELS[*level]
            ));
        }
        s
    }
}

fn small() -> impl Strategy<Value = Small> {
    let membership = (0..G, 0..P + G).prop_filter("acyclic", |(g, m)| *m < P || *m - P > *g);
    (
        proptest::collection::vec(membership, 0..8),
        proptest::collection::vec(proptest::collection::vec(0..DATA.len(), 1..3), 1..4),
        proptest::collection::vec(
            (
                0..P + G,
                0..3usize,
                0..3usize,
                proptest::option::of(0..DATA.len()),
            ),
            0..6,
        ),
    )
        .prop_map(|(mut memberships, apps, grants)| {
            memberships.sort();
            memberships.dedup();
            let n = apps.len();
            let grants = grants
                .into_iter()
                .map(|(w, a, l, r)| (w, a % n, l, r))
                .collect();
            Small {
                memberships,
                apps,
                grants,
            }
        })
}

/// Who reaches `health` (principal ids, application, level).
fn who_set(s: &Small) -> std::collections::BTreeSet<(String, String)> {
    let inv = inv(&s.yaml());
    let g = Graph::build(&inv);
    g.who(inv.lookup("health")[0], &Filter::default())
        .iter()
        .map(|r| {
            (
                inv.id(r.principal).to_string(),
                r.application
                    .map(|a| inv[a].common.id.to_string())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn adding_a_grant_never_removes_anyone(s in small(), extra in (0..P + G, 0..3usize, 0..3usize, proptest::option::of(0..DATA.len()))) {
        let before = who_set(&s);
        let mut more = s.clone();
        more.grants.push((extra.0, extra.1 % s.apps.len(), extra.2, extra.3));
        let after = who_set(&more);
        prop_assert!(before.is_subset(&after), "{:?} lost from {:?}", before.difference(&after).collect::<Vec<_>>(), more.yaml());
    }

    #[test]
    fn removing_a_membership_never_adds_anyone(s in small(), pick in any::<prop::sample::Index>()) {
        prop_assume!(!s.memberships.is_empty());
        let before = who_set(&s);
        let mut fewer = s.clone();
        fewer.memberships.remove(pick.index(s.memberships.len()));
        let after = who_set(&fewer);
        prop_assert!(after.is_subset(&before), "{:?} appeared in {:?}", after.difference(&before).collect::<Vec<_>>(), fewer.yaml());
    }
}

/// `who` on every application, flattened to one fact per category, and
/// the chain-free derivation of the snapshot give the same facts.
fn facts_agree(inv: &Inventory) -> Result<usize, String> {
    use carto::graph::{DepthCache, Fact};
    use carto::model::AppIx;
    let g = Graph::build(inv);
    let mut cache = DepthCache::default();
    let mut n = 0;
    for a in 0..inv.applications.len() as u32 {
        let app = AppIx(a);
        let mut slow: Vec<Fact> = g
            .who(Target::App(app), &Filter::default())
            .iter()
            .flat_map(|r| {
                r.data.iter().map(|d| Fact {
                    principal: r.principal,
                    data: *d,
                    level: r.level,
                    inactive: r.flags.contains(&"inactive"),
                    expired: r.flags.contains(&"expired"),
                })
            })
            .collect();
        let mut fast = g.facts(app, &mut cache);
        let key = |f: &Fact| (inv.id(f.principal).to_string(), f.data, f.level);
        slow.sort_by_key(key);
        fast.sort_by_key(key);
        if slow != fast {
            return Err(format!(
                "{}: who gives {slow:?}, facts give {fast:?}",
                inv[app].common.id
            ));
        }
        n += fast.len();
    }
    Ok(n)
}

#[test]
fn facts_are_who_without_chains_on_the_reference_inventory() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("inventory");
    let inv = load(&root).inventory;
    let n = facts_agree(&inv).unwrap_or_else(|e| panic!("{e}"));
    // The reference inventory has server grants, hosting providers,
    // expired grants and people who left: all of them are compared.
    assert!(n > 500, "only {n} facts compared");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn facts_are_who_without_chains(s in small()) {
        let inv = inv(&s.yaml());
        prop_assert!(facts_agree(&inv).is_ok(), "{:?} on {}", facts_agree(&inv), s.yaml());
    }
}
