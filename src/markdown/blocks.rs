//! Layout of the leaf blocks: headings, code, preformatted HTML, rules and the sections folio
//! appends to a post (notes, links). Each takes the width it may fill and returns lines.

#[cfg(test)]
use ratatui::style::Color;
use ratatui::style::Style;

use super::Link;
use super::highlight;
use super::wrap::{Run, StyledLine, breakable, expand_tabs, hard_wrap, str_width, truncate, wrap};
use crate::theme::Theme;

/// Columns a tab advances to in code.
const TAB_WIDTH: usize = 4;

/// A heading: level 1 as a filled bar, level 2 underlined by a rule, deeper levels by colour
/// and weight, so each level is distinct without `#` marks.
pub(super) fn heading(level: u8, runs: &[Run], width: usize, theme: &Theme) -> Vec<StyledLine> {
    let style = theme.heading(usize::from(level));
    let runs: Vec<Run> = runs
        .iter()
        .map(|(text, s)| (text.clone(), style.patch(*s)))
        .collect();
    match level {
        // The bar's margins only where they leave two columns for text (a wide character).
        1 if width >= 4 => {
            let inner = width.saturating_sub(2).max(1);
            wrap(&runs, inner)
                .into_iter()
                .map(|line| {
                    let mut padded = StyledLine::default();
                    padded.push_str(" ", style);
                    let pad = inner.saturating_sub(line.width);
                    for span in line.spans {
                        padded.push_str(&span.content, span.style);
                    }
                    padded.push_str(&" ".repeat(pad + 1), style);
                    padded
                })
                .collect()
        }
        2 => {
            let mut lines = wrap(&runs, width);
            let mut underline = StyledLine::default();
            let rule_style = style.fg.map_or(theme.rule, |fg| Style::new().fg(fg));
            underline.push_str(&theme.symbols.rule.repeat(width), rule_style);
            lines.push(underline);
            lines
        }
        _ => wrap(&runs, width),
    }
}

/// A code block: a language label, then each line on the block's background, coloured by
/// syntax when the language is known; long lines wrap with a continuation mark in the left
/// margin, each piece keeping the colours of its characters.
pub(super) fn code_block(
    lang: &str,
    code: &str,
    width: usize,
    theme: &Theme,
    colour: bool,
) -> Vec<StyledLine> {
    let style = theme.code_block;
    let mut lines = Vec::new();
    // One column of margin on each side of the code, when that leaves two columns for code (a
    // wide character); the left one carries the continuation mark.
    let margin = usize::from(width >= 4);
    if !lang.is_empty() {
        let mut line = StyledLine::default();
        line.push_str(&" ".repeat(margin), theme.code_label);
        line.push_str(&truncate(lang, width - margin), theme.code_label);
        pad_to(&mut line, width, theme.code_label);
        lines.push(line);
    }
    let inner = width.saturating_sub(2 * margin).max(1);
    let code = code.strip_suffix('\n').unwrap_or(code);
    // Tabs are expanded first, so highlighting sees (and colours) the columns as drawn.
    let expanded: Vec<String> = code
        .split('\n')
        .map(|line| expand_tabs(line, TAB_WIDTH))
        .collect();
    let highlighted = if colour {
        highlight::highlight(lang, &expanded.join("\n"), theme.code)
    } else {
        None
    };
    let marker = theme.muted.bg(style.bg.unwrap_or_default());
    for (n, text) in expanded.iter().enumerate() {
        let segments = highlighted.as_ref().and_then(|lines| lines.get(n));
        let runs = code_runs(text, segments, style, theme);
        for (i, piece) in hard_wrap_runs(&runs, inner).into_iter().enumerate() {
            let mut line = StyledLine::default();
            if margin > 0 {
                // Long lines wrap, never vanish: a continuation is marked in the margin.
                let lead = if i == 0 {
                    " "
                } else {
                    theme.symbols.continuation
                };
                line.push_str(lead, if i == 0 { style } else { marker });
            }
            for span in piece.spans {
                line.push_str(&span.content, span.style);
            }
            pad_to(&mut line, width, style);
            lines.push(line);
        }
    }
    lines
}

/// One line of code as styled runs: the highlighted segments patched onto the block's style
/// (so the background stays the block's), or the whole line plain when there are none or they
/// do not spell out the line exactly (a character is never lost to a highlighting fault).
fn code_runs(
    text: &str,
    segments: Option<&Vec<highlight::Segment>>,
    style: Style,
    theme: &Theme,
) -> Vec<Run> {
    if let Some(segments) = segments {
        let mut rest = text;
        let mut runs = Vec::with_capacity(segments.len());
        for (segment, segment_style) in segments {
            let Some(after) = rest.strip_prefix(segment.as_str()) else {
                return vec![(text.to_owned(), style)];
            };
            rest = after;
            runs.push((segment.clone(), style.patch(theme.adapt(*segment_style))));
        }
        if rest.is_empty() {
            return runs;
        }
    }
    vec![(text.to_owned(), style)]
}

