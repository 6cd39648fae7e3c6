//! `web_attack`: an HTTP flood, a scan, or a login brute force against the web server.

use super::{burst_confidence, factor, thousands, CauseKind, Context, Finding};
use crate::signals::Signal;

/// Bursts of requests, of requests to login paths, and of 4xx (scans).
pub fn detect(ctx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let kinds = [
        (Signal::HttpRequests, 60.0, 3000, "requests"),
        (Signal::HttpLogin, 10.0, 300, "requests to login pages"),
        (Signal::Http4xx, 30.0, 1000, "4xx answers (a scan)"),
    ];
    for (signal, floor, min_total, what) in kinds {
        for b in ctx.bursts(signal, floor, min_total) {
            if b.factor < 5.0 {
                continue;
            }
            // The heaviest client over the run.
            let mut clients: Vec<(String, u32)> = Vec::new();
            for m in b.start_min..=b.end_min {
                if let Some(min) = ctx.minute(m) {
                    for (ip, n) in min.clients.sorted() {
                        match clients.iter_mut().find(|(x, _)| x.as_str() == &**ip) {
                            Some(e) => e.1 += n,
                            None => clients.push((ip.to_string(), n)),
                        }
                    }
                }
            }
            clients.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            // Name the heaviest clients when a few of them make most of it.
            let mut named = Vec::new();
            let mut share = 0u64;
            for (ip, n) in clients.iter().take(4) {
                if share * 2 >= b.total {
                    break;
                }
                named.push(ip.as_str());
                share += u64::from(*n);
            }
            let from = if share * 2 >= b.total && !named.is_empty() {
                format!(", mostly from {}", named.join(", "))
            } else {
                String::new()
            };
            out.push(Finding {
                kind: CauseKind::WebAttack,
                confidence: burst_confidence(&b) * 0.9,
                summary: format!(
                    "{} {what} in {} minutes, {} the usual rate{from}",
                    thousands(b.total),
                    b.minutes(),
                    factor(b.factor)
                ),
                start: ctx.at_minute(b.start_min),
                end: ctx.at_minute(b.end_min + 1),
                evidence: ctx.first_lines(signal, [b.start_min, b.peak_min, b.end_min]),
                burst: Some(b),
                subject: clients.first().map(|(ip, _)| ip.clone()),
            });
        }
    }
    // The same flood seen as requests and as 4xx is one attack: keep the strongest per start.
    out.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    let mut kept: Vec<Finding> = Vec::new();
    for f in out {
        let overlaps = kept.iter().any(|k| f.start < k.end && k.start < f.end);
        if !overlaps {
            kept.push(f);
        }
    }
    kept
}
