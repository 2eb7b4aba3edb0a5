//! `broadsheet cloud`: the tag cloud.

use crate::archive;
use crate::cli::{CloudOrderArg, OutputArgs};
use crate::error::CliError;
use broadsheet::cloud::{CloudOptions, CloudOrder};
use broadsheet::{Query, Taxonomy, Viewer};
use serde_json::json;
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
    /// From the command line.
    pub fn new(
        taxonomy: String,
        number: usize,
        smallest: f64,
        largest: f64,
        unit: String,
        order: CloudOrderArg,
    ) -> Self {
        let (order_by, descending) = match order {
            CloudOrderArg::Name => (CloudOrder::Name, false),
            CloudOrderArg::Count => (CloudOrder::Count, true),
        };
        Self {
            taxonomy,
            options: CloudOptions {
                smallest,
                largest,
                unit,
                number,
                order_by,
                descending,
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
    for (name, size) in [
        ("--smallest", args.options.smallest),
        ("--largest", args.options.largest),
    ] {
        if !size.is_finite() || size < 0.0 {
            return Err(CliError::Usage(format!(
                "{name} {size}: expected a font size of 0 or more"
            )));
        }
    }
    let loaded = archive::load(path, quiet)?;
    let taxonomy = Taxonomy::from(args.taxonomy.as_str());
    let cloud = loaded
        .snapshot
        .tag_cloud(&Query::new(), &taxonomy, &args.options, Viewer::Anonymous)
        .map_err(archive::query_error)?;
    if output.json {
        let rows: Vec<_> = cloud
            .iter()
            .map(|entry| json!({"slug": entry.slug, "name": entry.name, "count": entry.count, "size": entry.size}))
            .collect();
        super::emit_json(&rows)?;
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
