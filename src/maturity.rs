//! Maturity of the inventory per view of the ANSSI mapping guide (ecosystem,
//! business and GDPR, applications, administration, logical and physical
//! infrastructure) at levels 1, 2 and 3: what share of the expected fields
//! and links are filled, and which objects miss which. The criteria are one
//! table, [`CRITERIA`], documented in `docs/maturity.md`.

use crate::model::{AccountKind, AppKind, Inventory, Kind, Level, OrgKind, Target, Trust};

/// The six views of the ANSSI guide.
pub const VIEWS: [&str; 6] = [
    "ecosystem",
    "business",
    "applications",
    "administration",
    "logical-infrastructure",
    "physical-infrastructure",
];

/// One expectation: objects of `kind` in `view` should have `field` at `level`.
/// The check says `None` when it does not apply to an object.
pub struct Criterion {
    pub view: &'static str,
    pub level: u8,
    pub kind: Kind,
    pub field: &'static str,
    pub check: fn(&Inventory, Target) -> Option<bool>,
}

fn text(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|t| !t.trim().is_empty())
}

/// One row of the table: view, level, `Kind/Target variant`, field, check.
macro_rules! c {
    ($view:literal, $level:literal, $kind:ident / $var:ident, $field:literal, |$inv:ident, $x:ident| $body:expr) => {
        Criterion {
            view: $view,
            level: $level,
            kind: Kind::$kind,
            field: $field,
            check: |$inv, t| match t {
                Target::$var($x) => $body,
                _ => None,
            },
        }
    };
}

