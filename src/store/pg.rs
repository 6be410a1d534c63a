//! PostgreSQL as a shared store for a group of establishments: the same
//! logical schema as SQLite (the tables `sql` queries: `snapshots`,
//! `entities`, `relations`, `access`, `reach`, `findings`, the `latest_*`
//! views, one view per kind), plus an `establishment` on each snapshot.
//! Each snapshot is bulk-loaded with `COPY` in one transaction: killed
//! mid-way, nothing of it remains. Queries run in a read-only transaction
//! with a statement timeout, read through a cursor (bounded memory). The
//! connection string is never printed with its password.

use super::{AsIs, EntityRec, Event, FindingRec, Point, ReachRec, Sink, StoreError};
use crate::graph::Fact;
use crate::model::{AppIx, Inventory};
use postgres::{Client, Config};
use std::io::Write;

/// Whether `--db` names a PostgreSQL database rather than a file.
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://") || db.contains("host=")
}

/// A connection string fit to print: the password replaced.
pub fn redact(db: &str) -> String {
    if let Some(rest) = db.split_once("://").map(|x| x.1)
        && let Some((auth, _)) = rest.split_once('@')
        && let Some((user, _)) = auth.split_once(':')
    {
        return db.replacen(auth, &format!("{user}:***"), 1);
    }
    db.split_whitespace()
        .map(|kv| {
            if kv.starts_with("password=") {
                "password=***"
            } else {
                kv
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The password of `~/.pgpass` (or `$PGPASSFILE`) for this connection:
/// `host:port:database:user:password` lines, `*` matching anything.
fn pgpass(config: &Config) -> Option<String> {
    let file = std::env::var_os("PGPASSFILE")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".pgpass")))?;
    let text = std::fs::read_to_string(file).ok()?;
    let host = config
        .get_hosts()
        .first()
        .map(|h| match h {
            postgres::config::Host::Tcp(s) => s.clone(),
            #[cfg(unix)]
            postgres::config::Host::Unix(p) => p.display().to_string(),
        })
        .unwrap_or_else(|| "localhost".into());
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let db = config.get_dbname().unwrap_or("").to_string();
    let user = config.get_user().unwrap_or("").to_string();
    text.lines().filter(|l| !l.starts_with('#')).find_map(|l| {
        let f: Vec<&str> = l.splitn(5, ':').collect();
        let ok = |pat: &str, v: &str| pat == "*" || pat == v;
        (f.len() == 5 && ok(f[0], &host) && ok(f[1], &port) && ok(f[2], &db) && ok(f[3], &user))
            .then(|| f[4].to_string())
    })
}

/// Connects, with TLS (rustls, the system's usual roots) when the server
/// offers it or `sslmode=require` asks for it.
pub fn connect(db: &str) -> Result<Client, StoreError> {
    let shown = redact(db);
    let mut config: Config = db.parse().map_err(|e| StoreError::Foreign {
        path: shown.clone(),
        detail: format!("not a PostgreSQL connection string: {e}"),
    })?;
    if config.get_password().is_none()
        && let Some(p) = pgpass(&config)
    {
        config.password(p);
    }
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    // A local socket, or `sslmode=disable`: no TLS to negotiate.
    #[cfg(unix)]
    let local = config
        .get_hosts()
        .iter()
        .all(|h| matches!(h, postgres::config::Host::Unix(_)))
        && !config.get_hosts().is_empty();
    #[cfg(not(unix))]
    let local = false;
    if local || config.get_ssl_mode() == postgres::config::SslMode::Disable {
        return config
            .connect(postgres::NoTls)
            .map_err(|e| StoreError::Pg(format!("cannot connect to {shown}: {e}")));
    }
    // ring, not aws-lc-rs (which needs cmake and a C toolchain to build):
    // rustls 0.23.48 marks it deprecated for lacking post-quantum key
    // exchange, which PostgreSQL servers do not offer yet either.
    #[allow(deprecated)]
    let provider = rustls::crypto::ring::default_provider();
    let tls = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(provider))
        .with_safe_default_protocol_versions()
        .map_err(|e| StoreError::Pg(format!("TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let tls = tokio_postgres_rustls::MakeRustlsConnect::new(tls);
    config
        .connect(tls)
        .map_err(|e| StoreError::Pg(format!("cannot connect to {shown}: {e}")))
}

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS carto_schema (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (
  id BIGSERIAL PRIMARY KEY,
  establishment TEXT NOT NULL,
  taken TEXT NOT NULL,
  label TEXT,
  commit_id TEXT,
  inventory TEXT NOT NULL,
  carto_version TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
  snapshot BIGINT NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  kind TEXT NOT NULL, id TEXT NOT NULL, name TEXT, file TEXT, line INTEGER,
  fields JSONB NOT NULL, attributes JSONB NOT NULL
);
CREATE TABLE IF NOT EXISTS relations (
  snapshot BIGINT NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  from_kind TEXT NOT NULL, from_id TEXT NOT NULL, field TEXT NOT NULL,
  to_kind TEXT NOT NULL, to_id TEXT NOT NULL, file TEXT, line INTEGER
);
CREATE TABLE IF NOT EXISTS access (
  snapshot BIGINT NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  principal TEXT NOT NULL, principal_kind TEXT NOT NULL, application TEXT NOT NULL,
  data TEXT NOT NULL, level TEXT NOT NULL, special INTEGER NOT NULL, flags TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reach (
  snapshot BIGINT NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  data TEXT NOT NULL, what TEXT NOT NULL, id TEXT NOT NULL, country TEXT
);
CREATE TABLE IF NOT EXISTS findings (
  snapshot BIGINT NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  rule TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL,
  entity TEXT, file TEXT, line INTEGER, col INTEGER
);
CREATE INDEX IF NOT EXISTS entities_snapshot ON entities(snapshot);
CREATE INDEX IF NOT EXISTS relations_snapshot ON relations(snapshot);
CREATE INDEX IF NOT EXISTS access_snapshot ON access(snapshot, data);
CREATE INDEX IF NOT EXISTS reach_snapshot ON reach(snapshot);
CREATE INDEX IF NOT EXISTS findings_snapshot ON findings(snapshot);
CREATE OR REPLACE VIEW latest AS SELECT max(id) AS id FROM snapshots GROUP BY establishment;
CREATE OR REPLACE VIEW latest_access AS SELECT a.* FROM access a JOIN latest l ON a.snapshot = l.id;
CREATE OR REPLACE VIEW special_data_access AS SELECT * FROM latest_access WHERE special = 1;
CREATE OR REPLACE VIEW latest_findings AS SELECT f.* FROM findings f JOIN latest l ON f.snapshot = l.id;
CREATE OR REPLACE VIEW latest_entities AS SELECT e.* FROM entities e JOIN latest l ON e.snapshot = l.id;
CREATE OR REPLACE VIEW latest_reach AS SELECT r.* FROM reach r JOIN latest l ON r.snapshot = l.id;
"#;

const KIND_VIEWS: &[(&str, &str)] = &[
    ("organizations", "organization"),
    ("sites", "site"),
    ("zones", "zone"),
    ("servers", "server"),
    ("applications", "application"),
    ("flows", "flow"),
    ("people", "person"),
    ("groups", "group"),
    ("accounts", "account"),
    ("grants", "grant"),
    ("processings", "processing"),
    ("policies", "policy"),
    ("data_categories", "data category"),
    ("subject_categories", "subject category"),
    ("uses", "use"),
];

/// Creates the schema when absent (in the caller's transaction).
fn ensure_schema(tx: &mut postgres::Transaction) -> Result<(), StoreError> {
    // One writer creates the schema at a time.
    tx.batch_execute("SELECT pg_advisory_xact_lock(7262)")
        .map_err(pg)?;
    tx.batch_execute(SCHEMA).map_err(pg)?;
    for (view, kind) in KIND_VIEWS {
        tx.batch_execute(&format!(
            "CREATE OR REPLACE VIEW {view} AS SELECT snapshot, id, name, file, line, fields, attributes FROM entities WHERE kind = '{kind}'"
        ))
        .map_err(pg)?;
    }
    Ok(())
}

fn pg(e: postgres::Error) -> StoreError {
    let text = e
        .as_db_error()
        .map_or_else(|| e.to_string(), |d| d.message().to_string());
    // 25006: read_only_sql_transaction; 42501: insufficient privilege.
    match e.code().map(|c| c.code()) {
        Some("25006") | Some("42501") => StoreError::ReadOnly(text),
        _ if text.contains("data-modifying") => StoreError::ReadOnly(text),
        Some("57014") => StoreError::Pg(format!("the query ran too long and was stopped: {text}")),
        _ => StoreError::Pg(text),
    }
}

/// A value in COPY's text format: `\N` for null, backslash escapes.
fn field(out: &mut Vec<u8>, v: Option<&str>) {
    let Some(v) = v else {
        out.extend_from_slice(b"\\N");
        return;
    };
    for b in v.bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b => out.push(b),
        }
    }
}

fn row(out: &mut Vec<u8>, values: &[Option<&str>]) {
    for (k, v) in values.iter().enumerate() {
        if k > 0 {
            out.push(b'\t');
        }
        field(out, *v);
    }
    out.push(b'\n');
}

/// Buffers COPY data per table and sends it when a buffer is large.
struct Loader<'a, 'b> {
    tx: &'a mut postgres::Transaction<'b>,
    inv: &'a Inventory,
    snap: String,
    buffers: Vec<(&'static str, Vec<u8>)>,
}

const FLUSH_AT: usize = 8 << 20;

impl Loader<'_, '_> {
    fn push(&mut self, table: usize, values: &[Option<&str>]) -> Result<(), StoreError> {
        let buf = &mut self.buffers[table].1;
        row(buf, values);
        if buf.len() > FLUSH_AT {
            self.flush(table)?;
        }
        Ok(())
    }

    fn flush(&mut self, table: usize) -> Result<(), StoreError> {
        let (name, buf) = &mut self.buffers[table];
        if buf.is_empty() {
            return Ok(());
        }
        let mut w = self
            .tx
            .copy_in(&format!("COPY {name} FROM STDIN"))
            .map_err(pg)?;
        w.write_all(buf)
            .map_err(|e| StoreError::Pg(format!("COPY {name}: {e}")))?;
        w.finish().map_err(pg)?;
        buf.clear();
        Ok(())
    }
}

const ENTITIES: usize = 0;
const RELATIONS: usize = 1;
const ACCESS: usize = 2;
const REACH: usize = 3;
const FINDINGS: usize = 4;

impl Sink<AsIs> for Loader<'_, '_> {
    fn entity(&mut self, e: EntityRec) -> Result<(), StoreError> {
        let line = e.line.map(|l| l.to_string());
        let snap = self.snap.clone();
        self.push(
            ENTITIES,
            &[
                Some(&snap),
                Some(&e.kind),
                Some(&e.id),
                e.name.as_deref(),
                e.file.as_deref(),
                line.as_deref(),
                Some(&e.fields),
                Some(&e.attributes),
            ],
        )?;
        for r in &e.relations {
            let line = r.line.map(|l| l.to_string());
            self.push(
                RELATIONS,
                &[
                    Some(&snap),
                    Some(&e.kind),
                    Some(&e.id),
                    Some(&r.field),
                    Some(&r.to_kind),
                    Some(&r.to_id),
                    r.file.as_deref(),
                    line.as_deref(),
                ],
            )?;
        }
        Ok(())
    }

    fn access(&mut self, (app, facts): (AppIx, Vec<Fact>)) -> Result<(), StoreError> {
        let inv = self.inv;
        let snap = self.snap.clone();
        let app = &*inv[app].common.id;
        for f in &facts {
            let d = &inv[f.data];
            self.push(
                ACCESS,
                &[
                    Some(&snap),
                    Some(inv.id(f.principal)),
                    Some(crate::graph::kind_word(f.principal)),
                    Some(app),
                    Some(&d.common.id),
                    Some(f.level.as_str()),
                    Some(if d.special.is_some() { "1" } else { "0" }),
                    Some(super::flag_words(f)),
                ],
            )?;
        }
        Ok(())
    }

    fn sets(&mut self, reach: Vec<ReachRec>, findings: Vec<FindingRec>) -> Result<(), StoreError> {
        let snap = self.snap.clone();
        for r in &reach {
            self.push(
                REACH,
                &[
                    Some(&snap),
                    Some(&r.data),
                    Some(&r.what),
                    Some(&r.id),
                    r.country.as_deref(),
                ],
            )?;
        }
        for f in &findings {
            let (line, col) = (f.line.map(|l| l.to_string()), f.col.map(|c| c.to_string()));
            self.push(
                FINDINGS,
                &[
                    Some(&snap),
                    Some(&f.rule),
                    Some(&f.severity),
                    Some(&f.message),
                    f.entity.as_deref(),
                    f.file.as_deref(),
                    line.as_deref(),
                    col.as_deref(),
                ],
            )?;
        }
        Ok(())
    }
}

/// Writes one snapshot of `establishment` in one transaction; returns its id.
pub fn write_snapshot(
    client: &mut Client,
    establishment: &str,
    inv: &crate::model::Inventory,
    g: &crate::graph::Graph,
    findings: &[crate::diag::Diagnostic],
    info: &super::SnapshotInfo,
    progress: &dyn Fn(usize, usize),
) -> Result<i64, StoreError> {
    let mut tx = client.transaction().map_err(pg)?;
    ensure_schema(&mut tx)?;
    let row = tx
        .query_one(
            "INSERT INTO snapshots (establishment, taken, label, commit_id, inventory, carto_version) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[
                &establishment,
                &info.taken,
                &info.label,
                &info.commit,
                &inv.root.display().to_string(),
                &env!("CARGO_PKG_VERSION"),
            ],
        )
        .map_err(pg)?;
    let snap: i64 = row.get(0);
    {
        let mut loader = Loader {
            tx: &mut tx,
            inv,
            snap: snap.to_string(),
            buffers: vec![
                ("entities", Vec::new()),
                ("relations", Vec::new()),
                ("access", Vec::new()),
                ("reach", Vec::new()),
                ("findings", Vec::new()),
            ],
        };
        super::emit(inv, g, findings, progress, &AsIs, &mut loader)?;
        for t in 0..loader.buffers.len() {
            loader.flush(t)?;
        }
    }
    tx.commit().map_err(pg)?;
    Ok(snap)
}

/// Runs one statement read-only (a read-only transaction, so that even a
/// role with write rights cannot write), stopped after `timeout`, its rows
/// fetched through a cursor 1,000 at a time and handed on as text.
pub fn query_each(
    client: &mut Client,
    sql: &str,
    snapshot: Option<i64>,
    timeout: std::time::Duration,
    each: &mut dyn FnMut(Event),
) -> Result<(), StoreError> {
    let sql = sql.trim().trim_end_matches(';');
    if !super::reads(sql) {
        return Err(StoreError::ReadOnly(sql.to_string()));
    }
    let sql = match (sql.contains(":snapshot"), snapshot) {
        (true, s) => sql.replace(":snapshot", &s.unwrap_or(-1).to_string()),
        (false, None) => sql.to_string(),
        (false, Some(_)) => {
            return Err(StoreError::Pg(
                "--snapshot is given but the query does not use `:snapshot`".into(),
            ));
        }
    };
    let mut tx = client
        .build_transaction()
        .read_only(true)
        .start()
        .map_err(pg)?;
    tx.batch_execute(&format!(
        "SET LOCAL statement_timeout = {}",
        timeout.as_millis().max(1)
    ))
    .map_err(pg)?;
    tx.batch_execute(&format!("DECLARE carto_rows NO SCROLL CURSOR FOR {sql}"))
        .map_err(pg)?;
    let mut named = false;
    loop {
        let messages = tx.simple_query("FETCH 1000 FROM carto_rows").map_err(pg)?;
        let mut got = 0;
        for m in &messages {
            match m {
                postgres::SimpleQueryMessage::RowDescription(cols) if !named => {
                    let names: Vec<String> = cols.iter().map(|c| c.name().to_string()).collect();
                    each(Event::Columns(&names));
                    named = true;
                }
                postgres::SimpleQueryMessage::Row(r) => {
                    if !named {
                        let names: Vec<String> =
                            r.columns().iter().map(|c| c.name().to_string()).collect();
                        each(Event::Columns(&names));
                        named = true;
                    }
                    let values: Vec<serde_json::Value> = (0..r.len())
                        .map(|i| {
                            r.get(i).map_or(serde_json::Value::Null, |v| {
                                serde_json::Value::String(v.into())
                            })
                        })
                        .collect();
                    each(Event::Row(&values));
                    got += 1;
                }
                _ => {}
            }
        }
        if got == 0 {
            break;
        }
    }
    if !named {
        each(Event::Columns(&[]));
    }
    tx.commit().map_err(pg)?;
    Ok(())
}

/// The figures of every snapshot, oldest first, with their establishment.
pub fn history(client: &mut Client) -> Result<Vec<Point>, StoreError> {
    let rows = client
        .query(&super::history::flat_query(", s.establishment"), &[])
        .map_err(pg)?;
    Ok(rows
        .iter()
        .map(|r| Point {
            snapshot: r.get(0),
            taken: r.get(1),
            label: r.get(2),
            commit: r.get(3),
            entities: r.get(4),
            applications: r.get(5),
            special_access: r.get(6),
            special_principals: r.get(7),
            errors: r.get(8),
            warnings: r.get(9),
            infos: r.get(10),
            establishment: Some(r.get(11)),
        })
        .collect())
}
