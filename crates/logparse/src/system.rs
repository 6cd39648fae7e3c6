//! The syslog family (format `syslog`): syslog, messages, kern.log, daemon.log, auth.log and
//! journalctl text exports.
//!
//! `kernel` lines become [`Fields::Kernel`], with the OOM killer's report read (`invoked
//! oom-killer`, `Killed process`, `oom_reaper`, `oom-kill:`); the `[uptime]` stamp is dropped
//! from their message. Every other program becomes [`Fields::Syslog`]: systemd unit starts,
//! stops and failures, sshd and PAM logins (dovecot's too), and a plain
//! [`EventKind::SyslogMessage`] for the rest. Postfix lines that Debian copies into
//! `/var/log/syslog` stay plain messages here; the mail log is read by [`crate::mail`].
//! `No space left on device` anywhere is [`EventKind::DiskFull`]. MariaDB/MySQL lines sent
//! through syslog are read for their `Access denied` failures.
//!
//! The client of an authentication line is `client_ip` when the line gives an address, and
//! `client_host` when it names the client by a host name instead (sshd with `UseDNS yes`, PAM
//! `rhost=NAME`, MariaDB `'user'@'NAME'`, tcp_wrappers), read at the same place of the line;
//! a word that is neither (markup, `host:port`) is dropped.
//!
//! A line without a header is read only when it is the continuation of a multi-line record
//! (indented, or a wrapped kernel Mem-Info line): an event with `time: None` and nothing but
//! its message, see [`continuation`].

use std::sync::LazyLock;

use memchr::memmem::FinderRev;

use crate::event::{Event, EventKind, Fields, KernelFields, SyslogFields, SyslogHeader};
use crate::syslog::{
    self, find, is_ip, needles, pam_failure, pam_fields, parse_u32, parse_u64, split, split_byte,
    split_colon_space, word,
};
use crate::{mail, mariadb};

/// Parses one line; `None` when the line has no syslog header and is no continuation line.
#[cfg(test)]
pub(crate) fn parse(line: &str) -> Option<Event<'_>> {
    parse_cached(line, &mut syslog::StampCache::default())
}

/// [`parse`] with the previous line's stamp at hand (see [`syslog::read_header_cached`]).
pub(crate) fn parse_cached<'a>(
    line: &'a str,
    stamps: &mut syslog::StampCache,
) -> Option<Event<'a>> {
    let (mut time, mut header) = (syslog::NO_TIME, SyslogHeader::default());
    let Some(message) = syslog::read_header_cached(line, stamps, &mut time, &mut header) else {
        return continuation(line);
    };
    let (kind, fields) = match header.program {
        Some("kernel") => kernel(header, message),
        _ => program(header, message),
    };
    Some(Event {
        time: Some(time),
        kind,
        fields,
    })
}

// The fixed needles of the hot paths, each searcher built once.
needles! {
    NO_SPACE = "No space left on device";
    NO_SPACE_KERNEL = "No space left";
    INVOKED_OOM_KILLER = " invoked oom-killer";
    FOR = " for ";
    FROM = "from ";
    BY = "by ";
    WITH = "with ";
    FOR_IP = "for ";
    MAX_ATTEMPTS = "maximum authentication attempts exceeded for ";
    MORE_FAILURES = "more authentication failures;";
    SPACE_FROM = " from ";
    UNIT_DESCRIPTION = " - ";
}

// The needles searched from the end of the text.
static LAST_FROM: LazyLock<FinderRev<'static>> = LazyLock::new(|| FinderRev::new(" from "));
static LAST_NOT_ALLOWED: LazyLock<FinderRev<'static>> =
    LazyLock::new(|| FinderRev::new(" not allowed because "));

// ---- continuation lines ----

/// A line without a header that continues the record before it: an event with `time: None`
/// (the caller gives it the time of the line before), no header, and its text as the message.
/// Two shapes only, so that other text is not taken for syslog: a line indented with spaces
/// or tabs (multi-line messages: macOS syslogd's `Configuration Notice:`, a plist, a Java
/// trace), and a kernel Mem-Info line wrapped without a header (see [`is_mem_info_wrap`]).
/// Nothing else is read from it: without a program nothing says what its words mean, and they
/// are often the client's.
fn continuation(line: &str) -> Option<Event<'_>> {
    if line.starts_with([' ', '\t']) {
        let message = line.trim_start_matches([' ', '\t']);
        if message.trim_end().is_empty() {
            return None;
        }
        return Some(Event {
            time: None,
            kind: EventKind::SyslogMessage,
            fields: Fields::Syslog(SyslogFields {
                message,
                ..SyslogFields::default()
            }),
        });
    }
    if is_mem_info_wrap(line) {
        return Some(Event {
            time: None,
            kind: EventKind::KernelMessage,
            fields: Fields::Kernel(KernelFields {
                message: line,
                ..KernelFields::default()
            }),
        });
    }
    None
}

/// Whether `line` is the wrapped rest of a kernel Mem-Info line: a first word (the value the
/// wrap cut, `278804kB`), then only `name:number` words (`inactive_anon:1620588kB`,
/// `isolated(anon):0kB`, `free_pcp:370`), at least two of them.
fn is_mem_info_wrap(line: &str) -> bool {
    let mut words = line.split(' ');
    let first_ok = words.next().is_some_and(|w| {
        !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'(' | b')' | b':'))
    });
    if !first_ok {
        return false;
    }
    let mut pairs = 0;
    for w in words.filter(|w| !w.is_empty()) {
        let Some((name, value)) = split_byte(w, b':') else {
            return false;
        };
        let name_ok = name.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
            && name.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'(' | b')')
            });
        let number = value
            .strip_suffix("kB")
            .or_else(|| value.strip_suffix("KB"))
            .unwrap_or(value);
        if !name_ok || number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        pairs += 1;
    }
    pairs >= 2
}

// ---- kernel ----

fn kernel<'a>(header: SyslogHeader<'a>, message: &'a str) -> (EventKind, Fields<'a>) {
    let msg = strip_uptime(message);
    let mut k = KernelFields {
        header,
        message: msg,
        ..KernelFields::default()
    };
    let kind = oom(msg, &mut k);
    // `EXT4-fs error ...: No space left`, `... failed: No space left on device`.
    let kind = if find(&NO_SPACE_KERNEL, msg).is_some() {
        EventKind::DiskFull
    } else {
        kind
    };
    (kind, Fields::Kernel(k))
}

/// Drops the `[12345.678901] ` uptime stamp (not `[  pid  ]` or other bracketed text).
fn strip_uptime(msg: &str) -> &str {
    let Some(rest) = msg.strip_prefix('[') else {
        return msg;
    };
    let Some((inner, after)) = rest.split_once(']') else {
        return msg;
    };
    let stamp = inner.contains('.')
        && inner
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b' ');
    if !stamp {
        return msg;
    }
    after.strip_prefix(' ').unwrap_or(after)
}

fn oom<'a>(msg: &'a str, k: &mut KernelFields<'a>) -> EventKind {
    if let Some(pos) = find(&INVOKED_OOM_KILLER, msg) {
        k.process = msg.get(..pos).filter(|p| !p.is_empty());
        return EventKind::OomInvoked;
    }
    // `Out of memory: Killed process ...`, `Out of memory (oom_kill_allocating_task): Kill
    // process ...`, `Memory cgroup out of memory: Killed process ...`, and the bare `Killed
    // process ...` that follows `Kill process ... or sacrifice child` on older kernels.
    let rest = if msg.starts_with("Out of memory") || msg.starts_with("Memory cgroup out of memory")
    {
        split_colon_space(msg).map_or("", |(_, r)| r)
    } else {
        msg
    };
    if let Some(r) = rest
        .strip_prefix("Killed process ")
        .or_else(|| rest.strip_prefix("Kill process "))
    {
        let r = process_and_pid(r, k);
        k.total_vm_kb = number_after(r, "total-vm:").and_then(parse_u64);
        k.anon_rss_kb = number_after(r, "anon-rss:").and_then(parse_u64);
        k.uid = number_after(r, "UID:").and_then(parse_u32);
        return EventKind::OomKill;
    }
    if let Some(r) = msg.strip_prefix("oom_reaper: reaped process ") {
        process_and_pid(r, k);
        return EventKind::OomReaped;
    }
    if let Some(r) = msg.strip_prefix("oom-kill:") {
        // `oom-kill:constraint=CONSTRAINT_NONE,...,task_memcg=/system.slice/x.service,task=x,pid=1,uid=2`
        k.process = list_value(r, "task=");
        k.pid = list_value(r, "pid=").and_then(parse_u32);
        k.uid = list_value(r, "uid=").and_then(parse_u32);
    }
    EventKind::KernelMessage
}

/// `1234 (name) rest` → pid and process; returns the rest. A process name may itself hold
/// parentheses (`(sd-pam)`): it ends at the `)` followed by a space, a comma or the end.
fn process_and_pid<'a>(s: &'a str, k: &mut KernelFields<'a>) -> &'a str {
    let (pid, rest) = split_byte(s, b' ').unwrap_or((s, ""));
    k.pid = parse_u32(pid);
    let Some(name) = rest.strip_prefix('(') else {
        return rest;
    };
    let bytes = name.as_bytes();
    let mut i = 0;
    while let Some(off) = name.get(i..).and_then(|t| t.find(')')) {
        let close = i + off;
        if matches!(bytes.get(close + 1), None | Some(b' ' | b',')) {
            k.process = name.get(..close).filter(|p| !p.is_empty());
            return name.get(close + 1..).unwrap_or("");
        }
        i = close + 1;
    }
    k.process = Some(name).filter(|p| !p.is_empty());
    ""
}

/// The digits after `key` (`total-vm:2345678kB` → `2345678`).
fn number_after<'a>(s: &'a str, key: &str) -> Option<&'a str> {
    let start = s.find(key)? + key.len();
    let v = s.get(start..)?;
    let len = v.bytes().take_while(u8::is_ascii_digit).count();
    v.get(..len)
}

