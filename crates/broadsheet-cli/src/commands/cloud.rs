//! `broadsheet cloud`: the tag cloud.

use crate::cli::OutputArgs;
use crate::error::CliError;
use crate::loaded;
use broadsheet::cloud::{CloudOptions, CloudOrder};
use broadsheet::{Query, Taxonomy, Viewer};
use std::path::Path;
use std::process::ExitCode;

/// The options of the command.
pub struct CloudArgs {
    /// Taxonomy name.
    pub taxonomy: String,
    /// WordPress's options.
    pub options: CloudOptions,
}

impl CloudArgs {
    /// From the command line; the order takes its default direction (names A to Z, counts
    /// largest first).
    pub fn new(
        taxonomy: String,
        number: usize,
        smallest: f64,
        largest: f64,
        unit: String,
        order: CloudOrder,
    ) -> Self {
        Self {
            taxonomy,
            options: CloudOptions {
                smallest,
                largest,
                unit,
                number,
                order_by: order,
                descending: order.default_descending(),
            },
        }
    }
}

/// Runs the command.
pub fn run(
    path: &Path,
    args: &CloudArgs,
    output: OutputArgs,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    // Bad sizes are refused before the file is read.
    args.options
        .check()
        .map_err(|error| CliError::Usage(format!("--{error}")))?;
    let loaded = loaded::load(path, quiet)?;
    let taxonomy = Taxonomy::from(args.taxonomy.as_str());
    let cloud =
        loaded
            .snapshot
            .tag_cloud(&Query::new(), &taxonomy, &args.options, Viewer::Anonymous)?;
    if output.json {
        super::emit_json(&cloud)?;
    } else {
        let mut out = super::Out::default();
        for entry in &cloud {
            out.line(format_args!(
                "{:<30} {:>6} {:>8.2}{}",
                entry.name, entry.count, entry.size, args.options.unit
            ));
        }
        super::emit_out(out)?;
    }
    Ok(ExitCode::SUCCESS)
}
