//! Timestamps: what a line wrote ([`PartialTime`]) and the instant it means ([`Timestamp`]).
//!
//! Parsers read the stamp exactly as written and never guess: a syslog stamp has no year, a
//! MariaDB stamp has no zone. [`TimeResolver`] applies the caller's policy — the zone for stamps
//! without an offset (DST-correct through the IANA database) and the reference instant that
//! supplies a missing year — and caches the last minute it converted, so a run of lines in the
//! same minute costs a comparison each.
//!
//! The `parse_*` functions here read the stamp shapes the supported daemons write; each returns
//! the stamp and the rest of the line.

use std::fmt;

use chrono::{FixedOffset, Offset, TimeZone};

/// A timestamp as written in a line: any part the line does not carry is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialTime {
    /// Year, when the stamp has one (RFC 3164 syslog stamps do not).
    pub year: Option<i32>,
    /// Month, 1–12.
    pub month: u8,
    /// Day of month, 1–31.
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Second, 0–60 (a leap second is read as 59).
    pub second: u8,
    /// Fraction of the second in nanoseconds.
    pub nanos: u32,
    /// Offset east of UTC in seconds, when the stamp has one.
    pub offset_secs: Option<i32>,
}

/// An instant: seconds since the Unix epoch (UTC) plus the offset it is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub secs: i64,
    /// Nanoseconds within the second.
    pub nanos: u32,
    /// Offset east of UTC, in seconds, the instant is displayed in.
    pub offset_secs: i32,
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.secs, self.nanos).cmp(&(other.secs, other.nanos))
    }
}

impl Timestamp {
    /// The same instant shown in another offset.
    pub fn with_offset(self, offset_secs: i32) -> Timestamp {
        Timestamp {
            offset_secs,
            ..self
        }
    }

    /// As a chrono `DateTime` in its offset.
    pub fn to_datetime(self) -> chrono::DateTime<FixedOffset> {
        let offset = FixedOffset::east_opt(self.offset_secs)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset is valid"));
        let utc = chrono::DateTime::from_timestamp(self.secs, self.nanos).unwrap_or_default();
        utc.with_timezone(&offset)
    }

    /// From a chrono `DateTime`.
    pub fn from_datetime<Tz: TimeZone>(dt: &chrono::DateTime<Tz>) -> Timestamp {
        Timestamp {
            secs: dt.timestamp(),
            nanos: dt.timestamp_subsec_nanos(),
            offset_secs: dt.offset().fix().local_minus_utc(),
        }
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 with offset; fractions are shown only when present (milliseconds or
    /// microseconds as needed).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dt = self.to_datetime();
        let fmt = if self.nanos == 0 {
            "%Y-%m-%dT%H:%M:%S%:z"
        } else if self.nanos.is_multiple_of(1_000_000) {
            "%Y-%m-%dT%H:%M:%S%.3f%:z"
        } else if self.nanos.is_multiple_of(1_000) {
            "%Y-%m-%dT%H:%M:%S%.6f%:z"
        } else {
            "%Y-%m-%dT%H:%M:%S%.9f%:z"
        };
        write!(f, "{}", dt.format(fmt))
    }
}

/// The zone that stamps without an offset are read in: a fixed offset, or an IANA zone with
/// its DST rules (from the time zone database built into the program, so that a run reads the
/// same on every machine).
///
/// ```
/// use logparse::Zone;
///
/// let tokyo = Zone::parse("Asia/Tokyo").unwrap();
/// assert_eq!(tokyo.to_string(), "Asia/Tokyo");
/// assert_eq!(tokyo.offset_at(1_800_000_000), 9 * 3600);
/// assert_eq!(Zone::parse("-0530").unwrap().to_string(), "-05:30");
/// assert!(Zone::parse("Nowhere/City").is_none());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Zone(jiff::tz::TimeZone);

impl Zone {
    /// UTC.
    pub const UTC: Zone = Zone(jiff::tz::TimeZone::UTC);

    /// Reads `Asia/Tokyo`, `UTC`, `Z`, `+09:00`, `-0530`.
    pub fn parse(name: &str) -> Option<Zone> {
        let name = name.trim();
        if name.eq_ignore_ascii_case("z") {
            return Some(Zone::UTC);
        }
        if let Some((off, rest)) = parse_offset(name.as_bytes()) {
            if rest.is_empty() {
                let offset = jiff::tz::Offset::from_seconds(off).ok()?;
                return Some(Zone(jiff::tz::TimeZone::fixed(offset)));
            }
        }
        jiff::tz::db().get(name).ok().map(Zone)
    }

    /// Whether this is a fixed offset (no DST rules).
    pub fn is_fixed(&self) -> bool {
        self.0.iana_name().is_none()
    }

    /// The offset (seconds east of UTC) in force at this instant.
    pub fn offset_at(&self, secs: i64) -> i32 {
        let at = jiff::Timestamp::from_second(secs.clamp(
            jiff::Timestamp::MIN.as_second(),
            jiff::Timestamp::MAX.as_second(),
        ))
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        self.0.to_offset(at).seconds()
    }

