//! `db_crash` and `db_stopped`: the database died on its own (signal, assertion, corruption),
//! or was shut down in an orderly way by someone.

use logparse::EventKind;

use super::{CauseKind, Context, Finding};

/// Crashes and initiated shutdowns in the window, one finding per minute.
pub fn detect(ctx: &Context<'_>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    // A shutdown while the server is still starting (a start that failed, e.g. for lack of
    // space) is part of that failure, not an orderly stop.
    let mut starting = false;
    let mut aborted_starts = Vec::new();
    for n in &ctx.collector.notables {
        match n.kind {
            EventKind::DbStarting => starting = true,
            EventKind::DbReady => starting = false,
            EventKind::DbShutdownInitiated if starting => aborted_starts.push(n.at),
            _ => {}
        }
    }
    for n in ctx.notables(&[EventKind::DbCrash, EventKind::DbShutdownInitiated]) {
        if aborted_starts.contains(&n.at) {
            continue;
        }
        let kind = if n.kind == EventKind::DbCrash {
            CauseKind::DbCrash
        } else {
            CauseKind::DbStopped
        };
        if let Some(last) = out.last_mut() {
            if last.kind == kind && n.ts.secs - last.end.secs < 60 {
                last.end = n.ts;
                if last.evidence.len() < 4 {
                    last.evidence.push(n.at);
                }
                continue;
            }
        }
        let summary = match kind {
            CauseKind::DbCrash => super::crash_summary(&n.text),
            // MariaDB writes `initiated by: unknown` when it got a TERM signal.
            _ => match n.detail.as_deref() {
                Some("unknown") | None => {
                    "the database server was shut down in an orderly way on a TERM signal \
                     (systemctl stop, a package upgrade)"
                        .to_string()
                }
                Some(user) => {
                    format!("the database server was shut down in an orderly way by {user}")
                }
            },
        };
        out.push(Finding {
            kind,
            confidence: 0.6,
            summary,
            start: n.ts,
            end: n.ts,
            evidence: vec![n.at],
            burst: None,
            subject: None,
        });
    }
    out
}
