//! The syslog header shared by the mail log, kernel and syslog lines, and the small text
//! helpers their parsers share (`host[ip]`, `key=value`, PAM failures).
//!
//! A header is a stamp, a host and a tag: `Nov 24 03:12:01 web01 postfix/smtpd[1234]: msg`.
//! The stamp is RFC 3164 (`Nov  4 03:12:01`, optionally with a fraction: journalctl
//! `-o short-precise`) or RFC 3339 with a `T` (rsyslog `RSYSLOG_FileFormat`, journalctl
//! `-o short-iso` / `short-iso-precise`). A `<PRI>` prefix is skipped; `<PRI>1 ` starts an
//! RFC 5424 header. The host is left out by a few exports: when the first word after the stamp
//! already is a tag, there is no host. A line with a stamp and a host but no tag still parses,
//! with no program and the rest as its message.

use std::sync::LazyLock;

use memchr::memmem::Finder;
use memchr::{memchr, memchr2, memchr3};

use crate::event::SyslogHeader;
use crate::time::{parse_rfc3164, parse_rfc3339, PartialTime};

/// Parses the syslog header of a line: stamp, host, `program[pid]: `. Returns the stamp, the
/// header and the message after it (leading spaces skipped). `None` when the line does not
/// start with a syslog stamp.
pub(crate) fn parse_header(line: &str) -> Option<(PartialTime, SyslogHeader<'_>, &str)> {
    let mut rest = line;
    if rest.starts_with('<') {
        rest = skip_pri(rest)?;
        if let Some(r5424) = rest.strip_prefix("1 ") {
            return parse_rfc5424(r5424);
        }
    }
    let bytes = rest.as_bytes();
    let (time, after) = if bytes.first()?.is_ascii_digit() {
        // `YYYY-MM-DDT...`: the `T` is required, so that other formats' `YYYY-MM-DD HH:MM:SS`
        // stamps (MariaDB, Fail2Ban) are not read as syslog.
        if bytes.get(10) != Some(&b'T') {
            return None;
        }
        parse_rfc3339(bytes)?
    } else {
        parse_rfc3164(bytes)?
    };
    let rest = rest.get(rest.len() - after.len()..)?;
    let rest = match rest.strip_prefix(' ') {
        Some(r) => r.trim_start_matches(' '),
        None if rest.is_empty() => rest,
        None => return None,
    };
    let (header, message) = header_after_stamp(rest)?;
    Some((time, header, message))
}

