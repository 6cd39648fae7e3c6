//! The founding story: a PHP form abused to send mail → memory runs out → the kernel kills
//! MariaDB → the site is down until the admin starts the database again.
//!
//! What this injector writes (the background reacts to the outage by itself, through
//! [`World::php`]):
//! - `nginx/access.log`: the bots' posts to the form, and the admin's own 502;
//! - `mail.log`: each message's `pickup` (uid 33), `cleanup`, `qmgr`, `smtp` and `removed`
//!   lines, with the remote domains' greylisting (450) and rate limiting (421, then `delivery
//!   temporarily suspended`) and the deferred queue's retries at each queue run;
//! - `kern.log` and `syslog`: the OOM-killer report;
//! - `syslog`: systemd noticing (`A process of this unit has been killed by the OOM killer.`,
//!   `Failed with result 'oom-kill'.`) and, later, starting MariaDB again. Debian's unit has
//!   `Restart=on-abort`, which does not cover an OOM kill, so nothing restarts it;
//! - `mysql/error.log`: nothing at the kill (SIGKILL leaves no last words), then the startup
//!   with InnoDB's crash recovery;
//! - `auth.log`: the admin's SSH session and `sudo systemctl start mariadb`.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashSet};

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::expected::{Expected, MassMailTruth, OomKill, Span};
use crate::gen::mail::{delivery, pf, postfix_message_id, secs};
use crate::gen::pids::{MARIADBD, QMGR};
use crate::gen::system::{admin_session, ADMIN_IP};
use crate::gen::web::{access, serve_php, Request};
use crate::gen::{Generator, Window, Worker};
use crate::incident::db;
use crate::incident::oom::{self, Task};
use crate::names::{local_part, Hex, QueueId, Token, BROWSERS};
use crate::scenario::MassMail;
use crate::sink::{LogFile, Sink};
use crate::time::{Style, Time, MINUTE, SECOND};
use crate::world::World;

/// How a remote domain treats the burst.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Policy {
    Accept,
    /// 450 4.7.1 on the first attempt of each recipient.
    Greylist,
    /// 421 once more than this many messages arrived within a minute.
    RateLimit(usize),
}

/// The recipients' domains: domain, MX, its address, share of the recipients, policy.
const DOMAINS: [(&str, &str, &str, u32, Policy); 5] = [
    (
        "example.net",
        "mx1.example.net",
        "198.51.100.25",
        40,
        Policy::Accept,
    ),
    (
        "example.org",
        "mx.example.org",
        "198.51.100.40",
        19,
        Policy::Greylist,
    ),
    (
        "inbox.test",
        "mx.inbox.test",
        "198.51.100.61",
        9,
        Policy::RateLimit(18),
    ),
    (
        "mail.test",
        "mx1.mail.test",
        "2001:db8:5::25",
        18,
        Policy::Accept,
    ),
    (
        "post.example",
        "mx.post.example",
        "198.51.100.88",
        14,
        Policy::Accept,
    ),
];

/// The bots that post the form.
const BOTS: [&str; 3] = ["203.0.113.200", "203.0.113.201", "203.0.113.202"];

/// Postfix's queue run interval and back-off bounds (defaults).
const QUEUE_RUN: i64 = 300 * SECOND;
const MIN_BACKOFF: i64 = 300 * SECOND;
const MAX_BACKOFF: i64 = 4_000 * SECOND;

#[derive(Debug)]
struct Msg {
    qid: QueueId,
    queued: Time,
    rcpt: String,
    domain: usize,
    size: u32,
    deferrals: u32,
    delivered: Option<Time>,
}

/// The incident's injector.
#[derive(Debug)]
pub(crate) struct MassMailIncident {
    rng: ChaCha8Rng,
    params: MassMail,
    done: bool,
    truth: Option<MassMailTruth>,
    kill: Option<Time>,
}

impl MassMailIncident {
    pub fn new(world: &World, params: MassMail) -> Self {
        MassMailIncident {
            rng: world.rng("incident/mass-mail"),
            params,
            done: false,
            truth: None,
            kill: None,
        }
    }

