//! GDPR012 a recipient derived from the inventory (format 5.4: a group or
//! account named in a grant on the processing's applications that reaches
//! its data, or an organization at the other end of a flow carrying it) is
//! declared neither in `recipients` nor in `processors`.

use crate::diag::Diagnostic;
use crate::model::{DataIx, ProcessingIx, Target};
use crate::rules::Cx;

rule!(
    Gdpr012,
    "GDPR012",
    "undeclared-recipient",
    "GDPR",
    Warning,
    "a recipient derived from grants and flows is not declared in the processing"
);

/// The recipients of a processing derived from grants and flows (5.4),
/// each with the reason and where it is written.
pub fn derived_recipients(cx: &Cx, ix: ProcessingIx) -> Vec<(Target, String, crate::model::Loc)> {
    let inv = cx.inv;
    let g = cx.graph;
    let p = &inv[ix];
    let data: Vec<DataIx> = inv.processing_data(ix);
    let overlaps = |d: DataIx| data.iter().any(|x| inv.data_overlap(*x, d));
    let mut out: Vec<(Target, String, crate::model::Loc)> = Vec::new();
    // The controllers of the processing are not its recipients (a processor
    // returns the data to the controller it serves).
    let controllers: Vec<Target> = p
        .controller
        .iter()
        .chain(&p.joint_controllers)
        .map(|c| Target::Org(c.ix))
        .collect();
    let mut add = |t: Target, why: String, at| {
        if !controllers.contains(&t) && !out.iter().any(|(x, _, _)| *x == t) {
            out.push((t, why, at));
        }
    };
    for app in p.applications.iter().map(|a| a.ix) {
        for gx in g.grants_on(app) {
            let grant = &inv[gx];
            if matches!(
                grant.who.ix,
                Target::Group(_) | Target::Account(_) | Target::Org(_)
            ) && g.grant_data(gx, app).into_iter().any(overlaps)
            {
                add(
                    grant.who.ix,
                    format!("grant {} on {}", grant.level, inv[app].common.id),
                    grant.common.at,
                );
            }
        }
    }
    for app in p.applications.iter().map(|a| a.ix) {
        for fx in g.flows_at(Target::App(app)) {
            let f = &inv[fx];
            if !f.data.iter().any(|d| overlaps(d.ix)) {
                continue;
            }
            // The receiving end: `to`, and `from` too when bidirectional.
            let mut ends = vec![(f.to.ix, f.from.ix)];
            if f.bidirectional {
                ends.push((f.from.ix, f.to.ix));
            }
            for (end, other) in ends {
                if let Target::Org(o) = end
                    && Some(o) != inv.self_org
                    && other == Target::App(app)
                {
                    add(end, format!("flow {}", f.common.id), f.common.at);
                }
            }
        }
    }
    out
}

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let mut out = Vec::new();
    for (i, p) in inv.processings.iter().enumerate() {
        for (t, why, at) in derived_recipients(cx, ProcessingIx(i as u32)) {
            let declared = p.recipients.iter().any(|r| r.ix == t)
                || p.processors.iter().any(|r| Target::Org(r.ix) == t);
            if !declared {
                out.push(cx.finding(&INFO, &p.common, None, format!(
                    "`{}` receives the data of processing `{}` ({why}) but is not declared in its `recipients` or `processors`",
                    inv.id(t),
                    p.common.id,
                ))
                .keyed(&[inv.id(t)])
                .note(why.to_string(), at));
            }
        }
    }
    out
}
