//! The rule engine: a [`Rule`] trait, one static registry, one file per rule
//! grouped by family (INV, GDPR, SEC, ACC) plus user policies (POL). Rules
//! return findings as values; severity settings and waivers are applied in
//! one place, [`Levels::apply`].

use crate::diag::Diagnostic;
use crate::graph::Graph;
use crate::model::{Common, Date, Inventory, Loc, RuleLevel, Severity};

/// What every rule declares about itself.
#[derive(Clone, Copy, Debug)]
pub struct RuleInfo {
    /// Permanent id, e.g. `SEC003`.
    pub id: &'static str,
    /// Kebab-case name.
    pub name: &'static str,
    pub family: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// The documentation page (`docs/rules/<ID>.md`), printed by `carto rules explain`.
    pub doc: &'static str,
}

/// What a rule sees: the inventory, its derived graph, and today's date.
pub struct Cx<'a> {
    pub inv: &'a Inventory,
    pub graph: &'a Graph<'a>,
    pub today: Date,
    /// The control graph and tier 0, built by the first rule that needs them.
    tiering: std::sync::OnceLock<crate::tier::Tiering<'a>>,
}

impl<'a> Cx<'a> {
    pub fn new(inv: &'a Inventory, graph: &'a Graph<'a>, today: Date) -> Cx<'a> {
        Cx {
            inv,
            graph,
            today,
            tiering: std::sync::OnceLock::new(),
        }
    }

    /// The control graph and the tier-0 set (built once, shared by the rules).
    pub fn tiering(&self) -> &crate::tier::Tiering<'a> {
        self.tiering
            .get_or_init(|| crate::tier::Tiering::build(self.graph))
    }

    /// A finding of `info` about an entity, at the entity (or `at`).
    pub fn finding(
        &self,
        info: &RuleInfo,
        c: &Common,
        at: Option<Loc>,
        message: String,
    ) -> Diagnostic {
        Diagnostic::new(info.id, info.severity, message)
            .at(at.unwrap_or(c.at))
            .entity(&c.id)
    }
}

/// A check over a loaded inventory.
pub trait Rule: Sync {
    fn info(&self) -> &'static RuleInfo;
    /// The findings, at the rule's default severity.
    fn check(&self, cx: &Cx) -> Vec<Diagnostic>;
}

macro_rules! rule_doc {
    ($id:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/rules/",
            $id,
            ".md"
        ))
    };
}
pub(crate) use rule_doc;

/// Declares a rule's type and description; the file then defines `check`.
macro_rules! rule {
    ($ty:ident, $id:literal, $name:literal, $family:literal, $sev:ident, $summary:literal) => {
        pub struct $ty;

        pub(super) static INFO: $crate::rules::RuleInfo = $crate::rules::RuleInfo {
            id: $id,
            name: $name,
            family: $family,
            severity: $crate::model::Severity::$sev,
            summary: $summary,
            doc: $crate::rules::rule_doc!($id),
        };

        impl $crate::rules::Rule for $ty {
            fn info(&self) -> &'static $crate::rules::RuleInfo {
                &INFO
            }
            fn check(&self, cx: &$crate::rules::Cx) -> Vec<$crate::diag::Diagnostic> {
                check(cx)
            }
        }
    };
}

mod acc;
mod gdpr;
mod inv;
pub mod policy;
mod sec;

macro_rules! load_rule {
    ($id:literal, $name:literal, $summary:literal) => {
        RuleInfo {
            id: $id,
            name: $name,
            family: "INV",
            severity: Severity::Error,
            summary: $summary,
            doc: rule_doc!($id),
        }
    };
}

