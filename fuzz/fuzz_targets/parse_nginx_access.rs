#![no_main]
//! Any bytes through the nginx_access parser: no panic, and a parsed time resolves or not
//! without panicking.
use libfuzzer_sys::fuzz_target;
use logparse::{Format, Parser, TimeResolver, Zone};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(event) = Parser::new(Format::NginxAccess).parse(&text) {
        if let Some(time) = event.time {
            let _ = TimeResolver::new(Zone::UTC).resolve(&time);
        }
    }
});
