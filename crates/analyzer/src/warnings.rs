//! Checks of the input that may make a report wrong, each said with its fix.

use std::path::Path;

use logparse::{Format, Zone};

use crate::report::Warning;
use crate::scan::FileReport;

/// Logs copied off a server in Tokyo and read on a laptop in UTC: the stamps that carry an
/// offset (rsyslog's `+09:00`, nginx's access log's `+0900`) are read right, but those without
/// one (nginx's error log, MariaDB, Fail2Ban, classic syslog) are read in the laptop's zone,
/// nine hours off, and the timeline mixes the two. When the files with offsets disagree with
/// the zone at their own last line, and other files were read in the zone, this says so and
/// names the offset the logs carry.
///
/// ```
/// use analyzer::{scan, zone_mismatch, ScanOptions};
/// use logparse::Zone;
///
/// // The demo's logs come from a server in Tokyo.
/// let logs = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/demo/var/log");
/// let read_in = |zone: &str| {
///     let zone = Zone::parse(zone).unwrap();
///     let result = scan(&ScanOptions::new(vec![logs.into()], zone.clone()), &|_| {});
///     zone_mismatch(&result.files, &zone)
/// };
/// assert_eq!(read_in("Asia/Tokyo"), None);
/// let warning = read_in("UTC").unwrap();
/// assert_eq!(warning.kind, "zone_mismatch");
/// assert!(warning.summary.ends_with("--tz +09:00"));
/// ```
pub fn zone_mismatch(files: &[FileReport], zone: &Zone) -> Option<Warning> {
    let mut read_in_zone: Vec<&FileReport> = files
        .iter()
        .filter(|f| f.parsed > 0 && f.read_in_zone)
        .collect();
    // The files with offsets of their own that the zone does not give. Only writers that stamp
    // the server's local time count: rsyslog and the access log's `$time_local`. MySQL 8 writes
    // UTC (`Z`) on a server in any zone, which says nothing of the server's.
    let mut disagreeing: Vec<(&FileReport, i32)> = files
        .iter()
        .filter(|f| f.parsed > 0 && !f.read_in_zone)
        .filter(|f| {
            matches!(
                f.format,
                Some(Format::Syslog | Format::Postfix | Format::NginxAccess)
            )
        })
        .filter_map(|f| {
            let last = f.last?;
            (last.offset_secs != zone.offset_at(last.secs)).then_some((f, last.offset_secs))
        })
        .collect();
    if read_in_zone.is_empty() || disagreeing.is_empty() {
        return None;
    }
    // Latest first: the current files are the ones people know.
    disagreeing.sort_by_key(|(f, _)| std::cmp::Reverse(f.last));
    read_in_zone.sort_by_key(|f| std::cmp::Reverse(f.last));
    let (latest, logs_offset) = *disagreeing.first()?;
    let zone_offset = zone.offset_at(latest.last?.secs);
    let dir = common_dir(files.iter().map(|f| f.path.as_path()));
    let short = |f: &FileReport| {
        let path = f.path.strip_prefix(dir).unwrap_or(&f.path);
        path.display().to_string()
    };
    let (off_by, logs, zone_at) = (
        span(logs_offset - zone_offset),
        offset(logs_offset),
        offset(zone_offset),
    );
    let (files_read, were) = match read_in_zone.len() {
        1 => ("1 file".to_string(), "was"),
        n => (format!("{n} files"), "were"),
    };
    let read_examples = examples(read_in_zone.iter().map(|f| short(f)));
    let logs_examples = examples(disagreeing.iter().map(|(f, _)| short(f)));
    let summary = format!(
        "times may be {off_by} off: {files_read} without an offset in their stamps \
         ({read_examples}) {were} read in {zone} ({zone_at}), but the other logs' stamps say \
         {logs} ({logs_examples}). If {zone} is not the server's zone, run again with that, \
         e.g. --tz {logs}"
    );
    Some(Warning {
        kind: "zone_mismatch".to_string(),
        summary,
        files: read_in_zone
            .iter()
            .map(|f| f.path.display().to_string())
            .collect(),
    })
}

/// The directory every path is in (empty when they share none).
fn common_dir<'a>(mut paths: impl Iterator<Item = &'a Path>) -> &'a Path {
    let Some(first) = paths.next() else {
        return Path::new("");
    };
    let mut dir = first.parent().unwrap_or(Path::new(""));
    for path in paths {
        while !path.starts_with(dir) {
            dir = dir.parent().unwrap_or(Path::new(""));
        }
    }
    dir
}

/// The first two of `paths`, and how many more.
fn examples(paths: impl Iterator<Item = String>) -> String {
    let paths: Vec<String> = paths.collect();
    match paths.len() {
        0..=2 => paths.join(", "),
        n => format!("{}, {} and {} more", paths[0], paths[1], n - 2),
    }
}

