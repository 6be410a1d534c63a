//! GDPR001 processing without `purpose` (Art. 30(1)(b)).

use crate::diag::Diagnostic;
use crate::rules::Cx;

rule!(
    Gdpr001,
    "GDPR001",
    "missing-purpose",
    "GDPR",
    Error,
    "processing without `purpose`"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    super::per_processing(cx, &INFO, |_, p| {
        p.purpose
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
            .then(|| format!("processing `{}` has no purpose", p.common.id))
    })
}
