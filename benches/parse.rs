//! Parser throughput, single thread: bytes in memory → typed events, per format, on the
//! shipped demo incident's logs (realistic lines from the project's generator). Reported as
//! bytes per second (criterion `Throughput::Bytes`), beside the `split` group: the same line
//! split and UTF-8 check without a parser, the floor of the loop. Run:
//! `cargo bench -p postmortem-benches`.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use logparse::{Format, Parser};

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
    }
    group.finish();

    // Yardstick: what the loop around the parser costs on the same bytes.
    let mut group = c.benchmark_group("split");
    for (name, _, file) in cases {
        let input = demo_file(file);
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function(name, |b| b.iter(|| split_all(black_box(&input))));
    }
    group.finish();
}

criterion_group!(benches, parsers);
criterion_main!(benches);
