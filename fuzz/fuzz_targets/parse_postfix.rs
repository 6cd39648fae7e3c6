#![no_main]
//! Any bytes through the postfix parser: no panic, and a parsed time resolves or not without
//! panicking. The input is read as lines through one parser, as a file is, so that what a
//! parser keeps from one line to the next (the previous stamp) is fuzzed too; each line also
//! reads as it does alone.
use libfuzzer_sys::fuzz_target;
use logparse::{Format, Parser, TimeResolver, Zone};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parser = Parser::new(Format::Postfix);
    let mut resolver = TimeResolver::new(Zone::UTC);
    for line in text.split('\n') {
        let event = parser.parse(line);
        assert_eq!(event, Parser::new(Format::Postfix).parse(line), "{line:?}");
        if let Some(time) = event.and_then(|e| e.time) {
            let _ = resolver.resolve(&time);
        }
    }
});
