//! Instants, the server's clock and the timestamp shapes of each log format.
//!
//! Generation works on [`Time`], a plain count of microseconds since the Unix epoch (UTC), so
//! that sorting and arithmetic are integer operations. [`Clock`] turns an instant into the
//! server's local wall time (any IANA zone, daylight saving included) and renders it in the
//! shape a log format uses, without allocating: the UTC offset is cached per hour and the
//! calendar is computed with integer arithmetic.

use std::cell::Cell;
use std::fmt;

use chrono::{DateTime, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// Microseconds in one second.
pub const SECOND: i64 = 1_000_000;
/// Microseconds in one minute.
pub const MINUTE: i64 = 60 * SECOND;
/// Microseconds in one hour.
pub const HOUR: i64 = 60 * MINUTE;
/// Microseconds in one day.
pub const DAY: i64 = 24 * HOUR;

/// An instant: microseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(i64);

impl Time {
    /// The instant `micros` microseconds after the Unix epoch.
    pub const fn from_micros(micros: i64) -> Self {
        Time(micros)
    }

    /// Microseconds since the Unix epoch.
    pub const fn micros(self) -> i64 {
        self.0
    }

    /// Whole seconds since the Unix epoch (rounded down).
    pub const fn unix_seconds(self) -> i64 {
        self.0.div_euclid(SECOND)
    }

    /// The instant of a chrono date-time.
    pub fn from_chrono<Z: TimeZone>(when: &DateTime<Z>) -> Self {
        Time(when.timestamp_micros())
    }

    /// This instant as a chrono UTC date-time.
    pub fn to_chrono(self) -> DateTime<chrono::Utc> {
        DateTime::from_timestamp_micros(self.0).unwrap_or_default()
    }

    /// This instant moved by `micros` microseconds (negative: earlier).
    #[must_use]
    pub const fn add(self, micros: i64) -> Self {
        Time(self.0 + micros)
    }

    /// This instant moved by whole seconds.
    #[must_use]
    pub const fn add_secs(self, secs: i64) -> Self {
        Time(self.0 + secs * SECOND)
    }

    /// This instant moved by milliseconds.
    #[must_use]
    pub const fn add_millis(self, millis: i64) -> Self {
        Time(self.0 + millis * 1_000)
    }

    /// Microseconds from `earlier` to `self` (negative when `earlier` is later).
    pub const fn since(self, earlier: Time) -> i64 {
        self.0 - earlier.0
    }

    /// This instant with its sub-second part dropped.
    #[must_use]
    pub const fn floor_secs(self) -> Self {
        Time(self.0 - self.0.rem_euclid(SECOND))
    }
}

/// A broken-down wall-clock time with the UTC offset that applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Local {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–59.
    pub second: u8,
    /// Microseconds within the second.
    pub micro: u32,
    /// Offset from UTC in seconds (east positive).
    pub offset: i32,
}

/// The shapes of timestamp the generated logs use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// rsyslog's high-precision `RSYSLOG_FileFormat`: `2026-11-24T13:47:03.123456+09:00`.
    Rsyslog,
    /// RFC 3339 to the second: `2026-11-24T14:01:07+09:00`.
    Rfc3339,
    /// nginx `$time_local`: `24/Nov/2026:14:01:12 +0900`.
    Clf,
    /// nginx error log: `2026/11/24 14:01:12`.
    NginxError,
    /// MariaDB error log, hour padded with a space: `2026-11-23  3:12:01`.
    Mariadb,
    /// MariaDB's short form (buffer pool messages): `261124 14:37:04`, hour space-padded.
    MariadbShort,
    /// Fail2Ban's own log: `2026-11-24 03:12:01,123`.
    Fail2ban,
    /// `2026-11-24 03:12:01`.
    YmdHms,
    /// `20261124044703`, as Postfix puts it in the message-ids it makes (use a UTC [`Local`]).
    Compact,
    /// RFC 3164 / rsyslog's `RSYSLOG_TraditionalFileFormat`, no year, day space-padded:
    /// `Jan  1 03:12:07`.
    Rfc3164,
}

