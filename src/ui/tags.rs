//! The tag picker: every tag with its post count; chosen tags are ticked, and the list shows
//! only posts that carry all of them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::AppState;

/// Draws the tag picker with the tag at `selected` under the cursor.
pub fn draw(frame: &mut Frame<'_>, state: &AppState, selected: usize) {
    let theme = &state.theme;
    let tags = state.tag_counts();
    let height = u16::try_from(tags.len() + 2).unwrap_or(u16::MAX).max(4);
    let area = super::centered(Rect::new(0, 0, state.width, state.height), 44, height);
    let inner = super::overlay_block(frame, state, area, "Tags — Space chooses, Enter filters");
    let rows = usize::from(inner.height).max(1);
    let first = selected.saturating_sub(rows - 1);
    let lines: Vec<Line<'_>> = if tags.is_empty() {
        vec![Line::styled("No post has tags.", theme.muted)]
    } else {
        tags.iter()
            .enumerate()
            .skip(first)
            .take(rows)
            .map(|(i, (tag, count))| {
                let chosen = state.tags_chosen.contains(tag);
                let (box_glyph, box_style) = if chosen {
                    (theme.symbols.checked, theme.list_marker)
                } else {
                    (theme.symbols.unchecked, theme.muted)
                };
                let cursor = if i == selected {
                    theme.symbols.selection
                } else {
                    " "
                };
                let style = if i == selected {
                    theme.selection
                } else {
                    theme.tag
                };
                Line::from(vec![
                    Span::styled(cursor, theme.selection),
                    Span::raw(" "),
                    Span::styled(box_glyph, box_style),
                    Span::raw(" "),
                    Span::styled(format!("#{tag}"), style),
                    Span::styled(format!("  {count}"), theme.muted),
                ])
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), inner);
}
