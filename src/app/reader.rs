//! What the reader does: open posts, scroll, cycle and follow links, go back, jump between
//! headings and search the text of the open post.

use super::{Action, AppState, Find, FindMatch, Focus, Place, Reader};
use crate::content::post_link_target;
use crate::document::{self, Highlighting};
use crate::markdown::line_text;
use crate::markdown::wrap::str_width;

/// Opens a post in the reader; reopening the post already open keeps its place. A long post
/// is first laid out only as far as its first screen needs (see [`complete_layout`]).
/// Returns whether the post is open: a post whose file cannot be read is not (the message
/// says why), and neither is one whose text the loop has yet to read (see
/// [`Requests::read_body`](super::Requests::read_body)), which changes nothing else.
pub(super) fn open_post(state: &mut AppState, index: usize) -> bool {
    if state.reader.as_ref().is_some_and(|r| r.post == index) {
        state.focus = Focus::Reader;
        return true;
    }
    let Some(post) = state.library.posts.get(index) else {
        return false;
    };
    // A folder's post is read from its file by the loop, once: the reader keeps the text for
    // re-rendering. A file gone or broken since loading leaves the reader as it was.
    let read = if let Some(text) = post.body.held() {
        Ok((std::sync::Arc::from(text), false))
    } else if let Some(fetched) = state.fetched.take().filter(|read| read.post == index) {
        fetched.text
    } else {
        state.requests.read_body = Some(index);
        state.requests.apply_again = true;
        return false;
    };
    state.focus = Focus::Reader;
    let body = match read {
        Ok((text, changed)) => {
            if changed {
                state.message = Some(format!(
                    "{} changed on disk since folio loaded it: this is the new text (the list shows the old details until folio restarts)",
                    post.source
                ));
            }
            text
        }
        Err(err) => {
            state.message = Some(err);
            if state.reader.is_none() {
                state.focus = Focus::List;
            }
            return false;
        }
    };
    super::marks::remember_position(state);
    let Some(post) = state.library.posts.get(index) else {
        return false;
    };
    let width = state.reader_width();
    // A post with a remembered place is laid out whole at once, to go back to that place.
    let remembered = state.marks.get(&post.slug).position > 0.0;
    let opening = if remembered {
        None
    } else {
        document::render_opening(post, &body, width, &state.theme)
    };
    let complete = opening.is_none();
    let doc = opening.unwrap_or_else(|| {
        document::render_in_library(
            &state.library,
            index,
            &body,
            width,
            &state.theme,
            Highlighting::Later,
        )
    });
    state.reader = Some(Reader {
        post: index,
        body,
        doc,
        width,
        scroll: 0,
        selected_link: None,
        find: Find::default(),
        complete,
    });
    super::marks::mark_open_post_read(state);
    let slug = state
        .open_post()
        .map(|p| p.slug.clone())
        .unwrap_or_default();
    let lines = state.reader.as_ref().map_or(0, |r| r.doc.lines.len());
    let line = super::marks::remembered_line(state, &slug, lines);
    scroll_to(state, line);
    true
}

/// Lays out the whole of a post opened by its opening. Called after the first frame, and
/// before anything that needs the whole post (its headings, its end).
pub(super) fn complete_layout(state: &mut AppState) -> bool {
    if state.reader.as_ref().is_none_or(|r| r.complete) {
        return false;
    }
    rerender(state);
    true
}

/// Opens a post whole, at once: for following links, where the place to show may be anywhere.
fn open_post_whole(state: &mut AppState, index: usize) -> bool {
    let opened = open_post(state, index);
    complete_layout(state);
    opened
}

/// Re-renders the open post for the current width, keeping the reader at the same place.
pub(super) fn rewrap(state: &mut AppState) {
    if state
        .reader
        .as_ref()
        .is_some_and(|r| r.width != state.reader_width())
    {
        rerender(state);
    }
}

/// Renders the open post again (after a resize or a theme change), keeping its place.
pub(super) fn rerender(state: &mut AppState) {
    let new_width = state.reader_width();
    let theme = state.theme.clone();
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    let old_len = reader.doc.lines.len().max(1);
    let had_whole = reader.complete;
    reader.doc = document::render_in_library(
        &state.library,
        reader.post,
        &reader.body,
        new_width,
        &theme,
        Highlighting::Later,
    );
    reader.width = new_width;
    reader.complete = true;
    // The same fraction of the post stays at the top of the pane (after a resize; completing
    // an opening keeps the very same lines).
    if had_whole {
        reader.scroll = reader.scroll * reader.doc.lines.len() / old_len;
    }
    let query = std::mem::take(&mut reader.find.query);
    reader.find.matches = find_matches(reader, &query);
    reader.find.query = query;
    reader.find.current = 0;
    clamp(state);
}

