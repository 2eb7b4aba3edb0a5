//! Opening any supported input into an indexed [`Archive`]: the one way in for the command and
//! the bindings.
//!
//! ```
//! use broadsheet_formats::{ImportOptions, open};
//! use broadsheet_core::{Query, Viewer};
//!
//! let opened = open::open_path("../../examples/data/wlp-kyrgyzstan.json", ImportOptions::default())?;
//! let page = opened.archive.snapshot().query(&Query::new().tag("kyrgyzstan"), Viewer::Anonymous)?;
//! assert_eq!(opened.format.family, "broadsheet-json");
//! assert!(page.total > 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::import::{
    ImportError, ImportOptions, ImportPhase, Imported, PhaseCallback, SourceFormat, report_phase,
};
use crate::load::{load, load_bytes, load_reader};
use broadsheet_core::{Archive, BuildMode, Built, Report, Snapshot, ValidationOptions};
use std::io::Read;
use std::path::Path;

/// An opened input: the archive, what the import noticed, what validation found, and what the
/// input was.
#[derive(Debug)]
pub struct Opened {
    /// The indexed archive of the site.
    pub archive: Archive,
    /// Every recovery and problem the importer reported, with its location in the input.
    pub import_report: Report,
    /// What validation of the whole site found (empty of errors in strict mode).
    pub build_report: Report,
    /// The format and version the input was read as.
    pub format: SourceFormat,
}

impl Opened {
    /// The import report followed by the build report: everything known to be wrong, each
    /// root cause once ([`combine_reports`]).
    pub fn report(&self) -> Report {
        combine_reports(self.import_report.clone(), self.build_report.clone())
    }
}

/// Joins an import report and the validation report of what was imported, so that one root
/// cause gives one issue: a value the importer could not read and kept as raw text (reported
/// by the importer with its location, `wxr.term.slug.invalid`) is reported again by validation
/// (`term.slug.invalid`, from the kept raw value); the two become the validation issue, which
/// decides strictness, with the importer's location.
pub fn combine_reports(import: Report, build: Report) -> Report {
    let mut build = build;
    let mut kept = Vec::with_capacity(import.issues.len());
    for issue in import.issues {
        let twin = build.issues.iter_mut().find(|other| {
            !other.path.is_empty()
                && other.path == issue.path
                && other.code.ends_with(".invalid")
                && issue.code.ends_with(".invalid")
        });
        match twin {
            Some(twin) => {
                if twin.location.is_none() {
                    twin.location = issue.location;
                }
            }
            None => kept.push(issue),
        }
    }
    let mut report = Report { issues: kept };
    report.extend(build);
    report
}

/// Opens a file (format from `options.format`, or detected from its content).
///
/// A store (`.broadsheet`, recognised by SQLite's header) is opened with its edits written
/// back: see [`open_store`].
///
/// In strict mode (`options.mode`) malformed input and any validation error refuse the whole
/// input with [`ImportError::Invalid`]; in lenient mode the data is kept and the problems are
/// in the reports. A progress callback that returns `Break` stops the import with
/// [`ImportError::Cancelled`]; nothing half-built is returned.
pub fn open_path(
    path: impl AsRef<Path>,
    options: ImportOptions<'_>,
) -> Result<Opened, ImportError> {
    #[cfg(feature = "store")]
    if is_store(path.as_ref(), &options) {
        return open_store(path, options).map(|(opened, _)| opened);
    }
    let (mode, phase) = (options.mode, options.phase.clone());
    index(load(path, options)?, mode, phase)
}

