//! Names, addresses and identifiers: who visits, who mails, what the ids look like.
//!
//! Every address is from the documentation ranges (192.0.2.0/24, 198.51.100.0/24,
//! 203.0.113.0/24, 2001:db8::/32) and every foreign domain is an `example.*` or `*.test` name.
//! Roles keep to their ranges: visitors and mail users 192.0.2.0/24 and 2001:db8:1000::/36;
//! other mail servers, crawlers and monitors 198.51.100.0/24; attackers 203.0.113.0/24 and
//! 2001:db8:bad::/48.

use std::fmt;

use rand::seq::SliceRandom;
use rand::Rng;

use crate::time::Time;

/// Given names for generated mailbox local parts.
const FIRST: [&str; 40] = [
    "hiroshi", "yuki", "kenji", "akiko", "takeshi", "naoko", "daisuke", "emi", "satoshi", "mika",
    "ryo", "aya", "kazuki", "haruka", "shota", "miho", "tomoko", "yusuke", "keiko", "jun", "anna",
    "ben", "chloe", "david", "emma", "felix", "grace", "henry", "isla", "jack", "kate", "liam",
    "maria", "noah", "olivia", "paul", "ruth", "sam", "tara", "will",
];

/// Family names for generated mailbox local parts.
const LAST: [&str; 40] = [
    "tanaka",
    "suzuki",
    "sato",
    "takahashi",
    "watanabe",
    "ito",
    "yamamoto",
    "nakamura",
    "kobayashi",
    "kato",
    "yoshida",
    "yamada",
    "sasaki",
    "yamaguchi",
    "matsumoto",
    "inoue",
    "kimura",
    "hayashi",
    "shimizu",
    "mori",
    "smith",
    "jones",
    "brown",
    "taylor",
    "wilson",
    "evans",
    "thomas",
    "johnson",
    "roberts",
    "walker",
    "wright",
    "green",
    "hall",
    "wood",
    "clarke",
    "hughes",
    "baker",
    "moore",
    "king",
    "lee",
];

/// A random mailbox local part such as `yuki.tanaka`, `kwatanabe` or `emma83`.
pub fn local_part(rng: &mut impl Rng) -> String {
    let f = FIRST[rng.gen_range(0..FIRST.len())];
    let l = LAST[rng.gen_range(0..LAST.len())];
    match rng.gen_range(0..7) {
        0 | 1 => format!("{f}.{l}"),
        2 => format!("{f}{l}"),
        3 => format!("{}{l}", &f[..1]),
        4 => format!("{l}.{f}"),
        5 => format!("{f}{}", rng.gen_range(10..100)),
        _ => format!("{f}_{l}{}", rng.gen_range(1..100)),
    }
}

/// Browser user agents of ordinary visitors.
pub const BROWSERS: [&str; 8] = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
];

/// Crawler user agents.
pub const CRAWLERS: [&str; 3] = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
];

/// User agents of scanners and scripts.
pub const SCRIPTS: [&str; 5] = [
    "Mozilla/5.0 zgrab/0.x",
    "python-requests/2.31.0",
    "Go-http-client/1.1",
    "curl/8.4.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36",
];

/// A pool of client addresses, some much more frequent than others.
#[derive(Debug)]
pub struct Pool(Vec<String>);

impl Pool {
    /// `n` visitor addresses, about half IPv6.
    pub fn visitors(rng: &mut impl Rng, n: usize) -> Self {
        let mut v: Vec<String> = (20..=250u16)
            .filter(|o| *o != 200)
            .map(|o| format!("192.0.2.{o}"))
            .collect();
        v.shuffle(rng);
        v.truncate(n / 2);
        while v.len() < n {
            v.push(format!(
                "2001:db8:{:x}:{:x}::{:x}",
                rng.gen_range(0x1000..0x2000u32),
                rng.gen_range(0..0x100u32),
                rng.gen_range(1..0x1000u32)
            ));
        }
        v.shuffle(rng);
        Pool(v)
    }

    /// A member, skewed towards the front of the pool (regulars come back).
    pub fn pick<'a>(&'a self, rng: &mut impl Rng) -> &'a str {
        let u: f64 = rng.gen();
        let i = ((u * u * self.0.len() as f64) as usize).min(self.0.len().saturating_sub(1));
        self.0.get(i).map_or("192.0.2.99", String::as_str)
    }
}

