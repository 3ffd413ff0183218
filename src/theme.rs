//! Colours and text attributes, named by what they mean rather than how they look, so the
//! renderer and the panes never pick a colour themselves.

use ratatui::style::{Color, Modifier, Style};

/// Which syntax-highlighting palette code blocks use: one drawn for a dark background or one
/// for a light background, to match the code block's own background.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeTheme {
    /// Bright token colours for a dark block background.
    Dark,
    /// Deep token colours for a light block background.
    Light,
}

/// Every style folio draws with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// The palette syntax highlighting uses inside code blocks.
    pub code: CodeTheme,
    /// Plain body text.
    pub text: Style,
    /// Secondary text: dates, reading times, hints.
    pub muted: Style,
    /// A post title in the list.
    pub title: Style,
    /// Tags in the list and the title block.
    pub tag: Style,
    /// The selected list item's marker bar.
    pub selection: Style,
    /// Characters that matched the search query.
    pub matched: Style,
    /// Heading levels 1 to 6.
    pub headings: [Style; 6],
    /// Inline code.
    pub inline_code: Style,
    /// Fenced and indented code blocks (the background sets the block off).
    pub code_block: Style,
    /// The language label above a code block.
    pub code_label: Style,
    /// Block quote gutter bar.
    pub quote_bar: Style,
    /// Block quote text.
    pub quote: Style,
    /// Link text.
    pub link: Style,
    /// The `[n]` marker after a link and the URL list at the end of a post.
    pub link_marker: Style,
    /// Bullets, numbers and task boxes.
    pub list_marker: Style,
    /// Horizontal rules and table borders.
    pub rule: Style,
    /// Pane borders when the pane does not have focus.
    pub border: Style,
    /// Pane borders when it does.
    pub border_focused: Style,
    /// The status line.
    pub status: Style,
    /// Keys named in hints and help.
    pub key: Style,
    /// Warnings and error counts.
    pub warning: Style,
    /// Errors.
    pub error: Style,
}

impl Default for Theme {
    fn default() -> Self {
        Self::dark()
    }
}

impl Theme {
    /// The dark theme, in the 256-colour palette every terminal folio targets supports.
    #[must_use]
    pub fn dark() -> Self {
        let accent = Color::Indexed(75); // soft blue
        let accent2 = Color::Indexed(180); // sand
        let muted = Color::Indexed(245);
        Self {
            code: CodeTheme::Dark,
            text: Style::new(),
            muted: Style::new().fg(muted),
            title: Style::new().add_modifier(Modifier::BOLD),
            tag: Style::new().fg(Color::Indexed(108)),
            selection: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            matched: Style::new()
                .fg(Color::Indexed(214))
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            headings: [
                Style::new()
                    .fg(Color::Indexed(16))
                    .bg(accent)
                    .add_modifier(Modifier::BOLD),
                Style::new().fg(accent).add_modifier(Modifier::BOLD),
                Style::new().fg(accent2).add_modifier(Modifier::BOLD),
                Style::new()
                    .fg(accent2)
                    .add_modifier(Modifier::BOLD | Modifier::ITALIC),
                Style::new().fg(muted).add_modifier(Modifier::BOLD),
                Style::new().fg(muted).add_modifier(Modifier::ITALIC),
            ],
            inline_code: Style::new().fg(Color::Indexed(216)).bg(Color::Indexed(236)),
            code_block: Style::new().fg(Color::Indexed(252)).bg(Color::Indexed(235)),
            code_label: Style::new()
                .fg(muted)
                .bg(Color::Indexed(235))
                .add_modifier(Modifier::ITALIC),
            quote_bar: Style::new().fg(Color::Indexed(67)),
            quote: Style::new()
                .fg(Color::Indexed(250))
                .add_modifier(Modifier::ITALIC),
            link: Style::new()
                .fg(Color::Indexed(81))
                .add_modifier(Modifier::UNDERLINED),
            link_marker: Style::new().fg(Color::Indexed(67)),
            list_marker: Style::new().fg(accent),
            rule: Style::new().fg(Color::Indexed(240)),
            border: Style::new().fg(Color::Indexed(240)),
            border_focused: Style::new().fg(accent),
            status: Style::new().fg(Color::Indexed(250)).bg(Color::Indexed(236)),
            key: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            warning: Style::new().fg(Color::Indexed(214)),
            error: Style::new().fg(Color::Indexed(203)),
        }
    }

