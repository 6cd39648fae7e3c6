//! The typed events every parser produces.
//!
//! An [`Event`] borrows its text fields from the line it was parsed from: parsing allocates
//! nothing. The event carries the line's [`PartialTime`] as written (a syslog stamp has no year,
//! a MariaDB stamp has no zone); turning it into an instant is the caller's policy, see
//! [`TimeResolver`](crate::TimeResolver).

use serde::Serialize;

use crate::time::PartialTime;

/// Which program family wrote an event.
///
/// The names are those of the NDJSON `source` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Source {
    /// nginx (or Apache/Plesk) access log.
    NginxAccess,
    /// nginx error log.
    NginxError,
    /// Postfix and the other programs of the mail log (dovecot, opendkim, ...).
    Postfix,
    /// MariaDB / MySQL error log.
    Mariadb,
    /// Fail2Ban's own log.
    Fail2ban,
    /// Kernel messages (from syslog, kern.log, messages).
    Kernel,
    /// Any other program of the syslog family.
    Syslog,
}

impl Source {
    /// The contract name of this source (`nginx_access`, `postfix`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Source::NginxAccess => "nginx_access",
            Source::NginxError => "nginx_error",
            Source::Postfix => "postfix",
            Source::Mariadb => "mariadb",
            Source::Fail2ban => "fail2ban",
            Source::Kernel => "kernel",
            Source::Syslog => "syslog",
        }
    }
}

/// What a line says happened, normalized across sources.
///
/// Detectors look only at this kind and the event's fields, never at raw text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EventKind {
    // ---- nginx access ----
    /// One HTTP request (any status).
    HttpRequest,

    // ---- nginx error ----
    /// The upstream (PHP-FPM, Apache, ...) failed: connect() failed, timed out, no live
    /// upstreams, prematurely closed.
    UpstreamError,
    /// `limit_req` / `limit_conn` rejected or delayed a request.
    RateLimited,
    /// TLS handshake failure.
    SslError,
    /// A worker process exited (on a signal or with an error code).
    WorkerExited,
    /// nginx started, reloaded or began a graceful shutdown.
    ServerLifecycle,
    /// Any other nginx error-log line.
    NginxMessage,

    // ---- mail log ----
    /// smtpd `connect from`.
    SmtpConnect,
    /// smtpd `disconnect from` (with command statistics).
    SmtpDisconnect,
    /// smtpd accepted a message from a client: `QUEUEID: client=...`.
    SmtpClient,
    /// A `NOQUEUE: reject:` or `QUEUEID: reject:` line.
    MailRejected,
    /// SASL authentication failed (Postfix smtpd).
    SaslAuthFailed,
    /// cleanup recorded a `message-id=`.
    MailMessageId,
    /// pickup took a locally submitted message: `uid=... from=<...>`.
    MailPickup,
    /// qmgr queued a message: `from=<...>, size=..., nrcpt=...`.
    MailQueued,
    /// A delivery agent reported `status=sent`.
    MailSent,
    /// A delivery agent reported `status=deferred`.
    MailDeferred,
    /// A delivery agent reported `status=bounced` (or `expired`/`undeliverable`).
    MailBounced,
    /// qmgr `removed`.
    MailRemoved,
    /// qmgr `from=<...>, status=expired, returned to sender`.
    MailExpired,
    /// bounce/defer created a non-delivery or delay notification.
    MailNotification,
    /// Postfix `warning:` line.
    MailWarning,
    /// Postfix `fatal:` or `panic:` line.
    MailFatal,
    /// A mail program (dovecot, ...) reports a failed login or authentication.
    AuthFailed,
    /// A mail program (dovecot, ...) or sshd reports a successful login.
    LoginSucceeded,
    /// Any other mail-log line.
    MailMessage,

    // ---- MariaDB / MySQL ----
    /// The server is starting.
    DbStarting,
    /// `ready for connections`.
    DbReady,
    /// An initiated, orderly shutdown (`Normal shutdown`, `received SHUTDOWN`, ...).
    DbShutdownInitiated,
    /// `Shutdown complete`.
    DbShutdownComplete,
    /// The server crashed: `got signal N`, an assertion failure, the crash report.
    DbCrash,
    /// InnoDB crash recovery at startup.
    DbRecovery,
    /// `Aborted connection`.
    DbAbortedConnection,
    /// `Too many connections`.
    DbTooManyConnections,
    /// The server ran out of memory.
    DbOutOfMemory,
    /// `Access denied for user`.
    DbAccessDenied,
    /// Any other MariaDB line.
    DbMessage,

    // ---- Fail2Ban ----
    /// A filter matched a failure (`Found IP`).
    F2bFound,
    /// An IP was banned (`Ban`, `Increase Ban`).
    F2bBan,
    /// An IP was unbanned.
    F2bUnban,
    /// A ban restored at startup (`Restore Ban`).
    F2bRestoreBan,
    /// `... already banned`.
    F2bAlreadyBanned,
    /// A jail or the server started or stopped.
    F2bLifecycle,
    /// Any other Fail2Ban line.
    F2bMessage,

    // ---- kernel ----
    /// `... invoked oom-killer`.
    OomInvoked,
    /// `Out of memory: Killed process PID (name)` or `Memory cgroup out of memory: Killed process`.
    OomKill,
    /// `oom_reaper: reaped process`.
    OomReaped,
    /// Any other kernel line.
    KernelMessage,

    // ---- syslog family ----
    /// systemd: `Started UNIT`.
    UnitStarted,
    /// systemd: `Stopping UNIT...`.
    UnitStopping,
    /// systemd: `Stopped UNIT`.
    UnitStopped,
    /// systemd: `UNIT: Failed with result '...'` or `Main process exited, code=killed`.
    UnitFailed,
    /// Any other syslog line.
    SyslogMessage,

    // ---- cross-source ----
    /// A filesystem is full: `No space left on device`, `Errcode: 28`, `insufficient system storage`.
    DiskFull,
}

