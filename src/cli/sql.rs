//! `carto sql "QUERY"`: read-only SQL on the snapshot database.

use super::{CmdError, Ctx, Exit, Output};
use crate::export::formats::safe_cell;
use crate::store::{self, StoreError};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One SQL statement (read-only); views: latest_access, special_data_access,
    /// latest_findings, latest_entities, latest_reach
    pub query: String,
    #[arg(long, default_value = ".carto/carto.db")]
    pub db: PathBuf,
    /// Bound to `:snapshot` in the query
    #[arg(long, value_name = "ID")]
    pub snapshot: Option<i64>,
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.format(&["human", "csv", "json"])?;
    let conn = store::open_ro(&args.db).map_err(|e| CmdError::Failure(e.to_string()))?;
    let r = store::query(&conn, &args.query, args.snapshot).map_err(|e| match e {
        StoreError::ReadOnly(_) => CmdError::Usage(e.to_string()),
        other => CmdError::Failure(other.to_string()),
    })?;
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        x => x.to_string(),
    };
    match format {
        "json" => {
            let rows: Vec<serde_json::Value> = r
                .rows
                .iter()
                .map(|row| {
                    serde_json::Value::Object(
                        r.columns.iter().cloned().zip(row.iter().cloned()).collect(),
                    )
                })
                .collect();
            out.push(&format!(
                "{:#}\n",
                serde_json::json!({"version": 1, "columns": r.columns, "rows": rows})
            ));
        }
        "csv" => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let fail = |e: csv::Error| CmdError::Failure(e.to_string());
            w.write_record(&r.columns).map_err(fail)?;
            for row in &r.rows {
                w.write_record(row.iter().map(|v| safe_cell(&text(v))))
                    .map_err(fail)?;
            }
            let bytes = w
                .into_inner()
                .map_err(|e| CmdError::Failure(e.to_string()))?;
            out.push(&String::from_utf8_lossy(&bytes));
        }
        _ => {
            let mut b = tabled::builder::Builder::default();
            b.push_record(r.columns.clone());
            for row in &r.rows {
                b.push_record(row.iter().map(text));
            }
            out.push_table(b);
            if !ctx.quiet {
                out.push_count(r.rows.len(), "row");
            }
        }
    }
    Ok(Exit::Ok)
}
