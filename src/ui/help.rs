//! The help overlay: every key, grouped by where it works.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{AppState, Context};

/// What each pane is called in the help, in the order it lists them.
const SECTIONS: [(Context, &str); 4] = [
    (Context::List, "List"),
    (Context::Reader, "Reader"),
    (Context::Search, "Search bar and find bar"),
    (Context::Overlay, "Help, problems, contents, tags"),
];

/// What works everywhere and is not a key binding.
const EVERYWHERE: &[(&str, &str)] = &[
    ("mouse wheel", "scroll the pane under the pointer"),
    ("click", "select a post; click it again to open it"),
    ("Ctrl-C", "quit"),
];

/// The search bar's language, as `folio search` also reads it.
const SEARCH_SYNTAX: &[(&str, &str)] = &[
    ("word word", "every word must match (fuzzy, any order)"),
    ("#tag  tag:name", "only posts with that tag"),
    ("'text", "only posts containing exactly this text"),
    ("!text", "no posts containing this text"),
    ("year:2024", "only posts from that year"),
    (
        "after:2024-06",
        "posts from June 2024 on (or 2024, 2024-06-15)",
    ),
    ("before:2025-01", "posts before January 2025"),
];

/// Width of the keys column.
const KEY_COLUMN: usize = 24;

/// The help's lines: every bound action of the current keymap, by pane, so remapped keys show
/// as they are.
fn lines(state: &AppState) -> Vec<Line<'static>> {
    let theme = &state.theme;
    let mut lines = Vec::new();
    let entry = |keys: String, meaning: &str| {
        Line::from(vec![
            Span::styled(format!("  {keys:<KEY_COLUMN$}"), theme.key),
            Span::styled(meaning.to_owned(), theme.text),
        ])
    };
    for (context, title) in SECTIONS {
        lines.push(Line::styled(title.to_owned(), theme.heading(3)));
        for (_, action, meaning) in crate::app::BINDABLE {
            let keys = state.keymap.keys_for(context, action);
            if keys.is_empty() {
                continue;
            }
            let labels: Vec<String> = keys.iter().map(crate::app::Key::label).collect();
            lines.push(entry(labels.join("  "), meaning));
        }
        lines.push(Line::default());
    }
    lines.push(Line::styled("Search syntax".to_owned(), theme.heading(3)));
    for (syntax, meaning) in SEARCH_SYNTAX {
        lines.push(entry((*syntax).to_owned(), meaning));
    }
    lines.push(Line::default());
    lines.push(Line::styled("Everywhere".to_owned(), theme.heading(3)));
    for (keys, meaning) in EVERYWHERE {
        lines.push(entry((*keys).to_owned(), meaning));
    }
    lines
}

fn line_count(state: &AppState) -> usize {
    lines(state).len()
}

fn overlay_area(state: &AppState) -> Rect {
    let height = u16::try_from(line_count(state) + 2).unwrap_or(u16::MAX);
    super::centered(Rect::new(0, 0, state.width, state.height), 76, height)
}

/// Furthest the overlay can scroll in the current terminal, so scrolling stops at the end.
#[must_use]
pub fn max_scroll(state: &AppState) -> usize {
    let inner = crate::layout::inner(overlay_area(state));
    line_count(state).saturating_sub(usize::from(inner.height))
}

/// Draws the help overlay.
pub fn draw(frame: &mut Frame<'_>, state: &AppState, scroll: usize) {
    let inner = super::overlay_block(frame, state, overlay_area(state), "Keys — Esc closes");
    let all = lines(state);
    let scroll = scroll.min(all.len().saturating_sub(usize::from(inner.height)));
    frame.render_widget(Paragraph::new(all[scroll..].to_vec()), inner);
}
