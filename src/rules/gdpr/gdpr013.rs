//! GDPR013 in a hospital group, a flow between two establishments carries
//! special data and names no `agreement`.

use crate::diag::Diagnostic;
use crate::rules::Cx;

rule!(
    Gdpr013,
    "GDPR013",
    "inter-establishment-flow",
    "GDPR",
    Warning,
    "a flow between two establishments of a group carries special data without an agreement reference"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let g = cx.graph;
    if !g.is_group() {
        return Vec::new();
    }
    inv.flows
        .iter()
        .filter(|f| f.agreement.is_none())
        .filter_map(|f| {
            let from = g.establishment_of(f.from.ix)?;
            let to = g.establishment_of(f.to.ix)?;
            if from == to {
                return None;
            }
            let mut special: Vec<&str> = f
                .data
                .iter()
                .filter(|d| inv[d.ix].special.is_some())
                .map(|d| &*d.id)
                .collect();
            if special.is_empty() {
                return None;
            }
            special.sort_unstable();
            Some(cx.finding(
                &INFO,
                &f.common,
                None,
                format!(
                    "flow `{}` carries {} from `{}` to `{}`, another establishment, and names no `agreement`",
                    f.common.id,
                    special.join(", "),
                    inv[from].common.id,
                    inv[to].common.id
                ),
            ))
        })
        .collect()
}
