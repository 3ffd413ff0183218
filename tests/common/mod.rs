//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::expect_used, clippy::missing_panics_doc)]

pub mod hostile;
pub mod pty;

use std::path::PathBuf;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use folio::app::{self, AppState};
use folio::content::{self, Library};
use folio::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The folder of fixture posts.
pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/posts")
}

/// The fixture posts as a library.
pub fn fixture_library() -> Library {
    content::load_dir(&fixtures(), false).expect("fixtures load")
}

/// A key press.
pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// A character key.
pub fn ch(c: char) -> Event {
    key(KeyCode::Char(c))
}

/// Ctrl + a character.
pub fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Every character of `text` as key presses.
pub fn typed(text: &str) -> Vec<Event> {
    text.chars().map(ch).collect()
}

/// An interface over `library` in a `width` × `height` terminal.
pub fn state(library: Library, width: u16, height: u16) -> AppState {
    let mut state = AppState::new(library, Theme::default(), width, height);
    app::update(&mut state, app::Action::Resize { width, height });
    state
}

/// Feeds events through the keymap and update, as the event loop does (reading a post's file
/// when an action asks for it: see `tui::dispatch`), then reads what the next frame needs
/// from the files (the snippets of full-text hits in view), as the loop does before drawing.
pub fn feed(state: &mut AppState, events: impl IntoIterator<Item = Event>) {
    for event in events {
        if let Some(action) = app::action_for_event(state, &event) {
            folio::tui::dispatch(state, &action);
        }
    }
    folio::tui::read_snippets(state);
}

/// Draws the state into a test terminal of its size.
pub fn draw(state: &AppState) -> Terminal<TestBackend> {
    let mut terminal =
        Terminal::new(TestBackend::new(state.width, state.height)).expect("terminal");
    terminal
        .draw(|frame| folio::ui::draw(frame, state))
        .expect("draw");
    terminal
}

/// The text of the screen, one string per row.
pub fn screen(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            let mut row = String::new();
            for x in 0..buffer.area.width {
                row.push_str(buffer[(x, y)].symbol());
            }
            row
        })
        .collect()
}
