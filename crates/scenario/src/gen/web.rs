//! The web site: visitors' sessions, crawlers and an uptime monitor in `nginx/access.log`
//! (combined format), and nginx's complaints in `nginx/error.log`.
//!
//! A WordPress site behind nginx and PHP-FPM (`/run/php/php8.2-fpm.sock`): static assets are
//! served by nginx itself, pages go through PHP and so through the database. When the world
//! says the database is down, PHP requests fail the way they do in real life — first
//! WordPress's 500 with a `mysqli_real_connect()` warning, then, once the pool is jammed, 502
//! (`connect() ... (11: Resource temporarily unavailable)`) and 504 (`upstream timed out`) —
//! while assets keep answering 200.

use std::fmt;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::gen::pids::NGINX_WORKERS;
use crate::gen::{mail, Generator, Window};
use crate::names::{Pool, BROWSERS, CRAWLERS};
use crate::sink::{LogFile, Sink};
use crate::time::{Style, Time, MINUTE, SECOND};
use crate::traffic::{arrivals, Profile};
use crate::world::{Php, World};

/// PHP-FPM's socket, as nginx names the upstream.
pub const UPSTREAM: &str = "fastcgi://unix:/run/php/php8.2-fpm.sock:";
/// The site's document root (Plesk layout).
pub const DOCROOT: &str = "/var/www/vhosts/example.com/httpdocs";

/// Pages: path, typical size, weight.
const PAGES: [(&str, u32, u32); 14] = [
    ("/", 48_213, 30),
    ("/about/", 31_407, 6),
    ("/contact/", 27_561, 6),
    ("/blog/", 39_022, 8),
    ("/blog/2026/11/autumn-menu/", 35_518, 9),
    ("/blog/2026/10/new-office/", 33_090, 4),
    ("/shop/", 52_338, 10),
    ("/shop/gift-set-a/", 41_210, 6),
    ("/shop/gift-set-b/", 40_254, 4),
    ("/access/", 24_876, 5),
    ("/faq/", 29_355, 4),
    ("/news/", 30_561, 5),
    ("/privacy-policy/", 22_190, 1),
    ("/feed/", 12_406, 2),
];

/// Static assets: path, size.
const ASSETS: [(&str, u32); 10] = [
    ("/wp-content/themes/example/style.css?ver=1.4.2", 38_211),
    (
        "/wp-includes/css/dist/block-library/style.min.css?ver=6.6.2",
        116_325,
    ),
    ("/wp-includes/js/jquery/jquery.min.js?ver=3.7.1", 87_553),
    (
        "/wp-includes/js/jquery/jquery-migrate.min.js?ver=3.4.1",
        13_577,
    ),
    ("/wp-content/themes/example/js/main.js?ver=1.4.2", 6_120),
    ("/wp-content/uploads/2026/10/hero-1600x900.jpg", 184_332),
    (
        "/wp-content/uploads/2026/11/autumn-menu-800x533.jpg",
        96_114,
    ),
    (
        "/wp-content/themes/example/fonts/noto-sans-jp-400.woff2",
        412_908,
    ),
    ("/wp-content/uploads/2026/09/logo.svg", 3_212),
    ("/favicon.ico", 5_430),
];

/// Where first page views come from.
const REFERRERS: [&str; 4] = [
    "https://search.example/",
    "https://social.example/",
    "https://news.example/article/2211",
    "-",
];

/// nginx's own error pages (nginx/1.22.1): 404, 403, 502 and 504.
pub const NOT_FOUND_BYTES: u32 = 153;
const FORBIDDEN_BYTES: u32 = 153;
const BAD_GATEWAY_BYTES: u32 = 157;
const GATEWAY_TIMEOUT_BYTES: u32 = 167;
/// WordPress's "Error establishing a database connection" page.
const DB_ERROR_BYTES: u32 = 2_573;

