//! `carto rules`: the rule catalogue; `carto rules explain ID`: one rule's
//! documentation page.

use super::formats::TableFormat;
use super::{CmdError, Ctx, Exit, Output};
use crate::rules;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Sub>,
    /// Output format (with `explain`: table prints the page, json its fields)
    #[arg(long, value_enum, value_name = "FORMAT", global = true)]
    pub format: Option<TableFormat>,
}

#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Print a rule's documentation: what it checks, why, an example, the fix
    Explain {
        /// A rule id (`SEC003`), or `POL` / `POL:<policy>` for user policies
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::manual::complete_rules))]
        id: String,
    },
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.pick(args.format)?;
    if let Some(Sub::Explain { id }) = &args.command {
        let upper = id.to_uppercase();
        let key = if upper.starts_with("POL:") {
            id.as_str()
        } else {
            upper.as_str()
        };
        let Some(r) = rules::find(key) else {
            let ids: Vec<&str> = rules::catalogue().map(|r| r.id).collect();
            let mut m = format!("unknown rule `{id}`");
            if let Some(s) = crate::diag::did_you_mean(&upper, ids.iter().copied()) {
                m.push_str(&format!("; did you mean `{s}`?"));
            }
            return Err(CmdError::Usage(m));
        };
        if format != TableFormat::Table {
            let v = serde_json::json!({"version": 1, "id": r.id, "name": r.name, "family": r.family,
                "severity": r.severity, "summary": r.summary, "doc": r.doc});
            out.push_json(&v);
        } else {
            out.push(r.doc);
        }
        return Ok(Exit::Ok);
    }
    let severity = |r: &rules::RuleInfo| {
        if r.id.starts_with("INV00") && r.id <= "INV007" {
            "error (load)".to_string()
        } else {
            r.severity.to_string()
        }
    };
    if format == TableFormat::Csv {
        out.push_csv(
            &["id", "name", "family", "severity", "summary"],
            rules::catalogue().map(|r| {
                vec![
                    r.id.to_string(),
                    r.name.to_string(),
                    r.family.to_string(),
                    severity(r),
                    r.summary.to_string(),
                ]
            }),
        )
        .map_err(|e| CmdError::Failure(e.to_string()))?;
        return Ok(Exit::Ok);
    }
    if format == TableFormat::Json {
        let list: Vec<serde_json::Value> = rules::catalogue()
            .map(|r| {
                serde_json::json!({"id": r.id, "name": r.name, "family": r.family,
                "severity": r.severity, "summary": r.summary})
            })
            .collect();
        out.push(&format!(
            "{:#}\n",
            serde_json::json!({"version": 1, "rules": list})
        ));
        return Ok(Exit::Ok);
    }
    let mut b = tabled::builder::Builder::default();
    b.push_record(["id", "name", "family", "severity", "summary"]);
    for r in rules::catalogue() {
        b.push_record([r.id, r.name, r.family, &severity(r), r.summary]);
    }
    out.push_table(b);
    if !ctx.quiet {
        out.push("carto rules explain ID prints a rule's documentation\n");
    }
    Ok(Exit::Ok)
}
