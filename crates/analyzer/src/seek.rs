//! Finding a time in a big plain log without reading it: a binary search over byte offsets,
//! each probe parsing a few lines after a seek.
//!
//! Log lines are written in time order (give or take the seconds a busy daemon's lines race
//! each other), so the lines before the first one at or after a given time can be passed
//! over. The scan uses it, with the window of a known incident, to read only the part of a
//! large file that the window covers.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use logparse::{Parser, TimeResolver, Zone};

/// Bytes read per probe; also the precision of the search (it stops within two probes).
const PROBE_BYTES: usize = 64 * 1024;

/// Reads timestamps at chosen offsets of one plain file.
pub(crate) struct Probe {
    file: File,
    size: u64,
    parser: Parser,
    resolver: TimeResolver,
    buf: Vec<u8>,
}

impl Probe {
    /// A probe of a plain file read with `parser`; `reference` (the file's modification
    /// time) supplies the year of year-less stamps, as in the scan.
    pub(crate) fn open(
        path: &Path,
        parser: Parser,
        zone: Zone,
        reference: Option<i64>,
    ) -> Option<Probe> {
        let file = File::open(path).ok()?;
        let size = file.metadata().ok()?.len();
        let mut resolver = TimeResolver::new(zone);
        if let Some(secs) = reference {
            resolver.set_reference(secs);
        }
        Some(Probe {
            file,
            size,
            parser,
            resolver,
            buf: vec![0; PROBE_BYTES],
        })
    }

    /// The start offset and time (seconds since the epoch) of the first line that begins
    /// after `offset` (at it, for offset 0) and carries a time, looking no further than one
    /// probe's bytes.
    fn time_after(&mut self, offset: u64) -> Option<(u64, i64)> {
        self.file.seek(SeekFrom::Start(offset)).ok()?;
        let mut filled = 0;
        while filled < self.buf.len() {
            match self.file.read(&mut self.buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return None,
            }
        }
        let data = &self.buf[..filled];
        let mut start = if offset == 0 {
            0
        } else {
            memchr::memchr(b'\n', data)? + 1
        };
        // Only whole lines: the last one may be cut by the end of the probe.
        while let Some(len) = memchr::memchr(b'\n', &data[start..]) {
            let line = &data[start..start + len];
            if let Ok(text) = std::str::from_utf8(line) {
                let time = self.parser.parse(text).and_then(|e| e.time);
                if let Some(ts) = time.and_then(|t| self.resolver.resolve(&t)) {
                    return Some((offset + start as u64, ts.secs));
                }
            }
            start += len + 1;
        }
        None
    }

    /// The offset of a line start such that the lines before it are all (by their times)
    /// before `target`, as late in the file as the search can tell: every line at or after
    /// `target` lies at or after it. 0 when the file begins at or after `target`.
    pub(crate) fn first_at_or_after(&mut self, target: i64) -> u64 {
        let (mut lo, mut hi) = (0u64, self.size);
        while hi - lo > 2 * PROBE_BYTES as u64 {
            let mid = lo + (hi - lo) / 2;
            match self.time_after(mid) {
                Some((at, secs)) if secs < target && at < hi => lo = at,
                // At or after the target, or no time found near here: look earlier.
                _ => hi = mid,
            }
        }
        lo
    }

    /// The size of the file when the probe opened it.
    pub(crate) fn size(&self) -> u64 {
        self.size
    }
}

/// Counts the lines (newlines) in the first `len` bytes of a file, without parsing them.
pub(crate) fn count_lines(path: &Path, len: u64) -> std::io::Result<u64> {
    let mut file = File::open(path)?.take(len);
    let mut buf = vec![0u8; 256 * 1024];
    let mut lines = 0u64;
    loop {
        match file.read(&mut buf) {
            Ok(0) => return Ok(lines),
            Ok(n) => lines += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use logparse::Format;

    /// An access log of `n` lines, one a second from 2026-11-24 00:00:00 UTC.
    fn access_log(n: u64) -> (tempfile::NamedTempFile, Vec<u64>) {
        let mut text = String::new();
        let mut starts = Vec::new();
        for i in 0..n {
            starts.push(text.len() as u64);
            text.push_str(&format!(
                "198.51.100.{} - - [24/Nov/2026:{:02}:{:02}:{:02} +0000] \"GET /item/{i}?ref=search HTTP/1.1\" 200 {} \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n",
                i % 200,
                i / 3600 % 24,
                i / 60 % 60,
                i % 60,
                1000 + i % 5000
            ));
        }
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), text).unwrap();
        (file, starts)
    }

    const MIDNIGHT: i64 = 1_795_478_400; // 2026-11-24T00:00:00Z

    fn access_probe(path: &Path) -> Probe {
        Probe::open(path, Parser::new(Format::NginxAccess), Zone::UTC, None).unwrap()
    }

    #[test]
    fn finds_the_line_start_just_before_the_target() {
        let (file, starts) = access_log(40_000);
        let mut probe = access_probe(file.path());
        for second in [1, 5_000, 20_000, 33_333, 39_999] {
            let at = probe.first_at_or_after(MIDNIGHT + second);
            let target_line = starts[second as usize];
            // Never past the target line, and within two probes of it.
            assert!(at <= target_line, "second {second}");
            assert!(
                target_line - at <= 2 * PROBE_BYTES as u64,
                "second {second}"
            );
            assert!(starts.binary_search(&at).is_ok(), "{at} is a line start");
        }
        assert_eq!(probe.first_at_or_after(MIDNIGHT - 10), 0);
        let end = probe.first_at_or_after(MIDNIGHT + 100_000);
        assert!(probe.size() - end <= 2 * PROBE_BYTES as u64);
    }

    #[test]
    fn garbage_between_lines_only_makes_the_search_cautious() {
        let (file, starts) = access_log(30_000);
        // Overwrite a stretch in the middle with binary junk (no newlines).
        let mut bytes = std::fs::read(file.path()).unwrap();
        let from = starts[14_000] as usize;
        let to = starts[16_000] as usize - 1;
        bytes[from..to].fill(0xff);
        std::fs::write(file.path(), &bytes).unwrap();
        let mut probe = access_probe(file.path());
        let at = probe.first_at_or_after(MIDNIGHT + 25_000);
        assert!(at <= starts[25_000]);
        let at = probe.first_at_or_after(MIDNIGHT + 15_000);
        assert!(at <= starts[14_000] + 1);
    }

    #[test]
    fn counts_lines_of_a_prefix() {
        let (file, starts) = access_log(1_000);
        assert_eq!(count_lines(file.path(), starts[700]).unwrap(), 700);
        assert_eq!(count_lines(file.path(), u64::MAX).unwrap(), 1_000);
    }
}
