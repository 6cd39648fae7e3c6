//! From a scan to a report: find the incident, run the detectors over the window before it,
//! link what they found into a causal chain, rank, and back every claim with log lines.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use logparse::{EventKind, Timestamp, Zone};

use crate::detectors::{self, thousands, CauseKind, Context, Finding};
use crate::read::{open_decompressed, LineReader};
use crate::report::{
    BanRecord, Cause, ClientAnswer, Dropped, Evidence, Incident, Report, Series, SeriesRow,
    SkippedFile, SourceSummary, TimelineEntry, Window, SCHEMA,
};
use crate::scan::{without_carriage_returns, Scan};
use crate::signals::{is_database_process, Collector, LineRef, Notable, Signal};

/// What the diagnosis needs besides the scan.
#[derive(Debug, Clone)]
pub struct DiagnoseOptions {
    /// The incident time, when the user knows it.
    pub at: Option<Timestamp>,
    /// How far back from the incident to look, in seconds.
    pub window_secs: i64,
    /// The zone reports are shown in.
    pub zone: Zone,
    /// The client to answer about.
    pub client_ip: Option<String>,
}

/// The kind of outage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum IncidentKind {
    DbDown,
    SiteDown,
    ClientBlocked,
}

impl IncidentKind {
    fn as_str(self) -> &'static str {
        match self {
            IncidentKind::DbDown => "db_down",
            IncidentKind::SiteDown => "site_down",
            IncidentKind::ClientBlocked => "client_blocked",
        }
    }
}

/// How the database went down, strongest evidence first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mechanism {
    DiskFull,
    OomKill,
    Crash,
    Stopped,
    UnitFailed,
    Silent,
    None,
}

#[derive(Debug, Clone)]
struct Candidate {
    time: Timestamp,
    kind: IncidentKind,
    mechanism: Mechanism,
    summary: String,
    evidence: Vec<LineRef>,
}

/// Minutes where the site was failing: many 502/503/504 or upstream errors.
fn failing_runs(c: &Collector) -> Vec<(i64, i64, u64)> {
    let mut minutes: Vec<(&i64, u32, u32, u32)> = c
        .minutes
        .iter()
        .map(|(m, x)| {
            (
                m,
                x.get(Signal::HttpRequests),
                x.get(Signal::HttpBadGateway),
                x.get(Signal::UpstreamErrors),
            )
        })
        .filter(|&(_, req, _, up)| req > 0 || up > 0)
        .collect();
    minutes.sort_by_key(|x| *x.0);
    // A run of failing minutes goes on through quiet minutes (a small site has few
    // requests) and ends at a minute with mostly good answers or after ten silent minutes.
    let mut runs: Vec<(i64, i64, u64)> = Vec::new();
    let mut open = false;
    for (m, req, bad, up) in minutes {
        let failing = (bad >= 1 && bad * 2 >= req) || up >= 3;
        if !failing {
            open = false;
            continue;
        }
        let n = u64::from(bad.max(up));
        match runs.last_mut() {
            Some(r) if open && *m - r.1 <= 10 => {
                r.1 = *m;
                r.2 += n;
            }
            _ => runs.push((*m, *m, n)),
        }
        open = true;
    }
    // Static files still served between failing pages do not end an outage: runs less than
    // a quarter of an hour apart are one.
    let mut merged: Vec<(i64, i64, u64)> = Vec::new();
    for r in runs {
        match merged.last_mut() {
            Some(m) if r.0 - m.1 <= 15 => {
                m.1 = r.1;
                m.2 += r.2;
            }
            _ => merged.push(r),
        }
    }
    // A few bad minutes are a blip, not an outage.
    merged.retain(|r| r.2 >= 10);
    merged
}

fn is_db_unit(unit: Option<&str>) -> bool {
    unit.is_some_and(|u| u.contains("mariadb") || u.contains("mysql"))
}

fn hhmm(t: Timestamp, zone: &Zone) -> String {
    let t = t.with_offset(zone.offset_at(t.secs));
    t.to_datetime().format("%H:%M").to_string()
}

fn minutes_between(a: Timestamp, b: Timestamp) -> i64 {
    ((b.secs - a.secs) as f64 / 60.0).round() as i64
}

