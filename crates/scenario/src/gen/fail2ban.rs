//! Fail2Ban's own log: `Found` for each failure a jail's filter matches, `Ban` when a jail's
//! `maxretry` is reached, `Unban` when `bantime` runs out, and the server's housekeeping.
//!
//! The lines are written by whoever produces the failure (scanners, mail noise), through these
//! helpers, so that every `Found` has the log line it refers to.

use std::fmt;

use crate::gen::pids::FAIL2BAN;
use crate::sink::{LogFile, Sink};
use crate::time::{Style, Time, SECOND};
use crate::world::World;

/// `bantime` of every jail (Debian's default: ten minutes).
pub const BANTIME: i64 = 600 * SECOND;

fn line(
    world: &World,
    out: &mut Sink<'_>,
    t: Time,
    logger: &str,
    level: &str,
    msg: fmt::Arguments<'_>,
) {
    let stamp = world.clock.stamp(t, Style::Fail2ban);
    out.line(
        LogFile::Fail2ban,
        t,
        format_args!("{stamp} {logger:<24}[{FAIL2BAN}]: {level:<7} {msg}"),
    );
}

/// `[jail] Found ip - <time of the failure>`, logged at `seen` (a moment after the failure).
pub fn found(world: &World, out: &mut Sink<'_>, jail: &str, ip: &str, failed: Time, seen: Time) {
    let when = world.clock.stamp(failed, Style::YmdHms);
    line(
        world,
        out,
        seen,
        "fail2ban.filter",
        "INFO",
        format_args!("[{jail}] Found {ip} - {when}"),
    );
}

/// `[jail] Ban ip`.
pub fn ban(world: &World, out: &mut Sink<'_>, jail: &str, ip: &str, t: Time) {
    line(
        world,
        out,
        t,
        "fail2ban.actions",
        "NOTICE",
        format_args!("[{jail}] Ban {ip}"),
    );
}

/// `[jail] Unban ip`.
pub fn unban(world: &World, out: &mut Sink<'_>, jail: &str, ip: &str, t: Time) {
    line(
        world,
        out,
        t,
        "fail2ban.actions",
        "NOTICE",
        format_args!("[{jail}] Unban {ip}"),
    );
}

/// A line of the server or a filter without a jail (`rollover performed on ...`).
pub fn info(world: &World, out: &mut Sink<'_>, logger: &str, t: Time, msg: fmt::Arguments<'_>) {
    line(world, out, t, logger, "INFO", msg);
}
