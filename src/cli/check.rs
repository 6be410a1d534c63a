//! `carto check`: load, validate and lint; findings as text, JSON, SARIF or
//! GitHub annotations; exit 1 on error findings (or warnings under
//! `--deny-warnings`), 3 when the inventory cannot be loaded.

use super::formats::CheckFormat;
use super::{CmdError, Ctx, Exit, Output, plural};
use crate::diag::{self, Diagnostic, Summary};
use crate::model::{RuleLevel, SourceMap};
use crate::rules::{self, Levels};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Exit 1 on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Turn a rule off (repeatable; `POL` for every policy)
    #[arg(short = 'A', long = "allow", value_name = "RULE", add = clap_complete::engine::ArgValueCandidates::new(super::manual::complete_rules))]
    pub allow: Vec<String>,
    /// Make a rule a warning (repeatable)
    #[arg(short = 'W', long = "warn", value_name = "RULE", add = clap_complete::engine::ArgValueCandidates::new(super::manual::complete_rules))]
    pub warn: Vec<String>,
    /// Make a rule an error (repeatable)
    #[arg(short = 'D', long = "deny", value_name = "RULE", add = clap_complete::engine::ArgValueCandidates::new(super::manual::complete_rules))]
    pub deny: Vec<String>,
    /// Report and fail only on findings that are not in this baseline file
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<std::path::PathBuf>,
    /// Write the fingerprints of today's findings to FILE (a baseline), then report as usual
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<std::path::PathBuf>,
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<CheckFormat>,
    /// Only the findings about this establishment's entities (a hospital group)
    #[arg(long = "for", value_name = "ESTABLISHMENT")]
    pub for_establishment: Option<String>,
    /// A table of the findings per establishment instead of the findings
    #[arg(long, value_parser = ["establishment"], conflicts_with = "for_establishment")]
    pub by: Option<String>,
}

impl Args {
    fn levels(&self) -> Levels {
        // Order of the command line is lost by clap between flags; deny wins
        // over warn, which wins over allow, for the same rule.
        let mut cli = Vec::new();
        let id = |r: &String| rules::normalize_id(r);
        cli.extend(self.allow.iter().map(|r| (id(r), RuleLevel::Off)));
        cli.extend(self.warn.iter().map(|r| (id(r), RuleLevel::Warning)));
        cli.extend(self.deny.iter().map(|r| (id(r), RuleLevel::Error)));
        Levels { cli }
    }
}

/// The outcome of a check: the findings after severity settings and
/// waivers, the sources to show them against, and (files, entities) when
/// the inventory loaded.
pub struct Checked {
    pub findings: Vec<Diagnostic>,
    pub sources: SourceMap,
    pub stats: Option<(usize, usize)>,
    /// The establishment of each entity that has one, by entity id, and
    /// the establishments declared (when the inventory loaded).
    pub establishment_of: crate::hash::HashMap<String, String>,
    pub establishments: Vec<String>,
}

/// Runs every rule on a loaded inventory: its findings (load warnings
/// included, severity settings and waivers applied, sorted). With `-v`, the
/// five slowest rules are named.
pub fn check_loaded(
    ctx: &Ctx,
    l: &crate::load::Loaded,
    levels: &Levels,
) -> Result<Vec<Diagnostic>, CmdError> {
    let graph = ctx.graph(&l.inventory);
    check_with_graph(ctx, l, &graph, levels)
}

