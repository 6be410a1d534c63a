//! ACC008 in a hospital group, a principal of one establishment reaches,
//! through a shared application, the special data of another
//! establishment's processing, which does not declare that establishment
//! (or that principal) among its recipients.

use crate::diag::Diagnostic;
use crate::model::{ProcessingIx, Target};
use crate::rules::Cx;

rule!(
    Acc008,
    "ACC008",
    "cross-establishment-access",
    "ACC",
    Warning,
    "a member's staff reach another establishment's patients' data through a shared application without a declared basis"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let g = cx.graph;
    if !g.is_group() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, p) in inv.processings.iter().enumerate() {
        let ix = ProcessingIx(i as u32);
        let Some(owner) = g.processing_establishment(ix) else {
            continue;
        };
        let pdata = inv.processing_data(ix);
        for app in p
            .applications
            .iter()
            .map(|a| a.ix)
            .filter(|a| g.is_shared(*a))
        {
            for gx in g.grants_on(app) {
                let grant = &inv[gx];
                let Some(theirs) = g.establishment_of(grant.who.ix) else {
                    continue;
                };
                if theirs == owner
                    || p.recipients
                        .iter()
                        .any(|r| r.ix == Target::Org(theirs) || r.ix == grant.who.ix)
                {
                    continue;
                }
                let mut special: Vec<&str> = g
                    .grant_data(gx, app)
                    .into_iter()
                    .filter(|d| inv[*d].special.is_some() && g.within_any(&pdata, *d))
                    .map(|d| &*inv[d].common.id)
                    .collect();
                if special.is_empty() {
                    continue;
                }
                special.sort_unstable();
                special.dedup();
                let why = format!("grant {} on {}", grant.level.as_str(), inv[app].common.id);
                out.push(
                    cx.finding(
                        &INFO,
                        &p.common,
                        None,
                        format!(
                            "`{}` of `{}` reaches, through the shared application `{}`, the {} of `{}`'s processing `{}`, which declares neither `{}` nor `{}` among its recipients",
                            inv.id(grant.who.ix),
                            inv[theirs].common.id,
                            inv[app].common.id,
                            special.join(", "),
                            inv[owner].common.id,
                            p.common.id,
                            inv[theirs].common.id,
                            inv.id(grant.who.ix),
                        ),
                    )
                    .keyed(&[&grant.common.id])
                    .note(why, grant.common.at),
                );
            }
        }
    }
    out
}
