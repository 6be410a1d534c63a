//! The database schema, version by version. Version 3 (compact): every text
//! is stored once in `names` and referred to by number; what does not
//! change between snapshots is stored once and shared (an entity's version
//! with its relations, an application's access, the set of findings, the
//! reach of data), keyed by a 64-bit FNV-1a hash of its content that the
//! writer keeps in memory (no index to maintain). Lists that only the views
//! unfold are JSON arrays: an entity's relations, the principals sharing one
//! access. The views give back the tables of version 1 under their names
//! (`entities`, `relations`, `access`, `reach`, `findings`, `latest_*`, one
//! view per kind), so that every documented query keeps working.

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

/// The views of versions 1 and 2, by name (dropped before a migration).
pub const OLD_VIEWS: &str = r#"
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

/// The tables of version 2, renamed `v2_*` while a version 2 database
/// moves to version 3 (its views follow the renamed tables).
pub const V2_TABLES: [&str; 15] = [
    "names",
    "entity_versions",
    "relation_rows",
    "snapshot_entities",
    "data_sets",
    "data_set_members",
    "access_blocks",
    "access_rows",
    "snapshot_access",
    "reach_sets",
    "reach_rows",
    "finding_sets",
    "finding_rows",
    "snapshot_sets",
    "snapshot_findings",
];

