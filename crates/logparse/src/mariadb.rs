//! The MariaDB / MySQL error log.
//!
//! One line is one of:
//!
//! - MariaDB 10.x/11.x: `2026-11-24 14:01:40 0 [Note] InnoDB: ...` (the hour may be space-padded:
//!   `2026-11-24  3:12:01`); InnoDB's own assertion lines put a hex thread id there
//!   (`0x7f3a1c0ff700` or bare `7f3a1c0ff700`) and no level;
//! - the old `YYMMDD HH:MM:SS` stamp (`191015  9:46:45 [Note] ...`), with or without a thread id,
//!   also used by `mysqld_safe` and InnoDB 5.5 (`161209 14:18:50  InnoDB: ...`);
//! - MySQL 5.7/8: `2019-10-16T17:24:15.123456Z 0 [System] [MY-010116] [Server] ...` (level, error
//!   code, subsystem);
//! - a line without a stamp: the multi-line crash report after `got signal`, InnoDB's multi-line
//!   messages, `Version: '...'` after `ready for connections`, backtrace frames. These are read
//!   (with `time: None`) only when they match a known mysqld pattern, so that format detection
//!   does not mistake other files for this one.
//!
//! The parser is stateless: each line is classified on its own words. The message keeps
//! MariaDB's subsystem prefix as written (`InnoDB: Starting shutdown...`); the prefix is also
//! reported as `subsystem`.

use std::sync::LazyLock;

use memchr::{memchr, memmem};

use crate::event::{Event, EventKind, Fields, MariadbFields};
use crate::time::{parse_rfc3339, parse_ymd_hms, parse_yymmdd, PartialTime};

/// Parses one line; `None` when the line is not of this format.
pub(crate) fn parse(line: &str) -> Option<Event<'_>> {
    let b = line.as_bytes();
    match read_stamp(b) {
        Some((time, rest)) => parse_stamped(line, time, b.len() - rest.len()),
        None => parse_stampless(line),
    }
}

/// The three stamp shapes, chosen by a separator at a fixed position.
fn read_stamp(b: &[u8]) -> Option<(PartialTime, &[u8])> {
    if b.get(4) == Some(&b'-') {
        if b.get(10) == Some(&b'T') {
            parse_rfc3339(b)
        } else {
            parse_ymd_hms(b, b'-')
        }
    } else if b.get(6) == Some(&b' ') {
        parse_yymmdd(b)
    } else {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ThreadId {
    None,
    /// `0`, `13`, `139845235329792`.
    Decimal,
    /// `0x7f3a1c0ff700` or `7fb592ede7c0` (InnoDB's own messages).
    Hex,
}

fn parse_stamped(line: &str, time: PartialTime, at: usize) -> Option<Event<'_>> {
    let b = line.as_bytes();
    let mut i = skip_ws(b, at);
    if i == at && i < b.len() {
        // The stamp runs into other text: not a stamp of ours.
        return None;
    }

    // Thread id.
    let tok_end = find_ws(b, i);
    let (thread, thread_kind) = read_thread(b.get(i..tok_end).unwrap_or_default());
    if thread_kind != ThreadId::None {
        i = skip_ws(b, tok_end);
    }

    // `[Level]`, then MySQL 8's `[MY-010116] [Server]`.
    let mut level = None;
    let mut code = None;
    let mut subsystem = None;
    if let Some((tok, next)) = bracket(line, i, 16) {
        if !tok.is_empty() && tok.bytes().all(|c| c.is_ascii_alphabetic()) {
            level = Some(tok);
            i = skip_ws(b, next);
            if let Some((tok, next)) = bracket(line, i, 16) {
                if tok.starts_with("MY-") {
                    code = Some(tok);
                    i = skip_ws(b, next);
                    if let Some((tok, next)) = bracket(line, i, 32) {
                        if !tok.is_empty() && !tok.contains(' ') {
                            subsystem = Some(tok);
                            i = skip_ws(b, next);
                        }
                    }
                }
            }
        }
    }

    let rest = b.get(i..).unwrap_or_default();
    let accepted = match thread_kind {
        ThreadId::Decimal => true,
        ThreadId::Hex => level.is_some() || known_start(rest),
        ThreadId::None => level.is_some() || rest.is_empty() || known_start(rest),
    };
    if !accepted {
        return None;
    }
    // The old crash header: `150521 16:47:09 - mysqld got signal 11 ;`.
    if level.is_none() && rest.starts_with(b"- ") {
        i += 2;
    }
    let message = line.get(i..).unwrap_or_default();
    Some(build(
        Some(time),
        level,
        thread,
        code,
        subsystem,
        message,
        None,
    ))
}

/// Lines without a stamp: read only when they are known mysqld output.
fn parse_stampless(line: &str) -> Option<Event<'_>> {
    let b = line.as_bytes();
    // MySQL 5.5+ crash header with a time of day only: `20:41:01 UTC - mysqld got signal 6 ;`.
    // A time without a date is no stamp we can place, so the line has `time: None`.
    if b.len() > 8
        && b.get(2) == Some(&b':')
        && b.get(5) == Some(&b':')
        && b.iter().take(8).all(|c| c.is_ascii_digit() || *c == b':')
    {
        let sep = memmem::find(b.get(..24.min(b.len())).unwrap_or_default(), b" - ")?;
        let message = line.get(sep + 3..)?;
        let (class, _) = classify(message.as_bytes());
        if class != Class::Crash {
            return None;
        }
        return Some(build(None, None, None, None, None, message, Some(class)));
    }
    if !known_stampless(b) {
        return None;
    }
    Some(build(None, None, None, None, None, line, None))
}

