//! The views of `carto diagram`: each turns the inventory (and its graph)
//! into a [`Diagram`].

use super::{Diagram, Shape};
use crate::graph::{Filter, Graph};
use crate::model::{AppIx, AppKind, DataIx, FlowIx, Inventory, OrgIx, OrgKind, Target};
use std::collections::BTreeMap;

/// A view, with its argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Organizations and the data flowing between them, by country.
    Ecosystem,
    /// Applications by zone (or site, or provider), flows labelled, gateways in between.
    Applications,
    /// The flows only, grouped by protocol.
    Flows,
    /// Where one category lives and goes.
    Data(DataIx),
    /// Who reaches one application or category, through which groups.
    Access(Target),
    /// Sites, zones, servers, applications.
    Infrastructure,
    /// Processings, their applications and data.
    Gdpr,
}

/// How the applications view groups applications.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClusterBy {
    Zone,
    Site,
    Org,
    None,
}

impl ClusterBy {
    pub fn parse(s: &str) -> Option<ClusterBy> {
        match s {
            "zone" => Some(ClusterBy::Zone),
            "site" => Some(ClusterBy::Site),
            "org" | "organization" => Some(ClusterBy::Org),
            "none" => Some(ClusterBy::None),
            _ => None,
        }
    }
}

/// The key of a data category's node (entities and categories may share ids).
fn data_key(inv: &Inventory, d: DataIx) -> String {
    format!("data:{}", inv[d].common.id)
}

fn short_list(items: &[String], max: usize) -> String {
    if items.len() <= max {
        items.join(", ")
    } else {
        format!("{} +{}", items[..max].join(", "), items.len() - max)
    }
}

fn app_shape(k: AppKind) -> Shape {
    match k {
        AppKind::Application => Shape::Application,
        AppKind::Database => Shape::Database,
        AppKind::Saas => Shape::Saas,
        AppKind::Device => Shape::Device,
        AppKind::Gateway => Shape::Gateway,
    }
}

/// Whether data sent to this organization leaves the EEA without adequacy.
fn org_exposed(g: &Graph, o: OrgIx) -> bool {
    g.inv[o].country.is_some_and(|c| !g.adequate_for(o, c))
}

fn app_node(d: &mut Diagram, g: &Graph, a: AppIx) -> usize {
    let inv = g.inv;
    let app = &inv[a];
    let i = d.node(
        &app.common.id,
        app.common.display_name(),
        app_shape(app.kind),
    );
    let n = &mut d.nodes[i];
    n.special = g.held[a.i()].iter().any(|h| inv[h.data].special.is_some());
    n.exposed = app.internet_facing == Some(true)
        || inv
            .provider(a)
            .is_some_and(|o| g.app_countries(a).iter().any(|c| !g.adequate_for(o, *c)));
    n.tags = app.common.tags.clone();
    i
}

fn target_node(d: &mut Diagram, g: &Graph, t: Target) -> usize {
    let inv = g.inv;
    match t {
        Target::App(a) => app_node(d, g, a),
        Target::Org(o) => {
            let shape = if inv.self_org == Some(o) {
                Shape::SelfOrg
            } else {
                Shape::Organization
            };
            let c = &inv[o].common;
            let i = d.node(&c.id, c.display_name(), shape);
            d.nodes[i].exposed = org_exposed(g, o);
            d.nodes[i].tags = c.tags.clone();
            i
        }
        Target::Data(x) => {
            let key = data_key(inv, x);
            let i = d.node(&key, &inv[x].common.id, Shape::Data);
            d.nodes[i].special = inv[x].special.is_some();
            i
        }
        other => {
            let shape = match other {
                Target::Person(_) => Shape::Person,
                Target::Group(_) => Shape::Group,
                Target::Account(_) => Shape::Account,
                Target::Server(_) => Shape::Server,
                Target::Processing(_) => Shape::Processing,
                _ => Shape::Application,
            };
            let c = inv.common(other);
            let i = d.node(&c.id, c.display_name(), shape);
            d.nodes[i].tags = c.tags.clone();
            i
        }
    }
}

fn flow_label(inv: &Inventory, f: FlowIx) -> (String, bool, bool) {
    let fl = &inv[f];
    // The most sensitive category names the flow; the rest is counted (and
    // listed in the tooltip).
    let mut data: Vec<(bool, String)> = fl
        .data
        .iter()
        .map(|d| (inv[d.ix].special.is_none(), d.id.to_string()))
        .collect();
    data.sort_by_key(|(ordinary, _)| *ordinary);
    let data: Vec<String> = data.into_iter().map(|(_, id)| id).collect();
    let proto = fl.protocol.as_deref().unwrap_or("?");
    let special = fl.data.iter().any(|d| inv[d.ix].special.is_some());
    let dashed = fl.encrypted != Some(true) && fl.data.iter().any(|d| inv[d.ix].personal);
    let label = if data.is_empty() {
        proto.to_string()
    } else {
        format!("{proto}: {}", short_list(&data, 1))
    };
    (label, dashed, special)
}

