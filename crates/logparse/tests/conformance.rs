//! Conformance of the parsers against other projects' test corpora.
//!
//! The corpora (`/work/shared/corpora`, described by its `MANIFEST.md`) are real log lines
//! written by others — fail2ban's filter samples, Elastic Beats' module tests, CrowdSec's hub
//! tests, postfix-grok-patterns, lnav, parseoom — several with expected values. This test reads
//! them at run time (nothing is copied into the project) and reports, per file and per source:
//!
//! - the lines of our formats, and the share **recognised**: the parser of the expected format
//!   returns an event, and [`detect_format`] on the file's lines of that format picks it;
//! - where the corpus gives expected values, the share of lines whose fields **agree** (client
//!   address, time to the second in the corpus's zone and year convention, status, queue id,
//!   user, pid, level, ...), with every disagreement printed as `file:line field: expected,
//!   got`;
//! - the lines that are not of our formats, excluded with their reason.
//!
//! It is `#[ignore]`d: run it with `scripts/conformance [CORPORA_DIR]`, or
//! `POSTMORTEM_CORPORA=DIR cargo test -p logparse --release --test conformance -- --ignored
//! --nocapture`. It fails when recognition falls below [`RECOGNITION_THRESHOLD`].
//! `docs/conformance.md` explains the method and every disagreement category.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use logparse::{
    detect_format, parse_rfc3164, parse_rfc3339, parse_ymd_hms, parse_yymmdd, Format, Parser,
    TimeResolver, Timestamp, Zone,
};
use serde_json::Value;

/// The run fails when less than this share of the lines of our formats is recognised.
const RECOGNITION_THRESHOLD: f64 = 0.99;

/// Lines given to `detect_format`: as many as the analyzer reads (`scan::set_formats`).
const DETECT_HEAD: usize = 64;

/// fail2ban's sample tests run with `TZ=CET-01CEST-02,M3.5.0,M10.5.0`...
const FAIL2BAN_ZONE: &str = "CET";
/// ... and a fixed "now" of 2005-08-14 12:00:00 CEST, which supplies missing years.
const FAIL2BAN_NOW: i64 = 1_124_013_600;

/// Characters of a line shown in a report.
const SHOW: usize = 160;

// ---------------------------------------------------------------------------------------------
// The corpus table: which of our formats each file is, and where its expected values are.
// ---------------------------------------------------------------------------------------------

