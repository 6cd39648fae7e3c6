//! Decoys: things that look like trouble and did not cause the incident.
//!
//! - the newsletter: a WordPress plugin sends the company's newsletter through `sendmail`
//!   (uid 33), a thousand mails in twenty minutes, delivered without a hitch;
//! - a password storm: a botnet guesses SMTP AUTH and IMAP passwords from dozens of
//!   addresses, the fast ones banned by Fail2Ban, the slow ones staying under `maxretry`;
//! - an admin restart of MariaDB: shut down in order and started again within a minute.

use std::collections::HashMap;

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::expected::{Ban, DecoyTruth, Expected};
use crate::gen::fail2ban::{self, BANTIME};
use crate::gen::mail::{delivery, dovecot, pf, sasl_failure, secs, DESTINATIONS};
use crate::gen::pids::QMGR;
use crate::gen::system::admin_session;
use crate::gen::{Generator, Window, Worker};
use crate::incident::db::{self, consumed, systemd};
use crate::names::{local_part, Hex, QueueId, Token};
use crate::scenario::{Decoy, RestartVia};
use crate::sink::Sink;
use crate::time::{Clock, Style, Time, MINUTE, SECOND};
use crate::world::{DbDown, Gone, Plan, World};

/// The instants of an admin restart.
#[derive(Clone, Copy, Debug)]
struct Restart {
    cmd: Time,
    shutdown: Time,
    start: Time,
    ready: Time,
}

fn restart_times(at: chrono::NaiveDateTime, via: RestartVia, clock: &Clock) -> Restart {
    let cmd = clock.at(at).add(144_019);
    let (shutdown, start) = match via {
        RestartVia::Systemctl => (cmd.add(41_207), cmd.add(1_900_000)),
        RestartVia::AdminShutdown => (cmd.add(12_330), cmd.add(21 * SECOND + 331_000)),
    };
    Restart {
        cmd,
        shutdown,
        start,
        ready: start.add(2 * SECOND + 603_118),
    }
}

/// What a decoy changes in the world.
pub(crate) fn plan(decoy: &Decoy, clock: &Clock, plan: &mut Plan) {
    if let Decoy::DbRestart { at, via } = decoy {
        let r = restart_times(*at, *via, clock);
        plan.db_down.push(DbDown {
            from: r.shutdown,
            to: r.ready,
            gone: Gone::Stopped,
        });
        plan.db_starts.push(r.ready);
        plan.busy
            .push((r.cmd.add(-5 * MINUTE), r.ready.add(10 * MINUTE)));
    }
}

/// The injector of the `i`-th decoy.
pub(crate) fn injector(world: &World, decoy: &Decoy, i: usize) -> Box<dyn Generator> {
    let rng = |name: &str| world.rng(&format!("decoy/{name}/{i}"));
    match decoy {
        Decoy::Newsletter {
            start,
            messages,
            duration_secs,
        } => Box::new(Newsletter {
            rng: rng("newsletter"),
            start: world.clock.at(*start).add(402_551),
            messages: *messages,
            duration: i64::from(*duration_secs) * SECOND,
            done: false,
            last: None,
        }),
        Decoy::AuthStorm {
            start,
            duration_secs,
            attackers,
            attempts,
        } => Box::new(AuthStorm {
            rng: rng("auth-storm"),
            start: world.clock.at(*start).add(73_114),
            duration: i64::from(*duration_secs) * SECOND,
            attackers: *attackers,
            attempts: *attempts,
            done: false,
            failures: 0,
            last: None,
            bans: Vec::new(),
        }),
        Decoy::DbRestart { at, via } => Box::new(DbRestart {
            rng: rng("db-restart"),
            times: restart_times(*at, *via, &world.clock),
            via: *via,
            done: false,
        }),
    }
}

/// The newsletter.
#[derive(Debug)]
struct Newsletter {
    rng: ChaCha8Rng,
    start: Time,
    messages: u32,
    duration: i64,
    done: bool,
    last: Option<Time>,
}

