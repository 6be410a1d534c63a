//! Output shared by `who` and `what`: a table (with `--explain`, the chain
//! of facts under each row), CSV for access-review spreadsheets, or JSON.

use super::formats::TableFormat;
use super::{CmdError, Ctx, Exit, Output, resolve_arg};
use crate::graph::{self, AccessRow, Filter};
use crate::model::{Inventory, Kind, Level, Target};

/// The filters of `who` and `what`.
#[derive(Debug, clap::Args)]
pub struct FilterArgs {
    /// Only rows at this level or above (read, write, admin)
    #[arg(long, value_name = "LEVEL", value_parser = ["read", "write", "admin"])]
    pub level: Option<String>,
    /// Only principals of this kind (person, account, group, organization)
    #[arg(long, value_name = "KIND", value_parser = kinds())]
    pub kind: Option<String>,
    /// Only special categories of data (Art. 9/10, NIR)
    #[arg(long)]
    pub special: bool,
    /// Print, under each row, the chain of facts that makes it true
    #[arg(long)]
    pub explain: bool,
    /// In a hospital group: `who`, only the principals of this establishment;
    /// `what`, only its applications
    #[arg(long = "for", value_name = "ESTABLISHMENT")]
    pub for_establishment: Option<String>,
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<super::formats::TableFormat>,
}

/// The principal kinds, singular and plural.
fn kinds() -> clap::builder::PossibleValuesParser {
    use clap::builder::PossibleValue;
    clap::builder::PossibleValuesParser::new([
        PossibleValue::new("person").alias("people"),
        PossibleValue::new("account").alias("accounts"),
        PossibleValue::new("group").alias("groups"),
        PossibleValue::new("organization").aliases(["organizations", "org"]),
    ])
}

impl FilterArgs {
    pub fn filter(&self) -> Result<Filter, CmdError> {
        let level = match &self.level {
            None => None,
            Some(l) => Some(Level::parse(l).ok_or_else(|| {
                CmdError::Usage(format!(
                    "invalid --level `{l}`: expected read, write or admin"
                ))
            })?),
        };
        let kind = match self.kind.as_deref() {
            None => None,
            Some("person" | "people") => Some(Kind::Person),
            Some("account" | "accounts") => Some(Kind::Account),
            Some("group" | "groups") => Some(Kind::Group),
            Some("organization" | "organizations" | "org") => Some(Kind::Organization),
            Some(k) => {
                return Err(CmdError::Usage(format!(
                    "invalid --kind `{k}`: expected person, account, group or organization"
                )));
            }
        };
        Ok(Filter {
            level,
            kind,
            special: self.special,
        })
    }
}

/// Runs `who` or `what` on a command-line id: checks the id's kind, answers,
/// prints.
/// An establishment of a hospital group named on the command line: the
/// `self` organization or one of kind `entity`.
pub fn establishment_arg(
    inv: &crate::model::Inventory,
    id: &str,
) -> Result<crate::model::OrgIx, CmdError> {
    match inv.entity_index.get(id) {
        Some(Target::Org(o)) if inv.is_establishment(*o) => Ok(*o),
        _ => {
            let known: Vec<&str> = (0..inv.organizations.len() as u32)
                .map(crate::model::OrgIx)
                .filter(|o| inv.is_establishment(*o))
                .map(|o| &*inv[o].common.id)
                .collect();
            Err(CmdError::Usage(format!(
                "--for: `{}` is not an establishment (the `self` organization or one of kind entity){}",
                crate::text::escape(id),
                if known.is_empty() {
                    String::new()
                } else {
                    format!("; establishments: {}", known.join(", "))
                }
            )))
        }
    }
}

