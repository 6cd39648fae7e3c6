#![no_main]
//! Custom access-log formats (`AccessFormat`): any bytes compiled as a format string, and any
//! lines read with fixed realistic formats and with a format taken from the input itself.
//!
//! The input is split at its first newline: the part before is compiled as a format (nginx
//! `log_format`, a pasted directive or an Apache `LogFormat`) and, when it compiles, reads every
//! line after it. The whole input is also compiled, and every line is read with the fixed
//! formats, directly and through format detection. No panic anywhere; a format compiles the
//! same twice and keeps its source; a time read resolves or not without panicking.
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use logparse::{detect_parser, AccessFormat, Event, Parser, TimeResolver, Zone};

/// Realistic formats: nginx `combined`, the stock `main` pasted from nginx.conf, timings
/// with upstream lists, JSON with `escape=json` and ISO times, `$msec` behind a proxy, request
/// parts, and Apache's `vhost_combined` with `%D`.
const FIXED: &[&str] = &[
    r#"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent""#,
    r#"log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';"#,
    r#"$host $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" rt=$request_time uct="$upstream_connect_time" urt="$upstream_response_time" $pipe"#,
    r#"log_format json escape=json '{"time":"$time_iso8601","addr":"$remote_addr","request":"$request","status":$status,"bytes":$body_bytes_sent,"rt":$request_time,"ua":"$http_user_agent"}';"#,
    r#"$msec "$http_x_forwarded_for" $http_host "$request" $status $body_bytes_sent"#,
    r#"[$time_iso8601] $remote_addr "$request_method $uri$is_args$args $server_protocol" $status ${body_bytes_sent}B"#,
    r#"LogFormat "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\" %D" vhost_combined_time"#,
];

fn fixed() -> &'static [AccessFormat] {
    static FORMATS: OnceLock<Vec<AccessFormat>> = OnceLock::new();
    FORMATS.get_or_init(|| {
        FIXED
            .iter()
            .map(|f| AccessFormat::parse(f).expect("a fixed format compiles"))
            .collect()
    })
}

/// Compiles a format string; checks what holds for any string that compiles.
fn compile(text: &str) -> Option<AccessFormat> {
    match AccessFormat::parse(text) {
        Ok(format) => {
            assert_eq!(format.as_str(), text, "the source is kept");
            let again = AccessFormat::parse(text).expect("compiles the second time");
            assert!(again == format, "compiles the same twice");
            let _ = (
                format.is_apache(),
                format.to_string(),
                format!("{format:?}"),
            );
            Some(format)
        }
        Err(e) => {
            assert!(
                e.position() <= text.len(),
                "error position inside the string: {e}"
            );
            let _ = (e.kind(), e.message(), e.to_string());
            None
        }
    }
}

fn check(event: Option<Event<'_>>, resolver: &mut TimeResolver) {
    if let Some(event) = event {
        if let Some(time) = event.time {
            let _ = resolver.resolve(&time);
        }
        let _ = format!("{:?}", event.fields);
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut resolver = TimeResolver::new(Zone::UTC);

    let _ = compile(&text);
    let (head, body) = text.split_once('\n').unwrap_or((&text, ""));
    let own = compile(head);

    for line in body.lines() {
        if let Some(format) = &own {
            check(format.parse_line(line), &mut resolver);
        }
    }
    for format in fixed() {
        for line in text.lines() {
            check(format.parse_line(line), &mut resolver);
            check(
                Parser::with_access_format(format.clone()).parse(line),
                &mut resolver,
            );
        }
        // Detection reads each line to its end with the format (the complete-match path).
        if let Some(mut parser) = detect_parser(text.lines().take(64), Some(format)) {
            for line in text.lines().take(64) {
                check(parser.parse(line), &mut resolver);
            }
        }
    }
    if let Some(format) = &own {
        if let Some(mut parser) = detect_parser(body.lines().take(64), Some(format)) {
            for line in body.lines().take(64) {
                check(parser.parse(line), &mut resolver);
            }
        }
    }
});