/// Every moment the database went down, as seen by any source.
fn db_down_candidates(notables: &[Notable], zone: &Zone) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for (i, n) in notables.iter().enumerate() {
        let (mechanism, summary) = match n.kind {
            EventKind::OomKill if n.subject.as_deref().is_some_and(is_database_process) => (
                Mechanism::OomKill,
                format!(
                    "the kernel's OOM killer killed the database server ({})",
                    n.subject.as_deref().unwrap_or("?")
                ),
            ),
            EventKind::DbCrash => (Mechanism::Crash, detectors::crash_summary(&n.text)),
            // MariaDB blocks on a full disk ("Disk is full writing ..."): it stops serving.
            EventKind::DiskFull if n.source == logparse::Source::Mariadb => (
                Mechanism::DiskFull,
                "the database server could not write: the disk is full".to_string(),
            ),
            EventKind::DbShutdownInitiated => {
                // A restart (back within five minutes) is no outage.
                let back_soon = notables[i + 1..]
                    .iter()
                    .take_while(|x| x.ts.secs - n.ts.secs <= 300)
                    .any(|x| x.kind == EventKind::DbReady);
                if back_soon {
                    continue;
                }
                (
                    Mechanism::Stopped,
                    "the database server was shut down".to_string(),
                )
            }
            EventKind::UnitFailed if is_db_unit(n.subject.as_deref()) => (
                Mechanism::UnitFailed,
                format!(
                    "systemd reports {} failed",
                    n.subject.as_deref().unwrap_or("the database")
                ),
            ),
            EventKind::DbStarting => {
                // A start with crash recovery after a silent log: it died without a word.
                let recovered = notables[i + 1..]
                    .iter()
                    .take_while(|x| x.ts.secs - n.ts.secs <= 300)
                    .any(|x| x.kind == EventKind::DbRecovery);
                match n.silent_since {
                    Some(since) if recovered => {
                        let explained = out.iter().any(|c| {
                            c.kind == IncidentKind::DbDown
                                && c.time.secs >= since.secs - 60
                                && c.time <= n.ts
                        });
                        if explained {
                            continue;
                        }
                        out.push(Candidate {
                            time: since,
                            kind: IncidentKind::DbDown,
                            mechanism: Mechanism::Silent,
                            summary: format!(
                                "the database log fell silent at {} and the server came back at {} with crash recovery",
                                hhmm(since, zone),
                                hhmm(n.ts, zone)
                            ),
                            evidence: vec![n.at],
                        });
                        continue;
                    }
                    _ => continue,
                }
            }
            _ => continue,
        };
        // One outage seen by several sources (kernel, systemd, MariaDB) is one candidate.
        if let Some(last) = out.last_mut() {
            if last.kind == IncidentKind::DbDown && n.ts.secs - last.time.secs <= 120 {
                if mechanism < last.mechanism {
                    last.mechanism = mechanism;
                    last.summary = summary;
                }
                if last.evidence.len() < 4 {
                    last.evidence.push(n.at);
                }
                continue;
            }
        }
        let mut evidence = Vec::new();
        if mechanism == Mechanism::OomKill {
            if let Some(inv) = notables[..i]
                .iter()
                .rev()
                .take_while(|x| n.ts.secs - x.ts.secs <= 60)
                .find(|x| x.kind == EventKind::OomInvoked)
            {
                evidence.push(inv.at);
            }
        }
        evidence.push(n.at);
        out.push(Candidate {
            time: n.ts,
            kind: IncidentKind::DbDown,
            mechanism,
            summary,
            evidence,
        });
    }
    // Say when it came back.
    for c in &mut out {
        let back = notables
            .iter()
            .find(|x| x.kind == EventKind::DbReady && x.ts > c.time);
        match back {
            Some(ready) => {
                let recovery = notables
                    .iter()
                    .find(|x| x.kind == EventKind::DbRecovery && x.ts > c.time && x.ts <= ready.ts);
                let how = if recovery.is_some() {
                    " after crash recovery"
                } else {
                    ""
                };
                if c.mechanism != Mechanism::Silent {
                    let down = match minutes_between(c.time, ready.ts) {
                        0 => "less than a minute".to_string(),
                        1 => "1 minute".to_string(),
                        m => format!("{m} minutes"),
                    };
                    c.summary = format!(
                        "{}; it was down for {down} and came back at {}{how}",
                        c.summary,
                        hhmm(ready.ts, zone)
                    );
                }
                if let Some(r) = recovery {
                    c.evidence.push(r.at);
                }
                c.evidence.push(ready.at);
            }
            None if c.mechanism != Mechanism::Silent => {
                c.summary = format!("{}; it had not come back by the end of the logs", c.summary)
            }
            None => {}
        }
    }
    out
}

