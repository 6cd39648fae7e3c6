//! The incident scenarios (every kind but the demo): deterministic, in time order, telling
//! their story, with a consistent expected answer and file times where readers of year-less
//! stamps need them.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Timelike};
use scenario::{generate, Kind, LogFile, Summary};

/// The incident kinds (the demo has its own tests).
fn kinds() -> impl Iterator<Item = Kind> {
    Kind::ALL.into_iter().filter(|k| *k != Kind::Demo)
}

/// One generation of each kind, shared by the tests.
fn tree(kind: Kind) -> &'static (tempfile::TempDir, Summary) {
    static TREES: OnceLock<BTreeMap<&'static str, (tempfile::TempDir, Summary)>> = OnceLock::new();
    let all = TREES.get_or_init(|| {
        kinds()
            .map(|k| {
                let dir = tempfile::tempdir().unwrap();
                let summary = generate(&k.scenario(k.default_seed()), dir.path()).unwrap();
                (k.name(), (dir, summary))
            })
            .collect()
    });
    &all[kind.name()]
}

fn read(path: &Path) -> String {
    let bytes = fs::read(path).unwrap();
    if path.extension().is_some_and(|e| e == "gz") {
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        text
    } else {
        String::from_utf8(bytes).unwrap()
    }
}

/// All of one log's text, oldest rotation first.
fn log(kind: Kind, base: &str) -> String {
    let (dir, summary) = tree(kind);
    summary
        .files
        .iter()
        .filter(|f| f.path == base || f.path.starts_with(&format!("{base}.")))
        .map(|f| read(&dir.path().join("var/log").join(&f.path)))
        .collect()
}

fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(
                    path.strip_prefix(root).unwrap().to_owned(),
                    fs::read(&path).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A line's time: an instant where the format has an offset, else the wall time.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stamp {
    Instant(DateTime<FixedOffset>),
    Wall(NaiveDateTime),
    /// RFC 3164: month, day and time, no year.
    NoYear(u32, u32, u32),
}

fn stamp(file: LogFile, line: &str) -> Option<Stamp> {
    let naive = |s: &str, fmt: &str| NaiveDateTime::parse_from_str(s, fmt).ok().map(Stamp::Wall);
    match file {
        LogFile::NginxAccess => {
            let open = line.find('[')?;
            let close = line.find(']')?;
            DateTime::parse_from_str(&line[open + 1..close], "%d/%b/%Y:%H:%M:%S %z")
                .ok()
                .map(Stamp::Instant)
        }
        LogFile::NginxError => naive(line.get(..19)?, "%Y/%m/%d %H:%M:%S"),
        LogFile::Mariadb => naive(line.get(..19)?, "%Y-%m-%d %k:%M:%S")
            .or_else(|| naive(line.get(..15)?, "%y%m%d %k:%M:%S")),
        LogFile::Fail2ban => naive(line.get(..23)?, "%Y-%m-%d %H:%M:%S,%3f"),
        _ => {
            let first = line.split(' ').next()?;
            if let Ok(t) = DateTime::parse_from_rfc3339(first) {
                return Some(Stamp::Instant(t));
            }
            // `Jan  1 03:12:07`, the year from context.
            let t = NaiveDateTime::parse_from_str(
                &format!("2000 {}", line.get(..15)?),
                "%Y %b %e %H:%M:%S",
            )
            .ok()?;
            Some(Stamp::NoYear(
                t.month(),
                t.day(),
                t.num_seconds_from_midnight(),
            ))
        }
    }
}

fn log_file(path: &str) -> LogFile {
    LogFile::ALL
        .into_iter()
        .find(|f| path.starts_with(f.path()))
        .unwrap()
}

#[test]
fn kinds_have_names_and_expected_root_causes() {
    for kind in Kind::ALL {
        assert_eq!(Kind::from_name(kind.name()), Some(kind));
        let s = kind.scenario(kind.default_seed());
        assert!(s.incident.root_cause().is_some(), "{}", kind.name());
    }
    assert_eq!(Kind::from_name("no_such_kind"), None);
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    for kind in kinds() {
        let (first, _) = tree(kind);
        let again = tempfile::tempdir().unwrap();
        generate(&kind.scenario(kind.default_seed()), again.path()).unwrap();
        let (a, b) = (files(first.path()), files(again.path()));
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (path, bytes) in &a {
            assert!(
                bytes == &b[path],
                "{}: {} differs",
                kind.name(),
                path.display()
            );
        }
        let other = tempfile::tempdir().unwrap();
        generate(&kind.scenario(kind.default_seed() + 100), other.path()).unwrap();
        assert_ne!(
            a[Path::new("var/log/mail.log")],
            fs::read(other.path().join("var/log/mail.log")).unwrap(),
            "{}",
            kind.name()
        );
    }
}

