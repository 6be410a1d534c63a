//! Writing a snapshot into the compact schema (version 2): texts become
//! numbers through `names`, and each part that may repeat from one snapshot
//! to the next (an entity's version, an application's access, the findings,
//! the reach) is looked up by the hash of its content before it is written.
//! A second snapshot of an unchanged inventory adds only its references.

use crate::hash::{Fnv, HashMap};
use rusqlite::{Transaction, params};

/// An entity as stored: its kind, id, fields and the relations it declares.
pub struct EntityRec {
    pub kind: String,
    pub id: String,
    pub name: Option<String>,
    pub file: Option<String>,
    pub line: Option<i64>,
    pub fields: String,
    pub attributes: String,
    pub relations: Vec<RelRec>,
}

pub struct RelRec {
    pub field: String,
    pub to_kind: String,
    pub to_id: String,
    pub file: Option<String>,
    pub line: Option<i64>,
}

/// One effective access of an application, each text a number of `names`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct IdRow {
    pub principal: i64,
    pub principal_kind: i64,
    pub level: i64,
    pub flags: i64,
    pub data: i64,
    pub special: bool,
}

/// One effective access of an application as text (a version 1 row).
pub struct AccessRec {
    pub principal: String,
    pub principal_kind: String,
    pub data: String,
    pub level: String,
    pub special: bool,
    pub flags: String,
}

pub struct ReachRec {
    pub data: String,
    pub what: String,
    pub id: String,
    pub country: Option<String>,
}

pub struct FindingRec {
    pub rule: String,
    pub severity: String,
    pub message: String,
    pub entity: Option<String>,
    pub file: Option<String>,
    pub line: Option<i64>,
    pub col: Option<i64>,
}

fn hash_of(parts: &[&[u8]]) -> i64 {
    let mut h = Fnv::default();
    for p in parts {
        h.part(p);
    }
    h.0 as i64
}

fn opt(s: &Option<String>) -> &[u8] {
    s.as_deref().map_or(b"\x00", str::as_bytes)
}

fn num(n: Option<i64>) -> [u8; 8] {
    n.unwrap_or(i64::MIN).to_le_bytes()
}

/// Writes the parts of snapshots; holds the texts and content keys already
/// stored, so that each is looked up in memory.
pub struct Writer<'t, 'c> {
    tx: &'t Transaction<'c>,
    names: HashMap<String, i64>,
    versions: HashMap<i64, i64>,
    data_sets: HashMap<i64, i64>,
    blocks: HashMap<i64, i64>,
    reach_sets: HashMap<i64, i64>,
    finding_sets: HashMap<i64, i64>,
}

