//! The terminal report: the verdict first, then the ranked causes with their proof, the
//! timeline, and what was read. Fits 80 columns; every piece of log text is escaped.

use std::io::{self, Write};

use analyzer::{Evidence, Report};
use anstyle::{AnsiColor, Style};
use logparse::Timestamp;

use crate::escape::terminal;

const WIDTH: usize = 80;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const RED: Style = AnsiColor::Red.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const CYAN: Style = AnsiColor::Cyan.on_default();

fn when(t: Timestamp) -> String {
    t.to_datetime().format("%Y-%m-%d %H:%M:%S").to_string()
}

fn hm(t: Timestamp) -> String {
    t.to_datetime().format("%m-%d %H:%M").to_string()
}

/// Word-wraps `text` to `width` columns, every line after the first indented by `indent`.
fn wrap(text: &str, first_indent: usize, indent: usize) -> String {
    let mut out = String::new();
    let mut col = first_indent;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if col > indent && col + 1 + len > WIDTH {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            col = indent;
        } else if col > first_indent || (col > indent && !out.is_empty()) {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += len;
    }
    out
}

/// Cuts a line to `width` characters with an ellipsis.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
    s.push('…');
    s
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn evidence(out: &mut impl Write, e: &Evidence, indent: usize) -> io::Result<()> {
    let place = format!("{}:{}", file_name(&e.file), e.line);
    writeln!(out, "{}{CYAN}{place}{CYAN:#}", " ".repeat(indent))?;
    // The whole line matters (the uid, the process): shown on up to three rows.
    let text = terminal(&e.text);
    let width = WIDTH - indent - 2;
    let chars: Vec<char> = text.chars().collect();
    let rows: Vec<String> = chars.chunks(width).map(|c| c.iter().collect()).collect();
    for (i, row) in rows.iter().enumerate().take(3) {
        let row = if i == 2 && rows.len() > 3 {
            cut(&format!("{row}…"), width)
        } else {
            row.clone()
        };
        writeln!(out, "{}{DIM}{row}{DIM:#}", " ".repeat(indent + 2))?;
    }
    Ok(())
}

fn heading(out: &mut impl Write, title: &str) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "{BOLD}{title}{BOLD:#}")
}

/// Writes the text report.
pub fn render(out: &mut impl Write, report: &Report) -> io::Result<()> {
    writeln!(
        out,
        "{BOLD}postmortem{BOLD:#} — window {} → {} ({})",
        when(report.window.start),
        when(report.window.end),
        report.zone
    )?;

    heading(out, "VERDICT")?;
    match &report.incident {
        Some(incident) => {
            let line = format!(
                "{} at {}: {}.",
                incident.kind,
                when(incident.time),
                terminal(&incident.summary)
            );
            writeln!(out, "  {RED}{}{RED:#}", wrap(&line, 2, 2))?;
        }
        None => writeln!(
            out,
            "  No outage found in the logs; the window ends where the logs end."
        )?,
    }
    if let Some(root) = report.causes.first().filter(|_| report.incident.is_some()) {
        let line = format!("Root cause: {} — {}.", root.kind, terminal(&root.summary));
        writeln!(out, "  {}", wrap(&line, 2, 2))?;
    }
    if !report.chain.is_empty() {
        writeln!(
            out,
            "  Chain: {YELLOW}{}{YELLOW:#}",
            report.chain.join(" → ")
        )?;
    }
    if let Some(client) = &report.client {
        writeln!(out, "  {}", wrap(&terminal(&client.summary), 2, 2))?;
    }

    heading(out, "CAUSES")?;
    if report.causes.is_empty() {
        writeln!(out, "  Nothing unusual found in the window.")?;
    }
    for (i, cause) in report.causes.iter().enumerate().take(8) {
        writeln!(
            out,
            "  {BOLD}{}. {}{BOLD:#}  confidence {:.2}  {} – {}",
            i + 1,
            cause.kind,
            cause.confidence,
            hm(cause.start),
            hm(cause.end)
        )?;
        writeln!(out, "     {}", wrap(&terminal(&cause.summary), 5, 5))?;
        for e in cause.evidence.iter().take(3) {
            evidence(out, e, 5)?;
        }
    }
    if report.causes.len() > 8 {
        writeln!(out, "  … and {} more (see --json)", report.causes.len() - 8)?;
    }

    if let Some(incident) = &report.incident {
        if !incident.evidence.is_empty() {
            heading(out, "INCIDENT EVIDENCE")?;
            for e in &incident.evidence {
                evidence(out, e, 2)?;
            }
        }
    }

    heading(out, "TIMELINE")?;
    let shown = report.timeline.len().min(60);
    for entry in &report.timeline[report.timeline.len() - shown..] {
        let is_run = entry.kind.ends_with("_burst") || entry.kind == "site_failing";
        let count = if entry.count > 1 && !is_run {
            format!(" ×{}", entry.count)
        } else {
            String::new()
        };
        let text = format!("{}{count}", terminal(&entry.summary));
        writeln!(
            out,
            "  {} {:<12} {}",
            hm(entry.time),
            entry.source,
            wrap(&text, 28, 28)
        )?;
    }
    if report.timeline.len() > shown {
        writeln!(
            out,
            "  ({} earlier entries in --json)",
            report.timeline.len() - shown
        )?;
    }

    heading(out, "READ")?;
    let lines: u64 = report.sources.iter().map(|s| s.lines).sum();
    let parsed: u64 = report.sources.iter().map(|s| s.parsed).sum();
    let unparsed: u64 = report.sources.iter().map(|s| s.unparsed).sum();
    writeln!(
        out,
        "  {} files, {lines} lines, {parsed} parsed, {unparsed} unparsed, {} skipped",
        report.sources.len(),
        report.skipped.len()
    )?;
    for s in &report.sources {
        let format = s.format.map_or("unknown", |f| f.as_str());
        let note = s
            .error
            .as_deref()
            .map(|e| format!("  {YELLOW}{}{YELLOW:#}", terminal(e)))
            .unwrap_or_default();
        writeln!(
            out,
            "  {:<40} {:<12} {:>8} lines {:>6} unparsed{note}",
            cut(&terminal(&s.path), 40),
            format,
            s.lines,
            s.unparsed
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_lines_within_width() {
        let text = "word ".repeat(60);
        for line in wrap(&text, 2, 4).lines() {
            assert!(line.chars().count() <= WIDTH, "{line}");
        }
    }

    #[test]
    fn cut_adds_ellipsis() {
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
    }
}