/// [`check_loaded`] with the inventory's graph already built.
pub fn check_with_graph(
    ctx: &Ctx,
    l: &crate::load::Loaded,
    graph: &crate::graph::Graph,
    levels: &Levels,
) -> Result<Vec<Diagnostic>, CmdError> {
    let inv = &l.inventory;
    for (r, _) in &levels.cli {
        if !rules::known(inv, r) && r != "POL" {
            let ids: Vec<&str> = rules::catalogue().map(|x| x.id).collect();
            let mut m = format!("unknown rule `{r}`");
            if let Some(s) = diag::did_you_mean(r, ids.iter().copied()) {
                m.push_str(&format!("; did you mean `{s}`?"));
            }
            return Err(CmdError::Usage(m));
        }
    }
    let mut all = l.warnings.clone();
    all.extend(rules::check_rule_names(inv));
    let (found, mut times) = ctx.timed("rules checked", || rules::run_timed(inv, graph));
    if ctx.verbose {
        times.sort_by_key(|t| std::cmp::Reverse(t.1));
        let slowest: Vec<String> = times
            .iter()
            .take(5)
            .map(|(id, d)| format!("{id} {d:.1?}"))
            .collect();
        ctx.note(&format!("slowest rules: {}", slowest.join(", ")));
    }
    all.extend(levels.apply(inv, found));
    diag::sort(&mut all);
    Ok(all)
}

/// Loads the inventory (a load failure is `CmdError::Load`), for commands
/// that then build its graph and run every rule with it
/// ([`check_with_graph`]), so that the graph is built once.
pub fn load(ctx: &Ctx) -> Result<crate::load::Loaded, CmdError> {
    ctx.load_at(&ctx.inventory).map_err(CmdError::Load)
}

/// Loads and checks; a load failure is a result (its diagnostics), not an error.
pub fn findings(ctx: &Ctx, levels: &Levels) -> Result<Checked, CmdError> {
    match ctx.load_at(&ctx.inventory) {
        Err(f) => Ok(Checked {
            findings: f.diagnostics,
            sources: f.sources,
            stats: None,
            establishment_of: Default::default(),
            establishments: Vec::new(),
        }),
        Ok(l) => {
            let findings = check_loaded(ctx, &l, levels)?;
            let mut inv = l.inventory;
            let stats = Some((inv.sources.files.len(), inv.entity_count()));
            let mut establishment_of = crate::hash::HashMap::default();
            let mut establishments = Vec::new();
            for k in crate::model::Kind::ALL {
                for t in inv.targets(k) {
                    let c = inv.common(t);
                    if let Some(e) = &c.establishment {
                        establishment_of.insert(c.id.to_string(), e.id.to_string());
                        if !establishments.contains(&e.id.to_string()) {
                            establishments.push(e.id.to_string());
                        }
                    }
                }
            }
            establishments.sort();
            // An establishment's own organization belongs to it.
            for e in &establishments {
                establishment_of
                    .entry(e.clone())
                    .or_insert_with(|| e.clone());
            }
            let sources = std::mem::take(&mut inv.sources);
            // Only the sources are needed from here on.
            crate::par::drop_elsewhere(inv);
            Ok(Checked {
                findings,
                sources,
                stats,
                establishment_of,
                establishments,
            })
        }
    }
}

/// How inventory paths are written for CI services: from the root of the
/// git work tree holding the inventory (what GitHub and GitLab resolve), or
/// from the inventory folder outside git.
fn ci_paths(inventory: &std::path::Path) -> diag::CiPaths {
    let file_uri = |p: &std::path::Path| {
        let abs = std::fs::canonicalize(p).ok()?;
        let mut s = diag::uri_encode(&abs.to_string_lossy()).into_owned();
        if !s.ends_with('/') {
            s.push('/');
        }
        Some(format!("file://{s}"))
    };
    match crate::load::git::work_tree_of(inventory) {
        Some((prefix, top)) => diag::CiPaths {
            prefix,
            base_id: "SRCROOT",
            base_uri: file_uri(&top),
        },
        None => {
            let dir = if inventory.is_file() {
                inventory.parent().unwrap_or(std::path::Path::new("."))
            } else {
                inventory
            };
            diag::CiPaths {
                prefix: String::new(),
                base_id: "INVENTORY",
                base_uri: file_uri(dir),
            }
        }
    }
}

fn rule_text(id: &str) -> Option<diag::RuleText> {
    rules::find(id).map(|r| diag::RuleText {
        id: id.to_string(),
        name: r.name,
        family: r.family,
        severity: r.severity,
        summary: r.summary,
        doc: r.doc,
    })
}