/// Picks the incident: near `at` when given, else the latest outage in the logs.
fn find_incident(
    c: &Collector,
    at: Option<Timestamp>,
    client_ip: Option<&str>,
    zone: &Zone,
) -> Option<Candidate> {
    let mut candidates = db_down_candidates(&c.notables, zone);
    for (start, end, n) in failing_runs(c) {
        let time = Timestamp {
            secs: start * 60,
            nanos: 0,
            offset_secs: zone.offset_at(start * 60),
        };
        let evidence = [Signal::HttpBadGateway, Signal::UpstreamErrors]
            .iter()
            .filter_map(|s| c.minutes.get(&start).and_then(|m| m.first(*s)))
            .collect();
        candidates.push(Candidate {
            time,
            kind: IncidentKind::SiteDown,
            mechanism: Mechanism::None,
            summary: format!(
                "the site failed: {} gateway errors (502/503/504) or upstream failures over {} minutes",
                thousands(n),
                end - start + 1
            ),
            evidence,
        });
    }
    let mut bans = Vec::new();
    for n in &c.notables {
        if n.kind != EventKind::F2bBan || n.subject.is_none() {
            continue;
        }
        let ip = n.subject.as_deref().unwrap_or_default();
        let info = c
            .clients
            .get(crate::signals::client_key(ip))
            .copied()
            .unwrap_or_default();
        let legit = info.looks_legitimate_before(n.ts.secs);
        if client_ip == Some(ip) || legit {
            bans.push(Candidate {
                time: n.ts,
                kind: IncidentKind::ClientBlocked,
                mechanism: Mechanism::None,
                summary: format!(
                    "Fail2Ban (jail {}) banned {ip}, which could no longer reach the server",
                    n.detail.as_deref().unwrap_or("?")
                ),
                evidence: vec![n.at],
            });
        }
    }
    candidates.sort_by_key(|x| (x.time, x.kind));
    let pool = if candidates.is_empty() {
        bans
    } else {
        candidates
    };
    if let Some(at) = at {
        // The outage around that time: the nearest within half an hour, outages first.
        let near = pool
            .iter()
            .filter(|x| (x.time.secs - at.secs).abs() <= 1800)
            .min_by_key(|x| (x.kind, (x.time.secs - at.secs).abs()))?;
        return Some(near.clone());
    }
    // The latest episode: candidates less than 30 minutes apart belong together; the
    // database going down explains a site failing right after it.
    let last = pool.last()?;
    let mut episode_start = last.time.secs;
    for x in pool.iter().rev() {
        if episode_start - x.time.secs > 1800 {
            break;
        }
        episode_start = episode_start.min(x.time.secs);
    }
    pool.iter()
        .filter(|x| x.time.secs >= episode_start)
        .min_by_key(|x| (x.kind, x.time))
        .cloned()
}

