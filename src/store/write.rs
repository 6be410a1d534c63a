//! Writing a snapshot into the compact schema (version 3): texts become
//! numbers through `names`, and each part that may repeat from one snapshot
//! to the next (an entity's version, an application's access, the findings,
//! the reach) is looked up by the hash of its content before it is written.
//! A second snapshot of an unchanged inventory adds only its references.

use crate::hash::{Fnv, HashMap};
use rusqlite::{Transaction, params};
use std::borrow::Cow;

/// An entity as stored: its kind, id, fields and the relations it declares
/// (its texts borrowed from the inventory when a snapshot makes it).
pub struct EntityRec<'a> {
    pub kind: Cow<'a, str>,
    pub id: Cow<'a, str>,
    pub name: Option<Cow<'a, str>>,
    pub file: Option<Cow<'a, str>>,
    pub line: Option<i64>,
    pub fields: String,
    pub attributes: String,
    pub relations: Vec<RelRec<'a>>,
}

pub struct RelRec<'a> {
    pub field: Cow<'a, str>,
    pub to_kind: Cow<'a, str>,
    pub to_id: Cow<'a, str>,
    pub file: Option<Cow<'a, str>>,
    pub line: Option<i64>,
}

fn own(s: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(s.into_owned())
}

impl EntityRec<'_> {
    /// The same record, owning its texts.
    pub fn into_owned(self) -> EntityRec<'static> {
        EntityRec {
            kind: own(self.kind),
            id: own(self.id),
            name: self.name.map(own),
            file: self.file.map(own),
            line: self.line,
            fields: self.fields,
            attributes: self.attributes,
            relations: self
                .relations
                .into_iter()
                .map(|r| RelRec {
                    field: own(r.field),
                    to_kind: own(r.to_kind),
                    to_id: own(r.to_id),
                    file: r.file.map(own),
                    line: r.line,
                })
                .collect(),
        }
    }
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

fn opt<S: AsRef<str>>(s: &Option<S>) -> &[u8] {
    s.as_ref().map_or(b"\x00", |s| s.as_ref().as_bytes())
}

fn num_bytes(n: Option<i64>) -> [u8; 8] {
    n.unwrap_or(i64::MIN).to_le_bytes()
}

/// Writes the parts of snapshots; holds the texts and content keys already
/// stored, so that each is looked up in memory (the tables have no index
/// on them to maintain).
pub struct Writer<'t, 'c> {
    tx: &'t Transaction<'c>,
    names: HashMap<String, i64>,
    versions: HashMap<i64, i64>,
    data_sets: HashMap<i64, i64>,
    blocks: HashMap<i64, i64>,
    reach_sets: HashMap<i64, i64>,
    finding_sets: HashMap<i64, i64>,
    /// The entity versions of the snapshot being written.
    used: Vec<i64>,
    /// The number the next new text takes, and the new texts not yet
    /// inserted (numbers are handed out at once, rows written in a batch).
    next_name: i64,
    new_names: Vec<(i64, String)>,
}

fn load_keys(tx: &Transaction, table: &str) -> rusqlite::Result<HashMap<i64, i64>> {
    let mut st = tx.prepare(&format!("SELECT hash, id FROM {table}"))?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Whether a text is written the same by serde_json and SQLite's
/// `json_quote` (no character to escape).
fn plain(s: &str) -> bool {
    !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\')
}

/// An entity's fields as stored: without the leading `"id"`,
/// `"generated_id"` and `"name"` members its row holds or implies, which
/// the `entities` view puts back (`+` first says the id was generated);
/// whole after a `=` when they do not begin that way.
pub fn stored_fields(fields: &str, id: &str, name: Option<&str>) -> String {
    let whole = || format!("={fields}");
    if !plain(id) || !name.is_none_or(plain) {
        return whole();
    }
    let Some(rest) = fields
        .strip_prefix("{\"id\":\"")
        .and_then(|r| r.strip_prefix(id))
        .and_then(|r| r.strip_prefix('"'))
    else {
        return whole();
    };
    let (generated, rest) = match rest.strip_prefix(",\"generated_id\":true") {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let rest = match name {
        Some(n) => match rest
            .strip_prefix(",\"name\":\"")
            .and_then(|r| r.strip_prefix(n))
            .and_then(|r| r.strip_prefix('"'))
        {
            Some(r) => r,
            None => return whole(),
        },
        None => rest,
    };
    let mark = if generated { "+" } else { "" };
    match rest.strip_prefix(',') {
        Some(members) => format!("{mark}{{{members}"),
        None if rest == "}" => format!("{mark}{{}}"),
        None => whole(),
    }
}

/// The runs of consecutive numbers of a sorted list, as (first, last).
fn runs(ids: &[i64]) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = Vec::new();
    for &id in ids {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == id => *last = id,
            Some((_, last)) if *last == id => {}
            _ => out.push((id, id)),
        }
    }
    out
}

