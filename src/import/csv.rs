//! A spreadsheet export (a directory export of users and groups, an
//! application list, a grant list) as CSV: each column maps to the field of
//! the same name unless a mapping says otherwise; every bad row is reported
//! with its CSV line.

use super::{quoted, to_id, validate};
use crate::hash::HashMap;
use crate::model::Date;
use crate::schema::T;

/// What a CSV import can fill, per kind (section): the field names; their
/// types are the format's own ([`crate::schema::SECTIONS`]).
pub const KINDS: &[(&str, &[&str])] = &[
    (
        "people",
        &[
            "id", "name", "email", "role", "org", "groups", "active", "left",
        ],
    ),
    ("groups", &["id", "name", "kind", "members", "owner"]),
    (
        "access",
        &[
            "who", "to", "level", "data", "remote", "mfa", "via", "reviewed", "expires", "reason",
        ],
    ),
    (
        "applications",
        &[
            "id",
            "name",
            "kind",
            "owner",
            "vendor",
            "zone",
            "data",
            "subjects",
            "criticality",
            "internet_facing",
            "encrypted_at_rest",
            "description",
        ],
    ),
];

/// How a cell becomes YAML.
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

/// A field's cell type, from the format's field table.
fn cell_type(section: &str, field: &str) -> Option<F> {
    if field == "id" {
        return Some(F::Id);
    }
    let t = crate::schema::SECTIONS
        .iter()
        .find(|(s, _)| *s == section)
        .and_then(|(_, fields)| fields.iter().find(|(n, _)| *n == field))
        .or_else(|| crate::schema::COMMON.iter().find(|(n, _)| *n == field))
        .map(|(_, t)| t)?;
    Some(match t {
        T::Text => F::Text,
        T::Ref => F::Ref,
        T::Refs | T::RefOrRefs => F::Refs,
        T::Bool => F::Bool,
        T::Date => F::Date,
        T::Enum(all) => F::Choice(all),
        _ => return None,
    })
}

/// The importable fields of a kind, with their types.
fn fields(section: &str) -> Vec<(&'static str, F)> {
    KINDS
        .iter()
        .find(|(k, _)| *k == section)
        .map(|(_, names)| {
            names
                .iter()
                .filter_map(|n| cell_type(section, n).map(|t| (*n, t)))
                .collect()
        })
        .unwrap_or_default()
}

/// Why an import produced nothing.
#[derive(Debug)]
pub enum ImportError {
    /// The mapping or the header is wrong (a usage error).
    Usage(String),
    /// Rows are wrong: each message names its CSV line.
    Rows(Vec<String>),
}

/// The YAML of an import, and what it did.
pub struct Imported {
    pub yaml: String,
    pub count: usize,
    /// Columns that map to no field.
    pub ignored: Vec<String>,
}

/// Converts CSV `text` (comma or semicolon separated, with a header row)
/// into a YAML file of `section` items; `map` renames columns to fields;
/// `source` names the file in the YAML's first comment.
pub fn import(
    section: &str,
    text: &str,
    map: &[(String, String)],
    source: &str,
) -> Result<Imported, ImportError> {
    let known = fields(section);
    if known.is_empty() {
        let kinds: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
        return Err(ImportError::Usage(format!(
            "carto imports {} from CSV, not `{section}`",
            kinds.join(", ")
        )));
    }
    let mut renamed: HashMap<&str, &str> = HashMap::default();
    for (col, field) in map {
        if !known.iter().any(|(f, _)| f == field) {
            let names: Vec<&str> = known.iter().map(|(f, _)| *f).collect();
            return Err(ImportError::Usage(format!(
                "--map {col}={field}: `{field}` is not a field of {section}; fields: {}",
                names.join(", ")
            )));
        }
        renamed.insert(col, field);
    }
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ImportError::Usage(format!("{source}: {e}")))?
        .clone();
    // Column index -> field.
    let mut columns: Vec<Option<(&'static str, F)>> = Vec::new();
    let mut ignored = Vec::new();
    for h in headers.iter() {
        let field = renamed.get(h).map_or_else(|| h.trim(), |f| *f);
        match known.iter().find(|(f, _)| *f == field) {
            Some((f, _)) if columns.iter().flatten().any(|(g, _)| g == f) => {
                return Err(ImportError::Usage(format!(
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
            return Err(ImportError::Usage(format!(
                "no column gives `{r}`, which {section} need: name a column `{r}` or map one with `--map COLUMN={r}`"
            )));
        }
    }
    let mut errors = Vec::new();
    let mut yaml = format!(
        "# Imported from {} by carto import ({section})\n{section}:\n",
        crate::text::escape(source)
    );
    // YAML line -> CSV line, to report what the loader says about a row.
    let mut rows_at: Vec<(u32, u64)> = Vec::new();
    let mut count = 0;
    for rec in reader.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("{source}: {e}"));
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
            present.push(*field);
            match cell(*t, field, v, line) {
                Ok(rendered) => parts.push(format!("{field}: {rendered}")),
                Err(e) => errors.push(e),
            }
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
        return Err(ImportError::Rows(errors));
    }
    Ok(Imported {
        yaml,
        count,
        ignored,
    })
}

/// One cell as YAML, or the error for its row.
fn cell(t: F, field: &str, v: &str, line: u64) -> Result<String, String> {
    Ok(match t {
        F::Id => {
            let id = to_id(v);
            if !crate::load::valid_id(&id) {
                return Err(format!(
                    "line {line}: `{}` cannot be turned into an id (lower-case letters, digits, `.`, `_`, `-`, starting with a letter or digit)",
                    crate::text::escape(v)
                ));
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
                return Err(format!(
                    "line {line}: `{field}` expects true or false, found `{v}`"
                ));
            }
        },
        F::Date => match Date::parse(v) {
            Some(d) => quoted(&d.to_string()),
            None => {
                return Err(format!(
                    "line {line}: `{field}` expects a date YYYY-MM-DD, found `{v}`"
                ));
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
                return Err(m);
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every importable field has its type in the format's field table: a
    /// field renamed or retyped there cannot silently vanish from imports.
    #[test]
    fn every_importable_field_is_in_the_format() {
        for (kind, names) in KINDS {
            let typed: Vec<&str> = fields(kind).iter().map(|(n, _)| *n).collect();
            assert_eq!(&typed, names, "{kind}");
        }
    }
}