/// A flow's detail on hover: id, `file:line`, protocol and every category.
fn flow_tip(inv: &Inventory, f: FlowIx) -> String {
    let fl = &inv[f];
    let data: Vec<&str> = fl.data.iter().map(|x| &*x.id).collect();
    format!(
        "flow {} ({}): {} {}",
        fl.common.id,
        inv.sources.file_line(fl.common.at),
        fl.protocol.as_deref().unwrap_or("protocol unspecified"),
        data.join(", ")
    )
}

/// A flow drawn through its gateways: from -> via... -> to, the label on the first hop.
/// `with_data: false` names the edge by its protocol alone (the data view,
/// whose title names the data).
fn flow_edges(d: &mut Diagram, g: &Graph, f: FlowIx, with_data: bool) {
    let inv = g.inv;
    let fl = &inv[f];
    let (mut label, dashed, special) = flow_label(inv, f);
    if !with_data {
        label = fl.protocol.clone().unwrap_or_else(|| "?".into());
    }
    let mut chain = vec![target_node(d, g, fl.from.ix)];
    chain.extend(fl.via.iter().map(|v| app_node(d, g, v.ix)));
    chain.push(target_node(d, g, fl.to.ix));
    for (k, w) in chain.windows(2).enumerate() {
        let l = if k == 0 { label.clone() } else { String::new() };
        let k = d.edge(w[0], w[1], l, dashed, special);
        d.edges[k].both_ways |= fl.bidirectional;
        if d.edges[k].tip.is_empty() {
            d.edges[k].tip = flow_tip(inv, f);
        }
    }
}

fn zone_cluster(
    d: &mut Diagram,
    inv: &Inventory,
    a: AppIx,
    by: ClusterBy,
    g: &Graph,
) -> Option<usize> {
    let app = &inv[a];
    match by {
        ClusterBy::None => None,
        ClusterBy::Zone => app.zone.as_ref().map(|z| {
            let zone = &inv[z.ix];
            d.cluster(
                &format!("{} ({})", zone.common.display_name(), zone.trust),
                None,
            )
        }),
        ClusterBy::Site => g
            .app_sites(a)
            .first()
            .map(|s| d.cluster(inv[*s].common.display_name(), None)),
        ClusterBy::Org => inv
            .provider(a)
            .map(|o| d.cluster(inv[o].common.display_name(), None)),
    }
}

/// Builds a view's diagram.
pub fn build(g: &Graph, view: View, by: ClusterBy) -> Diagram {
    let mut d = build_view(g, view, by);
    // Every node's detail on hover: its kind, id and where it is declared.
    let inv = g.inv;
    for n in &mut d.nodes {
        let id = n
            .entity
            .rsplit_once(':')
            .map_or(n.entity.as_str(), |(_, id)| id);
        if let Some(t) = inv.lookup(id).into_iter().next() {
            let at = inv.common(t).at;
            n.tip = format!(
                "{} {}{}",
                crate::graph::kind_word(t),
                id,
                if at.is_builtin() {
                    String::new()
                } else {
                    format!(" ({})", inv.sources.file_line(at))
                }
            );
        }
    }
    d
}

