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
//!
//! Almost every line has one of a few shapes: `2026-11-24T03:12:01.123456+09:00` or
//! `Nov 24 03:12:01`, then `host program[pid]: `. Those are read at fixed offsets and eight
//! bytes at a time, every other shape by the general readers, which read the common shapes
//! alike (the tests compare them). This header is the larger part of the cost of a line.

use std::sync::LazyLock;

use memchr::memchr;
use memchr::memmem::Finder;

use crate::event::SyslogHeader;
use crate::time::{month_from_abbrev, parse_offset, parse_rfc3164, parse_rfc3339, PartialTime};

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
    let (time, stamp_len) = read_stamp(rest.as_bytes())?;
    let mut header = SyslogHeader::default();
    let message = after_stamp(rest.get(stamp_len..)?, &mut header)?;
    Some((time, header, message))
}

/// The previous line's stamp up to its second, for [`read_header_cached`]: the lines of a
/// busy log share their second with the line before far more often than not, and then only
/// the fraction and the offset are left to read; almost all the others share its minute, and
/// the lines of a quiet log, seconds apart, its day.
#[derive(Debug, Clone)]
pub(crate) struct StampCache {
    /// The stamp's bytes up to its second: `2026-11-24T03:12:01` (RFC 3339) or
    /// `Nov 24 03:12:01` (RFC 3164), each compared as a fixed-size array.
    rfc3339: Option<[u8; 19]>,
    rfc3164: Option<[u8; 15]>,
    /// What [`rfc3339_common`] or [`rfc3164_common`] read from them.
    time: PartialTime,
    /// The sign and offset of rsyslog's `.123456+09:00` (`+09:00`) when an RFC 3339 line
    /// of the cached day ended its stamp that way, with `time.offset_secs` holding its
    /// value: a line of the same minute with the same six bytes there has only its fraction
    /// left to read.
    offset: Option<[u8; 6]>,
}

impl Default for StampCache {
    fn default() -> StampCache {
        StampCache {
            rfc3339: None,
            rfc3164: None,
            time: NO_TIME,
            offset: None,
        }
    }
}

/// No stamp yet: what a [`StampCache`] starts with and what [`read_header_cached`]'s caller
/// may hand it to fill in.
pub(crate) const NO_TIME: PartialTime = PartialTime {
    year: None,
    month: 0,
    day: 0,
    hour: 0,
    minute: 0,
    second: 0,
    nanos: 0,
    offset_secs: None,
};

/// [`parse_header`] into the caller's `time` and `header`, returning the message, with the
/// stamp's date and time to the second taken from `cache` when the line starts with the same
/// bytes as the previous line whose stamp the fixed-layout readers took: those readers read
/// the same bytes the same way, so only the fraction and offset that follow are read again.
/// Any other line goes to [`parse_header`]. `header` is written only when the line has a
/// header; `time` may be written by a line that turns out to have none.
///
/// Stamp and header are written where the caller keeps them (in the event being built) rather
/// than handed up through the readers as tuples: this is the hottest code of a syslog-family
/// line, and the copies were a good part of it. For the same reason it is inlined into its two
/// callers (the mail and system parsers): a call passes four pointers and saves six registers.
#[inline(always)]
pub(crate) fn read_header_cached<'a>(
    line: &'a str,
    cache: &mut StampCache,
    time: &mut PartialTime,
    header: &mut SyslogHeader<'a>,
) -> Option<&'a str> {
    let b = line.as_bytes();
    let stamp_len = if let Some(len) = cached_stamp(b, cache, time) {
        len
    } else {
        let rfc3339 = b.first().is_some_and(u8::is_ascii_digit);
        let common = match rfc3339 {
            true if b.get(10) == Some(&b'T') => rfc3339_common(b),
            true => None,
            false => rfc3164_common(b),
        };
        let Some((read, len)) = common else {
            let (read, read_header, message) = parse_header(line)?;
            (*time, *header) = (read, read_header);
            return Some(message);
        };
        cache.time = read;
        cache.offset = None;
        if rfc3339 {
            cache.rfc3339 = b.first_chunk::<19>().copied();
            cache.rfc3164 = None;
        } else {
            cache.rfc3339 = None;
            cache.rfc3164 = b.first_chunk::<15>().copied();
        }
        *time = read;
        len
    };
    if let Some(message) = host_and_pid_tag_at(line, stamp_len, header) {
        return Some(message);
    }
    after_stamp(line.get(stamp_len..)?, header)
}

/// [`after_stamp`] of `line[at..]` for the header almost every line has, `␣host␣program[pid]:␣`
/// or `␣host␣program:␣` with one space before host and tag, read at the line's own offsets:
/// the rest of the line is not sliced off and searched for its spaces three times, and the
/// tag's `[` or space is looked for in two words inline ([`first_of`]). `None`, with
/// `header` untouched, for any other line; it takes only lines that [`host_and_pid_tag`]
/// reads, and reads them as it does (the tests compare the two).
#[inline(always)]
fn host_and_pid_tag_at<'a>(
    line: &'a str,
    at: usize,
    header: &mut SyslogHeader<'a>,
) -> Option<&'a str> {
    let b = line.as_bytes();
    let host_start = at + 1;
    if b.get(at) != Some(&b' ') || matches!(b.get(host_start)?, b' ' | b'[' | b'<') {
        return None;
    }
    let host_end = host_start + first_of(b.get(host_start..)?, [b' '])?;
    // A second space before the tag is found as the tag's end, and the line not taken.
    let tag_start = host_end + 1;
    if b.get(host_end - 1) == Some(&b':') {
        return None;
    }
    let open = tag_start + first_of(b.get(tag_start..)?, [b' ', b'['])?;
    let (program_end, message_start, pid) = if b.get(open) == Some(&b'[') {
        let (pid, digits) = leading_u32(b.get(open + 1..)?);
        let close = open + 1 + digits;
        if b.get(close..close + 2) != Some(b"]:") {
            return None;
        }
        // The message starts after the space that ends the tag, if any.
        let message_start = match b.get(close + 2) {
            None => close + 2,
            Some(b' ') => close + 3,
            Some(_) => return None,
        };
        let pid = match pid {
            Some(pid) => Some(pid),
            None => parse_u32(line.get(open + 1..close)?),
        };
        (open, message_start, pid)
    } else {
        // `program: ` without a pid (dovecot's `dovecot: imap-login: ...`).
        if open < tag_start + 2 || b.get(open - 1) != Some(&b':') {
            return None;
        }
        (open - 1, open + 1, None)
    };
    // Sliced as two halves each, which are inlined (a range is not).
    let host = line.get(..host_end)?.get(host_start..)?;
    let program = line.get(..program_end)?.get(tag_start..)?;
    let message = skip_spaces(line.get(message_start..)?);
    *header = SyslogHeader {
        host: Some(host),
        program: non_empty(program),
        pid,
    };
    Some(message)
}

