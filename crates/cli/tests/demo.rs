//! End to end: the built binary on the shipped demo incident (the project's founding story:
//! a PHP site's mail burst, the OOM killer, MariaDB down, nginx answering 502).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;
use common::assert_evidence_is_real;

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/demo")
}

fn run_json(extra: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_postmortem"))
        .args(["analyze", "--json", "--quiet", "--tz", "Asia/Tokyo"])
        .args(extra)
        .arg(demo_dir().join("var/log"))
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

fn expected() -> Value {
    let text = std::fs::read_to_string(demo_dir().join("EXPECTED.json")).expect("EXPECTED.json");
    serde_json::from_str(&text).expect("EXPECTED.json is JSON")
}

#[test]
fn demo_root_cause_is_the_mail_burst() {
    let report = run_json(&[]);
    let expected = expected();
    assert_eq!(report["schema"], "postmortem.report.v1");
    assert_eq!(
        report["causes"][0]["kind"], expected["root_cause"],
        "{report:#}"
    );
    let chain: Vec<&str> = report["chain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let want: Vec<&str> = expected["chain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(chain, want);
}

#[test]
fn demo_incident_is_the_kill_to_the_minute() {
    let report = run_json(&[]);
    let incident = &report["incident"];
    assert_eq!(incident["kind"], "db_down");
    let got = incident["time"].as_str().unwrap();
    let want = expected()["incident_time"].as_str().unwrap().to_string();
    // To the minute: `YYYY-MM-DDTHH:MM`.
    assert_eq!(&got[..16], &want[..16], "incident {got}, expected {want}");
    assert!(got.ends_with("+09:00"), "{got}");
}

#[test]
fn demo_evidence_points_at_real_lines() {
    let report = run_json(&[]);
    assert_evidence_is_real("demo", &report["incident"]["evidence"]);
    for cause in report["causes"].as_array().unwrap() {
        assert_evidence_is_real("demo", &cause["evidence"]);
    }
    let oom = report["incident"]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["text"].as_str().unwrap().contains("Killed process"));
    assert!(oom, "the kill line is part of the incident's evidence");
}

#[test]
fn demo_reads_every_rotation() {
    let report = run_json(&[]);
    let sources = report["sources"].as_array().unwrap();
    let paths: Vec<&str> = sources
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    for name in [
        "mail.log.2.gz",
        "mail.log.1",
        "mail.log",
        "nginx/access.log.2.gz",
    ] {
        assert!(
            paths.iter().any(|p| p.ends_with(name)),
            "{name} not read: {paths:?}"
        );
    }
    for s in sources {
        assert!(s["parsed"].as_u64().unwrap() > 0, "nothing parsed in {s}");
        assert!(s["format"].as_str().unwrap() != "unknown", "{s}");
    }
}

#[test]
fn demo_with_at_finds_the_same_incident() {
    let report = run_json(&["--at", "2026-11-24 14:03"]);
    assert_eq!(report["incident"]["kind"], "db_down");
    assert_eq!(report["causes"][0]["kind"], "mass_mail");
}

#[test]
fn demo_text_report_names_the_burst() {
    let out = Command::new(env!("CARGO_BIN_EXE_postmortem"))
        .args([
            "analyze",
            "--quiet",
            "--color",
            "never",
            "--tz",
            "Asia/Tokyo",
        ])
        .arg(demo_dir().join("var/log"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("mass_mail"), "{text}");
    assert!(text.contains("db_down"), "{text}");
    assert!(!text.contains('\x1b'), "no colour with --color never");
}

/// Read in the wrong zone, the text report warns before its verdict, and the HTML report too.
#[test]
fn demo_read_in_the_wrong_zone_warns_before_the_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let out = Command::new(env!("CARGO_BIN_EXE_postmortem"))
        .args([
            "analyze", "--quiet", "--color", "never", "--tz", "UTC", "--html",
        ])
        .arg(&html)
        .arg(demo_dir().join("var/log"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let warning = text.find("warning: times may be 9 hours off").expect(&text);
    assert!(warning < text.find("VERDICT").unwrap(), "{text}");
    assert!(text.contains("--tz +09:00."), "{text}");
    let page = std::fs::read_to_string(&html).unwrap();
    let warning = page.find("class=\"warning\"").expect("a warning box");
    assert!(warning < page.find("class=\"verdict").unwrap());
    assert!(page.contains("Times may be 9 hours off"));
}
