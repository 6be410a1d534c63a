//! `carto import csv --kind KIND FILE`: a spreadsheet export to inventory
//! YAML (the conversion is [`crate::import::csv`]); nothing is written when
//! a row is wrong, and an existing `-o` file is kept unless `--force`.

use super::{CmdError, Ctx, Exit, Output};
use crate::import::csv::{self, ImportError};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to import: `csv` (a spreadsheet export), `mercator` (a Mercator
    /// cartography, from its API or a folder of its JSON) or `fides` (a
    /// folder of fideslang manifests)
    #[arg(value_parser = ["csv", "mercator", "fides"])]
    pub format: String,
    /// What the rows are (csv)
    #[arg(long, value_parser = ["people", "groups", "access", "applications"])]
    pub kind: Option<String>,
    /// The CSV file (comma or semicolon separated, with a header row), or
    /// the folder of fideslang manifests
    pub file: Option<PathBuf>,
    /// Map a column to a field: `--map mail=email` (repeatable; csv)
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    pub map: Vec<String>,
    /// Mercator's address (`https://mercator.example`); the token comes
    /// from CARTO_MERCATOR_TOKEN
    #[arg(long, value_name = "URL", conflicts_with = "from")]
    pub url: Option<String>,
    /// A folder of Mercator's JSON responses: `applications.json` (index)
    /// and `applications/ID.json` (show), for each endpoint
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
    /// Write what could not be imported (file, object, field) as JSON here
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// The country written for Mercator's sites and hosting organizations,
    /// which Mercator does not record (each one is listed in the report)
    #[arg(long, value_name = "CODE", default_value = "FR")]
    pub country: String,
    /// Overwrite the `-o` file when it exists (a Mercator import keeps the
    /// ids that file gave to each Mercator object)
    #[arg(long)]
    pub force: bool,
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    match args.format.as_str() {
        "mercator" => return mercator(ctx, args, out),
        "fides" => return fides(ctx, args, out),
        _ => {}
    }
    let (Some(kind), Some(file)) = (&args.kind, &args.file) else {
        return Err(CmdError::Usage(
            "carto import csv needs --kind KIND and the CSV file".into(),
        ));
    };
    let mut map = Vec::new();
    for m in &args.map {
        let Some((col, field)) = m.split_once('=') else {
            return Err(CmdError::Usage(format!(
                "--map takes COLUMN=FIELD, found `{m}`"
            )));
        };
        map.push((col.to_string(), field.to_string()));
    }
    let shown = file.display().to_string();
    let text =
        std::fs::read(file).map_err(|e| CmdError::Failure(format!("cannot read {shown}: {e}")))?;
    let text = String::from_utf8(text).map_err(|_| {
        CmdError::Failure(format!(
            "{shown} is not UTF-8 text (export it as CSV UTF-8)"
        ))
    })?;
    let imported = match csv::import(kind, &text, &map, &shown) {
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
        let (one, many) = match kind.as_str() {
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

/// `carto import mercator (--url URL | --from DIR)`.
fn mercator(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    use crate::import::mercator::{self as m, Fetch};
    let (mut fetch, source): (Box<dyn Fetch>, String) = match (&args.url, &args.from) {
        (Some(url), _) => {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(CmdError::Usage(format!(
                    "--url: `{}` is not an http(s) address",
                    crate::text::escape(url)
                )));
            }
            let token = std::env::var("CARTO_MERCATOR_TOKEN")
                .ok()
                .filter(|t| !t.is_empty());
            (Box::new(m::Api::new(url, token)), url.clone())
        }
        (None, Some(dir)) => {
            if !dir.is_dir() {
                return Err(CmdError::Usage(format!(
                    "--from: `{}` is not a folder",
                    crate::text::escape(&dir.display().to_string())
                )));
            }
            (Box::new(m::Folder(dir.clone())), dir.display().to_string())
        }
        (None, None) => {
            return Err(CmdError::Usage(
                "carto import mercator needs --url URL (Mercator's API) or --from DIR (its JSON responses)".into(),
            ));
        }
    };
    let previous = match out.path() {
        Some(p) if p.exists() => {
            if !args.force {
                return Err(CmdError::Usage(format!(
                    "`{}` exists: carto import does not overwrite a file without --force (a second import keeps its ids)",
                    crate::text::escape(&p.display().to_string())
                )));
            }
            m::previous_ids(&std::fs::read_to_string(p).unwrap_or_default())
        }
        _ => Default::default(),
    };
    let country = parse_country(&args.country)?;
    let imported = m::import(fetch.as_mut(), previous, &source, country.as_str())
        .map_err(|e| CmdError::Failure(crate::text::escape(&e).into_owned()))?;
    finish(
        ctx,
        args,
        out,
        "Mercator",
        &imported.yaml,
        &imported.counts,
        &imported.unmapped,
    )
}

/// The end of a migration import: the YAML checked by the loader (nothing
/// written when it would not load), the report, the summary, the output.
fn finish(
    ctx: &Ctx,
    args: &Args,
    out: &mut Output,
    from: &str,
    yaml: &str,
    counts: &[(&str, usize)],
    unmapped: &[crate::import::Unmapped],
) -> Result<Exit, CmdError> {
    let errors = crate::import::validate(yaml, &[]);
    if !errors.is_empty() {
        return Err(CmdError::Failure(format!(
            "the imported inventory does not load, nothing written:\n  {}",
            errors.join("\n  ")
        )));
    }
    if let Some(r) = &args.report {
        let json = serde_json::to_string_pretty(unmapped).unwrap_or_default();
        super::output::write_atomic(r, json.as_bytes()).map_err(|e| {
            CmdError::Failure(format!(
                "cannot write {}: {e}",
                crate::text::escape(&r.display().to_string())
            ))
        })?;
    }
    if !ctx.quiet {
        let counts: Vec<String> = counts.iter().map(|(s, n)| format!("{n} {s}")).collect();
        ctx.note(&format!("imported from {from}: {}", counts.join(", ")));
        if !unmapped.is_empty() {
            let shown: Vec<String> = unmapped
                .iter()
                .take(20)
                .map(|u| {
                    crate::text::escape(&format!(
                        "{}: {} `{}` = {}",
                        u.file, u.object, u.field, u.value
                    ))
                    .into_owned()
                })
                .collect();
            ctx.note(&format!(
                "{} fields not imported{}:\n  {}{}",
                unmapped.len(),
                if args.report.is_some() {
                    " (all in --report)"
                } else {
                    " (--report FILE lists them all)"
                },
                shown.join("\n  "),
                if unmapped.len() > 20 { "\n  ..." } else { "" }
            ));
        }
    }
    out.push(yaml);
    Ok(Exit::Ok)
}

/// An existing `-o` file is kept unless `--force`.
fn refuse_existing(out: &Output, force: bool) -> Result<(), CmdError> {
    match out.path() {
        Some(p) if p.exists() && !force => Err(CmdError::Usage(format!(
            "`{}` exists: carto import does not overwrite a file without --force",
            crate::text::escape(&p.display().to_string())
        ))),
        _ => Ok(()),
    }
}

fn parse_country(code: &str) -> Result<crate::model::Country, CmdError> {
    crate::model::Country::parse(code).ok_or_else(|| {
        CmdError::Usage(format!(
            "--country: `{}` is not an ISO 3166 country code",
            crate::text::escape(code)
        ))
    })
}

/// `carto import fides DIR`.
fn fides(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let Some(dir) = args.file.as_ref().filter(|d| d.is_dir()) else {
        return Err(CmdError::Usage(
            "carto import fides needs the folder of fideslang manifests".into(),
        ));
    };
    refuse_existing(out, args.force)?;
    let country = parse_country(&args.country)?;
    let imported = crate::import::fides::import(dir, country.as_str())
        .map_err(|e| CmdError::Failure(crate::text::escape(&e).into_owned()))?;
    finish(
        ctx,
        args,
        out,
        "fideslang",
        &imported.yaml,
        &imported.counts,
        &imported.unmapped,
    )
}
