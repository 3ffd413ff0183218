//! The one place the state changes: `update(state, action)`.

use super::{Action, AppState, Focus, Overlay, marks, reader};
use crate::config::Sort;
use crate::layout;
use crate::ui::list::item_height;

/// Applies one action.
pub fn update(state: &mut AppState, action: Action) {
    if let Action::BodyRead(read) = action {
        state.fetched = Some(read);
        return;
    }
    // Every action sees the whole post (the event loop has normally laid it out already).
    reader::complete_layout(state);
    // And the list ranked for the query shown, unless it only edits the query further.
    if !action.edits_query() {
        rank_stale_search(state);
        if state.search.stale && state.requests.load_bodies {
            // Not on the old list: applied again once the loop has read the posts' text.
            state.requests.apply_again = true;
            return;
        }
    }
    apply(state, action);
    order_hits_in_view(state);
    // Whatever changed the reader's width (a resize, a zoom, the focus moving between the
    // panes of a zoomed layout), the open post is wrapped for the width it is drawn at.
    reader::rewrap(state);
    reader::clamp(state);
}

fn apply(state: &mut AppState, action: Action) {
    match action {
        Action::Resize { width, height } => return resize(state, width, height),
        Action::TerminalBackground { red, green, blue } => {
            return follow_background(state, red, green, blue);
        }
        Action::Quit => {
            marks::remember_position(state);
            state.requests.quit = true;
            return;
        }
        _ => {}
    }
    // A message lasts until the next key.
    state.message = None;
    if let Some(overlay) = state.overlay {
        update_overlay(state, overlay, &action);
    } else if finding(state) {
        update_find(state, action);
    } else if state.search.editing {
        update_search(state, action);
    } else if state.focus == Focus::Reader && state.reader.is_some() {
        update_reader(state, action);
    } else {
        update_list(state, action);
    }
}

fn finding(state: &AppState) -> bool {
    state.focus == Focus::Reader && state.reader.as_ref().is_some_and(|r| r.find.editing)
}

/// Actions every pane shares.
fn update_common(state: &mut AppState, action: &Action) {
    match action {
        Action::Help => state.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Problems => state.overlay = Some(Overlay::Problems { scroll: 0 }),
        Action::SwitchPane => switch_pane(state),
        Action::Suspend => state.requests.suspend = true,
        Action::Bookmark => {
            marks::toggle_bookmark(state);
            if state.filter.bookmarks_only {
                refilter_keeping_selection(state);
            }
        }
        Action::BookmarksOnly => {
            state.filter.bookmarks_only = !state.filter.bookmarks_only;
            refilter_keeping_selection(state);
            state.message = Some(
                if state.filter.bookmarks_only {
                    "Showing bookmarked posts only"
                } else {
                    "Showing all posts"
                }
                .to_owned(),
            );
        }
        Action::Sort => {
            state.filter.sort = state.filter.sort.next();
            refilter_keeping_selection(state);
            state.message = Some(format!("Sorted by {}", state.filter.sort.label()));
        }
        Action::Tags => {
            state.tags_chosen.clone_from(&state.filter.tags);
            state.overlay = Some(Overlay::Tags { selected: 0 });
        }
        Action::Wheel { down, column, row } => wheel(state, *down, *column, *row),
        Action::Click { column, row } => click(state, *column, *row),
        _ => {}
    }
}

fn update_list(state: &mut AppState, action: Action) {
    match action {
        Action::Search => state.search.editing = true,
        Action::Back => {
            if !state.search.query.is_empty() {
                clear_filter(state);
            }
        }
        Action::Open => open_selected(state),
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::HalfPageUp
        | Action::HalfPageDown
        | Action::Top
        | Action::Bottom => move_selection(state, &action),
        other => update_common(state, &other),
    }
}

fn update_search(state: &mut AppState, action: Action) {
    match action {
        Action::SearchInput(c) => edit_query(state, |q| q.push(c)),
        Action::SearchPaste(text) => edit_query(state, |q| {
            q.extend(pasted(&text));
        }),
        Action::SearchBackspace => edit_query(state, |q| {
            q.pop();
        }),
        Action::SearchDeleteWord => edit_query(state, delete_word_before_cursor),
        Action::SearchDeleteLine => edit_query(state, String::clear),
        Action::SearchMode => {
            state.search.full_text = !state.search.full_text;
            refilter(state);
        }
        Action::SearchCancel => {
            state.search.editing = false;
            clear_filter(state);
        }
        Action::SearchAccept => {
            open_selected(state);
            // After the opening, which may wait for the loop to read the post and then be
            // applied again from the bar.
            if !state.requests.apply_again {
                state.search.editing = false;
            }
        }
        Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
            move_selection(state, &action);
        }
        other => update_common(state, &other),
    }
}

