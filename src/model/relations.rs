//! The declared relations of every entity: each reference it writes, as
//! (field, target, where). One list serves `show` (both directions), the
//! graph and the snapshot.

use super::{Inventory, Loc, Ref, Target};

/// One declared reference: `from` names `to` in `field`, at `at`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    pub from: Target,
    pub field: &'static str,
    pub to: Target,
    pub at: Loc,
}

fn push<T: Copy>(
    out: &mut Vec<Relation>,
    from: Target,
    field: &'static str,
    r: &Ref<T>,
    f: fn(T) -> Target,
) {
    out.push(Relation {
        from,
        field,
        to: f(r.ix),
        at: r.at,
    });
}

fn push_all<'a, T: Copy + 'a>(
    out: &mut Vec<Relation>,
    from: Target,
    field: &'static str,
    rs: impl IntoIterator<Item = &'a Ref<T>>,
    f: fn(T) -> Target,
) {
    for r in rs {
        push(out, from, field, r, f);
    }
}

fn same(t: Target) -> Target {
    t
}

impl Inventory {
    /// The references `t` declares. Memberships are listed once, on the
    /// group (`members`), whichever side declared them.
    pub fn relations_of(&self, t: Target) -> Vec<Relation> {
        let mut o = Vec::new();
        let c = self.common(t);
        if let Some(owner) = &c.owner {
            push(&mut o, t, "owner", owner, same);
        }
        if let Some(e) = &c.establishment {
            push(&mut o, t, "establishment", e, Target::Org);
        }
        match t {
            Target::Org(i) => {
                let e = &self[i];
                push_all(&mut o, t, "parent", &e.parent, Target::Org);
            }
            Target::Site(i) => push_all(&mut o, t, "operator", &self[i].operator, Target::Org),
            Target::Zone(i) => {
                let e = &self[i];
                push_all(&mut o, t, "site", &e.site, Target::Site);
                push_all(&mut o, t, "filtered_by", &e.filtered_by, Target::App);
            }
            Target::Server(i) => {
                let e = &self[i];
                push_all(&mut o, t, "zone", &e.zone, Target::Zone);
                push_all(&mut o, t, "site", &e.site, Target::Site);
            }
            Target::App(i) => {
                let e = &self[i];
                push_all(&mut o, t, "vendor", &e.vendor, Target::Org);
                if let Some(h) = &e.hosting {
                    push_all(&mut o, t, "hosting.provider", &h.provider, Target::Org);
                    push_all(&mut o, t, "hosting.site", &h.site, Target::Site);
                }
                push_all(&mut o, t, "servers", &e.servers, Target::Server);
                push_all(&mut o, t, "zone", &e.zone, Target::Zone);
                push_all(&mut o, t, "data", &e.data, Target::Data);
                push_all(&mut o, t, "subjects", &e.subjects, Target::Subject);
                if let Some(a) = &e.auth {
                    push_all(&mut o, t, "auth.directory", &a.directory, Target::App);
                }
                if let Some(b) = &e.backup {
                    push_all(&mut o, t, "backup.system", &b.system, Target::App);
                }
                push_all(&mut o, t, "used_by", &e.used_by, Target::Org);
            }
            Target::Flow(i) => {
                let e = &self[i];
                push(&mut o, t, "from", &e.from, same);
                push(&mut o, t, "to", &e.to, same);
                push_all(&mut o, t, "via", &e.via, Target::App);
                push_all(&mut o, t, "data", &e.data, Target::Data);
            }
            Target::Person(i) => push_all(&mut o, t, "org", &self[i].org, Target::Org),
            Target::Group(i) => push_all(&mut o, t, "members", &self[i].members, same),
            Target::Account(_) => {}
            Target::Grant(i) => {
                let e = &self[i];
                push(&mut o, t, "who", &e.who, same);
                push(&mut o, t, "to", &e.to, same);
                push_all(&mut o, t, "via", &e.via, Target::App);
                push_all(&mut o, t, "data", &e.data, Target::Data);
            }
            Target::Processing(i) => {
                let e = &self[i];
                push_all(&mut o, t, "controller", &e.controller, Target::Org);
                push_all(
                    &mut o,
                    t,
                    "joint_controllers",
                    &e.joint_controllers,
                    Target::Org,
                );
                push_all(&mut o, t, "uses", &e.uses, Target::Use);
                push_all(&mut o, t, "subjects", &e.subjects, Target::Subject);
                push_all(&mut o, t, "data", e.data.iter().flatten(), Target::Data);
                push_all(&mut o, t, "applications", &e.applications, Target::App);
                push_all(&mut o, t, "recipients", &e.recipients, same);
                push_all(&mut o, t, "processors", &e.processors, Target::Org);
                push_all(
                    &mut o,
                    t,
                    "transfers",
                    e.transfers.iter().map(|x| &x.to),
                    Target::Org,
                );
                push_all(
                    &mut o,
                    t,
                    "retention",
                    e.retention.iter().map(|x| &x.data),
                    Target::Data,
                );
            }
            Target::Policy(i) => {
                let w = &self[i].when;
                push_all(
                    &mut o,
                    t,
                    "when.data",
                    w.data.iter().flat_map(|m| &m.items),
                    Target::Data,
                );
                push_all(
                    &mut o,
                    t,
                    "when.uses",
                    w.uses.iter().flat_map(|m| &m.items),
                    Target::Use,
                );
                push_all(
                    &mut o,
                    t,
                    "when.subjects",
                    w.subjects.iter().flat_map(|m| &m.items),
                    Target::Subject,
                );
            }
            Target::Data(i) => push_all(&mut o, t, "parent", &self[i].parent, Target::Data),
            Target::Subject(i) => push_all(&mut o, t, "parent", &self[i].parent, Target::Subject),
            Target::Use(i) => push_all(&mut o, t, "parent", &self[i].parent, Target::Use),
        }
        o
    }

    /// Every field a relation is declared by (so that a store can number
    /// them first; a field missing here would only get a longer number).
    pub const RELATION_FIELDS: &'static [&'static str] = &[
        "owner",
        "establishment",
        "parent",
        "operator",
        "site",
        "filtered_by",
        "zone",
        "vendor",
        "hosting.provider",
        "hosting.site",
        "servers",
        "data",
        "subjects",
        "auth.directory",
        "backup.system",
        "used_by",
        "from",
        "to",
        "via",
        "members",
        "org",
        "who",
        "controller",
        "joint_controllers",
        "uses",
        "applications",
        "recipients",
        "processors",
        "transfers",
        "retention",
        "when.data",
        "when.uses",
        "when.subjects",
    ];

    /// Every declared relation of the inventory.
    pub fn all_relations(&self) -> impl Iterator<Item = Relation> + '_ {
        super::Kind::ALL
            .into_iter()
            .flat_map(move |k| self.targets(k))
            .flat_map(move |t| self.relations_of(t))
    }

    /// The relations that point at `t` (declared by other entities).
    pub fn relations_to(&self, t: Target) -> Vec<Relation> {
        self.all_relations().filter(|r| r.to == t).collect()
    }
}
