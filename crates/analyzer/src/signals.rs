//! Streaming aggregation: events in, per-minute series and the rare notable moments out.
//!
//! A [`Collector`] never keeps every event. Each event bumps counters in its minute's
//! [`Minute`] (requests, 5xx, mails queued, auth failures, ...), which remembers where the first
//! line of each signal in that minute is ([`LineRef`], no text). Rare events that decide a
//! diagnosis (an OOM kill, a database start or crash, a ban, a full disk) are kept whole as
//! [`Notable`]s with their line. Memory grows with the time span of the logs, not their size.

use std::collections::HashMap;

use foldhash::fast::RandomState;
use logparse::{Event, EventKind, Fields, Source, Timestamp};

/// Where a line is: the index of its file in the scan and its 1-based line number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LineRef {
    /// Index into the scan's file list.
    pub file: u32,
    /// 1-based line number within the decompressed file.
    pub line: u64,
}

/// The per-minute series the detectors read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(usize)]
pub enum Signal {
    /// HTTP requests.
    HttpRequests,
    /// Responses 400–499.
    Http4xx,
    /// Responses 500–599.
    Http5xx,
    /// Responses 502, 503, 504: the backend is gone.
    HttpBadGateway,
    /// Requests to login and admin paths (wp-login.php, xmlrpc.php, Plesk's login).
    HttpLogin,
    /// Upstream failures in the nginx error log.
    UpstreamErrors,
    /// New messages (cleanup `message-id=`), local or received.
    MailQueued,
    /// Recipients of messages entering the active queue (sum of qmgr `nrcpt`; a deferred
    /// message counts again at each retry).
    MailRecipients,
    /// Messages submitted locally (pickup: PHP `mail()`, cron, ...).
    MailLocal,
    /// Deliveries with status sent.
    MailSent,
    /// Deliveries deferred.
    MailDeferred,
    /// Deliveries bounced.
    MailBounced,
    /// Rejected SMTP transactions.
    MailRejected,
    /// SASL authentication failures (Postfix).
    SaslFailures,
    /// Other authentication failures (dovecot, sshd, ...).
    AuthFailures,
    /// Fail2Ban `Found` lines.
    F2bFound,
    /// Fail2Ban bans.
    F2bBans,
    /// Database aborted connections.
    DbAborted,
    /// Database lines of level ERROR (or worse).
    DbErrors,
}

impl Signal {
    /// Number of signals.
    pub const COUNT: usize = 19;

    /// Every signal.
    pub const ALL: [Signal; Signal::COUNT] = [
        Signal::HttpRequests,
        Signal::Http4xx,
        Signal::Http5xx,
        Signal::HttpBadGateway,
        Signal::HttpLogin,
        Signal::UpstreamErrors,
        Signal::MailQueued,
        Signal::MailRecipients,
        Signal::MailLocal,
        Signal::MailSent,
        Signal::MailDeferred,
        Signal::MailBounced,
        Signal::MailRejected,
        Signal::SaslFailures,
        Signal::AuthFailures,
        Signal::F2bFound,
        Signal::F2bBans,
        Signal::DbAborted,
        Signal::DbErrors,
    ];

    /// A short name for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Signal::HttpRequests => "http_requests",
            Signal::Http4xx => "http_4xx",
            Signal::Http5xx => "http_5xx",
            Signal::HttpBadGateway => "http_502_504",
            Signal::HttpLogin => "http_login",
            Signal::UpstreamErrors => "upstream_errors",
            Signal::MailQueued => "mail_queued",
            Signal::MailRecipients => "mail_recipients",
            Signal::MailLocal => "mail_local",
            Signal::MailSent => "mail_sent",
            Signal::MailDeferred => "mail_deferred",
            Signal::MailBounced => "mail_bounced",
            Signal::MailRejected => "mail_rejected",
            Signal::SaslFailures => "sasl_failures",
            Signal::AuthFailures => "auth_failures",
            Signal::F2bFound => "f2b_found",
            Signal::F2bBans => "f2b_bans",
            Signal::DbAborted => "db_aborted",
            Signal::DbErrors => "db_errors",
        }
    }
}

/// A few heaviest keys with counts (space-saving: a newcomer replaces the lightest entry when
/// full and inherits its count, so heavy keys are never lost and memory stays fixed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Top<K> {
    entries: Vec<(K, u32)>,
}

impl<K: PartialEq> Top<K> {
    const CAP: usize = 4;

    /// Counts `n` occurrences of the key that `is_key` recognises; `make` builds the key
    /// only when it is new and there is room, `replace` writes it over the lightest key
    /// when there is none.
    fn add_by(
        &mut self,
        n: u32,
        is_key: impl Fn(&K) -> bool,
        make: impl FnOnce() -> K,
        replace: impl FnOnce(&mut K),
    ) {
        if let Some(e) = self.entries.iter_mut().find(|(k, _)| is_key(k)) {
            e.1 += n;
            return;
        }
        if self.entries.len() < Self::CAP {
            self.entries.push((make(), n));
        } else if let Some(min) = self.entries.iter_mut().min_by_key(|(_, c)| *c) {
            replace(&mut min.0);
            min.1 += n;
        }
    }

    /// The entries, heaviest first.
    pub fn sorted(&self) -> Vec<(&K, u32)> {
        let mut v: Vec<_> = self.entries.iter().map(|(k, c)| (k, *c)).collect();
        v.sort_by_key(|e| std::cmp::Reverse(e.1));
        v
    }

    fn merge(&mut self, other: Top<K>) {
        for (k, n) in other.entries {
            if let Some(e) = self.entries.iter_mut().find(|(key, _)| *key == k) {
                e.1 += n;
            } else if self.entries.len() < Self::CAP {
                self.entries.push((k, n));
            } else if let Some(min) = self.entries.iter_mut().min_by_key(|(_, c)| *c) {
                *min = (k, min.1 + n);
            }
        }
    }
}

impl Top<String> {
    /// Counts `n` occurrences of `key`, written over the lightest key's buffer when there is
    /// no room (a busy web minute has more clients than room: a fresh allocation and a free
    /// for each of their lines otherwise).
    fn add_str(&mut self, n: u32, key: &str) {
        self.add_by(
            n,
            |k| k == key,
            || key.to_string(),
            |k| {
                k.clear();
                k.push_str(key);
            },
        );
    }
}

/// One minute of every signal.
#[derive(Debug, Clone, Default)]
pub struct Minute {
    /// Count per [`Signal`].
    pub counts: [u32; Signal::COUNT],
    /// The first line of each signal in this minute ([`Minute::first`]), as its line number
    /// (0 for none: lines count from 1), all in `file` unless `files` says otherwise. A
    /// minute is filled from one file, and only a merge with the same minute of another
    /// file can give its signals different files: one file for all keeps a minute at 312
    /// bytes (376 with a file per signal, 608 with `[Option<LineRef>; 19]`), and a week of a
    /// busy mail log is ten thousand minutes, each a fresh allocation.
    first_lines: [u64; Signal::COUNT],
    file: u32,
    /// The file of each signal's first line, once they differ.
    files: Option<Box<[u32; Signal::COUNT]>>,
    /// Local submitters (pickup uid).
    pub uids: Top<u32>,
    /// Senders of queued mail.
    pub senders: Top<String>,
    /// Heaviest web clients.
    pub clients: Top<String>,
}

