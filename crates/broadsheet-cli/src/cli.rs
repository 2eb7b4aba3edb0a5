//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Inspect, validate, query, convert and render blog exports (WordPress WXR, Ghost JSON,
/// Broadsheet JSON and JSON Lines; the format is recognised from the content).
#[derive(Debug, Parser)]
#[command(name = "broadsheet", version, propagate_version = true)]
#[command(after_help = "Examples:\n  broadsheet stats export.xml\n  broadsheet query site.json --tag kyrgyzstan --json\n  broadsheet convert export.xml site.json")]
pub struct Cli {
    /// No progress bar.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Output options shared by every reporting command.
#[derive(Debug, Args, Clone, Copy)]
pub struct OutputArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Who is asking.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ViewerArg {
    /// The public: published posts and approved comments only.
    Anonymous,
    /// An editor: everything but trash.
    Editor,
}

/// Output formats for `convert`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ConvertTo {
    /// WordPress WXR 1.2.
    Wxr,
    /// Ghost JSON.
    Ghost,
    /// Broadsheet native JSON.
    Json,
    /// Broadsheet JSON Lines.
    Jsonl,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The owner's inventory: items by kind and status, authors, terms, comments.
    #[command(after_help = "Example:\n  broadsheet stats export.xml --json")]
    Stats {
        /// Input file.
        file: PathBuf,
        /// Output options.
        #[command(flatten)]
        output: OutputArgs,
    },
    /// The validation and import report; exits 1 when there are errors.
    #[command(after_help = "Example:\n  broadsheet validate export.xml --strict")]
    Validate {
        /// Input file.
        file: PathBuf,
        /// Refuse malformed input instead of recovering.
        #[arg(long)]
        strict: bool,
        /// Output options.
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Convert between formats (from OUT's extension unless --to is given).
    #[command(after_help = "Example:\n  broadsheet convert export.xml site.json\n  broadsheet convert site.json out.xml --to wxr")]
    Convert {
        /// Input file.
        input: PathBuf,
        /// Output file.
        output: PathBuf,
        /// Output format.
        #[arg(long)]
        to: Option<ConvertTo>,
    },
    /// Print shell completions.
    #[command(after_help = "Example:\n  broadsheet completions bash > /etc/bash_completion.d/broadsheet")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}
