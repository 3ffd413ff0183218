//! Colours and text attributes, named by what they mean rather than how they look, so the
//! renderer and the panes never pick a colour themselves.

use ratatui::style::{Color, Modifier, Style};

/// Every style folio draws with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
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

    /// The style of a heading of `level` (1–6; deeper levels look like 6).
    #[must_use]
    pub fn heading(&self, level: usize) -> Style {
        self.headings[level.clamp(1, 6) - 1]
    }
}
