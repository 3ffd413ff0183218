//! Drawing: reads the state, never changes it. Panes first, then the status line, then any
//! overlay on top, in that fixed order.

mod contents;
pub mod help;
pub mod list;
pub mod problems;
pub mod reader;
mod status;
mod tags;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::app::{AppState, Overlay};
use crate::layout::MIN_SIZE;

/// Draws one frame of the interface.
pub fn draw(frame: &mut Frame<'_>, state: &AppState) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        draw_too_small(frame, state, area);
        return;
    }
    let panes = state.panes();
    if let Some(pane) = panes.list {
        list::draw(frame, state, pane);
    }
    if let Some(pane) = panes.reader {
        reader::draw(frame, state, pane);
    }
    status::draw(frame, state, panes.status);
    match state.overlay {
        Some(Overlay::Help { scroll }) => help::draw(frame, state, scroll),
        Some(Overlay::Problems { scroll }) => problems::draw(frame, state, scroll),
        Some(Overlay::Contents { selected }) => contents::draw(frame, state, selected),
        Some(Overlay::Tags { selected }) => tags::draw(frame, state, selected),
        None => {}
    }
}

fn draw_too_small(frame: &mut Frame<'_>, state: &AppState, area: Rect) {
    let message = format!(
        "Terminal too small: {}x{} (folio needs {}x{})",
        area.width, area.height, MIN_SIZE.0, MIN_SIZE.1
    );
    frame.render_widget(
        Paragraph::new(Line::styled(message, state.theme.warning)).wrap(Wrap { trim: true }),
        area,
    );
}

/// A rectangle centred in `area`, at most `width` × `height`.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// Clears and frames an overlay's rectangle.
fn overlay_block(frame: &mut Frame<'_>, state: &AppState, area: Rect, title: &str) -> Rect {
    use ratatui::widgets::{Block, Borders};
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(state.theme.symbols.border)
        .border_style(state.theme.border_focused)
        .title(ratatui::text::Span::styled(
            format!(" {title} "),
            state.theme.border_focused,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}
