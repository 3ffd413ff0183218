//! Invariants shared by the fuzz targets. Each check panics with the offending line, so a
//! violation is reported by libFuzzer exactly like a crash and saved under `artifacts/`.

#![allow(dead_code)] // Each target uses only some of the checks.

use folio::markdown::{Rendered, line_text};
use folio::sanitize::stand_in;
use ratatui::text::Line;

/// The width a target renders at: 1..=200 columns, from one input byte.
pub fn width_from(byte: u8) -> usize {
    1 + usize::from(byte) % 200
}

/// No character that must not reach the terminal (a control character, a bidirectional
/// override) is anywhere in `text`.
pub fn assert_terminal_safe(text: &str, what: &str) {
    if let Some(c) = text.chars().find(|&c| stand_in(c).is_some()) {
        panic!("{what} holds the control character {c:?}: {text:?}");
    }
}

/// Every line is at most `width` columns as ratatui measures it, and no span holds a control
/// character.
pub fn check_lines(lines: &[Line<'_>], width: usize, what: &str) {
    for (i, line) in lines.iter().enumerate() {
        assert!(
            line.width() <= width,
            "{what}: line {i} is {} columns wide, more than {width}: {:?}",
            line.width(),
            line_text(line)
        );
        for span in &line.spans {
            assert_terminal_safe(&span.content, &format!("{what}: a span of line {i}"));
        }
    }
}

/// The lines, and every index into them (headings, link cells, code blocks), are sound.
pub fn check_rendered(rendered: &Rendered, width: usize, what: &str) {
    check_lines(&rendered.lines, width, what);
    let count = rendered.lines.len();
    for heading in &rendered.headings {
        assert!(
            heading.line < count,
            "{what}: heading {:?} on line {} of {count}",
            heading.text,
            heading.line
        );
    }
    for span in &rendered.link_spans {
        assert!(
            span.link < rendered.links.len(),
            "{what}: link span {span:?} names one of {} links",
            rendered.links.len()
        );
        let line = rendered.lines.get(span.line).unwrap_or_else(|| {
            panic!("{what}: link span {span:?} on a line past the last ({count})")
        });
        // Within the width, not within the line's measured width: a ligature (`لا`) in a word
        // broken across lines is counted as wide as its letters, so a link's cells may run a
        // column past it.
        assert!(
            span.column + span.width <= width,
            "{what}: link span {span:?} ends past the width, on {:?}",
            line_text(line)
        );
    }
    for block in &rendered.code_blocks {
        assert!(
            block.lines().end <= count,
            "{what}: code block on lines {:?} of {count}",
            block.lines()
        );
    }
}
