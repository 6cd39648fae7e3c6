//! Fail2Ban's own log (`/var/log/fail2ban.log`).
//!
//! One line is `STAMP LOGGER[PID]: LEVEL [JAIL] MESSAGE`, where the stamp is
//! `2026-11-24 03:12:01,123`, the logger (`fail2ban.actions`) is space-padded to 24 columns
//! before `[pid]`, and the level is padded to 7 (`NOTICE  `). Older releases write
//! `fail2ban.actions: WARNING [ssh] Ban ...` (no pid, logger padded before the colon), and
//! `padding = false` writes `fail2ban.actions[123]: NOTICE [sshd] ...`.
//!
//! The same lines sent through syslog are read too: `Mar 05 08:41:28 host fail2ban.actions: ...`,
//! `... host fail2ban-server[11524]: fail2ban.actions        [11524]: NOTICE  [sshd] Ban ...`,
//! and the journal's bare `... host fail2ban-server[11524]: [sshd] Ban 192.0.2.2`.
//!
//! The message is classified by its first words: `Ban`, `Increase Ban`, `Restore Ban`, `Reban`,
//! `Unban`, `Found`, `... already banned`, `Ignore`, `Jail '...' started|stopped`, and the
//! server's `Starting Fail2ban`, `Shutdown in progress...`, `Exiting Fail2ban`.

use memchr::memchr;

use crate::event::{Event, EventKind, Fail2banFields, Fields};
use crate::time::{parse_rfc3164, parse_rfc3339, parse_ymd_hms, PartialTime};

/// Parses one line; `None` when the line is not of this format.
pub(crate) fn parse(line: &str) -> Option<Event<'_>> {
    let b = line.as_bytes();
    if b.get(4) == Some(&b'-') && b.get(10) == Some(&b' ') {
        // Fail2Ban's own stamp: `2026-11-24 03:12:01,123 fail2ban.actions ...`.
        let (time, rest) = parse_ymd_hms(b, b'-')?;
        let at = b.len() - rest.len();
        if b.get(at) != Some(&b' ') || !b.get(at + 1..)?.starts_with(b"fail2ban") {
            return None;
        }
        return logger_line(line, time, at + 1);
    }
    // Syslog-wrapped: `Mar 05 08:41:28 host PROGRAM: ...` or an RFC 3339 stamp.
    let (time, rest) = if b.get(4) == Some(&b'-') {
        parse_rfc3339(b)?
    } else {
        parse_rfc3164(b)?
    };
    syslog_line(line, time, b.len() - rest.len())
}

/// After a syslog stamp: ` host fail2ban.actions[pid]: ...`, ` host fail2ban-server[pid]: ...`.
fn syslog_line(line: &str, time: PartialTime, at: usize) -> Option<Event<'_>> {
    let b = line.as_bytes();
    if b.get(at) != Some(&b' ') {
        return None;
    }
    let host_end = at + 1 + memchr(b' ', b.get(at + 1..)?)?;
    let prog = host_end + 1;
    let tail = b.get(prog..)?;
    if tail.starts_with(b"fail2ban.") {
        return logger_line(line, time, prog);
    }
    if !tail.starts_with(b"fail2ban") {
        return None;
    }
    // `fail2ban-server[11524]: ` (or `fail2ban: `): the message follows the program's colon.
    let colon = prog + memchr(b':', tail)?;
    let name = b.get(prog..colon)?;
    if name.contains(&b' ') {
        return None;
    }
    let msg = skip_spaces(b, colon + 1);
    if b.get(msg..)?.starts_with(b"fail2ban.") {
        return logger_line(line, time, msg);
    }
    // The journal's bare message: no logger, no level.
    Some(body(line, time, None, None, msg))
}