/// An entity version as stored, its texts numbered.
pub struct VersionRow {
    pub hash: i64,
    kind: i64,
    entity: i64,
    name: Option<String>,
    file: Option<i64>,
    line: Option<i64>,
    fields: String,
    attributes: Option<String>,
    relations: Option<String>,
}

/// An entity's record as stored, its texts numbered by `num`: its content
/// key (over the texts, so the same in every database), its fields without
/// what the row holds, its relations as one JSON array.
pub fn version_row<E>(
    e: &EntityRec,
    mut num: impl FnMut(&str) -> Result<i64, E>,
) -> Result<VersionRow, E> {
    let mut parts: Vec<&[u8]> = vec![
        e.kind.as_bytes(),
        e.id.as_bytes(),
        opt(&e.name),
        opt(&e.file),
        &[],
        e.fields.as_bytes(),
        e.attributes.as_bytes(),
    ];
    let line = num_bytes(e.line);
    parts[4] = &line;
    let rel_lines: Vec<[u8; 8]> = e.relations.iter().map(|r| num_bytes(r.line)).collect();
    for (r, l) in e.relations.iter().zip(&rel_lines) {
        parts.extend_from_slice(&[
            r.field.as_bytes(),
            r.to_kind.as_bytes(),
            r.to_id.as_bytes(),
            opt(&r.file),
            l,
        ]);
    }
    let relations = if e.relations.is_empty() {
        None
    } else {
        use std::fmt::Write;
        let mut json = String::with_capacity(24 * e.relations.len());
        for r in &e.relations {
            json.push(if json.is_empty() { '[' } else { ',' });
            let line = r.line.map(|l| l - e.line.unwrap_or(0));
            let _ = write!(
                json,
                "[{},{},{},",
                num(&r.field)?,
                num(&r.to_kind)?,
                num(&r.to_id)?
            );
            match line {
                Some(l) => {
                    let _ = write!(json, "{l}");
                }
                None => json.push_str("null"),
            }
            if r.file != e.file {
                match &r.file {
                    Some(f) => {
                        let _ = write!(json, ",{}", num(f)?);
                    }
                    None => json.push_str(",null"),
                }
            }
            json.push(']');
        }
        json.push(']');
        Some(json)
    };
    Ok(VersionRow {
        hash: hash_of(&parts),
        kind: num(&e.kind)?,
        entity: num(&e.id)?,
        name: e.name.as_deref().map(str::to_string),
        file: e.file.as_deref().map(&mut num).transpose()?,
        line: e.line,
        fields: stored_fields(&e.fields, &e.id, e.name.as_deref()),
        attributes: (e.attributes != "{}").then(|| e.attributes.clone()),
        relations,
    })
}

/// A set of data categories with their special flags, and its content key.
pub struct DataSet {
    hash: i64,
    members: Vec<(i64, bool)>,
}

/// Principals that share a kind, a level, a set of data (an index in the
/// block's sets) and flags, as a JSON array of their numbers.
struct Class {
    kind: i64,
    level: i64,
    set: usize,
    flags: i64,
    principals: String,
}

/// An application's effective access as stored, and its content key.
pub struct Block {
    hash: i64,
    app: i64,
    sets: Vec<DataSet>,
    classes: Vec<Class>,
}

