//! What to generate: the host, the time span, the size and the incident.

use std::net::{Ipv4Addr, Ipv6Addr};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;

use crate::rotate::Rotation;

/// The server whose logs are generated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Host {
    /// Short host name, as syslog writes it (`web01`).
    pub hostname: String,
    /// The domain the server hosts and mails for (`example.com`).
    pub domain: String,
    /// The server's time zone: every log is written in its local time.
    pub zone: Tz,
    /// The server's public IPv4 address.
    pub ipv4: Ipv4Addr,
    /// The server's public IPv6 address.
    pub ipv6: Ipv6Addr,
}

impl Host {
    /// `web01`, `example.com`, Asia/Tokyo, 192.0.2.10 and 2001:db8::10.
    pub fn demo() -> Self {
        Host {
            hostname: "web01".into(),
            domain: "example.com".into(),
            zone: chrono_tz::Asia::Tokyo,
            ipv4: Ipv4Addr::new(192, 0, 2, 10),
            ipv6: Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x10),
        }
    }

    /// The fully qualified host name (`web01.example.com`).
    pub fn fqdn(&self) -> String {
        format!("{}.{}", self.hostname, self.domain)
    }
}

/// How much background traffic to generate; the knob for benchmark-sized trees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    /// HTTP requests per day to the web site (pages and assets, bots included), before the
    /// diurnal curve (low at night, peak mid-afternoon) shapes them.
    pub requests_per_day: u32,
    /// Inbound mails per day delivered to local mailboxes; outbound mail, form mail, IMAP
    /// logins and spam rejects scale with it.
    pub mails_per_day: u32,
    /// Scanner campaigns per day that get banned by Fail2Ban (SSH, SASL, web probes, WordPress
    /// logins), besides the scattered failures that never reach a ban.
    pub bans_per_day: u32,
}

impl Size {
    /// The demo's size: a small business site, a few MB of logs for three days.
    pub const SMALL: Size = Size {
        requests_per_day: 2_100,
        mails_per_day: 55,
        bans_per_day: 5,
    };

    /// [`Size::SMALL`] multiplied by `factor` (for benchmarks).
    pub fn scaled(factor: u32) -> Size {
        let f = factor.max(1);
        Size {
            requests_per_day: Self::SMALL.requests_per_day.saturating_mul(f),
            mails_per_day: Self::SMALL.mails_per_day.saturating_mul(f),
            bans_per_day: Self::SMALL.bans_per_day.saturating_mul(f),
        }
    }
}

impl Default for Size {
    fn default() -> Self {
        Size::SMALL
    }
}

/// The incident injected into the background.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Incident {
    /// An ordinary stretch of days: background only.
    None,
    /// A PHP form abused to send mail; memory runs out, the kernel kills the database; the
    /// site is down until the admin starts it again.
    MassMail(MassMail),
    /// MariaDB crashes on its own (a bug: signal 11) with no pressure before; systemd
    /// restarts it each time.
    DbCrash(DbCrash),
    /// The admin stops MariaDB (`systemctl stop`) and does not start it again for a while.
    DbStopped(DbStopped),
    /// The root filesystem fills up: Postfix, nginx and MariaDB fail to write; MariaDB
    /// blocks, aborts and cannot start again until space is freed.
    DiskFull(DiskFull),
    /// A legitimate client (the office) is banned by Fail2Ban after failed mail logins.
    ClientBanned(ClientBanned),
    /// An HTTP flood (xmlrpc.php and wp-login.php brute force) saturates PHP-FPM.
    WebAttack(WebAttack),
    /// The OOM killer kills MariaDB after a slow leak, with no burst behind it.
    OomLeak(OomLeak),
}

impl Incident {
    /// The kind's name as the report calls root causes (`"mass_mail"`), or `None`.
    pub fn root_cause(&self) -> Option<&'static str> {
        match self {
            Incident::None => None,
            Incident::MassMail(_) => Some("mass_mail"),
            Incident::DbCrash(_) => Some("db_crash"),
            Incident::DbStopped(_) => Some("db_stopped"),
            Incident::DiskFull(_) => Some("disk_full"),
            Incident::ClientBanned(_) => Some("client_banned"),
            Incident::WebAttack(_) => Some("web_attack"),
            Incident::OomLeak(_) => Some("oom_kill"),
        }
    }
}

