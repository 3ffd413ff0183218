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
        // Shift is part of a character (`G`); for other keys it is a modifier (`shift-tab`).
        if !matches!(event.code, KeyCode::Char(_)) {
            modifiers |= event.modifiers & KeyModifiers::SHIFT;
        }
        let code = match event.code {
            KeyCode::BackTab => {
                modifiers |= KeyModifiers::SHIFT;
                KeyCode::Tab
            }
            other => other,
        };
        Self { code, modifiers }
    }

    fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::CONTROL,
        }
    }
}

impl Context {
    /// Every context, in the order the help lists them.
    pub const ALL: [Self; 4] = [Self::List, Self::Reader, Self::Search, Self::Overlay];

    /// The name the config file uses (`[keys.list]`…).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::List => "list",
            Self::Reader => "reader",
            Self::Search => "search",
            Self::Overlay => "overlay",
        }
    }
}

impl Key {
    /// Parses a key as the config file writes it: a character (`j`, `G`, `?`), a name
    /// (`enter`, `pagedown`, `f5`…) or either with modifiers (`ctrl-d`, `alt-x`, `shift-tab`).
    ///
    /// # Errors
    /// A message saying what is wrong with the key.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (modifier, len) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            if rest.len() == len {
                break;
            }
            modifiers |= modifier;
            rest = &rest[len..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if modifiers.contains(KeyModifiers::CONTROL) {
                c.to_ascii_lowercase()
            } else {
                c
            }),
            _ => named_key(&rest.to_ascii_lowercase())
                .ok_or_else(|| format!("unknown key \"{text}\""))?,
        };
        // Shift is folded into characters (`G`, not `shift-g`); it is kept for named keys.
        if let KeyCode::Char(c) = code
            && modifiers.contains(KeyModifiers::SHIFT)
        {
            modifiers.remove(KeyModifiers::SHIFT);
            return Ok(Self {
                code: KeyCode::Char(c.to_ascii_uppercase()),
                modifiers,
            });
        }
        Ok(Self { code, modifiers })
    }

    /// The key as the help shows it (`Ctrl-D`, `PgDn`, `G`).
    #[must_use]
    pub fn label(&self) -> String {
        let mut label = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            label.push_str("Ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            label.push_str("Alt-");
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            label.push_str("Shift-");
        }
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) if self.modifiers.contains(KeyModifiers::CONTROL) => {
                c.to_ascii_uppercase().to_string()
            }
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Insert => "Ins".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        label.push_str(&name);
        label
    }
}

fn named_key(name: &str) -> Option<KeyCode> {
    Some(match name {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backspace" | "bs" => KeyCode::Backspace,
        "space" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "page_up" | "pgup" => KeyCode::PageUp,
        "pagedown" | "page_down" | "pgdn" => KeyCode::PageDown,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "minus" => KeyCode::Char('-'),
        _ => {
            let n: u8 = name.strip_prefix('f')?.parse().ok()?;
            return (1..=24).contains(&n).then_some(KeyCode::F(n));
        }
    })
}

/// Two actions bound to the same key in one context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoubleBinding {
    /// Where.
    pub context: Context,
    /// The key, as written.
    pub key: String,
    /// The action it was bound to first.
    pub first: &'static str,
    /// The action it is also bound to.
    pub second: &'static str,
}

/// Key bindings for every context.
#[derive(Debug, Clone)]
pub struct Keymap {
    /// Each key's action, and the order it was bound in (the config's order, which the help
    /// and the hints keep: the first key written is the one shown).
    bindings: HashMap<(Context, Key), (Action, usize)>,
}

impl Default for Keymap {
    /// The bindings of the documented default config (`config/folio.toml`).
    fn default() -> Self {
        crate::config::Config::default().keymap
    }
}

impl Keymap {
    /// A keymap with nothing bound.
    #[must_use]
    pub fn empty() -> Self {
        Self {
            bindings: HashMap::new(),
        }
    }

    /// Binds `keys` to `action` in `context`.
    ///
    /// # Errors
    /// When one of the keys is already bound to another action in that context.
    pub fn bind(
        &mut self,
        context: Context,
        keys: &[(Key, String)],
        action: &Action,
    ) -> Result<(), DoubleBinding> {
        for (key, written) in keys {
            if let Some((existing, _)) = self.bindings.get(&(context, *key))
                && existing != action
            {
                return Err(DoubleBinding {
                    context,
                    key: written.clone(),
                    first: existing.name().unwrap_or("?"),
                    second: action.name().unwrap_or("?"),
                });
            }
            let order = self.bindings.len();
            self.bindings
                .insert((context, *key), (action.clone(), order));
        }
        Ok(())
    }

    /// The action bound to `key` in `context`, if any.
    #[must_use]
    pub fn lookup(&self, context: Context, key: Key) -> Option<Action> {
        self.bindings
            .get(&(context, key))
            .map(|(action, _)| action.clone())
    }

    /// The keys bound to `action` in `context`, in the order they were bound, for help and
    /// hints.
    #[must_use]
    pub fn keys_for(&self, context: Context, action: &Action) -> Vec<Key> {
        let mut keys: Vec<(usize, Key)> = self
            .bindings
            .iter()
            .filter(|((c, _), (a, _))| *c == context && a == action)
            .map(|((_, k), (_, order))| (*order, *k))
            .collect();
        keys.sort_unstable_by_key(|(order, _)| *order);
        keys.into_iter().map(|(_, k)| k).collect()
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
pub fn action_for_event(state: &AppState, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => action_for_key(state, key),
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

fn action_for_key(state: &AppState, event: &KeyEvent) -> Option<Action> {
    let key = Key::from_event(event);
    // Ctrl-C always quits, whatever has focus: the one key every terminal user expects to work.
    if key == Key::ctrl('c') {
        return Some(Action::Quit);
    }
    let context = context(state);
    if let Some(action) = state.keymap.lookup(context, key) {
        return Some(action);
    }
    match (context, key.code) {
        (Context::Search, KeyCode::Char(c)) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            Some(Action::SearchInput(c))
        }
        _ => None,
    }
}
