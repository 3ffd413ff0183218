//! The list pane: the search bar, then one card per post (title, date and reading time, tags,
//! summary), the selected card marked by a bar in the gutter.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::{AppState, Focus};
use crate::content::Post;
use crate::layout;
use crate::markdown::wrap::{Run, wrap};
use crate::search::Hit;
use crate::theme::Theme;

/// Columns of the gutter that holds the selection bar.
const GUTTER: usize = 2;

/// The lines of one card. Shared by drawing and by `update`, which needs card heights to keep
/// the selection in view.
#[must_use]
pub fn item_lines(
    post: &Post,
    hit: &Hit,
    width: usize,
    theme: &Theme,
    selected: bool,
) -> Vec<Line<'static>> {
    let content_width = width.saturating_sub(GUTTER).max(1);
    let title_style = if selected {
        theme.title.patch(theme.selection)
    } else {
        theme.title
    };
    let mut body = wrap(
        &highlighted(
            &post.title,
            &hit.highlights.title,
            title_style,
            theme.matched,
        ),
        content_width,
    );

    let mut meta: Vec<Run> = vec![(
        format!(
            "{} · {} min",
            post.date.format("%Y-%m-%d"),
            post.reading_minutes()
        ),
        theme.muted,
    )];
    for tag in &post.tags {
        meta.push((" ".into(), theme.muted));
        meta.push((format!("#{tag}"), theme.tag));
    }
    body.extend(wrap(&meta, content_width));
    body.extend(wrap(
        &highlighted(
            &post.summary,
            &hit.highlights.summary,
            theme.muted,
            theme.matched,
        ),
        content_width,
    ));

    let gutter = if selected {
        Span::styled("▌ ", theme.selection)
    } else {
        Span::raw("  ")
    };
    let mut lines: Vec<Line<'static>> = body
        .into_iter()
        .map(|line| {
            let mut spans = vec![gutter.clone()];
            spans.extend(line.spans);
            Line::from(spans)
        })
        .collect();
    lines.push(Line::default());
    lines
}

/// Rows a card takes at `width`.
#[must_use]
pub fn item_height(post: &Post, hit: &Hit, width: usize, theme: &Theme) -> usize {
    item_lines(post, hit, width, theme, false).len()
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
        lines.extend(item_lines(
            post,
            hit,
            width,
            theme,
            position == state.selected,
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
    let count = format!("{}/{}", search.hits.len(), state.library.posts.len());
    let prompt = Span::styled(
        "/ ",
        if search.editing {
            theme.key
        } else {
            theme.muted
        },
    );
    let query = if search.query.is_empty() && !search.editing {
        Span::styled("search", theme.muted)
    } else {
        Span::styled(search.query.clone(), theme.text)
    };
    let left = Line::from(vec![prompt, query]);
    frame.render_widget(Paragraph::new(left), area);
    let count_width = u16::try_from(count.len()).unwrap_or(u16::MAX);
    if area.width > count_width + 4 {
        let right = Rect::new(area.x + area.width - count_width, area.y, count_width, 1);
        frame.render_widget(Paragraph::new(Span::styled(count, theme.muted)), right);
    }
    if search.editing {
        let typed = crate::markdown::wrap::str_width(&search.query);
        let x = area
            .x
            .saturating_add(2)
            .saturating_add(u16::try_from(typed).unwrap_or(u16::MAX));
        if x < area.x + area.width {
            frame.set_cursor_position((x, area.y));
        }
    }
}
