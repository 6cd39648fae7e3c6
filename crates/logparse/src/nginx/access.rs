//! The nginx / Apache access log: `combined`, `common` and the variants seen in the wild.
//!
//! The line is read around its one fixed point, the `[$time_local]` stamp:
//!
//! ```text
//! [vhost] client ident user [24/Nov/2026:03:12:01 +0900] "request" status bytes ["referrer" "ua" extras...]
//! ```
//!
//! - Before the stamp: `$remote_addr - $remote_user`, optionally after a `$host` or Apache
//!   `%v:%p` prefix (`example.com`, `example.com:443`) and with `X-Forwarded-For`-style lists
//!   (`10.0.0.2, 10.0.0.1 - - [`, `"a, b" 10.2.1.185 - - [`). The client is the last address before
//!   the ident (that is `$remote_addr`, the peer nginx saw), the vhost the first word when more
//!   than one precedes the ident and it is no part of an address list.
//! - The request `"GET /path HTTP/1.1"` is split into method, path and protocol when it is a
//!   request line (HTTP/0.9 `"GET /"` has no protocol); otherwise (TLS bytes `"\x16\x03..."`,
//!   `""`, `"-"`, junk) the raw text goes to `request`.
//! - Quoted fields end at an unescaped `"` followed by a space or the end of the line: nginx
//!   `\xHH` and Apache `\"` escapes are kept as written.
//! - After the user agent: `$request_time` is the first bare `N.NNN` field (integers such as
//!   `$request_length` or Apache `%D` are skipped), `$upstream_response_time` the bare field right
//!   after it; `rt=`/`request_time=` and `urt=`/`upstream_response_time=` keys (values bare or
//!   quoted) are read anywhere. An upstream list (`0.120, 0.004`, `0.001 : 0.120`) gives its
//!   **last** time: the upstream that produced the response.
//!
//! A line without a readable stamp in brackets is not an access-log line (`None`); a stamp that
//! is there but damaged gives an event without a time when the request follows (`] "`). Every
//! field after the stamp is read as far as the line goes.

use memchr::{memchr, memchr2, memchr_iter, memrchr};

use crate::event::{AccessFields, Event, EventKind, Fields};
use crate::time::{parse_clf_time, PartialTime};

/// How many `[` are tried as the start of the stamp before giving up.
const MAX_STAMP_CANDIDATES: usize = 8;

/// Parses one access-log line; `None` when it is not one.
#[cfg(test)]
pub(crate) fn parse(line: &str) -> Option<Event<'_>> {
    let mut event = None;
    parse_into(line, &mut StampCache::default(), &mut event);
    event
}

/// [`parse`] into the caller's `event`, built there and filled in place rather than moved
/// (it is a few hundred bytes), with the previous line's stamp at hand in `stamps`.
pub(crate) fn parse_into<'a>(
    line: &'a str,
    stamps: &mut StampCache,
    event: &mut Option<Event<'a>>,
) {
    let b = line.as_bytes();
    let Some((open, time, after)) = find_stamp(b, stamps) else {
        *event = None;
        return;
    };
    let Event { fields, .. } = event.insert(Event {
        time,
        kind: EventKind::HttpRequest,
        fields: Fields::NginxAccess(AccessFields::default()),
    });
    let Fields::NginxAccess(f) = fields else {
        return;
    };
    if line
        .get(..open)
        .and_then(|prefix| read_prefix(prefix, f))
        .is_none()
    {
        *event = None;
        return;
    }
    read_after_stamp(line, after, f);
}

/// The bytes of the usual access-log stamp inside its brackets, `24/Nov/2026:03:12:01 +0900`.
const STAMP_LEN: usize = 26;

/// Where the seconds of a stamp of [`STAMP_LEN`] bytes are.
const SECONDS: std::ops::Range<usize> = 18..20;

/// The previous line's stamp of [`STAMP_LEN`] bytes and what it reads as. A busy site writes
/// many lines a second, and most of the rest in the same minute: a stamp equal to the cached
/// one is taken whole, one that differs in its seconds alone reads their two digits, instead of
/// the day, month name, year, time and offset each time.
#[derive(Debug, Clone, Default)]
pub(crate) struct StampCache {
    stamp: Option<([u8; STAMP_LEN], PartialTime)>,
}

impl StampCache {
    /// The stamp at the start of `b` (just after its `[`) as [`parse_clf_time`] reads it, and
    /// the rest of `b` after it.
    #[inline]
    fn read<'b>(&mut self, b: &'b [u8]) -> Option<(PartialTime, &'b [u8])> {
        if let (Some((cached, time)), Some(line)) = (&mut self.stamp, b.first_chunk()) {
            let rest = &b[STAMP_LEN..];
            if line == cached {
                return Some((*time, rest));
            }
            // The same minute and offset, another second: the digits parse_clf_time would read
            // and check, and nothing else differs.
            if line[..SECONDS.start] == cached[..SECONDS.start]
                && line[SECONDS.end..] == cached[SECONDS.end..]
            {
                if let [tens @ b'0'..=b'9', ones @ b'0'..=b'9'] = line[SECONDS] {
                    let second = (tens - b'0') * 10 + (ones - b'0');
                    if second <= 60 {
                        *cached = *line;
                        time.second = second;
                        return Some((*time, rest));
                    }
                }
            }
        }
        let (time, rest) = parse_clf_time(b)?;
        // Only the usual shape is kept (no fraction, a `+hhmm` offset): its seconds are always
        // at the same place.
        if b.len() - rest.len() == STAMP_LEN {
            self.stamp = b.first_chunk().map(|stamp| (*stamp, time));
        }
        Some((time, rest))
    }
}

