//! `postmortem parse`: one JSON object per recognised line, in file order.

use std::io::{self, Write};
use std::path::PathBuf;

use logparse::{Event, Fields, Format, Timestamp, Zone};
use serde::Serialize;

#[derive(Serialize)]
struct Line<'a> {
    ts: String,
    source: &'static str,
    kind: &'static str,
    file: &'a str,
    line: u64,
    #[serde(flatten)]
    fields: &'a Fields<'a>,
}

/// Prints the events of every file under `paths`. Returns how many files were read and how
/// many events printed.
pub fn run(
    out: &mut impl Write,
    paths: &[PathBuf],
    format: Option<Format>,
    zone: Zone,
) -> io::Result<(usize, u64)> {
    let discovery = analyzer::discover(paths);
    for s in &discovery.skipped {
        eprintln!(
            "postmortem: skipped {}: {}",
            crate::escape::terminal(&s.path.display().to_string()),
            s.reason
        );
    }
    let mut files = 0;
    let mut events = 0u64;
    let mut failure: Option<io::Error> = None;
    for set in &discovery.sets {
        let formats = analyzer::set_formats(set, format);
        for (path, format) in set.files.iter().zip(formats) {
            let name = path.display().to_string();
            let report = analyzer::read_file(
                path,
                format,
                zone,
                |event: &Event<'_>, ts: Timestamp, line: u64, _text: &str| {
                    if failure.is_some() {
                        return;
                    }
                    let record = Line {
                        ts: ts.to_string(),
                        source: event.source().as_str(),
                        kind: event.kind.as_str(),
                        file: &name,
                        line,
                        fields: &event.fields,
                    };
                    let result = serde_json::to_writer(&mut *out, &record)
                        .map_err(io::Error::from)
                        .and_then(|()| out.write_all(b"\n"));
                    match result {
                        Ok(()) => events += 1,
                        Err(e) => failure = Some(e),
                    }
                },
            );
            if let Some(e) = failure.take() {
                return Err(e);
            }
            files += 1;
            if let Some(err) = &report.error {
                eprintln!("postmortem: {}: {err}", crate::escape::terminal(&name));
            }
        }
    }
    Ok((files, events))
}
