//! SEC015 a backup system (an application named in some `backup.system`)
//! authenticates against the directory of the applications it protects, or
//! is administered without a second factor: one stolen domain account then
//! deletes the backups before the encryption starts (ANSSI and CaRE
//! backup recommendations).

use crate::diag::Diagnostic;
use crate::model::{AppIx, Level};
use crate::rules::Cx;

rule!(
    Sec015,
    "SEC015",
    "backup-independence",
    "SEC",
    Error,
    "backup system sharing the production directory, or administered without MFA"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let g = cx.graph;
    // Each backup system, with the applications it protects.
    let mut systems: std::collections::BTreeMap<AppIx, Vec<AppIx>> = Default::default();
    for (i, a) in inv.applications.iter().enumerate() {
        if let Some(s) = a.backup.as_ref().and_then(|b| b.system.as_ref()) {
            systems.entry(s.ix).or_default().push(AppIx(i as u32));
        }
    }
    let mut out = Vec::new();
    for (s, protected) in systems {
        let sys = &inv[s];
        let mut problems = Vec::new();
        if let Some(d) = sys.auth.as_ref().and_then(|x| x.directory.as_ref()) {
            let sharing: Vec<&str> = protected
                .iter()
                .filter(|a| {
                    inv[**a]
                        .auth
                        .as_ref()
                        .and_then(|x| x.directory.as_ref())
                        .is_some_and(|x| x.ix == d.ix)
                        || **a == d.ix
                })
                .map(|a| &*inv[*a].common.id)
                .collect();
            if !sharing.is_empty() {
                problems.push(format!(
                    "it authenticates against `{}`, the directory of what it protects ({})",
                    d.id,
                    sharing.join(", ")
                ));
            }
        }
        let weak: Vec<&str> = g
            .grants_on(s)
            .into_iter()
            .filter(|gx| inv[*gx].level == Level::Admin && !g.grant_mfa(*gx))
            .map(|gx| &*inv[gx].common.id)
            .collect();
        if !weak.is_empty() {
            problems.push(format!(
                "admin access without a second factor ({})",
                weak.join(", ")
            ));
        }
        if !problems.is_empty() {
            out.push(cx.finding(
                &INFO,
                &sys.common,
                None,
                format!("backup system `{}`: {}", sys.common.id, problems.join("; ")),
            ));
        }
    }
    out
}
