//! The documentation is a test: every ```console block of the user's docs
//! (README.md, docs/, inventory/README.md) is run, command by command, and
//! what carto prints must be what the page shows. `BLESS=1 cargo test docs`
//! rewrites the pages from real runs.
//!
//! In a console block, a line starting with `$ ` is a command (run by `sh`
//! with stderr merged into stdout, `carto` being the binary under test); the
//! lines up to the next command are its output. A line `...` stands for any
//! number of lines, `[..]` for any text within a line. Each page runs in its
//! own directory holding copies of `inventory/` and `examples/`, its commands
//! in order, with the date fixed (CARTO_TODAY=2026-11-22). Blocks fenced as
//! ```sh or ```text are not run; a page that shows a carto command and its
//! output outside a console block fails the suite.

use std::path::{Path, PathBuf};

/// One command of a page and the output the page shows.
struct Example {
    command: String,
    /// The expected lines, and their range in the file (0-based, end excluded).
    expected: Vec<String>,
    lines: (usize, usize),
    /// Where the command is, for messages (1-based).
    at: usize,
}

fn pages() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![root.join("README.md"), root.join("inventory/README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("docs/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    out.extend(docs);
    out
}

/// The fenced blocks of a page: (info string, first content line, lines).
fn blocks(text: &str) -> Vec<(String, usize, Vec<&str>)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(info) = lines[i].strip_prefix("```") {
            let start = i + 1;
            let mut end = start;
            while end < lines.len() && !lines[end].starts_with("```") {
                end += 1;
            }
            out.push((info.trim().to_string(), start, lines[start..end].to_vec()));
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out
}

fn examples(text: &str) -> Vec<Example> {
    let mut out = Vec::new();
    for (info, start, lines) in blocks(text) {
        if info != "console" {
            continue;
        }
        let mut k = 0;
        while k < lines.len() {
            let Some(cmd) = lines[k].strip_prefix("$ ") else {
                k += 1;
                continue;
            };
            let mut command = cmd.to_string();
            let at = start + k + 1;
            // A command continued with a trailing backslash.
            while command.ends_with('\\') && k + 1 < lines.len() {
                command.pop();
                k += 1;
                command.push_str(lines[k].trim_start_matches("> "));
            }
            let first = k + 1;
            let mut end = first;
            while end < lines.len() && !lines[end].starts_with("$ ") {
                end += 1;
            }
            out.push(Example {
                command,
                expected: lines[first..end].iter().map(|s| s.to_string()).collect(),
                lines: (start + first, start + end),
                at,
            });
            k = end;
        }
    }
    out
}

/// Whether `actual` matches `expected`, with `...` lines and `[..]` spans.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    fn line(pattern: &str, text: &str) -> bool {
        let parts: Vec<&str> = pattern.split("[..]").collect();
        if parts.len() == 1 {
            return pattern == text;
        }
        let mut rest = text;
        for (k, part) in parts.iter().enumerate() {
            if k == 0 {
                let Some(r) = rest.strip_prefix(part) else {
                    return false;
                };
                rest = r;
            } else if k == parts.len() - 1 {
                return rest.ends_with(part);
            } else {
                let Some(at) = rest.find(part) else {
                    return false;
                };
                rest = &rest[at + part.len()..];
            }
        }
        true
    }
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => {
            !actual.is_empty() && line(first, actual[0]) && matches(rest, &actual[1..])
        }
    }
}

/// Past this many lines, a blessed output keeps its beginning and end.
const LONG: usize = 40;

fn shortened(actual: &[&str]) -> Vec<String> {
    if actual.len() <= LONG {
        return actual.iter().map(|s| s.to_string()).collect();
    }
    let mut out: Vec<String> = actual[..24].iter().map(|s| s.to_string()).collect();
    out.push("...".into());
    out.extend(actual[actual.len() - 3..].iter().map(|s| s.to_string()));
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let t = e.file_type().expect("type");
        if t.is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else if t.is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
        }
    }
}

fn trimmed(s: &str) -> Vec<&str> {
    let mut v: Vec<&str> = s.lines().map(str::trim_end).collect();
    while v.last().is_some_and(|l| l.is_empty()) {
        v.pop();
    }
    v
}

