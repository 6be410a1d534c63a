//! ACC007 a person reaches special data only through a chain of more than
//! `max_group_depth` groups between them and the grant: hard to review.

use crate::diag::Diagnostic;
use crate::hash::{HashMap, HashSet};
use crate::model::{AppIx, DataIx, GrantIx, PersonIx, Target};
use crate::rules::Cx;

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
    // The special (application, category) pairs each grant reaches.
    let reached: Vec<Vec<(AppIx, DataIx)>> = (0..inv.grants.len())
        .map(|i| {
            let gx = GrantIx(i as u32);
            g.grant_apps(gx)
                .into_iter()
                .flat_map(|a| g.grant_data(gx, a).into_iter().map(move |d| (a, d)))
                .filter(|(_, d)| inv[*d].special.is_some())
                .collect()
        })
        .collect();
    // The people a grant reaches through more than `max` groups: the only
    // candidates, usually few.
    let mut deep: HashMap<PersonIx, Vec<(usize, GrantIx)>> = HashMap::default();
    let mut expansions: HashMap<Target, Vec<(Target, usize)>> = HashMap::default();
    for (i, grant) in inv.grants.iter().enumerate() {
        if reached[i].is_empty() {
            continue;
        }
        let members = expansions
            .entry(grant.who.ix)
            .or_insert_with(|| g.member_depths(grant.who.ix));
        for (m, depth) in members.iter() {
            if let (Target::Person(p), true) = (m, *depth > max) {
                deep.entry(*p)
                    .or_default()
                    .push((*depth, GrantIx(i as u32)));
            }
        }
    }
    // A candidate is reported for the pairs no shallow chain reaches; for
    // each, its shortest deep chain; the person's finding is the deepest of
    // those (then the greatest application id, as before).
    let mut worst: HashMap<PersonIx, (usize, AppIx, GrantIx)> = HashMap::default();
    for (p, mut chains) in deep {
        let shallow: HashSet<(AppIx, DataIx)> = g
            .grants_of(Target::Person(p))
            .into_iter()
            .filter(|(_, depth)| *depth <= max)
            .flat_map(|(gx, _)| reached[gx.0 as usize].iter().copied())
            .collect();
        chains.sort();
        let mut shortest: HashMap<(AppIx, DataIx), (usize, GrantIx)> = HashMap::default();
        for (depth, gx) in chains {
            for pair in &reached[gx.0 as usize] {
                if !shallow.contains(pair) {
                    shortest.entry(*pair).or_insert((depth, gx));
                }
            }
        }
        for ((a, _), (depth, gx)) in shortest {
            let e = worst.entry(p).or_insert((depth, a, gx));
            let key = (depth, inv[a].common.id.as_ref(), std::cmp::Reverse(gx));
            if key > (e.0, inv[e.1].common.id.as_ref(), std::cmp::Reverse(e.2)) {
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
