//! INV009 no owner: an application or a processing without `owner`
//! (someone must be accountable). An admin account without one is ACC002's
//! finding (an error), not reported twice.

use crate::diag::Diagnostic;
use crate::model::Common;
use crate::rules::Cx;

rule!(
    Inv009,
    "INV009",
    "missing-owner",
    "INV",
    Warning,
    "an application or processing without an owner"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let missing = |c: &Common, what: &str| {
        c.owner.is_none().then(|| {
            cx.finding(&INFO, c, None, format!("{what} `{}` has no owner", c.id))
                .help("add `owner: <person, group or organization>`: who is accountable for it")
        })
    };
    let apps = inv
        .applications
        .iter()
        .filter_map(|a| missing(&a.common, "application"));
    let procs = inv
        .processings
        .iter()
        .filter_map(|p| missing(&p.common, "processing"));
    apps.chain(procs).collect()
}