#[test]
fn lines_are_in_time_order_within_each_file() {
    for kind in kinds() {
        let (dir, summary) = tree(kind);
        for stat in &summary.files {
            let file = log_file(&stat.path);
            let text = read(&dir.path().join("var/log").join(&stat.path));
            assert_eq!(text.lines().count() as u64, stat.lines, "{}", stat.path);
            let mut last: Option<Stamp> = None;
            let mut year = 0;
            for (n, line) in text.lines().enumerate() {
                let Some(t) = stamp(file, line) else {
                    // MariaDB's `Version:` line and the body of a crash report have no time.
                    assert_eq!(file, LogFile::Mariadb, "{}:{}: {line:?}", stat.path, n + 1);
                    continue;
                };
                let ok = match (last, t) {
                    (Some(Stamp::Instant(a)), Stamp::Instant(b)) => b >= a,
                    (Some(Stamp::Wall(a)), Stamp::Wall(b)) => {
                        // Wall times repeat an hour when summer time ends.
                        let fall_back = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
                        b >= a
                            || (kind == Kind::DbStopped
                                && a.date() == fall_back
                                && a.hour() == 2
                                && a - b <= chrono::Duration::hours(1))
                    }
                    (Some(Stamp::NoYear(m0, d0, s0)), Stamp::NoYear(m1, d1, s1)) => {
                        if m1 < m0 {
                            year += 1; // New Year
                        }
                        m1 < m0 || (m1, d1, s1) >= (m0, d0, s0)
                    }
                    (None, _) => true,
                    (Some(a), b) => panic!("{}: mixed stamps {a:?} and {b:?}", stat.path),
                };
                assert!(
                    ok,
                    "{}: {}:{}: {t:?} is before {last:?}",
                    kind.name(),
                    stat.path,
                    n + 1
                );
                last = Some(t);
            }
            assert!(year <= 1, "{}", stat.path);
        }
    }
}

#[test]
fn expected_answers_are_consistent() {
    for kind in kinds() {
        let (dir, summary) = tree(kind);
        let e = &summary.expected;
        let text = fs::read_to_string(dir.path().join("EXPECTED.json")).unwrap();
        let parsed: scenario::Expected = serde_json::from_str(&text).unwrap();
        assert_eq!(&parsed, e);
        assert!(text.starts_with("{\n  \"root_cause\": "), "{}", kind.name());
        let root = e.root_cause.as_deref().unwrap();
        assert_eq!(e.chain.first().map(String::as_str), Some(root));
        assert!(e.chain.len() >= 2, "{}: {:?}", kind.name(), e.chain);
        let incident = DateTime::parse_from_rfc3339(e.incident_time.as_deref().unwrap()).unwrap();
        let start = DateTime::parse_from_rfc3339(&e.logs.start).unwrap();
        let end = DateTime::parse_from_rfc3339(&e.logs.end).unwrap();
        assert!(start < incident && incident < end, "{}", kind.name());
        assert_eq!(e.tz, kind.scenario(1).host.zone.name());
        assert!(e.story.as_deref().is_some_and(|s| s.len() > 100));
        // Bans in time order.
        let bans: Vec<_> = e
            .bans
            .iter()
            .map(|b| DateTime::parse_from_rfc3339(&b.ban).unwrap())
            .collect();
        assert!(bans.windows(2).all(|w| w[0] <= w[1]), "{}", kind.name());
        assert!(!e.bans.is_empty(), "{}: normal daily bans", kind.name());
    }
}

