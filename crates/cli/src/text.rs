//! The terminal report: the verdict first, then the ranked causes with their proof, the
//! timeline, and what was read. Fits 80 columns; every piece of log text is escaped.

use std::io::{self, Write};

use analyzer::{Cause, Evidence, Incident, Report};
use anstyle::{AnsiColor, Style};
use chrono::{DateTime, FixedOffset, Timelike};
use logparse::{Timestamp, Zone};

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

/// Word-wraps `text` to `WIDTH` columns, the first line starting at column `first_indent`,
/// the others indented by `indent`; a word longer than a line (a URL, a user agent) is cut at
/// the right edge.
fn wrap(text: &str, first_indent: usize, indent: usize) -> String {
    let mut out = String::new();
    let mut col = first_indent;
    for (i, word) in text.split_whitespace().enumerate() {
        let len = word.chars().count();
        if i > 0 {
            if col + 1 + len > WIDTH && col > indent {
                out.push('\n');
                out.push_str(&" ".repeat(indent));
                col = indent;
            } else {
                out.push(' ');
                col += 1;
            }
        }
        let mut chars = word.chars();
        loop {
            let fits = WIDTH.saturating_sub(col).max(1);
            let piece: String = chars.by_ref().take(fits).collect();
            col += piece.chars().count();
            out.push_str(&piece);
            if chars.as_str().is_empty() {
                break;
            }
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            col = indent;
        }
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

/// The directory all `paths` share, with its trailing `/` (empty when they share none).
pub(crate) fn common_dir<'a>(mut paths: impl Iterator<Item = &'a str>) -> &'a str {
    let Some(first) = paths.next() else {
        return "";
    };
    let mut len = first.rfind('/').map_or(0, |i| i + 1);
    for p in paths {
        let same = first
            .bytes()
            .zip(p.bytes())
            .take(len)
            .take_while(|(a, b)| a == b)
            .count();
        len = first[..same].rfind('/').map_or(0, |i| i + 1);
    }
    &first[..len]
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Splits `text` into rows of at most `width` characters, breaking at a space when one is in
/// the second half of the row (the space is dropped), else in the middle of a word.
fn fold(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut rest: Vec<char> = text.chars().collect();
    while rest.len() > width {
        let cut_at = rest[..=width]
            .iter()
            .rposition(|&c| c == ' ')
            .filter(|&i| i > width / 2);
        match cut_at {
            Some(i) => {
                rows.push(rest[..i].iter().collect());
                rest.drain(..=i);
            }
            None => {
                rows.push(rest[..width].iter().collect());
                rest.drain(..width);
            }
        }
    }
    rows.push(rest.iter().collect());
    rows
}

fn evidence(out: &mut impl Write, e: &Evidence, indent: usize) -> io::Result<()> {
    let place = format!("{}:{}", file_name(&terminal(&e.file)), e.line);
    writeln!(out, "{}{CYAN}{place}{CYAN:#}", " ".repeat(indent))?;
    // The whole line matters (the uid, the process): shown on up to three rows.
    let width = WIDTH - indent - 2;
    let rows = fold(&terminal(&e.text), width);
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

/// Groups `1000000` as `1,000,000`, as the report's sentences do.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The instant `secs` as a date and time in the report's zone (DST-correct when the zone is
/// an IANA name; else in the offset the window's end is shown in).
pub(crate) fn local(report: &Report, secs: i64) -> DateTime<FixedOffset> {
    let offset =
        Zone::parse(&report.zone).map_or(report.window.end.offset_secs, |z| z.offset_at(secs));
    Timestamp {
        secs,
        nanos: 0,
        offset_secs: offset,
    }
    .to_datetime()
}

/// A length of time for legends: `5 min`, `30 min`, `2 h`, `1 h 30 min`.
pub(crate) fn duration(secs: i64) -> String {
    let (h, m) = (secs / 3600, secs % 3600 / 60);
    match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// The spacing of time-axis labels: the shortest of 1, 2, 3, 6, 12 hours and whole days that
/// leaves at least `min_secs` between labels.
pub(crate) fn tick_interval(min_secs: i64) -> i64 {
    [1, 2, 3, 6, 12, 24, 48, 72, 168]
        .iter()
        .map(|h| h * 3600)
        .find(|&t| t >= min_secs)
        .unwrap_or(min_secs.max(3600) / 86_400 * 86_400 + 86_400)
}

/// The instants of the time-axis labels in `[from, to)`: local times that are a multiple of
/// `interval` since local midnight.
pub(crate) fn ticks(report: &Report, from: i64, to: i64, interval: i64) -> Vec<i64> {
    let mut out = Vec::new();
    let offset = i64::from(local(report, from).offset().local_minus_utc());
    let mut t = (from + offset).div_euclid(interval) * interval - offset;
    if t < from {
        t += interval;
    }
    while t < to && out.len() < 1000 {
        // Across a DST change the wall clock moves; keep the label on the hour it names.
        let shift = i64::from(local(report, t).offset().local_minus_utc()) - offset;
        out.push(t - shift);
        t += interval;
    }
    out
}

/// A time-axis label: the date at midnight, else the time of day.
pub(crate) fn tick_label(report: &Report, secs: i64) -> String {
    let t = local(report, secs);
    if t.hour() == 0 && t.minute() == 0 {
        t.format("%m-%d").to_string()
    } else {
        t.format("%H:%M").to_string()
    }
}

/// The sparkline rows: a label and the series summed into it.
const SPARK_ROWS: [(&str, &[&str]); 5] = [
    ("web requests", &["http_requests"]),
    ("web 5xx", &["http_5xx"]),
    ("mails queued", &["mail_queued"]),
    ("auth failures", &["sasl_failures", "auth_failures"]),
    ("bans", &["f2b_bans"]),
];

/// Columns of the sparkline rows: the label before them, the busiest value after them.
const SPARK_LABEL: usize = 16;
const SPARK_VALUE: usize = 8;
const SPARK_COLS: usize = WIDTH - SPARK_LABEL - SPARK_VALUE;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One mark per column: a space for nothing, else one of eight heights, the busiest column
/// full height (any activity at all shows at least the lowest bar).
fn spark_marks(values: &[u64]) -> Vec<char> {
    let max = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|&v| {
            if v == 0 || max == 0 {
                ' '
            } else {
                let level = v.saturating_mul(8).div_ceil(max).clamp(1, 8);
                BARS[usize::try_from(level - 1).unwrap_or(0)]
            }
        })
        .collect()
}

/// Sums `values` into columns of `per` steps each.
fn downsample(values: &[u64], per: usize) -> Vec<u64> {
    values.chunks(per.max(1)).map(|c| c.iter().sum()).collect()
}

/// The ACTIVITY section: one sparkline row per signal over the window and the hours after
/// it, the root cause's span and the incident marked under them, and a time axis.
fn activity(out: &mut impl Write, report: &Report) -> io::Result<()> {
    let series = &report.series;
    let steps = series
        .signals
        .iter()
        .map(|s| s.values.len())
        .max()
        .unwrap_or(0);
    if steps == 0 || series.step_secs <= 0 {
        return Ok(());
    }
    let per = steps.div_ceil(SPARK_COLS);
    let cols = steps.div_ceil(per);
    let col_secs = series.step_secs * i64::try_from(per).unwrap_or(1);
    let start = series.start.secs;
    let end = start + col_secs * i64::try_from(cols).unwrap_or(0);
    // The column holding an instant, if it is on the chart.
    let column = |secs: i64| -> Option<usize> {
        if secs < start || secs >= end {
            return None;
        }
        usize::try_from((secs - start) / col_secs).ok()
    };
    let incident = report
        .incident
        .as_ref()
        .and_then(|i| column(i.time.secs).map(|c| (c, i)));
    let root = report.causes.first().filter(|_| report.incident.is_some());
    // The root cause's columns: a burst ending at 14:00 does not reach the 14:00 column.
    let root_cols = root.and_then(|c| {
        if c.end.secs < start || c.start.secs >= end {
            return None;
        }
        let first = column(c.start.secs.max(start))?;
        let last = column((c.end.secs - 1).max(c.start.secs).min(end - 1))?;
        Some((first, last.max(first)))
    });

    heading(out, "ACTIVITY")?;
    writeln!(
        out,
        "  {DIM}one mark = {}, {} → {}; right: the busiest mark{DIM:#}",
        duration(col_secs),
        local(report, start).format("%m-%d %H:%M"),
        local(report, end).format("%m-%d %H:%M"),
    )?;
    for (label, names) in SPARK_ROWS {
        let rows: Vec<&analyzer::SeriesRow> = series
            .signals
            .iter()
            .filter(|s| names.contains(&s.name))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let mut summed = vec![0u64; steps];
        for row in rows {
            for (sum, v) in summed.iter_mut().zip(&row.values) {
                *sum += v;
            }
        }
        let columns = downsample(&summed, per);
        let busiest = columns.iter().copied().max().unwrap_or(0);
        write!(out, "  {label:<width$}", width = SPARK_LABEL - 2)?;
        for (i, mark) in spark_marks(&columns).into_iter().enumerate() {
            let style = if incident.is_some_and(|(c, _)| c == i) {
                RED
            } else if root_cols.is_some_and(|(a, b)| a <= i && i <= b) {
                YELLOW
            } else {
                Style::new()
            };
            write!(out, "{style}{mark}{style:#}")?;
        }
        let value = match busiest {
            0 => "none".to_string(),
            n if n < 1_000_000 => thousands(n),
            n => format!("{:.1}M", n as f64 / 1e6),
        };
        let pad = SPARK_COLS - cols + SPARK_VALUE;
        writeln!(out, "{DIM}{value:>pad$}{DIM:#}")?;
    }

    // The marker row: the root cause's span and the incident under their columns.
    let mut marks = vec![' '; cols];
    if let Some((a, b)) = root_cols {
        for m in &mut marks[a..=b.min(cols - 1)] {
            *m = '━';
        }
    }
    if let Some((c, _)) = incident {
        marks[c] = '▲';
    }
    if marks.iter().any(|&m| m != ' ') {
        write!(out, "{}", " ".repeat(SPARK_LABEL))?;
        for m in marks.iter().collect::<String>().trim_end().chars() {
            match m {
                '▲' => write!(out, "{RED}{m}{RED:#}")?,
                '━' => write!(out, "{YELLOW}{m}{YELLOW:#}")?,
                m => write!(out, "{m}")?,
            }
        }
        writeln!(out)?;
    }

    // The time axis: labels that start at their column and do not overlap.
    let interval = tick_interval(col_secs * 8);
    let mut axis = String::new();
    for t in ticks(report, start, end, interval) {
        let Some(c) = column(t) else { continue };
        let label = tick_label(report, t);
        let at = SPARK_LABEL + c;
        let len = axis.chars().count();
        if (len > 0 && at <= len) || at + label.len() > WIDTH {
            continue;
        }
        axis.push_str(&" ".repeat(at - len));
        axis.push_str(&label);
    }
    if !axis.is_empty() {
        writeln!(out, "{DIM}{axis}{DIM:#}")?;
    }

    // The legend of the marks; a root cause hidden under the incident's mark is named beside it.
    let mut legend = Vec::new();
    let mut beside = String::new();
    if let (Some(cause), Some(_)) = (root, root_cols) {
        if marks.contains(&'━') {
            legend.push(format!(
                "{YELLOW}━{YELLOW:#} {} {}",
                terminal(&cause.kind),
                span(cause)
            ));
        } else {
            beside = format!(" ({})", terminal(&cause.kind));
        }
    }
    if let Some((_, i)) = incident {
        legend.push(format!(
            "{RED}▲{RED:#} {} {}{beside}",
            terminal(&i.kind),
            hm(i.time)
        ));
    }
    if !legend.is_empty() {
        writeln!(out, "  {}", legend.join("   "))?;
    }
    Ok(())
}

/// A cause's span: `11-24 13:47–14:00`, or one time when it is a moment.
fn span(c: &Cause) -> String {
    let (start, end) = (c.start.to_datetime(), c.end.to_datetime());
    if c.end.secs - c.start.secs < 60 {
        hm(c.start)
    } else if start.date_naive() == end.date_naive() {
        format!("{}–{}", hm(c.start), end.format("%H:%M"))
    } else {
        format!("{}–{}", hm(c.start), hm(c.end))
    }
}

fn heading(out: &mut impl Write, title: &str) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "{BOLD}{title}{BOLD:#}")
}

