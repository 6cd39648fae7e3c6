//! What every generator may consult: the clock, the host, the periods, and the state of the
//! services over time (derived from the scenario before anything is generated, so that each
//! generator can run alone).

use std::cell::RefCell;
use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::scenario::{Scenario, Size};
use crate::time::{Clock, Time, DAY, MINUTE, SECOND};

/// How PHP requests fare at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Php {
    /// Normal service.
    Up,
    /// The database is gone and PHP notices at once: WordPress's 500 "Error establishing a
    /// database connection" (the socket file is left behind: "Connection refused").
    DbRefused,
    /// As [`Php::DbRefused`], but the server was stopped in order and removed its socket
    /// ("No such file or directory").
    DbMissing,
    /// PHP-FPM's workers are stuck: nginx gets 502 (backlog full) and 504 (timeouts).
    Jammed,
    /// PHP-FPM is saturated by a flood: most requests get 502 or 504, a few get through.
    Saturated,
}

/// Why the database is not serving, which decides how PHP fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gone {
    /// Killed under memory pressure: PHP fails fast ("Connection refused"), then the
    /// starved pool jams.
    Killed,
    /// Crashed, or failed to start: PHP fails fast ("Connection refused") throughout.
    Refused,
    /// Stopped in order: the socket is gone ("No such file or directory").
    Stopped,
    /// Running but hung (waiting for disk space): every query waits, the pool jams at once.
    Hung,
}

/// A stretch `[from, to)` during which MariaDB does not serve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DbDown {
    /// From.
    pub from: Time,
    /// To (`ready for connections` again).
    pub to: Time,
    /// Why.
    pub gone: Gone,
}

/// What a story changes in the state of the services, derived before anything is generated
/// so that every generator sees the same world.
#[derive(Debug, Default)]
pub struct Plan {
    /// When MariaDB does not serve.
    pub db_down: Vec<DbDown>,
    /// When MariaDB was (re)started, in order.
    pub db_starts: Vec<Time>,
    /// When PHP-FPM is saturated by a flood.
    pub overloaded: Vec<(Time, Time)>,
    /// Addresses whose packets are dropped (a firewall ban), and when.
    pub blocked: Vec<(String, Time, Time)>,
    /// When the story's admin is at work (the background's admin stays away).
    pub busy: Vec<(Time, Time)>,
    /// When the filesystem holding the mail queue, the database and nginx's buffers is full.
    pub disk_full: Vec<(Time, Time)>,
    /// Mail logins that fail from then on (a mailbox user, a client address, since when):
    /// a mail client there still has the old password.
    pub stale_passwords: Vec<(String, String, Time)>,
}

