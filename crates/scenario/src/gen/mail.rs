//! The mail log: Postfix and dovecot as on a small Plesk-style server.
//!
//! Background streams: inbound mail delivered over LMTP to dovecot, spam rejected at RCPT
//! (`NOQUEUE: reject`), staff sending through submission with SASL, IMAP logins and logouts,
//! scattered SASL and IMAP password guesses. Form mail from the web site (`pickup`, uid 33) is
//! written by [`contact_form`] when the web generator sees a visitor post the contact form.
//! TLS is logged at Postfix's default level 0 (no `TLS connection established` lines).

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::gen::fail2ban;
use crate::gen::pids::QMGR;
use crate::gen::{Generator, Window, Worker};
use crate::names::{local_part, noise_attacker, Delay, Hex, QueueId, Token};
use crate::sink::{LogFile, Sink};
use crate::time::{Clock, Style, Time, MINUTE, SECOND};
use crate::traffic::{arrivals, Profile};
use crate::world::World;

/// Remote servers that send us mail: host name, address, domain.
pub(crate) const SENDERS: [(&str, &str, &str); 10] = [
    ("mail.example.net", "198.51.100.31", "example.net"),
    ("smtp-out.news.example", "198.51.100.44", "news.example"),
    ("mx2.partner.test", "198.51.100.52", "partner.test"),
    ("mail-ed1-f41.example.org", "198.51.100.41", "example.org"),
    ("outbound.shop.test", "198.51.100.63", "shop.test"),
    ("smtp.bank.example", "198.51.100.70", "bank.example"),
    ("mta7.mailer.test", "198.51.100.77", "mailer.test"),
    ("mail.client-a.test", "198.51.100.83", "client-a.test"),
    ("mail.example.org", "2001:db8:4::25", "example.org"),
    (
        "relay.supplier.example",
        "198.51.100.91",
        "supplier.example",
    ),
];

/// Local mailboxes and how much mail each gets.
const MAILBOXES: [(&str, u32); 7] = [
    ("info", 30),
    ("sales", 18),
    ("support", 12),
    ("k.yamada", 14),
    ("m.sato", 12),
    ("h.tanaka", 9),
    ("admin", 5),
];

/// Staff: mailbox, office address, phone address.
pub(crate) const STAFF: [(&str, &str, &str); 4] = [
    ("k.yamada", "192.0.2.201", "2001:db8:1a2b:3c00::51"),
    ("m.sato", "192.0.2.201", "2001:db8:1a2b:3c00::8e"),
    ("info", "192.0.2.201", "2001:db8:1f00:42::7"),
    ("h.tanaka", "192.0.2.77", "2001:db8:1c44:9::2"),
];

/// Where staff mail goes: domain, MX host, MX address.
pub(crate) const DESTINATIONS: [(&str, &str, &str); 6] = [
    ("example.net", "mx1.example.net", "198.51.100.25"),
    ("example.org", "mx.example.org", "198.51.100.40"),
    ("partner.test", "mx.partner.test", "198.51.100.53"),
    ("client-a.test", "mail.client-a.test", "198.51.100.83"),
    ("mail.test", "mx1.mail.test", "2001:db8:5::25"),
    ("shop.test", "mx.shop.test", "198.51.100.64"),
];

/// Writes a Postfix line of program `prog` (`postfix/<prog>`).
pub(crate) fn pf(out: &mut Sink<'_>, t: Time, prog: &str, pid: u32, msg: std::fmt::Arguments<'_>) {
    out.syslog(
        LogFile::Mail,
        t,
        format_args!("postfix/{prog}"),
        Some(pid),
        msg,
    );
}

/// Writes a dovecot line (`dovecot: <msg>`).
pub(crate) fn dovecot(out: &mut Sink<'_>, t: Time, msg: std::fmt::Arguments<'_>) {
    out.syslog(LogFile::Mail, t, "dovecot", None, msg);
}

/// Seconds between two instants, as Postfix's delays count them.
pub(crate) fn secs(from: Time, to: Time) -> f64 {
    to.since(from).max(0) as f64 / SECOND as f64
}

