//! The HTML report: one self-contained file (no scripts, fonts or network; the CSP forbids
//! them), every piece of log text escaped. The verdict comes first, then the causes with their
//! proof, charts of the signals (inline SVG) with the incident and the causes marked, the
//! timeline and what was read.

use std::fmt::Write as _;

use analyzer::{Cause, Evidence, Report, SeriesRow};
use logparse::Timestamp;

use crate::escape::html;
use crate::text::{common_dir, duration, local, thousands, tick_interval, tick_label, ticks};

/// Colours of the causes, by rank (the root cause first); the incident is always red.
const CAUSE_COLOURS: [&str; 6] = [
    "#e67e22", "#8e44ad", "#16a085", "#2e86c1", "#7f8c8d", "#b7950b",
];

const STYLE: &str = "\
:root{--fg:#1d2330;--muted:#5d6678;--line:#e3e6ec;--bg:#fff;--panel:#f6f7f9;--bar:#4a6fa5;\
--inc:#c0392b;--code:#f3f4f6;--link:#1f5fa8}\
@media (prefers-color-scheme:dark){:root{--fg:#e6e8ec;--muted:#9aa3b2;--line:#343a46;--bg:#16191f;\
--panel:#1e222a;--bar:#7ea3d8;--inc:#ff6b5b;--code:#232833;--link:#8fb8ef}}\
*{box-sizing:border-box}\
body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\
color:var(--fg);background:var(--bg);max-width:1120px;margin:0 auto;padding:1.2em 1.5em 3em}\
header{display:flex;align-items:baseline;gap:1em;flex-wrap:wrap;border-bottom:1px solid var(--line);\
padding-bottom:.5em}\
header .brand{font-weight:700;font-size:1.25em;letter-spacing:.02em}\
header .meta{color:var(--muted);font-size:.9em}\
h2{font-size:1.15em;margin:1.8em 0 .6em;padding-bottom:.25em;border-bottom:1px solid var(--line)}\
h2 small{font-weight:400;color:var(--muted);font-size:.8em;margin-left:.5em}\
.verdict{margin-top:1.2em;background:var(--panel);border-left:6px solid var(--inc);border-radius:6px;\
padding:1em 1.3em}\
.verdict.none{border-left-color:var(--muted)}\
.verdict .tag{text-transform:uppercase;font-size:.75em;letter-spacing:.08em;color:var(--muted);\
font-weight:600}\
.verdict h1{margin:.1em 0 .3em;font-size:1.6em;line-height:1.25}\
.verdict h1 .kind{color:var(--inc)}\
.verdict h1 time{font-weight:400;color:var(--muted);font-size:.75em;margin-left:.4em}\
.verdict .summary{font-size:1.08em;margin:.2em 0 .8em}\
.root{margin:.6em 0}\
.root b{font-size:1.05em}\
.chain{display:flex;flex-wrap:wrap;align-items:center;gap:.4em;list-style:none;padding:0;margin:.9em 0 .3em}\
.chain li{padding:.2em .75em;border-radius:999px;font-weight:600;font-size:.95em;color:#fff}\
.chain .arrow{background:none;color:var(--muted);padding:0;font-size:1.3em;font-weight:400}\
.chain .incident{background:var(--inc)}\
.client{margin:.6em 0 0}\
.warning{margin-top:1.2em;background:var(--panel);border-left:6px solid #d4a017;border-radius:6px;\
padding:.6em 1.3em}\
.warning .tag{text-transform:uppercase;font-size:.75em;letter-spacing:.08em;color:#9a7300;font-weight:600}\
details{margin-top:.6em}summary{cursor:pointer;color:var(--link)}\
.causes{list-style:none;padding:0;margin:0}\
.cause{border:1px solid var(--line);border-left:6px solid var(--c);border-radius:6px;padding:.7em 1em;\
margin:.7em 0}\
.cause .head{display:flex;align-items:center;gap:.7em;flex-wrap:wrap}\
.cause .rank{display:inline-block;min-width:1.6em;text-align:center;border-radius:4px;\
background:var(--c);color:#fff;font-weight:700}\
.cause .kind{font-weight:700;font-size:1.05em}\
.meter{display:inline-block;width:90px;height:8px;background:var(--line);border-radius:4px;overflow:hidden}\
.meter span{display:block;height:100%;background:var(--c)}\
.conf,.span{color:var(--muted);font-size:.9em}\
.cause p{margin:.4em 0}\
.ev{list-style:none;padding:0;margin:.4em 0 0}\
.ev li{margin:.25em 0;display:flex;gap:.6em;align-items:baseline}\
.loc{color:var(--link);font:12.5px/1.4 ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace;\
white-space:nowrap}\
code{font:12.5px/1.4 ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace;white-space:pre-wrap;\
word-break:break-all;background:var(--code);padding:2px 5px;border-radius:3px}\
.legend{display:flex;flex-wrap:wrap;gap:.4em 1.4em;color:var(--muted);font-size:.9em;margin:.2em 0 .8em}\
.legend .sw{display:inline-block;width:14px;height:12px;vertical-align:-1px;margin-right:.35em;\
border-radius:2px}\
.legend .line{display:inline-block;width:3px;height:14px;vertical-align:-2px;margin-right:.45em;\
background:var(--inc)}\
.chart{margin:.1em 0 .5em}\
.chart .title{display:flex;gap:.8em;align-items:baseline;font-size:.92em}\
.chart .title b{font-weight:600}\
.chart .title span{color:var(--muted);font-size:.92em}\
.chart.quiet{opacity:.55}\
.chart svg{display:block;width:100%;height:auto}\
svg text{font:11px system-ui,sans-serif;fill:var(--muted)}\
svg .plot{fill:var(--panel)}\
svg .grid{stroke:var(--line);stroke-width:1}\
svg .bars rect{fill:var(--bar)}\
svg .incident{stroke:var(--inc);stroke-width:2}\
svg text.incident-label{fill:var(--inc);font-weight:600;stroke:var(--bg);stroke-width:3px;\
paint-order:stroke}\
svg .zoom{fill:none;stroke:var(--muted);stroke-width:1;stroke-dasharray:3 2}\
.legend .sw.zoom{border:1px dashed var(--muted);background:none}\
.legend .line.dashed{background:none;border-left:2px dashed var(--muted)}\
svg .window-end{stroke:var(--muted);stroke-width:1.5;stroke-dasharray:4 3}\
table{border-collapse:collapse;width:100%;font-size:.9em}\
th{text-align:left;color:var(--muted);font-weight:600;border-bottom:2px solid var(--line);padding:4px 8px}\
td{border-bottom:1px solid var(--line);padding:4px 8px;vertical-align:top}\
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\
td.t{white-space:nowrap;font-variant-numeric:tabular-nums}\
td.src{color:var(--muted);white-space:nowrap}\
tr.burst td{font-weight:600}\
tr.incident td{color:var(--inc);font-weight:700;border-top:2px solid var(--inc)}\
tr.warn td{background:rgba(230,126,34,.12)}\
td.path{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace;font-size:.92em}\
footer{margin-top:2.5em;color:var(--muted);font-size:.82em}";

