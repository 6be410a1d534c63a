//! SEC005 admin access without MFA, or not through a gateway (bastion) in an
//! `admin` zone (ANSSI administration guide).

use crate::diag::Diagnostic;
use crate::model::{GrantIx, Level};
use crate::rules::Cx;

rule!(
    Sec005,
    "SEC005",
    "admin-path",
    "SEC",
    Error,
    "admin access without MFA, or not through a bastion in an admin zone"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let g = cx.graph;
    let mut out = Vec::new();
    for (i, grant) in inv.grants.iter().enumerate() {
        if grant.level != Level::Admin {
            continue;
        }
        let gx = GrantIx(i as u32);
        let apps = g.grant_apps(gx);
        let mut problems = Vec::new();
        if !apps.is_empty() && apps.iter().any(|a| !g.path_mfa(gx, *a)) {
            problems.push("no second factor".to_string());
        }
        problems.extend(super::bastion_problem(inv, grant));
        if !problems.is_empty() {
            out.push(cx.finding(
                &INFO,
                &grant.common,
                None,
                format!(
                    "admin access of `{}` to `{}`: {}",
                    grant.who.id,
                    grant.to.id,
                    problems.join(", ")
                ),
            ));
        }
    }
    out
}