/// Highlights the code on screen and a screen beyond it in each direction, so scrolling meets
/// coloured code; blocks already done cost nothing. Returns whether any block was highlighted.
pub(super) fn highlight_view(state: &mut AppState) -> bool {
    let height = state.reader_height().max(1);
    let theme = state.theme.clone();
    let Some(reader) = state.reader.as_mut() else {
        return false;
    };
    let start = reader.scroll.saturating_sub(height);
    reader
        .doc
        .highlight_lines(start..reader.scroll + 2 * height, &theme)
}

/// Scrolls by a movement action.
pub(super) fn scroll(state: &mut AppState, action: &Action) {
    let page = state.reader_height().max(1);
    let max = state.reader_max_scroll();
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    reader.scroll = match action {
        Action::Down => reader.scroll + 1,
        Action::Up => reader.scroll.saturating_sub(1),
        // A page keeps two lines of context, as `less` and browsers do.
        Action::PageDown => reader.scroll + page.saturating_sub(2).max(1),
        Action::PageUp => reader.scroll.saturating_sub(page.saturating_sub(2).max(1)),
        Action::HalfPageDown => reader.scroll + (page / 2).max(1),
        Action::HalfPageUp => reader.scroll.saturating_sub((page / 2).max(1)),
        Action::Top => 0,
        Action::Bottom => max,
        _ => reader.scroll,
    }
    .min(max);
}

/// Keeps the scroll position within the post.
pub(super) fn clamp(state: &mut AppState) {
    let max = state.reader_max_scroll();
    if let Some(reader) = state.reader.as_mut() {
        reader.scroll = reader.scroll.min(max);
    }
}

/// Scrolls so `line` is at the top of the pane (or as near as the end of the post allows).
fn scroll_to(state: &mut AppState, line: usize) {
    let max = state.reader_max_scroll();
    if let Some(reader) = state.reader.as_mut() {
        reader.scroll = line.min(max);
    }
}

/// Scrolls only if `line` is off screen, then puts it a third of the way down the pane.
fn reveal(state: &mut AppState, line: usize) {
    let height = state.reader_height().max(1);
    let Some(reader) = state.reader.as_ref() else {
        return;
    };
    if line < reader.scroll || line >= reader.scroll + height {
        scroll_to(state, line.saturating_sub(height / 3));
    }
}

/// Rendered lines on screen now.
fn visible_lines(state: &AppState) -> std::ops::Range<usize> {
    let height = state.reader_height();
    state
        .reader
        .as_ref()
        .map_or(0..0, |r| r.scroll..r.scroll + height)
}

/// Selects the next (or previous) link with text on screen, wrapping around.
pub(super) fn cycle_link(state: &mut AppState, forward: bool) {
    let view = visible_lines(state);
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    let mut in_view: Vec<usize> = reader
        .doc
        .link_spans
        .iter()
        .filter(|span| view.contains(&span.line))
        .map(|span| span.link)
        .collect();
    // A link has spans in the text and in the list of links at the end: each counts once,
    // where it first shows.
    let mut seen = std::collections::HashSet::new();
    in_view.retain(|link| seen.insert(*link));
    if in_view.is_empty() {
        reader.selected_link = None;
        state.message = Some("No links on screen".into());
        return;
    }
    let position = reader
        .selected_link
        .and_then(|l| in_view.iter().position(|&v| v == l));
    let next = match (position, forward) {
        (None, true) => 0,
        (None, false) => in_view.len() - 1,
        (Some(p), true) => (p + 1) % in_view.len(),
        (Some(p), false) => (p + in_view.len() - 1) % in_view.len(),
    };
    let link = in_view[next];
    reader.selected_link = Some(link);
    if let Some(url) = reader.doc.links.get(link).map(|l| l.url.clone()) {
        state.message = Some(format!("[{}] {url}  (Enter follows)", link + 1));
    }
}

