//! The command line: clap definitions, one file per command, and the only
//! place that writes to stdout and stderr. Every command returns an [`Exit`];
//! output goes through [`Output`] so that `-o FILE` is written atomically.

mod access;
mod check;
mod continuity;
mod crisis;
mod diagram;
mod diff;
mod export;
pub mod formats;
mod history;
mod impact;
mod import;
mod list;
pub mod manual;
mod maturity;
mod onboard;
mod output;
mod path;
mod register;
mod review;
mod rules;
mod show;
mod site;
mod snapshot;
mod sql;
mod tier;
mod what;
mod where_;
mod who;

use crate::diag::{self, Diagnostic, Style};
use crate::load;
use crate::model::Inventory;
use clap::{Parser, Subcommand, ValueEnum};
use output::Output;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Exit codes (cli.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    Findings = 1,
    Usage = 2,
    Load = 3,
    Failure = 4,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Map an information system and its personal data from a YAML inventory.
#[derive(Debug, Parser)]
#[command(name = "carto", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// The inventory directory [default: $CARTO_INVENTORY, else ./inventory, else the
    /// current directory when it holds a carto.yaml]
    #[arg(
        short,
        long,
        global = true,
        value_name = "DIR",
        env = "CARTO_INVENTORY",
        hide_env = true
    )]
    pub inventory: Option<PathBuf>,
    /// Write the output to FILE (atomically) instead of stdout; `-` is stdout
    #[arg(short, long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// When to use colors
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Fit tables in N columns (0: no limit) [default: the terminal's width on a
    /// terminal, else no limit]
    #[arg(long, global = true, value_name = "N")]
    pub width: Option<usize>,
    /// Print less: no summary lines, no progress
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print more: timings and counts on stderr
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load, validate and lint the inventory (exit 1 on error findings, 3 when it cannot be loaded)
    Check(check::Args),
    /// List entities, optionally of one kind (applications, flows, people, data ...)
    List(list::Args),
    /// Show one entity: its fields and its relations in both directions
    Show(show::Args),
    /// Who can reach a data category, an application or a server, at which level, and why
    Who(who::Args),
    /// What a person, account, group or organization can reach
    What(what::Args),
    /// Where a data category lives and goes: applications, organizations, countries, transfers
    Where(where_::Args),
    /// The shortest chains of facts linking two entities
    Path(path::Args),
    /// Blast radius of a compromised or failed entity; whether Art. 33/34 notification is likely
    Impact(impact::Args),
    /// The tier-0 set (what controls the whole information system) and why each member is in it
    Tier0(tier::Tier0Args),
    /// Attack paths to tier 0 (or to an asset) from the internet, vendors, shared accounts or an ID
    Paths(tier::PathsArgs),
    /// Recovery targets checked against backups and dependencies; restore order
    Continuity(continuity::Args),
    /// A printable, self-contained crisis pack for the day the network is down (-o pack.html)
    Crisis(crisis::Args),
    /// The rules carto checks; `rules explain ID` prints one rule's documentation
    Rules(rules::Args),
    /// Completeness per ANSSI view at levels 1, 2, 3, with what is missing
    Maturity(maturity::Args),
    /// The Art. 30 register of processing activities: --format md|html|csv|xlsx|ods|json
    #[command(alias = "registre")]
    Register(register::Args),
    /// Diagrams: ecosystem, applications, flows, data DATA, access ID, infrastructure, gdpr
    Diagram(diagram::Args),
    /// The inventory for other tools: `export archimate -o model.xml` (Archi)
    Export(export::Args),
    /// Access review campaigns: start (workbooks per reviewer), status, apply, report
    Review(review::Args),
    /// The map as a static website in -o DIR: entities, findings, rules, register, search
    Site(site::Args),
    /// Save the resolved inventory, its access and its findings into SQLite
    Snapshot(snapshot::Args),
    /// Read-only SQL on the snapshot database
    Sql(sql::Args),
    /// How the inventory changed over its snapshots: entities, access to special data, findings
    History(history::Args),
    /// What a change does: entities, access gained or lost, flows, transfers, findings (exit 1 on new errors)
    Diff(diff::Args),
    /// Write a small commented starting inventory (refuses to overwrite)
    Init(onboard::InitArgs),
    /// JSON Schema of inventory files (or of carto.yaml), for editor completion
    Schema(onboard::SchemaArgs),
    /// Turn a spreadsheet export (CSV) into inventory YAML
    Import(import::Args),
    /// Shell completions: bash, zsh, fish, powershell, elvish
    Completions(onboard::CompletionsArgs),
    /// The man pages (roff): carto's, or with --dir every command's
    Man(manual::ManArgs),
}