    /// The bots' posts and the messages they make Postfix queue.
    fn burst(&mut self, world: &World, out: &mut Sink<'_>, start: Time) -> Vec<Msg> {
        let p = &self.params;
        let rng = &mut self.rng;
        let target = p.messages.max(1) as usize;
        let mean_gap = i64::from(p.duration_secs.max(1)) * SECOND * 4 / target as i64;
        let domain = &world.domain;
        let mut pickup = Worker::default();
        let cleanups: Vec<u32> = (0..3)
            .map(|i| world.pid(start.add(i * SECOND), rng))
            .collect();
        let mut seen = HashSet::new();
        let mut msgs: Vec<Msg> = Vec::with_capacity(target + 5);
        let referrer = format!("https://{domain}/contact/");
        let mut t = start;
        let mut post = 0usize;
        while msgs.len() < target {
            let ip = BOTS[(post + rng.gen_range(0..2)) % BOTS.len()];
            let k = rng.gen_range(3..=5);
            let mut q = t.add(rng.gen_range(40_000..90_000));
            for _ in 0..k {
                let d = pick_domain(rng);
                let rcpt = loop {
                    let candidate = format!("{}@{}", local_part(rng), DOMAINS[d].0);
                    if seen.insert(candidate.clone()) {
                        break candidate;
                    }
                };
                let qid = QueueId::new(q, rng);
                let pid = pickup.at(q, 100, world, rng);
                pf(
                    out,
                    q,
                    "pickup",
                    pid,
                    format_args!("{qid}: uid={} from=<www-data@{domain}>", p.uid),
                );
                let c = q.add(rng.gen_range(4_000..25_000));
                let cleanup = cleanups[msgs.len() % cleanups.len()];
                let msgid = postfix_message_id(world, q, qid);
                pf(
                    out,
                    c,
                    "cleanup",
                    cleanup,
                    format_args!("{qid}: message-id={msgid}"),
                );
                msgs.push(Msg {
                    qid,
                    queued: q,
                    rcpt,
                    domain: d,
                    size: rng.gen_range(2_100..2_600),
                    deferrals: 0,
                    delivered: None,
                });
                q = c.add(rng.gen_range(30_000..110_000));
            }
            let req = Request {
                ip,
                method: "POST",
                path: &p.form,
                proto: "HTTP/1.1",
                referrer: &referrer,
                ua: BROWSERS[0],
                host: domain,
            };
            access(
                world,
                out,
                q.add(rng.gen_range(5_000..40_000)),
                &req,
                200,
                38,
            );
            post += 1;
            t = t.add(mean_gap * rng.gen_range(55..145) / 100);
        }
        msgs
    }