const MONITOR_IP: &str = "198.51.100.210";
const MONITOR_UA: &str = "Mozilla/5.0 (compatible; UptimeCheck/1.0; +https://monitor.example.net/)";

/// One HTTP request as the logs show it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Request<'a> {
    pub ip: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    pub proto: &'a str,
    pub referrer: &'a str,
    pub ua: &'a str,
    pub host: &'a str,
}

/// Writes the access log line of `req`.
pub(crate) fn access(
    world: &World,
    out: &mut Sink<'_>,
    t: Time,
    req: &Request<'_>,
    status: u16,
    bytes: u32,
) {
    let Request {
        ip,
        method,
        path,
        proto,
        referrer,
        ua,
        ..
    } = *req;
    let when = world.clock.stamp(t, Style::Clf);
    out.line(
        LogFile::NginxAccess,
        t,
        format_args!(
            r#"{ip} - - [{when}] "{method} {path} {proto}" {status} {bytes} "{referrer}" "{ua}""#
        ),
    );
}

/// Writes an error log line about `req`: `<message>, client: ..., server: ..., request: "...",
/// [upstream: "...", ]host: "..."[, referrer: "..."]`.
#[allow(clippy::too_many_arguments)] // the world, the sink and the random stream, then the line's own facts
pub(crate) fn error(
    world: &World,
    out: &mut Sink<'_>,
    rng: &mut impl Rng,
    t: Time,
    level: &str,
    req: &Request<'_>,
    upstream: bool,
    msg: fmt::Arguments<'_>,
) {
    let when = world.clock.stamp(t, Style::NginxError);
    let worker = NGINX_WORKERS[rng.gen_range(0..NGINX_WORKERS.len())];
    let conn = world.nginx_connection(t, rng);
    let Request {
        ip,
        method,
        path,
        proto,
        referrer,
        host,
        ..
    } = *req;
    let server = &world.domain;
    let up = if upstream {
        format!(r#", upstream: "{UPSTREAM}""#)
    } else {
        String::new()
    };
    let refer = if referrer == "-" {
        String::new()
    } else {
        format!(r#", referrer: "{referrer}""#)
    };
    out.line(
        LogFile::NginxError,
        t,
        format_args!(
            r#"{when} [{level}] {worker}#{worker}: *{conn} {msg}, client: {ip}, server: {server}, request: "{method} {path} {proto}"{up}, host: "{host}"{refer}"#
        ),
    );
}

/// A request that nginx serves from disk: 200 (or 304 when revalidated).
pub(crate) fn serve_static(
    world: &World,
    out: &mut Sink<'_>,
    t: Time,
    req: &Request<'_>,
    size: u32,
    revalidate: bool,
) {
    if revalidate {
        access(world, out, t, req, 304, 0);
    } else {
        access(world, out, t, req, 200, size);
    }
}

/// A file that is not there, answered by nginx itself (404, and the `open()` complaint).
pub(crate) fn serve_missing(
    world: &World,
    out: &mut Sink<'_>,
    rng: &mut impl Rng,
    t: Time,
    req: &Request<'_>,
) {
    let file = req.path.split('?').next().unwrap_or(req.path);
    if file
        .rsplit('/')
        .next()
        .is_some_and(|name| name.starts_with('.'))
        || file.contains("/.")
    {
        error(
            world,
            out,
            rng,
            t,
            "error",
            req,
            false,
            format_args!("access forbidden by rule"),
        );
        access(world, out, t, req, 403, FORBIDDEN_BYTES);
    } else {
        error(
            world,
            out,
            rng,
            t,
            "error",
            req,
            false,
            format_args!(r#"open() "{DOCROOT}{file}" failed (2: No such file or directory)"#),
        );
        access(world, out, t, req, 404, NOT_FOUND_BYTES);
    }
}

/// A request handled by PHP: `status`/`size` when all is well, otherwise whatever the state of
/// PHP and the database at `t` makes of it. Returns the status sent.
pub(crate) fn serve_php(
    world: &World,
    out: &mut Sink<'_>,
    rng: &mut impl Rng,
    t: Time,
    req: &Request<'_>,
    status: u16,
    size: u32,
) -> u16 {
    match world.php(t) {
        Php::Up => {
            if status == 200 && rng.gen_bool(0.006) {
                php_warning(world, out, rng, t, req);
            }
            access(world, out, t, req, status, size);
            status
        }
        Php::DbRefused => {
            error(
                world,
                out,
                rng,
                t,
                "error",
                req,
                true,
                format_args!(
                    r#"FastCGI sent in stderr: "PHP message: PHP Warning:  mysqli_real_connect(): (HY000/2002): Connection refused in {DOCROOT}/wp-includes/class-wpdb.php on line 1982" while reading response header from upstream"#
                ),
            );
            access(world, out, t, req, 500, DB_ERROR_BYTES);
            500
        }
        Php::DbMissing => {
            error(
                world,
                out,
                rng,
                t,
                "error",
                req,
                true,
                format_args!(
                    r#"FastCGI sent in stderr: "PHP message: PHP Warning:  mysqli_real_connect(): (HY000/2002): No such file or directory in {DOCROOT}/wp-includes/class-wpdb.php on line 1982" while reading response header from upstream"#
                ),
            );
            access(world, out, t, req, 500, DB_ERROR_BYTES);
            500
        }
        Php::Jammed => jammed(world, out, rng, t, req),
        Php::Saturated => {
            if rng.gen_bool(0.9) {
                jammed(world, out, rng, t, req)
            } else {
                access(world, out, t, req, status, size);
                status
            }
        }
    }
}

/// PHP-FPM's pool is full: 502 when the listen backlog overflows, 504 when a request waited
/// out `fastcgi_read_timeout`.
fn jammed(
    world: &World,
    out: &mut Sink<'_>,
    rng: &mut impl Rng,
    t: Time,
    req: &Request<'_>,
) -> u16 {
    if rng.gen_bool(0.8) {
        error(
            world,
            out,
            rng,
            t,
            "error",
            req,
            true,
            format_args!(
                "connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream"
            ),
        );
        access(world, out, t, req, 502, BAD_GATEWAY_BYTES);
        502
    } else {
        error(
            world,
            out,
            rng,
            t,
            "error",
            req,
            true,
            format_args!("upstream timed out (110: Connection timed out) while reading response header from upstream"),
        );
        access(world, out, t, req, 504, GATEWAY_TIMEOUT_BYTES);
        504
    }
}

fn php_warning(world: &World, out: &mut Sink<'_>, rng: &mut impl Rng, t: Time, req: &Request<'_>) {
    let (kind, text, file, line) = match rng.gen_range(0..3) {
        0 => (
            "Warning",
            r#"Undefined array key "HTTP_REFERER""#,
            "wp-content/themes/example/functions.php",
            212,
        ),
        1 => (
            "Deprecated",
            "Creation of dynamic property Example_Gallery::$cache is deprecated",
            "wp-content/plugins/example-gallery/includes/class-gallery.php",
            47,
        ),
        _ => (
            "Warning",
            r#"Attempt to read property "ID" on null"#,
            "wp-content/themes/example/inc/related.php",
            88,
        ),
    };
    error(
        world,
        out,
        rng,
        t,
        "error",
        req,
        true,
        format_args!(
            r#"FastCGI sent in stderr: "PHP message: PHP {kind}:  {text} in {DOCROOT}/{file} on line {line}" while reading response header from upstream"#
        ),
    );
}

fn weighted<'a, T>(rng: &mut impl Rng, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
    let total: u32 = items.iter().map(&weight).sum();
    let mut pick = rng.gen_range(0..total.max(1));
    for item in items {
        let w = weight(item);
        if pick < w {
            return item;
        }
        pick -= w;
    }
    &items[items.len() - 1]
}

/// The web site's visitors, crawlers and monitor.
#[derive(Debug)]
pub(crate) struct Web {
    rng: ChaCha8Rng,
    visitors: Pool,
    monitor_phase: i64,
    times: Vec<Time>,
}

impl Web {
    pub fn new(world: &World) -> Self {
        let mut rng = world.rng("web");
        let visitors = Pool::visitors(&mut rng, 420);
        let monitor_phase = rng.gen_range(0..10 * MINUTE);
        Web {
            rng,
            visitors,
            monitor_phase,
            times: Vec::new(),
        }
    }

    fn session(&mut self, world: &World, out: &mut Sink<'_>, start: Time) {
        let rng = &mut self.rng;
        let ip = self.visitors.pick(rng).to_owned();
        if world.blocked(&ip, start) {
            // Dropped by the firewall: nothing reaches nginx.
            return;
        }
        let ua = BROWSERS[rng.gen_range(0..BROWSERS.len())];
        let proto = if rng.gen_bool(0.93) {
            "HTTP/2.0"
        } else {
            "HTTP/1.1"
        };
        let host = if rng.gen_bool(0.9) {
            world.domain.clone()
        } else {
            format!("www.{}", world.domain)
        };
        let mut referrer = REFERRERS[rng.gen_range(0..REFERRERS.len())].to_owned();
        if rng.gen_bool(0.4) {
            referrer = "-".into();
        }
        let mut pages = 1;
        while pages < 6 && rng.gen_bool(0.42) {
            pages += 1;
        }
        let mut t = start;
        for view in 0..pages {
            if world.blocked(&ip, t) {
                return;
            }
            let &(path, size, _) = if view == 0 && rng.gen_bool(0.03) {
                &("/wp-content/uploads/2024/01/flyer.pdf", 21_044, 0)
            } else {
                weighted(rng, &PAGES, |p| p.2)
            };
            let req = Request {
                ip: &ip,
                method: "GET",
                path,
                proto,
                referrer: &referrer,
                ua,
                host: &host,
            };
            let status = if path.ends_with(".pdf") {
                // A link from an old flyer: WordPress's 404 page.
                serve_php(world, out, rng, t, &req, 404, 21_044)
            } else {
                let size = size + rng.gen_range(0..900) - 450;
                serve_php(world, out, rng, t, &req, 200, size)
            };
            if status >= 500 {
                // Reload, a few times, then give up.
                let mut again = t;
                for _ in 0..3 {
                    if !rng.gen_bool(0.6) {
                        break;
                    }
                    again = again.add(rng.gen_range(2 * SECOND..20 * SECOND));
                    if serve_php(world, out, rng, again, &req, 200, size) < 500 {
                        break;
                    }
                }
                return;
            }
            // The page's assets (the browser caches them after the first page).
            let assets = if view == 0 {
                rng.gen_range(2..=4)
            } else {
                u32::from(rng.gen_bool(0.3))
            };
            let mut at = t;
            let page_ref = format!("https://{host}{path}");
            let first = rng.gen_range(0..ASSETS.len());
            for i in 0..assets as usize {
                at = at.add(rng.gen_range(30_000..400_000));
                let &(asset, asize) = &ASSETS[(first + i * 3) % ASSETS.len()];
                let areq = Request {
                    path: asset,
                    referrer: &page_ref,
                    ..req
                };
                serve_static(world, out, at, &areq, asize, view > 0 && rng.gen_bool(0.5));
            }
            if view == 0 && rng.gen_bool(0.04) {
                at = at.add(rng.gen_range(30_000..300_000));
                let icon = Request {
                    path: "/apple-touch-icon.png",
                    referrer: "-",
                    ..req
                };
                serve_missing(world, out, rng, at, &icon);
            }
            if path == "/contact/" && rng.gen_bool(0.25) {
                // The visitor fills in the contact form: WordPress mails the site owner.
                let sent = t.add(rng.gen_range(40 * SECOND..180 * SECOND));
                let post = Request {
                    method: "POST",
                    referrer: &page_ref,
                    ..req
                };
                if serve_php(world, out, rng, sent, &post, 200, 27_942) == 200 {
                    let queued = sent.add(-rng.gen_range(150_000..400_000));
                    mail::contact_form(world, out, rng, queued);
                }
                return;
            }
            referrer = page_ref;
            t = t.add(rng.gen_range(8 * SECOND..150 * SECOND));
        }
    }

    fn crawler(&mut self, world: &World, out: &mut Sink<'_>, t: Time) {
        let rng = &mut self.rng;
        let i = rng.gen_range(0..CRAWLERS.len());
        let ip = format!("198.51.100.{}", 150 + i * 7 + rng.gen_range(0..5));
        let req = Request {
            ip: &ip,
            method: "GET",
            path: "/robots.txt",
            proto: "HTTP/1.1",
            referrer: "-",
            ua: CRAWLERS[i],
            host: &world.domain,
        };
        if rng.gen_bool(0.06) {
            serve_static(world, out, t, &req, 67, false);
        } else {
            let &(path, size, _) = weighted(rng, &PAGES, |p| p.2);
            let req = Request { path, ..req };
            let size = size + rng.gen_range(0..900) - 450;
            serve_php(world, out, rng, t, &req, 200, size);
        }
    }
}

impl Generator for Web {
    fn run(&mut self, window: Window, world: &World, out: &mut Sink<'_>) {
        let per_day = f64::from(world.size.requests_per_day);
        let factor = self.rng.gen_range(0.88..1.12);
        // About 86% of requests come from visitors' sessions (~4.9 requests each).
        let mut times = std::mem::take(&mut self.times);
        times.clear();
        arrivals(
            world,
            &mut self.rng,
            &Profile::WEB,
            per_day * 0.86 / 4.9 * factor,
            window.from,
            window.to,
            &mut times,
        );
        for &t in &times {
            self.session(world, out, t);
        }
        times.clear();
        arrivals(
            world,
            &mut self.rng,
            &Profile::FLAT,
            per_day * 0.08,
            window.from,
            window.to,
            &mut times,
        );
        for &t in &times {
            self.crawler(world, out, t);
        }
        // The uptime monitor, every ten minutes.
        let period = 10 * MINUTE;
        let mut t = Time::from_micros(
            window.from.micros().div_euclid(period) * period + self.monitor_phase,
        );
        while t < window.to {
            if t >= window.from {
                let req = Request {
                    ip: MONITOR_IP,
                    method: "GET",
                    path: "/",
                    proto: "HTTP/1.1",
                    referrer: "-",
                    ua: MONITOR_UA,
                    host: &world.domain,
                };
                let at = t.add(self.rng.gen_range(0..400_000));
                let size = 48_213 + self.rng.gen_range(0..600);
                serve_php(world, out, &mut self.rng, at, &req, 200, size);
            }
            t = t.add(period);
        }
        // TLS noise from scanners.
        times.clear();
        arrivals(
            world,
            &mut self.rng,
            &Profile::FLAT,
            2.0,
            window.from,
            window.to,
            &mut times,
        );
        for &t in &times {
            let when = world.clock.stamp(t, Style::NginxError);
            let worker = NGINX_WORKERS[self.rng.gen_range(0..2)];
            let conn = world.nginx_connection(t, &mut self.rng);
            let ip = crate::names::noise_attacker(&mut self.rng);
            out.line(
                LogFile::NginxError,
                t,
                format_args!(
                    "{when} [crit] {worker}#{worker}: *{conn} SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key share) while SSL handshaking, client: {ip}, server: 0.0.0.0:443"
                ),
            );
        }
        self.times = times;
    }
}