/// A delivery line of `smtp`/`lmtp`: `<qid>: to=<rcpt>, relay=..., delay=..., delays=a/b/c/d,
/// dsn=..., status=<status> (<detail>)`. The delays are: before the queue manager, in it,
/// connection setup, transmission.
#[allow(clippy::too_many_arguments)]
pub(crate) fn delivery(
    out: &mut Sink<'_>,
    t: Time,
    prog: &str,
    pid: u32,
    qid: QueueId,
    rcpt: &str,
    relay: &str,
    delays: [f64; 4],
    dsn: &str,
    status: &str,
    detail: std::fmt::Arguments<'_>,
) {
    let total = delays.iter().sum::<f64>();
    let [a, b, c, d] = delays.map(Delay);
    pf(
        out,
        t,
        prog,
        pid,
        format_args!(
            "{qid}: to=<{rcpt}>, relay={relay}, delay={}, delays={a}/{b}/{c}/{d}, dsn={dsn}, status={status} ({detail})",
            Delay(total)
        ),
    );
}

/// Delivers `qid` (queued by `smtpd`/`pickup` at `received`, handed to the queue manager at
/// `active`) to the local mailbox `rcpt` through dovecot's LMTP at `t`; writes the `removed`
/// line too.
#[allow(clippy::too_many_arguments)] // the world, the sink and the random stream, then the line's own facts
pub(crate) fn lmtp_delivery(
    world: &World,
    out: &mut Sink<'_>,
    rng: &mut impl Rng,
    t: Time,
    qid: QueueId,
    rcpt: &str,
    message_id: &str,
    received: Time,
    active: Time,
) {
    let lmtp_pid = world.pid(t, rng);
    let dove_pid = world.pid(t, rng);
    let session = Token::<22>::new(rng);
    dovecot(
        out,
        t.add(2_000),
        format_args!("lmtp({dove_pid}): Connect from local"),
    );
    let saved = t.add(rng.gen_range(20_000..120_000));
    dovecot(
        out,
        saved,
        format_args!(
            "lmtp({rcpt})<{dove_pid}><{session}>: msgid={message_id}: saved mail to INBOX"
        ),
    );
    let done = saved.add(rng.gen_range(1_000..6_000));
    let relay = format!("{}[private/dovecot-lmtp]", world.fqdn);
    delivery(
        out,
        done,
        "lmtp",
        lmtp_pid,
        qid,
        rcpt,
        &relay,
        [secs(received, active), secs(active, t), 0.01, secs(t, done)],
        "2.0.0",
        "sent",
        format_args!("250 2.0.0 <{rcpt}> {session} Saved"),
    );
    dovecot(
        out,
        done.add(1_500),
        format_args!(
            "lmtp({dove_pid}): Disconnect from local: Client has quit the connection (state=READY)"
        ),
    );
    pf(
        out,
        done.add(rng.gen_range(300..2_000)),
        "qmgr",
        QMGR,
        format_args!("{qid}: removed"),
    );
}

/// Mail from a PHP form on the site (`mail()` → sendmail → `pickup`, uid 33) to the site's
/// mailbox, queued at `t`.
pub(crate) fn contact_form(world: &World, out: &mut Sink<'_>, rng: &mut impl Rng, t: Time) {
    if world.disk_full(t) {
        postdrop_fails(world, out, rng, t, 33);
        return;
    }
    let qid = QueueId::new(t, rng);
    let pickup = world.pid(t, rng);
    let cleanup = world.pid(t, rng);
    let domain = &world.domain;
    pf(
        out,
        t,
        "pickup",
        pickup,
        format_args!("{qid}: uid=33 from=<www-data@{domain}>"),
    );
    let msgid = format!("<{}@{domain}>", Hex::<32>::new(rng));
    let t1 = t.add(rng.gen_range(3_000..15_000));
    pf(
        out,
        t1,
        "cleanup",
        cleanup,
        format_args!("{qid}: message-id={msgid}"),
    );
    let active = t1.add(rng.gen_range(2_000..12_000));
    let size = rng.gen_range(1_400..3_200);
    pf(
        out,
        active,
        "qmgr",
        QMGR,
        format_args!("{qid}: from=<www-data@{domain}>, size={size}, nrcpt=1 (queue active)"),
    );
    let rcpt = format!("info@{domain}");
    let at = active.add(rng.gen_range(20_000..90_000));
    lmtp_delivery(world, out, rng, at, qid, &rcpt, &msgid, t, active);
}