    /// Queue manager and delivery agents: first attempts as the messages arrive, retries at
    /// queue runs, in time order (a small discrete-event simulation).
    fn deliver(
        &mut self,
        world: &World,
        out: &mut Sink<'_>,
        start: Time,
        kill: Time,
        msgs: &mut [Msg],
    ) {
        let rng = &mut self.rng;
        let domain = &world.domain;
        let pressure =
            |t: Time| (t.since(start) as f64 / kill.since(start).max(1) as f64).clamp(0.0, 1.0);
        let run_phase = rng.gen_range(0..QUEUE_RUN);
        // (attempt time, order, message, time it entered the active queue)
        let mut heap: BinaryHeap<Reverse<(Time, u64, usize, Time)>> = BinaryHeap::new();
        let mut order = 0u64;
        for (i, m) in msgs.iter().enumerate() {
            let p = pressure(m.queued);
            let active = m.queued.add(
                rng.gen_range(35_000..80_000)
                    + (p * p * rng.gen_range(0.0..2.5) * SECOND as f64) as i64,
            );
            pf(
                out,
                active,
                "qmgr",
                QMGR,
                format_args!(
                    "{}: from=<www-data@{domain}>, size={}, nrcpt=1 (queue active)",
                    m.qid, m.size
                ),
            );
            let at = active.add(
                rng.gen_range(20_000..200_000)
                    + (p * rng.gen_range(0.0..1.5) * SECOND as f64) as i64,
            );
            heap.push(Reverse((at, order, i, active)));
            order += 1;
        }
        let mut pools: Vec<Vec<u32>> = vec![Vec::new(); DOMAINS.len()];
        let mut accepted: Vec<Vec<Time>> = vec![Vec::new(); DOMAINS.len()];
        let mut suspended_until = vec![Time::from_micros(i64::MIN); DOMAINS.len()];
        let mut greylisted: HashSet<usize> = HashSet::new();
        let mut per_run: BTreeMap<i64, u64> = BTreeMap::new();
        let horizon = world.end;
        while let Some(Reverse((at, _, i, active))) = heap.pop() {
            if at > horizon {
                break;
            }
            let m = &mut msgs[i];
            let (_, mx, mx_ip, _, policy) = DOMAINS[m.domain];
            let relay = format!("{mx}[{mx_ip}]:25");
            // An smtp process for this destination: more of them as the queue fills.
            let pool = &mut pools[m.domain];
            let want = 2 + (pressure(at) * 18.0) as usize;
            let pid = if pool.len() < want.min(20) {
                let pid = world.pid(at, rng);
                pool.push(pid);
                pid
            } else {
                pool[rng.gen_range(0..pool.len())]
            };
            let before = [secs(m.queued, active), secs(active, at)];
            let connect = rng.gen_range(0.08..0.5) * (1.0 + 3.0 * pressure(at));
            let outcome = match policy {
                Policy::Greylist if greylisted.insert(i) => Err(false),
                Policy::RateLimit(limit) => {
                    let window_start = at.add(-MINUTE);
                    let recent = &mut accepted[m.domain];
                    recent.retain(|t| *t >= window_start);
                    if at < suspended_until[m.domain] {
                        Err(true)
                    } else if recent.len() >= limit {
                        suspended_until[m.domain] = at.add(MIN_BACKOFF);
                        Err(false)
                    } else {
                        recent.push(at);
                        Ok(())
                    }
                }
                _ => Ok(()),
            };
            let deferred_at = match outcome {
                Ok(()) => {
                    let xfer = rng.gen_range(0.1..0.7);
                    let done = at.add(((connect + xfer) * SECOND as f64) as i64);
                    let reply = match m.domain {
                        0 => format!(
                            "250 2.0.0 Ok: queued as {}",
                            Token::<14>::new(rng).to_string().replace(['+', '/'], "k")
                        ),
                        1 => format!(
                            "250 2.0.0 Ok: queued as {}",
                            Hex::<11>::new(rng).to_string().to_uppercase()
                        ),
                        2 => format!(
                            "250 2.0.0 OK {} {} - inbox",
                            done.unix_seconds(),
                            Token::<12>::new(rng).to_string().replace(['+', '/'], "z")
                        ),
                        3 => format!(
                            "250 2.0.0 Ok: queued as {}",
                            Hex::<10>::new(rng).to_string().to_uppercase()
                        ),
                        _ => "250 Message accepted for delivery".to_owned(),
                    };
                    delivery(
                        out,
                        done,
                        "smtp",
                        pid,
                        m.qid,
                        &m.rcpt,
                        &relay,
                        [before[0], before[1], connect, xfer],
                        "2.0.0",
                        "sent",
                        format_args!("{reply}"),
                    );
                    pf(
                        out,
                        done.add(rng.gen_range(300..3_000)),
                        "qmgr",
                        QMGR,
                        format_args!("{}: removed", m.qid),
                    );
                    m.delivered = Some(done);
                    None
                }
                Err(true) => {
                    // The destination is marked dead: no connection is even tried.
                    let done = at.add(rng.gen_range(500..4_000));
                    delivery(
                        out,
                        done,
                        "smtp",
                        pid,
                        m.qid,
                        &m.rcpt,
                        "none",
                        [before[0], before[1], 0.0, 0.0],
                        "4.7.0",
                        "deferred",
                        format_args!("delivery temporarily suspended: host {mx}[{mx_ip}] refused to talk to me: 421 4.7.0 {mx} Error: too many connections from {}", world.ipv4),
                    );
                    Some(done)
                }
                Err(false) => {
                    let done = at.add(((connect + 0.04) * SECOND as f64) as i64);
                    if let Policy::Greylist = policy {
                        delivery(
                            out,
                            done,
                            "smtp",
                            pid,
                            m.qid,
                            &m.rcpt,
                            &relay,
                            [before[0], before[1], connect, 0.04],
                            "4.7.1",
                            "deferred",
                            format_args!("host {mx}[{mx_ip}] said: 450 4.7.1 <{}>: Recipient address rejected: Greylisted for 300 seconds (in reply to RCPT TO command)", m.rcpt),
                        );
                    } else {
                        delivery(
                            out,
                            done,
                            "smtp",
                            pid,
                            m.qid,
                            &m.rcpt,
                            &relay,
                            [before[0], before[1], connect, 0.0],
                            "4.7.0",
                            "deferred",
                            format_args!("host {mx}[{mx_ip}] refused to talk to me: 421 4.7.0 {mx} Error: too many connections from {}", world.ipv4),
                        );
                    }
                    Some(done)
                }
            };
            if let Some(done) = deferred_at {
                m.deferrals += 1;
                let backoff = (MIN_BACKOFF << (m.deferrals - 1).min(8)).min(MAX_BACKOFF);
                let eligible = done.add(backoff);
                // The next queue run at or after `eligible`.
                let runs = (eligible.micros() - run_phase).div_euclid(QUEUE_RUN) + 1;
                let run = runs * QUEUE_RUN + run_phase;
                let slot = per_run.entry(run).or_insert(0);
                *slot += 1;
                let active = Time::from_micros(run).add(*slot as i64 * rng.gen_range(2_000..9_000));
                if active <= horizon {
                    pf(
                        out,
                        active,
                        "qmgr",
                        QMGR,
                        format_args!(
                            "{}: from=<www-data@{domain}>, size={}, nrcpt=1 (queue active)",
                            m.qid, m.size
                        ),
                    );
                }
                heap.push(Reverse((
                    active.add(rng.gen_range(15_000..250_000)),
                    order,
                    i,
                    active,
                )));
                order += 1;
            }
        }
    }

