//! SEC004 a `remote` grant reaching special data without a second factor on
//! its path (the grant, the application or the `via` gateway; format 5.3).

use crate::diag::Diagnostic;
use crate::model::GrantIx;
use crate::rules::Cx;

rule!(
    Sec004,
    "SEC004",
    "remote-without-mfa",
    "SEC",
    Error,
    "remote access to special data without MFA on the path"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let g = cx.graph;
    let mut out = Vec::new();
    for (i, grant) in inv.grants.iter().enumerate() {
        let gx = GrantIx(i as u32);
        if grant.remote != Some(true) {
            continue;
        }
        for app in g.grant_apps(gx) {
            let special: Vec<String> = g
                .grant_data(gx, app)
                .into_iter()
                .filter(|d| inv[*d].special.is_some())
                .map(|d| inv[d].common.id.to_string())
                .collect();
            if !special.is_empty() && !g.path_mfa(gx, app) {
                out.push(cx.finding(&INFO, &grant.common, None, format!(
                    "`{}` reaches {} in `{}` remotely with no second factor on the grant, the application or a gateway",
                    grant.who.id,
                    special.join(", "),
                    inv[app].common.id
                )).keyed(&[&inv[app].common.id]));
            }
        }
    }
    out
}
