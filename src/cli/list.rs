//! `carto list [KIND]`: the entities of one kind (or all entities), as a
//! table or JSON, filtered by `--tag`.

use super::formats::TableFormat;
use super::{CmdError, Ctx, Exit, Output};
use crate::model::{Inventory, Kind, Target};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<super::formats::TableFormat>,
    /// The kind of entity (plural or singular)
    #[arg(value_parser = kinds())]
    pub kind: Option<String>,
    /// Only entities with this tag (repeat to require several)
    #[arg(long)]
    pub tag: Vec<String>,
}

/// A one-line summary of what matters most about an entity.
pub fn summary(inv: &Inventory, t: Target) -> String {
    let ids = |v: Vec<&str>| v.join(", ");
    match t {
        Target::Org(i) => {
            let o = &inv[i];
            let country = o.country.map(|c| format!(" ({c})")).unwrap_or_default();
            format!("{}{country}", o.kind)
        }
        Target::Site(i) => inv[i].country.to_string(),
        Target::Zone(i) => format!("trust {}", inv[i].trust),
        Target::Server(i) => inv[i]
            .zone
            .as_ref()
            .map(|z| format!("zone {}", z.id))
            .unwrap_or_default(),
        Target::App(i) => {
            let a = &inv[i];
            format!(
                "{}; data: {}",
                a.kind,
                ids(a.data.iter().map(|d| &*d.id).collect())
            )
        }
        Target::Flow(i) => {
            let f = &inv[i];
            format!(
                "{} -> {} [{}] {}",
                f.from.id,
                f.to.id,
                f.protocol.as_deref().unwrap_or("?"),
                ids(f.data.iter().map(|d| &*d.id).collect())
            )
        }
        Target::Person(i) => {
            let p = &inv[i];
            let mut s = p.role.clone().unwrap_or_default();
            if !p.active {
                s.push_str(" (inactive)");
            }
            s
        }
        Target::Group(i) => format!("{} members", inv[i].members.len()),
        Target::Account(i) => inv[i].kind.map(|k| k.to_string()).unwrap_or_default(),
        Target::Grant(i) => {
            let g = &inv[i];
            format!("{} {} on {}", g.who.id, g.level, g.to.id)
        }
        Target::Processing(i) => inv[i].purpose.clone().unwrap_or_default(),
        Target::Policy(i) => format!("{} on {}", inv[i].severity, inv[i].target),
        Target::Data(i) => {
            let d = &inv[i];
            let mut s = if d.personal {
                "personal".to_string()
            } else {
                "not personal".into()
            };
            if let Some(sp) = d.special {
                s.push_str(&format!(", special: {sp}"));
            }
            if d.builtin {
                s.push_str(", built-in");
            }
            s
        }
        Target::Subject(i) => {
            let s = &inv[i];
            let mut out = if s.vulnerable {
                "vulnerable".to_string()
            } else {
                String::new()
            };
            if s.builtin {
                out.push_str(if out.is_empty() {
                    "built-in"
                } else {
                    ", built-in"
                });
            }
            out
        }
        Target::Use(i) => {
            if inv[i].builtin {
                "built-in".into()
            } else {
                String::new()
            }
        }
    }
}

/// Every section name, with the kind's noun as an alias (`application`).
fn kinds() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(Kind::ALL.into_iter().map(|k| {
        let mut v = clap::builder::PossibleValue::new(k.section());
        if k.noun() != k.section() && !k.noun().contains(' ') {
            v = v.alias(k.noun());
        }
        v
    }))
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.pick(args.format)?;
    let kinds: Vec<Kind> = match &args.kind {
        None => Kind::ALL
            .into_iter()
            .filter(|k| k.namespace() == crate::model::Namespace::Entities)
            .collect(),
        Some(k) => vec![Kind::from_name(k).ok_or_else(|| {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.section()).collect();
            let mut m = format!("unknown kind `{k}`: expected one of {}", names.join(", "));
            if let Some(s) = crate::diag::did_you_mean(k, names.iter().copied()) {
                m.push_str(&format!("; did you mean `{s}`?"));
            }
            CmdError::Usage(m)
        })?],
    };
    let loaded = ctx.load()?;
    let inv = &loaded.inventory;
    let rows: Vec<Target> = kinds
        .iter()
        .flat_map(|k| inv.targets(*k))
        .filter(|t| args.tag.iter().all(|tag| inv.common(*t).has_tag(tag)))
        .collect();
    let record = |t: &Target| {
        let c = inv.common(*t);
        vec![
            c.id.to_string(),
            t.kind().noun().to_string(),
            c.display_name().to_string(),
            summary(inv, *t),
            inv.sources.file_line(c.at),
        ]
    };
    let head = ["id", "kind", "name", "summary", "declared at"];
    match format {
        TableFormat::Json => {}
        TableFormat::Csv => {
            out.push_csv(&head, rows.iter().map(record))
                .map_err(|e| CmdError::Failure(e.to_string()))?;
            return Ok(Exit::Ok);
        }
        TableFormat::Table => {
            let mut b = tabled::builder::Builder::default();
            b.push_record(head);
            for t in &rows {
                b.push_record(record(t));
            }
            out.push_table(b);
            if !ctx.quiet {
                out.push_count(rows.len(), "item");
            }
            return Ok(Exit::Ok);
        }
    }
    {
        let items: Vec<serde_json::Value> = rows
            .iter()
            .map(|t| {
                let c = inv.common(*t);
                serde_json::json!({
                    "id": c.id,
                    "kind": t.kind().noun(),
                    "name": c.display_name(),
                    "tags": c.tags,
                    "summary": summary(inv, *t),
                    "file": (!c.at.is_builtin()).then(|| inv.sources.path(c.at)),
                    "line": (!c.at.is_builtin()).then_some(c.at.line),
                })
            })
            .collect();
        let v = serde_json::json!({
            "version": 1,
            "kind": args.kind.as_ref().map(|_| kinds[0].section()),
            "items": items,
        });
        out.push_json(&v);
    }
    Ok(Exit::Ok)
}