fn update_reader(state: &mut AppState, action: Action) {
    match action {
        Action::Back => {
            marks::remember_position(state);
            state.focus = Focus::List;
        }
        Action::Search => reader::start_find(state),
        Action::Open => reader::follow_link(state),
        Action::NextLink => reader::cycle_link(state, true),
        Action::PreviousLink => reader::cycle_link(state, false),
        Action::GoBack => reader::go_back(state),
        Action::GoForward => reader::go_forward(state),
        Action::Zoom => state.zoomed = !state.zoomed,
        Action::NextPost => reader::step_post(state, true),
        Action::PreviousPost => reader::step_post(state, false),
        Action::NextHeading => reader::jump_heading(state, true),
        Action::PreviousHeading => reader::jump_heading(state, false),
        Action::FindNext => reader::next_match(state, true),
        Action::FindPrevious => reader::next_match(state, false),
        Action::Contents => open_contents(state),
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::HalfPageUp
        | Action::HalfPageDown
        | Action::Top
        | Action::Bottom => reader::scroll(state, &action),
        other => update_common(state, &other),
    }
}

/// Keys typed into the reader's find bar.
fn update_find(state: &mut AppState, action: Action) {
    match action {
        Action::SearchInput(c) => reader::edit_find(state, |q| q.push(c)),
        Action::SearchPaste(text) => {
            reader::edit_find(state, |q| {
                q.extend(pasted(&text));
            });
        }
        Action::SearchBackspace => reader::edit_find(state, |q| {
            q.pop();
        }),
        Action::SearchDeleteWord => reader::edit_find(state, delete_word_before_cursor),
        Action::SearchDeleteLine => reader::edit_find(state, String::clear),
        Action::SearchCancel => reader::end_find(state, false),
        Action::SearchAccept => reader::end_find(state, true),
        Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
            reader::scroll(state, &action);
        }
        other => update_common(state, &other),
    }
}

fn open_contents(state: &mut AppState) {
    let Some(reader) = state.reader.as_ref() else {
        return;
    };
    if reader.doc.headings.is_empty() {
        state.message = Some("This post has no headings".into());
        return;
    }
    // Start on the section being read.
    let selected = reader
        .doc
        .headings
        .iter()
        .take_while(|h| h.line <= reader.scroll + 1)
        .count()
        .saturating_sub(1);
    state.overlay = Some(Overlay::Contents { selected });
}

/// Work an action left for after the frame is drawn: highlighting the code now on screen (and
/// a screen around it). The event loop draws first, so a long post's first screen is never
/// held up by compiling a grammar, then calls this and draws again if it did anything.
/// Returns whether anything changed.
pub fn finish_work(state: &mut AppState) -> bool {
    let laid_out = reader::complete_layout(state);
    reader::highlight_view(state) || laid_out
}

/// A ranking of the list for a query, to run away from the event loop's thread so that keys
/// go on being drawn while it runs (see [`take_rank_job`]).
#[derive(Debug)]
pub struct RankJob {
    query: String,
    full_text: bool,
    library: std::sync::Arc<crate::content::Library>,
    searcher: std::sync::Arc<crate::search::Searcher>,
}

impl RankJob {
    /// Ranks the posts: the slow part, safe on any thread.
    #[must_use]
    pub fn run(&self) -> RankedList {
        RankedList {
            query: self.query.clone(),
            full_text: self.full_text,
            hits: rank_posts(&self.searcher, &self.library, &self.query, self.full_text),
        }
    }
}

/// A finished [`RankJob`], for [`apply_ranking`].
#[derive(Debug)]
pub struct RankedList {
    query: String,
    full_text: bool,
    hits: crate::search::Ranking,
}

/// The ranking the list needs when typing left it stale (see `SearchBar::stale`), for the
/// event loop to run on another thread; `None` when the list is current.
#[must_use]
pub fn take_rank_job(state: &AppState) -> Option<RankJob> {
    state.search.stale.then(|| RankJob {
        query: state.search.query.clone(),
        full_text: state.search.full_text,
        library: std::sync::Arc::clone(&state.library),
        searcher: std::sync::Arc::clone(&state.searcher),
    })
}

