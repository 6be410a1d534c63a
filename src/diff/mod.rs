//! Semantic comparison of two inventories, for pull requests: entities
//! added, removed and changed field by field; access gained, lost, raised
//! and lowered per principal and application; flows; countries and
//! transfers; findings introduced, resolved and changed, by fingerprint.
//!
//! Only what can differ is computed: entities whose file is unchanged are
//! not compared field by field, and effective access is derived only for
//! the applications whose inputs changed ([`access`]); a property test
//! proves the result equal to the full computation.

mod access;
mod render;

pub use render::{json, render};

use crate::diag::Diagnostic;
use crate::graph::Graph;
use crate::hash::{HashMap, HashSet};
use crate::model::{Inventory, Kind, Level, Severity, SourceFile, Target};
use std::collections::BTreeSet;

/// One side of the comparison: a loaded inventory, its graph, its findings.
pub struct Side<'a> {
    pub inv: &'a Inventory,
    pub graph: &'a Graph<'a>,
    pub findings: &'a [Diagnostic],
}

/// An entity as the change names it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Named {
    pub kind: &'static str,
    pub id: String,
    pub name: Option<String>,
}

impl Named {
    fn of(inv: &Inventory, t: Target) -> Named {
        let c = inv.common(t);
        Named {
            kind: crate::graph::kind_word(t),
            id: c.id.to_string(),
            name: c.name.clone(),
        }
    }
}

/// One field that changed.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// How a principal's level on some data of an application moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Move {
    Gained,
    Raised,
    Lowered,
    Lost,
}

impl Move {
    pub fn as_str(self) -> &'static str {
        match self {
            Move::Gained => "gained",
            Move::Raised => "raised",
            Move::Lowered => "lowered",
            Move::Lost => "lost",
        }
    }
}

/// Data of one application whose level moved the same way for a principal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelChange {
    pub moved: Move,
    pub before: Option<Level>,
    pub after: Option<Level>,
    /// Data category ids, special ones first.
    pub data: Vec<String>,
    pub special: bool,
}

/// What changed in one principal's access to one application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessChange {
    pub principal: Named,
    pub application: Named,
    pub changes: Vec<LevelChange>,
}

impl AccessChange {
    /// Whether special data is involved (listed first).
    pub fn special(&self) -> bool {
        self.changes.iter().any(|c| c.special)
    }
}

/// A finding as the change names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub fingerprint: String,
    pub severity: Severity,
    pub rule: String,
    pub entity: Option<String>,
    pub message: String,
}

/// (organization, country, declared)
pub type Transfer = (String, String, bool);

#[derive(Debug, Default)]
pub struct Changes {
    pub added: Vec<Named>,
    pub removed: Vec<Named>,
    pub changed: Vec<(Named, Vec<FieldChange>)>,
    pub access: Vec<AccessChange>,
    pub flows_added: Vec<String>,
    pub flows_removed: Vec<String>,
    pub countries_added: Vec<String>,
    pub countries_removed: Vec<String>,
    pub transfers_added: Vec<Transfer>,
    pub transfers_removed: Vec<Transfer>,
    pub findings_introduced: Vec<Finding>,
    pub findings_resolved: Vec<Finding>,
    /// The same finding (same fingerprint) whose wording or severity changed: (before, after).
    pub findings_changed: Vec<(Finding, Finding)>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.access.is_empty()
            && self.flows_added.is_empty()
            && self.flows_removed.is_empty()
            && self.countries_added.is_empty()
            && self.countries_removed.is_empty()
            && self.transfers_added.is_empty()
            && self.transfers_removed.is_empty()
            && self.findings_introduced.is_empty()
            && self.findings_resolved.is_empty()
            && self.findings_changed.is_empty()
    }

    /// Whether the change introduces an error finding with a new
    /// fingerprint (CI fails on it; an old problem reworded does not).
    pub fn introduces_errors(&self) -> bool {
        self.findings_introduced
            .iter()
            .any(|f| f.severity == Severity::Error)
    }
}

fn only<T: Ord + Clone>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> Vec<T> {
    a.difference(b).cloned().collect()
}

/// What changed from `base` to `head`, computing access only for the
/// applications whose inputs changed.
pub fn compare(base: &Side, head: &Side) -> Changes {
    compare_with(base, head, false)
}

