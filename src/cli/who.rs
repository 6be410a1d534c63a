//! `carto who ID`: who can reach a data category (and everything below
//! it), an application or a server, at which level, and why.

use super::access::{self, FilterArgs, Side};
use super::{CmdError, Ctx, Exit, Output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A data category (`health`), an application or a server
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::manual::complete_ids))]
    pub id: String,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    access::answer(ctx, &args.id, &args.filter, Side::Who, out)
}
