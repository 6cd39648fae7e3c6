//! `mass_mail`: an outbound mail burst far above the baseline, usually one local uid (a PHP
//! site through `pickup`) or one sender.

use super::{burst_confidence, factor, thousands, CauseKind, Context, Finding};
use crate::signals::Signal;

/// Bursts of queued mail (qmgr), or of local submissions when qmgr lines are missing.
pub fn detect(ctx: &Context<'_>) -> Vec<Finding> {
    let mut bursts = ctx.bursts(Signal::MailQueued, 10.0, 200);
    let mut signal = Signal::MailQueued;
    if bursts.is_empty() {
        bursts = ctx.bursts(Signal::MailLocal, 10.0, 200);
        signal = Signal::MailLocal;
    }
    bursts
        .into_iter()
        .filter(|b| b.factor >= 20.0)
        .map(|b| {
            let minutes = b.start_min..=b.end_min;
            // Who sent it: the heaviest local uid and sender over the run.
            let mut uids: Vec<(u32, u32)> = Vec::new();
            let mut senders: Vec<(String, u32)> = Vec::new();
            for m in minutes.clone() {
                if let Some(min) = ctx.minute(m) {
                    for (uid, n) in min.uids.sorted() {
                        match uids.iter_mut().find(|(u, _)| u == uid) {
                            Some(e) => e.1 += n,
                            None => uids.push((*uid, n)),
                        }
                    }
                    for (s, n) in min.senders.sorted() {
                        match senders.iter_mut().find(|(x, _)| x.as_str() == &**s) {
                            Some(e) => e.1 += n,
                            None => senders.push((s.to_string(), n)),
                        }
                    }
                }
            }
            uids.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            senders.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let who = match (uids.first(), senders.first()) {
                (Some((uid, _)), Some((s, _))) => format!(" by uid {uid} ({s})"),
                (Some((uid, _)), None) => format!(" by uid {uid}"),
                (None, Some((s, _))) => format!(" from {s}"),
                (None, None) => String::new(),
            };
            let summary = format!(
                "{} mails queued{who} in {} minutes, {} the usual rate (peak {} a minute)",
                thousands(b.total),
                b.minutes(),
                factor(b.factor),
                thousands(u64::from(b.peak)),
            );
            let mut evidence = ctx.first_lines(Signal::MailLocal, [b.start_min, b.peak_min]);
            evidence.extend(ctx.first_lines(signal, [b.start_min, b.peak_min, b.end_min]));
            evidence.sort();
            evidence.dedup();
            Finding {
                kind: CauseKind::MassMail,
                confidence: burst_confidence(&b),
                summary,
                start: ctx.at_minute(b.start_min),
                end: ctx.at_minute(b.end_min + 1),
                evidence,
                burst: Some(b),
                subject: uids.first().map(|(u, _)| format!("uid {u}")),
            }
        })
        .collect()
}
