//! SQLite snapshots of resolved inventories: entities (one table per kind,
//! fields and attributes as JSON), declared relations, effective access,
//! reach of data, findings. The schema is versioned with `PRAGMA
//! user_version` and forward migrations; a snapshot is written in one
//! transaction, so an interrupted run leaves the earlier ones intact.

use crate::diag::Diagnostic;
use crate::graph::{Fact, Graph};
use crate::model::{AppIx, DataIx, Inventory, Kind, Target};
use rusqlite::{Connection, OpenFlags};
use std::borrow::Cow;
use std::path::Path;

mod compare;
mod history;
pub mod pg;
mod schema;
mod sqlite;
mod write;

pub use sqlite::write_snapshot;

pub use compare::{Store, compare};
pub use history::{Point, history};
pub use write::{EntityRec, FindingRec, IdRow, ReachRec, RelRec, Writer};

/// The schema version this carto writes and reads.
pub const SCHEMA_VERSION: i64 = 3;

/// A database problem, with a message for the user.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database `{path}`: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("`{path}` is not a carto database ({detail})")]
    Foreign { path: String, detail: String },
    #[error(
        "`{path}` was written by a newer carto (schema version {found}, this carto reads up to {SCHEMA_VERSION})"
    )]
    Newer { path: String, found: i64 },
    #[error("the query writes to the database, and `carto sql` is read-only: {0}")]
    ReadOnly(String),
    #[error("SQL error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("PostgreSQL: {0}")]
    Pg(String),
    #[error("the snapshot's database writer: {0}")]
    Writer(String),
    #[error("cannot create `{0}`: {1}")]
    Io(String, std::io::Error),
    #[error(
        "the database `{0}` is busy: another carto snapshot is writing to it; try again when it has finished"
    )]
    Busy(String),
    #[error(
        "the last snapshot written to `{0}` was interrupted and must be rolled back, which needs write access to the database and its folder"
    )]
    Interrupted(String),
    #[error(
        "the query ran longer than {0} s and was stopped (raise --timeout, or narrow the query)"
    )]
    Timeout(u64),
}

/// How long a command waits for another carto's write lock.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Turns SQLite's "busy", "locked" and "read-only rollback" codes into what
/// really happened; other errors stay as they are.
fn classify(
    e: rusqlite::Error,
    path: &str,
    fallback: impl FnOnce(rusqlite::Error) -> StoreError,
) -> StoreError {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::DatabaseBusy | C::DatabaseLocked) => StoreError::Busy(path.to_string()),
        Some(C::ReadOnly) => StoreError::Interrupted(path.to_string()),
        _ => fallback(e),
    }
}

/// The rollback journal SQLite leaves when a writer is killed mid-way.
fn hot_journal(path: &Path) -> bool {
    let mut j = path.as_os_str().to_owned();
    j.push("-journal");
    std::fs::metadata(Path::new(&j)).is_ok_and(|m| m.len() > 0)
}

fn check_version(conn: &Connection, path: &str) -> Result<i64, StoreError> {
    let foreign = |detail: String| StoreError::Foreign {
        path: path.to_string(),
        detail,
    };
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| classify(e, path, |e| foreign(e.to_string())))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::Newer {
            path: path.to_string(),
            found: version,
        });
    }
    if version == 0 {
        // Version 0 is only valid for an empty database.
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| classify(e, path, |e| foreign(e.to_string())))?;
        if tables > 0 {
            return Err(foreign("it has tables but no carto schema version".into()));
        }
    }
    Ok(version)
}

/// Opens (creating it when absent) and migrates a database for writing.
pub fn open_rw(path: &Path) -> Result<Connection, StoreError> {
    let shown = path.display().to_string();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Io(dir.display().to_string(), e))?;
    }
    let mut conn = Connection::open(path).map_err(|source| StoreError::Open {
        path: shown.clone(),
        source,
    })?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let version = check_version(&conn, &shown)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    let busy = |e| classify(e, &shown, StoreError::Sql);
    if version < SCHEMA_VERSION {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(busy)?;
        if version < 1 {
            tx.execute_batch(schema::V1)?;
            tx.pragma_update(None, "user_version", 1)?;
        }
        // Versions 1 and 2 to 3: every snapshot rewritten into the compact
        // tables, read through the old tables (version 1) or views (2).
        if version < 2 {
            migrate_v1(&tx)?;
        } else {
            migrate_v2(&tx)?;
        }
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.commit()?;
        if version >= 1 {
            // The old tables' pages are free now: give them back, so that a
            // migrated file weighs what a new one would.
            conn.execute_batch("VACUUM").map_err(busy)?;
        }
    }
    Ok(conn)
}