    /// The instant of a local wall-clock minute start and its offset. In a DST overlap the
    /// earlier instant is taken; in a gap, the wall time is moved forward by the gap's length.
    fn local_minute(&self, y: i32, mo: u8, d: u8, h: u8, mi: u8) -> Option<(i64, i32)> {
        let wall = jiff::civil::DateTime::new(
            i16::try_from(y).ok()?,
            i8::try_from(mo).ok()?,
            i8::try_from(d).ok()?,
            i8::try_from(h).ok()?,
            i8::try_from(mi).ok()?,
            0,
            0,
        )
        .ok()?;
        let instant = self.0.to_ambiguous_timestamp(wall).compatible().ok()?;
        Some((instant.as_second(), self.0.to_offset(instant).seconds()))
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.iana_name() {
            Some(name) => f.write_str(name),
            None => {
                let secs = self.0.to_offset(jiff::Timestamp::UNIX_EPOCH).seconds();
                let (sign, abs) = if secs < 0 { ('-', -secs) } else { ('+', secs) };
                write!(f, "{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60)?;
                if abs % 60 != 0 {
                    write!(f, ":{:02}", abs % 60)?;
                }
                Ok(())
            }
        }
    }
}

/// Turns [`PartialTime`]s into [`Timestamp`]s under a policy: the zone for stamps without an
/// offset, and the rules that supply the year of year-less (RFC 3164) stamps.
///
/// * **Reference.** A reference instant, usually the file's modification time, set with
///   [`set_reference`](Self::set_reference): a year-less stamp takes the latest year that does
///   not put the line more than a day after the reference. That is right across New Year: a
///   `Dec 31` line in a file last written on `Jan 1` belongs to the year before.
/// * **Monotonic order.** The lines of one file are written in time order. When a year-less
///   stamp, placed by the reference, falls more than 180 days before the previous year-less
///   stamp this resolver placed, and a later year puts it at most 30 days after that one, the
///   file went on past its reference — typically across New Year — and the reference is wrong
///   (the file was touched, copied or restored): the stamp takes that later year. Small steps
///   back (lines written out of order, by seconds or hours) never move a year, and a file
///   whose reference is right resolves exactly as by the reference alone: all its lines lie
///   before the reference, in order, so none falls half a year behind the one before. A stamp
///   that a later year would put more than 30 days after the previous one keeps the year of
///   the reference: a jump that far is no log going on but a clock reset (a machine booting at
///   `Jan  1 00:00`) or lines in no order (a collection of samples), and the reference is the
///   better guess.
/// * **No reference.** [`new`](Self::new) sets the reference to now, and until
///   [`set_reference`](Self::set_reference) is called it is a hard bound: no line can have been
///   written in the future, and the reference rule already gives every stamp the latest year
///   that is not, so monotonic order is off (it could only move lines past now).
///
/// The rules hold per file: call [`set_reference`](Self::set_reference) (which forgets the
/// previous line) or use a new resolver for each file. A resolver that starts in the middle of
/// a file knows no previous line, so it has only the reference.
///
/// ```
/// use logparse::{parse_rfc3164, TimeResolver, Zone};
///
/// let (stamp, _) = parse_rfc3164(b"Jan  1 00:00:05 host kernel: ...").unwrap();
/// let mut resolver = TimeResolver::new(Zone::parse("Asia/Tokyo").unwrap());
/// // The file was last written on 2027-01-02, so "Jan 1" is 2027-01-01.
/// resolver.set_reference(1_798_848_000);
/// let ts = resolver.resolve(&stamp).unwrap();
/// assert_eq!(ts.to_string(), "2027-01-01T00:00:05+09:00");
///
/// // A file whose modification time says 2026-12-31 00:00 UTC but that goes on past New
/// // Year: "Jan 1" after "Dec 31" is the next year.
/// let mut resolver = TimeResolver::new(Zone::UTC);
/// resolver.set_reference(1_798_675_200);
/// let (dec, _) = parse_rfc3164(b"Dec 31 23:59:58 host cron[1]: ...").unwrap();
/// let (jan, _) = parse_rfc3164(b"Jan  1 06:25:03 host cron[1]: ...").unwrap();
/// assert_eq!(resolver.resolve(&dec).unwrap().to_string(), "2026-12-31T23:59:58+00:00");
/// assert_eq!(resolver.resolve(&jan).unwrap().to_string(), "2027-01-01T06:25:03+00:00");
/// ```
#[derive(Debug, Clone)]
pub struct TimeResolver {
    zone: Zone,
    reference: i64,
    reference_year: i32,
    /// Whether monotonic order applies: a reference was set by the caller.
    monotonic: bool,
    /// The previous year-less stamp placed: its instant (seconds) and the year it was given.
    previous: Option<(i64, i32)>,
    cache_key: Option<(i32, u8, u8, u8, u8)>,
    cache_value: (i64, i32),
    /// The local day (see [`day_key`]) of the previous minute the zone was asked for, with
    /// what reads a wall time of that day without the zone: see [`SteadyDay`].
    steady_key: u64,
    steady: SteadyDay,
    /// The date of the previous stamp with an offset and its day number.
    day_key: Option<(i32, u8, u8)>,
    day_value: i64,
    /// The minute (month, day, hour, minute) of the previous year-less stamp and what it
    /// resolved to (year, minute start, offset). A stamp in the same minute as the previous
    /// year-less one gets the same year under both rules, so a run of lines in one minute
    /// costs a comparison each whichever year they land in.
    yearless_key: Option<(u8, u8, u8, u8)>,
    yearless_value: (i32, i64, i32),
    /// The previous stamp resolved, without its fraction, and its instant (seconds, offset):
    /// most lines of a busy log share their second with the line before, and such a stamp
    /// resolves as that one did (the rules above give the same answer and leave the same
    /// state behind).
    second_key: Option<(u64, u64)>,
    second_value: (i64, i32),
    /// The day of the previous stamp with an offset resolved in another second (its
    /// [`second_key`] without hour, minute and second: date, whether it has a year and an
    /// offset, and the year) and the instant of its local midnight as though UTC: a stamp on
    /// that day resolves by adding its time of day and taking its offset away, without its
    /// date read again. Most lines of a quiet log fall on the previous line's day but not in
    /// its second.
    day_of_second: Option<(u64, u32)>,
    day_secs: i64,
}

/// A stamp without its fraction as two words, for [`TimeResolver::resolve`] to tell a stamp in
/// the previous one's second at the cost of two comparisons: the date and time to the second
/// with whether there is a year and an offset, and then year and offset.
#[inline(always)]
fn second_key(t: &PartialTime) -> (u64, u64) {
    let date = u64::from(t.month)
        | u64::from(t.day) << 8
        | u64::from(t.hour) << 16
        | u64::from(t.minute) << 24
        | u64::from(t.second) << 32
        | u64::from(t.year.is_some()) << 40
        | u64::from(t.offset_secs.is_some()) << 41;
    let year = t.year.unwrap_or(0) as u32;
    let offset = t.offset_secs.unwrap_or(0) as u32;
    (date, u64::from(year) | u64::from(offset) << 32)
}

/// The bits of [`second_key`]'s first word that name a day: month and day, whether there is
/// a year and whether there is an offset.
const DAY_BITS: u64 = 0xffff | 0b11 << 40;

/// How far (in seconds) a year-less stamp may fall behind the previous one before
/// [`TimeResolver`] takes it for a later year: 180 days.
const MAX_BACKWARD_SECS: i64 = 180 * 86_400;

/// How far (in seconds) after the previous year-less stamp a later year may put a stamp that
/// fell behind it, for [`TimeResolver`] to take that year: 30 days.
const MAX_GAP_SECS: i64 = 30 * 86_400;

impl TimeResolver {
    /// A resolver for this zone, with the reference instant set to now (a bound no line
    /// passes, so monotonic order is off until [`set_reference`](Self::set_reference)).
    pub fn new(zone: Zone) -> TimeResolver {
        let mut r = TimeResolver {
            zone,
            reference: 0,
            reference_year: 1970,
            monotonic: false,
            previous: None,
            cache_key: None,
            cache_value: (0, 0),
            steady_key: 0,
            steady: SteadyDay::NONE,
            day_key: None,
            day_value: 0,
            yearless_key: None,
            yearless_value: (0, 0, 0),
            second_key: None,
            second_value: (0, 0),
            day_of_second: None,
            day_secs: 0,
        };
        r.set_reference(chrono::Utc::now().timestamp());
        r.monotonic = false;
        r
    }

    /// The zone stamps without an offset are read in.
    pub fn zone(&self) -> &Zone {
        &self.zone
    }

    /// Sets the reference instant (seconds since the epoch) that supplies missing years,
    /// usually the modification time of the file about to be read. It starts a new file:
    /// the previous line is forgotten, and monotonic order applies from here on.
    pub fn set_reference(&mut self, secs: i64) {
        self.reference = secs;
        let offset = self.zone.offset_at(secs);
        self.reference_year =
            chrono::DateTime::from_timestamp(secs.saturating_add(offset.into()), 0)
                .map(|d| chrono::Datelike::year(&d))
                .unwrap_or(1970);
        self.monotonic = true;
        self.previous = None;
        self.yearless_key = None;
        self.second_key = None;
        // A year-less day takes the reference's year.
        self.day_of_second = None;
    }

