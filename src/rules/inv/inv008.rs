//! INV008 orphan: an application used by no processing, with no flow and no
//! grant; a server hosting nothing; a group with no member.

use crate::diag::Diagnostic;
use crate::model::Target;
use crate::rules::Cx;

rule!(
    Inv008,
    "INV008",
    "orphan",
    "INV",
    Warning,
    "an application used by no processing, flow or grant; a server hosting nothing; a group with no member"
);

fn check(cx: &Cx) -> Vec<Diagnostic> {
    let inv = cx.inv;
    let mut app_used = vec![false; inv.applications.len()];
    for p in &inv.processings {
        for a in &p.applications {
            app_used[a.ix.i()] = true;
        }
    }
    for f in &inv.flows {
        for end in [f.from.ix, f.to.ix] {
            if let Target::App(a) = end {
                app_used[a.i()] = true;
            }
        }
        for v in &f.via {
            app_used[v.ix.i()] = true;
        }
    }
    for (i, _) in inv.grants.iter().enumerate() {
        // A grant on a server reaches the applications on it.
        for a in cx.graph.grant_apps(crate::model::GrantIx(i as u32)) {
            app_used[a.i()] = true;
        }
    }
    let mut server_used = vec![false; inv.servers.len()];
    for a in &inv.applications {
        for s in &a.servers {
            server_used[s.ix.i()] = true;
        }
    }
    let mut out = Vec::new();
    for (i, a) in inv.applications.iter().enumerate() {
        if !app_used[i] {
            let msg = format!(
                "application `{}` is used by no processing, flow or grant",
                a.common.id
            );
            out.push(cx.finding(&INFO, &a.common, None, msg));
        }
    }
    for (i, s) in inv.servers.iter().enumerate() {
        if !server_used[i] {
            out.push(cx.finding(
                &INFO,
                &s.common,
                None,
                format!("server `{}` hosts no application", s.common.id),
            ));
        }
    }
    for g in &inv.groups {
        if g.members.is_empty() {
            out.push(cx.finding(
                &INFO,
                &g.common,
                None,
                format!("group `{}` has no member", g.common.id),
            ));
        }
    }
    out
}
