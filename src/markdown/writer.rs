//! The one place that walks pulldown-cmark's events. It keeps a stack of containers (quotes,
//! list items, footnotes) whose prefixes start every line, a stack of inline styles, and the
//! inline text of the block being built; each block kind is laid out by `blocks` or `table`.
//!
//! The walk is a loop, not recursion, so nesting depth cannot overflow the stack; indentation
//! from nesting is capped at half the width so deep nesting never pushes text off screen.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::table::TableBuilder;
use super::wrap::{Run, StyledLine, str_width, truncate, wrap, wrap_tagged};
use super::{CodeBlock, Heading, Link, LinkSpan, Rendered, blocks};
use crate::sanitize;
use crate::theme::Theme;

/// A container's contribution to the start of each line inside it.
struct Container {
    first: Vec<Span<'static>>,
    rest: Vec<Span<'static>>,
    width: usize,
    used: bool,
}

struct ListState {
    next: Option<u64>,
    tight: bool,
    number_width: usize,
}

/// What a footnote definition set aside while it is written: its lines are gathered at the
/// end of the post, outside whatever quote or list the definition was written in.
struct Footnote {
    out: Vec<Line<'static>>,
    need_gap: bool,
    containers: Vec<Container>,
    base: Vec<Style>,
}

pub(super) struct Writer<'t> {
    theme: &'t Theme,
    width: usize,
    out: Vec<Line<'static>>,
    containers: Vec<Container>,
    inline: Vec<Run>,
    /// The link each run of `inline` belongs to (index into `links`), for link cells.
    inline_tags: Vec<Option<usize>>,
    open_link: Option<usize>,
    /// Links open around the current text, innermost last.
    link_stack: Vec<usize>,
    link_spans: Vec<LinkSpan>,
    /// Link cells inside the footnote being written, relative to its own lines.
    footnote_spans: Vec<LinkSpan>,
    /// Link cells of finished footnotes, relative to the start of the notes.
    notes_spans: Vec<LinkSpan>,
    /// Whether the last footnote gathered had more than one paragraph.
    last_note_long: bool,
    styles: Vec<Style>,
    base: Vec<Style>,
    need_gap: bool,
    lists: Vec<ListState>,
    heading: Option<u8>,
    heading_id: Option<String>,
    code: Option<(String, String)>,
    html: Option<String>,
    table: Option<TableBuilder>,
    links: Vec<Link>,
    unplaced_links: usize,
    headings: Vec<Heading>,
    footnote: Option<Footnote>,
    footnotes: Vec<Line<'static>>,
    list_shapes: Vec<(usize, bool)>,
    lists_started: usize,
    defer_highlighting: bool,
    code_blocks: Vec<CodeBlock>,
}

impl<'t> Writer<'t> {
    pub(super) fn new(width: usize, theme: &'t Theme) -> Self {
        Self {
            theme,
            width,
            out: Vec::new(),
            containers: Vec::new(),
            inline: Vec::new(),
            inline_tags: Vec::new(),
            open_link: None,
            link_stack: Vec::new(),
            link_spans: Vec::new(),
            footnote_spans: Vec::new(),
            notes_spans: Vec::new(),
            last_note_long: false,
            styles: Vec::new(),
            base: Vec::new(),
            need_gap: false,
            lists: Vec::new(),
            heading: None,
            heading_id: None,
            code: None,
            html: None,
            table: None,
            links: Vec::new(),
            unplaced_links: 0,
            headings: Vec::new(),
            footnote: None,
            footnotes: Vec::new(),
            list_shapes: Vec::new(),
            lists_started: 0,
            defer_highlighting: false,
            code_blocks: Vec::new(),
        }
    }

