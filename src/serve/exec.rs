//! `ssh HOST COMMAND`: the read-only subcommands over an exec request. The command line is
//! split as a shell would split it and parsed by the same clap definition as folio's own, then
//! checked against what a remote reader may do: read posts, never name files, folders or
//! settings on the server.

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::commands::{self, ReadOptions, SearchOptions};
use crate::content::Library;
use crate::search::Searcher;
use crate::settings::Settings;

/// The longest command line accepted.
const MAX_COMMAND_BYTES: usize = 4096;

/// What the commands a remote reader may run are, for the message that lists them.
pub const USAGE: &str = "commands: list [--json], read SLUG [--width N] [--plain], search [--full-text] [--json] QUERY, tags [--json]";

/// What a command printed and how it ended.
#[derive(Debug, Default)]
pub struct ExecResult {
    /// For the channel's standard output.
    pub stdout: Vec<u8>,
    /// For its standard error.
    pub stderr: Vec<u8>,
    /// The exit status: 0 success, 1 nothing found, 2 a mistake.
    pub status: u32,
}

impl ExecResult {
    fn mistake(message: &str) -> Self {
        Self {
            stdout: Vec::new(),
            stderr: format!("folio: {message}\n").into_bytes(),
            status: 2,
        }
    }
}

/// Runs the command line `command` over `library`, searching with `searcher` (the index every
/// session shares). `terminal` is the client's width when it asked for a terminal (`ssh -t`),
/// which also turns styling on as locally.
#[must_use]
pub fn run(
    command: &[u8],
    library: &Library,
    searcher: &Searcher,
    settings: &Settings,
    terminal: Option<u16>,
) -> ExecResult {
    if command.len() > MAX_COMMAND_BYTES {
        return ExecResult::mistake("that command is too long");
    }
    let Ok(text) = std::str::from_utf8(command) else {
        return ExecResult::mistake("the command is not UTF-8");
    };
    let words = match split_words(text) {
        Ok(words) => words,
        Err(message) => return ExecResult::mistake(message),
    };
    let cli = match Cli::try_parse_from(std::iter::once("folio".to_owned()).chain(words)) {
        Ok(cli) => cli,
        Err(err) => return clap_outcome(&err),
    };
    if cli.posts.is_some() || cli.config.is_some() || cli.drafts {
        return ExecResult::mistake("--posts, --config and --drafts are the server's choice");
    }
    let mut result = ExecResult::default();
    let status = execute(cli, library, searcher, settings, terminal, &mut result);
    result.status = match status {
        Ok(code) => u32::try_from(code).unwrap_or(2),
        Err(message) => {
            result
                .stderr
                .extend_from_slice(format!("folio: {message}\n").as_bytes());
            2
        }
    };
    result
}

/// What a command line clap refused becomes over SSH: help or the version on stdout, and any
/// mistake as one line naming it and the commands there are (clap's own message is several
/// lines long and describes options that are the server's, not the reader's).
fn clap_outcome(err: &clap::Error) -> ExecResult {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            ExecResult {
                stdout: format!("folio over SSH, read-only; {USAGE}\n").into_bytes(),
                ..ExecResult::default()
            }
        }
        ErrorKind::DisplayVersion => ExecResult {
            stdout: format!("folio {}\n", env!("CARGO_PKG_VERSION")).into_bytes(),
            ..ExecResult::default()
        },
        _ => {
            let rendered = err.render().to_string();
            let first = rendered.lines().next().unwrap_or_default();
            let problem = first.strip_prefix("error: ").unwrap_or(first);
            ExecResult::mistake(&format!("{}; {USAGE}", crate::sanitize::line(problem)))
        }
    }
}

fn execute(
    cli: Cli,
    library: &Library,
    searcher: &Searcher,
    settings: &Settings,
    terminal: Option<u16>,
    result: &mut ExecResult,
) -> Result<i32, String> {
    let out = &mut result.stdout;
    let done = match cli.command {
        Some(Command::List { json }) => commands::list(library, json, out),
        Some(Command::Read {
            slug: Some(slug),
            file: None,
            width,
            plain,
        }) => {
            let width = width
                .or(terminal.map(|w| w.min(settings.body_width)))
                .unwrap_or(80.min(settings.body_width))
                .max(1);
            let options = ReadOptions {
                width: usize::from(width),
                styled: terminal.is_some() && !plain,
            };
            commands::read(library, &slug, options, &settings.theme, out)
        }
        Some(Command::Search {
            query,
            full_text,
            json,
        }) => {
            let how = SearchOptions { full_text, json };
            commands::search_with(searcher, library, &query, how, out, &mut result.stderr)
        }
        Some(Command::Tags { json }) => commands::tags(library, json, out),
        _ => return Err(format!("not available over SSH; {USAGE}")),
    };
    done.map_err(|err| err.to_string())
}

