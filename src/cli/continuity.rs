//! `carto continuity [ID]`: recovery targets (RTO/RPO of applications and
//! processings) checked against backups and dependencies, the first thing
//! that breaks each; `--order`: the order in which to restore.

use super::formats::TableFormat;
use super::{CmdError, Ctx, Exit, Output, resolve_arg};
use crate::continuity::{Dependencies, Objective, break_sentence_en, check_all, restore_order};
use crate::model::{AppIx, Criticality, Inventory, Target};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<TableFormat>,
    /// Only this application or processing
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::manual::complete_ids))]
    pub id: Option<String>,
    /// The restore order of the vital and high applications (or of ID) and
    /// everything they depend on, dependencies first
    #[arg(long)]
    pub order: bool,
}

fn status(inv: &Inventory, o: &Objective) -> String {
    let mut parts = o.problems.clone();
    if let Some((app, b)) = &o.broken_by {
        let through = if o.subject == Target::App(*app) {
            String::new()
        } else {
            format!("through `{}`: ", inv[*app].common.id)
        };
        parts.push(format!("{through}{}", break_sentence_en(inv, b)));
    }
    if parts.is_empty() {
        "holds".to_string()
    } else {
        parts.join("; ")
    }
}

fn or_dash(s: String) -> String {
    if s.is_empty() { "-".into() } else { s }
}

