//! `carto impact ID`: the blast radius of an account, person, group,
//! organization, application or server, and whether Art. 33/34
//! notification is likely.

use super::{CmdError, Ctx, Exit, Output, resolve_arg};
use crate::model::{Inventory, Target};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<super::formats::TextFormat>,
    /// An account, person, group, organization, application or server
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(super::manual::complete_ids))]
    pub id: String,
}

fn list(inv: &Inventory, ts: impl Iterator<Item = Target>) -> Vec<String> {
    ts.map(|t| inv.id(t).to_string()).collect()
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.pick(args.format)?;
    let loaded = ctx.load()?;
    let inv = &loaded.inventory;
    let target = resolve_arg(inv, &args.id)?;
    if !matches!(
        target,
        Target::Account(_)
            | Target::Person(_)
            | Target::Group(_)
            | Target::Org(_)
            | Target::App(_)
            | Target::Server(_)
    ) {
        return Err(CmdError::Usage(format!(
            "`{}` is {}; `impact` takes an account, person, group, organization, application or server",
            args.id,
            crate::load::kinds_phrase(&[target.kind()])
        )));
    }
    let graph = ctx.graph(inv);
    let im = ctx.timed("answered", || graph.impact(target));
    let apps = list(inv, im.applications.iter().map(|a| Target::App(*a)));
    let data = list(inv, im.data.iter().map(|d| Target::Data(*d)));
    let subjects = list(inv, im.subjects.iter().map(|s| Target::Subject(*s)));
    let processings = list(inv, im.processings.iter().map(|p| Target::Processing(*p)));
    let flows = list(inv, im.flows.iter().map(|f| Target::Flow(*f)));
    let orgs = list(inv, im.organizations.iter().map(|o| Target::Org(*o)));
    if format == super::formats::TextFormat::Json {
        let v = serde_json::json!({
            "version": 1,
            "target": inv.id(target),
            "kind": target.kind().noun(),
            "data": data,
            "subjects": subjects,
            "processings": processings,
            "applications": apps,
            "flows": flows,
            "organizations": orgs,
            "notification": {
                "authority": im.notification.authority,
                "subjects": im.notification.subjects,
                "reasons": im.notification.reasons,
            },
        });
        out.push_json(&v);
        return Ok(Exit::Ok);
    }
    let special: Vec<String> = im
        .data
        .iter()
        .filter(|d| inv[**d].special.is_some())
        .map(|d| inv[*d].common.id.to_string())
        .collect();
    let mut s = format!("impact of {} {}\n\n", target.kind().noun(), inv.id(target));
    let line = |title: &str, v: &[String]| {
        format!(
            "{title} ({}): {}\n",
            v.len(),
            if v.is_empty() {
                "none".into()
            } else {
                v.join(", ")
            }
        )
    };
    s.push_str(&line("applications", &apps));
    s.push_str(&line("data", &data));
    s.push_str(&line("special data", &special));
    s.push_str(&line("subjects", &subjects));
    s.push_str(&line("processings", &processings));
    s.push_str(&line("downstream flows", &flows));
    s.push_str(&line("organizations", &orgs));
    let yes = |b: bool| if b { "likely" } else { "not indicated" };
    s.push_str(&format!(
        "\nnotify the authority (Art. 33): {}\nnotify the data subjects (Art. 34): {}\n",
        yes(im.notification.authority),
        yes(im.notification.subjects)
    ));
    for r in &im.notification.reasons {
        s.push_str(&format!("  - {r}\n"));
    }
    out.push(&s);
    Ok(Exit::Ok)
}
