//! SEC017 a recovery target that a dependency breaks: an application (or a
//! processing) with an `rto` depends, directly or through other
//! applications, on one whose recovery time is longer (docs/ransomware.md
//! gives the dependencies carto follows).

use crate::diag::Diagnostic;
use crate::rules::Cx;

rule!(
    Sec017,
    "SEC017",
    "continuity-dependency",
    "SEC",
    Warning,
    "an RTO that a dependency's recovery time breaks"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    crate::continuity::check_all(inv, cx.graph)
        .into_iter()
        .filter_map(|o| {
            let (app, b) = o.broken_by?;
            let rto = o.rto?;
            let c = inv.common(o.subject);
            let through = if o.subject == crate::model::Target::App(app) {
                String::new()
            } else {
                format!(" through its application `{}`", inv[app].common.id)
            };
            let mut d = cx.finding(
                &INFO,
                c,
                None,
                format!(
                    "`{}` has an RTO of {rto}, but{through} it {}",
                    c.id,
                    crate::continuity::break_sentence_en(inv, &b)
                ),
            );
            for step in &b.chain {
                d = d.note(
                    format!("`{}` {}", inv[step.app].common.id, step.need.as_str()),
                    step.at,
                );
            }
            Some(d)
        })
        .collect()
}
