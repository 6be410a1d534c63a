//! Findings for machines and CI services: JSON (carto's contract), SARIF
//! 2.1.0 for code scanning, GitHub workflow annotations and step summary,
//! GitLab Code Quality. Each is judged by the program that reads it: paths
//! are relative to the repository root when the inventory is in git, every
//! finding carries its fingerprint, baseline states are kept.

use super::baseline::{BaselineEntry, State};
use super::{Diagnostic, FINGERPRINT_KEY, Summary};
use crate::model::{Loc, Severity, SourceMap};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write;

/// How inventory paths are written for a CI service.
#[derive(Clone, Debug, Default)]
pub struct CiPaths {
    /// Prepended to every inventory path: the inventory's folder from the
    /// repository root (`inventory/`), empty at the root or outside git.
    pub prefix: String,
    /// SARIF `uriBaseId` of the paths: `SRCROOT` (the repository) or
    /// `INVENTORY` (the inventory folder, outside git).
    pub base_id: &'static str,
    /// The absolute `file://` URI of that base (ends with `/`).
    pub base_uri: Option<String>,
}

impl CiPaths {
    fn path(&self, sources: &SourceMap, l: Loc) -> String {
        format!("{}{}", self.prefix, sources.path(l))
    }
}

/// What a rule says about itself, for SARIF's `reportingDescriptor`.
pub struct RuleText {
    pub id: String,
    pub name: &'static str,
    pub family: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// The rule's documentation page (Markdown).
    pub doc: &'static str,
}

fn located(d: &Diagnostic) -> Option<Loc> {
    d.at.filter(|l| !l.is_builtin())
}

fn message_with_help(d: &Diagnostic) -> String {
    match &d.help {
        Some(h) => format!("{} ({h})", d.message),
        None => d.message.clone(),
    }
}

/// The JSON document of `check --format json` (contract in docs/json.md).
/// Serialized from borrowed fields (no value tree: a large inventory's
/// hundred thousand findings stay cheap).
#[derive(Serialize)]
pub struct JsonReport<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
    loaded: bool,
    /// With `--baseline`: the baseline's findings no longer found.
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed: Option<Vec<&'a BaselineEntry>>,
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
    fingerprint: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<State>,
}

/// `fps[i]` is the fingerprint of `diags[i]`; `states` the baseline states
/// (with `--baseline`), `fixed` the baseline entries no longer found.
pub fn render_json<'a>(
    diags: &'a [Diagnostic],
    sources: &'a SourceMap,
    loaded: bool,
    fps: &'a [String],
    baseline: Option<(&'a [State], Vec<&'a BaselineEntry>)>,
) -> JsonReport<'a> {
    let states = baseline.as_ref().map(|b| b.0);
    let findings = diags
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let at = located(d);
            JsonFinding {
                rule: &d.rule,
                severity: d.severity,
                message: &d.message,
                entity: d.entity.as_deref(),
                file: at.map(|l| sources.path(l)),
                line: at.map(|l| l.line),
                column: at.map(|l| l.col),
                help: d.help.as_deref(),
                fingerprint: &fps[i],
                baseline: states.map(|s| s[i]),
            }
        })
        .collect();
    JsonReport {
        version: 1,
        findings,
        summary: Summary::of(diags),
        loaded,
        fixed: baseline.map(|b| b.1),
    }
}

