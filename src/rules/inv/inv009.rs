//! INV009 no owner: an application, a processing or an admin account
//! without `owner` (someone must be accountable).

use crate::diag::Diagnostic;
use crate::model::{AccountKind, Common};
use crate::rules::Cx;

rule!(
    Inv009,
    "INV009",
    "missing-owner",
    "INV",
    Warning,
    "an application, processing or admin account without an owner"
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
    let admins = inv
        .accounts
        .iter()
        .filter(|a| a.kind == Some(AccountKind::Admin))
        .filter_map(|a| missing(&a.common, "admin account"));
    apps.chain(procs).chain(admins).collect()
}