/// The incident's place in the timeline.
fn incident_row(out: &mut impl Write, i: &Incident) -> io::Result<()> {
    writeln!(
        out,
        "  {RED}{} {:<12} ▲ {}{RED:#}",
        hm(i.time),
        "incident",
        i.kind
    )
}

/// How to write the text report.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// List every file not read with its reason (`--verbose`), instead of a count per reason.
    pub verbose: bool,
}

/// Whether a file of the report was not read at all: nothing came out of it, and the
/// analyzer says why (binary data, a format not recognised, unreadable, older than the
/// window). Such files are counted with the skipped paths.
fn not_read(s: &analyzer::SourceSummary) -> bool {
    s.lines == 0 && s.parsed == 0 && (s.error.is_some() || s.note.is_some())
}

/// Every path not read, with why: the skipped paths and the files that gave nothing, by path.
fn paths_not_read(report: &Report) -> Vec<(&str, &str)> {
    let unread = report
        .sources
        .iter()
        .filter(|s| not_read(s))
        .filter_map(|s| {
            let reason = s.error.as_deref().or(s.note.as_deref())?;
            Some((s.path.as_str(), reason))
        });
    let skipped = report
        .skipped
        .iter()
        .map(|s| (s.path.as_str(), s.reason.as_str()));
    let mut paths: Vec<(&str, &str)> = skipped.chain(unread).collect();
    paths.sort_unstable();
    paths
}