/// Host and tag after the stamp (spaces already skipped).
fn header_after_stamp(s: &str) -> Option<(SyslogHeader<'_>, &str)> {
    if let Some((program, message)) = bracketed_tag(s) {
        return Some((header(None, program, None), message));
    }
    // No host: the first word is already a tag (`pop3-login: ...`, `sshd[12]: ...`).
    if let Some((program, pid, message)) = split_tag(s) {
        return Some((header(None, program, pid), message));
    }
    let (mut host, mut rest) = match split_byte(s, b' ') {
        Some((h, r)) => (h, r.trim_start_matches(' ')),
        None => (s, ""),
    };
    // FreeBSD `syslogd -v` writes `<facility.level>` (or `<4.6>`) before the host.
    if host.len() > 2 && host.starts_with('<') && host.ends_with('>') {
        (host, rest) = match split_byte(rest, b' ') {
            Some((h, r)) => (h, r.trim_start_matches(' ')),
            None => (rest, ""),
        };
        if let Some((program, pid, message)) = split_tag(host) {
            return Some((header(None, program, pid), message));
        }
    }
    let host = (!host.is_empty()).then_some(host);
    if let Some((program, pid, message)) = split_tag(rest) {
        return Some((header(host, program, pid), message));
    }
    // Plesk's two-word tag: `plesk sendmail[1234]: ...`.
    if let Some(second) = rest.strip_prefix("plesk ") {
        if let Some((word, pid, message)) = split_tag(second) {
            if !word.is_empty() {
                let program = rest.get(.."plesk ".len() + word.len())?;
                return Some((header(host, program, pid), message));
            }
        }
    }
    // No tag. A number where the host should be is another format's line (MySQL 8's
    // `2026-11-24T03:12:01.123456Z 0 [System] ...`), not syslog.
    if host.is_some_and(|h| h.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    Some((header(host, "", None), rest))
}

fn header<'a>(host: Option<&'a str>, program: &'a str, pid: Option<u32>) -> SyslogHeader<'a> {
    SyslogHeader {
        host,
        program: (!program.is_empty()).then_some(program),
        pid,
    }
}

/// Reads a tag at the start of `s`: the first word, ending in `:` (`program[pid]: `,
/// `program: `, also at the end of the line). The program is the word up to `[` (or the whole
/// word without its colon: dovecot's `auth(user,ip,sasl:plain)<id>:` keeps its inner colon).
/// Returns the program, the pid and the message (leading spaces skipped).
fn split_tag(s: &str) -> Option<(&str, Option<u32>, &str)> {
    let end = find_byte(s, b' ').unwrap_or(s.len());
    let tag = s.get(..end)?.strip_suffix(':')?;
    let (program, pid) = match tag.strip_suffix(']').and_then(|t| split_byte(t, b'[')) {
        Some((program, pid)) => (program, parse_u32(pid)),
        None => (tag, None),
    };
    let message = s.get(end..)?.trim_start_matches(' ');
    Some((program, pid, message))
}

/// Skips `<PRI>` (one to three digits).
fn skip_pri(s: &str) -> Option<&str> {
    let rest = s.strip_prefix('<')?;
    let close = rest.bytes().take(4).position(|b| b == b'>')?;
    let digits = rest.get(..close)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    rest.get(close + 1..)
}

/// RFC 5424 after `<PRI>1 `: `STAMP HOST APP PROCID MSGID SD MSG`, `-` for a missing field.
fn parse_rfc5424(s: &str) -> Option<(PartialTime, SyslogHeader<'_>, &str)> {
    let bytes = s.as_bytes();
    if bytes.get(10) != Some(&b'T') {
        return None;
    }
    let (time, after) = parse_rfc3339(bytes)?;
    let rest = s.get(s.len() - after.len()..)?.strip_prefix(' ')?;
    let (host, rest) = next_field(rest);
    let (app, rest) = next_field(rest);
    let (procid, rest) = next_field(rest);
    let (_msgid, rest) = next_field(rest);
    let message = skip_structured_data(rest);
    let message = message.strip_prefix('\u{feff}').unwrap_or(message);
    let present = |f: &&str| *f != "-" && !f.is_empty();
    Some((
        time,
        SyslogHeader {
            host: Some(host).filter(present),
            program: Some(app).filter(present),
            pid: parse_u32(procid),
        },
        message,
    ))
}

/// One space-separated field and the rest after its space.
fn next_field(s: &str) -> (&str, &str) {
    split_byte(s, b' ').unwrap_or((s, ""))
}

/// Skips RFC 5424 structured data (`-` or `[id k="v"]...`) and the space after it.
fn skip_structured_data(s: &str) -> &str {
    if let Some(rest) = s.strip_prefix('-') {
        return rest.strip_prefix(' ').unwrap_or(rest);
    }
    let bytes = s.as_bytes();
    let mut i = 0;
    while bytes.get(i) == Some(&b'[') {
        let mut in_quotes = false;
        i += 1;
        loop {
            match bytes.get(i) {
                None => return "",
                Some(b'\\') => i += 2,
                Some(b'"') => {
                    in_quotes = !in_quotes;
                    i += 1;
                }
                Some(b']') if !in_quotes => {
                    i += 1;
                    break;
                }
                Some(_) => i += 1,
            }
        }
    }
    let rest = s.get(i..).unwrap_or("");
    rest.strip_prefix(' ').unwrap_or(rest)
}

// ---- helpers shared by the mail and system parsers ----

/// A substring searcher built once, for the fixed needles of hot paths: `str::find` with a
/// `&str` pattern sets up a new searcher on every call.
pub(crate) type Needle = LazyLock<Finder<'static>>;

/// Declares `static NAME: Needle` searchers: `needles! { FROM = "from "; }`.
macro_rules! needles {
    ($($name:ident = $text:literal;)*) => {
        $(
            static $name: $crate::syslog::Needle =
                ::std::sync::LazyLock::new(|| ::memchr::memmem::Finder::new($text));
        )*
    };
}
pub(crate) use needles;

/// Where `needle` starts in `s`.
#[inline]
pub(crate) fn find(needle: &Needle, s: &str) -> Option<usize> {
    needle.find(s.as_bytes())
}

/// `s` split around the first `needle` (which is dropped).
#[inline]
pub(crate) fn split<'a>(needle: &Needle, s: &'a str) -> Option<(&'a str, &'a str)> {
    let at = find(needle, s)?;
    Some((s.get(..at)?, s.get(at + needle.needle().len()..)?))
}

