//! SEC014 a tier-0 asset administered from outside the admin zone: an admin
//! grant on it that is `remote`, or that does not go through a gateway in
//! an `admin` zone (ANSSI administration guide: administer tier 0 only from
//! dedicated admin workstations and bastions).

use crate::diag::Diagnostic;
use crate::model::Level;
use crate::rules::Cx;

rule!(
    Sec014,
    "SEC014",
    "tier-zero-admin-zone",
    "SEC",
    Error,
    "a tier-0 asset administered remotely or not through a bastion in an admin zone"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let t = cx.tiering();
    let mut out = Vec::new();
    for grant in &inv.grants {
        if grant.level != Level::Admin || !t.tier0.is_asset(&t.control, grant.to.ix) {
            continue;
        }
        let mut problems = Vec::new();
        if grant.remote == Some(true) {
            problems.push("usable remotely (`remote: true`)".to_string());
        }
        problems.extend(super::bastion_problem(inv, grant));
        if !problems.is_empty() {
            out.push(cx.finding(
                &INFO,
                &grant.common,
                None,
                format!(
                    "tier-0 `{}` is administered by `{}` {}",
                    grant.to.id,
                    grant.who.id,
                    problems.join(", ")
                ),
            ));
        }
    }
    out
}
