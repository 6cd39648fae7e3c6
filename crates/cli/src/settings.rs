//! From what the user typed to what the analyzer needs: the zone, the incident time, the
//! window. Every decision derived from the arguments lives here.

use anyhow::{anyhow, bail, Context as _, Result};
use chrono::{DateTime, NaiveDateTime};
use logparse::{AccessFormat, Format, TimeResolver, Timestamp, Zone};

use crate::args::{AnalyzeArgs, FormatArg};

/// The analyzer's options from `postmortem analyze`'s arguments.
pub fn analyze_options(args: &AnalyzeArgs) -> Result<analyzer::Options> {
    let zone = zone(args.common.tz.as_deref())?;
    let mut options = analyzer::Options::new(args.paths.clone());
    options.zone = zone.clone();
    options.window_secs = window_secs(&args.window)?;
    options.at = args
        .at
        .as_deref()
        .map(|at| incident_time(at, &zone))
        .transpose()?;
    options.client_ip = args.client_ip.map(|ip| ip.to_string());
    options.access_format = access_format(args.common.log_format.as_deref())?;
    Ok(options)
}

/// `--log-format`: the compiled format, or an error that names the place in the string and
/// points at it.
pub fn access_format(text: Option<&str>) -> Result<Option<AccessFormat>> {
    let Some(text) = text else {
        return Ok(None);
    };
    AccessFormat::parse(text).map(Some).map_err(|e| {
        let position = e.position().min(text.len());
        let before = text.get(..position).unwrap_or(text);
        // The line of the string the error is on (a pasted directive has several).
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line_end = text
            .get(position..)
            .and_then(|rest| rest.find('\n'))
            .map_or(text.len(), |i| position + i);
        let line = text.get(line_start..line_end).unwrap_or_default();
        let lead = text.get(line_start..position).unwrap_or_default();
        let column = crate::escape::terminal(lead).chars().count();
        let place = if text.contains('\n') {
            let number = before.matches('\n').count() + 1;
            format!("line {number}, column {}", lead.chars().count() + 1)
        } else {
            format!("character {}", lead.chars().count() + 1)
        };
        anyhow!(
            "--log-format: {} at {place}:\n  {}\n  {}^",
            e.message(),
            crate::escape::terminal(line),
            " ".repeat(column)
        )
    })
}

/// The zone named by `--tz`, else the system's (the `TZ` variable, then the system setting),
/// else UTC.
pub fn zone(tz: Option<&str>) -> Result<Zone> {
    if let Some(name) = tz {
        return Zone::parse(name).ok_or_else(|| {
            anyhow!("--tz {name:?} is neither an IANA zone (Asia/Tokyo) nor an offset (+09:00)")
        });
    }
    let system = std::env::var("TZ")
        .ok()
        .map(|s| s.trim_start_matches(':').to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| iana_time_zone::get_timezone().ok());
    Ok(system.and_then(|s| Zone::parse(&s)).unwrap_or(Zone::UTC))
}

/// `--at`: RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` (also with `T`) in the zone.
pub fn incident_time(at: &str, zone: &Zone) -> Result<Timestamp> {
    let at = at.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(at) {
        return Ok(Timestamp::from_datetime(&dt));
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(at, fmt) {
            let text = naive.format("%Y-%m-%d %H:%M:%S").to_string();
            let (partial, _) = logparse::parse_ymd_hms(text.as_bytes(), b'-')
                .context("internal: reformatted time did not parse")?;
            return TimeResolver::new(zone.clone())
                .resolve(&partial)
                .ok_or_else(|| anyhow!("--at {at:?} is not a valid time"));
        }
    }
    bail!("--at {at:?}: use RFC 3339 (2026-11-24T14:05:00+09:00) or 'YYYY-MM-DD HH:MM[:SS]'")
}

/// `--window`: `90m`, `24h`, `2d`, `3600s`, or a combination such as `1h30m`.
pub fn window_secs(text: &str) -> Result<i64> {
    let mut total: i64 = 0;
    let mut number = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 7 * 86_400,
            _ => bail!("--window {text:?}: use a number and a unit, e.g. 90m, 24h, 2d"),
        };
        let n: i64 = number
            .parse()
            .map_err(|_| anyhow!("--window {text:?}: a unit needs a number before it"))?;
        total = total.saturating_add(n.saturating_mul(unit));
        number.clear();
    }
    if !number.is_empty() {
        bail!("--window {text:?}: the number needs a unit (s, m, h, d)");
    }
    if total <= 0 {
        bail!("--window {text:?} must be longer than zero");
    }
    Ok(total)
}

/// `--format`.
pub fn format(arg: FormatArg) -> Option<Format> {
    match arg {
        FormatArg::Auto => None,
        FormatArg::NginxAccess => Some(Format::NginxAccess),
        FormatArg::NginxError => Some(Format::NginxError),
        FormatArg::Postfix => Some(Format::Postfix),
        FormatArg::Mariadb => Some(Format::Mariadb),
        FormatArg::Fail2ban => Some(Format::Fail2ban),
        FormatArg::Syslog => Some(Format::Syslog),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows() {
        assert_eq!(window_secs("90m").unwrap(), 5400);
        assert_eq!(window_secs("24h").unwrap(), 86_400);
        assert_eq!(window_secs("2d").unwrap(), 172_800);
        assert_eq!(window_secs("1h30m").unwrap(), 5400);
        assert!(window_secs("24").is_err());
        assert!(window_secs("h").is_err());
        assert!(window_secs("0m").is_err());
        assert!(window_secs("3x").is_err());
    }

    #[test]
    fn incident_times() {
        let tokyo = Zone::parse("Asia/Tokyo").unwrap();
        let t = incident_time("2026-11-24 14:05", &tokyo).unwrap();
        assert_eq!(t.to_string(), "2026-11-24T14:05:00+09:00");
        let t = incident_time("2026-11-24T05:05:00Z", &tokyo).unwrap();
        assert_eq!(
            t.secs,
            incident_time("2026-11-24 14:05:00", &tokyo).unwrap().secs
        );
        assert!(incident_time("yesterday", &tokyo).is_err());
    }

    #[test]
    fn log_formats() {
        assert!(access_format(None).unwrap().is_none());
        let combined = r#"$remote_addr - $remote_user [$time_local] "$request" $status"#;
        assert!(access_format(Some(combined)).unwrap().is_some());
        let err = access_format(Some("$remote_addr [$time_local] $ $status"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("at character 28:"), "{err}");
        assert!(
            err.ends_with(&format!("\n  {}^", " ".repeat(27))),
            "{err:?}"
        );
        let pasted = "log_format main '$remote_addr'\n    ' [$time_local] ${status';";
        let err = access_format(Some(pasted)).unwrap_err().to_string();
        assert!(err.contains("at line 2, column 22:"), "{err}");
        assert!(
            err.ends_with(&format!("\n  {}^", " ".repeat(21))),
            "{err:?}"
        );
        let err = access_format(Some("$remote_addr $status"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("$time_local"), "{err}");
    }

    #[test]
    fn zones() {
        assert!(zone(Some("Asia/Tokyo")).is_ok());
        assert!(zone(Some("+09:00")).is_ok());
        assert!(zone(Some("Nowhere/City")).is_err());
    }
}
