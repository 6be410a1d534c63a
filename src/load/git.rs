//! Reading an inventory as it is at a git revision, for `carto diff`.
//!
//! The revision comes from a pull request, so its tree is untrusted: nothing
//! of it is written to disk (blobs are read into memory through one
//! `git cat-file --batch`), every path is checked to be a plain relative
//! path, and every blob's size is checked against the loader's limits
//! before it is read.

use super::walk::too_large_total;
use super::{FILE_RULE, LoadFailure, MAX_FILE_BYTES, MAX_TOTAL_BYTES};
use crate::diag::Diagnostic;
use crate::model::SourceMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// Why a revision could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// The argument names no commit (a usage error).
    #[error("`{0}` is neither a directory nor a git revision")]
    NotARevision(String),
    /// git failed, is missing, or the tree is unsafe.
    #[error("{0}")]
    Failed(String),
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| GitError::Failed(format!("cannot run git: {e}")))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(GitError::Failed(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ))
    }
}

/// Whether `path` (as git lists it, `/`-separated) is a plain relative path:
/// no empty, `.`, `..` or `.git` component, not absolute.
pub fn safe_path(path: &[u8]) -> bool {
    !path.is_empty()
        && !path.starts_with(b"/")
        && path
            .split(|b| *b == b'/')
            .all(|c| !c.is_empty() && c != b"." && c != b".." && !c.eq_ignore_ascii_case(b".git"))
}

fn is_yaml(path: &str) -> bool {
    path.ends_with(".yaml") || path.ends_with(".yml")
}

fn hidden(path: &str) -> bool {
    path.split('/').any(|c| c.starts_with('.'))
}

/// One entry of `git ls-tree -r -l -z`.
struct Entry {
    mode: String,
    oid: String,
    size: Option<u64>,
    path: String,
}

fn parse_ls_tree(out: &[u8]) -> Result<Vec<Entry>, GitError> {
    let mut entries = Vec::new();
    for rec in out.split(|b| *b == 0).filter(|r| !r.is_empty()) {
        let tab = rec
            .iter()
            .position(|b| *b == b'\t')
            .ok_or_else(|| GitError::Failed("unexpected output from git ls-tree".into()))?;
        let (meta, path) = (&rec[..tab], &rec[tab + 1..]);
        if !safe_path(path) {
            return Err(GitError::Failed(format!(
                "the revision's tree holds an entry `{}` that is not a plain relative path \
                 (`..`, `.git` or absolute; git fsck warns about it): refused, nothing was read",
                crate::text::escape(&String::from_utf8_lossy(path))
            )));
        }
        let meta = String::from_utf8_lossy(meta);
        let mut it = meta.split_whitespace();
        let (mode, _kind, oid, size) = (it.next(), it.next(), it.next(), it.next());
        let (Some(mode), Some(oid)) = (mode, oid) else {
            return Err(GitError::Failed(
                "unexpected output from git ls-tree".into(),
            ));
        };
        if !oid.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(GitError::Failed(
                "unexpected output from git ls-tree".into(),
            ));
        }
        entries.push(Entry {
            mode: mode.to_string(),
            oid: oid.to_string(),
            size: size.and_then(|s| s.parse().ok()),
            // Not UTF-8: shown with replacement characters, as `check` does.
            path: crate::text::escape(&String::from_utf8_lossy(path)).into_owned(),
        });
    }
    Ok(entries)
}

/// Reads the blobs `oids` (in order) through one `git cat-file --batch`.
fn cat_blobs(dir: &Path, oids: &[&str]) -> Result<Vec<Vec<u8>>, GitError> {
    let fail = |m: String| GitError::Failed(m);
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| fail(format!("cannot run git: {e}")))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| fail("cannot talk to git cat-file".into()))?;
    let input: String = oids.iter().map(|o| format!("{o}\n")).collect();
    // Written from another thread: git answers while it reads, and both
    // pipes would fill up otherwise.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| fail("cannot talk to git cat-file".into()))?;
    let mut r = BufReader::new(stdout);
    let mut blobs = Vec::with_capacity(oids.len());
    for oid in oids {
        let mut header = String::new();
        r.read_line(&mut header)
            .map_err(|e| fail(format!("cannot read from git: {e}")))?;
        let mut parts = header.split_whitespace();
        let (_, kind, size) = (parts.next(), parts.next(), parts.next());
        let size: u64 = match (kind, size.and_then(|s| s.parse().ok())) {
            (Some("blob"), Some(s)) => s,
            _ => return Err(fail(format!("git could not read the blob {oid}"))),
        };
        // Checked again here: the size git announces is what it will send.
        if size > MAX_FILE_BYTES {
            return Err(fail(format!(
                "the blob {oid} is larger than the file limit"
            )));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        (&mut r)
            .take(size)
            .read_to_end(&mut bytes)
            .map_err(|e| fail(format!("cannot read from git: {e}")))?;
        let mut nl = [0u8; 1];
        r.read_exact(&mut nl)
            .map_err(|e| fail(format!("cannot read from git: {e}")))?;
        blobs.push(bytes);
    }
    drop(r);
    let _ = writer.join();
    let _ = child.wait();
    Ok(blobs)
}

