//! The rest of the system: cron, systemd timers, log rotation's own traces, the admin's SSH
//! sessions and the kernel's rare remarks.
//!
//! As on Debian with rsyslog: `syslog` gets everything but the auth and mail facilities
//! (`*.*;auth,authpriv.none`; this host also keeps mail out of it, to keep the tree small),
//! `auth.log` gets sshd, sudo, PAM and systemd-logind, and kernel lines go to both `kern.log`
//! and `syslog`.

use chrono::{Duration, NaiveTime};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::gen::fail2ban;
use crate::gen::pids::{LOGIND, RSYSLOGD};
use crate::gen::{Generator, Window};
use crate::names::Token;
use crate::sink::{LogFile, Sink};
use crate::time::{Time, DAY, MINUTE, SECOND};
use crate::world::World;

/// The admin's workstation.
pub const ADMIN_IP: &str = "192.0.2.200";

fn systemd(out: &mut Sink<'_>, t: Time, msg: std::fmt::Arguments<'_>) {
    out.syslog(LogFile::Syslog, t, "systemd", Some(1), msg);
}

fn auth(out: &mut Sink<'_>, t: Time, prog: &str, pid: Option<u32>, msg: std::fmt::Arguments<'_>) {
    out.syslog(LogFile::AuthLog, t, prog, pid, msg);
}

/// A oneshot service run by a timer: `Starting`, `Deactivated successfully`, `Finished`.
fn oneshot(out: &mut Sink<'_>, rng: &mut impl Rng, t: Time, unit: &str, desc: &str, secs: f64) {
    systemd(out, t, format_args!("Starting {unit}.service - {desc}..."));
    let done = t.add((secs * SECOND as f64) as i64 + rng.gen_range(0..200_000));
    systemd(
        out,
        done,
        format_args!("{unit}.service: Deactivated successfully."),
    );
    systemd(
        out,
        done.add(rng.gen_range(200..900)),
        format_args!("Finished {unit}.service - {desc}."),
    );
    if secs > 1.0 {
        systemd(
            out,
            done.add(1_000),
            format_args!(
                "{unit}.service: Consumed {:.3}s CPU time.",
                secs * rng.gen_range(0.3..0.9)
            ),
        );
    }
}

/// A cron job: `CRON[pid]: (user) CMD (command)` in syslog, its PAM session in auth.log.
#[allow(clippy::too_many_arguments)] // the world, the sink and the random stream, then the line's own facts
pub(crate) fn cron_job(
    world: &World,
    out: &mut Sink<'_>,
    rng: &mut impl Rng,
    t: Time,
    user: &str,
    uid: u32,
    cmd: &str,
    secs: f64,
) {
    let pid = world.pid(t, rng);
    auth(
        out,
        t,
        "CRON",
        Some(pid),
        format_args!(
            "pam_unix(cron:session): session opened for user {user}(uid={uid}) by (uid=0)"
        ),
    );
    out.syslog(
        LogFile::Syslog,
        t.add(rng.gen_range(300..2_000)),
        "CRON",
        Some(pid),
        format_args!("({user}) CMD ({cmd})"),
    );
    let end = t.add((secs * SECOND as f64) as i64 + rng.gen_range(10_000..300_000));
    auth(
        out,
        end,
        "CRON",
        Some(pid),
        format_args!("pam_unix(cron:session): session closed for user {user}"),
    );
}

/// The number systemd-logind gives a login session at `t` (they only grow).
fn session_number(world: &World, t: Time) -> u64 {
    (t.since(world.boot).max(0) / (DAY / 3)) as u64 + 3
}

