//! The mail log (contract source `postfix`): Postfix and the programs beside it — dovecot,
//! saslauthd, sendmail, OpenDKIM, Plesk's handlers, spam and virus filters.
//!
//! Every syslog-shaped line parses: lines of programs this module does not know become
//! [`EventKind::MailMessage`] with their header kept. Postfix lines are read by shape, not by
//! daemon, so `postfix-<instance>/<daemon>` and `postfix/<service>/<daemon>` need nothing
//! special: a queue id (short hex or long base-62 form) or `NOQUEUE:` first, then the record
//! (`client=`, `message-id=`, `from=`, `to=`, `reject:`, ...). A line that says the disk is full
//! (`No space left on device`, `Insufficient system storage`, `queue file write error`) is
//! [`EventKind::DiskFull`], with its fields.
//!
//! Nothing here allocates: fields are slices of the line, cut at ASCII delimiters only.

use crate::event::{Event, EventKind, Fields, MailFields};
use crate::syslog::{
    self, find, find_any, host_ip, is_ip, needles, non_empty, pam_failure, parse_u32, parse_u64,
    skip_spaces, split, split_byte, split_colon_space, word_flags,
};

// The fixed needles of the hot paths, each searcher built once.
needles! {
    FROM = "from ";
    SPACE_FROM = " from ";
    NOTIFICATION = " notification: ";
    DOES_NOT_RESOLVE = " does not resolve to address ";
    AUTHENTICATION_FAILED = " authentication failed";
    SASL_USERNAME = ", sasl_username=";
    TAIL_FROM = "; from=";
    TAIL_TO = "; to=";
    TAIL_PROTO = "; proto=";
    ENVELOPE_FROM = "from=<";
    ENVELOPE_TO = "to=<";
    COMMA_SPACE = ", ";
    SPACE_BRACKET = " [";
    AUTH_FAILED = "(auth failed";
    FOR_PAREN = " for (";
}

/// Parses one line of the mail log; `None` when the line has no syslog header.
#[cfg(test)]
pub(crate) fn parse(line: &str) -> Option<Event<'_>> {
    let mut event = None;
    parse_into(line, &mut syslog::StampCache::default(), &mut event);
    event
}

/// [`parse`] into the caller's `event`, with the previous line's stamp at hand (see
/// [`syslog::read_header_cached`]): the event is built where the caller keeps it and its
/// fields are filled in place, the stamp and header included, never moved (it is a few
/// hundred bytes).
pub(crate) fn parse_into<'a>(
    line: &'a str,
    stamps: &mut syslog::StampCache,
    event: &mut Option<Event<'a>>,
) {
    let Event { time, kind, fields } = event.insert(Event {
        time: Some(syslog::NO_TIME),
        kind: EventKind::MailMessage,
        fields: Fields::Mail(MailFields::default()),
    });
    let (Some(time), Fields::Mail(f)) = (time, fields) else {
        return;
    };
    match syslog::read_header_cached(line, stamps, time, &mut f.header) {
        Some(message) => {
            f.message = message;
            *kind = message_kind(f);
        }
        None => *event = None,
    }
}

/// Reads the message of a mail-log line into `f` (which holds the header and the message).
fn message_kind<'a>(f: &mut MailFields<'a>) -> EventKind {
    let (header, message) = (f.header, f.message);
    let program = header.program.unwrap_or("");
    let kind = match family(program) {
        Family::Postfix => postfix(message, f),
        Family::Dovecot => {
            let d = dovecot(program, message);
            f.user = d.user;
            f.client_ip = d.client_ip;
            f.sasl_method = d.method;
            d.kind
        }
        Family::Saslauthd => saslauthd(message, f),
        Family::Sendmail => sendmail(message, f),
        Family::Other => other(message, f),
    };
    if may_report_disk_full(kind) && disk_full(message) {
        EventKind::DiskFull
    } else {
        kind
    }
}

/// Whether a message of this kind may say the disk is full ([`disk_full`]). The daemons say
/// it in warnings, errors, rejects and deferrals; the records of a mail's passage never do: a
/// connection and its end, `client=`, `message-id=`, `from=`, the pickup, a delivery that went
/// through, `removed`, a login. A phrase inside one of their fields (a quoted sender,
/// `from=<"No space left on device"@example.net>`) is someone's text, not the disk's. Those
/// records are two thirds of a mail server's lines, and are not searched.
fn may_report_disk_full(kind: EventKind) -> bool {
    use EventKind::*;
    !matches!(
        kind,
        SmtpConnect
            | SmtpDisconnect
            | SmtpClient
            | MailMessageId
            | MailQueued
            | MailPickup
            | MailSent
            | MailRemoved
            | LoginSucceeded
    )
}

/// Whether a syslog program tag belongs to the mail log (postfix/*, dovecot, opendkim, ...).
///
/// ```
/// assert!(logparse::is_mail_program("postfix/smtpd"));
/// assert!(logparse::is_mail_program("dovecot"));
/// assert!(!logparse::is_mail_program("sshd"));
/// ```
pub fn is_mail_program(program: &str) -> bool {
    if program.starts_with("postfix") || program.starts_with("cyrus") {
        return true;
    }
    let base = base_name(program);
    if [
        "dovecot",
        "amavis",
        "courier",
        "opendkim",
        "opendmarc",
        "policyd",
    ]
    .iter()
    .any(|p| base.starts_with(p))
    {
        return true;
    }
    matches!(
        base,
        "imap-login"
            | "pop3-login"
            | "submission-login"
            | "managesieve-login"
            | "auth-worker"
            | "lmtp"
            | "spamd"
            | "spamc"
            | "spamass-milter"
            | "postgrey"
            | "sqlgrey"
            | "sendmail"
            | "plesk sendmail"
            | "sm-mta"
            | "sm-msp-queue"
            | "clamd"
            | "clamav-milter"
            | "saslauthd"
            | "psa-pc-remote"
            | "rspamd"
            | "milter-greylist"
            | "mimedefang"
            | "mimedefang-multiplexor"
            | "imapd"
            | "imapd-ssl"
            | "pop3d"
            | "pop3d-ssl"
            | "fetchmail"
            | "check-quota"
            | "sieve"
            | "timsieved"
            | "lmtpunix"
    )
}

/// Whether a program tag is dovecot: `dovecot` itself, or one of its services when an export
/// leaves the `dovecot:` tag out (`imap-login`, `auth-worker(123)`, `lmtp(user)`, ...).
pub(crate) fn is_dovecot(program: &str) -> bool {
    // Cyrus's services share dovecot's names (`cyrus/imap`, `cyrus/pop3`).
    !program.starts_with("cyrus") && is_dovecot_base(base_name(program))
}

/// [`is_dovecot`] of a program's [`base_name`] (for a program that is no `cyrus...`).
fn is_dovecot_base(base: &str) -> bool {
    base.starts_with("dovecot")
        || base.ends_with("-login")
        || matches!(
            base,
            "auth"
                | "auth-worker"
                | "imap"
                | "pop3"
                | "lmtp"
                | "lda"
                | "managesieve"
                | "indexer-worker"
        )
}

/// The program name without its path and without a dovecot `(...)` / `<...>` suffix. Program
/// names are short, and most have neither: one search eight bytes a step tells those, and the
/// others are read a byte at a time.
fn base_name(program: &str) -> &str {
    let bytes = program.as_bytes();
    let Some(first) = find_any(bytes, [b'(', b'<', b'/']) else {
        return program;
    };
    let (mut start, mut end) = (0, bytes.len());
    for (at, &b) in bytes.iter().enumerate().skip(first) {
        if b == b'(' || b == b'<' {
            end = at;
            break;
        }
        if b == b'/' {
            start = at + 1;
        }
    }
    program.get(start..end).unwrap_or(program)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Postfix,
    Dovecot,
    Saslauthd,
    Sendmail,
    Other,
}

fn family(program: &str) -> Family {
    if program.starts_with("postfix") {
        return Family::Postfix;
    }
    // The usual tag, told without reading it for a path or suffix.
    if program == "dovecot" {
        return Family::Dovecot;
    }
    let base = base_name(program);
    if !program.starts_with("cyrus") && is_dovecot_base(base) {
        return Family::Dovecot;
    }
    match base {
        "saslauthd" => Family::Saslauthd,
        "sendmail" | "sm-mta" | "sm-msp-queue" => Family::Sendmail,
        _ => Family::Other,
    }
}

// ---- disk full ----

/// A phrase of a full disk, found anywhere in a message, with where its first `f` is. Its
/// length is part of its type, so that it is compared as a fixed-size array (no call to
/// `memcmp`).
struct DiskFull<const N: usize> {
    text: &'static [u8; N],
    f_at: usize,
}

impl<const N: usize> DiskFull<N> {
    /// A phrase; it must hold an `f`.
    const fn new(text: &'static [u8; N]) -> DiskFull<N> {
        let mut f_at = 0;
        while text[f_at] != b'f' {
            f_at += 1;
        }
        DiskFull { text, f_at }
    }

    /// Whether the `f` at `bytes[f_at]` is this phrase's first `f`. Compared 16 bytes at a
    /// time, the last 16 ending with the phrase (phrases are 16 bytes or longer).
    #[inline(always)]
    fn is_at(&self, bytes: &[u8], f_at: usize) -> bool {
        fn block(bytes: &[u8], at: usize) -> u128 {
            bytes
                .get(at..)
                .and_then(<[u8]>::first_chunk::<16>)
                .map_or(0, |b| u128::from_le_bytes(*b))
        }
        const { assert!(N >= 16) };
        if bytes.get(f_at + 1) != self.text.get(self.f_at + 1) {
            return false;
        }
        let Some(candidate) = f_at
            .checked_sub(self.f_at)
            .and_then(|start| bytes.get(start..))
            .and_then(<[u8]>::first_chunk::<N>)
        else {
            return false;
        };
        (0..N).step_by(16).all(|at| {
            let at = at.min(N - 16);
            block(candidate, at) == block(self.text, at)
        })
    }
}

const NO_SPACE: DiskFull<23> = DiskFull::new(b"No space left on device");
/// Postfix replies `452 4.3.1 Insufficient system storage`.
const INSUFFICIENT_STORAGE: DiskFull<26> = DiskFull::new(b"nsufficient system storage");
const QUEUE_FILE_WRITE_ERROR: DiskFull<22> = DiskFull::new(b"queue file write error");
const NO_QUEUE_SPACE: DiskFull<35> = DiskFull::new(b"not enough free space in mail queue");

/// The length of the shortest phrase of a full disk.
const SHORTEST_DISK_FULL: usize = {
    let lengths = [
        NO_SPACE.text.len(),
        INSUFFICIENT_STORAGE.text.len(),
        QUEUE_FILE_WRITE_ERROR.text.len(),
        NO_QUEUE_SPACE.text.len(),
    ];
    let (mut shortest, mut i) = (usize::MAX, 0);
    while i < lengths.len() {
        if lengths[i] < shortest {
            shortest = lengths[i];
        }
        i += 1;
    }
    shortest
};

/// Whether the message holds one of the phrases of a full disk ([`DiskFull`]). Every phrase
/// holds an `f`, a letter most messages have none or one of, so one pass 16 bytes a step
/// ([`any_place_of`], without the set-up of a `memchr` call) finds the `f`s and each is
/// checked as the `f` of each phrase: the same answer as a search for each phrase over the
/// whole message, in one pass instead of four.
fn disk_full(msg: &str) -> bool {
    let bytes = msg.as_bytes();
    // A message shorter than every phrase holds none.
    if bytes.len() < SHORTEST_DISK_FULL {
        return false;
    }
    any_place_of(bytes, b'f', |f_at| disk_full_at(bytes, f_at))
}

/// Whether the `f` at `bytes[f_at]` is the first `f` of a phrase of a full disk.
fn disk_full_at(bytes: &[u8], f_at: usize) -> bool {
    NO_SPACE.is_at(bytes, f_at)
        || INSUFFICIENT_STORAGE.is_at(bytes, f_at)
        || QUEUE_FILE_WRITE_ERROR.is_at(bytes, f_at)
        || NO_QUEUE_SPACE.is_at(bytes, f_at)
}

// ---- short searches ----

/// Whether some byte of a 16-byte block is `b`. Written as a fold over the block, which the
/// compiler turns into one vector compare and mask (`pcmpeqb`, `pmovmskb`): a short text is
/// read 16 bytes a step without the set-up of a call to `memchr`.
#[inline(always)]
fn block_has(block: &[u8; 16], b: u8) -> bool {
    block.iter().fold(false, |any, &c| any | (c == b))
}

/// The bytes of a 16-byte block that are `b`, as the high bit of each such byte (and no other
/// bit) of a little-endian `u128`. Written lane by lane, which the compiler makes one vector
/// compare and mask, moved to two registers.
#[inline(always)]
fn block_bits(block: &[u8; 16], b: u8) -> u128 {
    let mut bits = [0u8; 16];
    for (bit, &c) in bits.iter_mut().zip(block) {
        *bit = u8::from(c == b) << 7;
    }
    u128::from_le_bytes(bits)
}

/// Calls `hit` with the place of each byte `b` of `bytes`, in order, until it returns `true`;
/// whether one did. The same as `memchr::memchr_iter(b, bytes).any(hit)`, for the short texts
/// of a line: 16 bytes a step ([`block_has`]), a block that holds a `b` read for its places
/// with [`block_bits`], and the last bytes as the block that ends the text (its bytes already
/// read masked off), or one by one when the text is shorter than a block.
#[inline(always)]
fn any_place_of(bytes: &[u8], b: u8, hit: impl FnMut(usize) -> bool) -> bool {
    any_place_of_seeing(bytes, b, |_| {}, hit)
}

/// Calls `hit` with `start` plus the place of each byte flagged in `bits` (a high bit per byte
/// of a little-endian `u128`, as [`block_bits`] makes), in order, until it returns `true`;
/// whether one did.
#[inline(always)]
fn any_flagged_place(start: usize, mut bits: u128, hit: &mut impl FnMut(usize) -> bool) -> bool {
    while bits != 0 {
        if hit(start + bits.trailing_zeros() as usize / 8) {
            return true;
        }
        bits &= bits - 1;
    }
    false
}

/// [`any_place_of`] that also shows `see` each 16-byte block it reads, up to the one where
/// `hit` returns `true`: other bytes are looked for in the same pass. The last block overlaps
/// the one before it, and a text shorter than a block is not shown.
#[inline(always)]
fn any_place_of_seeing(
    bytes: &[u8],
    b: u8,
    mut see: impl FnMut(&[u8; 16]),
    mut hit: impl FnMut(usize) -> bool,
) -> bool {
    let mut places = |start: usize, bits: u128| any_flagged_place(start, bits, &mut hit);
    let (blocks, tail) = bytes.as_chunks::<16>();
    for (i, block) in blocks.iter().enumerate() {
        see(block);
        if block_has(block, b) && places(i * 16, block_bits(block, b)) {
            return true;
        }
    }
    if tail.is_empty() {
        return false;
    }
    match bytes.last_chunk::<16>() {
        Some(last) => {
            see(last);
            // `tail.len()` new bytes at the end of `last`.
            let seen = 16 - tail.len();
            block_has(last, b)
                && places(
                    bytes.len() - 16,
                    block_bits(last, b) & (!0u128 << (8 * seen)),
                )
        }
        None => tail
            .iter()
            .enumerate()
            .any(|(at, &c)| c == b && places(at, 0x80)),
    }
}

/// [`find_any`] 16 bytes a step: whether a block holds a byte of `set` is one vector compare
/// per byte of the set and a mask ([`block_has`]), and only the block that does is searched
/// for the place. For texts longer than a word (a dovecot service with its user and session).
#[inline(always)]
fn find_any_wide<const N: usize>(bytes: &[u8], set: [u8; N]) -> Option<usize> {
    let (blocks, tail) = bytes.as_chunks::<16>();
    for (i, block) in blocks.iter().enumerate() {
        if set.iter().fold(false, |any, &b| any | block_has(block, b)) {
            return find_any(block, set).map(|at| i * 16 + at);
        }
    }
    find_any(tail, set).map(|at| blocks.len() * 16 + at)
}

/// Whether `bytes` holds byte `b` ([`any_place_of`] without a place to look at).
#[inline(always)]
fn has_byte(bytes: &[u8], b: u8) -> bool {
    any_place_of(bytes, b, |_| true)
}

// ---- Postfix ----

/// A Postfix message: a level (`warning: `, `fatal: `, ...), `NOQUEUE: ` or a queue id, then
/// the record. The first byte picks the one prefix the message can start with, so that at most
/// one is compared; a message without it goes on to the queue id. smtpd's `connect from ` and
/// `disconnect from ` are among those prefixes: no queue id can start a message that starts
/// with them (a space follows their first word), so [`no_queue`] would read them after a
/// search for an id that cannot succeed.
fn postfix<'a>(msg: &'a str, f: &mut MailFields<'a>) -> EventKind {
    let prefixed = match msg.as_bytes().first() {
        Some(b'c') => msg.strip_prefix("connect from ").map(|r| {
            set_client(r, f);
            EventKind::SmtpConnect
        }),
        Some(b'd') => msg.strip_prefix("disconnect from ").map(|r| {
            set_client(r, f);
            EventKind::SmtpDisconnect
        }),
        Some(b'w') => msg.strip_prefix("warning: ").map(|r| warning(r, f)),
        Some(b'f') => msg.strip_prefix("fatal: ").map(|r| fatal(r, f)),
        Some(b'p') => msg.strip_prefix("panic: ").map(|r| fatal(r, f)),
        Some(b'e') => msg.strip_prefix("error: ").map(|r| {
            f.reason = non_empty(r);
            EventKind::MailWarning
        }),
        Some(b'N') => msg.strip_prefix("NOQUEUE: ").map(|r| record(r, f)),
        _ => None,
    };
    if let Some(kind) = prefixed {
        return kind;
    }
    if let Some((id, rest)) = queue_id(msg) {
        f.queue_id = Some(id);
        return record(rest, f);
    }
    if msg.starts_with("proxy-") {
        return record(msg, f);
    }
    no_queue(msg, f)
}

/// `fatal: ...` or `panic: ...` (the level already stripped).
fn fatal<'a>(s: &'a str, f: &mut MailFields<'a>) -> EventKind {
    f.reason = non_empty(s);
    EventKind::MailFatal
}

/// A Postfix queue id followed by `: ` at the start of `msg`: short ids are upper-case hex
/// (`4B1F52A0C3`), long ids base-62 (`4YQVxR6zK3z9vPq`). Words (`warning`, `Deleted`,
/// `NOQUEUE`) are told apart by their lack of digits and non-hex letters. The id ends at the
/// first byte that cannot be in one (the space of `connect from`, the colon after the id): in
/// the message's first 16 bytes, read as one block ([`id_in_block`]), for all but the ids of
/// 16 bytes or more and the shortest messages, which are read a byte a step ([`id_by_table`]).
fn queue_id(msg: &str) -> Option<(&str, &str)> {
    let bytes = msg.as_bytes();
    let run = match bytes.first_chunk::<16>().and_then(id_in_block) {
        Some(read) => read,
        None => id_by_table(bytes),
    };
    id_and_rest(msg, run)
}

/// The queue id and the text after its `: ` (or its colon at the end), given the run of
/// letters and digits `msg` starts with: its length, whether it holds a digit and whether
/// it is all upper-case hex.
#[inline(always)]
fn id_and_rest(msg: &str, (end, digit, upper_hex): (usize, bool, bool)) -> Option<(&str, &str)> {
    let bytes = msg.as_bytes();
    // The colon ends the id at offset 24 at the latest.
    let colon = bytes.get(end) == Some(&b':');
    if !colon || !(5..=24).contains(&end) || (!digit && !upper_hex) {
        return None;
    }
    let id = msg.get(..end)?;
    let rest = msg.get(end + 1..)?;
    match rest.strip_prefix(' ') {
        Some(r) => Some((id, r)),
        None if rest.is_empty() => Some((id, rest)),
        None => None,
    }
}

/// The length of the run of letters and digits a 16-byte block starts with, whether the run
/// holds a digit and whether it is all upper-case hex; `None` when the whole block is the run.
/// Each byte is classed by compares written lane by lane, which the compiler makes vector
/// compares over the block, and a mask per class; the table of [`id_by_table`] cost a load and
/// a branch a byte.
#[inline(always)]
fn id_in_block(block: &[u8; 16]) -> Option<(usize, bool, bool)> {
    let (mut other, mut digit, mut not_hex) = ([0u8; 16], [0u8; 16], [0u8; 16]);
    for (((&c, other), digit), not_hex) in block
        .iter()
        .zip(&mut other)
        .zip(&mut digit)
        .zip(&mut not_hex)
    {
        let is_digit = c.wrapping_sub(b'0') < 10;
        // A letter of either case is a lower-case one with the 0x20 bit set.
        let is_letter = (c | 0x20).wrapping_sub(b'a') < 26;
        let is_hex_letter = c.wrapping_sub(b'A') < 6;
        *other = u8::from(!is_digit & !is_letter) << 7;
        *digit = u8::from(is_digit) << 7;
        *not_hex = u8::from(is_letter & !is_hex_letter) << 7;
    }
    let other = u128::from_le_bytes(other);
    if other == 0 {
        return None;
    }
    // The bits of the bytes before the first that is no letter or digit.
    let before = (other & other.wrapping_neg()) - 1;
    Some((
        other.trailing_zeros() as usize / 8,
        u128::from_le_bytes(digit) & before != 0,
        u128::from_le_bytes(not_hex) & before == 0,
    ))
}

/// [`id_in_block`] a byte a step, up to 25 bytes: the length of the run of letters and digits
/// `bytes` starts with, whether it holds a digit and whether it is all upper-case hex.
fn id_by_table(bytes: &[u8]) -> (usize, bool, bool) {
    // What every byte of the id is, and what some byte is.
    let (mut every, mut some, mut end) = (ID_UPPER_HEX, 0, 0);
    for &b in bytes.iter().take(25) {
        let class = ID_CLASS[usize::from(b)];
        if class == 0 {
            break;
        }
        every &= class;
        some |= class;
        end += 1;
    }
    (end, some & ID_DIGIT != 0, every & ID_UPPER_HEX != 0)
}

