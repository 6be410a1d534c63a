//! `carto diff BASE [HEAD]`: what a change does to the inventory. BASE and
//! HEAD are directories or git revisions (of the repository holding the
//! inventory); HEAD defaults to the inventory as it is on disk. Exit 1 when
//! the change introduces an error finding.

use super::{CmdError, Ctx, Exit, Output, check};
use crate::diff;
use crate::rules::Levels;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A directory, or a git revision (`main`, `HEAD~1`, a commit)
    pub base: String,
    /// A directory or a git revision; default: the inventory on disk
    pub head: Option<String>,
}

/// A temporary directory removed on drop.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// The inventory as it is at `rev`, written to a temporary directory
/// (`git show` of each file; the work tree and the index are not touched).
fn checkout(inventory: &Path, rev: &str, n: usize) -> Result<TempDir, CmdError> {
    let fail = |m: String| CmdError::Failure(m);
    let prefix = String::from_utf8_lossy(
        &git(inventory, &["rev-parse", "--show-prefix"]).map_err(|e| {
            fail(format!(
                "`{rev}` is neither a directory nor usable as a git revision: {e}"
            ))
        })?,
    )
    .trim()
    .to_string();
    git(
        inventory,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| CmdError::Usage(format!("`{rev}` is neither a directory nor a git revision")))?;
    let root =
        String::from_utf8_lossy(&git(inventory, &["rev-parse", "--show-toplevel"]).map_err(fail)?)
            .trim()
            .to_string();
    let dir = std::env::temp_dir().join(format!("carto-diff-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .map_err(|e| fail(format!("cannot create {}: {e}", dir.display())))?;
    let tmp = TempDir(dir);
    let list = git(
        Path::new(&root),
        &["ls-tree", "-r", "--name-only", "-z", rev, "--", &prefix],
    )
    .map_err(fail)?;
    for path in list.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let path = String::from_utf8_lossy(path).to_string();
        if !(path.ends_with(".yaml") || path.ends_with(".yml")) {
            continue;
        }
        let bytes = git(Path::new(&root), &["show", &format!("{rev}:{path}")]).map_err(fail)?;
        let rel = path.strip_prefix(&prefix).unwrap_or(&path);
        let target = tmp.0.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(e.to_string()))?;
        }
        std::fs::write(&target, bytes).map_err(|e| fail(e.to_string()))?;
    }
    Ok(tmp)
}

/// A side of the comparison: a directory as is, or a revision checked out.
fn side(ctx: &Ctx, spec: &str, n: usize) -> Result<(PathBuf, Option<TempDir>), CmdError> {
    let p = Path::new(spec);
    if p.is_dir() {
        return Ok((p.to_path_buf(), None));
    }
    let tmp = checkout(&ctx.inventory, spec, n)?;
    Ok((tmp.0.clone(), Some(tmp)))
}

fn state(ctx: &Ctx, path: &Path) -> Result<diff::State, CmdError> {
    let (loaded, findings) = check::analyse(ctx, path, &Levels::default())?;
    let graph = ctx.graph(&loaded.inventory);
    Ok(diff::state(&loaded.inventory, &graph, &findings))
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.format(&["human", "md", "json"])?;
    let (base_dir, _base_tmp) = side(ctx, &args.base, 1)?;
    let (head_dir, _head_tmp) = match &args.head {
        Some(h) => side(ctx, h, 2)?,
        None => (ctx.inventory.clone(), None),
    };
    let base = state(ctx, &base_dir)?;
    let head = state(ctx, &head_dir)?;
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