    /// The light theme, for terminals with a light background.
    #[must_use]
    pub fn light() -> Self {
        let accent = Color::Indexed(25); // deep blue
        let accent2 = Color::Indexed(130); // brown
        let muted = Color::Indexed(242);
        Self {
            code: CodeTheme::Light,
            text: Style::new(),
            muted: Style::new().fg(muted),
            title: Style::new().add_modifier(Modifier::BOLD),
            tag: Style::new().fg(Color::Indexed(29)),
            selection: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            matched: Style::new()
                .fg(Color::Indexed(166))
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            headings: [
                Style::new()
                    .fg(Color::Indexed(231))
                    .bg(accent)
                    .add_modifier(Modifier::BOLD),
                Style::new().fg(accent).add_modifier(Modifier::BOLD),
                Style::new().fg(accent2).add_modifier(Modifier::BOLD),
                Style::new()
                    .fg(accent2)
                    .add_modifier(Modifier::BOLD | Modifier::ITALIC),
                Style::new().fg(muted).add_modifier(Modifier::BOLD),
                Style::new().fg(muted).add_modifier(Modifier::ITALIC),
            ],
            inline_code: Style::new().fg(Color::Indexed(124)).bg(Color::Indexed(254)),
            code_block: Style::new().fg(Color::Indexed(235)).bg(Color::Indexed(255)),
            code_label: Style::new()
                .fg(muted)
                .bg(Color::Indexed(255))
                .add_modifier(Modifier::ITALIC),
            quote_bar: Style::new().fg(Color::Indexed(31)),
            quote: Style::new()
                .fg(Color::Indexed(238))
                .add_modifier(Modifier::ITALIC),
            link: Style::new().fg(accent).add_modifier(Modifier::UNDERLINED),
            link_marker: Style::new().fg(Color::Indexed(31)),
            list_marker: Style::new().fg(accent),
            rule: Style::new().fg(Color::Indexed(250)),
            border: Style::new().fg(Color::Indexed(250)),
            border_focused: Style::new().fg(accent),
            status: Style::new().fg(Color::Indexed(236)).bg(Color::Indexed(253)),
            key: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            warning: Style::new().fg(Color::Indexed(130)),
            error: Style::new().fg(Color::Indexed(160)),
        }
    }

    /// The style of a heading of `level` (1–6; deeper levels look like 6).
    #[must_use]
    pub fn heading(&self, level: usize) -> Style {
        self.headings[level.clamp(1, 6) - 1]
    }
}

/// Whether a background colour is light: its relative luminance (ITU-R BT.709 weights) is
/// above the middle.
#[must_use]
pub fn is_light(red: u8, green: u8, blue: u8) -> bool {
    let luminance = 0.2126 * f64::from(red) + 0.7152 * f64::from(green) + 0.0722 * f64::from(blue);
    luminance > 127.5
}

/// The theme `COLORFGBG` suggests (`"15;0"`: light text on a dark background), if it is set.
/// rxvt, Konsole and others export it; it is the instant answer while OSC 11's is on its way.
#[must_use]
pub fn from_colorfgbg(value: &str) -> Option<Theme> {
    let background: u8 = value.rsplit(';').next()?.trim().parse().ok()?;
    // Colours 7 and 9–15 are light; 0–6 and 8 dark.
    let light = background == 7 || (9..=15).contains(&background);
    Some(if light { Theme::light() } else { Theme::dark() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_and_dark_backgrounds() {
        assert!(is_light(255, 255, 255));
        assert!(is_light(253, 246, 227)); // solarized light
        assert!(!is_light(0, 43, 54)); // solarized dark
        assert!(!is_light(30, 30, 30));
    }

    #[test]
    fn colorfgbg_picks_a_theme() {
        assert_eq!(from_colorfgbg("15;0"), Some(Theme::dark()));
        assert_eq!(from_colorfgbg("0;15"), Some(Theme::light()));
        assert_eq!(from_colorfgbg("0;default;15"), Some(Theme::light()));
        assert_eq!(from_colorfgbg("junk"), None);
    }
}
