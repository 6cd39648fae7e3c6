//! The command line as the user typed it: clap structures that only validate syntax. Decisions
//! derived from them (zones, the incident time, defaults) are made in [`crate::settings`].

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// postmortem: what took the server down? Reads nginx, Postfix, MariaDB, Fail2Ban and syslog
/// logs, rotated and compressed, rebuilds the hours before an outage and names the likely cause
/// with the log lines that prove it.
#[derive(Debug, Parser)]
#[command(name = "postmortem", version, about, long_about = None)]
#[command(after_help = "Examples:
  postmortem analyze /var/log
  postmortem analyze --tz Asia/Tokyo --at '2026-11-24 14:05' /srv/copy-of-var-log
  postmortem analyze --client-ip 198.51.100.23 /var/log
  postmortem analyze --json /var/log > report.json
  postmortem parse --format postfix /var/log/mail.log | jq .kind")]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read every log under the paths and report what happened before the incident.
    Analyze(AnalyzeArgs),
    /// Print one JSON object per recognised line (NDJSON), in file order.
    Parse(ParseArgs),
}

/// Options shared by both subcommands.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// IANA zone (Asia/Tokyo) or offset (+09:00) for timestamps that carry no offset
    /// [default: the system's zone].
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// Worker threads [default: all cores].
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress display.
    #[arg(short, long)]
    pub quiet: bool,
}

/// `postmortem analyze`.
#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// Log files or directories (plain, .gz, rotated sets).
    #[arg(value_name = "PATH", default_value = "/var/log")]
    pub paths: Vec<PathBuf>,
    /// Incident time: RFC 3339, or 'YYYY-MM-DD HH:MM[:SS]' in --tz [default: detected].
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// How far back to look from the incident (90m, 24h, 2d).
    #[arg(long, value_name = "DUR", default_value = "24h")]
    pub window: String,
    /// Also answer: was this client banned or blocked, by what, when, and is it still?
    #[arg(long, value_name = "IP")]
    pub client_ip: Option<std::net::IpAddr>,
    /// Print the report as JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also write a self-contained HTML report to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Colour the text report.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(flatten)]
    pub common: Common,
}

/// `postmortem parse`.
#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// Log files or directories.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Read every file as this format instead of detecting it.
    #[arg(long, value_name = "FORMAT", default_value = "auto")]
    pub format: FormatArg,
    #[command(flatten)]
    pub common: Common,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Detect each file's format from its content.
    Auto,
    /// nginx/Apache access log.
    NginxAccess,
    /// nginx error log.
    NginxError,
    /// The mail log (Postfix and the programs beside it).
    Postfix,
    /// MariaDB/MySQL error log.
    Mariadb,
    /// Fail2Ban's log.
    Fail2ban,
    /// syslog, messages, kern.log, auth.log, journalctl text.
    Syslog,
}