/// `key=value` in a comma-separated list, the key at the start or after a comma.
fn list_value<'a>(s: &'a str, key: &str) -> Option<&'a str> {
    let mut from = 0;
    loop {
        let at = from + s.get(from..)?.find(key)?;
        if at == 0 || s.as_bytes().get(at - 1) == Some(&b',') {
            let v = s.get(at + key.len()..)?;
            let v = v.split_once(',').map_or(v, |(v, _)| v);
            return (!v.is_empty()).then_some(v);
        }
        from = at + key.len();
    }
}

// ---- other programs ----

fn program<'a>(header: SyslogHeader<'a>, message: &'a str) -> (EventKind, Fields<'a>) {
    let mut s = SyslogFields {
        header,
        message,
        ..SyslogFields::default()
    };
    let program = header.program.unwrap_or("");
    let kind = match program {
        "systemd" => systemd(message, &mut s),
        "sshd" | "sshd-session" | "sshd-auth" => sshd(message, &mut s),
        p if is_mysqld(p) => mysqld(message, &mut s),
        p if mail::is_dovecot(p) => {
            let d = mail::dovecot(p, message);
            s.user = d.user;
            s.client_ip = d.client_ip;
            match d.kind {
                EventKind::MailMessage => EventKind::SyslogMessage,
                kind => kind,
            }
        }
        _ => EventKind::SyslogMessage,
    };
    let kind = if kind == EventKind::SyslogMessage {
        pam(message, &mut s)
    } else {
        kind
    };
    let kind = if NO_SPACE.find(message.as_bytes()).is_some() {
        EventKind::DiskFull
    } else {
        kind
    };
    (kind, Fields::Syslog(s))
}

/// A PAM failure from any program (`sshd`, `su`, `sudo`, `dovecot`, ...).
fn pam<'a>(msg: &'a str, s: &mut SyslogFields<'a>) -> EventKind {
    match pam_failure(msg) {
        Some((rhost, user)) => {
            set_client(s, rhost.unwrap_or(""));
            s.user = user;
            EventKind::AuthFailed
        }
        None => EventKind::SyslogMessage,
    }
}

// ---- MariaDB / MySQL ----

/// mysqld's tags: `mysqld`, `mariadbd`, `mysql` (some packages), with or without a path.
fn is_mysqld(program: &str) -> bool {
    let base = program.rsplit('/').next().unwrap_or(program);
    matches!(base, "mysqld" | "mariadbd" | "mysql" | "mariadb")
}

/// A MariaDB/MySQL error-log line sent through syslog (no `log_error`, as on Debian's journald
/// setups): `mysqld[1187]: 2026-11-24 14:30:00 61 [Warning] Access denied for user 'U'@'H'
/// (using password: YES)`. An access denied is an authentication failure, its user and client
/// read as in the error log; other lines stay plain messages.
fn mysqld<'a>(msg: &'a str, s: &mut SyslogFields<'a>) -> EventKind {
    let Some((user, host)) = mariadb::access_denied_in(msg) else {
        return EventKind::SyslogMessage;
    };
    s.user = user;
    set_client(s, host.unwrap_or(""));
    EventKind::AuthFailed
}

// ---- systemd ----

fn systemd<'a>(msg: &'a str, s: &mut SyslogFields<'a>) -> EventKind {
    use EventKind::*;
    for (prefix, kind) in [
        ("Started ", UnitStarted),
        ("Stopping ", UnitStopping),
        ("Stopped ", UnitStopped),
        ("Starting ", SyslogMessage),
        ("Failed to start ", UnitFailed),
    ] {
        if let Some(r) = msg.strip_prefix(prefix) {
            s.unit = unit_or_description(r);
            return kind;
        }
    }
    // Older systemd: `Unit mariadb.service entered failed state.`
    if let Some(r) = msg.strip_prefix("Unit ") {
        if let Some((unit, rest)) = split_byte(r, b' ') {
            if is_unit(unit) {
                s.unit = Some(unit);
                if rest.starts_with("entered failed state") {
                    return UnitFailed;
                }
            }
        }
        return SyslogMessage;
    }
    let Some((unit, rest)) = split_colon_space(msg) else {
        return SyslogMessage;
    };
    if !is_unit(unit) {
        return SyslogMessage;
    }
    s.unit = Some(unit);
    if let Some(r) = rest
        .strip_prefix("Main process exited, ")
        .or_else(|| rest.strip_prefix("Control process exited, "))
    {
        // `code=killed, status=9/KILL`, `code=exited, status=1/FAILURE`, `code=dumped, status=11/SEGV`
        let field = |key: &str| {
            let v = r.split(", ").find_map(|kv| kv.strip_prefix(key))?;
            let v = word(v);
            (!v.is_empty()).then_some(v)
        };
        let (code, status) = (field("code="), field("status="));
        s.result = match code {
            Some("exited") if status.is_some_and(|st| st.starts_with("0/")) => {
                return SyslogMessage;
            }
            Some("exited") => status.or(code),
            Some(code) => Some(code),
            None => status,
        };
        return UnitFailed;
    }
    if let Some(r) = rest.strip_prefix("Failed with result '") {
        s.result = r.split_once('\'').map(|(v, _)| v).filter(|v| !v.is_empty());
        return UnitFailed;
    }
    if rest.starts_with("A process of this unit has been killed by the OOM killer") {
        s.result = Some("oom-kill");
        return UnitFailed;
    }
    if rest.starts_with("Unit entered failed state") {
        return UnitFailed;
    }
    SyslogMessage
}

/// `mariadb.service - MariaDB 10.11.6 database server.` → `mariadb.service`; an older
/// `MariaDB 10.3 database server.` (or `...` while stopping) → the description.
fn unit_or_description(s: &str) -> Option<&str> {
    if let Some((unit, _)) = split(&UNIT_DESCRIPTION, s) {
        if is_unit(unit) {
            return Some(unit);
        }
    }
    let d = s.trim_end_matches('.');
    (!d.is_empty()).then_some(d)
}

fn is_unit(s: &str) -> bool {
    if s.is_empty() || s.contains(' ') {
        return false;
    }
    matches!(
        s.rsplit_once('.').map(|(_, suffix)| suffix),
        Some(
            "service"
                | "socket"
                | "target"
                | "timer"
                | "mount"
                | "automount"
                | "swap"
                | "path"
                | "slice"
                | "scope"
                | "device"
        )
    )
}

// ---- sshd ----

fn sshd<'a>(message: &'a str, s: &mut SyslogFields<'a>) -> EventKind {
    use EventKind::*;
    let mut msg = message;
    for prefix in ["error: ", "fatal: "] {
        if let Some(r) = msg.strip_prefix(prefix) {
            msg = r;
        }
    }
    // Solaris: `[ID 800047 auth.info] Failed ...`
    if msg.starts_with("[ID ") {
        if let Some((_, r)) = msg.split_once("] ") {
            msg = r;
        }
    }
    if let Some(r) = msg.strip_prefix("Failed ") {
        auth_attempt(r, s);
        return AuthFailed;
    }
    if let Some(r) = msg.strip_prefix("Accepted ") {
        auth_attempt(r, s);
        return LoginSucceeded;
    }
    if let Some(r) = msg.strip_prefix("Invalid user ") {
        user_from(r, s);
        return AuthFailed;
    }
    for prefix in [
        "Connection closed by ",
        "Connection reset by ",
        "Disconnected from ",
        "Disconnecting ",
    ] {
        let Some(r) = msg.strip_prefix(prefix) else {
            continue;
        };
        if let Some(r) = r
            .strip_prefix("authenticating user ")
            .or_else(|| r.strip_prefix("invalid user "))
        {
            user_ip_port(r, s);
            // `Disconnecting ...: Too many authentication failures` sums up failures already
            // logged one by one.
            return if prefix == "Disconnecting " {
                SyslogMessage
            } else {
                AuthFailed
            };
        }
        if let Some(r) = r.strip_prefix("user ") {
            user_ip_port(r, s);
            return SyslogMessage;
        }
        // `Connection closed by ADDR port N [preauth]`; a host name only before ` port `
        // (`Connection closed by remote host` is no client).
        let w = word(r);
        if is_ip(w) || r.get(w.len()..).is_some_and(|t| t.starts_with(" port ")) {
            set_client(s, w);
        }
        return SyslogMessage;
    }
    if let Some(r) = msg.strip_prefix("User ") {
        // `User root from IP not allowed because not listed in AllowUsers` (or `listed in
        // DenyUsers`, `not in any group`, ...): the reason is sshd's, the last one.
        if let Some(at) = LAST_NOT_ALLOWED.rfind(r.as_bytes()) {
            user_from(r.get(..at).unwrap_or(r), s);
            return AuthFailed;
        }
    }
    // Older sshd with `PermitRootLogin no`: `ROOT LOGIN REFUSED FROM ADDR[ port N]`.
    if let Some(r) = msg.strip_prefix("ROOT LOGIN REFUSED FROM ") {
        s.user = Some("root");
        set_client(s, word(r));
        return AuthFailed;
    }
    // tcp_wrappers (hosts.deny): `refused connect from NAME (ADDR)`. A refusal before any
    // authentication: the client is named, no failure counted.
    if let Some(r) = msg.strip_prefix("refused connect from ") {
        refused_connect(r, s);
        return SyslogMessage;
    }
    if let Some(r) = msg.strip_prefix("PAM: ") {
        // `PAM: Authentication failure for NAME from HOST`
        if let Some((_, r)) = split(&FOR, r) {
            user_from(r, s);
            return AuthFailed;
        }
    }
    if let Some((_, r)) = split(&MAX_ATTEMPTS, msg) {
        user_from(r, s);
        return SyslogMessage;
    }
    if let Some(at) = find(&MORE_FAILURES, msg) {
        // `PAM 2 more authentication failures; ... rhost=IP  user=NAME`: a summary.
        let (rhost, user) = pam_fields(msg.get(at..).unwrap_or(""));
        set_client(s, rhost.unwrap_or(""));
        s.user = user;
        return SyslogMessage;
    }
    if pam(msg, s) == AuthFailed {
        return AuthFailed;
    }
    ip_after_keyword(msg, s);
    SyslogMessage
}

