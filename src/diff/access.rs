//! Access changes between two inventories, per principal and application.
//!
//! Who reaches an application depends on: the application (its data, its
//! servers, its hosting), the data it receives by flows, the grants on it
//! and on its servers, and everyone those grants reach through group
//! nesting. So an application's access can differ only when one of those
//! changed: [`affected_apps`] collects them from the entities the change
//! touched, and only they are derived, on both sides.

use super::{AccessChange, LevelChange, Move, Named, Side};
use crate::graph::{ExpansionCache, Filter};
use crate::hash::{HashMap, HashSet};
use crate::model::{AppIx, GrantIx, Inventory, Kind, Level, Target};
use std::collections::{BTreeMap, BTreeSet};

/// The applications (by id) whose access may differ; `None` when every
/// application must be derived (`wide` changes: taxonomy, settings).
pub fn affected_apps(
    base: &Side,
    head: &Side,
    touched: &HashSet<(Kind, String)>,
    wide: bool,
) -> Option<BTreeSet<String>> {
    if wide {
        return None;
    }
    let mut apps: BTreeSet<String> = BTreeSet::new();
    for (k, id) in touched {
        if *k == Kind::Application {
            apps.insert(id.clone());
        }
    }
    for side in [base, head] {
        let inv = side.inv;
        // Principals touched, and every group above them (their grants
        // reach them through nesting).
        let mut dirty: HashSet<Target> = HashSet::default();
        let mut queue: Vec<Target> = Vec::new();
        for (k, id) in touched {
            if matches!(
                k,
                Kind::Person | Kind::Group | Kind::Account | Kind::Organization
            ) && let Some(t) = inv.entity_index.get(id.as_str())
                && dirty.insert(*t)
            {
                queue.push(*t);
            }
        }
        let mut groups_of: HashMap<Target, Vec<Target>> = HashMap::default();
        if !queue.is_empty() {
            for (i, g) in inv.groups.iter().enumerate() {
                for m in &g.members {
                    groups_of
                        .entry(m.ix)
                        .or_default()
                        .push(Target::Group(crate::model::GroupIx(i as u32)));
                }
            }
        }
        while let Some(t) = queue.pop() {
            for g in groups_of.get(&t).into_iter().flatten() {
                if dirty.insert(*g) {
                    queue.push(*g);
                }
            }
        }
        // Grants touched, or given to a dirty principal: their applications.
        for (i, g) in inv.grants.iter().enumerate() {
            let gx = GrantIx(i as u32);
            if dirty.contains(&g.who.ix)
                || touched.contains(&(Kind::Grant, g.common.id.to_string()))
            {
                for a in side.graph.grant_apps(gx) {
                    apps.insert(inv[a].common.id.to_string());
                }
            }
        }
        // Flows touched: what their ends and gateways hold changed.
        for f in &inv.flows {
            if touched.contains(&(Kind::Flow, f.common.id.to_string())) {
                for t in [f.from.ix, f.to.ix]
                    .into_iter()
                    .chain(f.via.iter().map(|v| Target::App(v.ix)))
                {
                    if let Target::App(a) = t {
                        apps.insert(inv[a].common.id.to_string());
                    }
                }
            }
        }
        // Organizations touched: the applications they host.
        for (i, a) in inv.applications.iter().enumerate() {
            if let Some(o) = inv.provider(AppIx(i as u32))
                && dirty.contains(&Target::Org(o))
            {
                apps.insert(a.common.id.to_string());
            }
        }
    }
    Some(apps)
}

/// How a level moved: (kind, before, after).
type Movement = (Move, Option<Level>, Option<Level>);

/// (principal, application) -> data -> (level, special): one side's access
/// to some applications.
type Facts = BTreeMap<(String, String), BTreeMap<String, (Level, bool)>>;