fn build_view(g: &Graph, view: View, by: ClusterBy) -> Diagram {
    let inv = g.inv;
    match view {
        View::Ecosystem => ecosystem(g),
        View::Applications => {
            let mut d = Diagram::new("Applications and flows");
            for i in 0..inv.applications.len() as u32 {
                let a = AppIx(i);
                let n = app_node(&mut d, g, a);
                d.nodes[n].cluster = zone_cluster(&mut d, inv, a, by, g);
            }
            for f in 0..inv.flows.len() as u32 {
                flow_edges(&mut d, g, FlowIx(f), true);
            }
            d
        }
        View::Flows => flows(g, by),
        View::Data(x) => {
            // Every node holds the category: red would mark them all, so
            // the title says what class of data it is and red stays unused.
            let class = if inv[x].special.is_some() {
                " (special category)"
            } else if inv[x].personal {
                " (personal data)"
            } else {
                ""
            };
            let mut d = Diagram::new(format!("Where {}{class} lives and goes", inv[x].common.id));
            let r = g.reach(x);
            for (a, _) in &r.applications {
                let n = app_node(&mut d, g, *a);
                d.nodes[n].cluster = zone_cluster(&mut d, inv, *a, by, g);
            }
            for f in &r.flows {
                flow_edges(&mut d, g, *f, false);
            }
            for (o, how) in &r.organizations {
                // The organization itself running its own applications is
                // the whole picture, not a node floating beside it.
                if inv.self_org == Some(*o) && how.fact.starts_with("runs") {
                    continue;
                }
                let n = target_node(&mut d, g, Target::Org(*o));
                if how.fact.starts_with("runs") {
                    // The provider runs applications: link it to them.
                    for (a, _) in &r.applications {
                        if inv.provider(*a) == Some(*o) && inv.self_org != Some(*o) {
                            let an = app_node(&mut d, g, *a);
                            d.edge(n, an, "hosts".into(), false, false);
                        }
                    }
                }
            }
            for n in &mut d.nodes {
                n.special = false;
            }
            for e in &mut d.edges {
                e.special = false;
            }
            d
        }
        View::Access(t) => access(g, t),
        View::Infrastructure => infrastructure(g),
        View::Gdpr => gdpr(g),
    }
}

/// Words joined with `, `, wrapped before `width` characters, each line
/// after the first indented.
fn wrapped(head: &str, words: &[String], width: usize) -> String {
    let mut out = head.to_string();
    let mut line = head.chars().count();
    for (k, w) in words.iter().enumerate() {
        let piece = if k + 1 < words.len() {
            format!("{w}, ")
        } else {
            w.clone()
        };
        let n = piece.chars().count();
        if line + n > width && line > 4 {
            out.push_str("\n    ");
            line = 4;
        }
        out.push_str(&piece);
        line += n;
    }
    out
}

/// One card per processing (its purpose family and role, its applications,
/// its data), laid out as a grid: which processing uses which application
/// reads directly, where a graph of 21 processings, 30 applications and 15
/// categories merged every edge into one trunk.
fn gdpr(g: &Graph) -> Diagram {
    let inv = g.inv;
    let mut d = Diagram::new("Processings: their applications and data");
    d.grid = true;
    let family = |px: crate::model::ProcessingIx| -> String {
        inv[px]
            .uses
            .first()
            .map(|u| u.id.split('.').next().unwrap_or("").to_string())
            .unwrap_or_default()
    };
    let mut order: Vec<crate::model::ProcessingIx> = (0..inv.processings.len() as u32)
        .map(crate::model::ProcessingIx)
        .collect();
    order.sort_by_cached_key(|px| (family(*px), inv[*px].common.id.to_string()));
    for px in order {
        let p = &inv[px];
        let apps: Vec<String> = p.applications.iter().map(|a| a.id.to_string()).collect();
        let data_ix = inv.processing_data(px);
        let special = data_ix.iter().any(|x| inv[*x].special.is_some());
        let mut data: Vec<(bool, String)> = data_ix
            .iter()
            .map(|x| (inv[*x].special.is_none(), inv[*x].common.id.to_string()))
            .collect();
        data.sort();
        let data: Vec<String> = data.into_iter().map(|(_, id)| id).collect();
        let fam = family(px);
        let mut label = format!(
            "{}\n{}{}",
            p.common.display_name(),
            if fam.is_empty() {
                String::new()
            } else {
                format!("{fam} \u{b7} ")
            },
            p.role
        );
        if !apps.is_empty() {
            label.push('\n');
            label.push_str(&wrapped("apps: ", &apps, 36));
        }
        if !data.is_empty() {
            label.push('\n');
            label.push_str(&wrapped("data: ", &data, 36));
        }
        let n = d.node(&p.common.id, &label, Shape::Processing);
        d.nodes[n].special = special;
        d.nodes[n].tags = p.common.tags.clone();
    }
    d
}

/// The flows, each an edge named by its id, between the applications and
/// organizations they join (applications grouped by zone), through their
/// gateways; the protocol, the data and `file:line` on hover.
fn flows(g: &Graph, by: ClusterBy) -> Diagram {
    let inv = g.inv;
    let mut d = Diagram::new("Flows");
    for (i, fl) in inv.flows.iter().enumerate() {
        let f = FlowIx(i as u32);
        let (_, dashed, special) = flow_label(inv, f);
        let mut chain = vec![fl.from.ix];
        chain.extend(fl.via.iter().map(|v| Target::App(v.ix)));
        chain.push(fl.to.ix);
        let nodes: Vec<usize> = chain
            .iter()
            .map(|t| {
                let n = target_node(&mut d, g, *t);
                if let Target::App(a) = t
                    && d.nodes[n].cluster.is_none()
                {
                    d.nodes[n].cluster = zone_cluster(&mut d, inv, *a, by, g);
                }
                n
            })
            .collect();
        for (k, w) in nodes.windows(2).enumerate() {
            let label = if k == 0 {
                fl.common.id.to_string()
            } else {
                String::new()
            };
            let e = d.edge(w[0], w[1], label, dashed, special);
            d.edges[e].both_ways |= fl.bidirectional;
            if d.edges[e].tip.is_empty() {
                d.edges[e].tip = flow_tip(inv, f);
            }
        }
    }
    d
}

