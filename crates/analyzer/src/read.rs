//! Reading log files: read-only opening, decompression chosen by magic bytes, and a line
//! reader with one reusable buffer and a bound on line length.
//!
//! A line longer than [`MAX_LINE`] is not buffered whole: its first [`MAX_LINE`] bytes are
//! handed out marked as truncated, the rest is skipped up to the next newline, so a 100 MB line
//! costs no more memory than a short one.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

use flate2::bufread::MultiGzDecoder;

/// The longest line handed to parsers whole; longer lines are cut here and counted unparsed.
pub const MAX_LINE: usize = 64 * 1024;

/// How a file is compressed, from its first bytes (never from its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Compression {
    /// Plain text.
    None,
    /// gzip (one or several members).
    Gzip,
    /// Zstandard (one or several frames).
    Zstd,
    /// xz (one or several streams).
    Xz,
    /// bzip2 (one or several streams).
    Bzip2,
}

impl Compression {
    /// A short name: `gzip`, `zstd`, `xz`, `bzip2`; `None` for plain text.
    pub fn name(self) -> Option<&'static str> {
        match self {
            Compression::None => None,
            Compression::Gzip => Some("gzip"),
            Compression::Zstd => Some("zstd"),
            Compression::Xz => Some("xz"),
            Compression::Bzip2 => Some("bzip2"),
        }
    }
}

/// Reads the magic bytes of a file.
pub fn sniff_compression(head: &[u8]) -> Compression {
    if head.starts_with(&[0x1f, 0x8b]) {
        Compression::Gzip
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Compression::Zstd
    } else if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0x00]) {
        Compression::Xz
    } else if head.starts_with(b"BZh") && head.get(3).is_some_and(|b| (b'1'..=b'9').contains(b)) {
        Compression::Bzip2
    } else {
        Compression::None
    }
}

/// Whether a file is plain text on disk (not compressed), from its magic bytes.
pub fn is_plain(path: &Path) -> bool {
    let mut magic = [0u8; 8];
    File::open(path)
        .and_then(|mut f| f.read(&mut magic))
        .is_ok_and(|n| sniff_compression(&magic[..n]) == Compression::None)
}