/// A letter or digit: the bytes of a queue id.
const ID_ALNUM: u8 = 1;
/// A digit, which words have none of.
const ID_DIGIT: u8 = 2;
/// A digit or `A`-`F`: the bytes of a short queue id.
const ID_UPPER_HEX: u8 = 4;

/// What each byte can be in a queue id (`ID_*` flags), looked up instead of compared.
static ID_CLASS: [u8; 256] = {
    let mut class = [0; 256];
    let mut b = 0;
    while b < 256 {
        class[b] = match b as u8 {
            b'0'..=b'9' => ID_ALNUM | ID_DIGIT | ID_UPPER_HEX,
            b'A'..=b'F' => ID_ALNUM | ID_UPPER_HEX,
            b'G'..=b'Z' | b'a'..=b'z' => ID_ALNUM,
            _ => 0,
        };
        b += 1;
    }
    class
};

/// The record after `QUEUEID: ` or `NOQUEUE: `.
fn record<'a>(s: &'a str, f: &mut MailFields<'a>) -> EventKind {
    use EventKind::*;
    match s.as_bytes().first() {
        Some(b'c') if s.starts_with("client=") => {
            key_values(s, f);
            return SmtpClient;
        }
        Some(b'm') => {
            if let Some(id) = s.strip_prefix("message-id=") {
                f.message_id = Some(message_id(id));
                return MailMessageId;
            }
            if let Some(r) = s.strip_prefix("milter-reject: ") {
                reject(r, f);
                return MailRejected;
            }
        }
        Some(b'p') => {
            if let Some(r) = s.strip_prefix("proxy-reject: ") {
                proxy(r, f);
                return MailRejected;
            }
            if let Some(r) = s.strip_prefix("proxy-accept: ") {
                proxy(r, f);
                return MailMessage;
            }
        }
        Some(b'u') if s.starts_with("uid=") => {
            key_values(s, f);
            return MailPickup;
        }
        Some(b'f') if s.starts_with("from=") => {
            key_values(s, f);
            return if f.status == Some("expired") {
                MailExpired
            } else {
                MailQueued
            };
        }
        Some(b't') if s.starts_with("to=") => {
            key_values(s, f);
            return delivery_kind(f.status);
        }
        Some(b'r') => {
            if s == "removed" || s.starts_with("removed ") {
                return MailRemoved;
            }
            if let Some(r) = s.strip_prefix("reject: ") {
                reject(r, f);
                return MailRejected;
            }
            if let Some(r) = s.strip_prefix("reject_warning: ") {
                reject(r, f);
                return MailWarning;
            }
        }
        Some(b'w') => {
            if let Some(r) = s.strip_prefix("warning: ") {
                f.reason = non_empty(r);
                envelope(r, f);
                return MailWarning;
            }
        }
        _ => {}
    }
    if let Some(pos) = find(&NOTIFICATION, s) {
        // bounce/defer: `sender non-delivery notification: NEWQUEUEID`.
        f.reason = s.get(..pos + " notification".len());
        return MailNotification;
    }
    if let Some((action, r)) = split_colon_space(s) {
        if matches!(
            action,
            "discard" | "hold" | "filter" | "redirect" | "info" | "prepend" | "replace" | "bcc"
        ) || action.starts_with("milter-")
        {
            envelope(r, f);
            return MailMessage;
        }
    }
    no_queue(s, f)
}

/// Lines without a queue id: smtpd connections, smtp connection failures, statistics, ...
fn no_queue<'a>(s: &'a str, f: &mut MailFields<'a>) -> EventKind {
    if let Some(r) = s.strip_prefix("connect from ") {
        set_client(r, f);
        return EventKind::SmtpConnect;
    }
    if let Some(r) = s.strip_prefix("disconnect from ") {
        set_client(r, f);
        return EventKind::SmtpDisconnect;
    }
    if let Some(r) = s.strip_prefix("connect to ") {
        // smtp: `connect to mx.example.net[198.51.100.5]:25: Connection refused`.
        if let Some((target, reason)) = split_colon_space(r) {
            f.relay = Some(target);
            f.reason = non_empty(reason);
        }
        return EventKind::MailMessage;
    }
    if let Some(r) = s.strip_prefix("statistics: ") {
        // anvil: `max connection rate 12/60s for (smtpd:192.0.2.7) at Nov 24 03:12:01`.
        f.client_ip = split(&FOR_PAREN, r)
            .and_then(|(_, ident)| split_byte(ident, b')'))
            .and_then(|(ident, _)| anvil_client(ident));
        return EventKind::MailMessage;
    }
    if let Some(r) = s.strip_prefix("addr ") {
        // dnsblog: `addr 192.0.2.7 listed by domain zen.example.org as 127.0.0.2`.
        if let Some((ip, rest)) = split_byte(r, b' ') {
            if rest.starts_with("listed by domain ") && is_ip(ip) {
                f.client_ip = Some(ip);
            }
        }
        return EventKind::MailMessage;
    }
    client_after_from(s, f);
    EventKind::MailMessage
}

/// The client of anvil's `SERVICE:ADDR`. SERVICE is a master.cf service name: a name or port
/// (`smtpd`, `10025`) or `host:port` (`127.0.0.1:2525`, `[::1]:2525`), so the address starts
/// after the first colon that ends such a name (an IPv6 address holds colons too).
fn anvil_client(ident: &str) -> Option<&str> {
    let is_service = |p: &str| match p.rsplit_once(':') {
        Some((host, port)) => {
            !host.is_empty()
                && !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && (!host.contains(':') || (host.starts_with('[') && host.ends_with(']')))
        }
        None => !p.is_empty() && !is_ip(p),
    };
    memchr::memchr_iter(b':', ident.as_bytes()).find_map(|at| {
        let (service, addr) = (ident.get(..at)?, ident.get(at + 1..)?);
        (is_service(service) && is_ip(addr)).then_some(addr)
    })
}

/// `warning: ...` (the `warning: ` already stripped).
fn warning<'a>(s: &'a str, f: &mut MailFields<'a>) -> EventKind {
    let s = match queue_id(s) {
        Some((id, r)) => {
            f.queue_id = Some(id);
            r
        }
        None => s,
    };
    f.reason = non_empty(s);
    // smtpd: `hostname mail.example.net does not resolve to address 192.0.2.4`
    if let Some((_, r)) = split(&DOES_NOT_RESOLVE, s) {
        let ip = syslog::word(r).trim_end_matches(':');
        f.client_ip = is_ip(ip).then_some(ip);
        return EventKind::MailWarning;
    }
    // smtpd: `host[ip]: SASL LOGIN authentication failed: UGFzc3dvcmQ6` (`host[ip]:port:` too).
    if let Some((host, Some(ip), after)) = host_ip(s) {
        f.client_host = host;
        f.client_ip = Some(ip);
        let after = skip_port(after);
        if let Some((method, reason)) = after
            .strip_prefix(": SASL ")
            .and_then(|r| split(&AUTHENTICATION_FAILED, r))
        {
            f.sasl_method = non_empty(method);
            let reason = reason.strip_prefix(':').unwrap_or(reason).trim_start();
            let reason = match split(&SASL_USERNAME, reason) {
                Some((r, user)) => {
                    f.sasl_username = non_empty(user);
                    r
                }
                None => reason,
            };
            f.reason = non_empty(reason);
            return EventKind::SaslAuthFailed;
        }
        return EventKind::MailWarning;
    }
    client_after_from(s, f);
    EventKind::MailWarning
}

/// A reject: `RCPT from host[ip]: 554 5.7.1 <x@y>: Relay access denied; from=<a@b> to=<c@d>
/// proto=ESMTP helo=<h>` (the `reject: ` already stripped). Fills client, dsn, reason (without
/// the leading `<address>: `), from and to.
fn reject<'a>(s: &'a str, f: &mut MailFields<'a>) {
    let (head, tail) = split_envelope_tail(s);
    envelope(tail, f);
    let mut text = head;
    match split(&SPACE_FROM, head) {
        Some((command, r)) if !command.contains(' ') => {
            if let Some((host, ip, after)) = host_ip(r) {
                f.client_host = host;
                f.client_ip = ip;
                let after = skip_port(after);
                text = after.strip_prefix(':').unwrap_or(after).trim_start();
            }
        }
        // cleanup: `header Subject: ... from host[ip]; from=<> ...`
        _ => client_after_from(head, f),
    }
    reply(text, f);
}

/// smtpd's before-queue content filter (`smtpd_proxy_filter`: amavis, rspamd), after
/// `proxy-reject: ` or `proxy-accept: `: `END-OF-MESSAGE: 554 5.7.0 Reject, id=... - spam;
/// from=<a@b> to=<c@d> proto=ESMTP helo=<h>`. Fills dsn, reason, from and to. The reply is the
/// filter's: a `from MTA(smtp:[127.0.0.1]:10025)` in it names the filter, not the client.
fn proxy<'a>(s: &'a str, f: &mut MailFields<'a>) {
    let (head, tail) = split_envelope_tail(s);
    envelope(tail, f);
    // The SMTP stage, `END-OF-MESSAGE: ` (or `DATA: `, `RCPT: `...), then the reply.
    let text = split_colon_space(head).map_or(head, |(_, reply)| reply);
    reply(text, f);
}

/// A reject's text and its `; from=<...> to=<...> proto=... helo=<...>` tail (without `; `).
fn split_envelope_tail(s: &str) -> (&str, &str) {
    let tail_at = [&TAIL_FROM, &TAIL_TO, &TAIL_PROTO]
        .iter()
        .find_map(|key| find(key, s));
    match tail_at {
        Some(at) => (s.get(..at).unwrap_or(s), s.get(at + 2..).unwrap_or("")),
        None => (s, ""),
    }
}

/// An SMTP reply `554 5.7.1 <rcpt>: text` (each part optional): dsn and reason.
fn reply<'a>(mut text: &'a str, f: &mut MailFields<'a>) {
    if let Some((code, r)) = split_byte(text, b' ') {
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) {
            text = r;
        }
    }
    if let Some((dsn, r)) = split_byte(text, b' ') {
        if is_dsn(dsn) {
            f.dsn = Some(dsn);
            text = r;
        }
    } else if is_dsn(text) {
        f.dsn = Some(text);
        text = "";
    }
    if text.starts_with('<') {
        if let Some((_, r)) = text.split_once(">: ") {
            text = r;
        }
    }
    f.reason = non_empty(text.trim_start_matches([':', ' ']));
}

/// `d.d.d` with one to three digits a part: `5.7.1`, `4.7.25`.
fn is_dsn(s: &str) -> bool {
    let mut parts = 0;
    for part in s.split('.') {
        parts += 1;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    parts == 3 && matches!(s.as_bytes().first(), Some(b'2' | b'4' | b'5'))
}

/// The `from=<...> to=<...>` envelope of a reject, hold or header warning.
fn envelope<'a>(s: &'a str, f: &mut MailFields<'a>) {
    let Some(at) = find(&ENVELOPE_FROM, s).or_else(|| find(&ENVELOPE_TO, s)) else {
        client_after_from(s, f);
        return;
    };
    if f.client_ip.is_none() {
        client_after_from(s.get(..at).unwrap_or(""), f);
    }
    key_values(s.get(at..).unwrap_or(""), f);
}

/// A message id: `<id@host>` without the brackets (`<>` is `""`), else the text as written.
fn message_id(s: &str) -> &str {
    match s.strip_prefix('<') {
        Some(r) => split_byte(r, b'>').map_or(r, |(id, _)| id),
        None => s,
    }
}

fn delivery_kind(status: Option<&str>) -> EventKind {
    match status {
        Some("sent") => EventKind::MailSent,
        Some("deferred" | "SOFTBOUNCE") => EventKind::MailDeferred,
        Some(s) if s == "bounced" || s == "expired" || s.starts_with("undeliverable") => {
            EventKind::MailBounced
        }
        _ => EventKind::MailMessage,
    }
}

/// Reads `key=value` pairs separated by `, ` or spaces: `to=<x@y>, relay=..., delay=1.2,
/// status=sent (250 2.0.0 Ok)`. A `<...>` value is taken without its brackets; any other value
/// runs to the next comma or space. `status=` (`stat=` for sendmail) ends the list: the
/// parenthesised reply after it is the reason. Stops at the first text that is no pair.
///
/// Postfix writes the pairs of its most frequent records in a fixed order (qmgr's [`queued`],
/// a delivery's [`delivered`], smtpd's [`client`]): those are read first in that order, each
/// key compared where it is expected, and [`pairs`] reads on from the first pair that is not.
fn key_values<'a>(s: &'a str, f: &mut MailFields<'a>) {
    let in_order = match s.as_bytes().first() {
        Some(b'f') => queued(s, f),
        Some(b't') => delivered(s, f),
        Some(b'c') => client(s, f),
        _ => Err(s),
    };
    if let Err(rest) = in_order {
        pairs(rest, f);
    }
}

/// The pairs of [`key_values`], each key looked up ([`known_key`], [`key_end`]) wherever it is.
fn pairs<'a>(mut s: &'a str, f: &mut MailFields<'a>) {
    loop {
        let (field, eq) = match known_key(s.as_bytes()) {
            Some(known) => known,
            None => match key_end(s) {
                KeyEnd::Clean(eq) => (Field::Other, eq),
                KeyEnd::Free(eq) => {
                    // Free text before the next pair (sendmail `relay=host [ip], dsn=`): skip to
                    // it.
                    match find(&COMMA_SPACE, s) {
                        Some(comma) if comma < eq => {
                            s = s.get(comma + 2..).unwrap_or("");
                            continue;
                        }
                        _ => return,
                    }
                }
                KeyEnd::None => return,
            },
        };
        let (value, after) = read_value(s.get(eq + 1..).unwrap_or(""));
        match field {
            Field::To => f.to = Some(value),
            Field::OrigTo => f.orig_to = Some(value),
            Field::From => f.from = Some(value),
            Field::Relay => f.relay = non_empty(value),
            Field::Delay => f.delay = seconds(value),
            Field::Delays => f.delays = non_empty(value),
            Field::Dsn => f.dsn = non_empty(value),
            Field::Size => f.size = parse_u64(value),
            Field::Nrcpt => f.nrcpt = parse_u32(value),
            Field::Uid => f.uid = parse_u32(value),
            Field::Client => set_client(value, f),
            Field::SaslMethod => f.sasl_method = non_empty(value),
            Field::SaslUsername => f.sasl_username = non_empty(value),
            Field::Status => return set_status(value, after, f),
            Field::Other => {}
        }
        s = next_pair(after);
    }
}

/// The value at the start of `rest` and the text after it: a `<...>` value without its
/// brackets ([`bracketed`]), any other up to the next comma or space ([`plain`]).
#[inline(always)]
fn read_value(rest: &str) -> (&str, &str) {
    match rest.strip_prefix('<') {
        Some(r) => bracketed(r),
        None => plain(rest),
    }
}

/// A `<...>` value (`r` is the text after its `<`) and the text after its `>`; without a `>`,
/// the rest of the text.
#[inline(always)]
fn bracketed(r: &str) -> (&str, &str) {
    match find_in_value(r.as_bytes(), [b'>']) {
        Some(close) => (
            r.get(..close).unwrap_or(""),
            r.get(close + 1..).unwrap_or(""),
        ),
        None => (r, ""),
    }
}

/// Any other value: up to the next comma or space, and the text from there.
#[inline(always)]
fn plain(rest: &str) -> (&str, &str) {
    let end = find_in_value(rest.as_bytes(), [b',', b' ']).unwrap_or(rest.len());
    (rest.get(..end).unwrap_or(""), rest.get(end..).unwrap_or(""))
}

/// [`find_any`] for the end of a value, which most often is in its first word or two and has
/// more of the line after it: a word is read wherever eight bytes are left, without the
/// set-up of `find_any`'s split into words and tail (about ten instructions, as many as the
/// word takes), which reads only the last bytes.
#[inline(always)]
fn find_in_value<const N: usize>(bytes: &[u8], set: [u8; N]) -> Option<usize> {
    let mut at = 0;
    while let Some(word) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let flags = word_flags(u64::from_le_bytes(*word), set);
        if flags != 0 {
            return Some(at + flags.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    find_any(bytes.get(at..)?, set).map(|end| at + end)
}

/// Where the next pair starts after a value: past one comma and the spaces.
#[inline(always)]
fn next_pair(after: &str) -> &str {
    skip_spaces(after.strip_prefix(',').unwrap_or(after))
}

/// `status=` (or `stat=`): its value, and the reply after it as the reason.
#[inline(always)]
fn set_status<'a>(value: &'a str, after: &'a str, f: &mut MailFields<'a>) {
    let status = value.strip_suffix(':');
    f.status = non_empty(status.unwrap_or(value));
    if let Some(reply) = after.strip_prefix(" (") {
        f.reason = non_empty(reply.strip_suffix(')').unwrap_or(reply));
    } else if status.is_some() {
        // sendmail `stat=Deferred: Connection refused by ...`
        f.reason = non_empty(after.trim_start());
    }
}

/// Where a record read in Postfix's order ([`queued`], [`delivered`], [`client`]) stops
/// being in it: the text [`pairs`] reads on from. `Err` is no error, only the early end that
/// `?` gives each step.
type ReadOn<'a> = Result<(), &'a str>;

/// The value after the next key of a record read in order, when `after` (the text after the
/// value before) starts with `, ` and that key; else the pair `after` starts, to be read by
/// [`pairs`].
#[inline(always)]
fn in_order<'a>(after: &'a str, comma_key: &str) -> Result<&'a str, &'a str> {
    after
        .strip_prefix(comma_key)
        .ok_or_else(|| next_pair(after))
}

/// The end of a record read in order: nothing when `after` is empty, else the pair it starts.
#[inline(always)]
fn ends<'a>(after: &'a str) -> ReadOn<'a> {
    if after.is_empty() {
        Ok(())
    } else {
        Err(next_pair(after))
    }
}

/// qmgr's `from=<SENDER>, size=N, nrcpt=N (queue active)`, read in that order: each key is
/// compared, with the `, ` before it, where the value before ends, instead of being looked
/// up after the separator is skipped; the numbers are read as their digits are scanned
/// ([`number`]). Reads what [`pairs`] reads; the text it reads on from is the first pair not
/// in that order ([`ReadOn`]).
fn queued<'a>(s: &'a str, f: &mut MailFields<'a>) -> ReadOn<'a> {
    let (from, after) = bracketed(s.strip_prefix("from=<").ok_or(s)?);
    f.from = Some(from);
    let (size, after) = number(in_order(after, ", size=")?);
    f.size = size;
    let (nrcpt, after) = number(in_order(after, ", nrcpt=")?);
    f.nrcpt = nrcpt.and_then(|n| u32::try_from(n).ok());
    // `(queue active)` holds no `=`: no pair follows.
    if after == " (queue active)" {
        return Ok(());
    }
    Err(next_pair(after))
}

/// A delivery's `to=<RCPT>, [orig_to=<RCPT>, ]relay=..., delay=..., delays=..., dsn=...,
/// status=... (reply)`, read in that order as [`queued`] reads its record.
fn delivered<'a>(s: &'a str, f: &mut MailFields<'a>) -> ReadOn<'a> {
    let (to, mut after) = bracketed(s.strip_prefix("to=<").ok_or(s)?);
    f.to = Some(to);
    if let Some(r) = after.strip_prefix(", orig_to=<") {
        let (orig_to, a) = bracketed(r);
        f.orig_to = Some(orig_to);
        after = a;
    }
    let (relay, after) = read_value(in_order(after, ", relay=")?);
    f.relay = non_empty(relay);
    let (delay, after) = decimal(in_order(after, ", delay=")?);
    f.delay = delay;
    let (delays, after) = read_value(in_order(after, ", delays=")?);
    f.delays = non_empty(delays);
    let (dsn, after) = read_value(in_order(after, ", dsn=")?);
    f.dsn = non_empty(dsn);
    let (status, after) = read_value(in_order(after, ", status=")?);
    set_status(status, after, f);
    Ok(())
}

/// smtpd's `client=HOST[IP]`, with `, sasl_method=..., sasl_username=...` after a login, read
/// as [`queued`] reads its record. The client is read by [`host_ip`] on the whole text: when
/// it finds an address and a comma, a space or the end follows its `]`, that `]` ends the
/// value (neither the host nor an address holds a comma or space), and [`host_ip`] reads the
/// value cut there as it reads the whole text; the value is not searched for its end first.
fn client<'a>(s: &'a str, f: &mut MailFields<'a>) -> ReadOn<'a> {
    let r = s.strip_prefix("client=").ok_or(s)?;
    if r.starts_with('<') {
        return Err(s);
    }
    let Some((host, Some(ip), after)) = host_ip(r) else {
        return Err(s);
    };
    if !matches!(after.as_bytes().first(), None | Some(b',' | b' ')) {
        return Err(s);
    }
    f.client_host = host;
    f.client_ip = Some(ip);
    if after.is_empty() {
        return Ok(());
    }
    let (method, after) = read_value(in_order(after, ", sasl_method=")?);
    f.sasl_method = non_empty(method);
    let (user, after) = read_value(in_order(after, ", sasl_username=")?);
    f.sasl_username = non_empty(user);
    ends(after)
}

/// `delay=`: what [`seconds`] reads of the [`read_value`] at the start of `r`, and the text
/// after it. The usual form (digits with at most one dot between them, fifteen bytes at most)
/// is added up as it is scanned, as [`seconds`] adds it up; any other value is cut and read
/// by [`read_value`] and [`seconds`].
#[inline(always)]
fn decimal(r: &str) -> (Option<f64>, &str) {
    let bytes = r.as_bytes();
    let (mut mantissa, mut len, mut dot) = (0u64, 0, None);
    for &b in bytes.iter().take(15) {
        match b {
            b'0'..=b'9' => mantissa = mantissa * 10 + u64::from(b - b'0'),
            b'.' if dot.is_none() => dot = Some(len),
            _ => break,
        }
        len += 1;
    }
    let ends = matches!(bytes.get(len), None | Some(b',' | b' '));
    // Neither empty nor starting or ending with the dot.
    if ends && len > 0 && dot != Some(0) && dot != Some(len - 1) {
        let decimals = dot.map_or(0, |dot| len - dot - 1);
        return (
            Some(mantissa as f64 / POWERS_OF_TEN[decimals]),
            r.get(len..).unwrap_or(""),
        );
    }
    let (value, after) = read_value(r);
    (seconds(value), after)
}

