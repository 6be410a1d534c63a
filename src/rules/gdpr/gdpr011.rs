//! GDPR011 personal data declared in an application that no processing
//! covers: the register misses an activity (Art. 30).

use crate::diag::Diagnostic;
use crate::rules::Cx;

rule!(
    Gdpr011,
    "GDPR011",
    "uncovered-application",
    "GDPR",
    Error,
    "personal data declared in an application that no processing covers"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    // Per application, the data its processings cover: a processing that
    // lists the application covers its own categories and everything below.
    let mut covering: Vec<Vec<crate::model::DataIx>> = vec![Vec::new(); inv.applications.len()];
    for (i, p) in inv.processings.iter().enumerate() {
        let data = inv.processing_data(crate::model::ProcessingIx(i as u32));
        for a in &p.applications {
            covering[a.ix.i()].extend(data.iter().copied());
        }
    }
    inv.applications
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let outside: Vec<&str> = a
                .data
                .iter()
                .filter(|d| inv[d.ix].personal && !cx.graph.within_any(&covering[i], d.ix))
                .map(|d| &*d.id)
                .collect();
            if outside.is_empty() {
                return None;
            }
            let listed = inv.processings.iter().any(|p| p.applications.iter().any(|x| x.ix.i() == i));
            let message = if listed {
                format!(
                    "application `{}` holds personal data ({}) that none of the processings listing it declares in its `data`",
                    a.common.id,
                    outside.join(", ")
                )
            } else {
                format!(
                    "application `{}` holds personal data ({}) but no processing lists it",
                    a.common.id,
                    outside.join(", ")
                )
            };
            Some(
                cx.finding(&INFO, &a.common, None, message)
                    .help("add the categories to the `data` of the processing the application supports, or declare a processing for them"),
            )
        })
        .collect()
}
