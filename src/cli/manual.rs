//! The manual inside the binary: examples for every command (shown by
//! `--help` and in the man pages), the man pages themselves (`carto man`,
//! `carto man --dir DIR`), and the values shells complete (formats, views,
//! kinds and rule ids statically; entity ids from the inventory through
//! clap's dynamic completion, `source <(COMPLETE=bash carto)`).

use super::{CmdError, Ctx, Exit, Output};
use clap::CommandFactory;
use clap_complete::engine::CompletionCandidate;
use std::path::PathBuf;

/// Two or three examples per command: (command line, what it does).
pub fn examples(command: &str) -> &'static [(&'static str, &'static str)] {
    match command {
        "check" => &[
            ("carto check", "lint ./inventory, findings at file:line:col"),
            (
                "carto check --format sarif -o carto.sarif",
                "SARIF for code scanning",
            ),
            (
                "carto check -A INV008 -D SEC003",
                "one rule off, one rule an error",
            ),
        ],
        "list" => &[
            ("carto list applications", "a table of the applications"),
            (
                "carto list flows --tag gdpr --format csv",
                "tagged flows, for a spreadsheet",
            ),
        ],
        "show" => &[
            (
                "carto show dpi",
                "an entity's fields and relations both ways",
            ),
            ("carto show 'gam->dpi'", "a flow by its generated id"),
        ],
        "who" => &[
            (
                "carto who health --kind person",
                "who reaches health data, at which level",
            ),
            (
                "carto who dpi --explain",
                "and why: each fact with its file:line",
            ),
            (
                "carto who data:payroll --format csv",
                "an access-review spreadsheet",
            ),
        ],
        "what" => &[
            ("carto what n-mercier", "what a person still reaches"),
            (
                "carto what it-admins --explain",
                "what a group reaches, and why",
            ),
        ],
        "where" => &[
            (
                "carto where health",
                "applications, organizations, countries, transfers",
            ),
            (
                "carto where identity.nir --explain",
                "why each application holds it",
            ),
        ],
        "path" => &[
            (
                "carto path dr-faure dpi",
                "how a person and an application are linked",
            ),
            (
                "carto path televisio health --limit 1",
                "the shortest chain only",
            ),
        ],
        "impact" => &[
            (
                "carto impact televisio",
                "blast radius of a processor breach",
            ),
            (
                "carto impact adm-legacy --format json",
                "of a compromised account, as JSON",
            ),
        ],
        "rules" => &[
            ("carto rules", "the catalogue"),
            ("carto rules explain GDPR007", "one rule's page"),
        ],
        "maturity" => &[
            ("carto maturity", "completeness per ANSSI view and level"),
            (
                "carto maturity --details --format csv > todo.csv",
                "every incomplete object",
            ),
        ],
        "register" => &[
            (
                "carto register -o register.html",
                "the Art. 30 register, printable",
            ),
            (
                "carto register --lang fr -o registre.ods",
                "in French, for LibreOffice",
            ),
            ("carto register --processor", "the Art. 30(2) register"),
        ],
        "diagram" => &[
            (
                "carto diagram ecosystem -o map.svg",
                "organizations and the data between them",
            ),
            (
                "carto diagram applications --split -o map/",
                "an overview and a page per zone",
            ),
            (
                "carto diagram access dpi --format mermaid",
                "who reaches the DPI, for Markdown",
            ),
        ],
        "site" => &[
            ("carto site -o public/", "the whole map as a static website"),
            (
                "carto site --only applications,processings -o public/",
                "a smaller site",
            ),
        ],
        "snapshot" => &[
            (
                "carto snapshot --label 2026-Q4",
                "save today's state into .carto/carto.db",
            ),
            ("carto snapshot --db history.db", "into another database"),
        ],
        "sql" => &[
            (
                "carto sql 'select * from special_data_access'",
                "query the latest snapshot",
            ),
            (
                "carto sql 'select count(*) from findings' --format csv",
                "as CSV",
            ),
        ],
        "history" => &[
            (
                "carto history",
                "entities, special access and findings per snapshot",
            ),
            ("carto history --format csv > history.csv", "for a chart"),
        ],
        "diff" => &[
            ("carto diff main", "what this branch changes against main"),
            (
                "carto diff main --format md",
                "the same, for a pull request comment",
            ),
        ],
        "init" => &[("carto init my-hospital", "a commented starting inventory")],
        "schema" => &[
            (
                "carto schema > .carto/inventory.schema.json",
                "the JSON Schema of inventory files",
            ),
            ("carto schema --settings", "the one of carto.yaml"),
        ],
        "import" => &[
            (
                "carto import csv --kind people users.csv -o inventory/people.yaml",
                "a directory export",
            ),
            (
                "carto import csv --kind access grants.csv --map login=who",
                "with a column renamed",
            ),
        ],
        "completions" => &[
            (
                "carto completions bash > ~/.local/share/bash-completion/completions/carto",
                "static completion",
            ),
            (
                "source <(COMPLETE=bash carto)",
                "completion with the inventory's ids",
            ),
        ],
        "man" => &[
            ("carto man | man -l -", "this page"),
            ("carto man --dir /usr/local/share/man/man1", "every page"),
        ],
        _ => &[],
    }
}

