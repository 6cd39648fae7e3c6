//! The nginx error log.
//!
//! ```text
//! 2026/11/24 14:01:12 [error] 1234#1234: *5678 MESSAGE, client: ADDR, server: NAME, request: "..", upstream: "..", host: ".."
//! ```
//!
//! After the stamp and `[level]` come `pid#tid: `, the connection `*N ` when the line concerns
//! one, and the message. nginx then appends the context of the request in a fixed order:
//! `, client: `, `, server: `, and when there is a request `, request: "..."`,
//! `, subrequest: "..."`, `, upstream: "..."`, `, host: "..."`, `, referrer: "..."` (the mail and
//! stream modules add keys of their own: `login:`, `bytes from/to client:`...).
//!
//! nginx escapes none of these, so the message, the request and the referrer may all contain
//! `, client: `. The pair list is the **first** `, client: ` from which the rest of the line
//! reads as such a list: known keys in nginx's order, `client` and `server` single words, quoted
//! values ending at a `"` that is followed by the next `, key:` or the end of the line (a
//! truncated line may end inside the last value). When no candidate reads that way (a damaged
//! line), the first `, client: ` is taken and read leniently.
//!
//! A FastCGI program's stderr may span lines: nginx writes `FastCGI sent in stderr: "PHP
//! message: ...` and the lines after it as they came, the last one closing the quote and
//! carrying the pair list. Those continuation lines (`PHP message: ...`, `PHP Stack trace:`,
//! `Stack trace:`, `#0 ...` frames, indented lines) are read with `time: None` (the caller gives
//! them the time of the line before) and no level, pid or connection; any other line without a
//! stamp and a `[level]` is not an error-log line: `None`.

use std::sync::OnceLock;

use memchr::{memchr, memchr_iter, memmem};

use crate::event::{Event, EventKind, Fields, NginxErrorFields};
use crate::syslog::non_empty;
use crate::time::parse_ymd_hms;

/// The separator that opens the pair list.
const CLIENT: &[u8] = b", client: ";

/// How many `, client: ` are tried as the start of the pair list.
const MAX_PAIR_CANDIDATES: usize = 8;

/// Parses one error-log line; `None` when it is not one.
pub(crate) fn parse(line: &str) -> Option<Event<'_>> {
    let b = line.as_bytes();
    let Some((time, rest)) = parse_ymd_hms(b, b'/') else {
        return continuation(line);
    };
    let mut pos = b.len() - rest.len();

    // ` [level] `
    if b.get(pos..pos + 2) != Some(b" [") {
        return None;
    }
    let level_start = pos + 2;
    let window = b.get(level_start..)?;
    let level_len = memchr(b']', window.get(..window.len().min(12))?)?;
    let level = line.get(level_start..level_start + level_len)?;
    if level.is_empty() || !level.bytes().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    pos = level_start + level_len + 1;
    if b.get(pos) == Some(&b' ') {
        pos += 1;
    }

    let mut f = NginxErrorFields {
        level: Some(level),
        ..NginxErrorFields::default()
    };

    // `pid#tid: `
    if let Some((pid, tid, next)) = pid_tid(b, pos) {
        f.pid = Some(pid);
        f.tid = Some(tid);
        pos = next;
    }
    // `*N `
    if b.get(pos) == Some(&b'*') {
        if let Some((conn, next)) = digits(b, pos + 1) {
            if b.get(next) == Some(&b' ') {
                f.connection = Some(conn);
                pos = next + 1;
            } else if next == b.len() {
                f.connection = Some(conn);
                pos = next;
            }
        }
    }

    let body = line.get(pos..)?;
    let (message, pairs) = split_pairs(body);
    f.message = message;
    f.client_ip = pairs.client.or_else(|| mail_proxy_client(message));
    f.server = pairs.server;
    f.request = pairs.request;
    f.upstream = pairs.upstream;
    f.host = pairs.host;

    Some(Event {
        time: Some(time),
        kind: classify(message),
        fields: Fields::NginxError(f),
    })
}

/// A continuation line of a FastCGI program's stderr (see the module's doc): the message and,
/// on the last line, the pair list. Its kind is that of the `FastCGI sent in stderr` line:
/// what PHP writes is no verdict of nginx's, but a full disk is one.
fn continuation(line: &str) -> Option<Event<'_>> {
    let b = line.as_bytes();
    let frame = b.first() == Some(&b'#') && b.get(1).is_some_and(u8::is_ascii_digit);
    let fastcgi = line.starts_with("PHP ")
        || line.starts_with("Stack trace:")
        || frame
        || (line.starts_with([' ', '\t']) && !line.trim().is_empty());
    if !fastcgi {
        return None;
    }
    let (message, pairs) = split_pairs(line);
    let kind = if has(b, Phrase::NoSpace) {
        EventKind::DiskFull
    } else {
        EventKind::NginxMessage
    };
    Some(Event {
        time: None,
        kind,
        fields: Fields::NginxError(NginxErrorFields {
            message,
            client_ip: pairs.client,
            server: pairs.server,
            request: pairs.request,
            upstream: pairs.upstream,
            host: pairs.host,
            ..NginxErrorFields::default()
        }),
    })
}

/// The mail and stream proxies' `client ADDR:PORT connected to ADDR:PORT` (IPv6 as
/// `[ADDR]:PORT`): the address, which nginx writes in the message and not as a `client:` pair.
fn mail_proxy_client(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("client ")?;
    let (addr, after) = rest.split_once(' ')?;
    if !after.starts_with("connected to ") {
        return None;
    }
    let (host, port) = addr.rsplit_once(':')?;
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    (port.bytes().all(|b| b.is_ascii_digit()) && crate::syslog::is_ip(host)).then_some(host)
}

