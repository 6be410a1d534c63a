//! `carto import fides DIR`: fideslang manifests (organization, system,
//! dataset, policy, and custom taxonomy entries) as inventory YAML.
//!
//! Systems become applications, their privacy declarations processings,
//! `egress`/`ingress` flows, the datasets a declaration refers to the data
//! its system holds, and policies carto policies with the same meaning:
//! fideslang's `ANY` is carto's `any`, its `ALL` (every key the declaration
//! lists sits under one of the rule's values) carto's `only`, its `NONE`
//! carto's `none`. fideslang keys keep their hierarchy: a key of the table
//! [`TAXONOMY`] becomes carto's category, any other key a custom one whose
//! parent is the key above it; a rule's value stands for the key and every
//! mapped key below it, so that `ANY [user]` still covers `health`.

use super::quoted;
use crate::hash::{HashMap, HashSet};
use crate::load::yaml::{Node, Value};
use std::fmt::Write as _;

/// fideslang data categories that are carto's built-in ones.
/// No mapped category is below another in carto unless it is below it in
/// fideslang too (`user.name` is not carto's `identity`, whose child
/// `identity.nir` is not below `user.name` in fideslang), so that policies
/// match the same declarations in both.
pub const TAXONOMY: &[(&str, &str)] = &[
    (
        "user.government_id.national_identification_number",
        "identity.nir",
    ),
    ("user.contact", "contact"),
    ("user.financial", "financial"),
    ("user.location", "location"),
    ("user.device", "connection"),
    ("user.health_and_medical", "health"),
    ("user.health_and_medical.genetic", "genetic"),
    ("user.genetic", "genetic"),
    ("user.biometric", "biometric"),
    ("user.criminal_history", "criminal"),
];

/// fideslang data subjects that are carto's.
const SUBJECTS: &[(&str, &str)] = &[
    ("patient", "patients"),
    ("employee", "staff"),
    ("child", "minors"),
    ("visitor", "visitors"),
    ("citizen_voter", "citizens"),
];

/// fideslang data uses that are carto's.
const USES: &[(&str, &str)] = &[("marketing", "marketing"), ("analytics", "analytics")];

/// Special categories recognized among custom keys.
const SPECIAL: &[(&str, &str)] = &[
    ("user.demographic.political_opinion", "political"),
    ("user.demographic.religious_belief", "religious"),
    ("user.demographic.race_ethnicity", "racial-ethnic"),
    ("user.demographic.sexual_orientation", "sex-life"),
    ("user.sexual_orientation", "sex-life"),
];

/// The YAML, and what was not imported (file, object, field).
pub struct Imported {
    pub yaml: String,
    pub counts: Vec<(&'static str, usize)>,
    pub unmapped: Vec<super::Unmapped>,
}

fn text(n: &Node) -> Option<String> {
    n.value.as_text().filter(|s| !s.trim().is_empty())
}

fn get<'a>(n: &'a Node, k: &str) -> Option<&'a Node> {
    match &n.value {
        Value::Map(m) => m.iter().find(|(key, _)| key.name == k).map(|(_, v)| v),
        _ => None,
    }
}

fn strings(n: Option<&Node>) -> Vec<String> {
    match n.map(|n| &n.value) {
        Some(Value::Seq(items)) => items.iter().filter_map(text).collect(),
        Some(_) => n.and_then(text).into_iter().collect(),
        None => Vec::new(),
    }
}

