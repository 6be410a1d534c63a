//! `carto import csv --kind KIND FILE`: a spreadsheet export (a directory
//! export of users and groups, an application list) to inventory YAML. Each
//! column maps to the field of the same name unless `--map column=field`
//! says otherwise; every bad row is reported with its CSV line.

use super::{CmdError, Ctx, Exit, Output};
use crate::hash::HashMap;
use crate::model::{AppKind, Criticality, Date, GroupKind, Level};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The input format (only `csv`)
    #[arg(value_parser = ["csv"])]
    pub format: String,
    /// What the rows are: people, groups, access, applications
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

#[derive(Clone, Copy)]
enum F {
    Id,
    Text,
    Ref,
    Refs,
    Bool,
    Date,
    Choice(&'static [&'static str]),
}

fn fields(kind: &str) -> (&'static str, &'static [(&'static str, F)]) {
    match kind {
        "people" => (
            "people",
            &[
                ("id", F::Id),
                ("name", F::Text),
                ("email", F::Text),
                ("role", F::Text),
                ("org", F::Ref),
                ("groups", F::Refs),
                ("active", F::Bool),
                ("left", F::Date),
            ],
        ),
        "groups" => (
            "groups",
            &[
                ("id", F::Id),
                ("name", F::Text),
                ("kind", F::Choice(GroupKind::ALL)),
                ("members", F::Refs),
                ("owner", F::Ref),
            ],
        ),
        "access" => (
            "access",
            &[
                ("who", F::Refs),
                ("to", F::Refs),
                ("level", F::Choice(Level::ALL)),
                ("data", F::Refs),
                ("remote", F::Bool),
                ("mfa", F::Bool),
                ("via", F::Ref),
                ("reviewed", F::Date),
                ("expires", F::Date),
                ("reason", F::Text),
            ],
        ),
        _ => (
            "applications",
            &[
                ("id", F::Id),
                ("name", F::Text),
                ("kind", F::Choice(AppKind::ALL)),
                ("owner", F::Ref),
                ("vendor", F::Ref),
                ("zone", F::Ref),
                ("data", F::Refs),
                ("subjects", F::Refs),
                ("criticality", F::Choice(Criticality::ALL)),
                ("internet_facing", F::Bool),
                ("encrypted_at_rest", F::Bool),
                ("description", F::Text),
            ],
        ),
    }
}

/// An id from a spreadsheet: lower case, spaces and other characters to `-`.
fn to_id(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().to_lowercase().chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').chars().take(128).collect()
}

/// A YAML double-quoted scalar: every character outside YAML's printable
/// set (controls, DEL, C1, U+FFFE/U+FFFF, lone BOM) is written as an
/// escape, so that whatever a cell holds, the file loads and reads back the
/// same text.
fn quoted(s: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            ' '..='~' => out.push(c),
            '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'.. if c != '\u{FEFF}' => {
                out.push(c)
            }
            c if (c as u32) <= 0xFF => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let (section, known) = fields(&args.kind);
    let mut map: HashMap<String, String> = HashMap::default();
    for m in &args.map {
        let Some((col, field)) = m.split_once('=') else {
            return Err(CmdError::Usage(format!(
                "--map takes COLUMN=FIELD, found `{m}`"
            )));
        };
        if !known.iter().any(|(f, _)| *f == field) {
            let names: Vec<&str> = known.iter().map(|(f, _)| *f).collect();
            return Err(CmdError::Usage(format!(
                "--map {m}: `{field}` is not a field of {section}; fields: {}",
                names.join(", ")
            )));
        }
        map.insert(col.to_string(), field.to_string());
    }
    let text = std::fs::read(&args.file)
        .map_err(|e| CmdError::Failure(format!("cannot read {}: {e}", args.file.display())))?;
    let text = String::from_utf8(text).map_err(|_| {
        CmdError::Failure(format!(
            "{} is not UTF-8 text (export it as CSV UTF-8)",
            args.file.display()
        ))
    })?;
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| CmdError::Failure(format!("{}: {e}", args.file.display())))?
        .clone();
    // Column index -> field.
    let mut columns: Vec<Option<(&'static str, F)>> = Vec::new();
    let mut ignored = Vec::new();
    for h in headers.iter() {
        let field = map.get(h).cloned().unwrap_or_else(|| h.trim().to_string());
        match known.iter().find(|(f, _)| *f == field) {
            Some((f, _)) if columns.iter().flatten().any(|(g, _)| g == f) => {
                return Err(CmdError::Usage(format!(
                    "two columns give `{f}` (the second is `{}`): keep one, or map the other elsewhere with --map",
                    crate::text::escape(h)
                )));
            }
            Some((f, t)) => columns.push(Some((f, *t))),
            None => {
                columns.push(None);
                ignored.push(h.to_string());
            }
        }
    }
    let required: &[&str] = if section == "access" {
        &["who", "to", "level"]
    } else {
        &["id"]
    };
    for r in required {
        if !columns.iter().flatten().any(|(f, _)| f == r) {
            return Err(CmdError::Usage(format!(
                "no column gives `{r}`, which {section} need: name a column `{r}` or map one with `--map COLUMN={r}`"
            )));
        }
    }
    let mut errors = Vec::new();
    let mut yaml = format!(
        "# Imported from {} by carto import ({section})\n{section}:\n",
        crate::text::escape(&args.file.display().to_string())
    );
    // YAML line -> CSV line, to report what the loader says about a row.
    let mut rows_at: Vec<(u32, u64)> = Vec::new();
    let mut count = 0;
    for rec in reader.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("{}: {e}", args.file.display()));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line());
        let mut parts: Vec<String> = Vec::new();
        let mut present = Vec::new();
        for (i, value) in rec.iter().enumerate() {
            let Some(Some((field, t))) = columns.get(i) else {
                continue;
            };
            let v = value.trim();
            if v.is_empty() {
                continue;
            }
            let rendered = match t {
                F::Id => {
                    let id = to_id(v);
                    if !crate::load::valid_id(&id) {
                        errors.push(format!(
                            "line {line}: `{}` cannot be turned into an id (lower-case letters, digits, `.`, `_`, `-`, starting with a letter or digit)",
                            crate::text::escape(v)
                        ));
                        present.push(*field);
                        continue;
                    }
                    quoted(&id)
                }
                F::Text => quoted(v),
                F::Ref => quoted(&to_id(v)),
                F::Refs => {
                    let items: Vec<String> = v
                        .split([';', ',', '|'])
                        .map(to_id)
                        .filter(|x| !x.is_empty())
                        .map(|x| quoted(&x))
                        .collect();
                    format!("[{}]", items.join(", "))
                }
                F::Bool => match v.to_lowercase().as_str() {
                    "true" | "yes" | "y" | "1" | "oui" => "true".into(),
                    "false" | "no" | "n" | "0" | "non" => "false".into(),
                    _ => {
                        errors.push(format!(
                            "line {line}: `{field}` expects true or false, found `{v}`"
                        ));
                        present.push(*field);
                        continue;
                    }
                },
                F::Date => match Date::parse(v) {
                    Some(d) => quoted(&d.to_string()),
                    None => {
                        errors.push(format!(
                            "line {line}: `{field}` expects a date YYYY-MM-DD, found `{v}`"
                        ));
                        present.push(*field);
                        continue;
                    }
                },
                F::Choice(all) => {
                    let lower = v.to_lowercase();
                    if all.contains(&lower.as_str()) {
                        quoted(&lower)
                    } else {
                        let mut m = format!(
                            "line {line}: invalid {field} `{v}`: expected one of {}",
                            all.join(", ")
                        );
                        if let Some(s) = crate::diag::did_you_mean(&lower, all.iter().copied()) {
                            m.push_str(&format!(" (did you mean `{s}`?)"));
                        }
                        errors.push(m);
                        present.push(*field);
                        continue;
                    }
                }
            };
            present.push(*field);
            parts.push(format!("{field}: {rendered}"));
        }
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        for r in required {
            if !present.contains(r) {
                errors.push(format!("line {line}: missing `{r}`"));
            }
        }
        rows_at.push((yaml.lines().count() as u32 + 1, line));
        yaml.push_str(&format!("  - {{{}}}\n", parts.join(", ")));
        count += 1;
    }
    if errors.is_empty() {
        errors.extend(validate(&yaml, &rows_at));
    }
    if !errors.is_empty() {
        let errors: Vec<String> = errors
            .iter()
            .map(|e| crate::text::escape(e).into_owned())
            .collect();
        return Err(CmdError::Failure(format!(
            "{} in {}, nothing written:\n  {}",
            super::plural(errors.len(), "row error"),
            args.file.display(),
            errors.join("\n  ")
        )));
    }
    if let Some(p) = out.path()
        && p.exists()
        && !args.force
    {
        return Err(CmdError::Usage(format!(
            "`{}` exists: carto import does not overwrite a file without --force",
            p.display()
        )));
    }
    if !ignored.is_empty() && !ctx.quiet {
        ctx.note(&format!(
            "ignored columns (use --map COLUMN=FIELD to keep one): {}",
            ignored.join(", ")
        ));
    }
    if !ctx.quiet {
        let (one, many) = match section {
            "people" => ("person", "people"),
            "groups" => ("group", "groups"),
            "access" => ("grant", "grants"),
            "applications" => ("application", "applications"),
            other => (other, other),
        };
        ctx.note(&format!(
            "{count} {} imported",
            if count == 1 { one } else { many }
        ));
    }
    out.push(&yaml);
    Ok(Exit::Ok)
}

/// The generated YAML, checked by the loader itself (with a `self`
/// organization supplied, and references left to the inventory that will
/// hold the file): the errors, each with the CSV line of its row.
fn validate(yaml: &str, rows_at: &[(u32, u64)]) -> Vec<String> {
    let files = vec![
        ("import.yaml".to_string(), yaml.as_bytes().to_vec()),
        (
            "zz-self.yaml".to_string(),
            b"organizations:\n  - {id: zz-carto-import-self, kind: self, country: FR}\n".to_vec(),
        ),
    ];
    let Err(failure) = crate::load::load_blobs(std::path::Path::new("import"), files, Vec::new())
    else {
        return Vec::new();
    };
    failure
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::model::Severity::Error)
        .filter(|d| !matches!(d.rule.as_str(), "INV001" | "INV002" | "INV007"))
        .map(|d| {
            let row = d.at.and_then(|at| {
                rows_at
                    .iter()
                    .rev()
                    .find(|(y, _)| *y <= at.line && at.file == 0)
                    .map(|(_, l)| *l)
            });
            match row {
                Some(l) => format!("line {l}: {} [{}]", d.message, d.rule),
                None => format!("{} [{}]", d.message, d.rule),
            }
        })
        .collect()
}