/// `--db`: the store of `snapshot`, `sql`, `history` (flattened into each).
#[derive(Debug, clap::Args)]
pub struct DbArg {
    /// The database: a SQLite file (created by `snapshot` when absent) or a
    /// PostgreSQL connection string (postgres://...) [default: $CARTO_DB,
    /// else .carto/carto.db in the inventory's directory]
    #[arg(
        long,
        value_name = "FILE|URL",
        env = "CARTO_DB",
        hide_env_values = true
    )]
    pub db: Option<PathBuf>,
}

/// What every command receives.
pub struct Ctx {
    /// Empty when there is none (see `needs_inventory`).
    pub inventory: PathBuf,
    /// `-o FILE` (not stdout): its extension may name the format.
    pub output: Option<PathBuf>,
    pub quiet: bool,
    pub verbose: bool,
    /// Colors for stdout.
    pub style: Style,
    /// Colors for stderr.
    pub err_style: Style,
}

/// The kind of file a format or an `-o` extension makes: two formats of
/// one family (JSON, SARIF and GitLab's report are all JSON) may share an
/// extension. `None` for an extension carto does not know.
fn family(name: &str) -> Option<&'static str> {
    Some(match name {
        "json" | "sarif" | "gitlab" => "json",
        "md" | "markdown" => "md",
        "html" | "htm" => "html",
        "txt" | "text" | "human" | "table" | "github" | "log" => "text",
        "csv" => "csv",
        "xlsx" => "xlsx",
        "ods" => "ods",
        "pdf" => "pdf",
        "png" => "png",
        "jpg" | "jpeg" => "jpeg",
        "gif" => "gif",
        "svg" => "svg",
        "dot" | "gv" => "dot",
        "mmd" | "mermaid" => "mermaid",
        "docx" | "doc" | "odt" | "xls" | "xml" | "yaml" | "yml" => return Some("other"),
        _ => return None,
    })
}

impl Ctx {
    /// The output format of a command (its set's first is the default): the
    /// `--format` value, else the `-o` file's extension when it names one of
    /// the set. An extension that names a format the command does not write
    /// (`-o register.pdf`), or another format than `--format`, is a usage
    /// error: carto never writes a file its name misdescribes.
    pub fn pick<F: clap::ValueEnum + Copy>(&self, given: Option<F>) -> Result<F, CmdError> {
        let all = F::value_variants();
        let list = || all.iter().map(formats::name).collect::<Vec<_>>().join(", ");
        let ext = self
            .output
            .as_ref()
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let ext_family = ext.as_deref().and_then(family);
        let chosen = match given {
            Some(f) => f,
            None => match ext_family {
                None => all[0],
                Some(fam) => all
                    .iter()
                    .copied()
                    .find(|a| {
                        let n = formats::name(a);
                        family(&n) == Some(fam) && (fam != "text" || formats::name(&all[0]) == n)
                    })
                    .or_else(|| all.iter().copied().find(|a| family(&formats::name(a)) == Some(fam)))
                    .ok_or_else(|| {
                        CmdError::Usage(format!(
                            "`-o` names a .{} file, which this command does not write: its formats are {} (choose one with --format and a matching extension)",
                            ext.as_deref().unwrap_or(""),
                            list()
                        ))
                    })?,
            },
        };
        let chosen_name = formats::name(&chosen);
        if let (Some(fam), Some(f)) = (ext_family, family(&chosen_name))
            && fam != f
        {
            return Err(CmdError::Usage(format!(
                "`-o` names a .{} file but the output is {chosen_name}: give the file a matching extension, or another --format ({})",
                ext.as_deref().unwrap_or(""),
                list()
            )));
        }
        Ok(chosen)
    }

    /// The snapshot database: `--db`, else `.carto/carto.db` in the inventory.
    pub fn db(&self, given: Option<&std::path::Path>) -> PathBuf {
        given.map_or_else(
            || self.inventory.join(".carto/carto.db"),
            |p| p.to_path_buf(),
        )
    }

    /// Loads the inventory; on failure, the diagnostics to print to stderr.
    pub fn load(&self) -> Result<load::Loaded, CmdError> {
        self.load_at(&self.inventory).map_err(CmdError::Load)
    }
}

impl Ctx {
    /// Runs `f`; with `-v`, prints how long it took.
    pub fn timed<T>(&self, what: &str, f: impl FnOnce() -> T) -> T {
        let started = std::time::Instant::now();
        let v = f();
        if self.verbose {
            let _ = writeln!(
                std::io::stderr(),
                "carto: {what} in {:.1?}",
                started.elapsed()
            );
        }
        v
    }

