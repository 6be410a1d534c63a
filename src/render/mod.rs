//! Diagrams: each view builds one [`Diagram`] (nodes, edges, nested
//! clusters, legend) from the inventory and its graph; `--focus`/`--depth`
//! and `--tag` cut it down; [`dot`] and [`mermaid`] lay it out with their own
//! escaping. SVG and PNG come from the system `dot` (cli runs it).

mod dot;
mod fit;
mod legend;
mod mermaid;
mod views;

pub use dot::{dot, dot_escape};
pub use fit::{A3, SLIDE, fitted_px, svg_size};
pub use legend::legend;
pub use mermaid::{mermaid, mermaid_escape};
pub use views::{ClusterBy, View, build};

use crate::hash::{HashMap, HashSet};
use std::collections::VecDeque;

/// What a node stands for, which sets its shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Organization,
    SelfOrg,
    Application,
    Gateway,
    Database,
    Device,
    Saas,
    Person,
    Group,
    Account,
    Server,
    Data,
    Processing,
    FlowNode,
    /// A group of nodes shown as one (an aggregated cluster).
    Bundle,
}

#[derive(Clone, Debug)]
pub struct Node {
    /// The inventory id it stands for (for `--focus` and `--tag`).
    pub entity: String,
    pub label: String,
    pub shape: Shape,
    pub cluster: Option<usize>,
    /// Holds or is special data (red).
    pub special: bool,
    /// On the internet, or outside the EEA without adequacy (marked).
    pub exposed: bool,
    pub tags: Vec<String>,
    /// The detail shown on hover in SVG: what it is and where it is declared.
    pub tip: String,
    /// Where a click leads in SVG (a page of `--split`), relative.
    pub url: String,
}

#[derive(Clone, Debug)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub label: String,
    /// Not encrypted in transit (dashed).
    pub dashed: bool,
    /// Carries special data (red).
    pub special: bool,
    pub both_ways: bool,
    /// The detail shown on hover in SVG (a flow's id and `file:line`).
    pub tip: String,
}

#[derive(Clone, Debug)]
pub struct Cluster {
    pub label: String,
    pub parent: Option<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct Diagram {
    pub title: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub clusters: Vec<Cluster>,
    /// Node index by entity id (one node per entity).
    pub index: HashMap<String, usize>,
    /// What the double border means in this view (`exposed` nodes).
    pub exposed_means: &'static str,
    /// Cards without edges, laid out as a grid (the gdpr view).
    pub grid: bool,
    /// Ranks from top to bottom instead of left to right.
    pub top_down: bool,
    /// Edge index by (from, to, label): adding an edge is O(1), also for
    /// the 100,000 flows of a large inventory.
    edge_index: HashMap<(usize, usize, String), usize>,
}

impl Diagram {
    pub fn new(title: impl Into<String>) -> Diagram {
        Diagram {
            title: title.into(),
            exposed_means: "internet-facing, or in a country without adequacy",
            ..Diagram::default()
        }
    }

    /// The node of an entity, created on first use.
    pub fn node(&mut self, entity: &str, label: &str, shape: Shape) -> usize {
        if let Some(i) = self.index.get(entity) {
            return *i;
        }
        self.nodes.push(Node {
            entity: entity.to_string(),
            label: label.to_string(),
            shape,
            cluster: None,
            special: false,
            exposed: false,
            tags: Vec::new(),
            tip: String::new(),
            url: String::new(),
        });
        let i = self.nodes.len() - 1;
        self.index.insert(entity.to_string(), i);
        i
    }

    pub fn cluster(&mut self, label: &str, parent: Option<usize>) -> usize {
        if let Some(i) = self
            .clusters
            .iter()
            .position(|c| c.label == label && c.parent == parent)
        {
            return i;
        }
        self.clusters.push(Cluster {
            label: label.to_string(),
            parent,
        });
        self.clusters.len() - 1
    }

    /// Adds an edge (or merges it into the same one: same ends, same
    /// label) and returns its index.
    pub fn edge(
        &mut self,
        from: usize,
        to: usize,
        label: String,
        dashed: bool,
        special: bool,
    ) -> usize {
        if let Some(&i) = self.edge_index.get(&(from, to, label.clone())) {
            let e = &mut self.edges[i];
            e.dashed |= dashed;
            e.special |= special;
            return i;
        }
        self.edge_index
            .insert((from, to, label.clone()), self.edges.len());
        self.edges.push(Edge {
            from,
            to,
            label,
            dashed,
            special,
            both_ways: false,
            tip: String::new(),
        });
        self.edges.len() - 1
    }