/// A number value: what [`parse_u64`] reads of the [`read_value`] at the start of `r`, and the
/// text after it. The digits are added up as they are scanned; a value that does not end at
/// its last digit (or is empty or longer than nineteen digits) is cut and parsed as [`read_value`]
/// and [`parse_u64`] do.
#[inline(always)]
fn number(r: &str) -> (Option<u64>, &str) {
    let bytes = r.as_bytes();
    let (mut n, mut len) = (0u64, 0);
    for &b in bytes.iter().take(19) {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        n = n * 10 + u64::from(digit);
        len += 1;
    }
    if len > 0 && matches!(bytes.get(len), None | Some(b',' | b' ')) {
        return (Some(n), r.get(len..).unwrap_or(""));
    }
    let (value, after) = read_value(r);
    (parse_u64(value), after)
}

/// The keys [`key_values`] keeps, and any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    To,
    OrigTo,
    From,
    Relay,
    Delay,
    Delays,
    Dsn,
    Size,
    /// `nrcpt=` (Postfix) or `nrcpts=` (sendmail).
    Nrcpt,
    Uid,
    Client,
    SaslMethod,
    SaslUsername,
    /// `status=` (Postfix) or `stat=` (sendmail).
    Status,
    Other,
}

/// The key of the next pair of [`key_values`] when it is one of those kept, told by comparing
/// the start of the text with each key (and its `=`) of the same first letter: the field and
/// where the `=` is. A key read this way is the one a search for the `=` finds, since no
/// kept key holds a space, comma, parenthesis or `=`.
fn known_key(s: &[u8]) -> Option<(Field, usize)> {
    #[inline(always)]
    fn key(s: &[u8], key: &[u8], field: Field) -> Option<(Field, usize)> {
        s.starts_with(key).then_some((field, key.len() - 1))
    }
    match s.first()? {
        b't' => key(s, b"to=", Field::To),
        b'o' => key(s, b"orig_to=", Field::OrigTo),
        b'f' => key(s, b"from=", Field::From),
        b'r' => key(s, b"relay=", Field::Relay),
        b'd' => key(s, b"delay=", Field::Delay)
            .or_else(|| key(s, b"delays=", Field::Delays))
            .or_else(|| key(s, b"dsn=", Field::Dsn)),
        b's' => key(s, b"status=", Field::Status)
            .or_else(|| key(s, b"size=", Field::Size))
            .or_else(|| key(s, b"stat=", Field::Status))
            .or_else(|| key(s, b"sasl_method=", Field::SaslMethod))
            .or_else(|| key(s, b"sasl_username=", Field::SaslUsername)),
        b'n' => key(s, b"nrcpt=", Field::Nrcpt).or_else(|| key(s, b"nrcpts=", Field::Nrcpt)),
        b'u' => key(s, b"uid=", Field::Uid),
        b'c' => key(s, b"client=", Field::Client),
        _ => None,
    }
}

/// A finite number of seconds: `delay=1.2`. The usual form, digits with at most one dot
/// between them (fifteen bytes at most), is read as an integer over a power of ten: both are
/// exact in an `f64` and the division rounds once, so the result is the correctly rounded
/// value `str::parse` gives too, without its general parser. Any other form goes to it.
fn seconds(value: &str) -> Option<f64> {
    let bytes = value.as_bytes();
    let plain = (1..=15).contains(&bytes.len())
        && bytes.first() != Some(&b'.')
        && bytes.last() != Some(&b'.');
    if plain {
        let (mut mantissa, mut decimals, mut dot) = (0u64, 0, false);
        for &b in bytes {
            match b {
                b'0'..=b'9' => {
                    mantissa = mantissa * 10 + u64::from(b - b'0');
                    decimals += usize::from(dot);
                }
                b'.' if !dot => dot = true,
                _ => return value.parse().ok().filter(|d: &f64| d.is_finite()),
            }
        }
        return Some(mantissa as f64 / POWERS_OF_TEN[decimals]);
    }
    value.parse().ok().filter(|d: &f64| d.is_finite())
}

/// The divisors of [`seconds`] and [`decimal`], exact in an `f64`.
const POWERS_OF_TEN: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// Where the key of the next `key=value` pair of [`key_values`] ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyEnd {
    /// At this `=`, and the key is a word (no space, comma or parenthesis, not empty).
    Clean(usize),
    /// At this `=` (the first of the text), after free text that is no key.
    Free(usize),
    /// The text holds no `=`.
    None,
}

/// Reads the key at the start of `s` up to its `=`, with one short search for the `=` or a
/// byte that cannot be in a key (space, comma, parenthesis); only after free text is the `=`
/// searched for further.
fn key_end(s: &str) -> KeyEnd {
    let bytes = s.as_bytes();
    match find_any(bytes, [b'=', b' ', b',', b'(']) {
        Some(0) if bytes.first() == Some(&b'=') => KeyEnd::Free(0),
        Some(at) if bytes.get(at) == Some(&b'=') => KeyEnd::Clean(at),
        Some(at) => match find_any(bytes.get(at..).unwrap_or_default(), [b'=']) {
            Some(eq) => KeyEnd::Free(at + eq),
            None => KeyEnd::None,
        },
        None => KeyEnd::None,
    }
}

/// `host[ip]` → client host and ip.
fn set_client<'a>(s: &'a str, f: &mut MailFields<'a>) {
    if let Some((host, ip, _)) = host_ip(s) {
        f.client_host = host;
        f.client_ip = ip;
    }
}

/// The client of `... from host[ip]...` (lost connection, timeout, too many errors, postscreen
/// `CONNECT from [ip]:port`, ...), else of a postscreen `PASS NEW [ip]:port`, when there is one.
fn client_after_from<'a>(s: &'a str, f: &mut MailFields<'a>) {
    let mut hay = s;
    for _ in 0..3 {
        let Some(at) = find(&FROM, hay) else {
            // postscreen: `PASS NEW [192.0.2.1]:4123`
            if let Some(open) = find(&SPACE_BRACKET, s) {
                if let Some((_, Some(ip), _)) = s.get(open + 1..).and_then(host_ip) {
                    f.client_ip = Some(ip);
                }
            }
            return;
        };
        let after = hay.get(at + 5..).unwrap_or("");
        if at == 0 || hay.as_bytes().get(at - 1) == Some(&b' ') {
            if let Some((host, Some(ip), _)) = host_ip(after) {
                f.client_host = host;
                f.client_ip = Some(ip);
                return;
            }
        }
        hay = after;
    }
}

/// Skips `:port` after `[ip]`.
fn skip_port(s: &str) -> &str {
    match s.strip_prefix(':') {
        Some(r) => {
            let digits = r.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 {
                r.get(digits..).unwrap_or(r)
            } else {
                s
            }
        }
        None => s,
    }
}

// ---- dovecot ----

/// What a dovecot line says about a login.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DovecotLogin<'a> {
    /// [`EventKind::AuthFailed`], [`EventKind::LoginSucceeded`] or [`EventKind::MailMessage`].
    pub kind: EventKind,
    /// `user=<...>` or the user of an auth `driver(user,ip)` prefix.
    pub user: Option<&'a str>,
    /// `rip=` or the ip of an auth `driver(user,ip)` prefix.
    pub client_ip: Option<&'a str>,
    /// `method=`.
    pub method: Option<&'a str>,
}

needles! {
    UNKNOWN_USER = "unknown user";
    PASSWORD_MISMATCH = "Password mismatch";
    PASSWORD_MISMATCH_LOWER = "password mismatch";
    PAM_AUTHENTICATE_FAILED = "pam_authenticate() failed";
    INVALID_CREDENTIALS = "invalid credentials";
    AUTHENTICATION_FAILURE = "Authentication failure";
}

/// Reads a dovecot line: login services (`imap-login: Login: user=<u>, method=PLAIN,
/// rip=...`, `Disconnected (auth failed, 3 attempts in 12 secs): ...`), the auth processes
/// (`auth-worker(12): pam(user,ip): pam_authenticate() failed`, `passwd-file(user,ip): unknown
/// user`, `Password mismatch`) and the rest (`lmtp(user)`, `imap(user)`).
///
/// Each part is looked at once: the service is the first word (a short search for its `: `),
/// `user=<`, `method=` and `rip=` come from one pass over the `=`s of the body, and PAM's
/// `authentication failure;` and an auth `driver(user,ip)` group in the body are looked for
/// only when the body holds a `;`, or a `(` and a `,`, which each of them needs (outside the
/// login services, the same pass tells: [`scan_body`]).
///
/// The usual services under the `dovecot` tag (`imap-login: `, `lmtp(24210): `,
/// `imap(user)<id><session>: `) are told by their first bytes ([`usual_service`]), without the
/// general reading of the first word and of its parentheses.
pub(crate) fn dovecot<'a>(program: &'a str, msg: &'a str) -> DovecotLogin<'a> {
    if program == "dovecot" {
        match usual_service(msg) {
            Some(Usual::Login(body)) => return login_service(strip_level(body)),
            Some(Usual::Session { user, body }) => {
                // A service without a comma: no auth group in it, and its user is kept
                // unless it is a process id. Its base (`imap`, `lmtp`, `pop3`) is no `auth`.
                let body = strip_level(body);
                if is_quiet_session_body(body) || is_logout_body(body) {
                    return DovecotLogin {
                        kind: EventKind::MailMessage,
                        user: non_empty(user).filter(|u| !is_process_id(u)),
                        client_ip: None,
                        method: None,
                    };
                }
                return other_service(
                    body,
                    "",
                    || ServiceGroup {
                        group: None,
                        first: Some(user),
                    },
                    false,
                );
            }
            None => {}
        }
    }
    dovecot_by_words(program, msg)
}

/// [`dovecot`] without its shortcut for the usual services: the service read as the first
/// word by [`dovecot_service`]. Kept out of line, so that the usual lines' path stays short.
#[inline(never)]
fn dovecot_by_words<'a>(program: &'a str, msg: &'a str) -> DovecotLogin<'a> {
    let (service, base, body, comma) = dovecot_service(program, msg);
    let body = strip_level(body);
    if base.ends_with("-login") {
        return login_service(body);
    }
    other_service(
        body,
        base,
        || {
            // A service with no comma after its base holds no auth group (which needs one),
            // and its first `(...)` none: its first word told so, and only the `(...)` is
            // looked for.
            if comma {
                service_group(service)
            } else {
                ServiceGroup {
                    group: None,
                    first: first_group(service.as_bytes())
                        .and_then(|(start, close)| service.get(start..close)),
                }
            }
        },
        comma,
    )
}

/// The shapes of service [`usual_service`] tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Usual<'a> {
    /// `imap-login: ` or `pop3-login: `, and the rest of the message.
    Login(&'a str),
    /// `imap(user)<id><session>: `, `lmtp(24210): ` (also `pop3(`): the text of the
    /// parentheses, which holds no `:`, space or comma, and the rest of the message.
    Session { user: &'a str, body: &'a str },
}

/// The usual service of a message under the `dovecot` tag, told by its first bytes: what
/// [`dovecot_service`] and [`first_group`] read of it, without their searches for each byte
/// that could end the base. `imap-login: ` is 12 fixed bytes; `imap(` and its siblings are
/// five, after which one search finds the `)` (no `:`, space or comma before it) and a
/// second the `: ` (at once after the `)` for `lmtp(24210): `). Any other shape (a comma in
/// the word, a space or a lone colon before its `: `) is `None`, left to the general reading.
/// On the mail log's 53,236 dovecot lines (all of them of these shapes) it saves the first
/// word's two searches and the out-of-line search of its parentheses. Kept out of line: inlined
/// into [`dovecot`], the compiler left the searches' test of each block for the bytes of the
/// set as a call (about 150 instructions more a line).
#[inline(never)]
fn usual_service(msg: &str) -> Option<Usual<'_>> {
    let bytes = msg.as_bytes();
    let head = bytes.first_chunk::<12>()?;
    if head == b"imap-login: " || head == b"pop3-login: " {
        return msg.get(12..).map(Usual::Login);
    }
    if !matches!(
        head.first_chunk::<5>(),
        Some(b"imap(" | b"lmtp(" | b"pop3(")
    ) {
        return None;
    }
    let close = 5 + find_any_wide(bytes.get(5..)?, [b')', b':', b' ', b','])?;
    if bytes.get(close) != Some(&b')') {
        return None;
    }
    let at = if bytes.get(close + 1..close + 3) == Some(b": ") {
        close + 1
    } else {
        let at = close + 1 + find_any_wide(bytes.get(close + 1..)?, [b':', b' ', b','])?;
        if bytes.get(at..at + 2) != Some(b": ") {
            return None;
        }
        at
    };
    Some(Usual::Session {
        user: msg.get(5..close)?,
        body: msg.get(at + 2..)?,
    })
}

/// lmtp's `Connect from local` and `Disconnect from local: Client has quit the connection
/// (state=READY)` (about a third of the dovecot lines of a mail server's log): bodies that
/// hold no login key (their one `=` follows `te`), no `;` and no comma, so that
/// [`other_service`] reads them as a plain message of the service's user (none for a process
/// id), after its pass over them. Told by their length and one compare.
#[inline(always)]
fn is_quiet_session_body(body: &str) -> bool {
    match body.len() {
        18 => body == "Connect from local",
        67 => body == "Disconnect from local: Client has quit the connection (state=READY)",
        _ => false,
    }
}

/// imap's `Disconnected: Logged out in=95 out=2831 deleted=1 ... body_bytes=57040` (the
/// dovecot lines that cost the most to read): the counters of dovecot's default
/// `imap_logout_format`, in its order, each followed by digits only, and nothing after the
/// last. Such a body holds no login key (no `<`, and its `=`s follow `in`, `ut`, `ed`, `nt` or
/// `es`, never `ser`, `hod` or `rip`), no `;`, `(` or comma, so that [`other_service`] reads it
/// as a plain message of the service's user, as it reads [`is_quiet_session_body`]'s bodies,
/// after its pass over the body. Told by fixed-size compares and a walk over the digits eight
/// at a time. Any other logout (other counters, another order, anything after them) is left to
/// the general path.
#[inline(always)]
fn is_logout_body(body: &str) -> bool {
    logout_counters(body).is_some()
}

/// [`is_logout_body`] as an `Option`, for its `?`s.
#[inline(always)]
fn logout_counters(body: &str) -> Option<()> {
    // The prefix and the nine keys: a shorter body (lmtp's `msgid=<...>: saved mail to
    // INBOX`) is turned down by its length.
    if body.len() < 107 {
        return None;
    }
    let rest = body.as_bytes().strip_prefix(b"Disconnected: Logged out ")?;
    let rest = counter(rest, b"in=")?;
    let rest = counter(rest, b" out=")?;
    let rest = counter(rest, b" deleted=")?;
    let rest = counter(rest, b" expunged=")?;
    let rest = counter(rest, b" trashed=")?;
    let rest = counter(rest, b" hdr_count=")?;
    let rest = counter(rest, b" hdr_bytes=")?;
    let rest = counter(rest, b" body_count=")?;
    let rest = counter(rest, b" body_bytes=")?;
    rest.is_empty().then_some(())
}

/// `bytes` after `key` and the digits that follow it; `None` when it does not start with `key`.
/// The key is compared as a fixed-size array.
#[inline(always)]
fn counter<'a, const N: usize>(bytes: &'a [u8], key: &[u8; N]) -> Option<&'a [u8]> {
    let rest = bytes.get(N..)?;
    (bytes.first_chunk::<N>()? == key).then(|| skip_digits(rest))
}

/// `bytes` after its leading ASCII digits: eight bytes a step while eight are left (the digits
/// of a word told at once by [`syslog::non_digits`]), then byte by byte.
#[inline(always)]
fn skip_digits(mut bytes: &[u8]) -> &[u8] {
    while let Some(word) = bytes.first_chunk::<8>() {
        let non_digits = syslog::non_digits(u64::from_le_bytes(*word) ^ syslog::ZEROS);
        if non_digits != 0 {
            let digits = non_digits.trailing_zeros() as usize / 8;
            return bytes.get(digits..).unwrap_or(&[]);
        }
        bytes = bytes.get(8..).unwrap_or(&[]);
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    bytes.get(digits..).unwrap_or(&[])
}

/// The body of a login service (`imap-login`, `pop3-login`, ...), its level stripped: the
/// login keys, and whether it says the login succeeded or failed its authentication.
fn login_service(body: &str) -> DovecotLogin<'_> {
    let keys = usual_login_keys(body).unwrap_or_else(|| login_keys(body));
    let kind = if body.starts_with("Login: ") {
        EventKind::LoginSucceeded
    } else if find(&AUTH_FAILED, body).is_some() {
        EventKind::AuthFailed
    } else {
        EventKind::MailMessage
    };
    DovecotLogin {
        kind,
        user: keys.user,
        client_ip: keys.rip.filter(|ip| is_ip(ip)),
        method: keys.method,
    }
}

/// The body of any other service, its level stripped: PAM's failure, an auth group (in the
/// service, `group()`'s, else in the body), else the user of the service's parentheses.
/// `base` is the service's [`base_name`] (an auth group under an `auth...` service that says
/// so is a failure); `comma`, whether the service may hold a comma after its base.
#[inline(always)]
fn other_service<'a>(
    body: &'a str,
    base: &str,
    group: impl FnOnce() -> ServiceGroup<'a>,
    comma: bool,
) -> DovecotLogin<'a> {
    let scan = scan_body(body);
    let mut d = DovecotLogin {
        kind: EventKind::MailMessage,
        user: scan.keys.user,
        client_ip: scan.keys.rip.filter(|ip| is_ip(ip)),
        method: scan.keys.method,
    };
    // PAM's `authentication failure;` holds a `;` and an auth group a `(` and a `,`.
    if scan.semicolon {
        if let Some((rhost, user)) = pam_failure(body) {
            d.kind = EventKind::AuthFailed;
            d.client_ip = rhost.filter(|ip| is_ip(ip));
            d.user = user;
            return d;
        }
    }
    let service_group = group();
    let group = match service_group.group {
        None if scan.paren && scan.comma => auth_group(body),
        None => None,
        group => group,
    };
    if let Some((user, ip)) = group {
        d.user = user;
        d.client_ip = ip;
        if base.starts_with("auth") && auth_failure(body) {
            d.kind = EventKind::AuthFailed;
        }
        return d;
    }
    // `lmtp(user@example.com)<123><session>: saved mail to INBOX`; in `lmtp(24210): Connect`
    // the parentheses hold the process id, not a user.
    if let Some(user) = service_group.first {
        // A process id is told first: a user's first byte is mostly no digit, and a process id
        // then needs no search for a comma, nor a service without one. A user is mostly longer
        // than eight bytes (`k.yamada@example.com`).
        d.user = non_empty(user).filter(|u| {
            !is_process_id(u) && (!comma || find_any_wide(u.as_bytes(), [b',']).is_none())
        });
    }
    d
}

/// The service of a dovecot line, its [`base_name`], the rest of the message, and whether the
/// service may hold a comma after its base (`false` only when none does). Under the `dovecot`
/// tag the service is the first word of the message (`dovecot: imap-login: ...`, with
/// `dovecot: ` repeated on some setups); a message whose first `: ` follows no single word has
/// none (`""`). A service that is the program tag is not read for its commas.
fn dovecot_service<'a>(program: &'a str, msg: &'a str) -> (&'a str, &'a str, &'a str, bool) {
    let base = if program == "dovecot" {
        program
    } else {
        base_name(program)
    };
    let (mut service, mut base, mut body, mut comma) = (program, base, msg, true);
    while base.starts_with("dovecot") {
        match first_word(body) {
            Some(word) => (service, base, body, comma) = word,
            None => return ("", "", body, false),
        }
    }
    (service, base, body, comma)
}

/// `s` split around its first `": "` when the text before it holds no space, with the
/// [`base_name`] of that word: the word and its base come from one search, which looks for
/// the base's `(`, `<` and `/` only up to its end (a service's first `(` or `<`, or the `: `),
/// then for the colon, space or comma of the word's end alone. A space ends the search (the
/// word is over without its `: `); a colon without a space after it is part of the word. The
/// last of the four is whether a comma follows the base's end (a `(` or `<`) in the word: the
/// parentheses of a service need one to hold an auth group, and the search for the `: ` tells.
fn first_word(s: &str) -> Option<(&str, &str, &str, bool)> {
    let bytes = s.as_bytes();
    let word = |at: usize, start: usize, end: usize, comma: bool| {
        let word = s.get(..at)?;
        Some((
            word,
            word.get(start..end).unwrap_or(word),
            s.get(at + 2..)?,
            comma,
        ))
    };
    // Up to the end of the base: the last `/` before it starts it.
    let (mut start, mut from) = (0, 0);
    let end = loop {
        let at = from + find_any(bytes.get(from..)?, [b':', b' ', b'(', b'<', b'/'])?;
        match bytes.get(at) {
            Some(b'(' | b'<') => break at,
            Some(b'/') => start = at + 1,
            Some(b':') if bytes.get(at + 1) == Some(&b' ') => return word(at, start, at, false),
            Some(b':') => {}
            _ => return None,
        }
        from = at + 1;
    };
    // The rest of the word, up to its `": "`, and its commas.
    from = end + 1;
    let mut comma = false;
    loop {
        let at = from + find_any_wide(bytes.get(from..)?, [b':', b' ', b','])?;
        match bytes.get(at) {
            Some(b' ') => return None,
            Some(b',') => comma = true,
            _ if bytes.get(at + 1) == Some(&b' ') => return word(at, start, end, comma),
            _ => {}
        }
        from = at + 1;
    }
}

/// Skips dovecot's own level prefix (written when it logs without syslog), told by its first
/// letter.
fn strip_level(s: &str) -> &str {
    let level = match s.as_bytes().first() {
        Some(b'I') => "Info: ",
        Some(b'W') => "Warning: ",
        Some(b'E') => "Error: ",
        Some(b'F') => "Fatal: ",
        Some(b'P') => "Panic: ",
        Some(b'D') => "Debug: ",
        _ => return s,
    };
    s.strip_prefix(level).unwrap_or(s)
}

/// The login keys of a dovecot body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct LoginKeys<'a> {
    /// After the first `user=<`, up to its `>` (not empty).
    user: Option<&'a str>,
    /// The first `method=` of the `, `-separated list.
    method: Option<&'a str>,
    /// The first `rip=` of the list (not yet checked to be an address).
    rip: Option<&'a str>,
}

