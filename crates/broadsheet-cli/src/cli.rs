//! Command-line arguments.

use broadsheet::archive::DateGranularity;
use broadsheet::cloud::CloudOrder;
use broadsheet::formats::Format;
use broadsheet::formats::feed::FeedFormat;
use broadsheet::query::Order;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Inspect, validate, query, convert and render blog exports (WordPress WXR, Ghost JSON,
/// Broadsheet JSON and JSON Lines; the format is recognised from the content).
#[derive(Debug, Parser)]
#[command(name = "broadsheet", version, propagate_version = true)]
#[command(
    after_help = "Examples:\n  broadsheet stats export.xml\n  broadsheet query site.json --tag kyrgyzstan --json\n  broadsheet convert export.xml site.json"
)]
pub struct Cli {
    /// No progress bar.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Import limits (every command that reads a file).
    #[command(flatten)]
    pub limits: LimitArgs,
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

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The owner's inventory: items by kind and status, authors, terms, comments.
    #[command(after_help = "Example:\n  broadsheet stats export.xml --json")]
    Stats {
        /// Input files (several are read as one site, e.g. a split WordPress.com export).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Output options.
        #[command(flatten)]
        output: OutputArgs,
    },
    /// The validation and import report; exits 1 when there are errors.
    #[command(
        after_help = "Examples:\n  broadsheet validate export.xml --strict\n  broadsheet validate export.xml --summary\n  broadsheet validate export.xml --code post.slug.duplicate --errors-only"
    )]
    Validate {
        /// Input files (several are read as one site, e.g. a split WordPress.com export).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Refuse malformed input instead of recovering.
        #[arg(long)]
        strict: bool,
        /// Which issues to show, and how.
        #[command(flatten)]
        view: ReportArgs,
        /// Output options.
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Convert between formats (from OUT's extension unless --to is given). Several inputs
    /// (a split WordPress.com export, .gz and .zip files) are read as one site.
    #[command(
        after_help = "Examples:\n  broadsheet convert export.xml site.json\n  broadsheet convert site.json out.xml --to wxr\n  broadsheet convert site.000.xml site.001.xml ghost.json --to ghost\n  broadsheet convert export.xml.gz posts.xml --kind post --status published --since 2020-01-01\n  broadsheet convert big.xml parts.xml --max-file-size 5MB"
    )]
    Convert {
        /// Input files, then the output file (`-` for standard output).
        #[arg(required = true, num_args = 2.., value_name = "INPUT... OUTPUT")]
        paths: Vec<PathBuf>,
        /// Output format: wxr, ghost, json, jsonl or store (the durable `.broadsheet` file).
        #[arg(long, value_name = "FORMAT")]
        to: Option<Format>,
        /// Permissions of a new output file, in octal (default 644 less the umask).
        #[arg(long, value_parser = crate::files::parse_mode, value_name = "OCTAL")]
        mode: Option<u32>,
        /// What to write, and how.
        #[command(flatten)]
        select: ConvertArgs,
        /// Site URL and permalink structure.
        #[command(flatten)]
        addresses: AddressArgs,
    },
    /// The redirect map of a migration: every post, page, term and author archive's URL on
    /// the old site (FROM) and on the new one (TO), matched by kind and slug. Written as CSV,
    /// an nginx `map` or Apache `Redirect 301` rules.
    #[command(
        after_help = "Examples:\n  broadsheet redirects export.xml ghost-export.json --format nginx > redirects.map\n  broadsheet redirects export.xml export.xml --to-permalink-structure /%postname%/ --format apache\n  broadsheet redirects site.000.xml site.001.xml ghost-export.json\n  broadsheet redirects old.000.xml old.001.xml --to new.000.xml new.001.xml"
    )]
    Redirects {
        /// The old site's export (several files are read as one site), then the new site's
        /// (which may be the same file, with --to-site-url or --to-permalink-structure). With
        /// --to, every file here is the old site's.
        #[arg(required = true, value_name = "FROM... TO")]
        sites: Vec<PathBuf>,
        /// The new site's export, when it is in several files (repeat, or list them after
        /// --to); then every positional file is the old site's.
        #[arg(long = "to", value_name = "FILE", num_args = 1..)]
        to_files: Vec<PathBuf>,
        /// csv, nginx or apache.
        #[arg(long, default_value = "csv", value_name = "csv|nginx|apache")]
        format: broadsheet::formats::redirects::RedirectFormat,
        /// The old site's URL, overriding FROM's.
        #[arg(long, value_name = "URL")]
        from_site_url: Option<String>,
        /// The old site's permalink structure, overriding FROM's.
        #[arg(long, value_name = "STRUCTURE")]
        from_permalink_structure: Option<String>,
        /// The new site's URL, overriding TO's.
        #[arg(long, value_name = "URL")]
        to_site_url: Option<String>,
        /// The new site's permalink structure, overriding TO's.
        #[arg(long, value_name = "STRUCTURE")]
        to_permalink_structure: Option<String>,
    },
    /// One page of posts matching a query (anonymous view, kind post, newest first, 10 a page).
    #[command(
        after_help = "Examples:\n  broadsheet query site.json --tag kyrgyzstan\n  broadsheet query export.xml --filter \"tag:kyrgyzstan+published_at:>'2013-01-01'\" --json\n  broadsheet query site.json --search \"human rights\" --order relevance"
    )]
    Query {
        /// Input files (several are read as one site, e.g. a split WordPress.com export).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The query.
        #[command(flatten)]
        query: QueryArgs,
        /// Site URL and permalink structure.
        #[command(flatten)]
        addresses: AddressArgs,
        /// Output options.
        #[command(flatten)]
        output: ListArgs,
    },
    /// The date archive: posts per year, month or day in the site's local calendar, newest first.
    #[command(after_help = "Example:\n  broadsheet dates site.json --by month")]
    Dates {
        /// Input files (several are read as one site, e.g. a split WordPress.com export).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Group by year, month or day.
        #[arg(long, default_value = "month", value_name = "year|month|day")]
        by: DateGranularity,
        /// A filter string (see docs/queries.md).
        #[arg(long)]
        filter: Option<String>,
        /// Output options.
        #[command(flatten)]
        output: ListArgs,
    },
    /// The tag cloud (WordPress's wp_tag_cloud): the top terms by published posts, sized.
    #[command(after_help = "Example:\n  broadsheet cloud site.json --number 20 --order count")]
    Cloud {
        /// Input files (several are read as one site, e.g. a split WordPress.com export).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The taxonomy: post_tag (or tag), category, or another taxonomy by name.
        #[arg(long, default_value = "post_tag")]
        taxonomy: String,
        /// How many terms (0 for all).
        #[arg(long, default_value_t = 45)]
        number: usize,
        /// Smallest font size.
        #[arg(long, default_value_t = 8.0)]
        smallest: f64,
        /// Largest font size.
        #[arg(long, default_value_t = 22.0)]
        largest: f64,
        /// Font size unit.
        #[arg(long, default_value = "pt")]
        unit: String,
        /// Order of the chosen terms: name (A to Z) or count (largest first).
        #[arg(long, default_value = "name", value_name = "name|count")]
        order: CloudOrder,
        /// Output options.
        #[command(flatten)]
        output: ListArgs,
    },
    /// The authors: slug, name and how many posts the viewer sees by each (like wp user list).
    #[command(
        after_help = "Examples:\n  broadsheet authors site.json\n  broadsheet authors export.xml --viewer editor --format csv --fields slug,name,count"
    )]
    Authors {
        /// Input files (several are read as one site, e.g. a split WordPress.com export).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Who is asking (whose counts): anonymous, editor, author:ID or author:SLUG.
        #[arg(long, default_value = "anonymous")]
        viewer: String,
        /// Output options.
        #[command(flatten)]
        output: ListArgs,
    },
    /// The terms: taxonomy, slug, name and how many posts the viewer sees with each (like wp
    /// term list).
    #[command(
        after_help = "Examples:\n  broadsheet terms site.json --taxonomy tag\n  broadsheet terms export.xml --format json"
    )]
    Terms {
        /// Input files (several are read as one site, e.g. a split WordPress.com export).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Only this taxonomy: post_tag (or tag), category, or another taxonomy by name.
        #[arg(long)]
        taxonomy: Option<String>,
        /// Who is asking (whose counts): anonymous, editor, author:ID or author:SLUG.
        #[arg(long, default_value = "anonymous")]
        viewer: String,
        /// Output options.
        #[command(flatten)]
        output: ListArgs,
    },
    /// The comment thread of a post, as a tree.
    #[command(
        after_help = "Example:\n  broadsheet thread site.json peace-and-justice-in-kyrgyzstan"
    )]
    Thread {
        /// Input files (several are read as one site, e.g. a split WordPress.com export).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The post's id or slug.
        post: String,
        /// Who is asking: anonymous, editor, author:ID or author:SLUG.
        #[arg(long, default_value = "anonymous")]
        viewer: String,
        /// Show long comments whole (they are shortened to 40 words otherwise).
        #[arg(long)]
        full: bool,
        /// Output options.
        #[command(flatten)]
        output: OutputArgs,
    },
    /// A feed (RSS 2.0, Atom 1.0 or JSON Feed 1.1) of the posts a filter selects, as the public sees them.
    #[command(
        after_help = "Example:\n  broadsheet feed site.json --filter tag:kyrgyzstan --format atom > kyrgyzstan.atom"
    )]
    Feed {
        /// Input files (several are read as one site, e.g. a split WordPress.com export).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// A filter string (see docs/queries.md).
        #[arg(long)]
        filter: Option<String>,
        /// The feed format: rss, atom or json.
        #[arg(long, default_value = "rss", value_name = "rss|atom|json")]
        format: FeedFormat,
        /// Full content, not only excerpts.
        #[arg(long)]
        full: bool,
        /// How many posts.
        #[arg(long, default_value_t = 10)]
        number: u64,
        /// Site URL and permalink structure (a feed needs a site URL).
        #[command(flatten)]
        addresses: AddressArgs,
    },
    /// Render a static site of the archive as the public sees it: home, tag, author, monthly
    /// and post pages (with comment threads), each with the tag cloud and the monthly archive.
    ///
    /// Pages come from built-in templates; a file of the same name in --templates DIR replaces
    /// one (see docs/cli.md for the names and their variables). Content is sanitised.
    #[command(
        after_help = "Examples:\n  broadsheet render site.json --out public\n  broadsheet render export.xml --out public --tag kyrgyzstan --templates my-templates --per-page 20\n  broadsheet render --dump-templates my-templates"
    )]
    Render(RenderArgs),
    /// Write the archives' tables (posts, authors, terms, post_terms, post_authors, comments,
    /// media) as one Hive-partitioned Parquet dataset: DIR/table=TABLE/site=SITE/part-0.parquet,
    /// one site per FILE, named after the file (`wlp-kyrgyzstan.json` -> `wlp-kyrgyzstan`).
    /// DuckDB, Polars and Spark read the dataset as it is. Public columns only.
    #[command(
        after_help = "Example:\n  broadsheet tables blog-a.xml blog-b.xml --out dataset\n  duckdb -c \"select site, count(*) from read_parquet('dataset/table=posts/*/*.parquet', hive_partitioning=true) group by site\""
    )]
    Tables {
        /// Input files, one site each.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The dataset's directory (created when missing; each site's files are replaced).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Permissions of the Parquet files written, in octal (default 644 less the umask).
        #[arg(long, value_parser = crate::files::parse_mode, value_name = "OCTAL")]
        mode: Option<u32>,
    },
    /// Print shell completions.
    #[command(
        after_help = "Example:\n  broadsheet completions bash > /etc/bash_completion.d/broadsheet"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// What a file says about the site's addresses, overridden.
