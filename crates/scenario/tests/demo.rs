//! The demo tree: deterministic, ordered, rotated at the right instants, small, and telling
//! the founding story (and the committed fixture is what the generator makes).

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
use scenario::{generate, LogFile, Scenario, Summary};

/// One generation of the demo shared by the tests (it takes a moment in debug builds).
fn demo() -> &'static (tempfile::TempDir, Summary) {
    static DEMO: OnceLock<(tempfile::TempDir, Summary)> = OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let summary = generate(&Scenario::demo(), dir.path()).unwrap();
        (dir, summary)
    })
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

/// Every file under `dir`, relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
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

fn tokyo() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).unwrap()
}

/// The time of a line, by the file's format; `None` for lines without one (MariaDB's
/// `Version:` line).
fn line_time(file: LogFile, line: &str) -> Option<DateTime<FixedOffset>> {
    let naive = |s: &str, fmt: &str| {
        NaiveDateTime::parse_from_str(s, fmt)
            .ok()
            .and_then(|n| tokyo().from_local_datetime(&n).single())
    };
    match file {
        LogFile::NginxAccess => {
            let open = line.find('[')?;
            let close = line.find(']')?;
            DateTime::parse_from_str(&line[open + 1..close], "%d/%b/%Y:%H:%M:%S %z").ok()
        }
        LogFile::NginxError => naive(line.get(..19)?, "%Y/%m/%d %H:%M:%S"),
        LogFile::Mariadb => naive(line.get(..19)?, "%Y-%m-%d %k:%M:%S"),
        LogFile::Fail2ban => naive(line.get(..23)?, "%Y-%m-%d %H:%M:%S,%3f"),
        _ => DateTime::parse_from_rfc3339(line.split(' ').next()?).ok(),
    }
}

#[test]
fn same_seed_same_bytes() {
    let (first, _) = demo();
    let second = tempfile::tempdir().unwrap();
    generate(&Scenario::demo(), second.path()).unwrap();
    let (a, b) = (tree(first.path()), tree(second.path()));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{} differs between two runs",
            path.display()
        );
    }
    // And another seed gives another tree.
    let third = tempfile::tempdir().unwrap();
    let mut other = Scenario::demo();
    other.seed += 1;
    generate(&other, third.path()).unwrap();
    assert_ne!(
        a[Path::new("var/log/mail.log")],
        fs::read(third.path().join("var/log/mail.log")).unwrap()
    );
}

#[test]
fn committed_fixture_is_what_the_generator_makes() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/demo");
    if !fixture.join("EXPECTED.json").exists() {
        eprintln!("no committed fixture at {}; skipping", fixture.display());
        return;
    }
    let (fresh, _) = demo();
    let mut committed = tree(&fixture);
    committed.retain(|path, _| path.starts_with("var") || path == Path::new("EXPECTED.json"));
    let made = tree(fresh.path());
    assert_eq!(
        committed.keys().collect::<Vec<_>>(),
        made.keys().collect::<Vec<_>>(),
        "fixtures/demo has other files than the generator makes: run `cargo run -p scenario --release -- demo fixtures/demo`"
    );
    for (path, bytes) in &made {
        assert!(
            bytes == &committed[path],
            "fixtures/demo/{} is stale: run `cargo run -p scenario --release -- demo fixtures/demo`",
            path.display()
        );
    }
}

#[test]
fn lines_are_in_time_order_within_each_file() {
    let (dir, summary) = demo();
    for stat in &summary.files {
        let file = LogFile::ALL
            .into_iter()
            .find(|f| stat.path.starts_with(f.path()))
            .unwrap();
        let text = read(&dir.path().join("var/log").join(&stat.path));
        let mut last = None;
        for (n, line) in text.lines().enumerate() {
            let Some(t) = line_time(file, line) else {
                assert!(
                    file == LogFile::Mariadb && line.starts_with("Version: "),
                    "{}:{}: no time in {line:?}",
                    stat.path,
                    n + 1
                );
                continue;
            };
            if let Some(prev) = last {
                assert!(t >= prev, "{}:{}: {t} is before {prev}", stat.path, n + 1);
            }
            last = Some(t);
        }
        assert_eq!(text.lines().count() as u64, stat.lines, "{}", stat.path);
    }
}

