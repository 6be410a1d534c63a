//! ACC003 a grant on special data not reviewed within `review_max_age`, or
//! never reviewed.

use crate::diag::Diagnostic;
use crate::model::GrantIx;
use crate::rules::Cx;

rule!(
    Acc003,
    "ACC003",
    "stale-review",
    "ACC",
    Warning,
    "grant on special data not reviewed within `review_max_age`, or never"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let oldest = inv.settings.review_max_age.before(cx.today);
    inv.grants
        .iter()
        .enumerate()
        .filter(|(_, g)| g.reviewed.is_none_or(|d| d < oldest))
        .filter_map(|(i, g)| {
            let special = super::special_reached(cx, GrantIx(i as u32));
            (!special.is_empty()).then(|| {
                let when = g.reviewed.map_or("never reviewed".to_string(), |d| format!("last reviewed on {d}"));
                cx.finding(&INFO, &g.common, None, format!(
                    "grant `{}` reaches special data ({}) and was {when} (reviews are due every {})",
                    g.common.id,
                    special.join(", "),
                    inv.settings.review_max_age
                ))
            })
        })
        .collect()
}