/// Shows a finished ranking, if the list still waits for it: the same query and mode, still
/// stale. A ranking overtaken by more typing, or by an action that ranked the list itself, is
/// dropped. True if the list changed.
pub fn apply_ranking(state: &mut AppState, ranked: RankedList) -> bool {
    let current = state.search.stale
        && state.search.query == ranked.query
        && state.search.full_text == ranked.full_text;
    if current {
        install_hits(state, ranked.hits);
    }
    current
}

/// The snippets the full-text hits on screen still lack: each is read from its post's file,
/// so the event loop reads them (see [`take_snippet_job`]), for the cards it is about to draw.
#[derive(Debug)]
pub struct SnippetJob {
    query: String,
    /// The query's word the snippets show.
    word: String,
    library: std::sync::Arc<crate::content::Library>,
    /// Places in the list and the posts there.
    wanted: Vec<(usize, usize)>,
}

impl SnippetJob {
    /// Reads the snippets: I/O, at the event loop's edge.
    #[must_use]
    pub fn run(self) -> FoundSnippets {
        let posts = &self.library.posts;
        let found = self
            .wanted
            .into_iter()
            .filter_map(|(place, post)| {
                let snippet = crate::search::fulltext::snippet(posts.get(post)?, &self.word);
                Some((place, post, snippet))
            })
            .collect();
        FoundSnippets {
            query: self.query,
            found,
        }
    }
}

/// A finished [`SnippetJob`], for [`apply_snippets`].
#[derive(Debug)]
pub struct FoundSnippets {
    query: String,
    found: Vec<(usize, usize, crate::search::Snippet)>,
}

/// The snippets to read before the list is drawn: those of the full-text hits from the top
/// of the view that have none yet, as many as the terminal has rows (a card takes three rows
/// or more, so that is the screen and more past it); `None` when there are none to read.
#[must_use]
pub fn take_snippet_job(state: &AppState) -> Option<SnippetJob> {
    let search = &state.search;
    if !search.full_text || search.stale {
        return None;
    }
    let word = crate::search::fulltext::snippet_word(&search.query)?;
    let reach = state.list_offset.max(state.selected) + usize::from(state.height) + 1;
    let wanted: Vec<(usize, usize)> = search
        .hits
        .iter()
        .enumerate()
        .skip(state.list_offset.min(state.selected))
        .take_while(|(place, _)| *place < reach)
        .filter(|(_, hit)| hit.snippet.is_none())
        .map(|(place, hit)| (place, hit.index))
        .collect();
    (!wanted.is_empty()).then(|| SnippetJob {
        query: search.query.clone(),
        word,
        library: std::sync::Arc::clone(&state.library),
        wanted,
    })
}

/// Gives the hits the snippets read for them, if the list still shows the search they were
/// read for.
pub fn apply_snippets(state: &mut AppState, snippets: FoundSnippets) {
    if !state.search.full_text || state.search.stale || state.search.query != snippets.query {
        return;
    }
    for (place, post, snippet) in snippets.found {
        if let Some(hit) = state.search.hits.get_mut(place).filter(|h| h.index == post) {
            hit.snippet = Some(Box::new(snippet));
        }
    }
}

/// Ranks the list for the query if typing, or text still to be read, left it stale.
pub fn rank_stale_search(state: &mut AppState) {
    if state.search.stale {
        refilter(state);
    }
}

/// Switches between the dark and light themes to suit the terminal's background, when the
/// theme is `auto`.
fn follow_background(state: &mut AppState, red: u8, green: u8, blue: u8) {
    if !state.follow_background {
        return;
    }
    let palette = if crate::theme::is_light(red, green, blue) {
        crate::theme::Theme::light()
    } else {
        crate::theme::Theme::dark()
    };
    let theme = state.theme.with_palette(&palette);
    if theme != state.theme {
        state.theme = theme;
        reader::rerender(state);
    }
}

fn resize(state: &mut AppState, width: u16, height: u16) {
    state.width = width;
    state.height = height;
    keep_selection_visible(state);
}