    pub(super) fn run(mut self, events: &[Event<'_>]) -> Rendered {
        self.list_shapes = list_shapes(events);
        for event in events {
            self.event(event);
        }
        self.flush_inline();
        self.append_footnotes();
        self.append_link_list();
        // A link's line is where its first cell is, when its cells are known.
        for span in self.link_spans.iter().rev() {
            if let Some(link) = self.links.get_mut(span.link) {
                link.line = span.line;
            }
        }
        Rendered {
            lines: self.out,
            headings: self.headings,
            links: self.links,
            link_spans: self.link_spans,
            code_blocks: self.code_blocks,
        }
    }

    fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) => self.text(text),
            Event::Code(code) => {
                let style = self.current_style().patch(self.theme.inline_code);
                self.push_inline(&sanitize::line(code), style);
            }
            Event::InlineMath(math) | Event::DisplayMath(math) => {
                let style = self.current_style().patch(self.theme.inline_code);
                self.push_inline(&sanitize::line(math), style);
            }
            Event::Html(html) => self.html.get_or_insert_with(String::new).push_str(html),
            Event::InlineHtml(html) => {
                let style = self.current_style().patch(self.theme.muted);
                self.push_inline(&sanitize::line(html), style);
            }
            Event::FootnoteReference(label) => {
                let marker = format!("[^{}]", sanitize::line(label));
                self.push_inline(&marker, self.theme.link_marker);
            }
            Event::SoftBreak => self.push_inline(" ", self.current_style()),
            Event::HardBreak => self.push_inline("\n", self.current_style()),
            Event::Rule => {
                self.flush_inline();
                self.gap();
                let rule = blocks::rule(self.content_width(), self.theme);
                self.emit(rule);
                self.need_gap = true;
            }
            Event::TaskListMarker(checked) => self.mark_task(*checked),
        }
    }

    fn start(&mut self, tag: &Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                self.flush_inline();
                self.gap();
            }
            Tag::Heading { level, id, .. } => {
                self.heading_id = id.as_ref().map(|id| sanitize::line(id).into_owned());
                self.flush_inline();
                self.gap();
                self.heading = Some(heading_number(*level));
                self.base
                    .push(self.theme.heading(usize::from(heading_number(*level))));
            }
            Tag::BlockQuote(_) => {
                self.flush_inline();
                self.gap();
                let bar = vec![Span::styled(
                    format!("{} ", self.theme.symbols.quote_bar),
                    self.theme.quote_bar,
                )];
                self.push_container(bar.clone(), bar, 2);
                self.base.push(self.theme.quote);
            }
            Tag::CodeBlock(kind) => {
                self.flush_inline();
                self.gap();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((sanitize::line(&lang).into_owned(), String::new()));
            }
            Tag::HtmlBlock => {
                self.flush_inline();
                self.gap();
                self.html = Some(String::new());
            }
            Tag::List(start) => {
                self.flush_inline();
                let in_tight_item = self.lists.last().is_some_and(|l| l.tight);
                if !in_tight_item {
                    self.gap();
                }
                self.need_gap = false;
                let (count, tight) = self
                    .list_shapes
                    .get(self.lists_started)
                    .copied()
                    .unwrap_or((0, true));
                self.lists_started += 1;
                let number_width = start.map_or(0, |s| {
                    (s + count.saturating_sub(1) as u64).to_string().len()
                });
                self.lists.push(ListState {
                    next: *start,
                    tight,
                    number_width,
                });
            }
            Tag::Item => self.start_item(),
            Tag::FootnoteDefinition(label) => self.start_footnote(label),
            Tag::Table(alignments) => {
                self.flush_inline();
                self.gap();
                self.table = Some(TableBuilder::new(alignments.clone()));
            }
            Tag::TableHead | Tag::TableRow | Tag::TableCell => self.flush_cell_start(),
            Tag::Emphasis => self
                .styles
                .push(Style::new().add_modifier(Modifier::ITALIC)),
            Tag::Strong => self.styles.push(Style::new().add_modifier(Modifier::BOLD)),
            Tag::Strikethrough => self
                .styles
                .push(Style::new().add_modifier(Modifier::CROSSED_OUT)),
            Tag::Link { dest_url, .. } => {
                self.styles.push(self.theme.link);
                self.add_link(dest_url);
            }
            Tag::Image { dest_url, .. } => {
                self.styles
                    .push(self.theme.muted.add_modifier(Modifier::ITALIC));
                self.push_inline("[image: ", self.current_style());
                self.add_link(dest_url);
            }
            Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.flush_inline();
                self.need_gap = true;
            }
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::BlockQuote(_) => {
                self.flush_inline();
                self.containers.pop();
                self.base.pop();
                self.need_gap = true;
            }
            TagEnd::CodeBlock => {
                if let Some((lang, code)) = self.code.take() {
                    // The source was sanitised, but the renderer is safe on its own too.
                    let code = sanitize::body(&code);
                    self.code_block(&lang, &code);
                }
                self.need_gap = true;
            }
            TagEnd::HtmlBlock => {
                if let Some(html) = self.html.take() {
                    let lines = blocks::preformatted(
                        &sanitize::body(&html),
                        self.content_width(),
                        self.theme,
                    );
                    self.emit_all(lines);
                }
                self.need_gap = true;
            }
            TagEnd::List(_) => {
                self.flush_inline();
                self.lists.pop();
                self.need_gap = true;
            }
            TagEnd::Item => {
                self.flush_inline();
                if let Some(item) = self.containers.pop()
                    && !item.used
                {
                    self.containers.push(item);
                    self.emit(StyledLine::default());
                    self.containers.pop();
                }
            }
            TagEnd::FootnoteDefinition => self.end_footnote(),
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    let lines = table.layout(self.content_width(), self.theme);
                    self.emit_all(lines);
                }
                self.need_gap = true;
            }
            TagEnd::TableHead => {
                if let Some(table) = self.table.as_mut() {
                    table.end_row(true);
                }
            }
            TagEnd::TableRow => {
                if let Some(table) = self.table.as_mut() {
                    table.end_row(false);
                }
            }
            TagEnd::TableCell => {
                let (cell, _) = self.take_inline();
                if let Some(table) = self.table.as_mut() {
                    table.push_cell(cell);
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.styles.pop();
            }
            TagEnd::Link => {
                self.styles.pop();
                self.push_link_marker();
            }
            TagEnd::Image => {
                self.push_inline("]", self.current_style());
                self.styles.pop();
                self.push_link_marker();
            }
            TagEnd::MetadataBlock(_)
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
        }
    }

    fn text(&mut self, text: &str) {
        if let Some((_, code)) = self.code.as_mut() {
            code.push_str(text);
        } else if let Some(html) = self.html.as_mut() {
            html.push_str(text);
        } else {
            // Character references (`&#27;`) decode to real control characters here, after the
            // source was sanitised, so text from the parser is sanitised again.
            let safe = sanitize::line(text);
            self.push_inline(&safe, self.current_style());
        }
    }

    // ----- inline text -----

    fn current_style(&self) -> Style {
        let base = self
            .base
            .iter()
            .fold(self.theme.text, |acc, s| acc.patch(*s));
        self.styles.iter().fold(base, |acc, s| acc.patch(*s))
    }

    fn push_inline(&mut self, text: &str, style: Style) {
        let tag = self.open_link;
        if let Some((last, last_style)) = self.inline.last_mut()
            && *last_style == style
            && self.inline_tags.last() == Some(&tag)
        {
            last.push_str(text);
            return;
        }
        self.inline.push((text.to_owned(), style));
        self.inline_tags.push(tag);
    }

    fn take_inline(&mut self) -> (Vec<Run>, Vec<Option<usize>>) {
        (
            std::mem::take(&mut self.inline),
            std::mem::take(&mut self.inline_tags),
        )
    }

    fn add_link(&mut self, url: &str) {
        self.link_stack.push(self.links.len());
        self.open_link = Some(self.links.len());
        let number = self.links.len() + 1;
        self.links.push(Link {
            number,
            url: sanitize::line(url).into_owned(),
            line: self.out.len(),
        });
        self.unplaced_links += 1;
    }

    /// Closes the innermost open link (an image can sit inside a link) with its own number.
    fn push_link_marker(&mut self) {
        let closed = self.link_stack.pop();
        self.open_link = None;
        if let Some(index) = closed {
            self.push_inline(&format!("[{}]", index + 1), self.theme.link_marker);
        }
        self.open_link = self.link_stack.last().copied();
    }

    /// Lays out the pending inline text as a paragraph inside the current containers.
    fn flush_inline(&mut self) {
        if self.inline.is_empty() || self.table.is_some() {
            return;
        }
        let (mut runs, mut tags) = self.take_inline();
        if runs.iter().all(|(text, _)| text.trim().is_empty()) {
            return;
        }
        self.place_links();
        let (lines, spans) = wrap_tagged(&runs, &tags, self.content_width());
        // The buffers go back for the next paragraph, keeping their capacity.
        runs.clear();
        tags.clear();
        self.inline = runs;
        self.inline_tags = tags;
        let (first_line, indent) = (self.out.len(), self.indent_width());
        let target = if self.footnote.is_some() {
            &mut self.footnote_spans
        } else {
            &mut self.link_spans
        };
        target.extend(spans.into_iter().map(|span| LinkSpan {
            link: span.tag,
            line: first_line + span.line,
            column: indent + span.column,
            width: span.width,
        }));
        self.emit_all(lines);
    }

    /// Links recorded since the last block start on the line their block starts on.
    fn place_links(&mut self) {
        let line = self.out.len();
        let count = self.links.len();
        for link in &mut self.links[count - self.unplaced_links..] {
            link.line = line;
        }
        self.unplaced_links = 0;
    }

    fn flush_cell_start(&mut self) {
        self.inline.clear();
    }

    // ----- blocks -----

    fn end_heading(&mut self) {
        let level = self.heading.take().unwrap_or(1);
        self.base.pop();
        let (runs, _) = self.take_inline();
        let text: String = runs.iter().map(|(t, _)| t.as_str()).collect();
        self.place_links();
        let id = self.heading_id.take().unwrap_or_else(|| anchor_id(&text));
        self.headings.push(Heading {
            level,
            text: text.trim().to_owned(),
            id,
            line: self.out.len(),
        });
        let lines = blocks::heading(level, &runs, self.content_width(), self.theme);
        self.emit_all(lines);
        self.need_gap = true;
    }

    fn start_item(&mut self) {
        self.flush_inline();
        let depth = self.lists.len().saturating_sub(1);
        let Some(list) = self.lists.last_mut() else {
            return;
        };
        if list.tight {
            self.need_gap = false;
        }
        let marker = match list.next {
            Some(n) => {
                list.next = Some(n + 1);
                format!("{n:>width$}. ", width = list.number_width)
            }
            None => format!("{} ", self.theme.symbols.bullets[depth % 4]),
        };
        self.gap();
        let width = str_width(&marker);
        let first = vec![Span::styled(marker.clone(), self.theme.list_marker)];
        let rest = vec![Span::raw(" ".repeat(width))];
        self.push_container(first, rest, width);
        if !self.all_containers_drawn() {
            // Nested past the indent cap, the item has no room for a hanging marker: the marker
            // gets a line of its own, so numbers and bullets are never lost.
            let mut line = StyledLine::default();
            line.push_str(
                &truncate(marker.trim_end(), self.content_width()),
                self.theme.list_marker,
            );
            self.emit(line);
            if let Some(item) = self.containers.last_mut() {
                item.used = true;
            }
        }
    }

    /// Whether every container fits within the indent cap (see [`Self::indent_width`]).
    fn all_containers_drawn(&self) -> bool {
        self.containers.iter().map(|c| c.width).sum::<usize>() <= self.width / 2
    }

    fn mark_task(&mut self, checked: bool) {
        let (glyph, style) = if checked {
            (self.theme.symbols.checked, self.theme.list_marker)
        } else {
            (self.theme.symbols.unchecked, self.theme.muted)
        };
        let boxed = format!("{glyph} ");
        let box_width = str_width(&boxed);
        let bullets = self.theme.symbols.bullets;
        if let Some(item) = self.containers.last_mut() {
            // The box replaces the bullet; numbers stay and the box follows them.
            let is_bullet = item
                .first
                .first()
                .is_some_and(|s| bullets.iter().any(|b| s.content.starts_with(b)));
            if is_bullet {
                item.first = vec![Span::styled(boxed, style)];
                item.rest = vec![Span::raw(" ".repeat(box_width))];
                item.width = box_width;
            } else {
                item.first.push(Span::styled(boxed, style));
                item.rest.push(Span::raw(" ".repeat(box_width)));
                item.width += box_width;
            }
        }
    }

    fn start_footnote(&mut self, label: &str) {
        self.flush_inline();
        self.footnote = Some(Footnote {
            out: std::mem::take(&mut self.out),
            need_gap: self.need_gap,
            containers: std::mem::take(&mut self.containers),
            base: std::mem::take(&mut self.base),
        });
        self.need_gap = false;
        let marker = format!("[^{}] ", sanitize::line(label));
        let width = str_width(&marker);
        if width <= self.width / 2 {
            let first = vec![Span::styled(marker, self.theme.link_marker)];
            let rest = vec![Span::raw(" ".repeat(width))];
            self.push_container(first, rest, width);
        } else {
            // Too long a label to hang the note from: it gets a line of its own.
            let lines = wrap(&[(marker, self.theme.link_marker)], self.width);
            self.emit_all(lines);
            self.push_container(vec![Span::raw("  ")], vec![Span::raw("  ")], 2);
        }
    }

    fn end_footnote(&mut self) {
        self.flush_inline();
        self.containers.pop();
        let Some(saved) = self.footnote.take() else {
            return;
        };
        self.containers = saved.containers;
        self.base = saved.base;
        self.need_gap = saved.need_gap;
        let lines = std::mem::replace(&mut self.out, saved.out);
        // Notes of more than one paragraph are set apart by a blank line, as their paragraphs
        // are.
        let long = lines.iter().any(|line| line.width() == 0);
        if !self.footnotes.is_empty() && (long || self.last_note_long) {
            self.footnotes.push(Line::default());
        }
        self.last_note_long = long;
        let offset = self.footnotes.len();
        let spans = std::mem::take(&mut self.footnote_spans);
        self.notes_spans.extend(spans.into_iter().map(|mut span| {
            span.line += offset;
            span
        }));
        self.footnotes.extend(lines);
    }

    fn append_footnotes(&mut self) {
        if self.footnotes.is_empty() {
            return;
        }
        let footnotes = std::mem::take(&mut self.footnotes);
        self.gap_always();
        self.emit(blocks::section_title("Notes", self.width, self.theme));
        let offset = self.out.len();
        let spans = std::mem::take(&mut self.notes_spans);
        self.link_spans.extend(spans.into_iter().map(|mut span| {
            span.line += offset;
            span
        }));
        self.out.extend(footnotes);
    }

    fn append_link_list(&mut self) {
        if self.links.is_empty() {
            return;
        }
        self.gap_always();
        self.emit(blocks::section_title("Links", self.width, self.theme));
        // The URLs listed are links too: `f` reaches them at the end of a post.
        for (line, link) in blocks::link_list(&self.links, self.width, self.theme) {
            let url = line
                .spans
                .last()
                .filter(|span| span.style == self.theme.muted);
            if let Some(url) = url {
                let width = url.width();
                self.link_spans.push(LinkSpan {
                    link,
                    line: self.out.len(),
                    column: line.width() - width,
                    width,
                });
            }
            self.out.push(line);
        }
    }

    // ----- output -----

    fn push_container(
        &mut self,
        first: Vec<Span<'static>>,
        rest: Vec<Span<'static>>,
        width: usize,
    ) {
        self.containers.push(Container {
            first,
            rest,
            width,
            used: false,
        });
    }

    /// Width left for content after the prefixes of the containers that are drawn.
    fn content_width(&self) -> usize {
        self.width.saturating_sub(self.indent_width()).max(1)
    }

    /// Indentation is capped at half the width: deeper containers add no further indent.
    fn indent_width(&self) -> usize {
        let cap = self.width / 2;
        let mut total = 0;
        for container in &self.containers {
            if total + container.width > cap {
                break;
            }
            total += container.width;
        }
        total
    }

    /// Emits a blank line if the previous block asked for one.
    fn gap(&mut self) {
        if self.need_gap {
            self.gap_always();
        }
    }

    fn gap_always(&mut self) {
        self.need_gap = false;
        if self.out.is_empty() {
            return;
        }
        let mut line = self.prefix(false);
        trim_trailing_spaces(&mut line);
        self.out.push(Line::from(line));
    }

    fn prefix(&mut self, consume_first: bool) -> Vec<Span<'static>> {
        let cap = self.width / 2;
        let mut total = 0;
        let mut spans = Vec::new();
        for container in &mut self.containers {
            if total + container.width > cap {
                break;
            }
            total += container.width;
            if consume_first && !container.used {
                container.used = true;
                spans.extend(container.first.iter().cloned());
            } else {
                spans.extend(container.rest.iter().cloned());
            }
        }
        spans
    }

    /// Emits a line inside the current containers; returns how many spans the prefix took.
    fn emit(&mut self, line: StyledLine) -> usize {
        let mut spans = self.prefix(true);
        let prefix_spans = spans.len();
        spans.extend(line.spans);
        self.out.push(Line::from(spans));
        prefix_spans
    }

    /// Lays out a code block. When highlighting is deferred (the reader), the block is drawn
    /// plain and recorded, so only the blocks that come on screen are ever highlighted; they wrap
    /// identically either way, so highlighting later replaces lines without moving any.
    fn code_block(&mut self, lang: &str, code: &str) {
        let width = self.content_width();
        // Footnote lines move when the notes are appended; highlight those at once.
        let defer = self.defer_highlighting && self.footnote.is_none();
        let lines = blocks::code_block(lang, code, width, self.theme, !defer);
        if !defer {
            self.emit_all(lines);
            return;
        }
        let first_line = self.out.len();
        let prefix_spans = lines.into_iter().map(|line| self.emit(line)).collect();
        self.code_blocks.push(CodeBlock {
            lang: lang.to_owned(),
            code: code.to_owned(),
            width,
            first_line,
            prefix_spans,
            highlighted: false,
        });
    }

    fn emit_all(&mut self, lines: Vec<StyledLine>) {
        for line in lines {
            self.emit(line);
        }
    }

    /// Draws code blocks plain and records them for highlighting later.
    pub(super) fn defer_highlighting(mut self) -> Self {
        self.defer_highlighting = true;
        self
    }
}

