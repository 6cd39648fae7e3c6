//! `postmortem parse`: one JSON object per recognised line, in file order.

use std::io::{self, Write};
use std::path::PathBuf;

use logparse::{AccessFormat, Event, Fields, Format, Timestamp, Zone};
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

/// Prints the events of every file under `paths`, each file read in the forced `format` or
/// the one detected (with the user's `access` format as a candidate). Returns how many files
/// were read and how many events printed.
pub fn run(
    out: &mut impl Write,
    paths: &[PathBuf],
    format: Option<Format>,
    access: Option<&AccessFormat>,
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
    let mut reports = Vec::new();
    let mut events = 0u64;
    let mut failure: Option<io::Error> = None;
    for set in &discovery.sets {
        let parsers = analyzer::set_parsers(set, format, access);
        for (path, parser) in set.files.iter().zip(parsers) {
            let name = path.display().to_string();
            let report = analyzer::read_file_with(
                path,
                parser,
                zone.clone(),
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
            if let Some(err) = &report.error {
                eprintln!("postmortem: {}: {err}", crate::escape::terminal(&name));
            }
            reports.push(report);
        }
    }
    if let Some(w) = analyzer::zone_mismatch(&reports, &zone) {
        eprintln!(
            "postmortem: warning: {}",
            crate::escape::terminal(&w.summary)
        );
    }
    Ok((reports.len(), events))
}
