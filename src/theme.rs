//! Colours and text attributes, named by what they mean rather than how they look, so the
//! renderer and the panes never pick a colour themselves.

use ratatui::style::{Color, Modifier, Style};

/// Every glyph folio draws itself (as opposed to text from posts), so ASCII mode is one
/// switch: fonts and consoles without box drawing or symbols get plain ASCII.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Symbols {
    /// Whether these are the ASCII ones.
    pub ascii: bool,
    /// The selection bar in a list's gutter.
    pub selection: &'static str,
    /// Beside an unread post.
    pub unread: &'static str,
    /// Beside a bookmarked post.
    pub bookmark: &'static str,
    /// A done task, a chosen tag.
    pub checked: &'static str,
    /// An open task, a tag not chosen.
    pub unchecked: &'static str,
    /// List bullets by depth.
    pub bullets: [&'static str; 4],
    /// A block quote's gutter.
    pub quote_bar: &'static str,
    /// A thin horizontal rule.
    pub rule: &'static str,
    /// The rule under a post's title.
    pub heavy_rule: &'static str,
    /// Marks a wrapped line of code.
    pub continuation: &'static str,
    /// Marks cut text.
    pub ellipsis: &'static str,
    /// Separates items on one line (date · reading time).
    pub dot: &'static str,
    /// Before the section name in the status line.
    pub section: &'static str,
    /// Table corners and joints: top (left, middle, right), middle row, bottom, vertical.
    pub table: [[&'static str; 3]; 3],
    /// A table's vertical line.
    pub table_vertical: &'static str,
    /// Pane and overlay borders.
    pub border: ratatui::symbols::border::Set<'static>,
}

impl Symbols {
    /// Box drawing and symbols.
    pub const UNICODE: Self = Self {
        ascii: false,
        selection: "▌",
        unread: "•",
        bookmark: "★",
        checked: "☑",
        unchecked: "☐",
        bullets: ["•", "◦", "▪", "‣"],
        quote_bar: "│",
        rule: "─",
        heavy_rule: "━",
        continuation: "↪",
        ellipsis: "…",
        dot: "·",
        section: "§",
        table: [["┌", "┬", "┐"], ["├", "┼", "┤"], ["└", "┴", "┘"]],
        table_vertical: "│",
        border: ratatui::symbols::border::PLAIN,
    };

    /// Plain ASCII.
    pub const ASCII: Self = Self {
        ascii: true,
        selection: ">",
        unread: "*",
        bookmark: "+",
        checked: "[x]",
        unchecked: "[ ]",
        bullets: ["*", "-", "+", "-"],
        quote_bar: "|",
        rule: "-",
        heavy_rule: "=",
        continuation: ">",
        ellipsis: "...",
        dot: "-",
        section: "#",
        table: [["+", "+", "+"], ["+", "+", "+"], ["+", "+", "+"]],
        table_vertical: "|",
        border: ratatui::symbols::border::Set {
            top_left: "+",
            top_right: "+",
            bottom_left: "+",
            bottom_right: "+",
            vertical_left: "|",
            vertical_right: "|",
            horizontal_top: "-",
            horizontal_bottom: "-",
        },
    };
}

/// Dates as 2020-03-28 unless the config says otherwise.
pub const DEFAULT_DATE_FORMAT: &str = "%Y-%m-%d";

/// Which syntax-highlighting palette code blocks use: one drawn for a dark background or one
/// for a light background, to match the code block's own background.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeTheme {
    /// Bright token colours for a dark block background.
    Dark,
    /// Deep token colours for a light block background.
    Light,
}

/// How folio looks: every style it draws with, and how it writes dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// strftime format for dates in the list and title blocks.
    pub date_format: String,
    /// The terminal's colour depth this theme was mapped for (see [`Theme::for_depth`]).
    pub depth: ColorDepth,
    /// The glyphs folio draws: Unicode, or ASCII in ASCII mode.
    pub symbols: Symbols,
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
            date_format: DEFAULT_DATE_FORMAT.to_owned(),
            depth: ColorDepth::TrueColor,
            symbols: Symbols::UNICODE,
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
            date_format: DEFAULT_DATE_FORMAT.to_owned(),
            depth: ColorDepth::TrueColor,
            symbols: Symbols::UNICODE,
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

    /// A style by the name a config file uses for it (`title`, `heading2`, `code_block`…).
    pub fn style_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "text" => &mut self.text,
            "muted" => &mut self.muted,
            "title" => &mut self.title,
            "tag" => &mut self.tag,
            "selection" => &mut self.selection,
            "matched" => &mut self.matched,
            "heading1" => &mut self.headings[0],
            "heading2" => &mut self.headings[1],
            "heading3" => &mut self.headings[2],
            "heading4" => &mut self.headings[3],
            "heading5" => &mut self.headings[4],
            "heading6" => &mut self.headings[5],
            "inline_code" => &mut self.inline_code,
            "code_block" => &mut self.code_block,
            "code_label" => &mut self.code_label,
            "quote_bar" => &mut self.quote_bar,
            "quote" => &mut self.quote,
            "link" => &mut self.link,
            "link_marker" => &mut self.link_marker,
            "list_marker" => &mut self.list_marker,
            "rule" => &mut self.rule,
            "border" => &mut self.border,
            "border_focused" => &mut self.border_focused,
            "status" => &mut self.status,
            "key" => &mut self.key,
            "warning" => &mut self.warning,
            "error" => &mut self.error,
            _ => return None,
        })
    }

    /// A date as this theme writes it.
    #[must_use]
    pub fn date(&self, date: chrono::NaiveDate) -> String {
        date.format(&self.date_format).to_string()
    }

    /// The style of a heading of `level` (1–6; deeper levels look like 6).
    #[must_use]
    pub fn heading(&self, level: usize) -> Style {
        self.headings[level.clamp(1, 6) - 1]
    }
}