impl Generator for Newsletter {
    fn run(&mut self, window: Window, world: &World, out: &mut Sink<'_>) {
        if self.done || !window.contains(self.start) {
            return;
        }
        self.done = true;
        let rng = &mut self.rng;
        let domain = world.domain.clone();
        let sender = format!("newsletter@{domain}");
        let n = i64::from(self.messages.max(1));
        let gap = self.duration / n;
        let mut pickup = Worker::default();
        let cleanup = world.pid(self.start, rng);
        let mut pools: HashMap<usize, Vec<u32>> = HashMap::new();
        let mut t = self.start;
        for _ in 0..n {
            let qid = QueueId::new(t, rng);
            let pid = pickup.at(t, 100, world, rng);
            pf(
                out,
                t,
                "pickup",
                pid,
                format_args!("{qid}: uid=33 from=<{sender}>"),
            );
            let c = t.add(rng.gen_range(3_000..20_000));
            pf(
                out,
                c,
                "cleanup",
                cleanup,
                format_args!("{qid}: message-id=<{}@{domain}>", Hex::<32>::new(rng)),
            );
            let active = c.add(rng.gen_range(2_000..30_000));
            let size = 48_300 + rng.gen_range(0..400);
            pf(
                out,
                active,
                "qmgr",
                QMGR,
                format_args!("{qid}: from=<{sender}>, size={size}, nrcpt=1 (queue active)"),
            );
            let d = rng.gen_range(0..DESTINATIONS.len());
            let (dom, mx, mx_ip) = DESTINATIONS[d];
            let rcpt = format!("{}@{dom}", local_part(rng));
            let relay = format!("{mx}[{mx_ip}]:25");
            let pool = pools.entry(d).or_default();
            let smtp = if pool.len() < 4 {
                let pid = world.pid(active, rng);
                pool.push(pid);
                pid
            } else {
                pool[rng.gen_range(0..pool.len())]
            };
            let at = active.add(rng.gen_range(20_000..400_000));
            let connect = rng.gen_range(0.05..0.5);
            let greylisted = rng.gen_bool(0.04);
            let mut done_at = at;
            if greylisted {
                let done = at.add(((connect + 0.05) * SECOND as f64) as i64);
                delivery(
                    out,
                    done,
                    "smtp",
                    smtp,
                    qid,
                    &rcpt,
                    &relay,
                    [secs(t, active), secs(active, at), connect, 0.05],
                    "4.7.1",
                    "deferred",
                    format_args!("host {mx}[{mx_ip}] said: 450 4.7.1 <{rcpt}>: Recipient address rejected: Greylisted for 300 seconds (in reply to RCPT TO command)"),
                );
                done_at = done.add(5 * MINUTE + rng.gen_range(0..5 * MINUTE));
                pf(
                    out,
                    done_at,
                    "qmgr",
                    QMGR,
                    format_args!("{qid}: from=<{sender}>, size={size}, nrcpt=1 (queue active)"),
                );
                done_at = done_at.add(rng.gen_range(20_000..200_000));
            }
            let xfer = rng.gen_range(0.2..1.4);
            let done = done_at.add(((connect + xfer) * SECOND as f64) as i64);
            delivery(
                out,
                done,
                "smtp",
                smtp,
                qid,
                &rcpt,
                &relay,
                [secs(t, active), secs(active, done_at), connect, xfer],
                "2.0.0",
                "sent",
                format_args!(
                    "250 2.0.0 Ok: queued as {}",
                    Token::<14>::new(rng).to_string().replace(['+', '/'], "N")
                ),
            );
            pf(
                out,
                done.add(rng.gen_range(300..3_000)),
                "qmgr",
                QMGR,
                format_args!("{qid}: removed"),
            );
            self.last = Some(t);
            t = t.add(gap * rng.gen_range(50..150) / 100);
        }
    }

    fn record(&self, world: &World, expected: &mut Expected) {
        let stamp = |t: Time| world.clock.stamp(t, Style::Rfc3339).to_string();
        let end = self.last.unwrap_or(self.start);
        expected.decoys.push(DecoyTruth {
            resembles: "mass_mail".into(),
            start: stamp(self.start),
            end: stamp(end),
            summary: format!(
                "the newsletter: {} mails queued by uid 33 (newsletter@{}) in {} minutes, all \
                 delivered; nothing else happened",
                self.messages,
                world.domain,
                end.since(self.start) / MINUTE
            ),
        });
    }
}

