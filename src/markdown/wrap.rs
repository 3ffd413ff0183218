//! Word wrapping of styled text by display width.
//!
//! Terminals lay text out in cells: CJK ideographs and most emoji take two, combining marks
//! none. Wrapping by `char` count or byte length breaks lines in the wrong place, so every width
//! here comes from `unicode-width`, measured per grapheme cluster exactly as ratatui measures
//! and places text (`❤️`, a heart and a variation selector, is one two-column cluster). Words
//! longer than a line are broken between clusters, never dropped; CJK text, which has no
//! spaces, may break between any two of its characters.

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A piece of text in one style, as collected from inline Markdown.
pub type Run = (String, Style);

/// Display width of one character: control characters (already replaced by the sanitiser, but
/// counted defensively) take one cell, combining marks none.
#[must_use]
pub fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(1)
}

/// Display width of a string, as ratatui measures it.
#[must_use]
pub fn str_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Whether a line may break before or after `c` without a space: ideographs, kana, hangul and
/// full-width forms (the scripts whose text has no spaces between words).
fn breaks_anywhere(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x11FF     // Hangul Jamo
        | 0x2E80..=0x303F   // CJK radicals, punctuation
        | 0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3100..=0x31FF   // Bopomofo, Hangul compatibility, Katakana extensions
        | 0x3400..=0x4DBF   // CJK Extension A
        | 0x4E00..=0x9FFF   // CJK Unified Ideographs
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7AF   // Hangul syllables
        | 0xF900..=0xFAFF   // CJK compatibility ideographs
        | 0xFF00..=0xFFEF   // Full-width forms
        | 0x20000..=0x3FFFF // CJK Extensions B and later
    )
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

    /// Appends text whose width the caller already knows.
    fn push_measured(&mut self, text: &str, style: Style, width: usize) {
        if text.is_empty() {
            return;
        }
        self.width += width;
        if let Some(last) = self.spans.last_mut()
            && last.style == style
        {
            last.content.to_mut().push_str(text);
            return;
        }
        self.spans.push(Span::styled(text.to_owned(), style));
    }
}

/// Where the characters of one tagged run (a link) landed: line, first column, width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TagSpan {
    /// The tag given with the run (the link's index).
    pub tag: usize,
    /// Index of the wrapped line.
    pub line: usize,
    /// First column on that line.
    pub column: usize,
    /// Columns covered.
    pub width: usize,
}

/// A piece of a word: a slice of one run, with its width.
#[derive(Clone, Copy)]
struct Piece {
    run: usize,
    start: usize,
    end: usize,
    width: usize,
}

/// Greedy line filler over borrowed runs: words are slices of the runs, placed whole while they
/// fit, so ordinary text is copied once, into the line it lands on.
struct Filler<'a> {
    runs: &'a [Run],
    tags: &'a [Option<usize>],
    width: usize,
    lines: Vec<StyledLine>,
    current: StyledLine,
    /// The run whose style the space owed before the next word takes, if a space is owed.
    pending_space: Option<usize>,
    word: Vec<Piece>,
    word_width: usize,
    spans: Vec<TagSpan>,
}

impl<'a> Filler<'a> {
    fn new(runs: &'a [Run], tags: &'a [Option<usize>], width: usize) -> Self {
        Self {
            runs,
            tags,
            width: width.max(1),
            lines: Vec::new(),
            current: StyledLine::default(),
            pending_space: None,
            word: Vec::new(),
            word_width: 0,
            spans: Vec::new(),
        }
    }

    fn tag(&self, run: usize) -> Option<usize> {
        self.tags.get(run).copied().flatten()
    }

