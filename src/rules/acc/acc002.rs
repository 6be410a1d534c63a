//! ACC002 an admin account without a person as `owner`.

use crate::diag::Diagnostic;
use crate::model::{AccountKind, Target};
use crate::rules::Cx;

rule!(
    Acc002,
    "ACC002",
    "admin-account-owner",
    "ACC",
    Error,
    "admin account without a person as owner"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    cx.inv
        .accounts
        .iter()
        .filter(|a| a.kind == Some(AccountKind::Admin))
        .filter_map(|a| {
            let msg = match &a.common.owner {
                None => format!("admin account `{}` has no owner", a.common.id),
                Some(o) if !matches!(o.ix, Target::Person(_)) => format!(
                    "admin account `{}` is owned by `{}`, not by a person",
                    a.common.id, o.id
                ),
                Some(_) => return None,
            };
            Some(cx.finding(&INFO, &a.common, None, msg))
        })
        .collect()
}