/// The commit `rev` names, from the repository holding `dir`.
fn resolve(dir: &Path, rev: &str) -> Result<String, GitError> {
    if rev.starts_with('-') || rev.contains('\0') {
        return Err(GitError::NotARevision(rev.to_string()));
    }
    let out = git(
        dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| GitError::NotARevision(rev.to_string()))?;
    let commit = String::from_utf8_lossy(&out).trim().to_string();
    if commit.is_empty() || !commit.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(GitError::NotARevision(rev.to_string()));
    }
    Ok(commit)
}

/// Where the inventory sits in its git work tree: the folder's path from
/// the work tree's root (`inventory/`, empty at the root) and the root
/// itself; `None` outside git (or without git).
pub fn work_tree_of(inventory: &Path) -> Option<(String, std::path::PathBuf)> {
    // A single-file inventory's paths are its file name: its folder counts.
    let dir = if inventory.is_file() {
        super::folder_of(inventory)
    } else {
        inventory
    };
    let out = git(dir, &["rev-parse", "--show-toplevel", "--show-prefix"]).ok()?;
    let text = String::from_utf8(out).ok()?;
    let mut lines = text.lines();
    let top = std::path::PathBuf::from(lines.next()?);
    let prefix = lines.next().unwrap_or("").to_string();
    Some((prefix, top))
}

/// The files of the inventory at `inventory` (a directory or a single file
/// inside a git work tree) as they are at revision `rev`, in memory, with
/// the warnings found listing them; `Ok(Err(_))` when the revision is
/// refused before reading (files over the limits).
pub type Revision = Result<(Vec<(String, Vec<u8>)>, Vec<Diagnostic>), LoadFailure>;

/// Reads a revision's inventory files into memory (see [`Revision`]).
pub fn read_revision(inventory: &Path, rev: &str) -> Result<Revision, GitError> {
    let (dir, single) = if inventory.is_file() {
        let parent = super::folder_of(inventory);
        let name = inventory
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        (parent.to_path_buf(), name)
    } else {
        (inventory.to_path_buf(), None)
    };
    git(&dir, &["rev-parse", "--show-prefix"]).map_err(|e| {
        GitError::Failed(format!(
            "`{rev}` is not a directory, and the inventory is not in a git repository to read it as a revision ({e})"
        ))
    })?;
    let commit = resolve(&dir, rev)?;
    // Run from the inventory's directory, ls-tree lists that subtree with
    // paths relative to it (also when it is the repository's root).
    let listing = git(&dir, &["ls-tree", "-r", "-l", "-z", &commit])?;
    let mut warnings = Vec::new();
    let mut wanted = Vec::new();
    for e in parse_ls_tree(&listing)? {
        if single.as_ref().is_some_and(|s| *s != e.path) {
            continue;
        }
        if hidden(&e.path) || !(is_yaml(&e.path) || single.is_some()) {
            continue;
        }
        if let Some((_, name)) = e.path.rsplit_once('/')
            && super::walk::is_settings(std::ffi::OsStr::new(name))
        {
            warnings.push(Diagnostic::warning(
                FILE_RULE,
                format!(
                    "skipped `{}`: settings are read only at the inventory's root (is this folder another inventory?)",
                    crate::text::escape(&e.path)
                ),
            ));
            continue;
        }
        match e.mode.as_str() {
            "100644" | "100755" => wanted.push(e),
            "120000" => warnings.push(Diagnostic::warning(
                FILE_RULE,
                format!(
                    "skipped `{}`: it is a symbolic link, which carto does not follow in a git revision",
                    e.path
                ),
            )),
            _ => {}
        }
    }
    let mut errors = Vec::new();
    let total: u64 = wanted.iter().filter_map(|e| e.size).sum();
    if total > MAX_TOTAL_BYTES {
        errors.push(too_large_total(total, wanted.len()));
        wanted.clear();
    }
    wanted.retain(|e| {
        let ok = e.size.is_some_and(|s| s <= MAX_FILE_BYTES);
        if !ok {
            errors.push(Diagnostic::error(
                FILE_RULE,
                format!(
                    "`{}` is larger than {} MiB, the limit of a file (split it into several files)",
                    e.path,
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
            ));
        }
        ok
    });
    if !errors.is_empty() {
        return Ok(Err(LoadFailure {
            diagnostics: errors,
            sources: SourceMap::default(),
        }));
    }
    let oids: Vec<&str> = wanted.iter().map(|e| e.oid.as_str()).collect();
    let bytes = cat_blobs(&dir, &oids)?;
    let blobs = wanted.into_iter().map(|e| e.path).zip(bytes).collect();
    Ok(Ok((blobs, warnings)))
}

#[cfg(test)]
mod tests {
    use super::safe_path;

    #[test]
    fn only_plain_relative_paths_are_safe() {
        for ok in ["a.yaml", "apps/x.yaml", "a..b/c.yaml", ".hidden/x.yaml"] {
            assert!(safe_path(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "",
            "/etc/x.yaml",
            "../x.yaml",
            "a/../x.yaml",
            "a/./x.yaml",
            "a//x.yaml",
            ".git/config",
            "a/.GIT/hooks",
            "..",
        ] {
            assert!(!safe_path(bad.as_bytes()), "{bad}");
        }
    }
}
