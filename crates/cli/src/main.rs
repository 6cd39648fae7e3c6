//! The `postmortem` command: arguments in, reports out. All analysis lives in the `analyzer`
//! and `logparse` crates.

mod args;
mod escape;
mod html;
mod ndjson;
mod settings;
mod text;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Parser as _;

use args::{AnalyzeArgs, Cli, ColorChoice, Command, ParseArgs};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(a) => analyze(a),
        Command::Parse(p) => parse(p),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`| head`) is not an error worth a message.
            if e.downcast_ref::<io::Error>()
                .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("postmortem: {}", escape::terminal(&format!("{e:#}")));
            ExitCode::from(1)
        }
    }
}

/// `-j N`: the size of the worker pool (rayon's default is one thread per core).
fn thread_pool(threads: Option<usize>) -> Result<()> {
    if let Some(n) = threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("cannot start the worker threads")?;
    }
    Ok(())
}

fn analyze(args: AnalyzeArgs) -> Result<ExitCode> {
    thread_pool(args.common.threads)?;
    let options = match settings::analyze_options(&args) {
        Ok(o) => o,
        Err(e) => return Ok(usage_error(&e)),
    };

    let show_progress = !args.common.quiet && io::stderr().is_terminal();
    let progress = |p: analyzer::Progress| {
        if show_progress {
            eprint!(
                "\r\x1b[2Kreading {}/{} files, {} of {} MB",
                p.files_done,
                p.files_total,
                p.bytes_done >> 20,
                p.bytes_total >> 20
            );
        }
    };
    let result = analyzer::analyze(&options, &progress);
    if show_progress {
        eprint!("\r\x1b[2K");
    }
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("postmortem: {}", escape::terminal(&e.to_string()));
            eprintln!(
                "postmortem: pass the directory that holds the logs (nginx/, mail.log, mysql/, fail2ban.log, syslog ...) or the log files themselves"
            );
            return Ok(ExitCode::from(1));
        }
    };
    if let Some(path) = &args.html {
        std::fs::write(path, html::render(&report))
            .with_context(|| format!("cannot write the HTML report to {}", path.display()))?;
    }
    let stdout = io::stdout();
    if args.json {
        let mut out = io::BufWriter::new(stdout.lock());
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
        out.flush()?;
    } else {
        // AutoStream strips the styles when stdout is no terminal or NO_COLOR is set (auto).
        let choice = match args.color {
            ColorChoice::Always => anstream::ColorChoice::Always,
            ColorChoice::Never => anstream::ColorChoice::Never,
            ColorChoice::Auto => anstream::ColorChoice::Auto,
        };
        let mut out = io::BufWriter::new(anstream::AutoStream::new(stdout.lock(), choice));
        text::render(&mut out, &report)?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A value clap accepted but that means nothing (`--window forever`): bad usage, exit 2.
fn usage_error(e: &anyhow::Error) -> ExitCode {
    eprintln!("postmortem: {}", escape::terminal(&format!("{e:#}")));
    ExitCode::from(2)
}

fn parse(args: ParseArgs) -> Result<ExitCode> {
    thread_pool(args.common.threads)?;
    let zone = match settings::zone(args.common.tz.as_deref()) {
        Ok(z) => z,
        Err(e) => return Ok(usage_error(&e)),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let (files, _events) = ndjson::run(&mut out, &args.paths, settings::format(args.format), zone)?;
    out.flush()?;
    if files == 0 {
        eprintln!("postmortem: no log files found under the given paths");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