/// An application's access rows as a block: the rows of one principal,
/// level and flags share a set of data; the principals of one kind, level,
/// set and flags share a class. Every text is already a number of `names`
/// (stable within the database, so the content key of an unchanged block is
/// the same in every snapshot).
pub fn block(app: i64, mut rows: Vec<IdRow>) -> Block {
    // In their full order: by principal first (a stable sort, quick on rows
    // that come grouped by principal), then each principal's few rows.
    rows.sort_by_key(|r| r.principal);
    for run in rows.chunk_by_mut(|a, b| a.principal == b.principal) {
        run.sort_unstable();
    }
    rows.dedup();
    let mut h = Fnv::default();
    h.number(app);
    for r in &rows {
        for n in [r.principal, r.principal_kind, r.level, r.flags, r.data] {
            h.number(n);
        }
        h.number(i64::from(r.special));
    }
    let same = |a: &IdRow, b: &IdRow| {
        (a.principal, a.principal_kind, a.level, a.flags)
            == (b.principal, b.principal_kind, b.level, b.flags)
    };
    let mut sets: Vec<DataSet> = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::default();
    // (kind, level, set, flags, principal), sorted: classes.
    let mut keyed = Vec::new();
    for group in rows.chunk_by(same) {
        let mut sh = Fnv::default();
        for r in group {
            sh.number(r.data);
            sh.number(i64::from(r.special));
        }
        let set = *index.entry(sh.0 as i64).or_insert_with(|| {
            sets.push(DataSet {
                hash: sh.0 as i64,
                members: group.iter().map(|r| (r.data, r.special)).collect(),
            });
            sets.len() - 1
        });
        let head = group[0];
        keyed.push((
            head.principal_kind,
            head.level,
            set,
            head.flags,
            head.principal,
        ));
    }
    keyed.sort_unstable();
    let classes = keyed
        .chunk_by(|a, b| (a.0, a.1, a.2, a.3) == (b.0, b.1, b.2, b.3))
        .map(|class| {
            use std::fmt::Write;
            let mut principals = String::with_capacity(7 * class.len() + 2);
            for c in class {
                principals.push(if principals.is_empty() { '[' } else { ',' });
                let _ = write!(principals, "{}", c.4);
            }
            principals.push(']');
            let (kind, level, set, flags, _) = class[0];
            Class {
                kind,
                level,
                set,
                flags,
                principals,
            }
        })
        .collect();
    Block {
        hash: h.0 as i64,
        app,
        sets,
        classes,
    }
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
            used: Vec::new(),
            next_name: tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM names", [], |r| {
                r.get(0)
            })?,
            new_names: Vec::new(),
        })
    }

    /// The number of a text, given on first use (its row is written by the
    /// next [`Writer::flush`]).
    pub fn name(&mut self, text: &str) -> rusqlite::Result<i64> {
        if let Some(id) = self.names.get(text) {
            return Ok(*id);
        }
        let id = self.next_name;
        self.next_name += 1;
        self.names.insert(text.to_string(), id);
        self.new_names.push((id, text.to_string()));
        Ok(id)
    }

    /// Writes the texts numbered since the last call.
    pub fn flush(&mut self) -> rusqlite::Result<()> {
        let mut insert = self
            .tx
            .prepare_cached("INSERT INTO names (id, text) VALUES (?1, ?2)")?;
        for (id, text) in self.new_names.drain(..) {
            insert.execute(params![id, text])?;
        }
        Ok(())
    }

    fn opt_name(&mut self, text: Option<&str>) -> rusqlite::Result<Option<i64>> {
        text.map(|t| self.name(t)).transpose()
    }

    /// Records an entity (and its relations) in a snapshot, numbering its
    /// texts here.
    pub fn entity(&mut self, e: &EntityRec) -> rusqlite::Result<()> {
        let row = version_row(e, |t| self.name(t))?;
        self.version(row)
    }

    /// Records an entity version in a snapshot: written when its content is
    /// new, referred to when it was seen before.
    pub fn version(&mut self, row: VersionRow) -> rusqlite::Result<()> {
        let version = match self.versions.get(&row.hash) {
            Some(v) => *v,
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO entity_versions (hash, kind, entity, name, file, line, fields, attributes, relations) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    )?
                    .execute(params![
                        row.hash,
                        row.kind,
                        row.entity,
                        row.name,
                        row.file,
                        row.line,
                        row.fields,
                        row.attributes,
                        row.relations
                    ])?;
                let v = self.tx.last_insert_rowid();
                self.versions.insert(row.hash, v);
                v
            }
        };
        self.used.push(version);
        Ok(())
    }

    /// A set of data categories (each with its special flag), stored once.
    fn data_set(&mut self, set: &DataSet) -> rusqlite::Result<i64> {
        let hash = set.hash;
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
        for (data, special) in &set.members {
            insert.execute(params![id, data, special])?;
        }
        self.data_sets.insert(hash, id);
        Ok(id)
    }

    /// Inserts rows one after the other with `insert`; returns the run of
    /// row ids they took (first > last when there is none).
    fn run<T>(
        &mut self,
        items: &[T],
        sql: &str,
        mut insert: impl FnMut(
            &mut Self,
            &mut rusqlite::CachedStatement<'_>,
            &T,
        ) -> rusqlite::Result<()>,
    ) -> rusqlite::Result<(i64, i64)> {
        let tx = self.tx;
        let mut st = tx.prepare_cached(sql)?;
        let (mut first, mut last) = (1, 0);
        for (k, item) in items.iter().enumerate() {
            insert(self, &mut st, item)?;
            last = self.tx.last_insert_rowid();
            if k == 0 {
                first = last;
            }
        }
        Ok((first, last))
    }

    /// Records an application's effective access in a snapshot.
    pub fn access(&mut self, snap: i64, app: i64, rows: Vec<IdRow>) -> rusqlite::Result<()> {
        self.block(snap, block(app, rows))
    }

    /// Records an application's access block in a snapshot: written when
    /// its content is new, referred to when it was seen before.
    pub fn block(&mut self, snap: i64, b: Block) -> rusqlite::Result<()> {
        let block = match self.blocks.get(&b.hash) {
            Some(id) => *id,
            None => {
                let sets = b
                    .sets
                    .iter()
                    .map(|s| self.data_set(s))
                    .collect::<rusqlite::Result<Vec<i64>>>()?;
                let (first, last) = self.run(
                    &b.classes,
                    "INSERT INTO access_classes (principal_kind, level, data_set, flags, principals) VALUES (?1, ?2, ?3, ?4, ?5)",
                    |_, st, c| {
                        let set = sets.get(c.set).copied().unwrap_or_default();
                        st.execute(params![c.kind, c.level, set, c.flags, c.principals])?;
                        Ok(())
                    },
                )?;
                self.tx
                    .prepare_cached(
                        "INSERT INTO access_blocks (hash, application, first, last) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![b.hash, b.app, first, last])?;
                let id = self.tx.last_insert_rowid();
                self.blocks.insert(b.hash, id);
                id
            }
        };
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO snapshot_access (snapshot, block) VALUES (?1, ?2)",
            )?
            .execute(params![snap, block])?;
        Ok(())
    }

    /// Records the entity versions met since the last call as the
    /// snapshot's: the last part of a snapshot.
    pub fn finish(&mut self, snap: i64) -> rusqlite::Result<()> {
        self.flush()?;
        let mut used = std::mem::take(&mut self.used);
        used.sort_unstable();
        for (first, last) in runs(&used) {
            self.tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO snapshot_entities (snapshot, first, last) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![snap, first, last])?;
        }
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
        let reach_set = self.set(
            Sets::Reach,
            hash,
            reach,
            "INSERT INTO reach_rows (data, what, entity, country) VALUES (?1, ?2, ?3, ?4)",
            |w, st, r| {
                let (d, wh, i, c) = (
                    w.name(&r.data)?,
                    w.name(&r.what)?,
                    w.name(&r.id)?,
                    w.opt_name(r.country.as_deref())?,
                );
                st.execute(params![d, wh, i, c])?;
                Ok(())
            },
        )?;
        // Findings in one set per file: a change to one file adds that
        // file's findings again, the others are shared.
        for same_file in findings.chunk_by(|a, b| a.file == b.file) {
            let set = self.finding_set(same_file)?;
            self.tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO snapshot_findings (snapshot, finding_set) VALUES (?1, ?2)",
                )?
                .execute(params![snap, set])?;
        }
        self.tx
            .prepare_cached("INSERT INTO snapshot_sets (snapshot, reach_set) VALUES (?1, ?2)")?
            .execute(params![snap, reach_set])?;
        Ok(())
    }

    /// A finding's message as stored: a template, kept once in `names`, in
    /// which the first four words that are stored names (the ids it quotes,
    /// mostly) are the characters U+0001 to U+0004, and those names'
    /// numbers. The `findings` view puts the names back. A message that
    /// holds one of those characters itself is its own template.
    fn template(&mut self, message: &str) -> rusqlite::Result<(i64, [Option<i64>; 4])> {
        let mut args = [None; 4];
        let mut template = String::with_capacity(message.len());
        let mut k = 0;
        let mut copied = 0;
        if !message.bytes().any(|b| (1..=4).contains(&b)) {
            let word =
                |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'>' | b'#');
            let bytes = message.as_bytes();
            let mut i = 0;
            while i < bytes.len() && k < 4 {
                if !word(bytes[i]) {
                    i += 1;
                    continue;
                }
                let start = i;
                while i < bytes.len() && word(bytes[i]) {
                    i += 1;
                }
                let token = message[start..i].trim_end_matches('.');
                if let Some(n) = self.names.get(token) {
                    template.push_str(&message[copied..start]);
                    template.push(char::from(k as u8 + 1));
                    copied = start + token.len();
                    args[k] = Some(*n);
                    k += 1;
                }
            }
        }
        template.push_str(&message[copied..]);
        Ok((self.name(&template)?, args))
    }

    /// A run of findings (of one file), stored once.
    fn finding_set(&mut self, findings: &[FindingRec]) -> rusqlite::Result<i64> {
        let lines: Vec<([u8; 8], [u8; 8])> = findings
            .iter()
            .map(|f| (num_bytes(f.line), num_bytes(f.col)))
            .collect();
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
        self.set(
            Sets::Findings,
            hash,
            findings,
            "INSERT INTO finding_rows (rule, severity, message, a1, a2, a3, a4, entity, file, line, col) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            |w, st, f| {
                let (rule, sev, ent, file) = (
                    w.name(&f.rule)?,
                    w.name(&f.severity)?,
                    w.opt_name(f.entity.as_deref())?,
                    w.opt_name(f.file.as_deref())?,
                );
                let (message, [a1, a2, a3, a4]) = w.template(&f.message)?;
                st.execute(params![
                    rule, sev, message, a1, a2, a3, a4, ent, file, f.line, f.col
                ])?;
                Ok(())
            },
        )
    }

    /// A set of rows stored once: found by its content key, or its rows
    /// inserted as a run by `insert` and the set recorded with that run.
    fn set<T>(
        &mut self,
        which: Sets,
        hash: i64,
        items: &[T],
        sql: &str,
        insert: impl FnMut(&mut Self, &mut rusqlite::CachedStatement<'_>, &T) -> rusqlite::Result<()>,
    ) -> rusqlite::Result<i64> {
        if let Some(id) = self.keys(which).get(&hash) {
            return Ok(*id);
        }
        let (first, last) = self.run(items, sql, insert)?;
        let table = match which {
            Sets::Reach => "reach_sets",
            Sets::Findings => "finding_sets",
        };
        self.tx
            .prepare_cached(&format!(
                "INSERT INTO {table} (hash, first, last) VALUES (?1, ?2, ?3)"
            ))?
            .execute(params![hash, first, last])?;
        let id = self.tx.last_insert_rowid();
        self.keys(which).insert(hash, id);
        Ok(id)
    }

    fn keys(&mut self, which: Sets) -> &mut HashMap<i64, i64> {
        match which {
            Sets::Reach => &mut self.reach_sets,
            Sets::Findings => &mut self.finding_sets,
        }
    }
}

