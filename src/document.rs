//! A post as the reader shows it: a title block (title, date, reading time, tags) above the
//! rendered body. `folio read` prints exactly this, so the terminal output and the reader pane
//! never disagree.

use ratatui::text::{Line, Span};

use crate::content::{Library, Post, RELATED_LIMIT};
use crate::markdown::wrap::{Run, str_width, truncate, wrap};
use crate::markdown::{self, Heading, Link, LinkSpan, Rendered};
use crate::theme::Theme;

/// When code blocks are highlighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Highlighting {
    /// While rendering: for output that is shown whole (`folio read`).
    Now,
    /// Later, block by block as they come on screen ([`Rendered::highlight_lines`]): for the
    /// reader, so a long post opens without highlighting code it may never show; and never,
    /// for plain output.
    Later,
}

/// Renders a post whose body is `body` (see [`Post::read_body`]), title block included, for a
/// body `width` columns wide. The body is passed in because a folder's posts do not hold
/// theirs: the caller reads it once and keeps it for re-rendering.
#[must_use]
pub fn render_post(
    post: &Post,
    body: &str,
    width: usize,
    theme: &Theme,
    highlighting: Highlighting,
) -> Rendered {
    let width = width.max(1);
    let mut lines = title_block(post, width, theme);
    let mut body = render_body(body, width, theme, highlighting);
    body.shift(lines.len());
    lines.append(&mut body.lines);
    Rendered { lines, ..body }
}

/// How much of a long post is laid out for its first frame.
const OPENING_BYTES: usize = 32 * 1024;

/// Renders only the opening of a long post, for its first frame: laying out a megabyte takes
/// tens of milliseconds, the first screen needs a few kilobytes. `None` for a post short enough
/// to render whole at once. The opening ends at a blank line outside any code fence, so its
/// lines are the whole post's first lines (a reference link defined further down is the rare
/// exception, until the whole post is laid out a moment later).
#[must_use]
pub fn render_opening(post: &Post, body: &str, width: usize, theme: &Theme) -> Option<Rendered> {
    let opening = opening(body)?;
    Some(render_post(
        post,
        opening,
        width,
        theme,
        Highlighting::Later,
    ))
}

/// The first part of `body`, at least [`OPENING_BYTES`] long, cut at a blank line outside code
/// fences; `None` when the body is less than twice that.
fn opening(body: &str) -> Option<&str> {
    if body.len() < 2 * OPENING_BYTES {
        return None;
    }
    let mut in_fence = false;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        if line.len() - trimmed.len() <= 3
            && (trimmed.starts_with("```") || trimmed.starts_with("~~~"))
        {
            in_fence = !in_fence;
        }
        if offset >= OPENING_BYTES && !in_fence && line.trim().is_empty() {
            return Some(&body[..offset]);
        }
        offset += line.len();
    }
    None
}

/// Renders a body, containing a renderer panic to this post: the reader then shows what went
/// wrong and the post's text as it is, so nothing is lost and the session goes on.
#[must_use]
pub fn render_body(
    source: &str,
    width: usize,
    theme: &Theme,
    highlighting: Highlighting,
) -> Rendered {
    let rendered = crate::contain::contained(|| match highlighting {
        Highlighting::Now => markdown::render(source, width, theme),
        Highlighting::Later => markdown::render_deferred(source, width, theme),
    });
    match rendered {
        Ok(rendered) => rendered,
        Err(message) => {
            let note = format!(
                "folio could not render this post ({message}); its text follows as written."
            );
            let mut runs = vec![(note, theme.error)];
            runs.push(("\n\n".into(), theme.text));
            runs.push((crate::sanitize::body(source).into_owned(), theme.text));
            let lines = wrap(&runs, width)
                .into_iter()
                .map(|l| Line::from(l.spans))
                .collect();
            Rendered {
                lines,
                ..Rendered::default()
            }
        }
    }
}

