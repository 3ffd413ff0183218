//! Keeping the remembered marks up to date: a post opened is read, a post left remembers
//! where reading stopped, a bookmark toggles. Saving them is the event loop's job.

use super::{AppState, Focus};

/// Marks the open post read.
pub(super) fn mark_open_post_read(state: &mut AppState) {
    let Some(slug) = state.open_post().map(|p| p.slug.clone()) else {
        return;
    };
    let now = state.now;
    if state.marks.update(&slug, now, |mark| mark.read = true) {
        state.requests.save_marks = true;
    }
}

/// Remembers where reading of the open post stopped, as a fraction of its length.
pub(super) fn remember_position(state: &mut AppState) {
    let Some(reader) = state.reader.as_ref().filter(|r| r.complete) else {
        return;
    };
    let Some(slug) = state.library.posts.get(reader.post).map(|p| p.slug.clone()) else {
        return;
    };
    let lines = reader.doc.lines.len().max(1);
    #[allow(clippy::cast_precision_loss)] // Line counts are far below 2^52.
    let position = (reader.scroll as f64 / lines as f64).clamp(0.0, 1.0);
    let now = state.now;
    if state
        .marks
        .update(&slug, now, |mark| mark.position = position)
    {
        state.requests.save_marks = true;
    }
}

/// The line a post's remembered position points at, for `lines` rendered lines.
#[must_use]
pub(super) fn remembered_line(state: &AppState, slug: &str, lines: usize) -> usize {
    let position = state.marks.get(slug).position;
    if position.is_finite() && position > 0.0 {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let line = (position.min(1.0) * lines as f64) as usize;
        line
    } else {
        0
    }
}

/// Bookmarks the post the reader has open, or the one selected in the list; again removes it.
pub(super) fn toggle_bookmark(state: &mut AppState) {
    let post = match state.focus {
        Focus::Reader => state.open_post(),
        Focus::List => state.selected_post(),
    };
    let Some(slug) = post.map(|p| p.slug.clone()) else {
        return;
    };
    let now = state.now;
    let mut on = false;
    state.marks.update(&slug, now, |mark| {
        mark.bookmarked = !mark.bookmarked;
        on = mark.bookmarked;
    });
    state.requests.save_marks = true;
    state.message = Some(if on { "Bookmarked" } else { "Bookmark removed" }.to_owned());
}