    /// The instant a stamp means, or `None` when it names no real date (`Feb 30`).
    #[inline]
    pub fn resolve(&mut self, t: &PartialTime) -> Option<Timestamp> {
        let second = second_key(t);
        if self.second_key == Some(second) {
            let (secs, offset_secs) = self.second_value;
            return Some(Timestamp {
                secs,
                nanos: t.nanos,
                offset_secs,
            });
        }
        let (date, year_offset) = second;
        let resolved = if self.day_of_second == Some((date & DAY_BITS, year_offset as u32))
            && t.hour <= 23
            && t.minute <= 59
        {
            // The cached day has an offset (its key says so), which is the key's high half.
            let offset_secs = (year_offset >> 32) as u32 as i32;
            let local = self.day_secs
                + i64::from(t.hour) * 3600
                + i64::from(t.minute) * 60
                + i64::from(t.second.min(59));
            Timestamp {
                secs: local - i64::from(offset_secs),
                nanos: t.nanos,
                offset_secs,
            }
        } else {
            self.resolve_second(t)?
        };
        self.second_key = Some(second);
        self.second_value = (resolved.secs, resolved.offset_secs);
        Some(resolved)
    }

    /// [`resolve`](Self::resolve) of a stamp in another second than the previous one.
    #[inline(never)]
    fn resolve_second(&mut self, t: &PartialTime) -> Option<Timestamp> {
        if t.month == 0 || t.month > 12 || t.day == 0 || t.day > 31 || t.hour > 23 || t.minute > 59
        {
            return None;
        }
        let second = i64::from(t.second.min(59));
        if let Some(offset) = t.offset_secs {
            let year = t.year.unwrap_or(self.reference_year);
            let days = self.days_cached(year, t.month, t.day)?;
            let (date, year_offset) = second_key(t);
            self.day_of_second = Some((date & DAY_BITS, year_offset as u32));
            self.day_secs = days * 86_400;
            let local =
                days * 86_400 + i64::from(t.hour) * 3600 + i64::from(t.minute) * 60 + second;
            return Some(Timestamp {
                secs: local - i64::from(offset),
                nanos: t.nanos,
                offset_secs: offset,
            });
        }
        let (minute_start, offset) = match t.year {
            Some(y) => self.local_minute_cached(y, t)?,
            None => self.resolve_yearless(t, second)?,
        };
        Some(Timestamp {
            secs: minute_start + second,
            nanos: t.nanos,
            offset_secs: offset,
        })
    }

    /// The minute start and offset of a year-less stamp, by the reference and then by
    /// monotonic order; remembers the stamp as the previous one.
    fn resolve_yearless(&mut self, t: &PartialTime, second: i64) -> Option<(i64, i32)> {
        let key = (t.month, t.day, t.hour, t.minute);
        let (year, minute_start, offset) = if self.yearless_key == Some(key) {
            self.yearless_value
        } else {
            let chosen = self.choose_year(t, second)?;
            self.yearless_key = Some(key);
            self.yearless_value = chosen;
            chosen
        };
        if self.monotonic {
            self.previous = Some((minute_start + second, year));
        }
        Some((minute_start, offset))
    }

    /// The year (and minute start, offset) of a year-less stamp not seen in the previous
    /// year-less line's minute.
    fn choose_year(&mut self, t: &PartialTime, second: i64) -> Option<(i32, i64, i32)> {
        // The reference: the latest year that does not put the line more than a day after it.
        let y = self.reference_year;
        let by_reference = match self.local_minute_cached(y, t) {
            Some((secs, off)) if secs <= self.reference.saturating_add(86_400) => {
                Some((y, secs, off))
            }
            _ => self
                .local_minute_cached(y - 1, t)
                .map(|(secs, off)| (y - 1, secs, off)),
        };
        // Monotonic order: not more than half a year behind the previous line, when a later
        // year puts the line shortly after it.
        let Some((previous, previous_year)) = self.previous.filter(|_| self.monotonic) else {
            return by_reference;
        };
        let floor = previous - MAX_BACKWARD_SECS;
        let first = match by_reference {
            Some((_, secs, _)) if secs + second >= floor => return by_reference,
            Some((year, _, _)) => (year + 1).max(previous_year - 1),
            None => previous_year - 1,
        };
        // The first year that puts the stamp at most half a year behind the previous one is
        // that one's year or a neighbour (the stamp is then at most half a year ahead of it).
        for year in first..=previous_year.saturating_add(1) {
            if let Some((secs, off)) = self.local_minute_cached(year, t) {
                if secs + second >= floor {
                    return if secs + second <= previous + MAX_GAP_SECS {
                        Some((year, secs, off))
                    } else {
                        by_reference
                    };
                }
            }
        }
        by_reference
    }

    /// [`days_from_civil`] of the previous date asked for again: consecutive lines almost
    /// always share their day.
    fn days_cached(&mut self, year: i32, month: u8, day: u8) -> Option<i64> {
        let key = (year, month, day);
        if self.day_key == Some(key) {
            return Some(self.day_value);
        }
        let days = days_from_civil(year, month, day)?;
        self.day_key = Some(key);
        self.day_value = days;
        Some(days)
    }

    fn local_minute_cached(&mut self, year: i32, t: &PartialTime) -> Option<(i64, i32)> {
        let key = (year, t.month, t.day, t.hour, t.minute);
        if self.cache_key == Some(key) {
            return Some(self.cache_value);
        }
        let day = day_key(year, t.month, t.day);
        let same_day = day == self.steady_key;
        let value = match self.steady.minute(same_day, t) {
            Some(value) => value,
            None => {
                let value = self
                    .zone
                    .local_minute(year, t.month, t.day, t.hour, t.minute)?;
                // A day is asked for its steady span once: the minutes of a day near a
                // transition fall outside it, and asking again for each of them would cost
                // two more searches of the zone's transitions a minute.
                if !same_day {
                    let steady = self.zone.steady_day(year, t.month, t.day, value);
                    (self.steady_key, self.steady) = (day, steady.unwrap_or(SteadyDay::NONE));
                }
                value
            }
        };
        self.cache_key = Some(key);
        self.cache_value = value;
        Some(value)
    }
}

/// A date as one word, for [`TimeResolver`]'s steady day to be told at the cost of one
/// comparison: year, month and day, and a bit that no empty key (`0`) has.
#[inline(always)]
fn day_key(year: i32, month: u8, day: u8) -> u64 {
    u64::from(year as u32) | u64::from(month) << 32 | u64::from(day) << 40 | 1 << 48
}

/// A local day on which the zone's offset stays the same, from [`Zone::steady_day`]: its wall
/// times are read as [`Zone::local_minute`] reads them by taking the offset away from the day's
/// midnight (as though UTC) plus the time of day. A year-less log of a few lines a minute
/// asks for a new minute on almost every line, and the zone's database (a search of its
/// transitions each time, some hundreds of instructions) for none of them but the first of
/// each day.
#[derive(Debug, Clone, Copy)]
struct SteadyDay {
    /// The day's midnight as though UTC, in seconds.
    midnight: i64,
    /// The offset in force.
    offset: i32,
    /// The instants (seconds) from and before which a wall time of the day, with the offset
    /// taken away, is read so: three days inside the zone's transitions on either side, which
    /// no other offset of the zone (two differ by less than 52 hours, each being under 26
    /// hours from UTC) could reach from the same wall time, so that such a wall time is
    /// neither in a gap nor doubled.
    from: i64,
    until: i64,
}

impl SteadyDay {
    /// A span no instant falls in: a day with no steady span, or none asked for yet.
    const NONE: SteadyDay = SteadyDay {
        midnight: 0,
        offset: 0,
        from: i64::MAX,
        until: i64::MIN,
    };