impl EventKind {
    /// The snake_case name used in NDJSON and reports.
    pub fn as_str(self) -> &'static str {
        use EventKind::*;
        match self {
            HttpRequest => "http_request",
            UpstreamError => "upstream_error",
            RateLimited => "rate_limited",
            SslError => "ssl_error",
            WorkerExited => "worker_exited",
            ServerLifecycle => "server_lifecycle",
            NginxMessage => "nginx_message",
            SmtpConnect => "smtp_connect",
            SmtpDisconnect => "smtp_disconnect",
            SmtpClient => "smtp_client",
            MailRejected => "mail_rejected",
            SaslAuthFailed => "sasl_auth_failed",
            MailMessageId => "mail_message_id",
            MailPickup => "mail_pickup",
            MailQueued => "mail_queued",
            MailSent => "mail_sent",
            MailDeferred => "mail_deferred",
            MailBounced => "mail_bounced",
            MailRemoved => "mail_removed",
            MailExpired => "mail_expired",
            MailNotification => "mail_notification",
            MailWarning => "mail_warning",
            MailFatal => "mail_fatal",
            AuthFailed => "auth_failed",
            LoginSucceeded => "login_succeeded",
            MailMessage => "mail_message",
            DbStarting => "db_starting",
            DbReady => "db_ready",
            DbShutdownInitiated => "db_shutdown_initiated",
            DbShutdownComplete => "db_shutdown_complete",
            DbCrash => "db_crash",
            DbRecovery => "db_recovery",
            DbAbortedConnection => "db_aborted_connection",
            DbTooManyConnections => "db_too_many_connections",
            DbOutOfMemory => "db_out_of_memory",
            DbAccessDenied => "db_access_denied",
            DbMessage => "db_message",
            F2bFound => "f2b_found",
            F2bBan => "f2b_ban",
            F2bUnban => "f2b_unban",
            F2bRestoreBan => "f2b_restore_ban",
            F2bAlreadyBanned => "f2b_already_banned",
            F2bLifecycle => "f2b_lifecycle",
            F2bMessage => "f2b_message",
            OomInvoked => "oom_invoked",
            OomKill => "oom_kill",
            OomReaped => "oom_reaped",
            KernelMessage => "kernel_message",
            UnitStarted => "unit_started",
            UnitStopping => "unit_stopping",
            UnitStopped => "unit_stopped",
            UnitFailed => "unit_failed",
            SyslogMessage => "syslog_message",
            DiskFull => "disk_full",
        }
    }
}

