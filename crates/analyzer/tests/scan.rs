//! The scan as embedders use it: the same answer whatever path the bytes take (plain or
//! compressed, one thread or many), and files outside a known window left unread.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use analyzer::{analyze, scan, Options, ScanOptions};
use logparse::Zone;

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/demo/var/log")
}

fn tokyo() -> Zone {
    Zone::parse("Asia/Tokyo").unwrap()
}

/// Copies a tree, gzipping every plain file on the way.
fn copy_gzipped(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_gzipped(&entry.path(), &target);
            continue;
        }
        let data = std::fs::read(entry.path()).unwrap();
        if data.starts_with(&[0x1f, 0x8b]) {
            std::fs::write(&target, data).unwrap();
        } else {
            let name = format!("{}.gz", entry.file_name().to_string_lossy());
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(&data).unwrap();
            std::fs::write(to.join(name), gz.finish().unwrap()).unwrap();
        }
    }
}

fn verdict(paths: Vec<PathBuf>) -> (String, Vec<String>, String, usize) {
    let mut options = Options::new(paths);
    options.zone = tokyo();
    let report = analyze(&options, &|_| {}).unwrap();
    let incident = report.incident.unwrap();
    (
        report.causes[0].summary.clone(),
        report.chain,
        incident.time.to_string(),
        report.timeline.len(),
    )
}

#[test]
fn plain_and_gzipped_trees_give_the_same_diagnosis() {
    let dir = tempfile::tempdir().unwrap();
    copy_gzipped(&demo(), dir.path());
    // mail.log is live and mail.log.1 rotated: gzipped they become mail.log.gz and
    // mail.log.1.gz, still one rotation set in the same order.
    assert_eq!(
        verdict(vec![demo()]),
        verdict(vec![dir.path().to_path_buf()])
    );
}

#[test]
fn one_thread_and_many_give_the_same_report() {
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut options = Options::new(vec![demo()]);
            options.zone = tokyo();
            serde_json::to_string(&analyze(&options, &|_| {}).unwrap()).unwrap()
        })
    };
    assert_eq!(run(1), run(4));
}

#[test]
fn files_last_written_before_the_window_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let line = "2026-11-24T10:00:00.000000+09:00 web01 sshd[1]: Failed password for root from 203.0.113.9 port 4242 ssh2\n";
    let old = dir.path().join("auth.log.1");
    let live = dir.path().join("auth.log");
    std::fs::write(&old, line.replace("11-24", "11-01")).unwrap();
    std::fs::write(&live, line).unwrap();
    let ten_days_ago = SystemTime::now() - Duration::from_secs(10 * 86_400);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(ten_days_ago)
        .unwrap();
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let result = scan(
        &ScanOptions {
            window: Some((now - 86_400, now)),
            ..ScanOptions::new(vec![dir.path().to_path_buf()], tokyo())
        },
        &|_| {},
    );
    let report_of = |p: &Path| result.files.iter().find(|f| f.path == p).unwrap();
    assert_eq!(report_of(&old).lines, 0);
    assert!(report_of(&old).note.is_some());
    assert_eq!(report_of(&live).parsed, 1);
}

/// A big plain file read in many chunks gives the same result as read whole: counts, line
/// numbers and texts of evidence (found again from the chunks' marks), and the diagnosis.
#[test]
fn chunked_reading_gives_the_same_scan() {
    let run = |chunk_bytes: u64| {
        let result = scan(
            &ScanOptions {
                chunk_bytes,
                ..ScanOptions::new(vec![demo()], tokyo())
            },
            &|_| {},
        );
        // Each chunk's mark names the line that starts at its offset.
        for f in &result.files {
            let bytes = std::fs::read(&f.path).unwrap();
            for &(line, offset) in &f.line_marks {
                let before = &bytes[..offset as usize];
                assert_eq!(before.last(), Some(&b'\n'), "{}", f.path.display());
                let newlines = before.iter().filter(|&&b| b == b'\n').count() as u64;
                assert_eq!(newlines + 1, line, "{}", f.path.display());
            }
        }
        let marked = result.files.iter().filter(|f| f.line_marks.len() > 10);
        assert_eq!(marked.count() > 0, chunk_bytes < 1 << 20);
        let files: Vec<_> = result
            .files
            .iter()
            .map(|f| {
                (
                    f.path.clone(),
                    f.lines,
                    f.parsed,
                    f.unparsed,
                    f.first,
                    f.last,
                    f.read_in_zone,
                )
            })
            .collect();
        let report = analyzer::diagnose(
            &result,
            &analyzer::DiagnoseOptions {
                at: None,
                window_secs: 86_400,
                zone: tokyo(),
                client_ip: None,
            },
        );
        (files, serde_json::to_string(&report).unwrap())
    };
    let whole = run(analyzer::DEFAULT_CHUNK_BYTES);
    // mail.log (2.6 MB) in ~40 chunks, the access logs in several.
    let chunked = run(64 * 1024);
    assert_eq!(whole.0, chunked.0);
    assert_eq!(whole.1, chunked.1);
}

