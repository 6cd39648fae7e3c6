//! The `postmortem` command: arguments in, reports out. All analysis lives in the `analyzer`
//! and `logparse` crates.

mod args;
mod escape;
mod html;
mod man;
mod ndjson;
mod progress;
mod settings;
mod text;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::{CommandFactory as _, Parser as _};

use args::{AnalyzeArgs, Cli, ColorChoice, Command, ParseArgs};

/// What to pass instead, after a run that found nothing to read.
const HINT: &str = "pass the directory that holds the logs (nginx/, mail.log, mysql/, fail2ban.log, syslog ...) or the log files themselves, e.g. postmortem analyze /var/log";

fn main() -> ExitCode {
    pad_thread_heaps();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(a) => analyze(a),
        Command::Parse(p) => parse(p),
        Command::Completions(c) => completions(c.shell),
        Command::Man => man(),
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

/// Asks glibc to grow each heap by 16 MB more than it needs at a time. Each worker thread allocates from a
/// heap of its own ("arena"), which glibc makes writable one page at a time as it grows: a scan
/// of a 25 MB mail log made some 900 `mprotect` calls, each taking the address space's lock
/// that the other thread's page faults need. Padded, a heap is made writable once; pages
/// still cost memory only once written, so peak RSS is unchanged (41 MB for the 2 GB tree,
/// against 39). The run was 5-6 % faster in wall time (paired, 31 rounds).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn pad_thread_heaps() {
    const HEAP_PAD: i32 = 16 << 20;
    // SAFETY: `mallopt` only sets a parameter of glibc's allocator; it takes its own lock
    // and may be called at any time. Here it runs before any thread is started.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, HEAP_PAD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn pad_thread_heaps() {}

fn analyze(args: AnalyzeArgs) -> Result<ExitCode> {
    thread_pool(args.common.threads)?;
    let options = match settings::analyze_options(&args) {
        Ok(o) => o,
        Err(e) => return Ok(usage_error(&e)),
    };

    let show_progress = !args.common.quiet && io::stderr().is_terminal();
    let bar = progress::Bar::stderr(show_progress, args.color != ColorChoice::Never);
    let result = analyzer::analyze(&options, &|p| bar.update(p));
    // Nothing else may reach the terminal while the bar is drawn.
    bar.clear();
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("postmortem: {}", escape::terminal(&e.to_string()));
            explain_missing(&args.paths);
            if matches!(e, analyzer::Error::NothingParsed { .. }) {
                eprintln!(
                    "postmortem: the logs read are nginx access and error logs, the mail log (Postfix, dovecot), MariaDB/MySQL, Fail2Ban and syslog; 'postmortem parse FILE' shows what is recognised, line by line"
                );
            } else {
                eprintln!("postmortem: {HINT}");
            }
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
        let options = text::Options {
            verbose: args.verbose,
        };
        text::render(&mut out, &report, &options)?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A value clap accepted but that means nothing (`--window forever`): bad usage, exit 2.
/// Each line of the message is escaped on its own, so that a pointer under a value stays
/// on the line below it.
fn usage_error(e: &anyhow::Error) -> ExitCode {
    let message = format!("{e:#}");
    let lines: Vec<String> = message.split('\n').map(escape::terminal).collect();
    eprintln!("postmortem: {}", lines.join("\n"));
    ExitCode::from(2)
}

fn parse(args: ParseArgs) -> Result<ExitCode> {
    thread_pool(args.common.threads)?;
    let zone = match settings::zone(args.common.tz.as_deref()) {
        Ok(z) => z,
        Err(e) => return Ok(usage_error(&e)),
    };
    let access = match settings::access_format(args.common.log_format.as_deref()) {
        Ok(a) => a,
        Err(e) => return Ok(usage_error(&e)),
    };
    let format = settings::format(args.format);
    if let (Some(f), Some(_)) = (format, &access) {
        if f != logparse::Format::NginxAccess {
            let e = anyhow::anyhow!("--log-format reads access logs: it cannot be used with --format {f} (use --format nginx_access or auto)");
            return Ok(usage_error(&e));
        }
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let (files, _events) = ndjson::run(&mut out, &args.paths, format, access.as_ref(), zone)?;
    out.flush()?;
    if files == 0 {
        eprintln!("postmortem: no log files found under the given paths");
        eprintln!("postmortem: {HINT}");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Names the paths that do not exist or cannot be looked at, the usual reasons for finding
/// nothing.
fn explain_missing(paths: &[std::path::PathBuf]) {
    for path in paths {
        let name = escape::terminal(&path.display().to_string());
        match std::fs::metadata(path) {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                eprintln!("postmortem: {name} does not exist");
            }
            Err(e) => eprintln!("postmortem: {name}: {e}"),
        }
    }
}

/// `postmortem completions SHELL`.
fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "postmortem", &mut out);
    let stdout = io::stdout();
    let mut stdout = stdout.lock();
    stdout.write_all(&out)?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `postmortem man`.
fn man() -> Result<ExitCode> {
    let mut page = Vec::new();
    man::render(&mut page)?;
    let stdout = io::stdout();
    let mut stdout = stdout.lock();
    stdout.write_all(&page)?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
