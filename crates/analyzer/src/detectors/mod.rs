//! Detectors: one small module per cause kind of the contract. Each reads only the collector's
//! series and notable events over the window and returns [`Finding`]s; ranking them and linking
//! them into a causal chain is [`crate::diagnose`]'s job.

use logparse::{EventKind, Timestamp};

use crate::series::{find_bursts_by_time_of_day, Burst};
use crate::signals::{Collector, LineRef, Minute, Notable, Signal};

mod auth_brute_force;
mod client_banned;
mod database;
mod disk_full;
mod mass_mail;
mod oom_kill;
mod web_attack;

/// The cause kinds of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CauseKind {
    /// An outbound mail burst far above the baseline.
    MassMail,
    /// An HTTP flood, scan or login brute force.
    WebAttack,
    /// A credential attack on mail or another non-web service.
    AuthBruteForce,
    /// Fail2Ban banned a legitimate client.
    ClientBanned,
    /// The database died on its own.
    DbCrash,
    /// An orderly, initiated database shutdown.
    DbStopped,
    /// A filesystem ran out of space.
    DiskFull,
    /// The kernel's OOM killer killed a service.
    OomKill,
}

impl CauseKind {
    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            CauseKind::MassMail => "mass_mail",
            CauseKind::WebAttack => "web_attack",
            CauseKind::AuthBruteForce => "auth_brute_force",
            CauseKind::ClientBanned => "client_banned",
            CauseKind::DbCrash => "db_crash",
            CauseKind::DbStopped => "db_stopped",
            CauseKind::DiskFull => "disk_full",
            CauseKind::OomKill => "oom_kill",
        }
    }
}

/// Something a detector found, before ranking.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Which cause.
    pub kind: CauseKind,
    /// The detector's own confidence, 0–1, before causal links are weighed.
    pub confidence: f64,
    /// One sentence with numbers.
    pub summary: String,
    /// Start.
    pub start: Timestamp,
    /// End.
    pub end: Timestamp,
    /// Lines that show it.
    pub evidence: Vec<LineRef>,
    /// For bursts: the burst itself.
    pub burst: Option<Burst>,
    /// A process, IP or unit the finding is about.
    pub subject: Option<String>,
}

/// What every detector sees.
#[derive(Debug)]
pub struct Context<'a> {
    /// The scan's aggregates.
    pub collector: &'a Collector,
    /// First minute of the window.
    pub start_min: i64,
    /// Last minute looked at (the incident, plus a little slack).
    pub end_min: i64,
    /// The client under investigation.
    pub client_ip: Option<&'a str>,
    /// Offset for timestamps made from minutes.
    pub offset_secs: i32,
}

impl Context<'_> {
    /// One signal as a dense series over the window.
    pub fn series(&self, signal: Signal) -> Vec<u32> {
        (self.start_min..=self.end_min)
            .map(|m| self.collector.minutes.get(&m).map_or(0, |x| x.get(signal)))
            .collect()
    }

    /// The minute record, if any event fell in it.
    pub fn minute(&self, m: i64) -> Option<&Minute> {
        self.collector.minutes.get(&m).map(|minute| &**minute)
    }

    /// Bursts of one signal over the window.
    pub fn bursts(&self, signal: Signal, floor: f64, min_total: u64) -> Vec<Burst> {
        // The same minutes a day earlier, when the logs reach back that far.
        let day = 1440;
        let has_history = self
            .collector
            .minutes
            .keys()
            .any(|&m| m >= self.start_min - day && m < self.start_min);
        let before: Option<Vec<u32>> = has_history.then(|| {
            (self.start_min - day..=self.end_min - day)
                .map(|m| self.collector.minutes.get(&m).map_or(0, |x| x.get(signal)))
                .collect()
        });
        find_bursts_by_time_of_day(
            &self.series(signal),
            before.as_deref(),
            self.start_min,
            floor,
            min_total,
            2,
        )
    }

    /// Notable events of these kinds within the window.
    pub fn notables<'s>(&'s self, kinds: &'s [EventKind]) -> impl Iterator<Item = &'s Notable> {
        let (lo, hi) = (self.start_min * 60, self.end_min * 60 + 59);
        self.collector
            .notables
            .iter()
            .filter(move |n| n.ts.secs >= lo && n.ts.secs <= hi && kinds.contains(&n.kind))
    }

    /// A timestamp at the start of a minute.
    pub fn at_minute(&self, m: i64) -> Timestamp {
        Timestamp {
            secs: m * 60,
            nanos: 0,
            offset_secs: self.offset_secs,
        }
    }

    /// The first line of a signal in each of these minutes (those that have one).
    pub fn first_lines(
        &self,
        signal: Signal,
        minutes: impl IntoIterator<Item = i64>,
    ) -> Vec<LineRef> {
        minutes
            .into_iter()
            .filter_map(|m| self.minute(m).and_then(|x| x.first(signal)))
            .collect()
    }
}

/// Runs every detector over the window.
pub fn run_all(ctx: &Context<'_>) -> Vec<Finding> {
    let mut all = Vec::new();
    all.extend(mass_mail::detect(ctx));
    all.extend(web_attack::detect(ctx));
    all.extend(auth_brute_force::detect(ctx));
    all.extend(client_banned::detect(ctx));
    all.extend(database::detect(ctx));
    all.extend(disk_full::detect(ctx));
    all.extend(oom_kill::detect(ctx));
    all
}

/// A database crash line in words: `the database server crashed (signal 11)`.
pub fn crash_summary(text: &str) -> String {
    let signal = text.find("got signal ").and_then(|i| {
        let digits: String = text[i + "got signal ".len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        (!digits.is_empty()).then_some(digits)
    });
    let what = match signal.as_deref() {
        Some("11") => " (signal 11, a segmentation fault)".to_string(),
        Some("6") => " (signal 6, an abort)".to_string(),
        Some(n) => format!(" (signal {n})"),
        None if text.contains("ssertion") => " (an assertion failure)".to_string(),
        None => String::new(),
    };
    format!("the database server crashed{what}")
}

/// `1234` → `1,234`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A factor for humans: `160×`, `3.5×`.
pub fn factor(f: f64) -> String {
    if f >= 10.0 {
        format!("{}×", thousands(f.round() as u64))
    } else {
        format!("{f:.1}×")
    }
}

/// Confidence from a burst's size over normal: 10× is weak, 1000× is certain.
pub fn burst_confidence(b: &Burst) -> f64 {
    (b.factor.max(1.0).log10() / 3.0).clamp(0.2, 0.95)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crash_summaries() {
        assert_eq!(
            crash_summary("2026-11-24 10:42:17 0 [ERROR] mysqld got signal 11 ;"),
            "the database server crashed (signal 11, a segmentation fault)"
        );
        assert_eq!(
            crash_summary("InnoDB: Assertion failure in file btr0cur.cc line 336"),
            "the database server crashed (an assertion failure)"
        );
        assert_eq!(crash_summary("got signal x"), "the database server crashed");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(4812), "4,812");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
