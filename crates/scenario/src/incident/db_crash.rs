//! MariaDB dies of a bug, with no pressure before: a plugin's query hits a crash in the
//! optimizer (signal 11). Each time, the fatal-signal handler writes its report to the error
//! log, systemd records the `SEGV` and, `Restart=on-abort` covering it, restarts the server
//! five seconds later; InnoDB recovers from its redo log and the server is ready a few
//! seconds after that. PHP requests in flight get "MySQL server has gone away", new ones
//! "Connection refused" (500) until then. Later the admin looks.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::expected::{CrashTruth, Expected, Span};
use crate::gen::system::admin_session;
use crate::gen::web::{access, error, Request, DOCROOT};
use crate::gen::{Generator, Window};
use crate::incident::db::{self, Crashed};
use crate::names::BROWSERS;
use crate::scenario::DbCrash;
use crate::sink::Sink;
use crate::time::{Clock, Style, Time, MINUTE, SECOND};
use crate::world::{DbDown, Gone, Plan, World};

/// The query that crashes the server (a "related posts" plugin's).
const QUERY: &str = "SELECT SQL_CALC_FOUND_ROWS wp_posts.ID FROM wp_posts LEFT JOIN wp_postmeta ON (wp_posts.ID = wp_postmeta.post_id AND wp_postmeta.meta_key = '_erp_score') WHERE 1=1 AND wp_posts.ID NOT IN (1187) AND wp_posts.post_type = 'post' AND ((wp_posts.post_status = 'publish')) GROUP BY wp_posts.ID ORDER BY CAST(wp_postmeta.meta_value AS SIGNED) DESC, wp_posts.post_date DESC LIMIT 0, 4";

/// The instants of one crash.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Times {
    /// The crash report's first line.
    pub crash: Time,
    /// The process is gone (systemd notices).
    pub exited: Time,
    /// systemd starts it again.
    pub again: Time,
    /// Ready for connections.
    pub ready: Time,
}

pub(crate) fn times(p: &DbCrash, clock: &Clock) -> Vec<Times> {
    p.crashes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let crash = clock.at(*c).add(77_120 + 131_000 * i as i64);
            let exited = crash.add(db::REPORT_TIME);
            let again = exited.add(db::RESTART_SEC);
            let ready = again.add(4 * SECOND + 217_004);
            Times {
                crash,
                exited,
                again,
                ready,
            }
        })
        .collect()
}

pub(crate) fn plan(p: &DbCrash, clock: &Clock, plan: &mut Plan) {
    for t in times(p, clock) {
        plan.db_down.push(DbDown {
            from: t.crash,
            to: t.ready,
            gone: Gone::Refused,
        });
        plan.db_starts.push(t.ready);
    }
    if let Some(a) = p.admin_at {
        let t = clock.at(a);
        plan.busy.push((t, t.add(30 * MINUTE)));
    }
}

/// The injector.
#[derive(Debug)]
pub(crate) struct DbCrashIncident {
    rng: ChaCha8Rng,
    params: DbCrash,
    times: Vec<Times>,
    done: bool,
}

impl DbCrashIncident {
    pub fn new(world: &World, params: &DbCrash) -> Self {
        DbCrashIncident {
            rng: world.rng("incident/db-crash"),
            times: times(params, &world.clock),
            params: params.clone(),
            done: false,
        }
    }