/// Follows the selected link: a post link opens that post, an anchor jumps to its heading, and
/// a web link is shown (the terminal opens it on click where it supports hyperlinks).
pub(super) fn follow_link(state: &mut AppState) {
    let Some(reader) = state.reader.as_ref() else {
        return;
    };
    let Some(url) = reader
        .selected_link
        .and_then(|l| reader.doc.links.get(l))
        .map(|l| l.url.clone())
    else {
        state.message = Some("Press f to choose a link, then Enter to follow it".into());
        return;
    };
    let here = Place {
        post: reader.post,
        scroll: reader.scroll,
    };
    if let Some(anchor) = url.strip_prefix('#') {
        let line = reader
            .doc
            .headings
            .iter()
            .find(|h| h.id == anchor)
            .map(|h| h.line);
        match line {
            Some(line) => {
                state.history.push(here);
                state.forward.clear();
                scroll_to(state, line);
            }
            None => state.message = Some(format!("No heading #{anchor} in this post")),
        }
        return;
    }
    if let Some(target) = post_link_target(&url) {
        match state.library.find(target) {
            Some(index) => {
                if !travel(state, index) {
                    return;
                }
                if let Some(anchor) = url.split_once('#').map(|(_, a)| a.to_owned()) {
                    let line = state
                        .reader
                        .as_ref()
                        .and_then(|r| r.doc.headings.iter().find(|h| h.id == anchor))
                        .map(|h| h.line);
                    if let Some(line) = line {
                        scroll_to(state, line);
                    }
                }
                let title = state
                    .open_post()
                    .map(|p| p.title.clone())
                    .unwrap_or_default();
                state.message = Some(format!("Opened “{title}” — Backspace goes back"));
            }
            None => state.message = Some(format!("No post called {target}")),
        }
        return;
    }
    state.message = Some(format!("Link: {url}"));
}

/// Returns to where the last followed link was followed from.
pub(super) fn go_back(state: &mut AppState) {
    let Some(place) = state.history.pop() else {
        state.message = Some("Nowhere to go back to".into());
        return;
    };
    let from = here(state);
    if !open_post_whole(state, place.post) {
        state.history.push(place);
        return;
    }
    state.forward.extend(from);
    scroll_to(state, place.scroll);
}

/// Goes forward again to where going back came from.
pub(super) fn go_forward(state: &mut AppState) {
    let Some(place) = state.forward.pop() else {
        state.message = Some("Nowhere to go forward to".into());
        return;
    };
    let from = here(state);
    if !open_post_whole(state, place.post) {
        state.forward.push(place);
        return;
    }
    state.history.extend(from);
    scroll_to(state, place.scroll);
}

/// Where the reader is now.
fn here(state: &AppState) -> Option<Place> {
    state.reader.as_ref().map(|r| Place {
        post: r.post,
        scroll: r.scroll,
    })
}

/// Leaves the current place for another post by a link, a related post or next/previous: it
/// can be gone back to, and going forward starts afresh, as in a browser.
/// Returns whether the post opened.
fn travel(state: &mut AppState, index: usize) -> bool {
    let from = here(state);
    if !open_post_whole(state, index) {
        return false;
    }
    state.history.extend(from);
    state.forward.clear();
    true
}

/// Opens the next (or previous) post of the list, in its current order and filter.
pub(super) fn step_post(state: &mut AppState, forward: bool) {
    let Some(open) = state.reader.as_ref().map(|r| r.post) else {
        return;
    };
    let hits = &state.search.hits;
    let Some(position) = hits.iter().position(|hit| hit.index == open) else {
        state.message =
            Some("This post is not in the list any more (clear the search or filters)".into());
        return;
    };
    let target = if forward {
        position.checked_add(1).filter(|&p| p < hits.len())
    } else {
        position.checked_sub(1)
    };
    match target {
        Some(target) => {
            let index = hits[target].index;
            state.selected = target;
            if !travel(state, index) {
                return;
            }
            let title = state
                .open_post()
                .map(|p| p.title.clone())
                .unwrap_or_default();
            state.message = Some(format!(
                "{} “{title}”",
                if forward { "Next:" } else { "Previous:" }
            ));
        }
        None => {
            state.message = Some(
                if forward {
                    "This is the last post in the list"
                } else {
                    "This is the first post in the list"
                }
                .into(),
            );
        }
    }
}