/// `sendmail` (PHP's `mail()`) run by `uid` on a full disk: `postdrop` creates the maildrop
/// file but cannot write it, and gives up.
pub(crate) fn postdrop_fails(
    world: &World,
    out: &mut Sink<'_>,
    rng: &mut impl Rng,
    t: Time,
    uid: u32,
) {
    let postdrop = world.pid(t, rng);
    pf(
        out,
        t.add(rng.gen_range(2_000..9_000)),
        "postdrop",
        postdrop,
        format_args!("fatal: uid={uid}: queue file write error"),
    );
}

/// `sendmail` run at `t` when not even the maildrop file can be created: `postdrop` retries
/// every ten seconds, warning each time, until space is freed at `until`; then the message
/// is picked up and delivered (to the site's mailbox). Returns when it was queued.
pub(crate) fn postdrop_waits(
    world: &World,
    out: &mut Sink<'_>,
    rng: &mut impl Rng,
    t: Time,
    until: Time,
) -> Time {
    let postdrop = world.pid(t, rng);
    let mut at = t.add(rng.gen_range(2_000..9_000));
    while at < until {
        pf(
            out,
            at,
            "postdrop",
            postdrop,
            format_args!(
                "warning: mail_queue_enter: create file maildrop/{}.{postdrop}: No space left on device",
                at.micros().rem_euclid(1_000_000)
            ),
        );
        at = at.add(10 * SECOND + rng.gen_range(100..900));
    }
    contact_form(world, out, rng, at);
    at
}

/// smtpd finds no room in the queue at `MAIL FROM` (a full disk): the warning, the 452
/// reject and the disconnect.
#[allow(clippy::too_many_arguments)] // the sink, then the session's own facts
pub(crate) fn queue_full(
    out: &mut Sink<'_>,
    rng: &mut impl Rng,
    smtpd: u32,
    who: &str,
    from: &str,
    helo: &str,
    t: Time,
    stats: &str,
) {
    pf(
        out,
        t,
        "smtpd",
        smtpd,
        format_args!(
            "warning: not enough free space in mail queue: 0 bytes < 1.5*message size limit"
        ),
    );
    pf(
        out,
        t.add(120),
        "smtpd",
        smtpd,
        format_args!(
            "NOQUEUE: reject: MAIL from {who}: 452 4.3.1 Insufficient system storage; from=<{from}> proto=ESMTP helo=<{helo}>"
        ),
    );
    pf(
        out,
        t.add(rng.gen_range(50_000..400_000)),
        "smtpd",
        smtpd,
        format_args!("disconnect from {who} {stats}"),
    );
}

/// The client as smtpd names it: `host[ip]`, or `unknown[ip]` without reverse DNS.
pub(crate) fn client(host: Option<&str>, ip: &str) -> String {
    format!("{}[{ip}]", host.unwrap_or("unknown"))
}