/// Opens a file read-only and returns a reader of its decompressed bytes.
///
/// A plain file is read straight from the file (after the few magic bytes already taken),
/// without a second buffer: [`LineReader`] has its own.
pub fn open_decompressed(path: &Path) -> io::Result<(Box<dyn Read + Send>, Compression)> {
    let mut file = File::open(path)?;
    let mut magic = [0u8; 8];
    let mut got = 0;
    while got < magic.len() {
        match file.read(&mut magic[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    let compression = sniff_compression(&magic[..got]);
    let head = io::Cursor::new(magic).take(got as u64);
    if compression == Compression::None {
        return Ok((Box::new(head.chain(file)), compression));
    }
    let buf = BufReader::with_capacity(256 * 1024, head.chain(file));
    let reader: Box<dyn Read + Send> = match compression {
        Compression::Gzip => Box::new(MultiGzDecoder::new(buf)),
        Compression::Zstd => Box::new(zstd::stream::read::Decoder::with_buffer(buf)?),
        Compression::Xz => Box::new(liblzma::bufread::XzDecoder::new_multi_decoder(buf)),
        Compression::Bzip2 => Box::new(bzip2::bufread::MultiBzDecoder::new(buf)),
        Compression::None => unreachable!("plain files returned above"),
    };
    Ok((reader, compression))
}

/// One line as handed out by [`LineReader`].
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// The bytes of the line, without `\n` (a `\r` before it is kept; parsers strip it).
    pub bytes: &'a [u8],
    /// 1-based line number in the (decompressed) file.
    pub number: u64,
    /// The line was longer than [`MAX_LINE`] and has been cut.
    pub truncated: bool,
}

/// What [`LineReader::next_batch`] hands out: the whole lines buffered, or one line.
#[derive(Debug)]
pub enum Batch<'a> {
    /// One or more whole lines, each ended by its `\n`, the first numbered `first_number`.
    /// A line longer than [`MAX_LINE`] among them is the caller's to cut (as
    /// [`Batch::lines`] does).
    Lines {
        /// The lines with their newlines.
        bytes: &'a [u8],
        /// The 1-based number of the first.
        first_number: u64,
        /// Where the reader learns how many of the lines were taken (see [`Batch::lines`]).
        taken: Taken<'a>,
    },
    /// A line that was not whole in the buffer: read on to its end, cut when over-long, or
    /// the last line of the stream without a newline.
    Line(Line<'a>),
}

/// How many lines of a [`Batch::Lines`] [`Batch::lines`] has handed out, and where the last
/// one ends in the batch's bytes: the reader numbers the lines after the batch from it.
#[derive(Debug, Clone, Copy)]
pub struct Taken<'a>(&'a Cell<(u64, usize)>);

impl<'a> Batch<'a> {
    /// The lines of the batch as [`LineReader::next_line`] hands them out, each with where it
    /// starts in the batch's bytes.
    ///
    /// The lines of a batch are counted as they are taken, in the same pass that finds them,
    /// instead of in one more pass over the batch before it is handed out; the reader counts
    /// the lines of a batch that were not taken (or whose iterator was never made) at its next
    /// call, so line numbers stay right whatever the caller takes.
    pub fn lines(&self) -> impl Iterator<Item = (usize, Line<'a>)> + 'a {
        // A single line is handed out as it is; the newlines of a batch make its lines.
        let (bytes, first_number, taken, single) = match self {
            Batch::Lines {
                bytes,
                first_number,
                taken,
            } => (*bytes, *first_number, Some(taken.0), None),
            Batch::Line(line) => (&[][..], 0, None, Some(*line)),
        };
        BatchLines {
            bytes,
            newlines: Newlines::new(),
            start: 0,
            first_number,
            count: 0,
            taken,
            single,
        }
    }
}

/// The iterator of [`Batch::lines`]: each call looks for one newline, from where the last
/// line ended, so a caller that stops early pays for the lines it took and no more.
#[derive(Debug)]
struct BatchLines<'a> {
    bytes: &'a [u8],
    newlines: Newlines,
    /// Where the next line starts in `bytes`.
    start: usize,
    first_number: u64,
    /// Lines handed out so far.
    count: u64,
    taken: Option<&'a Cell<(u64, usize)>>,
    /// The line of a [`Batch::Line`], handed out once `bytes` (then empty) are.
    single: Option<Line<'a>>,
}

impl<'a> Iterator for BatchLines<'a> {
    type Item = (usize, Line<'a>);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let at = self.start;
        let rest = self.bytes.get(at..).unwrap_or_default();
        let Some(len) = self.newlines.find(rest) else {
            return self.single.take().map(|line| (0, line));
        };
        self.start = at + len + 1;
        self.count += 1;
        if let Some(taken) = self.taken {
            taken.set((self.count, self.start));
        }
        let line = Line {
            bytes: rest.get(..len.min(MAX_LINE)).unwrap_or_default(),
            number: self.first_number + (self.count - 1),
            truncated: len > MAX_LINE,
        };
        Some((at, line))
    }
}

/// Finds the next newline of a batch, one line at a time.
///
/// `memchr::memchr` (and `memchr_iter`) go through a function pointer and a dispatch on the
/// haystack's length at every call: for a line of some 150 bytes, some 30 instructions on
/// top of the 50 of the AVX2 search. The AVX2 searcher, checked for once a batch, is called
/// straight. Without AVX2, or off x86-64, `memchr::memchr`.
///
/// A mask of the newlines of 64 bytes at a time, read bit by bit, would be cheaper still, but
/// safe Rust does not get it: the compiler makes `pmovmskb` of a lane-by-lane compare only to
/// answer "any?" (as `block_has` in logparse), not to hand out the bits, and the SSE2
/// intrinsics that would are `unsafe` to call.
#[derive(Debug, Clone, Copy)]
struct Newlines {
    #[cfg(target_arch = "x86_64")]
    avx2: Option<memchr::arch::x86_64::avx2::memchr::One>,
}

impl Newlines {
    #[inline]
    fn new() -> Newlines {
        Newlines {
            #[cfg(target_arch = "x86_64")]
            avx2: memchr::arch::x86_64::avx2::memchr::One::new(b'\n'),
        }
    }

    /// Where the first newline of `bytes` is.
    #[inline(always)]
    fn find(&self, bytes: &[u8]) -> Option<usize> {
        #[cfg(target_arch = "x86_64")]
        if let Some(avx2) = &self.avx2 {
            return avx2.find(bytes);
        }
        memchr::memchr(b'\n', bytes)
    }
}

/// Splits a byte stream into lines with one reusable buffer.
#[derive(Debug)]
pub struct LineReader<R> {
    inner: R,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    number: u64,
    skipping: bool,
    /// The last batch handed out, while its lines may not all be counted: where it starts and
    /// ends in `buf`. [`Self::settle`] adds its lines to `number`.
    batch: Option<(usize, usize)>,
    /// Lines of that batch taken by [`Batch::lines`] and where the last ends (in the batch).
    taken: Cell<(u64, usize)>,
}

impl<R: Read> LineReader<R> {
    /// A line reader over `inner`. Its buffer starts small (a small file costs little) and
    /// grows to `2 * MAX_LINE` while reads keep filling it.
    pub fn new(inner: R) -> LineReader<R> {
        LineReader {
            inner,
            buf: vec![0; INITIAL_BUFFER],
            start: 0,
            end: 0,
            eof: false,
            number: 0,
            skipping: false,
            batch: None,
            taken: Cell::new((0, 0)),
        }
    }

    /// The next line, `Ok(None)` at the end. An I/O or decompression error is returned once;
    /// the lines before it have all been handed out.
    pub fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        self.settle();
        loop {
            let window = &self.buf[self.start..self.end];
            if let Some(pos) = memchr::memchr(b'\n', window) {
                let line_start = self.start;
                self.start += pos + 1;
                if self.skipping {
                    self.skipping = false;
                    continue;
                }
                self.number += 1;
                let truncated = pos > MAX_LINE;
                return Ok(Some(Line {
                    bytes: &self.buf[line_start..line_start + pos.min(MAX_LINE)],
                    number: self.number,
                    truncated,
                }));
            }
            if self.skipping {
                // Still inside an over-long line: drop what we have and read on.
                self.start = 0;
                self.end = 0;
            } else if self.end - self.start > MAX_LINE {
                // Over-long line: hand out its head, skip the rest up to the newline. A line
                // of exactly MAX_LINE bytes is not one: its newline may be the next byte read.
                let line_start = self.start;
                self.start = self.end;
                self.skipping = true;
                self.number += 1;
                return Ok(Some(Line {
                    bytes: &self.buf[line_start..line_start + MAX_LINE],
                    number: self.number,
                    truncated: true,
                }));
            }
            if self.eof {
                if self.start < self.end && !self.skipping {
                    let line_start = self.start;
                    let line_end = self.end;
                    self.start = self.end;
                    self.number += 1;
                    return Ok(Some(Line {
                        bytes: &self.buf[line_start..line_end],
                        number: self.number,
                        truncated: false,
                    }));
                }
                return Ok(None);
            }
            self.fill()?;
        }
    }

    /// The whole lines in the buffer at once (reading more when it holds none), or one line
    /// that is not whole in it; `Ok(None)` at the end. The lines come out as
    /// [`next_line`](Self::next_line) hands them out, and the two can be mixed: a batch lets
    /// the caller check a whole buffer of text at once (for UTF-8, say) instead of line by line.
    pub fn next_batch(&mut self) -> io::Result<Option<Batch<'_>>> {
        self.settle();
        if let Some(last) = self.last_newline() {
            let (start, first_number) = (self.start, self.number + 1);
            self.start += last + 1;
            self.batch = Some((start, self.start));
            self.taken.set((0, 0));
            return Ok(Some(Batch::Lines {
                bytes: &self.buf[start..self.start],
                first_number,
                taken: Taken(&self.taken),
            }));
        }
        Ok(self.next_line()?.map(Batch::Line))
    }

    /// Counts the lines of the last batch: those its iterator took, and those after them.
    fn settle(&mut self) {
        if let Some((start, end)) = self.batch.take() {
            let (taken, after) = self.taken.get();
            let rest = self.buf.get(start + after..end).unwrap_or_default();
            self.number += taken + memchr::memchr_iter(b'\n', rest).count() as u64;
        }
    }

    /// Where the last newline in the buffer is (from `start`). `None` when there is no whole
    /// line, or while the rest of an over-long line is being skipped.
    fn last_newline(&self) -> Option<usize> {
        if self.skipping {
            return None;
        }
        memchr::memrchr(b'\n', &self.buf[self.start..self.end])
    }

    /// The whole lines in the buffer: where the last one's newline is (from `start`) and how
    /// many there are, counted in one vectorised pass.
    fn whole_lines(&self) -> Option<(usize, u64)> {
        let last = self.last_newline()?;
        let window = &self.buf[self.start..=self.start + last];
        Some((last, memchr::memchr_iter(b'\n', window).count() as u64))
    }

    /// Passes over up to `n` lines exactly as `n` calls of [`next_line`](Self::next_line)
    /// would, without handing them out, and returns how many there were (fewer at the end).
    /// The whole lines in the buffer are counted in one vectorised pass, so skipping to a line
    /// deep in a file costs little more than reading its bytes.
    pub fn skip_lines(&mut self, mut n: u64) -> io::Result<u64> {
        self.settle();
        let mut skipped = 0;
        while n > 0 {
            if let Some((last, count)) = self.whole_lines() {
                if count <= n {
                    self.start += last + 1;
                    self.number += count;
                    skipped += count;
                    n -= count;
                    continue;
                }
                // Fewer lines wanted than the buffer holds: the n-th newline ends them.
                let whole = &self.buf[self.start..=self.start + last];
                if let Some(end) = memchr::memchr_iter(b'\n', whole).nth(n as usize - 1) {
                    self.start += end + 1;
                    self.number += n;
                    return Ok(skipped + n);
                }
            }
            // No whole line in the buffer: one line the usual way (which reads on, and
            // handles an over-long line).
            if self.next_line()?.is_none() {
                break;
            }
            skipped += 1;
            n -= 1;
        }
        Ok(skipped)
    }

    fn fill(&mut self) -> io::Result<()> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            // A line longer than the buffer (but within MAX_LINE): make room.
            self.grow();
        }
        loop {
            let room = self.buf.len() - self.end;
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n;
                    if n == room {
                        // The read filled the buffer: more is coming, read bigger.
                        self.grow();
                    }
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.eof = true;
                    return Err(e);
                }
            }
        }
    }
}