/// A relative path as a URI reference (RFC 3986): every byte outside the
/// unreserved set and `/` percent-encoded (spaces, `#`, `%`, `?`, non-ASCII).
pub fn uri_encode(path: &str) -> Cow<'_, str> {
    let keep = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/');
    if path.bytes().all(keep) {
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len() + 8);
    for b in path.bytes() {
        if keep(b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    Cow::Owned(out)
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
    automation_details: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<serde_json::Value>,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: SarifText,
    #[serde(skip_serializing_if = "Option::is_none")]
    locations: Option<[SarifLocation<'a>; 1]>,
    partial_fingerprints: serde_json::Map<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<State>,
}

#[derive(Serialize)]
struct SarifText {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    physical_location: SarifPhysical,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<SarifName<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifPhysical {
    artifact_location: SarifArtifact,
    region: SarifRegion,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifArtifact {
    uri: String,
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

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A rule page as plain text (SARIF `help.text`): no headings' `#`, no
/// code fences, no backticks.
fn plain(md: &str) -> String {
    md.lines()
        .filter(|l| !l.starts_with("```"))
        .map(|l| {
            l.trim_start_matches('#')
                .trim_start()
                .replace(['`', '*'], "")
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// The "What it checks" paragraph of a rule page (SARIF `fullDescription`).
fn what_it_checks(md: &str) -> Option<String> {
    let start = md.find("## What it checks")?;
    let rest = &md[start..];
    let body = rest.lines().skip(1).take_while(|l| !l.starts_with("## "));
    let text = body.collect::<Vec<_>>().join(" ");
    let text = text.trim().replace('`', "");
    (!text.is_empty()).then_some(text)
}

fn rule_descriptor(r: &RuleText) -> serde_json::Value {
    let full = what_it_checks(r.doc).unwrap_or_else(|| r.summary.to_string());
    let mut props = serde_json::json!({"tags": [r.family.to_ascii_lowercase(), "carto"]});
    // GitHub ranks security alerts by `security-severity` (CVSS-like, as text).
    if r.family == "SEC" {
        props["security-severity"] = match r.severity {
            Severity::Error => "8.0",
            Severity::Warning => "5.0",
            Severity::Info => "2.0",
        }
        .into();
    }
    serde_json::json!({
        "id": r.id,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": full},
        "help": {"text": plain(r.doc), "markdown": r.doc},
        "defaultConfiguration": {"level": sarif_level(r.severity)},
        "properties": props,
    })
}

/// SARIF for these findings. `rules(id)` describes a rule; `fps` are the
/// fingerprints; with a baseline, each result has its `baselineState` and
/// the fixed findings are added as `absent` results.
pub fn render_sarif<'a>(
    diags: &'a [Diagnostic],
    sources: &'a SourceMap,
    rules: impl Fn(&str) -> Option<RuleText>,
    paths: &CiPaths,
    fps: &'a [String],
    baseline: Option<(&'a [State], Vec<&'a BaselineEntry>)>,
) -> Sarif<'a> {
    let absent = baseline.as_ref().map(|b| b.1.clone()).unwrap_or_default();
    let states = baseline.as_ref().map(|b| b.0);
    let mut rule_ids: Vec<&str> = diags
        .iter()
        .map(|d| d.rule.as_str())
        .chain(absent.iter().map(|e| e.rule.as_str()))
        .collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let index = |id: &str| rule_ids.binary_search(&id).unwrap_or(0);
    let descriptors: Vec<serde_json::Value> = rule_ids
        .iter()
        .map(|id| match rules(id) {
            Some(r) => rule_descriptor(&r),
            None => serde_json::json!({
                "id": id,
                "shortDescription": {"text": id},
                "fullDescription": {"text": id},
            }),
        })
        .collect();
    let fingerprint = |fp: &str| {
        let mut m = serde_json::Map::new();
        m.insert(FINGERPRINT_KEY.into(), fp.into());
        m
    };
    let mut results: Vec<SarifResult> = diags
        .iter()
        .enumerate()
        .map(|(i, d)| SarifResult {
            rule_id: &d.rule,
            rule_index: index(&d.rule),
            level: sarif_level(d.severity),
            message: SarifText {
                text: message_with_help(d),
            },
            locations: located(d).map(|l| {
                [SarifLocation {
                    physical_location: SarifPhysical {
                        artifact_location: SarifArtifact {
                            uri: uri_encode(&paths.path(sources, l)).into_owned(),
                            uri_base_id: paths.base_id,
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
            partial_fingerprints: fingerprint(&fps[i]),
            baseline_state: states.map(|s| s[i]),
        })
        .collect();
    results.extend(absent.iter().map(|e| SarifResult {
        rule_id: &e.rule,
        rule_index: index(&e.rule),
        level: match e.severity.as_str() {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        },
        message: SarifText {
            text: format!("fixed: {}", e.message),
        },
        locations: None,
        partial_fingerprints: fingerprint(&e.fingerprint),
        baseline_state: Some(State::Absent),
    }));
    let base = paths.base_uri.as_ref().map(|uri| {
        let what = if paths.base_id == "SRCROOT" {
            "the root of the git work tree holding the inventory"
        } else {
            "the inventory directory"
        };
        serde_json::json!({paths.base_id: {"uri": uri, "description": {"text": what}}})
    });
    Sarif {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [SarifRun {
            tool: serde_json::json!({"driver": {
                "name": "carto",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            }}),
            automation_details: serde_json::json!({"id": "carto/check/"}),
            original_uri_base_ids: base,
            results,
        }],
    }
}

/// GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=RULE::message`,
/// with repository-relative paths.
pub fn render_github(diags: &[Diagnostic], sources: &SourceMap, paths: &CiPaths) -> String {
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
        if let Some(l) = located(d) {
            props.push(format!("file={}", prop(&paths.path(sources, l))));
            props.push(format!("line={}", l.line));
            props.push(format!("col={}", l.col));
        }
        props.push(format!("title={}", prop(&d.rule)));
        let _ = writeln!(
            out,
            "::{cmd} {}::{}",
            props.join(","),
            data(&message_with_help(d))
        );
    }
    out
}

/// The Markdown job summary GitHub shows when annotations are cut (it shows
/// 10 error annotations per step): every finding, grouped by rule.
pub fn step_summary(diags: &[Diagnostic], sources: &SourceMap, paths: &CiPaths) -> String {
    let md = crate::export::formats::md_escape;
    let mut by_rule: std::collections::BTreeMap<&str, Vec<&Diagnostic>> = Default::default();
    for d in diags {
        by_rule.entry(&d.rule).or_default().push(d);
    }
    let s = Summary::of(diags);
    let mut out = format!(
        "## carto check\n\n{} errors, {} warnings, {} notes.\n",
        s.error, s.warning, s.info
    );
    for (rule, ds) in by_rule {
        let _ = writeln!(out, "\n### {} ({})\n", md(rule), ds.len());
        for d in ds {
            let at = located(d)
                .map(|l| format!(" ({}:{})", md(&paths.path(sources, l)), l.line))
                .unwrap_or_default();
            let _ = writeln!(out, "- {}: {}{at}", d.severity, md(&d.message));
        }
    }
    out
}

/// One issue of GitLab's Code Quality report (shown in merge requests).
#[derive(Serialize)]
pub struct GitlabIssue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: &'a str,
    severity: &'static str,
    location: GitlabLocation,
}

#[derive(Serialize)]
pub struct GitlabLocation {
    path: String,
    lines: GitlabLines,
}

#[derive(Serialize)]
pub struct GitlabLines {
    begin: u32,
}

/// GitLab Code Quality: a JSON array of issues; errors are `major`,
/// warnings `minor`, notes `info`. Findings without a file are placed on
/// the inventory's first file.
pub fn render_gitlab<'a>(
    diags: &'a [Diagnostic],
    sources: &'a SourceMap,
    paths: &CiPaths,
    fps: &'a [String],
) -> Vec<GitlabIssue<'a>> {
    let fallback = sources
        .files
        .first()
        .map(|f| format!("{}{}", paths.prefix, f.path))
        .unwrap_or_else(|| paths.prefix.clone());
    diags
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let (path, line) = match located(d) {
                Some(l) => (paths.path(sources, l), l.line.max(1)),
                None => (fallback.clone(), 1),
            };
            GitlabIssue {
                description: format!("{}: {}", d.rule, message_with_help(d)),
                check_name: &d.rule,
                fingerprint: &fps[i],
                severity: match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                location: GitlabLocation {
                    path,
                    lines: GitlabLines { begin: line },
                },
            }
        })
        .collect()
}