/// The criteria, by view and level. A level includes nothing from the
/// levels below: each level's percentage is over its own criteria.
pub static CRITERIA: &[Criterion] = &[
    // Ecosystem: organizations.
    c!("ecosystem", 1, Organization / Org, "name", |inv, o| Some(
        text(&inv[o].common.name)
    )),
    c!(
        "ecosystem",
        1,
        Organization / Org,
        "country",
        |inv, o| Some(inv[o].country.is_some())
    ),
    c!(
        "ecosystem",
        2,
        Organization / Org,
        "contract (processor, host, partner)",
        |inv, o| {
            matches!(
                inv[o].kind,
                OrgKind::Processor | OrgKind::Host | OrgKind::Partner
            )
            .then(|| inv[o].contract.is_some())
        }
    ),
    c!(
        "ecosystem",
        2,
        Organization / Org,
        "certifications (host, processor)",
        |inv, o| {
            matches!(inv[o].kind, OrgKind::Processor | OrgKind::Host)
                .then(|| !inv[o].certifications.is_empty())
        }
    ),
    c!(
        "ecosystem",
        2,
        Organization / Org,
        "dpo (self)",
        |inv, o| (inv.self_org == Some(o)).then(|| inv[o].dpo.is_some())
    ),
    c!(
        "ecosystem",
        3,
        Organization / Org,
        "address",
        |inv, o| Some(text(&inv[o].address))
    ),
    c!(
        "ecosystem",
        3,
        Organization / Org,
        "contract expiry (processor, host, partner)",
        |inv, o| {
            matches!(
                inv[o].kind,
                OrgKind::Processor | OrgKind::Host | OrgKind::Partner
            )
            .then(|| {
                inv[o]
                    .contract
                    .as_ref()
                    .is_some_and(|c| c.expires.is_some())
            })
        }
    ),
    c!(
        "ecosystem",
        3,
        Organization / Org,
        "representative (self)",
        |inv, o| { (inv.self_org == Some(o)).then(|| inv[o].representative.is_some()) }
    ),
    // Business and GDPR: processings.
    c!(
        "business",
        1,
        Processing / Processing,
        "purpose",
        |inv, p| Some(text(&inv[p].purpose))
    ),
    c!(
        "business",
        1,
        Processing / Processing,
        "legal_basis",
        |inv, p| Some(inv[p].legal_basis.is_some())
    ),
    c!(
        "business",
        1,
        Processing / Processing,
        "applications",
        |inv, p| Some(!inv[p].applications.is_empty())
    ),
    c!(
        "business",
        1,
        Processing / Processing,
        "subjects",
        |inv, p| Some(!inv[p].subjects.is_empty())
    ),
    c!(
        "business",
        2,
        Processing / Processing,
        "data (declared or from applications)",
        |inv, p| Some(!inv.processing_data(p).is_empty())
    ),
    c!(
        "business",
        2,
        Processing / Processing,
        "retention",
        |inv, p| Some(!inv[p].retention.is_empty())
    ),
    c!(
        "business",
        2,
        Processing / Processing,
        "recipients",
        |inv, p| Some(!inv[p].recipients.is_empty())
    ),
    c!("business", 2, Processing / Processing, "uses", |inv, p| {
        Some(!inv[p].uses.is_empty())
    }),
    c!(
        "business",
        2,
        Processing / Processing,
        "special_condition (special data)",
        |inv, p| {
            inv.processing_data(p)
                .iter()
                .any(|d| inv[*d].special.is_some())
                .then(|| inv[p].special_condition.is_some())
        }
    ),
    c!(
        "business",
        3,
        Processing / Processing,
        "dpia status",
        |inv, p| Some(inv[p].dpia.as_ref().is_some_and(|d| d.status.is_some()))
    ),
    c!("business", 3, Processing / Processing, "owner", |inv, p| {
        Some(inv[p].common.owner.is_some())
    }),
    c!(
        "business",
        3,
        Processing / Processing,
        "sources",
        |inv, p| Some(!inv[p].sources.is_empty())
    ),
    c!(
        "business",
        3,
        Processing / Processing,
        "created",
        |inv, p| Some(inv[p].created.is_some())
    ),
    // Applications.
    c!(
        "applications",
        1,
        Application / App,
        "owner",
        |inv, a| Some(inv[a].common.owner.is_some())
    ),
    c!("applications", 1, Application / App, "data", |inv, a| Some(
        !inv[a].data.is_empty() || inv[a].kind == AppKind::Gateway
    )),
    c!(
        "applications",
        1,
        Application / App,
        "criticality",
        |inv, a| Some(inv[a].criticality.is_some())
    ),
    c!(
        "applications",
        1,
        Application / App,
        "used by a processing",
        |inv, a| {
            Some(
                inv.processings
                    .iter()
                    .any(|p| p.applications.iter().any(|x| x.ix == a))
                    || inv[a].kind == AppKind::Gateway,
            )
        }
    ),
    c!(
        "applications",
        2,
        Application / App,
        "subjects",
        |inv, a| Some(!inv[a].subjects.is_empty() || inv[a].data.is_empty())
    ),
    c!("applications", 2, Application / App, "auth", |inv, a| Some(
        inv[a].auth.is_some()
    )),
    c!(
        "applications",
        2,
        Application / App,
        "vendor or hosting",
        |inv, a| Some(inv[a].vendor.is_some() || inv[a].hosting.is_some())
    ),
    c!(
        "applications",
        2,
        Application / App,
        "zone or servers (not SaaS)",
        |inv, a| {
            (inv[a].kind != AppKind::Saas)
                .then(|| inv[a].zone.is_some() || !inv[a].servers.is_empty())
        }
    ),
    c!(
        "applications",
        3,
        Application / App,
        "rto and rpo",
        |inv, a| Some(inv[a].rto.is_some() && inv[a].rpo.is_some())
    ),
    c!(
        "applications",
        3,
        Application / App,
        "backup with restore test",
        |inv, a| {
            Some(
                inv[a]
                    .backup
                    .as_ref()
                    .is_some_and(|b| b.last_restore_test.is_some()),
            )
        }
    ),
    c!("applications", 3, Application / App, "logging", |inv, a| {
        Some(inv[a].logging.is_some())
    }),
    c!(
        "applications",
        3,
        Application / App,
        "encrypted_at_rest",
        |inv, a| Some(inv[a].encrypted_at_rest.is_some())
    ),
    // Administration: people, groups, accounts, grants.
    c!(
        "administration",
        1,
        Person / Person,
        "email or role",
        |inv, p| Some(text(&inv[p].email) || text(&inv[p].role))
    ),
    c!(
        "administration",
        1,
        Group / Group,
        "members",
        |inv, g| Some(!inv[g].members.is_empty())
    ),
    c!("administration", 1, Account / Account, "kind", |inv, a| {
        Some(inv[a].kind.is_some())
    }),
    c!("administration", 2, Account / Account, "owner", |inv, a| {
        Some(inv[a].common.owner.is_some())
    }),
    c!("administration", 2, Grant / Grant, "reviewed", |inv, g| {
        Some(inv[g].reviewed.is_some())
    }),
    c!("administration", 2, Group / Group, "owner", |inv, g| Some(
        inv[g].common.owner.is_some()
    )),
    c!("administration", 3, Grant / Grant, "reason", |inv, g| Some(
        text(&inv[g].reason)
    )),
    c!(
        "administration",
        3,
        Grant / Grant,
        "mfa stated (admin)",
        |inv, g| (inv[g].level == Level::Admin).then(|| inv[g].mfa.is_some())
    ),
    c!(
        "administration",
        3,
        Grant / Grant,
        "via (admin)",
        |inv, g| (inv[g].level == Level::Admin).then(|| inv[g].via.is_some())
    ),
    c!(
        "administration",
        3,
        Account / Account,
        "person as owner (admin)",
        |inv, a| {
            (inv[a].kind == Some(AccountKind::Admin)).then(|| {
                inv[a]
                    .common
                    .owner
                    .as_ref()
                    .is_some_and(|o| matches!(o.ix, Target::Person(_)))
            })
        }
    ),
    // Logical infrastructure: zones, flows, servers.
    c!(
        "logical-infrastructure",
        1,
        Flow / Flow,
        "protocol",
        |inv, f| Some(text(&inv[f].protocol))
    ),
    c!(
        "logical-infrastructure",
        1,
        Zone / Zone,
        "site",
        |inv, z| Some(inv[z].site.is_some() || inv[z].trust == Trust::Internet)
    ),
    c!(
        "logical-infrastructure",
        2,
        Flow / Flow,
        "encrypted stated",
        |inv, f| Some(inv[f].encrypted.is_some())
    ),
    c!(
        "logical-infrastructure",
        2,
        Server / Server,
        "zone",
        |inv, s| Some(inv[s].zone.is_some())
    ),
    c!(
        "logical-infrastructure",
        3,
        Flow / Flow,
        "frequency",
        |inv, f| Some(text(&inv[f].frequency))
    ),
    c!(
        "logical-infrastructure",
        3,
        Zone / Zone,
        "filtered_by (dmz)",
        |inv, z| (inv[z].trust == Trust::Dmz).then(|| inv[z].filtered_by.is_some())
    ),
    c!(
        "logical-infrastructure",
        3,
        Server / Server,
        "os",
        |inv, s| Some(text(&inv[s].os))
    ),
    // Physical infrastructure: sites, servers.
    c!(
        "physical-infrastructure",
        1,
        Site / Site,
        "name",
        |inv, s| Some(text(&inv[s].common.name))
    ),
    c!(
        "physical-infrastructure",
        2,
        Site / Site,
        "operator",
        |inv, s| Some(inv[s].operator.is_some())
    ),
    c!(
        "physical-infrastructure",
        2,
        Server / Server,
        "site",
        |inv, s| Some(inv[s].site.is_some())
    ),
    c!(
        "physical-infrastructure",
        3,
        Site / Site,
        "address",
        |inv, s| Some(text(&inv[s].address))
    ),
    c!(
        "physical-infrastructure",
        3,
        Site / Site,
        "certifications",
        |inv, s| Some(!inv[s].certifications.is_empty())
    ),
];

