//! The scan: every rotation set read in parallel, each file parsed line by line into a
//! [`Collector`], with per-file counts of what was read.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use logparse::{Event, Format, Parser, TimeResolver, Timestamp, Zone};
use rayon::prelude::*;

use crate::discover::{discover, LogSet, Skipped};
use crate::read::{head_lines, open_decompressed, Compression, LineReader};
use crate::signals::{Collector, LineRef};

/// How to scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Files and directories to read.
    pub paths: Vec<PathBuf>,
    /// Zone of timestamps that carry no offset.
    pub zone: Zone,
    /// Force this format on every file instead of detecting it.
    pub format: Option<Format>,
    /// Keep the lines that mention this client.
    pub client_ip: Option<String>,
    /// Only this span matters (seconds since the epoch, start and end): a file last written
    /// before the start is not read at all. `None` reads everything.
    pub window: Option<(i64, i64)>,
}

/// A file last modified more than this before the window's start holds nothing in it (its
/// last line was written then); the slack covers clocks and buffered writes.
const MTIME_SLACK_SECS: i64 = 3600;

/// The file's modification time, seconds since the epoch.
fn modified_secs(path: &std::path::Path) -> Option<i64> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let d = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
    i64::try_from(d.as_secs()).ok()
}

/// What was read from one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path, as found under the given paths.
    pub path: PathBuf,
    /// The detected (or forced) format; `None` when no format was recognised.
    pub format: Option<Format>,
    /// How the file was compressed.
    pub compression: Option<Compression>,
    /// Lines read.
    pub lines: u64,
    /// Lines parsed into events.
    pub parsed: u64,
    /// Non-empty lines that could not be parsed (or carried no usable time).
    pub unparsed: u64,
    /// Time of the first parsed line.
    pub first: Option<Timestamp>,
    /// Time of the last parsed line.
    pub last: Option<Timestamp>,
    /// Why the file could not be read, or was read only in part.
    pub error: Option<String>,
    /// Why a readable file was not read (it lies outside the window).
    pub note: Option<String>,
}

impl FileReport {
    fn empty(path: &std::path::Path, format: Option<Format>) -> FileReport {
        FileReport {
            path: path.to_path_buf(),
            format,
            compression: None,
            lines: 0,
            parsed: 0,
            unparsed: 0,
            first: None,
            last: None,
            error: None,
            note: None,
        }
    }
}

/// The outcome of a scan.
#[derive(Debug)]
pub struct Scan {
    /// Every file read (or tried), in a stable order: by set, oldest file first.
    pub files: Vec<FileReport>,
    /// Paths passed over, with reasons.
    pub skipped: Vec<Skipped>,
    /// The aggregated series and notable events of every file.
    pub collector: Collector,
}

/// Progress of a scan, handed to the caller's callback as files complete.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Bytes (on disk) of the files done.
    pub bytes_done: u64,
    /// Bytes (on disk) of all files found.
    pub bytes_total: u64,
    /// Files done.
    pub files_done: u64,
    /// Files found.
    pub files_total: u64,
}

/// Reads every log under `options.paths`. Files are read in parallel on the current rayon
/// pool; `progress` is called after each file.
pub fn scan(options: &ScanOptions, progress: &(dyn Fn(Progress) + Sync)) -> Scan {
    let discovery = discover(&options.paths);
    let sizes: Vec<Vec<u64>> = discovery
        .sets
        .iter()
        .map(|s| {
            s.files
                .iter()
                .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
                .collect()
        })
        .collect();
    let bytes_total = sizes.iter().flatten().sum();
    let files_total = sizes.iter().map(|s| s.len() as u64).sum();
    // File indices are assigned up front so that line references are stable.
    let mut offsets = Vec::with_capacity(discovery.sets.len());
    let mut next = 0u32;
    for set in &discovery.sets {
        offsets.push(next);
        next += set.files.len() as u32;
    }
    let bytes_done = AtomicU64::new(0);
    let files_done = AtomicU64::new(0);
    let counters = Arc::new((bytes_done, files_done));

    let results: Vec<(Vec<FileReport>, Collector)> = discovery
        .sets
        .par_iter()
        .zip(offsets.par_iter())
        .zip(sizes.par_iter())
        .map(|((set, &first_id), sizes)| {
            let mut collector = Collector::new(options.client_ip.clone());
            let mut reports = Vec::with_capacity(set.files.len());
            let formats = set_formats(set, options.format);
            for (i, path) in set.files.iter().enumerate() {
                let id = first_id + i as u32;
                let stale = options.window.and_then(|(start, _)| {
                    modified_secs(path).filter(|&m| m < start - MTIME_SLACK_SECS)
                });
                let report = match stale {
                    Some(_) => FileReport {
                        note: Some("not read: last written before the window".into()),
                        ..FileReport::empty(path, formats[i])
                    },
                    None => read_file(path, formats[i], options.zone, |event, ts, line, text| {
                        collector.add(event, ts, LineRef { file: id, line }, text);
                    }),
                };
                reports.push(report);
                let done = counters.0.fetch_add(sizes[i], Ordering::Relaxed) + sizes[i];
                let files = counters.1.fetch_add(1, Ordering::Relaxed) + 1;
                progress(Progress {
                    bytes_done: done,
                    bytes_total,
                    files_done: files,
                    files_total,
                });
            }
            (reports, collector)
        })
        .collect();

    let mut files = Vec::new();
    let mut collector = Collector::new(options.client_ip.clone());
    for (reports, c) in results {
        files.extend(reports);
        collector.merge(c);
    }
    collector.finish();
    Scan {
        files,
        skipped: discovery.skipped,
        collector,
    }
}

