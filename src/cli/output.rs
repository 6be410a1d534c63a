//! Command output: streamed to stdout, or, with `-o FILE`, collected and
//! written to a fresh temporary file beside FILE that is renamed over it,
//! so that an interrupted run never leaves a half-written file.

use std::io::Write;
use std::path::{Path, PathBuf};

/// A table in carto's style (sharp borders), with a final newline. Cells
/// hold names and values from the inventory: control characters in them
/// are escaped (`\n`, `\u{1b}`), so that a name cannot start a line in a CI
/// log or drive the terminal.
pub fn table(b: tabled::builder::Builder) -> String {
    let rows: Vec<Vec<String>> = b.into();
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|c| match crate::text::escape(&c) {
                    std::borrow::Cow::Borrowed(_) => c,
                    std::borrow::Cow::Owned(e) => e,
                })
                .collect()
        })
        .collect();
    let header_only = rows.len() == 1;
    let mut t = tabled::builder::Builder::from(rows).build();
    if header_only {
        // The line under the header would take the bottom border's place.
        t.with(tabled::settings::Style::sharp().remove_horizontals());
    } else {
        t.with(tabled::settings::Style::sharp());
    }
    let width = WIDTH.load(std::sync::atomic::Ordering::Relaxed);
    if width > 0 {
        // The widest columns give way first (summaries, explanations), at
        // word boundaries: ids, in narrow columns, stay whole.
        t.with(
            tabled::settings::Width::wrap(width)
                .priority(tabled::settings::peaker::Priority::max(true))
                .keep_words(true),
        );
    }
    format!("{t}\n")
}

/// The width tables fit in; 0 for no limit (not a terminal, `--width 0`).
static WIDTH: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Sets the width tables fit in: `--width N` when given; else, on a
/// terminal, `$COLUMNS` or the terminal's width; else no limit (a file, a
/// pipe: tables stay whole for tools).
pub fn set_width(given: Option<usize>, to_terminal: bool) {
    let width = given.unwrap_or_else(|| {
        if !to_terminal {
            return 0;
        }
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|c| *c > 0)
            .or_else(|| {
                console::Term::stdout()
                    .size_checked()
                    .map(|(_, cols)| cols as usize)
            })
            .unwrap_or(80)
    });
    WIDTH.store(width, std::sync::atomic::Ordering::Relaxed);
}

/// Where a command's output goes: stdout as it is produced (a large
/// answer is never held whole), or a buffer written atomically to `-o FILE`.
pub struct Output {
    target: Option<PathBuf>,
    buf: Vec<u8>,
    /// Past [`SPILL`] bytes, the answer for `-o FILE` goes on into the
    /// temporary file that becomes FILE at the end (memory stays bounded).
    spill: Option<std::io::BufWriter<Atomic>>,
    stdout: Option<std::io::BufWriter<std::io::Stdout>>,
    /// The first write error to stdout (a closed pipe); later writes are dropped.
    failed: Option<std::io::Error>,
}

