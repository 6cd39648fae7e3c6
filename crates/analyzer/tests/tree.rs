//! A copy of /var/log with every kind of file a real server leaves: logrotate's numbered and
//! compressed generations in four formats, dateext rotations, Plesk's per-domain logs and
//! their `.processed` parts, a symlink to a log and a symlink loop, binary databases, a
//! socket and a FIFO. Each log is read exactly once and in time order, everything else is
//! passed over with a reason, and nothing hangs or stops the scan.

use std::io::Write;
use std::path::{Path, PathBuf};

use analyzer::{scan, Compression, ScanOptions};
use logparse::{Format, Zone};

/// `n` syslog lines of day `day` (2026-11-DD), one a minute from 08:00, tagged with `tag`.
fn syslog_lines(day: u32, n: u32, tag: &str) -> String {
    (0..n)
        .map(|i| {
            format!(
                "2026-11-{day:02}T08:{i:02}:00.000000+00:00 web01 CRON[{}]: (root) CMD ({tag} run {i})\n",
                1000 + i
            )
        })
        .collect()
}

/// An access-log line of 2026-11-DD.
fn access_lines(day: u32, n: u32) -> String {
    (0..n)
        .map(|i| {
            format!(
                "203.0.113.{i} - - [{day:02}/Nov/2026:09:{i:02}:00 +0000] \"GET /shop/ HTTP/1.1\" 200 3120 \"-\" \"Mozilla/5.0\"\n"
            )
        })
        .collect()
}

