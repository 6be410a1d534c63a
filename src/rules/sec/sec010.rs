//! SEC010 an application holding special data not `encrypted_at_rest`.

use crate::diag::Diagnostic;
use crate::rules::Cx;

rule!(
    Sec010,
    "SEC010",
    "unencrypted-at-rest",
    "SEC",
    Error,
    "application holding special data not encrypted at rest"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    super::apps(cx)
        .filter(|(_, a)| a.encrypted_at_rest != Some(true))
        .filter_map(|(ix, a)| {
            let special = super::special_held(cx, ix);
            (!special.is_empty()).then(|| {
                cx.finding(
                    &INFO,
                    &a.common,
                    None,
                    format!(
                        "application `{}` holds special data ({}) and is not encrypted at rest",
                        a.common.id,
                        special.join(", ")
                    ),
                )
            })
        })
        .collect()
}