fn items(n: Option<&Node>) -> &[Node] {
    match n.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

/// One namespace (data, subjects, uses): fideslang keys to carto ids,
/// with the custom entries to write.
struct Space {
    table: &'static [(&'static str, &'static str)],
    custom: Vec<(String, Option<String>)>,
    seen: HashSet<String>,
}

impl Space {
    fn new(table: &'static [(&'static str, &'static str)]) -> Space {
        Space {
            table,
            custom: Vec::new(),
            seen: HashSet::default(),
        }
    }

    /// The carto id of a fideslang key (a custom entry made when needed).
    fn id(&mut self, key: &str) -> String {
        if let Some((_, c)) = self.table.iter().find(|(k, _)| *k == key) {
            return c.to_string();
        }
        if self.seen.insert(key.to_string()) {
            let parent = key.rfind('.').map(|i| self.id(&key[..i]));
            self.custom.push((key.to_string(), parent));
        }
        key.to_string()
    }

    /// A rule's value: the key itself and every mapped key below it (which
    /// carto does not see as its children).
    fn expand(&mut self, key: &str) -> Vec<String> {
        let mut out = vec![self.id(key)];
        for (k, c) in self.table {
            if k.starts_with(&format!("{key}.")) {
                out.push(c.to_string());
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

/// Art. 6(1) from fideslang's `legal_basis_for_processing`.
fn legal_basis(s: &str) -> Option<&'static str> {
    const BASES: &[(&[&str], &str)] = &[
        (&["consent"], "consent"),
        (&["contract"], "contract"),
        (&["legal obligation"], "legal-obligation"),
        (&["vital"], "vital-interests"),
        (&["public interest", "public task"], "public-task"),
        (&["legitimate"], "legitimate-interests"),
    ];
    super::by_words(s, BASES)
}

/// Art. 9(2) from fideslang's special-category basis (first match wins:
/// "substantial public interest" before "public health" before "health").
fn special_condition(s: &str) -> Option<&'static str> {
    const CONDITIONS: &[(&[&str], &str)] = &[
        (&["explicit", "consent"], "a"),
        (&["employment"], "b"),
        (&["vital"], "c"),
        (&["profit"], "d"),
        (&["public by"], "e"),
        (&["legal claim"], "f"),
        (&["substantial public"], "g"),
        (&["public health"], "i"),
        (&["social care", "medical"], "h"),
        (&["archiving", "research"], "j"),
    ];
    super::by_words(s, CONDITIONS)
}

/// Reads every `.yml`/`.yaml` manifest under `dir` and converts them.
pub fn import(dir: &std::path::Path, country: &str) -> Result<Imported, String> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let rd = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for e in rd.flatten() {
            let p = e.path();
            let Ok(m) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            if m.file_type().is_symlink() {
                continue; // never out of the folder
            }
            if m.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "yml" || x == "yaml") {
                files.push(p);
            }
        }
    }
    files.sort();
    // Files read and parsed on all cores.
    let parsed = crate::par::parallel_map(files.len(), |k| {
        let f = &files[k];
        let shown = f.strip_prefix(dir).unwrap_or(f).display().to_string();
        let t = std::fs::read_to_string(f).map_err(|e| format!("{shown}: {e}"))?;
        let nodes = crate::load::yaml::parse(&t, k as u32).map_err(|e| match e.at {
            Some(at) => format!("{shown}:{}:{}: {}", at.line, at.col, e.message),
            None => format!("{shown}: {}", e.message),
        })?;
        Ok::<_, String>(
            nodes
                .into_iter()
                .map(|n| (shown.clone(), n))
                .collect::<Vec<_>>(),
        )
    });
    let mut docs: Vec<(String, Node)> = Vec::new();
    for p in parsed {
        docs.extend(p?);
    }
    let section = |name: &str| -> Vec<(String, &Node)> {
        docs.iter()
            .flat_map(|(f, d)| items(get(d, name)).iter().map(move |n| (f.clone(), n)))
            .collect()
    };
    let mut unmapped = Vec::new();
    let mut note = |file: &str, object: &str, field: &str, value: String| {
        unmapped.push(super::Unmapped {
            file: file.to_string(),
            object: object.to_string(),
            field: field.to_string(),
            value,
        });
    };
    let mut data = Space::new(TAXONOMY);
    let mut subjects = Space::new(SUBJECTS);
    let mut uses = Space::new(USES);
    // Custom taxonomy entries: their names.
    let mut names: HashMap<String, String> = HashMap::default();
    for sec in ["data_category", "data_subject", "data_use"] {
        for (_, n) in section(sec) {
            if let (Some(k), Some(name)) = (
                get(n, "fides_key").and_then(text),
                get(n, "name").and_then(text),
            ) {
                names.insert(k, name);
            }
        }
    }
    let mut out = String::new();
    let mut counts = Vec::new();
    // The organization: this inventory's controller.
    let orgs = section("organization");
    if !orgs.is_empty() {
        out.push_str("organizations:\n");
        for (_, o) in &orgs {
            let key = get(o, "fides_key").and_then(text).unwrap_or_default();
            let _ = writeln!(out, "  - id: {}", super::to_id(&key));
            if let Some(n) = get(o, "name").and_then(text) {
                let _ = writeln!(out, "    name: {}", quoted(&n));
            }
            let _ = writeln!(out, "    kind: self\n    country: {country}");
            if let Some(dpo) = get(o, "data_protection_officer")
                .and_then(|d| get(d, "name"))
                .and_then(text)
            {
                let _ = writeln!(out, "    dpo: {{name: {}}}", quoted(&dpo));
            }
        }
        counts.push(("organizations", orgs.len()));
    }
    // Datasets: their categories (dataset, collections, fields).
    let mut dataset_cats: HashMap<String, Vec<String>> = HashMap::default();
    for (_, d) in section("dataset") {
        let key = get(d, "fides_key").and_then(text).unwrap_or_default();
        let mut cats = strings(get(d, "data_categories"));
        for c in items(get(d, "collections")) {
            cats.extend(strings(get(c, "data_categories")));
            let mut stack: Vec<&Node> = items(get(c, "fields")).iter().collect();
            while let Some(f) = stack.pop() {
                cats.extend(strings(get(f, "data_categories")));
                stack.extend(items(get(f, "fields")));
            }
        }
        cats.sort();
        cats.dedup();
        dataset_cats.insert(key, cats);
    }
    // Systems, declarations, flows.
    let systems = section("system");
    let mut apps = String::new();
    let mut processings = String::new();
    let mut flows: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut n_proc = 0;
    for (file, s) in &systems {
        let key = get(s, "fides_key").and_then(text).unwrap_or_default();
        let id = super::to_id(&key);
        let mut held: Vec<String> = Vec::new();
        let decls = items(get(s, "privacy_declarations"));
        for (k, d) in decls.iter().enumerate() {
            let name = get(d, "name")
                .and_then(text)
                .unwrap_or_else(|| format!("declaration {}", k + 1));
            let pid = format!("{id}.{}", super::to_id(&name));
            // The processing: the declaration's own categories (as Fides
            // evaluates a declaration); its datasets' are the system's data.
            let cats = strings(get(d, "data_categories"));
            let dcats: Vec<String> = cats.iter().map(|c| data.id(c)).collect();
            held.extend(dcats.iter().cloned());
            for r in strings(get(d, "dataset_references")) {
                let ds = dataset_cats.get(&r).cloned().unwrap_or_default();
                held.extend(ds.iter().map(|c| data.id(c)));
            }
            let subj: Vec<String> = strings(get(d, "data_subjects"))
                .iter()
                .map(|c| subjects.id(c))
                .collect();
            let us: Vec<String> = strings(get(d, "data_use"))
                .iter()
                .map(|c| uses.id(c))
                .collect();
            let _ = writeln!(processings, "  - id: {pid}\n    name: {}", quoted(&name));
            let _ = writeln!(processings, "    purpose: {}", quoted(&name));
            let list = |v: &[String]| {
                let mut v = v.to_vec();
                v.sort();
                v.dedup();
                v.join(", ")
            };
            if !dcats.is_empty() {
                let _ = writeln!(processings, "    data: [{}]", list(&dcats));
            }
            if !subj.is_empty() {
                let _ = writeln!(processings, "    subjects: [{}]", list(&subj));
            }
            if !us.is_empty() {
                let _ = writeln!(processings, "    uses: [{}]", list(&us));
            }
            let _ = writeln!(processings, "    applications: [{id}]");
            if let Some(lb) = get(d, "legal_basis_for_processing").and_then(text) {
                match legal_basis(&lb) {
                    Some(b) => {
                        let _ = writeln!(processings, "    legal_basis: {b}");
                    }
                    None => note(file, &pid, "legal_basis_for_processing", lb),
                }
            }
            if let Some(sc) = get(d, "special_category_legal_basis").and_then(text) {
                match special_condition(&sc) {
                    Some(c) => {
                        let _ = writeln!(processings, "    special_condition: {c}");
                    }
                    None => note(file, &pid, "special_category_legal_basis", sc),
                }
            }
            for f in [
                "retention_period",
                "third_parties",
                "data_shared_with_third_parties",
            ] {
                if let Some(v) = get(d, f).and_then(text) {
                    note(file, &pid, f, v);
                }
            }
            for e in items(get(d, "egress")) {
                if let Some(to) = get(e, "fides_key").and_then(text) {
                    flows.push((
                        id.clone(),
                        super::to_id(&to),
                        strings(get(e, "data_categories")),
                    ));
                }
            }
            n_proc += 1;
        }
        for (dir, field) in [(true, "egress"), (false, "ingress")] {
            for e in items(get(s, field)) {
                let Some(other) = get(e, "fides_key").and_then(text) else {
                    continue;
                };
                let cats = strings(get(e, "data_categories"));
                let other = super::to_id(&other);
                flows.push(if dir {
                    (id.clone(), other, cats)
                } else {
                    (other, id.clone(), cats)
                });
            }
        }
        held.sort();
        held.dedup();
        let _ = writeln!(apps, "  - id: {id}");
        if let Some(n) = get(s, "name").and_then(text) {
            let _ = writeln!(apps, "    name: {}", quoted(&n));
        }
        if let Some(n) = get(s, "description").and_then(text) {
            let _ = writeln!(apps, "    description: {}", quoted(&n));
        }
        if !held.is_empty() {
            let _ = writeln!(apps, "    data: [{}]", held.join(", "));
        }
        let _ = writeln!(apps, "    attributes: {{fides: {}}}", quoted(&key));
    }
    // Policies: one carto policy per rule.
    let mut policies = String::new();
    let mut n_pol = 0;
    for (file, p) in section("policy") {
        let pkey = get(p, "fides_key").and_then(text).unwrap_or_default();
        for r in items(get(p, "rules")) {
            let rname = get(r, "name").and_then(text).unwrap_or_default();
            let id = format!("{}.{}", super::to_id(&pkey), super::to_id(&rname));
            let mut conds = Vec::new();
            for (field, space, carto) in [
                ("data_categories", &mut data, "data"),
                ("data_uses", &mut uses, "uses"),
                ("data_subjects", &mut subjects, "subjects"),
            ] {
                let Some(m) = get(r, field) else { continue };
                let matches = get(m, "matches")
                    .and_then(text)
                    .unwrap_or_default()
                    .to_uppercase();
                let op = match matches.as_str() {
                    "ANY" => "any",
                    "ALL" => "only",
                    "NONE" => "none",
                    other => {
                        note(
                            &file,
                            &id,
                            field,
                            format!(
                                "matches: {other} has no carto equivalent; the condition is left out"
                            ),
                        );
                        continue;
                    }
                };
                let mut vals: Vec<String> = strings(get(m, "values"))
                    .iter()
                    .flat_map(|v| space.expand(v))
                    .collect();
                vals.sort();
                vals.dedup();
                conds.push(format!("{carto}: {{{op}: [{}]}}", vals.join(", ")));
            }
            let _ = writeln!(
                policies,
                "  - id: {id}\n    name: {}\n    severity: error\n    target: processing\n    when: {{{}}}",
                quoted(&rname),
                conds.join(", ")
            );
            n_pol += 1;
        }
    }
    if !apps.is_empty() {
        let _ = write!(out, "applications:\n{apps}");
        counts.push(("applications", systems.len()));
    }
    if !processings.is_empty() {
        let _ = write!(out, "processings:\n{processings}");
        counts.push(("processings", n_proc));
    }
    flows.sort();
    flows.dedup();
    let known: HashSet<String> = systems
        .iter()
        .filter_map(|(_, s)| get(s, "fides_key").and_then(text).map(|k| super::to_id(&k)))
        .collect();
    let mut f_out = String::new();
    let mut n_flows = 0;
    for (from, to, cats) in &flows {
        if !known.contains(from) || !known.contains(to) {
            note(
                "",
                &format!("{from} -> {to}"),
                "egress/ingress",
                "an end is not a system of the manifests".into(),
            );
            continue;
        }
        let ids: Vec<String> = cats.iter().map(|c| data.id(c)).collect();
        let _ = writeln!(
            f_out,
            "  - {{from: {from}, to: {to}, data: [{}]}}",
            ids.join(", ")
        );
        n_flows += 1;
    }
    if !f_out.is_empty() {
        let _ = write!(out, "flows:\n{f_out}");
        counts.push(("flows", n_flows));
    }
    if !policies.is_empty() {
        let _ = write!(out, "policies:\n{policies}");
        counts.push(("policies", n_pol));
    }
    // The custom taxonomy entries (flows may have added some).
    let mut tax = String::new();
    for (sec, space) in [("data", &data), ("subjects", &subjects), ("uses", &uses)] {
        if space.custom.is_empty() {
            continue;
        }
        let _ = writeln!(tax, "{sec}:");
        for (k, parent) in &space.custom {
            let _ = write!(tax, "  - {{id: {k}");
            if let Some(n) = names.get(k) {
                let _ = write!(tax, ", name: {}", quoted(n));
            }
            if let Some(p) = parent {
                let _ = write!(tax, ", parent: {p}");
            }
            // fideslang's `user` tree is personal data; `system` is not.
            if sec == "data" && parent.is_none() && k == "user" {
                tax.push_str(", personal: true");
            }
            if sec == "data"
                && let Some((_, sp)) = SPECIAL
                    .iter()
                    .find(|(x, _)| k == x || k.starts_with(&format!("{x}.")))
            {
                let _ = write!(tax, ", special: {sp}");
            }
            tax.push_str("}\n");
        }
    }
    let yaml = format!("# Imported from fideslang manifests by carto import fides.\n{out}{tax}");
    // The parsed manifests are freed off this thread (millions of nodes).
    crate::par::drop_elsewhere(docs);
    Ok(Imported {
        yaml,
        counts,
        unmapped,
    })
}
