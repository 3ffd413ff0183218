//! The problems overlay: each diagnostic found while loading posts, as `path:line` and message.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::AppState;
use crate::content::Severity;
use crate::markdown::wrap::{Run, wrap};

/// Draws the problems overlay.
pub fn draw(frame: &mut Frame<'_>, state: &AppState, scroll: usize) {
    let area = overlay_area(state);
    let count = state.library.diagnostics.len();
    let title = format!(
        "{count} problem{} — Esc closes",
        if count == 1 { "" } else { "s" }
    );
    let inner = super::overlay_block(frame, state, area, &title);
    let lines = lines(state, usize::from(inner.width));
    let scroll = scroll.min(lines.len().saturating_sub(usize::from(inner.height)));
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

/// Furthest the overlay can scroll in the current terminal, so scrolling stops at the end.
#[must_use]
pub fn max_scroll(state: &AppState) -> usize {
    let inner = crate::layout::inner(overlay_area(state));
    lines(state, usize::from(inner.width))
        .len()
        .saturating_sub(usize::from(inner.height))
}

fn overlay_area(state: &AppState) -> Rect {
    let area = Rect::new(0, 0, state.width, state.height);
    super::centered(
        area,
        area.width.saturating_sub(4).min(100),
        area.height.saturating_sub(4),
    )
}

fn lines(state: &AppState, width: usize) -> Vec<Line<'static>> {
    let theme = &state.theme;
    let mut lines = Vec::new();
    if state.library.diagnostics.is_empty() {
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
        let heading = [(location, theme.title), (format!(" {label}"), style)];
        lines.extend(indented(&heading, width, 0));
        lines.extend(indented(
            &[(diagnostic.message.clone(), theme.text)],
            width,
            2,
        ));
    }
    lines
}

/// Wraps runs to `width`, every line indented by `indent` columns, so long paths and messages
/// keep their shape.
fn indented(runs: &[Run], width: usize, indent: usize) -> Vec<Line<'static>> {
    wrap(runs, width.saturating_sub(indent).max(1))
        .into_iter()
        .map(|line| {
            let mut spans = vec![Span::raw(" ".repeat(indent))];
            spans.extend(line.spans);
            Line::from(spans)
        })
        .collect()
}
