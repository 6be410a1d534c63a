//! Access review campaigns ("revue des habilitations"): the grants to
//! review, one workbook per reviewer, the decisions read back and written
//! into the inventory as minimal text changes, and the evidence.
//!
//! A campaign is a folder: `campaign.json` (what was sent: each grant by a
//! fingerprint of its content, never its line, and the cells as written),
//! one `review-<reviewer>.xlsx` per reviewer, and after `apply`,
//! `applied.json` (what changed in the inventory).

pub mod edit;
pub mod report;
pub mod workbook;

use crate::diag::Diagnostic;
use crate::graph::Graph;
use crate::model::{Date, GrantIx, Inventory, Target};
use edit::Decision;
use serde::{Deserialize, Serialize};

/// What a campaign covers.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Scope {
    /// Only grants on these applications or servers (empty: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
    /// Only grants on applications with one of these tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Only grants never reviewed or reviewed longer ago than `review_max_age`.
    #[serde(default)]
    pub overdue: bool,
}

/// One grant sent for review.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Line {
    pub fingerprint: String,
    pub grant: String,
    pub who: String,
    pub to: String,
    pub reviewer: String,
    /// Where it was declared when the campaign started.
    pub declared: String,
    /// The workbook's cells before the decision, as written (a returned
    /// row must still hold them).
    pub cells: Vec<String>,
    /// Special data reached, for the report.
    #[serde(default)]
    pub special: bool,
}

/// A reviewer and their workbook.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Reviewer {
    pub id: String,
    pub name: String,
    pub file: String,
    /// Why this reviewer: owner of the application, of the group, or the DPO.
    pub role: String,
}

/// `campaign.json`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Campaign {
    pub version: u32,
    pub started: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    pub scope: Scope,
    pub reviewers: Vec<Reviewer>,
    pub lines: Vec<Line>,
}

/// A failure of a campaign command: what and where.
#[derive(Debug)]
pub struct ReviewError(pub String);

impl From<edit::EditError> for ReviewError {
    fn from(e: edit::EditError) -> Self {
        ReviewError(e.0)
    }
}

/// A grant's fingerprint: its content (who, to, level, data restrictions,
/// gateway), never its place, as 16 hex digits.
pub fn fingerprint(inv: &Inventory, g: GrantIx) -> String {
    let g = &inv[g];
    let mut h = crate::hash::Fnv::default();
    h.part(inv.id(g.who.ix).as_bytes());
    h.part(inv.id(g.to.ix).as_bytes());
    h.part(g.level.as_str().as_bytes());
    let mut data: Vec<&str> = g.data.iter().map(|d| &*d.id).collect();
    data.sort_unstable();
    for d in data {
        h.part(d.as_bytes());
    }
    h.part(g.via.as_ref().map_or(&b""[..], |v| v.id.as_bytes()));
    format!("{:016x}", h.0)
}

/// Every grant of the inventory by fingerprint (a repeated grant gets
/// `-2`, `-3` ... in the order written).
pub fn fingerprints(inv: &Inventory) -> Vec<(String, GrantIx)> {
    let mut seen: crate::hash::HashMap<String, usize> = Default::default();
    (0..inv.grants.len() as u32)
        .map(GrantIx)
        .map(|g| {
            let f = fingerprint(inv, g);
            let n = seen.entry(f.clone()).or_default();
            *n += 1;
            let f = if *n > 1 { format!("{f}-{n}") } else { f };
            (f, g)
        })
        .collect()
}

/// Who reviews a grant: the owner of the application (or server), else the
/// owner of the group it is given to, else the DPO (`dpo`).
fn reviewer_of(inv: &Inventory, g: GrantIx) -> (String, String, &'static str) {
    let g = &inv[g];
    let named = |t: Target| {
        (
            inv.id(t).to_string(),
            inv.common(t).display_name().to_string(),
        )
    };
    if let Some(o) = &inv.common(g.to.ix).owner {
        let (id, name) = named(o.ix);
        return (id, name, "owner of the application");
    }
    if let Target::Group(_) = g.who.ix
        && let Some(o) = &inv.common(g.who.ix).owner
    {
        let (id, name) = named(o.ix);
        return (id, name, "owner of the group");
    }
    let dpo = inv
        .self_org
        .and_then(|o| inv[o].dpo.as_ref())
        .and_then(|c| c.name.clone())
        .unwrap_or_else(|| "DPO".into());
    ("dpo".into(), dpo, "data protection officer")
}