/// A random stream for `label`, independent of the others, from the scenario's seed.
pub fn stream(seed: u64, label: &str) -> ChaCha8Rng {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in label.bytes() {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(hash);
    rng
}

/// How long after the database dies PHP keeps failing fast before the pool jams.
const FAST_FAIL: i64 = 43 * SECOND;

/// Process ids in use: per minute since boot, how much of its block is taken, and for full
/// blocks a later block to try.
#[derive(Debug, Default)]
struct PidBlocks {
    used: BTreeMap<i64, u32>,
    full: BTreeMap<i64, i64>,
}

/// The derived, read-only context of one generation.
#[derive(Debug)]
pub struct World {
    /// The server's clock.
    pub clock: Clock,
    /// Short host name.
    pub hostname: String,
    /// Mail and web domain.
    pub domain: String,
    /// `hostname.domain`.
    pub fqdn: String,
    /// The server's IPv4 address as text.
    pub ipv4: String,
    /// The server's IPv6 address as text.
    pub ipv6: String,
    /// First instant of the logs.
    pub start: Time,
    /// End of the logs (exclusive).
    pub end: Time,
    /// Rotation instants strictly inside `(start, end)`.
    pub cuts: Vec<Time>,
    /// The rotations whose traces are in the logs: the cuts, and `start` when the logs begin
    /// with a rotation.
    pub rotations: Vec<Time>,
    /// When the kernel booted (printk stamps count from here).
    pub boot: Time,
    /// When MariaDB does not serve, in order.
    pub db_down: Vec<DbDown>,
    /// When the running MariaDB was started (for its connection ids), latest last.
    pub db_starts: Vec<Time>,
    /// When PHP-FPM is saturated by a flood.
    pub overloaded: Vec<(Time, Time)>,
    /// Addresses whose packets are dropped, and when.
    pub blocked: Vec<(String, Time, Time)>,
    /// When the story's admin is at work.
    pub busy: Vec<(Time, Time)>,
    /// When the root filesystem is full.
    pub disk_full: Vec<(Time, Time)>,
    /// Mail logins that fail from a time on (user, address, since).
    pub stale_passwords: Vec<(String, String, Time)>,
    /// Background volume.
    pub size: Size,
    seed: u64,
    /// Process ids handed out so far.
    pids: RefCell<PidBlocks>,
    /// The pid of each MariaDB started during the logs, by its `ready` instant.
    db_pids: RefCell<BTreeMap<Time, u32>>,
    /// The MariaDB binary's source revision, once someone has printed it.
    db_revision: RefCell<Option<String>>,
}

impl World {
    /// Derives the world of `scenario`.
    pub fn new(scenario: &Scenario) -> Self {
        let clock = Clock::new(scenario.host.zone);
        let start = clock.at(scenario.start);
        let end = clock.at(scenario.end).max(start);
        let cuts = scenario.rotation.cuts(scenario.host.zone, start, end);
        let mut rotations = cuts.clone();
        if scenario.start.time() == scenario.rotation.at {
            rotations.insert(0, start);
        }
        // Booted some three weeks before the logs begin, at an odd moment.
        let boot = start.add(-(20 * DAY + 7_333 * SECOND + 412_877));
        let plan = crate::incident::plan(scenario, &clock);
        let mut db_starts = vec![boot.add(9 * SECOND + 381_020)];
        db_starts.extend(plan.db_starts);
        db_starts.sort();
        let mut db_down = plan.db_down;
        db_down.sort_by_key(|d| d.from);
        World {
            hostname: scenario.host.hostname.clone(),
            domain: scenario.host.domain.clone(),
            fqdn: scenario.host.fqdn(),
            ipv4: scenario.host.ipv4.to_string(),
            ipv6: scenario.host.ipv6.to_string(),
            clock,
            start,
            end,
            cuts,
            rotations,
            boot,
            db_down,
            db_starts,
            overloaded: plan.overloaded,
            blocked: plan.blocked,
            busy: plan.busy,
            disk_full: plan.disk_full,
            stale_passwords: plan.stale_passwords,
            size: scenario.size,
            seed: scenario.seed,
            pids: RefCell::new(PidBlocks::default()),
            db_pids: RefCell::new(BTreeMap::new()),
            db_revision: RefCell::new(None),
        }
    }

    /// A random stream for one generator, independent of the others: adding a generator or
    /// changing one does not change what the rest produce.
    pub fn rng(&self, label: &str) -> ChaCha8Rng {
        stream(self.seed, label)
    }

    /// Whether MariaDB is serving at `t`.
    pub fn db_up(&self, t: Time) -> bool {
        !self.db_down.iter().any(|d| t >= d.from && t < d.to)
    }

    /// How a PHP request fares at `t`.
    pub fn php(&self, t: Time) -> Php {
        match self.db_down.iter().find(|d| t >= d.from && t < d.to) {
            None if self.overloaded.iter().any(|&(a, b)| t >= a && t < b) => Php::Saturated,
            None => Php::Up,
            Some(d) => match d.gone {
                Gone::Killed if t.since(d.from) < FAST_FAIL => Php::DbRefused,
                Gone::Killed | Gone::Hung => Php::Jammed,
                Gone::Refused => Php::DbRefused,
                Gone::Stopped => Php::DbMissing,
            },
        }
    }

    /// Whether packets from `ip` are dropped at `t` (a firewall ban).
    pub fn blocked(&self, ip: &str, t: Time) -> bool {
        self.blocked
            .iter()
            .any(|(b, from, to)| b == ip && t >= *from && t < *to)
    }

    /// Whether `user`'s mail login from `ip` fails at `t` (the story writes those failures).
    pub fn stale_password(&self, user: &str, ip: &str, t: Time) -> bool {
        self.stale_passwords
            .iter()
            .any(|(u, i, since)| u == user && i == ip && t >= *since)
    }

    /// Whether the root filesystem is full at `t` (writes fail with ENOSPC).
    pub fn disk_full(&self, t: Time) -> bool {
        self.disk_full.iter().any(|&(a, b)| t >= a && t < b)
    }

    /// Whether `t` is within `margin` of an outage or of the story's admin at work (the
    /// background's admin stays away then).
    pub fn eventful(&self, t: Time, margin: i64) -> bool {
        self.db_down
            .iter()
            .map(|d| (d.from, d.to))
            .chain(self.busy.iter().copied())
            .any(|(from, to)| t >= from.add(-margin) && t <= to.add(margin))
    }

    /// A process id for a process started at `t`. The kernel hands them out in increasing
    /// order; here each minute since boot has a block of ids, used in the order asked (with
    /// small gaps for the processes nobody logs), spilling into the next minute's block when
    /// full, so that no two processes share an id.
    pub fn pid(&self, t: Time, rng: &mut impl Rng) -> u32 {
        const PID_MAX: i64 = 4_194_304;
        let per_minute = 30 * (1 + self.size.requests_per_day / 4_000);
        let gap = rng.gen_range(1..4);
        let mut blocks = self.pids.borrow_mut();
        let mut minute = t.since(self.boot).max(0) / MINUTE;
        let mut full = Vec::new();
        loop {
            // Skip the blocks known to be full (following and then shortening the chain).
            while let Some(&next) = blocks.full.get(&minute) {
                full.push(minute);
                minute = next;
            }
            let used = blocks.used.entry(minute).or_insert(0);
            if *used + gap < per_minute {
                *used += gap;
                let n = 1_000 + minute * i64::from(per_minute) + i64::from(*used);
                for m in full {
                    blocks.full.insert(m, minute);
                }
                return (300 + n % (PID_MAX - 300)) as u32;
            }
            blocks.full.insert(minute, minute + 1);
            full.push(minute);
            minute += 1;
        }
    }

    /// The pid of the MariaDB started at `requested` and ready at `ready`: handed out at
    /// the first call (from `rng`), the same at every later one.
    pub fn db_pid(&self, ready: Time, requested: Time, rng: &mut impl Rng) -> u32 {
        if let Some(pid) = self.db_pids.borrow().get(&ready) {
            return *pid;
        }
        let pid = self.pid(requested, rng);
        self.db_pids.borrow_mut().insert(ready, pid);
        pid
    }

    /// The MariaDB binary's source revision: the first one `drawn` by whoever prints it first
    /// (every caller draws one, so that random streams do not depend on the order).
    pub fn db_revision(&self, drawn: impl std::fmt::Display) -> String {
        self.db_revision
            .borrow_mut()
            .get_or_insert_with(|| drawn.to_string())
            .clone()
    }

    /// The pid of the MariaDB running at `t`.
    pub fn running_db_pid(&self, t: Time, rng: &mut impl Rng) -> u32 {
        match self.db_starts.iter().rev().find(|s| **s <= t) {
            Some(&ready) if self.db_starts.first() != Some(&ready) => {
                self.db_pid(ready, ready.add(-3 * SECOND), rng)
            }
            _ => crate::gen::pids::MARIADBD,
        }
    }

    /// nginx's connection number (`*N` in the error log) of a connection opened at `t`.
    pub fn nginx_connection(&self, t: Time, rng: &mut impl Rng) -> u64 {
        let per_sec = f64::from(self.size.requests_per_day.max(1)) * 5.0 / 86_400.0;
        let secs = t.since(self.boot).max(0) / SECOND;
        (secs as f64 * per_sec) as u64 + rng.gen_range(0..4)
    }

    /// MariaDB's connection id for a connection opened at `t` (they restart with the server).
    pub fn db_connection_id(&self, t: Time, rng: &mut impl Rng) -> u64 {
        let started = self
            .db_starts
            .iter()
            .rev()
            .find(|s| **s <= t)
            .copied()
            .unwrap_or(self.boot);
        let per_sec = f64::from(self.size.requests_per_day.max(1)) * 0.9 / 86_400.0;
        let secs = t.since(started).max(0) / SECOND;
        4 + (secs as f64 * per_sec) as u64 + rng.gen_range(0..3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn pids_are_unique_and_grow_with_time() {
        let world = World::new(&Scenario::demo());
        let mut rng = world.rng("test");
        let mut seen = HashSet::new();
        let mut last_block = 0;
        for minute in 0..50 {
            let t = world.start.add(minute * MINUTE);
            // Far more processes than a block holds: they spill into later blocks.
            let pids: Vec<u32> = (0..25).map(|_| world.pid(t, &mut rng)).collect();
            for pid in &pids {
                assert!(seen.insert(*pid), "pid {pid} handed out twice");
            }
            let first = *pids.iter().min().unwrap();
            assert!(first >= last_block, "pids went backwards");
            last_block = first;
        }
    }

    #[test]
    fn php_fails_fast_then_jams_while_the_database_is_down() {
        let world = World::new(&Scenario::demo());
        let DbDown {
            from: down, to: up, ..
        } = world.db_down[0];
        assert_eq!(world.php(down.add(-1)), Php::Up);
        assert_eq!(world.php(down), Php::DbRefused);
        assert_eq!(world.php(down.add(60 * SECOND)), Php::Jammed);
        assert_eq!(world.php(up), Php::Up);
        assert!(!world.db_up(down) && world.db_up(up));
        assert_eq!(
            world
                .clock
                .stamp(down, crate::time::Style::Rfc3339)
                .to_string(),
            "2026-11-24T14:01:07+09:00"
        );
    }

    #[test]
    fn streams_are_independent_of_each_other() {
        let world = World::new(&Scenario::demo());
        let a: u64 = world.rng("web").gen();
        let b: u64 = world.rng("mail").gen();
        assert_ne!(a, b);
        assert_eq!(a, world.rng("web").gen::<u64>());
    }
}
