//! SEC001 health data hosted by a provider other than `self` (and not a
//! GHT `entity`) without HDS certification (CSP art. L.1111-8).

use crate::diag::Diagnostic;
use crate::model::OrgKind;
use crate::rules::Cx;

rule!(
    Sec001,
    "SEC001",
    "hds-hosting",
    "SEC",
    Error,
    "health data hosted by a provider without HDS certification"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    super::apps(cx)
        .filter_map(|(ix, a)| {
            let p = a.hosting.as_ref()?.provider.as_ref()?;
            let org = &inv[p.ix];
            if Some(p.ix) == inv.self_org || org.kind == OrgKind::Entity || org.certified("hds") {
                return None;
            }
            let health = super::health_held(cx, ix);
            (!health.is_empty()).then(|| {
                cx.finding(&INFO, &a.common, Some(p.at), format!(
                    "application `{}` holds health data ({}) hosted by `{}`, which is not HDS-certified",
                    a.common.id, health.join(", "), org.common.id
                ))
            })
        })
        .collect()
}
