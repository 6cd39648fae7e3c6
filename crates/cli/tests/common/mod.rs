//! Helpers shared by the end-to-end tests: running the built binary, and checking that an
//! evidence line is really where the report says.

// Each test binary uses its own part of these.
#![allow(dead_code)]

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// Runs the built `postmortem` with `args` (NO_COLOR unset, so colour decisions are the
/// binary's own).
pub fn postmortem(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_postmortem"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run postmortem")
}

/// The standard output of a successful run, as text.
pub fn success(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// The JSON report of a successful run.
pub fn report(out: &Output) -> Value {
    serde_json::from_str(&success(out)).expect("the report is JSON")
}

/// The text of line `n` (1-based) of a log file, decompressing `.gz`.
pub fn line_of(path: &Path, n: u64) -> String {
    let mut raw = Vec::new();
    std::fs::File::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .read_to_end(&mut raw)
        .unwrap();
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut plain = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut plain)
            .unwrap();
        raw = plain;
    }
    let text = String::from_utf8_lossy(&raw);
    text.lines()
        .nth(usize::try_from(n - 1).unwrap())
        .unwrap_or_else(|| panic!("{} has no line {n}", path.display()))
        .to_string()
}

/// Every entry of an evidence list names a file and line whose text is the entry's text.
pub fn assert_evidence_is_real(what: &str, evidence: &Value) {
    let list = evidence
        .as_array()
        .unwrap_or_else(|| panic!("{what}: evidence is not a list"));
    assert!(!list.is_empty(), "{what}: no evidence");
    for e in list {
        let file = Path::new(e["file"].as_str().unwrap());
        let line = e["line"].as_u64().unwrap();
        assert!(line >= 1, "{what}: {e}");
        assert_eq!(
            line_of(file, line),
            e["text"].as_str().unwrap(),
            "{what}: {e}"
        );
    }
}
