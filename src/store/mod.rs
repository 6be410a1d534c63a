//! SQLite snapshots of resolved inventories: entities (one table per kind,
//! fields and attributes as JSON), declared relations, effective access,
//! reach of data, findings. The schema is versioned with `PRAGMA
//! user_version` and forward migrations; a snapshot is written in one
//! transaction, so an interrupted run leaves the earlier ones intact.

use crate::diag::Diagnostic;
use crate::graph::{Filter, Graph};
use crate::model::{AppIx, DataIx, Inventory, Kind, Target};
use rusqlite::{Connection, OpenFlags, params};
use std::path::Path;

/// The schema version this carto writes and reads.
pub const SCHEMA_VERSION: i64 = 1;

/// Forward migrations: `MIGRATIONS[n]` takes the schema from version n to n+1.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE snapshots (
  id INTEGER PRIMARY KEY,
  taken TEXT NOT NULL,
  label TEXT,
  commit_id TEXT,
  inventory TEXT NOT NULL,
  carto_version TEXT NOT NULL
);
CREATE TABLE entities (
  snapshot INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT,
  file TEXT,
  line INTEGER,
  fields TEXT NOT NULL,
  attributes TEXT NOT NULL,
  PRIMARY KEY (snapshot, kind, id)
);
CREATE TABLE relations (
  snapshot INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  from_kind TEXT NOT NULL, from_id TEXT NOT NULL,
  field TEXT NOT NULL,
  to_kind TEXT NOT NULL, to_id TEXT NOT NULL,
  file TEXT, line INTEGER
);
CREATE TABLE access (
  snapshot INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  principal TEXT NOT NULL,
  principal_kind TEXT NOT NULL,
  application TEXT NOT NULL,
  data TEXT NOT NULL,
  level TEXT NOT NULL,
  special INTEGER NOT NULL,
  flags TEXT NOT NULL
);
CREATE TABLE reach (
  snapshot INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  data TEXT NOT NULL,
  what TEXT NOT NULL,
  id TEXT NOT NULL,
  country TEXT
);
CREATE TABLE findings (
  snapshot INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  rule TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL,
  entity TEXT, file TEXT, line INTEGER, col INTEGER
);
CREATE INDEX access_snapshot ON access(snapshot, data);
CREATE INDEX findings_snapshot ON findings(snapshot);
CREATE VIEW latest AS SELECT max(id) AS id FROM snapshots;
CREATE VIEW latest_access AS SELECT a.* FROM access a JOIN latest l ON a.snapshot = l.id;
CREATE VIEW special_data_access AS SELECT * FROM latest_access WHERE special = 1;
CREATE VIEW latest_findings AS SELECT f.* FROM findings f JOIN latest l ON f.snapshot = l.id;
CREATE VIEW latest_entities AS SELECT e.* FROM entities e JOIN latest l ON e.snapshot = l.id;
CREATE VIEW latest_reach AS SELECT r.* FROM reach r JOIN latest l ON r.snapshot = l.id;
CREATE VIEW organizations AS SELECT snapshot, id, name, file, line, fields, attributes FROM entities WHERE kind = 'organization';
CREATE VIEW sites AS SELECT snapshot, id, name, file, line, fields, attributes FROM entities WHERE kind = 'site';
CREATE VIEW zones AS SELECT snapshot, id, name, file, line, fields, attributes FROM entities WHERE kind = 'zone';
CREATE VIEW servers AS SELECT snapshot, id, name, file, line, fields, attributes FROM entities WHERE kind = 'server';
CREATE VIEW applications AS SELECT snapshot, id, name, file, line, fields, attributes FROM entities WHERE kind = 'application';
CREATE VIEW flows AS SELECT snapshot, id, name, file, line, fields, attributes FROM entities WHERE kind = 'flow';
CREATE VIEW people AS SELECT snapshot, id, name, file, line, fields, attributes FROM entities WHERE kind = 'person';
CREATE VIEW groups AS SELECT snapshot, id, name, file, line, fields, attributes FROM entities WHERE kind = 'group';
CREATE VIEW accounts AS SELECT snapshot, id, name, file, line, fields, attributes FROM entities WHERE kind = 'account';
CREATE VIEW grants AS SELECT snapshot, id, name, file, line, fields, attributes FROM entities WHERE kind = 'grant';
CREATE VIEW processings AS SELECT snapshot, id, name, file, line, fields, attributes FROM entities WHERE kind = 'processing';
CREATE VIEW policies AS SELECT snapshot, id, name, file, line, fields, attributes FROM entities WHERE kind = 'policy';
CREATE VIEW data_categories AS SELECT snapshot, id, name, file, line, fields, attributes FROM entities WHERE kind = 'data category';
CREATE VIEW subject_categories AS SELECT snapshot, id, name, file, line, fields, attributes FROM entities WHERE kind = 'subject category';
CREATE VIEW uses AS SELECT snapshot, id, name, file, line, fields, attributes FROM entities WHERE kind = 'use';
"#];

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
    let tx = conn.transaction().map_err(busy)?;
    for (v, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", v as i64 + 1)?;
    }
    tx.commit()?;
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

