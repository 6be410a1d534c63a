//! Diagnostics: load errors and rule findings are the same value, a
//! [`Diagnostic`] with a rule id, a severity and a location. Emitters turn a
//! list of them into text; they never print.

mod baseline;
mod emit;
mod suggest;

pub use baseline::{Baseline, BaselineEntry, State, fingerprints};
pub use emit::{
    CiPaths, JsonReport, RuleText, Sarif, render_github, render_gitlab, render_json, render_sarif,
    step_summary, uri_encode,
};

pub use suggest::did_you_mean;

use crate::model::{Id, Loc, Severity, SourceMap};
use serde::Serialize;
use std::fmt::Write;

/// One finding or load error.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Rule id: `INV001`, `SEC003`, `POL:my-policy`.
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// Primary location.
    pub at: Option<Loc>,
    /// The entity the finding is about.
    pub entity: Option<Id>,
    /// A hint, such as "did you mean `dpi-core`?".
    pub help: Option<String>,
    /// Secondary locations ("first declared here").
    pub notes: Vec<(String, Loc)>,
    /// What the finding is about beyond its rule and entity, when a rule can
    /// report one entity several times (the data category, the recipient,
    /// the application): part of the fingerprint, never shown.
    pub key: Option<String>,
}

impl Diagnostic {
    pub fn new(rule: &str, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            rule: rule.to_string(),
            severity,
            message: message.into(),
            at: None,
            entity: None,
            help: None,
            notes: Vec::new(),
            key: None,
        }
    }

    pub fn error(rule: &str, message: impl Into<String>) -> Self {
        Self::new(rule, Severity::Error, message)
    }

    pub fn warning(rule: &str, message: impl Into<String>) -> Self {
        Self::new(rule, Severity::Warning, message)
    }

    pub fn at(mut self, loc: Loc) -> Self {
        self.at = Some(loc);
        self
    }

    pub fn entity(mut self, id: &Id) -> Self {
        self.entity = Some(id.clone());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn note(mut self, text: impl Into<String>, loc: Loc) -> Self {
        self.notes.push((text.into(), loc));
        self
    }

    /// The rule's own key (see [`Diagnostic::key`]); parts joined by `/`.
    pub fn keyed(mut self, parts: &[&str]) -> Self {
        self.key = Some(parts.join("/"));
        self
    }

    /// The finding's identity, stable across commits: computed from what it
    /// is about (rule, entity, the rule's own key), never from its wording,
    /// line numbers or counts, so that moving a line or adding a grant does
    /// not make an old problem look new. A finding about no entity (a load
    /// error) is identified by its file and message. 16 hex digits (FNV-1a,
    /// 64 bits; the algorithm is part of the contract: `v1`).
    pub fn fingerprint(&self, sources: &SourceMap) -> String {
        let mut h = Fnv::default();
        h.part(self.rule.as_bytes());
        match &self.entity {
            Some(e) => {
                h.part(b"entity");
                h.part(e.as_bytes());
            }
            None => {
                h.part(b"file");
                if let Some(at) = self.at.filter(|l| !l.is_builtin()) {
                    h.part(sources.path(at).as_bytes());
                }
                h.part(self.message.as_bytes());
            }
        }
        if let Some(k) = &self.key {
            h.part(k.as_bytes());
        }
        format!("{:016x}", h.0)
    }

    /// Sort key: file, line, column, then rule.
    fn sort_key(&self) -> (Loc, &str) {
        (self.at.unwrap_or_default(), self.rule.as_str())
    }
}

/// The SARIF `partialFingerprints` key of [`Diagnostic::fingerprint`].
pub const FINGERPRINT_KEY: &str = "cartoFindingId/v1";

use crate::hash::Fnv;

/// Sorts diagnostics by location (files in sorted path order), then rule.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Counts of findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Summary {
    pub fn of(diags: &[Diagnostic]) -> Summary {
        let mut s = Summary::default();
        for d in diags {
            match d.severity {
                Severity::Error => s.error += 1,
                Severity::Warning => s.warning += 1,
                Severity::Info => s.info += 1,
            }
        }
        s
    }
}

/// ANSI styling, or none.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(&self, s: Severity) -> String {
        match s {
            Severity::Error => self.paint("1;31", "error"),
            Severity::Warning => self.paint("1;33", "warning"),
            Severity::Info => self.paint("1;36", "info"),
        }
    }
}

/// Renders diagnostics like a compiler: header, `--> file:line:col`, the
/// source line and a caret, notes and help. Everything that came from the
/// inventory is escaped (no control character reaches a terminal or a CI
/// log) and source lines are cut to a window around the caret.
pub fn render_human(diags: &[Diagnostic], sources: &SourceMap, style: Style) -> String {
    let mut out = String::new();
    render_human_to(diags, sources, style, &mut |s| out.push_str(s));
    out
}