/// `2026-11-24 14:01:07`, in the offset the time is shown in (the report's zone).
fn when(t: Timestamp) -> String {
    t.to_datetime().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// `11-24 14:01`.
fn hm(t: Timestamp) -> String {
    t.to_datetime().format("%m-%d %H:%M").to_string()
}

/// A cause's span: `11-24 13:47 – 14:00`, or one time when it is a moment.
fn span(c: &Cause) -> String {
    if c.end.secs - c.start.secs < 60 {
        hm(c.start)
    } else if c.start.to_datetime().date_naive() == c.end.to_datetime().date_naive() {
        format!("{} – {}", hm(c.start), c.end.to_datetime().format("%H:%M"))
    } else {
        format!("{} – {}", hm(c.start), hm(c.end))
    }
}

fn colour(rank: usize) -> &'static str {
    CAUSE_COLOURS[rank % CAUSE_COLOURS.len()]
}

/// What a signal counts, for chart titles.
fn signal_title(name: &str) -> String {
    match name {
        "http_requests" => "Web requests".into(),
        "http_5xx" => "Web server errors (5xx)".into(),
        "http_502_504" => "Gateway errors (502/503/504)".into(),
        "mail_queued" => "Mails queued".into(),
        "mail_deferred" => "Mails deferred".into(),
        "sasl_failures" => "SMTP login failures (SASL)".into(),
        "auth_failures" => "Other login failures (IMAP/POP3, ssh)".into(),
        "f2b_bans" => "Fail2Ban bans".into(),
        "db_errors" => "Database errors".into(),
        other => html(other),
    }
}

