//! `oom_kill`: the kernel's OOM killer killed a process.

use logparse::EventKind;

use super::{thousands, CauseKind, Context, Finding};
use crate::signals::is_database_process;

/// Every OOM kill in the window, the database's first.
pub fn detect(ctx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let invocations: Vec<_> = ctx.notables(&[EventKind::OomInvoked]).collect();
    for kill in ctx.notables(&[EventKind::OomKill]) {
        let process = kill.subject.as_deref().unwrap_or("a process");
        let rss = kill
            .amount
            .map(|kb| format!(" ({} MB resident)", thousands(kb / 1024)))
            .unwrap_or_default();
        let mut evidence = Vec::new();
        // The invocation that led to this kill: the last one at most a minute before.
        if let Some(inv) = invocations
            .iter()
            .rev()
            .find(|i| i.ts <= kill.ts && kill.ts.secs - i.ts.secs <= 60)
        {
            evidence.push(inv.at);
        }
        evidence.push(kill.at);
        out.push(Finding {
            kind: CauseKind::OomKill,
            confidence: if is_database_process(process) {
                0.7
            } else {
                0.5
            },
            summary: format!("the kernel ran out of memory and killed {process}{rss}"),
            start: kill.ts,
            end: kill.ts,
            evidence,
            burst: None,
            subject: Some(process.to_string()),
        });
    }
    out
}
