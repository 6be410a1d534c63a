//! `carto maturity`: completeness of the inventory per ANSSI view at levels
//! 1, 2 and 3, with the objects and fields missing at each level.

use super::formats::TableFormat;
use super::{CmdError, Ctx, Exit, Output};
use crate::maturity;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<super::formats::TableFormat>,
    /// Only this view of the ANSSI guide
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(maturity::VIEWS))]
    pub view: Option<String>,
    /// List what is missing for each object (default: a count per view and level)
    #[arg(long)]
    pub details: bool,
    /// Only the objects of this establishment (a hospital group)
    #[arg(long = "for", value_name = "ESTABLISHMENT")]
    pub for_establishment: Option<String>,
    /// A table per establishment (a hospital group): each level over all views
    #[arg(long, value_parser = ["establishment"], conflicts_with = "for_establishment")]
    pub by: Option<String>,
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.pick(args.format)?;
    if let Some(v) = &args.view
        && !maturity::VIEWS.contains(&v.as_str())
    {
        let mut m = format!(
            "unknown view `{v}`: expected one of {}",
            maturity::VIEWS.join(", ")
        );
        if let Some(s) = crate::diag::did_you_mean(v, maturity::VIEWS.iter().copied()) {
            m.push_str(&format!("; did you mean `{s}`?"));
        }
        return Err(CmdError::Usage(m));
    }
    let loaded = ctx.load()?;
    let inv = &loaded.inventory;
    let establishment = args
        .for_establishment
        .as_deref()
        .map(|e| super::access::establishment_arg(inv, e))
        .transpose()?;
    if args.by.is_some() {
        return by_establishment(inv, args.view.as_deref(), out);
    }
    let keep = |t: crate::model::Target| {
        establishment.is_none_or(|e| inv.common(t).establishment.as_ref().map(|r| r.ix) == Some(e))
    };
    let scores: Vec<maturity::ViewScore> = maturity::assess_only(inv, &keep)
        .into_iter()
        .filter(|s| args.view.as_deref().is_none_or(|v| v == s.view))
        .collect();
    if format == TableFormat::Csv {
        // A score per view and level; with --details, the to-do list: one
        // row per incomplete object.
        let result = if args.details {
            out.push_csv(
                &["view", "level", "kind", "id", "missing"],
                scores.iter().flat_map(|v| {
                    v.levels.iter().flat_map(move |l| {
                        l.missing.iter().map(move |m| {
                            vec![
                                v.view.to_string(),
                                l.level.to_string(),
                                m.target.kind().noun().to_string(),
                                inv.id(m.target).to_string(),
                                m.fields.join("; "),
                            ]
                        })
                    })
                }),
            )
        } else {
            out.push_csv(
                &["view", "level", "percent", "met", "total"],
                scores.iter().flat_map(|v| {
                    v.levels.iter().map(move |l| {
                        vec![
                            v.view.to_string(),
                            l.level.to_string(),
                            l.percent().to_string(),
                            l.met.to_string(),
                            l.total.to_string(),
                        ]
                    })
                }),
            )
        };
        result.map_err(|e| CmdError::Failure(e.to_string()))?;
        return Ok(Exit::Ok);
    }
    if format == TableFormat::Json {
        let views: Vec<serde_json::Value> = scores
            .iter()
            .map(|v| {
                serde_json::json!({
                    "view": v.view,
                    "levels": v.levels.iter().map(|l| serde_json::json!({
                        "level": l.level,
                        "percent": l.percent(),
                        "met": l.met,
                        "total": l.total,
                        "missing": l.missing.iter().map(|m| serde_json::json!({
                            "id": inv.id(m.target),
                            "kind": m.target.kind().noun(),
                            "fields": m.fields,
                        })).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        out.push(&format!(
            "{:#}\n",
            serde_json::json!({"version": 1, "views": views})
        ));
        return Ok(Exit::Ok);
    }
    let mut b = tabled::builder::Builder::default();
    b.push_record(["view", "level 1", "level 2", "level 3"]);
    for v in &scores {
        let cell =
            |l: &maturity::LevelScore| format!("{:>3}%  ({}/{})", l.percent(), l.met, l.total);
        b.push_record([
            v.view.to_string(),
            cell(&v.levels[0]),
            cell(&v.levels[1]),
            cell(&v.levels[2]),
        ]);
    }
    let mut s = super::output::table(b);
    for v in &scores {
        for l in &v.levels {
            if l.missing.is_empty() {
                continue;
            }
            s.push_str(&format!(
                "\n{} level {}: {} incomplete\n",
                v.view,
                l.level,
                super::plural(l.missing.len(), "object")
            ));
            let shown = if args.details {
                l.missing.len()
            } else {
                l.missing.len().min(5)
            };
            for m in &l.missing[..shown] {
                s.push_str(&format!(
                    "  {} {}: {}\n",
                    m.target.kind().noun(),
                    inv.id(m.target),
                    m.fields.join(", ")
                ));
            }
            if shown < l.missing.len() {
                s.push_str(&format!(
                    "  ... and {} more (--details)\n",
                    l.missing.len() - shown
                ));
            }
        }
    }
    out.push(&s);
    Ok(Exit::Ok)
}

/// `--by establishment`: for each establishment (and the shared objects),
/// each level's checks met over all views (or `--view`).
fn by_establishment(
    inv: &crate::model::Inventory,
    view: Option<&str>,
    out: &mut Output,
) -> Result<Exit, CmdError> {
    use crate::model::{OrgIx, Target};
    let mut rows: Vec<(String, Option<OrgIx>)> = (0..inv.organizations.len() as u32)
        .map(OrgIx)
        .filter(|o| inv.is_establishment(*o))
        .map(|o| (inv[o].common.id.to_string(), Some(o)))
        .collect();
    rows.push(("(no establishment)".into(), None));
    let mut text = String::from("establishment        level 1          level 2          level 3\n");
    for (name, e) in rows {
        let keep = |t: Target| inv.common(t).establishment.as_ref().map(|r| r.ix) == e;
        let scores = maturity::assess_only(inv, &keep);
        let mut cells = Vec::new();
        for level in 1..=3u8 {
            let (met, total) = scores
                .iter()
                .filter(|s| view.is_none_or(|v| v == s.view))
                .flat_map(|s| s.levels.iter().filter(|l| l.level == level))
                .fold((0, 0), |(m, t), l| (m + l.met, t + l.total));
            cells.push(match (met * 100).checked_div(total) {
                Some(pct) => format!("{pct:>3}% ({met}/{total})"),
                // Nothing of this establishment is checked at this level.
                None => "  -".to_string(),
            });
        }
        text.push_str(&format!(
            "{:<20} {:<16} {:<16} {}\n",
            crate::text::escape(&name),
            cells[0],
            cells[1],
            cells[2]
        ));
    }
    out.push(&text);
    Ok(Exit::Ok)
}