/// How the lines of a corpus file map to our formats.
#[derive(Debug, Clone, Copy)]
enum Layout {
    /// Every line is of this format.
    One(Format),
    /// nginx error lines (`YYYY/MM/DD hh:mm:ss [level]`) among access lines.
    Nginx,
    /// Syslog-wrapped `mysqld:` lines among MariaDB/MySQL error-log lines.
    MysqldOrSyslog,
    /// Message bodies without a header: a syslog header for this program is put in front.
    Body(Format, &'static str),
    /// No line is of our formats.
    Excluded(&'static str),
}

/// Where a file's expected values are.
#[derive(Debug, Clone, Copy)]
enum Notes {
    /// None.
    None,
    /// `# failJSON:` annotations before the lines; `hosts`: compare their `host` (false when
    /// the programs are generic test daemons, whose lines carry no client field of ours).
    Fail2ban { hosts: bool },
    /// `<file>-expected.json` beside the file (Elastic Beats).
    Beats,
    /// `parser.assert` beside the file (CrowdSec hub).
    Crowdsec,
    /// Facts the MANIFEST states about the file (OOM reports).
    Manifest(&'static [KindFact]),
}

/// What the MANIFEST says of the events of one kind in a file: at least one such event, each
/// with these fields.
#[derive(Debug)]
struct KindFact {
    kind: &'static str,
    fields: &'static [(&'static str, &'static str)],
}

use Format::{Mariadb, NginxAccess, NginxError, Postfix, Syslog};
use Layout::{Body, Excluded, MysqldOrSyslog, Nginx, One};

const F2B: Notes = Notes::Fail2ban { hosts: true };
const F2B_NO_HOSTS: Notes = Notes::Fail2ban { hosts: false };

/// Files by path under the corpus root. CrowdSec cases and postfix-grok-patterns YAML files
/// are enumerated from their folders (see [`crowdsec_layout`] and [`grok_cases`]).
#[rustfmt::skip]
const FILES: &[(&str, Layout, Notes)] = &[
    // ---- fail2ban/fail2ban: filter samples (annotated) and edge cases ----
    ("fail2ban/filter-samples/dovecot", One(Postfix), F2B),
    ("fail2ban/filter-samples/mysqld-auth", MysqldOrSyslog, F2B),
    ("fail2ban/filter-samples/nginx-bad-request", One(NginxAccess), F2B),
    ("fail2ban/filter-samples/nginx-botsearch", Nginx, F2B),
    ("fail2ban/filter-samples/nginx-forbidden", One(NginxError), F2B),
    ("fail2ban/filter-samples/nginx-http-auth", One(NginxError), F2B),
    ("fail2ban/filter-samples/nginx-limit-req", One(NginxError), F2B),
    ("fail2ban/filter-samples/pam-generic", One(Syslog), F2B),
    ("fail2ban/filter-samples/postfix", One(Postfix), F2B),
    ("fail2ban/filter-samples/recidive", One(Format::Fail2ban), F2B),
    ("fail2ban/filter-samples/selinux-ssh", Excluded(AUDIT_LOG), F2B),
    // Cyrus `sieve`/`timsieved`: fail2ban's sieve jail reads the mail log.
    ("fail2ban/filter-samples/sieve", One(Postfix), F2B),
    ("fail2ban/filter-samples/sshd", One(Syslog), F2B),
    ("fail2ban/filter-samples/sshd-journal", One(Syslog), F2B),
    ("fail2ban/filter-samples/zzz-generic-example", One(Syslog), F2B_NO_HOSTS),
    ("fail2ban/filter-samples/zzz-sshd-obsolete-multiline", One(Syslog), F2B),
    ("fail2ban/filter-samples/bsd/syslog-plain.txt", One(Syslog), F2B),
    ("fail2ban/filter-samples/bsd/syslog-v.txt", One(Syslog), F2B),
    ("fail2ban/filter-samples/bsd/syslog-vv.txt", One(Syslog), F2B),
    ("fail2ban/edge-cases/testcase01.log", One(Syslog), Notes::None),
    ("fail2ban/edge-cases/testcase02.log", One(Syslog), Notes::None),
    ("fail2ban/edge-cases/testcase04.log", One(Syslog), Notes::None),
    ("fail2ban/edge-cases/testcase-wrong-char.log", One(Syslog), Notes::None),
    ("fail2ban/edge-cases/zzz-sshd-obsolete-multiline.log", One(Syslog), Notes::None),
    ("fail2ban/edge-cases/testcase-journal.log", Excluded(JOURNAL_BARE), Notes::None),
    // ---- elastic/beats: Filebeat module test data ----
    ("elastic-beats/filebeat/module/nginx/access/test/test.log", One(NginxAccess), Notes::Beats),
    ("elastic-beats/filebeat/module/nginx/access/test/test-with-host.log", One(NginxAccess), Notes::Beats),
    ("elastic-beats/filebeat/module/nginx/access/test/access.log", One(NginxAccess), Notes::None),
    ("elastic-beats/filebeat/module/nginx/error/test/error.log", One(NginxError), Notes::Beats),
    ("elastic-beats/filebeat/module/mysql/error/test/mariadb-10.4.8.log", One(Mariadb), Notes::Beats),
    ("elastic-beats/filebeat/module/mysql/error/test/mysql-ubuntu-8.0.15.log", One(Mariadb), Notes::Beats),
    ("elastic-beats/filebeat/module/mysql/error/test/error.log", One(Mariadb), Notes::Beats),
    ("elastic-beats/filebeat/module/mysql/error/test/mysql-ubuntu-5.5.53.log", One(Mariadb), Notes::None),
    ("elastic-beats/filebeat/module/system/syslog/test/tz-offset.log", One(Syslog), Notes::Beats),
    ("elastic-beats/filebeat/module/system/syslog/test/suse-syslog.log", One(Syslog), Notes::Beats),
    ("elastic-beats/filebeat/module/system/syslog/test/iso8601_timestamp_multiline_syslog.log", One(Syslog), Notes::None),
    ("elastic-beats/filebeat/module/system/auth/test/timestamp.log", One(Syslog), Notes::Beats),
    ("elastic-beats/filebeat/module/system/auth/test/test.log", One(Syslog), Notes::None),
    // ---- tstack/lnav: test logs (no expected values) ----
    ("lnav/test/logfile_access_log.0", One(NginxAccess), Notes::None),
    ("lnav/test/logfile_access_log.1", One(NginxAccess), Notes::None),
    ("lnav/test/logfile_bad_access_log.0", One(NginxAccess), Notes::None),
    ("lnav/test/logfile_shop_access_log.0", One(NginxAccess), Notes::None),
    ("lnav/test/logfile_regexp_access_log.0", One(NginxAccess), Notes::None),
    ("lnav/test/logfile_with_zones.0", One(NginxAccess), Notes::None),
    ("lnav/test/logfile_syslog.0", One(Syslog), Notes::None),
    ("lnav/test/logfile_syslog.1", One(Syslog), Notes::None),
    ("lnav/test/logfile_syslog.2", One(Syslog), Notes::None),
    ("lnav/test/logfile_syslog.3", One(Syslog), Notes::None),
    ("lnav/test/logfile_syslog_fr.0", One(Syslog), Notes::None),
    ("lnav/test/logfile_bad_syslog.0", One(Syslog), Notes::None),
    ("lnav/test/logfile_syslog_with_header.0", One(Syslog), Notes::None),
    ("lnav/test/logfile_syslog_with_mixed_times.0", One(Syslog), Notes::None),
    ("lnav/test/logfile_syslog_with_access_log.0", One(Syslog), Notes::None),
    ("lnav/test/logfile_dst.0", One(Syslog), Notes::None),
    ("lnav/test/logfile_mysql_error.0", One(Mariadb), Notes::None),
    ("lnav/test/logfile_journald.json", Excluded("journalctl -o json export (JSON objects, not text lines)"), Notes::None),
    ("lnav/test/logfile_muxed_syslog.0", Excluded("JSON lines wrapping syslog lines (lnav's own muxing fixture)"), Notes::None),
    ("lnav/test/logfile_mysql_slow.0", Excluded("MySQL slow query log, not the error log"), Notes::None),
    ("lnav/test/logfile_crlf.0", Excluded("application log `YYYY-MM-DD hh:mm:ss,ms:LEVEL:text`, none of our formats"), Notes::None),
    ("lnav/test/logfile_invalid_utf8.0", Excluded("application log with an XML payload, none of our formats"), Notes::None),
    // ---- ewk/parseoom and kubernetes/node-problem-detector: kernel OOM reports ----
    ("parseoom/messages", One(Syslog), Notes::Manifest(PARSEOOM_FACTS)),
    ("node-problem-detector/test/kernel_log_generator/problems/oom_kill", Body(Syslog, "kernel"), Notes::Manifest(NPD_FACTS)),
];

const AUDIT_LOG: &str =
    "Linux audit log (audit.log `type=... msg=audit(...)`), not a syslog-family file";
const JOURNAL_BARE: &str =
    "systemd-journal messages without any header (fail2ban journal backend input)";

/// What the MANIFEST says of parseoom's report: `f2b/f.postfix` invoked the OOM killer, which
/// killed `clamd` (pid 517), and the OOM reaper then reaped it.
const PARSEOOM_FACTS: &[KindFact] = &[
    KindFact {
        kind: "oom_invoked",
        fields: &[("process", "f2b/f.postfix")],
    },
    KindFact {
        kind: "oom_kill",
        fields: &[("process", "clamd"), ("pid", "517")],
    },
    KindFact {
        kind: "oom_reaped",
        fields: &[("process", "clamd"), ("pid", "517")],
    },
];

/// What the MANIFEST says of node-problem-detector's two lines: the pre-4.19 wording of a
/// memory-cgroup OOM kill of `heapster` (pid 1012).
const NPD_FACTS: &[KindFact] = &[KindFact {
    kind: "oom_kill",
    fields: &[("process", "heapster"), ("pid", "1012")],
}];

/// The format of a CrowdSec hub test case's log, by the case name's prefix.
fn crowdsec_layout(case: &str) -> Layout {
    const PREFIXES: &[(&str, Layout)] = &[
        ("dovecot", One(Postfix)),
        ("postfix", One(Postfix)),
        ("mariadb", One(Mariadb)),
        ("mysql-logs", One(Mariadb)),
        // `<syslog header> mysql[pid]: <MySQL 8 error-log line>`
        ("mysql-bf", One(Syslog)),
        ("nginx", Nginx),
        // `<PRI>1 <RFC 5424 header> nginx - - - <nginx error-log line>`
        ("pfsense-rfc5424", One(Syslog)),
        ("ssh", One(Syslog)),
        ("syslog", One(Syslog)),
    ];
    PREFIXES
        .iter()
        .find(|(p, _)| case.starts_with(p))
        .map_or(Excluded("CrowdSec case of no format of ours"), |&(_, l)| l)
}

/// Lines that are not of our formats, whatever file they are in: (path prefix, reason, test on
/// the line given the format the file's layout assigned).
type ExclusionTest = fn(Format, &str) -> bool;
#[rustfmt::skip]
const EXCLUSIONS: &[(&str, &str, ExclusionTest)] = &[
    ("", "blank line", |_, l| l.trim().is_empty()),
    (
        "",
        "MySQL general query log line (`stamp  id Command  text`), not the error log",
        |f, l| f == Mariadb && is_general_query_log(l),
    ),
    (
        "fail2ban/",
        "TAI64N stamp (daemontools multilog), not a syslog header",
        |_, l| l.starts_with("@4000"),
    ),
    (
        "fail2ban/",
        "bracketed date `[Mon DD hh:mm:ss]` (fail2ban date-template test), not a syslog header",
        |_, l| l.starts_with('[') && parse_rfc3164(&l.as_bytes()[1..]).is_some(),
    ),
    (
        "fail2ban/",
        "`YYYY-MM-DD hh:mm:ss` (space, no `T`) before a syslog tag: dovecot's own log_path or fail2ban's generic test, not a syslog header",
        |f, l| matches!(f, Syslog | Postfix) && l.as_bytes().get(10) == Some(&b' ') && parse_ymd_hms(l.as_bytes(), b'-').is_some(),
    ),
    (
        "fail2ban/",
        "`YYYY/MM/DD hh:mm:ss` before a syslog tag (fail2ban date test), not a syslog header",
        |f, l| f == Syslog && parse_ymd_hms(l.as_bytes(), b'/').is_some(),
    ),
    (
        "fail2ban/",
        "epoch seconds as the stamp (fail2ban date test), not a syslog header",
        |_, l| {
            l.len() > 11 && l.as_bytes()[..10].iter().all(u8::is_ascii_digit) && l.as_bytes()[10] == b' '
        },
    ),
    (
        "fail2ban/edge-cases/testcase01.log",
        "garbage month `De ` (fail2ban date test)",
        |_, l| l.starts_with("De  "),
    ),
    (
        "fail2ban/edge-cases/testcase04.log",
        "fail2ban test filler `- Last output repeated twice -`, not a log line",
        |_, l| l.trim_start().starts_with("- Last output repeated"),
    ),
    (
        "lnav/test/logfile_syslog_with_header.0",
        "file header line (`Header1: abc`), not a log line",
        |_, l| l.starts_with("Header"),
    ),
    (
        "lnav/test/logfile_with_zones.0",
        "RFC 5424 fields without the `<PRI>VERSION` prefix (lnav fixture), not a syslog header",
        |_, l| l.as_bytes().get(4) == Some(&b'-') && parse_rfc3339(l.as_bytes()).is_some(),
    ),
];

/// A general query log line: `YYMMDD hh:mm:ss\t  <id> Query\t<sql>` (MySQL 5) or
/// `<RFC 3339 stamp>   <id> Connect   <text>` (MySQL 8).
fn is_general_query_log(line: &str) -> bool {
    let b = line.as_bytes();
    let Some((_, rest)) = parse_yymmdd(b).or_else(|| parse_rfc3339(b)) else {
        return false;
    };
    let Ok(rest) = std::str::from_utf8(rest) else {
        return false;
    };
    if !rest.starts_with([' ', '\t']) {
        return false;
    }
    let mut words = rest.split_whitespace();
    let id = words.next().unwrap_or("");
    let command = words.next().unwrap_or("");
    !id.is_empty()
        && id.bytes().all(|c| c.is_ascii_digit())
        && matches!(
            command,
            "Query" | "Connect" | "Quit" | "Init" | "Prepare" | "Execute" | "Close" | "Field"
        )
}

/// What an unparsed line looks like, for the report: a continuation line of a multi-line
/// record (no stamp at its start), a stamp with a month name in another language, or neither.
fn shape(format: Format, line: &str) -> Option<&'static str> {
    if format == NginxAccess || has_stamp(line) {
        return None;
    }
    let mut words = line.split_whitespace();
    let (month, day, time) = (words.next(), words.next(), words.next());
    let localized_month = month.is_some_and(|m| (2..=6).contains(&m.chars().count()))
        && day.is_some_and(|d| d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit()))
        && time.is_some_and(|t| t.len() == 8 && t.as_bytes()[2] == b':');
    Some(if localized_month {
        "month name not in English"
    } else {
        "continuation line"
    })
}

/// Whether a line starts with a stamp of any shape we read.
fn has_stamp(line: &str) -> bool {
    let b = line.as_bytes();
    b.first() == Some(&b'<')
        || parse_rfc3164(b).is_some()
        || parse_rfc3339(b).is_some()
        || parse_ymd_hms(b, b'-').is_some()
        || parse_ymd_hms(b, b'/').is_some()
        || parse_yymmdd(b).is_some()
}

// ---------------------------------------------------------------------------------------------
// Lines and expectations.
// ---------------------------------------------------------------------------------------------

/// What a corpus line is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    Ours(Format),
    Excluded(&'static str),
}

/// One line of a corpus file.
#[derive(Debug)]
struct Line {
    /// `path:line` (or the YAML file of a grok case).
    loc: String,
    text: String,
    class: Class,
    expect: Vec<Expect>,
}

/// One expected field value.
#[derive(Debug, Clone)]
struct Expect {
    /// The contract (NDJSON) field name, or `ts` / `kind`.
    field: &'static str,
    want: Want,
}

#[derive(Debug, Clone)]
enum Want {
    /// The field renders as this text.
    Text(String),
    /// The same, ignoring ASCII case.
    NoCase(String),
    /// The same address (IPv4-mapped IPv6 and zero-padded IPv6 forms are equal).
    Ip(String),
    /// The same number.
    Number(f64),
    /// The field without a `:port` suffix is this host name.
    HostPart(String),
    /// The field is absent.
    Absent,
    /// The field is absent or this text (Postfix `NOQUEUE`).
    AbsentOr(String),
    /// The time: local wall clock `YYYY-MM-DDThh:mm:ss` in the file's zone (fail2ban).
    Local(String),
    /// The time: an instant, to the second (`text` as the corpus wrote it).
    Instant { secs: i64, text: String },
}

impl std::fmt::Display for Want {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Want::Text(s) | Want::NoCase(s) | Want::Ip(s) | Want::Local(s) => write!(f, "{s:?}"),
            Want::HostPart(s) => write!(f, "{s:?} (with or without :port)"),
            Want::Number(n) => write!(f, "{n}"),
            Want::Absent => f.write_str("(absent)"),
            Want::AbsentOr(s) => write!(f, "(absent) or {s:?}"),
            Want::Instant { text, .. } => write!(f, "{text:?}"),
        }
    }
}

