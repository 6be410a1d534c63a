//! Onboarding: `init` (a commented starter inventory), `schema` (JSON Schema
//! for editors), `completions` and `man`.

use super::{CmdError, Ctx, Exit, Output};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Where to create the inventory (created when absent)
    #[arg(default_value = "inventory")]
    pub dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// The schema of `carto.yaml` instead of inventory files
    #[arg(long)]
    pub settings: bool,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

const STARTER_SETTINGS: &str = "# yaml-language-server: $schema=.carto/settings.schema.json
# Settings of this inventory (not entities). See `carto rules` for rule ids.
version: 1
self: my-org                 # the organization whose register this is
review_max_age: 12M          # access reviews older than this are stale
rules: {}                    # e.g. {SEC003: warning, INV008: off}
";

const STARTER: &str = "# yaml-language-server: $schema=.carto/inventory.schema.json
# A starting inventory: replace the examples with your own, then run `carto check`.
# Files can be split and named as you like: every *.yaml below this folder is read.

organizations:
  - id: my-org                    # ids: lower case, digits, `.`, `_`, `-`
    name: My organization
    kind: self                    # the controller whose register this is
    country: FR                   # ISO 3166-1 alpha-2
    dpo: {name: Data Protection Officer, email: dpo@example.org}

applications:
  - id: records                   # one application holding personal data
    name: Records
    owner: staff                  # who is accountable
    data: [identity, contact]     # built-in categories; `carto list data` shows them
    subjects: [citizens]
    criticality: medium
    auth: {sso: true, mfa: true}
  - id: mailer
    name: Mail service
    owner: staff
    data: [contact]
    subjects: [citizens]
    criticality: low
    auth: {sso: true, mfa: true}

flows:
  - from: records                 # no id: it is named `records->mailer`
    to: mailer
    data: [contact]
    protocol: https
    encrypted: true

groups:
  - id: staff
    kind: team
    members: [alice]

people:
  - id: alice
    email: alice@example.org

access:
  - who: staff
    to: [records, mailer]
    level: write
    reviewed: 2026-01-15

processings:
  - id: contact-management
    name: Contact management
    owner: staff
    purpose: Keep in touch with the people we serve
    uses: [administration]
    legal_basis: public-task
    subjects: [citizens]
    applications: [records, mailer]
    recipients: [staff]
    retention:
      - {data: identity, period: 3y, after: last contact}
      - {data: contact, period: 3y, after: last contact}
";

/// The `.gitignore` that `init` writes: carto's local database.
const GITIGNORE: &str = "# carto's snapshot database (history; rebuilt with `carto snapshot`)\n.carto/carto.db\n.carto/carto.db-*\n";

pub fn init(ctx: &Ctx, args: &InitArgs, out: &mut Output) -> Result<Exit, CmdError> {
    let dir = &args.dir;
    let files: [(PathBuf, String); 4] = [
        (dir.join("carto.yaml"), STARTER_SETTINGS.to_string()),
        (dir.join("inventory.yaml"), STARTER.to_string()),
        (
            dir.join(".carto/inventory.schema.json"),
            format!("{:#}\n", crate::schema::inventory()),
        ),
        (
            dir.join(".carto/settings.schema.json"),
            format!("{:#}\n", crate::schema::settings()),
        ),
    ];
    // Refuse before writing anything: never overwrite.
    let existing: Vec<String> = files
        .iter()
        .filter(|(p, _)| p.exists())
        .map(|(p, _)| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(CmdError::Failure(format!(
            "refusing to overwrite existing files: {}",
            existing.join(", ")
        )));
    }
    // The snapshot database stays out of git (the schemas are shared).
    let ignore = dir.join(".gitignore");
    let ignore_exists = ignore.exists();
    if !ignore_exists {
        std::fs::create_dir_all(dir)
            .and_then(|()| super::output::write_atomic(&ignore, GITIGNORE.as_bytes()))
            .map_err(|e| CmdError::Failure(format!("cannot write {}: {e}", ignore.display())))?;
    }
    for (path, text) in &files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                CmdError::Failure(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
        super::output::write_atomic(path, text.as_bytes())
            .map_err(|e| CmdError::Failure(format!("cannot write {}: {e}", path.display())))?;
    }
    if ignore_exists {
        ctx.note(&format!(
            "{} exists: add `.carto/carto.db*` to it to keep snapshots out of git",
            ignore.display()
        ));
    }
    if !ctx.quiet {
        out.push(&format!(
            "created {}: carto.yaml, inventory.yaml, {}and JSON schemas in .carto/ for your editor\nnext: carto -i {} check\n",
            crate::text::escape(&dir.display().to_string()),
            if ignore_exists { "" } else { ".gitignore, " },
            crate::text::escape(&dir.display().to_string())
        ));
    }
    Ok(Exit::Ok)
}

pub fn schema(_ctx: &Ctx, args: &SchemaArgs, out: &mut Output) -> Result<Exit, CmdError> {
    let s = if args.settings {
        crate::schema::settings()
    } else {
        crate::schema::inventory()
    };
    out.push_json(&s);
    Ok(Exit::Ok)
}

pub fn completions(_ctx: &Ctx, args: &CompletionsArgs, out: &mut Output) -> Result<Exit, CmdError> {
    let mut cmd = super::manual::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "carto", &mut buf);
    out.push_bytes(&buf);
    Ok(Exit::Ok)
}