/// One parsed line.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<'a> {
    /// The line's timestamp as written; `None` for continuation lines that carry none.
    pub time: Option<PartialTime>,
    /// What happened.
    pub kind: EventKind,
    /// The fields of the line, by source.
    pub fields: Fields<'a>,
}

impl Event<'_> {
    /// The source family of this event, derived from its fields.
    pub fn source(&self) -> Source {
        match self.fields {
            Fields::NginxAccess(_) => Source::NginxAccess,
            Fields::NginxError(_) => Source::NginxError,
            Fields::Mail(_) => Source::Postfix,
            Fields::Mariadb(_) => Source::Mariadb,
            Fields::Fail2ban(_) => Source::Fail2ban,
            Fields::Kernel(_) => Source::Kernel,
            Fields::Syslog(_) => Source::Syslog,
        }
    }
}

/// The fields of an event, one variant per source.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Fields<'a> {
    /// nginx access log fields.
    NginxAccess(AccessFields<'a>),
    /// nginx error log fields.
    NginxError(NginxErrorFields<'a>),
    /// Mail log fields (Postfix, dovecot, ...).
    Mail(MailFields<'a>),
    /// MariaDB / MySQL fields.
    Mariadb(MariadbFields<'a>),
    /// Fail2Ban fields.
    Fail2ban(Fail2banFields<'a>),
    /// Kernel fields.
    Kernel(KernelFields<'a>),
    /// Generic syslog fields.
    Syslog(SyslogFields<'a>),
}

/// Fields of an nginx/Apache access-log line. Text is as written (nginx `\xHH` escapes kept).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct AccessFields<'a> {
    /// `$host` / vhost prefix, when the format has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vhost: Option<&'a str>,
    /// `$remote_addr`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<&'a str>,
    /// `$remote_user` (absent when `-`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<&'a str>,
    /// Request method.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<&'a str>,
    /// Request target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<&'a str>,
    /// Protocol, e.g. `HTTP/1.1`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<&'a str>,
    /// The raw request field when it is not a valid request line (TLS bytes, empty, junk).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<&'a str>,
    /// Response status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// `$body_bytes_sent`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// `$http_referer` (absent when `-`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referrer: Option<&'a str>,
    /// `$http_user_agent` (absent when `-`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<&'a str>,
    /// `$request_time` in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_time: Option<f64>,
    /// `$upstream_response_time` in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upstream_response_time: Option<f64>,
}

/// Fields of an nginx error-log line.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct NginxErrorFields<'a> {
    /// `emerg`, `alert`, `crit`, `error`, `warn`, `notice`, `info`, `debug`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<&'a str>,
    /// Process id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
    /// Thread id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tid: Option<u64>,
    /// Connection number (`*N`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<u64>,
    /// The message, without the trailing `client:`... pairs.
    pub message: &'a str,
    /// `client:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<&'a str>,
    /// `server:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<&'a str>,
    /// `request:` (without quotes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<&'a str>,
    /// `upstream:` (without quotes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upstream: Option<&'a str>,
    /// `host:` (without quotes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<&'a str>,
}

/// The syslog header shared by the mail log, kernel and syslog lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SyslogHeader<'a> {
    /// Host name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<&'a str>,
    /// Program (tag), e.g. `postfix/smtpd`, `kernel`, `systemd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<&'a str>,
    /// Process id from `program[pid]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
}

/// Fields of a mail-log line (Postfix and the programs beside it).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MailFields<'a> {
    /// Syslog header: host, program, pid.
    #[serde(flatten)]
    pub header: SyslogHeader<'a>,
    /// Postfix queue id (short or long form).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue_id: Option<&'a str>,
    /// Login user of dovecot and other mail programs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<&'a str>,
    /// Client IP address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<&'a str>,
    /// Client host name (`unknown` when unresolved).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_host: Option<&'a str>,
    /// Envelope sender (without angle brackets; empty for the null sender).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<&'a str>,
    /// Recipient.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<&'a str>,
    /// Original recipient.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orig_to: Option<&'a str>,
    /// Number of recipients (qmgr).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nrcpt: Option<u32>,
    /// Message size in bytes (qmgr).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Relay, e.g. `mx.example.com[192.0.2.1]:25` or `none`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relay: Option<&'a str>,
    /// Total delay in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delay: Option<f64>,
    /// `delays=a/b/c/d`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delays: Option<&'a str>,
    /// Delivery status notification code, e.g. `2.0.0`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dsn: Option<&'a str>,
    /// `sent`, `deferred`, `bounced`, `expired`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'a str>,
    /// `message-id=`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<&'a str>,
    /// `sasl_method=` or the method of a failed SASL login.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sasl_method: Option<&'a str>,
    /// `sasl_username=`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sasl_username: Option<&'a str>,
    /// Local uid of a submitted message (pickup).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<u32>,
    /// Reject reason, the reply text of a delivery, or the text of a warning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'a str>,
    /// The message after the header (always present).
    pub message: &'a str,
}

/// Fields of a MariaDB/MySQL error-log line.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MariadbFields<'a> {
    /// `Note`, `Warning`, `ERROR`, `System`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<&'a str>,
    /// Thread id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread: Option<u64>,
    /// MySQL 8 error code, e.g. `MY-010116`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'a str>,
    /// `InnoDB`, `Aria`, `Server`, ... when the message names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subsystem: Option<&'a str>,
    /// The message.
    pub message: &'a str,
    /// User of an access-denied or aborted-connection line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<&'a str>,
    /// Client host of an access-denied or aborted-connection line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_host: Option<&'a str>,
}

/// Fields of a Fail2Ban log line.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Fail2banFields<'a> {
    /// Logger, e.g. `fail2ban.actions`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logger: Option<&'a str>,
    /// `NOTICE`, `INFO`, `WARNING`, `ERROR`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<&'a str>,
    /// Jail name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jail: Option<&'a str>,
    /// `found`, `ban`, `unban`, `restore_ban`, `already_banned`, `increase_ban`, `jail_start`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<&'a str>,
    /// The IP concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<&'a str>,
    /// The message after the level (and jail).
    pub message: &'a str,
}