/// Whether a file's stamps carry an offset is told by its earliest parsed line, read whole or
/// in chunks, also when the first chunks hold no line of its format.
#[test]
fn files_read_in_the_zone_are_told_in_chunks_too() {
    let dir = tempfile::tempdir().unwrap();
    let junk =
        "\x16\x03\x01 not a log line at all, a scanner's bytes in the wrong file\n".repeat(4000);
    let fail2ban = (0..2000)
        .map(|i| {
            format!(
                "2026-11-24 10:{:02}:{:02},000 fail2ban.filter         [812]: INFO    [sshd] Found 203.0.113.9 - 2026-11-24 10:00:00\n",
                i / 60 % 60,
                i % 60
            )
        })
        .collect::<String>();
    let syslog = fail2ban
        .lines()
        .map(|l| {
            format!(
                "2026-11-24T{}.000000+09:00 web01 sshd[1]: {}\n",
                &l[11..19],
                &l[24..]
            )
        })
        .collect::<String>();
    std::fs::write(dir.path().join("fail2ban.log"), format!("{junk}{fail2ban}")).unwrap();
    std::fs::write(dir.path().join("syslog"), format!("{junk}{syslog}")).unwrap();
    for (name, format, in_zone) in [
        ("fail2ban.log", logparse::Format::Fail2ban, true),
        ("syslog", logparse::Format::Syslog, false),
    ] {
        for chunk_bytes in [analyzer::DEFAULT_CHUNK_BYTES, 32 * 1024] {
            let result = scan(
                &ScanOptions {
                    chunk_bytes,
                    format: Some(format),
                    ..ScanOptions::new(vec![dir.path().join(name)], tokyo())
                },
                &|_| {},
            );
            let file = &result.files[0];
            assert_eq!(file.parsed, 2000, "{name}");
            assert_eq!(
                file.read_in_zone, in_zone,
                "{name} in chunks of {chunk_bytes}"
            );
        }
    }
}

/// A directory of 10,000 small logs, an empty file, CRLF line ends and a corrupt gzip: every
/// log is read once, the damage is reported per file, nothing stops the scan.
#[test]
fn many_small_files_empty_crlf_and_corrupt_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let vhosts = dir.path().join("vhosts");
    std::fs::create_dir(&vhosts).unwrap();
    for i in 0..10_000 {
        let line = format!(
            "198.51.100.{} - - [24/Nov/2026:10:{:02}:00 +0900] \"GET /p{i} HTTP/1.1\" 200 12 \"-\" \"curl/8.5\"\r\n",
            i % 250,
            i % 60
        );
        std::fs::write(vhosts.join(format!("site{i}.access.log")), line).unwrap();
    }
    std::fs::write(dir.path().join("empty.log"), b"").unwrap();
    let mut corrupt = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
    corrupt.extend_from_slice(b"this is not deflate data at all");
    std::fs::write(dir.path().join("mail.log.2.gz"), corrupt).unwrap();

    let result = scan(
        &ScanOptions::new(vec![dir.path().to_path_buf()], tokyo()),
        &|_| {},
    );
    let access: Vec<_> = result
        .files
        .iter()
        .filter(|f| f.path.starts_with(&vhosts))
        .collect();
    assert_eq!(access.len(), 10_000);
    assert!(
        access.iter().all(|f| f.lines == 1 && f.parsed == 1),
        "CRLF lines parse"
    );
    let by_name = |name: &str| {
        result
            .files
            .iter()
            .find(|f| f.path.file_name().is_some_and(|n| n == name))
            .unwrap_or_else(|| panic!("{name} not in the scan"))
    };
    assert_eq!(by_name("empty.log").lines, 0);
    assert!(
        by_name("mail.log.2.gz").error.is_some(),
        "the corrupt gzip is reported"
    );
    let requests: u32 = result
        .collector
        .minutes
        .values()
        .map(|m| m.get(analyzer::Signal::HttpRequests))
        .sum();
    assert_eq!(requests, 10_000);
}

/// A log truncated in place while it is being read (logrotate's `copytruncate`): the lines
/// read before stay, the rest of the scan goes on, and the file says what happened.
#[test]
fn a_file_truncated_while_being_read_is_noted() {
    let dir = tempfile::tempdir().unwrap();
    let access = dir.path().join("access.log");
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(&format!(
            "203.0.113.{} - - [24/Nov/2026:10:{:02}:{:02} +0000] \"GET /page/{i} HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n",
            i % 250,
            i / 60 % 60,
            i % 60
        ));
    }
    std::fs::write(&access, &text).unwrap();
    let other = dir.path().join("fail2ban.log");
    std::fs::write(
        &other,
        "2026-11-24 10:03:12,345 fail2ban.actions        [812]: NOTICE  [sshd] Ban 198.51.100.7\n",
    )
    .unwrap();
    let options = ScanOptions {
        chunk_bytes: 256 * 1024,
        ..ScanOptions::new(vec![dir.path().to_path_buf()], Zone::UTC)
    };
    // One worker takes the units in order; after the first chunk, the file is cut.
    let cut = std::sync::atomic::AtomicBool::new(false);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let result = pool.install(|| {
        scan(&options, &|_| {
            if !cut.swap(true, std::sync::atomic::Ordering::SeqCst) {
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(&access)
                    .unwrap()
                    .set_len(1000)
                    .unwrap();
            }
        })
    });
    let read = result.files.iter().find(|f| f.path == access).unwrap();
    assert!(
        read.lines > 0 && read.lines < 20_000,
        "{} lines",
        read.lines
    );
    assert_eq!(read.parsed, read.lines);
    let note = read.note.as_deref().unwrap_or_default();
    assert!(note.contains("truncated while being read"), "{note:?}");
    let ban = result.files.iter().find(|f| f.path == other).unwrap();
    assert_eq!(ban.parsed, 1);
}

