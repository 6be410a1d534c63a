//! `carto site -o DIR`: the map as a static website (see [`crate::site`]).

use super::{CmdError, Ctx, Exit, Output, check};
use crate::export::{Selection, register};
use crate::model::{Date, Kind, Language};
use crate::rules::Levels;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only pages for these kinds (comma-separated sections:
    /// applications,processings); the home, findings, rules and register
    /// pages are always written
    #[arg(long, value_name = "KINDS", value_delimiter = ',')]
    pub only: Vec<String>,
    /// Language of the pages [default: `language:` in carto.yaml, else en]
    #[arg(long, value_name = "LANG", value_parser = ["en", "fr"])]
    pub lang: Option<String>,
    /// Do not draw the diagrams of the views (Graphviz not called)
    #[arg(long)]
    pub no_diagrams: bool,
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let Some(dir) = out.path().map(|p| p.to_path_buf()) else {
        return Err(CmdError::Usage(
            "a site is a folder of pages: name it with `-o DIR`".into(),
        ));
    };
    if dir.is_file() {
        return Err(CmdError::Usage(format!(
            "`{}` is a file: -o names the folder the site is written into",
            crate::text::escape(&dir.display().to_string())
        )));
    }
    let mut only = Vec::new();
    for k in &args.only {
        only.push(Kind::from_name(k.trim()).ok_or_else(|| {
            CmdError::Usage(format!("--only: unknown kind `{}`", crate::text::escape(k)))
        })?);
    }
    let loaded = check::load(ctx)?;
    let inv = &loaded.inventory;
    let graph = ctx.graph(inv);
    let findings = check::check_with_graph(ctx, &loaded, &graph, &Levels::default())?;
    let commit = super::git_commit(&inv.root, true);
    let lang = args
        .lang
        .as_deref()
        .and_then(Language::parse)
        .or(inv.settings.language)
        .unwrap_or(Language::En);
    let sel = Selection {
        establishment: None,
        processor: false,
        processing: None,
        tags: Vec::new(),
        lang,
    };
    let views = if args.no_diagrams {
        Vec::new()
    } else {
        ctx.timed("diagrams drawn", || {
            super::diagram::site_views(&graph, lang)
        })
    };
    let reg = register::build(inv, &graph, &sel, Date::today(), commit.clone());
    let input = crate::site::Input {
        inv,
        graph: &graph,
        findings: &findings,
        register: Some(reg),
        commit,
        today: Date::today().to_string(),
        only,
        lang,
        views,
    };
    let (bar, progress) = ctx.progress("page {pos}/{len}", 2000);
    let written = ctx.timed("site written", || {
        crate::site::build(&input, &dir, &progress)
    });
    bar.finish_and_clear();
    let written = written.map_err(|e| CmdError::Failure(e.0))?;
    // The files are written: nothing goes to `-o` itself.
    out.discard();
    if !ctx.quiet {
        ctx.note(&format!(
            "{written} files written to {} (open index.html)",
            crate::text::escape(&dir.display().to_string())
        ));
    }
    Ok(Exit::Ok)
}
