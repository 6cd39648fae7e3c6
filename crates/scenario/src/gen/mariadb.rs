//! MariaDB's error log on an ordinary day: now and then a client goes away without closing its
//! connection (`Aborted connection ... Got an error reading communication packets`).

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::gen::{Generator, Window};
use crate::sink::{LogFile, Sink};
use crate::time::{Style, Time};
use crate::traffic::{arrivals, Profile};
use crate::world::World;

/// The WordPress database and its user.
pub const DB: &str = "wp_example";

/// Writes a MariaDB error log line: `<stamp> <thread> [<level>] <message>`.
pub(crate) fn line(
    world: &World,
    out: &mut Sink<'_>,
    t: Time,
    thread: u64,
    level: &str,
    msg: std::fmt::Arguments<'_>,
) {
    let when = world.clock.stamp(t, Style::Mariadb);
    out.line(
        LogFile::Mariadb,
        t,
        format_args!("{when} {thread} [{level}] {msg}"),
    );
}

/// Aborted connections.
#[derive(Debug)]
pub(crate) struct Mariadb {
    rng: ChaCha8Rng,
    times: Vec<Time>,
}

impl Mariadb {
    pub fn new(world: &World) -> Self {
        Mariadb {
            rng: world.rng("mariadb"),
            times: Vec::new(),
        }
    }
}

impl Generator for Mariadb {
    fn run(&mut self, window: Window, world: &World, out: &mut Sink<'_>) {
        let per_day = 2.0 + f64::from(world.size.requests_per_day) / 800.0;
        let mut times = std::mem::take(&mut self.times);
        times.clear();
        arrivals(
            world,
            &mut self.rng,
            &Profile::WEB,
            per_day,
            window.from,
            window.to,
            &mut times,
        );
        for &t in &times {
            if !world.db_up(t) {
                continue;
            }
            let id = world.db_connection_id(t, &mut self.rng);
            let why = if self.rng.gen_bool(0.8) {
                "Got an error reading communication packets"
            } else {
                "Got timeout reading communication packets"
            };
            line(
                world,
                out,
                t,
                id,
                "Warning",
                format_args!(
                    "Aborted connection {id} to db: '{DB}' user: '{DB}' host: 'localhost' ({why})"
                ),
            );
        }
        self.times = times;
    }
}
