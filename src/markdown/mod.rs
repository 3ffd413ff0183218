//! Markdown to styled terminal text.
//!
//! [`render`] is a pure function of (source, width, theme): the reader calls it once per post
//! and width and keeps the result, so scrolling and redrawing never re-parse or re-wrap.

mod blocks;
mod highlight;
mod table;
pub mod wrap;
mod writer;

use pulldown_cmark::{Options, Parser};
use ratatui::text::Line;

use crate::theme::Theme;

/// A heading of the rendered post, for the table of contents and the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`…
    pub level: u8,
    /// The heading's text, without styling.
    pub text: String,
    /// Its anchor, for `#id` links: the `{#id}` attribute, else derived from the text.
    pub id: String,
    /// Index of its first rendered line.
    pub line: usize,
}

/// A link or image of the rendered post, numbered as its `[n]` marker shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The number in the marker, from 1.
    pub number: usize,
    /// The destination as written in the Markdown.
    pub url: String,
    /// Index of the rendered line its text starts on.
    pub line: usize,
}

/// Where one link's text sits on screen, for selecting it and for terminal hyperlinks. A link
/// wrapped over two lines has two spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkSpan {
    /// Index into [`Rendered::links`].
    pub link: usize,
    /// Rendered line.
    pub line: usize,
    /// First column.
    pub column: usize,
    /// Columns covered.
    pub width: usize,
}

/// A post rendered for one width: the lines to draw and what the reader navigates by.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Every line, none wider than the width it was rendered for.
    pub lines: Vec<Line<'static>>,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Links and images in order of their markers.
    pub links: Vec<Link>,
    /// The cells of every link's text, in order.
    pub link_spans: Vec<LinkSpan>,
    /// Code blocks drawn plain and not yet highlighted (see [`render_deferred`]).
    pub code_blocks: Vec<CodeBlock>,
}

/// A code block drawn plain, kept so it can be highlighted when it comes on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    lang: String,
    code: String,
    width: usize,
    /// Index of the block's first rendered line.
    pub first_line: usize,
    /// Spans of container prefix (quote bars, list indents) at the start of each of its lines.
    prefix_spans: Vec<usize>,
    highlighted: bool,
}

impl CodeBlock {
    /// The rendered lines the block occupies.
    #[must_use]
    pub fn lines(&self) -> std::ops::Range<usize> {
        self.first_line..self.first_line + self.prefix_spans.len()
    }
}

impl Rendered {
    /// Highlights the code blocks that overlap `lines`, replacing their plain lines in place.
    /// Blocks already highlighted are skipped, so calling this on every scroll costs nothing
    /// once the blocks in view are done. Returns whether any block was highlighted.
    pub fn highlight_lines(&mut self, lines: std::ops::Range<usize>, theme: &Theme) -> bool {
        let mut changed = false;
        let start = self
            .code_blocks
            .partition_point(|block| block.lines().end <= lines.start);
        for block in &mut self.code_blocks[start..] {
            if block.first_line >= lines.end {
                break;
            }
            if block.highlighted {
                continue;
            }
            block.highlighted = true;
            changed = true;
            let coloured = blocks::code_block(&block.lang, &block.code, block.width, theme, true);
            for (i, new) in coloured.into_iter().enumerate() {
                let (Some(line), Some(&prefix)) = (
                    self.lines.get_mut(block.first_line + i),
                    block.prefix_spans.get(i),
                ) else {
                    break;
                };
                line.spans.truncate(prefix);
                line.spans.extend(new.spans);
            }
        }
        changed
    }

    /// Moves every line index down by `offset`, after lines were put in front of these.
    pub fn shift(&mut self, offset: usize) {
        for heading in &mut self.headings {
            heading.line += offset;
        }
        for link in &mut self.links {
            link.line += offset;
        }
        for span in &mut self.link_spans {
            span.line += offset;
        }
        for block in &mut self.code_blocks {
            block.first_line += offset;
        }
    }
}

/// The Markdown extensions a technical blog uses.
#[must_use]
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders Markdown to lines at most `width` columns wide, code highlighted.
#[must_use]
pub fn render(source: &str, width: usize, theme: &Theme) -> Rendered {
    let events: Vec<_> = Parser::new_ext(source, options()).collect();
    writer::Writer::new(width.max(1), theme).run(&events)
}

/// Like [`render`], but code blocks are drawn plain and highlighted later, block by block, with
/// [`Rendered::highlight_lines`]: the reader highlights only what comes on screen, so opening
/// a long post with a lot of code is not slowed by the code it never shows.
#[must_use]
pub fn render_deferred(source: &str, width: usize, theme: &Theme) -> Rendered {
    let events: Vec<_> = Parser::new_ext(source, options()).collect();
    writer::Writer::new(width.max(1), theme)
        .defer_highlighting()
        .run(&events)
}

/// The visible text of a line, for tests, search and plain output.
#[must_use]
pub fn line_text(line: &Line<'_>) -> String {
    line.spans
        .iter()
        .map(|span| span.content.as_ref())
        .collect()
}

/// The title line of a section folio adds after a post (`── Links ───`), for sections added
/// outside the renderer (the related posts) to look the same.
#[must_use]
pub fn section_title(title: &str, width: usize, theme: &Theme) -> Line<'static> {
    Line::from(blocks::section_title(title, width, theme).spans)
}
