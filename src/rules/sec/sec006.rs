//! SEC006 an `internet_facing` application whose zone is not a DMZ
//! (applications without a zone, e.g. SaaS, are not checked).

use crate::diag::Diagnostic;
use crate::model::Trust;
use crate::rules::Cx;

rule!(
    Sec006,
    "SEC006",
    "internet-facing-outside-dmz",
    "SEC",
    Error,
    "internet-facing application outside a DMZ"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    super::apps(cx)
        .filter_map(|(_, a)| {
            let z = a.zone.as_ref()?;
            (a.internet_facing == Some(true) && inv[z.ix].trust != Trust::Dmz).then(|| {
                cx.finding(&INFO, &a.common, Some(z.at), format!(
                    "application `{}` is internet-facing but sits in zone `{}` (trust {}), not in a DMZ",
                    a.common.id, z.id, inv[z.ix].trust
                ))
            })
        })
        .collect()
}