    fn tasks(&mut self, world: &World, kill: Time, invoker: u32) -> (Vec<Task>, Task) {
        let rng = &mut self.rng;
        let victim = Task {
            pgtables_bytes: 3_493_888,
            ..Task::new(MARIADBD, 106, 704_352, 350_539, 25_114, 0, "mariadbd")
        };
        let mut tasks = vec![
            Task::new(268, 0, 16_627, 412, 320, -250, "systemd-journal"),
            Task::new(301, 0, 6_610, 203, 312, -1000, "systemd-udevd"),
            Task::new(587, 997, 22_516, 118, 169, 0, "systemd-timesyn"),
            Task::new(598, 0, 1_681, 71, 38, 0, "cron"),
            Task::new(599, 100, 2_275, 142, 74, -900, "dbus-daemon"),
            Task::new(601, 0, 4_369, 214, 197, 0, "systemd-logind"),
            Task::new(642, 0, 55_189, 601, 411, 0, "rsyslogd"),
            Task::new(733, 0, 3_855, 262, 310, -1000, "sshd"),
            Task::new(812, 0, 261_405, 4_128, 6_311, 0, "fail2ban-server"),
            Task::new(889, 0, 1_824, 103, 70, 0, "dovecot"),
            Task::new(893, 111, 1_117, 41, 31, 0, "anvil"),
            Task::new(894, 0, 1_151, 98, 39, 0, "log"),
            Task::new(896, 0, 3_390, 402, 1_120, 0, "config"),
            Task::new(987, 0, 63_214, 1_244, 3_002, 0, "php-fpm8.2"),
            Task::new(1_019, 0, 14_110, 331, 381, 0, "nginx"),
            Task::new(1_021, 33, 14_692, 1_502, 617, 0, "nginx"),
            Task::new(1_022, 33, 14_651, 1_488, 603, 0, "nginx"),
            victim.clone(),
            Task::new(1_305, 0, 10_096, 152, 131, 0, "master"),
            Task::new(QMGR, 107, 10_163, 266, 142, 0, "qmgr"),
            Task::new(1_486, 0, 91_412, 2_730, 5_120, 0, "sw-engine"),
            Task::new(1_490, 0, 26_844, 912, 1_764, 0, "sw-cp-serverd"),
        ];
        // PHP-FPM's workers (www-data), one of them the allocating task, and the mail
        // processes of the burst: most of the memory.
        let mut pids: Vec<u32> = (0..15)
            .map(|i| world.pid(kill.add(-(i + 2) * 4 * MINUTE), rng))
            .collect();
        pids.push(invoker);
        for pid in pids {
            tasks.push(Task::new(
                pid,
                33,
                78_211 + rng.gen_range(0..3_000),
                25_400 + rng.gen_range(0..1_800),
                rng.gen_range(2_000..5_200),
                0,
                "php-fpm8.2",
            ));
        }
        let smtp: Vec<u32> = (0..22)
            .map(|i| world.pid(kill.add(-(i + 1) * 35 * SECOND), rng))
            .collect();
        for pid in smtp {
            tasks.push(Task::new(
                pid,
                107,
                10_921,
                1_150 + rng.gen_range(0..160),
                0,
                0,
                "smtp",
            ));
        }
        for (i, name) in ["pickup", "cleanup", "cleanup", "cleanup", "tlsmgr"]
            .iter()
            .enumerate()
        {
            let pid = world.pid(kill.add(-(15 - i as i64) * MINUTE), rng);
            tasks.push(Task::new(
                pid,
                107,
                10_189,
                322 + rng.gen_range(0..400),
                0,
                0,
                name,
            ));
        }
        tasks.sort_by_key(|t| t.pid);
        tasks.dedup_by_key(|t| t.pid);
        (tasks, victim)
    }
}

