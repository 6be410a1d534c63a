//! SEC003 a flow carrying personal data without `encrypted: true` (Art. 32).

use crate::diag::Diagnostic;
use crate::rules::Cx;

rule!(
    Sec003,
    "SEC003",
    "unencrypted-flow",
    "SEC",
    Error,
    "flow carrying personal data without `encrypted: true`"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    inv.flows
        .iter()
        .filter(|f| f.encrypted != Some(true))
        .filter_map(|f| {
            let personal = inv.personal_ids(&f.data);
            (!personal.is_empty()).then(|| {
                let how = if f.encrypted == Some(false) {
                    "in clear"
                } else {
                    "without saying it is encrypted"
                };
                cx.finding(
                    &INFO,
                    &f.common,
                    None,
                    format!(
                        "flow `{}` carries personal data ({}) {how}{}",
                        f.common.id,
                        personal.join(", "),
                        f.protocol
                            .as_deref()
                            .map(|p| format!(" over {p}"))
                            .unwrap_or_default()
                    ),
                )
            })
        })
        .collect()
}
