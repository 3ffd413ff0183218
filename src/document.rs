//! A post as the reader shows it: a title block (title, date, reading time, tags) above the
//! rendered body. `folio read` prints exactly this, so the terminal output and the reader pane
//! never disagree.

use ratatui::text::{Line, Span};

use crate::content::Post;
use crate::markdown::wrap::{Run, wrap};
use crate::markdown::{self, Rendered};
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

/// Renders a post, title block included, for a body `width` columns wide.
#[must_use]
pub fn render_post(
    post: &Post,
    width: usize,
    theme: &Theme,
    highlighting: Highlighting,
) -> Rendered {
    let width = width.max(1);
    let mut lines = title_block(post, width, theme);
    let mut body = render_body(&post.body, width, theme, highlighting);
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
pub fn render_opening(post: &Post, width: usize, theme: &Theme) -> Option<Rendered> {
    let opening = opening(&post.body)?;
    let shortened = Post {
        body: opening.to_owned(),
        ..post.clone_without_body()
    };
    Some(render_post(&shortened, width, theme, Highlighting::Later))
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
