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
    /// A directory, or a git revision (`main`, `HEAD~1`, a commit); with
    /// --db, a snapshot id
    pub base: String,
    /// A directory or a git revision; default: the inventory on disk (with
    /// --db: a snapshot id, default the latest)
    pub head: Option<String>,
    /// Compare two snapshots stored in this database (a SQLite file or a
    /// PostgreSQL connection string) instead of two inventories
    #[arg(long, value_name = "FILE|URL")]
    pub db: Option<std::path::PathBuf>,
}

/// `diff --db DB A [B]`: two stored snapshots, without the YAML.
fn stored(ctx: &Ctx, args: &Args, db: &Path, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.pick(args.format)?;
    let id = |s: &str| {
        s.parse::<i64>().map_err(|_| {
            CmdError::Usage(format!(
                "with --db, `{s}` must be a snapshot id (see `carto history`)"
            ))
        })
    };
    let a = id(&args.base)?;
    let fail = |e: crate::store::StoreError| CmdError::Failure(e.to_string());
    let shown = db.to_string_lossy();
    let (mut store, _) = crate::store::Store::open(&shown).map_err(fail)?;
    let b = match &args.head {
        Some(h) => id(h)?,
        None => {
            let mut latest = None;
            store
                .query_each(
                    "select max(id) from snapshots",
                    None,
                    std::time::Duration::from_secs(60),
                    &mut |e| {
                        if let crate::store::Event::Row(r) = e {
                            latest = r.first().and_then(|v| {
                                v.as_i64()
                                    .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                            });
                        }
                    },
                )
                .map_err(fail)?;
            latest.ok_or_else(|| CmdError::Failure("the database holds no snapshot".into()))?
        }
    };
    let changes = ctx
        .timed("compared", || crate::store::compare(&mut store, a, b))
        .map_err(|e| match e {
            crate::store::StoreError::Pg(m) if m.starts_with("there is no snapshot") => {
                CmdError::Usage(m)
            }
            other => fail(other),
        })?;
    Ok(answer(format, &changes, out))
}

/// Prints the changes; exit 1 when they introduce an error finding.
fn answer(format: DiffFormat, changes: &diff::Changes, out: &mut Output) -> Exit {
    match format {
        DiffFormat::Json => out.push_json(&diff::json(changes)),
        DiffFormat::Md => out.push(&diff::render(changes, true)),
        DiffFormat::Human => out.push(&diff::render(changes, false)),
    }
    if changes.introduces_errors() {
        Exit::Findings
    } else {
        Exit::Ok
    }
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
    if let Some(db) = &args.db {
        return stored(ctx, args, db, out);
    }
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
    Ok(answer(format, &changes, out))
}