fn in_scope(inv: &Inventory, g: GrantIx, scope: &Scope, today: Date) -> bool {
    let grant = &inv[g];
    let target = inv.common(grant.to.ix);
    if !scope.targets.is_empty() && !scope.targets.iter().any(|t| *t == *target.id) {
        return false;
    }
    if !scope.tags.is_empty() && !scope.tags.iter().any(|t| target.has_tag(t)) {
        return false;
    }
    if scope.overdue {
        let oldest = inv.settings.review_max_age.before(today);
        if grant.reviewed.is_some_and(|d| d >= oldest) {
            return false;
        }
    }
    true
}

/// The rows of a campaign: every grant in scope, its reviewer and the
/// cells of its row (see [`workbook::COLUMNS`]).
pub fn lines(
    inv: &Inventory,
    g: &Graph,
    findings: &[Diagnostic],
    scope: &Scope,
    today: Date,
) -> (Vec<Line>, Vec<Reviewer>) {
    let mut by_entity: crate::hash::HashMap<&str, Vec<&Diagnostic>> = Default::default();
    for f in findings {
        if let Some(e) = &f.entity {
            by_entity.entry(e).or_default().push(f);
        }
    }
    let mut reviewers: Vec<Reviewer> = Vec::new();
    let mut taken = crate::hash::HashSet::default();
    let mut out = Vec::new();
    for (fp, gi) in fingerprints(inv) {
        if !in_scope(inv, gi, scope, today) {
            continue;
        }
        let grant = &inv[gi];
        let (rid, rname, role) = reviewer_of(inv, gi);
        if !reviewers.iter().any(|r| r.id == rid) {
            let slug = crate::text::slug(&rid, 48);
            let mut file = format!("review-{slug}.xlsx");
            let mut k = 2;
            while !taken.insert(file.clone()) {
                file = format!("review-{slug}-{k}.xlsx");
                k += 1;
            }
            reviewers.push(Reviewer {
                id: rid.clone(),
                name: rname,
                file,
                role: role.into(),
            });
        }
        let who = grant.who.ix;
        let status = match who {
            Target::Person(p) if inv[p].inactive(today) => "left",
            _ if grant.expired(today) => "expired",
            _ => "active",
        };
        // Data reached, special first.
        let mut data: Vec<(bool, String)> = g
            .grant_apps(gi)
            .into_iter()
            .flat_map(|a| g.grant_data(gi, a))
            .map(|d| (inv[d].special.is_none(), inv[d].common.id.to_string()))
            .collect();
        data.sort();
        data.dedup();
        let special = data.iter().any(|(s, _)| !s);
        let data: Vec<String> = data.into_iter().map(|(_, d)| d).collect();
        let people: Vec<String> = match who {
            Target::Group(_) => g
                .member_depths(who)
                .into_iter()
                .filter(|(t, _)| matches!(t, Target::Person(_)))
                .map(|(t, _)| inv.id(t).to_string())
                .collect(),
            _ => Vec::new(),
        };
        let behind = match people.len() {
            0 => String::new(),
            n if n <= 8 => people.join(", "),
            n => format!("{} ... ({n} people)", people[..8].join(", ")),
        };
        let found: Vec<String> = by_entity
            .get(&*grant.common.id)
            .into_iter()
            .flatten()
            .map(|f| format!("{}: {}", f.rule, f.message))
            .collect();
        let cells = vec![
            fp.clone(),
            inv.common(who).display_name().to_string(),
            format!("{} {}", crate::graph::kind_word(who), inv.id(who)),
            status.to_string(),
            inv.id(grant.to.ix).to_string(),
            grant.level.as_str().to_string(),
            data.join(", "),
            behind,
            grant.reason.clone().unwrap_or_default(),
            grant.reviewed.map(|d| d.to_string()).unwrap_or_default(),
            found.join("\n"),
        ];
        out.push(Line {
            fingerprint: fp,
            grant: grant.common.id.to_string(),
            who: inv.id(who).to_string(),
            to: inv.id(grant.to.ix).to_string(),
            reviewer: rid,
            declared: inv.sources.file_line(grant.common.at),
            cells: cells.into_iter().map(|c| workbook::cell_text(&c)).collect(),
            special,
        });
    }
    (out, reviewers)
}