/// From the logger on: `fail2ban.actions        [1234]: NOTICE  [sshd] Ban 203.0.113.7`. A line
/// cut short keeps what it has.
fn logger_line(line: &str, time: PartialTime, at: usize) -> Option<Event<'_>> {
    let b = line.as_bytes();
    let tail = b.get(at..)?;
    let len = tail
        .iter()
        .position(|c| matches!(c, b' ' | b'[' | b':'))
        .unwrap_or(tail.len());
    let logger = line.get(at..at + len)?;
    if logger != "fail2ban" && !logger.starts_with("fail2ban.") {
        return None;
    }
    let logger = Some(logger);

    // Padding, `[pid]`, padding (0.8 pads before the colon), `:`.
    let mut i = skip_spaces(b, at + len);
    if b.get(i) == Some(&b'[') {
        match memchr(b']', b.get(i..)?) {
            Some(end) => i = skip_spaces(b, i + end + 1),
            None => return Some(body(line, time, logger, None, b.len())),
        }
    }
    if b.get(i) != Some(&b':') {
        return Some(body(line, time, logger, None, b.len()));
    }
    i = skip_spaces(b, i + 1);

    // Level: `NOTICE`, `INFO`, ..., or Python's `Level 5` for unnamed levels.
    let tail = b.get(i..).unwrap_or_default();
    let mut len = tail.iter().position(|c| *c == b' ').unwrap_or(tail.len());
    if tail.starts_with(b"Level ") {
        len += 1 + tail
            .get(len + 1..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
    }
    let level = line.get(i..i + len).filter(|l| !l.is_empty());
    let msg = skip_spaces(b, i + len);
    Some(body(line, time, logger, level, msg))
}

/// The message from `at`: an optional `[jail] ` and the text, classified.
fn body<'a>(
    line: &'a str,
    time: PartialTime,
    logger: Option<&'a str>,
    level: Option<&'a str>,
    at: usize,
) -> Event<'a> {
    let b = line.as_bytes();
    let mut jail = None;
    let mut i = at;
    if b.get(i) == Some(&b'[') {
        if let Some(end) = b.get(i + 1..).and_then(|t| memchr(b']', t)) {
            let name = line.get(i + 1..i + 1 + end).filter(|n| is_jail_name(n));
            if name.is_some() {
                jail = name;
                i = skip_spaces(b, i + end + 2);
            }
        }
    }
    let message = line.get(i..).unwrap_or_default();
    let (kind, action, ip, named_jail) = if jail.is_some() {
        let (kind, action, ip) = jail_message(message);
        (kind, action, ip, None)
    } else {
        server_message(message)
    };
    Event {
        time: Some(time),
        kind,
        fields: Fields::Fail2ban(Fail2banFields {
            logger,
            level,
            jail: jail.or(named_jail),
            action,
            ip,
            message,
        }),
    }
}

type Classified<'a> = (EventKind, Option<&'static str>, Option<&'a str>);

/// A jail's message: `Ban 203.0.113.7`, `203.0.113.7 already banned`, `Found ... - <time>`.
fn jail_message(m: &str) -> Classified<'_> {
    let word = |prefix: &str| m.strip_prefix(prefix).map(ip_token);
    if let Some(ip) = word("Ban ") {
        return (EventKind::F2bBan, Some("ban"), ip);
    }
    if let Some(ip) = word("Found ") {
        return (EventKind::F2bFound, Some("found"), ip);
    }
    if let Some(ip) = word("Unban ") {
        return (EventKind::F2bUnban, Some("unban"), ip);
    }
    if let Some(ip) = word("Increase Ban ") {
        return (EventKind::F2bBan, Some("increase_ban"), ip);
    }
    if let Some(ip) = word("Restore Ban ") {
        return (EventKind::F2bRestoreBan, Some("restore_ban"), ip);
    }
    // `Reban`: actions re-applied to a ban that already exists (after a restart or a
    // consistency check), not a new ban decision.
    if let Some(ip) = word("Reban ") {
        return (EventKind::F2bRestoreBan, Some("reban"), ip);
    }
    if let Some(ip) = word("Ignore ") {
        return (EventKind::F2bMessage, Some("ignore"), ip);
    }
    let first = ip_token(m);
    if let Some(ip) = first {
        if m.get(ip.len()..)
            .is_some_and(|r| r.starts_with(" already banned"))
        {
            return (EventKind::F2bAlreadyBanned, Some("already_banned"), first);
        }
    }
    (EventKind::F2bMessage, None, None)
}

