//! ACC006 an external person (employer neither `self` nor an `entity`) with
//! access to special data and no `expires` on that access.

use crate::diag::Diagnostic;
use crate::model::{PersonIx, Target};
use crate::rules::Cx;

rule!(
    Acc006,
    "ACC006",
    "external-without-expiry",
    "ACC",
    Error,
    "external person with access to special data and no expiry"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    inv.people
        .iter()
        .enumerate()
        .filter(|(_, p)| p.org.as_ref().is_some_and(|o| !inv.is_establishment(o.ix)))
        .filter_map(|(i, p)| {
            let open: Vec<&str> = cx
                .graph
                .grants_of(Target::Person(PersonIx(i as u32)))
                .into_iter()
                .filter(|(g, _)| {
                    inv[*g].expires.is_none() && !super::special_reached(cx, *g).is_empty()
                })
                .map(|(g, _)| &*inv[g].common.id)
                .collect();
            (!open.is_empty()).then(|| {
                cx.finding(
                    &INFO,
                    &p.common,
                    None,
                    format!(
                        "`{}` works for `{}` and reaches special data with no end date ({})",
                        p.common.id,
                        p.org.as_ref().map(|o| &*o.id).unwrap_or_default(),
                        open.join(", ")
                    ),
                )
            })
        })
        .collect()
}
