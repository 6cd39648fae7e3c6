//! Where generators put their lines: one buffer per log file, keyed by time, drained in order.
//!
//! Generators work source by source and emit follow-up lines (a delivery seconds after a
//! queueing, an unban ten minutes after a ban) whenever it suits them, so lines arrive out of
//! order. The [`Sink`] keeps each file's text in one arena with a small record per line, sorts the
//! records by `(time, arrival)` when a rotation period is drained, and carries lines that belong
//! to a later period over. Equal times keep the order in which they were pushed, so multi-line
//! reports stay together.

use std::fmt::{self, Write as _};
use std::io;

use crate::rotate::RotatingWriter;
use crate::time::{Clock, Style, Time, SECOND};

/// One of the log files of the generated tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum LogFile {
    /// `nginx/access.log` (combined format).
    NginxAccess,
    /// `nginx/error.log`.
    NginxError,
    /// `mail.log`: Postfix, dovecot (rsyslog high-precision format).
    Mail,
    /// `mysql/error.log`: MariaDB's error log.
    Mariadb,
    /// `fail2ban.log`.
    Fail2ban,
    /// `syslog`: everything but mail and auth (rsyslog high-precision format).
    Syslog,
    /// `kern.log`: the kernel's lines (also in `syslog`, as Debian's rsyslog does).
    KernLog,
    /// `auth.log`: sshd, sudo, PAM sessions, systemd-logind.
    AuthLog,
}

impl LogFile {
    /// Every log file, in a fixed order.
    pub const ALL: [LogFile; 8] = [
        LogFile::NginxAccess,
        LogFile::NginxError,
        LogFile::Mail,
        LogFile::Mariadb,
        LogFile::Fail2ban,
        LogFile::Syslog,
        LogFile::KernLog,
        LogFile::AuthLog,
    ];

    /// The current file's path relative to `var/log`.
    pub fn path(self) -> &'static str {
        match self {
            LogFile::NginxAccess => "nginx/access.log",
            LogFile::NginxError => "nginx/error.log",
            LogFile::Mail => "mail.log",
            LogFile::Mariadb => "mysql/error.log",
            LogFile::Fail2ban => "fail2ban.log",
            LogFile::Syslog => "syslog",
            LogFile::KernLog => "kern.log",
            LogFile::AuthLog => "auth.log",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

#[derive(Clone, Copy, Debug)]
struct Rec {
    t: Time,
    seq: u64,
    start: usize,
    end: usize,
}

#[derive(Debug, Default)]
struct Buf {
    text: String,
    recs: Vec<Rec>,
    seq: u64,
}

impl Buf {
    fn commit(&mut self, t: Time, start: usize) {
        self.recs.push(Rec {
            t,
            seq: self.seq,
            start,
            end: self.text.len(),
        });
        self.seq += 1;
    }
}

/// The lines generated so far, per log file.
#[derive(Debug)]
pub struct Sink<'w> {
    clock: &'w Clock,
    host: &'w str,
    boot: Time,
    floor: Time,
    bufs: Vec<Buf>,
    /// Timestamp of the syslog-format files (`syslog`, `kern.log`, `auth.log`, `mail.log`).
    syslog_style: Style,
}

impl<'w> Sink<'w> {
    /// An empty sink for a host called `host` whose kernel booted at `boot`; no line may be
    /// earlier than `floor`.
    pub fn new(clock: &'w Clock, host: &'w str, boot: Time, floor: Time) -> Self {
        let bufs = LogFile::ALL.iter().map(|_| Buf::default()).collect();
        Sink {
            clock,
            host,
            boot,
            floor,
            bufs,
            syslog_style: Style::Rsyslog,
        }
    }

    /// Writes the syslog-format files with RFC 3164 stamps (`Jan  1 03:12:07`, no year), as
    /// rsyslog's `RSYSLOG_TraditionalFileFormat` does, instead of the high-precision default.
    pub fn traditional_syslog(&mut self) {
        self.syslog_style = Style::Rfc3164;
    }

    fn buf(&mut self, file: LogFile, t: Time) -> &mut Buf {
        assert!(
            t >= self.floor,
            "a {} line at {:?} is earlier than the drained period ending {:?}",
            file.path(),
            t,
            self.floor
        );
        &mut self.bufs[file.index()]
    }

    /// A whole line whose text (timestamp included) is `line`.
    pub fn line(&mut self, file: LogFile, t: Time, line: fmt::Arguments<'_>) {
        let buf = self.buf(file, t);
        let start = buf.text.len();
        let _ = buf.text.write_fmt(line);
        buf.commit(t, start);
    }

    /// A syslog line as rsyslog writes it: `<stamp> <host> <prog>[<pid>]: <msg>`.
    pub fn syslog(
        &mut self,
        file: LogFile,
        t: Time,
        prog: impl fmt::Display,
        pid: Option<u32>,
        msg: fmt::Arguments<'_>,
    ) {
        let stamp = self.clock.stamp(t, self.syslog_style);
        let host = self.host;
        let buf = self.buf(file, t);
        let start = buf.text.len();
        let _ = match pid {
            Some(pid) => write!(buf.text, "{stamp} {host} {prog}[{pid}]: {msg}"),
            None => write!(buf.text, "{stamp} {host} {prog}: {msg}"),
        };
        buf.commit(t, start);
    }

    /// A kernel line, in `kern.log` and `syslog`, with the printk stamp of `t`.
    pub fn kernel(&mut self, t: Time, msg: fmt::Arguments<'_>) {
        self.kernel_printk(t, t, msg);
    }

