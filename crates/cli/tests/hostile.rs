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