/// A distributed password storm on SMTP AUTH and IMAP.
#[derive(Debug)]
struct AuthStorm {
    rng: ChaCha8Rng,
    start: Time,
    duration: i64,
    attackers: u32,
    attempts: u32,
    done: bool,
    failures: u32,
    last: Option<Time>,
    bans: Vec<(String, String, Time, Time)>,
}

impl Generator for AuthStorm {
    fn run(&mut self, window: Window, world: &World, out: &mut Sink<'_>) {
        if self.done || !window.contains(self.start) {
            return;
        }
        self.done = true;
        let rng = &mut self.rng;
        let mut octets: Vec<u32> = (1..=126).collect();
        octets.shuffle(rng);
        let n = self.attackers.max(1) as usize;
        let per = (self.attempts / n as u32).max(1);
        let end = self.start.add(self.duration);
        let users = [
            "info",
            "admin",
            "sales",
            "support",
            "office",
            "test",
            "k.yamada",
            "webmaster",
        ];
        for a in 0..n {
            let ip = if a % 8 == 7 {
                format!("2001:db8:bad:3{:02x}::{:x}", a, rng.gen_range(1..0x100u32))
            } else {
                format!("203.0.113.{}", octets[a % octets.len()])
            };
            // Fast ones get banned; slow ones stay under maxretry=5 in findtime=600 s.
            let fast = rng.gen_bool(0.5);
            let imap = rng.gen_bool(0.3);
            let jail = if imap { "dovecot" } else { "postfix-sasl" };
            let mut smtpd = Worker::default();
            let mut t = self.start.add(rng.gen_range(0..self.duration / 4));
            let mut recent: Vec<Time> = Vec::new();
            let mut banned_until: Option<Time> = None;
            let mut made = 0;
            while made < per && t < end {
                if banned_until.is_some_and(|u| t < u) {
                    t = t.add(rng.gen_range(20 * SECOND..60 * SECOND));
                    continue;
                }
                let (failed, seen) = if imap {
                    let user = users[rng.gen_range(0..users.len())];
                    let session = Token::<16>::new(rng);
                    let lip = if ip.contains(':') {
                        &world.ipv6
                    } else {
                        &world.ipv4
                    };
                    dovecot(
                        out,
                        t,
                        format_args!(
                            "imap-login: Disconnected: Connection closed (auth failed, 1 attempts in {} secs): user=<{user}@{}>, method=PLAIN, rip={ip}, lip={lip}, TLS, session=<{session}>",
                            rng.gen_range(2..9),
                            world.domain
                        ),
                    );
                    let seen = t.add(rng.gen_range(100_000..700_000));
                    fail2ban::found(world, out, jail, &ip, t, seen);
                    (t, seen)
                } else {
                    let failed = sasl_failure(world, out, rng, &mut smtpd, &ip, t);
                    // sasl_failure wrote the Found at most 0.7 s after the failure.
                    (failed, failed.add(700_000))
                };
                made += 1;
                self.failures += 1;
                self.last = Some(self.last.map_or(failed, |l| l.max(failed)));
                recent.retain(|r| failed.since(*r) < 600 * SECOND);
                recent.push(failed);
                if recent.len() >= 5 {
                    let ban = seen.add(rng.gen_range(30_000..300_000));
                    let unban = ban.add(BANTIME + rng.gen_range(0..900_000));
                    fail2ban::ban(world, out, jail, &ip, ban);
                    fail2ban::unban(world, out, jail, &ip, unban);
                    self.bans.push((jail.to_owned(), ip.clone(), ban, unban));
                    banned_until = Some(unban);
                    recent.clear();
                }
                let gap = if fast {
                    rng.gen_range(8 * SECOND..40 * SECOND)
                } else {
                    rng.gen_range(160 * SECOND..300 * SECOND)
                };
                t = failed.add(gap);
            }
        }
    }

