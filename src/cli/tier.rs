//! `carto tier0` (the tier-0 set and why each member is in it) and `carto
//! paths --to tier0` (how an attacker gets there).

use super::formats::TableFormat;
use super::{CmdError, Ctx, Exit, Output, resolve_arg};
use crate::model::{Inventory, Loc, Target};
use crate::tier::{PathStep, Start, Tiering, Why};

#[derive(Debug, clap::Args)]
pub struct Tier0Args {
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<TableFormat>,
    /// Print the whole chain from each member to a declared tier-0 asset
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, clap::Args)]
pub struct PathsArgs {
    /// Where the paths lead: `tier0`, or an application or server
    #[arg(long, value_name = "tier0|ID", default_value = "tier0")]
    pub to: String,
    /// Where they start: `internet`, `vendors`, `shared` (shared and generic
    /// accounts), or a person, account, group, organization or application;
    /// repeatable [default: internet, vendors and shared]
    #[arg(long, value_name = "FROM")]
    pub from: Vec<String>,
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<TableFormat>,
}

fn at_text(inv: &Inventory, at: Loc) -> String {
    if at.is_builtin() {
        String::new()
    } else {
        inv.sources.file_line(at)
    }
}

fn why_text(inv: &Inventory, t: &Tiering, n: usize) -> (String, String) {
    match t.tier0.why[n] {
        Some(Why::Declared(at)) => ("declared `tier: 0`".to_string(), at_text(inv, at)),
        Some(Why::Controls(e)) => {
            let e = &t.control.edges[e as usize];
            (
                format!("{} {}", e.fact, crate::tier::node_name(&t.control, e.to)),
                at_text(inv, e.at),
            )
        }
        None => (String::new(), String::new()),
    }
}

