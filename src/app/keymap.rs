//! From terminal events to actions. Which action a key means depends on where the keys go
//! (the list, the reader, the search bar or an overlay), so bindings are kept per context.

use std::collections::HashMap;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::{Action, AppState, Focus};

/// Where keys are going.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// The list of posts.
    List,
    /// The reader.
    Reader,
    /// The search bar; characters not bound here are typed into the query.
    Search,
    /// An overlay (help, problems).
    Overlay,
}

/// A key with its modifiers, normalised so `G` and `Shift+G` are the same binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Control and Alt (Shift is folded into the character).
    pub modifiers: KeyModifiers,
}

impl Key {
    /// Normalises a crossterm key event.
    #[must_use]
    pub fn from_event(event: &KeyEvent) -> Self {
        let mut modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match event.code {
            KeyCode::BackTab => {
                modifiers |= KeyModifiers::SHIFT;
                KeyCode::Tab
            }
            other => other,
        };
        Self { code, modifiers }
    }

    fn plain(code: KeyCode) -> Self {
        Self {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }

    fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::CONTROL,
        }
    }
}

/// Key bindings for every context.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: HashMap<(Context, Key), Action>,
}

impl Default for Keymap {
    fn default() -> Self {
        use KeyCode::{
            Backspace, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up,
        };
        let c = |ch: char| Key::plain(KeyCode::Char(ch));
        let k = Key::plain;
        let mut map = Self {
            bindings: HashMap::new(),
        };

        for context in [Context::List, Context::Reader] {
            map.bind(context, &[c('?')], &Action::Help);
            map.bind(context, &[c('!')], &Action::Problems);
            map.bind(
                context,
                &[
                    k(Tab),
                    Key {
                        code: Tab,
                        modifiers: KeyModifiers::SHIFT,
                    },
                ],
                &Action::SwitchPane,
            );
            map.bind(context, &[c('/')], &Action::Search);
            map.bind(context, &[c('j'), k(Down)], &Action::Down);
            map.bind(context, &[c('k'), k(Up)], &Action::Up);
            map.bind(context, &[k(PageDown), Key::ctrl('f')], &Action::PageDown);
            map.bind(context, &[k(PageUp), Key::ctrl('b')], &Action::PageUp);
            map.bind(context, &[Key::ctrl('d')], &Action::HalfPageDown);
            map.bind(context, &[Key::ctrl('u')], &Action::HalfPageUp);
            map.bind(context, &[c('g'), k(Home)], &Action::Top);
            map.bind(context, &[c('G'), k(End)], &Action::Bottom);
        }
        map.bind(Context::List, &[c('q')], &Action::Quit);
        map.bind(Context::List, &[k(Esc)], &Action::Back);
        map.bind(Context::List, &[k(Enter), c('l'), k(Right)], &Action::Open);

        map.bind(
            Context::Reader,
            &[c('q'), k(Esc), c('h'), k(Left)],
            &Action::Back,
        );
        map.bind(Context::Reader, &[c(' ')], &Action::PageDown);
        map.bind(Context::Reader, &[k(Enter)], &Action::Open);
        map.bind(Context::Reader, &[k(Backspace)], &Action::GoBack);
        map.bind(Context::Reader, &[c('f')], &Action::NextLink);
        map.bind(Context::Reader, &[c('F')], &Action::PreviousLink);
        map.bind(Context::Reader, &[c('t')], &Action::Contents);
        map.bind(Context::Reader, &[c(']')], &Action::NextHeading);
        map.bind(Context::Reader, &[c('[')], &Action::PreviousHeading);
        map.bind(Context::Reader, &[c('n')], &Action::FindNext);
        map.bind(Context::Reader, &[c('N')], &Action::FindPrevious);

        map.bind(Context::Search, &[k(Esc)], &Action::SearchCancel);
        map.bind(Context::Search, &[k(Enter)], &Action::SearchAccept);
        map.bind(
            Context::Search,
            &[k(Backspace), Key::ctrl('h')],
            &Action::SearchBackspace,
        );
        map.bind(
            Context::Search,
            &[Key::ctrl('w')],
            &Action::SearchDeleteWord,
        );
        map.bind(
            Context::Search,
            &[Key::ctrl('u')],
            &Action::SearchDeleteLine,
        );
        map.bind(
            Context::Search,
            &[k(Down), Key::ctrl('n'), Key::ctrl('j')],
            &Action::Down,
        );
        map.bind(
            Context::Search,
            &[k(Up), Key::ctrl('p'), Key::ctrl('k')],
            &Action::Up,
        );
        map.bind(Context::Search, &[k(PageDown)], &Action::PageDown);
        map.bind(Context::Search, &[k(PageUp)], &Action::PageUp);

        map.bind(
            Context::Overlay,
            &[k(Esc), c('q'), c('?'), c('!')],
            &Action::Back,
        );
        map.bind(Context::Overlay, &[k(Enter)], &Action::Open);
        map.bind(Context::Overlay, &[c('j'), k(Down)], &Action::Down);
        map.bind(Context::Overlay, &[c('k'), k(Up)], &Action::Up);
        map.bind(
            Context::Overlay,
            &[k(PageDown), c(' '), Key::ctrl('f')],
            &Action::PageDown,
        );
        map.bind(
            Context::Overlay,
            &[k(PageUp), Key::ctrl('b')],
            &Action::PageUp,
        );
        map.bind(Context::Overlay, &[c('g'), k(Home)], &Action::Top);
        map.bind(Context::Overlay, &[c('G'), k(End)], &Action::Bottom);
        map
    }
}