/// Builds the event: subsystem from the message prefix, kind from the message's words, user and
/// host where the kind has them. `class` overrides the classification when already known.
fn build<'a>(
    time: Option<PartialTime>,
    level: Option<&'a str>,
    thread: Option<u64>,
    code: Option<&'a str>,
    subsystem: Option<&'a str>,
    message: &'a str,
    class: Option<Class>,
) -> Event<'a> {
    let m = message.as_bytes();
    let (class, pos) = match class {
        Some(c) => (c, 0),
        None => classify(m),
    };
    let subsystem = subsystem.or_else(|| prefix_subsystem(message));
    let (user, client_host) = match class {
        Class::AccessDenied => access_denied(message, pos),
        Class::Aborted => aborted_connection(message, pos),
        Class::ShutdownInitiated => shutdown_user(message),
        _ => (None, None),
    };
    Event {
        time,
        kind: class.kind(),
        fields: Fields::Mariadb(MariadbFields {
            level,
            thread,
            code,
            subsystem,
            message,
            user,
            client_host,
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// Classification
// ---------------------------------------------------------------------------------------------

/// What a message says, in order of precedence: when a line matches several patterns the
/// greatest wins (a crash line that mentions memory is a crash).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Message,
    Starting,
    Ready,
    ShutdownInitiated,
    ShutdownComplete,
    Recovery,
    Aborted,
    AccessDenied,
    TooMany,
    DiskFull,
    Oom,
    Crash,
}

impl Class {
    fn kind(self) -> EventKind {
        match self {
            Class::Message => EventKind::DbMessage,
            Class::Starting => EventKind::DbStarting,
            Class::Ready => EventKind::DbReady,
            Class::ShutdownInitiated => EventKind::DbShutdownInitiated,
            Class::ShutdownComplete => EventKind::DbShutdownComplete,
            Class::Recovery => EventKind::DbRecovery,
            Class::Aborted => EventKind::DbAbortedConnection,
            Class::AccessDenied => EventKind::DbAccessDenied,
            Class::TooMany => EventKind::DbTooManyConnections,
            Class::DiskFull => EventKind::DiskFull,
            Class::Oom => EventKind::DbOutOfMemory,
            Class::Crash => EventKind::DbCrash,
        }
    }
}

/// Classifies a message by the words it contains, in one pass: every word start (the start of
/// the message and each byte after a space or tab) is matched against the patterns that begin
/// with its first byte. Returns the class and the position of the word that decided it.
fn classify(m: &[u8]) -> (Class, usize) {
    let mut best = (Class::Message, 0);
    // Returns true when nothing can beat the class found.
    let mut consider = |at: usize| {
        if let Some(k) = word_class(m, at) {
            if k > best.0 {
                best = (k, at);
            }
        }
        best.0 == Class::Crash
    };
    if consider(0) {
        return best;
    }
    // Word separators, eight bytes at a time.
    let mut base = 0;
    for chunk in m.chunks_exact(8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let x = u64::from_le_bytes(word);
        let mut mask = eq_mask(x, b' ') | eq_mask(x, b'\t');
        while mask != 0 {
            let i = base + (mask.trailing_zeros() / 8) as usize;
            if consider(i + 1) {
                return best;
            }
            mask &= mask - 1;
        }
        base += 8;
    }
    for (i, c) in m.iter().enumerate().skip(base) {
        if matches!(c, b' ' | b'\t') && consider(i + 1) {
            break;
        }
    }
    best
}

/// `0x80` in each byte of `x` equal to `b`, `0` in the others (exact: no borrow between bytes).
#[inline]
fn eq_mask(x: u64, b: u8) -> u64 {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let y = x ^ (LO * u64::from(b));
    !(((y & HI7) + HI7) | y | HI7)
}

/// The class of the pattern starting at `m[at..]`, if any.
fn word_class(m: &[u8], mut at: usize) -> Option<Class> {
    // A word in parentheses or quotes: `(Errcode: 28 "No space left on device")`.
    if matches!(m.get(at), Some(b'(' | b'"')) {
        at += 1;
    }
    let w = m.get(at..)?;
    let c = match w.first()? {
        b'A' => {
            if w.starts_with(b"Access denied for user") {
                Class::AccessDenied
            } else if w.starts_with(b"Aborted connection") {
                Class::Aborted
            } else if w.starts_with(b"Assertion failure")
                || w.starts_with(b"Assertion `")
                || w.starts_with(b"Attempting backtrace")
            {
                Class::Crash
            } else {
                return None;
            }
        }
        b'C' => {
            if w.starts_with(b"Cannot allocate ") {
                Class::Oom
            } else if w.starts_with(b"Crash recovery") {
                Class::Recovery
            } else {
                return None;
            }
        }
        b'D' => {
            if w.starts_with(b"Disk full") || w.starts_with(b"Disk is full") {
                Class::DiskFull
            } else if w.starts_with(b"Database was not shutdown normally") {
                Class::Recovery
            } else {
                return None;
            }
        }
        b'E' if number_after(w, b"Errcode: ") == Some(28) => Class::DiskFull,
        b'F' if w.starts_with(b"Failing assertion") || w.starts_with(b"Fatal signal") => {
            Class::Crash
        }
        b'G' => {
            if let Some(r) = w.strip_prefix(b"Got signal ") {
                // `Got signal 15 to shutdown mysqld` (debug builds): an orderly stop.
                let digits = r.iter().take_while(|c| c.is_ascii_digit()).count();
                if r.get(digits..)?.starts_with(b" to shutdown") {
                    Class::ShutdownInitiated
                } else {
                    return None;
                }
            } else if number_after(w, b"Got error ") == Some(28) {
                Class::DiskFull
            } else {
                return None;
            }
        }
        b'M' if w.starts_with(b"Most likely, you have hit a bug") => Class::Crash,
        b'N' => {
            if w.starts_with(b"No space left on device") {
                Class::DiskFull
            } else if w.starts_with(b"Normal shutdown") {
                Class::ShutdownInitiated
            } else {
                return None;
            }
        }
        b'O' if w.starts_with(b"Out of memory") || w.starts_with(b"OutOfMemory") => Class::Oom,
        b'R' => {
            if w.starts_with(b"Received SHUTDOWN") {
                Class::ShutdownInitiated
            } else if w.starts_with(b"Recovering after a crash") {
                Class::Recovery
            } else {
                return None;
            }
        }
        b'S' => {
            if let Some(r) = w.strip_prefix(b"Starting ") {
                starting(r)?
            } else if w.starts_with(b"Shutdown complete") && w.get(17) != Some(&b'd') {
                // Not InnoDB's intermediate `Shutdown completed; log sequence number ...`.
                Class::ShutdownComplete
            } else {
                return None;
            }
        }
        b'T' => {
            if w.starts_with(b"Thread pointer:")
                || w.starts_with(b"This could be because you hit a bug")
            {
                Class::Crash
            } else if w.starts_with(b"Too many connections") {
                Class::TooMany
            } else {
                return None;
            }
        }
        b'[' if w.starts_with(b"[FATAL]") => Class::Crash,
        b'c' if w.starts_with(b"crash recovery") => Class::Recovery,
        b'e' => {
            let n = number_after(w, b"errno ")
                .or_else(|| number_after(w, b"errno: "))
                .or_else(|| number_after(w, b"error number "))?;
            match n {
                12 => Class::Oom,
                28 => Class::DiskFull,
                _ => return None,
            }
        }
        b'g' if w.starts_with(b"got signal ") => Class::Crash,
        b'o' if w.starts_with(b"out of memory") => Class::Oom,
        b'r' => {
            if w.starts_with(b"ready for connections") {
                // Not MySQL 8's `X Plugin ready for connections`, which follows the server's.
                if m.get(..at).is_some_and(|p| p.ends_with(b"Plugin ")) {
                    return None;
                }
                Class::Ready
            } else if w.starts_with(b"received signal 15") {
                Class::ShutdownInitiated
            } else {
                return None;
            }
        }
        b's' => {
            if w.starts_with(b"starting as process") {
                Class::Starting
            } else if w.starts_with(b"stack_bottom") {
                Class::Crash
            } else {
                return None;
            }
        }
        _ => return None,
    };
    Some(c)
}

/// After `Starting `: `MariaDB 10.11.6...`, `crash recovery`, `shutdown...`, `mariadbd daemon`.
fn starting(r: &[u8]) -> Option<Class> {
    if r.starts_with(b"MariaDB") || r.starts_with(b"MySQL") {
        Some(Class::Starting)
    } else if r.starts_with(b"crash recovery")
        || r.starts_with(b"final batch to recover")
        || r.starts_with(b"a batch to recover")
    {
        Some(Class::Recovery)
    } else if r.starts_with(b"shutdown") {
        Some(Class::ShutdownInitiated)
    } else {
        // mysqld_safe: `Starting mariadbd daemon with databases from /var/lib/mysql`.
        let word = memchr(b' ', r)?;
        r.get(word..)?
            .starts_with(b" daemon")
            .then_some(Class::Starting)
    }
}

/// The number right after `prefix`, when `w` starts with it and the number ends there (so that
/// `errno 123` is not `errno 12`).
fn number_after(w: &[u8], prefix: &[u8]) -> Option<u32> {
    let r = w.strip_prefix(prefix)?;
    let n = r.iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 || n > 6 {
        return None;
    }
    let mut v = 0u32;
    for &c in r.get(..n)? {
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

// ---------------------------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------------------------

/// The phrase of an access-denied line, for [`access_denied_in`].
static ACCESS_DENIED: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("Access denied for user '"));

/// How many `'@'` of one line [`access_denied`] looks at.
const MAX_AT_CANDIDATES: usize = 8;

/// `Access denied for user 'U'@'H'` anywhere in `msg` (a MariaDB line carried by syslog,
/// whatever its stamp), read as in the error log: the user and the client host.
pub(crate) fn access_denied_in(msg: &str) -> Option<(Option<&str>, Option<&str>)> {
    let pos = ACCESS_DENIED.find(msg.as_bytes())?;
    Some(access_denied(msg, pos))
}

/// `Access denied for user 'root'@'203.0.113.7' (using password: YES)`: the user and the
/// client host. The user name is the client's and the server does not escape it, so it may
/// hold `'@'` and a fake host: the user ends at the `'@'` whose quoted host is followed by
/// what the server writes after it — ` (using password: YES|NO)` and the end, the end alone
/// (MariaDB 10.3+), or ` to database '...'` (the last such, the database name being an
/// authenticated client's). A damaged line where none reads that way ends the user at the
/// first `'@'`.
fn access_denied(msg: &str, pos: usize) -> (Option<&str>, Option<&str>) {
    let start = pos + "Access denied for user '".len();
    let b = msg.as_bytes();
    if b.get(start - 1) != Some(&b'\'') {
        return (None, None);
    }
    let Some(tail) = b.get(start..) else {
        return (None, None);
    };
    let host_at = |q: usize| {
        let host_start = start + q + 3;
        b.get(host_start..)
            .and_then(|h| memchr(b'\'', h))
            .map(|end| (host_start, host_start + end))
    };
    let mut first = None;
    let mut best: Option<(u8, usize)> = None;
    for q in memmem::find_iter(tail, b"'@'").take(MAX_AT_CANDIDATES) {
        first.get_or_insert(q);
        let Some((_, host_end)) = host_at(q) else {
            continue;
        };
        let rank = server_tail_rank(b.get(host_end + 1..).unwrap_or_default());
        if rank > 0 && !matches!(best, Some((r, _)) if rank < r) {
            best = Some((rank, q));
        }
    }
    match best.map(|(_, q)| q).or(first) {
        Some(q) => (
            msg.get(start..start + q),
            host_at(q).and_then(|(from, to)| msg.get(from..to)),
        ),
        // Truncated after the user name.
        None => (
            memchr(b'\'', tail).and_then(|end| msg.get(start..start + end)),
            None,
        ),
    }
}

/// How surely `after` (the text after the host's closing quote) is what the server writes
/// there: 3 for ` (using password: YES|NO)`, 2 for ` to database '...'`, 1 for the end of the
/// line, 0 for anything else.
fn server_tail_rank(after: &[u8]) -> u8 {
    let after = after.trim_ascii_end();
    if after == b" (using password: YES)" || after == b" (using password: NO)" {
        3
    } else if after.starts_with(b" to database '") && after.ends_with(b"'") {
        2
    } else if after.is_empty() {
        1
    } else {
        0
    }
}

/// `Aborted connection 123 to db: 'wp' user: 'wp_user' host: 'localhost' (...)`.
fn aborted_connection(msg: &str, pos: usize) -> (Option<&str>, Option<&str>) {
    let b = msg.as_bytes();
    let (mut user, mut host) = (None, None);
    let mut from = pos;
    // Each `NAME: '...'` pair, found by its colon.
    while let Some(c) = b.get(from..).and_then(|t| memchr(b':', t)) {
        let c = from + c;
        from = c + 1;
        if b.get(c + 1..c + 3) != Some(b" '".as_slice()) {
            continue;
        }
        let head = b.get(..c).unwrap_or_default();
        let slot = if head.ends_with(b"user") {
            &mut user
        } else if head.ends_with(b"host") {
            &mut host
        } else {
            continue;
        };
        let start = c + 3;
        let Some(end) = b.get(start..).and_then(|t| memchr(b'\'', t)) else {
            break;
        };
        *slot = msg.get(start..start + end);
        from = start + end + 1;
    }
    (user, host)
}

/// `(initiated by: root[root] @ localhost []): Normal shutdown`, `(initiated by: unknown)`,
/// `Received SHUTDOWN from user boot.`, `Received SHUTDOWN from user <via user signal>.`
fn shutdown_user(msg: &str) -> (Option<&str>, Option<&str>) {
    let b = msg.as_bytes();
    if let Some(p) = memmem::find(b, b"initiated by: ") {
        let start = p + "initiated by: ".len();
        let Some(tail) = b.get(start..) else {
            return (None, None);
        };
        let len = tail
            .iter()
            .position(|c| matches!(c, b'[' | b' ' | b')' | b':'))
            .unwrap_or(tail.len());
        let user = msg.get(start..start + len).filter(|u| !u.is_empty());
        // `root[root] @ localhost []`: the host follows ` @ `.
        let mut j = start + len;
        if b.get(j) == Some(&b'[') {
            j += b
                .get(j..)
                .and_then(|t| memchr(b']', t))
                .map_or(0, |e| e + 1);
        }
        // `user[priv] @ host [ip]`: the host name, else the address in brackets.
        let mut host = None;
        if b.get(j..).is_some_and(|t| t.starts_with(b" @ ")) {
            let h = j + 3;
            let tail = b.get(h..).unwrap_or_default();
            let len = tail
                .iter()
                .position(|c| matches!(c, b'[' | b' ' | b')'))
                .unwrap_or(tail.len());
            host = msg.get(h..h + len).filter(|s| !s.is_empty());
            let k = skip_ws(b, h + len);
            if host.is_none() && b.get(k) == Some(&b'[') {
                host = b
                    .get(k + 1..)
                    .and_then(|t| memchr(b']', t))
                    .and_then(|e| msg.get(k + 1..k + 1 + e))
                    .filter(|s| !s.is_empty());
            }
        }
        return (user, host);
    }
    if let Some(p) = memmem::find(b, b"SHUTDOWN from user ") {
        let start = p + "SHUTDOWN from user ".len();
        let tail = b.get(start..).unwrap_or_default();
        let len = if tail.first() == Some(&b'<') {
            memchr(b'>', tail).map_or(tail.len(), |e| e + 1)
        } else {
            tail.iter()
                .position(|c| matches!(c, b' ' | b'.'))
                .unwrap_or(tail.len())
        };
        return (msg.get(start..start + len).filter(|u| !u.is_empty()), None);
    }
    (None, None)
}

/// MariaDB's subsystem prefixes, as written before the message text.
const SUBSYSTEM_PREFIXES: &[(&str, usize)] = &[
    ("InnoDB: ", 6),
    ("mysqld_safe ", 11),
    ("WSREP: ", 5),
    ("Aria engine", 4),
    ("Event Scheduler: ", 15),
    ("Slave I/O: ", 9),
    ("Slave SQL: ", 9),
    ("Mroonga: ", 7),
    ("RocksDB: ", 7),
    ("Spider: ", 6),
    ("CONNECT: ", 7),
];

/// The subsystem a MariaDB message names by its prefix (`InnoDB: ...`, also after `[FATAL] `).
fn prefix_subsystem(message: &str) -> Option<&str> {
    let off = if message.starts_with("[FATAL] ") {
        8
    } else {
        0
    };
    let m = message.get(off..)?;
    SUBSYSTEM_PREFIXES
        .iter()
        .find(|(p, _)| m.starts_with(p))
        .and_then(|(_, len)| message.get(off..off + len))
}

// ---------------------------------------------------------------------------------------------
// Recognising mysqld lines
// ---------------------------------------------------------------------------------------------

/// Starts of a message after a stamp that carries no level: InnoDB 5.5, `mysqld_safe`, old
/// crash headers, hex-thread InnoDB assertions.
fn known_start(rest: &[u8]) -> bool {
    const STARTS: &[&[u8]] = &[
        b"InnoDB:",
        b"mysqld",
        b"mariadbd",
        b"- mysqld",
        b"- mariadbd",
        b"/",
        b"WSREP:",
        b"Aria ",
        b"Event Scheduler:",
    ];
    STARTS.iter().any(|s| rest.starts_with(s))
}

/// Lines mysqld writes without a stamp: the crash report, InnoDB's continuation lines,
/// `Version:` after `ready for connections`, mysql_upgrade's `ERROR: 1064 ...`.
const STAMPLESS_STARTS: &[&[u8]] = &[
    b"InnoDB: ",
    b"Version: '",
    b"mysqld",
    b"mariadbd",
    b"/usr/sbin/mysqld",
    b"/usr/sbin/mariadbd",
    b"/usr/libexec/mysqld",
    b"This could be because you hit a bug",
    b"Most likely, you have hit a bug",
    b"or one of the libraries it was linked against",
    b"or misconfigured. This error",
    b" or one of the libraries it was linked against",
    b" or misconfigured. This error",
    b"To report this bug",
    b"We will try our best to scrape up",
    b"diagnose the problem, but since",
    b"the problem, but since we have already crashed",
    b"something is definitely wrong",
    b"and this may fail.",
    b"Server version: ",
    b"Server Version: ",
    b"Build ID: ",
    b"key_buffer_size",
    b"read_buffer_size=",
    b"sort_buffer_size=",
    b"max_used_connections=",
    b"max_threads=",
    b"max_connections=",
    b"thread_count=",
    b"threads_connected=",
    b"connection_count=",
    b"It is possible that mysqld could use up to",
    b"It is possible that mariadbd could use up to",
    b"bytes of memory",
    b"Hope that's ok;",
    b"Thread pointer: ",
    b"Attempting backtrace",
    b"(note: Retrieving this information may fail)",
    b"where mysqld died",
    b"where mariadbd died",
    b"terribly wrong...",
    b"stack_bottom = ",
    b"Fatal signal ",
    b"Printing to addr2line failed",
    b"addr2line: ",
    b"Trying to get some variables.",
    b"Some pointers may be invalid",
    b"Query (",
    b"Connection ID (thread ID): ",
    b"Status: ",
    b"Optimizer switch: ",
    b"The manual page at http",
    b"information that should help you find out what is causing the crash",
    b"Writing a core file",
    b"Working directory at ",
    b"Resource Limits:",
    b"Core pattern: ",
    b"Kernel version: ",
];

fn known_stampless(b: &[u8]) -> bool {
    if STAMPLESS_STARTS.iter().any(|s| b.starts_with(s)) {
        return true;
    }
    // The resource-limits table of the crash report: `Max open files   16364   16364   files`.
    if (b.starts_with(b"Limit ") || b.starts_with(b"Max ")) && memmem::find(b, b"   ").is_some() {
        return true;
    }
    // mysql_upgrade / bootstrap: `ERROR: 1064  You have an error in your SQL syntax; ...`.
    if b.strip_prefix(b"ERROR: ")
        .and_then(|r| r.first())
        .is_some_and(u8::is_ascii_digit)
    {
        return true;
    }
    // Backtrace frames: `/usr/sbin/mariadbd(handle_fatal_signal+0x4a8)[0x55d0c0b3e1d8]`,
    // `??:0(__sigaction)[0x7f..]`, MySQL 8's `/usr/sbin/mysqld(...+0x2e) [0x1f0a1ad]`.
    b.last() == Some(&b']')
        && (memmem::find(b, b")[0x").is_some() || memmem::find(b, b") [0x").is_some())
}

// ---------------------------------------------------------------------------------------------
// Bytes
// ---------------------------------------------------------------------------------------------

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i
}

fn find_ws(b: &[u8], mut i: usize) -> usize {
    while let Some(c) = b.get(i) {
        if matches!(c, b' ' | b'\t') {
            break;
        }
        i += 1;
    }
    i
}

/// A thread id token: decimal, `0x`-prefixed hex, or bare hex with a letter in it (InnoDB's
/// `7fb592ede7c0`). Overlong numbers are still a thread token, with no value.
fn read_thread(tok: &[u8]) -> (Option<u64>, ThreadId) {
    if tok.is_empty() {
        return (None, ThreadId::None);
    }
    if tok.iter().all(u8::is_ascii_digit) {
        let mut v = 0u64;
        for &c in tok {
            match v
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(c - b'0')))
            {
                Some(n) => v = n,
                None => return (None, ThreadId::Decimal),
            }
        }
        return (Some(v), ThreadId::Decimal);
    }
    let (digits, prefixed) = match tok.strip_prefix(b"0x") {
        Some(d) => (d, true),
        None => (tok, false),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_hexdigit) {
        return (None, ThreadId::None);
    }
    if !prefixed && (digits.len() < 6 || digits.iter().all(u8::is_ascii_digit)) {
        return (None, ThreadId::None);
    }
    let mut v = 0u64;
    for &c in digits {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => c.wrapping_sub(b'A').wrapping_add(10),
        };
        match v.checked_mul(16).and_then(|v| v.checked_add(u64::from(d))) {
            Some(n) => v = n,
            None => return (None, ThreadId::Hex),
        }
    }
    (Some(v), ThreadId::Hex)
}

