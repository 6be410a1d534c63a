//! `carto import mercator`: a Mercator cartography (the ANSSI-guide web
//! application) as inventory YAML, from its REST API or from a folder of
//! the JSON its endpoints return. Index endpoints (`/api/applications`)
//! list objects without their relations; each object's show endpoint
//! (`/api/applications/3`, `{"data": {...}}`) carries the id lists of its
//! relations, so every object is read through both.
//!
//! Mercator's numeric ids become readable carto ids (from names, made
//! unique), and each object keeps where it came from in its attributes
//! (`mercator: "applications/3"`), so that a second import keeps the same
//! ids. What has no place in carto is listed in the report, never dropped
//! silently.

use super::{Unmapped, quoted};
use crate::hash::{HashMap, HashSet};
use serde_json::Value;
use std::fmt::Write as _;

/// Where the JSON comes from: a path such as `applications` (index) or
/// `applications/3` (show). `None`: the endpoint or object is not there.
pub trait Fetch {
    fn get(&mut self, path: &str) -> Result<Option<Value>, String>;
}

/// A folder of responses: `DIR/applications.json`, `DIR/applications/3.json`.
pub struct Folder(pub std::path::PathBuf);

impl Fetch for Folder {
    fn get(&mut self, path: &str) -> Result<Option<Value>, String> {
        let file = self.0.join(format!("{path}.json"));
        // Never out of the folder: paths are endpoint names and numbers.
        if !path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/')
        {
            return Err(format!("`{path}` is not an endpoint"));
        }
        match std::fs::symlink_metadata(&file) {
            Err(_) => return Ok(None),
            Ok(m) if m.file_type().is_symlink() => {
                return Err(format!(
                    "{}: a symbolic link; carto reads only the folder's own files",
                    file.display()
                ));
            }
            Ok(_) => {}
        }
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| format!("{}: not JSON ({e})", file.display()))
    }
}

/// Mercator's API at `base` (`https://mercator.example`), with a bearer token.
pub struct Api {
    pub base: String,
    pub token: Option<String>,
    agent: ureq::Agent,
}

impl Api {
    pub fn new(base: &str, token: Option<String>) -> Api {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(std::time::Duration::from_secs(60)))
            .http_status_as_error(false)
            .build()
            .new_agent();
        Api {
            base: base.trim_end_matches('/').to_string(),
            token,
            agent,
        }
    }
}

impl Fetch for Api {
    fn get(&mut self, path: &str) -> Result<Option<Value>, String> {
        let url = format!("{}/api/{path}", self.base);
        let mut req = self.agent.get(&url).header("Accept", "application/json");
        if let Some(t) = &self.token {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        let mut resp = req.call().map_err(|e| format!("GET {url}: {e}"))?;
        match resp.status().as_u16() {
            200 => {}
            404 => return Ok(None),
            401 | 403 => {
                return Err(format!(
                    "GET {url}: refused ({}); set CARTO_MERCATOR_TOKEN to a token of a Mercator user allowed to read",
                    resp.status()
                ));
            }
            s => return Err(format!("GET {url}: HTTP {s}")),
        }
        let text = resp
            .body_mut()
            .with_config()
            .limit(256 << 20)
            .read_to_string()
            .map_err(|e| format!("GET {url}: {e}"))?;
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| format!("GET {url}: not JSON ({e})"))
    }
}