fn read_baseline(path: &std::path::Path) -> Result<diag::Baseline, CmdError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CmdError::Usage(format!(
            "cannot read the baseline `{}`: {e}",
            path.display()
        ))
    })?;
    diag::Baseline::parse(&text).map_err(|e| CmdError::Usage(format!("`{}`: {e}", path.display())))
}

fn write_baseline(
    ctx: &Ctx,
    path: &std::path::Path,
    findings: &[Diagnostic],
    fps: &[String],
) -> Result<(), CmdError> {
    let b = diag::Baseline::of(findings, fps);
    let mut text = serde_json::to_vec_pretty(&b).map_err(|e| CmdError::Failure(e.to_string()))?;
    text.push(b'\n');
    super::output::write_atomic(path, &text).map_err(|e| {
        CmdError::Failure(format!(
            "cannot write the baseline `{}`: {e}",
            path.display()
        ))
    })?;
    ctx.note(&format!(
        "baseline of {} written to {}",
        plural(b.findings.len(), "finding"),
        path.display()
    ));
    Ok(())
}

/// Appends the Markdown job summary to `$GITHUB_STEP_SUMMARY`.
fn github_summary(ctx: &Ctx, text: &str) {
    use std::io::Write;
    let Some(file) = std::env::var_os("GITHUB_STEP_SUMMARY") else {
        return;
    };
    let written = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&file)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    if let Err(e) = written {
        ctx.note(&format!("cannot write the job summary: {e}"));
    }
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.pick(args.format)?;
    let baseline = args.baseline.as_deref().map(read_baseline).transpose()?;
    let Checked {
        mut findings,
        sources,
        stats,
        establishment_of,
        establishments,
    } = findings(ctx, &args.levels())?;
    let of = |f: &Diagnostic| {
        f.entity
            .as_deref()
            .and_then(|e| establishment_of.get(e))
            .cloned()
    };
    if args.by.is_some() {
        // One row per establishment, then the group's shared entities.
        let mut rows: Vec<(String, Summary)> = establishments
            .iter()
            .map(|e| {
                let mine: Vec<Diagnostic> = findings
                    .iter()
                    .filter(|f| of(f).as_deref() == Some(e.as_str()))
                    .cloned()
                    .collect();
                (e.clone(), Summary::of(&mine))
            })
            .collect();
        let shared: Vec<Diagnostic> = findings
            .iter()
            .filter(|f| of(f).is_none())
            .cloned()
            .collect();
        rows.push(("(no establishment)".into(), Summary::of(&shared)));
        let mut text = String::from("establishment        errors  warnings  info\n");
        for (e, s) in &rows {
            text.push_str(&format!(
                "{:<20} {:>6}  {:>8}  {:>4}\n",
                crate::text::escape(e),
                s.error,
                s.warning,
                s.info
            ));
        }
        out.push(&text);
        return Ok(Exit::Ok);
    }
    if let Some(e) = &args.for_establishment {
        if stats.is_some() && !establishments.contains(e) {
            return Err(CmdError::Usage(format!(
                "--for: `{}` is not an establishment of this inventory ({})",
                crate::text::escape(e),
                if establishments.is_empty() {
                    "it declares none".to_string()
                } else {
                    establishments.join(", ")
                }
            )));
        }
        findings.retain(|f| of(f).as_deref() == Some(e.as_str()));
    }
    let loaded = stats.is_some();
    let fps = diag::fingerprints(&findings, &sources);
    if let Some(p) = &args.write_baseline {
        write_baseline(ctx, p, &findings, &fps)?;
    }
    let compared = baseline.as_ref().map(|b| b.compare(&fps));
    let states = compared.as_ref().map(|c| c.0.as_slice());
    // What fails the check and what people are shown: the new findings.
    let new: Vec<usize> = (0..findings.len())
        .filter(|i| states.is_none_or(|s| s[*i] == diag::State::New))
        .collect();
    let (report, report_fps): (Vec<Diagnostic>, Vec<String>) = if states.is_some() {
        (
            new.iter().map(|i| findings[*i].clone()).collect(),
            new.iter().map(|i| fps[*i].clone()).collect(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let (report, report_fps): (&[Diagnostic], &[String]) = if states.is_some() {
        (&report, &report_fps)
    } else {
        (&findings, &fps)
    };
    let summary = Summary::of(report);
    let paths = || ci_paths(&ctx.inventory);
    let with_states = || compared.as_ref().map(|c| (c.0.as_slice(), c.1.clone()));
    let what = format!("{} findings rendered", findings.len());
    ctx.timed(&what, || match format {
        CheckFormat::Csv => {
            // The JSON findings, flattened: one source for both.
            let json = serde_json::to_value(diag::render_json(
                report, &sources, loaded, report_fps, None,
            ))
            .unwrap_or_default();
            let cell = |v: &serde_json::Value| match v {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                x => x.to_string(),
            };
            let cols = [
                "severity",
                "rule",
                "file",
                "line",
                "column",
                "entity",
                "message",
                "help",
                "fingerprint",
            ];
            let rows = json["findings"]
                .as_array()
                .map(|a| a.as_slice())
                .unwrap_or_default()
                .iter()
                .map(|f| cols.iter().map(|c| cell(&f[*c])).collect::<Vec<_>>());
            if let Err(e) = out.push_csv(&cols, rows) {
                ctx.note(&format!("cannot write the CSV: {e}"));
            }
        }
        CheckFormat::Json => {
            out.push_json(&diag::render_json(
                &findings,
                &sources,
                loaded,
                &fps,
                with_states(),
            ));
        }
        CheckFormat::Sarif => {
            out.push_json(&diag::render_sarif(
                &findings,
                &sources,
                rule_text,
                &paths(),
                &fps,
                with_states(),
            ));
        }
        CheckFormat::Gitlab => {
            out.push_json(&diag::render_gitlab(report, &sources, &paths(), report_fps));
        }
        CheckFormat::Github => {
            let paths = paths();
            out.push(&diag::render_github(report, &sources, &paths));
            // GitHub shows 10 error annotations per step: the job summary lists them all.
            if summary.error > 10 {
                github_summary(ctx, &diag::step_summary(report, &sources, &paths));
            }
            if !ctx.quiet {
                out.push(&summary_line(&summary, stats, &sources));
            }
        }
        CheckFormat::Human => {
            if loaded {
                diag::render_human_to(report, &sources, ctx.style, &mut |t| out.push(t));
            } else {
                out.push(&super::render_load_failure(report, &sources, ctx.style));
            }
            if !ctx.quiet {
                out.push(&summary_line(&summary, stats, &sources));
                if let Some((states, fixed)) = &compared {
                    let known = states
                        .iter()
                        .filter(|s| **s == diag::State::Unchanged)
                        .count();
                    out.push(&format!(
                        "carto: baseline: {} new, {} known (not shown), {} fixed\n",
                        new.len(),
                        known,
                        fixed.len()
                    ));
                }
            }
        }
    });
    Ok(if !loaded {
        Exit::Load
    } else if summary.error > 0 || (args.deny_warnings && summary.warning > 0) {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

fn summary_line(s: &Summary, stats: Option<(usize, usize)>, sources: &SourceMap) -> String {
    let counts = format!(
        "{}, {}, {} info",
        plural(s.error, "error"),
        plural(s.warning, "warning"),
        s.info
    );
    match stats {
        Some((files, entities)) => format!(
            "carto: checked {} and {}: {counts}\n",
            plural(files, "file"),
            plural(entities, "entity").replace("entitys", "entities")
        ),
        None => format!(
            "carto: the inventory cannot be loaded ({} read): {counts}\n",
            plural(sources.files.len(), "file")
        ),
    }
}