    fn break_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.current));
        self.pending_space = None;
    }

    /// Appends text of known width from run `run`, recording where a tagged one went.
    fn place(&mut self, run: usize, text: &str, width: usize) {
        if let Some(tag) = self.tag(run) {
            let (line, column) = (self.lines.len(), self.current.width);
            match self.spans.last_mut() {
                Some(span)
                    if span.tag == tag
                        && span.line == line
                        && span.column + span.width == column =>
                {
                    span.width += width;
                }
                _ => self.spans.push(TagSpan {
                    tag,
                    line,
                    column,
                    width,
                }),
            }
        }
        self.current.push_measured(text, self.runs[run].1, width);
    }

    fn flush_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let word = std::mem::take(&mut self.word);
        let word_width = std::mem::take(&mut self.word_width);
        let space = self.pending_space.take().filter(|_| self.current.width > 0);
        if self.current.width > 0
            && self.current.width + usize::from(space.is_some()) + word_width > self.width
        {
            self.break_line();
        } else if let Some(space_run) = space {
            // A space inside a link belongs to the link; one at its edge does not.
            let inside =
                self.tag(space_run).is_some() && self.tag(space_run) == self.tag(word[0].run);
            let run = if inside { space_run } else { usize::MAX };
            self.place_space(space_run, run);
        }
        if self.current.width + word_width <= self.width {
            for piece in &word {
                let text = &self.runs[piece.run].0[piece.start..piece.end];
                self.place(piece.run, text, piece.width);
            }
            self.word = word;
            self.word.clear();
            return;
        }
        // Longer than a line: break it between grapheme clusters.
        for piece in &word {
            let text = &self.runs[piece.run].0[piece.start..piece.end];
            for fragment in breakable(text, self.width) {
                let w = if let Some(w) = fragment.fits(self.current.width, self.width) {
                    w
                } else {
                    self.break_line();
                    fragment.width
                };
                self.place(piece.run, fragment.text, w);
            }
        }
        self.word = word;
        self.word.clear();
    }

    /// A space in the style of `style_run`, tagged as `tag_run` (or untagged).
    fn place_space(&mut self, style_run: usize, tag_run: usize) {
        if tag_run == usize::MAX {
            self.current.push_measured(" ", self.runs[style_run].1, 1);
        } else {
            self.place(tag_run, " ", 1);
        }
    }

    /// Adds `runs[run][start..end]` to the word being built; `width` when already known (ASCII).
    fn add_to_word(&mut self, run: usize, start: usize, end: usize, width: Option<usize>) {
        if start == end {
            return;
        }
        let width = width.unwrap_or_else(|| str_width(&self.runs[run].0[start..end]));
        match self.word.last_mut() {
            Some(last) if last.run == run && last.end == start => {
                last.end = end;
                last.width += width;
            }
            _ => self.word.push(Piece {
                run,
                start,
                end,
                width,
            }),
        }
        self.word_width += width;
    }

    fn feed(&mut self, run: usize) {
        let text = self.runs[run].0.as_str();
        let mut start = 0;
        let mut ascii_width = 0;
        let mut ascii = true;
        for (i, c) in text.char_indices() {
            match c {
                ' ' | '\t' | '\n' => {
                    self.add_to_word(run, start, i, ascii.then_some(ascii_width));
                    self.flush_word();
                    if c == '\n' {
                        self.break_line();
                    } else if self.current.width > 0 {
                        self.pending_space = Some(run);
                    }
                    (start, ascii_width, ascii) = (i + 1, 0, true);
                }
                _ if breaks_anywhere(c) => {
                    // A break opportunity on each side, with no space to place.
                    self.add_to_word(run, start, i, ascii.then_some(ascii_width));
                    self.flush_word();
                    let end = i + c.len_utf8();
                    self.add_to_word(run, i, end, None);
                    self.flush_word();
                    (start, ascii_width, ascii) = (end, 0, true);
                }
                _ if c.is_ascii() => ascii_width += 1,
                _ => ascii = false,
            }
        }
        self.add_to_word(run, start, text.len(), ascii.then_some(ascii_width));
    }

    fn finish(mut self) -> (Vec<StyledLine>, Vec<TagSpan>) {
        self.flush_word();
        if !self.current.spans.is_empty() || self.lines.is_empty() {
            self.lines.push(self.current);
        }
        (self.lines, self.spans)
    }
}

/// Wraps styled runs at word boundaries to `width` columns. A `\n` in a run is a hard break.
/// Always returns at least one (possibly empty) line; no line is wider than `width`.
#[must_use]
pub fn wrap(runs: &[Run], width: usize) -> Vec<StyledLine> {
    wrap_tagged(runs, &[], width).0
}

/// Like [`wrap`], and also reports where the characters of tagged runs landed. `tags[i]` tags
/// `runs[i]`; missing entries are untagged. Used to know the exact cells of each link.
#[must_use]
pub fn wrap_tagged(
    runs: &[Run],
    tags: &[Option<usize>],
    width: usize,
) -> (Vec<StyledLine>, Vec<TagSpan>) {
    let mut filler = Filler::new(runs, tags, width);
    for run in 0..runs.len() {
        filler.feed(run);
    }
    filler.finish()
}

/// Cuts `text` to at most `width` columns, ending with `…` when anything was cut. It is cut
/// between grapheme clusters, measured as they join (see [`Fragment::after`]).
#[must_use]
pub fn truncate(text: &str, width: usize) -> String {
    if str_width(text) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    // The `…` is one column, and it changes the width of nothing before it.
    let mut used = 1;
    for fragment in breakable(text, width) {
        let w = if out.is_empty() {
            fragment.width
        } else {
            fragment.after
        };
        if used + w > width {
            break;
        }
        used += w;
        out.push_str(fragment.text);
    }
    out.push('…');
    out
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
    for fragment in breakable(line, width) {
        let w = if let Some(w) = fragment.fits(column, width) {
            w
        } else {
            pieces.push(String::new());
            column = 0;
            fragment.width
        };
        if let Some(piece) = pieces.last_mut() {
            piece.push_str(fragment.text);
        }
        column += w;
    }
    pieces
}

