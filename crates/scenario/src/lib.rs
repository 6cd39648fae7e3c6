//! # scenario
//!
//! Seeded generator of realistic `/var/log` trees for a small web and mail server (nginx,
//! Postfix and dovecot, MariaDB, Fail2Ban, syslog, kern.log, auth.log), with an incident
//! injected into ordinary background traffic and the expected answer written beside the tree.
//! The same [`Scenario`] (seed included) always produces the same bytes, gzip members too.
//!
//! How it works: a [`Scenario`] (host, zone, span, size, incident) is turned into a world of
//! derived facts (rotation instants, when the database is down, how PHP fares); background
//! generators (web, mail, scanners and Fail2Ban, cron and systemd, MariaDB) and the incident's
//! injector write lines into per-file buffers one rotation period at a time; each period is
//! sorted and written by a [`RotatingWriter`] as logrotate with `delaycompress` leaves it:
//! `name`, `name.1`, `name.2.gz`, ….
//!
//! ## Scenarios
//!
//! [`Kind`] names every scenario; `pm-scenario <kind> DIR` writes one. Each has decoys and
//! ordinary daily Fail2Ban bans around its incident; `EXPECTED.json` holds the answer, the
//! ground truth and a short story.
//!
//! | kind | zone, logs | incident | root cause | chain |
//! | --- | --- | --- | --- | --- |
//! | `demo` | Asia/Tokyo, 2026-11-22 → 24 | 11-24 14:01:07, OOM kill of mariadbd | `mass_mail` | mass_mail → oom_kill → db_down |
//! | `db_crash` | Asia/Tokyo, 11-23 → 24 | 11-24 10:42:17, signal 11 (twice, restarted) | `db_crash` | db_crash → db_down |
//! | `db_stopped` | Europe/Berlin, 10-24 → 25 (end of summer time) | 10-25 10:14:03 +01:00, `systemctl stop` | `db_stopped` | db_stopped → db_down |
//! | `disk_full` | America/New_York, 06-13 → 14 | 06-14 11:55:31, MariaDB blocks on the full disk | `disk_full` | disk_full → db_down |
//! | `client_banned` | Asia/Tokyo, 11-23 → 24 | 11-24 ~10:03, first ban of the office | `client_banned` | client_banned → client_blocked |
//! | `web_attack` | UTC, 11-23 → 24 | 11-24 14:02:09, PHP-FPM saturated | `web_attack` | web_attack → site_down |
//! | `oom_no_cause` | America/Los_Angeles, 12-31 → 2027-01-01, RFC 3164 stamps | 01-01 03:12:44, OOM kill, no burst | `oom_kill` | oom_kill → db_down |
//!
//! Decoys: an admin restart of MariaDB the day before and a SMTP/IMAP password storm hours
//! before (`db_crash`); the newsletter, 1,200 mails from uid 33, hours before (`db_stopped`);
//! an admin restart through `mariadb-admin shutdown` the day before (`oom_no_cause`).
//!
//! ```no_run
//! let summary = scenario::generate(&scenario::Scenario::demo(), "fixtures/demo".as_ref())?;
//! assert_eq!(summary.expected.root_cause.as_deref(), Some("mass_mail"));
//! # Ok::<(), scenario::Error>(())
//! ```
//!
//! Every incident scenario by its kind, into a temporary directory:
//!
//! ```no_run
//! for kind in scenario::Kind::ALL {
//!     let dir = std::env::temp_dir().join(kind.name());
//!     let summary = scenario::generate(&kind.scenario(kind.default_seed()), &dir)?;
//!     println!("{}: {:?}", kind.name(), summary.expected.chain);
//! }
//! # Ok::<(), scenario::Error>(())
//! ```
//!
//! The rotation writer on its own:
//!
//! ```
//! use scenario::{RotatingWriter, Time};
//!
//! let dir = tempfile::tempdir()?;
//! let day = 86_400_000_000;
//! let mut w = RotatingWriter::new(dir.path(), "app.log", vec![Time::from_micros(day)]);
//! w.write_line(Time::from_micros(10), b"yesterday")?;
//! w.write_line(Time::from_micros(day + 10), b"today")?;
//! let files = w.finish()?;
//! assert_eq!(files[0].path, "app.log.1");
//! assert_eq!(std::fs::read_to_string(dir.path().join("app.log"))?, "today\n");
//! # Ok::<(), std::io::Error>(())
//! ```
#![deny(missing_docs)]

mod expected;
mod gen;
mod generate;
mod incident;
mod names;
mod rotate;
mod scenario;
mod sink;
mod time;
mod traffic;
mod world;

pub use expected::{
    Ban, ClientTruth, CrashTruth, DecoyTruth, DiskFullTruth, Expected, MassMailTruth, OomKill,
    Span, StopTruth, WebAttackTruth,
};
pub use generate::{generate, Error, Summary, EXPECTED_FILE};
pub use rotate::{rotated_name, FileStat, RotatingWriter, Rotation};
pub use scenario::{
    ClientBanned, DbCrash, DbStopped, Decoy, DiskFull, Host, Incident, Kind, MassMail, OomLeak,
    RestartVia, Scenario, Size, WebAttack,
};
pub use sink::LogFile;
pub use time::Time;