/// Like [`compare`]; with `full`, access is derived for every application
/// (the reference the incremental computation is tested against).
pub fn compare_with(base: &Side, head: &Side, full: bool) -> Changes {
    let mut c = Changes::default();
    let ents = entities(base.inv, head.inv);
    let affected = if full {
        None
    } else {
        access::affected_apps(base, head, &ents.touched, ents.wide)
    };
    c.access = access::changes(base, head, affected.as_ref());
    c.added = ents.added;
    c.removed = ents.removed;
    c.changed = ents.changed;
    let flows = |inv: &Inventory| -> BTreeSet<String> {
        inv.flows.iter().map(|f| f.common.id.to_string()).collect()
    };
    let (bf, hf) = (flows(base.inv), flows(head.inv));
    c.flows_added = only(&hf, &bf);
    c.flows_removed = only(&bf, &hf);
    let (bc, bt) = personal_reach(base);
    let (hc, ht) = personal_reach(head);
    c.countries_added = only(&hc, &bc);
    c.countries_removed = only(&bc, &hc);
    c.transfers_added = only(&ht, &bt);
    c.transfers_removed = only(&bt, &ht);
    let (introduced, resolved, changed) = findings(base, head);
    c.findings_introduced = introduced;
    c.findings_resolved = resolved;
    c.findings_changed = changed;
    c
}

/// Countries that personal data reaches, and its transfers outside the EEA.
fn personal_reach(s: &Side) -> (BTreeSet<String>, BTreeSet<Transfer>) {
    let (inv, g) = (s.inv, s.graph);
    let personal: Vec<crate::model::AppIx> = (0..inv.applications.len() as u32)
        .map(crate::model::AppIx)
        .filter(|a| g.holds_personal(*a))
        .collect();
    let flows: Vec<crate::model::FlowIx> = (0..inv.flows.len() as u32)
        .map(crate::model::FlowIx)
        .filter(|f| inv[*f].data.iter().any(|d| inv[d.ix].personal))
        .collect();
    let mut countries: BTreeSet<String> = personal
        .iter()
        .flat_map(|a| g.app_countries(*a))
        .map(|c| c.to_string())
        .collect();
    for a in &personal {
        if let Some(o) = inv.provider(*a)
            && let Some(c) = inv[o].country
        {
            countries.insert(c.to_string());
        }
    }
    for f in &flows {
        for e in inv[*f].receivers() {
            if let Target::Org(o) = e
                && let Some(c) = inv[o].country
            {
                countries.insert(c.to_string());
            }
        }
    }
    let transfers = g
        .transfers(&personal, &flows)
        .into_iter()
        .map(|t| {
            (
                inv[t.org].common.id.to_string(),
                t.country.to_string(),
                t.declared,
            )
        })
        .collect();
    (countries, transfers)
}

/// Findings compared by fingerprint: introduced, resolved, and changed
/// (same fingerprint, other wording or severity).
fn findings(base: &Side, head: &Side) -> (Vec<Finding>, Vec<Finding>, Vec<(Finding, Finding)>) {
    fn index<'a>(s: &Side<'a>) -> HashMap<String, &'a Diagnostic> {
        let fps = crate::par::parallel_map(2, |half| {
            let n = s.findings.len();
            let part = &s.findings[half * n / 2..(half + 1) * n / 2];
            part.iter()
                .map(|d| (d.fingerprint(&s.inv.sources), d))
                .collect::<Vec<_>>()
        });
        fps.into_iter().flatten().collect()
    }
    let (b, h) = (index(base), index(head));
    let finding = |fp: &str, d: &Diagnostic| Finding {
        fingerprint: fp.to_string(),
        severity: d.severity,
        rule: d.rule.clone(),
        entity: d.entity.as_deref().map(str::to_string),
        message: d.message.clone(),
    };
    let order = |f: &Finding| (f.rule.clone(), f.entity.clone(), f.fingerprint.clone());
    let mut introduced: Vec<Finding> = h
        .iter()
        .filter(|(k, _)| !b.contains_key(*k))
        .map(|(k, d)| finding(k, d))
        .collect();
    let mut resolved: Vec<Finding> = b
        .iter()
        .filter(|(k, _)| !h.contains_key(*k))
        .map(|(k, d)| finding(k, d))
        .collect();
    let mut changed: Vec<(Finding, Finding)> = h
        .iter()
        .filter_map(|(k, after)| {
            let before = b.get(k)?;
            (before.message != after.message || before.severity != after.severity)
                .then(|| (finding(k, before), finding(k, after)))
        })
        .collect();
    introduced.sort_by_key(order);
    resolved.sort_by_key(order);
    changed.sort_by_key(|(_, a)| order(a));
    (introduced, resolved, changed)
}

/// The entity part of a change, and what the access derivation needs.
struct Entities {
    added: Vec<Named>,
    removed: Vec<Named>,
    changed: Vec<(Named, Vec<FieldChange>)>,
    /// Every entity added, removed or changed, by (kind, id).
    touched: HashSet<(Kind, String)>,
    /// Whether something changed that every application's access depends
    /// on (the taxonomy, the settings): access is then derived in full.
    wide: bool,
}