fn update_overlay(state: &mut AppState, overlay: Overlay, action: &Action) {
    if matches!(
        action,
        Action::Back | Action::Help | Action::Problems | Action::Contents
    ) {
        state.overlay = None;
        return;
    }
    let (position, limit) = match overlay {
        Overlay::Tags { selected } => {
            let tags = state.tag_counts();
            match action {
                Action::Toggle => {
                    if let Some((tag, _)) = tags.get(selected)
                        && !state.tags_chosen.remove(tag)
                    {
                        state.tags_chosen.insert(tag.clone());
                    }
                    return;
                }
                Action::Open => {
                    state.overlay = None;
                    // Enter with nothing ticked filters by the tag under the cursor.
                    if state.tags_chosen.is_empty()
                        && let Some((tag, _)) = tags.get(selected)
                    {
                        state.tags_chosen.insert(tag.clone());
                    }
                    state.filter.tags = std::mem::take(&mut state.tags_chosen);
                    refilter_keeping_selection(state);
                    return;
                }
                _ => (selected, tags.len().saturating_sub(1)),
            }
        }
        Overlay::Help { scroll } => (scroll, crate::ui::help::max_scroll(state)),
        Overlay::Problems { scroll } => (scroll, crate::ui::problems::max_scroll(state)),
        Overlay::Contents { selected } => {
            if matches!(action, Action::Open) {
                state.overlay = None;
                reader::jump_to_heading(state, selected);
                return;
            }
            let count = state.reader.as_ref().map_or(0, |r| r.doc.headings.len());
            (selected, count.saturating_sub(1))
        }
    };
    let page = usize::from(state.height.saturating_sub(6)).max(1);
    let position = match action {
        Action::Down | Action::Wheel { down: true, .. } => position + 1,
        Action::Up | Action::Wheel { down: false, .. } => position.saturating_sub(1),
        Action::PageDown | Action::HalfPageDown => position + page,
        Action::PageUp | Action::HalfPageUp => position.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => limit,
        _ => return,
    }
    .min(limit);
    state.overlay = Some(match overlay {
        Overlay::Help { .. } => Overlay::Help { scroll: position },
        Overlay::Problems { .. } => Overlay::Problems { scroll: position },
        Overlay::Contents { .. } => Overlay::Contents { selected: position },
        Overlay::Tags { .. } => Overlay::Tags { selected: position },
    });
}

fn switch_pane(state: &mut AppState) {
    state.search.editing = false;
    if state.focus == Focus::Reader {
        marks::remember_position(state);
    }
    state.focus = match state.focus {
        Focus::List if state.reader.is_some() => Focus::Reader,
        _ => Focus::List,
    };
    // The list wants to be seen: a zoomed reader makes room for it again.
    if state.focus == Focus::List {
        state.zoomed = false;
    }
}

/// Pasted text as it goes into a one-line bar: tabs and line breaks separate words, so they
/// become spaces; any other control character is dropped.
fn pasted(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter_map(|c| match c {
        '\t' | '\n' | '\r' => Some(' '),
        c if c.is_control() => None,
        c => Some(c),
    })
}

/// Edits the list's query and re-ranks.
fn edit_query(state: &mut AppState, edit: impl FnOnce(&mut String)) {
    edit(&mut state.search.query);
    if state.library.posts.len() >= state.defer_search_from {
        state.search.stale = true;
    } else {
        refilter(state);
    }
}

/// Re-ranks the list for the current query; the best match becomes the selection. A
/// full-text search whose text is still in the posts' files leaves the list stale and asks
/// the loop to read them (see [`Requests::load_bodies`](super::Requests::load_bodies)).
fn refilter(state: &mut AppState) {
    if state.search.full_text && !state.searcher.bodies_ready(&state.library.posts) {
        state.search.stale = true;
        state.requests.load_bodies = true;
        return;
    }
    let hits = rank_posts(
        &state.searcher,
        &state.library,
        &state.search.query,
        state.search.full_text,
    );
    install_hits(state, hits);
}

/// How many title matches a keystroke puts in order, at least: the list's first screens
/// (a card takes two rows or more, so this is more than two screens of the tallest
/// terminals). The rest are ordered when the list scrolls near them.
pub const RANKED_AHEAD: usize = 100;

/// The posts matching `query`, best first: by title, summary and tags (the first
/// [`RANKED_AHEAD`] in order), or by full text.
fn rank_posts(
    searcher: &crate::search::Searcher,
    library: &crate::content::Library,
    query: &str,
    full_text: bool,
) -> crate::search::Ranking {
    if full_text {
        let hits = searcher.full_text(&library.posts, query);
        crate::search::Ranking {
            ordered: hits.len(),
            hits,
        }
    } else {
        searcher.rank_top(&library.posts, query, RANKED_AHEAD)
    }
}

