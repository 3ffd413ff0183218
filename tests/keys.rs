//! Key sequences → state: the interface's behaviour without a terminal.
#![allow(clippy::expect_used)] // Test helpers fail loudly; that is their job.

mod common;

use common::{ch, ctrl, feed, key, state, typed};
use crossterm::event::{Event, KeyCode, KeyModifiers, MouseEvent, MouseEventKind};
use folio::app::{Focus, Overlay};
use folio::content::load_bundled;

#[test]
fn j_k_g_and_capital_g_move_the_selection() {
    let mut s = state(load_bundled(false), 120, 40);
    feed(&mut s, [ch('j'), ch('j'), key(KeyCode::Down)]);
    assert_eq!(s.selected, 3);
    feed(&mut s, [ch('k')]);
    assert_eq!(s.selected, 2);
    feed(&mut s, [ch('G')]);
    assert_eq!(s.selected, 23);
    feed(&mut s, [ch('j')]);
    assert_eq!(s.selected, 23, "stops at the end");
    feed(&mut s, [key(KeyCode::Home)]);
    assert_eq!((s.selected, s.list_offset), (0, 0));
    feed(&mut s, [key(KeyCode::End)]);
    assert!(s.list_offset > 0, "the list scrolled to show the last post");
}

#[test]
fn page_keys_move_by_a_screenful_and_keep_the_selection_visible() {
    let mut s = state(load_bundled(false), 80, 24);
    feed(&mut s, [key(KeyCode::PageDown)]);
    let after_one_page = s.selected;
    assert!(after_one_page >= 1);
    assert!(s.list_offset <= s.selected);
    feed(&mut s, [key(KeyCode::PageUp)]);
    assert_eq!(s.selected, 0);
}

#[test]
fn typing_a_search_filters_ranks_and_counts() {
    let mut s = state(load_bundled(false), 120, 40);
    feed(&mut s, [ch('/')]);
    assert!(s.search.editing);
    feed(&mut s, typed("hash"));
    assert_eq!(s.search.query, "hash");
    assert!(s.search.hits.len() < 24);
    assert_eq!(
        s.selected_post().map(|p| p.slug.as_str()),
        Some("consistent-hashing")
    );
    // q is text while searching, not quit.
    feed(&mut s, [ch('q')]);
    assert!(!s.requests.quit);
    assert_eq!(s.search.query, "hashq");
}

#[test]
fn shell_editing_keys_in_the_search_bar() {
    let mut s = state(load_bundled(false), 120, 40);
    feed(&mut s, [ch('/')]);
    feed(&mut s, typed("garbage collect"));
    feed(&mut s, [key(KeyCode::Backspace)]);
    assert_eq!(s.search.query, "garbage collec");
    feed(&mut s, [ctrl('w')]);
    assert_eq!(s.search.query, "garbage ");
    feed(&mut s, [ctrl('u')]);
    assert_eq!(s.search.query, "");
    assert_eq!(s.search.hits.len(), 24);
}

#[test]
fn esc_clears_the_search_and_leaves_the_bar() {
    let mut s = state(load_bundled(false), 120, 40);
    feed(&mut s, [ch('/')]);
    feed(&mut s, typed("raft"));
    feed(&mut s, [key(KeyCode::Esc)]);
    assert!(!s.search.editing);
    assert_eq!(s.search.query, "");
    assert_eq!(s.search.hits.len(), 24);
    assert_eq!(
        s.selected_post().map(|p| p.slug.as_str()),
        Some("raft-fast-commit-and-prevote-in-practice"),
        "the match stays selected"
    );
}

#[test]
fn enter_in_the_search_bar_opens_the_best_match() {
    let mut s = state(load_bundled(false), 80, 24);
    feed(&mut s, [ch('/')]);
    feed(&mut s, typed("hash"));
    feed(&mut s, [key(KeyCode::Enter)]);
    assert_eq!(s.focus, Focus::Reader);
    assert_eq!(
        s.open_post().map(|p| p.slug.as_str()),
        Some("consistent-hashing")
    );
    assert!(!s.search.editing);
}

/// A library with one post long enough to scroll through several pages.
fn long_post() -> (tempfile::TempDir, folio::content::Library) {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = (1..=200).fold(String::new(), |body, i| {
        body + &format!("Paragraph {i}.\n\n")
    });
    let text = format!("+++\ntitle = \"Long\"\ndate = 2020-01-01\n+++\n{body}");
    std::fs::write(dir.path().join("long.md"), text).expect("write");
    let library = folio::content::load_dir(dir.path(), false).expect("loads");
    (dir, library)
}

