//! Diagnostics: load errors and rule findings are the same value, a
//! [`Diagnostic`] with a rule id, a severity and a location. Emitters turn a
//! list of them into text; they never print.

mod suggest;

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

    /// Sort key: file, line, column, then rule.
    fn key(&self) -> (Loc, &str) {
        (self.at.unwrap_or_default(), self.rule.as_str())
    }
}

/// Sorts diagnostics by location (files in sorted path order), then rule.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| a.key().cmp(&b.key()));
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

/// The JSON document of `check --format json` (contract in cli.md).
/// Serialized from borrowed fields (no value tree: a large inventory's
/// hundred thousand findings stay cheap).
#[derive(Serialize)]
pub struct JsonReport<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
    loaded: bool,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    entity: Option<&'a str>,
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    help: Option<&'a str>,
}

pub fn render_json<'a>(
    diags: &'a [Diagnostic],
    sources: &'a SourceMap,
    loaded: bool,
) -> JsonReport<'a> {
    let findings = diags
        .iter()
        .map(|d| {
            let at = d.at.filter(|l| !l.is_builtin());
            JsonFinding {
                rule: &d.rule,
                severity: d.severity,
                message: &d.message,
                entity: d.entity.as_deref(),
                file: at.map(|l| sources.path(l)),
                line: at.map(|l| l.line),
                column: at.map(|l| l.col),
                help: d.help.as_deref(),
            }
        })
        .collect();
    JsonReport {
        version: 1,
        findings,
        summary: Summary::of(diags),
        loaded,
    }
}

/// SARIF 2.1.0 (the format code-scanning tools read): one run, the rules
/// that produced findings, one result per finding (borrowed, like the JSON).
#[derive(Serialize)]
pub struct Sarif<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [SarifRun<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRun<'a> {
    tool: serde_json::Value,
    original_uri_base_ids: serde_json::Value,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    level: &'static str,
    message: SarifText,
    #[serde(skip_serializing_if = "Option::is_none")]
    locations: Option<[SarifLocation<'a>; 1]>,
}

#[derive(Serialize)]
struct SarifText {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    physical_location: SarifPhysical<'a>,
    logical_locations: Vec<SarifName<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifPhysical<'a> {
    artifact_location: SarifArtifact<'a>,
    region: SarifRegion,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifArtifact<'a> {
    uri: std::borrow::Cow<'a, str>,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    start_line: u32,
    start_column: u32,
}

#[derive(Serialize)]
struct SarifName<'a> {
    name: &'a str,
}

/// A relative path as a URI reference (RFC 3986): every byte outside the
/// unreserved set and `/` percent-encoded (spaces, `#`, `%`, `?`, non-ASCII).
pub fn uri_encode(path: &str) -> std::borrow::Cow<'_, str> {
    let keep = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/');
    if path.bytes().all(keep) {
        return std::borrow::Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len() + 8);
    for b in path.bytes() {
        if keep(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    std::borrow::Cow::Owned(out)
}

pub fn render_sarif<'a>(
    diags: &'a [Diagnostic],
    sources: &'a SourceMap,
    describe: impl Fn(&str) -> Option<(String, String, String)>,
) -> Sarif<'a> {
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let mut rule_ids: Vec<&str> = diags.iter().map(|d| d.rule.as_str()).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let rules: Vec<serde_json::Value> = rule_ids
        .iter()
        .map(|id| {
            let (name, summary, help) = describe(id).unwrap_or_default();
            let mut r = serde_json::json!({"id": id});
            if !name.is_empty() {
                r["name"] = name.into();
                r["shortDescription"] = serde_json::json!({"text": summary});
                r["help"] = serde_json::json!({"text": help});
            }
            r
        })
        .collect();
    let results = diags
        .iter()
        .map(|d| SarifResult {
            rule_id: &d.rule,
            level: level(d.severity),
            message: SarifText {
                text: match &d.help {
                    Some(h) => format!("{} ({h})", d.message),
                    None => d.message.clone(),
                },
            },
            locations: d.at.filter(|l| !l.is_builtin()).map(|l| {
                [SarifLocation {
                    physical_location: SarifPhysical {
                        artifact_location: SarifArtifact {
                            uri: uri_encode(sources.path(l)),
                            uri_base_id: "INVENTORY",
                        },
                        region: SarifRegion {
                            start_line: l.line.max(1),
                            start_column: l.col.max(1),
                        },
                    },
                    logical_locations: d
                        .entity
                        .as_deref()
                        .map(|name| vec![SarifName { name }])
                        .unwrap_or_default(),
                }]
            }),
        })
        .collect();
    Sarif {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [SarifRun {
            tool: serde_json::json!({"driver": {
                "name": "carto",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/carto",
                "rules": rules,
            }}),
            original_uri_base_ids: serde_json::json!({"INVENTORY": {"description": {"text": "the inventory directory"}}}),
            results,
        }],
    }
}

/// GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=RULE::message`.
/// `prefix` is the inventory's path from the repository root (`inventory/`).
pub fn render_github(diags: &[Diagnostic], sources: &SourceMap, prefix: &str) -> String {
    // Workflow commands escape %, CR and LF in data, and also , and : in properties.
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let prop = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for d in diags {
        let cmd = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props = Vec::new();
        if let Some(l) = d.at.filter(|l| !l.is_builtin()) {
            props.push(format!(
                "file={}",
                prop(&format!("{prefix}{}", sources.path(l)))
            ));
            props.push(format!("line={}", l.line));
            props.push(format!("col={}", l.col));
        }
        props.push(format!("title={}", prop(&d.rule)));
        let message = match &d.help {
            Some(h) => format!("{} ({h})", d.message),
            None => d.message.clone(),
        };
        let _ = writeln!(out, "::{cmd} {}::{}", props.join(","), data(&message));
    }
    out
}
