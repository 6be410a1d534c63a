//! `carto review start|status|apply|report`: access review campaigns (see
//! [`crate::review`]).

use super::{CmdError, Ctx, Exit, Output, check};
use crate::model::Date;
use crate::review::{self, Campaign, Scope};
use crate::rules::Levels;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub step: Step,
}

#[derive(Debug, clap::Subcommand)]
pub enum Step {
    /// Start a campaign in -o DIR: one workbook per reviewer, campaign.json
    Start(StartArgs),
    /// Which workbooks came back, how many decisions are missing, per reviewer
    Status(DirArgs),
    /// Write the returned decisions into the inventory (nothing when a workbook is invalid)
    Apply(ApplyArgs),
    /// The evidence for an auditor: scope, reviewers, decisions, changes, what is overdue
    Report(ReportArgs),
}

#[derive(Debug, clap::Args)]
pub struct StartArgs {
    /// Only grants on this application or server (repeatable)
    #[arg(long = "app", value_name = "ID")]
    pub targets: Vec<String>,
    /// Only grants on applications with this tag (repeatable)
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
    /// Only grants never reviewed or reviewed longer ago than review_max_age
    #[arg(long)]
    pub overdue: bool,
}

#[derive(Debug, clap::Args)]
pub struct DirArgs {
    /// The campaign's folder
    pub dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ApplyArgs {
    /// The campaign's folder
    pub dir: PathBuf,
    /// The date written as `reviewed:` [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Say what would change, write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The campaign's folder
    pub dir: PathBuf,
    /// html (printable) or json [default: from -o's extension, else html]
    #[arg(long, value_parser = ["html", "json"])]
    pub format: Option<String>,
}

fn fail(m: impl Into<String>) -> CmdError {
    CmdError::Failure(m.into())
}

fn shown(p: &Path) -> String {
    crate::text::escape(&p.display().to_string()).into_owned()
}

fn read_campaign(dir: &Path) -> Result<Campaign, CmdError> {
    let path = dir.join("campaign.json");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        fail(format!(
            "{}: {e} (a campaign folder is made by `carto review start -o DIR`)",
            shown(&path)
        ))
    })?;
    let c: Campaign = serde_json::from_str(&text)
        .map_err(|e| fail(format!("{}: not a campaign file ({e})", shown(&path))))?;
    if c.version != 1 {
        return Err(fail(format!(
            "{}: campaign version {} is not supported by this carto",
            shown(&path),
            c.version
        )));
    }
    Ok(c)
}

fn listed(errors: &[String]) -> String {
    errors
        .iter()
        .map(|e| format!("  {}", crate::text::escape(e)))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    match &args.step {
        Step::Start(a) => start(ctx, a, out),
        Step::Status(a) => status(a, out),
        Step::Apply(a) => apply(ctx, a, out),
        Step::Report(a) => report(ctx, a, out),
    }
}

