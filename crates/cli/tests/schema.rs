//! The JSON report against its documentation: the binary's output on the demo incident and on a
//! tiny hostile tree validates against `docs/report.schema.json` (draft 2020-12), both as
//! published (open: more fields and kinds may come) and in a closed copy (no undocumented field
//! or kind), and `docs/report.md` / `docs/events.md` name every field, kind and source printed.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use flate2::write::GzEncoder;
use serde_json::{json, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn demo_logs() -> PathBuf {
    root().join("fixtures/demo/var/log")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn published_schema() -> Value {
    read_json(&root().join("docs/report.schema.json"))
}

/// Runs `postmortem` and returns its stdout, checking the exit status.
fn run(args: &[&str], paths: &[&Path]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_postmortem"))
        .args(args)
        .args(paths)
        .output()
        .expect("run postmortem");
    assert!(
        out.status.success(),
        "postmortem {args:?}: exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn analyze_json(extra: &[&str], path: &Path) -> Value {
    let mut args = vec!["analyze", "--json", "--quiet", "--tz", "Asia/Tokyo"];
    args.extend_from_slice(extra);
    let out = run(&args, &[path]);
    serde_json::from_slice(&out).expect("the report is JSON")
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema compiles")
}

fn errors(schema: &Value, report: &Value) -> Vec<String> {
    validator(schema)
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// The closed copy of the schema: every object schema with `properties` gets
/// `additionalProperties: false`, and every open list `$defs/X` that has a `$defs/known_X`
/// becomes exactly `known_X`.
fn closed(schema: &Value) -> Value {
    fn close_objects(v: &mut Value) {
        match v {
            Value::Object(map) => {
                if map.contains_key("properties") {
                    map.insert("additionalProperties".into(), Value::Bool(false));
                }
                for child in map.values_mut() {
                    close_objects(child);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(close_objects),
            _ => {}
        }
    }
    let mut strict = schema.clone();
    close_objects(&mut strict);
    let defs = strict["$defs"].as_object_mut().expect("$defs");
    let open: Vec<String> = defs
        .keys()
        .filter(|k| defs.contains_key(&format!("known_{k}")))
        .cloned()
        .collect();
    assert!(open.len() >= 4, "open lists: {open:?}");
    for name in open {
        defs.insert(
            name.clone(),
            json!({ "$ref": format!("#/$defs/known_{name}") }),
        );
    }
    strict
}

/// Validates against the published schema and its closed copy.
fn assert_valid(report: &Value, what: &str) {
    let schema = published_schema();
    let open = errors(&schema, report);
    assert!(
        open.is_empty(),
        "{what}: not valid against the schema: {open:#?}"
    );
    let strict = errors(&closed(&schema), report);
    assert!(
        strict.is_empty(),
        "{what}: prints something the schema does not document \
         (add it to docs/report.schema.json and docs/report.md): {strict:#?}"
    );
}

/// A tiny tree of hostile input: escape sequences and markup in log text and file names,
/// invalid UTF-8, bidi overrides, a truncated gzip, a binary database, junk.
fn hostile_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("nginx")).unwrap();
    std::fs::write(
        root.join("nginx/access.log"),
        b"203.0.113.66 - - [24/Nov/2026:10:51:00 +0900] \"GET /<script>alert(1)</script> HTTP/1.1\" 404 0 \"-\" \"\x1b[2J\x1b]0;owned\x07\xff\xfe\"\n\
          \x16\x03\x01\x02\x00 junk that is no log line\n",
    )
    .unwrap();
    std::fs::write(
        root.join("mariadb.log"),
        b"2026-11-24 10:52:00 0 [ERROR] mariadbd: Got error 28 \"No space left on device\" \xc3\x28 \x1b[31m\r\n",
    )
    .unwrap();
    std::fs::write(
        root.join("auth.log"),
        "Nov 24 10:53:01 web01 sshd[1]: Failed password for \u{202e}toor from 203.0.113.9 port 22 ssh2\n\
         2026-11-24T10:53:02.000000+09:00 web01 kernel: [1.0] Out of memory: Killed process 42 (<b>\u{7}) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:33 pgtables:1kB oom_score_adj:0\n",
    )
    .unwrap();
    std::fs::write(
        root.join("fail2ban.log"),
        "2026-11-24 10:54:00,000 fail2ban.actions        [812]: NOTICE  [sshd] Ban 203.0.113.9\n",
    )
    .unwrap();
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
    for i in 0..200 {
        writeln!(
            gz,
            "2026-11-23T10:{:02}:00.000000+09:00 web01 postfix/qmgr[812]: 4A1B{i:04X}: from=<a@example.com>, size=1, nrcpt=1 (queue active)",
            i % 60
        )
        .unwrap();
    }
    let gz = gz.finish().unwrap();
    std::fs::write(root.join("mail.log.2.gz"), &gz[..gz.len() / 2]).unwrap();
    std::fs::write(root.join("wtmp"), [0u8, 1, 2, 3, 0, 0, 0, 7]).unwrap();
    std::fs::write(
        root.join("evil\x1b[31m<i>.log"),
        "2026-11-24 10:55:00,000 fail2ban.actions        [812]: NOTICE  [sshd] Unban 203.0.113.9\n",
    )
    .unwrap();
    // A log last written long before the incident: with --at it is not read, only noted.
    let old = root.join("daemon.log.1");
    std::fs::write(
        &old,
        "2020-01-01T00:00:00.000000+09:00 web01 cron[1]: a line from long ago\n",
    )
    .unwrap();
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_577_804_400))
        .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        let name = std::ffi::OsStr::from_bytes(b"bad-\xff\xfe-name.log");
        std::fs::write(root.join(name), "not a log line at all\n").unwrap();
    }
    dir
}

#[test]
fn schema_is_a_valid_draft_2020_12_schema() {
    let schema = published_schema();
    if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
        panic!("docs/report.schema.json: {e} at {}", e.instance_path());
    }
    jsonschema::draft202012::meta::validate(&closed(&schema)).expect("the closed copy is valid");
    assert_eq!(
        schema["properties"]["schema"]["const"],
        "postmortem.report.v1"
    );
}