#[cfg(feature = "store")]
/// Opens a store (the durable file, [`crate::store`]) into an archive whose edits are written back to it: reads every row (see
/// [`crate::store::open_store`]), validates and indexes the site as `open_path` does for any format
/// (strict or lenient per `options.mode`), and attaches the [`Store`](crate::store::Store) as the archive's
/// commit sink. Also returns the store, for its counts.
///
/// The import options' kinds filter does not apply: a store is opened whole, since the
/// archive writes back to it.
pub fn open_store(
    path: impl AsRef<Path>,
    options: ImportOptions<'_>,
) -> Result<(Opened, std::sync::Arc<crate::store::Store>), ImportError> {
    let path = path.as_ref();
    let file = path.display().to_string();
    let (mode, phase) = (options.mode, options.phase.clone());
    let mut options = options;
    crate::import::report_phase(phase.as_ref(), ImportPhase::Parsing);
    crate::import::report_progress(options.progress.as_mut(), 0, None, Some(&file))?;
    let (store, mut site) = crate::store::open_store(path)?;
    crate::import::check_limits(&site, &options.limits, Some(&file))?;
    // Overridden addresses apply to this opening (and are written back with the next commit
    // that changes the settings); the site is validated with them.
    let overridden = !options.addresses.is_empty();
    site.override_addresses(&options.addresses);
    let imported = Imported {
        site,
        report: broadsheet_core::Report::new(),
        format: crate::store::source_format(),
    };
    // The persisted text index spares reading every post's text (an unreadable one is
    // treated as missing: the posts are indexed from their text).
    let image = store.read_text_index().ok().flatten();
    let had_image = image.is_some();
    let mut indexed_from_text = 0;
    // A validation report recorded for these very rows (same library version) is reused.
    let recorded = store.recorded_report().filter(|_| !overridden);
    let validated = recorded.is_none();
    let mut opened = index_with(imported, mode, phase, recorded, |site| match image {
        Some(image) => {
            let (snapshot, from_text) = Snapshot::from_site_with_text_index(site, image);
            indexed_from_text = from_text;
            snapshot
        }
        None => {
            indexed_from_text = site.posts.len();
            Snapshot::from_site(site)
        }
    })?;
    store.set_indexed_from_text(indexed_from_text as u64);
    if validated && !overridden {
        store.record_report(&opened.build_report);
    }
    // Rewritten when missing, or when more than 1 % of the posts (and at least 16) had to be
    // indexed from their text, so that the next open does not do it again. A read-only file
    // keeps its index (the next open indexes those posts again).
    let posts = opened.archive.snapshot().post_count();
    if !had_image && posts > 0 || indexed_from_text >= 16 && indexed_from_text * 100 > posts {
        let _ = store.write_text_index(&opened.archive.snapshot().text_index_image());
    }
    let store = std::sync::Arc::new(store);
    opened.archive = std::mem::take(&mut opened.archive).with_commit_sink(store.clone());
    Ok((opened, store))
}

/// Whether `open_path` opens the file as a store (with its edits written back): forced by
/// `options.format`, or a plain file (not gzip or zip) that starts with SQLite's header.
#[cfg(feature = "store")]
fn is_store(path: &Path, options: &ImportOptions<'_>) -> bool {
    match options.format {
        Some(format) => format == crate::Format::Store,
        None => {
            let mut head = [0u8; 16];
            std::fs::File::open(path)
                .and_then(|mut file| file.read_exact(&mut head))
                .is_ok()
                && crate::store::is_sqlite(&head)
        }
    }
}

/// Opens a document held in memory, like [`open_path`]; locations name no file.
pub fn open_bytes(bytes: &[u8], options: ImportOptions<'_>) -> Result<Opened, ImportError> {
    let (mode, phase) = (options.mode, options.phase.clone());
    index(load_bytes(bytes, options)?, mode, phase)
}

/// Opens a document read from `reader` to its end (never past `options.max_bytes`), like
/// [`open_bytes`].
pub fn open_reader(reader: impl Read, options: ImportOptions<'_>) -> Result<Opened, ImportError> {
    let (mode, phase) = (options.mode, options.phase.clone());
    index(load_reader(reader, options)?, mode, phase)
}

/// Opens several files as one site ([`crate::merge`]: a split WordPress.com export, the parts
/// of a zip), like [`open_path`].
pub fn open_paths<P: AsRef<Path>>(
    paths: &[P],
    options: ImportOptions<'_>,
) -> Result<Opened, ImportError> {
    // One file is opened as `open_path` opens it: a store with its persisted index, its
    // recorded report and its edits written back.
    if let [one] = paths {
        return open_path(one, options);
    }
    let (mode, phase) = (options.mode, options.phase.clone());
    index(crate::load::load_many(paths, options)?, mode, phase)
}

/// Validates an import and indexes it into an archive (no copy of the site is kept),
/// reporting the two phases.
pub(crate) fn index(
    imported: Imported,
    mode: BuildMode,
    phase: Option<PhaseCallback<'_>>,
) -> Result<Opened, ImportError> {
    index_with(imported, mode, phase, None, Snapshot::from_site)
}

/// [`index`], with the snapshot built from the validated site by `snapshot`, and the
/// validation report `recorded` (when given) taken as the site's instead of validating it.
fn index_with(
    imported: Imported,
    mode: BuildMode,
    phase: Option<PhaseCallback<'_>>,
    recorded: Option<Report>,
    snapshot: impl FnOnce(broadsheet_core::Site) -> Snapshot,
) -> Result<Opened, ImportError> {
    let Imported {
        site,
        report: import_report,
        format,
    } = imported;
    report_phase(phase.as_ref(), ImportPhase::Validating);
    let built = match recorded {
        Some(report) if mode == BuildMode::Strict && report.has_errors() => {
            Err(broadsheet_core::InvalidSite { report })
        }
        Some(report) => Ok(Built { site, report }),
        None => broadsheet_core::build(site, mode, &ValidationOptions::default()),
    };
    match built {
        Ok(Built {
            site,
            report: build_report,
        }) => {
            report_phase(phase.as_ref(), ImportPhase::Indexing);
            Ok(Opened {
                archive: Archive::from_snapshot(snapshot(site)),
                import_report,
                build_report,
                format,
            })
        }
        Err(invalid) => Err(ImportError::Invalid {
            report: combine_reports(import_report, invalid.report),
        }),
    }
}
