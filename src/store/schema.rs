//! The database schema, version by version. Version 2 (compact): every text
//! is stored once in `names` and referred to by number; what does not
//! change between snapshots is stored once and shared (an entity's version
//! with its relations, an application's access, the set of findings, the
//! reach of data), keyed by a 64-bit FNV-1a hash of its content. The views
//! give back the tables of version 1 under their names (`entities`,
//! `relations`, `access`, `reach`, `findings`, `latest_*`, one view per
//! kind), so that every documented query keeps working.

/// Version 1: one row per fact, text everywhere.
pub const V1: &str = r#"
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
"#;

/// The views of version 1 (dropped before the move to version 2).
pub const V1_VIEWS: &str = r#"
DROP VIEW IF EXISTS latest; DROP VIEW IF EXISTS latest_access;
DROP VIEW IF EXISTS special_data_access; DROP VIEW IF EXISTS latest_findings;
DROP VIEW IF EXISTS latest_entities; DROP VIEW IF EXISTS latest_reach;
DROP VIEW IF EXISTS organizations; DROP VIEW IF EXISTS sites; DROP VIEW IF EXISTS zones;
DROP VIEW IF EXISTS servers; DROP VIEW IF EXISTS applications; DROP VIEW IF EXISTS flows;
DROP VIEW IF EXISTS people; DROP VIEW IF EXISTS groups; DROP VIEW IF EXISTS accounts;
DROP VIEW IF EXISTS grants; DROP VIEW IF EXISTS processings; DROP VIEW IF EXISTS policies;
DROP VIEW IF EXISTS data_categories; DROP VIEW IF EXISTS subject_categories;
DROP VIEW IF EXISTS uses;
"#;

/// Version 2: the compact tables (the version 1 tables are renamed
/// `v1_*` first, read by the migration, then dropped).
pub const V2_TABLES: &str = r#"
CREATE TABLE names (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE entity_versions (
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL UNIQUE,
  kind INTEGER NOT NULL,
  entity INTEGER NOT NULL,
  name TEXT,
  file INTEGER,
  line INTEGER,
  fields TEXT NOT NULL,
  attributes TEXT NOT NULL
);
CREATE TABLE relation_rows (
  version INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  field INTEGER NOT NULL,
  to_kind INTEGER NOT NULL,
  to_id INTEGER NOT NULL,
  file INTEGER,
  line INTEGER,
  PRIMARY KEY (version, seq)
) WITHOUT ROWID;
CREATE TABLE snapshot_entities (
  snapshot INTEGER NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (snapshot, version)
) WITHOUT ROWID;
CREATE TABLE data_sets (id INTEGER PRIMARY KEY, hash INTEGER NOT NULL UNIQUE);
CREATE TABLE data_set_members (
  data_set INTEGER NOT NULL,
  data INTEGER NOT NULL,
  special INTEGER NOT NULL,
  PRIMARY KEY (data_set, data)
) WITHOUT ROWID;
CREATE TABLE access_blocks (
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL UNIQUE,
  application INTEGER NOT NULL
);
CREATE TABLE access_rows (
  block INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  principal INTEGER NOT NULL,
  principal_kind INTEGER NOT NULL,
  level INTEGER NOT NULL,
  data_set INTEGER NOT NULL,
  flags INTEGER NOT NULL,
  PRIMARY KEY (block, seq)
) WITHOUT ROWID;
CREATE TABLE snapshot_access (
  snapshot INTEGER NOT NULL,
  block INTEGER NOT NULL,
  PRIMARY KEY (snapshot, block)
) WITHOUT ROWID;
CREATE TABLE reach_sets (id INTEGER PRIMARY KEY, hash INTEGER NOT NULL UNIQUE);
CREATE TABLE reach_rows (
  reach_set INTEGER NOT NULL,
  data INTEGER NOT NULL,
  what INTEGER NOT NULL,
  id INTEGER NOT NULL,
  country INTEGER
);
CREATE INDEX reach_rows_set ON reach_rows(reach_set);
CREATE TABLE finding_sets (id INTEGER PRIMARY KEY, hash INTEGER NOT NULL UNIQUE);
CREATE TABLE finding_rows (
  finding_set INTEGER NOT NULL,
  rule INTEGER NOT NULL,
  severity INTEGER NOT NULL,
  message TEXT NOT NULL,
  entity INTEGER,
  file INTEGER,
  line INTEGER,
  col INTEGER
);
CREATE INDEX finding_rows_set ON finding_rows(finding_set);
CREATE TABLE snapshot_sets (
  snapshot INTEGER PRIMARY KEY,
  reach_set INTEGER NOT NULL
);
CREATE TABLE snapshot_findings (
  snapshot INTEGER NOT NULL,
  finding_set INTEGER NOT NULL,
  PRIMARY KEY (snapshot, finding_set)
) WITHOUT ROWID;
"#;

/// The views of version 2: the tables of version 1, by name.
pub const V2_VIEWS: &str = r#"
CREATE VIEW entities AS
  SELECT se.snapshot, k.text AS kind, i.text AS id, v.name, f.text AS file, v.line,
         v.fields, v.attributes
  FROM snapshot_entities se
  JOIN entity_versions v ON v.id = se.version
  JOIN names k ON k.id = v.kind
  JOIN names i ON i.id = v.entity
  LEFT JOIN names f ON f.id = v.file;
CREATE VIEW relations AS
  SELECT se.snapshot, k.text AS from_kind, i.text AS from_id, fd.text AS field,
         tk.text AS to_kind, ti.text AS to_id, f.text AS file, r.line
  FROM snapshot_entities se
  JOIN entity_versions v ON v.id = se.version
  JOIN relation_rows r ON r.version = v.id
  JOIN names k ON k.id = v.kind
  JOIN names i ON i.id = v.entity
  JOIN names fd ON fd.id = r.field
  JOIN names tk ON tk.id = r.to_kind
  JOIN names ti ON ti.id = r.to_id
  LEFT JOIN names f ON f.id = r.file;
CREATE VIEW access AS
  SELECT sa.snapshot, p.text AS principal, pk.text AS principal_kind,
         app.text AS application, d.text AS data, lv.text AS level, m.special,
         fl.text AS flags
  FROM snapshot_access sa
  JOIN access_blocks b ON b.id = sa.block
  JOIN access_rows r ON r.block = b.id
  JOIN data_set_members m ON m.data_set = r.data_set
  JOIN names p ON p.id = r.principal
  JOIN names pk ON pk.id = r.principal_kind
  JOIN names app ON app.id = b.application
  JOIN names d ON d.id = m.data
  JOIN names lv ON lv.id = r.level
  JOIN names fl ON fl.id = r.flags;
CREATE VIEW reach AS
  SELECT s.snapshot, d.text AS data, w.text AS what, i.text AS id, c.text AS country
  FROM snapshot_sets s
  JOIN reach_rows r ON r.reach_set = s.reach_set
  JOIN names d ON d.id = r.data
  JOIN names w ON w.id = r.what
  JOIN names i ON i.id = r.id
  LEFT JOIN names c ON c.id = r.country;
CREATE VIEW findings AS
  SELECT s.snapshot, ru.text AS rule, sv.text AS severity, r.message, e.text AS entity,
         f.text AS file, r.line, r.col
  FROM snapshot_findings s
  JOIN finding_rows r ON r.finding_set = s.finding_set
  JOIN names ru ON ru.id = r.rule
  JOIN names sv ON sv.id = r.severity
  LEFT JOIN names e ON e.id = r.entity
  LEFT JOIN names f ON f.id = r.file;
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
"#;
