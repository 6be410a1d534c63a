//! The derived view of an inventory (section 4 of the format): what each
//! application holds, who reaches which data and why, where data goes.
//! Built once per run from the model; every answer carries the chain of
//! facts that makes it true ([`Step`]s with their `file:line`).

mod access;
mod gdpr;
mod ght;
mod impact;
mod path;
mod reach;

pub use access::{AccessRow, DepthCache, ExpansionCache, Fact, Filter};
pub use gdpr::{Cover, ProcessingTransfer, Recipient, Through, dpia_reasons};
pub use ght::Usage;
pub use impact::{Impact, Notification};
pub use path::Link;
pub use reach::{Reach, TransferPair};

use crate::hash::HashMap;
use crate::model::{
    AppIx, DataIx, Date, FlowIx, GrantIx, GroupIx, Id, Inventory, Loc, OrgIx, ServerIx, Target,
    TargetMap,
};
use petgraph::graph::{NodeIndex, UnGraph};
use std::sync::Arc;

/// One fact of an explanation: a sentence naming an entity, and where the
/// inventory says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The entity or category this step arrives at.
    pub id: Id,
    /// The relation, as read: "member of", "grant read on", "holds".
    /// Shared: a fact repeats in thousands of answers.
    pub fact: Arc<str>,
    pub at: Option<Loc>,
}

impl Step {
    pub fn new(id: &Id, fact: impl Into<String>, at: Option<Loc>) -> Step {
        Step {
            id: id.clone(),
            fact: Arc::from(fact.into()),
            at,
        }
    }
}

/// Why an application holds a data category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// Written in the application's `data`.
    Declared(Loc),
    /// Received through a flow that ends at the application.
    Received(FlowIx),
    /// Passed through the application, a gateway in the flow's `via`.
    Relayed(FlowIx),
}

/// A data category held by an application, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Holding {
    pub data: DataIx,
    pub how: How,
}

/// The derived graph of one inventory.
pub struct Graph<'a> {
    pub inv: &'a Inventory,
    pub today: Date,
    /// Every entity and category, linked by every declared relation.
    pub(crate) links: UnGraph<Target, (&'static str, Loc, bool)>,
    /// The graph node of each target (nodes are added in the map's order).
    pub(crate) node: TargetMap<()>,
    /// Per application: what it holds, first reason first.
    pub held: Vec<Vec<Holding>>,
    /// Per data category: the applications that hold it.
    pub(crate) holders: Vec<Vec<AppIx>>,
    /// Per server: the applications on it, with where that is written.
    pub(crate) apps_on_server: Vec<Vec<(AppIx, Loc)>>,
    /// Grants by target (application or server) and by grantee.
    pub(crate) grants_to: TargetMap<Vec<GrantIx>>,
    pub(crate) grants_by: TargetMap<Vec<GrantIx>>,
    /// Direct groups of each principal, with where the membership is written.
    pub(crate) groups_of: TargetMap<Vec<(GroupIx, Loc)>>,
    /// Flows by the entity at each end.
    pub(crate) flows_from: TargetMap<Vec<FlowIx>>,
    pub(crate) flows_to: TargetMap<Vec<FlowIx>>,
    /// Flows by the gateway they pass through.
    pub(crate) flows_via: HashMap<AppIx, Vec<FlowIx>>,
    /// Applications by hosting provider (explicit providers only).
    pub(crate) hosted_by: HashMap<OrgIx, Vec<AppIx>>,
    /// Whether the inventory is a hospital group (computed on first use).
    pub(crate) group: std::sync::OnceLock<bool>,
}