/// Rules that the loader itself enforces (their findings stop loading).
pub static LOAD_RULES: &[RuleInfo] = &[
    load_rule!(
        "INV000",
        "unreadable-file",
        "a file cannot be read or parsed: YAML syntax, duplicate key, not UTF-8, over a limit"
    ),
    load_rule!(
        "INV001",
        "unknown-reference",
        "a reference to an id that does not exist"
    ),
    load_rule!(
        "INV002",
        "wrong-kind-reference",
        "a reference to an entity of the wrong kind for its field"
    ),
    load_rule!(
        "INV003",
        "duplicate-id",
        "the same id declared twice in a namespace, or a built-in redeclared"
    ),
    load_rule!(
        "INV004",
        "unknown-field",
        "a field or section that the format does not define"
    ),
    load_rule!(
        "INV005",
        "invalid-value",
        "an invalid value (enum, date, duration, country, id) or a missing required field"
    ),
    load_rule!(
        "INV006",
        "cycle",
        "a membership cycle, or a `parent` cycle in a hierarchy"
    ),
    load_rule!(
        "INV007",
        "self-organization",
        "no `self` organization, or more than one"
    ),
];

/// Every rule that runs on a loaded inventory, in id order.
pub static RULES: &[&dyn Rule] = &[
    &inv::Inv008,
    &inv::Inv009,
    &inv::Inv010,
    &gdpr::Gdpr001,
    &gdpr::Gdpr002,
    &gdpr::Gdpr003,
    &gdpr::Gdpr004,
    &gdpr::Gdpr005,
    &gdpr::Gdpr006,
    &gdpr::Gdpr007,
    &gdpr::Gdpr008,
    &gdpr::Gdpr009,
    &gdpr::Gdpr010,
    &gdpr::Gdpr011,
    &gdpr::Gdpr012,
    &gdpr::Gdpr013,
    &sec::Sec001,
    &sec::Sec002,
    &sec::Sec003,
    &sec::Sec004,
    &sec::Sec005,
    &sec::Sec006,
    &sec::Sec007,
    &sec::Sec008,
    &sec::Sec009,
    &sec::Sec010,
    &sec::Sec011,
    &sec::Sec012,
    &sec::Sec013,
    &sec::Sec014,
    &sec::Sec015,
    &sec::Sec016,
    &sec::Sec017,
    &acc::Acc001,
    &acc::Acc002,
    &acc::Acc003,
    &acc::Acc004,
    &acc::Acc005,
    &acc::Acc006,
    &acc::Acc007,
    &acc::Acc008,
];

/// The description of the POL family (one rule per policy, `POL:<id>`).
pub static POLICY_INFO: RuleInfo = RuleInfo {
    id: "POL",
    name: "policy",
    family: "POL",
    severity: Severity::Error,
    summary: "a user policy of the inventory (`policies:`) matched; each policy is the rule `POL:<id>`",
    doc: rule_doc!("POL"),
};

/// Every rule's description: loader rules, checked rules, then the POL family.
pub fn catalogue() -> impl Iterator<Item = &'static RuleInfo> {
    LOAD_RULES
        .iter()
        .chain(RULES.iter().map(|r| r.info()))
        .chain(std::iter::once(&POLICY_INFO))
}

/// Finds a rule by id (`POL:x` finds the POL family).
pub fn find(id: &str) -> Option<&'static RuleInfo> {
    let id = if id.starts_with("POL:") { "POL" } else { id };
    catalogue().find(|r| r.id == id)
}

/// Runs every rule and every policy, in a stable order.
pub fn run(inv: &Inventory, graph: &Graph) -> Vec<Diagnostic> {
    run_timed(inv, graph).0
}

