//! MariaDB's life as its error log and systemd tell it: starts (with or without InnoDB crash
//! recovery, or failing), orderly shutdowns and crash reports, for MariaDB 10.11 on Debian 12
//! under systemd (`Restart=on-abort`, `RestartSec=5s`).
//!
//! A crash report is what the server's fatal-signal handler writes to stderr (the error
//! log): a first line with the short `YYMMDD hh:mm:ss` stamp, then many lines without any
//! stamp (the advice, the variables, the backtrace, the query, the resource limits).

use std::fmt;

use rand::Rng;

use crate::gen::mariadb::line as db_line;
use crate::names::Hex;
use crate::sink::{LogFile, Sink};
use crate::time::{Style, Time, SECOND};
use crate::world::World;

/// The unit as systemd names it in `Starting`/`Stopped` lines.
pub const UNIT: &str = "mariadb.service - MariaDB 10.11.6 database server";
/// The server's version string.
pub const VERSION: &str = "10.11.6-MariaDB-0+deb12u1";
/// The server binary, as the error log names it.
pub const BINARY: &str = "/usr/sbin/mariadbd";

/// systemd (pid 1) in `syslog`.
pub(crate) fn systemd(out: &mut Sink<'_>, t: Time, msg: fmt::Arguments<'_>) {
    out.syslog(LogFile::Syslog, t, "systemd", Some(1), msg);
}

/// `Consumed 1h 12min 3.441s CPU time`, for a server that ran since `started`.
pub(crate) fn consumed(rng: &mut impl Rng, started: Time, until: Time) -> String {
    // About a tenth of a core on average.
    let secs = (until.since(started).max(0) / SECOND / 10).max(1);
    let millis = rng.gen_range(0..1000);
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    if d > 0 {
        format!("Consumed {d}d {h}h {m}min {s}.{millis:03}s CPU time.")
    } else if h > 0 {
        format!("Consumed {h}h {m}min {s}.{millis:03}s CPU time.")
    } else if m > 0 {
        format!("Consumed {m}min {s}.{millis:03}s CPU time.")
    } else {
        format!("Consumed {s}.{millis:03}s CPU time.")
    }
}