#[test]
fn rotations_split_at_0625_and_never_overlap() {
    let (dir, _) = demo();
    let cut = |day| tokyo().with_ymd_and_hms(2026, 11, day, 6, 25, 2).unwrap();
    for file in LogFile::ALL {
        let periods = [
            (
                format!("{}.2.gz", file.path()),
                tokyo().with_ymd_and_hms(2026, 11, 22, 6, 25, 2).unwrap(),
                cut(23),
            ),
            (format!("{}.1", file.path()), cut(23), cut(24)),
            (
                file.path().to_owned(),
                cut(24),
                tokyo().with_ymd_and_hms(2026, 11, 24, 15, 10, 0).unwrap(),
            ),
        ];
        let mut previous_last = None;
        for (name, from, to) in periods {
            let path = dir.path().join("var/log").join(&name);
            assert!(path.exists(), "{name} is missing");
            let times: Vec<_> = read(&path)
                .lines()
                .filter_map(|l| line_time(file, l))
                .collect();
            for t in &times {
                // Second-resolution stamps can show the rotation second on both sides.
                assert!(
                    *t >= from - chrono::Duration::seconds(1) && *t < to,
                    "{name}: {t} outside [{from}, {to})"
                );
            }
            if let (Some(prev), Some(first)) = (previous_last, times.first()) {
                assert!(
                    *first >= prev,
                    "{name} starts at {first}, before the older file's last line {prev}"
                );
            }
            previous_last = times.last().copied().or(previous_last);
        }
        assert!(!dir
            .path()
            .join("var/log")
            .join(format!("{}.3.gz", file.path()))
            .exists());
    }
}

#[test]
fn the_story_is_there() {
    let (dir, summary) = demo();
    let log = |name: &str| read(&dir.path().join("var/log").join(name));
    let expected = &summary.expected;
    assert_eq!(expected.root_cause.as_deref(), Some("mass_mail"));
    assert_eq!(expected.chain, ["mass_mail", "oom_kill", "db_down"]);
    assert_eq!(
        expected.incident_time.as_deref(),
        Some("2026-11-24T14:01:07+09:00")
    );
    assert_eq!(expected.tz, "Asia/Tokyo");

    // The burst: ~2,800 messages from uid 33 between 13:47 and ~14:00.
    let burst = expected.mass_mail.as_ref().unwrap();
    assert!(
        (2_800..2_805).contains(&burst.messages),
        "{}",
        burst.messages
    );
    assert!(
        burst.start.starts_with("2026-11-24T13:47:0"),
        "{}",
        burst.start
    );
    assert!(
        burst.end.as_str() > "2026-11-24T13:58" && burst.end.as_str() < "2026-11-24T14:01",
        "{}",
        burst.end
    );
    let mail = log("mail.log");
    let picked: Vec<&str> = mail
        .lines()
        .filter(|l| {
            l.contains("postfix/pickup[") && l.contains("uid=33 from=<www-data@example.com>")
        })
        .filter(|l| l[..19] >= burst.start[..19] && l[..19] <= burst.end[..19])
        .collect();
    assert!(
        picked.len() >= burst.messages as usize,
        "{} pickups in the burst window",
        picked.len()
    );
    assert!(mail.contains("status=deferred (host mx.example.org[198.51.100.40] said: 450 4.7.1 "));
    assert!(mail.contains("refused to talk to me: 421 4.7.0"));
    let before: usize = log("mail.log.1")
        .lines()
        .filter(|l| l.contains("uid=33 from="))
        .count();
    assert!(before < 60, "{before} form mails on an ordinary day");

    // The OOM kill, in kern.log and (Debian duplicates kernel lines) in syslog.
    let kill = "kernel: [1935498.724285] Out of memory: Killed process 1187 (mariadbd) total-vm:2817408kB, anon-rss:1402156kB, file-rss:0kB, shmem-rss:0kB, UID:106 pgtables:3412kB oom_score_adj:0";
    let oom_line = "php-fpm8.2 invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0";
    for name in ["kern.log", "syslog"] {
        let text = log(name);
        assert!(text.contains(kill), "{name} lacks the kill line");
        assert!(text.contains(oom_line), "{name} lacks the invocation line");
        assert!(text.contains("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/mariadb.service,task=mariadbd,pid=1187,uid=106"));
        assert!(text.contains("oom_reaper: reaped process 1187 (mariadbd), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"));
    }
    let syslog = log("syslog");
    for line in [
        "systemd[1]: mariadb.service: A process of this unit has been killed by the OOM killer.",
        "systemd[1]: mariadb.service: Main process exited, code=killed, status=9/KILL",
        "systemd[1]: mariadb.service: Failed with result 'oom-kill'.",
        "systemd[1]: Starting mariadb.service - MariaDB 10.11.6 database server...",
        "systemd[1]: Started mariadb.service - MariaDB 10.11.6 database server.",
    ] {
        assert!(syslog.contains(line), "syslog lacks {line:?}");
    }
    assert!(!syslog.contains("postfix/"), "mail stays out of syslog");

    // MariaDB falls silent at the kill and comes back with crash recovery at 14:37.
    let db = log("mysql/error.log");
    assert!(!db
        .lines()
        .any(|l| l.starts_with("2026-11-24 14:0") || l.starts_with("2026-11-24 14:1")));
    assert!(db.contains(
        "2026-11-24 14:37:01 0 [Note] InnoDB: Starting crash recovery from checkpoint LSN="
    ));
    assert!(db.contains("[Note] /usr/sbin/mariadbd: ready for connections.\nVersion: '10.11.6-MariaDB-0+deb12u1'  socket: '/run/mysqld/mysqld.sock'  port: 3306  Debian 12\n"));
    assert!(log("mysql/error.log.1").contains("[Warning] Aborted connection "));

    // The site: 502/504 during the outage, none before it, 200 again after.
    let access = log("nginx/access.log");
    let status_in = |from: &str, to: &str, status: &str| {
        access
            .lines()
            .filter(|l| {
                let t = &l[l.find('[').unwrap() + 1..];
                t >= from && t < to && l.contains(&format!("\" {status} "))
            })
            .count()
    };
    assert!(status_in("24/Nov/2026:14:01:08", "24/Nov/2026:14:37:00", "502") >= 20);
    assert!(status_in("24/Nov/2026:14:01:08", "24/Nov/2026:14:37:00", "504") >= 2);
    assert_eq!(
        status_in("24/Nov/2026:06:00:00", "24/Nov/2026:14:01:07", "502"),
        0
    );
    assert!(status_in("24/Nov/2026:14:38:00", "24/Nov/2026:15:10:00", "200") >= 20);
    let errors = log("nginx/error.log");
    assert!(errors.contains("connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream"));
    assert!(errors.contains("upstream timed out (110: Connection timed out) while reading response header from upstream"));

    // Fail2Ban keeps banning, during the incident too.
    let f2b = log("fail2ban.log");
    assert!(f2b
        .lines()
        .any(|l| l.starts_with("2026-11-24 14:") && l.contains("NOTICE  [sshd] Ban ")));
    assert!(expected.bans.len() >= 10, "{} bans", expected.bans.len());
    assert!(log("auth.log").contains("COMMAND=/usr/bin/systemctl start mariadb"));
}

