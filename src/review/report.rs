//! The evidence of a campaign for an auditor: its scope, the reviewers and
//! how many of their decisions came back, every decision with its comment,
//! what `apply` changed in the inventory, and what remains overdue.

use super::{Applied, Campaign, Decided};
use crate::export::formats::html_escape as esc;
use crate::model::{Date, Inventory};
use serde::Serialize;
use std::fmt::Write as _;

#[derive(Serialize)]
pub struct ReviewerStatus {
    pub id: String,
    pub name: String,
    pub role: String,
    pub file: String,
    pub returned: bool,
    pub rows: usize,
    pub decided: usize,
    pub missing: usize,
}

#[derive(Serialize)]
pub struct Overdue {
    pub grant: String,
    pub reviewed: Option<String>,
    pub declared: String,
}

#[derive(Serialize)]
pub struct Report {
    pub version: u32,
    pub started: String,
    pub commit: Option<String>,
    pub scope: super::Scope,
    pub reviewers: Vec<ReviewerStatus>,
    pub decisions: Vec<Decided>,
    pub applied: Option<Applied>,
    pub overdue: Vec<Overdue>,
}

/// Per reviewer: did the workbook come back, how many decisions are in it.
pub fn status(c: &Campaign, decided: &[Decided], missing_files: &[String]) -> Vec<ReviewerStatus> {
    c.reviewers
        .iter()
        .map(|r| {
            let rows = c.lines.iter().filter(|l| l.reviewer == r.id).count();
            let done = decided
                .iter()
                .filter(|d| d.reviewer == r.id && d.decision.is_some())
                .count();
            ReviewerStatus {
                id: r.id.clone(),
                name: r.name.clone(),
                role: r.role.clone(),
                file: r.file.clone(),
                returned: !missing_files.contains(&r.file) && done > 0,
                rows,
                decided: done,
                missing: rows - done.min(rows),
            }
        })
        .collect()
}

/// The report; `inv` is the inventory as it is now (for what is overdue).
pub fn build(
    c: &Campaign,
    decided: Vec<Decided>,
    missing_files: &[String],
    applied: Option<Applied>,
    inv: &Inventory,
    today: Date,
) -> Report {
    let oldest = inv.settings.review_max_age.before(today);
    let now: crate::hash::HashMap<String, crate::model::GrantIx> =
        super::fingerprints(inv).into_iter().collect();
    let overdue = c
        .lines
        .iter()
        .filter_map(|l| now.get(&l.fingerprint).map(|g| &inv[*g]))
        .filter(|g| g.reviewed.is_none_or(|d| d < oldest))
        .map(|g| Overdue {
            grant: g.common.id.to_string(),
            reviewed: g.reviewed.map(|d| d.to_string()),
            declared: inv.sources.file_line(g.common.at),
        })
        .collect();
    Report {
        version: 1,
        started: c.started.clone(),
        commit: c.commit.clone(),
        scope: c.scope.clone(),
        reviewers: status(c, &decided, missing_files),
        decisions: decided,
        applied,
        overdue,
    }
}

fn decision_word(d: &Decided) -> String {
    match d.decision {
        None => "(none)".into(),
        Some(super::Decision::Keep) => "keep".into(),
        Some(super::Decision::Revoke) => "revoke".into(),
        Some(super::Decision::Level(l)) => format!("set {l}"),
    }
}

/// The report as one printable HTML page.
pub fn html(r: &Report) -> String {
    let mut s = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Access review - evidence</title>\n<style>body{font:11pt/1.4 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#1f2933}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #bcc5ce;padding:.25rem .4rem;text-align:left;vertical-align:top}th{background:#eef2f6}h2{margin-top:1.5rem}tr{break-inside:avoid}@page{size:A4;margin:15mm}</style>\n</head>\n<body>\n<h1>Access review: evidence</h1>\n",
    );
    let scope = if r.scope.targets.is_empty() && r.scope.tags.is_empty() && !r.scope.overdue {
        "every grant".to_string()
    } else {
        let mut parts = Vec::new();
        if !r.scope.targets.is_empty() {
            parts.push(format!("grants on {}", r.scope.targets.join(", ")));
        }
        if !r.scope.tags.is_empty() {
            parts.push(format!("applications tagged {}", r.scope.tags.join(", ")));
        }
        if r.scope.overdue {
            parts.push("grants due for review".into());
        }
        parts.join("; ")
    };
    let _ = writeln!(
        s,
        "<table><tr><th>started</th><td>{}</td></tr><tr><th>inventory commit</th><td>{}</td></tr><tr><th>scope</th><td>{}</td></tr><tr><th>applied</th><td>{}</td></tr></table>",
        esc(&r.started),
        esc(r.commit.as_deref().unwrap_or("(not in git)")),
        esc(&scope),
        esc(&r
            .applied
            .as_ref()
            .map_or("not yet".to_string(), |a| format!(
                "on {}, {} files changed",
                a.date,
                a.files.len()
            )))
    );
    s.push_str("<h2>Reviewers</h2>\n<table><thead><tr><th>reviewer</th><th>role</th><th>workbook</th><th>returned</th><th>grants</th><th>decided</th><th>missing</th></tr></thead><tbody>\n");
    for v in &r.reviewers {
        let _ = writeln!(
            s,
            "<tr><td>{} ({})</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&v.name),
            esc(&v.id),
            esc(&v.role),
            esc(&v.file),
            if v.returned { "yes" } else { "no" },
            v.rows,
            v.decided,
            v.missing
        );
    }
    s.push_str("</tbody></table>\n<h2>Decisions</h2>\n<table><thead><tr><th>grant</th><th>reviewer</th><th>decision</th><th>comment</th></tr></thead><tbody>\n");
    for d in r.decisions.iter().filter(|d| d.decision.is_some()) {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&d.grant),
            esc(&d.reviewer),
            esc(&decision_word(d)),
            esc(&d.comment)
        );
    }
    s.push_str("</tbody></table>\n");
    if let Some(a) = &r.applied {
        let _ = writeln!(
            s,
            "<h2>Changed in the inventory</h2>\n<p>On {}: {}.</p>",
            esc(&a.date),
            esc(&a.files.join(", "))
        );
    }
    s.push_str("<h2>Still overdue</h2>\n");
    if r.overdue.is_empty() {
        s.push_str("<p>No grant of the campaign is overdue for review.</p>\n");
    } else {
        s.push_str("<table><thead><tr><th>grant</th><th>last reviewed</th><th>declared at</th></tr></thead><tbody>\n");
        for o in &r.overdue {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&o.grant),
                esc(o.reviewed.as_deref().unwrap_or("never")),
                esc(&o.declared)
            );
        }
        s.push_str("</tbody></table>\n");
    }
    s.push_str("</body>\n</html>\n");
    s
}
