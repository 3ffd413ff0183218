//! The non-interactive subcommands. Each writes to the stream it is given and returns the
//! process exit status, so tests run them against a buffer.

use std::io::{self, Write};

use serde::Serialize;
use thiserror::Error;

use crate::ansi;
use std::path::Path;

use crate::content::{self, Library, LoadError, Post};
use crate::document;
use crate::search::Searcher;
use crate::theme::Theme;

/// Why a command could not do what was asked. Printed as one line; exit status 2.
#[derive(Debug, Error)]
pub enum CommandError {
    /// `folio read` was given a slug no post has.
    #[error("no post has the slug \"{0}\" (folio list shows them)")]
    UnknownSlug(String),
    /// The posts folder could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A file named on the command line could not be read.
    #[error("{0}")]
    File(content::Diagnostic),
    /// A post's file could not be read again for its body.
    #[error(transparent)]
    Body(#[from] content::BodyError),
    /// The terminal cannot show a full-screen interface.
    #[error(
        "TERM=dumb: this terminal cannot show the reader; use `folio list` and `folio read SLUG` (plain text), or set TERM"
    )]
    DumbTerminal,
    /// `folio serve` could not start.
    #[error(transparent)]
    Serve(#[from] crate::serve::ServeError),
    /// Writing the output failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// A post as `--json` prints it.
#[derive(Debug, Serialize)]
struct PostJson<'a> {
    title: &'a str,
    date: String,
    slug: &'a str,
    summary: &'a str,
    tags: &'a [String],
    reading_minutes: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<i64>,
    /// In a full-text search, the line of text around the first match.
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<&'a str>,
}

impl<'a> PostJson<'a> {
    fn new(post: &'a Post, score: Option<i64>) -> Self {
        Self {
            title: &post.title,
            date: post.date.format("%Y-%m-%d").to_string(),
            slug: &post.slug,
            summary: &post.summary,
            tags: &post.tags,
            reading_minutes: post.reading_minutes(),
            score,
            snippet: None,
        }
    }
}

/// `folio list`: one post a line (date, slug, title), newest first.
///
/// # Errors
/// When writing fails.
pub fn list(library: &Library, json: bool, out: &mut impl Write) -> Result<i32, CommandError> {
    if json {
        let posts: Vec<PostJson<'_>> = library
            .posts
            .iter()
            .map(|p| PostJson::new(p, None))
            .collect();
        write_json(out, &posts)?;
        return Ok(0);
    }
    let slug_width = library
        .posts
        .iter()
        .map(|p| p.slug.len())
        .max()
        .unwrap_or(0);
    for post in &library.posts {
        writeln!(
            out,
            "{}  {:<slug_width$}  {}",
            post.date.format("%Y-%m-%d"),
            post.slug,
            post.title
        )?;
    }
    Ok(0)
}

/// How `folio read` should lay out its output.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// Columns to wrap to.
    pub width: usize,
    /// Emit SGR styling.
    pub styled: bool,
}

impl ReadOptions {
    /// Styled output is highlighted as it is rendered; plain output is never highlighted.
    fn highlighting(self) -> document::Highlighting {
        if self.styled {
            document::Highlighting::Now
        } else {
            document::Highlighting::Later
        }
    }

    /// The width for this stdout: the terminal's (capped at the reader's measure), or 80 when
    /// piped; `styled` as the caller decided (see `Settings::wants_styled_stdout`).
    #[must_use]
    pub fn detect(
        width: Option<u16>,
        styled: bool,
        stdout_is_terminal: bool,
        body_width: u16,
    ) -> Self {
        let width = width.map_or_else(
            || {
                let terminal = stdout_is_terminal
                    .then(|| crossterm::terminal::size().ok())
                    .flatten();
                terminal.map_or(80.min(body_width), |(columns, _)| columns.min(body_width))
            },
            |w| w.max(1),
        );
        Self {
            width: usize::from(width),
            styled,
        }
    }
}

