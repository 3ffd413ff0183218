//! The help overlay: every key, grouped by where it works.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::AppState;

/// Every binding of the default keymap, by pane: (keys, what they do).
const SECTIONS: &[(&str, &[(&str, &str)])] = &[
    (
        "List",
        &[
            ("j  ↓", "next post"),
            ("k  ↑", "previous post"),
            ("PgDn  Ctrl-F", "page down"),
            ("PgUp  Ctrl-B", "page up"),
            ("Ctrl-D  Ctrl-U", "half a page down / up"),
            ("g  Home", "first post"),
            ("G  End", "last post"),
            ("Enter  l  →", "open the selected post"),
            ("/", "search"),
            ("Esc", "clear the search filter"),
            ("q", "quit"),
        ],
    ),
    (
        "Search bar",
        &[
            ("type", "filter and rank as you type"),
            ("↓ ↑  Ctrl-N Ctrl-P", "move the selection"),
            ("Enter", "open the selected match"),
            ("Backspace", "delete a character"),
            ("Ctrl-W", "delete the previous word"),
            ("Ctrl-U", "delete the whole query"),
            ("Esc", "clear the query and leave the bar"),
        ],
    ),
    (
        "Reader",
        &[
            ("j  ↓", "scroll down a line"),
            ("k  ↑", "scroll up a line"),
            ("Space  PgDn  Ctrl-F", "page down"),
            ("PgUp  Ctrl-B", "page up"),
            ("Ctrl-D  Ctrl-U", "half a page down / up"),
            ("g  Home", "top of the post"),
            ("G  End", "end of the post"),
            ("t", "table of contents"),
            ("]  [", "next / previous heading"),
            ("/", "find in this post"),
            ("n  N", "next / previous match"),
            ("f  F", "select the next / previous link on screen"),
            ("Enter", "follow the selected link"),
            ("Backspace", "go back after following a link"),
            ("q  Esc  h  ←", "back to the list"),
        ],
    ),
    (
        "Everywhere",
        &[
            ("Tab", "switch between list and reader"),
            ("mouse wheel", "scroll the pane under the pointer"),
            ("click", "select a post; click again to open it"),
            ("?", "this help"),
            ("!", "problems found while loading posts"),
            ("Ctrl-C", "quit"),
        ],
    ),
];

/// Width of the keys column.
const KEY_COLUMN: usize = 22;

/// Lines in the help text.
fn line_count() -> usize {
    SECTIONS.iter().map(|(_, keys)| keys.len() + 2).sum()
}

fn overlay_area(state: &AppState) -> Rect {
    let height = u16::try_from(line_count() + 2).unwrap_or(u16::MAX);
    super::centered(Rect::new(0, 0, state.width, state.height), 64, height)
}

/// Furthest the overlay can scroll in the current terminal, so scrolling stops at the end.
#[must_use]
pub fn max_scroll(state: &AppState) -> usize {
    let inner = crate::layout::inner(overlay_area(state));
    line_count().saturating_sub(usize::from(inner.height))
}

fn lines(state: &AppState) -> Vec<Line<'static>> {
    let theme = &state.theme;
    let mut lines = Vec::new();
    for (title, keys) in SECTIONS {
        lines.push(Line::styled((*title).to_owned(), theme.heading(3)));
        for (key, meaning) in *keys {
            lines.push(Line::from(vec![
                Span::styled(format!("  {key:<KEY_COLUMN$}"), theme.key),
                Span::styled((*meaning).to_owned(), theme.text),
            ]));
        }
        lines.push(Line::default());
    }
    lines
}

/// Draws the help overlay.
pub fn draw(frame: &mut Frame<'_>, state: &AppState, scroll: usize) {
    let inner = super::overlay_block(frame, state, overlay_area(state), "Keys — Esc closes");
    let all = lines(state);
    let scroll = scroll.min(all.len().saturating_sub(usize::from(inner.height)));
    frame.render_widget(Paragraph::new(all[scroll..].to_vec()), inner);
}