/// Whether the text of an entity's file is the same on both sides.
fn same_file(a: Option<&SourceFile>, b: Option<&SourceFile>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.path == b.path && a.text == b.text)
}

fn entities(base: &Inventory, head: &Inventory) -> Entities {
    let mut e = Entities {
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
        touched: HashSet::default(),
        wide: false,
    };
    let settings = |inv: &Inventory| {
        inv.sources
            .files
            .iter()
            .find(|f| f.path == "carto.yaml" || f.path == "carto.yml")
            .map(|f| f.text.clone())
    };
    e.wide = settings(base) != settings(head);
    // Files identical on both sides, by path.
    let base_files: HashMap<&str, &SourceFile> = base
        .sources
        .files
        .iter()
        .map(|f| (f.path.as_str(), f))
        .collect();
    let unchanged_files: HashSet<&str> = head
        .sources
        .files
        .iter()
        .filter(|f| same_file(base_files.get(f.path.as_str()).copied(), Some(f)))
        .map(|f| f.path.as_str())
        .collect();
    // The other side's entity of the same kind and id, through the
    // inventory's own indexes (no copies of 186,000 ids).
    let find = |inv: &Inventory, k: Kind, id: &str| -> Option<Target> {
        let t = match k {
            Kind::Data => inv.data_index.get(id).map(|d| Target::Data(*d)),
            Kind::Subject => inv.subject_index.get(id).map(|d| Target::Subject(*d)),
            Kind::Use => inv.use_index.get(id).map(|d| Target::Use(*d)),
            _ => inv.entity_index.get(id).copied(),
        }?;
        (t.kind() == k && !inv.common(t).at.is_builtin()).then_some(t)
    };
    let taxonomy = |k: Kind| matches!(k, Kind::Data | Kind::Subject | Kind::Use);
    for k in Kind::ALL {
        for ht in head.targets(k) {
            let hc = head.common(ht);
            if hc.at.is_builtin() {
                continue;
            }
            let Some(bt) = find(base, k, &hc.id) else {
                e.added.push(Named::of(head, ht));
                e.touched.insert((k, hc.id.to_string()));
                e.wide |= taxonomy(k);
                continue;
            };
            let bc = base.common(bt);
            // Declared at the same place of an unchanged file: the same
            // declaration (memberships merged from other files excepted).
            let same_place = bc.at.line == hc.at.line
                && bc.at.col == hc.at.col
                && !taxonomy(k)
                && base.sources.path(bc.at) == head.sources.path(hc.at)
                && unchanged_files.contains(head.sources.path(hc.at))
                && memberships(base, bt) == memberships(head, ht);
            if same_place {
                continue;
            }
            let (old, new) = (
                crate::model::entity_json(base, bt),
                crate::model::entity_json(head, ht),
            );
            if old != new {
                e.changed
                    .push((Named::of(head, ht), field_changes(&old, &new)));
                e.touched.insert((k, hc.id.to_string()));
                e.wide |= taxonomy(k);
            }
        }
        for bt in base.targets(k) {
            let bc = base.common(bt);
            if !bc.at.is_builtin() && find(head, k, &bc.id).is_none() {
                e.removed.push(Named::of(base, bt));
                e.touched.insert((k, bc.id.to_string()));
                e.wide |= taxonomy(k);
            }
        }
    }
    let order = |n: &Named| (n.kind, n.id.clone());
    e.added.sort_by_key(order);
    e.removed.sort_by_key(order);
    e.changed.sort_by_key(|(n, _)| order(n));
    e
}

/// The membership ids of a group, person or account (they may be declared
/// in another file than the entity).
fn memberships(inv: &Inventory, t: Target) -> Vec<&str> {
    match t {
        Target::Group(g) => inv[g].members.iter().map(|m| &*m.id).collect(),
        Target::Person(p) => inv[p].groups.iter().map(|m| &*m.id).collect(),
        Target::Account(a) => inv[a].groups.iter().map(|m| &*m.id).collect(),
        _ => Vec::new(),
    }
}

fn field_changes(old: &serde_json::Value, new: &serde_json::Value) -> Vec<FieldChange> {
    let (o, n) = (old.as_object(), new.as_object());
    let mut keys: BTreeSet<&String> = BTreeSet::new();
    keys.extend(o.into_iter().flat_map(|m| m.keys()));
    keys.extend(n.into_iter().flat_map(|m| m.keys()));
    keys.into_iter()
        .filter_map(|f| {
            let (before, after) = (
                o.and_then(|m| m.get(f)).cloned(),
                n.and_then(|m| m.get(f)).cloned(),
            );
            (before != after).then(|| FieldChange {
                field: f.clone(),
                before,
                after,
            })
        })
        .collect()
}