impl Output {
    /// `None` or `-` is stdout.
    pub fn new(target: Option<PathBuf>) -> Output {
        let target = target.filter(|p| p.as_os_str() != "-");
        let stdout = target
            .is_none()
            .then(|| std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()));
        Output {
            target,
            buf: Vec::new(),
            spill: None,
            stdout,
            failed: None,
        }
    }

    pub fn push(&mut self, text: &str) {
        self.push_bytes(text.as_bytes());
    }

    /// Appends a JSON document, pretty-printed, and a newline, serialized
    /// straight into the output (no intermediate string) through a buffer
    /// (the serializer writes a few bytes at a time).
    pub fn push_json(&mut self, v: &impl serde::Serialize) {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, &mut *self);
        // Serializing carto's values cannot fail (keys are strings); a
        // write error is kept for `finish`.
        let _ = serde_json::to_writer_pretty(&mut w, v);
        let _ = w.write_all(b"\n");
        let _ = w.flush();
    }

    /// Appends a table in carto's style, then a newline.
    pub fn push_table(&mut self, b: tabled::builder::Builder) {
        self.push(&table(b));
    }

    /// Appends CSV: a header row, then the rows, each cell guarded against
    /// spreadsheet formulas ([`safe_cell`](crate::export::formats::safe_cell)),
    /// written as they come.
    pub fn push_csv<R, C>(&mut self, head: &[&str], rows: R) -> std::io::Result<()>
    where
        R: IntoIterator<Item = Vec<C>>,
        C: AsRef<str>,
    {
        let mut w = csv::Writer::from_writer(&mut *self);
        w.write_record(head)?;
        for row in rows {
            w.write_record(
                row.iter()
                    .map(|c| crate::export::formats::safe_cell(c.as_ref())),
            )?;
        }
        w.flush()
    }

    /// Appends "N rows" ("1 row") under a table.
    pub fn push_count(&mut self, n: usize, noun: &str) {
        self.push(&format!("{}\n", super::plural(n, noun)));
    }

    pub fn push_bytes(&mut self, bytes: &[u8]) {
        if self.failed.is_some() {
            return;
        }
        let written = match (&mut self.stdout, &mut self.spill, &self.target) {
            (Some(w), _, _) => w.write_all(bytes),
            (None, Some(w), _) => w.write_all(bytes),
            (None, None, Some(path)) if self.buf.len() + bytes.len() > SPILL => Atomic::open(path)
                .and_then(|f| {
                    let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
                    w.write_all(&std::mem::take(&mut self.buf))?;
                    w.write_all(bytes)?;
                    self.spill = Some(w);
                    Ok(())
                }),
            (None, None, _) => {
                self.buf.extend_from_slice(bytes);
                Ok(())
            }
        };
        if let Err(e) = written {
            self.failed = Some(e);
        }
    }

    /// Drops the answer: the command wrote its files itself (`diagram
    /// --split` into the `-o` directory).
    pub fn discard(&mut self) {
        self.target = None;
        self.buf.clear();
        self.spill = None;
        self.stdout = None;
    }

    /// The file written to, if not stdout.
    pub fn path(&self) -> Option<&Path> {
        self.target.as_deref()
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        if let Some(w) = self.spill.take() {
            return w.into_inner().map_err(|e| e.into_error())?.commit();
        }
        match (&self.target, self.stdout.as_mut()) {
            (_, Some(w)) => w.flush(),
            (Some(path), None) => write_atomic(path, &self.buf),
            (None, None) => Ok(()),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.push_bytes(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// How much of an answer for `-o FILE` is held in memory before it goes on
/// into the temporary file.
const SPILL: usize = 8 << 20;

/// A file being written atomically: a device or FIFO as it is, anything
/// else a temporary file in the same directory renamed over it at the end.
pub enum Atomic {
    Device(std::fs::File),
    Temp(tempfile::NamedTempFile, PathBuf),
}

impl Atomic {
    pub fn open(path: &Path) -> std::io::Result<Atomic> {
        let dir = crate::load::folder_of(path);
        let name = path
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        // A device or a FIFO named as such (`-o /dev/null`) is written to as
        // it is: replacing it by a regular file would break it for everyone.
        // (Not through a link: a link planted at the target is replaced.)
        #[cfg(unix)]
        if let Ok(m) = std::fs::symlink_metadata(path) {
            use std::os::unix::fs::FileTypeExt;
            let t = m.file_type();
            if t.is_char_device() || t.is_fifo() {
                return Ok(Atomic::Device(
                    std::fs::OpenOptions::new().write(true).open(path)?,
                ));
            }
        }
        // A fresh name opened with O_EXCL (never a link planted in advance),
        // removed if anything fails, renamed over the target at the end.
        let mut builder = tempfile::Builder::new();
        let prefix = format!(".{name}.");
        builder.prefix(&prefix).suffix(".carto-tmp");
        // Like any file a command writes: 0666 less the umask (tempfile's
        // default, 0600, would hide a register from the people it is for).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        Ok(Atomic::Temp(builder.tempfile_in(dir)?, path.to_path_buf()))
    }

    /// Puts the file in place (a temporary file dropped before is removed).
    pub fn commit(self) -> std::io::Result<()> {
        match self {
            Atomic::Device(_) => Ok(()),
            Atomic::Temp(tmp, path) => {
                tmp.as_file().sync_all()?;
                tmp.persist(path).map_err(|e| e.error)?;
                Ok(())
            }
        }
    }
}

impl Write for Atomic {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Atomic::Device(f) => f.write(buf),
            Atomic::Temp(t, _) => t.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Atomic::Device(f) => f.flush(),
            Atomic::Temp(t, _) => t.flush(),
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory
/// and a rename; the temporary file is removed on failure.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = Atomic::open(path)?;
    f.write_all(bytes)?;
    f.commit()
}