fn evidence_item(out: &mut String, e: &Evidence) {
    let _ = write!(
        out,
        "<li><span class=\"loc\" title=\"{}\">{}:{}</span><code>{}</code></li>",
        html(&e.file),
        html(e.file.rsplit('/').next().unwrap_or(&e.file)),
        e.line,
        html(&e.text)
    );
}

/// The lines that back a claim: the first `shown`, the rest behind a disclosure.
fn evidence_list(out: &mut String, evidence: &[Evidence], shown: usize) {
    if evidence.is_empty() {
        return;
    }
    out.push_str("<ul class=\"ev\">");
    for e in evidence.iter().take(shown) {
        evidence_item(out, e);
    }
    out.push_str("</ul>");
    if evidence.len() > shown {
        let more = evidence.len() - shown;
        let _ = write!(
            out,
            "<details><summary>{more} more line{}</summary><ul class=\"ev\">",
            if more == 1 { "" } else { "s" }
        );
        for e in &evidence[shown..] {
            evidence_item(out, e);
        }
        out.push_str("</ul></details>");
    }
}

fn verdict(out: &mut String, report: &Report) {
    match &report.incident {
        Some(i) => {
            let _ = write!(
                out,
                "<section class=\"verdict\"><div class=\"tag\">Incident</div>\
<h1><span class=\"kind\">{}</span><time>{}</time></h1><p class=\"summary\">{}</p>",
                html(&i.kind),
                when(i.time),
                capitalized(&html(&i.summary))
            );
            if let Some(root) = report.causes.first() {
                let _ = write!(
                    out,
                    "<div class=\"root\"><span class=\"tag\">Root cause</span><br>\
<b style=\"color:{}\">{}</b> — {}</div>",
                    colour(0),
                    html(&root.kind),
                    html(&root.summary)
                );
            }
        }
        None => out.push_str(
            "<section class=\"verdict none\"><div class=\"tag\">Verdict</div>\
<h1>No outage found</h1><p class=\"summary\">The logs show no outage; the window ends where \
the logs end. The causes below are what stood out.</p>",
        ),
    }
    if !report.chain.is_empty() {
        out.push_str("<ol class=\"chain\" aria-label=\"causal chain\">");
        let last = report.chain.len() - 1;
        for (i, kind) in report.chain.iter().enumerate() {
            if i > 0 {
                out.push_str("<li class=\"arrow\" aria-hidden=\"true\">→</li>");
            }
            if i == last && report.incident.is_some() {
                let _ = write!(out, "<li class=\"incident\">{}</li>", html(kind));
            } else {
                let rank = report
                    .causes
                    .iter()
                    .position(|c| &c.kind == kind)
                    .unwrap_or(i);
                let _ = write!(
                    out,
                    "<li style=\"background:{}\">{}</li>",
                    colour(rank),
                    html(kind)
                );
            }
        }
        out.push_str("</ol>");
    }
    if let Some(c) = &report.client {
        let _ = write!(
            out,
            "<p class=\"client\"><span class=\"tag\">Client {}</span><br>{}</p>",
            html(&c.ip),
            capitalized(&html(&c.summary))
        );
    }
    if let Some(i) = report.incident.as_ref().filter(|i| !i.evidence.is_empty()) {
        let _ = write!(
            out,
            "<details><summary>The {} log lines that show the incident</summary>",
            i.evidence.len()
        );
        evidence_list(out, &i.evidence, usize::MAX);
        out.push_str("</details>");
    }
    out.push_str("</section>");
}