/// One of the background mail streams: writes one event at an arrival time.
type Stream = fn(&mut Mail, &World, &mut Sink<'_>, Time);

/// Everyday mail.
#[derive(Debug)]
pub(crate) struct Mail {
    rng: ChaCha8Rng,
    smtpd: Worker,
    cleanup: Worker,
    smtp: Worker,
    times: Vec<Time>,
}

impl Mail {
    pub fn new(world: &World) -> Self {
        Mail {
            rng: world.rng("mail"),
            smtpd: Worker::default(),
            cleanup: Worker::default(),
            smtp: Worker::default(),
            times: Vec::new(),
        }
    }

    fn inbound(&mut self, world: &World, out: &mut Sink<'_>, t: Time) {
        let rng = &mut self.rng;
        let (host, ip, domain) = SENDERS[rng.gen_range(0..SENDERS.len())];
        let who = client(Some(host), ip);
        let smtpd = self.smtpd.at(t, 100, world, rng);
        pf(out, t, "smtpd", smtpd, format_args!("connect from {who}"));
        let t1 = t.add(rng.gen_range(300_000..1_400_000));
        if world.disk_full(t1) {
            let from = format!("{}@{domain}", local_part(rng));
            queue_full(
                out,
                rng,
                smtpd,
                &who,
                &from,
                host,
                t1,
                "ehlo=2 starttls=1 mail=0/1 quit=1 commands=4/5",
            );
            return;
        }
        let qid = QueueId::new(t1, rng);
        pf(out, t1, "smtpd", smtpd, format_args!("{qid}: client={who}"));
        let t2 = t1.add(rng.gen_range(40_000..200_000));
        let msgid = match rng.gen_range(0..3) {
            0 => format!("<{}.{}@{host}>", Hex::<16>::new(rng), Hex::<8>::new(rng)),
            1 => format!(
                "<{}@{domain}>",
                Token::<24>::new(rng).to_string().replace(['+', '/'], "x")
            ),
            _ => format!(
                "<{}-{}@{domain}>",
                Hex::<12>::new(rng),
                rng.gen_range(1000..9999)
            ),
        };
        let cleanup = self.cleanup.at(t2, 100, world, rng);
        pf(
            out,
            t2,
            "cleanup",
            cleanup,
            format_args!("{qid}: message-id={msgid}"),
        );
        let active = t2.add(rng.gen_range(5_000..60_000));
        let sender = match rng.gen_range(0..4) {
            0 => format!("newsletter@{domain}"),
            1 => format!("noreply@{domain}"),
            _ => format!("{}@{domain}", local_part(rng)),
        };
        let size = rng.gen_range(3_000..95_000);
        pf(
            out,
            active,
            "qmgr",
            QMGR,
            format_args!("{qid}: from=<{sender}>, size={size}, nrcpt=1 (queue active)"),
        );
        pf(
            out,
            active.add(rng.gen_range(5_000..40_000)),
            "smtpd",
            smtpd,
            format_args!(
                "disconnect from {who} ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=7"
            ),
        );
        let total: u32 = MAILBOXES.iter().map(|m| m.1).sum();
        let mut pick = rng.gen_range(0..total);
        let mut mailbox = MAILBOXES[0].0;
        for (name, w) in MAILBOXES {
            if pick < w {
                mailbox = name;
                break;
            }
            pick -= w;
        }
        let rcpt = format!("{mailbox}@{}", world.domain);
        let at = active.add(rng.gen_range(10_000..250_000));
        lmtp_delivery(world, out, rng, at, qid, &rcpt, &msgid, t1, active);
    }

    fn reject(&mut self, world: &World, out: &mut Sink<'_>, t: Time) {
        let rng = &mut self.rng;
        let ip = noise_attacker(rng);
        let who = client(None, &ip);
        let smtpd = self.smtpd.at(t, 100, world, rng);
        pf(out, t, "smtpd", smtpd, format_args!("connect from {who}"));
        let t1 = t.add(rng.gen_range(500_000..2_500_000));
        let from = format!(
            "{}@{}",
            local_part(rng),
            ["mailer.test", "promo.example", "bulk.test"][rng.gen_range(0..3)]
        );
        let helo = ["User", "ylmf-pc", "WIN-3M2QF1B7A9", "mail.promo.example"][rng.gen_range(0..4)];
        let domain = &world.domain;
        let stats = if rng.gen_bool(0.5) {
            let to = format!("{}@{domain}", local_part(rng));
            pf(
                out,
                t1,
                "smtpd",
                smtpd,
                format_args!(
                    "NOQUEUE: reject: RCPT from {who}: 550 5.1.1 <{to}>: Recipient address rejected: User unknown in virtual mailbox table; from=<{from}> to=<{to}> proto=ESMTP helo=<{helo}>"
                ),
            );
            "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4"
        } else {
            let to = format!("{}@example.org", local_part(rng));
            pf(
                out,
                t1,
                "smtpd",
                smtpd,
                format_args!(
                    "NOQUEUE: reject: RCPT from {who}: 554 5.7.1 <{to}>: Relay access denied; from=<{from}> to=<{to}> proto=ESMTP helo=<{helo}>"
                ),
            );
            "ehlo=1 mail=1 rcpt=0/1 rset=1 quit=1 commands=4/5"
        };
        pf(
            out,
            t1.add(rng.gen_range(100_000..600_000)),
            "smtpd",
            smtpd,
            format_args!("disconnect from {who} {stats}"),
        );
    }

    fn sasl_guess(&mut self, world: &World, out: &mut Sink<'_>, t: Time) {
        let rng = &mut self.rng;
        let ip = noise_attacker(rng);
        let tries = if rng.gen_bool(0.3) { 2 } else { 1 };
        let mut at = t;
        for _ in 0..tries {
            sasl_failure(world, out, rng, &mut self.smtpd, &ip, at);
            at = at.add(rng.gen_range(20 * SECOND..300 * SECOND));
        }
    }

    fn submission(&mut self, world: &World, out: &mut Sink<'_>, t: Time) {
        let rng = &mut self.rng;
        let (user, office, phone) = STAFF[rng.gen_range(0..STAFF.len())];
        let ip = if rng.gen_bool(0.7) { office } else { phone };
        if world.blocked(ip, t) || world.stale_password(user, ip, t) {
            return;
        }
        let who = client(None, ip);
        let domain = &world.domain;
        let smtpd = self.smtpd.at(t, 100, world, rng);
        pf(out, t, "smtpd", smtpd, format_args!("connect from {who}"));
        let t1 = t.add(rng.gen_range(400_000..1_500_000));
        if world.disk_full(t1) {
            let from = format!("{user}@{domain}");
            queue_full(
                out,
                rng,
                smtpd,
                &who,
                &from,
                "[192.168.1.23]",
                t1,
                "ehlo=2 starttls=1 auth=1 mail=0/1 quit=1 commands=5/6",
            );
            return;
        }
        let qid = QueueId::new(t1, rng);
        pf(
            out,
            t1,
            "smtpd",
            smtpd,
            format_args!("{qid}: client={who}, sasl_method=PLAIN, sasl_username={user}@{domain}"),
        );
        let t2 = t1.add(rng.gen_range(30_000..150_000));
        let cleanup = self.cleanup.at(t2, 100, world, rng);
        let msgid = format!(
            "<{}-{}-{}-{}-{}@{domain}>",
            Hex::<8>::new(rng),
            Hex::<4>::new(rng),
            Hex::<4>::new(rng),
            Hex::<4>::new(rng),
            Hex::<12>::new(rng)
        );
        pf(
            out,
            t2,
            "cleanup",
            cleanup,
            format_args!("{qid}: message-id={msgid}"),
        );
        let nrcpt = if rng.gen_bool(0.75) {
            1
        } else {
            rng.gen_range(2..=3)
        };
        let active = t2.add(rng.gen_range(5_000..50_000));
        let size = rng.gen_range(2_500..480_000);
        pf(
            out,
            active,
            "qmgr",
            QMGR,
            format_args!(
                "{qid}: from=<{user}@{domain}>, size={size}, nrcpt={nrcpt} (queue active)"
            ),
        );
        pf(
            out,
            active.add(rng.gen_range(5_000..30_000)),
            "smtpd",
            smtpd,
            format_args!(
                "disconnect from {who} ehlo=2 starttls=1 auth=1 mail=1 rcpt={nrcpt} data=1 quit=1 commands={}",
                7 + nrcpt
            ),
        );
        let mut last = active;
        for _ in 0..nrcpt {
            let (dom, mx, mx_ip) = DESTINATIONS[rng.gen_range(0..DESTINATIONS.len())];
            let rcpt = format!("{}@{dom}", local_part(rng));
            let start = active.add(rng.gen_range(10_000..200_000));
            let connect = rng.gen_range(0.05..0.6);
            let xfer = rng.gen_range(0.1..1.8);
            let done = start.add(((connect + xfer) * SECOND as f64) as i64);
            let smtp = self.smtp.at(start, 100, world, rng);
            let relay = format!("{mx}[{mx_ip}]:25");
            delivery(
                out,
                done,
                "smtp",
                smtp,
                qid,
                &rcpt,
                &relay,
                [secs(t1, active), secs(active, start), connect, xfer],
                "2.0.0",
                "sent",
                format_args!(
                    "250 2.0.0 Ok: queued as {}",
                    Token::<14>::new(rng).to_string().replace(['+', '/'], "Q")
                ),
            );
            last = last.max(done);
        }
        pf(
            out,
            last.add(rng.gen_range(300..3_000)),
            "qmgr",
            QMGR,
            format_args!("{qid}: removed"),
        );
    }

    fn imap_session(&mut self, world: &World, out: &mut Sink<'_>, t: Time) {
        let rng = &mut self.rng;
        let (user, office, phone) = STAFF[rng.gen_range(0..STAFF.len())];
        let rip = if rng.gen_bool(0.55) { phone } else { office };
        if world.blocked(rip, t) || world.stale_password(user, rip, t) {
            return;
        }
        let lip = if rip.contains(':') {
            &world.ipv6
        } else {
            &world.ipv4
        };
        let domain = &world.domain;
        let pid = world.pid(t, rng);
        let session = Token::<16>::new(rng);
        dovecot(
            out,
            t,
            format_args!(
                "imap-login: Login: user=<{user}@{domain}>, method=PLAIN, rip={rip}, lip={lip}, mpid={pid}, TLS, session=<{session}>"
            ),
        );
        let end = t.add(rng.gen_range(2 * SECOND..45 * MINUTE));
        let (hdr, body) = (rng.gen_range(0..40), rng.gen_range(0..6));
        dovecot(
            out,
            end,
            format_args!(
                "imap({user}@{domain})<{pid}><{session}>: Disconnected: Logged out in={} out={} deleted={} expunged={} trashed={} hdr_count={hdr} hdr_bytes={} body_count={body} body_bytes={}",
                rng.gen_range(40..2_000),
                rng.gen_range(500..90_000),
                rng.gen_range(0..2),
                rng.gen_range(0..2),
                rng.gen_range(0..2),
                hdr * rng.gen_range(900..2_400),
                body * rng.gen_range(3_000..60_000)
            ),
        );
    }

    fn imap_guess(&mut self, world: &World, out: &mut Sink<'_>, t: Time) {
        let rng = &mut self.rng;
        let rip = noise_attacker(rng);
        let lip = if rip.contains(':') {
            &world.ipv6
        } else {
            &world.ipv4
        };
        let user = ["info", "admin", "test", "sales", "webmaster"][rng.gen_range(0..5)];
        let session = Token::<16>::new(rng);
        dovecot(
            out,
            t,
            format_args!(
                "imap-login: Disconnected: Connection closed (auth failed, 1 attempts in {} secs): user=<{user}@{}>, method=PLAIN, rip={rip}, lip={lip}, TLS, session=<{session}>",
                rng.gen_range(2..9),
                world.domain
            ),
        );
    }
}

/// One failed SASL login on smtpd from `ip` at `t` (connect, failure, disconnect) and
/// Fail2Ban's `Found` for it. Returns the time of the failure.
pub(crate) fn sasl_failure(
    world: &World,
    out: &mut Sink<'_>,
    rng: &mut impl Rng,
    smtpd: &mut Worker,
    ip: &str,
    t: Time,
) -> Time {
    let who = client(None, ip);
    let pid = smtpd.at(t, 100, world, rng);
    pf(out, t, "smtpd", pid, format_args!("connect from {who}"));
    let failed = t.add(rng.gen_range(600_000..2_400_000));
    pf(
        out,
        failed,
        "smtpd",
        pid,
        format_args!("warning: {who}: SASL LOGIN authentication failed: UGFzc3dvcmQ6"),
    );
    let lost = failed.add(rng.gen_range(20_000..300_000));
    pf(
        out,
        lost,
        "smtpd",
        pid,
        format_args!("lost connection after AUTH from {who}"),
    );
    pf(
        out,
        lost.add(300),
        "smtpd",
        pid,
        format_args!("disconnect from {who} ehlo=1 auth=0/1 commands=1/2"),
    );
    fail2ban::found(
        world,
        out,
        "postfix-sasl",
        ip,
        failed,
        failed.add(rng.gen_range(80_000..700_000)),
    );
    failed
}

impl Generator for Mail {
    fn run(&mut self, window: Window, world: &World, out: &mut Sink<'_>) {
        let per_day = f64::from(world.size.mails_per_day);
        let mut times = std::mem::take(&mut self.times);
        let streams: [(&Profile, f64, Stream); 6] = [
            (&Profile::OFFICE, per_day, Self::inbound),
            (&Profile::FLAT, per_day * 0.45, Self::reject),
            (&Profile::FLAT, per_day * 0.30, Self::sasl_guess),
            (&Profile::OFFICE, per_day * 0.35, Self::submission),
            (&Profile::OFFICE, per_day * 1.6, Self::imap_session),
            (&Profile::FLAT, per_day * 0.2, Self::imap_guess),
        ];
        for (profile, rate, emit) in streams {
            times.clear();
            arrivals(
                world,
                &mut self.rng,
                profile,
                rate,
                window.from,
                window.to,
                &mut times,
            );
            // Each stream has its own workers' timeline.
            self.smtpd = Worker::default();
            self.cleanup = Worker::default();
            self.smtp = Worker::default();
            for &t in &times {
                emit(self, world, out, t);
            }
        }
        self.times = times;
    }
}

/// Postfix's message-id for mail that came without one: `<YYYYMMDDhhmmss.QID@fqdn>` (UTC).
pub(crate) fn postfix_message_id(world: &World, t: Time, qid: QueueId) -> String {
    format!(
        "<{}.{qid}@{}>",
        Clock::utc_stamp(t, Style::Compact),
        world.fqdn
    )
}
