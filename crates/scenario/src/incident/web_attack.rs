//! An HTTP flood. A few addresses post to `/xmlrpc.php` (password guessing through
//! `system.multicall`, a thousand posts a minute between them) and two guess passwords on
//! `/wp-login.php`. Every post is a PHP request: PHP-FPM's small pool is saturated within
//! seconds, and nginx answers 502 (`connect() ... (11: Resource temporarily unavailable)`)
//! and 504 to nearly everyone, visitors included, while static files still load. Fail2Ban's
//! WordPress jail watches `wp-login.php` and bans the two guessers; nothing watches
//! `xmlrpc.php`. The admin, alerted by the monitor, denies the flooders in nginx and reloads
//! it: they get 403 and give up a few minutes later. The database is not involved.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::expected::{Ban, Expected, WebAttackTruth};
use crate::gen::fail2ban::{self, BANTIME};
use crate::gen::system::admin_session;
use crate::gen::web::{access, error, serve_php, Request};
use crate::gen::{Generator, Window};
use crate::incident::db::systemd;
use crate::scenario::WebAttack;
use crate::sink::Sink;
use crate::time::{Clock, Style, Time, MINUTE, SECOND};
use crate::world::{Plan, World};

/// The flooders' user agent.
const UA: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

/// The instants of the story.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Times {
    /// The first flood request.
    pub start: Time,
    /// PHP-FPM's pool is full.
    pub saturated: Time,
    /// The reload that puts the deny rules in force.
    pub blocked: Time,
    /// The flooders give up.
    pub end: Time,
}

pub(crate) fn times(p: &WebAttack, clock: &Clock) -> Times {
    let start = clock.at(p.start).add(117_302);
    let blocked = clock.at(p.block_at).add(310_554);
    Times {
        start,
        saturated: start.add(4 * SECOND + 80_011),
        blocked,
        end: blocked.add(4 * MINUTE + 37 * SECOND),
    }
}

pub(crate) fn plan(p: &WebAttack, clock: &Clock, plan: &mut Plan) {
    let t = times(p, clock);
    // The pool drains a second or two after the reload.
    plan.overloaded
        .push((t.saturated, t.blocked.add(1_600_000)));
    plan.busy
        .push((t.blocked.add(-15 * MINUTE), t.blocked.add(15 * MINUTE)));
    for ip in &p.guessers {
        plan.blocked.push((ip.clone(), t.start, t.end.add(BANTIME)));
    }
}

/// The injector.
#[derive(Debug)]
pub(crate) struct WebAttackIncident {
    rng: ChaCha8Rng,
    params: WebAttack,
    times: Times,
    done: bool,
    requests: u32,
    last: Option<Time>,
    bans: Vec<(String, Time, Time)>,
}

impl WebAttackIncident {
    pub fn new(world: &World, params: &WebAttack) -> Self {
        WebAttackIncident {
            rng: world.rng("incident/web-attack"),
            times: times(params, &world.clock),
            params: params.clone(),
            done: false,
            requests: 0,
            last: None,
            bans: Vec::new(),
        }
    }

    /// One flooder's posts to `/xmlrpc.php` from `start` until it gives up.
    fn flood(&mut self, world: &World, out: &mut Sink<'_>, ip: &str, start: Time) {
        let t = self.times;
        let host = world.domain.clone();
        let rng = &mut self.rng;
        let req = Request {
            ip,
            method: "POST",
            path: "/xmlrpc.php",
            proto: "HTTP/1.1",
            referrer: "-",
            ua: UA,
            host: &host,
        };
        let gap = 60 * SECOND / i64::from(self.params.per_minute.max(1));
        let mut at = start;
        while at < t.end {
            if at < t.blocked {
                let size = 1_348 + rng.gen_range(0..40);
                serve_php(world, out, rng, at, &req, 200, size);
                // Failures come back at once: the bots post faster than when they get answers.
                let step = if at >= t.saturated { gap * 3 / 4 } else { gap };
                at = at.add(step * rng.gen_range(40..160) / 100);
            } else {
                error(
                    world,
                    out,
                    rng,
                    at,
                    "error",
                    &req,
                    false,
                    format_args!("access forbidden by rule"),
                );
                access(world, out, at, &req, 403, 153);
                // Slower and slower, then they stop.
                let waited = at.since(t.blocked).max(0) / SECOND;
                at = at.add(gap * (2 + waited / 30) * rng.gen_range(40..160) / 100);
            }
            self.requests += 1;
            self.last = Some(self.last.map_or(at, |l| l.max(at)));
        }
    }

