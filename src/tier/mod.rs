//! Ransomware readiness, part one: who controls what. A *control graph* of
//! the inventory (an edge `u -> v` says "whoever controls `u` controls
//! `v`"), the tier-0 set derived from it (the assets whose compromise gives
//! the whole information system, and everything that administers them),
//! and the attack paths to tier 0 (`paths.rs`).
//!
//! The edges, each with the `file:line` that declares it:
//! - a member controls nothing, but whoever controls a person, an account
//!   or a group holds the rights of the groups it is a member of
//!   (`member -> group`);
//! - the owner of an account controls it (`owner -> account`); a vendor
//!   organization controls the people it employs (`org -> person`, for
//!   organizations other than `self` and the group's establishments);
//! - an admin grant gives control of its target (`who -> application or
//!   server`), and whoever controls the gateway it goes through (`via`)
//!   can ride its sessions (`gateway -> target`);
//! - a server's administrator controls the applications on it
//!   (`server -> application`), and code running in an application runs
//!   on its servers (`application -> server`);
//! - a directory controls the applications that authenticate against it
//!   (`auth.directory`: `directory -> application`), and a backup system
//!   the applications it restores (`backup.system`: `system -> application`);
//! - the internet reaches internet-facing applications and servers.

mod paths;

pub use paths::{PathStep, TierPath, non_mfa_paths, paths_to};

use crate::graph::Graph;
use crate::model::{
    AccountIx, AppIx, GrantIx, Inventory, Kind, Level, Loc, ServerIx, Target, TargetMap,
};

/// A node of the control graph: an entity, or the internet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    Internet,
    Entity(Target),
}

/// One control edge.
#[derive(Clone, Copy, Debug)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// The relation, read from `from` to `to`: "member of", "owns", "admin
    /// by grant" ...
    pub fact: &'static str,
    pub at: Loc,
    /// The grant, for admin and session edges.
    pub grant: Option<GrantIx>,
    /// A second factor is enforced on this step (grant edges only; other
    /// edges are not logins).
    pub mfa: bool,
}

impl Edge {
    /// A step that uses credentials (an admin grant), where MFA matters.
    pub fn is_login(&self) -> bool {
        self.fact == ADMIN
    }
}

pub const ADMIN: &str = "admin of";
const SESSION: &str = "rides the admin sessions of";
const MEMBER: &str = "member of";
const OWNS: &str = "owns";
const EMPLOYS: &str = "employs";
const HOSTS: &str = "hosts";
const RUNS_ON: &str = "runs on";
const AUTHENTICATES: &str = "authenticates the users of";
const RESTORES: &str = "restores";
const EXPOSES: &str = "exposes";

/// The control graph of one inventory.
pub struct Control<'a> {
    pub inv: &'a Inventory,
    /// Node numbers: one per entity (by kind, as `TargetMap`), then the internet.
    slots: TargetMap<()>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Edges leaving / entering each node.
    pub out: Vec<Vec<u32>>,
    pub into: Vec<Vec<u32>>,
}

