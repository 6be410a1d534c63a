//! INV009 no owner: an application, a processing or an admin account
//! without `owner` (someone must be accountable).

use crate::diag::Diagnostic;
use crate::model::{AccountKind, Common, Inventory, Severity};
use crate::rules::{Rule, RuleInfo};

pub struct Inv009;

static INFO: RuleInfo = RuleInfo {
    id: "INV009",
    name: "missing-owner",
    family: "INV",
    severity: Severity::Warning,
    summary: "an application, processing or admin account without an owner",
};

impl Rule for Inv009 {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn check(&self, inv: &Inventory) -> Vec<Diagnostic> {
        let missing = |c: &Common, what: &str| {
            c.owner.is_none().then(|| {
                Diagnostic::warning(INFO.id, format!("{what} `{}` has no owner", c.id))
                    .at(c.at)
                    .entity(&c.id)
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
}
