//! An OOM kill with nothing behind it: MariaDB's memory creeps up for days (a leak), until
//! at night, with ordinary traffic and no mail or web burst, its own allocation invokes the
//! kernel's OOM killer, which kills it. systemd records the `oom-kill` and, `Restart=on-abort`
//! not covering SIGKILL, leaves it down; the site answers 500 until the admin starts MariaDB
//! in the morning.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::expected::{Expected, OomKill, Span};
use crate::gen::pids::QMGR;
use crate::gen::system::admin_session;
use crate::gen::{Generator, Window};
use crate::incident::db::{self, consumed, systemd};
use crate::incident::oom::{self, Task};
use crate::scenario::OomLeak;
use crate::sink::Sink;
use crate::time::{Clock, Style, Time, MINUTE, SECOND};
use crate::world::{DbDown, Gone, Plan, World};

/// The instants of the story.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Times {
    pub kill: Time,
    pub start: Time,
    pub ready: Time,
}

pub(crate) fn times(p: &OomLeak, clock: &Clock) -> Times {
    let start = clock.at(p.restart_at).add(402_118);
    Times {
        kill: clock.at(p.oom_at).add(311_408),
        start,
        ready: start.add(3 * SECOND + 88_112),
    }
}

pub(crate) fn plan(p: &OomLeak, clock: &Clock, plan: &mut Plan) {
    let t = times(p, clock);
    plan.db_down.push(DbDown {
        from: t.kill,
        to: t.ready,
        gone: Gone::Refused,
    });
    plan.db_starts.push(t.ready);
    plan.busy
        .push((t.start.add(-10 * MINUTE), t.ready.add(10 * MINUTE)));
}

/// The injector.
#[derive(Debug)]
pub(crate) struct OomLeakIncident {
    rng: ChaCha8Rng,
    times: Times,
    done: bool,
    victim: Option<u32>,
}

impl OomLeakIncident {
    pub fn new(world: &World, params: &OomLeak) -> Self {
        OomLeakIncident {
            rng: world.rng("incident/oom-leak"),
            times: times(params, &world.clock),
            done: false,
            victim: None,
        }
    }

    /// The task table at night: the usual daemons, a few idle PHP-FPM workers, and a
    /// MariaDB holding three quarters of the memory.
    fn tasks(&mut self, world: &World, victim_pid: u32) -> (Vec<Task>, Task) {
        let kill = self.times.kill;
        let rng = &mut self.rng;
        let victim = Task {
            pgtables_bytes: 5_672_960,
            ..Task::new(victim_pid, 106, 1_163_212, 861_944, 228_771, 0, "mariadbd")
        };
        let mut tasks = vec![
            Task::new(268, 0, 16_627, 388, 344, -250, "systemd-journal"),
            Task::new(301, 0, 6_610, 197, 318, -1000, "systemd-udevd"),
            Task::new(587, 997, 22_516, 112, 175, 0, "systemd-timesyn"),
            Task::new(598, 0, 1_681, 69, 40, 0, "cron"),
            Task::new(599, 100, 2_275, 139, 77, -900, "dbus-daemon"),
            Task::new(601, 0, 4_369, 207, 204, 0, "systemd-logind"),
            Task::new(642, 0, 55_189, 588, 424, 0, "rsyslogd"),
            Task::new(733, 0, 3_855, 255, 317, -1000, "sshd"),
            Task::new(812, 0, 261_405, 4_077, 6_362, 0, "fail2ban-server"),
            Task::new(889, 0, 1_824, 101, 72, 0, "dovecot"),
            Task::new(893, 111, 1_117, 40, 32, 0, "anvil"),
            Task::new(894, 0, 1_151, 95, 42, 0, "log"),
            Task::new(896, 0, 3_390, 398, 1_124, 0, "config"),
            Task::new(987, 0, 63_214, 1_233, 3_013, 0, "php-fpm8.2"),
            Task::new(1_019, 0, 14_110, 327, 385, 0, "nginx"),
            Task::new(1_021, 33, 14_692, 1_490, 629, 0, "nginx"),
            Task::new(1_022, 33, 14_651, 1_471, 620, 0, "nginx"),
            Task::new(1_305, 0, 10_096, 149, 134, 0, "master"),
            Task::new(QMGR, 107, 10_163, 259, 149, 0, "qmgr"),
            Task::new(1_486, 0, 91_412, 2_688, 5_162, 0, "sw-engine"),
            Task::new(1_490, 0, 26_844, 901, 1_775, 0, "sw-cp-serverd"),
            victim.clone(),
        ];
        // A few idle PHP-FPM workers: nothing unusual is running.
        for i in 0..4 {
            let pid = world.pid(kill.add(-(i + 1) * 47 * MINUTE), rng);
            tasks.push(Task::new(
                pid,
                33,
                76_904 + rng.gen_range(0..2_000),
                14_200 + rng.gen_range(0..1_800),
                rng.gen_range(900..2_400),
                0,
                "php-fpm8.2",
            ));
        }
        tasks.sort_by_key(|t| t.pid);
        tasks.dedup_by_key(|t| t.pid);
        (tasks, victim)
    }
}

