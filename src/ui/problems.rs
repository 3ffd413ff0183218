//! The problems overlay: each diagnostic found while loading posts, as `path:line` and message.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::AppState;
use crate::content::Severity;

/// Draws the problems overlay.
pub fn draw(frame: &mut Frame<'_>, state: &AppState, scroll: usize) {
    let theme = &state.theme;
    let area = frame.area();
    let area = super::centered(
        area,
        area.width.saturating_sub(4).min(100),
        area.height.saturating_sub(4),
    );
    let count = state.library.diagnostics.len();
    let title = format!(
        "{count} problem{} — Esc closes",
        if count == 1 { "" } else { "s" }
    );
    let inner = super::overlay_block(frame, state, area, &title);

    let mut lines = Vec::new();
    if count == 0 {
        lines.push(Line::styled("Every post loaded cleanly.", theme.muted));
    }
    for diagnostic in &state.library.diagnostics {
        let (label, style) = match diagnostic.severity {
            Severity::Error => ("error", theme.error),
            Severity::Warning => ("warning", theme.warning),
        };
        let location = if diagnostic.line == 0 {
            diagnostic.path.clone()
        } else {
            format!("{}:{}", diagnostic.path, diagnostic.line)
        };
        lines.push(Line::from(vec![
            Span::styled(location, theme.title),
            Span::raw(" "),
            Span::styled(label, style),
        ]));
        lines.push(Line::from(Span::styled(
            format!("  {}", diagnostic.message),
            theme.text,
        )));
    }
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
}