#[test]
fn the_reader_scrolls_and_reports_its_position() {
    let (_dir, library) = long_post();
    let mut s = state(library, 80, 24);
    feed(&mut s, [key(KeyCode::Enter)]);
    assert_eq!(s.reader_percent(), Some(0));
    feed(&mut s, [ch('j'), ch('j')]);
    assert_eq!(s.reader.as_ref().map(|r| r.scroll), Some(2));
    feed(&mut s, [ch(' ')]);
    let after_page = s.reader.as_ref().map_or(0, |r| r.scroll);
    assert_eq!(after_page, 2 + s.reader_height() - 2);
    feed(&mut s, [ch('G')]);
    assert_eq!(s.reader_percent(), Some(100));
    assert_eq!(
        s.reader.as_ref().map(|r| r.scroll),
        Some(s.reader_max_scroll())
    );
    feed(&mut s, [ch('g')]);
    assert_eq!(s.reader_percent(), Some(0));
}

#[test]
fn q_and_esc_go_back_from_the_reader_and_q_quits_the_list() {
    let mut s = state(load_bundled(false), 80, 24);
    feed(&mut s, [key(KeyCode::Enter)]);
    feed(&mut s, [ch('q')]);
    assert_eq!(s.focus, Focus::List);
    assert!(!s.requests.quit);
    feed(&mut s, [key(KeyCode::Enter), key(KeyCode::Esc)]);
    assert_eq!(s.focus, Focus::List);
    feed(&mut s, [ch('q')]);
    assert!(s.requests.quit);
}

#[test]
fn tab_moves_focus_between_panes() {
    let mut s = state(load_bundled(false), 120, 40);
    feed(&mut s, [key(KeyCode::Tab)]);
    assert_eq!(s.focus, Focus::List, "nothing open yet");
    feed(&mut s, [key(KeyCode::Enter), key(KeyCode::Tab)]);
    assert_eq!(s.focus, Focus::List);
    feed(&mut s, [key(KeyCode::Tab)]);
    assert_eq!(s.focus, Focus::Reader);
}

#[test]
fn help_and_problems_overlays_open_and_close() {
    let mut s = state(load_bundled(false), 120, 40);
    feed(&mut s, [ch('?')]);
    assert!(matches!(s.overlay, Some(Overlay::Help { .. })));
    feed(&mut s, [ch('j'), key(KeyCode::Esc)]);
    assert!(s.overlay.is_none());
    feed(&mut s, [ch('!')]);
    assert!(matches!(s.overlay, Some(Overlay::Problems { .. })));
    feed(&mut s, [ch('q')]);
    assert!(s.overlay.is_none());
    assert!(!s.requests.quit, "q closed the overlay, it did not quit");
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    let mut s = state(load_bundled(false), 120, 40);
    feed(&mut s, [ch('/'), ctrl('c')]);
    assert!(s.requests.quit);
}

#[test]
fn the_mouse_wheel_scrolls_the_pane_under_the_pointer() {
    let mut s = state(load_bundled(false), 120, 40);
    let wheel = |kind, column| {
        Event::Mouse(MouseEvent {
            kind,
            column,
            row: 10,
            modifiers: KeyModifiers::NONE,
        })
    };
    feed(&mut s, [wheel(MouseEventKind::ScrollDown, 5)]);
    assert_eq!(s.selected, 1);
    feed(
        &mut s,
        [key(KeyCode::Enter), wheel(MouseEventKind::ScrollDown, 100)],
    );
    assert_eq!(s.reader.as_ref().map(|r| r.scroll), Some(3));
    feed(&mut s, [wheel(MouseEventKind::ScrollUp, 100)]);
    assert_eq!(s.reader.as_ref().map(|r| r.scroll), Some(0));
}