fn load_keys(tx: &Transaction, table: &str) -> rusqlite::Result<HashMap<i64, i64>> {
    let mut st = tx.prepare(&format!("SELECT hash, id FROM {table}"))?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

impl<'t, 'c> Writer<'t, 'c> {
    pub fn new(tx: &'t Transaction<'c>) -> rusqlite::Result<Writer<'t, 'c>> {
        let names = {
            let mut st = tx.prepare("SELECT text, id FROM names")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<HashMap<String, i64>>>()?
        };
        Ok(Writer {
            tx,
            names,
            versions: load_keys(tx, "entity_versions")?,
            data_sets: load_keys(tx, "data_sets")?,
            blocks: load_keys(tx, "access_blocks")?,
            reach_sets: load_keys(tx, "reach_sets")?,
            finding_sets: load_keys(tx, "finding_sets")?,
        })
    }

    /// The number of a text, stored on first use.
    pub fn name(&mut self, text: &str) -> rusqlite::Result<i64> {
        if let Some(id) = self.names.get(text) {
            return Ok(*id);
        }
        self.tx
            .prepare_cached("INSERT INTO names (text) VALUES (?1)")?
            .execute([text])?;
        let id = self.tx.last_insert_rowid();
        self.names.insert(text.to_string(), id);
        Ok(id)
    }

    fn opt_name(&mut self, text: Option<&str>) -> rusqlite::Result<Option<i64>> {
        text.map(|t| self.name(t)).transpose()
    }

    /// Records an entity (and its relations) in a snapshot.
    pub fn entity(&mut self, snap: i64, e: &EntityRec) -> rusqlite::Result<()> {
        let mut parts: Vec<&[u8]> = vec![
            e.kind.as_bytes(),
            e.id.as_bytes(),
            opt(&e.name),
            opt(&e.file),
            &[],
            e.fields.as_bytes(),
            e.attributes.as_bytes(),
        ];
        let line = num(e.line);
        parts[4] = &line;
        let rel_lines: Vec<[u8; 8]> = e.relations.iter().map(|r| num(r.line)).collect();
        for (r, l) in e.relations.iter().zip(&rel_lines) {
            parts.extend_from_slice(&[
                r.field.as_bytes(),
                r.to_kind.as_bytes(),
                r.to_id.as_bytes(),
                opt(&r.file),
                l,
            ]);
        }
        let hash = hash_of(&parts);
        let version = match self.versions.get(&hash) {
            Some(v) => *v,
            None => {
                let (kind, id, file) = (
                    self.name(&e.kind)?,
                    self.name(&e.id)?,
                    self.opt_name(e.file.as_deref())?,
                );
                self.tx
                    .prepare_cached(
                        "INSERT INTO entity_versions (hash, kind, entity, name, file, line, fields, attributes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    )?
                    .execute(params![hash, kind, id, e.name, file, e.line, e.fields, e.attributes])?;
                let v = self.tx.last_insert_rowid();
                for (seq, r) in e.relations.iter().enumerate() {
                    let (field, to_kind, to_id, rfile) = (
                        self.name(&r.field)?,
                        self.name(&r.to_kind)?,
                        self.name(&r.to_id)?,
                        self.opt_name(r.file.as_deref())?,
                    );
                    self.tx
                        .prepare_cached(
                            "INSERT INTO relation_rows (version, seq, field, to_kind, to_id, file, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        )?
                        .execute(params![v, seq as i64, field, to_kind, to_id, rfile, r.line])?;
                }
                self.versions.insert(hash, v);
                v
            }
        };
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO snapshot_entities (snapshot, version) VALUES (?1, ?2)",
            )?
            .execute(params![snap, version])?;
        Ok(())
    }

    /// The set of data categories (each with its special flag) of a run of
    /// rows, stored once.
    fn data_set(&mut self, rows: &[IdRow]) -> rusqlite::Result<i64> {
        let mut h = Fnv::default();
        for r in rows {
            h.number(r.data);
            h.number(i64::from(r.special));
        }
        let hash = h.0 as i64;
        if let Some(id) = self.data_sets.get(&hash) {
            return Ok(*id);
        }
        self.tx
            .prepare_cached("INSERT INTO data_sets (hash) VALUES (?1)")?
            .execute([hash])?;
        let id = self.tx.last_insert_rowid();
        let mut insert = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO data_set_members (data_set, data, special) VALUES (?1, ?2, ?3)",
        )?;
        for r in rows {
            insert.execute(params![id, r.data, r.special])?;
        }
        self.data_sets.insert(hash, id);
        Ok(id)
    }

    /// Records an application's effective access in a snapshot: one row per
    /// principal, level and flags, with the set of data it reaches. Every
    /// text is already a number of `names` (stable within the database, so
    /// the content key of an unchanged block is the same in every snapshot).
    pub fn access(&mut self, snap: i64, app: i64, mut rows: Vec<IdRow>) -> rusqlite::Result<()> {
        rows.sort_unstable();
        rows.dedup();
        let mut h = Fnv::default();
        h.number(app);
        for r in &rows {
            for n in [r.principal, r.principal_kind, r.level, r.flags, r.data] {
                h.number(n);
            }
            h.number(i64::from(r.special));
        }
        let hash = h.0 as i64;
        let block = match self.blocks.get(&hash) {
            Some(b) => *b,
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO access_blocks (hash, application) VALUES (?1, ?2)",
                    )?
                    .execute(params![hash, app])?;
                let block = self.tx.last_insert_rowid();
                let mut insert = self.tx.prepare_cached(
                    "INSERT INTO access_rows (block, seq, principal, principal_kind, level, data_set, flags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?;
                let same = |a: &IdRow, b: &IdRow| {
                    (a.principal, a.principal_kind, a.level, a.flags)
                        == (b.principal, b.principal_kind, b.level, b.flags)
                };
                for (seq, group) in rows.chunk_by(same).enumerate() {
                    let head = group[0];
                    let set = self.data_set(group)?;
                    insert.execute(params![
                        block,
                        seq as i64,
                        head.principal,
                        head.principal_kind,
                        head.level,
                        set,
                        head.flags
                    ])?;
                }
                self.blocks.insert(hash, block);
                block
            }
        };
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO snapshot_access (snapshot, block) VALUES (?1, ?2)",
            )?
            .execute(params![snap, block])?;
        Ok(())
    }

    /// Records the reach of data and the findings of a snapshot, each set
    /// stored once.
    pub fn sets(
        &mut self,
        snap: i64,
        reach: &[ReachRec],
        findings: &[FindingRec],
    ) -> rusqlite::Result<()> {
        let mut parts: Vec<&[u8]> = Vec::new();
        for r in reach {
            parts.extend_from_slice(&[
                r.data.as_bytes(),
                r.what.as_bytes(),
                r.id.as_bytes(),
                opt(&r.country),
            ]);
        }
        let hash = hash_of(&parts);
        let reach_set = match self.reach_sets.get(&hash) {
            Some(s) => *s,
            None => {
                self.tx
                    .prepare_cached("INSERT INTO reach_sets (hash) VALUES (?1)")?
                    .execute([hash])?;
                let set = self.tx.last_insert_rowid();
                for r in reach {
                    let (d, w, i, c) = (
                        self.name(&r.data)?,
                        self.name(&r.what)?,
                        self.name(&r.id)?,
                        self.opt_name(r.country.as_deref())?,
                    );
                    self.tx
                        .prepare_cached(
                            "INSERT INTO reach_rows (reach_set, data, what, id, country) VALUES (?1, ?2, ?3, ?4, ?5)",
                        )?
                        .execute(params![set, d, w, i, c])?;
                }
                self.reach_sets.insert(hash, set);
                set
            }
        };
        // Findings in one set per file: a change to one file adds that
        // file's findings again, the others are shared.
        let mut start = 0;
        while start < findings.len() {
            let file = &findings[start].file;
            let mut end = start;
            while end < findings.len() && findings[end].file == *file {
                end += 1;
            }
            let set = self.finding_set(&findings[start..end])?;
            self.tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO snapshot_findings (snapshot, finding_set) VALUES (?1, ?2)",
                )?
                .execute(params![snap, set])?;
            start = end;
        }
        self.tx
            .prepare_cached("INSERT INTO snapshot_sets (snapshot, reach_set) VALUES (?1, ?2)")?
            .execute(params![snap, reach_set])?;
        Ok(())
    }

    /// A run of findings (of one file), stored once.
    fn finding_set(&mut self, findings: &[FindingRec]) -> rusqlite::Result<i64> {
        let lines: Vec<([u8; 8], [u8; 8])> =
            findings.iter().map(|f| (num(f.line), num(f.col))).collect();
        let mut parts: Vec<&[u8]> = Vec::new();
        for (f, (l, c)) in findings.iter().zip(&lines) {
            parts.extend_from_slice(&[
                f.rule.as_bytes(),
                f.severity.as_bytes(),
                f.message.as_bytes(),
                opt(&f.entity),
                opt(&f.file),
                l,
                c,
            ]);
        }
        let hash = hash_of(&parts);
        if let Some(s) = self.finding_sets.get(&hash) {
            return Ok(*s);
        }
        self.tx
            .prepare_cached("INSERT INTO finding_sets (hash) VALUES (?1)")?
            .execute([hash])?;
        let set = self.tx.last_insert_rowid();
        for f in findings {
            let (rule, sev, ent, file) = (
                self.name(&f.rule)?,
                self.name(&f.severity)?,
                self.opt_name(f.entity.as_deref())?,
                self.opt_name(f.file.as_deref())?,
            );
            self.tx
                .prepare_cached(
                    "INSERT INTO finding_rows (finding_set, rule, severity, message, entity, file, line, col) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![set, rule, sev, f.message, ent, file, f.line, f.col])?;
        }
        self.finding_sets.insert(hash, set);
        Ok(set)
    }
}
