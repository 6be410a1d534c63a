//! The small diagram at the top of an entity's page: the entity in the
//! middle, what names it on the left, what it names on the right (for an
//! application, the applications it exchanges flows with, each edge
//! labelled with the data), every box a link to its page. Laid out in
//! fixed columns, without Graphviz: the site stays fast at 10,000
//! applications and builds where Graphviz is not installed. Every text is
//! escaped; long names are cut, with the whole name in the box's title.

use crate::export::formats::html_escape as esc;
use std::fmt::Write as _;

/// A neighbour: its label, the edge's label, and its page (relative).
pub struct Node {
    pub label: String,
    pub edge: String,
    pub href: Option<String>,
}

/// Boxes shown per side; the rest are counted in a last box.
const PER_SIDE: usize = 12;
const ROW: usize = 40;
const BOX_W: usize = 250;
const BOX_H: usize = 30;
const WIDTH: usize = 960;
/// Characters that fit in a box at the font size used.
const FIT: usize = 30;

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('\u{2026}');
        t
    }
}

fn node(out: &mut String, x: usize, y: usize, label: &str, href: Option<&str>, main: bool) {
    if let Some(h) = href {
        let _ = write!(out, "<a href=\"{}\">", esc(h));
    }
    let _ = write!(
        out,
        "<g><title>{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"4\" class=\"{}\"/><text x=\"{}\" y=\"{}\">{}</text></g>",
        esc(label),
        if main { "main" } else { "side" },
        x + BOX_W / 2,
        y + BOX_H / 2 + 5,
        esc(&cut(label, FIT))
    );
    if href.is_some() {
        out.push_str("</a>");
    }
}

/// The diagram as inline SVG (empty when the entity has no neighbours).
/// `what` names the diagram for screen readers.
pub fn svg(what: &str, center: &str, left: &[Node], right: &[Node]) -> String {
    if left.is_empty() && right.is_empty() {
        return String::new();
    }
    let shown = |side: &[Node]| side.len().min(PER_SIDE) + usize::from(side.len() > PER_SIDE);
    let rows = shown(left).max(shown(right)).max(1);
    let height = rows * ROW + 20;
    let cy = height / 2 - BOX_H / 2;
    let (lx, cx, rx) = (10, (WIDTH - BOX_W) / 2, WIDTH - BOX_W - 10);
    let mut out = format!(
        "<div class=\"ctx\"><svg class=\"context\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(what)
    );
    out.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\"/></marker></defs>");
    for (side, x, to_center) in [(left, lx, true), (right, rx, false)] {
        let n = shown(side);
        let top = (height - n * ROW) / 2 + (ROW - BOX_H) / 2;
        for (k, nd) in side.iter().take(PER_SIDE).enumerate() {
            let y = top + k * ROW;
            let (x1, x2) = if to_center {
                (x + BOX_W, cx)
            } else {
                (cx + BOX_W, x)
            };
            let (y1, y2) = if to_center {
                (y + BOX_H / 2, cy + BOX_H / 2)
            } else {
                (cy + BOX_H / 2, y + BOX_H / 2)
            };
            let _ = write!(
                out,
                "<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" marker-end=\"url(#arrow)\"/>"
            );
            if !nd.edge.is_empty() {
                // The edge's label sits by the neighbour's box, on its side.
                let (tx, anchor) = if to_center {
                    (x + BOX_W + 6, "start")
                } else {
                    (x - 6, "end")
                };
                let _ = write!(
                    out,
                    "<text class=\"edge\" x=\"{tx}\" y=\"{}\" text-anchor=\"{anchor}\"><title>{}</title>{}</text>",
                    y + 2,
                    esc(&nd.edge),
                    esc(&cut(&nd.edge, 26))
                );
            }
            node(&mut out, x, y, &nd.label, nd.href.as_deref(), false);
        }
        if side.len() > PER_SIDE {
            let y = top + PER_SIDE * ROW;
            node(
                &mut out,
                x,
                y,
                &format!("+ {}", side.len() - PER_SIDE),
                None,
                false,
            );
        }
    }
    node(&mut out, cx, cy, center, None, true);
    out.push_str("</svg></div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_counts_what_does_not_fit() {
        let many: Vec<Node> = (0..20)
            .map(|k| Node {
                label: format!("<b>{k}</b>"),
                edge: "a&b".into(),
                href: Some(format!("x{k}.html\"onload=\"")),
            })
            .collect();
        let s = svg("ctx", "c<", &many, &[]);
        assert!(!s.contains("<b>"), "{s}");
        assert!(!s.contains("\"onload"), "{s}");
        assert!(s.contains("+ 8"), "{s}");
        assert!(s.contains("c&lt;"));
        assert_eq!(s.matches("<line").count(), 12);
        assert!(svg("ctx", "c", &[], &[]).is_empty());
    }
}