/// With a window, a big plain log is read only where the window is: the lines before it
/// are found by binary search and counted, not parsed, and the line numbers of what is read
/// stay those of the file.
#[test]
fn a_big_plain_log_is_read_only_within_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let access = dir.path().join("access.log");
    // Two days, one request a second from 2026-11-23T00:00:00Z: 172,800 lines, ~27 MB.
    let t0: i64 = 1_795_392_000;
    let mut text = String::with_capacity(28 << 20);
    for i in 0..172_800i64 {
        let t = chrono::DateTime::from_timestamp(t0 + i, 0).unwrap();
        text.push_str(&format!(
            "198.51.100.{} - - [{}] \"GET /catalog/item/{i}?ref=search HTTP/1.1\" {} 5120 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n",
            i % 200,
            t.format("%d/%b/%Y:%H:%M:%S +0000"),
            if i % 97 == 0 { 502 } else { 200 }
        ));
    }
    std::fs::write(&access, &text).unwrap();
    // The window: the second day, 10:00 to 12:00.
    let start = t0 + 86_400 + 10 * 3600;
    let end = start + 2 * 3600;
    let run = |window| {
        scan(
            &ScanOptions {
                window,
                ..ScanOptions::new(vec![access.clone()], Zone::UTC)
            },
            &|_| {},
        )
    };
    let all = run(None);
    let part = run(Some((start, end)));
    let file = &part.files[0];
    let note = file.note.as_deref().unwrap_or_default();
    assert!(note.contains("lie before the window"), "{note:?}");
    // Far fewer lines parsed; the skipped ones counted.
    assert!(file.parsed < 40_000, "{} parsed", file.parsed);
    assert!(file.lines > 86_400 + 10 * 3600, "{} lines", file.lines);
    // Nothing long before the window was read (the search stops within ~128 KiB).
    let first_minute = *part.collector.minutes.keys().min().unwrap();
    assert!(first_minute * 60 >= start - 3600 - 1800, "{first_minute}");
    // Inside the window, the same counts and the same line references as a full read.
    for minute in (start / 60)..(end / 60) {
        let a = &all.collector.minutes[&minute];
        let b = &part.collector.minutes[&minute];
        assert_eq!(a.counts, b.counts, "minute {minute}");
        for signal in analyzer::Signal::ALL {
            assert_eq!(a.first(signal), b.first(signal), "minute {minute}");
        }
        let line = a.first(analyzer::Signal::HttpRequests).unwrap().line;
        assert_eq!(line as i64, minute * 60 - t0 + 1);
    }
}

/// Invalid UTF-8 in one line of a buffer costs that line only: it is read with replacement
/// characters, and the lines around it (checked a buffer at a time) come out as written, with
/// their own numbers.
#[test]
fn invalid_utf8_in_one_line_leaves_the_others_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("auth.log");
    let mut data = Vec::new();
    for i in 0..2000u32 {
        let user: &[u8] = if i == 1000 {
            b"r\xffot\xc3"
        } else {
            b"r\xc3\xa9mi"
        };
        data.extend_from_slice(
            format!(
                "2026-11-24T10:{:02}:{:02}.000000+09:00 web01 sshd[{i}]: Failed password for ",
                i / 60 % 60,
                i % 60
            )
            .as_bytes(),
        );
        data.extend_from_slice(user);
        data.extend_from_slice(b" from 203.0.113.9 port 4242 ssh2\n");
    }
    std::fs::write(&path, &data).unwrap();
    let mut seen = Vec::new();
    let report = analyzer::read_file_with(
        &path,
        Some(logparse::Parser::new(logparse::Format::Syslog)),
        tokyo(),
        |_, _, number, text| seen.push((number, text.to_string())),
    );
    assert_eq!(
        (report.lines, report.parsed, report.unparsed),
        (2000, 2000, 0)
    );
    assert_eq!(seen.len(), 2000);
    for (i, (number, text)) in seen.iter().enumerate() {
        assert_eq!(*number, i as u64 + 1);
        let user = if i == 1000 {
            "r\u{fffd}ot\u{fffd}"
        } else {
            "rémi"
        };
        assert!(
            text.contains(&format!("sshd[{i}]: Failed password for {user} from")),
            "{text}"
        );
    }
}
