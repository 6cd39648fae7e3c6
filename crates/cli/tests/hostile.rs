//! Hostile input through every output: control characters and markup in log text, invalid
//! UTF-8, a truncated gzip, binary files, an over-long line. The analysis goes on, and no raw
//! control character or markup reaches the terminal or the HTML report.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

use flate2::write::GzEncoder;
use flate2::Compression;

fn postmortem(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_postmortem"))
        .args(args)
        .arg(dir)
        .output()
        .expect("run postmortem")
}

/// A small tree with every kind of bad input.
fn hostile_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("nginx")).unwrap();

    // Access log: ANSI escapes and markup in the user agent and path, invalid UTF-8.
    let mut access = Vec::new();
    for i in 0..50 {
        writeln!(
            access,
            "203.0.113.{i} - - [24/Nov/2026:10:{:02}:00 +0900] \"GET /index.php HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"",
            i % 60
        )
        .unwrap();
    }
    access.extend_from_slice(
        b"203.0.113.66 - - [24/Nov/2026:10:51:00 +0900] \"GET /<script>alert(1)</script> HTTP/1.1\" 404 0 \"-\" \"\x1b[2J\x1b]0;owned\x07\xff\xfe\"\n",
    );
    std::fs::write(root.join("nginx/access.log"), access).unwrap();

    // Kernel: an OOM kill whose process name carries markup and an escape sequence.
    let kern = "2026-11-24T10:30:00.000000+09:00 web01 kernel: [1234.567890] Out of memory: Killed process 4242 (<script>\x1b[31m) total-vm:1048576kB, anon-rss:524288kB, file-rss:0kB, shmem-rss:0kB, UID:33 pgtables:1024kB oom_score_adj:0\n";
    std::fs::write(root.join("kern.log"), kern).unwrap();

    // A mail log rotation whose gzip stream is cut in the middle.
    let mut mail = String::new();
    for i in 0..400 {
        mail.push_str(&format!(
            "2026-11-23T{:02}:{:02}:00.000000+09:00 web01 postfix/qmgr[812]: 4A1B2C{i:04X}: from=<www-data@example.com>, size=1234, nrcpt=1 (queue active)\n",
            i / 60 % 24,
            i % 60
        ));
    }
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(mail.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    std::fs::write(root.join("mail.log.2.gz"), &gz[..gz.len() / 2]).unwrap();

    // Binary files and an over-long line.
    std::fs::write(root.join("wtmp"), [0u8, 1, 2, 3, 0, 0, 0, 7]).unwrap();
    std::fs::write(root.join("blob.log"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    let mut long = vec![b'A'; 300 * 1024];
    long.push(b'\n');
    std::fs::write(root.join("huge.log"), long).unwrap();
    dir
}

fn assert_no_raw_controls(text: &[u8]) {
    for (i, &b) in text.iter().enumerate() {
        assert!(
            b == b'\n' || !(b < 0x20 || b == 0x7f),
            "raw control byte {b:#04x} at {i}: {}",
            String::from_utf8_lossy(&text[i.saturating_sub(60)..(i + 20).min(text.len())])
        );
    }
}

#[test]
fn text_report_escapes_log_text_and_goes_on() {
    let dir = hostile_tree();
    let out = postmortem(
        &[
            "analyze",
            "--quiet",
            "--color",
            "never",
            "--tz",
            "Asia/Tokyo",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_no_raw_controls(&out.stdout);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("oom_kill"), "{text}");
    assert!(
        text.contains("\\x1b[31m"),
        "the escape is shown escaped: {text}"
    );
}

#[test]
fn html_report_escapes_markup() {
    let dir = hostile_tree();
    let html = dir.path().join("report.html");
    let html_arg = html.to_str().unwrap().to_string();
    // The report is written outside the analysed tree's logs: a sibling file is fine.
    let out = postmortem(
        &[
            "analyze",
            "--quiet",
            "--tz",
            "Asia/Tokyo",
            "--html",
            &html_arg,
            "--json",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(!page.contains("<script"), "raw markup in the HTML report");
    assert!(page.contains("&lt;script&gt;"), "{page}");
    assert_no_raw_controls(page.as_bytes());
}

#[test]
fn json_report_stays_valid_and_counts_the_damage() {
    let dir = hostile_tree();
    let out = postmortem(
        &["analyze", "--quiet", "--json", "--tz", "Asia/Tokyo"],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let sources = report["sources"].as_array().unwrap();
    let find = |name: &str| {
        sources
            .iter()
            .find(|s| s["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} not in sources: {sources:?}"))
    };
    // The truncated gzip: the lines before the damage are read, the damage is reported.
    let mail = find("mail.log.2.gz");
    assert!(mail["parsed"].as_u64().unwrap() > 10, "{mail}");
    assert!(mail["error"].is_string(), "{mail}");
    // The over-long line is counted, not parsed, and not fatal.
    let huge = find("huge.log");
    assert_eq!(huge["parsed"], 0);
    // The binary database is skipped with a reason.
    let skipped = report["skipped"].as_array().unwrap();
    assert!(skipped
        .iter()
        .any(|s| s["path"].as_str().unwrap().ends_with("wtmp")));
    // The access log's bad line still counts as a request.
    let access = find("access.log");
    assert_eq!(access["parsed"], 51, "{access}");
}

#[test]
fn nothing_to_read_is_exit_1_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let out = postmortem(&["analyze", "--quiet"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no log files found"), "{err}");
}

#[test]
fn bad_usage_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = postmortem(&["analyze", "--window", "forever"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(2),
        "a meaningless value is bad usage"
    );
    let out = postmortem(&["analyze", "--no-such-flag"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn charts_and_sparklines_survive_hostile_input() {
    let dir = hostile_tree();
    let html = dir.path().join("report.html");
    let html_arg = html.to_str().unwrap().to_string();
    let out = postmortem(
        &[
            "analyze",
            "--quiet",
            "--color",
            "never",
            "--tz",
            "Asia/Tokyo",
            "--html",
            &html_arg,
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_no_raw_controls(&out.stdout);
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "over 80 columns: {line:?}");
    }
    assert!(text.contains("\nACTIVITY\n"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("web requests") && l.contains('▁')),
        "{text}"
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<svg"), "charts in the HTML report");
    assert_eq!(page.matches("<svg").count(), page.matches("</svg>").count());
    assert!(!page.contains("<script"), "raw markup in the HTML report");
    assert_no_raw_controls(page.as_bytes());
}

/// `n` syslog lines (sshd logins), one a minute from 2026-11-24 10:00 +09:00.
fn syslog_lines(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "2026-11-24T{:02}:{:02}:00.000000+09:00 web01 sshd[812]: Accepted publickey for deploy from 192.0.2.{} port 22 ssh2\n",
                10 + i / 60,
                i % 60,
                i % 250 + 1
            )
        })
        .collect()
}

fn json_report(out: &Output) -> serde_json::Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// The entry of `sources[]` whose path ends with `name`.
fn source<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    let sources = report["sources"].as_array().expect("sources[]");
    sources
        .iter()
        .find(|s| s["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("{name} not in sources: {sources:#?}"))
}

/// Runs `postmortem args dir` without read access to `unreadable`: as this user when it
/// cannot open the file, else (root opens every file) as `nobody` through setpriv(1). `None`
/// when neither can be arranged.
fn without_read_access(args: &[&str], dir: &Path, unreadable: &Path) -> Option<Output> {
    use std::os::unix::fs::PermissionsExt;
    if std::fs::File::open(unreadable).is_err() {
        return Some(postmortem(args, dir));
    }
    // nobody must reach the tree (a tempdir is 0700) but not the file.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).ok()?;
    let as_nobody = || {
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        cmd
    };
    let can_read = as_nobody().arg("cat").arg(unreadable).output().ok()?;
    let runs = as_nobody()
        .arg(env!("CARGO_BIN_EXE_postmortem"))
        .arg("--version")
        .output()
        .ok()?;
    if can_read.status.success() || !runs.status.success() {
        return None;
    }
    let out = as_nobody()
        .arg(env!("CARGO_BIN_EXE_postmortem"))
        .args(args)
        .arg(dir)
        .output()
        .ok()?;
    Some(out)
}

#[test]
fn an_unreadable_file_is_reported_and_the_rest_is_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let syslog = dir.path().join("syslog");
    std::fs::write(&syslog, syslog_lines(20)).unwrap();
    std::fs::set_permissions(&syslog, std::fs::Permissions::from_mode(0o644)).unwrap();
    let secret = dir.path().join("secret.log");
    std::fs::write(&secret, syslog_lines(5)).unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let args = ["analyze", "--quiet", "--json", "--tz", "Asia/Tokyo"];
    let Some(out) = without_read_access(&args, dir.path(), &secret) else {
        eprintln!("this user reads a mode 000 file and cannot run as nobody: skipped");
        return;
    };
    let report = json_report(&out);
    let syslog = source(&report, "syslog");
    assert_eq!(syslog["lines"], 20, "{syslog}");
    assert_eq!(syslog["parsed"], 20, "{syslog}");
    assert_eq!(syslog["unparsed"], 0, "{syslog}");
    // Listed with the reason it was not read, not dropped and not "format not recognised".
    let secret = source(&report, "secret.log");
    assert_eq!(secret["lines"], 0, "{secret}");
    assert_eq!(secret["parsed"], 0, "{secret}");
    let error = secret["error"].as_str().unwrap_or_default();
    assert!(error.contains("Permission denied"), "{secret}");
}

#[test]
fn a_100_mb_line_is_counted_unparsed_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("syslog"), syslog_lines(200)).unwrap();
    // Three ordinary lines (the format is detected from them), then one line of 100 MB, with
    // its only newline at the very end of the file. The head of the long line parses as
    // syslog: it must be counted unparsed all the same.
    let file = std::fs::File::create(dir.path().join("messages")).unwrap();
    let mut w = std::io::BufWriter::new(file);
    w.write_all(syslog_lines(3).as_bytes()).unwrap();
    w.write_all(b"2026-11-24T11:00:00.000000+09:00 web01 app[99]: ")
        .unwrap();
    let block = vec![b'x'; 1 << 20];
    for _ in 0..100 {
        w.write_all(&block).unwrap();
    }
    w.write_all(b"\n").unwrap();
    w.flush().unwrap();
    drop(w);

    let started = std::time::Instant::now();
    let out = postmortem(
        &["analyze", "--quiet", "--json", "--tz", "Asia/Tokyo"],
        dir.path(),
    );
    let report = json_report(&out);
    eprintln!("100 MB line: analysed in {:?}", started.elapsed());
    let messages = source(&report, "messages");
    assert_eq!(messages["format"], "syslog", "{messages}");
    assert_eq!(messages["lines"], 4, "{messages}");
    assert_eq!(messages["parsed"], 3, "{messages}");
    assert_eq!(messages["unparsed"], 1, "{messages}");
    let syslog = source(&report, "syslog");
    assert_eq!(syslog["lines"], 200, "{syslog}");
    assert_eq!(syslog["parsed"], 200, "{syslog}");
    assert_eq!(syslog["unparsed"], 0, "{syslog}");
}

/// One real log beside binary files: two binary databases by name, one file of NUL bytes.
fn binary_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("syslog"), syslog_lines(30)).unwrap();
    std::fs::write(root.join("wtmp"), [0u8, 1, 2, 3, 0, 0, 0, 7].repeat(48)).unwrap();
    std::fs::write(root.join("lastlog"), [0u8; 292]).unwrap();
    std::fs::write(
        root.join("cache.bin"),
        b"\x00\x01\x02ELF\x00\x00\n\x00\xff\n",
    )
    .unwrap();
    dir
}

#[test]
fn files_not_read_are_counted_by_default_and_listed_with_verbose() {
    let dir = binary_tree();
    let names = ["wtmp", "lastlog", "cache.bin"];
    let text = |extra: &[&str]| {
        let mut args = vec!["analyze", "--color", "never", "--tz", "Asia/Tokyo"];
        args.extend_from_slice(extra);
        let out = postmortem(&args, dir.path());
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let read_section = |text: &str| -> String {
        let at = text.find("\nREAD\n").expect("a READ section");
        text[at..].to_string()
    };

    // By default: a count per reason and a hint, no row per skipped file.
    let default = text(&["--quiet"]);
    let read = read_section(&default);
    assert!(read.contains("  1 file in "), "{read}");
    assert!(read.contains(", 3 skipped\n"), "{read}");
    assert!(
        read.contains("\n  skipped 2 files: binary database, not a text log\n"),
        "{read}"
    );
    assert!(
        read.contains("\n  skipped 1 file: binary data, not a text log\n"),
        "{read}"
    );
    assert!(read.contains("\n  (--verbose lists them)\n"), "{read}");
    for name in names {
        assert!(!default.contains(name), "{name} is listed:\n{default}");
    }

    // --verbose (and -v, with -q): a row per skipped file with its reason, no hint.
    for flags in [&["--quiet", "--verbose"][..], &["-qv"][..]] {
        let verbose = text(flags);
        let read = read_section(&verbose);
        assert!(read.contains(", 3 skipped\n"), "{read}");
        for (name, reason) in [
            ("wtmp", "binary database, not a text log"),
            ("lastlog", "binary database, not a text log"),
            ("cache.bin", "binary data, not a text log"),
        ] {
            let row = read
                .lines()
                .find(|l| l.starts_with("  skipped ") && l.contains(name))
                .unwrap_or_else(|| panic!("no row for {name} with {flags:?}:\n{read}"));
            assert!(row.ends_with(&format!("/{name}: {reason}")), "{row}");
        }
        assert!(!read.contains("skipped 2 files"), "{read}");
        assert!(!read.contains("--verbose"), "{read}");
        // The rest of the report is the default one.
        assert_eq!(
            verbose[..verbose.find("\nREAD\n").unwrap()],
            default[..default.find("\nREAD\n").unwrap()]
        );
        for line in verbose.lines() {
            assert!(line.chars().count() <= 80, "over 80 columns: {line:?}");
        }
    }

    // The JSON report always lists every path, with or without --verbose.
    let json = |extra: &[&str]| {
        let mut args = vec!["analyze", "--quiet", "--json", "--tz", "Asia/Tokyo"];
        args.extend_from_slice(extra);
        json_report(&postmortem(&args, dir.path()))
    };
    let report = json(&[]);
    assert_eq!(report, json(&["--verbose"]));
    let skipped = report["skipped"].to_string();
    assert!(
        skipped.contains("wtmp") && skipped.contains("lastlog"),
        "{skipped}"
    );
    assert_eq!(
        source(&report, "cache.bin")["error"],
        "binary data, not a text log"
    );
}
