//! The command line, defined with clap so help, completions and the man page come from one
//! place. The doc comments here are the user's `--help` text, written for people, not rustdoc.
#![allow(clippy::doc_markdown)]

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Browse, fuzzy-search and read a blog in the terminal.
///
/// With no command, opens the reader on the bundled blog (or on --posts DIR).
#[derive(Debug, Clone, Parser)]
#[command(name = "folio", version, about, long_about = None)]
#[allow(clippy::struct_excessive_bools)] // Each is an independent command-line switch.
pub struct Cli {
    /// Read posts from this folder (recursively, *.md files) instead of the bundled blog.
    #[arg(long, value_name = "DIR", global = true)]
    pub posts: Option<PathBuf>,

    /// Include posts marked `draft = true`.
    #[arg(long, global = true)]
    pub drafts: bool,

    /// Do not capture the mouse (keeps the terminal's own text selection).
    #[arg(long, global = true)]
    pub no_mouse: bool,

    /// Widest the reader's text gets, in columns (wider panes centre it; default 100).
    #[arg(long, value_name = "N", global = true, value_parser = clap::value_parser!(u16).range(20..))]
    pub body_width: Option<u16>,

    /// Read settings from this file instead of $`FOLIO_CONFIG` or the platform config file.
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    /// Style output on stdout (`folio read`): auto (when it is a terminal; `CLICOLOR_FORCE` and
    /// `NO_COLOR` are honoured), always, or never.
    #[arg(long, value_name = "WHEN", global = true, default_value = "auto")]
    pub color: ColorWhen,

    /// Draw only ASCII: no box drawing or other symbols.
    #[arg(long, global = true)]
    pub ascii: bool,

    /// Never emit terminal hyperlinks (OSC 8), even where the terminal supports them.
    #[arg(long, global = true)]
    pub no_hyperlinks: bool,

    /// Read and parse every post of --posts DIR, neither using nor writing the index cache
    /// that makes later starts read only the files that changed.
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// What to do; the interactive reader when absent.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// List posts, newest first: date, slug and title.
    List {
        /// Print a JSON array of posts instead.
        #[arg(long)]
        json: bool,
    },
    /// Render one post (or any Markdown file) to standard output, as the reader shows it.
    Read {
        /// The post's slug, as `folio list` shows it.
        #[arg(required_unless_present = "file")]
        slug: Option<String>,
        /// Render this Markdown file instead of a post: folio as a terminal Markdown viewer.
        #[arg(long, value_name = "PATH", conflicts_with = "slug")]
        file: Option<PathBuf>,
        /// Wrap to this many columns (default: the terminal's width, or 80 when piped).
        #[arg(long, value_name = "N")]
        width: Option<u16>,
        /// Plain text, no styling (the default when piped).
        #[arg(long)]
        plain: bool,
    },
    /// Search the posts, best match first, in the search bar's language: plain words are
    /// fuzzy; #tag, 'exact, !exclude, year:2024, after:2024-06 and before:2025-01 filter.
    Search {
        /// What to look for.
        query: String,
        /// Search the full text of every post, not only titles, summaries and tags; each
        /// match is printed with a line of text around it.
        #[arg(long)]
        full_text: bool,
        /// Print a JSON array of matches, each with its score.
        #[arg(long)]
        json: bool,
    },
    /// Every tag with its number of posts, most used first.
    Tags {
        /// Print a JSON array of `{"tag", "posts"}`.
        #[arg(long)]
        json: bool,
    },
    /// Check every post and print each problem as `path:line: message`; exit 1 if any.
    Check,
    /// Print shell completions for bash, zsh, fish, elvish or powershell.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `folio man | man -l -`.
    Man,
    /// Serve the blog over SSH: each reader who connects (`ssh -p 2222 HOST`) gets their own
    /// session of the reader; `ssh -p 2222 HOST list` (or read SLUG, search QUERY, tags) runs
    /// a command. Readers are anonymous; one who signs in with a key keeps their marks.
    Serve(ServeArgs),
    /// Show the configuration: the documented defaults, or where folio looks for it.
    Config {
        /// Print the default configuration file, every setting documented.
        #[arg(long, conflicts_with = "path")]
        print_default: bool,
        /// Print where folio reads its configuration.
        #[arg(long)]
        path: bool,
    },
}

/// `folio serve`'s options: where to listen, the host key, and the limits that keep one reader
/// or one address from taking the server.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on. The default is this machine only; listening on other
    /// addresses (`0.0.0.0:2222`) is the operator's explicit choice.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:2222")]
    pub listen: std::net::SocketAddr,
    /// The server's ed25519 host key (OpenSSH format), created with mode 0600 on first start.
    /// Default: host_key in folio's data directory.
    #[arg(long, value_name = "PATH")]
    pub host_key: Option<PathBuf>,
    /// Most readers at once; a reader beyond it is told the server is full.
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub max_sessions: u32,
    /// Most new connections a minute from one address; more are closed at once.
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections_per_minute: u32,
    /// End a session after this long without a key from the reader (e.g. 30s, 10m, 2h).
    #[arg(long, value_name = "DURATION", default_value = "15m", value_parser = parse_duration)]
    pub idle_timeout: std::time::Duration,
    /// Close a connection that has not signed in after this long (e.g. 30s).
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub login_timeout: std::time::Duration,
    /// End any session after this long, however busy (e.g. 30m, 4h).
    #[arg(long, value_name = "DURATION", default_value = "4h", value_parser = parse_duration)]
    pub max_session: std::time::Duration,
}

/// Parses `90s`, `15m`, `4h` or `1d` (a bare number is seconds) for the command line.
///
/// # Errors
/// A message clap shows, when the text is not a whole number with one of those units.
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("\"{text}\" is not a duration: write e.g. 30s, 15m, 4h or 1d"))?;
    let seconds = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => {
            return Err(format!(
                "unknown unit \"{unit}\" in \"{text}\": use s, m, h or d"
            ));
        }
    };
    match number.checked_mul(seconds) {
        Some(0) => Err("a duration must be more than zero".to_owned()),
        Some(total) => Ok(std::time::Duration::from_secs(total)),
        None => Err(format!("\"{text}\" is too long")),
    }
}

/// When to style what folio prints to stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// When stdout is a terminal (`CLICOLOR_FORCE` forces it, `NO_COLOR` stops it).
    Auto,
    /// Always, even into a pipe.
    Always,
    /// Never.
    Never,
}
