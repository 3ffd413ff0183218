//! The one place the state changes: `update(state, action)`.

use super::{Action, AppState, Focus, Overlay, Reader};
use crate::document;
use crate::layout;
use crate::ui::list::item_height;

/// Applies one action.
pub fn update(state: &mut AppState, action: Action) {
    if let Action::Resize { width, height } = action {
        resize(state, width, height);
        return;
    }
    if matches!(action, Action::Quit) {
        state.quit = true;
        return;
    }
    if let Some(overlay) = state.overlay {
        update_overlay(state, overlay, &action);
        return;
    }
    match action {
        Action::Help => state.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Problems => state.overlay = Some(Overlay::Problems { scroll: 0 }),
        Action::Search => {
            state.search.editing = true;
            state.focus = Focus::List;
        }
        Action::SearchInput(c) => {
            state.search.query.push(c);
            refilter(state);
        }
        Action::SearchPaste(text) => {
            state
                .search
                .query
                .extend(text.chars().filter(|c| !c.is_control()));
            refilter(state);
        }
        Action::SearchBackspace => {
            state.search.query.pop();
            refilter(state);
        }
        Action::SearchDeleteWord => {
            delete_word_before_cursor(&mut state.search.query);
            refilter(state);
        }
        Action::SearchDeleteLine => {
            state.search.query.clear();
            refilter(state);
        }
        Action::SearchCancel => {
            state.search.editing = false;
            clear_filter(state);
        }
        Action::SearchAccept => {
            state.search.editing = false;
            open_selected(state);
        }
        Action::Back => back(state),
        Action::Open => open_selected(state),
        Action::SwitchPane => switch_pane(state),
        Action::Wheel { down, column, row } => wheel(state, down, column, row),
        Action::Click { column, row } => click(state, column, row),
        movement => match state.focus {
            Focus::Reader if state.reader.is_some() => scroll_reader(state, &movement),
            _ => move_selection(state, &movement),
        },
    }
}

fn resize(state: &mut AppState, width: u16, height: u16) {
    state.width = width;
    state.height = height;
    let new_width = state.reader_width();
    if let Some(reader) = state.reader.as_mut()
        && reader.width != new_width
    {
        // Keep the reader at the same place in the post: the same fraction of its length.
        let old_len = reader.doc.lines.len().max(1);
        if let Some(post) = state.library.posts.get(reader.post) {
            reader.doc = document::render_post(post, new_width, &state.theme);
            reader.width = new_width;
            reader.scroll = reader.scroll * reader.doc.lines.len() / old_len;
        }
    }
    clamp_reader(state);
    keep_selection_visible(state);
}

fn update_overlay(state: &mut AppState, overlay: Overlay, action: &Action) {
    let scroll = match overlay {
        Overlay::Help { scroll } | Overlay::Problems { scroll } => scroll,
    };
    let page = usize::from(state.height.saturating_sub(6)).max(1);
    let scroll = match action {
        Action::Back | Action::Help | Action::Problems => {
            state.overlay = None;
            return;
        }
        Action::Down | Action::Wheel { down: true, .. } => scroll + 1,
        Action::Up | Action::Wheel { down: false, .. } => scroll.saturating_sub(1),
        Action::PageDown | Action::HalfPageDown => scroll + page,
        Action::PageUp | Action::HalfPageUp => scroll.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => usize::MAX / 2,
        _ => return,
    };
    // Drawing clamps to the overlay's length; keep the stored value bounded too.
    let limit = match overlay {
        Overlay::Help { .. } => crate::ui::help::max_scroll(state),
        Overlay::Problems { .. } => crate::ui::problems::max_scroll(state),
    };
    let scroll = scroll.min(limit);
    state.overlay = Some(match overlay {
        Overlay::Help { .. } => Overlay::Help { scroll },
        Overlay::Problems { .. } => Overlay::Problems { scroll },
    });
}

fn back(state: &mut AppState) {
    match state.focus {
        Focus::Reader => state.focus = Focus::List,
        Focus::List if !state.search.query.is_empty() => clear_filter(state),
        Focus::List => {}
    }
}

fn switch_pane(state: &mut AppState) {
    state.search.editing = false;
    state.focus = match state.focus {
        Focus::List if state.reader.is_some() => Focus::Reader,
        _ => Focus::List,
    };
}

/// Re-ranks the list for the current query; the best match becomes the selection.
fn refilter(state: &mut AppState) {
    state.search.hits = state
        .searcher
        .rank(&state.library.posts, &state.search.query);
    state.selected = 0;
    state.list_offset = 0;
}

/// Shows every post again, keeping the selected post selected.
fn clear_filter(state: &mut AppState) {
    let selected_post = state.search.hits.get(state.selected).map(|hit| hit.index);
    state.search.query.clear();
    refilter(state);
    if let Some(post) = selected_post {
        state.selected = state
            .search
            .hits
            .iter()
            .position(|hit| hit.index == post)
            .unwrap_or(0);
    }
    keep_selection_visible(state);
}

/// Deletes back to the start of the previous word, skipping trailing spaces first (as a shell).
fn delete_word_before_cursor(query: &mut String) {
    let trimmed = query.trim_end_matches(char::is_whitespace).len();
    query.truncate(trimmed);
    let word_start = query.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    query.truncate(word_start);
}

