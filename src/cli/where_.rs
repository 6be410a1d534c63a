//! `carto where DATA`: where a data category lives and goes: applications,
//! flows, organizations, sites, countries, and transfers outside the EEA.

use super::{CmdError, Ctx, Exit, Output, resolve_arg};
use crate::graph;
use crate::model::Target;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<super::formats::TextFormat>,
    /// A data category (everything below it is included)
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::manual::complete_ids))]
    pub data: String,
    /// Print why each application holds it
    #[arg(long)]
    pub explain: bool,
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.pick(args.format)?;
    let loaded = ctx.load()?;
    let inv = &loaded.inventory;
    let arg = if args.data.contains(':') {
        args.data.clone()
    } else {
        format!("data:{}", args.data)
    };
    let Target::Data(d) = resolve_arg(inv, &arg)? else {
        return Err(CmdError::Usage(format!(
            "`{}` is not a data category",
            args.data
        )));
    };
    let graph = ctx.graph(inv);
    let r = ctx.timed("answered", || graph.reach(d));
    let id = |t: Target| inv.id(t).to_string();
    if format == super::formats::TextFormat::Json {
        let v = serde_json::json!({
            "version": 1,
            "data": inv[d].common.id,
            "applications": r.applications.iter().map(|(a, _)| id(Target::App(*a))).collect::<Vec<_>>(),
            "organizations": r.organizations.iter().map(|(o, _)| id(Target::Org(*o))).collect::<Vec<_>>(),
            "countries": r.countries,
            "flows": r.flows.iter().map(|f| id(Target::Flow(*f))).collect::<Vec<_>>(),
            "transfers": r.transfers.iter().map(|t| serde_json::json!({
                "organization": id(Target::Org(t.org)),
                "country": t.country,
                "declared": t.declared,
                "how": t.how.fact,
                "file": inv.sources.path(t.at),
                "line": t.at.line,
            })).collect::<Vec<_>>(),
            "sites": r.sites.iter().map(|s| id(Target::Site(*s))).collect::<Vec<_>>(),
            "holdings": r.applications.iter().map(|(a, steps)| serde_json::json!({
                "application": id(Target::App(*a)),
                "path": graph::path_json(inv, steps),
            })).collect::<Vec<_>>(),
        });
        out.push_json(&v);
        return Ok(Exit::Ok);
    }
    let mut s = format!(
        "{} ({})\n",
        inv[d].common.id,
        crate::text::escape(inv[d].common.display_name())
    );
    s.push_str(&format!("\napplications ({}):\n", r.applications.len()));
    for (a, steps) in &r.applications {
        s.push_str(&format!("  {}\n", inv[*a].common.id));
        if args.explain {
            for st in steps {
                s.push_str(&format!(
                    "      {} ({})\n",
                    st.fact,
                    st.at.map(|l| inv.sources.file_line(l)).unwrap_or_default()
                ));
            }
        }
    }
    s.push_str(&format!("\nflows ({}):\n", r.flows.len()));
    for f in &r.flows {
        let fl = &inv[*f];
        s.push_str(&format!(
            "  {}  [{}{}]\n",
            fl.common.id,
            fl.protocol.as_deref().unwrap_or("?"),
            if fl.encrypted == Some(true) {
                ""
            } else {
                ", not encrypted"
            }
        ));
    }
    s.push_str(&format!("\norganizations ({}):\n", r.organizations.len()));
    for (o, how) in &r.organizations {
        let org = &inv[*o];
        s.push_str(&format!(
            "  {} ({}{}): {}\n",
            org.common.id,
            org.kind,
            org.country.map(|c| format!(", {c}")).unwrap_or_default(),
            how.fact
        ));
    }
    let sites: Vec<String> = r.sites.iter().map(|x| id(Target::Site(*x))).collect();
    let countries: Vec<String> = r.countries.iter().map(|c| c.to_string()).collect();
    s.push_str(&format!(
        "\nsites: {}\ncountries: {}\n",
        sites.join(", "),
        countries.join(", ")
    ));
    s.push_str(&format!(
        "\ntransfers outside the EEA ({}):\n",
        r.transfers.len()
    ));
    for t in &r.transfers {
        s.push_str(&format!(
            "  {} in {}: {} ({}){}\n",
            id(Target::Org(t.org)),
            t.country,
            t.how.fact,
            inv.sources.file_line(t.at),
            if t.declared {
                ""
            } else {
                "  NOT DECLARED by any processing"
            }
        ));
    }
    out.push(&s);
    Ok(Exit::Ok)
}
