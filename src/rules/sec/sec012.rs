//! SEC012 a path from the internet or a vendor to a tier-0 asset has a login
//! step (an admin grant) without a second factor (ANSSI administration
//! guide; CaRE programme).

use crate::diag::Diagnostic;
use crate::rules::Cx;
use crate::tier::Start;

rule!(
    Sec012,
    "SEC012",
    "tier-zero-path-without-mfa",
    "SEC",
    Error,
    "a path from the internet or a vendor to tier 0 has a login step without MFA"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let t = cx.tiering();
    let c = &t.control;
    let starts = t.starts(&[Start::Internet, Start::Vendors]);
    crate::tier::non_mfa_paths(c, &t.assets(), &starts)
        .into_iter()
        .map(|(g, path)| {
            let grant = &cx.inv[g];
            let steps = path.steps(c);
            let mut d = cx.finding(
                &INFO,
                &grant.common,
                None,
                format!(
                    "grant `{}` (admin, no second factor) is a step of a path from {} to the tier-0 asset `{}` ({} steps)",
                    grant.common.id,
                    crate::tier::node_name(c, path.start),
                    crate::tier::node_name(c, path.end),
                    steps.len()
                ),
            );
            for s in &steps {
                d = d.note(format!("{} {} {}", s.from, s.fact, s.to), s.at);
            }
            d
        })
        .collect()
}