    /// A kernel line written by rsyslog at `t` whose printk stamp is that of `printk` (the
    /// continuation lines of one printk share its stamp).
    pub fn kernel_printk(&mut self, t: Time, printk: Time, msg: fmt::Arguments<'_>) {
        let stamp = self.clock.stamp(t, self.syslog_style);
        let host = self.host;
        let up = printk.since(self.boot).max(0);
        let (secs, micros) = (up / SECOND, up % SECOND);
        let kern = self.buf(LogFile::KernLog, t);
        let start = kern.text.len();
        let _ = write!(
            kern.text,
            "{stamp} {host} kernel: [{secs:>5}.{micros:06}] {msg}"
        );
        kern.commit(t, start);
        let end = kern.text.len();
        let (kern, sys) = split_two(
            &mut self.bufs,
            LogFile::KernLog.index(),
            LogFile::Syslog.index(),
        );
        let sys_start = sys.text.len();
        sys.text.push_str(&kern.text[start..end]);
        sys.commit(t, sys_start);
    }

    /// Writes, in time order, every line earlier than `until` to its file's writer, and keeps
    /// the later ones. Lines pushed afterwards must not be earlier than `until`.
    pub fn drain(&mut self, until: Time, writers: &mut [RotatingWriter]) -> io::Result<()> {
        for (buf, writer) in self.bufs.iter_mut().zip(writers.iter_mut()) {
            buf.recs.sort_unstable_by_key(|r| (r.t, r.seq));
            let split = buf.recs.partition_point(|r| r.t < until);
            for r in &buf.recs[..split] {
                writer.write_line(r.t, &buf.text.as_bytes()[r.start..r.end])?;
            }
            let rest = &buf.recs[split..];
            let mut text = String::with_capacity(rest.iter().map(|r| r.end - r.start).sum());
            let recs = rest
                .iter()
                .map(|r| {
                    let start = text.len();
                    text.push_str(&buf.text[r.start..r.end]);
                    Rec {
                        start,
                        end: text.len(),
                        ..*r
                    }
                })
                .collect();
            buf.text = text;
            buf.recs = recs;
        }
        self.floor = self.floor.max(until);
        Ok(())
    }

    /// Drops every line not yet drained (the part of the story after the logs end).
    pub fn discard(&mut self) {
        for buf in &mut self.bufs {
            buf.text.clear();
            buf.recs.clear();
        }
    }
}

/// Two distinct buffers at once, in the order asked.
fn split_two(bufs: &mut [Buf], a: usize, b: usize) -> (&mut Buf, &mut Buf) {
    assert_ne!(a, b, "split_two wants two different buffers");
    if a < b {
        let (left, right) = bufs.split_at_mut(b);
        (&mut left[a], &mut right[0])
    } else {
        let (left, right) = bufs.split_at_mut(a);
        (&mut right[0], &mut left[b])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::HOUR;

    #[test]
    fn drains_in_time_order_keeps_push_order_for_ties_and_carries_later_lines() {
        let dir = tempfile::tempdir().unwrap();
        let clock = Clock::new(chrono_tz::UTC);
        let t0 = Time::from_micros(1_800_000_000 * SECOND);
        let cut = t0.add(HOUR);
        let mut writers: Vec<RotatingWriter> = LogFile::ALL
            .iter()
            .map(|f| RotatingWriter::new(dir.path(), f.path(), vec![cut]))
            .collect();
        let mut sink = Sink::new(&clock, "h", t0.add(-1_000 * SECOND), t0);
        sink.syslog(
            LogFile::Syslog,
            t0.add(5),
            "b",
            Some(2),
            format_args!("second"),
        );
        sink.syslog(
            LogFile::Syslog,
            cut.add(1),
            "c",
            None,
            format_args!("next period"),
        );
        sink.syslog(LogFile::Syslog, t0, "a", Some(1), format_args!("first"));
        sink.kernel(t0.add(5), format_args!("tie, pushed last"));
        sink.drain(cut, &mut writers).unwrap();
        sink.drain(cut.add(HOUR), &mut writers).unwrap();
        for w in writers {
            w.finish().unwrap();
        }
        let old = std::fs::read_to_string(dir.path().join("syslog.1")).unwrap();
        let lines: Vec<&str> = old.lines().map(|l| l.split_once(' ').unwrap().1).collect();
        assert_eq!(
            lines,
            [
                "h a[1]: first",
                "h b[2]: second",
                "h kernel: [ 1000.000005] tie, pushed last"
            ]
        );
        let kern = std::fs::read_to_string(dir.path().join("kern.log.1")).unwrap();
        assert!(kern.ends_with("h kernel: [ 1000.000005] tie, pushed last\n"));
        let new = std::fs::read_to_string(dir.path().join("syslog")).unwrap();
        assert!(new.ends_with(" h c: next period\n"), "{new}");
    }

    #[test]
    #[should_panic(expected = "earlier than the drained period")]
    fn a_line_before_the_drained_period_is_a_bug() {
        let clock = Clock::new(chrono_tz::UTC);
        let t0 = Time::from_micros(1_800_000_000 * SECOND);
        let mut sink = Sink::new(&clock, "h", t0, t0);
        sink.drain(t0.add(HOUR), &mut []).unwrap();
        sink.line(LogFile::Mail, t0, format_args!("too late"));
    }
}
