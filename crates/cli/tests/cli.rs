//! The command line itself: `--help` names every option of the contract, completions and the
//! man page are generated, errors say what to do, exit statuses are the contract's, and the
//! progress bar shows only on a terminal and is gone before the report.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{postmortem, success as stdout};

fn demo_logs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/demo/var/log")
}

/// The options of the contract's `postmortem analyze` (and `--verbose`), and what the help
/// must say of them.
const ANALYZE_OPTIONS: [&str; 11] = [
    "--at <TIME>",
    "--window <DUR>",
    "--tz <ZONE>",
    "--client-ip <IP>",
    "--json",
    "--html <FILE>",
    "--color <WHEN>",
    "-j, --threads <N>",
    "-q, --quiet",
    "-v, --verbose",
    "[PATH]...",
];

#[test]
fn analyze_help_names_every_option_of_the_contract() {
    for flag in ["-h", "--help"] {
        let help = stdout(&postmortem(&["analyze", flag]));
        for option in ANALYZE_OPTIONS {
            assert!(
                help.contains(option),
                "analyze {flag} lacks {option}:\n{help}"
            );
        }
        for words in [
            "auto",
            "always",
            "never",
            "/var/log",
            "24h",
            "Examples:",
            "Exit status",
        ] {
            assert!(
                help.contains(words),
                "analyze {flag} lacks {words:?}:\n{help}"
            );
        }
    }
}

#[test]
fn top_level_help_leads_to_every_command_and_its_options() {
    for flag in ["-h", "--help"] {
        let help = stdout(&postmortem(&[flag]));
        for words in [
            "analyze",
            "parse",
            "completions",
            "man",
            "Examples:",
            "postmortem analyze --help",
        ] {
            assert!(help.contains(words), "{flag} lacks {words:?}:\n{help}");
        }
    }
    let help = stdout(&postmortem(&["help", "analyze"]));
    assert!(help.contains("--client-ip"), "{help}");
}

#[test]
fn parse_help_names_its_options_and_the_contract_format_names() {
    let help = stdout(&postmortem(&["parse", "--help"]));
    for words in [
        "--format <FORMAT>",
        "--tz <ZONE>",
        "nginx_access",
        "nginx_error",
        "postfix",
        "mariadb",
        "fail2ban",
        "syslog",
        "Examples:",
    ] {
        assert!(
            help.contains(words),
            "parse --help lacks {words:?}:\n{help}"
        );
    }
    // --verbose is about the analysis report; parse prints every line anyway.
    assert!(!help.contains("--verbose"), "{help}");
}

#[test]
fn format_names_are_the_contract_names() {
    let access = demo_logs().join("nginx/access.log");
    let access = access.to_str().unwrap();
    for name in ["nginx_access", "nginx-access"] {
        let out = stdout(&postmortem(&["parse", "--format", name, access]));
        let first = out.lines().next().expect("one event at least");
        assert!(first.contains(r#""source":"nginx_access""#), "{first}");
    }
}

#[test]
fn version_is_printed() {
    let out = stdout(&postmortem(&["--version"]));
    assert!(out.starts_with("postmortem "), "{out}");
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout(&postmortem(&["completions", shell]));
        for words in ["analyze", "parse", "client-ip", "window", "verbose"] {
            assert!(script.contains(words), "{shell} completions lack {words:?}");
        }
    }
    let out = postmortem(&["completions", "ksh"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("possible values"), "{err}");
}

#[test]
fn bash_completions_are_valid_bash() {
    let Ok(status) = Command::new("bash").arg("--version").output() else {
        eprintln!("no bash here; skipped");
        return;
    };
    assert!(status.status.success());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("postmortem.bash");
    std::fs::write(&path, postmortem(&["completions", "bash"]).stdout).unwrap();
    let check = Command::new("bash").arg("-n").arg(&path).output().unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // Sourced, it completes the subcommands.
    let complete = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && COMP_WORDS=(postmortem ana) COMP_CWORD=1 COMP_LINE='postmortem ana' COMP_POINT=14 && _postmortem postmortem ana postmortem && echo \"${{COMPREPLY[@]}}\"",
            path.display()
        ))
        .output()
        .unwrap();
    let words = String::from_utf8_lossy(&complete.stdout);
    assert!(
        words.contains("analyze"),
        "{words} {}",
        String::from_utf8_lossy(&complete.stderr)
    );
}

#[test]
fn man_page_documents_every_command_and_option() {
    let page = stdout(&postmortem(&["man"]));
    assert!(page.contains(".TH postmortem 1"), "{page}");
    for words in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        "POSTMORTEM ANALYZE",
        "POSTMORTEM PARSE",
        "EXIT STATUS",
        "ENVIRONMENT",
        "NO_COLOR",
    ] {
        assert!(page.contains(words), "man page lacks {words:?}");
    }
    // roff escapes the hyphens of options: \-\-client\-ip.
    let plain = page.replace("\\-", "-");
    for option in [
        "--at",
        "--window",
        "--tz",
        "--client-ip",
        "--json",
        "--html",
        "--color",
        "--threads",
        "--quiet",
        "--verbose",
        "--format",
    ] {
        assert!(plain.contains(option), "man page lacks {option}");
    }
}

#[test]
fn man_page_renders_without_warnings() {
    let Ok(probe) = Command::new("groff").arg("--version").output() else {
        eprintln!("no groff here; skipped");
        return;
    };
    if !probe.status.success() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("postmortem.1");
    std::fs::write(&path, postmortem(&["man"]).stdout).unwrap();
    let out = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&path)
        .output()
        .unwrap();
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && warnings.trim().is_empty(),
        "{warnings}"
    );
}

