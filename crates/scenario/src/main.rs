//! `pm-scenario`: writes a generated log tree and its expected answer.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use scenario::{Scenario, Size, Summary};

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