/// The address of an attacker whose campaign gets banned: 203.0.113.1–126, sometimes
/// 2001:db8:bad:1xx::/64.
pub fn campaign_attacker(rng: &mut impl Rng) -> String {
    if rng.gen_bool(0.85) {
        format!("203.0.113.{}", rng.gen_range(1..=126))
    } else {
        format!(
            "2001:db8:bad:{:x}::{:x}",
            rng.gen_range(0x100..0x200u32),
            rng.gen_range(1..0x100u32)
        )
    }
}

/// The address of a scanner that tries once or twice and moves on: 203.0.113.128–199 and
/// 203–254, sometimes 2001:db8:bad:2xx::/64 (203.0.113.200–202 are left to story bots).
pub fn noise_attacker(rng: &mut impl Rng) -> String {
    if rng.gen_bool(0.85) {
        let mut o = rng.gen_range(128..=251);
        if o >= 200 {
            o += 3;
        }
        format!("203.0.113.{o}")
    } else {
        format!(
            "2001:db8:bad:{:x}::{:x}",
            rng.gen_range(0x200..0x300u32),
            rng.gen_range(1..0x100u32)
        )
    }
}

/// A Postfix queue id (short form): five hex digits of the microsecond at which the queue
/// file was made, then its inode number in hex.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueId {
    micros: u32,
    inode: u32,
}

impl QueueId {
    /// The queue id of a file made at `t`.
    pub fn new(t: Time, rng: &mut impl Rng) -> Self {
        QueueId {
            micros: t.micros().rem_euclid(1_000_000) as u32,
            inode: rng.gen_range(0x10000..0xFFFFF),
        }
    }
}

impl fmt::Display for QueueId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:05X}{:05X}", self.micros, self.inode)
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// A random token written as base64 (dovecot session ids, LMTP ids).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<const N: usize>([u8; N]);

impl<const N: usize> Token<N> {
    /// A fresh random token of `N` base64 characters.
    pub fn new(rng: &mut impl Rng) -> Self {
        let mut t = [0u8; N];
        for c in &mut t {
            *c = B64[rng.gen_range(0..64)];
        }
        Token(t)
    }
}

impl<const N: usize> fmt::Display for Token<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(std::str::from_utf8(&self.0).unwrap_or("?"))
    }
}

/// A lower-case hexadecimal token of `N` digits (message ids, hashes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hex<const N: usize>([u8; N]);

impl<const N: usize> Hex<N> {
    /// A fresh random hex token.
    pub fn new(rng: &mut impl Rng) -> Self {
        let mut t = [0u8; N];
        for c in &mut t {
            *c = b"0123456789abcdef"[rng.gen_range(0..16)];
        }
        Hex(t)
    }
}

impl<const N: usize> fmt::Display for Hex<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(std::str::from_utf8(&self.0).unwrap_or("?"))
    }
}

/// Seconds written the way Postfix writes `delay=` and `delays=`: whole seconds from 10 s,
/// one decimal from 1 s, two significant digits below, `0` under 10 ms.
#[derive(Clone, Copy, Debug)]
pub struct Delay(pub f64);

impl fmt::Display for Delay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0.max(0.0);
        if v >= 10.0 {
            write!(f, "{}", v as u64)
        } else if v >= 1.0 {
            let tenths = (v * 10.0) as u64;
            if tenths.is_multiple_of(10) {
                write!(f, "{}", tenths / 10)
            } else {
                write!(f, "{}.{}", tenths / 10, tenths % 10)
            }
        } else {
            let hundredths = (v * 100.0) as u64;
            match hundredths {
                0 => f.write_str("0"),
                h if h % 10 == 0 => write!(f, "0.{}", h / 10),
                h => write!(f, "0.{h:02}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn delays_look_like_postfix() {
        let d = |v| Delay(v).to_string();
        assert_eq!(d(11.7), "11");
        assert_eq!(d(3.66), "3.6");
        assert_eq!(d(2.0), "2");
        assert_eq!(d(0.52), "0.52");
        assert_eq!(d(0.1), "0.1");
        assert_eq!(d(0.02), "0.02");
        assert_eq!(d(0.004), "0");
    }

    #[test]
    fn ids_have_their_shapes() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let q = QueueId::new(Time::from_micros(1_234_567_890_123_456), &mut rng).to_string();
        assert_eq!(q.len(), 10);
        assert!(q.starts_with("1E240"), "{q}"); // 123456 µs
        assert_eq!(Token::<16>::new(&mut rng).to_string().len(), 16);
    }
}
