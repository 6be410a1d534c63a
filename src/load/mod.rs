//! Loading an inventory directory into a resolved [`Inventory`].
//!
//! Steps: walk the directory (sorted, hidden files skipped, symlink loops
//! cut), read and parse every file (in parallel), register every id (pass 1:
//! duplicates, id syntax, generated ids), convert every entity with its
//! references resolved (pass 2: unknown fields, values, references), then
//! merge memberships and check cycles and `self`. Every problem becomes a
//! [`Diagnostic`]; any error means the inventory cannot be loaded.

mod convert;
mod gather;
pub mod git;
mod reader;
mod walk;
pub mod yaml;

use crate::diag::{self, Diagnostic};
use crate::hash::HashMap;
use crate::model::{
    DataCategory, DataIx, Id, Inventory, Kind, Loc, Namespace, OrgIx, OrgKind, SourceMap,
    SubjectCategory, SubjectIx, Target, UseCategory, UseIx, taxonomy,
};
use reader::{Cx, Names, scalar_text};
use std::path::Path;
use std::sync::Arc;
use yaml::{Node, Value};

pub use reader::kinds_phrase;
pub use walk::{MAX_FILE_BYTES, MAX_TOTAL_BYTES, folder_of};

/// The rule id of problems with files themselves: unreadable, not UTF-8,
/// YAML syntax, parser limits (warnings: empty files, skipped symlink loops).
pub const FILE_RULE: &str = "INV000";