pub fn tier0(ctx: &Ctx, args: &Tier0Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.pick(args.format)?;
    let loaded = ctx.load()?;
    let inv = &loaded.inventory;
    let graph = ctx.graph(inv);
    let t = ctx.timed("tier 0 derived", || Tiering::build(&graph));
    let c = &t.control;
    let members: Vec<(Target, usize)> = t
        .tier0
        .members(c)
        .filter_map(|(m, _)| Some((m, c.slot(m)?)))
        .collect();
    let chain = |n: usize| -> Vec<(String, String)> {
        t.tier0
            .chain(c, n)
            .into_iter()
            .map(|e| {
                let e = &c.edges[e as usize];
                (
                    format!(
                        "{} {} {}",
                        crate::tier::node_name(c, e.from),
                        e.fact,
                        crate::tier::node_name(c, e.to)
                    ),
                    at_text(inv, e.at),
                )
            })
            .collect()
    };
    match format {
        TableFormat::Json => {
            let rows: Vec<serde_json::Value> = members
                .iter()
                .map(|(m, n)| {
                    let (why, at) = why_text(inv, &t, *n);
                    serde_json::json!({
                        "id": inv.id(*m),
                        "kind": m.kind().noun(),
                        "declared": matches!(t.tier0.why[*n], Some(Why::Declared(_))),
                        "why": why,
                        "at": at,
                        "chain": chain(*n).into_iter().map(|(s, a)| serde_json::json!({"step": s, "at": a})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            out.push_json(&serde_json::json!({"version": 1, "tier0": rows}));
        }
        TableFormat::Csv => {
            let rows = members.iter().map(|(m, n)| {
                let (why, at) = why_text(inv, &t, *n);
                vec![inv.id(*m).to_string(), m.kind().noun().to_string(), why, at]
            });
            out.push_csv(&["id", "kind", "why", "at"], rows)
                .map_err(|e| CmdError::Failure(e.to_string()))?;
        }
        TableFormat::Table => {
            if args.explain {
                for (m, n) in &members {
                    let (why, at) = why_text(inv, &t, *n);
                    let mut s = format!(
                        "{} {}: {}  ({at})\n",
                        m.kind().noun(),
                        crate::text::escape(inv.id(*m)),
                        crate::text::escape(&why)
                    );
                    for (step, at) in chain(*n).into_iter().skip(1) {
                        s.push_str(&format!("    {}  ({at})\n", crate::text::escape(&step)));
                    }
                    out.push(&s);
                }
            } else {
                let mut b = tabled::builder::Builder::default();
                b.push_record(["tier 0", "kind", "why", "where"]);
                for (m, n) in &members {
                    let (why, at) = why_text(inv, &t, *n);
                    b.push_record([inv.id(*m).to_string(), m.kind().noun().to_string(), why, at]);
                }
                out.push_table(b);
            }
            if !ctx.quiet {
                out.push_count(members.len(), "member");
            }
        }
    }
    Ok(Exit::Ok)
}

fn starts(inv: &Inventory, from: &[String]) -> Result<Vec<Start>, CmdError> {
    if from.is_empty() {
        return Ok(vec![Start::Internet, Start::Vendors, Start::SharedAccounts]);
    }
    from.iter()
        .map(|f| match f.as_str() {
            "internet" => Ok(Start::Internet),
            "vendors" => Ok(Start::Vendors),
            "shared" => Ok(Start::SharedAccounts),
            id => {
                let t = resolve_arg(inv, id)?;
                match t {
                    Target::Person(_)
                    | Target::Account(_)
                    | Target::Group(_)
                    | Target::Org(_)
                    | Target::App(_)
                    | Target::Server(_) => Ok(Start::Entity(t)),
                    _ => Err(CmdError::Usage(format!(
                        "--from `{}` is {}; give internet, vendors, shared, or a person, account, group, organization, application or server",
                        crate::text::escape(id),
                        crate::load::kinds_phrase(&[t.kind()])
                    ))),
                }
            }
        })
        .collect()
}

fn step_json(inv: &Inventory, s: &PathStep) -> serde_json::Value {
    serde_json::json!({
        "from": s.from,
        "fact": s.fact,
        "to": s.to,
        "at": at_text(inv, s.at),
        "mfa": s.mfa,
        "grant": s.grant.map(|g| inv[g].common.id.to_string()),
    })
}

pub fn paths(ctx: &Ctx, args: &PathsArgs, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.pick(args.format)?;
    let loaded = ctx.load()?;
    let inv = &loaded.inventory;
    let from = starts(inv, &args.from)?;
    let graph = ctx.graph(inv);
    let t = ctx.timed("control graph built", || Tiering::build(&graph));
    let c = &t.control;
    let target: Vec<bool> = if args.to == "tier0" {
        t.assets()
    } else {
        let to = resolve_arg(inv, &args.to)?;
        if !matches!(to, Target::App(_) | Target::Server(_)) {
            return Err(CmdError::Usage(format!(
                "--to takes tier0, an application or a server; `{}` is {}",
                crate::text::escape(&args.to),
                crate::load::kinds_phrase(&[to.kind()])
            )));
        }
        let n = c.slot(to);
        (0..c.nodes.len()).map(|i| Some(i) == n).collect()
    };
    let found = ctx.timed("paths found", || {
        crate::tier::paths_to(c, &target, &t.starts(&from))
    });
    match format {
        TableFormat::Json => {
            let rows: Vec<serde_json::Value> = found
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "from": crate::tier::node_name(c, p.start),
                        "to": crate::tier::node_name(c, p.end),
                        "mfa_on_every_login": p.mfa_everywhere(c),
                        "steps": p.steps(c).iter().map(|s| step_json(inv, s)).collect::<Vec<_>>(),
                    })
                })
                .collect();
            out.push_json(&serde_json::json!({"version": 1, "to": args.to, "paths": rows}));
        }
        TableFormat::Csv => {
            let rows = found.iter().flat_map(|p| {
                let mfa = p.mfa_everywhere(c);
                p.steps(c)
                    .into_iter()
                    .enumerate()
                    .map(move |(k, s)| {
                        vec![
                            crate::tier::node_name(c, p.start),
                            crate::tier::node_name(c, p.end),
                            mfa.to_string(),
                            (k + 1).to_string(),
                            s.from.clone(),
                            s.fact.to_string(),
                            s.to.clone(),
                            at_text(inv, s.at),
                        ]
                    })
                    .collect::<Vec<_>>()
            });
            out.push_csv(
                &[
                    "from",
                    "to",
                    "mfa_on_every_login",
                    "step",
                    "who",
                    "fact",
                    "what",
                    "at",
                ],
                rows,
            )
            .map_err(|e| CmdError::Failure(e.to_string()))?;
        }
        TableFormat::Table => {
            if found.is_empty() {
                out.push("no path\n");
            }
            for p in &found {
                let mut s = format!(
                    "{} -> {}{}\n",
                    crate::text::escape(&crate::tier::node_name(c, p.start)),
                    crate::text::escape(&crate::tier::node_name(c, p.end)),
                    if p.mfa_everywhere(c) {
                        ""
                    } else {
                        "  [a login without MFA]"
                    }
                );
                for st in p.steps(c) {
                    let mfa = match st.mfa {
                        Some(true) => " (MFA)",
                        Some(false) => " (no MFA)",
                        None => "",
                    };
                    s.push_str(&format!(
                        "    {} {} {}{mfa}  ({})\n",
                        crate::text::escape(&st.from),
                        st.fact,
                        crate::text::escape(&st.to),
                        at_text(inv, st.at)
                    ));
                }
                out.push(&s);
            }
            if !ctx.quiet {
                out.push_count(found.len(), "path");
            }
        }
    }
    Ok(Exit::Ok)
}
