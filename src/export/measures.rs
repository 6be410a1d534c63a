//! Security measures observed in the inventory for a register record,
//! under the CNIL template's headings (field 15).

use super::lang::Words;
use super::register::Item;
use crate::model::{AppIx, ProcessingIx, Target};
use crate::rules::Cx;
use std::collections::BTreeSet;

/// Security measures observed in the inventory, under the CNIL headings,
/// plus the declared ones (under "Other").
pub fn measures(cx: &Cx, ix: ProcessingIx, apps: &[AppIx], l: Words) -> Vec<(String, Vec<Item>)> {
    let inv = cx.inv;
    let g = cx.graph;
    let p = &inv[ix];
    let count = |n: usize, of: usize, what: &str| l.f("{}: {} of {}", &[&what, &n, &of]);
    let grants: Vec<(crate::model::GrantIx, AppIx)> = apps
        .iter()
        .flat_map(|a| g.grants_on(*a).into_iter().map(move |x| (x, *a)))
        .collect();
    let oldest = inv.settings.review_max_age.before(cx.today);
    let mut access = Vec::new();
    if !grants.is_empty() {
        let mfa = grants.iter().filter(|(x, a)| g.path_mfa(*x, *a)).count();
        let reviewed = grants
            .iter()
            .filter(|(x, _)| inv[*x].reviewed.is_some_and(|d| d >= oldest))
            .count();
        access.push(Item::derived(count(
            mfa,
            grants.len(),
            l.t("access paths with a second factor"),
        )));
        access.push(Item::derived(count(
            reviewed,
            grants.len(),
            &l.f("grants reviewed within {}", &[&inv.settings.review_max_age]),
        )));
    }
    let sso: Vec<&str> = apps
        .iter()
        .filter(|a| inv[**a].auth.as_ref().and_then(|x| x.sso) == Some(true))
        .map(|a| &*inv[*a].common.id)
        .collect();
    if !sso.is_empty() {
        access.push(Item::derived(l.f("single sign-on: {}", &[&sso.join(", ")])));
    }
    let logged: Vec<&str> = apps
        .iter()
        .filter(|a| inv[**a].logging.as_ref().and_then(|l| l.enabled) == Some(true))
        .map(|a| &*inv[*a].common.id)
        .collect();
    let trace = vec![Item::derived(count(
        logged.len(),
        apps.len(),
        l.t("applications with access logging"),
    ))];
    let backed: Vec<&str> = apps
        .iter()
        .filter(|a| {
            inv[**a]
                .backup
                .as_ref()
                .is_some_and(|b| b.offline == Some(true) || b.immutable == Some(true))
        })
        .map(|a| &*inv[*a].common.id)
        .collect();
    let tested = apps
        .iter()
        .filter(|a| {
            inv[**a]
                .backup
                .as_ref()
                .and_then(|b| b.last_restore_test)
                .is_some()
        })
        .count();
    let backups = vec![
        Item::derived(count(
            backed.len(),
            apps.len(),
            l.t("applications with an offline or immutable backup"),
        )),
        Item::derived(count(
            tested,
            apps.len(),
            l.t("applications with a restore test on record"),
        )),
    ];
    let flows: Vec<crate::model::FlowIx> = apps
        .iter()
        .flat_map(|a| g.flows_at(Target::App(*a)))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let enc_flows = flows
        .iter()
        .filter(|f| inv[**f].encrypted == Some(true))
        .count();
    let at_rest = apps
        .iter()
        .filter(|a| inv[**a].encrypted_at_rest == Some(true))
        .count();
    let mut encryption = vec![Item::derived(count(
        at_rest,
        apps.len(),
        l.t("applications encrypted at rest"),
    ))];
    if !flows.is_empty() {
        encryption.push(Item::derived(count(
            enc_flows,
            flows.len(),
            l.t("flows encrypted in transit"),
        )));
    }
    let mut oversight = Vec::new();
    for o in &p.processors {
        let c = inv[o.ix].contract.as_ref();
        oversight.push(Item::derived(match c {
            Some(c) => l.f(
                "{}: contract {}{}",
                &[
                    &o.id,
                    &c.reference.as_deref().unwrap_or(l.t("(no reference)")),
                    &c.expires
                        .map(|e| l.f(", expires {}", &[&e]))
                        .unwrap_or_default(),
                ],
            ),
            None => l.f("{}: no contract recorded", &[&o.id]),
        }));
    }
    let other: Vec<Item> = p.measures.iter().map(Item::declared).collect();
    [
        ("Access control", access),
        ("Traceability", trace),
        ("Backups", backups),
        ("Encryption", encryption),
        ("Processor oversight", oversight),
        ("Other (declared)", other),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(h, v)| (l.t(h).to_string(), v))
    .collect()
}