fn pick_domain(rng: &mut impl Rng) -> usize {
    let total: u32 = DOMAINS.iter().map(|d| d.3).sum();
    let mut pick = rng.gen_range(0..total);
    for (i, d) in DOMAINS.iter().enumerate() {
        if pick < d.3 {
            return i;
        }
        pick -= d.3;
    }
    0
}

impl Generator for MassMailIncident {
    fn run(&mut self, window: Window, world: &World, out: &mut Sink<'_>) {
        let start = world.clock.at(self.params.start).max(window.from);
        if self.done || start >= window.to {
            return;
        }
        self.done = true;
        let (kill, ready) = world
            .db_down
            .first()
            .map_or((world.end, world.end), |d| (d.from, d.to));
        let requested = world.clock.at(self.params.restart_at);

        // The burst and its deliveries.
        let mut msgs = self.burst(world, out, start);
        self.deliver(world, out, start, kill, &mut msgs);

        // Memory runs out: the kernel kills the biggest task, MariaDB.
        let invoker = world.pid(kill.add(-3 * MINUTE), &mut self.rng);
        let (tasks, victim) = self.tasks(world, kill, invoker);
        let report = oom::Report {
            invoker: ("php-fpm8.2", invoker),
            victim: &victim,
            memcg: "/system.slice/mariadb.service",
            tasks: &tasks,
            ram_pages: 1_048_426,
            swap_kb: 1_048_572,
        };
        let reaped = oom::write(out, &mut self.rng, kill, &report);
        let mut t = reaped.add(self.rng.gen_range(20_000..60_000));
        for msg in [
            "mariadb.service: A process of this unit has been killed by the OOM killer.".to_owned(),
            "mariadb.service: Main process exited, code=killed, status=9/KILL".to_owned(),
            "mariadb.service: Failed with result 'oom-kill'.".to_owned(),
            format!(
                "mariadb.service: Consumed 3h 41min {}.{:03}s CPU time.",
                self.rng.gen_range(10..59),
                self.rng.gen_range(0..1000)
            ),
        ] {
            out.syslog(
                LogFile::Syslog,
                t,
                "systemd",
                Some(1),
                format_args!("{msg}"),
            );
            t = t.add(self.rng.gen_range(200..3_000));
        }
        self.kill = Some(kill);

        // The admin notices, looks, and starts the database again.
        let rng = &mut self.rng;
        let req = Request {
            ip: ADMIN_IP,
            method: "GET",
            path: "/wp-admin/",
            proto: "HTTP/2.0",
            referrer: "-",
            ua: BROWSERS[7],
            host: &world.domain,
        };
        let jitter = |rng: &mut ChaCha8Rng| rng.gen_range(0..SECOND);
        let browse = requested.add(-5 * MINUTE - 37 * SECOND + jitter(rng));
        serve_php(world, out, rng, browse, &req, 200, 61_204);
        let again = browse.add(14 * SECOND + jitter(rng));
        serve_php(world, out, rng, again, &req, 200, 61_204);
        let login = requested.add(-3 * MINUTE - 9 * SECOND + jitter(rng));
        let cmds = [
            (
                login.add(39 * SECOND + jitter(rng)),
                "/usr/bin/systemctl status mariadb",
            ),
            (
                login.add(108 * SECOND + jitter(rng)),
                "/usr/bin/tail -n 50 /var/log/mysql/error.log",
            ),
            (
                requested.add(-rng.gen_range(2_000..9_000)),
                "/usr/bin/systemctl start mariadb",
            ),
            (
                ready.add(47 * SECOND + jitter(rng)),
                "/usr/bin/systemctl status mariadb",
            ),
        ];
        let logout = ready.add(5 * MINUTE + 12 * SECOND + jitter(rng));
        admin_session(world, out, rng, login, &cmds, logout);
        let back = ready.add(71 * SECOND + jitter(rng));
        serve_php(world, out, rng, back, &req, 200, 61_204);
        db::start(world, out, &mut self.rng, requested, ready, true);

        // Ground truth.
        let stamp = |t: Time| world.clock.stamp(t, Style::Rfc3339).to_string();
        let first = msgs.iter().map(|m| m.queued).min().unwrap_or(start);
        let last = msgs.iter().map(|m| m.queued).max().unwrap_or(start);
        let mut domains: Vec<String> = DOMAINS.iter().map(|d| d.0.to_owned()).collect();
        domains.sort();
        self.truth = Some(MassMailTruth {
            start: stamp(first),
            end: stamp(last),
            messages: msgs.len() as u32,
            uid: self.params.uid,
            sender: format!("www-data@{}", world.domain),
            form: self.params.form.clone(),
            clients: BOTS.iter().map(|b| (*b).to_owned()).collect(),
            recipients: msgs.len() as u32,
            domains,
            deferred: msgs.iter().filter(|m| m.deferrals > 0).count() as u32,
            still_queued: msgs
                .iter()
                .filter(|m| m.delivered.is_none_or(|t| t >= world.end))
                .count() as u32,
        });
    }

    fn record(&self, world: &World, expected: &mut Expected) {
        let stamp = |t: Time| world.clock.stamp(t, Style::Rfc3339).to_string();
        expected.root_cause = Some("mass_mail".into());
        expected.chain = vec!["mass_mail".into(), "oom_kill".into(), "db_down".into()];
        if let Some(kill) = self.kill {
            expected.incident_time = Some(stamp(kill));
            expected.oom_kill = Some(OomKill {
                time: stamp(kill),
                process: "mariadbd".into(),
                pid: MARIADBD,
                uid: 106,
                unit: "mariadb.service".into(),
                invoked_by: "php-fpm8.2".into(),
            });
        }
        if let Some(d) = world.db_down.first() {
            expected.db_down = Some(Span {
                start: stamp(d.from),
                end: stamp(d.to),
            });
        }
        expected.mass_mail = self.truth.clone();
    }
}
