//! (stub: to be written)

use crate::event::Event;

/// Parses one line; `None` when the line is not of this format.
pub(crate) fn parse(_line: &str) -> Option<Event<'_>> {
    None
}
