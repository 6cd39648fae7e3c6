//! End to end: the built binary on every generated incident scenario (`crates/scenario`), each
//! written into a temporary directory with its expected answer, decoys included: the root
//! cause (`causes[0].kind`), the chain, the incident time to the minute (and its offset, which
//! checks the time zone handling), and that every evidence line is where the report says.
//!
//! Scenarios: `db_crash` (Asia/Tokyo), `db_stopped` (Europe/Berlin, across the end of summer
//! time), `disk_full` (America/New_York), `client_banned` (Asia/Tokyo, with and without
//! `--client-ip`), `web_attack` (UTC), `oom_no_cause` (America/Los_Angeles, RFC 3164 syslog
//! stamps across New Year, years from the files' modification times).

use std::process::Command;
use std::sync::OnceLock;

use chrono::DateTime;
use scenario::{Expected, Kind};
use serde_json::Value;

mod common;
use common::assert_evidence_is_real;

/// A generated scenario: its directory and expected answer.
struct Generated {
    dir: tempfile::TempDir,
    expected: Expected,
}

/// Each kind generated once per test run (the `client_banned` variants share a tree).
fn generated(kind: Kind) -> &'static Generated {
    static TREES: [OnceLock<Generated>; Kind::ALL.len()] = [const { OnceLock::new() }; 7];
    let slot = Kind::ALL.iter().position(|k| *k == kind).unwrap();
    TREES[slot].get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary directory");
        let summary = scenario::generate(&kind.scenario(kind.default_seed()), dir.path())
            .unwrap_or_else(|e| panic!("generating {}: {e}", kind.name()));
        Generated {
            dir,
            expected: summary.expected,
        }
    })
}

fn analyze(g: &Generated, extra: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_postmortem"))
        .args(["analyze", "--json", "--quiet", "--tz", &g.expected.tz])
        .args(extra)
        .arg(g.dir.path().join("var/log"))
        .output()
        .expect("run postmortem");
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the report is JSON")
}

/// What the report concluded, in one line (for failure messages).
fn verdict(report: &Value) -> String {
    format!(
        "causes[0] {} / chain {} / incident {} at {}",
        report["causes"][0]["kind"],
        report["chain"],
        report["incident"]["kind"],
        report["incident"]["time"]
    )
}

/// Runs the binary on `kind`'s tree and checks the diagnosis against `EXPECTED.json`.
fn diagnosed_right(kind: Kind, extra: &[&str]) -> Value {
    let g = generated(kind);
    let want = &g.expected;
    let report = analyze(g, extra);
    assert_eq!(report["schema"], "postmortem.report.v1");
    let got = verdict(&report);

    // The root cause, not the mechanism.
    assert_eq!(
        report["causes"][0]["kind"].as_str(),
        want.root_cause.as_deref(),
        "{}: {got}",
        kind.name()
    );
    // Root cause → mechanism → incident.
    let chain: Vec<&str> = report["chain"]
        .as_array()
        .map(|c| c.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert_eq!(chain, want.chain, "{}: {got}", kind.name());
    assert_eq!(
        report["incident"]["kind"].as_str(),
        want.chain.last().map(String::as_str),
        "{}: {got}",
        kind.name()
    );
    // The incident time, to the minute, in the server's zone (its offset then).
    let time = report["incident"]["time"]
        .as_str()
        .unwrap_or_else(|| panic!("{}: no incident: {got}", kind.name()));
    let time = DateTime::parse_from_rfc3339(time).unwrap();
    let expected_time =
        DateTime::parse_from_rfc3339(want.incident_time.as_deref().unwrap()).unwrap();
    assert_eq!(
        time.timestamp().div_euclid(60),
        expected_time.timestamp().div_euclid(60),
        "{}: incident {time}, expected {expected_time}: {got}",
        kind.name()
    );
    assert_eq!(time.offset(), expected_time.offset(), "{}", kind.name());
    // Every claim backed by a real line.
    assert_evidence_is_real("incident", &report["incident"]["evidence"]);
    for (i, cause) in report["causes"].as_array().unwrap().iter().enumerate() {
        assert_evidence_is_real(
            &format!("causes[{i}] {}", cause["kind"]),
            &cause["evidence"],
        );
    }
    report
}

#[test]
fn db_crash_is_a_crash_not_yesterdays_restart_or_the_password_storm() {
    diagnosed_right(Kind::DbCrash, &[]);
}

#[test]
fn db_stopped_is_the_admins_stop_not_the_newsletter() {
    diagnosed_right(Kind::DbStopped, &[]);
}

#[test]
fn disk_full_is_the_root_of_the_database_outage() {
    diagnosed_right(Kind::DiskFull, &[]);
}

#[test]
fn client_banned_is_found_without_being_asked() {
    diagnosed_right(Kind::ClientBanned, &[]);
}

#[test]
fn client_banned_answers_about_the_office() {
    let g = generated(Kind::ClientBanned);
    let ip = g.expected.client_ip.clone().unwrap();
    let report = diagnosed_right(Kind::ClientBanned, &["--client-ip", &ip]);
    let client = &report["client"];
    assert_eq!(client["ip"], ip.as_str(), "{client}");
    assert_eq!(client["banned"], true, "{client}");
    let truth = g.expected.client.as_ref().unwrap();
    assert_eq!(client["still_banned"], truth.still_banned, "{client}");
}

#[test]
fn web_attack_is_the_flood() {
    diagnosed_right(Kind::WebAttack, &[]);
}

#[test]
fn oom_no_cause_is_the_oom_kill_itself_across_new_year() {
    diagnosed_right(Kind::OomNoCause, &[]);
}
