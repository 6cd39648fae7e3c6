//! `--log-format`: access logs in the server's own nginx `log_format` (or Apache `LogFormat`)
//! are read by `parse` and `analyze`, next to logs in the built-in formats; a format string
//! that does not compile is bad usage (exit 2) with the place of the error.

use std::path::Path;

use serde_json::Value;

mod common;
use common::{postmortem, success};

/// A vhost prefix, an ISO time in brackets and timings: no built-in format reads it.
const FORMAT: &str = r#"$host $remote_addr - $remote_user [$time_iso8601] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" rt=$request_time urt="$upstream_response_time""#;

/// `n` lines in [`FORMAT`], a second apart from 2026-11-24T03:12:00+09:00; every fifth a 502
/// from a slow upstream.
fn custom_log(n: usize) -> String {
    (0..n)
        .map(|i| {
            let (status, rt, urt) = if i % 5 == 4 {
                (502, "30.001", "30.000, 0.001")
            } else {
                (200, "0.012", "0.010")
            };
            format!(
                "shop.example.com 203.0.113.{} - - [2026-11-24T03:12:{:02}+09:00] \"GET /cart?item={i} HTTP/2.0\" {status} {} \"https://shop.example.com/\" \"Mozilla/5.0 (X11; Linux x86_64)\" rt={rt} urt=\"{urt}\"\n",
                10 + i % 3,
                i % 60,
                1000 + i,
            )
        })
        .collect()
}

fn combined_log(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "198.51.100.{} - - [24/Nov/2026:03:13:{:02} +0900] \"GET /blog/{i} HTTP/1.1\" 200 5120 \"-\" \"curl/8.5.0\"\n",
                1 + i % 5,
                i % 60
            )
        })
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write the log");
    path.to_str().expect("a UTF-8 path").to_string()
}

fn ndjson(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[test]
fn parse_reads_the_fields_of_the_format() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let log = write(dir.path(), "shop.access.log", &custom_log(10));
    let events = ndjson(&success(&postmortem(&[
        "parse",
        "--tz",
        "UTC",
        "--log-format",
        FORMAT,
        &log,
    ])));
    assert_eq!(events.len(), 10);
    let first = &events[0];
    assert_eq!(first["ts"], "2026-11-24T03:12:00+09:00");
    assert_eq!(first["source"], "nginx_access");
    assert_eq!(first["kind"], "http_request");
    assert_eq!(first["line"], 1);
    assert_eq!(first["vhost"], "shop.example.com");
    assert_eq!(first["client_ip"], "203.0.113.10");
    assert_eq!(first["method"], "GET");
    assert_eq!(first["path"], "/cart?item=0");
    assert_eq!(first["protocol"], "HTTP/2.0");
    assert_eq!(first["status"], 200);
    assert_eq!(first["bytes"], 1000);
    assert_eq!(first["referrer"], "https://shop.example.com/");
    assert_eq!(first["user_agent"], "Mozilla/5.0 (X11; Linux x86_64)");
    assert_eq!(first["request_time"], 0.012);
    assert_eq!(first["upstream_response_time"], 0.01);
    assert!(first.get("user").is_none(), "`-` is no user");
    let slow = &events[4];
    assert_eq!(slow["line"], 5);
    assert_eq!(slow["status"], 502);
    assert_eq!(slow["request_time"], 30.001);
    // The last upstream of the list produced the response.
    assert_eq!(slow["upstream_response_time"], 0.001);
}

#[test]
fn parse_without_the_format_does_not_read_the_log() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let log = write(dir.path(), "shop.access.log", &custom_log(10));
    let out = postmortem(&["parse", "--tz", "UTC", &log]);
    assert_eq!(success(&out), "");
}

#[test]
fn parse_accepts_the_directive_pasted_from_nginx_conf() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let log = write(dir.path(), "shop.access.log", &custom_log(3));
    let directive = r#"log_format shop '$host $remote_addr - $remote_user [$time_iso8601] "$request" '
                    '$status $body_bytes_sent "$http_referer" "$http_user_agent" '
                    'rt=$request_time urt="$upstream_response_time"';"#;
    let forced = ndjson(&success(&postmortem(&[
        "parse",
        "--format",
        "nginx_access",
        "--log-format",
        directive,
        &log,
    ])));
    assert_eq!(forced.len(), 3);
    assert_eq!(forced[2]["path"], "/cart?item=2");
    assert_eq!(forced[2]["upstream_response_time"], 0.01);
}

