//! Attack paths: the shortest chains of control edges from where an
//! attacker starts (the internet, a vendor, an account) to a set of assets
//! (tier 0), like a directory auditor's shortest paths, from the inventory.

use super::{Control, Edge};
use crate::model::{GrantIx, Loc};

/// One step of a path, as read: `from` `fact` `to`, declared at `at`.
#[derive(Clone, Debug)]
pub struct PathStep {
    pub from: String,
    pub fact: &'static str,
    pub to: String,
    pub at: Loc,
    /// For a login (admin grant) step: whether a second factor is enforced.
    pub mfa: Option<bool>,
    pub grant: Option<GrantIx>,
}

/// A path from a start to an asset of the target set.
#[derive(Clone, Debug)]
pub struct TierPath {
    pub start: usize,
    pub end: usize,
    pub edges: Vec<u32>,
}

impl TierPath {
    pub fn steps(&self, c: &Control) -> Vec<PathStep> {
        self.edges
            .iter()
            .map(|e| {
                let e: &Edge = &c.edges[*e as usize];
                PathStep {
                    from: super::node_name(c, e.from),
                    fact: e.fact,
                    to: super::node_name(c, e.to),
                    at: e.at,
                    mfa: e.is_login().then_some(e.mfa),
                    grant: e.grant,
                }
            })
            .collect()
    }

    /// Every login step has a second factor.
    pub fn mfa_everywhere(&self, c: &Control) -> bool {
        self.edges.iter().all(|e| {
            let e = &c.edges[*e as usize];
            !e.is_login() || e.mfa
        })
    }
}

/// For every node, the first edge of a shortest path to the target set
/// (`None` for targets themselves and nodes that cannot reach it).
fn towards(c: &Control, target: &[bool]) -> (Vec<Option<u32>>, Vec<bool>) {
    let mut next: Vec<Option<u32>> = vec![None; c.nodes.len()];
    let mut seen = target.to_vec();
    let mut queue: Vec<usize> = (0..c.nodes.len()).filter(|n| target[*n]).collect();
    let mut k = 0;
    while k < queue.len() {
        let v = queue[k];
        k += 1;
        for &e in &c.into[v] {
            let u = c.edges[e as usize].from;
            if !seen[u] {
                seen[u] = true;
                next[u] = Some(e);
                queue.push(u);
            }
        }
    }
    (next, seen)
}

fn follow(c: &Control, next: &[Option<u32>], mut n: usize) -> (Vec<u32>, usize) {
    let mut edges = Vec::new();
    while let Some(e) = next[n] {
        edges.push(e);
        n = c.edges[e as usize].to;
        if edges.len() > c.nodes.len() {
            break;
        }
    }
    (edges, n)
}

/// One shortest path from each start that reaches the target set (starts
/// inside the set are skipped), in the order of `starts`.
pub fn paths_to(c: &Control, target: &[bool], starts: &[usize]) -> Vec<TierPath> {
    let (next, seen) = towards(c, target);
    let mut out = Vec::new();
    for &s in starts {
        if target[s] || !seen[s] {
            continue;
        }
        let (edges, end) = follow(c, &next, s);
        out.push(TierPath {
            start: s,
            end,
            edges,
        });
    }
    out
}

/// Every login step without a second factor that lies on a path from one of
/// `starts` to the target set, each with one such path through it (the
/// shortest way from a start to the step, then the shortest way on). One per
/// grant.
pub fn non_mfa_paths(c: &Control, target: &[bool], starts: &[usize]) -> Vec<(GrantIx, TierPath)> {
    let (next, seen) = towards(c, target);
    // Forward from the starts: the edge each node was first reached by.
    let mut came: Vec<Option<u32>> = vec![None; c.nodes.len()];
    let mut from_start: Vec<Option<usize>> = vec![None; c.nodes.len()];
    let mut queue: Vec<usize> = Vec::new();
    for &s in starts {
        if from_start[s].is_none() {
            from_start[s] = Some(s);
            queue.push(s);
        }
    }
    let mut k = 0;
    while k < queue.len() {
        let u = queue[k];
        k += 1;
        if target[u] {
            continue; // a path ends at the first asset it reaches
        }
        for &e in &c.out[u] {
            let v = c.edges[e as usize].to;
            if from_start[v].is_none() {
                from_start[v] = from_start[u];
                came[v] = Some(e);
                queue.push(v);
            }
        }
    }
    let mut out: Vec<(GrantIx, TierPath)> = Vec::new();
    let mut done = std::collections::BTreeSet::new();
    for &u in &queue {
        if target[u] {
            continue;
        }
        for &e in &c.out[u] {
            let edge = &c.edges[e as usize];
            let Some(g) = edge.grant.filter(|_| edge.is_login() && !edge.mfa) else {
                continue;
            };
            if !seen[edge.to] || done.contains(&g) {
                continue;
            }
            done.insert(g);
            let mut before = Vec::new();
            let mut n = u;
            while let Some(p) = came[n] {
                before.push(p);
                n = c.edges[p as usize].from;
                if before.len() > c.nodes.len() {
                    break;
                }
            }
            before.reverse();
            before.push(e);
            let (after, end) = follow(c, &next, edge.to);
            before.extend(after);
            out.push((
                g,
                TierPath {
                    start: n,
                    end,
                    edges: before,
                },
            ));
        }
    }
    out
}