/// The format of each file of a set: detected per file, and a file too short to tell (just
/// rotated, empty) takes the format of its set.
pub fn set_formats(set: &LogSet, forced: Option<Format>) -> Vec<Option<Format>> {
    if let Some(f) = forced {
        return vec![Some(f); set.files.len()];
    }
    let mut formats: Vec<Option<Format>> = set
        .files
        .iter()
        .map(|p| {
            let head = head_lines(p, 64).ok()?;
            logparse::detect_format(head.iter().map(String::as_str))
        })
        .collect();
    let fallback = formats.iter().rev().flatten().next().copied();
    for (f, path) in formats.iter_mut().zip(&set.files) {
        if f.is_none() && is_empty_or_blank(path) {
            *f = fallback;
        }
    }
    formats
}

fn is_empty_or_blank(path: &std::path::Path) -> bool {
    head_lines(path, 64)
        .map(|lines| lines.iter().all(|l| l.trim().is_empty()))
        .unwrap_or(false)
}

/// Whether the head of a file looks binary (NUL bytes).
fn looks_binary(path: &std::path::Path) -> bool {
    head_lines(path, 16)
        .map(|lines| lines.iter().any(|l| l.contains('\0')))
        .unwrap_or(false)
}

/// Reads one file of a known format and hands each parsed event to `sink` with its instant,
/// its 1-based line number and its text. Lines without a timestamp of their own (continuation
/// lines) take the time of the line before. Returns what was read.
pub fn read_file(
    path: &std::path::Path,
    format: Option<Format>,
    zone: Zone,
    mut sink: impl FnMut(&Event<'_>, Timestamp, u64, &str),
) -> FileReport {
    let mut report = FileReport::empty(path, format);
    let Some(format) = format else {
        report.error = Some(if looks_binary(path) {
            "binary data, not a text log".into()
        } else {
            "format not recognised".into()
        });
        return report;
    };
    let (reader, compression) = match open_decompressed(path) {
        Ok(r) => r,
        Err(e) => {
            report.error = Some(format!("cannot read: {e}"));
            return report;
        }
    };
    report.compression = Some(compression);
    let mut resolver = TimeResolver::new(zone);
    if let Some(modified) = modified_secs(path) {
        resolver.set_reference(modified);
    }
    let mut parser = Parser::new(format);
    let mut lines = LineReader::new(reader);
    let mut scratch = String::new();
    let mut last_ts: Option<Timestamp> = None;
    loop {
        let line = match lines.next_line() {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(e) => {
                report.error = Some(format!("read stopped after line {}: {e}", report.lines));
                break;
            }
        };
        report.lines += 1;
        if line.truncated {
            report.unparsed += 1;
            continue;
        }
        let text = match std::str::from_utf8(line.bytes) {
            Ok(s) => s,
            Err(_) => {
                scratch.clear();
                scratch.push_str(&String::from_utf8_lossy(line.bytes));
                scratch.as_str()
            }
        };
        if text.trim_end_matches('\r').is_empty() {
            continue;
        }
        let Some(event) = parser.parse(text) else {
            report.unparsed += 1;
            continue;
        };
        let ts = match event.time {
            Some(t) => resolver.resolve(&t),
            None => last_ts,
        };
        let Some(ts) = ts else {
            report.unparsed += 1;
            continue;
        };
        last_ts = Some(ts);
        report.parsed += 1;
        report.first = Some(report.first.map_or(ts, |f| f.min(ts)));
        report.last = Some(report.last.map_or(ts, |l| l.max(ts)));
        sink(&event, ts, line.number, text.trim_end_matches('\r'));
    }
    report
}