impl<'a> Control<'a> {
    /// Builds the control graph; linear in the inventory.
    pub fn build(g: &Graph<'a>) -> Control<'a> {
        let inv = g.inv;
        let slots: TargetMap<()> = TargetMap::new(inv);
        let mut nodes: Vec<Node> = Kind::ALL
            .iter()
            .flat_map(|k| inv.targets(*k))
            .map(Node::Entity)
            .collect();
        nodes.push(Node::Internet);
        let mut c = Control {
            inv,
            slots,
            out: vec![Vec::new(); nodes.len()],
            into: vec![Vec::new(); nodes.len()],
            nodes,
            edges: Vec::new(),
        };
        c.add_edges(g);
        c
    }

    pub fn internet(&self) -> usize {
        self.nodes.len() - 1
    }

    pub fn slot(&self, t: Target) -> Option<usize> {
        self.slots.slot(t)
    }

    pub fn target(&self, n: usize) -> Option<Target> {
        match self.nodes.get(n) {
            Some(Node::Entity(t)) => Some(*t),
            _ => None,
        }
    }

    fn edge(&mut self, from: Target, to: Target, fact: &'static str, at: Loc) {
        if let (Some(f), Some(t)) = (self.slot(from), self.slot(to)) {
            self.push(f, t, fact, at, None, false);
        }
    }

    fn push(
        &mut self,
        from: usize,
        to: usize,
        fact: &'static str,
        at: Loc,
        grant: Option<GrantIx>,
        mfa: bool,
    ) {
        let e = self.edges.len() as u32;
        self.edges.push(Edge {
            from,
            to,
            fact,
            at,
            grant,
            mfa,
        });
        self.out[from].push(e);
        self.into[to].push(e);
    }

    fn add_edges(&mut self, g: &Graph) {
        let inv = self.inv;
        for (i, gr) in inv.groups.iter().enumerate() {
            for m in &gr.members {
                self.edge(
                    m.ix,
                    Target::Group(crate::model::GroupIx(i as u32)),
                    MEMBER,
                    m.at,
                );
            }
        }
        for (i, a) in inv.accounts.iter().enumerate() {
            if let Some(o) = &a.common.owner {
                self.edge(o.ix, Target::Account(AccountIx(i as u32)), OWNS, o.at);
            }
        }
        for (i, p) in inv.people.iter().enumerate() {
            if let Some(o) = &p.org
                && is_outside(inv, o.ix)
            {
                let person = Target::Person(crate::model::PersonIx(i as u32));
                self.edge(Target::Org(o.ix), person, EMPLOYS, o.at);
            }
        }
        for (i, gr) in inv.grants.iter().enumerate() {
            if gr.level != Level::Admin {
                continue;
            }
            let gx = GrantIx(i as u32);
            let mfa = g.grant_mfa(gx);
            if let (Some(f), Some(t)) = (self.slot(gr.who.ix), self.slot(gr.to.ix)) {
                self.push(f, t, ADMIN, gr.common.at, Some(gx), mfa);
            }
            if let Some(v) = &gr.via
                && let (Some(f), Some(t)) = (self.slot(Target::App(v.ix)), self.slot(gr.to.ix))
            {
                self.push(f, t, SESSION, v.at, Some(gx), false);
            }
        }
        for (i, a) in inv.applications.iter().enumerate() {
            let app = Target::App(AppIx(i as u32));
            for s in &a.servers {
                self.edge(Target::Server(s.ix), app, HOSTS, s.at);
                self.edge(app, Target::Server(s.ix), RUNS_ON, s.at);
            }
            if let Some(d) = a.auth.as_ref().and_then(|x| x.directory.as_ref()) {
                self.edge(Target::App(d.ix), app, AUTHENTICATES, d.at);
            }
            if let Some(b) = a.backup.as_ref().and_then(|x| x.system.as_ref()) {
                self.edge(Target::App(b.ix), app, RESTORES, b.at);
            }
            if a.internet_facing == Some(true)
                && let Some(t) = self.slot(app)
            {
                let net = self.internet();
                self.push(net, t, EXPOSES, a.common.at, None, false);
            }
        }
        for (i, s) in inv.servers.iter().enumerate() {
            if s.internet_facing == Some(true)
                && let Some(t) = self.slot(Target::Server(ServerIx(i as u32)))
            {
                let net = self.internet();
                self.push(net, t, EXPOSES, s.common.at, None, false);
            }
        }
    }
}

/// An organization outside the hospital (or group): a vendor, host,
/// processor, partner.
pub fn is_outside(inv: &Inventory, o: crate::model::OrgIx) -> bool {
    !inv.is_establishment(o)
}

/// Why a node is in tier 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// `tier: 0` on the application or server.
    Declared(Loc),
    /// It controls another tier-0 node through this edge.
    Controls(u32),
}

/// The tier-0 set: every node with a reason, found by walking the control
/// edges backwards from the declared tier-0 assets (breadth first, so each
/// reason is a shortest chain).
pub struct Tier0 {
    pub why: Vec<Option<Why>>,
    /// Members in the order found (declared first, then by distance).
    pub order: Vec<usize>,
}