/// The first letter in upper case (summaries are written to follow a colon), unless the first
/// word is a name (`mariadb.service`, `php-fpm`, `uid`-like tokens stay as written).
fn capitalized(text: &str) -> String {
    let first_word = text.split(' ').next().unwrap_or("");
    if !first_word
        .chars()
        .all(|c| c.is_ascii_lowercase() || c == '\'')
    {
        return text.to_string();
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn causes(out: &mut String, report: &Report) {
    out.push_str("<h2>Causes<small>ranked, most likely first</small></h2>");
    if report.causes.is_empty() {
        out.push_str("<p>Nothing unusual found in the window.</p>");
        return;
    }
    out.push_str("<ol class=\"causes\">");
    for (rank, c) in report.causes.iter().enumerate() {
        let percent = (c.confidence.clamp(0.0, 1.0) * 100.0).round();
        let _ = write!(
            out,
            "<li class=\"cause\" style=\"--c:{}\"><div class=\"head\"><span class=\"rank\">{}</span>\
<span class=\"kind\">{}</span><span class=\"meter\" title=\"confidence {:.2}\">\
<span style=\"width:{percent}%\"></span></span><span class=\"conf\">confidence {:.2}</span>\
<span class=\"span\">{}</span></div><p>{}</p>",
            colour(rank),
            rank + 1,
            html(&c.kind),
            c.confidence,
            c.confidence,
            span(c),
            capitalized(&html(&c.summary))
        );
        evidence_list(out, &c.evidence, 3);
        out.push_str("</li>");
    }
    out.push_str("</ol>");
}

/// One panel of a chart: a span of time drawn between two x positions. Every chart has the
/// same panels, so the charts line up: the whole series and, when the story is in a small part
/// of it, the hours around the incident in detail.
struct Panel {
    t0: i64,
    t1: i64,
    x0: f64,
    x1: f64,
    ticks: Vec<(i64, String)>,
}

impl Panel {
    /// A panel with a time label about every `spacing` pixels.
    fn new(report: &Report, (t0, t1): (i64, i64), (x0, x1): (f64, f64), spacing: f64) -> Panel {
        let labels = ((x1 - x0) / spacing).max(2.0) as i64;
        let interval = tick_interval((t1 - t0) / labels);
        let mut panel = Panel {
            t0,
            t1,
            x0,
            x1,
            ticks: Vec::new(),
        };
        // A label too near an edge would be cut.
        panel.ticks = ticks(report, t0, t1, interval)
            .into_iter()
            .filter(|&t| panel.x(t) >= x0 + 16.0 && panel.x(t) <= x1 - 16.0)
            .map(|t| (t, tick_label(report, t)))
            .collect();
        panel
    }

    fn x(&self, secs: i64) -> f64 {
        let span = (self.t1 - self.t0).max(1) as f64;
        let clamped = secs.clamp(self.t0, self.t1);
        self.x0 + (clamped - self.t0) as f64 / span * (self.x1 - self.x0)
    }
}

/// The layout of every chart.
struct Frame {
    start: i64,
    step: i64,
    panels: Vec<Panel>,
}

const W: f64 = 1080.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 10.0;
const GAP: f64 = 26.0;
const TOP: f64 = 8.0;
const PLOT_H: f64 = 66.0;
const AXIS_H: f64 = 18.0;

impl Frame {
    fn new(report: &Report, steps: usize) -> Frame {
        let series = &report.series;
        let step = series.step_secs;
        let start = series.start.secs;
        let end = start + step * i64::try_from(steps).unwrap_or(0);
        let focus = report
            .incident
            .as_ref()
            .map_or(report.window.end.secs, |i| i.time.secs);
        // The detail: two hours before the incident (or from just before the root cause, if
        // it began earlier) to the end of the series, on whole steps.
        let mut from = focus - 2 * 3600;
        if let Some(root) = report.causes.first() {
            from = from.min(root.start.secs - 1800);
        }
        let from = start + (from.max(start) - start) / step * step;
        let detail = end - from <= (end - start) * 2 / 5 && end - from >= 6 * step;
        let panels = if detail {
            let split = LEFT + (W - LEFT - RIGHT - GAP) * 0.64;
            vec![
                Panel::new(report, (start, end), (LEFT, split), 100.0),
                Panel::new(report, (from, end), (split + GAP, W - RIGHT), 60.0),
            ]
        } else {
            vec![Panel::new(report, (start, end), (LEFT, W - RIGHT), 90.0)]
        };
        Frame {
            start,
            step,
            panels,
        }
    }
}

fn chart(out: &mut String, report: &Report, frame: &Frame, row: &SeriesRow, first: bool) {
    let max = row.values.iter().copied().max().unwrap_or(0);
    let total: u64 = row.values.iter().sum();
    let title = signal_title(row.name);
    let step_text = duration(frame.step);
    let stats = if max == 0 {
        "none".to_string()
    } else {
        let peak_at = row.values.iter().position(|&v| v == max).unwrap_or(0);
        let peak_secs = frame.start + frame.step * i64::try_from(peak_at).unwrap_or(0);
        format!(
            "peak {} in {step_text} at {} · {} in all",
            thousands(max),
            local(report, peak_secs).format("%m-%d %H:%M"),
            thousands(total)
        )
    };
    let _ = write!(
        out,
        "<div class=\"chart{}\"><div class=\"title\"><b>{title}</b><span>{stats}</span></div>",
        if max == 0 { " quiet" } else { "" }
    );
    let height = TOP + PLOT_H + AXIS_H;
    let bottom = TOP + PLOT_H;
    let _ = write!(
        out,
        "<svg viewBox=\"0 0 {W} {height}\" role=\"img\" aria-label=\"{title} per {step_text}\" \
data-signal=\"{}\"><title>{title} per {step_text}</title>",
        html(row.name)
    );
    let last = frame.panels.len() - 1;
    for (n, p) in frame.panels.iter().enumerate() {
        let _ = write!(
            out,
            "<rect class=\"plot\" x=\"{:.1}\" y=\"{TOP}\" width=\"{:.1}\" height=\"{PLOT_H}\"/>",
            p.x0,
            p.x1 - p.x0
        );
        // Time grid and labels.
        for (t, label) in &p.ticks {
            let x = p.x(*t);
            let _ = write!(
                out,
                "<line class=\"grid\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{TOP}\" y2=\"{bottom}\"/>\
<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{label}</text>",
                bottom + 13.0
            );
        }
        // Where the detail is, on the whole-series panel.
        if n == 0 && last > 0 {
            let d = &frame.panels[last];
            let (x0, x1) = (p.x(d.t0), p.x(d.t1));
            let _ = write!(
                out,
                "<rect class=\"zoom\" x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>",
                TOP - 3.0,
                x1 - x0,
                PLOT_H + 3.0
            );
        }
        // The causes' spans, shaded; a moment gets a narrow band.
        for (rank, c) in report.causes.iter().enumerate().rev() {
            if c.end.secs < p.t0 || c.start.secs > p.t1 {
                continue;
            }
            let (x0, x1) = (p.x(c.start.secs), p.x(c.end.secs));
            let w = (x1 - x0).max(3.0);
            let _ = write!(
                out,
                "<rect class=\"cause\" x=\"{:.1}\" y=\"{TOP}\" width=\"{w:.1}\" height=\"{PLOT_H}\" \
fill=\"{}\" fill-opacity=\"0.3\"><title>{} {}</title></rect>",
                (x1.min(x0 + w) - w).max(p.x0),
                colour(rank),
                html(&c.kind),
                span(c)
            );
        }
        // The bars: one per step, the busiest full height.
        if max > 0 {
            out.push_str("<g class=\"bars\">");
            let bar_w = p.x(p.t0 + frame.step) - p.x(p.t0);
            let gap = if bar_w > 3.0 { 0.8 } else { 0.0 };
            for (i, &v) in row.values.iter().enumerate() {
                let t = frame.start + frame.step * i64::try_from(i).unwrap_or(0);
                if v == 0 || t < p.t0 || t >= p.t1 {
                    continue;
                }
                let h = (v as f64 / max as f64 * PLOT_H).max(1.5);
                let _ = write!(
                    out,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.2}\" height=\"{h:.1}\">\
<title>{} {}</title></rect>",
                    p.x(t),
                    bottom - h,
                    (bar_w - gap).max(0.8),
                    local(report, t).format("%m-%d %H:%M"),
                    thousands(v)
                );
            }
            out.push_str("</g>");
        }
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{bottom}\" y2=\"{bottom}\"/>",
            p.x0, p.x1
        );
        // The incident, or the end of the window when there is none.
        match &report.incident {
            Some(i) if i.time.secs >= p.t0 && i.time.secs <= p.t1 => {
                let x = p.x(i.time.secs);
                let _ = write!(
                    out,
                    "<line class=\"incident\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{bottom}\">\
<title>{} at {}</title></line>",
                    TOP - 4.0,
                    html(&i.kind),
                    when(i.time)
                );
                if first && n == last {
                    let _ = write!(
                        out,
                        "<text class=\"incident-label\" x=\"{:.1}\" y=\"{:.1}\">{} {}</text>",
                        x + 5.0,
                        TOP + 11.0,
                        html(&i.kind),
                        i.time.to_datetime().format("%H:%M")
                    );
                }
            }
            Some(_) => {}
            None => {
                let x = p.x(report.window.end.secs);
                let _ = write!(
                    out,
                    "<line class=\"window-end\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{TOP}\" y2=\"{bottom}\">\
<title>end of the window</title></line>"
                );
            }
        }
    }
    // The value axis: 0 and the peak.
    if max > 0 {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            LEFT - 6.0,
            TOP + 9.0,
            thousands(max),
        );
    }
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{bottom}\" text-anchor=\"end\">0</text>",
        LEFT - 6.0
    );
    out.push_str("</svg></div>");
}

