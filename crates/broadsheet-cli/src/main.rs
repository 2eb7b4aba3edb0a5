//! The `broadsheet` command.

mod cli;
mod commands;
mod error;
mod files;
mod input;
mod loaded;

use clap::{CommandFactory, Parser};
use cli::{Cli, Command};
use error::CliError;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            commands::note(format_args!("broadsheet: {error}"));
            error.exit_code()
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let quiet = cli.quiet;
    input::set_limits(cli.limits);
    match cli.command {
        Command::Stats { files, output } => commands::stats::run(&files, output, quiet),
        Command::Validate {
            files,
            strict,
            view,
            output,
        } => commands::validate::run(&files, strict, &view, output, quiet),
        Command::Convert {
            paths,
            to,
            mode,
            select,
            addresses,
        } => commands::convert::run(&paths, to, &select, &addresses, mode, quiet),
        Command::Redirects {
            sites,
            to_files,
            format,
            from_site_url,
            from_permalink_structure,
            to_site_url,
            to_permalink_structure,
        } => commands::redirects::run(
            &commands::redirects::RedirectArgs {
                sites: &sites,
                to_files: &to_files,
                format,
                from_overrides: (
                    from_site_url.as_deref(),
                    from_permalink_structure.as_deref(),
                ),
                to_overrides: (to_site_url.as_deref(), to_permalink_structure.as_deref()),
            },
            quiet,
        ),
        Command::Query {
            files,
            query,
            addresses,
            output,
        } => commands::query::run(&files, &query, &addresses, &output, quiet),
        Command::Dates {
            files,
            by,
            filter,
            output,
        } => commands::dates::run(&files, by, filter.as_deref(), &output, quiet),
        Command::Cloud {
            files,
            taxonomy,
            number,
            smallest,
            largest,
            unit,
            order,
            output,
        } => {
            let args =
                commands::cloud::CloudArgs::new(taxonomy, number, smallest, largest, unit, order);
            commands::cloud::run(&files, &args, &output, quiet)
        }
        Command::Thread {
            files,
            post,
            viewer,
            full,
            output,
        } => commands::thread::run(&files, &post, &viewer, full, output, quiet),
        Command::Authors {
            files,
            viewer,
            output,
        } => commands::authors::run(&files, &viewer, &output, quiet),
        Command::Terms {
            files,
            taxonomy,
            viewer,
            output,
        } => commands::terms::run(&files, taxonomy.as_deref(), &viewer, &output, quiet),
        Command::Feed {
            files,
            filter,
            format,
            full,
            number,
            addresses,
        } => commands::feed::run(
            &files,
            filter.as_deref(),
            format,
            full,
            number,
            &addresses,
            quiet,
        ),
        Command::Render(args) => commands::render::run(&args, quiet),
        Command::Tables { files, out, mode } => commands::tables::run(&files, &out, mode, quiet),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "broadsheet", &mut script);
            commands::emit(script)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
