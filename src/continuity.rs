//! Continuity: what each application needs to run again after an attack,
//! whether its recovery targets hold given what it depends on, and the
//! order in which to restore.
//!
//! An application depends on its servers and hosting provider (listed),
//! on the directory its users authenticate against (`auth.directory`), on
//! the backup system that restores it (`backup.system`), and on the
//! applications that send it data (flows ending at it, and the gateways
//! they pass through); dependencies are followed from application to
//! application. An application's *recovery time* is its measured
//! `backup.restore_time`, else its `rto` (a target, not a measure), else
//! unknown.

use crate::graph::Graph;
use crate::model::{AppIx, Duration, Inventory, Loc, ProcessingIx, Target};

/// Why one application depends on another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    Directory,
    BackupSystem,
    Upstream,
    Gateway,
}

impl Need {
    pub fn as_str(self) -> &'static str {
        match self {
            Need::Directory => "authenticates its users",
            Need::BackupSystem => "restores it",
            Need::Upstream => "sends it data",
            Need::Gateway => "relays its incoming data",
        }
    }
}

/// A direct dependency between applications, declared at `at`.
#[derive(Clone, Copy, Debug)]
pub struct Dependency {
    pub app: AppIx,
    pub need: Need,
    pub at: Loc,
}

/// The direct application dependencies of `a`, in a stable order, without
/// repeats.
pub fn dependencies(inv: &Inventory, g: &Graph, a: AppIx) -> Vec<Dependency> {
    let app = &inv[a];
    let mut out: Vec<Dependency> = Vec::new();
    let mut add = |d: AppIx, need: Need, at: Loc| {
        if d != a && !out.iter().any(|x| x.app == d) {
            out.push(Dependency { app: d, need, at });
        }
    };
    if let Some(d) = app.auth.as_ref().and_then(|x| x.directory.as_ref()) {
        add(d.ix, Need::Directory, d.at);
    }
    if let Some(b) = app.backup.as_ref().and_then(|x| x.system.as_ref()) {
        add(b.ix, Need::BackupSystem, b.at);
    }
    for f in g.flows_at(Target::App(a)) {
        let fl = &inv[f];
        let other = if fl.to.ix == Target::App(a) {
            Some(fl.from.ix)
        } else if fl.bidirectional {
            Some(fl.to.ix)
        } else {
            None
        };
        // A backup system does not need what it backs up to run.
        let backs_up = |src: AppIx| {
            inv[src]
                .backup
                .as_ref()
                .and_then(|b| b.system.as_ref())
                .is_some_and(|s| s.ix == a)
        };
        if let Some(Target::App(src)) = other
            && !backs_up(src)
        {
            for v in &fl.via {
                add(v.ix, Need::Gateway, v.at);
            }
            add(src, Need::Upstream, fl.common.at);
        }
    }
    out
}

/// An application's recovery time, and which field says it.
pub fn recovery(inv: &Inventory, a: AppIx) -> Option<(Duration, &'static str)> {
    let app = &inv[a];
    app.backup
        .as_ref()
        .and_then(|b| b.restore_time)
        .map(|d| (d, "backup restore time"))
        .or(app.rto.map(|d| (d, "RTO")))
}

/// The first thing that breaks a recovery target.
#[derive(Clone, Debug)]
pub struct Break {
    /// The dependency chain from the application to the culprit.
    pub chain: Vec<Dependency>,
    pub time: Duration,
    pub what: &'static str,
}

/// Every application's direct dependencies, and for each the longest
/// recovery time among everything it depends on, transitively (computed
/// once over the dependency graph's strongly connected components, so the
/// whole inventory costs linear time).
pub struct Dependencies {
    pub direct: Vec<Vec<Dependency>>,
    /// The longest known recovery time below each application (in hours).
    worst_below: Vec<f64>,
}