#[test]
fn analyze_reads_the_log_with_the_format_and_the_others_as_before() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let custom = write(dir.path(), "shop.access.log", &custom_log(40));
    let combined = write(dir.path(), "blog.access.log", &combined_log(20));
    let dir_arg = dir.path().to_str().expect("a UTF-8 path");
    let report: Value = serde_json::from_str(&success(&postmortem(&[
        "analyze",
        "--json",
        "--quiet",
        "--tz",
        "UTC",
        "--log-format",
        FORMAT,
        dir_arg,
    ])))
    .expect("a JSON report");
    let sources = report["sources"].as_array().expect("sources");
    let source = |path: &str| {
        sources
            .iter()
            .find(|s| s["path"] == path)
            .unwrap_or_else(|| panic!("{path} not in {sources:?}"))
    };
    for (path, lines) in [(&custom, 40), (&combined, 20)] {
        let s = source(path);
        assert_eq!(s["format"], "nginx_access", "{s}");
        assert_eq!(s["lines"], lines, "{s}");
        assert_eq!(s["parsed"], lines, "{s}");
        assert_eq!(s["unparsed"], 0, "{s}");
    }
    // The report shows times in --tz.
    assert_eq!(source(&custom)["first"], "2026-11-23T18:12:00+00:00");

    // Without the format, the custom log is not recognised.
    let out = postmortem(&["analyze", "--json", "--quiet", "--tz", "UTC", dir_arg]);
    let report: Value = serde_json::from_str(&success(&out)).expect("a JSON report");
    let custom_source = report["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["path"] == custom.as_str())
        .expect("the custom log in sources");
    assert_eq!(custom_source["parsed"], 0, "{custom_source}");
}

#[test]
fn an_apache_logformat_reads_apache_lines() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let log = write(
        dir.path(),
        "other_vhosts_access.log",
        "intranet.example:443 192.0.2.61 - mbrown [24/Nov/2026:03:12:01 +0100] \"GET /board HTTP/2.0\" 200 17404 \"-\" \"curl/8.5.0\" 116075\n",
    );
    let events = ndjson(&success(&postmortem(&[
        "parse",
        "--log-format",
        r#"%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i" %D"#,
        &log,
    ])));
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["vhost"], "intranet.example");
    assert_eq!(events[0]["user"], "mbrown");
    assert_eq!(events[0]["bytes"], 17404);
    assert_eq!(events[0]["request_time"], 0.116075);
    assert_eq!(events[0]["ts"], "2026-11-24T03:12:01+01:00");
}

#[test]
fn an_invalid_format_is_bad_usage_that_says_where() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let log = write(dir.path(), "access.log", &combined_log(2));
    let bad = r#"$remote_addr [$time_local] "$request" $ $status"#;
    for command in ["parse", "analyze"] {
        let out = postmortem(&[command, "--log-format", bad, &log]);
        assert_eq!(out.status.code(), Some(2), "{command}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr
                .contains("--log-format: `$` is not followed by a variable name at character 39:"),
            "{command}: {stderr}"
        );
        // The pointer stands under the `$`.
        let lines: Vec<&str> = stderr.lines().collect();
        let pointer = lines
            .iter()
            .position(|l| l.trim() == "^")
            .expect("a pointer");
        assert_eq!(lines[pointer - 1], format!("  {bad}"));
        assert_eq!(lines[pointer].find('^'), Some(2 + 38), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    let out = postmortem(&["parse", "--log-format", "$remote_addr $status", &log]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("$time_local"));
}

#[test]
fn a_log_format_with_another_forced_format_is_bad_usage() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let log = write(dir.path(), "access.log", &combined_log(2));
    let out = postmortem(&["parse", "--format", "postfix", "--log-format", FORMAT, &log]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format nginx_access"));
}

#[test]
fn help_names_the_option() {
    for command in ["analyze", "parse"] {
        let help = success(&postmortem(&[command, "--help"]));
        assert!(
            help.contains("--log-format <LOG_FORMAT>"),
            "{command}:\n{help}"
        );
        assert!(help.contains("log_format"), "{command}:\n{help}");
    }
}