/// The pieces `text` may be broken into for a line `width` columns wide, with their widths:
/// its grapheme clusters; a cluster wider than the line split into its characters; and a
/// character wider than the line shown as `…` (a two-column character in one column), so
/// nothing ever overflows and nothing is lost without a trace.
pub fn breakable(text: &str, width: usize) -> Breakable<'_> {
    Breakable {
        text,
        ascii: text.is_ascii(),
        position: 0,
        clusters: text.grapheme_indices(true),
        split: None,
        previous: None,
        width,
    }
}

/// A piece of text a line may break before, as [`breakable`] yields it.
///
/// Display width is not additive: unicode-width measures a character by what follows it, so
/// `‘` with variation selectors is one column alone but two before a Khmer letter, and in a
/// chain of Tifinagh consonants joined by ZWJ each new one changes which pairs join. Summing
/// fragments' own widths along a line can fall short of the width ratatui measures for it and
/// overflow the line; summing `after` (each fragment's own width, or what it adds to the
/// fragment before it as the two join, whichever is more) never does. It may overcount a
/// ligature (`لا`, one column, is counted as two), which only ends a line early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fragment<'a> {
    /// A grapheme cluster, a character of a cluster too wide for the line, or `…`.
    pub text: &'a str,
    /// Its width at the start of a line.
    pub width: usize,
    /// The columns it is counted for right after the fragment [`breakable`] yielded before it.
    pub after: usize,
}

impl Fragment<'_> {
    /// The columns the fragment takes on a line already `column` wide of at most `limit`
    /// columns, or `None` when it does not fit there and the line must break before it. The
    /// first fragment on a line always fits (one wider than the line comes as `…`).
    #[must_use]
    pub fn fits(&self, column: usize, limit: usize) -> Option<usize> {
        if column == 0 {
            Some(self.width)
        } else {
            Some(self.after).filter(|w| column + w <= limit)
        }
    }
}

/// The iterator of [`breakable`]: ASCII text goes byte by byte without segmentation.
pub struct Breakable<'a> {
    text: &'a str,
    ascii: bool,
    /// Byte offset of the next ASCII fragment.
    position: usize,
    clusters: unicode_segmentation::GraphemeIndices<'a>,
    /// A cluster too wide for the line, being split: the byte offsets of what is left of it.
    split: Option<(usize, usize)>,
    /// Where the fragment yielded last starts in `text`, and its width, when it is a slice of
    /// `text` (a `…` is not, and widens nothing before it).
    previous: Option<(usize, usize)>,
    width: usize,
}

impl<'a> Breakable<'a> {
    /// The fragment `text[start..end]`, measured alone and after the one before it.
    fn fragment(&mut self, start: usize, end: usize) -> Fragment<'a> {
        let text = &self.text[start..end];
        let width = str_width(text);
        let after = match self.previous {
            // Contiguous with the fragment before: what the two measure together, less it, and
            // never less than its own width (see `Fragment::after`).
            Some((before, before_width)) => str_width(&self.text[before..end])
                .saturating_sub(before_width)
                .max(width),
            None => width,
        };
        self.previous = Some((start, width));
        Fragment { text, width, after }
    }
}

