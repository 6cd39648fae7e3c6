//! Formats, the [`Parser`] that dispatches a line to its format's module (or to the user's own
//! [`AccessFormat`]), and detection of a file's format from its first lines.

use std::fmt;
use std::str::FromStr;

use crate::event::Event;
use crate::nginx::custom::AccessFormat;
use crate::{fail2ban, mail, mariadb, nginx, syslog, system};

/// A log file format. The names are those of the CLI's `--format` and the report's `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Format {
    /// nginx / Apache combined or common access log.
    NginxAccess,
    /// nginx error log.
    NginxError,
    /// The mail log: Postfix and the programs beside it.
    Postfix,
    /// MariaDB / MySQL error log.
    Mariadb,
    /// Fail2Ban's log.
    Fail2ban,
    /// syslog, messages, kern.log, daemon.log, auth.log, journalctl text exports.
    Syslog,
}

impl Format {
    /// Every format, in detection order.
    pub const ALL: [Format; 6] = [
        Format::NginxAccess,
        Format::NginxError,
        Format::Postfix,
        Format::Mariadb,
        Format::Fail2ban,
        Format::Syslog,
    ];

    /// The contract name (`nginx_access`, `postfix`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::NginxAccess => "nginx_access",
            Format::NginxError => "nginx_error",
            Format::Postfix => "postfix",
            Format::Mariadb => "mariadb",
            Format::Fail2ban => "fail2ban",
            Format::Syslog => "syslog",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of [`Format::from_str`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat;

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown format")
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or(UnknownFormat)
    }
}

/// Parses the lines of one file of a known format.
///
/// A `Parser` is cheap to create and to clone; keep one per file, since some formats read
/// context from the lines before (MariaDB's multi-line crash report).
#[derive(Debug, Clone)]
pub struct Parser {
    format: Format,
    /// The user's own access-log format, read instead of the built-in access parser.
    access: Option<AccessFormat>,
    /// The previous syslog-family line's stamp, for the next.
    stamps: syslog::StampCache,
    /// The previous access-log line's stamp, for the next.
    access_stamps: nginx::access::StampCache,
}

impl Parser {
    /// A parser for this format.
    pub fn new(format: Format) -> Parser {
        Parser {
            format,
            access: None,
            stamps: syslog::StampCache::default(),
            access_stamps: nginx::access::StampCache::default(),
        }
    }

    /// A parser of access-log lines written in this format (an nginx `log_format` or Apache
    /// `LogFormat`): its [`format`](Parser::format) is [`Format::NginxAccess`] and its events
    /// are those of the built-in access parser.
    pub fn with_access_format(access: AccessFormat) -> Parser {
        Parser {
            format: Format::NginxAccess,
            access: Some(access),
            stamps: syslog::StampCache::default(),
            access_stamps: nginx::access::StampCache::default(),
        }
    }

    /// The format this parser reads.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The user's access-log format this parser reads, if any.
    pub fn access_format(&self) -> Option<&AccessFormat> {
        self.access.as_ref()
    }

    /// Parses one line (without its line terminator). `None` means the line is not of this
    /// format: the caller counts it as unparsed.
    pub fn parse<'a>(&mut self, line: &'a str) -> Option<Event<'a>> {
        let mut event = None;
        self.parse_into(line, &mut event);
        event
    }

    /// Parses one line into `event`, which it overwrites with what [`parse`](Self::parse)
    /// returns. The event is built where the caller keeps it rather than moved there: it is a
    /// few hundred bytes, a copy a caller reading millions of lines may as well save.
    ///
    /// ```
    /// use logparse::{EventKind, Format, Parser};
    ///
    /// let mut parser = Parser::new(Format::Postfix);
    /// let mut event = None;
    /// parser.parse_into(
    ///     "2026-11-24T03:12:01.123456+09:00 web01 postfix/smtpd[4242]: connect from unknown[203.0.113.9]",
    ///     &mut event,
    /// );
    /// assert_eq!(event.as_ref().map(|e| e.kind), Some(EventKind::SmtpConnect));
    /// parser.parse_into("not a mail log line", &mut event);
    /// assert!(event.is_none());
    /// ```
    #[inline]
    pub fn parse_into<'a>(&mut self, line: &'a str, event: &mut Option<Event<'a>>) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        // The busiest formats build the event in place, here; the others return it.
        match (self.format, &self.access) {
            (Format::Postfix, _) => mail::parse_into(line, &mut self.stamps, event),
            (Format::NginxAccess, None) => {
                nginx::access::parse_into(line, &mut self.access_stamps, event)
            }
            _ => *event = self.parse_returned(line),
        }
    }

    /// The formats whose parsers return their event, for [`parse_into`](Self::parse_into):
    /// kept out of line, so that the in-place ones stay small enough to inline.
    #[inline(never)]
    fn parse_returned<'a>(&mut self, line: &'a str) -> Option<Event<'a>> {
        match self.format {
            Format::NginxAccess => self.access.as_ref()?.parse_line(line),
            Format::NginxError => nginx::error::parse(line),
            Format::Mariadb => mariadb::parse(line),
            Format::Fail2ban => fail2ban::parse(line),
            Format::Syslog => system::parse_cached(line, &mut self.stamps),
            // Read in place by parse_into.
            Format::Postfix => None,
        }
    }
}

