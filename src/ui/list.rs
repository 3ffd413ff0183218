//! The list pane: the search bar, then one card per post (title, date and reading time, tags,
//! summary), the selected card marked by a bar in the gutter.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::{AppState, Focus};
use crate::content::Post;
use crate::layout;
use crate::markdown::wrap::{Run, str_width, wrap};
use crate::sanitize;
use crate::search::{Highlights, Hit, Query, TermKind};
use crate::theme::Theme;

/// Columns of the gutter: the selection bar, the unread dot, a space.
const GUTTER: usize = 3;

/// Columns kept free between a card's text and the pane's right border.
const RIGHT_MARGIN: usize = 1;

/// Lines of a full-text snippet shown on a card.
const SNIPPET_LINES: usize = 2;

/// The lines of one card, with the characters at `highlights` marked. Shared by drawing and
/// by `update`, which needs card heights to keep the selection in view (marks change no
/// height, so it passes none).
#[must_use]
pub fn item_lines(
    post: &Post,
    hit: &Hit,
    highlights: &Highlights,
    width: usize,
    theme: &Theme,
    card: Card,
) -> Vec<Line<'static>> {
    let content_width = width.saturating_sub(GUTTER + RIGHT_MARGIN).max(1);
    let title_style = if card.selected {
        theme.title.patch(theme.selection)
    } else {
        theme.title
    };
    let mut body = wrap(
        &highlighted(&post.title, &highlights.title, title_style, theme.matched),
        content_width,
    );
    let title_lines = body.len();

    let dot = theme.symbols.dot;
    let mut meta: Vec<Run> = vec![(
        format!(
            "{} {dot} {} min",
            theme.date(post.date),
            post.reading_minutes()
        ),
        theme.muted,
    )];
    if card.bookmarked {
        meta.push((format!(" {}", theme.symbols.bookmark), theme.warning));
    }
    for tag in &post.tags {
        meta.push((" ".into(), theme.muted));
        meta.push((format!("#{tag}"), theme.tag));
    }
    body.extend(wrap(&meta, content_width));
    match &hit.snippet {
        // A full-text hit shows where the text matched instead of the summary: two lines at
        // most, the match near the start of the first.
        Some(snippet) => {
            let mut lines = wrap(
                &highlighted(
                    &format!("…{}…", snippet.text),
                    &snippet.highlights.iter().map(|h| h + 1).collect::<Vec<_>>(),
                    theme.text,
                    theme.matched,
                ),
                content_width,
            );
            lines.truncate(SNIPPET_LINES);
            body.extend(lines);
        }
        None => body.extend(wrap(
            &highlighted(
                &post.summary,
                &highlights.summary,
                theme.muted,
                theme.matched,
            ),
            content_width,
        )),
    }

    // The gutter: the selection bar, and a dot beside the title of an unread post.
    let bar = if card.selected {
        theme.symbols.selection
    } else {
        " "
    };
    let mut lines: Vec<Line<'static>> = body
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let unread = card.unread && i < title_lines;
            let mark = if unread && i == 0 {
                theme.symbols.unread
            } else {
                " "
            };
            let mut spans = vec![
                Span::styled(bar, theme.selection),
                Span::styled(mark, theme.list_marker),
                Span::raw(" "),
            ];
            spans.extend(line.spans);
            Line::from(spans)
        })
        .collect();
    lines.push(Line::default());
    lines
}

/// What a card shows besides its post.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Card {
    /// The list's selection is on it.
    pub selected: bool,
    /// The post has not been opened yet.
    pub unread: bool,
    /// The post is bookmarked.
    pub bookmarked: bool,
}

impl Card {
    /// The card of post `post` (library index) at list position `position`.
    #[must_use]
    pub fn of(state: &AppState, position: usize, post: &Post) -> Self {
        let mark = state.marks.get(&post.slug);
        Self {
            selected: position == state.selected,
            unread: !mark.read,
            bookmarked: mark.bookmarked,
        }
    }
}

/// Rows a card takes at `width`.
#[must_use]
pub fn item_height(post: &Post, hit: &Hit, width: usize, theme: &Theme, card: Card) -> usize {
    item_lines(post, hit, &Highlights::default(), width, theme, card).len()
}

/// Splits `text` into runs, characters at `positions` (char indices, ascending) in `matched`.
fn highlighted(text: &str, positions: &[usize], base: Style, matched: Style) -> Vec<Run> {
    if positions.is_empty() {
        return vec![(text.to_owned(), base)];
    }
    let mut runs: Vec<Run> = Vec::new();
    let mut next = positions.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        let is_match = next.peek() == Some(&&i);
        if is_match {
            next.next();
        }
        let style = if is_match { base.patch(matched) } else { base };
        match runs.last_mut() {
            Some((run, s)) if *s == style => run.push(c),
            _ => runs.push((c.to_string(), style)),
        }
    }
    runs
}