/// The founding story's parameters (see `fixtures/demo/README.md`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MassMail {
    /// Local time of the first abusive form post.
    pub start: NaiveDateTime,
    /// How many messages the form is made to queue (rounded up to a whole last post).
    pub messages: u32,
    /// Over how many seconds the posts are spread.
    pub duration_secs: u32,
    /// The local uid that submits the mail through Postfix's `pickup` (33: www-data).
    pub uid: u32,
    /// The abused form's URL path.
    pub form: String,
    /// Local time at which the kernel's OOM killer kills MariaDB.
    pub oom_at: NaiveDateTime,
    /// Local time at which the admin runs `systemctl start mariadb`.
    pub restart_at: NaiveDateTime,
}

/// MariaDB dies of a bug (see [`Incident::DbCrash`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbCrash {
    /// Local times of the crashes (the crash report's first line); `Restart=on-abort`
    /// restarts the server five seconds after each, with InnoDB crash recovery.
    pub crashes: Vec<NaiveDateTime>,
    /// The fatal signal (11: SIGSEGV).
    pub signal: u8,
    /// When the admin logs in to look (after the last crash), if at all.
    pub admin_at: Option<NaiveDateTime>,
}

/// The admin stops MariaDB (see [`Incident::DbStopped`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbStopped {
    /// Local time of `sudo systemctl stop mariadb`.
    pub stop_at: NaiveDateTime,
    /// Local time of `sudo systemctl start mariadb`, after the customers called.
    pub start_at: NaiveDateTime,
}

/// The root filesystem fills up (see [`Incident::DiskFull`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiskFull {
    /// Local time at which the admin starts a full site backup from wp-admin (it writes its
    /// archives under `wp-content` on the root filesystem).
    pub backup_at: NaiveDateTime,
    /// Local time of the first write that fails with ENOSPC (Postfix's first warning).
    pub full_at: NaiveDateTime,
    /// Local time at which MariaDB blocks writing its binary log ("Waiting for someone to
    /// free space"): the site stops answering. InnoDB's watchdog aborts the server 600 s
    /// later and it cannot start again while the disk is full.
    pub db_blocked_at: NaiveDateTime,
    /// Local time at which the admin deletes the backup archives.
    pub freed_at: NaiveDateTime,
    /// Local time of `sudo systemctl start mariadb`.
    pub start_at: NaiveDateTime,
}

/// Fail2Ban bans the office (see [`Incident::ClientBanned`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientBanned {
    /// The office's address (NAT: every desk's mail client and browser).
    pub ip: String,
    /// The mailbox whose password the office's mail client still has wrong.
    pub user: String,
    /// Local time of the first failed IMAP login (the password was changed on the phone a
    /// few minutes earlier).
    pub first_failure: NaiveDateTime,
    /// The jail that bans it (`plesk-dovecot`).
    pub jail: String,
    /// Bans by that jail before `recidive` bans the address for a week.
    pub rounds: u32,
}

/// An HTTP flood (see [`Incident::WebAttack`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebAttack {
    /// Local time of the first flood request.
    pub start: NaiveDateTime,
    /// Local time at which the admin's `systemctl reload nginx` puts `deny` rules in force.
    pub block_at: NaiveDateTime,
    /// Addresses that flood `/xmlrpc.php` (`system.multicall` password guessing); Fail2Ban's
    /// WordPress jail does not watch that path.
    pub flooders: Vec<String>,
    /// Addresses that brute-force `/wp-login.php`; Fail2Ban bans them.
    pub guessers: Vec<String>,
    /// Requests per minute from each flooder while the site answers.
    pub per_minute: u32,
}