/// What one object misses at one level.
#[derive(Clone, Debug, PartialEq)]
pub struct Missing {
    pub target: Target,
    pub fields: Vec<&'static str>,
}

/// One level of one view.
#[derive(Clone, Debug)]
pub struct LevelScore {
    pub level: u8,
    /// Checks that apply, and those satisfied.
    pub total: usize,
    pub met: usize,
    pub missing: Vec<Missing>,
}

impl LevelScore {
    /// Percentage, 100 when nothing applies.
    pub fn percent(&self) -> u32 {
        (self.met * 100)
            .checked_div(self.total)
            .map_or(100, |p| p as u32)
    }
}

#[derive(Clone, Debug)]
pub struct ViewScore {
    pub view: &'static str,
    pub levels: Vec<LevelScore>,
}

/// Scores every view at levels 1 to 3.
pub fn assess(inv: &Inventory) -> Vec<ViewScore> {
    assess_only(inv, &|_| true)
}

/// [`assess`] over the objects `keep` accepts (one establishment of a group).
pub fn assess_only(inv: &Inventory, keep: &dyn Fn(Target) -> bool) -> Vec<ViewScore> {
    VIEWS
        .iter()
        .map(|view| ViewScore {
            view,
            levels: (1..=3)
                .map(|level| {
                    let mut s = LevelScore {
                        level,
                        total: 0,
                        met: 0,
                        missing: Vec::new(),
                    };
                    // Where each incomplete object is in `missing` (a search
                    // of the list was quadratic at 10,000 applications).
                    let mut at: crate::hash::HashMap<Target, usize> = Default::default();
                    for c in CRITERIA
                        .iter()
                        .filter(|c| c.view == *view && c.level == level)
                    {
                        for t in inv.targets(c.kind).filter(|t| keep(*t)) {
                            match (c.check)(inv, t) {
                                None => {}
                                Some(true) => {
                                    s.total += 1;
                                    s.met += 1;
                                }
                                Some(false) => {
                                    s.total += 1;
                                    match at.get(&t) {
                                        Some(k) => s.missing[*k].fields.push(c.field),
                                        None => {
                                            at.insert(t, s.missing.len());
                                            s.missing.push(Missing {
                                                target: t,
                                                fields: vec![c.field],
                                            });
                                        }
                                    }
                                }
                            }
                        }
                    }
                    s
                })
                .collect(),
        })
        .collect()
}
