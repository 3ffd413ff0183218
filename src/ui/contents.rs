//! The table-of-contents overlay: the open post's headings, indented by level.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::AppState;
use crate::markdown::wrap::{str_width, truncate};

/// Draws the contents overlay with heading `selected` highlighted and in view.
pub fn draw(frame: &mut Frame<'_>, state: &AppState, selected: usize) {
    let Some(reader) = state.reader.as_ref() else {
        return;
    };
    let headings = &reader.doc.headings;
    let widest = headings
        .iter()
        .map(|h| str_width(&h.text) + usize::from(h.level) * 2 + 4)
        .max()
        .unwrap_or(20);
    let width = u16::try_from(widest.clamp(30, 90)).unwrap_or(90);
    let height = u16::try_from(headings.len() + 2).unwrap_or(u16::MAX);
    let area = super::centered(Rect::new(0, 0, state.width, state.height), width, height);
    let inner = super::overlay_block(frame, state, area, "Contents — Enter jumps");
    let rows = usize::from(inner.height).max(1);
    let first = selected.saturating_sub(rows - 1);
    let text_width = usize::from(inner.width);
    let lines: Vec<Line<'_>> = headings
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, heading)| {
            let indent = " ".repeat(usize::from(heading.level.saturating_sub(1)) * 2);
            let marker = if i == selected {
                state.theme.symbols.selection
            } else {
                " "
            };
            let style = if i == selected {
                state.theme.selection
            } else {
                state.theme.heading(usize::from(heading.level).max(2))
            };
            let room = text_width.saturating_sub(indent.len() + 2);
            Line::from(vec![
                Span::styled(marker, state.theme.selection),
                Span::raw(format!(" {indent}")),
                Span::styled(truncate(&heading.text, room), style),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
