//! Effective access (section 4.3 and 5.3 of the format): who reaches which
//! data in which application, at which level, and the chain of facts that
//! says why. `who` expands grantees down to their members; `what` walks a
//! principal's groups up; both build the same routes and merge them the
//! same way.

use super::{Graph, Holding, Step};
use crate::hash::{HashMap, HashSet};
use crate::model::{AppIx, DataIx, FlowIx, GrantIx, Kind, Level, Ref, Target};
use std::collections::VecDeque;
use std::rc::Rc;

/// Filters of `who` and `what`.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Keep rows at this level or above.
    pub level: Option<Level>,
    /// Keep principals of this kind (person, account, group, organization).
    pub kind: Option<Kind>,
    /// Keep special categories only.
    pub special: bool,
}

/// One answer row: a principal reaches these data in this application at
/// this level, because of `path` (then `holds`, one fact per category).
#[derive(Clone, Debug, PartialEq)]
pub struct AccessRow {
    pub principal: Target,
    /// `None` for data received by a flow that does not start at an application.
    pub application: Option<AppIx>,
    pub level: Level,
    pub data: Vec<DataIx>,
    /// From the principal to the application: memberships, grant, server.
    pub path: Vec<Step>,
    /// Why the application holds each category of `data`, in the same order.
    pub holds: Vec<Step>,
    /// `inactive` (person), `expired` (grant).
    pub flags: Vec<&'static str>,
}

/// A way for a principal to reach an application (before merging).
struct Route {
    principal: Target,
    app: Option<AppIx>,
    level: Level,
    /// Shared between the principals of one grant.
    data: Rc<Vec<(DataIx, Step)>>,
    path: Vec<Step>,
    expired: bool,
}

/// Principals reached from a grantee, each with the membership chain that
/// leads from it up to the grantee.
type Expansion = Rc<Vec<(Target, Vec<Step>)>>;

/// Membership expansions already computed, by grantee.
#[derive(Default)]
pub struct ExpansionCache(HashMap<Target, Expansion>);

