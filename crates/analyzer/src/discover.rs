//! Finding the logs under the given paths and grouping each log with its rotations.
//!
//! A rotation set is a log and its older generations: `mail.log`, `mail.log.1`,
//! `mail.log.2.gz` (logrotate's numbering), `mail.log-20261123[.gz]` (dateext), Plesk's
//! `access_log.processed[.N]`. Its files are listed oldest first so they read as one stream.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A log and its rotations, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSet {
    /// The live log's path (it may itself be absent when only rotations were copied).
    pub base: PathBuf,
    /// The files of the set, oldest first.
    pub files: Vec<PathBuf>,
}

/// A path passed over, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The path.
    pub path: PathBuf,
    /// Why it was not read.
    pub reason: String,
}

/// What discovery found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// The rotation sets, sorted by base path.
    pub sets: Vec<LogSet>,
    /// What was passed over.
    pub skipped: Vec<Skipped>,
}

/// Files that are never text logs, by name.
fn is_known_binary(name: &str) -> bool {
    matches!(
        name,
        "lastlog" | "wtmp" | "btmp" | "faillog" | "utmp" | "wtmp.1" | "btmp.1"
    ) || name.ends_with(".journal")
        || name.ends_with(".journal~")
        || name.ends_with(".db")
        || name.ends_with(".sqlite")
        || name.ends_with(".pid")
        || name.ends_with(".sock")
}

const COMPRESSED_SUFFIXES: [&str; 4] = [".gz", ".zst", ".xz", ".bz2"];

/// Splits a file name into (base name, generation): larger generations are older; the live
/// file is generation 0. Dated rotations sort by date (older first), after numbered ones.
fn rotation_key(name: &str) -> (String, RotationOrder) {
    let mut stem = name;
    for suffix in COMPRESSED_SUFFIXES {
        if let Some(s) = stem.strip_suffix(suffix) {
            stem = s;
            break;
        }
    }
    // name.N
    if let Some((head, tail)) = stem.rsplit_once('.') {
        if !tail.is_empty() && tail.len() <= 4 && tail.bytes().all(|b| b.is_ascii_digit()) {
            let n: u32 = tail.parse().unwrap_or(0);
            let head = head.strip_suffix(".processed").unwrap_or(head);
            return (head.to_string(), RotationOrder::Numbered(n));
        }
        if tail == "processed" {
            return (head.to_string(), RotationOrder::Numbered(0));
        }
    }
    // name-YYYYMMDD or name-YYYYMMDDHH (dateext)
    if let Some((head, tail)) = stem.rsplit_once('-') {
        if (tail.len() == 8 || tail.len() == 10) && tail.bytes().all(|b| b.is_ascii_digit()) {
            return (head.to_string(), RotationOrder::Dated(tail.to_string()));
        }
    }
    (stem.to_string(), RotationOrder::Live)
}

/// Order of a file within its set.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RotationOrder {
    Live,
    Numbered(u32),
    Dated(String),
}

impl RotationOrder {
    /// Sort key, oldest first: numbered generations by falling number, then dated ones by
    /// rising date, then the live file.
    fn sort_key(&self) -> (u8, i64, String) {
        match self {
            RotationOrder::Numbered(n) => (0, -i64::from(*n), String::new()),
            RotationOrder::Dated(d) => (1, 0, d.clone()),
            RotationOrder::Live => (2, 0, String::new()),
        }
    }
}

/// Walks the given files and directories (symlinks followed, loops detected) and groups what
/// looks like a log into rotation sets. Nothing is opened here but directories.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut groups: BTreeMap<PathBuf, Vec<(RotationOrder, PathBuf)>> = BTreeMap::new();
    let mut skipped = Vec::new();
    // Files by their real path: the same file reached twice (through a symlink) is read
    // once, under its own name when the walk meets that too, so that a link sorting before
    // its target does not take it out of its rotation set.
    let mut files: std::collections::HashMap<PathBuf, (PathBuf, bool)> =
        std::collections::HashMap::new();
    for root in paths {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone());
                    let reason = if e.loop_ancestor().is_some() {
                        "symlink loop".to_string()
                    } else {
                        e.io_error()
                            .map(|io| io.to_string())
                            .unwrap_or_else(|| e.to_string())
                    };
                    skipped.push(Skipped { path, reason });
                    continue;
                }
            };
            let ft = entry.file_type();
            if ft.is_dir() {
                continue;
            }
            let path = entry.path().to_path_buf();
            if !ft.is_file() {
                skipped.push(Skipped {
                    path,
                    reason: "not a regular file".into(),
                });
                continue;
            }
            let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            let linked = entry.path_is_symlink();
            match files.entry(canonical) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert((path, linked));
                }
                std::collections::hash_map::Entry::Occupied(mut e) => {
                    if e.get().1 && !linked {
                        e.insert((path, linked));
                    }
                }
            }
        }
    }
    let mut files: Vec<PathBuf> = files.into_values().map(|(path, _)| path).collect();
    files.sort();
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if is_known_binary(&name) {
            skipped.push(Skipped {
                path,
                reason: "binary database, not a text log".into(),
            });
            continue;
        }
        let (base_name, order) = rotation_key(&name);
        let base = path.with_file_name(base_name);
        groups.entry(base).or_default().push((order, path));
    }
    let sets = groups
        .into_iter()
        .map(|(base, mut files)| {
            files.sort_by_key(|(order, _)| order.sort_key());
            LogSet {
                base,
                files: files.into_iter().map(|(_, p)| p).collect(),
            }
        })
        .collect();
    Discovery { sets, skipped }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_keys() {
        assert_eq!(rotation_key("mail.log").0, "mail.log");
        assert_eq!(rotation_key("mail.log.1").0, "mail.log");
        assert_eq!(rotation_key("mail.log.2.gz").0, "mail.log");
        assert_eq!(rotation_key("maillog-20261123.gz").0, "maillog");
        assert_eq!(rotation_key("access_log.processed").0, "access_log");
        assert_eq!(rotation_key("access_log.processed.1.gz").0, "access_log");
        assert_eq!(rotation_key("error.log").1, RotationOrder::Live);
    }

    #[test]
    fn sets_are_oldest_first() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "mail.log",
            "mail.log.1",
            "mail.log.2.gz",
            "mail.log.10.gz",
            "syslog",
        ] {
            std::fs::write(dir.path().join(name), b"x\n").unwrap();
        }
        let d = discover(&[dir.path().to_path_buf()]);
        assert_eq!(d.sets.len(), 2);
        let names: Vec<_> = d.sets[0]
            .files
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            ["mail.log.10.gz", "mail.log.2.gz", "mail.log.1", "mail.log"]
        );
    }

    #[test]
    fn binary_databases_are_skipped_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("wtmp"), [0u8; 16]).unwrap();
        let d = discover(&[dir.path().to_path_buf()]);
        assert!(d.sets.is_empty());
        assert_eq!(d.skipped.len(), 1);
    }
}