/// The start of MariaDB requested at `requested` and ready for connections at `ready`:
/// systemd's `Starting`/`Started`, the server's startup (with InnoDB's crash recovery when
/// `recovery`), and Debian's `debian-start` checks.
pub(crate) fn start(
    world: &World,
    out: &mut Sink<'_>,
    rng: &mut impl Rng,
    requested: Time,
    ready: Time,
    recovery: bool,
) {
    out.syslog(
        LogFile::Syslog,
        requested.add(18_000),
        "systemd",
        Some(1),
        format_args!("Starting {UNIT}..."),
    );
    let pid = world.db_pid(ready, requested, rng);
    let revision = world.db_revision(Hex::<40>::new(rng));
    let checkpoint: u64 = 8_931_000_000 + rng.gen_range(0..900_000);
    let end_lsn = checkpoint + rng.gen_range(300_000..900_000);
    let pages = rng.gen_range(900..2_400);
    let trx: u64 = 51_338_000 + rng.gen_range(0..900);
    let span = ready.since(requested);
    let at = |permille: i64| requested.add(span * permille / 1000);
    let head: [(i64, String); 8] = [
        (
            160,
            format!("Starting MariaDB {VERSION} source revision {revision} as process {pid}"),
        ),
        (163, "InnoDB: Compressed tables use zlib 1.2.13".into()),
        (163, "InnoDB: Number of transaction pools: 1".into()),
        (164, "InnoDB: Using crc32 + pclmulqdq instructions".into()),
        (165, "InnoDB: Using liburing".into()),
        (
            166,
            "InnoDB: Initializing buffer pool, total size = 1.000GiB, chunk size = 16.000MiB"
                .into(),
        ),
        (
            178,
            "InnoDB: Completed initialization of buffer pool".into(),
        ),
        (
            181,
            "InnoDB: File system buffers for log disabled (block size=512 bytes)".into(),
        ),
    ];
    let middle: Vec<(i64, String)> = if recovery {
        vec![
            (
                197,
                format!("InnoDB: Starting crash recovery from checkpoint LSN={checkpoint}"),
            ),
            (
                612,
                format!("InnoDB: Starting final batch to recover {pages} pages from redo log."),
            ),
            (878, "InnoDB: 128 rollback segments are active.".into()),
            (
                884,
                "InnoDB: Removed temporary tablespace data file: \"./ibtmp1\"".into(),
            ),
        ]
    } else {
        vec![
            (197, format!("InnoDB: End of log at LSN={end_lsn}")),
            (878, "InnoDB: 128 rollback segments are active.".into()),
        ]
    };
    let mut tail: Vec<(i64, String)> = vec![
        (884, "InnoDB: Setting file './ibtmp1' size to 12.000MiB. Physically writing the file full; Please wait ...".into()),
        (890, "InnoDB: File './ibtmp1' size is now 12.000MiB.".into()),
        (903, format!("InnoDB: log sequence number {end_lsn}; transaction id {trx}")),
        (904, "InnoDB: Loading buffer pool(s) from /var/lib/mysql/ib_buffer_pool".into()),
        (906, "Plugin 'FEEDBACK' is disabled.".into()),
    ];
    if recovery {
        tail.extend([
            (913, "Recovering after a crash using tc.log".into()),
            (916, "Starting table crash recovery...".into()),
            (917, "Crash table recovery finished.".into()),
        ]);
    }
    tail.push((991, "Server socket created on IP: '127.0.0.1'.".into()));
    let mut prev = requested;
    for (permille, msg) in head.iter().chain(&middle).chain(&tail) {
        let t = at(*permille).add(rng.gen_range(0..900)).max(prev.add(37));
        db_line(world, out, t, 0, "Note", format_args!("{msg}"));
        prev = t;
    }
    db_line(
        world,
        out,
        ready,
        0,
        "Note",
        format_args!("{BINARY}: ready for connections."),
    );
    out.line(
        LogFile::Mariadb,
        ready,
        format_args!(
            "Version: '{VERSION}'  socket: '/run/mysqld/mysqld.sock'  port: 3306  Debian 12"
        ),
    );
    let loaded = ready.add(rng.gen_range(300_000..700_000));
    let short = world.clock.stamp(loaded, Style::MariadbShort);
    db_line(
        world,
        out,
        loaded,
        0,
        "Note",
        format_args!("InnoDB: Buffer pool(s) load completed at {short}"),
    );
    out.syslog(
        LogFile::Syslog,
        ready.add(31_000),
        "systemd",
        Some(1),
        format_args!("Started {UNIT}."),
    );
    let mut t = ready.add(70_000);
    for msg in [
        "Upgrading MariaDB tables if necessary.",
        "Checking for insecure root accounts.",
        "Triggering myisam-recover for all MyISAM tables and aria-recover for all Aria tables",
    ] {
        let pid = world.pid(t, rng);
        out.syslog(
            LogFile::Syslog,
            t,
            "/etc/mysql/debian-start",
            Some(pid),
            format_args!("{msg}"),
        );
        t = t.add(rng.gen_range(5_000..60_000));
    }
}

