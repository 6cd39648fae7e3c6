//! `postmortem man`: one manual page, generated from the clap definition, with every
//! subcommand and its options on the same page (`man -l` needs no companion pages).

use std::io::{self, Write};

use clap::CommandFactory as _;
use clap_mangen::Man;
use roff::{bold, italic, roman, Roff};

use crate::args::Cli;

/// Writes the page (roff) to `out`.
pub fn render(out: &mut dyn Write) -> io::Result<()> {
    let mut page = Vec::new();
    render_parts(&mut page)?;
    out.write_all(once_preamble(&String::from_utf8_lossy(&page)).as_bytes())
}

/// The page in parts, as clap_mangen and roff write them: each part opens with roff's
/// two-line preamble.
fn render_parts(out: &mut dyn Write) -> io::Result<()> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let man = Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;

    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_bin_name().unwrap_or_else(|| sub.get_name());
        roff.control("TP", []);
        roff.text([bold(name)]);
        if let Some(about) = sub.get_about() {
            roff.text([roman(about.to_string())]);
        }
    }
    roff.to_writer(out)?;

    // One section per subcommand: its synopsis, its description and its options, with
    // clap_mangen's section headings demoted to subsections.
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_bin_name().unwrap_or_else(|| sub.get_name());
        let mut roff = Roff::new();
        roff.control("SH", [name.to_uppercase().as_str()]);
        roff.to_writer(out)?;
        let man = Man::new(sub.clone());
        let mut section = Vec::new();
        man.render_synopsis_section(&mut section)?;
        man.render_description_section(&mut section)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(&mut section)?;
        }
        out.write_all(demote_sections(&String::from_utf8_lossy(&section)).as_bytes())?;
        if let Some(after) = sub.get_after_help() {
            let mut roff = Roff::new();
            roff.control("SS", ["Notes"]);
            verbatim(&mut roff, &after.to_string());
            roff.to_writer(out)?;
        }
    }

    let mut roff = Roff::new();
    if let Some(after) = cmd.get_after_help() {
        roff.control("SH", ["EXAMPLES"]);
        verbatim(&mut roff, &after.to_string());
    }
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in [
        ("0", "a report was produced, whatever it found"),
        (
            "1",
            "nothing could be read or analysed; the message says why and what to pass instead",
        ),
        (
            "2",
            "bad usage: an unknown option or a value that means nothing",
        ),
    ] {
        roff.control("TP", []);
        roff.text([bold(code)]);
        roff.text([roman(meaning)]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    roff.control("TP", []);
    roff.text([bold("TZ")]);
    roff.text([roman(
        "the zone of timestamps that carry none, when --tz is not given (else the system setting)",
    )]);
    roff.control("TP", []);
    roff.text([bold("NO_COLOR")]);
    roff.text([roman("no colour in the text report under --color auto")]);
    roff.control("SH", ["SEE ALSO"]);
    roff.text([
        italic("docs/report.md"),
        roman(" (the JSON report, field by field), "),
        italic("docs/report.schema.json"),
        roman(" (its JSON Schema), "),
        italic("docs/events.md"),
        roman(" (the NDJSON of postmortem parse), in the source distribution."),
    ]);
    roff.control("SH", ["VERSION"]);
    roff.text([roman(format!("v{}", env!("CARGO_PKG_VERSION")))]);
    roff.to_writer(out)
}

/// Text shown as written (examples, command lines): no filling, no hyphenation.
fn verbatim(roff: &mut Roff, text: &str) {
    roff.control("nf", []);
    for line in text.lines() {
        roff.text([roman(line)]);
    }
    roff.control("fi", []);
}

/// Keeps the first copy of each preamble line (`.ie \n(.g ...`, `.el ...`) and drops the
/// repeats.
fn once_preamble(roff: &str) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = String::with_capacity(roff.len());
    for line in roff.lines() {
        if line.starts_with(".ie ") || line.starts_with(".el ") {
            if seen.contains(&line) {
                continue;
            }
            seen.push(line);
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Turns `.SH TITLE` headings into `.SS Title` subsections.
fn demote_sections(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    for line in roff.lines() {
        match line.strip_prefix(".SH ") {
            Some(title) => {
                let title = title.trim_matches('"');
                let mut chars = title.chars();
                let title = match chars.next() {
                    Some(first) => first.to_string() + &chars.as_str().to_lowercase(),
                    None => String::new(),
                };
                out.push_str(".SS \"");
                out.push_str(&title);
                out.push('"');
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_demoted() {
        assert_eq!(
            demote_sections(".SH OPTIONS\n.TP\n.SH \"OUTPUT\"\ntext\n"),
            ".SS \"Options\"\n.TP\n.SS \"Output\"\ntext\n"
        );
    }

    #[test]
    fn page_has_every_command_and_option() {
        let mut page = Vec::new();
        render(&mut page).unwrap();
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("\n.TH postmortem 1"), "{page}");
        assert_eq!(page.matches(".ie ").count(), 1, "one preamble");
        for needle in [
            "POSTMORTEM ANALYZE",
            "POSTMORTEM PARSE",
            "POSTMORTEM COMPLETIONS",
            "POSTMORTEM MAN",
            "EXIT STATUS",
        ] {
            assert!(page.contains(needle), "{needle} missing");
        }
    }
}