/// One decision read back: the line, the decision, the comment, and where
/// it was read (file, row).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Decided {
    pub fingerprint: String,
    pub grant: String,
    pub reviewer: String,
    pub decision: Option<Decision>,
    pub comment: String,
    pub file: String,
    pub row: usize,
}

/// Reads every returned workbook of a campaign; all problems at once.
pub fn read_decisions(
    dir: &std::path::Path,
    c: &Campaign,
) -> Result<(Vec<Decided>, Vec<String>), Vec<String>> {
    let mut decided = Vec::new();
    let mut errors = Vec::new();
    let mut missing_files = Vec::new();
    for r in &c.reviewers {
        let path = dir.join(&r.file);
        if !path.exists() {
            missing_files.push(r.file.clone());
            continue;
        }
        match workbook::read(&path, r, c) {
            Ok(mut d) => decided.append(&mut d),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok((decided, missing_files))
    } else {
        Err(errors)
    }
}

/// The grants of one entry with their decisions.
type Decisions = Vec<(GrantIx, Option<Decision>)>;

/// What `apply` changed: each decision, where, and the files written.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Applied {
    pub date: String,
    pub decisions: Vec<Decided>,
    pub files: Vec<String>,
}

/// The new texts of the inventory's files for the decisions (nothing is
/// written here): `(path, new text)`.
pub fn plan(
    inv: &Inventory,
    decided: &[Decided],
    date: Date,
) -> Result<Vec<(std::path::PathBuf, String)>, Vec<String>> {
    let now: crate::hash::HashMap<String, GrantIx> = fingerprints(inv).into_iter().collect();
    let mut errors = Vec::new();
    // Entries (file, position) -> their grants and decisions.
    let mut entries: std::collections::BTreeMap<(u32, u32, u32), Decisions> = Default::default();
    for d in decided.iter().filter(|d| d.decision.is_some()) {
        let Some(gi) = now.get(&d.fingerprint) else {
            errors.push(format!(
                "{}, row {}: grant `{}` is no longer in the inventory as it was sent (it was changed or removed since the campaign started)",
                d.file, d.row, d.grant
            ));
            continue;
        };
        let at = inv[*gi].common.at;
        entries
            .entry((at.file, at.line, at.col))
            .or_default()
            .push((*gi, d.decision));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Every grant of a touched entry, decided or not.
    let mut written_at: crate::hash::HashMap<(u32, u32, u32), Vec<GrantIx>> = Default::default();
    for (k, g) in inv.grants.iter().enumerate() {
        let at = g.common.at;
        written_at
            .entry((at.file, at.line, at.col))
            .or_default()
            .push(GrantIx(k as u32));
    }
    let mut by_file: std::collections::BTreeMap<u32, Vec<edit::Entry>> = Default::default();
    for ((file, line, col), mut ds) in entries {
        for g in written_at.get(&(file, line, col)).into_iter().flatten() {
            if !ds.iter().any(|(x, _)| x == g) {
                ds.push((*g, None));
            }
        }
        ds.sort_by_key(|(g, _)| *g);
        let at = inv[ds[0].0].common.at;
        by_file.entry(file).or_default().push(edit::Entry {
            at,
            grants: ds
                .iter()
                .map(|(g, d)| {
                    (
                        inv.id(inv[*g].who.ix).to_string(),
                        inv.id(inv[*g].to.ix).to_string(),
                        *d,
                    )
                })
                .collect(),
        });
    }
    let mut out = Vec::new();
    for (file, list) in by_file {
        let at = list[0].at;
        let rel = inv.sources.path(at).to_string();
        let path = inv.root.join(&rel);
        let result = (|| -> Result<String, edit::EditError> {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| edit::EditError(format!("{rel}: {e}")))?;
            let f = edit::File::parse(&rel, text, file)?;
            let mut edits = Vec::new();
            for e in &list {
                edits.extend(f.edit(e, &date.to_string())?);
            }
            f.apply(edits)
        })();
        match result {
            Ok(text) => out.push((path, text)),
            Err(e) => errors.push(e.0),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
