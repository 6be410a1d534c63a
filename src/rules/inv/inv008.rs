//! INV008 orphan: an application used by no processing, with no flow and no
//! grant; a server hosting nothing; a group with no member.

use crate::diag::Diagnostic;
use crate::model::{Inventory, Severity, Target};
use crate::rules::{Rule, RuleInfo};

pub struct Inv008;

static INFO: RuleInfo = RuleInfo {
    id: "INV008",
    name: "orphan",
    family: "INV",
    severity: Severity::Warning,
    summary: "an application used by no processing, flow or grant; a server hosting nothing; a group with no member",
};

impl Rule for Inv008 {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, inv: &Inventory) -> Vec<Diagnostic> {
        let mut app_used = vec![false; inv.applications.len()];
        let mut server_used = vec![false; inv.servers.len()];
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
        let mut granted_server = vec![false; inv.servers.len()];
        for g in &inv.grants {
            match g.to.ix {
                Target::App(a) => app_used[a.i()] = true,
                Target::Server(s) => granted_server[s.i()] = true,
                _ => {}
            }
        }
        for a in &inv.applications {
            for s in &a.servers {
                server_used[s.ix.i()] = true;
            }
        }
        // A grant on a server reaches the applications on it.
        for (i, a) in inv.applications.iter().enumerate() {
            if a.servers.iter().any(|s| granted_server[s.ix.i()]) {
                app_used[i] = true;
            }
        }
        let mut out = Vec::new();
        let warn = |c: &crate::model::Common, msg: String| {
            Diagnostic::warning(INFO.id, msg).at(c.at).entity(&c.id)
        };
        for (i, a) in inv.applications.iter().enumerate() {
            if !app_used[i] {
                out.push(warn(
                    &a.common,
                    format!(
                        "application `{}` is used by no processing, flow or grant",
                        a.common.id
                    ),
                ));
            }
        }
        for (i, s) in inv.servers.iter().enumerate() {
            if !server_used[i] {
                out.push(warn(
                    &s.common,
                    format!("server `{}` hosts no application", s.common.id),
                ));
            }
        }
        for g in &inv.groups {
            if g.members.is_empty() {
                out.push(warn(
                    &g.common,
                    format!("group `{}` has no member", g.common.id),
                ));
            }
        }
        out
    }
}