/// Links findings into root → mechanism → incident and ranks them.
fn link(incident: &Candidate, findings: &mut [Finding]) -> (Vec<String>, Vec<usize>) {
    let t = incident.time.secs;
    let near = |f: &Finding, kind: CauseKind, before: i64, after: i64| {
        f.kind == kind && f.start.secs >= t - before && f.start.secs <= t + after
    };
    // A burst is a plausible root when it was under way within the hour before the incident.
    let pressure = |f: &Finding| {
        matches!(f.kind, CauseKind::MassMail | CauseKind::WebAttack)
            && f.start.secs <= t + 60
            && f.end.secs >= t - 3600
    };
    let best = |findings: &[Finding], pred: &dyn Fn(&Finding) -> bool| {
        findings
            .iter()
            .enumerate()
            .filter(|(_, f)| pred(f))
            .max_by(|a, b| a.1.confidence.total_cmp(&b.1.confidence))
            .map(|(i, _)| i)
    };
    let mut path: Vec<usize> = Vec::new();
    match incident.kind {
        IncidentKind::DbDown => {
            let disk = best(findings, &|f| near(f, CauseKind::DiskFull, 3600, 60));
            let mechanism = match incident.mechanism {
                // The full disk is the root and stopped the database itself.
                Mechanism::DiskFull => None,
                Mechanism::OomKill | Mechanism::UnitFailed => {
                    best(findings, &|f| near(f, CauseKind::OomKill, 120, 120))
                }
                Mechanism::Crash | Mechanism::Silent => {
                    best(findings, &|f| near(f, CauseKind::DbCrash, 120, 120))
                }
                Mechanism::Stopped => best(findings, &|f| near(f, CauseKind::DbStopped, 120, 120)),
                Mechanism::None => None,
            };
            let is_oom = mechanism.is_some_and(|i| findings[i].kind == CauseKind::OomKill);
            if let Some(d) = disk.filter(|_| incident.mechanism != Mechanism::Stopped) {
                path.push(d);
            } else if is_oom || incident.mechanism == Mechanism::Silent {
                if let Some(root) = best(findings, &pressure) {
                    path.push(root);
                }
            }
            if let Some(m) = mechanism {
                path.push(m);
            }
        }
        IncidentKind::SiteDown => {
            if let Some(d) = best(findings, &|f| near(f, CauseKind::DiskFull, 3600, 60)) {
                path.push(d);
            } else if let Some(root) = best(findings, &pressure) {
                path.push(root);
            }
            if let Some(m) = best(findings, &|f| near(f, CauseKind::OomKill, 600, 120)) {
                path.push(m);
            }
        }
        IncidentKind::ClientBlocked => {
            if let Some(b) = best(findings, &|f| {
                f.kind == CauseKind::ClientBanned && (f.start.secs - t).abs() <= 60
            }) {
                path.push(b);
            }
        }
    }
    // The root is certain in proportion to its own strength; the mechanism follows it.
    for (rank, &i) in path.iter().enumerate() {
        let own = findings[i].confidence;
        findings[i].confidence = if rank == 0 {
            (0.6 + 0.4 * own).min(0.97)
        } else {
            (0.5 + 0.4 * own).min(0.9)
        };
    }
    let mut chain: Vec<String> = path
        .iter()
        .map(|&i| findings[i].kind.as_str().to_string())
        .collect();
    chain.push(incident.kind.as_str().to_string());
    (chain, path)
}

/// Reads the text of the lines not already known: the files in parallel, each in one pass
/// that skips from wanted line to wanted line (from the nearest chunk mark in a plain file).
fn resolve_lines(
    files: &[crate::scan::FileReport],
    known: &HashMap<LineRef, &str>,
    wanted: &[LineRef],
) -> HashMap<LineRef, String> {
    let mut out: HashMap<LineRef, String> = HashMap::new();
    let mut by_file: BTreeMap<u32, Vec<u64>> = BTreeMap::new();
    for r in wanted {
        if let Some(text) = known.get(r) {
            out.insert(*r, (*text).to_string());
        } else {
            by_file.entry(r.file).or_default().push(r.line);
        }
    }
    let found: Vec<Vec<(LineRef, String)>> = by_file
        .into_par_iter()
        .filter_map(|(file, lines)| {
            let report = files.get(file as usize)?;
            Some(
                lines_of_file(report, lines)
                    .into_iter()
                    .map(|(line, text)| (LineRef { file, line }, text))
                    .collect(),
            )
        })
        .collect();
    out.extend(found.into_iter().flatten());
    out
}

/// The text of some lines of one file (lossy UTF-8, without a trailing `\r`), in line order.
/// The lines between are skipped, not read one by one; in a plain file read in chunks the
/// reading starts at the last [`line mark`](crate::scan::FileReport::line_marks) before a
/// wanted line when that is ahead of where it stands.
fn lines_of_file(report: &crate::scan::FileReport, mut lines: Vec<u64>) -> Vec<(u64, String)> {
    lines.sort_unstable();
    lines.dedup();
    let mut out = Vec::new();
    // The reader and how many lines of the file lie before its next line.
    let mut reader: Option<(LineReader<Box<dyn std::io::Read + Send>>, u64)> = None;
    for target in lines.into_iter().filter(|&l| l > 0) {
        // The marks are in line order: the last at or before the target.
        let marks = &report.line_marks;
        let mark = marks
            .partition_point(|&(line, _)| line <= target)
            .checked_sub(1)
            .and_then(|i| marks.get(i))
            .copied();
        let behind = |before: u64| mark.is_some_and(|(line, _)| before + 1 < line);
        if reader
            .as_ref()
            .is_none_or(|(_, before)| behind(*before) || *before >= target)
        {
            reader = open_at(&report.path, mark);
        }
        let Some((lines, before)) = reader.as_mut() else {
            break;
        };
        let gap = target - 1 - *before;
        let Ok(skipped) = lines.skip_lines(gap) else {
            break;
        };
        *before += skipped;
        if skipped < gap {
            break;
        }
        let Ok(Some(line)) = lines.next_line() else {
            break;
        };
        *before += 1;
        let text = String::from_utf8_lossy(line.bytes);
        out.push((target, without_carriage_returns(&text).to_string()));
    }
    out
}