/// A start requested at `requested` that fails because InnoDB cannot create its temporary
/// tablespace on a full disk (after crash recovery); systemd gives up (`exit-code` is not
/// covered by `Restart=on-abort`). Returns the time of systemd's `Failed to start`.
pub(crate) fn failed_start(
    world: &World,
    out: &mut Sink<'_>,
    rng: &mut impl Rng,
    requested: Time,
) -> Time {
    systemd(
        out,
        requested.add(18_000),
        format_args!("Starting {UNIT}..."),
    );
    let pid = world.pid(requested, rng);
    let revision = world.db_revision(Hex::<40>::new(rng));
    let checkpoint: u64 = 8_931_000_000 + rng.gen_range(0..900_000);
    let pages = rng.gen_range(40..400);
    let notes: [(i64, &str, String); 20] = [
        (160, "Note", format!("Starting MariaDB {VERSION} source revision {revision} as process {pid}")),
        (163, "Note", "InnoDB: Compressed tables use zlib 1.2.13".into()),
        (163, "Note", "InnoDB: Number of transaction pools: 1".into()),
        (164, "Note", "InnoDB: Using crc32 + pclmulqdq instructions".into()),
        (165, "Note", "InnoDB: Using liburing".into()),
        (166, "Note", "InnoDB: Initializing buffer pool, total size = 1.000GiB, chunk size = 16.000MiB".into()),
        (178, "Note", "InnoDB: Completed initialization of buffer pool".into()),
        (181, "Note", "InnoDB: File system buffers for log disabled (block size=512 bytes)".into()),
        (197, "Note", format!("InnoDB: Starting crash recovery from checkpoint LSN={checkpoint}")),
        (400, "Note", format!("InnoDB: Starting final batch to recover {pages} pages from redo log.")),
        (700, "Note", "InnoDB: 128 rollback segments are active.".into()),
        (704, "Note", "InnoDB: Removed temporary tablespace data file: \"./ibtmp1\"".into()),
        (704, "Note", "InnoDB: Setting file './ibtmp1' size to 12.000MiB. Physically writing the file full; Please wait ...".into()),
        (705, "ERROR", "InnoDB: preallocating 12582912 bytes for file ./ibtmp1 failed with error 28".into()),
        (705, "ERROR", "InnoDB: Could not set the file size of './ibtmp1'. Probably out of disk space".into()),
        (705, "ERROR", "InnoDB: Unable to create the shared innodb_temporary".into()),
        (705, "ERROR", "InnoDB: Plugin initialization aborted with error Generic error".into()),
        (706, "Note", "InnoDB: Starting shutdown...".into()),
        (880, "ERROR", "Plugin 'InnoDB' registration as a STORAGE ENGINE failed.".into()),
        (881, "Note", "Plugin 'FEEDBACK' is disabled.".into()),
    ];
    // The whole attempt takes a little over a second.
    let span = 1_300 * 1_000 + rng.gen_range(0..400_000);
    let mut prev = requested;
    for (permille, level, msg) in &notes {
        let t = requested
            .add(span * permille / 1000 + rng.gen_range(0..900))
            .max(prev.add(37));
        db_line(world, out, t, 0, level, format_args!("{msg}"));
        prev = t;
    }
    for msg in ["Unknown/unsupported storage engine: InnoDB", "Aborting"] {
        prev = prev.add(rng.gen_range(100..2_000));
        db_line(world, out, prev, 0, "ERROR", format_args!("{msg}"));
    }
    let mut t = prev.add(rng.gen_range(20_000..60_000));
    for msg in [
        "mariadb.service: Main process exited, code=exited, status=1/FAILURE".to_owned(),
        "mariadb.service: Failed with result 'exit-code'.".to_owned(),
        format!("Failed to start {UNIT}."),
    ] {
        systemd(out, t, format_args!("{msg}"));
        t = t.add(rng.gen_range(200..3_000));
    }
    let took = consumed(rng, requested, t);
    systemd(out, t, format_args!("mariadb.service: {took}"));
    t
}

/// An orderly shutdown that begins at `t` (MariaDB's `Normal shutdown`, initiated by
/// `initiator`: `unknown` for a signal from systemd, `root[root] @ localhost []` for
/// `mariadb-admin shutdown`). Returns the time of `Shutdown complete`.
pub(crate) fn shutdown(
    world: &World,
    out: &mut Sink<'_>,
    rng: &mut impl Rng,
    t: Time,
    initiator: &str,
) -> Time {
    let lsn: u64 = 8_932_000_000 + rng.gen_range(0..9_000_000);
    let trx: u64 = 51_339_000 + rng.gen_range(0..90_000);
    let mut at = t;
    let mut step = |rng: &mut dyn rand::RngCore, lo: i64, hi: i64| {
        at = at.add(rng.gen_range(lo..hi));
        at
    };
    db_line(
        world,
        out,
        t,
        0,
        "Note",
        format_args!("{BINARY} (initiated by: {initiator}): Normal shutdown"),
    );
    let lines = [
        (
            1_000,
            4_000,
            "InnoDB: FTS optimize thread exiting.".to_owned(),
        ),
        (5_000, 40_000, "InnoDB: Starting shutdown...".to_owned()),
        (
            300,
            2_000,
            "InnoDB: Dumping buffer pool(s) to /var/lib/mysql/ib_buffer_pool".to_owned(),
        ),
        (
            300,
            2_000,
            "InnoDB: Restricted to 16384 pages due to innodb_buf_pool_dump_pct=25".to_owned(),
        ),
    ];
    for (lo, hi, msg) in &lines {
        let when = step(rng, *lo, *hi);
        db_line(world, out, when, 0, "Note", format_args!("{msg}"));
    }
    let dumped = step(rng, 40_000, 300_000);
    let short = world.clock.stamp(dumped, Style::MariadbShort);
    db_line(
        world,
        out,
        dumped,
        0,
        "Note",
        format_args!("InnoDB: Buffer pool(s) dump completed at {short}"),
    );
    let removed = step(rng, 200_000, 900_000);
    db_line(
        world,
        out,
        removed,
        0,
        "Note",
        format_args!("InnoDB: Removed temporary tablespace data file: \"./ibtmp1\""),
    );
    let done = step(rng, 2_000, 30_000);
    db_line(
        world,
        out,
        done,
        0,
        "Note",
        format_args!("InnoDB: Shutdown completed; log sequence number {lsn}; transaction id {trx}"),
    );
    let complete = step(rng, 20_000, 200_000);
    db_line(
        world,
        out,
        complete,
        0,
        "Note",
        format_args!("{BINARY}: Shutdown complete"),
    );
    complete
}

