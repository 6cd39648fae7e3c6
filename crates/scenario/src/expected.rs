//! The expected answer written beside a generated tree (`EXPECTED.json`).
//!
//! The first fields are what `postmortem analyze --json` should conclude (`root_cause`,
//! `chain`, `incident_time`); the rest is ground truth for finer checks (the burst's size and
//! span, the OOM kill, the outage, every ban).

use serde::{Deserialize, Serialize};

pub use crate::gen::scanners::Ban;

/// A span of time, RFC 3339 with offset.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Start.
    pub start: String,
    /// End.
    pub end: String,
}

/// The mail burst.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MassMailTruth {
    /// The first message's `pickup` line (to the second).
    pub start: String,
    /// The last message's `pickup` line (to the second).
    pub end: String,
    /// Messages queued by the burst.
    pub messages: u32,
    /// The local uid that submitted them.
    pub uid: u32,
    /// Their envelope sender.
    pub sender: String,
    /// The abused form's URL path.
    pub form: String,
    /// The addresses that posted the form.
    pub clients: Vec<String>,
    /// Distinct recipients.
    pub recipients: u32,
    /// Recipient domains.
    pub domains: Vec<String>,
    /// Messages deferred at least once.
    pub deferred: u32,
    /// Messages still in the queue when the logs end.
    pub still_queued: u32,
}

/// The kernel's OOM kill.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OomKill {
    /// When the victim was killed (to the second).
    pub time: String,
    /// The victim's command name.
    pub process: String,
    /// The victim's pid.
    pub pid: u32,
    /// The victim's uid.
    pub uid: u32,
    /// Its systemd unit.
    pub unit: String,
    /// The command whose allocation invoked the OOM killer.
    pub invoked_by: String,
}

/// Everything a report on the generated tree should find.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expected {
    /// The root cause's kind (`"mass_mail"`), `null` for a quiet scenario.
    pub root_cause: Option<String>,
    /// Root cause → mechanism → incident.
    pub chain: Vec<String>,
    /// Onset of the outage (to the second).
    pub incident_time: Option<String>,
    /// The server's IANA time zone.
    pub tz: String,
    /// The mail burst, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mass_mail: Option<MassMailTruth>,
    /// The OOM kill, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oom_kill: Option<OomKill>,
    /// When the database was down: from the kill to `ready for connections`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db_down: Option<Span>,
    /// First line to end of the logs.
    pub logs: Span,
    /// The generator's seed.
    pub seed: u64,
    /// Every Fail2Ban ban, in order.
    pub bans: Vec<Ban>,
}