/// A line reader of `path` from a mark (a plain file sought to the mark's offset) or from
/// the start (decompressed), with how many lines lie before its first.
fn open_at(
    path: &std::path::Path,
    mark: Option<(u64, u64)>,
) -> Option<(LineReader<Box<dyn std::io::Read + Send>>, u64)> {
    match mark {
        Some((line, offset)) => {
            let mut file = std::fs::File::open(path).ok()?;
            std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(offset)).ok()?;
            let reader: Box<dyn std::io::Read + Send> = Box::new(file);
            Some((LineReader::new(reader), line.saturating_sub(1)))
        }
        None => {
            let (reader, _) = open_decompressed(path).ok()?;
            Some((LineReader::new(reader), 0))
        }
    }
}

/// Builds the report of a scan.
pub fn diagnose(scan: &Scan, options: &DiagnoseOptions) -> Report {
    let zone = &options.zone;
    let c = &scan.collector;
    let show = |t: Timestamp| t.with_offset(zone.offset_at(t.secs));
    let logs_end = scan.files.iter().filter_map(|f| f.last).max();
    let incident = find_incident(c, options.at, options.client_ip.as_deref(), zone);
    let end = options
        .at
        .or(incident.as_ref().map(|i| i.time))
        .or(logs_end)
        .unwrap_or(Timestamp {
            secs: 0,
            nanos: 0,
            offset_secs: 0,
        });
    let start = Timestamp {
        secs: end.secs - options.window_secs,
        nanos: end.nanos,
        offset_secs: end.offset_secs,
    };
    let ctx = Context {
        collector: c,
        start_min: start.secs.div_euclid(60),
        end_min: (end.secs + 120).div_euclid(60),
        client_ip: options.client_ip.as_deref(),
        offset_secs: zone.offset_at(end.secs),
    };
    let mut findings = detectors::run_all(&ctx);
    let (chain, path) = match &incident {
        Some(i) => link(i, &mut findings),
        None => (Vec::new(), Vec::new()),
    };
    // Findings off the causal path weigh less, and less the longer before the incident.
    for (i, f) in findings.iter_mut().enumerate() {
        if !path.contains(&i) {
            let hours_before = ((end.secs - f.end.secs).max(0) as f64) / 3600.0;
            f.confidence = (f.confidence * 0.6 / (1.0 + hours_before / 6.0)).min(0.5);
        }
    }
    let timeline = build_timeline(c, &findings, start, end);
    // A root's summary says what it led to.
    if let (Some(&root), Some(&mech)) = (path.first(), path.get(1)) {
        if findings[root].burst.is_some() && findings[mech].kind == CauseKind::OomKill {
            let gap = minutes_between(findings[root].end, findings[mech].start).max(0);
            let then = if gap <= 1 {
                "right after".to_string()
            } else {
                format!("{gap} minutes later")
            };
            let victim = findings[mech].subject.clone().unwrap_or_default();
            findings[root].summary = format!(
                "{}; {then} the kernel ran out of memory and killed {victim}",
                findings[root].summary
            );
        }
    }
    let mut order: Vec<usize> = path.clone();
    let mut rest: Vec<usize> = (0..findings.len()).filter(|i| !path.contains(i)).collect();
    rest.sort_by(|&a, &b| {
        findings[b]
            .confidence
            .total_cmp(&findings[a].confidence)
            .then(findings[a].start.cmp(&findings[b].start))
    });
    order.extend(rest);

    let client = options
        .client_ip
        .as_deref()
        .map(|ip| answer_client(scan, ip, zone));

    // Evidence: collect every line reference, resolve texts once.
    let known: HashMap<LineRef, &str> =
        c.notables.iter().map(|n| (n.at, n.text.as_str())).collect();
    let mut wanted: Vec<LineRef> = findings.iter().flat_map(|f| f.evidence.clone()).collect();
    if let Some(i) = &incident {
        wanted.extend(&i.evidence);
    }
    let texts = resolve_lines(&scan.files, &known, &wanted);
    let evidence = |refs: &[LineRef]| -> Vec<Evidence> {
        let mut refs = refs.to_vec();
        refs.dedup();
        refs.iter()
            .filter_map(|r| {
                Some(Evidence {
                    // Events fed from memory have no file: the path is left empty.
                    file: scan
                        .files
                        .get(r.file as usize)
                        .map(|f| f.path.display().to_string())
                        .unwrap_or_default(),
                    line: r.line,
                    text: texts.get(r)?.clone(),
                })
            })
            .collect()
    };

    Report {
        schema: SCHEMA,
        window: Window {
            start: show(start),
            end: show(end),
        },
        incident: incident.as_ref().map(|i| Incident {
            time: show(i.time),
            kind: i.kind.as_str().to_string(),
            summary: i.summary.clone(),
            evidence: evidence(&i.evidence),
        }),
        causes: order
            .iter()
            .map(|&i| {
                let f = &findings[i];
                Cause {
                    kind: f.kind.as_str().to_string(),
                    confidence: (f.confidence * 100.0).round() / 100.0,
                    summary: f.summary.clone(),
                    start: show(f.start),
                    end: show(f.end),
                    evidence: evidence(&f.evidence),
                }
            })
            .collect(),
        chain,
        timeline: timeline
            .into_iter()
            .map(|mut e| {
                e.time = show(e.time);
                e
            })
            .collect(),
        sources: scan
            .files
            .iter()
            .map(|f| SourceSummary {
                path: f.path.display().to_string(),
                format: f.format,
                lines: f.lines,
                parsed: f.parsed,
                unparsed: f.unparsed,
                first: f.first.map(show),
                last: f.last.map(show),
                compression: f.compression.and_then(crate::read::Compression::name),
                error: f.error.clone(),
                note: f.note.clone(),
            })
            .collect(),
        skipped: scan
            .skipped
            .iter()
            .map(|s| SkippedFile {
                path: s.path.display().to_string(),
                reason: s.reason.clone(),
            })
            .collect(),
        client,
        zone: zone.to_string(),
        warnings: crate::warnings::zone_mismatch(&scan.files, zone)
            .into_iter()
            .collect(),
        dropped: (c.notables_dropped > 0 || c.clients_untracked > 0).then_some(Dropped {
            notables: c.notables_dropped,
            client_lines: c.clients_untracked,
        }),
        series: build_series(c, show(start), end.secs + 3 * 3600),
    }
}