/// `1234#5678: ` → pid, tid, the index after the space.
fn pid_tid(b: &[u8], pos: usize) -> Option<(u32, u64, usize)> {
    let (pid, next) = digits(b, pos)?;
    if b.get(next) != Some(&b'#') {
        return None;
    }
    let (tid, next) = digits(b, next + 1)?;
    if b.get(next) != Some(&b':') {
        return None;
    }
    let next = if b.get(next + 1) == Some(&b' ') {
        next + 2
    } else {
        next + 1
    };
    Some((u32::try_from(pid).ok()?, tid, next))
}

/// The decimal number at `pos` (at least one digit, no overflow) and the index after it.
fn digits(b: &[u8], pos: usize) -> Option<(u64, usize)> {
    let mut v = 0u64;
    let mut i = pos;
    while let Some(&c) = b.get(i) {
        if !c.is_ascii_digit() {
            break;
        }
        v = v.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
        i += 1;
    }
    (i > pos).then_some((v, i))
}

/// The values of the pair list that the event keeps.
#[derive(Debug, Default, PartialEq)]
struct Pairs<'a> {
    client: Option<&'a str>,
    server: Option<&'a str>,
    request: Option<&'a str>,
    upstream: Option<&'a str>,
    host: Option<&'a str>,
}

/// Splits the text after `*N ` into the message and the pair list.
fn split_pairs(body: &str) -> (&str, Pairs<'_>) {
    let b = body.as_bytes();
    let mut first = None;
    let candidates = memchr_iter(b',', b).filter(|&i| b.get(i..i + CLIENT.len()) == Some(CLIENT));
    for at in candidates.take(MAX_PAIR_CANDIDATES) {
        first.get_or_insert(at);
        if let Some(pairs) = read_pairs(body, at + CLIENT.len(), true) {
            if let Some(message) = body.get(..at) {
                return (message, pairs);
            }
        }
    }
    if let Some(at) = first {
        if let (Some(message), Some(pairs)) =
            (body.get(..at), read_pairs(body, at + CLIENT.len(), false))
        {
            return (message, pairs);
        }
    }
    (body, Pairs::default())
}

/// nginx's order of the keys it appends; `None` for a key of another module.
fn key_rank(key: &str) -> Option<u8> {
    Some(match key {
        "client" => 0,
        "server" => 1,
        "request" => 2,
        "subrequest" => 3,
        "upstream" => 4,
        "host" => 5,
        "referrer" => 6,
        _ => return None,
    })
}

/// Reads the pair list whose client value starts at `start`. `strict`: `None` unless the rest
/// of the line is such a list; otherwise read what can be read.
fn read_pairs(s: &str, start: usize, strict: bool) -> Option<Pairs<'_>> {
    let b = s.as_bytes();
    let mut pairs = Pairs::default();
    let client_end = find_comma_space(b, start).unwrap_or(b.len());
    let client = s.get(start..client_end)?;
    if strict && !is_word(client) {
        return None;
    }
    pairs.client = non_empty(client);
    let mut rank = 0u8;
    let mut pos = client_end;
    while pos < b.len() {
        let Some((key_end, value_start)) = b
            .get(pos..pos + 2)
            .filter(|sep| *sep == b", ")
            .and_then(|_| key_at(b, pos + 2))
        else {
            if strict {
                return None;
            }
            break;
        };
        let key_rank = s.get(pos + 2..key_end).and_then(key_rank);
        if let Some(r) = key_rank {
            if r <= rank {
                if strict {
                    return None;
                }
                break;
            }
            rank = r;
        }
        let (value, next) = if b.get(value_start) == Some(&b'"') {
            let end = close_quote(b, value_start + 1);
            (s.get(value_start + 1..end)?, (end + 1).min(b.len()))
        } else {
            let end = find_comma_space(b, value_start).unwrap_or(b.len());
            (s.get(value_start..end)?, end)
        };
        match key_rank {
            Some(1) => {
                if strict && !value.is_empty() && !is_word(value) {
                    return None;
                }
                pairs.server = non_empty(value);
            }
            Some(2) => pairs.request = Some(value),
            Some(4) => pairs.upstream = non_empty(value),
            Some(5) => pairs.host = non_empty(value),
            _ => {}
        }
        pos = next;
    }
    Some(pairs)
}

/// At `pos`, a key (`server`, `bytes from/to client`) and its `:`, and an optional space.
/// Returns the index of the key's end and the index of its value.
fn key_at(b: &[u8], pos: usize) -> Option<(usize, usize)> {
    let window = b.get(pos..)?;
    let colon = memchr(b':', window.get(..window.len().min(32))?)?;
    let key = window.get(..colon)?;
    let valid = key.first().is_some_and(u8::is_ascii_lowercase)
        && key
            .iter()
            .all(|&c| c.is_ascii_lowercase() || matches!(c, b' ' | b'/' | b'_' | b'-'));
    if !valid {
        return None;
    }
    let value = pos + colon + 1;
    Some((
        pos + colon,
        if b.get(value) == Some(&b' ') {
            value + 1
        } else {
            value
        },
    ))
}

/// The end of a quoted value starting at `start`: the first `"` followed by `, key:` or the
/// end of the line; the end of the line when there is none (a truncated line).
fn close_quote(b: &[u8], start: usize) -> usize {
    let Some(tail) = b.get(start..) else {
        return b.len();
    };
    for i in memchr_iter(b'"', tail) {
        let q = start + i;
        if q + 1 == b.len() || (b.get(q + 1..q + 3) == Some(b", ") && key_at(b, q + 3).is_some()) {
            return q;
        }
    }
    b.len()
}

/// A non-empty value without spaces or quotes: an address or a server name.
fn is_word(s: &str) -> bool {
    !s.is_empty() && !s.bytes().any(|c| c == b' ' || c == b'"')
}

/// The index of the first `, ` at or after `start`.
fn find_comma_space(b: &[u8], start: usize) -> Option<usize> {
    let tail = b.get(start..)?;
    memchr_iter(b',', tail)
        .map(|i| start + i)
        .find(|&i| b.get(i + 1) == Some(&b' '))
}

