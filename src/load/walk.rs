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
use std::sync::Arc;

/// A file larger than this is refused before it is read (format section 5.5).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// An inventory larger than this in total is refused before any file is read.
pub const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;

/// `carto.yaml` (or `.yml`): the settings, read only at the root.
pub fn is_settings(name: &std::ffi::OsStr) -> bool {
    name == "carto.yaml" || name == "carto.yml"
}

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
    if !meta.is_dir() {
        if meta.is_file() {
            return Ok(vec![PathBuf::new()]);
        }
        return Err(Box::new(Diagnostic::error(
            FILE_RULE,
            format!(
                "cannot read the inventory `{}`: it is neither a directory nor a regular file",
                root.display()
            ),
        )));
    }
    let mut seen_dirs = HashSet::default();
    let real_root = std::fs::canonicalize(root).ok();
    if let Some(real) = &real_root {
        seen_dirs.insert(real.clone());
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
            let skip = |diags: &mut Vec<Diagnostic>, why: &str| {
                diags.push(Diagnostic::warning(
                    FILE_RULE,
                    format!("skipped `{}`: {why}", display(&rel_path)),
                ));
            };
            // A link is followed only when it resolves inside the inventory:
            // an inventory from a pull request must not make carto read (and
            // print in error snippets) files such as /proc/self/environ.
            if is_link {
                match (&real_root, std::fs::canonicalize(&path)) {
                    (Some(r), Ok(target)) if target.starts_with(r) => {}
                    (_, Err(e)) => {
                        skip(
                            diags,
                            &format!("it is a symbolic link that cannot be followed ({e})"),
                        );
                        continue;
                    }
                    _ => {
                        skip(
                            diags,
                            "it is a symbolic link to a place outside the inventory, which carto never reads",
                        );
                        continue;
                    }
                }
            }
            let meta = match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    if is_yaml(&path) {
                        skip(diags, &e.to_string());
                    }
                    continue;
                }
            };
            if meta.is_dir() {
                let real = std::fs::canonicalize(&path).unwrap_or(path.clone());
                if seen_dirs.insert(real) {
                    stack.push(rel_path);
                } else {
                    skip(
                        diags,
                        "this directory was already read through another path (symlink loop)",
                    );
                }
            } else if is_yaml(&path) {
                if !rel.as_os_str().is_empty() && is_settings(&name) {
                    skip(
                        diags,
                        "settings are read only at the inventory's root (is this folder another inventory?)",
                    );
                } else if meta.is_file() {
                    out.push(rel_path);
                } else {
                    // FIFOs, devices, sockets: reading them can hang or leak.
                    skip(diags, "it is not a regular file");
                }
            }
        }
    }
    out.sort_by_key(|p| display(p));
    Ok(out)
}

/// A relative path with `/` separators, as carto shows it: not UTF-8 bytes
/// replaced, control characters escaped (a file name is shown in terminals
/// and CI logs, so it must not carry a newline or an escape sequence).
pub fn display(p: &Path) -> String {
    let joined = p
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    crate::text::escape(&joined).into_owned()
}

fn too_big(shown: &str) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(
        FILE_RULE,
        format!(
            "`{shown}` is larger than {} MiB, the limit of a file (split it into several files)",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    ))
}

/// The bytes of one file on disk, refused when it is not a regular file or
/// is too large (checked before reading, and bounded while reading).
fn read_bytes(path: &Path, shown: &str) -> Result<Vec<u8>, Box<Diagnostic>> {
    let fail = |m: String| Box::new(Diagnostic::error(FILE_RULE, m));
    let file =
        std::fs::File::open(path).map_err(|e| fail(format!("cannot read `{shown}`: {e}")))?;
    let meta = file
        .metadata()
        .map_err(|e| fail(format!("cannot read `{shown}`: {e}")))?;
    if !meta.is_file() {
        return Err(fail(format!(
            "cannot read `{shown}`: it is not a regular file"
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(shown));
    }
    // `take` bounds the read even when the size on disk lies.
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("cannot read `{shown}`: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(shown));
    }
    Ok(bytes)
}

/// A file's bytes as text: UTF-8 required, a byte-order mark dropped.
fn decode(mut bytes: Vec<u8>, shown: &str) -> Result<String, Box<Diagnostic>> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(shown));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let col = std::str::from_utf8(good)
            .map(|g| g.rsplit('\n').next().map_or(0, |l| l.chars().count()))
            .unwrap_or(0)
            + 1;
        Box::new(Diagnostic::error(
            FILE_RULE,
            format!(
                "`{shown}` is not UTF-8 text (invalid byte at line {line}, column {col}); save it as UTF-8"
            ),
        ))
    })
}

/// The error for an inventory over the total limit.
pub fn too_large_total(total: u64, files: usize) -> Diagnostic {
    Diagnostic::error(
        FILE_RULE,
        format!(
            "the inventory is {} MiB in {files} files, more than the limit of {} MiB: nothing was read",
            total / (1024 * 1024),
            MAX_TOTAL_BYTES / (1024 * 1024)
        ),
    )
}

