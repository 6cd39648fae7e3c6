//! A user's own access-log format: the nginx `log_format` string (or an Apache `LogFormat`
//! string) compiled once into an [`AccessFormat`], then matched against each line.
//!
//! Compiling turns the string into a leading literal and a sequence of steps, each a field (the
//! variable it holds) and the literal that ends it:
//!
//! ```text
//! $remote_addr - $remote_user [$time_local] "$request" $status ...
//! └─ field ──┘└─┘└─ field ──┘└┘└─ field ─┘└─┘└ field┘└┘└field┘
//!             lit            lit          lit        lit
//! ```
//!
//! Reading a line walks the steps: a field runs up to the first occurrence of its literal
//! (found with `memchr` on the literal's rarest byte), and the field's text is borrowed from
//! the line. Nothing is allocated per line. A few variables know their own shape and are read
//! by it rather than up to the literal, so that they may hold the literal themselves:
//!
//! - the times (`$time_local`, `$time_iso8601`, `$msec`) are read by their stamp parser;
//! - an unquoted `$request` followed by a space ends after its `HTTP/x` protocol;
//! - an unquoted list (`$upstream_*`, `$http_x_forwarded_for`) runs over `, ` and ` : `;
//! - a literal that starts with `"` is not matched by an escaped quote (`\"`, as `escape=json`
//!   and Apache write it), and the format's final literal only matches before the end of the
//!   line or a space (`"say "hi" there"` keeps its inner quotes).
//!
//! A line is of the format when the leading literal and every step up to the first time
//! variable match; after that, a literal that is missing (a truncated line) ends the reading
//! and its field keeps the rest of the line. `-` and empty values are absent.
//!
//! Which variable feeds which field of [`AccessFields`]:
//!
//! | field | variables, best first |
//! | --- | --- |
//! | `client_ip` | `$remote_addr`; else `$http_x_real_ip`, `$http_cf_connecting_ip`, `$http_true_client_ip`; else the **last** address of `$http_x_forwarded_for` / `$proxy_add_x_forwarded_for` (the one the nearest proxy saw). `$binary_remote_addr` is raw bytes and skipped |
//! | `vhost` | `$host`; else `$http_host`; else `$server_name` |
//! | `user` | `$remote_user` |
//! | `method`, `path`, `protocol`, `request` | `$request`, split as the built-in parser does; else `$request_method`, `$request_uri` (or `$uri`, `$document_uri`, with `$is_args$args` written right after them), `$server_protocol` |
//! | `status` | `$status` |
//! | `bytes` | `$body_bytes_sent`; else `$bytes_sent` |
//! | `referrer`, `user_agent` | `$http_referer`, `$http_user_agent` |
//! | `request_time` | `$request_time` |
//! | `upstream_response_time` | `$upstream_response_time` (the last time of a list) |
//! | the event's time | `$time_local` or `$time_iso8601`; else `$msec` |
//!
//! A lesser variable is ignored when a better one is in the format. Every other variable is a
//! field that is read and skipped. Two variables with nothing between them cannot be told apart
//! and are skipped together (but for a path followed by its query, `$uri$is_args$args`).
//!
//! Apache `LogFormat` strings are read with the same machinery when the string has no `$`
//! variable: `%h`/`%a`, `%l`, `%u`, `%t` (with its brackets), `%{sec|msec|usec}t`, `%r`, `%m`,
//! `%U%q`, `%H`, `%>s`, `%b`/`%B`, `%O`, `%{Referer}i`, `%{User-Agent}i`,
//! `%{X-Forwarded-For}i`, `%{Host}i`, `%v`, `%V`, `%D`, `%T`, `%{ms|us|s}T`, `%%`; other
//! directives are skipped fields, and `%{...}t` with a strftime pattern gives no time.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use memchr::memchr;

use crate::event::{AccessFields, Event, EventKind, Fields};
use crate::nginx::access::{dash_none, last_secs, parse_secs, parse_uint, split_request};
use crate::time::{parse_clf_time, parse_rfc3339, PartialTime};

/// A compiled access-log format: an nginx `log_format` string, the whole `log_format`
/// directive pasted from `nginx.conf`, or an Apache `LogFormat` string.
///
/// Compile once, then read lines with [`AccessFormat::parse_line`] (or through
/// [`Parser::with_access_format`](crate::Parser::with_access_format)). Cloning is cheap: the
/// compiled steps are shared.
///
/// ```
/// use logparse::{AccessFormat, EventKind, Fields};
///
/// let format = AccessFormat::parse(
///     r#"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" rt=$request_time uct="$upstream_connect_time""#,
/// )?;
/// let line = r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "POST /wp-login.php HTTP/1.1" 200 3127 "-" "Mozilla/5.0" rt=0.412 uct="0.001""#;
/// let event = format.parse_line(line).expect("a line of the format");
/// assert_eq!(event.kind, EventKind::HttpRequest);
/// assert!(event.time.is_some());
/// if let Fields::NginxAccess(access) = &event.fields {
///     assert_eq!(access.client_ip, Some("203.0.113.7"));
///     assert_eq!(access.path, Some("/wp-login.php"));
///     assert_eq!(access.status, Some(200));
///     assert_eq!(access.request_time, Some(0.412));
/// }
///
/// // Errors say where.
/// let err = AccessFormat::parse("$remote_addr [$time_local] $").unwrap_err();
/// assert_eq!(err.position(), 27);
/// # Ok::<(), logparse::FormatError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct AccessFormat {
    inner: Arc<Compiled>,
}

/// Why a format string could not be compiled: what, and the byte offset in the string where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatError {
    position: usize,
    kind: FormatErrorKind,
}

/// What is wrong with a format string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormatErrorKind {
    /// The format is empty.
    Empty,
    /// A `$` is not followed by a variable name.
    MissingVariableName,
    /// A `${` (or Apache `%{`) is not closed by `}`.
    UnclosedBrace,
    /// A quoted string of a pasted directive is not closed.
    UnclosedQuote,
    /// An Apache `%` is not followed by a directive letter.
    MissingDirective,
    /// A pasted `log_format` / `LogFormat` directive lacks its name or its format.
    IncompleteDirective,
    /// No variable of the format gives the time of a line.
    NoTime,
}

impl FormatError {
    /// The byte offset in the format string where the problem is.
    pub fn position(&self) -> usize {
        self.position
    }

    /// What the problem is.
    pub fn kind(&self) -> FormatErrorKind {
        self.kind
    }

    /// The problem in words.
    pub fn message(&self) -> &'static str {
        match self.kind {
            FormatErrorKind::Empty => "the format is empty",
            FormatErrorKind::MissingVariableName => "`$` is not followed by a variable name",
            FormatErrorKind::UnclosedBrace => "`{` is not closed by `}`",
            FormatErrorKind::UnclosedQuote => "the quoted string is not closed",
            FormatErrorKind::MissingDirective => {
                "`%` is not followed by a directive (write `%%` for a percent sign)"
            }
            FormatErrorKind::IncompleteDirective => "the directive needs a name and a format string",
            FormatErrorKind::NoTime => {
                "no variable gives the time: the format needs $time_local, $time_iso8601 or $msec (Apache: %t)"
            }
        }
    }

    fn at(position: usize, kind: FormatErrorKind) -> FormatError {
        FormatError { position, kind }
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message(), self.position)
    }
}

impl std::error::Error for FormatError {}

