//! The scan: every rotation set read in parallel, each file parsed line by line into a
//! [`Collector`], with per-file counts of what was read.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};

use logparse::{AccessFormat, Event, Format, Parser, TimeResolver, Timestamp, Zone};
use rayon::prelude::*;

use crate::discover::{discover, LogSet, Skipped};
use crate::read::{head_lines, open_decompressed, Batch, Compression, Line, LineReader};
use crate::seek::Probe;
use crate::signals::{Collector, LineRef, Span, DEFAULT_HORIZON_SECS};

/// How to scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Files and directories to read.
    pub paths: Vec<PathBuf>,
    /// Zone of timestamps that carry no offset.
    pub zone: Zone,
    /// Force this format on every file instead of detecting it.
    pub format: Option<Format>,
    /// The access-log format (nginx `log_format` or Apache `LogFormat`) the server writes:
    /// one more candidate in detection, that reads a file as `nginx_access` when it reads
    /// (each to its end) at least as many of its first lines as the best built-in format; with
    /// [`format`](ScanOptions::format) forced to `nginx_access`, every file is read with it.
    pub access_format: Option<AccessFormat>,
    /// Keep the lines that mention this client.
    pub client_ip: Option<String>,
    /// Only this span matters (seconds since the epoch, start and end): a file last written
    /// before the start is not read at all. `None` reads everything.
    pub window: Option<(i64, i64)>,
    /// The largest chunk a big plain file is read in ([`DEFAULT_CHUNK_BYTES`] by default).
    /// A plain file is cut into chunks that are no larger, and small enough that there are
    /// four per thread when there are several (but not under [`MIN_CHUNK_BYTES`]), so that
    /// even a file of a few megabytes keeps every core busy; towards the end of the file
    /// they shrink the same way (a quarter of each thread's share of what is left), so that
    /// the threads finish together. A file that would make fewer than three chunks is read
    /// whole.
    pub chunk_bytes: u64,
    /// Without a window, the per-minute series keep only the latest this many seconds of
    /// the logs (by their lines' times; [`DEFAULT_HORIZON_SECS`], 31 days, by default), so
    /// that years of archives take no more memory than a month. With a window, they keep the
    /// window, a day before it (for time-of-day baselines) and an hour after.
    pub horizon_secs: i64,
}

impl ScanOptions {
    /// The minutes a collector of this scan keeps.
    fn span(&self) -> Span {
        match self.window {
            Some((start, end)) => Span::Between(start - 86_400 - 3600, end + 3600),
            None => Span::Latest(self.horizon_secs),
        }
    }

    fn collector(&self) -> Collector {
        Collector::with_span(self.client_ip.clone(), self.span())
    }
}

/// The default chunk size of [`ScanOptions::chunk_bytes`].
pub const DEFAULT_CHUNK_BYTES: u64 = 8 << 20;

/// The smallest chunk a plain file is cut into for the sake of using every thread (unless
/// [`ScanOptions::chunk_bytes`] asks for smaller ones).
pub const MIN_CHUNK_BYTES: u64 = 1 << 20;

impl ScanOptions {
    /// Options to read these paths in this zone, detecting formats, without a window.
    pub fn new(paths: Vec<PathBuf>, zone: Zone) -> ScanOptions {
        ScanOptions {
            paths,
            zone,
            format: None,
            access_format: None,
            client_ip: None,
            window: None,
            chunk_bytes: DEFAULT_CHUNK_BYTES,
            horizon_secs: DEFAULT_HORIZON_SECS,
        }
    }
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
    /// Whether the file's stamps carry no offset of their own (told by its earliest line), so
    /// that its times were read in the scan's zone: true of MariaDB, Fail2Ban, nginx's error
    /// log and classic syslog. Only files with parsed lines say true.
    pub read_in_zone: bool,
    /// Why the file could not be read, or was read only in part.
    pub error: Option<String>,
    /// Why a readable file was not read (it lies outside the window).
    pub note: Option<String>,
    /// Where lines start in a plain file read in chunks: `(line number, byte offset)`, one
    /// per chunk after the first, in order; empty for a file read whole. The report finds its
    /// evidence lines again from the nearest mark instead of from the file's start.
    pub line_marks: Vec<(u64, u64)>,
}

