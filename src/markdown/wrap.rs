//! Word wrapping of styled text by display width.
//!
//! Terminals lay text out in cells: CJK ideographs and most emoji take two, combining marks
//! none. Wrapping by `char` count or byte length breaks lines in the wrong place, so every width
//! here comes from `unicode-width`. Words longer than a line are broken, never dropped.

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::UnicodeWidthChar;

/// A piece of text in one style, as collected from inline Markdown.
pub type Run = (String, Style);

/// Display width of one character: control characters (already replaced by the sanitiser, but
/// counted defensively) take one cell, combining marks none.
#[must_use]
pub fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(1)
}

/// Display width of a string.
#[must_use]
pub fn str_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// A line being built: styled segments plus its width so far.
#[derive(Debug, Default, Clone)]
pub struct StyledLine {
    /// Segments, adjacent ones in the same style merged.
    pub spans: Vec<Span<'static>>,
    /// Display width of all segments.
    pub width: usize,
}

impl StyledLine {
    /// Appends text in a style, merging with the last segment when the style matches.
    pub fn push_str(&mut self, text: &str, style: Style) {
        if text.is_empty() {
            return;
        }
        self.width += str_width(text);
        if let Some(last) = self.spans.last_mut()
            && last.style == style
        {
            last.content.to_mut().push_str(text);
            return;
        }
        self.spans.push(Span::styled(text.to_owned(), style));
    }

    fn push_char(&mut self, c: char, style: Style) {
        self.width += char_width(c);
        if let Some(last) = self.spans.last_mut()
            && last.style == style
        {
            last.content.to_mut().push(c);
            return;
        }
        self.spans.push(Span::styled(c.to_string(), style));
    }
}

/// A word waiting to be placed: its characters in their styles, and its width.
#[derive(Default)]
struct Word {
    chars: Vec<(char, Style)>,
    width: usize,
}

/// Greedy line filler: words go on the current line while they fit.
struct Filler {
    width: usize,
    lines: Vec<StyledLine>,
    current: StyledLine,
    /// Style of the space owed before the next word, if any.
    pending_space: Option<Style>,
    word: Word,
}

impl Filler {
    fn new(width: usize) -> Self {
        Self {
            width: width.max(1),
            lines: Vec::new(),
            current: StyledLine::default(),
            pending_space: None,
            word: Word::default(),
        }
    }

    fn break_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.current));
        self.pending_space = None;
    }

    fn flush_word(&mut self) {
        if self.word.chars.is_empty() {
            return;
        }
        let word = std::mem::take(&mut self.word);
        let space = usize::from(self.pending_space.is_some() && self.current.width > 0);
        if self.current.width > 0 && self.current.width + space + word.width > self.width {
            self.break_line();
        } else if let (Some(style), 1) = (self.pending_space, space) {
            self.current.push_char(' ', style);
        }
        self.pending_space = None;
        for (c, style) in word.chars {
            let w = char_width(c);
            if self.current.width > 0 && self.current.width + w > self.width {
                self.break_line();
            }
            self.current.push_char(c, style);
        }
    }

    fn push(&mut self, c: char, style: Style) {
        match c {
            ' ' | '\t' => {
                self.flush_word();
                if self.current.width > 0 {
                    self.pending_space = Some(style);
                }
            }
            '\n' => {
                self.flush_word();
                self.break_line();
            }
            _ => {
                self.word.width += char_width(c);
                self.word.chars.push((c, style));
            }
        }
    }

    fn finish(mut self) -> Vec<StyledLine> {
        self.flush_word();
        if self.current.width > 0 || self.lines.is_empty() {
            self.lines.push(self.current);
        }
        self.lines
    }
}

/// Wraps styled runs at word boundaries to `width` columns. A `\n` in a run is a hard break.
/// Always returns at least one (possibly empty) line; no line is wider than `width`.
#[must_use]
pub fn wrap(runs: &[Run], width: usize) -> Vec<StyledLine> {
    let mut filler = Filler::new(width);
    for (text, style) in runs {
        for c in text.chars() {
            filler.push(c, *style);
        }
    }
    filler.finish()
}

/// Expands tabs to the next multiple of `tab_width` columns, as a terminal would.
#[must_use]
pub fn expand_tabs(line: &str, tab_width: usize) -> String {
    if !line.contains('\t') {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let spaces = tab_width - column % tab_width;
            out.extend(std::iter::repeat_n(' ', spaces));
            column += spaces;
        } else {
            out.push(c);
            column += char_width(c);
        }
    }
    out
}

/// Cuts a line of code into pieces of at most `width` columns, never splitting a character.
#[must_use]
pub fn hard_wrap(line: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut pieces = vec![String::new()];
    let mut column = 0;
    for c in line.chars() {
        let w = char_width(c);
        if column + w > width && column > 0 {
            pieces.push(String::new());
            column = 0;
        }
        if let Some(piece) = pieces.last_mut() {
            piece.push(c);
        }
        column += w;
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[StyledLine]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn wraps_at_word_boundaries() {
        let lines = wrap(&[("the quick brown fox jumps".into(), Style::new())], 10);
        assert_eq!(plain(&lines), ["the quick", "brown fox", "jumps"]);
    }

    #[test]
    fn breaks_words_longer_than_the_line() {
        let lines = wrap(&[("abcdefghij k".into(), Style::new())], 4);
        assert_eq!(plain(&lines), ["abcd", "efgh", "ij k"]);
    }

    #[test]
    fn counts_wide_and_combining_characters_by_display_width() {
        let lines = wrap(
            &[("日本語 テキスト e\u{301}e\u{301}".into(), Style::new())],
            6,
        );
        assert_eq!(plain(&lines), ["日本語", "テキス", "ト e\u{301}e\u{301}"]);
        assert!(lines.iter().all(|l| l.width <= 6));
    }

    #[test]
    fn hard_breaks_start_a_new_line() {
        let lines = wrap(&[("one\ntwo".into(), Style::new())], 20);
        assert_eq!(plain(&lines), ["one", "two"]);
    }

    #[test]
    fn expands_tabs_to_stops() {
        assert_eq!(expand_tabs("a\tbc\td", 4), "a   bc  d");
    }

    #[test]
    fn hard_wrap_keeps_every_character() {
        assert_eq!(hard_wrap("abcdefg", 3), ["abc", "def", "g"]);
        assert_eq!(hard_wrap("日本語", 3), ["日", "本", "語"]);
    }
}