impl AccessFormat {
    /// Compiles a format string: an nginx `log_format` string
    /// (`$remote_addr - $remote_user [$time_local] "$request" ...`), the whole directive as
    /// written in `nginx.conf` (`log_format main '...' '...';`), or an Apache `LogFormat`
    /// string (`%h %l %u %t "%r" %>s %b`, also the `LogFormat "..." nickname` line). `\"`,
    /// `\'` and `\\` read as the character, as in the config files. Unknown variables are
    /// fields that are skipped. The format must hold a time variable.
    pub fn parse(format: &str) -> Result<AccessFormat, FormatError> {
        let text = source_text(format)?;
        if text.bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(FormatError::at(0, FormatErrorKind::Empty));
        }
        let items = match text.syntax {
            Syntax::Nginx => nginx_items(&text)?,
            Syntax::Apache => apache_items(&text)?,
        };
        let compiled = compile(format, text.syntax, items)?;
        Ok(AccessFormat {
            inner: Arc::new(compiled),
        })
    }

    /// The format string as given.
    pub fn as_str(&self) -> &str {
        &self.inner.source
    }

    /// Whether the string was read as an Apache `LogFormat` (else as an nginx `log_format`).
    pub fn is_apache(&self) -> bool {
        self.inner.syntax == Syntax::Apache
    }

    /// Reads one line (without its line terminator). `None` when the line is not of this
    /// format: its leading literal or a literal up to the time is missing.
    pub fn parse_line<'a>(&self, line: &'a str) -> Option<Event<'a>> {
        self.read(line, false).map(|(event, _)| event)
    }

    /// Reads one line only when the whole format matches it, every literal to the last, and
    /// the fields of a known shape have it (an address without spaces, a numeric status, a
    /// time): the evidence format detection counts.
    pub(crate) fn parse_complete<'a>(&self, line: &'a str) -> Option<Event<'a>> {
        match self.read(line, true)? {
            (event, true) => Some(event),
            (_, false) => None,
        }
    }

    /// The event of a line, and whether every step matched (and, with `check`, whether every
    /// field has the shape of its variable).
    fn read<'a>(&self, line: &'a str, check: bool) -> Option<(Event<'a>, bool)> {
        let c = &*self.inner;
        let b = line.as_bytes();
        if !b.starts_with(&c.prefix) {
            return None;
        }
        let mut pos = c.prefix.len();
        let mut f = AccessFields::default();
        let mut time = None;
        let mut complete = true;
        for (i, step) in c.steps.iter().enumerate() {
            match step.end(b, pos) {
                Some((end, stamp)) => {
                    let value = line.get(pos..end)?;
                    if check && !step.var.fits(value, stamp.is_some()) {
                        complete = false;
                    }
                    step.var.assign(value, stamp, &mut f, &mut time);
                    pos = end + step.until.bytes.len();
                }
                None if i < c.required => return None,
                None => {
                    // A truncated line: this field keeps the rest, and the reading ends.
                    step.var.assign(line.get(pos..)?, None, &mut f, &mut time);
                    complete = false;
                    break;
                }
            }
        }
        let event = Event {
            time,
            kind: EventKind::HttpRequest,
            fields: Fields::NginxAccess(f),
        };
        Some((event, complete))
    }
}

impl FromStr for AccessFormat {
    type Err = FormatError;

    fn from_str(s: &str) -> Result<AccessFormat, FormatError> {
        AccessFormat::parse(s)
    }
}

impl fmt::Display for AccessFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for AccessFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessFormat")
            .field("source", &self.inner.source)
            .field("syntax", &self.inner.syntax)
            .field("prefix", &String::from_utf8_lossy(&self.inner.prefix))
            .field("steps", &self.inner.steps)
            .field("required", &self.inner.required)
            .finish()
    }
}

// ---------------------------------------------------------------------------------------------
// The compiled form
// ---------------------------------------------------------------------------------------------

#[derive(Debug, PartialEq, Eq)]
struct Compiled {
    /// The string as given.
    source: String,
    syntax: Syntax,
    /// The literal every line starts with.
    prefix: Box<[u8]>,
    steps: Box<[Step]>,
    /// How many steps must match for a line to be of the format (through the first time).
    required: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Nginx,
    Apache,
}

/// A field and the literal that ends it (empty for a field that ends the format).
#[derive(Debug, PartialEq, Eq)]
struct Step {
    var: Var,
    until: Literal,
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Literal {
    bytes: Box<[u8]>,
    /// The index of the byte searched with `memchr`: the rarest in log text.
    anchor: usize,
    /// The literal ends the format: it matches only before the end of the line or a space.
    last: bool,
}

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Var {
    /// Read and skipped.
    Skip,
    /// Read (as a list: `a, b`, `a : b`) and skipped: other `$upstream_*` variables.
    SkipList,
    RemoteAddr,
    RealIp,
    ForwardedFor,
    Host,
    HttpHost,
    ServerName,
    RemoteUser,
    Request,
    Method,
    RequestUri,
    Uri,
    /// `$is_args`, `$args`, `$query_string`, Apache `%q`: skipped, or part of the path.
    Query,
    Protocol,
    Status,
    BodyBytes,
    BytesSent,
    Referer,
    UserAgent,
    /// Seconds: `0.123` (nginx), `2` (Apache `%T`).
    RequestTime,
    /// Apache `%{ms}T`.
    RequestTimeMillis,
    /// Apache `%D`, `%{us}T`.
    RequestTimeMicros,
    UpstreamTime,
    TimeLocal,
    TimeIso,
    /// `$msec`: seconds since the epoch with a fraction; Apache `%{sec}t`.
    EpochSecs,
    /// Apache `%{msec}t`.
    EpochMillis,
    /// Apache `%{usec}t`.
    EpochMicros,
}

/// Variables that feed one field, best first: a lesser one is ignored when a better one is in
/// the format.
const RANKS: [&[Var]; 5] = [
    &[Var::RemoteAddr, Var::RealIp, Var::ForwardedFor],
    &[Var::Host, Var::HttpHost, Var::ServerName],
    &[Var::BodyBytes, Var::BytesSent],
    &[
        Var::RequestTimeMicros,
        Var::RequestTimeMillis,
        Var::RequestTime,
    ],
    &[
        Var::TimeLocal,
        Var::EpochSecs,
        Var::EpochMillis,
        Var::EpochMicros,
    ],
];

impl Var {
    fn is_time(self) -> bool {
        matches!(
            self,
            Var::TimeLocal | Var::TimeIso | Var::EpochSecs | Var::EpochMillis | Var::EpochMicros
        )
    }

    /// Whether the field may be a list that runs over `, ` and ` : `.
    fn is_list(self) -> bool {
        matches!(self, Var::SkipList | Var::ForwardedFor | Var::UpstreamTime)
    }

    /// The rank group of a variable, with `$time_iso8601` ranked with `$time_local`.
    fn rank(self) -> Option<(usize, usize)> {
        let me = if self == Var::TimeIso {
            Var::TimeLocal
        } else {
            self
        };
        RANKS
            .iter()
            .enumerate()
            .find_map(|(g, vars)| Some((g, vars.iter().position(|&v| v == me)?)))
    }

    /// What a variable ignored for a better one becomes.
    fn ignored(self) -> Var {
        if self.is_list() {
            Var::SkipList
        } else {
            Var::Skip
        }
    }

    /// Reads a time by its own shape at the start of `s`.
    fn read_time(self, s: &[u8]) -> Option<(PartialTime, &[u8])> {
        match self {
            Var::TimeLocal => parse_clf_time(s),
            Var::TimeIso => parse_rfc3339(s),
            Var::EpochSecs => parse_epoch(s, 0),
            Var::EpochMillis => parse_epoch(s, 3),
            Var::EpochMicros => parse_epoch(s, 6),
            _ => None,
        }
    }

    /// Whether a value has the shape of the variable (`timed`: its time was read).
    fn fits(self, v: &str, timed: bool) -> bool {
        let b = v.as_bytes();
        let number_or_dash = v == "-" || parse_uint(b).is_some() || parse_secs(b).is_some();
        match self {
            Var::RemoteAddr | Var::RealIp => !v.is_empty() && !v.contains(' '),
            Var::Status => parse_uint(b).is_some_and(|s| s < 1000),
            Var::BodyBytes
            | Var::BytesSent
            | Var::RequestTime
            | Var::RequestTimeMillis
            | Var::RequestTimeMicros => number_or_dash,
            Var::TimeLocal
            | Var::TimeIso
            | Var::EpochSecs
            | Var::EpochMillis
            | Var::EpochMicros => timed,
            _ => true,
        }
    }