fn start(ctx: &Ctx, a: &StartArgs, out: &mut Output) -> Result<Exit, CmdError> {
    let Some(dir) = out.path().map(Path::to_path_buf) else {
        return Err(CmdError::Usage(
            "a campaign is a folder of workbooks: name it with `-o DIR`".into(),
        ));
    };
    if dir.join("campaign.json").exists() {
        return Err(CmdError::Usage(format!(
            "{} already holds a campaign: start the next one in another folder",
            shown(&dir)
        )));
    }
    let loaded = check::load(ctx)?;
    let inv = &loaded.inventory;
    for t in &a.targets {
        if inv.lookup(t).is_empty() {
            return Err(CmdError::Usage(format!(
                "--app: no application or server `{}`",
                crate::text::escape(t)
            )));
        }
    }
    let graph = ctx.graph(inv);
    let findings = check::check_with_graph(ctx, &loaded, &graph, &Levels::default())?;
    let today = Date::today();
    let scope = Scope {
        targets: a.targets.clone(),
        tags: a.tag.clone(),
        overdue: a.overdue,
    };
    let (lines, reviewers) = review::lines(inv, &graph, &findings, &scope, today);
    if lines.is_empty() {
        return Err(CmdError::Usage("no grant is in this scope".into()));
    }
    std::fs::create_dir_all(&dir).map_err(|e| fail(format!("{}: {e}", shown(&dir))))?;
    if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(fail(format!(
            "{} is a symbolic link: carto writes a campaign only into a real folder",
            shown(&dir)
        )));
    }
    let campaign = Campaign {
        version: 1,
        started: today.to_string(),
        commit: super::git_commit(&inv.root, false),
        scope,
        reviewers,
        lines,
    };
    // Each reviewer's rows, then the workbooks written on all cores.
    let mut rows: crate::hash::HashMap<&str, Vec<&review::Line>> = Default::default();
    for l in &campaign.lines {
        rows.entry(l.reviewer.as_str()).or_default().push(l);
    }
    let written = crate::par::parallel_map(campaign.reviewers.len(), |k| {
        let r = &campaign.reviewers[k];
        let path = dir.join(&r.file);
        // Never through a link planted in the folder.
        if std::fs::symlink_metadata(&path).is_ok() {
            std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", shown(&path)))?;
        }
        let mine = rows.get(r.id.as_str()).map_or(&[][..], Vec::as_slice);
        review::workbook::write(&path, r, mine, &campaign.started)
            .map_err(|e| format!("{}: {e}", shown(&path)))
    });
    for w in written {
        w.map_err(fail)?;
    }
    let json = serde_json::to_string_pretty(&campaign).unwrap_or_default();
    super::output::write_atomic(&dir.join("campaign.json"), json.as_bytes())
        .map_err(|e| fail(format!("{}: {e}", shown(&dir))))?;
    out.discard();
    ctx.note(&format!(
        "campaign started in {}: {} grants, {} workbooks ({})",
        shown(&dir),
        campaign.lines.len(),
        campaign.reviewers.len(),
        campaign
            .reviewers
            .iter()
            .map(|r| r.file.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    Ok(Exit::Ok)
}

fn status(a: &DirArgs, out: &mut Output) -> Result<Exit, CmdError> {
    let c = read_campaign(&a.dir)?;
    let (decided, missing) = review::read_decisions(&a.dir, &c)
        .map_err(|e| fail(format!("{} workbook problems:\n{}", e.len(), listed(&e))))?;
    let rows = review::report::status(&c, &decided, &missing);
    let mut text = String::from(
        "reviewer            workbook                        returned  grants  decided  missing\n",
    );
    for r in &rows {
        text.push_str(&format!(
            "{:<19} {:<31} {:<9} {:>6}  {:>7}  {:>7}\n",
            crate::text::escape(&r.id),
            crate::text::escape(&r.file),
            if r.returned { "yes" } else { "no" },
            r.rows,
            r.decided,
            r.missing
        ));
    }
    let missing_total: usize = rows.iter().map(|r| r.missing).sum();
    text.push_str(&format!(
        "{} of {} decisions missing\n",
        missing_total,
        c.lines.len()
    ));
    out.push(&text);
    Ok(Exit::Ok)
}

fn apply(ctx: &Ctx, a: &ApplyArgs, out: &mut Output) -> Result<Exit, CmdError> {
    let c = read_campaign(&a.dir)?;
    let date = match &a.date {
        Some(d) => Date::parse(d).ok_or_else(|| {
            CmdError::Usage(format!(
                "--date: `{}` is not YYYY-MM-DD",
                crate::text::escape(d)
            ))
        })?,
        None => Date::today(),
    };
    let (decided, _) = review::read_decisions(&a.dir, &c).map_err(|e| {
        fail(format!(
            "{} problems in the returned workbooks, nothing written:\n{}",
            e.len(),
            listed(&e)
        ))
    })?;
    let loaded = ctx.load()?;
    let inv = &loaded.inventory;
    let plan = review::plan(inv, &decided, date).map_err(|e| {
        fail(format!(
            "{} decisions cannot be applied, nothing written:\n{}",
            e.len(),
            listed(&e)
        ))
    })?;
    let n = decided.iter().filter(|d| d.decision.is_some()).count();
    let files: Vec<String> = plan
        .iter()
        .map(|(p, _)| p.strip_prefix(&inv.root).unwrap_or(p).display().to_string())
        .collect();
    if a.dry_run {
        out.push(&format!(
            "{n} decisions would change {}\n",
            if files.is_empty() {
                "nothing".into()
            } else {
                files.join(", ")
            }
        ));
        return Ok(Exit::Ok);
    }
    // Written all at once; the originals come back if the result does not load.
    let originals: Vec<(PathBuf, Vec<u8>)> = plan
        .iter()
        .filter_map(|(p, _)| std::fs::read(p).ok().map(|b| (p.clone(), b)))
        .collect();
    let restore = || {
        for (p, b) in &originals {
            let _ = super::output::write_atomic(p, b);
        }
    };
    for (p, text) in &plan {
        if let Err(e) = super::output::write_atomic(p, text.as_bytes()) {
            restore();
            return Err(fail(format!("{}: {e}; nothing changed", shown(p))));
        }
    }
    if let Err(f) = crate::load::load(&inv.root) {
        restore();
        return Err(fail(format!(
            "the decisions would leave an inventory that does not load ({} errors, first: {}); nothing changed",
            f.diagnostics.len(),
            f.diagnostics
                .first()
                .map_or(String::new(), |d| crate::text::escape(&d.message)
                    .into_owned())
        )));
    }
    let applied = review::Applied {
        date: date.to_string(),
        decisions: decided,
        files: files.clone(),
    };
    let json = serde_json::to_string_pretty(&applied).unwrap_or_default();
    super::output::write_atomic(&a.dir.join("applied.json"), json.as_bytes())
        .map_err(|e| fail(format!("{}: {e}", shown(&a.dir))))?;
    out.push(&format!(
        "{n} decisions applied to {}\n",
        if files.is_empty() {
            "no file".into()
        } else {
            files.join(", ")
        }
    ));
    Ok(Exit::Ok)
}

fn report(ctx: &Ctx, a: &ReportArgs, out: &mut Output) -> Result<Exit, CmdError> {
    let c = read_campaign(&a.dir)?;
    let (decided, missing) = review::read_decisions(&a.dir, &c)
        .map_err(|e| fail(format!("{} workbook problems:\n{}", e.len(), listed(&e))))?;
    let applied: Option<review::Applied> = std::fs::read_to_string(a.dir.join("applied.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    let loaded = ctx.load()?;
    let r = review::report::build(
        &c,
        decided,
        &missing,
        applied,
        &loaded.inventory,
        Date::today(),
    );
    let json = match a.format.as_deref() {
        Some(f) => f == "json",
        None => out
            .path()
            .and_then(|p| p.extension())
            .is_some_and(|e| e == "json"),
    };
    if json {
        out.push_json(&serde_json::to_value(&r).unwrap_or_default());
    } else {
        out.push(&review::report::html(&r));
    }
    Ok(Exit::Ok)
}