pub fn answer(
    ctx: &Ctx,
    id: &str,
    args: &FilterArgs,
    side: Side,
    out: &mut Output,
) -> Result<Exit, CmdError> {
    let format = ctx.pick(args.format)?;
    let filter = args.filter()?;
    let loaded = ctx.load()?;
    let inv = &loaded.inventory;
    let target = resolve_arg(inv, id)?;
    let (fits, expected) = match side {
        Side::Who => (
            matches!(target, Target::Data(_) | Target::App(_) | Target::Server(_)),
            "`who` takes a data category, an application or a server (for a principal, use `carto what`)",
        ),
        Side::What => (
            matches!(
                target,
                Target::Person(_) | Target::Account(_) | Target::Group(_) | Target::Org(_)
            ),
            "`what` takes a person, an account, a group or an organization (for data or an application, use `carto who`)",
        ),
    };
    if !fits {
        return Err(CmdError::Usage(format!(
            "`{id}` is {}; {expected}",
            crate::load::kinds_phrase(&[target.kind()])
        )));
    }
    let establishment = args
        .for_establishment
        .as_deref()
        .map(|e| establishment_arg(inv, e))
        .transpose()?;
    let graph = ctx.graph(inv);
    let mut rows = ctx.timed("answered", || match side {
        Side::Who => graph.who(target, &filter),
        Side::What => graph.what(target, &filter),
    });
    if let Some(e) = establishment {
        let of = |t: Target| inv.common(t).establishment.as_ref().map(|r| r.ix) == Some(e);
        rows.retain(|r| match side {
            Side::Who => of(r.principal),
            Side::What => r.application.is_some_and(|a| of(Target::App(a))),
        });
    }
    let subject = match side {
        Side::Who => "target",
        Side::What => "principal",
    };
    // In a group: the accounts a person owns, with their establishments
    // (one identity, accounts in several hospitals).
    let accounts: Vec<(String, String)> = match target {
        Target::Person(_) if graph.is_group() => inv
            .accounts
            .iter()
            .enumerate()
            .filter(|(_, a)| a.common.owner.as_ref().is_some_and(|o| o.ix == target))
            .map(|(i, a)| {
                let at = graph.establishment_of(Target::Account(crate::model::AccountIx(i as u32)));
                (
                    a.common.id.to_string(),
                    at.map_or("shared".to_string(), |e| inv[e].common.id.to_string()),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    print(
        ctx,
        inv,
        side,
        (subject, inv.id(target).to_string().into()),
        &rows,
        (format, args.explain, &accounts),
        out,
    )?;
    if !accounts.is_empty() && format == TableFormat::Table {
        let own = graph
            .establishment_of(target)
            .map_or("shared".to_string(), |e| inv[e].common.id.to_string());
        out.push(&format!(
            "accounts owned by {} (of {}):\n{}",
            crate::text::escape(inv.id(target)),
            crate::text::escape(&own),
            accounts
                .iter()
                .map(|(a, e)| format!(
                    "  {} ({})\n",
                    crate::text::escape(a),
                    crate::text::escape(e)
                ))
                .collect::<String>()
        ));
    }
    Ok(Exit::Ok)
}

/// The JSON answer of `who`/`what`: `version`, the subject (its key names
/// what was asked: `data`, `principal` ...), `rows`. Serialized from
/// borrowed rows: a million-row answer needs no value tree.
struct JsonAnswer<'a> {
    subject: (&'a str, &'a serde_json::Value),
    /// `what PERSON` in a group: the accounts the person owns and their establishments.
    accounts: &'a [(String, String)],
    rows: Vec<JsonRow<'a>>,
}

impl serde::Serialize for JsonAnswer<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("version", &1)?;
        m.serialize_entry(self.subject.0, self.subject.1)?;
        if !self.accounts.is_empty() {
            let list: Vec<serde_json::Value> = self
                .accounts
                .iter()
                .map(|(a, e)| serde_json::json!({"account": a, "establishment": e}))
                .collect();
            m.serialize_entry("accounts", &list)?;
        }
        m.serialize_entry("rows", &self.rows)?;
        m.end()
    }
}

#[derive(serde::Serialize)]
struct JsonRow<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    principal: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    level: crate::model::Level,
    data: Vec<&'a str>,
    application: Option<&'a str>,
    path: Vec<graph::StepJson<'a>>,
    flags: &'a [&'static str],
}

/// Which command prints: `who` shows the principal, `what` the application.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Who,
    What,
}

fn ids(inv: &Inventory, row: &AccessRow) -> Vec<String> {
    row.data
        .iter()
        .map(|d| inv[*d].common.id.to_string())
        .collect()
}

fn app_id(inv: &Inventory, row: &AccessRow) -> String {
    row.application
        .map_or_else(|| "-".to_string(), |a| inv[a].common.id.to_string())
}