fn examples_text(command: &str) -> Option<String> {
    let list = examples(command);
    if list.is_empty() {
        return None;
    }
    let mut s = String::from("Examples:\n");
    for (cmd, what) in list {
        s.push_str(&format!("  {cmd}\n      {what}\n"));
    }
    Some(s)
}

/// The command line, with the examples under every command's help.
pub fn command() -> clap::Command {
    let mut cmd = super::Cli::command();
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        if let Some(text) = examples_text(&name) {
            cmd = cmd.mut_subcommand(&name, |s| s.after_help(text));
        }
    }
    cmd.after_help(
        "Examples:\n  carto check\n      lint ./inventory\n  carto who health --kind person\n      who can reach health data\n  carto register -o register.html\n      the Art. 30 register\n\nEach command's --help lists its options, formats and examples; `carto man` is the manual.",
    )
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write carto.1 and one page per command (carto-check.1 ...) into DIR
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The sections clap does not write: exit status, environment, files,
/// examples (roff).
fn extra_sections(name: Option<&str>) -> String {
    let mut s = String::new();
    s.push_str(".SH \"EXIT STATUS\"\n");
    terms(
        &mut s,
        &[
            ("0", "success; for check: no error finding"),
            (
                "1",
                "check: findings at error severity (or warnings with --deny-warnings); diff: the change introduces errors",
            ),
            (
                "2",
                "usage error: unknown option, value or id; no inventory found",
            ),
            (
                "3",
                "the inventory cannot be loaded; every load error is printed at file:line:col",
            ),
            (
                "4",
                "any other failure (input/output, Graphviz missing or too slow)",
            ),
        ],
    );
    s.push_str(".SH ENVIRONMENT\n");
    terms(
        &mut s,
        &[
            (
                "CARTO_DB",
                "the snapshot database (a file or a postgres:// connection string) when --db is not given",
            ),
            (
                "CARTO_INVENTORY",
                "the inventory directory when -i is not given",
            ),
            (
                "CARTO_TODAY",
                "today's date (YYYY-MM-DD), for reproducible runs",
            ),
            ("NO_COLOR", "no colors when set and not empty"),
            ("COLUMNS", "the width tables fit in on a terminal"),
            (
                "GITHUB_STEP_SUMMARY",
                "check --format github writes its job summary there",
            ),
            (
                "COMPLETE",
                "set to a shell name, prints the dynamic completion script",
            ),
        ],
    );
    s.push_str(".SH FILES\n");
    terms(
        &mut s,
        &[
            ("inventory/", "the inventory: every *.yaml file below it"),
            (
                "inventory/carto.yaml",
                "settings: self, language, rule levels, review ages",
            ),
            (
                "inventory/.carto/carto.db",
                "the snapshot database (snapshot, sql)",
            ),
            (
                "inventory/.carto/*.schema.json",
                "JSON Schemas for editors (init, schema)",
            ),
        ],
    );
    let list = match name {
        Some(n) => examples(n).to_vec(),
        None => ["check", "who", "register", "diagram"]
            .iter()
            .flat_map(|c| examples(c).iter().take(1).copied())
            .collect(),
    };
    if !list.is_empty() {
        s.push_str(".SH EXAMPLES\n");
        terms(&mut s, &list);
    }
    s.push_str(".SH \"SEE ALSO\"\nThe documentation in the docs/ folder of carto's sources, starting with docs/getting-started.md.\n");
    s
}