#[derive(Debug, Args, Clone, Default)]
pub struct AddressArgs {
    /// The site's URL (its home), overriding the file's.
    #[arg(long, value_name = "URL")]
    pub site_url: Option<String>,
    /// The permalink structure of posts (WordPress's tags: /%year%/%monthnum%/%postname%/;
    /// empty for ?p=ID links), overriding the file's.
    #[arg(long, value_name = "STRUCTURE")]
    pub permalink_structure: Option<String>,
}

/// What `convert` writes: a selection like `wp export`'s, and how the output is split.
#[derive(Debug, Args, Clone, Default)]
pub struct ConvertArgs {
    /// Only items of this kind (repeat for several).
    #[arg(long = "kind", value_name = "KIND")]
    pub kinds: Vec<String>,
    /// Only items in this status (repeat for several).
    #[arg(long = "status", value_name = "STATUS")]
    pub statuses: Vec<String>,
    /// Only items a filter string matches (see docs/queries.md).
    #[arg(long)]
    pub filter: Option<String>,
    /// Only items published on or after this local date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only items published on or before this local date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Split the output into files of at most this size (bytes, or with KB, MB, GB),
    /// named OUT.000.xml, OUT.001.xml...
    #[arg(long, value_name = "SIZE")]
    pub max_file_size: Option<String>,
    /// Keep meta only the source platform understands (Ghost fields in a WXR).
    #[arg(long)]
    pub keep_source_meta: bool,
}

