//! `carto who ID`: who can reach a data category (and everything below
//! it), an application or a server, at which level, and why.

use super::access::{self, FilterArgs, Side};
use super::{CmdError, Ctx, Exit, Output, resolve_arg};
use crate::model::Target;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A data category (`health`), an application or a server
    pub id: String,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    ctx.format(&["human", "json", "csv"])?;
    let filter = args.filter.filter()?;
    let loaded = ctx.load()?;
    let inv = &loaded.inventory;
    let target = resolve_arg(inv, &args.id)?;
    if !matches!(target, Target::Data(_) | Target::App(_) | Target::Server(_)) {
        return Err(CmdError::Usage(format!(
            "`{}` is {}; `who` takes a data category, an application or a server (for a principal, use `carto what`)",
            args.id,
            crate::load::kinds_phrase(&[target.kind()])
        )));
    }
    let graph = ctx.graph(inv);
    let rows = ctx.timed("answered", || graph.who(target, &filter));
    access::print(
        ctx,
        inv,
        Side::Who,
        ("target", inv.id(target).to_string().into()),
        &rows,
        args.filter.explain,
        out,
    )?;
    Ok(Exit::Ok)
}
