//! (stub: to be written) The syslog header shared by the mail log, kernel and syslog lines.

use crate::event::SyslogHeader;
use crate::time::PartialTime;

/// Parses the syslog header of a line: stamp, host, `program[pid]: `. Returns the stamp, the
/// header and the message after it.
pub(crate) fn parse_header(_line: &str) -> Option<(PartialTime, SyslogHeader<'_>, &str)> {
    None
}