    /// Puts the value of a field where it belongs. The first variable with a value fills a
    /// field, but `$request`'s parts replace separately logged ones.
    fn assign<'a>(
        self,
        v: &'a str,
        stamp: Option<PartialTime>,
        f: &mut AccessFields<'a>,
        time: &mut Option<PartialTime>,
    ) {
        let b = v.as_bytes();
        match self {
            Var::Skip | Var::SkipList | Var::Query => {}
            Var::RemoteAddr | Var::RealIp => fill(&mut f.client_ip, dash_none(v)),
            Var::ForwardedFor => fill(&mut f.client_ip, last_address(v)),
            Var::Host | Var::HttpHost | Var::ServerName => fill(&mut f.vhost, dash_none(v)),
            Var::RemoteUser => fill(&mut f.user, dash_none(v)),
            Var::Request => match split_request(v) {
                Some((method, path, protocol)) => {
                    f.method = Some(method);
                    f.path = Some(path);
                    if protocol.is_some() {
                        f.protocol = protocol;
                    }
                }
                None => f.request = Some(v),
            },
            Var::Method => fill(&mut f.method, dash_none(v)),
            Var::RequestUri | Var::Uri => fill(&mut f.path, dash_none(v)),
            Var::Protocol => fill(&mut f.protocol, dash_none(v)),
            Var::Status => fill(
                &mut f.status,
                parse_uint(b).and_then(|s| u16::try_from(s).ok()),
            ),
            Var::BodyBytes | Var::BytesSent => fill(&mut f.bytes, parse_uint(b)),
            Var::Referer => fill(&mut f.referrer, dash_none(v)),
            Var::UserAgent => fill(&mut f.user_agent, dash_none(v)),
            Var::RequestTime => fill(
                &mut f.request_time,
                parse_secs(b).or_else(|| parse_uint(b).map(|s| s as f64)),
            ),
            Var::RequestTimeMillis => {
                fill(&mut f.request_time, parse_uint(b).map(|ms| ms as f64 / 1e3));
            }
            Var::RequestTimeMicros => {
                fill(&mut f.request_time, parse_uint(b).map(|us| us as f64 / 1e6));
            }
            Var::UpstreamTime => fill(&mut f.upstream_response_time, last_secs(b)),
            Var::TimeLocal
            | Var::TimeIso
            | Var::EpochSecs
            | Var::EpochMillis
            | Var::EpochMicros => {
                fill(time, stamp);
            }
        }
    }
}

fn fill<T>(slot: &mut Option<T>, value: Option<T>) {
    if slot.is_none() {
        *slot = value;
    }
}

/// The last address of an `X-Forwarded-For` list (`client, proxy1, proxy2`): the one the
/// nearest proxy saw, the only one no client can forge.
fn last_address(v: &str) -> Option<&str> {
    dash_none(v.rsplit(',').map(str::trim).find(|a| !a.is_empty())?)
}

impl Step {
    /// Where the field that starts at `start` ends (the index of its literal), and the time
    /// when the field is a time read by its shape. `None` when the literal is not there.
    fn end(&self, b: &[u8], start: usize) -> Option<(usize, Option<PartialTime>)> {
        let until = &self.until;
        if self.var.is_time() {
            if let Some((t, rest)) = self.var.read_time(b.get(start..)?) {
                let end = b.len() - rest.len();
                if until.bytes.is_empty() {
                    return Some((b.len(), Some(t)));
                }
                if until.matches_at(b, end) {
                    return Some((end, Some(t)));
                }
            }
        }
        if until.bytes.is_empty() {
            return Some((b.len(), None));
        }
        let spaced = until.bytes.first() == Some(&b' ');
        if spaced && self.var == Var::Request {
            return request_end(b, start, until).map(|e| (e, None));
        }
        if spaced && self.var.is_list() {
            return list_end(b, start, until).map(|e| (e, None));
        }
        until.find(b, start, start).map(|e| (e, None))
    }
}

/// An unquoted `$request` followed by a space: the first end after which the field reads as
/// a full request line (`GET /a HTTP/1.1`), else the first literal.
fn request_end(b: &[u8], start: usize, until: &Literal) -> Option<usize> {
    let first = until.find(b, start, start)?;
    let mut end = first;
    for _ in 0..3 {
        let field = std::str::from_utf8(b.get(start..end)?).ok()?;
        if matches!(split_request(field), Some((_, _, Some(_)))) {
            return Some(end);
        }
        match until.find(b, end + 1, start) {
            Some(next) => end = next,
            None => break,
        }
    }
    Some(first)
}

/// An unquoted list followed by a space: `0.120, 0.004` and `0.001 : 0.120` are one field.
fn list_end(b: &[u8], start: usize, until: &Literal) -> Option<usize> {
    let mut end = until.find(b, start, start)?;
    loop {
        let from = if b.get(start..end).is_some_and(|v| v.ends_with(b",")) {
            end + 1
        } else if b.get(end..).is_some_and(|r| r.starts_with(b" : "))
            && !until.bytes.starts_with(b" :")
        {
            end + 3
        } else {
            return Some(end);
        };
        match until.find(b, from, start) {
            Some(next) => end = next,
            None => return Some(end),
        }
    }
}

impl Literal {
    fn new(bytes: Vec<u8>, last: bool) -> Literal {
        /// How rare a byte is in log text: spaces and digits are everywhere.
        fn rarity(c: u8) -> u8 {
            match c {
                b' ' => 0,
                b'0'..=b'9' => 1,
                b'a'..=b'z' | b'A'..=b'Z' | b'.' | b'/' | b'-' | b':' | b',' => 2,
                _ => 3,
            }
        }
        let anchor = bytes
            .iter()
            .enumerate()
            .rev()
            .max_by_key(|&(_, &c)| rarity(c))
            .map_or(0, |(i, _)| i);
        Literal {
            bytes: bytes.into_boxed_slice(),
            anchor,
            last,
        }
    }

    /// Whether the literal is at `at`.
    fn matches_at(&self, b: &[u8], at: usize) -> bool {
        let Some(rest) = b.get(at..) else {
            return false;
        };
        if !rest.starts_with(&self.bytes) {
            return false;
        }
        !self.last || matches!(rest.get(self.bytes.len()), None | Some(b' '))
    }

    /// The first occurrence at or after `from` of the literal that ends a field starting at
    /// `field_start`. A literal that opens with `"` is not matched by an escaped quote.
    fn find(&self, b: &[u8], mut from: usize, field_start: usize) -> Option<usize> {
        let anchor = *self.bytes.get(self.anchor)?;
        let quoted = self.bytes.first() == Some(&b'"');
        loop {
            let at = from + memchr(anchor, b.get(from + self.anchor..)?)?;
            if self.matches_at(b, at) && !(quoted && escaped(b, field_start, at)) {
                return Some(at);
            }
            from = at + 1;
        }
    }
}

/// Whether the byte at `at` is escaped: preceded (within the field) by an odd run of `\`.
fn escaped(b: &[u8], field_start: usize, at: usize) -> bool {
    let field = b.get(field_start..at).unwrap_or_default();
    field.iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1
}

/// Seconds since the epoch as `1732414321.123` (`decimals` 0) or an integer number of
/// milliseconds (3) or microseconds (6), as a UTC stamp.
fn parse_epoch(s: &[u8], decimals: u32) -> Option<(PartialTime, &[u8])> {
    let digits = s.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 18 {
        return None;
    }
    let whole = parse_uint(s.get(..digits)?)?;
    let mut rest = s.get(digits..)?;
    let scale = 10u64.pow(decimals);
    let (secs, mut nanos) = (whole / scale, (whole % scale) * (1_000_000_000 / scale));
    if decimals == 0 {
        if let Some(frac) = rest.strip_prefix(b".") {
            let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            let mut value = 0u64;
            for (i, &c) in frac.iter().take(n.min(9)).enumerate() {
                value += u64::from(c - b'0') * 10u64.pow(8 - i as u32);
            }
            nanos = value;
            rest = frac.get(n..)?;
        }
    }
    // Up to the year 9999.
    if secs > 253_402_300_799 {
        return None;
    }
    let secs = i64::try_from(secs).ok()?;
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let in_day = secs.rem_euclid(86_400);
    Some((
        PartialTime {
            year: Some(year),
            month,
            day,
            hour: u8::try_from(in_day / 3600).ok()?,
            minute: u8::try_from(in_day % 3600 / 60).ok()?,
            second: u8::try_from(in_day % 60).ok()?,
            nanos: u32::try_from(nanos).ok()?,
            offset_secs: Some(0),
        },
        rest,
    ))
}