#[test]
fn the_tree_is_small() {
    let (dir, _) = demo();
    let total: u64 = tree(dir.path()).values().map(|b| b.len() as u64).sum();
    assert!(total < 4 * 1024 * 1024, "{total} bytes");
}

#[test]
fn expected_json_round_trips() {
    let (dir, summary) = demo();
    let text = fs::read_to_string(dir.path().join("EXPECTED.json")).unwrap();
    let parsed: scenario::Expected = serde_json::from_str(&text).unwrap();
    assert_eq!(&parsed, &summary.expected);
    // The keys the analyzer's acceptance tests read come first, as documented.
    assert!(text.starts_with("{\n  \"root_cause\": \"mass_mail\",\n  \"chain\": [\n"));
}

#[test]
fn regeneration_replaces_only_generated_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Scenario::background(7, 1, scenario::Size::SMALL);
    s.size.requests_per_day = 200;
    generate(&s, dir.path()).unwrap();
    fs::write(dir.path().join("README.md"), "mine").unwrap();
    fs::write(dir.path().join("var/log/mail.log.9.gz"), "stale").unwrap();
    fs::write(dir.path().join("var/log/dpkg.log"), "not ours").unwrap();
    generate(&s, dir.path()).unwrap();
    assert_eq!(
        fs::read_to_string(dir.path().join("README.md")).unwrap(),
        "mine"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("var/log/dpkg.log")).unwrap(),
        "not ours"
    );
    assert!(!dir.path().join("var/log/mail.log.9.gz").exists());

    // A var/log that no run of ours made is left alone.
    let real = tempfile::tempdir().unwrap();
    fs::create_dir_all(real.path().join("var/log")).unwrap();
    fs::write(real.path().join("var/log/syslog"), "precious").unwrap();
    assert!(matches!(
        generate(&s, real.path()),
        Err(scenario::Error::NotGenerated(_))
    ));
    assert_eq!(
        fs::read_to_string(real.path().join("var/log/syslog")).unwrap(),
        "precious"
    );
}

#[test]
fn a_quiet_stretch_has_no_incident() {
    let dir = tempfile::tempdir().unwrap();
    let summary = generate(
        &Scenario::background(3, 2, scenario::Size::SMALL),
        dir.path(),
    )
    .unwrap();
    assert_eq!(summary.expected.root_cause, None);
    assert!(summary.expected.mass_mail.is_none());
    let names: Vec<&str> = summary.files.iter().map(|f| f.path.as_str()).collect();
    assert!(
        names.contains(&"mail.log.1")
            && names.contains(&"mail.log")
            && !names.contains(&"mail.log.2.gz")
    );
    for f in &summary.files {
        let text = read(&dir.path().join("var/log").join(&f.path));
        assert!(!text.contains("oom-killer"), "{}", f.path);
        assert!(!text.contains("\" 502 "), "{}", f.path);
    }
}
