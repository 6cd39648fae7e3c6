//! Fail2Ban bans the office. The office (one NAT address for every desk) reads mail over IMAP
//! and edits the site in wp-admin all day. One morning k.yamada changes her mail password on
//! her phone; the mail client on her office desk keeps trying the old one. Each failed IMAP
//! login is a `Found` for the `plesk-dovecot` jail; five of them ban the office for ten
//! minutes (Plesk's jails drop every port). When the ban lifts, the client tries again and is
//! banned again; at the fifth ban the `recidive` jail, which reads Fail2Ban's own log, bans
//! the office for a week. From then on nothing from the office reaches the server, while the
//! staff's phones and everyone else do: "the site and the panel are down, but mail works on
//! my phone".

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::expected::{Ban, ClientTruth, Expected};
use crate::gen::fail2ban::{self, BANTIME};
use crate::gen::mail::{dovecot, STAFF};
use crate::gen::web::{serve_php, serve_static, Request};
use crate::gen::{Generator, Window};
use crate::names::{Token, BROWSERS};
use crate::scenario::ClientBanned;
use crate::sink::Sink;
use crate::time::{Clock, Style, Time, DAY, MINUTE, SECOND};
use crate::world::{stream, Plan, World};

/// `recidive`'s ban time (Debian's default: a week).
const RECIDIVE_BANTIME: i64 = 7 * DAY;

/// When each failure, `Found`, ban and unban happens (derived before generation, so that the
/// world knows when the office is blocked).
#[derive(Clone, Debug, Default)]
pub(crate) struct Schedule {
    /// Per round: the failed logins and when Fail2Ban logged each `Found`.
    pub rounds: Vec<Vec<(Time, Time)>>,
    /// Per round: ban and unban.
    pub bans: Vec<(Time, Time)>,
    /// `recidive`'s `Found` for each ban line, and its ban.
    pub recidive_found: Vec<Time>,
    /// `recidive`'s ban.
    pub recidive: Option<Time>,
}

pub(crate) fn schedule(p: &ClientBanned, clock: &Clock, seed: u64) -> Schedule {
    let mut rng = stream(seed, "incident/client-banned/schedule");
    let mut s = Schedule::default();
    let mut t = clock.at(p.first_failure).add(rng.gen_range(0..SECOND));
    for _ in 0..p.rounds {
        let mut round = Vec::with_capacity(5);
        for _ in 0..5 {
            let seen = t.add(rng.gen_range(150_000..900_000));
            round.push((t, seen));
            t = t.add(rng.gen_range(4 * SECOND..35 * SECOND));
        }
        let last_seen = round.last().map_or(t, |r| r.1);
        let ban = last_seen.add(rng.gen_range(40_000..300_000));
        let unban = ban.add(BANTIME + rng.gen_range(0..900_000));
        s.rounds.push(round);
        s.bans.push((ban, unban));
        s.recidive_found
            .push(ban.add(rng.gen_range(300_000..1_200_000)));
        // The mail client retries soon after the ban lifts.
        t = unban.add(rng.gen_range(5 * SECOND..80 * SECOND));
    }
    if s.recidive_found.len() >= 5 {
        s.recidive = Some(s.recidive_found[4].add(rng.gen_range(60_000..400_000)));
    }
    s
}

pub(crate) fn plan(p: &ClientBanned, clock: &Clock, seed: u64, plan: &mut Plan) {
    let s = schedule(p, clock, seed);
    // From the password change on (a few minutes before the first failure), her office mail
    // client only fails; the story writes those failures.
    if let Some(&(first, _)) = s.rounds.first().and_then(|r| r.first()) {
        plan.stale_passwords
            .push((p.user.clone(), p.ip.clone(), first.add(-5 * MINUTE)));
    }
    for &(ban, unban) in &s.bans {
        plan.blocked.push((p.ip.clone(), ban, unban));
    }
    if let Some(r) = s.recidive {
        plan.blocked
            .push((p.ip.clone(), r, r.add(RECIDIVE_BANTIME)));
    }
}

/// wp-admin pages the office works in: path, typical size.
const ADMIN_PAGES: [(&str, u32); 6] = [
    ("/wp-admin/", 61_204),
    ("/wp-admin/edit.php", 83_517),
    ("/wp-admin/post.php?post=1187&action=edit", 121_930),
    ("/wp-admin/upload.php", 57_331),
    ("/wp-admin/edit.php?post_type=product", 96_402),
    ("/wp-admin/admin.php?page=wc-orders", 88_790),
];

