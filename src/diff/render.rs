//! A change as people read it (plain text for a terminal, Markdown for a
//! pull-request comment) and as JSON.

use super::{AccessChange, Changes, FieldChange, Finding, LevelChange, Move, Named};
use std::fmt::Write;

/// Markdown for text that may hold `code` spans (carto's messages quote ids
/// in backticks): the spans are kept, the rest escaped only where Markdown
/// would read it as markup. Controls are escaped, newlines become spaces.
fn md_text(s: &str) -> String {
    let s = crate::text::escape(s);
    let mut out = String::with_capacity(s.len() + 8);
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 1 {
            out.push('`');
            out.push_str(part);
            out.push('`');
            continue;
        }
        for c in part.chars() {
            if matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '&' | '|' | '#') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    // An unmatched backtick was closed by the loop: every span is balanced.
    out
}

/// An id as code in Markdown (a backtick in it cannot close the span).
fn md_code(s: &str) -> String {
    format!("`{}`", crate::text::escape(s).replace('`', "'"))
}

struct Style {
    markdown: bool,
}

impl Style {
    fn code(&self, s: &str) -> String {
        if self.markdown {
            md_code(s)
        } else {
            crate::text::escape(s).into_owned()
        }
    }

    fn text(&self, s: &str) -> String {
        if self.markdown {
            md_text(s)
        } else {
            crate::text::escape(s).into_owned()
        }
    }

    /// "Alice Martin (`alice`)", or "`alice`" when it has no other name.
    fn named(&self, n: &Named) -> String {
        match n.name.as_deref().filter(|x| *x != n.id) {
            Some(name) => format!("{} ({})", self.text(name), self.code(&n.id)),
            None => self.code(&n.id),
        }
    }

    fn heading(&self, out: &mut String, title: &str) {
        if self.markdown {
            let _ = writeln!(out, "\n### {title}\n");
        } else {
            let _ = writeln!(out, "\n{title}:");
        }
    }

    fn item(&self) -> &'static str {
        if self.markdown { "- " } else { "  " }
    }
}

fn level_change(st: &Style, c: &LevelChange) -> String {
    let data: Vec<String> = c.data.iter().map(|d| st.code(d)).collect();
    let data = data.join(", ");
    let lv = |l: Option<crate::model::Level>| l.map_or("none", |l| l.as_str());
    match c.moved {
        Move::Gained => format!("gains {} ({data})", lv(c.after)),
        Move::Lost => format!("loses {} ({data})", lv(c.before)),
        Move::Raised | Move::Lowered => {
            format!("{} -> {} ({data})", lv(c.before), lv(c.after))
        }
    }
}

fn access_line(st: &Style, a: &AccessChange) -> String {
    let parts: Vec<String> = a.changes.iter().map(|c| level_change(st, c)).collect();
    format!(
        "{} ({}): {} on {}",
        st.named(&a.principal),
        a.principal.kind,
        parts.join("; "),
        st.named(&a.application)
    )
}

fn finding_line(st: &Style, f: &Finding) -> String {
    let on = f
        .entity
        .as_deref()
        .map(|e| format!(" on {}", st.code(e)))
        .unwrap_or_default();
    format!(
        "{} {}{on}: {}",
        f.severity,
        st.code(&f.rule),
        st.text(&f.message)
    )
}

