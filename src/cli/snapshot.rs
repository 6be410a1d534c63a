//! `carto snapshot`: saves the resolved inventory, its effective access, the
//! reach of its data and its findings into SQLite, keeping history.

use super::{CmdError, Ctx, Exit, Output, check};
use crate::model::Date;
use crate::rules::Levels;
use crate::store;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<super::formats::TextFormat>,
    #[command(flatten)]
    pub db: super::DbArg,
    /// The establishment this snapshot belongs to, in a shared PostgreSQL
    /// store [default: the inventory's own organization]
    #[arg(long, value_name = "ID")]
    pub establishment: Option<String>,
    /// A label for this snapshot (a release, a ticket)
    #[arg(long)]
    pub label: Option<String>,
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.pick(args.format)?;
    let db = ctx.db(args.db.db.as_deref());
    let loaded = check::load(ctx)?;
    let inv = &loaded.inventory;
    let graph = ctx.graph(inv);
    let findings = check::check_with_graph(ctx, &loaded, &graph, &Levels::default())?;
    let fail = |e: store::StoreError| CmdError::Failure(e.to_string());
    let info = store::SnapshotInfo {
        taken: Date::today().to_string(),
        label: args.label.as_deref(),
        commit: super::git_commit(&inv.root, false),
    };
    let url = db.to_str().filter(|d| store::pg::is_url(d));
    let (bar, progress) = ctx.progress("access of application {pos}/{len}", 200);
    let id = match url {
        Some(url) => {
            let establishment = args
                .establishment
                .clone()
                .or_else(|| inv.self_org.map(|o| inv[o].common.id.to_string()))
                .unwrap_or_else(|| "default".into());
            let mut client = store::pg::connect(url).map_err(fail)?;
            ctx.timed("snapshot written", || {
                store::pg::write_snapshot(
                    &mut client,
                    &establishment,
                    inv,
                    &graph,
                    &findings,
                    &info,
                    &progress,
                )
            })
        }
        None => {
            let mut conn = store::open_rw(&db).map_err(fail)?;
            ctx.timed("snapshot written", || {
                store::write_snapshot(&mut conn, inv, &graph, &findings, &info, &progress)
            })
        }
    }
    .map_err(fail);
    bar.finish_and_clear();
    let id = id?;
    let shown = match url {
        Some(u) => store::pg::redact(u),
        None => db.display().to_string(),
    };
    if format == super::formats::TextFormat::Json {
        out.push_json(
            &serde_json::json!({"version": 1, "snapshot": id, "db": shown, "commit": info.commit, "label": info.label}),
        );
    } else {
        out.push(&format!(
            "snapshot {id} written to {} ({} entities, {} findings{})\n",
            shown,
            inv.entity_count(),
            findings.len(),
            info.commit
                .as_deref()
                .map(|c| format!(", commit {}", &c[..c.len().min(12)]))
                .unwrap_or_default()
        ));
    }
    Ok(Exit::Ok)
}