fn open_selected(state: &mut AppState) {
    let Some(index) = state.search.hits.get(state.selected).map(|hit| hit.index) else {
        return;
    };
    open_post(state, index);
}

/// Opens a post in the reader; reopening the post already open keeps its place.
pub(super) fn open_post(state: &mut AppState, index: usize) {
    state.focus = Focus::Reader;
    if state.reader.as_ref().is_some_and(|r| r.post == index) {
        return;
    }
    let Some(post) = state.library.posts.get(index) else {
        return;
    };
    let width = state.reader_width();
    let doc = document::render_post(post, width, &state.theme);
    state.reader = Some(Reader {
        post: index,
        doc,
        width,
        scroll: 0,
    });
}

fn scroll_reader(state: &mut AppState, action: &Action) {
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

fn clamp_reader(state: &mut AppState) {
    let max = state.reader_max_scroll();
    if let Some(reader) = state.reader.as_mut() {
        reader.scroll = reader.scroll.min(max);
    }
}

fn move_selection(state: &mut AppState, action: &Action) {
    let count = state.search.hits.len();
    if count == 0 {
        return;
    }
    let page = visible_items(state).max(1);
    let last = count - 1;
    state.selected = match action {
        Action::Down => (state.selected + 1).min(last),
        Action::Up => state.selected.saturating_sub(1),
        Action::PageDown => (state.selected + page).min(last),
        Action::PageUp => state.selected.saturating_sub(page),
        Action::HalfPageDown => (state.selected + (page / 2).max(1)).min(last),
        Action::HalfPageUp => state.selected.saturating_sub((page / 2).max(1)),
        Action::Top => 0,
        Action::Bottom => last,
        _ => state.selected,
    };
    keep_selection_visible(state);
}

/// Rows and width of the list's item area, if the list is shown.
fn list_area(state: &AppState) -> Option<(usize, usize)> {
    let pane = state.panes().list?;
    let area = layout::list_items_area(pane);
    Some((usize::from(area.height), usize::from(area.width)))
}

fn height_of(state: &AppState, position: usize, width: usize) -> usize {
    let hit = &state.search.hits[position];
    state
        .library
        .posts
        .get(hit.index)
        .map_or(1, |post| item_height(post, hit, width, &state.theme))
}

/// How many whole cards fit from the current offset.
fn visible_items(state: &AppState) -> usize {
    let Some((rows, width)) = list_area(state) else {
        return 1;
    };
    let mut used = 0;
    let mut count = 0;
    for position in state.list_offset..state.search.hits.len() {
        used += height_of(state, position, width);
        if used > rows {
            break;
        }
        count += 1;
    }
    count
}

/// Scrolls the list just enough that the whole selected card is on screen.
fn keep_selection_visible(state: &mut AppState) {
    state.selected = state
        .selected
        .min(state.search.hits.len().saturating_sub(1));
    if state.selected < state.list_offset {
        state.list_offset = state.selected;
        return;
    }
    let Some((rows, width)) = list_area(state) else {
        return;
    };
    let mut used: usize = (state.list_offset..=state.selected)
        .map(|p| height_of(state, p, width))
        .sum();
    while used > rows && state.list_offset < state.selected {
        used -= height_of(state, state.list_offset, width);
        state.list_offset += 1;
    }
}

fn wheel(state: &mut AppState, down: bool, column: u16, row: u16) {
    let panes = state.panes();
    let over_reader = panes
        .reader
        .is_some_and(|r| r.contains((column, row).into()));
    let step = if down { Action::Down } else { Action::Up };
    if over_reader && state.reader.is_some() {
        // Three lines a notch, as most terminals and browsers scroll.
        for _ in 0..3 {
            scroll_reader(state, &step);
        }
    } else if panes.list.is_some_and(|l| l.contains((column, row).into())) {
        move_selection(state, &step);
    }
}

fn click(state: &mut AppState, column: u16, row: u16) {
    let panes = state.panes();
    if let Some(pane) = panes.reader.filter(|r| r.contains((column, row).into())) {
        let _ = pane;
        if state.reader.is_some() {
            state.search.editing = false;
            state.focus = Focus::Reader;
        }
        return;
    }
    let Some(pane) = panes.list else { return };
    let items = layout::list_items_area(pane);
    if !items.contains((column, row).into()) {
        return;
    }
    let width = usize::from(items.width);
    let mut top = usize::from(items.y);
    for position in state.list_offset..state.search.hits.len() {
        let height = height_of(state, position, width);
        if usize::from(row) < top + height {
            let already = state.selected == position && state.focus == Focus::List;
            state.selected = position;
            state.focus = Focus::List;
            keep_selection_visible(state);
            if already {
                open_selected(state);
            }
            return;
        }
        top += height;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctrl_w_deletes_the_previous_word_like_a_shell() {
        let mut q = String::from("consistent hash  ");
        delete_word_before_cursor(&mut q);
        assert_eq!(q, "consistent ");
        delete_word_before_cursor(&mut q);
        assert_eq!(q, "");
    }
}