/// How `validate` shows its report (the exit code always counts every error).
#[derive(Debug, Args, Clone, Default)]
pub struct ReportArgs {
    /// Counts by code instead of every issue.
    #[arg(long)]
    pub summary: bool,
    /// Only issues with this code (repeat for several; `post.*` selects a family).
    #[arg(long = "code", value_name = "CODE")]
    pub codes: Vec<String>,
    /// Only errors, no warnings.
    #[arg(long)]
    pub errors_only: bool,
}

/// The query options shared by `query`.
#[derive(Debug, Args, Clone)]
pub struct QueryArgs {
    /// A filter string (see docs/queries.md), joined to the other options with AND.
    #[arg(long)]
    pub filter: Option<String>,
    /// Posts with this tag (repeat for several: all are required).
    #[arg(long = "tag", value_name = "SLUG")]
    pub tags: Vec<String>,
    /// Posts by this author.
    #[arg(long, value_name = "SLUG")]
    pub author: Option<String>,
    /// Local-calendar year.
    #[arg(long)]
    pub year: Option<i32>,
    /// Local-calendar month (1-12).
    #[arg(long)]
    pub month: Option<u32>,
    /// Local-calendar day of the month.
    #[arg(long)]
    pub day: Option<u32>,
    /// Text search (words all required, -word excluded, "a phrase").
    #[arg(long)]
    pub search: Option<String>,
    /// Kind (post, page, attachment, another name, or any); default post.
    #[arg(long)]
    pub kind: Option<String>,
    /// Status (published, draft, ..., or any); default: what the viewer may see.
    #[arg(long)]
    pub status: Option<String>,
    /// Order: published, modified, title, slug, comment_count, relevance or random, as `key`,
    /// `-key` (descending), `key:asc` or `key:desc` (dates, counts and relevance default to
    /// descending).
    #[arg(long, default_value = "published")]
    pub order: Order,
    /// Page number (1-based).
    #[arg(long, default_value_t = 1)]
    pub page: u64,
    /// Posts per page.
    #[arg(long, default_value_t = 10)]
    pub per_page: u64,
    /// Continue after this cursor (from a previous result's next_cursor) instead of --page.
    #[arg(long)]
    pub cursor: Option<String>,
    /// Who is asking: anonymous, editor, author:ID or author:SLUG.
    #[arg(long, default_value = "anonymous")]
    pub viewer: String,
}

