//! The status line: hints for the keys that matter now on the left; problems, position and
//! counts on the right.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{AppState, Context};
use crate::markdown::wrap::str_width;

/// Draws the status line into `area`.
pub fn draw(frame: &mut Frame<'_>, state: &AppState, area: Rect) {
    let theme = &state.theme;
    frame.render_widget(Paragraph::new("").style(theme.status), area);

    let mut right: Vec<Span<'static>> = Vec::new();
    let problems = state.library.diagnostics.len();
    if problems > 0 {
        let noun = if problems == 1 { "problem" } else { "problems" };
        right.push(Span::styled(
            format!("{problems} {noun} (!) "),
            theme.warning.bg(theme.status.bg.unwrap_or_default()),
        ));
    }
    let reader_shown = state.panes().reader.is_some();
    if let Some(percent) = state.reader_percent().filter(|_| reader_shown) {
        right.push(Span::styled(format!("{percent:>3}% "), theme.status));
    }
    let right_width = right.iter().map(|s| str_width(&s.content)).sum::<usize>();

    let mut left = vec![Span::styled(" ", theme.status)];
    let budget = usize::from(area.width).saturating_sub(right_width + 1);
    let mut used = 1;
    for (key, meaning) in hints(state) {
        let width = str_width(key) + str_width(meaning) + 3;
        if used + width > budget {
            break;
        }
        used += width;
        left.push(Span::styled(
            key.to_owned(),
            theme.key.bg(theme.status.bg.unwrap_or_default()),
        ));
        left.push(Span::styled(format!(" {meaning}   "), theme.status));
    }
    frame.render_widget(Paragraph::new(Line::from(left)), area);
    if right_width > 0 && right_width < usize::from(area.width) {
        let width = u16::try_from(right_width).unwrap_or(area.width);
        let right_area = Rect::new(area.x + area.width - width, area.y, width, 1);
        frame.render_widget(Paragraph::new(Line::from(right)), right_area);
    }
}

/// The few keys worth showing in the current context, most important first.
fn hints(state: &AppState) -> &'static [(&'static str, &'static str)] {
    match crate::app::context_of(state) {
        Context::Search => &[
            ("Enter", "open"),
            ("Esc", "clear"),
            ("↑↓", "move"),
            ("^W", "delete word"),
        ],
        Context::Reader => &[
            ("j/k", "scroll"),
            ("Space", "page"),
            ("g/G", "top/end"),
            ("q", "back"),
            ("?", "help"),
        ],
        Context::Overlay => &[("j/k", "scroll"), ("Esc", "close")],
        Context::List => &[
            ("j/k", "move"),
            ("Enter", "read"),
            ("/", "search"),
            ("?", "help"),
            ("q", "quit"),
        ],
    }
}
