//! SEC011 a vital or high application without `rto` or `rpo` (continuity
//! plan, NIS2 Art. 21).

use crate::diag::Diagnostic;
use crate::model::Criticality;
use crate::rules::Cx;

rule!(
    Sec011,
    "SEC011",
    "missing-rto-rpo",
    "SEC",
    Error,
    "vital or high application without RTO/RPO"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    super::apps(cx)
        .filter(|(_, a)| matches!(a.criticality, Some(Criticality::High | Criticality::Vital)))
        .filter_map(|(_, a)| {
            let missing: Vec<&str> = [("rto", a.rto.is_none()), ("rpo", a.rpo.is_none())]
                .into_iter()
                .filter(|(_, m)| *m)
                .map(|(n, _)| n)
                .collect();
            (!missing.is_empty()).then(|| {
                cx.finding(
                    &INFO,
                    &a.common,
                    None,
                    format!(
                        "{} application `{}` has no {}",
                        a.criticality.map(|c| c.to_string()).unwrap_or_default(),
                        a.common.id,
                        missing.join(" and ")
                    ),
                )
            })
        })
        .collect()
}