/// The admin logs in over SSH at `login`, runs `commands` with sudo and logs out at `logout`.
pub(crate) fn admin_session(
    world: &World,
    out: &mut Sink<'_>,
    rng: &mut impl Rng,
    login: Time,
    commands: &[(Time, &str)],
    logout: Time,
) {
    let pid = world.pid(login, rng);
    let port = rng.gen_range(49_152..65_000);
    let n = session_number(world, login);
    let key = Token::<43>::new(rng);
    auth(
        out,
        login,
        "sshd",
        Some(pid),
        format_args!(
            "Accepted publickey for admin from {ADMIN_IP} port {port} ssh2: ED25519 SHA256:{key}"
        ),
    );
    auth(
        out,
        login.add(6_000),
        "sshd",
        Some(pid),
        format_args!("pam_unix(sshd:session): session opened for user admin(uid=1000) by (uid=0)"),
    );
    auth(
        out,
        login.add(21_000),
        "systemd-logind",
        Some(LOGIND),
        format_args!("New session {n} of user admin."),
    );
    systemd(
        out,
        login.add(24_000),
        format_args!("Started session-{n}.scope - Session {n} of User admin."),
    );
    for &(t, cmd) in commands {
        auth(
            out,
            t,
            "sudo",
            None,
            format_args!("   admin : TTY=pts/0 ; PWD=/home/admin ; USER=root ; COMMAND={cmd}"),
        );
        auth(
            out,
            t.add(2_500),
            "sudo",
            None,
            format_args!(
                "pam_unix(sudo:session): session opened for user root(uid=0) by admin(uid=1000)"
            ),
        );
        auth(
            out,
            t.add(rng.gen_range(300_000..2_500_000)),
            "sudo",
            None,
            format_args!("pam_unix(sudo:session): session closed for user root"),
        );
    }
    auth(
        out,
        logout,
        "sshd",
        Some(pid),
        format_args!("Received disconnect from {ADMIN_IP} port {port}:11: disconnected by user"),
    );
    auth(
        out,
        logout.add(300),
        "sshd",
        Some(pid),
        format_args!("Disconnected from user admin {ADMIN_IP} port {port}"),
    );
    auth(
        out,
        logout.add(2_000),
        "sshd",
        Some(pid),
        format_args!("pam_unix(sshd:session): session closed for user admin"),
    );
    auth(
        out,
        logout.add(4_000),
        "systemd-logind",
        Some(LOGIND),
        format_args!("Session {n} logged out. Waiting for processes to exit."),
    );
    systemd(
        out,
        logout.add(9_000),
        format_args!("session-{n}.scope: Deactivated successfully."),
    );
    auth(
        out,
        logout.add(11_000),
        "systemd-logind",
        Some(LOGIND),
        format_args!("Removed session {n}."),
    );
}

/// Cron, timers, rotation traces, the admin's visits and the kernel.
#[derive(Debug)]
pub(crate) struct System {
    rng: ChaCha8Rng,
    rotation: NaiveTime,
    perf_rate: u32,
}

impl System {
    pub fn new(world: &World, rotation: NaiveTime) -> Self {
        System {
            rng: world.rng("system"),
            rotation,
            perf_rate: 79_750,
        }
    }

    /// Per-minute schedules: cron jobs and the half-hourly PHP session cleanup.
    fn minutes(&mut self, world: &World, out: &mut Sink<'_>, window: Window) {
        let mut minute = Time::from_micros(window.from.micros().div_euclid(MINUTE) * MINUTE);
        if minute < window.from {
            minute = minute.add(MINUTE);
        }
        while minute < window.to {
            let local = world.clock.local(minute);
            let rng = &mut self.rng;
            let at = |rng: &mut ChaCha8Rng, lo: i64, hi: i64| minute.add(rng.gen_range(lo..hi));
            if local.minute.is_multiple_of(15) {
                let t = at(rng, 1_000, 900_000);
                let secs = rng.gen_range(0.4..3.0);
                cron_job(
                    world,
                    out,
                    rng,
                    t,
                    "www-data",
                    33,
                    "/usr/bin/php8.2 -q /var/www/vhosts/example.com/httpdocs/wp-cron.php >/dev/null 2>&1",
                    secs,
                );
            }
            if local.minute == 17 {
                let t = at(rng, 1_000, 700_000);
                cron_job(
                    world,
                    out,
                    rng,
                    t,
                    "root",
                    0,
                    "cd / && run-parts --report /etc/cron.hourly",
                    0.05,
                );
            }
            // cron.daily runs logrotate: one second before the rotation itself.
            let daily = self.rotation - Duration::seconds(1);
            if local.hour as u32 == chrono::Timelike::hour(&daily)
                && local.minute as u32 == chrono::Timelike::minute(&daily)
            {
                let t = minute.add(
                    i64::from(chrono::Timelike::second(&daily)) * SECOND
                        + rng.gen_range(1_000..80_000),
                );
                let secs = rng.gen_range(8.0..25.0);
                cron_job(
                    world,
                    out,
                    rng,
                    t,
                    "root",
                    0,
                    "test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }",
                    secs,
                );
            }
            if local.minute == 9 || local.minute == 39 {
                let t = at(rng, 5_000, 20 * SECOND);
                let secs = rng.gen_range(0.2..1.1);
                oneshot(
                    out,
                    rng,
                    t,
                    "phpsessionclean",
                    "Clean php session files",
                    secs,
                );
            }
            minute = minute.add(MINUTE);
        }
    }

