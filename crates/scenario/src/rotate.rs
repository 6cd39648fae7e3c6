//! Daily log rotation as Debian's logrotate leaves it with `delaycompress`.
//!
//! Given one file's lines in time order and the rotation instants, [`RotatingWriter`] writes the
//! newest period to `name`, the one before to `name.1` (plain: compression is delayed by one
//! rotation) and older ones to `name.2.gz`, `name.3.gz`, …. A line stamped exactly at a rotation
//! instant belongs to the newer file. Gzip members carry no name and a zero mtime, so the bytes
//! depend only on the text.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveTime};
use chrono_tz::Tz;
use flate2::write::GzEncoder;
use flate2::{Compression, GzBuilder};

use crate::time::{Clock, Time};

/// When logs are rotated: daily at a local wall time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rotation {
    /// Local wall time of the daily rotation (Debian: cron.daily at 06:25, a few seconds in).
    pub at: NaiveTime,
}

impl Rotation {
    /// Daily rotation at `at` local time.
    pub fn daily(at: NaiveTime) -> Self {
        Rotation { at }
    }

    /// The rotation instants strictly between `start` and `end`, in order, on `zone`'s clock.
    pub fn cuts(&self, zone: Tz, start: Time, end: Time) -> Vec<Time> {
        let clock = Clock::new(zone);
        let first = start.to_chrono().with_timezone(&zone).date_naive();
        let last = end.to_chrono().with_timezone(&zone).date_naive();
        let mut cuts = Vec::new();
        let mut day = first;
        while day <= last {
            let cut = clock.at(day.and_time(self.at));
            if cut > start && cut < end {
                cuts.push(cut);
            }
            day += Duration::days(1);
        }
        cuts
    }
}

/// The name of a rotated file `age` rotations old: `name`, `name.1`, `name.2.gz`, ….
pub fn rotated_name(base: &str, age: usize) -> String {
    match age {
        0 => base.to_owned(),
        1 => format!("{base}.1"),
        n => format!("{base}.{n}.gz"),
    }
}

/// What was written to one file of a rotated set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileStat {
    /// Path relative to the writer's directory, e.g. `nginx/access.log.2.gz`.
    pub path: String,
    /// Number of lines.
    pub lines: u64,
    /// Uncompressed size in bytes.
    pub bytes: u64,
    /// Time of the first line.
    pub first: Option<Time>,
    /// Time of the last line.
    pub last: Option<Time>,
}

#[derive(Debug)]
enum Out {
    Plain(BufWriter<File>),
    Gz(Box<GzEncoder<BufWriter<File>>>),
}

impl Out {
    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Out::Plain(w) => w.write_all(bytes),
            Out::Gz(w) => w.write_all(bytes),
        }
    }

    fn close(self) -> io::Result<()> {
        match self {
            Out::Plain(mut w) => w.flush(),
            Out::Gz(w) => w.finish()?.flush(),
        }
    }
}

/// Writes one log's lines, in time order, across its rotated files.
#[derive(Debug)]
pub struct RotatingWriter {
    dir: PathBuf,
    base: String,
    cuts: Vec<Time>,
    /// Number of periods whose file has been created; the open one is `opened - 1`.
    opened: usize,
    out: Option<Out>,
    last: Option<Time>,
    stats: Vec<FileStat>,
}

impl RotatingWriter {
    /// A writer for `dir/base` and its rotations, one file per period between `cuts` (the
    /// rotation instants, ascending). Files are created as lines reach them; directories too.
    pub fn new(dir: &Path, base: &str, cuts: Vec<Time>) -> Self {
        debug_assert!(cuts.windows(2).all(|w| w[0] < w[1]), "cuts must ascend");
        RotatingWriter {
            dir: dir.to_owned(),
            base: base.to_owned(),
            cuts,
            opened: 0,
            out: None,
            last: None,
            stats: Vec::new(),
        }
    }

