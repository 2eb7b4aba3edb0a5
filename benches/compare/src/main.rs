//! `broadsheet-bench`: Broadsheet's archive against a tuned SQLite (WordPress's schema,
//! covering indexes, maintained counts, FTS5), side by side on a generated blog.
//!
//! For each size, both sides are built from the same generated site and every workload runs
//! on both in the same process. Each workload's answers (post ids in order and totals, or
//! the aggregated pairs) are compared first: a mismatch stops the run with an error before
//! anything is timed. Then the two sides are timed interleaved (Broadsheet, SQLite,
//! Broadsheet, SQLite...), and the medians and their ratio are printed as one Markdown table.
//! Resident memory is measured in a child process per side.
//!
//! ```text
//! broadsheet-bench [--quick] [--sizes 10000,100000] [--reps N] [--seed N] [--out FILE] [--keep DIR]
//! ```
//!
//! `--quick` is 2,000 posts with one timed repetition: it proves that the harness runs and
//! that the answers agree (`scripts/test` runs it), and its times mean nothing.

mod generate;
mod sqlite;
mod workloads;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use workloads::{Answer, Bs, Measured, Outcome, Row, Sq};

/// Command-line options.
struct Options {
    quick: bool,
    sizes: Vec<u64>,
    reps: usize,
    seed: u64,
    out: Option<PathBuf>,
    /// Run only the workloads whose name contains one of these comma-separated texts.
    only: Option<String>,
    /// Keep each size's generated files (native store, JSON Lines, WXR, SQLite database) in
    /// this directory, in a folder per size, instead of a removed temporary one: for
    /// profiling a workload outside the harness.
    keep: Option<PathBuf>,
}

