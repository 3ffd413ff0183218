//! The reader's navigation: links (cycle, follow, back), the table of contents, heading jumps
//! and searching the open post, driven by keys as a user would.
#![allow(clippy::expect_used)] // Test helpers fail loudly; that is their job.

mod common;

use common::{ch, draw, feed, key, screen, state, typed};
use crossterm::event::KeyCode;
use folio::app::{AppState, Focus, Overlay};
use folio::content::load_dir;

fn linked() -> AppState {
    linked_in(120, 40)
}

fn linked_in(width: u16, height: u16) -> AppState {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/linked");
    let mut s = state(load_dir(&dir, false).expect("fixtures load"), width, height);
    // "Home" is the newest post: open it.
    feed(&mut s, [key(KeyCode::Enter)]);
    assert_eq!(s.open_post().map(|p| p.title.as_str()), Some("Home"));
    s
}

fn selected_url(s: &AppState) -> Option<String> {
    let reader = s.reader.as_ref()?;
    Some(reader.doc.links.get(reader.selected_link?)?.url.clone())
}

#[test]
fn f_cycles_through_the_links_on_screen_and_wraps() {
    let mut s = linked();
    feed(&mut s, [ch('f')]);
    assert_eq!(selected_url(&s).as_deref(), Some("away.md"));
    assert!(s.message.as_deref().is_some_and(|m| m.contains("away.md")));
    feed(&mut s, [ch('f'), ch('f'), ch('f')]);
    assert_eq!(
        selected_url(&s).as_deref(),
        Some("https://example.org/page")
    );
    feed(&mut s, [ch('f')]);
    assert_eq!(
        selected_url(&s).as_deref(),
        Some("/posts/away"),
        "then the related posts at the end"
    );
    feed(&mut s, [ch('f')]);
    assert_eq!(
        selected_url(&s).as_deref(),
        Some("away.md"),
        "wraps to the first"
    );
    feed(&mut s, [ch('F'), ch('F')]);
    assert_eq!(
        selected_url(&s).as_deref(),
        Some("https://example.org/page"),
        "F goes backwards"
    );
}

#[test]
fn the_selected_link_is_highlighted_on_screen() {
    let mut s = linked();
    feed(&mut s, [ch('f')]);
    let terminal = draw(&s);
    let rows = screen(&terminal);
    let (y, row) = rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.contains("the away post"))
        .expect("shown");
    let x = row
        .find("the away post")
        .map(|b| row[..b].chars().count())
        .expect("column");
    let cell =
        &terminal.backend().buffer()[(u16::try_from(x).expect("x"), u16::try_from(y).expect("y"))];
    assert!(cell.modifier.contains(ratatui::style::Modifier::REVERSED));
}

#[test]
fn enter_follows_a_post_link_and_backspace_returns() {
    // Small enough that the post scrolls.
    let mut s = linked_in(60, 12);
    feed(&mut s, [ch('j'), ch('f'), key(KeyCode::Enter)]);
    assert_eq!(s.open_post().map(|p| p.title.as_str()), Some("Away"));
    assert_eq!(s.focus, Focus::Reader);
    feed(&mut s, [key(KeyCode::Backspace)]);
    assert_eq!(s.open_post().map(|p| p.title.as_str()), Some("Home"));
    assert_eq!(
        s.reader.as_ref().map(|r| r.scroll),
        Some(1),
        "back to where we were"
    );
}

#[test]
fn blog_paths_and_anchors_into_other_posts_work() {
    let mut s = linked();
    feed(&mut s, [ch('f'), ch('f'), key(KeyCode::Enter)]);
    assert_eq!(
        s.open_post().map(|p| p.title.as_str()),
        Some("Away"),
        "/posts/away"
    );
    // Away links to home.md#middle: it opens Home scrolled to "Middle".
    feed(&mut s, [ch('f'), key(KeyCode::Enter)]);
    assert_eq!(s.open_post().map(|p| p.title.as_str()), Some("Home"));
    let reader = s.reader.as_ref().expect("open");
    let middle = reader
        .doc
        .headings
        .iter()
        .find(|h| h.text == "Middle")
        .expect("heading");
    assert_eq!(reader.scroll, middle.line.min(s.reader_max_scroll()));
    feed(&mut s, [key(KeyCode::Backspace), key(KeyCode::Backspace)]);
    assert_eq!(s.open_post().map(|p| p.title.as_str()), Some("Home"));
    assert!(s.history.is_empty());
}