/// A loaded inventory and the warnings found while loading it.
#[derive(Debug)]
pub struct Loaded {
    pub inventory: Inventory,
    pub warnings: Vec<Diagnostic>,
    /// Time spent in each phase (read and parse, resolve), for `-v`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// An inventory that cannot be loaded: every error found, and the sources
/// to show them against.
#[derive(Debug)]
pub struct LoadFailure {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: SourceMap,
}

/// Loads the inventory at `root`.
pub fn load(root: &Path) -> Result<Loaded, LoadFailure> {
    load_with_progress(root, &|_, _| {})
}

/// Loads the inventory at `root`, calling `progress(files read, files)` as
/// files are read (from several threads).
pub fn load_with_progress(
    root: &Path,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Loaded, LoadFailure> {
    let mut diags = Vec::new();
    let files = match walk::walk(root, &mut diags) {
        Ok(f) => f,
        Err(d) => {
            return Err(LoadFailure {
                diagnostics: vec![*d],
                sources: SourceMap::default(),
            });
        }
    };
    let started = std::time::Instant::now();
    let (sources, parsed) = walk::read_and_parse(root, &files, &mut diags, progress, None);
    finish(root, sources, parsed, diags, started)
}

/// Loads an inventory whose files are already in memory, `(path, bytes)`
/// in any order (a git revision's blobs, read without writing them to
/// disk); `warnings` are problems found while listing them. `root` only
/// names the inventory. The sizes must have been checked against
/// [`MAX_FILE_BYTES`] and [`MAX_TOTAL_BYTES`] before the bytes were read.
pub fn load_blobs(
    root: &Path,
    blobs: Vec<(String, Vec<u8>)>,
    warnings: Vec<Diagnostic>,
) -> Result<Loaded, LoadFailure> {
    load_source(
        Source::Blobs {
            root,
            blobs,
            warnings,
        },
        None,
        false,
        &|_, _| {},
    )
    .0
}

/// Where one side of a comparison comes from.
pub enum Source<'a> {
    /// A directory (or a single file) on disk.
    Dir(&'a Path),
    /// Files in memory, `(path, bytes)`, with the warnings found listing
    /// them (a git revision); `root` names it.
    Blobs {
        root: &'a Path,
        blobs: Vec<(String, Vec<u8>)>,
        warnings: Vec<Diagnostic>,
    },
}

/// Loads two inventories that are mostly the same (the two sides of a
/// diff): `head` first, then `base`, whose files identical to `head`'s are
/// not parsed again. Each result is what [`load`] would give.
pub fn load_pair(
    base: Source,
    head: Source,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> (Result<Loaded, LoadFailure>, Result<Loaded, LoadFailure>) {
    let (head, kept) = load_source(head, None, true, progress);
    let base = match (&head, kept) {
        (Ok(h), Some(parsed)) => {
            let reuse = walk::Reuse {
                sources: &h.inventory.sources,
                parsed: &parsed,
            };
            let base = load_source(base, Some(&reuse), false, progress).0;
            crate::par::drop_elsewhere(parsed);
            base
        }
        _ => load_source(base, None, false, progress).0,
    };
    (base, head)
}

/// Loads one source (reusing another's parse trees); with `keep`, also
/// hands back its own.
fn load_source(
    source: Source,
    reuse: Option<&walk::Reuse>,
    keep: bool,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> (Result<Loaded, LoadFailure>, Option<Parsed>) {
    let started = std::time::Instant::now();
    let (root, sources, parsed, diags) = match source {
        Source::Dir(root) => {
            let mut diags = Vec::new();
            let files = match walk::walk(root, &mut diags) {
                Ok(f) => f,
                Err(d) => {
                    let failure = LoadFailure {
                        diagnostics: vec![*d],
                        sources: SourceMap::default(),
                    };
                    return (Err(failure), None);
                }
            };
            let (sources, parsed) = walk::read_and_parse(root, &files, &mut diags, progress, reuse);
            (root, sources, parsed, diags)
        }
        Source::Blobs {
            root,
            mut blobs,
            warnings,
        } => {
            blobs.sort_by(|a, b| a.0.cmp(&b.0));
            let mut diags = warnings;
            let (sources, parsed) = walk::parse_memory(blobs, &mut diags, reuse);
            (root, sources, parsed, diags)
        }
    };
    let kept = keep.then(|| parsed.clone());
    (finish(root, sources, parsed, diags, started), kept)
}

fn finish(
    root: &Path,
    sources: SourceMap,
    parsed: Parsed,
    mut diags: Vec<Diagnostic>,
    started: std::time::Instant,
) -> Result<Loaded, LoadFailure> {
    let mut timings = vec![("read and parse", started.elapsed())];
    let failure = |mut diagnostics: Vec<Diagnostic>, sources: SourceMap| {
        diag::sort(&mut diagnostics);
        LoadFailure {
            diagnostics,
            sources,
        }
    };
    let mut inv = Inventory {
        root: root.to_path_buf(),
        ..Inventory::default()
    };
    let built = build(&mut inv, &sources, &parsed, &mut diags, &mut timings);
    // The node trees are no longer needed; freeing a large inventory's
    // millions of nodes takes a while, so another thread does it.
    crate::par::drop_elsewhere(parsed);
    inv.sources = sources;
    if !built
        || diags
            .iter()
            .any(|d| d.severity == crate::model::Severity::Error)
    {
        return Err(failure(diags, inv.sources));
    }
    diag::sort(&mut diags);
    Ok(Loaded {
        inventory: inv,
        warnings: diags,
        timings,
    })
}

/// One declaration found in pass 1: which section item, and the ids it
/// declares (one, or one per pair for a grant with lists; none when its id
/// is invalid or a duplicate, in which case it is checked but not kept).
struct Decl<'n> {
    kind: Kind,
    node: &'n Node,
    ids: Vec<(Id, bool)>,
}

/// The files' documents, in sorted path order: (file index, documents);
/// shared, so that the other side of a diff can reuse an unchanged file's.
type Parsed = Vec<(u32, Arc<Vec<Node>>)>;

fn build(
    inv: &mut Inventory,
    sources: &SourceMap,
    parsed: &Parsed,
    diags: &mut Vec<Diagnostic>,
    timings: &mut Vec<(&'static str, std::time::Duration)>,
) -> bool {
    let started = std::time::Instant::now();
    let mut names = Names::default();
    register_builtins(inv, &mut names);
    let settings_file = sources
        .files
        .iter()
        .position(|f| f.path == "carto.yaml" || f.path == "carto.yml")
        .map(|i| i as u32);

    // Pass 1: every id.
    let mut decls: Vec<Decl> = Vec::new();
    let mut settings_node: Option<&Node> = None;
    let mut generated: HashMap<String, u32> = HashMap::default();
    let empty = Names::default();
    let mut cx = Cx::new(&empty);
    for (file, docs) in parsed {
        if Some(*file) == settings_file {
            match docs.as_slice() {
                [] => {}
                [one] => settings_node = Some(one),
                [_, second, ..] => cx.error(
                    "INV005",
                    second.at,
                    "carto.yaml holds one document of settings",
                ),
            }
            continue;
        }
        for doc in docs.iter() {
            collect_sections(doc, &mut cx, &mut decls);
        }
    }
    // Most items are entities with one id: sized once, never rehashed.
    names.entities.reserve(decls.len());
    for d in &mut decls {
        register(d, &mut names, &mut generated, &mut cx.diags);
    }
    let pass1 = std::mem::take(&mut cx.diags);
    diags.extend(pass1);
    timings.push(("ids", started.elapsed()));
    let started = std::time::Instant::now();

    // A file that could not be parsed still declares ids: references to
    // them are not "unknown", they could not be checked (one note per file
    // instead of an INV001 per reference).
    let ok: crate::hash::HashSet<u32> = parsed.iter().map(|(f, _)| *f).collect();
    for (i, f) in sources.files.iter().enumerate() {
        if !ok.contains(&(i as u32)) && !f.text.is_empty() {
            for id in declared_ids(&f.text) {
                names.unreadable.entry(id).or_insert(i as u32);
            }
        }
    }

    // Pass 2: convert, with references resolved.
    let mut cx = Cx::new(&names);
    let mut settings_self = None;
    if let Some(n) = settings_node {
        settings_self = convert::settings(n, &mut cx, &mut inv.settings);
    }
    // Items convert independently (references resolve through `names`), so
    // contiguous runs of them convert on all cores; the parts are appended
    // in order, as if converted one after the other.
    const RUN: usize = 4096;
    let runs: Vec<&[Decl]> = decls.chunks(RUN).collect();
    let parts = crate::par::parallel_map(runs.len(), |r| {
        let mut part = Inventory::default();
        let mut cx = Cx::new(&names);
        let mut members = gather::Memberships::default();
        let mut taxo = gather::TaxonomyFacts::default();
        for d in runs[r] {
            convert::entity(
                &mut part,
                d.kind,
                d.node,
                &d.ids,
                &mut cx,
                &mut members,
                &mut taxo,
            );
        }
        (part, cx.diags, members, taxo, cx.unchecked)
    });
    let mut members = gather::Memberships::default();
    let mut taxo = gather::TaxonomyFacts::default();
    let mut unchecked: std::collections::BTreeMap<u32, usize> = Default::default();
    for (part, part_diags, part_members, part_taxo, part_unchecked) in parts {
        inv.append_entities(part);
        cx.diags.extend(part_diags);
        for (f, n) in part_unchecked {
            *unchecked.entry(f).or_default() += n;
        }
        members.extend(part_members);
        taxo.extend(part_taxo);
    }
    members.merge_into(inv);
    for (f, n) in unchecked {
        cx.diags.push(Diagnostic::new(
            FILE_RULE,
            crate::model::Severity::Info,
            format!(
                "{} to ids that `{}` seems to declare could not be checked, because that file could not be parsed",
                if n == 1 { "1 reference".to_string() } else { format!("{n} references") },
                sources.files[f as usize].path
            ),
        ).at(Loc { file: f, line: 1, col: 1 }));
    }
    let mut more = std::mem::take(&mut cx.diags);
    // An item reported as belonging to another section is not also missing
    // its own section's required fields.
    let moved: Vec<Loc> = more
        .iter()
        .filter(|d| d.rule == "INV004" && d.message.contains(": move this item under `"))
        .filter_map(|d| d.at)
        .collect();
    if !moved.is_empty() {
        diags.retain(|d| {
            !(d.message.starts_with("missing required field")
                && d.at.is_some_and(|a| moved.contains(&a)))
        });
        more.retain(|d| {
            !(d.message.starts_with("missing required field")
                && d.at.is_some_and(|a| moved.contains(&a)))
        });
    }
    diags.append(&mut more);
    timings.push(("fields and references", started.elapsed()));
    let started = std::time::Instant::now();

    // Indices of the model.
    inv.entity_index.reserve(names.entities.len());
    for (id, (t, _)) in &names.entities {
        inv.entity_index.insert(id.clone(), *t);
    }
    for (id, (t, _)) in &names.data {
        inv.data_index.insert(id.clone(), *t);
    }
    for (id, (t, _)) in &names.subjects {
        inv.subject_index.insert(id.clone(), *t);
    }
    for (id, (t, _)) in &names.uses {
        inv.use_index.insert(id.clone(), *t);
    }
    // The vectors must match the indices handed out in pass 1; they do unless
    // an error already dropped an entity, in which case loading fails anyway.
    let consistent = counts_match(inv, &names);
    if consistent {
        check_membership_cycles(inv, diags);
        check_parent_cycles(inv, diags);
        taxo.resolve(inv, diags);
        // A file that failed to parse may hold the `self` organization.
        let unparsed = diags
            .iter()
            .any(|d| d.rule == FILE_RULE && d.severity == crate::model::Severity::Error);
        if !unparsed {
            resolve_self(inv, settings_self, &names, diags);
        }
        resolve_establishments(inv, sources, diags);
    }
    timings.push(("indexes and cycles", started.elapsed()));
    consistent
}

/// The ids a YAML text seems to declare (`id: x`, `{id: x, ...}`), read
/// without parsing it: the file could not be parsed. Linear in the text.
fn declared_ids(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices("id:") {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            continue;
        }
        let rest = text[i + 3..].trim_start_matches([' ', '\t']);
        let end = rest
            .find([',', '}', ']', '#', '\n', '\r'])
            .unwrap_or(rest.len());
        let id = rest[..end].trim().trim_matches(['"', '\'']);
        if !id.is_empty() && valid_id(id) {
            out.push(id.to_string());
        }
    }
    out
}

fn counts_match(inv: &Inventory, names: &Names) -> bool {
    Kind::ALL
        .iter()
        .filter(|k| k.namespace() == Namespace::Entities)
        .all(|k| inv.count(*k) == names.counts.get(k).copied().unwrap_or(0) as usize)
        && inv.data.len() == names.data.len()
        && inv.subjects.len() == names.subjects.len()
        && inv.uses.len() == names.uses.len()
}

fn register_builtins(inv: &mut Inventory, names: &mut Names) {
    let common = convert::builtin_common;
    for (i, (id, _, special)) in taxonomy::DATA.iter().enumerate() {
        let id: Id = Arc::from(*id);
        names
            .data
            .insert(id.clone(), (DataIx(i as u32), Loc::BUILTIN));
        inv.data.push(DataCategory {
            common: common(&id),
            parent: None,
            personal: true,
            special: *special,
            retention: None,
            builtin: true,
        });
    }
    for (i, (_, parent, _)) in taxonomy::DATA.iter().enumerate() {
        if let Some(p) = parent.and_then(|p| names.data.get_key_value(p)) {
            inv.data[i].parent = Some(crate::model::Ref {
                id: p.0.clone(),
                ix: p.1.0,
                at: Loc::BUILTIN,
            });
        }
    }
    for (i, (id, vulnerable)) in taxonomy::SUBJECTS.iter().enumerate() {
        let id: Id = Arc::from(*id);
        names
            .subjects
            .insert(id.clone(), (SubjectIx(i as u32), Loc::BUILTIN));
        inv.subjects.push(SubjectCategory {
            common: common(&id),
            parent: None,
            vulnerable: *vulnerable,
            builtin: true,
        });
    }
    for (i, (id, _)) in taxonomy::USES.iter().enumerate() {
        let id: Id = Arc::from(*id);
        names
            .uses
            .insert(id.clone(), (UseIx(i as u32), Loc::BUILTIN));
        inv.uses.push(UseCategory {
            common: common(&id),
            parent: None,
            builtin: true,
        });
    }
    for (i, (_, parent)) in taxonomy::USES.iter().enumerate() {
        if let Some(p) = parent.and_then(|p| names.uses.get_key_value(p)) {
            inv.uses[i].parent = Some(crate::model::Ref {
                id: p.0.clone(),
                ix: p.1.0,
                at: Loc::BUILTIN,
            });
        }
    }
}

/// Splits a document into its sections' items.
fn collect_sections<'n>(doc: &'n Node, cx: &mut Cx, decls: &mut Vec<Decl<'n>>) {
    let entries = match &doc.value {
        Value::Null => return,
        Value::Map(e) => e,
        other => {
            cx.error(
                "INV005",
                doc.at,
                format!(
                    "a file holds a mapping of sections (organizations, applications, flows ...), found {}",
                    other.describe()
                ),
            );
            return;
        }
    };
    let sections: Vec<&str> = Kind::ALL.iter().map(|k| k.section()).collect();
    for (key, value) in entries {
        let Some(kind) = Kind::ALL.iter().copied().find(|k| k.section() == key.name) else {
            let mut d =
                Diagnostic::error("INV004", format!("unknown section `{}`", key.name)).at(key.at);
            d = match diag::did_you_mean(&key.name, sections.iter().copied()) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help(format!("the sections are: {}", sections.join(", "))),
            };
            cx.diags.push(d);
            continue;
        };
        match &value.value {
            Value::Null => {}
            Value::Seq(items) => decls.extend(items.iter().map(|node| Decl {
                kind,
                node,
                ids: Vec::new(),
            })),
            other => cx.error(
                "INV005",
                value.at,
                format!(
                    "section `{}` is a list of {} items, found {}",
                    key.name,
                    kind.noun(),
                    other.describe()
                ),
            ),
        }
    }
}

/// Whether `s` is a valid written id: `^[a-z0-9][a-z0-9._-]{0,127}$`.
pub fn valid_id(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'.' | b'_' | b'-')
        })
}

