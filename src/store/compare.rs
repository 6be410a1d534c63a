//! `diff` between two stored snapshots, without the YAML: entities added,
//! removed and changed (field by field), access moved per principal and
//! application, flows and countries, findings introduced and resolved. Read
//! through the views, so both engines answer it. The findings of a snapshot
//! carry no fingerprint: they are matched by rule, entity and message.

use super::{Event, StoreError};
use crate::diff::{AccessChange, Changes, FieldChange, Finding, LevelChange, Move, Named};
use crate::model::{Kind, Level, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// A store `sql`, `history` and `diff --db` read.
pub enum Store {
    Sqlite(rusqlite::Connection),
    Pg(Box<postgres::Client>),
}

impl Store {
    /// Opens a file or a `postgres://` database, read-only.
    pub fn open(db: &str) -> Result<(Store, bool), StoreError> {
        if super::pg::is_url(db) {
            return Ok((Store::Pg(Box::new(super::pg::connect(db)?)), false));
        }
        let (conn, recovered) = super::open_ro(std::path::Path::new(db))?;
        Ok((Store::Sqlite(conn), recovered))
    }

    pub fn query_each(
        &mut self,
        sql: &str,
        snapshot: Option<i64>,
        timeout: std::time::Duration,
        each: &mut dyn FnMut(Event),
    ) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(c) => super::query_each(c, sql, snapshot, timeout, each),
            Store::Pg(c) => super::pg::query_each(c, sql, snapshot, timeout, each),
        }
    }

    fn rows(&mut self, sql: &str, snapshot: i64) -> Result<Vec<Vec<String>>, StoreError> {
        let mut out = Vec::new();
        self.query_each(
            sql,
            Some(snapshot),
            std::time::Duration::from_secs(600),
            &mut |e| {
                if let Event::Row(r) = e {
                    out.push(
                        r.iter()
                            .map(|v| match v {
                                serde_json::Value::Null => String::new(),
                                serde_json::Value::String(s) => s.clone(),
                                x => x.to_string(),
                            })
                            .collect(),
                    );
                }
            },
        )?;
        Ok(out)
    }
}

fn kind_word(kind: &str) -> &'static str {
    Kind::ALL
        .into_iter()
        .map(|k| k.noun())
        .find(|n| *n == kind)
        .unwrap_or("entity")
}

fn named(kind: &str, id: &str, name: &str) -> Named {
    Named {
        kind: kind_word(kind),
        id: id.to_string(),
        name: (!name.is_empty()).then(|| name.to_string()),
    }
}