/// How many ` from ` of one line [`user_from_before_info`] looks at.
const MAX_FROM_CANDIDATES: usize = 8;

/// sshd's `METHOD for [invalid user ]NAME from ADDR port N ssh2[: INFO]` (after `Failed ` or
/// `Accepted `). Two parts are the client's: an invalid user's NAME (up to 100 bytes, spaces
/// and ` from ADDR port N ssh2` included) and, for `publickey` and `hostbased`, part of INFO
/// (a certificate's key id, the client user and host of hostbased). So the client is read
/// where the client cannot write: after a valid user's NAME, which is an account and one word;
/// for an invalid user, from the end when the method writes no INFO (`password`,
/// `keyboard-interactive/pam`, `none`, ...), else before the first `: ` INFO (see
/// [`user_from_before_info`]: an invalid user's publickey line is the one shape both ends of
/// which are the client's).
fn auth_attempt<'a>(r: &'a str, s: &mut SyslogFields<'a>) {
    let Some((method, rest)) = split(&FOR, r) else {
        return;
    };
    let invalid = ["invalid user ", "illegal user "]
        .iter()
        .find_map(|p| rest.strip_prefix(p));
    match invalid {
        None => match split_byte(rest, b' ') {
            Some((user, after)) if after.starts_with("from ") => {
                s.user = (!user.is_empty()).then_some(user);
                set_client(s, word(after.get(5..).unwrap_or("")).trim_end_matches(':'));
            }
            _ => user_from(rest, s),
        },
        Some(name) if matches!(method, "publickey" | "hostbased") => user_from_before_info(name, s),
        Some(name) => user_from(name, s),
    }
}

/// An invalid user's `NAME from ADDR port N ssh2: INFO` (publickey, hostbased): the first
/// ` from ADDR port N ssh2` followed by `: `; failing an address there, the first such
/// ` from HOST port N ssh2: ` with a host name (`UseDNS yes`); else as [`user_from`]. An
/// address is preferred so that a host-name-shaped decoy in the name cannot hide the address
/// sshd wrote after it.
fn user_from_before_info<'a>(r: &'a str, s: &mut SyslogFields<'a>) {
    let b = r.as_bytes();
    let mut pos = 0;
    let mut first_host: Option<(&'a str, &'a str)> = None;
    for _ in 0..MAX_FROM_CANDIDATES {
        // ` from ` (or `from ` at the start, for an empty name).
        let at = if pos == 0 && r.starts_with("from ") {
            Some(0)
        } else {
            r.get(pos..)
                .and_then(|t| find(&SPACE_FROM, t))
                .map(|o| pos + o + 1)
        };
        let Some(at) = at else {
            break;
        };
        let host = r.get(at + 5..).unwrap_or("");
        let ip = word(host);
        let after = host.get(ip.len()..).unwrap_or("");
        let after = after
            .strip_prefix(" port ")
            .map(|p| p.trim_start_matches(|c: char| c.is_ascii_digit()))
            .unwrap_or("");
        let after = after.strip_prefix(" ssh").map_or(after, |v| {
            v.trim_start_matches(|c: char| c.is_ascii_digit())
        });
        if after.starts_with(": ") {
            let user = r.get(..at.saturating_sub(1)).unwrap_or("");
            if is_ip(ip) {
                s.user = (!user.is_empty()).then_some(user);
                set_client(s, ip);
                return;
            }
            if first_host.is_none() && is_host_name(ip) {
                first_host = Some((user, ip));
            }
        }
        pos = at + 5;
        if b.get(pos).is_none() {
            break;
        }
    }
    match first_host {
        Some((user, host)) => {
            s.user = (!user.is_empty()).then_some(user);
            set_client(s, host);
        }
        None => user_from(r, s),
    }
}

/// `[invalid user ]NAME from HOST[ port N ...]`: the user and the client, `client_ip` when
/// HOST is an address, `client_host` when it is a host name (`UseDNS yes`). The name is
/// whatever the client sent, spaces and ` from ADDR port N ssh2` included, and sshd writes it
/// unescaped before the client: the client is read from the end, after the last ` from `, and
/// everything before it is the name. When a host name follows that last
/// ` from `, that is the client (`client_host`), never an address from an earlier ` from `
/// inside the name.
/// For lines where sshd writes nothing of the client's after the address (see
/// [`auth_attempt`] for those where it does).
fn user_from<'a>(r: &'a str, s: &mut SyslogFields<'a>) {
    let r = ["invalid user ", "illegal user "]
        .iter()
        .find_map(|p| r.strip_prefix(p))
        .unwrap_or(r);
    let (user, host) = match LAST_FROM.rfind(r.as_bytes()) {
        Some(at) => (r.get(..at).unwrap_or(""), r.get(at + 6..).unwrap_or("")),
        None => match r.strip_prefix("from ") {
            Some(host) => ("", host),
            None => {
                // Truncated before the client.
                s.user = Some(word(r)).filter(|u| !u.is_empty());
                return;
            }
        },
    };
    s.user = (!user.is_empty()).then_some(user);
    set_client(s, word(host).trim_end_matches(':'));
}

/// tcp_wrappers' `NAME (ADDR)`: NAME is the host or `user@host`, the user an ident answer the
/// client gives, so the address is the parenthesised word at the end, and the host name the
/// part of NAME after its last `@`. Without the address (no Debian patch), the host after the
/// last `@`, an address or a name. tcp_wrappers' `unknown` (no name resolved) is no host.
fn refused_connect<'a>(r: &'a str, s: &mut SyslogFields<'a>) {
    let r = r.trim_end();
    let (name, ip) = match r.strip_suffix(')') {
        Some(head) => head.rsplit_once(" (").unwrap_or(("", "")),
        None => (r, ""),
    };
    let host = name.rsplit('@').next().unwrap_or("");
    let host = if host == "unknown" { "" } else { host };
    if is_ip(ip) {
        s.client_ip = Some(ip);
        s.client_host = is_host_name(host).then_some(host);
    } else {
        set_client(s, host);
    }
}

/// `NAME ADDR port N [preauth]` (user and client before ` port `; the client a host name
/// with `UseDNS yes`, read only when ` port ` follows it).
fn user_ip_port<'a>(r: &'a str, s: &mut SyslogFields<'a>) {
    // The client is the last word before the last ` port ` (a user name may hold spaces).
    let port = memchr::memmem::rfind(r.as_bytes(), b" port ");
    let head = port.and_then(|at| r.get(..at)).unwrap_or(r);
    match head.rsplit_once(' ') {
        Some((user, client)) if is_ip(client) || (port.is_some() && is_host_name(client)) => {
            s.user = (!user.is_empty()).then_some(user);
            set_client(s, client);
        }
        _ => s.user = Some(word(head)).filter(|u| !u.is_empty()),
    }
}

/// Sets the client of `s` from the word where a line names it: `client_ip` when it is an
/// address, `client_host` when it is a host name (see [`is_host_name`]), neither otherwise.
fn set_client<'a>(s: &mut SyslogFields<'a>, w: &'a str) {
    s.client_ip = is_ip(w).then_some(w);
    s.client_host = (!is_ip(w) && is_host_name(w)).then_some(w);
}

/// Whether `w` is shaped like a host name, as sshd (`UseDNS yes`), PAM's `rhost=`, MariaDB and
/// tcp_wrappers write a resolved client: ASCII letters, digits, dots and hyphens, at least one
/// letter (so no IPv4 address), 253 bytes at most, no empty label, no label starting or ending
/// with a hyphen (nor a trailing dot). `scanner.example.net`, `71-13-115-12.static.example.com`,
/// `localhost`; not `<script>`, `host:22`, `-x`, `a..b`, `192.0.2.1`.
fn is_host_name(w: &str) -> bool {
    !w.is_empty()
        && w.len() <= 253
        && w.bytes().any(|b| b.is_ascii_alphabetic())
        && w.split('.').all(|label| {
            let b = label.as_bytes();
            !b.is_empty()
                && b.len() <= 63
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                && b.first() != Some(&b'-')
                && b.last() != Some(&b'-')
        })
}

