//! SEC007 a flow between two applications whose zones have different trust,
//! with no `via` gateway (flows with an end that has no zone are not checked).

use crate::diag::Diagnostic;
use crate::model::Target;
use crate::rules::Cx;

rule!(
    Sec007,
    "SEC007",
    "zone-crossing",
    "SEC",
    Error,
    "flow between zones of different trust without a gateway"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    inv.flows
        .iter()
        .filter(|f| f.via.is_empty())
        .filter_map(|f| {
            let (Target::App(a), Target::App(b)) = (f.from.ix, f.to.ix) else { return None };
            let za = inv[a].zone.as_ref()?;
            let zb = inv[b].zone.as_ref()?;
            let (ta, tb) = (inv[za.ix].trust, inv[zb.ix].trust);
            (ta != tb).then(|| {
                cx.finding(&INFO, &f.common, None, format!(
                    "flow `{}` crosses from zone `{}` ({ta}) to zone `{}` ({tb}) without a gateway (`via`)",
                    f.common.id, za.id, zb.id
                ))
            })
        })
        .collect()
}
