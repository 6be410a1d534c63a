//! `carto path FROM TO`: the shortest chains of declared facts that link
//! two entities.

use super::{CmdError, Ctx, Exit, Output, resolve_arg};
use crate::graph::Link;
use crate::model::Inventory;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<super::formats::TextFormat>,
    /// Where the chain starts (any id)
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::manual::complete_ids))]
    pub from: String,
    /// Where it ends (any id)
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::manual::complete_ids))]
    pub to: String,
    /// How many shortest paths to show at most (1 or more)
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: u64,
}

fn link_text(inv: &Inventory, l: &Link) -> String {
    format!("{} --{}--> {}", inv.id(l.from), l.field, inv.id(l.to))
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.pick(args.format)?;
    let loaded = ctx.load()?;
    let inv = &loaded.inventory;
    let a = resolve_arg(inv, &args.from)?;
    let b = resolve_arg(inv, &args.to)?;
    let graph = ctx.graph(inv);
    let paths = ctx.timed("answered", || graph.paths(a, b, args.limit as usize));
    if format == super::formats::TextFormat::Json {
        let v = serde_json::json!({
            "version": 1,
            "from": inv.id(a),
            "to": inv.id(b),
            "paths": paths.iter().map(|p| p.iter().map(|l| serde_json::json!({
                "from": inv.id(l.from),
                "field": l.field,
                "to": inv.id(l.to),
                "file": inv.sources.path(l.at),
                "line": l.at.line,
            })).collect::<Vec<_>>()).collect::<Vec<_>>(),
        });
        out.push_json(&v);
        return Ok(Exit::Ok);
    }
    if paths.is_empty() {
        out.push(&format!(
            "no path links `{}` and `{}`\n",
            inv.id(a),
            inv.id(b)
        ));
        return Ok(Exit::Ok);
    }
    let mut s = String::new();
    for (i, p) in paths.iter().enumerate() {
        s.push_str(&format!(
            "path {} ({}):\n",
            i + 1,
            super::plural(p.len(), "fact")
        ));
        for l in p {
            s.push_str(&format!(
                "  {}  ({})\n",
                link_text(inv, l),
                inv.sources.file_line(l.at)
            ));
        }
    }
    out.push(&s);
    Ok(Exit::Ok)
}
