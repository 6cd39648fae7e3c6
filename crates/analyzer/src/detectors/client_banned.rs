//! `client_banned`: Fail2Ban banned a client that looked legitimate — it had logged in, or
//! used the site normally, before the ban. With `--client-ip`, any ban of that client.

use logparse::EventKind;

use super::{thousands, CauseKind, Context, Finding};

/// Bans of the client under investigation, or of clients with a good history.
pub fn detect(ctx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for ban in ctx.notables(&[EventKind::F2bBan, EventKind::F2bRestoreBan]) {
        let Some(ip) = ban.subject.as_deref() else {
            continue;
        };
        let jail = ban.detail.as_deref().unwrap_or("?");
        let asked = ctx.client_ip == Some(ip);
        let info = ctx
            .collector
            .clients
            .get(crate::signals::client_key(ip))
            .copied()
            .unwrap_or_default();
        let good_before = info.looks_legitimate_before(ban.ts.secs);
        if !asked && !good_before {
            continue;
        }
        let history = if info.logins > 0 {
            format!("{} successful logins", thousands(u64::from(info.logins)))
        } else {
            format!(
                "{} successful requests",
                thousands(u64::from(info.ok_requests))
            )
        };
        out.push(Finding {
            kind: CauseKind::ClientBanned,
            confidence: if good_before { 0.7 } else { 0.5 },
            summary: format!(
                "Fail2Ban jail {jail} banned {ip}, a client with {history} and {} failures",
                thousands(u64::from(info.failures))
            ),
            start: ban.ts,
            end: ban.ts,
            evidence: vec![ban.at],
            burst: None,
            subject: Some(ip.to_string()),
        });
    }
    out
}