/// An OOM kill after a slow leak (see [`Incident::OomLeak`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OomLeak {
    /// Local time at which the kernel's OOM killer kills MariaDB.
    pub oom_at: NaiveDateTime,
    /// Local time at which the admin runs `systemctl start mariadb`.
    pub restart_at: NaiveDateTime,
}

/// How the admin restarts the database in a [`Decoy::DbRestart`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RestartVia {
    /// `sudo systemctl restart mariadb` (MariaDB logs "initiated by: unknown").
    Systemctl,
    /// `sudo mariadb-admin shutdown`, then `sudo systemctl start mariadb` (MariaDB logs
    /// `initiated by: root[root] @ localhost []`).
    AdminShutdown,
}

/// Something that looks like trouble and is not the cause of the incident.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decoy {
    /// The company's newsletter: a WordPress plugin sends it through `sendmail` (uid 33), a
    /// harmless mail burst.
    Newsletter {
        /// Local time of the first message.
        start: NaiveDateTime,
        /// How many messages (one recipient each).
        messages: u32,
        /// Over how many seconds.
        duration_secs: u32,
    },
    /// A botnet guessing SMTP AUTH and IMAP passwords from many addresses.
    AuthStorm {
        /// Local time of the first attempt.
        start: NaiveDateTime,
        /// How long it lasts, in seconds.
        duration_secs: u32,
        /// How many addresses take part.
        attackers: u32,
        /// Failed logins in all, at most (bans cut the fast attackers short).
        attempts: u32,
    },
    /// The admin restarts MariaDB (down for a few seconds).
    DbRestart {
        /// Local time of the admin's command.
        at: NaiveDateTime,
        /// How.
        via: RestartVia,
    },
}

/// A whole scenario: everything the generator needs, nothing it derives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// Seed of every random choice: same scenario, same seed → same bytes.
    pub seed: u64,
    /// The server.
    pub host: Host,
    /// Local time of the first line (usually a rotation time).
    pub start: NaiveDateTime,
    /// Local time at which the logs end (when they were copied off the server).
    pub end: NaiveDateTime,
    /// Daily rotation of every log.
    pub rotation: Rotation,
    /// The incident.
    pub incident: Incident,
    /// Background volume.
    pub size: Size,
    /// Local times at which a banned scanner campaign starts, on top of the random ones (to
    /// place bans where a story needs them, e.g. during an outage).
    pub extra_bans: Vec<NaiveDateTime>,
    /// Decoys: harmless bursts and restarts around the incident.
    pub decoys: Vec<Decoy>,
    /// Write the syslog-format files (`syslog`, `kern.log`, `auth.log`, `mail.log`) with RFC
    /// 3164 stamps (`Jan  1 03:12:07`, no year) instead of rsyslog's high-precision ones.
    pub traditional_syslog: bool,
    /// Set each file's modification time to its last line's time (as on the server, which
    /// readers of year-less stamps rely on). Off for the committed demo.
    pub set_mtimes: bool,
}

/// A wall time in 2026 (`month`, `day`, `h:m:s`).
fn at(month: u32, day: u32, h: u32, m: u32, s: u32) -> NaiveDateTime {
    on(2026, month, day, h, m, s)
}

fn on(year: i32, month: u32, day: u32, h: u32, m: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(year, month, day)
        .and_then(|d| d.and_hms_opt(h, m, s))
        .unwrap_or_default()
}

fn wall(day: u32, h: u32, m: u32, s: u32) -> NaiveDateTime {
    at(11, day, h, m, s)
}

fn rotation() -> Rotation {
    Rotation::daily(NaiveTime::from_hms_opt(6, 25, 2).unwrap_or_default())
}