/// Opens an existing database read-only. When a snapshot was killed mid-way
/// (a hot rollback journal), it is first opened for writing so that SQLite
/// rolls the interrupted snapshot back; the second value says so.
pub fn open_ro(path: &Path) -> Result<(Connection, bool), StoreError> {
    let shown = path.display().to_string();
    if !path.is_file() {
        return Err(StoreError::Open {
            path: shown,
            source: rusqlite::Error::InvalidPath(path.to_path_buf()),
        });
    }
    let mut recovered = false;
    if hot_journal(path) {
        // Reading through a read-write connection rolls a hot journal back;
        // a journal still held by a live writer makes this wait, then "busy".
        let rw = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .map_err(|e| classify(e, &shown, |_| StoreError::Interrupted(shown.clone())))?;
        rw.busy_timeout(BUSY_TIMEOUT)?;
        rw.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| classify(e, &shown, StoreError::Sql))?;
        recovered = !hot_journal(path);
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|source| StoreError::Open {
        path: shown.clone(),
        source,
    })?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let v = check_version(&conn, &shown)?;
    if v == 0 {
        return Err(StoreError::Foreign {
            path: shown,
            detail: "it holds no snapshot".into(),
        });
    }
    conn.pragma_update(None, "query_only", true)?;
    Ok((conn, recovered))
}

/// The effective access of the applications `apps`, one list per
/// application (membership expansions shared within the range).
fn access_of(g: &Graph, apps: std::ops::Range<u32>) -> Vec<Vec<Fact>> {
    let mut cache = crate::graph::DepthCache::default();
    apps.map(|a| g.facts(AppIx(a), &mut cache)).collect()
}

/// Every effective access of the inventory, turned by `prepare` into what
/// is stored (on all cores, a slice of applications at a time: memory stays
/// bounded by a slice's answers) and handed to `each` in order.
pub fn for_each_access<T: Send>(
    inv: &Inventory,
    g: &Graph,
    prepare: impl Fn(AppIx, Vec<Fact>) -> T + Sync,
    mut each: impl FnMut(T),
) {
    const SLICE: u32 = 256;
    let n = inv.applications.len() as u32;
    let threads = std::thread::available_parallelism().map_or(1, |p| p.get()) as u32;
    let mut start = 0;
    while start < n {
        let end = (start + SLICE * threads).min(n);
        let parts = (end - start).div_ceil(SLICE) as usize;
        let slices = crate::par::parallel_map(parts, |k| {
            let a = start + k as u32 * SLICE;
            let facts = access_of(g, a..(a + SLICE).min(end));
            (a..)
                .zip(facts)
                .map(|(app, f)| prepare(AppIx(app), f))
                .collect::<Vec<T>>()
        });
        for prepared in slices.into_iter().flatten() {
            each(prepared);
        }
        start = end;
    }
}

/// The words a fact's flags are stored as, by [`flag_index`].
pub const FLAG_WORDS: [&str; 4] = ["", "inactive", "expired", "inactive,expired"];

/// Where a fact's flags are in [`FLAG_WORDS`].
pub fn flag_index(f: &Fact) -> usize {
    usize::from(f.inactive) + 2 * usize::from(f.expired)
}

/// The words a fact's flags are stored as.
pub fn flag_words(f: &Fact) -> &'static str {
    FLAG_WORDS[flag_index(f)]
}

/// What a snapshot records about itself.
pub struct SnapshotInfo<'a> {
    pub taken: String,
    pub label: Option<&'a str>,
    pub commit: Option<String>,
}

fn place(inv: &Inventory, at: crate::model::Loc) -> (Option<Cow<'_, str>>, Option<i64>) {
    if at.is_builtin() {
        (None, None)
    } else {
        (
            Some(Cow::Borrowed(inv.sources.path(at))),
            Some(i64::from(at.line)),
        )
    }
}