/// One effective access: (principal, kind, application, data, level, special, flags).
pub type AccessFact = (String, &'static str, String, String, String, bool, String);

/// Every effective access of the inventory, from `who` on every application
/// in turn, handed to `each` one application at a time (memory stays bounded
/// by one application's answer; membership expansions are shared).
pub fn for_each_access(inv: &Inventory, g: &Graph, mut each: impl FnMut(Vec<AccessFact>)) {
    let mut cache = crate::graph::ExpansionCache::default();
    for a in 0..inv.applications.len() as u32 {
        let mut facts = Vec::new();
        for row in g.who_cached(Target::App(AppIx(a)), &Filter::default(), &mut cache) {
            let Some(app) = row.application else { continue };
            for d in &row.data {
                facts.push((
                    inv.id(row.principal).to_string(),
                    crate::graph::kind_word(row.principal),
                    inv[app].common.id.to_string(),
                    inv[*d].common.id.to_string(),
                    row.level.to_string(),
                    inv[*d].special.is_some(),
                    row.flags.join(","),
                ));
            }
        }
        each(facts);
    }
}

/// Every effective access of the inventory, collected.
pub fn all_access(inv: &Inventory, g: &Graph) -> Vec<AccessFact> {
    let mut out = Vec::new();
    for_each_access(inv, g, |mut f| out.append(&mut f));
    out
}

/// What a snapshot records about itself.
pub struct SnapshotInfo<'a> {
    pub taken: String,
    pub label: Option<&'a str>,
    pub commit: Option<String>,
}

/// Writes one snapshot in one transaction; returns its id. `progress` hears
/// (applications done, applications) while the access rows are written,
/// the longest part.
pub fn write_snapshot(
    conn: &mut Connection,
    inv: &Inventory,
    g: &Graph,
    findings: &[Diagnostic],
    info: &SnapshotInfo,
    progress: &dyn Fn(usize, usize),
) -> Result<i64, StoreError> {
    let shown = conn.path().unwrap_or("the database").to_string();
    // The write lock is taken first: a concurrent snapshot waits, then is
    // told the database is busy, instead of failing half-way.
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(|e| classify(e, &shown, StoreError::Sql))?;
    tx.execute(
        "INSERT INTO snapshots (taken, label, commit_id, inventory, carto_version) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![info.taken, info.label, info.commit, inv.root.display().to_string(), env!("CARGO_PKG_VERSION")],
    )?;
    let snap = tx.last_insert_rowid();
    {
        let mut st = tx.prepare(
            "INSERT INTO entities (snapshot, kind, id, name, file, line, fields, attributes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for k in Kind::ALL {
            for t in inv.targets(k) {
                let c = inv.common(t);
                let fields = crate::model::entity_json(inv, t);
                let attributes =
                    serde_json::to_string(&c.attributes).unwrap_or_else(|_| "{}".into());
                let (file, line) = if c.at.is_builtin() {
                    (None, None)
                } else {
                    (Some(inv.sources.path(c.at)), Some(c.at.line))
                };
                st.execute(params![
                    snap,
                    k.noun(),
                    &*c.id,
                    c.name,
                    file,
                    line,
                    fields.to_string(),
                    attributes
                ])?;
            }
        }
        let mut st = tx.prepare(
            "INSERT INTO relations (snapshot, from_kind, from_id, field, to_kind, to_id, file, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for r in inv.all_relations() {
            let (file, line) = if r.at.is_builtin() {
                (None, None)
            } else {
                (Some(inv.sources.path(r.at)), Some(r.at.line))
            };
            st.execute(params![
                snap,
                r.from.kind().noun(),
                &**inv.id(r.from),
                r.field,
                r.to.kind().noun(),
                &**inv.id(r.to),
                file,
                line
            ])?;
        }
        let mut st = tx.prepare(
            "INSERT INTO access (snapshot, principal, principal_kind, application, data, level, special, flags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut failed = None;
        let mut done = 0;
        for_each_access(inv, g, |facts| {
            done += 1;
            progress(done, inv.applications.len());
            for (p, k, a, d, l, s, f) in facts {
                if failed.is_none()
                    && let Err(e) = st.execute(params![snap, p, k, a, d, l, s, f])
                {
                    failed = Some(e);
                }
            }
        });
        if let Some(e) = failed {
            return Err(e.into());
        }
        let mut st = tx.prepare(
            "INSERT INTO reach (snapshot, data, what, id, country) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for d in (0..inv.data.len() as u32)
            .map(DataIx)
            .filter(|d| inv[*d].personal)
        {
            let r = g.reach(d);
            let did = &*inv[d].common.id;
            for (a, _) in &r.applications {
                for c in g.app_countries(*a) {
                    st.execute(params![
                        snap,
                        did,
                        "application",
                        &*inv[*a].common.id,
                        c.to_string()
                    ])?;
                }
            }
            for (o, _) in &r.organizations {
                st.execute(params![
                    snap,
                    did,
                    "organization",
                    &*inv[*o].common.id,
                    inv[*o].country.map(|c| c.to_string())
                ])?;
            }
            for t in &r.transfers {
                st.execute(params![
                    snap,
                    did,
                    "transfer",
                    &*inv[t.org].common.id,
                    t.country.to_string()
                ])?;
            }
        }
        let mut st = tx.prepare(
            "INSERT INTO findings (snapshot, rule, severity, message, entity, file, line, col) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for f in findings {
            let loc = f.at.filter(|l| !l.is_builtin());
            st.execute(params![
                snap,
                f.rule,
                f.severity.to_string(),
                f.message,
                f.entity.as_deref(),
                loc.map(|l| inv.sources.path(l).to_string()),
                loc.map(|l| l.line),
                loc.map(|l| l.col)
            ])?;
        }
    }
    tx.commit()?;
    Ok(snap)
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
        if m.contains("readonly") || m.contains("read-only") {
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