impl<'a> Graph<'a> {
    /// Builds the graph; linear in the size of the inventory.
    pub fn build(inv: &'a Inventory) -> Graph<'a> {
        let mut links = UnGraph::with_capacity(inv.entity_count() + inv.data.len(), 0);
        let node = TargetMap::new(inv);
        for k in crate::model::Kind::ALL {
            for t in inv.targets(k) {
                links.add_node(t);
            }
        }
        for r in inv.all_relations() {
            if let (Some(a), Some(b)) = (node.slot(r.from), node.slot(r.to)) {
                // The flag says whether the edge leads into the taxonomy.
                let taxonomy =
                    matches!(r.to, Target::Data(_) | Target::Subject(_) | Target::Use(_));
                links.add_edge(
                    NodeIndex::new(a),
                    NodeIndex::new(b),
                    (r.field, r.at, taxonomy),
                );
            }
        }

        let mut apps_on_server = vec![Vec::new(); inv.servers.len()];
        let mut hosted_by: HashMap<OrgIx, Vec<AppIx>> = HashMap::default();
        for (i, a) in inv.applications.iter().enumerate() {
            let app = AppIx(i as u32);
            for s in &a.servers {
                apps_on_server[s.ix.i()].push((app, s.at));
            }
            if let Some(p) = a.hosting.as_ref().and_then(|h| h.provider.as_ref())
                && Some(p.ix) != inv.self_org
            {
                hosted_by.entry(p.ix).or_default().push(app);
            }
        }
        let mut grants_to: TargetMap<Vec<GrantIx>> = TargetMap::new(inv);
        let mut grants_by: TargetMap<Vec<GrantIx>> = TargetMap::new(inv);
        for (i, g) in inv.grants.iter().enumerate() {
            if let Some(v) = grants_to.get_mut(g.to.ix) {
                v.push(GrantIx(i as u32));
            }
            if let Some(v) = grants_by.get_mut(g.who.ix) {
                v.push(GrantIx(i as u32));
            }
        }
        let mut groups_of: TargetMap<Vec<(GroupIx, Loc)>> = TargetMap::new(inv);
        for (i, g) in inv.groups.iter().enumerate() {
            for m in &g.members {
                if let Some(v) = groups_of.get_mut(m.ix) {
                    v.push((GroupIx(i as u32), m.at));
                }
            }
        }
        let mut flows_from: TargetMap<Vec<FlowIx>> = TargetMap::new(inv);
        let mut flows_to: TargetMap<Vec<FlowIx>> = TargetMap::new(inv);
        let mut flows_via: HashMap<AppIx, Vec<FlowIx>> = HashMap::default();
        for (i, f) in inv.flows.iter().enumerate() {
            if let Some(v) = flows_from.get_mut(f.from.ix) {
                v.push(FlowIx(i as u32));
            }
            if let Some(v) = flows_to.get_mut(f.to.ix) {
                v.push(FlowIx(i as u32));
            }
            for v in &f.via {
                flows_via.entry(v.ix).or_default().push(FlowIx(i as u32));
            }
        }
        let held = holdings(inv);
        let mut holders = vec![Vec::new(); inv.data.len()];
        for (a, hs) in held.iter().enumerate() {
            for h in hs {
                holders[h.data.i()].push(AppIx(a as u32));
            }
        }
        Graph {
            inv,
            today: Date::today(),
            links,
            node,
            held,
            holders,
            apps_on_server,
            grants_to,
            grants_by,
            group: std::sync::OnceLock::new(),
            groups_of,
            flows_from,
            flows_to,
            flows_via,
            hosted_by,
        }
    }

    /// Whether an application holds personal data (declared or received).
    pub fn holds_personal(&self, app: AppIx) -> bool {
        self.held[app.i()].iter().any(|h| self.inv[h.data].personal)
    }

    /// Every data category at or below `d`.
    pub fn subtree(&self, d: DataIx) -> Vec<DataIx> {
        (0..self.inv.data.len() as u32)
            .map(DataIx)
            .filter(|x| self.inv.data_within(*x, d))
            .collect()
    }

    /// The applications that hold `d` or a category below it.
    pub fn apps_holding(&self, d: DataIx) -> Vec<AppIx> {
        let mut apps: Vec<AppIx> = self
            .subtree(d)
            .into_iter()
            .flat_map(|x| self.holders[x.i()].iter().copied())
            .collect();
        apps.sort();
        apps.dedup();
        apps
    }

    /// The step that explains why `app` holds `h`.
    pub fn holding_step(&self, app: AppIx, h: &Holding) -> Step {
        let inv = self.inv;
        let data = &inv[h.data].common.id;
        let name = &inv[app].common.id;
        match h.how {
            How::Declared(at) => Step::new(data, format!("{name} holds {data}"), Some(at)),
            How::Received(f) => {
                let fl = &inv[f];
                let from = if fl.to.ix == Target::App(app) {
                    &fl.from.id
                } else {
                    &fl.to.id
                };
                Step::new(
                    data,
                    format!(
                        "{name} receives {data} from {from} by flow {}",
                        fl.common.id
                    ),
                    Some(fl.common.at),
                )
            }
            How::Relayed(f) => Step::new(
                data,
                format!("{name} relays {data} in flow {}", inv[f].common.id),
                Some(inv[f].common.at),
            ),
        }
    }

    /// The servers an application runs on (for grants on servers).
    pub fn servers_of(&self, app: AppIx) -> impl Iterator<Item = (ServerIx, Loc)> + '_ {
        self.inv[app].servers.iter().map(|s| (s.ix, s.at))
    }
}