fn map_get<'n>(n: &'n Node, key: &str) -> Option<&'n Node> {
    match &n.value {
        Value::Map(e) => e.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
        _ => None,
    }
}

/// The texts of a "ref or list of refs" field, for generated ids.
fn ref_texts(n: Option<&Node>) -> Vec<String> {
    match n.map(|n| &n.value) {
        Some(Value::Seq(items)) => items
            .iter()
            .map(|i| scalar_text(i).unwrap_or_default())
            .collect(),
        Some(_) => vec![n.and_then(scalar_text).unwrap_or_default()],
        None => vec![String::new()],
    }
}

/// Pass 1 for one item: its id (written or generated), checked and registered.
fn register(
    d: &mut Decl,
    names: &mut Names,
    generated: &mut HashMap<String, u32>,
    diags: &mut Vec<Diagnostic>,
) {
    if !matches!(d.node.value, Value::Map(_)) {
        return; // reported in pass 2
    }
    let written = map_get(d.node, "id");
    let mut candidates: Vec<(Id, bool, Loc)> = Vec::new();
    match written {
        Some(n) => {
            let at = n.at;
            match scalar_text(n) {
                Some(t) if valid_id(&t) => {
                    if d.kind == Kind::Grant {
                        let pairs = ref_texts(map_get(d.node, "who")).len()
                            * ref_texts(map_get(d.node, "to")).len();
                        for k in 0..pairs.max(1) {
                            let id = if k == 0 {
                                t.clone()
                            } else {
                                format!("{t}#{}", k + 1)
                            };
                            candidates.push((Arc::from(id), k > 0, at));
                        }
                    } else {
                        candidates.push((Arc::from(t), false, at));
                    }
                }
                other => {
                    diags.push(
                        Diagnostic::error(
                            "INV005",
                            format!(
                                "invalid id `{}`: ids are lower case letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most 128 characters",
                                other.unwrap_or_default()
                            ),
                        )
                        .at(at),
                    );
                    return;
                }
            }
        }
        None if matches!(d.kind, Kind::Flow | Kind::Grant) => {
            let (a, b) = if d.kind == Kind::Flow {
                ("from", "to")
            } else {
                ("who", "to")
            };
            for x in ref_texts(map_get(d.node, a)) {
                for y in ref_texts(map_get(d.node, b)) {
                    let base = format!("{x}->{y}");
                    let n = generated.entry(base.clone()).or_insert(0);
                    *n += 1;
                    let id = if *n == 1 { base } else { format!("{base}#{n}") };
                    candidates.push((Arc::from(id), true, d.node.at));
                }
            }
        }
        None => return, // missing id: reported in pass 2
    }
    for (id, gen_id, at) in candidates {
        let ns = d.kind.namespace();
        let previous = names.get(ns, &id).map(|(_, t, l)| (t, l));
        if let Some((prev, prev_at)) = previous {
            let mut diag = if prev_at.is_builtin() {
                Diagnostic::error(
                    "INV003",
                    format!(
                        "`{id}` is a built-in {} and cannot be redeclared",
                        prev.kind().noun()
                    ),
                )
                .help(format!(
                    "declare a new category below it instead: `parent: {id}`"
                ))
            } else {
                Diagnostic::error(
                    "INV003",
                    format!(
                        "duplicate id `{id}`: already declared as {}",
                        reader::kinds_phrase(&[prev.kind()])
                    ),
                )
                .note("first declared here", prev_at)
            };
            diag = diag.at(at);
            diags.push(diag);
            continue;
        }
        let next = |n: usize| n as u32;
        match ns {
            Namespace::Entities => {
                let count = names.counts.entry(d.kind).or_insert(0);
                let ix = Target::of(d.kind, *count);
                *count += 1;
                names.entities.insert(id.clone(), (ix, at));
            }
            Namespace::Data => {
                let ix = DataIx(next(names.data.len()));
                names.data.insert(id.clone(), (ix, at));
            }
            Namespace::Subjects => {
                let ix = SubjectIx(next(names.subjects.len()));
                names.subjects.insert(id.clone(), (ix, at));
            }
            Namespace::Uses => {
                let ix = UseIx(next(names.uses.len()));
                names.uses.insert(id.clone(), (ix, at));
            }
        }
        d.ids.push((id, gen_id));
    }
}

