//! Helpers: run the binary with a fixed date and no colors; write small
//! inventories into temporary directories.

use std::path::{Path, PathBuf};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout and stderr together, for message assertions.
    /// A usage error (exit 2) that suggests `word`: "did you mean `word`?".
    pub fn assert_suggests(&self, word: &str) {
        assert_eq!(self.code, 2, "{}", self.all());
        // carto's own words, or clap's for a value it checks itself.
        let hint = format!("did you mean `{word}`?");
        let clap = format!("a similar value exists: '{word}'");
        assert!(
            self.stderr.contains(&hint) || self.stderr.contains(&clap),
            "{}",
            self.stderr
        );
    }

    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

pub fn carto(args: &[&str]) -> Run {
    let out = assert_cmd::Command::cargo_bin("carto")
        .expect("binary built")
        .args(args)
        .env("CARTO_TODAY", "2026-11-22")
        .env_remove("CARTO_INVENTORY")
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `carto -i DIR ARGS...`.
pub fn carto_in(dir: &Path, args: &[&str]) -> Run {
    let i = dir.display().to_string();
    let mut all = vec!["-i", i.as_str()];
    all.extend_from_slice(args);
    carto(&all)
}

pub fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

pub fn root(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(rel)
        .display()
        .to_string()
}

/// A temporary inventory made of `(file, text)` pairs.
pub fn inventory(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in files {
        let p: PathBuf = dir.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(p, text).expect("write");
    }
    dir
}

/// The organization every small test inventory needs.
pub const SELF: &str = "organizations:\n  - {id: chu, kind: self, country: FR, dpo: {name: DPO}}\n";

pub fn load(dir: &Path) -> carto::load::Loaded {
    match carto::load::load(dir) {
        Ok(l) => l,
        Err(f) => panic!("load failed: {:#?}", f.diagnostics),
    }
}

pub fn load_err(dir: &Path) -> Vec<carto::diag::Diagnostic> {
    match carto::load::load(dir) {
        Ok(_) => panic!("load should fail"),
        Err(f) => f.diagnostics,
    }
}

/// Runs git in `dir`; panics with its message when it fails.
pub fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The inventory generator of bench/ (`examples/synth.rs`, built by `cargo
/// test` with the other examples), when it is there.
pub fn synth() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let bin = exe.parent()?.parent()?.join("examples/synth");
    bin.exists().then_some(bin)
}

/// Whether python3 can import `module`; on CI it must (`.ci/run` installs it).
pub fn python_has(module: &str) -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "CI must install the Python module {module} (.ci/run)"
    );
    ok
}

/// The findings of `check --format json` in `dir` as (rule, entity, message).
pub fn findings(dir: &Path) -> Vec<(String, String, String)> {
    let r = carto_in(dir, &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (s("rule"), s("entity"), s("message"))
        })
        .collect()
}
