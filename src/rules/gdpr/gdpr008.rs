//! GDPR008 a processor (or host) that receives or hosts personal data has no
//! `contract`, or its contract has expired (Art. 28).

use crate::diag::Diagnostic;
use crate::model::{OrgIx, OrgKind, Target};
use crate::rules::Cx;
use std::collections::BTreeSet;

rule!(
    Gdpr008,
    "GDPR008",
    "processor-contract",
    "GDPR",
    Error,
    "a processor that receives or hosts personal data has no Art. 28 contract, or it has expired"
);

/// In a hospital group: the members whose processings the support
/// establishment carries out on shared applications, each with those
/// applications; the member's `contract` is its agreement with the support
/// establishment.
fn members_served(cx: &Cx) -> Vec<(OrgIx, Vec<String>)> {
    let inv = cx.inv;
    let mut served: std::collections::BTreeMap<OrgIx, BTreeSet<String>> = Default::default();
    for i in 0..inv.processings.len() {
        let ix = crate::model::ProcessingIx(i as u32);
        if let (Some((_, apps)), Some(m)) = (
            cx.graph.ght_processor(ix),
            inv[ix].common.establishment.as_ref(),
        ) {
            let e = served.entry(m.ix).or_default();
            e.extend(apps.iter().map(|a| inv[*a].common.id.to_string()));
        }
    }
    served
        .into_iter()
        .map(|(m, a)| (m, a.into_iter().collect()))
        .collect()
}

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let mut out = processors(cx);
    let inv = cx.inv;
    let Some(support) = inv.self_org else {
        return out;
    };
    for (m, apps) in members_served(cx) {
        let org = &inv[m];
        let msg = match &org.contract {
            None => format!(
                "the support establishment `{}` carries out `{}`'s processings on shared applications ({}) without a contract with it",
                inv[support].common.id,
                org.common.id,
                apps.join(", ")
            ),
            Some(c) => match c.expires {
                Some(e) if e < cx.today => format!(
                    "the contract between `{}` and the support establishment `{}`{} expired on {e}, and it still carries out its processings on shared applications ({})",
                    org.common.id,
                    inv[support].common.id,
                    c.reference
                        .as_deref()
                        .map(|r| format!(" ({r})"))
                        .unwrap_or_default(),
                    apps.join(", ")
                ),
                _ => continue,
            },
        };
        out.push(cx.finding(&INFO, &org.common, None, msg));
    }
    out
}

/// Processors and hosts handling personal data.
fn processors(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let g = cx.graph;
    let mut involved: BTreeSet<OrgIx> = BTreeSet::new();
    for (i, a) in inv.applications.iter().enumerate() {
        let personal = g.held[i].iter().any(|h| inv[h.data].personal);
        if let (true, Some(p)) = (
            personal,
            a.hosting.as_ref().and_then(|h| h.provider.as_ref()),
        ) {
            involved.insert(p.ix);
        }
    }
    for f in &inv.flows {
        if f.data.iter().any(|d| inv[d.ix].personal) {
            for end in [Some(f.to.ix), f.bidirectional.then_some(f.from.ix)]
                .into_iter()
                .flatten()
            {
                if let Target::Org(o) = end {
                    involved.insert(o);
                }
            }
        }
    }
    involved
        .into_iter()
        .filter(|o| matches!(inv[*o].kind, OrgKind::Processor | OrgKind::Host))
        .filter_map(|o| {
            let org = &inv[o];
            let msg = match &org.contract {
                None => format!("processor `{}` handles personal data without an Art. 28 contract", org.common.id),
                Some(c) => match c.expires {
                    Some(e) if e < cx.today => format!(
                        "the Art. 28 contract of `{}`{} expired on {e}, and it still handles personal data",
                        org.common.id,
                        c.reference.as_deref().map(|r| format!(" ({r})")).unwrap_or_default()
                    ),
                    _ => return None,
                },
            };
            Some(cx.finding(&INFO, &org.common, None, msg))
        })
        .collect()
}