#[test]
fn resizing_rewraps_the_reader_and_switches_layout() {
    let mut s = state(load_bundled(false), 120, 40);
    feed(&mut s, [key(KeyCode::Enter)]);
    assert!(s.panes().list.is_some() && s.panes().reader.is_some());
    let wide = s.reader.as_ref().map(|r| r.width);
    feed(&mut s, [Event::Resize(80, 24)]);
    assert!(s.panes().list.is_none(), "one pane below 100 columns");
    assert_ne!(s.reader.as_ref().map(|r| r.width), wide);
    assert!(
        s.reader
            .as_ref()
            .is_some_and(|r| r.doc.lines.iter().all(|l| l.width() <= r.width))
    );
    feed(
        &mut s,
        [
            Event::Resize(10, 3),
            Event::Resize(0, 0),
            Event::Resize(200, 60),
        ],
    );
    assert!(s.panes().list.is_some());
}

#[test]
fn paste_goes_into_the_search_bar_without_control_characters() {
    let mut s = state(load_bundled(false), 120, 40);
    feed(
        &mut s,
        [ch('/'), Event::Paste("con\u{1b}[2Jsistent\nhash".into())],
    );
    assert_eq!(
        s.search.query, "con[2Jsistent hash",
        "a line break separates words"
    );
}

#[test]
fn the_body_width_caps_and_centres_the_reader_text() {
    let mut s = state(load_bundled(false), 200, 40);
    s.body_width = 60;
    feed(&mut s, [key(KeyCode::Enter)]);
    assert_eq!(s.reader_width(), 60);
    assert!(
        s.reader
            .as_ref()
            .is_some_and(|r| r.doc.lines.iter().all(|l| l.width() <= 60))
    );
}

#[test]
fn a_long_post_opens_with_its_opening_then_is_laid_out_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body: String = (1..=3000).fold(String::new(), |body, i| {
        body + &format!("Paragraph {i} with some words.\n\n")
    });
    std::fs::write(
        dir.path().join("long.md"),
        format!("+++\ntitle = \"Long\"\ndate = 2020-01-01\n+++\n{body}"),
    )
    .expect("write");
    let mut s = state(
        folio::content::load_dir(dir.path(), false).expect("loads"),
        80,
        24,
    );
    // The text of the reader's first 30 lines.
    let first_lines = |reader: &folio::app::Reader| -> Vec<String> {
        let lines = reader.doc.lines.iter().take(30);
        lines.map(folio::markdown::line_text).collect()
    };
    feed(&mut s, [key(KeyCode::Enter)]);
    let reader = s.reader.as_ref().expect("open");
    assert!(!reader.complete, "the first frame gets the opening only");
    let opening = first_lines(reader);
    assert!(
        folio::app::finish_work(&mut s),
        "the rest is laid out after the frame"
    );
    let reader = s.reader.as_ref().expect("open");
    assert!(reader.complete && reader.doc.lines.len() > 5000);
    let whole = first_lines(reader);
    assert_eq!(
        opening, whole,
        "the opening's lines are the whole post's first lines"
    );
    feed(&mut s, [ch('G')]);
    assert_eq!(s.reader_percent(), Some(100));
}

#[test]
fn remapped_keys_work_and_the_help_and_hints_show_them() {
    let config = folio::config::parse(
        "[keys.list]\ndown = [\"n\"]\nhelp = [\"h\"]\n",
        "remap.toml",
    )
    .expect("valid");
    let mut s = state(load_bundled(false), 120, 40);
    s.keymap = config.keymap;
    feed(&mut s, [ch('j')]);
    assert_eq!(s.selected, 0, "j is no longer bound in the list");
    feed(&mut s, [ch('n')]);
    assert_eq!(s.selected, 1);
    let status = common::screen(&common::draw(&s))
        .pop()
        .expect("status line");
    assert!(status.contains("n/k move"), "{status}");
    feed(&mut s, [ch('h')]);
    let help = common::screen(&common::draw(&s)).join("\n");
    assert!(
        help.contains("  n                       down one line or item"),
        "{help}"
    );
}

