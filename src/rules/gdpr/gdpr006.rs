//! GDPR006 no retention for a processed personal category: neither the
//! processing (an entry for the category or a broader one) nor the category
//! (its own or inherited default) says how long it is kept (Art. 5(1)(e)).

use crate::diag::Diagnostic;
use crate::model::ProcessingIx;
use crate::rules::Cx;

rule!(
    Gdpr006,
    "GDPR006",
    "missing-retention",
    "GDPR",
    Error,
    "no retention for a processed personal category (own, processing or category default)"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let mut out = Vec::new();
    for (i, p) in inv.processings.iter().enumerate() {
        for d in inv.processing_data(ProcessingIx(i as u32)) {
            let cat = &inv[d];
            if !cat.personal || cat.retention.is_some() {
                continue;
            }
            let covered = p
                .retention
                .iter()
                .any(|r| r.period.is_some() && inv.data_within(d, r.data.ix));
            if !covered {
                out.push(cx.finding(
                    &INFO,
                    &p.common,
                    None,
                    format!("processing `{}` keeps `{}` with no retention period", p.common.id, cat.common.id),
                ).keyed(&[&cat.common.id]).help(format!("add `retention: [{{data: {}, period: ..., after: ...}}]`, or a default `retention` on the category", cat.common.id)));
            }
        }
    }
    out
}
