//! ACC007 a person reaches special data only through a chain of more than
//! `max_group_depth` groups between them and the grant: hard to review.

use crate::diag::Diagnostic;
use crate::graph::Filter;
use crate::model::{PersonIx, Target};
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
    let max = inv.settings.max_group_depth as usize;
    let special = Filter {
        special: true,
        ..Filter::default()
    };
    let mut out = Vec::new();
    for (i, p) in inv.people.iter().enumerate() {
        let rows = cx.graph.what(Target::Person(PersonIx(i as u32)), &special);
        // Rows keep the shortest route: a deep one here has no shorter alternative.
        if let Some(row) = rows
            .iter()
            .filter(|r| {
                r.path
                    .iter()
                    .filter(|s| s.fact.starts_with("member of "))
                    .count()
                    > max
            })
            .max_by_key(|r| r.path.len())
        {
            let groups: Vec<&str> = row
                .path
                .iter()
                .filter(|s| s.fact.starts_with("member of "))
                .map(|s| &*s.id)
                .collect();
            out.push(cx.finding(&INFO, &p.common, None, format!(
                "`{}` reaches special data in `{}` through {} nested groups ({}), more than {max}",
                p.common.id,
                row.application.map(|a| &*inv[a].common.id).unwrap_or("-"),
                groups.len(),
                groups.join(" -> ")
            )));
        }
    }
    out
}