/// `folio read SLUG`: the post as the reader shows it.
///
/// # Errors
/// When no post has the slug, or writing fails.
pub fn read(
    library: &Library,
    slug: &str,
    options: ReadOptions,
    theme: &Theme,
    out: &mut impl Write,
) -> Result<i32, CommandError> {
    let index = library
        .find(slug)
        .ok_or_else(|| CommandError::UnknownSlug(crate::sanitize::line(slug).into_owned()))?;
    let post = &library.posts[index];
    let body = post.read_body().map_err(CommandError::Body)?;
    let doc = document::render_in_library(
        library,
        index,
        &body.text,
        options.width,
        theme,
        options.highlighting(),
    );
    ansi::write_lines(out, &doc.lines, options.styled)?;
    Ok(0)
}

/// `folio read --file PATH`: any Markdown file, rendered as the reader renders a post. A file
/// with front matter gets the title block; one without is shown as it is. Problems with the
/// file go to `err` as warnings and the file is still shown.
///
/// # Errors
/// When the file cannot be read, or writing fails.
pub fn read_file(
    path: &Path,
    options: ReadOptions,
    theme: &Theme,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<i32, CommandError> {
    let shown = path.display().to_string();
    let source = content::read_source(path, &shown).map_err(CommandError::File)?;
    let mut diagnostics = source.diagnostics;
    let (post, mut found) = content::parse_post(&shown, &source.text, source.modified);
    let has_front_matter = source.text.starts_with("+++");
    let lines = match post {
        Some(post) if has_front_matter => {
            let body = post.body.held().unwrap_or_default();
            document::render_post(&post, body, options.width, theme, options.highlighting()).lines
        }
        _ => {
            // Without usable front matter the file is shown whole, as a Markdown viewer would.
            if has_front_matter {
                diagnostics.append(&mut found);
            }
            let body = crate::sanitize::body(&source.text);
            document::render_body(&body, options.width, theme, options.highlighting()).lines
        }
    };
    for diagnostic in &diagnostics {
        writeln!(err, "folio: {diagnostic}")?;
    }
    ansi::write_lines(out, &lines, options.styled)?;
    Ok(0)
}

/// How `folio search` searches and prints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchOptions {
    /// Search the full text of every post, printing a snippet per match.
    pub full_text: bool,
    /// Print JSON.
    pub json: bool,
}