#[test]
fn z_gives_the_reader_the_whole_width_until_the_list_takes_the_keys() {
    let mut s = state(load_bundled(false), 120, 40);
    feed(&mut s, typed("/hash"));
    feed(&mut s, [key(KeyCode::Enter)]);
    assert_eq!(s.focus, Focus::Reader);
    let beside = s.reader.as_ref().expect("a post is open").width;
    assert!(s.panes().list.is_some(), "side by side at 120 columns");

    feed(&mut s, [ch('z')]);
    assert!(s.panes().list.is_none(), "zoomed: the reader alone");
    let alone = s.reader.as_ref().expect("still open").width;
    assert!(alone > beside, "re-wrapped wider: {beside} -> {alone}");
    let screen = common::screen(&common::draw(&s)).join("\n");
    assert!(
        !screen.contains("Posts"),
        "the list is not drawn:\n{screen}"
    );

    // Kept from post to post.
    feed(&mut s, [ch('>')]);
    assert!(s.panes().list.is_none(), "still zoomed on the next post");

    // The list taking the keys brings it back.
    feed(&mut s, [key(KeyCode::Tab)]);
    assert_eq!(s.focus, Focus::List);
    assert!(!s.zoomed);
    assert!(s.panes().list.is_some());
    assert_eq!(s.reader.as_ref().expect("open").width, beside);

    // And z again un-zooms.
    feed(&mut s, [key(KeyCode::Tab), ch('z'), ch('z')]);
    assert!(s.panes().list.is_some());

    // Leaving a zoomed reader with q: the post, still shown beside the list, is wrapped for
    // the pane it is drawn in, not the full width it had.
    feed(&mut s, [ch('z'), ch('q')]);
    assert_eq!(s.focus, Focus::List);
    assert!(s.panes().list.is_some() && s.panes().reader.is_some());
    assert_eq!(s.reader.as_ref().expect("still shown").width, beside);
    // Back in it, the zoom is still on.
    feed(&mut s, [key(KeyCode::Tab)]);
    assert!(s.panes().list.is_none());
    assert_eq!(s.reader.as_ref().expect("open").width, alone);
}

/// In a big library typing draws the bar first and ranks on another thread: the state says the
/// hits are stale, the loop runs the ranking job for the latest query and shows it, a ranking
/// overtaken by more typing is dropped, and any other action ranks before it acts, so it never
/// acts on an old list.
#[test]
fn in_a_big_library_typing_ranks_off_the_loop_and_before_any_other_action() {
    let mut state = common::state(load_bundled(false), 120, 40);
    state.defer_search_from = 0;
    common::feed(&mut state, [common::ch('/')]);
    common::feed(&mut state, common::typed("hash"));
    assert!(state.search.stale, "typing leaves the ranking to the loop");
    assert_eq!(state.search.query, "hash");
    assert_eq!(state.search.hits.len(), 24, "the old list until then");
    let job = folio::app::take_rank_job(&state).expect("a ranking to run");
    // A key typed while it runs: its result is for an old query and is dropped.
    common::feed(&mut state, common::typed("x"));
    assert!(!folio::app::apply_ranking(&mut state, job.run()));
    assert!(state.search.stale, "still waiting for the latest query");
    common::feed(&mut state, [common::key(KeyCode::Backspace)]);
    let job = folio::app::take_rank_job(&state).expect("a ranking to run");
    assert!(
        folio::app::apply_ranking(&mut state, job.run()),
        "ranking changes the screen"
    );
    assert!(!state.search.stale);
    assert!(
        folio::app::take_rank_job(&state).is_none(),
        "nothing left to rank"
    );
    let first = &state.library.posts[state.search.hits[0].index];
    assert_eq!(first.slug, "consistent-hashing");

    // Typed again, then Enter at once: Enter opens the best match for the new query.
    common::feed(&mut state, (0..4).map(|_| common::key(KeyCode::Backspace)));
    common::feed(&mut state, common::typed("raft"));
    assert!(state.search.stale);
    common::feed(&mut state, [common::key(KeyCode::Enter)]);
    assert!(!state.search.stale);
    let open = state.reader.as_ref().expect("a post is open").post;
    assert_eq!(
        state.library.posts[open].slug,
        "raft-fast-commit-and-prevote-in-practice"
    );
}

/// A folder of three short posts, newest first: Three, Two, One.
fn three_posts() -> (tempfile::TempDir, folio::content::Library) {
    let dir = tempfile::tempdir().expect("tempdir");
    for (n, name) in ["One", "Two", "Three"].iter().enumerate() {
        let text = format!(
            "+++\ntitle = \"{name}\"\ndate = 2020-01-0{}\n+++\nPost {name}.\n",
            n + 1
        );
        std::fs::write(dir.path().join(format!("{name}.md")), text).expect("write");
    }
    let library = folio::content::load_dir(dir.path(), false).expect("loads");
    (dir, library)
}

