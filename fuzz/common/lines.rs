//! What the line-by-line fuzz targets share: any bytes through one format's parser, read as
//! lines through one parser as a file is, so that what a parser keeps from one line to the
//! next (the previous stamp) is fuzzed too. No panic; each line reads as it does alone; a
//! parsed time resolves or not without panicking.
use logparse::{Format, Parser, TimeResolver, Zone};

pub fn read_as_lines(format: Format, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parser = Parser::new(format);
    let mut resolver = TimeResolver::new(Zone::UTC);
    for line in text.split('\n') {
        let event = parser.parse(line);
        assert_eq!(event, Parser::new(format).parse(line), "{line:?}");
        if let Some(time) = event.and_then(|e| e.time) {
            let _ = resolver.resolve(&time);
        }
    }
}
