//! `carto what ID`: what a person, account, group or organization can reach:
//! applications and data categories, with level and why.

use super::access::{self, FilterArgs, Side};
use super::{CmdError, Ctx, Exit, Output, resolve_arg};
use crate::model::Target;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A person, account, group or organization
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
    if !matches!(
        target,
        Target::Person(_) | Target::Account(_) | Target::Group(_) | Target::Org(_)
    ) {
        return Err(CmdError::Usage(format!(
            "`{}` is {}; `what` takes a person, an account, a group or an organization (for data or an application, use `carto who`)",
            args.id,
            crate::load::kinds_phrase(&[target.kind()])
        )));
    }
    let graph = ctx.graph(inv);
    let rows = ctx.timed("answered", || graph.what(target, &filter));
    access::print(
        ctx,
        inv,
        Side::What,
        ("principal", inv.id(target).to_string().into()),
        &rows,
        args.filter.explain,
        out,
    )?;
    Ok(Exit::Ok)
}
