//! GDPR004 `legitimate-interests` without `legitimate_interest` (Art. 6(1)(f)).

use crate::diag::Diagnostic;
use crate::model::LegalBasis;
use crate::rules::Cx;

rule!(
    Gdpr004,
    "GDPR004",
    "undescribed-legitimate-interest",
    "GDPR",
    Error,
    "`legitimate-interests` without `legitimate_interest`"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    super::per_processing(cx, &INFO, |_, p| {
        (p.legal_basis == Some(LegalBasis::LegitimateInterests)
            && p.legitimate_interest.as_deref().is_none_or(|s| s.trim().is_empty()))
        .then(|| format!("processing `{}` relies on legitimate interests without saying which (`legitimate_interest`)", p.common.id))
    })
}