/// Import limits: each has a safe default (docs/reliability.md) and reaching one stops the
/// import with an error saying where; these flags change them.
#[derive(Debug, Args, Clone, Copy, Default)]
#[command(next_help_heading = "Import limits")]
pub struct LimitArgs {
    /// Largest input in bytes (default 4 GiB; 0: no limit).
    #[arg(long, global = true, value_name = "BYTES")]
    pub max_bytes: Option<u64>,
    /// Longest text field in bytes (default 64 MiB).
    #[arg(long, global = true, value_name = "BYTES")]
    pub max_field_bytes: Option<usize>,
    /// Deepest nesting of XML elements (default 1000).
    #[arg(long, global = true, value_name = "LEVELS")]
    pub max_depth: Option<usize>,
    /// Most posts, comments, terms, authors and media together (default 50000000).
    #[arg(long, global = true, value_name = "N")]
    pub max_items: Option<usize>,
    /// Most terms on one post (default 1000000).
    #[arg(long, global = true, value_name = "N")]
    pub max_terms_per_post: Option<usize>,
    /// Most comments on one post (default 10000000).
    #[arg(long, global = true, value_name = "N")]
    pub max_comments_per_thread: Option<usize>,
    /// Most different issues of one code a report lists; the rest are counted (default 100).
    #[arg(long, global = true, value_name = "N")]
    pub max_issues_per_code: Option<usize>,
}