/// A message without a jail: jail and server lifecycle.
fn server_message(m: &str) -> (EventKind, Option<&'static str>, Option<&str>, Option<&str>) {
    const LIFE: EventKind = EventKind::F2bLifecycle;
    if let Some(r) = m.strip_prefix("Jail ") {
        // `Jail 'sshd' started` (Python's repr: double quotes when the name has a quote).
        let b = r.as_bytes();
        let quote = match b.first() {
            Some(q @ (b'\'' | b'"')) => *q,
            _ => return (EventKind::F2bMessage, None, None, None),
        };
        let Some(end) = b.get(1..).and_then(|t| memchr(quote, t)) else {
            return (EventKind::F2bMessage, None, None, None);
        };
        let name = r.get(1..1 + end).filter(|n| !n.is_empty());
        let after = r.get(end + 2..).unwrap_or_default();
        let action = if after.starts_with(" started") {
            Some("jail_started")
        } else if after.starts_with(" stopped") {
            Some("jail_stopped")
        } else {
            None
        };
        let kind = if action.is_some() {
            LIFE
        } else {
            EventKind::F2bMessage
        };
        return (kind, action, None, name);
    }
    if m.starts_with("Starting Fail2ban") {
        return (LIFE, Some("server_started"), None, None);
    }
    if m.starts_with("Shutdown in progress") || m.starts_with("Exiting Fail2ban") {
        return (LIFE, Some("server_stopped"), None, None);
    }
    (EventKind::F2bMessage, None, None, None)
}

/// The address at the start of `s`, up to a space, comma or the end: IPv4 or IPv6 characters
/// only, with a `.` or `:` in it (Fail2Ban may also ban other ids, which are not IPs).
fn ip_token(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let len = b
        .iter()
        .position(|c| matches!(c, b' ' | b',' | b')' | b'\t'))
        .unwrap_or(b.len());
    let tok = b.get(..len)?;
    let ok = !tok.is_empty()
        && tok
            .iter()
            .all(|c| c.is_ascii_hexdigit() || matches!(c, b'.' | b':'))
        && tok.iter().any(|c| matches!(c, b'.' | b':'));
    if ok {
        s.get(..len)
    } else {
        None
    }
}