/// systemd stopping the unit on request at `requested` (`systemctl stop` or the stop half
/// of `restart`): `Stopping`, then once the server is gone at `gone`, `Deactivated
/// successfully`, `Stopped` and the CPU time since `started`.
pub(crate) fn unit_stop(
    out: &mut Sink<'_>,
    rng: &mut impl Rng,
    requested: Time,
    gone: Time,
    started: Time,
) {
    systemd(out, requested, format_args!("Stopping {UNIT}..."));
    let mut t = gone.add(rng.gen_range(2_000..30_000));
    systemd(
        out,
        t,
        format_args!("mariadb.service: Deactivated successfully."),
    );
    t = t.add(rng.gen_range(100..900));
    systemd(out, t, format_args!("Stopped {UNIT}."));
    let took = consumed(rng, started, gone);
    systemd(out, t.add(200), format_args!("mariadb.service: {took}"));
}

/// What the server was doing when it died.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Crashed<'a> {
    /// In a client's query (a bug): the connection id and the query.
    Query(u64, &'a str),
    /// In a background thread (InnoDB's watchdog): no client context.
    Background,
}

/// The frames of a crash in a query (the optimizer) and of InnoDB's watchdog abort.
const QUERY_FRAMES: [&str; 14] = [
    "_ZN4JOIN14optimize_innerEv",
    "_ZN4JOIN8optimizeEv",
    "_Z12mysql_selectP3THDP10TABLE_LISTR4ListI4ItemEPS4_jP8st_orderS9_S7_S9_yP13select_resultP18st_select_lex_unitP13st_select_lex",
    "_Z13handle_selectP3THDP3LEXP13select_resultm",
    "",
    "_Z21mysql_execute_commandP3THDb",
    "_Z11mysql_parseP3THDPcjP12Parser_state",
    "",
    "_Z16dispatch_command19enum_server_commandP3THDPcjb",
    "_Z10do_commandP3THDb",
    "_Z24do_handle_one_connectionP7CONNECTb",
    "handle_one_connection",
    "",
    "",
];
const WATCHDOG_FRAMES: [&str; 6] = [
    "abort",
    "_ZN2ib5fatalD1Ev",
    "",
    "_Z15srv_monitor_taskPv",
    "_ZN5tpool19thread_pool_generic13timer_generic7executeEPv",
    "_ZN5tpool4task7executeEv",
];

