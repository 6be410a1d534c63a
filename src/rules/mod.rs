//! The rule engine: a [`Rule`] trait, one static registry, one file per rule
//! grouped by family. Rules return findings as values; severity overrides
//! and waivers are applied in one place, [`apply_overrides`].

mod inv;

use crate::diag::Diagnostic;
use crate::model::{Inventory, RuleLevel, Severity};

/// What every rule declares about itself.
#[derive(Clone, Copy, Debug)]
pub struct RuleInfo {
    /// Permanent id, e.g. `INV008`.
    pub id: &'static str,
    /// Kebab-case name.
    pub name: &'static str,
    pub family: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

/// A check over a loaded inventory.
pub trait Rule: Sync {
    fn info(&self) -> &'static RuleInfo;
    /// The findings, at the rule's default severity.
    fn check(&self, inv: &Inventory) -> Vec<Diagnostic>;
}

/// Rules that the loader itself enforces (their findings stop loading).
pub static LOAD_RULES: &[RuleInfo] = &[
    RuleInfo {
        id: "INV000",
        name: "unreadable-file",
        family: "INV",
        severity: Severity::Error,
        summary: "a file cannot be read or parsed: YAML syntax, duplicate key, not UTF-8, over a limit",
    },
    RuleInfo {
        id: "INV001",
        name: "unknown-reference",
        family: "INV",
        severity: Severity::Error,
        summary: "a reference to an id that does not exist",
    },
    RuleInfo {
        id: "INV002",
        name: "wrong-kind-reference",
        family: "INV",
        severity: Severity::Error,
        summary: "a reference to an entity of the wrong kind for its field",
    },
    RuleInfo {
        id: "INV003",
        name: "duplicate-id",
        family: "INV",
        severity: Severity::Error,
        summary: "the same id declared twice in a namespace, or a built-in redeclared",
    },
    RuleInfo {
        id: "INV004",
        name: "unknown-field",
        family: "INV",
        severity: Severity::Error,
        summary: "a field or section that the format does not define",
    },
    RuleInfo {
        id: "INV005",
        name: "invalid-value",
        family: "INV",
        severity: Severity::Error,
        summary: "an invalid value (enum, date, duration, country, id) or a missing required field",
    },
    RuleInfo {
        id: "INV006",
        name: "cycle",
        family: "INV",
        severity: Severity::Error,
        summary: "a membership cycle, or a `parent` cycle in a hierarchy",
    },
    RuleInfo {
        id: "INV007",
        name: "self-organization",
        family: "INV",
        severity: Severity::Error,
        summary: "no `self` organization, or more than one",
    },
];

/// Every rule that runs on a loaded inventory, in id order.
pub static RULES: &[&dyn Rule] = &[&inv::inv008::Inv008, &inv::inv009::Inv009];

/// Every rule's description: loader rules then checked rules.
pub fn catalogue() -> impl Iterator<Item = &'static RuleInfo> {
    LOAD_RULES.iter().chain(RULES.iter().map(|r| r.info()))
}

/// Finds a rule by id.
pub fn find(id: &str) -> Option<&'static RuleInfo> {
    catalogue().find(|r| r.id == id)
}

/// Runs every rule.
pub fn run(inv: &Inventory) -> Vec<Diagnostic> {
    RULES.iter().flat_map(|r| r.check(inv)).collect()
}

/// Applies, in one place, the severity settings of `carto.yaml` and the
/// per-entity waivers (`ignore:`). A level `off` or a waiver removes the
/// finding.
pub fn apply_overrides(inv: &Inventory, findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    findings
        .into_iter()
        .filter_map(|mut d| {
            if let Some(id) = &d.entity
                && let Some(t) = inv.entity_index.get(id)
                && inv.common(*t).ignore.iter().any(|w| w.rule == d.rule)
            {
                return None;
            }
            if let Some((_, level, _)) = inv
                .settings
                .rules
                .iter()
                .rev()
                .find(|(r, _, _)| *r == d.rule)
            {
                d.severity = match level {
                    RuleLevel::Off => return None,
                    RuleLevel::Info => Severity::Info,
                    RuleLevel::Warning => Severity::Warning,
                    RuleLevel::Error => Severity::Error,
                };
            }
            Some(d)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_well_formed() {
        let mut ids: Vec<&str> = catalogue().map(|r| r.id).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate rule id");
        for r in catalogue() {
            assert!(r.id.len() == 6 && r.id.starts_with(r.family), "{}", r.id);
            assert!(
                r.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.name
            );
        }
    }
}
