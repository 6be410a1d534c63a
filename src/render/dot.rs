//! Graphviz DOT: the diagram with its legend under the title. Every label
//! from the inventory goes through [`dot_escape`] (or HTML escaping inside
//! the legend's table).

use super::{Diagram, Node, Shape, legend};
use std::fmt::Write;

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

/// Escapes text for a Graphviz HTML-like label (the title above the
/// legend): markup as entities, controls as a visible escape (the SVG is
/// XML), line breaks as `<br/>`.
fn html_label_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("<br/>"),
            '\r' => {}
            c if crate::text::is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push_str(&crate::export::formats::html_escape(
                c.encode_utf8(&mut [0; 4]),
            )),
        }
    }
    out
}

/// How many cards per row in a grid view: about twice as many rows as
/// columns, since a card is about three times as wide as it is tall and a
/// page is landscape.
pub(super) fn grid_columns(n: usize) -> usize {
    ((n as f64 / 2.0).sqrt().ceil() as usize).max(1)
}

/// Graphviz DOT, with a legend.
pub fn dot(d: &Diagram) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "digraph carto {{\n  graph [rankdir={}, newrank=true, fontname=\"Helvetica\", fontsize=18, label=\"{}\", labelloc=t, compound=true, ranksep=0.35];\n  node [fontname=\"Helvetica\", fontsize=14];\n  edge [fontname=\"Helvetica\", fontsize=12, color=\"#44505c\"];",
        if d.grid || d.top_down { "TB" } else { "LR" },
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
        if !n.url.is_empty() {
            attrs.push(format!("URL=\"{}\"", dot_escape(&n.url)));
        }
        let _ = writeln!(s, "{indent}n{i} [{}];", attrs.join(", "));
    };
    // Clusters, nested; only those that hold something.
    fn cluster(
        d: &Diagram,
        c: usize,
        drawn: &[bool],
        s: &mut String,
        depth: usize,
        node_line: &dyn Fn(&mut String, usize, &Node, &str),
    ) {
        let indent = "  ".repeat(depth + 1);
        let _ = writeln!(
            s,
            "{indent}subgraph cluster_{c} {{\n{indent}  label=\"{}\"; style=\"rounded\"; color=\"#9fb3c8\"; fontsize=14;",
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
        for child in d.children(Some(c), drawn) {
            cluster(d, child, drawn, s, depth + 1, node_line);
        }
        let _ = writeln!(s, "{indent}}}");
    }
    let drawn = d.drawn_clusters();
    for c in d.children(None, &drawn) {
        cluster(d, c, &drawn, &mut s, 0, &node_line);
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
    if d.grid {
        // Each card above the one a row below it: a grid.
        let cols = grid_columns(d.nodes.len());
        for i in cols..d.nodes.len() {
            let _ = writeln!(s, "  n{} -> n{i} [style=invis];", i - cols);
        }
    }
    // The legend under the title, in two columns: a wide map stays wide, a
    // tall one gains a few lines, and neither gains a column of its own.
    let items: Vec<String> = legend(d, false)
        .iter()
        .map(|l| {
            let l = crate::export::formats::html_escape(l);
            // The colour words in their colour.
            l.replacen("red:", "<font color=\"#c62828\">red</font>:", 1)
                .replacen(
                    "double orange border:",
                    "<font color=\"#e65100\">double orange border</font>:",
                    1,
                )
        })
        .collect();
    // An empty diagram has nothing to explain (and Graphviz rejects an empty table).
    if items.is_empty() {
        s.push_str("}\n");
        return s;
    }
    let half = items.len().div_ceil(2);
    let mut rows = String::new();
    for k in 0..half {
        let right = items.get(k + half).map_or("", |x| x.as_str());
        let _ = writeln!(
            rows,
            "      <tr><td align=\"left\">{}</td><td align=\"left\">{right}</td></tr>",
            items[k]
        );
    }
    let _ = write!(
        s,
        "  // Legend: the title, then what this diagram draws.\n  label=<<table border=\"0\" cellspacing=\"2\" cellpadding=\"2\">\n      <tr><td colspan=\"2\"><font point-size=\"18\">{}</font></td></tr>\n{rows}    </table>>;\n}}\n",
        html_label_escape(&d.title)
    );
    s
}
