#![no_main]
//! Any bytes through the nginx_access parser, read as lines through one parser (see
//! `common/lines.rs`): the stamp it keeps from one line to the next is fuzzed too, and each
//! line must read as it does alone.
use libfuzzer_sys::fuzz_target;

#[path = "../common/lines.rs"]
mod lines;

fuzz_target!(|data: &[u8]| lines::read_as_lines(logparse::Format::NginxAccess, data));