#[test]
fn file_times_are_the_last_lines() {
    for kind in kinds() {
        let (dir, summary) = tree(kind);
        for f in &summary.files {
            let Some(last) = f.last else { continue };
            let modified = fs::metadata(dir.path().join("var/log").join(&f.path))
                .unwrap()
                .modified()
                .unwrap();
            let micros = modified
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_micros() as i64;
            assert!(
                (micros - last.micros()).abs() < 1_000_000,
                "{}: {} mtime {micros} vs last line {}",
                kind.name(),
                f.path,
                last.micros()
            );
        }
    }
}

/// Access-log lines with `status` between `from` and `to` (CLF stamps compared as instants).
fn statuses(kind: Kind, status: &str, from: &str, to: &str) -> usize {
    let from = DateTime::parse_from_rfc3339(from).unwrap();
    let to = DateTime::parse_from_rfc3339(to).unwrap();
    log(kind, "nginx/access.log")
        .lines()
        .filter(|l| l.contains(&format!("\" {status} ")))
        .filter(|l| match stamp(LogFile::NginxAccess, l) {
            Some(Stamp::Instant(t)) => t >= from && t < to,
            _ => false,
        })
        .count()
}

fn expected(kind: Kind) -> &'static scenario::Expected {
    &tree(kind).1.expected
}

#[test]
fn db_crash_tells_its_story() {
    let k = Kind::DbCrash;
    let e = expected(k);
    assert_eq!(e.chain, ["db_crash", "db_down"]);
    assert_eq!(
        e.incident_time.as_deref(),
        Some("2026-11-24T10:42:17+09:00")
    );
    assert_eq!(e.crashes.len(), 2);
    let db = log(k, "mysql/error.log");
    assert_eq!(db.matches("[ERROR] mysqld got signal 11 ;").count(), 2);
    assert!(db.contains(
        "261124 10:42:17 [ERROR] mysqld got signal 11 ;\nThis could be because you hit a bug."
    ));
    for piece in [
        "Thread pointer: 0x",
        "Attempting backtrace. You can use the following information to find out",
        "/usr/sbin/mariadbd(my_print_stacktrace+0x",
        "Query (0x",
        "Connection ID (thread ID): ",
        "InnoDB: Starting crash recovery from checkpoint LSN=",
        "(initiated by: unknown): Normal shutdown",
    ] {
        assert!(db.contains(piece), "{piece}");
    }
    let syslog = log(k, "syslog");
    assert_eq!(
        syslog
            .matches("mariadb.service: Main process exited, code=killed, status=11/SEGV")
            .count(),
        2
    );
    assert!(syslog.contains("mariadb.service: Failed with result 'signal'."));
    assert!(syslog.contains("mariadb.service: Scheduled restart job, restart counter is at 2."));
    // The decoys: yesterday's restart and the password storm.
    assert_eq!(e.decoys.len(), 2);
    assert!(log(k, "auth.log").contains("COMMAND=/usr/bin/systemctl restart mariadb"));
    let mail = log(k, "mail.log");
    assert!(mail.matches("SASL LOGIN authentication failed").count() > 500);
    // No pressure and no outage before the crash.
    assert_eq!(
        statuses(k, "502", &e.logs.start, "2026-11-24T10:42:17+09:00"),
        0
    );
    assert!(!log(k, "kern.log").contains("oom"));
}

#[test]
fn db_stopped_tells_its_story() {
    let k = Kind::DbStopped;
    let e = expected(k);
    assert_eq!(e.chain, ["db_stopped", "db_down"]);
    // After the end of summer time: +01:00.
    assert_eq!(
        e.incident_time.as_deref(),
        Some("2026-10-25T10:14:03+01:00")
    );
    assert_eq!(e.tz, "Europe/Berlin");
    let db = log(k, "mysql/error.log");
    assert!(db.contains(
        "2026-10-25 10:14:03 0 [Note] /usr/sbin/mariadbd (initiated by: unknown): Normal shutdown"
    ));
    assert!(db.contains("[Note] /usr/sbin/mariadbd: Shutdown complete"));
    let syslog = log(k, "syslog");
    assert!(syslog.contains("2026-10-25T10:14:03.227117+01:00 web01 systemd[1]: Stopping mariadb.service - MariaDB 10.11.6 database server..."));
    assert!(
        syslog.contains("systemd[1]: Stopped mariadb.service - MariaDB 10.11.6 database server.")
    );
    assert!(log(k, "auth.log").contains("COMMAND=/usr/bin/systemctl stop mariadb"));
    // Both offsets of the day are in the offset-carrying logs.
    assert!(
        syslog.contains("2026-10-25T01:") && syslog.contains("+02:00") && syslog.contains("+01:00")
    );
    // The site answers 500 while stopped, and not before.
    assert!(
        statuses(
            k,
            "500",
            "2026-10-25T10:14:04+01:00",
            "2026-10-25T11:03:40+01:00"
        ) >= 20
    );
    assert_eq!(
        statuses(k, "500", &e.logs.start, "2026-10-25T10:14:03+01:00"),
        0
    );
    assert!(log(k, "nginx/error.log").contains("(HY000/2002): No such file or directory"));
    // The newsletter: 1,200 mails from uid 33 in 20 minutes, hours before.
    let mail = log(k, "mail.log");
    let newsletter = mail
        .lines()
        .filter(|l| l.contains("uid=33 from=<newsletter@example.com>"))
        .count();
    assert_eq!(newsletter, 1_200);
    assert_eq!(e.decoys[0].resembles, "mass_mail");
}