    /// Appends `line` (without its newline) stamped `t`. Lines must come in time order.
    pub fn write_line(&mut self, t: Time, line: &[u8]) -> io::Result<()> {
        if self.last.is_some_and(|last| t < last) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{}: line at {t:?} is older than the previous one",
                    self.base
                ),
            ));
        }
        self.last = Some(t);
        let period = self.cuts.partition_point(|cut| *cut <= t);
        self.advance_to(period)?;
        let (out, stat) = match (self.out.as_mut(), self.stats.last_mut()) {
            (Some(out), Some(stat)) => (out, stat),
            _ => unreachable!("advance_to opens a file"),
        };
        out.write_all(line)?;
        out.write_all(b"\n")?;
        stat.lines += 1;
        stat.bytes += line.len() as u64 + 1;
        stat.first.get_or_insert(t);
        stat.last = Some(t);
        Ok(())
    }

    /// Creates the files of the periods that got no line, closes everything and tells what was
    /// written, oldest file first.
    pub fn finish(mut self) -> io::Result<Vec<FileStat>> {
        self.advance_to(self.cuts.len())?;
        if let Some(out) = self.out.take() {
            out.close()?;
        }
        Ok(self.stats)
    }

    fn advance_to(&mut self, period: usize) -> io::Result<()> {
        while self.opened <= period {
            if let Some(out) = self.out.take() {
                out.close()?;
            }
            let age = self.cuts.len() - self.opened;
            let name = rotated_name(&self.base, age);
            let path = self.dir.join(&name);
            let with_path =
                |e: io::Error| io::Error::new(e.kind(), format!("{}: {e}", path.display()));
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(with_path)?;
            }
            let file = BufWriter::with_capacity(1 << 16, File::create(&path).map_err(with_path)?);
            self.out = Some(if age >= 2 {
                let gz = GzBuilder::new().mtime(0).operating_system(3);
                Out::Gz(Box::new(gz.write(file, Compression::new(6))))
            } else {
                Out::Plain(file)
            });
            self.stats.push(FileStat {
                path: name,
                lines: 0,
                bytes: 0,
                first: None,
                last: None,
            });
            self.opened += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::HOUR;
    use chrono::NaiveDate;
    use std::io::Read;

    fn read(path: &Path) -> String {
        let bytes = fs::read(path).unwrap();
        if path.extension().is_some_and(|e| e == "gz") {
            let mut text = String::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut text)
                .unwrap();
            text
        } else {
            String::from_utf8(bytes).unwrap()
        }
    }

    #[test]
    fn names_follow_delaycompress() {
        assert_eq!(rotated_name("syslog", 0), "syslog");
        assert_eq!(rotated_name("syslog", 1), "syslog.1");
        assert_eq!(rotated_name("nginx/access.log", 2), "nginx/access.log.2.gz");
    }

    #[test]
    fn cuts_fall_at_the_local_rotation_time() {
        let zone = chrono_tz::Asia::Tokyo;
        let clock = Clock::new(zone);
        let wall = |d, h, m| {
            clock.at(NaiveDate::from_ymd_opt(2026, 11, d)
                .unwrap()
                .and_hms_opt(h, m, 0)
                .unwrap())
        };
        let rot = Rotation::daily(NaiveTime::from_hms_opt(6, 25, 0).unwrap());
        // Starting exactly at a rotation: that one is the start, not a cut.
        let cuts = rot.cuts(zone, wall(22, 6, 25), wall(24, 15, 10));
        assert_eq!(cuts, vec![wall(23, 6, 25), wall(24, 6, 25)]);
    }

    #[test]
    fn lines_land_in_their_period_and_empty_periods_get_files() {
        let dir = tempfile::tempdir().unwrap();
        let t0 = Time::from_micros(1_000 * HOUR);
        let cuts = vec![t0.add(HOUR), t0.add(2 * HOUR), t0.add(3 * HOUR)];
        let mut w = RotatingWriter::new(dir.path(), "x/app.log", cuts);
        w.write_line(t0, b"a").unwrap();
        w.write_line(t0.add(HOUR), b"b").unwrap(); // exactly at a cut: the newer file
        w.write_line(t0.add(3 * HOUR + 5), b"c").unwrap();
        assert!(w.write_line(t0, b"late").is_err());
        let stats = w.finish().unwrap();
        let names: Vec<_> = stats.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(
            names,
            [
                "x/app.log.3.gz",
                "x/app.log.2.gz",
                "x/app.log.1",
                "x/app.log"
            ]
        );
        assert_eq!(read(&dir.path().join("x/app.log.3.gz")), "a\n");
        assert_eq!(read(&dir.path().join("x/app.log.2.gz")), "b\n");
        assert_eq!(read(&dir.path().join("x/app.log.1")), "");
        assert_eq!(read(&dir.path().join("x/app.log")), "c\n");
        let gz = fs::read(dir.path().join("x/app.log.3.gz")).unwrap();
        assert_eq!(&gz[4..8], &[0, 0, 0, 0], "mtime is zero");
    }
}