/// The phrases [`classify`] looks for, searched with finders built once (building a searcher
/// per call costs more than the search).
const PHRASES: [&str; 22] = [
    "No space left on device",
    " exited on signal ",
    " exited with code ",
    "limiting requests",
    "limiting connections",
    "delaying request",
    "upstream",
    "upstream timed out",
    "no live upstreams",
    "upstream prematurely closed",
    "upstream sent ",
    " to upstream",
    " from upstream",
    "reading upstream",
    " failed (",
    "upstream server temporarily disabled",
    "SSL_",
    "SSL handshak",
    "(SSL:",
    "\"ssl_",
    "ssl_stapling",
    "certificate",
];

/// Index into [`PHRASES`].
#[derive(Clone, Copy)]
enum Phrase {
    NoSpace,
    ExitedOnSignal,
    ExitedWithCode,
    LimitingRequests,
    LimitingConnections,
    DelayingRequest,
    Upstream,
    UpstreamTimedOut,
    NoLiveUpstreams,
    PrematurelyClosed,
    UpstreamSent,
    ToUpstream,
    FromUpstream,
    ReadingUpstream,
    Failed,
    TemporarilyDisabled,
    SslFunction,
    SslHandshake,
    SslReason,
    SslDirective,
    SslStapling,
    Certificate,
}

/// Whether `msg` contains the phrase.
fn has(msg: &[u8], phrase: Phrase) -> bool {
    static FINDERS: OnceLock<Vec<memmem::Finder<'static>>> = OnceLock::new();
    let finders = FINDERS.get_or_init(|| PHRASES.iter().map(memmem::Finder::new).collect());
    finders
        .get(phrase as usize)
        .is_some_and(|f| f.find(msg).is_some())
}

/// What the message says happened.
fn classify(msg: &str) -> EventKind {
    use Phrase::*;
    let b = msg.as_bytes();
    if has(b, NoSpace) {
        return EventKind::DiskFull;
    }
    if has(b, ExitedOnSignal) {
        return EventKind::WorkerExited;
    }
    if has(b, ExitedWithCode) {
        if let Some((_, code)) = msg.split_once(" exited with code ") {
            // Exit code 0 is a worker leaving after a reload or a graceful shutdown.
            return if code.trim_end() == "0" {
                EventKind::ServerLifecycle
            } else {
                EventKind::WorkerExited
            };
        }
    }
    if has(b, LimitingRequests) || has(b, LimitingConnections) || has(b, DelayingRequest) {
        return EventKind::RateLimited;
    }
    // PHP and other FastCGI programs write whatever they like: not nginx's own verdict.
    if msg.starts_with("FastCGI sent in stderr") {
        return EventKind::NginxMessage;
    }
    if has(b, Upstream) {
        if has(b, UpstreamTimedOut)
            || has(b, NoLiveUpstreams)
            || has(b, PrematurelyClosed)
            || has(b, UpstreamSent)
        {
            return EventKind::UpstreamError;
        }
        let about_upstream = has(b, ToUpstream) || has(b, FromUpstream) || has(b, ReadingUpstream);
        if about_upstream && (has(b, Failed) || has(b, TemporarilyDisabled)) {
            // Includes `SSL_do_handshake() failed ... while SSL handshaking to upstream`.
            return EventKind::UpstreamError;
        }
    }
    let ssl = [
        SslFunction,
        SslHandshake,
        SslReason,
        SslDirective,
        SslStapling,
        Certificate,
    ]
    .into_iter()
    .any(|p| has(b, p));
    if ssl && !msg.starts_with("open() ") {
        return EventKind::SslError;
    }
    // Lifecycle notices are short; a long message is something else.
    if msg.len() <= 96 && is_lifecycle(msg) {
        return EventKind::ServerLifecycle;
    }
    EventKind::NginxMessage
}