/// Section 4.2: declared data, plus the data of every flow ending at the
/// application (and starting there when bidirectional), plus the data of
/// flows relayed by a gateway in `via`.
fn holdings(inv: &Inventory) -> Vec<Vec<Holding>> {
    let mut held: Vec<Vec<Holding>> = inv
        .applications
        .iter()
        .map(|a| {
            a.data
                .iter()
                .map(|d| Holding {
                    data: d.ix,
                    how: How::Declared(d.at),
                })
                .collect()
        })
        .collect();
    for (i, f) in inv.flows.iter().enumerate() {
        let flow = FlowIx(i as u32);
        let mut receivers = vec![(f.to.ix, How::Received(flow))];
        if f.bidirectional {
            receivers.push((f.from.ix, How::Received(flow)));
        }
        for v in &f.via {
            receivers.push((Target::App(v.ix), How::Relayed(flow)));
        }
        for (t, how) in receivers {
            if let Target::App(a) = t {
                for d in &f.data {
                    held[a.i()].push(Holding { data: d.ix, how });
                }
            }
        }
    }
    for hs in &mut held {
        // Keep the first reason for each category (declared ones come first).
        let mut seen = crate::hash::HashSet::default();
        hs.retain(|h| seen.insert(h.data));
    }
    held
}

/// The word for a principal's kind in answers: person, account, group,
/// organization (other targets: their noun).
pub fn kind_word(t: Target) -> &'static str {
    match t {
        Target::Person(_) => "person",
        Target::Account(_) => "account",
        Target::Group(_) => "group",
        Target::Org(_) => "organization",
        other => other.kind().noun(),
    }
}

/// Renders a chain of steps: `alice -> member of cardiology (access/groups.yaml:12) -> ...`.
pub fn render_path(inv: &Inventory, path: &[Step]) -> String {
    path.iter()
        .enumerate()
        .map(|(i, s)| {
            let text = if i == 0 && s.fact.is_empty() {
                s.id.to_string()
            } else {
                s.fact.to_string()
            };
            match s.at {
                Some(at) => format!("{text} ({})", inv.sources.file_line(at)),
                None => text,
            }
        })
        .collect::<Vec<_>>()
        .join(" -> ")
}

/// A path as JSON: each step names an entity id, its fact and its place.
pub fn path_json(inv: &Inventory, path: &[Step]) -> serde_json::Value {
    serde_json::to_value(
        path.iter()
            .map(|s| StepJson::of(inv, s))
            .collect::<Vec<_>>(),
    )
    .unwrap_or_default()
}

/// One step of an explanation as JSON (`id`, `fact`, `file`, `line`),
/// borrowed: large answers serialize without a value tree.
#[derive(serde::Serialize)]
pub struct StepJson<'a> {
    id: &'a str,
    fact: &'a str,
    file: Option<&'a str>,
    line: Option<u32>,
}

impl<'a> StepJson<'a> {
    pub fn of(inv: &'a Inventory, s: &'a Step) -> StepJson<'a> {
        let at = s.at.filter(|l| !l.is_builtin());
        StepJson {
            id: &s.id,
            fact: &s.fact,
            file: at.map(|l| inv.sources.path(l)),
            line: at.map(|l| l.line),
        }
    }
}