/// `+09:00`, `-03:30`.
fn offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let minutes = secs.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// `9 hours`, `1 hour 30 minutes`, `45 minutes`.
fn span(secs: i32) -> String {
    let minutes = secs.unsigned_abs() / 60;
    let (hours, minutes) = (minutes / 60, minutes % 60);
    let unit = |n: u32, one: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{n} {one}s"),
    };
    match (hours, minutes) {
        (0, m) => unit(m, "minute"),
        (h, 0) => unit(h, "hour"),
        (h, m) => format!("{} {}", unit(h, "hour"), unit(m, "minute")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use logparse::Timestamp;

    /// A file of `format` whose last line is at `secs`, shown in `offset_secs`.
    fn file(
        path: &str,
        format: Format,
        read_in_zone: bool,
        secs: i64,
        offset_secs: i32,
    ) -> FileReport {
        let t = Timestamp {
            secs,
            nanos: 0,
            offset_secs,
        };
        FileReport {
            parsed: 10,
            first: Some(t),
            last: Some(t),
            read_in_zone,
            ..FileReport::empty(path.as_ref(), Some(format))
        }
    }

    const NOV_24: i64 = 1_795_500_000; // 2026-11-24

    #[test]
    fn tokyo_logs_read_in_utc_are_named_with_their_offset() {
        let files = [
            file("mail.log", Format::Postfix, false, NOV_24, 9 * 3600),
            file(
                "nginx/access.log",
                Format::NginxAccess,
                false,
                NOV_24 - 60,
                9 * 3600,
            ),
            file("nginx/error.log", Format::NginxError, true, NOV_24, 0),
            file("mysql/error.log", Format::Mariadb, true, NOV_24, 0),
            file("fail2ban.log", Format::Fail2ban, true, NOV_24, 0),
        ];
        let w = zone_mismatch(&files, &Zone::UTC).expect("a warning");
        assert_eq!(w.kind, "zone_mismatch");
        assert_eq!(
            w.files,
            ["nginx/error.log", "mysql/error.log", "fail2ban.log"]
        );
        assert_eq!(
            w.summary,
            "times may be 9 hours off: 3 files without an offset in their stamps (nginx/error.log, \
             mysql/error.log and 1 more) were read in UTC (+00:00), but the other logs' stamps \
             say +09:00 (mail.log, nginx/access.log). If UTC is not the server's zone, run again \
             with that, e.g. --tz +09:00"
        );
    }

    #[test]
    fn logs_that_agree_with_the_zone_raise_nothing() {
        let tokyo = Zone::parse("Asia/Tokyo").unwrap();
        let files = [
            file("mail.log", Format::Postfix, false, NOV_24, 9 * 3600),
            file(
                "nginx/error.log",
                Format::NginxError,
                true,
                NOV_24,
                9 * 3600,
            ),
        ];
        assert_eq!(zone_mismatch(&files, &tokyo), None);
        // Nor in a zone with DST, across its change: each file's offset is that of its
        // last line's instant (Berlin: +01:00 in November, +02:00 in July).
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        let july = NOV_24 - 140 * 86_400;
        let files = [
            file("syslog.1", Format::Syslog, false, july, 2 * 3600),
            file("syslog", Format::Syslog, false, NOV_24, 3600),
            file("mysql/error.log", Format::Mariadb, true, NOV_24, 3600),
        ];
        assert_eq!(zone_mismatch(&files, &berlin), None);
        // Berlin logs read in Tokyo: the summer file is the earlier, the offset named is
        // that of the latest.
        let w = zone_mismatch(&files, &tokyo).expect("a warning");
        assert!(
            w.summary.starts_with("times may be 8 hours off"),
            "{}",
            w.summary
        );
        assert!(w.summary.contains("Asia/Tokyo (+09:00)"), "{}", w.summary);
        assert!(
            w.summary.contains("say +01:00 (syslog, syslog.1)"),
            "{}",
            w.summary
        );
    }

    #[test]
    fn mysql_8_writing_utc_on_a_server_in_tokyo_is_no_mismatch() {
        let tokyo = Zone::parse("Asia/Tokyo").unwrap();
        let files = [
            file("syslog", Format::Syslog, false, NOV_24, 9 * 3600),
            // `2026-11-24T03:12:01.123456Z 0 [System] ...`
            file("mysql/error.log", Format::Mariadb, false, NOV_24, 0),
            file(
                "nginx/error.log",
                Format::NginxError,
                true,
                NOV_24,
                9 * 3600,
            ),
        ];
        assert_eq!(zone_mismatch(&files, &tokyo), None);
    }

    #[test]
    fn without_files_read_in_the_zone_the_offsets_alone_do_no_harm() {
        // Every stamp carries its offset: the zone changed nothing.
        let files = [
            file("mail.log", Format::Postfix, false, NOV_24, 9 * 3600),
            file(
                "nginx/access.log",
                Format::NginxAccess,
                false,
                NOV_24,
                9 * 3600,
            ),
            file("empty.log", Format::Mariadb, true, NOV_24, 0),
        ];
        let mut files = files.to_vec();
        files[2].parsed = 0;
        assert_eq!(zone_mismatch(&files, &Zone::UTC), None);
    }

    #[test]
    fn offsets_and_spans_read_as_people_write_them() {
        assert_eq!(offset(9 * 3600), "+09:00");
        assert_eq!(offset(-(3 * 3600 + 1800)), "-03:30");
        assert_eq!(offset(0), "+00:00");
        assert_eq!(span(9 * 3600), "9 hours");
        assert_eq!(span(-3600), "1 hour");
        assert_eq!(span(5 * 3600 + 1800), "5 hours 30 minutes");
        assert_eq!(span(45 * 60), "45 minutes");
    }
}