/// [`find_any`] for the short words of a header (a host, a tag up to its `[`): its first two
/// words are read and flagged inline, without the set-up of the loop, and the rest, when
/// neither holds a byte of `set`, by [`find_any`].
#[inline(always)]
fn first_of<const N: usize>(bytes: &[u8], set: [u8; N]) -> Option<usize> {
    let flags = word_flags;
    let Some((first, rest)) = bytes.split_first_chunk::<8>() else {
        return find_any(bytes, set);
    };
    let low = flags(u64::from_le_bytes(*first), set);
    if low != 0 {
        return Some(low.trailing_zeros() as usize / 8);
    }
    let Some((second, _)) = rest.split_first_chunk::<8>() else {
        return find_any(rest, set).map(|at| at + 8);
    };
    let high = flags(u64::from_le_bytes(*second), set);
    if high != 0 {
        return Some(8 + high.trailing_zeros() as usize / 8);
    }
    find_any(rest.get(8..)?, set).map(|at| at + 16)
}

/// The stamp of a line that starts as the cached one does up to its day, read into `time`,
/// with its length: a line in the same second takes the cached stamp whole, a line in
/// another second of the same minute (one line in five, most of the rest) reads its two digits
/// of seconds, and a line at another time of the same day its eight bytes of time, which the
/// fixed-layout readers would check and read the same way. After the second, an rsyslog
/// fraction followed by the offset of the cached day's previous line (`.123456` and the same
/// `+09:00`) reads only its six digits. `None` for any other line.
#[inline(always)]
fn cached_stamp(b: &[u8], cache: &mut StampCache, time: &mut PartialTime) -> Option<usize> {
    /// Takes the line's stamp into the cache when its `N` bytes start as the cached ones do up
    /// to their last `T`, and `read` takes those last `T` into `time` (checked as the
    /// fixed-layout readers check them).
    #[inline(always)]
    fn same_but_last<const N: usize, const T: usize>(
        line: &[u8; N],
        cached: &mut [u8; N],
        read: impl FnOnce(&[u8; T]) -> bool,
    ) -> bool {
        let (Some((line_head, line_tail)), Some((cached_head, _))) =
            (line.split_last_chunk::<T>(), cached.split_last_chunk::<T>())
        else {
            return false;
        };
        if line_head != cached_head || !read(line_tail) {
            return false;
        }
        *cached = *line;
        true
    }
    /// Another second of the cached minute: the last two bytes, the seconds.
    #[inline(always)]
    fn same_minute<const N: usize>(
        line: &[u8; N],
        cached: &mut [u8; N],
        time: &mut PartialTime,
    ) -> bool {
        same_but_last(line, cached, |&[tens, ones]: &[u8; 2]| {
            match two_digits(tens, ones) {
                Some(second) if second <= 60 => {
                    time.second = second as u8;
                    true
                }
                _ => false,
            }
        })
    }
    /// Another time of the cached day (its bytes before the last eight, `2026-11-24T` or
    /// `Nov 24 `, are the same): the last eight bytes, `03:12:01`. The date the cached stamp
    /// was read with stands (days, months and years are checked already), and so does the
    /// offset kept with it: a line every few seconds moves to another minute every few lines,
    /// and reads no date again.
    #[inline(always)]
    fn same_day<const N: usize>(
        line: &[u8; N],
        cached: &mut [u8; N],
        time: &mut PartialTime,
    ) -> bool {
        const TIME: Layout = Layout::new(b"dd:dd:dd");
        same_but_last(line, cached, |line_time: &[u8; 8]| {
            match TIME.read(line_time, 0).and_then(hh_mm_ss) {
                Some((hour, minute, second)) => {
                    (time.hour, time.minute, time.second) = (hour, minute, second);
                    true
                }
                None => false,
            }
        })
    }
    let rfc3339 = match (&mut cache.rfc3339, &mut cache.rfc3164) {
        (Some(cached), _) => {
            let line = b.first_chunk::<19>()?;
            (line == cached
                || same_minute(line, cached, &mut cache.time)
                || same_day(line, cached, &mut cache.time))
            .then_some(true)?
        }
        (_, Some(cached)) => {
            let line = b.first_chunk::<15>()?;
            (line == cached
                || same_minute(line, cached, &mut cache.time)
                || same_day(line, cached, &mut cache.time))
            .then_some(false)?
        }
        _ => return None,
    };
    *time = cache.time;
    if !rfc3339 {
        return Some(stamp_after_second(b, time, false));
    }
    let offset = b.get(26..32).and_then(|o| o.first_chunk::<6>());
    if offset.is_some() && offset == cache.offset.as_ref() {
        if let Some(end) = micros(b, time) {
            return Some(end);
        }
    }
    if let Some(end) = micros_and_offset(b, time) {
        // rsyslog's shape, whose offset is kept for the next lines of the minute.
        cache.offset = offset.copied();
        cache.time.offset_secs = time.offset_secs;
        return Some(end);
    }
    Some(rfc3339_tail(b, time))
}

/// rsyslog's fraction of six digits after an RFC 3339 stamp's second, and the byte after it.
const MICROS: Layout = Layout::new(b".dddddd?");

/// The fraction of rsyslog's `.123456+09:00` into `time` when the offset after it is already
/// there, with where the stamp ends; `None` for any other shape.
#[inline(always)]
fn micros(b: &[u8], time: &mut PartialTime) -> Option<usize> {
    let micros = MICROS.read(b, 19)?;
    time.nanos = eight_digits(micros >> 8, 6) * 1000;
    Some(32)
}

/// The fraction (and for RFC 3339 the offset) after a stamp's first bytes, to the second (19
/// of RFC 3339, 15 of RFC 3164), put into `time`, and where the stamp ends: the tail of
/// [`rfc3339_common`] and [`rfc3164_common`], and all that is read of a cached stamp.
#[inline]
fn stamp_after_second(b: &[u8], time: &mut PartialTime, rfc3339: bool) -> usize {
    if rfc3339 {
        micros_and_offset(b, time).unwrap_or_else(|| rfc3339_tail(b, time))
    } else {
        let (nanos, end) = match b.get(15) {
            Some(b'.') => fraction(b, 16),
            _ => (0, 15),
        };
        time.nanos = nanos;
        end
    }
}

/// The fraction and offset after an RFC 3339 stamp's second, of any shape, into `time`, and
/// where the stamp ends.
fn rfc3339_tail(b: &[u8], time: &mut PartialTime) -> usize {
    let (nanos, end) = match b.get(19) {
        Some(b'.' | b',') => fraction(b, 20),
        _ => (0, 19),
    };
    time.nanos = nanos;
    match offset(b, end) {
        Some((offset, after)) => {
            time.offset_secs = Some(offset);
            after
        }
        None => {
            time.offset_secs = None;
            end
        }
    }
}