const USAGE: &str = "usage: broadsheet-bench [--quick] [--sizes 10000,100000,1000000] [--reps N] [--seed N] [--out FILE] [--only TEXT] [--keep DIR]
       broadsheet-bench --memory broadsheet|sqlite FILE THREAD_POST MIDDLE_POST   (the child that measures memory)";

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        quick: false,
        sizes: vec![10_000, 100_000],
        reps: 15,
        seed: 0xB0AD_5EE7,
        out: None,
        only: None,
        keep: None,
    };
    let mut sizes_given = false;
    let mut reps_given = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--quick" => options.quick = true,
            "--sizes" => {
                let text = value("--sizes")?;
                options.sizes =
                    text.split(',')
                        .map(|s| {
                            s.trim().replace('_', "").parse::<u64>().map_err(|e| {
                                format!("--sizes: {s:?} is not a number of posts ({e})")
                            })
                        })
                        .collect::<Result<_, _>>()?;
                if options.sizes.iter().any(|&n| n < 1000) {
                    return Err("--sizes: each size must be at least 1000 posts".to_owned());
                }
                sizes_given = true;
            }
            "--reps" => {
                let text = value("--reps")?;
                options.reps = text
                    .parse()
                    .map_err(|e| format!("--reps: {text:?} is not a number ({e})"))?;
                options.reps = options.reps.max(1);
                reps_given = true;
            }
            "--seed" => {
                let text = value("--seed")?;
                options.seed = text
                    .parse()
                    .map_err(|e| format!("--seed: {text:?} is not a number ({e})"))?;
            }
            "--out" => options.out = Some(PathBuf::from(value("--out")?)),
            "--only" => options.only = Some(value("--only")?),
            "--keep" => options.keep = Some(PathBuf::from(value("--keep")?)),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    if options.quick {
        if !sizes_given {
            options.sizes = vec![2_000];
        }
        if !reps_given {
            options.reps = 1;
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = if args.first().map(String::as_str) == Some("--memory") {
        workloads::memory_child(&args[1..])
    } else {
        parse_options(&args).and_then(|options| run(&options))
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("broadsheet-bench: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Median of some durations.
fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// How many calls of `f` make a batch long enough (about 2 ms) to be measured, and how long
/// one call took.
fn batch_size<R>(f: &dyn Fn() -> Result<R, String>) -> Result<(u32, Duration), String> {
    settle_allocator();
    let started = Instant::now();
    std::hint::black_box(f()?);
    let once = started.elapsed().max(Duration::from_nanos(20));
    let batch = (Duration::from_millis(2).as_nanos() / once.as_nanos()).clamp(1, 100_000) as u32;
    Ok((batch, once))
}

/// A workload whose single call takes longer than this gets at most [`SLOW_REPS`] samples.
const SLOW: Duration = Duration::from_millis(300);
/// Samples of a slow workload.
const SLOW_REPS: usize = 3;

/// Lets the allocator finish with what the other side freed before this side is timed. With
/// glibc, the first request too large for its small bins consolidates every small block freed
/// since; after one of SQLite's heavier queries that is hundreds of thousands of blocks, and
/// the next timed call paid for them (the monthly archive took 1.6-5.8 ms instead of 40 µs in
/// an experiment that freed two million blocks first; 60 µs against the 8.5 ms of Run H at
/// 1,000,000 posts). One such request, untimed, before every sample of either side.
fn settle_allocator() {
    let block: Vec<u8> = Vec::with_capacity(4096);
    std::hint::black_box(&block);
}

fn time_batch<R>(f: &dyn Fn() -> Result<R, String>, batch: u32) -> Result<Duration, String> {
    settle_allocator();
    let started = Instant::now();
    for _ in 0..batch {
        std::hint::black_box(f()?);
    }
    Ok(started.elapsed() / batch)
}

/// Compares the two sides' answers, then times them interleaved; `reps` samples each. Broadsheet's
/// result is made into an answer only to compare it (see [`Outcome`]): never while timed.
fn compare_and_time(
    name: &str,
    size: u64,
    broadsheet: &dyn Fn() -> Result<Outcome, String>,
    sqlite: &dyn Fn() -> Result<Answer, String>,
    normalise: fn(Answer) -> Answer,
    reps: usize,
    heavy: bool,
) -> Result<(Duration, Duration), String> {
    let a = normalise(
        broadsheet()
            .map_err(|e| format!("{name} ({size} posts), Broadsheet: {e}"))?
            .answer(),
    );
    let b = normalise(sqlite().map_err(|e| format!("{name} ({size} posts), SQLite: {e}"))?);
    if a != b {
        return Err(format!(
            "answers differ for {name} ({size} posts): nothing was timed\n  Broadsheet: {}\n  SQLite:     {}",
            a.describe(),
            b.describe()
        ));
    }
    eprintln!("  {name}: answers agree ({})", a.describe_short());
    // A heavy workload (seconds) is timed once per sample, without a calibrating call.
    let (batch_a, batch_b, reps) = if heavy {
        (1, 1, reps)
    } else {
        let (batch_a, once_a) = batch_size(broadsheet)?;
        let (batch_b, once_b) = batch_size(sqlite)?;
        let slow = once_a.max(once_b) > SLOW;
        (
            batch_a,
            batch_b,
            if slow { reps.min(SLOW_REPS) } else { reps },
        )
    };
    let mut times_a = Vec::with_capacity(reps);
    let mut times_b = Vec::with_capacity(reps);
    for _ in 0..reps {
        times_a.push(time_batch(broadsheet, batch_a)?);
        times_b.push(time_batch(sqlite, batch_b)?);
    }
    Ok((median(times_a), median(times_b)))
}

fn run(options: &Options) -> Result<(), String> {
    let mut columns: Vec<(u64, Vec<Row>)> = Vec::new();
    for &size in &options.sizes {
        let rows = run_size(size, options)?;
        columns.push((size, rows));
    }
    let table = workloads::table(&columns);
    println!("{table}");
    if let Some(out) = &options.out {
        std::fs::write(out, &table).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    Ok(())
}

fn run_size(size: u64, options: &Options) -> Result<Vec<Row>, String> {
    eprintln!("== {size} posts (seed {})", options.seed);
    let temporary = tempfile::Builder::new()
        .prefix("broadsheet-bench-")
        .tempdir()
        .map_err(|e| format!("cannot make a temporary directory: {e}"))?;
    let dir = match &options.keep {
        Some(keep) => {
            let dir = keep.join(size.to_string());
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            eprintln!("  keeping the generated files in {}", dir.display());
            dir
        }
        None => temporary.path().to_path_buf(),
    };
    let paths = workloads::Paths::in_dir(&dir);
    let started = Instant::now();
    let (site, targets) = generate::generate(size, options.seed);
    eprintln!(
        "  generated {} posts, {} comments in {:.1?}",
        site.posts.len(),
        site.comments.len(),
        started.elapsed()
    );
    let save = |path: &Path, format| {
        broadsheet::formats::save(&site, path, format).map_err(|e| e.to_string())
    };
    let chosen = |name: &str| {
        options
            .only
            .as_deref()
            .is_none_or(|only| only.split(',').any(|part| name.contains(part.trim())))
    };
    save(&paths.jsonl, broadsheet::formats::Format::JsonLines)?;
    // The WXR file only for the workload that reads it (it is the slowest to write).
    if chosen(workloads::BUILD_FROM_WXR) {
        save(&paths.wxr, broadsheet::formats::Format::Wxr)?;
    }
    save(&paths.store, broadsheet::formats::Format::Store)?;
    let started = Instant::now();
    let conn = sqlite::build(&site, &paths.db).map_err(|e| format!("building SQLite: {e}"))?;
    eprintln!("  SQLite built in {:.1?}", started.elapsed());
    drop(site);
    let started = Instant::now();
    let bs = Bs::open(&paths.jsonl)?;
    eprintln!("  Broadsheet opened in {:.1?}", started.elapsed());
    let sq = Sq { conn };

    let mut rows = Vec::new();
    let heavy_reps = if options.quick || size >= 1_000_000 {
        1
    } else {
        3
    };
    for workload in workloads::reads(&targets)
        .into_iter()
        .filter(|w| chosen(w.name))
    {
        let (a, b) = compare_and_time(
            workload.name,
            size,
            &|| (workload.broadsheet)(&bs),
            &|| (workload.sqlite)(&sq),
            workload.normalise,
            options.reps,
            // Quick mode proves the answers agree: one timed call, no calibrating call.
            options.quick,
        )?;
        rows.push(Row::time(workload.name, a, b));
    }
    for workload in workloads::builds(&paths)
        .into_iter()
        .filter(|w| chosen(w.name))
    {
        let (a, b) = compare_and_time(
            workload.name,
            size,
            &|| (workload.broadsheet)(&bs),
            &|| (workload.sqlite)(&sq),
            workload.normalise,
            heavy_reps,
            true,
        )?;
        rows.push(Row::time(workload.name, a, b));
    }
    drop(bs);
    // Closed before memory and files are measured (closing the last connection checkpoints
    // the write-ahead log into the database).
    if chosen("durable commit") {
        let sq = workloads::edits(sq, &paths, heavy_reps, size, &mut rows)?;
        drop(sq);
    } else {
        drop(sq);
    }
    if chosen("resident memory") {
        rows.extend(workloads::memory(&paths, &targets)?);
    }
    Ok(rows)
}

impl Row {
    fn time(name: &'static str, broadsheet: Duration, sqlite: Duration) -> Row {
        Row {
            name,
            measured: Measured::Time { broadsheet, sqlite },
        }
    }
}
