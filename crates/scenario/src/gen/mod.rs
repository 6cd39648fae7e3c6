//! Background generators: what any day on the server looks like.
//!
//! Each generator owns one concern (web traffic, mail, system noise, the database, scanners
//! and Fail2Ban), its own random stream and whatever process state it needs. It is called once
//! per rotation period with that period's [`Window`] and must not emit a line earlier than the
//! window's start; it may emit later ones (a delivery after a queueing, an unban after a ban),
//! which the sink carries over. Generators consult the [`World`](crate::world::World) for the
//! state of the services (is the database up, how does PHP fare) so that the background reacts
//! to an incident without knowing it.

pub(crate) mod fail2ban;
pub(crate) mod mail;
pub(crate) mod mariadb;
pub(crate) mod scanners;
pub(crate) mod system;
pub(crate) mod web;

use crate::expected::Expected;
use crate::sink::Sink;
use crate::time::Time;
use crate::world::World;

/// A half-open stretch of time `[from, to)`: one rotation period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Window {
    pub from: Time,
    pub to: Time,
}

impl Window {
    /// Whether `t` falls in this window.
    pub fn contains(&self, t: Time) -> bool {
        t >= self.from && t < self.to
    }

    /// Fraction of a day this window spans.
    pub fn days(&self) -> f64 {
        self.to.since(self.from) as f64 / crate::time::DAY as f64
    }
}

/// One source of lines.
pub(crate) trait Generator {
    /// Emits the lines of the events that start in `window`.
    fn run(&mut self, window: Window, world: &World, out: &mut Sink<'_>);

    /// Adds what this generator knows about the ground truth.
    fn record(&self, _world: &World, _expected: &mut Expected) {}
}

/// Long-lived daemons' process ids (started at boot, never restarted in these stories).
pub(crate) mod pids {
    pub const RSYSLOGD: u32 = 642;
    pub const LOGIND: u32 = 601;
    pub const FAIL2BAN: u32 = 812;
    pub const NGINX_WORKERS: [u32; 2] = [1021, 1022];
    pub const QMGR: u32 = 1311;
    pub const MARIADBD: u32 = 1187;
}

/// A short-lived worker process that is reused while it stays busy (Postfix's `smtpd`,
/// `cleanup`, `pickup`... exit after `max_idle` seconds without work).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Worker {
    pid: u32,
    last: Option<Time>,
}

impl Worker {
    /// The worker's pid for a job at `t`: the same process if it worked within `idle_secs`,
    /// else a new one.
    pub fn at(&mut self, t: Time, idle_secs: i64, world: &World, rng: &mut impl rand::Rng) -> u32 {
        let fresh = match self.last {
            Some(last) => t.since(last) > idle_secs * crate::time::SECOND,
            None => true,
        };
        if fresh {
            self.pid = world.pid(t, rng);
        }
        self.last = Some(self.last.map_or(t, |l| l.max(t)));
        self.pid
    }
}
