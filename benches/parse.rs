//! Parser throughput, single thread: bytes in memory → typed events, per format, on the
//! shipped demo incident's logs (realistic lines from the project's generator). Reported as
//! bytes per second (criterion `Throughput::Bytes`), beside the `split` group: the same line
//! split and UTF-8 check without a parser, the floor of the loop. Beside `parse/nginx_access`
//! (the built-in combined parser), `parse/nginx_access_format_combined` reads the same file
//! with the user-format engine ([`AccessFormat`]) compiled from nginx's `combined` string, and
//! `parse/nginx_access_format_timing` reads it with ` $request_time $upstream_response_time`
//! appended to the format and ` 0.123 0.120` to every line. Run:
//! `cargo bench -p postmortem-benches`.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use logparse::{AccessFormat, Format, Parser};

fn demo_file(relative: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/demo/var/log")
        .join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The floor under `parse_all`: the same line split and UTF-8 check, no parser.
fn split_all(input: &[u8]) -> usize {
    let mut valid = 0;
    for line in input.split(|&b| b == b'\n') {
        if std::str::from_utf8(line).is_ok() {
            valid += 1;
        }
    }
    valid
}

/// Parses every line of `input`, returning how many parsed (so nothing is optimized away).
fn parse_all(parser: &mut Parser, input: &[u8]) -> usize {
    let mut parsed = 0;
    for line in input.split(|&b| b == b'\n') {
        if let Ok(text) = std::str::from_utf8(line) {
            if parser.parse(text).is_some() {
                parsed += 1;
            }
        }
    }
    parsed
}

/// nginx's predefined `combined` format.
const COMBINED: &str = r#"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent""#;

/// Every line of `input` with `suffix` appended (the demo's access log in a longer format).
fn with_suffix(input: &[u8], suffix: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() + input.len() / 8);
    for line in input.split_inclusive(|&b| b == b'\n') {
        let (text, newline) = match line.strip_suffix(b"\n") {
            Some(text) => (text, true),
            None => (line, false),
        };
        if text.is_empty() {
            out.extend_from_slice(line);
            continue;
        }
        out.extend_from_slice(text);
        out.extend_from_slice(suffix);
        if newline {
            out.push(b'\n');
        }
    }
    out
}

/// The access-log cases read with a user format: (name, format string, input).
fn access_format_cases() -> [(&'static str, String, Vec<u8>); 2] {
    let access = demo_file("nginx/access.log.1");
    let timing = with_suffix(&access, b" 0.123 0.120");
    [
        ("nginx_access_format_combined", COMBINED.to_string(), access),
        (
            "nginx_access_format_timing",
            format!("{COMBINED} $request_time $upstream_response_time"),
            timing,
        ),
    ]
}

fn parsers(c: &mut Criterion) {
    let cases = [
        ("nginx_access", Format::NginxAccess, "nginx/access.log.1"),
        ("nginx_error", Format::NginxError, "nginx/error.log.1"),
        ("postfix", Format::Postfix, "mail.log"),
        ("mariadb", Format::Mariadb, "mysql/error.log"),
        ("fail2ban", Format::Fail2ban, "fail2ban.log.1"),
        ("syslog", Format::Syslog, "syslog.1"),
    ];
    let mut group = c.benchmark_group("parse");
    for (name, format, file) in cases {
        let input = demo_file(file);
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function(name, |b| {
            let mut parser = Parser::new(format);
            b.iter(|| parse_all(&mut parser, black_box(&input)));
        });
        if format == Format::NginxAccess {
            // The same file through the user-format engine, next to the built-in parser.
            let lines = parse_all(&mut Parser::new(format), &input);
            for (name, string, input) in access_format_cases() {
                let access = AccessFormat::parse(&string).expect("the format compiles");
                let mut parser = Parser::with_access_format(access);
                assert_eq!(
                    parse_all(&mut parser, &input),
                    lines,
                    "{name} reads every line"
                );
                group.throughput(Throughput::Bytes(input.len() as u64));
                group.bench_function(name, |b| {
                    b.iter(|| parse_all(&mut parser, black_box(&input)));
                });
            }
        }
    }
    group.finish();

    // Yardstick: what the loop around the parser costs on the same bytes.
    let mut group = c.benchmark_group("split");
    for (name, _, file) in cases {
        let input = demo_file(file);
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function(name, |b| b.iter(|| split_all(black_box(&input))));
    }
    let (name, _, input) = access_format_cases()
        .into_iter()
        .last()
        .expect("two access-format cases");
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.bench_function(name, |b| b.iter(|| split_all(black_box(&input))));
    group.finish();
}

criterion_group!(benches, parsers);
criterion_main!(benches);
