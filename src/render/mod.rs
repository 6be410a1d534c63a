//! Diagrams: each view builds one [`Diagram`] (nodes, edges, nested
//! clusters, legend) from the inventory and its graph; `--focus`/`--depth`
//! and `--tag` cut it down; [`dot`] and [`mermaid`] lay it out with their own
//! escaping. SVG and PNG come from the system `dot` (cli runs it).

mod views;

pub use views::{ClusterBy, View, build};

use crate::hash::{HashMap, HashSet};
use std::collections::VecDeque;
use std::fmt::Write;

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
    /// Edge index by (from, to, label): adding an edge is O(1), also for
    /// the 100,000 flows of a large inventory.
    edge_index: HashMap<(usize, usize, String), usize>,
}

impl Diagram {
    pub fn new(title: impl Into<String>) -> Diagram {
        Diagram {
            title: title.into(),
            exposed_means: "internet-facing, or outside the EEA without adequacy",
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

    /// The diagram with each top-level cluster drawn as one node (its name
    /// and how many nodes it holds), and the edges between two groups
    /// bundled into one with their count; the clusters whose name contains
    /// one of `expand` (any case) stay open. What an architect shows first
    /// of a large map.
    pub fn aggregated(&self, expand: &[String]) -> Diagram {
        let mut d = Diagram::new(format!("{} (grouped)", self.title));
        d.exposed_means = self.exposed_means;
        let top = |mut c: usize| {
            for _ in 0..self.clusters.len() {
                match self.clusters[c].parent {
                    Some(p) => c = p,
                    None => break,
                }
            }
            c
        };
        let open = |c: usize| {
            let label = self.clusters[c].label.to_lowercase();
            expand.iter().any(|e| label.contains(&e.to_lowercase()))
        };
        let mut held: HashMap<usize, usize> = HashMap::default();
        let mut map = Vec::with_capacity(self.nodes.len());
        for n in &self.nodes {
            let i = match n.cluster.map(top) {
                Some(c) if !open(c) => {
                    *held.entry(c).or_default() += 1;
                    let g = d.node(
                        &format!("group:{c}"),
                        &self.clusters[c].label,
                        Shape::Bundle,
                    );
                    d.nodes[g].special |= n.special;
                    d.nodes[g].exposed |= n.exposed;
                    g
                }
                other => {
                    let i = d.node(&n.entity, &n.label, n.shape);
                    let kept = &mut d.nodes[i];
                    kept.special = n.special;
                    kept.exposed = n.exposed;
                    kept.tags = n.tags.clone();
                    if let Some(c) = other {
                        let label = self.clusters[c].label.clone();
                        let nc = d.cluster(&label, None);
                        d.nodes[i].cluster = Some(nc);
                    }
                    i
                }
            };
            map.push(i);
        }
        for (c, n) in held {
            if let Some(&g) = d.index.get(&format!("group:{c}")) {
                d.nodes[g].label = format!(
                    "{}\n{n} {}",
                    self.clusters[c].label,
                    if n == 1 { "item" } else { "items" }
                );
            }
        }
        // Bundled edges: (from, to) -> (count, dashed, special, both ways, a label).
        type Bundle = (usize, bool, bool, bool, String);
        let mut bundles: Vec<((usize, usize), Bundle)> = Vec::new();
        for e in &self.edges {
            let (a, b) = (map[e.from], map[e.to]);
            if a == b {
                continue;
            }
            match bundles.iter_mut().find(|(k, _)| *k == (a, b)) {
                Some((_, v)) => {
                    v.0 += 1;
                    v.1 |= e.dashed;
                    v.2 |= e.special;
                    v.3 |= e.both_ways;
                }
                None => bundles.push((
                    (a, b),
                    (1, e.dashed, e.special, e.both_ways, e.label.clone()),
                )),
            }
        }
        for ((a, b), (n, dashed, special, both, label)) in bundles {
            let label = if n == 1 { label } else { format!("{n} links") };
            d.edge(a, b, label, dashed, special);
            if both && let Some(e) = d.edges.last_mut() {
                e.both_ways = true;
            }
        }
        d
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

/// Escapes text for a DOT double-quoted string.
pub fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            // XML 1.0 (the SVG Graphviz writes) cannot hold C0 controls, not
            // even as references: shown as a visible escape instead.
            c if crate::text::is_unsafe(c) => {
                out.push_str(&format!("\\\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a Mermaid quoted label (`["..."]`): quotes and the
/// characters Mermaid reads as markup become entities; newlines become `<br/>`.
pub fn mermaid_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '\n' => out.push_str("<br/>"),
            '\r' => {}
            c if crate::text::is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn dot_shape(s: Shape) -> &'static str {
    match s {
        Shape::Organization => "shape=house",
        Shape::SelfOrg => "shape=house, penwidth=2",
        Shape::Application => "shape=box, style=\"rounded,filled\", fillcolor=\"#eef3f8\"",
        Shape::Gateway => "shape=hexagon, style=filled, fillcolor=\"#fff4d6\"",
        Shape::Database => "shape=cylinder, style=filled, fillcolor=\"#eef3f8\"",
        Shape::Device => "shape=component, style=filled, fillcolor=\"#eef3f8\"",
        Shape::Saas => "shape=box, style=\"rounded,dashed,filled\", fillcolor=\"#f4f4f4\"",
        Shape::Person => "shape=ellipse",
        Shape::Group => "shape=tab",
        Shape::Account => "shape=octagon",
        Shape::Server => "shape=box3d",
        Shape::Data => "shape=note",
        Shape::Processing => "shape=folder, style=filled, fillcolor=\"#e8f5e9\"",
        Shape::FlowNode => "shape=cds",
        Shape::Bundle => "shape=box, style=\"filled,bold\", fillcolor=\"#dde7f0\"",
    }
}

/// What a shape stands for, in a legend.
fn shape_meaning(s: Shape) -> &'static str {
    match s {
        Shape::Organization => "house: organization",
        Shape::SelfOrg => "bold house: this organization",
        Shape::Application => "rounded box: application",
        Shape::Gateway => "hexagon: gateway",
        Shape::Database => "cylinder: database",
        Shape::Device => "component: device",
        Shape::Saas => "dashed rounded box: SaaS application",
        Shape::Person => "ellipse: person",
        Shape::Group => "tab: group",
        Shape::Account => "octagon: account",
        Shape::Server => "3D box: server",
        Shape::Data => "note: data category",
        Shape::Processing => "folder: processing",
        Shape::FlowNode => "arrow box: flow",
        Shape::Bundle => "bold box: a group shown as one, with how many it holds",
    }
}

/// What a shape stands for in Mermaid's drawing (which has fewer shapes:
/// the kinds drawn as plain boxes share one line).
fn mermaid_meaning(s: Shape) -> Result<&'static str, &'static str> {
    match s {
        Shape::Organization | Shape::SelfOrg => Ok("trapezoid: organization"),
        Shape::Gateway => Ok("hexagon: gateway"),
        Shape::Database => Ok("cylinder: database"),
        Shape::Person => Ok("stadium: person"),
        Shape::Data => Ok("flag: data category"),
        Shape::Processing => Ok("double-sided box: processing"),
        Shape::Application => Err("application"),
        Shape::Device => Err("device"),
        Shape::Saas => Err("SaaS application"),
        Shape::Group => Err("group"),
        Shape::Account => Err("account"),
        Shape::Server => Err("server"),
        Shape::FlowNode => Err("flow"),
        Shape::Bundle => Err("a group shown as one, with how many it holds"),
    }
}

/// The legend of a diagram: only the marks it draws, each with its meaning
/// in this view, in the words of the drawing (Graphviz's shapes, or
/// Mermaid's).
pub fn legend(d: &Diagram, mermaid: bool) -> Vec<String> {
    let mut out = Vec::new();
    if d.nodes.iter().any(|n| n.special) || d.edges.iter().any(|e| e.special) {
        out.push("red: special data (Art. 9/10, NIR)".to_string());
    }
    if d.edges.iter().any(|e| e.dashed) {
        out.push("dashed line: not encrypted in transit".to_string());
    }
    if d.edges.iter().any(|e| e.both_ways) {
        out.push("arrow at both ends: both ways".to_string());
    }
    // Mermaid gives a node one class: red wins over the orange border.
    if d.nodes.iter().any(|n| n.exposed && !(mermaid && n.special)) {
        let mark = if mermaid {
            "thick orange border"
        } else {
            "double orange border"
        };
        out.push(format!("{mark}: {}", d.exposed_means));
    }
    let mut shapes: Vec<Shape> = Vec::new();
    for n in &d.nodes {
        if !shapes.contains(&n.shape) {
            shapes.push(n.shape);
        }
    }
    if !mermaid {
        out.extend(shapes.into_iter().map(|s| shape_meaning(s).to_string()));
        return out;
    }
    let mut boxes: Vec<&str> = Vec::new();
    for s in shapes {
        match mermaid_meaning(s) {
            Ok(line) if !out.iter().any(|l| l == line) => out.push(line.to_string()),
            Ok(_) => {}
            Err(noun) => boxes.push(noun),
        }
    }
    if !boxes.is_empty() {
        out.push(format!("box: {}", boxes.join(", ")));
    }
    out
}

/// Graphviz DOT, with a legend.
pub fn dot(d: &Diagram) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "digraph carto {{\n  graph [rankdir=LR, newrank=true, fontname=\"Helvetica\", fontsize=11, label=\"{}\", labelloc=t, compound=true];\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=8, color=\"#44505c\"];",
        dot_escape(&d.title)
    );
    let node_line = |s: &mut String, i: usize, n: &Node, indent: &str| {
        let mut attrs = vec![
            format!("label=\"{}\"", dot_escape(&n.label)),
            dot_shape(n.shape).to_string(),
        ];
        if n.special {
            attrs.push("color=\"#c62828\", fontcolor=\"#c62828\"".into());
        }
        if n.exposed {
            attrs.push("peripheries=2, color=\"#e65100\"".into());
        }
        if !n.tip.is_empty() {
            attrs.push(format!("tooltip=\"{}\"", dot_escape(&n.tip)));
        }
        let _ = writeln!(s, "{indent}n{i} [{}];", attrs.join(", "));
    };
    // Clusters, nested.
    fn cluster(
        d: &Diagram,
        c: usize,
        s: &mut String,
        depth: usize,
        node_line: &dyn Fn(&mut String, usize, &Node, &str),
    ) {
        let indent = "  ".repeat(depth + 1);
        let _ = writeln!(
            s,
            "{indent}subgraph cluster_{c} {{\n{indent}  label=\"{}\"; style=\"rounded\"; color=\"#9fb3c8\";",
            dot_escape(&d.clusters[c].label)
        );
        for (i, n) in d
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.cluster == Some(c))
        {
            node_line(s, i, n, &format!("{indent}  "));
        }
        for child in (0..d.clusters.len()).filter(|x| d.clusters[*x].parent == Some(c)) {
            cluster(d, child, s, depth + 1, node_line);
        }
        let _ = writeln!(s, "{indent}}}");
    }
    let used: HashSet<usize> = d.nodes.iter().filter_map(|n| n.cluster).collect();
    let keep_cluster = |c: usize| -> bool {
        // A cluster is drawn when it or one of its descendants holds a node.
        used.iter().any(|u| {
            let mut cur = Some(*u);
            while let Some(x) = cur {
                if x == c {
                    return true;
                }
                cur = d.clusters[x].parent;
            }
            false
        })
    };
    for c in (0..d.clusters.len()).filter(|c| d.clusters[*c].parent.is_none() && keep_cluster(*c)) {
        cluster(d, c, &mut s, 0, &node_line);
    }
    for (i, n) in d
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.cluster.is_none())
    {
        node_line(&mut s, i, n, "  ");
    }
    for e in &d.edges {
        let mut attrs = vec![format!("label=\"{}\"", dot_escape(&e.label))];
        if e.dashed {
            attrs.push("style=dashed".into());
        }
        if e.special {
            attrs.push("color=\"#c62828\", fontcolor=\"#c62828\"".into());
        }
        if !e.tip.is_empty() {
            attrs.push(format!("tooltip=\"{}\"", dot_escape(&e.tip)));
        }
        if e.both_ways {
            attrs.push("dir=both".into());
        }
        let _ = writeln!(s, "  n{} -> n{} [{}];", e.from, e.to, attrs.join(", "));
    }
    let rows: String = legend(d, false)
        .iter()
        .map(|l| {
            let l = crate::export::formats::html_escape(l);
            // The colour words in their colour.
            let l = l
                .replacen("red:", "<font color=\"#c62828\">red</font>:", 1)
                .replacen(
                    "double orange border:",
                    "<font color=\"#e65100\">double orange border</font>:",
                    1,
                );
            format!("      <tr><td align=\"left\">{l}</td></tr>\n")
        })
        .collect();
    // An empty diagram has nothing to explain (and Graphviz rejects an empty table).
    if rows.is_empty() {
        s.push_str("}\n");
        return s;
    }
    let _ = write!(
        s,
        "  subgraph cluster_legend {{\n    label=\"Legend\"; style=\"rounded\"; color=\"#cccccc\"; fontsize=9;\n    legend [shape=plaintext, fontsize=9, label=<<table border=\"0\" cellspacing=\"2\">\n{rows}    </table>>];\n  }}\n}}\n"
    );
    s
}

fn mermaid_shape(s: Shape, label: &str) -> String {
    let l = mermaid_escape(label);
    match s {
        Shape::Organization | Shape::SelfOrg => format!("[/\"{l}\"\\]"),
        Shape::Gateway => format!("{{{{\"{l}\"}}}}"),
        Shape::Database => format!("[(\"{l}\")]"),
        Shape::Person => format!("([\"{l}\"])"),
        Shape::Data => format!(">\"{l}\"]"),
        Shape::Processing => format!("[[\"{l}\"]]"),
        _ => format!("[\"{l}\"]"),
    }
}

/// Mermaid flowchart, for Markdown in git forges.
pub fn mermaid(d: &Diagram) -> String {
    let mut s = format!(
        "---\ntitle: \"{}\"\n---\nflowchart LR\n",
        mermaid_escape(&d.title)
    );
    fn cluster(d: &Diagram, c: usize, s: &mut String, depth: usize) {
        let indent = "  ".repeat(depth + 1);
        let _ = writeln!(
            s,
            "{indent}subgraph c{c}[\"{}\"]",
            mermaid_escape(&d.clusters[c].label)
        );
        for (i, n) in d
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.cluster == Some(c))
        {
            let _ = writeln!(s, "{indent}  n{i}{}", mermaid_shape(n.shape, &n.label));
        }
        for child in (0..d.clusters.len()).filter(|x| d.clusters[*x].parent == Some(c)) {
            if d.nodes
                .iter()
                .any(|n| n.cluster.is_some_and(|nc| is_within(d, nc, child)))
            {
                cluster(d, child, s, depth + 1);
            }
        }
        let _ = writeln!(s, "{indent}end");
    }
    fn is_within(d: &Diagram, c: usize, ancestor: usize) -> bool {
        let mut cur = Some(c);
        while let Some(x) = cur {
            if x == ancestor {
                return true;
            }
            cur = d.clusters[x].parent;
        }
        false
    }
    for c in (0..d.clusters.len()).filter(|c| d.clusters[*c].parent.is_none()) {
        if d.nodes
            .iter()
            .any(|n| n.cluster.is_some_and(|nc| is_within(d, nc, c)))
        {
            cluster(d, c, &mut s, 0);
        }
    }
    for (i, n) in d
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.cluster.is_none())
    {
        let _ = writeln!(s, "  n{i}{}", mermaid_shape(n.shape, &n.label));
    }
    for (k, e) in d.edges.iter().enumerate() {
        let arrow = match (e.dashed, e.both_ways) {
            (true, true) => "<-.->",
            (true, false) => "-.->",
            (false, true) => "<-->",
            (false, false) => "-->",
        };
        if e.label.is_empty() {
            let _ = writeln!(s, "  n{} {arrow} n{}", e.from, e.to);
        } else {
            let _ = writeln!(
                s,
                "  n{} {arrow}|\"{}\"| n{}",
                e.from,
                mermaid_escape(&e.label),
                e.to
            );
        }
        if e.special {
            let _ = writeln!(s, "  linkStyle {k} stroke:#c62828,color:#c62828");
        }
    }
    s.push_str("  classDef special stroke:#c62828,color:#c62828\n  classDef exposed stroke:#e65100,stroke-width:3px\n");
    for (i, n) in d.nodes.iter().enumerate() {
        if n.special {
            let _ = writeln!(s, "  class n{i} special");
        } else if n.exposed {
            let _ = writeln!(s, "  class n{i} exposed");
        }
    }
    // Mermaid has no legend of its own: a note node in a subgraph, listing
    // only what this diagram draws.
    let lines: Vec<String> = legend(d, true).iter().map(|l| mermaid_escape(l)).collect();
    if lines.is_empty() {
        return s;
    }
    let _ = writeln!(
        s,
        "  subgraph legend_box[\"Legend\"]\n    legend_note[\"{}\"]\n  end",
        lines.join("<br/>")
    );
    s
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
