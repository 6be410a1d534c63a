//! `carto check`: load, validate and lint; findings as text, JSON, SARIF or
//! GitHub annotations; exit 1 on error findings (or warnings under
//! `--deny-warnings`), 3 when the inventory cannot be loaded.

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
    #[arg(short = 'A', long = "allow", value_name = "RULE")]
    pub allow: Vec<String>,
    /// Make a rule a warning (repeatable)
    #[arg(short = 'W', long = "warn", value_name = "RULE")]
    pub warn: Vec<String>,
    /// Make a rule an error (repeatable)
    #[arg(short = 'D', long = "deny", value_name = "RULE")]
    pub deny: Vec<String>,
}

impl Args {
    fn levels(&self) -> Levels {
        // Order of the command line is lost by clap between flags; deny wins
        // over warn, which wins over allow, for the same rule.
        let mut cli = Vec::new();
        cli.extend(self.allow.iter().map(|r| (r.clone(), RuleLevel::Off)));
        cli.extend(self.warn.iter().map(|r| (r.clone(), RuleLevel::Warning)));
        cli.extend(self.deny.iter().map(|r| (r.clone(), RuleLevel::Error)));
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
}

/// Runs every rule on a loaded inventory: its findings (load warnings
/// included, severity settings and waivers applied, sorted). With `-v`, the
/// five slowest rules are named.
pub fn check_loaded(
    ctx: &Ctx,
    l: &crate::load::Loaded,
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
    let graph = ctx.graph(inv);
    let mut all = l.warnings.clone();
    all.extend(rules::check_rule_names(inv));
    let (found, mut times) = ctx.timed("rules checked", || rules::run_timed(inv, &graph));
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

/// Loads the inventory at `path` and runs every rule. A load failure is
/// `CmdError::Load`.
pub fn analyse(
    ctx: &Ctx,
    path: &std::path::Path,
    levels: &Levels,
) -> Result<(crate::load::Loaded, Vec<Diagnostic>), CmdError> {
    let l = ctx.load_at(path).map_err(CmdError::Load)?;
    let findings = check_loaded(ctx, &l, levels)?;
    Ok((l, findings))
}

/// Loads and checks; a load failure is a result (its diagnostics), not an error.
pub fn findings(ctx: &Ctx, levels: &Levels) -> Result<Checked, CmdError> {
    match ctx.load_at(&ctx.inventory) {
        Err(f) => Ok(Checked {
            findings: f.diagnostics,
            sources: f.sources,
            stats: None,
        }),
        Ok(l) => {
            let findings = check_loaded(ctx, &l, levels)?;
            let mut inv = l.inventory;
            let stats = Some((inv.sources.files.len(), inv.entity_count()));
            let sources = std::mem::take(&mut inv.sources);
            // Only the sources are needed from here on.
            crate::par::drop_elsewhere(inv);
            Ok(Checked {
                findings,
                sources,
                stats,
            })
        }
    }
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.format(&["human", "json", "sarif", "github"])?;
    let Checked {
        findings,
        sources,
        stats,
    } = findings(ctx, &args.levels())?;
    let loaded = stats.is_some();
    let summary = Summary::of(&findings);
    let what = format!("{} findings rendered", findings.len());
    ctx.timed(&what, || match format {
        "json" => {
            out.push_json(&diag::render_json(&findings, &sources, loaded));
        }
        "sarif" => {
            out.push_json(&diag::render_sarif(&findings, &sources, |id| {
                rules::find(id)
                    .map(|r| (r.name.to_string(), r.summary.to_string(), r.doc.to_string()))
            }));
        }
        "github" => {
            let prefix = github_prefix(&ctx.inventory);
            out.push(&diag::render_github(&findings, &sources, &prefix));
            if !ctx.quiet {
                out.push(&summary_line(&summary, stats, &sources));
            }
        }
        _ => {
            if loaded {
                diag::render_human_to(&findings, &sources, ctx.style, &mut |t| out.push(t));
            } else {
                out.push(&super::render_load_failure(&findings, &sources, ctx.style));
            }
            if !ctx.quiet {
                out.push(&summary_line(&summary, stats, &sources));
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

/// The inventory's path as a prefix for annotation paths (`inventory/`), so
/// that GitHub can place them in the repository; empty for `.`.
fn github_prefix(inventory: &std::path::Path) -> String {
    let s = inventory.to_string_lossy().replace('\\', "/");
    let s = s.trim_start_matches("./").trim_end_matches('/');
    if s.is_empty() || s == "." || s.starts_with('/') {
        String::new()
    } else {
        format!("{s}/")
    }
}

fn summary_line(s: &Summary, stats: Option<(usize, usize)>, sources: &SourceMap) -> String {
    let counts = format!(
        "{}, {}, {}",
        plural(s.error, "error"),
        plural(s.warning, "warning"),
        plural(s.info, "note")
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