/// Whether a word is all digits: dovecot's `lmtp(24210)` names its process that way.
fn is_process_id(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_digit())
}

/// Reads `user=<...>` (anywhere), `method=` and `rip=` (each the first that starts the body or
/// follows a space or comma; the value runs to the next comma or space, `None` when empty).
/// Every key ends in its `=`, so one pass over the `=`s finds the first place of each key; it
/// stops once all three are found (a login's `lip=`, `session=<...>` are never looked at).
///
/// Most `=`s end no login key (`in=`, `out=`, `deleted=`, ... of an `imap(user)` logout):
/// each is told by the four bytes that end at it ([`login_key_at`]) before anything is read.
fn login_keys(body: &str) -> LoginKeys<'_> {
    let bytes = body.as_bytes();
    let mut reader = LoginKeyReader::default();
    any_place_of(
        bytes,
        b'=',
        #[inline(always)]
        |at| login_key_at(bytes, at).is_some_and(|key| reader.read(key, body, at)),
    );
    reader.keys
}

/// [`login_keys`] of the usual successful login, read where dovecot writes them: `Login:
/// user=<U>, method=M, rip=R, ...`, with no `=` in `U`. The general pass would find the same
/// three keys as the first three `=`s of the body, and stop there: a `=` inside `M` ends no
/// `method=` or `rip=` (those follow a space or comma, which `M` lacks, or the `=` before it)
/// and `user=<` is read already. `None` when the body is not of that shape. Saves the pass
/// over the `=`s and its three calls to read a key (about 300 instructions a login line).
#[inline(always)]
fn usual_login_keys(body: &str) -> Option<LoginKeys<'_>> {
    let rest = body.strip_prefix("Login: user=<")?;
    let close = find_any(rest.as_bytes(), [b'>', b'='])?;
    if rest.as_bytes().get(close) != Some(&b'>') {
        return None;
    }
    let user = non_empty(rest.get(..close)?);
    let method_at = rest.get(close..)?.strip_prefix(">, method=")?;
    let method_end = find_any(method_at.as_bytes(), [b',', b' ']).unwrap_or(method_at.len());
    let rip_at = method_at.get(method_end..)?.strip_prefix(", rip=")?;
    let rip_end = find_any(rip_at.as_bytes(), [b',', b' ']).unwrap_or(rip_at.len());
    Some(LoginKeys {
        user,
        method: non_empty(method_at.get(..method_end)?),
        rip: non_empty(rip_at.get(..rip_end)?),
    })
}

/// What one pass over the body of a dovecot line that is not a login service's finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct BodyScan<'a> {
    /// Its [`login_keys`].
    keys: LoginKeys<'a>,
    /// Whether it holds a `;`, which PAM's `authentication failure;` needs.
    semicolon: bool,
    /// Whether it holds a `(`, which an auth `driver(user,ip)` group needs.
    paren: bool,
    /// Whether it holds a `,`, which an auth group needs too.
    comma: bool,
}

/// [`login_keys`], and whether the body holds a `;`, a `(` and a `,`, from the same pass: each
/// block read for its `=`s is also marked for the three bytes ([`mark_block`]), instead of
/// three more passes over the body. A pass that stops early (all three keys found) or a body
/// shorter than a block and two leaves the three bytes to a search of their own.
///
/// The pass stops only at the `=`s that follow `er`, `od` or `ip` ([`key_ends`]): every key
/// [`login_key_at`] reads ends in `ser=`, `hod=` or `rip=`, so the `=`s skipped are those it
/// would turn down (an `imap(user)` logout's nine `in=`, `out=`, `deleted=`, ... are all
/// skipped, where the pass over every `=` tested each). Each block is read with the two blocks
/// that start one and two bytes before it, so the two bytes before an `=` are in the lanes of
/// its own: the blocks start at the body's third byte (an `=` among its first three bytes ends
/// no key), and the last one ends the body, its lanes already read masked off.
#[inline(always)]
fn scan_body(body: &str) -> BodyScan<'_> {
    let bytes = body.as_bytes();
    let mut reader = LoginKeyReader::default();
    let mut marks = [0u8; 16];
    let stopped = if bytes.len() < 18 {
        any_place_of(
            bytes,
            b'=',
            #[inline(always)]
            |at| login_key_at(bytes, at).is_some_and(|key| reader.read(key, body, at)),
        )
    } else {
        for &b in bytes.get(..2).unwrap_or(&[]) {
            mark_block(&mut marks, &[b; 16]);
        }
        any_key_end(
            bytes,
            |block| mark_block(&mut marks, block),
            #[inline(always)]
            |at| login_key_at(bytes, at).is_some_and(|key| reader.read(key, body, at)),
        )
    };
    let (semicolon, paren, comma) = if stopped || bytes.len() < 18 {
        (
            has_byte(bytes, b';'),
            has_byte(bytes, b'('),
            has_byte(bytes, b','),
        )
    } else {
        let marks = marks.iter().fold(0, |all, &m| all | m);
        (
            marks & SEMICOLON != 0,
            marks & PAREN != 0,
            marks & COMMA != 0,
        )
    };
    BodyScan {
        keys: reader.keys,
        semicolon,
        paren,
        comma,
    }
}

/// Calls `hit` with the place of each `=` of `bytes` (from its third byte on, `bytes` at least
/// 18 long) that follows `er`, `od` or `ip`, in order, until it returns `true`; whether one
/// did. `see` is shown each 16-byte block from the third byte on (the last one overlapping the
/// one before it), up to the one where `hit` returns `true`.
#[inline(always)]
fn any_key_end(
    bytes: &[u8],
    mut see: impl FnMut(&[u8; 16]),
    mut hit: impl FnMut(usize) -> bool,
) -> bool {
    let mut places = |start: usize, bits: u128| any_flagged_place(start, bits, &mut hit);
    // The blocks that start one and two bytes before a block are read only for a block that
    // holds an `=`.
    let ends_at = |block: &[u8; 16], start: usize| key_ends_at(bytes, block, start);
    let Some(rest) = bytes.get(2..) else {
        return false;
    };
    let (blocks, tail) = rest.as_chunks::<16>();
    for (i, block) in blocks.iter().enumerate() {
        see(block);
        if block_has(block, b'=') {
            let start = 2 + i * 16;
            if places(start, ends_at(block, start)) {
                return true;
            }
        }
    }
    if tail.is_empty() {
        return false;
    }
    let Some(block) = bytes.last_chunk::<16>() else {
        return false;
    };
    see(block);
    let start = bytes.len() - 16;
    let seen = 16 - tail.len();
    // Only the lanes not read yet: an `=` among the others is not looked at again.
    let new = !0u128 << (8 * seen);
    block_bits(block, b'=') & new != 0 && places(start, ends_at(block, start) & new)
}

/// [`key_ends`] of `block`, which starts at `bytes[start]` (`start` at least 2), as the high
/// bits of a little-endian `u128`.
#[inline(always)]
fn key_ends_at(bytes: &[u8], block: &[u8; 16], start: usize) -> u128 {
    let one = bytes
        .get(start.wrapping_sub(1)..)
        .and_then(|b| b.first_chunk::<16>());
    let two = bytes
        .get(start.wrapping_sub(2)..)
        .and_then(|b| b.first_chunk::<16>());
    match (one, two) {
        (Some(one), Some(two)) => u128::from_le_bytes(key_ends(block, one, two)),
        _ => 0,
    }
}

/// The lanes of `block` that are an `=` after `er`, `od` or `ip` (`one` and `two` are the
/// blocks that start one and two bytes before it), as `0x80`, the others `0`: lane by lane,
/// which the compiler makes a few vector compares, ands and ors.
#[inline(always)]
fn key_ends(block: &[u8; 16], one: &[u8; 16], two: &[u8; 16]) -> [u8; 16] {
    let mut ends = [0u8; 16];
    for (((end, &b), &o), &t) in ends.iter_mut().zip(block).zip(one).zip(two) {
        let key =
            ((o == b'r') & (t == b'e')) | ((o == b'd') & (t == b'o')) | ((o == b'p') & (t == b'i'));
        *end = u8::from((b == b'=') & key) << 7;
    }
    ends
}

/// The mark of a `;` in [`mark_block`].
const SEMICOLON: u8 = 1;
/// The mark of a `(` in [`mark_block`].
const PAREN: u8 = 2;
/// The mark of a `,` in [`mark_block`].
const COMMA: u8 = 4;

/// Marks the `;`s, `(`s and `,`s of a block in `marks`, lane by lane: the compiler makes it
/// three vector compares and ors, and the marks of all blocks are gathered in one vector read
/// once at the end. (An `or` of [`block_has`] for each block is turned into much more code.)
#[inline(always)]
fn mark_block(marks: &mut [u8; 16], block: &[u8; 16]) {
    for (mark, &b) in marks.iter_mut().zip(block) {
        *mark |= (u8::from(b == b';') * SEMICOLON)
            | (u8::from(b == b'(') * PAREN)
            | (u8::from(b == b',') * COMMA);
    }
}

/// The keys [`login_keys`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LoginKey {
    User,
    Method,
    Rip,
}

/// The login key that may end at the `=` at `bytes[at]`, told by the four bytes that end at it
/// (`ser=`, `hod=`, `rip=`): one compare of a fixed-size array for the `=`s that end no key.
/// [`login_key`] then checks the rest of the key.
#[inline(always)]
fn login_key_at(bytes: &[u8], at: usize) -> Option<LoginKey> {
    const USER: u32 = u32::from_le_bytes(*b"ser=");
    const METHOD: u32 = u32::from_le_bytes(*b"hod=");
    const RIP: u32 = u32::from_le_bytes(*b"rip=");
    let last4 = bytes.get(at.checked_sub(3)?..)?.first_chunk::<4>()?;
    match u32::from_le_bytes(*last4) {
        USER | METHOD | RIP => login_key(bytes.get(..at)?),
        _ => None,
    }
}

/// The keys of a body read so far by [`login_keys`]: each the first of its kind.
#[derive(Default)]
struct LoginKeyReader<'a> {
    keys: LoginKeys<'a>,
    user: bool,
    method: bool,
    rip: bool,
}

impl<'a> LoginKeyReader<'a> {
    /// Reads the value of `key`, whose `=` is at `body[at]`, unless one of its kind came first;
    /// whether all three keys are read. Kept out of line: the pass over the `=`s then inlines
    /// only the test of [`login_key_at`], which most `=`s fail.
    #[inline(never)]
    fn read(&mut self, key: LoginKey, body: &'a str, at: usize) -> bool {
        let bytes = body.as_bytes();
        let after = at + 1;
        match key {
            LoginKey::User if !self.user && bytes.get(after) == Some(&b'<') => {
                self.user = true;
                let v = body.get(at + 2..).unwrap_or("");
                self.keys.user = non_empty(
                    find_any(v.as_bytes(), [b'>']).map_or(v, |close| v.get(..close).unwrap_or("")),
                );
            }
            LoginKey::Method if !self.method => {
                self.method = true;
                self.keys.method = list_word(body, after);
            }
            LoginKey::Rip if !self.rip => {
                self.rip = true;
                self.keys.rip = list_word(body, after);
            }
            _ => return false,
        }
        self.user && self.method && self.rip
    }
}

/// Which login key `before`, the text before an `=`, ends with: `user` (anywhere), `method`
/// and `rip` (at its start or after a space or comma). The last letter picks the one it can
/// be, and the key's bytes are compared as a fixed-size array.
#[inline(always)]
fn login_key(before: &[u8]) -> Option<LoginKey> {
    match before.last()? {
        b'r' => (before.last_chunk::<4>() == Some(b"user")).then_some(LoginKey::User),
        b'd' => (before.last_chunk::<6>() == Some(b"method") && starts_a_word(before, 6))
            .then_some(LoginKey::Method),
        b'p' => (before.last_chunk::<3>() == Some(b"rip") && starts_a_word(before, 3))
            .then_some(LoginKey::Rip),
        _ => None,
    }
}

/// Whether the last `len` bytes of `before` start it or follow a space or comma.
#[inline(always)]
fn starts_a_word(before: &[u8], len: usize) -> bool {
    before
        .len()
        .checked_sub(len + 1)
        .is_none_or(|at| matches!(before.get(at), Some(b' ' | b',')))
}

/// The value of a list key from `start` to the next comma or space, `None` when empty.
fn list_word(body: &str, start: usize) -> Option<&str> {
    let v = body.get(start..)?;
    let end = find_any(v.as_bytes(), [b',', b' ']).unwrap_or(v.len());
    non_empty(v.get(..end)?)
}

/// What the parentheses of a dovecot service (`auth-worker(123)`, `lmtp(user)<id><session>`,
/// `auth(user,ip,sasl:plain)<id>`) hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct ServiceGroup<'a> {
    /// Its [`auth_group`].
    group: Option<(Option<&'a str>, Option<&'a str>)>,
    /// The text between its first `(` and the next `)`.
    first: Option<&'a str>,
}

/// [`auth_group`] of a service, which is short: searched eight bytes a step, and its first
/// `(...)` kept.
#[inline(never)]
fn service_group(service: &str) -> ServiceGroup<'_> {
    let bytes = service.as_bytes();
    let mut found = ServiceGroup::default();
    // An auth group holds a comma; without one (`imap(user)<id><session>`, `lmtp(123)`) there
    // is only the first `(...)` to read. A service with its user and session is a few blocks
    // long, one `lmtp(123)` eight bytes and a few: the wide search suits both.
    if find_any_wide(bytes, [b',']).is_none() {
        found.first = first_group(bytes).and_then(|(start, close)| service.get(start..close));
        return found;
    }
    let mut from = 0;
    while let Some(open) = bytes.get(from..).and_then(|rest| find_any(rest, [b'('])) {
        let start = from + open + 1;
        let Some(close) = bytes.get(start..).and_then(|rest| find_any(rest, [b')'])) else {
            return found;
        };
        let close = start + close;
        let inner = service.get(start..close).unwrap_or("");
        if from == 0 {
            found.first = Some(inner);
        }
        if let Some(group) = group_of(inner, bytes.get(close + 1)) {
            found.group = Some(group);
            return found;
        }
        from = start;
    }
    found
}

/// Where the text of the first `(...)` of `bytes` starts and ends (at its `)`), when that `(`
/// has a `)` after it.
fn first_group(bytes: &[u8]) -> Option<(usize, usize)> {
    let start = find_any(bytes, [b'('])? + 1;
    let close = start + find_any(bytes.get(start..)?, [b')'])?;
    Some((start, close))
}

/// The user and ip of `(inner)` followed by `next` when it is an auth group: `inner` holds a
/// comma but no `=` or space, and `:` or `<` follows.
fn group_of<'a>(inner: &'a str, next: Option<&u8>) -> Option<(Option<&'a str>, Option<&'a str>)> {
    if !matches!(next, Some(b':' | b'<')) {
        return None;
    }
    let bytes = inner.as_bytes();
    let comma = find_any(bytes, [b',', b'=', b' '])?;
    if bytes.get(comma) != Some(&b',') || find_any(bytes.get(comma..)?, [b'=', b' ']).is_some() {
        return None;
    }
    let (user, rest) = (inner.get(..comma)?, inner.get(comma + 1..)?);
    let ip = find_any(rest.as_bytes(), [b',']).map_or(rest, |end| rest.get(..end).unwrap_or(""));
    Some((non_empty(user), Some(ip).filter(|ip| is_ip(ip))))
}

/// The `driver(user,ip[,...])` prefix of a dovecot auth line: `pam(bob,192.0.2.4)`,
/// `sql(a@example.com,192.0.2.5,<session>)`, dovecot 2.4 `auth(user,ip,sasl:plain)<id>`: the
/// first `(...)` (from each `(` to the next `)`) that holds a comma but no `=` or space and is
/// followed by `:` or `<`. `None` as soon as a `(` has no `)` after it.
fn auth_group(s: &str) -> Option<(Option<&str>, Option<&str>)> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(open) = find_any(bytes.get(from..)?, [b'(']) {
        let start = from + open + 1;
        let close = start + find_any(bytes.get(start..)?, [b')'])?;
        if let Some(group) = group_of(s.get(start..close)?, bytes.get(close + 1)) {
            return Some(group);
        }
        from = start;
    }
    None
}

fn auth_failure(body: &str) -> bool {
    [
        &UNKNOWN_USER,
        &PASSWORD_MISMATCH,
        &PASSWORD_MISMATCH_LOWER,
        &PAM_AUTHENTICATE_FAILED,
        &INVALID_CREDENTIALS,
        &AUTHENTICATION_FAILURE,
    ]
    .iter()
    .any(|needle| find(needle, body).is_some())
}

// ---- other mail programs ----

/// saslauthd: `do_auth : auth failure: [user=bob] [service=smtp] [realm=] [mech=pam] [reason=...]`.
fn saslauthd<'a>(msg: &'a str, f: &mut MailFields<'a>) -> EventKind {
    if !msg.contains("auth failure") {
        return EventKind::MailMessage;
    }
    let bracket = |key: &str| -> Option<&'a str> {
        let at = msg.find(key)? + key.len();
        let v = msg.get(at..)?;
        non_empty(v.split_once(']').map_or(v, |(v, _)| v))
    };
    f.user = bracket("[user=");
    f.sasl_method = bracket("[mech=");
    f.reason = bracket("[reason=");
    EventKind::AuthFailed
}

/// sendmail: `QUEUEID: from=<a@b>, size=..., nrcpts=1, ...` and `QUEUEID: to=<c@d>, ...,
/// dsn=2.0.0, stat=Sent (...)`.
fn sendmail<'a>(msg: &'a str, f: &mut MailFields<'a>) -> EventKind {
    let Some((id, rest)) = queue_id(msg) else {
        return EventKind::MailMessage;
    };
    f.queue_id = Some(id);
    if rest.starts_with("from=") {
        key_values(rest, f);
        return EventKind::MailQueued;
    }
    if !rest.starts_with("to=") {
        return EventKind::MailMessage;
    }
    key_values(rest, f);
    match f.dsn.and_then(|d| d.bytes().next()) {
        Some(b'2') => EventKind::MailSent,
        Some(b'4') => EventKind::MailDeferred,
        Some(b'5') => EventKind::MailBounced,
        _ => match f.status {
            Some(s) if s.eq_ignore_ascii_case("sent") => EventKind::MailSent,
            Some(s) if s.eq_ignore_ascii_case("deferred") => EventKind::MailDeferred,
            _ => EventKind::MailMessage,
        },
    }
}

/// Cyrus (`imapd`, `pop3d`, `timsieved`, `sieve`): `badlogin: host[ip] MECH reason`, older
/// versions `host [ip]` (the `badlogin: ` already stripped). Fills the client and the method.
fn cyrus_badlogin<'a>(s: &'a str, f: &mut MailFields<'a>) {
    let client = host_ip(s).or_else(|| {
        let (host, r) = split_byte(s, b' ')?;
        let (_, ip, after) = host_ip(r)?;
        Some((non_empty(host), ip, after))
    });
    let Some((host, ip, after)) = client else {
        return;
    };
    f.client_host = host;
    f.client_ip = ip;
    let after = after.trim_start_matches(' ');
    let (method, reason) = split_byte(after, b' ').unwrap_or((after, ""));
    if method
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        f.sasl_method = non_empty(method);
        f.reason = non_empty(reason);
    } else {
        f.reason = non_empty(after);
    }
}