fn compress(text: &str, how: Compression) -> Vec<u8> {
    let bytes = text.as_bytes();
    match how {
        Compression::Gzip => {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(bytes).unwrap();
            gz.finish().unwrap()
        }
        Compression::Zstd => zstd::encode_all(bytes, 3).unwrap(),
        Compression::Xz => {
            let mut xz = liblzma::write::XzEncoder::new(Vec::new(), 6);
            xz.write_all(bytes).unwrap();
            xz.finish().unwrap()
        }
        Compression::Bzip2 => {
            let mut bz = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
            bz.write_all(bytes).unwrap();
            bz.finish().unwrap()
        }
        _ => bytes.to_vec(),
    }
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn every_kind_of_file_is_read_once_in_order_or_skipped_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("var/log");
    // Debian: syslog and five older generations, in every compression logrotate can use.
    write(
        &log.join("syslog.5.bz2"),
        compress(&syslog_lines(19, 5, "g5"), Compression::Bzip2),
    );
    write(
        &log.join("syslog.4.xz"),
        compress(&syslog_lines(20, 5, "g4"), Compression::Xz),
    );
    write(
        &log.join("syslog.3.zst"),
        compress(&syslog_lines(21, 5, "g3"), Compression::Zstd),
    );
    write(
        &log.join("syslog.2.gz"),
        compress(&syslog_lines(22, 5, "g2"), Compression::Gzip),
    );
    write(&log.join("syslog.1"), syslog_lines(23, 5, "g1"));
    write(&log.join("syslog"), syslog_lines(24, 5, "live"));
    // RHEL/Plesk dateext.
    write(
        &log.join("messages-20261122.gz"),
        compress(&syslog_lines(22, 3, "d22"), Compression::Gzip),
    );
    write(&log.join("messages-20261123"), syslog_lines(23, 3, "d23"));
    write(&log.join("messages"), syslog_lines(24, 3, "d24"));
    // Plesk per-domain logs: the processed part is older than the live one.
    let vhost = log.join("../../var/www/vhosts/system/example.com/logs");
    write(
        &vhost.join("access_ssl_log.processed.1.gz"),
        compress(&access_lines(21, 4), Compression::Gzip),
    );
    write(&vhost.join("access_ssl_log.processed"), access_lines(22, 4));
    write(&vhost.join("access_ssl_log"), access_lines(23, 4));
    // Binary databases, a binary file with a log's name, an empty file.
    write(&log.join("wtmp"), [7u8, 0, 0, 0, 0x2c, 0x10, 0, 0]);
    write(&log.join("lastlog"), [0u8; 64]);
    write(&log.join("journal/abc/system.journal"), b"LPKSHHRH\0\0\0\0");
    write(&log.join("app.log"), b"\0\0\x01\x02binary\0\xff\xfe");
    write(&log.join("empty.log"), b"");
    // A symlink to a log already in the tree, and a symlink loop.
    std::os::unix::fs::symlink(log.join("syslog.1"), log.join("syslog-link")).unwrap();
    std::os::unix::fs::symlink("..", log.join("journal/loop")).unwrap();
    // A socket and a FIFO: opening a FIFO for reading would block for ever.
    let _socket = std::os::unix::net::UnixListener::bind(log.join("syslog.sock")).unwrap();
    let fifo = log.join("fifo.log");
    let made_fifo = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());

    let www = dir.path().join("var/www");
    let result = scan(
        &ScanOptions::new(vec![log.clone(), www.clone()], Zone::UTC),
        &|_| {},
    );

    // Each log file once, its rotations oldest first.
    let read: Vec<PathBuf> = result.files.iter().map(|f| f.path.clone()).collect();
    let mut unique = read.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), read.len(), "read twice: {read:?}");
    let position = |name: &str| {
        read.iter()
            .position(|p| p.file_name().is_some_and(|n| n == name))
            .unwrap_or_else(|| panic!("{name} not read: {read:?}"))
    };
    let order = [
        "syslog.5.bz2",
        "syslog.4.xz",
        "syslog.3.zst",
        "syslog.2.gz",
        "syslog.1",
        "syslog",
    ];
    let at: Vec<usize> = order.iter().map(|n| position(n)).collect();
    assert!(at.windows(2).all(|w| w[1] == w[0] + 1), "{read:?}");
    let at: Vec<usize> = ["messages-20261122.gz", "messages-20261123", "messages"]
        .iter()
        .map(|n| position(n))
        .collect();
    assert!(at.windows(2).all(|w| w[1] == w[0] + 1), "{read:?}");
    let at: Vec<usize> = [
        "access_ssl_log.processed.1.gz",
        "access_ssl_log.processed",
        "access_ssl_log",
    ]
    .iter()
    .map(|n| position(n))
    .collect();
    assert!(at.windows(2).all(|w| w[1] == w[0] + 1), "{read:?}");

    // Every line of every log parsed, with its format and compression.
    for f in &result.files {
        let name = f.path.file_name().unwrap().to_string_lossy().to_string();
        match name.as_str() {
            "app.log" => {
                assert_eq!(f.parsed, 0);
                assert!(f.error.as_deref().unwrap_or("").contains("binary"), "{f:?}");
            }
            "empty.log" => assert_eq!(f.lines, 0),
            _ => {
                assert_eq!(f.unparsed, 0, "{f:?}");
                assert!(f.parsed >= 3 && f.parsed == f.lines, "{f:?}");
                assert!(f.error.is_none(), "{f:?}");
                let format = if name.starts_with("access") {
                    Format::NginxAccess
                } else {
                    Format::Syslog
                };
                assert_eq!(f.format, Some(format), "{name}");
            }
        }
    }
    let compression = |name: &str| result.files[position(name)].compression;
    assert_eq!(compression("syslog.5.bz2"), Some(Compression::Bzip2));
    assert_eq!(compression("syslog.4.xz"), Some(Compression::Xz));
    assert_eq!(compression("syslog.3.zst"), Some(Compression::Zstd));
    assert_eq!(compression("syslog.2.gz"), Some(Compression::Gzip));
    assert_eq!(compression("syslog.1"), Some(Compression::None));
    // Read as one stream in time order: each file's lines after the previous file's.
    let syslog: Vec<_> = order.iter().map(|n| &result.files[position(n)]).collect();
    assert!(syslog.windows(2).all(|w| w[0].last < w[1].first));

    // Everything else passed over, each with its reason.
    let reason = |name: &str| {
        result
            .skipped
            .iter()
            .find(|s| s.path.file_name().is_some_and(|n| n == name))
            .map(|s| s.reason.clone())
            .unwrap_or_else(|| panic!("{name} not in skipped: {:?}", result.skipped))
    };
    assert_eq!(reason("wtmp"), "binary database, not a text log");
    assert_eq!(reason("lastlog"), "binary database, not a text log");
    assert_eq!(reason("system.journal"), "binary database, not a text log");
    assert_eq!(reason("syslog.sock"), "not a regular file");
    if made_fifo {
        assert_eq!(reason("fifo.log"), "not a regular file");
    }
    assert_eq!(reason("loop"), "symlink loop");
    // The symlinked syslog.1 was read once, under its own name, in its set.
    assert!(!read.iter().any(|p| p.ends_with("syslog-link")), "{read:?}");
}