/// The fraction and offset rsyslog writes (`RSYSLOG_FileFormat`) after an RFC 3339 stamp's
/// second, `.123456+09:00`, read from two words at fixed offsets into `time`, with where the
/// stamp ends; `None` for any other shape (the general readers then read it, as they would
/// this one). Most syslog lines of a Linux server end their stamp this way.
#[inline(always)]
fn micros_and_offset(b: &[u8], time: &mut PartialTime) -> Option<usize> {
    const ZONE: Layout = Layout::new(b"dd:dd???");
    let zone = ZONE.read(b, 27)?;
    let negative = match b.get(26) {
        Some(b'+') => false,
        Some(b'-') => true,
        _ => return None,
    };
    let (hours, minutes) = (two_digit_value(zone, 0), two_digit_value(zone, 3));
    if hours > 23 || minutes > 59 {
        return None;
    }
    let end = micros(b, time)?;
    let secs = (hours * 3600 + minutes * 60) as i32;
    time.offset_secs = Some(if negative { -secs } else { secs });
    Some(end)
}

/// The rest of a header once the stamp is read: the space after it, then host and tag into
/// `header`; returns the message.
#[inline(always)]
fn after_stamp<'a>(rest: &'a str, header: &mut SyslogHeader<'a>) -> Option<&'a str> {
    let rest = match rest.strip_prefix(' ') {
        Some(r) => skip_spaces(r),
        None if rest.is_empty() => rest,
        None => return None,
    };
    header_after_stamp(rest, header)
}

/// The stamp at the start of a line and its length in bytes: RFC 3339 when the line starts
/// with a digit, else RFC 3164.
fn read_stamp(bytes: &[u8]) -> Option<(PartialTime, usize)> {
    if bytes.first()?.is_ascii_digit() {
        // `YYYY-MM-DDT...`: the `T` is required, so that other formats' `YYYY-MM-DD HH:MM:SS`
        // stamps (MariaDB, Fail2Ban) are not read as syslog.
        if bytes.get(10) != Some(&b'T') {
            return None;
        }
        rfc3339_common(bytes).or_else(|| {
            let (time, after) = parse_rfc3339(bytes)?;
            Some((time, bytes.len() - after.len()))
        })
    } else {
        rfc3164_common(bytes).or_else(|| {
            let (time, after) = parse_rfc3164(bytes)?;
            Some((time, bytes.len() - after.len()))
        })
    }
}

/// Host and tag after the stamp (spaces already skipped) into `header`, returning the
/// message: the common shape read fast, any other by [`header_in_full`].
#[inline(always)]
fn header_after_stamp<'a>(s: &'a str, header: &mut SyslogHeader<'a>) -> Option<&'a str> {
    if let Some(message) = host_and_pid_tag(s, header) {
        return Some(message);
    }
    let (read, message) = header_in_full(s)?;
    *header = read;
    Some(message)
}