/// The meta line under a title: `2020-03-28 · 9 min read`.
#[must_use]
pub fn meta_text(post: &Post, theme: &Theme) -> String {
    let dot = theme.symbols.dot;
    format!(
        "{} {dot} {} min read",
        theme.date(post.date),
        post.reading_minutes()
    )
}

fn title_block(post: &Post, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let title_style = theme.heading(1).patch(theme.title);
    let mut lines: Vec<Line<'static>> = wrap(&[(post.title.clone(), title_style)], width)
        .into_iter()
        .map(|l| Line::from(l.spans))
        .collect();
    let mut meta: Vec<Run> = vec![(meta_text(post, theme), theme.muted)];
    if !post.tags.is_empty() {
        meta.push(("  ".into(), theme.muted));
        for (i, tag) in post.tags.iter().enumerate() {
            if i > 0 {
                meta.push((" ".into(), theme.muted));
            }
            meta.push((format!("#{tag}"), theme.tag));
        }
    }
    lines.extend(wrap(&meta, width).into_iter().map(|l| Line::from(l.spans)));
    lines.push(Line::from(Span::styled(
        theme.symbols.heavy_rule.repeat(width),
        theme.rule,
    )));
    lines.push(Line::default());
    lines
}

/// Renders post `index` of `library`, whose body is `body`, as the reader shows it: the post,
/// then a "Related" section listing the posts that share the most tags with it, as links the
/// reader can follow.
#[must_use]
pub fn render_in_library(
    library: &Library,
    index: usize,
    body: &str,
    width: usize,
    theme: &Theme,
    highlighting: Highlighting,
) -> Rendered {
    let Some(post) = library.posts.get(index) else {
        return Rendered::default();
    };
    let mut doc = render_post(post, body, width, theme, highlighting);
    let related: Vec<&Post> = library
        .related(index, RELATED_LIMIT)
        .into_iter()
        .filter_map(|i| library.posts.get(i))
        .collect();
    append_related(&mut doc, &related, width.max(1), theme);
    doc
}

/// The heading of the related-posts section, also its anchor (`#related`).
pub const RELATED_HEADING: &str = "Related";

/// Appends the related-posts section: a section title (in the contents, reachable with `]`)
/// and one line per post, its title a link to it that `f` and Enter follow. The links are
/// numbered after the post's own but carry no marker: they have no URL to list.
fn append_related(doc: &mut Rendered, related: &[&Post], width: usize, theme: &Theme) {
    if related.is_empty() {
        return;
    }
    if doc.lines.last().is_some_and(|l| l.width() > 0) {
        doc.lines.push(Line::default());
    }
    doc.headings.push(Heading {
        level: 2,
        text: RELATED_HEADING.to_owned(),
        id: RELATED_HEADING.to_lowercase(),
        line: doc.lines.len(),
    });
    doc.lines
        .push(markdown::section_title(RELATED_HEADING, width, theme));
    let bullet = format!("{} ", theme.symbols.bullets[0]);
    for post in related {
        let number = doc.links.len() + 1;
        let date = format!("  {}", theme.date(post.date));
        let fixed = str_width(&bullet);
        // The date goes first when the line is too narrow for everything.
        let date = if fixed + str_width(&date) + 8 <= width {
            date
        } else {
            String::new()
        };
        let room = width.saturating_sub(fixed + str_width(&date)).max(1);
        let title = truncate(&post.title, room);
        let line = doc.lines.len();
        doc.link_spans.push(LinkSpan {
            link: doc.links.len(),
            line,
            column: str_width(&bullet),
            width: str_width(&title),
        });
        doc.links.push(Link {
            number,
            url: format!("/posts/{}", post.slug),
            line,
        });
        doc.lines.push(Line::from(vec![
            Span::styled(bullet.clone(), theme.list_marker),
            Span::styled(title, theme.link),
            Span::styled(date, theme.muted),
        ]));
    }
}