impl Graph<'_> {
    fn start(&self, t: Target) -> Step {
        Step::new(self.inv.id(t), "", None)
    }

    /// The grantee and every transitive member, with the shortest chain of
    /// "member of" facts from the member up to the grantee.
    fn members_down(&self, grantee: Target, cache: &mut HashMap<Target, Expansion>) -> Expansion {
        if let Some(e) = cache.get(&grantee) {
            return e.clone();
        }
        let inv = self.inv;
        // parent[m] = (group it was reached from, where the membership is written)
        let mut parent: HashMap<Target, (Target, crate::model::Loc)> = HashMap::default();
        let mut order = vec![grantee];
        let mut queue = VecDeque::from([grantee]);
        let mut seen = HashSet::from_iter([grantee]);
        while let Some(t) = queue.pop_front() {
            if let Target::Group(g) = t {
                for m in &inv[g].members {
                    if seen.insert(m.ix) {
                        parent.insert(m.ix, (t, m.at));
                        order.push(m.ix);
                        queue.push_back(m.ix);
                    }
                }
            }
        }
        let out: Vec<(Target, Vec<Step>)> = order
            .into_iter()
            .map(|m| {
                let mut chain = Vec::new();
                let mut cur = m;
                while let Some((g, at)) = parent.get(&cur) {
                    chain.push(Step::new(
                        inv.id(*g),
                        format!("member of {}", inv.id(*g)),
                        Some(*at),
                    ));
                    cur = *g;
                }
                (m, chain)
            })
            .collect();
        let e = Rc::new(out);
        cache.insert(grantee, e.clone());
        e
    }

    /// The groups `p` belongs to, transitively, each with the chain from `p`.
    fn groups_up(&self, p: Target) -> Vec<(Target, Vec<Step>)> {
        let inv = self.inv;
        let mut out = vec![(p, Vec::new())];
        let mut seen = HashSet::from_iter([p]);
        let mut i = 0;
        while i < out.len() {
            let (t, chain) = out[i].clone();
            for (g, at) in self
                .groups_of
                .get(&t)
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                let gt = Target::Group(*g);
                if seen.insert(gt) {
                    let mut c = chain.clone();
                    c.push(Step::new(
                        inv.id(gt),
                        format!("member of {}", inv.id(gt)),
                        Some(*at),
                    ));
                    out.push((gt, c));
                }
            }
            i += 1;
        }
        out
    }

    /// What a grant reaches in an application it applies to (section 5.2):
    /// every held category when unrestricted; else a held category at or
    /// below a restriction, or the restriction itself when it is below a
    /// held category.
    fn grant_reach(&self, grant: GrantIx, app: AppIx) -> Vec<(DataIx, Step)> {
        self.reach_sources(grant, app)
            .into_iter()
            .map(|(d, h, narrowed)| {
                let mut step = self.holding_step(app, h);
                if let Some(r) = narrowed {
                    step.fact = format!("{}, of which the grant covers {}", step.fact, r.id).into();
                    step.id = r.id.clone();
                }
                (d, step)
            })
            .collect()
    }

    /// The categories a grant reaches in an application, each once, with
    /// the holding it comes from and the grant's restriction when that is
    /// narrower than the holding (the one derivation behind `grant_reach`
    /// and `grant_data`).
    fn reach_sources(
        &self,
        grant: GrantIx,
        app: AppIx,
    ) -> Vec<(DataIx, &Holding, Option<&Ref<DataIx>>)> {
        let inv = self.inv;
        let g = &inv[grant];
        let mut out = Vec::new();
        for h in &self.held[app.i()] {
            if g.data.is_empty() {
                out.push((h.data, h, None));
                continue;
            }
            for r in &g.data {
                if inv.data_within(h.data, r.ix) {
                    out.push((h.data, h, None));
                } else if inv.data_within(r.ix, h.data) {
                    out.push((r.ix, h, Some(r)));
                }
            }
        }
        if out.len() > 1 {
            let mut seen = HashSet::default();
            out.retain(|(d, _, _)| seen.insert(*d));
        }
        out
    }

    /// The applications a grant applies to: its target, or the applications
    /// on its target server.
    pub fn grant_apps(&self, grant: GrantIx) -> Vec<AppIx> {
        match self.inv[grant].to.ix {
            Target::App(a) => vec![a],
            Target::Server(s) => self.apps_on_server[s.i()].iter().map(|(a, _)| *a).collect(),
            _ => Vec::new(),
        }
    }

    /// The categories a grant reaches in one application it applies to.
    pub fn grant_data(&self, grant: GrantIx, app: AppIx) -> Vec<DataIx> {
        self.reach_sources(grant, app)
            .into_iter()
            .map(|(d, _, _)| d)
            .collect()
    }

    /// Whether a second factor holds on a grant's path to an application
    /// (format 5.3): the grant says `mfa: true`, or the application's
    /// `auth.mfa`, or the `via` gateway's `auth.mfa`.
    pub fn path_mfa(&self, grant: GrantIx, app: AppIx) -> bool {
        let inv = self.inv;
        inv[app].mfa() || self.grant_mfa_alone(grant)
    }

    /// Whether a second factor holds on a grant's path to its own target:
    /// for an application as [`Graph::path_mfa`]; for a server, the grant's
    /// `mfa` or its gateway's `auth.mfa` (a server has no `auth`).
    pub fn grant_mfa(&self, grant: GrantIx) -> bool {
        match self.inv[grant].to.ix {
            Target::App(a) => self.path_mfa(grant, a),
            _ => self.grant_mfa_alone(grant),
        }
    }

    /// The grant's own `mfa`, or its `via` gateway's `auth.mfa`.
    fn grant_mfa_alone(&self, grant: GrantIx) -> bool {
        let inv = self.inv;
        let g = &inv[grant];
        g.mfa == Some(true) || g.via.as_ref().is_some_and(|v| inv[v.ix].mfa())
    }

    /// The grants given to a principal directly or through its groups, with
    /// the number of groups in between.
    pub fn grants_of(&self, p: Target) -> Vec<(GrantIx, usize)> {
        self.groups_up(p)
            .into_iter()
            .flat_map(|(g, chain)| {
                self.grants_by
                    .get(&g)
                    .into_iter()
                    .flatten()
                    .map(move |x| (*x, chain.len()))
            })
            .collect()
    }

    /// The grants that apply to an application: on it, or on a server it runs on.
    pub fn grants_on(&self, app: AppIx) -> Vec<GrantIx> {
        let mut out: Vec<GrantIx> = self
            .grants_to
            .get(&Target::App(app))
            .cloned()
            .unwrap_or_default();
        for (s, _) in self.servers_of(app) {
            out.extend(self.grants_to.get(&Target::Server(s)).into_iter().flatten());
        }
        out.sort();
        out.dedup();
        out
    }

    /// The flows with an end at `t` (either end).
    pub fn flows_at(&self, t: Target) -> Vec<FlowIx> {
        let mut out: Vec<FlowIx> = self.flows_from.get(&t).cloned().unwrap_or_default();
        out.extend(self.flows_to.get(&t).into_iter().flatten());
        out.sort();
        out.dedup();
        out
    }

    /// The grantee and its transitive members with their depth (0 for the
    /// grantee, 1 for a direct member), by breadth-first search: the
    /// cheap form of the membership expansion, without explanations.
    pub fn member_depths(&self, grantee: Target) -> Vec<(Target, usize)> {
        let inv = self.inv;
        let mut out = vec![(grantee, 0)];
        let mut seen = HashSet::from_iter([grantee]);
        let mut i = 0;
        while i < out.len() {
            let (t, d) = out[i];
            if let Target::Group(g) = t {
                for m in &inv[g].members {
                    if seen.insert(m.ix) {
                        out.push((m.ix, d + 1));
                    }
                }
            }
            i += 1;
        }
        out
    }

    /// Routes through one grant, for the principals `expand` gives for its grantee.
    fn grant_routes(
        &self,
        grant: GrantIx,
        only: Option<&HashSet<AppIx>>,
        expand: &mut dyn FnMut(Target) -> Expansion,
        out: &mut Vec<Route>,
    ) {
        let inv = self.inv;
        let g = &inv[grant];
        let grant_step = Step::new(
            &g.to.id,
            format!("grant {} on {}", g.level, g.to.id),
            Some(g.common.at),
        );
        let targets: Vec<(AppIx, Option<Step>)> = match g.to.ix {
            Target::App(a) => vec![(a, None)],
            Target::Server(s) => self.apps_on_server[s.i()]
                .iter()
                .map(|(a, at)| {
                    let id = &inv[*a].common.id;
                    (
                        *a,
                        Some(Step::new(id, format!("{} hosts {id}", g.to.id), Some(*at))),
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        let expanded = expand(g.who.ix);
        for (app, server_step) in targets {
            if only.is_some_and(|o| !o.contains(&app)) {
                continue;
            }
            let data = Rc::new(self.grant_reach(grant, app));
            for (principal, chain) in expanded.iter() {
                let mut path = vec![self.start(*principal)];
                path.extend(chain.iter().cloned());
                path.push(grant_step.clone());
                path.extend(server_step.clone());
                out.push(Route {
                    principal: *principal,
                    app: Some(app),
                    level: g.level,
                    data: data.clone(),
                    path,
                    expired: g.expired(self.today),
                });
            }
        }
    }

    /// A hosting provider reaches everything the application holds, as admin.
    fn hosting_route(&self, app: AppIx, out: &mut Vec<Route>) {
        let inv = self.inv;
        let Some(p) = inv[app].hosting.as_ref().and_then(|h| h.provider.as_ref()) else {
            return;
        };
        if Some(p.ix) == inv.self_org {
            return;
        }
        let org = Target::Org(p.ix);
        let app_id = &inv[app].common.id;
        out.push(Route {
            principal: org,
            app: Some(app),
            level: Level::Admin,
            data: Rc::new(
                self.held[app.i()]
                    .iter()
                    .map(|h| (h.data, self.holding_step(app, h)))
                    .collect(),
            ),
            path: vec![
                self.start(org),
                Step::new(app_id, format!("hosts {app_id}"), Some(p.at)),
            ],
            expired: false,
        });
    }

    /// An organization, person or group at a receiving end of a flow reads
    /// the flow's data (members of a receiving group too).
    fn flow_routes(
        &self,
        flow: FlowIx,
        expand: &mut dyn FnMut(Target) -> Expansion,
        out: &mut Vec<Route>,
    ) {
        let inv = self.inv;
        let f = &inv[flow];
        let mut ends = vec![(f.to.ix, f.from.ix)];
        if f.bidirectional {
            ends.push((f.from.ix, f.to.ix));
        }
        for (end, other) in ends {
            if matches!(end, Target::App(_)) {
                continue;
            }
            let app = match other {
                Target::App(a) => Some(a),
                _ => None,
            };
            let names: Vec<&str> = f.data.iter().map(|d| &*d.id).collect();
            let receive = Step::new(
                &f.common.id,
                format!(
                    "receives {} from {} by flow {}",
                    if names.is_empty() {
                        "nothing".to_string()
                    } else {
                        names.join(", ")
                    },
                    inv.id(other),
                    f.common.id
                ),
                Some(f.common.at),
            );
            let data: Rc<Vec<(DataIx, Step)>> = Rc::new(
                f.data
                    .iter()
                    .map(|d| {
                        let fact = format!("flow {} carries {}", f.common.id, d.id);
                        (d.ix, Step::new(&d.id, fact, Some(d.at)))
                    })
                    .collect(),
            );
            for (principal, chain) in expand(end).iter() {
                let mut path = vec![self.start(*principal)];
                path.extend(chain.iter().cloned());
                path.push(receive.clone());
                out.push(Route {
                    principal: *principal,
                    app,
                    level: Level::Read,
                    data: data.clone(),
                    path,
                    expired: false,
                });
            }
        }
    }

    /// Who reaches `target`: a data category (and everything below it), an
    /// application, or a server (its applications).
    pub fn who(&self, target: Target, filter: &Filter) -> Vec<AccessRow> {
        self.who_cached(target, filter, &mut ExpansionCache::default())
    }

    /// `who`, reusing membership expansions across calls (for answering
    /// about every application in turn).
    pub fn who_cached(
        &self,
        target: Target,
        filter: &Filter,
        cache: &mut ExpansionCache,
    ) -> Vec<AccessRow> {
        let cache = &mut cache.0;
        let mut expand = |t: Target| self.members_down(t, cache);
        let mut routes = Vec::new();
        let (apps, data_scope): (Vec<AppIx>, Option<HashSet<DataIx>>) = match target {
            Target::Data(d) => {
                // Holders of an ancestor count too: a grant restricted to `d`
                // reaches `d` in an application that holds `health` (5.2).
                let mut apps = self.apps_holding(d);
                let mut up = self.inv[d].parent.as_ref().map(|p| p.ix);
                // Bounded: a loaded inventory has no parent cycle, but never loop.
                for _ in 0..self.inv.data.len() {
                    let Some(a) = up else { break };
                    apps.extend(self.holders[a.i()].iter().copied());
                    up = self.inv[a].parent.as_ref().map(|p| p.ix);
                }
                apps.sort();
                apps.dedup();
                (apps, Some(self.subtree(d).into_iter().collect()))
            }
            Target::App(a) => (vec![a], None),
            Target::Server(s) => (
                self.apps_on_server[s.i()].iter().map(|(a, _)| *a).collect(),
                None,
            ),
            _ => (Vec::new(), None),
        };
        let only: HashSet<AppIx> = apps.iter().copied().collect();
        // Grants on the applications and on their servers, each considered once.
        let mut grants: Vec<GrantIx> = Vec::new();
        for a in &apps {
            grants.extend(self.grants_to.get(&Target::App(*a)).into_iter().flatten());
            for (s, _) in self.servers_of(*a) {
                grants.extend(self.grants_to.get(&Target::Server(s)).into_iter().flatten());
            }
        }
        grants.sort();
        grants.dedup();
        for g in grants {
            self.grant_routes(g, Some(&only), &mut expand, &mut routes);
        }
        for a in &apps {
            self.hosting_route(*a, &mut routes);
        }
        if let Some(scope) = &data_scope {
            for (i, f) in self.inv.flows.iter().enumerate() {
                if f.data.iter().any(|d| scope.contains(&d.ix)) {
                    self.flow_routes(FlowIx(i as u32), &mut expand, &mut routes);
                }
            }
        }
        self.rows(routes, data_scope.as_ref(), filter, data_scope.is_none())
    }

    /// What a principal (person, account, group, organization) reaches.
    pub fn what(&self, principal: Target, filter: &Filter) -> Vec<AccessRow> {
        let mut routes = Vec::new();
        let ancestors = self.groups_up(principal);
        for (grantee, chain) in &ancestors {
            let one: Expansion = Rc::new(vec![(principal, chain.clone())]);
            let mut expand = |_t: Target| one.clone();
            for g in self.grants_by.get(grantee).into_iter().flatten() {
                self.grant_routes(*g, None, &mut expand, &mut routes);
            }
            let mut flows: Vec<FlowIx> = self.flows_to.get(grantee).cloned().unwrap_or_default();
            flows.extend(
                self.flows_from
                    .get(grantee)
                    .into_iter()
                    .flatten()
                    .filter(|f| self.inv[**f].bidirectional),
            );
            flows.sort();
            flows.dedup();
            for f in flows {
                self.flow_routes(f, &mut expand, &mut routes);
            }
        }
        if let Target::Org(o) = principal {
            for a in self.hosted_by.get(&o).into_iter().flatten() {
                self.hosting_route(*a, &mut routes);
            }
        }
        self.rows(routes, None, filter, true)
    }

    /// Merges routes into rows: for each (principal, application) and each
    /// category, the route with the highest level (then the shortest
    /// explanation) wins; a row per winning route.
    fn rows(
        &self,
        routes: Vec<Route>,
        scope: Option<&HashSet<DataIx>>,
        filter: &Filter,
        keep_empty: bool,
    ) -> Vec<AccessRow> {
        let inv = self.inv;
        let mut by_pair: HashMap<(Target, Option<AppIx>), Vec<Route>> = HashMap::default();
        let mut order: Vec<(Target, Option<AppIx>)> = Vec::new();
        for r in routes {
            let key = (r.principal, r.app);
            let entry = by_pair.entry(key).or_default();
            if entry.is_empty() {
                order.push(key);
            }
            entry.push(r);
        }
        let better = |a: &Route, b: &Route| {
            (a.level, std::cmp::Reverse(a.path.len())) > (b.level, std::cmp::Reverse(b.path.len()))
        };
        let mut rows = Vec::new();
        for key in order {
            let routes = &by_pair[&key];
            // For each category, the index of its best route.
            let mut best: Vec<(DataIx, usize, usize)> = Vec::new(); // (data, route, position in route)
            let mut index: HashMap<DataIx, usize> = HashMap::default();
            for (ri, r) in routes.iter().enumerate() {
                for (pi, (d, _)) in r.data.iter().enumerate() {
                    if scope.is_some_and(|s| !s.contains(d)) {
                        continue;
                    }
                    if filter.special && inv[*d].special.is_none() {
                        continue;
                    }
                    match index.get(d) {
                        Some(&bi) if !better(r, &routes[best[bi].1]) => {}
                        Some(&bi) => best[bi] = (*d, ri, pi),
                        None => {
                            index.insert(*d, best.len());
                            best.push((*d, ri, pi));
                        }
                    }
                }
            }
            let mut chosen: Vec<usize> = best.iter().map(|b| b.1).collect();
            chosen.sort_unstable();
            chosen.dedup();
            if chosen.is_empty() && keep_empty && !filter.special {
                let top = (0..routes.len()).fold(0, |acc, i| {
                    if better(&routes[i], &routes[acc]) {
                        i
                    } else {
                        acc
                    }
                });
                chosen.push(top);
            }
            for ri in chosen {
                let r = &routes[ri];
                let mine: Vec<&(DataIx, usize, usize)> =
                    best.iter().filter(|b| b.1 == ri).collect();
                let mut flags = Vec::new();
                if let Target::Person(p) = r.principal
                    && inv[p].inactive(self.today)
                {
                    flags.push("inactive");
                }
                if r.expired {
                    flags.push("expired");
                }
                rows.push(AccessRow {
                    principal: r.principal,
                    application: r.app,
                    level: r.level,
                    data: mine.iter().map(|b| b.0).collect(),
                    path: r.path.clone(),
                    holds: mine.iter().map(|b| r.data[b.2].1.clone()).collect(),
                    flags,
                });
            }
        }
        rows.retain(|row| {
            filter.level.is_none_or(|l| row.level.includes(l))
                && filter.kind.is_none_or(|k| row.principal.kind() == k)
        });
        rows.sort_by(|a, b| {
            let app = |r: &AccessRow| r.application.map(|x| &*inv[x].common.id);
            kind_rank(a.principal)
                .cmp(&kind_rank(b.principal))
                .then_with(|| inv.id(a.principal).cmp(inv.id(b.principal)))
                .then_with(|| app(a).cmp(&app(b)))
                .then_with(|| b.level.cmp(&a.level))
        });
        rows
    }
}

/// One effective access without its explanation: `principal` reaches
/// `data` in an application at `level`. What `who` on the application
/// answers, flattened to one fact per category, at a fraction of the cost
/// (no chain of facts is built): for storing every access of an inventory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fact {
    pub principal: Target,
    pub data: DataIx,
    pub level: Level,
    /// The principal is a person who has left.
    pub inactive: bool,
    /// The winning grant has expired.
    pub expired: bool,
}

/// A category a principal holds: the winner's level, chain length, expiry.
type Held = (DataIx, Level, usize, bool);

/// Membership depths already computed, by grantee (for [`Graph::facts`]).
#[derive(Default)]
pub struct DepthCache(HashMap<Target, Rc<Vec<(Target, usize)>>>);

impl Graph<'_> {
    /// The effective access of one application as facts: the same winners
    /// as `who` on the application (per principal and category, the highest
    /// level, then the shortest chain, then the first route), without
    /// building the chains.
    pub fn facts(&self, app: AppIx, cache: &mut DepthCache) -> Vec<Fact> {
        let inv = self.inv;
        // Per principal (in the order first met), its categories with the
        // winner's level, chain length and expiry: one map lookup per
        // principal and grant, the categories of one principal being few.
        let mut slot: HashMap<Target, usize> = HashMap::default();
        let mut per: Vec<(Target, Vec<Held>)> = Vec::new();
        let mut consider =
            |principal: Target, data: &[DataIx], level: Level, len: usize, expired| {
                let i = *slot.entry(principal).or_insert_with(|| {
                    per.push((principal, Vec::new()));
                    per.len() - 1
                });
                let held = &mut per[i].1;
                for d in data {
                    match held.iter_mut().find(|h| h.0 == *d) {
                        Some(cur) => {
                            if (level, std::cmp::Reverse(len)) > (cur.1, std::cmp::Reverse(cur.2)) {
                                *cur = (*d, level, len, expired);
                            }
                        }
                        None => held.push((*d, level, len, expired)),
                    }
                }
            };
        for grant in self.grants_on(app) {
            let g = &inv[grant];
            // principal, its memberships, the grant, the server hosting the application
            let fixed = 2 + usize::from(matches!(g.to.ix, Target::Server(_)));
            let data = self.grant_data(grant, app);
            if data.is_empty() {
                continue;
            }
            let expired = g.expired(self.today);
            let members = cache
                .0
                .entry(g.who.ix)
                .or_insert_with(|| Rc::new(self.member_depths(g.who.ix)))
                .clone();
            for (p, depth) in members.iter() {
                consider(*p, &data, g.level, depth + fixed, expired);
            }
        }
        if let Some(p) = inv[app].hosting.as_ref().and_then(|h| h.provider.as_ref())
            && Some(p.ix) != inv.self_org
        {
            for h in &self.held[app.i()] {
                consider(Target::Org(p.ix), &[h.data], Level::Admin, 2, false);
            }
        }
        let mut out = Vec::with_capacity(per.iter().map(|p| p.1.len()).sum());
        for (principal, held) in per {
            let inactive = matches!(principal, Target::Person(p) if inv[p].inactive(self.today));
            out.extend(held.into_iter().map(|(data, level, _, expired)| Fact {
                principal,
                data,
                level,
                inactive,
                expired,
            }));
        }
        out
    }
}

/// People first, then accounts, groups, organizations.
fn kind_rank(t: Target) -> u8 {
    match t {
        Target::Person(_) => 0,
        Target::Account(_) => 1,
        Target::Group(_) => 2,
        _ => 3,
    }
}