fn facts(side: &Side, apps: &[AppIx], names: &mut HashMap<String, Named>) -> Facts {
    let (inv, g) = (side.inv, side.graph);
    let mut out = Facts::new();
    let mut cache = ExpansionCache::default();
    for app in apps {
        for row in g.who_cached(Target::App(*app), &Filter::default(), &mut cache) {
            let Some(a) = row.application else { continue };
            let p = inv.id(row.principal).to_string();
            let app_id = inv[a].common.id.to_string();
            names
                .entry(format!("p:{p}"))
                .or_insert_with(|| Named::of(inv, row.principal));
            names
                .entry(format!("a:{app_id}"))
                .or_insert_with(|| Named::of(inv, Target::App(a)));
            let entry = out.entry((p, app_id)).or_default();
            for d in &row.data {
                let e = entry
                    .entry(inv[*d].common.id.to_string())
                    .or_insert((row.level, inv[*d].special.is_some()));
                e.0 = e.0.max(row.level);
            }
        }
    }
    out
}

fn apps_named(inv: &Inventory, wanted: Option<&BTreeSet<String>>) -> Vec<AppIx> {
    match wanted {
        None => (0..inv.applications.len() as u32).map(AppIx).collect(),
        Some(ids) => ids
            .iter()
            .filter_map(|id| match inv.entity_index.get(id.as_str()) {
                Some(Target::App(a)) => Some(*a),
                _ => None,
            })
            .collect(),
    }
}

/// The access changes, for the applications `wanted` (every one when `None`).
pub fn changes(base: &Side, head: &Side, wanted: Option<&BTreeSet<String>>) -> Vec<AccessChange> {
    let mut names: HashMap<String, Named> = HashMap::default();
    // Head names first: a renamed principal is shown with its new name.
    let after = facts(head, &apps_named(head.inv, wanted), &mut names);
    let before = facts(base, &apps_named(base.inv, wanted), &mut names);
    let empty = BTreeMap::new();
    let keys: BTreeSet<&(String, String)> = before.keys().chain(after.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        let (b, a) = (
            before.get(key).unwrap_or(&empty),
            after.get(key).unwrap_or(&empty),
        );
        if a == b {
            continue;
        }
        // Data grouped by how their level moved.
        let mut groups: BTreeMap<Movement, (Vec<String>, bool)> = BTreeMap::new();
        let data: BTreeSet<&String> = b.keys().chain(a.keys()).collect();
        for d in data {
            let (lb, la) = (b.get(d), a.get(d));
            let (before_level, after_level) = (lb.map(|x| x.0), la.map(|x| x.0));
            let moved = match (before_level, after_level) {
                (None, Some(_)) => Move::Gained,
                (Some(_), None) => Move::Lost,
                (Some(x), Some(y)) if y > x => Move::Raised,
                (Some(x), Some(y)) if y < x => Move::Lowered,
                _ => continue,
            };
            let special = la.or(lb).is_some_and(|x| x.1);
            let g = groups
                .entry((moved, before_level, after_level))
                .or_default();
            g.0.push(d.clone());
            g.1 |= special;
        }
        if groups.is_empty() {
            continue;
        }
        let specials: HashSet<&String> = a
            .iter()
            .chain(b.iter())
            .filter(|(_, v)| v.1)
            .map(|(k, _)| k)
            .collect();
        let changes = groups
            .into_iter()
            .map(|((moved, before, after), (mut data, special))| {
                data.sort_by_key(|d| (!specials.contains(d), d.clone()));
                LevelChange {
                    moved,
                    before,
                    after,
                    data,
                    special,
                }
            })
            .collect();
        let named = |prefix: &str, id: &str, kind: &'static str| {
            names
                .get(&format!("{prefix}{id}"))
                .cloned()
                .unwrap_or(Named {
                    kind,
                    id: id.to_string(),
                    name: None,
                })
        };
        out.push(AccessChange {
            principal: named("p:", &key.0, "principal"),
            application: named("a:", &key.1, "application"),
            changes,
        });
    }
    // Special data first, then by principal and application.
    out.sort_by(|x, y| {
        (!x.special(), &x.principal.id, &x.application.id).cmp(&(
            !y.special(),
            &y.principal.id,
            &y.application.id,
        ))
    });
    out
}
