//! Remembered state and list filters: read marks, reading positions, bookmarks, the
//! bookmarks-only filter, the tag picker and sort order — as state, and across real runs.
#![allow(clippy::expect_used)] // Test helpers fail loudly; that is their job.

mod common;

use common::pty::Session;
use common::{ch, draw, feed, key, screen, state};
use crossterm::event::KeyCode;
use folio::app::Overlay;
use folio::config::Sort;
use folio::content::load_bundled;

fn slugs(s: &folio::app::AppState) -> Vec<String> {
    s.search
        .hits
        .iter()
        .map(|h| s.library.posts[h.index].slug.clone())
        .collect()
}

#[test]
fn opening_a_post_marks_it_read_and_the_list_shows_unread_posts() {
    let mut s = state(load_bundled(false), 120, 40);
    let rows = screen(&draw(&s));
    assert!(
        rows.iter().any(|r| r.contains("▌• System Calls")),
        "unread dot"
    );
    feed(&mut s, [key(KeyCode::Enter), ch('q')]);
    assert!(s.marks.get("system-calls").read);
    assert!(s.requests.save_marks, "the event loop will save it");
    let rows = screen(&draw(&s));
    assert!(
        rows.iter().any(|r| r.contains("▌  System Calls")),
        "{rows:?}"
    );
}

#[test]
fn reopening_a_post_returns_to_where_reading_stopped() {
    let mut s = state(load_bundled(false), 80, 24);
    feed(&mut s, [key(KeyCode::Enter), ch(' '), ch(' '), ch(' ')]);
    let scroll = s.reader.as_ref().map(|r| r.scroll).expect("open");
    assert!(scroll > 0);
    feed(
        &mut s,
        [
            ch('q'),
            ch('j'),
            key(KeyCode::Enter),
            ch('q'),
            ch('k'),
            key(KeyCode::Enter),
        ],
    );
    let back = s.reader.as_ref().map(|r| r.scroll).expect("open");
    assert!(back.abs_diff(scroll) <= 1, "{back} vs {scroll}");
}

#[test]
fn bookmarks_toggle_and_filter_the_list() {
    let mut s = state(load_bundled(false), 120, 40);
    feed(&mut s, [ch('b'), ch('j'), ch('j'), ch('b')]);
    assert_eq!(s.message.as_deref(), Some("Bookmarked"));
    feed(&mut s, [ch('B')]);
    assert_eq!(slugs(&s), ["system-calls", "cache-friendly-data-layouts"]);
    assert!(
        screen(&draw(&s))[1].contains('★'),
        "the search bar shows the filter"
    );
    feed(&mut s, [ch('b')]);
    assert_eq!(s.message.as_deref(), Some("Bookmark removed"));
    assert_eq!(slugs(&s).len(), 1);
    feed(&mut s, [ch('B')]);
    assert_eq!(slugs(&s).len(), 24);
}

#[test]
fn sort_cycles_newest_oldest_title_and_ties_go_by_title() {
    let mut s = state(load_bundled(false), 120, 40);
    feed(&mut s, [ch('s')]);
    assert_eq!(s.filter.sort, Sort::Oldest);
    let oldest = slugs(&s);
    assert_eq!(oldest[0], "matroid-theory");
    let nov8: Vec<&String> = oldest
        .iter()
        .filter(|s| s.contains("network-sockets") || s.contains("safe-rollback"))
        .collect();
    assert!(
        nov8[0].contains("network-sockets"),
        "same-day posts by title"
    );
    feed(&mut s, [ch('s')]);
    assert_eq!(s.filter.sort, Sort::Title);
    assert_eq!(slugs(&s)[0], "cache-friendly-data-layouts");
    feed(&mut s, [ch('s')]);
    assert_eq!(slugs(&s)[0], "system-calls");
}

#[test]
fn the_tag_picker_filters_by_all_chosen_tags() {
    let mut s = state(load_bundled(false), 120, 40);
    feed(&mut s, [ch('T')]);
    assert!(matches!(s.overlay, Some(Overlay::Tags { selected: 0 })));
    let tags = s.tag_counts();
    let os = tags.iter().position(|(t, _)| t == "os").expect("an os tag");
    let kernel = tags
        .iter()
        .position(|(t, _)| t == "kernel")
        .expect("a kernel tag");
    // Move to "os", choose it, then to "kernel", choose it, and filter.
    let moves = |from: usize, to: usize| -> Vec<crossterm::event::Event> {
        if to >= from {
            vec![ch('j'); to - from]
        } else {
            vec![ch('k'); from - to]
        }
    };
    feed(&mut s, moves(0, os));
    feed(&mut s, [ch(' ')]);
    feed(&mut s, moves(os, kernel));
    feed(&mut s, [ch(' '), key(KeyCode::Enter)]);
    assert!(s.overlay.is_none());
    let posts = &s.library.posts;
    assert!(!s.search.hits.is_empty());
    for hit in &s.search.hits {
        let tags = &posts[hit.index].tags;
        assert!(
            tags.contains(&"os".to_owned()) && tags.contains(&"kernel".to_owned()),
            "{tags:?}"
        );
    }
    assert!(screen(&draw(&s))[1].contains("#kernel #os"));
}

#[test]
fn marks_survive_a_restart() {
    let home = tempfile::tempdir().expect("a shared home");
    let mut first = Session::spawn_in(&[], 120, 40, &[], home.path());
    first.wait_for("System Calls");
    first.send("b");
    first.wait_for("Bookmarked");
    first.send("\r");
    first.wait_for("min read");
    first.send("q");
    first.wait_for("q quit");
    first.send("q");
    assert_eq!(first.wait_exit(), 0);

    let mut second = Session::spawn_in(&[], 120, 40, &[], home.path());
    second.wait_for("System Calls");
    let screen = second.screen();
    assert!(screen.contains("▌  System Calls"), "read now:\n{screen}");
    assert!(screen.contains('★'), "still bookmarked:\n{screen}");
    second.send("q");
    assert_eq!(second.wait_exit(), 0);
}

#[test]
fn two_folios_at_once_lose_neither_ones_marks() {
    let home = tempfile::tempdir().expect("a shared home");
    let posts = common::fixtures();
    let args = ["--posts", posts.to_str().expect("utf-8")];
    let mut a = Session::spawn_in(&args, 120, 40, &[], home.path());
    let mut b = Session::spawn_in(&args, 120, 40, &[], home.path());
    a.wait_for("Every Element");
    b.wait_for("Every Element");
    a.send("b");
    a.wait_for("Bookmarked");
    b.send("j");
    b.send("b");
    b.wait_for("Bookmarked");
    a.send("q");
    b.send("q");
    assert_eq!((a.wait_exit(), b.wait_exit()), (0, 0));
    let mut check = Session::spawn_in(&args, 120, 40, &[], home.path());
    check.wait_for("Every Element");
    check.send("B");
    check.wait_for("2/3");
    check.send("q");
    check.send("q");
    check.wait_exit();
}