/// INV006: a group that contains itself, directly or through other groups.
fn check_membership_cycles(inv: &Inventory, diags: &mut Vec<Diagnostic>) {
    let n = inv.groups.len();
    // 0 = unseen, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; n];
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        // Iterative DFS: (group, next member position).
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (g, ref mut pos)) = stack.last_mut() {
            let members = &inv.groups[g].members;
            if *pos >= members.len() {
                state[g] = 2;
                stack.pop();
                continue;
            }
            let m = &members[*pos];
            *pos += 1;
            let Target::Group(child) = m.ix else { continue };
            let c = child.i();
            match state[c] {
                0 => {
                    state[c] = 1;
                    stack.push((c, 0));
                }
                1 => {
                    let from = stack.iter().position(|(x, _)| *x == c).unwrap_or(0);
                    let mut names: Vec<&str> = stack[from..]
                        .iter()
                        .map(|(x, _)| &*inv.groups[*x].common.id)
                        .collect();
                    names.push(&inv.groups[c].common.id);
                    diags.push(
                        Diagnostic::error(
                            "INV006",
                            format!("membership cycle: {}", names.join(" -> ")),
                        )
                        .at(m.at)
                        .entity(&inv.groups[g].common.id)
                        .help("a group cannot contain itself, directly or through other groups"),
                    );
                }
                _ => {}
            }
        }
    }
}

