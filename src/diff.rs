//! Semantic comparison of two inventories, for pull requests: entities
//! added, removed and changed field by field; access gained and lost
//! (principal x data x level); flows; countries and transfers; findings
//! introduced and resolved.

use crate::diag::Diagnostic;
use crate::graph::Graph;
use crate::model::{Inventory, Kind, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// (principal, principal kind, data, level): one effective access.
pub type AccessKey = (String, String, String, String);

/// What is compared, computed from one inventory.
#[derive(Debug, Default)]
pub struct State {
    pub entities: BTreeMap<(String, String), serde_json::Value>,
    /// Access, with the applications it goes through and whether the data is special.
    pub access: BTreeMap<AccessKey, (BTreeSet<String>, bool)>,
    pub flows: BTreeSet<String>,
    pub countries: BTreeSet<String>,
    /// (organization, country, declared)
    pub transfers: BTreeSet<(String, String, bool)>,
    /// (severity, rule, entity, message without positions)
    pub findings: BTreeSet<(String, String, String, String)>,
}

/// Removes `file.yaml:12` positions from a message, so that moving lines
/// does not look like a new finding.
fn without_positions(m: &str) -> String {
    m.split(' ')
        .map(|w| {
            let core = w.trim_matches(|c| matches!(c, '(' | ')' | ',' | ';'));
            let is_pos = core.split_once(':').is_some_and(|(f, l)| {
                (f.ends_with(".yaml") || f.ends_with(".yml"))
                    && !l.is_empty()
                    && l.bytes().all(|b| b.is_ascii_digit() || b == b':')
            });
            if is_pos {
                w.replace(core, "<position>")
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The comparable state of a loaded inventory and its findings.
pub fn state(inv: &Inventory, g: &Graph, findings: &[Diagnostic]) -> State {
    let mut s = State::default();
    for k in Kind::ALL {
        for t in inv.targets(k) {
            let c = inv.common(t);
            if c.at.is_builtin() {
                continue;
            }
            s.entities.insert(
                (k.noun().to_string(), c.id.to_string()),
                crate::model::entity_json(inv, t),
            );
        }
    }
    for (p, kind, app, data, level, special, _) in crate::store::all_access(inv, g) {
        let e = s
            .access
            .entry((p, kind.to_string(), data, level))
            .or_default();
        e.0.insert(app);
        e.1 |= special;
    }
    s.flows = inv.flows.iter().map(|f| f.common.id.to_string()).collect();
    for d in (0..inv.data.len() as u32)
        .map(crate::model::DataIx)
        .filter(|d| inv[*d].personal)
    {
        let r = g.reach(d);
        s.countries
            .extend(r.countries.iter().map(|c| c.to_string()));
        s.transfers.extend(r.transfers.iter().map(|t| {
            (
                inv[t.org].common.id.to_string(),
                t.country.to_string(),
                t.declared,
            )
        }));
    }
    s.findings = findings
        .iter()
        .map(|f| {
            (
                f.severity.to_string(),
                f.rule.clone(),
                f.entity.as_deref().unwrap_or("").to_string(),
                without_positions(&f.message),
            )
        })
        .collect();
    s
}

/// One field that changed.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

#[derive(Debug, Default)]
pub struct Changes {
    pub added: Vec<(String, String)>,
    pub removed: Vec<(String, String)>,
    pub changed: Vec<((String, String), Vec<FieldChange>)>,
    pub access_gained: Vec<(AccessKey, BTreeSet<String>, bool)>,
    pub access_lost: Vec<(AccessKey, BTreeSet<String>, bool)>,
    pub flows_added: Vec<String>,
    pub flows_removed: Vec<String>,
    pub countries_added: Vec<String>,
    pub countries_removed: Vec<String>,
    pub transfers_added: Vec<(String, String, bool)>,
    pub transfers_removed: Vec<(String, String, bool)>,
    pub findings_introduced: Vec<(String, String, String, String)>,
    pub findings_resolved: Vec<(String, String, String, String)>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.access_gained.is_empty()
            && self.access_lost.is_empty()
            && self.flows_added.is_empty()
            && self.flows_removed.is_empty()
            && self.countries_added.is_empty()
            && self.countries_removed.is_empty()
            && self.transfers_added.is_empty()
            && self.transfers_removed.is_empty()
            && self.findings_introduced.is_empty()
            && self.findings_resolved.is_empty()
    }

    /// Whether the change introduces an error finding (CI fails on it).
    pub fn introduces_errors(&self) -> bool {
        self.findings_introduced
            .iter()
            .any(|f| f.0 == Severity::Error.as_str())
    }
}

fn only<T: Ord + Clone>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> Vec<T> {
    a.difference(b).cloned().collect()
}

/// What changed from `base` to `head`.
pub fn compare(base: &State, head: &State) -> Changes {
    let mut c = Changes::default();
    for (k, v) in &head.entities {
        match base.entities.get(k) {
            None => c.added.push(k.clone()),
            Some(old) if old != v => {
                let (o, n) = (old.as_object(), v.as_object());
                let mut keys: BTreeSet<&String> = BTreeSet::new();
                keys.extend(o.into_iter().flat_map(|m| m.keys()));
                keys.extend(n.into_iter().flat_map(|m| m.keys()));
                let fields = keys
                    .into_iter()
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
                    .collect();
                c.changed.push((k.clone(), fields));
            }
            Some(_) => {}
        }
    }
    c.removed = base
        .entities
        .keys()
        .filter(|k| !head.entities.contains_key(*k))
        .cloned()
        .collect();
    for (k, (apps, special)) in &head.access {
        if !base.access.contains_key(k) {
            c.access_gained.push((k.clone(), apps.clone(), *special));
        }
    }
    for (k, (apps, special)) in &base.access {
        if !head.access.contains_key(k) {
            c.access_lost.push((k.clone(), apps.clone(), *special));
        }
    }
    // Special data first.
    c.access_gained.sort_by_key(|(k, _, s)| (!*s, k.clone()));
    c.access_lost.sort_by_key(|(k, _, s)| (!*s, k.clone()));
    c.flows_added = only(&head.flows, &base.flows);
    c.flows_removed = only(&base.flows, &head.flows);
    c.countries_added = only(&head.countries, &base.countries);
    c.countries_removed = only(&base.countries, &head.countries);
    c.transfers_added = only(&head.transfers, &base.transfers);
    c.transfers_removed = only(&base.transfers, &head.transfers);
    c.findings_introduced = only(&head.findings, &base.findings);
    c.findings_resolved = only(&base.findings, &head.findings);
    c
}

fn short(v: &Option<serde_json::Value>) -> String {
    match v {
        None => "(none)".into(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(x) => x.to_string(),
    }
}

/// The change as Markdown (a pull-request comment) or plain text.
pub fn render(c: &Changes, markdown: bool) -> String {
    use std::fmt::Write;
    let esc = |s: &str| {
        if markdown {
            crate::export::formats::md_escape(s)
        } else {
            s.to_string()
        }
    };
    let code = |s: &str| {
        if markdown {
            format!("`{}`", s.replace('`', "'"))
        } else {
            s.to_string()
        }
    };
    let mut s = String::new();
    let h = |s: &mut String, t: &str| {
        if markdown {
            let _ = writeln!(s, "\n### {t}\n");
        } else {
            let _ = writeln!(s, "\n{t}:");
        }
    };
    let item = if markdown { "- " } else { "  " };
    if markdown {
        s.push_str("## carto: what this change does to the inventory\n");
    }
    if c.is_empty() {
        s.push_str(if markdown {
            "\nNo semantic change.\n"
        } else {
            "no semantic change\n"
        });
        return s;
    }
    let special_gained: Vec<_> = c.access_gained.iter().filter(|x| x.2).collect();
    if !special_gained.is_empty() {
        h(
            &mut s,
            &format!("Access gained to special data ({})", special_gained.len()),
        );
        for ((p, k, d, l), apps, _) in &special_gained {
            let apps: Vec<&str> = apps.iter().map(String::as_str).collect();
            let _ = writeln!(
                s,
                "{item}{} ({k}) gains **{l}** on {} in {}",
                code(p),
                code(d),
                esc(&apps.join(", "))
            );
        }
    }
    let other_gained: Vec<_> = c.access_gained.iter().filter(|x| !x.2).collect();
    if !other_gained.is_empty() {
        h(&mut s, &format!("Access gained ({})", other_gained.len()));
        for ((p, k, d, l), apps, _) in &other_gained {
            let apps: Vec<&str> = apps.iter().map(String::as_str).collect();
            let _ = writeln!(
                s,
                "{item}{} ({k}) gains {l} on {} in {}",
                code(p),
                code(d),
                esc(&apps.join(", "))
            );
        }
    }
    if !c.access_lost.is_empty() {
        h(&mut s, &format!("Access lost ({})", c.access_lost.len()));
        for ((p, k, d, l), apps, special) in &c.access_lost {
            let apps: Vec<&str> = apps.iter().map(String::as_str).collect();
            let mark = if *special { " (special data)" } else { "" };
            let _ = writeln!(
                s,
                "{item}{} ({k}) loses {l} on {}{mark} in {}",
                code(p),
                code(d),
                esc(&apps.join(", "))
            );
        }
    }
    if !c.findings_introduced.is_empty() {
        h(
            &mut s,
            &format!("Findings introduced ({})", c.findings_introduced.len()),
        );
        for (sev, rule, e, m) in &c.findings_introduced {
            let _ = writeln!(
                s,
                "{item}{sev} {}: {}{}",
                code(rule),
                esc(m),
                if e.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", code(e))
                }
            );
        }
    }
    if !c.findings_resolved.is_empty() {
        h(
            &mut s,
            &format!("Findings resolved ({})", c.findings_resolved.len()),
        );
        for (sev, rule, _, m) in &c.findings_resolved {
            let _ = writeln!(s, "{item}{sev} {}: {}", code(rule), esc(m));
        }
    }
    if !c.transfers_added.is_empty() || !c.countries_added.is_empty() {
        h(&mut s, "New countries and transfers");
        for x in &c.countries_added {
            let _ = writeln!(s, "{item}personal data now reaches {}", code(x));
        }
        for (o, country, declared) in &c.transfers_added {
            let d = if *declared {
                "declared"
            } else {
                "NOT declared by any processing"
            };
            let _ = writeln!(s, "{item}transfer to {} in {country}: {d}", code(o));
        }
    }
    if !c.transfers_removed.is_empty() || !c.countries_removed.is_empty() {
        h(&mut s, "Countries and transfers no longer reached");
        for x in &c.countries_removed {
            let _ = writeln!(s, "{item}{}", code(x));
        }
        for (o, country, _) in &c.transfers_removed {
            let _ = writeln!(s, "{item}transfer to {} in {country}", code(o));
        }
    }
    if !c.flows_added.is_empty() || !c.flows_removed.is_empty() {
        h(&mut s, "Flows");
        for f in &c.flows_added {
            let _ = writeln!(s, "{item}added {}", code(f));
        }
        for f in &c.flows_removed {
            let _ = writeln!(s, "{item}removed {}", code(f));
        }
    }
    if !c.added.is_empty() || !c.removed.is_empty() || !c.changed.is_empty() {
        h(&mut s, "Entities");
        for (k, id) in &c.added {
            let _ = writeln!(s, "{item}added {k} {}", code(id));
        }
        for (k, id) in &c.removed {
            let _ = writeln!(s, "{item}removed {k} {}", code(id));
        }
        for ((k, id), fields) in &c.changed {
            let _ = writeln!(s, "{item}changed {k} {}", code(id));
            for f in fields {
                let _ = writeln!(
                    s,
                    "{}{}: {} -> {}",
                    if markdown { "  - " } else { "      " },
                    code(&f.field),
                    esc(&short(&f.before)),
                    esc(&short(&f.after))
                );
            }
        }
    }
    s
}

/// The change as JSON.
pub fn json(c: &Changes) -> serde_json::Value {
    let access = |v: &[(AccessKey, BTreeSet<String>, bool)]| -> Vec<serde_json::Value> {
        v.iter()
            .map(|((p, k, d, l), apps, special)| serde_json::json!({"principal": p, "kind": k, "data": d, "level": l, "applications": apps, "special": special}))
            .collect()
    };
    let finding = |v: &[(String, String, String, String)]| -> Vec<serde_json::Value> {
        v.iter()
            .map(|(sev, r, e, m)| serde_json::json!({"severity": sev, "rule": r, "entity": e, "message": m}))
            .collect()
    };
    serde_json::json!({
        "version": 1,
        "entities": {
            "added": c.added.iter().map(|(k, id)| serde_json::json!({"kind": k, "id": id})).collect::<Vec<_>>(),
            "removed": c.removed.iter().map(|(k, id)| serde_json::json!({"kind": k, "id": id})).collect::<Vec<_>>(),
            "changed": c.changed.iter().map(|((k, id), f)| serde_json::json!({"kind": k, "id": id,
                "fields": f.iter().map(|x| serde_json::json!({"field": x.field, "before": x.before, "after": x.after})).collect::<Vec<_>>()})).collect::<Vec<_>>(),
        },
        "access": {"gained": access(&c.access_gained), "lost": access(&c.access_lost)},
        "flows": {"added": c.flows_added, "removed": c.flows_removed},
        "countries": {"added": c.countries_added, "removed": c.countries_removed},
        "transfers": {
            "added": c.transfers_added.iter().map(|(o, c, d)| serde_json::json!({"organization": o, "country": c, "declared": d})).collect::<Vec<_>>(),
            "removed": c.transfers_removed.iter().map(|(o, c, d)| serde_json::json!({"organization": o, "country": c, "declared": d})).collect::<Vec<_>>(),
        },
        "findings": {"introduced": finding(&c.findings_introduced), "resolved": finding(&c.findings_resolved)},
        "introduces_errors": c.introduces_errors(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_do_not_count() {
        assert_eq!(
            without_positions("grant admin on gam, access/grants.yaml:40) but is"),
            "grant admin on gam, <position>) but is"
        );
        assert_eq!(
            without_positions("no position here: 12"),
            "no position here: 12"
        );
    }
}
