//! `carto what ID`: what a person, account, group or organization can reach:
//! applications and data categories, with level and why.

use super::access::{self, FilterArgs, Side};
use super::{CmdError, Ctx, Exit, Output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A person, account, group or organization
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::manual::complete_ids))]
    pub id: String,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    access::answer(ctx, &args.id, &args.filter, Side::What, out)
}