impl Dependencies {
    pub fn build(inv: &Inventory, g: &Graph) -> Dependencies {
        use petgraph::graph::{DiGraph, NodeIndex};
        let n = inv.applications.len();
        let direct: Vec<Vec<Dependency>> = (0..n)
            .map(|i| dependencies(inv, g, AppIx(i as u32)))
            .collect();
        let mut dg: DiGraph<(), ()> = DiGraph::with_capacity(n, 0);
        for _ in 0..n {
            dg.add_node(());
        }
        for (a, ds) in direct.iter().enumerate() {
            for d in ds {
                dg.add_edge(NodeIndex::new(a), NodeIndex::new(d.app.i()), ());
            }
        }
        let own: Vec<f64> = (0..n)
            .map(|i| recovery(inv, AppIx(i as u32)).map_or(0.0, |(d, _)| d.hours()))
            .collect();
        let mut worst_below = vec![0.0f64; n];
        // Components come dependencies first: each one's answer is ready
        // when a component that depends on it is reached.
        let mut component = vec![usize::MAX; n];
        for (c, scc) in petgraph::algo::kosaraju_scc(&dg).into_iter().enumerate() {
            for node in &scc {
                component[node.index()] = c;
            }
            let mut worst = 0.0f64;
            for node in &scc {
                for d in &direct[node.index()] {
                    let j = d.app.i();
                    worst = worst.max(own[j]);
                    if component[j] != c {
                        worst = worst.max(worst_below[j]);
                    }
                }
            }
            for node in &scc {
                worst_below[node.index()] = worst;
            }
        }
        Dependencies {
            direct,
            worst_below,
        }
    }

    /// The nearest dependency (breadth first, transitively) whose recovery
    /// time exceeds `target`.
    pub fn first_break(&self, inv: &Inventory, a: AppIx, target: Duration) -> Option<Break> {
        if self.worst_below[a.i()] <= target.hours() {
            return None;
        }
        let mut seen = crate::hash::HashSet::default();
        seen.insert(a);
        let mut queue: Vec<(AppIx, usize)> = vec![(a, usize::MAX)];
        let mut steps: Vec<(Dependency, usize)> = Vec::new();
        let mut k = 0;
        while k < queue.len() {
            let (cur, parent) = queue[k];
            k += 1;
            for d in &self.direct[cur.i()] {
                if !seen.insert(d.app) {
                    continue;
                }
                steps.push((*d, parent));
                let me = steps.len() - 1;
                if let Some((time, what)) = recovery(inv, d.app)
                    && time.hours() > target.hours()
                {
                    let mut chain = vec![*d];
                    let mut p = parent;
                    while p != usize::MAX {
                        chain.push(steps[p].0);
                        p = steps[p].1;
                    }
                    chain.reverse();
                    return Some(Break { chain, time, what });
                }
                queue.push((d.app, me));
            }
        }
        None
    }
}

/// One line of the continuity answer.
#[derive(Clone, Debug)]
pub struct Objective {
    /// The application, or the processing whose `rto` is checked.
    pub subject: Target,
    pub rto: Option<Duration>,
    pub rpo: Option<Duration>,
    /// For a processing: its applications; for an application: itself.
    pub apps: Vec<AppIx>,
    pub problems: Vec<String>,
    pub broken_by: Option<(AppIx, Break)>,
}

/// The recovery targets of every application with an `rto` and every
/// processing with one, checked against their backups and dependencies.
pub fn check_all(inv: &Inventory, g: &Graph) -> Vec<Objective> {
    let deps = Dependencies::build(inv, g);
    let mut out = Vec::new();
    for (i, app) in inv.applications.iter().enumerate() {
        let a = AppIx(i as u32);
        if app.rto.is_none() && app.rpo.is_none() {
            continue;
        }
        out.push(check_app(inv, &deps, a));
    }
    for (i, p) in inv.processings.iter().enumerate() {
        let Some(rto) = p.rto else {
            continue;
        };
        let apps: Vec<AppIx> = p.applications.iter().map(|a| a.ix).collect();
        let mut problems = Vec::new();
        let mut broken_by = None;
        for a in &apps {
            if let Some((t, what)) = recovery(inv, *a)
                && t.hours() > rto.hours()
            {
                problems.push(format!(
                    "its application `{}` has a {what} of {t}",
                    inv[*a].common.id
                ));
            }
            if broken_by.is_none() {
                broken_by = deps.first_break(inv, *a, rto).map(|b| (*a, b));
            }
        }
        out.push(Objective {
            subject: Target::Processing(ProcessingIx(i as u32)),
            rto: Some(rto),
            rpo: p.rpo,
            apps,
            problems,
            broken_by,
        });
    }
    out
}