impl<R> LineReader<R> {
    fn grow(&mut self) {
        if self.buf.len() < 2 * MAX_LINE {
            let len = (self.buf.len() * 2).min(2 * MAX_LINE);
            self.buf.resize(len, 0);
        }
    }
}

/// The first size of a [`LineReader`]'s buffer.
const INITIAL_BUFFER: usize = 8 * 1024;

/// Reads up to `max_lines` lines (and at most 256 KiB) from the start of a file, decompressed,
/// for format detection. Invalid UTF-8 is replaced.
pub fn head_lines(path: &Path, max_lines: usize) -> io::Result<Vec<String>> {
    let (reader, _) = open_decompressed(path)?;
    let mut lines = LineReader::new(reader.take(256 * 1024));
    let mut out = Vec::new();
    while out.len() < max_lines {
        match lines.next_line() {
            Ok(Some(line)) => out.push(String::from_utf8_lossy(line.bytes).into_owned()),
            Ok(None) => break,
            Err(e) if out.is_empty() => return Err(e),
            Err(_) => break,
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(input: &[u8]) -> Vec<(Vec<u8>, u64, bool)> {
        let mut r = LineReader::new(input);
        let mut out = Vec::new();
        while let Some(l) = r.next_line().unwrap() {
            out.push((l.bytes.to_vec(), l.number, l.truncated));
        }
        out
    }

    #[test]
    fn splits_lines_and_keeps_last_without_newline() {
        let got = collect(b"a\nbb\r\n\nccc");
        assert_eq!(
            got,
            vec![
                (b"a".to_vec(), 1, false),
                (b"bb\r".to_vec(), 2, false),
                (b"".to_vec(), 3, false),
                (b"ccc".to_vec(), 4, false)
            ]
        );
    }

    /// `n` lines of every kind a reader meets (empty, longer than its first buffer, longer than
    /// [`MAX_LINE`]), then a last line without a newline.
    fn mixed_lines(n: u32) -> Vec<u8> {
        let mut input = Vec::new();
        for i in 0..n {
            let len = match i % 7 {
                0 => 0,
                3 => 2 * INITIAL_BUFFER + 5,
                5 if i % 35 == 5 => MAX_LINE * 2 + 9,
                _ => (i as usize * 37) % 300,
            };
            input.extend(std::iter::repeat_n(b'a' + (i % 26) as u8, len));
            input.push(b'\n');
        }
        input.extend_from_slice(b"tail without newline");
        input
    }

    /// Skipping `k` lines leaves the reader where `k` calls of `next_line` leave it, whatever
    /// the read sizes, line lengths (over-long ones too) and final newline.
    #[test]
    fn skip_lines_lands_where_next_line_does() {
        let input = mixed_lines(400);
        let all = collect(&input);
        for step in [1000, 4096, 1 << 20] {
            for (skip, then) in [
                (0, 3),
                (1, 1),
                (5, 2),
                (34, 3),
                (35, 1),
                (200, 5),
                (399, 2),
                (400, 1),
                (401, 1),
                (1000, 1),
            ] {
                let mut r = LineReader::new(Trickle { rest: &input, step });
                let skipped = r.skip_lines(skip).unwrap();
                assert_eq!(
                    skipped,
                    skip.min(all.len() as u64),
                    "step {step}, skip {skip}"
                );
                for expected in all.iter().skip(skip as usize).take(then) {
                    let l = r
                        .next_line()
                        .unwrap()
                        .expect("a line after the skipped ones");
                    assert_eq!(
                        (l.bytes.to_vec(), l.number, l.truncated),
                        *expected,
                        "step {step}, skip {skip}"
                    );
                }
                if skip as usize + then >= all.len() {
                    assert!(r.next_line().unwrap().is_none());
                }
            }
        }
        // Skips in a row add up.
        let mut r = LineReader::new(&input[..]);
        assert_eq!(r.skip_lines(10).unwrap(), 10);
        assert_eq!(r.skip_lines(25).unwrap(), 25);
        assert_eq!(r.next_line().unwrap().map(|l| l.number), Some(36));
    }

    /// Batches hand out the lines `next_line` does, whatever the read sizes, with each line's
    /// place in its batch, and mix with `next_line`.
    #[test]
    fn batches_hold_the_lines_next_line_hands_out() {
        let input = mixed_lines(300);
        let all = collect(&input);
        for step in [1000, 4096, 1 << 20] {
            let mut r = LineReader::new(Trickle { rest: &input, step });
            let mut got = Vec::new();
            let mut batches = 0;
            loop {
                // Every fifth pull is a single line.
                if got.len() % 5 == 4 {
                    match r.next_line().unwrap() {
                        Some(l) => got.push((l.bytes.to_vec(), l.number, l.truncated)),
                        None => break,
                    }
                    continue;
                }
                let Some(batch) = r.next_batch().unwrap() else {
                    break;
                };
                batches += 1;
                let whole = match &batch {
                    Batch::Lines { bytes, .. } => Some(*bytes),
                    Batch::Line(_) => None,
                };
                for (at, l) in batch.lines() {
                    if let Some(whole) = whole {
                        assert!(whole[at..].starts_with(l.bytes));
                    }
                    got.push((l.bytes.to_vec(), l.number, l.truncated));
                }
            }
            assert_eq!(got, all, "step {step}");
            assert!(batches < all.len(), "step {step}: {batches} batches");
        }
    }

    /// A batch's lines are counted as they are taken: whether the caller takes none of them,
    /// some or all, the line after the batch has the number `next_line` alone would give it.
    #[test]
    fn lines_after_a_batch_are_numbered_whatever_was_taken_of_it() {
        let input = mixed_lines(300);
        let all = collect(&input);
        for step in [1000, 4096, 1 << 20] {
            for take in [0, 1, 3, usize::MAX] {
                let mut r = LineReader::new(Trickle { rest: &input, step });
                let mut checked = 0;
                loop {
                    let (first, in_batch) = match r.next_batch().unwrap() {
                        None => break,
                        Some(Batch::Line(l)) => (l.number, 1),
                        Some(batch @ Batch::Lines { .. }) => {
                            let Batch::Lines {
                                bytes,
                                first_number,
                                ..
                            } = batch
                            else {
                                unreachable!()
                            };
                            let n = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
                            for (_, l) in batch.lines().take(take) {
                                assert_eq!(l.number, all[l.number as usize - 1].1);
                            }
                            (first_number, n)
                        }
                    };
                    let Some(next) = r.next_line().unwrap() else {
                        break;
                    };
                    let expected = &all[(first + in_batch - 1) as usize];
                    assert_eq!(
                        (next.bytes, next.number),
                        (&expected.0[..], expected.1),
                        "step {step}, take {take}"
                    );
                    checked += 1;
                }
                assert!(checked > 3, "step {step}, take {take}: {checked}");
            }
        }
    }

    /// The lines of a batch as the first `Batch::lines` made them, with `memchr_iter`: the
    /// reference the searcher of [`BatchLines`] is held to. Each with where it starts, and
    /// what `taken` says after it.
    fn lines_by_memchr_iter(bytes: &[u8], first_number: u64) -> Vec<LineSeen> {
        let mut start = 0;
        memchr::memchr_iter(b'\n', bytes)
            .enumerate()
            .map(|(i, end)| {
                let at = start;
                start = end + 1;
                let line = (
                    bytes[at..at + (end - at).min(MAX_LINE)].to_vec(),
                    first_number + i as u64,
                    end - at > MAX_LINE,
                );
                (at, line, (i as u64 + 1, start))
            })
            .collect()
    }

    /// A line as handed out: where it starts, its bytes, number and cut, and `taken` after it.
    type LineSeen = (usize, (Vec<u8>, u64, bool), (u64, usize));

    /// Line lengths that sit on the edges a searcher has (a 16-, 32- or 64-byte block, the
    /// 128 bytes of an unrolled loop, [`MAX_LINE`]), empty lines (runs of newlines), and any.
    fn line_length() -> impl proptest::strategy::Strategy<Value = usize> {
        use proptest::prelude::*;
        prop_oneof![
            3 => Just(0usize),
            2 => prop::sample::select(vec![1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129]),
            4 => 0usize..300,
            1 => 300usize..3000,
            1 => prop::sample::select(vec![MAX_LINE - 1, MAX_LINE, MAX_LINE + 1, MAX_LINE + 70]),
        ]
    }

    /// Text made of lines of those lengths, each ended by a newline; after `offset` bytes of
    /// padding, so that the batch starts anywhere in a vector register's alignment.
    fn batch_text() -> impl proptest::strategy::Strategy<Value = (Vec<u8>, usize)> {
        use proptest::prelude::*;
        (
            prop::collection::vec((line_length(), any::<u8>()), 0..40),
            0usize..64,
        )
            .prop_map(|(lines, offset)| {
                let mut text = vec![b'\n'; offset];
                for (len, seed) in lines {
                    // Any byte but a newline (a '\r' too), varying along the line.
                    text.extend((0..len).map(|i| match seed.wrapping_add(i as u8) {
                        b'\n' => b'\r',
                        b => b,
                    }));
                    text.push(b'\n');
                }
                (text, offset)
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// A batch's lines, their places, numbers, cuts, and `taken` after each, are those
        /// `memchr_iter` finds, for newlines anywhere.
        #[test]
        fn batch_lines_are_those_memchr_iter_finds(
            (text, offset) in batch_text(),
            first_number in 1u64..1_000_000,
        ) {
            let bytes = &text[offset..];
            let cell = Cell::new((0, 0));
            let batch = Batch::Lines { bytes, first_number, taken: Taken(&cell) };
            let expected = lines_by_memchr_iter(bytes, first_number);
            let mut got = Vec::new();
            for (at, l) in batch.lines() {
                got.push((at, (l.bytes.to_vec(), l.number, l.truncated), cell.get()));
            }
            proptest::prop_assert_eq!(got, expected);
        }

        /// The searcher finds the first newline `memchr` does, with AVX2 or without it.
        #[test]
        fn newlines_are_found_where_memchr_finds_them(
            (text, offset) in batch_text(),
            from in 0usize..4096,
        ) {
            let rest = text.get(offset + from..).unwrap_or_default();
            let expected = memchr::memchr(b'\n', rest);
            proptest::prop_assert_eq!(Newlines::new().find(rest), expected);
            let plain = Newlines {
                #[cfg(target_arch = "x86_64")]
                avx2: None,
            };
            proptest::prop_assert_eq!(plain.find(rest), expected);
        }

        /// After taking `k` lines of a batch, `taken` holds `k` and where the k-th ended.
        #[test]
        fn taken_is_what_was_taken(
            (text, offset) in batch_text(),
            k in 0usize..50,
        ) {
            let bytes = &text[offset..];
            let cell = Cell::new((0, 0));
            let batch = Batch::Lines { bytes, first_number: 1, taken: Taken(&cell) };
            let taken = batch.lines().take(k).count();
            let expected = lines_by_memchr_iter(bytes, 1);
            proptest::prop_assert_eq!(taken, k.min(expected.len()));
            let after = taken.checked_sub(1).map_or((0, 0), |last| expected[last].2);
            proptest::prop_assert_eq!(cell.get(), after);
        }

        /// Through a reader, whatever the read sizes: take `k` lines of each batch, then
        /// `next_line` hands out the line `next_line` alone would.
        #[test]
        fn reader_numbers_the_lines_after_a_partly_taken_batch(
            (text, _) in batch_text(),
            k in 0usize..5,
            step in 1usize..5000,
        ) {
            let all = collect(&text);
            // A line as `collect` has it, told by its length rather than its bytes (which
            // make unreadable failures), but compared whole.
            let check = |l: Line<'_>, next: usize| {
                let expected = all.get(next).map(|e| (e.0.len(), e.1, e.2, l.bytes == e.0));
                proptest::prop_assert_eq!(
                    Some((l.bytes.len(), l.number, l.truncated, true)),
                    expected,
                    "line {}", next + 1
                );
                Ok(())
            };
            let mut r = LineReader::new(Trickle { rest: &text, step });
            let mut next = 0;
            loop {
                match r.next_batch().unwrap() {
                    None => break,
                    Some(Batch::Line(l)) => {
                        check(l, next)?;
                        next += 1;
                    }
                    Some(batch @ Batch::Lines { .. }) => {
                        let Batch::Lines { bytes, .. } = batch else { unreachable!() };
                        let n = memchr::memchr_iter(b'\n', bytes).count();
                        for (_, l) in batch.lines().take(k) {
                            check(l, next)?;
                            next += 1;
                        }
                        next += n.saturating_sub(k);
                    }
                }
                let Some(l) = r.next_line().unwrap() else { break };
                check(l, next)?;
                next += 1;
            }
            proptest::prop_assert_eq!(next, all.len());
        }
    }

    #[test]
    fn overlong_line_is_cut_and_the_next_line_survives() {
        let mut input = vec![b'x'; MAX_LINE * 5 + 17];
        input.extend_from_slice(b"\nnext\n");
        let got = collect(&input);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0.len(), MAX_LINE);
        assert!(got[0].2);
        assert_eq!(got[1], (b"next".to_vec(), 2, false));
    }

    /// A reader that hands out at most `step` bytes per read, as pipes and decoders do.
    struct Trickle<'a> {
        rest: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(self.step).min(self.rest.len());
            buf[..n].copy_from_slice(&self.rest[..n]);
            self.rest = &self.rest[n..];
            Ok(n)
        }
    }

    #[test]
    fn lines_longer_than_the_first_buffer_come_out_whole() {
        // Longer than the initial buffer, shorter than the limit; read in odd-sized pieces.
        let long = vec![b'L'; INITIAL_BUFFER * 5 + 3];
        let mut input = b"first\n".to_vec();
        input.extend_from_slice(&long);
        input.extend_from_slice(b"\nlast\n");
        for step in [1000, 4096, INITIAL_BUFFER, 1 << 20] {
            let mut r = LineReader::new(Trickle { rest: &input, step });
            let mut got = Vec::new();
            while let Some(l) = r.next_line().unwrap() {
                got.push((l.bytes.to_vec(), l.number, l.truncated));
            }
            assert_eq!(got.len(), 3, "step {step}");
            assert_eq!(got[0].0, b"first");
            assert_eq!(got[1], (long.clone(), 2, false), "step {step}");
            assert_eq!(got[2].0, b"last");
        }
    }

    #[test]
    fn line_of_exactly_the_limit_is_cut_once() {
        let mut input = vec![b'y'; MAX_LINE];
        input.extend_from_slice(b"\nz");
        let got = collect(&input);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1], (b"z".to_vec(), 2, false));
    }

    /// A line of exactly [`MAX_LINE`] bytes is whole, and one byte more is cut, whatever
    /// the reads hand out: before its newline is read, a full window is no proof of a longer
    /// line.
    #[test]
    fn a_line_at_the_limit_is_whole_whatever_the_read_sizes() {
        for (len, cut) in [
            (MAX_LINE - 1, false),
            (MAX_LINE, false),
            (MAX_LINE + 1, true),
        ] {
            let mut input = vec![b'y'; len];
            input.extend_from_slice(b"\nz\n");
            for step in [1000, 4096, INITIAL_BUFFER, MAX_LINE, MAX_LINE + 1, 1 << 20] {
                let mut r = LineReader::new(Trickle { rest: &input, step });
                let first = r.next_line().unwrap().unwrap();
                assert_eq!(
                    (first.bytes.len(), first.truncated),
                    (len.min(MAX_LINE), cut),
                    "line of {len} bytes read {step} at a time"
                );
                let next = r.next_line().unwrap().unwrap();
                assert_eq!(
                    (next.bytes, next.number),
                    (&b"z"[..], 2),
                    "after {len}, {step}"
                );
            }
        }
    }

    #[test]
    fn compression_is_sniffed_by_magic() {
        assert_eq!(sniff_compression(&[0x1f, 0x8b, 8, 0]), Compression::Gzip);
        assert_eq!(
            sniff_compression(&[0x28, 0xb5, 0x2f, 0xfd, 0]),
            Compression::Zstd
        );
        assert_eq!(sniff_compression(b"\xfd7zXZ\x00\x00"), Compression::Xz);
        assert_eq!(sniff_compression(b"BZh91AY&SY"), Compression::Bzip2);
        assert_eq!(sniff_compression(b"BZh is not"), Compression::None);
        assert_eq!(sniff_compression(b"Nov 24"), Compression::None);
    }

    /// Every compression, with two members/frames/streams concatenated, reads as one text.
    #[test]
    fn every_compression_reads_back_across_members() {
        use std::io::Write;
        let a = b"first line\nsecond line\n";
        let b = b"third line\n";
        let gz = |data: &[u8]| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        };
        let zst = |data: &[u8]| zstd::encode_all(data, 1).unwrap();
        let xz = |data: &[u8]| {
            let mut e = liblzma::write::XzEncoder::new(Vec::new(), 1);
            e.write_all(data).unwrap();
            e.finish().unwrap()
        };
        let bz = |data: &[u8]| {
            let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        };
        let dir = tempfile::tempdir().unwrap();
        type Encoder<'a> = &'a dyn Fn(&[u8]) -> Vec<u8>;
        let encoders: [(&str, Encoder, Compression); 4] = [
            ("x.gz", &gz, Compression::Gzip),
            ("x.zst", &zst, Compression::Zstd),
            ("x.xz", &xz, Compression::Xz),
            ("x.bz2", &bz, Compression::Bzip2),
        ];
        for (name, encode, kind) in encoders {
            let mut data = encode(a);
            data.extend(encode(b));
            let path = dir.path().join(name);
            std::fs::write(&path, data).unwrap();
            let (mut reader, found) = open_decompressed(&path).unwrap();
            assert_eq!(found, kind);
            let mut text = String::new();
            reader.read_to_string(&mut text).unwrap();
            assert_eq!(text, "first line\nsecond line\nthird line\n", "{name}");
        }
    }
}
