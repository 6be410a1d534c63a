//! The legend of a diagram: only what it draws, in the words of the
//! drawing (Graphviz's shapes, or Mermaid's).

use super::{Diagram, Shape};

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
        Shape::Bundle => "bold box: a group, with how many it holds",
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
        Shape::Bundle => Err("a group, with how many it holds"),
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