    /// Daily timers, at their (randomized) times of day.
    fn daily(&mut self, world: &World, out: &mut Sink<'_>, window: Window) {
        let first = window
            .from
            .to_chrono()
            .with_timezone(&world.clock.zone())
            .date_naive();
        let last = window
            .to
            .to_chrono()
            .with_timezone(&world.clock.zone())
            .date_naive();
        let mut day = first;
        while day <= last {
            let midnight = world.clock.at(day.and_time(NaiveTime::MIN));
            let rng = &mut self.rng;
            let jobs: [(i64, &str, &str, f64); 6] = [
                (
                    rng.gen_range(6 * 3_600..18 * 3_600),
                    "apt-daily",
                    "Daily apt download activities",
                    rng.gen_range(2.0..9.0),
                ),
                (
                    rng.gen_range(18 * 3_600..24 * 3_600),
                    "apt-daily",
                    "Daily apt download activities",
                    rng.gen_range(2.0..9.0),
                ),
                (
                    rng.gen_range(6 * 3_600..7 * 3_600),
                    "apt-daily-upgrade",
                    "Daily apt upgrade and clean activities",
                    rng.gen_range(1.0..4.0),
                ),
                (
                    rng.gen_range(0..20),
                    "dpkg-db-backup",
                    "Daily dpkg database backup service",
                    0.3,
                ),
                (
                    rng.gen_range(0..12 * 3_600),
                    "man-db",
                    "Daily man-db regeneration",
                    rng.gen_range(0.5..3.0),
                ),
                (
                    4 * 3_600 + 38 * 60 + rng.gen_range(0..40),
                    "systemd-tmpfiles-clean",
                    "Cleanup of Temporary Directories",
                    0.1,
                ),
            ];
            for (offset, unit, desc, secs) in jobs {
                let t = midnight.add(offset * SECOND + rng.gen_range(0..SECOND));
                if window.contains(t) {
                    oneshot(out, rng, t, unit, desc, secs);
                }
            }
            // Once in a while the kernel says something.
            let t = midnight.add(rng.gen_range(0..DAY));
            if window.contains(t) {
                let old = self.perf_rate;
                self.perf_rate = old * 4 / 5 / 250 * 250;
                let took = 2_500 + (79_750 - old) / 40 + rng.gen_range(1..60);
                out.kernel(
                    t,
                    format_args!(
                        "perf: interrupt took too long ({took} > {}), lowering kernel.perf_event_max_sample_rate to {}",
                        took - rng.gen_range(1..40),
                        self.perf_rate
                    ),
                );
            }
            let t = midnight.add(rng.gen_range(0..DAY));
            if window.contains(t) && rng.gen_bool(0.6) {
                out.kernel(
                    t,
                    format_args!("TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters."),
                );
            }
            // The admin looks in on some working days.
            let login = midnight.add(rng.gen_range(9 * 3_600..17 * 3_600) * SECOND);
            let calm = !world.eventful(login, 3 * 3_600 * SECOND);
            if window.contains(login) && calm && rng.gen_bool(0.6) {
                let c1 = login.add(rng.gen_range(20 * SECOND..90 * SECOND));
                let c2 = c1.add(rng.gen_range(30 * SECOND..300 * SECOND));
                let cmds = [
                    (c1, "/usr/bin/systemctl status nginx"),
                    (c2, "/usr/bin/tail -n 200 /var/log/mail.log"),
                ];
                let logout = c2.add(rng.gen_range(60 * SECOND..900 * SECOND));
                admin_session(world, out, rng, login, &cmds, logout);
            }
            day += Duration::days(1);
        }
    }

    /// What logrotate's run leaves in the new files.
    fn rotation_traces(&mut self, world: &World, out: &mut Sink<'_>, window: Window) {
        for &r in world.rotations.iter().filter(|r| window.contains(**r)) {
            let rng = &mut self.rng;
            out.syslog(
                LogFile::Syslog,
                r.add(rng.gen_range(200_000..600_000)),
                "rsyslogd",
                None,
                format_args!(
                    r#"[origin software="rsyslogd" swVersion="8.2302.0" x-pid="{RSYSLOGD}" x-info="https://www.rsyslog.com"] rsyslogd was HUPed"#
                ),
            );
            let t = r.add(rng.gen_range(2 * SECOND..4 * SECOND));
            fail2ban::info(
                world,
                out,
                "fail2ban.server",
                t,
                format_args!("rollover performed on /var/log/fail2ban.log"),
            );
            let mut at = t.add(rng.gen_range(500_000..2 * SECOND));
            for file in [
                "/var/log/mail.log",
                "/var/log/nginx/error.log",
                "/var/log/nginx/access.log",
            ] {
                fail2ban::info(
                    world,
                    out,
                    "fail2ban.filter",
                    at,
                    format_args!("Log rotation detected for {file}"),
                );
                at = at.add(rng.gen_range(1_000..400_000));
            }
        }
    }
}

impl Generator for System {
    fn run(&mut self, window: Window, world: &World, out: &mut Sink<'_>) {
        self.minutes(world, out, window);
        self.daily(world, out, window);
        self.rotation_traces(world, out, window);
    }
}