/// `[token]` at `i`, at most `max` bytes inside: the token and the index after `]`.
fn bracket(line: &str, i: usize, max: usize) -> Option<(&str, usize)> {
    let b = line.as_bytes();
    if b.get(i) != Some(&b'[') {
        return None;
    }
    let inner = b.get(i + 1..)?;
    let end = memchr(b']', inner.get(..inner.len().min(max + 1))?)?;
    Some((line.get(i + 1..i + 1 + end)?, i + end + 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A flat view of an event, so that one macro can assert any field by name.
    #[derive(Debug)]
    struct View<'a> {
        kind: EventKind,
        time: Option<(Option<i32>, u8, u8, u8, u8, u8)>,
        nanos: u32,
        offset: Option<i32>,
        level: Option<&'a str>,
        thread: Option<u64>,
        code: Option<&'a str>,
        subsystem: Option<&'a str>,
        message: &'a str,
        user: Option<&'a str>,
        client_host: Option<&'a str>,
    }

    fn view(line: &str) -> Option<View<'_>> {
        let ev = parse(line)?;
        let Fields::Mariadb(f) = ev.fields else {
            panic!("not mariadb fields: {ev:?}");
        };
        Some(View {
            kind: ev.kind,
            time: ev
                .time
                .map(|t| (t.year, t.month, t.day, t.hour, t.minute, t.second)),
            nanos: ev.time.map_or(0, |t| t.nanos),
            offset: ev.time.and_then(|t| t.offset_secs),
            level: f.level,
            thread: f.thread,
            code: f.code,
            subsystem: f.subsystem,
            message: f.message,
            user: f.user,
            client_host: f.client_host,
        })
    }

    // The tables use the crate's `case!` and `none!` (test_macros.rs) with `view` and
    // `parse` above.

    /// The table of cases: one `case!` or `none!` per line shape.
    #[rustfmt::skip]
    mod cases {
        use super::*;

        // ---- MariaDB 10.x / 11.x ----
        case!(starting_mariadb_11,
            "2026-11-24 14:01:40 0 [Note] Starting MariaDB 10.11.6-MariaDB-0+deb12u1 source revision fecd78b83785d5ae96f2c6ff340375be803cd299 as process 23456",
            DbStarting, time = Some((Some(2026), 11, 24, 14, 1, 40)), level = Some("Note"), thread = Some(0), offset = None);
        case!(starting_as_process_mariadb_10,
            "2026-11-24 14:01:40 0 [Note] /usr/sbin/mysqld (mysqld 10.5.19-MariaDB-0+deb11u2) starting as process 812 ...",
            DbStarting, level = Some("Note"));
        case!(starting_mariadbd_server_form,
            "2026-11-24 14:01:40 0 [Note] /usr/sbin/mariadbd (server 11.4.2-MariaDB-ubu2404) starting as process 1 ...",
            DbStarting);
        case!(space_padded_hour,
            "2026-11-24  3:12:01 0 [Note] InnoDB: Buffer pool(s) load completed at 261124  3:12:01",
            DbMessage, time = Some((Some(2026), 11, 24, 3, 12, 1)), subsystem = Some("InnoDB"), message = "InnoDB: Buffer pool(s) load completed at 261124  3:12:01");
        case!(ready_mariadb,
            "2026-11-24 14:01:41 0 [Note] /usr/sbin/mariadbd: ready for connections.",
            DbReady, message = "/usr/sbin/mariadbd: ready for connections.");
        case!(innodb_note_subsystem,
            "2026-11-24 14:01:40 0 [Note] InnoDB: Initializing buffer pool, total size = 1.000GiB, chunk size = 16.000MiB",
            DbMessage, subsystem = Some("InnoDB"), level = Some("Note"));
        case!(warning_with_big_thread,
            "2026-11-24 14:05:12 139845235329792 [Warning] IP address '198.51.100.23' could not be resolved: Name or service not known",
            DbMessage, thread = Some(139_845_235_329_792), level = Some("Warning"), subsystem = None);
        case!(error_level,
            "2026-11-24 14:05:12 42 [ERROR] Event Scheduler: [root@localhost][shop.cleanup] Table 'shop.carts' doesn't exist",
            DbMessage, level = Some("ERROR"), thread = Some(42), subsystem = Some("Event Scheduler"));
        case!(wsrep_subsystem,
            "2026-11-24 14:05:12 0 [Note] WSREP: Shifting SYNCED -> DONOR/DESYNCED (TO: 123)",
            DbMessage, subsystem = Some("WSREP"));

        // ---- shutdown ----
        case!(shutdown_initiated_by_root,
            "2026-11-24 14:10:00 0 [Note] /usr/sbin/mariadbd (initiated by: root[root] @ localhost []): Normal shutdown",
            DbShutdownInitiated, user = Some("root"), client_host = Some("localhost"));
        case!(shutdown_initiated_by_unknown,
            "2026-11-24 14:10:00 0 [Note] /usr/sbin/mariadbd (initiated by: unknown): Normal shutdown",
            DbShutdownInitiated, user = Some("unknown"), client_host = None);
        case!(shutdown_initiated_by_ip,
            "2026-11-24 14:10:00 0 [Note] /usr/sbin/mariadbd (initiated by: admin[admin] @  [192.0.2.10]): Normal shutdown",
            DbShutdownInitiated, user = Some("admin"), client_host = Some("192.0.2.10"));
        case!(shutdown_normal_old,
            "161209 14:37:57 [Note] /usr/sbin/mysqld: Normal shutdown",
            DbShutdownInitiated, time = Some((Some(2016), 12, 9, 14, 37, 57)), thread = None, user = None);
        case!(innodb_starting_shutdown,
            "2026-11-24 14:10:00 0 [Note] InnoDB: Starting shutdown...",
            DbShutdownInitiated, subsystem = Some("InnoDB"));
        case!(innodb_starting_shutdown_old,
            "161209 14:18:54  InnoDB: Starting shutdown...",
            DbShutdownInitiated, level = None, thread = None, subsystem = Some("InnoDB"), message = "InnoDB: Starting shutdown...");
        case!(innodb_shutdown_completed_is_not_final,
            "2026-11-24 14:10:01 0 [Note] InnoDB: Shutdown completed; log sequence number 46590; transaction id 15",
            DbMessage);
        case!(shutdown_complete,
            "2026-11-24 14:10:01 0 [Note] /usr/sbin/mariadbd: Shutdown complete",
            DbShutdownComplete);
        case!(got_signal_15_to_shutdown,
            "2026-11-24 14:10:00 0 [Note] Got signal 15 to shutdown server",
            DbShutdownInitiated);
        case!(received_signal_15,
            "2026-11-24 14:10:00 0 [Note] mariadbd: received signal 15, shutting down",
            DbShutdownInitiated);

        // ---- crash ----
        case!(got_signal_11,
            "2026-11-24 14:20:33 0 [ERROR] mysqld got signal 11 ;",
            DbCrash, level = Some("ERROR"), message = "mysqld got signal 11 ;");
        case!(mariadbd_got_signal_6,
            "2026-11-24 14:20:33 0 [ERROR] mariadbd got signal 6 ;",
            DbCrash);
        case!(old_stamp_got_signal,
            "261124 14:20:33 [ERROR] mysqld got signal 11 ;",
            DbCrash, time = Some((Some(2026), 11, 24, 14, 20, 33)));
        case!(old_stamp_dash_got_signal,
            "261124 14:20:33 - mysqld got signal 11 ;",
            DbCrash, message = "mysqld got signal 11 ;");
        case!(innodb_assertion_hex_thread,
            "2026-11-24 14:20:33 0x7f3a1c0ff700  InnoDB: Assertion failure in file /build/mariadb/storage/innobase/btr/btr0cur.cc line 331",
            DbCrash, thread = Some(0x7f3a_1c0f_f700), level = None, subsystem = Some("InnoDB"));
        case!(innodb_assertion_bare_hex_thread,
            "2026-11-24 14:20:33 7f3a1c0ff700  InnoDB: Assertion failure in thread 139889 in file ha_innodb.cc line 2104",
            DbCrash, thread = Some(0x7f3a_1c0f_f700));
        case!(innodb_assertion_old,
            "261124 14:20:33  InnoDB: Assertion failure in thread 140677452908288 in file trx0purge.c line 840",
            DbCrash, thread = None, subsystem = Some("InnoDB"));
        case!(fatal_semaphore,
            "2026-11-24 14:20:33 0 [ERROR] [FATAL] InnoDB: Semaphore wait has lasted > 600 seconds. We intentionally crash the server because it appears to be hung.",
            DbCrash, level = Some("ERROR"), subsystem = Some("InnoDB"));

        // ---- recovery ----
        case!(not_shutdown_normally,
            "2026-11-24 14:21:02 0 [Note] InnoDB: Database was not shutdown normally!",
            DbRecovery);
        case!(starting_crash_recovery,
            "2026-11-24 14:21:02 0 [Note] InnoDB: Starting crash recovery from checkpoint LSN=4518923",
            DbRecovery, subsystem = Some("InnoDB"));
        case!(crash_recovery_finished,
            "2026-11-24 14:21:03 0 [Note] InnoDB: 128 rollback segments are active; crash recovery finished.",
            DbRecovery);
        case!(recovering_after_a_crash,
            "2026-11-24 14:21:03 0 [Note] Recovering after a crash using tc.log",
            DbRecovery);
        case!(final_batch,
            "2026-11-24 14:21:03 0 [Note] InnoDB: Starting final batch to recover 213 pages from redo log.",
            DbRecovery);

        // ---- connections and access ----
        case!(access_denied,
            "2026-11-24 14:30:00 61 [Warning] Access denied for user 'root'@'203.0.113.7' (using password: YES)",
            DbAccessDenied, user = Some("root"), client_host = Some("203.0.113.7"), thread = Some(61));
        case!(access_denied_ipv6,
            "2026-11-24 14:30:00 62 [Warning] Access denied for user 'admin'@'2001:db8::7' (using password: NO)",
            DbAccessDenied, user = Some("admin"), client_host = Some("2001:db8::7"));
        case!(access_denied_old_stamp,
            "261124  9:02:17 [Warning] Access denied for user 'wp'@'localhost' (using password: YES)",
            DbAccessDenied, user = Some("wp"), client_host = Some("localhost"), time = Some((Some(2026), 11, 24, 9, 2, 17)));
        case!(access_denied_mysql8,
            "2026-11-24T05:30:00.412345Z 87 [Note] [MY-010926] [Server] Access denied for user 'sa'@'198.51.100.4' (using password: YES)",
            DbAccessDenied, code = Some("MY-010926"), subsystem = Some("Server"), user = Some("sa"), client_host = Some("198.51.100.4"));
        case!(access_denied_general_log,
            "2026-11-24T05:30:00.412345Z        14 Connect\tAccess denied for user 'bob'@'192.0.2.44' (using password: YES)",
            DbAccessDenied, thread = Some(14), level = None, user = Some("bob"), client_host = Some("192.0.2.44"));
        case!(access_denied_truncated_host,
            "2026-11-24 14:30:00 61 [Warning] Access denied for user 'root'@'203.0.1",
            DbAccessDenied, user = Some("root"), client_host = None);
        case!(access_denied_truncated_user,
            "2026-11-24 14:30:00 61 [Warning] Access denied for user 'ro",
            DbAccessDenied, user = None, client_host = None);
        case!(access_denied_mariadb_no_tail,
            "2026-11-24 14:30:00 64 [Warning] Access denied for user 'app'@'192.0.2.45'",
            DbAccessDenied, user = Some("app"), client_host = Some("192.0.2.45"));
        case!(access_denied_to_database,
            "2026-11-24 14:30:00 65 [Warning] Access denied for user 'app'@'192.0.2.46' to database 'billing'",
            DbAccessDenied, user = Some("app"), client_host = Some("192.0.2.46"));
        case!(access_denied_injected_text_after,
            "2026-11-24 14:30:00 66 [Warning] Access denied for user 'app'@'localhost' (using password: YES) and more",
            DbAccessDenied, user = Some("app"), client_host = Some("localhost"));
        // Regressions: the user name is the client's and unescaped; a `'@'HOST'` in it named
        // the client (the first `'@'` ended the user).
        case!(regression_access_denied_host_spoofed_through_user,
            "2026-11-24 14:30:00 67 [Warning] Access denied for user 'x'@'192.0.2.47' (using password: YES'@'203.0.113.47' (using password: YES)",
            DbAccessDenied, user = Some("x'@'192.0.2.47' (using password: YES"), client_host = Some("203.0.113.47"));
        case!(regression_access_denied_host_spoofed_no_tail,
            "2026-11-24 14:30:00 68 [Warning] Access denied for user 'x'@'192.0.2.48'@'203.0.113.48'",
            DbAccessDenied, user = Some("x'@'192.0.2.48"), client_host = Some("203.0.113.48"));
        case!(regression_access_denied_database_spoof,
            "2026-11-24 14:30:00 69 [Warning] Access denied for user 'app'@'203.0.113.49' to database 'x'@'192.0.2.49'",
            DbAccessDenied, user = Some("app"), client_host = Some("203.0.113.49"));
        case!(aborted_connection,
            "2026-11-24 14:31:00 123 [Warning] Aborted connection 123 to db: 'wp' user: 'wp_user' host: 'localhost' (Got timeout reading communication packets)",
            DbAbortedConnection, user = Some("wp_user"), client_host = Some("localhost"), thread = Some(123));
        case!(aborted_connection_unauthenticated,
            "2026-11-24 14:31:00 9 [Warning] Aborted connection 9 to db: 'unconnected' user: 'unauthenticated' host: '2001:db8:1::5' (This connection closed normally without authentication)",
            DbAbortedConnection, user = Some("unauthenticated"), client_host = Some("2001:db8:1::5"));
        case!(aborted_connection_truncated,
            "2026-11-24 14:31:00 123 [Warning] Aborted connection 123 to db: 'wp' user: 'wp_u",
            DbAbortedConnection, user = None, client_host = None);
        case!(too_many_connections,
            "2026-11-24 14:32:00 0 [Warning] Too many connections",
            DbTooManyConnections);

        // ---- resources ----
        case!(out_of_memory,
            "2026-11-24 14:33:00 15 [ERROR] mariadbd: Out of memory (Needed 2305848 bytes)",
            DbOutOfMemory);
        case!(cannot_allocate_buffer_pool,
            "2026-11-24 14:33:00 0 [ERROR] InnoDB: Cannot allocate memory for the buffer pool",
            DbOutOfMemory, subsystem = Some("InnoDB"));
        case!(mmap_errno_12,
            "2026-11-24 14:33:00 0 [ERROR] InnoDB: mmap(137035776 bytes) failed; errno 12",
            DbOutOfMemory);
        case!(out_of_memory_camel,
            "2026-11-24 14:33:00 0 [ERROR] mariadbd: OutOfMemory while allocating sort buffer",
            DbOutOfMemory);
        case!(errno_123_is_not_oom,
            "2026-11-24 14:33:00 0 [ERROR] mariadbd: something failed; errno 123",
            DbMessage);
        case!(out_of_sort_memory_is_not_oom,
            "2026-11-24 14:33:00 7 [ERROR] Out of sort memory, consider increasing server sort buffer size",
            DbMessage);
        case!(disk_full_errcode,
            "2026-11-24 14:34:00 0 [ERROR] mariadbd: Error writing file '/var/lib/mysql/mysql-bin.000042' (Errcode: 28 \"No space left on device\")",
            DiskFull);
        case!(disk_is_full_writing,
            "2026-11-24 14:34:00 0 [Warning] mariadbd: Disk is full writing './mysql-bin.000042' (Errcode: 28 \"No space left on device\"). Waiting for someone to free space... (Expect up to 60 secs delay for server to continue after freeing disk space)",
            DiskFull);
        case!(disk_full_aria,
            "2026-11-24 14:34:00 5 [ERROR] mariadbd: Disk full (/tmp/#sql-temptable-1fe-5-0.MAI); waiting for someone to free some space... (errno: 28 \"No space left on device\")",
            DiskFull);
        case!(innodb_os_error_28,
            "2026-11-24 14:34:00 0 [ERROR] InnoDB: Operating system error number 28 in a file operation.",
            DiskFull);
        case!(got_error_28,
            "261124 14:34:00 [ERROR] Got error 28 from storage engine",
            DiskFull);

        // ---- mysqld_safe ----
        case!(mysqld_safe_starting,
            "2026-11-24 14:01:40 mysqld_safe Starting mariadbd daemon with databases from /var/lib/mysql",
            DbStarting, thread = None, level = None, subsystem = Some("mysqld_safe"));
        case!(mysqld_safe_starting_old,
            "161209 13:08:33 mysqld_safe Starting mysqld daemon with databases from /usr/local/var/mysql",
            DbStarting, subsystem = Some("mysqld_safe"));
        case!(mysqld_safe_ended,
            "2026-11-24 14:20:34 mysqld_safe mysqld from pid file /run/mysqld/mysqld.pid ended",
            DbMessage, subsystem = Some("mysqld_safe"));

        // ---- MySQL 5.7 / 8 ----
        case!(mysql8_starting,
            "2019-10-16T17:24:15.123456Z 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.0.15) starting as process 1234",
            DbStarting, level = Some("System"), code = Some("MY-010116"), subsystem = Some("Server"), nanos = 123_456_000, offset = Some(0), message = "/usr/sbin/mysqld (mysqld 8.0.15) starting as process 1234");
        case!(mysql8_ready,
            "2026-11-24T05:01:02.000100Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.0.36'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.",
            DbReady);
        case!(mysql8_x_plugin_ready_is_not_server_ready,
            "2026-11-24T05:01:02.000200Z 0 [System] [MY-011323] [Server] X Plugin ready for connections. Bind-address: '::' port: 33060",
            DbMessage);
        case!(mysql8_received_shutdown,
            "2026-11-24T05:09:00.100000Z 11 [System] [MY-013172] [Server] Received SHUTDOWN from user root. Shutting down mysqld (Version: 8.0.36).",
            DbShutdownInitiated, user = Some("root"), thread = Some(11));
        case!(mysql8_received_shutdown_signal,
            "2026-11-24T05:09:00.100000Z 0 [System] [MY-013172] [Server] Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: 8.0.36).",
            DbShutdownInitiated, user = Some("<via user signal>"));
        case!(mysql8_shutdown_complete,
            "2026-11-24T05:09:02.100000Z 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld 8.0.36)  MySQL Community Server - GPL.",
            DbShutdownComplete);
        case!(mysql8_innodb_subsystem,
            "2026-11-24T05:01:01.000000Z 1 [System] [MY-013576] [InnoDB] InnoDB initialization has started.",
            DbMessage, subsystem = Some("InnoDB"), code = Some("MY-013576"));
        case!(mysql8_repl_subsystem,
            "2026-11-24T05:01:01.000000Z 5 [Warning] [MY-010897] [Repl] Storing MySQL user name or password information in the connection metadata repository is not secure",
            DbMessage, subsystem = Some("Repl"), level = Some("Warning"));
        case!(mysql8_assertion,
            "2026-11-24T05:01:01.000000Z 0 [ERROR] [MY-013183] [InnoDB] Assertion failure: ut0ut.cc:552 thread 140294",
            DbCrash);
        case!(mysql8_local_offset,
            "2026-11-24T14:01:01.500+09:00 0 [Warning] [MY-010068] [Server] CA certificate ca.pem is self signed.",
            DbMessage, offset = Some(9 * 3600), nanos = 500_000_000);
        case!(mysql57_note_no_code,
            "2026-11-24T05:01:01.000000Z 0 [Note] InnoDB: Mutexes and rw_locks use GCC atomic builtins",
            DbMessage, code = None, subsystem = Some("InnoDB"));
        case!(mysql56_no_zone,
            "2026-11-24T05:01:01.237955 6 [Note] Access denied for user 'root'@'localhost' (using password: YES)",
            DbAccessDenied, offset = None, client_host = Some("localhost"));
        case!(too_many_mysql8,
            "2026-11-24T05:01:01.237955Z 0 [Warning] [MY-010320] [Server] Too many connections",
            DbTooManyConnections);

        // ---- old YYMMDD stamp ----
        case!(old_innodb_no_level,
            "161209 14:18:50 InnoDB: The InnoDB memory heap is disabled",
            DbMessage, subsystem = Some("InnoDB"), level = None);
        case!(old_shutdown_complete,
            "161209 14:18:53 [Note] /usr/sbin/mysqld: Shutdown complete",
            DbShutdownComplete);
        case!(old_dash_after_level_is_kept,
            "161209 14:18:58 [Note]   - '127.0.0.1' resolves to '127.0.0.1';",
            DbMessage, message = "- '127.0.0.1' resolves to '127.0.0.1';");
        case!(old_general_log_query,
            "191015  9:46:45\t    13 Query\tSHOW GLOBAL STATUS",
            DbMessage, thread = Some(13), message = "Query\tSHOW GLOBAL STATUS");

        // ---- stampless lines ----
        case!(stampless_thread_pointer,
            "Thread pointer: 0x7f2a8c000c58",
            DbCrash, time = None, message = "Thread pointer: 0x7f2a8c000c58");
        case!(stampless_attempting_backtrace,
            "Attempting backtrace. You can use the following information to find out",
            DbCrash);
        case!(stampless_stack_bottom,
            "stack_bottom = 0x7f2a9c1f8c38 thread_stack 0x49000",
            DbCrash);
        case!(stampless_hit_a_bug,
            "This could be because you hit a bug. It is also possible that this binary",
            DbCrash);
        case!(stampless_mysql8_hit_a_bug,
            "Most likely, you have hit a bug, but this error can also be caused by malfunctioning hardware.",
            DbCrash);
        case!(stampless_time_only_got_signal,
            "05:20:33 UTC - mysqld got signal 11 ;",
            DbCrash, time = None, message = "mysqld got signal 11 ;");
        case!(stampless_glibc_assertion,
            "mariadbd: /build/mariadb/sql/item_cmpfunc.cc:2584: virtual bool Item_func_nullif::fix_length_and_dec(): Assertion `args[0] == args[2]' failed.",
            DbCrash);
        case!(stampless_server_version,
            "Server version: 10.11.6-MariaDB-0+deb12u1 source revision: fecd78b83785",
            DbMessage);
        case!(stampless_key_buffer,
            "key_buffer_size=134217728",
            DbMessage);
        case!(stampless_backtrace_frame,
            "/usr/sbin/mariadbd(handle_fatal_signal+0x4a8)[0x55d0c0b3e1d8]",
            DbMessage);
        case!(stampless_backtrace_frame_unknown,
            "??:0(__sigaction)[0x7f2aa0c5a520]",
            DbMessage);
        case!(stampless_backtrace_frame_mysql8,
            "/usr/sbin/mysqld(my_print_stacktrace(unsigned char const*, unsigned long, int)+0x3d) [0x1f0a1ad]",
            DbMessage);
        case!(stampless_innodb_failing_assertion,
            "InnoDB: Failing assertion: btr_page_get_next(get_block->frame) == block->page.id().page_no()",
            DbCrash, subsystem = Some("InnoDB"));
        case!(stampless_innodb_continuation,
            "InnoDB: about forcing recovery.",
            DbMessage, subsystem = Some("InnoDB"));
        case!(stampless_version,
            "Version: '10.11.6-MariaDB-0+deb12u1'  socket: '/run/mysqld/mysqld.sock'  port: 3306  Debian 12",
            DbMessage);
        case!(stampless_resource_limits,
            "Max open files            32768                32768                files",
            DbMessage);
        case!(stampless_core_pattern,
            "Core pattern: |/lib/systemd/systemd-coredump %P %u %g %s %t %c %h",
            DbMessage);
        case!(stampless_upgrade_error,
            "ERROR: 1050  Table 'plugin' already exists",
            DbMessage);
        case!(stampless_fatal_signal,
            "Fatal signal 11 while backtracing",
            DbCrash);

        // ---- damaged ----
        case!(truncated_after_level,
            "2026-11-24 14:01:40 0 [Note]",
            DbMessage, level = Some("Note"), message = "");
        case!(truncated_in_level,
            "2026-11-24 14:01:40 0 [No",
            DbMessage, level = None, thread = Some(0), message = "[No");
        case!(truncated_after_thread,
            "2026-11-24 14:01:40 0",
            DbMessage, thread = Some(0), message = "");
        case!(truncated_after_stamp,
            "2026-11-24 14:01:40",
            DbMessage, message = "");
        case!(truncated_mysql8_code,
            "2026-11-24T05:01:01.000000Z 0 [System] [MY-0101",
            DbMessage, level = Some("System"), code = None);
        case!(overlong_thread,
            "2026-11-24 14:01:40 123456789012345678901234567890 [Note] x",
            DbMessage, thread = None, level = Some("Note"));
        case!(non_ascii_message,
            "2026-11-24 14:01:40 5 [Warning] Access denied for user 'jos\u{e9}'@'192.0.2.1' (using password: YES)",
            DbAccessDenied, user = Some("jos\u{e9}"));

        // ---- not MariaDB ----
        none!(not_fail2ban, "2026-11-24 03:12:01,123 fail2ban.actions        [1234]: NOTICE  [sshd] Ban 203.0.113.7");
        none!(not_nginx_error, "2026/11/24 03:12:01 [error] 1234#1234: *5 connect() failed (111: Connection refused)");
        none!(not_syslog, "Nov 24 03:12:01 web1 postfix/smtpd[2345]: connect from unknown[203.0.113.7]");
        none!(not_syslog_iso, "2026-11-24T03:12:01.123456+09:00 web1 sshd[2345]: Accepted publickey for deploy");
        none!(not_syslog_iso_hex_host, "2026-11-24T03:12:01.123456+09:00 db1cafe sshd[2345]: Accepted publickey for deploy");
        none!(not_access_log, "203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] \"GET / HTTP/1.1\" 200 612 \"-\" \"curl/8.0\"");
        none!(not_plain_text, "hello world");
        none!(empty, "");
        none!(stamp_glued, "2026-11-24 14:01:40x0 [Note] x");
        none!(time_only_not_crash, "05:20:33 UTC - something else happened");
    }

    #[test]
    fn eq_mask_is_exact_for_every_byte_and_lane() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let mut word = [b'x'; 8];
                word[lane] = b;
                let x = u64::from_le_bytes(word);
                let expect = if b == b' ' { 0x80u64 << (lane * 8) } else { 0 };
                assert_eq!(eq_mask(x, b' '), expect, "byte {b:#x} in lane {lane}");
            }
        }
        // Several matches in one word, next to non-matching bytes that differ by one bit.
        let x = u64::from_le_bytes(*b" ! \x00  \xa0!");
        assert_eq!(eq_mask(x, b' '), 0x0000_8080_0080_0080);
    }

    #[test]
    fn classify_finds_words_at_every_offset() {
        // Across the 8-byte chunks of the scan and in the tail after them, after a space, a
        // tab, `(` and `"`.
        for pad in 0..24 {
            let lead = "x".repeat(pad);
            for (msg, class) in [
                (format!("{lead} Too many connections"), Class::TooMany),
                (
                    format!("{lead}\tAccess denied for user 'a'@'b'"),
                    Class::AccessDenied,
                ),
                (format!("{lead} (Errcode: 28)"), Class::DiskFull),
                (
                    format!("{lead} \"No space left on device\""),
                    Class::DiskFull,
                ),
                (format!("{lead} mysqld got signal 11 ;"), Class::Crash),
                (format!("{lead}Too many connections"), Class::Message),
            ] {
                let want = if pad == 0 && class == Class::Message {
                    Class::TooMany
                } else {
                    class
                };
                assert_eq!(classify(msg.as_bytes()).0, want, "{msg:?}");
            }
        }
    }

    #[test]
    fn every_prefix_of_real_shapes_is_safe() {
        let lines = [
            "2026-11-24 14:10:00 0 [Note] /usr/sbin/mariadbd (initiated by: root[root] @ localhost []): Normal shutdown",
            "2026-11-24 14:31:00 123 [Warning] Aborted connection 123 to db: 'wp' user: 'wp_user' host: 'localhost' (Got timeout reading communication packets)",
            "2026-11-24 14:30:00 61 [Warning] Access denied for user 'root'@'203.0.113.7' (using password: YES)",
            "2019-10-16T17:24:15.123456Z 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.0.15) starting as process 1234",
            "2026-11-24T05:09:00.100000Z 0 [System] [MY-013172] [Server] Received SHUTDOWN from user <via user signal>. Shutting down",
            "2026-11-24 14:20:33 0x7f3a1c0ff700  InnoDB: Assertion failure in file btr0cur.cc line 331",
            "191015  9:46:45\t    13 Query\tSHOW GLOBAL STATUS",
            "05:20:33 UTC - mysqld got signal 11 ;",
        ];
        for line in lines {
            for end in 0..=line.len() {
                if let Some(prefix) = line.get(..end) {
                    let _ = parse(prefix);
                }
            }
        }
    }

    proptest! {
        #[test]
        fn arbitrary_strings_never_panic(s in "\\PC*") {
            let _ = parse(&s);
        }

        #[test]
        fn stamp_like_strings_never_panic(
            s in "(2026-11-24 14:01:40|2026-11-24  3:12:01|191015  9:46:45|2019-10-16T17:24:15.1Z|05:20:33 UTC - )?[ \t0-9a-fx\\[\\]A-Za-z:'@()<>\".-]{0,60}"
        ) {
            let _ = parse(&s);
        }
    }
}