    /// The minute start and offset of `t` (on this day when `same_day`), when it falls in the
    /// steady span.
    #[inline(always)]
    fn minute(&self, same_day: bool, t: &PartialTime) -> Option<(i64, i32)> {
        if !same_day || t.hour > 23 || t.minute > 59 {
            return None;
        }
        let local = self.midnight + i64::from(t.hour) * 3600 + i64::from(t.minute) * 60;
        let secs = local - i64::from(self.offset);
        (self.from <= secs && secs < self.until).then_some((secs, self.offset))
    }
}

impl Zone {
    /// The [`SteadyDay`] of a local day, from one of its minutes as [`Zone::local_minute`]
    /// read it (`minute`: its instant and offset): the zone's transitions before and after
    /// that instant bound the span of its offset. `None` when a transition falls on the
    /// instant itself (no steady span then) or the date is not a day.
    fn steady_day(&self, y: i32, mo: u8, d: u8, minute: (i64, i32)) -> Option<SteadyDay> {
        const MARGIN: i64 = 3 * 86_400;
        let (instant, offset) = minute;
        let at = |secs: i64| jiff::Timestamp::from_second(secs).ok();
        // Transitions at the instant itself count on both sides, which leaves no span.
        let before = match self.0.preceding(at(instant + 1)?).next() {
            Some(transition) => transition.timestamp().as_second(),
            None => i64::MIN / 2,
        };
        let after = match self.0.following(at(instant - 1)?).next() {
            Some(transition) => transition.timestamp().as_second(),
            None => i64::MAX / 2,
        };
        Some(SteadyDay {
            midnight: days_from_civil(y, mo, d)? * 86_400,
            offset,
            from: before + MARGIN,
            until: after - MARGIN,
        })
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm), or
/// `None` for a day that does not exist in that month.
fn days_from_civil(y: i32, m: u8, d: u8) -> Option<i64> {
    let dim = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    if d == 0 || d > dim {
        return None;
    }
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

// ---------------------------------------------------------------------------------------------
// Stamp readers. Each takes the bytes at the start of the stamp and returns the stamp and the
// rest after it. They never panic and never read past the input.
// ---------------------------------------------------------------------------------------------

#[inline]
fn digit(b: u8) -> Option<u32> {
    if b.is_ascii_digit() {
        Some(u32::from(b - b'0'))
    } else {
        None
    }
}

/// Reads exactly `n` ASCII digits.
#[inline]
pub(crate) fn fixed_digits(s: &[u8], n: usize) -> Option<(u32, &[u8])> {
    let head = s.get(..n)?;
    let mut v = 0u32;
    for &b in head {
        v = v * 10 + digit(b)?;
    }
    Some((v, &s[n..]))
}

/// Reads a two-digit field that may be space-padded (`" 3"`) or one digit followed by a
/// non-digit.
#[inline]
fn padded2(s: &[u8]) -> Option<(u32, &[u8])> {
    match s {
        [b' ', b, rest @ ..] => Some((digit(*b)?, rest)),
        [a, b, rest @ ..] if a.is_ascii_digit() && b.is_ascii_digit() => {
            Some((digit(*a)? * 10 + digit(*b)?, rest))
        }
        [a, rest @ ..] if a.is_ascii_digit() => Some((digit(*a)?, rest)),
        _ => None,
    }
}

#[inline]
fn expect(s: &[u8], b: u8) -> Option<&[u8]> {
    match s {
        [first, rest @ ..] if *first == b => Some(rest),
        _ => None,
    }
}

/// `.123` / `,123456` fraction → nanoseconds (at most 9 digits read, more are skipped).
#[inline]
fn fraction(s: &[u8]) -> (u32, &[u8]) {
    let mut nanos = 0u32;
    let mut n = 0;
    let mut i = 0;
    while let Some(&b) = s.get(i) {
        if !b.is_ascii_digit() {
            break;
        }
        if n < 9 {
            nanos = nanos * 10 + u32::from(b - b'0');
            n += 1;
        }
        i += 1;
    }
    while n < 9 && i > 0 {
        nanos *= 10;
        n += 1;
    }
    (nanos, &s[i..])
}

/// `+09:00`, `+0900`, `-05:30`, `Z` → seconds east of UTC.
pub(crate) fn parse_offset(s: &[u8]) -> Option<(i32, &[u8])> {
    match s.first()? {
        b'Z' | b'z' => Some((0, &s[1..])),
        sign @ (b'+' | b'-') => {
            let (h, rest) = fixed_digits(&s[1..], 2)?;
            let rest = rest.strip_prefix(b":").unwrap_or(rest);
            let (m, rest) = fixed_digits(rest, 2)?;
            if h > 23 || m > 59 {
                return None;
            }
            let secs = (h * 3600 + m * 60) as i32;
            Some((if *sign == b'-' { -secs } else { secs }, rest))
        }
        _ => None,
    }
}

/// `Jan` ... `Dec` (the first three bytes of `s`) as 1 ... 12.
#[inline]
pub(crate) fn month_from_abbrev(s: &[u8]) -> Option<u8> {
    let m = match s.get(..3)? {
        b"Jan" => 1,
        b"Feb" => 2,
        b"Mar" => 3,
        b"Apr" => 4,
        b"May" => 5,
        b"Jun" => 6,
        b"Jul" => 7,
        b"Aug" => 8,
        b"Sep" => 9,
        b"Oct" => 10,
        b"Nov" => 11,
        b"Dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// `HH:MM:SS` with the hour possibly space-padded or one digit.
fn hms(s: &[u8]) -> Option<(u8, u8, u8, &[u8])> {
    let (h, s) = padded2(s)?;
    let s = expect(s, b':')?;
    let (mi, s) = fixed_digits(s, 2)?;
    let s = expect(s, b':')?;
    let (sec, s) = fixed_digits(s, 2)?;
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    Some((h as u8, mi as u8, sec as u8, s))
}

/// `YYYY-MM-DD` (with `sep` between the parts).
fn ymd(s: &[u8], sep: u8) -> Option<(i32, u8, u8, &[u8])> {
    let (y, s) = fixed_digits(s, 4)?;
    let s = expect(s, sep)?;
    let (m, s) = fixed_digits(s, 2)?;
    let s = expect(s, sep)?;
    let (d, s) = fixed_digits(s, 2)?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some((y as i32, m as u8, d as u8, s))
}

/// RFC 3164 syslog stamp: `Nov 24 03:12:01` or `Nov  4 03:12:01` (no year, no zone). A
/// fraction (`03:12:01.123`) is accepted as some daemons write one.
pub fn parse_rfc3164(s: &[u8]) -> Option<(PartialTime, &[u8])> {
    let month = month_from_abbrev(s)?;
    let s = expect(s.get(3..)?, b' ')?;
    let (day, s) = padded2(s)?;
    let s = expect(s, b' ')?;
    let (hour, minute, second, s) = hms(s)?;
    let (nanos, s) = match s.first() {
        Some(b'.') => fraction(&s[1..]),
        _ => (0, s),
    };
    if !(1..=31).contains(&day) {
        return None;
    }
    Some((
        PartialTime {
            year: None,
            month,
            day: day as u8,
            hour,
            minute,
            second,
            nanos,
            offset_secs: None,
        },
        s,
    ))
}

/// RFC 3339 / ISO 8601 stamp: `2026-11-24T03:12:01.123456+09:00`, `...Z`, or without an
/// offset (journald `short-iso` writes `+0900`). A space instead of `T` is accepted.
pub fn parse_rfc3339(s: &[u8]) -> Option<(PartialTime, &[u8])> {
    let (year, month, day, s) = ymd(s, b'-')?;
    let s = match s.first()? {
        b'T' | b' ' => &s[1..],
        _ => return None,
    };
    let (hour, minute, second, s) = hms(s)?;
    let (nanos, s) = match s.first() {
        Some(b'.' | b',') => fraction(&s[1..]),
        _ => (0, s),
    };
    let (offset_secs, s) = match parse_offset(s) {
        Some((o, rest)) => (Some(o), rest),
        None => (None, s),
    };
    Some((
        PartialTime {
            year: Some(year),
            month,
            day,
            hour,
            minute,
            second,
            nanos,
            offset_secs,
        },
        s,
    ))
}

/// nginx/Apache access-log stamp inside the brackets: `24/Nov/2026:03:12:01 +0900`.
pub fn parse_clf_time(s: &[u8]) -> Option<(PartialTime, &[u8])> {
    let (day, s) = fixed_digits(s, 2)?;
    let s = expect(s, b'/')?;
    let month = month_from_abbrev(s)?;
    let s = expect(s.get(3..)?, b'/')?;
    let (year, s) = fixed_digits(s, 4)?;
    let s = expect(s, b':')?;
    let (hour, minute, second, s) = hms(s)?;
    let (nanos, s) = match s.first() {
        Some(b'.') => fraction(&s[1..]),
        _ => (0, s),
    };
    let s = expect(s, b' ')?;
    let (offset, s) = parse_offset(s)?;
    if !(1..=31).contains(&day) {
        return None;
    }
    Some((
        PartialTime {
            year: Some(year as i32),
            month,
            day: day as u8,
            hour,
            minute,
            second,
            nanos,
            offset_secs: Some(offset),
        },
        s,
    ))
}

/// A date and time separated by `sep_date` inside the date and one space or more before the
/// time: nginx error `2026/11/24 03:12:01`, MariaDB `2026-11-24  3:12:01`, Fail2Ban
/// `2026-11-24 03:12:01,123`. No zone.
pub fn parse_ymd_hms(s: &[u8], sep_date: u8) -> Option<(PartialTime, &[u8])> {
    let (year, month, day, s) = ymd(s, sep_date)?;
    let s = expect(s, b' ')?;
    let (hour, minute, second, s) = hms(s)?;
    let (nanos, s) = match s.first() {
        Some(b'.' | b',') if s.get(1).is_some_and(u8::is_ascii_digit) => fraction(&s[1..]),
        _ => (0, s),
    };
    Some((
        PartialTime {
            year: Some(year),
            month,
            day,
            hour,
            minute,
            second,
            nanos,
            offset_secs: None,
        },
        s,
    ))
}

/// The old MySQL/MariaDB stamp `YYMMDD HH:MM:SS` (hour space-padded): `191015  9:46:45`.
pub fn parse_yymmdd(s: &[u8]) -> Option<(PartialTime, &[u8])> {
    let (yy, s) = fixed_digits(s, 2)?;
    let (month, s) = fixed_digits(s, 2)?;
    let (day, s) = fixed_digits(s, 2)?;
    let s = expect(s, b' ')?;
    let (hour, minute, second, s) = hms(s)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some((
        PartialTime {
            year: Some(2000 + yy as i32),
            month: month as u8,
            day: day as u8,
            hour,
            minute,
            second,
            nanos: 0,
            offset_secs: None,
        },
        s,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokyo() -> Zone {
        Zone::parse("Asia/Tokyo").unwrap()
    }

    /// Two like resolvers in Tokyo, with a reference time or without: one to keep its caches
    /// over a run of stamps, one to be reset before each.
    fn two_resolvers(with_reference: bool) -> (TimeResolver, TimeResolver) {
        let mut resolver = TimeResolver::new(tokyo());
        if with_reference {
            resolver.set_reference(1_795_000_000);
        }
        (resolver.clone(), resolver)
    }

    #[test]
    fn rfc3164_space_padded_day() {
        let (t, rest) = parse_rfc3164(b"Nov  4 03:12:01 host x").unwrap();
        assert_eq!(
            (t.month, t.day, t.hour, t.minute, t.second),
            (11, 4, 3, 12, 1)
        );
        assert_eq!(t.year, None);
        assert_eq!(rest, b" host x");
    }

    #[test]
    fn rfc3164_rejects_bad_month_and_truncation() {
        assert!(parse_rfc3164(b"Nox 24 03:12:01").is_none());
        assert!(parse_rfc3164(b"Nov 24 03:12").is_none());
        assert!(parse_rfc3164(b"Nov").is_none());
        assert!(parse_rfc3164(b"").is_none());
    }

    #[test]
    fn rfc3339_with_micros_and_offset() {
        let (t, rest) = parse_rfc3339(b"2026-11-24T03:12:01.123456+09:00 host").unwrap();
        assert_eq!(t.nanos, 123_456_000);
        assert_eq!(t.offset_secs, Some(9 * 3600));
        assert_eq!(rest, b" host");
        let ts = TimeResolver::new(Zone::UTC).resolve(&t).unwrap();
        assert_eq!(ts.to_string(), "2026-11-24T03:12:01.123456+09:00");
    }

    #[test]
    fn clf_time() {
        let (t, rest) = parse_clf_time(b"24/Nov/2026:03:12:01 +0900] \"GET").unwrap();
        assert_eq!(t.offset_secs, Some(32400));
        assert_eq!(rest, b"] \"GET");
        let ts = TimeResolver::new(Zone::UTC).resolve(&t).unwrap();
        assert_eq!(ts.secs, 1_795_457_521);
    }

    #[test]
    fn mariadb_space_padded_hour() {
        let (t, rest) = parse_ymd_hms(b"2026-11-24  3:12:01 0 [Note]", b'-').unwrap();
        assert_eq!((t.hour, t.minute, t.second), (3, 12, 1));
        assert_eq!(rest, b" 0 [Note]");
    }

    #[test]
    fn fail2ban_millis() {
        let (t, rest) = parse_ymd_hms(b"2026-11-24 03:12:01,123 fail2ban", b'-').unwrap();
        assert_eq!(t.nanos, 123_000_000);
        assert_eq!(rest, b" fail2ban");
    }

    #[test]
    fn old_mysql_stamp() {
        let (t, _) = parse_yymmdd(b"191015  9:46:45\t 13 Query").unwrap();
        assert_eq!((t.year, t.month, t.day, t.hour), (Some(2019), 10, 15, 9));
    }

    #[test]
    fn local_time_in_iana_zone() {
        let (t, _) = parse_ymd_hms(b"2026-11-24 03:12:01", b'-').unwrap();
        let ts = TimeResolver::new(tokyo()).resolve(&t).unwrap();
        assert_eq!(ts.to_string(), "2026-11-24T03:12:01+09:00");
    }

    #[test]
    fn dst_gap_and_overlap_in_europe_berlin() {
        let zone = Zone::parse("Europe/Berlin").unwrap();
        let mut r = TimeResolver::new(zone);
        // 2026-10-25 02:30 happens twice: the earlier (CEST, +02:00) is taken.
        let (t, _) = parse_ymd_hms(b"2026-10-25 02:30:00", b'-').unwrap();
        assert_eq!(r.resolve(&t).unwrap().offset_secs, 7200);
        // 2026-03-29 02:30 does not exist: moved past the gap.
        let (t, _) = parse_ymd_hms(b"2026-03-29 02:30:00", b'-').unwrap();
        assert_eq!(
            r.resolve(&t).unwrap().to_string(),
            "2026-03-29T03:30:00+02:00"
        );
    }

    #[test]
    fn a_wall_time_in_a_half_hour_gap_moves_forward_by_the_gap() {
        // Lord Howe Island springs forward by 30 minutes: 2026-10-04 02:00 becomes 02:30.
        let mut r = TimeResolver::new(Zone::parse("Australia/Lord_Howe").unwrap());
        let (t, _) = parse_ymd_hms(b"2026-10-04 02:15:07", b'-').unwrap();
        assert_eq!(
            r.resolve(&t).unwrap().to_string(),
            "2026-10-04T02:45:07+11:00"
        );
        let (t, _) = parse_ymd_hms(b"2026-10-04 01:59:59", b'-').unwrap();
        assert_eq!(
            r.resolve(&t).unwrap().to_string(),
            "2026-10-04T01:59:59+10:30"
        );
    }

    #[test]
    fn year_from_reference_across_new_year() {
        let mut r = TimeResolver::new(Zone::UTC);
        // Reference: 2027-01-02T00:00:00Z.
        r.set_reference(1_798_848_000);
        let (dec, _) = parse_rfc3164(b"Dec 31 23:59:59").unwrap();
        let (jan, _) = parse_rfc3164(b"Jan  1 00:00:01").unwrap();
        assert_eq!(
            r.resolve(&dec).unwrap().to_string(),
            "2026-12-31T23:59:59+00:00"
        );
        assert_eq!(
            r.resolve(&jan).unwrap().to_string(),
            "2027-01-01T00:00:01+00:00"
        );
    }

    /// Resolves year-less stamps in order, as one file, and shows them in UTC.
    fn resolve_all(r: &mut TimeResolver, stamps: &[&str]) -> Vec<String> {
        stamps
            .iter()
            .map(|s| {
                let (t, _) = parse_rfc3164(s.as_bytes()).unwrap();
                r.resolve(&t).map_or("-".into(), |ts| ts.to_string())
            })
            .collect()
    }

    /// 2026-12-31T08:00:00Z, the day before New Year.
    const DEC_31_0800: i64 = 1_798_704_000;

    #[test]
    fn wrong_mtime_across_new_year_takes_the_next_year() {
        // The file goes on into January, but its modification time says Dec 31 (touched or
        // copied then): by the reference alone every January line would be 2026-01.
        let mut r = TimeResolver::new(Zone::UTC);
        r.set_reference(DEC_31_0800);
        let got = resolve_all(
            &mut r,
            &[
                "Dec 30 22:10:00",
                "Dec 31 23:59:59",
                "Jan  1 00:00:01",
                "Jan  1 12:00:00",
                "Jan  2 03:12:01",
                "Jan 28 10:00:00",
                "Feb 20 10:00:00",
                "Mar 15 10:00:00",
            ],
        );
        assert_eq!(
            got,
            [
                "2026-12-30T22:10:00+00:00",
                "2026-12-31T23:59:59+00:00",
                "2027-01-01T00:00:01+00:00",
                "2027-01-01T12:00:00+00:00",
                "2027-01-02T03:12:01+00:00",
                "2027-01-28T10:00:00+00:00",
                "2027-02-20T10:00:00+00:00",
                "2027-03-15T10:00:00+00:00",
            ]
        );
    }

    #[test]
    fn wrong_mtime_in_a_zone_and_repeated_minutes() {
        // Tokyo: the same, with runs of lines in one minute (the per-minute memo) on both
        // sides of New Year and a line with a year in between.
        let mut r = TimeResolver::new(tokyo());
        r.set_reference(DEC_31_0800); // 2026-12-31 17:00 in Tokyo.
        let got = resolve_all(
            &mut r,
            &[
                "Dec 31 23:59:58",
                "Dec 31 23:59:59",
                "Jan  3 10:00:00",
                "Jan  3 10:00:01",
                "Jan  3 10:00:30",
            ],
        );
        assert_eq!(
            got,
            [
                "2026-12-31T23:59:58+09:00",
                "2026-12-31T23:59:59+09:00",
                "2027-01-03T10:00:00+09:00",
                "2027-01-03T10:00:01+09:00",
                "2027-01-03T10:00:30+09:00",
            ]
        );
        let (with_year, _) = parse_ymd_hms(b"2027-01-03 10:00:31", b'-').unwrap();
        assert_eq!(
            r.resolve(&with_year).unwrap().to_string(),
            "2027-01-03T10:00:31+09:00"
        );
        let got = resolve_all(&mut r, &["Jan  3 10:00:32", "Jan  3 10:01:00"]);
        assert_eq!(
            got,
            ["2027-01-03T10:00:32+09:00", "2027-01-03T10:01:00+09:00"]
        );
    }

    #[test]
    fn right_mtime_resolves_as_by_the_reference_alone() {
        let stamps = [
            "Nov 20 00:00:00",
            "Dec 31 23:59:59",
            "Jan  1 00:00:01",
            "Jan  1 23:50:00",
            "Jan  2 00:00:00",
        ];
        // Reference 2027-01-02T00:00:00Z, the file's last write.
        let mut monotonic = TimeResolver::new(Zone::UTC);
        monotonic.set_reference(1_798_848_000);
        let got = resolve_all(&mut monotonic, &stamps);
        assert_eq!(
            got,
            [
                "2026-11-20T00:00:00+00:00",
                "2026-12-31T23:59:59+00:00",
                "2027-01-01T00:00:01+00:00",
                "2027-01-01T23:50:00+00:00",
                "2027-01-02T00:00:00+00:00",
            ]
        );
        // Each stamp alone, by the reference only, gives the same.
        for (stamp, want) in stamps.iter().zip(&got) {
            let mut alone = TimeResolver::new(Zone::UTC);
            alone.set_reference(1_798_848_000);
            assert_eq!(&resolve_all(&mut alone, &[stamp])[0], want);
        }
    }

    #[test]
    fn out_of_order_lines_keep_their_year() {
        // Seconds and hours back, around New Year, with a wrong and with a right mtime.
        for reference in [DEC_31_0800, 1_798_848_000] {
            let mut r = TimeResolver::new(Zone::UTC);
            r.set_reference(reference);
            let got = resolve_all(
                &mut r,
                &[
                    "Dec 31 23:59:58",
                    "Jan  1 00:00:02",
                    "Dec 31 23:59:59",
                    "Jan  1 00:00:01",
                    "Dec 31 20:00:00",
                    "Jan  1 00:00:03",
                ],
            );
            let jan = |s: &str| format!("2027-01-01T{s}+00:00");
            assert_eq!(
                got,
                [
                    "2026-12-31T23:59:58+00:00".to_string(),
                    jan("00:00:02"),
                    "2026-12-31T23:59:59+00:00".to_string(),
                    jan("00:00:01"),
                    "2026-12-31T20:00:00+00:00".to_string(),
                    jan("00:00:03"),
                ]
            );
        }
        // Mid-year, a line some hours early stays in the year.
        let mut r = TimeResolver::new(Zone::UTC);
        r.set_reference(DEC_31_0800);
        let got = resolve_all(&mut r, &["Jun  5 10:00:00", "Jun  5 04:00:00"]);
        assert_eq!(
            got,
            ["2026-06-05T10:00:00+00:00", "2026-06-05T04:00:00+00:00"]
        );
    }

    #[test]
    fn a_file_spanning_two_new_years_with_a_stale_mtime() {
        // A line every 20 days from 2026-12-31 to 2028-03 (Feb 29 2028 included), the
        // modification time on 2026-12-31: every line lands on its true instant.
        let mut truth: Vec<i64> = (0..22).map(|i| 1_798_718_400 + i * 20 * 86_400).collect();
        truth.push(1_835_438_400); // 2028-02-29T12:00:00Z
        truth.push(1_836_302_400); // 2028-03-10T12:00:00Z
        let mut r = TimeResolver::new(Zone::UTC);
        r.set_reference(DEC_31_0800);
        for secs in truth {
            let got = r.resolve(&rfc3164_of(&Zone::UTC, secs)).map(|t| t.secs);
            assert_eq!(got, Some(secs));
        }
    }

    #[test]
    fn long_jumps_keep_the_reference_year() {
        // A right mtime (2026-11-24 12:00 UTC) and a machine that booted with its clock at
        // Jan 1 before NTP set it: the boot lines keep the year of the reference, as before.
        let mut r = TimeResolver::new(Zone::UTC);
        r.set_reference(1_795_521_600);
        assert_eq!(
            resolve_all(
                &mut r,
                &["Nov 23 10:00:00", "Jan  1 00:00:12", "Nov 24 09:00:00"]
            ),
            [
                "2026-11-23T10:00:00+00:00",
                "2026-01-01T00:00:12+00:00",
                "2026-11-24T09:00:00+00:00",
            ]
        );
        // A stale mtime and more than 30 days of silence after New Year: not a log going on,
        // as far as can be told, so the reference decides.
        let mut r = TimeResolver::new(Zone::UTC);
        r.set_reference(DEC_31_0800);
        assert_eq!(
            resolve_all(&mut r, &["Dec 31 10:00:00", "Feb 15 10:00:00"]),
            ["2026-12-31T10:00:00+00:00", "2026-02-15T10:00:00+00:00"]
        );
    }

    #[test]
    fn set_reference_starts_a_new_file() {
        let mut r = TimeResolver::new(Zone::UTC);
        r.set_reference(DEC_31_0800);
        assert_eq!(
            resolve_all(&mut r, &["Dec 31 23:00:00", "Jan  5 00:00:00"]),
            ["2026-12-31T23:00:00+00:00", "2027-01-05T00:00:00+00:00"]
        );
        r.set_reference(DEC_31_0800);
        assert_eq!(
            resolve_all(&mut r, &["Jan  5 00:00:00"]),
            ["2026-01-05T00:00:00+00:00"]
        );
    }

    #[test]
    fn without_a_reference_no_line_moves_past_now() {
        // No set_reference: the reference is now, a bound no line passes, so monotonic
        // order is off and every stamp takes the latest year not more than a day ahead.
        let now = chrono::Utc::now();
        let ahead = now + chrono::Duration::days(40);
        let behind = now - chrono::Duration::days(300);
        let stamp = |d: chrono::DateTime<chrono::Utc>| d.format("%b %e %H:%M:%S").to_string();
        let mut r = TimeResolver::new(Zone::UTC);
        // ("-": Feb 29 with no leap year at hand, on the rare day that happens.)
        for ts in resolve_all(&mut r, &[&stamp(behind), &stamp(ahead)]) {
            if ts == "-" {
                continue;
            }
            let ts = chrono::DateTime::parse_from_rfc3339(&ts).unwrap();
            assert!(
                ts.timestamp() <= now.timestamp() + 86_400,
                "{ts} is in the future"
            );
        }
    }

    /// A year-less stamp of an instant, as syslog writes it in this zone.
    fn rfc3164_of(zone: &Zone, secs: i64) -> PartialTime {
        let off = zone.offset_at(secs);
        let local = chrono::DateTime::from_timestamp(secs + i64::from(off), 0).unwrap();
        let text = local.format("%b %e %H:%M:%S").to_string();
        parse_rfc3164(text.as_bytes()).unwrap().0
    }

    proptest::proptest! {
        /// Lines of one file (in order but for steps back of up to three hours, with gaps of up
        /// to 29 days) spanning less than 180 days resolve to their true instants, with a right modification time (any
        /// time after the last line, within the year) and with one that is early (anywhere
        /// from the first line on: the file went on after it; before the first line, nothing
        /// tells).
        #[test]
        fn year_less_files_resolve_to_their_true_instants(
            start in 946_684_800i64..4_102_444_800,
            steps in proptest::collection::vec(
                (proptest::prop_oneof![0i64..3600, 0i64..29 * 86_400], 0i64..3 * 3600),
                1..60,
            ),
            reference_at in 0.0f64..1.0,
            late in 0i64..180 * 86_400,
            right_mtime in proptest::bool::ANY,
            tokyo_zone in proptest::bool::ANY,
        ) {
            let zone = if tokyo_zone { tokyo() } else { Zone::UTC };
            // The true instants: forward steps, each line written up to 3 h before its place.
            let mut clock = start;
            let mut truth = vec![start];
            for (step, back) in steps {
                clock += step;
                if clock - start >= 179 * 86_400 {
                    break;
                }
                truth.push((clock - back).max(start));
            }
            let (first, last) = (start, *truth.iter().max().unwrap());
            let reference = if right_mtime {
                (last + late).min(first + 360 * 86_400)
            } else {
                first + ((last - first) as f64 * reference_at) as i64
            };
            let mut r = TimeResolver::new(zone.clone());
            r.set_reference(reference);
            for &secs in &truth {
                let stamp = rfc3164_of(&zone, secs);
                let got = r.resolve(&stamp).map(|t| t.secs);
                proptest::prop_assert_eq!(got, Some(secs), "reference {}", reference);
                if right_mtime {
                    // As by the reference alone.
                    let mut alone = TimeResolver::new(zone.clone());
                    alone.set_reference(reference);
                    proptest::prop_assert_eq!(alone.resolve(&stamp).map(|t| t.secs), got);
                }
            }
        }
    }

    proptest::proptest! {
        /// A stamp in the previous stamp's second resolves as it would with no such stamp
        /// before it: runs of lines sharing their second (with and without a year, an offset,
        /// a fraction, a leap second), seen by one resolver and by one that forgets the
        /// previous second before each line.
        #[test]
        fn a_shared_second_resolves_as_a_new_one(
            stamps in proptest::collection::vec(
                (0u8..4, 0u32..3, 58u8..61, proptest::option::of(proptest::prop_oneof![proptest::strategy::Just(0i32), proptest::strategy::Just(32_400)]), proptest::bool::ANY),
                1..40,
            ),
            with_reference in proptest::bool::ANY,
        ) {
            let (mut cached, mut fresh) = two_resolvers(with_reference);
            for (day, nanos, second, offset_secs, year) in stamps {
                let stamp = PartialTime {
                    year: year.then_some(2026),
                    month: if day == 0 { 12 } else { 11 },
                    day: if day == 0 { 31 } else { 20 + day },
                    hour: 23,
                    minute: 59,
                    second,
                    nanos: nanos * 1000,
                    offset_secs,
                };
                fresh.second_key = None;
                proptest::prop_assert_eq!(cached.resolve(&stamp), fresh.resolve(&stamp));
            }
        }
    }

    proptest::proptest! {
        /// A stamp with an offset on the previous one's day resolves as it would with no
        /// stamp before it: runs of stamps (with and without a year, on a few days, real or
        /// not, at times in range or not, some starting a new file of another year) seen by
        /// one resolver and by a fresh one each.
        #[test]
        fn a_shared_day_resolves_as_a_new_one(
            stamps in proptest::collection::vec(
                (
                    proptest::prop_oneof![
                        proptest::strategy::Just((2, 28)),
                        proptest::strategy::Just((2, 29)),
                        proptest::strategy::Just((2, 30)),
                        proptest::strategy::Just((11, 24)),
                        proptest::strategy::Just((0, 24)),
                        proptest::strategy::Just((13, 1)),
                        proptest::strategy::Just((11, 0)),
                        proptest::strategy::Just((11, 32)),
                    ],
                    proptest::sample::select(vec![2026, 2027, 2028]),
                    proptest::bool::ANY,
                    (proptest::sample::select(vec![0u8, 1, 2, 3, 23, 24]), proptest::sample::select(vec![0u8, 12, 59, 60]), 58u8..62),
                    proptest::sample::select(vec![0, 32_400, -18_000, 3_600]),
                    proptest::sample::select(vec![None, None, None, Some(1_795_000_000), Some(1_830_000_000)]),
                ),
                1..40,
            ),
            with_reference in proptest::bool::ANY,
        ) {
            let (mut cached, mut fresh) = two_resolvers(with_reference);
            for ((month, day), year, has_year, (hour, minute, second), offset, new_file) in stamps {
                if let Some(reference) = new_file {
                    cached.set_reference(reference);
                    fresh.set_reference(reference);
                }
                let stamp = PartialTime {
                    year: has_year.then_some(year),
                    month,
                    day,
                    hour,
                    minute,
                    second,
                    nanos: 1000,
                    offset_secs: Some(offset),
                };
                proptest::prop_assert_eq!(cached.resolve(&stamp), fresh.clone().resolve(&stamp), "{:?}", stamp);
            }
        }
    }

    /// A steady day is never taken across a transition: the doubled hour of a night when DST
    /// ends, asked for after a minute past it, is still its earlier instant, and the hour
    /// skipped when DST starts still moves forward, as the zone reads them alone.
    #[test]
    fn minutes_after_a_transition_read_as_the_zone() {
        for (name, (y, mo, d), first, then) in [
            ("Europe/Berlin", (2026, 10, 25), (3, 30), (2, 30)),
            ("Europe/Berlin", (2026, 10, 25), (23, 0), (2, 0)),
            ("Europe/Berlin", (2026, 3, 29), (4, 0), (2, 30)),
            ("America/New_York", (2026, 11, 1), (2, 30), (1, 30)),
            ("America/New_York", (2026, 3, 8), (12, 0), (2, 15)),
            ("Australia/Lord_Howe", (2026, 4, 5), (3, 0), (1, 45)),
        ] {
            let zone = Zone::parse(name).unwrap();
            let mut r = TimeResolver::new(zone.clone());
            for (hour, minute) in [first, then] {
                let t = PartialTime {
                    year: Some(y),
                    month: mo,
                    day: d,
                    hour,
                    minute,
                    second: 0,
                    nanos: 0,
                    offset_secs: None,
                };
                assert_eq!(
                    r.local_minute_cached(y, &t),
                    zone.local_minute(y, mo, d, hour, minute),
                    "{name} {t:?}"
                );
            }
        }
    }

    proptest::proptest! {
        /// Minutes of a few days around the zones' transitions (DST starting and ending, half
        /// an hour at Lord Howe, none in fixed zones), asked for in any order, read through a
        /// resolver's caches (the steady day among them) as the zone reads them alone.
        #[test]
        fn steady_days_read_as_the_zone(
            name in proptest::sample::select(vec!["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Tokyo", "UTC", "+05:30"]),
            year in 2026i32..2028,
            month in proptest::sample::select(vec![3u8, 4, 9, 10, 11]),
            first_day in 1u8..32,
            minutes in proptest::collection::vec((0u8..4, 0u8..25, proptest::sample::select(vec![0u8, 1, 29, 30, 31, 59, 60])), 1..60),
        ) {
            let zone = Zone::parse(name).unwrap();
            let mut r = TimeResolver::new(zone.clone());
            for (later, hour, minute) in minutes {
                let day = first_day + later;
                let t = PartialTime {
                    year: Some(year),
                    month,
                    day,
                    hour,
                    minute,
                    second: 0,
                    nanos: 0,
                    offset_secs: None,
                };
                proptest::prop_assert_eq!(
                    r.local_minute_cached(year, &t),
                    zone.local_minute(year, month, day, hour, minute),
                    "{:?}", t
                );
            }
        }
    }

    #[test]
    fn impossible_dates_do_not_resolve() {
        let (t, _) = parse_ymd_hms(b"2026-02-30 00:00:00", b'-').unwrap();
        assert!(TimeResolver::new(Zone::UTC).resolve(&t).is_none());
    }

    #[test]
    fn zone_parse_forms() {
        let fixed = Zone::parse("+09:00").unwrap();
        assert!(fixed.is_fixed());
        assert_eq!(
            (fixed.to_string(), fixed.offset_at(0)),
            ("+09:00".into(), 9 * 3600)
        );
        let west = Zone::parse("-0530").unwrap();
        assert_eq!(
            (west.to_string(), west.offset_at(0)),
            ("-05:30".into(), -19_800)
        );
        let tokyo = Zone::parse("Asia/Tokyo").unwrap();
        assert!(!tokyo.is_fixed());
        assert_eq!(tokyo.to_string(), "Asia/Tokyo");
        assert_eq!(Zone::parse(" z ").unwrap(), Zone::UTC);
        for not in [
            "Mars/Olympus",
            "",
            "/etc/localtime",
            "../../etc/passwd",
            "EST5EDT,M3.2.0,M11.1.0",
        ] {
            assert!(Zone::parse(not).is_none(), "{not}");
        }
    }
}