/// Everything an application depends on, transitively, nearest first:
/// each dependency with the application that needs it.
pub fn closure(deps: &Dependencies, a: AppIx) -> Vec<(AppIx, Dependency)> {
    let mut seen = crate::hash::HashSet::default();
    seen.insert(a);
    let mut out: Vec<(AppIx, Dependency)> = Vec::new();
    let mut k = 0;
    let mut queue = vec![a];
    while k < queue.len() {
        let cur = queue[k];
        k += 1;
        for d in &deps.direct[cur.i()] {
            if seen.insert(d.app) {
                out.push((cur, *d));
                queue.push(d.app);
            }
        }
    }
    out
}

/// What an application's own backups cannot keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackupProblem {
    /// Backups less frequent than the RPO allows.
    Frequency { every: Duration, rpo: Duration },
    /// A measured restore longer than the RTO allows.
    Restore { takes: Duration, rto: Duration },
}

impl BackupProblem {
    /// Every problem of an application's backups against its `rpo` and `rto`.
    pub fn of(app: &crate::model::Application) -> Vec<BackupProblem> {
        let mut out = Vec::new();
        let b = app.backup.as_ref();
        if let (Some(rpo), Some(every)) = (app.rpo, b.and_then(|b| b.frequency))
            && every.hours() > rpo.hours()
        {
            out.push(BackupProblem::Frequency { every, rpo });
        }
        if let (Some(rto), Some(takes)) = (app.rto, b.and_then(|b| b.restore_time))
            && takes.hours() > rto.hours()
        {
            out.push(BackupProblem::Restore { takes, rto });
        }
        out
    }

    /// The English template and its two values.
    pub fn template(self) -> (&'static str, Duration, Duration) {
        match self {
            BackupProblem::Frequency { every, rpo } => {
                ("backups every {} cannot meet its RPO of {}", every, rpo)
            }
            BackupProblem::Restore { takes, rto } => {
                ("its restore takes {}, over its RTO of {}", takes, rto)
            }
        }
    }
}

/// What an application's own backups cannot meet, as sentences in a
/// language: a `frequency` longer than its `rpo`, a measured
/// `restore_time` longer than its `rto`.
pub fn backup_problems(
    l: crate::export::lang::Words,
    app: &crate::model::Application,
) -> Vec<String> {
    BackupProblem::of(app)
        .into_iter()
        .map(|p| {
            let (template, a, b) = p.template();
            l.f(template, &[&a, &b])
        })
        .collect()
}

/// The recovery targets of one application.
pub fn check_app(inv: &Inventory, deps: &Dependencies, a: AppIx) -> Objective {
    let app = &inv[a];
    let broken_by = app
        .rto
        .and_then(|rto| deps.first_break(inv, a, rto))
        .map(|b| (a, b));
    Objective {
        subject: Target::App(a),
        rto: app.rto,
        rpo: app.rpo,
        apps: vec![a],
        problems: backup_problems(crate::export::lang::Words(crate::model::Language::En), app),
        broken_by,
    }
}

/// The sentence for a break in a language: "depends on `directory`
/// (authenticates its users), whose backup restore time is 24h".
pub fn break_sentence(l: crate::export::lang::Words, inv: &Inventory, b: &Break) -> String {
    let chain: Vec<String> = b
        .chain
        .iter()
        .map(|d| format!("`{}` ({})", inv[d.app].common.id, l.t(d.need.as_str())))
        .collect();
    l.f(
        "depends on {}, whose {} is {}",
        &[
            &chain.join(l.t(", which depends on ")),
            &l.t(b.what),
            &b.time,
        ],
    )
}

