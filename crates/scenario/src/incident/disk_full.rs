//! The root filesystem fills up. The admin starts a full site backup from wp-admin before
//! lunch; the backup plugin (PHP, as www-data) writes its archives under `wp-content` on the
//! root filesystem, which also holds MariaDB's data, Postfix's queue and nginx's buffers
//! (`/var/log` is a separate filesystem here, so the logs keep being written).
//!
//! What the logs show once it is full: Postfix refuses mail at `MAIL FROM` (`warning: not
//! enough free space in mail queue`, `452 4.3.1 Insufficient system storage`) and PHP's
//! `mail()` fails (`postdrop: fatal: uid=33: queue file write error`, then `warning:
//! mail_queue_enter: create file maildrop/...: No space left on device` every ten seconds until
//! space is freed); nginx cannot buffer uploads (`pwrite() ... failed
//! (28: No space left on device)`); MariaDB blocks writing its binary log (`Disk is full
//! writing './binlog.000123' (Errcode: 28 ...)`) and the site stops answering (502/504); ten
//! minutes later InnoDB's watchdog aborts the server (signal 6), and the automatic restart
//! fails because InnoDB cannot create its temporary tablespace. The admin comes back, frees
//! space and starts MariaDB.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::expected::{DiskFullTruth, Expected, Span};
use crate::gen::mail::{client, pf, postdrop_fails, postdrop_waits, queue_full, SENDERS};
use crate::gen::mariadb::line as db_line;
use crate::gen::system::{admin_session, ADMIN_IP};
use crate::gen::web::{access, error, serve_php, Request};
use crate::gen::{Generator, Window};
use crate::incident::db::{self, Crashed};
use crate::names::BROWSERS;
use crate::scenario::DiskFull;
use crate::sink::Sink;
use crate::time::{Clock, Style, Time, MINUTE, SECOND};
use crate::world::{DbDown, Gone, Plan, World};

/// The backup's archive directory.
const BACKUPS: &str = "/var/www/vhosts/example.com/httpdocs/wp-content/backups";

/// The instants of the story.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Times {
    pub backup: Time,
    pub full: Time,
    pub blocked: Time,
    pub aborted: Time,
    pub exited: Time,
    pub again: Time,
    pub freed: Time,
    pub start: Time,
    pub ready: Time,
}

pub(crate) fn times(p: &DiskFull, clock: &Clock) -> Times {
    let blocked = clock.at(p.db_blocked_at).add(212_004);
    let aborted = blocked.add(600 * SECOND + 1_377_019);
    let exited = aborted.add(db::REPORT_TIME);
    let start = clock.at(p.start_at).add(250_311);
    Times {
        backup: clock.at(p.backup_at).add(311_090),
        full: clock.at(p.full_at).add(188_230),
        blocked,
        aborted,
        exited,
        again: exited.add(db::RESTART_SEC),
        freed: clock.at(p.freed_at).add(402_775),
        start,
        ready: start.add(4 * SECOND + 507_201),
    }
}

pub(crate) fn plan(p: &DiskFull, clock: &Clock, plan: &mut Plan) {
    let t = times(p, clock);
    plan.db_down.push(DbDown {
        from: t.blocked,
        to: t.aborted,
        gone: Gone::Hung,
    });
    plan.db_down.push(DbDown {
        from: t.aborted,
        to: t.ready,
        gone: Gone::Refused,
    });
    plan.db_starts.push(t.ready);
    plan.disk_full.push((t.full, t.freed));
    plan.busy
        .push((t.backup.add(-5 * MINUTE), t.backup.add(5 * MINUTE)));
    plan.busy
        .push((t.freed.add(-10 * MINUTE), t.ready.add(10 * MINUTE)));
}

/// The injector.
#[derive(Debug)]
pub(crate) struct DiskFullIncident {
    rng: ChaCha8Rng,
    times: Times,
    done: bool,
}

impl DiskFullIncident {
    pub fn new(world: &World, params: &DiskFull) -> Self {
        DiskFullIncident {
            rng: world.rng("incident/disk-full"),
            times: times(params, &world.clock),
            done: false,
        }
    }