/// The signals charts show, in 5-minute steps (or longer, so a long window stays under 600
/// steps), from `start` to `until`.
fn build_series(c: &Collector, start: Timestamp, until: i64) -> Series {
    const SHOWN: [Signal; 9] = [
        Signal::HttpRequests,
        Signal::Http5xx,
        Signal::HttpBadGateway,
        Signal::MailQueued,
        Signal::MailDeferred,
        Signal::SaslFailures,
        Signal::AuthFailures,
        Signal::F2bBans,
        Signal::DbErrors,
    ];
    let span = (until - start.secs).max(60);
    // i64::div_ceil is not stable yet: (a + b - 1) / b for positive values.
    let step_secs = ((span / 600).max(300) + 59) / 60 * 60;
    let steps = usize::try_from((span + step_secs - 1) / step_secs).unwrap_or(0);
    let mut rows: Vec<SeriesRow> = SHOWN
        .iter()
        .map(|s| SeriesRow {
            name: s.as_str(),
            values: vec![0; steps],
        })
        .collect();
    let first_min = start.secs.div_euclid(60);
    let last_min = until.div_euclid(60);
    for (&m, minute) in &c.minutes {
        if m < first_min || m > last_min {
            continue;
        }
        let Ok(i) = usize::try_from((m * 60 - start.secs).max(0) / step_secs) else {
            continue;
        };
        for (row, signal) in rows.iter_mut().zip(SHOWN) {
            if let Some(v) = row.values.get_mut(i) {
                *v += u64::from(minute.get(signal));
            }
        }
    }
    Series {
        start,
        step_secs,
        signals: rows,
    }
}

