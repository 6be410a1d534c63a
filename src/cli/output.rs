//! Command output: collected in memory, then written to stdout or, with
//! `-o FILE`, to a temporary file beside FILE that is renamed over it, so
//! that an interrupted run never leaves a half-written file.

use std::io::Write;
use std::path::{Path, PathBuf};

/// A table in carto's style (sharp borders), with a final newline.
pub fn table(b: tabled::builder::Builder) -> String {
    let mut t = b.build();
    t.with(tabled::settings::Style::sharp());
    format!("{t}\n")
}

pub struct Output {
    target: Option<PathBuf>,
    buf: Vec<u8>,
}

impl Output {
    /// `None` or `-` is stdout.
    pub fn new(target: Option<PathBuf>) -> Output {
        Output {
            target: target.filter(|p| p.as_os_str() != "-"),
            buf: Vec::new(),
        }
    }

    pub fn push(&mut self, text: &str) {
        self.buf.extend_from_slice(text.as_bytes());
    }

    /// Appends a JSON document, pretty-printed, and a newline, serialized
    /// straight into the buffer (no intermediate string).
    pub fn push_json(&mut self, v: &impl serde::Serialize) {
        // Serializing carto's values into memory cannot fail (keys are strings).
        let _ = serde_json::to_writer_pretty(&mut self.buf, v);
        self.buf.push(b'\n');
    }

    /// Appends a table in carto's style, then a newline.
    pub fn push_table(&mut self, b: tabled::builder::Builder) {
        self.push(&table(b));
    }

    /// Appends "N rows" ("1 row") under a table.
    pub fn push_count(&mut self, n: usize, noun: &str) {
        self.push(&format!("{}\n", super::plural(n, noun)));
    }

    pub fn push_bytes(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// The file written to, if not stdout.
    pub fn path(&self) -> Option<&Path> {
        self.target.as_deref()
    }

    pub fn finish(self) -> std::io::Result<()> {
        match &self.target {
            None => {
                let mut out = std::io::stdout().lock();
                out.write_all(&self.buf)?;
                out.flush()
            }
            Some(path) => write_atomic(path, &self.buf),
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory
/// and a rename; the temporary file is removed on failure.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.carto-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