#[test]
fn disk_full_tells_its_story() {
    let k = Kind::DiskFull;
    let e = expected(k);
    assert_eq!(e.chain, ["disk_full", "db_down"]);
    assert_eq!(
        e.incident_time.as_deref(),
        Some("2026-06-14T11:55:31-04:00")
    );
    let db = log(k, "mysql/error.log");
    assert!(db.contains("[Warning] mariadbd: Disk is full writing './binlog.000123' (Errcode: 28 \"No space left on device\"). Waiting for someone to free space..."));
    assert!(db.contains("260614 12:05:32 [ERROR] mysqld got signal 6 ;"));
    assert!(db.contains(
        "[ERROR] InnoDB: Could not set the file size of './ibtmp1'. Probably out of disk space"
    ));
    let mail = log(k, "mail.log");
    assert!(mail.contains("warning: not enough free space in mail queue"));
    assert!(mail.contains("452 4.3.1 Insufficient system storage"));
    assert!(mail.contains("postfix/postdrop["));
    assert!(mail.contains(": fatal: uid=33: queue file write error"));
    assert!(mail.contains(": warning: mail_queue_enter: create file maildrop/"));
    assert!(mail.contains(": No space left on device"));
    assert!(log(k, "nginx/error.log").contains("failed (28: No space left on device)"));
    let syslog = log(k, "syslog");
    assert!(syslog.contains("mariadb.service: Main process exited, code=killed, status=6/ABRT"));
    assert!(syslog.contains("Failed to start mariadb.service - MariaDB 10.11.6 database server."));
    // The site fails from the moment the database blocks.
    assert!(
        statuses(
            k,
            "502",
            "2026-06-14T11:55:31-04:00",
            "2026-06-14T12:05:31-04:00"
        ) >= 5
    );
    assert_eq!(
        statuses(k, "502", &e.logs.start, "2026-06-14T11:55:31-04:00"),
        0
    );
}

#[test]
fn client_banned_tells_its_story() {
    let k = Kind::ClientBanned;
    let e = expected(k);
    assert_eq!(e.chain, ["client_banned", "client_blocked"]);
    let client = e.client.as_ref().unwrap();
    assert_eq!(e.client_ip.as_deref(), Some("192.0.2.201"));
    assert!(client.still_banned);
    assert_eq!(client.bans, 6);
    assert_eq!(e.incident_time.as_deref(), Some(client.first_ban.as_str()));
    let f2b = log(k, "fail2ban.log");
    assert_eq!(f2b.matches("[plesk-dovecot] Ban 192.0.2.201").count(), 5);
    assert_eq!(f2b.matches("[recidive] Ban 192.0.2.201").count(), 1);
    // The office was a good client all day, and nothing from it arrives after the recidive ban.
    let recidive = client.recidive_ban.as_deref().unwrap();
    let office = |from: &str, to: &str| {
        let (from, to) = (
            DateTime::parse_from_rfc3339(from).unwrap(),
            DateTime::parse_from_rfc3339(to).unwrap(),
        );
        log(k, "nginx/access.log")
            .lines()
            .filter(|l| l.starts_with("192.0.2.201 "))
            .filter(|l| matches!(stamp(LogFile::NginxAccess, l), Some(Stamp::Instant(t)) if t >= from && t < to))
            .count()
    };
    assert!(office(&e.logs.start, &client.first_ban) > 300);
    assert_eq!(office(recidive, &e.logs.end), 0);
    let mail = log(k, "mail.log");
    assert!(mail
        .contains("imap-login: Login: user=<m.sato@example.com>, method=PLAIN, rip=192.0.2.201"));
    let after: Vec<&str> = mail
        .lines()
        .filter(|l| l.contains("rip=2001:db8:1a2b:3c00::"))
        .filter(|l| l.get(..25).is_some_and(|t| t > "2026-11-24T11:00"))
        .collect();
    assert!(!after.is_empty(), "phones keep reading mail");
    assert!(!mail
        .lines()
        .any(|l| l.contains("192.0.2.201") && l.get(..25).is_some_and(|t| t > "2026-11-24T10:52")));
    // After her password change, her office client only fails.
    assert!(!mail
        .lines()
        .any(|l| l.contains("Login: user=<k.yamada@example.com>")
            && l.contains("rip=192.0.2.201")
            && l.get(..25).is_some_and(|t| t > "2026-11-24T09:57")));
}