/// [`hard_wrap`] for styled runs: cuts at exactly the same places, each character keeping its
/// style, so a wrapped piece continues in the colours of the line it came from.
fn hard_wrap_runs(runs: &[Run], width: usize) -> Vec<StyledLine> {
    let width = width.max(1);
    let mut pieces = vec![StyledLine::default()];
    for (text, style) in runs {
        let mut chunk = String::new();
        let mut column = pieces.last().map_or(0, |piece| piece.width);
        for fragment in breakable(text, width) {
            let w = if let Some(w) = fragment.fits(column, width) {
                w
            } else {
                if let Some(piece) = pieces.last_mut() {
                    piece.push_str(&chunk, *style);
                }
                chunk.clear();
                pieces.push(StyledLine::default());
                column = 0;
                fragment.width
            };
            chunk.push_str(fragment.text);
            column += w;
        }
        if let Some(piece) = pieces.last_mut() {
            piece.push_str(&chunk, *style);
        }
    }
    pieces
}

/// Text shown as written (raw HTML), each line cut to fit and continued below.
pub(super) fn preformatted(text: &str, width: usize, theme: &Theme) -> Vec<StyledLine> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let mut lines = Vec::new();
    for source_line in text.split('\n') {
        let expanded = expand_tabs(source_line, TAB_WIDTH);
        let mut pieces = hard_wrap(&expanded, width).into_iter();
        let mut line = StyledLine::default();
        line.push_str(&pieces.next().unwrap_or_default(), theme.muted);
        lines.push(line);
        // What did not fit continues below, after a continuation mark, as in code blocks.
        let rest: String = pieces.collect();
        if rest.is_empty() {
            continue;
        }
        let with_mark = width >= 3;
        for piece in hard_wrap(&rest, width - usize::from(with_mark)) {
            let mut line = StyledLine::default();
            if with_mark {
                line.push_str(theme.symbols.continuation, theme.link_marker);
            }
            line.push_str(&piece, theme.muted);
            lines.push(line);
        }
    }
    lines
}

/// A horizontal rule across the width.
pub(super) fn rule(width: usize, theme: &Theme) -> StyledLine {
    let mut line = StyledLine::default();
    line.push_str(&theme.symbols.rule.repeat(width), theme.rule);
    line
}

/// The title of a section folio adds after the post (notes, links).
pub(super) fn section_title(title: &str, width: usize, theme: &Theme) -> StyledLine {
    let mut line = StyledLine::default();
    let label = truncate(&format!("{title} "), width);
    line.push_str(&label, theme.heading(3));
    let rest = width.saturating_sub(str_width(&label));
    line.push_str(&theme.symbols.rule.repeat(rest), theme.rule);
    line
}

/// The numbered list of link destinations, URLs wrapped under their number. Each line comes
/// with the index of the link it shows; its last span is (part of) the URL.
pub(super) fn link_list(
    links: &[Link],
    width: usize,
    theme: &Theme,
) -> Vec<(ratatui::text::Line<'static>, usize)> {
    let number_width = links.len().to_string().len() + 3;
    // Too narrow for a number column: each number on its own line, the URL below it.
    if number_width + 2 > width {
        return links
            .iter()
            .enumerate()
            .flat_map(|(index, link)| {
                let marker = truncate(&format!("[{}]", link.number), width);
                std::iter::once((
                    ratatui::text::Line::styled(marker, theme.link_marker),
                    index,
                ))
                .chain(
                    hard_wrap(&link.url, width)
                        .into_iter()
                        .map(move |piece| (ratatui::text::Line::styled(piece, theme.muted), index)),
                )
            })
            .collect();
    }
    let inner = width - number_width;
    let mut out = Vec::new();
    for (index, link) in links.iter().enumerate() {
        let marker = format!(
            "{:>w$} ",
            format!("[{}]", link.number),
            w = number_width - 1
        );
        for (i, piece) in hard_wrap(&link.url, inner).into_iter().enumerate() {
            let lead = if i == 0 {
                marker.clone()
            } else {
                " ".repeat(number_width)
            };
            out.push((
                ratatui::text::Line::from(vec![
                    ratatui::text::Span::styled(lead, theme.link_marker),
                    ratatui::text::Span::styled(piece, theme.muted),
                ]),
                index,
            ));
        }
    }
    out
}

