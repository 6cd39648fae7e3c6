//! The admin stops MariaDB and forgets it: `sudo systemctl stop mariadb` to take a cold copy
//! of the data directory before an upgrade, then he logs out. systemd asks the server to stop
//! (SIGTERM: MariaDB logs "initiated by: unknown"), the server shuts down in order and removes
//! its socket, and WordPress answers 500 ("No such file or directory") until the admin, told
//! by the customers, starts it again.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::expected::{Expected, Span, StopTruth};
use crate::gen::system::admin_session;
use crate::gen::{Generator, Window};
use crate::incident::db;
use crate::scenario::DbStopped;
use crate::sink::Sink;
use crate::time::{Clock, Style, Time, MINUTE, SECOND};
use crate::world::{DbDown, Gone, Plan, World};

/// The instants of the story.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Times {
    /// `sudo systemctl stop mariadb`.
    pub stop: Time,
    /// MariaDB's `Normal shutdown`.
    pub shutdown: Time,
    /// `sudo systemctl start mariadb`.
    pub start: Time,
    /// Ready for connections again.
    pub ready: Time,
}

pub(crate) fn times(p: &DbStopped, clock: &Clock) -> Times {
    let stop = clock.at(p.stop_at).add(203_117);
    let start = clock.at(p.start_at).add(511_842);
    Times {
        stop,
        shutdown: stop.add(41_207),
        start,
        ready: start.add(2 * SECOND + 603_118),
    }
}

pub(crate) fn plan(p: &DbStopped, clock: &Clock, plan: &mut Plan) {
    let t = times(p, clock);
    plan.db_down.push(DbDown {
        from: t.shutdown,
        to: t.ready,
        gone: Gone::Stopped,
    });
    plan.db_starts.push(t.ready);
    plan.busy
        .push((t.stop.add(-10 * MINUTE), t.stop.add(10 * MINUTE)));
    plan.busy
        .push((t.start.add(-10 * MINUTE), t.ready.add(10 * MINUTE)));
}

/// The injector.
#[derive(Debug)]
pub(crate) struct DbStoppedIncident {
    rng: ChaCha8Rng,
    times: Times,
    done: bool,
}

impl DbStoppedIncident {
    pub fn new(world: &World, params: &DbStopped) -> Self {
        DbStoppedIncident {
            rng: world.rng("incident/db-stopped"),
            times: times(params, &world.clock),
            done: false,
        }
    }
}

impl Generator for DbStoppedIncident {
    fn run(&mut self, window: Window, world: &World, out: &mut Sink<'_>) {
        let t = self.times;
        let login = t.stop.add(-2 * MINUTE - 14 * SECOND);
        if self.done || !window.contains(login) {
            return;
        }
        self.done = true;
        let rng = &mut self.rng;
        let jitter = |rng: &mut ChaCha8Rng| rng.gen_range(0..SECOND);

        // The stop, and the cold copy he meant to finish later.
        let cmds = [
            (
                login.add(38 * SECOND + jitter(rng)),
                "/usr/bin/systemctl status mariadb",
            ),
            (t.stop.add(-35_000), "/usr/bin/systemctl stop mariadb"),
            (
                t.stop.add(44 * SECOND + jitter(rng)),
                "/usr/bin/rsync -a /var/lib/mysql/ /srv/backup/mysql-before-upgrade/",
            ),
        ];
        let logout = t.stop.add(6 * MINUTE + 51 * SECOND + jitter(rng));
        admin_session(world, out, rng, login, &cmds, logout);
        let started = world
            .db_starts
            .iter()
            .rev()
            .find(|s| **s < t.stop)
            .copied()
            .unwrap_or(world.boot);
        let complete = db::shutdown(world, out, rng, t.shutdown, "unknown");
        db::unit_stop(out, rng, t.stop.add(24_000), complete, started);

        // Customers call; he starts it again.
        let login = t.start.add(-3 * MINUTE - 27 * SECOND);
        let cmds = [
            (
                login.add(29 * SECOND + jitter(rng)),
                "/usr/bin/systemctl status mariadb",
            ),
            (t.start.add(-28_000), "/usr/bin/systemctl start mariadb"),
            (
                t.ready.add(35 * SECOND + jitter(rng)),
                "/usr/bin/systemctl status mariadb",
            ),
        ];
        let logout = t.ready.add(3 * MINUTE + 2 * SECOND + jitter(rng));
        admin_session(world, out, rng, login, &cmds, logout);
        db::start(world, out, rng, t.start, t.ready, false);
    }

    fn record(&self, world: &World, expected: &mut Expected) {
        let stamp = |t: Time| world.clock.stamp(t, Style::Rfc3339).to_string();
        let t = self.times;
        expected.root_cause = Some("db_stopped".into());
        expected.chain = vec!["db_stopped".into(), "db_down".into()];
        expected.incident_time = Some(stamp(t.shutdown));
        expected.db_down = Some(Span {
            start: stamp(t.shutdown),
            end: stamp(t.ready),
        });
        expected.db_stop = Some(StopTruth {
            time: stamp(t.shutdown),
            by: "admin: sudo systemctl stop mariadb".into(),
            initiated_by: "unknown".into(),
            started_again: (t.ready < world.end).then(|| stamp(t.ready)),
        });
        expected.story = Some(format!(
            "The admin ran `sudo systemctl stop mariadb` at {} (auth.log; MariaDB logs an \
             orderly `Normal shutdown`, systemd `Stopping`/`Stopped`) and did not start it again \
             until {}: the site answered 500 meanwhile. The newsletter burst hours earlier \
             changed nothing. Root cause db_stopped, not a failure; the incident is the shutdown.",
            stamp(t.shutdown),
            stamp(t.ready)
        ));
    }
}