/// Reads and parses every file, on all cores. Returns the source map (file
/// index = position in `files`) and each file's documents; failures become
/// diagnostics.
pub fn read_and_parse(
    root: &Path,
    files: &[PathBuf],
    diags: &mut Vec<Diagnostic>,
    progress: &(dyn Fn(usize, usize) + Sync),
    reuse: Option<&Reuse>,
) -> (SourceMap, super::Parsed) {
    let path_of = |f: &PathBuf| {
        if f.as_os_str().is_empty() {
            root.to_path_buf()
        } else {
            root.join(f)
        }
    };
    let total: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(path_of(f)).ok())
        .map(|m| m.len())
        .sum();
    if total > MAX_TOTAL_BYTES {
        diags.push(too_large_total(total, files.len()));
        return (SourceMap::default(), Vec::new());
    }
    let shown: Vec<String> = files
        .iter()
        .map(|f| {
            if f.as_os_str().is_empty() {
                let name = root.file_name().map_or_else(
                    || root.display().to_string(),
                    |n| n.to_string_lossy().into(),
                );
                crate::text::escape(&name).into_owned()
            } else {
                display(f)
            }
        })
        .collect();
    let read =
        |i: usize| read_bytes(&path_of(&files[i]), &shown[i]).and_then(|b| decode(b, &shown[i]));
    parse_all(shown.clone(), &read, diags, progress, reuse)
}

/// Parses files already in memory (a git revision's blobs): `(path, bytes)`.
/// The caller has checked the sizes against the limits before reading them.
pub fn parse_memory(
    blobs: Vec<(String, Vec<u8>)>,
    diags: &mut Vec<Diagnostic>,
    reuse: Option<&Reuse>,
) -> (SourceMap, super::Parsed) {
    let (names, bytes): (Vec<String>, Vec<Vec<u8>>) = blobs.into_iter().unzip();
    let bytes: Vec<std::sync::Mutex<Vec<u8>>> =
        bytes.into_iter().map(std::sync::Mutex::new).collect();
    let read = |i: usize| {
        let b = bytes[i]
            .lock()
            .map(|mut b| std::mem::take(&mut *b))
            .unwrap_or_default();
        decode(b, &names[i])
    };
    parse_all(names.clone(), &read, diags, &|_, _| {}, reuse)
}

/// Another inventory's files and parse trees (the other side of a diff):
/// a file at the same position, with the same path and the same text, is
/// not parsed again.
pub struct Reuse<'a> {
    pub sources: &'a SourceMap,
    pub parsed: &'a super::Parsed,
}

impl Reuse<'_> {
    fn nodes(&self, i: usize, path: &str, text: &str) -> Option<Arc<Vec<Node>>> {
        let f = self.sources.files.get(i)?;
        if f.path != path || f.text != text {
            return None;
        }
        // Parsed files are in index order, some missing (they failed).
        let at = self
            .parsed
            .binary_search_by_key(&(i as u32), |(f, _)| *f)
            .ok()?;
        Some(self.parsed[at].1.clone())
    }
}

fn parse_all(
    shown: Vec<String>,
    read: &(dyn Fn(usize) -> Result<String, Box<Diagnostic>> + Sync),
    diags: &mut Vec<Diagnostic>,
    progress: &(dyn Fn(usize, usize) + Sync),
    reuse: Option<&Reuse>,
) -> (SourceMap, super::Parsed) {
    let done = std::sync::atomic::AtomicUsize::new(0);
    let n = shown.len();
    let work = |i: usize| -> (String, Result<Arc<Vec<Node>>, Diagnostic>) {
        let r = match read(i) {
            Err(d) => (String::new(), Err(*d)),
            Ok(text) => {
                let reused = reuse.and_then(|r| r.nodes(i, &shown[i], &text));
                let parsed = match reused {
                    Some(nodes) => Ok(nodes),
                    None => yaml::parse(&text, i as u32).map(Arc::new).map_err(|e| {
                        let mut d = Diagnostic::error(FILE_RULE, e.message);
                        d.at = e.at.or(Some(Loc {
                            file: i as u32,
                            line: 1,
                            col: 1,
                        }));
                        d
                    }),
                };
                (text, parsed)
            }
        };
        let k = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress(k, n);
        r
    };
    let results = crate::par::parallel_map(n, work);
    let mut sources = SourceMap::default();
    let mut parsed = Vec::with_capacity(n);
    for (i, ((text, result), name)) in results.into_iter().zip(shown).enumerate() {
        let empty = text.trim().is_empty();
        sources.files.push(SourceFile::new(name, text));
        match result {
            Ok(docs) => {
                if empty {
                    diags.push(
                        Diagnostic::warning(
                            FILE_RULE,
                            format!("`{}` is empty", sources.files[i].path),
                        )
                        .at(Loc {
                            file: i as u32,
                            line: 1,
                            col: 1,
                        }),
                    );
                }
                parsed.push((i as u32, docs));
            }
            Err(d) => diags.push(d),
        }
    }
    (sources, parsed)
}

/// The folder `path` sits in: its parent, `.` for a bare file name.
pub fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn folder_of_a_bare_name_is_the_current_folder() {
        assert_eq!(super::folder_of(Path::new("out.sarif")), Path::new("."));
        assert_eq!(super::folder_of(Path::new("a/b.yaml")), Path::new("a"));
        assert_eq!(super::folder_of(Path::new("/b.yaml")), Path::new("/"));
    }
}
