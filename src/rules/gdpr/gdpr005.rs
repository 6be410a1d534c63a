//! GDPR005 processing without `subjects` (Art. 30(1)(c)).

use crate::diag::Diagnostic;
use crate::rules::Cx;

rule!(
    Gdpr005,
    "GDPR005",
    "missing-subjects",
    "GDPR",
    Error,
    "processing without `subjects`"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    super::per_processing(cx, &INFO, |_, p| {
        p.subjects.is_empty().then(|| {
            format!(
                "processing `{}` names no categories of data subjects",
                p.common.id
            )
        })
    })
}