    /// A line on stderr (not with `-q`).
    pub fn note(&self, text: &str) {
        if !self.quiet || self.verbose {
            let _ = writeln!(std::io::stderr(), "carto: {text}");
        }
    }

    /// A progress bar on stderr, drawn only when stderr is a terminal and
    /// not with `-q`, and only for work of at least `min` steps; with the
    /// callback (steps done, total) that moves it. `what` is an indicatif
    /// template for the message (`{pos}`, `{len}`).
    pub fn progress(
        &self,
        what: &str,
        min: usize,
    ) -> (indicatif::ProgressBar, impl Fn(usize, usize) + Sync + use<>) {
        let bar = indicatif::ProgressBar::hidden();
        if !self.quiet && std::io::stderr().is_terminal() {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.set_style(
                indicatif::ProgressStyle::with_template(&format!(
                    "{{spinner}} {what} {{wide_bar}} {{elapsed}}"
                ))
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
        }
        let moved = bar.clone();
        let progress = move |done: usize, total: usize| {
            if total >= min {
                moved.set_length(total as u64);
                moved.set_position(done as u64);
            }
        };
        (bar, progress)
    }

    /// Builds the derived graph of an inventory (timed with `-v`).
    pub fn graph<'a>(&self, inv: &'a Inventory) -> crate::graph::Graph<'a> {
        self.timed("graph built", || crate::graph::Graph::build(inv))
    }
}

impl Ctx {
    /// Loads an inventory with a progress bar on stderr when it has many
    /// files and stderr is a terminal (never with `-q`).
    pub fn load_at(&self, path: &std::path::Path) -> Result<load::Loaded, load::LoadFailure> {
        // Shown only past a moment: a small inventory loads before the first tick.
        let (bar, progress) = self.progress("reading {pos}/{len} files", 50);
        let started = std::time::Instant::now();
        let r = load::load_with_progress(path, &progress);
        bar.finish_and_clear();
        if let (true, Ok(loaded)) = (self.verbose, &r) {
            let inv = &loaded.inventory;
            let phases: Vec<String> = loaded
                .timings
                .iter()
                .map(|(name, d)| format!("{name} {d:.1?}"))
                .collect();
            let _ = writeln!(
                std::io::stderr(),
                "carto: loaded {} files, {} entities in {:.1?} ({})",
                inv.sources.files.len(),
                inv.entity_count(),
                started.elapsed(),
                phases.join(", ")
            );
        }
        r
    }
}

/// Why a command did not succeed.
#[derive(Debug)]
pub enum CmdError {
    /// Bad arguments: exit 2.
    Usage(String),
    /// The inventory cannot be loaded: exit 3, diagnostics on stderr.
    Load(load::LoadFailure),
    /// Anything else: exit 4.
    Failure(String),
}

