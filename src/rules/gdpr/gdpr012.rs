//! GDPR012 a recipient derived from the inventory (format 5.4, derived in
//! `graph::gdpr`: a group or organization granted access to the
//! processing's data in its applications, the owner of an account that is,
//! or an organization at the other end of a flow carrying it) is declared
//! neither in `recipients` nor in `processors`.

use crate::diag::Diagnostic;
use crate::graph::Through;
use crate::model::{ProcessingIx, Target};
use crate::rules::Cx;

rule!(
    Gdpr012,
    "GDPR012",
    "undeclared-recipient",
    "GDPR",
    Warning,
    "a recipient derived from grants and flows is not declared in the processing"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let mut out = Vec::new();
    for (i, p) in inv.processings.iter().enumerate() {
        let owner = cx.graph.processing_establishment(ProcessingIx(i as u32));
        for r in cx.graph.recipients(ProcessingIx(i as u32)) {
            let t = r.target;
            // In a group, another establishment reaching it through a shared
            // application is ACC008's case.
            if let Through::Grant(_, app) = r.how
                && cx.graph.is_shared(app)
                && cx
                    .graph
                    .establishment_of(t)
                    .is_some_and(|e| Some(e) != owner)
            {
                continue;
            }
            let declared = p.recipients.iter().any(|x| x.ix == t)
                || p.processors.iter().any(|x| Target::Org(x.ix) == t);
            if !declared {
                out.push(
                    cx.finding(
                        &INFO,
                        &p.common,
                        None,
                        format!(
                            "`{}` receives the data of processing `{}` ({}) but is not declared in its `recipients` or `processors`",
                            inv.id(t),
                            p.common.id,
                            r.why
                        ),
                    )
                    .keyed(&[inv.id(t)])
                    .note(r.why.clone(), r.at),
                );
            }
        }
    }
    out
}