/// The notable moments of the window (and three hours after its end, to show recovery),
/// bursts collapsed into one entry each, bans counted per jail and hour.
fn build_timeline(
    c: &Collector,
    findings: &[Finding],
    start: Timestamp,
    end: Timestamp,
) -> Vec<TimelineEntry> {
    let mut out: Vec<TimelineEntry> = Vec::new();
    let until = end.secs + 3 * 3600;
    for f in findings {
        if let Some(b) = &f.burst {
            let kind = match f.kind {
                CauseKind::MassMail => "mail_burst",
                CauseKind::WebAttack => "web_burst",
                _ => "auth_failure_burst",
            };
            let source = match f.kind {
                CauseKind::MassMail | CauseKind::AuthBruteForce => "postfix",
                _ => "nginx_access",
            };
            out.push(TimelineEntry {
                time: f.start,
                source: source.into(),
                kind: kind.into(),
                summary: f.summary.clone(),
                count: b.total,
            });
        }
    }
    for (s, e, n) in failing_runs(c) {
        if e * 60 < start.secs || s * 60 > until {
            continue;
        }
        out.push(TimelineEntry {
            time: Timestamp {
                secs: s * 60,
                nanos: 0,
                offset_secs: 0,
            },
            source: "nginx_access".into(),
            kind: "site_failing".into(),
            summary: format!(
                "the site failed for {} minutes: {} gateway errors or upstream failures",
                e - s + 1,
                thousands(n)
            ),
            count: n,
        });
    }
    let mut bans: BTreeMap<(i64, String), (Timestamp, u64, Vec<String>)> = BTreeMap::new();
    let mut last_kind: Option<(EventKind, i64)> = None;
    for n in &c.notables {
        if n.ts.secs < start.secs || n.ts.secs > until {
            continue;
        }
        if n.kind == EventKind::F2bBan {
            let jail = n.detail.clone().unwrap_or_default();
            let e = bans
                .entry((n.ts.secs / 3600, jail))
                .or_insert((n.ts, 0, Vec::new()));
            e.1 += 1;
            if let Some(ip) = &n.subject {
                if !e.2.contains(ip) {
                    e.2.push(ip.clone());
                }
            }
            continue;
        }
        // A crash report, a run of disk-full lines, or systemd's several lines about one
        // failure are one moment.
        if matches!(
            n.kind,
            EventKind::DbCrash
                | EventKind::DbRecovery
                | EventKind::DiskFull
                | EventKind::UnitFailed
        ) && last_kind.is_some_and(|(k, t)| k == n.kind && n.ts.secs - t < 120)
        {
            continue;
        }
        let summary = match n.kind {
            EventKind::OomKill => format!(
                "OOM killer killed {}",
                n.subject.as_deref().unwrap_or("a process")
            ),
            EventKind::OomInvoked => continue,
            EventKind::DbStarting => "database starting".into(),
            EventKind::DbReady => "database ready for connections".into(),
            EventKind::DbRecovery => "database crash recovery".into(),
            EventKind::DbCrash => "database crashed".into(),
            EventKind::DbShutdownInitiated => "database shutdown requested".into(),
            EventKind::DbShutdownComplete => "database shutdown complete".into(),
            EventKind::DbTooManyConnections => "database: too many connections".into(),
            EventKind::DbOutOfMemory => "database out of memory".into(),
            EventKind::UnitFailed => format!(
                "{} failed ({})",
                n.subject.as_deref().unwrap_or("a unit"),
                n.detail.as_deref().unwrap_or("?")
            ),
            EventKind::UnitStarted => {
                format!("{} started", n.subject.as_deref().unwrap_or("a unit"))
            }
            EventKind::UnitStopped => {
                format!("{} stopped", n.subject.as_deref().unwrap_or("a unit"))
            }
            EventKind::DiskFull => format!("no space left on device ({})", n.source.as_str()),
            EventKind::WorkerExited => "nginx worker exited".into(),
            EventKind::MailFatal => "Postfix fatal error".into(),
            _ => continue,
        };
        last_kind = Some((n.kind, n.ts.secs));
        out.push(TimelineEntry {
            time: n.ts,
            source: n.source.as_str().into(),
            kind: n.kind.as_str().into(),
            summary,
            count: 1,
        });
    }
    for ((_, jail), (t, count, ips)) in bans {
        out.push(TimelineEntry {
            time: t,
            source: "fail2ban".into(),
            kind: "f2b_ban".into(),
            summary: match (count, ips.as_slice()) {
                (1, [ip]) => format!("Fail2Ban banned {ip} in jail {jail}"),
                (n, [ip]) => {
                    format!("Fail2Ban banned {ip} {n} times in jail {jail} within the hour")
                }
                (n, ips) => format!(
                    "Fail2Ban made {n} bans of {} IPs in jail {jail} within the hour",
                    ips.len()
                ),
            },
            count,
        });
    }
    out.sort_by(|a, b| a.time.cmp(&b.time).then(a.kind.cmp(&b.kind)));
    out
}

