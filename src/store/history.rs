//! How an inventory changed over its snapshots: one line per snapshot with
//! its entities, its access to special data and its findings by severity,
//! read from the compact tables (counting through the views would expand
//! millions of rows).

use super::StoreError;
use rusqlite::Connection;
use serde::Serialize;

/// One snapshot's figures.
#[derive(Debug, Serialize)]
pub struct Point {
    pub snapshot: i64,
    /// The establishment (PostgreSQL store shared by a group).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub establishment: Option<String>,
    pub taken: String,
    pub label: Option<String>,
    pub commit: Option<String>,
    pub entities: i64,
    pub applications: i64,
    /// Access rows (principal, application, data) to special data.
    pub special_access: i64,
    /// Distinct principals that reach special data.
    pub special_principals: i64,
    pub errors: i64,
    pub warnings: i64,
    pub infos: i64,
}

/// Version 2's tables (a file not migrated yet, read as it is).
const QUERY_V2: &str = r#"
SELECT s.id, s.taken, s.label, s.commit_id,
  (SELECT count(*) FROM snapshot_entities se WHERE se.snapshot = s.id),
  (SELECT count(*) FROM snapshot_access sa WHERE sa.snapshot = s.id),
  (SELECT count(*) FROM snapshot_access sa
     JOIN access_rows r ON r.block = sa.block
     JOIN data_set_members m ON m.data_set = r.data_set
     WHERE sa.snapshot = s.id AND m.special = 1),
  (SELECT count(DISTINCT r.principal) FROM snapshot_access sa
     JOIN access_rows r ON r.block = sa.block
     JOIN data_set_members m ON m.data_set = r.data_set
     WHERE sa.snapshot = s.id AND m.special = 1),
  (SELECT count(*) FROM snapshot_findings ss JOIN finding_rows f ON f.finding_set = ss.finding_set
     JOIN names n ON n.id = f.severity WHERE ss.snapshot = s.id AND n.text = 'error'),
  (SELECT count(*) FROM snapshot_findings ss JOIN finding_rows f ON f.finding_set = ss.finding_set
     JOIN names n ON n.id = f.severity WHERE ss.snapshot = s.id AND n.text = 'warning'),
  (SELECT count(*) FROM snapshot_findings ss JOIN finding_rows f ON f.finding_set = ss.finding_set
     JOIN names n ON n.id = f.severity WHERE ss.snapshot = s.id AND n.text = 'info')
FROM snapshots s ORDER BY s.id
"#;

const QUERY: &str = r#"
SELECT s.id, s.taken, s.label, s.commit_id,
  (SELECT coalesce(sum(se.last - se.first + 1), 0) FROM snapshot_entities se WHERE se.snapshot = s.id),
  (SELECT count(*) FROM snapshot_access sa WHERE sa.snapshot = s.id),
  (SELECT coalesce(sum(json_array_length(c.principals)), 0) FROM snapshot_access sa
     CROSS JOIN access_blocks b ON b.id = sa.block
     CROSS JOIN access_classes c ON c.id BETWEEN b.first AND b.last
     CROSS JOIN data_set_members m ON m.data_set = c.data_set
     WHERE sa.snapshot = s.id AND m.special = 1),
  (SELECT count(DISTINCT e.value) FROM snapshot_access sa
     CROSS JOIN access_blocks b ON b.id = sa.block
     CROSS JOIN access_classes c ON c.id BETWEEN b.first AND b.last
     CROSS JOIN json_each(c.principals) e
     WHERE sa.snapshot = s.id
       AND EXISTS (SELECT 1 FROM data_set_members m WHERE m.data_set = c.data_set AND m.special = 1)),
  (SELECT count(*) FROM snapshot_findings ss CROSS JOIN finding_sets fs ON fs.id = ss.finding_set
     CROSS JOIN finding_rows f ON f.id BETWEEN fs.first AND fs.last
     JOIN names n ON n.id = f.severity WHERE ss.snapshot = s.id AND n.text = 'error'),
  (SELECT count(*) FROM snapshot_findings ss CROSS JOIN finding_sets fs ON fs.id = ss.finding_set
     CROSS JOIN finding_rows f ON f.id BETWEEN fs.first AND fs.last
     JOIN names n ON n.id = f.severity WHERE ss.snapshot = s.id AND n.text = 'warning'),
  (SELECT count(*) FROM snapshot_findings ss CROSS JOIN finding_sets fs ON fs.id = ss.finding_set
     CROSS JOIN finding_rows f ON f.id BETWEEN fs.first AND fs.last
     JOIN names n ON n.id = f.severity WHERE ss.snapshot = s.id AND n.text = 'info')
FROM snapshots s ORDER BY s.id
"#;

/// The figures of every snapshot, oldest first. A database still at
/// version 1 or 2 (read-only, not migrated) is answered through its tables.
pub fn history(conn: &Connection) -> Result<Vec<Point>, StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let flat = flat_query("");
    let sql = match version {
        3.. => QUERY,
        2 => QUERY_V2,
        _ => flat.as_str(),
    };
    let mut st = conn.prepare(sql)?;
    let rows = st.query_map([], |r| {
        Ok(Point {
            snapshot: r.get(0)?,
            establishment: None,
            taken: r.get(1)?,
            label: r.get(2)?,
            commit: r.get(3)?,
            entities: r.get(4)?,
            applications: r.get(5)?,
            special_access: r.get(6)?,
            special_principals: r.get(7)?,
            errors: r.get(8)?,
            warnings: r.get(9)?,
            infos: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The same figures from the flat tables (a version 1 SQLite file, the
/// PostgreSQL store), with `extra` columns after them.
pub(super) fn flat_query(extra: &str) -> String {
    format!(
        r#"
SELECT s.id, s.taken, s.label, s.commit_id,
  (SELECT count(*) FROM entities e WHERE e.snapshot = s.id),
  (SELECT count(*) FROM entities e WHERE e.snapshot = s.id AND e.kind = 'application'),
  (SELECT count(*) FROM access a WHERE a.snapshot = s.id AND a.special = 1),
  (SELECT count(DISTINCT principal) FROM access a WHERE a.snapshot = s.id AND a.special = 1),
  (SELECT count(*) FROM findings f WHERE f.snapshot = s.id AND f.severity = 'error'),
  (SELECT count(*) FROM findings f WHERE f.snapshot = s.id AND f.severity = 'warning'),
  (SELECT count(*) FROM findings f WHERE f.snapshot = s.id AND f.severity = 'info'){extra}
FROM snapshots s ORDER BY s.id
"#
    )
}