impl Minute {
    fn bump(&mut self, signal: Signal, n: u32, at: LineRef) {
        let i = signal as usize;
        self.counts[i] = self.counts[i].saturating_add(n);
        if self.first_lines[i] == 0 {
            self.set_first(i, at);
        }
    }

    #[inline]
    fn set_first(&mut self, i: usize, at: LineRef) {
        self.first_lines[i] = at.line;
        if at.file != self.file || self.files.is_some() {
            self.set_first_file(i, at.file);
        }
    }

    /// Notes that signal `i`'s first line is in `file`, other than the minute's (rare: the
    /// minute's first line in a file other than 0, or a merge).
    #[cold]
    fn set_first_file(&mut self, i: usize, file: u32) {
        if let Some(files) = &mut self.files {
            files[i] = file;
        } else if (self.first_lines.iter().enumerate()).all(|(j, &line)| j == i || line == 0) {
            // The minute's first line of any signal: its file is the minute's.
            self.file = file;
        } else {
            let mut files = Box::new([self.file; Signal::COUNT]);
            files[i] = file;
            self.files = Some(files);
        }
    }

    /// The first line of a signal in this minute (`None` when it has none).
    pub fn first(&self, signal: Signal) -> Option<LineRef> {
        self.first_at(signal as usize)
    }

    fn first_at(&self, i: usize) -> Option<LineRef> {
        (self.first_lines[i] != 0).then(|| LineRef {
            file: self.files.as_ref().map_or(self.file, |files| files[i]),
            line: self.first_lines[i],
        })
    }

    /// The count of one signal.
    pub fn get(&self, signal: Signal) -> u32 {
        self.counts[signal as usize]
    }

    fn merge(&mut self, other: Minute) {
        for i in 0..Signal::COUNT {
            self.counts[i] = self.counts[i].saturating_add(other.counts[i]);
            let first = match (self.first_at(i), other.first_at(i)) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if let Some(at) = first {
                self.set_first(i, at);
            }
        }
        self.uids.merge(other.uids);
        self.senders.merge(other.senders);
        self.clients.merge(other.clients);
    }
}

/// A rare event that may decide a diagnosis, kept whole with its line.
#[derive(Debug, Clone, PartialEq)]
pub struct Notable {
    /// When.
    pub ts: Timestamp,
    /// What.
    pub kind: EventKind,
    /// Where it was written.
    pub source: Source,
    /// Who: the killed process, the unit, the banned IP.
    pub subject: Option<String>,
    /// More: the jail of a ban, the result of a unit failure, the user of a shutdown.
    pub detail: Option<String>,
    /// A number: anon-rss in kB of an OOM kill.
    pub amount: Option<u64>,
    /// For a database start: the time of the log's last line before it (when the log fell
    /// silent).
    pub silent_since: Option<Timestamp>,
    /// The line.
    pub at: LineRef,
    /// The line's text.
    pub text: String,
}

/// What is known of one client IP.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientInfo {
    /// Successful (2xx/3xx) web requests.
    pub ok_requests: u32,
    /// Successful logins (dovecot, sshd, SMTP AUTH).
    pub logins: u32,
    /// Authentication failures and Fail2Ban finds.
    pub failures: u32,
    /// First successful request or login.
    pub first_ok: Option<i64>,
}

impl ClientInfo {
    /// Whether a ban at `ban_secs` hit a client that looked legitimate: it had logged in, or
    /// used the site normally, before the ban, and its failures are few or outweighed by its
    /// successes (a login counts as ten requests) — a person or a mail client with a stale
    /// password, not a scanner with hundreds of failures and a few pages fetched.
    pub fn looks_legitimate_before(&self, ban_secs: i64) -> bool {
        const FEW_FAILURES: u32 = 30;
        let good = u64::from(self.ok_requests) + 10 * u64::from(self.logins);
        self.first_ok.is_some_and(|t| t < ban_secs)
            && (self.logins > 0 || self.ok_requests >= 20)
            && (self.failures <= FEW_FAILURES || u64::from(self.failures) <= good)
    }
}

/// Limits that keep a collector's memory bounded.
///
/// Notables come in two pools, each keeping its latest [`MAX_NOTABLES_PER_POOL`] (a
/// post-mortem looks at the end of the logs): Fail2Ban's bans and unbans, which a long attack
/// writes by the hundred thousand, and everything else (database, kernel, units, full disks),
/// so that a flood of bans never pushes out the crash that matters. A collector holds at most
/// [`NOTABLES_HIGH_WATER`] before it drops the oldest beyond the caps.
const MAX_NOTABLES_PER_POOL: usize = 25_000;
const NOTABLES_HIGH_WATER: usize = 3 * MAX_NOTABLES_PER_POOL;
const MAX_CLIENTS: usize = 250_000;
const MAX_TRAIL: usize = 200;

/// The hash maps of a collector: keyed by minute or client address, hashed with foldhash
/// (several times faster than SipHash on short keys, and seeded per process).
pub type Map<K, V> = HashMap<K, V, RandomState>;

/// What is known of each client, by address. hashbrown's map rather than std's: its
/// `entry_ref` finds a known client (most lines) with one lookup of the borrowed address and
/// allocates the key only for a new one, where std's map took two lookups (a `contains_key`
/// before the `get_mut`). Read it as any map: `clients.get(ip)`. An address longer than 64
/// bytes (no address is; junk in a hostile log may be) is kept cut to its first 64.
pub type ClientMap = hashbrown::HashMap<String, ClientInfo, RandomState>;

/// Which minutes a [`Collector`] keeps: memory grows with the span of time kept, so a
/// collector never keeps more than this, however many years of archives it is fed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// The latest this many seconds of what was read (by the time of its lines). The
    /// default is [`DEFAULT_HORIZON_SECS`].
    Latest(i64),
    /// Only what lies between these two instants (seconds since the epoch).
    Between(i64, i64),
}

/// The default [`Span::Latest`]: 31 days.
pub const DEFAULT_HORIZON_SECS: i64 = 31 * 86_400;

impl Default for Span {
    fn default() -> Span {
        Span::Latest(DEFAULT_HORIZON_SECS)
    }
}

impl Span {
    /// How many minutes the span holds.
    fn minutes(self) -> i64 {
        match self {
            Span::Latest(secs) => secs / 60 + 1,
            Span::Between(a, b) => (b - a).max(0) / 60 + 2,
        }
    }
}

