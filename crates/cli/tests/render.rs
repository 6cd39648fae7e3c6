//! The rendered reports on the demo incident and on small trees: the HTML report's charts
//! (one inline SVG per signal, the incident marked, no scripts, nothing fetched), the text
//! report's sparkline rows (within 80 columns, no raw control characters).
//!
//! With `POSTMORTEM_SCREENSHOT_DIR` set and Chromium installed, `screenshots` also renders
//! both reports to PNG in that directory (`report-html.png`, `report-terminal.png`):
//!
//! ```sh
//! POSTMORTEM_SCREENSHOT_DIR=docs cargo test -p postmortem --test render screenshots
//! ```
//!
//! Without them it does nothing: the default test run needs no browser.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn demo_logs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/demo/var/log")
}

fn postmortem(args: &[&str], path: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_postmortem"))
        .args(args)
        .arg(path)
        .env_remove("NO_COLOR")
        .output()
        .expect("run postmortem");
    assert!(
        out.status.success(),
        "{args:?}: exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The JSON report and the HTML report of one run.
fn json_and_html(extra: &[&str], path: &Path) -> (Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let mut args = vec![
        "analyze",
        "--quiet",
        "--json",
        "--html",
        html.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = postmortem(&args, path);
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    (report, std::fs::read_to_string(&html).expect("HTML report"))
}

/// The text report.
fn text(extra: &[&str], path: &Path) -> String {
    let mut args = vec!["analyze", "--quiet"];
    args.extend_from_slice(extra);
    String::from_utf8(postmortem(&args, path).stdout).expect("UTF-8")
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The ACTIVITY section of a text report (up to the next heading).
fn activity(text: &str) -> Vec<&str> {
    text.lines()
        .skip_while(|l| !l.starts_with("ACTIVITY"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

/// The text without SGR sequences (`ESC [ ... m`).
fn strip_sgr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn assert_within_80_columns(text: &str) {
    for line in text.lines() {
        let width = line.chars().count();
        assert!(width <= 80, "{width} columns: {line:?}");
    }
}

/// No C0 control (but the newline), DEL or C1 control.
fn assert_no_raw_controls(text: &str) {
    for (i, c) in text.char_indices() {
        let code = c as u32;
        assert!(
            c == '\n' || !(code < 0x20 || code == 0x7f || (0x80..0xa0).contains(&code)),
            "raw control {code:#04x} at byte {i}"
        );
    }
}

#[test]
fn html_has_one_chart_per_signal() {
    let (report, page) = json_and_html(&["--tz", "Asia/Tokyo"], &demo_logs());
    let signals = report["series"]["signals"].as_array().unwrap();
    assert!(signals.len() >= 5, "{signals:?}");
    assert_eq!(
        page.matches("<svg").count(),
        signals.len(),
        "one chart per signal"
    );
    for s in signals {
        let name = s["name"].as_str().unwrap();
        assert!(
            page.contains(&format!("data-signal=\"{name}\"")),
            "no chart of {name}"
        );
    }
}

#[test]
fn html_marks_the_incident_and_the_causes() {
    let (report, page) = json_and_html(&["--tz", "Asia/Tokyo"], &demo_logs());
    assert_eq!(report["incident"]["kind"], "db_down");
    // The vertical line in every chart, and its label in the report's zone.
    let charts = page.matches("<svg").count();
    assert!(
        page.matches("<line class=\"incident\"").count() >= charts,
        "{page}"
    );
    assert!(
        page.contains("db_down 14:01"),
        "incident label in Asia/Tokyo"
    );
    // Each cause's span is shaded.
    assert!(page.matches("<rect class=\"cause\"").count() >= charts);
    // The verdict comes first, then the causes, the charts, the timeline, the files.
    let at = |needle: &str| {
        page.find(needle)
            .unwrap_or_else(|| panic!("no {needle:?} in the page"))
    };
    assert!(at("class=\"verdict\"") < at("<h2>Causes"));
    assert!(at("<h2>Causes") < at("<h2>Activity"));
    assert!(at("<h2>Activity") < at("<svg"));
    assert!(at("<svg") < at("<h2>Timeline"));
    assert!(at("<h2>Timeline") < at("<h2>Files read"));
    // The chain as arrows.
    assert!(page.contains("mass_mail</li><li class=\"arrow\""), "{page}");
}

/// Web traffic stamped with an offset (so the zone changes nothing but how times are shown):
/// a request every ten minutes from 00:00 to 12:00 (+09:00) and 240 at 10:00–10:04.
fn burst_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut access = String::new();
    let mut line = |h: u32, m: u32, s: u32| {
        let _ = writeln!(
            access,
            "203.0.113.7 - - [24/Nov/2026:{h:02}:{m:02}:{s:02} +0900] \"GET / HTTP/1.1\" 200 512 \"-\" \"curl\""
        );
    };
    for i in 0..=72 {
        if i == 60 {
            for j in 0..240 {
                line(10, j / 60, j % 60);
            }
        }
        line(i / 6, i % 6 * 10, 0);
    }
    std::fs::write(dir.path().join("access.log"), access).unwrap();
    dir
}

#[test]
fn html_axis_follows_the_report_zone() {
    let dir = burst_tree();
    let (_, tokyo) = json_and_html(&["--tz", "Asia/Tokyo"], dir.path());
    assert!(
        tokyo.contains("peak 241 in 5 min at 11-24 10:00"),
        "{tokyo}"
    );
    let (report, utc) = json_and_html(&["--tz", "+00:00"], dir.path());
    assert!(report["series"]["start"]
        .as_str()
        .unwrap()
        .ends_with("+00:00"));
    assert!(utc.contains("peak 241 in 5 min at 11-24 01:00"), "{utc}");
    // The bars' tooltips too.
    assert!(utc.contains("<title>11-24 01:00 241</title>"), "{utc}");
}

#[test]
fn html_is_self_contained() {
    let (_, page) = json_and_html(&["--tz", "Asia/Tokyo"], &demo_logs());
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("Content-Security-Policy"));
    assert!(!page.contains("<script"), "no scripts");
    // Nothing to fetch: log text cannot produce `src="` (quotes are escaped).
    for fetch in [
        "src=\"",
        "href=\"",
        "<link",
        "url(",
        "@import",
        "@font-face",
    ] {
        assert!(!page.contains(fetch), "{fetch} in the page");
    }
    assert_no_raw_controls(&page);
}

#[test]
fn text_report_has_sparklines_within_80_columns() {
    let out = text(&["--color", "never", "--tz", "Asia/Tokyo"], &demo_logs());
    assert_no_raw_controls(&out);
    assert!(!out.contains('\x1b'));
    assert_within_80_columns(&out);
    let section = activity(&out);
    let sparklines: Vec<&&str> = section
        .iter()
        .filter(|l| l.chars().any(|c| BARS.contains(&c)))
        .collect();
    let labels = [
        "web requests",
        "web 5xx",
        "mails queued",
        "bans",
        "auth failures",
    ];
    assert_eq!(sparklines.len(), labels.len(), "{section:#?}");
    for label in labels {
        assert!(
            sparklines.iter().any(|l| l.trim_start().starts_with(label)),
            "no {label} row: {section:#?}"
        );
    }
    // The incident is marked under the rows, at the column of the mail burst's aftermath.
    let marker = section
        .iter()
        .find(|l| l.contains('▲'))
        .unwrap_or_else(|| panic!("no incident marker: {section:#?}"));
    let col = marker.chars().position(|c| c == '▲').unwrap();
    let mails = sparklines
        .iter()
        .find(|l| l.trim_start().starts_with("mails queued"))
        .unwrap();
    // The burst (13:47–14:00) is the tallest mark, just before the incident's column.
    assert_eq!(mails.chars().nth(col - 1), Some('█'), "{section:#?}");
    // The sections come in order: the activity between the causes and the timeline.
    let at = |h: &str| {
        out.find(&format!("\n{h}\n"))
            .unwrap_or_else(|| panic!("no {h}"))
    };
    assert!(at("CAUSES") < at("ACTIVITY") && at("ACTIVITY") < at("TIMELINE"));
}

#[test]
fn text_report_in_colour_keeps_80_columns() {
    let out = text(&["--color", "always", "--tz", "Asia/Tokyo"], &demo_logs());
    assert!(out.contains("\x1b["), "styles with --color always");
    let plain = strip_sgr(&out);
    assert_no_raw_controls(&plain);
    assert_within_80_columns(&plain);
    let never = text(&["--color", "never", "--tz", "Asia/Tokyo"], &demo_logs());
    assert_eq!(plain, never, "colour changes nothing but the styles");
}

#[test]
fn short_window_is_drawn_step_by_step() {
    // 90 minutes and 3 hours after: 54 steps of 5 minutes, one mark each.
    let args = ["--color", "never", "--tz", "Asia/Tokyo", "--window", "90m"];
    let out = text(&args, &demo_logs());
    assert_within_80_columns(&out);
    let section = activity(&out);
    assert!(section[0].contains("one mark = 5 min"), "{section:#?}");
    let (_, page) = json_and_html(&["--tz", "Asia/Tokyo", "--window", "90m"], &demo_logs());
    assert!(page.contains("db_down 14:01"));
}

/// A quiet site: web traffic only, no outage.
fn quiet_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut access = String::new();
    for h in 0..6 {
        for m in (0..60).step_by(3) {
            let _ = writeln!(
                access,
                "203.0.113.7 - - [24/Nov/2026:{:02}:{m:02}:00 +0900] \"GET /<b>x</b> HTTP/1.1\" 200 512 \"-\" \"\x1b[31mcurl\"",
                8 + h
            );
        }
    }
    std::fs::write(dir.path().join("access.log"), access).unwrap();
    dir
}

#[test]
fn no_incident_still_draws_the_window() {
    let dir = quiet_tree();
    let (report, page) = json_and_html(&["--tz", "Asia/Tokyo"], dir.path());
    assert!(report["incident"].is_null(), "{report:#}");
    let signals = report["series"]["signals"].as_array().unwrap().len();
    assert_eq!(page.matches("<svg").count(), signals);
    assert!(
        page.contains("class=\"window-end\""),
        "the window's end is marked"
    );
    assert!(!page.contains("<b>x</b>") && !page.contains("<script"));
    assert_no_raw_controls(&page);

    let out = text(&["--color", "never", "--tz", "Asia/Tokyo"], dir.path());
    assert_no_raw_controls(&out);
    assert_within_80_columns(&out);
    let section = activity(&out);
    assert!(
        section
            .iter()
            .any(|l| l.contains("web requests") && l.contains('█')),
        "{section:#?}"
    );
    assert!(
        !section.iter().any(|l| l.contains('▲')),
        "no incident to mark"
    );
}

// --- Screenshots -------------------------------------------------------------------------

/// Chromium's path, if it is installed.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
    .find(|p| p.is_file())
}

/// Where screenshots go: `POSTMORTEM_SCREENSHOT_DIR` (relative to the workspace root), when
/// set and Chromium is installed.
fn screenshot_setup() -> Option<(PathBuf, PathBuf)> {
    let dir = std::env::var_os("POSTMORTEM_SCREENSHOT_DIR")?;
    let Some(browser) = chromium() else {
        eprintln!("POSTMORTEM_SCREENSHOT_DIR is set but chromium is not installed: skipped");
        return None;
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(dir);
    std::fs::create_dir_all(&dir).expect("screenshot directory");
    Some((browser, dir))
}

/// Renders `page` (an HTML file) to `png` in headless Chromium, `width`×`height` pixels.
fn screenshot(browser: &Path, page: &Path, png: &Path, (width, height): (u32, u32)) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let size = std::fs::metadata(png).map(|m| m.len()).unwrap_or(0);
    assert!(size > 10_000, "{} is {size} bytes", png.display());
}

/// The terminal's colours for the SGR codes the text report uses.
fn sgr_colour(code: u32) -> Option<&'static str> {
    Some(match code {
        30 | 90 => "#5c6370",
        31 | 91 => "#ff6b6b",
        32 | 92 => "#98c379",
        33 | 93 => "#f0c674",
        34 | 94 => "#61afef",
        35 | 95 => "#c678dd",
        36 | 96 => "#56c8d8",
        37 | 97 => "#e6e8ec",
        _ => return None,
    })
}

/// Text with SGR styles as an HTML page that looks like an 80-column terminal.
fn terminal_page(ansi: &str, title: &str) -> String {
    let mut body = String::new();
    let (mut bold, mut dim, mut fg): (bool, bool, Option<&str>) = (false, false, None);
    let mut open = false;
    let mut chars = ansi.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            chars.next();
            let mut params = String::new();
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
                params.push(c);
            }
            for p in params.split(';') {
                match p.parse::<u32>().unwrap_or(0) {
                    0 => (bold, dim, fg) = (false, false, None),
                    1 => bold = true,
                    2 => dim = true,
                    22 => (bold, dim) = (false, false),
                    39 => fg = None,
                    code => fg = sgr_colour(code).or(fg),
                }
            }
            if open {
                body.push_str("</span>");
                open = false;
            }
            if bold || dim || fg.is_some() {
                let mut style = String::new();
                if bold {
                    style.push_str("font-weight:bold;");
                }
                if dim {
                    style.push_str("opacity:.62;");
                }
                if let Some(fg) = fg {
                    let _ = write!(style, "color:{fg};");
                }
                let _ = write!(body, "<span style=\"{style}\">");
                open = true;
            }
            continue;
        }
        match c {
            '&' => body.push_str("&amp;"),
            '<' => body.push_str("&lt;"),
            '>' => body.push_str("&gt;"),
            c => body.push(c),
        }
    }
    if open {
        body.push_str("</span>");
    }
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title><style>\
html,body{{margin:0;background:#14171c}}\
.term{{margin:16px;border-radius:8px;background:#1d2129;box-shadow:0 2px 12px #0008;overflow:hidden;width:fit-content}}\
.bar{{height:26px;background:#2a2f3a;display:flex;align-items:center;gap:7px;padding:0 10px;\
font:12px sans-serif;color:#9aa3b2}}\
.dot{{width:11px;height:11px;border-radius:50%;background:#4a5160}}\
pre{{margin:0;padding:12px 16px 16px;color:#d7dae0;\
font:14px/1.32 'DejaVu Sans Mono','Noto Sans Mono',monospace;width:81ch}}\
</style></head><body><div class=\"term\"><div class=\"bar\"><span class=\"dot\"></span>\
<span class=\"dot\"></span><span class=\"dot\"></span><span>{title}</span></div><pre>{body}</pre></div></body></html>"
    )
}

#[test]
fn screenshots() {
    let Some((browser, dir)) = screenshot_setup() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();

    // Run from the workspace root on the demo's relative path, as the README shows it.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let logs = Path::new("fixtures/demo/var/log");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_postmortem"))
            .args(args)
            .arg(logs)
            .current_dir(&root)
            .env_remove("NO_COLOR")
            .output()
            .expect("run postmortem");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8")
    };

    // The HTML report, as a reader opens it.
    let html = work.path().join("report.html");
    run(&[
        "analyze",
        "--quiet",
        "--tz",
        "Asia/Tokyo",
        "--html",
        html.to_str().unwrap(),
    ]);
    screenshot(&browser, &html, &dir.join("report-html.png"), (1200, 1800));

    // The terminal report in colour, in an 80-column terminal: the story, up to what was read.
    let ansi = run(&[
        "analyze",
        "--quiet",
        "--color",
        "always",
        "--tz",
        "Asia/Tokyo",
    ]);
    let shown: String = ansi
        .lines()
        .take_while(|l| !strip_sgr(l).starts_with("READ"))
        .map(|l| format!("{l}\n"))
        .collect();
    let shown = shown.trim_end();
    let page = work.path().join("terminal.html");
    let title = "postmortem analyze --tz Asia/Tokyo fixtures/demo/var/log";
    std::fs::write(&page, terminal_page(shown, title)).unwrap();
    let rows = u32::try_from(shown.lines().count()).unwrap();
    // 14 px type at 1.32 line height, the title bar and the margins.
    let height = rows * 185 / 10 + 90;
    screenshot(
        &browser,
        &page,
        &dir.join("report-terminal.png"),
        (760, height),
    );
}
