//! `carto diagram VIEW`: ecosystem, applications, flows, data DATA, access
//! ID, infrastructure, gdpr; as DOT, SVG, PNG (through Graphviz's `dot`) or
//! Mermaid.

use super::{CmdError, Ctx, Exit, Output, resolve_arg};
use crate::model::Target;
use crate::render::{self, ClusterBy, View};
use std::io::Write;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// ecosystem, applications, flows, data, access, infrastructure, gdpr
    pub view: String,
    /// The category (`data`) or the application or category (`access`)
    pub arg: Option<String>,
    /// Only the neighbourhood of this entity
    #[arg(long, value_name = "ID")]
    pub focus: Option<String>,
    /// How many links away from --focus to keep
    #[arg(long, default_value_t = 2)]
    pub depth: usize,
    /// Only entities with this tag, and their neighbours (repeatable)
    #[arg(long)]
    pub tag: Vec<String>,
    /// Group applications by zone, site, org or none
    #[arg(long, default_value = "zone")]
    pub cluster: String,
}

const FORMATS: &[&str] = &["dot", "svg", "png", "mermaid"];

/// Runs Graphviz's `dot` on a DOT text.
fn run_dot(dot: &str, format: &str) -> Result<Vec<u8>, CmdError> {
    let child = std::process::Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(CmdError::Failure(format!(
                "{format} needs Graphviz's `dot`, which is not installed: install it (Debian/Ubuntu: `apt-get install graphviz`, macOS: `brew install graphviz`), or use `--format dot` or `--format mermaid`"
            )));
        }
        Err(e) => return Err(CmdError::Failure(format!("cannot run `dot`: {e}"))),
    };
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(dot.as_bytes())
            .map_err(|e| CmdError::Failure(format!("cannot write to `dot`: {e}")))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| CmdError::Failure(format!("`dot` failed: {e}")))?;
    if !out.status.success() {
        return Err(CmdError::Failure(format!(
            "`dot` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.format(FORMATS)?;
    if format == "png" && out.path().is_none() {
        return Err(CmdError::Usage(
            "PNG is binary: write it to a file with `-o map.png`".into(),
        ));
    }
    let by = ClusterBy::parse(&args.cluster).ok_or_else(|| {
        CmdError::Usage(format!(
            "invalid --cluster `{}`: expected zone, site, org or none",
            args.cluster
        ))
    })?;
    let loaded = ctx.load()?;
    let inv = &loaded.inventory;
    let need_arg = |what: &str| -> Result<String, CmdError> {
        args.arg
            .clone()
            .ok_or_else(|| CmdError::Usage(format!("`carto diagram {}` needs {what}", args.view)))
    };
    let view = match args.view.as_str() {
        "ecosystem" => View::Ecosystem,
        "applications" | "apps" => View::Applications,
        "flows" => View::Flows,
        "infrastructure" | "infra" => View::Infrastructure,
        "gdpr" => View::Gdpr,
        "data" => {
            let id = need_arg("a data category: `carto diagram data health`")?;
            let arg = if id.contains(':') {
                id.clone()
            } else {
                format!("data:{id}")
            };
            match resolve_arg(inv, &arg)? {
                Target::Data(d) => View::Data(d),
                _ => return Err(CmdError::Usage(format!("`{id}` is not a data category"))),
            }
        }
        "access" => {
            let id = need_arg("an application or a data category: `carto diagram access dpi`")?;
            match resolve_arg(inv, &id)? {
                t @ (Target::App(_) | Target::Data(_) | Target::Server(_)) => View::Access(t),
                other => {
                    return Err(CmdError::Usage(format!(
                        "`{id}` is {}; `diagram access` takes an application, a server or a data category",
                        crate::load::kinds_phrase(&[other.kind()])
                    )));
                }
            }
        }
        other => {
            let views = [
                "ecosystem",
                "applications",
                "flows",
                "data",
                "access",
                "infrastructure",
                "gdpr",
            ];
            let mut m = format!(
                "unknown view `{other}`: expected one of {}",
                views.join(", ")
            );
            if let Some(s) = crate::diag::did_you_mean(other, views.iter().copied()) {
                m.push_str(&format!("; did you mean `{s}`?"));
            }
            return Err(CmdError::Usage(m));
        }
    };
    let graph = ctx.graph(inv);
    let mut d = ctx.timed("diagram built", || render::build(&graph, view, by));
    d.only_tagged(&args.tag);
    if let Some(f) = &args.focus {
        let found = d.focus(f, args.depth) || d.focus(&format!("data:{f}"), args.depth);
        if !found {
            let ids: Vec<String> = d.nodes.iter().map(|n| n.entity.clone()).collect();
            let mut m = format!("`{f}` is not in this diagram");
            if let Some(s) = crate::diag::did_you_mean(f, ids.iter().map(|s| s.as_str())) {
                m.push_str(&format!("; did you mean `{s}`?"));
            }
            return Err(CmdError::Usage(m));
        }
    }
    match format {
        "mermaid" => out.push(&render::mermaid(&d)),
        "dot" => out.push(&render::dot(&d)),
        f => out.push_bytes(&run_dot(&render::dot(&d), f)?),
    }
    Ok(Exit::Ok)
}