/// Finds the stamp: the index of its `[`, the time, and the index just past its `]`.
///
/// The first ` [` followed by a valid stamp and `]` wins; failing that, the first ` [...] "`
/// (a damaged stamp before a request) gives no time.
fn find_stamp(b: &[u8], stamps: &mut StampCache) -> Option<(usize, Option<PartialTime>, usize)> {
    let candidates = || {
        memchr_iter(b'[', b)
            .filter(|&i| i > 0 && b.get(i - 1) == Some(&b' '))
            .take(MAX_STAMP_CANDIDATES)
    };
    for open in candidates() {
        let Some((time, rest)) = b.get(open + 1..).and_then(|s| stamps.read(s)) else {
            continue;
        };
        if rest.first() == Some(&b']') {
            return Some((open, Some(time), b.len() - rest.len() + 1));
        }
    }
    for open in candidates() {
        let inner = b.get(open + 1..)?;
        // A stamp is short: look for its `]` within a bounded window.
        let window = inner.get(..inner.len().min(64))?;
        let Some(close) = memchr(b']', window) else {
            continue;
        };
        let after = open + 1 + close + 1;
        if b.get(after..after + 2) == Some(b" \"") {
            return Some((open, None, after));
        }
    }
    None
}

/// Reads `[vhost] client ident user ` (everything before the stamp's `[`). `None` when there
/// is no client at all.
fn read_prefix<'a>(prefix: &'a str, f: &mut AccessFields<'a>) -> Option<()> {
    let head;
    let user;
    // The prefix is short: a plain scan beats building a substring searcher.
    if let Some(i) = prefix.as_bytes().windows(3).position(|w| w == b" - ") {
        // nginx always writes `-` for the ident: `client - user [`. The user may hold spaces.
        head = prefix.get(..i)?;
        user = prefix.get(i + 3..)?.trim_end_matches(' ');
    } else {
        // Apache with an ident, or no ident/user at all.
        let t = prefix.trim_end_matches(' ');
        match t.rsplit_once(' ') {
            None => {
                head = t;
                user = "";
            }
            Some((rest, last)) => match rest.trim_end_matches(' ').rsplit_once(' ') {
                // `client user`: no ident.
                None => {
                    head = rest;
                    user = last;
                }
                // `... client ident user`.
                Some((h, _ident)) => {
                    head = h;
                    user = last;
                }
            },
        }
    }
    f.user = dash_none(user);
    let head = head.trim_matches(' ');
    let hb = head.as_bytes();
    let (vhost, client) = match hb.iter().position(|&c| c == b' ') {
        None => (None, head),
        Some(sp) => {
            let first = head.get(..sp)?;
            let last_sp = hb.iter().rposition(|&c| c == b' ').unwrap_or(sp);
            let last = head.get(last_sp + 1..)?;
            let vhost = if first.starts_with('"') || first.ends_with(',') {
                None
            } else {
                Some(first)
            };
            (vhost, last)
        }
    };
    let client = client.trim_matches(|c| c == '"' || c == ',');
    if client.is_empty() {
        return None;
    }
    f.vhost = vhost;
    f.client_ip = Some(client);
    Some(())
}

/// Reads everything after the stamp, as far as the line goes.
fn read_after_stamp<'a>(line: &'a str, pos: usize, f: &mut AccessFields<'a>) {
    let Some((request, pos)) = quoted_field(line, pos) else {
        return;
    };
    match split_request(request) {
        Some((method, path, protocol)) => {
            f.method = Some(method);
            f.path = Some(path);
            f.protocol = protocol;
        }
        None => f.request = Some(request),
    }
    let Some((status, pos)) = bare_field(line, pos) else {
        return;
    };
    f.status = parse_uint(status.as_bytes()).and_then(|v| u16::try_from(v).ok());
    let Some((bytes, pos)) = bare_field(line, pos) else {
        return;
    };
    f.bytes = parse_uint(bytes.as_bytes());
    let Some((referrer, pos)) = quoted_field(line, pos) else {
        return;
    };
    f.referrer = dash_none(referrer);
    let Some((user_agent, pos)) = quoted_field(line, pos) else {
        return;
    };
    f.user_agent = dash_none(user_agent);
    read_extras(line, pos, f);
}

/// At `pos`: spaces, then a `"`-quoted field. Returns its content and the index after the
/// closing quote. An unclosed field (a truncated line) runs to the end of the line.
fn quoted_field(line: &str, pos: usize) -> Option<(&str, usize)> {
    let b = line.as_bytes();
    let start = skip_spaces(b, pos);
    if b.get(start) != Some(&b'"') {
        return None;
    }
    quoted_from(line, start + 1)
}

