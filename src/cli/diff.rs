//! `carto diff BASE [HEAD]`: what a change does to the inventory. BASE and
//! HEAD are directories or git revisions (of the repository holding the
//! inventory); HEAD defaults to the inventory as it is on disk. Exit 1 when
//! the change introduces an error finding.

use super::formats::DiffFormat;
use super::{CmdError, Ctx, Exit, Output, check};
use crate::diff;
use crate::load::Source;
use crate::load::git::GitError;
use crate::rules::Levels;
use std::path::Path;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<DiffFormat>,
    /// A directory, or a git revision (`main`, `HEAD~1`, a commit)
    pub base: String,
    /// A directory or a git revision; default: the inventory on disk
    pub head: Option<String>,
}

/// One side of the comparison: a directory as it is on disk, or the
/// inventory at a git revision, read from git into memory (nothing of an
/// untrusted revision is written to disk).
fn side<'a>(ctx: &'a Ctx, spec: &'a str) -> Result<Source<'a>, CmdError> {
    let p = Path::new(spec);
    if p.is_dir() {
        return Ok(Source::Dir(p));
    }
    let revision = ctx
        .timed("revision read", || {
            crate::load::git::read_revision(&ctx.inventory, spec)
        })
        .map_err(|e| match e {
            GitError::NotARevision(_) => CmdError::Usage(e.to_string()),
            GitError::Failed(m) => CmdError::Failure(m),
        })?;
    let (blobs, warnings) = revision.map_err(CmdError::Load)?;
    Ok(Source::Blobs {
        root: &ctx.inventory,
        blobs,
        warnings,
    })
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.pick(args.format)?;
    let base = side(ctx, &args.base)?;
    let head = match &args.head {
        Some(h) => side(ctx, h)?,
        None => Source::Dir(&ctx.inventory),
    };
    // The head first; the base's files that are the same are not parsed again.
    let (base, head) = ctx.timed("both sides loaded", || {
        crate::load::load_pair(base, head, &|_, _| {})
    });
    let (base, head) = (base.map_err(CmdError::Load)?, head.map_err(CmdError::Load)?);
    let levels = Levels::default();
    let (bg, hg) = (ctx.graph(&base.inventory), ctx.graph(&head.inventory));
    let base_findings = check::check_with_graph(ctx, &base, &bg, &levels)?;
    let head_findings = check::check_with_graph(ctx, &head, &hg, &levels)?;
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
        DiffFormat::Json => out.push_json(&diff::json(&changes)),
        DiffFormat::Md => out.push(&diff::render(&changes, true)),
        DiffFormat::Human => out.push(&diff::render(&changes, false)),
    }
    Ok(if changes.introduces_errors() {
        Exit::Findings
    } else {
        Exit::Ok
    })
}