/// How a listing prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned columns under a header line, then a summary line.
    Table,
    /// JSON, as the command's JSON output has always been.
    Json,
    /// Comma-separated values with a header line (RFC 4180 quoting).
    Csv,
    /// The rows' ids, separated by spaces, on one line.
    Ids,
    /// How many rows (for `query`: how many posts match, on every page).
    Count,
}

/// The output options of a listing command.
#[derive(Debug, Args, Clone)]
pub struct ListArgs {
    /// Output format: table (default), json, csv, ids or count.
    #[arg(long, value_enum, value_name = "table|json|csv|ids|count")]
    pub format: Option<ListFormat>,
    /// Print JSON (the same as --format json).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Fields to show, separated by commas (see docs/cli.md for each command's fields).
    #[arg(long, value_delimiter = ',', value_name = "FIELD,...")]
    pub fields: Vec<String>,
}

impl ListArgs {
    /// The format asked for (`--json` is `--format json`; the default is a table).
    pub fn format(&self) -> ListFormat {
        if self.json {
            ListFormat::Json
        } else {
            self.format.unwrap_or(ListFormat::Table)
        }
    }
}

/// The arguments of `render` (the command's page options; `--quiet` is global).
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Input files (several are read as one site, e.g. a split WordPress.com export).
    #[arg(required_unless_present = "dump_templates", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The output directory (created when missing; pages in it are overwritten, other
    /// files kept). Pages are rendered beside it first and moved in when all succeeded.
    #[arg(long, value_name = "DIR", required_unless_present = "dump_templates")]
    pub out: Option<PathBuf>,
    /// Only this tag's archive, and only posts with one of the tags named (repeat for
    /// several).
    #[arg(long = "tag", value_name = "SLUG")]
    pub tags: Vec<String>,
    /// A directory of templates replacing the built-in ones of the same name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Posts per archive page.
    #[arg(long, default_value_t = 10)]
    pub per_page: u64,
    /// Permissions of every file written, in octal (default 666 less the umask, usually
    /// 644).
    #[arg(long, value_parser = crate::files::parse_mode, value_name = "OCTAL", conflicts_with = "dump_templates")]
    pub mode: Option<u32>,
    /// Write the built-in templates into DIR for editing (then render with
    /// --templates DIR), and render nothing.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["files", "out", "templates", "tags"])]
    pub dump_templates: Option<PathBuf>,
    /// Site URL and permalink structure.
    #[command(flatten)]
    pub addresses: AddressArgs,
}
