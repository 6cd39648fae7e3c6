//! (stub: to be written)

use crate::event::Event;

/// Parses one line; `None` when the line is not of this format.
pub(crate) fn parse(_line: &str) -> Option<Event<'_>> {
    None
}

/// Whether a syslog program tag belongs to the mail log (postfix/*, dovecot, opendkim, ...).
pub(crate) fn is_mail_program(program: &str) -> bool {
    program.starts_with("postfix") || program == "dovecot"
}
