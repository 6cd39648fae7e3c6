//! # analyzer
//!
//! Reads a server's logs — a `/var/log` tree, a copy of it, rotated and compressed archives —
//! and rebuilds what happened before an outage: it finds the incident, measures every signal
//! against its own baseline, and ranks the likely causes with the log lines that prove them.
//!
//! The work is in three steps, each usable alone:
//! 1. [`scan`] walks the paths, groups each log with its rotations, detects formats by
//!    content, and streams every line through [`logparse`] into a [`Collector`] of per-minute
//!    series and notable events, in parallel and with bounded memory;
//! 2. [`diagnose`] finds the incident, runs one detector per cause kind over the window before
//!    it, and links their findings into a causal chain;
//! 3. the [`Report`] serializes to the JSON contract (`postmortem.report.v1`).
//!
//! [`analyze`] does all three.
//!
//! ```no_run
//! use analyzer::{analyze, Options};
//! use logparse::Zone;
//!
//! let mut options = Options::new(vec!["/var/log".into()]);
//! options.zone = Zone::parse("Asia/Tokyo").unwrap();
//! let report = analyze(&options, &|_progress| {})?;
//! if let Some(root) = report.causes.first() {
//!     println!("{}: {}", root.kind, root.summary);
//! }
//! # Ok::<(), analyzer::Error>(())
//! ```
#![deny(missing_docs)]

mod detectors;
mod diagnose;
mod discover;
mod read;
mod report;
mod scan;
mod seek;
mod series;
mod signals;
mod warnings;

use std::path::PathBuf;

pub use detectors::CauseKind;
pub use diagnose::{diagnose, DiagnoseOptions};
pub use discover::{discover, Discovery, LogSet, Skipped};
pub use read::{open_decompressed, Batch, Compression, Line, LineReader, MAX_LINE};
pub use report::{
    BanRecord, Cause, ClientAnswer, Dropped, Evidence, Incident, Report, Series, SeriesRow,
    SkippedFile, SourceSummary, TimelineEntry, Warning, Window, SCHEMA,
};
pub use scan::{
    read_file, read_file_with, scan, set_formats, set_parsers, FileReport, Progress, Scan,
    ScanOptions, DEFAULT_CHUNK_BYTES, MIN_CHUNK_BYTES,
};
pub use series::{find_bursts, find_bursts_by_time_of_day, Burst};
pub use signals::{
    ClientInfo, ClientMap, Collector, LineRef, Minute, Notable, Signal, Span, DEFAULT_HORIZON_SECS,
};
pub use warnings::zone_mismatch;

use logparse::{AccessFormat, Format, Timestamp, Zone};

/// Everything [`analyze`] needs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Files and directories to read.
    pub paths: Vec<PathBuf>,
    /// The incident time, when known; otherwise it is detected.
    pub at: Option<Timestamp>,
    /// How far back from the incident to look, in seconds (default 24 hours).
    pub window_secs: i64,
    /// Zone of timestamps without an offset, and of the report (default UTC).
    pub zone: Zone,
    /// Also answer whether this client was banned.
    pub client_ip: Option<String>,
    /// Force one format on every file instead of detecting it.
    pub format: Option<Format>,
    /// The access-log format the server writes, when it is none of the built-in ones
    /// ([`ScanOptions::access_format`]).
    pub access_format: Option<AccessFormat>,
}

impl Options {
    /// Defaults for these paths: a 24-hour window, UTC, detected incident.
    pub fn new(paths: Vec<PathBuf>) -> Options {
        Options {
            paths,
            at: None,
            window_secs: 24 * 3600,
            zone: Zone::UTC,
            client_ip: None,
            format: None,
            access_format: None,
        }
    }
}

/// Why an analysis could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No log file was found under the paths.
    #[error("no log files found under {paths}")]
    NoFiles {
        /// The paths, joined for display.
        paths: String,
    },
    /// Files were found but not one line could be read as a log.
    #[error("{files} files found under {paths}, but no line in them was recognised as a log line")]
    NothingParsed {
        /// The paths, joined for display.
        paths: String,
        /// How many files were tried.
        files: usize,
    },
}

/// Scans the paths and diagnoses the incident. `progress` is called as files complete. The
/// scan's findings, once the report is made of them, are freed on rayon's thread pool while
/// the report is returned.
pub fn analyze(options: &Options, progress: &(dyn Fn(Progress) + Sync)) -> Result<Report, Error> {
    let scan_options = ScanOptions {
        format: options.format,
        access_format: options.access_format.clone(),
        client_ip: options.client_ip.clone(),
        // With the incident time known, files wholly before the window need not be read.
        window: options
            .at
            .map(|at| (at.secs - options.window_secs, at.secs + 3 * 3600)),
        // Without --at, the incident is looked for in the latest month of the logs (or the
        // window and two days, if longer).
        horizon_secs: DEFAULT_HORIZON_SECS.max(options.window_secs + 2 * 86_400),
        ..ScanOptions::new(options.paths.clone(), options.zone.clone())
    };
    let result = scan(&scan_options, progress);
    let paths = options
        .paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if result.files.is_empty() {
        return Err(Error::NoFiles { paths });
    }
    if result.files.iter().all(|f| f.parsed == 0) {
        return Err(Error::NothingParsed {
            paths,
            files: result.files.len(),
        });
    }
    let report = diagnose(
        &result,
        &DiagnoseOptions {
            at: options.at,
            window_secs: options.window_secs,
            zone: options.zone.clone(),
            client_ip: options.client_ip.clone(),
        },
    );
    // The scan's findings are tens of thousands of small allocations (a month of minutes):
    // freeing them took 6 ms after a 40 ms scan of a 25 MB mail log, and 11-18 ms after a
    // 1 GB one, with every other core idle. They are freed on the thread pool instead,
    // while the caller goes on with the report.
    rayon::spawn(move || drop(result));
    Ok(report)
}