impl Scenario {
    /// The project's founding story: `web01` (Asia/Tokyo), 2026-11-22 06:25 to 2026-11-24
    /// 15:10; on the 24th a contact form is abused from 13:47 to about 14:00 to send 2,800
    /// mails, the OOM killer kills MariaDB at 14:01:07 and the site answers 502 until the
    /// admin starts MariaDB at 14:37.
    pub fn demo() -> Self {
        Scenario {
            seed: 20_261_124,
            host: Host::demo(),
            start: wall(22, 6, 25, 2),
            end: wall(24, 15, 10, 0),
            rotation: rotation(),
            incident: Incident::MassMail(MassMail {
                start: wall(24, 13, 47, 3),
                messages: 2_800,
                duration_secs: 13 * 60,
                uid: 33,
                form: "/wp-content/themes/example/tell-a-friend.php".into(),
                oom_at: wall(24, 14, 1, 7),
                restart_at: wall(24, 14, 37, 1),
            }),
            size: Size::SMALL,
            extra_bans: vec![wall(24, 13, 52, 40), wall(24, 14, 12, 10)],
            decoys: Vec::new(),
            traditional_syslog: false,
            set_mtimes: false,
        }
    }

    /// Background only, `days` days from the demo's start, scaled by `size`.
    pub fn background(seed: u64, days: u32, size: Size) -> Self {
        let start = wall(22, 6, 25, 2);
        Scenario {
            seed,
            host: Host::demo(),
            start,
            end: start + chrono::Duration::days(i64::from(days.max(1))),
            rotation: rotation(),
            incident: Incident::None,
            size,
            extra_bans: Vec::new(),
            decoys: Vec::new(),
            traditional_syslog: false,
            set_mtimes: false,
        }
    }

    /// A small tree in `zone` from `start` to `end` (local times), rotated daily at 06:25:02,
    /// with file times set: the frame of every incident scenario but the demo.
    fn frame(seed: u64, zone: Tz, start: NaiveDateTime, end: NaiveDateTime) -> Self {
        Scenario {
            seed,
            host: Host {
                zone,
                ..Host::demo()
            },
            start,
            end,
            rotation: rotation(),
            incident: Incident::None,
            size: Size::SMALL,
            extra_bans: Vec::new(),
            decoys: Vec::new(),
            traditional_syslog: false,
            set_mtimes: true,
        }
    }

    /// MariaDB crashes on its own: `web01` (Asia/Tokyo), 2026-11-23 06:25 to 2026-11-24
    /// 12:30. Decoys: the admin restarts MariaDB on the 23rd at 16:40, and a botnet guesses
    /// SMTP and IMAP passwords on the 24th from 04:10 to 04:55. On the 24th at 10:42:17
    /// MariaDB gets signal 11 (a bug hit by a plugin's query), systemd restarts it with
    /// crash recovery; it crashes again at 10:57:50 and is restarted again.
    /// Expected: `db_crash`, chain `db_crash → db_down`, incident 10:42:17.
    pub fn db_crash(seed: u64) -> Self {
        Scenario {
            incident: Incident::DbCrash(DbCrash {
                crashes: vec![wall(24, 10, 42, 17), wall(24, 10, 57, 50)],
                signal: 11,
                admin_at: Some(wall(24, 11, 18, 40)),
            }),
            decoys: vec![
                Decoy::DbRestart {
                    at: wall(23, 16, 40, 12),
                    via: RestartVia::Systemctl,
                },
                Decoy::AuthStorm {
                    start: wall(24, 4, 10, 0),
                    duration_secs: 45 * 60,
                    attackers: 90,
                    attempts: 1_800,
                },
            ],
            ..Self::frame(
                seed,
                chrono_tz::Asia::Tokyo,
                wall(23, 6, 25, 2),
                wall(24, 12, 30, 0),
            )
        }
    }

