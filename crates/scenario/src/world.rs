//! What every generator may consult: the clock, the host, the periods, and the state of the
//! services over time (derived from the scenario before anything is generated, so that each
//! generator can run alone).

use std::cell::RefCell;
use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::scenario::{Incident, Scenario, Size};
use crate::time::{Clock, Time, DAY, MINUTE, SECOND};

/// How PHP requests fare at an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Php {
    /// Normal service.
    Up,
    /// The database is gone and PHP notices at once: WordPress's 500 "Error establishing a
    /// database connection".
    DbRefused,
    /// PHP-FPM's workers are stuck: nginx gets 502 (backlog full) and 504 (timeouts).
    Jammed,
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
    /// Intervals `[from, to)` during which MariaDB is not running.
    pub db_down: Vec<(Time, Time)>,
    /// When the running MariaDB was started (for its connection ids), latest last.
    pub db_starts: Vec<Time>,
    /// Background volume.
    pub size: Size,
    seed: u64,
    /// Process ids handed out so far.
    pids: RefCell<PidBlocks>,
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
        let mut db_down = Vec::new();
        let mut db_starts = vec![boot.add(9 * SECOND + 381_020)];
        if let Incident::MassMail(m) = &scenario.incident {
            let kill = clock.at(m.oom_at).add(311_408);
            let ready = clock.at(m.restart_at).add(3 * SECOND + 88_112);
            db_down.push((kill, ready));
            db_starts.push(ready);
        }
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
            size: scenario.size,
            seed: scenario.seed,
            pids: RefCell::new(PidBlocks::default()),
        }
    }

    /// A random stream for one generator, independent of the others: adding a generator or
    /// changing one does not change what the rest produce.
    pub fn rng(&self, label: &str) -> ChaCha8Rng {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in label.bytes() {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(hash);
        rng
    }

    /// Whether MariaDB is running at `t`.
    pub fn db_up(&self, t: Time) -> bool {
        !self.db_down.iter().any(|&(from, to)| t >= from && t < to)
    }

    /// How a PHP request fares at `t`.
    pub fn php(&self, t: Time) -> Php {
        match self.db_down.iter().find(|&&(from, to)| t >= from && t < to) {
            None => Php::Up,
            Some(&(from, _)) if t.since(from) < FAST_FAIL => Php::DbRefused,
            Some(_) => Php::Jammed,
        }
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
        let (down, up) = world.db_down[0];
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