/// For CSV: empty when unset.
fn plain(d: Option<crate::model::Duration>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn text(d: Option<crate::model::Duration>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.pick(args.format)?;
    let loaded = ctx.load()?;
    let inv = &loaded.inventory;
    let only = args
        .id
        .as_deref()
        .map(|id| {
            let t = resolve_arg(inv, id)?;
            match t {
                Target::App(_) | Target::Processing(_) => Ok(t),
                _ => Err(CmdError::Usage(format!(
                    "`{}` is {}; `continuity` takes an application or a processing",
                    crate::text::escape(id),
                    crate::load::kinds_phrase(&[t.kind()])
                ))),
            }
        })
        .transpose()?;
    let graph = ctx.graph(inv);
    if args.order {
        let deps = Dependencies::build(inv, &graph);
        let roots: Vec<AppIx> = match only {
            Some(Target::App(a)) => vec![a],
            Some(Target::Processing(p)) => inv[p].applications.iter().map(|a| a.ix).collect(),
            _ => (0..inv.applications.len())
                .map(|i| AppIx(i as u32))
                .filter(|a| {
                    matches!(
                        inv[*a].criticality,
                        Some(Criticality::High | Criticality::Vital)
                    )
                })
                .collect(),
        };
        let order = restore_order(inv, &deps, &roots);
        return print_order(ctx, inv, &deps, &order, format, out);
    }
    let mut all = ctx.timed("checked", || check_all(inv, &graph));
    // For one application: everything it depends on, down to servers and hosting.
    let chain: Vec<(AppIx, crate::continuity::Dependency)> = match only {
        Some(Target::App(a)) => crate::continuity::closure(&Dependencies::build(inv, &graph), a),
        _ => Vec::new(),
    };
    let servers = |a: AppIx| -> String {
        inv[a]
            .servers
            .iter()
            .map(|s| match &inv[s.ix].zone {
                Some(z) => format!("{} ({})", s.id, z.id),
                None => s.id.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let host = |a: AppIx| -> String {
        inv[a]
            .hosting
            .as_ref()
            .and_then(|h| h.provider.as_ref())
            .map_or("self".to_string(), |p| p.id.to_string())
    };
    if let Some(t) = only {
        all.retain(|o| o.subject == t);
        if all.is_empty() {
            return Err(CmdError::Usage(format!(
                "`{}` has no `rto` or `rpo` to check",
                crate::text::escape(inv.id(t))
            )));
        }
    }
    match format {
        TableFormat::Json => {
            let rows: Vec<serde_json::Value> = all
                .iter()
                .map(|o| {
                    serde_json::json!({
                        "id": inv.id(o.subject),
                        "kind": o.subject.kind().noun(),
                        "rto": o.rto.map(|d| d.to_string()),
                        "rpo": o.rpo.map(|d| d.to_string()),
                        "holds": o.problems.is_empty() && o.broken_by.is_none(),
                        "problems": o.problems,
                        "broken_by": o.broken_by.as_ref().map(|(app, b)| serde_json::json!({
                            "application": inv[*app].common.id,
                            "chain": b.chain.iter().map(|d| serde_json::json!({
                                "application": inv[d.app].common.id,
                                "because": d.need.as_str(),
                                "at": inv.sources.file_line(d.at),
                            })).collect::<Vec<_>>(),
                            "time": b.time.to_string(),
                            "what": b.what,
                        })),
                    })
                })
                .collect();
            let mut v = serde_json::json!({"version": 1, "objectives": rows});
            if let Some(Target::App(a)) = only {
                v["dependencies"] = chain
                    .iter()
                    .map(|(by, d)| {
                        serde_json::json!({
                            "application": inv[d.app].common.id,
                            "needed_by": inv[*by].common.id,
                            "because": d.need.as_str(),
                            "at": inv.sources.file_line(d.at),
                            "recovery": crate::continuity::recovery(inv, d.app).map(|(t, _)| t.to_string()),
                            "servers": inv[d.app].servers.iter().map(|s| s.id.to_string()).collect::<Vec<_>>(),
                            "hosting": host(d.app),
                        })
                    })
                    .collect();
                v["servers"] = inv[a].servers.iter().map(|s| s.id.to_string()).collect();
                v["hosting"] = host(a).into();
            }
            out.push_json(&v);
        }
        TableFormat::Csv => {
            let rows = all.iter().map(|o| {
                vec![
                    inv.id(o.subject).to_string(),
                    o.subject.kind().noun().to_string(),
                    plain(o.rto),
                    plain(o.rpo),
                    status(inv, o),
                ]
            });
            out.push_csv(&["id", "kind", "rto", "rpo", "status"], rows)
                .map_err(|e| CmdError::Failure(e.to_string()))?;
        }
        TableFormat::Table => {
            let mut b = tabled::builder::Builder::default();
            b.push_record(["id", "kind", "rto", "rpo", "status"]);
            for o in &all {
                b.push_record([
                    inv.id(o.subject).to_string(),
                    o.subject.kind().noun().to_string(),
                    text(o.rto),
                    text(o.rpo),
                    status(inv, o),
                ]);
            }
            out.push_table(b);
            if let Some(Target::App(a)) = only {
                out.push(&format!(
                    "runs on: {}; hosted by: {}\n",
                    crate::text::escape(&or_dash(servers(a))),
                    crate::text::escape(&host(a))
                ));
                if !chain.is_empty() {
                    let mut d = tabled::builder::Builder::default();
                    d.push_record([
                        "depends on",
                        "needed by",
                        "because",
                        "recovery",
                        "runs on",
                        "hosted by",
                    ]);
                    for (by, dep) in &chain {
                        d.push_record([
                            inv[dep.app].common.id.to_string(),
                            inv[*by].common.id.to_string(),
                            dep.need.as_str().to_string(),
                            crate::continuity::recovery(inv, dep.app)
                                .map(|(t, w)| format!("{t} ({w})"))
                                .unwrap_or_else(|| "-".into()),
                            or_dash(servers(dep.app)),
                            host(dep.app),
                        ]);
                    }
                    out.push_table(d);
                }
            }
            if !ctx.quiet {
                let broken = all
                    .iter()
                    .filter(|o| !o.problems.is_empty() || o.broken_by.is_some())
                    .count();
                out.push(&format!("{} objectives, {broken} not held\n", all.len()));
            }
        }
    }
    Ok(Exit::Ok)
}

fn print_order(
    ctx: &Ctx,
    inv: &Inventory,
    deps: &Dependencies,
    order: &[Vec<AppIx>],
    format: TableFormat,
    out: &mut Output,
) -> Result<Exit, CmdError> {
    let rows: Vec<(usize, AppIx)> = order
        .iter()
        .flatten()
        .copied()
        .enumerate()
        .map(|(k, a)| (k + 1, a))
        .collect();
    let needs = |a: AppIx| -> String {
        deps.direct[a.i()]
            .iter()
            .map(|d| inv[d.app].common.id.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let recovery = |a: AppIx| {
        crate::continuity::recovery(inv, a)
            .map(|(d, what)| format!("{d} ({what})"))
            .unwrap_or_else(|| "-".into())
    };
    match format {
        TableFormat::Json => {
            let steps: Vec<serde_json::Value> = rows
                .iter()
                .map(|(k, a)| {
                    serde_json::json!({
                        "step": k,
                        "application": inv[*a].common.id,
                        "criticality": inv[*a].criticality.map(|c| c.to_string()),
                        "rto": inv[*a].rto.map(|d| d.to_string()),
                        "recovery": crate::continuity::recovery(inv, *a).map(|(d, _)| d.to_string()),
                        "needs": deps.direct[a.i()].iter().map(|d| inv[d.app].common.id.to_string()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            out.push_json(&serde_json::json!({"version": 1, "order": steps}));
        }
        TableFormat::Csv | TableFormat::Table => {
            const HEAD: [&str; 6] = [
                "step",
                "application",
                "criticality",
                "rto",
                "recovery",
                "needs",
            ];
            // A spreadsheet gets empty cells where a table shows `-`.
            let csv = format == TableFormat::Csv;
            let cells = |(k, a): &(usize, AppIx)| {
                let unset = |s: String| if csv && s == "-" { String::new() } else { s };
                [
                    k.to_string(),
                    inv[*a].common.id.to_string(),
                    inv[*a]
                        .criticality
                        .map(|c| c.to_string())
                        .unwrap_or_default(),
                    unset(text(inv[*a].rto)),
                    unset(recovery(*a)),
                    needs(*a),
                ]
            };
            if csv {
                out.push_csv(&HEAD, rows.iter().map(|r| cells(r).to_vec()))
                    .map_err(|e| CmdError::Failure(e.to_string()))?;
                return Ok(Exit::Ok);
            }
            let mut b = tabled::builder::Builder::default();
            b.push_record(HEAD);
            for r in &rows {
                b.push_record(cells(r));
            }
            out.push_table(b);
            if !ctx.quiet {
                out.push_count(rows.len(), "application");
            }
        }
    }
    Ok(Exit::Ok)
}
