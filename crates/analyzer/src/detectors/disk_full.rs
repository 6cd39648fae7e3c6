//! `disk_full`: a filesystem ran out of space, as any program reported it.

use logparse::EventKind;

use super::{thousands, CauseKind, Context, Finding};

/// All "No space left on device" reports of the window as one finding.
pub fn detect(ctx: &Context<'_>) -> Vec<Finding> {
    let reports: Vec<_> = ctx.notables(&[EventKind::DiskFull]).collect();
    let (Some(first), Some(last)) = (reports.first(), reports.last()) else {
        return Vec::new();
    };
    let mut sources: Vec<&str> = reports.iter().map(|n| n.source.as_str()).collect();
    sources.sort_unstable();
    sources.dedup();
    vec![Finding {
        kind: CauseKind::DiskFull,
        confidence: 0.8,
        summary: format!(
            "a filesystem is full: {} \"no space left\" reports from {}",
            thousands(reports.len() as u64),
            sources.join(", ")
        ),
        start: first.ts,
        end: last.ts,
        evidence: reports.iter().take(3).map(|n| n.at).collect(),
        burst: None,
        subject: None,
    }]
}