    /// The admin's browser: the backup page, the click, WordPress's loopback to run it, and
    /// the open tab's heartbeat until he is back at the terminal.
    fn browser(&mut self, world: &World, out: &mut Sink<'_>) {
        let t = self.times;
        let rng = &mut self.rng;
        let host = world.domain.clone();
        let page = format!("https://{host}/wp-admin/tools.php?page=example-backup");
        let req = Request {
            ip: ADMIN_IP,
            method: "GET",
            path: "/wp-admin/tools.php?page=example-backup",
            proto: "HTTP/2.0",
            referrer: "-",
            ua: BROWSERS[7],
            host: &host,
        };
        serve_php(
            world,
            out,
            rng,
            t.backup.add(-41 * SECOND),
            &req,
            200,
            38_114,
        );
        let ajax = Request {
            method: "POST",
            path: "/wp-admin/admin-ajax.php",
            referrer: &page,
            ..req
        };
        serve_php(world, out, rng, t.backup, &ajax, 200, 212);
        let cron = format!(
            "/wp-cron.php?doing_wp_cron={}.{:010}{:012}",
            t.backup.unix_seconds(),
            rng.gen_range(0..10_000_000_000u64),
            rng.gen_range(0..1_000_000_000_000u64)
        );
        let ua = format!("WordPress/6.6.2; https://{host}");
        let loopback = Request {
            ip: &world.ipv4,
            method: "POST",
            path: &cron,
            proto: "HTTP/1.1",
            referrer: "-",
            ua: &ua,
            host: &host,
        };
        serve_php(world, out, rng, t.backup.add(812_004), &loopback, 200, 0);
        let mut at = t.backup.add(60 * SECOND + rng.gen_range(0..SECOND));
        let until = t.freed.add(-6 * MINUTE);
        while at < until {
            serve_php(world, out, rng, at, &ajax, 200, 138);
            at = at.add(60 * SECOND + rng.gen_range(-800_000..800_000));
        }
    }

    /// A staff member uploads product photos and gets 500s: nginx cannot buffer the body.
    fn uploads(&mut self, world: &World, out: &mut Sink<'_>) {
        let t = self.times;
        let rng = &mut self.rng;
        let host = world.domain.clone();
        let referrer = format!("https://{host}/wp-admin/media-new.php");
        let req = Request {
            ip: "192.0.2.77",
            method: "POST",
            path: "/wp-admin/async-upload.php",
            proto: "HTTP/2.0",
            referrer: &referrer,
            ua: BROWSERS[0],
            host: &host,
        };
        let mut at = t.full.add(47 * SECOND + rng.gen_range(0..SECOND));
        for _ in 0..4 {
            let file = 4_000 + rng.gen_range(0..300);
            error(
                world,
                out,
                rng,
                at,
                "crit",
                &req,
                false,
                format_args!(
                    r#"pwrite() "/var/lib/nginx/body/00000{file:05}" failed (28: No space left on device)"#
                ),
            );
            access(world, out, at.add(900), &req, 500, 177);
            at = at.add(rng.gen_range(9 * SECOND..40 * SECOND));
        }
    }

    /// MariaDB: blocked on the binary log, the watchdog's abort, the failed restart.
    fn database(&mut self, world: &World, out: &mut Sink<'_>) {
        let t = self.times;
        let rng = &mut self.rng;
        let id = world.db_connection_id(t.blocked, rng);
        let warn = |out: &mut Sink<'_>, at: Time, msg: std::fmt::Arguments<'_>| {
            db_line(world, out, at, id, "Warning", msg);
        };
        warn(
            out,
            t.blocked,
            format_args!("mariadbd: Disk is full writing './binlog.000123' (Errcode: 28 \"No space left on device\"). Waiting for someone to free space... (Expect up to 60 secs delay for server to continue after freeing disk space)"),
        );
        warn(
            out,
            t.blocked,
            format_args!("mariadbd: Retry in 60 secs. Message reprinted in 600 secs"),
        );
        db_line(
            world,
            out,
            t.blocked.add(301 * SECOND + 88_121),
            0,
            "Warning",
            format_args!("InnoDB: A long wait (300 seconds) was observed for dict_sys.latch"),
        );
        warn(
            out,
            t.blocked.add(600 * SECOND),
            format_args!("mariadbd: Retry in 60 secs. Message reprinted in 600 secs"),
        );
        db_line(
            world,
            out,
            t.aborted.add(-1_200),
            0,
            "ERROR",
            format_args!("[FATAL] InnoDB: innodb_fatal_semaphore_wait_threshold was exceeded for dict_sys.latch. Please refer to https://mariadb.com/kb/en/how-to-produce-a-full-stack-trace-for-mariadbd/"),
        );
        db::crash_report(world, out, rng, t.aborted, 6, Crashed::Background);
        let started = world
            .db_starts
            .iter()
            .rev()
            .find(|s| **s < t.blocked)
            .copied()
            .unwrap_or(world.boot);
        db::unit_crashed(out, rng, t.exited, 6, started, 1, t.again);
        db::failed_start(world, out, rng, t.again);
    }
}