/// Host and tag after the stamp (spaces already skipped), every shape. The first word is
/// looked at once: a tag when it ends in `:` (there is no host), else the host.
fn header_in_full(s: &str) -> Option<(SyslogHeader<'_>, &str)> {
    if let Some((program, message)) = bracketed_tag(s) {
        return Some((header(None, program, None), message));
    }
    let first_end = word_end(s);
    let (first, after_first) = (s.get(..first_end)?, s.get(first_end..)?);
    // No host: the first word is already a tag (`pop3-login: ...`, `sshd[12]: ...`).
    if let Some((program, pid)) = tag_word(first) {
        return Some((header(None, program, pid), skip_spaces(after_first)));
    }
    let (mut host, mut rest) = (first, skip_spaces(after_first));
    // FreeBSD `syslogd -v` writes `<facility.level>` (or `<4.6>`) before the host.
    if host.len() > 2 && host.starts_with('<') && host.ends_with('>') {
        (host, rest) = match split_byte(rest, b' ') {
            Some((h, r)) => (h, skip_spaces(r)),
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

/// The header almost every line has, `host program[pid]: message`, read in one pass over
/// host and tag. `None` for any other shape, which [`header_in_full`] then reads: this takes
/// only lines it reads exactly as that does (the tests compare the two). The host is a plain
/// word (no `[` or `<` first, no `:` last: those could be a tag or a BSD priority); the tag is
/// either a word without `[` ending in `:` and followed by a space, or its first `[` comes
/// before any space and holds nothing but digits up to `]:`, followed by a space or the end.
/// Writes `header` only for a line it takes, and returns the message.
#[inline(always)]
fn host_and_pid_tag<'a>(s: &'a str, header: &mut SyslogHeader<'a>) -> Option<&'a str> {
    let bytes = s.as_bytes();
    let host_end = find_any(bytes, [b' '])?;
    let plain_host = host_end > 0
        && !matches!(bytes.first(), Some(b'[' | b'<'))
        && bytes.get(host_end - 1) != Some(&b':');
    if !plain_host {
        return None;
    }
    let tag_start = host_end + 1 + count_spaces(bytes.get(host_end + 1..)?);
    let tag = bytes.get(tag_start..)?;
    let open = find_any(tag, [b' ', b'['])?;
    if tag.get(open) != Some(&b'[') {
        // `program: ` without a pid (dovecot's `dovecot: imap-login: ...`).
        if open < 2 || tag.get(open - 1) != Some(&b':') {
            return None;
        }
        let host = s.get(..host_end)?;
        let program = s.get(tag_start..tag_start + open - 1)?;
        let message = skip_spaces(s.get(tag_start + open..)?);
        *header = SyslogHeader {
            host: Some(host),
            program: non_empty(program),
            pid: None,
        };
        return Some(message);
    }
    let (pid, digits) = leading_u32(tag.get(open + 1..)?);
    let close = open + 1 + digits;
    let end = close + 2;
    if tag.get(close..end) != Some(b"]:") || !matches!(tag.get(end), None | Some(b' ')) {
        return None;
    }
    let pid = match pid {
        Some(pid) => Some(pid),
        None => parse_u32(s.get(tag_start + open + 1..tag_start + close)?),
    };
    let host = s.get(..host_end)?;
    let program = s.get(tag_start..tag_start + open)?;
    let message = skip_spaces(s.get(tag_start + end..)?);
    *header = SyslogHeader {
        host: Some(host),
        program: non_empty(program),
        pid,
    };
    Some(message)
}

/// The number the digits at the start of `bytes` spell, and how many there are. The value only
/// for one to nine digits, which always fit a `u32`: longer numbers are left to [`parse_u32`]
/// (the sum may wrap for them, and is not used). Up to seven digits followed by some other
/// byte (a pid and its `]`) are read as one word, see [`eight_digits`].
#[inline(always)]
fn leading_u32(bytes: &[u8]) -> (Option<u32>, usize) {
    if let Some(word) = bytes.first_chunk::<8>() {
        let values = u64::from_le_bytes(*word) ^ ZEROS;
        let count = non_digits(values).trailing_zeros() / 8;
        if count < 8 {
            let value = (count > 0).then(|| eight_digits(values, count));
            return (value, count as usize);
        }
    }
    leading_u32_slow(bytes)
}

/// [`leading_u32`] digit by digit: eight digits or more, or fewer than eight bytes.
#[cold]
fn leading_u32_slow(bytes: &[u8]) -> (Option<u32>, usize) {
    let (mut value, mut count) = (0u64, 0);
    for &b in bytes {
        let Some(digit) = digit_value(b) else {
            break;
        };
        value = value.wrapping_mul(10).wrapping_add(u64::from(digit));
        count += 1;
    }
    ((1..=9).contains(&count).then_some(value as u32), count)
}

fn header<'a>(host: Option<&'a str>, program: &'a str, pid: Option<u32>) -> SyslogHeader<'a> {
    SyslogHeader {
        host,
        program: non_empty(program),
        pid,
    }
}

/// `s`, unless it is empty.
#[inline(always)]
pub(crate) fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// Reads a tag at the start of `s`: the first word, ending in `:` (`program[pid]: `,
/// `program: `, also at the end of the line), read by [`tag_word`]. Returns the program, the
/// pid and the message (leading spaces skipped).
fn split_tag(s: &str) -> Option<(&str, Option<u32>, &str)> {
    let end = word_end(s);
    let (program, pid) = tag_word(s.get(..end)?)?;
    Some((program, pid, skip_spaces(s.get(end..)?)))
}

/// A word that is a tag, ending in `:`: the program is the word up to `[` (or the whole word
/// without its colon: dovecot's `auth(user,ip,sasl:plain)<id>:` keeps its inner colon), and
/// the pid what the brackets hold, when a number.
fn tag_word(word: &str) -> Option<(&str, Option<u32>)> {
    let tag = word.strip_suffix(':')?;
    let bracketed = tag.strip_suffix(']').and_then(|t| {
        let open = find_any(t.as_bytes(), [b'['])?;
        Some((t.get(..open)?, t.get(open + 1..)?))
    });
    Some(match bracketed {
        Some((program, pid)) => (program, parse_u32(pid)),
        None => (tag, None),
    })
}

/// Where the first word of `s` ends: its first space, or its end.
#[inline]
fn word_end(s: &str) -> usize {
    find_any(s.as_bytes(), [b' ']).unwrap_or(s.len())
}

/// `s` without its leading spaces.
#[inline(always)]
pub(crate) fn skip_spaces(s: &str) -> &str {
    s.get(count_spaces(s.as_bytes())..).unwrap_or("")
}

/// How many spaces `bytes` starts with.
#[inline]
fn count_spaces(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|&&b| b == b' ').count()
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

// ---- stamps: the common shapes read at fixed offsets ----

/// The stamp rsyslog and journalctl write, `2026-11-24T03:12:01[.123456][+09:00|+0900|Z]`,
/// read at fixed offsets, with its length. `None` for any other shape (such as a one-digit
/// hour) and any out-of-range field: [`parse_rfc3339`] then reads the stamp. This only takes
/// the common shape off that general path, and reads it exactly as it does (the tests compare
/// the two).
fn rfc3339_common(b: &[u8]) -> Option<(PartialTime, usize)> {
    const DATE: Layout = Layout::new(b"dddd-dd-");
    const DAY_HOUR: Layout = Layout::new(b"ddTdd:dd");
    const TIME: Layout = Layout::new(b"dd:dd:dd");
    let date = DATE.read(b, 0)?;
    let day = DAY_HOUR.read(b, 8).map(|v| two_digit_value(v, 0))?;
    let (hour, minute, second) = TIME.read(b, 11).and_then(hh_mm_ss)?;
    let month = two_digit_value(date, 5);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut time = PartialTime {
        year: Some((two_digit_value(date, 0) * 100 + two_digit_value(date, 2)) as i32),
        month: month as u8,
        day: day as u8,
        hour,
        minute,
        second,
        nanos: 0,
        offset_secs: None,
    };
    let len = stamp_after_second(b, &mut time, true);
    Some((time, len))
}

/// The classic syslog stamp, `Nov 24 03:12:01` or `Nov  4 03:12:01` (optionally with a
/// `.fraction`), read at fixed offsets with its length. `None` for any other shape (a
/// one-digit day or hour without padding) and any out-of-range field: [`parse_rfc3164`] then
/// reads the stamp, exactly as this does for the shapes it takes.
fn rfc3164_common(b: &[u8]) -> Option<(PartialTime, usize)> {
    const TIME: Layout = Layout::new(b"dd:dd:dd");
    let &[m1, m2, m3, b' ', tens, ones, b' '] = b.first_chunk::<7>()? else {
        return None;
    };
    let month = month_from_abbrev(&[m1, m2, m3])?;
    let day = match tens {
        b' ' => two_digits(b'0', ones)?,
        _ => two_digits(tens, ones)?,
    };
    let (hour, minute, second) = TIME.read(b, 7).and_then(hh_mm_ss)?;
    if !(1..=31).contains(&day) {
        return None;
    }
    let mut time = PartialTime {
        year: None,
        month,
        day: day as u8,
        hour,
        minute,
        second,
        nanos: 0,
        offset_secs: None,
    };
    let len = stamp_after_second(b, &mut time, false);
    Some((time, len))
}

/// Two ASCII digits as a number.
#[inline]
fn two_digits(tens: u8, ones: u8) -> Option<u32> {
    let (t, o) = (tens.wrapping_sub(b'0'), ones.wrapping_sub(b'0'));
    (t < 10 && o < 10).then(|| u32::from(t) * 10 + u32::from(o))
}

/// Hour, minute and second of `HH:MM:SS` read by [`Layout::read`], when in range (a leap
/// second `60` is allowed).
#[inline]
fn hh_mm_ss(values: u64) -> Option<(u8, u8, u8)> {
    let hour = two_digit_value(values, 0);
    let minute = two_digit_value(values, 3);
    let second = two_digit_value(values, 6);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some((hour as u8, minute as u8, second as u8))
}

/// The digits of a fraction of a second starting at `b[start]`, as nanoseconds (the first
/// nine digits count, more are skipped), and where they end. Up to seven digits followed by
/// some other byte are read as one word; longer fractions, and a fraction at the very end of
/// the line, digit by digit.
#[inline(always)]
fn fraction(b: &[u8], start: usize) -> (u32, usize) {
    /// What `n` digits are multiplied by to give nanoseconds.
    const SCALE: [u32; 10] = [
        1, // no digits: no fraction
        100_000_000,
        10_000_000,
        1_000_000,
        100_000,
        10_000,
        1_000,
        100,
        10,
        1,
    ];
    if let Some(word) = b.get(start..).and_then(<[u8]>::first_chunk::<8>) {
        let values = u64::from_le_bytes(*word) ^ ZEROS;
        let count = non_digits(values).trailing_zeros() / 8;
        if count < 8 {
            return (
                eight_digits(values, count) * SCALE[count as usize],
                start + count as usize,
            );
        }
    }
    let (mut nanos, mut end) = (0u32, start);
    while let Some(&d) = b.get(end) {
        let digit = d.wrapping_sub(b'0');
        if digit >= 10 {
            break;
        }
        if end - start < 9 {
            nanos = nanos * 10 + u32::from(digit);
        }
        end += 1;
    }
    (nanos * SCALE[(end - start).min(9)], end)
}

/// The offset after an RFC 3339 stamp at `b[at]` and where it ends: `+09:00` read at fixed
/// offsets, any other form (`+0900`, `Z`, ...) by [`parse_offset`].
#[inline(always)]
fn offset(b: &[u8], at: usize) -> Option<(i32, usize)> {
    if let Some(&[sign @ (b'+' | b'-'), h1, h2, b':', m1, m2]) = b.get(at..at + 6) {
        if let (Some(h), Some(m)) = (two_digits(h1, h2), two_digits(m1, m2)) {
            if h <= 23 && m <= 59 {
                let secs = (h * 3600 + m * 60) as i32;
                return Some((if sign == b'-' { -secs } else { secs }, at + 6));
            }
        }
    }
    let rest = b.get(at..)?;
    let (offset, after) = parse_offset(rest)?;
    Some((offset, b.len() - after.len()))
}

// ---- eight bytes at a time ("SWAR") ----

/// Eight bytes of a fixed stamp layout, to check eight bytes of a line against at once (as a
/// `u64`, "SWAR"): `d` in the pattern stands for a digit, `?` for any byte, any other byte
/// for itself.
#[derive(Debug, Clone, Copy)]
struct Layout {
    /// `0x80` in each byte that holds a digit.
    digits: u64,
    /// `0xff` in each byte that holds a fixed byte.
    fixed_mask: u64,
    /// The fixed bytes.
    fixed: u64,
}

/// `'0'` in each byte: XORed with it, a digit byte becomes its value.
pub(crate) const ZEROS: u64 = u64::from_le_bytes([b'0'; 8]);

impl Layout {
    const fn new(pattern: &[u8; 8]) -> Layout {
        let (mut digits, mut fixed_mask, mut fixed) = (0, 0, 0);
        let mut i = 0;
        while i < 8 {
            if pattern[i] == b'd' {
                digits |= 0x80 << (8 * i);
            } else if pattern[i] != b'?' {
                fixed_mask |= 0xff << (8 * i);
                fixed |= (pattern[i] as u64) << (8 * i);
            }
            i += 1;
        }
        Layout {
            digits,
            fixed_mask,
            fixed,
        }
    }

    /// The eight bytes at `b[at..]` XORed with [`ZEROS`] when they fit the layout: each digit's
    /// value is then in its byte (see [`two_digit_value`]).
    #[inline]
    fn read(&self, b: &[u8], at: usize) -> Option<u64> {
        let word = u64::from_le_bytes(*b.get(at..)?.first_chunk::<8>()?);
        let values = word ^ ZEROS;
        let wrong = (non_digits(values) & self.digits) | ((word ^ self.fixed) & self.fixed_mask);
        (wrong == 0).then_some(values)
    }
}

/// `0x80` in each byte of `values` (bytes XORed with [`ZEROS`]) that is not a digit's value,
/// 0-9: the high bit is set already, or adding `0x76` sets it. The high bits are cleared
/// before the add, so that no byte carries into the next.
#[inline]
pub(crate) fn non_digits(values: u64) -> u64 {
    const LOW_BITS: u64 = u64::from_le_bytes([0x7f; 8]);
    const TEN_TO_HIGH_BIT: u64 = u64::from_le_bytes([0x76; 8]);
    const HIGH_BITS: u64 = u64::from_le_bytes([0x80; 8]);
    (((values & LOW_BITS) + TEN_TO_HIGH_BIT) | values) & HIGH_BITS
}

/// The digit values in bytes `at` and `at + 1` of `values` (from [`Layout::read`]) as a
/// two-digit number.
#[inline]
fn two_digit_value(values: u64, at: u32) -> u32 {
    let pair = values >> (8 * at);
    (pair & 0xff) as u32 * 10 + ((pair >> 8) & 0xff) as u32
}

/// The number the first `count` (below eight) digit values of `values` spell (see
/// [`Layout::read`]). The digits are shifted to the top of the word, so that the bytes below
/// are zeros (leading zeros of an eight-digit number), and the eight digits are combined in
/// three steps: pairs of digits, then pairs of pairs, then the two halves, each a multiply
/// that adds ten (a hundred, ten thousand) times one lane to its neighbour.
#[inline]
fn eight_digits(values: u64, count: u32) -> u32 {
    if count == 0 {
        return 0;
    }
    let digits = values << (8 * (8 - count));
    let pairs = (digits.wrapping_mul(10) + (digits >> 8)) & 0x00ff_00ff_00ff_00ff;
    let quads = (pairs.wrapping_mul(100) + (pairs >> 16)) & 0x0000_ffff_0000_ffff;
    (quads.wrapping_mul(10_000) + (quads >> 32)) as u32
}

/// The bytes of a little-endian word of text that are one of `set`, each flagged by its high
/// bit, exactly up to the first such byte (those after it may be flagged wrongly): the lowest
/// flag is the first match. A byte of `word ^ (b * 0x01..01)` is zero where `word` holds `b`,
/// and `(x - 0x01..01) & !x & 0x80..80` flags the zero bytes of `x` (a borrow only ever
/// spills into the bytes after the first). The word test of [`find_any`] and its kin.
#[inline(always)]
pub(crate) fn word_flags<const N: usize>(word: u64, set: [u8; N]) -> u64 {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let mut flags = 0;
    for b in set {
        let x = word ^ (ONES * u64::from(b));
        flags |= x.wrapping_sub(ONES) & !x;
    }
    flags & HIGHS
}

/// Where the first byte of `bytes` that is one of `set` is. Made for the short fields of a line
/// (a host, a tag, a key, a value), where a vectorised search ([`memchr`]) costs more to set up
/// than the field takes to read: it reads eight bytes a step as a `u64` ("SWAR",
/// [`word_flags`]).
#[inline]
pub(crate) fn find_any<const N: usize>(bytes: &[u8], set: [u8; N]) -> Option<usize> {
    let (chunks, tail) = bytes.as_chunks::<8>();
    for (i, chunk) in chunks.iter().enumerate() {
        let flags = word_flags(u64::from_le_bytes(*chunk), set);
        if flags != 0 {
            return Some(i * 8 + flags.trailing_zeros() as usize / 8);
        }
    }
    let at = tail.iter().position(|b| set.contains(b))?;
    Some(chunks.len() * 8 + at)
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

/// A decimal `u32` (digits only; `None` when empty or too large).
pub(crate) fn parse_u32(s: &str) -> Option<u32> {
    // Nine digits always fit.
    if s.len() <= 9 {
        return digits(s).map(|n| n as u32);
    }
    parse_u64(s).and_then(|n| u32::try_from(n).ok())
}

/// A decimal `u64` (digits only; `None` when empty or too large).
pub(crate) fn parse_u64(s: &str) -> Option<u64> {
    // Nineteen digits always fit; longer numbers only with leading zeros.
    if s.len() <= 19 {
        return digits(s);
    }
    s.bytes().try_fold(0u64, |n, b| {
        n.checked_mul(10)?.checked_add(u64::from(digit_value(b)?))
    })
}

/// The value of at most nineteen decimal digits (`None` when empty or not all digits). One
/// pass without overflow checks, where `str::parse` would also look for a sign.
#[inline]
fn digits(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let mut n = 0u64;
    for b in s.bytes() {
        n = n * 10 + u64::from(digit_value(b)?);
    }
    Some(n)
}

/// An ASCII digit's value.
#[inline]
fn digit_value(b: u8) -> Option<u8> {
    let d = b.wrapping_sub(b'0');
    (d < 10).then_some(d)
}

/// Whether `s` looks like an IPv4 or IPv6 address (hex digits, dots, colons; an IPv6 zone
/// `%eth0` is allowed). Cheap and permissive: it only separates addresses from host names.
pub(crate) fn is_ip(s: &str) -> bool {
    // One pass: an IPv4 address is digits and three dots; an IPv6 one hex digits, dots (an
    // embedded IPv4 tail) and at least two colons, before an optional `%zone`. Each byte's
    // class comes from a table and is summed without a branch: the sum's digit per class
    // counts the dots and colons (a hex letter adds to neither), and any byte of no class
    // stops the loop.
    let mut len = 0usize;
    let mut sum = 0u32;
    // An address has at most 45 bytes: 46 are enough to tell (and keep the counts apart).
    let head = s.as_bytes().get(..46).unwrap_or(s.as_bytes());
    for &b in head {
        let class = IP_CLASS[usize::from(b)];
        if class == 0 {
            // The zone: anything may follow.
            if b == b'%' {
                break;
            }
            return false;
        }
        sum += class;
        len += 1;
    }
    if !(2..=45).contains(&len) {
        return false;
    }
    let (dots, colons, hex_letters) = ((sum >> 6) & 0x3f, (sum >> 12) & 0x3f, sum >> 18 != 0);
    if colons == 0 {
        !hex_letters && dots == 3
    } else {
        colons >= 2
    }
}

/// The class of each byte for [`is_ip`], as what it adds to the sum: 1 for a digit, 1 << 6
/// for a dot, 1 << 12 for a colon, 1 << 18 for a hex letter; 0 for any other byte. The bits
/// of a class sit 6 apart so that the 46 bytes looked at never carry one count into the next.
const IP_CLASS: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'0'..=b'9' => 1,
            b'.' => 1 << 6,
            b':' => 1 << 12,
            b'a'..=b'f' | b'A'..=b'F' => 1 << 18,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// `host[ip]` at the start of `s` (Postfix writes `unknown[ip]`, postscreen `[ip]`): the host
/// (`None` when empty), the ip (`None` when not an address, e.g. `unknown`) and the rest after
/// `]`.
pub(crate) fn host_ip(s: &str) -> Option<(Option<&str>, Option<&str>, &str)> {
    let open = host_end(s.as_bytes())?;
    let host = s.get(..open)?;
    let rest = s.get(open + 1..)?;
    // Most clients are IPv4 addresses: read in two words, the address checked on the way.
    if let Some(close) = dotted_quad_end(rest.as_bytes()) {
        let (ip, after) = (rest.get(..close)?, rest.get(close + 1..)?);
        return Some(((!host.is_empty()).then_some(host), Some(ip), after));
    }
    let close = find_any(rest.as_bytes(), [b']', b' '])?;
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

/// Where the `[` after the host of [`host_ip`] is: the first `[`, space or comma, when it is a
/// `[`. Postfix writes `unknown[ip]` for most clients, which one compare of eight bytes tells.
fn host_end(bytes: &[u8]) -> Option<usize> {
    if bytes.first_chunk::<8>() == Some(b"unknown[") {
        return Some(7);
    }
    let open = find_any(bytes, [b'[', b' ', b','])?;
    (bytes.get(open) == Some(&b'[')).then_some(open)
}

/// The length of the run of digits and dots that `rest` starts with, when the run holds three
/// dots and a `]` follows it: a dotted quad (`203.0.113.7]`), which [`is_ip`] takes, and whose
/// `]` is the first `]` or space of `rest`. Read as two words of eight bytes (an address and its
/// `]` are at most 16 bytes), the second taken from the end of a shorter `rest` with zeros after
/// it (a zero byte ends a run); `None` for any other text, which is read by searches.
fn dotted_quad_end(rest: &[u8]) -> Option<usize> {
    let first = u64::from_le_bytes(*rest.first_chunk::<8>()?);
    let (mut len, mut dots) = digit_dot_run(first);
    if len == 8 {
        let second = match rest.get(8..).and_then(<[u8]>::first_chunk::<8>) {
            Some(word) => u64::from_le_bytes(*word),
            None => {
                let last = u64::from_le_bytes(*rest.last_chunk::<8>()?);
                // `rest.len() - 8` new bytes at the end of `last`, shifted down to its start.
                let seen = 16 - rest.len();
                last.checked_shr(8 * seen as u32).unwrap_or(0)
            }
        };
        let (more, more_dots) = digit_dot_run(second);
        (len, dots) = (len + more, dots + more_dots);
    }
    (dots == 3 && rest.get(len) == Some(&b']')).then_some(len)
}

/// How many bytes of a little-endian word of text (8 when all) are digits and dots before the
/// first byte that is neither, and how many of those are dots. Each byte is classified
/// without carries between bytes: `(y & 0x7f) + k` sets the high bit of a byte exactly when
/// its low seven bits reach `0x80 - k`, and or-ed with `y` also when `y` has it set.
#[inline(always)]
fn digit_dot_run(word: u64) -> (usize, u32) {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const LOW7: u64 = u64::from_le_bytes([0x7f; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let not_digit = non_digits(word ^ ZEROS);
    // A dot is `0x00` after the xor: every other byte reaches `0x01`.
    let dots = word ^ (ONES * u64::from(b'.'));
    let dot = !(((dots & LOW7) + LOW7) | dots) & HIGHS;
    let other = not_digit & !dot;
    // The bits below the first other byte (all of them when there is none).
    let before = (other & other.wrapping_neg()).wrapping_sub(1);
    (
        other.trailing_zeros() as usize / 8,
        // The dots' high bits moved to the low bit of their bytes, summed into the top byte
        // by one multiply: `count_ones` is a dozen instructions without `popcnt`, which the
        // x86-64 baseline this is built for does not have.
        (((dot & before) >> 7).wrapping_mul(ONES) >> 56) as u32,
    )
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

    /// [`host_ip`] as two searches and [`is_ip`], without its shortcuts.
    fn host_ip_by_search(s: &str) -> Option<(Option<&str>, Option<&str>, &str)> {
        let open = find_any(s.as_bytes(), [b'[', b' ', b','])?;
        let (host, rest) = (s.get(..open)?, s.get(open..)?.strip_prefix('[')?);
        let close = find_any(rest.as_bytes(), [b']', b' '])?;
        let (ip, after) = (rest.get(..close)?, rest.get(close..)?.strip_prefix(']')?);
        Some((
            (!host.is_empty()).then_some(host),
            is_ip(ip).then_some(ip),
            after,
        ))
    }

    #[test]
    fn host_ip_reads_as_the_searches_on_real_clients() {
        for s in [
            "unknown[203.0.113.132]",
            "unknown[203.0.113.132]: SASL LOGIN authentication failed",
            "unknown[192.0.2.77], sasl_method=PLAIN",
            "outbound.shop.test[198.51.100.63]",
            "mx1.example.net[198.51.100.25]:25, delay=1.6",
            "mail.example.org[2001:db8:4::25]",
            "unknown[1.2.3.4]",
            "unknown[1.2.3.45]",
            "unknown[255.255.255.255]",
            "unknown[255.255.255.2555]",
            "unknown[1.2.3.4.5]",
            "unknown[unknown]",
            "unknown[...]",
            "[192.0.2.4]:4123",
        ] {
            assert_eq!(host_ip(s), host_ip_by_search(s), "{s}");
        }
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

    /// The rules of [`is_ip`] written plainly, one pass per rule.
    fn is_ip_plain(s: &str) -> bool {
        let addr = s.split_once('%').map_or(s, |(a, _)| a);
        let bytes = addr.as_bytes();
        if bytes.len() < 2 || bytes.len() > 45 {
            return false;
        }
        let colons = bytes.iter().filter(|&&b| b == b':').count();
        if colons == 0 {
            bytes.iter().all(|b| b.is_ascii_digit() || *b == b'.')
                && bytes.iter().filter(|&&b| b == b'.').count() == 3
        } else {
            colons >= 2
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_hexdigit() || matches!(b, b':' | b'.'))
        }
    }

    #[test]
    fn ip_shapes() {
        for ip in [
            "203.0.113.7",
            "2001:db8::10",
            "::1",
            "fe80::1%eth0",
            "::ffff:192.0.2.1",
        ] {
            assert!(is_ip(ip), "{ip}");
        }
        for not in [
            "unknown",
            "1.2.3",
            "1.2.3.4.",
            "host.example",
            "::",
            "1:2",
            "a.b.c.d",
            "",
        ] {
            assert_eq!(is_ip(not), is_ip_plain(not), "{not}");
        }
        assert!(!is_ip("1.2.3"));
        assert!(!is_ip("unknown"));
    }

    /// Reads `lines` in order through one stamp cache, each checked against [`parse_header`]
    /// of the line alone.
    fn reads_as_parse_header_through_one_cache(
        lines: &[String],
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let mut cache = StampCache::default();
        for line in lines {
            let (mut time, mut header) = (NO_TIME, SyslogHeader::default());
            let cached = read_header_cached(line, &mut cache, &mut time, &mut header)
                .map(|message| (time, header, message));
            proptest::prop_assert_eq!(cached, parse_header(line), "{:?}", line);
        }
        Ok(())
    }

    proptest::proptest! {
        #[test]
        fn is_ip_follows_the_plain_rules(s in "[0-9a-fA-F:.%gx ]{0,48}|[0-9.:a-f]{40,200}(%[a-z0-9]{0,5})?") {
            proptest::prop_assert_eq!(is_ip(&s), is_ip_plain(&s));
        }

        #[test]
        fn host_ip_reads_as_the_searches(s in "(unknown|[a-z., ]{0,12})\\[?([0-9]{0,3}\\.[0-9]{0,3}\\.[0-9]{0,3}\\.[0-9]{0,4}|[0-9.]{0,17})[0-9.:a-f\\] ,%]{0,3}\\]?[:, a-z]{0,3}") {
            proptest::prop_assert_eq!(host_ip(&s), host_ip_by_search(&s));
        }

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

        /// rsyslog's `.123456+09:00` after the second, and shapes near it, read as
        /// `parse_rfc3339` reads them.
        #[test]
        fn micros_and_offset_read_as_parse_rfc3339(
            s in "2026-11-24T03:12:01(\\.[0-9]{6}[+-][0-2][0-9]:[0-6][0-9][ a-z]{3,4}|[.,][0-9]{4}[0-9x]{1,3}[+-]?[0-3][0-9x]:?[0-6][0-9][ a-z0-9]{0,4})"
        ) {
            let b = s.as_bytes();
            let general = parse_rfc3339(b).map(|(t, after)| (t, b.len() - after.len()));
            proptest::prop_assert_eq!(rfc3339_common(b), general);
        }

        /// The fixed-offset RFC 3339 reader reads what it takes as `parse_rfc3339` does.
        #[test]
        fn rfc3339_common_reads_as_parse_rfc3339(
            s in "[0-9]{4}-(0[1-9]|1[0-2]|[0-9]{2})-([0-2][0-9]|3[01]|[0-9]{2})T([01][0-9]|2[0-3]|[0-9 ][0-9]):[0-6][0-9]:[0-6][0-9]([.,][0-9]{0,12})?([+-][0-2][0-9]:?[0-6][0-9]|[Zz]|[+-][0-9:]{0,4})?[ a-z0-9]{0,3}"
        ) {
            let b = s.as_bytes();
            let general = parse_rfc3339(b).map(|(t, after)| (t, b.len() - after.len()));
            if let Some(common) = rfc3339_common(b) {
                proptest::prop_assert_eq!(Some(common), general);
            }
            proptest::prop_assert_eq!(read_stamp(b), general);
        }

        /// The fixed-offset RFC 3164 reader reads what it takes as `parse_rfc3164` does.
        #[test]
        fn rfc3164_common_reads_as_parse_rfc3164(
            s in "(Jan|Nov|Dec|Foo|nov) ( [0-9]|[12][0-9]|3[01]|[ 0-3][0-9 ]) ([01][0-9]|2[0-3]|[0-9 ][0-9]):[0-6][0-9]:[0-6][0-9](\\.[0-9]{0,12})?[ a-z0-9.]{0,3}"
        ) {
            let b = s.as_bytes();
            let general = parse_rfc3164(b).map(|(t, after)| (t, b.len() - after.len()));
            if let Some(common) = rfc3164_common(b) {
                proptest::prop_assert_eq!(Some(common), general);
            }
            proptest::prop_assert_eq!(read_stamp(b), general);
        }

        /// The one-pass reader of `host program[pid]: ` reads what it takes as the full reader
        /// does.
        #[test]
        fn host_and_pid_tag_reads_as_header_in_full(
            s in "([a-z0-9.-]{1,6}|[a-z0-9.:<>\\[\\]-]{0,6}) {1,2}([a-z/-]{0,6}\\[[0-9]{0,12}\\]:|[a-z/:-]{0,6}(\\[[0-9]{0,12}[]a-z]?)?:?)( {0,2}[a-z:\\[ ]{0,6})?"
        ) {
            let mut header = SyslogHeader::default();
            match host_and_pid_tag(&s, &mut header) {
                Some(message) => proptest::prop_assert_eq!(Some((header, message)), header_in_full(&s)),
                // A line it does not take leaves the header as it was.
                None => proptest::prop_assert_eq!(header, SyslogHeader::default()),
            }
        }

        /// The reader of `host program[pid]: ` at a line's own offsets reads what it takes as
        /// `after_stamp` does, and leaves the header alone for what it does not take.
        #[test]
        fn host_and_pid_tag_at_reads_as_after_stamp(
            s in "x{0,3}( {0,2}|:)([a-z0-9.-]{1,6}|[a-z0-9.:<>\\[\\]-]{0,6}|[a-z0-9]{7,12}) {1,2}([a-z/-]{0,6}\\[[0-9]{0,12}\\]:|[a-z/:-]{0,6}(\\[[0-9]{0,12}[]a-z]?)?:?|[a-z/-]{12,20}(\\[[0-9]{1,9}\\]:|:)?)( {0,2}[a-z:\\[ ]{0,6})?",
            at in 0usize..4,
        ) {
            let (at, mut header) = (at.min(s.len()), SyslogHeader::default());
            match host_and_pid_tag_at(&s, at, &mut header) {
                Some(message) => {
                    let mut full = SyslogHeader::default();
                    let general = after_stamp(&s[at..], &mut full);
                    proptest::prop_assert_eq!(Some((header, message)), general.map(|m| (full, m)));
                }
                None => proptest::prop_assert_eq!(header, SyslogHeader::default()),
            }
        }

        #[test]
        fn first_of_finds_the_first(s in "[a-z/ \\[]{0,40}|[a-z/]{0,30}[ \\[]?[a-z]{0,4}") {
            let b = s.as_bytes();
            proptest::prop_assert_eq!(first_of(b, [b' ', b'[']), b.iter().position(|&c| c == b' ' || c == b'['));
            proptest::prop_assert_eq!(first_of(b, [b' ']), b.iter().position(|&c| c == b' '));
        }

        /// Read through a stamp cache, a run of lines (sharing their second, minute or day or
        /// not, out-of-range and damaged times among them, with other shapes between) gives
        /// what each line read alone gives.
        #[test]
        fn cached_stamps_read_as_parse_header(
            lines in proptest::collection::vec(
                "((2026-11-2[45]|2028-02-29|2027-02-29)T(03|0x|2[34]|x3):(12|1x|59|6[09]):(0[12]|6[01]|[0-5]x)([.,][0-9]{0,8})?([+-]0[0-9]:?[0-9]{2}|Z)?|(Nov 2[45]|Feb 29) (03|0x|2[34]|x3):(12|1x|59|6[09]):(0[12]|6[01]|[0-5]x)(\\.[0-9]{0,7})?|Nov  4 03:12:01|<13>Nov 24 03:12:01|2026-11-24 03:12:01|2026-11-24T03:12:0[12])( {0,2}[a-z]{0,3} [a-z/]{1,6}(\\[[0-9]{1,3}\\])?: ?[a-z =]{0,6})?",
                1..12,
            )
        ) {
            reads_as_parse_header_through_one_cache(&lines)?;
        }

        /// rsyslog lines of one minute, their offsets mostly the same, read through a stamp
        /// cache give what each line read alone gives (the offset kept from line to line
        /// included).
        #[test]
        fn cached_offsets_read_as_parse_header(
            lines in proptest::collection::vec(
                "2026-11-2[45]T(03|1[07]):[1-5][0-9x]:[0-5][0-9](\\.[0-9]{6}|\\.[0-9]{5}x|,[0-9]{6}|\\.[0-9]{3})(\\+09:00|\\+09:00|-05:30|\\+09:0x|\\+0900|Z)( web01 postfix/smtpd\\[12\\]: x|)",
                1..16,
            )
        ) {
            reads_as_parse_header_through_one_cache(&lines)?;
        }

        #[test]
        fn find_any_finds_the_first(s in "[ -~]{0,40}") {
            let b = s.as_bytes();
            proptest::prop_assert_eq!(find_any(b, [b' ']), b.iter().position(|&c| c == b' '));
            proptest::prop_assert_eq!(
                find_any(b, [b'=', b' ', b',', b'(']),
                b.iter().position(|c| b"= ,(".contains(c))
            );
        }

        #[test]
        fn numbers_read_as_str_parse(s in "[0-9]{0,25}|[0-9+ a-]{0,4}") {
            proptest::prop_assert_eq!(parse_u32(&s), s.parse::<u32>().ok().filter(|_| !s.starts_with('+')));
            proptest::prop_assert_eq!(parse_u64(&s), s.parse::<u64>().ok().filter(|_| !s.starts_with('+')));
            let (value, count) = leading_u32(s.as_bytes());
            proptest::prop_assert_eq!(count, s.bytes().take_while(u8::is_ascii_digit).count());
            if (1..=9).contains(&count) {
                proptest::prop_assert_eq!(value, s[..count].parse().ok());
            }
        }
    }

    #[test]
    fn eight_digits_spell_their_number() {
        let values = u64::from_le_bytes(*b"1234567x") ^ ZEROS;
        for count in 0..8 {
            let expected = "1234567"[..count as usize].parse().unwrap_or(0);
            assert_eq!(eight_digits(values, count), expected, "{count} digits");
        }
        let values = u64::from_le_bytes(*b"9999999 ") ^ ZEROS;
        assert_eq!(eight_digits(values, 7), 9_999_999);
    }

    #[test]
    fn layouts_check_digits_and_fixed_bytes() {
        const TIME: Layout = Layout::new(b"dd:dd:dd");
        assert!(TIME.read(b"03:12:01", 0).is_some());
        for bad in [
            b"03:12:0x",
            b"0/:12:01",
            b"03;12:01",
            b"03:12:0:",
            b"03:1 :01",
            b"\xb0\xb3:12:01",
        ] {
            assert!(
                TIME.read(bad, 0).is_none(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        assert!(TIME.read(b"03:12:0", 0).is_none(), "too short");
        const ANY: Layout = Layout::new(b"d?:?????");
        assert!(ANY.read(b"0x:\xff\x00 ab", 0).is_some());
        assert!(ANY.read(b"0x;\xff\x00 ab", 0).is_none());
        assert_eq!(
            TIME.read(b"x03:12:01", 1).and_then(hh_mm_ss),
            Some((3, 12, 1))
        );
    }
}