/// Jail names are short words: `sshd`, `postfix-sasl`, `nginx-http-auth`, `recidive`.
fn is_jail_name(n: &str) -> bool {
    !n.is_empty()
        && n.len() <= 64
        && n.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'@'))
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    i
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
        logger: Option<&'a str>,
        level: Option<&'a str>,
        jail: Option<&'a str>,
        action: Option<&'a str>,
        ip: Option<&'a str>,
        message: &'a str,
    }

    fn view(line: &str) -> Option<View<'_>> {
        let ev = parse(line)?;
        let Fields::Fail2ban(f) = ev.fields else {
            panic!("not fail2ban fields: {ev:?}");
        };
        Some(View {
            kind: ev.kind,
            time: ev
                .time
                .map(|t| (t.year, t.month, t.day, t.hour, t.minute, t.second)),
            nanos: ev.time.map_or(0, |t| t.nanos),
            logger: f.logger,
            level: f.level,
            jail: f.jail,
            action: f.action,
            ip: f.ip,
            message: f.message,
        })
    }

    // The tables use the crate's `case!` and `none!` (test_macros.rs) with `view` and
    // `parse` above.

    /// The table of cases: one `case!` or `none!` per line shape.
    #[rustfmt::skip]
    mod cases {
        use super::*;

        // ---- actions ----
        case!(ban,
            "2026-11-24 03:12:01,123 fail2ban.actions        [1234]: NOTICE  [sshd] Ban 203.0.113.7",
            F2bBan, time = Some((Some(2026), 11, 24, 3, 12, 1)), nanos = 123_000_000, logger = Some("fail2ban.actions"), level = Some("NOTICE"), jail = Some("sshd"), action = Some("ban"), ip = Some("203.0.113.7"), message = "Ban 203.0.113.7");
        case!(ban_ipv6,
            "2026-11-24 03:12:01,123 fail2ban.actions        [1234]: NOTICE  [nginx-http-auth] Ban 2001:db8:85a3::8a2e:370:7334",
            F2bBan, jail = Some("nginx-http-auth"), ip = Some("2001:db8:85a3::8a2e:370:7334"));
        case!(ban_ipv4_mapped,
            "2026-11-24 03:12:01,123 fail2ban.actions        [1234]: NOTICE  [sshd] Ban ::ffff:198.51.100.9",
            F2bBan, ip = Some("::ffff:198.51.100.9"));
        case!(unban,
            "2026-11-24 04:12:01,456 fail2ban.actions        [1234]: NOTICE  [sshd] Unban 203.0.113.7",
            F2bUnban, action = Some("unban"), ip = Some("203.0.113.7"));
        case!(restore_ban,
            "2026-11-24 05:00:02,010 fail2ban.actions        [981]: NOTICE  [postfix-sasl] Restore Ban 198.51.100.23",
            F2bRestoreBan, action = Some("restore_ban"), ip = Some("198.51.100.23"), jail = Some("postfix-sasl"));
        case!(reban,
            "2026-11-24 05:00:02,010 fail2ban.actions        [981]: NOTICE  [sshd] Reban 198.51.100.23, action 'iptables-multiport'",
            F2bRestoreBan, action = Some("reban"), ip = Some("198.51.100.23"));
        case!(already_banned,
            "2026-11-24 03:12:03,001 fail2ban.actions        [1234]: NOTICE  [sshd] 203.0.113.7 already banned",
            F2bAlreadyBanned, action = Some("already_banned"), ip = Some("203.0.113.7"), level = Some("NOTICE"));
        case!(already_banned_warning_ipv6,
            "2026-11-24 03:14:03,001 fail2ban.actions        [1234]: WARNING [sshd] 2001:db8::1 already banned",
            F2bAlreadyBanned, ip = Some("2001:db8::1"), level = Some("WARNING"));
        case!(increase_ban,
            "2026-11-24 03:12:01,200 fail2ban.observer       [1234]: NOTICE  [sshd] Increase Ban 203.0.113.7 (2 # 1:00:00 -> 2026-11-24 05:12:01)",
            F2bBan, action = Some("increase_ban"), ip = Some("203.0.113.7"), logger = Some("fail2ban.observer"));
        case!(flush_is_message,
            "2026-11-24 06:00:00,000 fail2ban.actions        [1234]: NOTICE  [sshd] Flush ticket(s) with iptables-multiport",
            F2bMessage, jail = Some("sshd"), action = None, ip = None);

        // ---- filter ----
        case!(found,
            "2026-11-24 03:12:01,050 fail2ban.filter         [1234]: INFO    [sshd] Found 203.0.113.7 - 2026-11-24 03:12:01",
            F2bFound, action = Some("found"), ip = Some("203.0.113.7"), level = Some("INFO"), logger = Some("fail2ban.filter"), message = "Found 203.0.113.7 - 2026-11-24 03:12:01");
        case!(found_ipv6,
            "2026-11-24 03:12:01,050 fail2ban.filter         [1234]: INFO    [dovecot] Found 2001:db8::dead:beef - 2026-11-24 03:12:01",
            F2bFound, ip = Some("2001:db8::dead:beef"));
        case!(found_observer_bad,
            "2026-11-24 03:12:01,060 fail2ban.observer       [1234]: INFO    [sshd] Found 203.0.113.7, bad - 2026-11-24 03:12:01, 1 # -> 3, Ban",
            F2bFound, ip = Some("203.0.113.7"));
        case!(ignore,
            "2026-11-24 03:12:01,050 fail2ban.filter         [1234]: INFO    [sshd] Ignore 192.0.2.10 by ip",
            F2bMessage, action = Some("ignore"), ip = Some("192.0.2.10"));
        case!(added_logfile,
            "2026-11-24 02:00:00,500 fail2ban.filter         [1234]: INFO    [sshd] Added logfile: '/var/log/auth.log' (pos = 0, hash = 5f2a)",
            F2bMessage, jail = Some("sshd"), action = None, ip = None, message = "Added logfile: '/var/log/auth.log' (pos = 0, hash = 5f2a)");
        case!(filter_setting_no_jail,
            "2026-11-24 02:00:00,400 fail2ban.filter         [1234]: INFO      maxRetry: 5",
            F2bMessage, jail = None, message = "maxRetry: 5");

        // ---- lifecycle ----
        case!(jail_started,
            "2026-11-24 02:00:00,600 fail2ban.jail           [1234]: INFO    Jail 'sshd' started",
            F2bLifecycle, action = Some("jail_started"), jail = Some("sshd"), logger = Some("fail2ban.jail"));
        case!(jail_stopped,
            "2026-11-24 07:00:00,600 fail2ban.jail           [1234]: INFO    Jail 'postfix-sasl' stopped",
            F2bLifecycle, action = Some("jail_stopped"), jail = Some("postfix-sasl"));
        case!(creating_jail_is_message,
            "2026-11-24 02:00:00,100 fail2ban.jail           [1234]: INFO    Creating new jail 'sshd'",
            F2bMessage, action = None);
        case!(jail_uses_backend,
            "2026-11-24 02:00:00,200 fail2ban.jail           [1234]: INFO    Jail 'sshd' uses pyinotify {}",
            F2bMessage, jail = Some("sshd"), action = None);
        case!(server_started,
            "2026-11-24 02:00:00,010 fail2ban.server         [1234]: INFO    Starting Fail2ban v1.0.2",
            F2bLifecycle, action = Some("server_started"), jail = None);
        case!(server_shutdown,
            "2026-11-24 07:00:00,010 fail2ban.server         [1234]: INFO    Shutdown in progress...",
            F2bLifecycle, action = Some("server_stopped"));
        case!(server_exiting,
            "2026-11-24 07:00:01,010 fail2ban.server         [1234]: INFO    Exiting Fail2ban",
            F2bLifecycle, action = Some("server_stopped"));
        case!(separator_line,
            "2026-11-24 02:00:00,009 fail2ban.server         [1234]: INFO    --------------------------------------------------",
            F2bMessage);
        case!(error_line,
            "2026-11-24 03:12:01,300 fail2ban.actions        [1234]: ERROR   Failed to execute ban jail 'sshd' action 'iptables-multiport' info 'ActionInfo({})': Error banning 203.0.113.7",
            F2bMessage, level = Some("ERROR"), jail = None, ip = None);
        case!(python_level_name,
            "2026-11-24 03:12:01,300 fail2ban.filter         [1234]: Level 7 [sshd] Working on line",
            F2bMessage, level = Some("Level 7"), jail = Some("sshd"));
        case!(bare_logger,
            "2026-11-24 03:12:01,300 fail2ban                [1234]: CRITICAL Unhandled exception in Fail2Ban:",
            F2bMessage, logger = Some("fail2ban"), level = Some("CRITICAL"));

        // ---- older and unpadded layouts ----
        case!(old_no_pid,
            "2013-05-31 10:47:26,034 fail2ban.actions: WARNING [ssh] Ban 192.0.2.1",
            F2bBan, logger = Some("fail2ban.actions"), level = Some("WARNING"), jail = Some("ssh"), ip = Some("192.0.2.1"));
        case!(old_padded_before_colon,
            "2013-05-31 10:40:00,100 fail2ban.jail   : INFO   Jail 'ssh' started",
            F2bLifecycle, logger = Some("fail2ban.jail"), level = Some("INFO"), jail = Some("ssh"));
        case!(unpadded_pid,
            "2026-11-24 03:12:01,123 fail2ban.actions[77]: NOTICE [recidive] Ban 203.0.113.7",
            F2bBan, logger = Some("fail2ban.actions"), jail = Some("recidive"));

        // ---- syslog-wrapped ----
        case!(syslog_server_wrapped,
            "Nov 24 03:12:01 gw fail2ban-server[11524]: fail2ban.actions        [11524]: NOTICE  [postfix-auth] Ban 192.0.2.2",
            F2bBan, time = Some((None, 11, 24, 3, 12, 1)), logger = Some("fail2ban.actions"), ip = Some("192.0.2.2"));
        case!(syslog_logger_as_program,
            "Nov 24 03:12:01 gw fail2ban.actions[6605]: NOTICE [postfix-auth] Unban 192.0.2.1",
            F2bUnban, logger = Some("fail2ban.actions"), level = Some("NOTICE"));
        case!(syslog_logger_no_pid,
            "Nov  4 03:12:01 gw fail2ban.actions: NOTICE [jail] Ban 10.0.0.7",
            F2bBan, time = Some((None, 11, 4, 3, 12, 1)), ip = Some("10.0.0.7"));
        case!(journal_bare_message,
            "Nov 24 03:12:01 gw fail2ban-server[15699]: [postfix-sasl] Ban 192.0.2.3",
            F2bBan, logger = None, level = None, jail = Some("postfix-sasl"), ip = Some("192.0.2.3"));
        case!(syslog_iso_wrapped,
            "2026-11-24T03:12:01.123456+09:00 gw fail2ban-server[11524]: fail2ban.jail [11524]: INFO Jail 'sshd' started",
            F2bLifecycle, jail = Some("sshd"), nanos = 123_456_000);

        // ---- damaged ----
        case!(truncated_ip,
            "2026-11-24 03:12:01,123 fail2ban.actions        [1234]: NOTICE  [sshd] Ban 203.0.1",
            F2bBan, ip = Some("203.0.1"));
        case!(truncated_after_ban,
            "2026-11-24 03:12:01,123 fail2ban.actions        [1234]: NOTICE  [sshd] Ban",
            F2bMessage, jail = Some("sshd"), ip = None, message = "Ban");
        case!(truncated_in_jail,
            "2026-11-24 03:12:01,123 fail2ban.actions        [1234]: NOTICE  [ss",
            F2bMessage, jail = None, message = "[ss");
        case!(truncated_after_level,
            "2026-11-24 03:12:01,123 fail2ban.actions        [1234]: NOTICE",
            F2bMessage, level = Some("NOTICE"), message = "");
        case!(truncated_in_pid,
            "2026-11-24 03:12:01,123 fail2ban.actions        [12",
            F2bMessage, logger = Some("fail2ban.actions"), level = None, message = "");
        case!(truncated_after_logger,
            "2026-11-24 03:12:01,123 fail2ban.actions",
            F2bMessage, logger = Some("fail2ban.actions"), message = "");
        case!(ban_non_ip_id,
            "2026-11-24 03:12:01,123 fail2ban.actions        [1234]: NOTICE  [wp-users] Ban admin",
            F2bBan, ip = None);
        case!(non_ascii_message,
            "2026-11-24 03:12:01,123 fail2ban.filter         [1234]: WARNING [sshd] Caught exception: 'utf-8' codec can't decode byte 0xe9 (\u{e9})",
            F2bMessage, jail = Some("sshd"));

        // ---- not Fail2Ban ----
        none!(not_mariadb, "2026-11-24 14:01:40 0 [Note] Starting MariaDB 10.11.6-MariaDB-0+deb12u1 source revision x as process 1");
        none!(not_mariadb_padded, "2026-11-24  3:12:01 0 [Note] InnoDB: Starting shutdown...");
        none!(not_syslog_other, "Nov 24 03:12:01 web1 sshd[2345]: Failed password for root from 203.0.113.7 port 22 ssh2");
        none!(not_syslog_iso_other, "2026-11-24T03:12:01+09:00 web1 postfix/smtpd[2345]: connect from unknown[203.0.113.7]");
        none!(not_nginx_error, "2026/11/24 03:12:01 [error] 1234#1234: *5 limit_req");
        none!(not_fail2ban_client_text, "fail2ban.actions [1234]: NOTICE [sshd] Ban 203.0.113.7");
        none!(not_other_logger, "2026-11-24 03:12:01,123 myapp.worker [12]: INFO done");
        none!(not_fail2ban_like_logger, "2026-11-24 03:12:01,123 fail2banned.x [12]: INFO done");
        none!(empty, "");
    }

    #[test]
    fn every_prefix_of_real_shapes_is_safe() {
        let lines = [
            "2026-11-24 03:12:01,200 fail2ban.observer       [1234]: NOTICE  [sshd] Increase Ban 203.0.113.7 (2 # 1:00:00 -> 2026-11-24 05:12:01)",
            "2026-11-24 02:00:00,600 fail2ban.jail           [1234]: INFO    Jail 'sshd' started",
            "Nov 24 03:12:01 gw fail2ban-server[11524]: fail2ban.actions        [11524]: NOTICE  [postfix-auth] Ban 192.0.2.2",
            "Nov 24 03:12:01 gw fail2ban-server[15699]: [postfix-sasl] Ban 192.0.2.3",
            "2026-11-24 03:12:03,001 fail2ban.actions        [1234]: NOTICE  [sshd] 2001:db8::1 already banned",
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
            s in "(2026-11-24 03:12:01,123 fail2ban|Nov 24 03:12:01 h fail2ban)?[ 0-9a-f.:\\[\\]A-Za-z'\",-]{0,60}"
        ) {
            let _ = parse(&s);
        }
    }
}
