//! `carto history`: how the inventory changed over its snapshots.

use super::formats::TableFormat;
use super::{CmdError, Ctx, Exit, Output};
use crate::store;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<TableFormat>,
    #[command(flatten)]
    pub db: super::DbArg,
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.pick(args.format)?;
    let db = ctx.db(args.db.db.as_deref());
    let fail = |e: store::StoreError| CmdError::Failure(e.to_string());
    let points = match db.to_str().filter(|d| store::pg::is_url(d)) {
        Some(url) => store::pg::history(&mut store::pg::connect(url).map_err(fail)?),
        None => store::history(&store::open_ro(&db).map_err(fail)?.0),
    }
    .map_err(fail)?;
    let shared = points.iter().any(|p| p.establishment.is_some());
    let mut head = vec![
        "snapshot",
        "taken",
        "label",
        "commit",
        "entities",
        "applications",
        "special access",
        "principals on special data",
        "errors",
        "warnings",
        "info",
    ];
    if shared {
        head.insert(1, "establishment");
    }
    let rows = points.iter().map(|p| {
        let mut row = vec![
            p.snapshot.to_string(),
            p.taken.clone(),
            p.label.clone().unwrap_or_default(),
            p.commit
                .as_deref()
                .map(|c| c[..c.len().min(12)].to_string())
                .unwrap_or_default(),
            p.entities.to_string(),
            p.applications.to_string(),
            p.special_access.to_string(),
            p.special_principals.to_string(),
            p.errors.to_string(),
            p.warnings.to_string(),
            p.infos.to_string(),
        ];
        if shared {
            row.insert(1, p.establishment.clone().unwrap_or_default());
        }
        row
    });
    match format {
        TableFormat::Json => {
            out.push_json(&serde_json::json!({"version": 1, "snapshots": points}));
        }
        TableFormat::Csv => {
            out.push_csv(&head, rows)
                .map_err(|e| CmdError::Failure(e.to_string()))?;
        }
        TableFormat::Table => {
            let mut b = tabled::builder::Builder::default();
            b.push_record(head.clone());
            for r in rows {
                b.push_record(r);
            }
            out.push_table(b);
            if !ctx.quiet {
                out.push_count(points.len(), "snapshot");
            }
        }
    }
    Ok(Exit::Ok)
}