/// `update` never reads a file: opening a folder's post asks the loop for its text and changes
/// nothing else, and the text the loop hands over is what the reader shows.
#[test]
fn opening_a_post_leaves_reading_its_file_to_the_loop() {
    use folio::app::{Action, BodyRead, update};
    let (_dir, library) = three_posts();
    let mut s = state(library, 120, 40);
    update(&mut s, Action::Open);
    assert_eq!(
        s.requests.read_body,
        Some(0),
        "asks for the newest post's text"
    );
    assert!(s.reader.is_none());
    assert_eq!(s.focus, Focus::List, "nothing else changes while it waits");
    assert_eq!(s.message, None);
    // What the loop does: hands over the text (here not the file's), then applies the action
    // again.
    s.requests.read_body = None;
    let text: std::sync::Arc<str> = "Handed over, not read.".into();
    update(
        &mut s,
        Action::BodyRead(BodyRead {
            post: 0,
            text: Ok((text.clone(), false)),
        }),
    );
    update(&mut s, Action::Open);
    assert_eq!(s.requests.read_body, None);
    assert_eq!(s.focus, Focus::Reader);
    assert_eq!(s.reader.as_ref().map(|r| r.body.clone()), Some(text));
    // A text that could not be read is said in the status line.
    update(&mut s, Action::NextPost);
    assert_eq!(s.requests.read_body, Some(1));
    s.requests.read_body = None;
    update(
        &mut s,
        Action::BodyRead(BodyRead {
            post: 1,
            text: Err("Two.md: gone".into()),
        }),
    );
    update(&mut s, Action::NextPost);
    assert_eq!(s.message.as_deref(), Some("Two.md: gone"));
    assert_eq!(
        s.reader.as_ref().map(|r| r.post),
        Some(0),
        "the reader stays"
    );
    assert!(s.history.is_empty(), "nothing to go back to");
}

/// Every way of opening a post works when the loop reads it: an action that waits for a text
/// is applied again once it is there, and must come out as if applied once (history, forward,
/// selection).
#[test]
fn next_back_and_forward_through_a_folder_apply_once() {
    use folio::app::Action;
    let (_dir, library) = three_posts();
    let mut s = state(library, 120, 40);
    let open = |s: &folio::app::AppState| s.reader.as_ref().map(|r| r.post);
    folio::tui::dispatch(&mut s, &Action::Open);
    assert_eq!(open(&s), Some(0));
    folio::tui::dispatch(&mut s, &Action::NextPost);
    folio::tui::dispatch(&mut s, &Action::NextPost);
    assert_eq!(open(&s), Some(2));
    assert_eq!(s.selected, 2);
    assert_eq!(s.history.len(), 2, "{:?}", s.history);
    folio::tui::dispatch(&mut s, &Action::GoBack);
    assert_eq!(open(&s), Some(1));
    assert_eq!((s.history.len(), s.forward.len()), (1, 1));
    folio::tui::dispatch(&mut s, &Action::GoBack);
    assert_eq!(open(&s), Some(0));
    assert_eq!((s.history.len(), s.forward.len()), (0, 2));
    folio::tui::dispatch(&mut s, &Action::GoForward);
    assert_eq!(open(&s), Some(1));
    assert_eq!((s.history.len(), s.forward.len()), (1, 1));
    assert!(
        s.reader
            .as_ref()
            .is_some_and(|r| r.body.contains("Post Two.")),
        "read from its file"
    );
    assert_eq!(s.requests.read_body, None);
    assert!(s.fetched.is_none(), "no text left over for a later opening");
}

/// Full-text search in a folder reads the posts' files in the loop, not in `update`: the list
/// waits, stale, and so does an action that would act on it.
#[test]
fn full_text_search_leaves_reading_the_posts_to_the_loop() {
    use folio::app::{Action, update};
    let (_dir, library) = three_posts();
    let mut s = state(library, 120, 40);
    update(&mut s, Action::Search);
    update(&mut s, Action::SearchMode);
    assert!(s.search.full_text);
    assert!(s.requests.load_bodies, "asks the loop to read the posts");
    assert!(s.search.stale, "and the list waits for them");
    update(&mut s, Action::SearchAccept);
    assert!(
        s.requests.apply_again,
        "Enter waits too, not acting on the old list"
    );
    assert!(s.reader.is_none() && s.search.editing);
    // Through the loop: the text is read, the list ranked, the action applied.
    s.requests = folio::app::Requests::default();
    feed(&mut s, typed("two"));
    assert!(!s.search.stale);
    let titles: Vec<&str> = s
        .search
        .hits
        .iter()
        .map(|hit| s.library.posts[hit.index].title.as_str())
        .collect();
    assert_eq!(titles, ["Two"]);
    feed(&mut s, [key(KeyCode::Enter)]);
    assert!(
        s.reader
            .as_ref()
            .is_some_and(|r| r.body.contains("Post Two.")),
        "opened at its match"
    );
}

