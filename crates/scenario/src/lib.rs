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
//! ```no_run
//! let summary = scenario::generate(&scenario::Scenario::demo(), "fixtures/demo".as_ref())?;
//! assert_eq!(summary.expected.root_cause.as_deref(), Some("mass_mail"));
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

pub use expected::{Ban, Expected, MassMailTruth, OomKill, Span};
pub use generate::{generate, Error, Summary, EXPECTED_FILE};
pub use rotate::{rotated_name, FileStat, RotatingWriter, Rotation};
pub use scenario::{Host, Incident, MassMail, Scenario, Size};
pub use sink::LogFile;
pub use time::Time;
