//! ACC001 a shared or generic account with access to special data: nobody
//! can be held accountable for what it does (CNIL, PGSSI-S).

use crate::diag::Diagnostic;
use crate::graph::Filter;
use crate::model::{AccountIx, AccountKind, Target};
use crate::rules::Cx;

rule!(
    Acc001,
    "ACC001",
    "shared-account-special-data",
    "ACC",
    Error,
    "shared or generic account with access to special data"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let special = Filter {
        special: true,
        ..Filter::default()
    };
    inv.accounts
        .iter()
        .enumerate()
        .filter(|(_, a)| matches!(a.kind, Some(AccountKind::Shared | AccountKind::Generic)))
        .filter_map(|(i, a)| {
            let rows = cx
                .graph
                .what(Target::Account(AccountIx(i as u32)), &special);
            let mut apps: Vec<&str> = rows
                .iter()
                .filter_map(|r| r.application.map(|x| &*inv[x].common.id))
                .collect();
            apps.dedup();
            (!rows.is_empty()).then(|| {
                cx.finding(
                    &INFO,
                    &a.common,
                    None,
                    format!(
                        "{} account `{}` reaches special data in {}",
                        a.kind.map(|k| k.to_string()).unwrap_or_default(),
                        a.common.id,
                        apps.join(", ")
                    ),
                )
            })
        })
        .collect()
}