/// Draws the list pane into `area`.
pub fn draw(frame: &mut Frame<'_>, state: &AppState, area: Rect) {
    let theme = &state.theme;
    let focused = state.focus == Focus::List || state.reader.is_none();
    let border = if focused {
        theme.border_focused
    } else {
        theme.border
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.symbols.border)
        .border_style(border)
        .title(Span::styled(" Posts ", border));
    frame.render_widget(block, area);

    draw_search_bar(frame, state, layout::search_bar_area(area));

    let items = layout::list_items_area(area);
    let width = usize::from(items.width);
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (position, hit) in state.search.hits.iter().enumerate().skip(state.list_offset) {
        if lines.len() >= usize::from(items.height) {
            break;
        }
        let Some(post) = state.library.posts.get(hit.index) else {
            continue;
        };
        // Where a title search matched is worked out here, for the cards drawn only: ranking
        // thousands of posts needs their scores, not their highlights.
        let highlights = if state.search.full_text {
            Highlights::default()
        } else {
            state.searcher.highlights(post, &state.search.query)
        };
        lines.extend(item_lines(
            post,
            hit,
            &highlights,
            width,
            theme,
            Card::of(state, position, post),
        ));
    }
    if state.search.hits.is_empty() {
        let message = if state.library.posts.is_empty() {
            "  No posts."
        } else {
            "  No post matches."
        };
        lines.push(Line::styled(message, theme.muted));
    }
    lines.truncate(usize::from(items.height));
    frame.render_widget(Paragraph::new(lines), items);
}

fn draw_search_bar(frame: &mut Frame<'_>, state: &AppState, area: Rect) {
    let theme = &state.theme;
    let search = &state.search;
    let count = format!("{}/{} ", search.hits.len(), state.library.posts.len());
    let count_width = str_width(&count);
    let prompt_style = if search.editing {
        theme.key
    } else {
        theme.muted
    };
    let mode = if search.full_text {
        "full text "
    } else {
        "titles "
    };
    let show_mode = search.editing || !search.query.is_empty() || search.full_text;
    let mode_width = if show_mode { mode.len() } else { 0 };
    let room = usize::from(area.width).saturating_sub(PROMPT.len() + mode_width + count_width + 1);
    let mut spans = vec![Span::styled(PROMPT, prompt_style)];
    let query_width = if search.query.is_empty() && !search.editing {
        spans.push(Span::styled("search", theme.muted));
        0
    } else {
        let shown = tail_that_fits(&query_runs(&search.query, theme), room);
        let width = shown.iter().map(|span| str_width(&span.content)).sum();
        spans.extend(shown);
        width
    };
    // Filters and order in force, so a short list never looks like missing posts.
    let mut filters: Vec<String> = Vec::new();
    if state.filter.bookmarks_only {
        filters.push(theme.symbols.bookmark.to_owned());
    }
    filters.extend(state.filter.tags.iter().map(|tag| format!("#{tag}")));
    if state.filter.sort != crate::config::Sort::Newest && search.query.trim().is_empty() {
        filters.push(format!("by {}", state.filter.sort.label()));
    }
    if !filters.is_empty() {
        spans.push(Span::styled(format!("  {}", filters.join(" ")), theme.tag));
    }
    let used: usize = spans.iter().map(|span| str_width(&span.content)).sum();
    if usize::from(area.width) >= used + mode_width + count_width {
        let gap = usize::from(area.width) - used - mode_width - count_width;
        spans.push(Span::raw(" ".repeat(gap)));
        if show_mode {
            spans.push(Span::styled(mode, theme.key));
        }
        spans.push(Span::styled(count, theme.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if search.editing {
        let x = usize::from(area.x) + PROMPT.len() + query_width;
        if let Ok(x) = u16::try_from(x)
            && x < area.x + area.width
        {
            frame.set_cursor_position((x, area.y));
        }
    }
}

/// The search prompt.
const PROMPT: &str = " / ";

/// The query in runs styled by what each term does: filters in the tag colour, exact and
/// excluded text marked, and terms the language cannot read underlined as errors.
#[must_use]
pub fn query_runs(query: &str, theme: &Theme) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut at = 0;
    for term in Query::parse(query).terms {
        let Some(text) = query.get(term.span.clone()) else {
            continue;
        };
        if term.span.start > at {
            runs.push((
                sanitize::line(&query[at..term.span.start]).into_owned(),
                theme.text,
            ));
        }
        runs.push((
            sanitize::line(text).into_owned(),
            term_style(&term.kind, theme),
        ));
        at = term.span.end;
    }
    if at < query.len() {
        runs.push((sanitize::line(&query[at..]).into_owned(), theme.text));
    }
    runs
}

fn term_style(kind: &TermKind, theme: &Theme) -> Style {
    match kind {
        TermKind::Fuzzy(_) => theme.text,
        TermKind::Tag(_) | TermKind::Year(_) | TermKind::After(_) | TermKind::Before(_) => {
            theme.tag
        }
        TermKind::Exact(_) => theme.text.add_modifier(Modifier::BOLD),
        TermKind::Exclude(_) => theme.warning,
        TermKind::Unknown(_) | TermKind::Malformed(_) => {
            theme.error.add_modifier(Modifier::UNDERLINED)
        }
    }
}

/// The end of `runs` that fits in `width` columns, with `…` in front when cut: while typing,
/// the end of the query is what matters.
fn tail_that_fits(runs: &[Run], width: usize) -> Vec<Span<'static>> {
    let total: usize = runs.iter().map(|(text, _)| str_width(text)).sum();
    if total <= width {
        return runs
            .iter()
            .map(|(text, style)| Span::styled(text.clone(), *style))
            .collect();
    }
    let mut kept: Vec<Span<'static>> = Vec::new();
    let mut used = 1;
    'runs: for (text, style) in runs.iter().rev() {
        let mut chars: Vec<char> = Vec::new();
        for c in text.chars().rev() {
            let w = crate::markdown::wrap::char_width(c);
            if used + w > width {
                kept.push(Span::styled(
                    chars.into_iter().rev().collect::<String>(),
                    *style,
                ));
                break 'runs;
            }
            used += w;
            chars.push(c);
        }
        kept.push(Span::styled(
            chars.into_iter().rev().collect::<String>(),
            *style,
        ));
    }
    kept.push(Span::raw("…"));
    kept.reverse();
    kept
}
