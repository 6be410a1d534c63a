//! `carto show ID`: one entity (or taxonomy entry) with its fields and its
//! declared relations in both directions.

use super::{CmdError, Ctx, Exit, Output, resolve_arg};
use crate::model::{Inventory, Relation, Target};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<super::formats::TextFormat>,
    /// The id (prefix `data:`, `subject:`, `use:` or `entity:` when ambiguous)
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::manual::complete_ids))]
    pub id: String,
}

fn relation_json(inv: &Inventory, r: &Relation, other: Target) -> serde_json::Value {
    serde_json::json!({
        "field": r.field,
        "kind": other.kind().noun(),
        "id": inv.id(other),
        "file": (!r.at.is_builtin()).then(|| inv.sources.path(r.at)),
        "line": (!r.at.is_builtin()).then_some(r.at.line),
    })
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.pick(args.format)?;
    let loaded = ctx.load()?;
    let inv = &loaded.inventory;
    let t = resolve_arg(inv, &args.id)?;
    let c = inv.common(t);
    let fields = crate::model::entity_json(inv, t);
    let outgoing = inv.relations_of(t);
    let incoming = inv.relations_to(t);
    // In a hospital group: the establishments using a shared application.
    let graph = ctx.graph(inv);
    let users: Vec<(&str, &str)> = match t {
        Target::App(a) if graph.is_shared(a) => graph
            .users(a)
            .into_iter()
            .map(|(o, why)| (&*inv[o].common.id, why.as_str()))
            .collect(),
        _ => Vec::new(),
    };
    if format == super::formats::TextFormat::Json {
        let v = serde_json::json!({
            "version": 1,
            "id": c.id,
            "kind": t.kind().noun(),
            "file": (!c.at.is_builtin()).then(|| inv.sources.path(c.at)),
            "line": (!c.at.is_builtin()).then_some(c.at.line),
            "fields": fields,
            "relations": {
                "out": outgoing.iter().map(|r| relation_json(inv, r, r.to)).collect::<Vec<_>>(),
                "in": incoming.iter().map(|r| relation_json(inv, r, r.from)).collect::<Vec<_>>(),
            },
        });
        let mut v = v;
        if !users.is_empty() {
            v["used_by"] = users
                .iter()
                .map(|(o, why)| serde_json::json!({"establishment": o, "from": why}))
                .collect();
        }
        out.push_json(&v);
        return Ok(Exit::Ok);
    }
    let mut s = format!(
        "{} {} ({})\n  declared at {}\n",
        t.kind().noun(),
        c.id,
        crate::text::escape(c.display_name()),
        inv.sources.file_line(c.at)
    );
    if let serde_json::Value::Object(map) = &fields {
        s.push_str("\nfields:\n");
        for (k, v) in map {
            let shown = match v {
                serde_json::Value::String(x) => x.clone(),
                serde_json::Value::Array(items) if items.iter().all(|i| i.is_string()) => items
                    .iter()
                    .filter_map(|i| i.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.to_string(),
            };
            s.push_str(&format!("  {k}: {}\n", crate::text::escape(&shown)));
        }
    }
    let mut section = |title: &str, rels: &[Relation], outward: bool| {
        if rels.is_empty() {
            return;
        }
        s.push_str(&format!("\n{title}:\n"));
        for r in rels {
            let other = if outward { r.to } else { r.from };
            let line = if outward {
                format!("  {} -> {} {}", r.field, other.kind().noun(), inv.id(other))
            } else {
                // Read as a sentence: "flow gam->dpi names it in `to`".
                format!(
                    "  {} {} names it in `{}`",
                    other.kind().noun(),
                    inv.id(other),
                    r.field
                )
            };
            s.push_str(&format!("{line}  ({})\n", inv.sources.file_line(r.at)));
        }
    };
    section("relations out", &outgoing, true);
    section("relations in", &incoming, false);
    if !users.is_empty() {
        s.push_str("\nshared application, used by:\n");
        for (o, why) in &users {
            if *why == "used_by" {
                s.push_str(&format!("  {o}  (declared in used_by)\n"));
            } else {
                s.push_str(&format!("  {o}  (from its {why})\n"));
            }
        }
    }
    out.push(&s);
    Ok(Exit::Ok)
}