/// The date of a day count since 1970-01-01 (Howard Hinnant's algorithm), for days from 1970
/// to 9999.
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month as u8, day as u8)
}

// ---------------------------------------------------------------------------------------------
// Compiling
// ---------------------------------------------------------------------------------------------

/// The format's text after directive and escape handling, each byte with its offset in the
/// string as given (for error positions).
#[derive(Debug)]
struct Text {
    bytes: Vec<u8>,
    at: Vec<usize>,
    syntax: Syntax,
}

impl Text {
    fn new(syntax: Syntax) -> Text {
        Text {
            bytes: Vec::new(),
            at: Vec::new(),
            syntax,
        }
    }

    fn push(&mut self, c: u8, at: usize) {
        self.bytes.push(c);
        self.at.push(at);
    }

    /// The offset in the string as given of byte `i` (the end for `i` past the text).
    fn position(&self, i: usize, end: usize) -> usize {
        self.at.get(i).copied().unwrap_or(end)
    }
}

/// A piece of the format before steps are built.
#[derive(Debug)]
enum Item {
    Literal(Vec<u8>),
    Var(Var),
}

/// The text to compile: the string itself (with `\"`, `\'`, `\\` read as the character), or
/// the format strings of a pasted `log_format` / `LogFormat` directive.
fn source_text(s: &str) -> Result<Text, FormatError> {
    let b = s.as_bytes();
    let head = s.trim_start();
    let first_word = head.split_ascii_whitespace().next().unwrap_or("");
    if first_word == "log_format" || first_word.eq_ignore_ascii_case("LogFormat") {
        return directive_text(s);
    }
    let syntax = guess_syntax(b);
    let mut text = Text::new(syntax);
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match (c, b.get(i + 1)) {
            (b'\\', Some(&next @ (b'"' | b'\'' | b'\\'))) => {
                text.push(next, i);
                i += 2;
            }
            _ => {
                text.push(c, i);
                i += 1;
            }
        }
    }
    Ok(text)
}

/// nginx when a `$` starts a variable, else Apache when there is a `%`, else nginx.
fn guess_syntax(b: &[u8]) -> Syntax {
    let nginx = b.windows(2).any(|w| {
        w.first() == Some(&b'$')
            && w.get(1)
                .is_some_and(|&c| c == b'{' || c == b'_' || c.is_ascii_alphanumeric())
    });
    if !nginx && b.contains(&b'%') {
        Syntax::Apache
    } else {
        Syntax::Nginx
    }
}

/// `log_format NAME [escape=...] 'string' "string" ...;` (strings concatenated) or
/// `LogFormat "string" [nickname]`.
fn directive_text(s: &str) -> Result<Text, FormatError> {
    let tokens = config_tokens(s)?;
    let end = s.len();
    let incomplete = FormatError::at(end, FormatErrorKind::IncompleteDirective);
    let first = tokens.first().ok_or(incomplete)?;
    if first.bytes == b"log_format" {
        // The name, then an optional `escape=` parameter, then the strings.
        let mut rest = tokens.get(2..).ok_or(incomplete)?;
        if rest
            .first()
            .is_some_and(|t| t.bytes.starts_with(b"escape="))
        {
            rest = rest.get(1..).unwrap_or_default();
        }
        if rest.is_empty() {
            return Err(incomplete);
        }
        let mut text = Text::new(Syntax::Nginx);
        for token in rest {
            text.bytes.extend_from_slice(&token.bytes);
            text.at.extend_from_slice(&token.at);
        }
        Ok(text)
    } else {
        let mut token = tokens.into_iter().nth(1).ok_or(incomplete)?;
        token.syntax = Syntax::Apache;
        Ok(token)
    }
}

/// The words of a config directive: bare, `'...'` or `"..."` (with backslash escapes), up to
/// a `;`; `#` comments are skipped.
fn config_tokens(s: &str) -> Result<Vec<Text>, FormatError> {
    let b = s.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b';' => break,
            b'#' => {
                i += memchr(b'\n', b.get(i..).unwrap_or_default()).unwrap_or(b.len() - i);
            }
            c if c.is_ascii_whitespace() => i += 1,
            b'\'' | b'"' => {
                let open = i;
                let mut token = Text::new(Syntax::Nginx);
                i += 1;
                loop {
                    match b.get(i) {
                        None => return Err(FormatError::at(open, FormatErrorKind::UnclosedQuote)),
                        Some(&q) if q == c => {
                            i += 1;
                            break;
                        }
                        Some(b'\\') => {
                            let (byte, skip) = match b.get(i + 1) {
                                Some(b'n') => (b'\n', 2),
                                Some(b't') => (b'\t', 2),
                                Some(b'r') => (b'\r', 2),
                                Some(&e @ (b'"' | b'\'' | b'\\')) => (e, 2),
                                _ => (b'\\', 1),
                            };
                            token.push(byte, i);
                            i += skip;
                        }
                        Some(&other) => {
                            token.push(other, i);
                            i += 1;
                        }
                    }
                }
                tokens.push(token);
            }
            _ => {
                let mut token = Text::new(Syntax::Nginx);
                while let Some(&w) = b.get(i) {
                    if w.is_ascii_whitespace() || w == b';' {
                        break;
                    }
                    token.push(w, i);
                    i += 1;
                }
                tokens.push(token);
            }
        }
    }
    Ok(tokens)
}

/// The literals and variables of an nginx format: `$name` and `${name}`.
fn nginx_items(text: &Text) -> Result<Vec<Item>, FormatError> {
    let b = &text.bytes;
    let end = text.position(b.len(), text.at.last().map_or(0, |&a| a + 1));
    let mut items = Vec::new();
    let mut literal = Vec::new();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c != b'$' {
            literal.push(c);
            i += 1;
            continue;
        }
        let here = text.position(i, end);
        let is_name = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
        let name = if b.get(i + 1) == Some(&b'{') {
            let inner = b.get(i + 2..).unwrap_or_default();
            let close = memchr(b'}', inner).ok_or(FormatError::at(
                text.position(i + 1, end),
                FormatErrorKind::UnclosedBrace,
            ))?;
            let name = inner.get(..close).unwrap_or_default();
            if name.is_empty() || !name.iter().all(is_name) {
                return Err(FormatError::at(here, FormatErrorKind::MissingVariableName));
            }
            i += 2 + close + 1;
            name
        } else {
            let rest = b.get(i + 1..).unwrap_or_default();
            let len = rest.iter().take_while(|c| is_name(c)).count();
            if len == 0 {
                return Err(FormatError::at(here, FormatErrorKind::MissingVariableName));
            }
            i += 1 + len;
            rest.get(..len).unwrap_or_default()
        };
        if !literal.is_empty() {
            items.push(Item::Literal(std::mem::take(&mut literal)));
        }
        items.push(Item::Var(nginx_var(
            &String::from_utf8_lossy(name).to_ascii_lowercase(),
        )));
    }
    if !literal.is_empty() {
        items.push(Item::Literal(literal));
    }
    Ok(items)
}

fn nginx_var(name: &str) -> Var {
    match name {
        "remote_addr" => Var::RemoteAddr,
        "http_x_real_ip" | "http_cf_connecting_ip" | "http_true_client_ip" => Var::RealIp,
        "http_x_forwarded_for" | "proxy_add_x_forwarded_for" => Var::ForwardedFor,
        "host" => Var::Host,
        "http_host" => Var::HttpHost,
        "server_name" => Var::ServerName,
        "remote_user" => Var::RemoteUser,
        "request" => Var::Request,
        "request_method" => Var::Method,
        "request_uri" => Var::RequestUri,
        "uri" | "document_uri" => Var::Uri,
        "is_args" | "args" | "query_string" => Var::Query,
        "server_protocol" => Var::Protocol,
        "status" => Var::Status,
        "body_bytes_sent" => Var::BodyBytes,
        "bytes_sent" => Var::BytesSent,
        "http_referer" => Var::Referer,
        "http_user_agent" => Var::UserAgent,
        "request_time" => Var::RequestTime,
        "upstream_response_time" => Var::UpstreamTime,
        "time_local" => Var::TimeLocal,
        "time_iso8601" => Var::TimeIso,
        "msec" => Var::EpochSecs,
        n if n.starts_with("upstream_") => Var::SkipList,
        _ => Var::Skip,
    }
}