/// The sets of rows a [`Writer`] keeps by content key.
#[derive(Clone, Copy)]
enum Sets {
    Reach,
    Findings,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_lose_what_the_row_holds_and_only_that() {
        assert_eq!(
            stored_fields(r#"{"id":"a","name":"A","x":1}"#, "a", Some("A")),
            r#"{"x":1}"#
        );
        assert_eq!(stored_fields(r#"{"id":"a"}"#, "a", None), "{}");
        assert_eq!(
            stored_fields(r#"{"id":"a","x":[]}"#, "a", None),
            r#"{"x":[]}"#
        );
        let generated = r#"{"id":"a->b","generated_id":true,"name":"N","from":"a"}"#;
        assert_eq!(
            stored_fields(generated, "a->b", Some("N")),
            r#"+{"from":"a"}"#
        );
        assert_eq!(
            stored_fields(r#"{"id":"g","generated_id":true}"#, "g", None),
            "+{}"
        );
        // A name that is not the one the row holds: kept whole.
        assert_eq!(
            stored_fields(r#"{"id":"a","name":"B"}"#, "a", Some("A")),
            r#"={"id":"a","name":"B"}"#
        );
        // Not the expected head, or texts JSON would escape: kept whole.
        assert_eq!(
            stored_fields(r#"{"id":"ab"}"#, "a", None),
            r#"={"id":"ab"}"#
        );
        assert_eq!(
            stored_fields(r#"{"x":1,"id":"a"}"#, "a", None),
            r#"={"x":1,"id":"a"}"#
        );
        let q = r#"{"id":"a","name":"say \"hi\""}"#;
        assert_eq!(stored_fields(q, "a", Some("say \"hi\"")), format!("={q}"));
    }

    #[test]
    fn messages_become_templates_and_back() {
        let conn = rusqlite::Connection::open_in_memory().expect("db");
        conn.execute_batch(crate::store::schema::V3_TABLES)
            .expect("tables");
        conn.execute_batch("CREATE TABLE snapshots (id INTEGER PRIMARY KEY);")
            .expect("snapshots");
        conn.execute_batch(crate::store::schema::V3_VIEWS)
            .expect("views");
        let tx =
            rusqlite::Transaction::new_unchecked(&conn, rusqlite::TransactionBehavior::Deferred)
                .expect("tx");
        let mut w = Writer::new(&tx).expect("writer");
        for n in ["app-1", "grp.a", "read", "x->y", "app-2"] {
            w.name(n).expect("name");
        }
        let messages = [
            "`grp.a` reads app-1 (grant read on app-2), via x->y and app-1.",
            "`app-1` and app-2",
            "`app-2` and app-1",
            "nothing here",
            "app-1 \u{2} app-2 \u{1}",
        ];
        let args: Vec<usize> = messages
            .iter()
            .map(|m| w.template(m).expect("t").1.iter().flatten().count())
            .collect();
        assert_eq!(args, [4, 2, 2, 0, 0]);
        // The same shape with other names: one template.
        assert_eq!(
            w.template(messages[1]).expect("t").0,
            w.template(messages[2]).expect("t").0
        );
        let findings: Vec<FindingRec> = messages
            .iter()
            .map(|m| FindingRec {
                rule: "R".into(),
                severity: "error".into(),
                message: m.to_string(),
                entity: None,
                file: None,
                line: None,
                col: None,
            })
            .collect();
        tx.execute("INSERT INTO snapshots (id) VALUES (1)", [])
            .expect("snapshot");
        w.sets(1, &[], &findings).expect("sets");
        w.finish(1).expect("finish");
        let back: Vec<String> = tx
            .prepare("SELECT message FROM findings")
            .expect("query")
            .query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("messages");
        assert_eq!(back, messages);
    }

    #[test]
    fn runs_of_numbers() {
        assert_eq!(runs(&[1, 2, 3, 5, 6, 9]), vec![(1, 3), (5, 6), (9, 9)]);
        assert_eq!(runs(&[4, 4, 5]), vec![(4, 5)]);
        assert!(runs(&[]).is_empty());
    }
}