/// The content of a quoted field that starts at `start` (just past the opening `"`), and the
/// index after its closing quote.
fn quoted_from(line: &str, start: usize) -> Option<(&str, usize)> {
    let b = line.as_bytes();
    match close_quote(b, start) {
        Some(end) => Some((line.get(start..end)?, end + 1)),
        None => Some((line.get(start..)?, b.len())),
    }
}

/// The index of the `"` that closes a field starting at `start`: one not escaped by `\` and
/// followed by a space or the end of the line.
fn close_quote(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    loop {
        let j = i + memchr2(b'"', b'\\', b.get(i..)?)?;
        match b.get(j) {
            Some(b'\\') => i = j + 2,
            _ => match b.get(j + 1) {
                None | Some(b' ') => return Some(j),
                Some(_) => i = j + 1,
            },
        }
    }
}

/// At `pos`: spaces, then a bare field up to the next space. Returns it and the index after it.
fn bare_field(line: &str, pos: usize) -> Option<(&str, usize)> {
    let b = line.as_bytes();
    let start = skip_spaces(b, pos);
    let rest = b.get(start..)?;
    if rest.is_empty() {
        return None;
    }
    let end = token_end(b, start);
    Some((line.get(start..end)?, end))
}

/// The index of the first space at or after `pos`, or the end of the line. Fields here are
/// short: a plain loop beats `memchr`'s setup.
fn token_end(b: &[u8], mut pos: usize) -> usize {
    while let Some(&c) = b.get(pos) {
        if c == b' ' {
            break;
        }
        pos += 1;
    }
    pos
}

fn skip_spaces(b: &[u8], mut pos: usize) -> usize {
    while b.get(pos) == Some(&b' ') {
        pos += 1;
    }
    pos
}

/// `METHOD target HTTP/x.y` (or HTTP/0.9 `METHOD /target`) → method, path, protocol.
pub(crate) fn split_request(r: &str) -> Option<(&str, &str, Option<&str>)> {
    let b = r.as_bytes();
    // The method: one to 32 token bytes, then a space. Methods are a few bytes: a loop over
    // them costs less than setting up a vector search for the space.
    let sp = b.iter().take(33).position(|&c| !is_token_byte(c))?;
    if sp == 0 || b[sp] != b' ' {
        return None;
    }
    split_target(r.get(..sp)?, r.get(sp + 1..)?)
}

/// The rest of a request line after its method and space: `target HTTP/x.y` (spaces before
/// the protocol dropped), or HTTP/0.9's `/target`.
fn split_target<'a>(method: &'a str, rest: &'a str) -> Option<(&'a str, &'a str, Option<&'a str>)> {
    match memrchr(b' ', rest.as_bytes()) {
        Some(j) => {
            let protocol = rest.get(j + 1..)?;
            let path = rest.get(..j)?;
            let kept = path
                .bytes()
                .rposition(|c| c != b' ')
                .map_or(0, |last| last + 1);
            // Spaces are one byte each: the cut is on a character boundary.
            let path = path.get(..kept)?;
            let version = protocol.strip_prefix("HTTP/")?;
            if path.is_empty() || version.is_empty() || version.len() > 8 {
                return None;
            }
            Some((method, path, Some(protocol)))
        }
        None if rest.starts_with('/') => Some((method, rest, None)),
        None => None,
    }
}

/// An RFC 9110 `tchar`.
fn is_token_byte(c: u8) -> bool {
    TOKEN_BYTES[usize::from(c)]
}

/// [`is_token_byte`] as a table: letters, digits and `!#$%&'*+-.^_`|~`.
static TOKEN_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        table[c] = b.is_ascii_alphanumeric();
        c += 1;
    }
    let punctuation = b"!#$%&'*+-.^_`|~";
    let mut i = 0;
    while i < punctuation.len() {
        table[punctuation[i] as usize] = true;
        i += 1;
    }
    table
};

/// The fields after the user agent: `$request_time`, `$upstream_response_time` and their
/// `key=value` forms; anything else is skipped.
fn read_extras<'a>(line: &'a str, mut pos: usize, f: &mut AccessFields<'a>) {
    let b = line.as_bytes();
    // The previous bare field was the request time: this one may be the upstream time.
    let mut after_request_time = false;
    loop {
        pos = skip_spaces(b, pos);
        let Some(&first) = b.get(pos) else {
            return;
        };
        if first == b'"' {
            match quoted_from(line, pos + 1) {
                Some((_, next)) => pos = next,
                None => return,
            }
            after_request_time = false;
            continue;
        }
        let end = token_end(b, pos);
        let Some(token) = line.get(pos..end) else {
            return;
        };
        let eq = token.bytes().position(|c| c == b'=');
        if let Some((key, value)) = eq.and_then(|i| Some((token.get(..i)?, token.get(i + 1..)?))) {
            let (value, next) = if value.starts_with('"') {
                // Quoted values may hold spaces (`urt="0.120, 0.004"`).
                match quoted_from(line, pos + key.len() + 2) {
                    Some(v) => v,
                    None => return,
                }
            } else {
                (value, end)
            };
            match key {
                "rt" | "request_time" => f.request_time = parse_secs(value.as_bytes()),
                "urt" | "upstream_response_time" => {
                    f.upstream_response_time = last_secs(value.as_bytes());
                }
                _ => {}
            }
            pos = next;
            after_request_time = false;
            continue;
        }
        if after_request_time {
            after_request_time = false;
            if let Some(next) = upstream_list(line, pos, f) {
                pos = next;
                continue;
            }
        }
        if f.request_time.is_none() {
            if let Some(secs) = parse_secs(token.as_bytes()) {
                f.request_time = Some(secs);
                after_request_time = true;
            }
        }
        pos = end;
    }
}