/// How a file's stamps are resolved, and how the corpus states times.
#[derive(Debug, Clone)]
struct TimeRule {
    /// The zone of stamps without an offset (and of `Want::Local`).
    zone: Zone,
    /// The instant that supplies missing years (`None`: now).
    reference: Option<i64>,
    /// Compare year-less stamps without the year (CrowdSec gives them the year of its run).
    yearless_without_year: bool,
}

impl TimeRule {
    fn utc() -> TimeRule {
        TimeRule {
            zone: Zone::UTC,
            reference: None,
            yearless_without_year: false,
        }
    }
}

/// A corpus file (or, for postfix-grok-patterns, the set of cases) ready to run.
#[derive(Debug)]
struct Input {
    name: String,
    lines: Vec<Line>,
    time: TimeRule,
    facts: &'static [KindFact],
    /// Problems reading the expected values (unpaired entries, unreadable annotations).
    warnings: Vec<String>,
}

fn corpus_root() -> PathBuf {
    match std::env::var_os("POSTMORTEM_CORPORA") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpora"),
    }
}

/// A file's lines (without their `\n`; a `\r` is left for the parser), invalid UTF-8 replaced
/// as the analyzer does, with the byte offset of each.
fn read_lines(path: &Path) -> std::io::Result<Vec<(usize, String)>> {
    let bytes = std::fs::read(path)?;
    let mut out = Vec::new();
    let mut start = 0;
    for piece in bytes.split(|&b| b == b'\n') {
        let len = piece.len();
        if !(start + len == bytes.len() && len == 0) {
            out.push((start, String::from_utf8_lossy(piece).into_owned()));
        }
        start += len + 1;
    }
    Ok(out)
}

/// The format a file's layout gives a line, before exclusions.
fn layout_format(layout: Layout, line: &str) -> Result<Format, &'static str> {
    match layout {
        One(f) | Body(f, _) => Ok(f),
        Excluded(reason) => Err(reason),
        Nginx => {
            let b = line.as_bytes();
            let error = b.get(4) == Some(&b'/') && parse_ymd_hms(b, b'/').is_some();
            Ok(if error { NginxError } else { NginxAccess })
        }
        MysqldOrSyslog => {
            let wrapped = line.contains(" mysqld: ") || line.contains(" mysqld[");
            Ok(if wrapped { Syslog } else { Mariadb })
        }
    }
}

fn classify(path: &str, layout: Layout, line: &str) -> Class {
    let format = match layout_format(layout, line) {
        Ok(f) => f,
        Err(reason) => {
            return if line.trim().is_empty() {
                Class::Excluded("blank line")
            } else {
                Class::Excluded(reason)
            }
        }
    };
    for &(prefix, reason, test) in EXCLUSIONS {
        if path.starts_with(prefix) && test(format, line.trim_end_matches('\r')) {
            return Class::Excluded(reason);
        }
    }
    Class::Ours(format)
}

/// Reads one file of the table (or of a CrowdSec case).
fn load(root: &Path, path: &str, layout: Layout, notes: Notes) -> Input {
    let mut input = Input {
        name: path.to_string(),
        lines: Vec::new(),
        time: TimeRule::utc(),
        facts: &[],
        warnings: Vec::new(),
    };
    let raw = match read_lines(&root.join(path)) {
        Ok(r) => r,
        Err(e) => {
            input.warnings.push(format!("{path}: cannot read: {e}"));
            return input;
        }
    };
    let offsets: Vec<usize> = raw.iter().map(|(o, _)| *o).collect();
    input.lines = raw
        .into_iter()
        .enumerate()
        .map(|(i, (_, text))| {
            let text = match layout {
                Body(_, program) if !text.trim().is_empty() => {
                    format!("Jan  1 00:00:00 conformance {program}: {text}")
                }
                _ => text,
            };
            Line {
                loc: format!("{path}:{}", i + 1),
                class: classify(path, layout, &text),
                text,
                expect: Vec::new(),
            }
        })
        .collect();
    match notes {
        Notes::None => {}
        Notes::Fail2ban { hosts } => fail2ban_notes(&mut input, hosts),
        Notes::Beats => beats_notes(root, path, &offsets, &mut input),
        Notes::Crowdsec => crowdsec_notes(root, path, &mut input),
        Notes::Manifest(facts) => input.facts = facts,
    }
    input
}

// ---------------------------------------------------------------------------------------------
// fail2ban: `# failJSON: {...}` annotates the next line.
// ---------------------------------------------------------------------------------------------

/// The contract field that holds a line's client, by format and by what the corpus expects
/// there (an address or a host name).
fn host_field(format: Format, expected: &str) -> &'static str {
    match format {
        Mariadb => "client_host",
        Format::Fail2ban => "ip",
        _ => client_field(format, "client_ip", expected),
    }
}

