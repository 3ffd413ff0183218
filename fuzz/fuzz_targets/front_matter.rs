//! Fuzzes the front-matter parser, `content::parse_post`, on text decoded the way the loader
//! decodes a file (lossily as UTF-8, no byte-order mark, CRLF as LF), then renders the post it
//! gives with its title block. Checked: no field of the post holds a control character, the slug
//! is valid, every diagnostic points at a line of the file (or 0, the whole file) and is
//! terminal-safe, and the rendered post keeps the renderer's invariants.
//!
//! Input: byte 0 picks the width (1..=200) and whether the file has a modification date; the
//! rest is the file.

#![no_main]

mod common;

use chrono::NaiveDate;
use common::{assert_terminal_safe, check_rendered, width_from};
use folio::content::{is_valid_slug, parse_post};
use folio::document::{Highlighting, render_post};
use folio::theme::Theme;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [first, rest @ ..] = data else {
        return;
    };
    let width = width_from(*first);
    let file_date = (first & 1 == 0).then(|| NaiveDate::from_ymd_opt(2024, 2, 29)).flatten();
    let decoded = String::from_utf8_lossy(rest);
    let text = decoded.strip_prefix('\u{feff}').unwrap_or(&decoded);
    let text = text.replace("\r\n", "\n");

    let (post, diagnostics) = parse_post("posts/fuzz.md", &text, file_date);

    let lines = text.lines().count();
    for diagnostic in &diagnostics {
        assert!(
            diagnostic.line <= lines + 1,
            "diagnostic on line {} of a {lines}-line file: {diagnostic}",
            diagnostic.line
        );
        assert_terminal_safe(&diagnostic.message, "a diagnostic's message");
        assert_terminal_safe(&diagnostic.path, "a diagnostic's path");
    }
    let Some(post) = post else {
        assert!(!diagnostics.is_empty(), "a post was skipped without a word");
        return;
    };
    assert_terminal_safe(&post.title, "the title");
    assert_terminal_safe(&post.summary, "the summary");
    assert_terminal_safe(&post.slug, "the slug");
    assert!(is_valid_slug(&post.slug), "invalid slug {:?}", post.slug);
    for tag in &post.tags {
        assert_terminal_safe(tag, "a tag");
    }
    // The body keeps its layout: newlines and tabs are the only control characters left.
    let body = post.body.held().unwrap_or_default();
    let body_controls: String = body.chars().filter(|&c| c != '\n' && c != '\t').collect();
    assert_terminal_safe(&body_controls, "the body");

    let theme = Theme::dark();
    let rendered = render_post(&post, body, width, &theme, Highlighting::Now);
    check_rendered(&rendered, width, "render_post");
});