impl Keymap {
    fn bind(&mut self, context: Context, keys: &[Key], action: &Action) {
        for key in keys {
            self.bindings.insert((context, *key), action.clone());
        }
    }

    /// The action bound to `key` in `context`, if any.
    #[must_use]
    pub fn lookup(&self, context: Context, key: Key) -> Option<Action> {
        self.bindings.get(&(context, key)).cloned()
    }
}

/// Where keys go in this state.
#[must_use]
pub fn context(state: &AppState) -> Context {
    if state.overlay.is_some() {
        Context::Overlay
    } else if state.search.editing || finding(state) {
        Context::Search
    } else if state.focus == Focus::Reader && state.reader.is_some() {
        Context::Reader
    } else {
        Context::List
    }
}

/// The action a terminal reply calls for: a background colour may switch the theme.
#[must_use]
pub fn action_for_reply(reply: &crate::input::Reply) -> Option<Action> {
    match *reply {
        crate::input::Reply::Background { red, green, blue } => {
            Some(Action::TerminalBackground { red, green, blue })
        }
        _ => None,
    }
}

/// Whether keys go to the reader's find bar.
fn finding(state: &AppState) -> bool {
    state.focus == Focus::Reader && state.reader.as_ref().is_some_and(|r| r.find.editing)
}

/// Translates one terminal event into an action, or `None` when it means nothing here.
#[must_use]
pub fn action_for_event(keymap: &Keymap, state: &AppState, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => action_for_key(keymap, state, key),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Action::Wheel {
                down: true,
                column: mouse.column,
                row: mouse.row,
            }),
            MouseEventKind::ScrollUp => Some(Action::Wheel {
                down: false,
                column: mouse.column,
                row: mouse.row,
            }),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: mouse.column,
                row: mouse.row,
            }),
            _ => None,
        },
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        Event::Paste(text) if state.search.editing || finding(state) => {
            Some(Action::SearchPaste(text.clone()))
        }
        _ => None,
    }
}

fn action_for_key(keymap: &Keymap, state: &AppState, event: &KeyEvent) -> Option<Action> {
    let key = Key::from_event(event);
    // Ctrl-C always quits, whatever has focus: the one key every terminal user expects to work.
    if key == Key::ctrl('c') {
        return Some(Action::Quit);
    }
    let context = context(state);
    if let Some(action) = keymap.lookup(context, key) {
        return Some(action);
    }
    match (context, key.code) {
        (Context::Search, KeyCode::Char(c)) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            Some(Action::SearchInput(c))
        }
        _ => None,
    }
}