/// What changed from snapshot `a` to snapshot `b` of the same store.
pub fn compare(store: &mut Store, a: i64, b: i64) -> Result<Changes, StoreError> {
    for s in [a, b] {
        if store
            .rows("select id from snapshots where id = :snapshot", s)?
            .is_empty()
        {
            return Err(StoreError::Pg(format!(
                "there is no snapshot {s} in this database"
            )));
        }
    }
    let mut c = Changes::default();
    // Entities.
    type Entities = BTreeMap<(String, String), (String, String)>;
    let entities = |store: &mut Store, s: i64| -> Result<Entities, StoreError> {
        Ok(store
            .rows("select kind, id, coalesce(name, ''), fields from entities where snapshot = :snapshot", s)?
            .into_iter()
            .map(|r| ((r[0].clone(), r[1].clone()), (r[2].clone(), r[3].clone())))
            .collect())
    };
    let (ea, eb) = (entities(store, a)?, entities(store, b)?);
    for ((kind, id), (name, fields)) in &eb {
        match ea.get(&(kind.clone(), id.clone())) {
            None => {
                c.added.push(named(kind, id, name));
                if kind == "flow" {
                    c.flows_added.push(id.clone());
                }
            }
            Some((_, before)) if before != fields => {
                let parse = |t: &str| -> serde_json::Map<String, serde_json::Value> {
                    serde_json::from_str(t).unwrap_or_default()
                };
                let (x, y) = (parse(before), parse(fields));
                let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
                let changes: Vec<FieldChange> = keys
                    .into_iter()
                    .filter(|k| x.get(*k) != y.get(*k))
                    .map(|k| FieldChange {
                        field: k.clone(),
                        before: x.get(k).cloned(),
                        after: y.get(k).cloned(),
                    })
                    .collect();
                if !changes.is_empty() {
                    c.changed.push((named(kind, id, name), changes));
                }
            }
            Some(_) => {}
        }
    }
    for ((kind, id), (name, _)) in &ea {
        if !eb.contains_key(&(kind.clone(), id.clone())) {
            c.removed.push(named(kind, id, name));
            if kind == "flow" {
                c.flows_removed.push(id.clone());
            }
        }
    }
    // Access: per principal and application, each category's level.
    type Key = (String, String, String);
    type Access = BTreeMap<Key, BTreeMap<String, (Level, bool)>>;
    let access = |store: &mut Store, s: i64| -> Result<Access, StoreError> {
        let mut m: BTreeMap<Key, BTreeMap<String, (Level, bool)>> = BTreeMap::new();
        for r in store.rows(
            "select principal, principal_kind, application, data, level, special from access where snapshot = :snapshot",
            s,
        )? {
            let Some(level) = Level::parse(&r[4]) else { continue };
            let e = m
                .entry((r[0].clone(), r[1].clone(), r[2].clone()))
                .or_default()
                .entry(r[3].clone())
                .or_insert((level, r[5] == "1"));
            e.0 = e.0.max(level);
        }
        Ok(m)
    };
    let (aa, ab) = (access(store, a)?, access(store, b)?);
    let keys: BTreeSet<&Key> = aa.keys().chain(ab.keys()).collect();
    let empty = BTreeMap::new();
    for key in keys {
        let (x, y) = (aa.get(key).unwrap_or(&empty), ab.get(key).unwrap_or(&empty));
        type Moved = (Vec<(bool, String)>, bool);
        let mut moves: BTreeMap<(Move, Option<Level>, Option<Level>), Moved> = BTreeMap::new();
        let data: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
        for d in data {
            let (before, after) = (x.get(d), y.get(d));
            let moved = match (before, after) {
                (None, Some(_)) => Move::Gained,
                (Some(_), None) => Move::Lost,
                (Some(p), Some(q)) if q.0 > p.0 => Move::Raised,
                (Some(p), Some(q)) if q.0 < p.0 => Move::Lowered,
                _ => continue,
            };
            let special = before.or(after).is_some_and(|v| v.1);
            let e = moves
                .entry((moved, before.map(|v| v.0), after.map(|v| v.0)))
                .or_default();
            e.0.push((!special, d.clone()));
            e.1 |= special;
        }
        if moves.is_empty() {
            continue;
        }
        // Names as the later snapshot (else the earlier) has them.
        let name_of = |kind: &str, id: &str| {
            let k = (kind.to_string(), id.to_string());
            eb.get(&k)
                .or_else(|| ea.get(&k))
                .map_or("", |v| v.0.as_str())
                .to_string()
        };
        c.access.push(AccessChange {
            principal: named(&key.1, &key.0, &name_of(&key.1, &key.0)),
            application: named("application", &key.2, &name_of("application", &key.2)),
            changes: moves
                .into_iter()
                .map(|((moved, before, after), (mut data, special))| {
                    // Special categories first, as `diff` lists them.
                    data.sort();
                    LevelChange {
                        moved,
                        before,
                        after,
                        data: data.into_iter().map(|(_, d)| d).collect(),
                        special,
                    }
                })
                .collect(),
        });
    }
    c.access.sort_by_key(|x| !x.special());
    // Countries where personal data is held.
    let countries = |store: &mut Store, s: i64| -> Result<BTreeSet<String>, StoreError> {
        Ok(store
            .rows("select distinct country from reach where snapshot = :snapshot and what = 'application' and country is not null", s)?
            .into_iter()
            .map(|r| r[0].clone())
            .collect())
    };
    let (ca, cb) = (countries(store, a)?, countries(store, b)?);
    c.countries_added = cb.difference(&ca).cloned().collect();
    c.countries_removed = ca.difference(&cb).cloned().collect();
    // Findings, matched by rule, entity and message.
    type Findings = BTreeMap<(String, String, String), String>;
    let findings = |store: &mut Store, s: i64| -> Result<Findings, StoreError> {
        Ok(store
            .rows("select rule, coalesce(entity, ''), message, severity from findings where snapshot = :snapshot", s)?
            .into_iter()
            .map(|r| ((r[0].clone(), r[1].clone(), r[2].clone()), r[3].clone()))
            .collect())
    };
    let (fa, fb) = (findings(store, a)?, findings(store, b)?);
    let finding = |(rule, entity, message): &(String, String, String), sev: &str| Finding {
        fingerprint: String::new(),
        severity: match sev {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            _ => Severity::Info,
        },
        rule: rule.clone(),
        entity: (!entity.is_empty()).then(|| entity.clone()),
        message: message.clone(),
    };
    c.findings_introduced = fb
        .iter()
        .filter(|(k, _)| !fa.contains_key(*k))
        .map(|(k, s)| finding(k, s))
        .collect();
    c.findings_resolved = fa
        .iter()
        .filter(|(k, _)| !fb.contains_key(*k))
        .map(|(k, s)| finding(k, s))
        .collect();
    Ok(c)
}