/// A bare `$upstream_response_time` at `pos`: `-`, `0.120`, or a list `0.120, 0.004` /
/// `0.001 : 0.120`. Sets the last time of the list and returns the index after the list;
/// `None` (nothing set) when the field at `pos` is not one.
fn upstream_list<'a>(line: &'a str, pos: usize, f: &mut AccessFields<'a>) -> Option<usize> {
    let b = line.as_bytes();
    let mut last = None;
    let mut at = pos;
    loop {
        let (token, end) = bare_field(line, at)?;
        let (item, more) = match token.strip_suffix(',') {
            Some(item) => (item, true),
            None => (token, false),
        };
        if item != "-" {
            last = Some(parse_secs(item.as_bytes())?);
        }
        at = end;
        if more {
            continue;
        }
        // `0.001 : 0.120`: an internal redirect between upstreams.
        let next = skip_spaces(b, at);
        if b.get(next) == Some(&b':') && matches!(b.get(next + 1), Some(b' ')) {
            at = next + 1;
            continue;
        }
        break;
    }
    f.upstream_response_time = last;
    Some(at)
}

/// The last number of a list of upstream times as written inside a `key=value` field.
pub(crate) fn last_secs(s: &[u8]) -> Option<f64> {
    s.split(|&c| c == b',' || c == b':' || c == b' ')
        .rfind(|item| !item.is_empty() && *item != b"-")
        .and_then(parse_secs)
}

/// Seconds as nginx writes them: `0.123` (digits, a dot, digits). Integers, signs, exponents,
/// `inf` and `NaN` are refused.
pub(crate) fn parse_secs(s: &[u8]) -> Option<f64> {
    /// Powers of ten that are exact in an `f64`.
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let mut mantissa = 0u64;
    let mut dot = None;
    for (i, &c) in s.iter().enumerate() {
        match c {
            b'0'..=b'9' => mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(c - b'0')),
            b'.' if dot.is_none() && i > 0 => dot = Some(i),
            _ => return None,
        }
    }
    let frac = s.len() - dot? - 1;
    if frac == 0 {
        return None;
    }
    if s.len() <= 16 {
        // At most 15 digits: an exact integer over an exact power of ten, so one correctly
        // rounded division.
        // (`i64` converts in one instruction; 15 digits always fit.)
        return Some(mantissa as i64 as f64 / POW10.get(frac)?);
    }
    std::str::from_utf8(s).ok()?.parse().ok()
}

/// A decimal unsigned integer (digits only, no overflow).
pub(crate) fn parse_uint(s: &[u8]) -> Option<u64> {
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    let mut v = 0u64;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
    }
    Some(v)
}