/// How a store turns records into what it writes, on any core: the SQLite
/// store numbers their texts and hashes them; PostgreSQL takes them as
/// they are ([`AsIs`]).
pub trait Prepare: Sync {
    type Entity: Send;
    type Access: Send;
    fn entity(&self, e: EntityRec<'_>) -> Self::Entity;
    fn access(&self, inv: &Inventory, app: AppIx, facts: Vec<Fact>) -> Self::Access;
}

/// Records kept as they are.
pub struct AsIs;

impl Prepare for AsIs {
    type Entity = EntityRec<'static>;
    type Access = (AppIx, Vec<Fact>);
    fn entity(&self, e: EntityRec<'_>) -> EntityRec<'static> {
        e.into_owned()
    }
    fn access(&self, _: &Inventory, app: AppIx, facts: Vec<Fact>) -> (AppIx, Vec<Fact>) {
        (app, facts)
    }
}

/// Where a snapshot's records go: the SQLite writer, or PostgreSQL's bulk
/// loader. Called with the reach and the findings, then every entity, then
/// each application's access, each as its [`Prepare`] made it.
pub trait Sink<P: Prepare> {
    fn entity(&mut self, e: P::Entity) -> Result<(), StoreError>;
    fn access(&mut self, a: P::Access) -> Result<(), StoreError>;
    fn sets(&mut self, reach: Vec<ReachRec>, findings: Vec<FindingRec>) -> Result<(), StoreError>;
}

/// Hands everything a snapshot records to `sink`; `progress` hears
/// (applications done, applications) during the access, the longest part.
pub fn emit<P: Prepare>(
    inv: &Inventory,
    g: &Graph,
    findings: &[Diagnostic],
    progress: &dyn Fn(usize, usize),
    prep: &P,
    sink: &mut dyn Sink<P>,
) -> Result<(), StoreError> {
    emit_sets(inv, g, findings, sink)?;
    emit_records(inv, g, progress, prep, sink)
}

/// The reach of each personal category (computed on all cores) and the
/// findings, handed to `sink` first: a store may write them while the rest
/// is being made.
pub fn emit_sets<P: Prepare>(
    inv: &Inventory,
    g: &Graph,
    findings: &[Diagnostic],
    sink: &mut dyn Sink<P>,
) -> Result<(), StoreError> {
    let personal: Vec<DataIx> = (0..inv.data.len() as u32)
        .map(DataIx)
        .filter(|d| inv[*d].personal)
        .collect();
    let reach = crate::par::parallel_map(personal.len(), |k| {
        let d = personal[k];
        let r = g.reach(d);
        let did = inv[d].common.id.to_string();
        let row = |what: &str, id: &str, country: Option<String>| ReachRec {
            data: did.clone(),
            what: what.to_string(),
            id: id.to_string(),
            country,
        };
        let mut rows = Vec::new();
        for (a, _) in &r.applications {
            for c in g.app_countries(*a) {
                rows.push(row("application", &inv[*a].common.id, Some(c.to_string())));
            }
        }
        for (o, _) in &r.organizations {
            rows.push(row(
                "organization",
                &inv[*o].common.id,
                inv[*o].country.map(|c| c.to_string()),
            ));
        }
        for t in &r.transfers {
            rows.push(row(
                "transfer",
                &inv[t.org].common.id,
                Some(t.country.to_string()),
            ));
        }
        rows
    })
    .into_iter()
    .flatten()
    .collect();
    let findings: Vec<FindingRec> = findings
        .iter()
        .map(|f| {
            let loc = f.at.filter(|l| !l.is_builtin());
            FindingRec {
                rule: f.rule.clone(),
                severity: f.severity.to_string(),
                message: f.message.clone(),
                entity: f.entity.as_deref().map(str::to_string),
                file: loc.map(|l| inv.sources.path(l).to_string()),
                line: loc.map(|l| i64::from(l.line)),
                col: loc.map(|l| i64::from(l.col)),
            }
        })
        .collect();
    sink.sets(reach, findings)
}

/// Every entity, then each application's access, made by `prep` on all
/// cores and handed to `sink` in order.
pub fn emit_records<P: Prepare>(
    inv: &Inventory,
    g: &Graph,
    progress: &dyn Fn(usize, usize),
    prep: &P,
    sink: &mut dyn Sink<P>,
) -> Result<(), StoreError> {
    // Each entity's record (its fields as JSON are most of the work) made
    // on all cores, a batch at a time, then handed over in order.
    let targets: Vec<(Kind, Target)> = Kind::ALL
        .iter()
        .flat_map(|k| inv.targets(*k).map(move |t| (*k, t)))
        .collect();
    const BATCH: usize = 2048;
    let threads = std::thread::available_parallelism().map_or(1, |p| p.get());
    for round in targets.chunks(BATCH * threads) {
        let batches = crate::par::parallel_map(round.len().div_ceil(BATCH), |b| {
            round[b * BATCH..((b + 1) * BATCH).min(round.len())]
                .iter()
                .map(|(k, t)| {
                    let c = inv.common(*t);
                    let (file, line) = place(inv, c.at);
                    prep.entity(EntityRec {
                        kind: Cow::Borrowed(k.noun()),
                        id: Cow::Borrowed(&c.id),
                        name: c.name.as_deref().map(Cow::Borrowed),
                        file,
                        line,
                        fields: crate::model::entity_json_text(inv, *t),
                        attributes: serde_json::to_string(&c.attributes)
                            .unwrap_or_else(|_| "{}".into()),
                        relations: inv
                            .relations_of(*t)
                            .into_iter()
                            .map(|r| {
                                let (file, line) = place(inv, r.at);
                                RelRec {
                                    field: Cow::Borrowed(r.field),
                                    to_kind: Cow::Borrowed(r.to.kind().noun()),
                                    to_id: Cow::Borrowed(inv.id(r.to)),
                                    file,
                                    line,
                                }
                            })
                            .collect(),
                    })
                })
                .collect::<Vec<_>>()
        });
        for e in batches.into_iter().flatten() {
            sink.entity(e)?;
        }
    }
    let mut failed = None;
    let mut done = 0;
    let prepare = |a, facts| prep.access(inv, a, facts);
    for_each_access(inv, g, prepare, |a| {
        done += 1;
        progress(done, inv.applications.len());
        if failed.is_none()
            && let Err(e) = sink.access(a)
        {
            failed = Some(e);
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    Ok(())
}

/// Moves a version 1 database to version 3: its tables renamed `v1_*`, each
/// snapshot rewritten into the compact tables (sharing what repeats), the
/// old tables dropped, the views made again. In the caller's transaction.
fn migrate_v1(tx: &rusqlite::Transaction) -> Result<(), StoreError> {
    tx.execute_batch(schema::OLD_VIEWS)?;
    tx.execute_batch(
        "DROP INDEX IF EXISTS access_snapshot; DROP INDEX IF EXISTS findings_snapshot;
         ALTER TABLE entities RENAME TO v1_entities; ALTER TABLE relations RENAME TO v1_relations;
         ALTER TABLE access RENAME TO v1_access; ALTER TABLE reach RENAME TO v1_reach;
         ALTER TABLE findings RENAME TO v1_findings;",
    )?;
    tx.execute_batch(schema::V3_TABLES)?;
    rewrite(tx, "v1_", "ORDER BY rowid")?;
    tx.execute_batch(
        "DROP TABLE v1_entities; DROP TABLE v1_relations; DROP TABLE v1_access;
         DROP TABLE v1_reach; DROP TABLE v1_findings;",
    )?;
    tx.execute_batch(schema::V3_VIEWS)?;
    Ok(())
}

/// Moves a version 2 database to version 3: its tables renamed `v2_*` (its
/// views, which follow them, still answer as before), each snapshot
/// rewritten from those views, then the old views and tables dropped.
fn migrate_v2(tx: &rusqlite::Transaction) -> Result<(), StoreError> {
    for t in schema::V2_TABLES {
        tx.execute_batch(&format!("ALTER TABLE {t} RENAME TO v2_{t}"))?;
    }
    tx.execute_batch(schema::V3_TABLES)?;
    rewrite(tx, "", "")?;
    tx.execute_batch(schema::OLD_VIEWS)?;
    tx.execute_batch(
        "DROP VIEW entities; DROP VIEW relations; DROP VIEW access; DROP VIEW reach;
         DROP VIEW findings;",
    )?;
    for t in schema::V2_TABLES {
        tx.execute_batch(&format!("DROP TABLE v2_{t}"))?;
    }
    tx.execute_batch(schema::V3_VIEWS)?;
    Ok(())
}

/// Rewrites every snapshot into the compact tables from the flat tables or
/// views `{from}entities`, `{from}relations`, `{from}access`, `{from}reach`
/// and `{from}findings`, each read in the `order` given (views have no row
/// ids: they are read in the order they give).
fn rewrite(tx: &rusqlite::Transaction, from: &str, order: &str) -> Result<(), StoreError> {
    let snaps: Vec<i64> = {
        let mut st = tx.prepare("SELECT id FROM snapshots ORDER BY id")?;
        let rows = st.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut w = Writer::new(tx)?;
    for snap in snaps {
        let mut rels: crate::hash::HashMap<(String, String), Vec<RelRec>> = Default::default();
        let text = |r: &rusqlite::Row, i: usize| -> rusqlite::Result<Cow<'static, str>> {
            Ok(Cow::Owned(r.get(i)?))
        };
        let maybe = |r: &rusqlite::Row, i: usize| -> rusqlite::Result<Option<Cow<'static, str>>> {
            Ok(r.get::<_, Option<String>>(i)?.map(Cow::Owned))
        };
        {
            let mut st = tx.prepare(&format!(
                "SELECT from_kind, from_id, field, to_kind, to_id, file, line FROM {from}relations WHERE snapshot = ?1 {order}"
            ))?;
            let mut rows = st.query([snap])?;
            while let Some(r) = rows.next()? {
                rels.entry((r.get(0)?, r.get(1)?))
                    .or_default()
                    .push(RelRec {
                        field: text(r, 2)?,
                        to_kind: text(r, 3)?,
                        to_id: text(r, 4)?,
                        file: maybe(r, 5)?,
                        line: r.get(6)?,
                    });
            }
        }
        let entities: Vec<EntityRec> = {
            let mut st = tx.prepare(&format!(
                "SELECT kind, id, name, file, line, fields, attributes FROM {from}entities WHERE snapshot = ?1 {order}"
            ))?;
            let rows = st.query_map([snap], |r| {
                Ok(EntityRec {
                    kind: text(r, 0)?,
                    id: text(r, 1)?,
                    name: maybe(r, 2)?,
                    file: maybe(r, 3)?,
                    line: r.get(4)?,
                    fields: r.get(5)?,
                    attributes: r.get(6)?,
                    relations: Vec::new(),
                })
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        // Every application has its access block, empty or not (as a
        // snapshot writes them).
        let mut silent: std::collections::BTreeSet<String> = entities
            .iter()
            .filter(|e| e.kind == "application")
            .map(|e| e.id.to_string())
            .collect();
        for mut e in entities {
            e.relations = rels
                .remove(&(e.kind.to_string(), e.id.to_string()))
                .unwrap_or_default();
            w.entity(&e)?;
        }
        {
            let mut st = tx.prepare(&format!(
                "SELECT application, principal, principal_kind, data, level, special, flags FROM {from}access WHERE snapshot = ?1 ORDER BY application"
            ))?;
            let mut rows = st.query([snap])?;
            let mut app: Option<String> = None;
            let mut facts = Vec::new();
            while let Some(r) = rows.next()? {
                let a: String = r.get(0)?;
                silent.remove(&a);
                if app.as_ref().is_some_and(|x| *x != a) {
                    let done = app.take().unwrap_or_default();
                    let done = w.name(&done)?;
                    w.access(snap, done, std::mem::take(&mut facts))?;
                }
                app = Some(a);
                let (principal, kind, data, level, flags): (
                    String,
                    String,
                    String,
                    String,
                    String,
                ) = (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(6)?);
                facts.push(IdRow {
                    principal: w.name(&principal)?,
                    principal_kind: w.name(&kind)?,
                    data: w.name(&data)?,
                    level: w.name(&level)?,
                    special: r.get(5)?,
                    flags: w.name(&flags)?,
                });
            }
            if let Some(a) = app {
                let a = w.name(&a)?;
                w.access(snap, a, facts)?;
            }
            for a in silent {
                let a = w.name(&a)?;
                w.access(snap, a, Vec::new())?;
            }
        }
        let reach: Vec<ReachRec> = {
            let mut st = tx.prepare(&format!(
                "SELECT data, what, id, country FROM {from}reach WHERE snapshot = ?1 {order}"
            ))?;
            let rows = st.query_map([snap], |r| {
                Ok(ReachRec {
                    data: r.get(0)?,
                    what: r.get(1)?,
                    id: r.get(2)?,
                    country: r.get(3)?,
                })
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let findings: Vec<FindingRec> = {
            let mut st = tx.prepare(&format!(
                "SELECT rule, severity, message, entity, file, line, col FROM {from}findings WHERE snapshot = ?1 {order}"
            ))?;
            let rows = st.query_map([snap], |r| {
                Ok(FindingRec {
                    rule: r.get(0)?,
                    severity: r.get(1)?,
                    message: r.get(2)?,
                    entity: r.get(3)?,
                    file: r.get(4)?,
                    line: r.get(5)?,
                    col: r.get(6)?,
                })
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        w.sets(snap, &reach, &findings)?;
        w.finish(snap)?;
    }
    Ok(())
}

/// Whether a statement starts by reading (SELECT, WITH, VALUES, EXPLAIN):
/// what `sql` accepts before the engine's own read-only check.
pub fn reads(sql: &str) -> bool {
    let first = sql
        .trim_start()
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("")
        .to_ascii_uppercase();
    matches!(
        first.as_str(),
        "SELECT" | "WITH" | "VALUES" | "EXPLAIN" | "TABLE" | ""
    )
}

/// One value of a query's row.
pub type Cell = serde_json::Value;

/// What a running query hands on: its column names once, then each row.
pub enum Event<'a> {
    Columns(&'a [String]),
    Row(&'a [Cell]),
}

/// Runs one read-only statement, handing the column names to `each` once,
/// then each row as it is read (nothing is collected, so a
/// result of millions of rows runs in constant memory). `snapshot` is bound
/// to `:snapshot` when the query uses it. The statement is interrupted after
/// `timeout` (an endless recursive CTE cannot hang the command).
pub fn query_each(
    conn: &Connection,
    sql: &str,
    snapshot: Option<i64>,
    timeout: std::time::Duration,
    each: &mut dyn FnMut(Event),
) -> Result<(), StoreError> {
    let mut st = conn.prepare(sql).map_err(|e| {
        let m = e.to_string();
        // A statement that does not start by reading (a DROP or DELETE on
        // a view fails to prepare before its read-only check can run).
        if m.contains("readonly") || m.contains("read-only") || !reads(sql) {
            StoreError::ReadOnly(m)
        } else {
            StoreError::Sql(e)
        }
    })?;
    if !st.readonly() {
        return Err(StoreError::ReadOnly(sql.trim().to_string()));
    }
    let names: Vec<String> = st.column_names().map(|c| c.to_string()).collect();
    if let Some(i) = st.parameter_index(":snapshot")? {
        st.raw_bind_parameter(i, snapshot.unwrap_or(-1))?;
    } else if snapshot.is_some() {
        return Err(StoreError::Sql(rusqlite::Error::InvalidParameterName(
            "--snapshot is given but the query does not use `:snapshot`".into(),
        )));
    }
    each(Event::Columns(&names));
    // A watchdog interrupts the statement when the time is up; it is told
    // to stop as soon as the query ends.
    let handle = conn.get_interrupt_handle();
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(timeout) {
            handle.interrupt();
            return true;
        }
        false
    });
    let n = names.len();
    let result = (|| {
        let mut raw = st.raw_query();
        let mut values = Vec::with_capacity(n);
        while let Some(r) = raw.next()? {
            values.clear();
            for i in 0..n {
                use rusqlite::types::ValueRef;
                values.push(match r.get_ref(i)? {
                    ValueRef::Null => serde_json::Value::Null,
                    ValueRef::Integer(x) => x.into(),
                    ValueRef::Real(x) => serde_json::Number::from_f64(x)
                        .map_or(serde_json::Value::Null, serde_json::Value::Number),
                    ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
                    ValueRef::Blob(b) => format!("<{} bytes>", b.len()).into(),
                });
            }
            each(Event::Row(&values));
        }
        Ok::<(), rusqlite::Error>(())
    })();
    let _ = done.send(());
    let timed_out = watchdog.join().unwrap_or(false);
    match result {
        Ok(()) => Ok(()),
        Err(e)
            if timed_out
                || e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) =>
        {
            Err(StoreError::Timeout(timeout.as_secs()))
        }
        Err(e) => Err(StoreError::Sql(e)),
    }
}