/// The injector: the office's day in wp-admin, and the story of the bans.
#[derive(Debug)]
pub(crate) struct ClientBannedIncident {
    rng: ChaCha8Rng,
    params: ClientBanned,
    schedule: Schedule,
    done: bool,
}

impl ClientBannedIncident {
    pub fn new(world: &World, params: &ClientBanned, seed: u64) -> Self {
        ClientBannedIncident {
            rng: world.rng("incident/client-banned"),
            schedule: schedule(params, &world.clock, seed),
            params: params.clone(),
            done: false,
        }
    }

    /// A browser tab on wp-admin open all working day (WordPress's heartbeat every minute)
    /// and pages now and then, from the office; nothing while the office is blocked.
    fn office_day(&mut self, world: &World, out: &mut Sink<'_>, window: Window) {
        let zone = world.clock.zone();
        let first = window.from.to_chrono().with_timezone(&zone).date_naive();
        let last = window.to.to_chrono().with_timezone(&zone).date_naive();
        let ip = self.params.ip.clone();
        let host = world.domain.clone();
        let mut day = first;
        while day <= last {
            let rng = &mut self.rng;
            let midnight = world.clock.at(day.and_time(chrono::NaiveTime::MIN));
            let arrive = midnight.add(9 * 3_600 * SECOND + rng.gen_range(0..20 * MINUTE));
            let leave = midnight.add(18 * 3_600 * SECOND + rng.gen_range(0..40 * MINUTE));
            let referrer = format!("https://{host}/wp-admin/");
            let mut t = arrive;
            let mut next_page = arrive;
            while t < leave {
                if window.contains(t) && !world.blocked(&ip, t) {
                    if t >= next_page {
                        let (path, size) = ADMIN_PAGES[rng.gen_range(0..ADMIN_PAGES.len())];
                        let req = Request {
                            ip: &ip,
                            method: "GET",
                            path,
                            proto: "HTTP/2.0",
                            referrer: &referrer,
                            ua: BROWSERS[4],
                            host: &host,
                        };
                        let size = size + rng.gen_range(0..2_000) - 1_000;
                        serve_php(world, out, rng, t, &req, 200, size);
                        if rng.gen_bool(0.3) {
                            let asset = Request {
                                path: "/wp-admin/load-styles.php?c=0&dir=ltr&load%5Bchunk_0%5D=dashicons,admin-bar,common,forms,admin-menu,dashboard&ver=6.6.2",
                                ..req
                            };
                            serve_static(
                                world,
                                out,
                                t.add(rng.gen_range(90_000..300_000)),
                                &asset,
                                78_402,
                                false,
                            );
                        }
                        next_page = t.add(rng.gen_range(2 * MINUTE..12 * MINUTE));
                    } else {
                        let req = Request {
                            ip: &ip,
                            method: "POST",
                            path: "/wp-admin/admin-ajax.php",
                            proto: "HTTP/2.0",
                            referrer: &referrer,
                            ua: BROWSERS[4],
                            host: &host,
                        };
                        let size = rng.gen_range(120..160);
                        serve_php(world, out, rng, t, &req, 200, size);
                    }
                }
                t = t.add(60 * SECOND + rng.gen_range(-900_000..900_000));
            }
            day += chrono::Duration::days(1);
        }
    }