/// `-` (and the empty string) mean "absent".
pub(crate) fn dash_none(s: &str) -> Option<&str> {
    match s {
        "" | "-" => None,
        _ => Some(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `case!(name: line => field: value, ...)`: the line parses, and its fields are exactly
    /// these (every field not named is `None`). Values are wrapped in `Some` by `.into()`.
    macro_rules! case {
        ($name:ident: $line:expr => $($field:ident: $value:expr),* $(,)?) => {
            #[test]
            fn $name() {
                let event = parse($line).expect("an access-log line");
                assert_eq!(event.kind, EventKind::HttpRequest);
                let Fields::NginxAccess(got) = event.fields else {
                    panic!("not access fields: {:?}", event.fields);
                };
                #[allow(clippy::needless_update)]
                let want = AccessFields { $($field: $value.into(),)* ..AccessFields::default() };
                assert_eq!(got, want);
            }
        };
    }

    /// `none!(name: line)`: not an access-log line.
    macro_rules! none {
        ($name:ident: $line:expr) => {
            #[test]
            fn $name() {
                assert_eq!(parse($line), None);
            }
        };
    }

    const UA: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    // ---- combined and common ----
    case!(combined: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET /wp-login.php HTTP/1.1" 502 157 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0""# => client_ip: "203.0.113.7", method: "GET", path: "/wp-login.php", protocol: "HTTP/1.1", status: 502u16, bytes: 157u64, user_agent: UA);
    case!(combined_referrer_and_user: r#"198.51.100.23 - alice [24/Nov/2026:03:12:02 +0900] "POST /wp-admin/admin-ajax.php?action=heartbeat HTTP/2.0" 200 59 "https://example.com/wp-admin/" "curl/8.5.0""# => client_ip: "198.51.100.23", user: "alice", method: "POST", path: "/wp-admin/admin-ajax.php?action=heartbeat", protocol: "HTTP/2.0", status: 200u16, bytes: 59u64, referrer: "https://example.com/wp-admin/", user_agent: "curl/8.5.0");
    case!(common: r#"192.0.2.44 - - [01/Dec/2026:23:59:59 -0500] "HEAD /robots.txt HTTP/1.0" 304 0"# => client_ip: "192.0.2.44", method: "HEAD", path: "/robots.txt", protocol: "HTTP/1.0", status: 304u16, bytes: 0u64);
    case!(common_bytes_dash: r#"192.0.2.44 - - [01/Dec/2026:23:59:59 -0500] "GET /empty HTTP/1.1" 204 -"# => client_ip: "192.0.2.44", method: "GET", path: "/empty", protocol: "HTTP/1.1", status: 204u16);
    case!(user_with_space: r#"192.0.2.44 - john doe [01/Dec/2026:23:59:59 -0500] "GET /private/ HTTP/1.1" 401 581 "-" "-""# => client_ip: "192.0.2.44", user: "john doe", method: "GET", path: "/private/", protocol: "HTTP/1.1", status: 401u16, bytes: 581u64);
    case!(millisecond_stamp: r#"192.0.2.44 - - [01/Dec/2026:23:59:59.250 +0000] "GET / HTTP/1.1" 200 10"# => client_ip: "192.0.2.44", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 10u64);

    // ---- clients ----
    case!(ipv6_client: r#"2001:db8:85a3::8a2e:370:7334 - - [24/Nov/2026:03:12:01 +0900] "GET /xmlrpc.php HTTP/1.1" 405 166 "-" "python-requests/2.31.0""# => client_ip: "2001:db8:85a3::8a2e:370:7334", method: "GET", path: "/xmlrpc.php", protocol: "HTTP/1.1", status: 405u16, bytes: 166u64, user_agent: "python-requests/2.31.0");
    case!(ipv4_mapped_ipv6: r#"::ffff:203.0.113.9 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "-""# => client_ip: "::ffff:203.0.113.9", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64);
    case!(unix_socket_client: r#"unix: - - [24/Nov/2026:03:12:01 +0900] "GET /status HTTP/1.1" 200 97 "-" "-""# => client_ip: "unix:", method: "GET", path: "/status", protocol: "HTTP/1.1", status: 200u16, bytes: 97u64);
    case!(forwarded_list_takes_remote_addr: r#"198.51.100.7, 10.1.0.3, 127.0.0.1 - - [24/Nov/2026:03:12:01 +0900] "GET /cart HTTP/1.1" 200 5120 "-" "-""# => client_ip: "127.0.0.1", method: "GET", path: "/cart", protocol: "HTTP/1.1", status: 200u16, bytes: 5120u64);
    case!(quoted_forwarded_prefix: r#""198.51.100.7, 10.1.0.3" 10.20.0.5 - - [24/Nov/2026:03:12:01 +0900] "GET /cart HTTP/1.1" 200 5120 "-" "-""# => client_ip: "10.20.0.5", method: "GET", path: "/cart", protocol: "HTTP/1.1", status: 200u16, bytes: 5120u64);
    case!(no_ident_no_user: r#"192.0.2.8 [24/Nov/2026:03:12:01 +0900] "GET /boot.cfg HTTP/1.0" 200 134 "-" "iPXE/1.21""# => client_ip: "192.0.2.8", method: "GET", path: "/boot.cfg", protocol: "HTTP/1.0", status: 200u16, bytes: 134u64, user_agent: "iPXE/1.21");

    // ---- vhost prefixes ----
    case!(vhost_prefix: r#"example.com 203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0""# => vhost: "example.com", client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64, user_agent: "curl/8.5.0");
    case!(apache_vhost_combined_port: r#"shop.example.org:443 203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET /checkout HTTP/1.1" 302 0 "https://shop.example.org/cart" "curl/8.5.0""# => vhost: "shop.example.org:443", client_ip: "203.0.113.7", method: "GET", path: "/checkout", protocol: "HTTP/1.1", status: 302u16, bytes: 0u64, referrer: "https://shop.example.org/cart", user_agent: "curl/8.5.0");
    case!(vhost_and_forwarded_list: r#"example.com 198.51.100.7, 10.1.0.3 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "-""# => vhost: "example.com", client_ip: "10.1.0.3", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64);
    case!(vhost_ipv6_client: r#"example.com:80 2001:db8::1 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 301 162 "-" "-""# => vhost: "example.com:80", client_ip: "2001:db8::1", method: "GET", path: "/", protocol: "HTTP/1.1", status: 301u16, bytes: 162u64);
    case!(apache_ident_and_user: r#"intranet.example:443 192.0.2.61 x7kq2 mbrown [24/Nov/2026:03:12:01 +0900] "GET /board HTTP/2.0" 200 17163 "-" "-" 116075"# => vhost: "intranet.example:443", client_ip: "192.0.2.61", user: "mbrown", method: "GET", path: "/board", protocol: "HTTP/2.0", status: 200u16, bytes: 17163u64);
    // Plesk's access_ssl_log / proxy_access_ssl_log are plain combined lines.
    case!(plesk_access_ssl_log: r#"203.0.113.80 - - [24/Nov/2026:10:00:00 +0100] "GET /index.php HTTP/2.0" 200 14238 "https://www.example.net/" "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)""# => client_ip: "203.0.113.80", method: "GET", path: "/index.php", protocol: "HTTP/2.0", status: 200u16, bytes: 14238u64, referrer: "https://www.example.net/", user_agent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)");

    // ---- extras after the user agent ----
    case!(forwarded_for_extra: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" "198.51.100.2""# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64, user_agent: "curl/8.5.0");
    case!(request_time_bare: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" 0.123"# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64, user_agent: "curl/8.5.0", request_time: 0.123);
    case!(request_and_upstream_time_bare: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET /index.php HTTP/1.1" 200 612 "-" "curl/8.5.0" 1.250 1.248"# => client_ip: "203.0.113.7", method: "GET", path: "/index.php", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64, user_agent: "curl/8.5.0", request_time: 1.25, upstream_response_time: 1.248);
    case!(upstream_time_dash: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET /logo.png HTTP/1.1" 200 3012 "-" "curl/8.5.0" 0.000 -"# => client_ip: "203.0.113.7", method: "GET", path: "/logo.png", protocol: "HTTP/1.1", status: 200u16, bytes: 3012u64, user_agent: "curl/8.5.0", request_time: 0.0);
    case!(upstream_time_list_takes_last: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 502 157 "-" "curl/8.5.0" 3.015 3.001, 0.004 "-""# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 502u16, bytes: 157u64, user_agent: "curl/8.5.0", request_time: 3.015, upstream_response_time: 0.004);
    case!(upstream_time_redirect_list: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 157 "-" "curl/8.5.0" 0.130 0.010 : 0.120"# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 157u64, user_agent: "curl/8.5.0", request_time: 0.13, upstream_response_time: 0.12);
    case!(forwarded_then_request_time: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" "-" 340 0.125 "1395" "0.125" "example.com""# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64, user_agent: "curl/8.5.0", request_time: 0.125);
    case!(key_value_times: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "POST /api/v1/orders HTTP/1.1" 201 88 "-" "okhttp/4.12.0" rt=0.123 uct="0.000" uht="0.118" urt="0.120""# => client_ip: "203.0.113.7", method: "POST", path: "/api/v1/orders", protocol: "HTTP/1.1", status: 201u16, bytes: 88u64, user_agent: "okhttp/4.12.0", request_time: 0.123, upstream_response_time: 0.12);
    case!(key_value_long_names_and_list: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 504 160 "-" "curl/8.5.0" request_time=60.001 upstream_response_time="60.000, 0.001""# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 504u16, bytes: 160u64, user_agent: "curl/8.5.0", request_time: 60.001, upstream_response_time: 0.001);
    case!(key_value_upstream_dash: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" rt=0.001 urt="-""# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64, user_agent: "curl/8.5.0", request_time: 0.001);
    case!(integer_extra_is_not_a_time: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" 1024 HIT"# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64, user_agent: "curl/8.5.0");

    // ---- requests that are no request line ----
    case!(tls_handshake_bytes: r#"203.0.113.50 - - [24/Nov/2026:03:12:01 +0900] "\x16\x03\x01\x02\x00\x01\x00\x01\xFC\x03\x03\x8B\x1C" 400 157 "-" "-""# => client_ip: "203.0.113.50", request: r"\x16\x03\x01\x02\x00\x01\x00\x01\xFC\x03\x03\x8B\x1C", status: 400u16, bytes: 157u64);
    case!(escaped_quote_and_backslash_in_binary: r#"203.0.113.50 - - [24/Nov/2026:03:12:01 +0900] "\x03\x00\x00/*\xE0\x22 \x5C" 400 157 "-" "-""# => client_ip: "203.0.113.50", request: r"\x03\x00\x00/*\xE0\x22 \x5C", status: 400u16, bytes: 157u64);
    case!(empty_request: r#"203.0.113.50 - - [24/Nov/2026:03:12:01 +0900] "" 400 0 "-" "-""# => client_ip: "203.0.113.50", request: "", status: 400u16, bytes: 0u64);
    case!(dash_request: r#"203.0.113.50 - - [24/Nov/2026:03:12:01 +0900] "-" 408 0 "-" "-""# => client_ip: "203.0.113.50", request: "-", status: 408u16, bytes: 0u64);
    case!(junk_request: r#"203.0.113.50 - - [24/Nov/2026:03:12:01 +0900] "hello" 400 173 "-" "-""# => client_ip: "203.0.113.50", request: "hello", status: 400u16, bytes: 173u64);
    case!(protocol_not_http: r#"203.0.113.50 - - [24/Nov/2026:03:12:01 +0900] "SSH-2.0-Go" 400 157 "-" "-""# => client_ip: "203.0.113.50", request: "SSH-2.0-Go", status: 400u16, bytes: 157u64);
    case!(method_and_garbage: r#"203.0.113.50 - - [24/Nov/2026:03:12:01 +0900] "GET /a b c" 400 157 "-" "-""# => client_ip: "203.0.113.50", request: "GET /a b c", status: 400u16, bytes: 157u64);
    case!(http09_request: r#"203.0.113.50 - - [24/Nov/2026:03:12:01 +0900] "GET /" 200 612 "-" "-""# => client_ip: "203.0.113.50", method: "GET", path: "/", status: 200u16, bytes: 612u64);
    case!(connect_request: r#"203.0.113.50 - - [24/Nov/2026:03:12:01 +0900] "CONNECT www.example.com:443 HTTP/1.1" 400 157 "-" "-""# => client_ip: "203.0.113.50", method: "CONNECT", path: "www.example.com:443", protocol: "HTTP/1.1", status: 400u16, bytes: 157u64);
    case!(path_keeps_escapes: r#"203.0.113.50 - - [24/Nov/2026:03:12:01 +0900] "GET /index.php?s=/Index/\x5Cthink\x5Capp/invokefunction HTTP/1.1" 404 153 "-" "-""# => client_ip: "203.0.113.50", method: "GET", path: r"/index.php?s=/Index/\x5Cthink\x5Capp/invokefunction", protocol: "HTTP/1.1", status: 404u16, bytes: 153u64);

    // ---- quotes inside fields ----
    case!(apache_escaped_quote_in_ua: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "Mozilla/5.0 \"compatible\" bot" 0.010"# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64, user_agent: r#"Mozilla/5.0 \"compatible\" bot"#, request_time: 0.01);
    case!(nginx_escaped_quote_in_ua: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "() { :; }; echo \x22pwned\x22""# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64, user_agent: r"() { :; }; echo \x22pwned\x22");
    case!(raw_quote_inside_ua: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "say "hi"there" "-""# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64, user_agent: r#"say "hi"there"#);
    case!(utf8_in_fields: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET /caf%C3%A9 HTTP/1.1" 200 612 "https://例え.jp/" "Navigateur ünïcode""# => client_ip: "203.0.113.7", method: "GET", path: "/caf%C3%A9", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64, referrer: "https://例え.jp/", user_agent: "Navigateur ünïcode");

    // ---- damaged values ----
    case!(invalid_status_and_bytes: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 2x0 12k "-" "-""# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1");
    case!(status_out_of_range: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 99999 18446744073709551616"# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1");
    case!(invalid_request_time: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 1 "-" "-" rt=NaN urt=inf 1e3"# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 1u64);
    case!(damaged_stamp_keeps_the_rest: r#"203.0.113.7 - - [24/Nov/2026:03:61:01 +0900] "GET / HTTP/1.1" 200 612 "-" "-""# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64);

    // ---- truncated lines ----
    case!(cut_after_stamp: "203.0.113.7 - - [24/Nov/2026:03:12:01 +0900]" => client_ip: "203.0.113.7");
    // An unclosed request reads as far as the line goes (here like an HTTP/0.9 request line).
    case!(cut_in_request: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET /wp-cont"# => client_ip: "203.0.113.7", method: "GET", path: "/wp-cont");
    case!(cut_in_method: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GE"# => client_ip: "203.0.113.7", request: "GE");
    case!(cut_in_status: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 50"# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 50u16);
    case!(cut_in_user_agent: r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "Mozilla/5.0 (X11"# => client_ip: "203.0.113.7", method: "GET", path: "/", protocol: "HTTP/1.1", status: 200u16, bytes: 612u64, user_agent: "Mozilla/5.0 (X11");
    none!(cut_in_stamp: "203.0.113.7 - - [24/Nov/2026:03:1");
    none!(cut_before_stamp: "203.0.113.7 - -");

    // ---- other formats ----
    none!(empty_line: "");
    none!(nginx_error_line: "2026/11/24 14:01:12 [error] 1234#1234: *5678 open() \"/var/www/html/favicon.ico\" failed (2: No such file or directory), client: 203.0.113.7, server: example.com");
    none!(syslog_line: "Nov 24 03:12:01 mail postfix/smtpd[2841]: connect from unknown[203.0.113.7]");
    none!(fail2ban_line: "2026-11-24 03:12:01,123 fail2ban.actions        [1234]: NOTICE  [sshd] Ban 203.0.113.7");
    none!(stamp_without_client: r#"[24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612"#);
    none!(bracket_not_after_space: r#"203.0.113.7-[24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612"#);

    #[test]
    fn stamp_with_offset() {
        let line =
            r#"203.0.113.7 - - [24/Nov/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612 "-" "-""#;
        let t = parse(line).and_then(|e| e.time).expect("a time");
        assert_eq!(
            (t.year, t.month, t.day, t.hour, t.minute, t.second),
            (Some(2026), 11, 24, 3, 12, 1)
        );
        assert_eq!(t.offset_secs, Some(9 * 3600));
    }

    #[test]
    fn damaged_stamp_has_no_time() {
        let line = r#"203.0.113.7 - - [24/Nox/2026:03:12:01 +0900] "GET / HTTP/1.1" 200 612"#;
        assert_eq!(parse(line).map(|e| e.time), Some(None));
    }

    #[test]
    fn every_prefix_of_a_line_parses_or_not_without_panic() {
        let line = r#"example.com:443 2001:db8::7 - bob [24/Nov/2026:03:12:01 +0900] "GET /a\"b HTTP/1.1" 200 612 "https://ex.example/ü" "UA \"x\" \x22y" "-" 0.123 0.120, 0.003 rt=0.1 urt="0.1 : 0.2""#;
        let stamp_end = line.find(']').expect("a stamp");
        for (cut, _) in line.char_indices() {
            let parsed = parse(&line[..cut]);
            assert_eq!(parsed.is_some(), cut > stamp_end, "cut at {cut}");
        }
    }

    /// A stamp as nginx writes it, or one of its near misses: seconds 60, 61 and 6x, a digit
    /// that is none, a fraction, an offset with a colon, a damaged day.
    fn stamp_strategy() -> impl Strategy<Value = String> {
        let second = prop_oneof![
            (0u8..=59).prop_map(|s| format!("{s:02}")),
            Just("60".to_string()),
            Just("61".to_string()),
            Just("6x".to_string()),
            Just("x5".to_string()),
            Just("5".to_string()),
        ];
        // Mostly one minute and offset, so that runs of stamps hit the cache.
        let tail = prop_oneof![
            8 => Just(" +0900".to_string()),
            1 => Just(" -0500".to_string()),
            1 => Just(".250 +0900".to_string()),
            1 => Just(" +09:00".to_string()),
            1 => Just(" +2400".to_string()),
        ];
        (
            prop_oneof![8 => Just("24"), 1 => Just("25"), 1 => Just("32"), 1 => Just("0x")],
            prop_oneof![8 => Just("Nov"), 1 => Just("Dec"), 1 => Just("Nox")],
            prop_oneof![8 => Just("03"), 1 => Just(" 3"), 1 => Just("23"), 1 => Just("24")],
            prop_oneof![8 => Just("12"), 1 => Just("13"), 1 => Just("60")],
            second,
            tail,
        )
            .prop_map(|(day, month, hour, minute, second, tail)| {
                format!(
                    "{day}/{month}/2026:{hour}:{minute}:{second}{tail}] \"GET / HTTP/1.1\" 200 1"
                )
            })
    }

    /// The reader of a request line's method before it went byte by byte (a search for the
    /// space, then a check of the bytes before it): the oracle of the proptest below.
    fn split_request_by_searches(r: &str) -> Option<(&str, &str, Option<&str>)> {
        let sp = memchr(b' ', r.as_bytes())?;
        let method = r.get(..sp)?;
        let tchar = |c: u8| c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c);
        if method.is_empty() || method.len() > 32 || !method.bytes().all(tchar) {
            return None;
        }
        split_target(method, r.get(sp + 1..)?)
    }

    proptest! {
        /// Request lines, methods of 0 to 40 bytes among them, split as the searches did.
        #[test]
        fn requests_split_as_by_searches(
            method in prop_oneof!["[A-Z]{0,3}[A-Za-z0-9!#~.\\t\"()/é -]{0,37}", "[A-Z]{30,35}"],
            path in "[ /a-z?=&%é]{0,12}",
            protocol in prop_oneof![Just(""), Just(" HTTP/1.1"), Just(" HTTP/2.0"), Just("  HTTP/"), Just(" HTTP/1.1.1.1.1.1")],
        ) {
            let line = format!("{method} {path}{protocol}");
            prop_assert_eq!(split_request(&line), split_request_by_searches(&line), "{:?}", line);
            prop_assert_eq!(split_request(&method), split_request_by_searches(&method));
        }

        /// A run of stamps reads through one cache as each reads alone, near misses included:
        /// the same time, the same rest, or nothing.
        #[test]
        fn stamps_read_through_the_cache_as_alone(
            stamps in proptest::collection::vec(stamp_strategy(), 1..40)
        ) {
            let mut cache = StampCache::default();
            for stamp in &stamps {
                let alone = parse_clf_time(stamp.as_bytes());
                prop_assert_eq!(cache.read(stamp.as_bytes()), alone, "{}", stamp);
            }
        }

        #[test]
        fn arbitrary_strings_never_panic(s in any::<String>()) {
            let _ = parse(&s);
        }

        #[test]
        fn access_shaped_strings_never_panic(
            s in r#"[a-z0-9.:, "-]{0,24} [-a-z]{0,3} \[[0-9A-Za-z/: +.-]{0,30}\]? ?"?[ -~]{0,40}"? [0-9x-]{0,6} [0-9-]{0,8} ("[ -~\\]{0,20}" ?){0,3}[ -~=]{0,40}"#
        ) {
            if let Some(event) = parse(&s) {
                prop_assert_eq!(event.kind, EventKind::HttpRequest);
            }
        }
    }
}