fn activity(out: &mut String, report: &Report) {
    let series = &report.series;
    let steps = series
        .signals
        .iter()
        .map(|s| s.values.len())
        .max()
        .unwrap_or(0);
    if steps == 0 || series.step_secs <= 0 {
        return;
    }
    let frame = Frame::new(report, steps);
    let offset = local(report, report.window.end.secs).format("%:z");
    let _ = write!(
        out,
        "<h2>Activity<small>per {}, over the window and 3 hours after it; times in {} ({offset})</small></h2>",
        duration(series.step_secs),
        html(&report.zone)
    );
    out.push_str("<div class=\"legend\">");
    if let Some(i) = &report.incident {
        let _ = write!(
            out,
            "<span><span class=\"line\"></span>{} at {}</span>",
            html(&i.kind),
            hm(i.time)
        );
    } else {
        out.push_str("<span><span class=\"line dashed\"></span>the end of the window</span>");
    }
    for (rank, c) in report.causes.iter().enumerate() {
        let _ = write!(
            out,
            "<span><span class=\"sw\" style=\"background:{}\"></span>{} {}</span>",
            colour(rank),
            html(&c.kind),
            span(c)
        );
    }
    if let Some(d) = frame.panels.get(1) {
        let _ = write!(
            out,
            "<span><span class=\"sw zoom\"></span>right: {} – {} in detail</span>",
            local(report, d.t0).format("%m-%d %H:%M"),
            local(report, d.t1).format("%H:%M")
        );
    }
    out.push_str("</div>");
    for (i, row) in series.signals.iter().enumerate() {
        chart(out, report, &frame, row, i == 0);
    }
}