/// INV006 for hierarchies: a `parent` chain that loops (organizations, data,
/// subjects, uses).
fn check_parent_cycles(inv: &Inventory, diags: &mut Vec<Diagnostic>) {
    fn check(
        what: &str,
        n: usize,
        parent: impl Fn(usize) -> Option<(usize, Loc)>,
        id: impl Fn(usize) -> String,
        diags: &mut Vec<Diagnostic>,
    ) {
        let mut state = vec![0u8; n];
        for start in 0..n {
            let mut path = Vec::new();
            let mut next = Some(start);
            while let Some(c) = next {
                if state[c] != 0 {
                    break;
                }
                state[c] = 1;
                path.push(c);
                next = parent(c).map(|(p, _)| p);
            }
            // Stopped on an entry of the current path: a cycle.
            if let Some(cur) = next
                && state[cur] == 1
                && let Some(from) = path.iter().position(|x| *x == cur)
            {
                let mut ids: Vec<String> = path[from..].iter().map(|x| id(*x)).collect();
                ids.push(id(cur));
                let at = path.last().and_then(|l| parent(*l)).map(|(_, l)| l);
                let mut d = Diagnostic::error(
                    "INV006",
                    format!("{what} `parent` cycle: {}", ids.join(" -> ")),
                );
                if let Some(at) = at {
                    d = d.at(at);
                }
                diags.push(d);
            }
            for p in path {
                state[p] = 2;
            }
        }
    }
    check(
        "organization",
        inv.organizations.len(),
        |i| {
            inv.organizations[i]
                .parent
                .as_ref()
                .map(|p| (p.ix.i(), p.at))
        },
        |i| inv.organizations[i].common.id.to_string(),
        diags,
    );
    check(
        "data category",
        inv.data.len(),
        |i| inv.data[i].parent.as_ref().map(|p| (p.ix.i(), p.at)),
        |i| inv.data[i].common.id.to_string(),
        diags,
    );
    check(
        "subject category",
        inv.subjects.len(),
        |i| inv.subjects[i].parent.as_ref().map(|p| (p.ix.i(), p.at)),
        |i| inv.subjects[i].common.id.to_string(),
        diags,
    );
    check(
        "use",
        inv.uses.len(),
        |i| inv.uses[i].parent.as_ref().map(|p| (p.ix.i(), p.at)),
        |i| inv.uses[i].common.id.to_string(),
        diags,
    );
}