impl<'a> Iterator for Breakable<'a> {
    type Item = Fragment<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ascii {
            // Every ASCII character is one column, whatever is next to it.
            let text = self.text.get(self.position..=self.position)?;
            self.position += 1;
            return Some(Fragment {
                text,
                width: 1,
                after: 1,
            });
        }
        if let Some((start, end)) = self.split.take()
            && let Some(c) = self.text[start..end].chars().next()
        {
            let next = start + c.len_utf8();
            self.split = Some((next, end));
            let fragment = self.fragment(start, next);
            if fragment.width > self.width {
                // Shown as `…`: what follows no longer joins it, so it is measured alone.
                self.previous = None;
                return Some(Fragment {
                    text: "…",
                    width: 1,
                    after: 1,
                });
            }
            return Some(fragment);
        }
        let (start, cluster) = self.clusters.next()?;
        let end = start + cluster.len();
        if str_width(cluster) <= self.width {
            return Some(self.fragment(start, end));
        }
        self.split = Some((start, end));
        self.next()
    }
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
    fn tagged_runs_report_their_cells_across_a_wrap() {
        let runs: Vec<Run> = vec![
            ("see ".into(), Style::new()),
            ("the spec here".into(), Style::new()),
            (" now".into(), Style::new()),
        ];
        let (lines, spans) = wrap_tagged(&runs, &[None, Some(7), None], 12);
        assert_eq!(plain(&lines), ["see the spec", "here now"]);
        assert_eq!(
            spans,
            [
                TagSpan {
                    tag: 7,
                    line: 0,
                    column: 4,
                    width: 8
                },
                TagSpan {
                    tag: 7,
                    line: 1,
                    column: 0,
                    width: 4
                },
            ]
        );
    }

    #[test]
    fn expands_tabs_to_stops() {
        assert_eq!(expand_tabs("a\tbc\td", 4), "a   bc  d");
    }

    #[test]
    fn hard_wrap_keeps_every_character() {
        assert_eq!(hard_wrap("abcdefg", 3), ["abc", "def", "g"]);
        assert_eq!(hard_wrap("日本語", 3), ["日", "本", "語"]);
        assert_eq!(
            hard_wrap("日\u{fe0f}x", 1),
            ["…\u{fe0f}", "x"],
            "a cluster wider than the line: the wide character shown as …, nothing else lost"
        );
    }

    // ----- bugs the fuzzers found (see CONTRIBUTING.md, "Fuzzing"), minimal inputs -----

    /// The widest line of a rendering, measured as ratatui measures it.
    fn widest(source: &str, width: usize) -> usize {
        crate::markdown::render(source, width, &crate::theme::Theme::default())
            .lines
            .iter()
            .map(ratatui::text::Line::width)
            .max()
            .unwrap_or(0)
    }

    /// `‘` (U+2018) with U+FE0F and U+FE01 is one cluster and one column alone, and ក (U+1780)
    /// one more; together they are three columns, because unicode-width widens the quote
    /// before a letter that starts a sequence of its own. Broken cluster by cluster at width
    /// 2, both clusters went on one line, three columns wide: in a paragraph, a code block, an
    /// HTML block and a link's URL alike.
    #[test]
    fn bug_a_cluster_widened_by_the_next_overflows_when_a_word_breaks() {
        let word = "\u{2018}\u{fe0f}\u{fe01}\u{1780}";
        assert_eq!(str_width(word), 3);
        for line in wrap(&[(word.into(), Style::new())], 2) {
            let measured: usize = line.spans.iter().map(Span::width).sum();
            assert!(measured <= 2, "{line:?}");
            assert_eq!(line.width, measured, "{line:?}");
        }
        for piece in hard_wrap(word, 2) {
            assert!(str_width(&piece) <= 2, "{piece:?}");
        }
        for source in [
            word.to_owned(),
            format!("```\n{word}\n```\n"),
            format!("<div>\n{word}\n</div>\n"),
            format!("[a]({word})"),
        ] {
            assert!(widest(&source, 2) <= 2, "{source:?}");
        }
        // Nothing is lost: the two clusters on two lines.
        assert_eq!(hard_wrap(word, 2), ["\u{2018}\u{fe0f}\u{fe01}", "\u{1780}"]);
    }

    /// Tifinagh consonants joined by ZWJ (U+2D31 U+200D, three times) pair up from the end:
    /// two columns as a whole, but each cluster is one column alone and adds nothing after the
    /// one before it (that pair joins). Measured pair by pair, all three fitted one column.
    #[test]
    fn bug_a_chain_of_joined_consonants_overflows_when_measured_pair_by_pair() {
        let word = "\u{2d31}\u{200d}\u{2d31}\u{200d}\u{2d31}";
        assert_eq!(str_width(word), 2);
        for width in 1..4 {
            for line in wrap(&[(word.into(), Style::new())], width) {
                let measured: usize = line.spans.iter().map(Span::width).sum();
                assert!(measured <= width, "{line:?} at {width}");
            }
            for piece in hard_wrap(word, width) {
                assert!(str_width(&piece) <= width, "{piece:?} at {width}");
            }
            assert!(str_width(&truncate(word, width)) <= width);
            assert!(widest(&format!("```\n{word}\n```\n"), width) <= width);
        }
    }

    /// `truncate` counted `❤` and U+FE0F as one column, char by char, but `❤️` is two: a code
    /// block's language label `❤️ab` cut to 3 columns came out as `❤️a…`, 4 wide.
    #[test]
    fn bug_truncate_measures_an_emoji_presentation_sequence_as_one_column() {
        for width in 1..6 {
            let cut = truncate("\u{2764}\u{fe0f}ab", width);
            assert!(str_width(&cut) <= width, "{cut:?} at {width}");
        }
        assert_eq!(truncate("\u{2764}\u{fe0f}ab", 3), "\u{2764}\u{fe0f}…");
        assert!(widest("```\u{2764}\u{fe0f}ab\nx\n```\n", 4) <= 4);
    }
}