/// Runs every rule and every policy; also returns how long each took.
pub fn run_timed(
    inv: &Inventory,
    graph: &Graph,
) -> (Vec<Diagnostic>, Vec<(&'static str, std::time::Duration)>) {
    let cx = Cx::new(inv, graph, graph.today);
    // Rules are independent: both cores take the next one until none is
    // left; findings come back in the registry's order.
    let results = crate::par::parallel_map(RULES.len() + 1, |i| {
        let started = std::time::Instant::now();
        let (id, found) = match RULES.get(i) {
            Some(r) => (r.info().id, r.check(&cx)),
            None => ("POL", policy::check(&cx)),
        };
        (found, (id, started.elapsed()))
    });
    let mut out = Vec::new();
    let mut times = Vec::new();
    for (found, time) in results {
        out.extend(found);
        times.push(time);
    }
    (out, times)
}

/// Severity settings from the command line (`-A/-W/-D RULE`), which win
/// over `carto.yaml`.
#[derive(Clone, Debug, Default)]
pub struct Levels {
    pub cli: Vec<(String, RuleLevel)>,
}

impl Levels {
    /// The level set for a rule: command line, else carto.yaml; `POL:x`
    /// also follows a setting for `POL`.
    fn level(&self, inv: &Inventory, rule: &str) -> Option<RuleLevel> {
        let matches = |r: &str| r == rule || (r == "POL" && rule.starts_with("POL:"));
        self.cli
            .iter()
            .rev()
            .find(|(r, _)| matches(r))
            .map(|(_, l)| *l)
            .or_else(|| {
                inv.settings
                    .rules
                    .iter()
                    .rev()
                    .find(|(r, _, _)| matches(r))
                    .map(|(_, l, _)| *l)
            })
    }

    /// Applies, in one place, the severity settings and the per-entity
    /// waivers (`ignore:`). A level `off` or a waiver removes the finding.
    pub fn apply(&self, inv: &Inventory, findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
        findings
            .into_iter()
            .filter_map(|mut d| {
                if let Some(id) = &d.entity
                    && let Some(t) = inv.entity_index.get(id)
                    && inv.common(*t).ignore.iter().any(|w| w.rule == d.rule)
                {
                    return None;
                }
                if let Some(level) = self.level(inv, &d.rule) {
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
}

/// A rule id as written by a person, in carto's case: `inv009` is
/// `INV009`, `pol:my-policy` is `POL:my-policy` (a policy's id keeps its case).
pub fn normalize_id(id: &str) -> String {
    let id = id.trim();
    match id.get(..4) {
        Some(p) if p.eq_ignore_ascii_case("POL:") => format!("POL:{}", &id[4..]),
        _ => id.to_ascii_uppercase(),
    }
}

/// Whether a rule id names a rule (or a policy of this inventory).
pub fn known(inv: &Inventory, id: &str) -> bool {
    match id.strip_prefix("POL:") {
        Some(p) => inv.policies.iter().any(|x| &*x.common.id == p),
        None => find(id).is_some(),
    }
}

/// Rule ids in `carto.yaml` `rules:` and in `ignore:` that name no rule:
/// an error, with a suggestion, so that a typo does not silently waive nothing.
pub fn check_rule_names(inv: &Inventory) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let ids: Vec<&str> = catalogue().map(|r| r.id).collect();
    let mut check = |id: &str, at: Loc, entity: Option<&crate::model::Id>| {
        if known(inv, id) {
            return;
        }
        let mut d = Diagnostic::error("INV005", format!("unknown rule `{id}`")).at(at);
        if let Some(e) = entity {
            d = d.entity(e);
        }
        if let Some(s) = crate::diag::did_you_mean(id, ids.iter().copied()) {
            d = d.help(format!("did you mean `{s}`?"));
        }
        out.push(d);
    };
    for (id, _, at) in &inv.settings.rules {
        check(id, *at, None);
    }
    for k in crate::model::Kind::ALL {
        for t in inv.targets(k) {
            let c = inv.common(t);
            for w in &c.ignore {
                check(&w.rule, w.at, Some(&c.id));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_well_formed_and_documented() {
        let mut ids: Vec<&str> = catalogue().map(|r| r.id).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate rule id");
        for r in catalogue() {
            assert!(r.id.starts_with(r.family), "{}", r.id);
            let digits = &r.id[r.family.len()..];
            assert!(
                r.id == "POL" || (digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit())),
                "{}",
                r.id
            );
            assert!(
                r.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.name
            );
            // The page exists (include_str!) and has the four sections.
            for heading in ["## What it checks", "## Why", "## Example", "## Fix"] {
                assert!(r.doc.contains(heading), "{} lacks {heading}", r.id);
            }
            assert!(
                r.doc.starts_with(&format!("# {} ", r.id)),
                "{} page title",
                r.id
            );
        }
    }
}
