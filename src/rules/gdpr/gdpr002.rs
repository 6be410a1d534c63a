//! GDPR002 processing without `legal_basis` (Art. 6).

use crate::diag::Diagnostic;
use crate::rules::Cx;

rule!(
    Gdpr002,
    "GDPR002",
    "missing-legal-basis",
    "GDPR",
    Error,
    "processing without `legal_basis` (Art. 6)"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    super::per_processing(cx, &INFO, |_, p| {
        p.legal_basis
            .is_none()
            .then(|| format!("processing `{}` has no legal basis (Art. 6)", p.common.id))
    })
}