/// A style as a config file writes it: `{ fg = "#112233", bold = true }`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StyleSpec {
    /// Foreground: a name (`red`, `lightblue`), `#rrggbb`, or a 256-colour index.
    pub fg: Option<String>,
    /// Background, written as `fg` is.
    pub bg: Option<String>,
    /// Bold.
    pub bold: Option<bool>,
    /// Italic.
    pub italic: Option<bool>,
    /// Underlined.
    pub underlined: Option<bool>,
    /// Reversed.
    pub reversed: Option<bool>,
    /// Dim.
    pub dim: Option<bool>,
}

impl StyleSpec {
    /// The ratatui style this describes.
    ///
    /// # Errors
    /// When a colour cannot be read.
    pub fn to_style(&self) -> Result<Style, String> {
        let color = |text: &str| {
            text.parse::<Color>()
                .map_err(|_| format!("\"{text}\" is not a colour: use a name such as \"red\", \"#rrggbb\" or an index such as \"75\""))
        };
        let mut style = Style::new();
        if let Some(fg) = &self.fg {
            style = style.fg(color(fg)?);
        }
        if let Some(bg) = &self.bg {
            style = style.bg(color(bg)?);
        }
        let flags = [
            (self.bold, Modifier::BOLD),
            (self.italic, Modifier::ITALIC),
            (self.underlined, Modifier::UNDERLINED),
            (self.reversed, Modifier::REVERSED),
            (self.dim, Modifier::DIM),
        ];
        for (on, modifier) in flags {
            if on == Some(true) {
                style = style.add_modifier(modifier);
            }
        }
        Ok(style)
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

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorDepth {
    /// 24-bit colour.
    TrueColor,
    /// The xterm 256-colour palette.
    Ansi256,
    /// The 16 ANSI colours.
    Ansi16,
    /// No colour at all (`NO_COLOR`, `TERM=dumb`): emphasis by bold, underline and reverse.
    Mono,
}

impl ColorDepth {
    /// How logs and messages name it.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::TrueColor => "24-bit",
            Self::Ansi256 => "256",
            Self::Ansi16 => "16",
            Self::Mono => "none",
        }
    }