    /// A password guesser on `wp-login.php` until the WordPress jail bans it.
    fn guess(&mut self, world: &World, out: &mut Sink<'_>, ip: &str, start: Time) {
        let host = world.domain.clone();
        let rng = &mut self.rng;
        let req = Request {
            ip,
            method: "POST",
            path: "/wp-login.php",
            proto: "HTTP/1.1",
            referrer: "-",
            ua: UA,
            host: &host,
        };
        let mut at = start;
        for n in 1..=5 {
            let size = 5_912 + rng.gen_range(0..40);
            serve_php(world, out, rng, at, &req, 200, size);
            self.requests += 1;
            let seen = at.add(rng.gen_range(200_000..900_000));
            fail2ban::found(world, out, "plesk-wordpress", ip, at, seen);
            if n == 5 {
                let ban = seen.add(rng.gen_range(30_000..300_000));
                fail2ban::ban(world, out, "plesk-wordpress", ip, ban);
                let unban = ban.add(BANTIME + rng.gen_range(0..900_000));
                fail2ban::unban(world, out, "plesk-wordpress", ip, unban);
                self.bans.push((ip.to_owned(), ban, unban));
            }
            at = at.add(rng.gen_range(300_000..900_000));
        }
    }
}

impl Generator for WebAttackIncident {
    fn run(&mut self, window: Window, world: &World, out: &mut Sink<'_>) {
        let t = self.times;
        let first = t.start.add(-40 * SECOND);
        if self.done || !window.contains(first) {
            return;
        }
        self.done = true;
        let guessers = self.params.guessers.clone();
        for (i, ip) in guessers.iter().enumerate() {
            let at = first.add(i as i64 * 7 * SECOND + self.rng.gen_range(0..SECOND));
            self.guess(world, out, ip, at);
        }
        let flooders = self.params.flooders.clone();
        for (i, ip) in flooders.iter().enumerate() {
            let at = t.start.add(i as i64 * 800_000);
            self.flood(world, out, ip, at);
        }

        // The monitor alerts; the admin looks, denies the flooders and reloads nginx.
        let rng = &mut self.rng;
        let jitter = |rng: &mut ChaCha8Rng| rng.gen_range(0..SECOND);
        let login = t.blocked.add(-6 * MINUTE - 3 * SECOND);
        let cmds = [
            (
                login.add(31 * SECOND + jitter(rng)),
                "/usr/bin/tail -n 2000 /var/log/nginx/access.log",
            ),
            (
                login.add(2 * MINUTE + 5 * SECOND + jitter(rng)),
                "/usr/bin/vi /etc/nginx/conf.d/deny-flood.conf",
            ),
            (t.blocked.add(-41 * SECOND), "/usr/sbin/nginx -t"),
            (t.blocked.add(-320_000), "/usr/bin/systemctl reload nginx"),
        ];
        let logout = t.blocked.add(9 * MINUTE + 40 * SECOND + jitter(rng));
        admin_session(world, out, rng, login, &cmds, logout);
        let unit = "nginx.service - A high performance web server and a reverse proxy server";
        systemd(
            out,
            t.blocked.add(-290_000),
            format_args!("Reloading {unit}..."),
        );
        systemd(out, t.blocked.add(-4_000), format_args!("Reloaded {unit}."));
    }

    fn record(&self, world: &World, expected: &mut Expected) {
        let stamp = |t: Time| world.clock.stamp(t, Style::Rfc3339).to_string();
        let t = self.times;
        expected.root_cause = Some("web_attack".into());
        expected.chain = vec!["web_attack".into(), "site_down".into()];
        expected.incident_time = Some(stamp(t.saturated));
        for (ip, ban, unban) in &self.bans {
            if *ban < world.end {
                expected.bans.push(Ban {
                    jail: "plesk-wordpress".into(),
                    ip: ip.clone(),
                    ban: stamp(*ban),
                    unban: (*unban < world.end).then(|| stamp(*unban)),
                });
            }
        }
        expected.web_attack = Some(WebAttackTruth {
            start: stamp(t.start),
            saturated: stamp(t.saturated),
            blocked: stamp(t.blocked),
            end: stamp(self.last.unwrap_or(t.end)),
            flooders: self.params.flooders.clone(),
            guessers: self.params.guessers.clone(),
            requests: self.requests,
        });
        expected.story = Some(format!(
            "From {} {} addresses flooded /xmlrpc.php and {} guessed on /wp-login.php: \
             PHP-FPM was saturated at {} and the site answered 502/504 until the admin denied \
             the flooders in nginx at {} (Fail2Ban banned only the wp-login.php guessers). \
             MariaDB stayed up. Root cause web_attack, chain web_attack → site_down; the \
             incident is the onset of the 5xx surge.",
            stamp(t.start),
            self.params.flooders.len(),
            self.params.guessers.len(),
            stamp(t.saturated),
            stamp(t.blocked)
        ));
    }
}
