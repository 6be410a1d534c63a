//! `carto diff BASE [HEAD]`: what a change does to the inventory. BASE and
//! HEAD are directories or git revisions (of the repository holding the
//! inventory); HEAD defaults to the inventory as it is on disk. Exit 1 when
//! the change introduces an error finding.

use super::{CmdError, Ctx, Exit, Output, check};
use crate::diff;
use crate::load::git::GitError;
use crate::rules::Levels;
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A directory, or a git revision (`main`, `HEAD~1`, a commit)
    pub base: String,
    /// A directory or a git revision; default: the inventory on disk
    pub head: Option<String>,
}

/// One side of the comparison, loaded: a directory as it is on disk, or
/// the inventory at a git revision, read from git into memory (nothing of
/// an untrusted revision is written to disk).
fn side(ctx: &Ctx, spec: &str) -> Result<crate::load::Loaded, CmdError> {
    let p = Path::new(spec);
    if p.is_dir() {
        return ctx.load_at(p).map_err(CmdError::Load);
    }
    let loaded = ctx
        .timed("revision read", || {
            crate::load::git::load_revision(&ctx.inventory, spec)
        })
        .map_err(|e| match e {
            GitError::NotARevision(_) => CmdError::Usage(e.to_string()),
            GitError::Failed(m) => CmdError::Failure(m),
        })?;
    loaded.map_err(CmdError::Load)
}

fn state(ctx: &Ctx, loaded: crate::load::Loaded) -> Result<diff::State, CmdError> {
    let findings = check::check_loaded(ctx, &loaded, &Levels::default())?;
    let graph = ctx.graph(&loaded.inventory);
    let s = diff::state(&loaded.inventory, &graph, &findings);
    drop(graph);
    crate::par::drop_elsewhere(loaded);
    Ok(s)
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.format(&["human", "md", "json"])?;
    let base = state(ctx, side(ctx, &args.base)?)?;
    let head = match &args.head {
        Some(h) => side(ctx, h)?,
        None => ctx.load()?,
    };
    let head = state(ctx, head)?;
    let changes = diff::compare(&base, &head);
    match format {
        "json" => out.push_json(&diff::json(&changes)),
        "md" => out.push(&diff::render(&changes, true)),
        _ => out.push(&diff::render(&changes, false)),
    }
    Ok(if changes.introduces_errors() {
        Exit::Findings
    } else {
        Exit::Ok
    })
}
