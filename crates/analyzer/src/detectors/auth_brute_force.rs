//! `auth_brute_force`: a credential attack on mail (SMTP AUTH, IMAP/POP3) or ssh.

use super::{burst_confidence, factor, thousands, CauseKind, Context, Finding};
use crate::signals::Signal;

/// Bursts of authentication failures.
pub fn detect(ctx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (signal, what) in [
        (Signal::SaslFailures, "SMTP authentication failures"),
        (Signal::AuthFailures, "login failures (IMAP/POP3, ssh)"),
    ] {
        for b in ctx.bursts(signal, 10.0, 100) {
            if b.factor < 5.0 {
                continue;
            }
            out.push(Finding {
                kind: CauseKind::AuthBruteForce,
                confidence: burst_confidence(&b) * 0.8,
                summary: format!(
                    "{} {what} in {} minutes, {} the usual rate",
                    thousands(b.total),
                    b.minutes(),
                    factor(b.factor)
                ),
                start: ctx.at_minute(b.start_min),
                end: ctx.at_minute(b.end_min + 1),
                evidence: ctx.first_lines(signal, [b.start_min, b.peak_min, b.end_min]),
                burst: Some(b),
                subject: None,
            });
        }
    }
    out
}
