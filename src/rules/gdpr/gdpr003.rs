//! GDPR003 special data (Art. 9/10, NIR) processed without `special_condition`.

use crate::diag::Diagnostic;
use crate::rules::Cx;

rule!(
    Gdpr003,
    "GDPR003",
    "missing-special-condition",
    "GDPR",
    Error,
    "special data (Art. 9/10, NIR) processed without `special_condition`"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    super::per_processing(cx, &INFO, |ix, p| {
        if p.special_condition.is_some() {
            return None;
        }
        let special: Vec<String> = inv
            .processing_data(ix)
            .into_iter()
            .filter(|d| inv[*d].special.is_some())
            .map(|d| inv[d].common.id.to_string())
            .collect();
        (!special.is_empty()).then(|| {
            format!(
                "processing `{}` processes special data ({}) without an Art. 9(2) or Art. 10 condition (`special_condition`)",
                p.common.id,
                special.join(", ")
            )
        })
    })
}
