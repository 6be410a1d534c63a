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

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.format(&["human", "md", "json"])?;
    let base = side(ctx, &args.base)?;
    let head = match &args.head {
        Some(h) => side(ctx, h)?,
        None => ctx.load()?,
    };
    let levels = Levels::default();
    let base_findings = check::check_loaded(ctx, &base, &levels)?;
    let head_findings = check::check_loaded(ctx, &head, &levels)?;
    let (bg, hg) = (ctx.graph(&base.inventory), ctx.graph(&head.inventory));
    let changes = ctx.timed("compared", || {
        diff::compare(
            &diff::Side {
                inv: &base.inventory,
                graph: &bg,
                findings: &base_findings,
            },
            &diff::Side {
                inv: &head.inventory,
                graph: &hg,
                findings: &head_findings,
            },
        )
    });
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