    fn story(&mut self, world: &World, out: &mut Sink<'_>) {
        let p = &self.params;
        let s = &self.schedule;
        let rng = &mut self.rng;
        let domain = &world.domain;
        let user = format!("{}@{domain}", p.user);
        let lip = &world.ipv4;
        // Her phone logs in with the new password a few minutes before.
        let phone = STAFF
            .iter()
            .find(|(u, _, _)| *u == p.user)
            .map_or("2001:db8:1a2b:3c00::51", |s| s.2);
        let first = s
            .rounds
            .first()
            .and_then(|r| r.first())
            .map_or(world.end, |f| f.0);
        let at = first.add(-4 * MINUTE - rng.gen_range(0..60) * SECOND);
        let pid = world.pid(at, rng);
        let session = Token::<16>::new(rng);
        dovecot(
            out,
            at,
            format_args!(
                "imap-login: Login: user=<{user}>, method=PLAIN, rip={phone}, lip={}, mpid={pid}, TLS, session=<{session}>",
                world.ipv6
            ),
        );
        for (round, &(ban, unban)) in s.rounds.iter().zip(&s.bans) {
            for &(failed, seen) in round {
                let session = Token::<16>::new(rng);
                let secs = rng.gen_range(2..9);
                let msg = if rng.gen_bool(0.7) {
                    format!("imap-login: Disconnected: Connection closed (auth failed, 1 attempts in {secs} secs): user=<{user}>, method=PLAIN, rip={}, lip={lip}, TLS, session=<{session}>", p.ip)
                } else {
                    format!("imap-login: Disconnected: Aborted login by logging out (auth failed, 1 attempts in {secs} secs): user=<{user}>, method=PLAIN, rip={}, lip={lip}, TLS, session=<{session}>", p.ip)
                };
                dovecot(out, failed, format_args!("{msg}"));
                fail2ban::found(world, out, &p.jail, &p.ip, failed, seen);
            }
            fail2ban::ban(world, out, &p.jail, &p.ip, ban);
            fail2ban::unban(world, out, &p.jail, &p.ip, unban);
        }
        for (&(ban, _), &seen) in s.bans.iter().zip(&s.recidive_found) {
            fail2ban::found(world, out, "recidive", &p.ip, ban, seen);
        }
        if let Some(r) = s.recidive {
            fail2ban::ban(world, out, "recidive", &p.ip, r);
        }
    }
}

impl Generator for ClientBannedIncident {
    fn run(&mut self, window: Window, world: &World, out: &mut Sink<'_>) {
        self.office_day(world, out, window);
        let first = self
            .schedule
            .rounds
            .first()
            .and_then(|r| r.first())
            .map_or(world.end, |f| f.0);
        let start = first.add(-5 * MINUTE);
        if !self.done && window.contains(start) {
            self.done = true;
            self.story(world, out);
        }
    }

    fn record(&self, world: &World, expected: &mut Expected) {
        let stamp = |t: Time| world.clock.stamp(t, Style::Rfc3339).to_string();
        let p = &self.params;
        let s = &self.schedule;
        expected.root_cause = Some("client_banned".into());
        expected.chain = vec!["client_banned".into(), "client_blocked".into()];
        expected.client_ip = Some(p.ip.clone());
        let Some(&(first_ban, _)) = s.bans.first() else {
            return;
        };
        expected.incident_time = Some(stamp(first_ban));
        for &(ban, unban) in &s.bans {
            if ban < world.end {
                expected.bans.push(Ban {
                    jail: p.jail.clone(),
                    ip: p.ip.clone(),
                    ban: stamp(ban),
                    unban: (unban < world.end).then(|| stamp(unban)),
                });
            }
        }
        if let Some(r) = s.recidive.filter(|r| *r < world.end) {
            expected.bans.push(Ban {
                jail: "recidive".into(),
                ip: p.ip.clone(),
                ban: stamp(r),
                unban: None,
            });
        }
        let first_failure = s
            .rounds
            .first()
            .and_then(|r| r.first())
            .map_or(first_ban, |f| f.0);
        expected.client = Some(ClientTruth {
            ip: p.ip.clone(),
            who: "the office (one NAT address for every desk): IMAP logins and wp-admin all day"
                .into(),
            jail: p.jail.clone(),
            first_failure: stamp(first_failure),
            first_ban: stamp(first_ban),
            bans: s.bans.len() as u32 + u32::from(s.recidive.is_some()),
            recidive_ban: s.recidive.map(stamp),
            still_banned: s
                .recidive
                .is_some_and(|r| r < world.end && r.add(RECIDIVE_BANTIME) > world.end),
            unaffected: STAFF
                .iter()
                .filter(|(_, office, _)| *office == p.ip)
                .map(|(_, _, phone)| (*phone).to_owned())
                .collect(),
        });
        expected.story = Some(format!(
            "The office ({ip}) worked normally (IMAP logins, wp-admin) until {} when a mail \
             client there kept using {}'s old password: plesk-dovecot banned the office at {} \
             and {} more times, then recidive banned it for a week at {}. Nothing from the \
             office reached the server afterwards; phones and other visitors were fine. Root \
             cause client_banned, incident client_blocked at the first ban.",
            stamp(first_failure),
            p.user,
            stamp(first_ban),
            s.bans.len().saturating_sub(1),
            s.recidive.map_or_else(|| "-".to_owned(), stamp),
            ip = p.ip,
        ));
    }
}
