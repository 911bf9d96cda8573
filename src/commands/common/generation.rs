//! Shell completions and the man page, generated from the same clap definition that parses the
//! command line, so they cannot drift from it. The checked-in `completions/` and `man/` are this
//! output; `tests/it/generated.rs` keeps them equal and `scripts/generate-docs.sh` refreshes them.

use std::io::{self, Write};

use clap::CommandFactory;
use clap_complete::Shell;
use roff::{bold, roman, Roff};

use crate::cli::Cli;
use crate::help::{config_file, config_keys, environment, exit_status, CONFIG_PATH};

/// The program name completions and the man page are generated for.
const NAME: &str = "s3share";

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, NAME, &mut script);
    script
}

/// The man page (roff): the top-level page, a section per command with its options and examples,
/// then ENVIRONMENT, FILES and EXIT STATUS.
pub fn man_page() -> io::Result<Vec<u8>> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    // No date: the page must be byte-for-byte reproducible for the checked-in copy.
    let man = clap_mangen::Man::new(command.clone()).date("");
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;

    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("{NAME} {}", sub.get_name());
        roff.control("SS", [name.as_str()]);
        if let Some(about) = sub.get_long_about().or_else(|| sub.get_about()) {
            roff.control("PP", []).text([roman(about.to_string())]);
        }
        roff.control("PP", []);
        roff.to_writer(&mut page)?;
        roff = Roff::new();
        // The command's own arguments only: the global options are documented once, above.
        let own = clap::Command::new("command")
            .bin_name(&name)
            .disable_help_flag(true)
            .disable_version_flag(true)
            .args(
                sub.get_arguments()
                    .filter(|a| {
                        !a.is_global_set() && !matches!(a.get_id().as_str(), "help" | "version")
                    })
                    .cloned(),
            );
        // clap_mangen renders synopsis and options under their own .SH headings; drop those so
        // each command's stay inside its .SS.
        let sub_man = clap_mangen::Man::new(own);
        let mut parts = Vec::new();
        sub_man.render_synopsis_section(&mut parts)?;
        writeln!(parts, ".PP")?;
        sub_man.render_options_section(&mut parts)?;
        for line in String::from_utf8_lossy(&parts).lines() {
            if !line.starts_with(".SH") {
                writeln!(page, "{line}")?;
            }
        }
        if let Some(examples) = sub.get_after_long_help() {
            // Kept line for line, as typed.
            roff.control("PP", []).control("nf", []);
            for line in examples.to_string().lines() {
                roff.text([roman(line)]);
            }
            roff.control("fi", []);
        }
    }

    roff.control("SH", ["ENVIRONMENT"]);
    for (name, meaning) in environment() {
        definition(&mut roff, &name, &meaning);
    }
    roff.control("SH", ["FILES"]);
    definition(&mut roff, CONFIG_PATH, &config_file());
    // Every key of the config file, indented under it.
    roff.control("RS", []);
    for (key, meaning) in config_keys() {
        definition(&mut roff, key, meaning);
    }
    roff.control("RE", []);
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in exit_status() {
        definition(&mut roff, &code.to_string(), meaning);
    }
    roff.to_writer(&mut page)?;
    man.render_version_section(&mut page)?;
    Ok(without_repeated_preamble(&page))
}

/// clap_mangen and `roff` start every section they render with the same two lines defining
/// `\*(Aq`; once at the top is enough.
fn without_repeated_preamble(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let mut seen = std::collections::HashSet::new();
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let preamble = line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq");
        if !preamble || seen.insert(line.to_owned()) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.into_bytes()
}

/// One `.TP` entry: the term in bold, then what it means.
fn definition(roff: &mut Roff, term: &str, meaning: &str) {
    roff.control("TP", [])
        .text([bold(term)])
        .text([roman(meaning)]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn man_page_documents_exit_codes_environment_and_config_file() {
        let page = String::from_utf8(man_page().unwrap()).unwrap();
        for needle in [
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
            "S3SHARE_BUCKET",
            "config.toml",
            ".SS \"s3share presign\"",
            "\\-\\-expires",
        ] {
            assert!(page.contains(needle), "{needle} missing from the man page");
        }
        assert_eq!(page.matches(".SH OPTIONS").count(), 1);
    }

    #[test]
    fn text_that_looks_like_a_request_stays_text() {
        let mut roff = Roff::new();
        definition(
            &mut roff,
            "--x",
            ".SH not a heading\n'also text\nback\\slash",
        );
        let rendered = roff.to_roff();
        assert!(rendered.contains("\\fB\\-\\-x\\fR"), "{rendered}");
        assert!(rendered.contains("\n\\&.SH not a heading\n"), "{rendered}");
        assert!(rendered.contains("\n\\&'also text\n"), "{rendered}");
        assert!(!rendered.contains("\n.SH not"), "{rendered}");
        assert!(rendered.contains("back\\\\slash"), "{rendered}");
    }

    #[test]
    fn every_shell_gets_a_script() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::PowerShell,
            Shell::Elvish,
        ] {
            let script = String::from_utf8(completions(shell)).unwrap();
            assert!(script.contains("presign"), "{shell}");
        }
    }
}
