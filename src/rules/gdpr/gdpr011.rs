//! GDPR011 personal data declared in an application that no processing
//! covers: the register misses an activity (Art. 30).

use crate::diag::Diagnostic;
use crate::rules::Cx;

rule!(
    Gdpr011,
    "GDPR011",
    "uncovered-application",
    "GDPR",
    Error,
    "personal data declared in an application that no processing covers"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let mut covered = vec![false; inv.applications.len()];
    for p in &inv.processings {
        for a in &p.applications {
            covered[a.ix.i()] = true;
        }
    }
    inv.applications
        .iter()
        .enumerate()
        .filter(|(i, _)| !covered[*i])
        .filter_map(|(_, a)| {
            let personal = inv.personal_ids(&a.data);
            (!personal.is_empty()).then(|| {
                cx.finding(
                    &INFO,
                    &a.common,
                    None,
                    format!(
                        "application `{}` holds personal data ({}) but no processing lists it",
                        a.common.id,
                        personal.join(", ")
                    ),
                )
            })
        })
        .collect()
}