/// Puts the rest of the list in order when the selection or the view nears the part of a
/// title search left unordered (see [`SearchBar::ordered`](super::SearchBar::ordered)): the
/// scores of the posts further down, computed once.
fn order_hits_in_view(state: &mut AppState) {
    let reach = state.list_offset.max(state.selected) + usize::from(state.height) + 1;
    if reach > state.search.ordered {
        order_hits(state);
    }
}

/// Puts the whole list in order (see [`order_hits_in_view`]), unless it waits to be ranked
/// for a query typed since.
fn order_hits(state: &mut AppState) {
    if state.search.stale || state.search.ordered >= state.search.hits.len() {
        return;
    }
    let mut ranking = crate::search::Ranking {
        hits: std::mem::take(&mut state.search.hits),
        ordered: state.search.ordered,
    };
    state
        .searcher
        .finish(&state.library.posts, &state.search.query, &mut ranking);
    state.search.hits = ranking.hits;
    state.search.ordered = ranking.ordered;
}

/// Makes ranked hits the list: the list's filters applied, in the chosen order when there is
/// no query, the best match selected.
fn install_hits(state: &mut AppState, ranking: crate::search::Ranking) {
    state.search.stale = false;
    let crate::search::Ranking { mut hits, ordered } = ranking;
    let posts = &state.library.posts;
    let keep = |hit: &crate::search::Hit| {
        let post = &posts[hit.index];
        (!state.filter.bookmarks_only || state.marks.get(&post.slug).bookmarked)
            && state.filter.tags.iter().all(|tag| post.tags.contains(tag))
    };
    // No filter on: every hit stays, and a search of a big library need not visit them all.
    if state.filter.bookmarks_only || !state.filter.tags.is_empty() {
        let ordered_kept = hits.iter().take(ordered).filter(|hit| keep(hit)).count();
        hits.retain(keep);
        state.search.ordered = ordered_kept;
    } else {
        state.search.ordered = ordered;
    }
    // A search ranks by relevance; otherwise the chosen order applies (the library itself is
    // newest first, ties by title).
    if state.search.query.trim().is_empty() {
        match state.filter.sort {
            Sort::Newest => {}
            Sort::Oldest => hits.sort_by(|a, b| {
                let (a, b) = (&posts[a.index], &posts[b.index]);
                a.date.cmp(&b.date).then_with(|| a.title.cmp(&b.title))
            }),
            Sort::Title => hits.sort_by_cached_key(|hit| posts[hit.index].title.to_lowercase()),
        }
    }
    state.search.hits = hits;
    state.selected = 0;
    state.list_offset = 0;
    order_hits_in_view(state);
}

/// Applies the list's filters and order again, as after start-up settings change them.
pub fn refresh_list(state: &mut AppState) {
    refilter_keeping_selection(state);
}

/// Re-filters after the filters or the order changed, keeping the selected post selected
/// when it is still in the list.
fn refilter_keeping_selection(state: &mut AppState) {
    let selected_post = state.search.hits.get(state.selected).map(|hit| hit.index);
    refilter(state);
    // The selection may be anywhere in the list: its place must be final.
    order_hits(state);
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

/// Shows every post again, keeping the selected post selected.
fn clear_filter(state: &mut AppState) {
    state.search.query.clear();
    refilter_keeping_selection(state);
}

/// Deletes back to the start of the previous word, skipping trailing spaces first (as a shell).
fn delete_word_before_cursor(query: &mut String) {
    let trimmed = query.trim_end_matches(char::is_whitespace).len();
    query.truncate(trimmed);
    let word_start = query.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    query.truncate(word_start);
}

/// Opens the selected post; a full-text hit opens at the text that matched, found as `/`
/// would find it so `n` goes on to the next occurrence.
fn open_selected(state: &mut AppState) {
    let Some(hit) = state.search.hits.get(state.selected) else {
        return;
    };
    let index = hit.index;
    // A hit ranked by a key typed just before has no snippet read yet: its word is the same.
    let word = match &hit.snippet {
        Some(snippet) => Some(snippet.word.clone()),
        None if state.search.full_text => {
            crate::search::fulltext::snippet_word(&state.search.query)
        }
        None => None,
    };
    if !reader::open_post(state, index) {
        return;
    }
    if let Some(word) = word.filter(|w| !w.is_empty()) {
        reader::complete_layout(state);
        reader::find_word(state, &word);
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
    state.library.posts.get(hit.index).map_or(1, |post| {
        let card = crate::ui::list::Card::of(state, position, post);
        item_height(post, hit, width, &state.theme, card)
    })
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
            reader::scroll(state, &step);
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
