//! Fuzzes the Markdown renderer: `markdown::render`, `render_deferred` with highlighting
//! afterwards, and the word wrapper, checking (not only that nothing panics) that no line is
//! wider than the width asked for and that no control character reaches the output.
//!
//! Input: byte 0 picks the width (1..=200), byte 1 the mode and theme; the rest, decoded lossily
//! as UTF-8, is the Markdown (or, in wrap mode, runs separated by `|`).

#![no_main]

mod common;

use common::{check_lines, check_rendered, width_from};
use folio::markdown::{self, line_text, wrap};
use folio::sanitize;
use folio::theme::Theme;
use libfuzzer_sys::fuzz_target;
use ratatui::style::{Modifier, Style};

fuzz_target!(|data: &[u8]| {
    let [width_byte, mode, rest @ ..] = data else {
        return;
    };
    let width = width_from(*width_byte);
    let theme = if mode & 0x80 == 0 {
        Theme::dark()
    } else {
        Theme::light()
    };
    let source = String::from_utf8_lossy(rest);
    match mode & 0x7f {
        // Rendered at once, and deferred with the blocks then highlighted: the same lines.
        0..=63 => {
            let now = markdown::render(&source, width, &theme);
            check_rendered(&now, width, "render");
            let mut later = markdown::render_deferred(&source, width, &theme);
            check_rendered(&later, width, "render_deferred");
            // Highlight what a first screen would show, then everything.
            later.highlight_lines(0..usize::from(*width_byte) / 4, &theme);
            check_rendered(&later, width, "render_deferred, first screen highlighted");
            later.highlight_lines(0..later.lines.len(), &theme);
            check_rendered(&later, width, "render_deferred, highlighted");
            assert_eq!(
                now.lines.iter().map(line_text).collect::<Vec<_>>(),
                later.lines.iter().map(line_text).collect::<Vec<_>>(),
                "deferred highlighting changed the text"
            );
            assert_eq!(now.lines, later.lines, "deferred highlighting changed a style");
        }
        // The wrapper on its own: `|` separates runs, in styles that repeat so that adjacent
        // runs of one style are merged.
        _ => {
            let safe = sanitize::body(&source);
            let styles = [
                Style::new(),
                Style::new().add_modifier(Modifier::BOLD),
                Style::new(),
            ];
            let runs: Vec<wrap::Run> = safe
                .split('|')
                .enumerate()
                .map(|(i, text)| (text.to_owned(), styles[i % styles.len()]))
                .collect();
            let tags: Vec<Option<usize>> = (0..runs.len())
                .map(|i| (i % 4 == 1).then_some(i))
                .collect();
            let (lines, spans) = wrap::wrap_tagged(&runs, &tags, width);
            let lines: Vec<_> = lines
                .into_iter()
                .map(|line| ratatui::text::Line::from(line.spans))
                .collect();
            check_lines(&lines, width, "wrap");
            for span in spans {
                let line = &lines[span.line];
                assert!(
                    span.column + span.width <= width,
                    "wrap: tag span {span:?} past the width: {:?}",
                    line_text(line)
                );
            }
            if width >= 2 {
                // Nothing is lost: the same characters, less whitespace.
                let kept: String = lines
                    .iter()
                    .flat_map(|line| line_text(line).chars().collect::<Vec<_>>())
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let given: String = runs
                    .iter()
                    .flat_map(|(text, _)| text.chars())
                    .filter(|c| !c.is_whitespace())
                    .collect();
                assert_eq!(kept, given, "wrap lost or changed text");
            }
        }
    }
});