impl FileReport {
    /// Adds the counts of the next chunk of the same file.
    fn absorb(&mut self, next: FileReport) {
        self.lines += next.lines;
        self.parsed += next.parsed;
        self.unparsed += next.unparsed;
        // The earliest line, and whether its stamp had an offset, as one read would see them.
        if next.first.is_some_and(|b| self.first.is_none_or(|a| b < a)) {
            self.first = next.first;
            self.read_in_zone = next.read_in_zone;
        }
        self.last = self.last.max(next.last);
        self.error = self.error.take().or(next.error);
        self.note = self.note.take().or(next.note);
    }

    pub(crate) fn empty(path: &std::path::Path, format: Option<Format>) -> FileReport {
        FileReport {
            path: path.to_path_buf(),
            format,
            compression: None,
            lines: 0,
            parsed: 0,
            unparsed: 0,
            first: None,
            last: None,
            read_in_zone: false,
            error: None,
            note: None,
            line_marks: Vec::new(),
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
/// pool; `progress` is called after each file (or chunk of a big file).
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
///
/// use analyzer::{scan, ScanOptions};
/// use logparse::{Format, Zone};
///
/// let logs = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/demo/var/log");
/// let options = ScanOptions::new(vec![logs.into()], Zone::parse("Asia/Tokyo").unwrap());
/// let done = AtomicU64::new(0);
/// let result = scan(&options, &|p| {
///     done.fetch_max(p.bytes_done, Ordering::Relaxed);
/// });
///
/// // The mail log's rotations, oldest first (mail.log.2.gz, mail.log.1, mail.log), each
/// // detected by content and read as one stream.
/// let mail: Vec<_> = result
///     .files
///     .iter()
///     .filter(|f| f.path.file_name().unwrap().to_string_lossy().starts_with("mail.log"))
///     .collect();
/// assert_eq!(mail.len(), 3);
/// assert!(mail.iter().all(|f| f.format == Some(Format::Postfix) && f.unparsed == 0));
/// assert!(mail.windows(2).all(|w| w[0].last <= w[1].first));
/// // What was found, per minute and as notable events (the OOM kill, the database's fall).
/// assert!(!result.collector.minutes.is_empty());
/// assert!(result.collector.notables.iter().any(|n| n.kind == logparse::EventKind::OomKill));
/// assert!(done.into_inner() > 0);
/// ```
pub fn scan(options: &ScanOptions, progress: &(dyn Fn(Progress) + Sync)) -> Scan {
    let discovery = discover(&options.paths);
    // Work units: every file, and big plain files cut at line boundaries into chunks, so
    // that one huge access log keeps every core busy. Formats are detected and chunks cut in
    // parallel, set by set; file indices are assigned in set order so that line references
    // are stable.
    let plans: Vec<Vec<FilePlan>> = discovery
        .sets
        .par_iter()
        .map(|set| plan_set(set, options))
        .collect();
    let mut units: Vec<Unit> = Vec::new();
    let mut file_index = 0u32;
    for (set_index, (set, plans)) in discovery.sets.iter().zip(plans).enumerate() {
        for (path, plan) in set.files.iter().zip(plans) {
            let pieces = plan.pieces.len();
            for (i, piece) in plan.pieces.into_iter().enumerate() {
                units.push(Unit {
                    set_index,
                    file_index,
                    path,
                    parser: plan.parser.clone(),
                    bytes: match &piece {
                        Piece::Whole => plan.size,
                        Piece::Range(a, b) => b - a,
                        Piece::Skip { bytes, .. } => *bytes,
                    },
                    piece,
                    first_chunk: i == 0,
                    last_chunk: i + 1 == pieces,
                });
            }
            file_index += 1;
        }
    }
    let bytes_total = units.iter().map(|u| u.bytes).sum();
    let files_total = u64::from(file_index);
    let bytes_done = AtomicU64::new(0);
    let files_done = AtomicU64::new(0);

    // Workers take units in order and hand each result to the fold, which puts the pieces
    // of a set back in order as soon as they are complete (chunks into their file, files
    // into their set, read as one stream) and adds each finished set to the whole. A result
    // that finished ahead of an earlier unit of its set waits; when too many wait (one huge
    // file holding up its set), the workers pause, so memory stays bounded whatever the
    // number of files.
    let next_unit = AtomicUsize::new(0);
    let fold = Mutex::new(Fold::new(&units, files_total, options));
    let room = Condvar::new();
    let workers = rayon::current_num_threads().clamp(1, units.len().max(1));
    let max_waiting = 4 * workers;
    (0..workers).into_par_iter().for_each(|_| loop {
        let index = next_unit.fetch_add(1, Ordering::Relaxed);
        let Some(unit) = units.get(index) else {
            break;
        };
        let result = read_unit(unit, options);
        let done = bytes_done.fetch_add(unit.bytes, Ordering::Relaxed) + unit.bytes;
        let files = if unit.last_chunk {
            files_done.fetch_add(1, Ordering::Relaxed) + 1
        } else {
            files_done.load(Ordering::Relaxed)
        };
        progress(Progress {
            bytes_done: done,
            bytes_total,
            files_done: files,
            files_total,
        });
        let mut fold = fold.lock().unwrap_or_else(PoisonError::into_inner);
        fold.offer(&units, index, result);
        room.notify_all();
        // The unit a waiting result needs is being read by a worker that is not waiting
        // here, so this always ends.
        while fold.waiting.len() > max_waiting {
            fold = room.wait(fold).unwrap_or_else(PoisonError::into_inner);
        }
    });
    let (files, collector) = fold
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .finish();
    Scan {
        files,
        skipped: discovery.skipped,
        collector,
    }
}

/// How one file of a set is to be read: its pieces, in order.
struct FilePlan {
    parser: Option<Parser>,
    size: u64,
    pieces: Vec<Piece>,
}

/// A piece of a file: the unit of work.
#[derive(Debug)]
enum Piece {
    /// The whole file (small, compressed, or not recognised).
    Whole,
    /// The lines between two byte offsets of a plain file, the first just after a newline.
    Range(u64, u64),
    /// Lines not read, because they lie outside the window: counted (so that the line
    /// numbers after them stay right) but not parsed.
    Skip {
        lines: u64,
        bytes: u64,
        note: String,
    },
}

/// Plain files larger than this are searched for the window's start and end (when the
/// window is known) instead of being read whole.
const SEEK_MIN_BYTES: u64 = 16 << 20;

/// Detects the formats of a set's files, leaves out what lies outside the window, and cuts
/// big plain files into chunks.
fn plan_set(set: &LogSet, options: &ScanOptions) -> Vec<FilePlan> {
    // Each file's head is read (and decompressed) once, for detection and the window.
    let heads: Vec<Option<Vec<String>>> = if options.format.is_none() || options.window.is_some() {
        set.files.iter().map(|p| head_lines(p, 64).ok()).collect()
    } else {
        vec![None; set.files.len()]
    };
    let parsers = parsers_from_heads(&heads, options.format, options.access_format.as_ref());
    set.files
        .iter()
        .zip(parsers)
        .zip(&heads)
        .map(|((path, parser), head)| {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            let pieces = match (&parser, options.window) {
                (None, _) => vec![Piece::Whole],
                (Some(_), None) => chunk_ranges(path, 0, size, options.chunk_bytes),
                (Some(parser), Some(window)) => {
                    let head = head.as_deref().unwrap_or_default();
                    plan_in_window(path, parser, head, size, window, options)
                }
            };
            FilePlan {
                parser,
                size,
                pieces,
            }
        })
        .collect()
}

/// The pieces of a file when only `(start, end)` matters: nothing of a file last written
/// before the start or begun after the end, and of a big plain file only the lines the
/// window covers (found by binary search), with the lines before counted.
fn plan_in_window(
    path: &std::path::Path,
    parser: &Parser,
    head: &[String],
    size: u64,
    (start, end): (i64, i64),
    options: &ScanOptions,
) -> Vec<Piece> {
    let modified = modified_secs(path);
    let skip_all = |note: &str| {
        vec![Piece::Skip {
            lines: 0,
            bytes: size,
            note: note.to_string(),
        }]
    };
    if modified.is_some_and(|m| m < start - MTIME_SLACK_SECS) {
        return skip_all("not read: last written before the window");
    }
    if first_time(head, parser, &options.zone, modified)
        .is_some_and(|first| first > end + MTIME_SLACK_SECS)
    {
        return skip_all("not read: begins after the window");
    }
    let plain = crate::read::is_plain(path);
    if !plain || size < SEEK_MIN_BYTES {
        return chunk_ranges(path, 0, size, options.chunk_bytes);
    }
    let Some(mut probe) = Probe::open(path, parser.clone(), options.zone.clone(), modified) else {
        return vec![Piece::Whole];
    };
    let size = probe.size();
    let from = probe.first_at_or_after(start - MTIME_SLACK_SECS);
    let to = probe.first_at_or_after(end + MTIME_SLACK_SECS).max(from);
    // Keep the last probe's lines: the search stops short of the end.
    let to = if size - to <= SEEK_MIN_BYTES / 8 {
        size
    } else {
        to
    };
    let mut pieces = Vec::new();
    if from > 0 {
        let Ok(lines) = crate::seek::count_lines(path, from) else {
            return chunk_ranges(path, 0, size, options.chunk_bytes);
        };
        pieces.push(Piece::Skip {
            lines,
            bytes: from,
            note: format!(
                "lines 1–{lines} ({from} bytes) lie before the window: counted, not read"
            ),
        });
    }
    pieces.extend(chunk_ranges(path, from, to, options.chunk_bytes));
    if to < size {
        pieces.push(Piece::Skip {
            lines: 0,
            bytes: size - to,
            note: format!(
                "the last {} bytes lie after the window: not read",
                size - to
            ),
        });
    }
    pieces
}

/// The time of the first timestamped line among a file's first lines.
fn first_time(
    head: &[String],
    parser: &Parser,
    zone: &Zone,
    reference: Option<i64>,
) -> Option<i64> {
    let mut parser = parser.clone();
    let mut resolver = TimeResolver::new(zone.clone());
    if let Some(secs) = reference {
        resolver.set_reference(secs);
    }
    head.iter().find_map(|line| {
        let time = parser.parse(line)?.time?;
        resolver.resolve(&time).map(|t| t.secs)
    })
}

/// Reads one unit into a fresh collector.
fn read_unit(unit: &Unit<'_>, options: &ScanOptions) -> (FileReport, Collector) {
    let mut collector = options.collector();
    let id = unit.file_index;
    let sink = |event: &Event<'_>, ts, line, text: &str| {
        collector.add(event, ts, LineRef { file: id, line }, text);
    };
    let parser = unit.parser.clone();
    let report = match &unit.piece {
        Piece::Whole => read_file_with(unit.path, parser, options.zone.clone(), sink),
        Piece::Range(a, b) => read_range(unit.path, parser, options.zone.clone(), (*a, *b), sink),
        Piece::Skip { lines, note, .. } => FileReport {
            lines: *lines,
            note: Some(note.clone()),
            ..FileReport::empty(unit.path, unit.parser.as_ref().map(Parser::format))
        },
    };
    (report, collector)
}

/// The in-order assembly of the units' results, set by set.
struct Fold {
    /// Results that finished before an earlier unit of their set, by unit index.
    waiting: BTreeMap<usize, (FileReport, Collector)>,
    /// Per set: the index of its next unit to absorb, one past its last, and its collector
    /// so far.
    sets: Vec<SetFold>,
    /// Per file, once its first chunk is in.
    files: Vec<Option<FileReport>>,
    /// Every finished set.
    collector: Collector,
}

struct SetFold {
    next: usize,
    end: usize,
    collector: Collector,
}

impl Fold {
    fn new(units: &[Unit<'_>], files: u64, options: &ScanOptions) -> Fold {
        let mut sets: Vec<SetFold> = Vec::new();
        for (i, unit) in units.iter().enumerate() {
            if unit.set_index == sets.len() {
                sets.push(SetFold {
                    next: i,
                    end: i,
                    collector: options.collector(),
                });
            }
            if let Some(set) = sets.get_mut(unit.set_index) {
                set.end = i + 1;
            }
        }
        Fold {
            waiting: BTreeMap::new(),
            sets,
            files: (0..files).map(|_| None).collect(),
            collector: options.collector(),
        }
    }

    /// Takes the result of unit `index`, and every waiting one it lets through.
    fn offer(&mut self, units: &[Unit<'_>], index: usize, result: (FileReport, Collector)) {
        let set_index = units[index].set_index;
        self.waiting.insert(index, result);
        loop {
            let next = self.sets[set_index].next;
            let Some(result) = self.waiting.remove(&next) else {
                break;
            };
            self.absorb(&units[next], result);
            let set = &mut self.sets[set_index];
            set.next += 1;
            if set.next == set.end {
                let done = std::mem::take(&mut set.collector);
                self.collector.merge(done);
                break;
            }
        }
    }

    /// Takes the result of the next unit of its set.
    fn absorb(&mut self, unit: &Unit<'_>, (report, mut part): (FileReport, Collector)) {
        let file = &mut self.files[unit.file_index as usize];
        match file {
            Some(file) if !unit.first_chunk => {
                // Line numbers of a chunk start at 1: shift them by the lines before it.
                part.shift_lines(file.lines);
                if let Piece::Range(from, _) = unit.piece {
                    file.line_marks.push((file.lines + 1, from));
                }
                file.absorb(report);
            }
            _ => *file = Some(report),
        }
        self.sets[unit.set_index].collector.append(part);
    }

    /// The files read and the collector of them all.
    fn finish(mut self) -> (Vec<FileReport>, Collector) {
        for set in std::mem::take(&mut self.sets) {
            self.collector.merge(set.collector);
        }
        self.collector.finish();
        (self.files.into_iter().flatten().collect(), self.collector)
    }
}

/// A piece of work: a whole file, or a byte range of a big plain one.
#[derive(Debug)]
struct Unit<'a> {
    set_index: usize,
    file_index: u32,
    path: &'a std::path::Path,
    parser: Option<Parser>,
    piece: Piece,
    first_chunk: bool,
    last_chunk: bool,
    bytes: u64,
}

/// The pieces to read bytes `from..to` of a file in (`from` 0 or just after a newline):
/// the whole file when it is small or compressed, else ranges of at most about `chunk` bytes
/// that start just after a newline, smaller towards the end when there are several threads.
fn chunk_ranges(path: &std::path::Path, from: u64, to: u64, chunk: u64) -> Vec<Piece> {
    let threads = rayon::current_num_threads() as u64;
    // With several threads a chunk is at most a quarter of a thread's share of what is left
    // (not under MIN_CHUNK_BYTES): chunks shrink towards the end of the file, so that the
    // threads run out of work together instead of one reading a last big chunk alone.
    let chunk_for = |left: u64| {
        match threads {
            0 | 1 => chunk,
            _ => chunk.min((left / (4 * threads)).max(MIN_CHUNK_BYTES)),
        }
        .max(1)
    };
    let chunk = chunk_for(to - from);
    let whole = from == 0 && to == file_size(path).unwrap_or(0);
    if to - from <= 2 * chunk {
        return vec![if whole {
            Piece::Whole
        } else {
            Piece::Range(from, to)
        }];
    }
    let Ok(mut file) = std::fs::File::open(path) else {
        return vec![Piece::Whole];
    };
    let mut head = [0u8; 8];
    let plain = std::io::Read::read(&mut file, &mut head)
        .is_ok_and(|n| crate::read::sniff_compression(&head[..n]) == Compression::None);
    if !plain {
        return vec![Piece::Whole];
    }
    let mut cuts = vec![from];
    // A cut needs the rest of one line: most are a few hundred bytes, and a longer one is
    // read on in further steps.
    let mut buf = vec![0u8; 4 * 1024];
    let mut target = from + chunk;
    while target < to {
        // The next line starts after the first newline at or past the target.
        let mut pos = target;
        let cut = loop {
            if std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(pos)).is_err() {
                break None;
            }
            match std::io::Read::read(&mut file, &mut buf) {
                Ok(0) | Err(_) => break None,
                Ok(n) => match memchr::memchr(b'\n', &buf[..n]) {
                    Some(i) => break Some(pos + i as u64 + 1),
                    None => pos += n as u64,
                },
            }
        };
        match cut {
            Some(c) if c < to && c > *cuts.last().unwrap_or(&from) => {
                cuts.push(c);
                target = c + chunk_for(to - c);
            }
            _ => break,
        }
    }
    cuts.push(to);
    cuts.windows(2).map(|w| Piece::Range(w[0], w[1])).collect()
}

/// The format of each file of a set: detected per file, and a file too short to tell (just
/// rotated, empty) takes the format of its set.
pub fn set_formats(set: &LogSet, forced: Option<Format>) -> Vec<Option<Format>> {
    set_parsers(set, forced, None)
        .into_iter()
        .map(|p| p.as_ref().map(Parser::format))
        .collect()
}

/// The parser of each file of a set, as [`set_formats`] decides, with the user's access-log
/// format as one more candidate ([`logparse::detect_parser`]). A forced `nginx_access` with
/// an access format reads every file with it.
pub fn set_parsers(
    set: &LogSet,
    forced: Option<Format>,
    access: Option<&AccessFormat>,
) -> Vec<Option<Parser>> {
    let heads: Vec<Option<Vec<String>>> = match forced {
        Some(_) => vec![None; set.files.len()],
        None => set.files.iter().map(|p| head_lines(p, 64).ok()).collect(),
    };
    parsers_from_heads(&heads, forced, access)
}

/// [`set_parsers`] from the first lines of each file of a set (`None`: unreadable), read
/// once by the caller.
fn parsers_from_heads(
    heads: &[Option<Vec<String>>],
    forced: Option<Format>,
    access: Option<&AccessFormat>,
) -> Vec<Option<Parser>> {
    if let Some(f) = forced {
        let parser = match access {
            Some(a) if f == Format::NginxAccess => Parser::with_access_format(a.clone()),
            _ => Parser::new(f),
        };
        return vec![Some(parser); heads.len()];
    }
    let mut parsers: Vec<Option<Parser>> = heads
        .iter()
        .map(|head| logparse::detect_parser(head.as_ref()?.iter().map(String::as_str), access))
        .collect();
    let fallback = parsers.iter().rev().flatten().next().cloned();
    for (p, head) in parsers.iter_mut().zip(heads) {
        let blank = head
            .as_ref()
            .is_some_and(|lines| lines.iter().all(|l| l.trim().is_empty()));
        if p.is_none() && blank {
            p.clone_from(&fallback);
        }
    }
    parsers
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
    sink: impl FnMut(&Event<'_>, Timestamp, u64, &str),
) -> FileReport {
    read_file_with(path, format.map(Parser::new), zone, sink)
}

/// [`read_file`] with a parser of the caller's (one made with [`Parser::with_access_format`],
/// say). Pass a fresh parser per file: some formats keep context from line to line.
pub fn read_file_with(
    path: &std::path::Path,
    parser: Option<Parser>,
    zone: Zone,
    sink: impl FnMut(&Event<'_>, Timestamp, u64, &str),
) -> FileReport {
    let mut report = FileReport::empty(path, parser.as_ref().map(Parser::format));
    let opened = open_decompressed(path);
    let Some(parser) = parser else {
        report.error = Some(match opened {
            // Detection could not read it either: say why.
            Err(e) => format!("cannot read: {e}"),
            Ok(_) if looks_binary(path) => "binary data, not a text log".into(),
            Ok(_) => "format not recognised".into(),
        });
        return report;
    };
    let (reader, compression) = match opened {
        Ok(r) => r,
        Err(e) => {
            report.error = Some(format!("cannot read: {e}"));
            return report;
        }
    };
    let size_before = file_size(path);
    report.compression = Some(compression);
    read_lines(path, reader, parser, zone, &mut report, sink);
    if compression == Compression::None {
        note_shrinking(path, size_before, &mut report);
    }
    report
}

fn file_size(path: &std::path::Path) -> Option<u64> {
    std::fs::metadata(path).ok().map(|m| m.len())
}

/// Notes a plain file that became shorter than `expected` bytes while it was read: truncated
/// in place (logrotate's `copytruncate`) or rewritten, so lines may be missing from the read.
fn note_shrinking(path: &std::path::Path, expected: Option<u64>, report: &mut FileReport) {
    if let (Some(expected), Some(now)) = (expected, file_size(path)) {
        if now < expected && report.note.is_none() {
            report.note = Some(format!(
                "truncated while being read ({expected} bytes, then {now}; rotated with \
                 copytruncate?): lines may be missing"
            ));
        }
    }
}

/// Reads the lines of a plain file between two byte offsets (the start just after a
/// newline). Line numbers start at 1 within the range; the caller shifts them.
fn read_range(
    path: &std::path::Path,
    parser: Option<Parser>,
    zone: Zone,
    (start, end): (u64, u64),
    sink: impl FnMut(&Event<'_>, Timestamp, u64, &str),
) -> FileReport {
    let mut report = FileReport::empty(path, parser.as_ref().map(Parser::format));
    let Some(parser) = parser else {
        return report;
    };
    let opened = std::fs::File::open(path).and_then(|mut f| {
        std::io::Seek::seek(&mut f, std::io::SeekFrom::Start(start))?;
        Ok(f)
    });
    match opened {
        Ok(file) => {
            report.compression = Some(Compression::None);
            let reader = std::io::Read::take(file, end - start);
            read_lines(path, reader, parser, zone, &mut report, sink);
            note_shrinking(path, Some(end), &mut report);
        }
        Err(e) => report.error = Some(format!("cannot read: {e}")),
    }
    report
}

/// The line loop shared by whole files and chunks.
fn read_lines(
    path: &std::path::Path,
    reader: impl std::io::Read,
    mut parser: Parser,
    zone: Zone,
    report: &mut FileReport,
    mut sink: impl FnMut(&Event<'_>, Timestamp, u64, &str),
) {
    let mut resolver = TimeResolver::new(zone);
    if let Some(modified) = modified_secs(path) {
        resolver.set_reference(modified);
    }
    let mut lines = LineReader::new(reader);
    let mut scratch = String::new();
    let mut last_ts: Option<Timestamp> = None;
    // One line: its bytes, and its text when the batch it came in was checked whole.
    let mut read_line = |line: Line<'_>, text: Option<&str>| {
        report.lines += 1;
        if line.truncated {
            report.unparsed += 1;
            return;
        }
        let text = match text {
            Some(text) => text,
            None => match simdutf8::basic::from_utf8(line.bytes) {
                Ok(s) => s,
                Err(_) => {
                    scratch.clear();
                    scratch.push_str(&String::from_utf8_lossy(line.bytes));
                    scratch.as_str()
                }
            },
        };
        let text = without_carriage_returns(text);
        if text.is_empty() {
            return;
        }
        // Built in place and borrowed, never moved: an event is a few hundred bytes.
        let mut parsed = None;
        parser.parse_into(text, &mut parsed);
        let Some(event) = &parsed else {
            report.unparsed += 1;
            return;
        };
        // The stamp is read where the parser wrote it, field by field: a copy of it whole
        // would read back those small fresh writes as wide loads, which stall.
        let ts = match &event.time {
            Some(t) => resolver.resolve(t),
            None => last_ts,
        };
        let Some(ts) = ts else {
            report.unparsed += 1;
            return;
        };
        last_ts = Some(ts);
        report.parsed += 1;
        // `min` and `max` (the later of two equal instants is the last), compared in place.
        if report.first.as_ref().is_none_or(|first| ts < *first) {
            report.first = Some(ts);
            report.read_in_zone = event.time.as_ref().is_some_and(|t| t.offset_secs.is_none());
        }
        if report.last.as_ref().is_none_or(|last| ts >= *last) {
            report.last = Some(ts);
        }
        sink(event, ts, line.number, text);
    };
    let mut failure = None;
    loop {
        let batch = match lines.next_batch() {
            Ok(Some(batch)) => batch,
            Ok(None) => break,
            Err(e) => {
                failure = Some(e);
                break;
            }
        };
        // A buffer of lines is checked for UTF-8 at once; each line of valid text is then a
        // slice of it (a newline never falls inside a character).
        let text = match &batch {
            Batch::Lines { bytes, .. } => simdutf8::basic::from_utf8(bytes).ok(),
            Batch::Line(_) => None,
        };
        for (at, line) in batch.lines() {
            let line_text = text.and_then(|t| t.get(at..at + line.bytes.len()));
            read_line(line, line_text);
        }
    }
    if let Some(e) = failure {
        report.error = Some(format!("read stopped after line {}: {e}", report.lines));
    }
}

/// The line without the `\r`s a CRLF file leaves before its newlines, found byte by byte
/// (`trim_end_matches('\r')` decodes characters backwards, on every line). The diagnosis cuts
/// the evidence lines it reads again the same way.
pub(crate) fn without_carriage_returns(text: &str) -> &str {
    let kept = text
        .as_bytes()
        .iter()
        .rposition(|&b| b != b'\r')
        .map_or(0, |last| last + 1);
    // A '\r' is one byte of its own in UTF-8: the cut is on a character boundary.
    text.get(..kept).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carriage_returns_are_dropped_from_the_end_only() {
        for (line, kept) in [
            ("a\r", "a"),
            ("a\r\r", "a"),
            ("\r", ""),
            ("", ""),
            ("a\rb", "a\rb"),
            ("\u{e9}t\u{e9}\r", "\u{e9}t\u{e9}"),
            ("x", "x"),
        ] {
            assert_eq!(without_carriage_returns(line), kept, "{line:?}");
            assert_eq!(without_carriage_returns(line), line.trim_end_matches('\r'));
        }
    }

    /// With several threads a plain file is cut at line starts into chunks that cover it
    /// exactly, none over the largest size asked for, and smaller towards the end of the file
    /// (down to MIN_CHUNK_BYTES), so that the threads finish together.
    #[test]
    fn chunks_cover_the_file_at_line_starts_and_shrink_towards_its_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mail.log");
        let line =
            "2026-11-24T03:12:01.123456+09:00 web01 postfix/qmgr[812]: 4B1F52A0C3: removed\n";
        let text = line.repeat((40 << 20) / line.len());
        std::fs::write(&path, &text).unwrap();
        let size = text.len() as u64;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let pieces = pool.install(|| chunk_ranges(&path, 0, size, DEFAULT_CHUNK_BYTES));
        let ranges: Vec<(u64, u64)> = pieces
            .iter()
            .map(|p| match p {
                Piece::Range(a, b) => (*a, *b),
                other => panic!("not a range: {other:?}"),
            })
            .collect();
        assert_eq!(ranges.first().map(|r| r.0), Some(0));
        assert_eq!(ranges.last().map(|r| r.1), Some(size));
        assert!(ranges.windows(2).all(|w| w[0].1 == w[1].0), "contiguous");
        assert!(
            ranges
                .iter()
                .all(|&(a, _)| a == 0 || text.as_bytes()[a as usize - 1] == b'\n'),
            "each starts a line"
        );
        let sizes: Vec<u64> = ranges.iter().map(|(a, b)| b - a).collect();
        let longest = DEFAULT_CHUNK_BYTES + line.len() as u64;
        assert!(sizes.iter().all(|&s| s <= longest), "{sizes:?}");
        // 40 MiB over two threads: 5 MiB chunks at first, 1 MiB ones at the end.
        assert!(sizes[0] >= 5 << 20, "{sizes:?}");
        let last_whole = sizes[sizes.len() - 2];
        assert!(last_whole < (1 << 20) + line.len() as u64, "{sizes:?}");
        assert!(
            sizes.windows(2).all(|w| w[1] <= w[0] + line.len() as u64),
            "{sizes:?}"
        );
    }

    /// A cut that falls in a line longer than the few kilobytes read to find its end still
    /// lands at the next line start.
    #[test]
    fn chunks_of_long_lines_start_at_line_starts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("access.log");
        let lines: Vec<String> = (0..40)
            .map(|i| format!("{i} {}\n", "x".repeat(10_000 + 977 * i)))
            .collect();
        let text = lines.concat();
        std::fs::write(&path, &text).unwrap();
        let pieces = chunk_ranges(&path, 0, text.len() as u64, 64 * 1024);
        let starts: Vec<u64> = pieces
            .iter()
            .map(|p| match p {
                Piece::Range(a, _) => *a,
                other => panic!("not a range: {other:?}"),
            })
            .collect();
        assert!(starts.len() > 4, "{starts:?}");
        let line_starts: Vec<u64> = lines
            .iter()
            .scan(0u64, |at, l| {
                let start = *at;
                *at += l.len() as u64;
                Some(start)
            })
            .collect();
        assert!(starts.iter().all(|s| line_starts.contains(s)), "{starts:?}");
    }
}