/// The literals and directives of an Apache format: `%X`, `%>X`, `%{arg}X`, `%!200,304{arg}X`.
fn apache_items(text: &Text) -> Result<Vec<Item>, FormatError> {
    let b = &text.bytes;
    let end = text.position(b.len(), text.at.last().map_or(0, |&a| a + 1));
    let mut items = Vec::new();
    let mut literal = Vec::new();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c != b'%' {
            literal.push(c);
            i += 1;
            continue;
        }
        if b.get(i + 1) == Some(&b'%') {
            literal.push(b'%');
            i += 2;
            continue;
        }
        let here = text.position(i, end);
        let mut j = i + 1;
        while b.get(j).is_some_and(|c| b"<>!,0123456789".contains(c)) {
            j += 1;
        }
        let mut arg: &[u8] = &[];
        if b.get(j) == Some(&b'{') {
            let inner = b.get(j + 1..).unwrap_or_default();
            let close = memchr(b'}', inner).ok_or(FormatError::at(
                text.position(j, end),
                FormatErrorKind::UnclosedBrace,
            ))?;
            arg = inner.get(..close).unwrap_or_default();
            j += 1 + close + 1;
        }
        let directive = match b.get(j) {
            Some(&d) if d.is_ascii_alphabetic() => d,
            _ => return Err(FormatError::at(here, FormatErrorKind::MissingDirective)),
        };
        i = j + 1;
        let arg = String::from_utf8_lossy(arg).to_ascii_lowercase();
        let var = match (directive, arg.as_str()) {
            (b't', "") => {
                // `%t` is the stamp with its brackets.
                literal.push(b'[');
                items.push(Item::Literal(std::mem::take(&mut literal)));
                items.push(Item::Var(Var::TimeLocal));
                literal.push(b']');
                continue;
            }
            (b't', "sec" | "begin:sec" | "end:sec") => Var::EpochSecs,
            (b't', "msec" | "begin:msec" | "end:msec") => Var::EpochMillis,
            (b't', "usec" | "begin:usec" | "end:usec") => Var::EpochMicros,
            (b'a' | b'h', _) => Var::RemoteAddr,
            (b'u', _) => Var::RemoteUser,
            (b'r', _) => Var::Request,
            (b'm', _) => Var::Method,
            (b'U', _) => Var::Uri,
            (b'q', _) => Var::Query,
            (b'H', _) => Var::Protocol,
            (b's', _) => Var::Status,
            (b'b' | b'B', _) => Var::BodyBytes,
            (b'O', _) => Var::BytesSent,
            (b'i', "referer") => Var::Referer,
            (b'i', "user-agent") => Var::UserAgent,
            (b'i', "x-forwarded-for") => Var::ForwardedFor,
            (b'i', "x-real-ip" | "cf-connecting-ip" | "true-client-ip") => Var::RealIp,
            (b'i', "host") => Var::HttpHost,
            (b'v', _) => Var::ServerName,
            (b'V', _) => Var::Host,
            (b'D', _) | (b'T', "us") => Var::RequestTimeMicros,
            (b'T', "ms") => Var::RequestTimeMillis,
            (b'T', "" | "s") => Var::RequestTime,
            _ => Var::Skip,
        };
        if !literal.is_empty() {
            items.push(Item::Literal(std::mem::take(&mut literal)));
        }
        items.push(Item::Var(var));
    }
    if !literal.is_empty() {
        items.push(Item::Literal(literal));
    }
    Ok(items)
}