/// Runs the command line and returns the process exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let parsed = manual::command()
        .try_get_matches_from(args)
        .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                Exit::Usage
            } else {
                Exit::Ok
            };
            let _ = e.print();
            return code as i32;
        }
    };
    let color_for = |tty: bool| match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let to_file = cli.output.as_ref().is_some_and(|p| p.as_os_str() != "-");
    output::set_width(cli.width, !to_file && std::io::stdout().is_terminal());
    let ctx = Ctx {
        inventory: cli
            .inventory
            .clone()
            .or_else(default_inventory)
            .unwrap_or_default(),
        output: cli.output.clone().filter(|_| to_file),
        quiet: cli.quiet,
        verbose: cli.verbose,
        style: Style {
            color: !to_file && color_for(std::io::stdout().is_terminal()),
        },
        err_style: Style {
            color: color_for(std::io::stderr().is_terminal()),
        },
    };
    if let Err(why) = crate::model::Date::from_env() {
        error_line(&ctx, &why);
        return Exit::Usage as i32;
    }
    if ctx.inventory.as_os_str().is_empty() && needs_inventory(&cli.command) {
        error_line(&ctx, NO_INVENTORY);
        return Exit::Usage as i32;
    }
    if let Some(path) = cli.output.as_ref().filter(|_| to_file)
        && writes_answer(&cli.command)
        && let Some(why) = output_inside_inventory(&ctx.inventory, path)
    {
        error_line(&ctx, &why);
        return Exit::Usage as i32;
    }
    let mut out = Output::new(cli.output.clone());
    let result = match &cli.command {
        Command::Check(a) => check::run(&ctx, a, &mut out),
        Command::List(a) => list::run(&ctx, a, &mut out),
        Command::Show(a) => show::run(&ctx, a, &mut out),
        Command::Who(a) => who::run(&ctx, a, &mut out),
        Command::What(a) => what::run(&ctx, a, &mut out),
        Command::Where(a) => where_::run(&ctx, a, &mut out),
        Command::Path(a) => path::run(&ctx, a, &mut out),
        Command::Impact(a) => impact::run(&ctx, a, &mut out),
        Command::Tier0(a) => tier::tier0(&ctx, a, &mut out),
        Command::Paths(a) => tier::paths(&ctx, a, &mut out),
        Command::Continuity(a) => continuity::run(&ctx, a, &mut out),
        Command::Crisis(a) => crisis::run(&ctx, a, &mut out),
        Command::Rules(a) => rules::run(&ctx, a, &mut out),
        Command::Maturity(a) => maturity::run(&ctx, a, &mut out),
        Command::Register(a) => register::run(&ctx, a, &mut out),
        Command::Diagram(a) => diagram::run(&ctx, a, &mut out),
        Command::Snapshot(a) => snapshot::run(&ctx, a, &mut out),
        Command::Site(a) => site::run(&ctx, a, &mut out),
        Command::Review(a) => review::run(&ctx, a, &mut out),
        Command::Export(a) => export::run(&ctx, a, &mut out),
        Command::Sql(a) => sql::run(&ctx, a, &mut out),
        Command::History(a) => history::run(&ctx, a, &mut out),
        Command::Diff(a) => diff::run(&ctx, a, &mut out),
        Command::Init(a) => onboard::init(&ctx, a, &mut out),
        Command::Schema(a) => onboard::schema(&ctx, a, &mut out),
        Command::Import(a) => import::run(&ctx, a, &mut out),
        Command::Completions(a) => onboard::completions(&ctx, a, &mut out),
        Command::Man(a) => manual::man(&ctx, a, &mut out),
    };
    let code = match result {
        Ok(code) => code,
        Err(CmdError::Usage(m)) => {
            error_line(&ctx, &m);
            return Exit::Usage as i32;
        }
        Err(CmdError::Failure(m)) => {
            error_line(&ctx, &m);
            return Exit::Failure as i32;
        }
        Err(CmdError::Load(failure)) => {
            print_load_failure(&ctx, &failure);
            return Exit::Load as i32;
        }
    };
    match out.finish() {
        Ok(()) => code as i32,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code as i32,
        Err(e) => {
            error_line(&ctx, &format!("cannot write the output: {e}"));
            Exit::Failure as i32
        }
    }
}

/// The commit of the git work tree holding `dir` (abbreviated to 12
/// characters when `short`); `None` outside git or without git.
pub fn git_commit(dir: &std::path::Path, short: bool) -> Option<String> {
    let mut cmd = std::process::Command::new("git");
    cmd.arg("-C").arg(dir).arg("rev-parse");
    if short {
        cmd.arg("--short=12");
    }
    let out = cmd
        .arg("HEAD")
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !s.is_empty()).then_some(s)
}

/// Whether `-o` of this command is an answer or an export (never written
/// into the inventory), rather than inventory files written on purpose.
fn writes_answer(command: &Command) -> bool {
    !matches!(command, Command::Import(_) | Command::Init(_))
}

