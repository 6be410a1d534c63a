//! GDPR007 personal data reaches an (organization, country) outside the EEA
//! and not adequate, through hosting or a flow, and no processing declares a
//! transfer with a safeguard to it (Art. 44-49). One finding per pair.

use crate::diag::Diagnostic;
use crate::model::{AppIx, FlowIx, Target};
use crate::rules::Cx;

rule!(
    Gdpr007,
    "GDPR007",
    "undeclared-transfer",
    "GDPR",
    Error,
    "personal data reaches a country outside the EEA without adequacy, and no processing declares the transfer"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let g = cx.graph;
    let personal = |d: crate::model::DataIx| inv[d].personal;
    let apps: Vec<AppIx> = (0..inv.applications.len() as u32)
        .map(AppIx)
        .filter(|a| g.held[a.i()].iter().any(|h| personal(h.data)))
        .collect();
    let flows: Vec<FlowIx> = (0..inv.flows.len() as u32)
        .map(FlowIx)
        .filter(|f| inv[*f].data.iter().any(|d| personal(d.ix)))
        .collect();
    g.transfers(&apps, &flows)
        .into_iter()
        .filter(|t| !t.declared)
        .map(|t| {
            let org = &inv[t.org];
            let about = inv.lookup(&t.how.id).into_iter().find(|x| !matches!(x, Target::Data(_)));
            let common = about.map_or(&org.common, |x| inv.common(x));
            cx.finding(
                &INFO,
                common,
                Some(t.at),
                format!(
                    "personal data reaches `{}` in {} ({}), outside the EEA and without adequacy, and no processing declares this transfer",
                    org.common.id, t.country, t.how.fact
                ),
            )
            .keyed(&[&org.common.id, t.country.as_str()])
            .help(format!(
                "declare it on the processing: `transfers: [{{to: {}, country: {}, safeguard: scc, ref: ...}}]`",
                org.common.id, t.country
            ))
        })
        .collect()
}
