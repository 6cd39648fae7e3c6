//! `pm-scenario`: writes a generated log tree and its expected answer.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use scenario::{Kind, Scenario, Size, Summary};

#[derive(Parser, Debug)]
#[command(
    name = "pm-scenario",
    version,
    about = "Generate realistic /var/log trees with a known incident"
)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// The founding story (mass mail → OOM kill → database down) into DIR/var/log.
    Demo {
        /// Target directory (its generated files are replaced, nothing else).
        #[arg(default_value = "fixtures/demo")]
        dir: PathBuf,
        /// Seed (the committed fixture uses the default).
        #[arg(long)]
        seed: Option<u64>,
        /// Multiply the background traffic (benchmarks).
        #[arg(long, default_value_t = 1)]
        scale: u32,
    },
    /// MariaDB crashes on its own (signal 11), restarted by systemd (Asia/Tokyo).
    #[command(name = "db_crash")]
    DbCrash(KindArgs),
    /// The admin stops MariaDB and forgets it (Europe/Berlin, across the DST change).
    #[command(name = "db_stopped")]
    DbStopped(KindArgs),
    /// The root filesystem fills up; MariaDB blocks, aborts, cannot restart (America/New_York).
    #[command(name = "disk_full")]
    DiskFull(KindArgs),
    /// Fail2Ban bans the office's address after failed IMAP logins (Asia/Tokyo).
    #[command(name = "client_banned")]
    ClientBanned(KindArgs),
    /// An xmlrpc.php/wp-login.php flood saturates PHP-FPM: 502/504 (UTC).
    #[command(name = "web_attack")]
    WebAttack(KindArgs),
    /// The OOM killer kills MariaDB with no burst behind it, across New Year, RFC 3164
    /// syslog stamps (America/Los_Angeles).
    #[command(name = "oom_no_cause")]
    OomNoCause(KindArgs),
    /// List the scenario kinds and their expected root causes.
    List,
    /// Days of ordinary background with no incident.
    Background {
        /// Target directory.
        dir: PathBuf,
        /// How many days.
        #[arg(long, default_value_t = 3)]
        days: u32,
        /// Seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Multiply the background traffic (benchmarks).
        #[arg(long, default_value_t = 1)]
        scale: u32,
    },
}

/// Where and with which seed to write an incident scenario.
#[derive(clap::Args, Debug)]
struct KindArgs {
    /// Target directory (its generated files are replaced, nothing else).
    dir: PathBuf,
    /// Seed (the tests use the kind's default).
    #[arg(long)]
    seed: Option<u64>,
}

fn kind_scenario(kind: Kind, args: KindArgs) -> (Scenario, PathBuf) {
    let seed = args.seed.unwrap_or_else(|| kind.default_seed());
    (kind.scenario(seed), args.dir)
}

fn print(summary: &Summary) {
    let mut bytes = 0;
    for f in &summary.files {
        println!(
            "{:>9} lines {:>10} bytes  var/log/{}",
            f.lines, f.bytes, f.path
        );
        bytes += f.bytes;
    }
    println!(
        "{:>9} lines {:>10} bytes  (uncompressed)",
        summary.lines(),
        bytes
    );
}

fn main() -> ExitCode {
    let args = Args::parse();
    let (scenario, dir) = match args.command {
        Command::Demo { dir, seed, scale } => {
            let mut s = Scenario::demo();
            if let Some(seed) = seed {
                s.seed = seed;
            }
            s.size = Size::scaled(scale);
            (s, dir)
        }
        Command::Background {
            dir,
            days,
            seed,
            scale,
        } => (Scenario::background(seed, days, Size::scaled(scale)), dir),
        Command::DbCrash(a) => kind_scenario(Kind::DbCrash, a),
        Command::DbStopped(a) => kind_scenario(Kind::DbStopped, a),
        Command::DiskFull(a) => kind_scenario(Kind::DiskFull, a),
        Command::ClientBanned(a) => kind_scenario(Kind::ClientBanned, a),
        Command::WebAttack(a) => kind_scenario(Kind::WebAttack, a),
        Command::OomNoCause(a) => kind_scenario(Kind::OomNoCause, a),
        Command::List => {
            for kind in Kind::ALL {
                let s = kind.scenario(kind.default_seed());
                println!(
                    "{:<14} root cause {:<14} {}",
                    kind.name(),
                    s.incident.root_cause().unwrap_or("-"),
                    s.host.zone.name()
                );
            }
            return ExitCode::SUCCESS;
        }
    };
    match scenario::generate(&scenario, &dir) {
        Ok(summary) => {
            print(&summary);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("pm-scenario: {e}");
            ExitCode::FAILURE
        }
    }
}