/// Where byte `b` first occurs in `s`.
#[inline]
pub(crate) fn find_byte(s: &str, b: u8) -> Option<usize> {
    memchr(b, s.as_bytes())
}

/// `s` split around the first ASCII byte `b` (which is dropped).
#[inline]
pub(crate) fn split_byte(s: &str, b: u8) -> Option<(&str, &str)> {
    let at = find_byte(s, b)?;
    Some((s.get(..at)?, s.get(at + 1..)?))
}

/// `s` split around the first `": "`.
pub(crate) fn split_colon_space(s: &str) -> Option<(&str, &str)> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(off) = memchr(b':', bytes.get(from..)?) {
        let at = from + off;
        if bytes.get(at + 1) == Some(&b' ') {
            return Some((s.get(..at)?, s.get(at + 2..)?));
        }
        from = at + 1;
    }
    None
}

/// A decimal `u32` (digits only).
pub(crate) fn parse_u32(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A decimal `u64` (digits only).
pub(crate) fn parse_u64(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Whether `s` looks like an IPv4 or IPv6 address (hex digits, dots, colons; an IPv6 zone
/// `%eth0` is allowed). Cheap and permissive: it only separates addresses from host names.
pub(crate) fn is_ip(s: &str) -> bool {
    let addr = s.split_once('%').map_or(s, |(a, _)| a);
    let bytes = addr.as_bytes();
    if bytes.len() < 2 || bytes.len() > 45 {
        return false;
    }
    let colons = bytes.iter().filter(|&&b| b == b':').count();
    if colons == 0 {
        // IPv4: digits and three dots.
        bytes.iter().all(|b| b.is_ascii_digit() || *b == b'.')
            && bytes.iter().filter(|&&b| b == b'.').count() == 3
    } else {
        colons >= 2
            && bytes
                .iter()
                .all(|b| b.is_ascii_hexdigit() || matches!(b, b':' | b'.'))
    }
}

/// `host[ip]` at the start of `s` (Postfix writes `unknown[ip]`, postscreen `[ip]`): the host
/// (`None` when empty), the ip (`None` when not an address, e.g. `unknown`) and the rest after
/// `]`.
pub(crate) fn host_ip(s: &str) -> Option<(Option<&str>, Option<&str>, &str)> {
    let open = memchr3(b'[', b' ', b',', s.as_bytes())?;
    if s.as_bytes().get(open) != Some(&b'[') {
        return None;
    }
    let host = s.get(..open)?;
    let rest = s.get(open + 1..)?;
    let close = memchr2(b']', b' ', rest.as_bytes())?;
    if rest.as_bytes().get(close) != Some(&b']') {
        return None;
    }
    let ip = rest.get(..close)?;
    let after = rest.get(close + 1..)?;
    Some((
        (!host.is_empty()).then_some(host),
        is_ip(ip).then_some(ip),
        after,
    ))
}

/// The word at the start of `s`, up to a space or the end.
pub(crate) fn word(s: &str) -> &str {
    split_byte(s, b' ').map_or(s, |(w, _)| w)
}

needles! {
    PAM_FAILURE = "authentication failure;";
    RUSER = " ruser=";
    RHOST = " rhost=";
}

/// How many ` rhost=` of one line [`pam_fields`] looks at.
const MAX_RHOST_CANDIDATES: usize = 8;

/// A PAM authentication failure, from any program:
/// `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=IP  user=NAME`.
/// Returns the remote host and the user (each `None` when empty), read by [`pam_fields`].
pub(crate) fn pam_failure(msg: &str) -> Option<(Option<&str>, Option<&str>)> {
    let at = find(&PAM_FAILURE, msg)?;
    Some(pam_fields(msg.get(at..)?))
}

/// The remote host and the user of PAM's `key=value` tail. pam_unix writes
/// `logname=L uid=N euid=N tty=T ruser=R rhost=H  user=U` in that order, and leaves ` user=U`
/// out when it has no user name. `R` and `U` are names the client sent (sshd leaves `R`
/// empty; FTP servers set it to the login name) and PAM escapes neither, so both may hold a
/// fake ` rhost=`. `H` is a host name or address, one word: the host is the first ` rhost=`
/// after `ruser=` whose word is followed by nothing but spaces, or by spaces and `user=`; the
/// user is the rest of the line after that `user=` (it may hold spaces), else `R`. With an
/// empty `R` (sshd) this reading is exact; when both `R` and `U` come from the client, the
/// line is ambiguous and the first reading is taken, as fail2ban does. A line where no
/// ` rhost=` reads that way (a damaged line) gives the word after the first one, and no user.
pub(crate) fn pam_fields(tail: &str) -> (Option<&str>, Option<&str>) {
    let ruser_start = find(&RUSER, tail).map(|at| at + RUSER.needle().len());
    let search_from = ruser_start.unwrap_or(0);
    let mut first = None;
    let mut pos = search_from;
    for _ in 0..MAX_RHOST_CANDIDATES {
        let Some(at) = tail
            .get(pos..)
            .and_then(|t| find(&RHOST, t))
            .map(|o| pos + o)
        else {
            break;
        };
        let value = tail.get(at + RHOST.needle().len()..).unwrap_or("");
        let (host, after) = match find_byte(value, b' ') {
            Some(sp) => (value.get(..sp).unwrap_or(""), value.get(sp..).unwrap_or("")),
            None => (value, ""),
        };
        first.get_or_insert(host);
        let rest = after.trim_start_matches(' ');
        let user = rest.strip_prefix("user=");
        if rest.is_empty() || user.is_some() {
            let user = user
                .map(str::trim_end)
                .filter(|u| !u.is_empty())
                .or_else(|| {
                    // No `user=`: the name the client gave, as `ruser=`.
                    ruser_start
                        .and_then(|start| tail.get(start..at))
                        .filter(|r| !r.is_empty())
                });
            return ((!host.is_empty()).then_some(host), user);
        }
        pos = at + 1;
    }
    (first.filter(|h| !h.is_empty()), None)
}

/// A metalog tag (Gentoo's logger writes no host): `[sshd] Invalid user ...`, also
/// `[sshd]: ...`. Returns the program and the message (leading spaces skipped). The name
/// starts with a letter, so that bracketed stamps and numbers are no tag.
fn bracketed_tag(s: &str) -> Option<(&str, &str)> {
    let inner = s.strip_prefix('[')?;
    let close = memchr(b']', inner.as_bytes().get(..inner.len().min(64))?)?;
    let name = inner.get(..close)?;
    let valid = name.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'));
    if !valid {
        return None;
    }
    let rest = inner.get(close + 1..)?;
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    match rest.strip_prefix(' ') {
        Some(message) => Some((name, message.trim_start_matches(' '))),
        None if rest.is_empty() => Some((name, rest)),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `header!(line => host, program, pid, message)` with `_` for `None`.
    macro_rules! header {
        ($name:ident: $line:expr => $host:expr, $prog:expr, $pid:expr, $msg:expr) => {
            #[test]
            fn $name() {
                let (_, h, msg) = parse_header($line).expect("header parses");
                assert_eq!(h.host, $host, "host");
                assert_eq!(h.program, $prog, "program");
                assert_eq!(h.pid, $pid, "pid");
                assert_eq!(msg, $msg, "message");
            }
        };
    }

    header!(rfc3164: "Nov 24 03:12:01 web01 postfix/smtpd[1234]: connect from x[192.0.2.1]"
        => Some("web01"), Some("postfix/smtpd"), Some(1234), "connect from x[192.0.2.1]");
    header!(rfc3164_padded_day: "Nov  4 03:12:01 web01 kernel: [  12.345678] Linux version"
        => Some("web01"), Some("kernel"), None, "[  12.345678] Linux version");
    header!(rfc3164_unpadded_day: "Mar 7 02:09:33 mx1 cron[99]: (root) CMD (true)"
        => Some("mx1"), Some("cron"), Some(99), "(root) CMD (true)");
    header!(rfc3339_micros: "2026-11-24T03:12:01.123456+09:00 web01 postfix/smtpd[1234]: disconnect"
        => Some("web01"), Some("postfix/smtpd"), Some(1234), "disconnect");
    header!(journal_short_iso: "2026-11-24T03:12:01+0900 web01 sshd[1234]: Accepted publickey"
        => Some("web01"), Some("sshd"), Some(1234), "Accepted publickey");
    header!(journal_short_iso_precise: "2026-11-24T03:12:01.654321+0900 web01 systemd[1]: Started x."
        => Some("web01"), Some("systemd"), Some(1), "Started x.");
    header!(journal_short_precise: "Nov 24 03:12:01.654321 web01 systemd[1]: Started x."
        => Some("web01"), Some("systemd"), Some(1), "Started x.");
    header!(instance_tag: "Nov 24 03:12:01 mx postfix-submission/smtpd[77]: connect from a[192.0.2.8]"
        => Some("mx"), Some("postfix-submission/smtpd"), Some(77), "connect from a[192.0.2.8]");
    header!(three_part_tag: "Nov 24 03:12:01 mx postfix/smtps/smtpd[42]: lost connection"
        => Some("mx"), Some("postfix/smtps/smtpd"), Some(42), "lost connection");
    header!(pri_prefix: "<22>Nov 24 03:12:01 mx postfix/qmgr[5]: 4B1F52A0C3: removed"
        => Some("mx"), Some("postfix/qmgr"), Some(5), "4B1F52A0C3: removed");
    header!(rfc5424: "<30>1 2026-11-24T03:12:01.003Z web01 sshd 812 - - Invalid user x from 192.0.2.9"
        => Some("web01"), Some("sshd"), Some(812), "Invalid user x from 192.0.2.9");
    header!(rfc5424_structured_data: r#"<30>1 2026-11-24T03:12:01Z web01 app - ID7 [x@1 a="b\]c" d="e"][y@2] hello"#
        => Some("web01"), Some("app"), None, "hello");
    header!(rfc5424_nil_fields: "<30>1 2026-11-24T03:12:01Z - - - - -"
        => None, None, None, "");
    header!(missing_host: "Jan 29 09:33:58 pop3-login: Info: Aborted login"
        => None, Some("pop3-login"), None, "Info: Aborted login");
    header!(missing_host_with_pid: "Jan 29 09:33:58 auth-worker(22401): Info: sql(a,192.0.2.5): unknown user"
        => None, Some("auth-worker(22401)"), None, "Info: sql(a,192.0.2.5): unknown user");
    header!(missing_tag: "Nov  3 09:23:38 web01 lookup for opt failed"
        => Some("web01"), None, None, "lookup for opt failed");
    header!(plesk_two_word_tag: "Nov 24 03:12:01 web01 plesk sendmail[31337]: handlers_stderr: SKIP"
        => Some("web01"), Some("plesk sendmail"), Some(31337), "handlers_stderr: SKIP");
    header!(dovecot_24_no_host: "Nov 24 03:12:01 auth(a@example.com,192.0.2.1,sasl:login)<Ab12>: Info: sql: Password mismatch"
        => None, Some("auth(a@example.com,192.0.2.1,sasl:login)<Ab12>"), None, "Info: sql: Password mismatch");
    header!(metalog_tag_colon: "Nov 24 03:12:01 [sshd]: User root from 192.0.2.1 not allowed"
        => None, Some("sshd"), None, "User root from 192.0.2.1 not allowed");
    header!(metalog_tag: "Nov 24 03:12:01 [sshd] Invalid user guest from 192.0.2.1"
        => None, Some("sshd"), None, "Invalid user guest from 192.0.2.1");
    header!(bracketed_number_is_no_tag: "Nov 24 03:12:01 [1234] x"
        => Some("[1234]"), None, None, "x");
    header!(tag_with_odd_pid: "Nov 24 03:12:01 mac1 Agent[21412/0x70000739]: hello"
        => Some("mac1"), Some("Agent"), None, "hello");
    header!(bsd_verbose_facility: "Nov 24 03:12:01 <auth.info> web01 sshd[55]: Invalid user x from 192.0.2.1"
        => Some("web01"), Some("sshd"), Some(55), "Invalid user x from 192.0.2.1");
    header!(two_words_not_a_tag: "Nov 24 03:12:01 web01 some daemon[55]: x"
        => Some("web01"), None, None, "some daemon[55]: x");
    header!(empty_message: "Nov 24 03:12:01 web01 CRON[12]:"
        => Some("web01"), Some("CRON"), Some(12), "");
    header!(host_only: "Nov 24 03:12:01 web01"
        => Some("web01"), None, None, "");
    header!(ipv6_host: "Nov 24 03:12:01 2001:db8::7 sshd[3]: Connection closed"
        => Some("2001:db8::7"), Some("sshd"), Some(3), "Connection closed");
    header!(double_space_message: "Feb 24 00:13:02 web01 sudo:      tsg : user NOT in sudoers"
        => Some("web01"), Some("sudo"), None, "tsg : user NOT in sudoers");

    #[test]
    fn stamps_are_read() {
        let (t, _, _) = parse_header("2026-11-24T03:12:01.123456+09:00 h p: m").unwrap();
        assert_eq!(
            (t.year, t.nanos, t.offset_secs),
            (Some(2026), 123_456_000, Some(32400))
        );
        let (t, _, _) = parse_header("2026-11-24T03:12:01+0900 h p: m").unwrap();
        assert_eq!(t.offset_secs, Some(32400));
        let (t, _, _) = parse_header("Nov  4 03:12:01 h p: m").unwrap();
        assert_eq!((t.year, t.month, t.day, t.offset_secs), (None, 11, 4, None));
    }

    #[test]
    fn not_syslog() {
        for line in [
            "",
            "Nov",
            "Nov 24 03:12",
            "Nov 24 03:12:01x host p: m",
            "2026-11-24 03:12:01,123 fail2ban.actions [1]: NOTICE [sshd] Ban 192.0.2.1",
            "2026-11-24  3:12:01 0 [Note] InnoDB: Starting",
            "2026/11/24 03:12:01 [error] 12#12: *1 connect() failed",
            "192.0.2.1 - - [24/Nov/2026:03:12:01 +0900] \"GET / HTTP/1.1\" 200 1",
            "-- Boot 0123456789abcdef --",
            "<30>1 - web01 app - - - no stamp",
            "<x>Nov 24 03:12:01 h p: m",
            "2026-11-24T03:12:01.123456Z 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.0.36) starting",
        ] {
            assert!(parse_header(line).is_none(), "{line:?}");
        }
    }

    #[test]
    fn truncated_headers_do_not_panic() {
        let line = "<30>1 2026-11-24T03:12:01.003Z web01 postfix/smtpd[1234]: NOQUEUE: reject";
        for end in 0..=line.len() {
            let _ = parse_header(&line[..end]);
        }
        let line = "Nov 24 03:12:01 web01 postfix/smtpd[1234]: x";
        for end in 0..=line.len() {
            let _ = parse_header(&line[..end]);
        }
    }

    #[test]
    fn host_ip_shapes() {
        assert_eq!(
            host_ip("mail.example.net[198.51.100.5]:25"),
            Some((Some("mail.example.net"), Some("198.51.100.5"), ":25"))
        );
        assert_eq!(
            host_ip("unknown[2001:db8::1]: x"),
            Some((Some("unknown"), Some("2001:db8::1"), ": x"))
        );
        assert_eq!(
            host_ip("[192.0.2.4]:4123"),
            Some((None, Some("192.0.2.4"), ":4123"))
        );
        assert_eq!(
            host_ip("unknown[unknown]"),
            Some((Some("unknown"), None, ""))
        );
        assert_eq!(host_ip("no brackets here"), None);
        assert_eq!(host_ip("a[192.0.2.1"), None);
    }

    #[test]
    fn ip_like() {
        for ip in [
            "192.0.2.1",
            "2001:db8::1",
            "::ffff:192.0.2.1",
            "fe80::1%eth0",
        ] {
            assert!(is_ip(ip), "{ip}");
        }
        for not in ["", "unknown", "example.com", "1.2.3", "12:34", "deadbeef"] {
            assert!(!is_ip(not), "{not}");
        }
    }

    #[test]
    fn pam() {
        let m = "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.23  user=root";
        assert_eq!(pam_failure(m), Some((Some("198.51.100.23"), Some("root"))));
        // `ruser=` holds `rhost=192.0.2.1`, and stands for the user when there is no `user=`.
        let m = "pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=rhost=192.0.2.1 rhost=192.0.2.77";
        assert_eq!(
            pam_failure(m),
            Some((Some("192.0.2.77"), Some("rhost=192.0.2.1")))
        );
        assert_eq!(pam_failure("session opened for user root"), None);
    }

    /// `pam!(name: tail => rhost, user)`: what [`pam_fields`] reads from a PAM tail.
    macro_rules! pam {
        ($name:ident: $tail:expr => $rhost:expr, $user:expr) => {
            #[test]
            fn $name() {
                assert_eq!(pam_fields($tail), ($rhost, $user), "{}", $tail);
            }
        };
    }

    pam!(pam_sshd: "authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.40  user=admin"
        => Some("203.0.113.40"), Some("admin"));
    pam!(pam_no_user: "authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.41"
        => Some("203.0.113.41"), None);
    pam!(pam_trailing_space: "authentication failure; logname= uid=0 euid=0 tty=ftpd ruser=carol rhost=203.0.113.42 "
        => Some("203.0.113.42"), Some("carol"));
    pam!(pam_ruser_is_the_user_without_user: "authentication failure; logname= uid=0 euid=0 tty=ftp ruser=dan rhost=ftp-client.example.net"
        => Some("ftp-client.example.net"), Some("dan"));
    pam!(pam_empty_rhost: "authentication failure; logname=deploy uid=1000 euid=0 tty=/dev/pts/1 ruser=deploy rhost=  user=root"
        => None, Some("root"));
    pam!(pam_user_with_spaces: "authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.43  user=first last"
        => Some("203.0.113.43"), Some("first last"));
    pam!(pam_truncated: "authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.44  us"
        => Some("203.0.113.44"), None);
    pam!(pam_no_ruser_key: "authentication failure; rhost=203.0.113.45 user=eve"
        => Some("203.0.113.45"), Some("eve"));

    // Regression: a fake ` rhost=` in the user name (after the real one) or in `ruser=` (before
    // it) chose the client: the first ` rhost=` anywhere was taken.
    pam!(pam_rhost_spoofed_through_user: "authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.46  user=mallory rhost=198.51.100.66"
        => Some("203.0.113.46"), Some("mallory rhost=198.51.100.66"));
    pam!(pam_rhost_spoofed_through_ruser: "authentication failure; logname= uid=0 euid=0 tty=ftp ruser=mallory rhost=198.51.100.67 rhost=203.0.113.47"
        => Some("203.0.113.47"), Some("mallory rhost=198.51.100.67"));
    pam!(pam_user_spoofed_whole_tail: "authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.48  user=x rhost=198.51.100.68  user=root"
        => Some("203.0.113.48"), Some("x rhost=198.51.100.68  user=root"));

    proptest::proptest! {
        #[test]
        fn header_never_panics(s in "\\PC*") {
            let _ = parse_header(&s);
        }

        #[test]
        fn pam_fields_never_panic(s in "authentication failure;( (logname|uid|euid|tty|ruser|rhost|user)=[a-z0-9. =]{0,12}){0,8} ?") {
            let _ = pam_fields(&s);
        }

        #[test]
        fn header_never_panics_on_syslogish(s in "(<[0-9]{1,3}>)?(1 )?(Nov [ 0-9]{1,2} [0-9:.]{0,12}|2026-11-24T[0-9:.+]{0,20}) ?[a-z0-9\\[\\]: ./-]{0,40}") {
            let _ = parse_header(&s);
        }
    }
}