/// `folio search QUERY`: matches best first, ranked as the search bar ranks them. Terms of the
/// query that are mistakes (an unknown filter, a date that is not one) are reported to `err`,
/// as the bar shows them, rather than silently ignored.
///
/// # Errors
/// When writing fails.
pub fn search(
    library: &Library,
    query: &str,
    how: SearchOptions,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<i32, CommandError> {
    search_with(
        &Searcher::new(&library.posts).keep_text_index_in(library.word_index.clone()),
        library,
        query,
        how,
        out,
        err,
    )
}

/// [`search`] with a search index already built for `library`: `folio serve` keeps one for
/// every reader, so a command over SSH does not lowercase (or, for full text, read) every
/// post again.
///
/// # Errors
/// When writing fails.
pub fn search_with(
    searcher: &Searcher,
    library: &Library,
    query: &str,
    how: SearchOptions,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<i32, CommandError> {
    for mistake in crate::search::Query::parse(query).mistakes() {
        writeln!(err, "folio: {}", crate::sanitize::line(&mistake))?;
    }
    let hits = if how.full_text {
        let mut hits = searcher.full_text(&library.posts, query);
        crate::search::fulltext::add_snippets(&library.posts, query, &mut hits);
        hits
    } else {
        searcher.rank(&library.posts, query)
    };
    if how.json {
        let posts: Vec<PostJson<'_>> = hits
            .iter()
            .map(|h| PostJson {
                snippet: h.snippet.as_ref().map(|s| s.text.as_str()),
                ..PostJson::new(&library.posts[h.index], Some(h.score))
            })
            .collect();
        write_json(out, &posts)?;
    } else {
        let slug_width = hits
            .iter()
            .map(|h| library.posts[h.index].slug.len())
            .max()
            .unwrap_or(0);
        for hit in &hits {
            let post = &library.posts[hit.index];
            writeln!(
                out,
                "{}  {:<slug_width$}  {}",
                post.date.format("%Y-%m-%d"),
                post.slug,
                post.title
            )?;
            if let Some(snippet) = &hit.snippet {
                writeln!(out, "    {}", snippet.text)?;
            }
        }
    }
    Ok(i32::from(hits.is_empty()))
}

/// `folio tags`: every tag with its number of posts, most used first, as the tag view shows.
///
/// # Errors
/// When writing fails.
pub fn tags(library: &Library, json: bool, out: &mut impl Write) -> Result<i32, CommandError> {
    let counts = library.tag_counts();
    if json {
        #[derive(Serialize)]
        struct TagJson<'a> {
            tag: &'a str,
            posts: usize,
        }
        let tags: Vec<TagJson<'_>> = counts
            .iter()
            .map(|(tag, posts)| TagJson { tag, posts: *posts })
            .collect();
        write_json(out, &tags)?;
    } else {
        let width = counts.first().map_or(1, |(_, n)| n.to_string().len());
        for (tag, posts) in &counts {
            writeln!(out, "{posts:>width$}  {tag}")?;
        }
    }
    Ok(0)
}

/// `folio check`: every problem as `path:line: severity: message`; status 1 if there is any.
///
/// # Errors
/// When writing fails.
pub fn check(library: &Library, out: &mut impl Write) -> Result<i32, CommandError> {
    for diagnostic in &library.diagnostics {
        writeln!(out, "{diagnostic}")?;
    }
    let problems = library.diagnostics.len();
    if problems == 0 {
        writeln!(out, "{} posts, no problems", library.posts.len())?;
        Ok(0)
    } else {
        writeln!(
            out,
            "{} posts loaded, {problems} problem{}",
            library.posts.len(),
            if problems == 1 { "" } else { "s" }
        )?;
        Ok(1)
    }
}

/// `folio config`: `--print-default` prints the documented default configuration;
/// `--path` (and no flag) says where folio reads its configuration and whether it is in use.
///
/// # Errors
/// When writing fails.
pub fn config(
    settings: &crate::settings::Settings,
    print_default: bool,
    _path: bool,
    out: &mut impl Write,
) -> Result<i32, CommandError> {
    if print_default {
        out.write_all(crate::config::DEFAULT_CONFIG.as_bytes())?;
        return Ok(0);
    }
    match &settings.config_location {
        Some((path, _)) => {
            let state = match (&settings.config_problem, path.exists()) {
                (Some(_), _) => "has a problem; the defaults are in use",
                (None, true) => "in use",
                (None, false) => "not there; the defaults are in use",
            };
            writeln!(
                out,
                "{}",
                crate::sanitize::line(&path.display().to_string())
            )?;
            writeln!(
                out,
                "({state}; --config FILE and $FOLIO_CONFIG choose another)"
            )?;
        }
        None => writeln!(
            out,
            "no config location on this platform; the defaults are in use"
        )?,
    }
    if let Some(problem) = &settings.config_problem {
        writeln!(out, "{problem}")?;
        return Ok(1);
    }
    Ok(0)
}

/// `folio completions SHELL`: completions generated from the command line's definition.
///
/// # Errors
/// When writing fails.
pub fn completions(shell: clap_complete::Shell, out: &mut impl Write) -> Result<i32, CommandError> {
    let mut command = <crate::cli::Cli as clap::CommandFactory>::command();
    clap_complete::generate(shell, &mut command, "folio", out);
    Ok(0)
}

/// `folio man`: the manual page, generated from the command line's definition.
///
/// # Errors
/// When writing fails.
pub fn man(out: &mut impl Write) -> Result<i32, CommandError> {
    let command = <crate::cli::Cli as clap::CommandFactory>::command();
    clap_mangen::Man::new(command).render(out)?;
    Ok(0)
}

fn write_json(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::other)?;
    writeln!(out)
}
