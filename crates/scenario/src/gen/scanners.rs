//! The internet's background noise and Fail2Ban's answer to it.
//!
//! Campaigns hammer one service from one address until the jail's `maxretry` is reached:
//! SSH password guessing (`sshd`, in `auth.log`), SMTP AUTH guessing (`postfix-sasl`, in
//! `mail.log`), probes for backups and secrets (`nginx-botsearch`) and WordPress login guessing
//! (`plesk-wordpress`). Each failure gets its `Found`, the last one a `Ban`, and the ban is
//! lifted ten minutes later; a quarter of the attackers come back for a second round. Around
//! them, scattered one-off failures never reach a ban.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::gen::fail2ban::{self, BANTIME};
use crate::gen::mail::sasl_failure;
use crate::gen::web::{serve_missing, serve_php, Request};
use crate::gen::{Generator, Window, Worker};
use crate::names::{campaign_attacker, noise_attacker, SCRIPTS};
use crate::sink::{LogFile, Sink};
use crate::time::{Time, MINUTE, SECOND};
use crate::traffic::{arrivals, Profile};
use crate::world::World;

/// A ban Fail2Ban imposed (part of the ground truth).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ban {
    /// The jail.
    pub jail: String,
    /// The banned address.
    pub ip: String,
    /// When it was banned (RFC 3339).
    pub ban: String,
    /// When it was unbanned, if within the logs.
    pub unban: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Ssh,
    Sasl,
    Botsearch,
    WpLogin,
}

const USERS: [&str; 10] = [
    "admin", "ubuntu", "test", "oracle", "postgres", "git", "user", "ftpuser", "deploy", "guest",
];

const PROBES: [&str; 9] = [
    "/.env",
    "/.git/config",
    "/backup.sql",
    "/wp-config.php.bak",
    "/db.sql.gz",
    "/site.tar.gz",
    "/.aws/credentials",
    "/config.json.bak",
    "/wp-content/backup-db/backup.zip",
];

/// One SSH login attempt with a wrong password from `ip` for `user`, started at `t`; returns
/// the time of the `Failed password` line.
pub(crate) fn ssh_attempt(
    world: &World,
    out: &mut Sink<'_>,
    rng: &mut impl Rng,
    ip: &str,
    user: &str,
    t: Time,
) -> Time {
    let pid = world.pid(t, rng);
    let port = rng.gen_range(32_768..61_000);
    let auth = |out: &mut Sink<'_>, at: Time, msg: std::fmt::Arguments<'_>| {
        out.syslog(LogFile::AuthLog, at, "sshd", Some(pid), msg);
    };
    let failed = t.add(rng.gen_range(1_800_000..3_200_000));
    let bye = failed.add(rng.gen_range(100_000..900_000));
    if user == "root" {
        auth(
            out,
            t.add(rng.gen_range(50_000..400_000)),
            format_args!("pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user=root"),
        );
        auth(
            out,
            failed,
            format_args!("Failed password for root from {ip} port {port} ssh2"),
        );
        auth(
            out,
            bye,
            format_args!("Received disconnect from {ip} port {port}:11: Bye Bye [preauth]"),
        );
        auth(
            out,
            bye.add(120),
            format_args!("Disconnected from authenticating user root {ip} port {port} [preauth]"),
        );
    } else {
        auth(
            out,
            t,
            format_args!("Invalid user {user} from {ip} port {port}"),
        );
        let pam = t.add(rng.gen_range(50_000..400_000));
        auth(
            out,
            pam,
            format_args!("pam_unix(sshd:auth): check pass; user unknown"),
        );
        auth(
            out,
            pam.add(90),
            format_args!("pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}"),
        );
        auth(
            out,
            failed,
            format_args!("Failed password for invalid user {user} from {ip} port {port} ssh2"),
        );
        auth(
            out,
            bye,
            format_args!("Received disconnect from {ip} port {port}:11: Bye Bye [preauth]"),
        );
        auth(
            out,
            bye.add(120),
            format_args!("Disconnected from invalid user {user} {ip} port {port} [preauth]"),
        );
    }
    failed
}

/// Scanner campaigns, scattered failures and Fail2Ban.
#[derive(Debug)]
pub(crate) struct Scanners {
    rng: ChaCha8Rng,
    extra: Vec<Time>,
    bans: Vec<(String, String, Time, Time)>,
    times: Vec<Time>,
}

impl Scanners {
    pub fn new(world: &World, extra: Vec<Time>) -> Self {
        Scanners {
            rng: world.rng("scanners"),
            extra,
            bans: Vec::new(),
            times: Vec::new(),
        }
    }

