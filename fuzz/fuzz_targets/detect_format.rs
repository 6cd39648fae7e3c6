#![no_main]
//! Any bytes, split into lines, through format detection.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = logparse::detect_format(text.lines());
});
