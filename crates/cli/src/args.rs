//! The command line as the user typed it: clap structures that only validate syntax. Decisions
//! derived from them (zones, the incident time, defaults) are made in [`crate::settings`].

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// What took the server down? postmortem reads a web and mail server's logs (nginx, Postfix and
/// the mail log, MariaDB/MySQL, Fail2Ban, the kernel and the rest of syslog), rotated and
/// compressed, rebuilds the hours before an outage, and names the likely cause with the log
/// lines that prove it.
///
/// Run it on the server itself (postmortem analyze) or on a copy of its /var/log (pass the
/// server's zone with --tz). Inputs are only ever opened for reading.
#[derive(Debug, Parser)]
#[command(name = "postmortem", version, about)]
#[command(after_help = "\
Examples:
  postmortem analyze                                  # this server's /var/log
  postmortem analyze --tz Asia/Tokyo ./copy-of-var-log
  postmortem analyze --client-ip 198.51.100.23 /var/log
  postmortem analyze --json /var/log > report.json
  postmortem parse --format postfix /var/log/mail.log | jq .kind

Every option of a command: postmortem analyze --help, postmortem parse --help.
Manual page: postmortem man | man -l -    Completions: postmortem completions --help")]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The examples, exit statuses and environment of `postmortem analyze --help`.
const ANALYZE_AFTER_HELP: &str = "\
Examples:
  postmortem analyze                                  # this server's /var/log
  postmortem analyze --tz Asia/Tokyo ./copy-of-var-log
  postmortem analyze --at '2026-11-24 14:05' --window 2h /var/log
  postmortem analyze --client-ip 198.51.100.23 /var/log
  postmortem analyze --json /var/log > report.json    # fields: docs/report.md
  postmortem analyze --html report.html /var/log

Exit status: 0 a report was produced (whatever it found), 1 nothing could be read or
analysed (the message says why), 2 bad usage.
Environment: TZ is the default of --tz; NO_COLOR turns colour off under --color auto.";

/// The examples of `postmortem parse --help`.
const PARSE_AFTER_HELP: &str = "\
Each line: {\"ts\", \"source\", \"kind\", \"file\", \"line\", ...the fields of the line} (docs/events.md).

Examples:
  postmortem parse --tz Asia/Tokyo /var/log/mail.log | jq -c 'select(.uid == 33)'
  postmortem parse --format nginx_access /srv/logs/site.log | jq -r .status | sort | uniq -c";

/// How to install what `postmortem completions` prints.
const COMPLETIONS_AFTER_HELP: &str = "\
Install:
  bash  postmortem completions bash > ~/.local/share/bash-completion/completions/postmortem
  zsh   postmortem completions zsh > ~/.zfunc/_postmortem   (with fpath+=~/.zfunc before compinit)
  fish  postmortem completions fish > ~/.config/fish/completions/postmortem.fish";

/// How to read what `postmortem man` prints.
const MAN_AFTER_HELP: &str = "\
Read it:     postmortem man | man -l -
Install it:  postmortem man > /usr/local/share/man/man1/postmortem.1";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read every log under the paths and report what happened before the incident.
    #[command(after_help = ANALYZE_AFTER_HELP)]
    Analyze(AnalyzeArgs),
    /// Print one JSON object per recognised line (NDJSON), in file order.
    #[command(after_help = PARSE_AFTER_HELP)]
    Parse(ParseArgs),
    /// Print a shell completion script to stdout.
    #[command(after_help = COMPLETIONS_AFTER_HELP)]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to stdout.
    #[command(after_help = MAN_AFTER_HELP)]
    Man,
}

/// Options shared by both subcommands.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// IANA zone (Asia/Tokyo) or offset (+09:00) for timestamps that carry no offset
    /// (MariaDB, Fail2Ban, nginx's error log, classic syslog); pass the server's zone when you
    /// read a copy of its logs elsewhere (a warning names the logs' own offset when it
    /// disagrees) [default: the system's zone, TZ first].
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
    /// The access-log format the server writes, when it is not combined or common: the nginx
    /// log_format string ('$remote_addr - $remote_user [$time_local] "$request" $status
    /// $body_bytes_sent rt=$request_time'), the whole log_format directive pasted from
    /// nginx.conf, or an Apache LogFormat string ('%h %l %u %t "%r" %>s %b'). Files it reads at
    /// least as well as the built-in formats are read with it as nginx_access.
    #[arg(long, value_name = "LOG_FORMAT")]
    pub log_format: Option<String>,
    /// Worker threads [default: all cores].
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress display (there is none when stderr is not a terminal).
    #[arg(short, long, help_heading = "Output")]
    pub quiet: bool,
}

/// `postmortem analyze`.
#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// Log files or directories: plain or compressed (gzip, zstd, xz, bzip2), rotated sets
    /// read as one stream; each file's format is detected from its content.
    #[arg(value_name = "PATH", default_value = "/var/log")]
    pub paths: Vec<PathBuf>,
    /// Incident time: RFC 3339, or 'YYYY-MM-DD HH:MM[:SS]' in --tz [default: the onset of
    /// the latest outage in the logs, else their end].
    #[arg(long, value_name = "TIME", help_heading = "Incident")]
    pub at: Option<String>,
    /// How far back to look from the incident: 90m, 24h, 2d, 1h30m.
    #[arg(
        long,
        value_name = "DUR",
        default_value = "24h",
        help_heading = "Incident"
    )]
    pub window: String,
    /// Also answer: was this client banned or blocked, by what, when, and is it still?
    #[arg(long, value_name = "IP", help_heading = "Incident")]
    pub client_ip: Option<std::net::IpAddr>,
    /// Print the report as JSON instead of text (postmortem.report.v1, see docs/report.md).
    #[arg(long, help_heading = "Output")]
    pub json: bool,
    /// Also write a self-contained HTML report to FILE (no scripts, no network).
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub html: Option<PathBuf>,
    /// Colour the text report; NO_COLOR is honoured, pipes get none under auto.
    #[arg(long, value_name = "WHEN", value_enum, default_value_t = ColorChoice::Auto, help_heading = "Output")]
    pub color: ColorChoice,
    /// List every file not read (binary, unrecognised, unreadable, older than the window)
    /// with its reason in the text report [default: a count per reason]; --json always lists
    /// them. Works with --quiet, which only turns the progress display off.
    #[arg(short, long, help_heading = "Output")]
    pub verbose: bool,
    #[command(flatten)]
    pub common: Common,
}

/// `postmortem completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
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

/// `--format`: the contract's format names (`nginx_access`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Detect each file's format from its content.
    Auto,
    /// nginx/Apache access log.
    #[value(name = "nginx_access", alias = "nginx-access")]
    NginxAccess,
    /// nginx error log.
    #[value(name = "nginx_error", alias = "nginx-error")]
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