    /// The admin stops MariaDB: `web01` in Europe/Berlin, 2026-10-24 06:25 to 2026-10-25
    /// 12:40, across the end of summer time (the night of the 25th, 03:00 CEST → 02:00 CET,
    /// repeats an hour in the zone-less logs). Decoy: the newsletter (1,200 mails from uid 33
    /// between 07:00 and 07:20 on the 25th). At 10:14:03 the admin runs `systemctl stop
    /// mariadb` and forgets it; the site answers 500 until he starts it at 11:03:40.
    /// Expected: `db_stopped`, chain `db_stopped → db_down`, incident 10:14:03 (CET, +01:00).
    pub fn db_stopped(seed: u64) -> Self {
        Scenario {
            incident: Incident::DbStopped(DbStopped {
                stop_at: at(10, 25, 10, 14, 3),
                start_at: at(10, 25, 11, 3, 40),
            }),
            decoys: vec![Decoy::Newsletter {
                start: at(10, 25, 7, 0, 12),
                messages: 1_200,
                duration_secs: 20 * 60,
            }],
            ..Self::frame(
                seed,
                chrono_tz::Europe::Berlin,
                at(10, 24, 6, 25, 2),
                at(10, 25, 12, 40, 0),
            )
        }
    }

    /// The disk fills up: `web01` in America/New_York (EDT), 2026-06-13 06:25 to 2026-06-14
    /// 14:00. On the 14th at 11:20 the admin starts a full backup from wp-admin and goes to
    /// lunch; at 11:52 the root filesystem is full (Postfix defers and rejects mail, nginx
    /// cannot buffer uploads); at 11:55:31 MariaDB blocks writing its binary log and the site
    /// stops answering; at 12:05:31 InnoDB's watchdog aborts MariaDB (signal 6) and the
    /// automatic restart fails for lack of space. The admin frees space at 12:46 and starts
    /// MariaDB at 12:48:20.
    /// Expected: `disk_full`, chain `disk_full → db_down`, incident 11:55:31.
    pub fn disk_full(seed: u64) -> Self {
        Scenario {
            incident: Incident::DiskFull(DiskFull {
                backup_at: at(6, 14, 11, 20, 14),
                full_at: at(6, 14, 11, 52, 40),
                db_blocked_at: at(6, 14, 11, 55, 31),
                freed_at: at(6, 14, 12, 46, 5),
                start_at: at(6, 14, 12, 48, 20),
            }),
            ..Self::frame(
                seed,
                chrono_tz::America::New_York,
                at(6, 13, 6, 25, 2),
                at(6, 14, 14, 0, 0),
            )
        }
    }

    /// Fail2Ban bans the office: `web01` (Asia/Tokyo), 2026-11-23 06:25 to 2026-11-24 17:00.
    /// The office (192.0.2.201) reads mail over IMAP and edits the site in wp-admin all day.
    /// On the 24th k.yamada changes her mail password on her phone; from 10:02:10 the
    /// office's mail client keeps trying the old one: `plesk-dovecot` bans the office five
    /// times, ten minutes each, then `recidive` bans it for a week. From then on nothing from
    /// the office reaches the server (site, panel, mail), while phones and everyone else do.
    /// Expected: `client_banned`, chain `client_banned → client_blocked`, incident at the
    /// first ban (10:03).
    pub fn client_banned(seed: u64) -> Self {
        Scenario {
            incident: Incident::ClientBanned(ClientBanned {
                ip: "192.0.2.201".into(),
                user: "k.yamada".into(),
                first_failure: wall(24, 10, 2, 10),
                jail: "plesk-dovecot".into(),
                rounds: 5,
            }),
            ..Self::frame(
                seed,
                chrono_tz::Asia::Tokyo,
                wall(23, 6, 25, 2),
                wall(24, 17, 0, 0),
            )
        }
    }

    /// An HTTP flood: `web01` on UTC, 2026-11-23 06:25 to 2026-11-24 16:00. On the 24th from
    /// 14:02:05 four addresses post `/xmlrpc.php` about 1,100 times a minute between them and
    /// two guess passwords on `/wp-login.php` (Fail2Ban bans those two); PHP-FPM saturates
    /// within seconds and the site answers 502/504 until the admin denies the flooders in
    /// nginx at 14:14:10.
    /// Expected: `web_attack`, chain `web_attack → site_down`, incident 14:02.
    pub fn web_attack(seed: u64) -> Self {
        Scenario {
            incident: Incident::WebAttack(WebAttack {
                start: wall(24, 14, 2, 5),
                block_at: wall(24, 14, 14, 10),
                flooders: vec![
                    "203.0.113.131".into(),
                    "203.0.113.147".into(),
                    "203.0.113.163".into(),
                    "2001:db8:bad:2f1::17".into(),
                ],
                guessers: vec!["203.0.113.179".into(), "203.0.113.187".into()],
                per_minute: 220,
            }),
            ..Self::frame(seed, chrono_tz::UTC, wall(23, 6, 25, 2), wall(24, 16, 0, 0))
        }
    }

