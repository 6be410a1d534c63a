//! SEC002 health data stored outside the EEA: an application holding health
//! data whose site, servers' sites or host are outside the EEA.

use crate::diag::Diagnostic;
use crate::rules::Cx;

rule!(
    Sec002,
    "SEC002",
    "health-outside-eea",
    "SEC",
    Error,
    "HDS host or site storing health data outside the EEA"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    super::apps(cx)
        .filter_map(|(ix, a)| {
            let health = super::health_held(cx, ix);
            if health.is_empty() {
                return None;
            }
            let outside: Vec<String> = cx
                .graph
                .app_countries(ix)
                .into_iter()
                .filter(|c| !inv.in_eea(*c))
                .map(|c| c.to_string())
                .collect();
            (!outside.is_empty()).then(|| {
                cx.finding(
                    &INFO,
                    &a.common,
                    None,
                    format!(
                        "application `{}` stores health data ({}) outside the EEA ({})",
                        a.common.id,
                        health.join(", "),
                        outside.join(", ")
                    ),
                )
            })
        })
        .collect()
}