/// Like [`render_human`], handing the text to `emit` in pieces as it is
/// rendered (a large inventory's findings are never all in memory at once).
pub fn render_human_to(
    diags: &[Diagnostic],
    sources: &SourceMap,
    style: Style,
    emit: &mut dyn FnMut(&str),
) {
    // Many findings (a large inventory's first check) render on both cores,
    // a few chunks at a time.
    const CHUNK: usize = 4096;
    let chunks: Vec<&[Diagnostic]> = diags.chunks(CHUNK).collect();
    let render = |c: &[Diagnostic]| {
        let mut out = String::new();
        for d in c {
            render_one(&mut out, d, sources, style);
        }
        out
    };
    for batch in chunks.chunks(8) {
        if batch.len() == 1 {
            emit(&render(batch[0]));
        } else {
            for text in crate::par::parallel_map(batch.len(), |i| render(batch[i])) {
                emit(&text);
            }
        }
    }
}

/// At most this many load errors of one file are shown...
pub const SHOWN_PER_FILE: usize = 50;
/// ...and at most this many in all; the rest are counted.
pub const SHOWN_IN_ALL: usize = 500;

/// The diagnostics to show of a failed load (at most [`SHOWN_PER_FILE`] per
/// file and [`SHOWN_IN_ALL`] in all, in order), and how many are not shown.
pub fn capped(diags: &[Diagnostic]) -> (Vec<&Diagnostic>, usize) {
    let mut per_file: crate::hash::HashMap<Option<u32>, usize> = Default::default();
    let mut shown = Vec::new();
    for d in diags {
        let n = per_file.entry(d.at.map(|l| l.file)).or_default();
        *n += 1;
        if *n <= SHOWN_PER_FILE && shown.len() < SHOWN_IN_ALL {
            shown.push(d);
        }
    }
    let hidden = diags.len() - shown.len();
    (shown, hidden)
}

fn render_one(out: &mut String, d: &Diagnostic, sources: &SourceMap, style: Style) {
    use crate::text::escape;
    let _ = writeln!(
        out,
        "{}{}: {}",
        style.severity(d.severity),
        style.paint("1", &format!("[{}]", escape(&d.rule))),
        style.paint("1", &escape(&d.message))
    );
    if let Some(loc) = d.at {
        snippet(out, sources, loc, None, style);
    }
    for (text, loc) in &d.notes {
        snippet(out, sources, *loc, Some(text), style);
    }
    if let Some(h) = &d.help {
        let _ = writeln!(out, "   = {}: {}", style.paint("1", "help"), escape(h));
    }
    out.push('\n');
}

fn snippet(out: &mut String, sources: &SourceMap, loc: Loc, label: Option<&str>, style: Style) {
    use crate::text::escape;
    let arrow = style.paint("1;34", "-->");
    let label_text = label
        .map(|l| format!(" ({})", escape(l)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  {arrow} {}{label_text}",
        escape(&sources.file_line_col(loc))
    );
    if let Some(line) = sources.line_text(loc) {
        let (line, caret) = crate::text::window(line, loc.col as usize);
        let num = loc.line.to_string();
        let pad = " ".repeat(num.len());
        let bar = style.paint("1;34", "|");
        let _ = writeln!(out, "  {pad} {bar}");
        let _ = writeln!(out, "  {} {bar} {}", style.paint("1;34", &num), line);
        // The caret sits under the column, counted in characters; tabs are kept
        // so that the caret lines up with the source line.
        let lead: String = line
            .chars()
            .take(caret)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let width = caret_width(&line, caret + 1);
        let _ = writeln!(
            out,
            "  {pad} {bar} {lead}{}",
            style.paint("1;31", &"^".repeat(width))
        );
    }
}

/// The width of the token at a column: a quoted string, or up to the next
/// space, comma, bracket or `: `.
fn caret_width(line: &str, col: usize) -> usize {
    let mut rest = line.chars().skip(col.saturating_sub(1)).peekable();
    let n = match rest.peek().copied() {
        None => 0,
        Some('[' | '{') => 1,
        Some(q @ ('"' | '\'')) => {
            rest.next();
            rest.position(|c| c == q).map_or(1, |p| p + 2)
        }
        Some(_) => {
            let mut n = 0;
            while let Some(c) = rest.next() {
                if matches!(c, ' ' | ',' | ']' | '}' | '#')
                    || (c == ':' && rest.peek().is_none_or(|n| *n == ' '))
                {
                    break;
                }
                n += 1;
            }
            n
        }
    };
    n.max(1)
}