    /// An OOM kill with no burst behind it, across New Year: `web01` in America/Los_Angeles,
    /// 2026-12-31 06:25 to 2027-01-01 10:00, syslog files with RFC 3164 stamps (no year).
    /// Decoy: on the 31st at 15:20 the admin restarts MariaDB (`mariadb-admin shutdown`,
    /// then `systemctl start`). MariaDB's memory creeps up; at 03:12:44 on 1 January the
    /// kernel kills it; it stays down until the admin starts it at 08:05:10.
    /// Expected: `oom_kill`, chain `oom_kill → db_down`, incident 2027-01-01 03:12:44.
    pub fn oom_no_cause(seed: u64) -> Self {
        Scenario {
            incident: Incident::OomLeak(OomLeak {
                oom_at: on(2027, 1, 1, 3, 12, 44),
                restart_at: on(2027, 1, 1, 8, 5, 10),
            }),
            decoys: vec![Decoy::DbRestart {
                at: at(12, 31, 15, 20, 31),
                via: RestartVia::AdminShutdown,
            }],
            traditional_syslog: true,
            ..Self::frame(
                seed,
                chrono_tz::America::Los_Angeles,
                at(12, 31, 6, 25, 2),
                on(2027, 1, 1, 10, 0, 0),
            )
        }
    }
}

/// The scenarios the generator knows, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// [`Scenario::demo`].
    Demo,
    /// [`Scenario::db_crash`].
    DbCrash,
    /// [`Scenario::db_stopped`].
    DbStopped,
    /// [`Scenario::disk_full`].
    DiskFull,
    /// [`Scenario::client_banned`].
    ClientBanned,
    /// [`Scenario::web_attack`].
    WebAttack,
    /// [`Scenario::oom_no_cause`].
    OomNoCause,
}

impl Kind {
    /// Every kind, the demo first.
    pub const ALL: [Kind; 7] = [
        Kind::Demo,
        Kind::DbCrash,
        Kind::DbStopped,
        Kind::DiskFull,
        Kind::ClientBanned,
        Kind::WebAttack,
        Kind::OomNoCause,
    ];

    /// The kind's name (`"db_crash"`), as `pm-scenario` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Demo => "demo",
            Kind::DbCrash => "db_crash",
            Kind::DbStopped => "db_stopped",
            Kind::DiskFull => "disk_full",
            Kind::ClientBanned => "client_banned",
            Kind::WebAttack => "web_attack",
            Kind::OomNoCause => "oom_no_cause",
        }
    }

    /// The kind called `name`.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The seed the tests use.
    pub fn default_seed(self) -> u64 {
        match self {
            Kind::Demo => Scenario::demo().seed,
            Kind::DbCrash => 11,
            Kind::DbStopped => 12,
            Kind::DiskFull => 13,
            Kind::ClientBanned => 14,
            Kind::WebAttack => 15,
            Kind::OomNoCause => 16,
        }
    }

    /// The scenario of this kind with `seed`.
    pub fn scenario(self, seed: u64) -> Scenario {
        match self {
            Kind::Demo => Scenario {
                seed,
                ..Scenario::demo()
            },
            Kind::DbCrash => Scenario::db_crash(seed),
            Kind::DbStopped => Scenario::db_stopped(seed),
            Kind::DiskFull => Scenario::disk_full(seed),
            Kind::ClientBanned => Scenario::client_banned(seed),
            Kind::WebAttack => Scenario::web_attack(seed),
            Kind::OomNoCause => Scenario::oom_no_cause(seed),
        }
    }
}
