//! The reader pane: the open post's lines from the scroll position, in a centred column.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::{AppState, Focus};
use crate::layout;

/// Draws the reader pane into `area`.
pub fn draw(frame: &mut Frame<'_>, state: &AppState, area: Rect) {
    let theme = &state.theme;
    let focused = state.focus == Focus::Reader && state.reader.is_some();
    let border = if focused {
        theme.border_focused
    } else {
        theme.border
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(Span::styled(" Reader ", border));
    frame.render_widget(block, area);

    let text_area = layout::reader_text_area(area);
    let Some(reader) = state.reader.as_ref() else {
        draw_placeholder(frame, state, text_area);
        return;
    };
    let end = (reader.scroll + usize::from(text_area.height)).min(reader.doc.lines.len());
    let visible: Vec<Line<'_>> = reader.doc.lines[reader.scroll.min(end)..end].to_vec();
    frame.render_widget(Paragraph::new(visible), text_area);
}

fn draw_placeholder(frame: &mut Frame<'_>, state: &AppState, area: Rect) {
    let theme = &state.theme;
    let lines = vec![
        Line::default(),
        Line::styled("Nothing open.", theme.muted),
        Line::default(),
        Line::from(vec![
            Span::styled("Enter", theme.key),
            Span::styled(" opens the selected post, ", theme.muted),
        ]),
        Line::from(vec![
            Span::styled("/", theme.key),
            Span::styled(" searches, ", theme.muted),
            Span::styled("?", theme.key),
            Span::styled(" lists every key.", theme.muted),
        ]),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}
