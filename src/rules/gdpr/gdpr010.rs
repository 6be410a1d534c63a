//! GDPR010 the `self` organization has no `dpo` (Art. 37: required for
//! public bodies and for health data on a large scale).

use crate::diag::Diagnostic;
use crate::rules::Cx;

rule!(
    Gdpr010,
    "GDPR010",
    "missing-dpo",
    "GDPR",
    Error,
    "`self` organization without `dpo` (Art. 37)"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    inv.self_org
        .map(|o| &inv[o])
        .filter(|o| o.dpo.is_none())
        .map(|o| {
            cx.finding(
                &INFO,
                &o.common,
                None,
                format!(
                    "`{}` (self) names no data protection officer (`dpo`)",
                    o.common.id
                ),
            )
        })
        .into_iter()
        .collect()
}