/// Fields of a kernel line.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct KernelFields<'a> {
    /// Syslog header: host, program, pid.
    #[serde(flatten)]
    pub header: SyslogHeader<'a>,
    /// Process named by an OOM line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub process: Option<&'a str>,
    /// Pid of that process (the killed process of an OOM kill).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
    /// Uid of the killed process.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<u32>,
    /// `total-vm:` in kB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_vm_kb: Option<u64>,
    /// `anon-rss:` in kB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anon_rss_kb: Option<u64>,
    /// The message (without the `[uptime]` stamp).
    pub message: &'a str,
}

/// Fields of a generic syslog-family line.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct SyslogFields<'a> {
    /// Syslog header: host, program, pid.
    #[serde(flatten)]
    pub header: SyslogHeader<'a>,
    /// systemd unit named by the line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<&'a str>,
    /// systemd result, e.g. `oom-kill`, `signal`, `exit-code`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<&'a str>,
    /// Client IP address of an authentication line (sshd, PAM `rhost=`, dovecot, MariaDB).
    /// Never a host name: see `client_host`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<&'a str>,
    /// Client host name of an authentication line, where the line names the client by name
    /// instead of by address (sshd with `UseDNS yes`, PAM `rhost=NAME`, MariaDB `'user'@'NAME'`,
    /// tcp_wrappers). Only a well-formed host name (ASCII letters, digits, dots and hyphens, at
    /// least one letter), never an address: that is `client_ip`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_host: Option<&'a str>,
    /// User of an authentication line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<&'a str>,
    /// The message after the header.
    pub message: &'a str,
}
