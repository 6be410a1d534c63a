//! ACC007 a person reaches special data only through a chain of more than
//! `max_group_depth` groups between them and the grant: hard to review.

use crate::diag::Diagnostic;
use crate::model::{AppIx, DataIx, GrantIx, PersonIx, Target};
use crate::rules::Cx;
use std::collections::HashMap;

rule!(
    Acc007,
    "ACC007",
    "deep-group-nesting",
    "ACC",
    Warning,
    "person reaching special data through more than `max_group_depth` nested groups"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let g = cx.graph;
    let max = inv.settings.max_group_depth as usize;
    // For each (person, application, special category): the fewest groups
    // between the person and a grant that gives it, and that grant.
    let mut best: HashMap<(PersonIx, AppIx, DataIx), (usize, GrantIx)> = HashMap::new();
    let mut expansions: HashMap<Target, Vec<(Target, usize)>> = HashMap::new();
    for (i, grant) in inv.grants.iter().enumerate() {
        let gx = GrantIx(i as u32);
        let reached: Vec<(AppIx, DataIx)> = g
            .grant_apps(gx)
            .into_iter()
            .flat_map(|a| g.grant_data(gx, a).into_iter().map(move |d| (a, d)))
            .filter(|(_, d)| inv[*d].special.is_some())
            .collect();
        if reached.is_empty() {
            continue;
        }
        let members = expansions
            .entry(grant.who.ix)
            .or_insert_with(|| g.member_depths(grant.who.ix));
        for (m, depth) in members.iter() {
            let Target::Person(p) = m else { continue };
            for (a, d) in &reached {
                let e = best.entry((*p, *a, *d)).or_insert((*depth, gx));
                if *depth < e.0 {
                    *e = (*depth, gx);
                }
            }
        }
    }
    // One finding per person: the deepest of their shortest chains.
    let mut worst: HashMap<PersonIx, (usize, AppIx, GrantIx)> = HashMap::new();
    for ((p, a, _), (depth, gx)) in best {
        if depth > max {
            let e = worst.entry(p).or_insert((depth, a, gx));
            if (depth, inv[a].common.id.as_ref()) > (e.0, inv[e.1].common.id.as_ref()) {
                *e = (depth, a, gx);
            }
        }
    }
    let mut people: Vec<_> = worst.into_iter().collect();
    people.sort_by_key(|(p, _)| *p);
    people
        .into_iter()
        .map(|(p, (depth, a, gx))| {
            let person = &inv[p];
            cx.finding(&INFO, &person.common, None, format!(
                "`{}` reaches special data in `{}` only through {depth} nested groups down from `{}` (grant {}), more than {max}",
                person.common.id,
                inv[a].common.id,
                inv[gx].who.id,
                inv[gx].common.id
            ))
            .help("grant to a shallower group, or flatten the nesting; `carto what <person> --explain` shows the chain")
        })
        .collect()
}
