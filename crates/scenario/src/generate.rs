//! The pipeline: scenario → world → generators → sink → rotated files, and the expected answer.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::expected::{Expected, Span};
use crate::gen::mail::Mail;
use crate::gen::mariadb::Mariadb;
use crate::gen::scanners::Scanners;
use crate::gen::system::System;
use crate::gen::web::Web;
use crate::gen::{Generator, Window};
use crate::rotate::{FileStat, RotatingWriter};
use crate::scenario::Scenario;
use crate::sink::{LogFile, Sink};
use crate::time::{Style, Time};
use crate::world::World;

/// Why a tree could not be generated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What went wrong.
        source: io::Error,
    },
    /// The target holds a `var/log` tree that is not a generated one.
    #[error(
        "refusing to write into {}: it has a var/log but no EXPECTED.json, so it is not a generated tree",
        .0.display()
    )]
    NotGenerated(PathBuf),
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_owned(),
        source,
    }
}

/// What was generated.
#[derive(Clone, Debug)]
pub struct Summary {
    /// Every log file written, relative to `var/log`, oldest rotation first per log.
    pub files: Vec<FileStat>,
    /// The expected answer (also written to `EXPECTED.json`).
    pub expected: Expected,
}

impl Summary {
    /// Total lines over all files.
    pub fn lines(&self) -> u64 {
        self.files.iter().map(|f| f.lines).sum()
    }
}

/// Name of the expected answer beside the tree.
pub const EXPECTED_FILE: &str = "EXPECTED.json";

/// Sets the modification time of `path` to `t`, as the server's last write left it.
fn set_mtime(path: &Path, t: Time) -> Result<(), Error> {
    let when = if t.micros() >= 0 {
        std::time::UNIX_EPOCH + std::time::Duration::from_micros(t.micros().unsigned_abs())
    } else {
        std::time::UNIX_EPOCH
    };
    fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(when))
        .map_err(io_at(path))
}

/// Whether `name` is one of the files a rotated set of `base` consists of.
fn is_generated(base: &str, name: &str) -> bool {
    let Some(rest) = name.strip_prefix(base) else {
        return false;
    };
    let rest = rest.strip_suffix(".gz").unwrap_or(rest);
    rest.is_empty()
        || rest
            .strip_prefix('.')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Checks that `dir` may be written and removes the files a previous run generated there (and
/// only those: the rotated sets of the known logs and `EXPECTED.json`).
fn prepare(dir: &Path) -> Result<(), Error> {
    let log_dir = dir.join("var/log");
    if log_dir.exists() && !dir.join(EXPECTED_FILE).exists() {
        return Err(Error::NotGenerated(dir.to_owned()));
    }
    for file in LogFile::ALL {
        let path = log_dir.join(file.path());
        let (Some(parent), Some(base)) = (path.parent(), path.file_name().and_then(|n| n.to_str()))
        else {
            continue;
        };
        let entries = match fs::read_dir(parent) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io_at(parent)(e)),
        };
        for entry in entries {
            let entry = entry.map_err(io_at(parent))?;
            let name = entry.file_name();
            if name.to_str().is_some_and(|n| is_generated(base, n)) && entry.path().is_file() {
                fs::remove_file(entry.path()).map_err(io_at(&entry.path()))?;
            }
        }
    }
    Ok(())
}

/// Generates `scenario`'s log tree under `dir/var/log` and its answer in `dir/EXPECTED.json`.
///
/// Files a previous run generated in `dir` are replaced; nothing else there is touched. A
/// `dir` that has a `var/log` but no `EXPECTED.json` is refused (it may be a real system's).
pub fn generate(scenario: &Scenario, dir: &Path) -> Result<Summary, Error> {
    prepare(dir)?;
    let world = World::new(scenario);
    let log_dir = dir.join("var/log");
    fs::create_dir_all(&log_dir).map_err(io_at(&log_dir))?;

    let extra = scenario
        .extra_bans
        .iter()
        .map(|t| world.clock.at(*t))
        .collect();
    let mut gens: Vec<Box<dyn Generator>> = vec![
        Box::new(Web::new(&world)),
        Box::new(Mail::new(&world)),
        Box::new(Scanners::new(&world, extra)),
        Box::new(System::new(&world, scenario.rotation.at)),
        Box::new(Mariadb::new(&world)),
    ];
    gens.extend(crate::incident::injectors(scenario, &world));

    let mut writers: Vec<RotatingWriter> = LogFile::ALL
        .iter()
        .map(|f| RotatingWriter::new(&log_dir, f.path(), world.cuts.clone()))
        .collect();
    let mut sink = Sink::new(&world.clock, &world.hostname, world.boot, world.start);
    if scenario.traditional_syslog {
        sink.traditional_syslog();
    }
    let mut bounds = Vec::with_capacity(world.cuts.len() + 2);
    bounds.push(world.start);
    bounds.extend(world.cuts.iter().copied());
    bounds.push(world.end);
    for pair in bounds.windows(2) {
        let window = Window {
            from: pair[0],
            to: pair[1],
        };
        for g in &mut gens {
            g.run(window, &world, &mut sink);
        }
        sink.drain(window.to, &mut writers)
            .map_err(io_at(&log_dir))?;
    }
    sink.discard();
    let mut files = Vec::new();
    for w in writers {
        let stats = w.finish().map_err(io_at(&log_dir))?;
        if scenario.set_mtimes {
            // The last write: the file's last line, or logrotate creating it empty.
            for (f, &opened) in stats.iter().zip(&bounds) {
                set_mtime(&log_dir.join(&f.path), f.last.unwrap_or(opened))?;
            }
        }
        files.extend(stats);
    }

    let stamp = |t| world.clock.stamp(t, Style::Rfc3339).to_string();
    let mut expected = Expected {
        tz: world.clock.zone().name().to_owned(),
        logs: Span {
            start: stamp(world.start),
            end: stamp(world.end),
        },
        seed: scenario.seed,
        ..Expected::default()
    };
    for g in &gens {
        g.record(&world, &mut expected);
    }
    // Several generators add bans and decoys: in time order (stable, so that bans of the same
    // instant keep their order).
    let instant = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
    expected.bans.sort_by_key(|b| instant(&b.ban));
    expected.decoys.sort_by_key(|d| instant(&d.start));
    let path = dir.join(EXPECTED_FILE);
    let mut json = serde_json::to_string_pretty(&expected).map_err(|e| io_at(&path)(e.into()))?;
    json.push('\n');
    fs::write(&path, json).map_err(io_at(&path))?;
    Ok(Summary { files, expected })
}

#[cfg(test)]
mod tests {
    use super::is_generated;

    #[test]
    fn only_rotated_names_count_as_generated() {
        assert!(is_generated("syslog", "syslog"));
        assert!(is_generated("syslog", "syslog.1"));
        assert!(is_generated("syslog", "syslog.12.gz"));
        assert!(!is_generated("syslog", "syslog.old"));
        assert!(!is_generated("syslog", "syslog.gz.bak"));
        assert!(!is_generated("mail.log", "mail.err"));
        assert!(!is_generated("access.log", "access.log.1.gz.tmp"));
    }
}