/// Streams events into series and notables. The scan keeps one per file or chunk and merges
/// them; an embedder can feed one with events from any source (a socket, a database, a test)
/// and diagnose it:
///
/// ```
/// use analyzer::{diagnose, Collector, DiagnoseOptions, LineRef, Scan};
/// use logparse::{Format, Parser, TimeResolver, Zone};
///
/// let lines = [
///     "2026-11-24T14:01:07.287408+09:00 web01 kernel: [1935498.700285] php-fpm8.2 invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0",
///     "2026-11-24T14:01:07.311408+09:00 web01 kernel: [1935498.724285] Out of memory: Killed process 1187 (mariadbd) total-vm:2817408kB, anon-rss:1402156kB, file-rss:0kB, shmem-rss:0kB, UID:106 pgtables:3412kB oom_score_adj:0",
/// ];
/// let mut collector = Collector::new(None);
/// let mut parser = Parser::new(Format::Syslog);
/// let mut resolver = TimeResolver::new(Zone::UTC);
/// for (i, line) in lines.iter().enumerate() {
///     let Some(event) = parser.parse(line) else { continue };
///     let Some(ts) = event.time.and_then(|t| resolver.resolve(&t)) else { continue };
///     collector.add(&event, ts, LineRef { file: 0, line: i as u64 + 1 }, line);
/// }
/// collector.finish();
/// let scan = Scan { files: Vec::new(), skipped: Vec::new(), collector };
/// let options = DiagnoseOptions { at: None, window_secs: 86_400, zone: Zone::UTC, client_ip: None };
/// let report = diagnose(&scan, &options);
/// assert_eq!(report.incident.unwrap().kind, "db_down");
/// assert_eq!(report.chain, ["oom_kill", "db_down"]);
/// assert!(report.causes[0].evidence[1].text.contains("Killed process 1187"));
/// ```
#[derive(Debug, Default)]
pub struct Collector {
    /// Per-minute series, keyed by minutes since the epoch. Each minute is boxed: a minute is
    /// a few hundred bytes, and the map moves its entries each time it grows (and the fold of
    /// a scan grows it chunk after chunk, under its lock).
    ///
    /// Whole after [`Collector::finish`], [`Collector::merge`], [`Collector::append`] and
    /// [`Collector::shift_lines`]; between calls of [`Collector::add`], the minute of the
    /// latest line is held apart (see `current`).
    pub minutes: Map<i64, Box<Minute>>,
    /// The minute of the latest line and its key, out of [`Collector::minutes`]: logs are in
    /// time order, dozens of lines a minute, and each next line of the same minute then finds
    /// it without a lookup in the map (nor the check for pruning, which only a new minute can
    /// need). Put back into the map when a line of another minute comes, and before anything
    /// else reads or changes the map.
    current: Option<(i64, Box<Minute>)>,
    /// Rare events, in the order seen (by time after [`Collector::finish`]); the latest of
    /// each pool when there were too many (see [`Collector::notables_dropped`]).
    pub notables: Vec<Notable>,
    /// Notables dropped, oldest first, to keep memory bounded.
    pub notables_dropped: u64,
    /// Per-client knowledge.
    pub clients: ClientMap,
    /// Lines about a client not tracked because [`Collector::clients`] was full.
    pub clients_untracked: u64,
    /// Lines that mention the `--client-ip` under investigation (capped).
    pub trail: Vec<(Timestamp, EventKind, LineRef)>,
    /// How many lines mention that client in all.
    pub trail_total: u64,
    /// The client under investigation.
    pub watch_ip: Option<String>,
    /// Time of the last database line seen, for the silence before a start.
    last_db_line: Option<Timestamp>,
    /// A database start seen before any other database line here: its silence began in the
    /// part read before this one (see [`Collector::append`]).
    pending_start: Option<LineRef>,
    /// The minutes kept.
    span: Span,
    /// The latest minute seen, of those not past `future_limit`.
    latest_minute: Option<i64>,
    /// Minutes after this one never anchor [`Span::Latest`]: a line stamped in the future (a
    /// damaged stamp, year 2096) must not make every real minute look a month too old.
    /// `None` (a default collector) takes every minute.
    future_limit: Option<i64>,
}

/// Database units of systemd, by name.
fn is_service_of_interest(unit: &str) -> bool {
    const NAMES: [&str; 10] = [
        "mariadb",
        "mysql",
        "nginx",
        "php",
        "apache",
        "httpd",
        "postfix",
        "dovecot",
        "fail2ban",
        "sw-cp-server",
    ];
    NAMES.iter().any(|n| unit.contains(n))
}

/// Whether a process name is the database server.
pub fn is_database_process(name: &str) -> bool {
    matches!(name, "mariadbd" | "mysqld" | "mariadb" | "mysql")
}

/// Whether a request path is a login or admin endpoint that attacks aim at.
fn is_login_path(path: &str) -> bool {
    const PATHS: [&str; 6] = [
        "/wp-login.php",
        "/xmlrpc.php",
        "/wp-admin",
        "/login_up.php",
        "/administrator",
        "/user/login",
    ];
    // Told apart by their second byte first: most requests are for none of them, and each
    // comparison of a whole path is a call. The table is made of the paths themselves, so
    // that a path added above is screened in.
    const SECOND_BYTES: [bool; 256] = {
        let mut table = [false; 256];
        let mut i = 0;
        while i < PATHS.len() {
            table[PATHS[i].as_bytes()[1] as usize] = true;
            i += 1;
        }
        table
    };
    path.as_bytes()
        .get(1)
        .is_some_and(|&b| SECOND_BYTES[usize::from(b)])
        && PATHS.iter().any(|p| path.starts_with(p))
}

/// The longest client address a collector keeps: an IPv6 address with its zone fits. What a
/// hostile or broken log puts in the client's place is kept cut, so that the clients (up to
/// [`MAX_CLIENTS`]) and the heaviest clients of each minute take some megabytes whatever the
/// lines hold, not the length of their longest lines.
const MAX_CLIENT_BYTES: usize = 64;

/// The longest sender a collector keeps: an e-mail address as SMTP bounds it (256 bytes).
const MAX_SENDER_BYTES: usize = 256;

/// `key`, cut at a character boundary to at most `max` bytes.
#[inline]
fn cut(key: &str, max: usize) -> &str {
    if key.len() <= max {
        return key;
    }
    let mut end = max;
    while !key.is_char_boundary(end) {
        end -= 1;
    }
    key.get(..end).unwrap_or_default()
}

/// A client's address as a collector keeps it (see [`MAX_CLIENT_BYTES`]): what to look it up
/// with in [`Collector::clients`].
pub(crate) fn client_key(ip: &str) -> &str {
    cut(ip, MAX_CLIENT_BYTES)
}

impl Collector {
    /// A collector; with `watch_ip`, lines mentioning that client are also kept.
    pub fn new(watch_ip: Option<String>) -> Collector {
        Collector::with_span(watch_ip, Span::default())
    }

    /// A collector that keeps only the minutes of `span` (see [`Span`]).
    pub fn with_span(watch_ip: Option<String>, span: Span) -> Collector {
        // A day past this machine's clock: no log line can be later than that.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(i64::MAX / 120, |d| d.as_secs() as i64);
        Collector {
            watch_ip,
            span,
            future_limit: Some((now + 86_400) / 60),
            ..Collector::default()
        }
    }

    /// The minute of `ts`: the current one when the line is of the same minute as the one
    /// before (most lines), else the next one taken out of the map (see `current`).
    #[inline]
    fn minute(&mut self, ts: Timestamp) -> &mut Minute {
        let key = ts.secs.div_euclid(60);
        if self.current.as_ref().is_none_or(|(k, _)| *k != key) {
            self.switch_minute(key);
        }
        // Set by `switch_minute`: the default is never made.
        let (_, minute) = self.current.get_or_insert_with(|| (key, Box::default()));
        minute
    }