/// A [`Local`] time ready to be written in a [`Style`].
#[derive(Clone, Copy, Debug)]
pub struct Stamp {
    local: Local,
    style: Style,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let l = &self.local;
        let (y, mo, d, h, mi, s) = (l.year, l.month, l.day, l.hour, l.minute, l.second);
        let sign = if l.offset < 0 { '-' } else { '+' };
        let (oh, om) = (
            l.offset.unsigned_abs() / 3600,
            l.offset.unsigned_abs() % 3600 / 60,
        );
        match self.style {
            Style::Rsyslog => write!(
                f,
                "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:06}{sign}{oh:02}:{om:02}",
                l.micro
            ),
            Style::Rfc3339 => write!(
                f,
                "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{sign}{oh:02}:{om:02}"
            ),
            Style::Clf => {
                let mon = MONTHS[usize::from(mo.clamp(1, 12)) - 1];
                write!(
                    f,
                    "{d:02}/{mon}/{y:04}:{h:02}:{mi:02}:{s:02} {sign}{oh:02}{om:02}"
                )
            }
            Style::NginxError => write!(f, "{y:04}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}"),
            Style::Mariadb => write!(f, "{y:04}-{mo:02}-{d:02} {h:>2}:{mi:02}:{s:02}"),
            Style::MariadbShort => write!(
                f,
                "{:02}{mo:02}{d:02} {h:>2}:{mi:02}:{s:02}",
                y.rem_euclid(100)
            ),
            Style::Fail2ban => write!(
                f,
                "{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02},{:03}",
                l.micro / 1000
            ),
            Style::YmdHms => write!(f, "{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
            Style::Compact => write!(f, "{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}"),
            Style::Rfc3164 => {
                let mon = MONTHS[usize::from(mo.clamp(1, 12)) - 1];
                write!(f, "{mon} {d:>2} {h:02}:{mi:02}:{s:02}")
            }
        }
    }
}

/// The server's clock: a time zone with a per-hour cache of its UTC offset.
///
/// Not `Sync` (the cache is a `Cell`); generation is single-threaded per scenario.
#[derive(Debug)]
pub struct Clock {
    zone: Tz,
    /// `(hour bucket, offset seconds)` of the last lookup; the bucket is `i64::MIN` when empty.
    cache: Cell<(i64, i32)>,
}

impl Clock {
    /// A clock for `zone`.
    pub fn new(zone: Tz) -> Self {
        Clock {
            zone,
            cache: Cell::new((i64::MIN, 0)),
        }
    }

    /// The zone of this clock.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// The UTC offset (seconds east) in force at `t`.
    pub fn offset(&self, t: Time) -> i32 {
        let bucket = t.micros().div_euclid(HOUR);
        let (cached, offset) = self.cache.get();
        if cached == bucket {
            return offset;
        }
        let first = self.lookup(Time::from_micros(bucket * HOUR));
        let last = self.lookup(Time::from_micros(bucket * HOUR + HOUR - 1));
        if first == last {
            self.cache.set((bucket, first));
            first
        } else {
            // A transition inside this hour: no caching, exact answer.
            self.lookup(t)
        }
    }

    fn lookup(&self, t: Time) -> i32 {
        let utc = t.to_chrono().naive_utc();
        self.zone
            .offset_from_utc_datetime(&utc)
            .fix()
            .local_minus_utc()
    }

    /// The wall-clock time at `t`.
    pub fn local(&self, t: Time) -> Local {
        split(t, self.offset(t))
    }

    /// `t` rendered in `style` on this clock's wall time.
    pub fn stamp(&self, t: Time, style: Style) -> Stamp {
        Stamp {
            local: self.local(t),
            style,
        }
    }

    /// `t` rendered in `style` in UTC.
    pub fn utc_stamp(t: Time, style: Style) -> Stamp {
        Stamp {
            local: split(t, 0),
            style,
        }
    }