/// Why `-o path` must be refused: it would write a file that carto reads as
/// part of the inventory at `inventory` (a YAML file inside its directory,
/// or the inventory file itself). Carto never modifies an inventory except
/// through the commands that exist to (`import`).
fn output_inside_inventory(inventory: &std::path::Path, path: &std::path::Path) -> Option<String> {
    let real_inv = std::fs::canonicalize(inventory).ok()?;
    let parent = crate::load::folder_of(path);
    let real_out = std::fs::canonicalize(parent).ok()?.join(path.file_name()?);
    let real_out = std::fs::canonicalize(&real_out).unwrap_or(real_out);
    let yaml = matches!(
        real_out.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    let inside = if real_inv.is_file() {
        real_out == real_inv
    } else {
        yaml && real_out.starts_with(&real_inv)
    };
    inside.then(|| {
        format!(
            "refusing to write `{}`: it is inside the inventory (`{}`) and would be read as part of it; write the output elsewhere",
            path.display(),
            inventory.display()
        )
    })
}

/// Without `-i` or `$CARTO_INVENTORY`: `./inventory`, or the current
/// directory when it is an inventory itself (it has a `carto.yaml`); else
/// none, and the commands that need one say how to name it.
pub(crate) fn default_inventory() -> Option<PathBuf> {
    let local = PathBuf::from("inventory");
    if local.is_dir() {
        Some(local)
    } else if ["carto.yaml", "carto.yml"]
        .iter()
        .any(|f| std::path::Path::new(f).is_file())
    {
        Some(PathBuf::from("."))
    } else {
        None
    }
}

/// The commands that read an inventory.
fn needs_inventory(c: &Command) -> bool {
    match c {
        Command::Init(_)
        | Command::Schema(_)
        | Command::Completions(_)
        | Command::Man(_)
        | Command::Rules(_) => false,
        // With --db, `sql` reads only the database.
        Command::Sql(a) => a.db.db.is_none(),
        Command::History(a) => a.db.db.is_none(),
        Command::Diff(a) => a.db.is_none(),
        // The campaign's folder is all `review status` reads.
        Command::Review(a) => !matches!(a.step, review::Step::Status(_)),
        _ => true,
    }
}

const NO_INVENTORY: &str = "no inventory here: there is no `inventory/` directory and no `carto.yaml` in the current directory; name one with `-i DIR` (or `$CARTO_INVENTORY`), or start one with `carto init DIR`";

fn error_line(ctx: &Ctx, message: &str) {
    let label = if ctx.err_style.color {
        "\x1b[1;31merror\x1b[0m"
    } else {
        "error"
    };
    // Messages quote ids, names and paths from the inventory and the
    // command line: no control character reaches the terminal or a CI log.
    let _ = writeln!(
        std::io::stderr(),
        "{label}: {}",
        crate::text::escape(message)
    );
}

fn print_load_failure(ctx: &Ctx, failure: &load::LoadFailure) {
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    let _ = err.write_all(
        render_load_failure(&failure.diagnostics, &failure.sources, ctx.err_style).as_bytes(),
    );
    let _ = writeln!(err, "{}", load_summary(&failure.diagnostics));
    let _ = err.flush();
}

/// A failed load's diagnostics for people: at most 50 per file and 500 in
/// all (a hostile file can hold millions of errors), then how many more.
pub(crate) fn render_load_failure(
    diags: &[Diagnostic],
    sources: &crate::model::SourceMap,
    style: Style,
) -> String {
    let (shown, hidden) = diag::capped(diags);
    let shown: Vec<Diagnostic> = shown.into_iter().cloned().collect();
    let mut text = diag::render_human(&shown, sources, style);
    if hidden > 0 {
        text.push_str(&format!(
            "carto: {} not shown (at most {} per file and {} in all; `--format json` lists them all)\n",
            plural(hidden, "more error"),
            diag::SHOWN_PER_FILE,
            diag::SHOWN_IN_ALL
        ));
    }
    text
}

/// "3 errors", "1 error".
pub(crate) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// "carto: the inventory cannot be loaded: 3 errors".
fn load_summary(diags: &[Diagnostic]) -> String {
    let s = diag::Summary::of(diags);
    format!(
        "carto: the inventory cannot be loaded: {}{}",
        plural(s.error, "error"),
        if s.warning > 0 {
            format!(", {}", plural(s.warning, "warning"))
        } else {
            String::new()
        }
    )
}

/// Resolves a command-line id (`dpi`, `data:health`, `entity:x`) to one
/// target; unknown or ambiguous ids are usage errors with a suggestion.
pub fn resolve_arg(inv: &Inventory, arg: &str) -> Result<crate::model::Target, CmdError> {
    use crate::model::{Kind, Namespace};
    let (ns, id) = match arg.split_once(':') {
        Some(("data", id)) => (Some(Namespace::Data), id),
        Some(("subject", id)) => (Some(Namespace::Subjects), id),
        Some(("use", id)) => (Some(Namespace::Uses), id),
        Some(("entity", id)) => (Some(Namespace::Entities), id),
        _ => (None, arg),
    };
    let found: Vec<_> = inv
        .lookup(id)
        .into_iter()
        .filter(|t| ns.is_none_or(|n| t.kind().namespace() == n))
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => {
            let mut m = format!("no entity or category has the id `{id}`");
            if let Some(s) = diag::did_you_mean(id, inv.all_ids().map(|i| &**i)) {
                m.push_str(&format!("; did you mean `{s}`?"));
            }
            Err(CmdError::Usage(m))
        }
        many => Err(CmdError::Usage(format!(
            "`{id}` is both {}: write {}",
            many.iter()
                .map(|t| t.kind().noun())
                .collect::<Vec<_>>()
                .join(" and "),
            many.iter()
                .map(|t| match t.kind() {
                    Kind::Data => format!("`data:{id}`"),
                    Kind::Subject => format!("`subject:{id}`"),
                    Kind::Use => format!("`use:{id}`"),
                    _ => format!("`entity:{id}`"),
                })
                .collect::<Vec<_>>()
                .join(" or ")
        ))),
    }
}