/// Was this client banned, by what, when, and is it still?
fn answer_client(scan: &Scan, ip: &str, zone: &Zone) -> ClientAnswer {
    let c = &scan.collector;
    let show = |t: Timestamp| t.with_offset(zone.offset_at(t.secs));
    let mut bans: Vec<BanRecord> = Vec::new();
    for n in &c.notables {
        if n.subject.as_deref() != Some(ip) {
            continue;
        }
        match n.kind {
            EventKind::F2bBan | EventKind::F2bRestoreBan => bans.push(BanRecord {
                jail: n.detail.clone(),
                start: show(n.ts),
                end: None,
                evidence: Evidence {
                    file: scan
                        .files
                        .get(n.at.file as usize)
                        .map(|f| f.path.display().to_string())
                        .unwrap_or_default(),
                    line: n.at.line,
                    text: n.text.clone(),
                },
            }),
            EventKind::F2bUnban => {
                if let Some(b) = bans
                    .iter_mut()
                    .rev()
                    .find(|b| b.end.is_none() && b.jail == n.detail)
                {
                    b.end = Some(show(n.ts));
                }
            }
            _ => {}
        }
    }
    let still = bans.iter().any(|b| b.end.is_none());
    let hm = |t: Timestamp| t.to_datetime().format("%Y-%m-%d %H:%M").to_string();
    let summary = match (bans.last(), still) {
        (None, _) => format!("{ip} was never banned in these logs"),
        (Some(b), true) => format!(
            "{ip} was banned by Fail2Ban (jail {}) at {} and was still banned at the end of the logs",
            b.jail.as_deref().unwrap_or("?"),
            hm(b.start)
        ),
        (Some(b), false) => format!(
            "{ip} was banned {} by Fail2Ban; the last ban (jail {}, {} to {}) has been lifted",
            if bans.len() == 1 {
                "once".to_string()
            } else {
                format!("{} times", bans.len())
            },
            b.jail.as_deref().unwrap_or("?"),
            hm(b.start),
            b.end.map(hm).unwrap_or_default()
        ),
    };
    ClientAnswer {
        ip: ip.to_string(),
        banned: !bans.is_empty(),
        still_banned: still,
        bans,
        lines_seen: c.trail_total,
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::FileReport;
    use std::io::Write;

    fn report(path: &std::path::Path, line_marks: Vec<(u64, u64)>) -> FileReport {
        FileReport {
            line_marks,
            ..FileReport::empty(path, None)
        }
    }

    /// Evidence lines are found again from the file, with or without chunk marks, plain or
    /// compressed, in any order asked and past the end of the file.
    #[test]
    fn lines_of_file_finds_each_wanted_line() {
        let mut text = String::new();
        let mut marks = Vec::new();
        for i in 1..=5000u64 {
            if i % 700 == 1 && i > 1 {
                marks.push((i, text.len() as u64));
            }
            let pad = "x".repeat((i as usize * 31) % 120);
            text.push_str(&format!("line {i} {pad}\r\n"));
        }
        let line = |i: u64| format!("line {i} {}", "x".repeat((i as usize * 31) % 120));
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("mail.log");
        std::fs::write(&plain, &text).unwrap();
        let gz = dir.path().join("mail.log.2.gz");
        let mut enc =
            flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), Default::default());
        enc.write_all(text.as_bytes()).unwrap();
        enc.finish().unwrap();

        let wanted = vec![
            4999, 1, 700, 701, 702, 1400, 1401, 2, 3333, 5000, 5001, 9000, 701,
        ];
        let expected: Vec<(u64, String)> = [1, 2, 700, 701, 702, 1400, 1401, 3333, 4999, 5000]
            .into_iter()
            .map(|i| (i, line(i)))
            .collect();
        for (path, marks) in [
            (&plain, marks.clone()),
            (&plain, Vec::new()),
            (&gz, Vec::new()),
        ] {
            let got = lines_of_file(&report(path, marks.clone()), wanted.clone());
            assert_eq!(
                got,
                expected,
                "{} with {} marks",
                path.display(),
                marks.len()
            );
        }
        // A mark at line 0 (as an embedder may build one) starts at the file's start.
        let got = lines_of_file(&report(&plain, vec![(0, 0)]), vec![3]);
        assert_eq!(got, vec![(3, line(3))]);
        // A wrong mark (the file changed since the scan) gives wrong text, never a panic.
        let got = lines_of_file(&report(&plain, vec![(2, 10_000_000)]), vec![3]);
        assert!(got.is_empty());
    }
}