/// A title search puts the list's first screens in order and the rest when the list scrolls
/// near it: paging down through 300 matches shows each post at the place a whole ranking
/// gives it, and never moves one already passed.
#[test]
fn paging_through_a_long_title_search_shows_the_whole_ranking() {
    use folio::app::{Action, update};
    let dir = tempfile::tempdir().expect("tempdir");
    for n in 0..300 {
        // Half match in the title, the rest in the summary, in varied ways.
        let title = if n % 2 == 0 {
            format!("Tail latency, part {n}")
        } else {
            format!("Note {n}")
        };
        let summary = [
            "the latency of it",
            "late at night",
            "a lattice",
            "plat ter",
        ][n % 4];
        let text = format!(
            "+++\ntitle = \"{title}\"\ndate = 2020-01-01\nsummary = \"{summary}\"\n+++\nBody.\n"
        );
        std::fs::write(dir.path().join(format!("{n:03}.md")), text).expect("write");
    }
    let library = folio::content::load_dir(dir.path(), false).expect("loads");
    let expected = folio::search::Searcher::new(&library.posts).rank(&library.posts, "lat");
    assert_eq!(expected.len(), 300);
    let mut s = state(library, 100, 30);
    feed(&mut s, [ch('/')]);
    feed(&mut s, typed("lat"));
    assert!(
        s.search.ordered < s.search.hits.len(),
        "the rest is left for later"
    );
    assert_eq!(s.search.hits.len(), 300, "the count is exact at once");
    let mut seen = 0;
    while s.selected + 1 < s.search.hits.len() {
        let ordered = s.search.ordered;
        assert_eq!(s.search.hits[..ordered], expected[..ordered]);
        assert!(s.selected < ordered, "the selection is always in order");
        seen = seen.max(s.selected);
        update(&mut s, Action::PageDown);
    }
    assert_eq!(s.search.ordered, 300);
    assert_eq!(s.search.hits, expected);
    assert!(seen > 100, "paged well past the first screens");
}

/// Full-text search keeps no bodies: a hit's snippet is read from its file when its card is
/// about to be drawn. Every card drawn has its snippet, paging to the end included, and the
/// hits far below the view are not read.
#[test]
fn full_text_snippets_are_read_for_the_cards_in_view() {
    let dir = tempfile::tempdir().expect("tempdir");
    for n in 0..200 {
        let text = format!(
            "+++\ntitle = \"Note {n}\"\ndate = 2020-01-01\nsummary = \"a note\"\n+++\nSome text, then the Needle of note {n}.\n"
        );
        std::fs::write(dir.path().join(format!("{n:03}.md")), text).expect("write");
    }
    let library = folio::content::load_dir(dir.path(), false).expect("loads");
    let mut s = state(library, 100, 30);
    feed(&mut s, [ch('/'), key(KeyCode::Tab)]);
    feed(&mut s, typed("needle"));
    assert_eq!(s.search.hits.len(), 200);
    let read = s.search.hits.iter().filter(|h| h.snippet.is_some()).count();
    assert!(
        (10..100).contains(&read),
        "the cards in view and a screen past them, not all 200: {read}"
    );
    let all = common::screen(&common::draw(&s)).join("\n");
    assert!(
        all.contains("…Some text, then the Needle of"),
        "the snippet, as written:\n{all}"
    );
    while s.selected + 1 < s.search.hits.len() {
        folio::tui::dispatch(&mut s, &folio::app::Action::PageDown);
        folio::tui::read_snippets(&mut s);
        let view = &s.search.hits[s.list_offset..(s.list_offset + 10).min(200)];
        assert!(
            view.iter().all(|h| h.snippet.is_some()),
            "every card in view has its snippet, at {}",
            s.list_offset
        );
    }
    let last = s.search.hits.last().expect("hits");
    assert!(
        last.snippet
            .as_ref()
            .is_some_and(|s| s.text.contains("Needle")),
        "the last card: {last:?}"
    );
}
