//! Mermaid flowcharts, for Markdown in git forges, with a legend subgraph.

use super::dot::grid_columns;
use super::{Diagram, Shape, legend};
use std::fmt::Write;

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
        "---\ntitle: \"{}\"\n---\nflowchart {}\n",
        mermaid_escape(&d.title),
        if d.grid || d.top_down { "TB" } else { "LR" }
    );
    fn cluster(d: &Diagram, c: usize, drawn: &[bool], s: &mut String, depth: usize) {
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
        for child in d.children(Some(c), drawn) {
            cluster(d, child, drawn, s, depth + 1);
        }
        let _ = writeln!(s, "{indent}end");
    }
    let drawn = d.drawn_clusters();
    for c in d.children(None, &drawn) {
        cluster(d, c, &drawn, &mut s, 0);
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
    if d.grid {
        let cols = grid_columns(d.nodes.len());
        for i in cols..d.nodes.len() {
            let _ = writeln!(s, "  n{} ~~~ n{i}", i - cols);
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