/// Finds `word` in the open post, as `/` would, and moves to its first match: for opening a
/// full-text search hit at the text that matched.
pub(super) fn find_word(state: &mut AppState, word: &str) {
    start_find(state);
    edit_find(state, |query| query.push_str(word));
    if let Some(reader) = state.reader.as_mut() {
        reader.find.editing = false;
        reader.find.current = 0;
    }
    if let Some(line) = state
        .reader
        .as_ref()
        .and_then(|r| r.find.matches.first())
        .map(|m| m.line)
    {
        reveal(state, line);
    }
}

/// Jumps to the next heading below the top line, or the previous one above it.
pub(super) fn jump_heading(state: &mut AppState, forward: bool) {
    let Some(reader) = state.reader.as_ref() else {
        return;
    };
    let top = reader.scroll;
    let headings = &reader.doc.headings;
    let target = if forward {
        headings.iter().find(|h| h.line > top)
    } else {
        headings.iter().rev().find(|h| h.line < top)
    };
    match target.map(|h| h.line) {
        Some(line) => scroll_to(state, line),
        None if !forward => scroll_to(state, 0),
        None => state.message = Some("No more headings".into()),
    }
}

/// Jumps to heading `index` of the open post.
pub(super) fn jump_to_heading(state: &mut AppState, index: usize) {
    let line = state
        .reader
        .as_ref()
        .and_then(|r| r.doc.headings.get(index))
        .map(|h| h.line);
    if let Some(line) = line {
        scroll_to(state, line);
    }
}

/// Opens the find bar.
pub(super) fn start_find(state: &mut AppState) {
    if let Some(reader) = state.reader.as_mut() {
        reader.find = Find {
            editing: true,
            ..Find::default()
        };
    }
}

/// Applies an edit to the find query and moves to the first match from the top of the screen,
/// as incremental search does in `less` and vim.
pub(super) fn edit_find(state: &mut AppState, edit: impl FnOnce(&mut String)) {
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    let mut query = std::mem::take(&mut reader.find.query);
    edit(&mut query);
    reader.find.matches = find_matches(reader, &query);
    reader.find.query = query;
    let top = reader.scroll;
    reader.find.current = reader
        .find
        .matches
        .iter()
        .position(|m| m.line >= top)
        .unwrap_or(0);
    if let Some(line) = reader.find.matches.get(reader.find.current).map(|m| m.line) {
        reveal(state, line);
    }
}

/// Leaves the find bar; `keep` keeps the matches for `n` and `N`.
pub(super) fn end_find(state: &mut AppState, keep: bool) {
    if let Some(reader) = state.reader.as_mut() {
        if keep {
            reader.find.editing = false;
        } else {
            reader.find = Find::default();
        }
    }
}

/// Moves to the next (or previous) match, wrapping around the post.
pub(super) fn next_match(state: &mut AppState, forward: bool) {
    let Some(reader) = state.reader.as_mut() else {
        return;
    };
    let count = reader.find.matches.len();
    if count == 0 {
        state.message = Some(if reader.find.query.is_empty() {
            "Press / to search this post".into()
        } else {
            format!("No match for “{}”", reader.find.query)
        });
        return;
    }
    reader.find.current = if forward {
        (reader.find.current + 1) % count
    } else {
        (reader.find.current + count - 1) % count
    };
    let line = reader.find.matches[reader.find.current].line;
    reveal(state, line);
}

/// Every occurrence of `query` in the rendered text. Lowercase queries ignore case; a capital
/// letter makes the search exact (smart case, as in vim and ripgrep).
fn find_matches(reader: &Reader, query: &str) -> Vec<FindMatch> {
    if query.is_empty() {
        return Vec::new();
    }
    let exact = query.chars().any(char::is_uppercase);
    let needle: Vec<char> = query
        .chars()
        .map(|c| if exact { c } else { fold(c) })
        .collect();
    let mut matches = Vec::new();
    for (line, rendered) in reader.doc.lines.iter().enumerate() {
        let text: Vec<char> = line_text(rendered)
            .chars()
            .map(|c| if exact { c } else { fold(c) })
            .collect();
        let mut start = 0;
        while start + needle.len() <= text.len() {
            if text[start..start + needle.len()] == needle[..] {
                let column = str_width(&text[..start].iter().collect::<String>());
                let width =
                    str_width(&text[start..start + needle.len()].iter().collect::<String>());
                matches.push(FindMatch {
                    line,
                    column,
                    width,
                });
                start += needle.len();
            } else {
                start += 1;
            }
        }
    }
    matches
}

/// Lowercases one character to one character, so positions stay aligned.
fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}