    /// The visitor whose page ran the query: a 500 with WordPress's complaint.
    fn victim_request(&mut self, world: &World, out: &mut Sink<'_>, t: Time) {
        let rng = &mut self.rng;
        let ip = format!("192.0.2.{}", rng.gen_range(30..190));
        let req = Request {
            ip: &ip,
            method: "GET",
            path: "/blog/2026/11/autumn-menu/",
            proto: "HTTP/2.0",
            referrer: "https://search.example/",
            ua: BROWSERS[rng.gen_range(0..BROWSERS.len())],
            host: &world.domain,
        };
        error(
            world,
            out,
            rng,
            t,
            "error",
            &req,
            true,
            format_args!(
                r#"FastCGI sent in stderr: "PHP message: WordPress database error MySQL server has gone away for query {QUERY} made by require('wp-blog-header.php'), require_once('wp-includes/template-loader.php'), include('/themes/example/single.php'), get_template_part(), locate_template(), load_template(), require('/themes/example/template-parts/related.php'), ERP_Query->get_related(), WP_Query->__construct(), WP_Query->query(), WP_Query->get_posts(); PHP message: PHP Warning:  Attempt to read property "ID" on null in {DOCROOT}/wp-content/plugins/example-related-posts/includes/class-erp-query.php on line 214" while reading response header from upstream"#
            ),
        );
        access(world, out, t.add(2_000), &req, 500, 2_573);
    }
}

impl Generator for DbCrashIncident {
    fn run(&mut self, window: Window, world: &World, out: &mut Sink<'_>) {
        let Some(first) = self.times.first().copied() else {
            return;
        };
        if self.done || first.crash >= window.to || first.crash < window.from {
            return;
        }
        self.done = true;
        let times = self.times.clone();
        for (i, t) in times.iter().enumerate() {
            let started = world
                .db_starts
                .iter()
                .rev()
                .find(|s| **s < t.crash)
                .copied()
                .unwrap_or(world.boot);
            let id = world.db_connection_id(t.crash, &mut self.rng);
            db::crash_report(
                world,
                out,
                &mut self.rng,
                t.crash,
                self.params.signal,
                Crashed::Query(id, QUERY),
            );
            self.victim_request(world, out, t.crash.add(48_000));
            db::unit_crashed(
                out,
                &mut self.rng,
                t.exited,
                self.params.signal,
                started,
                i as u32 + 1,
                t.again,
            );
            db::start(world, out, &mut self.rng, t.again, t.ready, true);
        }
        if let Some(at) = self.params.admin_at {
            let login = world.clock.at(at);
            let rng = &mut self.rng;
            let jitter = |rng: &mut ChaCha8Rng| rng.gen_range(0..SECOND);
            let cmds = [
                (
                    login.add(41 * SECOND + jitter(rng)),
                    "/usr/bin/systemctl status mariadb",
                ),
                (
                    login.add(95 * SECOND + jitter(rng)),
                    "/usr/bin/tail -n 200 /var/log/mysql/error.log",
                ),
                (
                    login.add(7 * MINUTE + 12 * SECOND + jitter(rng)),
                    "/usr/bin/mariadb-check --all-databases --check-only-changed",
                ),
            ];
            let logout = login.add(16 * MINUTE + 3 * SECOND + jitter(rng));
            admin_session(world, out, rng, login, &cmds, logout);
        }
    }

    fn record(&self, world: &World, expected: &mut Expected) {
        let stamp = |t: Time| world.clock.stamp(t, Style::Rfc3339).to_string();
        expected.root_cause = Some("db_crash".into());
        expected.chain = vec!["db_crash".into(), "db_down".into()];
        let Some(first) = self.times.first() else {
            return;
        };
        expected.incident_time = Some(stamp(first.crash));
        expected.db_down = Some(Span {
            start: stamp(first.crash),
            end: stamp(first.ready),
        });
        expected.crashes = self
            .times
            .iter()
            .filter(|t| t.crash < world.end)
            .map(|t| CrashTruth {
                time: stamp(t.crash),
                signal: self.params.signal,
                ready_again: (t.ready < world.end).then(|| stamp(t.ready)),
            })
            .collect();
        expected.story = Some(format!(
            "MariaDB crashed on its own at {} (signal {}, in a plugin's query; the crash report \
             is in mysql/error.log) with no mail, web or memory pressure before it; systemd \
             restarted it with crash recovery, and it crashed again {} time(s) the same way. \
             Decoys: an admin restart of MariaDB the day before and an SMTP/IMAP password storm \
             hours before. Root cause db_crash; the incident is the first crash.",
            stamp(first.crash),
            self.params.signal,
            self.times.len().saturating_sub(1)
        ));
    }
}
