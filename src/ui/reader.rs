//! The reader pane: the open post's lines from the scroll position, in a centred column.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
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
        .border_set(theme.symbols.border)
        .border_style(border)
        .title(Span::styled(" Reader ", border));
    frame.render_widget(block, area);

    let text_area = layout::reader_text_area(area, state.body_width);
    let Some(reader) = state.reader.as_ref() else {
        draw_placeholder(frame, state, text_area);
        return;
    };
    let end = (reader.scroll + usize::from(text_area.height)).min(reader.doc.lines.len());
    let visible: Vec<Line<'_>> = reader.doc.lines[reader.scroll.min(end)..end].to_vec();
    frame.render_widget(Paragraph::new(visible), text_area);

    let buffer = frame.buffer_mut();
    for (i, found) in reader.find.matches.iter().enumerate() {
        let style = if i == reader.find.current {
            theme.matched.add_modifier(Modifier::REVERSED)
        } else {
            theme.matched
        };
        if let Some(rect) = cells(
            text_area,
            reader.scroll,
            found.line,
            found.column,
            found.width,
        ) {
            buffer.set_style(rect, style);
        }
    }
    if let Some(selected) = reader.selected_link {
        for span in reader.doc.link_spans.iter().filter(|s| s.link == selected) {
            if let Some(rect) = cells(text_area, reader.scroll, span.line, span.column, span.width)
            {
                buffer.set_style(rect, Style::new().add_modifier(Modifier::REVERSED));
            }
        }
    }
}

/// The screen cells of a stretch of rendered text, if it is on screen.
fn cells(area: Rect, scroll: usize, line: usize, column: usize, width: usize) -> Option<Rect> {
    let row = line.checked_sub(scroll)?;
    if row >= usize::from(area.height) || column >= usize::from(area.width) {
        return None;
    }
    let width = width.min(usize::from(area.width) - column);
    Some(Rect::new(
        area.x + u16::try_from(column).ok()?,
        area.y + u16::try_from(row).ok()?,
        u16::try_from(width).ok()?,
        1,
    ))
}

/// The cells and destinations of the web links on screen, for terminals that support OSC 8
/// hyperlinks: the event loop marks these cells as links after each frame.
#[must_use]
pub fn hyperlink_cells(state: &AppState) -> Vec<(Rect, String)> {
    let Some(reader) = state.reader.as_ref() else {
        return Vec::new();
    };
    let Some(pane) = state.panes().reader else {
        return Vec::new();
    };
    let area = layout::reader_text_area(pane, state.body_width);
    reader
        .doc
        .link_spans
        .iter()
        .filter_map(|span| {
            let url = crate::hyperlink::safe_url(&reader.doc.links.get(span.link)?.url)?;
            let rect = cells(area, reader.scroll, span.line, span.column, span.width)?;
            Some((rect, url))
        })
        .collect()
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