/// The address after ` from `, ` by `, ` with ` or ` for ` (`Did not receive identification
/// string from IP`, `Unable to negotiate with IP port N`, `Timeout before authentication for
/// IP port N`).
fn ip_after_keyword<'a>(msg: &'a str, s: &mut SyslogFields<'a>) {
    for key in [&FROM, &BY, &WITH, &FOR_IP] {
        let len = key.needle().len();
        let mut from = 0;
        while let Some(off) = msg.get(from..).and_then(|t| find(key, t)) {
            let at = from + off;
            if at == 0 || msg.as_bytes().get(at - 1) == Some(&b' ') {
                let ip = word(msg.get(at + len..).unwrap_or("")).trim_end_matches(':');
                if is_ip(ip) {
                    s.client_ip = Some(ip);
                    return;
                }
            }
            from = at + len;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kernel_fields(line: &str) -> (EventKind, KernelFields<'_>) {
        let event = parse(line).unwrap_or_else(|| panic!("no parse: {line}"));
        match event.fields {
            Fields::Kernel(k) => (event.kind, k),
            fields => panic!("not kernel fields: {fields:?}"),
        }
    }

    fn syslog_fields(line: &str) -> (EventKind, SyslogFields<'_>) {
        let event = parse(line).unwrap_or_else(|| panic!("no parse: {line}"));
        match event.fields {
            Fields::Syslog(s) => (event.kind, s),
            fields => panic!("not syslog fields: {fields:?}"),
        }
    }

    /// `kernel!(name: line => Kind, field = value, ...)`.
    macro_rules! kernel {
        ($name:ident: $line:expr => $kind:ident $(, $($field:ident).+ = $value:expr)* $(,)?) => {
            #[test]
            fn $name() {
                let (kind, k) = kernel_fields($line);
                assert_eq!(kind, EventKind::$kind, "kind of {}", $line);
                let _ = &k;
                $( assert_eq!(k.$($field).+, $value, "field {}", stringify!($($field).+)); )*
            }
        };
    }

    /// `case!(name: line => Kind, field = value, ...)` for syslog fields.
    macro_rules! case {
        ($name:ident: $line:expr => $kind:ident $(, $($field:ident).+ = $value:expr)* $(,)?) => {
            #[test]
            fn $name() {
                let (kind, s) = syslog_fields($line);
                assert_eq!(kind, EventKind::$kind, "kind of {}", $line);
                let _ = &s;
                $( assert_eq!(s.$($field).+, $value, "field {}", stringify!($($field).+)); )*
            }
        };
    }

    /// `cont!(name: line => Kind, message)`: a continuation line: no time, no header, no
    /// field but the message.
    macro_rules! cont {
        ($name:ident: $line:expr => $kind:ident, $message:expr) => {
            #[test]
            fn $name() {
                let event = parse($line).unwrap_or_else(|| panic!("no parse: {:?}", $line));
                assert_eq!(event.time, None, "time");
                assert_eq!(event.kind, EventKind::$kind, "kind");
                match event.fields {
                    Fields::Syslog(s) => assert_eq!(
                        s,
                        SyslogFields {
                            message: $message,
                            ..SyslogFields::default()
                        }
                    ),
                    Fields::Kernel(k) => assert_eq!(
                        k,
                        KernelFields {
                            message: $message,
                            ..KernelFields::default()
                        }
                    ),
                    fields => panic!("not syslog or kernel fields: {fields:?}"),
                }
            }
        };
    }

    // ---- kernel: OOM ----
    kernel!(oom_invoked: "Nov 24 03:40:00 db1 kernel: [812345.123456] php-fpm8.2 invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0"
        => OomInvoked, process = Some("php-fpm8.2"), message = "php-fpm8.2 invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0",
           header.host = Some("db1"), header.program = Some("kernel"));
    kernel!(oom_invoked_name_with_space: "Nov 24 03:40:00 db1 kernel: [ 9123.000001] Web Content invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=167"
        => OomInvoked, process = Some("Web Content"));
    kernel!(oom_killed_modern: "Nov 24 03:40:01 db1 kernel: [812345.234567] Out of memory: Killed process 1187 (mariadbd) total-vm:3356124kB, anon-rss:1874520kB, file-rss:0kB, shmem-rss:0kB, UID:106 pgtables:4512kB oom_score_adj:0"
        => OomKill, process = Some("mariadbd"), pid = Some(1187), uid = Some(106), total_vm_kb = Some(3_356_124), anon_rss_kb = Some(1_874_520));
    kernel!(oom_kill_old_score: "Nov 24 03:40:01 db1 kernel: [ 4711.100200] Out of memory: Kill process 2290 (mysqld) score 611 or sacrifice child"
        => OomKill, process = Some("mysqld"), pid = Some(2290), uid = None, total_vm_kb = None);
    kernel!(oom_killed_old_followup: "Nov 24 03:40:01 db1 kernel: [ 4711.100400] Killed process 2290 (mysqld) total-vm:2210004kB, anon-rss:1100220kB, file-rss:0kB, shmem-rss:0kB"
        => OomKill, process = Some("mysqld"), pid = Some(2290), total_vm_kb = Some(2_210_004), anon_rss_kb = Some(1_100_220), uid = None);
    kernel!(oom_memcg: "Nov 24 03:40:02 web1 kernel: Memory cgroup out of memory: Killed process 40121 (php-fpm8.2) total-vm:612300kB, anon-rss:401220kB, file-rss:11020kB, shmem-rss:120kB, UID:33 pgtables:1100kB oom_score_adj:0"
        => OomKill, process = Some("php-fpm8.2"), pid = Some(40121), uid = Some(33), anon_rss_kb = Some(401_220));
    kernel!(oom_memcg_old: "Nov 24 03:40:02 web1 kernel: [100.000001] Memory cgroup out of memory: Kill process 4012 (node) score 1020 or sacrifice child"
        => OomKill, process = Some("node"), pid = Some(4012));
    kernel!(oom_allocating_task: "Nov 24 03:40:02 web1 kernel: Out of memory (oom_kill_allocating_task): Kill process 512 (java) score 0 or sacrifice child"
        => OomKill, process = Some("java"), pid = Some(512));
    kernel!(oom_killed_paren_name: "Nov 24 03:40:02 web1 kernel: Out of memory: Killed process 901 ((sd-pam)) total-vm:1000kB, anon-rss:10kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:100"
        => OomKill, process = Some("(sd-pam)"), pid = Some(901), uid = Some(0));
    kernel!(oom_reaped: "Nov 24 03:40:03 db1 kernel: [812345.345678] oom_reaper: reaped process 1187 (mariadbd), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"
        => OomReaped, process = Some("mariadbd"), pid = Some(1187), anon_rss_kb = None);
    kernel!(oom_kill_constraint: "Nov 24 03:40:01 db1 kernel: [812345.200000] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/mariadb.service,task=mariadbd,pid=1187,uid=106"
        => KernelMessage, process = Some("mariadbd"), pid = Some(1187), uid = Some(106));
    kernel!(oom_truncated: "Nov 24 03:40:01 db1 kernel: [812345.234567] Out of memory: Killed process 1187 (mari"
        => OomKill, pid = Some(1187), process = Some("mari"), total_vm_kb = None);
    kernel!(kernel_other: "Nov 24 03:40:04 db1 kernel: [812346.000000] [UFW BLOCK] IN=eth0 OUT= SRC=192.0.2.1 DST=198.51.100.2 PROTO=TCP SPT=4242 DPT=22"
        => KernelMessage, message = "[UFW BLOCK] IN=eth0 OUT= SRC=192.0.2.1 DST=198.51.100.2 PROTO=TCP SPT=4242 DPT=22", process = None);
    kernel!(kernel_task_table_kept: "Nov 24 03:40:00 db1 kernel: [812345.200000] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name"
        => KernelMessage, message = "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name");
    kernel!(kernel_no_uptime_journal: "2026-11-24T03:40:01+0900 db1 kernel: Out of memory: Killed process 1187 (mariadbd) total-vm:3356124kB, anon-rss:1874520kB, file-rss:0kB, shmem-rss:0kB, UID:106 pgtables:4512kB oom_score_adj:0"
        => OomKill, pid = Some(1187), header.host = Some("db1"));
    kernel!(kernel_ext4_full: "Nov 24 05:00:00 db1 kernel: [900000.000001] EXT4-fs warning (device sda1): ext4_dx_add_entry:2461: inode #131073: comm mariadbd: No space left on device"
        => DiskFull);
    kernel!(kernel_macos_pid: "Sep 13 00:58:45 mac1 kernel[0]: AppleThunderbolt power state change"
        => KernelMessage, header.pid = Some(0));

    // ---- systemd ----
    case!(unit_started_new: "Nov 24 03:41:00 db1 systemd[1]: Started mariadb.service - MariaDB 10.11.6 database server."
        => UnitStarted, unit = Some("mariadb.service"), header.program = Some("systemd"), header.pid = Some(1));
    case!(unit_started_old: "Nov 24 03:41:00 db1 systemd[1]: Started MariaDB 10.3 database server."
        => UnitStarted, unit = Some("MariaDB 10.3 database server"));
    case!(unit_stopping_new: "Nov 24 03:41:00 db1 systemd[1]: Stopping nginx.service - A high performance web server and a reverse proxy server..."
        => UnitStopping, unit = Some("nginx.service"));
    case!(unit_stopping_old: "Nov 24 03:41:00 db1 systemd[1]: Stopping MariaDB 10.3 database server..."
        => UnitStopping, unit = Some("MariaDB 10.3 database server"));
    case!(unit_stopped: "Nov 24 03:41:01 db1 systemd[1]: Stopped mariadb.service - MariaDB 10.11.6 database server."
        => UnitStopped, unit = Some("mariadb.service"));
    case!(unit_starting: "Nov 24 03:41:02 db1 systemd[1]: Starting mariadb.service - MariaDB 10.11.6 database server..."
        => SyslogMessage, unit = Some("mariadb.service"));
    case!(unit_main_killed: "Nov 24 03:40:01 db1 systemd[1]: mariadb.service: Main process exited, code=killed, status=9/KILL"
        => UnitFailed, unit = Some("mariadb.service"), result = Some("killed"));
    case!(unit_main_exited_failure: "Nov 24 03:40:01 db1 systemd[1]: php8.2-fpm.service: Main process exited, code=exited, status=78/CONFIG"
        => UnitFailed, unit = Some("php8.2-fpm.service"), result = Some("78/CONFIG"));
    case!(unit_main_exited_success: "Nov 24 03:40:01 db1 systemd[1]: backup.service: Main process exited, code=exited, status=0/SUCCESS"
        => SyslogMessage, unit = Some("backup.service"), result = None);
    case!(unit_control_dumped: "Nov 24 03:40:01 db1 systemd[1]: nginx.service: Control process exited, code=dumped, status=11/SEGV"
        => UnitFailed, result = Some("dumped"));
    case!(unit_failed_oom_kill: "Nov 24 03:40:01 db1 systemd[1]: mariadb.service: Failed with result 'oom-kill'."
        => UnitFailed, unit = Some("mariadb.service"), result = Some("oom-kill"));
    case!(unit_failed_exit_code: "2026-11-24T03:40:01.000123+09:00 db1 systemd[1]: mariadb.service: Failed with result 'exit-code'."
        => UnitFailed, result = Some("exit-code"));
    case!(unit_oom_killer: "Nov 24 03:40:01 db1 systemd[1]: mariadb.service: A process of this unit has been killed by the OOM killer."
        => UnitFailed, unit = Some("mariadb.service"), result = Some("oom-kill"));
    case!(unit_restart_scheduled: "Nov 24 03:40:06 db1 systemd[1]: mariadb.service: Scheduled restart job, restart counter is at 1."
        => SyslogMessage, unit = Some("mariadb.service"));
    case!(unit_failed_to_start: "Nov 24 03:40:07 db1 systemd[1]: Failed to start mariadb.service - MariaDB 10.11.6 database server."
        => UnitFailed, unit = Some("mariadb.service"));
    case!(unit_entered_failed_old: "Nov 24 03:40:07 db1 systemd[1]: Unit mysql.service entered failed state."
        => UnitFailed, unit = Some("mysql.service"));
    case!(unit_entered_failed_newer: "Nov 24 03:40:07 db1 systemd[1]: mysql.service: Unit entered failed state."
        => UnitFailed, unit = Some("mysql.service"));
    case!(unit_template: "Nov 24 03:40:08 db1 systemd[1]: getty@tty1.service: Deactivated successfully."
        => SyslogMessage, unit = Some("getty@tty1.service"));
    case!(user_systemd: "2026-11-24T03:40:08.100000+09:00 db1 systemd[4179]: Stopped target Basic System."
        => UnitStopped, unit = Some("target Basic System"), header.pid = Some(4179));
    case!(systemd_other: "Nov 24 03:40:09 db1 systemd[1]: Reloading."
        => SyslogMessage, unit = None);

    // ---- sshd ----
    case!(ssh_failed_password: "Nov 24 03:50:00 web1 sshd[21011]: Failed password for root from 203.0.113.9 port 52144 ssh2"
        => AuthFailed, user = Some("root"), client_ip = Some("203.0.113.9"), header.program = Some("sshd"));
    case!(ssh_failed_invalid_user: "Nov 24 03:50:01 web1 sshd[21012]: Failed password for invalid user admin from 203.0.113.10 port 40022 ssh2"
        => AuthFailed, user = Some("admin"), client_ip = Some("203.0.113.10"));
    case!(ssh_failed_ipv6: "Nov 24 03:50:01 web1 sshd[21012]: Failed password for invalid user oracle from 2001:db8:1::9 port 40022 ssh2"
        => AuthFailed, user = Some("oracle"), client_ip = Some("2001:db8:1::9"));
    case!(ssh_failed_publickey: "Nov 24 03:50:02 web1 sshd-session[21013]: Failed publickey for git from 192.0.2.44 port 50000 ssh2: ED25519 SHA256:AbCdEf0123456789"
        => AuthFailed, user = Some("git"), client_ip = Some("192.0.2.44"), header.program = Some("sshd-session"));
    case!(ssh_failed_kbd_pam: "Nov 24 03:50:03 web1 sshd[21014]: Failed keyboard-interactive/pam for invalid user test from 192.0.2.45 port 50001 ssh2"
        => AuthFailed, user = Some("test"), client_ip = Some("192.0.2.45"));
    case!(ssh_invalid_user: "Nov 24 03:50:04 web1 sshd[21015]: Invalid user ubnt from 198.51.100.77 port 38812"
        => AuthFailed, user = Some("ubnt"), client_ip = Some("198.51.100.77"));
    case!(ssh_invalid_user_empty: "Nov 24 03:50:04 web1 sshd[21015]: Invalid user  from 198.51.100.78 port 38813"
        => AuthFailed, user = None, client_ip = Some("198.51.100.78"));
    case!(ssh_invalid_user_no_port: "Nov 24 03:50:04 web1 sshd[21015]: Invalid user deploy from 198.51.100.79"
        => AuthFailed, user = Some("deploy"), client_ip = Some("198.51.100.79"));
    case!(ssh_closed_authenticating: "Nov 24 03:50:05 web1 sshd[21016]: Connection closed by authenticating user root 203.0.113.9 port 52150 [preauth]"
        => AuthFailed, user = Some("root"), client_ip = Some("203.0.113.9"));
    case!(ssh_disconnected_invalid: "Nov 24 03:50:05 web1 sshd[21017]: Disconnected from invalid user admin 203.0.113.11 port 52151 [preauth]"
        => AuthFailed, user = Some("admin"), client_ip = Some("203.0.113.11"));
    case!(ssh_reset_authenticating: "Nov 24 03:50:05 web1 sshd[21018]: Connection reset by authenticating user root 203.0.113.12 port 52152 [preauth]"
        => AuthFailed, user = Some("root"), client_ip = Some("203.0.113.12"));
    case!(ssh_closed_preauth_no_user: "Nov 24 03:50:06 web1 sshd[21019]: Connection closed by 203.0.113.13 port 52153 [preauth]"
        => SyslogMessage, user = None, client_ip = Some("203.0.113.13"));
    case!(ssh_disconnected_user_logout: "Nov 24 03:50:06 web1 sshd[21020]: Disconnected from user deploy 192.0.2.50 port 51000"
        => SyslogMessage, user = Some("deploy"), client_ip = Some("192.0.2.50"));
    case!(ssh_too_many: "Nov 24 03:50:07 web1 sshd[21021]: Disconnecting authenticating user root 203.0.113.9 port 52160: Too many authentication failures [preauth]"
        => SyslogMessage, user = Some("root"), client_ip = Some("203.0.113.9"));
    case!(ssh_max_attempts: "Nov 24 03:50:07 web1 sshd[21021]: error: maximum authentication attempts exceeded for root from 203.0.113.9 port 52160 ssh2 [preauth]"
        => SyslogMessage, user = Some("root"), client_ip = Some("203.0.113.9"));
    case!(ssh_accepted_publickey: "Nov 24 03:50:08 web1 sshd[21022]: Accepted publickey for deploy from 192.0.2.50 port 51000 ssh2: ED25519 SHA256:Zz9Yy8Xx7Ww6"
        => LoginSucceeded, user = Some("deploy"), client_ip = Some("192.0.2.50"));
    case!(ssh_accepted_password: "2026-11-24T03:50:08.501234+09:00 web1 sshd[21023]: Accepted password for admin from 2001:db8::42 port 51001 ssh2"
        => LoginSucceeded, user = Some("admin"), client_ip = Some("2001:db8::42"));
    case!(ssh_pam_failure: "Nov 24 03:50:09 web1 sshd[21024]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9  user=root"
        => AuthFailed, user = Some("root"), client_ip = Some("203.0.113.9"));
    case!(ssh_pam_failure_no_user: "Nov 24 03:50:09 web1 sshd[21024]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.10"
        => AuthFailed, user = None, client_ip = Some("203.0.113.10"));
    case!(ssh_pam_more_failures: "Nov 24 03:50:10 web1 sshd[21024]: PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9  user=root"
        => SyslogMessage, user = Some("root"), client_ip = Some("203.0.113.9"));
    case!(ssh_not_allowed: "Nov 24 03:50:11 web1 sshd[21025]: User root from 203.0.113.14 not allowed because not listed in AllowUsers"
        => AuthFailed, user = Some("root"), client_ip = Some("203.0.113.14"));
    case!(ssh_pam_error: "Nov 24 03:50:12 web1 sshd[21026]: error: PAM: Authentication failure for alice from 192.0.2.60"
        => AuthFailed, user = Some("alice"), client_ip = Some("192.0.2.60"));
    case!(ssh_no_identification: "Nov 24 03:50:13 web1 sshd[21027]: Did not receive identification string from 198.51.100.3 port 61000"
        => SyslogMessage, client_ip = Some("198.51.100.3"));
    case!(ssh_negotiate: "Nov 24 03:50:14 web1 sshd[21028]: Unable to negotiate with 198.51.100.4 port 61001: no matching key exchange method found. Their offer: diffie-hellman-group1-sha1 [preauth]"
        => SyslogMessage, client_ip = Some("198.51.100.4"));
    case!(ssh_timeout: "Nov 24 03:50:15 web1 sshd[21029]: fatal: Timeout before authentication for 198.51.100.5 port 61002"
        => SyslogMessage, client_ip = Some("198.51.100.5"));
    case!(ssh_solaris_prefix: "Nov 24 03:50:16 sol1 sshd[21030]: [ID 800047 auth.info] Failed keyboard-interactive for bob from 192.0.2.61 port 42742 ssh2"
        => AuthFailed, user = Some("bob"), client_ip = Some("192.0.2.61"));
    case!(ssh_user_injection: "Nov 24 03:50:17 web1 sshd[21031]: Failed password for invalid user from x from 192.0.2.62 port 4000 ssh2"
        => AuthFailed, user = Some("from x"), client_ip = Some("192.0.2.62"));
    case!(ssh_truncated: "Nov 24 03:50:18 web1 sshd[21032]: Failed password for ro"
        => AuthFailed, user = Some("ro"), client_ip = None);

    case!(ssh_invalid_user_empty_name: "Nov 24 03:50:18 web1 sshd[21032]: Failed password for invalid user from 203.0.113.60 port 50099 ssh2"
        => AuthFailed, user = None, client_ip = Some("203.0.113.60"));
    case!(ssh_host_name_client: "Nov 24 03:50:19 web1 sshd[21033]: error: PAM: Authentication failure for carol from client.example.net"
        => AuthFailed, user = Some("carol"), client_ip = None, client_host = Some("client.example.net"));
    // `UseDNS yes`: sshd names the client by its host name: `client_host`, never `client_ip`.
    case!(ssh_use_dns_failed_password: "Nov 24 03:50:19 web1 sshd[21036]: Failed password for root from host.example.com port 22 ssh2"
        => AuthFailed, user = Some("root"), client_ip = None, client_host = Some("host.example.com"));
    case!(ssh_use_dns_invalid_user: "Nov 24 03:50:19 web1 sshd[21037]: Invalid user admin from scanner.example.net port 4242"
        => AuthFailed, user = Some("admin"), client_ip = None, client_host = Some("scanner.example.net"));
    case!(ssh_use_dns_failed_invalid_user: "Nov 24 03:50:19 web1 sshd[21037]: Failed password for invalid user admin from scanner.example.net port 4242 ssh2"
        => AuthFailed, user = Some("admin"), client_ip = None, client_host = Some("scanner.example.net"));
    case!(ssh_use_dns_closed_authenticating: "Nov 24 03:50:19 web1 sshd[21038]: Connection closed by authenticating user root some.host.example port 22 [preauth]"
        => AuthFailed, user = Some("root"), client_ip = None, client_host = Some("some.host.example"));
    case!(ssh_use_dns_accepted: "Nov 24 03:50:19 web1 sshd-session[21039]: Accepted publickey for deploy from ci-runner-3.example.org port 51000 ssh2: ED25519 SHA256:Zz9Yy8Xx7Ww6"
        => LoginSucceeded, user = Some("deploy"), client_ip = None, client_host = Some("ci-runner-3.example.org"));
    case!(ssh_use_dns_accepted_build_host: "Nov 24 03:50:19 web1 sshd[21039]: Accepted publickey for deploy from build.example.org port 50122 ssh2: ED25519 SHA256:Zz9Yy8Xx7Ww6"
        => LoginSucceeded, user = Some("deploy"), client_ip = None, client_host = Some("build.example.org"));
    case!(ssh_use_dns_max_attempts: "Nov 24 03:50:19 web1 sshd[21039]: error: maximum authentication attempts exceeded for root from host.example.com port 22 ssh2 [preauth]"
        => SyslogMessage, user = Some("root"), client_ip = None, client_host = Some("host.example.com"));
    case!(ssh_use_dns_not_allowed: "Nov 24 03:50:19 web1 sshd[21039]: User root from example.com not allowed because not listed in AllowUsers"
        => AuthFailed, user = Some("root"), client_ip = None, client_host = Some("example.com"));
    case!(ssh_use_dns_pam_error_via: "Apr 29 17:16:20 mac1 sshd[62312]: error: PAM: authentication error for james from example.com via 192.168.1.201"
        => AuthFailed, user = Some("james"), client_ip = None, client_host = Some("example.com"));
    case!(ssh_use_dns_closed_by_host: "Nov 24 03:50:19 web1 sshd[21039]: Connection closed by gw-1.example.net port 52153 [preauth]"
        => SyslogMessage, user = None, client_ip = None, client_host = Some("gw-1.example.net"));
    case!(ssh_use_dns_disconnected_invalid: "Nov 24 03:50:19 web1 sshd[21039]: Disconnected from invalid user admin scanner.example.net port 52151 [preauth]"
        => AuthFailed, user = Some("admin"), client_ip = None, client_host = Some("scanner.example.net"));
    case!(ssh_use_dns_root_login_refused: "Nov 24 03:50:19 web1 sshd[21034]: ROOT LOGIN REFUSED FROM host.example.com port 40110"
        => AuthFailed, user = Some("root"), client_ip = None, client_host = Some("host.example.com"));
    case!(ssh_use_dns_invalid_publickey: "Nov 24 03:50:19 web1 sshd[21039]: Failed publickey for invalid user oracle from host.example.com port 50203 ssh2: ECDSA SHA256:cXV4Y29yZ2U"
        => AuthFailed, user = Some("oracle"), client_ip = None, client_host = Some("host.example.com"));
    case!(pam_rhost_host_name: "May 12 09:47:54 vaio sshd[16004]: (pam_unix) authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=71-13-115-12.static.example.com  user=root"
        => AuthFailed, user = Some("root"), client_ip = None, client_host = Some("71-13-115-12.static.example.com"));
    case!(pam_more_failures_host_name: "Nov 24 03:50:10 web1 sshd[21024]: PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=host.example.com  user=root"
        => SyslogMessage, user = Some("root"), client_ip = None, client_host = Some("host.example.com"));
    // An address stays `client_ip` (IPv6 included), and the client field that is not the
    // client's kind stays empty.
    case!(ssh_ipv6_is_no_host: "Nov 24 03:50:19 web1 sshd[21039]: Invalid user admin from 2001:db8::7 port 4242"
        => AuthFailed, user = Some("admin"), client_ip = Some("2001:db8::7"), client_host = None);
    case!(ssh_ipv4_is_no_host: "Nov 24 03:50:19 web1 sshd[21039]: Failed password for root from 203.0.113.9 port 22 ssh2"
        => AuthFailed, client_ip = Some("203.0.113.9"), client_host = None);
    case!(ssh_ipv6_closed_authenticating: "Nov 24 03:50:19 web1 sshd[21039]: Connection closed by authenticating user root 2001:db8::9 port 52150 [preauth]"
        => AuthFailed, user = Some("root"), client_ip = Some("2001:db8::9"), client_host = None);
    // A word that is no host name (markup, a port suffix, an empty label, a bare number, a
    // leading hyphen) is neither.
    case!(ssh_garbage_client_is_neither: "Nov 24 03:50:19 web1 sshd[21039]: Invalid user admin from <script> port 4242"
        => AuthFailed, user = Some("admin"), client_ip = None, client_host = None);
    case!(ssh_garbage_client_failed_is_neither: "Nov 24 03:50:19 web1 sshd[21039]: Failed password for root from <script>alert(1)</script> port 22 ssh2"
        => AuthFailed, user = Some("root"), client_ip = None, client_host = None);
    case!(ssh_host_with_port_is_neither: "Nov 24 03:50:19 web1 sshd[21039]: Failed password for root from host.example.com:22 port 22 ssh2"
        => AuthFailed, client_ip = None, client_host = None);
    case!(ssh_empty_label_is_neither: "Nov 24 03:50:19 web1 sshd[21039]: Invalid user admin from a..example.com port 4242"
        => AuthFailed, client_ip = None, client_host = None);
    case!(ssh_bad_address_is_neither: "Nov 24 03:50:19 web1 sshd[21039]: Invalid user admin from 999.1.2 port 4242"
        => AuthFailed, client_ip = None, client_host = None);
    case!(ssh_leading_hyphen_is_neither: "Nov 24 03:50:19 web1 sshd[21039]: Invalid user admin from -oProxyCommand=x port 4242"
        => AuthFailed, client_ip = None, client_host = None);
    case!(pam_garbage_rhost_is_neither: "Nov 24 03:50:09 web1 sshd[21024]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=<b>x</b>  user=root"
        => AuthFailed, user = Some("root"), client_ip = None, client_host = None);
    // Free text where no client stands is no host: only a word before ` port ` is read there.
    case!(ssh_closed_by_remote_host_is_no_client: "Nov 24 03:50:19 web1 sshd[21039]: Connection closed by remote host"
        => SyslogMessage, client_ip = None, client_host = None);
    case!(ssh_closed_by_user_without_port_is_no_client: "Nov 24 03:50:19 web1 sshd[21039]: Connection closed by authenticating user root somewhere"
        => AuthFailed, user = Some("root"), client_ip = None, client_host = None);
    case!(ssh_not_allowed_deny_groups: "Nov 24 03:50:19 web1 sshd[21033]: User guest from 203.0.113.79 not allowed because a group is listed in DenyGroups"
        => AuthFailed, user = Some("guest"), client_ip = Some("203.0.113.79"));
    case!(ssh_not_allowed_metalog: "Nov 24 03:50:20 [sshd] User root from 203.0.113.80 not allowed because not listed in AllowUsers"
        => AuthFailed, user = Some("root"), client_ip = Some("203.0.113.80"), header.program = Some("sshd"), header.host = None);
    case!(ssh_root_login_refused: "Nov 24 03:50:21 web1 sshd[21034]: ROOT LOGIN REFUSED FROM 203.0.113.81 port 40110"
        => AuthFailed, user = Some("root"), client_ip = Some("203.0.113.81"));
    case!(ssh_root_login_refused_mapped: "Nov 24 03:50:21 web1 sshd[21034]: ROOT LOGIN REFUSED FROM ::ffff:203.0.113.82"
        => AuthFailed, user = Some("root"), client_ip = Some("::ffff:203.0.113.82"));
    case!(ssh_tcp_wrappers_refused: "Nov 24 03:50:22 web1 sshd[21035]: refused connect from scanner.example.net (203.0.113.83)"
        => SyslogMessage, user = None, client_ip = Some("203.0.113.83"), client_host = Some("scanner.example.net"));
    case!(ssh_tcp_wrappers_refused_bare: "Nov 24 03:50:22 web1 sshd[21035]: refused connect from 203.0.113.85"
        => SyslogMessage, client_ip = Some("203.0.113.85"), client_host = None);
    case!(ssh_tcp_wrappers_refused_unknown: "Nov 24 03:50:22 web1 sshd[21035]: refused connect from unknown (203.0.113.86)"
        => SyslogMessage, client_ip = Some("203.0.113.86"), client_host = None);
    case!(ssh_tcp_wrappers_refused_bare_name: "Nov 24 03:50:22 web1 sshd[21035]: refused connect from ident@scanner.example.net"
        => SyslogMessage, client_ip = None, client_host = Some("scanner.example.net"));

    // Regressions: the client named by text the client chose. sshd writes the user name
    // unescaped before ` from ADDR`; the first ` from ADDR` was taken.
    case!(regression_ssh_client_spoofed_through_user_name: "Nov 24 03:50:30 web1 sshd[21040]: Failed password for invalid user from 192.0.2.70 from 203.0.113.71 port 50100 ssh2"
        => AuthFailed, user = Some("from 192.0.2.70"), client_ip = Some("203.0.113.71"));
    case!(regression_ssh_client_spoofed_with_port_tail: "Nov 24 03:50:31 web1 sshd[21041]: Failed password for invalid user admin from 192.0.2.72 port 22 ssh2 from 203.0.113.73 port 50101 ssh2"
        => AuthFailed, user = Some("admin from 192.0.2.72 port 22 ssh2"), client_ip = Some("203.0.113.73"));
    // ... and what follows the port may be the client's too: a hostbased login's client user,
    // a certificate's key id.
    case!(regression_ssh_client_spoofed_through_auth_info: r#"Nov 24 03:50:32 web1 sshd[21042]: Failed hostbased for dan from 203.0.113.95 port 45785 ssh2: ED25519 SHA256:Qm9vYmFyYmF6, client user "x from 192.0.2.95 port 1 ssh2", client host "h""#
        => AuthFailed, user = Some("dan"), client_ip = Some("203.0.113.95"));
    case!(regression_ssh_client_spoofed_through_cert_id: "Nov 24 03:50:32 web1 sshd[21042]: Failed publickey for invalid user deploy from 203.0.113.96 port 50200 ssh2: ED25519-CERT SHA256:Zm9vYmFy ID x from 192.0.2.96 port 1 ssh2 (serial 7) CA ED25519 SHA256:YmF6cXV4"
        => AuthFailed, user = Some("deploy"), client_ip = Some("203.0.113.96"), client_host = None);
    // A host-name-shaped ` from NAME port N ssh2: ` inside an invalid user's name does not hide
    // the address sshd wrote after it; and a host name in the auth-info is not the client's.
    case!(regression_ssh_host_decoy_in_user_name: "Nov 24 03:50:32 web1 sshd[21042]: Failed publickey for invalid user x from decoy.example.net port 1 ssh2: y from 203.0.113.97 port 50204 ssh2: ED25519 SHA256:Zm9vYmFy"
        => AuthFailed, user = Some("x from decoy.example.net port 1 ssh2: y"), client_ip = Some("203.0.113.97"), client_host = None);
    case!(regression_ssh_host_in_auth_info: "Nov 24 03:50:32 web1 sshd[21042]: Failed hostbased for invalid user dan from host.example.com port 45785 ssh2: ED25519 SHA256:Qm9vYmFyYmF6, client user \"x from evil.example port 1 ssh2: \", client host \"evil.example\""
        => AuthFailed, user = Some("dan"), client_ip = None, client_host = Some("host.example.com"));
    case!(regression_ssh_accepted_valid_user_info_spoof: "Nov 24 03:50:32 web1 sshd[21042]: Accepted publickey for git from 203.0.113.98 port 50202 ssh2: RSA-CERT SHA256:Zm9vYmFy ID ci from 192.0.2.98 port 2 ssh2 (serial 9) CA RSA SHA256:YmF6cXV4"
        => LoginSucceeded, user = Some("git"), client_ip = Some("203.0.113.98"));
    // A password line carries no auth info: what follows its port is the user name's.
    case!(regression_ssh_password_no_auth_info: "Nov 24 03:50:32 web1 sshd[21042]: Failed password for invalid user t from 192.0.2.97 port 1 ssh2: from 203.0.113.97 port 50201 ssh2"
        => AuthFailed, user = Some("t from 192.0.2.97 port 1 ssh2:"), client_ip = Some("203.0.113.97"));
    case!(ssh_failed_publickey_invalid_user: "Nov 24 03:50:32 web1 sshd[21042]: Failed publickey for invalid user oracle from 203.0.113.99 port 50203 ssh2: ECDSA SHA256:cXV4Y29yZ2U"
        => AuthFailed, user = Some("oracle"), client_ip = Some("203.0.113.99"));
    case!(regression_ssh_invalid_user_spoof: "Nov 24 03:50:32 web1 sshd[21042]: Invalid user x from 192.0.2.74 from 203.0.113.75 port 50102"
        => AuthFailed, user = Some("x from 192.0.2.74"), client_ip = Some("203.0.113.75"));
    case!(regression_ssh_host_name_client_not_taken_from_user_name: "Nov 24 03:50:33 web1 sshd[21043]: Failed password for invalid user a from 192.0.2.76 from client.example.net port 50103 ssh2"
        => AuthFailed, user = Some("a from 192.0.2.76"), client_ip = None, client_host = Some("client.example.net"));
    case!(regression_ssh_not_allowed_spoof: "Nov 24 03:50:34 web1 sshd[21044]: User x from 192.0.2.77 not allowed because y from 203.0.113.78 not allowed because not listed in AllowUsers"
        => AuthFailed, user = Some("x from 192.0.2.77 not allowed because y"), client_ip = Some("203.0.113.78"));
    case!(regression_ssh_max_attempts_spoof: "Nov 24 03:50:35 web1 sshd[21045]: error: maximum authentication attempts exceeded for invalid user b from 192.0.2.79 from 203.0.113.79 port 50104 ssh2 [preauth]"
        => SyslogMessage, user = Some("b from 192.0.2.79"), client_ip = Some("203.0.113.79"));
    case!(regression_refused_connect_ident_spoof: "Nov 24 03:50:36 web1 sshd[21046]: refused connect from x (192.0.2.84)@host.example.net (203.0.113.84)"
        => SyslogMessage, client_ip = Some("203.0.113.84"), client_host = Some("host.example.net"));
    // PAM writes `ruser=R rhost=H  user=U`; a ` rhost=` in U or R chose the client.
    case!(regression_pam_rhost_spoofed_through_user: "Nov 24 03:50:37 web1 sshd[21047]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.86  user=root rhost=192.0.2.86"
        => AuthFailed, user = Some("root rhost=192.0.2.86"), client_ip = Some("203.0.113.86"));
    case!(regression_pam_rhost_spoofed_through_ruser: "Nov 24 03:50:38 ftp1 vsftpd: pam_unix(vsftpd:auth): authentication failure; logname= uid=0 euid=0 tty=ftp ruser=anon rhost=192.0.2.87 rhost=203.0.113.87"
        => AuthFailed, user = Some("anon rhost=192.0.2.87"), client_ip = Some("203.0.113.87"));
    case!(regression_pam_summary_spoof: "Nov 24 03:50:39 web1 sshd[21048]: PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.88  user=root rhost=192.0.2.88"
        => SyslogMessage, user = Some("root rhost=192.0.2.88"), client_ip = Some("203.0.113.88"));

    // ---- MariaDB / MySQL through syslog ----
    case!(mysqld_access_denied: "Nov 24 14:30:00 db1 mysqld[1187]: 2026-11-24 14:30:00 61 [Warning] Access denied for user 'wp'@'203.0.113.90' (using password: YES)"
        => AuthFailed, user = Some("wp"), client_ip = Some("203.0.113.90"), header.program = Some("mysqld"));
    case!(mariadbd_access_denied_old_stamp: "Nov 24 14:30:01 db1 mariadbd: 261124 14:30:01 [Warning] Access denied for user 'root'@'203.0.113.91' (using password: NO)"
        => AuthFailed, user = Some("root"), client_ip = Some("203.0.113.91"));
    case!(mysql8_access_denied: "2026-11-24T14:30:02+0900 db1 mysql[2769]: 2026-11-24T05:30:02.412345Z 344 [Note] Access denied for user 'sa'@'2001:db8::92' (using password: YES)"
        => AuthFailed, user = Some("sa"), client_ip = Some("2001:db8::92"));
    case!(mysqld_access_denied_localhost: "Nov 24 14:30:03 db1 /usr/sbin/mysqld[1187]: 2026-11-24 14:30:03 62 [Warning] Access denied for user 'backup'@'localhost' (using password: YES)"
        => AuthFailed, user = Some("backup"), client_ip = None, client_host = Some("localhost"));
    case!(mysqld_other_line: "Nov 24 14:30:04 db1 mysqld[1187]: 2026-11-24 14:30:04 0 [Note] InnoDB: Buffer pool(s) load completed"
        => SyslogMessage, user = None, client_ip = None);
    case!(regression_mysqld_host_spoofed_through_user: "Nov 24 14:30:05 db1 mariadbd[1187]: 2026-11-24 14:30:05 63 [Warning] Access denied for user 'x'@'192.0.2.93' (using password: YES'@'203.0.113.93' (using password: YES)"
        => AuthFailed, user = Some("x'@'192.0.2.93' (using password: YES"), client_ip = Some("203.0.113.93"));

    // ---- continuation lines: no time, no header, the message only ----
    cont!(cont_tab_indented: "\tcom.example.agent: configuration reloaded, 3 rules active."
        => SyslogMessage, "com.example.agent: configuration reloaded, 3 rules active.");
    cont!(cont_java_frame: "    at java.lang.Thread.run(Thread.java:750)"
        => SyslogMessage, "at java.lang.Thread.run(Thread.java:750)");
    cont!(cont_plist_body: "             retryInterval = 300;"
        => SyslogMessage, "retryInterval = 300;");
    cont!(cont_mem_info_wrap: "1620588kB active_file:56kB inactive_file:264kB unevictable:0kB writepending:0kB present:2080624kB managed:2014556kB mlocked:0kB"
        => KernelMessage, "1620588kB active_file:56kB inactive_file:264kB unevictable:0kB writepending:0kB present:2080624kB managed:2014556kB mlocked:0kB");
    cont!(cont_mem_info_wrap_mid_word: "_anon:1620588kB isolated(anon):0kB free_pcp:370"
        => KernelMessage, "_anon:1620588kB isolated(anon):0kB free_pcp:370");
    // Regression guard: an indented line's words are never read (no program says what they
    // are), so an sshd-shaped continuation is no authentication failure.
    cont!(cont_is_never_an_auth_failure: "\tFailed password for root from 203.0.113.9 port 52144 ssh2"
        => SyslogMessage, "Failed password for root from 203.0.113.9 port 52144 ssh2");

    // ---- other programs ----
    case!(su_pam_failure: "Nov 24 03:51:00 web1 su[3001]: pam_unix(su:auth): authentication failure; logname=deploy uid=1000 euid=0 tty=/dev/pts/0 ruser=deploy rhost=  user=root"
        => AuthFailed, user = Some("root"), client_ip = None);
    case!(dovecot_in_syslog: "Nov 24 03:51:01 mx1 dovecot: imap-login: Disconnected (auth failed, 1 attempts in 4 secs): user=<sam@example.com>, method=PLAIN, rip=203.0.113.20, lip=198.51.100.2, TLS"
        => AuthFailed, user = Some("sam@example.com"), client_ip = Some("203.0.113.20"));
    case!(dovecot_login_in_syslog: "Nov 24 03:51:02 mx1 dovecot: pop3-login: Login: user=<sam@example.com>, method=PLAIN, rip=203.0.113.21, lip=198.51.100.2"
        => LoginSucceeded, user = Some("sam@example.com"), client_ip = Some("203.0.113.21"));
    case!(dovecot_other_in_syslog: "Nov 24 03:51:03 mx1 dovecot: master: Dovecot v2.3.21 (47349e2482) starting up for imap, pop3, lmtp"
        => SyslogMessage, user = None);
    case!(postfix_in_syslog_is_plain: "Nov 24 03:51:04 mx1 postfix/smtpd[2301]: warning: unknown[203.0.113.50]: SASL LOGIN authentication failed: UGFzc3dvcmQ6"
        => SyslogMessage, header.program = Some("postfix/smtpd"), client_ip = None);
    case!(postfix_disk_full_in_syslog: "Nov 24 03:51:05 mx1 postfix/cleanup[2302]: warning: 7E1F0A2B3C: write queue file: No space left on device"
        => DiskFull);
    case!(mariadb_disk_full: "Nov 24 05:00:01 db1 mariadbd[1187]: 2026-11-24  5:00:01 12 [ERROR] mariadbd: Error writing file './mysql-bin.000123' (errno: 28 \"No space left on device\")"
        => DiskFull, header.program = Some("mariadbd"));
    case!(cron_plain: "Nov 24 03:17:01 web1 CRON[5511]: (root) CMD (cd / && run-parts --report /etc/cron.hourly)"
        => SyslogMessage, header.program = Some("CRON"), header.pid = Some(5511), message = "(root) CMD (cd / && run-parts --report /etc/cron.hourly)");
    case!(no_tag_line: "Nov 24 03:17:02 web1 last message repeated 3 times"
        => SyslogMessage, header.host = Some("web1"), header.program = None, message = "last message repeated 3 times");
    case!(rfc5424_sshd: "<38>1 2026-11-24T03:50:00.000Z web1 sshd 21011 - - Failed password for root from 203.0.113.9 port 52144 ssh2"
        => AuthFailed, user = Some("root"), client_ip = Some("203.0.113.9"), header.pid = Some(21011));
    case!(journal_short_iso_sshd: "2026-11-24T03:50:00+0900 web1 sshd[21011]: Invalid user test from 203.0.113.9 port 52144"
        => AuthFailed, user = Some("test"), header.host = Some("web1"));

    #[test]
    fn time_is_kept() {
        let event = parse("2026-11-24T03:50:00.123456+09:00 web1 sshd[1]: x").unwrap();
        let t = event.time.unwrap();
        assert_eq!(
            (t.year, t.month, t.day, t.nanos, t.offset_secs),
            (Some(2026), 11, 24, 123_456_000, Some(32400))
        );
        let event = parse("Nov  4 03:50:00 web1 sshd[1]: x").unwrap();
        assert_eq!(event.time.unwrap().year, None);
    }

    #[test]
    fn not_syslog_is_none() {
        for line in [
            "",
            "-- Boot 8f6c7d1e2a3b4c5d --",
            "}",
            " \t ",
            "Caused by: java.io.IOException: Broken pipe",
            "free:1 min:2kB",
            "278804kB inactive_anon:1620588kB hello world",
            "2026-11-24 03:12:01,123 fail2ban.actions        [901]: NOTICE  [sshd] Ban 203.0.113.9",
        ] {
            assert!(parse(line).is_none(), "{line:?}");
        }
    }

    #[test]
    fn continuation_lines_neither_hide_nor_make_a_format() {
        use crate::{detect_format, Format};
        // More continuation lines than headed ones (macOS syslogd notices).
        let mut head = Vec::new();
        for i in 0..5 {
            head.push(format!(
                "Nov 24 00:32:{i:02} mac1 syslogd[314]: Configuration Notice:"
            ));
            head.push("\tASL Module \"com.example.agent\" claims selected messages.".into());
            head.push("\tThose messages may not appear in the ASL database.".into());
        }
        assert_eq!(
            detect_format(head.iter().map(String::as_str)),
            Some(Format::Syslog)
        );
        // A kernel report with a wrapped Mem-Info line.
        let kernel = [
            "Nov 24 03:40:00 db1 kernel: [812345.300000] Node 0 DMA32 free:44672kB min:44696kB low:55868kB high:67040kB active_anon:",
            "278804kB inactive_anon:1620588kB active_file:56kB inactive_file:264kB",
            "Nov 24 03:40:00 db1 kernel: [812345.300001] lowmem_reserve[]: 0 0 0 0 0",
        ];
        assert_eq!(detect_format(kernel), Some(Format::Syslog));
        // Indented text, a Python traceback, Mem-Info-like pairs: no format.
        let text = [
            "def handler(event):",
            "    if event is None:",
            "        return 0",
            "    return len(event)",
        ];
        assert_eq!(detect_format(text), None);
        let indented_only = ["  - name: web", "    port: 80", "\tenabled: true"];
        assert_eq!(detect_format(indented_only), None);
        let traceback = [
            "Traceback (most recent call last):",
            "  File \"/srv/app/main.py\", line 3, in <module>",
            "    main()",
            "ValueError: bad value",
        ];
        assert_eq!(detect_format(traceback), None);
        let pairs = ["mem:12kB swap:0kB cache:3kB", "mem:13kB swap:0kB cache:4kB"];
        assert_eq!(detect_format(pairs), None);
    }

    #[test]
    fn truncated_lines_still_parse() {
        for line in [
            "Nov 24 03:40:01 db1 kernel: [812345.234567] Out of memory: Killed process 1187 (mariadbd) total-vm:3356124kB, anon-rss:1874520kB, file-rss:0kB, shmem-rss:0kB, UID:106 pgtables:4512kB oom_score_adj:0",
            "Nov 24 03:40:01 db1 systemd[1]: mariadb.service: Main process exited, code=killed, status=9/KILL",
            "Nov 24 03:50:05 web1 sshd[21016]: Connection closed by authenticating user root 2001:db8::9 port 52150 [preauth]",
        ] {
            for end in "Nov 24 03:40:01".len()..=line.len() {
                assert!(parse(&line[..end]).is_some(), "{:?}", &line[..end]);
            }
        }
    }

    #[test]
    fn serializes_contract_fields() {
        let event = parse("Nov 24 03:40:01 db1 kernel: [812345.234567] Out of memory: Killed process 1187 (mariadbd) total-vm:3356124kB, anon-rss:1874520kB, file-rss:0kB, shmem-rss:0kB, UID:106 pgtables:4512kB oom_score_adj:0").unwrap();
        let json = serde_json::to_value(&event.fields).unwrap();
        assert_eq!(json["process"], "mariadbd");
        assert_eq!(json["pid"], 1187);
        assert_eq!(json["uid"], 106);
        assert_eq!(json["total_vm_kb"], 3_356_124);
        assert_eq!(json["anon_rss_kb"], 1_874_520);
        assert_eq!(json["host"], "db1");
        assert!(json["message"]
            .as_str()
            .unwrap()
            .starts_with("Out of memory"));

        let event = parse(
            "Nov 24 03:40:01 db1 systemd[1]: mariadb.service: Failed with result 'oom-kill'.",
        )
        .unwrap();
        let json = serde_json::to_value(&event.fields).unwrap();
        assert_eq!(json["unit"], "mariadb.service");
        assert_eq!(json["result"], "oom-kill");
        assert_eq!(json["program"], "systemd");

        // A host name is `client_host`; the absent `client_ip` is not serialized, and an
        // address leaves `client_host` out.
        let event = parse(
            "Nov 24 03:50:19 web1 sshd[21036]: Failed password for root from host.example.com port 22 ssh2",
        )
        .unwrap();
        let json = serde_json::to_value(&event.fields).unwrap();
        assert_eq!(json["client_host"], "host.example.com");
        assert_eq!(json["user"], "root");
        assert!(json.get("client_ip").is_none(), "{json}");
        let event = parse(
            "Nov 24 03:50:19 web1 sshd[21036]: Failed password for root from 2001:db8::7 port 22 ssh2",
        )
        .unwrap();
        let json = serde_json::to_value(&event.fields).unwrap();
        assert_eq!(json["client_ip"], "2001:db8::7");
        assert!(json.get("client_host").is_none(), "{json}");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = parse(&s);
        }

        #[test]
        fn never_panics_on_syslog_like(
            prog in "(kernel|systemd\\[1\\]|sshd\\[9\\]|dovecot|su)",
            body in "(\\[ *[0-9.]{0,12}\\] )?(Out of memory: |oom-kill:|Failed password for |Connection closed by |Started |[a-z]{1,8}\\.service: )?[a-zA-Z0-9<>\\[\\]:;,=(). @/'-]{0,80}"
        ) {
            let line = format!("Nov 24 03:12:01 h1 {prog}: {body}");
            proptest::prop_assert!(parse(&line).is_some());
        }
    }
}