/// Roff paragraphs with a bold term each (`.TP`).
fn terms(s: &mut String, items: &[(&str, &str)]) {
    for (term, text) in items {
        s.push_str(&format!(".TP\n.B {}\n{}\n", roff(term), roff(text)));
    }
}

/// Text for roff: backslashes doubled, a leading dot or quote guarded.
fn roff(text: &str) -> String {
    let t = text.replace('\\', "\\\\").replace('-', "\\-");
    if t.starts_with(['.', '\'']) {
        format!("\\&{t}")
    } else {
        t
    }
}

/// One man page: clap's sections, then carto's.
fn page(cmd: clap::Command, name: Option<&str>) -> Result<Vec<u8>, CmdError> {
    let mut buf = Vec::new();
    let fail = |e: std::io::Error| CmdError::Failure(format!("cannot render the man page: {e}"));
    let man = clap_mangen::Man::new(cmd);
    man.render_title(&mut buf).map_err(fail)?;
    man.render_name_section(&mut buf).map_err(fail)?;
    man.render_synopsis_section(&mut buf).map_err(fail)?;
    man.render_description_section(&mut buf).map_err(fail)?;
    man.render_options_section(&mut buf).map_err(fail)?;
    if name.is_none() {
        man.render_subcommands_section(&mut buf).map_err(fail)?;
    }
    buf.extend_from_slice(extra_sections(name).as_bytes());
    man.render_version_section(&mut buf).map_err(fail)?;
    Ok(buf)
}

pub fn man(ctx: &Ctx, args: &ManArgs, out: &mut Output) -> Result<Exit, CmdError> {
    let mut root = command().name("carto");
    // Built, so that each command's page lists the global options too.
    root.build();
    let Some(dir) = &args.dir else {
        out.push_bytes(&page(root, None)?);
        return Ok(Exit::Ok);
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| CmdError::Failure(format!("cannot create {}: {e}", dir.display())))?;
    let mut pages = vec![("carto".to_string(), page(root.clone(), None)?)];
    for sub in root.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = sub.get_name().to_string();
        let full = format!("carto-{name}");
        // The page's title and synopsis name the command as it is typed.
        let cmd = sub
            .clone()
            .name(full.clone())
            .display_name(full.clone())
            .bin_name(format!("carto {name}"))
            .version(env!("CARGO_PKG_VERSION"));
        pages.push((full, page(cmd, Some(&name))?));
    }
    for (name, bytes) in &pages {
        let path = dir.join(format!("{name}.1"));
        super::output::write_atomic(&path, bytes)
            .map_err(|e| CmdError::Failure(format!("cannot write {}: {e}", path.display())))?;
    }
    ctx.note(&format!(
        "{} man pages written to {}",
        pages.len(),
        dir.display()
    ));
    Ok(Exit::Ok)
}

/// Entity ids of the inventory (`$CARTO_INVENTORY`, else `./inventory`, else
/// the current directory with a carto.yaml), for dynamic completion. Nothing
/// when there is none or it does not load.
pub fn complete_ids() -> Vec<CompletionCandidate> {
    let dir = std::env::var_os("CARTO_INVENTORY")
        .map(PathBuf::from)
        .or_else(super::default_inventory);
    let Some(dir) = dir else {
        return Vec::new();
    };
    let Ok(loaded) = crate::load::load(&dir) else {
        return Vec::new();
    };
    let inv = &loaded.inventory;
    crate::model::Kind::ALL
        .into_iter()
        .flat_map(|k| inv.targets(k))
        .map(|t| {
            let c = inv.common(t);
            CompletionCandidate::new(c.id.to_string()).help(Some(
                format!("{} {}", t.kind().noun(), c.display_name()).into(),
            ))
        })
        .collect()
}

/// Rule ids, for `-A/-W/-D` and `rules explain`.
pub fn complete_rules() -> Vec<CompletionCandidate> {
    crate::rules::catalogue()
        .map(|r| CompletionCandidate::new(r.id).help(Some(r.summary.into())))
        .collect()
}
