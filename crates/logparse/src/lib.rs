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
//!
//! Access logs in a format of their own are read with the nginx `log_format` (or Apache
//! `LogFormat`) string that wrote them, compiled into an [`AccessFormat`]:
//!
//! ```
//! use logparse::{AccessFormat, Fields, Parser};
//!
//! let format: AccessFormat = r#"$host $remote_addr [$time_iso8601] "$request" $status $request_time"#.parse()?;
//! let mut parser = Parser::with_access_format(format);
//! let line = r#"shop.example.com 198.51.100.23 [2026-11-24T03:12:01+09:00] "GET /cart HTTP/2.0" 504 60.001"#;
//! let event = parser.parse(line).unwrap();
//! if let Fields::NginxAccess(access) = &event.fields {
//!     assert_eq!(access.vhost, Some("shop.example.com"));
//!     assert_eq!(access.status, Some(504));
//!     assert_eq!(access.request_time, Some(60.001));
//! }
//! # Ok::<(), logparse::FormatError>(())
//! ```
#![deny(missing_docs)]

#[cfg(test)]
#[macro_use]
mod test_macros;

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
pub use format::{detect_format, detect_parser, Format, Parser};
pub use mail::is_mail_program;
pub use nginx::custom::{AccessFormat, FormatError, FormatErrorKind};
pub use time::{
    parse_clf_time, parse_rfc3164, parse_rfc3339, parse_ymd_hms, parse_yymmdd, PartialTime,
    TimeResolver, Timestamp, Zone,
};