#[test]
fn schema_requires_what_the_contract_requires() {
    let schema = published_schema();
    let required: BTreeSet<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let contract: BTreeSet<&str> = [
        "schema", "window", "incident", "causes", "chain", "timeline", "sources",
    ]
    .into();
    assert_eq!(required, contract);
    let causes: Vec<&str> = schema["$defs"]["known_cause_kind"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        causes,
        [
            "mass_mail",
            "web_attack",
            "auth_brute_force",
            "client_banned",
            "db_crash",
            "db_stopped",
            "disk_full",
            "oom_kill"
        ]
    );
}

#[test]
fn demo_report_matches_the_schema() {
    let report = analyze_json(&[], &demo_logs());
    assert_valid(&report, "demo");
    assert_eq!(report["chain"], json!(["mass_mail", "oom_kill", "db_down"]));
}

/// The demo's logs read as a copy on a machine in UTC: the files with offsets say +09:00, the
/// rest were read nine hours off, and the report says so (and without it, nothing).
#[test]
fn demo_report_read_in_another_zone_warns_and_matches_the_schema() {
    let out = run(
        &["analyze", "--json", "--quiet", "--tz", "UTC"],
        &[&demo_logs()],
    );
    let report: Value = serde_json::from_slice(&out).expect("the report is JSON");
    assert_valid(&report, "demo --tz UTC");
    let warnings = report["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_eq!(warnings[0]["kind"], "zone_mismatch");
    let summary = warnings[0]["summary"].as_str().unwrap();
    assert!(summary.starts_with("times may be 9 hours off"), "{summary}");
    assert!(summary.ends_with("--tz +09:00"), "{summary}");
    // The files without offsets: nginx's error log, MariaDB's and Fail2Ban's, 3 rotations each.
    let mut files: Vec<&str> = warnings[0]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().rsplit("var/log/").next().unwrap())
        .collect();
    files.sort_unstable();
    assert_eq!(
        files,
        [
            "fail2ban.log",
            "fail2ban.log.1",
            "fail2ban.log.2.gz",
            "mysql/error.log",
            "mysql/error.log.1",
            "mysql/error.log.2.gz",
            "nginx/error.log",
            "nginx/error.log.1",
            "nginx/error.log.2.gz"
        ]
    );
    let right = analyze_json(&[], &demo_logs());
    assert_eq!(right.get("warnings"), None, "{:#}", right["warnings"]);
}