    /// The `Found` → `Ban` → `Unban` bookkeeping after the failure seen at `seen`; returns
    /// the unban time once the jail has banned.
    #[allow(clippy::too_many_arguments)] // the world and the sink, then the ban's own facts
    fn count(
        &mut self,
        world: &World,
        out: &mut Sink<'_>,
        jail: &str,
        ip: &str,
        seen: Time,
        n: u32,
        maxretry: u32,
    ) -> Option<Time> {
        if n < maxretry {
            return None;
        }
        let ban = seen.add(self.rng.gen_range(30_000..300_000));
        fail2ban::ban(world, out, jail, ip, ban);
        let unban = ban.add(BANTIME + self.rng.gen_range(0..900_000));
        fail2ban::unban(world, out, jail, ip, unban);
        self.bans.push((jail.to_owned(), ip.to_owned(), ban, unban));
        Some(unban)
    }

    fn campaign(&mut self, world: &World, out: &mut Sink<'_>, kind: Kind, start: Time) {
        let ip = campaign_attacker(&mut self.rng);
        let rounds = if self.rng.gen_bool(0.25) { 2 } else { 1 };
        let mut t = start;
        for _ in 0..rounds {
            let Some(unban) = self.round(world, out, kind, &ip, t) else {
                return;
            };
            t = unban.add(self.rng.gen_range(20 * MINUTE..180 * MINUTE));
        }
    }

    /// One round of attempts until the ban; returns the unban time.
    fn round(
        &mut self,
        world: &World,
        out: &mut Sink<'_>,
        kind: Kind,
        ip: &str,
        start: Time,
    ) -> Option<Time> {
        let mut t = start;
        let mut n = 0;
        let mut smtpd = Worker::default();
        let ua = SCRIPTS[self.rng.gen_range(0..SCRIPTS.len())];
        let mut probes = PROBES;
        for i in (1..probes.len()).rev() {
            probes.swap(i, self.rng.gen_range(0..=i));
        }
        for attempt in 0..40 {
            let rng = &mut self.rng;
            match kind {
                Kind::Ssh => {
                    let user = if rng.gen_bool(0.45) {
                        "root"
                    } else {
                        USERS[rng.gen_range(0..USERS.len())]
                    };
                    let failed = ssh_attempt(world, out, rng, ip, user, t);
                    let seen = failed.add(rng.gen_range(100_000..600_000));
                    fail2ban::found(world, out, "sshd", ip, failed, seen);
                    n += 1;
                    if let Some(unban) = self.count(world, out, "sshd", ip, seen, n, 5) {
                        return Some(unban);
                    }
                    t = failed.add(self.rng.gen_range(2 * SECOND..9 * SECOND));
                }
                Kind::Sasl => {
                    let failed = sasl_failure(world, out, rng, &mut smtpd, ip, t);
                    n += 1;
                    // sasl_failure wrote the Found a moment after the failure.
                    if let Some(unban) =
                        self.count(world, out, "postfix-sasl", ip, failed.add(700_000), n, 5)
                    {
                        return Some(unban);
                    }
                    t = failed.add(self.rng.gen_range(3 * SECOND..12 * SECOND));
                }
                Kind::Botsearch => {
                    let path = probes[attempt % probes.len()];
                    let req = Request {
                        ip,
                        method: "GET",
                        path,
                        proto: "HTTP/1.1",
                        referrer: "-",
                        ua,
                        host: &world.ipv4,
                    };
                    serve_missing(world, out, rng, t, &req);
                    let seen = t.add(rng.gen_range(200_000..900_000));
                    fail2ban::found(world, out, "nginx-botsearch", ip, t, seen);
                    n += 1;
                    if let Some(unban) = self.count(world, out, "nginx-botsearch", ip, seen, n, 2) {
                        return Some(unban);
                    }
                    t = t.add(self.rng.gen_range(300_000..2_000_000));
                }
                Kind::WpLogin => {
                    let req = Request {
                        ip,
                        method: "POST",
                        path: "/wp-login.php",
                        proto: "HTTP/1.1",
                        referrer: "-",
                        ua,
                        host: &world.domain,
                    };
                    let size = rng.gen_range(5_880..5_960);
                    if serve_php(world, out, rng, t, &req, 200, size) == 200 {
                        let seen = t.add(rng.gen_range(200_000..900_000));
                        fail2ban::found(world, out, "plesk-wordpress", ip, t, seen);
                        n += 1;
                        if let Some(unban) =
                            self.count(world, out, "plesk-wordpress", ip, seen, n, 5)
                        {
                            return Some(unban);
                        }
                    }
                    t = t.add(self.rng.gen_range(1_500_000..6 * SECOND));
                }
            }
        }
        None
    }

