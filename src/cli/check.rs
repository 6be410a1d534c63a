//! `carto check`: load, validate and lint; findings as text or JSON; exit 1
//! on error findings (or warnings under `--deny-warnings`), 3 when the
//! inventory cannot be loaded.

use super::{CmdError, Ctx, Exit, Output};
use crate::diag::{self, Summary};
use crate::model::SourceMap;
use crate::rules;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Exit 1 on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.format(&["human", "json"])?;
    let (findings, sources, loaded, stats) = match crate::load::load(&ctx.inventory) {
        Err(f) => (f.diagnostics, f.sources, false, None),
        Ok(l) => {
            let inv = &l.inventory;
            let mut all = l.warnings.clone();
            all.extend(rules::apply_overrides(inv, rules::run(inv)));
            diag::sort(&mut all);
            let stats = (inv.sources.files.len(), inv.entity_count());
            (all, l.inventory.sources, true, Some(stats))
        }
    };
    let summary = Summary::of(&findings);
    match format {
        "json" => {
            let mut v = diag::render_json(&findings, &sources);
            v["loaded"] = loaded.into();
            out.push(&format!("{v:#}\n"));
        }
        _ => {
            out.push(&diag::render_human(&findings, &sources, ctx.style));
            if !ctx.quiet {
                out.push(&summary_line(&summary, stats, &sources));
            }
        }
    }
    Ok(if !loaded {
        Exit::Load
    } else if summary.error > 0 || (args.deny_warnings && summary.warning > 0) {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn summary_line(s: &Summary, stats: Option<(usize, usize)>, sources: &SourceMap) -> String {
    let counts = format!(
        "{}, {}, {}",
        plural(s.error, "error"),
        plural(s.warning, "warning"),
        plural(s.info, "note")
    );
    match stats {
        Some((files, entities)) => format!(
            "carto: checked {} and {}: {counts}\n",
            plural(files, "file"),
            plural(entities, "entity").replace("entitys", "entities")
        ),
        None => format!(
            "carto: the inventory cannot be loaded ({} read): {counts}\n",
            plural(sources.files.len(), "file")
        ),
    }
}