    /// The diagram with each innermost cluster (a zone, a protocol, a
    /// country...) drawn as one node (its name and how many nodes it holds)
    /// inside its parents, and the edges between two groups bundled into
    /// one with their count; the clusters whose name, or a parent's,
    /// contains one of `expand` (any case) stay open. What an architect
    /// shows first of a large map.
    pub fn aggregated(&self, expand: &[String]) -> Diagram {
        self.grouped(&|c| self.named(c, expand), false)
    }

    /// Whether cluster `c`'s name, or a parent's, contains one of `words`.
    fn named(&self, mut c: usize, words: &[String]) -> bool {
        for _ in 0..=self.clusters.len() {
            let label = self.clusters[c].label.to_lowercase();
            if words.iter().any(|e| label.contains(&e.to_lowercase())) {
                return true;
            }
            match self.clusters[c].parent {
                Some(p) => c = p,
                None => break,
            }
        }
        false
    }

    /// The clusters that hold nodes themselves: the groups of [`Diagram::aggregated`].
    pub fn groups(&self) -> Vec<usize> {
        let mut out: Vec<usize> = self.nodes.iter().filter_map(|n| n.cluster).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// One group drawn open with its direct neighbours (the other groups
    /// shown as one node each): a page of `diagram --split`.
    pub fn page(&self, group: usize) -> Diagram {
        let mut d = self.grouped(&|c| c == group, false);
        d.title = format!("{}: {}", self.title, self.clusters[group].label);
        let inside: HashSet<&str> = self
            .nodes
            .iter()
            .filter(|n| n.cluster == Some(group))
            .map(|n| n.entity.as_str())
            .collect();
        let mut keep: Vec<bool> = d
            .nodes
            .iter()
            .map(|n| inside.contains(n.entity.as_str()))
            .collect();
        let core = keep.clone();
        for e in &d.edges {
            if core[e.from] {
                keep[e.to] = true;
            }
            if core[e.to] {
                keep[e.from] = true;
            }
        }
        d.retain(&keep);
        d
    }

    /// [`Diagram::aggregated`], and the nodes outside any cluster grouped
    /// by what they are ("12 organizations"): the overview of a map whose
    /// groups alone are still too many to read.
    pub fn aggregated_loose(&self, expand: &[String]) -> Diagram {
        self.grouped(&|c| self.named(c, expand), true)
    }

    fn grouped(&self, open: &dyn Fn(usize) -> bool, loose: bool) -> Diagram {
        let mut d = Diagram::new(format!("{} (grouped)", self.title));
        d.exposed_means = self.exposed_means;
        // The clusters are kept with their nesting; only their contents change.
        let mut kept: HashMap<usize, usize> = HashMap::default();
        fn keep(
            src: &Diagram,
            d: &mut Diagram,
            kept: &mut HashMap<usize, usize>,
            c: usize,
        ) -> usize {
            if let Some(k) = kept.get(&c) {
                return *k;
            }
            let parent = src.clusters[c].parent.map(|p| keep(src, d, kept, p));
            let k = d.cluster(&src.clusters[c].label, parent);
            kept.insert(c, k);
            k
        }
        let mut held: HashMap<usize, usize> = HashMap::default();
        let mut loose_held: HashMap<String, usize> = HashMap::default();
        let mut map = Vec::with_capacity(self.nodes.len());
        for n in &self.nodes {
            let i = match n.cluster {
                Some(c) if !open(c) => {
                    *held.entry(c).or_default() += 1;
                    let g = d.node(
                        &format!("group:{c}"),
                        &self.clusters[c].label,
                        Shape::Bundle,
                    );
                    d.nodes[g].special |= n.special;
                    d.nodes[g].exposed |= n.exposed;
                    if d.nodes[g].cluster.is_none() {
                        d.nodes[g].cluster = self.clusters[c]
                            .parent
                            .map(|p| keep(self, &mut d, &mut kept, p));
                    }
                    g
                }
                None if loose => {
                    let key = format!("kind:{:?}", n.shape);
                    *loose_held.entry(key.clone()).or_default() += 1;
                    let g = d.node(&key, shape_noun(n.shape), Shape::Bundle);
                    d.nodes[g].special |= n.special;
                    d.nodes[g].exposed |= n.exposed;
                    g
                }
                other => {
                    let i = d.node(&n.entity, &n.label, n.shape);
                    let cluster = other.map(|c| keep(self, &mut d, &mut kept, c));
                    let k = &mut d.nodes[i];
                    k.special = n.special;
                    k.exposed = n.exposed;
                    k.tags = n.tags.clone();
                    k.tip = n.tip.clone();
                    k.cluster = cluster;
                    i
                }
            };
            map.push(i);
        }
        for (c, n) in held {
            if let Some(&g) = d.index.get(&format!("group:{c}")) {
                let noun = if n == 1 { "item" } else { "items" };
                d.nodes[g].label = format!("{}\n{n} {noun}", self.clusters[c].label);
                d.nodes[g].tip = format!("{}: {n} {noun}", self.clusters[c].label);
            }
        }
        for (key, n) in loose_held {
            if let Some(&g) = d.index.get(&key) {
                let noun = d.nodes[g].label.clone();
                d.nodes[g].label = format!("{n} {noun}{}", if n == 1 { "" } else { "s" });
                d.nodes[g].tip = d.nodes[g].label.clone();
            }
        }
        // Bundled edges, in first-seen order: (count, dashed, special, both ways, a label).
        type Bundle = (usize, bool, bool, bool, String);
        let mut order: Vec<(usize, usize)> = Vec::new();
        let mut bundles: HashMap<(usize, usize), Bundle> = HashMap::default();
        for e in &self.edges {
            let (a, b) = (map[e.from], map[e.to]);
            if a == b {
                continue;
            }
            if d.nodes[a].shape != Shape::Bundle && d.nodes[b].shape != Shape::Bundle {
                // Between two nodes drawn as themselves: the edge as it is.
                let k = d.edge(a, b, e.label.clone(), e.dashed, e.special);
                d.edges[k].both_ways |= e.both_ways;
                if d.edges[k].tip.is_empty() {
                    d.edges[k].tip = e.tip.clone();
                }
                continue;
            }
            // Both directions between two groups are one bundle.
            let (a, b, back) = if bundles.contains_key(&(b, a)) {
                (b, a, true)
            } else {
                (a, b, false)
            };
            let v = bundles.entry((a, b)).or_insert_with(|| {
                order.push((a, b));
                (0, false, false, false, e.label.clone())
            });
            v.0 += 1;
            v.1 |= e.dashed;
            v.2 |= e.special;
            v.3 |= e.both_ways || back;
        }
        for k in order {
            let Some((n, dashed, special, both, label)) = bundles.remove(&k) else {
                continue;
            };
            let label = if n == 1 { label } else { format!("{n} links") };
            let e = d.edge(k.0, k.1, label, dashed, special);
            d.edges[e].both_ways |= both;
        }
        d
    }

    /// Which clusters are drawn: those that hold a node, or a cluster that
    /// does (an empty group is left out in DOT and Mermaid alike).
    pub fn drawn_clusters(&self) -> Vec<bool> {
        let mut drawn = vec![false; self.clusters.len()];
        for n in &self.nodes {
            let mut cur = n.cluster;
            while let Some(c) = cur {
                if drawn[c] {
                    break;
                }
                drawn[c] = true;
                cur = self.clusters[c].parent;
            }
        }
        drawn
    }

    /// The drawn clusters directly under `parent` (`None`: the top level).
    pub fn children<'a>(
        &'a self,
        parent: Option<usize>,
        drawn: &'a [bool],
    ) -> impl Iterator<Item = usize> + 'a {
        (0..self.clusters.len()).filter(move |c| drawn[*c] && self.clusters[*c].parent == parent)
    }