/// Builds the steps: adjacent variables joined, lesser variables ignored, the required steps
/// counted.
fn compile(source: &str, syntax: Syntax, items: Vec<Item>) -> Result<Compiled, FormatError> {
    let mut prefix = Vec::new();
    let mut fields: Vec<(Var, Vec<u8>)> = Vec::new();
    // Variables since the last literal: more than one cannot be told apart.
    let mut run: Vec<Var> = Vec::new();
    let flush = |run: &mut Vec<Var>, fields: &mut Vec<(Var, Vec<u8>)>| {
        let var = match run.as_slice() {
            [] => return,
            [one] => *one,
            // `$uri$is_args$args`, `%U%q`: the path with its query.
            [Var::Uri | Var::RequestUri, rest @ ..] if rest.iter().all(|&v| v == Var::Query) => {
                Var::RequestUri
            }
            many if many.iter().any(|v| v.is_list()) => Var::SkipList,
            _ => Var::Skip,
        };
        run.clear();
        fields.push((var, Vec::new()));
    };
    for item in items {
        match item {
            Item::Var(var) => run.push(var),
            Item::Literal(bytes) => {
                flush(&mut run, &mut fields);
                match fields.last_mut() {
                    Some((_, until)) => until.extend_from_slice(&bytes),
                    None => prefix.extend_from_slice(&bytes),
                }
            }
        }
    }
    flush(&mut run, &mut fields);

    // A lesser variable is ignored when a better one of its group is in the format.
    let best: Vec<Option<usize>> = (0..RANKS.len())
        .map(|g| {
            fields
                .iter()
                .filter_map(|(v, _)| v.rank().filter(|&(group, _)| group == g))
                .map(|(_, r)| r)
                .min()
        })
        .collect();
    for (var, _) in &mut fields {
        if let Some((g, r)) = var.rank() {
            if best.get(g).copied().flatten().is_some_and(|b| r > b) {
                *var = var.ignored();
            }
        }
    }

    let required = fields
        .iter()
        .position(|(v, _)| v.is_time())
        .ok_or(FormatError::at(source.len(), FormatErrorKind::NoTime))?
        + 1;
    let count = fields.len();
    let steps = fields
        .into_iter()
        .enumerate()
        .map(|(i, (var, until))| Step {
            var,
            until: Literal::new(until, i + 1 == count),
        })
        .collect();
    Ok(Compiled {
        source: source.to_string(),
        syntax,
        prefix: prefix.into_boxed_slice(),
        steps,
        required,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Parser;
    use proptest::prelude::*;

    /// nginx's predefined `combined`.
    const COMBINED: &str = r#"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent""#;
    /// The `main` of the stock nginx.conf (commented out there, used everywhere).
    const MAIN: &str = r#"log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';"#;
    /// The timing format of nginx's own blog and of the issue.
    const TIMING: &str = r#"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" rt=$request_time uct="$upstream_connect_time" uht="$upstream_header_time" urt="$upstream_response_time""#;
    /// A `$host` prefix and bare timings at the end.
    const VHOST: &str = r#"$host $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_response_time $pipe"#;
    /// A JSON format with `escape=json`, as pasted from a config.
    const JSON: &str = r#"log_format json_combined escape=json
  '{'
    '"time_local":"$time_local",'
    '"remote_addr":"$remote_addr",'
    '"remote_user":"$remote_user",'
    '"request":"$request",'
    '"status": "$status",'
    '"body_bytes_sent":"$body_bytes_sent",'
    '"request_time":"$request_time",'
    '"http_referrer":"$http_referer",'
    '"http_user_agent":"$http_user_agent"'
  '}';"#;
    /// JSON with numbers unquoted and ISO times, request in parts.
    const JSON_PARTS: &str = r#"{"@timestamp": "$time_iso8601", "client": "$remote_addr", "xff": "$http_x_forwarded_for", "host": "$host", "method": "$request_method", "uri": "$request_uri", "proto": "$server_protocol", "status": $status, "bytes": $bytes_sent, "rt": $request_time, "urt": "$upstream_response_time", "ua": "$http_user_agent"}"#;
    /// Behind a load balancer: only the forwarded list, and the time as `$msec`.
    const BEHIND_LB: &str =
        r#"$msec "$http_x_forwarded_for" $http_host "$request" $status $body_bytes_sent"#;
    /// Unquoted request and time, request parts rebuilt from `$uri$is_args$args`.
    const UNQUOTED: &str = r#"$time_local $remote_addr $request $status"#;
    const PARTS: &str = r#"[$time_iso8601] $remote_addr "$request_method $uri$is_args$args $server_protocol" $status ${body_bytes_sent}B"#;
    /// Apache's `combined`, as written in httpd.conf.
    const APACHE_COMBINED: &str = r#"%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\""#;
    const APACHE_VHOST: &str = r#"LogFormat "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\" %D" vhost_combined_time"#;

    const UA: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    fn read<'a>(format: &str, line: &'a str) -> Option<Event<'a>> {
        AccessFormat::parse(format)
            .expect("a valid format")
            .parse_line(line)
    }

    /// `case!(name: FORMAT, line => field: value, ...)`: the line is of the format, has a
    /// time, and its fields are exactly these (every field not named is `None`).
    macro_rules! case {
        ($name:ident: $format:expr, $line:expr => $($field:ident: $value:expr),* $(,)?) => {
            #[test]
            fn $name() {
                let event = read($format, $line).expect("a line of the format");
                assert_eq!(event.kind, EventKind::HttpRequest);
                assert!(event.time.is_some(), "no time");
                let Fields::NginxAccess(got) = event.fields else {
                    panic!("not access fields: {:?}", event.fields);
                };
                #[allow(clippy::needless_update)]
                let want = AccessFields { $($field: $value.into(),)* ..AccessFields::default() };
                assert_eq!(got, want);
            }
        };
    }

    /// `none!(name: FORMAT, line)`: not a line of the format.
    macro_rules! none {
        ($name:ident: $format:expr, $line:expr) => {
            #[test]
            fn $name() {
                assert_eq!(read($format, $line), None);
            }
        };
    }

    /// `error!(name: FORMAT => Kind at position)`.
    macro_rules! error {
        ($name:ident: $format:expr => $kind:ident at $pos:expr) => {
            #[test]
            fn $name() {
                let err = AccessFormat::parse($format).expect_err("an invalid format");
                assert_eq!((err.kind(), err.position()), (FormatErrorKind::$kind, $pos));
            }
        };
    }

    // ---- nginx's combined and the stock `main` ----
    case!(combined: COMBINED, r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET /wp-login.php HTTP/1.1" 502 157 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0""# => client_ip: "203.0.113.7", method: "GET", path: "/wp-login.php", protocol: "HTTP/1.1", status: 502u16, bytes: 157u64, user_agent: UA);
    case!(combined_user_referrer_ipv6: COMBINED, r#"2001:db8::7 - alice [24/Nov/2026:03:12:01 +0900] "POST /wp-admin/admin-ajax.php HTTP/2.0" 200 59 "https://example.com/wp-admin/" "curl/8.5.0""# => client_ip: "2001:db8::7", user: "alice", method: "POST", path: "/wp-admin/admin-ajax.php", protocol: "HTTP/2.0", status: 200u16, bytes: 59u64, referrer: "https://example.com/wp-admin/", user_agent: "curl/8.5.0");
    case!(combined_tls_bytes: COMBINED, r#"203.0.113.50 - - [24/Nov/2026:03:12:01 +0900] "\x16\x03\x01\x02\x00\x01\x00\x01\xFC\x03" 400 157 "-" "-""# => client_ip: "203.0.113.50", request: r"\x16\x03\x01\x02\x00\x01\x00\x01\xFC\x03", status: 400u16, bytes: 157u64);
    case!(combined_empty_request: COMBINED, r#"203.0.113.50 - - [24/Nov/2026:03:12:01 +0900] "" 400 0 "-" "-""# => client_ip: "203.0.113.50", request: "", status: 400u16, bytes: 0u64);
    case!(combined_escaped_quote_in_ua: COMBINED, r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "() { :; }; echo \x22pwned\x22""# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64, user_agent: r"() { :; }; echo \x22pwned\x22");
    case!(combined_raw_quotes_in_ua: COMBINED, r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "say "hi"there""# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64, user_agent: r#"say "hi"there"#);
    case!(combined_truncated_in_ua: COMBINED, r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "Mozilla/5.0 (X11"# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64, user_agent: "Mozilla/5.0 (X11");
    case!(combined_truncated_after_stamp: COMBINED, "203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] \"GET /wp-cont" => client_ip: "203.0.113.7", method: "GET", path: "/wp-cont");
    case!(main_forwarded_extra: MAIN, r#"10.0.0.5 - - [24/Nov/2026:03:12:01 +0900] "GET /cart HTTP/1.1" 200 5120 "-" "curl/8.5.0" "198.51.100.7, 10.1.0.3""# => client_ip: "10.0.0.5", method: "GET", path: "/cart", protocol: "HTTP/1.1", status: 200u16, bytes: 5120u64, user_agent: "curl/8.5.0");
    none!(combined_reads_no_syslog: COMBINED, "Nov 24 03:12:01 mail postfix/smtpd[2841]: connect from unknown[203.0.113.7]");
    none!(combined_reads_no_error_log: COMBINED, r#"2026/11/24 14:01:12 [error] 1234#1234: *5678 open() "/var/www/favicon.ico" failed (2: No such file or directory), client: 203.0.113.7, server: example.com"#);
    none!(vhost_format_reads_no_plain_combined: VHOST, r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "-""#);
    none!(truncated_before_the_time: COMBINED, "203.0.113.7 - - [24/Nov/2026:03:1");

    // ---- timings ----
    case!(timing_brief: TIMING, r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "POST /api/v1/orders HTTP/1.1" 201 88 "-" "okhttp/4.12.0" rt=0.123 uct="0.000" uht="0.118" urt="0.120""# => client_ip: "203.0.113.7", method: "POST", path: "/api/v1/orders", protocol: "HTTP/1.1", status: 201u16, bytes: 88u64, user_agent: "okhttp/4.12.0", request_time: 0.123, upstream_response_time: 0.12);
    case!(timing_upstream_list: TIMING, r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 504 160 "-" "curl/8.5.0" rt=60.001 uct="0.001, 0.000" uht="-, 0.004" urt="60.000, 0.004""# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 504u16, bytes: 160u64, user_agent: "curl/8.5.0", request_time: 60.001, upstream_response_time: 0.004);
    case!(timing_no_upstream: TIMING, r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET /logo.png HTTP/1.1" 200 3012 "-" "curl/8.5.0" rt=0.000 uct="-" uht="-" urt="-""# => client_ip: "203.0.113.7", method: "GET", path: "/logo.png", protocol: "HTTP/1.1", status: 200u16, bytes: 3012u64, user_agent: "curl/8.5.0", request_time: 0.0);
    case!(vhost_bare_timings: VHOST, r#"shop.example.org 203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET /checkout HTTP/1.1" 302 0 "https://shop.example.org/cart" "curl/8.5.0" 0.130 0.010 : 0.120 ."# => vhost: "shop.example.org", client_ip: "203.0.113.7", method: "GET", path: "/checkout", protocol: "HTTP/1.1", status: 302u16, bytes: 0u64, referrer: "https://shop.example.org/cart", user_agent: "curl/8.5.0", request_time: 0.13, upstream_response_time: 0.12);
    case!(vhost_bare_timing_list: VHOST, r#"example.com 203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 502 157 "-" "curl/8.5.0" 3.015 3.001, 0.004 p"# => vhost: "example.com", client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 502u16, bytes: 157u64, user_agent: "curl/8.5.0", request_time: 3.015, upstream_response_time: 0.004);

    // ---- JSON ----
    case!(json_escape_json: JSON, r#"{"time_local":"24/Nov/2026:03:12:01 +0900","remote_addr":"203.0.113.7","remote_user":"","request":"GET /search?q=\"x\" HTTP/1.1","status": "200","body_bytes_sent":"512","request_time":"0.004","http_referrer":"","http_user_agent":"Go-http-client/1.1"}"# => client_ip: "203.0.113.7", method: "GET", path: r#"/search?q=\"x\""#, protocol: "HTTP/1.1", status: 200u16, bytes: 512u64, request_time: 0.004, user_agent: "Go-http-client/1.1");
    case!(json_escaped_quote_before_delimiter: JSON, r#"{"time_local":"24/Nov/2026:03:12:01 +0900","remote_addr":"203.0.113.7","remote_user":"","request":"GET /x?a=\",\"status\": \"999 HTTP/1.1","status": "200","body_bytes_sent":"5","request_time":"0.004","http_referrer":"","http_user_agent":"evil\"}"}"# => client_ip: "203.0.113.7", method: "GET", path: r#"/x?a=\",\"status\": \"999"#, protocol: "HTTP/1.1", status: 200u16, bytes: 5u64, request_time: 0.004, user_agent: r#"evil\"}"#);
    case!(json_parts: JSON_PARTS, r#"{"@timestamp": "2026-11-24T03:12:01+09:00", "client": "10.0.0.2", "xff": "198.51.100.7", "host": "api.example.com", "method": "PUT", "uri": "/v2/items/7?force=1", "proto": "HTTP/2.0", "status": 409, "bytes": 311, "rt": 0.052, "urt": "0.050", "ua": "python-requests/2.31.0"}"# => vhost: "api.example.com", client_ip: "10.0.0.2", method: "PUT", path: "/v2/items/7?force=1", protocol: "HTTP/2.0", status: 409u16, bytes: 311u64, request_time: 0.052, upstream_response_time: 0.05, user_agent: "python-requests/2.31.0");

    // ---- clients behind proxies, epoch times, unquoted fields ----
    case!(behind_lb_last_forwarded: BEHIND_LB, r#"1795457521.123 "198.51.100.7, 203.0.113.7" www.example.com:8080 "GET / HTTP/1.1" 200 612"# => vhost: "www.example.com:8080", client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64);
    case!(behind_lb_no_forwarded: BEHIND_LB, r#"1795457521.000 "-" - "HEAD /health HTTP/1.0" 204 0"# => method: "HEAD", path: "/health", protocol: "HTTP/1.0", status: 204u16, bytes: 0u64);
    case!(unquoted_request_and_time: UNQUOTED, "24/Nov/2026:03:12:01 +0900 203.0.113.7 GET /a HTTP/1.1 404" => client_ip: "203.0.113.7", method: "GET", path: "/a", protocol: "HTTP/1.1", status: 404u16);
    case!(unquoted_junk_request: UNQUOTED, "24/Nov/2026:03:12:01 +0900 203.0.113.7 \\x16\\x03\\x01 400" => client_ip: "203.0.113.7", request: r"\x16\x03\x01", status: 400u16);
    case!(request_in_parts: PARTS, r#"[2026-11-24T03:12:01+09:00] 203.0.113.7 "GET /search?q=kittens HTTP/1.1" 200 1234B"# => client_ip: "203.0.113.7", method: "GET", path: "/search?q=kittens", protocol: "HTTP/1.1", status: 200u16, bytes: 1234u64);

    // ---- Apache ----
    case!(apache_combined: APACHE_COMBINED, r#"192.0.2.61 - mbrown [24/Nov/2026:03:12:01 +0100] "GET /board HTTP/1.1" 200 17163 "-" "Mozilla/5.0 \"compatible\" bot""# => client_ip: "192.0.2.61", user: "mbrown", method: "GET", path: "/board", protocol: "HTTP/1.1", status: 200u16, bytes: 17163u64, user_agent: r#"Mozilla/5.0 \"compatible\" bot"#);
    case!(apache_vhost_combined_micros: APACHE_VHOST, r#"intranet.example:443 192.0.2.61 - - [24/Nov/2026:03:12:01 +0100] "GET /board HTTP/2.0" 200 17404 "-" "curl/8.5.0" 116075"# => vhost: "intranet.example", client_ip: "192.0.2.61", method: "GET", path: "/board", protocol: "HTTP/2.0", status: 200u16, bytes: 17404u64, user_agent: "curl/8.5.0", request_time: 0.116075);

    // ---- formats that do not compile ----
    error!(empty: "" => Empty at 0);
    error!(blank: "   " => Empty at 0);
    error!(dollar_at_end: "$remote_addr [$time_local] $" => MissingVariableName at 27);
    error!(dollar_space: "$remote_addr $ [$time_local]" => MissingVariableName at 13);
    error!(unclosed_brace: "[$time_local] ${remote_addr" => UnclosedBrace at 15);
    error!(empty_braces: "[$time_local] ${}" => MissingVariableName at 14);
    error!(no_time: r#"$remote_addr "$request" $status"# => NoTime at 31);
    error!(unclosed_quote: "log_format main '$remote_addr [$time_local]" => UnclosedQuote at 16);
    error!(directive_without_format: "log_format main;" => IncompleteDirective at 16);
    error!(apache_percent_at_end: "%h %t %" => MissingDirective at 6);
    error!(apache_unclosed_brace: r#"%h %t "%{Referer""# => UnclosedBrace at 8);

    #[test]
    fn unknown_variables_are_skipped_fields() {
        let f = AccessFormat::parse(
            "$remote_addr $connection [$time_local] $ssl_protocol/$ssl_cipher \"$request\" $status",
        )
        .expect("a valid format");
        let line = r#"203.0.113.7 8812 [24/Nov/2026:03:12:01 +0900] TLSv1.3/TLS_AES_256_GCM_SHA384 "GET / HTTP/1.1" 200"#;
        let event = f.parse_line(line).expect("a line of the format");
        let Fields::NginxAccess(a) = event.fields else {
            panic!("not access fields")
        };
        assert_eq!(
            (a.client_ip, a.path, a.status),
            (Some("203.0.113.7"), Some("/"), Some(200))
        );
    }

    #[test]
    fn times_from_every_variable() {
        let stamp = |format: &str, line: &str| {
            let t = read(format, line).and_then(|e| e.time).expect("a time");
            (
                t.year,
                t.month,
                t.day,
                t.hour,
                t.minute,
                t.second,
                t.nanos,
                t.offset_secs,
            )
        };
        let want = (Some(2026), 11, 24, 3, 12, 1, 0, Some(9 * 3600));
        assert_eq!(
            stamp("[$time_local] $status", "[24/Nov/2026:03:12:01 +0900] 200"),
            want
        );
        assert_eq!(
            stamp("$time_iso8601 $status", "2026-11-24T03:12:01+09:00 200"),
            want
        );
        // 2026-11-23T18:12:01.250Z
        let utc = (Some(2026), 11, 23, 18, 12, 1, 250_000_000, Some(0));
        assert_eq!(stamp("$msec $status", "1795457521.250 200"), utc);
        assert_eq!(stamp("%{msec}t %>s", "1795457521250 200"), utc);
        assert_eq!(stamp("%{usec}t %>s", "1795457521250000 200"), utc);
        assert_eq!(
            stamp("%{sec}t %>s", "1795457521 200"),
            (Some(2026), 11, 23, 18, 12, 1, 0, Some(0))
        );
        // With both, the local time wins.
        assert_eq!(
            stamp(
                "$msec [$time_local] $status",
                "1795457521.250 [24/Nov/2026:03:12:01 +0900] 200"
            ),
            want
        );
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(59), (1970, 3, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(2_932_896), (9999, 12, 31));
        assert_eq!(parse_epoch(b"253402300800", 0), None);
    }

    #[test]
    fn damaged_time_is_an_event_without_time() {
        let line =
            r#"203.0.113.7 - - [24/Nox/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "-""#;
        let event = read(COMBINED, line).expect("the structure matches");
        assert_eq!(event.time, None);
    }

    #[test]
    fn the_pasted_directive_is_the_format() {
        let pasted = AccessFormat::parse(MAIN).expect("a valid directive");
        let bare = AccessFormat::parse(&format!("{COMBINED} \"$http_x_forwarded_for\""))
            .expect("a valid format");
        assert_eq!(pasted.inner.prefix, bare.inner.prefix);
        assert_eq!(pasted.inner.steps, bare.inner.steps);
        assert_eq!(pasted.as_str(), MAIN);
        assert!(!pasted.is_apache());
        assert!(AccessFormat::parse(APACHE_COMBINED)
            .expect("valid")
            .is_apache());
    }

    #[test]
    fn a_line_with_fields_after_the_format_keeps_them_out() {
        let line = r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" "extra" 0.1"#;
        let Fields::NginxAccess(a) = read(COMBINED, line).expect("a line").fields else {
            panic!("not access fields")
        };
        assert_eq!(a.user_agent, Some("curl/8.5.0"));
    }

    #[test]
    fn the_same_fields_as_the_built_in_parser_on_combined_lines() {
        let format = AccessFormat::parse(COMBINED).expect("a valid format");
        for line in [
            r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET /wp-login.php HTTP/1.1" 502 157 "-" "curl/8.5.0""#,
            r#"198.51.100.23 - alice [24/Nov/2026:03:12:02 +0900] "POST /x?a=1 HTTP/2.0" 200 59 "https://example.com/" "Mozilla/5.0 (X11; Linux x86_64)""#,
            r#"203.0.113.50 - - [24/Nov/2026:03:12:01 +0900] "-" 408 0 "-" "-""#,
            r#"203.0.113.50 - - [24/Nov/2026:03:12:01 +0900] "GET /" 200 612 "-" "-""#,
            r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "UA \x22q\x22""#,
        ] {
            assert_eq!(
                format.parse_line(line),
                crate::nginx::access::parse(line),
                "{line}"
            );
        }
    }

    /// The lines of a file, for detection.
    fn detect(lines: &str, format: &str) -> Option<Parser> {
        let format = AccessFormat::parse(format).expect("a valid format");
        crate::detect_parser(lines.lines(), Some(&format))
    }

    const TIMING_LOG: &str = r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "POST /api/v1/orders HTTP/1.1" 201 88 "-" "okhttp/4.12.0" rt=0.123 uct="0.000" uht="0.118" urt="0.120"
203.0.113.8 - - [24/Nov/2026:03:12:02 +0900] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" rt=0.002 uct="-" uht="-" urt="-"
"#;
    const COMBINED_LOG: &str = r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0"
203.0.113.8 - - [24/Nov/2026:03:12:02 +0900] "GET /a HTTP/1.1" 404 153 "-" "curl/8.5.0"
"#;
    const JSON_LOG: &str = r#"{"@timestamp": "2026-11-24T03:12:01+09:00", "client": "10.0.0.2", "xff": "-", "host": "api.example.com", "method": "GET", "uri": "/v2/items", "proto": "HTTP/2.0", "status": 200, "bytes": 311, "rt": 0.052, "urt": "0.050", "ua": "curl/8.5.0"}
{"@timestamp": "2026-11-24T03:12:02+09:00", "client": "10.0.0.3", "xff": "-", "host": "api.example.com", "method": "GET", "uri": "/v2/items/7", "proto": "HTTP/2.0", "status": 404, "bytes": 12, "rt": 0.003, "urt": "0.002", "ua": "curl/8.5.0"}
"#;
    const SYSLOG_LOG: &str = "2026-11-24T03:12:01.123456+09:00 web1 systemd[1]: Started nginx.service.\n2026-11-24T03:12:02.000001+09:00 web1 sshd[812]: Accepted publickey for deploy from 192.0.2.4 port 50022 ssh2\n";

    #[test]
    fn detection_picks_the_format_for_its_own_log() {
        let parser = detect(JSON_LOG, JSON_PARTS).expect("a format");
        assert_eq!(parser.format(), crate::Format::NginxAccess);
        assert!(parser.access_format().is_some());
        assert_eq!(crate::detect_format(JSON_LOG.lines()), None);
        let parser = detect(TIMING_LOG, TIMING).expect("a format");
        assert!(
            parser.access_format().is_some(),
            "ties go to the user's format"
        );
    }

    #[test]
    fn detection_keeps_the_built_in_parsers_for_other_logs() {
        // The timing format reads no combined line to its end: the built-in parser keeps them.
        let parser = detect(COMBINED_LOG, TIMING).expect("a format");
        assert_eq!(parser.format(), crate::Format::NginxAccess);
        assert!(parser.access_format().is_none());
        let parser = detect(COMBINED_LOG, JSON_PARTS).expect("a format");
        assert!(parser.access_format().is_none());
        // Vhost-prefixed lines read to the end by plain combined, but their client has a space.
        let vhost_log = COMBINED_LOG.replace("203.0.113.", "example.com 203.0.113.");
        let parser = detect(&vhost_log, COMBINED).expect("a format");
        assert!(parser.access_format().is_none());
        // A loose format that begins with an ISO time reads a journal export only in part.
        let parser = detect(
            SYSLOG_LOG,
            r#"$time_iso8601 $remote_addr "$request" $status"#,
        )
        .expect("a format");
        assert_eq!(parser.format(), crate::Format::Syslog);
        assert!(parser.access_format().is_none());
    }

    /// Real-shaped format strings for the property tests.
    const FORMATS: [&str; 11] = [
        COMBINED,
        MAIN,
        TIMING,
        VHOST,
        JSON,
        JSON_PARTS,
        BEHIND_LB,
        UNQUOTED,
        PARTS,
        APACHE_COMBINED,
        APACHE_VHOST,
    ];

    proptest! {
        #[test]
        fn arbitrary_lines_never_panic(i in 0..FORMATS.len(), line in any::<String>()) {
            let format = AccessFormat::parse(FORMATS[i]).expect("a valid format");
            if let Some(event) = format.parse_line(&line) {
                prop_assert_eq!(event.kind, EventKind::HttpRequest);
            }
        }

        #[test]
        fn log_shaped_lines_never_panic(
            i in 0..FORMATS.len(),
            line in r#"[a-z0-9.:, "{}\[\]\\-]{0,30}(24/Nov/2026:03:12:01 \+0900|2026-11-24T03:12:01Z|1795457521\.250)?[ -~\\]{0,80}"#,
        ) {
            let format = AccessFormat::parse(FORMATS[i]).expect("a valid format");
            let _ = format.parse_line(&line);
        }

        #[test]
        fn arbitrary_formats_never_panic(format in any::<String>(), line in any::<String>()) {
            if let Ok(format) = AccessFormat::parse(&format) {
                let _ = format.parse_line(&line);
                let _ = format.parse_line(format.as_str());
            }
        }

        #[test]
        fn format_shaped_strings_never_panic(
            format in r#"(log_format x |LogFormat )?(['"]|\$[a-z_]{0,12}|\$\{[a-z_]{0,6}\}?|%[<>!0-9]{0,2}(\{[A-Za-z-]{0,6}\}?)?[a-zA-Z%]?|[ -~]){0,16}(\$time_local|\$msec|%t)?[ -~]{0,6}"#,
            line in r#"[ -~]{0,60}"#,
        ) {
            if let Ok(format) = AccessFormat::parse(&format) {
                let _ = format.parse_line(&line);
            }
        }

        /// A combined line written from any values nginx could log reads back as them.
        #[test]
        fn combined_lines_read_back(
            ip in "[0-9a-f:.]{2,39}",
            user in "-|[a-z]{1,8}",
            path in r"/[!#-\[\]-~]{0,40}",
            status in 100u16..600,
            bytes in 0u64..10_000_000,
            referrer in r"-|https?://[!#-\[\]-~]{1,40}",
            agent in r"-|[A-Za-z][ !#-\[\]-~]{0,60}",
        ) {
            let line = format!(
                r#"{ip} - {user} [24/Nov/2026:03:12:01 +0900] "GET {path} HTTP/1.1" {status} {bytes} "{referrer}" "{agent}""#
            );
            let format = AccessFormat::parse(COMBINED).expect("a valid format");
            let event = format.parse_line(&line).expect("a line of the format");
            prop_assert!(event.time.is_some());
            let Fields::NginxAccess(a) = event.fields else {
                panic!("not access fields")
            };
            let some = |s: &str| if s == "-" { None } else { Some(s.to_string()) };
            prop_assert_eq!(a.client_ip, Some(ip.as_str()));
            prop_assert_eq!(a.user.map(str::to_string), some(&user));
            prop_assert_eq!(a.path, Some(path.as_str()));
            prop_assert_eq!(a.status, Some(status));
            prop_assert_eq!(a.bytes, Some(bytes));
            prop_assert_eq!(a.referrer.map(str::to_string), some(&referrer));
            prop_assert_eq!(a.user_agent.map(str::to_string), some(&agent));
        }
    }
}
