//! ACC005 a person who left (`active: false`, or a `left` date today or
//! earlier) still holds a grant, directly or through groups.

use crate::diag::Diagnostic;
use crate::model::{PersonIx, Target};
use crate::rules::Cx;

rule!(
    Acc005,
    "ACC005",
    "leaver-with-access",
    "ACC",
    Error,
    "inactive person who still holds a grant, directly or through groups"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    inv.people
        .iter()
        .enumerate()
        .filter(|(_, p)| p.inactive(cx.today))
        .filter_map(|(i, p)| {
            let grants = cx.graph.grants_of(Target::Person(PersonIx(i as u32)));
            let mut ids: Vec<&str> = grants.iter().map(|(g, _)| &*inv[*g].common.id).collect();
            ids.sort_unstable();
            ids.dedup();
            (!ids.is_empty()).then(|| {
                let why = p
                    .left
                    .map_or("is inactive".to_string(), |d| format!("left on {d}"));
                cx.finding(
                    &INFO,
                    &p.common,
                    None,
                    format!(
                        "`{}` {why} and still holds {} grant{} ({})",
                        p.common.id,
                        ids.len(),
                        if ids.len() == 1 { "" } else { "s" },
                        ids.join(", ")
                    ),
                )
            })
        })
        .collect()
}
