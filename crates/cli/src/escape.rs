//! Log text is attacker-controlled: escaping it for the terminal and for HTML.

use std::fmt::Write as _;

/// Text safe for a terminal: control characters (C0, DEL, C1), and the Unicode bidi overrides
/// and isolates are shown as `\xHH` / `\u{HHHH}` escapes; a backslash stays a backslash.
pub fn terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push_str("    "),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            '\u{80}'..='\u{9f}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}' => {
                let _ = write!(out, "\\u{{{:04x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text safe inside HTML elements and attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in terminal(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ansi_and_bidi_are_escaped() {
        assert_eq!(terminal("a\x1b[31mred\x07"), "a\\x1b[31mred\\x07");
        assert_eq!(terminal("x\r\ny"), "x\\x0d\\x0ay");
        assert_eq!(terminal("\u{202e}evil"), "\\u{202e}evil");
        assert_eq!(terminal("\u{9b}31m"), "\\u{009b}31m");
        assert_eq!(terminal("ok ünïcode"), "ok ünïcode");
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            html("<script>alert('x')</script>&\x1b"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;\\x1b"
        );
    }
}