/// Splits a command line as a POSIX shell does for plain words: blanks separate words, single
/// quotes keep everything, double quotes keep all but `\"` and `\\`, a backslash escapes the
/// next character. No expansion of any kind.
///
/// # Errors
/// When a quote is not closed.
pub fn split_words(line: &str) -> Result<Vec<String>, &'static str> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("a quote (') is not closed"),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("a quote (\") is not closed"),
                        },
                        Some(c) => word.push(c),
                        None => return Err("a quote (\") is not closed"),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(c) = chars.next() {
                    word.push(c);
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// Writes `bytes` for a client terminal in raw mode, where a line feed alone does not return
/// the carriage (`ssh -t HOST list`).
#[must_use]
pub fn with_carriage_returns(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 32);
    let mut previous = 0u8;
    for &byte in bytes {
        if byte == b'\n' && previous != b'\r' {
            out.push(b'\r');
        }
        out.push(byte);
        previous = byte;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        let cli = Cli::parse_from(["folio"]);
        crate::settings::resolve(&cli, |_| None)
    }

    fn run_bundled(command: &str) -> ExecResult {
        let library = crate::content::load_bundled(false);
        let searcher = Searcher::new(&library.posts);
        run(command.as_bytes(), &library, &searcher, &settings(), None)
    }

    #[test]
    fn words_split_as_a_shell_splits_them() {
        assert_eq!(
            split_words(r#"search "lat sha"  'it''s' a\ b "q\"x""#).expect("split"),
            ["search", "lat sha", "its", "a b", "q\"x"]
        );
        assert!(split_words("search 'open").is_err());
        assert_eq!(split_words("  ").expect("split"), Vec::<String>::new());
    }

    #[test]
    fn list_prints_every_post() {
        let result = run_bundled("list");
        assert_eq!(result.status, 0);
        let text = String::from_utf8(result.stdout).expect("utf-8");
        assert_eq!(text.lines().count(), 24);
        assert!(text.contains("consistent-hashing"));
    }

    #[test]
    fn read_prints_a_post_plain_and_an_unknown_slug_fails() {
        let result = run_bundled("read consistent-hashing");
        assert_eq!(result.status, 0);
        let text = String::from_utf8(result.stdout).expect("utf-8");
        assert!(text.contains("Consistent Hashing"));
        assert!(!text.contains('\x1b'), "plain without a terminal");
        let missing = run_bundled("read no-such-post");
        assert_eq!(missing.status, 2);
        assert!(String::from_utf8_lossy(&missing.stderr).contains("no-such-post"));
    }

    #[test]
    fn commands_that_touch_the_server_are_refused() {
        for command in [
            "read --file /etc/passwd",
            "--posts /etc list",
            "--config /etc/shadow list",
            "check",
            "config --print-default",
            "serve",
            "completions bash",
            "",
        ] {
            let result = run_bundled(command);
            assert_eq!(result.status, 2, "{command}");
            assert!(result.stdout.is_empty(), "{command}");
        }
    }

    #[test]
    fn mistakes_are_one_line_and_help_lists_the_commands() {
        for command in ["foo", "list --bogus", "read"] {
            let result = run_bundled(command);
            assert_eq!(result.status, 2, "{command}");
            let text = String::from_utf8(result.stderr).expect("utf-8");
            assert_eq!(text.lines().count(), 1, "{command}: {text}");
            assert!(text.contains("commands: list"), "{command}: {text}");
        }
        let help = run_bundled("--help");
        assert_eq!(help.status, 0);
        let text = String::from_utf8(help.stdout).expect("utf-8");
        assert!(
            text.contains("read SLUG") && !text.contains("serve"),
            "{text}"
        );
    }

    #[test]
    fn search_finds_and_reports_nothing_found_as_status_one() {
        assert_eq!(run_bundled("search hash").status, 0);
        assert_eq!(run_bundled("search zyzzyvaqq").status, 1);
    }

    #[test]
    fn line_feeds_gain_carriage_returns_once() {
        assert_eq!(with_carriage_returns(b"a\nb\r\nc"), b"a\r\nb\r\nc");
    }
}