#[test]
fn broken_and_web_links_explain_themselves() {
    let mut s = linked();
    // The last link is the related post; the one before it goes to the web.
    feed(&mut s, [ch('F'), ch('F'), key(KeyCode::Enter)]);
    assert_eq!(
        s.open_post().map(|p| p.title.as_str()),
        Some("Home"),
        "a web link does not navigate"
    );
    assert!(
        s.message
            .as_deref()
            .is_some_and(|m| m.contains("https://example.org/page"))
    );
    feed(
        &mut s,
        [
            ch('f'),
            key(KeyCode::Enter),
            ch('F'),
            ch('F'),
            key(KeyCode::Enter),
        ],
    );
    assert!(
        s.message.as_deref().is_some_and(|m| m.contains("missing")),
        "{:?}",
        s.message
    );
}

#[test]
fn contents_overlay_lists_headings_and_jumps() {
    let mut s = linked();
    feed(&mut s, [ch('t')]);
    assert!(matches!(s.overlay, Some(Overlay::Contents { selected: 0 })));
    let rows = screen(&draw(&s)).join("\n");
    assert!(
        rows.contains("Middle") && rows.contains("The end"),
        "{rows}"
    );
    feed(&mut s, [ch('j'), key(KeyCode::Enter)]);
    assert!(s.overlay.is_none());
    let reader = s.reader.as_ref().expect("open");
    let end = reader
        .doc
        .headings
        .iter()
        .find(|h| h.text == "The end")
        .expect("heading");
    assert_eq!(reader.scroll, end.line.min(s.reader_max_scroll()));
}

#[test]
fn brackets_jump_between_headings_and_the_section_shows() {
    let mut s = state(common::fixture_library(), 80, 24);
    feed(&mut s, [key(KeyCode::Enter), ch(']')]);
    let first = s.reader.as_ref().map(|r| r.scroll);
    assert_eq!(s.reader_section(), Some("A second-level heading"));
    feed(&mut s, [ch(']')]);
    assert!(s.reader.as_ref().map(|r| r.scroll) > first);
    assert_eq!(s.reader_section(), Some("A third-level heading"));
    feed(&mut s, [ch('[')]);
    assert_eq!(s.reader.as_ref().map(|r| r.scroll), first);
    let status = screen(&draw(&s)).pop().expect("status line");
    assert!(status.contains("§ A second-level heading"), "{status}");
}

#[test]
fn slash_in_the_reader_finds_text_and_n_moves_between_matches() {
    let mut s = linked();
    feed(&mut s, [ch('/')]);
    feed(&mut s, typed("needle"));
    let reader = s.reader.as_ref().expect("open");
    assert_eq!(
        reader.find.matches.len(),
        3,
        "smart case: lowercase matches NEEDLE too"
    );
    assert!(
        screen(&draw(&s))
            .last()
            .expect("status")
            .contains("/needle  1/3")
    );
    feed(&mut s, [key(KeyCode::Enter), ch('n')]);
    assert_eq!(s.reader.as_ref().map(|r| r.find.current), Some(1));
    feed(&mut s, [ch('N'), ch('N')]);
    assert_eq!(
        s.reader.as_ref().map(|r| r.find.current),
        Some(2),
        "wraps backwards"
    );
    // A capital letter makes the search exact.
    feed(&mut s, [ch('/')]);
    feed(&mut s, typed("NEEDLE"));
    assert_eq!(s.reader.as_ref().map(|r| r.find.matches.len()), Some(1));
    feed(&mut s, [key(KeyCode::Esc)]);
    assert!(
        s.reader
            .as_ref()
            .is_some_and(|r| r.find.matches.is_empty() && !r.find.editing)
    );
    assert_eq!(
        s.focus,
        Focus::Reader,
        "Esc leaves the find bar, not the reader"
    );
}

#[test]
fn matches_are_highlighted_on_screen() {
    let mut s = linked();
    feed(&mut s, [ch('/')]);
    feed(&mut s, typed("filler"));
    let terminal = draw(&s);
    let rows = screen(&terminal);
    let (y, row) = rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.contains("Filler paragraph one"))
        .expect("shown");
    let x = row
        .find("Filler")
        .map(|b| row[..b].chars().count())
        .expect("column");
    let cell =
        &terminal.backend().buffer()[(u16::try_from(x).expect("x"), u16::try_from(y).expect("y"))];
    assert_eq!(cell.fg, s.theme.matched.fg.expect("colour"));
}