#[test]
fn web_attack_tells_its_story() {
    let k = Kind::WebAttack;
    let e = expected(k);
    assert_eq!(e.chain, ["web_attack", "site_down"]);
    assert_eq!(
        e.incident_time.as_deref(),
        Some("2026-11-24T14:02:09+00:00")
    );
    let attack = e.web_attack.as_ref().unwrap();
    assert!(attack.requests > 10_000, "{}", attack.requests);
    let per_minute = statuses(
        k,
        "502",
        "2026-11-24T14:05:00+00:00",
        "2026-11-24T14:06:00+00:00",
    );
    assert!(per_minute > 500, "{per_minute} 502s a minute");
    assert_eq!(
        statuses(k, "502", &e.logs.start, "2026-11-24T14:02:05+00:00"),
        0
    );
    assert!(statuses(k, "403", "2026-11-24T14:14:10+00:00", &e.logs.end) > 100);
    let f2b = log(k, "fail2ban.log");
    for ip in &attack.guessers {
        assert!(f2b.contains(&format!("[plesk-wordpress] Ban {ip}")), "{ip}");
    }
    for ip in &attack.flooders {
        assert!(!f2b.contains(&format!("Ban {ip}\n")), "{ip}");
    }
    // The database is not involved.
    assert!(!log(k, "mysql/error.log").contains("Normal shutdown"));
    assert!(!log(k, "syslog").contains("mariadb.service: Main process exited"));
}

#[test]
fn oom_no_cause_tells_its_story_across_new_year() {
    let k = Kind::OomNoCause;
    let e = expected(k);
    assert_eq!(e.chain, ["oom_kill", "db_down"]);
    assert_eq!(
        e.incident_time.as_deref(),
        Some("2027-01-01T03:12:44-08:00")
    );
    let kern = log(k, "kern.log");
    assert!(kern.contains("Jan  1 03:12:44 web01 kernel: ["));
    assert!(kern.contains("mariadbd invoked oom-killer"));
    let oom = e.oom_kill.as_ref().unwrap();
    assert!(kern.contains(&format!(
        "Out of memory: Killed process {} (mariadbd)",
        oom.pid
    )));
    // The victim is the MariaDB the admin restarted the day before.
    assert_ne!(oom.pid, 1187);
    let syslog = log(k, "syslog");
    assert!(syslog.starts_with("Dec 31 06:25:0"));
    assert!(syslog.contains("\nDec 31 23:") && syslog.contains("\nJan  1 00:"));
    assert!(syslog.contains("mariadb.service: Failed with result 'oom-kill'."));
    let mail = log(k, "mail.log");
    assert!(mail.starts_with("Dec 31 "));
    // No burst behind it: form mail and requests at their usual level in the hour before.
    let form_mail = mail
        .lines()
        .filter(|l| l.starts_with("Jan  1 02:") || l.starts_with("Jan  1 03:0"))
        .filter(|l| l.contains("uid=33"))
        .count();
    assert!(form_mail < 5, "{form_mail}");
    assert!(log(k, "mysql/error.log")
        .contains("(initiated by: root[root] @ localhost []): Normal shutdown"));
    assert!(e.db_down.is_some());
}