fn pad_to(line: &mut StyledLine, width: usize, style: Style) {
    let pad = width.saturating_sub(line.width);
    if pad > 0 {
        line.push_str(&" ".repeat(pad), style);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn text(line: &StyledLine) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    /// The code lines of a block, without its label.
    fn body(lang: &str, code: &str, width: usize) -> Vec<StyledLine> {
        let theme = Theme::dark();
        let mut lines = code_block(lang, code, width, &theme, true);
        if !lang.is_empty() {
            lines.remove(0);
        }
        lines
    }

    const RUST: &str = "fn main() {\n\tlet greeting = \"hello, wide 日本語 world\"; // a comment that runs on\n\n\t\tprintln!(\"{greeting}\\t{}\", 0x2a);\n}\n";

    #[test]
    fn highlighted_code_keeps_the_block_background_and_has_colours() {
        let theme = Theme::dark();
        let lines = body("rust", RUST, 120);
        let fgs: HashSet<_> = lines
            .iter()
            .flat_map(|l| &l.spans)
            .filter(|s| !s.content.trim().is_empty())
            .map(|s| s.style.fg)
            .collect();
        assert!(fgs.len() >= 3, "{fgs:?}");
        for span in lines.iter().flat_map(|l| &l.spans) {
            assert_eq!(span.style.bg, theme.code_block.bg, "{span:?}");
        }
        assert!(lines.iter().all(|l| l.width == 120));
    }

    #[test]
    fn highlighting_changes_no_text_at_any_width() {
        for width in [1, 2, 3, 7, 12, 19, 40, 120] {
            let coloured: Vec<_> = body("rust", RUST, width).iter().map(text).collect();
            let plain: Vec<_> = body("text", RUST, width).iter().map(text).collect();
            assert_eq!(coloured, plain, "width {width}");
            assert!(
                body("rust", RUST, width)
                    .iter()
                    .all(|l| l.width <= width.max(3))
            );
        }
    }

    #[test]
    fn long_highlighted_lines_wrap_with_the_marker_and_keep_their_colours() {
        let theme = Theme::dark();
        let code = "let s = \"a string long enough to need two pieces or more\"; // and a comment";
        let width = 24;
        let lines = body("rust", code, width);
        assert!(lines.len() >= 3);
        assert!(lines.iter().all(|l| l.width == width));
        assert!(text(&lines[0]).starts_with(' '));
        for line in &lines[1..] {
            assert!(text(line).starts_with(theme.symbols.continuation));
            assert_eq!(line.spans[0].style, theme.muted.bg(Color::Indexed(235)));
        }
        // The string continues in the string's colour on the next piece.
        let colour_of = |line: &StyledLine, needle: &str| {
            line.spans
                .iter()
                .find(|s| s.content.contains(needle))
                .and_then(|s| s.style.fg)
        };
        let string = colour_of(&lines[0], "\"a str");
        assert!(string.is_some());
        assert_eq!(colour_of(&lines[1], "enough"), string);
        assert_ne!(colour_of(&lines[0], "let"), string);
    }

    #[test]
    fn every_character_survives() {
        let code =
            "\tif (x) {\n\t\treturn call(a, b, \"text with ümlauts and more text\");\n\t}\n// end";
        let inner = 10;
        for lang in ["c", "text", "nope"] {
            let lines = body(lang, code, inner + 2);
            let mut rebuilt: Vec<String> = Vec::new();
            for line in &lines {
                let line = text(line);
                let mut chars = line.chars();
                let margin = chars.next();
                // The right margin: one column, and pieces that are not a line's last are full.
                assert_eq!(chars.next_back(), Some(' '));
                match margin {
                    Some(' ') => rebuilt.push(chars.as_str().to_owned()),
                    Some('↪') => {
                        if let Some(last) = rebuilt.last_mut() {
                            last.push_str(chars.as_str());
                        }
                    }
                    other => panic!("unexpected margin {other:?}"),
                }
            }
            // Middle pieces are full (no wide characters), so only a last piece is padded.
            let rebuilt: Vec<&str> = rebuilt.iter().map(|l| l.trim_end()).collect();
            let expected: Vec<String> = code
                .split('\n')
                .map(|l| expand_tabs(l, TAB_WIDTH))
                .collect();
            assert_eq!(rebuilt, expected, "{lang}");
        }
    }

    #[test]
    fn unknown_languages_render_plain() {
        let theme = Theme::dark();
        let lines = code_block("klingon", "qaStaH nuq?\n", 30, &theme, true);
        assert_eq!(text(&lines[0]).trim_end(), " klingon");
        assert_eq!(text(&lines[1]).trim_end(), " qaStaH nuq?");
        assert!(lines[1].spans.iter().all(|s| s.style == theme.code_block));
    }

    #[test]
    fn hard_wrap_runs_cuts_where_hard_wrap_does() {
        let line = "ab日本語cdé\u{301}fghij";
        for width in 1..12 {
            let runs = vec![
                (line[..5].to_owned(), Style::new()),
                (line[5..].to_owned(), Style::new().fg(Color::Red)),
            ];
            let pieces: Vec<_> = hard_wrap_runs(&runs, width).iter().map(text).collect();
            assert_eq!(pieces, hard_wrap(line, width), "width {width}");
        }
    }
}