/// [`break_sentence`] in English, as findings and the command line say it.
pub fn break_sentence_en(inv: &Inventory, b: &Break) -> String {
    break_sentence(
        crate::export::lang::Words(crate::model::Language::En),
        inv,
        b,
    )
}

/// The order in which to restore `roots` and everything they depend on:
/// dependencies first; applications that depend on each other (a cycle of
/// flows) come together, the shortest RTO first. Among the groups whose
/// dependencies are all restored, the most urgent comes next: the one with
/// the shortest RTO among itself and everything waiting for it, then the
/// inventory's order (so the order is the same however the graph is walked).
pub fn restore_order(inv: &Inventory, deps: &Dependencies, roots: &[AppIx]) -> Vec<Vec<AppIx>> {
    use petgraph::graph::{DiGraph, NodeIndex};
    let mut dg: DiGraph<AppIx, ()> = DiGraph::new();
    let mut index: crate::hash::HashMap<AppIx, NodeIndex> = Default::default();
    let mut queue: Vec<AppIx> = Vec::new();
    for r in roots {
        if !index.contains_key(r) {
            index.insert(*r, dg.add_node(*r));
            queue.push(*r);
        }
    }
    let mut k = 0;
    while k < queue.len() {
        let a = queue[k];
        k += 1;
        for d in &deps.direct[a.i()] {
            let n = *index.entry(d.app).or_insert_with(|| {
                queue.push(d.app);
                dg.add_node(d.app)
            });
            dg.add_edge(index[&a], n, ());
        }
    }
    // Kosaraju's algorithm (iterative: no recursion on a long chain) yields
    // the groups in reverse topological order: dependencies first.
    let rto = |a: AppIx| inv[a].rto.map_or(f64::MAX, |d| d.hours());
    let groups: Vec<Vec<AppIx>> = petgraph::algo::kosaraju_scc(&dg)
        .into_iter()
        .map(|scc| {
            let mut apps: Vec<AppIx> = scc.into_iter().map(|n| dg[n]).collect();
            apps.sort_by(|x, y| rto(*x).total_cmp(&rto(*y)).then(x.cmp(y)));
            apps
        })
        .collect();
    let mut group = vec![0; dg.node_count()];
    for (g, apps) in groups.iter().enumerate() {
        for a in apps {
            group[index[a].index()] = g;
        }
    }
    // Each group's dependencies and dependents (other groups), and its
    // urgency: the shortest RTO of its own and of the groups waiting for it,
    // passed down from dependents (which come later) to dependencies.
    let mut needs: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    let mut waiting: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    for e in dg.raw_edges() {
        let (from, to) = (group[e.source().index()], group[e.target().index()]);
        if from != to {
            needs[from].push(to);
            waiting[to].push(from);
        }
    }
    let mut urgency: Vec<f64> = groups.iter().map(|apps| rto(apps[0])).collect();
    for g in (0..groups.len()).rev() {
        for &d in &needs[g] {
            urgency[d] = urgency[d].min(urgency[g]);
        }
    }
    // Restored one at a time, the most urgent ready group first (RTOs are
    // not negative: their bits order as the numbers do).
    let mut left: Vec<usize> = needs.iter().map(Vec::len).collect();
    let key = |g: usize| std::cmp::Reverse((urgency[g].to_bits(), groups[g][0], g));
    let mut ready: std::collections::BinaryHeap<_> = (0..groups.len())
        .filter(|g| left[*g] == 0)
        .map(key)
        .collect();
    let mut order = Vec::with_capacity(groups.len());
    while let Some(std::cmp::Reverse((_, _, g))) = ready.pop() {
        order.push(g);
        for &w in &waiting[g] {
            left[w] -= 1;
            if left[w] == 0 {
                ready.push(key(w));
            }
        }
    }
    let mut groups: Vec<Option<Vec<AppIx>>> = groups.into_iter().map(Some).collect();
    order.into_iter().filter_map(|g| groups[g].take()).collect()
}
