//! `path`: the shortest chains of declared facts linking two entities, over
//! the graph of every relation. Taxonomy entries (data, subjects, uses) and
//! `owner` links tie everything to everything (every application holds
//! `identity`, one person owns ten things): a category is only allowed at an
//! end, and an `owner` link only when it joins the two ends directly.

use super::Graph;
use crate::hash::HashMap;
use crate::model::{Loc, Target};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::VecDeque;

/// One fact of a path: `from` names `to` in `field`, written at `at`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub from: Target,
    pub field: &'static str,
    pub to: Target,
    pub at: Loc,
}

impl Graph<'_> {
    /// Up to `limit` shortest paths from `a` to `b`; empty when unconnected.
    pub fn paths(&self, a: Target, b: Target, limit: usize) -> Vec<Vec<Link>> {
        let (Some(start), Some(goal)) = (self.node.slot(a), self.node.slot(b)) else {
            return Vec::new();
        };
        let (start, goal) = (NodeIndex::new(start), NodeIndex::new(goal));
        if start == goal {
            return vec![Vec::new()];
        }
        let g = &self.links;
        let is_taxonomy = |n| matches!(g[n], Target::Data(_) | Target::Subject(_) | Target::Use(_));
        // Breadth-first, keeping every predecessor at the shortest distance.
        let mut dist = HashMap::from_iter([(start, 0usize)]);
        let mut preds: HashMap<_, Vec<(petgraph::graph::NodeIndex, petgraph::graph::EdgeIndex)>> =
            HashMap::default();
        let mut queue = VecDeque::from([start]);
        while let Some(n) = queue.pop_front() {
            let d = dist[&n];
            if dist.get(&goal).is_some_and(|gd| d >= *gd) {
                break;
            }
            if n != start && is_taxonomy(n) {
                continue; // a category is never a stepping stone
            }
            for e in g.edges(n) {
                let m = if e.source() == n {
                    e.target()
                } else {
                    e.source()
                };
                let (field, _, _) = *e.weight();
                if field == "owner" && !(n == start && m == goal) {
                    continue;
                }
                match dist.get(&m) {
                    None => {
                        dist.insert(m, d + 1);
                        preds.entry(m).or_default().push((n, e.id()));
                        queue.push_back(m);
                    }
                    Some(&dm) if dm == d + 1 => preds.entry(m).or_default().push((n, e.id())),
                    _ => {}
                }
            }
        }
        if !dist.contains_key(&goal) {
            return Vec::new();
        }
        // Walk the predecessors back from the goal, depth first, up to `limit` paths.
        let mut out = Vec::new();
        let mut stack: Vec<(petgraph::graph::NodeIndex, Vec<petgraph::graph::EdgeIndex>)> =
            vec![(goal, Vec::new())];
        while let Some((n, edges)) = stack.pop() {
            if out.len() >= limit {
                break;
            }
            if n == start {
                let links = edges
                    .iter()
                    .rev()
                    .filter_map(|e| {
                        let (x, y) = g.edge_endpoints(*e)?;
                        let (field, at, _) = g[*e];
                        Some(Link {
                            from: g[x],
                            field,
                            to: g[y],
                            at,
                        })
                    })
                    .collect();
                out.push(links);
                continue;
            }
            for (p, e) in preds.get(&n).into_iter().flatten().rev() {
                let mut next = edges.clone();
                next.push(*e);
                stack.push((*p, next));
            }
        }
        out
    }
}