/// The reasons paths were not read, each with how many: the most frequent first.
fn reasons_not_read<'a>(paths: &[(&str, &'a str)]) -> Vec<(&'a str, usize)> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for (_, reason) in paths {
        *counts.entry(reason).or_default() += 1;
    }
    let mut reasons: Vec<(&str, usize)> = counts.into_iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    reasons
}

/// Writes the text report.
pub fn render(out: &mut impl Write, report: &Report, options: &Options) -> io::Result<()> {
    writeln!(
        out,
        "{BOLD}postmortem{BOLD:#} — window {} → {} ({})",
        when(report.window.start),
        when(report.window.end),
        report.zone
    )?;
    // Before the verdict, which they may make wrong.
    for w in &report.warnings {
        let line = format!("warning: {}.", terminal(&w.summary));
        writeln!(out, "  {YELLOW}{}{YELLOW:#}", wrap(&line, 2, 2))?;
    }

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

    activity(out, report)?;

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
    let mut incident = report.incident.as_ref();
    for entry in &report.timeline[report.timeline.len() - shown..] {
        if let Some(i) = incident.filter(|i| entry.time >= i.time) {
            incident_row(out, i)?;
            incident = None;
        }
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
            terminal(&entry.source),
            wrap(&text, 27, 27)
        )?;
    }
    if let Some(i) = incident {
        incident_row(out, i)?;
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
    let dir = common_dir(report.sources.iter().map(|s| s.path.as_str()));
    let under = if dir.is_empty() {
        String::new()
    } else {
        format!(" in {}", terminal(dir))
    };
    // Files that gave nothing, and why, are counted with the skipped paths.
    let not_read_paths = paths_not_read(report);
    let skipped = match not_read_paths.len() {
        0 => "none skipped".to_string(),
        n => format!("{} skipped", thousands(n as u64)),
    };
    let unread = report.sources.iter().filter(|s| not_read(s)).count();
    let read = report.sources.len() - unread;
    let files = if read == 1 { "file" } else { "files" };
    let line = format!("{} {files}{under}, {skipped}", thousands(read as u64));
    writeln!(out, "  {}", wrap(&line, 2, 4))?;
    writeln!(
        out,
        "  {} lines: {} parsed, {} unparsed",
        thousands(lines),
        thousands(parsed),
        thousands(unparsed)
    )?;
    if let Some(d) = &report.dropped {
        let mut kept = Vec::new();
        if d.notables > 0 {
            kept.push(format!(
                "kept the latest 25,000 notable events of each kind ({} older dropped)",
                thousands(d.notables)
            ));
        }
        if d.client_lines > 0 {
            kept.push(format!(
                "tracked 250,000 clients ({} lines of others not tracked)",
                thousands(d.client_lines)
            ));
        }
        for line in kept {
            writeln!(out, "  {YELLOW}{}{YELLOW:#}", wrap(&line, 2, 4))?;
        }
    }
    for s in report.sources.iter().filter(|s| !not_read(s)) {
        let format = s.format.map_or("unknown", |f| f.as_str());
        // The end of a path names the file: cut from the left.
        let path = terminal(&s.path[dir.len()..]);
        let len = path.chars().count();
        let path = if len > 32 {
            let tail: String = path.chars().skip(len - 31).collect();
            format!("…{tail}")
        } else {
            path
        };
        let unparsed = if s.unparsed > 0 {
            format!("{YELLOW}{:>6} unparsed{YELLOW:#}", thousands(s.unparsed))
        } else {
            format!("{DIM}{:>6} unparsed{DIM:#}", 0)
        };
        writeln!(
            out,
            "  {path:<32} {format:<12} {:>9} lines {unparsed}",
            thousands(s.lines)
        )?;
        for note in [&s.error, &s.note].into_iter().flatten() {
            writeln!(out, "    {YELLOW}{}{YELLOW:#}", wrap(&terminal(note), 4, 4))?;
        }
    }
    if options.verbose {
        for (path, reason) in &not_read_paths {
            let line = format!("skipped {}: {}", terminal(path), terminal(reason));
            writeln!(out, "  {DIM}{}{DIM:#}", wrap(&line, 2, 4))?;
        }
        return Ok(());
    }
    // A real /var/log has hundreds of binary files: one line per reason, not per file.
    let reasons = reasons_not_read(&not_read_paths);
    for (reason, n) in &reasons {
        let files = if *n == 1 { "file" } else { "files" };
        let line = format!(
            "skipped {} {files}: {}",
            thousands(*n as u64),
            terminal(reason)
        );
        writeln!(out, "  {DIM}{}{DIM:#}", wrap(&line, 2, 4))?;
    }
    if !reasons.is_empty() {
        writeln!(out, "  {DIM}(--verbose lists them){DIM:#}")?;
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

    #[test]
    fn wrap_cuts_a_word_longer_than_a_line() {
        let text = format!("agent {} end", "x".repeat(200));
        let wrapped = wrap(&text, 5, 5);
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines.len() >= 3, "{wrapped}");
        for (i, line) in lines.iter().enumerate() {
            // The first line is written after a 5-column prefix; the others carry their indent.
            let width = line.chars().count() + if i == 0 { 5 } else { 0 };
            assert!(width <= WIDTH, "{width}: {line}");
        }
        let joined: String = wrapped.split_whitespace().collect();
        assert_eq!(joined, text.split_whitespace().collect::<String>());
    }

    #[test]
    fn fold_breaks_at_spaces_and_keeps_every_character() {
        let text = "2026-11-24T13:47:03 web01 postfix/pickup[968626]: 0E77179954: uid=33 from=<www-data@example.com>";
        let rows = fold(text, 40);
        assert!(rows.iter().all(|r| r.chars().count() <= 40), "{rows:?}");
        assert_eq!(rows[0], "2026-11-24T13:47:03 web01");
        assert_eq!(rows.join(" "), text);
        // No space in the second half of the row: cut in the word.
        assert_eq!(fold("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(2_804), "2,804");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn sparkline_marks() {
        assert_eq!(
            spark_marks(&[0, 1, 4, 8, 100])
                .into_iter()
                .collect::<String>(),
            " ▁▁▁█"
        );
        assert_eq!(
            spark_marks(&[0, 1, 2, 3, 4, 5, 6, 7, 8])
                .into_iter()
                .collect::<String>(),
            " ▁▂▃▄▅▆▇█"
        );
        assert_eq!(spark_marks(&[0, 0]).into_iter().collect::<String>(), "  ");
        assert_eq!(downsample(&[1, 2, 3, 4, 5], 2), [3, 7, 5]);
    }

    #[test]
    fn common_dir_of_paths() {
        let paths = ["logs/mail.log", "logs/nginx/access.log", "logs/mail.log.1"];
        assert_eq!(common_dir(paths.into_iter()), "logs/");
        assert_eq!(common_dir(["a/b/x", "a/bc/y"].into_iter()), "a/");
        assert_eq!(common_dir(["mail.log", "x/y"].into_iter()), "");
        assert_eq!(common_dir(std::iter::empty()), "");
    }

    #[test]
    fn durations_and_tick_intervals() {
        assert_eq!(duration(300), "5 min");
        assert_eq!(duration(1800), "30 min");
        assert_eq!(duration(7200), "2 h");
        assert_eq!(duration(5400), "1 h 30 min");
        assert_eq!(tick_interval(4 * 3600), 6 * 3600);
        assert_eq!(tick_interval(60), 3600);
        assert_eq!(tick_interval(10 * 86_400), 11 * 86_400);
    }

    fn report(zone: &str, start: i64, end: i64, offset_secs: i32) -> Report {
        let t = |secs| Timestamp {
            secs,
            nanos: 0,
            offset_secs,
        };
        Report {
            schema: analyzer::SCHEMA,
            window: analyzer::Window {
                start: t(start),
                end: t(end),
            },
            incident: None,
            causes: Vec::new(),
            chain: Vec::new(),
            timeline: Vec::new(),
            sources: Vec::new(),
            skipped: Vec::new(),
            client: None,
            zone: zone.to_string(),
            warnings: Vec::new(),
            dropped: None,
            series: analyzer::Series {
                start: t(start),
                step_secs: 300,
                signals: Vec::new(),
            },
        }
    }

    fn source(path: &str, lines: u64, error: Option<&str>) -> analyzer::SourceSummary {
        analyzer::SourceSummary {
            path: path.to_string(),
            format: (lines > 0).then_some(logparse::Format::Syslog),
            lines,
            parsed: lines,
            unparsed: 0,
            first: None,
            last: None,
            compression: None,
            error: error.map(str::to_string),
            note: None,
        }
    }

    /// The READ section of `report`, without styles.
    fn read_section(report: &Report, verbose: bool) -> String {
        let mut out = Vec::new();
        render(
            &mut anstream::StripStream::new(&mut out),
            report,
            &Options { verbose },
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        text[text.find("\nREAD\n").expect("a READ section")..].to_string()
    }

    #[test]
    fn what_was_dropped_to_bound_memory_is_said() {
        let start = 1_795_000_000;
        let mut r = report("UTC", start, start + 86_400, 0);
        assert!(!read_section(&r, false).contains("dropped"));
        r.dropped = Some(analyzer::Dropped {
            notables: 1_077_080,
            client_lines: 0,
        });
        let text = read_section(&r, false);
        assert!(
            text.contains(
                "kept the latest 25,000 notable events of each kind (1,077,080 older dropped)"
            ),
            "{text}"
        );
        assert!(!text.contains("clients"), "{text}");
        r.dropped = Some(analyzer::Dropped {
            notables: 0,
            client_lines: 42,
        });
        let text = read_section(&r, false);
        assert!(text.contains("(42 lines of others not tracked)"), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    }

    #[test]
    fn files_not_read_are_counted_per_reason_unless_verbose() {
        let start = 1_795_000_000;
        let mut report = report("UTC", start, start + 86_400, 0);
        let binary = "binary data, not a text log";
        report.sources = vec![
            source("/var/log/syslog", 12, None),
            source("/var/log/a.bin", 0, Some(binary)),
            source("/var/log/b.bin", 0, Some(binary)),
            source("/var/log/c.bin", 0, Some(binary)),
            // Read in part: a row of its own with its error, in both modes.
            source(
                "/var/log/mail.log.2.gz",
                40,
                Some("read stopped after line 40"),
            ),
        ];
        report.skipped = ["/var/log/wtmp", "/var/log/lastlog"]
            .into_iter()
            .map(|path| analyzer::SkippedFile {
                path: path.to_string(),
                reason: "binary database, not a text log".to_string(),
            })
            .collect();

        let text = read_section(&report, false);
        assert!(
            text.contains("  2 files in /var/log/, 5 skipped\n"),
            "{text}"
        );
        assert!(text.contains("\n  skipped 3 files: binary data, not a text log\n  skipped 2 files: binary database, not a text log\n  (--verbose lists them)\n"), "{text}");
        assert!(text.contains("\n  syslog "), "{text}");
        assert!(
            text.contains("\n    read stopped after line 40\n"),
            "{text}"
        );
        for name in ["a.bin", "b.bin", "c.bin", "wtmp", "lastlog"] {
            assert!(!text.contains(name), "{name} listed: {text}");
        }

        let text = read_section(&report, true);
        assert!(
            text.contains("  2 files in /var/log/, 5 skipped\n"),
            "{text}"
        );
        assert!(
            text.contains("\n    read stopped after line 40\n"),
            "{text}"
        );
        assert!(text.contains("\n  skipped /var/log/a.bin: binary data, not a text log\n  skipped /var/log/b.bin: binary data, not a text log\n  skipped /var/log/c.bin: binary data, not a text log\n  skipped /var/log/lastlog: binary database, not a text log\n  skipped /var/log/wtmp: binary database, not a text log\n"), "{text}");
        assert!(!text.contains("--verbose"), "{text}");
        for line in text.lines() {
            assert!(line.chars().count() <= WIDTH, "{line}");
        }
    }

    #[test]
    fn nothing_skipped_says_so_in_both_modes() {
        let start = 1_795_000_000;
        let mut report = report("UTC", start, start + 86_400, 0);
        report.sources = vec![source("logs/syslog", 1, None)];
        for verbose in [false, true] {
            let text = read_section(&report, verbose);
            assert!(text.contains("  1 file in logs/, none skipped\n"), "{text}");
            assert!(!text.contains("skipped "), "{text}");
            assert!(!text.contains("--verbose"), "{text}");
        }
    }

    #[test]
    fn ticks_stay_on_the_hour_across_a_dst_change() {
        // Europe/Berlin leaves summer time at 2026-10-25 01:00 UTC (03:00 → 02:00 local).
        let start = 1_792_843_200; // 2026-10-24 12:00 UTC
        let report = report("Europe/Berlin", start, start + 86_400, 7200);
        let ticks = ticks(&report, start, start + 86_400, 3 * 3600);
        assert!(ticks.len() >= 7, "{ticks:?}");
        for t in ticks {
            let local = local(&report, t);
            assert_eq!((local.hour() % 3, local.minute()), (0, 0), "{local}");
        }
        // Local midnight (22:00 UTC, in summer time) is labelled with the date.
        assert_eq!(tick_label(&report, 1_792_879_200), "10-25");
        // Three hours later by the clock: 02:00 UTC is 03:00 in winter time.
        assert_eq!(tick_label(&report, 1_792_879_200 + 4 * 3600), "03:00");
    }

    #[test]
    fn activity_rows_fit_80_columns() {
        let start = 1_795_000_000;
        let mut report = report("+09:00", start, start + 86_400, 9 * 3600);
        let steps = (86_400 + 3 * 3600) / 300;
        report.series.signals = [
            "http_requests",
            "http_5xx",
            "mail_queued",
            "auth_failures",
            "f2b_bans",
        ]
        .into_iter()
        .map(|name| analyzer::SeriesRow {
            name,
            values: (0..steps).map(|i| (i * 7919 % 1000) as u64).collect(),
        })
        .collect();
        let mut out = Vec::new();
        activity(&mut anstream::StripStream::new(&mut out), &report).unwrap();
        let text = String::from_utf8(out).unwrap();
        let rows = text.lines().filter(|l| l.contains('█')).count();
        assert_eq!(rows, 5, "{text}");
        for line in text.lines() {
            assert!(line.chars().count() <= WIDTH, "{line}");
        }
    }
}