fn short(v: &Option<serde_json::Value>) -> String {
    match v {
        None => "(none)".into(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(x) => x.to_string(),
    }
}

fn field_line(st: &Style, f: &FieldChange) -> String {
    // Text values as text, lists and objects as code (JSON reads best as is).
    let value = |v: &Option<serde_json::Value>| match v {
        Some(serde_json::Value::String(_)) | None => st.text(&short(v)),
        Some(_) => st.code(&short(v)),
    };
    format!(
        "{}: {} -> {}",
        st.code(&f.field),
        value(&f.before),
        value(&f.after)
    )
}

/// The change as Markdown (a pull-request comment) or plain text.
pub fn render(c: &Changes, markdown: bool) -> String {
    let st = Style { markdown };
    let item = st.item();
    let mut s = String::new();
    if markdown {
        s.push_str("## carto: what this change does to the inventory\n");
    }
    if c.is_empty() {
        s.push_str(if markdown {
            "\nNo semantic change.\n"
        } else {
            "no semantic change\n"
        });
        return s;
    }
    let (special, other): (Vec<&AccessChange>, Vec<&AccessChange>) =
        c.access.iter().partition(|a| a.special());
    for (title, list) in [
        ("Access to special data", special),
        ("Access to other data", other),
    ] {
        if list.is_empty() {
            continue;
        }
        st.heading(&mut s, &format!("{title} ({})", list.len()));
        for a in list {
            let _ = writeln!(s, "{item}{}", access_line(&st, a));
        }
    }
    if !c.findings_introduced.is_empty() {
        st.heading(
            &mut s,
            &format!("Findings introduced ({})", c.findings_introduced.len()),
        );
        for f in &c.findings_introduced {
            let _ = writeln!(s, "{item}{}", finding_line(&st, f));
        }
    }
    if !c.findings_changed.is_empty() {
        st.heading(
            &mut s,
            &format!("Findings reworded, not new ({})", c.findings_changed.len()),
        );
        for (before, after) in &c.findings_changed {
            let _ = writeln!(s, "{item}{}", finding_line(&st, after));
            let was = if before.severity != after.severity {
                format!("{}: {}", before.severity, st.text(&before.message))
            } else {
                st.text(&before.message)
            };
            let indent = if markdown { "  " } else { "    " };
            let _ = writeln!(s, "{indent}(was: {was})");
        }
    }
    if !c.findings_resolved.is_empty() {
        st.heading(
            &mut s,
            &format!("Findings resolved ({})", c.findings_resolved.len()),
        );
        for f in &c.findings_resolved {
            let _ = writeln!(s, "{item}{}", finding_line(&st, f));
        }
    }
    if !c.transfers_added.is_empty() || !c.countries_added.is_empty() {
        st.heading(&mut s, "New countries and transfers");
        for x in &c.countries_added {
            let _ = writeln!(s, "{item}personal data now reaches {}", st.code(x));
        }
        for (o, country, declared) in &c.transfers_added {
            let d = if *declared {
                "declared"
            } else {
                "NOT declared by any processing"
            };
            let _ = writeln!(
                s,
                "{item}transfer to {} in {}: {d}",
                st.code(o),
                st.code(country)
            );
        }
    }
    if !c.transfers_removed.is_empty() || !c.countries_removed.is_empty() {
        st.heading(&mut s, "Countries and transfers no longer reached");
        for x in &c.countries_removed {
            let _ = writeln!(s, "{item}{}", st.code(x));
        }
        for (o, country, _) in &c.transfers_removed {
            let _ = writeln!(
                s,
                "{item}transfer to {} in {}",
                st.code(o),
                st.code(country)
            );
        }
    }
    if !c.flows_added.is_empty() || !c.flows_removed.is_empty() {
        st.heading(&mut s, "Flows");
        for f in &c.flows_added {
            let _ = writeln!(s, "{item}added {}", st.code(f));
        }
        for f in &c.flows_removed {
            let _ = writeln!(s, "{item}removed {}", st.code(f));
        }
    }
    if !c.added.is_empty() || !c.removed.is_empty() || !c.changed.is_empty() {
        st.heading(&mut s, "Entities");
        for n in &c.added {
            let _ = writeln!(s, "{item}added {} {}", n.kind, st.named(n));
        }
        for n in &c.removed {
            let _ = writeln!(s, "{item}removed {} {}", n.kind, st.named(n));
        }
        for (n, fields) in &c.changed {
            let _ = writeln!(s, "{item}changed {} {}", n.kind, st.named(n));
            for f in fields {
                let sub = if markdown { "  - " } else { "      " };
                let _ = writeln!(s, "{sub}{}", field_line(&st, f));
            }
        }
    }
    s
}

fn named_json(n: &Named) -> serde_json::Value {
    serde_json::json!({"kind": n.kind, "id": n.id, "name": n.name})
}

fn finding_json(f: &Finding) -> serde_json::Value {
    serde_json::json!({
        "fingerprint": f.fingerprint,
        "severity": f.severity,
        "rule": f.rule,
        "entity": f.entity,
        "message": f.message,
    })
}

/// The change as JSON (contract in docs/json.md; version 2 groups access
/// per principal and application, and compares findings by fingerprint).
pub fn json(c: &Changes) -> serde_json::Value {
    let transfer = |v: &[super::Transfer]| -> Vec<serde_json::Value> {
        v.iter()
            .map(|(o, c, d)| serde_json::json!({"organization": o, "country": c, "declared": d}))
            .collect()
    };
    serde_json::json!({
        "version": 2,
        "entities": {
            "added": c.added.iter().map(named_json).collect::<Vec<_>>(),
            "removed": c.removed.iter().map(named_json).collect::<Vec<_>>(),
            "changed": c.changed.iter().map(|(n, f)| {
                let mut v = named_json(n);
                v["fields"] = f.iter().map(|x| serde_json::json!({"field": x.field, "before": x.before, "after": x.after})).collect();
                v
            }).collect::<Vec<_>>(),
        },
        "access": c.access.iter().map(|a| serde_json::json!({
            "principal": named_json(&a.principal),
            "application": named_json(&a.application),
            "special": a.special(),
            "changes": a.changes.iter().map(|x| serde_json::json!({
                "change": x.moved.as_str(),
                "before": x.before.map(|l| l.as_str()),
                "after": x.after.map(|l| l.as_str()),
                "data": x.data,
                "special": x.special,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "flows": {"added": c.flows_added, "removed": c.flows_removed},
        "countries": {"added": c.countries_added, "removed": c.countries_removed},
        "transfers": {"added": transfer(&c.transfers_added), "removed": transfer(&c.transfers_removed)},
        "findings": {
            "introduced": c.findings_introduced.iter().map(finding_json).collect::<Vec<_>>(),
            "resolved": c.findings_resolved.iter().map(finding_json).collect::<Vec<_>>(),
            "changed": c.findings_changed.iter().map(|(b, a)| serde_json::json!({"before": finding_json(b), "after": finding_json(a)})).collect::<Vec<_>>(),
        },
        "introduces_errors": c.introduces_errors(),
    })
}

#[cfg(test)]
mod tests {
    use super::md_text;

    #[test]
    fn markdown_keeps_code_spans_and_escapes_only_markup() {
        assert_eq!(
            md_text("flow `dpi->lab` carries *x* <b>"),
            "flow `dpi->lab` carries \\*x\\* \\<b>"
        );
        assert_eq!(md_text("a `b"), "a `b`");
        assert_eq!(md_text("line\nbreak"), "line\\\\nbreak");
    }
}
