//! `carto import csv --kind KIND FILE`: a spreadsheet export to inventory
//! YAML (the conversion is [`crate::import::csv`]); nothing is written when
//! a row is wrong, and an existing `-o` file is kept unless `--force`.

use super::{CmdError, Ctx, Exit, Output};
use crate::import::csv::{self, ImportError};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The input format (only `csv`)
    #[arg(value_parser = ["csv"])]
    pub format: String,
    /// What the rows are
    #[arg(long, value_parser = ["people", "groups", "access", "applications"])]
    pub kind: String,
    /// The CSV file (comma or semicolon separated, with a header row)
    pub file: PathBuf,
    /// Map a column to a field: `--map mail=email` (repeatable)
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    pub map: Vec<String>,
    /// Overwrite the `-o` file when it exists
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let mut map = Vec::new();
    for m in &args.map {
        let Some((col, field)) = m.split_once('=') else {
            return Err(CmdError::Usage(format!(
                "--map takes COLUMN=FIELD, found `{m}`"
            )));
        };
        map.push((col.to_string(), field.to_string()));
    }
    let shown = args.file.display().to_string();
    let text = std::fs::read(&args.file)
        .map_err(|e| CmdError::Failure(format!("cannot read {shown}: {e}")))?;
    let text = String::from_utf8(text).map_err(|_| {
        CmdError::Failure(format!(
            "{shown} is not UTF-8 text (export it as CSV UTF-8)"
        ))
    })?;
    let imported = match csv::import(&args.kind, &text, &map, &shown) {
        Ok(i) => i,
        Err(ImportError::Usage(m)) => return Err(CmdError::Usage(m)),
        Err(ImportError::Rows(errors)) => {
            let errors: Vec<String> = errors
                .iter()
                .map(|e| crate::text::escape(e).into_owned())
                .collect();
            return Err(CmdError::Failure(format!(
                "{} in {shown}, nothing written:\n  {}",
                super::plural(errors.len(), "row error"),
                errors.join("\n  ")
            )));
        }
    };
    if let Some(p) = out.path()
        && p.exists()
        && !args.force
    {
        return Err(CmdError::Usage(format!(
            "`{}` exists: carto import does not overwrite a file without --force",
            p.display()
        )));
    }
    if !imported.ignored.is_empty() && !ctx.quiet {
        ctx.note(&format!(
            "ignored columns (use --map COLUMN=FIELD to keep one): {}",
            imported.ignored.join(", ")
        ));
    }
    if !ctx.quiet {
        let (one, many) = match args.kind.as_str() {
            "people" => ("person", "people"),
            "groups" => ("group", "groups"),
            "access" => ("grant", "grants"),
            _ => ("application", "applications"),
        };
        ctx.note(&format!(
            "{} {} imported",
            imported.count,
            if imported.count == 1 { one } else { many }
        ));
    }
    out.push(&imported.yaml);
    Ok(Exit::Ok)
}
