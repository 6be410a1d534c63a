//! ACC004 a grant past its `expires` date that is still declared.

use crate::diag::Diagnostic;
use crate::rules::Cx;

rule!(
    Acc004,
    "ACC004",
    "expired-grant",
    "ACC",
    Error,
    "grant past its `expires` date"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    cx.inv
        .grants
        .iter()
        .filter(|g| g.expired(cx.today))
        .map(|g| {
            cx.finding(&INFO, &g.common, None, format!(
                "grant `{}` expired on {} and is still declared: remove it, or the access it gives",
                g.common.id,
                g.expires.map(|d| d.to_string()).unwrap_or_default()
            ))
        })
        .collect()
}