/// The YAML and the report.
pub struct Imported {
    pub yaml: String,
    pub counts: Vec<(&'static str, usize)>,
    pub unmapped: Vec<Unmapped>,
}

/// An object of Mercator: its endpoint, id and fields (show response,
/// else index row).
struct Obj {
    endpoint: &'static str,
    id: i64,
    v: Value,
}

impl Obj {
    fn key(&self) -> String {
        format!("{}/{}", self.endpoint, self.id)
    }
    fn text(&self, f: &str) -> Option<String> {
        match self.v.get(f)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
    fn int(&self, f: &str) -> Option<i64> {
        match self.v.get(f)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
    fn flag(&self, f: &str) -> Option<bool> {
        match self.v.get(f)? {
            Value::Bool(b) => Some(*b),
            Value::Number(n) => n.as_i64().map(|i| i != 0),
            Value::String(s) => match s.trim().to_lowercase().as_str() {
                "1" | "true" | "yes" | "oui" => Some(true),
                "0" | "false" | "no" | "non" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }
    /// An id list of a show response (`[1, 2]`, `[{"id": 1}, ...]` or "1,2").
    fn ids(&self, f: &str) -> Vec<i64> {
        match self.v.get(f) {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|x| match x {
                    Value::Number(n) => n.as_i64(),
                    Value::Object(o) => o.get("id").and_then(Value::as_i64),
                    Value::String(s) => s.trim().parse().ok(),
                    _ => None,
                })
                .collect(),
            Some(Value::String(s)) => s.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
            _ => Vec::new(),
        }
    }
}

/// The endpoints read, in order, with the carto section they feed.
const ENDPOINTS: &[&str] = &[
    "entities",
    "relations",
    "information",
    "sites",
    "subnetworks",
    "logical-servers",
    "application-blocks",
    "macro-processuses",
    "processes",
    "applications",
    "databases",
    "fluxes",
    "activities",
    "data-processings",
    "domaine-ads",
    "admin-users",
];

/// The other endpoints of Mercator's API: read only to count their objects
/// in the report (carto has no place for them).
const NOT_IMPORTED: &[&str] = &[
    "security-controls",
    "operations",
    "actors",
    "tasks",
    "application-services",
    "application-modules",
    "zone-admins",
    "annuaires",
    "forest-ads",
    "networks",
    "gateways",
    "external-connected-entities",
    "network-switches",
    "routers",
    "security-devices",
    "dhcp-servers",
    "dnsservers",
    "certificates",
    "buildings",
    "bays",
    "physical-servers",
    "workstations",
    "storage-devices",
    "peripherals",
    "phones",
    "physical-switches",
    "physical-routers",
    "wifi-terminals",
    "physical-security-devices",
    "wans",
    "mans",
    "lans",
    "vlans",
];

/// Fields that are Mercator's own bookkeeping, never reported.
const BOOKKEEPING: &[&str] = &[
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "icon_id",
    "pivot",
];

fn rows(v: Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        Value::Object(mut o) => match o.remove("data") {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn shown(v: Value) -> Value {
    match v {
        Value::Object(mut o) if o.get("data").is_some_and(Value::is_object) => {
            o.remove("data").unwrap_or(Value::Null)
        }
        other => other,
    }
}

/// Reads every endpoint (index, then each object's show response).
fn read_all(fetch: &mut dyn Fetch) -> Result<Vec<Obj>, String> {
    let mut out = Vec::new();
    for ep in ENDPOINTS {
        let Some(index) = fetch.get(ep)? else {
            continue;
        };
        for row in rows(index) {
            let Some(id) = row.get("id").and_then(Value::as_i64) else {
                continue;
            };
            let v = match fetch.get(&format!("{ep}/{id}"))? {
                Some(s) => {
                    let mut s = shown(s);
                    // Fields of the index row that the show response lacks.
                    if let (Value::Object(full), Value::Object(short)) = (&mut s, row) {
                        for (k, x) in short {
                            full.entry(k).or_insert(x);
                        }
                    }
                    s
                }
                None => row,
            };
            out.push(Obj {
                endpoint: ep,
                id,
                v,
            });
        }
    }
    Ok(out)
}

/// Ids already given to Mercator objects by an earlier import (from its
/// YAML): `applications/3` -> `dpi`.
pub fn previous_ids(yaml: &str) -> HashMap<String, String> {
    let mut out = HashMap::default();
    let Ok(docs) = crate::load::yaml::parse(yaml, 0) else {
        return out;
    };
    use crate::load::yaml::Value as Y;
    for d in docs {
        let Y::Map(sections) = d.value else { continue };
        for (_, list) in sections {
            let Y::Seq(items) = list.value else { continue };
            for item in items {
                let Y::Map(fields) = item.value else { continue };
                let get = |k: &str| fields.iter().find(|(f, _)| f.name == k).map(|(_, v)| v);
                let (Some(id), Some(attrs)) = (get("id"), get("attributes")) else {
                    continue;
                };
                let Y::Map(attrs) = &attrs.value else {
                    continue;
                };
                if let (Some(id), Some((_, m))) = (
                    id.value.as_text(),
                    attrs.iter().find(|(k, _)| k.name == "mercator"),
                ) && let Some(m) = m.value.as_text()
                {
                    out.insert(m, id);
                }
            }
        }
    }
    out
}

/// One section's entries, each a list of `key: value` lines.
#[derive(Default)]
struct Section(Vec<Vec<(String, String)>>);

struct Builder {
    taken: HashSet<String>,
    ids: HashMap<String, String>,
    previous: HashMap<String, String>,
    unmapped: Vec<Unmapped>,
}

impl Builder {
    /// The carto id of a Mercator object: the earlier import's, else from
    /// its name, made unique.
    fn id_of(&mut self, o: &Obj, name: &str) -> String {
        let key = o.key();
        if let Some(id) = self.ids.get(&key) {
            return id.clone();
        }
        let id = match self.previous.get(&key) {
            Some(p) => p.clone(),
            None => {
                let base = super::to_id(name);
                let base = if base.is_empty() {
                    format!("{}-{}", o.endpoint.trim_end_matches('s'), o.id)
                } else {
                    base
                };
                let mut id = base.clone();
                let mut k = 2;
                while self.taken.contains(&id) {
                    id = format!("{base}-{k}");
                    k += 1;
                }
                id
            }
        };
        self.taken.insert(id.clone());
        self.ids.insert(key, id.clone());
        id
    }

    fn note(&mut self, o: &Obj, field: &str, value: String) {
        self.unmapped.push(Unmapped {
            file: format!("{}.json", o.key()),
            object: o.text("name").unwrap_or_else(|| o.key()),
            field: field.to_string(),
            value,
        });
    }

    /// Reports every field of `o` that is set and not in `used`.
    fn rest(&mut self, o: &Obj, used: &[&str]) {
        let Value::Object(m) = &o.v else { return };
        let mut extra: Vec<(String, String)> = Vec::new();
        for (k, v) in m {
            if used.contains(&k.as_str()) || BOOKKEEPING.contains(&k.as_str()) {
                continue;
            }
            let shown = match v {
                Value::Null => continue,
                Value::String(s) if s.trim().is_empty() => continue,
                Value::Array(a) if a.is_empty() => continue,
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            extra.push((k.clone(), shown));
        }
        for (k, v) in extra {
            let v: String = v.chars().take(120).collect();
            self.note(o, &k, v);
        }
    }
}

/// An entry's first lines: its id, name and description.
fn head(b: &Builder, o: &Obj) -> Vec<(String, String)> {
    let mut p = Vec::new();
    entry(&mut p, "id", b.ids.get(&o.key()).cloned());
    entry(&mut p, "name", o.text("name").map(|x| quoted(&x)));
    entry(
        &mut p,
        "description",
        o.text("description").map(|x| quoted(&x)),
    );
    p
}

/// The carto ids of the objects a show response lists in `field`, all
/// of endpoint `ep` (those not imported are left out).
fn refs(o: &Obj, field: &str, ep: &str, b: &Builder) -> Vec<String> {
    o.ids(field)
        .into_iter()
        .filter_map(|x| b.ids.get(&format!("{ep}/{x}")).cloned())
        .collect()
}

/// Where an entry came from, kept for the next import.
fn mercator_ref(o: &Obj) -> (String, String) {
    (
        "attributes".into(),
        format!("{{mercator: {}}}", quoted(&o.key())),
    )
}

fn entry(pairs: &mut Vec<(String, String)>, k: &str, v: Option<String>) {
    if let Some(v) = v {
        pairs.push((k.to_string(), v));
    }
}

fn list(ids: &[String]) -> Option<String> {
    (!ids.is_empty()).then(|| format!("[{}]", ids.join(", ")))
}

/// Minutes (Mercator's RTO and RPO) as a carto duration: whole days when
/// exact, else hours rounded up (carto has no minutes).
fn minutes(m: i64) -> (String, bool) {
    if m > 0 && m % (60 * 24) == 0 {
        (format!("{}d", m / (60 * 24)), true)
    } else {
        let h = (m.max(0) + 59) / 60;
        (format!("{}h", h.max(0)), m % 60 == 0)
    }
}

/// An organization kind from Mercator's free `entity_type`.
fn org_kind(o: &Obj) -> &'static str {
    if o.flag("is_external") == Some(false) {
        return "entity";
    }
    const KINDS: &[(&[&str], &str)] = &[
        (&["héberg", "heberg", "host", "cloud"], "host"),
        (&["sous-trait", "processor"], "processor"),
        (
            &["fournisseur", "supplier", "éditeur", "editeur", "vendor"],
            "supplier",
        ),
        (&["autorit", "authority", "tutelle", "ars"], "authority"),
        (
            &[
                "interne",
                "internal",
                "service",
                "département",
                "department",
            ],
            "entity",
        ),
    ];
    super::by_words(&o.text("entity_type").unwrap_or_default(), KINDS).unwrap_or("partner")
}

/// Converts everything `fetch` gives; `previous` maps Mercator objects to
/// the ids of an earlier import.
pub fn import(
    fetch: &mut dyn Fetch,
    previous: HashMap<String, String>,
    source: &str,
    country: &str,
) -> Result<Imported, String> {
    let objs = read_all(fetch)?;
    let mut skipped = Vec::new();
    for ep in NOT_IMPORTED {
        if let Some(index) = fetch.get(ep)? {
            let n = rows(index).len();
            if n > 0 {
                skipped.push(Unmapped {
                    file: format!("{ep}.json"),
                    object: format!("{n} objects"),
                    field: "(endpoint)".into(),
                    value: "carto has no place for these objects: not imported".into(),
                });
            }
        }
    }
    let mut b = Builder {
        taken: previous.values().cloned().collect(),
        ids: HashMap::default(),
        previous,
        unmapped: skipped,
    };
    // Ids first (relations may point forward), in a stable order.
    for o in &objs {
        if matches!(
            o.endpoint,
            "relations" | "activities" | "macro-processuses" | "processes" | "application-blocks"
        ) {
            continue;
        }
        let name = match o.endpoint {
            "admin-users" => o
                .text("user_id")
                .or_else(|| {
                    let n = format!(
                        "{} {}",
                        o.text("firstname").unwrap_or_default(),
                        o.text("lastname").unwrap_or_default()
                    );
                    (!n.trim().is_empty()).then_some(n)
                })
                .unwrap_or_default(),
            _ => o.text("name").unwrap_or_default(),
        };
        b.id_of(o, &name);
    }
    let by = |ep: &str, id: i64, b: &Builder| b.ids.get(&format!("{ep}/{id}")).cloned();
    let mut sections: Vec<(&'static str, Section)> = [
        "organizations",
        "sites",
        "zones",
        "servers",
        "data",
        "applications",
        "flows",
        "processings",
        "groups",
        "accounts",
        "access",
    ]
    .into_iter()
    .map(|s| (s, Section::default()))
    .collect();
    let mut at: HashMap<String, (usize, usize)> = HashMap::default();
    let push = |sections: &mut Vec<(&'static str, Section)>,
                at: &mut HashMap<String, (usize, usize)>,
                name: &str,
                key: Option<String>,
                pairs: Vec<(String, String)>| {
        let s = sections.iter().position(|(n, _)| *n == name).unwrap_or(0);
        if let Some(k) = key {
            at.insert(k, (s, sections[s].1.0.len()));
        }
        sections[s].1.0.push(pairs);
    };
    // Tags from processes and macro-processes, by application.
    let mut tags: HashMap<i64, Vec<String>> = HashMap::default();
    let mut app_servers: HashMap<i64, Vec<String>> = HashMap::default();
    // An entry's end: the fields not used are reported, its Mercator
    // object is kept, and it joins its section.
    macro_rules! finish {
        ($o:expr, $p:expr, $section:expr, $used:expr) => {{
            b.rest($o, $used);
            let mut p = $p;
            p.push(mercator_ref($o));
            push(&mut sections, &mut at, $section, Some($o.key()), p);
        }};
    }
    for o in &objs {
        let q = |s: Option<String>| s.map(|x| quoted(&x));
        let mut p: Vec<(String, String)> = Vec::new();
        match o.endpoint {
            "entities" => {
                let id = by("entities", o.id, &b).unwrap_or_default();
                entry(&mut p, "id", Some(id));
                entry(&mut p, "name", q(o.text("name")));
                let kind = org_kind(o);
                entry(&mut p, "kind", Some(kind.to_string()));
                if kind != "entity" {
                    entry(&mut p, "country", Some(country.to_string()));
                    b.note(
                        o,
                        "country",
                        format!("not recorded by Mercator: written as {country} (--country)"),
                    );
                }
                entry(&mut p, "description", q(o.text("description")));
                if let Some(parent) = o
                    .int("parent_entity_id")
                    .and_then(|x| by("entities", x, &b))
                {
                    entry(&mut p, "parent", Some(parent));
                }
                finish!(
                    o,
                    p,
                    "organizations",
                    &[
                        "name",
                        "description",
                        "is_external",
                        "entity_type",
                        "parent_entity_id",
                    ]
                );
            }
            "relations" => {
                // A contract on the organization at its destination.
                let dest = o.int("destination_id").map(|x| format!("entities/{x}"));
                match dest.and_then(|d| at.get(&d).copied()) {
                    Some((s, k)) if !sections[s].1 .0[k].iter().any(|(f, _)| f == "contract") => {
                        let mut c = Vec::new();
                        if let Some(r) = o.text("reference").or_else(|| o.text("name")) {
                            c.push(format!("ref: {}", quoted(&r)));
                        }
                        if let Some(d) = o.text("start_date").and_then(|d| date(&d)) {
                            c.push(format!("signed: {d}"));
                        }
                        if let Some(d) = o.text("end_date").and_then(|d| date(&d)) {
                            c.push(format!("expires: {d}"));
                        }
                        let pairs = &mut sections[s].1 .0[k];
                        let pos = pairs.len().saturating_sub(1);
                        pairs.insert(pos, ("contract".into(), format!("{{{}}}", c.join(", "))));
                        b.rest(o, &["name", "reference", "start_date", "end_date", "source_id", "destination_id"]);
                    }
                    _ => b.note(o, "relation", "no organization to hold it as its contract (one contract per organization)".into()),
                }
            }
            "information" => {
                p = head(&b, o);
                entry(&mut p, "retention", q(o.text("retention")));
                // Mercator's sensitivity is free text: health and personal
                // data are recognized by their usual words (the text itself
                // is in the report).
                let sens = o.text("sensitivity").unwrap_or_default().to_lowercase();
                let has = |w: &[&str]| w.iter().any(|x| sens.contains(x));
                if has(&["santé", "sante", "health", "médical", "medical"]) {
                    entry(&mut p, "parent", Some("health".into()));
                } else if has(&["personnel", "personal", "rgpd", "gdpr"]) {
                    entry(&mut p, "personal", Some("true".into()));
                }
                finish!(o, p, "data", &["name", "description", "retention"]);
            }
            "sites" => {
                p = head(&b, o);
                entry(&mut p, "country", Some(country.to_string()));
                b.note(
                    o,
                    "country",
                    format!("not recorded by Mercator: written as {country} (--country)"),
                );
                finish!(o, p, "sites", &["name", "description"]);
            }
            "subnetworks" => {
                p = head(&b, o);
                let dmz = o.flag("dmz") == Some(true);
                entry(
                    &mut p,
                    "trust",
                    Some(if dmz { "dmz" } else { "internal" }.into()),
                );
                finish!(o, p, "zones", &["name", "description", "dmz"]);
            }
            "logical-servers" => {
                let id = by("logical-servers", o.id, &b).unwrap_or_default();
                entry(&mut p, "id", Some(id.clone()));
                entry(&mut p, "name", q(o.text("name")));
                entry(&mut p, "description", q(o.text("description")));
                entry(&mut p, "os", q(o.text("operating_system")));
                entry(&mut p, "role", q(o.text("type")));
                for a in o.ids("applications") {
                    app_servers.entry(a).or_default().push(id.clone());
                }
                finish!(
                    o,
                    p,
                    "servers",
                    &[
                        "name",
                        "description",
                        "operating_system",
                        "type",
                        "applications",
                    ]
                );
            }
            "application-blocks" | "macro-processuses" | "processes" => {
                // Groupings become tags of their applications.
                let tag = super::to_id(&o.text("name").unwrap_or_default());
                if !tag.is_empty() {
                    for a in o.ids("applications") {
                        tags.entry(a).or_default().push(tag.clone());
                    }
                }
                b.note(
                    o,
                    "(object)",
                    format!("kept as the tag `{tag}` of its applications"),
                );
            }
            "applications" | "databases" => {
                let ep = o.endpoint;
                entry(&mut p, "id", by(ep, o.id, &b));
                entry(&mut p, "name", q(o.text("name")));
                entry(&mut p, "description", q(o.text("description")));
                if ep == "databases" {
                    entry(&mut p, "kind", Some("database".into()));
                }
                let mut used = vec![
                    "name",
                    "description",
                    "logical_servers",
                    "rto",
                    "rpo",
                    "informations",
                ];
                // The editor is a vendor when it names an organization.
                if let Some(ed) = o.text("editor").or_else(|| o.text("vendor")) {
                    let found = objs.iter().find(|x| {
                        x.endpoint == "entities"
                            && x.text("name").is_some_and(|n| n.eq_ignore_ascii_case(&ed))
                    });
                    if let Some(org) = found.and_then(|x| by("entities", x.id, &b)) {
                        entry(&mut p, "vendor", Some(org));
                        used.push("editor");
                    }
                }
                let mut servers = refs(o, "logical_servers", "logical-servers", &b);
                if ep == "applications" {
                    servers.extend(app_servers.remove(&o.id).unwrap_or_default());
                }
                servers.sort();
                servers.dedup();
                entry(&mut p, "servers", list(&servers));
                let data = refs(o, "informations", "information", &b);
                entry(&mut p, "data", list(&data));
                for (f, m) in [("rto", o.int("rto")), ("rpo", o.int("rpo"))] {
                    if let Some(m) = m.filter(|m| *m > 0) {
                        let (d, exact) = minutes(m);
                        if !exact {
                            b.note(
                                o,
                                f,
                                format!("{m} minutes, written as {d} (carto counts whole hours)"),
                            );
                        }
                        entry(&mut p, f, Some(d));
                    }
                }
                if ep == "applications" {
                    let mut t = tags.remove(&o.id).unwrap_or_default();
                    if let Some(block) = o.int("application_block_id") {
                        used.push("application_block_id");
                        if let Some(bl) = objs
                            .iter()
                            .find(|x| x.endpoint == "application-blocks" && x.id == block)
                        {
                            t.push(super::to_id(&bl.text("name").unwrap_or_default()));
                        }
                    }
                    t.retain(|x| !x.is_empty());
                    t.sort();
                    t.dedup();
                    entry(&mut p, "tags", list(&t));
                }
                finish!(o, p, "applications", &used);
            }
            "fluxes" => {
                let end = |side: &str, b: &Builder| -> Option<String> {
                    for (field, ep) in [("application", "applications"), ("database", "databases")]
                    {
                        if let Some(x) = o.int(&format!("{field}_{side}_id")) {
                            return by(ep, x, b);
                        }
                    }
                    None
                };
                let (Some(from), Some(to)) = (end("source", &b), end("dest", &b)) else {
                    b.note(o, "source/destination", "an end is an application service or module, or missing: carto's flows join applications".into());
                    continue;
                };
                p = head(&b, o);
                entry(&mut p, "from", Some(from));
                entry(&mut p, "to", Some(to));
                let data = refs(o, "informations", "information", &b);
                entry(&mut p, "data", list(&data));
                entry(
                    &mut p,
                    "encrypted",
                    o.flag("crypted").map(|x| x.to_string()),
                );
                if o.flag("bidirectional") == Some(true) {
                    entry(&mut p, "bidirectional", Some("true".into()));
                }
                finish!(
                    o,
                    p,
                    "flows",
                    &[
                        "name",
                        "description",
                        "informations",
                        "crypted",
                        "bidirectional",
                        "application_source_id",
                        "application_dest_id",
                        "database_source_id",
                        "database_dest_id",
                    ]
                );
            }
            "activities" => {
                b.note(o, "(object)", "activities (with their RTO, RPO and maximum tolerable downtime) have no place in carto yet".into());
            }
            "data-processings" => {
                p = head(&b, o);
                entry(&mut p, "purpose", q(o.text("purpose")));
                let bases = [
                    ("lawfulness_consent", "consent"),
                    ("lawfulness_contract", "contract"),
                    ("lawfulness_legal_obligation", "legal-obligation"),
                    ("lawfulness_vital_interest", "vital-interests"),
                    ("lawfulness_public_interest", "public-task"),
                    ("lawfulness_legitimate_interest", "legitimate-interests"),
                ];
                let set: Vec<&str> = bases
                    .iter()
                    .filter(|(f, _)| o.flag(f) == Some(true))
                    .map(|(_, b)| *b)
                    .collect();
                let mut used = vec![
                    "name",
                    "description",
                    "purpose",
                    "applications",
                    "informations",
                ];
                used.extend(bases.iter().map(|(f, _)| *f));
                if let Some(first) = set.first() {
                    entry(&mut p, "legal_basis", Some(first.to_string()));
                    if set.len() > 1 {
                        b.note(
                            o,
                            "lawfulness",
                            format!("several bases ({}): the first is kept", set.join(", ")),
                        );
                    }
                }
                let apps = refs(o, "applications", "applications", &b);
                entry(&mut p, "applications", list(&apps));
                let data = refs(o, "informations", "information", &b);
                entry(&mut p, "data", list(&data));
                finish!(o, p, "processings", &used);
            }
            "domaine-ads" => {
                p = head(&b, o);
                entry(&mut p, "kind", Some("directory".into()));
                finish!(o, p, "groups", &["name", "description"]);
            }
            "admin-users" => {
                let id = by("admin-users", o.id, &b).unwrap_or_default();
                entry(&mut p, "id", Some(id.clone()));
                let name = format!(
                    "{} {}",
                    o.text("firstname").unwrap_or_default(),
                    o.text("lastname").unwrap_or_default()
                );
                entry(
                    &mut p,
                    "name",
                    (!name.trim().is_empty()).then(|| quoted(name.trim())),
                );
                entry(&mut p, "kind", Some("admin".into()));
                entry(&mut p, "description", q(o.text("description")));
                if let Some(d) = o.int("domain_id").and_then(|x| by("domaine-ads", x, &b)) {
                    entry(&mut p, "groups", Some(format!("[{d}]")));
                }
                // Administrator of applications: an admin grant on each.
                for a in o.ids("applications") {
                    if let Some(app) = by("applications", a, &b) {
                        let mut g = Vec::new();
                        entry(&mut g, "who", Some(id.clone()));
                        entry(&mut g, "to", Some(app));
                        entry(&mut g, "level", Some("admin".into()));
                        push(&mut sections, &mut at, "access", None, g);
                    }
                }
                finish!(
                    o,
                    p,
                    "accounts",
                    &[
                        "user_id",
                        "firstname",
                        "lastname",
                        "description",
                        "domain_id",
                        "applications",
                    ]
                );
            }
            _ => {}
        }
    }
    let mut yaml = format!(
        "# Imported from Mercator ({}) by carto import mercator.\n# Each entry keeps its Mercator object in `attributes: {{mercator: ...}}`;\n# a second import keeps the same ids.\n",
        source.replace('\n', " ")
    );
    let mut counts = Vec::new();
    for (name, s) in &sections {
        if s.0.is_empty() {
            continue;
        }
        counts.push((*name, s.0.len()));
        let _ = writeln!(yaml, "{name}:");
        for pairs in &s.0 {
            for (k, (f, v)) in pairs.iter().enumerate() {
                let _ = writeln!(yaml, "{} {f}: {v}", if k == 0 { "  -" } else { "   " });
            }
        }
    }
    Ok(Imported {
        yaml,
        counts,
        unmapped: b.unmapped,
    })
}

/// `2024-01-31` from Mercator's dates (`2024-01-31`, `2024-01-31 00:00:00`, `31/01/2024`).
fn date(s: &str) -> Option<String> {
    let s = s.trim();
    let head: String = s.chars().take(10).collect();
    if crate::model::Date::parse(&head).is_some() {
        return Some(head);
    }
    let parts: Vec<&str> = head.split('/').collect();
    if let [d, m, y] = parts[..] {
        let iso = format!("{y}-{m:0>2}-{d:0>2}");
        return crate::model::Date::parse(&iso).map(|_| iso);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_become_durations() {
        assert_eq!(minutes(240), ("4h".into(), true));
        assert_eq!(minutes(2880), ("2d".into(), true));
        assert_eq!(minutes(30), ("1h".into(), false));
        assert_eq!(date("31/01/2024"), Some("2024-01-31".into()));
        assert_eq!(date("2024-01-31 00:00:00"), Some("2024-01-31".into()));
        assert_eq!(date("soon"), None);
    }
}