#[test]
fn nothing_to_read_says_what_to_pass_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir");
    let out = postmortem(&["analyze", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("does not exist"), "{err}");
    assert!(
        err.contains("pass the directory that holds the logs"),
        "{err}"
    );
    assert!(out.stdout.is_empty());

    let out = postmortem(&["analyze", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no log files found"), "{err}");
    assert!(
        err.contains("pass the directory that holds the logs"),
        "{err}"
    );

    std::fs::write(dir.path().join("notes.txt"), "hello\nworld\n").unwrap();
    let out = postmortem(&["analyze", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("postmortem parse"),
        "names a way to look closer: {err}"
    );

    let out = postmortem(&["parse", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("pass the directory that holds the logs"),
        "{err}"
    );
}

#[test]
fn bad_usage_exits_2_and_says_what_is_expected() {
    let demo = demo_logs();
    let demo = demo.to_str().unwrap();
    for (args, expect) in [
        (vec!["analyze", "--window", "forever", demo], "90m, 24h, 2d"),
        (vec!["analyze", "--window", "0m", demo], "longer than zero"),
        (vec!["analyze", "--tz", "Mars/Olympus", demo], "Asia/Tokyo"),
        (vec!["analyze", "--at", "yesterday", demo], "RFC 3339"),
        (vec!["analyze", "--client-ip", "1.2.3", demo], "--client-ip"),
        (
            vec!["analyze", "--color", "sometimes", demo],
            "possible values",
        ),
        (vec!["analyze", "--threads", "many", demo], "--threads"),
        (vec!["analyze", "--frobnicate", demo], "--frobnicate"),
        (vec!["analyse", demo], "analyze"),
        (vec!["parse"], "<PATH>"),
        (vec!["parse", "--format", "apache", demo], "nginx_access"),
        (vec![], "Usage"),
    ] {
        let out = postmortem(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expect), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?} printed a report");
    }
}

#[test]
fn a_report_is_exit_0_and_stderr_stays_clean_off_a_terminal() {
    let out = postmortem(&[
        "analyze",
        "--json",
        "--tz",
        "Asia/Tokyo",
        demo_logs().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "no progress on a non-terminal: {:?}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `postmortem` under `script(1)`, so that its stdout and stderr are a terminal, and returns
/// what the terminal received. `None` when `script` is not installed.
fn on_a_terminal(args: &[&str]) -> Option<Vec<u8>> {
    let bin = env!("CARGO_BIN_EXE_postmortem");
    let mut line = format!("'{bin}'");
    for a in args {
        line.push_str(&format!(" '{a}'"));
    }
    let out = Command::new("script")
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .env("COLUMNS", "80")
        .env("LINES", "24")
        .env("TERM", "xterm-256color")
        .stdin(std::process::Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!(
            "script failed ({:?}); skipped: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    Some(out.stdout)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[test]
fn progress_bar_on_a_terminal_is_cleared_before_the_report() {
    let demo = demo_logs();
    let Some(screen) = on_a_terminal(&[
        "analyze",
        "--json",
        "--tz",
        "Asia/Tokyo",
        demo.to_str().unwrap(),
    ]) else {
        return;
    };
    let report = find(&screen, b"\"schema\"").unwrap_or_else(|| {
        panic!(
            "no report on the terminal: {:?}",
            String::from_utf8_lossy(&screen)
        )
    });
    let before = &screen[..report];
    let drawn = rfind(before, b"files").or_else(|| rfind(before, b"looking for logs"));
    let Some(drawn) = drawn else {
        panic!("no progress drawn: {:?}", String::from_utf8_lossy(before));
    };
    let cleared = rfind(before, b"\x1b[2K").expect("the bar is cleared");
    assert!(
        cleared > drawn,
        "the report follows the bar without clearing it: {:?}",
        String::from_utf8_lossy(&before[drawn.saturating_sub(200)..])
    );
    // Nothing of the bar is left after the clear, before the report.
    let tail = &before[cleared + 4..];
    assert!(
        tail.iter().all(|b| b.is_ascii_whitespace() || *b == b'{'),
        "{:?}",
        String::from_utf8_lossy(tail)
    );
}

#[test]
fn quiet_means_no_progress_even_on_a_terminal() {
    let demo = demo_logs();
    let Some(screen) = on_a_terminal(&[
        "analyze",
        "--quiet",
        "--json",
        "--tz",
        "Asia/Tokyo",
        demo.to_str().unwrap(),
    ]) else {
        return;
    };
    let report = find(&screen, b"\"schema\"").expect("a report");
    let before = String::from_utf8_lossy(&screen[..report]);
    assert!(!before.contains("looking for logs"), "{before:?}");
    assert!(!before.contains("files"), "{before:?}");
    assert!(!before.contains('\x1b'), "{before:?}");
}

/// `parse` prints the lines as read, and says on stderr when the zone disagrees with the
/// logs' own offsets, as `analyze` does above its verdict.
#[test]
fn parse_warns_on_stderr_when_the_zone_disagrees_with_the_logs() {
    let run = |zone: &str| {
        let demo = demo_logs();
        let out = postmortem(&["parse", "--tz", zone, demo.to_str().unwrap()]);
        assert!(out.status.success());
        assert!(!out.stdout.is_empty());
        String::from_utf8(out.stderr).unwrap()
    };
    let stderr = run("UTC");
    assert!(
        stderr.contains("postmortem: warning: times may be 9 hours off"),
        "{stderr}"
    );
    assert!(stderr.trim_end().ends_with("--tz +09:00"), "{stderr}");
    assert_eq!(run("Asia/Tokyo"), "");
}