#[test]
fn every_console_example_prints_what_the_docs_show() {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_carto"));
    let bin_dir = bin.parent().expect("bin dir");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let bless = std::env::var_os("BLESS").is_some();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    let mut checked = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("page");
        let examples = examples(&text);
        if examples.is_empty() {
            continue;
        }
        let work = tempfile::tempdir().expect("tmp");
        copy_dir(&root.join("inventory"), &work.path().join("inventory"));
        copy_dir(&root.join("examples"), &work.path().join("examples"));
        let name = page
            .strip_prefix(root)
            .unwrap_or(&page)
            .display()
            .to_string();
        let mut replace: Vec<((usize, usize), Vec<String>)> = Vec::new();
        for ex in &examples {
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("{} 2>&1", ex.command))
                .current_dir(work.path())
                .env("PATH", &path)
                .env("CARTO_TODAY", "2026-11-22")
                .env("NO_COLOR", "1")
                .env_remove("CARTO_INVENTORY")
                .env_remove("COLUMNS")
                .output()
                .expect("sh runs");
            let actual = String::from_utf8_lossy(&out.stdout).into_owned();
            let actual = trimmed(&actual);
            let mut expected = ex.expected.clone();
            while expected.last().is_some_and(|l| l.trim().is_empty()) {
                expected.pop();
            }
            let expected: Vec<String> = expected.iter().map(|l| l.trim_end().to_string()).collect();
            checked += 1;
            let long = expected.len() > LONG && !expected.iter().any(|l| l == "...");
            if bless && long && matches(&expected, &actual) {
                // A long output the page shows whole: its beginning and end.
                replace.push((ex.lines, shortened(&actual)));
            }
            if !matches(&expected, &actual) {
                failures.push(format!(
                    "{name}:{}: `{}`\n--- the page shows\n{}\n--- carto prints\n{}\n",
                    ex.at,
                    ex.command,
                    expected.join("\n"),
                    actual.join("\n")
                ));
                replace.push((ex.lines, shortened(&actual)));
            }
        }
        if bless && !replace.is_empty() {
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            for ((a, b), new) in replace.into_iter().rev() {
                // Keep a blank line that separated the output from the next command.
                let keep_blank = b > a && lines[b - 1].trim().is_empty();
                let mut new = new;
                if keep_blank {
                    new.push(String::new());
                }
                lines.splice(a..b, new);
            }
            let mut out = lines.join("\n");
            out.push('\n');
            std::fs::write(&page, out).expect("bless");
        }
    }
    assert!(checked > 20, "only {checked} examples found");
    assert!(
        failures.is_empty() || bless,
        "{} of {checked} examples differ (BLESS=1 cargo test docs rewrites the pages):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A carto command shown with its output must be in a console block (so
/// that the test above runs it).
#[test]
fn examples_with_output_are_console_blocks() {
    let mut stray = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("page");
        for (info, start, lines) in blocks(&text) {
            if info == "console" {
                continue;
            }
            for (k, l) in lines.iter().enumerate() {
                let next = lines.get(k + 1).map_or("", |s| s.trim());
                if l.starts_with("$ carto") && !next.is_empty() && !next.starts_with('$') {
                    stray.push(format!("{}:{}: {l}", page.display(), start + k + 1));
                }
            }
        }
    }
    assert!(
        stray.is_empty(),
        "shown with output outside ```console:\n{}",
        stray.join("\n")
    );
}

/// The docs stand alone: no placeholder addresses, no path outside the
/// repository, no section numbers of a specification users cannot open.
#[test]
fn docs_stand_alone() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = pages();
    files.push(root.join("Cargo.toml"));
    files.push(root.join("CHANGELOG.md"));
    if let Ok(rules) = std::fs::read_dir(root.join("docs/rules")) {
        files.extend(rules.filter_map(|e| e.ok().map(|e| e.path())));
    }
    let mut bad = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            for needle in [
                "example.invalid",
                "example.com/carto",
                "../shared",
                "shared/spec",
                "TODO",
                "XXX",
                "release binary",
            ] {
                if line.contains(needle) {
                    bad.push(format!("{}:{}: {needle}", f.display(), n + 1));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