/// Any other program: OpenDKIM, OpenDMARC, Plesk's `psa-pc-remote` and `plesk sendmail`,
/// spamd, amavis, Cyrus, ... A leading queue id is kept, and a `from=`/`to=` list after it.
/// Cyrus's `badlogin:` is an authentication failure.
fn other<'a>(msg: &'a str, f: &mut MailFields<'a>) -> EventKind {
    if let Some(r) = msg.strip_prefix("badlogin: ") {
        cyrus_badlogin(r, f);
        return EventKind::AuthFailed;
    }
    if let Some((id, rest)) = queue_id(msg) {
        f.queue_id = Some(id);
        if rest.starts_with("from=") || rest.starts_with("to=") {
            key_values(rest, f);
        }
    }
    EventKind::MailMessage
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(line: &'a str) -> (EventKind, MailFields<'a>) {
        let event = parse(line).unwrap_or_else(|| panic!("no parse: {line}"));
        match event.fields {
            Fields::Mail(f) => (event.kind, f),
            fields => panic!("not mail fields: {fields:?}"),
        }
    }

    /// `case!(name: line => Kind, field = value, ...)`: the line parses to `Kind` and each
    /// named field has that value.
    macro_rules! case {
        ($name:ident: $line:expr => $kind:ident $(, $($field:ident).+ = $value:expr)* $(,)?) => {
            #[test]
            fn $name() {
                let (kind, f) = fields($line);
                assert_eq!(kind, EventKind::$kind, "kind of {}", $line);
                let _ = &f;
                $( assert_eq!(f.$($field).+, $value, "field {}", stringify!($($field).+)); )*
            }
        };
    }

    // ---- smtpd ----
    case!(smtpd_connect: "Nov 24 03:12:01 mx1 postfix/smtpd[2211]: connect from mail-ej1.example.com[198.51.100.61]"
        => SmtpConnect, client_host = Some("mail-ej1.example.com"), client_ip = Some("198.51.100.61"),
           queue_id = None, header.program = Some("postfix/smtpd"), header.pid = Some(2211), header.host = Some("mx1"));
    case!(smtpd_connect_ipv6: "Nov 24 03:12:01 mx1 postfix/smtpd[2211]: connect from unknown[2001:db8:4:1::2e]"
        => SmtpConnect, client_host = Some("unknown"), client_ip = Some("2001:db8:4:1::2e"));
    case!(smtpd_disconnect: "Nov 24 03:12:09 mx1 postfix/smtpd[2211]: disconnect from unknown[203.0.113.77] ehlo=1 auth=0/1 rset=1 quit=1 commands=3/4"
        => SmtpDisconnect, client_host = Some("unknown"), client_ip = Some("203.0.113.77"));
    case!(smtpd_disconnect_unknown_ip: "Nov 24 03:12:09 mx1 postfix/smtpd[2211]: disconnect from unknown[unknown] commands=0/0"
        => SmtpDisconnect, client_host = Some("unknown"), client_ip = None);
    case!(smtpd_client: "Nov 24 03:12:02 mx1 postfix/smtpd[2211]: 4B1F52A0C3: client=mail-ej1.example.com[198.51.100.61]"
        => SmtpClient, queue_id = Some("4B1F52A0C3"), client_host = Some("mail-ej1.example.com"), client_ip = Some("198.51.100.61"), sasl_username = None);
    case!(smtpd_client_sasl: "Nov 24 03:12:02 mx1 postfix/submission/smtpd[3120]: 7D1E83A2F1: client=unknown[203.0.113.45], sasl_method=PLAIN, sasl_username=office@example.org"
        => SmtpClient, queue_id = Some("7D1E83A2F1"), client_ip = Some("203.0.113.45"), sasl_method = Some("PLAIN"), sasl_username = Some("office@example.org"),
           header.program = Some("postfix/submission/smtpd"));
    case!(smtpd_client_long_queue_id: "2026-11-24T03:12:02.104233+09:00 mx1 postfix/smtpd[3120]: 4YQVxR6zK3z9vPq: client=a.example.net[192.0.2.18], sasl_method=LOGIN, sasl_username=shop"
        => SmtpClient, queue_id = Some("4YQVxR6zK3z9vPq"), client_ip = Some("192.0.2.18"), sasl_method = Some("LOGIN"), sasl_username = Some("shop"));
    case!(noqueue_reject_relay: "Nov 24 03:13:40 mx1 postfix/smtpd[2290]: NOQUEUE: reject: RCPT from unknown[203.0.113.9]: 454 4.7.1 <info@example.net>: Relay access denied; from=<bulk@example.biz> to=<info@example.net> proto=ESMTP helo=<WIN-7Q2MD3>"
        => MailRejected, queue_id = None, client_host = Some("unknown"), client_ip = Some("203.0.113.9"), dsn = Some("4.7.1"),
           reason = Some("Relay access denied"), from = Some("bulk@example.biz"), to = Some("info@example.net"));
    case!(noqueue_reject_rbl: "Nov 24 03:13:41 mx1 postfix/smtpd[2290]: NOQUEUE: reject: RCPT from bad.example.org[192.0.2.200]: 554 5.7.1 Service unavailable; Client host [192.0.2.200] blocked using zen.example.org; https://example.org/lookup?ip=192.0.2.200; from=<x@example.org> to=<sales@example.com> proto=ESMTP helo=<bad.example.org>"
        => MailRejected, dsn = Some("5.7.1"),
           reason = Some("Service unavailable; Client host [192.0.2.200] blocked using zen.example.org; https://example.org/lookup?ip=192.0.2.200"),
           from = Some("x@example.org"), to = Some("sales@example.com"));
    case!(noqueue_reject_ehlo_no_from: "Nov 24 03:13:42 mx1 postfix/smtpd[2290]: NOQUEUE: reject: EHLO from unknown[192.0.2.31]: 504 5.5.2 <pc>: Helo command rejected: need fully-qualified hostname; proto=SMTP helo=<pc>"
        => MailRejected, from = None, to = None, dsn = Some("5.5.2"), reason = Some("Helo command rejected: need fully-qualified hostname"));
    case!(noqueue_reject_null_sender_ipv6: "Nov 24 03:13:43 mx1 postfix/smtpd[2290]: NOQUEUE: reject: RCPT from unknown[2001:db8::beef]: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table; from=<> to=<nobody@example.com> proto=ESMTP helo=<mta.example.net>"
        => MailRejected, client_ip = Some("2001:db8::beef"), from = Some(""), to = Some("nobody@example.com"), dsn = Some("5.1.1"));
    case!(queued_reject: "Nov 24 03:13:44 mx1 postfix/smtpd[2290]: 2F0C81A06B: reject: RCPT from a.example.com[198.51.100.4]: 550 5.7.1 <b@example.com>: Recipient address rejected: Access denied; from=<c@example.com> to=<b@example.com> proto=ESMTP helo=<a.example.com>"
        => MailRejected, queue_id = Some("2F0C81A06B"), reason = Some("Recipient address rejected: Access denied"));
    case!(milter_reject: "Nov 24 03:13:45 mx1 postfix/cleanup[2301]: 2F0C81A06C: milter-reject: END-OF-MESSAGE from a.example.com[198.51.100.4]: 5.7.1 Rejected as spam; from=<c@example.com> to=<b@example.com> proto=ESMTP helo=<a.example.com>"
        => MailRejected, dsn = Some("5.7.1"), reason = Some("Rejected as spam"), client_ip = Some("198.51.100.4"));
    case!(postscreen_reject: "Nov 24 03:13:46 mx1 postfix/postscreen[801]: NOQUEUE: reject: RCPT from [192.0.2.66]:50312: 550 5.7.1 Service unavailable; client [192.0.2.66] blocked using bl.example.org; from=<a@example.org>, to=<b@example.com>, proto=ESMTP, helo=<x.example.org>"
        => MailRejected, client_host = None, client_ip = Some("192.0.2.66"), from = Some("a@example.org"), to = Some("b@example.com"));
    case!(reject_warning: "Nov 24 03:13:47 mx1 postfix/smtpd[2290]: NOQUEUE: reject_warning: RCPT from a.example.com[198.51.100.4]: 450 4.7.1 <b@example.com>: Recipient address rejected: Greylisted; from=<c@example.com> to=<b@example.com> proto=ESMTP helo=<a>"
        => MailWarning, reason = Some("Recipient address rejected: Greylisted"));
    case!(sasl_failed: "Nov 24 03:14:02 mx1 postfix/smtpd[2301]: warning: unknown[203.0.113.50]: SASL LOGIN authentication failed: UGFzc3dvcmQ6"
        => SaslAuthFailed, client_host = Some("unknown"), client_ip = Some("203.0.113.50"), sasl_method = Some("LOGIN"), reason = Some("UGFzc3dvcmQ6"));
    case!(sasl_failed_port_and_user: "Nov 24 03:14:03 mx1 postfix/submission/smtpd[2302]: warning: host.example.net[192.0.2.14]:61022: SASL PLAIN authentication failed: (reason unavailable), sasl_username=admin@example.com"
        => SaslAuthFailed, client_ip = Some("192.0.2.14"), sasl_method = Some("PLAIN"), reason = Some("(reason unavailable)"), sasl_username = Some("admin@example.com"));
    case!(sasl_failed_empty_reason: "Nov 24 03:14:04 mx1 postfix/smtps/smtpd[2303]: warning: unknown[2001:db8::51]: SASL PLAIN authentication failed:"
        => SaslAuthFailed, client_ip = Some("2001:db8::51"), reason = None, header.program = Some("postfix/smtps/smtpd"));
    case!(lost_connection: "Nov 24 03:14:05 mx1 postfix/smtpd[2304]: lost connection after AUTH from unknown[203.0.113.50]"
        => MailMessage, client_ip = Some("203.0.113.50"));
    case!(warning_rate_limit: "Nov 24 03:14:06 mx1 postfix/smtpd[2305]: warning: Connection rate limit exceeded: 61 from c.example.net[192.0.2.99] for service smtp"
        => MailWarning, client_ip = Some("192.0.2.99"), reason = Some("Connection rate limit exceeded: 61 from c.example.net[192.0.2.99] for service smtp"));
    case!(warning_does_not_resolve: "Nov 24 03:14:06 mx1 postfix/smtpd[2305]: warning: hostname mail.example.net does not resolve to address 192.0.2.98: Name or service not known"
        => MailWarning, client_ip = Some("192.0.2.98"));
    case!(warning_not_a_client: "Nov 24 03:14:07 mx1 postfix/trivial-rewrite[99]: warning: dict_ldap_get_values[1]: DN uid=x,dc=example not found"
        => MailWarning, client_host = None, client_ip = None);

    // ---- before-queue content filter ----
    case!(proxy_reject_spam: "Nov 24 03:13:48 mx1 postfix/smtpd[2290]: 3F2A81C0D2: proxy-reject: END-OF-MESSAGE: 554 5.7.0 Reject, id=04211-07 - spam; from=<offers@example.biz> to=<sales@example.com> proto=ESMTP helo=<mta7.example.biz>"
        => MailRejected, queue_id = Some("3F2A81C0D2"), dsn = Some("5.7.0"), reason = Some("Reject, id=04211-07 - spam"),
           from = Some("offers@example.biz"), to = Some("sales@example.com"), client_ip = None);
    case!(proxy_reject_noqueue_null_sender: "Nov 24 03:13:48 mx1 postfix/smtpd[2290]: NOQUEUE: proxy-reject: END-OF-MESSAGE: 550 5.7.1 Message content rejected; from=<> to=<info@example.com> proto=SMTP helo=<192.0.2.40>"
        => MailRejected, queue_id = None, from = Some(""), to = Some("info@example.com"), reason = Some("Message content rejected"));
    case!(proxy_reject_empty_reply: "Nov 24 03:13:48 mx1 postfix/smtpd[2290]: NOQUEUE: proxy-reject: END-OF-MESSAGE: ; from=<a@example.org> to=<b@example.com> proto=ESMTP helo=<[192.0.2.41]>"
        => MailRejected, from = Some("a@example.org"), to = Some("b@example.com"), reason = None, dsn = None);
    case!(proxy_accept_filter_is_no_client: "Nov 24 03:13:49 mx1 postfix/smtpd[2290]: 3F2A81C0D3: proxy-accept: END-OF-MESSAGE: 250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 5B7E90A1F4; from=<a@example.org> to=<b@example.com> proto=ESMTP helo=<mail.example.org>"
        => MailMessage, queue_id = Some("3F2A81C0D3"), dsn = Some("2.0.0"), client_ip = None,
           reason = Some("from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 5B7E90A1F4"), from = Some("a@example.org"), to = Some("b@example.com"));

    // ---- anvil, dnsblog ----
    case!(anvil_connection_rate: "Nov 24 03:15:00 mx1 postfix/anvil[990]: statistics: max connection rate 31/60s for (smtpd:203.0.113.61) at Nov 24 03:11:20"
        => MailMessage, client_ip = Some("203.0.113.61"));
    case!(anvil_connection_count_ipv6: "Nov 24 03:15:00 mx1 postfix/anvil[990]: statistics: max connection count 4 for (submission:2001:db8:5::61) at Nov 24 03:12:40"
        => MailMessage, client_ip = Some("2001:db8:5::61"));
    case!(anvil_host_port_service: "Nov 24 03:15:00 mx1 postfix/anvil[990]: statistics: max message rate 9/60s for (127.0.0.1:10025:198.51.100.62) at Nov 24 03:13:05"
        => MailMessage, client_ip = Some("198.51.100.62"));
    case!(anvil_ipv6_host_port_service: "Nov 24 03:15:00 mx1 postfix/anvil[990]: statistics: max connection count 2 for ([::1]:10025:2001:db8::63) at Nov 24 03:13:06"
        => MailMessage, client_ip = Some("2001:db8::63"));
    case!(anvil_cache_size: "Nov 24 03:15:00 mx1 postfix/anvil[990]: statistics: max cache size 3 at Nov 24 03:11:20"
        => MailMessage, client_ip = None);
    case!(dnsblog_listed: "Nov 24 03:15:01 mx1 postfix/dnsblog[991]: addr 203.0.113.64 listed by domain zen.example.org as 127.0.0.4"
        => MailMessage, client_ip = Some("203.0.113.64"));
    case!(dnsblog_listed_ipv6: "Nov 24 03:15:01 mx1 postfix/dnsblog[991]: addr 2001:db8:6::64 listed by domain list.example.org as 127.0.9.1"
        => MailMessage, client_ip = Some("2001:db8:6::64"));

    // ---- cleanup, pickup, qmgr ----
    case!(cleanup_message_id: "Nov 24 03:12:02 mx1 postfix/cleanup[2212]: 4B1F52A0C3: message-id=<20261124031201.4B1F52A0C3@mx1.example.com>"
        => MailMessageId, queue_id = Some("4B1F52A0C3"), message_id = Some("20261124031201.4B1F52A0C3@mx1.example.com"));
    case!(cleanup_empty_message_id: "Nov 24 03:12:02 mx1 postfix/cleanup[2212]: 4B1F52A0C4: message-id=<>"
        => MailMessageId, message_id = Some(""));
    case!(cleanup_header_warning: "Nov 24 03:12:02 mx1 postfix/cleanup[2212]: 4B1F52A0C5: warning: header Subject: Invoice from a.example.net[192.0.2.7]; from=<s@example.net> to=<r@example.com> proto=ESMTP helo=<a.example.net>"
        => MailWarning, queue_id = Some("4B1F52A0C5"), client_ip = Some("192.0.2.7"), from = Some("s@example.net"), to = Some("r@example.com"));
    case!(pickup: "Nov 24 03:20:00 web01 postfix/pickup[1201]: 9A3C21E0F7: uid=33 from=<www-data>"
        => MailPickup, queue_id = Some("9A3C21E0F7"), uid = Some(33), from = Some("www-data"));
    case!(qmgr_queued: "Nov 24 03:20:00 web01 postfix/qmgr[1202]: 9A3C21E0F7: from=<www-data@web01.example.com>, size=2841, nrcpt=1 (queue active)"
        => MailQueued, from = Some("www-data@web01.example.com"), size = Some(2841), nrcpt = Some(1), status = None);
    case!(qmgr_queued_null_sender: "Nov 24 03:20:00 web01 postfix/qmgr[1202]: 9A3C21E0F8: from=<>, size=3902, nrcpt=1 (queue active)"
        => MailQueued, from = Some(""), size = Some(3902));
    case!(qmgr_removed: "Nov 24 03:20:01 web01 postfix/qmgr[1202]: 9A3C21E0F7: removed"
        => MailRemoved, queue_id = Some("9A3C21E0F7"));
    case!(qmgr_expired: "Nov 24 03:20:01 web01 postfix/qmgr[1202]: 9A3C21E0F9: from=<news@example.com>, status=expired, returned to sender"
        => MailExpired, from = Some("news@example.com"), status = Some("expired"));
    case!(instance_qmgr: "Nov 24 03:20:01 web01 postfix-out/qmgr[1299]: 9A3C21E0FA: from=<a@example.com>, size=100, nrcpt=250 (queue active)"
        => MailQueued, nrcpt = Some(250), header.program = Some("postfix-out/qmgr"));

    // ---- delivery agents ----
    case!(smtp_sent: "Nov 24 03:20:02 web01 postfix/smtp[1300]: 9A3C21E0F7: to=<alice@example.net>, relay=mx.example.net[198.51.100.5]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 OK 1732417202 k9si1234567pgb.12 - gsmtp)"
        => MailSent, queue_id = Some("9A3C21E0F7"), to = Some("alice@example.net"), orig_to = None, relay = Some("mx.example.net[198.51.100.5]:25"),
           delay = Some(1.2), delays = Some("0.1/0/0.5/0.6"), dsn = Some("2.0.0"), status = Some("sent"),
           reason = Some("250 2.0.0 OK 1732417202 k9si1234567pgb.12 - gsmtp"));
    case!(smtp_sent_orig_to_tls: "Nov 24 03:20:02 web01 postfix/smtp[1300]: 9A3C21E0F7: to=<a@example.net>, orig_to=<alias@example.com>, relay=mx.example.net[2001:db8::25]:25, delay=0.41, delays=0.02/0.01/0.2/0.18, tls=may, dsn=2.0.0, status=sent (250 Ok)"
        => MailSent, orig_to = Some("alias@example.com"), relay = Some("mx.example.net[2001:db8::25]:25"), delay = Some(0.41), reason = Some("250 Ok"));
    case!(smtp_deferred_refused: "Nov 24 03:20:03 web01 postfix/smtp[1301]: 9A3C21E0FB: to=<bob@example.org>, relay=none, delay=30, delays=0.01/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.org[192.0.2.25]:25: Connection refused)"
        => MailDeferred, relay = Some("none"), delay = Some(30.0), dsn = Some("4.4.1"), status = Some("deferred"),
           reason = Some("connect to mx.example.org[192.0.2.25]:25: Connection refused"));
    case!(smtp_deferred_nested_parens: "Nov 24 03:20:03 web01 postfix/smtp[1301]: 9A3C21E0FC: to=<c@example.org>, relay=mx.example.org[192.0.2.25]:25, delay=2, delays=0/0/1/1, dsn=4.7.1, status=deferred (host mx.example.org[192.0.2.25] said: 450 4.7.1 Try again later (in reply to RCPT TO command))"
        => MailDeferred, reason = Some("host mx.example.org[192.0.2.25] said: 450 4.7.1 Try again later (in reply to RCPT TO command)"));
    case!(smtp_bounced: "Nov 24 03:20:04 web01 postfix/smtp[1302]: 9A3C21E0FD: to=<gone@example.org>, relay=mx.example.org[192.0.2.25]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.1.1, status=bounced (host mx.example.org[192.0.2.25] said: 550 5.1.1 No such user (in reply to RCPT TO command))"
        => MailBounced, status = Some("bounced"), dsn = Some("5.1.1"));
    case!(local_sent_unbracketed: "Nov 24 03:20:05 web01 postfix/local[1303]: 9A3C21E0FE: to=root@web01.example.com, orig_to=root, relay=local, delay=0.03, delays=0.01/0/0/0.02, dsn=2.0.0, status=sent (delivered to mailbox)"
        => MailSent, to = Some("root@web01.example.com"), orig_to = Some("root"), relay = Some("local"), reason = Some("delivered to mailbox"));
    case!(virtual_bounce: "Nov 24 03:20:06 web01 postfix/virtual[1304]: 9A3C21E0FF: to=<full@example.com>, relay=virtual, delay=0.1, delays=0.05/0/0/0.05, dsn=5.2.2, status=bounced (mailbox full)"
        => MailBounced, relay = Some("virtual"), reason = Some("mailbox full"));
    case!(lmtp_sent: "Nov 24 03:20:07 web01 postfix/lmtp[1305]: 5C4E12B0A1: to=<u@example.com>, relay=web01.example.com[private/dovecot-lmtp], delay=0.08, delays=0.03/0/0.01/0.04, dsn=2.0.0, status=sent (250 2.0.0 <u@example.com> Saved)"
        => MailSent, relay = Some("web01.example.com[private/dovecot-lmtp]"));
    case!(error_undeliverable: "Nov 24 03:20:08 web01 postfix/error[1306]: 5C4E12B0A2: to=<x@example.net>, relay=none, delay=0.01, delays=0.01/0/0/0, dsn=5.1.1, status=undeliverable-but-not-cached (unknown user)"
        => MailBounced, status = Some("undeliverable-but-not-cached"));
    case!(pipe_deferred_truncated: "Nov 24 03:20:09 web01 postfix/pipe[1307]: 5C4E12B0A3: to=<x@example.net>, relay=spamassassin, delay=300, delays=0/0/0/300, dsn=4.3.0, status=deferred (temporary failure. Command output: spamc: conn"
        => MailDeferred, reason = Some("temporary failure. Command output: spamc: conn"));
    case!(smtp_connect_to_refused: "Nov 24 03:20:10 web01 postfix/smtp[1308]: connect to mx.example.org[192.0.2.25]:25: Connection refused"
        => MailMessage, relay = Some("mx.example.org[192.0.2.25]:25"), reason = Some("Connection refused"), queue_id = None);

    // ---- bounce, warnings, fatal ----
    case!(bounce_notification: "Nov 24 03:20:11 web01 postfix/bounce[1309]: 9A3C21E0FD: sender non-delivery notification: A1B2C3D4E5"
        => MailNotification, queue_id = Some("9A3C21E0FD"), reason = Some("sender non-delivery notification"));
    case!(warning_plain: "Nov 24 03:20:12 web01 postfix/master[801]: warning: process /usr/lib/postfix/sbin/smtpd pid 2201 exit status 1"
        => MailWarning, reason = Some("process /usr/lib/postfix/sbin/smtpd pid 2201 exit status 1"));
    case!(warning_with_queue_id: "Nov 24 03:20:13 web01 postfix/cleanup[1310]: warning: 6D8E01C7B2: virtual_alias_maps map lookup problem for u@example.com -- message not accepted, try again later"
        => MailWarning, queue_id = Some("6D8E01C7B2"));
    case!(fatal: "Nov 24 03:20:14 web01 postfix/smtpd[1311]: fatal: open database /etc/postfix/virtual.db: No such file or directory"
        => MailFatal, reason = Some("open database /etc/postfix/virtual.db: No such file or directory"));
    case!(panic: "Nov 24 03:20:15 web01 postfix/qmgr[1202]: panic: myfree: corrupt or unallocated memory block"
        => MailFatal, reason = Some("myfree: corrupt or unallocated memory block"));
    case!(daemon_started: "Nov 24 03:00:00 web01 postfix/master[801]: daemon started -- version 3.7.11, configuration /etc/postfix"
        => MailMessage, queue_id = None, reason = None);
    case!(postsuper_deleted: "Nov 24 03:00:00 web01 postfix/postsuper[900]: Deleted: 1150 messages"
        => MailMessage, queue_id = None);
    case!(postscreen_pass_new: "Nov 24 03:00:01 mx1 postfix/postscreen[801]: PASS NEW [2001:db8::66]:50312"
        => MailMessage, client_ip = Some("2001:db8::66"));
    case!(smtp_said_is_no_client: "Nov 24 03:00:01 mx1 postfix/smtp[802]: 2690D8044A: host mx.example.org[192.0.2.25] said: 421 4.7.0 [192.0.2.1 15] try later (in reply to MAIL FROM command)"
        => MailMessage, client_ip = None, queue_id = Some("2690D8044A"));
    case!(postscreen_connect: "Nov 24 03:00:01 mx1 postfix/postscreen[801]: CONNECT from [192.0.2.66]:50312 to [198.51.100.2]:25"
        => MailMessage, client_ip = Some("192.0.2.66"), client_host = None);

    // ---- disk full ----
    case!(disk_full_warning: "Nov 24 04:00:00 web01 postfix/cleanup[1400]: warning: 7E1F0A2B3C: write queue file: No space left on device"
        => DiskFull, queue_id = Some("7E1F0A2B3C"), reason = Some("write queue file: No space left on device"));
    case!(disk_full_reject: "Nov 24 04:00:01 mx1 postfix/smtpd[1401]: NOQUEUE: reject: MAIL from a.example.net[192.0.2.7]: 452 4.3.1 Insufficient system storage; proto=ESMTP helo=<a.example.net>"
        => DiskFull, dsn = Some("4.3.1"), reason = Some("Insufficient system storage"), client_ip = Some("192.0.2.7"));
    case!(disk_full_queue_write: "Nov 24 04:00:02 web01 postfix/sendmail[1402]: fatal: www-data(33): queue file write error"
        => DiskFull, reason = Some("www-data(33): queue file write error"));
    case!(disk_full_free_space: "Nov 24 04:00:03 mx1 postfix/smtpd[1403]: warning: not enough free space in mail queue: 10485760 bytes < 1.5*message size limit"
        => DiskFull);
    case!(disk_full_deferred: "Nov 24 04:00:04 web01 postfix/local[1404]: 7E1F0A2B3D: to=<u@web01.example.com>, relay=local, delay=0.2, delays=0.1/0/0/0.1, dsn=4.3.0, status=deferred (cannot update mailbox /var/mail/u for user u. error writing message: No space left on device)"
        => DiskFull, status = Some("deferred"), dsn = Some("4.3.0"));
    // A sender's own text is not the disk's: a quoted local part with a phrase in it, on a
    // record of the mail's passage, leaves the record what it is.
    case!(disk_full_phrase_in_sender_is_no_full_disk: "Nov 24 04:00:05 mx1 postfix/qmgr[1405]: 7E1F0A2B3E: from=<\"No space left on device\"@example.net>, size=1822, nrcpt=1 (queue active)"
        => MailQueued, queue_id = Some("7E1F0A2B3E"));
    case!(disk_full_phrase_in_delivered_reply_is_no_full_disk: "Nov 24 04:00:06 mx1 postfix/smtp[1406]: 7E1F0A2B3F: to=<a@example.org>, relay=mx.example.org[192.0.2.25]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4YQ, queue file write error earlier)"
        => MailSent, status = Some("sent"));
    case!(disk_full_phrase_in_generic_dovecot_error: "Nov 24 04:00:07 mx1 dovecot: imap(kim@example.com)<4423><Ab1Cd4>: Error: Mailbox INBOX: write(/var/vmail/example.com/kim/dovecot.index.cache) failed: No space left on device"
        => DiskFull);

    // ---- dovecot ----
    case!(dovecot_login: "Nov 24 03:30:00 mx1 dovecot: imap-login: Login: user=<anna@example.com>, method=PLAIN, rip=203.0.113.5, lip=198.51.100.2, mpid=4411, TLS, session=<aB3dE5fG7hI9>"
        => LoginSucceeded, user = Some("anna@example.com"), client_ip = Some("203.0.113.5"), sasl_method = Some("PLAIN"), header.program = Some("dovecot"));
    case!(dovecot_auth_failed_disconnect: "Nov 24 03:30:01 mx1 dovecot[702]: imap-login: Disconnected (auth failed, 3 attempts in 12 secs): user=<anna@example.com>, method=PLAIN, rip=203.0.113.6, lip=198.51.100.2, TLS, session=<zZ9yY8xX7wV6>"
        => AuthFailed, user = Some("anna@example.com"), client_ip = Some("203.0.113.6"), header.pid = Some(702));
    case!(dovecot_aborted_login_ipv6: "Nov 24 03:30:02 mx1 dovecot: pop3-login: Aborted login (auth failed, 1 attempts in 2 secs): user=<bob>, method=PLAIN, rip=2001:db8::77, lip=2001:db8::1, session=<q1w2e3>"
        => AuthFailed, user = Some("bob"), client_ip = Some("2001:db8::77"));
    case!(dovecot_login_aborted_23: "Nov 24 03:30:03 mx1 dovecot: imap-login: Login aborted: Connection closed (auth failed, 3 attempts in 15 secs) (auth_failed): user=<c@example.com>, method=LOGIN, rip=192.0.2.140, lip=198.51.100.2, TLS, session=<r4t5y6>"
        => AuthFailed, user = Some("c@example.com"), client_ip = Some("192.0.2.140"), sasl_method = Some("LOGIN"));
    case!(dovecot_no_auth_attempts: "Nov 24 03:30:04 mx1 dovecot: imap-login: Disconnected (no auth attempts in 0 secs): user=<>, rip=192.0.2.141, lip=198.51.100.2, TLS handshaking"
        => MailMessage, user = None, client_ip = Some("192.0.2.141"));
    case!(dovecot_pam_failed: "Nov 24 03:30:05 mx1 dovecot: auth-worker(3321): pam(dave,203.0.113.8,<Xy12Ab34>): pam_authenticate() failed: Authentication failure (password mismatch?)"
        => AuthFailed, user = Some("dave"), client_ip = Some("203.0.113.8"));
    case!(dovecot_unknown_user: "Nov 24 03:30:06 mx1 dovecot: auth-worker(3321): sql(nobody@example.com,203.0.113.9): unknown user"
        => AuthFailed, user = Some("nobody@example.com"), client_ip = Some("203.0.113.9"));
    case!(dovecot_conn_prefix: "Nov 24 03:30:07 mx1 dovecot: auth-worker(3321): conn unix:auth-worker (pid=3300,uid=110): auth-worker<7>: pam(erin,192.0.2.150): unknown user"
        => AuthFailed, user = Some("erin"), client_ip = Some("192.0.2.150"));
    case!(dovecot_passwd_file_mismatch: "Nov 24 03:30:08 mx1 dovecot: auth: passwd-file(frank@example.com,192.0.2.151,<Qw3Er4>): Password mismatch"
        => AuthFailed, user = Some("frank@example.com"), client_ip = Some("192.0.2.151"));
    case!(dovecot_24_auth: "Nov 24 03:30:09 mx1 dovecot: auth(gina@example.com,192.0.2.152,sasl:plain)<Zx9Cv8>: Info: sql: Password mismatch"
        => AuthFailed, user = Some("gina@example.com"), client_ip = Some("192.0.2.152"));
    case!(dovecot_pam_unix: "Nov 24 03:30:10 mx1 auth: pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=hank rhost=192.0.2.153  user=hank"
        => AuthFailed, user = Some("hank"), client_ip = Some("192.0.2.153"));
    case!(dovecot_no_host_export: "Nov 24 03:30:11 pop3-login: Info: Aborted login (auth failed, 1 attempts in 3 secs): user=<ivy>, method=PLAIN, rip=192.0.2.154"
        => AuthFailed, user = Some("ivy"), client_ip = Some("192.0.2.154"), header.host = None, header.program = Some("pop3-login"));
    case!(dovecot_double_tag: "Nov 24 03:30:11 mx1 dovecot[442]: dovecot: auth(default): pam(lou@example.com,192.0.2.155): pam_authenticate() failed: User not known to the underlying authentication module"
        => AuthFailed, user = Some("lou@example.com"), client_ip = Some("192.0.2.155"));
    case!(dovecot_24_no_host_export: "Nov 24 03:30:11 auth(mo@example.com,192.0.2.156,sasl:login)<Pq7Rs8>: Info: sql: Password mismatch"
        => AuthFailed, user = Some("mo@example.com"), client_ip = Some("192.0.2.156"), header.host = None);
    case!(dovecot_lmtp_saved: "Nov 24 03:30:12 mx1 dovecot: lmtp(jack@example.com)<4420><Rt5Yu6Io>: msgid=<abc@example.net>: saved mail to INBOX"
        => MailMessage, user = Some("jack@example.com"));
    case!(dovecot_imap_logout: "Nov 24 03:30:13 mx1 dovecot: imap(kim@example.com)<4421><Ab1Cd2>: Disconnected: Logged out in=120 out=3400"
        => MailMessage, user = Some("kim@example.com"));
    case!(dovecot_disk_full: "Nov 24 03:30:14 mx1 dovecot: lmtp(kim@example.com)<4422><Ab1Cd3>: Error: write(/var/vmail/example.com/kim/dovecot.index.log) failed: No space left on device"
        => DiskFull, user = Some("kim@example.com"));

    // ---- other programs ----
    case!(cyrus_sieve_badlogin: "Nov 24 03:31:10 mx1 sieve[4101]: badlogin: client.example.net[203.0.113.65] PLAIN authentication failure"
        => AuthFailed, client_host = Some("client.example.net"), client_ip = Some("203.0.113.65"), sasl_method = Some("PLAIN"),
           reason = Some("authentication failure"), header.program = Some("sieve"));
    case!(cyrus_timsieved_badlogin: "Nov 24 03:31:11 mx1 cyrus/timsieved[4102]: badlogin: unknown[2001:db8::66] LOGIN authentication failure"
        => AuthFailed, client_ip = Some("2001:db8::66"), sasl_method = Some("LOGIN"), header.program = Some("cyrus/timsieved"));
    case!(cyrus_imapd_badlogin_spaced: "Nov 24 03:31:12 mx1 cyrus/imap[4103]: badlogin: client.example.net [203.0.113.67] plaintext [SASL(-13): authentication failure: checkpass failed]"
        => AuthFailed, client_host = Some("client.example.net"), client_ip = Some("203.0.113.67"), sasl_method = Some("plaintext"),
           reason = Some("[SASL(-13): authentication failure: checkpass failed]"));
    case!(saslauthd_failure: "Nov 24 03:31:00 mx1 saslauthd[611]: do_auth         : auth failure: [user=lee] [service=smtp] [realm=example.com] [mech=pam] [reason=PAM auth error]"
        => AuthFailed, user = Some("lee"), sasl_method = Some("pam"), reason = Some("PAM auth error"));
    case!(opendkim_signed: "Nov 24 03:31:01 mx1 opendkim[720]: 4B1F52A0C3: DKIM-Signature field added (s=mail, d=example.com)"
        => MailMessage, queue_id = Some("4B1F52A0C3"), header.program = Some("opendkim"));
    case!(plesk_sendmail: "Nov 24 03:31:02 web01 plesk sendmail[31415]: handlers_stderr: SKIP"
        => MailMessage, header.program = Some("plesk sendmail"), header.pid = Some(31415));
    case!(psa_pc_remote: "Nov 24 03:31:03 web01 psa-pc-remote[2718]: 9A3C21E0F7: from=<www-data@web01.example.com> to=<list@example.net>"
        => MailMessage, queue_id = Some("9A3C21E0F7"), from = Some("www-data@web01.example.com"), to = Some("list@example.net"));
    case!(sendmail_sent: "Nov 24 03:31:04 old1 sm-mta[5011]: 3AO3V4xB005011: to=<a@example.net>, ctladdr=<w@old1.example.com> (33/33), delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=120360, relay=mx.example.net. [198.51.100.5], dsn=2.0.0, stat=Sent (Ok: queued as 4B1F52A0C3)"
        => MailSent, queue_id = Some("3AO3V4xB005011"), to = Some("a@example.net"), dsn = Some("2.0.0"), status = Some("Sent"), reason = Some("Ok: queued as 4B1F52A0C3"));
    case!(sendmail_deferred: "Nov 24 03:31:05 old1 sm-mta[5012]: 3AO3V4xB005012: to=<b@example.net>, delay=00:00:05, mailer=esmtp, pri=30000, relay=mx.example.net., dsn=4.0.0, stat=Deferred: Connection refused by mx.example.net."
        => MailDeferred, status = Some("Deferred"), reason = Some("Connection refused by mx.example.net."));
    case!(spamd_other: "Nov 24 03:31:06 mx1 spamd[900]: spamd: clean message (-1.2/5.0) for debian-spamd:111 in 0.4 seconds, 2500 bytes."
        => MailMessage, queue_id = None);
    case!(non_mail_program_in_mail_log: "Nov 24 03:31:07 mx1 CRON[1000]: (root) CMD (test -x /usr/sbin/anacron)"
        => MailMessage, header.program = Some("CRON"), queue_id = None);
    case!(rfc5424_postfix: "<22>1 2026-11-24T03:12:01.512Z mx1 postfix/smtpd 2211 - - connect from a.example.net[192.0.2.8]"
        => SmtpConnect, client_ip = Some("192.0.2.8"), header.pid = Some(2211));
    case!(journal_iso_postfix: "2026-11-24T03:12:01+0900 mx1 postfix/qmgr[1202]: 9A3C21E0F7: removed"
        => MailRemoved, header.host = Some("mx1"));

    #[test]
    fn truncated_lines_still_parse() {
        let line = "Nov 24 03:20:02 web01 postfix/smtp[1300]: 9A3C21E0F7: to=<alice@example.net>, relay=mx.example.net[198.51.100.5]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 OK)";
        let header_len = "Nov 24 03:20:02".len();
        for end in header_len..=line.len() {
            let event = parse(&line[..end]);
            assert!(event.is_some(), "{:?}", &line[..end]);
        }
        let line = "Nov 24 03:13:40 mx1 postfix/smtpd[2290]: NOQUEUE: reject: RCPT from unknown[2001:db8::9]: 454 4.7.1 <i@example.net>: Relay access denied; from=<b@example.biz> to=<i@example.net> proto=ESMTP helo=<x>";
        for end in header_len..=line.len() {
            assert!(parse(&line[..end]).is_some(), "{:?}", &line[..end]);
        }
    }

    #[test]
    fn truncated_inside_fields() {
        let (kind, f) = fields(
            "Nov 24 03:20:02 web01 postfix/qmgr[1202]: 9A3C21E0F7: from=<www-data@web01.exa",
        );
        assert_eq!(kind, EventKind::MailQueued);
        assert_eq!(f.from, Some("www-data@web01.exa"));
        let (kind, f) =
            fields("Nov 24 03:20:02 mx1 postfix/smtpd[1]: connect from mail.example.net[192.0.");
        assert_eq!(kind, EventKind::SmtpConnect);
        assert_eq!(f.client_ip, None);
        let (kind, _) =
            fields("Nov 24 03:20:02 mx1 postfix/smtpd[1]: warning: unknown[192.0.2.1]: SASL LOG");
        assert_eq!(kind, EventKind::MailWarning);
    }

    #[test]
    fn not_syslog_is_none() {
        assert!(parse("").is_none());
        assert!(parse("postfix/smtpd[1]: connect from x[192.0.2.1]").is_none());
        assert!(parse("-- Logs begin at Mon 2026-11-23 00:00:00 JST. --").is_none());
    }

    #[test]
    fn queue_ids() {
        for (msg, id) in [
            ("4B1F52A0C3: removed", Some("4B1F52A0C3")),
            ("ABCDEF: removed", Some("ABCDEF")),
            ("4YQVxR6zK3z9vPq: removed", Some("4YQVxR6zK3z9vPq")),
            (
                "ED06590130AA1C9D6D862: skipped, still being delivered",
                Some("ED06590130AA1C9D6D862"),
            ),
            ("NOQUEUE: reject", None),
            ("warning: x", None),
            ("Deleted: 3 messages", None),
            ("statistics: max", None),
            ("4B1F: short", None),
            ("4B1F52A0C3:nospace", None),
        ] {
            assert_eq!(queue_id(msg).map(|(id, _)| id), id, "{msg}");
        }
    }

    #[test]
    fn mail_programs() {
        for p in [
            "postfix/smtpd",
            "postfix-submission/smtpd",
            "postfix/smtps/smtpd",
            "dovecot",
            "imap-login",
            "auth-worker(3321)",
            "opendkim",
            "opendmarc",
            "spamd",
            "spamc",
            "amavis",
            "amavisd",
            "amavisd-new",
            "postgrey",
            "policyd-spf",
            "sendmail",
            "plesk sendmail",
            "clamd",
            "saslauthd",
            "sm-mta",
            "courierpop3login",
            "psa-pc-remote",
            "/usr/lib/plesk-9.0/psa-pc-remote",
            "sieve",
            "timsieved",
            "cyrus/timsieved",
            "cyrus/imap",
        ] {
            assert!(is_mail_program(p), "{p}");
        }
        for p in [
            "sshd", "kernel", "systemd", "CRON", "nginx", "mariadbd", "auth",
        ] {
            assert!(!is_mail_program(p), "{p}");
        }
    }

    #[test]
    fn serializes_contract_fields() {
        let event = parse("Nov 24 03:12:02 mx1 postfix/submission/smtpd[3120]: 7D1E83A2F1: client=unknown[203.0.113.45], sasl_method=PLAIN, sasl_username=office@example.org").unwrap();
        let json = serde_json::to_value(&event.fields).unwrap();
        assert_eq!(json["host"], "mx1");
        assert_eq!(json["program"], "postfix/submission/smtpd");
        assert_eq!(json["pid"], 3120);
        assert_eq!(json["queue_id"], "7D1E83A2F1");
        assert_eq!(json["client_ip"], "203.0.113.45");
        assert_eq!(json["sasl_username"], "office@example.org");
        assert!(json.get("from").is_none());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = parse(&s);
        }

        #[test]
        fn never_panics_on_postfix_like(
            body in "(NOQUEUE: |[0-9A-F]{10}: |warning: )?(reject: RCPT from |client=|to=<|from=<|message-id=<|connect from )?[a-zA-Z0-9<>\\[\\]:;,=(). @/-]{0,80}"
        ) {
            let line = format!("Nov 24 03:12:01 mx1 postfix/smtpd[1]: {body}");
            proptest::prop_assert!(parse(&line).is_some());
        }

        #[test]
        fn never_panics_on_dovecot_like(
            body in "(imap-login: |auth-worker\\([0-9]+\\): |auth: )?(Info: )?[a-zA-Z0-9<>\\[\\]:;,=(). @/-]{0,80}"
        ) {
            let line = format!("Nov 24 03:12:01 mx1 dovecot: {body}");
            proptest::prop_assert!(parse(&line).is_some());
        }

        /// The one pass over the `f`s finds what a search for each phrase finds.
        #[test]
        fn disk_full_is_a_search_for_each_phrase(
            s in "([a-z f]{0,6}|No space left on device|No space left on devic|nsufficient system storage|Insufficient system storag|queue file write error|queue file write erro|not enough free space in mail queue|not enough free space|not enough free sXace in mail queue|No spXce left on device|ff|é){0,5}"
        ) {
            let phrases = [
                "No space left on device",
                "nsufficient system storage",
                "queue file write error",
                "not enough free space in mail queue",
            ];
            proptest::prop_assert_eq!(disk_full(&s), phrases.iter().any(|p| s.contains(p)));
        }

        #[test]
        fn queue_ids_read_as_by_their_rules(s in "([0-9A-Z]{0,26}|[0-9A-Za-z]{0,26}|[0-9a-f]{0,12})(: ?|[ :;-])?[a-z ]{0,4}") {
            proptest::prop_assert_eq!(queue_id(&s), queue_id_by_rules(&s));
        }

        /// `delay=` reads as `str::parse` does, to the bit.
        #[test]
        fn seconds_read_as_str_parse(s in "[0-9]{0,17}(\\.[0-9]{0,17})?|[0-9.eE+-]{0,6}|inf|NaN") {
            let parsed = s.parse::<f64>().ok().filter(|d| d.is_finite());
            proptest::prop_assert_eq!(seconds(&s).map(f64::to_bits), parsed.map(f64::to_bits));
        }
    }

    proptest::proptest! {
        // Near misses are a few of the ids generated: more cases find each.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// The id read in a block is the one the table reads a byte a step, on ids of every
        /// length around the block's end, near misses (`@`, `[`, `` ` ``, `{`, `/`, `:` and
        /// non-ASCII bytes, each next to a class's edge) and short messages.
        #[test]
        fn queue_ids_read_as_by_the_table(s in "([0-9A-F]{0,13}|[A-G]{0,13}|[a-gz]{0,13}|[0-9A-Za-z]{0,26}|[0-9A-F]{0,6}[@\\[`{/:GgZz\u{80}\u{7f}é][0-9A-F]{0,6})(: ?|[ :;-])?[a-z ]{0,20}") {
            proptest::prop_assert_eq!(queue_id(&s), queue_id_by_table(&s));
        }
    }

    /// [`queue_id`] before it read a block: the table a byte a step.
    fn queue_id_by_table(msg: &str) -> Option<(&str, &str)> {
        id_and_rest(msg, id_by_table(msg.as_bytes()))
    }

    /// [`queue_id`]'s rules spelled out, one at a time.
    fn queue_id_by_rules(msg: &str) -> Option<(&str, &str)> {
        let end = msg.bytes().take(26).position(|b| b == b':')?;
        let id = msg.get(..end)?;
        let has_digit = id.bytes().any(|b| b.is_ascii_digit());
        let upper_hex = id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'A'..=b'F'));
        if !(5..=24).contains(&end)
            || !id.bytes().all(|b| b.is_ascii_alphanumeric())
            || (!has_digit && !upper_hex)
        {
            return None;
        }
        let rest = msg.get(end + 1..)?;
        match rest.strip_prefix(' ') {
            Some(r) => Some((id, r)),
            None if rest.is_empty() => Some((id, rest)),
            None => None,
        }
    }

    // ---- dovecot shapes of a busy server's log ----
    case!(dovecot_login_ipv6_no_tls: "Nov 24 03:30:20 web1 dovecot: imap-login: Login: user=<m.sato@example.com>, method=PLAIN, rip=2001:db8:10::5, lip=2001:db8::1, mpid=5511, secured, session=<Xy7Zq1Ab2Cd3>"
        => LoginSucceeded, user = Some("m.sato@example.com"), client_ip = Some("2001:db8:10::5"), sasl_method = Some("PLAIN"));
    case!(dovecot_login_disconnected_auth_failed: "Nov 24 03:30:21 web1 dovecot: imap-login: Disconnected: Connection closed (auth failed, 1 attempts in 2 secs): user=<info@example.com>, method=PLAIN, rip=198.51.100.23, lip=192.0.2.10, TLS, session=<Ab1Cd2Ef3Gh4>"
        => AuthFailed, user = Some("info@example.com"), client_ip = Some("198.51.100.23"), sasl_method = Some("PLAIN"));
    case!(dovecot_login_disconnected_no_auth: "Nov 24 03:30:22 web1 dovecot: pop3-login: Disconnected: Connection closed (no auth attempts in 1 secs): user=<>, rip=198.51.100.24, lip=192.0.2.10, TLS handshaking: SSL_accept() failed"
        => MailMessage, user = None, client_ip = Some("198.51.100.24"), sasl_method = None);
    case!(dovecot_login_level_and_key_not_at_boundary: "Nov 24 03:30:23 web1 dovecot: submission-login: Info: Login: user=<a@example.com>, xmethod=CRAM, method=LOGIN, trip=1.2.3.4, rip=192.0.2.60, lip=192.0.2.10"
        => LoginSucceeded, user = Some("a@example.com"), client_ip = Some("192.0.2.60"), sasl_method = Some("LOGIN"));
    case!(dovecot_login_rip_not_an_address: "Nov 24 03:30:24 web1 dovecot: imap-login: Login: user=<b@example.com>, method=PLAIN, rip=unknown, lip=192.0.2.10"
        => LoginSucceeded, user = Some("b@example.com"), client_ip = None, sasl_method = Some("PLAIN"));
    case!(dovecot_lmtp_connect: "Nov 24 03:30:25 web1 dovecot: lmtp(24210): Connect from local"
        => MailMessage, user = None, client_ip = None, sasl_method = None);
    case!(dovecot_lmtp_disconnect: "Nov 24 03:30:26 web1 dovecot: lmtp(24210): Disconnect from local: Client has quit the connection (state=READY)"
        => MailMessage, client_ip = None);
    case!(dovecot_lmtp_saved_session: "Nov 24 03:30:27 web1 dovecot: lmtp(sales@example.com)<24211><kBx0Mk3nQ2W8XgAA9mRjzw>: msgid=<20261124033027.4B1F52A0C3@web1.example.com>: saved mail to INBOX"
        => MailMessage, user = Some("sales@example.com"), client_ip = None);
    case!(dovecot_imap_logout_counts: "Nov 24 03:30:28 web1 dovecot: imap(h.tanaka@example.com)<24212><Ab1Cd2Ef3Gh4>: Disconnected: Logged out in=312 out=5120 deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=0 body_bytes=0"
        => MailMessage, user = Some("h.tanaka@example.com"), client_ip = None);
    case!(dovecot_imap_closed_parenthesised: "Nov 24 03:30:29 web1 dovecot: imap(k.yamada@example.com)<24213><Zz9Yy8Xx7Ww6>: Disconnected: Connection closed (IDLE running for 0.001 + waiting input for 1800.012 secs, 2 B in + 10+0 B out, state=wait-input) in=1020 out=22940"
        => MailMessage, user = Some("k.yamada@example.com"), client_ip = None);
    case!(dovecot_auth_unknown_user_level: "Nov 24 03:30:30 web1 dovecot: auth: Info: passwd-file(ghost@example.com,198.51.100.31,<Qa1Ws2>): unknown user (SHA1 of given password: 5baa61)"
        => AuthFailed, user = Some("ghost@example.com"), client_ip = Some("198.51.100.31"));
    case!(dovecot_auth_worker_invalid_credentials: "Nov 24 03:30:31 web1 dovecot: auth-worker(24214): Info: ldap(c@example.com,198.51.100.32,<Ed3Rf4>): invalid credentials"
        => AuthFailed, user = Some("c@example.com"), client_ip = Some("198.51.100.32"));
    case!(dovecot_auth_group_no_failure: "Nov 24 03:30:32 web1 dovecot: auth: Debug: sql(d@example.com,198.51.100.33,<Tg5Yh6>): query: SELECT password FROM users"
        => MailMessage, user = Some("d@example.com"), client_ip = Some("198.51.100.33"));

    /// The dovecot reader before it was made a single pass, kept to check the new one against.
    mod old {
        use super::super::*;
        use crate::syslog::Needle;

        needles! {
            USER = "user=<";
            METHOD = "method=";
            RIP = "rip=";
        }

        pub(super) fn is_dovecot(program: &str) -> bool {
            if program.starts_with("cyrus") {
                return false;
            }
            let base = base_name(program);
            base.starts_with("dovecot")
                || base.ends_with("-login")
                || matches!(
                    base,
                    "auth"
                        | "auth-worker"
                        | "imap"
                        | "pop3"
                        | "lmtp"
                        | "lda"
                        | "managesieve"
                        | "indexer-worker"
                )
        }

        pub(super) fn base_name(program: &str) -> &str {
            let bytes = program.as_bytes();
            let end = memchr::memchr2(b'(', b'<', bytes).unwrap_or(bytes.len());
            let start = memchr::memrchr(b'/', &bytes[..end]).map_or(0, |slash| slash + 1);
            program.get(start..end).unwrap_or(program)
        }

        pub(super) fn family(program: &str) -> Family {
            if program.starts_with("postfix") {
                return Family::Postfix;
            }
            if is_dovecot(program) {
                return Family::Dovecot;
            }
            match base_name(program) {
                "saslauthd" => Family::Saslauthd,
                "sendmail" | "sm-mta" | "sm-msp-queue" => Family::Sendmail,
                _ => Family::Other,
            }
        }

        pub(super) fn dovecot<'a>(program: &'a str, msg: &'a str) -> DovecotLogin<'a> {
            let mut d = DovecotLogin {
                kind: EventKind::MailMessage,
                user: None,
                client_ip: None,
                method: None,
            };
            let (mut service, mut body) = (program, msg);
            while base_name(service).starts_with("dovecot") {
                match split_colon_space(body) {
                    Some((svc, rest)) if !svc.contains(' ') => (service, body) = (svc, rest),
                    _ => {
                        service = "";
                        break;
                    }
                }
            }
            let body = strip_level(body);
            let base = base_name(service);

            let keys = login_keys(body);
            (d.user, d.method) = (keys.user, keys.method);
            d.client_ip = keys.rip.filter(|ip| is_ip(ip));

            if base.ends_with("-login") {
                if body.starts_with("Login: ") {
                    d.kind = EventKind::LoginSucceeded;
                } else if find(&AUTH_FAILED, body).is_some() {
                    d.kind = EventKind::AuthFailed;
                }
                return d;
            }
            if let Some((rhost, user)) = pam_failure(body) {
                d.kind = EventKind::AuthFailed;
                d.client_ip = rhost.filter(|ip| is_ip(ip));
                d.user = user;
                return d;
            }
            if let Some((user, ip)) = auth_group(service).or_else(|| auth_group(body)) {
                d.user = user;
                d.client_ip = ip;
                if base.starts_with("auth") && auth_failure(body) {
                    d.kind = EventKind::AuthFailed;
                }
                return d;
            }
            if let Some((_, r)) = service.split_once('(') {
                if let Some((user, _)) = r.split_once(')') {
                    d.user = non_empty(user)
                        .filter(|u| !u.contains(',') && !u.bytes().all(|b| b.is_ascii_digit()));
                }
            }
            d
        }

        fn strip_level(s: &str) -> &str {
            for level in [
                "Info: ",
                "Warning: ",
                "Error: ",
                "Fatal: ",
                "Panic: ",
                "Debug: ",
            ] {
                if let Some(r) = s.strip_prefix(level) {
                    return r;
                }
            }
            s
        }

        /// `user=<...>`, `method=` and `rip=` of a body, each found by a search of its own.
        pub(super) fn login_keys(body: &str) -> LoginKeys<'_> {
            let user = USER.find(body.as_bytes()).and_then(|at| {
                let v = body.get(at + 6..).unwrap_or("");
                non_empty(split_byte(v, b'>').map_or(v, |(u, _)| u))
            });
            LoginKeys {
                user,
                method: list_value(body, &METHOD),
                rip: list_value(body, &RIP),
            }
        }

        fn list_value<'a>(s: &'a str, key: &Needle) -> Option<&'a str> {
            let len = key.needle().len();
            let mut from = 0;
            loop {
                let at = from + find(key, s.get(from..)?)?;
                let boundary = at == 0 || matches!(s.as_bytes().get(at - 1), Some(b' ' | b','));
                let v = s.get(at + len..)?;
                if boundary {
                    let end = memchr::memchr2(b',', b' ', v.as_bytes()).unwrap_or(v.len());
                    return non_empty(v.get(..end)?);
                }
                from = at + len;
            }
        }

        fn auth_group(s: &str) -> Option<(Option<&str>, Option<&str>)> {
            let mut from = 0;
            while let Some(open) = s.get(from..)?.find('(') {
                let start = from + open + 1;
                let rest = s.get(start..)?;
                let close = rest.find(')')?;
                let inner = rest.get(..close)?;
                let next = rest.as_bytes().get(close + 1);
                if inner.contains(',')
                    && !inner.contains(['=', ' '])
                    && matches!(next, Some(b':' | b'<'))
                {
                    let mut parts = inner.split(',');
                    let user = parts.next().filter(|u| !u.is_empty());
                    let ip = parts.next().filter(|ip| is_ip(ip));
                    return Some((user, ip));
                }
                from = start;
            }
            None
        }

        fn auth_failure(body: &str) -> bool {
            [
                "unknown user",
                "Password mismatch",
                "password mismatch",
                "pam_authenticate() failed",
                "invalid credentials",
                "Authentication failure",
            ]
            .iter()
            .any(|p| body.contains(p))
        }
    }

    /// Real dovecot messages (after the syslog header) and the program tags they come under.
    const DOVECOT_MESSAGES: [&str; 25] = [
        "imap-login: Login: user=<anna@example.com>, method=PLAIN, rip=203.0.113.5, lip=198.51.100.2, mpid=4411, TLS, session=<aB3dE5fG7hI9>",
        "imap-login: Disconnected (auth failed, 3 attempts in 12 secs): user=<anna@example.com>, method=PLAIN, rip=203.0.113.6, lip=198.51.100.2, TLS, session=<zZ9yY8xX7wV6>",
        "pop3-login: Aborted login (auth failed, 1 attempts in 2 secs): user=<bob>, method=PLAIN, rip=2001:db8::77, lip=2001:db8::1, session=<q1w2e3>",
        "imap-login: Login aborted: Connection closed (auth failed, 3 attempts in 15 secs) (auth_failed): user=<c@example.com>, method=LOGIN, rip=192.0.2.140, lip=198.51.100.2, TLS, session=<r4t5y6>",
        "imap-login: Disconnected (no auth attempts in 0 secs): user=<>, rip=192.0.2.141, lip=198.51.100.2, TLS handshaking",
        "auth-worker(3321): pam(dave,203.0.113.8,<Xy12Ab34>): pam_authenticate() failed: Authentication failure (password mismatch?)",
        "auth-worker(3321): sql(nobody@example.com,203.0.113.9): unknown user",
        "auth-worker(3321): conn unix:auth-worker (pid=3300,uid=110): auth-worker<7>: pam(erin,192.0.2.150): unknown user",
        "auth: passwd-file(frank@example.com,192.0.2.151,<Qw3Er4>): Password mismatch",
        "auth(gina@example.com,192.0.2.152,sasl:plain)<Zx9Cv8>: Info: sql: Password mismatch",
        "pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=hank rhost=192.0.2.153  user=hank",
        "Info: Aborted login (auth failed, 1 attempts in 3 secs): user=<ivy>, method=PLAIN, rip=192.0.2.154",
        "dovecot: auth(default): pam(lou@example.com,192.0.2.155): pam_authenticate() failed: User not known to the underlying authentication module",
        "lmtp(jack@example.com)<4420><Rt5Yu6Io>: msgid=<abc@example.net>: saved mail to INBOX",
        "imap(kim@example.com)<4421><Ab1Cd2>: Disconnected: Logged out in=120 out=3400",
        "lmtp(kim@example.com)<4422><Ab1Cd3>: Error: write(/var/vmail/example.com/kim/dovecot.index.log) failed: No space left on device",
        "lmtp(24210): Connect from local",
        "lmtp(24210): Disconnect from local: Client has quit the connection (state=READY)",
        "imap(k.yamada@example.com)<24213><Zz9Yy8Xx7Ww6>: Disconnected: Connection closed (IDLE running for 0.001 + waiting input for 1800.012 secs, 2 B in + 10+0 B out, state=wait-input) in=1020 out=22940",
        "auth: Info: passwd-file(ghost@example.com,198.51.100.31,<Qa1Ws2>): unknown user (SHA1 of given password: 5baa61)",
        "submission-login: Info: Login: user=<a@example.com>, xmethod=CRAM, method=LOGIN, trip=1.2.3.4, rip=192.0.2.60, lip=192.0.2.10",
        "master: Warning: service(imap-login): process_limit (100) reached, client connections are being dropped",
        "pop3-login: Login: user=<bob>, method=PLAIN, rip=192.0.2.7, lip=192.0.2.1, mpid=7, session=<x>",
        "pop3(bob)<7><x>: Disconnected: Logged out top=0/0, retr=1/2048, del=0/1, size=2048",
        "imap(m.sato@example.com)<1159207><rh6eqvOrMTsPM4sg>: Disconnected: Logged out in=95 out=2831 deleted=1 expunged=0 trashed=0 hdr_count=38 hdr_bytes=39672 body_count=1 body_bytes=57040",
    ];

    const DOVECOT_PROGRAMS: [&str; 17] = [
        // A `(` without its `)` ends the search of the tag, not of the message.
        "(yrus/imap",
        "dovecot",
        "dovecot",
        "/usr/sbin/dovecot",
        "imap-login",
        "pop3-login",
        "auth",
        "auth-worker(3321)",
        "auth(gina@example.com,192.0.2.152,sasl:plain)<Zx9Cv8>",
        "lmtp(jack@example.com)<4420><Rt5Yu6Io>",
        "imap(a,b)",
        "cyrus/imap",
        "dovecot/imap",
        "postfix/smtpd",
        "saslauthd",
        "sm-mta",
        "opendkim",
    ];

    /// Pieces that the dovecot reader looks for, spliced into real lines.
    const DOVECOT_PIECES: [&str; 35] = [
        "(",
        ")",
        ",",
        "=",
        "<",
        ">",
        ":",
        ": ",
        " ",
        ";",
        "/",
        "user=<",
        "user=",
        "method=",
        "rip=",
        ", rip=192.0.2.9",
        "Login: ",
        "(auth failed",
        "authentication failure;",
        "dovecot: ",
        "imap-login: ",
        "Info: ",
        "pam(",
        "(u,192.0.2.1):",
        "2001:db8::1",
        "é",
        "-login",
        "unknown user",
        " rhost=192.0.2.7",
        "x",
        "lmtp(",
        "): ",
        ">, method=",
        ", rip=",
        "Login: user=<",
    ];

    /// `s` with `edits` applied: each inserts, removes or replaces at a position (moved back to
    /// a character boundary) with one of [`DOVECOT_PIECES`].
    fn mutate(s: &str, edits: &[(usize, u8, usize)]) -> String {
        let mut s = s.to_owned();
        for &(at, op, piece) in edits {
            let mut at = at % (s.len() + 1);
            while !s.is_char_boundary(at) {
                at -= 1;
            }
            let piece = DOVECOT_PIECES[piece % DOVECOT_PIECES.len()];
            let end = s[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            match op % 3 {
                0 => s.insert_str(at, piece),
                1 => s.replace_range(at..end, ""),
                _ => s.replace_range(at..end, piece),
            }
        }
        s
    }

    /// Every message of the table, under every program, reads as the old reader reads it.
    #[test]
    fn dovecot_reads_as_before_on_real_lines() {
        for program in DOVECOT_PROGRAMS {
            for msg in DOVECOT_MESSAGES {
                assert_eq!(
                    dovecot(program, msg),
                    old::dovecot(program, msg),
                    "{program}: {msg}"
                );
                for end in 0..=msg.len() {
                    let cut = &msg[..end];
                    assert_eq!(dovecot(program, cut), old::dovecot(program, cut), "{cut}");
                }
            }
        }
    }

    proptest::proptest! {
        /// Real dovecot lines, damaged and spliced with what the reader looks for, read as
        /// the old reader reads them.
        #[test]
        fn dovecot_reads_as_before_on_mutated_lines(
            msg in 0..DOVECOT_MESSAGES.len(),
            program in 0..DOVECOT_PROGRAMS.len(),
            edits in proptest::collection::vec((proptest::prelude::any::<usize>(), 0..3u8, 0..DOVECOT_PIECES.len()), 0..6),
            program_edits in proptest::collection::vec((proptest::prelude::any::<usize>(), 0..3u8, 0..DOVECOT_PIECES.len()), 0..2),
        ) {
            let msg = mutate(DOVECOT_MESSAGES[msg], &edits);
            let program = mutate(DOVECOT_PROGRAMS[program], &program_edits);
            proptest::prop_assert_eq!(dovecot(&program, &msg), old::dovecot(&program, &msg));
            proptest::prop_assert_eq!(base_name(&program), old::base_name(&program));
            proptest::prop_assert_eq!(is_dovecot(&program), old::is_dovecot(&program));
            proptest::prop_assert_eq!(family(&program), old::family(&program));
        }

        /// Any text, as program and message, reads as the old reader reads it.
        #[test]
        fn dovecot_reads_as_before_on_any_text(
            program in "[a-z/()<>,:.0-9-]{0,24}",
            msg in "([a-z ]{0,4}|[=<>(),;: ]|user=<|method=|rip=|192.0.2.1|dovecot: |Login: |é){0,12}",
        ) {
            proptest::prop_assert_eq!(dovecot(&program, &msg), old::dovecot(&program, &msg));
            proptest::prop_assert_eq!(base_name(&program), old::base_name(&program));
            proptest::prop_assert_eq!(family(&program), old::family(&program));
        }
    }

    proptest::proptest! {
        /// The usual services' shortcut reads what the first word's reading reads (and the old
        /// reader): services of the usual shapes and near them, with parentheses holding
        /// users, process ids, colons, spaces and commas, before bodies dense in login keys.
        #[test]
        fn usual_services_read_as_the_first_word(
            service in "(imap-login: |pop3-login: |imap-login:|imap-logins: |imap\\(|lmtp\\(|pop3\\(|lmtp |imap<)",
            user in "([a-z.@0-9]{0,12}|[:, )(<>/]|é){0,3}",
            tail in "(\\)|\\): |<12><s>|: |:|,| |x){0,4}",
            body in "(Login: user=<|>, method=|, rip=|192.0.2.1|PLAIN|[a-z]{0,4}|[=<>,;( ]|: |Info: |é){0,10}",
        ) {
            let msg = format!("{service}{user}{tail}{body}");
            proptest::prop_assert_eq!(dovecot("dovecot", &msg), dovecot_by_words("dovecot", &msg));
            proptest::prop_assert_eq!(dovecot("dovecot", &msg), old::dovecot("dovecot", &msg));
        }

        /// The usual login's keys, read where they usually are, are the pass's keys, whenever
        /// the body has that shape: values with and without `=`, `>`, commas and spaces.
        #[test]
        fn usual_login_keys_read_as_the_pass(
            user in "([a-z.@]{0,6}|[=>, <]|method=|rip=){0,3}",
            method in "([A-Z]{0,5}|[=, ]|rip=|method=){0,3}",
            rip in "([0-9.]{0,9}|[=, >]|rip=){0,3}",
            rest in "(, lip=1|, rip=2|, method=X|user=<y>| |,|x){0,3}",
        ) {
            let body = format!("Login: user=<{user}>, method={method}, rip={rip}{rest}");
            if let Some(keys) = usual_login_keys(&body) {
                proptest::prop_assert_eq!(keys, login_keys(&body));
            }
            proptest::prop_assert_eq!(login_service(&body), old::dovecot("imap-login", &body));
        }
    }

    /// The usual shapes of the real messages, cut at every length, read as the first word's
    /// reading reads them.
    #[test]
    fn usual_services_read_real_messages_as_the_first_word() {
        for msg in DOVECOT_MESSAGES {
            for end in (0..=msg.len()).filter(|&end| msg.is_char_boundary(end)) {
                let cut = &msg[..end];
                assert_eq!(
                    dovecot("dovecot", cut),
                    dovecot_by_words("dovecot", cut),
                    "{cut}"
                );
            }
        }
        let body = "Login: user=<a@example.com>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2";
        assert_eq!(usual_login_keys(body), Some(login_keys(body)));
        assert!(matches!(
            usual_service("lmtp(24210): Connect from local"),
            Some(Usual::Session {
                user: "24210",
                body: "Connect from local"
            })
        ));
    }

    /// [`first_word`] as a split at the first `": "`, a [`base_name`] of the word, and a search
    /// for a comma after the word's first `(` or `<`.
    fn first_word_by_split(s: &str) -> Option<(&str, &str, &str, bool)> {
        let (word, rest) = split_colon_space(s)?;
        let comma = word
            .find(['(', '<'])
            .is_some_and(|end| word[end..].contains(','));
        (!word.contains(' ')).then(|| (word, old::base_name(word), rest, comma))
    }

    /// The real messages, and services with commas before, inside and after their
    /// parentheses, read as the split reads them, cut at every length.
    #[test]
    fn first_word_reads_real_messages_as_split() {
        let services = [
            "auth(gina@example.com,192.0.2.152,sasl:plain)<Zx9Cv8>: Info: sql: Password mismatch",
            "lmtp(a@example.com)<4420><Rt,5Yu6Io>: msgid=<abc@example.net>: saved mail to INBOX",
            "a,b(c)<d>: x",
            "auth-worker<7>(u,192.0.2.1): unknown user",
        ];
        for msg in DOVECOT_MESSAGES.into_iter().chain(services) {
            for end in (0..=msg.len()).filter(|&end| msg.is_char_boundary(end)) {
                assert_eq!(
                    first_word(&msg[..end]),
                    first_word_by_split(&msg[..end]),
                    "{msg}"
                );
            }
        }
    }

    proptest::proptest! {
        /// The word and base of one search are the split's and [`base_name`]'s, for words
        /// longer and shorter than a block, with their `(`, `<`, `/`, inner colons and spaces.
        #[test]
        fn first_word_reads_as_split_and_base_name(
            s in "([a-z]{0,9}|[a-z@.+]{10,40}|[(<>/:), ]|: |dovecot|é){0,12}",
        ) {
            proptest::prop_assert_eq!(first_word(&s), first_word_by_split(&s));
        }

        /// Texts dense in login keys, their look-alikes and their delimiters (a key at the
        /// start, after a space or comma, inside a word; `ser=`, `hod=` without the rest of
        /// their key) read their keys as the old reader's searches read them.
        #[test]
        fn login_keys_read_as_before(
            msg in "(user=<|user=|method=|rip=|ser=|hod=|ip=|xrip=|umethod=|[a-z]{0,3}|[=<>, ]|é){0,14}",
        ) {
            proptest::prop_assert_eq!(login_keys(&msg), old::login_keys(&msg));
        }

        /// One pass over a body reads its keys as the old reader's searches do, and its `;`
        /// and `(` as `contains` finds them: texts of every length around a block, with keys
        /// that end the pass early, before and after the two bytes.
        #[test]
        fn scan_body_reads_as_searches(
            msg in "(user=<a>|method=P|rip=1|ser=|[a-z]{0,9}|[=<>,;( ]|é){0,16}",
        ) {
            proptest::prop_assert_eq!(scan_body(&msg), scan_body_by_searches(&msg));
        }

        /// Real dovecot bodies, damaged and spliced, scan as the searches read them.
        #[test]
        fn scan_body_reads_real_bodies_as_searches(
            msg in 0..DOVECOT_MESSAGES.len(),
            edits in proptest::collection::vec((proptest::prelude::any::<usize>(), 0..3u8, 0..DOVECOT_PIECES.len()), 0..6),
        ) {
            let msg = mutate(DOVECOT_MESSAGES[msg], &edits);
            for start in [0, msg.find(": ").map_or(0, |at| at + 2)] {
                let body = msg.get(start..).unwrap_or("");
                proptest::prop_assert_eq!(scan_body(body), scan_body_by_searches(body));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// Logout-like bodies, their counters' `=`s at every place of a block, with the login
        /// keys and their near misses (`er=`, `od=`, `ip=` without the rest of the key, keys
        /// inside words) among them, scan as the searches read them: the pass that stops only
        /// at `=`s after `er`, `od` or `ip` finds what the pass over every `=` finds.
        #[test]
        fn scan_body_reads_logouts_as_searches(
            msg in "(Disconnected: |Logged out |in=1 |out=22 |deleted=0 |expunged=3 |trashed=0 |hdr_count=9 |body_bytes=57040 |user=<a>|user=<|method=P|rip=1|, rip=2|ser=|hod=|er=|od=|ip=|xrip=|umethod=|[a-z]{0,17}|[=<>,;( ]|é){0,20}",
        ) {
            proptest::prop_assert_eq!(scan_body(&msg), scan_body_by_searches(&msg));
            let line = format!("imap(u@example.com)<7><s>: {msg}");
            proptest::prop_assert_eq!(dovecot("dovecot", &line), dovecot_by_words("dovecot", &line));
            proptest::prop_assert_eq!(dovecot("dovecot", &line), old::dovecot("dovecot", &line));
        }

        /// lmtp's quiet bodies, and bodies near them (cut, damaged, with login keys, `;`s,
        /// commas and auth groups spliced in), under services with process ids and users, read
        /// as the general path and the old reader read them.
        #[test]
        fn quiet_session_bodies_read_as_the_general_path(
            service in "(lmtp|imap|pop3)",
            user in "([0-9]{0,7}|[a-z.@]{0,12}|é)",
            body in 0..2usize,
            edits in proptest::collection::vec((proptest::prelude::any::<usize>(), 0..3u8, 0..DOVECOT_PIECES.len()), 0..3),
        ) {
            let body = [
                "Connect from local",
                "Disconnect from local: Client has quit the connection (state=READY)",
            ][body];
            for body in [body.to_owned(), mutate(body, &edits)] {
                let msg = format!("{service}({user}): {body}");
                proptest::prop_assert_eq!(dovecot("dovecot", &msg), dovecot_by_words("dovecot", &msg));
                proptest::prop_assert_eq!(dovecot("dovecot", &msg), old::dovecot("dovecot", &msg));
            }
        }
    }

    /// imap's usual logout body, the shape [`is_logout_body`] tells.
    const LOGOUT_BODY: &str = "Disconnected: Logged out in=95 out=2831 deleted=1 expunged=0 trashed=0 hdr_count=38 hdr_bytes=39672 body_count=1 body_bytes=57040";

    proptest::proptest! {
        /// Logout bodies and bodies near them (counters of every length, empty or with other
        /// bytes in their numbers; cut, damaged, with login keys, `;`s, commas, parentheses
        /// and auth groups spliced in; with keys added after them) under services with users
        /// and process ids, read as the general path and the old reader read them.
        #[test]
        fn logout_bodies_read_as_the_general_path(
            service in "(imap|lmtp|pop3)",
            user in "([0-9]{0,7}|[a-z.@]{0,12}|é|a,b)",
            numbers in proptest::collection::vec(proptest::prop_oneof![
                12 => "[0-9]{0,12}",
                1 => "[0-9]{0,3}[ =a<;(,][0-9]{0,3}",
            ], 9),
            edits in proptest::collection::vec((proptest::prelude::any::<usize>(), 0..3u8, 0..DOVECOT_PIECES.len()), 0..3),
            added in "(| user=<a>| method=P| rip=192.0.2.1| lip=1|, rip=2| x=1|;|\\(u,192.0.2.1\\):| )",
            level in "(|Info: |Debug: )",
        ) {
            let keys = ["in=", " out=", " deleted=", " expunged=", " trashed=", " hdr_count=", " hdr_bytes=", " body_count=", " body_bytes="];
            let mut body = String::from("Disconnected: Logged out ");
            for (key, number) in keys.iter().zip(&numbers) {
                body.push_str(key);
                body.push_str(number);
            }
            for body in [body.clone(), mutate(&body, &edits), format!("{body}{added}"), mutate(LOGOUT_BODY, &edits)] {
                let msg = format!("{service}({user})<7><s>: {level}{body}");
                proptest::prop_assert_eq!(dovecot("dovecot", &msg), dovecot_by_words("dovecot", &msg));
                proptest::prop_assert_eq!(dovecot("dovecot", &msg), old::dovecot("dovecot", &msg));
            }
        }

        /// The word-at-a-time walk over digits stops where the walk byte by byte stops, for
        /// digits of every count before any byte.
        #[test]
        fn skip_digits_stops_at_the_first_other_byte(
            text in proptest::collection::vec(proptest::prop_oneof![
                6 => b'0'..=b'9',
                1 => proptest::prelude::any::<u8>(),
            ], 0..40),
        ) {
            let digits = text.iter().take_while(|b| b.is_ascii_digit()).count();
            proptest::prop_assert_eq!(skip_digits(&text), &text[digits..]);
        }
    }

    /// The usual logout is told, and near misses are not; each reads as the general path.
    #[test]
    fn logout_bodies_are_told() {
        assert!(is_logout_body(LOGOUT_BODY));
        assert!(is_logout_body(
            "Disconnected: Logged out in= out= deleted= expunged= trashed= hdr_count= hdr_bytes= body_count= body_bytes="
        ));
        for end in 0..LOGOUT_BODY.len() {
            let cut = &LOGOUT_BODY[..end];
            // A cut in the last number leaves the shape whole.
            assert_eq!(is_logout_body(cut), end >= LOGOUT_BODY.len() - 5, "{cut}");
        }
        for near in [
            format!("{LOGOUT_BODY} "),
            format!("{LOGOUT_BODY} rip=192.0.2.1"),
            format!("{LOGOUT_BODY}, method=PLAIN"),
            LOGOUT_BODY.replace("in=95", "in=9a5"),
            LOGOUT_BODY.replace("out=", "user=<"),
            LOGOUT_BODY.replace("Logged", "logged"),
            "Disconnected: Logged out in=120 out=3400".to_owned(),
        ] {
            assert!(!is_logout_body(&near), "{near}");
        }
        for body in [LOGOUT_BODY, &LOGOUT_BODY[..40]] {
            for user in ["m.sato@example.com", "1159207", "", "a,b"] {
                let msg = format!("imap({user})<1159207><rh6eqvOrMTsPM4sg>: {body}");
                assert_eq!(dovecot("dovecot", &msg), dovecot_by_words("dovecot", &msg));
                assert_eq!(dovecot("dovecot", &msg), old::dovecot("dovecot", &msg));
            }
        }
    }

    /// The quiet bodies are told, and read as the general path reads them.
    #[test]
    fn quiet_session_bodies_are_told() {
        for body in [
            "Connect from local",
            "Disconnect from local: Client has quit the connection (state=READY)",
        ] {
            assert!(is_quiet_session_body(body));
            assert!(!is_quiet_session_body(&body[1..]));
            for user in ["24210", "a@example.com", ""] {
                let msg = format!("lmtp({user}): {body}");
                assert_eq!(dovecot("dovecot", &msg), dovecot_by_words("dovecot", &msg));
            }
        }
    }

    /// [`scan_body`] by its definition: the old reader's keys, and a search for each byte.
    fn scan_body_by_searches(body: &str) -> BodyScan<'_> {
        BodyScan {
            keys: old::login_keys(body),
            semicolon: body.contains(';'),
            paren: body.contains('('),
            comma: body.contains(','),
        }
    }

    /// Every tail of the real messages, and bodies whose keys stop the pass before a `;` or
    /// `(`, scan as the searches read them.
    #[test]
    fn scan_body_reads_real_bodies() {
        let stopping = [
            "user=<a@example.com>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2; pam_unix(dovecot:auth)",
            "Info: user=<b>, method=LOGIN, rip=2001:db8::1, session=<x> (auth failed, 1 attempts)",
        ];
        for msg in DOVECOT_MESSAGES.into_iter().chain(stopping) {
            for start in 0..=msg.len() {
                if let Some(body) = msg.get(start..) {
                    assert_eq!(scan_body(body), scan_body_by_searches(body), "{body}");
                }
            }
        }
    }

    proptest::proptest! {
        /// The search 16 bytes a step finds the first byte of the set where the search eight
        /// bytes a step finds it, in any block and in the bytes after the last.
        #[test]
        fn wide_search_finds_what_find_any_finds(
            text in proptest::collection::vec(proptest::prop_oneof![
                8 => proptest::prelude::any::<u8>(),
                1 => proptest::prelude::Just(b':'),
                1 => proptest::prelude::Just(b' '),
            ], 0..70),
        ) {
            proptest::prop_assert_eq!(find_any_wide(&text, [b':', b' ']), find_any(&text, [b':', b' ']));
        }
    }

    proptest::proptest! {
        /// The 16-byte-block search finds the places `memchr` finds, at every length and
        /// alignment of the text (the blocks, the block that ends the text, a short text).
        #[test]
        fn places_are_where_memchr_finds_them(
            text in proptest::collection::vec(proptest::prop_oneof![
                proptest::prelude::Just(b'='),
                proptest::prelude::Just(b'='),
                proptest::prelude::Just(b'<'),
                proptest::prelude::Just(b'>'),
                proptest::prelude::Just(0x80u8),
                proptest::prelude::Just(0xbd),
                proptest::prelude::any::<u8>(),
            ], 0..70),
            stop in 0..8usize,
        ) {
            let found: Vec<usize> = memchr::memchr_iter(b'=', &text).collect();
            let mut seen = Vec::new();
            let stopped = any_place_of(&text, b'=', |at| {
                seen.push(at);
                seen.len() > stop
            });
            let expected = &found[..found.len().min(stop + 1)];
            proptest::prop_assert_eq!(&seen[..], expected);
            proptest::prop_assert_eq!(stopped, found.len() > stop);
            proptest::prop_assert_eq!(has_byte(&text, b'='), !found.is_empty());
        }
    }

    /// [`service_group`] as a loop over every `(...)`, without its shortcut for a service
    /// without a comma.
    fn service_group_by_loop(service: &str) -> ServiceGroup<'_> {
        let mut found = ServiceGroup::default();
        let mut from = 0;
        while let Some(open) = service.get(from..).and_then(|r| r.find('(')) {
            let start = from + open + 1;
            let Some(close) = service.get(start..).and_then(|r| r.find(')')) else {
                return found;
            };
            let inner = &service[start..start + close];
            if from == 0 {
                found.first = Some(inner);
            }
            if let Some(group) = group_of(inner, service.as_bytes().get(start + close + 1)) {
                found.group = Some(group);
                return found;
            }
            from = start;
        }
        found
    }

    proptest::proptest! {
        #[test]
        fn service_group_reads_as_the_loop(service in "([a-z]{0,3}|[(),<>:]|192.0.2.1|é){0,10}") {
            proptest::prop_assert_eq!(service_group(&service), service_group_by_loop(&service));
        }
    }

    /// A kept key, told by its text, is the key the search for the `=` finds.
    #[test]
    fn known_keys_are_where_key_end_finds_them() {
        let keys = "to orig_to from relay delay delays dsn size nrcpt nrcpts uid client \
                    sasl_method sasl_username status stat";
        for key in keys.split_whitespace() {
            let pair = format!("{key}=value, next=1");
            let (field, eq) = known_key(pair.as_bytes()).expect(key);
            assert_ne!(field, Field::Other, "{key}");
            assert_eq!((eq, key_end(&pair)), (key.len(), KeyEnd::Clean(key.len())));
        }
        for text in ["tls=may", "delayed=1", "to", "stat", "(queue active)", "=x"] {
            assert_eq!(known_key(text.as_bytes()), None, "{text}");
        }
    }

    /// Records of Postfix and sendmail as they are written (the 100M log's, and the shapes
    /// around them): [`key_values`] reads them as [`pairs`] alone does.
    const RECORDS: [&str; 30] = [
        "from=<info@example.com>, size=95049, nrcpt=3 (queue active)",
        "from=<>, size=3120, nrcpt=1 (queue active)",
        "from=<bounce@example.net>, status=expired, returned to sender",
        "from=<a@b>, size=12, nrcpt=1, tls=none (queue active)",
        "from=<a@b> to=<c@d> proto=ESMTP helo=<mail.example.org>",
        "from=<root@mx1.example.com>, size=1834, class=0, nrcpts=1, msgid=<x@y>, proto=ESMTP, daemon=MTA, relay=localhost [127.0.0.1]",
        "to=<k.yamada@example.com>, relay=web01.example.com[private/dovecot-lmtp], delay=0.37, delays=0.18/0.07/0.01/0.1, dsn=2.0.0, status=sent (250 2.0.0 <k.yamada@example.com> c0JU3MYMgZxUALuH7q3z7B Saved)",
        "to=<kjones@shop.test>, relay=mx.shop.test[198.51.100.64]:25, delay=0.8, delays=0.1/0.11/0.47/0.11, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as EQJ3jQ0jRtoLxf)",
        "to=<root@example.com>, orig_to=<root>, relay=local, delay=0.03, delays=0.01/0/0/0.02, dsn=2.0.0, status=sent (delivered to mailbox)",
        "to=<x@example.net>, relay=none, delay=30, delays=0.02/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.5]:25: Connection timed out)",
        "to=<y@example.org>, relay=mx.example.org[192.0.2.9]:25, conn_use=2, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host said: 550 5.1.1 no such user (in reply to RCPT TO command))",
        "to=<z@example.com>, relay=virtual, delay=0.1, delays=0.1/0/0/0, dsn=2.0.0, status=sent",
        "to=<z@example.com>, relay=none, delay=1, delays=1/0/0/0, dsn=4.3.0, status=SOFTBOUNCE",
        "to=<z@example.com>, relay=, delay=, delays=, dsn=, status=",
        "to=<z@example.com>",
        "to=<z@example.com",
        "to=z@example.com, relay=local, status=sent (ok)",
        "to=<a@b>, relay=<odd>, delay=<1>, delays=<2>, dsn=<3>, status=<sent> (x)",
        "client=unknown[203.0.113.5]",
        "client=unknown[2001:db8:1f00:42::7], sasl_method=PLAIN, sasl_username=info@example.com",
        "client=mail.example.net[198.51.100.31], sasl_method=LOGIN, sasl_username=shop, tls=yes",
        "client=unknown[unknown]",
        "client=[192.0.2.1]:4123",
        "client=<unknown[192.0.2.1], x>",
        "client=a,b[192.0.2.1]",
        "to=<a@b>, relay=local, delay=123456789012345, delays=0/0/0/0, dsn=2.0.0, status=sent (ok)",
        "uid=33 from=<www-data@example.com>",
        "from=<a@b>, size=99999999999999999999, nrcpt=4294967296 (queue active)",
        "from=<a@b>, size=0000000000000000000001, nrcpt=00000000007 (queue active)",
        "to=<a@b>, relay=local, delay=1e3, delays=., dsn=2.0.0, stat=Deferred: Connection refused",
    ];

    /// Pieces of records for [`key_values_read_as_pairs`]: the keys with the `, ` Postfix
    /// writes before them and without, values and near misses of each.
    const RECORD_PIECES: [&str; 56] = [
        "from=<",
        "to=<",
        "from=",
        "to=",
        ", orig_to=<",
        ", relay=",
        ", delay=",
        ", delays=",
        ", dsn=",
        ", status=",
        ", size=",
        ", nrcpt=",
        ", nrcpts=",
        " (queue active)",
        "(queue active)",
        " (queue active",
        "a@b",
        ">",
        "<",
        ",",
        ", ",
        " ",
        "=",
        "(",
        ")",
        "0",
        "95049",
        "1234567890123456789",
        "12345678901234567890",
        "0.37",
        "0.18/0.07",
        "2.0.0",
        "sent",
        "sent:",
        " (250 Ok)",
        "web01[private/lmtp]",
        "relay=",
        "size=",
        "x",
        "é",
        ":25",
        ", delay",
        ", sizes=",
        ", nrcpt=1",
        "client=",
        "unknown[",
        "203.0.113.5",
        "]",
        "2001:db8::7",
        ", sasl_method=",
        ", sasl_username=",
        "mail.example.net",
        "1.5.",
        ".5",
        "123456789012345",
        "0.1234567890123",
    ];

    /// The records [`key_values`] reads in order, token by token.
    const RECORD_TEMPLATES: [&[&str]; 4] = [
        &[
            "from=<",
            "a@b",
            ">",
            ", size=",
            "95049",
            ", nrcpt=",
            "3",
            " (queue active)",
        ],
        &[
            "to=<",
            "a@b",
            ">",
            ", orig_to=<",
            "c@d",
            ">",
            ", relay=",
            "web01[private/lmtp]",
            ", delay=",
            "0.37",
            ", delays=",
            "0.18/0.07",
            ", dsn=",
            "2.0.0",
            ", status=",
            "sent",
        ],
        &[
            "client=",
            "unknown[",
            "203.0.113.5",
            "]",
            ", sasl_method=",
            "PLAIN",
            ", sasl_username=",
            "a@b",
        ],
        &["uid=", "33", " ", "from=<", "a@b", ">"],
    ];

    /// [`key_values`] on a fresh record, and [`pairs`] alone.
    fn key_values_and_pairs(s: &str) -> (MailFields<'_>, MailFields<'_>) {
        let (mut fast, mut general) = (MailFields::default(), MailFields::default());
        key_values(s, &mut fast);
        pairs(s, &mut general);
        (fast, general)
    }

    #[test]
    fn key_values_read_real_records_as_pairs() {
        for record in RECORDS {
            let (fast, general) = key_values_and_pairs(record);
            assert_eq!(fast, general, "{record}");
            // Each record cut short, as a truncated line would be.
            for (end, _) in record.char_indices() {
                let (fast, general) = key_values_and_pairs(&record[..end]);
                assert_eq!(fast, general, "{}", &record[..end]);
            }
        }
        let (_, delivered) = key_values_and_pairs(RECORDS[7]);
        assert_eq!(delivered.relay, Some("mx.shop.test[198.51.100.64]:25"));
        assert_eq!(delivered.delay, Some(0.8));
        assert_eq!(
            delivered.reason,
            Some("250 2.0.0 Ok: queued as EQJ3jQ0jRtoLxf")
        );
        let (_, queued) = key_values_and_pairs(RECORDS[0]);
        assert_eq!((queued.size, queued.nrcpt), (Some(95049), Some(3)));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// Records made of pieces (keys in and out of order, values, near misses) read as
        /// [`pairs`] alone reads them.
        #[test]
        fn key_values_read_as_pairs(pieces in proptest::collection::vec(0..RECORD_PIECES.len(), 0..14)) {
            let record: String = pieces.iter().map(|&i| RECORD_PIECES[i]).collect();
            let (fast, general) = key_values_and_pairs(&record);
            proptest::prop_assert_eq!(fast, general);
        }

        /// Records in Postfix's orders, token by token, each token kept, dropped, replaced by a
        /// piece or followed by one: mostly the expected record with a near miss or two.
        #[test]
        fn key_values_read_near_records_as_pairs(
            template in 0..RECORD_TEMPLATES.len(),
            choices in proptest::collection::vec((0..12u8, 0..RECORD_PIECES.len()), 16),
        ) {
            let mut record = String::new();
            for (token, (op, piece)) in RECORD_TEMPLATES[template].iter().zip(choices) {
                match op {
                    0 => record.push_str(RECORD_PIECES[piece]),
                    1 => record.extend([*token, RECORD_PIECES[piece]]),
                    2 => {}
                    _ => record.push_str(token),
                }
            }
            let (fast, general) = key_values_and_pairs(&record);
            proptest::prop_assert_eq!(fast, general);
        }

        /// A value's end is where [`find_any`] finds it, at every length around the words.
        #[test]
        fn find_in_value_finds_what_find_any_finds(bytes in proptest::collection::vec(proptest::prop_oneof![
            8 => proptest::prelude::Just(b'a'),
            1 => proptest::prelude::Just(b','),
            1 => proptest::prelude::Just(b' '),
            1 => proptest::prelude::Just(b'>'),
            1 => proptest::prelude::any::<u8>(),
        ], 0..40)) {
            proptest::prop_assert_eq!(find_in_value(&bytes, [b',', b' ']), find_any(&bytes, [b',', b' ']));
            proptest::prop_assert_eq!(find_in_value(&bytes, [b'>']), find_any(&bytes, [b'>']));
        }

        /// Real records with a few pieces put in, taken out or put in the place of a byte.
        #[test]
        fn key_values_read_edited_records_as_pairs(
            record in 0..RECORDS.len(),
            edits in proptest::collection::vec((proptest::prelude::any::<usize>(), 0..3u8, 0..RECORD_PIECES.len()), 1..4),
        ) {
            let mut record = RECORDS[record].to_owned();
            for (at, op, piece) in edits {
                let mut at = at % (record.len() + 1);
                while !record.is_char_boundary(at) {
                    at -= 1;
                }
                let end = record[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                let piece = RECORD_PIECES[piece];
                match op {
                    0 => record.insert_str(at, piece),
                    1 => record.replace_range(at..end, ""),
                    _ => record.replace_range(at..end, piece),
                }
            }
            let (fast, general) = key_values_and_pairs(&record);
            proptest::prop_assert_eq!(fast, general);
        }
    }
}