impl Generator for DiskFullIncident {
    fn run(&mut self, window: Window, world: &World, out: &mut Sink<'_>) {
        let t = self.times;
        let first = t.backup.add(-41 * SECOND);
        if self.done || !window.contains(first) {
            return;
        }
        self.done = true;
        self.browser(world, out);
        self.uploads(world, out);
        self.database(world, out);

        // The first casualty: a mail arriving just as the disk fills up.
        let rng = &mut self.rng;
        let (host, ip, domain) = SENDERS[rng.gen_range(0..SENDERS.len())];
        let who = client(Some(host), ip);
        let smtpd = world.pid(t.full, rng);
        pf(
            out,
            t.full.add(-rng.gen_range(300_000..900_000)),
            "smtpd",
            smtpd,
            format_args!("connect from {who}"),
        );
        let from = format!("{}@{domain}", crate::names::local_part(rng));
        queue_full(
            out,
            rng,
            smtpd,
            &who,
            &from,
            host,
            t.full,
            "ehlo=2 starttls=1 mail=0/1 quit=1 commands=4/5",
        );

        // WordPress (wp-cron) mails the site owner that the backup failed: the first time
        // postdrop cannot write the message and gives up; the next time it cannot even create
        // the file and waits, warning every ten seconds, until space is freed.
        let quarter = 15 * MINUTE;
        let q = Time::from_micros((t.full.micros().div_euclid(quarter) + 1) * quarter);
        if q < t.freed {
            let at = q.add(2 * SECOND + rng.gen_range(0..900_000));
            postdrop_fails(world, out, rng, at, 33);
        }
        let q = q.add(quarter);
        if q < t.freed {
            let at = q.add(2 * SECOND + rng.gen_range(0..900_000));
            postdrop_waits(world, out, rng, at, t.freed);
        }

        // Back from lunch: the admin looks, frees space and starts the database.
        let jitter = |rng: &mut ChaCha8Rng| rng.gen_range(0..SECOND);
        let login = t.freed.add(-4 * MINUTE - 20 * SECOND);
        let rm = format!("/usr/bin/rm -rf {BACKUPS}/backup_2026-06-14-1120_example_full");
        let du = format!("/usr/bin/du -sh {BACKUPS}");
        let cmds = [
            (
                login.add(25 * SECOND + jitter(rng)),
                "/usr/bin/systemctl status mariadb",
            ),
            (login.add(52 * SECOND + jitter(rng)), "/usr/bin/df -h"),
            (
                login.add(2 * MINUTE + 10 * SECOND + jitter(rng)),
                du.as_str(),
            ),
            (t.freed.add(-20_000), rm.as_str()),
            (t.start.add(-30_000), "/usr/bin/systemctl start mariadb"),
            (
                t.ready.add(40 * SECOND + jitter(rng)),
                "/usr/bin/systemctl status mariadb",
            ),
        ];
        let logout = t.ready.add(4 * MINUTE + 8 * SECOND + jitter(rng));
        admin_session(world, out, rng, login, &cmds, logout);
        db::start(world, out, rng, t.start, t.ready, true);
    }

    fn record(&self, world: &World, expected: &mut Expected) {
        let stamp = |t: Time| world.clock.stamp(t, Style::Rfc3339).to_string();
        let t = self.times;
        expected.root_cause = Some("disk_full".into());
        expected.chain = vec!["disk_full".into(), "db_down".into()];
        expected.incident_time = Some(stamp(t.blocked));
        expected.db_down = Some(Span {
            start: stamp(t.blocked),
            end: stamp(t.ready),
        });
        expected.disk_full = Some(DiskFullTruth {
            filesystem: "/".into(),
            filled_by: format!("a full site backup started from wp-admin, writing to {BACKUPS}"),
            first_error: stamp(t.full),
            db_blocked: stamp(t.blocked),
            db_aborted: stamp(t.aborted),
            restart_failed: stamp(t.again),
            freed: stamp(t.freed),
        });
        expected.story = Some(format!(
            "The root filesystem filled up at {} (a backup's archives): Postfix refused mail \
             for lack of space, nginx failed to buffer uploads, and at {} MariaDB blocked \
             writing its binary log (`Disk is full writing`), so the site stopped answering; at \
             {} InnoDB's watchdog aborted MariaDB (signal 6) and the automatic restart failed \
             (no space for ibtmp1). The admin freed space at {} and started MariaDB. Root cause \
             disk_full, chain disk_full → db_down: the database is what took the site down, and \
             the abort is part of that outage, not a crash of its own. The incident is the \
             moment the database stopped serving.",
            stamp(t.full),
            stamp(t.blocked),
            stamp(t.aborted),
            stamp(t.freed)
        ));
    }
}