/// INV007: exactly one `self` organization, unless `carto.yaml` names it.
/// The establishment of each entity of a hospital group: declared, else
/// from its folder (`establishments/<id>/...`); it must be an organization
/// of kind `self` or `entity`, and a declaration may not contradict its folder.
fn resolve_establishments(inv: &mut Inventory, sources: &SourceMap, diags: &mut Vec<Diagnostic>) {
    let mut missing: crate::hash::HashSet<String> = Default::default();
    for k in Kind::ALL {
        let targets: Vec<Target> = inv.targets(k).collect();
        for t in targets {
            let c = inv.common(t);
            if c.at.is_builtin() {
                continue;
            }
            let at = c.at;
            let folder = sources
                .path(at)
                .strip_prefix("establishments/")
                .and_then(|rest| rest.split_once('/'))
                .map(|(id, _)| id.to_string());
            let declared = c.establishment.clone();
            let from_folder = folder.as_ref().and_then(|id| match inv.entity_index.get(id.as_str()) {
                Some(Target::Org(o)) => Some(crate::model::Ref {
                    id: Id::from(id.as_str()),
                    ix: *o,
                    at,
                }),
                _ => {
                    if missing.insert(id.clone()) {
                        diags.push(
                            Diagnostic::error(
                                "INV002",
                                format!(
                                    "the folder `establishments/{id}/` names no organization: declare `{id}` (kind entity) or rename the folder"
                                ),
                            )
                            .at(at),
                        );
                    }
                    None
                }
            });
            let chosen = match (declared, from_folder) {
                (Some(d), Some(f)) if d.ix != f.ix => {
                    diags.push(
                        Diagnostic::error(
                            "INV005",
                            format!(
                                "`establishment: {}` contradicts the folder `establishments/{}/` the file is in",
                                d.id, f.id
                            ),
                        )
                        .at(d.at),
                    );
                    Some(d)
                }
                (Some(d), _) => Some(d),
                (None, f) => f,
            };
            if let Some(e) = &chosen {
                let kind = inv[e.ix].kind;
                if !matches!(kind, OrgKind::SelfOrg | OrgKind::Entity) {
                    diags.push(
                        Diagnostic::error(
                            "INV005",
                            format!(
                                "`{}` is an organization of kind {kind}: an establishment is the `self` organization or one of kind `entity`",
                                e.id
                            ),
                        )
                        .at(e.at),
                    );
                }
            }
            inv.common_mut(t).establishment = chosen;
        }
    }
    // `used_by` names establishments too.
    for a in &inv.applications {
        for u in &a.used_by {
            if !inv.is_establishment(u.ix) {
                diags.push(
                    Diagnostic::error(
                        "INV005",
                        format!(
                            "`used_by` names `{}`, an organization of kind {}: it lists establishments (the `self` organization or ones of kind `entity`)",
                            u.id,
                            inv[u.ix].kind
                        ),
                    )
                    .at(u.at),
                );
            }
        }
    }
}

