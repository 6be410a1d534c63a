//! `carto register`: the Art. 30 register (controller, or `--processor`) in
//! Markdown, HTML, CSV, XLSX or JSON; the format may come from `-o`'s extension.

use super::formats::RegisterFormat;
use super::{CmdError, Ctx, Exit, Output, resolve_arg};
use crate::export::{Selection, formats, register};
use crate::model::{Date, Language, Target};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format [default: from -o's extension, else md]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<RegisterFormat>,
    /// The Art. 30(2) register: processings carried out as a processor
    #[arg(long)]
    pub processor: bool,
    /// One processing only
    #[arg(long, value_name = "ID", add = clap_complete::engine::ArgValueCandidates::new(super::manual::complete_ids))]
    pub processing: Option<String>,
    /// Only processings with this tag (repeat to require several)
    #[arg(long)]
    pub tag: Vec<String>,
    /// CSV without the UTF-8 byte-order mark (by default it is written, so
    /// that LibreOffice and Excel read accents right when opening the file)
    #[arg(long)]
    pub no_bom: bool,
    /// The language of the register [default: carto.yaml's `language:`, else en]
    #[arg(long, value_name = "LANG", value_parser = ["en", "fr"])]
    pub lang: Option<String>,
    /// In a hospital group, this establishment's register: its processings
    /// (controller), or with --processor those it carries out for members
    #[arg(long = "for", value_name = "ESTABLISHMENT")]
    pub for_establishment: Option<String>,
}

pub fn run(ctx: &Ctx, args: &Args, out: &mut Output) -> Result<Exit, CmdError> {
    let format = ctx.pick(args.format)?;
    if matches!(format, RegisterFormat::Xlsx | RegisterFormat::Ods) && out.path().is_none() {
        let name = super::formats::name(&format);
        return Err(CmdError::Usage(format!(
            "{} is binary: write it to a file with `-o register.{name}`",
            name.to_uppercase()
        )));
    }
    let loaded = ctx.load()?;
    let inv = &loaded.inventory;
    let processing = match &args.processing {
        None => None,
        Some(id) => match resolve_arg(inv, id)? {
            Target::Processing(p) => Some(p),
            other => {
                return Err(CmdError::Usage(format!(
                    "`{id}` is {}, not a processing",
                    crate::load::kinds_phrase(&[other.kind()])
                )));
            }
        },
    };
    let graph = ctx.graph(inv);
    let establishment = args
        .for_establishment
        .as_deref()
        .map(|e| super::access::establishment_arg(inv, e))
        .transpose()?;
    let sel = Selection {
        establishment,
        processor: args.processor,
        processing,
        tags: args.tag.clone(),
        lang: args
            .lang
            .as_deref()
            .and_then(Language::parse)
            .or(inv.settings.language)
            .unwrap_or(Language::En),
    };
    let reg = ctx.timed("register built", || {
        register::build(
            inv,
            &graph,
            &sel,
            Date::today(),
            super::git_commit(&inv.root, true),
        )
    });
    match format {
        RegisterFormat::Json => out.push_json(&formats::json(&reg)),
        RegisterFormat::Html => out.push(&formats::html(&reg)),
        RegisterFormat::Csv => {
            if !args.no_bom {
                out.push("\u{feff}");
            }
            out.push(
                &formats::csv(&reg)
                    .map_err(|e| CmdError::Failure(format!("cannot write CSV: {e}")))?,
            )
        }
        RegisterFormat::Ods => out.push_bytes(
            &crate::export::ods::ods(&reg)
                .map_err(|e| CmdError::Failure(format!("cannot write ODS: {e}")))?,
        ),
        RegisterFormat::Xlsx => out.push_bytes(
            &crate::export::xlsx::xlsx(&reg)
                .map_err(|e| CmdError::Failure(format!("cannot write XLSX: {e}")))?,
        ),
        RegisterFormat::Md => out.push(&formats::markdown(&reg)),
    }
    if reg.records.is_empty() && !ctx.quiet {
        ctx.note(if args.processor {
            "no processing has `role: processor`: the processor register is empty"
        } else {
            "no processing matches"
        });
    }
    Ok(Exit::Ok)
}
