//! The progress bar of `postmortem analyze`: bytes and files read, drawn on stderr by indicatif
//! only when stderr is a terminal and `--quiet` was not given, and cleared before the report
//! is printed.

use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress display fed by the analyzer's callback. A disabled one draws nothing.
#[derive(Debug)]
pub struct Bar {
    bar: ProgressBar,
    color: bool,
    /// The furthest progress shown so far. Files finish on several threads, so their
    /// callbacks can arrive out of order; the bar never goes backwards.
    shown: Mutex<Option<analyzer::Progress>>,
}

impl Bar {
    /// A bar on stderr when `enabled` (the caller checks that stderr is a terminal and that
    /// `--quiet` was not given), else a hidden one.
    pub fn stderr(enabled: bool, color: bool) -> Bar {
        let target = if enabled {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = Bar::with_target(target, color);
        if enabled {
            // Until the first file is done, a spinner shows that the walk is under way.
            bar.bar.enable_steady_tick(Duration::from_millis(120));
        }
        bar
    }

    /// A bar drawing to `target`.
    pub fn with_target(target: ProgressDrawTarget, color: bool) -> Bar {
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message("looking for logs…");
        Bar {
            bar,
            color,
            shown: Mutex::new(None),
        }
    }

    /// The analyzer's progress callback.
    pub fn update(&self, p: analyzer::Progress) {
        let Ok(mut shown) = self.shown.lock() else {
            return;
        };
        let first = shown.is_none();
        let p = match *shown {
            Some(s) => analyzer::Progress {
                bytes_done: p.bytes_done.max(s.bytes_done),
                bytes_total: p.bytes_total.max(s.bytes_total),
                files_done: p.files_done.max(s.files_done),
                files_total: p.files_total.max(s.files_total),
            },
            None => p,
        };
        *shown = Some(p);
        self.bar.set_length(p.bytes_total);
        self.bar.set_position(p.bytes_done);
        self.bar
            .set_message(format!("{}/{} files", p.files_done, p.files_total));
        if first {
            self.bar.set_style(self.bar_style());
        }
    }

    /// Removes the bar from the terminal. Call it before printing anything else there.
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }

    fn bar_style(&self) -> ProgressStyle {
        let template = if self.color {
            "{spinner:.cyan} reading {wide_bar:.cyan/blue} {bytes}/{total_bytes} · {msg}"
        } else {
            "{spinner} reading {wide_bar} {bytes}/{total_bytes} · {msg}"
        };
        ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("█▉▊▋▌▍▎▏ ")
    }
}

impl Drop for Bar {
    /// An early return (an error) leaves no bar behind either.
    fn drop(&mut self) {
        if !self.bar.is_finished() {
            self.bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(bytes_done: u64, files_done: u64) -> analyzer::Progress {
        analyzer::Progress {
            bytes_done,
            bytes_total: 1000,
            files_done,
            files_total: 4,
        }
    }

    #[test]
    fn shows_bytes_and_files() {
        let bar = Bar::with_target(ProgressDrawTarget::hidden(), false);
        assert_eq!(bar.bar.message(), "looking for logs…");
        bar.update(progress(250, 1));
        assert_eq!(bar.bar.length(), Some(1000));
        assert_eq!(bar.bar.position(), 250);
        assert_eq!(bar.bar.message(), "1/4 files");
    }

    #[test]
    fn never_goes_backwards() {
        let bar = Bar::with_target(ProgressDrawTarget::hidden(), true);
        bar.update(progress(600, 2));
        bar.update(progress(250, 1));
        assert_eq!(bar.bar.position(), 600);
        assert_eq!(bar.bar.message(), "2/4 files");
    }

    #[test]
    fn clear_finishes() {
        let bar = Bar::with_target(ProgressDrawTarget::hidden(), false);
        bar.update(progress(1000, 4));
        bar.clear();
        assert!(bar.bar.is_finished());
    }
}