/// The full explanation of a row: the chain, then why each category is there.
pub fn explanation(inv: &Inventory, row: &AccessRow) -> String {
    let mut s = graph::render_path(inv, &row.path);
    for h in &row.holds {
        s.push_str(&format!(
            "\n      -> {}{}",
            h.fact,
            h.at.map(|l| format!(" ({})", inv.sources.file_line(l)))
                .unwrap_or_default()
        ));
    }
    s
}

pub fn print(
    ctx: &Ctx,
    inv: &Inventory,
    side: Side,
    subject: (&str, serde_json::Value),
    rows: &[AccessRow],
    (format, explain, accounts): (TableFormat, bool, &[(String, String)]),
    out: &mut Output,
) -> Result<(), CmdError> {
    match format {
        TableFormat::Json => out.push_json(&JsonAnswer {
            subject: (subject.0, &subject.1),
            accounts,
            rows: rows
                .iter()
                .map(|r| JsonRow {
                    principal: (side == Side::Who).then(|| &**inv.id(r.principal)),
                    kind: (side == Side::Who).then(|| crate::graph::kind_word(r.principal)),
                    level: r.level,
                    data: r.data.iter().map(|d| &*inv[*d].common.id).collect(),
                    application: r.application.map(|a| &*inv[a].common.id),
                    path: r
                        .path
                        .iter()
                        .chain(&r.holds)
                        .map(|s| graph::StepJson::of(inv, s))
                        .collect(),
                    flags: &r.flags,
                })
                .collect(),
        }),
        TableFormat::Csv => {
            let head: &[&str] = match side {
                Side::Who => &[
                    "principal",
                    "kind",
                    "name",
                    "level",
                    "application",
                    "data",
                    "flags",
                    "why",
                ],
                Side::What => &["application", "level", "data", "flags", "why"],
            };
            let records = rows.iter().map(|r| {
                let why = explanation(inv, r).replace("\n      ", " ");
                match side {
                    Side::Who => vec![
                        inv.id(r.principal).to_string(),
                        crate::graph::kind_word(r.principal).to_string(),
                        inv.common(r.principal).display_name().to_string(),
                        r.level.to_string(),
                        app_id(inv, r),
                        ids(inv, r).join("; "),
                        r.flags.join("; "),
                        why,
                    ],
                    Side::What => vec![
                        app_id(inv, r),
                        r.level.to_string(),
                        ids(inv, r).join("; "),
                        r.flags.join("; "),
                        why,
                    ],
                }
            });
            out.push_csv(head, records)
                .map_err(|e| CmdError::Failure(e.to_string()))?;
        }
        TableFormat::Table => {
            if rows.is_empty() {
                out.push("nobody\n");
                return Ok(());
            }
            if explain {
                for r in rows {
                    let who = match side {
                        Side::Who => {
                            format!(
                                "{} ({})",
                                inv.id(r.principal),
                                crate::graph::kind_word(r.principal)
                            )
                        }
                        Side::What => String::new(),
                    };
                    let flags = if r.flags.is_empty() {
                        String::new()
                    } else {
                        format!("  [{}]", r.flags.join(", "))
                    };
                    out.push(&format!(
                        "{who}{}{} on {}: {}{flags}\n    {}\n",
                        if who.is_empty() { "" } else { " " },
                        r.level,
                        app_id(inv, r),
                        ids(inv, r).join(", "),
                        explanation(inv, r)
                    ));
                }
            } else {
                let mut b = tabled::builder::Builder::default();
                match side {
                    Side::Who => b.push_record([
                        "principal",
                        "kind",
                        "level",
                        "application",
                        "data",
                        "flags",
                    ]),
                    Side::What => b.push_record(["application", "level", "data", "flags"]),
                }
                for r in rows {
                    let tail = [app_id(inv, r), ids(inv, r).join(", "), r.flags.join(", ")];
                    match side {
                        Side::Who => b.push_record([
                            inv.id(r.principal).to_string(),
                            crate::graph::kind_word(r.principal).to_string(),
                            r.level.to_string(),
                            tail[0].clone(),
                            tail[1].clone(),
                            tail[2].clone(),
                        ]),
                        Side::What => b.push_record([
                            tail[0].clone(),
                            r.level.to_string(),
                            tail[1].clone(),
                            tail[2].clone(),
                        ]),
                    }
                }
                out.push_table(b);
            }
            if !ctx.quiet {
                out.push_count(rows.len(), "row");
            }
        }
    }
    Ok(())
}