/// The crash report of a fatal `signal` at `t`, as the server's handler writes it.
pub(crate) fn crash_report(
    world: &World,
    out: &mut Sink<'_>,
    rng: &mut impl Rng,
    t: Time,
    signal: u8,
    crashed: Crashed<'_>,
) {
    let mut lines: Vec<String> = Vec::with_capacity(80);
    let short = world.clock.stamp(t, Style::MariadbShort);
    lines.push(format!("{short} [ERROR] mysqld got signal {signal} ;"));
    for l in [
        "This could be because you hit a bug. It is also possible that this binary",
        "or one of the libraries it was linked against is corrupt, improperly built,",
        "or misconfigured. This error can also be caused by malfunctioning hardware.",
        "",
        "To report this bug, see https://mariadb.com/kb/en/reporting-bugs",
        "",
        "We will try our best to scrape up some info that will hopefully help",
        "diagnose the problem, but since we have already crashed, ",
        "something is definitely wrong and this may fail.",
        "",
    ] {
        lines.push(l.to_owned());
    }
    let revision = world.db_revision(Hex::<40>::new(rng));
    lines.push(format!(
        "Server version: {VERSION} source revision: {revision}"
    ));
    lines.push("key_buffer_size=134217728".into());
    lines.push("read_buffer_size=131072".into());
    lines.push(format!("max_used_connections={}", rng.gen_range(14..40)));
    lines.push("max_threads=153".into());
    lines.push(format!("thread_count={}", rng.gen_range(6..20)));
    lines.push("It is possible that mysqld could use up to ".into());
    lines.push(
        "key_buffer_size + (read_buffer_size + sort_buffer_size)*max_threads = 468040 K  bytes of memory"
            .into(),
    );
    lines.push("Hope that's ok; if not, decrease some variables in the equation.".into());
    lines.push(String::new());
    let base: u64 = 0x55c6_f200_0000 + (rng.gen_range(0..0x40u64) << 24);
    let libc: u64 = 0x7f3a_9f00_0000 + (rng.gen_range(0..0x40u64) << 24);
    let thd: u64 = 0x7f3a_5c00_0c68 + (rng.gen_range(0..0x40u64) << 24);
    let stack: u64 = 0x7f3a_7c1f_9c38 + (rng.gen_range(0..0x40u64) << 24);
    match crashed {
        Crashed::Query(..) => lines.push(format!("Thread pointer: 0x{thd:x}")),
        Crashed::Background => lines.push("Thread pointer: 0x0".into()),
    }
    lines.push("Attempting backtrace. You can use the following information to find out".into());
    lines.push("where mysqld died. If you see no messages after this, something went".into());
    lines.push("terribly wrong...".into());
    lines.push(format!("stack_bottom = 0x{stack:x} thread_stack 0x49000"));
    let frame = |rng: &mut dyn rand::RngCore, lines: &mut Vec<String>, name: &str| {
        let off: u64 = rng.gen_range(0x10..0x2000);
        let addr = base + rng.gen_range(0x40_0000..0xd0_0000u64);
        if name.is_empty() {
            lines.push(format!("{BINARY}(+0x{:x})[0x{addr:x}]", addr - base));
        } else {
            lines.push(format!("{BINARY}({name}+0x{off:x})[0x{addr:x}]"));
        }
    };
    frame(rng, &mut lines, "my_print_stacktrace");
    frame(rng, &mut lines, "handle_fatal_signal");
    lines.push(format!(
        "/lib/x86_64-linux-gnu/libc.so.6(+0x3c050)[0x{:x}]",
        libc + 0x3c050
    ));
    match crashed {
        Crashed::Query(..) => {
            for name in QUERY_FRAMES {
                frame(rng, &mut lines, name);
            }
        }
        Crashed::Background => {
            lines.push(format!(
                "/lib/x86_64-linux-gnu/libc.so.6(+0x8ae8c)[0x{:x}]",
                libc + 0x8ae8c
            ));
            lines.push(format!(
                "/lib/x86_64-linux-gnu/libc.so.6(gsignal+0x12)[0x{:x}]",
                libc + 0x3bfb2
            ));
            for name in WATCHDOG_FRAMES {
                if name == "abort" {
                    lines.push(format!(
                        "/lib/x86_64-linux-gnu/libc.so.6(abort+0xd3)[0x{:x}]",
                        libc + 0x26472
                    ));
                } else {
                    frame(rng, &mut lines, name);
                }
            }
        }
    }
    lines.push(format!(
        "/lib/x86_64-linux-gnu/libc.so.6(+0x89134)[0x{:x}]",
        libc + 0x89134
    ));
    lines.push(format!(
        "/lib/x86_64-linux-gnu/libc.so.6(+0x1097dc)[0x{:x}]",
        libc + 0x1097dc
    ));
    if let Crashed::Query(id, query) = crashed {
        lines.push(String::new());
        lines.push("Trying to get some variables.".into());
        lines.push("Some pointers may be invalid and cause the dump to abort.".into());
        lines.push(format!("Query (0x{:x}): {query}", thd + 0x12_2c8));
        lines.push(format!("Connection ID (thread ID): {id}"));
        lines.push("Status: NOT_KILLED".into());
        lines.push(String::new());
        lines.push("Optimizer switch: index_merge=on,index_merge_union=on,index_merge_sort_union=on,index_merge_intersection=on,index_merge_sort_intersection=off,engine_condition_pushdown=off,index_condition_pushdown=on,derived_merge=on,derived_with_keys=on,firstmatch=on,loosescan=on,materialization=on,in_to_exists=on,semijoin=on,partial_match_rowid_merge=on,partial_match_table_scan=on,subquery_cache=on,mrr=off,mrr_cost_based=off,mrr_sort_keys=off,outer_join_with_cache=on,semijoin_with_cache=on,join_cache_incremental=on,join_cache_hashed=on,join_cache_bka=on,optimize_join_buffer_size=on,table_elimination=on,extended_keys=on,exists_to_in=on,orderby_uses_equalities=on,condition_pushdown_for_derived=on,split_materialized=on,condition_pushdown_for_subquery=on,rowid_filter=on,condition_pushdown_from_having=on,not_null_range_scan=off,hash_join_cardinality=off,cset_narrowing=off".into());
        lines.push(String::new());
    }
    lines.push("The manual page at https://mariadb.com/kb/en/how-to-produce-a-full-stack-trace-for-mariadbd/ contains".into());
    lines.push("information that should help you find out what is causing the crash.".into());
    lines.push("Writing a core file...".into());
    lines.push("Working directory at /var/lib/mysql".into());
    lines.push("Resource Limits:".into());
    for (name, soft, hard, unit) in [
        ("Limit", "Soft Limit", "Hard Limit", "Units"),
        ("Max cpu time", "unlimited", "unlimited", "seconds"),
        ("Max file size", "unlimited", "unlimited", "bytes"),
        ("Max data size", "unlimited", "unlimited", "bytes"),
        ("Max stack size", "8388608", "unlimited", "bytes"),
        ("Max core file size", "0", "unlimited", "bytes"),
        ("Max resident set", "unlimited", "unlimited", "bytes"),
        ("Max processes", "15431", "15431", "processes"),
        ("Max open files", "32768", "32768", "files"),
        ("Max locked memory", "524288", "524288", "bytes"),
        ("Max address space", "unlimited", "unlimited", "bytes"),
        ("Max file locks", "unlimited", "unlimited", "locks"),
        ("Max pending signals", "15431", "15431", "signals"),
        ("Max msgqueue size", "819200", "819200", "bytes"),
        ("Max nice priority", "0", "0", ""),
        ("Max realtime priority", "0", "0", ""),
        ("Max realtime timeout", "unlimited", "unlimited", "us"),
    ] {
        lines.push(format!("{name:<26}{soft:<21}{hard:<21}{unit:<10}"));
    }
    lines.push("Core pattern: core".into());
    lines.push(String::new());
    lines.push("Kernel version: Linux version 6.1.0-27-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01)".into());
    lines.push(String::new());
    // One write burst; the lines share the crash's instant and keep their order.
    for l in &lines {
        out.line(LogFile::Mariadb, t, format_args!("{l}"));
    }
}