    /// The source cluster a bundle node of [`Diagram::aggregated`] stands for.
    pub fn bundle_group(n: &Node) -> Option<usize> {
        (n.shape == Shape::Bundle)
            .then(|| n.entity.strip_prefix("group:")?.parse().ok())
            .flatten()
    }

    /// Keeps the nodes for which `keep` is true, with the edges between them
    /// and the clusters that still hold something.
    fn retain(&mut self, keep: &[bool]) {
        let mut map = vec![None; self.nodes.len()];
        let mut nodes = Vec::new();
        for (i, n) in self.nodes.drain(..).enumerate() {
            if keep[i] {
                map[i] = Some(nodes.len());
                nodes.push(n);
            }
        }
        self.nodes = nodes;
        self.edges = std::mem::take(&mut self.edges)
            .into_iter()
            .filter_map(|mut e| {
                e.from = map[e.from]?;
                e.to = map[e.to]?;
                Some(e)
            })
            .collect();
        self.edge_index = self
            .edges
            .iter()
            .enumerate()
            .map(|(i, e)| ((e.from, e.to, e.label.clone()), i))
            .collect();
        self.index = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.entity.clone(), i))
            .collect();
    }

    /// The neighbourhood of `entity` within `depth` edges (either direction).
    pub fn focus(&mut self, entity: &str, depth: usize) -> bool {
        let Some(&start) = self.index.get(entity) else {
            return false;
        };
        let mut adj: Vec<Vec<usize>> = vec![Vec::new(); self.nodes.len()];
        for e in &self.edges {
            adj[e.from].push(e.to);
            adj[e.to].push(e.from);
        }
        let mut dist = vec![usize::MAX; self.nodes.len()];
        dist[start] = 0;
        let mut q = VecDeque::from([start]);
        while let Some(n) = q.pop_front() {
            if dist[n] == depth {
                continue;
            }
            for m in &adj[n] {
                if dist[*m] == usize::MAX {
                    dist[*m] = dist[n] + 1;
                    q.push_back(*m);
                }
            }
        }
        let keep: Vec<bool> = dist.iter().map(|d| *d != usize::MAX).collect();
        self.retain(&keep);
        true
    }

    /// Keeps the nodes that have all `tags`, and their direct neighbours.
    pub fn only_tagged(&mut self, tags: &[String]) {
        if tags.is_empty() {
            return;
        }
        let tagged: HashSet<usize> = (0..self.nodes.len())
            .filter(|i| tags.iter().all(|t| self.nodes[*i].tags.contains(t)))
            .collect();
        let mut keep: Vec<bool> = (0..self.nodes.len()).map(|i| tagged.contains(&i)).collect();
        for e in &self.edges {
            if tagged.contains(&e.from) {
                keep[e.to] = true;
            }
            if tagged.contains(&e.to) {
                keep[e.from] = true;
            }
        }
        self.retain(&keep);
    }
}