    /// Makes minute `key` the current one: what the map held for every line before the
    /// current minute was kept apart, pruned at the same moments.
    #[cold]
    fn switch_minute(&mut self, key: i64) {
        if self.latest_minute.is_none_or(|latest| key > latest)
            && self.future_limit.is_none_or(|limit| key <= limit)
        {
            self.latest_minute = Some(key);
        }
        self.put_back_current();
        if self.minutes.len() as i64 >= self.prune_at() && !self.minutes.contains_key(&key) {
            self.prune_minutes();
        }
        let minute = self.minutes.remove(&key).unwrap_or_default();
        self.current = Some((key, minute));
    }

    /// Puts the current minute back into the map, which is then whole.
    fn put_back_current(&mut self) {
        if let Some((key, minute)) = self.current.take() {
            match self.minutes.entry(key) {
                std::collections::hash_map::Entry::Occupied(mut e) => e.get_mut().merge(*minute),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(minute);
                }
            }
        }
    }

    /// The size at which minutes outside the span are dropped: a quarter over the span, so
    /// that pruning is rare.
    fn prune_at(&self) -> i64 {
        self.span.minutes() + self.span.minutes() / 4 + 1024
    }

    /// Drops the minutes outside the span.
    fn prune_minutes(&mut self) {
        self.put_back_current();
        let (lo, hi) = match self.span {
            Span::Latest(secs) => match self.latest_minute {
                Some(latest) => (latest - secs / 60, i64::MAX),
                None => return,
            },
            Span::Between(a, b) => (a.div_euclid(60), b.div_euclid(60)),
        };
        self.minutes.retain(|k, _| (lo..=hi).contains(k));
    }

    /// What is known of a client, by its address (kept cut: see [`client_key`]).
    fn client(&mut self, ip: &str) -> Option<&mut ClientInfo> {
        let ip = client_key(ip);
        if self.clients.len() < MAX_CLIENTS {
            return Some(self.clients.entry_ref(ip).or_default());
        }
        let known = self.clients.get_mut(ip);
        if known.is_none() {
            self.clients_untracked += 1;
        }
        known
    }

    /// Drops the oldest notables of each pool beyond its cap, leaving the rest in time
    /// order. Those of the client under investigation are always kept.
    fn trim_notables(&mut self) {
        self.notables.sort_by_key(|n| (n.ts, n.kind, n.at));
        let mut kept = [0usize; 2];
        let watch = self.watch_ip.as_deref();
        let mut keep = vec![false; self.notables.len()];
        for (i, n) in self.notables.iter().enumerate().rev() {
            let pool = usize::from(is_ban_kind(n.kind));
            if kept[pool] < MAX_NOTABLES_PER_POOL
                || (watch.is_some() && n.subject.as_deref() == watch)
            {
                kept[pool] += 1;
                keep[i] = true;
            }
        }
        let before = self.notables.len();
        let mut flags = keep.into_iter();
        self.notables.retain(|_| flags.next().unwrap_or(true));
        self.notables_dropped += (before - self.notables.len()) as u64;
    }

    fn notable(
        &mut self,
        ts: Timestamp,
        event: &Event<'_>,
        at: LineRef,
        text: &str,
    ) -> Option<&mut Notable> {
        if self.notables.len() >= NOTABLES_HIGH_WATER {
            self.trim_notables();
        }
        self.notables.push(Notable {
            ts,
            kind: event.kind,
            source: event.source(),
            subject: None,
            detail: None,
            amount: None,
            silent_since: None,
            at,
            text: text.to_string(),
        });
        self.notables.last_mut()
    }

    /// Takes one event of time `ts` found at `at` whose line is `text`.
    pub fn add(&mut self, event: &Event<'_>, ts: Timestamp, at: LineRef, text: &str) {
        if let Some(watch) = self.watch_ip.as_deref() {
            if event_ip(event) == Some(watch) {
                self.trail_total += 1;
                if self.trail.len() < MAX_TRAIL {
                    self.trail.push((ts, event.kind, at));
                }
            }
        }
        match &event.fields {
            Fields::NginxAccess(a) => {
                let is_login = a.path.is_some_and(is_login_path);
                let m = self.minute(ts);
                m.bump(Signal::HttpRequests, 1, at);
                if let Some(ip) = a.client_ip {
                    m.clients.add_str(1, client_key(ip));
                }
                if is_login {
                    m.bump(Signal::HttpLogin, 1, at);
                }
                match a.status {
                    Some(400..=499) => m.bump(Signal::Http4xx, 1, at),
                    Some(s @ 500..=599) => {
                        m.bump(Signal::Http5xx, 1, at);
                        if (502..=504).contains(&s) {
                            m.bump(Signal::HttpBadGateway, 1, at);
                        }
                    }
                    Some(200..=399) => {
                        if let Some(ip) = a.client_ip {
                            if let Some(c) = self.client(ip) {
                                c.ok_requests += 1;
                                c.first_ok.get_or_insert(ts.secs);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Fields::NginxError(_) => match event.kind {
                EventKind::UpstreamError => self.minute(ts).bump(Signal::UpstreamErrors, 1, at),
                EventKind::WorkerExited | EventKind::DiskFull => {
                    self.notable(ts, event, at, text);
                }
                _ => {}
            },
            Fields::Mail(m) => {
                let kind = event.kind;
                match kind {
                    // cleanup writes one message-id line per new message, whether it came
                    // from pickup (local) or smtpd; qmgr's `from=` line repeats on every
                    // retry of a deferred message, so it counts queue activity instead.
                    EventKind::MailMessageId => self.minute(ts).bump(Signal::MailQueued, 1, at),
                    EventKind::MailQueued => {
                        let minute = self.minute(ts);
                        minute.bump(Signal::MailRecipients, m.nrcpt.unwrap_or(1), at);
                        if let Some(from) = m.from {
                            minute.senders.add_str(1, cut(from, MAX_SENDER_BYTES));
                        }
                    }
                    EventKind::MailPickup => {
                        let minute = self.minute(ts);
                        minute.bump(Signal::MailLocal, 1, at);
                        if let Some(uid) = m.uid {
                            minute.uids.add_by(1, |k| *k == uid, || uid, |k| *k = uid);
                        }
                    }
                    EventKind::MailSent => self.minute(ts).bump(Signal::MailSent, 1, at),
                    EventKind::MailDeferred => self.minute(ts).bump(Signal::MailDeferred, 1, at),
                    EventKind::MailBounced => self.minute(ts).bump(Signal::MailBounced, 1, at),
                    EventKind::MailRejected => self.minute(ts).bump(Signal::MailRejected, 1, at),
                    EventKind::SaslAuthFailed => {
                        self.minute(ts).bump(Signal::SaslFailures, 1, at);
                        if let Some(c) = m.client_ip.and_then(|ip| self.client(ip)) {
                            c.failures += 1;
                        }
                    }
                    EventKind::AuthFailed => {
                        self.minute(ts).bump(Signal::AuthFailures, 1, at);
                        if let Some(c) = m.client_ip.and_then(|ip| self.client(ip)) {
                            c.failures += 1;
                        }
                    }
                    EventKind::LoginSucceeded | EventKind::SmtpClient
                        if kind == EventKind::LoginSucceeded || m.sasl_username.is_some() =>
                    {
                        // A successful dovecot login, or mail submitted with SMTP AUTH.
                        if let Some(c) = m.client_ip.and_then(|ip| self.client(ip)) {
                            c.logins += 1;
                            c.first_ok.get_or_insert(ts.secs);
                        }
                    }
                    EventKind::MailFatal | EventKind::DiskFull => {
                        self.notable(ts, event, at, text);
                    }
                    _ => {}
                }
            }
            Fields::Mariadb(db) => {
                let silent_since = self.last_db_line.replace(ts);
                match event.kind {
                    EventKind::DbAbortedConnection => {
                        self.minute(ts).bump(Signal::DbAborted, 1, at)
                    }
                    EventKind::DbStarting
                    | EventKind::DbReady
                    | EventKind::DbShutdownInitiated
                    | EventKind::DbShutdownComplete
                    | EventKind::DbCrash
                    | EventKind::DbRecovery
                    | EventKind::DbTooManyConnections
                    | EventKind::DbOutOfMemory
                    | EventKind::DiskFull => {
                        let first_db_line = silent_since.is_none();
                        if let Some(n) = self.notable(ts, event, at, text) {
                            n.detail = db.user.map(str::to_string);
                            if event.kind == EventKind::DbStarting {
                                n.silent_since = silent_since;
                            }
                        }
                        if event.kind == EventKind::DbStarting
                            && first_db_line
                            && self.pending_start.is_none()
                        {
                            self.pending_start = Some(at);
                        }
                    }
                    _ => {}
                }
                if db
                    .level
                    .is_some_and(|l| l.eq_ignore_ascii_case("error") || l == "ERROR")
                {
                    self.minute(ts).bump(Signal::DbErrors, 1, at);
                }
            }
            Fields::Fail2ban(f) => match event.kind {
                EventKind::F2bFound => {
                    self.minute(ts).bump(Signal::F2bFound, 1, at);
                    if let Some(c) = f.ip.and_then(|ip| self.client(ip)) {
                        c.failures += 1;
                    }
                }
                EventKind::F2bBan | EventKind::F2bUnban | EventKind::F2bRestoreBan => {
                    if event.kind == EventKind::F2bBan {
                        self.minute(ts).bump(Signal::F2bBans, 1, at);
                    }
                    if let Some(n) = self.notable(ts, event, at, text) {
                        n.subject = f.ip.map(str::to_string);
                        n.detail = f.jail.map(str::to_string);
                    }
                }
                _ => {}
            },
            Fields::Kernel(k) => match event.kind {
                EventKind::OomInvoked | EventKind::OomKill | EventKind::DiskFull => {
                    if let Some(n) = self.notable(ts, event, at, text) {
                        n.subject = k.process.map(str::to_string);
                        n.amount = k.anon_rss_kb;
                    }
                }
                _ => {}
            },
            // Debian's rsyslog writes mail programs' lines to syslog too; they are counted
            // from the mail log.
            Fields::Syslog(s) if s.header.program.is_some_and(logparse::is_mail_program) => {}
            Fields::Syslog(s) => match event.kind {
                EventKind::AuthFailed => {
                    self.minute(ts).bump(Signal::AuthFailures, 1, at);
                    if let Some(c) = s.client_ip.and_then(|ip| self.client(ip)) {
                        c.failures += 1;
                    }
                }
                EventKind::LoginSucceeded => {
                    if let Some(c) = s.client_ip.and_then(|ip| self.client(ip)) {
                        c.logins += 1;
                        c.first_ok.get_or_insert(ts.secs);
                    }
                }
                EventKind::UnitFailed
                | EventKind::UnitStarted
                | EventKind::UnitStopping
                | EventKind::UnitStopped
                    if s.unit.is_some_and(is_service_of_interest) =>
                {
                    if let Some(n) = self.notable(ts, event, at, text) {
                        n.subject = s.unit.map(str::to_string);
                        n.detail = s.result.map(str::to_string);
                    }
                }
                EventKind::DiskFull => {
                    self.notable(ts, event, at, text);
                }
                _ => {}
            },
            _ => {}
        }
    }

    /// Adds another collector's findings to this one.
    pub fn merge(&mut self, mut other: Collector) {
        self.put_back_current();
        other.put_back_current();
        self.latest_minute = self.latest_minute.max(other.latest_minute);
        // Into an empty collector (the first chunk of a set, the first set of a scan) the maps
        // are moved whole, not rebuilt entry by entry: the same maps, without rehashing a
        // few hundred bytes per minute as they grow.
        if self.minutes.is_empty() {
            self.minutes = std::mem::take(&mut other.minutes);
        } else {
            self.minutes.reserve(other.minutes.len());
        }
        for (k, m) in std::mem::take(&mut other.minutes) {
            match self.minutes.entry(k) {
                std::collections::hash_map::Entry::Occupied(mut e) => e.get_mut().merge(*m),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(m);
                }
            }
        }
        if self.minutes.len() as i64 >= self.prune_at() {
            self.prune_minutes();
        }
        // The caps hold for the merged whole too, not only per file or chunk.
        self.notables.extend(other.notables);
        self.notables_dropped += other.notables_dropped;
        self.clients_untracked += other.clients_untracked;
        if self.notables.len() >= NOTABLES_HIGH_WATER {
            self.trim_notables();
        }
        if self.clients.is_empty() {
            // Within the cap already: every client would be inserted as it is.
            self.clients = std::mem::take(&mut other.clients);
        }
        for (ip, c) in other.clients {
            let e = if self.clients.len() >= MAX_CLIENTS {
                match self.clients.get_mut(&ip) {
                    Some(e) => e,
                    None => {
                        let lines = c.ok_requests + c.logins + c.failures;
                        self.clients_untracked += u64::from(lines);
                        continue;
                    }
                }
            } else {
                self.clients.entry(ip).or_default()
            };
            e.ok_requests += c.ok_requests;
            e.logins += c.logins;
            e.failures += c.failures;
            e.first_ok = match (e.first_ok, c.first_ok) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        self.trail.extend(other.trail);
        self.trail_total += other.trail_total;
    }

    /// Adds the collector of the next part of the same stream (the next file of a rotation
    /// set, the next chunk of a file): like [`Collector::merge`], and the silence before a
    /// database start at the top of `next` began with the last database line of `self`.
    pub fn append(&mut self, mut next: Collector) {
        if let (Some(at), Some(last)) = (next.pending_start.take(), self.last_db_line) {
            let start = next
                .notables
                .iter_mut()
                .find(|n| n.at == at && n.kind == EventKind::DbStarting);
            if let Some(n) = start {
                n.silent_since = Some(last);
            }
        }
        let last = next.last_db_line.or(self.last_db_line);
        self.merge(next);
        self.last_db_line = last;
    }

    /// Moves every line reference by `lines`: a chunk's lines were numbered from 1, and it
    /// starts after `lines` lines of its file.
    pub fn shift_lines(&mut self, lines: u64) {
        self.put_back_current();
        for m in self.minutes.values_mut() {
            for line in m.first_lines.iter_mut().filter(|l| **l != 0) {
                *line += lines;
            }
        }
        for n in &mut self.notables {
            n.at.line += lines;
        }
        for (_, _, at) in &mut self.trail {
            at.line += lines;
        }
        if let Some(at) = &mut self.pending_start {
            at.line += lines;
        }
    }

    /// Sorts notables by time and drops the copies of a line logged twice (Debian writes kernel
    /// lines to both kern.log and syslog): same instant, kind and text after the header.
    pub fn finish(&mut self) {
        self.prune_minutes();
        self.trim_notables();
        self.notables.dedup_by(|later, earlier| {
            later.ts == earlier.ts
                && later.kind == earlier.kind
                && later.at.file != earlier.at.file
                && message_part(&later.text) == message_part(&earlier.text)
        });
        self.trail.sort_by_key(|(ts, _, at)| (*ts, *at));
        self.trail.truncate(MAX_TRAIL);
    }
}

/// Whether a notable is one of Fail2Ban's bans and unbans (the high-volume pool).
fn is_ban_kind(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::F2bBan | EventKind::F2bUnban | EventKind::F2bRestoreBan
    )
}

/// The part of a syslog line after `program: `, for comparing copies of one line.
fn message_part(text: &str) -> &str {
    match text.find("]: ").or_else(|| text.find(": ")) {
        Some(i) => &text[i..],
        None => text,
    }
}

/// The client IP an event names, whatever its source.
pub fn event_ip<'a>(event: &Event<'a>) -> Option<&'a str> {
    match &event.fields {
        Fields::NginxAccess(a) => a.client_ip,
        Fields::NginxError(e) => e.client_ip,
        Fields::Mail(m) => m.client_ip,
        Fields::Fail2ban(f) => f.ip,
        Fields::Syslog(s) => s.client_ip,
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use logparse::{Format, Parser, TimeResolver, Zone};

    /// Feeds `lines` of one format to `collector`, numbering them from `first_line`.
    fn feed(collector: &mut Collector, format: Format, lines: &[String], file: u32) {
        let mut parser = Parser::new(format);
        let mut resolver = TimeResolver::new(Zone::UTC);
        for (i, line) in lines.iter().enumerate() {
            let event = parser.parse(line).expect("a line of the format");
            let ts = resolver.resolve(&event.time.unwrap()).unwrap();
            let at = LineRef {
                file,
                line: i as u64 + 1,
            };
            collector.add(&event, ts, at, line);
        }
    }

    fn bans(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| {
                format!(
                    "2026-11-{:02} {:02}:{:02}:{:02},123 fail2ban.actions        [812]: NOTICE  [sshd] Ban 198.51.{}.{}",
                    20 + i / 86_400,
                    i / 3600 % 24,
                    i / 60 % 60,
                    i % 60,
                    i / 256 % 256,
                    i % 256
                )
            })
            .collect()
    }

    /// The second-byte screen in front of the login paths lets each of them through, and
    /// what only looks like one stays out.
    #[test]
    fn login_paths_pass_the_screen_and_near_misses_do_not() {
        for p in [
            "/wp-login.php",
            "/wp-login.php?action=lostpassword",
            "/xmlrpc.php",
            "/wp-admin/",
            "/login_up.php",
            "/administrator/index.php",
            "/user/login",
        ] {
            assert!(is_login_path(p), "{p}");
        }
        for p in [
            "/",
            "",
            "/news/",
            "/wp-content/x.js",
            "/WP-LOGIN.PHP",
            "wp-login.php",
        ] {
            assert!(!is_login_path(p), "{p}");
        }
    }

    /// A minute's heaviest web clients, from real access lines: when more clients come than
    /// there is room for, a newcomer takes the lightest entry's place and count (written over
    /// its buffer), so a heavy client is never lost, whatever its key's length.
    #[test]
    fn heaviest_clients_of_a_minute_survive_a_crowd_of_newcomers() {
        let line = |ip: &str| {
            format!(
                "{ip} - - [24/Nov/2026:13:47:03 +0900] \"GET /wp-login.php HTTP/1.1\" 200 512 \"-\" \"curl/8.5\""
            )
        };
        let mut lines: Vec<String> = Vec::new();
        for i in 0..40 {
            lines.push(line("198.51.100.7"));
            lines.push(line("2001:db8:1f00:42::7"));
            // One-off visitors, of every length, each evicting the lightest entry.
            lines.push(line(&format!("203.0.{}.{}", i, 200 - i)));
            lines.push(line(&format!("2001:db8::{i:x}")));
        }
        let mut c = Collector::new(None);
        feed(&mut c, Format::NginxAccess, &lines, 0);
        c.finish();
        let minute = c.minutes.values().next().unwrap();
        let top = minute.clients.sorted();
        assert_eq!(top.len(), 4);
        assert_eq!((top[0].0.as_str(), top[0].1), ("198.51.100.7", 40));
        assert_eq!(top[1].0.as_str(), "2001:db8:1f00:42::7");
        assert_eq!(top[1].1, 40);
        // The two last entries hold the latest newcomers with the counts they inherited.
        let others: Vec<&str> = top[2..].iter().map(|(k, _)| k.as_str()).collect();
        assert!(others.contains(&"2001:db8::27"), "{others:?}");
        assert_eq!(minute.get(Signal::HttpLogin), 160);
    }

    /// Junk in a client's or a sender's place, as long as a line allows, is kept cut: a log of
    /// such lines cannot make the collector hold its longest lines once per client and minute.
    /// The cut falls on a character boundary, even inside a multi-byte character.
    #[test]
    fn long_clients_and_senders_are_kept_cut() {
        let client = format!("203.0.113.{}", "é".repeat(5_000));
        let access = format!(
            "{client} - - [24/Nov/2026:13:47:03 +0900] \"GET / HTTP/1.1\" 200 512 \"-\" \"curl/8.5\""
        );
        let sender = format!("{}@example.com", "ü".repeat(800));
        let mail = format!(
            "2026-11-24T13:47:03.059249+09:00 web01 postfix/qmgr[1311]: 0E77179954: from=<{sender}>, size=1, nrcpt=1 (queue active)"
        );
        let mut c = Collector::new(None);
        feed(&mut c, Format::NginxAccess, &[access], 0);
        feed(&mut c, Format::Postfix, &[mail], 1);
        c.finish();
        let minute = c.minutes.values().next().unwrap();
        let (kept_client, _) = minute.clients.sorted()[0];
        let (kept_sender, _) = minute.senders.sorted()[0];
        assert!(
            kept_client.len() <= MAX_CLIENT_BYTES,
            "{}",
            kept_client.len()
        );
        assert!(client.starts_with(kept_client.as_str()));
        assert!(kept_client.len() > MAX_CLIENT_BYTES - 2);
        assert!(
            kept_sender.len() <= MAX_SENDER_BYTES,
            "{}",
            kept_sender.len()
        );
        assert!(sender.starts_with(kept_sender.as_str()));
        let (address, info) = c.clients.iter().next().unwrap();
        assert_eq!(address, kept_client);
        assert_eq!(info.ok_requests, 1);
        // Looked up by the whole junk, the client is found as it was kept.
        assert!(c.clients.get(client_key(&client)).is_some());
        assert_eq!(cut("aé", 2), "a");
        assert_eq!(cut("aé", 3), "aé");
        assert_eq!(cut("", 0), "");
    }

    #[test]
    fn a_flood_of_bans_keeps_the_latest_and_never_pushes_out_a_crash() {
        let crash = vec!["2026-11-20 00:00:30 0 [ERROR] mysqld got signal 11 ;".to_string()];
        let bans = bans(100_000);
        // Whether the crash comes first or the bans, in one collector or merged.
        let mut one = Collector::new(None);
        feed(&mut one, Format::Mariadb, &crash, 0);
        feed(&mut one, Format::Fail2ban, &bans, 1);
        one.finish();
        let mut merged = Collector::new(None);
        let mut part = Collector::new(None);
        feed(&mut part, Format::Fail2ban, &bans, 1);
        merged.merge(part);
        let mut part = Collector::new(None);
        feed(&mut part, Format::Mariadb, &crash, 0);
        merged.merge(part);
        merged.finish();
        for c in [&one, &merged] {
            assert_eq!(c.notables.len(), MAX_NOTABLES_PER_POOL + 1);
            assert_eq!(c.notables_dropped, 100_000 - MAX_NOTABLES_PER_POOL as u64);
            assert_eq!(c.notables[0].kind, EventKind::DbCrash);
            // The latest bans are kept, in time order.
            let last = c.notables.last().unwrap();
            assert_eq!(last.at.line, 100_000);
            assert_eq!(
                c.notables[1].at.line,
                100_000 - MAX_NOTABLES_PER_POOL as u64 + 1
            );
            assert!(c.notables.windows(2).all(|w| w[0].ts <= w[1].ts));
        }
    }

    #[test]
    fn the_watched_clients_bans_survive_the_trim() {
        let mut lines = vec![
            "2026-11-19 23:59:00,001 fail2ban.actions        [812]: NOTICE  [plesk-dovecot] Ban 192.0.2.10".to_string(),
        ];
        lines.extend(bans(3 * MAX_NOTABLES_PER_POOL));
        let mut c = Collector::new(Some("192.0.2.10".into()));
        feed(&mut c, Format::Fail2ban, &lines, 0);
        c.finish();
        assert_eq!(c.notables.len(), MAX_NOTABLES_PER_POOL + 1);
        assert_eq!(c.notables[0].subject.as_deref(), Some("192.0.2.10"));
        assert_eq!(c.notables[0].detail.as_deref(), Some("plesk-dovecot"));
    }

    /// Fail2Ban "Found" lines, one every `step` seconds for `count` steps from 2026-01-01.
    fn founds(step: i64, count: i64) -> Vec<String> {
        let t0 = 1_767_225_600; // 2026-01-01T00:00:00Z
        (0..count)
            .map(|i| {
                let t = chrono::DateTime::from_timestamp(t0 + i * step, 0).unwrap();
                format!(
                    "{},000 fail2ban.filter         [812]: INFO    [sshd] Found 203.0.113.{} - {}",
                    t.format("%Y-%m-%d %H:%M:%S"),
                    i % 250,
                    t.format("%Y-%m-%d %H:%M:%S")
                )
            })
            .collect()
    }

    #[test]
    fn a_line_stamped_in_the_future_does_not_push_the_span_away() {
        let mut lines = founds(60, 2 * 1440);
        lines.insert(
            1000,
            "2096-11-24 03:12:01,000 fail2ban.filter         [812]: INFO    [sshd] Found 203.0.113.9 - 2096-11-24 03:12:01".to_string(),
        );
        let mut c = Collector::new(None);
        feed(&mut c, Format::Fail2ban, &lines, 0);
        c.finish();
        // Every real minute is kept (and the damaged one too: it anchors nothing).
        assert_eq!(c.minutes.len(), 2 * 1440 + 1);
    }

    #[test]
    fn years_of_minutes_take_no_more_memory_than_the_span() {
        // 80 days, one line a minute: 115,200 minutes, of which 31 days are kept.
        let lines = founds(60, 80 * 1440);
        let mut c = Collector::new(None);
        let mut parser = Parser::new(Format::Fail2ban);
        let mut resolver = TimeResolver::new(Zone::UTC);
        let limit = c.prune_at();
        for (i, line) in lines.iter().enumerate() {
            let event = parser.parse(line).unwrap();
            let ts = resolver.resolve(&event.time.unwrap()).unwrap();
            let at = LineRef {
                file: 0,
                line: i as u64 + 1,
            };
            c.add(&event, ts, at, line);
            assert!(c.minutes.len() as i64 <= limit, "line {i}");
        }
        c.finish();
        let latest = *c.minutes.keys().max().unwrap();
        let earliest = *c.minutes.keys().min().unwrap();
        assert_eq!(latest - earliest, DEFAULT_HORIZON_SECS / 60);
        assert_eq!(c.minutes.len() as i64, DEFAULT_HORIZON_SECS / 60 + 1);
    }

    #[test]
    fn a_span_between_two_instants_keeps_only_them_even_when_merged() {
        let lines = founds(3600, 24 * 10);
        let from = 1_767_225_600 + 3 * 86_400;
        let to = from + 86_400;
        let mut merged = Collector::with_span(None, Span::Between(from, to));
        for half in lines.chunks(120) {
            let mut part = Collector::with_span(None, Span::Between(from, to));
            feed(&mut part, Format::Fail2ban, half, 0);
            merged.merge(part);
        }
        merged.finish();
        assert_eq!(merged.minutes.len(), 25);
        assert!(merged
            .minutes
            .keys()
            .all(|k| (from / 60..=to / 60).contains(k)));
    }

    #[test]
    fn a_minutes_first_lines_survive_merging_and_shifting() {
        let founds = founds(20, 3);
        let later_file = || {
            let mut c = Collector::new(None);
            feed(&mut c, Format::Fail2ban, &founds, 1);
            // This chunk started after 1000 lines of its file.
            c.shift_lines(1000);
            c
        };
        let earlier_file = || {
            let mut c = Collector::new(None);
            feed(&mut c, Format::Fail2ban, &founds[1..], 0);
            c
        };
        let mut finished = earlier_file();
        finished.finish();
        let minute = *finished.minutes.keys().next().unwrap();
        let first = |c: &Collector, signal| c.minutes[&minute].first(signal);
        assert_eq!(
            first(&later_file(), Signal::F2bFound),
            Some(LineRef {
                file: 1,
                line: 1001
            })
        );
        // No line of a signal that never came, shifted or merged.
        assert_eq!(first(&later_file(), Signal::F2bBans), None);
        // Either way round, the merge keeps the earliest line.
        let (mut a, mut b) = (earlier_file(), later_file());
        a.merge(later_file());
        b.merge(earlier_file());
        for merged in [a, b] {
            assert_eq!(
                first(&merged, Signal::F2bFound),
                Some(LineRef { file: 0, line: 1 })
            );
            assert_eq!(first(&merged, Signal::F2bBans), None);
            assert_eq!(merged.minutes[&minute].get(Signal::F2bFound), 5);
        }
    }

    /// The minutes as the collector kept them before it held the current one apart: every
    /// line looked its minute up in the map, pruning first when the map was full and the
    /// minute new. Counts and first lines of one signal, by minute.
    #[derive(Debug, Default)]
    struct Reference {
        minutes: std::collections::HashMap<i64, (u32, LineRef)>,
        latest: Option<i64>,
        /// Prunings of a full map while lines came in.
        prunes: u32,
    }

    impl Reference {
        fn add(&mut self, c: &Collector, secs: i64, at: LineRef) {
            let key = secs.div_euclid(60);
            if self.latest.is_none_or(|l| key > l) && c.future_limit.is_none_or(|f| key <= f) {
                self.latest = Some(key);
            }
            if self.minutes.len() as i64 >= c.prune_at() && !self.minutes.contains_key(&key) {
                self.prune(c.span);
                self.prunes += 1;
            }
            let e = self.minutes.entry(key).or_insert((0, at));
            e.0 += 1;
        }

        fn prune(&mut self, span: Span) {
            let (lo, hi) = match span {
                Span::Latest(secs) => match self.latest {
                    Some(latest) => (latest - secs / 60, i64::MAX),
                    None => return,
                },
                Span::Between(a, b) => (a.div_euclid(60), b.div_euclid(60)),
            };
            self.minutes.retain(|k, _| (lo..=hi).contains(k));
        }

        fn merge(&mut self, c: &Collector, other: Reference) {
            self.latest = self.latest.max(other.latest);
            for (k, (n, at)) in other.minutes {
                let e = self.minutes.entry(k).or_insert((0, at));
                e.0 += n;
                e.1 = e.1.min(at);
            }
            if self.minutes.len() as i64 >= c.prune_at() {
                self.prune(c.span);
            }
        }

        /// Whether `c`, made whole, holds the same minutes.
        fn assert_same(&self, c: &mut Collector, what: &str) {
            c.put_back_current();
            assert_eq!(c.latest_minute, self.latest, "{what}");
            let mut got: Vec<(i64, u32, Option<LineRef>)> = c
                .minutes
                .iter()
                .map(|(k, m)| (*k, m.get(Signal::F2bFound), m.first(Signal::F2bFound)))
                .collect();
            let mut want: Vec<(i64, u32, Option<LineRef>)> = self
                .minutes
                .iter()
                .map(|(k, (n, at))| (*k, *n, Some(*at)))
                .collect();
            got.sort();
            want.sort();
            assert_eq!(got, want, "{what}");
        }
    }

    /// A made-up stream of times: mostly the same minute as the line before, or the next;
    /// sometimes back and forth between two minutes, back by hours, forward by days (past
    /// the span, so that the map fills and is pruned), or decades ahead (a damaged stamp).
    fn times(seed: u64, n: usize) -> Vec<i64> {
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let t0 = 1_767_225_600; // 2026-01-01T00:00:00Z
        let mut t = t0;
        let mut previous = t;
        (0..n)
            .map(|_| {
                let r = next();
                let before = t;
                t = match r % 100 {
                    0..=59 => t + (r >> 8) as i64 % 20,
                    60..=74 => t + 60,
                    75..=84 => previous,
                    85..=89 => t - (r >> 8) as i64 % (6 * 3600),
                    90..=97 => t + (r >> 8) as i64 % (3 * 86_400),
                    _ => 4_004_000_000 + (r >> 8) as i64 % 600,
                };
                previous = before;
                t
            })
            .collect()
    }

    /// The current minute held apart changes nothing: fed the same lines, a collector holds
    /// the same minutes, counts and first lines as a plain lookup per line, with pruning at
    /// the same moments, whether it is read in the middle of a stream or after merging two
    /// collectors that each hold a current minute.
    #[test]
    fn the_current_minute_changes_nothing_against_a_lookup_per_line() {
        let line = "2026-01-01 00:00:00,000 fail2ban.filter         [812]: INFO    [sshd] Found 203.0.113.9 - 2026-01-01 00:00:00";
        let mut parser = Parser::new(Format::Fail2ban);
        let event = parser.parse(line).unwrap();
        let t0 = 1_767_225_600;
        // Spans small enough that the map fills and is pruned within a few thousand lines.
        let spans = [
            Span::Latest(600),
            Span::Latest(6 * 3600),
            Span::Between(t0 + 86_400, t0 + 86_400 + 6 * 3600),
        ];
        for seed in 1..=24u64 {
            let span = spans[seed as usize % spans.len()];
            let feed_times = |c: &mut Collector, r: &mut Reference, file: u32, seed: u64| {
                for (i, secs) in times(seed, 6_000).into_iter().enumerate() {
                    let at = LineRef {
                        file,
                        line: i as u64 + 1,
                    };
                    let ts = Timestamp {
                        secs,
                        nanos: 0,
                        offset_secs: 0,
                    };
                    c.add(&event, ts, at, line);
                    r.add(c, secs, at);
                    // Read in the middle of the stream now and then.
                    if i % 1_999 == 1_998 {
                        r.assert_same(c, &format!("seed {seed}, line {i}"));
                    }
                }
            };
            let (mut a, mut ra) = (Collector::with_span(None, span), Reference::default());
            feed_times(&mut a, &mut ra, 0, seed);
            let (mut b, mut rb) = (Collector::with_span(None, span), Reference::default());
            feed_times(&mut b, &mut rb, 1, seed + 1_000);
            // Both hold a current minute when merged, and were pruned on the way.
            assert!(a.current.is_some() && b.current.is_some());
            assert!(ra.prunes > 0 && rb.prunes > 0, "seed {seed}");
            let mut empty = Collector::with_span(None, span);
            let mut r_empty = Reference::default();
            a.merge(b);
            ra.merge(&a, rb);
            ra.assert_same(&mut a, &format!("seed {seed}, merged"));
            let (mut c, mut rc) = (Collector::with_span(None, span), Reference::default());
            feed_times(&mut c, &mut rc, 2, seed + 2_000);
            empty.merge(c);
            r_empty.merge(&empty, rc);
            r_empty.assert_same(&mut empty, &format!("seed {seed}, merged into empty"));
            // More lines after a merge: the merged collector takes a current minute again.
            feed_times(&mut a, &mut ra, 3, seed + 3_000);
            a.finish();
            ra.prune(span);
            ra.assert_same(&mut a, &format!("seed {seed}, finished"));
        }
    }

    /// Shifting lines reaches the current minute too.
    #[test]
    fn shifting_lines_moves_the_current_minutes_first_line() {
        let mut c = Collector::new(None);
        feed(&mut c, Format::Fail2ban, &founds(20, 2), 0);
        assert!(c.current.is_some());
        c.shift_lines(1000);
        let minute = c.minutes.values().next().unwrap();
        assert_eq!(
            minute.first(Signal::F2bFound),
            Some(LineRef {
                file: 0,
                line: 1001
            })
        );
        assert_eq!(minute.get(Signal::F2bFound), 2);
    }

    /// A minute keeps one file for its first lines until a merge brings a signal whose first
    /// line is in another file: each signal then keeps its own, whichever way round.
    #[test]
    fn a_merged_minutes_first_lines_keep_their_files() {
        let at = |file, line| LineRef { file, line };
        let mut one = Minute::default();
        one.bump(Signal::MailSent, 1, at(7, 40));
        one.bump(Signal::MailQueued, 1, at(7, 41));
        assert!(one.files.is_none());
        let mut other = Minute::default();
        other.bump(Signal::MailSent, 1, at(3, 900));
        other.bump(Signal::AuthFailures, 2, at(3, 901));
        for (mut a, b) in [(one.clone(), other.clone()), (other, one)] {
            a.merge(b);
            assert_eq!(a.first(Signal::MailSent), Some(at(3, 900)));
            assert_eq!(a.first(Signal::MailQueued), Some(at(7, 41)));
            assert_eq!(a.first(Signal::AuthFailures), Some(at(3, 901)));
            assert_eq!(a.first(Signal::DbErrors), None);
            assert_eq!(a.get(Signal::AuthFailures), 2);
        }
    }
}
