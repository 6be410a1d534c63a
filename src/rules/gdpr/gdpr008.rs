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

fn check(cx: &Cx) -> Vec<Diagnostic> {
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
