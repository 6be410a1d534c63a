//! SEC008 a high or vital application without an offline or immutable
//! backup, or with no restore test, or one older than `restore_test_max_age`
//! (ransomware resilience: ANSSI, CaRE programme).

use crate::diag::Diagnostic;
use crate::model::Criticality;
use crate::rules::Cx;

rule!(
    Sec008,
    "SEC008",
    "backup-resilience",
    "SEC",
    Error,
    "high or vital application without an offline/immutable backup or a recent restore test"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let oldest = inv.settings.restore_test_max_age.before(cx.today);
    super::apps(cx)
        .filter(|(_, a)| matches!(a.criticality, Some(Criticality::High | Criticality::Vital)))
        .filter_map(|(_, a)| {
            let mut problems = Vec::new();
            let b = a.backup.as_ref();
            if !b.is_some_and(|b| b.offline == Some(true) || b.immutable == Some(true)) {
                problems.push("no offline or immutable backup".to_string());
            }
            match b.and_then(|b| b.last_restore_test) {
                None => problems.push("no restore test".to_string()),
                Some(d) if d < oldest => problems.push(format!(
                    "last restore test on {d}, older than {}",
                    inv.settings.restore_test_max_age
                )),
                Some(_) => {}
            }
            (!problems.is_empty()).then(|| {
                cx.finding(
                    &INFO,
                    &a.common,
                    None,
                    format!(
                        "{} application `{}`: {}",
                        a.criticality.map(|c| c.to_string()).unwrap_or_default(),
                        a.common.id,
                        problems.join(", ")
                    ),
                )
            })
        })
        .collect()
}
