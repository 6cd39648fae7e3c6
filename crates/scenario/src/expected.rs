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

/// A crash of the database.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrashTruth {
    /// The crash report's first line (to the second).
    pub time: String,
    /// The fatal signal.
    pub signal: u8,
    /// When the server was ready for connections again, if within the logs.
    pub ready_again: Option<String>,
}

/// An orderly stop of the database.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopTruth {
    /// MariaDB's `Normal shutdown` line (to the second).
    pub time: String,
    /// Who: the user and the command they ran.
    pub by: String,
    /// What MariaDB logs as the initiator.
    pub initiated_by: String,
    /// When it was ready for connections again, if within the logs.
    pub started_again: Option<String>,
}

/// A full filesystem.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiskFullTruth {
    /// The filesystem that filled up.
    pub filesystem: String,
    /// What filled it.
    pub filled_by: String,
    /// The first write that failed (Postfix's warning).
    pub first_error: String,
    /// When MariaDB blocked waiting for space (the site stops answering).
    pub db_blocked: String,
    /// When InnoDB's watchdog aborted MariaDB (signal 6).
    pub db_aborted: String,
    /// When the automatic restart failed for lack of space.
    pub restart_failed: String,
    /// When the admin freed space.
    pub freed: String,
}

/// A legitimate client banned.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientTruth {
    /// Its address.
    pub ip: String,
    /// What it is.
    pub who: String,
    /// The jail whose bans come first.
    pub jail: String,
    /// The first failed login.
    pub first_failure: String,
    /// The first ban.
    pub first_ban: String,
    /// How many bans in all (the first jail's and `recidive`'s).
    pub bans: u32,
    /// `recidive`'s long ban, if any.
    pub recidive_ban: Option<String>,
    /// Whether a ban is still in force when the logs end.
    pub still_banned: bool,
    /// Addresses of the same people that kept working (their phones).
    pub unaffected: Vec<String>,
}

/// An HTTP flood.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebAttackTruth {
    /// The first flood request.
    pub start: String,
    /// When PHP-FPM was saturated (the site fails from then).
    pub saturated: String,
    /// When the admin's deny rules took effect.
    pub blocked: String,
    /// The last flood request in the logs.
    pub end: String,
    /// Addresses that flooded `/xmlrpc.php` (not banned by Fail2Ban).
    pub flooders: Vec<String>,
    /// Addresses that guessed on `/wp-login.php` (banned by Fail2Ban).
    pub guessers: Vec<String>,
    /// Attack requests in the access log.
    pub requests: u32,
}

/// Something that looks like trouble and did not cause the incident.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecoyTruth {
    /// The cause kind it resembles (`mass_mail`, `auth_brute_force`, `db_stopped`).
    pub resembles: String,
    /// Start (to the second).
    pub start: String,
    /// End (to the second).
    pub end: String,
    /// What it was.
    pub summary: String,
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
    /// `--client-ip` to pass in the variant that asks about the banned client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<String>,
    /// The story in a few sentences, and why the answer is what it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    /// The mail burst, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mass_mail: Option<MassMailTruth>,
    /// The OOM kill, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oom_kill: Option<OomKill>,
    /// When the database was down: from the kill to `ready for connections`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db_down: Option<Span>,
    /// The database's crashes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crashes: Vec<CrashTruth>,
    /// The orderly stop that took the database down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db_stop: Option<StopTruth>,
    /// The full filesystem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_full: Option<DiskFullTruth>,
    /// The banned legitimate client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<ClientTruth>,
    /// The HTTP flood.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_attack: Option<WebAttackTruth>,
    /// The decoys, in time order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decoys: Vec<DecoyTruth>,
    /// First line to end of the logs.
    pub logs: Span,
    /// The generator's seed.
    pub seed: u64,
    /// Every Fail2Ban ban, in order.
    pub bans: Vec<Ban>,
}
