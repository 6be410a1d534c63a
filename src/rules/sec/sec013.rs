//! SEC013 tier mixing: a person or account that administers a tier-0 asset
//! also holds access to assets outside tier 0, where its credentials can be
//! stolen (ANSSI tiered administration model).

use crate::diag::Diagnostic;
use crate::model::{Level, Target};
use crate::rules::Cx;

rule!(
    Sec013,
    "SEC013",
    "tier-mixing",
    "SEC",
    Warning,
    "a tier-0 administrator also reaches assets outside tier 0"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let t = cx.tiering();
    let c = &t.control;
    // Whoever holds admin on a tier-0 asset is in tier 0: only its people
    // and accounts need a look.
    let mut principals: Vec<Target> = t
        .tier0
        .members(c)
        .map(|(m, _)| m)
        .filter(|m| matches!(m, Target::Person(_) | Target::Account(_)))
        .collect();
    principals.sort();
    let mut out = Vec::new();
    for p in principals {
        let grants = cx.graph.grants_of(p);
        let admin_t0: Vec<&str> = grants
            .iter()
            .filter(|(g, _)| inv[*g].level == Level::Admin && t.tier0.is_asset(c, inv[*g].to.ix))
            .map(|(g, _)| &*inv[*g].to.id)
            .collect();
        if admin_t0.is_empty() {
            continue;
        }
        let mut outside: Vec<&str> = grants
            .iter()
            .filter(|(g, _)| !t.tier0.is_asset(c, inv[*g].to.ix))
            .map(|(g, _)| &*inv[*g].to.id)
            .collect();
        if outside.is_empty() {
            continue;
        }
        outside.sort_unstable();
        outside.dedup();
        let mut admin_t0 = admin_t0;
        admin_t0.sort_unstable();
        admin_t0.dedup();
        out.push(cx.finding(
            &INFO,
            inv.common(p),
            None,
            format!(
                "`{}` administers tier-0 {} and also reaches {} outside tier 0: use a dedicated tier-0 account",
                inv.id(p),
                admin_t0.join(", "),
                outside.join(", ")
            ),
        ));
    }
    out
}