    /// The depth the environment describes. `NO_COLOR` (any non-empty value) means none;
    /// `COLORTERM=truecolor` or `24bit` means 24-bit (SSH does not forward `COLORTERM`, so over
    /// SSH this usually falls to the next rule); a `TERM` naming 256 colours means 256; `dumb`
    /// means none; anything else gets the 16 colours every terminal has.
    pub fn detect(get: impl Fn(&str) -> Option<String>) -> Self {
        if get("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return Self::Mono;
        }
        if get("COLORTERM").is_some_and(|v| v == "truecolor" || v == "24bit") {
            return Self::TrueColor;
        }
        let term = get("TERM").unwrap_or_default();
        if term == "dumb" {
            Self::Mono
        } else if term.ends_with("-direct") {
            Self::TrueColor
        } else if term.contains("256") {
            Self::Ansi256
        } else {
            Self::Ansi16
        }
    }
}

/// The xterm palette's first 16 colours, as RGB, for finding the nearest of them.
const ANSI16: [(u8, u8, u8); 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// The RGB value of a 256-colour palette index (xterm's defaults).
fn indexed_rgb(index: u8) -> (u8, u8, u8) {
    match index {
        0..=15 => ANSI16[usize::from(index)],
        16..=231 => {
            let i = usize::from(index - 16);
            (CUBE[i / 36], CUBE[(i / 6) % 6], CUBE[i % 6])
        }
        232..=255 => {
            let level = 8 + 10 * (index - 232);
            (level, level, level)
        }
    }
}

fn distance((r1, g1, b1): (u8, u8, u8), (r2, g2, b2): (u8, u8, u8)) -> u32 {
    let d = |a: u8, b: u8| u32::from(a.abs_diff(b)).pow(2);
    d(r1, r2) + d(g1, g2) + d(b1, b2)
}

/// The nearest colour of the 6×6×6 cube or the grey ramp (never 0–15, which terminals
/// re-theme).
fn nearest_256(rgb: (u8, u8, u8)) -> u8 {
    (16..=255u8)
        .min_by_key(|&i| distance(indexed_rgb(i), rgb))
        .unwrap_or(16)
}

fn nearest_16(rgb: (u8, u8, u8)) -> Color {
    const NAMED: [Color; 16] = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    let best = (0..16)
        .min_by_key(|&i| distance(ANSI16[i], rgb))
        .unwrap_or(7);
    NAMED[best]
}

/// A colour as a terminal of `depth` can show it.
#[must_use]
pub fn map_color(color: Color, depth: ColorDepth) -> Option<Color> {
    match (depth, color) {
        (ColorDepth::Mono, _) => None,
        (ColorDepth::Ansi256, Color::Rgb(r, g, b)) => Some(Color::Indexed(nearest_256((r, g, b)))),
        (ColorDepth::Ansi16, Color::Rgb(r, g, b)) => Some(nearest_16((r, g, b))),
        (ColorDepth::Ansi16, Color::Indexed(i)) => Some(nearest_16(indexed_rgb(i))),
        // Full colour, and named colours everywhere, need no change.
        (_, c) => Some(c),
    }
}

/// A style as a terminal of `depth` can show it.
#[must_use]
pub fn map_style(mut style: Style, depth: ColorDepth) -> Style {
    style.fg = style.fg.and_then(|c| map_color(c, depth));
    style.bg = style.bg.and_then(|c| map_color(c, depth));
    style.underline_color = style.underline_color.and_then(|c| map_color(c, depth));
    style
}

impl Theme {
    /// This theme for a terminal of `depth`: every colour mapped to the nearest it can show.
    /// Where colour carried meaning and the terminal has too few colours for it (the selection,
    /// matches, the status bar), reverse video, bold and underline carry it instead.
    #[must_use]
    pub fn for_depth(mut self, depth: ColorDepth) -> Self {
        self.depth = depth;
        for style in self.styles_mut() {
            *style = map_style(*style, depth);
        }
        if matches!(depth, ColorDepth::Mono | ColorDepth::Ansi16) {
            self.status = Style::new().add_modifier(Modifier::REVERSED);
            self.key = self.key.add_modifier(Modifier::BOLD);
            if depth == ColorDepth::Mono {
                self.selection = self
                    .selection
                    .add_modifier(Modifier::BOLD | Modifier::REVERSED);
                self.matched = self
                    .matched
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
                self.warning = self.warning.add_modifier(Modifier::BOLD);
                self.error = self.error.add_modifier(Modifier::BOLD);
                self.border_focused = self.border_focused.add_modifier(Modifier::BOLD);
                self.headings[0] = self.headings[0].add_modifier(Modifier::REVERSED);
            }
        }
        self
    }

    /// `palette`'s colours with this theme's settings: its date format, symbols and colour
    /// depth. For switching dark and light when the terminal reports its background.
    #[must_use]
    pub fn with_palette(&self, palette: &Self) -> Self {
        Self {
            date_format: self.date_format.clone(),
            symbols: self.symbols,
            ..palette.clone()
        }
        .for_depth(self.depth)
    }

    /// This theme drawing only ASCII.
    #[must_use]
    pub fn ascii(mut self) -> Self {
        self.symbols = Symbols::ASCII;
        self
    }

    /// A style from outside the theme (syntax highlighting) as this theme's terminal shows it.
    #[must_use]
    pub fn adapt(&self, style: Style) -> Style {
        map_style(style, self.depth)
    }

    fn styles_mut(&mut self) -> Vec<&mut Style> {
        let [h1, h2, h3, h4, h5, h6] = &mut self.headings;
        vec![
            &mut self.text,
            &mut self.muted,
            &mut self.title,
            &mut self.tag,
            &mut self.selection,
            &mut self.matched,
            h1,
            h2,
            h3,
            h4,
            h5,
            h6,
            &mut self.inline_code,
            &mut self.code_block,
            &mut self.code_label,
            &mut self.quote_bar,
            &mut self.quote,
            &mut self.link,
            &mut self.link_marker,
            &mut self.list_marker,
            &mut self.rule,
            &mut self.border,
            &mut self.border_focused,
            &mut self.status,
            &mut self.key,
            &mut self.warning,
            &mut self.error,
        ]
    }
}

#[cfg(test)]
mod depth_tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |key| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn depth_follows_the_environment() {
        assert_eq!(
            ColorDepth::detect(env(&[
                ("TERM", "xterm-256color"),
                ("COLORTERM", "truecolor")
            ])),
            ColorDepth::TrueColor
        );
        assert_eq!(
            ColorDepth::detect(env(&[("TERM", "xterm-256color")])),
            ColorDepth::Ansi256,
            "over SSH: no COLORTERM"
        );
        assert_eq!(
            ColorDepth::detect(env(&[("TERM", "screen")])),
            ColorDepth::Ansi16
        );
        assert_eq!(
            ColorDepth::detect(env(&[("TERM", "dumb")])),
            ColorDepth::Mono
        );
        assert_eq!(
            ColorDepth::detect(env(&[("TERM", "xterm-256color"), ("NO_COLOR", "1")])),
            ColorDepth::Mono
        );
        assert_eq!(
            ColorDepth::detect(env(&[("TERM", "xterm-256color"), ("NO_COLOR", "")])),
            ColorDepth::Ansi256,
            "empty NO_COLOR is unset"
        );
    }

    #[test]
    fn colours_map_down_to_what_the_terminal_has() {
        assert_eq!(
            map_color(Color::Rgb(255, 0, 0), ColorDepth::Ansi16),
            Some(Color::LightRed)
        );
        assert_eq!(
            map_color(Color::Indexed(75), ColorDepth::Ansi16),
            Some(Color::LightBlue)
        );
        assert_eq!(
            map_color(Color::Rgb(0x26, 0x26, 0x26), ColorDepth::Ansi256),
            Some(Color::Indexed(235))
        );
        assert_eq!(map_color(Color::Indexed(75), ColorDepth::Mono), None);
    }

    #[test]
    fn without_colour_emphasis_survives() {
        let theme = Theme::dark().for_depth(ColorDepth::Mono);
        for style in [
            theme.selection,
            theme.matched,
            theme.status,
            theme.link,
            theme.headings[0],
        ] {
            assert!(style.fg.is_none() && style.bg.is_none());
            assert!(!style.add_modifier.is_empty(), "{style:?} still stands out");
        }
    }
}
