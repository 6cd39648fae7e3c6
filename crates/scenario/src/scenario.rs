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
}

impl Incident {
    /// The kind's name as the report calls root causes (`"mass_mail"`), or `None`.
    pub fn root_cause(&self) -> Option<&'static str> {
        match self {
            Incident::None => None,
            Incident::MassMail(_) => Some("mass_mail"),
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
}

fn wall(day: u32, h: u32, m: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day)
        .and_then(|d| d.and_hms_opt(h, m, s))
        .unwrap_or_default()
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
            rotation: Rotation::daily(NaiveTime::from_hms_opt(6, 25, 2).unwrap_or_default()),
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
            rotation: Rotation::daily(NaiveTime::from_hms_opt(6, 25, 2).unwrap_or_default()),
            incident: Incident::None,
            size,
            extra_bans: Vec::new(),
        }
    }
}