/// The noun for what a shape stands for (in the singular).
fn shape_noun(s: Shape) -> &'static str {
    match s {
        Shape::Organization | Shape::SelfOrg => "organization",
        Shape::Application => "application",
        Shape::Gateway => "gateway",
        Shape::Database => "database",
        Shape::Device => "device",
        Shape::Saas => "SaaS application",
        Shape::Person => "person",
        Shape::Group => "group",
        Shape::Account => "account",
        Shape::Server => "server",
        Shape::Data => "data category",
        Shape::Processing => "processing",
        Shape::FlowNode => "flow",
        Shape::Bundle => "group",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_hostile_labels() {
        assert_eq!(dot_escape("a \"b\" \\ c\nd"), "a \\\"b\\\" \\\\ c\\nd");
        assert_eq!(
            mermaid_escape("x[\"y\"] <b> | #1\nz"),
            "x[#quot;y#quot;] #lt;b#gt; #124; #35;1<br/>z"
        );
    }

    #[test]
    fn empty_clusters_are_not_drawn() {
        let mut d = Diagram::new("t");
        let site = d.cluster("site", None);
        let zone = d.cluster("zone", Some(site));
        let empty = d.cluster("empty", Some(site));
        let lonely = d.cluster("lonely", None);
        let a = d.node("a", "a", Shape::Application);
        d.nodes[a].cluster = Some(zone);
        assert_eq!(d.drawn_clusters(), [true, true, false, false]);
        for text in [dot(&d), mermaid(&d)] {
            assert!(
                text.contains("\"zone\"") && text.contains("\"site\""),
                "{text}"
            );
            assert!(
                !text.contains("empty") && !text.contains("lonely"),
                "{text}"
            );
        }
        let _ = (empty, lonely);
    }

    #[test]
    fn focus_keeps_the_neighbourhood() {
        let mut d = Diagram::new("t");
        let a = d.node("a", "a", Shape::Application);
        let b = d.node("b", "b", Shape::Application);
        let c = d.node("c", "c", Shape::Application);
        d.node("z", "z", Shape::Application);
        d.edge(a, b, String::new(), false, false);
        d.edge(b, c, String::new(), false, false);
        let mut one = d.clone();
        assert!(one.focus("a", 1));
        let ids: Vec<&str> = one.nodes.iter().map(|n| n.entity.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(one.edges.len(), 1);
        assert!(d.focus("b", 1));
        assert_eq!(d.nodes.len(), 3);
        assert!(!d.focus("nope", 1));
    }
}
