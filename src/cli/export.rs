//! `carto export archimate -o model.xml`: the inventory for ArchiMate
//! tools (see [`crate::export::archimate`]).

use super::{CmdError, Ctx, Exit, Output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The format: `archimate` (the Open Group exchange format, for Archi)
    #[arg(value_parser = ["archimate"])]
    pub format: String,
}

pub fn run(ctx: &Ctx, _args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let loaded = ctx.load()?;
    let inv = &loaded.inventory;
    let graph = ctx.graph(inv);
    let views = ctx.timed("views laid out", || super::diagram::archimate_views(&graph));
    out.push(&crate::export::archimate::write(inv, &graph, &views));
    Ok(Exit::Ok)
}