    fn record(&self, world: &World, expected: &mut Expected) {
        let stamp = |t: Time| world.clock.stamp(t, Style::Rfc3339).to_string();
        for (jail, ip, ban, unban) in &self.bans {
            if *ban < world.end {
                expected.bans.push(Ban {
                    jail: jail.clone(),
                    ip: ip.clone(),
                    ban: stamp(*ban),
                    unban: (*unban < world.end).then(|| stamp(*unban)),
                });
            }
        }
        expected.decoys.push(DecoyTruth {
            resembles: "auth_brute_force".into(),
            start: stamp(self.start),
            end: stamp(self.last.unwrap_or(self.start)),
            summary: format!(
                "a password storm: {} failed SMTP AUTH and IMAP logins from {} addresses, {} \
                 bans; no login succeeded and nothing else was affected",
                self.failures,
                self.attackers,
                self.bans.len()
            ),
        });
    }
}

/// The admin restarts MariaDB.
#[derive(Debug)]
struct DbRestart {
    rng: ChaCha8Rng,
    times: Restart,
    via: RestartVia,
    done: bool,
}

impl Generator for DbRestart {
    fn run(&mut self, window: Window, world: &World, out: &mut Sink<'_>) {
        let r = self.times;
        let login = r.cmd.add(-2 * MINUTE - 51 * SECOND);
        if self.done || !window.contains(login) {
            return;
        }
        self.done = true;
        let rng = &mut self.rng;
        let started = world
            .db_starts
            .iter()
            .rev()
            .find(|s| **s < r.cmd)
            .copied()
            .unwrap_or(world.boot);
        let jitter = |rng: &mut ChaCha8Rng| rng.gen_range(0..SECOND);
        let logout = r.ready.add(2 * MINUTE + 14 * SECOND + jitter(rng));
        match self.via {
            RestartVia::Systemctl => {
                let cmds = [
                    (r.cmd.add(-35_000), "/usr/bin/systemctl restart mariadb"),
                    (
                        r.ready.add(21 * SECOND + jitter(rng)),
                        "/usr/bin/systemctl status mariadb",
                    ),
                ];
                admin_session(world, out, rng, login, &cmds, logout);
                let complete = db::shutdown(world, out, rng, r.shutdown, "unknown");
                db::unit_stop(out, rng, r.cmd.add(24_000), complete, started);
            }
            RestartVia::AdminShutdown => {
                let cmds = [
                    (
                        r.cmd.add(-71 * SECOND - jitter(rng)),
                        "/usr/bin/vi /etc/mysql/mariadb.conf.d/50-server.cnf",
                    ),
                    (r.cmd.add(-20_000), "/usr/bin/mariadb-admin shutdown"),
                    (r.start.add(-28_000), "/usr/bin/systemctl start mariadb"),
                    (
                        r.ready.add(25 * SECOND + jitter(rng)),
                        "/usr/bin/systemctl status mariadb",
                    ),
                ];
                admin_session(world, out, rng, login, &cmds, logout);
                let complete =
                    db::shutdown(world, out, rng, r.shutdown, "root[root] @ localhost []");
                let gone = complete.add(rng.gen_range(5_000..30_000));
                systemd(
                    out,
                    gone,
                    format_args!("mariadb.service: Deactivated successfully."),
                );
                let took = consumed(rng, started, complete);
                systemd(out, gone.add(400), format_args!("mariadb.service: {took}"));
            }
        }
        db::start(world, out, rng, r.start, r.ready, false);
    }

    fn record(&self, world: &World, expected: &mut Expected) {
        let stamp = |t: Time| world.clock.stamp(t, Style::Rfc3339).to_string();
        let r = self.times;
        let how = match self.via {
            RestartVia::Systemctl => "sudo systemctl restart mariadb",
            RestartVia::AdminShutdown => {
                "sudo mariadb-admin shutdown, then sudo systemctl start mariadb"
            }
        };
        expected.decoys.push(DecoyTruth {
            resembles: "db_stopped".into(),
            start: stamp(r.shutdown),
            end: stamp(r.ready),
            summary: format!(
                "the admin restarted MariaDB ({how}): down {} seconds, no outage",
                r.ready.since(r.shutdown).div_euclid(SECOND)
            ),
        });
    }
}
