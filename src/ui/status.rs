//! The status line. Left: the reader's find bar while it is open, else a message from the last
//! action, else hints for the keys that matter now. Right: problems, the reader's section and
//! position.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{Action, AppState, Context, Focus};
use crate::markdown::wrap::{str_width, truncate};
use crate::search::Query;

/// Draws the status line into `area`.
pub fn draw(frame: &mut Frame<'_>, state: &AppState, area: Rect) {
    let theme = &state.theme;
    let on_bar = |style: Style| style.bg(theme.status.bg.unwrap_or_default());
    frame.render_widget(Paragraph::new("").style(theme.status), area);

    let mut right: Vec<Span<'static>> = Vec::new();
    let problems = state.library.diagnostics.len();
    if problems > 0 {
        let noun = if problems == 1 { "problem" } else { "problems" };
        right.push(Span::styled(
            format!("{problems} {noun} (!) "),
            on_bar(theme.warning),
        ));
    }
    let reader_shown = state.panes().reader.is_some();
    if let Some(percent) = state.reader_percent().filter(|_| reader_shown) {
        if let Some(section) = state.reader_section() {
            let room = usize::from(area.width / 3);
            right.push(Span::styled(
                format!("{} {} ", theme.symbols.section, truncate(section, room)),
                theme.status,
            ));
        }
        right.push(Span::styled(format!("{percent:>3}% "), theme.status));
    }
    let right_width = right.iter().map(|s| str_width(&s.content)).sum::<usize>();
    let budget = usize::from(area.width).saturating_sub(right_width + 1);

    let finding = state.reader.as_ref().is_some_and(|r| r.find.editing);
    // While the find bar is typed in it stays; else the last action's message comes first,
    // then a kept find's count.
    let left = if let Some(find) = find_bar(state).filter(|_| finding || state.message.is_none()) {
        find
    } else if let Some(mistake) = query_mistake(state) {
        vec![Span::styled(
            format!(" {}", truncate(&mistake, budget.saturating_sub(1))),
            on_bar(theme.error),
        )]
    } else if let Some(message) = &state.message {
        vec![Span::styled(
            format!(" {}", truncate(message, budget.saturating_sub(1))),
            theme.status,
        )]
    } else {
        hint_spans(state, budget)
    };
    frame.render_widget(Paragraph::new(Line::from(left)), area);
    if right_width > 0 && right_width < usize::from(area.width) {
        let width = u16::try_from(right_width).unwrap_or(area.width);
        let right_area = Rect::new(area.x + area.width - width, area.y, width, 1);
        frame.render_widget(Paragraph::new(Line::from(right)), right_area);
    }
    if let Some(x) = find_cursor(state) {
        let x = area.x.saturating_add(x);
        if x < area.x + area.width {
            frame.set_cursor_position((x, area.y));
        }
    }
}

/// The reader's find bar: `/query  3/17`, shown while typing and while matches are kept.
fn find_bar(state: &AppState) -> Option<Vec<Span<'static>>> {
    let reader = state
        .reader
        .as_ref()
        .filter(|_| state.focus == Focus::Reader)?;
    let find = &reader.find;
    if !find.editing && find.query.is_empty() {
        return None;
    }
    let theme = &state.theme;
    let count = if find.query.is_empty() {
        String::new()
    } else if find.matches.is_empty() {
        "no match".to_owned()
    } else {
        format!("{}/{}", find.current + 1, find.matches.len())
    };
    let mut spans = vec![
        Span::styled(" /", theme.key.bg(theme.status.bg.unwrap_or_default())),
        Span::styled(find.query.clone(), theme.status),
        Span::styled(format!("  {count}"), theme.status),
    ];
    if !find.editing {
        spans.push(Span::styled("   n/N next/previous", theme.status));
    }
    Some(spans)
}

fn find_cursor(state: &AppState) -> Option<u16> {
    let reader = state
        .reader
        .as_ref()
        .filter(|r| r.find.editing && state.focus == Focus::Reader)?;
    u16::try_from(2 + str_width(&reader.find.query)).ok()
}

/// The first mistake in the list's query while it is being typed: an unknown filter or one
/// whose value cannot be read.
fn query_mistake(state: &AppState) -> Option<String> {
    if !state.search.editing {
        return None;
    }
    let mistakes = Query::parse(&state.search.query).mistakes();
    let first = crate::sanitize::line(mistakes.first()?).into_owned();
    Some(match mistakes.len() {
        1 => first,
        n => format!("{first} (and {} more)", n - 1),
    })
}

fn hint_spans(state: &AppState, budget: usize) -> Vec<Span<'static>> {
    let theme = &state.theme;
    let mut spans = vec![Span::styled(" ", theme.status)];
    let mut used = 1;
    for (key, meaning) in hints(state) {
        let width = str_width(&key) + str_width(meaning) + 3;
        if used + width > budget {
            break;
        }
        used += width;
        spans.push(Span::styled(
            key,
            theme.key.bg(theme.status.bg.unwrap_or_default()),
        ));
        spans.push(Span::styled(format!(" {meaning}   "), theme.status));
    }
    spans
}

/// The few keys worth showing in the current context, most important first, as the keymap
/// binds them (so a remapped key shows as remapped).
fn hints(state: &AppState) -> Vec<(String, &'static str)> {
    let context = crate::app::context_of(state);
    let key = |action: Action| {
        state
            .keymap
            .keys_for(context, &action)
            .first()
            .map(crate::app::Key::label)
    };
    let pair = |a: Action, b: Action| match (key(a), key(b)) {
        (Some(a), Some(b)) => Some(format!("{a}/{b}")),
        (a, b) => a.or(b),
    };
    let finding = state.reader.as_ref().is_some_and(|r| r.find.editing);
    let wanted: Vec<(Option<String>, &'static str)> = match context {
        Context::Search if finding => vec![
            (key(Action::SearchAccept), "keep"),
            (key(Action::SearchCancel), "clear"),
            (key(Action::SearchDeleteWord), "delete word"),
        ],
        Context::Search => vec![
            (key(Action::SearchAccept), "open"),
            (key(Action::SearchCancel), "clear"),
            (
                key(Action::SearchMode),
                if state.search.full_text {
                    "search titles"
                } else {
                    "search full text"
                },
            ),
            (pair(Action::Down, Action::Up), "move"),
            (key(Action::Help), "syntax"),
        ],
        Context::Reader => vec![
            (pair(Action::Down, Action::Up), "scroll"),
            (key(Action::PageDown), "page"),
            (
                pair(Action::NextPost, Action::PreviousPost),
                "next/prev post",
            ),
            (key(Action::Contents), "contents"),
            (key(Action::Search), "find"),
            (key(Action::NextLink), "links"),
            (key(Action::Back), "back"),
            (key(Action::Help), "help"),
            (key(Action::Zoom), "zoom"),
        ],
        Context::Overlay => vec![
            (pair(Action::Down, Action::Up), "move"),
            (key(Action::Open), "choose"),
            (key(Action::Back), "close"),
        ],
        Context::List => vec![
            (pair(Action::Down, Action::Up), "move"),
            (key(Action::Open), "read"),
            (key(Action::Search), "search"),
            (key(Action::Help), "help"),
            (key(Action::Quit), "quit"),
        ],
    };
    wanted
        .into_iter()
        .filter_map(|(key, meaning)| Some((key?, meaning)))
        .collect()
}