#[test]
fn demo_report_with_a_banned_client_matches_the_schema() {
    let report = analyze_json(&["--client-ip", "203.0.113.110"], &demo_logs());
    assert_valid(&report, "demo --client-ip");
    assert_eq!(report["client"]["banned"], true);
    assert!(!report["client"]["bans"].as_array().unwrap().is_empty());
}

#[test]
fn demo_report_with_at_and_a_short_window_matches_the_schema() {
    let report = analyze_json(
        &["--at", "2026-11-24 09:00", "--window", "90m"],
        &demo_logs(),
    );
    assert_valid(&report, "demo --at --window");
}

#[test]
fn hostile_report_matches_the_schema() {
    let dir = hostile_tree();
    let report = analyze_json(&["--client-ip", "203.0.113.9"], dir.path());
    assert_valid(&report, "hostile tree");
    // What made it hostile is still there, escaped by JSON rather than dropped.
    let text = report.to_string();
    assert!(
        text.contains("\\u001b"),
        "escape sequences are kept, JSON-escaped"
    );
    assert!(
        report["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["path"].as_str().unwrap().ends_with("wtmp")),
        "{report:#}"
    );
    assert!(
        report["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s.get("error").is_some()),
        "the truncated gzip reports an error: {report:#}"
    );
}

#[test]
fn hostile_report_with_at_matches_the_schema() {
    let dir = hostile_tree();
    let report = analyze_json(&["--at", "2026-11-24 11:00", "--window", "2h"], dir.path());
    assert_valid(&report, "hostile tree --at");
    assert!(
        report["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s.get("note").is_some()),
        "the old file is noted, not read: {report:#}"
    );
}

#[test]
fn report_without_an_incident_matches_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("fail2ban.log"),
        "2026-11-24 10:54:00,000 fail2ban.filter         [812]: INFO    [sshd] Found 203.0.113.9 - 2026-11-24 10:54:00\n",
    )
    .unwrap();
    let report = analyze_json(&[], dir.path());
    assert_valid(&report, "quiet logs");
    assert_eq!(report["incident"], Value::Null, "{report:#}");
    assert_eq!(report["chain"], json!([]));
}

/// A change made to a good report.
type Edit = fn(&mut Value);

/// The schema is not vacuous: broken reports fail it.
#[test]
fn schema_rejects_broken_reports() {
    let schema = published_schema();
    let good = analyze_json(&["--client-ip", "203.0.113.110"], &demo_logs());
    assert!(errors(&schema, &good).is_empty());
    let breakages: [(&str, Edit); 12] = [
        ("no causes", |r| {
            r.as_object_mut().unwrap().remove("causes");
        }),
        ("other schema", |r| {
            r["schema"] = json!("postmortem.report.v2")
        }),
        ("time without offset", |r| {
            r["window"]["start"] = json!("2026-11-23T14:01:07")
        }),
        ("impossible date", |r| {
            r["window"]["end"] = json!("2026-13-45T14:01:07+09:00")
        }),
        ("confidence above 1", |r| {
            r["causes"][0]["confidence"] = json!(1.5)
        }),
        ("line 0", |r| {
            r["causes"][0]["evidence"][0]["line"] = json!(0)
        }),
        ("line as text", |r| {
            r["incident"]["evidence"][0]["line"] = json!("130")
        }),
        ("cause kind not snake_case", |r| {
            r["causes"][0]["kind"] = json!("Mass Mail")
        }),
        ("incident without time", |r| {
            r["incident"].as_object_mut().unwrap().remove("time");
        }),
        ("negative count", |r| r["sources"][0]["lines"] = json!(-1)),
        ("timeline count 0", |r| r["timeline"][0]["count"] = json!(0)),
        ("client ban without end", |r| {
            r["client"]["bans"][0]
                .as_object_mut()
                .unwrap()
                .remove("end");
        }),
    ];
    for (what, breakage) in breakages {
        let mut bad = good.clone();
        breakage(&mut bad);
        assert!(
            !errors(&schema, &bad).is_empty(),
            "the schema accepts a report with {what}"
        );
    }
}

/// v1 may grow: an unknown field or kind passes the published schema, and only the closed copy
/// (the project's own check) catches it.
#[test]
fn schema_allows_what_the_contract_says_may_be_added() {
    let schema = published_schema();
    let strict = closed(&schema);
    let good = analyze_json(&[], &demo_logs());
    let additions: [(&str, Edit); 5] = [
        ("a new top-level field", |r| r["host"] = json!("web01")),
        ("a new cause field", |r| {
            r["causes"][0]["burst"] = json!({"peak": 240})
        }),
        ("a new cause kind", |r| {
            r["causes"][0]["kind"] = json!("cert_expired")
        }),
        ("a new incident kind", |r| {
            r["incident"]["kind"] = json!("mail_down")
        }),
        ("a new format", |r| {
            r["sources"][0]["format"] = json!("apache_error")
        }),
    ];
    for (what, addition) in additions {
        let mut grown = good.clone();
        addition(&mut grown);
        let open = errors(&schema, &grown);
        assert!(open.is_empty(), "{what} is rejected: {open:#?}");
        assert!(
            !errors(&strict, &grown).is_empty(),
            "{what} passes the closed copy"
        );
    }
}

/// Every property, kind and format of the schema is named in docs/report.md.
#[test]
fn report_md_documents_the_whole_schema() {
    fn collect(v: &Value, names: &mut BTreeSet<String>) {
        match v {
            Value::Object(map) => {
                if let Some(Value::Object(props)) = map.get("properties") {
                    names.extend(props.keys().cloned());
                }
                if let Some(Value::Array(values)) = map.get("enum") {
                    names.extend(values.iter().filter_map(|v| v.as_str().map(String::from)));
                }
                map.values().for_each(|c| collect(c, names));
            }
            Value::Array(items) => items.iter().for_each(|c| collect(c, names)),
            _ => {}
        }
    }
    let mut names = BTreeSet::new();
    collect(&published_schema(), &mut names);
    let doc = std::fs::read_to_string(root().join("docs/report.md")).unwrap();
    let missing: Vec<&String> = names
        .iter()
        .filter(|n| !doc.contains(&format!("`{n}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/report.md does not name {missing:?}"
    );
}

/// Every source, kind and field that `postmortem parse` prints for the demo and the hostile
/// tree is named in docs/events.md.
#[test]
fn events_md_documents_what_parse_prints() {
    let dir = hostile_tree();
    let out = run(
        &["parse", "--quiet", "--tz", "Asia/Tokyo"],
        &[&demo_logs(), dir.path()],
    );
    let mut names = BTreeSet::new();
    let mut lines = 0;
    for line in out.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let event: Value = serde_json::from_slice(line).expect("every line is JSON");
        let map = event.as_object().expect("every line is an object");
        for key in ["ts", "source", "kind", "file", "line"] {
            assert!(map.contains_key(key), "{key} missing: {event}");
        }
        names.insert(event["source"].as_str().unwrap().to_string());
        names.insert(event["kind"].as_str().unwrap().to_string());
        names.extend(map.keys().cloned());
        lines += 1;
    }
    assert!(lines > 10_000, "the demo has {lines} events");
    let doc = std::fs::read_to_string(root().join("docs/events.md")).unwrap();
    let missing: Vec<&String> = names
        .iter()
        .filter(|n| !doc.contains(&format!("`{n}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/events.md does not name {missing:?}"
    );
}
