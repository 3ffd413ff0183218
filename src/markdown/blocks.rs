//! Layout of the leaf blocks: headings, code, preformatted HTML, rules and the sections folio
//! appends to a post (notes, links). Each takes the width it may fill and returns lines.

use ratatui::style::Style;

use super::Link;
use super::wrap::{Run, StyledLine, expand_tabs, hard_wrap, str_width, wrap};
use crate::theme::Theme;

/// Columns a tab advances to in code.
const TAB_WIDTH: usize = 4;

/// Marks a code line that continues the one above it (long lines wrap, never vanish).
const CONTINUATION: &str = "↪";

/// A heading: level 1 as a filled bar, level 2 underlined by a rule, deeper levels by colour
/// and weight, so each level is distinct without `#` marks.
pub(super) fn heading(level: u8, runs: &[Run], width: usize, theme: &Theme) -> Vec<StyledLine> {
    let style = theme.heading(usize::from(level));
    let runs: Vec<Run> = runs
        .iter()
        .map(|(text, s)| (text.clone(), style.patch(*s)))
        .collect();
    match level {
        1 => {
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
            underline.push_str(&"─".repeat(width), rule_style);
            lines.push(underline);
            lines
        }
        _ => wrap(&runs, width),
    }
}

/// A code block: a language label, then each line on the block's background; long lines wrap
/// with a continuation mark in the left margin.
pub(super) fn code_block(lang: &str, code: &str, width: usize, theme: &Theme) -> Vec<StyledLine> {
    let style = theme.code_block;
    let mut lines = Vec::new();
    if !lang.is_empty() {
        let label: String = lang.chars().take(width.saturating_sub(2)).collect();
        let mut line = StyledLine::default();
        line.push_str(" ", theme.code_label);
        line.push_str(&label, theme.code_label);
        pad_to(&mut line, width, theme.code_label);
        lines.push(line);
    }
    // One column of margin on each side of the code.
    let inner = width.saturating_sub(2).max(1);
    let code = code.strip_suffix('\n').unwrap_or(code);
    for source_line in code.split('\n') {
        let expanded = expand_tabs(source_line, TAB_WIDTH);
        for (i, piece) in hard_wrap(&expanded, inner).into_iter().enumerate() {
            let mut line = StyledLine::default();
            if i == 0 {
                line.push_str(" ", style);
            } else {
                line.push_str(CONTINUATION, theme.muted.bg(style.bg.unwrap_or_default()));
            }
            line.push_str(&piece, style);
            pad_to(&mut line, width, style);
            lines.push(line);
        }
    }
    lines
}

/// Text shown as written (raw HTML), each line cut to fit and continued below.
pub(super) fn preformatted(text: &str, width: usize, style: Style) -> Vec<StyledLine> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let mut lines = Vec::new();
    for source_line in text.split('\n') {
        for piece in hard_wrap(&expand_tabs(source_line, TAB_WIDTH), width) {
            let mut line = StyledLine::default();
            line.push_str(&piece, style);
            lines.push(line);
        }
    }
    lines
}

/// A horizontal rule across the width.
pub(super) fn rule(width: usize, theme: &Theme) -> StyledLine {
    let mut line = StyledLine::default();
    line.push_str(&"─".repeat(width), theme.rule);
    line
}

/// The title of a section folio adds after the post (notes, links).
pub(super) fn section_title(title: &str, width: usize, theme: &Theme) -> StyledLine {
    let mut line = StyledLine::default();
    let label = format!("{title} ");
    line.push_str(&label, theme.heading(3));
    let rest = width.saturating_sub(str_width(&label));
    line.push_str(&"─".repeat(rest), theme.rule);
    line
}

/// The numbered list of link destinations, URLs wrapped under their number.
pub(super) fn link_list(
    links: &[Link],
    width: usize,
    theme: &Theme,
) -> Vec<ratatui::text::Line<'static>> {
    let number_width = links.len().to_string().len() + 3;
    let inner = width.saturating_sub(number_width).max(1);
    let mut out = Vec::new();
    for link in links {
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
            out.push(ratatui::text::Line::from(vec![
                ratatui::text::Span::styled(lead, theme.link_marker),
                ratatui::text::Span::styled(piece, theme.muted),
            ]));
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
