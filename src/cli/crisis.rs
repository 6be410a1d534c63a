//! `carto crisis -o pack.html`: the printable crisis pack.

use super::{CmdError, Ctx, Exit, Output};
use crate::model::Criticality;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The lowest criticality that gets a page of its own
    #[arg(long, value_name = "LEVEL", default_value = "vital", value_parser = ["vital", "high", "medium", "low"])]
    pub min_criticality: String,
    /// Language of the pack [default: `language:` in carto.yaml, else en]
    #[arg(long, value_name = "LANG", value_parser = ["en", "fr"])]
    pub lang: Option<String>,
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let loaded = ctx.load()?;
    let inv = &loaded.inventory;
    let min = Criticality::parse(&args.min_criticality).unwrap_or(Criticality::Vital);
    let lang = args
        .lang
        .as_deref()
        .and_then(crate::model::Language::parse)
        .or(inv.settings.language)
        .unwrap_or(crate::model::Language::En);
    let graph = ctx.graph(inv);
    let html = ctx.timed("crisis pack made", || {
        crate::crisis::pack(
            inv,
            &graph,
            &crate::crisis::Options {
                min,
                today: graph.today,
                lang,
            },
        )
    });
    out.push(&html);
    Ok(Exit::Ok)
}