/// Start, reload and shutdown notices of the master and worker processes.
fn is_lifecycle(msg: &str) -> bool {
    const CONTAINS: [&str; 9] = [
        "signal process started",
        "start worker process",
        "start cache ",
        "gracefully shutting down",
        "exiting",
        "reconfiguring",
        "reopening logs",
        "using inherited sockets",
        "start new binary process",
    ];
    const STARTS: [&str; 5] = ["nginx/", "built by ", "built with ", "OS: ", "getrlimit("];
    msg == "exit"
        || CONTAINS.iter().any(|p| msg.contains(p))
        || STARTS.iter().any(|p| msg.starts_with(p))
        || (msg.starts_with("using the \"") && msg.ends_with("event method"))
        || (msg.starts_with("signal ") && msg.contains(" received"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `case!(name: line => Kind, field: value, ...)`: the line parses to this kind, and its
    /// fields are exactly these (every field not named is `None`). Values are wrapped in `Some`
    /// by `.into()`; `message` is required.
    macro_rules! case {
        ($name:ident: $line:expr => $kind:ident, $($field:ident: $value:expr),* $(,)?) => {
            #[test]
            fn $name() {
                let event = parse($line).expect("an error-log line");
                let Fields::NginxError(got) = event.fields else {
                    panic!("not error fields: {:?}", event.fields);
                };
                #[allow(clippy::needless_update)]
                let want = NginxErrorFields { $($field: $value.into(),)* ..NginxErrorFields::default() };
                assert_eq!(got, want);
                assert_eq!(event.kind, EventKind::$kind);
            }
        };
    }

    /// `cont!(name: line => Kind, field: value, ...)`: as `case!`, for a continuation line: the
    /// event has no time.
    macro_rules! cont {
        ($name:ident: $line:expr => $kind:ident, $($field:ident: $value:expr),* $(,)?) => {
            #[test]
            fn $name() {
                let event = parse($line).expect("a continuation line");
                assert_eq!(event.time, None);
                let Fields::NginxError(got) = event.fields else {
                    panic!("not error fields: {:?}", event.fields);
                };
                #[allow(clippy::needless_update)]
                let want = NginxErrorFields { $($field: $value.into(),)* ..NginxErrorFields::default() };
                assert_eq!(got, want);
                assert_eq!(event.kind, EventKind::$kind);
            }
        };
    }

    /// `none!(name: line)`: not an error-log line.
    macro_rules! none {
        ($name:ident: $line:expr) => {
            #[test]
            fn $name() {
                assert_eq!(parse($line), None);
            }
        };
    }

    // ---- upstream errors ----
    case!(php_fpm_socket_unavailable: r#"2026/11/24 14:01:12 [error] 1234#1234: *5678 connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream, client: 203.0.113.7, server: example.com, request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "example.com""# => UpstreamError, level: "error", pid: 1234u32, tid: 1234u64, connection: 5678u64, message: "connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream", client_ip: "203.0.113.7", server: "example.com", request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "example.com");
    case!(connection_refused: r#"2026/11/24 14:01:13 [error] 1234#1234: *5679 connect() failed (111: Connection refused) while connecting to upstream, client: 2001:db8::5, server: shop.example.org, request: "POST /cart HTTP/2.0", upstream: "http://127.0.0.1:8080/cart", host: "shop.example.org", referrer: "https://shop.example.org/""# => UpstreamError, level: "error", pid: 1234u32, tid: 1234u64, connection: 5679u64, message: "connect() failed (111: Connection refused) while connecting to upstream", client_ip: "2001:db8::5", server: "shop.example.org", request: "POST /cart HTTP/2.0", upstream: "http://127.0.0.1:8080/cart", host: "shop.example.org");
    case!(upstream_timed_out: r#"2026/11/24 14:02:00 [error] 1235#1235: *88 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 198.51.100.4, server: example.com, request: "GET /report HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "example.com""# => UpstreamError, level: "error", pid: 1235u32, tid: 1235u64, connection: 88u64, message: "upstream timed out (110: Connection timed out) while reading response header from upstream", client_ip: "198.51.100.4", server: "example.com", request: "GET /report HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "example.com");
    case!(no_live_upstreams: r#"2026/11/24 14:02:01 [error] 1235#1235: *89 no live upstreams while connecting to upstream, client: 198.51.100.4, server: example.com, request: "GET / HTTP/1.1", upstream: "http://backend/", host: "example.com""# => UpstreamError, level: "error", pid: 1235u32, tid: 1235u64, connection: 89u64, message: "no live upstreams while connecting to upstream", client_ip: "198.51.100.4", server: "example.com", request: "GET / HTTP/1.1", upstream: "http://backend/", host: "example.com");
    case!(prematurely_closed: r#"2026/11/24 14:02:02 [error] 1235#1235: *90 upstream prematurely closed connection while reading response header from upstream, client: 198.51.100.4, server: example.com, request: "GET /api HTTP/1.1", upstream: "http://127.0.0.1:3000/api", host: "example.com""# => UpstreamError, level: "error", pid: 1235u32, tid: 1235u64, connection: 90u64, message: "upstream prematurely closed connection while reading response header from upstream", client_ip: "198.51.100.4", server: "example.com", request: "GET /api HTTP/1.1", upstream: "http://127.0.0.1:3000/api", host: "example.com");
    case!(recv_failed: r#"2026/11/24 14:02:03 [error] 1235#1235: *91 recv() failed (104: Connection reset by peer) while reading response header from upstream, client: 198.51.100.4, server: example.com, request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/var/run/php-fpm.sock:", host: "example.com""# => UpstreamError, level: "error", pid: 1235u32, tid: 1235u64, connection: 91u64, message: "recv() failed (104: Connection reset by peer) while reading response header from upstream", client_ip: "198.51.100.4", server: "example.com", request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/var/run/php-fpm.sock:", host: "example.com");
    case!(upstream_sent_too_big_header: r#"2026/11/24 14:02:04 [error] 1235#1235: *92 upstream sent too big header while reading response header from upstream, client: 198.51.100.4, server: example.com, request: "GET /login HTTP/1.1", upstream: "http://127.0.0.1:8080/login", host: "example.com""# => UpstreamError, level: "error", pid: 1235u32, tid: 1235u64, connection: 92u64, message: "upstream sent too big header while reading response header from upstream", client_ip: "198.51.100.4", server: "example.com", request: "GET /login HTTP/1.1", upstream: "http://127.0.0.1:8080/login", host: "example.com");
    case!(upstream_ssl_handshake: r#"2026/11/24 14:02:05 [error] 1235#1235: *93 SSL_do_handshake() failed (SSL: error:0A000086:SSL routines::certificate verify failed) while SSL handshaking to upstream, client: 198.51.100.4, server: example.com, request: "GET / HTTP/1.1", upstream: "https://192.0.2.10:443/", host: "example.com""# => UpstreamError, level: "error", pid: 1235u32, tid: 1235u64, connection: 93u64, message: "SSL_do_handshake() failed (SSL: error:0A000086:SSL routines::certificate verify failed) while SSL handshaking to upstream", client_ip: "198.51.100.4", server: "example.com", request: "GET / HTTP/1.1", upstream: "https://192.0.2.10:443/", host: "example.com");
    case!(upstream_temporarily_disabled: r#"2026/11/24 14:02:06 [warn] 1235#1235: *94 upstream server temporarily disabled while connecting to upstream, client: 198.51.100.4, server: example.com, request: "GET / HTTP/1.1", upstream: "http://10.0.0.2:80/", host: "example.com""# => UpstreamError, level: "warn", pid: 1235u32, tid: 1235u64, connection: 94u64, message: "upstream server temporarily disabled while connecting to upstream", client_ip: "198.51.100.4", server: "example.com", request: "GET / HTTP/1.1", upstream: "http://10.0.0.2:80/", host: "example.com");

    // ---- rate limiting ----
    case!(limiting_requests: r#"2026/11/24 14:03:00 [error] 1236#1236: *120 limiting requests, excess: 10.550 by zone "perip", client: 203.0.113.99, server: example.com, request: "POST /wp-login.php HTTP/1.1", host: "example.com", referrer: "https://example.com/wp-login.php""# => RateLimited, level: "error", pid: 1236u32, tid: 1236u64, connection: 120u64, message: r#"limiting requests, excess: 10.550 by zone "perip""#, client_ip: "203.0.113.99", server: "example.com", request: "POST /wp-login.php HTTP/1.1", host: "example.com");
    case!(limiting_connections: r#"2026/11/24 14:03:01 [error] 1236#1236: *121 limiting connections by zone "addr", client: 203.0.113.99, server: example.com, request: "GET /big.iso HTTP/1.1", host: "example.com""# => RateLimited, level: "error", pid: 1236u32, tid: 1236u64, connection: 121u64, message: r#"limiting connections by zone "addr""#, client_ip: "203.0.113.99", server: "example.com", request: "GET /big.iso HTTP/1.1", host: "example.com");
    case!(delaying_request: r#"2026/11/24 14:03:02 [warn] 1236#1236: *122 delaying request, excess: 0.900, by zone "perip", client: 203.0.113.99, server: example.com, request: "GET / HTTP/1.1", host: "example.com""# => RateLimited, level: "warn", pid: 1236u32, tid: 1236u64, connection: 122u64, message: r#"delaying request, excess: 0.900, by zone "perip""#, client_ip: "203.0.113.99", server: "example.com", request: "GET / HTTP/1.1", host: "example.com");

    // ---- TLS ----
    case!(ssl_handshake_client: r#"2026/11/24 14:04:00 [crit] 1237#1237: *300 SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key share) while SSL handshaking, client: 192.0.2.200, server: 0.0.0.0:443"# => SslError, level: "crit", pid: 1237u32, tid: 1237u64, connection: 300u64, message: "SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key share) while SSL handshaking", client_ip: "192.0.2.200", server: "0.0.0.0:443");
    case!(peer_closed_in_handshake: r#"2026/11/24 14:04:01 [info] 1237#1237: *301 peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking, client: 192.0.2.201, server: [::]:443"# => SslError, level: "info", pid: 1237u32, tid: 1237u64, connection: 301u64, message: "peer closed connection in SSL handshake (104: Connection reset by peer) while SSL handshaking", client_ip: "192.0.2.201", server: "[::]:443");
    case!(cannot_load_certificate: r#"2026/11/24 14:04:02 [emerg] 1237#1237: cannot load certificate "/etc/letsencrypt/live/example.com/fullchain.pem": BIO_new_file() failed (SSL: error:80000002:system library::No such file or directory)"# => SslError, level: "emerg", pid: 1237u32, tid: 1237u64, message: r#"cannot load certificate "/etc/letsencrypt/live/example.com/fullchain.pem": BIO_new_file() failed (SSL: error:80000002:system library::No such file or directory)"#);
    case!(ssl_stapling_warning: r#"2026/11/24 14:04:03 [warn] 1237#1237: "ssl_stapling" ignored, issuer certificate not found for certificate "/etc/ssl/example.crt""# => SslError, level: "warn", pid: 1237u32, tid: 1237u64, message: r#""ssl_stapling" ignored, issuer certificate not found for certificate "/etc/ssl/example.crt""#);

    // ---- disk full ----
    case!(no_space_left: r#"2026/11/24 14:05:00 [crit] 1238#1238: *400 pwrite() "/var/cache/nginx/client_temp/0000000012" failed (28: No space left on device), client: 203.0.113.7, server: example.com, request: "POST /upload HTTP/1.1", host: "example.com""# => DiskFull, level: "crit", pid: 1238u32, tid: 1238u64, connection: 400u64, message: r#"pwrite() "/var/cache/nginx/client_temp/0000000012" failed (28: No space left on device)"#, client_ip: "203.0.113.7", server: "example.com", request: "POST /upload HTTP/1.1", host: "example.com");
    case!(no_space_without_connection: r#"2026/11/24 14:05:01 [alert] 1238#1238: write() to "/var/log/nginx/access.log" failed (28: No space left on device) while logging request"# => DiskFull, level: "alert", pid: 1238u32, tid: 1238u64, message: r#"write() to "/var/log/nginx/access.log" failed (28: No space left on device) while logging request"#);

    // ---- workers and lifecycle ----
    case!(worker_killed: "2026/11/24 14:06:00 [alert] 900#900: worker process 1239 exited on signal 9" => WorkerExited, level: "alert", pid: 900u32, tid: 900u64, message: "worker process 1239 exited on signal 9");
    case!(worker_core_dump: "2026/11/24 14:06:01 [alert] 900#900: worker process 1240 exited on signal 11 (core dumped)" => WorkerExited, level: "alert", pid: 900u32, tid: 900u64, message: "worker process 1240 exited on signal 11 (core dumped)");
    case!(worker_exit_code: "2026/11/24 14:06:02 [alert] 900#900: worker process 1241 exited with code 2" => WorkerExited, level: "alert", pid: 900u32, tid: 900u64, message: "worker process 1241 exited with code 2");
    case!(worker_exit_code_zero: "2026/11/24 14:06:03 [notice] 900#900: worker process 1241 exited with code 0" => ServerLifecycle, level: "notice", pid: 900u32, tid: 900u64, message: "worker process 1241 exited with code 0");
    case!(signal_process_started: "2026/11/24 06:25:01 [notice] 1234#1234: signal process started" => ServerLifecycle, level: "notice", pid: 1234u32, tid: 1234u64, message: "signal process started");
    case!(sighup_reconfiguring: "2026/11/24 06:25:01 [notice] 900#900: signal 1 (SIGHUP) received from 1234, reconfiguring" => ServerLifecycle, level: "notice", pid: 900u32, tid: 900u64, message: "signal 1 (SIGHUP) received from 1234, reconfiguring");
    case!(start_worker_process: "2026/11/24 06:25:01 [notice] 900#900: start worker process 1250" => ServerLifecycle, level: "notice", pid: 900u32, tid: 900u64, message: "start worker process 1250");
    case!(start_worker_processes: "2026/11/24 06:25:01 [notice] 900#900: start worker processes" => ServerLifecycle, level: "notice", pid: 900u32, tid: 900u64, message: "start worker processes");
    case!(gracefully_shutting_down: "2026/11/24 06:25:02 [notice] 1239#1239: gracefully shutting down" => ServerLifecycle, level: "notice", pid: 1239u32, tid: 1239u64, message: "gracefully shutting down");
    case!(exiting: "2026/11/24 06:25:02 [notice] 1239#1239: exiting" => ServerLifecycle, level: "notice", pid: 1239u32, tid: 1239u64, message: "exiting");
    case!(exit: "2026/11/24 06:25:02 [notice] 900#900: exit" => ServerLifecycle, level: "notice", pid: 900u32, tid: 900u64, message: "exit");
    case!(epoll: r#"2026/11/24 06:25:00 [notice] 900#900: using the "epoll" event method"# => ServerLifecycle, level: "notice", pid: 900u32, tid: 900u64, message: r#"using the "epoll" event method"#);
    case!(version_notice: "2026/11/24 06:25:00 [notice] 900#900: nginx/1.26.2" => ServerLifecycle, level: "notice", pid: 900u32, tid: 900u64, message: "nginx/1.26.2");

    // ---- other messages ----
    case!(bind_failed: "2026/11/24 06:25:00 [emerg] 1234#1234: bind() to 0.0.0.0:80 failed (98: Address already in use)" => NginxMessage, level: "emerg", pid: 1234u32, tid: 1234u64, message: "bind() to 0.0.0.0:80 failed (98: Address already in use)");
    case!(open_failed_with_referrer: r#"2026/11/24 14:07:00 [error] 1240#1240: *700 open() "/var/www/html/ssl_check.php" failed (2: No such file or directory), client: 203.0.113.7, server: example.com, request: "GET /ssl_check.php HTTP/1.1", host: "example.com", referrer: "http://example.com/""# => NginxMessage, level: "error", pid: 1240u32, tid: 1240u64, connection: 700u64, message: r#"open() "/var/www/html/ssl_check.php" failed (2: No such file or directory)"#, client_ip: "203.0.113.7", server: "example.com", request: "GET /ssl_check.php HTTP/1.1", host: "example.com");
    case!(empty_server_name: r#"2026/11/24 14:07:01 [error] 1240#1240: *701 directory index of "/srv/www/" is forbidden, client: 203.0.113.7, server: , request: "GET / HTTP/1.1", host: "203.0.113.1""# => NginxMessage, level: "error", pid: 1240u32, tid: 1240u64, connection: 701u64, message: r#"directory index of "/srv/www/" is forbidden"#, client_ip: "203.0.113.7", request: "GET / HTTP/1.1", host: "203.0.113.1");
    case!(basic_auth_mismatch: r#"2026/11/24 14:07:02 [error] 1240#1240: *702 user "admin": password mismatch, client: 203.0.113.7, server: example.com, request: "GET /admin/ HTTP/1.1", host: "example.com""# => NginxMessage, level: "error", pid: 1240u32, tid: 1240u64, connection: 702u64, message: r#"user "admin": password mismatch"#, client_ip: "203.0.113.7", server: "example.com", request: "GET /admin/ HTTP/1.1", host: "example.com");
    case!(fastcgi_stderr_first_line: r#"2026/11/24 14:07:03 [error] 1240#1240: *703 FastCGI sent in stderr: "PHP message: PHP Warning:  Undefined variable $x in /var/www/html/index.php on line 3"# => NginxMessage, level: "error", pid: 1240u32, tid: 1240u64, connection: 703u64, message: r#"FastCGI sent in stderr: "PHP message: PHP Warning:  Undefined variable $x in /var/www/html/index.php on line 3"#);
    case!(fastcgi_stderr_one_line: r#"2026/11/24 14:07:04 [error] 1240#1240: *704 FastCGI sent in stderr: "Primary script unknown" while reading response header from upstream, client: 203.0.113.7, server: example.com, request: "GET /x.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "example.com""# => NginxMessage, level: "error", pid: 1240u32, tid: 1240u64, connection: 704u64, message: r#"FastCGI sent in stderr: "Primary script unknown" while reading response header from upstream"#, client_ip: "203.0.113.7", server: "example.com", request: "GET /x.php HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "example.com");
    case!(mail_proxy_pairs: r#"2026/11/24 14:07:05 [info] 1240#1240: *705 client closed connection while in auth state, client: 203.0.113.7, server: 0.0.0.0:993, login: "bob""# => NginxMessage, level: "info", pid: 1240u32, tid: 1240u64, connection: 705u64, message: "client closed connection while in auth state", client_ip: "203.0.113.7", server: "0.0.0.0:993");
    case!(stream_pairs: r#"2026/11/24 14:07:06 [error] 1240#1240: *706 connect() failed (111: Connection refused) while connecting to upstream, client: 203.0.113.7, server: 0.0.0.0:3306, upstream: "10.0.0.5:3306", bytes from/to client:0/0, bytes from/to upstream:0/0"# => UpstreamError, level: "error", pid: 1240u32, tid: 1240u64, connection: 706u64, message: "connect() failed (111: Connection refused) while connecting to upstream", client_ip: "203.0.113.7", server: "0.0.0.0:3306", upstream: "10.0.0.5:3306");
    case!(mail_proxy_connected: "2026/11/24 14:07:05 [info] 1240#1240: *706 client 203.0.113.8:51234 connected to 0.0.0.0:587" => NginxMessage, level: "info", pid: 1240u32, tid: 1240u64, connection: 706u64, message: "client 203.0.113.8:51234 connected to 0.0.0.0:587", client_ip: "203.0.113.8");
    case!(mail_proxy_connected_ipv6: "2026/11/24 14:07:05 [info] 1240#1240: *707 client [2001:db8::8]:51235 connected to [::]:993" => NginxMessage, level: "info", pid: 1240u32, tid: 1240u64, connection: 707u64, message: "client [2001:db8::8]:51235 connected to [::]:993", client_ip: "2001:db8::8");
    case!(macos_tid_zero: "2026/11/24 14:07:07 [error] 54053#0: *3 no resolver defined to resolve api.example.com, client: 127.0.0.1, server: localhost" => NginxMessage, level: "error", pid: 54053u32, tid: 0u64, connection: 3u64, message: "no resolver defined to resolve api.example.com", client_ip: "127.0.0.1", server: "localhost");

    // ---- `, client: ` where it does not start the pair list ----
    case!(client_in_message: r#"2026/11/24 14:08:00 [error] 1241#1241: *800 FastCGI sent in stderr: "PHP message: bad input, client: 6.6.6.6, server: x" while reading response header from upstream, client: 203.0.113.7, server: example.com, request: "GET / HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "example.com""# => NginxMessage, level: "error", pid: 1241u32, tid: 1241u64, connection: 800u64, message: r#"FastCGI sent in stderr: "PHP message: bad input, client: 6.6.6.6, server: x" while reading response header from upstream"#, client_ip: "203.0.113.7", server: "example.com", request: "GET / HTTP/1.1", upstream: "fastcgi://127.0.0.1:9000", host: "example.com");
    case!(client_in_request: r#"2026/11/24 14:08:01 [error] 1241#1241: *801 open() "/var/www/html/a" failed (2: No such file or directory), client: 203.0.113.7, server: example.com, request: "GET /a?q=, client: 6.6.6.6, server: x HTTP/1.1", host: "example.com""# => NginxMessage, level: "error", pid: 1241u32, tid: 1241u64, connection: 801u64, message: r#"open() "/var/www/html/a" failed (2: No such file or directory)"#, client_ip: "203.0.113.7", server: "example.com", request: "GET /a?q=, client: 6.6.6.6, server: x HTTP/1.1", host: "example.com");
    case!(quote_in_request: r#"2026/11/24 14:08:02 [error] 1241#1241: *802 open() "/var/www/html/a" failed (2: No such file or directory), client: 203.0.113.7, server: example.com, request: "GET /a"b HTTP/1.1", host: "example.com""# => NginxMessage, level: "error", pid: 1241u32, tid: 1241u64, connection: 802u64, message: r#"open() "/var/www/html/a" failed (2: No such file or directory)"#, client_ip: "203.0.113.7", server: "example.com", request: r#"GET /a"b HTTP/1.1"#, host: "example.com");
    case!(two_lists_glued: r#"2026/11/24 14:08:03 [error] 1241#1241: *803 user "t": password mismatch, client: 127.0.0.1, server: t, request: "GET / HTTP/1.1", host: "h"": was not found in "/etc/nginx/.htpasswd", client: 192.0.2.2, server: , request: "GET / HTTP/1.1", host: "h""# => NginxMessage, level: "error", pid: 1241u32, tid: 1241u64, connection: 803u64, message: r#"user "t": password mismatch, client: 127.0.0.1, server: t, request: "GET / HTTP/1.1", host: "h"": was not found in "/etc/nginx/.htpasswd""#, client_ip: "192.0.2.2", request: "GET / HTTP/1.1", host: "h");

    // ---- truncated and damaged lines ----
    case!(cut_in_request_value: r#"2026/11/24 14:09:00 [error] 1242#1242: *900 limiting requests, excess: 5.000 by zone "one", client: 203.0.113.7, server: example.com, request: "GET /very/long/pa"# => RateLimited, level: "error", pid: 1242u32, tid: 1242u64, connection: 900u64, message: r#"limiting requests, excess: 5.000 by zone "one""#, client_ip: "203.0.113.7", server: "example.com", request: "GET /very/long/pa");
    case!(cut_in_client: "2026/11/24 14:09:01 [error] 1242#1242: *901 limiting requests, excess: 5.000 by zone \"one\", client: 203.0" => RateLimited, level: "error", pid: 1242u32, tid: 1242u64, connection: 901u64, message: r#"limiting requests, excess: 5.000 by zone "one""#, client_ip: "203.0");
    case!(cut_after_level: "2026/11/24 14:09:02 [error] 12" => NginxMessage, level: "error", message: "12");
    case!(cut_after_connection: "2026/11/24 14:09:03 [error] 1242#1242: *902" => NginxMessage, level: "error", pid: 1242u32, tid: 1242u64, connection: 902u64, message: "");
    case!(pid_overflow: "2026/11/24 14:09:04 [error] 99999999999#1: oops" => NginxMessage, level: "error", message: "99999999999#1: oops");
    case!(pair_list_out_of_order: r#"2026/11/24 14:09:05 [error] 1242#1242: *903 odd, client: 203.0.113.7, host: "example.com", server: example.com"# => NginxMessage, level: "error", pid: 1242u32, tid: 1242u64, connection: 903u64, message: "odd", client_ip: "203.0.113.7", host: "example.com");
    none!(cut_in_level: "2026/11/24 14:09:06 [err");
    none!(cut_in_stamp: "2026/11/24 14:0");
    // ---- continuation lines of a FastCGI program's stderr (time-less) ----
    cont!(php_message_continuation: r#"PHP message: PHP Warning:  Undefined array key "id" in /var/www/html/item.php on line 12"# => NginxMessage, message: r#"PHP message: PHP Warning:  Undefined array key "id" in /var/www/html/item.php on line 12"#);
    cont!(php_message_closing_pairs: r#"PHP message: PHP Notice:  Undefined index: q in /var/www/html/search.php on line 8" while reading response header from upstream, client: 203.0.113.7, server: example.com, request: "GET /search?q=a HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "example.com""# => NginxMessage, message: r#"PHP message: PHP Notice:  Undefined index: q in /var/www/html/search.php on line 8" while reading response header from upstream"#, client_ip: "203.0.113.7", server: "example.com", request: "GET /search?q=a HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "example.com");
    cont!(php_stack_trace_header: "PHP Stack trace:" => NginxMessage, message: "PHP Stack trace:");
    cont!(stack_trace_header: "Stack trace:" => NginxMessage, message: "Stack trace:");
    cont!(stack_frame: "#0 /var/www/html/lib/db.php(41): PDO->__construct('mysql:host=db', 'app', Object(SensitiveParameterValue))" => NginxMessage, message: "#0 /var/www/html/lib/db.php(41): PDO->__construct('mysql:host=db', 'app', Object(SensitiveParameterValue))");
    cont!(indented_thrown_in: r#"  thrown in /var/www/html/lib/db.php on line 41" while reading response header from upstream, client: 198.51.100.4, server: example.com"# => NginxMessage, message: r#"  thrown in /var/www/html/lib/db.php on line 41" while reading response header from upstream"#, client_ip: "198.51.100.4", server: "example.com");
    cont!(php_message_disk_full: "PHP message: PHP Warning:  file_put_contents(): Write of 5120 bytes failed with errno=28 No space left on device in /var/www/html/cache.php on line 30" => DiskFull, message: "PHP message: PHP Warning:  file_put_contents(): Write of 5120 bytes failed with errno=28 No space left on device in /var/www/html/cache.php on line 30");
    cont!(php_message_upstream_words_are_no_verdict: "PHP message: upstream timed out while reading the feed" => NginxMessage, message: "PHP message: upstream timed out while reading the feed");
    // Regression: a client written by PHP into the continuation does not name the client.
    cont!(continuation_client_in_php_text: r#"PHP message: bad input, client: 6.6.6.6, server: x" while reading response header from upstream, client: 203.0.113.7, server: example.com"# => NginxMessage, message: r#"PHP message: bad input, client: 6.6.6.6, server: x" while reading response header from upstream"#, client_ip: "203.0.113.7", server: "example.com");
    none!(other_line_without_stamp: "upstream timed out, client: 203.0.113.7, server: example.com");
    none!(blank_indented_line: " \t ");
    none!(empty: "");
    none!(access_line: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "-""#);
    none!(dashed_date: "2026-11-24 14:01:12 [error] 1234#1234: *1 x");
    none!(no_level: "2026/11/24 14:01:12 something happened");
    none!(numeric_level: "2026/11/24 14:01:12 [42] x");

    #[test]
    fn phrases_match_their_names() {
        assert_eq!(PHRASES.len(), Phrase::Certificate as usize + 1);
        assert_eq!(PHRASES[Phrase::NoSpace as usize], "No space left on device");
        assert_eq!(PHRASES[Phrase::Failed as usize], " failed (");
        assert_eq!(PHRASES[Phrase::Certificate as usize], "certificate");
        for (i, phrase) in PHRASES.iter().enumerate() {
            assert!(
                PHRASES[..i].iter().all(|p| p != phrase),
                "duplicate {phrase}"
            );
        }
    }

    #[test]
    fn continuation_lines_keep_the_format_detected() {
        let head = [
            r#"2026/11/24 14:07:03 [error] 1240#1240: *703 FastCGI sent in stderr: "PHP message: PHP Fatal error:  Uncaught PDOException: could not find driver in /var/www/html/lib/db.php:41"#,
            "Stack trace:",
            "#0 /var/www/html/lib/db.php(41): PDO->__construct('mysql:host=db', 'app', Object(SensitiveParameterValue))",
            "#1 /var/www/html/index.php(7): db_connect()",
            "#2 {main}",
            r#"  thrown in /var/www/html/lib/db.php on line 41" while reading response header from upstream, client: 198.51.100.4, server: example.com, request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "example.com""#,
        ];
        assert_eq!(crate::detect_format(head), Some(crate::Format::NginxError));
        // Continuation shapes alone are no nginx error log.
        assert_eq!(crate::detect_format(head[1..].iter().copied()), None);
    }

    #[test]
    fn stamp_has_no_zone() {
        let line = "2026/11/24 14:01:12 [notice] 1#1: exiting";
        let t = parse(line).and_then(|e| e.time).expect("a time");
        assert_eq!(
            (t.year, t.month, t.day, t.hour, t.minute, t.second),
            (Some(2026), 11, 24, 14, 1, 12)
        );
        assert_eq!(t.offset_secs, None);
    }

    #[test]
    fn every_prefix_of_a_line_parses_or_not_without_panic() {
        let line = r#"2026/11/24 14:01:12 [error] 1234#1234: *5678 connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream, client: 2001:db8::7, server: ex.example, request: "GET /ü?a=\"b HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "ex.example", referrer: "https://ex.example/""#;
        let level_end = line.find(']').expect("a level");
        for (cut, _) in line.char_indices() {
            let parsed = parse(&line[..cut]);
            assert_eq!(parsed.is_some(), cut > level_end, "cut at {cut}");
        }
    }

    proptest! {
        #[test]
        fn arbitrary_strings_never_panic(s in any::<String>()) {
            let _ = parse(&s);
        }

        #[test]
        fn error_shaped_strings_never_panic(
            s in r#"2026/11/24 14:01:12 \[[a-z]{0,6}\]? ?[0-9#:]{0,8} ?\*?[0-9]{0,3} [ -~]{0,30}(, [a-z/ ]{0,10}: ?"?[ -~]{0,12}"?){0,6}"#
        ) {
            let _ = parse(&s);
        }
    }
}
