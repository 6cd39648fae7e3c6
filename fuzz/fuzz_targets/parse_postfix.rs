#![no_main]
//! Any bytes through the postfix parser, read as lines through one parser (see
//! `common/lines.rs`).
use libfuzzer_sys::fuzz_target;

#[path = "../common/lines.rs"]
mod lines;

fuzz_target!(|data: &[u8]| lines::read_as_lines(logparse::Format::Postfix, data));