fn timeline(out: &mut String, report: &Report) {
    out.push_str(
        "<h2>Timeline</h2><table><thead><tr><th>time</th><th>source</th><th>what</th>\
<th class=\"n\">count</th></tr></thead><tbody>",
    );
    let mut incident_shown = report.incident.is_none();
    for e in &report.timeline {
        if let Some(i) = report.incident.as_ref().filter(|_| !incident_shown) {
            if e.time >= i.time {
                incident_row(out, i);
                incident_shown = true;
            }
        }
        let class = if e.kind.ends_with("_burst") || e.kind == "site_failing" {
            " class=\"burst\""
        } else {
            ""
        };
        let count = if e.count > 1 {
            thousands(e.count)
        } else {
            String::new()
        };
        let _ = write!(
            out,
            "<tr{class}><td class=\"t\">{}</td><td class=\"src\">{}</td><td>{}</td><td class=\"n\">{count}</td></tr>",
            e.time.to_datetime().format("%m-%d %H:%M:%S"),
            html(&e.source),
            capitalized(&html(&e.summary)),
        );
    }
    if let Some(i) = report.incident.as_ref().filter(|_| !incident_shown) {
        incident_row(out, i);
    }
    out.push_str("</tbody></table>");
}

fn incident_row(out: &mut String, i: &analyzer::Incident) {
    let _ = write!(
        out,
        "<tr class=\"incident\"><td class=\"t\">{}</td><td class=\"src\">incident</td><td>{}: {}</td><td></td></tr>",
        i.time.to_datetime().format("%m-%d %H:%M:%S"),
        html(&i.kind),
        html(&i.summary)
    );
}