    fn noise(&mut self, world: &World, out: &mut Sink<'_>, window: Window) {
        let per_day = f64::from(world.size.bans_per_day.max(1));
        let mut times = std::mem::take(&mut self.times);
        // One or two SSH guesses.
        times.clear();
        arrivals(
            world,
            &mut self.rng,
            &Profile::FLAT,
            per_day * 7.0,
            window.from,
            window.to,
            &mut times,
        );
        for &t in &times {
            let rng = &mut self.rng;
            let ip = noise_attacker(rng);
            let user = if rng.gen_bool(0.5) {
                "root"
            } else {
                USERS[rng.gen_range(0..USERS.len())]
            };
            let failed = ssh_attempt(world, out, rng, &ip, user, t);
            fail2ban::found(
                world,
                out,
                "sshd",
                &ip,
                failed,
                failed.add(rng.gen_range(100_000..600_000)),
            );
            if rng.gen_bool(0.2) {
                let again = failed.add(rng.gen_range(20 * SECOND..4 * MINUTE));
                let failed = ssh_attempt(world, out, rng, &ip, user, again);
                fail2ban::found(
                    world,
                    out,
                    "sshd",
                    &ip,
                    failed,
                    failed.add(rng.gen_range(100_000..600_000)),
                );
            }
        }
        // Port scanners that open and close.
        times.clear();
        arrivals(
            world,
            &mut self.rng,
            &Profile::FLAT,
            per_day * 4.0,
            window.from,
            window.to,
            &mut times,
        );
        for &t in &times {
            let rng = &mut self.rng;
            let ip = noise_attacker(rng);
            let pid = world.pid(t, rng);
            let port = rng.gen_range(32_768..61_000);
            if rng.gen_bool(0.5) {
                out.syslog(
                    LogFile::AuthLog,
                    t,
                    "sshd",
                    Some(pid),
                    format_args!(
                        "error: kex_exchange_identification: Connection closed by remote host"
                    ),
                );
            }
            out.syslog(
                LogFile::AuthLog,
                t.add(150),
                "sshd",
                Some(pid),
                format_args!("Connection closed by {ip} port {port} [preauth]"),
            );
        }
        // A single probe for a backup file.
        times.clear();
        arrivals(
            world,
            &mut self.rng,
            &Profile::FLAT,
            per_day * 6.0,
            window.from,
            window.to,
            &mut times,
        );
        for &t in &times {
            let rng = &mut self.rng;
            let ip = noise_attacker(rng);
            let req = Request {
                ip: &ip,
                method: "GET",
                path: PROBES[rng.gen_range(0..PROBES.len())],
                proto: "HTTP/1.1",
                referrer: "-",
                ua: SCRIPTS[rng.gen_range(0..SCRIPTS.len())],
                host: &world.ipv4,
            };
            serve_missing(world, out, rng, t, &req);
            fail2ban::found(
                world,
                out,
                "nginx-botsearch",
                &ip,
                t,
                t.add(rng.gen_range(200_000..900_000)),
            );
        }
        self.times = times;
    }

    /// The bans imposed, for the expected answer.
    pub fn bans(&self, world: &World) -> Vec<Ban> {
        let stamp = |t: Time| {
            world
                .clock
                .stamp(t, crate::time::Style::Rfc3339)
                .to_string()
        };
        let mut sorted: Vec<&(String, String, Time, Time)> = self.bans.iter().collect();
        // By instant (the same as by text where the offset never changes).
        sorted.sort_by_key(|(_, _, ban, _)| *ban);
        sorted
            .into_iter()
            .filter(|(_, _, ban, _)| *ban < world.end)
            .map(|(jail, ip, ban, unban)| Ban {
                jail: jail.clone(),
                ip: ip.clone(),
                ban: stamp(*ban),
                unban: (*unban < world.end).then(|| stamp(*unban)),
            })
            .collect()
    }
}

impl Generator for Scanners {
    fn run(&mut self, window: Window, world: &World, out: &mut Sink<'_>) {
        let expected = f64::from(world.size.bans_per_day) * window.days();
        let whole = expected.floor();
        let n = whole as u32 + u32::from(self.rng.gen_bool((expected - whole).clamp(0.0, 1.0)));
        let mut starts: Vec<(Time, Kind)> = (0..n)
            .map(|_| {
                let t = window
                    .from
                    .add(self.rng.gen_range(0..window.to.since(window.from).max(1)));
                let kind = match self.rng.gen_range(0..20) {
                    0..=8 => Kind::Ssh,
                    9..=14 => Kind::Sasl,
                    15..=17 => Kind::Botsearch,
                    _ => Kind::WpLogin,
                };
                (t, kind)
            })
            .collect();
        for (i, &t) in self.extra.iter().enumerate() {
            if window.contains(t) {
                starts.push((t, if i % 2 == 0 { Kind::Sasl } else { Kind::Ssh }));
            }
        }
        starts.sort_by_key(|s| s.0);
        for (t, kind) in starts {
            self.campaign(world, out, kind, t);
        }
        self.noise(world, out, window);
    }

    fn record(&self, world: &World, expected: &mut crate::expected::Expected) {
        expected.bans = self.bans(world);
    }
}
