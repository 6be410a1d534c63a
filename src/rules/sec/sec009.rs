//! SEC009 an application holding special data without logging (CNIL
//! traceability of access to health records).

use crate::diag::Diagnostic;
use crate::rules::Cx;

rule!(
    Sec009,
    "SEC009",
    "missing-logging",
    "SEC",
    Error,
    "application holding special data without logging"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    super::apps(cx)
        .filter(|(_, a)| a.logging.as_ref().and_then(|l| l.enabled) != Some(true))
        .filter_map(|(ix, a)| {
            let special = super::special_held(cx, ix);
            (!special.is_empty()).then(|| {
                cx.finding(&INFO, &a.common, None, format!(
                    "application `{}` holds special data ({}) without logging (`logging: {{enabled: true}}`)",
                    a.common.id,
                    special.join(", ")
                ))
            })
        })
        .collect()
}