fn trim_trailing_spaces(spans: &mut Vec<Span<'static>>) {
    while let Some(last) = spans.last_mut() {
        let trimmed = last.content.trim_end().len();
        if trimmed == 0 {
            spans.pop();
        } else {
            last.content.to_mut().truncate(trimmed);
            break;
        }
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// For every list, in the order they start: how many items it has and whether it is tight (no
/// item holds a paragraph), which decides the number width and the blank lines between items.
/// One pass with a stack, so nested lists cost no more than flat ones.
fn list_shapes(events: &[Event<'_>]) -> Vec<(usize, bool)> {
    let mut shapes = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    // Depth of containers below the innermost open list's items, so a paragraph in a quote in
    // an item does not make the list loose.
    let mut nested_blocks: Vec<usize> = Vec::new();
    for event in events {
        match event {
            Event::Start(Tag::List(_)) => {
                open.push(shapes.len());
                shapes.push((0, true));
                nested_blocks.push(0);
            }
            Event::End(TagEnd::List(_)) => {
                open.pop();
                nested_blocks.pop();
            }
            Event::Start(Tag::Item) => {
                if let Some(&i) = open.last() {
                    shapes[i].0 += 1;
                }
            }
            Event::Start(Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => {
                if let Some(depth) = nested_blocks.last_mut() {
                    *depth += 1;
                }
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                if let Some(depth) = nested_blocks.last_mut() {
                    *depth = depth.saturating_sub(1);
                }
            }
            Event::Start(Tag::Paragraph) if nested_blocks.last() == Some(&0) => {
                if let Some(&i) = open.last() {
                    shapes[i].1 = false;
                }
            }
            _ => {}
        }
    }
    shapes
}

/// The anchor a heading gets without an explicit `{#id}`: lowercase letters and digits, other
/// runs of characters as single hyphens (as GitHub derives them), so `#some-section` links work.
fn anchor_id(text: &str) -> String {
    let mut id = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            id.push(c);
        } else if (c == ' ' || c == '-' || c == '_') && !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::super::{line_text, render};
    use crate::theme::Theme;

    /// The text under each link span, as a reader would see it highlighted.
    fn span_texts(source: &str, width: usize) -> Vec<(usize, String)> {
        let rendered = render(source, width, &Theme::default());
        rendered
            .link_spans
            .iter()
            .map(|span| {
                let text: String = line_text(&rendered.lines[span.line])
                    .chars()
                    .skip(span.column)
                    .take(span.width)
                    .collect();
                (span.link, text)
            })
            .collect()
    }

    #[test]
    fn link_spans_cover_exactly_the_link_text() {
        let spans = span_texts("Read [the fine spec](https://x.org) and [more](b.md).", 16);
        let texts: Vec<(usize, &str)> = spans.iter().map(|(l, t)| (*l, t.as_str())).collect();
        // The link text, then the URLs in the list at the end (wrapped at 16 columns).
        assert_eq!(
            texts,
            [
                (0, "the fine"),
                (0, "spec"),
                (1, "more"),
                (0, "https://x.or"),
                (0, "g"),
                (1, "b.md")
            ]
        );
    }

    #[test]
    fn link_spans_account_for_list_and_quote_indents_and_footnotes() {
        let spans = span_texts("> - see [a](u)\n\nnote[^1]\n\n[^1]: in [b](v)", 40);
        let texts: Vec<(usize, &str)> = spans.iter().map(|(l, t)| (*l, t.as_str())).collect();
        assert_eq!(texts, [(0, "a"), (1, "b"), (0, "u"), (1, "v")]);
    }

    #[test]
    fn headings_get_anchors() {
        let rendered = render(
            "## Hello, World!\n\n## Custom {#mine}",
            40,
            &Theme::default(),
        );
        let ids: Vec<&str> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["hello-world", "mine"]);
    }
}
