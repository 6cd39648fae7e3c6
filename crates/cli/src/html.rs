//! The HTML report: one self-contained file (no scripts, fonts or network), every piece of
//! log text escaped.

use std::fmt::Write as _;

use analyzer::{Evidence, Report};

use crate::escape::html;

fn evidence_list(out: &mut String, evidence: &[Evidence]) {
    if evidence.is_empty() {
        return;
    }
    out.push_str("<ul class=\"ev\">");
    for e in evidence {
        let _ = write!(
            out,
            "<li><span class=\"loc\">{}:{}</span><code>{}</code></li>",
            html(&e.file),
            e.line,
            html(&e.text)
        );
    }
    out.push_str("</ul>");
}

/// Renders the report as a standalone HTML page.
pub fn render(report: &Report) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<title>postmortem report</title><style>\
body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\
h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}\
.verdict{background:#fff3f0;border-left:5px solid #c0392b;padding:.8em 1em}\
.chain{font-weight:bold;color:#8e44ad}.conf{color:#666}\
.ev{list-style:none;padding-left:1em}.ev li{margin:.3em 0}\
.loc{color:#2471a3;margin-right:.6em;font-family:monospace}\
code{font-size:.85em;white-space:pre-wrap;word-break:break-all;background:#f6f6f6;padding:1px 3px}\
table{border-collapse:collapse;width:100%;font-size:.9em}td,th{border-bottom:1px solid #eee;padding:3px 6px;text-align:left}\
</style></head><body>",
    );
    let _ = write!(
        out,
        "<h1>postmortem report</h1><p>Window {} → {} ({})</p>",
        report.window.start,
        report.window.end,
        html(&report.zone)
    );
    out.push_str("<div class=\"verdict\">");
    match &report.incident {
        Some(i) => {
            let _ = write!(
                out,
                "<p><strong>{}</strong> at {}: {}</p>",
                html(&i.kind),
                i.time,
                html(&i.summary)
            );
        }
        None => out.push_str("<p>No outage found in the logs.</p>"),
    }
    if !report.chain.is_empty() {
        let _ = write!(
            out,
            "<p class=\"chain\">{}</p>",
            html(&report.chain.join(" → "))
        );
    }
    if let Some(c) = &report.client {
        let _ = write!(out, "<p>{}</p>", html(&c.summary));
    }
    out.push_str("</div><h2>Causes</h2><ol>");
    for c in &report.causes {
        let _ = write!(
            out,
            "<li><strong>{}</strong> <span class=\"conf\">confidence {:.2}, {} – {}</span><p>{}</p>",
            html(&c.kind),
            c.confidence,
            c.start,
            c.end,
            html(&c.summary)
        );
        evidence_list(&mut out, &c.evidence);
        out.push_str("</li>");
    }
    out.push_str("</ol>");
    if let Some(i) = &report.incident {
        out.push_str("<h2>Incident evidence</h2>");
        evidence_list(&mut out, &i.evidence);
    }
    out.push_str(
        "<h2>Timeline</h2><table><tr><th>time</th><th>source</th><th>what</th><th>count</th></tr>",
    );
    for e in &report.timeline {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            e.time,
            html(&e.source),
            html(&e.summary),
            e.count
        );
    }
    out.push_str("</table><h2>Files read</h2><table><tr><th>file</th><th>format</th><th>lines</th><th>parsed</th><th>unparsed</th></tr>");
    for s in &report.sources {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            html(&s.path),
            s.format.map_or("unknown", |f| f.as_str()),
            s.lines,
            s.parsed,
            s.unparsed
        );
    }
    out.push_str("</table></body></html>\n");
    out
}
