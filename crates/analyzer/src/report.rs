//! The report: what the analysis found, in the shape of the JSON contract
//! (`postmortem.report.v1`). Serializing a [`Report`] with serde gives the contract's JSON.

use logparse::{Format, Timestamp};
use serde::{Serialize, Serializer};

/// The schema name of the JSON report.
pub const SCHEMA: &str = "postmortem.report.v1";

fn ts<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(t)
}

fn opt_ts<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.collect_str(t),
        None => s.serialize_none(),
    }
}

fn format_name<S: Serializer>(f: &Option<Format>, s: S) -> Result<S::Ok, S::Error> {
    match f {
        Some(f) => s.serialize_str(f.as_str()),
        None => s.serialize_str("unknown"),
    }
}

/// The whole analysis.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The span looked at.
    pub window: Window,
    /// The outage, when one was found (or `--at` named one).
    pub incident: Option<Incident>,
    /// Causes, most likely first; `causes[0]` is the root cause.
    pub causes: Vec<Cause>,
    /// Root cause → mechanism → incident, e.g. `["mass_mail", "oom_kill", "db_down"]`.
    pub chain: Vec<String>,
    /// Notable moments in order, bursts collapsed into one entry.
    pub timeline: Vec<TimelineEntry>,
    /// Every file read.
    pub sources: Vec<SourceSummary>,
    /// Paths passed over, with reasons.
    pub skipped: Vec<SkippedFile>,
    /// The answer about `--client-ip`, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<ClientAnswer>,
    /// The zone used for timestamps without an offset.
    pub zone: String,
    /// What in the input may make this report wrong, with what to do about it; absent when
    /// nothing was found.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
    /// What was read but not kept, to keep memory bounded; absent when nothing was dropped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dropped: Option<Dropped>,
    /// Activity over the window (and three hours after it), for charts.
    pub series: Series,
}

/// Signals in fixed steps over the window and three hours after it: `values[i]` counts the
/// events in `[start + i·step, start + (i+1)·step)`.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    /// Start of the first step.
    #[serde(serialize_with = "ts")]
    pub start: Timestamp,
    /// Step length in seconds.
    pub step_secs: i64,
    /// One row per signal, in a fixed order.
    pub signals: Vec<SeriesRow>,
}

/// One signal's counts per step.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesRow {
    /// The signal's name (`http_requests`, `http_5xx`, `mail_queued`, ...).
    pub name: &'static str,
    /// Counts per step.
    pub values: Vec<u64>,
}

/// Something in the input that may make the report wrong, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// `zone_mismatch`: the logs' own stamps carry an offset other than the zone's, in which
    /// the stamps without one were read.
    pub kind: String,
    /// What was found and what to do, in a sentence or two.
    pub summary: String,
    /// The files whose times may be wrong.
    pub files: Vec<String>,
}

/// A span of time.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Window {
    /// Start (inclusive).
    #[serde(serialize_with = "ts")]
    pub start: Timestamp,
    /// End: the incident time, or the end of the logs.
    #[serde(serialize_with = "ts")]
    pub end: Timestamp,
}

/// A log line that backs a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The file, as found under the given paths.
    pub file: String,
    /// 1-based line number within the decompressed file.
    pub line: u64,
    /// The line's text (invalid UTF-8 replaced).
    pub text: String,
}

/// The outage.
#[derive(Debug, Clone, Serialize)]
pub struct Incident {
    /// When it began.
    #[serde(serialize_with = "ts")]
    pub time: Timestamp,
    /// `db_down`, `site_down`, `client_blocked`, ...
    pub kind: String,
    /// One sentence.
    pub summary: String,
    /// The lines that show it.
    pub evidence: Vec<Evidence>,
}

/// A cause and how sure we are of it.
#[derive(Debug, Clone, Serialize)]
pub struct Cause {
    /// `mass_mail`, `web_attack`, `auth_brute_force`, `client_banned`, `db_crash`,
    /// `db_stopped`, `disk_full`, `oom_kill`.
    pub kind: String,
    /// 0.0 to 1.0.
    pub confidence: f64,
    /// One sentence, with numbers.
    pub summary: String,
    /// When it started.
    #[serde(serialize_with = "ts")]
    pub start: Timestamp,
    /// When it ended.
    #[serde(serialize_with = "ts")]
    pub end: Timestamp,
    /// The lines that show it.
    pub evidence: Vec<Evidence>,
}

/// One notable moment.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    /// When (the start, for a collapsed run).
    #[serde(serialize_with = "ts")]
    pub time: Timestamp,
    /// The source that wrote it (`postfix`, `kernel`, ...).
    pub source: String,
    /// What (`mail_burst`, `oom_kill`, `db_ready`, `f2b_ban`, ...).
    pub kind: String,
    /// One line.
    pub summary: String,
    /// How many events this entry stands for.
    pub count: u64,
}

/// What was read from one file.
#[derive(Debug, Clone, Serialize)]
pub struct SourceSummary {
    /// The path.
    pub path: String,
    /// The detected format (`unknown` when none was recognised).
    #[serde(serialize_with = "format_name")]
    pub format: Option<Format>,
    /// Lines read.
    pub lines: u64,
    /// Lines parsed.
    pub parsed: u64,
    /// Non-empty lines not parsed.
    pub unparsed: u64,
    /// First parsed line's time.
    #[serde(serialize_with = "opt_ts")]
    pub first: Option<Timestamp>,
    /// Last parsed line's time.
    #[serde(serialize_with = "opt_ts")]
    pub last: Option<Timestamp>,
    /// `gzip` for compressed files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compression: Option<&'static str>,
    /// Why the file could not be read, or only in part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Why a readable file was not read (outside the window).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What the analysis read but did not keep, to keep its memory bounded whatever the input.
#[derive(Debug, Clone, Serialize)]
pub struct Dropped {
    /// Notable events (bans, database and unit changes, ...) dropped, the oldest first, beyond
    /// the latest 25,000 of each pool (Fail2Ban's bans and unbans; the rest).
    pub notables: u64,
    /// Lines about a client not tracked because 250,000 clients were known already.
    pub client_lines: u64,
}

/// A path not read.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedFile {
    /// The path.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// Was this client banned or blocked, by what, when, and is it still?
#[derive(Debug, Clone, Serialize)]
pub struct ClientAnswer {
    /// The client asked about.
    pub ip: String,
    /// Whether it was banned at any time in the logs.
    pub banned: bool,
    /// Whether a ban was still in force at the end of the logs.
    pub still_banned: bool,
    /// The bans, oldest first.
    pub bans: Vec<BanRecord>,
    /// Lines naming this client in all the logs.
    pub lines_seen: u64,
    /// One sentence.
    pub summary: String,
}

/// One ban of a client.
#[derive(Debug, Clone, Serialize)]
pub struct BanRecord {
    /// The jail.
    pub jail: Option<String>,
    /// When the ban began.
    #[serde(serialize_with = "ts")]
    pub start: Timestamp,
    /// When it was lifted, if it was.
    #[serde(serialize_with = "opt_ts")]
    pub end: Option<Timestamp>,
    /// The ban line.
    pub evidence: Evidence,
}