/// Organizations and the data between them: each flow end mapped to its
/// organization (an application to its provider, a person to its employer,
/// anything else to `self`); hosting as an edge from `self` to the host.
fn ecosystem(g: &Graph) -> Diagram {
    let inv = g.inv;
    let mut d = Diagram::new("Ecosystem: organizations and the data between them");
    let org_of = |t: Target| -> Option<OrgIx> {
        match t {
            Target::Org(o) => Some(o),
            Target::App(a) => inv.provider(a),
            Target::Person(p) => inv[p].org.as_ref().map(|o| o.ix).or(inv.self_org),
            _ => inv.self_org,
        }
    };
    for (i, o) in inv.organizations.iter().enumerate() {
        let n = target_node(&mut d, g, Target::Org(OrgIx(i as u32)));
        let country = o
            .country
            .map_or("country unknown".to_string(), |c| c.to_string());
        d.nodes[n].cluster = Some(d.cluster(&country, None));
    }
    let mut links: BTreeMap<(OrgIx, OrgIx), (Vec<String>, bool, bool)> = BTreeMap::new();
    for (i, f) in inv.flows.iter().enumerate() {
        let (Some(a), Some(b)) = (org_of(f.from.ix), org_of(f.to.ix)) else {
            continue;
        };
        if a == b {
            continue;
        }
        let (_, dashed, special) = flow_label(inv, FlowIx(i as u32));
        let e = links.entry((a, b)).or_default();
        for x in &f.data {
            if !e.0.contains(&x.id.to_string()) {
                e.0.push(x.id.to_string());
            }
        }
        e.1 |= dashed;
        e.2 |= special;
    }
    if let Some(me) = inv.self_org {
        for (host, apps) in &g.hosted_by {
            let e = links.entry((me, *host)).or_default();
            e.0.push(format!(
                "hosts {}",
                short_list(
                    &apps
                        .iter()
                        .map(|a| inv[*a].common.id.to_string())
                        .collect::<Vec<_>>(),
                    2
                )
            ));
            e.2 |= apps
                .iter()
                .any(|a| g.held[a.i()].iter().any(|h| inv[h.data].special.is_some()));
        }
    }
    // Both directions between two organizations are one edge (arrow at
    // both ends), named by its first category, the rest counted.
    type Merged = (Vec<String>, bool, bool, bool);
    let mut merged: BTreeMap<(OrgIx, OrgIx), Merged> = BTreeMap::new();
    for ((a, b), (data, dashed, special)) in links {
        let (key, back) = if merged.contains_key(&(b, a)) {
            ((b, a), true)
        } else {
            ((a, b), false)
        };
        let e = merged.entry(key).or_default();
        for x in data {
            if !e.0.contains(&x) {
                e.0.push(x);
            }
        }
        e.1 |= dashed;
        e.2 |= special;
        e.3 |= back;
    }
    for ((a, b), (mut data, dashed, special, both)) in merged {
        // The most sensitive category names the edge (hosting last).
        data.sort_by_key(|x| match inv.data_index.get(x.as_str()) {
            Some(d) if inv[*d].special.is_some() => 0,
            Some(_) => 1,
            None => 2,
        });
        let (na, nb) = (
            target_node(&mut d, g, Target::Org(a)),
            target_node(&mut d, g, Target::Org(b)),
        );
        let e = d.edge(na, nb, short_list(&data, 1), dashed, special);
        d.edges[e].both_ways = both;
        d.edges[e].tip = data.join(", ");
    }
    d
}

