//! Finding and reading the inventory's files: recursive, sorted, hidden
//! entries skipped, symlinked directories followed once per real path, size
//! checked before reading, UTF-8 required. Files are parsed on all cores.

use super::FILE_RULE;
use super::yaml::{self, Node};
use crate::diag::Diagnostic;
use crate::hash::HashSet;
use crate::model::{Loc, SourceFile, SourceMap};
use std::io::Read;
use std::path::{Path, PathBuf};

/// A file larger than this is refused before it is read (format section 5.5).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// An inventory larger than this in total is refused before any file is read.
pub const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;

fn is_yaml(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("yaml") | Some("yml")
    )
}

fn hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// The YAML files below `root`, as paths relative to it, in sorted order.
/// Problems that do not stop loading (symlink loops) are pushed to `diags`.
pub fn walk(root: &Path, diags: &mut Vec<Diagnostic>) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let meta = std::fs::metadata(root).map_err(|e| {
        Box::new(Diagnostic::error(
            FILE_RULE,
            format!("cannot read the inventory `{}`: {e}", root.display()),
        )
        .help("point `-i/--inventory` at an inventory directory, or run `carto init` to create one"))
    })?;
    if meta.is_file() {
        return Ok(vec![PathBuf::new()]);
    }
    let mut seen_dirs = HashSet::default();
    if let Ok(real) = std::fs::canonicalize(root) {
        seen_dirs.insert(real);
    }
    let mut out = Vec::new();
    // Iterative walk: (directory relative to root).
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = root.join(&rel);
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(
                    FILE_RULE,
                    format!("cannot read directory `{}`: {e}", display(&rel)),
                ));
                continue;
            }
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if hidden(&name) {
                continue;
            }
            let rel_path = rel.join(&name);
            let path = entry.path();
            let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
            // Follows symlinks; a dangling link is reported.
            let meta = match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    if is_yaml(&path) || is_link {
                        diags.push(Diagnostic::warning(
                            FILE_RULE,
                            format!("skipped `{}`: {e}", display(&rel_path)),
                        ));
                    }
                    continue;
                }
            };
            if meta.is_dir() {
                let real = std::fs::canonicalize(&path).unwrap_or(path.clone());
                if seen_dirs.insert(real) {
                    stack.push(rel_path);
                } else {
                    diags.push(Diagnostic::warning(
                        FILE_RULE,
                        format!(
                            "skipped `{}`: this directory was already read through another path (symlink loop)",
                            display(&rel_path)
                        ),
                    ));
                }
            } else if meta.is_file() && is_yaml(&path) {
                out.push(rel_path);
            }
        }
    }
    out.sort_by_key(|p| display(p));
    Ok(out)
}

/// A relative path with `/` separators.
pub fn display(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Outcome of reading one file.
enum Read1 {
    Text(String),
    Failed(Diagnostic),
}

fn read_file(path: &Path, shown: &str) -> Read1 {
    let fail = |m: String| Read1::Failed(Diagnostic::error(FILE_RULE, m));
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return fail(format!("cannot read `{shown}`: {e}")),
    };
    let too_big = || {
        fail(format!(
            "`{shown}` is larger than {} MiB, the limit of a file (split it into several files)",
            MAX_FILE_BYTES / (1024 * 1024)
        ))
    };
    if file.metadata().is_ok_and(|m| m.len() > MAX_FILE_BYTES) {
        return too_big();
    }
    // `take` bounds the read even when the size on disk lies (pipes, /proc).
    let mut bytes = Vec::new();
    if let Err(e) = file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes) {
        return fail(format!("cannot read `{shown}`: {e}"));
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return too_big();
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(t) => Read1::Text(t),
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let col = std::str::from_utf8(good)
                .map(|g| g.rsplit('\n').next().map_or(0, |l| l.chars().count()))
                .unwrap_or(0)
                + 1;
            fail(format!(
                "`{shown}` is not UTF-8 text (invalid byte at line {line}, column {col}); save it as UTF-8"
            ))
        }
    }
}

/// Reads and parses every file, on all cores. Returns the source map (file
/// index = position in `files`) and each file's documents; failures become
/// diagnostics.
pub fn read_and_parse(
    root: &Path,
    files: &[PathBuf],
    diags: &mut Vec<Diagnostic>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> (SourceMap, Vec<(u32, Vec<Node>)>) {
    let total: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(root.join(f)).ok())
        .map(|m| m.len())
        .sum();
    if total > MAX_TOTAL_BYTES {
        diags.push(Diagnostic::error(
            FILE_RULE,
            format!(
                "the inventory is {} MiB in {} files, more than the limit of {} MiB: nothing was read",
                total / (1024 * 1024),
                files.len(),
                MAX_TOTAL_BYTES / (1024 * 1024)
            ),
        ));
        return (SourceMap::default(), Vec::new());
    }
    let done = std::sync::atomic::AtomicUsize::new(0);
    let shown: Vec<String> = files
        .iter()
        .map(|f| {
            if f.as_os_str().is_empty() {
                root.file_name().map_or_else(
                    || root.display().to_string(),
                    |n| n.to_string_lossy().into(),
                )
            } else {
                display(f)
            }
        })
        .collect();
    let work = |i: usize| -> (String, Result<Vec<Node>, Diagnostic>) {
        let path = root.join(&files[i]);
        match read_file(&path, &shown[i]) {
            Read1::Failed(d) => (String::new(), Err(d)),
            Read1::Text(text) => {
                let parsed = yaml::parse(&text, i as u32).map_err(|e| {
                    let mut d = Diagnostic::error(FILE_RULE, e.message);
                    d.at = e.at.or(Some(Loc {
                        file: i as u32,
                        line: 1,
                        col: 1,
                    }));
                    d
                });
                (text, parsed)
            }
        }
    };
    let work = |i: usize| {
        let r = work(i);
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress(n, files.len());
        r
    };
    let results = crate::par::parallel_map(files.len(), work);
    let mut sources = SourceMap::default();
    let mut parsed = Vec::with_capacity(files.len());
    for (i, (text, result)) in results.into_iter().enumerate() {
        let empty = text.trim().is_empty();
        sources.files.push(SourceFile::new(shown[i].clone(), text));
        match result {
            Ok(docs) => {
                if empty {
                    diags.push(
                        Diagnostic::warning(FILE_RULE, format!("`{}` is empty", shown[i])).at(
                            Loc {
                                file: i as u32,
                                line: 1,
                                col: 1,
                            },
                        ),
                    );
                }
                parsed.push((i as u32, docs));
            }
            Err(d) => diags.push(d),
        }
    }
    (sources, parsed)
}
