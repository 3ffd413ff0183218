//! The screen as a user sees it, through ratatui's `TestBackend`: insta snapshots for the text,
//! cell-style assertions for what snapshots cannot see (colour and emphasis).
#![allow(clippy::expect_used)] // Test helpers fail loudly; that is their job.

mod common;

use common::{ch, draw, feed, fixture_library, key, screen, state, typed};
use crossterm::event::KeyCode;
use folio::content::load_bundled;
use folio::theme::Theme;

#[test]
fn list_pane_120x40() {
    let s = state(load_bundled(false), 120, 40);
    insta::assert_snapshot!(draw(&s).backend());
}

#[test]
fn list_pane_80x24() {
    let s = state(load_bundled(false), 80, 24);
    insta::assert_snapshot!(draw(&s).backend());
}

#[test]
fn search_for_hash_120x40() {
    let mut s = state(load_bundled(false), 120, 40);
    feed(&mut s, [ch('/')]);
    feed(&mut s, typed("hash"));
    insta::assert_snapshot!(draw(&s).backend());
}

#[test]
fn reader_side_by_side_120x40() {
    let mut s = state(fixture_library(), 120, 40);
    // The fixture post about elements is the newest: open it.
    feed(&mut s, [key(KeyCode::Enter)]);
    insta::assert_snapshot!(draw(&s).backend());
}

#[test]
fn reader_alone_80x24_scrolled() {
    let mut s = state(fixture_library(), 80, 24);
    feed(&mut s, [key(KeyCode::Enter), ch(' ')]);
    insta::assert_snapshot!(draw(&s).backend());
}

#[test]
fn help_overlay_80x24() {
    let mut s = state(load_bundled(false), 80, 24);
    feed(&mut s, [ch('?')]);
    insta::assert_snapshot!(draw(&s).backend());
}

#[test]
fn tiny_terminal_gets_a_message_not_a_panic() {
    let s = state(load_bundled(false), 12, 4);
    let rows = screen(&draw(&s));
    assert!(rows.join("").contains("Terminal"), "{rows:?}");
}

#[test]
fn matched_characters_and_the_selection_are_styled() {
    let mut s = state(load_bundled(false), 120, 40);
    feed(&mut s, [ch('/')]);
    feed(&mut s, typed("hash"));
    let terminal = draw(&s);
    let buffer = terminal.backend().buffer();
    let theme = Theme::default();
    let rows = screen(&terminal);
    let (y, row) = rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.contains("Consistent Hashing"))
        .expect("shown");
    let y = u16::try_from(y).expect("row");
    // The selection bar is in the gutter of the selected card.
    let bar_x =
        u16::try_from(row.chars().position(|c| c == '▌').expect("selection bar")).expect("col");
    assert_eq!(buffer[(bar_x, y)].fg, theme.selection.fg.expect("colour"));
    // The "H" of "Hashing" matched "h" and is highlighted.
    let h_x = u16::try_from(row.chars().position(|c| c == 'H').expect("H")).expect("col");
    assert_eq!(buffer[(h_x, y)].fg, theme.matched.fg.expect("colour"));
    // "7/24"-style count is shown.
    assert!(
        rows[1].contains(&format!("{}/24", s.search.hits.len())),
        "{}",
        rows[1]
    );
}

/// Whether a screen holds any of folio's own non-ASCII glyphs (box drawing, bullets, boxes,
/// bars, marks); text from posts may still be non-ASCII.
fn own_glyphs(rows: &[String]) -> Vec<char> {
    const GLYPHS: &str = "•◦▪‣☑☐▌★↪━…§·│─┌┐└┘├┤┬┴┼";
    rows.iter()
        .flat_map(|r| r.chars())
        .filter(|c| GLYPHS.contains(*c))
        .collect()
}

fn ascii_state(library: folio::content::Library, width: u16, height: u16) -> folio::app::AppState {
    let mut s = state(library, width, height);
    s.theme = Theme::default().ascii();
    s
}

#[test]
fn ascii_mode_list_80x24() {
    let mut s = ascii_state(load_bundled(false), 80, 24);
    feed(&mut s, [ch('b')]);
    let terminal = draw(&s);
    assert_eq!(own_glyphs(&screen(&terminal)), Vec::<char>::new());
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn ascii_mode_reader_120x40() {
    let mut s = ascii_state(fixture_library(), 120, 40);
    feed(&mut s, [key(KeyCode::Enter), ch('j')]);
    let terminal = draw(&s);
    assert_eq!(own_glyphs(&screen(&terminal)), Vec::<char>::new());
    insta::assert_snapshot!(terminal.backend());
    feed(&mut s, [ch('G')]);
    assert_eq!(
        own_glyphs(&screen(&draw(&s))),
        Vec::<char>::new(),
        "tables, notes and links too"
    );
}