/// `client_ip`, or `client_host` when the expected client is a host name and the format's
/// events have that field: the syslog family (syslog events of sshd, PAM, MariaDB through
/// syslog; the mail log) keeps an address in `client_ip` and a name (`UseDNS yes`, PAM
/// `rhost=NAME`) in `client_host`, never one in the other. Other fields pass through.
fn client_field(format: Format, field: &'static str, expected: &str) -> &'static str {
    // A host name has a letter and no `:` (`192.030.0.6`, which `IpAddr` refuses for its
    // zero-padded octet, is an address as written).
    let address = expected.contains(':') || !expected.bytes().any(|b| b.is_ascii_alphabetic());
    match format {
        Syslog | Postfix if field == "client_ip" && !address => "client_host",
        _ => field,
    }
}

/// Whether a fail2ban `logtype` option block holds only journal messages (no header).
fn journal_only(options: &str) -> bool {
    let Ok(v) = serde_json::from_str::<Value>(options.trim()) else {
        return false;
    };
    let entries = match &v {
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    !entries.is_empty()
        && entries
            .iter()
            .all(|e| e.get("logtype").and_then(Value::as_str) == Some("journal"))
}

fn fail2ban_notes(input: &mut Input, hosts: bool) {
    input.time = TimeRule {
        zone: Zone::parse(FAIL2BAN_ZONE).expect("chrono-tz knows CET"),
        reference: Some(FAIL2BAN_NOW),
        yearless_without_year: false,
    };
    let mut pending: Option<Value> = None;
    let mut file_journal = false;
    let mut block_journal = false;
    for line in &mut input.lines {
        let text = line.text.trim_end_matches('\r');
        if let Some(comment) = text.strip_prefix('#') {
            line.class = Class::Excluded("comment or annotation (fail2ban sample file)");
            let comment = comment.trim_start();
            if let Some(json) = comment.strip_prefix("failJSON:") {
                match serde_json::from_str::<Value>(json.trim()) {
                    Ok(v) => pending = Some(v),
                    Err(e) => input
                        .warnings
                        .push(format!("{}: unreadable failJSON: {e}", line.loc)),
                }
            } else if let Some(opts) = comment.strip_prefix("fileOptions:") {
                file_journal = journal_only(opts);
            } else if let Some(opts) = comment.strip_prefix("filterOptions:") {
                block_journal = journal_only(opts);
            }
            continue;
        }
        if text.trim().is_empty() {
            continue;
        }
        let note = pending.take();
        if file_journal || block_journal {
            line.class = Class::Excluded(
                "systemd-journal message without stamp or host (fail2ban `logtype: journal` block)",
            );
            continue;
        }
        let (Class::Ours(format), Some(note)) = (line.class, note) else {
            continue;
        };
        if let Some(t) = note.get("time").and_then(Value::as_str) {
            // One annotation writes `2005-03-7T02:09:33`: read, then write zero-padded.
            let t: String = t.chars().take(19).collect();
            let t = chrono::NaiveDateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M:%S")
                .map_or(t, |d| d.format("%Y-%m-%dT%H:%M:%S").to_string());
            line.expect.push(Expect {
                field: "ts",
                want: Want::Local(t),
            });
        }
        // The host is compared when the line names it: fail2ban also takes it from earlier
        // lines of the same connection (multi-line failures).
        if let Some(h) = note.get("host").and_then(Value::as_str) {
            if hosts && text.contains(h) {
                line.expect.push(Expect {
                    field: host_field(format, h),
                    want: Want::Ip(h.to_string()),
                });
            }
        }
        if let Some(u) = note.get("user").and_then(Value::as_str) {
            if !u.is_empty() && text.contains(u) {
                // A Postfix SASL failure names its user in `sasl_username=`, our field of
                // that name; `user` is the login of dovecot and the other mail programs.
                let field = if format == Postfix && text.contains("sasl_username=") {
                    "sasl_username"
                } else {
                    "user"
                };
                line.expect.push(Expect {
                    field,
                    want: Want::Text(u.to_string()),
                });
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Elastic Beats: `<file>-expected.json`, one object per event, paired by `log.offset`.
// ---------------------------------------------------------------------------------------------

fn beats_notes(root: &Path, path: &str, offsets: &[usize], input: &mut Input) {
    let expected_path = root.join(format!("{path}-expected.json"));
    let events: Vec<Value> = match std::fs::read_to_string(&expected_path)
        .map_err(|e| e.to_string())
        .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => {
            input
                .warnings
                .push(format!("{}: {e}", expected_path.display()));
            return;
        }
    };
    // Stamps without an offset were read in `event.timezone` (UTC when the file predates it).
    let zone = events
        .iter()
        .find_map(|e| e.get("event.timezone").and_then(Value::as_str))
        .and_then(Zone::parse)
        .unwrap_or(Zone::UTC);
    input.time = TimeRule {
        zone,
        reference: None,
        yearless_without_year: false,
    };
    for event in &events {
        let Some(offset) = event.get("log.offset").and_then(Value::as_u64) else {
            continue;
        };
        let Some(i) = offsets.iter().position(|&o| o as u64 == offset) else {
            input
                .warnings
                .push(format!("{path}: log.offset {offset} is no line start"));
            continue;
        };
        let Some(line) = input.lines.get_mut(i) else {
            continue;
        };
        let Class::Ours(format) = line.class else {
            continue;
        };
        line.expect = beats_expect(format, event);
    }
}

/// Beats key → our field, by format (as [`CROWDSEC_KEYS`]).
#[rustfmt::skip]
const BEATS_KEYS: &[(&str, &[Format], &str, How)] = &[
    ("http.request.method", &[NginxAccess], "method", How::NoCase),
    ("url.original", &[NginxAccess], "path", How::Text),
    ("http.version", &[NginxAccess], "protocol", How::Http),
    ("http.response.status_code", &[NginxAccess], "status", How::Number),
    ("http.response.body.bytes", &[NginxAccess], "bytes", How::Number),
    ("user.name", &[NginxAccess], "user", How::DashAbsent),
    ("http.request.referrer", &[NginxAccess], "referrer", How::DashAbsent),
    ("user_agent.original", &[NginxAccess], "user_agent", How::DashAbsent),
    ("log.level", &[NginxError, Mariadb], "level", How::Text),
    ("process.pid", &[NginxError, Syslog, Postfix], "pid", How::Text),
    ("process.thread.id", &[NginxError], "tid", How::Number),
    ("nginx.error.connection_id", &[NginxError], "connection", How::Number),
    ("mysql.thread_id", &[Mariadb], "thread", How::Number),
    // The older schema of `mysql/error/test/error.log-expected.json`.
    ("process.thread.id", &[Mariadb], "thread", How::Number),
    ("event.code", &[Mariadb], "code", How::Text),
    ("event.provider", &[Mariadb], "subsystem", How::Text),
    ("user.name", &[Mariadb], "user", How::Text),
    ("host.hostname", &[Syslog, Postfix], "host", How::Text),
    ("process.name", &[Syslog, Postfix], "program", How::Text),
    ("message", &[Syslog, Postfix], "message", How::Text),
];

fn beats_expect(format: Format, e: &Value) -> Vec<Expect> {
    let s = |k: &str| match e.get(k) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let mut out = Vec::new();
    for &(key, formats, field, how) in BEATS_KEYS {
        if let Some(w) = formats
            .contains(&format)
            .then(|| s(key))
            .flatten()
            .and_then(|v| want(how, &v))
        {
            out.push(Expect { field, want: w });
        }
    }
    if let Some(t) = s("@timestamp") {
        if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(&t) {
            let secs = dt.timestamp();
            out.push(Expect {
                field: "ts",
                want: Want::Instant { secs, text: t },
            });
        }
    }
    if format == NginxAccess {
        // Our `client_ip` is `$remote_addr`, the last address of the list before the ident;
        // Beats' `source.address` is the list's first public address (an enrichment).
        let list_last = e
            .get("nginx.access.remote_ip_list")
            .and_then(Value::as_array)
            .and_then(|a| a.last())
            .and_then(Value::as_str)
            .map(str::to_string);
        if let Some(ip) = list_last.or_else(|| s("source.address")) {
            out.push(Expect {
                field: "client_ip",
                want: Want::Ip(ip),
            });
        }
        // `example.com:80 ...` → `destination.domain` and `destination.port`.
        if let Some(host) = s("destination.domain").or_else(|| s("destination.ip")) {
            let vhost = match s("destination.port") {
                Some(port) => format!("{host}:{port}"),
                None => host,
            };
            out.push(Expect {
                field: "vhost",
                want: Want::Text(vhost),
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// CrowdSec hub: `parser.assert`, `results["stage"]["parser"][i].Evt.Map["key"] == "value"`.
// ---------------------------------------------------------------------------------------------

/// One assertion: stage, line index, `Map.key` (nested keys joined by `.`), whether it is
/// sliced `[4:]` (no year), and the value.
struct Assertion {
    stage: String,
    parser: String,
    index: usize,
    key: String,
    sliced: bool,
    value: String,
}

/// Reads a Go-style quoted string at the start of `s`; returns it and the rest.
fn quoted(s: &str) -> Option<(String, &str)> {
    let mut chars = s.strip_prefix('"')?.char_indices();
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &s[i + 2..])),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

fn parse_assertion(line: &str) -> Option<Assertion> {
    let rest = line.trim().strip_prefix("results[")?;
    let (stage, rest) = quoted(rest)?;
    let (parser, rest) = quoted(rest.strip_prefix("][")?)?;
    let rest = rest.strip_prefix("][")?;
    let close = rest.find(']')?;
    let index = rest[..close].parse().ok()?;
    let mut rest = rest[close..].strip_prefix("].Evt.")?;
    let map_end = rest.find('[')?;
    let mut key = rest[..map_end].to_string();
    rest = &rest[map_end..];
    while let Some(r) = rest.strip_prefix('[') {
        let Some((k, r)) = quoted(r) else { break };
        key.push('.');
        key.push_str(&k);
        rest = r.strip_prefix(']')?;
    }
    let (sliced, rest) = match rest.strip_prefix("[4:]") {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (value, _) = quoted(rest.trim_start().strip_prefix("==")?.trim_start())?;
    Some(Assertion {
        stage,
        parser,
        index,
        key,
        sliced,
        value,
    })
}

/// Values of a record that must occur in its line when the record belongs to it.
const CROWDSEC_ANCHORS: &[&str] = &[
    "Parsed.message",
    "Parsed.remote_addr",
    "Parsed.request",
    "Parsed.sshd_client_ip",
    "Parsed.dovecot_remote_ip",
    "Parsed.source_ip",
    "Parsed.time",
];

fn crowdsec_notes(root: &Path, path: &str, input: &mut Input) {
    input.time = TimeRule {
        zone: Zone::UTC,
        reference: None,
        yearless_without_year: true,
    };
    let dir = Path::new(path).parent().unwrap_or(Path::new(""));
    let Ok(text) = std::fs::read_to_string(root.join(dir).join("parser.assert")) else {
        return;
    };
    // Records: (stage, parser, index) → key → (value, sliced). Header keys are kept apart
    // when they come from the syslog stage (`syslog.` prefix); elsewhere `Parsed.program` is
    // a label and `Parsed.message` the whole line or a service's own message.
    type Keys = BTreeMap<String, (String, bool)>;
    let mut records: BTreeMap<(String, String, usize), Keys> = BTreeMap::new();
    for a in text.lines().filter_map(parse_assertion) {
        let syslog_stage = a.stage == "s00-raw" && a.parser == "crowdsecurity/syslog-logs";
        let header_key = matches!(
            a.key.as_str(),
            "Parsed.program" | "Parsed.pid" | "Parsed.message" | "Meta.machine"
        );
        let key = if header_key && syslog_stage {
            format!("syslog.{}", a.key)
        } else {
            a.key
        };
        records
            .entry((a.stage, a.parser, a.index))
            .or_default()
            .insert(key, (a.value, a.sliced));
    }
    // The i-th result of a stage is the i-th line only when every line reached that parser
    // (the raw stage always; a later parser may list only the events it was given). A record
    // whose anchors are not in the line at its index is left out.
    let mut by_line: BTreeMap<usize, Keys> = BTreeMap::new();
    let mut unpaired: BTreeMap<(String, String), usize> = BTreeMap::new();
    for ((stage, parser, i), keys) in records {
        let paired = input.lines.get(i).is_some_and(|line| {
            keys.iter().all(|(k, (v, _))| {
                let anchor = CROWDSEC_ANCHORS.contains(&k.as_str()) || k == "syslog.Parsed.message";
                !anchor || v.is_empty() || line.text.contains(v.as_str())
            })
        });
        if !paired {
            *unpaired.entry((stage, parser)).or_default() += 1;
            continue;
        }
        let merged = by_line.entry(i).or_default();
        for (k, v) in keys {
            // Stages run in order (s00, s01, s02): the earliest value is the parsed one, a
            // later stage may rewrite it (`http-logs` cuts the query off `request`).
            merged.entry(k).or_insert(v);
        }
    }
    for ((stage, parser), n) in unpaired {
        input.warnings.push(format!(
            "{path}: {n} result(s) of {stage}/{parser} do not pair with the line at their index (left out)"
        ));
    }
    for (i, keys) in by_line {
        let Some(line) = input.lines.get_mut(i) else {
            continue;
        };
        let Class::Ours(format) = line.class else {
            continue;
        };
        line.expect = crowdsec_expect(format, &keys);
    }
}

/// CrowdSec key → our field, by format: (key, formats, field, how).
#[derive(Clone, Copy)]
enum How {
    Text,
    Ip,
    NoCase,
    Number,
    DashAbsent,
    Http,
    Angle,
    HostPart,
}

#[rustfmt::skip]
const CROWDSEC_KEYS: &[(&str, &[Format], &str, How)] = &[
    ("syslog.Meta.machine", &[Syslog, Postfix], "host", How::Text),
    ("syslog.Parsed.program", &[Syslog, Postfix], "program", How::Text),
    ("syslog.Parsed.pid", &[Syslog, Postfix], "pid", How::Text),
    ("syslog.Parsed.message", &[Syslog, Postfix], "message", How::Text),
    ("Parsed.pid", &[NginxError], "pid", How::Text),
    ("Parsed.remote_addr", &[NginxAccess, NginxError, Postfix], "client_ip", How::Ip),
    ("Parsed.remote_host", &[Postfix], "client_host", How::Text),
    ("Parsed.dovecot_remote_ip", &[Postfix], "client_ip", How::Ip),
    ("Parsed.dovecot_user", &[Postfix], "user", How::Text),
    ("Parsed.sshd_client_ip", &[Syslog], "client_ip", How::Ip),
    ("Parsed.sshd_invalid_user", &[Syslog], "user", How::Text),
    ("Parsed.sshd_auth_user", &[Syslog], "user", How::Text),
    ("Parsed.source_ip", &[Mariadb], "client_host", How::Ip),
    ("Parsed.user", &[Mariadb], "user", How::Text),
    ("Parsed.thread_id", &[Mariadb], "thread", How::Number),
    ("Parsed.verb", &[NginxAccess], "method", How::NoCase),
    ("Parsed.request", &[NginxAccess], "path", How::Text),
    ("Parsed.http_version", &[NginxAccess], "protocol", How::Http),
    ("Parsed.status", &[NginxAccess], "status", How::Number),
    ("Parsed.body_bytes_sent", &[NginxAccess], "bytes", How::Number),
    ("Parsed.remote_user", &[NginxAccess], "user", How::DashAbsent),
    ("Parsed.http_referer", &[NginxAccess], "referrer", How::DashAbsent),
    ("Parsed.http_user_agent", &[NginxAccess], "user_agent", How::DashAbsent),
    ("Parsed.target_fqdn", &[NginxAccess], "vhost", How::HostPart),
    ("Parsed.loglevel", &[NginxError], "level", How::Text),
    ("Parsed.tid", &[NginxError], "tid", How::Number),
    ("Parsed.cid", &[NginxError], "connection", How::Number),
    ("Unmarshaled.postfix.from", &[Postfix], "from", How::Angle),
    ("Unmarshaled.postfix.to", &[Postfix], "to", How::Angle),
];

fn want(how: How, v: &str) -> Option<Want> {
    Some(match how {
        How::Text => Want::Text(v.to_string()),
        How::Ip => Want::Ip(v.to_string()),
        How::NoCase => Want::NoCase(v.to_string()),
        How::Number => Want::Number(v.parse().ok()?),
        How::DashAbsent if v == "-" || v.is_empty() => Want::Absent,
        How::DashAbsent => Want::Text(v.to_string()),
        How::Http => Want::Text(format!("HTTP/{v}")),
        How::Angle => Want::Text(strip_angle(v).to_string()),
        How::HostPart => Want::HostPart(v.to_string()),
    })
}

fn strip_angle(v: &str) -> &str {
    v.strip_prefix('<')
        .and_then(|v| v.strip_suffix('>'))
        .unwrap_or(v)
}

fn crowdsec_expect(format: Format, keys: &BTreeMap<String, (String, bool)>) -> Vec<Expect> {
    let mut out = Vec::new();
    for &(key, formats, field, how) in CROWDSEC_KEYS {
        if !formats.contains(&format) {
            continue;
        }
        // A request that is no request line (no method) is our raw `request`.
        let field = if key == "Parsed.request" && !keys.contains_key("Parsed.verb") {
            "request"
        } else {
            field
        };
        if let Some((v, _)) = keys.get(key) {
            if let Some(w) = want(how, v) {
                let field = client_field(format, field, v);
                out.push(Expect { field, want: w });
            }
        }
    }
    if let Some((t, sliced)) = keys.get("Enriched.MarshaledTime") {
        // `[4:]` compares without the year: `-01-24T15:32:31Z`.
        let full = if *sliced {
            format!("2000{t}")
        } else {
            t.clone()
        };
        if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(&full) {
            out.push(Expect {
                field: if *sliced { "ts_no_year" } else { "ts" },
                want: Want::Instant {
                    secs: dt.timestamp(),
                    text: t.clone(),
                },
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// postfix-grok-patterns: `data:` is a Postfix message body, `results:` the captures.
// ---------------------------------------------------------------------------------------------

/// A double-quoted YAML scalar, or a plain one. Only `\"` and `\\` are unescaped: `\r\n` in a
/// message body is how Postfix writes the client's bytes, so it stays as written.
fn yaml_scalar(s: &str) -> String {
    let s = s.trim();
    match s.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        Some(inner) => {
            let mut out = String::new();
            let mut chars = inner.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    match chars.next() {
                        Some(e @ ('"' | '\\')) => out.push(e),
                        Some(e) => {
                            out.push('\\');
                            out.push(e);
                        }
                        None => out.push('\\'),
                    }
                } else {
                    out.push(c);
                }
            }
            out
        }
        None => s.to_string(),
    }
}

/// The `key=value` pairs of Postfix's key-value text (`to=<a>, relay=none, delay=0.05, ...`).
fn key_values(s: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq]
            .rsplit([' ', ','])
            .next()
            .unwrap_or("")
            .trim_start_matches(['(', ',']);
        let after = &rest[eq + 1..];
        let end = if after.starts_with('<') {
            after.find('>').map_or(after.len(), |i| i + 1)
        } else {
            after.find([',', ' ']).unwrap_or(after.len())
        };
        if !key.is_empty() {
            out.push((key, &after[..end]));
        }
        rest = &after[end..];
    }
    out
}

fn grok_cases(root: &Path) -> Input {
    let dir = "postfix-grok-patterns/test";
    let mut input = Input {
        name: format!("{dir}/*.yaml"),
        lines: Vec::new(),
        time: TimeRule::utc(),
        facts: &[],
        warnings: Vec::new(),
    };
    let mut names: Vec<String> = std::fs::read_dir(root.join(dir))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".yaml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    for name in names {
        let loc = format!("{dir}/{name}");
        let Ok(text) = std::fs::read_to_string(root.join(&loc)) else {
            input.warnings.push(format!("{loc}: cannot read"));
            continue;
        };
        let mut pattern = String::new();
        let mut data = None;
        let mut results = Vec::new();
        for l in text.lines() {
            if let Some(p) = l.strip_prefix("pattern:") {
                pattern = yaml_scalar(p);
            } else if let Some(d) = l.strip_prefix("data:") {
                data = Some(yaml_scalar(d));
            } else if l.starts_with(' ') && !l.trim_start().starts_with('#') {
                if let Some((k, v)) = l.trim().split_once(':') {
                    results.push((k.to_string(), yaml_scalar(v)));
                }
            }
        }
        let Some(data) = data else {
            input.warnings.push(format!("{loc}: no data"));
            continue;
        };
        // `^%{POSTFIX_SMTPD}$` → `postfix/smtpd`; sub-patterns are no whole message.
        let name_part = pattern
            .split("%{POSTFIX_")
            .nth(1)
            .and_then(|p| p.split('}').next())
            .unwrap_or("")
            .to_ascii_lowercase();
        let daemon = match name_part.as_str() {
            "tls_features" => Some("smtp"),
            "command_counter_data" | "delays" => None,
            other => Some(other),
        };
        let Some(daemon) = daemon else {
            input.lines.push(Line {
                loc,
                text: data,
                class: Class::Excluded(
                    "fragment of a message (grok sub-pattern test: command counters, delays)",
                ),
                expect: Vec::new(),
            });
            continue;
        };
        let line = format!("Jan  1 00:00:00 conformance postfix/{daemon}[1]: {data}");
        input.lines.push(Line {
            loc,
            class: Class::Ours(Postfix),
            expect: grok_expect(&results),
            text: line,
        });
    }
    input
}

fn grok_expect(results: &[(String, String)]) -> Vec<Expect> {
    let mut out = Vec::new();
    for (k, v) in results {
        let (field, w) = match k.as_str() {
            "postfix_queueid" if v == "NOQUEUE" => ("queue_id", Want::AbsentOr(v.clone())),
            "postfix_queueid" => ("queue_id", Want::Text(v.clone())),
            "postfix_client_ip" => ("client_ip", Want::Ip(v.clone())),
            "postfix_client_hostname" => ("client_host", Want::Text(v.clone())),
            "postfix_status" => ("status", Want::Text(v.clone())),
            "postfix_from" => ("from", Want::Text(strip_angle(v).to_string())),
            "postfix_message-id" => ("message_id", Want::Text(strip_angle(v).to_string())),
            "postfix_keyvalue_data" => {
                for (key, value) in key_values(v) {
                    let item = match key {
                        "from" | "to" | "orig_to" => {
                            let field = match key {
                                "from" => "from",
                                "to" => "to",
                                _ => "orig_to",
                            };
                            (field, Want::Text(strip_angle(value).to_string()))
                        }
                        "relay" => ("relay", Want::Text(value.to_string())),
                        "dsn" => ("dsn", Want::Text(value.to_string())),
                        "status" => ("status", Want::Text(value.to_string())),
                        "sasl_method" => ("sasl_method", Want::Text(value.to_string())),
                        "sasl_username" => ("sasl_username", Want::Text(value.to_string())),
                        "delay" | "nrcpt" | "size" | "uid" => {
                            let field = match key {
                                "delay" => "delay",
                                "nrcpt" => "nrcpt",
                                "size" => "size",
                                _ => "uid",
                            };
                            match value.parse() {
                                Ok(n) => (field, Want::Number(n)),
                                Err(_) => continue,
                            }
                        }
                        _ => continue,
                    };
                    out.push(Expect {
                        field: item.0,
                        want: item.1,
                    });
                }
                continue;
            }
            _ => continue,
        };
        out.push(Expect { field, want: w });
    }
    // A key captured twice (grok keeps every capture) is checked once.
    let mut seen = std::collections::HashSet::new();
    out.retain(|e| seen.insert(e.field));
    out
}

// ---------------------------------------------------------------------------------------------
// Running a file: detection, parsing, comparison.
// ---------------------------------------------------------------------------------------------

/// What our parser made of a line.
#[derive(Debug)]
struct Parsed {
    kind: &'static str,
    fields: Value,
    time: Option<Timestamp>,
    year_less: bool,
}

/// The counts of one format within one file.
#[derive(Debug, Default, Clone)]
struct Counts {
    lines: usize,
    continuation: usize,
    parsed: usize,
    recognised: usize,
    expected_lines: usize,
    agree_lines: usize,
    checks: usize,
    agree: usize,
    missing: usize,
    wrong: usize,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.lines += o.lines;
        self.continuation += o.continuation;
        self.parsed += o.parsed;
        self.recognised += o.recognised;
        self.expected_lines += o.expected_lines;
        self.agree_lines += o.agree_lines;
        self.checks += o.checks;
        self.agree += o.agree;
        self.missing += o.missing;
        self.wrong += o.wrong;
    }
}

#[derive(Debug)]
struct Disagreement {
    loc: String,
    format: Format,
    field: String,
    want: String,
    got: Option<Got>,
    text: String,
}

#[derive(Debug)]
struct FileReport {
    name: String,
    total: usize,
    excluded: BTreeMap<&'static str, usize>,
    /// Per format: counts and what `detect_format` picked.
    groups: Vec<(Format, Option<Format>, Counts)>,
    /// Per format and field: checks, agree, missing, wrong.
    fields: BTreeMap<(Format, String), [usize; 4]>,
    disagreements: Vec<Disagreement>,
    unrecognised: Vec<String>,
    warnings: Vec<String>,
}

impl FileReport {
    fn tally(&mut self, format: Format, field: &str, v: &Verdict) {
        let t = self.fields.entry((format, field.to_string())).or_default();
        t[0] += 1;
        t[match v {
            Verdict::Agree => 1,
            Verdict::Missing => 2,
            Verdict::Wrong => 3,
        }] += 1;
    }
}

fn show(text: &str) -> String {
    let t = text.trim_end_matches('\r');
    let mut s: String = t.chars().take(SHOW).collect();
    if t.chars().count() > SHOW {
        s.push('…');
    }
    s
}

fn run(input: Input) -> FileReport {
    let mut report = FileReport {
        name: input.name.clone(),
        total: input.lines.len(),
        excluded: BTreeMap::new(),
        groups: Vec::new(),
        fields: BTreeMap::new(),
        disagreements: Vec::new(),
        unrecognised: Vec::new(),
        warnings: input.warnings.clone(),
    };
    for line in &input.lines {
        if let Class::Excluded(reason) = line.class {
            *report.excluded.entry(reason).or_default() += 1;
        }
    }
    let mut formats: Vec<Format> = input
        .lines
        .iter()
        .filter_map(|l| match l.class {
            Class::Ours(f) => Some(f),
            Class::Excluded(_) => None,
        })
        .collect();
    formats.sort();
    formats.dedup();

    let mut parsed: Vec<Option<Parsed>> = input.lines.iter().map(|_| None).collect();
    for format in formats {
        let idx: Vec<usize> = (0..input.lines.len())
            .filter(|&i| input.lines[i].class == Class::Ours(format))
            .collect();
        let detected = detect_format(
            idx.iter()
                .take(DETECT_HEAD)
                .map(|&i| input.lines[i].text.as_str()),
        );
        let detected_ok = detected == Some(format);
        let mut resolver = TimeResolver::new(input.time.zone.clone());
        if let Some(r) = input.time.reference {
            resolver.set_reference(r);
        }
        let mut parser = Parser::new(format);
        let mut c = Counts::default();
        for &i in &idx {
            let line = &input.lines[i];
            c.lines += 1;
            let shape = shape(format, &line.text);
            if shape == Some("continuation line") {
                c.continuation += 1;
            }
            match parser.parse(&line.text) {
                Some(ev) => {
                    c.parsed += 1;
                    if detected_ok {
                        c.recognised += 1;
                    }
                    parsed[i] = Some(Parsed {
                        kind: ev.kind.as_str(),
                        fields: serde_json::to_value(&ev.fields).unwrap_or(Value::Null),
                        time: ev.time.as_ref().and_then(|t| resolver.resolve(t)),
                        year_less: ev.time.is_some_and(|t| t.year.is_none()),
                    });
                }
                None => {
                    let shape = shape.map_or(String::new(), |s| format!(" ({s})"));
                    report.unrecognised.push(format!(
                        "UNPARSED {} [{format}]{shape}\n    | {}",
                        line.loc,
                        show(&line.text)
                    ));
                }
            }
        }
        if !detected_ok {
            report.unrecognised.push(format!(
                "DETECT {} [{format}]: detect_format on its {} line(s) of this format picked {}",
                input.name,
                idx.len(),
                detected.map_or("nothing".to_string(), |f| f.to_string()),
            ));
        }
        // Expected values.
        for &i in &idx {
            let line = &input.lines[i];
            if line.expect.is_empty() {
                continue;
            }
            c.expected_lines += 1;
            let mut all = true;
            for e in &line.expect {
                c.checks += 1;
                let got = parsed[i]
                    .as_ref()
                    .and_then(|p| render(p, e.field, &input.time));
                let v = verdict(&e.want, got.as_ref());
                report.tally(format, e.field, &v);
                match v {
                    Verdict::Agree => c.agree += 1,
                    v => {
                        all = false;
                        if v == Verdict::Missing {
                            c.missing += 1;
                        } else {
                            c.wrong += 1;
                        }
                        report.disagreements.push(Disagreement {
                            loc: line.loc.clone(),
                            format,
                            field: e.field.to_string(),
                            want: e.want.to_string(),
                            got,
                            text: show(&line.text),
                        });
                    }
                }
            }
            if all {
                c.agree_lines += 1;
            }
        }
        report.groups.push((format, detected, c));
    }
    check_facts(&input, &parsed, &mut report);
    report
}

/// The MANIFEST's facts: at least one event of the kind, each with the stated fields.
fn check_facts(input: &Input, parsed: &[Option<Parsed>], report: &mut FileReport) {
    let mut c = Counts::default();
    for fact in input.facts {
        let hits: Vec<usize> = (0..parsed.len())
            .filter(|&i| parsed[i].as_ref().is_some_and(|p| p.kind == fact.kind))
            .collect();
        c.expected_lines += 1;
        c.checks += 1;
        let found = if hits.is_empty() {
            Verdict::Missing
        } else {
            Verdict::Agree
        };
        report.tally(Syslog, "kind", &found);
        if found == Verdict::Missing {
            c.missing += 1;
            report.disagreements.push(Disagreement {
                loc: input.name.clone(),
                format: Syslog,
                field: "kind".to_string(),
                want: format!("at least one {:?} event (MANIFEST)", fact.kind),
                got: None,
                text: String::new(),
            });
            continue;
        }
        c.agree += 1;
        let mut all = true;
        for &i in &hits {
            let Some(p) = parsed[i].as_ref() else {
                continue;
            };
            for &(field, value) in fact.fields {
                c.checks += 1;
                let got = render(p, field, &input.time);
                let v = verdict(&Want::Text(value.to_string()), got.as_ref());
                report.tally(Syslog, field, &v);
                match v {
                    Verdict::Agree => c.agree += 1,
                    v => {
                        all = false;
                        if v == Verdict::Missing {
                            c.missing += 1;
                        } else {
                            c.wrong += 1;
                        }
                        report.disagreements.push(Disagreement {
                            loc: input.lines[i].loc.clone(),
                            format: Syslog,
                            field: field.to_string(),
                            want: format!("{value:?} (MANIFEST, {} event)", fact.kind),
                            got,
                            text: show(&input.lines[i].text),
                        });
                    }
                }
            }
        }
        if all {
            c.agree_lines += 1;
        }
    }
    if let Some(group) = report.groups.first_mut() {
        group.2.add(&c);
    }
}

/// A field of our event.
#[derive(Debug)]
enum Got {
    Text(String),
    /// A resolved time: the instant, its wall clock in the file's zone, and whether it is
    /// to be compared without the year.
    Time {
        secs: i64,
        local: String,
        no_year: bool,
    },
}

impl std::fmt::Display for Got {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Got::Text(s) => write!(f, "{s:?}"),
            Got::Time { secs, local, .. } => {
                let utc = chrono::DateTime::from_timestamp(*secs, 0)
                    .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
                    .unwrap_or_default();
                write!(f, "{local:?} local = {utc}")
            }
        }
    }
}

/// A field of our event: `ts` (or `ts_no_year`), `kind`, or a contract field of the event's
/// JSON.
fn render(p: &Parsed, field: &str, rule: &TimeRule) -> Option<Got> {
    match field {
        "kind" => Some(Got::Text(p.kind.to_string())),
        "ts" | "ts_no_year" => p.time.map(|t| {
            let local = t.with_offset(rule.zone.offset_at(t.secs)).to_datetime();
            Got::Time {
                secs: t.secs,
                local: local.format("%Y-%m-%dT%H:%M:%S").to_string(),
                no_year: field == "ts_no_year" || (rule.yearless_without_year && p.year_less),
            }
        }),
        _ => match p.fields.get(field)? {
            Value::String(s) => Some(Got::Text(s.clone())),
            Value::Number(n) => Some(Got::Text(n.to_string())),
            Value::Bool(b) => Some(Got::Text(b.to_string())),
            _ => None,
        },
    }
}

#[derive(Debug, PartialEq)]
enum Verdict {
    Agree,
    Missing,
    Wrong,
}

fn ip_eq(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> Option<IpAddr> {
        let ip: IpAddr = s.parse().ok()?;
        Some(match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        })
    };
    a == b || matches!((norm(a), norm(b)), (Some(x), Some(y)) if x == y)
}

/// Month, day and time of day in UTC: a time compared without its year.
fn month_day_time(secs: i64) -> Option<String> {
    chrono::DateTime::from_timestamp(secs, 0).map(|d| d.format("%m-%dT%H:%M:%S").to_string())
}

fn verdict(want: &Want, got: Option<&Got>) -> Verdict {
    let ok = |b: bool| if b { Verdict::Agree } else { Verdict::Wrong };
    let Some(got) = got else {
        return match want {
            Want::Absent | Want::AbsentOr(_) => Verdict::Agree,
            _ => Verdict::Missing,
        };
    };
    match (want, got) {
        (Want::Absent, _) => Verdict::Wrong,
        (Want::AbsentOr(s) | Want::Text(s), Got::Text(g)) => ok(g == s),
        (Want::NoCase(s), Got::Text(g)) => ok(g.eq_ignore_ascii_case(s)),
        (Want::Ip(s), Got::Text(g)) => ok(ip_eq(g, s)),
        (Want::HostPart(s), Got::Text(g)) => {
            let host = match g.rsplit_once(':') {
                Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
                _ => g.as_str(),
            };
            ok(host == s)
        }
        (Want::Number(n), Got::Text(g)) => ok(g.parse::<f64>().is_ok_and(|x| (x - n).abs() < 1e-9)),
        (Want::Local(s), Got::Time { local, .. }) => ok(local == s),
        (
            Want::Instant { secs, .. },
            Got::Time {
                secs: ours,
                no_year,
                ..
            },
        ) => {
            if *no_year {
                ok(month_day_time(*ours).is_some()
                    && month_day_time(*ours) == month_day_time(*secs))
            } else {
                ok(ours == secs)
            }
        }
        _ => Verdict::Wrong,
    }
}

// ---------------------------------------------------------------------------------------------
// The corpus walk and the report.
// ---------------------------------------------------------------------------------------------

/// Files that describe the corpora rather than hold log lines.
fn is_metadata(rel: &str) -> bool {
    rel == "MANIFEST.md"
        || rel.ends_with("/LICENSE")
        || rel.ends_with("-expected.json")
        || rel.ends_with(".assert")
        || rel.ends_with("/config.yaml")
        || rel.starts_with("postfix-grok-patterns/")
}

fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in rd.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, root, out);
        } else if let Ok(rel) = path.strip_prefix(root) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// Every input of the corpus, and the files no table entry covers.
fn inputs(root: &Path) -> (Vec<Input>, Vec<String>) {
    let mut all = Vec::new();
    walk(root, root, &mut all);
    all.sort();
    let mut inputs = Vec::new();
    let mut unmapped = Vec::new();
    let mut covered: Vec<String> = Vec::new();
    for &(path, layout, notes) in FILES {
        covered.push(path.to_string());
        inputs.push(load(root, path, layout, notes));
    }
    // CrowdSec cases: the log named by each `config.yaml`.
    for config in all
        .iter()
        .filter(|p| p.starts_with("crowdsec-hub/.tests/") && p.ends_with("/config.yaml"))
    {
        let dir = config.trim_end_matches("/config.yaml");
        let case = dir.rsplit('/').next().unwrap_or("");
        let log = std::fs::read_to_string(root.join(config))
            .ok()
            .and_then(|t| {
                t.lines()
                    .find_map(|l| l.strip_prefix("log_file:").map(yaml_scalar))
            });
        let Some(log) = log else {
            unmapped.push(format!("{config} (no log_file)"));
            continue;
        };
        let path = format!("{dir}/{log}");
        covered.push(path.clone());
        inputs.push(load(root, &path, crowdsec_layout(case), Notes::Crowdsec));
    }
    inputs.push(grok_cases(root));
    for p in &all {
        if !is_metadata(p) && !covered.contains(p) {
            unmapped.push(p.clone());
        }
    }
    (inputs, unmapped)
}

fn pct(n: usize, d: usize) -> String {
    if d == 0 {
        "–".to_string()
    } else {
        format!("{:.1}%", 100.0 * n as f64 / d as f64)
    }
}

fn report_text(reports: &[FileReport], unmapped: &[String]) -> (String, Counts) {
    let mut out = String::new();
    let mut by_source: BTreeMap<Format, (usize, Counts)> = BTreeMap::new();
    let mut excluded: BTreeMap<&str, usize> = BTreeMap::new();
    let mut total_lines = 0;

    let _ = writeln!(out, "\n## Per corpus file\n");
    let _ = writeln!(
        out,
        "| file | format | ours | cont. | parsed | detected | recognised | expected | agree | missing | wrong | excluded |"
    );
    let _ = writeln!(out, "|---|---|--:|--:|--:|---|--:|--:|--:|--:|--:|--:|");
    for r in reports {
        total_lines += r.total;
        let excl: usize = r.excluded.values().sum();
        for (reason, n) in &r.excluded {
            *excluded.entry(reason).or_default() += n;
        }
        if r.groups.is_empty() {
            let _ = writeln!(out, "| {} | – | 0 | | | | | | | | | {excl} |", r.name);
        }
        for (i, (format, detected, c)) in r.groups.iter().enumerate() {
            let entry = by_source.entry(*format).or_default();
            entry.0 += 1;
            entry.1.add(c);
            let detected = match detected {
                Some(d) if d == format => "yes".to_string(),
                Some(d) => format!("**{d}**"),
                None => "**none**".to_string(),
            };
            let (exp, agree) = if c.expected_lines == 0 {
                (String::new(), String::new())
            } else {
                (
                    c.expected_lines.to_string(),
                    format!(
                        "{} ({})",
                        c.agree_lines,
                        pct(c.agree_lines, c.expected_lines)
                    ),
                )
            };
            let _ = writeln!(
                out,
                "| {} | {format} | {} | {} | {} | {detected} | {} | {exp} | {agree} | {} | {} | {} |",
                r.name,
                c.lines,
                c.continuation,
                c.parsed,
                pct(c.recognised, c.lines),
                if c.checks > 0 { c.missing.to_string() } else { String::new() },
                if c.checks > 0 { c.wrong.to_string() } else { String::new() },
                if i == 0 { excl.to_string() } else { String::new() },
            );
        }
    }

    let mut total = Counts::default();
    let _ = writeln!(out, "\n## Per source\n");
    let _ = writeln!(
        out,
        "| source | files | lines | of which cont. | parsed | recognised | lines with expected values | all fields agree | checks | agree | missing | wrong |"
    );
    let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for (format, (files, c)) in &by_source {
        total.add(c);
        let _ = writeln!(
            out,
            "| {format} | {files} | {} | {} | {} | {} ({}) | {} | {} ({}) | {} | {} | {} | {} |",
            c.lines,
            c.continuation,
            c.parsed,
            c.recognised,
            pct(c.recognised, c.lines),
            c.expected_lines,
            c.agree_lines,
            pct(c.agree_lines, c.expected_lines),
            c.checks,
            c.agree,
            c.missing,
            c.wrong
        );
    }
    let excl_total: usize = excluded.values().sum();
    let _ = writeln!(
        out,
        "| **all** | {} | {} | {} | {} | {} ({}) | {} | {} ({}) | {} | {} | {} | {} |",
        reports.iter().filter(|r| !r.groups.is_empty()).count(),
        total.lines,
        total.continuation,
        total.parsed,
        total.recognised,
        pct(total.recognised, total.lines),
        total.expected_lines,
        total.agree_lines,
        pct(total.agree_lines, total.expected_lines),
        total.checks,
        total.agree,
        total.missing,
        total.wrong
    );
    let _ = writeln!(
        out,
        "\nCorpus lines read: {total_lines}; of our formats: {}; excluded: {excl_total}.",
        total.lines
    );

    let _ = writeln!(out, "\n## Checks by field\n");
    let _ = writeln!(out, "| source | field | checks | agree | missing | wrong |");
    let _ = writeln!(out, "|---|---|--:|--:|--:|--:|");
    let mut fields: BTreeMap<(Format, &str), [usize; 4]> = BTreeMap::new();
    for r in reports {
        for ((f, name), t) in &r.fields {
            let e = fields.entry((*f, name.as_str())).or_default();
            for k in 0..4 {
                e[k] += t[k];
            }
        }
    }
    for ((f, name), t) in &fields {
        let _ = writeln!(
            out,
            "| {f} | {name} | {} | {} | {} | {} |",
            t[0], t[1], t[2], t[3]
        );
    }

    let _ = writeln!(out, "\n## Excluded lines\n");
    let _ = writeln!(out, "| reason | lines |\n|---|--:|");
    let mut reasons: Vec<_> = excluded.into_iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (reason, n) in reasons {
        let _ = writeln!(out, "| {reason} | {n} |");
    }

    let _ = writeln!(out, "\n## Not recognised\n");
    for r in reports {
        for u in &r.unrecognised {
            let _ = writeln!(out, "{u}");
        }
    }
    let _ = writeln!(out, "\n## Disagreements\n");
    for r in reports {
        for d in &r.disagreements {
            let _ = writeln!(
                out,
                "DISAGREE {} [{}] {}: expected {}, got {}",
                d.loc,
                d.format,
                d.field,
                d.want,
                d.got
                    .as_ref()
                    .map_or("(absent)".to_string(), Got::to_string)
            );
            if !d.text.is_empty() {
                let _ = writeln!(out, "    | {}", d.text);
            }
        }
    }
    let warnings: Vec<&String> = reports.iter().flat_map(|r| &r.warnings).collect();
    if !warnings.is_empty() || !unmapped.is_empty() {
        let _ = writeln!(out, "\n## Corpus warnings\n");
        for w in warnings {
            let _ = writeln!(out, "WARNING {w}");
        }
        for u in unmapped {
            let _ = writeln!(out, "WARNING not in the corpus table: {u}");
        }
    }
    (out, total)
}

#[test]
#[ignore = "reads the shared corpora; run scripts/conformance"]
fn conformance() {
    let root = corpus_root();
    assert!(
        root.join("MANIFEST.md").is_file(),
        "no corpus at {} (set POSTMORTEM_CORPORA)",
        root.display()
    );
    let (inputs, unmapped) = inputs(&root);
    let reports: Vec<FileReport> = inputs.into_iter().map(run).collect();
    let (text, total) = report_text(&reports, &unmapped);
    println!("# Conformance against {}\n{text}", root.display());
    let share = total.recognised as f64 / total.lines.max(1) as f64;
    println!(
        "\nRECOGNISED {} of {} lines of our formats: {:.2}% (threshold {:.0}%)",
        total.recognised,
        total.lines,
        100.0 * share,
        100.0 * RECOGNITION_THRESHOLD
    );
    assert!(
        share >= RECOGNITION_THRESHOLD,
        "recognition {:.2}% is below the threshold {:.0}%",
        100.0 * share,
        100.0 * RECOGNITION_THRESHOLD
    );
}