fn files(out: &mut String, report: &Report) {
    let dir = common_dir(report.sources.iter().map(|s| s.path.as_str()));
    let lines: u64 = report.sources.iter().map(|s| s.lines).sum();
    let _ = write!(
        out,
        "<h2>Files read<small>{} files{}, {} lines</small></h2><table><thead><tr><th>file</th>\
<th>format</th><th class=\"n\">lines</th><th class=\"n\">parsed</th><th class=\"n\">unparsed</th>\
<th>first</th><th>last</th><th>note</th></tr></thead><tbody>",
        report.sources.len(),
        if dir.is_empty() {
            String::new()
        } else {
            format!(" in {}", html(dir))
        },
        thousands(lines)
    );
    for s in &report.sources {
        let note = [s.error.as_deref(), s.note.as_deref(), s.compression]
            .into_iter()
            .flatten()
            .map(html)
            .collect::<Vec<_>>()
            .join("; ");
        let warn = if s.error.is_some() || s.unparsed > 0 {
            " class=\"warn\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<tr{warn}><td class=\"path\">{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
<td class=\"n\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td>{note}</td></tr>",
            html(&s.path[dir.len()..]),
            s.format.map_or("unknown", |f| f.as_str()),
            thousands(s.lines),
            thousands(s.parsed),
            thousands(s.unparsed),
            s.first.map(hm).unwrap_or_default(),
            s.last.map(hm).unwrap_or_default(),
        );
    }
    out.push_str("</tbody></table>");
    if !report.skipped.is_empty() {
        out.push_str("<h2>Skipped</h2><table><tbody>");
        for s in &report.skipped {
            let _ = write!(
                out,
                "<tr><td class=\"path\">{}</td><td>{}</td></tr>",
                html(&s.path),
                html(&s.reason)
            );
        }
        out.push_str("</tbody></table>");
    }
}

/// Renders the report as a standalone HTML page.
pub fn render(report: &Report) -> String {
    let mut out = String::with_capacity(256 * 1024);
    let title = match &report.incident {
        Some(i) => format!("postmortem: {} at {}", html(&i.kind), hm(i.time)),
        None => "postmortem report".to_string(),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"color-scheme\" content=\"light dark\">\
<title>{title}</title><style>{STYLE}</style></head><body>"
    );
    let _ = write!(
        out,
        "<header><span class=\"brand\">postmortem</span><span class=\"meta\">window {} → {} · {}</span></header>",
        when(report.window.start),
        when(report.window.end),
        html(&report.zone)
    );
    for w in &report.warnings {
        let _ = write!(
            out,
            "<p class=\"warning\" role=\"alert\"><span class=\"tag\">Warning</span><br>{}.</p>",
            capitalized(&html(&w.summary))
        );
    }
    verdict(&mut out, report);
    causes(&mut out, report);
    activity(&mut out, report);
    timeline(&mut out, report);
    files(&mut out, report);
    let _ = writeln!(
        out,
        "<footer>Written by postmortem {} · schema {} · times in {}</footer></body></html>",
        env!("CARGO_PKG_VERSION"),
        report.schema,
        html(&report.zone)
    );
    out
}