fn resolve_self(
    inv: &mut Inventory,
    named: Option<(OrgIx, Loc)>,
    names: &Names,
    diags: &mut Vec<Diagnostic>,
) {
    let selves: Vec<OrgIx> = (0..inv.organizations.len() as u32)
        .map(OrgIx)
        .filter(|o| inv[*o].kind == OrgKind::SelfOrg)
        .collect();
    if let Some((org, at)) = named {
        inv.self_org = Some(org);
        for o in selves.into_iter().filter(|o| *o != org) {
            diags.push(
                Diagnostic::error(
                    "INV007",
                    format!(
                        "`{}` has `kind: self`, but carto.yaml names `{}` as self",
                        inv[o].common.id, inv[org].common.id
                    ),
                )
                .at(inv[o].common.at)
                .note("self named here", at),
            );
        }
        return;
    }
    match selves.as_slice() {
        [one] => inv.self_org = Some(*one),
        [] => {
            let empty = names.entities.is_empty();
            let d = if empty {
                Diagnostic::error(
                    "INV007",
                    "the inventory is empty: no organization with `kind: self`",
                )
                .help(format!(
                    "run `carto init {}` to start an inventory, or point `-i` at one",
                    inv.root.display()
                ))
            } else {
                Diagnostic::error(
                    "INV007",
                    "no `self` organization: one organization must have `kind: self` (the controller whose register this is)",
                )
                .help("add `kind: self` to your organization, or name it in carto.yaml: `self: <id>`")
            };
            diags.push(d);
        }
        [first, rest @ ..] => {
            let mut d = Diagnostic::error(
                "INV007",
                format!(
                    "{} organizations have `kind: self`; exactly one may",
                    rest.len() + 1
                ),
            )
            .at(inv[*first].common.at)
            .help("keep `kind: self` on one, or name it in carto.yaml: `self: <id>`");
            for o in rest {
                d = d.note(
                    format!("`{}` is also self", inv[*o].common.id),
                    inv[*o].common.at,
                );
            }
            diags.push(d);
        }
    }
}
