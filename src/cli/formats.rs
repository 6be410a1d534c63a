//! The output formats, one set per kind of command, as `ValueEnum`s: clap
//! lists them in `--help` and refuses the others (exit 2), and each command
//! matches its set exhaustively. `-o FILE`'s extension picks one when
//! `--format` is not given ([`super::Ctx::pick`]).

use clap::ValueEnum;

/// Commands that answer rows: `list`, `who`, `what`, `rules`, `maturity`, `sql`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// A table for people (the default)
    #[value(alias = "human")]
    Table,
    /// JSON, documented in docs/json.md
    Json,
    /// CSV with a header row, for spreadsheets
    Csv,
}

/// Commands that answer one structured result: `show`, `where`, `path`,
/// `impact`, `snapshot`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    /// Text for people (the default)
    #[value(alias = "table")]
    Human,
    /// JSON, documented in docs/json.md
    Json,
}

/// `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Diagnostics like a compiler's, with the source line (the default)
    Human,
    /// JSON, documented in docs/json.md
    Json,
    /// One finding per row: severity, rule, file, line, column, entity, message
    Csv,
    /// SARIF 2.1.0, for code scanning (GitHub, GitLab, Azure DevOps)
    Sarif,
    /// GitHub Actions annotations (and the job summary)
    Github,
    /// GitLab Code Quality report
    Gitlab,
}

/// `diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Text for people (the default)
    Human,
    /// Markdown, for a pull request comment
    Md,
    /// JSON, documented in docs/json.md
    Json,
}

/// `register`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RegisterFormat {
    /// Markdown (the default)
    #[value(alias = "markdown")]
    Md,
    /// One HTML page that prints on A4
    Html,
    /// CSV, one row per processing
    Csv,
    /// An Excel workbook: a summary sheet and a sheet per processing
    Xlsx,
    /// An OpenDocument spreadsheet (LibreOffice)
    Ods,
    /// JSON, documented in docs/json.md
    Json,
}

/// `diagram`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiagramFormat {
    /// Graphviz DOT (the default; needs nothing)
    Dot,
    /// SVG, laid out by Graphviz's `dot`
    Svg,
    /// PNG, laid out by Graphviz's `dot` (to a file)
    Png,
    /// A Mermaid flowchart, for Markdown in git forges
    Mermaid,
}

/// A format's name on the command line.
pub fn name<F: ValueEnum>(f: &F) -> String {
    f.to_possible_value()
        .map(|p| p.get_name().to_string())
        .unwrap_or_default()
}