/// Version 3: the compact tables. A set of rows (an application's access
/// classes, a file's findings, the reach) is a run of consecutive row ids,
/// `first` to `last`; a snapshot's entity versions are runs too.
pub const V3_TABLES: &str = r#"
CREATE TABLE names (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE entity_versions (
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  entity INTEGER NOT NULL,
  name TEXT,
  file INTEGER,
  line INTEGER,
  fields TEXT NOT NULL,
  attributes TEXT,
  relations TEXT
);
CREATE TABLE snapshot_entities (
  snapshot INTEGER NOT NULL,
  first INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (snapshot, first)
) WITHOUT ROWID;
CREATE TABLE data_sets (id INTEGER PRIMARY KEY, hash INTEGER NOT NULL);
CREATE TABLE data_set_members (
  data_set INTEGER NOT NULL,
  data INTEGER NOT NULL,
  special INTEGER NOT NULL,
  PRIMARY KEY (data_set, data)
) WITHOUT ROWID;
CREATE TABLE access_classes (
  id INTEGER PRIMARY KEY,
  principal_kind INTEGER NOT NULL,
  level INTEGER NOT NULL,
  data_set INTEGER NOT NULL,
  flags INTEGER NOT NULL,
  principals TEXT NOT NULL
);
CREATE TABLE access_blocks (
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,
  application INTEGER NOT NULL,
  first INTEGER NOT NULL,
  last INTEGER NOT NULL
);
CREATE TABLE snapshot_access (
  snapshot INTEGER NOT NULL,
  block INTEGER NOT NULL,
  PRIMARY KEY (snapshot, block)
) WITHOUT ROWID;
CREATE TABLE reach_rows (
  id INTEGER PRIMARY KEY,
  data INTEGER NOT NULL,
  what INTEGER NOT NULL,
  entity INTEGER NOT NULL,
  country INTEGER
);
CREATE TABLE reach_sets (
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,
  first INTEGER NOT NULL,
  last INTEGER NOT NULL
);
CREATE TABLE finding_rows (
  id INTEGER PRIMARY KEY,
  rule INTEGER NOT NULL,
  severity INTEGER NOT NULL,
  message INTEGER NOT NULL,
  a1 INTEGER, a2 INTEGER, a3 INTEGER, a4 INTEGER,
  entity INTEGER,
  file INTEGER,
  line INTEGER,
  col INTEGER
);
CREATE TABLE finding_sets (
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,
  first INTEGER NOT NULL,
  last INTEGER NOT NULL
);
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

/// The views of version 3: the tables of version 1, by name. An entity's
/// `fields` are stored without the `id`, `generated_id` (`+` first) and
/// `name` its row already holds (or whole, after a `=`, when they do not
/// begin with them); a relation is
/// `[field, to_kind, to_id, line - entity's line, file when not the
/// entity's]`; an access class lists the principals that share it; a
/// finding's message is a template with up to four names in it. The
/// runs (and, for findings, their words) are `CROSS JOIN`s, which SQLite
/// keeps in their order (left to right): `names` has no index on its texts,
/// and a planner that started from a text or a data set would build an
/// automatic index and go through every run for each run.
pub const V3_VIEWS: &str = r#"
CREATE VIEW entities AS
  SELECT se.snapshot, k.text AS kind, i.text AS id, v.name, f.text AS file, v.line,
         CASE substr(v.fields, 1, 1)
         WHEN '=' THEN substr(v.fields, 2)
         WHEN '+' THEN '{"id":' || json_quote(i.text) || ',"generated_id":true'
              || CASE WHEN v.name IS NULL THEN '' ELSE ',"name":' || json_quote(v.name) END
              || CASE WHEN v.fields = '+{}' THEN '}' ELSE ',' || substr(v.fields, 3) END
         ELSE '{"id":' || json_quote(i.text)
              || CASE WHEN v.name IS NULL THEN '' ELSE ',"name":' || json_quote(v.name) END
              || CASE WHEN v.fields = '{}' THEN '}' ELSE ',' || substr(v.fields, 2) END
         END AS fields,
         coalesce(v.attributes, '{}') AS attributes
  FROM snapshot_entities se
  CROSS JOIN entity_versions v ON v.id BETWEEN se.first AND se.last
  CROSS JOIN names k ON k.id = v.kind
  CROSS JOIN names i ON i.id = v.entity
  LEFT JOIN names f ON f.id = v.file;
CREATE VIEW relations AS
  SELECT se.snapshot, k.text AS from_kind, i.text AS from_id, fd.text AS field,
         tk.text AS to_kind, ti.text AS to_id, f.text AS file,
         coalesce(v.line, 0) + json_extract(r.value, '$[3]') AS line
  FROM snapshot_entities se
  CROSS JOIN entity_versions v ON v.id BETWEEN se.first AND se.last
  CROSS JOIN json_each(v.relations) r
  JOIN names k ON k.id = v.kind
  JOIN names i ON i.id = v.entity
  JOIN names fd ON fd.id = json_extract(r.value, '$[0]')
  JOIN names tk ON tk.id = json_extract(r.value, '$[1]')
  JOIN names ti ON ti.id = json_extract(r.value, '$[2]')
  LEFT JOIN names f ON f.id = CASE WHEN json_array_length(r.value) > 4
                                   THEN json_extract(r.value, '$[4]') ELSE v.file END;
CREATE VIEW access AS
  SELECT sa.snapshot, p.text AS principal, pk.text AS principal_kind,
         app.text AS application, d.text AS data, lv.text AS level, m.special,
         fl.text AS flags
  FROM snapshot_access sa
  CROSS JOIN access_blocks b ON b.id = sa.block
  CROSS JOIN access_classes c ON c.id BETWEEN b.first AND b.last
  CROSS JOIN data_set_members m ON m.data_set = c.data_set
  CROSS JOIN json_each(c.principals) e
  JOIN names p ON p.id = e.value
  JOIN names pk ON pk.id = c.principal_kind
  JOIN names app ON app.id = b.application
  JOIN names d ON d.id = m.data
  JOIN names lv ON lv.id = c.level
  JOIN names fl ON fl.id = c.flags;
CREATE VIEW reach AS
  SELECT s.snapshot, d.text AS data, w.text AS what, i.text AS id, c.text AS country
  FROM snapshot_sets s
  CROSS JOIN reach_sets rs ON rs.id = s.reach_set
  CROSS JOIN reach_rows r ON r.id BETWEEN rs.first AND rs.last
  CROSS JOIN names d ON d.id = r.data
  CROSS JOIN names w ON w.id = r.what
  CROSS JOIN names i ON i.id = r.entity
  LEFT JOIN names c ON c.id = r.country;
CREATE VIEW findings AS
  SELECT s.snapshot, ru.text AS rule, sv.text AS severity,
         CASE WHEN r.a1 IS NULL THEN m.text
         ELSE replace(replace(replace(replace(m.text,
           char(1), a1.text), char(2), coalesce(a2.text, '')),
           char(3), coalesce(a3.text, '')), char(4), coalesce(a4.text, ''))
         END AS message,
         e.text AS entity, f.text AS file, r.line, r.col
  FROM snapshot_findings s
  CROSS JOIN finding_sets fs ON fs.id = s.finding_set
  CROSS JOIN finding_rows r ON r.id BETWEEN fs.first AND fs.last
  CROSS JOIN names ru ON ru.id = r.rule
  CROSS JOIN names sv ON sv.id = r.severity
  CROSS JOIN names m ON m.id = r.message
  LEFT JOIN names a1 ON a1.id = r.a1
  LEFT JOIN names a2 ON a2.id = r.a2
  LEFT JOIN names a3 ON a3.id = r.a3
  LEFT JOIN names a4 ON a4.id = r.a4
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