    /// The instant at which this clock shows `wall` (the earlier one when the wall time occurs
    /// twice; the moment after the gap when it does not occur at all).
    pub fn at(&self, wall: NaiveDateTime) -> Time {
        match self.zone.from_local_datetime(&wall) {
            chrono::LocalResult::Single(t) => Time::from_chrono(&t),
            chrono::LocalResult::Ambiguous(early, _) => Time::from_chrono(&early),
            chrono::LocalResult::None => {
                // Inside a spring-forward gap: step forward a minute at a time.
                let mut probe = wall;
                loop {
                    probe += chrono::Duration::minutes(1);
                    if let chrono::LocalResult::Single(t) = self.zone.from_local_datetime(&probe) {
                        return Time::from_chrono(&t);
                    }
                }
            }
        }
    }
}

/// Breaks `t` into calendar fields for a fixed `offset` (seconds east of UTC).
fn split(t: Time, offset: i32) -> Local {
    let local = t.micros() + i64::from(offset) * SECOND;
    let days = local.div_euclid(DAY);
    let in_day = local.rem_euclid(DAY);
    let (year, month, day) = civil_from_days(days);
    let secs = in_day / SECOND;
    Local {
        year,
        month,
        day,
        hour: (secs / 3600) as u8,
        minute: (secs / 60 % 60) as u8,
        second: (secs % 60) as u8,
        micro: (in_day % SECOND) as u32,
        offset,
    }
}

/// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month as u8, day as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn wall(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, s)
            .unwrap()
    }

    #[test]
    fn styles_render_tokyo_wall_time() {
        let clock = Clock::new(chrono_tz::Asia::Tokyo);
        let t = clock.at(wall(2026, 11, 23, 3, 12, 1)).add(123_456);
        let s = |style| clock.stamp(t, style).to_string();
        assert_eq!(s(Style::Rsyslog), "2026-11-23T03:12:01.123456+09:00");
        assert_eq!(s(Style::Rfc3339), "2026-11-23T03:12:01+09:00");
        assert_eq!(s(Style::Clf), "23/Nov/2026:03:12:01 +0900");
        assert_eq!(s(Style::NginxError), "2026/11/23 03:12:01");
        assert_eq!(s(Style::Mariadb), "2026-11-23  3:12:01");
        assert_eq!(s(Style::MariadbShort), "261123  3:12:01");
        assert_eq!(s(Style::Fail2ban), "2026-11-23 03:12:01,123");
        assert_eq!(s(Style::YmdHms), "2026-11-23 03:12:01");
        assert_eq!(s(Style::Rfc3164), "Nov 23 03:12:01");
        let new_year = clock.at(wall(2027, 1, 1, 0, 0, 5));
        assert_eq!(
            clock.stamp(new_year, Style::Rfc3164).to_string(),
            "Jan  1 00:00:05"
        );
        assert_eq!(
            Clock::utc_stamp(t, Style::Compact).to_string(),
            "20261122181201"
        );
    }

    #[test]
    fn calendar_matches_chrono_over_centuries() {
        let clock = Clock::new(chrono_tz::UTC);
        let mut t = Time::from_micros(-2_208_988_800 * SECOND); // 1900-01-01
        while t.micros() < 4_102_444_800 * SECOND {
            let ours = clock.stamp(t, Style::YmdHms).to_string();
            let theirs = t.to_chrono().format("%Y-%m-%d %H:%M:%S").to_string();
            assert_eq!(ours, theirs);
            t = t.add(37 * DAY + 3 * HOUR + 17 * SECOND);
        }
    }

    #[test]
    fn offsets_follow_daylight_saving() {
        let clock = Clock::new(chrono_tz::Europe::Berlin);
        let before = clock.at(wall(2026, 3, 29, 1, 59, 59));
        assert_eq!(clock.offset(before), 3600);
        assert_eq!(clock.offset(before.add_secs(1)), 7200);
        assert_eq!(
            clock.stamp(before.add_secs(1), Style::YmdHms).to_string(),
            "2026-03-29 03:00:00"
        );
        // A wall time inside the gap maps to the first instant after it.
        assert_eq!(
            clock.at(wall(2026, 3, 29, 2, 30, 0)),
            clock.at(wall(2026, 3, 29, 3, 0, 0))
        );
    }
}