impl Tier0 {
    pub fn derive(c: &Control) -> Tier0 {
        let inv = c.inv;
        let mut why: Vec<Option<Why>> = vec![None; c.nodes.len()];
        let mut order = Vec::new();
        let declared = inv
            .applications
            .iter()
            .enumerate()
            .filter(|(_, a)| a.tier == Some(0))
            .map(|(i, a)| (Target::App(AppIx(i as u32)), a.common.at))
            .chain(
                inv.servers
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.tier == Some(0))
                    .map(|(i, s)| (Target::Server(ServerIx(i as u32)), s.common.at)),
            );
        for (t, at) in declared {
            if let Some(n) = c.slot(t) {
                why[n] = Some(Why::Declared(at));
                order.push(n);
            }
        }
        let mut k = 0;
        while k < order.len() {
            let v = order[k];
            k += 1;
            for &e in &c.into[v] {
                let u = c.edges[e as usize].from;
                if why[u].is_none() {
                    why[u] = Some(Why::Controls(e));
                    order.push(u);
                }
            }
        }
        Tier0 { why, order }
    }

    pub fn contains(&self, n: usize) -> bool {
        self.why.get(n).is_some_and(|w| w.is_some())
    }

    /// The members worth listing: applications, servers, people, groups and
    /// accounts (organizations and the internet only lead to them).
    pub fn members<'c>(&'c self, c: &'c Control) -> impl Iterator<Item = (Target, Why)> + 'c {
        self.order.iter().filter_map(move |n| {
            let t = c.target(*n)?;
            matches!(
                t,
                Target::App(_)
                    | Target::Server(_)
                    | Target::Person(_)
                    | Target::Group(_)
                    | Target::Account(_)
            )
            .then_some((t, self.why[*n]?))
        })
    }

    /// Whether an application or server is a tier-0 asset.
    pub fn is_asset(&self, c: &Control, t: Target) -> bool {
        matches!(t, Target::App(_) | Target::Server(_))
            && c.slot(t).is_some_and(|n| self.contains(n))
    }

    /// The chain of edges from `n` to a declared tier-0 asset.
    pub fn chain(&self, c: &Control, n: usize) -> Vec<u32> {
        let mut out = Vec::new();
        let mut cur = n;
        while let Some(Some(Why::Controls(e))) = self.why.get(cur) {
            out.push(*e);
            cur = c.edges[*e as usize].to;
            if out.len() > c.nodes.len() {
                break;
            }
        }
        out
    }
}

/// The name of a node, for messages.
pub fn node_name(c: &Control, n: usize) -> String {
    match c.nodes.get(n) {
        Some(Node::Entity(t)) => c.inv.id(*t).to_string(),
        _ => "the internet".to_string(),
    }
}

/// The control graph and its tier-0 set, built together.
pub struct Tiering<'a> {
    pub control: Control<'a>,
    pub tier0: Tier0,
}

impl<'a> Tiering<'a> {
    pub fn build(g: &Graph<'a>) -> Tiering<'a> {
        let control = Control::build(g);
        let tier0 = Tier0::derive(&control);
        Tiering { control, tier0 }
    }

    /// The tier-0 assets (applications and servers) as a node mask.
    pub fn assets(&self) -> Vec<bool> {
        let c = &self.control;
        (0..c.nodes.len())
            .map(|n| c.target(n).is_some_and(|t| self.tier0.is_asset(c, t)))
            .collect()
    }

    /// Where attackers start: the internet, the organizations outside
    /// (vendors, hosts, processors, partners), shared and generic accounts.
    pub fn starts(&self, from: &[Start]) -> Vec<usize> {
        let c = &self.control;
        let inv = c.inv;
        let mut out = Vec::new();
        for f in from {
            match f {
                Start::Internet => out.push(c.internet()),
                Start::Vendors => out.extend(
                    inv.targets(Kind::Organization)
                        .filter(|t| matches!(t, Target::Org(o) if is_outside(inv, *o)))
                        .filter_map(|t| c.slot(t)),
                ),
                Start::SharedAccounts => out.extend(
                    inv.accounts
                        .iter()
                        .enumerate()
                        .filter(|(_, a)| {
                            matches!(
                                a.kind,
                                Some(
                                    crate::model::AccountKind::Shared
                                        | crate::model::AccountKind::Generic
                                )
                            )
                        })
                        .filter_map(|(i, _)| c.slot(Target::Account(AccountIx(i as u32)))),
                ),
                Start::Entity(t) => out.extend(c.slot(*t)),
            }
        }
        let mut seen = std::collections::HashSet::new();
        out.retain(|n| seen.insert(*n));
        out
    }
}

/// Where a path starts (`carto paths --from`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    Internet,
    Vendors,
    SharedAccounts,
    Entity(Target),
}