/// Recognises a format from a file's first lines (a few dozen are enough), whatever the file's
/// name: the format whose parser reads the most of them wins. Only lines read with a time count
/// for a format: a line that a parser reads only as a time-less continuation of the record
/// before (an indented line, a crash-report line) counts neither for nor against any format, so
/// multi-line records do not hide their format and indented text is taken for none. A
/// syslog-shaped file is the mail log when most of its lines come from mail programs
/// (Postfix, dovecot, ...), whatever comes first. `None` when no format reads at least half of
/// the other non-empty lines.
pub fn detect_format<'a, I>(lines: I) -> Option<Format>
where
    I: IntoIterator<Item = &'a str>,
{
    detect(lines, None).map(|parser| parser.format)
}

/// [`detect_format`], with the user's access-log format as one more candidate: the file is an
/// access log read with it when it reads, each to its end, at least as many of the lines as
/// the best built-in format reads (ties go to the user's format) and at least half of them.
/// The parser to read the file with, or `None` when no format reads at least half of the lines.
pub fn detect_parser<'a, I>(lines: I, access: Option<&AccessFormat>) -> Option<Parser>
where
    I: IntoIterator<Item = &'a str>,
{
    detect(lines, access)
}

fn detect<'a, I>(lines: I, access: Option<&AccessFormat>) -> Option<Parser>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut custom_hits = 0usize;
    let mut hits = [0usize; Format::ALL.len()];
    let mut mail_lines = 0usize;
    let mut total = 0usize;
    for line in lines {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let (mut timed, mut continuation) = (false, false);
        for (i, format) in Format::ALL.into_iter().enumerate() {
            if format == Format::Postfix {
                continue;
            }
            match Parser::new(format).parse(line) {
                Some(event) if event.time.is_some() => {
                    hits[i] += 1;
                    timed = true;
                }
                Some(_) => continuation = true,
                None => {}
            }
        }
        // The user's format counts a line only when it reads the line to its end: a loose
        // format (`$time_iso8601 $status ...`) must not claim every line that starts with a time.
        if let Some(event) = access.and_then(|a| a.parse_complete(line)) {
            if event.time.is_some() {
                custom_hits += 1;
                timed = true;
            } else {
                continuation = true;
            }
        }
        if continuation && !timed {
            continue;
        }
        total += 1;
        if let Some((_, header, _)) = syslog::parse_header(line) {
            if header.program.is_some_and(mail::is_mail_program) {
                mail_lines += 1;
            }
        }
    }
    if total == 0 {
        return None;
    }
    let (best, &count) = hits
        .iter()
        .enumerate()
        .max_by_key(|&(i, c)| (*c, usize::MAX - i))?;
    if let Some(access) = access {
        if custom_hits > 0 && custom_hits >= count && custom_hits * 2 >= total {
            return Some(Parser::with_access_format(access.clone()));
        }
    }
    if count * 2 < total {
        return None;
    }
    let format = Format::ALL[best];
    if format == Format::Syslog && mail_lines * 2 >= count {
        return Some(Parser::new(Format::Postfix));
    }
    Some(Parser::new(format))
}