/// systemd noticing that the server died of `signal` (`status=11/SEGV`) at `exited` and, as
/// `Restart=on-abort` covers it, scheduling the restart that begins at `again` (five
/// seconds later; [`start`] writes the `Starting` line).
pub(crate) fn unit_crashed(
    out: &mut Sink<'_>,
    rng: &mut impl Rng,
    exited: Time,
    signal: u8,
    started: Time,
    restarts: u32,
    again: Time,
) {
    let name = match signal {
        6 => "ABRT",
        7 => "BUS",
        11 => "SEGV",
        _ => "KILL",
    };
    let mut t = exited;
    for msg in [
        format!("mariadb.service: Main process exited, code=killed, status={signal}/{name}"),
        "mariadb.service: Failed with result 'signal'.".to_owned(),
        format!("mariadb.service: {}", consumed(rng, started, exited)),
    ] {
        systemd(out, t, format_args!("{msg}"));
        t = t.add(rng.gen_range(200..3_000));
    }
    systemd(
        out,
        again.add(-1_900),
        format_args!("mariadb.service: Scheduled restart job, restart counter is at {restarts}."),
    );
    systemd(out, again.add(-700), format_args!("Stopped {UNIT}."));
}

/// How long after a crash's first line the process is gone (the report takes a moment).
pub(crate) const REPORT_TIME: i64 = 412_337;
/// `RestartSec=5s`, plus systemd's own delay.
pub(crate) const RESTART_SEC: i64 = 5 * SECOND + 2_100;