impl Generator for OomLeakIncident {
    fn run(&mut self, window: Window, world: &World, out: &mut Sink<'_>) {
        let t = self.times;
        if self.done || !window.contains(t.kill) {
            return;
        }
        self.done = true;
        let victim_pid = world.running_db_pid(t.kill, &mut self.rng);
        self.victim = Some(victim_pid);
        // The allocating thread is one of MariaDB's own.
        let thread = victim_pid + 9_000 + self.rng.gen_range(0..4_000);
        let (tasks, victim) = self.tasks(world, victim_pid);
        let report = oom::Report {
            invoker: ("mariadbd", thread),
            victim: &victim,
            memcg: "/system.slice/mariadb.service",
            tasks: &tasks,
            ram_pages: 1_048_426,
            swap_kb: 1_048_572,
        };
        let reaped = oom::write(out, &mut self.rng, t.kill, &report);
        let rng = &mut self.rng;
        let started = world
            .db_starts
            .iter()
            .rev()
            .find(|s| **s < t.kill)
            .copied()
            .unwrap_or(world.boot);
        let mut at = reaped.add(rng.gen_range(20_000..60_000));
        for msg in [
            "mariadb.service: A process of this unit has been killed by the OOM killer.".to_owned(),
            "mariadb.service: Main process exited, code=killed, status=9/KILL".to_owned(),
            "mariadb.service: Failed with result 'oom-kill'.".to_owned(),
            format!("mariadb.service: {}", consumed(rng, started, t.kill)),
        ] {
            systemd(out, at, format_args!("{msg}"));
            at = at.add(rng.gen_range(200..3_000));
        }

        // Morning: the admin starts it again.
        let jitter = |rng: &mut ChaCha8Rng| rng.gen_range(0..SECOND);
        let login = t.start.add(-4 * MINUTE - 2 * SECOND);
        let cmds = [
            (
                login.add(33 * SECOND + jitter(rng)),
                "/usr/bin/systemctl status mariadb",
            ),
            (
                login.add(101 * SECOND + jitter(rng)),
                "/usr/bin/journalctl -k --since yesterday",
            ),
            (t.start.add(-26_000), "/usr/bin/systemctl start mariadb"),
            (
                t.ready.add(44 * SECOND + jitter(rng)),
                "/usr/bin/systemctl status mariadb",
            ),
        ];
        let logout = t.ready.add(6 * MINUTE + 30 * SECOND + jitter(rng));
        admin_session(world, out, rng, login, &cmds, logout);
        db::start(world, out, rng, t.start, t.ready, true);
    }

    fn record(&self, world: &World, expected: &mut Expected) {
        let stamp = |t: Time| world.clock.stamp(t, Style::Rfc3339).to_string();
        let t = self.times;
        expected.root_cause = Some("oom_kill".into());
        expected.chain = vec!["oom_kill".into(), "db_down".into()];
        expected.incident_time = Some(stamp(t.kill));
        expected.oom_kill = Some(OomKill {
            time: stamp(t.kill),
            process: "mariadbd".into(),
            pid: self.victim.unwrap_or(crate::gen::pids::MARIADBD),
            uid: 106,
            unit: "mariadb.service".into(),
            invoked_by: "mariadbd".into(),
        });
        expected.db_down = Some(Span {
            start: stamp(t.kill),
            end: stamp(t.ready),
        });
        expected.story = Some(format!(
            "At {} the kernel's OOM killer killed mariadbd (3.3 GB resident of 4 GB, its own \
             allocation invoked it) in the quiet of the night: no mail or web burst, no attack, \
             nothing but a slow leak. systemd left it down (oom-kill is not covered by \
             Restart=on-abort) until the admin started it at {}. The admin's restart of MariaDB \
             the afternoon before was orderly and followed by a start within a minute. Root \
             cause oom_kill (nothing explains the memory pressure), chain oom_kill → db_down. \
             The syslog files carry RFC 3164 stamps across New Year: the year comes from the \
             files' modification times.",
            stamp(t.kill),
            stamp(t.ready)
        ));
    }
}
