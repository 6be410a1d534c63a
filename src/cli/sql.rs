//! `carto sql "QUERY"`: read-only SQL on the snapshot database. Rows are
//! written as they are read (CSV and JSON in constant memory); a query that
//! runs past `--timeout` is stopped.

use super::formats::TableFormat;
use super::{CmdError, Ctx, Exit, Output};
use crate::export::formats::safe_cell;
use crate::store::{self, Cell, Event, StoreError};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<TableFormat>,
    /// One SQL statement (read-only); views: latest_access, special_data_access,
    /// latest_findings, latest_entities, latest_reach
    pub query: String,
    #[command(flatten)]
    pub db: super::DbArg,
    /// Bound to `:snapshot` in the query
    #[arg(long, value_name = "ID")]
    pub snapshot: Option<i64>,
    /// Stop the query after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,
}

fn text(v: &Cell) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        x => x.to_string(),
    }
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.pick(args.format)?;
    let db = ctx.db(args.db.db.as_deref());
    let (mut engine, recovered) =
        store::Store::open(&db.to_string_lossy()).map_err(|e| CmdError::Failure(e.to_string()))?;
    if recovered {
        ctx.note("the last snapshot was interrupted; it was rolled back");
    }
    let timeout = std::time::Duration::from_secs(args.timeout.max(1));
    let mut names: Vec<String> = Vec::new();
    let mut count = 0usize;
    let mut table: Vec<Vec<String>> = Vec::new();
    let mut csv_error = None;
    // One CSV record, written on its own (rows are handed on one by one).
    let csv_line = |fields: &mut dyn Iterator<Item = String>| -> Result<Vec<u8>, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(fields)?;
        w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
    };
    let result = {
        let mut each = |event: Event| match event {
            Event::Columns(c) => {
                names = c.to_vec();
                match format {
                    TableFormat::Json => {
                        out.push("{\n  \"version\": 1,\n  \"columns\": ");
                        out.push(&serde_json::to_string(&names).unwrap_or_default());
                        out.push(",\n  \"rows\": [");
                    }
                    TableFormat::Csv => match csv_line(&mut names.iter().cloned()) {
                        Ok(b) => out.push_bytes(&b),
                        Err(e) => csv_error = Some(e),
                    },
                    TableFormat::Table => {}
                }
            }
            Event::Row(r) => {
                match format {
                    TableFormat::Json => {
                        let obj: serde_json::Map<String, Cell> =
                            names.iter().cloned().zip(r.iter().cloned()).collect();
                        out.push(if count == 0 { "\n    " } else { ",\n    " });
                        out.push(&serde_json::Value::Object(obj).to_string());
                    }
                    TableFormat::Csv => {
                        match csv_line(&mut r.iter().map(|v| safe_cell(&text(v)))) {
                            Ok(b) => out.push_bytes(&b),
                            Err(e) => csv_error = Some(e),
                        }
                    }
                    TableFormat::Table => table.push(
                        r.iter()
                            .map(|v| crate::text::escape(&text(v)).into_owned())
                            .collect(),
                    ),
                }
                count += 1;
            }
        };
        engine.query_each(&args.query, args.snapshot, timeout, &mut each)
    };
    result.map_err(|e| match e {
        StoreError::ReadOnly(_) => CmdError::Usage(e.to_string()),
        other => CmdError::Failure(other.to_string()),
    })?;
    if let Some(e) = csv_error {
        return Err(CmdError::Failure(e.to_string()));
    }
    match format {
        TableFormat::Json => out.push(if count == 0 { "]\n}\n" } else { "\n  ]\n}\n" }),
        TableFormat::Csv => {}
        TableFormat::Table => {
            let mut b = tabled::builder::Builder::default();
            b.push_record(names.iter().map(|n| crate::text::escape(n).into_owned()));
            for row in table {
                b.push_record(row);
            }
            out.push_table(b);
            if !ctx.quiet {
                out.push_count(count, "row");
            }
        }
    }
    Ok(Exit::Ok)
}
