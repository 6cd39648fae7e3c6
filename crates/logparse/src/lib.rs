//! # logparse
//!
//! Zero-copy parsers for the logs of a small web and mail server: nginx access and error logs,
//! Postfix and the mail log around it (dovecot, opendkim, ...), MariaDB/MySQL, Fail2Ban, the kernel
//! and the rest of the syslog family.
//!
//! `logparse` turns one line into one typed [`Event`]: it knows nothing of files, threads or
//! reports. Events borrow their text from the line, so parsing allocates nothing. Timestamps are
//! returned as written ([`PartialTime`]); a [`TimeResolver`] supplies the zone and the missing
//! year under the caller's policy.
//!
//! ```
//! use logparse::{EventKind, Fields, Format, Parser, TimeResolver, Zone};
//!
//! let line = r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET /wp-login.php HTTP/1.1" 502 157 "-" "Mozilla/5.0""#;
//! let format = logparse::detect_format([line]).unwrap();
//! assert_eq!(format, Format::NginxAccess);
//!
//! let mut parser = Parser::new(format);
//! let event = parser.parse(line).unwrap();
//! assert_eq!(event.kind, EventKind::HttpRequest);
//! if let Fields::NginxAccess(access) = &event.fields {
//!     assert_eq!(access.status, Some(502));
//!     assert_eq!(access.path, Some("/wp-login.php"));
//! }
//! let mut resolver = TimeResolver::new(Zone::UTC);
//! let when = resolver.resolve(&event.time.unwrap()).unwrap();
//! assert_eq!(when.to_string(), "2026-11-24T03:12:01+09:00");
//! ```
#![deny(missing_docs)]

mod event;
mod fail2ban;
mod format;
mod mail;
mod mariadb;
mod nginx;
mod syslog;
mod system;
mod time;

pub use event::{
    AccessFields, Event, EventKind, Fail2banFields, Fields, KernelFields, MailFields,
    MariadbFields, NginxErrorFields, Source, SyslogFields, SyslogHeader,
};
pub use format::{detect_format, Format, Parser};
pub use mail::is_mail_program;
pub use time::{
    parse_clf_time, parse_rfc3164, parse_rfc3339, parse_ymd_hms, parse_yymmdd, PartialTime,
    TimeResolver, Timestamp, Zone,
};