/// Who reaches an application or a category, through which groups.
fn access(g: &Graph, t: Target) -> Diagram {
    let inv = g.inv;
    let mut d = Diagram::new(format!("Who reaches {}", inv.id(t)));
    d.exposed_means = "inactive person, or expired grant";
    let mut flagged_nodes: Vec<usize> = Vec::new();
    let rows = g.who(t, &Filter::default());
    for row in &rows {
        let mut prev = target_node(&mut d, g, row.principal);
        let level = row.level.to_string();
        let special = row.data.iter().any(|x| inv[*x].special.is_some());
        for step in row.path.iter().skip(1) {
            let Some(next_target) = inv
                .lookup(&step.id)
                .into_iter()
                .find(|x| !matches!(x, Target::Data(_) | Target::Subject(_) | Target::Use(_)))
            else {
                continue;
            };
            let next = target_node(&mut d, g, next_target);
            let label = if step.fact.starts_with("member of") {
                String::new()
            } else if step.fact.starts_with("grant") {
                level.clone()
            } else if step.fact.starts_with("hosts") {
                "hosts (admin)".to_string()
            } else {
                "receives".to_string()
            };
            if matches!(next_target, Target::Flow(_)) {
                // A receiving end: draw it from the application the flow leaves.
                if let Some(a) = row.application {
                    let an = app_node(&mut d, g, a);
                    d.edge(an, prev, "flow".into(), false, special);
                }
                break;
            }
            d.edge(
                prev,
                next,
                label,
                false,
                special && step.fact.starts_with("grant"),
            );
            prev = next;
        }
        if let Some(a) = row.application {
            let an = app_node(&mut d, g, a);
            if an != prev
                && !row.path.iter().any(|s| {
                    inv.lookup(&s.id)
                        .iter()
                        .any(|x| matches!(x, Target::Flow(_)))
                })
            {
                d.edge(prev, an, String::new(), false, special);
            }
        }
        if row.flags.contains(&"inactive") || row.flags.contains(&"expired") {
            let n = target_node(&mut d, g, row.principal);
            let flagged = format!("{} ({})", d.nodes[n].label, row.flags.join(", "));
            if !d.nodes[n].label.contains('(') {
                d.nodes[n].label = flagged;
            }
            flagged_nodes.push(n);
        }
    }
    // The border means one thing here: a person who left, an expired grant
    // (not where an organization is, as in the other views).
    for (i, n) in d.nodes.iter_mut().enumerate() {
        n.exposed = flagged_nodes.contains(&i);
    }
    d
}

/// Sites, zones, servers and applications, nested.
fn infrastructure(g: &Graph) -> Diagram {
    let inv = g.inv;
    let mut d = Diagram::new("Infrastructure: sites, zones, servers, applications");
    let mut site_cluster = BTreeMap::new();
    for (i, s) in inv.sites.iter().enumerate() {
        let c = d.cluster(
            &format!("{} ({})", s.common.display_name(), s.country),
            None,
        );
        site_cluster.insert(i, c);
    }
    let mut zone_cluster = BTreeMap::new();
    for (i, z) in inv.zones.iter().enumerate() {
        let parent = z
            .site
            .as_ref()
            .and_then(|s| site_cluster.get(&s.ix.i()).copied());
        let c = d.cluster(
            &format!("{} ({})", z.common.display_name(), z.trust),
            parent,
        );
        zone_cluster.insert(i, c);
    }
    for (i, s) in inv.servers.iter().enumerate() {
        let n = target_node(&mut d, g, Target::Server(crate::model::ServerIx(i as u32)));
        d.nodes[n].cluster = s
            .zone
            .as_ref()
            .and_then(|z| zone_cluster.get(&z.ix.i()).copied())
            .or_else(|| {
                s.site
                    .as_ref()
                    .and_then(|x| site_cluster.get(&x.ix.i()).copied())
            });
        d.nodes[n].exposed = s.internet_facing == Some(true);
    }
    for (i, a) in inv.applications.iter().enumerate() {
        let ax = AppIx(i as u32);
        let n = app_node(&mut d, g, ax);
        if a.servers.is_empty() {
            d.nodes[n].cluster = a
                .zone
                .as_ref()
                .and_then(|z| zone_cluster.get(&z.ix.i()).copied())
                .or_else(|| {
                    a.hosting
                        .as_ref()
                        .and_then(|h| h.site.as_ref())
                        .and_then(|s| site_cluster.get(&s.ix.i()).copied())
                });
        } else {
            d.nodes[n].cluster = a
                .zone
                .as_ref()
                .and_then(|z| zone_cluster.get(&z.ix.i()).copied());
        }
        for s in &a.servers {
            let sn = target_node(&mut d, g, Target::Server(s.ix));
            d.edge(sn, n, String::new(), false, false);
        }
        if let Some(p) = a.hosting.as_ref().and_then(|h| h.provider.as_ref())
            && Some(p.ix) != inv.self_org
            && inv[p.ix].kind != OrgKind::SelfOrg
        {
            let pn = target_node(&mut d, g, Target::Org(p.ix));
            d.edge(pn, n, "hosts".into(), false, false);
        }
    }
    d
}
